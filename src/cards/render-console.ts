import type { CardDoc } from './document.ts';
import { renderConsoleChart } from './render-console-chart.ts';

/**
 * Card document (document.ts) → HTML for the local console, with the phone look of a chat card.
 * One pure, DOM-free function that runs both in Node (tests) and in the browser: the console page
 * embeds its source (src/console/card-renderer-script.ts), so the page draws exactly what the tests
 * check.
 *
 * Text is data: every span is escaped as HTML and shown exactly as typed (bold is <strong>, a tone
 * is a class); nothing in a span is read as markup. The HTML carries what the page script
 * (src/console/console-actions.ts) needs as data attributes: each form field has `data-fc-field`
 * (its name), `data-fc-kind` (its field type) and `data-required`; each button `data-fc-button`,
 * `data-name`, `data-value` (the action, JSON), `data-form-action="submit"` and `data-confirm-*`;
 * each paged table `data-fc-table`/`data-pages` with rows in `data-page`.
 */
export interface ConsoleRenderOptions {
  /** Prefix for generated element ids, unique per card on the page (e.g. the message id). */
  idPrefix?: string;
  /** Pixel width charts are drawn at (the page measures it); default 560. */
  chartWidth?: number;
}

export interface ConsoleRenderLib {
  renderConsoleChart: typeof renderConsoleChart;
}

/** Node entry: render a card document with the built-in parts. */
export function renderConsole(doc: CardDoc, opts?: ConsoleRenderOptions): string {
  return renderConsoleWith(doc, opts, { renderConsoleChart });
}

/**
 * SELF-CONTAINED apart from its parameters: embedded in the console page with toString(). It takes
 * `any` because the page hands it whatever JSON the server sent; it must not throw on a part missing.
 */
