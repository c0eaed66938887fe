import { expect, test } from 'vitest';
import { eq } from 'drizzle-orm';
import { eraseExpiredLeads } from '../../../src/db/leads/erase-leads.ts';
import { leadOverview } from '../../../src/db/leads/lead-stats.ts';
import { leadEvents, leads, leadSources } from '../../../src/db/schema/leads.ts';
import { auditLog, policyOverrides } from '../../../src/db/schema/core.ts';
import { leadLedgerDb } from '../../flows/leads/lead-kit.ts';
import { moveTo, newLead } from './lead-db-kit.ts';
import { loadPolicyBook } from '../../../src/db/stores/policy-book-store.ts';

const t = leadLedgerDb([leads, policyOverrides]);

const row = async (id: string) => (await t.db.select().from(leads).where(eq(leads.id, id)))[0]!;

test('a lead closed as not a member loses its personal data after the retention, keeping the counts; running again does nothing', async () => {
  const lead = await newLead(t.db, { name: '张三', mobile: '13812345678', workplaceOrgId: t.L.orgA, relationshipAt: '某村党支部', note: '原籍河南' }, '2026-01-05T02:00:00Z');
  await t.db.transaction(async (tx) => {
    await tx.update(leadSources).set({ note: '花名册' }).where(eq(leadSources.leadId, lead.id));
  });
  const closed = await moveTo(t.db, lead, ['contacted', 'not_member'], '2026-01-10T02:00:00Z');
  const still = await newLead(t.db, { name: '李四', mobile: '13812340000', workplaceOrgId: t.L.orgA }, '2026-01-05T02:00:00Z');
  await moveTo(t.db, still, ['contacted'], '2026-01-10T02:00:00Z');

  // 180 days after 2026-01-10 02:00Z is 2026-07-09 02:00Z.
  expect(await eraseExpiredLeads(t.db, await loadPolicyBook(t.db), new Date('2026-07-09T01:59:59Z'))).toBe(0);
  expect((await row(closed.id)).name).toBe('张三');
  expect(await eraseExpiredLeads(t.db, await loadPolicyBook(t.db), new Date('2026-07-09T02:00:00Z'))).toBe(1);
  const erased = await row(closed.id);
  expect(erased).toMatchObject({
    name: null,
    mobile: null,
    relationshipAt: null,
    note: null,
    workplaceKey: null,
    state: 'not_member',
    regionCode: '370112001',
    erasedAt: new Date('2026-07-09T02:00:00Z'),
  });
  expect((await t.db.select().from(leadSources).where(eq(leadSources.leadId, closed.id)))[0]).toMatchObject({ kind: 'org', note: null });
  expect((await t.db.select().from(leadEvents).where(eq(leadEvents.leadId, closed.id))).every((e) => e.note === null)).toBe(true);
  // Other leads keep theirs.
  expect((await row(still.id)).name).toBe('李四');
  // Idempotent.
  expect(await eraseExpiredLeads(t.db, await loadPolicyBook(t.db), new Date('2026-07-10T02:00:00Z'))).toBe(0);
  const audits = await t.db.select().from(auditLog).where(eq(auditLog.entityId, closed.id));
  expect(audits.filter((a) => a.action === 'erase')).toHaveLength(1);
  // The counts survive.
  const o = await leadOverview(t.db, await loadPolicyBook(t.db), '370112', new Date('2026-07-10T02:00:00Z'));
  expect(o.byState.not_member).toBe(1);
  expect(o.byState.contacted).toBe(1);
  // The same mobile registered again is a new lead: the erased one holds nothing to match.
  const again = await newLead(t.db, { name: '张三', mobile: '13812345678', workplaceOrgId: t.L.orgA }, '2026-07-11T02:00:00Z');
  expect(again.id).not.toBe(closed.id);
});

test('the retention is the region’s policy', async () => {
  await t.db.insert(policyOverrides).values({ regionCode: '370112001', settings: { memberFinding: { eraseNotMemberAfterDays: 30 } } });
  const lead = await newLead(t.db, { name: '王五', mobile: '13812349999' }, '2026-01-05T02:00:00Z');
  await moveTo(t.db, lead, ['contacted', 'not_member'], '2026-01-10T02:00:00Z');
  expect(await eraseExpiredLeads(t.db, await loadPolicyBook(t.db), new Date('2026-02-09T01:00:00Z'))).toBe(0);
  expect(await eraseExpiredLeads(t.db, await loadPolicyBook(t.db), new Date('2026-02-09T02:00:00Z'))).toBe(1);
});
