import { expect, test } from 'vitest';
import { eq } from 'drizzle-orm';
import { leads, leadSources } from '../../../src/db/schema/leads.ts';
import { normalizeWorkplace, workplaceKeyOf } from '../../../src/db/leads/lead-store.ts';
import { leadLedgerDb } from '../../flows/leads/lead-kit.ts';
import { newLead } from './lead-db-kit.ts';

const t = leadLedgerDb([leads]);

test('two registrations of the same person at the same moment end as one lead with two sources', async () => {
  const [a, b] = await Promise.all([
    newLead(t.db, { name: '张三', mobile: '13812345678', workplaceOrgId: t.L.orgA }, '2026-11-20T02:00:00Z'),
    newLead(t.db, { name: '张三', mobile: '13812345678', relationshipAt: '某村党支部' }, '2026-11-20T02:00:00Z'),
  ]);
  expect(a.id).toBe(b.id);
  const rows = await t.db.select().from(leads);
  expect(rows).toHaveLength(1);
  // What either knew is kept; nothing known is overwritten.
  expect(rows[0]).toMatchObject({ workplaceOrgId: t.L.orgA, relationshipAt: '某村党支部' });
  expect(await t.db.select().from(leadSources).where(eq(leadSources.leadId, a.id))).toHaveLength(2);
});

test('the same name at the same free-text workplace matches whatever the width, case or spacing', async () => {
  expect(normalizeWorkplace('ＡＢＣ 科技（济南）有限公司')).toBe(normalizeWorkplace('abc科技(济南)有限公司'));
  expect(workplaceKeyOf(null, '  ')).toBeNull();
  const a = await newLead(t.db, { name: '李四', workplaceText: 'ABC科技（济南）有限公司' }, '2026-11-20T02:00:00Z');
  const b = await newLead(t.db, { name: '李四', workplaceText: 'abc 科技(济南)有限公司', mobile: '13700001111' }, '2026-11-21T02:00:00Z');
  expect(b.id).toBe(a.id);
  expect(b.mobile).toBe('13700001111');
  // A different person at the same place is another lead.
  const c = await newLead(t.db, { name: '李五', workplaceText: 'ABC科技（济南）有限公司' }, '2026-11-21T02:00:00Z');
  expect(c.id).not.toBe(a.id);
});
