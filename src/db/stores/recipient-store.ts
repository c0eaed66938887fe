/**
 * Whom the bot addresses when it speaks first (reminders, notices to officers and admins,
 * registration decisions): each person on the messengers this deployment has. Feishu's open_id
 * when Feishu is configured and the person has one, else their DingTalk person key (`dt:<userid>`,
 * which the messengers route to DingTalk). A person on both gets Feishu, once.
 */
import { and, eq, inArray, isNotNull, sql, type SQL } from 'drizzle-orm';
import type { Db, Tx } from '../database.ts';
import { people } from '../schema/core.ts';
import { personIdentities } from '../schema/identities.ts';
import { dingtalkPersonKey } from '../../domain/person-key.ts';

/**
 * The messengers a deployment sends through (reachOf in src/runtime/messenger-factory.ts). The
 * local console, used when neither app is configured, takes Feishu-style open_ids, so it counts
 * as `feishu`.
 */
export interface Reach {
  feishu: boolean;
  dingtalk: boolean;
}

/** A person's recipient: their Feishu open_id, or their DingTalk person key (routed by its `dt:`). */
export type PersonRecipient = { openId: string };

/** The coded reason for a person the bot cannot reach (logged instead of anything personal). */
export const UNREACHABLE = 'no_messenger_identity';

/** Each reachable person's recipient, by person id; people not in the map cannot be reached. */
export async function recipientsByPerson(db: Db | Tx, personIds: readonly string[], reach: Reach): Promise<Map<string, PersonRecipient>> {
  const ids = [...new Set(personIds)];
  const out = new Map<string, PersonRecipient>();
  if (ids.length === 0) return out;
  if (reach.feishu) {
    const rows = await db.select({ id: people.id, openId: people.openId }).from(people).where(and(inArray(people.id, ids), isNotNull(people.openId)));
    for (const r of rows) out.set(r.id, { openId: r.openId! });
  }
  const rest = ids.filter((id) => !out.has(id));
  if (reach.dingtalk && rest.length) {
    const rows = await db
      .select({ id: personIdentities.personId, userId: personIdentities.externalId })
      .from(personIdentities)
      .where(and(eq(personIdentities.channel, 'dingtalk'), inArray(personIdentities.personId, rest)));
    for (const r of rows) out.set(r.id, { openId: dingtalkPersonKey(r.userId) });
  }
  return out;
}

/** The SQL twin of recipientsByPerson for set-based queries: true when the person `personId` names can be reached. */
export function reachableSql(personId: SQL, reach: Reach): SQL {
  const parts: SQL[] = [];
  if (reach.feishu) parts.push(sql`exists (select 1 from people rp where rp.id = ${personId} and rp.open_id is not null)`);
  if (reach.dingtalk) parts.push(sql`exists (select 1 from person_identities ri where ri.person_id = ${personId} and ri.channel = 'dingtalk')`);
  return parts.length ? sql`(${sql.join(parts, sql` or `)})` : sql`false`;
}
