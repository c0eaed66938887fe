/**
 * The officer's policy preview names every setting in plain Chinese (issue 19 item 1): each leaf
 * of the policy an override can change (walked from the schema, so a setting added later without
 * a label fails here) and each path a named preset changes, whatever it is laid over, has its
 * policy.label.<path>; none falls back to "其他设置（path）". Report duties (reports.*) have their
 * own lines and are not labelled by path.
 */
import { expect, test } from 'vitest';
import type { z } from 'zod';
import { prompts, tables } from '../../../src/bot/all-prompts.ts';
import { changeLines } from '../../../src/flows/policy/policy-lines.ts';
import { NAMED_PRESETS, NATIONAL_DEFAULTS, PERIOD_KINDS, policyChanges, policySchema, resolvePolicy, type PolicyChange } from '../../../src/domain/policy/index.ts';

const all = Object.assign({}, ...tables) as Record<string, string>;
/** "其他设置（": how a setting without a label begins. */
const OTHER = prompts('policy.label.other', { path: '@' }).split('@')[0]!;

/** Leaf paths as policyChanges sees them: objects recurse, arrays and values are leaves; optional fields count. */
function schemaLeaves(s: z.ZodType, prefix: string, out: string[]): string[] {
  const def = s.def as { type: string; innerType?: z.ZodType; shape?: Record<string, z.ZodType> };
  if (def.type === 'optional' || def.type === 'nullable' || def.type === 'default') return schemaLeaves(def.innerType!, prefix, out);
  if (def.type === 'object') {
    for (const [k, v] of Object.entries(def.shape!)) schemaLeaves(v, prefix ? `${prefix}.${k}` : k, out);
  } else out.push(prefix);
  return out;
}

const at = (path: string): unknown => path.split('.').reduce<unknown>((v, k) => (v as Record<string, unknown> | undefined)?.[k], NATIONAL_DEFAULTS);
const render = (changes: PolicyChange[], before = NATIONAL_DEFAULTS, after = NATIONAL_DEFAULTS) => changeLines(prompts, changes, before, after);

const LEAVES = schemaLeaves(policySchema, '', []).filter((p) => p !== 'reports');

test('every setting an override can change (every leaf of the schema but reports) has a plain label', () => {
  expect(LEAVES.length).toBeGreaterThan(90);
  expect(schemaLeaves(policySchema, '', [])).toContain('reports'); // the record of duties, handled by its own lines
  const missing = LEAVES.filter((path) => {
    const v = at(path);
    const [line] = render([{ path, before: v, after: v }]);
    return !all[`policy.label.${path}`] || line!.startsWith(OTHER);
  });
  expect(missing).toEqual([]);
  // Labels are for settings that exist: none is left behind for a renamed or removed one.
  const labelled = Object.keys(all)
    .filter((k) => k.startsWith('policy.label.') && k !== 'policy.label.other')
    .map((k) => k.slice('policy.label.'.length));
  expect(labelled.filter((p) => !LEAVES.includes(p))).toEqual([]);
});

test('every path a named preset changes, over the defaults or over another preset, has a label', () => {
  const bases = [NATIONAL_DEFAULTS, ...NAMED_PRESETS.map((p) => resolvePolicy('37', [{ regionCode: '37', settings: p.settings }]))];
  let seen = 0;
  for (const preset of NAMED_PRESETS) {
    for (const before of bases) {
      const after = resolvePolicy('370112', [{ regionCode: '370112', settings: preset.settings }], before);
      const changes = policyChanges(before, after);
      seen += changes.length;
      const lines = render(changes, before, after);
      expect(lines.filter((l) => l.startsWith(OTHER)), preset.name).toEqual([]);
    }
  }
  expect(seen).toBeGreaterThan(20);
});

test('values are plain words too: a meeting period and the 入党积极分子 counts', () => {
  const lines = render([
    { path: 'meetings.lecture.period', before: 'quarter', after: 'month' },
    { path: 'people.activistsPerYear.enterprise', before: [{ fromEmployees: 50, count: 1 }], after: [{ fromEmployees: 50, count: 1 }, { fromEmployees: 100, count: 2 }] },
    { path: 'people.activistsPerYear.socialOrg', before: [], after: [{ fromStaff: 30, count: 1 }] },
  ]);
  expect(lines).toEqual([
    '党课周期：每季度 → 每月',
    '企业每年应培养入党积极分子人数：职工 50 人以上 1 名 → 职工 50 人以上 1 名、职工 100 人以上 2 名',
    '社会组织每年应培养入党积极分子人数：不设 → 从业人员 30 人以上 1 名',
  ]);
  for (const k of PERIOD_KINDS) expect(all, `policy.period.${k}`).toHaveProperty([`policy.period.${k}`]);
});
