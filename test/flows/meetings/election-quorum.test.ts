/**
 * Issue 19 item 10: a 党员大会 held as the 换届选举 needs more than 4/5 of the members with voting
 * rights (《中国共产党基层组织选举工作条例》); below that the election is void, the record is marked
 * and the term is not renewed. A quorate one begins the new term on its date.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { eq } from 'drizzle-orm';
import { createBotHarness, elementsOf, type BotHarness } from '../../support/bot-harness.ts';
import { partyOrgs } from '../../../src/db/schema/ledger.ts';
import { auditOf, cardText, driver, liveMeetings, meetingForm, seedPartyOrg, seedSecretary } from './meeting-kit.ts';

const NOW = '2026-11-20T02:00:00Z'; // Friday 20 November 2026, 10:00 in Shanghai
let h: BotHarness;

beforeAll(async () => {
  h = await createBotHarness({ now: NOW });
});
afterAll(() => h.close());

const termOf = async (id: string) => (await h.db.select({ t: partyOrgs.termStartedOn }).from(partyOrgs).where(eq(partyOrgs.id, id)))[0]!.t;

describe('换届选举 quorum', () => {
  test('8 of 10 is not more than 4/5: one warning, confirmed once; marked 选举无效 and the term kept', async () => {
    const org = await seedPartyOrg(h.db, { name: '换届未足支部', membersFormal: 10, termStartedOn: '2023-11-10' });
    const d = driver(h, 'ou_elect_void');
    await seedSecretary(h.db, 'ou_elect_void', '郑书记', [org.id]);
    const form = await d.click(await d.say('记录会议'), '党员大会');
    expect(elementsOf(form.card!).some((e) => e.name === 'election')).toBe(true);
    const values = meetingForm({ expected: '10', present: '8', absentees: '', election: true });
    const warned = await d.click(form.card, '保存', values);
    expect(cardText(warned.card)).toContain('选举无效');
    expect(cardText(warned.card)).toContain('4/5');
    expect(cardText(warned.card)).not.toContain('表决不成立'); // 8 of 10 is a majority
    expect(await liveMeetings(h.db, org.id)).toHaveLength(0);
    const saved = await d.click(warned.card, '确认保存', values);
    expect(cardText(saved.card)).toContain('会议已记录');
    expect(cardText(saved.card)).toContain('（换届选举）');
    expect(cardText(saved.card)).toContain('已开（到会不足五分之四，选举无效）');
    const [row] = await liveMeetings(h.db, org.id);
    expect(row).toMatchObject({ election: true, warnings: ['election_quorum'] });
    expect(await termOf(org.id)).toBe('2023-11-10');
    const mine = cardText(await d.say('本支部'));
    expect(mine).toContain('已开（到会不足五分之四，选举无效）');
    expect(mine).toContain('11月18日的换届选举到会不足五分之四，选举无效，任期未更新');
    expect(mine).toContain('本届已于11月10日届满'); // still overdue: the void election did not renew it
    expect(cardText(await d.say('记录会议'))).toContain('党员大会（本季度已开（到会不足五分之四，选举无效）');
  });

  test('9 of 10: no warning, and the new term begins on the election day (fact history and audit)', async () => {
    const org = await seedPartyOrg(h.db, { name: '换届有效支部', membersFormal: 10, termStartedOn: '2023-11-10' });
    const d = driver(h, 'ou_elect_ok');
    await seedSecretary(h.db, 'ou_elect_ok', '王书记', [org.id]);
    const form = await d.click(await d.say('记录会议'), '党员大会');
    const saved = await d.click(form.card, '保存', meetingForm({ expected: '10', present: '9', absentees: '', election: true }));
    expect(cardText(saved.card)).toContain('会议已记录');
    expect(cardText(saved.card)).not.toContain('选举无效');
    expect(await termOf(org.id)).toBe('2026-11-18');
    expect((await auditOf(h.db, 'party_org', org.id)).map((a) => a.reason)).toContain('election');
    const mine = cardText(await d.say('本支部'));
    expect(mine).toContain('本届自11月18日开始，2029年11月18日届满');
    expect(mine).not.toContain('选举无效');
  });

  test('the same 8 of 10 without the 换届选举 box is an ordinary quorate 党员大会, and the term is untouched', async () => {
    const org = await seedPartyOrg(h.db, { name: '普通大会支部', membersFormal: 10, termStartedOn: '2023-11-10' });
    const d = driver(h, 'ou_elect_none');
    await seedSecretary(h.db, 'ou_elect_none', '钱书记', [org.id]);
    const form = await d.click(await d.say('记录会议'), '党员大会');
    const saved = await d.click(form.card, '保存', meetingForm({ expected: '10', present: '8', absentees: '' }));
    expect(cardText(saved.card)).toContain('会议已记录');
    expect((await liveMeetings(h.db, org.id))[0]).toMatchObject({ election: false, warnings: [] });
    expect(await termOf(org.id)).toBe('2023-11-10');
  });

  test('editing a renewing election into a void one gives the term back its old start; deleting one does too', async () => {
    const org = await seedPartyOrg(h.db, { name: '换届改正支部', membersFormal: 10, termStartedOn: '2023-11-10' });
    const d = driver(h, 'ou_elect_edit');
    await seedSecretary(h.db, 'ou_elect_edit', '孔书记', [org.id]);
    const saved = await d.click((await d.click(await d.say('记录会议'), '党员大会')).card, '保存', meetingForm({ expected: '10', present: '9', absentees: '', election: true }));
    expect(await termOf(org.id)).toBe('2026-11-18');
    const form = await d.click(saved.card, '修改');
    const values = meetingForm({ expected: '10', present: '8', absentees: '', election: true });
    const warned = await d.click(form.card, '保存', values);
    expect(cardText(warned.card)).toContain('选举无效');
    const edited = await d.click(warned.card, '确认保存', values);
    expect(cardText(edited.card)).toContain('会议记录已修改');
    expect(await termOf(org.id)).toBe('2023-11-10');

    const org2 = await seedPartyOrg(h.db, { name: '换届删除支部', membersFormal: 10, termStartedOn: null });
    const d2 = driver(h, 'ou_elect_del');
    await seedSecretary(h.db, 'ou_elect_del', '曹书记', [org2.id]);
    const saved2 = await d2.click((await d2.click(await d2.say('记录会议'), '党员大会')).card, '保存', meetingForm({ expected: '10', present: '10', absentees: '', election: true }));
    expect(await termOf(org2.id)).toBe('2026-11-18');
    expect(cardText((await d2.click(saved2.card, '删除')).card)).toContain('会议记录已删除');
    expect(await termOf(org2.id)).toBeNull();
  });
});
