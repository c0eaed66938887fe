/**
 * Card interactions in the console: buttons, form submit, required fields, table pages, on the HTML
 * that src/cards/render-console.ts draws from a card document. Form values are shaped like
 * Feishu's `action.form_value`, because the console enters the bot core as a Feishu callback does
 * (https://open.feishu.cn/document/feishu-cards/card-json-v2-components/containers/form-container).
 *
 * SELF-CONTAINED: embedded in the page with `cardInteractions.toString()`; it reaches the rest of
 * the app only through `host`.
 */
export interface CardHost {
  openId(): string;
  toast(t: { type: string; content: string }): void;
  replaceCard(messageId: string, card: unknown): void;
  post(path: string, body: unknown): Promise<any>;
}

export function cardInteractions(root: HTMLElement, host: CardHost): void {
  const TZ = ' +0800'; // the bot's calendar is Asia/Shanghai
  const msgId = (el: Element): string => (el.closest('[data-msg-id]') as HTMLElement | null)?.dataset.msgId || '';
  const parse = (s: string | undefined): unknown => {
    if (s === undefined) return undefined;
    try { return JSON.parse(s); } catch { return s; }
  };
  const controls = (field: HTMLElement): HTMLInputElement[] =>
    (/^(INPUT|SELECT|TEXTAREA)$/.test(field.tagName) ? [field] : Array.from(field.querySelectorAll('input,select,textarea'))) as HTMLInputElement[];

  /** One field's value as Feishu puts it in form_value; undefined when empty (left out). */
  function fieldValue(field: HTMLElement): unknown {
    const kind = field.dataset.fcKind || ''; // the document's field type
    const c = controls(field);
    const v = c[0] ? String(c[0].value || '') : '';
    switch (kind) {
      case 'text': case 'longtext': return v;
      case 'multiselect': return c.filter((x) => x.checked).map((x) => x.value);
      case 'date': case 'time': return v ? v + TZ : undefined;
      case 'checkbox': return !!(c[0] && c[0].checked);
      default: return v || undefined;
    }
  }
  const isEmpty = (v: unknown): boolean =>
    v === undefined || (typeof v === 'string' && v.trim() === '') || (Array.isArray(v) && v.length === 0);

  function markInvalid(field: HTMLElement, bad: boolean): void {
    const box = (field.closest('.fc-field') as HTMLElement | null) || field;
    box.classList.toggle('fc-invalid', bad);
    controls(field).forEach((c) => (bad ? c.setAttribute('aria-invalid', 'true') : c.removeAttribute('aria-invalid')));
    let note = box.querySelector(':scope > .fc-field-error');
    if (bad && !note) {
      note = document.createElement('div');
      note.className = 'fc-field-error';
      note.textContent = '此项为必填项';
      box.appendChild(note);
    } else if (!bad && note) note.remove();
  }

  /** Collects a form; null when a required field is empty (and the fields are marked). */
  function collect(form: HTMLElement): Record<string, unknown> | null {
    const out: Record<string, unknown> = {};
    let firstBad: HTMLElement | null = null;
    form.querySelectorAll<HTMLElement>('[data-fc-field]').forEach((f) => {
      const v = fieldValue(f);
      const bad = f.dataset.required === '1' && (isEmpty(v) || v === false);
      markInvalid(f, bad);
      if (bad && !firstBad) firstBad = f;
      if (v !== undefined && f.dataset.fcField) out[f.dataset.fcField] = v;
    });
    if (firstBad) {
      const c = controls(firstBad)[0];
      if (c) c.focus();
      return null;
    }
    return out;
  }

  async function send(trigger: HTMLElement, body: Record<string, unknown>): Promise<void> {
    const card = trigger.closest('.fc-card');
    const buttons = card ? Array.from(card.querySelectorAll<HTMLButtonElement>('button.fc-btn:not(:disabled)')) : [];
    trigger.setAttribute('aria-busy', 'true');
    buttons.forEach((b) => (b.disabled = true));
    const id = msgId(trigger);
    try {
      const res = await host.post('/console/api/action', Object.assign({ openId: host.openId(), messageId: id }, body));
      if (res && res.toast) host.toast(res.toast);
      if (res && res.card) host.replaceCard(id, res.card);
    } catch (e) {
      host.toast({ type: 'error', content: '操作失败：' + ((e as Error).message || e) });
    } finally {
      trigger.removeAttribute('aria-busy');
      buttons.forEach((b) => (b.disabled = false));
    }
  }

  function page(btn: HTMLElement): void {
    const table = btn.closest<HTMLElement>('[data-fc-table]');
    if (!table) return;
    const pages = Number(table.dataset.pages) || 1;
    const cur = Number(table.querySelector<HTMLElement>('[aria-current=page]')?.dataset.fcPage || 0);
    const want = btn.dataset.fcPage;
    const p = Math.max(0, Math.min(pages - 1, want === 'prev' ? cur - 1 : want === 'next' ? cur + 1 : Number(want)));
    table.querySelectorAll<HTMLElement>('tbody tr[data-page]').forEach((r) => (r.hidden = Number(r.dataset.page) !== p));
    table.querySelectorAll<HTMLButtonElement>('[data-fc-page]').forEach((b) => {
      const k = b.dataset.fcPage;
      if (k === 'prev') b.disabled = p === 0;
      else if (k === 'next') b.disabled = p === pages - 1;
      else if (Number(k) === p) b.setAttribute('aria-current', 'page');
      else b.removeAttribute('aria-current');
    });
  }

  function click(btn: HTMLElement): void {
    if (btn.getAttribute('aria-busy') === 'true' || (btn as HTMLButtonElement).disabled) return;
    const d = btn.dataset;
    if (d.confirmTitle !== undefined || d.confirmText !== undefined) {
      const msg = [d.confirmTitle, d.confirmText].filter(Boolean).join('\n\n');
      if (!window.confirm(msg || '确定吗？')) return;
    }
    const form = btn.closest<HTMLFormElement>('form.fc-form');
    if (d.formAction === 'submit' && form) {
      const formValue = collect(form);
      if (!formValue) {
        host.toast({ type: 'error', content: '有必填项未填写' });
        return;
      }
      void send(btn, { name: d.name || '', value: parse(d.value) ?? {}, formValue });
      return;
    }
    if (d.value !== undefined) void send(btn, { name: d.name || '', value: parse(d.value), formValue: undefined });
  }

  root.addEventListener('click', (e) => {
    const t = e.target as HTMLElement;
    const pg = t.closest<HTMLElement>('[data-fc-page]');
    if (pg && root.contains(pg)) return page(pg);
    const btn = t.closest<HTMLElement>('[data-fc-button]');
    if (btn && root.contains(btn)) {
      e.preventDefault();
      click(btn);
    }
  });
  root.addEventListener('keydown', (e) => {
    // Enter in a one-line card input must not submit anything (Feishu submits only by button).
    if (e.key === 'Enter' && (e.target as HTMLElement).matches('input.fc-input')) e.preventDefault();
  });
  // An empty picker shows its placeholder overlay (render-console); hide it once it has a value.
  const syncPicker = (t: HTMLElement): void => {
    const p = t.closest<HTMLElement>('.fc-picker');
    if (p) p.classList.toggle('fc-empty', !(t as HTMLInputElement).value);
  };
  root.addEventListener('input', (e) => {
    const f = (e.target as HTMLElement).closest<HTMLElement>('[data-fc-field]');
    if (f && f.closest('.fc-invalid')) markInvalid(f, false);
    syncPicker(e.target as HTMLElement);
  });
  root.addEventListener('change', (e) => syncPicker(e.target as HTMLElement));
}
