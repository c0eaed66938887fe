/**
 * Feishu card markdown (card JSON 2.0 `markdown` component) → safe HTML.
 * https://open.feishu.cn/document/feishu-cards/card-json-v2-components/content-components/rich-text
 *
 * SELF-CONTAINED: the console page embeds this function with `renderMarkdown.toString()`, so the
 * body must not reference anything outside itself (no imports, no module-level constants).
 *
 * Safety: the only HTML that comes out is HTML this function writes. Raw text is escaped; the few
 * tags Feishu allows in markdown (`<font color>`, `<at>`, `<text_tag>`, `<link>`, `<br>`) are
 * recognised and rewritten, everything else (a `<script>`, an `<img onerror>`) shows as text.
 */
export function renderMarkdown(src: string, names?: Record<string, string>): string {
  const esc = (s: string): string =>
    String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
  const PALETTE: Record<string, string> = {
    red: '#d83931', orange: '#de7802', yellow: '#dc9b04', green: '#2ea121', turquoise: '#0f9d91', wathet: '#0e8ec4',
    blue: '#245bdb', indigo: '#3a45c6', purple: '#6425d0', violet: '#b529b5', carmine: '#d31f7c', grey: '#646a73',
    gray: '#646a73', neutral: '#646a73', lime: '#7ab300', default: 'inherit',
  };
  const colour = (c: string): string | null => {
    const k = c.toLowerCase().replace(/-\d+$/, '');
    if (PALETTE[k]) return PALETTE[k];
    return /^#[0-9a-f]{3}([0-9a-f]{3})?$/i.test(c) ? c : null;
  };
  const safeUrl = (u: string): string | null => {
    const t = u.trim();
    return /^(https?:|mailto:|tel:|lark:|\/|#)/i.test(t) ? t : null;
  };
  // Rendered fragments are parked in `stash` and referenced by \u0000N\u0000 so that later passes
  // (escaping, emphasis) never touch them.
  const stash: string[] = [];
  const keep = (html: string): string => '\u0000' + (stash.push(html) - 1) + '\u0000';
  const restore = (s: string): string => s.replace(/\u0000(\d+)\u0000/g, (_m, i) => restore(stash[Number(i)]));

  function inline(raw: string): string {
    let s = raw;
    s = s.replace(/`([^`]+)`/g, (_m, c) => keep('<code>' + esc(c) + '</code>'));
    s = s.replace(/<br\s*\/?>/gi, () => keep('<br>'));
    s = s.replace(/<at\s+(?:id|open_id|user_id|email)\s*=\s*["']?([^"'\s>]+)["']?\s*\/?>(?:([^<]*)<\/at>)?/gi, (_m, id, inner) => {
      const name = id === 'all' ? '所有人' : (names && names[id]) || (inner && inner.trim()) || id;
      return keep('<span class="fc-at">@' + esc(name) + '</span>');
    });
    s = s.replace(/!\[([^\]]*)\]\(([^)\s]*)\)/g, (_m, alt) =>
      keep('<span class="fc-img-ph fc-img-inline" role="img" aria-label="' + esc(alt || '图片') + '">[图片] ' + esc(alt || '') + '</span>'));
    s = s.replace(/\[([^\]]+)\]\(([^)\s]+)\)/g, (m, text, url) => {
      const u = safeUrl(url);
      if (!u) return m;
      return keep('<a href="' + esc(u) + '" target="_blank" rel="noopener noreferrer">') + text + keep('</a>');
    });
    // Paired tags: open/close handled with a depth counter so a stray close tag stays literal text.
    const open: string[] = [];
    s = s.replace(/<(font|text_tag|link)\b([^<>]*)>|<\/(font|text_tag|link)\s*>/gi, (m, tag, attrs, closeTag) => {
      if (closeTag) {
        const at = open.lastIndexOf(closeTag.toLowerCase());
        if (at < 0) return m;
        open.splice(at, 1);
        return keep(closeTag.toLowerCase() === 'link' ? '</a>' : '</span>');
      }
      const t = tag.toLowerCase();
      const attr = (n: string): string | null => {
        const r = new RegExp(n + '\\s*=\\s*(?:"([^"]*)"|\'([^\']*)\'|([^\\s>]+))', 'i').exec(attrs);
        return r ? (r[1] ?? r[2] ?? r[3]) : null;
      };
      if (t === 'link') {
        const u = safeUrl(attr('url') || attr('pc_url') || '');
        if (!u) return m;
        open.push(t);
        return keep('<a href="' + esc(u) + '" target="_blank" rel="noopener noreferrer">');
      }
      const c = attr('color');
      const hex = c ? colour(c) : null;
      if (t === 'font') {
        if (!hex) return m;
        open.push(t);
        return keep('<span style="color:' + hex + '">');
      }
      open.push(t);
      const key = c ? c.toLowerCase().replace(/-\d+$/, '').replace(/[^a-z]/g, '') : 'neutral';
      return keep('<span class="fc-tag fc-tag-' + (key || 'neutral') + '">');
    });
    let out = esc(s);
    out = out.replace(/\*\*([^*]+?)\*\*/g, '<strong>$1</strong>');
    out = out.replace(/~~([^~]+?)~~/g, '<del>$1</del>');
    out = out.replace(/(^|[^*\w])\*([^*\s][^*]*?)\*(?!\*)/g, '$1<em>$2</em>');
    out = out.replace(/(^|[^_\w])_([^_\s][^_]*?)_(?![_\w])/g, '$1<em>$2</em>');
    for (let i = open.length - 1; i >= 0; i--) out += open[i] === 'link' ? '</a>' : '</span>';
    return out;
  }

  const lines = String(src ?? '').replace(/\u0000/g, '').replace(/\r\n?/g, '\n').split('\n');
  const out: string[] = [];
  let para: string[] = [];
  const flush = (): void => {
    // One inline pass per paragraph, so a <font> may span lines.
    if (para.length) out.push('<p>' + inline(para.join('\n')).replace(/\n/g, '<br>') + '</p>');
    para = [];
  };
  const listRe = /^(\s*)([-*+]|\d+[.)])\s+(.*)$/;
  const isTableSep = (l: string | undefined): boolean => !!l && /^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$/.test(l);
  const cells = (l: string): string[] => l.trim().replace(/^\|/, '').replace(/\|$/, '').split('|').map((c) => c.trim());

  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (/^\s*```/.test(line)) {
      flush();
      const code: string[] = [];
      i++;
      while (i < lines.length && !/^\s*```/.test(lines[i])) code.push(lines[i++]);
      out.push('<pre><code>' + esc(code.join('\n')) + '</code></pre>');
      continue;
    }
    const h = /^(#{1,6})\s+(.*)$/.exec(line);
    if (h) {
      flush();
      out.push('<div class="fc-h fc-h' + h[1].length + '" role="heading" aria-level="' + Math.min(6, h[1].length + 2) + '">' + inline(h[2]) + '</div>');
      continue;
    }
    if (/^\s*(-{3,}|\*{3,}|_{3,})\s*$/.test(line)) {
      flush();
      out.push('<hr>');
      continue;
    }
    if (/^\s*>/.test(line)) {
      flush();
      const q: string[] = [];
      while (i < lines.length && /^\s*>/.test(lines[i])) q.push(lines[i++].replace(/^\s*>\s?/, ''));
      i--;
      out.push('<blockquote>' + inline(q.join('\n')).replace(/\n/g, '<br>') + '</blockquote>');
      continue;
    }
    if (/^\s*\|/.test(line) && isTableSep(lines[i + 1])) {
      flush();
      const head = cells(line);
      i += 2;
      const rows: string[][] = [];
      while (i < lines.length && /^\s*\|/.test(lines[i])) rows.push(cells(lines[i++]));
      i--;
      out.push('<table class="fc-md-table"><thead><tr>' + head.map((c) => '<th>' + inline(c) + '</th>').join('') +
        '</tr></thead><tbody>' + rows.map((r) => '<tr>' + head.map((_c, k) => '<td>' + inline(r[k] ?? '') + '</td>').join('') + '</tr>').join('') +
        '</tbody></table>');
      continue;
    }
    if (listRe.test(line)) {
      flush();
      // Nested lists by indentation; each level remembers its indent and list kind.
      const stack: { indent: number; tag: string }[] = [];
      let html = '';
      while (i < lines.length && listRe.test(lines[i])) {
        const m = listRe.exec(lines[i])!;
        const indent = m[1].replace(/\t/g, '    ').length;
        const tag = /\d/.test(m[2]) ? 'ol' : 'ul';
        while (stack.length && indent < stack[stack.length - 1].indent) html += '</li></' + stack.pop()!.tag + '>';
        // Same depth, other kind (a "1." after "-" items): close that list and start a new one.
        if (stack.length && indent === stack[stack.length - 1].indent && stack[stack.length - 1].tag !== tag) {
          html += '</li></' + stack.pop()!.tag + '>';
        }
        const top = stack[stack.length - 1];
        if (!top || indent > top.indent) {
          const start = tag === 'ol' && parseInt(m[2], 10) !== 1 ? ' start="' + parseInt(m[2], 10) + '"' : '';
          html += '<' + tag + start + '>';
          stack.push({ indent, tag });
        } else html += '</li>';
        html += '<li>' + inline(m[3]);
        i++;
      }
      i--;
      while (stack.length) html += '</li></' + stack.pop()!.tag + '>';
      out.push(html);
      continue;
    }
    if (line.trim() === '') {
      flush();
      continue;
    }
    para.push(line);
  }
  flush();
  return restore(out.join(''));
}
