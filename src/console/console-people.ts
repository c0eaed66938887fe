import { and, asc, eq, isNotNull, or } from 'drizzle-orm';
import { people, personRoles } from '../db/schema/core.ts';
import { personIdentities } from '../db/schema/identities.ts';
import { dingtalkPersonKey } from '../domain/person-key.ts';
import type { Db } from '../db/database.ts';
import type { Role } from '../db/schema/core.ts';
import { DEMO_OPEN_IDS } from '../demo/demo-people.ts';
import type { ConsolePerson } from './contract.ts';
import { quickWords } from './console-quick.ts';

const ROLE_NAMES: Record<string, string> = {
  officer: '组织部干部',
  instructor: '党建工作指导员',
  secretary: '支部书记',
  member: '党员',
  admin: '管理员',
};

/** A person the ledger does not know, to try 党员找组织 and registration as a newcomer. */
export const CONSOLE_GUEST = { id: 'guest', name: '新来的人（未登记）', roles: ['未登记'], openId: 'ou_console_newcomer' };

/** The person the console opens as (README: the 历城区 officer), or else the first officer. */
export const CONSOLE_DEFAULT_OPEN_ID = DEMO_OPEN_IDS.districtOfficer;

/**
 * Everyone who can be played in the console, with their roles in Chinese: people with a Feishu
 * open_id, and people known on DingTalk only (the identity table), played under their DingTalk
 * key `dt:<userid>`, which the bot resolves through the same table. A person on both is played as
 * Feishu, as notices reach them there.
 */
export async function consolePeople(db: Db): Promise<ConsolePerson[]> {
  const rows = await db
    .select({ id: people.id, name: people.name, openId: people.openId, dingtalkId: personIdentities.externalId, role: personRoles.role })
    .from(people)
    .leftJoin(personRoles, eq(personRoles.personId, people.id))
    .leftJoin(personIdentities, and(eq(personIdentities.personId, people.id), eq(personIdentities.channel, 'dingtalk')))
    .where(or(isNotNull(people.openId), isNotNull(personIdentities.externalId)))
    .orderBy(asc(people.name), asc(people.id));
  const byId = new Map<string, ConsolePerson & { codes: Role[] }>();
  for (const r of rows) {
    const key = r.openId ?? dingtalkPersonKey(r.dingtalkId!);
    const p = byId.get(r.id) ?? { id: r.id, name: r.name, roles: [], openId: key, codes: [] };
    const name = r.role ? ROLE_NAMES[r.role] ?? r.role : undefined;
    if (name && !p.roles.includes(name)) p.roles.push(name);
    if (r.role && !p.codes.includes(r.role)) p.codes.push(r.role);
    byId.set(r.id, p);
  }
  // Once the newcomer has been registered (an admin approved them), they are a person like any
  // other and a fresh newcomer takes the next open_id, so no two entries share one.
  const taken = new Set([...byId.values()].map((p) => p.openId));
  let openId = CONSOLE_GUEST.openId;
  for (let n = 2; taken.has(openId); n++) openId = `${CONSOLE_GUEST.openId}_${n}`;
  const known: ConsolePerson[] = [...byId.values()].map(({ codes, ...p }) => ({ ...p, quick: quickWords(codes) }));
  const everyone: ConsolePerson[] = [...known, { ...CONSOLE_GUEST, openId, quick: quickWords([]) }];
  const byDefault = [...byId.values()];
  const first = byDefault.find((p) => p.openId === CONSOLE_DEFAULT_OPEN_ID) ?? byDefault.find((p) => p.codes.includes('officer'));
  const chosen = everyone.find((p) => p.openId === first?.openId) ?? everyone[0]!;
  chosen.default = true;
  return everyone;
}
