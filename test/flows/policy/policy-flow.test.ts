/**
 * 本地区政策 in chat (issue 19 item 1): the policy in force in plain Chinese, a named preset or
 * edited numbers previewed before → after, confirmed once (a double tap writes once), audited with
 * who / when / old / new, and in force for coverage at once; officers only inside their own
 * region, admins anywhere; forged buttons change nothing; bad numbers keep the typed form.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { eq } from 'drizzle-orm';
import { createBotHarness, type BotHarness } from '../../support/bot-harness.ts';
import { seedPerson } from '../../support/seed.ts';
import { auditLog, policyOverrides } from '../../../src/db/schema/index.ts';
import { loadPolicyBook } from '../../../src/db/stores/policy-book-store.ts';
import { computeCoverage } from '../../../src/ledger/coverage-service.ts';
import { namedPreset } from '../../../src/domain/policy/index.ts';
import { buttonValue, cardText, driver, field, seedOfficer, seedOrg, COUNTY, LICHENG, STREET } from '../visits/visit-kit.ts';
import { inForce } from '../../support/in-force.ts';

const NOW = '2026-11-20T02:00:00Z';
let h: BotHarness;
let officerId: string;

const overrideOf = async (code: string) => (await h.db.select().from(policyOverrides).where(eq(policyOverrides.regionCode, code)))[0];
const auditsOf = (code: string) => h.db.select().from(auditLog).where(eq(auditLog.entityId, code));

beforeAll(async () => {
  h = await createBotHarness({ now: NOW });
  officerId = await seedOfficer(h.db, 'ou_off');
  await seedOfficer(h.db, 'ou_street', '李干部', STREET);
  await seedPerson(h.db, { name: '管理员', openId: 'ou_admin', roles: [{ role: 'admin', regionCode: COUNTY }] });
  await seedPerson(h.db, { name: '陈指导员', openId: 'ou_ins', roles: [{ role: 'instructor', regionCode: COUNTY }] });
  await seedOrg(h.db, { name: '华兴科技有限公司', formation: 'standalone' });
  await seedOrg(h.db, { name: '明达物流有限公司' });
}, 120_000);
afterAll(() => h.close());

test('the card shows the policy in force in plain Chinese, on the help card for officers only', async () => {
  const off = driver(h, 'ou_off');
  expect(cardText(await off.say('帮助'))).toContain('本地区政策');
  expect(cardText(await driver(h, 'ou_ins').say('帮助'))).not.toContain('本地区政策');
  const card = await off.say('本地区政策');
  const text = cardText(card);
  expect(text).toContain('政策设置');
  expect(text).toContain('本地区没有自己的设置');
  expect(text).toContain('覆盖率口径：正常经营的组织');
  expect(text).toContain('党建工作指导员每月到联系单位 1 次');
  expect(text).toContain('目标：党组织覆盖率 80%');
  for (const p of ['武汉2016', '临沭2020', '历城2011', '宁夏2018']) expect(text).toContain(p);
  await off.say('取消');
});

test('a preset: preview before → after, confirm writes once with an audit row, coverage sees it at once', async () => {
  const off = driver(h, 'ou_off');
  const view = await off.say('政策设置');
  const preview = await off.click(view, '历城2011');
  const text = cardText(preview.card);
  expect(text).toContain('采用“历城2011”的做法后');
  expect(text).toContain('党建工作指导员每月到联系单位次数：1 → 2');
  expect(text).toContain('未转接组织关系的党员计入组建人数（兼合式）：否 → 是');
  expect(text).toContain('新增报送：上月及累计"建组织、扩覆盖"情况，每月 25 日前');
  expect(text).toContain('目标：党组织覆盖率（%）：80 → 60');
  expect(await overrideOf(COUNTY)).toBeUndefined();

  const ok = buttonValue(preview.card, '确认');
  const done = await off.clickValue(ok);
  expect(cardText(done.card)).toContain('已保存');
  expect(cardText(done.card)).toContain('党建工作指导员每月到联系单位 2 次');
  // The same tap again (double tap, retried callback): the same answer, nothing written again.
  const again = await off.clickValue(ok);
  expect(cardText(again.card)).toContain('已保存');
  expect((await overrideOf(COUNTY))?.settings).toEqual(namedPreset('历城2011')!.settings);
  const audits = await auditsOf(COUNTY);
  expect(audits).toHaveLength(1);
  expect(audits[0]).toMatchObject({ action: 'create', entity: 'policy_override', actorId: officerId, actorLabel: 'ou_off', before: null, reason: '历城2011' });
  expect(audits[0]!.after).toEqual(namedPreset('历城2011')!.settings);
  expect(audits[0]!.at.toISOString()).toBe(NOW.replace('Z', '.000Z'));

  // In force at once on the shared handle (the API's): the next book read holds it.
  const { overrides } = await loadPolicyBook(h.db);
  expect(overrides.map((o) => o.regionCode)).toContain(COUNTY);
  const report = await computeCoverage(h.db, await inForce(h.db, h.clock), COUNTY);
  expect(report.region.code).toBe(COUNTY);
});

test('修改数值: bad numbers keep the typed form with Chinese messages; good ones preview and save over the stored override', async () => {
  const off = driver(h, 'ou_off');
  const view = await off.say('本地区政策');
  expect(cardText(view)).toContain('本地区已有自己的设置');
  const form = await off.click(view, '修改数值');
  expect(field(form.card, 'visits')?.default_value).toBe('2');
  const bad = await off.click(form.card, '预览变化', { visits: '9', target_org: 'abc', revenue: '3000' });
  const badText = cardText(bad.card);
  expect(badText).toContain('不能大于 4');
  expect(badText).toContain('请填写 0～100 之间的数');
  expect(badText).toContain('请修改标红的内容后再提交');
  expect(field(bad.card, 'visits')?.default_value).toBe('9');
  expect(field(bad.card, 'revenue')?.default_value).toBe('3000');
  const bad2 = await off.click(bad.card, '预览变化', { visits: '3', target_org: '70', revenue: '3000', report_township_monthly_to_county: '10、40' });
  expect(cardText(bad2.card)).toContain('请填写 1～31 之间的日期');

  const preview = await off.click(bad2.card, '预览变化', { visits: '3', target_org: '70', revenue: '3000', report_township_monthly_to_county: '10、25' });
  const text = cardText(preview.card);
  expect(text).toContain('党建工作指导员每月到联系单位次数：2 → 3');
  expect(text).toContain('目标：党组织覆盖率（%）：60 → 70');
  expect(text).toContain('规模以上企业营业收入线（万元）：2000 → 3000');
  expect(text).toContain('报送“上月及累计"建组织、扩覆盖"情况”：每月 25 日前 → 每月 10、25 日前');
  await off.click(preview.card, '确认');
  const stored = (await overrideOf(COUNTY))!.settings as any;
  expect(stored.instructors.visitsPerMonth).toBe(3);
  expect(stored.formation.countUntransferredMembers).toBe(true); // the preset's, kept
  expect(stored.reports.township_monthly_to_county.monthDays).toEqual([10, 25]);
  const audits = await auditsOf(COUNTY);
  expect(audits.at(-1)).toMatchObject({ action: 'update', before: namedPreset('历城2011')!.settings, reason: 'chat:edit' });
});

test('恢复上级规定 removes the override after its preview', async () => {
  const off = driver(h, 'ou_off');
  const view = await off.say('本地区政策');
  const preview = await off.click(view, '恢复上级规定');
  expect(cardText(preview.card)).toContain('恢复上级规定后');
  expect(cardText(preview.card)).toContain('党建工作指导员每月到联系单位次数：3 → 1');
  await off.click(preview.card, '确认');
  expect(await overrideOf(COUNTY)).toBeUndefined();
  expect((await auditsOf(COUNTY)).at(-1)).toMatchObject({ action: 'delete', after: null, reason: 'chat:unset' });
  // Unchanged settings: nothing to confirm.
  const v2 = await off.say('本地区政策');
  const form = await off.click(v2, '修改数值');
  const same = await off.click(form.card, '预览变化', {});
  expect(cardText(same.card)).toContain('没有变化');
  expect(() => buttonValue(same.card, '确认')).toThrow();
  // A change of the counting rules shows how the party-org rate would move (0 of 2 orgs today,
  // none of them 规模以上, so no rate after).
  const basis = await off.click(same.card, '上一步');
  const shifted = await off.click(basis.card, '预览变化', { basis: 'above_scale' });
  expect(cardText(shifted.card)).toContain('覆盖率口径：正常经营的组织 → 规模以上企业');
  expect(cardText(shifted.card)).toContain('按新口径，党组织覆盖率：0.0% → —');
  await off.say('取消');
  expect(await overrideOf(COUNTY)).toBeUndefined();
});

test('scope: an officer only inside their region, an admin anywhere; forged buttons change nothing', async () => {
  const street = driver(h, 'ou_street');
  // A street officer names the district above them: refused, no figures.
  const refused = await street.say('黄浦区政策设置');
  expect(cardText(refused)).toContain('不在您负责的地区');
  expect(cardText(refused)).not.toContain('覆盖率口径');
  // A forged start naming another region.
  const forged = await street.clickValue({ cmd: 'start', flow: 'region-policy', args: { code: LICHENG } });
  expect(cardText(forged.card)).toContain('不在您负责的地区');
  // Their own street is fine; a forged preset name is refused with nothing stored.
  const own = await street.say('本地区政策');
  expect(cardText(own)).toContain('覆盖率口径');
  const presetValue = buttonValue(own, '临沭2020');
  const fake = await street.clickValue({ ...presetValue, preset: '随便写的' });
  expect(cardText(fake.card)).toContain('无法识别的操作');
  // A stale revision does nothing either.
  const stale = await street.clickValue({ ...presetValue, r: Number(presetValue.r) - 5 });
  expect(cardText(stale.card)).not.toContain('采用“临沭2020”');
  expect(await overrideOf(STREET)).toBeUndefined();
  // Another person's confirm button: not theirs.
  const off = driver(h, 'ou_off');
  const offView = await off.say('本地区政策');
  const offPreview = await off.click(offView, '武汉2016');
  const stolen = await h.click('ou_street', buttonValue(offPreview.card, '确认'));
  expect(await overrideOf(COUNTY)).toBeUndefined();
  expect(stolen.status).toBe(200);
  await off.say('取消');
  await street.say('取消');

  // An admin may set a region outside their own.
  const admin = driver(h, 'ou_admin');
  const lc = await admin.say('历城区政策设置');
  expect(cardText(lc)).toContain('历城区政策设置');
  const p = await admin.click(lc, '宁夏2018');
  await admin.click(p.card, '确认');
  expect((await overrideOf(LICHENG))?.settings).toEqual(namedPreset('宁夏2018')!.settings);
  // An instructor has no such command.
  expect(cardText(await driver(h, 'ou_ins').say('本地区政策'))).not.toContain('覆盖率口径');
});

test('an override another process writes (the CLI, straight into the table) is in force on the very next chat request', async () => {
  const street = driver(h, 'ou_street');
  expect(cardText(await street.say('覆盖率'))).toContain('统计口径：正常经营的组织');
  // The clock stands still: a cache with a time-to-live would keep the old basis forever here.
  await h.db.insert(policyOverrides).values({ regionCode: STREET, settings: { coverage: { basis: 'above_scale' } } });
  try {
    expect(cardText(await street.say('覆盖率'))).toContain('统计口径：规模以上企业');
  } finally {
    await h.db.delete(policyOverrides).where(eq(policyOverrides.regionCode, STREET));
  }
  expect(cardText(await street.say('覆盖率'))).toContain('统计口径：正常经营的组织');
});
