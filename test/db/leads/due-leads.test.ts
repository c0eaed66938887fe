import { expect, test } from 'vitest';
import { dueLeads } from '../../../src/db/leads/due-leads.ts';
import { leads } from '../../../src/db/schema/leads.ts';
import { policyOverrides } from '../../../src/db/schema/core.ts';
import { leadLedgerDb } from '../../flows/leads/lead-kit.ts';
import { moveTo, newLead } from './lead-db-kit.ts';
import { loadPolicyBook } from '../../../src/db/stores/policy-book-store.ts';

const t = leadLedgerDb([leads, policyOverrides]);

const at = (date: string) => new Date(`${date}T02:00:00Z`);

test('a new lead is due within the working days of the policy, counted over holidays and 调休', async () => {
  // Friday 2026-02-13; Saturday 02-14 is worked, 02-15…02-23 is the Spring Festival break.
  const lead = await newLead(t.db, { name: '甲', workplaceOrgId: t.L.orgA }, '2026-02-13T03:00:00Z');
  const on = await dueLeads(t.db, await loadPolicyBook(t.db), at('2026-02-25'));
  expect(on).toEqual([
    { leadId: lead.id, regionCode: '370112001', kind: 'contact', dueOn: '2026-02-25', overdue: false, recipients: [expect.objectContaining({ personId: t.L.people.secA })] },
  ]);
  // The day after, it is overdue on the assignee's list; the officers hear two working days later.
  const after = await dueLeads(t.db, await loadPolicyBook(t.db), at('2026-02-26'));
  expect(after).toMatchObject([{ kind: 'contact', overdue: true }]);
  const escalated = await dueLeads(t.db, await loadPolicyBook(t.db), at('2026-02-27'));
  expect(escalated.map((x) => x.kind)).toEqual(['contact', 'escalate']);
  // Escalation goes to the officers nearest the lead's region (the street's), not the assignee.
  expect(escalated[1]!.recipients.map((r) => r.personId)).toEqual([t.L.people.officerTown]);
  // Once contacted, nothing is due.
  await moveTo(t.db, lead, ['contacted'], '2026-02-27T03:00:00Z');
  expect(await dueLeads(t.db, await loadPolicyBook(t.db), at('2026-02-27'))).toEqual([]);
});

test('the days come from the region’s policy, and a lead with only the officers goes to them', async () => {
  await t.db.insert(policyOverrides).values({ regionCode: '370112', settings: { memberFinding: { contactWithinWorkingDays: 1, escalateAfterWorkingDays: 1 } } });
  const lead = await newLead(t.db, { name: '乙', workplaceText: '某小店' }, '2026-11-20T03:00:00Z'); // Friday
  const [due] = await dueLeads(t.db, await loadPolicyBook(t.db), at('2026-11-20'));
  expect(due).toMatchObject({ leadId: lead.id, kind: 'contact', dueOn: '2026-11-23', overdue: false });
  expect(due!.recipients.map((r) => r.personId)).toEqual([t.L.people.officerTown]);
  expect((await dueLeads(t.db, await loadPolicyBook(t.db), at('2026-11-24'))).map((x) => x.kind)).toEqual(['contact', 'escalate']);
});

test('an unreachable member is due for the out-of-contact rule after the policy’s months; a year without holiday data is reported', async () => {
  const lead = await newLead(t.db, { name: '丙', workplaceOrgId: t.L.orgA }, '2026-11-20T03:00:00Z');
  await moveTo(t.db, lead, ['unreachable'], '2026-11-23T03:00:00Z');
  expect(await dueLeads(t.db, await loadPolicyBook(t.db), at('2027-05-22'))).toEqual([]);
  const flagged = await dueLeads(t.db, await loadPolicyBook(t.db), at('2027-05-23'));
  expect(flagged).toMatchObject([{ leadId: lead.id, kind: 'out_of_contact', dueOn: '2027-05-23', overdue: true }]);
  expect(flagged[0]!.recipients.map((r) => r.personId)).toEqual([t.L.people.secA]);
  const uncovered: number[] = [];
  await newLead(t.db, { name: '丁', workplaceOrgId: t.L.orgA }, '2030-11-20T03:00:00Z');
  await dueLeads(t.db, await loadPolicyBook(t.db), at('2030-11-21'), { onUncovered: (y) => uncovered.push(y) });
  expect(uncovered).toContain(2030);
});
