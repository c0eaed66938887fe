/**
 * Shared set-up for the member-finding tests: a small ledger in 历城区 with every routing case,
 * the people who handle leads, and a driver that checks every card against Feishu's limits.
 */
import { afterAll, beforeAll, beforeEach, expect } from 'vitest';
import type { PgTable } from 'drizzle-orm/pg-core';
import { eq } from 'drizzle-orm';
import { buttonValue, createBotHarness, type BotHarness, type ClickReply } from '../../support/bot-harness.ts';
import { createTestDb, type TestDatabase } from '../../support/test-db.ts';
import { seedPerson } from '../../support/seed.ts';
import { instructorAssignments, orgs, partyOrgs } from '../../../src/db/schema/ledger.ts';
import { leads } from '../../../src/db/schema/leads.ts';
import { cardProblems } from '../../../src/cards/render-feishu-limits.ts';
import { renderFeishu } from '../../../src/cards/render-feishu.ts';
import { creditCodeCheckChar } from '../../../src/domain/credit-code.ts';
import type { Card } from '../../support/bot-harness.ts';
import type { Db } from '../../../src/db/database.ts';

export const COUNTY = '370112'; // 历城区
export const TOWN = '370112001'; // 山大路街道
export const OTHER_COUNTY = '370102'; // 历下区

export const OPEN = {
  secA: 'ou_lead_sec_a',
  secJoint: 'ou_lead_sec_joint',
  instructor: 'ou_lead_instructor',
  officerTown: 'ou_lead_officer_town',
  officerCounty: 'ou_lead_officer_county',
  officerOther: 'ou_lead_officer_other',
  member: 'ou_lead_member',
  guest: 'ou_lead_guest',
  guest2: 'ou_lead_guest2',
} as const;

export const creditCode = (first17: string) => first17 + creditCodeCheckChar(first17)!;
export const CODE_A = creditCode('91370112MA3C00001');

export interface Ledger {
  poA: string;
  poJoint: string;
  poOther: string;
  orgA: string;
  orgJoint: string;
  orgInstructed: string;
  orgBare: string;
  people: Record<keyof typeof OPEN, string | null>;
}

export async function seedLedger(db: Db): Promise<Ledger> {
  const po = async (name: string, formation: 'standalone' | 'joint', regionCode = TOWN) =>
    (await db.insert(partyOrgs).values({ name, type: formation === 'joint' ? 'joint_branch' : 'branch', formation, regionCode }).returning({ id: partyOrgs.id }))[0]!.id;
  const poA = await po('甲科技有限公司党支部', 'standalone');
  const poJoint = await po('山大路商圈联合党支部', 'joint');
  const poOther = await po('历下某公司党支部', 'standalone', '370102001');
  const org = async (name: string, v: Partial<typeof orgs.$inferInsert>) =>
    (await db.insert(orgs).values({ name, kind: 'enterprise', regionCode: TOWN, employees: 40, ...v }).returning({ id: orgs.id }))[0]!.id;
  const orgA = await org('甲科技有限公司', { creditCode: CODE_A, partyOrgId: poA, formation: 'standalone' });
  const orgJoint = await org('乙商贸有限公司', { partyOrgId: poJoint, formation: 'joint' });
  const orgInstructed = await org('丙律师事务所', { kind: 'social_org', subtype: '律师事务所' });
  const orgBare = await org('丁餐饮店', {});

  const people = {
    secA: await seedPerson(db, { name: '赵书记', openId: OPEN.secA, roles: [{ role: 'secretary', partyOrgId: poA }] }),
    secJoint: await seedPerson(db, { name: '钱书记', openId: OPEN.secJoint, roles: [{ role: 'secretary', partyOrgId: poJoint }] }),
    instructor: await seedPerson(db, { name: '孙指导员', openId: OPEN.instructor, roles: [{ role: 'instructor', regionCode: TOWN }] }),
    officerTown: await seedPerson(db, { name: '周干部', openId: OPEN.officerTown, roles: [{ role: 'officer', regionCode: TOWN }] }),
    officerCounty: await seedPerson(db, { name: '吴部长', openId: OPEN.officerCounty, roles: [{ role: 'officer', regionCode: COUNTY }] }),
    officerOther: await seedPerson(db, { name: '郑干部', openId: OPEN.officerOther, roles: [{ role: 'officer', regionCode: OTHER_COUNTY }] }),
    member: await seedPerson(db, { name: '王党员', openId: OPEN.member, mobile: '13900001111', roles: [{ role: 'member', regionCode: COUNTY }] }),
    guest: null,
    guest2: null,
  };
  await db.insert(instructorAssignments).values({ instructorId: people.instructor, orgId: orgInstructed, assignedOn: '2026-01-05' });
  return { poA, poJoint, poOther, orgA, orgJoint, orgInstructed, orgBare, people };
}

