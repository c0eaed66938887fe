import { renderMarkdown } from './render-markdown.ts';
import { renderChart } from './render-chart.ts';
import { renderControl } from './render-controls.ts';

/**
 * Feishu card JSON 2.0 → HTML for the local console: the same card JSON that goes to Feishu,
 * drawn by one pure, DOM-free function that runs both in Node (tests) and in the browser (the page
 * embeds these functions' source; see card-renderer-script.ts).
 * https://open.feishu.cn/document/feishu-cards/card-json-v2-structure
 */
export interface RenderOptions {
  /** open_id → display name, for `<at>`, `person` and person selects. */
  names?: Record<string, string>;
  /** Prefix for generated element ids, unique per card on the page (e.g. the message id). */
  idPrefix?: string;
  /** Pixel width charts are drawn at (the console measures it); default 560. */
  chartWidth?: number;
}

/** The helpers a renderer part gets; built inside renderCardWith so each part stays self-contained. */
export interface RenderCtx {
  esc(s: unknown): string;
  /** The text of a `plain_text`/`lark_md` object (or a bare string), i18n zh_cn first. */
  text(t: unknown): string;
  md(content: string): string;
  nextId(hint: string): string;
  names?: Record<string, string>;
  inForm: boolean;
}

export interface CardLib {
  renderMarkdown: typeof renderMarkdown;
  renderChart: typeof renderChart;
  renderControl: typeof renderControl;
}

/** Node entry: render a card with the built-in parts. */
export function renderCard(card: unknown, opts?: RenderOptions): string {
  return renderCardWith(card, opts, { renderMarkdown, renderChart, renderControl });
}

/**
 * SELF-CONTAINED apart from its parameters: embedded in the console page with toString().
 */
