import { expect, test } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import meetingPrompts from '../../../prompts/meetings.json' with { type: 'json' };
import { prompts } from '../../../src/bot/all-prompts.ts';
import { MEETING_KINDS } from '../../../src/domain/policy/policy-schema.ts';
import { GRADE_KEYS } from '../../../src/flows/meetings/kinds.ts';
import { meetingActions } from '../../../src/flows/meetings/meeting-actions.ts';

test('every prompt key the meetings code uses exists, and every prompt of the file is used', () => {
  const dir = join(import.meta.dirname, '../../../src/flows/meetings');
  const source = readdirSync(dir)
    .map((f) => readFileSync(join(dir, f), 'utf8'))
    .join('\n');
  const literal = [...source.matchAll(/'(meetings\.[a-z0-9_.]+[a-z0-9_])'/g)].map((m) => m[1]!).filter((k) => !(k in meetingActions));
  const dynamic = [
    ...MEETING_KINDS.map((k) => `meetings.kind.${k}`),
    ...GRADE_KEYS.map((k) => `meetings.grade.${k}`),
    ...['month', 'quarter', 'half_year', 'year'].map((p) => `meetings.period.this.${p}`),
    ...['assembly_quorum', 'election_quorum', 'committee_quorum', 'excellent_share', 'duplicate'].map((w) => `meetings.warned.${w}`),
    ...['committee', 'general_branch', 'branch', 'joint_branch', 'functional', 'functional_branch'].map((t) => `meetings.org_type.${t}`),
    ...['formal', 'probationary', 'untransferred', 'committee', 'founded_on', 'term_started_on', 'secretary_trained_on', 'workers_trained_on'].map((f) => `meetings.facts.${f}`),
  ];
  const missing = [...literal, ...dynamic].filter((k) => !(k in meetingPrompts));
  expect(missing).toEqual([]);
  const used = new Set([...literal, ...dynamic]);
  expect(Object.keys(meetingPrompts).filter((k) => !used.has(k))).toEqual([]);
  // Registered with the bot, and no key collides with another area's file.
  expect(prompts('meetings.flow')).toBe('记录会议');
  expect(Object.keys(meetingPrompts).every((k) => k.startsWith('meetings.'))).toBe(true);
});