/**
 * The lead stores' tests: one database per file holding the small ledger, the given tables emptied
 * before each test so every case starts from no leads.
 */
export function leadLedgerDb(clear: PgTable[]): { readonly db: Db; readonly L: Ledger } {
  let d: TestDatabase | undefined;
  let ledger: Ledger | undefined;
  beforeAll(async () => {
    d = await createTestDb();
    ledger = await seedLedger(d.db);
  });
  afterAll(() => d?.drop());
  beforeEach(async () => {
    for (const t of clear) await d!.db.delete(t);
  });
  return { get db() { return d!.db; }, get L() { return ledger!; } };
}

/** The member-finding journeys: the bot on the small ledger, the messenger and the given tables cleared before each test. */
export function leadJourneys(clear: PgTable[]): { readonly h: BotHarness; readonly L: Ledger } {
  let harness: BotHarness | undefined;
  let ledger: Ledger | undefined;
  beforeAll(async () => {
    harness = await createBotHarness({ now: '2026-11-20T02:00:00Z' });
    ledger = await seedLedger(harness.db);
  });
  afterAll(() => harness?.close());
  beforeEach(async () => {
    harness!.messenger.clear();
    for (const t of clear) await harness!.db.delete(t);
  });
  return { get h() { return harness!; }, get L() { return ledger!; } };
}

/** Every card the bot produces must pass Feishu's limits. */
export function checked(card: Card | undefined): Card {
  expect(card, 'a card').toBeDefined();
  expect(cardProblems(card!)).toEqual([]);
  return card!;
}

/** Drives the bot as one person, checking every card on the way. */
export function driver(h: BotHarness, openId: string) {
  return {
    async say(text: string): Promise<Card> {
      const cards = await h.say(openId, text);
      expect(cards).toHaveLength(1);
      return checked(cards[0]);
    },
    async click(card: Card | undefined, buttonText: string, form?: Record<string, unknown>): Promise<ClickReply> {
      return this.value(buttonValue(card, buttonText), form);
    },
    async value(value: Record<string, unknown>, form?: Record<string, unknown>): Promise<ClickReply> {
      const r = await h.click(openId, value, form);
      expect(r.status).toBe(200);
      if (r.card) checked(r.card);
      return r;
    },
  };
}

/** The lead cards a person was sent (not the replies to what they typed), each checked. */
export function received(h: BotHarness, openId: string, title = '党员线索'): Card[] {
  return h.messenger
    .messages(openId)
    .filter((m) => m.kind === 'card' && m.card!.title === title)
    .map((m) => checked(renderFeishu(m.card!)));
}

export async function allLeads(db: Db) {
  return db.select().from(leads);
}

export async function leadById(db: Db, id: string) {
  return (await db.select().from(leads).where(eq(leads.id, id)))[0]!;
}

/** The 'about' form of 党员找组织 as Feishu submits it. */
export function aboutForm(over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    relationshipAt: '某县某村党支部',
    standing: 'formal',
    joinedYear: '2012',
    awayKind: 'province',
    awaySince: '2024-03-01 +0800',
    takePartAt: 'work',
    consent: true,
    ...over,
  };
}

/** 党员找组织 end to end for one person at a ledger org; returns the lead's id. */
export async function registerSelf(h: BotHarness, openId: string, name: string, mobile: string, orgId: string, query: string): Promise<string> {
  const d = driver(h, openId);
  let r = await d.click(await d.say('我是党员'), '下一步', { name, mobile, query });
  r = await d.click(r.card, '下一步', { org: orgId });
  r = await d.click(r.card, '提交', aboutForm());
  expect(r.toast?.type).toBe('success');
  const rows = await h.db.select({ id: leads.id }).from(leads).where(eq(leads.mobile, mobile));
  return rows[0]!.id;
}
