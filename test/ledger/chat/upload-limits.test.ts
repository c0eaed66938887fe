import { afterAll, beforeAll, expect, test } from 'vitest';
import { eq } from 'drizzle-orm';
import { deflateRawSync } from 'node:zlib';
import { cardText, createBotHarness, type BotHarness } from '../../support/bot-harness.ts';
import { seedPerson } from '../../support/seed.ts';
import { orgs } from '../../../src/db/schema/index.ts';
import { ledgerCsv, row } from '../support/ledger-fixtures.ts';
import { craftZip } from '../support/zip-craft.ts';

/** Issue 18 item 7 in chat: a hostile or oversized file gets a plain Chinese reason, and leaves nothing behind. */
let h: BotHarness;
beforeAll(async () => {
  h = await createBotHarness({ now: '2026-11-22T02:00:00Z' });
  await seedPerson(h.db, { name: '唐王干部', openId: 'ou_town', roles: [{ role: 'officer', regionCode: '370112020' }] });
}, 120_000);
afterAll(() => h.close());

test('a zip bomb sent in chat is refused with the reason in Chinese', async () => {
  const zeros = deflateRawSync(Buffer.alloc(32 * 1024 * 1024));
  const bomb = craftZip(Array.from({ length: 12 }, (_, i) => ({ name: `xl/worksheets/sheet${i + 1}.xml`, data: zeros, size: 32 * 1024 * 1024 })));
  const texts = (await h.sendFile('ou_town', '台账.xlsx', bomb)).map(cardText);
  expect(texts.at(-1)).toContain('未能导入');
  expect(texts.at(-1)).toContain('文件解压后超过300MB，可能是异常或恶意的压缩文件，未导入。');
});

test('a file that is not a workbook is refused in Chinese, not with the reader’s English', async () => {
  const texts = (await h.sendFile('ou_town', '台账.xlsx', new TextEncoder().encode('not a zip at all'))).map(cardText);
  expect(texts.at(-1)).toContain('文件已损坏，或不是正常的Excel文件（.xlsx）。');
  expect(texts.at(-1)).not.toMatch(/readable|zip structure/);
});

test('a chat upload past 100,000 rows stops with the reason, and the rows before it are not kept', async () => {
  const rows = Array.from({ length: 100_001 }, (_, i) => row({ 组织名称: `超限公司${i}` }));
  const texts = (await h.sendFile('ou_town', '台账.csv', new TextEncoder().encode(ledgerCsv(rows)))).map(cardText);
  expect(texts.at(-1)).toContain('文件超过100000行数据（表头不计），导入已停止。');
  expect(await h.db.select({ id: orgs.id }).from(orgs).where(eq(orgs.name, '超限公司0'))).toHaveLength(0);
}, 180_000);