export function renderCardWith(card: any, opts: RenderOptions | undefined, lib: CardLib): string {
  const o = opts || {};
  const names = o.names || {};
  const prefix = String(o.idPrefix || 'c').replace(/[^\w-]/g, '_');
  let seq = 0;
  const esc = (s: unknown): string =>
    String(s ?? '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
  const text = (t: any): string => {
    if (t == null) return '';
    if (typeof t !== 'object') return String(t);
    const i = t.i18n || t.i18n_content;
    return String((i && (i.zh_cn || i.en_us)) ?? t.content ?? t.text ?? '');
  };
  const ctx: RenderCtx = {
    esc, text, names, inForm: false,
    md: (c) => lib.renderMarkdown(c, names),
    nextId: (hint) => prefix + '-' + String(hint).replace(/[^\w-]/g, '_') + '-' + seq++,
  };
  // Feishu's named colours: solid tone and light tint, for header bands, tags and backgrounds.
  const TONE: Record<string, [string, string]> = {
    blue: ['#245bdb', '#e1eaff'], wathet: ['#0e8ec4', '#d9f3fd'], turquoise: ['#0f9d91', '#d5f6f2'], green: ['#2ea121', '#d9f5d6'],
    yellow: ['#b68b00', '#faf1d1'], orange: ['#c25705', '#feead2'], red: ['#d83931', '#fde2e2'], carmine: ['#c71f75', '#fddded'],
    violet: ['#a12ba3', '#f8def8'], purple: ['#5b29bd', '#ece2fe'], indigo: ['#3a45c6', '#e0e4fb'], grey: ['#646a73', '#eff0f1'],
    neutral: ['#646a73', '#eff0f1'], lime: ['#5a8d00', '#eef6c6'],
  };
  const colourKey = (c: unknown): string => {
    const k = String(c || '').toLowerCase().replace(/-\d+$/, '').replace('gray', 'grey');
    return TONE[k] ? k : '';
  };
  const bg = (style: unknown): string => {
    if (!style || style === 'default' || style === 'transparent') return '';
    if (typeof style === 'string' && /^#[0-9a-f]{3,8}$/i.test(style)) return ' style="background:' + style + '"';
    const k = colourKey(style);
    return k ? ' style="background:' + TONE[k][1] + '"' : '';
  };
  const spacing = (v: unknown, dflt: number): number => {
    const m: Record<string, number> = { small: 4, medium: 8, large: 12, 'extra_large': 16 };
    if (typeof v === 'string' && m[v] !== undefined) return m[v];
    const n = parseInt(String(v), 10);
    return Number.isFinite(n) ? Math.max(0, Math.min(n, 64)) : dflt;
  };
  const tagHtml = (t: any): string => {
    const k = colourKey(t && t.color) || 'neutral';
    return '<span class="fc-tag fc-tag-' + k + '">' + esc(text(t && t.text)) + '</span>';
  };
  const align = (a: unknown): string => (a === 'center' || a === 'right' ? ' style="text-align:' + a + '"' : '');
  const IMG_ICON = '<svg width="16" height="16" viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="1.8" aria-hidden="true">' +
    '<rect x="3" y="4" width="18" height="16" rx="2"/><circle cx="9" cy="10" r="2"/><path d="m4 19 6-6 4 4 2-2 4 4"/></svg>';
  const unknown = (tag: unknown): string => '<div class="fc-unknown">[不支持的组件: ' + esc(tag) + ']</div>';

  function elements(list: unknown): string {
    return (Array.isArray(list) ? list : []).map(element).join('');
  }

  function element(el: any): string {
    if (!el || typeof el !== 'object') return '';
    const tag = String(el.tag || '');
    switch (tag) {
      case 'markdown':
      case 'lark_md':
        return '<div class="fc-md' + (el.text_size === 'notation' ? ' fc-small' : /heading/.test(String(el.text_size || '')) ? ' fc-big' : '') + '"' +
          align(el.text_align) + '>' + lib.renderMarkdown(String(el.content ?? ''), names) + '</div>';
      case 'plain_text':
        return '<div class="fc-text">' + esc(el.content) + '</div>';
      case 'div': {
        const t = el.text || {};
        const body = t.tag === 'lark_md' || t.tag === 'markdown' ? lib.renderMarkdown(String(t.content ?? ''), names) : esc(text(t)).replace(/\n/g, '<br>');
        const fields = Array.isArray(el.fields) && el.fields.length
          ? '<div class="fc-fields">' + el.fields.map((f: any) => '<div class="fc-fieldcell' + (f.is_short ? ' fc-short' : '') + '">' +
              (f.text && f.text.tag === 'lark_md' ? lib.renderMarkdown(String(f.text.content ?? ''), names) : esc(text(f.text))) + '</div>').join('') + '</div>'
          : '';
        const colour = colourKey(t.text_color);
        return '<div class="fc-text' + (t.text_size === 'notation' ? ' fc-small' : '') + '"' +
          (colour ? ' style="color:' + TONE[colour][0] + '"' : align(t.text_align)) + '>' + body + fields + '</div>';
      }
      case 'hr':
        return '<hr class="fc-hr">';
      case 'column_set':
        return columnSet(el);
      case 'collapsible_panel': {
        const h = el.header || {};
        const title = h.title && (h.title.tag === 'markdown' || h.title.tag === 'lark_md') ? lib.renderMarkdown(String(h.title.content ?? ''), names) : esc(text(h.title));
        return '<details class="fc-panel"' + (el.expanded ? ' open' : '') + '><summary' + bg(h.background_color) + '><span class="fc-panel-title">' + title +
          '</span><span class="fc-panel-arrow" aria-hidden="true"></span></summary><div class="fc-panel-body">' + elements(el.elements) + '</div></details>';
      }
      case 'table':
        return table(el);
      case 'chart':
        return '<div class="fc-chart">' + lib.renderChart(el.chart_spec, el.aspect_ratio, o.chartWidth) + '</div>';
      case 'img':
      case 'image': {
        const alt = text(el.alt) || text(el.title) || '图片';
        return '<div class="fc-img-ph" role="img" aria-label="' + esc(alt) + '">' + IMG_ICON + esc(alt) + '</div>';
      }
      case 'person':
        return '<div class="fc-persons">' + person(el.user_id) + '</div>';
      case 'person_list':
        return '<div class="fc-persons">' + (Array.isArray(el.persons) ? el.persons : []).map((p: any) => person(p && p.id)).join('') + '</div>';
      case 'form': {
        const was = ctx.inForm;
        ctx.inForm = true;
        const inner = elements(el.elements);
        ctx.inForm = was;
        return '<form class="fc-form" data-fc-form="' + esc(el.name) + '" novalidate>' + inner + '</form>';
      }
      case 'interactive_container': {
        const cb = (Array.isArray(el.behaviors) ? el.behaviors : []).find((b: any) => b && b.type === 'callback');
        return '<div class="fc-container"' + bg(el.background_style) + (cb ? ' role="button" tabindex="0" data-fc-button="1" data-name="' + esc(el.name || '') +
          '" data-value="' + esc(JSON.stringify(cb.value)) + '"' : '') + '>' + elements(el.elements) + '</div>';
      }
      default: {
        const html = lib.renderControl(el, ctx);
        return html === null ? unknown(tag || '?') : html;
      }
    }
  }

  function person(id: unknown): string {
    const n = names[String(id)] || String(id || '未知用户');
    return '<span class="fc-person"><span class="fc-avatar" aria-hidden="true">' + esc(Array.from(n)[0] || '?') + '</span>' + esc(n) + '</span>';
  }

  function columnSet(el: any): string {
    const gap = spacing(el.horizontal_spacing, 8);
    const mode = String(el.flex_mode || 'none').replace(/[^a-z]/g, '');
    const cols = (Array.isArray(el.columns) ? el.columns : []).map((c: any) => {
      const w = String(c.width || 'auto');
      const flex = w === 'weighted' ? 'flex:' + Math.max(1, Math.min(5, Number(c.weight) || 1)) + ' 1 0' : /^\d+px$/.test(w) ? 'flex:0 0 ' + w : 'flex:0 0 auto';
      const va = c.vertical_align === 'center' ? 'center' : c.vertical_align === 'bottom' ? 'flex-end' : 'flex-start';
      const pad = c.padding ? ';padding:' + String(c.padding).replace(/[^\d px]/g, '') : '';
      const b = bg(c.background_style).replace(/^ style="|"$/g, '');
      return '<div class="fc-col' + (b ? ' fc-col-bg' : '') + '" style="' + flex + ';justify-content:' + va + ';gap:' + spacing(c.vertical_spacing, 8) + 'px' + pad +
        (b ? ';' + b : '') + '">' + elements(c.elements) + '</div>';
    }).join('');
    const b = bg(el.background_style);
    return '<div class="fc-cols fc-flex-' + mode + (b ? ' fc-cols-bg' : '') + '" style="gap:' + gap + 'px' + (b ? ';' + b.replace(/^ style="|"$/g, '') : '') +
      (el.horizontal_align === 'center' ? ';justify-content:center' : el.horizontal_align === 'right' ? ';justify-content:flex-end' : '') + '">' + cols + '</div>';
  }

  function cell(col: any, v: any): string {
    if (v == null || v === '') return '';
    const type = col.data_type || 'text';
    if (type === 'lark_md' || type === 'markdown') return lib.renderMarkdown(String(v), names);
    if (type === 'options') {
      return (Array.isArray(v) ? v : [v]).map((x: any) => tagHtml(typeof x === 'object' ? x : { text: x })).join(' ');
    }
    if (type === 'persons') return (Array.isArray(v) ? v : [v]).map(person).join(' ');
    if (type === 'number' && Number.isFinite(Number(v))) {
      const f = col.format || {};
      const p = Number.isFinite(Number(f.precision)) ? Number(f.precision) : undefined;
      let s = p === undefined ? String(Number(v)) : Number(v).toFixed(p);
      if (f.separator) s = s.replace(/^(-?\d+)/, (m) => m.replace(/\B(?=(\d{3})+$)/g, ','));
      return esc((f.symbol || '') + s);
    }
    if (type === 'date') {
      const t = typeof v === 'number' ? v : Date.parse(String(v));
      if (!Number.isFinite(t)) return esc(v);
      const d = new Date(t + 8 * 3600e3); // the bot's calendar is Asia/Shanghai
      const pad = (n: number): string => String(n).padStart(2, '0');
      return esc(String(col.date_format || 'YYYY/MM/DD').replace('YYYY', String(d.getUTCFullYear())).replace('MM', pad(d.getUTCMonth() + 1))
        .replace('DD', pad(d.getUTCDate())).replace('HH', pad(d.getUTCHours())).replace('mm', pad(d.getUTCMinutes())));
    }
    return esc(typeof v === 'object' ? JSON.stringify(v) : v);
  }

  function table(el: any): string {
    const cols: any[] = Array.isArray(el.columns) ? el.columns : [];
    const rows: any[] = Array.isArray(el.rows) ? el.rows : [];
    const size = Math.max(1, Math.min(10, Number(el.page_size) || 5));
    const pages = Math.max(1, Math.ceil(rows.length / size));
    const hs = el.header_style || {};
    const thStyle = (c: any): string => {
      const a = c.horizontal_align || hs.text_align;
      const w = c.width && c.width !== 'auto' ? 'min-width:' + String(c.width).replace(/[^\d%px]/g, '') + ';' : '';
      return ' style="' + w + (a ? 'text-align:' + a + ';' : '') + (hs.bold === false ? 'font-weight:400;' : '') + '"';
    };
    const head = '<tr>' + cols.map((c) => '<th scope="col"' + thStyle(c) + '>' + esc(c.display_name ?? c.name) + '</th>').join('') + '</tr>';
    const body = rows.map((r, i) => '<tr data-page="' + Math.floor(i / size) + '"' + (i >= size ? ' hidden' : '') + '>' +
      cols.map((c) => '<td' + (c.horizontal_align ? ' style="text-align:' + c.horizontal_align + '"' : c.data_type === 'number' ? ' class="fc-num"' : '') + '>' +
        cell(c, r ? r[c.name] : undefined) + '</td>').join('') + '</tr>').join('');
    let pager = '';
    if (pages > 1) {
      pager = '<nav class="fc-pager" aria-label="表格分页"><button type="button" class="fc-page-btn" data-fc-page="prev" aria-label="上一页" disabled>‹</button>';
      for (let p = 0; p < pages; p++) {
        pager += '<button type="button" class="fc-page-btn" data-fc-page="' + p + '"' + (p === 0 ? ' aria-current="page"' : '') + '>' + (p + 1) + '</button>';
      }
      pager += '<button type="button" class="fc-page-btn" data-fc-page="next" aria-label="下一页">›</button></nav>';
    }
    return '<div class="fc-table' + (el.freeze_first_column ? ' fc-freeze' : '') + (hs.background_style === 'none' ? '' : ' fc-th-grey') + '" data-fc-table="1" data-pages="' + pages +
      '"><div class="fc-table-scroll" tabindex="0"><table><thead>' + head + '</thead><tbody>' + (rows.length ? body : '<tr><td class="fc-empty" colspan="' +
      Math.max(1, cols.length) + '">暂无数据</td></tr>') + '</tbody></table></div>' + pager + '</div>';
  }

  const c = card && typeof card === 'object' ? card : {};
  const h = c.header;
  let header = '';
  if (h && (h.title || h.subtitle)) {
    const t = colourKey(h.template) || 'default';
    const tags = (Array.isArray(h.text_tag_list) ? h.text_tag_list : []).slice(0, 3).map(tagHtml).join('');
    const title = text(h.title) || text(h.subtitle);
    header = '<div class="fc-header fc-t-' + t + '"><div class="fc-title-row"><div class="fc-title" role="heading" aria-level="2">' + esc(title) + '</div>' +
      (tags ? '<div class="fc-tags">' + tags + '</div>' : '') + '</div>' +
      (h.title && h.subtitle ? '<div class="fc-subtitle">' + esc(text(h.subtitle)) + '</div>' : '') + '</div>';
  }
  const b = c.body || {};
  const list = Array.isArray(b.elements) ? b.elements : c.elements;
  const width = c.config && c.config.width_mode === 'compact' ? ' fc-compact' : c.config && c.config.width_mode === 'fill' ? ' fc-fill' : '';
  return '<div class="fc-card' + width + '">' + header + '<div class="fc-body" style="gap:' + spacing(b.vertical_spacing, 8) + 'px">' + elements(list) + '</div></div>';
}
