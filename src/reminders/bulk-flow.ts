/**
 * An officer reminds everyone in their region who has something due. The same computation as the
 * daily digest and `cli reminders run --dry-run` gives the preview (who, how many items); nothing
 * is queued until the officer confirms. One message per person, through the outbox: the same
 * confirmation twice queues nothing more, and it goes out inside the send window only.
 */
import { defineFlow, type BotContext } from '../bot/flow.ts';
import { button, buttonRow, text } from '../cards/card-kit.ts';
import type { Rich } from '../cards/document.ts';
import { lines, rich, richPrompt } from '../cards/rich.ts';
import { fillTemplate } from '../cards/templates.ts';
import { enqueueBulk } from '../db/reminders/outbox-store.ts';
import { findPeopleByIds } from '../db/stores/people-store.ts';
import type { Tx } from '../db/database.ts';
import { shanghaiDate } from '../domain/shanghai-date.ts';
import { dueItemsWithin, planning, uncoveredWarner } from './planner.ts';

export const BULK_FLOW = 'reminder-bulk';
/** People listed by name in the preview; the rest are counted. */
const LISTED = 20;

function officerRegions(ctx: BotContext): string[] {
  return ctx.person.roles.filter((r) => r.role === 'officer' && r.regionCode).map((r) => r.regionCode!);
}

function message(ctx: BotContext, titleKey: string, body: Rich) {
  return fillTemplate('message', { title: ctx.t(titleKey), summary: ctx.t(titleKey), color: 'green' }, { body: [text(body)] });
}

export const bulkFlow = defineFlow({
  id: BULK_FLOW,
  version: 1,
  roles: ['officer'],
  titleKey: 'reminders.bulk.flow',
  async start(ctx, args) {
    const regions = officerRegions(ctx);
    const region = typeof args.regionCode === 'string' && regions.some((r) => String(args.regionCode).startsWith(r)) ? String(args.regionCode) : regions[0];
    if (!region) return { refuse: message(ctx, 'reminders.bulk.title', richPrompt(ctx.t, 'reminders.bulk.none')) };
    const onUncovered = uncoveredWarner(ctx.logger);
    const p = await planning(ctx.db, ctx.clock.now(), onUncovered);
    const due = (await dueItemsWithin(ctx.db, region, p, onUncovered)).filter((d) => !d.notApplicableReason && !d.snoozedUntil && d.personId !== ctx.person.id);
    const counts = new Map<string, number>();
    for (const d of due) counts.set(d.personId, (counts.get(d.personId) ?? 0) + 1);
    if (counts.size === 0) return { refuse: message(ctx, 'reminders.bulk.title', richPrompt(ctx.t, 'reminders.bulk.none')) };
    const people = [...counts].map(([id, n]) => ({ id, n }));
    return { step: 'preview', answers: { region, bulkId: crypto.randomUUID(), people, items: due.length } };
  },
  steps: {
    preview: {
      async render(ctx, v) {
        const people = v.answers.people as Array<{ id: string; n: number }>;
        const names = new Map((await findPeopleByIds(ctx.db, people.slice(0, LISTED).map((p) => p.id))).map((p) => [p.id, p.name]));
        const listed = people.slice(0, LISTED).map((p) => rich('· ', richPrompt(ctx.t, 'reminders.bulk.person_line', { name: names.get(p.id) ?? '', n: p.n })));
        if (people.length > LISTED) listed.push(richPrompt(ctx.t, 'reminders.bulk.more', { n: people.length - LISTED }));
        const timing = (await planning(ctx.db, ctx.clock.now(), uncoveredWarner(ctx.logger))).ctx.variants.list[0]!.policy.reminders.sendWindow;
        return fillTemplate('form-step', { title: ctx.t('reminders.bulk.title'), summary: ctx.t('reminders.bulk.title'), color: 'orange', formName: 'reminder_bulk' }, {
          intro: [text(richPrompt(ctx.t, 'reminders.bulk.preview', { people: people.length, items: Number(v.answers.items) })), text(lines(listed))],
          fields: [],
          buttons: [
            buttonRow([
              button(ctx.t('reminders.bulk.confirm'), v.act('submit'), { type: 'strong', submit: true, name: 'rb_submit' }),
              button(ctx.t('engine.cancel'), v.act('cancel'), { name: 'rb_cancel' }),
            ]),
          ],
          footer: [text(richPrompt(ctx.t, 'reminders.bulk.note', { from: timing.from, until: timing.until }), { size: 'small' })],
        });
      },
      async handle(ctx, _i, a) {
        const people = a.people as Array<{ id: string; n: number }>;
        const from = ctx.person.name || ctx.t('reminders.bulk.officer');
        const now = ctx.clock.now();
        const queued = await enqueueBulk(ctx.db as Tx, String(a.bulkId), people.map((p) => ({ personId: p.id, payload: { from, n: p.n } })), shanghaiDate(now), now);
        await ctx.audit({ action: 'create', entity: 'reminder_bulk', entityId: String(a.bulkId), after: { region: a.region, people: people.length, queued } });
        return { kind: 'done', result: { n: people.length }, answers: a };
      },
    },
  },
  confirmation: (ctx, result) => message(ctx, 'reminders.bulk.done_title', richPrompt(ctx.t, 'reminders.bulk.done', { n: Number(result.n) })),
});

