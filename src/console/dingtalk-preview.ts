/**
 * A DingTalk markdown message (src/cards/render-dingtalk.ts) as the DingTalk client shows it, for the
 * console's card view switch (issue 14 item 5). It reads exactly the subset that renderer writes —
 * `####` headings, `**bold**`, `<font color>`, `---`, `- ` items, `  \n` hard breaks, numeric
 * character references and `[label](dtmd://…sendMessage?content=…)` press links — and escapes
 * everything else, so text that merely looks like markup shows as the text it is.
 */
export interface DingtalkPreview {
  html: string;
  /** Every press link, in order: its label and the message tapping it sends as the person. */
  buttons: Array<{ text: string; sends: string }>;
}

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
/** A reference the renderer wrote, shown as its character (numeric only: nothing else passes). */
const decodeRefs = (s: string) => s.replace(/&#(\d{1,7});/g, (_, n: string) => String.fromCodePoint(Math.min(Number(n), 0x10ffff)));

const TOKEN = /<font color="(#[0-9A-Fa-f]{3,8})">|<\/font>|\*\*|\[((?:[^\]\\]|\\.)*)\]\(([^)\s]*)\)|&#\d{1,7};/g;
const PRESS = /^dtmd:\/\/dingtalkclient\/sendMessage\?content=(.*)$/;

function inline(md: string, buttons: DingtalkPreview['buttons'], links = true): string {
  let out = '';
  const open: string[] = [];
  let last = 0;
  for (const m of md.matchAll(TOKEN)) {
    out += escapeHtml(md.slice(last, m.index));
    last = m.index + m[0].length;
    const tok = m[0];
    if (m[1]) {
      out += `<span style="color:${m[1]}">`;
      open.push('</span>');
    } else if (tok === '</font>') {
      const i = open.lastIndexOf('</span>');
      if (i >= 0) out += open.splice(i, 1)[0];
    } else if (tok === '**') {
      const i = open.lastIndexOf('</strong>');
      if (i >= 0) out += open.splice(i).reverse().join('');
      else {
        out += '<strong>';
        open.push('</strong>');
      }
    } else if (m[2] !== undefined && links) {
      const label = inline(m[2], buttons, false);
      const press = PRESS.exec(m[3] ?? '');
      if (press) {
        let sends = press[1]!;
        try {
          sends = decodeURIComponent(sends);
        } catch {
          // shown as written
        }
        buttons.push({ text: decodeRefs(m[2].replace(/<[^>]*>|\*\*/g, '')), sends });
        out += `<span class="dt-press" title="${escapeHtml(`点按后以您的名义发送：${sends}`)}">${label}</span>`;
      } else if (/^https?:\/\//i.test(m[3] ?? '')) out += `<a href="${escapeHtml(m[3]!)}" target="_blank" rel="noopener noreferrer">${label}</a>`;
      else out += label;
    } else if (tok.startsWith('&#')) out += escapeHtml(decodeRefs(tok));
    else out += escapeHtml(tok);
  }
  out += escapeHtml(md.slice(last));
  return out + open.reverse().join('');
}

/** Paragraphs are separated by blank lines; inside one, `  \n` breaks the line and a single newline joins (as DingTalk does). */
export function dingtalkPreview(md: string): DingtalkPreview {
  const buttons: DingtalkPreview['buttons'] = [];
  const blocks = md.split(/\n{2,}/).map((p) => {
    const heading = /^#{1,6} (.*)$/s.exec(p);
    if (p.trim() === '---') return '<hr>';
    if (heading) return `<h4>${inline(heading[1]!, buttons)}</h4>`;
    const lines = p.split('\n');
    if (lines.every((l) => l.startsWith('- '))) return `<ul>${lines.map((l) => `<li>${inline(l.slice(2), buttons)}</li>`).join('')}</ul>`;
    const html = p
      .split(/ {2}\n/)
      .map((l) => inline(l.replace(/\n/g, ' '), buttons))
      .join('<br>');
    return `<p>${html}</p>`;
  });
  return { html: blocks.join(''), buttons };
}
