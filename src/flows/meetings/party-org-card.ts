/** `本支部`: the org's facts, its term, and this quarter's and year's obligations, with ways to keep them current. */
import { dateLabel } from '../../cards/card-date.ts';
import type { BotContext } from '../../bot/flow.ts';
import type { Command, TxContext } from '../../bot/feature.ts';
import type { Card } from '../../bot/types.ts';
import { notice } from '../../bot/engine.ts';
import { button, buttonRow, hr, text, type El } from '../../cards/card-kit.ts';
import { green, lines, orange, richPrompt, type RichPart } from '../../cards/rich.ts';
import { fillTemplate } from '../../cards/templates.ts';
import type { Policy } from '../../domain/policy/index.ts';
import type { PartyOrgType as PolicyOrgType } from '../../domain/policy/policy-schema.ts';
import { shanghaiDate } from '../../domain/shanghai-date.ts';
import { termStatus, type TermStatus } from '../../domain/terms.ts';
import type { PartyOrgType } from '../../db/schema/ledger.ts';
import { getPartyOrg, getPartyOrgs, groupsOf, type PartyOrgRow } from '../../db/meetings/party-org-store.ts';
import { obligationsBlock } from './meeting-card.ts';
import { voidElectionSince } from './inquorate.ts';
import { leads, secretaryOrgIds } from './scope.ts';
import { type PromptKey } from '../../bot/prompts.ts';

/** The ledger calls a 功能型党支部 'functional'; the policy 'functional_branch'. */
export function policyOrgType(type: PartyOrgType | string): PolicyOrgType {
  return type === 'functional' ? 'functional_branch' : (type as PolicyOrgType);
}

/** The org's term, or null when nobody recorded when it began. */
export function termOf(org: Pick<PartyOrgRow, 'type' | 'termStartedOn'>, policy: Pick<Policy, 'terms'>, today: string): TermStatus | null {
  if (!org.termStartedOn) return null;
  return termStatus({ type: policyOrgType(org.type), startedOn: org.termStartedOn, policy, today });
}

export function termText(ctx: BotContext, org: Pick<PartyOrgRow, 'type' | 'termStartedOn'>, term: TermStatus | null): string {
  const { t } = ctx;
  if (!term) return t('meetings.term.unknown');
  const today = shanghaiDate(ctx.clock.now());
  const vars = { started: dateLabel(t, org.termStartedOn!, today), ends: dateLabel(t, term.endsOn, today), days: term.daysLeft, months: term.leadMonths ?? 0 };
  if (term.status === 'overdue') return t('meetings.term.overdue', { ...vars, days: -term.daysLeft });
  if (term.leadMonths !== null) return t('meetings.term.due', vars);
  return t('meetings.term.ok', vars);
}

export async function partyOrgCard(ctx: BotContext, partyOrgId: string, lead?: string): Promise<Card> {
  const { t } = ctx;
  const org = await getPartyOrg(ctx.db, partyOrgId);
  if (!org) return notice(t('meetings.refused_title'), t('meetings.not_your_org'), [], 'orange');
  const today = shanghaiDate(ctx.clock.now());
  const policy = ctx.policy.of(org.regionCode);
  const groups = await groupsOf(ctx.db, [org.id]);
  const term = termOf(org, policy, today);
  const voidOn = await voidElectionSince(ctx.db, org.id, org.termStartedOn, today);
  const line = (key: PromptKey, value: RichPart) => richPrompt(t, 'meetings.r.line', { label: t(key), value });
  const dayOrUnknown = (day: string | null) => (day ? dateLabel(t, day, today) : t('meetings.org.unknown'));
  const facts = [
    line('meetings.org.type', t(`meetings.org_type.${org.type}`)),
    line('meetings.org.founded', dayOrUnknown(org.foundedOn)),
    line('meetings.org.members', t('meetings.org.members_value', { formal: org.membersFormal, probationary: org.membersProbationary, untransferred: org.membersUntransferred })),
    line('meetings.org.committee', t('meetings.org.committee_value', { n: org.committeeSize })),
    line('meetings.org.groups', groups.length ? groups.map((g) => g.name).join('、') : t('meetings.org.no_groups')),
    line('meetings.org.term', termText(ctx, org, term)),
    ...(voidOn ? [orange(t('meetings.term.void_election', { date: dateLabel(t, voidOn, today) }))] : []),
    // 004 §9 后备人才 and §12 轮训: shown so the secretary sees what the P1/P2 lists see.
    line('meetings.org.reserves', org.reserveSecretaries === null ? t('meetings.org.unknown') : t('meetings.org.committee_value', { n: org.reserveSecretaries })),
    line('meetings.org.secretary_trained', dayOrUnknown(org.secretaryTrainedOn)),
    line('meetings.org.workers_trained', dayOrUnknown(org.workersTrainedOn)),
  ];
  const body: El[] = [];
  if (lead) body.push(text(green(lead)));
  body.push(text(lines(facts)), hr(), ...(await obligationsBlock(ctx, org.id)));
  const mine = leads(ctx.person, org.id);
  const part = (key: PromptKey, p: string) => button(t(key), { cmd: 'start', flow: 'party-org-facts', args: { partyOrgId: org.id, part: p } });
  // Two rows, so the buttons stay readable on a phone.
  const buttons = mine
    ? [
        buttonRow([
          button(t('meetings.btn.log'), { cmd: 'start', flow: 'meeting', args: { partyOrgId: org.id } }, { type: 'primary' }),
          part('meetings.btn.facts', 'facts'),
          part('meetings.btn.groups', 'groups'),
        ]),
        buttonRow([part('meetings.btn.people', 'people'), part('meetings.btn.activists', 'activists')]),
      ]
    : [];
  const title = t('meetings.org.title', { org: org.name });
  return fillTemplate('message', { title, summary: title, color: 'red' }, { body, buttons });
}

export const partyOrgCommand: Command = {
  id: 'party-org',
  words: ['本支部', '本支部情况', '支部情况', '我的支部'],
  roles: ['secretary'],
  help: { labelKey: 'meetings.help.party_org', order: 14 },
  async run(ctx: TxContext, args) {
    const mine = secretaryOrgIds(ctx.person);
    if (args.partyOrgId !== undefined) {
      if (!leads(ctx.person, args.partyOrgId)) return notice(ctx.t('meetings.refused_title'), ctx.t('meetings.not_your_org'), [], 'orange');
      return partyOrgCard(ctx, args.partyOrgId);
    }
    if (mine.length === 0) return notice(ctx.t('meetings.refused_title'), ctx.t('meetings.no_org'), [], 'orange');
    if (mine.length === 1) return partyOrgCard(ctx, mine[0]!);
    const orgs = await getPartyOrgs(ctx.db, mine);
    return fillTemplate('message', { title: ctx.t('meetings.help.party_org'), summary: ctx.t('meetings.help.party_org'), color: 'red' }, {
      body: [text(ctx.t('meetings.pick_org'))],
      buttons: [buttonRow(orgs.map((o) => button(o.name, { cmd: 'run', command: 'party-org', args: { partyOrgId: o.id } }, { type: 'primary' })))],
    });
  },
};
