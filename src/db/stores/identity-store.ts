import { and, eq, inArray, ne, sql } from 'drizzle-orm';
import type { Db, Tx } from '../database.ts';
import { people } from '../schema/core.ts';
import { personIdentities, type Channel } from '../schema/identities.ts';

/** The one question "who is this" asks of the identity table: the person behind a messenger id. */
export async function personIdByIdentity(db: Db | Tx, channel: Channel, externalId: string): Promise<string | null> {
  const [row] = await db
    .select({ personId: personIdentities.personId })
    .from(personIdentities)
    .where(and(eq(personIdentities.channel, channel), eq(personIdentities.externalId, externalId)));
  return row?.personId ?? null;
}

export interface IdentityLink {
  personId: string;
  externalId: string;
  unionId?: string | null;
}

/**
 * Sets each person's identity on one messenger. A person has at most one per messenger, so an old
 * one is replaced; an id already held by someone else stays theirs (it is not moved silently) and
 * is returned, for the caller to report.
 */
export async function linkIdentities(tx: Tx, channel: Channel, links: IdentityLink[], at: Date): Promise<IdentityLink[]> {
  const refused: IdentityLink[] = [];
  for (const l of links) {
    const owner = await personIdByIdentity(tx, channel, l.externalId);
    if (owner && owner !== l.personId) {
      refused.push(l);
      continue;
    }
    await tx
      .delete(personIdentities)
      .where(and(eq(personIdentities.personId, l.personId), eq(personIdentities.channel, channel), ne(personIdentities.externalId, l.externalId)));
    await tx
      .insert(personIdentities)
      .values({ personId: l.personId, channel, externalId: l.externalId, unionId: l.unionId ?? null, createdAt: at, updatedAt: at })
      .onConflictDoUpdate({
        target: [personIdentities.channel, personIdentities.externalId],
        set: { unionId: sql`coalesce(excluded.union_id, ${personIdentities.unionId})`, updatedAt: at },
      });
  }
  return refused;
}

/**
 * Feishu identities of these people made to match people.open_id (which the Feishu code keeps
 * writing): added, replaced, or removed when open_id was cleared.
 */
export async function mirrorFeishuIdentities(tx: Tx, personIds: string[], at: Date): Promise<void> {
  if (personIds.length === 0) return;
  const rows = await tx.select({ id: people.id, openId: people.openId }).from(people).where(inArray(people.id, personIds));
  const cleared = rows.filter((r) => !r.openId).map((r) => r.id);
  if (cleared.length) await tx.delete(personIdentities).where(and(eq(personIdentities.channel, 'feishu'), inArray(personIdentities.personId, cleared)));
  await linkIdentities(
    tx,
    'feishu',
    rows.filter((r) => r.openId).map((r) => ({ personId: r.id, externalId: r.openId! })),
    at,
  );
}
