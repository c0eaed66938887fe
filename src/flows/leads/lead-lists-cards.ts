/**
 * 我的线索 (the leads a person handles or registered, with what is due) and 线索情况 (an officer's
 * region: leads by state and age, members brought in). Counts and lists; nobody is ranked.
 */
import { button, buttonRow, factsTable, fieldLabel, form, select, table, text, type El } from '../../cards/card-kit.ts';
import { dateLabel } from '../../cards/card-date.ts';
import { bold, grey, lines, richPrompt } from '../../cards/rich.ts';
import { fillTemplate } from '../../cards/templates.ts';
import type { TxContext } from '../../bot/feature.ts';
import type { TableCell } from '../../cards/document.ts';
import type { Card } from '../../bot/types.ts';
import { LEAD_STATES } from '../../db/schema/leads.ts';
import { leadsOf } from '../../db/leads/lead-lists.ts';
import { leadOverview, OPEN_STATES } from '../../db/leads/lead-stats.ts';
import { memberCountsByPrimary } from '../../db/leads/party-org-members.ts';
import { contactDates } from '../../db/leads/due-leads.ts';
import { regionName } from '../../db/leads/workplace-search.ts';
import { shanghaiDate } from '../../domain/shanghai-date.ts';
import { auditView } from './lead-card.ts';

/** A select of the listed leads and a button to open one (tables cannot hold buttons). */
function openForm(ctx: TxContext, options: Array<{ value: string; text: string }>): El[] {
  if (options.length === 0) return [];
  return [
    form('lead_open', [
      fieldLabel(ctx.t('leads.list.open_label')),
      select({ name: 'leadId', label: ctx.t('leads.list.open_label'), required: true, options }),
      buttonRow([button(ctx.t('leads.view'), { h: 'lead.view' }, { type: 'primary', submit: true, name: 'open' })]),
    ]),
  ];
}

const clip = (s: string, n: number) => ([...s].length > n ? [...s].slice(0, n).join('') + '…' : s);

export async function myLeadsCard(ctx: TxContext): Promise<Card> {
  const now = ctx.clock.now();
  const today = shanghaiDate(now);
  const mine = await leadsOf(ctx.db, ctx.person);
  const title = ctx.t('leads.mine.title');
  if (mine.length === 0) {
    return fillTemplate('message', { title, summary: title, color: 'blue' }, { body: [text(ctx.t('leads.mine.none'))], buttons: [] });
  }
  const rows: Array<Record<string, TableCell>> = [];
  let overdue = 0;
  for (const { lead, handling } of mine) {
    let due = '';
    if (lead.state === 'new') {
      const { dueOn } = contactDates(lead.createdAt, ctx.policy.of(lead.regionCode), (year) => ctx.logger.warn('no holiday data', { year }));
      const late = today > dueOn;
      if (late && handling) overdue++;
      const shown = dateLabel(ctx.t, dueOn, today);
      due = late ? ctx.t('leads.list.overdue', { date: shown }) : shown;
    }
    rows.push({
      name: clip(lead.name ?? '', 12),
      state: ctx.t(`leads.state.${lead.state}`),
      due,
      role: ctx.t(handling ? 'leads.mine.handling' : 'leads.mine.registered'),
    });
    await auditView(ctx.db, ctx.person, lead.id, now, 'list');
  }
  const intro = overdue ? ctx.t('leads.mine.intro_overdue', { n: mine.length, overdue }) : ctx.t('leads.mine.intro', { n: mine.length });
  return fillTemplate('message', { title, summary: title, color: overdue ? 'orange' : 'blue' }, {
    body: [
      text(intro),
      table(
        [
          { name: 'name', label: ctx.t('leads.field.name') },
          { name: 'state', label: ctx.t('leads.list.state') },
          { name: 'due', label: ctx.t('leads.field.due') },
          { name: 'role', label: ctx.t('leads.mine.role') },
        ],
        rows,
      ),
    ],
    buttons: openForm(
      ctx,
      mine.map(({ lead }) => ({ value: lead.id, text: `${clip(lead.name ?? '', 12)} · ${ctx.t(`leads.state.${lead.state}`)}` })),
    ),
  });
}

