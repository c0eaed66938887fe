import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { buttonValue, cardText, createBotHarness, elementsOf, type BotHarness } from '../../support/bot-harness.ts';
import { seedPerson } from '../../support/seed.ts';
import { cardProblems } from '../../../src/cards/render-feishu-limits.ts';
import { auditLog } from '../../../src/db/schema/index.ts';
import { DISTRICT_FIGURES, syntheticDistrict } from '../support/ledger-fixtures.ts';
import { importBytes, importRows } from '../../db/ledger/import-kit.ts';

/** The synthetic district and its people; each describe that changes the ledger gets its own. */
async function district(): Promise<BotHarness> {
  const b = await createBotHarness({ now: '2026-11-22T02:00:00Z' });
  await importRows(b.db, syntheticDistrict());
  await seedPerson(b.db, { name: '李干部', openId: 'ou_off', roles: [{ role: 'officer', regionCode: '370112' }] });
  await seedPerson(b.db, { name: '唐王干部', openId: 'ou_town', roles: [{ role: 'officer', regionCode: '370112020' }] });
  await seedPerson(b.db, { name: '省干部', openId: 'ou_prov', roles: [{ role: 'officer', regionCode: '37' }] });
  await seedPerson(b.db, { name: '普通党员', openId: 'ou_member', roles: [{ role: 'member' }] });
  return b;
}

// Read-only journeys share one district; every test counts what it adds, so each passes alone too.
let h: BotHarness;
beforeAll(async () => {
  h = await district();
}, 180_000);
afterAll(() => h.close());

const only = (cards: unknown[]) => {
  expect(cards).toHaveLength(1);
  return cards[0] as Record<string, unknown>;
};

describe('覆盖率 in chat', () => {
  test('the officer\'s own region: three rates with numerators, denominators and the basis; a chart; list buttons', async () => {
    const card = only(await h.say('ou_off', '覆盖率'));
    expect(cardProblems(card)).toEqual([]);
    const text = cardText(card);
    expect(text).toContain('历城区党的组织和工作覆盖情况');
    expect(text).toContain('统计口径：正常经营的组织');
    // The subtitle fits a phone (it is cut past about 20 characters): the day, in the card date style.
    expect(card).toMatchObject({ header: { subtitle: { content: '截至11月22日' } } });
    expect(text).toContain('**党组织覆盖率 71.3%**（1710/2400）');
    expect(text).toContain('**单独组建率 9.6%**（230/2400）');
    expect(text).toContain('**党的工作覆盖率 92.9%**（2230/2400）');
    const chart = elementsOf(card).find((e) => e.tag === 'chart');
    expect(chart?.chart_spec.data.values).toHaveLength(17);
    expect(text).toContain('未建党组织 690');
    expect(text).toContain('未实现工作覆盖 170');
    expect(text).toContain('导出台账');
  });

  test.each([
    ['历城区覆盖率', '历城区'],
    ['唐王街道的覆盖率是多少', '唐王街道'],
    ['唐王覆盖率怎么样', '唐王街道'],
    ['唐旺街道覆盖率', '唐王街道'],
    ['tangwang覆盖率', '唐王街道'],
  ])('%s → %s, matched loosely inside the officer\'s region', async (said, region) => {
    const text = cardText(only(await h.say('ou_off', said)));
    expect(text).toContain(`${region}党的组织和工作覆盖情况`);
  });

  test('a region outside the officer\'s scope is refused, with no figures', async () => {
    for (const [who, said] of [
      ['ou_town', '历城区覆盖率'],
      ['ou_town', '郭店街道覆盖率'],
      ['ou_off', '朝阳区覆盖率'],
      ['ou_off', '临沭县的覆盖率是多少'],
    ] as const) {
      const text = cardText(only(await h.say(who, said)));
      expect(text, said).toContain('不在您的管辖范围');
      expect(text, said).not.toMatch(/\d+\.\d%|\d+\/\d+/);
    }
    const forged = await h.click('ou_town', { h: 'ledger.list', code: '370112', list: 'noPartyOrg', page: 0 });
    expect(cardText(forged.card)).toContain('不在您的管辖范围');
    expect(cardText(forged.card)).not.toContain('历城待覆盖企业');
  });

  test('an ambiguous name gives a card of candidates as buttons', async () => {
    const card = only(await h.say('ou_prov', '市中区覆盖率'));
    const text = cardText(card);
    expect(text).toContain('市中区（济南市）');
    expect(text).toContain('市中区（枣庄市）');
    const picked = await h.click('ou_prov', buttonValue(card, '市中区（枣庄市）'));
    expect(cardText(picked.card)).toContain('市中区党的组织和工作覆盖情况');
  });

  test('people without an officer role get no figures', async () => {
    const text = cardText(only(await h.say('ou_member', '覆盖率')));
    expect(text).not.toContain('%');
  });

  test('each figure opens as its list, ten at a time, with the same count', async () => {
    const card = only(await h.say('ou_off', '覆盖率'));
    const list = await h.click('ou_off', buttonValue(card, '未建党组织 690'));
    expect(cardProblems(list.card!)).toEqual([]);
    expect(cardText(list.card)).toContain('历城区｜未建党组织');
    expect(cardText(list.card)).toContain('共 690 个，第 1–10 个');
    const next = await h.click('ou_off', buttonValue(list.card, '下一页'));
    expect(cardText(next.card)).toContain('第 11–20 个');
    const back = await h.click('ou_off', buttonValue(next.card, '返回覆盖率'));
    expect(cardText(back.card)).toContain('71.3%');
  });

  test('the compliance lists are buttons with counts; an instructor list view is audited', async () => {
    const card = only(await h.say('ou_off', '覆盖率'));
    const text = cardText(card);
    // The district: 520 orgs with only an instructor, at most 3 each (I2 holds), nothing else flagged.
    expect(text).toContain('以下各项暂无问题');
    const views = () => h.db.select().from(auditLog).where(and(eq(auditLog.entity, 'instructor_list'), eq(auditLog.action, 'view')));
    const before = (await views()).length;
    const i2 = await h.click('ou_off', { h: 'ledger.check', code: '370112', check: 'I2', page: 0 });
    expect(cardText(i2.card)).toContain('名单为空');
    expect(await views()).toHaveLength(before + 1);
  });
});

