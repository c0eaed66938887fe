import { afterAll, beforeAll, beforeEach, expect, test } from 'vitest';
import { eq } from 'drizzle-orm';
import { createTestDb, type TestDatabase } from '../../support/test-db.ts';
import { leads, leadSources } from '../../../src/db/schema/leads.ts';
import { normalizeWorkplace, workplaceKeyOf } from '../../../src/db/leads/lead-store.ts';
import { seedLedger, type Ledger } from '../../flows/leads/lead-kit.ts';
import { newLead } from './lead-db-kit.ts';

let d: TestDatabase;
let L: Ledger;
beforeAll(async () => {
  d = await createTestDb();
  L = await seedLedger(d.db);
});
afterAll(() => d.drop());
beforeEach(async () => {
  await d.db.delete(leads);
});

test('two registrations of the same person at the same moment end as one lead with two sources', async () => {
  const [a, b] = await Promise.all([
    newLead(d.db, { name: '张三', mobile: '13812345678', workplaceOrgId: L.orgA }, '2026-11-20T02:00:00Z'),
    newLead(d.db, { name: '张三', mobile: '13812345678', relationshipAt: '某村党支部' }, '2026-11-20T02:00:00Z'),
  ]);
  expect(a.id).toBe(b.id);
  const rows = await d.db.select().from(leads);
  expect(rows).toHaveLength(1);
  // What either knew is kept; nothing known is overwritten.
  expect(rows[0]).toMatchObject({ workplaceOrgId: L.orgA, relationshipAt: '某村党支部' });
  expect(await d.db.select().from(leadSources).where(eq(leadSources.leadId, a.id))).toHaveLength(2);
});

test('the same name at the same free-text workplace matches whatever the width, case or spacing', async () => {
  expect(normalizeWorkplace('ＡＢＣ 科技（济南）有限公司')).toBe(normalizeWorkplace('abc科技(济南)有限公司'));
  expect(workplaceKeyOf(null, '  ')).toBeNull();
  const a = await newLead(d.db, { name: '李四', workplaceText: 'ABC科技（济南）有限公司' }, '2026-11-20T02:00:00Z');
  const b = await newLead(d.db, { name: '李四', workplaceText: 'abc 科技(济南)有限公司', mobile: '13700001111' }, '2026-11-21T02:00:00Z');
  expect(b.id).toBe(a.id);
  expect(b.mobile).toBe('13700001111');
  // A different person at the same place is another lead.
  const c = await newLead(d.db, { name: '李五', workplaceText: 'ABC科技（济南）有限公司' }, '2026-11-21T02:00:00Z');
  expect(c.id).not.toBe(a.id);
});
