import { afterAll, beforeAll, expect, test } from 'vitest';
import { eq, inArray } from 'drizzle-orm';
import { fixedClock } from '../../src/clock.ts';
import { claimJob, listJobs } from '../../src/db/jobs/job-store.ts';
import { auditLog } from '../../src/db/schema/core.ts';
import { leads } from '../../src/db/schema/leads.ts';
import { ERASE_BATCH } from '../../src/db/leads/erase-leads.ts';
import { createJobRunner } from '../../src/jobs/job-runner.ts';
import { enqueueLeadErasure, LEAD_ERASE_JOB, leadEraseJob } from '../../src/jobs/lead-erase-job.ts';
import { silentLogger } from '../../src/log/logger.ts';
import { createTestDb, type TestDatabase } from '../support/test-db.ts';
import { seedLedger } from '../flows/leads/lead-kit.ts';
import { moveTo, newLead } from '../db/leads/lead-db-kit.ts';

let d: TestDatabase;
beforeAll(async () => {
  d = await createTestDb();
  await seedLedger(d.db);
});
afterAll(() => d.drop());

test('the tick queues one erasure job per region and day; a crash mid-job repeats no erasure', async () => {
  const ids: string[] = [];
  // More than one batch, in one region; one lead of another region.
  for (let i = 0; i < ERASE_BATCH + 5; i++) {
    const l = await newLead(d.db, { name: `甲${i}`, mobile: `1381234${String(i).padStart(4, '0')}` }, '2026-01-05T02:00:00Z');
    ids.push((await moveTo(d.db, l, ['contacted', 'not_member'], '2026-01-10T02:00:00Z')).id);
  }
  const other = await newLead(d.db, { name: '乙', mobile: '13900000001', regionCode: '370102001' }, '2026-01-05T02:00:00Z');
  ids.push((await moveTo(d.db, other, ['contacted', 'not_member'], '2026-01-10T02:00:00Z')).id);

  const clock = fixedClock('2026-07-09T02:00:00Z');
  expect(await enqueueLeadErasure(d.db, new Date('2026-07-09T01:59:59Z'))).toBe(0);
  expect(await enqueueLeadErasure(d.db, clock.now())).toBe(2);
  // A second tick (or process) the same day queues nothing more.
  expect(await enqueueLeadErasure(d.db, clock.now())).toBe(0);
  const jobs = (await listJobs(d.db)).filter((j) => j.kind === LEAD_ERASE_JOB);
  expect(jobs.map((j) => j.uniqueKey).sort()).toEqual(['lead-erase:2026-07-09:370102001', 'lead-erase:2026-07-09:370112001']);

  // A process claims both jobs (their order is by random id, so it takes both), commits the big
  // region's first batch and dies.
  const big = jobs.find((j) => j.payload.regionCode === '370112001')!;
  const claim = () => claimJob(d.db, { now: clock.now(), leaseMs: 60_000, workerId: 'dead', kinds: [LEAD_ERASE_JOB] });
  expect([(await claim())?.id, (await claim())?.id]).toContain(big.id);
  await d.db.update(leads).set({ name: null, mobile: null, erasedAt: clock.now() }).where(inArray(leads.id, ids.slice(0, ERASE_BATCH)));
  for (const id of ids.slice(0, ERASE_BATCH)) await d.db.insert(auditLog).values({ actorLabel: 'system', action: 'erase', entity: 'lead', entityId: id, reason: 'retention', at: clock.now() });

  const runner = createJobRunner({ db: d.db, clock, logger: silentLogger, workerId: 'alive', leaseMs: 60_000, handlers: { [LEAD_ERASE_JOB]: leadEraseJob() } });
  clock.advance(61_000);
  expect(await runner.runDue(new Date(clock.now().getTime() + 60_000))).toBe(2);
  const after = (await listJobs(d.db)).filter((j) => j.kind === LEAD_ERASE_JOB);
  expect(after.every((j) => j.state === 'done')).toBe(true);
  expect(after.find((j) => j.id === big.id)).toMatchObject({ attempts: 2, progress: { erased: 5 } });
  const rows = await d.db.select({ id: leads.id, name: leads.name, erasedAt: leads.erasedAt }).from(leads).where(inArray(leads.id, ids));
  expect(rows.every((r) => r.name === null && r.erasedAt !== null)).toBe(true);
  // Each lead erased exactly once: one audit row each.
  const audits = await d.db.select({ id: auditLog.entityId }).from(auditLog).where(eq(auditLog.action, 'erase'));
  expect(audits.filter((a) => ids.includes(a.id!))).toHaveLength(ids.length);
  expect(new Set(audits.map((a) => a.id)).size).toBe(audits.length);
  // Nothing left: tomorrow's tick queues nothing.
  expect(await enqueueLeadErasure(d.db, new Date('2026-07-10T02:00:00Z'))).toBe(0);
});
