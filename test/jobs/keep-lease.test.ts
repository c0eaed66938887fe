import { expect, test } from 'vitest';
import { keepingLease } from '../../src/jobs/keep-lease.ts';
import { JobLostError, type JobContext } from '../../src/jobs/job-runner.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function ctxWith(progress: JobContext['progress']): JobContext {
  return { job: {} as JobContext['job'], db: {} as JobContext['db'], clock: { now: () => new Date() }, logger: {} as JobContext['logger'], progress };
}

test('a long step has its lease extended while it runs, and none after it ends', async () => {
  let beats = 0;
  const out = await keepingLease(ctxWith(async () => void beats++), async () => (await sleep(130), 'built'), 30);
  expect(out).toBe('built');
  expect(beats).toBeGreaterThanOrEqual(3);
  const after = beats;
  await sleep(80);
  expect(beats).toBe(after);
});

test('a heartbeat that finds the job taken over fails the step once it is done', async () => {
  const lost = new JobLostError('job x was taken over');
  await expect(keepingLease(ctxWith(async () => Promise.reject(lost)), async () => (await sleep(80), 'built'), 20)).rejects.toBe(lost);
});
