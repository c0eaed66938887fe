/**
 * `meeting`: a secretary logs a meeting once (三会一课 and the other kinds). Steps: the party org
 * (only for a secretary of several), the kind with this period's status beside each, then one
 * form per kind. Also entered from a reminder's button with {partyOrgId, kind, groupId?}, and
 * from the confirmation's edit button with {editId}.
 */
import { defineFlow, type Answers, type BotContext, type StepOutcome } from '../../bot/flow.ts';
import { notice } from '../../bot/engine.ts';
import { button, buttonRow, text } from '../../cards/card-kit.ts';
import { orange, red, richPrompt } from '../../cards/rich.ts';
import { fillTemplate } from '../../cards/templates.ts';
import { addYears, isCalendarDate, shanghaiDate, shanghaiTime } from '../../domain/shanghai-date.ts';
import type { Tx } from '../../db/database.ts';
import { getMeeting, findSameMeeting, insertMeeting, liveMeetingsOf, lockMeeting, updateMeeting, type MeetingRow } from '../../db/meetings/meeting-store.ts';
import { loadObligationInputs, obligationsOf } from '../../db/meetings/obligation-inputs.ts';
import { getPartyOrg, getPartyOrgs, groupsOf } from '../../db/meetings/party-org-store.ts';
import { isMeetingKind, KIND_SHAPES, MEETING_KINDS, type MeetingKind } from './kinds.ts';
import { canEdit, meetingConfirmation } from './meeting-card.ts';
import { meetingFormFields, prefill } from './meeting-form.ts';
import { absenteesText, validateMeeting, type Warning } from './meeting-validate.ts';
import { currentStatusText, kindLabel, lanesOf } from './obligations-view.ts';
import { inquorateDays } from './inquorate.ts';
import { applyElection } from './election-term.ts';
import { leads, secretaryOrgIds } from './scope.ts';
import { type PromptKey } from '../../bot/prompts.ts';

export const MEETING_FLOW = 'meeting';

const refuse = (ctx: BotContext, key: PromptKey) => ({ refuse: notice(ctx.t('meetings.refused_title'), ctx.t(key), [], 'orange') });

async function kindStart(ctx: BotContext, partyOrgId: string, kind: unknown, groupId: unknown, answers: Answers) {
  // A kind picked afresh starts a fresh form: nothing of another kind's warnings carries over.
  const { warnSig: _w, warnings: _ws, form: _f, ...base } = answers;
  const org = await getPartyOrg(ctx.db, partyOrgId);
  if (!org || !isMeetingKind(kind)) return { step: 'kind', answers: { ...base, partyOrgId } };
  let group: { id: string; name: string } | undefined;
  if (kind === 'group') {
    const groups = await groupsOf(ctx.db, [partyOrgId]);
    group = groups.find((g) => g.id === groupId) ?? (groups.length === 1 && !groupId ? groups[0] : undefined);
    if (!group) return { step: 'kind', answers: { ...base, partyOrgId } };
  }
  const today = shanghaiDate(ctx.clock.now());
  const form = {
    ...prefill(kind, {
      hostName: ctx.person.name,
      today,
      lastPlace: await lastPlace(ctx, partyOrgId, today),
      membersFormal: org.membersFormal,
      committeeSize: org.committeeSize,
    }),
    ...heardForm(kind, base.heard),
  };
  return { step: 'form', answers: { ...base, partyOrgId, kind, groupId: group?.id ?? null, groupName: group?.name ?? null, form, warnings: [] } };
}

/**
 * What a chat sentence told ("今天开了支委会，到了5个人": {date, present}), as form values over the
 * prefill. It also comes from a card's args, so anything odd is dropped rather than trusted.
 */
function heardForm(kind: MeetingKind, heard: unknown): Record<string, unknown> {
  if (!heard || typeof heard !== 'object') return {};
  const h = heard as Record<string, unknown>;
  const count = (x: unknown) => (typeof x === 'number' && Number.isInteger(x) && x >= 0 && x < 100_000 ? String(x) : null);
  const out: Record<string, unknown> = {};
  if (typeof h.date === 'string' && isCalendarDate(h.date)) out.date = h.date;
  if (KIND_SHAPES[kind].attendance) {
    if (count(h.present)) out.present = count(h.present);
    if (count(h.expected)) out.expected = count(h.expected);
  }
  return out;
}

