/** The step-2 form: one form per meeting kind, typed values kept, errors and warnings beside fields. */
import type { BotContext } from '../../bot/flow.ts';
import { checker, datePicker, fieldLabel, input, text, timePicker, type El } from '../../cards/card-kit.ts';
import { orange, red, richPrompt } from '../../cards/rich.ts';
import { isTimeOfDay, parseFeishuDate } from '../../domain/shanghai-date.ts';
import { GRADE_KEYS, KIND_SHAPES, type MeetingKind } from './kinds.ts';
import { isChecked, LIMITS, str, type Warning } from './meeting-validate.ts';
import type { PromptKey } from '../../bot/prompts.ts';

export interface FormView {
  kind: MeetingKind;
  form: Record<string, unknown>;
  errors: Record<string, string>;
  warnings: Warning[];
}

const error = (s: string) => text(red(s));
const warning = (s: string) => text(orange(s));

/** A picker value ("2026-11-20 +0800") as the picker's initial value ("2026-11-20"). */
const initialDate = (v: unknown) => parseFeishuDate(str(v)) ?? undefined;
const initialTime = (v: unknown) => {
  const s = str(v).split(/\s+/)[0] ?? '';
  return isTimeOfDay(s) ? s : undefined;
};

export function meetingFormFields(ctx: BotContext, v: FormView): El[] {
  const { t } = ctx;
  const shape = KIND_SHAPES[v.kind];
  const out: El[] = [];
  const notes = (name: string) => {
    if (v.errors[name] && name !== 'date' && name !== 'time') out.push(error(v.errors[name]!));
    for (const w of v.warnings.filter((x) => x.field === name)) out.push(warning(w.text));
  };
  const textField = (name: keyof typeof LIMITS, labelKey: PromptKey, required: boolean, opts: { multiline?: boolean; placeholderKey?: PromptKey } = {}) => {
    out.push(
      input({
        name,
        label: t(labelKey),
        required,
        value: str(v.form[name]),
        maxLength: LIMITS[name],
        multiline: opts.multiline,
        placeholder: opts.placeholderKey ? t(opts.placeholderKey) : undefined,
      }),
    );
    notes(name);
  };
  const count = (name: string, labelKey: PromptKey) => {
    out.push(input({ name, label: t(labelKey), required: true, value: str(v.form[name]), maxLength: 6, placeholder: t('meetings.ph.count') }));
    notes(name);
  };

  out.push(fieldLabel(t('meetings.f.date'), true, v.errors.date), datePicker({ name: 'date', label: t('meetings.f.date'), required: true, value: initialDate(v.form.date) }));
  notes('date');
  out.push(fieldLabel(t('meetings.f.time'), true, v.errors.time), timePicker({ name: 'time', label: t('meetings.f.time'), required: true, value: initialTime(v.form.time) }));
  // 地点 is required unless the meeting was online, so the client must not enforce it (an online
  // meeting may leave it empty); the * is drawn on the label instead, like the pickers above.
  out.push(fieldLabel(t('meetings.f.place'), true, v.errors.place));
  out.push(input({ name: 'place', label: '', value: str(v.form.place), maxLength: LIMITS.place, placeholder: t('meetings.ph.place') }));
  for (const w of v.warnings.filter((x) => x.field === 'place')) out.push(warning(w.text));
  out.push(checker({ name: 'online', text: t('meetings.f.online'), checked: isChecked(v.form.online) }));
  textField('host', v.kind === 'heart_talk' ? 'meetings.f.talker' : 'meetings.f.host', true);
  if (shape.lecture) {
    textField('lecturer', 'meetings.f.lecturer', true);
    textField('title', 'meetings.f.title', true);
  }
  if (shape.attendance) {
    count('expected', 'meetings.f.expected');
    count('present', 'meetings.f.present');
    textField('absentees', 'meetings.f.absentees', false, { multiline: true, placeholderKey: 'meetings.ph.absentees' });
  }
  if (shape.grades) {
    out.push(text(richPrompt(t, 'meetings.f.grades_intro')));
    for (const k of GRADE_KEYS) count(`g_${k}`, `meetings.grade.${k}`);
  }
  // 党课: 党课题目 above is its 议题; asking twice was the slowest part of logging one.
  if (!shape.lecture) textField('topics', v.kind === 'heart_talk' ? 'meetings.f.talk_topics' : 'meetings.f.topics', true);
  textField('content', v.kind === 'heart_talk' ? 'meetings.f.talk_content' : 'meetings.f.content', false, { multiline: true });
  if (shape.electionBox) out.push(checker({ name: 'election', text: t('meetings.f.election'), checked: isChecked(v.form.election) }));
  if (shape.themeDayBox) out.push(checker({ name: 'also_theme_day', text: t('meetings.f.also_theme_day'), checked: isChecked(v.form.also_theme_day) }));
  for (const w of v.warnings.filter((x) => !['present', 'g_excellent', 'date'].includes(x.field))) out.push(warning(w.text));
  return out;
}

/** The form's values as stored in the draft, prefilled from what is known (减负: never ask twice). */
export function prefill(
  kind: MeetingKind,
  known: { hostName: string; today: string; membersFormal: number; committeeSize: number; lastPlace?: string | null },
): Record<string, unknown> {
  const shape = KIND_SHAPES[kind];
  const expected = shape.expectedFrom === 'formal' ? known.membersFormal : shape.expectedFrom === 'committee' ? known.committeeSize : 0;
  return {
    date: known.today,
    host: kind === 'group' ? '' : known.hostName,
    // Most branches meet in the same room: the last place used is the likeliest one.
    ...(known.lastPlace ? { place: known.lastPlace } : {}),
    // The secretary gives a 党课 at least once a year, and is the one logging it.
    ...(shape.lecture ? { lecturer: known.hostName } : {}),
    ...(shape.attendance && expected > 0 ? { expected: String(expected) } : {}),
  };
}
