/**
 * The card view switch (issue 14 item 5): under each bot card, 控制台 · 飞书 · 钉钉. 飞书 shows the
 * card JSON that would be sent to Feishu, 钉钉 the message the DingTalk renderer makes from the
 * same document, drawn as the DingTalk client shows it (GET /console/api/message/:id/views).
 *
 * SELF-CONTAINED: embedded in the page with `cardViewSwitch.toString()`; it reaches the server
 * only through `get`.
 */
export interface ViewSwitchHost {
  get(path: string): Promise<any>;
  toast(t: { type: string; content: string }): void;
}

export function cardViewSwitch(root: HTMLElement, host: ViewSwitchHost): void {
  const esc = (s: unknown): string =>
    String(s ?? '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

  function feishuHtml(v: any): string {
    const json = JSON.stringify(v.feishu, null, 2);
    return '<div class="cv-note">发送给飞书的消息卡片 JSON（' + new TextEncoder().encode(JSON.stringify(v.feishu)).length + ' 字节）；控制台按飞书的样式把它画出来。</div>' +
      '<pre class="cv-json" tabindex="0">' + esc(json) + '</pre>';
  }

  function dingtalkHtml(v: any): string {
    const d = v.dingtalk || {};
    const buttons: { text: string; sends: string }[] = Array.isArray(d.buttons) ? d.buttons : [];
    return '<div class="cv-note">钉钉 Markdown 消息「' + esc(d.title) + '」' + (d.form ? '：表单在钉钉里逐项提问，这是第一条' : '') + '</div>' +
      '<div class="dt-msg">' + String(d.html || '') + '</div>' +
      (buttons.length ? '<div class="cv-note">' + buttons.length + ' 个按钮，点按后以本人名义发出：</div><ul class="cv-buttons">' +
        buttons.map((b) => '<li><b>' + esc(b.text) + '</b> → “' + esc(b.sends) + '”</li>').join('') + '</ul>' : '') +
      '<details class="cv-raw"><summary>原始 Markdown</summary><pre class="cv-json">' + esc(d.text) + '</pre></details>';
  }

  async function show(btn: HTMLElement): Promise<void> {
    const msg = btn.closest<HTMLElement>('[data-msg-id]');
    if (!msg) return;
    const view = btn.dataset.view || 'console';
    const card = msg.querySelector<HTMLElement>('.msg-card');
    const pane = msg.querySelector<HTMLElement>('.cv-pane');
    if (!card || !pane) return;
    msg.querySelectorAll<HTMLElement>('[data-view]').forEach((b) => b.setAttribute('aria-pressed', String(b === btn)));
    if (view === 'console') {
      card.hidden = false;
      pane.hidden = true;
      return;
    }
    try {
      const v = await host.get('/console/api/message/' + encodeURIComponent(msg.dataset.msgId || '') + '/views');
      pane.innerHTML = view === 'feishu' ? feishuHtml(v) : dingtalkHtml(v);
      pane.dataset.view = view;
      card.hidden = true;
      pane.hidden = false;
    } catch (e) {
      host.toast({ type: 'error', content: '加载失败：' + ((e as Error).message || e) });
    }
  }

  root.addEventListener('click', (e) => {
    const b = (e.target as HTMLElement).closest<HTMLElement>('[data-view]');
    if (b && root.contains(b)) void show(b);
  });
}
