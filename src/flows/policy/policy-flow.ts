/**
 * `region-policy` (issue 19 item 1): an officer's (or admin's) region policy in chat. The card
 * shows the policy in force in plain Chinese and offers the named presets (one per source
 * document), 修改数值 and 恢复上级规定; each leads to a preview of what changes (before → after,
 * and the party-org coverage rate when the counting rules change), then 确认 / 取消. Confirm
 * writes through the same store functions as `cli policy set|unset` (one transaction with its
 * audit row); the engine keeps the result, so a double tap writes once.
 *
 * Start args: {code} (a button, checked against the person's scope) or {text} (a chat line).
 */
import { defineFlow, type Answers, type BotContext, type StepOutcome } from '../../bot/flow.ts';
import { button, buttonRow, text, type El } from '../../cards/card-kit.ts';
import { lines, red, richPrompt } from '../../cards/rich.ts';
import { fillTemplate } from '../../cards/templates.ts';
import { previewOverride, readOverride, setOverride, unsetOverride } from '../../db/stores/policy-override-write-store.ts';
import { mergeOverride, NAMED_PRESETS, namedPreset, PolicyError, validatePolicyOverride, type DeepPartial, type Policy } from '../../domain/policy/index.ts';
import { shanghaiDate } from '../../domain/shanghai-date.ts';
import { draftOf, formFields, readForm, typedDraft } from './policy-form.ts';
import { changeLines, policyMessage, summaryLines } from './policy-lines.ts';
import { coverageShift } from './policy-coverage.ts';
import { mayEditPolicy, POLICY_FLOW, policyRegion } from './policy-scope.ts';

export { POLICY_FLOW };

/** What the preview and confirm apply: a preset by name, the edited override, or removal. */
type Change = { kind: 'preset'; name: string } | { kind: 'edit'; settings: DeepPartial<Policy> } | { kind: 'unset' };

function changeOf(a: Answers): Change | null {
  const c = a.change as Change | undefined;
  if (!c) return null;
  if (c.kind === 'preset') return namedPreset(c.name) ? c : null;
  return c.kind === 'edit' || c.kind === 'unset' ? c : null;
}

/** The region's own override after the change (null: none). */
function nextOverride(c: Change): DeepPartial<Policy> | null {
  if (c.kind === 'preset') return namedPreset(c.name)!.settings;
  return c.kind === 'edit' ? c.settings : null;
}

async function inForce(ctx: BotContext, code: string): Promise<Policy> {
  return (await previewOverride(ctx.db, code, await readOverride(ctx.db, code))).before;
}

const region = (a: Answers) => ({ code: String(a.code), name: String(a.regionName) });

function refusedOutcome(ctx: BotContext): StepOutcome {
  return { kind: 'end', card: policyMessage(ctx.t('policy.scope.refused_title'), [text(ctx.t('engine.not_yours'))], [], 'orange'), toast: { type: 'error', content: ctx.t('policy.scope.refused_title') } };
}

async function submitForm(ctx: BotContext, form: Record<string, unknown>, answers: Answers): Promise<StepOutcome> {
  const { code } = region(answers);
  const policy = await inForce(ctx, code);
  const draft = typedDraft(policy, form, (answers.draft as Record<string, string>) ?? draftOf(policy));
  const kept = { ...answers, draft };
  const read = readForm(ctx.t, policy, draft);
  if (!read.patch) return { kind: 'invalid', errors: read.errors, answers: kept, notice: ctx.t('policy.err.fix_marked') };
  const settings = mergeOverride((await readOverride(ctx.db, code)) ?? {}, read.patch);
  // The lone override is what the store checks; the merged policy is what the region will have.
  const alone = validatePolicyOverride({ regionCode: code, settings });
  let detail = alone.ok ? null : alone.issues.map((i) => i.path).join(ctx.t('policy.list_sep'));
  if (!detail) {
    try {
      await previewOverride(ctx.db, code, settings);
    } catch (e) {
      if (!(e instanceof PolicyError)) throw e;
      detail = e.issues.map((i) => i.path).join(ctx.t('policy.list_sep'));
    }
  }
  if (detail) return { kind: 'invalid', errors: {}, answers: kept, notice: ctx.t('policy.err.invalid', { detail }) };
  return { kind: 'goto', step: 'preview', answers: { ...kept, change: { kind: 'edit', settings } } };
}

async function confirm(ctx: BotContext, answers: Answers): Promise<StepOutcome> {
  const { code } = region(answers);
  // Again at the write: the person's roles may have changed since the card was opened.
  if (!mayEditPolicy(ctx.person, code)) return refusedOutcome(ctx);
  const change = changeOf(answers);
  if (!change) return { kind: 'invalid', errors: {}, answers, notice: ctx.t('engine.unknown_action') };
  const who = { actorId: ctx.person.id, actorLabel: ctx.person.openId, at: ctx.clock.now(), reason: change.kind === 'preset' ? change.name : `chat:${change.kind}` };
  const next = nextOverride(change);
  if (next) await setOverride(ctx.db, code, next, who);
  else await unsetOverride(ctx.db, code, who);
  return { kind: 'done', result: { code, regionName: String(answers.regionName), unset: !next }, answers };
}

