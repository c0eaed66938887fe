import type { CardHost } from './console-actions.ts';
import type { ViewSwitchHost } from './card-view-switch.ts';
import type { ConsoleMessage as Message, ConsolePerson as Person, ConsoleStreamEvent } from './contract.ts';

/**
 * The console's chat UI: people, the thread, the composer, the stream, uploads and the reminder
 * clock. Server contract: contract.ts. SELF-CONTAINED: embedded with `consoleApp.toString()`; the
 * card renderer (a card document → HTML) and card interactions come in as parameters.
 */
export function consoleApp(
  renderCard: (doc: unknown, opts: { idPrefix: string; chartWidth: number }) => string,
  cardInteractions: (root: HTMLElement, host: CardHost) => void,
  cardViewSwitch: (root: HTMLElement, host: ViewSwitchHost) => void,
): void {
  const $ = <T extends HTMLElement = HTMLElement>(id: string): T => document.getElementById(id) as T;
  const esc = (s: unknown): string =>
    String(s ?? '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
  const ROLE_ORDER = ['组织部干部', '党建工作指导员', '支部书记', '党员', '管理员'];
  const S = {
    people: [] as Person[], me: null as Person | null,
    es: null as EventSource | null, msgs: new Map<string, { m: Message; el: HTMLElement }>(),
    unread: {} as Record<string, number>, seen: new Set<string>(), echoes: [] as { text: string; el: HTMLElement }[],
  };
  const thread = $('thread');

  async function api(path: string, body?: unknown, init?: RequestInit): Promise<any> {
    const req: RequestInit | undefined = init ?? (body === undefined ? undefined
      : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const res = await fetch(path, req);
    if (!res.ok) throw new Error((await res.text().catch(() => '')) || 'HTTP ' + res.status);
    const t = await res.text();
    return t ? JSON.parse(t) : {};
  }

  function toast(t: { type?: string; content: string }): void {
    const type = ['success', 'error', 'warning', 'info'].indexOf(String(t.type)) >= 0 ? String(t.type) : 'info';
    const icons: Record<string, string> = { success: '✓', error: '✕', warning: '!', info: 'i' };
    const el = document.createElement('div');
    el.className = 'toast toast-' + type;
    el.setAttribute('role', type === 'error' ? 'alert' : 'status');
    el.innerHTML = '<span class="toast-icon" aria-hidden="true">' + icons[type] + '</span><span>' + esc(t.content) + '</span>';
    $('toasts').appendChild(el);
    setTimeout(() => { el.classList.add('toast-out'); setTimeout(() => el.remove(), 300); }, 3000);
  }

  const time = (at?: string): string => {
    const d = at ? new Date(at) : new Date();
    if (isNaN(d.getTime())) return '';
    const s = new Date(d.getTime() + 8 * 3600e3);
    return String(s.getUTCHours()).padStart(2, '0') + ':' + String(s.getUTCMinutes()).padStart(2, '0');
  };
  // Like Feishu's avatars: the given name (last two characters) of a personal name; a longer label
  // such as 新来的人（未登记） shows its first two, without the bracketed note.
  const initial = (n: string): string => {
    const chars = Array.from(String(n || '?').replace(/[（(].*$/, '').trim() || '?');
    return (chars.length > 3 ? chars.slice(0, 2) : chars.slice(-2)).join('');
  };
  // The thread scrolls smoothly, so right after toBottom() scrollTop still reads the old position
  // while the animation runs; a message arriving then (a reply right after the echo, the history
  // replay) would count as "scrolled up" and not be followed. Until the animation is surely over,
  // the position aimed at counts.
  let aimedAt = 0;
  let aimUntil = 0;
  const nearBottom = (): boolean => {
    const top = Date.now() < aimUntil ? Math.max(thread.scrollTop, aimedAt) : thread.scrollTop;
    return thread.scrollHeight - top - thread.clientHeight < 120;
  };
  const toBottom = (): void => {
    aimedAt = thread.scrollHeight - thread.clientHeight;
    aimUntil = Date.now() + 1000;
    thread.scrollTop = thread.scrollHeight;
  };

  // Charts are drawn at the width the card body will have, so their 12px text stays legible.
  const chartWidth = (): number => {
    const phone = window.matchMedia('(max-width: 760px)').matches;
    const main = Math.min(620, thread.clientWidth - (phone ? 20 : 40) - (phone ? 36 : 40));
    return Math.max(240, Math.min(600, main) - 26);
  };
  const cardHtml = (m: Message): string => renderCard(m.card, { idPrefix: 'm' + m.id, chartWidth: chartWidth() });
  const FILE_ICON = '<svg width="28" height="28" viewBox="0 0 24 24" fill="none" stroke="#3370ff" stroke-width="1.6" aria-hidden="true">' +
    '<path d="M14 3H6a1 1 0 0 0-1 1v16a1 1 0 0 0 1 1h12a1 1 0 0 0 1-1V8z"/><path d="M14 3v5h5M8.5 13h7M8.5 16.5h5"/></svg>';

  const VIEW_SWITCH = '<span class="cv-switch" role="group" aria-label="查看方式">' +
    '<button type="button" data-view="console" aria-pressed="true">控制台</button>' +
    '<button type="button" data-view="feishu" aria-pressed="false">飞书</button>' +
    '<button type="button" data-view="dingtalk" aria-pressed="false">钉钉</button></span>';

  function messageHtml(m: Message): string {
    const mine = m.from === 'user';
    let inner: string;
    // A bot card can be seen as Feishu's JSON and as DingTalk's message too (card-view-switch.ts).
    const views = m.kind === 'card' && m.card && !mine;
    if (m.kind === 'card' && m.card) inner = '<div class="msg-card">' + cardHtml(m) + '</div>' + (views ? '<div class="cv-pane" hidden></div>' : '');
    else if (m.kind === 'file') {
      inner = '<div class="bubble bubble-file">' + FILE_ICON + '<div><div class="file-name">' + esc(m.fileName || '文件') +
        '</div>' + (/^local-/.test(m.id) ? '<span class="file-note">已发送</span>' : '<a class="file-link" href="/console/api/file/' + encodeURIComponent(m.id) +
        '" download="' + esc(m.fileName || '') + '">下载</a>') + '</div></div>';
    } else inner = '<div class="bubble">' + esc(m.text || '').replace(/\n/g, '<br>') + '</div>';
    const who = mine ? S.me?.name || '我' : '两新党建助手';
    return (mine ? '' : '<div class="avatar avatar-bot" aria-hidden="true">党</div>') + '<div class="msg-main"><div class="msg-meta">' +
      (mine ? '' : '<span class="msg-who">' + esc(who) + '</span>') + '<time>' + time(m.at) + '</time>' + (views ? VIEW_SWITCH : '') + '</div>' + inner + '</div>' +
      (mine ? '<div class="avatar" aria-hidden="true">' + esc(initial(S.me?.name || '我')) + '</div>' : '');
  }

  function upsert(m: Message): void {
    const stick = nearBottom();
    const old = S.msgs.get(m.id);
    if (old) {
      old.m = m;
      old.el.innerHTML = messageHtml(m);
      return;
    }
    const el = document.createElement('div');
    el.className = 'msg ' + (m.from === 'user' ? 'msg-me' : 'msg-bot');
    el.dataset.msgId = m.id;
    el.innerHTML = messageHtml(m);
    thread.appendChild(el);
    $('empty').hidden = true;
    S.msgs.set(m.id, { m, el });
    if (stick || m.from === 'user') toBottom();
  }

  function localEcho(text: string, kind: 'text' | 'file'): HTMLElement {
    const id = 'local-' + Date.now() + '-' + Math.random().toString(36).slice(2, 7);
    const m: Message = { id, to: S.me?.openId || '', kind, text, fileName: text, from: 'user', at: new Date().toISOString() };
    upsert(m);
    const el = S.msgs.get(id)!.el;
    S.msgs.delete(id);
    el.classList.add('msg-pending');
    S.echoes.push({ text, el });
    toBottom();
    return el;
  }

  function badge(openId: string): string {
    const n = S.unread[openId] || 0;
    return n ? '<span class="badge" aria-label="' + n + ' 条未读">' + (n > 99 ? '99+' : n) + '</span>' : '';
  }

  function renderPeople(): void {
    const groups: Record<string, Person[]> = {};
    S.people.forEach((p) => { const r = (p.roles && p.roles[0]) || '其他'; (groups[r] = groups[r] || []).push(p); });
    const order = Object.keys(groups).sort((a, b) => (ROLE_ORDER.indexOf(a) + 1 || 99) - (ROLE_ORDER.indexOf(b) + 1 || 99));
    $('people').innerHTML = order.map((r) => '<div class="group"><h3 class="group-h">' + esc(r) + '</h3><ul>' + groups[r].map((p) =>
      '<li><button type="button" class="person" data-open-id="' + esc(p.openId) + '"' + (S.me && S.me.openId === p.openId ? ' aria-current="true"' : '') + '>' +
      '<span class="avatar" aria-hidden="true">' + esc(initial(p.name)) + '</span><span class="person-text"><span class="person-name">' + esc(p.name) +
      '</span><span class="person-roles">' + esc((p.roles || []).join('、') || '无角色') + '</span></span>' + badge(p.openId) + '</button></li>').join('') +
      '</ul></div>').join('');
    $<HTMLSelectElement>('people-select').innerHTML = order.map((r) => '<optgroup label="' + esc(r) + '">' + groups[r].map((p) => {
      const n = S.unread[p.openId] || 0;
      return '<option value="' + esc(p.openId) + '"' + (S.me && S.me.openId === p.openId ? ' selected' : '') + '>' + esc(p.name) + (n ? '（' + n + ' 条未读）' : '') + '</option>';
    }).join('') + '</optgroup>').join('');
    const total = Object.keys(S.unread).reduce((a, k) => a + (S.me && k === S.me.openId ? 0 : S.unread[k]), 0);
    const tb = $('unread-total');
    tb.hidden = !total;
    tb.textContent = total > 99 ? '99+' : String(total);
    tb.setAttribute('aria-label', '其他人有 ' + total + ' 条未读');
  }

  function setStatus(ok: boolean | null): void {
    const el = $('conn');
    el.className = 'conn ' + (ok ? 'conn-ok' : ok === false ? 'conn-bad' : '');
    el.textContent = ok ? '已连接' : ok === false ? '重新连接中…' : '连接中…';
  }

  function connect(): void {
    if (S.es) S.es.close();
    if (!S.me) return;
    setStatus(null);
    const es = new EventSource('/console/api/stream?openId=' + encodeURIComponent(S.me.openId));
    S.es = es;
    es.onopen = () => setStatus(true);
    es.onerror = () => setStatus(false);
    es.onmessage = (e) => {
      let ev: ConsoleStreamEvent;
      try { ev = JSON.parse(e.data); } catch { return; }
      const m = ev && ev.message;
      if (!m || !m.id || (ev.type !== 'message' && ev.type !== 'update')) return;
      const me = S.me!;
      if (m.to && m.to !== me.openId && m.to !== me.id) {
        // Someone else's message: count it once, show it when that person is opened.
        if (ev.type === 'message' && !S.seen.has(m.id)) {
          S.seen.add(m.id);
          const p = S.people.find((x) => x.openId === m.to || x.id === m.to);
          if (p) { S.unread[p.openId] = (S.unread[p.openId] || 0) + 1; renderPeople(); }
        }
        return;
      }
      S.seen.add(m.id);
      if (m.from === 'user' && !S.msgs.has(m.id)) {
        // The server echoed what this page already shows: adopt the local bubble.
        const i = S.echoes.findIndex((x) => x.text === (m.text || m.fileName));
        if (i >= 0) {
          const el = S.echoes.splice(i, 1)[0].el;
          el.dataset.msgId = m.id;
          el.classList.remove('msg-pending', 'msg-failed');
          // The server's clock stamps the message (it may be a simulated one), not the browser's.
          const stamp = el.querySelector('time');
          if (stamp) stamp.textContent = time(m.at);
          S.msgs.set(m.id, { m, el });
          return;
        }
      }
      upsert(m);
    };
  }

  function selectPerson(openId: string): void {
    const p = S.people.find((x) => x.openId === openId) || S.people.find((x) => x.default) || S.people[0];
    if (!p) return;
    S.me = p;
    delete S.unread[p.openId];
    S.msgs.clear();
    S.echoes = [];
    thread.querySelectorAll('.msg').forEach((n) => n.remove());
    $('empty').hidden = false;
    $('who-avatar').textContent = initial(p.name);
    $('who-name').textContent = p.name;
    $('who-roles').textContent = (p.roles || []).join('、') || '无角色';
    document.title = p.name + ' · 两新党建助手 本地控制台';
    try { localStorage.setItem('console.openId', p.openId); } catch { /* private mode */ }
    if (location.hash.slice(1) !== p.openId) history.replaceState(null, '', '#' + encodeURIComponent(p.openId));
    renderPeople();
    renderQuick(p);
    connect();
  }

  // Only what this person's roles can do (the server derives it from the help card's commands).
  function renderQuick(p: Person): void {
    if (!Array.isArray(p.quick)) return;
    const bar = $('quick');
    bar.innerHTML = p.quick.map((q) => '<button type="button" data-say="' + esc(q) + '">' + esc(q) + '</button>').join('');
    bar.scrollLeft = 0;
  }

  async function send(text: string): Promise<void> {
    const t = text.trim();
    if (!t || !S.me) return;
    const el = localEcho(t, 'text');
    try {
      await api('/console/api/message', { openId: S.me.openId, text: t });
      el.classList.remove('msg-pending');
    } catch (e) {
      el.classList.add('msg-failed');
      toast({ type: 'error', content: '发送失败：' + (e as Error).message });
    }
  }

  async function upload(file: File): Promise<void> {
    if (!S.me) return;
    const el = localEcho(file.name, 'file');
    const fd = new FormData();
    fd.append('openId', S.me.openId);
    fd.append('file', file, file.name);
    try {
      await api('/console/api/upload', undefined, { method: 'POST', body: fd });
      el.classList.remove('msg-pending');
    } catch (e) {
      el.classList.add('msg-failed');
      toast({ type: 'error', content: '上传失败：' + (e as Error).message });
    }
  }

  async function runReminders(): Promise<void> {
    const d = $<HTMLInputElement>('clock-date').value;
    const t = $<HTMLInputElement>('clock-time').value || '09:00';
    if (!d) { toast({ type: 'error', content: '请先选择日期' }); return; }
    const out = $('clock-result');
    const btn = $<HTMLButtonElement>('clock-run');
    btn.disabled = true;
    try {
      const r = await api('/console/api/reminders', { now: d + 'T' + t + ':00+08:00' });
      const sent: { to: string; title: string }[] = Array.isArray(r.sent) ? r.sent : [];
      // Why nothing went out, when nothing did: a rest day, or outside the quiet hours' send window.
      const why = r.workingDay === false ? (r.today ? esc(r.today) + ' ' : '') + '不是工作日，不发提醒。'
        : r.delivered === false ? '此刻不在发送时段，已计划的提醒会在发送时段内发出。' : '此刻没有到期的提醒。';
      // Two different counts: messages sent now, and to-do items newly planned (one person's items
      // share one card), so "2 and 35" does not read as 33 failures.
      out.innerHTML = '<p class="clock-sum">已发送消息 <b>' + sent.length + '</b> 条' + (r.planned ? '；本次新列入提醒的事项 <b>' + esc(r.planned) + '</b> 项（同一人的事项合在一张卡片里发送）' : '') +
        '</p>' + (sent.length ? '<ul>' + sent.map((s) => '<li><b>' + esc(s.to) + '</b> · ' + esc(s.title) + '</li>').join('') + '</ul>' : '<p class="muted">' + why + '</p>');
      toast({ type: 'success', content: '提醒已运行：发送消息 ' + sent.length + ' 条' });
    } catch (e) {
      out.innerHTML = '<p class="error-text">运行失败：' + esc((e as Error).message) + '</p>';
    } finally {
      btn.disabled = false;
    }
  }

  // Wiring.
  cardInteractions(thread, {
    openId: () => (S.me ? S.me.openId : ''),
    toast,
    post: (path, body) => api(path, body),
    replaceCard: (id, card) => {
      const x = S.msgs.get(id);
      if (x) upsert(Object.assign({}, x.m, { kind: 'card', card }) as Message);
    },
  });
  cardViewSwitch(thread, { get: (path) => api(path), toast });
  $('people').addEventListener('click', (e) => {
    const b = (e.target as HTMLElement).closest<HTMLElement>('[data-open-id]');
    if (b) selectPerson(b.dataset.openId || '');
  });
  $<HTMLSelectElement>('people-select').addEventListener('change', (e) => selectPerson((e.target as HTMLSelectElement).value));
  const box = $<HTMLTextAreaElement>('msg');
  const grow = (): void => { box.style.height = 'auto'; box.style.height = Math.min(box.scrollHeight, 140) + 'px'; };
  box.addEventListener('input', grow);
  box.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) { e.preventDefault(); $<HTMLFormElement>('composer').requestSubmit(); }
  });
  // A card form never navigates (the page's CSP forbids inline handlers, so this is not onsubmit=).
  document.addEventListener('submit', (e) => { if ((e.target as Element).closest('.fc-form')) e.preventDefault(); }, true);
  $('composer').addEventListener('submit', (e) => { e.preventDefault(); const v = box.value; box.value = ''; grow(); void send(v); box.focus(); });
  $('quick').addEventListener('click', (e) => {
    const b = (e.target as HTMLElement).closest<HTMLElement>('[data-say]');
    if (b) void send(b.dataset.say || '');
  });
  const file = $<HTMLInputElement>('file');
  $('clip').addEventListener('click', () => file.click());
  file.addEventListener('change', () => { Array.from(file.files || []).forEach((f) => void upload(f)); file.value = ''; });
  $('clock-run').addEventListener('click', () => void runReminders());
  // On resize redraw only the charts, so half-filled forms in other cards keep their input.
  let resizeTimer = 0;
  let lastWidth = chartWidth();
  window.addEventListener('resize', () => {
    clearTimeout(resizeTimer);
    resizeTimer = window.setTimeout(() => {
      if (Math.abs(chartWidth() - lastWidth) < 24) return;
      lastWidth = chartWidth();
      S.msgs.forEach(({ m, el }) => {
        const old = el.querySelectorAll('.fc-chart');
        if (!old.length || m.kind !== 'card') return;
        const tmp = document.createElement('div');
        tmp.innerHTML = cardHtml(m);
        const fresh = tmp.querySelectorAll('.fc-chart');
        old.forEach((c, i) => { if (fresh[i]) c.replaceWith(fresh[i]); });
      });
    }, 200);
  });
  const now = new Date(Date.now() + 8 * 3600e3).toISOString();
  $<HTMLInputElement>('clock-date').value = now.slice(0, 10);
  $<HTMLInputElement>('clock-time').value = now.slice(11, 16);
  if (window.matchMedia('(min-width: 761px)').matches) $<HTMLDetailsElement>('clock').open = true;

  api('/console/api/people').then((people: Person[]) => {
    S.people = Array.isArray(people) ? people : [];
    let want = decodeURIComponent(location.hash.slice(1));
    try { want = want || localStorage.getItem('console.openId') || ''; } catch { /* private mode */ }
    if (!S.people.length) { $('empty').textContent = '没有演示人员：请先运行 npm run cli -- seed-demo'; return; }
    selectPerson(want);
  }).catch((e) => toast({ type: 'error', content: '加载人员失败：' + (e as Error).message }));
}
