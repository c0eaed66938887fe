/**
 * An officer reminds everyone in their region who has something due. The same computation as the
 * daily digest and `cli reminders run --dry-run` gives the preview (who, how many items); nothing
 * is queued until the officer confirms. The confirmation queues a job (bulk-job.ts) keyed by the
 * bulk id, which plans again and puts one message per person in the outbox: the same confirmation
 * twice queues nothing more, and it goes out inside the send window only.
 */
import { defineFlow, type BotContext } from '../bot/flow.ts';
import { button, buttonRow, text } from '../cards/card-kit.ts';
import { lines, rich, richPrompt } from '../cards/rich.ts';
import { fillTemplate } from '../cards/templates.ts';
import { findPeopleByIds } from '../db/stores/people-store.ts';
import { bulkMessageCard, planBulk, REMINDER_BULK_JOB, type BulkJobPayload } from './bulk-job.ts';

export const BULK_FLOW = 'reminder-bulk';
/** People listed by name in the preview; the rest are counted. */
const LISTED = 20;

function officerRegions(ctx: BotContext): string[] {
  return ctx.person.roles.filter((r) => r.role === 'officer' && r.regionCode).map((r) => r.regionCode!);
}

export const bulkFlow = defineFlow({
  id: BULK_FLOW,
  version: 1,
  roles: ['officer'],
  titleKey: 'reminders.bulk.flow',
  async start(ctx, args) {
    const regions = officerRegions(ctx);
    const region = typeof args.regionCode === 'string' && regions.some((r) => String(args.regionCode).startsWith(r)) ? String(args.regionCode) : regions[0];
    if (!region) return { refuse: bulkMessageCard(ctx.t, 'reminders.bulk.title', 'reminders.bulk.none', {}) };
    const { people, items } = await planBulk(ctx.db, ctx.clock, ctx.logger, region, ctx.person.id);
    if (people.length === 0) return { refuse: bulkMessageCard(ctx.t, 'reminders.bulk.title', 'reminders.bulk.none', {}) };
    return { step: 'preview', answers: { region, bulkId: crypto.randomUUID(), people, items } };
  },
  steps: {
    preview: {
      async render(ctx, v) {
        const people = v.answers.people as Array<{ id: string; n: number }>;
        const names = new Map((await findPeopleByIds(ctx.db, people.slice(0, LISTED).map((p) => p.id))).map((p) => [p.id, p.name]));
        const listed = people.slice(0, LISTED).map((p) => rich('· ', richPrompt(ctx.t, 'reminders.bulk.person_line', { name: names.get(p.id) ?? '', n: p.n })));
        if (people.length > LISTED) listed.push(richPrompt(ctx.t, 'reminders.bulk.more', { n: people.length - LISTED }));
        const timing = ctx.policy.national.reminders.sendWindow;
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
        const payload: BulkJobPayload = {
          openId: ctx.person.openId,
          personId: ctx.person.id,
          region: String(a.region),
          bulkId: String(a.bulkId),
          from: ctx.person.name || ctx.t('reminders.bulk.officer'),
        };
        await ctx.enqueueJob({ kind: REMINDER_BULK_JOB, uniqueKey: `${REMINDER_BULK_JOB}:${payload.bulkId}`, payload: { ...payload } });
        return { kind: 'done', result: { n: people.length }, answers: a };
      },
    },
  },
  confirmation: (ctx, result) => bulkMessageCard(ctx.t, 'reminders.bulk.queued_title', 'reminders.bulk.queued', { n: Number(result.n) }),
});