export async function overviewCard(ctx: TxContext): Promise<Card> {
  const region = ctx.person.roles.find((r) => r.role === 'officer' && r.regionCode)?.regionCode;
  const title = ctx.t('leads.overview.title');
  if (!region) return fillTemplate('message', { title, summary: title, color: 'grey' }, { body: [text(ctx.t('leads.overview.no_region'))], buttons: [] });
  const now = ctx.clock.now();
  const o = await leadOverview(ctx.db, ctx.policy, region, now, { onUncovered: (year) => ctx.logger.warn('no holiday data', { year }) });
  const members = await memberCountsByPrimary(ctx.db, region);
  const policy = ctx.policy.of(region);
  const total = Object.values(o.byState).reduce((a, b) => a + b, 0);
  const name = await regionName(ctx.db, region);

  // The first screen answers the question: the states that hold leads (rows of 0 are left out),
  // then one key column per list with the facts under the name, so nothing needs a sideways swipe.
  const sep = ctx.t('card.fact_sep');
  const today = shanghaiDate(now);
  const held = LEAD_STATES.filter((s) => o.byState[s] > 0);
  const aging = OPEN_STATES.filter((s) => o.ages[s].week + o.ages[s].month + o.ages[s].older > 0);
  const body: El[] = [text(richPrompt(ctx.t, 'leads.overview.intro', { region: name, date: dateLabel(ctx.t, today, today), total }))];
  if (held.length) {
    body.push(
      table(
        [
          { name: 'state', label: ctx.t('leads.list.state') },
          { name: 'n', label: ctx.t('leads.overview.count'), type: 'number' },
        ],
        held.map((s) => ({ state: ctx.t(`leads.state.${s}`), n: o.byState[s] })),
        10,
        'state',
      ),
    );
  }
  if (aging.length) {
    body.push(
      text(bold(ctx.t('leads.overview.ages'))),
      factsTable(
        ctx.t('leads.list.state'),
        aging.map((s) => ({ name: ctx.t(`leads.state.${s}`), facts: [ctx.t('leads.overview.age_facts', o.ages[s])] })),
        sep,
      ),
    );
  }
  body.push(
    text(
      lines([
        ctx.t('leads.overview.overdue', { days: policy.memberFinding.contactWithinWorkingDays, n: o.overdue }),
        ctx.t('leads.overview.out_of_contact', { months: policy.memberFinding.outOfContactMonths, n: o.outOfContact }),
        ctx.t('leads.overview.incorporated', { month: o.incorporatedThisMonth, year: o.incorporatedThisYear }),
        ctx.t('leads.overview.members', { total: members.total, primary: members.primary, participating: members.participatingOnly }),
      ]),
    ),
  );
  if (o.outOfContact) body.push(text(grey(ctx.t('leads.out_of_contact.rule', { months: policy.memberFinding.outOfContactMonths })), { size: 'small' }));
  if (o.oldest.length) {
    body.push(
      text(bold(ctx.t('leads.overview.oldest'))),
      factsTable(
        ctx.t('leads.field.name'),
        o.oldest.map((l) => ({
          name: clip(l.name ?? '', 12),
          facts: [
            ctx.t(`leads.state.${l.state}`) + (l.overdue ? ctx.t('leads.overview.late_mark') : ''),
            ctx.t('leads.overview.age_days', { n: l.ageDays }),
            // Officers may open each lead in full; the list itself shows no more than it needs.
            clip(l.workplace ?? '', 16),
          ],
        })),
        sep,
      ),
    );
    for (const l of o.oldest) await auditView(ctx.db, ctx.person, l.id, now, 'overview');
  }
  return fillTemplate('message', { title, subtitle: name, summary: title, color: 'red' }, {
    body,
    buttons: openForm(
      ctx,
      o.oldest.map((l) => ({ value: l.id, text: `${clip(l.name ?? '', 12)} · ${ctx.t(`leads.state.${l.state}`)}` })),
    ),
  });
}
