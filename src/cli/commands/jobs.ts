/**
 * `jobs list [--failed]` and `jobs retry ID`: the durable job queue as an operator sees it. A
 * failed job stays with its error until retried; a retry starts its attempts afresh, and the
 * next tick (or a running service's runner) takes it.
 */
import { listJobs, retryJob, type JobRow } from '../../db/jobs/job-store.ts';
import { isUuid } from '../../domain/uuid.ts';
import { parseArgs, UsageError, UserError, type CliCommand } from '../cli-types.ts';

/** One line per job: ids, kinds, states and counts only (payloads carry personal data). */
function line(j: JobRow): string {
  const p = j.progress;
  const counts = ['rows', 'imported', 'updated', 'rejected', 'erased'].filter((k) => typeof p[k] === 'number').map((k) => `${k} ${p[k]}`);
  return [
    j.id,
    j.kind,
    j.state,
    `attempts ${j.attempts}/${j.maxAttempts}`,
    j.createdAt.toISOString(),
    ...(counts.length ? [counts.join(', ')] : []),
    ...(j.state === 'failed' && j.lastError ? [`error: ${j.lastError}`] : []),
  ].join('  ');
}

export const jobsCommand: CliCommand = {
  name: 'jobs',
  usage: 'jobs list [--failed] | jobs retry ID',
  summary: 'list background jobs (newest first; --failed: only those that failed) or retry a failed one',
  async run(args, io) {
    const { flags, positional } = parseArgs(args, { failed: 'boolean' });
    const [verb, id, ...rest] = positional;
    if (rest.length || (verb !== 'list' && verb !== 'retry') || (verb === 'list' && id) || (verb === 'retry' && !id)) {
      throw new UsageError('expected: jobs list [--failed] | jobs retry ID');
    }
    if (verb === 'retry' && !isUuid(id)) throw new UserError(`not a job id: ${id}`);
    const database = await io.openDatabase();
    try {
      if (verb === 'list') {
        const jobs = await listJobs(database.db, { failed: flags.failed === true, limit: 200 });
        for (const j of jobs) io.out(line(j));
        if (jobs.length === 0) io.out(flags.failed ? 'no failed jobs' : 'no jobs');
        return 0;
      }
      if (!(await retryJob(database.db, id!, io.clock.now()))) throw new UserError(`job ${id} is not a failed job`);
      io.out(`job ${id} will run again`);
      return 0;
    } finally {
      await database.close();
    }
  },
};
