import { cardRendererScript } from './card-renderer-script.ts';
import { cardStyles } from './card-styles.ts';
import { consoleStyles } from './console-styles.ts';
import { consoleApp } from './console-script.ts';
import { cardInteractions } from './console-actions.ts';
import { cardViewSwitch } from './card-view-switch.ts';
import { createHash } from 'node:crypto';

/**
 * The local console (issue 9): one self-contained HTML document that plays the messenger.
 * No build step, no external requests: CSS and JS are inline, fonts are the system's.
 *
 * Server contract (types in contract.ts; the routes live elsewhere, this page is their client):
 * - GET  /console/api/people → [{ id, name, roles: string[], openId }]
 * - POST /console/api/message {openId, text} → 202; the reply arrives on the stream
 * - POST /console/api/action {openId, messageId, value, formValue?, name} → { toast?, card? };
 *   `card` (a card document) replaces that message's card in place
 * - GET  /console/api/stream?openId= → SSE; each `data:` is {type:"message"|"update", message:
 *   {id, to, kind:"card"|"text"|"file", card?, text?, fileName?, at, from?}}, `card` being the
 *   card document (src/cards/document.ts) the page draws itself; history first.
 *   Messages whose `to` is someone else raise that person's unread badge. `from:"user"` marks
 *   the person's own message (shown right; matches the local echo).
 * - GET  /console/api/file/:id → a file message's content, with its content type and name
 * - GET  /console/api/message/:id/views → { id, doc, feishu, dingtalk: {title, text, html, buttons, form} }:
 *   one card document as Feishu's card JSON and as DingTalk's message (card-views.ts)
 * - POST /console/api/upload multipart {file, openId} → 202
 * - POST /console/api/reminders {now} → { sent: [{to, title}], planned }
 */
export function consolePage(): string {
  const script = pageScript();
  const quick = ['帮助', '待办', '覆盖率', '记录走访', '记录会议', '我是党员', '取消'];
  const clip =
    '<svg width="20" height="20" viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="1.8" stroke-linecap="round" stroke-linejoin="round" aria-hidden="true">' +
    '<path d="M21.44 11.05l-9.19 9.19a6 6 0 0 1-8.49-8.49l9.19-9.19a4 4 0 0 1 5.66 5.66l-9.2 9.19a2 2 0 0 1-2.83-2.83l8.49-8.48"/></svg>';
  const clock =
    '<svg width="16" height="16" viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" aria-hidden="true">' +
    '<circle cx="12" cy="13" r="8"/><path d="M12 9v4l2.5 2M5 3 2 6M19 3l3 3"/></svg>';
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light">
<link rel="icon" href="data:,">
<title>两新党建助手 · 本地控制台</title>
<style>${consoleStyles()}${cardStyles()}</style>
</head>
<body>
<div class="app">
  <aside class="side" aria-label="人员与时间">
    <div class="brand">
      <div class="logo" aria-hidden="true">党</div>
      <div class="brand-text"><div class="brand-title">两新党建助手</div><div class="brand-sub">本地控制台 · 模拟飞书对话</div></div>
      <div class="pick"><label class="sr-only" for="people-select">当前身份</label><select id="people-select"></select></div>
      <span id="unread-total" class="badge unread-total" hidden></span>
    </div>
    <nav id="people" class="people" aria-label="选择身份"></nav>
    <details id="clock" class="clock">
      <summary>${clock}模拟时间 · 运行提醒</summary>
      <div class="clock-body">
        <div class="clock-row">
          <label>日期<input id="clock-date" type="date"></label>
          <label>时间<input id="clock-time" type="time"></label>
        </div>
        <p class="clock-hint">按北京时间计算此刻到期的提醒并发送。</p>
        <button id="clock-run" type="button" class="btn btn-primary">运行提醒</button>
        <div id="clock-result" class="clock-result" aria-live="polite"></div>
      </div>
    </details>
  </aside>
  <main class="main">
    <header class="topbar">
      <div class="who"><span id="who-avatar" class="avatar" aria-hidden="true"></span>
        <div class="who-text"><div id="who-name" class="who-name">加载中…</div><div id="who-roles" class="who-roles"></div></div></div>
      <span id="conn" class="conn" role="status">连接中…</span>
    </header>
    <div id="thread" class="thread" role="log" aria-live="polite" aria-label="与两新党建助手的对话" tabindex="0">
      <p id="empty" class="empty">这里是你和「两新党建助手」的单聊。<br>说「帮助」看看能做什么。</p>
    </div>
    <div class="composer-wrap">
      <div id="quick" class="quick" role="group" aria-label="快捷指令">${quick.map((q) => `<button type="button" data-say="${q}">${q}</button>`).join('')}</div>
      <form id="composer" class="composer">
        <button id="clip" type="button" class="icon-btn" aria-label="发送文件（台账导入、走访照片）" title="发送文件">${clip}</button>
        <input id="file" type="file" hidden>
        <label class="sr-only" for="msg">消息</label>
        <textarea id="msg" rows="1" placeholder="发消息给 两新党建助手" aria-describedby="msg-hint" autocomplete="off"></textarea>
        <span id="msg-hint" class="sr-only">Enter 发送，Shift+Enter 换行</span>
        <button type="submit" class="send" title="发送（Enter）">发送</button>
      </form>
    </div>
    <div id="toasts" class="toasts" aria-live="polite"></div>
  </main>
</div>
<script>${script}</script>
</body>
</html>`;
}

let cachedScript: string | undefined;

/** The page's one inline script, exactly as it stands between its tags (the CSP hashes it). */
function pageScript(): string {
  cachedScript ??=
    '\n' +
    [
      '"use strict";',
      cardRendererScript(),
      'var cardInteractions = ' + cardInteractions.toString() + ';',
      'var cardViewSwitch = ' + cardViewSwitch.toString() + ';',
      'var consoleApp = ' + consoleApp.toString() + ';',
      'consoleApp(renderCard, cardInteractions, cardViewSwitch);',
    ]
      .join('\n')
      .replace(/<\/(script)/gi, '<\\/$1') +
    '\n';
  return cachedScript;
}

/**
 * The console page's Content-Security-Policy (issue 18 item 10): only its own hashed inline script
 * runs, it talks only to its own origin, and no other site may frame it (clickjacking).
 * Inline styles stay allowed: the card renderer sets style attributes.
 */
export function consolePageCsp(): string {
  const hash = createHash('sha256').update(pageScript(), 'utf8').digest('base64');
  return [
    "default-src 'none'",
    `script-src 'sha256-${hash}'`,
    "style-src 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "connect-src 'self'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}