describe('导出台账', () => {
  test('the export button sends the .xlsx, which imports again unchanged', async () => {
    const card = only(await h.say('ou_town', '覆盖率'));
    const started = await h.click('ou_town', buttonValue(card, '导出台账'));
    expect(cardText(started.card)).toMatch(/正在导出唐王街道的台账，完成后以文件发给您/);
    const file = h.messenger.messages('ou_town').find((m) => m.kind === 'file');
    expect(file).toBeTruthy();
    const upload = h.messenger.upload(file!.fileKey!);
    expect(upload?.fileName).toBe('唐王街道台账-2026-11-22.xlsx');
    const again = await importBytes(h.db, upload!.data, 'xlsx');
    expect(again.result).toMatchObject({ imported: 0, updated: 0, rejected: 0 });
    expect(again.result.unchanged).toBeGreaterThan(100);
    const [a] = await h.db.select().from(auditLog).where(and(eq(auditLog.entity, 'ledger'), eq(auditLog.action, 'export')));
    expect(a?.entityId).toBe('370112020');
  });

  test('导出台账 typed with a region outside the scope is refused', async () => {
    const files = () => h.messenger.messages('ou_town').filter((m) => m.kind === 'file').length;
    const before = files();
    const text = cardText(only(await h.say('ou_town', '导出历城区台账')));
    expect(text).toContain('不在您的管辖范围');
    expect(files()).toBe(before);
  });

});

describe('sending a ledger file changes the figures', () => {
  // The import adds an org, so it runs on its own district: the figures above stay exact in any order.
  let w: BotHarness;
  beforeAll(async () => {
    w = await district();
  }, 180_000);
  afterAll(() => w.close());

  test('an officer sends a .csv: progress card, summary, rejected rows back as a file; only their region', async () => {
    const h = w;
    const { ledgerCsv, row } = await import('../support/ledger-fixtures.ts');
    const csv = ledgerCsv([
      row({ 组织名称: '聊天导入新公司', 区划代码: '370112020' }),
      row({ 组织名称: '聊天导入坏行', 区划代码: '370112020', 职工人数: -1 }),
      row({ 组织名称: '别处公司', 区划代码: '370112011' }),
    ]);
    const before = h.messenger.messages('ou_town').length;
    const cards = await h.sendFile('ou_town', '唐王台账.csv', new TextEncoder().encode(csv));
    const texts = cards.map(cardText);
    expect(texts[0]).toContain('正在导入');
    const summary = texts.find((x) => x.includes('台账导入完成'))!;
    expect(summary).toContain('新增 **1** 个');
    expect(summary).toContain('未导入 **2** 行');
    expect(summary).toContain('第3行：职工人数“-1”应为不小于0的整数');
    expect(summary).toContain('第4行：区划代码“370112011”不在您的管辖范围内');
    const sent = h.messenger.messages('ou_town').slice(before);
    const file = sent.find((m) => m.kind === 'file');
    const data = new TextDecoder('utf-8', { ignoreBOM: true }).decode(h.messenger.upload(file!.fileKey!)!.data);
    expect(data).toMatch(/^\uFEFF行号,原因,组织名称/);
    expect(data.split('\r\n').filter(Boolean)).toHaveLength(3);
    const after = only(await h.say('ou_town', '覆盖率'));
    expect(cardText(after)).toMatch(/党组织覆盖率 [\d.]+%\*\*（\d+\/\d+）/);
    // The district officer still sees the district figures, plus the one new org (in scope, no party org).
    const district = cardText(only(await h.say('ou_off', '覆盖率')));
    expect(district).toContain(`（${DISTRICT_FIGURES.partyOrg}/${DISTRICT_FIGURES.inScope + 1}）`);
  });
});
