import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from 'vitest';

/**
 * One card model (issue 13): only the renderers (src/cards/render-*) and the messengers
 * (src/messenger/) know Feishu's card vocabulary. Anything else builds card documents, so a second
 * messenger needs no second copy of a card. This test reads the tree and names any offender.
 */
const root = fileURLToPath(new URL('../..', import.meta.url));
// The console's DingTalk preview reads DingTalk's own markdown (<font color>), not Feishu's.
const ALLOWED = [/^src\/cards\/render-/, /^src\/messenger\//, /^src\/console\/dingtalk-preview\.ts$/];
const FEISHU = [
  /\btag\s*[:=]=*\s*['"](markdown|plain_text|lark_md|button|column_set|column|form|input|select_static|multi_select_static|date_picker|picker_time|picker_datetime|checker|table|chart|hr|div|note|img|collapsible_panel|select_person|person)['"]/,
  /<font\b/,
  /\bform_action_type\b/,
  /\btext_size\b/,
  /\bbehaviors\s*:/,
  /\bescapeMd\b/,
];

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') ? [p] : [];
  });
}

test('no module outside the renderers and messengers knows a Feishu card tag', () => {
  const offenders: string[] = [];
  for (const file of files(join(root, 'src'))) {
    const rel = relative(root, file).split('\\').join('/');
    if (ALLOWED.some((a) => a.test(rel))) continue;
    readFileSync(file, 'utf8')
      .split('\n')
      .forEach((line, i) => {
        if (FEISHU.some((re) => re.test(line))) offenders.push(`${rel}:${i + 1}: ${line.trim()}`);
      });
  }
  expect(offenders).toEqual([]);
});
