/**
 * The demo district officer's digest on a working day: it used to list every escalated item of
 * the district (53 on 2026-11-20: 8 with buttons, 20 as lines, "另有 25 项"), about three phone
 * screens. Now it opens with counts by kind, lists at most 5 of the officer's own items, and
 * leaves the escalations (already reminded to the secretaries and instructors) to a count line.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { sql } from 'drizzle-orm';
import { prompts } from '../../src/bot/all-prompts.ts';
import { blocksOf, plainText } from '../../src/cards/document.ts';
import { cardProblems } from '../../src/cards/render-feishu-limits.ts';
import { DEMO_OPEN_IDS } from '../../src/demo/demo-people.ts';
import { seedDemo } from '../../src/demo/seed-demo.ts';
import { digestCard } from '../../src/reminders/digest-card.ts';
import { dueItemsOf, planning, uncoveredWarner } from '../../src/reminders/planner.ts';
import { silentLogger } from '../../src/log/logger.ts';
import type { Db } from '../../src/db/database.ts';
import { cardText } from '../support/bot-harness.ts';
import { createTestDb, type TestDatabase } from '../support/test-db.ts';

const NOW = new Date('2026-11-20T02:00:00Z');

async function personId(db: Db, openId: string): Promise<string> {
  const r = (await db.execute(sql`select id::text as id from people where open_id = ${openId}`)) as unknown as { rows?: Array<{ id: string }> } | Array<{ id: string }>;
  return (Array.isArray(r) ? r : (r.rows ?? []))[0]!.id;
}

describe('the demo district officer’s digest fits one screen', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDb();
    await seedDemo(database, { now: NOW });
  }, 60_000);
  afterAll(() => database.drop());

  test('counts by kind first, no escalated item listed one by one, the way to the full list', async () => {
    const db = database.db;
    const onU = uncoveredWarner(silentLogger);
    const p = await planning(db, NOW, onU);
    const items = await dueItemsOf(db, await personId(db, DEMO_OPEN_IDS.districtOfficer), p, onU);
    // The district's escalations: what the officer follows up (the same data as before).
    expect(items.length).toBeGreaterThan(30);
    const card = digestCard(prompts, p.moment.today, items.map((i) => ({ ...i })));
    expect(cardProblems(card)).toEqual([]);
    const textBlocks = blocksOf(card).flatMap((b) => (b.kind === 'text' ? [plainText(b.text)] : []));
    // Before: 8 item blocks with buttons + a block of 20 lines + "另有 25 项": 31 items on the card.
    const listed = textBlocks.filter((x) => x.includes('【请督促】') || x.startsWith('· '));
    expect(listed).toEqual([]);
    expect(textBlocks.length).toBeLessThanOrEqual(4);
    const text = cardText(card);
    expect(text).toMatch(/请督促.*\d+ 个支部会议已逾期 · \d+ 家单位走访已逾期/);
    expect(text).not.toMatch(/ 0 (个|家|条|项)/);
    expect(text).toContain('11月20日');
    expect(text).not.toContain('2026-11-20');
    const buttons = blocksOf(card).filter((b) => b.kind === 'button').map((b) => (b as { text: string }).text);
    expect(buttons).toEqual(['查看全部待办']);
  });
});
