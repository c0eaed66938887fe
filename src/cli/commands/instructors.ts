/**
 * `cli instructors trained`: record an instructor's last 轮训 (004 §12 党建工作指导员……每两年轮训
 * 1次) as they would from chat (登记轮训), audited with actor 'cli'. The person is named by id or
 * by mobile and must hold the instructor role (an unknown id or mobile and a person without the role
 * are refused with different words); the date may not lie in the future.
 */
import { and, eq } from 'drizzle-orm';
import { writeAudit } from '../../db/stores/audit-store.ts';
import { people, personRoles } from '../../db/schema/core.ts';
import { instructorTraining, setInstructorTrainedOn } from '../../db/visits/instructor-training-store.ts';
import { normalizeMobile } from '../../domain/mobile.ts';
import { epochDay, isCalendarDate, shanghaiDate } from '../../domain/shanghai-date.ts';
import { parseArgs, UsageError, UserError, type CliCommand } from '../cli-types.ts';
import { loadPolicyBook } from '../../db/stores/policy-book-store.ts';

const SPEC = { person: 'string', mobile: 'string', date: 'string' } as const;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const instructorsCommand: CliCommand = {
  name: 'instructors',
  usage: 'instructors trained --person ID|--mobile M --date YYYY-MM-DD',
  summary: "record an instructor's last training (004 §12: every two years by default)",
  async run(args, io) {
    const { flags, positional } = parseArgs(args, SPEC);
    const [verb, ...rest] = positional;
    if (rest.length) throw new UsageError(`unexpected argument ${rest[0]}`);
    if (verb !== 'trained') throw new UsageError('instructors needs trained');
    const byId = typeof flags.person === 'string' ? flags.person.trim() : '';
    const byMobile = typeof flags.mobile === 'string' ? normalizeMobile(flags.mobile) : '';
    if (!byId === !byMobile) throw new UsageError('give one of --person ID or --mobile M');
    if (byId && !UUID.test(byId)) throw new UsageError('--person must be a person id');
    const date = typeof flags.date === 'string' ? flags.date : '';
    if (!isCalendarDate(date)) throw new UsageError('--date must be a date YYYY-MM-DD');
    if (epochDay(date) > epochDay(shanghaiDate(io.clock.now()))) throw new UserError('--date must not be after today');
    const database = await io.openDatabase();
    try {
      const result = await database.db.transaction(async (tx) => {
        const [p] = await tx
          .select({ id: people.id, name: people.name, region: personRoles.regionCode })
          .from(people)
          .innerJoin(personRoles, and(eq(personRoles.personId, people.id), eq(personRoles.role, 'instructor')))
          .where(byId ? eq(people.id, byId) : eq(people.mobile, byMobile))
          .orderBy(personRoles.createdAt)
          .limit(1);
        if (!p) {
          // Say which of the two it is: an id or mobile nobody has, or a person without the role.
          const [other] = await tx.select({ id: people.id, name: people.name }).from(people).where(byId ? eq(people.id, byId) : eq(people.mobile, byMobile)).limit(1);
          if (!other) throw new UserError(byId ? `no person with id ${byId}` : `no person with mobile ${byMobile}`);
          throw new UserError(`${other.name} (${other.id}) does not hold the instructor role`);
        }
        const at = io.clock.now();
        const saved = await setInstructorTrainedOn(tx, p.id, date, at);
        if (saved && saved.before !== date) {
          await writeAudit(tx, { actorLabel: 'cli', action: 'update', entity: 'person', entityId: p.id, before: { instructorTrainedOn: saved.before }, after: { instructorTrainedOn: date }, reason: 'instructor_training', at });
        }
        return { name: p.name, due: (await instructorTraining(tx, await loadPolicyBook(tx), p.id, p.region)).dueOn };
      });
      io.out(`recorded the training of ${result.name} on ${date} (next due ${result.due})`);
      return 0;
    } finally {
      await database.close();
    }
  },
};
