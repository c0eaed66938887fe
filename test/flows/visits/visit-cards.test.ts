/**
 * Every card the visits feature produces, rendered at its largest realistic size, stays within
 * Feishu's limits (30 KB, 200 elements, 5 tables, forms at the root with unique names).
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { createBotHarness, type BotHarness } from '../../support/bot-harness.ts';
import { cardProblems } from '../../../src/cards/render-feishu-limits.ts';
import type { Card } from '../../support/bot-harness.ts';
import { prompts } from '../../../src/bot/all-prompts.ts';
import visitPrompts from '../../../prompts/visits.json' with { type: 'json' };
import { visitActions } from '../../../src/flows/visits/visit-actions.ts';
import { VISIT_TOPICS, VISIT_WAYS, visitProblems } from '../../../src/db/schema/visits.ts';
import { assign, buttonValue, cardText, pastVisit, rowButton, seedInstructor, seedOfficer, seedOrg, visitForm } from './visit-kit.ts';

const NOW = '2026-11-20T02:00:00Z';
let h: BotHarness;
const cards: Array<[string, Card | undefined]> = [];
const long = (s: string, n: number) => s.repeat(Math.ceil(n / s.length)).slice(0, n);

beforeAll(async () => {
  h = await createBotHarness({ now: NOW });
  const busy = await seedInstructor(h.db, 'ou_busy', '忙碌指导员');
  await seedOfficer(h.db, 'ou_big_off', '大区干部');
  // An instructor far past the caps (exceptions), orgs with long names and many open problems.
  for (let i = 0; i < 30; i++) {
    const id = await seedOrg(h.db, { name: `${long('很长的单位名称', 60)}${i}`, formation: i % 3 ? 'standalone' : 'none' });
    await assign(h.db, busy, id, '2026-09-01', i > 7 ? '例外' : null);
    if (i < 3) {
      const v = await pastVisit(h.db, { orgId: id, instructorId: busy, visitedOn: '2026-11-02' });
      await h.db.insert(visitProblems).values(Array.from({ length: i === 0 ? 40 : 10 }, (_, k) => ({ visitId: v, orgId: id, text: long(`问题${k}`, 300), position: k })));
    }
  }
  // A district with many instructors.
  for (let i = 0; i < 80; i++) {
    const p = await seedInstructor(h.db, `ou_many_${i}`, `指导员${String(i).padStart(2, '0')}`);
    const id = await seedOrg(h.db, { name: `${long('区内单位', 40)}${i}` });
    await assign(h.db, p, id, '2026-09-01');
  }
});
afterAll(() => h.close());

test('every card at its largest passes cardProblems', async () => {
  const say = async (who: string, text: string) => (await h.say(who, text)).at(-1);
  const click = async (who: string, value: Record<string, unknown>, form?: Record<string, unknown>) => (await h.click(who, value, form)).card;

  const pick = await say('ou_busy', '记录走访');
  cards.push(['pick', pick]);
  const searched = await click('ou_busy', buttonValue(pick, '搜索'), { q: '很长' });
  cards.push(['search results', searched]);
  const form = await click('ou_busy', rowButton(searched, `${long('很长的单位名称', 60)}0**`));
  cards.push(['form', form]);
  expect(cardText(form)).toContain('以前提出、尚未解决的问题（40 条）');
  expect(cardText(form)).toContain('另有 25 条较新的问题');
  const huge = visitForm({ found: long('情况', 5000), problems: long('问题', 5000), next_steps: long('步骤', 5000) });
  const invalid = await click('ou_busy', buttonValue(form, '提交'), huge);
  cards.push(['form with every text too long', invalid]);
  expect(cardText(invalid)).toContain('不能超过 1000 字');
  const full = visitForm({ found: long('情况', 1000), problems: Array.from({ length: 25 }, (_, k) => long(`第${k}条问题`, 38)).join('\n'), next_steps: long('步骤', 1000) });
  const saved = await click('ou_busy', buttonValue(invalid, '提交'), full);
  cards.push(['confirmation at full length', saved]);
  expect(cardText(saved)).toContain('已保存');
  cards.push(['delete question', await click('ou_busy', buttonValue(saved, '删除'))]);
  const offer = (await h.sendFile('ou_busy', `${long('文件名', 200)}.pdf`, new Uint8Array([1]))).at(-1);
  cards.push(['attach offer', offer]);
  cards.push(['attached', await click('ou_busy', buttonValue(offer, '附上'))]);
  cards.push(['edit form', await click('ou_busy', buttonValue(saved, '修改'))]);
  cards.push(['my orgs', await say('ou_busy', '我的单位')]);
  cards.push(['overview', await say('ou_big_off', '走访情况')]);
  const assignForm = await click('ou_big_off', { cmd: 'start', flow: 'visit-assign', args: { fresh: true } });
  cards.push(['assign form', assignForm]);

  for (const [name, card] of cards) {
    expect(card, name).toBeDefined();
    expect(cardProblems(card!), name).toEqual([]);
  }
});

test('every prompt key the visits code uses exists, and every prompt of the file is used', () => {
  const dir = join(import.meta.dirname, '../../../src/flows/visits');
  const source = readdirSync(dir)
    .map((f) => readFileSync(join(dir, f), 'utf8'))
    .join('\n');
  // Quoted visit.* strings are prompt keys, except the names of the feature's button handlers.
  const literal = [...source.matchAll(/'(visit\.[a-z_.]+[a-z_])'/g)].map((m) => m[1]!).filter((k) => !(k in visitActions));
  const dynamic = [
    ...VISIT_WAYS.map((w) => `visit.way.${w}`),
    ...VISIT_TOPICS.map((x) => `visit.topic.${x}`),
    ...['standalone', 'joint'].map((f) => `visit.formation.${f}`),
    ...['operating', 'suspended', 'bankrupt', 'deregistered', 'shell'].map((s) => `visit.org_status.${s}`),
    ...['out_of_scope', 'free_many', 'free_none'].map((l) => `visit.pick.lead_${l}`),
    ...['late', 'gone', 'not_yours'].map((w) => `visit.edit.refused_${w}`),
    ...['with', 'without', 'total'].map((r) => `visit.assign.over_${r}`),
  ];
  const missing = [...literal, ...dynamic].filter((k) => !(k in visitPrompts));
  expect(missing).toEqual([]);
  const used = new Set([...literal, ...dynamic]);
  expect(Object.keys(visitPrompts).filter((k) => !used.has(k))).toEqual([]);
  // The file is registered with the bot.
  expect(prompts('visit.flow_title')).toBe('记录走访');
});