export function renderConsoleWith(doc: any, opts: ConsoleRenderOptions | undefined, lib: ConsoleRenderLib): string {
  const o = opts || {};
  const prefix = String(o.idPrefix || 'c').replace(/[^\w-]/g, '_');
  let seq = 0;
  const nextId = (hint: unknown): string => prefix + '-' + String(hint || 'f').replace(/[^\w-]/g, '_') + '-' + seq++;
  const esc = (s: unknown): string =>
    String(s ?? '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
  const list = (x: unknown): any[] => (Array.isArray(x) ? x : []);
  const COLORS = ['blue', 'wathet', 'turquoise', 'green', 'yellow', 'orange', 'red', 'carmine', 'violet', 'purple', 'indigo', 'grey'];
  const TONES = ['red', 'orange', 'green', 'grey'];
  const STYLES = ['default', 'primary', 'strong', 'danger', 'strong-danger'];
  const REQ = '<span class="fc-req" aria-hidden="true">*</span>';

  /** Rich text: spans in order, each escaped; line breaks stay `\n` (the CSS keeps them). */
  function rich(r: unknown): string {
    return list(r).map((s) => {
      const t = esc(s && s.text);
      const tone = s && TONES.indexOf(s.tone) >= 0 ? ' class="fc-tone-' + s.tone + '"' : '';
      if (s && s.bold) return '<strong' + tone + '>' + t + '</strong>';
      return tone ? '<span' + tone + '>' + t + '</span>' : t;
    }).join('');
  }

  function button(b: any, inForm: boolean): string {
    const style = STYLES.indexOf(b.style) >= 0 ? b.style : 'default';
    let attrs = ' data-fc-button="1" data-name="' + esc(b.name || '') + '" data-value="' + esc(JSON.stringify(b.action ?? {})) + '"';
    if (b.submit && inForm) attrs += ' data-form-action="submit"';
    if (b.confirm) attrs += ' data-confirm-title="' + esc(b.confirm.title) + '" data-confirm-text="' + esc(b.confirm.text) + '"';
    return '<button type="button" class="fc-btn fc-btn-' + style + '"' + attrs + (b.disabled ? ' disabled' : '') + '>' + esc(b.text) + '</button>';
  }

  /**
   * `above` is a label block right above the field: it carries the label (flows often give the
   * field the same text as well), with the required mark and the error, so the field draws none.
   */
  function field(f: any, above: any): string {
    const label = String((above && above.text) || f.label || '');
    const name = String(f.name || '');
    const id = nextId(name);
    const type = String(f.type || 'text');
    const own = above ? '' : String(f.label || '');
    const req = f.required ? ' data-required="1" aria-required="true"' : '';
    const data = ' data-fc-field="' + esc(name) + '" data-fc-kind="' + esc(type) + '"' + req;
    // The label above carries the server's error for this field: the control shows it too.
    const bad = above && above.error ? ' aria-invalid="true"' : '';
    const head = (forId: string): string => (own ? '<label class="fc-label" for="' + forId + '">' + esc(own) + (f.required ? REQ : '') + '</label>' : '');
    // Placeholders as Feishu shows them: text fields their own; pickers and selects fall back to the label.
    const ph = String(f.placeholder ?? (type === 'text' || type === 'longtext' ? '' : String(f.label || label)));
    const aria = own ? '' : ' aria-label="' + esc(label || ph || name) + '"';
    const wrap = (inner: string): string => '<div class="fc-field' + (bad ? ' fc-invalid' : '') + '">' + head(id) + inner + '</div>';
    const common = ' id="' + id + '" name="' + esc(name) + '"' + data + aria + bad;
    switch (type) {
      case 'longtext':
        return wrap('<textarea class="fc-input fc-textarea" rows="3"' + common + ' placeholder="' + esc(ph) + '" maxlength="' + (Number(f.maxLength) || 1000) + '">' +
          esc(f.value ?? '') + '</textarea>');
      case 'select': {
        const opts = list(f.options);
        const none = !opts.some((x) => String(x.value) === String(f.value));
        return wrap('<div class="fc-select-wrap"><select class="fc-select"' + common + '><option value=""' + (none ? ' selected' : '') + '>' + esc(ph || '请选择') + '</option>' +
          opts.map((x) => '<option value="' + esc(x.value) + '"' + (!none && String(x.value) === String(f.value) ? ' selected' : '') + '>' + esc(x.text) + '</option>').join('') +
          '</select></div>');
      }
      case 'multiselect': {
        const chosen = list(f.values).map(String);
        const chips = list(f.options).map((x, i) => '<label class="fc-chip"><input type="checkbox" id="' + id + '_' + i + '" name="' + esc(name) + '" value="' + esc(x.value) + '"' +
          (chosen.indexOf(String(x.value)) >= 0 ? ' checked' : '') + '><span>' + esc(x.text) + '</span></label>').join('');
        // Without a label of its own the choices are named for screen readers by the label above.
        return '<fieldset class="fc-field fc-multi' + (bad ? ' fc-invalid' : '') + '"' + data + '><legend class="' + (own ? 'fc-label' : 'sr-only') + '">' + esc(own || label || ph || name) +
          (own && f.required ? REQ : '') + '</legend><div class="fc-chips">' + chips + '</div></fieldset>';
      }
      case 'date':
      case 'time': {
        const v = String(f.value ?? '');
        // A native picker cannot show a placeholder, so an overlay does until a value is chosen.
        return wrap('<div class="fc-picker' + (v ? '' : ' fc-empty') + '">' + (ph ? '<span class="fc-picker-ph" aria-hidden="true">' + esc(ph) + '</span>' : '') +
          '<input class="fc-input" type="' + type + '"' + common + ' value="' + esc(v) + '"></div>');
      }
      case 'checkbox':
        return '<label class="fc-checker"' + data + '><input type="checkbox" id="' + id + '" name="' + esc(name) + '"' + (f.checked ? ' checked' : '') +
          '><span class="fc-checker-box" aria-hidden="true"></span><span class="fc-checker-text fc-rich">' + esc(f.text) + '</span></label>';
      default:
        return wrap('<input class="fc-input" type="text"' + common + ' placeholder="' + esc(ph) + '" maxlength="' + (Number(f.maxLength) || 1000) + '" value="' +
          esc(f.value ?? '') + '">');
    }
  }

  /** A table cell: rich text, or a string or number shown as it is (right-aligned for numbers by CSS). */
  function cell(v: unknown): string {
    if (v === null || v === undefined) return '';
    if (Array.isArray(v)) return rich(v);
    return esc(typeof v === 'object' ? JSON.stringify(v) : v);
  }

  function table(b: any): string {
    const cols = list(b.columns);
    const rows = list(b.rows);
    const size = Math.max(1, Math.min(10, Number(b.pageSize) || 10));
    const pages = Math.max(1, Math.ceil(rows.length / size));
    // The key column names the row: a row header, and pinned when it comes first.
    const isKey = (c: any): boolean => c.name === b.key;
    const head = '<tr>' + cols.map((c) => '<th scope="col">' + esc(c.label ?? c.name) + '</th>').join('') + '</tr>';
    const body = rows.map((r, i) => '<tr data-page="' + Math.floor(i / size) + '"' + (i >= size ? ' hidden' : '') + '>' + cols.map((c) => {
      const tag = isKey(c) ? 'th scope="row"' : 'td';
      const cls = (isKey(c) ? ['fc-key'] : []).concat(c.type === 'number' ? ['fc-num'] : []);
      return '<' + tag + (cls.length ? ' class="' + cls.join(' ') + '"' : '') + '><span class="fc-rich">' + cell(r ? r[c.name] : undefined) + '</span></' + tag.split(' ')[0] + '>';
    }).join('') + '</tr>').join('');
    let pager = '';
    if (pages > 1) {
      pager = '<nav class="fc-pager" aria-label="表格分页"><button type="button" class="fc-page-btn" data-fc-page="prev" aria-label="上一页" disabled>‹</button>';
      for (let p = 0; p < pages; p++) pager += '<button type="button" class="fc-page-btn" data-fc-page="' + p + '"' + (p === 0 ? ' aria-current="page"' : '') + '>' + (p + 1) + '</button>';
      pager += '<button type="button" class="fc-page-btn" data-fc-page="next" aria-label="下一页">›</button></nav>';
    }
    return '<div class="fc-table' + (cols[0] && isKey(cols[0]) ? ' fc-freeze' : '') + '" data-fc-table="1" data-pages="' + pages + '"><div class="fc-table-scroll" tabindex="0"><table><thead>' +
      head + '</thead><tbody>' + (rows.length ? body : '<tr><td class="fc-empty" colspan="' + Math.max(1, cols.length) + '">暂无数据</td></tr>') + '</tbody></table></div>' + pager + '</div>';
  }

  function blocks(bs: unknown, inForm: boolean): string {
    let above: any = null;
    return list(bs).map((b) => {
      const html = block(b, inForm, above);
      above = b && b.kind === 'label' ? b : null;
      return html;
    }).join('');
  }

  function block(b: any, inForm: boolean, above: any): string {
    if (!b || typeof b !== 'object') return '';
    switch (b.kind) {
      case 'text':
        return '<div class="fc-text fc-rich' + (b.size === 'small' ? ' fc-small' : b.size === 'heading' ? ' fc-big' : '') + '">' + rich(b.text) + '</div>';
      case 'divider':
        return '<hr class="fc-hr">';
      case 'button':
        return button(b, inForm);
      case 'buttons':
        return '<div class="fc-buttons">' + list(b.buttons).map((x) => button(x, inForm)).join('') + '</div>';
      case 'columns':
        return '<div class="fc-cols' + (b.shaded ? ' fc-cols-bg' : '') + '">' + list(b.columns).map((c) =>
          '<div class="fc-col" style="flex:' + Math.max(1, Math.min(5, Number(c && c.weight) || 1)) + ' 1 0">' + blocks(c && c.blocks, inForm) + '</div>').join('') + '</div>';
      case 'form':
        return '<form class="fc-form" data-fc-form="' + esc(b.name) + '" novalidate>' + blocks(b.blocks, true) + '</form>';
      case 'label':
        return '<div class="fc-label-line"><strong>' + esc(b.text) + '</strong>' + (b.required ? REQ : '') +
          (b.error ? '<div class="fc-field-error fc-rich" role="alert">' + esc(b.error) + '</div>' : '') + '</div>';
      case 'field':
        return field(b, above);
      case 'table':
        return table(b);
      case 'chart':
        return '<div class="fc-chart">' + lib.renderConsoleChart(list(b.bars), !!b.percent, o.chartWidth) + '</div>';
      default:
        return '<div class="fc-unknown">[' + esc(b.kind) + ']</div>';
    }
  }

  const d = doc && typeof doc === 'object' ? doc : {};
  const colour = COLORS.indexOf(d.color) >= 0 ? d.color : 'default';
  const header = d.title || d.subtitle
    ? '<div class="fc-header fc-t-' + colour + '"><div class="fc-title" role="heading" aria-level="2">' + esc(d.title || d.subtitle) + '</div>' +
      (d.title && d.subtitle ? '<div class="fc-subtitle">' + esc(d.subtitle) + '</div>' : '') + '</div>'
    : '';
  return '<div class="fc-card">' + header + '<div class="fc-body">' + blocks(d.body, false) + '</div></div>';
}