/** The place of the org's latest meeting held somewhere (not online) within the past year. */
async function lastPlace(ctx: BotContext, partyOrgId: string, today: string): Promise<string | null> {
  const rows = await liveMeetingsOf(ctx.db, [partyOrgId], addYears(today, -1));
  return rows.filter((m) => !m.online && m.place).at(-1)?.place ?? null;
}

/** The draft answers for editing a saved meeting: its values as the form would send them. */
function editAnswers(m: MeetingRow, draftId: string): Answers {
  const form: Record<string, unknown> = {
    date: m.heldOn,
    time: shanghaiTime(m.heldAt),
    place: m.place ?? '',
    online: m.online,
    host: m.host ?? '',
    expected: m.expected === null ? '' : String(m.expected),
    present: m.present === null ? '' : String(m.present),
    absentees: absenteesText(m.absentees),
    topics: m.topics ?? '',
    content: m.content ?? '',
    lecturer: m.lecturer ?? '',
    title: m.title ?? '',
    also_theme_day: m.alsoThemeDay,
    election: m.election,
  };
  if (m.grades) for (const [k, v] of Object.entries(m.grades)) form[`g_${k}`] = String(v);
  return { draftId, editId: m.id, partyOrgId: m.partyOrgId, kind: m.kind, groupId: m.partyGroupId, groupName: m.groupName, form, warnings: [] };
}

const warnSig = (w: Warning[]) => w.map((x) => `${x.code}:${x.text}`).join('|');

async function submit(ctx: BotContext, form: Record<string, unknown>, answers: Answers): Promise<StepOutcome> {
  const { t } = ctx;
  const kind = answers.kind as MeetingKind;
  const keep = { ...answers, form };
  const org = leads(ctx.person, answers.partyOrgId) ? await getPartyOrg(ctx.db, answers.partyOrgId) : undefined;
  if (!org) return { kind: 'end', card: notice(t('meetings.refused_title'), t('meetings.not_your_org'), [], 'orange') };
  const policy = ctx.policy.of(org.regionCode);
  const checked = validateMeeting({ kind, form, org, policy, now: ctx.clock.now(), t });
  if (!checked.ok) return { kind: 'invalid', errors: checked.errors, answers: { ...keep, warnings: [] }, notice: t('meetings.fix_errors', { n: Object.keys(checked.errors).length }) };
  const v = checked.values;
  const editId = typeof answers.editId === 'string' ? answers.editId : undefined;
  const groupId = (answers.groupId as string | null) ?? null;
  const warnings = [...checked.warnings];
  const same = await findSameMeeting(ctx.db, { partyOrgId: org.id, kind, partyGroupId: groupId, heldAt: v.heldAt, exceptId: editId });
  if (same) warnings.push({ code: 'duplicate', field: 'date', text: t('meetings.warn.duplicate') });

  // Warnings need a second submit with the same values ("再点一次确认保存"): one way only, as the
  // notice says; an "I understand" box beside it was a second way that read as doing nothing.
  const sig = warnSig(warnings);
  if (warnings.length && answers.warnSig !== sig) {
    return { kind: 'invalid', errors: {}, answers: { ...keep, warnings, warnSig: sig }, notice: t('meetings.confirm_warnings') };
  }
  const record = {
    partyGroupId: kind === 'group' ? groupId : null,
    groupName: kind === 'group' ? ((answers.groupName as string | null) ?? null) : null,
    heldAt: v.heldAt,
    heldOn: v.heldOn,
    place: v.place,
    online: v.online,
    host: v.host,
    expected: v.expected,
    present: v.present,
    absentees: v.absentees,
    topics: v.topics,
    content: v.content,
    lecturer: v.lecturer,
    title: v.title,
    grades: v.grades,
    alsoThemeDay: v.alsoThemeDay,
    election: v.election,
    warnings: warnings.map((w) => w.code),
  };
  const tx = ctx.db as Tx;
  const now = ctx.clock.now();
  if (editId) {
    const before = await lockMeeting(tx, editId);
    if (!before || before.partyOrgId !== org.id || !canEdit(before, now)) {
      return { kind: 'end', card: notice(t('meetings.refused_title'), t('meetings.edit_closed'), [], 'orange') };
    }
    const after = await updateMeeting(tx, editId, record, now);
    await ctx.audit({ action: 'update', entity: 'meeting', entityId: editId, before: auditView(before), after: auditView(after) });
    await applyElection(ctx, tx, org.id, before, after);
    return { kind: 'done', result: { meetingId: editId, mode: 'edited' }, answers: keep };
  }
  const { row, created } = await insertMeeting(tx, {
    ...record,
    partyOrgId: org.id,
    kind,
    attachments: [],
    createdBy: ctx.person.id,
    createdAt: now,
    idempotencyKey: `meeting:${answers.draftId as string}`,
  });
  if (created) {
    await ctx.audit({ action: 'create', entity: 'meeting', entityId: row.id, after: auditView(row) });
    await applyElection(ctx, tx, org.id, null, row);
  }
  return { kind: 'done', result: { meetingId: row.id, mode: 'saved' }, answers: keep };
}

