import type { Bot } from '../../../src/bot/bot.ts';
import type { Card } from '../../../src/bot/types.ts';
import type { Db } from '../../../src/db/database.ts';
import { people, personRoles } from '../../../src/db/schema/core.ts';

export interface Draft {
  openId: string;
  /** The callback value of the step's submit button, as the card the person sees carries it. */
  value: Record<string, unknown>;
  /** What the person typed into the form. */
  formValue: Record<string, unknown>;
}

function buttonValue(card: Card | undefined, text: string): Record<string, unknown> {
  let found: Record<string, unknown> | undefined;
  JSON.stringify(card, (_k, v) => {
    if (!found && v && v.tag === 'button' && String(v.text?.content ?? '') === text) found = v.behaviors?.[0]?.value;
    return v;
  });
  if (!found) throw new Error(`bench flow card has no button ${text}`);
  return found;
}

async function inParallel<T>(items: T[], width: number, fn: (item: T) => Promise<void>) {
  let next = 0;
  await Promise.all(Array.from({ length: width }, async () => {
    while (next < items.length) await fn(items[next++]!);
  }));
}

/**
 * Officers with an open bench-note draft, made through the bot itself (start, then step 1 for the
 * 'submit' group): `step` people wait on step 1, `submit` people on step 2.
 */
export async function openDrafts(db: Db, bot: Bot, n: { step: number; submit: number }): Promise<{ step: Draft[]; submit: Draft[] }> {
  const total = n.step + n.submit;
  const openIds = Array.from({ length: total }, (_, i) => `ou_bench_${String(i).padStart(6, '0')}`);
  for (let i = 0; i < total; i += 500) {
    const rows = await db
      .insert(people)
      .values(openIds.slice(i, i + 500).map((openId, j) => ({ name: `干部${i + j}`, openId })))
      .returning({ id: people.id });
    await db.insert(personRoles).values(rows.map((r) => ({ personId: r.id, role: 'officer' as const })));
  }
  const out = { step: [] as Draft[], submit: [] as Draft[] };
  await inParallel(openIds, 8, async (openId) => {
    const i = Number(openId.slice(-6));
    const started = await bot.action({ openId, value: { cmd: 'start', flow: 'bench-note' }, at: new Date() });
    const next: Draft = { openId, value: buttonValue(started.card, '下一步'), formValue: { title: `第${i}次例会 🎉` } };
    if (i < n.step) {
      out.step.push(next);
      return;
    }
    const second = await bot.action({ openId, value: next.value, formValue: next.formValue, at: new Date() });
    out.submit.push({ openId, value: buttonValue(second.card, '提交'), formValue: { body: `会议内容 ${i}：学习、讨论` } });
  });
  return out;
}
