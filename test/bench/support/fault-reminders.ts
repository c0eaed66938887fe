/**
 * The reminders part of the fault suite (issue 18: "every reminder sent exactly once"): secretaries
 * whose party orgs owe every meeting, so the day's planning writes a digest for each, and the count
 * of what each of them was shown at the Open API stand-in.
 */
import type { Db } from '../../../src/db/database.ts';
import { shanghaiDate, shanghaiInstant, shanghaiTime } from '../../../src/domain/shanghai-date.ts';
import { isWorkingDay, nextWorkingDay } from '../../../src/domain/working-days.ts';
import { partyOrg } from '../../reminders/support.ts';
import { seedPerson } from '../../support/seed.ts';

const quiet = () => {};

/**
 * How far the service's clock must run ahead of this one for the run to fall inside a working
 * morning (digests go out only on working days, from 09:00 inside the send window): 0 when it
 * already does, else to 09:05 of the next working day. A shift of hours or days, well inside the
 * 24 h the receiver allows a signed timestamp (the bench signs with the same shift).
 */
export function serviceClockOffset(now: Date): number {
  const day = shanghaiDate(now);
  const time = shanghaiTime(now);
  if (isWorkingDay(day, quiet) && time >= '09:05' && time <= '18:30') return 0;
  const next = time < '09:05' && isWorkingDay(day, quiet) ? day : nextWorkingDay(day, quiet);
  return shanghaiInstant(next, '09:05').getTime() - now.getTime();
}

/** N secretaries of party orgs with no meeting on record: each is owed one digest today. */
export async function seedReminderSecretaries(db: Db, n: number, tag: string, regionCode: string, pii: Set<string>): Promise<string[]> {
  const openIds: string[] = [];
  for (let i = 0; i < n; i++) {
    const org = await partyOrg(db, { name: `故障提醒支部${tag}${i}`, regionCode, foundedOn: '2020-01-01' });
    const name = `钱提醒${String.fromCharCode(0x4e00 + 3000 + i)}`;
    pii.add(name);
    const openId = `ou_rem_${tag}_${i}`;
    await seedPerson(db, { name, openId, roles: [{ role: 'secretary', partyOrgId: org.id }] });
    openIds.push(openId);
  }
  return openIds;
}

/** Per secretary, how many messages the stand-in showed: exactly one digest each is the goal. */
export function reminderFigures(byReceiver: Map<string, Set<string>>, openIds: string[]) {
  let sent = 0;
  let duplicates = 0;
  let lost = 0;
  for (const id of openIds) {
    const shown = byReceiver.get(id)?.size ?? 0;
    if (shown >= 1) sent++;
    if (shown > 1) duplicates += shown - 1;
    if (shown === 0) lost++;
  }
  return { reminders_expected: openIds.length, reminders_sent: sent, reminders_duplicates: duplicates, reminders_lost: lost };
}
