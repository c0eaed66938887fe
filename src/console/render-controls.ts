import type { RenderCtx } from './render-card.ts';

/**
 * Interactive leaf components of card JSON 2.0 → HTML: input, select_static, multi_select_static,
 * select_person, date_picker, picker_time, picker_datetime, checker, button.
 * https://open.feishu.cn/document/feishu-cards/card-json-v2-components/interactive-components/input
 *
 * The HTML carries what the console script needs as data attributes: each form field has
 * `data-fc-field` (its name), `data-fc-kind` (its tag) and `data-required`; each button has
 * `data-fc-button`, `data-name`, `data-value` (callback value JSON), `data-url`, `data-confirm-*`
 * and `data-form-action`. Returns null for a tag it does not know.
 *
 * SELF-CONTAINED apart from `ctx`: embedded in the console page with `renderControl.toString()`.
 */
export function renderControl(el: any, ctx: RenderCtx): string | null {
  const { esc, text } = ctx;
  const tag = String(el.tag);
  const name = el.name ? String(el.name) : '';
  const id = ctx.nextId(name || tag);
  const ph = text(el.placeholder);
  const req = el.required ? ' data-required="1" aria-required="true"' : '';
  const dis = el.disabled ? ' disabled' : '';
  const callback = (Array.isArray(el.behaviors) ? el.behaviors : []).find((b: any) => b && b.type === 'callback');
  // Outside a form a component with a callback behaviour reports its own change, like Feishu does.
  const standalone = !ctx.inForm && (callback || el.value)
    ? ' data-fc-standalone="1" data-value="' + esc(JSON.stringify(callback ? callback.value : el.value)) + '"'
    : '';
  const field = (extra = ''): string =>
    ' data-fc-field="' + esc(name) + '" data-fc-kind="' + esc(tag) + '"' + req + standalone + extra;
  // A class for `width: fill`, or an inline width for `width: "NNNpx"` (closing the class attribute).
  const width = (w: unknown): string =>
    (w === 'fill' ? ' fc-w-fill' : '') + '"' + (typeof w === 'string' && /^\d+px$/.test(w) ? ' style="width:' + w + ';max-width:100%"' : '');
  const labelText = text(el.label);
  const label = (forId: string): string =>
    labelText ? '<label class="fc-label" for="' + forId + '">' + esc(labelText) + (el.required ? '<span class="fc-req" aria-hidden="true">*</span>' : '') + '</label>' : '';
  const aria = labelText ? '' : ' aria-label="' + esc(ph || name || tag) + '"';
  const wrap = (inner: string, cls = ''): string =>
    '<div class="fc-field' + (el.label_position === 'left' ? ' fc-label-left' : '') + cls + '">' + label(id) + inner + '</div>';

  if (tag === 'input') {
    const max = el.max_length ? ' maxlength="' + Number(el.max_length) + '"' : '';
    const common = ' id="' + id + '" name="' + esc(name) + '"' + field() + ' placeholder="' + esc(ph) + '"' + max + aria + dis;
    if (el.input_type === 'multiline_text') {
      return wrap('<textarea class="fc-input fc-textarea" rows="' + Math.max(2, Number(el.rows) || 3) + '"' + common + '>' +
        esc(el.default_value ?? '') + '</textarea>');
    }
    const type = el.input_type === 'password' ? 'password' : 'text';
    return wrap('<input class="fc-input' + width(el.width) + ' type="' + type + '"' + common + ' value="' + esc(el.default_value ?? '') + '">');
  }

  if (tag === 'select_static' || tag === 'select_person') {
    const opts: any[] = Array.isArray(el.options) ? el.options : [];
    const init = el.initial_option ?? (el.initial_index ? (opts[Number(el.initial_index) - 1] || {}).value : undefined);
    const optHtml = opts.map((o) => {
      const v = String(o.value ?? '');
      const t = text(o.text) || (ctx.names && ctx.names[v]) || v;
      return '<option value="' + esc(v) + '"' + (init !== undefined && String(init) === v ? ' selected' : '') + '>' + esc(t) + '</option>';
    }).join('');
    const none = init === undefined || !opts.some((o) => String(o.value) === String(init));
    return wrap('<div class="fc-select-wrap' + width(el.width) + '><select class="fc-select" id="' + id + '" name="' + esc(name) + '"' + field() + aria + dis + '>' +
      '<option value=""' + (none ? ' selected' : '') + '>' + esc(ph || '请选择') + '</option>' + optHtml + '</select></div>');
  }

  if (tag === 'multi_select_static' || tag === 'multi_select_person') {
    const opts: any[] = Array.isArray(el.options) ? el.options : [];
    const sel = (Array.isArray(el.selected_values) ? el.selected_values : []).map(String);
    const chips = opts.map((o, i) => {
      const v = String(o.value ?? '');
      const t = text(o.text) || (ctx.names && ctx.names[v]) || v;
      return '<label class="fc-chip"><input type="checkbox" id="' + id + '_' + i + '" name="' + esc(name) + '" value="' + esc(v) + '"' +
        (sel.indexOf(v) >= 0 ? ' checked' : '') + dis + '><span>' + esc(t) + '</span></label>';
    }).join('');
    // Without a label the placeholder names the choices for screen readers only: cards put a bold
    // label line above (Feishu shows the placeholder inside the closed drop-down, not as a title).
    return '<fieldset class="fc-field fc-multi"' + field() + '><legend class="' + (labelText ? 'fc-label' : 'sr-only') + '">' + esc(labelText || ph || '可多选') +
      (el.required ? '<span class="fc-req" aria-hidden="true">*</span>' : '') + '</legend><div class="fc-chips">' + chips + '</div></fieldset>';
  }

  if (tag === 'date_picker' || tag === 'picker_time' || tag === 'picker_datetime') {
    const type = tag === 'date_picker' ? 'date' : tag === 'picker_time' ? 'time' : 'datetime-local';
    const init = String(el.initial_date ?? el.initial_time ?? el.initial_datetime ?? '').replace(' ', 'T');
    // Feishu shows the placeholder inside an empty picker. A native picker cannot, so an overlay
    // does until a value is chosen (the console script keeps `fc-empty` in step).
    const phHtml = ph ? '<span class="fc-picker-ph" aria-hidden="true">' + esc(ph) + '</span>' : '';
    return wrap('<div class="fc-picker' + (init ? '' : ' fc-empty') + width(el.width) + '>' + phHtml + '<input class="fc-input" type="' + type + '" id="' + id +
      '" name="' + esc(name) + '"' + field() + ' value="' + esc(init) + '"' + aria + dis + '></div>');
  }

  if (tag === 'checker') {
    const t = el.text && (el.text.tag === 'lark_md' || el.text.tag === 'markdown') ? ctx.md(String(el.text.content ?? '')) : esc(text(el.text));
    return '<label class="fc-checker"' + field() + '><input type="checkbox" id="' + id + '" name="' + esc(name) + '"' + (el.checked ? ' checked' : '') + dis +
      '><span class="fc-checker-box" aria-hidden="true"></span><span class="fc-checker-text">' + t + '</span></label>';
  }

  if (tag === 'button') {
    const type = String(el.type || 'default').replace(/[^a-z_]/g, '');
    const size = String(el.size || 'medium').replace(/[^a-z]/g, '');
    const url = (Array.isArray(el.behaviors) ? el.behaviors : []).find((b: any) => b && b.type === 'open_url');
    const urlStr = url ? String(url.default_url || url.pc_url || url.android_url || url.ios_url || '') : el.url ? String(el.url) : '';
    const action = el.form_action_type || (el.action_type === 'form_submit' ? 'submit' : el.action_type === 'form_reset' ? 'reset' : '');
    const value = callback ? callback.value : el.value;
    let attrs = ' data-fc-button="1" data-name="' + esc(name) + '"';
    if (value !== undefined) attrs += ' data-value="' + esc(JSON.stringify(value)) + '"';
    if (urlStr && /^(https?:|mailto:|\/)/i.test(urlStr)) attrs += ' data-url="' + esc(urlStr) + '"';
    if (action) attrs += ' data-form-action="' + esc(action) + '"';
    if (el.confirm) {
      attrs += ' data-confirm-title="' + esc(text(el.confirm.title)) + '" data-confirm-text="' + esc(text(el.confirm.text)) + '"';
    }
    const tip = text(el.disabled_tips) || text(el.hover_tips);
    return '<button type="button" class="fc-btn fc-btn-' + type + ' fc-btn-' + size + width(el.width) + attrs + dis +
      (tip ? ' title="' + esc(tip) + '"' : '') + '>' + (urlStr ? '<span class="fc-btn-ext" aria-hidden="true">↗</span>' : '') +
      esc(text(el.text) || '按钮') + '</button>';
  }
  return null;
}