/** What the audit log keeps of a meeting: the record, with dates as ISO text. */
export function auditView(m: MeetingRow): Record<string, unknown> {
  return JSON.parse(JSON.stringify(m)) as Record<string, unknown>;
}

export const meetingFlow = defineFlow({
  id: MEETING_FLOW,
  version: 1,
  roles: ['secretary'],
  titleKey: 'meetings.flow',
  async start(ctx, args) {
    const draftId = globalThis.crypto.randomUUID();
    if (args.editId !== undefined) {
      const m = await getMeeting(ctx.db, args.editId);
      if (!m || !leads(ctx.person, m.partyOrgId)) return refuse(ctx, 'meetings.not_your_org');
      if (!canEdit(m, ctx.clock.now())) return refuse(ctx, 'meetings.edit_closed');
      return { step: 'form', answers: editAnswers(m, draftId) };
    }
    const mine = secretaryOrgIds(ctx.person);
    if (mine.length === 0) return refuse(ctx, 'meetings.no_org');
    if (args.partyOrgId !== undefined) {
      if (!leads(ctx.person, args.partyOrgId) || !(await getPartyOrg(ctx.db, args.partyOrgId))) return refuse(ctx, 'meetings.not_your_org');
      return kindStart(ctx, args.partyOrgId, args.kind, args.groupId, { draftId });
    }
    // From a sentence ("今天开了支委会…"): the kind is known, and what was heard goes into the form.
    const wanted = isMeetingKind(args.kind) ? { wantKind: args.kind, heard: args.heard ?? null } : {};
    if (mine.length === 1) return wanted.wantKind ? kindStart(ctx, mine[0]!, wanted.wantKind, null, { draftId, ...wanted }) : { step: 'kind', answers: { draftId, partyOrgId: mine[0] } };
    return { step: 'org', answers: { draftId, ...wanted } };
  },
  steps: {
    org: {
      async render(ctx, view) {
        const orgs = await getPartyOrgs(ctx.db, secretaryOrgIds(ctx.person));
        const buttons = orgs.map((o) => button(o.name, view.act('pick', { org: o.id }), { type: 'primary' }));
        return fillTemplate('message', { title: ctx.t('meetings.flow'), summary: ctx.t('meetings.flow'), color: 'red', subtitle: ctx.t('meetings.step.org') }, {
          body: [
            ...(view.notice ? [text(red(view.notice))] : []),
            text(ctx.t('meetings.pick_org')),
          ],
          buttons: [buttonRow([...buttons, button(ctx.t('engine.cancel'), view.act('cancel'))])],
        });
      },
      async handle(ctx, input, answers) {
        if (!leads(ctx.person, input.value.org)) return { kind: 'invalid', errors: {}, answers, notice: ctx.t('meetings.not_your_org') };
        if (isMeetingKind(answers.wantKind)) {
          const started = await kindStart(ctx, input.value.org, answers.wantKind, null, answers);
          return { kind: 'goto', step: started.step, answers: started.answers };
        }
        return { kind: 'goto', step: 'kind', answers: { ...answers, partyOrgId: input.value.org } };
      },
    },
    kind: {
      async render(ctx, view) {
        const { t } = ctx;
        const partyOrgId = view.answers.partyOrgId as string;
        const today = shanghaiDate(ctx.clock.now());
        const inputs = (await loadObligationInputs(ctx.db, ctx.policy, [partyOrgId], today)).get(partyOrgId);
        const lanes = inputs ? lanesOf(obligationsOf(inputs)) : [];
        const inquorate = await inquorateDays(ctx.db, partyOrgId, today);
        const buttons = [];
        for (const kind of MEETING_KINDS) {
          if (kind === 'group') {
            for (const g of inputs?.groups ?? []) {
              const lane = lanes.find((l) => l.kind === kind && l.groupId === g.id);
              const label = t('meetings.kind_button', { kind: kindLabel(t, kind, g.name), status: currentStatusText(t, lane, inquorate) });
              buttons.push(button(label, view.act('pick', { kind, group: g.id }), { type: lane?.obligations.at(-1)?.status === 'done' ? 'default' : 'primary' }));
            }
            continue;
          }
          const lane = lanes.find((l) => l.kind === kind);
          const label = t('meetings.kind_button', { kind: kindLabel(t, kind), status: currentStatusText(t, lane, inquorate) });
          buttons.push(button(label, view.act('pick', { kind }), { type: lane && lane.obligations.at(-1)?.status !== 'done' ? 'primary' : 'default' }));
        }
        const intro = [text(richPrompt(t, 'meetings.pick_kind', { org: inputs?.partyOrg.name ?? '' }))];
        if (inputs && inputs.groups.length === 0) intro.push(text(t('meetings.no_groups_hint'), { size: 'small' }));
        if (view.notice) intro.unshift(text(orange(view.notice)));
        const nav = [button(t('engine.cancel'), view.act('cancel'))];
        if (view.canGoBack) nav.unshift(button(t('engine.back'), view.act('back')));
        return fillTemplate('message', { title: t('meetings.flow'), summary: t('meetings.flow'), color: 'red', subtitle: t('meetings.step.kind') }, {
          body: [...intro, ...buttons],
          buttons: [buttonRow(nav)],
        });
      },
      async handle(ctx, input, answers) {
        const started = await kindStart(ctx, answers.partyOrgId as string, input.value.kind, input.value.group ?? null, answers);
        if (started.step !== 'form') return { kind: 'invalid', errors: {}, answers, notice: ctx.t('meetings.pick_again') };
        return { kind: 'goto', step: 'form', answers: started.answers };
      },
    },
    form: {
      async render(ctx, view) {
        const { t } = ctx;
        const a = view.answers;
        const kind = a.kind as MeetingKind;
        const org = await getPartyOrg(ctx.db, a.partyOrgId as string);
        const title = a.editId ? t('meetings.edit_title', { kind: kindLabel(t, kind, a.groupName as string | null) }) : kindLabel(t, kind, a.groupName as string | null);
        const intro = [text(richPrompt(t, 'meetings.form_intro', { org: org?.name ?? '' }))];
        if (view.notice) intro.push(text((Object.keys(view.errors).length ? red : orange)(view.notice)));
        const fields = meetingFormFields(ctx, {
          kind,
          form: (a.form as Record<string, unknown>) ?? {},
          errors: view.errors,
          warnings: (a.warnings as Warning[]) ?? [],
        });
        const submitKey = (a.warnings as Warning[] | undefined)?.length ? 'meetings.btn.confirm_save' : 'meetings.btn.save';
        const nav = [button(t('engine.cancel'), view.act('cancel'))];
        if (view.canGoBack) nav.unshift(button(t('engine.back'), view.act('back')));
        return fillTemplate('form-step', { title, summary: title, color: 'red', subtitle: t('meetings.step.form'), formName: 'meeting_form' }, {
          intro,
          fields,
          buttons: [button(t(submitKey), view.act('submit'), { type: 'strong', name: 'submit', submit: true })],
          footer: [buttonRow(nav)],
        });
      },
      handle(ctx, input, answers) {
        if (input.action !== 'submit') return { kind: 'invalid', errors: {}, answers };
        return submit(ctx, input.form, answers);
      },
    },
  },
  confirmation(ctx, result) {
    return meetingConfirmation(ctx, result.meetingId, result.mode === 'edited' ? 'edited' : 'saved');
  },
});
