/** Shared set-up for the meetings tests: a party org from the roster, its secretary, and card checks. */
import { expect } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { buttonValue, cardText, type BotHarness, type ClickReply } from '../../support/bot-harness.ts';
import { seedPerson } from '../../support/seed.ts';
import { partyGroups, partyOrgs } from '../../../src/db/schema/ledger.ts';
import { auditLog } from '../../../src/db/schema/core.ts';
import { meetings } from '../../../src/db/schema/meetings.ts';
import { cardProblems } from '../../../src/cards/render-feishu-limits.ts';
import type { Card } from '../../support/bot-harness.ts';
import type { Db } from '../../../src/db/database.ts';

export const REGION = '370112001'; // 山大路街道, 历城区

export async function seedPartyOrg(
  db: Db,
  o: Partial<typeof partyOrgs.$inferInsert> & { name: string; groups?: string[] },
): Promise<{ id: string; groups: Array<{ id: string; name: string }> }> {
  const { groups = [], ...values } = o;
  const [row] = await db
    .insert(partyOrgs)
    .values({
      type: 'branch',
      formation: 'standalone',
      regionCode: REGION,
      foundedOn: '2020-03-01',
      termStartedOn: '2024-06-10',
      membersFormal: 12,
      membersProbationary: 2,
      membersUntransferred: 1,
      committeeSize: 5,
      ...values,
    })
    .returning({ id: partyOrgs.id });
  const gs = [];
  for (const [i, name] of groups.entries()) {
    const createdAt = new Date(Date.UTC(2026, 0, 1, 0, i)); // in roster order, before any test clock
    const [g] = await db.insert(partyGroups).values({ partyOrgId: row!.id, name, createdAt }).returning({ id: partyGroups.id, name: partyGroups.name });
    gs.push(g!);
  }
  return { id: row!.id, groups: gs };
}

export async function seedSecretary(db: Db, openId: string, name: string, partyOrgIds: string[]): Promise<string> {
  return seedPerson(db, { name, openId, roles: partyOrgIds.map((id) => ({ role: 'secretary' as const, partyOrgId: id })) });
}

/** Every card the bot produces must pass Feishu's limits. */
export function checked(card: Card | undefined): Card {
  expect(card, 'a card').toBeDefined();
  expect(cardProblems(card!)).toEqual([]);
  return card!;
}

/** A driver that checks every card on the way. */
export function driver(h: BotHarness, openId: string) {
  return {
    async say(text: string): Promise<Card> {
      const cards = await h.say(openId, text);
      expect(cards).toHaveLength(1);
      return checked(cards[0]);
    },
    async click(card: Card | undefined, buttonText: string, form?: Record<string, unknown>): Promise<ClickReply> {
      const r = await h.click(openId, buttonValue(card, buttonText), form);
      expect(r.status).toBe(200);
      if (r.card) checked(r.card);
      return r;
    },
    async value(value: Record<string, unknown>, form?: Record<string, unknown>): Promise<ClickReply> {
      const r = await h.click(openId, value, form);
      expect(r.status).toBe(200);
      if (r.card) checked(r.card);
      return r;
    },
  };
}

/** A meeting form as Feishu submits it (pickers carry the offset, checkers booleans). */
export function meetingForm(over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    date: '2026-11-18 +0800',
    time: '14:30 +0800',
    place: '三楼会议室',
    online: false,
    host: '李书记',
    expected: '12',
    present: '10',
    absentees: '张三 出差\n李四：病假',
    topics: '学习贯彻全会精神',
    content: '通过了年度发展党员计划',
    ...over,
  };
}

export async function liveMeetings(db: Db, partyOrgId: string) {
  return db.select().from(meetings).where(eq(meetings.partyOrgId, partyOrgId));
}

export async function auditOf(db: Db, entity: string, entityId: string) {
  return db.select().from(auditLog).where(and(eq(auditLog.entity, entity), eq(auditLog.entityId, entityId))).orderBy(auditLog.id);
}

/** The value of the input (or picker) named `name` in a card: what the person typed is kept. */
export function fieldValue(card: Card | undefined, name: string): unknown {
  const found: Array<Record<string, unknown>> = [];
  const walk = (el: any) => {
    if (!el || typeof el !== 'object') return;
    if (el.name === name) found.push(el);
    for (const k of ['elements', 'columns']) if (Array.isArray(el[k])) el[k].forEach(walk);
  };
  ((card as any)?.body?.elements ?? []).forEach(walk);
  const el = found[0];
  if (!el) return undefined;
  return el.default_value ?? el.initial_date ?? el.initial_time ?? el.initial_option ?? el.checked;
}

export { cardText, buttonValue };