export const policyFlow = defineFlow({
  id: POLICY_FLOW,
  version: 1,
  roles: ['officer', 'admin'],
  titleKey: 'policy.flow_title',
  async start(ctx, args) {
    const r = await policyRegion(ctx, args);
    if ('card' in r) return { refuse: r.card };
    return { step: 'view', answers: { code: r.code, regionName: r.name } };
  },
  steps: {
    view: {
      async render(ctx, view) {
        const t = ctx.t;
        const { code, name } = region(view.answers);
        const own = await readOverride(ctx.db, code);
        const policy = await inForce(ctx, code);
        const title = t('policy.view.title', { region: name });
        const body: El[] = [text(t(own ? 'policy.view.own' : 'policy.view.inherited'), { size: 'small' }), text(lines(summaryLines(t, policy)))];
        if (view.notice) body.unshift(text(red(view.notice)));
        body.push(text(t('policy.view.presets'), { size: 'small' }));
        body.push(buttonRow(NAMED_PRESETS.map((p) => button(p.name, view.act('preset', { preset: p.name })))));
        const actions = [button(t('policy.view.edit'), view.act('edit'), { type: 'primary' })];
        if (own) actions.push(button(t('policy.view.unset'), view.act('unset')));
        actions.push(button(t('engine.cancel'), view.act('cancel')));
        return fillTemplate('message', { title, summary: title, color: 'red' }, { body, buttons: [buttonRow(actions)] });
      },
      async handle(ctx, input, answers) {
        const base = { code: answers.code, regionName: answers.regionName };
        if (input.action === 'preset') {
          const p = typeof input.value.preset === 'string' ? namedPreset(input.value.preset) : undefined;
          if (!p) return { kind: 'invalid', errors: {}, answers, notice: ctx.t('engine.unknown_action') };
          return { kind: 'goto', step: 'preview', answers: { ...base, change: { kind: 'preset', name: p.name } } };
        }
        if (input.action === 'edit') return { kind: 'goto', step: 'form', answers: { ...base, draft: draftOf(await inForce(ctx, String(answers.code))) } };
        if (input.action === 'unset') return { kind: 'goto', step: 'preview', answers: { ...base, change: { kind: 'unset' } } };
        return { kind: 'invalid', errors: {}, answers };
      },
    },
    form: {
      async render(ctx, view) {
        const t = ctx.t;
        const { code, name } = region(view.answers);
        const policy = await inForce(ctx, code);
        const draft = (view.answers.draft as Record<string, string>) ?? draftOf(policy);
        const title = t('policy.form.title', { region: name });
        const intro: El[] = [text(t('policy.form.intro'))];
        if (view.notice) intro.push(text(red(view.notice)));
        return fillTemplate(
          'form-step',
          { title, summary: title, color: 'red', formName: 'policy_form' },
          {
            intro,
            fields: formFields(t, policy, draft, view.errors),
            buttons: [button(t('policy.form.next'), view.act('submit'), { type: 'strong', name: 'submit', submit: true })],
            footer: [buttonRow([button(t('engine.back'), view.act('back')), button(t('engine.cancel'), view.act('cancel'))])],
          },
        );
      },
      handle(ctx, input, answers) {
        if (input.action !== 'submit') return { kind: 'invalid', errors: {}, answers };
        return submitForm(ctx, input.form, answers);
      },
    },
    preview: {
      async render(ctx, view) {
        const t = ctx.t;
        const { code, name } = region(view.answers);
        const change = changeOf(view.answers);
        const title = t('policy.preview.title', { region: name });
        const back = button(t('engine.back'), view.act('back'));
        const cancel = button(t('engine.cancel'), view.act('cancel'));
        if (!change) return fillTemplate('message', { title, summary: title, color: 'orange' }, { body: [text(t('engine.unknown_action'))], buttons: [buttonRow([back, cancel])] });
        const p = await previewOverride(ctx.db, code, nextOverride(change));
        const lead =
          change.kind === 'preset'
            ? t('policy.preview.preset', { name: change.name, region: name })
            : t(change.kind === 'edit' ? 'policy.preview.edit' : 'policy.preview.unset', { region: name });
        const body: El[] = [];
        if (view.notice) body.push(text(red(view.notice)));
        if (!p.changes.length) {
          body.push(text(t('policy.preview.nothing')));
          return fillTemplate('message', { title, summary: title, color: 'grey' }, { body, buttons: [buttonRow([back, cancel])] });
        }
        body.push(text(lead), text(lines(changeLines(t, p.changes, p.before, p.after))));
        const shift = await coverageShift(ctx.db, code, p.before, p.after, shanghaiDate(ctx.clock.now()));
        if (shift) body.push(text(richPrompt(t, 'policy.preview.coverage', shift)));
        const ok = button(t('policy.preview.confirm'), view.act('confirm'), { type: 'danger' });
        return fillTemplate('message', { title, summary: title, color: 'orange' }, { body, buttons: [buttonRow([ok, back, cancel])] });
      },
      handle(ctx, input, answers) {
        if (input.action !== 'confirm') return { kind: 'invalid', errors: {}, answers };
        return confirm(ctx, answers);
      },
    },
  },
  async confirmation(ctx, result) {
    const t = ctx.t;
    const code = String(result.code);
    const title = t('policy.done.title', { region: String(result.regionName) });
    const policy = await inForce(ctx, code);
    return fillTemplate('message', { title, summary: title, color: 'green' }, {
      body: [text(t(result.unset ? 'policy.done.unset' : 'policy.done.saved')), text(lines(summaryLines(t, policy)))],
      buttons: [
        buttonRow([
          button(t('policy.done.coverage'), { h: 'ledger.cov', code, keep: true }, { type: 'primary' }),
          button(t('policy.done.again'), { cmd: 'start', flow: POLICY_FLOW, args: { code } }),
        ]),
      ],
    });
  },
});
