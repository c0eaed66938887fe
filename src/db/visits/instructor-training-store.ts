/**
 * 004 §12 党建工作指导员……每两年轮训1次: an instructor's last training, a fact of the person
 * (people.instructor_trained_on, migration 0016), and when the next one falls due by the policy of
 * the instructor's region (people.workerTrainingEveryYears; the reminders compute the same in SQL,
 * item-sources.ts instructorTrainingItems).
 */
import { eq } from 'drizzle-orm';
import type { Db, Tx } from '../database.ts';
import { people } from '../schema/core.ts';
import type { PolicyBook } from '../../domain/policy/index.ts';
import { addYears, type CalendarDate } from '../../domain/shanghai-date.ts';

export interface InstructorTraining {
  trainedOn: CalendarDate | null;
  /** The next training's due date; null while none is recorded (the reminder counts from the role's start). */
  dueOn: CalendarDate | null;
  everyYears: number;
}

export async function instructorTraining(db: Db | Tx, book: PolicyBook, personId: string, regionCode: string | null): Promise<InstructorTraining> {
  const [row] = await db.select({ trainedOn: people.instructorTrainedOn }).from(people).where(eq(people.id, personId));
  const everyYears = book.of(regionCode ?? '').people.workerTrainingEveryYears;
  const trainedOn = (row?.trainedOn as CalendarDate | null | undefined) ?? null;
  return { trainedOn, dueOn: trainedOn ? addYears(trainedOn, everyYears) : null, everyYears };
}

/** Records the date (row-locked read first, so the audit's before is exact); returns what it was. */
export async function setInstructorTrainedOn(tx: Tx, personId: string, trainedOn: CalendarDate, at: Date): Promise<{ before: CalendarDate | null } | null> {
  const [row] = await tx.select({ trainedOn: people.instructorTrainedOn }).from(people).where(eq(people.id, personId)).for('update');
  if (!row) return null;
  if (row.trainedOn !== trainedOn) await tx.update(people).set({ instructorTrainedOn: trainedOn, updatedAt: at }).where(eq(people.id, personId));
  return { before: (row.trainedOn as CalendarDate | null) ?? null };
}
