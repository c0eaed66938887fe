/**
 * Notices the bot starts, on a deployment with only DingTalk: a registration reaches an admin who
 * is only on DingTalk, the decision reaches the applicant, who is then known there; a lead's
 * notice reaches an officer who is only on DingTalk.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { eq } from 'drizzle-orm';
import { people } from '../../../src/db/schema/core.ts';
import { seedPerson } from '../../support/seed.ts';
import { createDingtalkHarness, visible, type DingtalkHarness } from '../../support/dingtalk-harness.ts';

let h: DingtalkHarness;
let adminId: string;
beforeAll(async () => {
  h = await createDingtalkHarness({ mode: 'http' });
  adminId = await seedPerson(h.db, { name: '历城管理员', roles: [{ role: 'admin', regionCode: '370112' }] });
  await h.linkDingtalk(adminId, 'u-adm');
}, 60_000);
afterAll(() => h?.close());

test('a DingTalk guest applies; the DingTalk-only admin is told and approves; the applicant is told and known from then on', async () => {
  const [guest] = await h.say('u-guest', '申请登记');
  expect(visible(guest)).toContain('申请登记');
  await h.fill('u-guest', { name: '周新', mobile: '13912345678', region: '历城区唐王街道' });
  const [sent] = await h.press('u-guest', h.last('u-guest'), '提交申请');
  expect(visible(sent)).toContain('已提交给唐王街道的管理员');
  const toAdmin = h.last('u-adm');
  expect(visible(toAdmin)).toContain('周新');
  await h.fill('u-adm', { role: { tap: '组织部干部' } });
  const [approved] = await h.press('u-adm', h.last('u-adm'), '批准');
  expect(visible(approved)).toContain('已批准 周新 登记为组织部干部（唐王街道）');
  expect(visible(h.last('u-guest'))).toContain('您的登记申请已通过，角色：组织部干部（唐王街道）');
  // Known on DingTalk from now on: the new officer gets their street's figures.
  const [cov] = await h.say('u-guest', '覆盖率');
  expect(visible(cov)).toContain('唐王街道党的组织和工作覆盖情况');
  const [p] = await h.db.select().from(people).where(eq(people.name, '周新'));
  expect(p!.openId).toBeNull();
});
