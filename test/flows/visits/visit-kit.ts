/** Seeds and a click driver for the visit tests. Every card the driver sees must pass cardProblems. */
import { and, asc, eq, isNull } from 'drizzle-orm';
import { expect } from 'vitest';
import { buttonValue, cardText, elementsOf, type BotHarness, type ClickReply } from '../../support/bot-harness.ts';
import { seedPerson } from '../../support/seed.ts';
import { cardProblems } from '../../../src/cards/render-feishu-limits.ts';
import { auditLog, policyOverrides } from '../../../src/db/schema/core.ts';
import { instructorAssignments, orgs, partyOrgs, type Formation, type OrgStatus } from '../../../src/db/schema/ledger.ts';
import { visitProblems, visits, type VisitWay } from '../../../src/db/schema/visits.ts';
import type { Db } from '../../../src/db/database.ts';
import type { Card } from '../../support/bot-harness.ts';
import type { PolicyOverride } from '../../../src/domain/policy/index.ts';

export { buttonValue, cardText, elementsOf };

/** 黄浦区 and two of its streets (no policy override: one visit a month, caps 5 and 3). */
export const COUNTY = '310101';
export const STREET = '310101002';
export const STREET2 = '310101013';
/** 历城区 (the preset doubles its visits). */
export const LICHENG = '370112';
export const LICHENG_STREET = '370112001';

let seq = 0;
const creditCode = () => `91310101MA${String(++seq).padStart(7, '0')}X`.slice(0, 18);

export async function seedOrg(
  db: Db,
  o: { name: string; regionCode?: string; formation?: Formation; status?: OrgStatus; creditCode?: string; partyOrgName?: string; instructorMobile?: string },
): Promise<string> {
  let partyOrgId: string | null = null;
  const formation = o.formation ?? 'none';
  if (formation !== 'none') {
    const [p] = await db
      .insert(partyOrgs)
      .values({ name: o.partyOrgName ?? `${o.name}党支部`, type: formation === 'joint' ? 'joint_branch' : 'branch', formation, regionCode: o.regionCode ?? STREET })
      .returning({ id: partyOrgs.id });
    partyOrgId = p!.id;
  }
  const [row] = await db
    .insert(orgs)
    .values({
      name: o.name,
      creditCode: o.creditCode ?? creditCode(),
      kind: 'enterprise',
      regionCode: o.regionCode ?? STREET,
      status: o.status ?? 'operating',
      formation,
      partyOrgId,
      instructorMobile: o.instructorMobile ?? null,
    })
    .returning({ id: orgs.id });
  return row!.id;
}

export async function assign(db: Db, instructorId: string, orgId: string, assignedOn = '2026-01-01', exceptionReason: string | null = null) {
  await db.insert(instructorAssignments).values({ instructorId, orgId, assignedOn, exceptionReason });
}

export const seedInstructor = (db: Db, openId: string, name = '陈指导员', regionCode = COUNTY, mobile?: string) =>
  seedPerson(db, { name, openId, mobile, roles: [{ role: 'instructor', regionCode }] });

export const seedOfficer = (db: Db, openId: string, name = '王干部', regionCode = COUNTY) => seedPerson(db, { name, openId, roles: [{ role: 'officer', regionCode }] });

/** A visit written straight into the table (history before the test's own). */
export async function pastVisit(db: Db, v: { orgId: string; instructorId: string; visitedOn: string; way?: VisitWay; createdAt?: Date }) {
  const at = v.createdAt ?? new Date(`${v.visitedOn}T12:00:00+08:00`);
  const [row] = await db
    .insert(visits)
    .values({ orgId: v.orgId, instructorId: v.instructorId, visitedOn: v.visitedOn, way: v.way ?? 'onsite', topics: ['other'], createdAt: at, updatedAt: at })
    .returning({ id: visits.id });
  return row!.id;
}

export async function useOverride(db: Db, o: PolicyOverride) {
  await db.insert(policyOverrides).values({ regionCode: o.regionCode, settings: o.settings as Record<string, unknown> });
}

export const visitsOf = (db: Db, orgId: string) => db.select().from(visits).where(eq(visits.orgId, orgId)).orderBy(asc(visits.createdAt));
export const liveVisitsOf = (db: Db, orgId: string) =>
  db.select().from(visits).where(and(eq(visits.orgId, orgId), isNull(visits.deletedAt))).orderBy(asc(visits.createdAt));
export const problemsOf = (db: Db, orgId: string) => db.select().from(visitProblems).where(eq(visitProblems.orgId, orgId)).orderBy(asc(visitProblems.createdAt), asc(visitProblems.position));
export const auditOf = (db: Db, entity: string, entityId: string) =>
  db.select().from(auditLog).where(and(eq(auditLog.entity, entity), eq(auditLog.entityId, entityId))).orderBy(asc(auditLog.id));

/** The form as Feishu submits it: pickers with their offset, multi-select as an array. */
export function visitForm(over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    visited_on: '2026-11-19 +0800',
    way: 'onsite',
    topics: ['recruit', 'meetings'],
    found: '和出资人谈了发展党员的事',
    problems: '缺少活动场地\n党员教育不够经常',
    next_steps: '帮助联系活动阵地',
    next_planned_on: '2026-12-18 +0800',
    ...over,
  };
}

/** The value of the button on the row (column set) that names `orgName`. */
export function rowButton(card: Card | undefined, orgName: string): Record<string, unknown> {
  if (!card) throw new Error('no card');
  const row = elementsOf(card).find(
    (e) => e.tag === 'column_set' && elementsOf({ body: { elements: [e] } } as Card).some((x) => x.tag === 'markdown' && String(x.content).includes(orgName)),
  );
  const b = row && elementsOf({ body: { elements: [row] } } as Card).find((x) => x.tag === 'button');
  if (!b) throw new Error(`no row for ${orgName} in:\n${cardText(card)}`);
  return b.behaviors[0].value;
}

/** The element with this form name, e.g. the date picker 'visited_on'. */
export const field = (card: Card | undefined, name: string) => elementsOf(card!).find((e) => e.name === name);

export function expectCardOk(card: Card | undefined) {
  expect(card, 'a card').toBeDefined();
  expect(cardProblems(card!)).toEqual([]);
}

/** Says and clicks as one person; every card coming back is checked against Feishu's limits. */
export function driver(h: BotHarness, openId: string) {
  const check = (r: ClickReply) => {
    expect(r.status).toBe(200);
    if (r.card) expectCardOk(r.card);
    return r;
  };
  return {
    async say(text: string): Promise<Card> {
      const cards = await h.say(openId, text);
      expect(cards.length, `a reply to "${text}"`).toBeGreaterThan(0);
      cards.forEach(expectCardOk);
      return cards[cards.length - 1]!;
    },
    /** Says something and returns all cards (possibly none). */
    async sayAll(text: string): Promise<Card[]> {
      const cards = await h.say(openId, text);
      cards.forEach(expectCardOk);
      return cards;
    },
    async click(card: Card | undefined, text: string, form?: Record<string, unknown>) {
      return check(await h.click(openId, buttonValue(card, text), form));
    },
    async clickValue(value: Record<string, unknown>, form?: Record<string, unknown>) {
      return check(await h.click(openId, value, form));
    },
    async sendFile(name: string) {
      const cards = await h.sendFile(openId, name, new Uint8Array([1, 2, 3]));
      cards.forEach(expectCardOk);
      return cards;
    },
  };
}
