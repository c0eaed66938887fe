import { expect, test } from 'vitest';
import { csvLine, parseCsv } from '../../src/ledger/csv.ts';

async function parse(chunks: string[]) {
  const out: Array<{ record: number; cells: string[] }> = [];
  for await (const r of parseCsv(chunks)) out.push(r);
  return out;
}

test('quotes, doubled quotes, commas and line breaks inside fields; CRLF and LF', async () => {
  const text = '名称,备注\r\n"甲,乙公司","说""好""的"\r\n"多行\n内容",x\nlast,row';
  expect(await parse([text])).toEqual([
    { record: 1, cells: ['名称', '备注'] },
    { record: 2, cells: ['甲,乙公司', '说"好"的'] },
    { record: 3, cells: ['多行\n内容', 'x'] },
    { record: 4, cells: ['last', 'row'] },
  ]);
});

test('a BOM is dropped, blank lines are skipped but still counted as rows', async () => {
  const r = await parse(['\uFEFFa,b\r\n\r\n1,2\r\n']);
  expect(r).toEqual([
    { record: 1, cells: ['a', 'b'] },
    { record: 3, cells: ['1', '2'] },
  ]);
});

test('the same records whatever the chunking (quotes and CRLF split between chunks)', async () => {
  const text = 'a,"b""c"\r\n"x\r\ny",z\r\n';
  const whole = await parse([text]);
  for (let cut = 1; cut < text.length; cut++) expect(await parse([text.slice(0, cut), text.slice(cut)])).toEqual(whole);
  expect(await parse(text.split(''))).toEqual(whole);
});

test('empty fields and a trailing comma', async () => {
  expect(await parse(['a,,c,\n'])).toEqual([{ record: 1, cells: ['a', '', 'c', ''] }]);
});

test('csvLine quotes only where needed and round-trips', async () => {
  const cells = ['普通', 'has,comma', 'has "quote"', 'line\nbreak', '', ' lead'];
  const line = csvLine(cells);
  expect(line).toBe('普通,"has,comma","has ""quote""","line\nbreak",," lead"');
  expect((await parse([line]))[0]!.cells).toEqual(cells);
});

test('reportCsvLine neutralises formula cells (OWASP CSV injection) and keeps numbers', async () => {
  const { reportCsvLine } = await import('../../src/ledger/csv.ts');
  const cells = ['=HYPERLINK("http://x","rej")', '+1', '-2+3', '@SUM(A1)', '\tcmd', '\rcmd', '普通', 7];
  const parsed = (await parse([reportCsvLine(cells)]))[0]!.cells;
  expect(parsed).toEqual([`'=HYPERLINK("http://x","rej")`, "'+1", "'-2+3", "'@SUM(A1)", "'\tcmd", "'\rcmd", '普通', '7']);
  for (const c of parsed) expect(c).not.toMatch(/^[=+\-@\t\r]/);
});
