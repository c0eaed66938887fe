import { afterAll, beforeAll, expect, test } from 'vitest';
import { createBotHarness, elementsOf, type BotHarness } from '../support/bot-harness.ts';
import { cardProblems } from '../../src/cards/render-feishu-limits.ts';
import { renderFeishu } from '../../src/cards/render-feishu.ts';
import { renderConsole } from '../../src/cards/render-console.ts';
import { seedDemo } from '../../src/demo/seed-demo.ts';
import { consolePeople } from '../../src/console/console-people.ts';
import { hasRole } from '../../src/bot/flow.ts';
import { findPersonByOpenId } from '../../src/db/stores/people-store.ts';
import type { Card } from '../support/bot-harness.ts';
import { prompts } from '../../src/bot/all-prompts.ts';
import type { CardDoc } from '../../src/cards/document.ts';
import { renderDingtalk, DINGTALK_MAX_LINKS, DINGTALK_TEXT_MAX } from '../../src/cards/render-dingtalk.ts';
import { deriveForm, renderFormMessage, startForm } from '../../src/cards/render-dingtalk-form.ts';

/**
 * Renders every card the bot can produce for the demo district — each command for each person who
 * may use it, and the cards behind each of their buttons, two clicks deep — and checks Feishu's
 * limits (≤ 30 KB, ≤ 200 elements, forms only at the root, unique names, ≤ 5 tables), and that
 * no card shows markup characters as text.
 */
let h: BotHarness;
const MAX_CLICKS_PER_PERSON = 40;

beforeAll(async () => {
  h = await createBotHarness({ now: '2026-11-20T02:00:00Z' });
  await seedDemo(h.database, { now: h.clock.now() });
}, 120_000);
afterAll(() => h?.close());

function buttons(card: Card): Array<{ value: Record<string, unknown>; confirm: boolean; submit: boolean }> {
  return elementsOf(card)
    .filter((e) => e.tag === 'button' && e.behaviors?.[0]?.type === 'callback')
    .map((e) => ({ value: e.behaviors[0].value, confirm: !!e.confirm, submit: e.form_action_type === 'submit' }));
}

test('every card within reach of every demo person is within Feishu limits', async () => {
  const people = await consolePeople(h.db);
  const seen = new Set<string>();
  const bad: string[] = [];
  let checked = 0;
  const check = (card: Card | undefined, where: string) => {
    if (!card) return;
    const key = JSON.stringify(card);
    if (seen.has(key)) return;
    seen.add(key);
    checked++;
    const p = cardProblems(card);
    if (p.length) bad.push(`${where}: ${p.join('; ')}`);
    // Words shown as data where style was meant (a prompt's `**` passed as plain text), or a
    // visible escape: the demo's own data holds neither, so either one is a bug in a card.
    const json = JSON.stringify(card);
    if (json.includes('&#42;&#42;')) bad.push(`${where}: shows literal ** (a prompt with bold passed as plain text)`);
    if (json.includes('\\\\')) bad.push(`${where}: shows a backslash`);
  };
  for (const p of people) {
    const person = (await findPersonByOpenId(h.db, p.openId)) ?? { id: null, openId: p.openId, name: '', roles: [] };
    let clicks = 0;
    for (const cmd of h.service.bot.commands) {
      if (!hasRole(person, cmd.roles) || cmd.id === 'cancel') continue;
      const cards = await h.say(p.openId, cmd.words[0]!);
      cards.forEach((c) => check(c, `${p.name} ${cmd.words[0]}`));
      // Follow the buttons two levels deep (never the ones that ask for confirmation: deletes).
      const frontier = cards.flatMap((c) => buttons(c).filter((b) => !b.confirm));
      for (const b of frontier) {
        if (clicks++ >= MAX_CLICKS_PER_PERSON) break;
        const r = await h.click(p.openId, b.value, b.submit ? {} : undefined);
        expect(r.status).toBe(200);
        check(r.card, `${p.name} ${cmd.words[0]} → ${JSON.stringify(b.value).slice(0, 60)}`);
        for (const b2 of r.card ? buttons(r.card).filter((x) => !x.confirm && !x.submit).slice(0, 3) : []) {
          if (clicks++ >= MAX_CLICKS_PER_PERSON) break;
          const r2 = await h.click(p.openId, b2.value);
          check(r2.card, `${p.name} ${cmd.words[0]} → … → ${JSON.stringify(b2.value).slice(0, 60)}`);
        }
      }
      await h.say(p.openId, '取消');
    }
  }
  // Cards the bot sent to other people along the way (notifications, digests).
  for (const to of h.messenger.recipients()) for (const m of h.messenger.messages(to)) if (m.card) check(renderFeishu(m.card), `sent to ${to}`);
  expect(bad).toEqual([]);
  expect(checked).toBeGreaterThan(30);
  // The same documents as the console draws them: every block kind known, nothing left undrawn.
  const docs = h.allDocs();
  expect(docs.length).toBeGreaterThan(30);
  const undrawn = docs.map((d) => [d.title, renderConsole(d)] as const).filter(([, html]) => html.includes('fc-unknown'));
  expect(undrawn.map(([t]) => t)).toEqual([]);

  // The same documents as DingTalk draws them: a markdown message (and, for a form, its first
  // question and its summary) within the size we keep to, with no more links than we show.
  const dtBad: string[] = [];
  let dtChecked = 0;
  const dtCheck = (text: string, where: string) => {
    dtChecked++;
    const links = (text.match(/\(dtmd:\/\//g) ?? []).length;
    // The form's question adds a few lines to the card's own text, which is cut at DINGTALK_TEXT_MAX.
    if (text.length > DINGTALK_TEXT_MAX + 2000) dtBad.push(`${where}: ${text.length} characters`);
    // The card's own buttons and the question's each stop at DINGTALK_MAX_LINKS links.
    if (links > DINGTALK_MAX_LINKS * 2) dtBad.push(`${where}: ${links} links`);
  };
  let codes = 0;
  const code = () => String(++codes);
  for (const doc of docs) {
    const form = deriveForm(doc);
    if (!form || form.questions.length === 0) dtCheck(renderDingtalk(doc, { t: prompts, code }).text, doc.title);
    else {
      const s = startForm(doc, form, 1);
      dtCheck(renderFormMessage(s, prompts, code).text, `${doc.title} (first question)`);
      s.pos = s.order.length;
      dtCheck(renderFormMessage(s, prompts, code).text, `${doc.title} (summary)`);
    }
  }
  expect(dtBad).toEqual([]);
  expect(dtChecked).toBeGreaterThan(30);
}, 300_000);
