/**
 * The local console in a real browser (issue 9 §7): Debian's chromium driven by playwright-core
 * against the REAL service in-process — buildService with the console messenger, no Feishu app,
 * the Node extra routes (the console) — on a test database seeded with the demo. As an
 * instructor: 记录走访 → pick an org → fill the form → submit → the confirmation card. As the
 * district officer: 覆盖率 → the card with its chart. At 375 px and 1280 px; screenshots go to
 * test/output/ (git-ignored) for a person to look at.
 *
 * No chromium (or no Chinese font): the run installs Debian's chromium and fonts-noto-cjk when it
 * is root with apt-get, otherwise skips this file with one loud warning; under CI=true it FAILS
 * (`.ci/run` installs them). The decision is browser-availability.ts, unit-tested.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { serve, type ServerType } from '@hono/node-server';
import type { Browser, Locator, Page } from 'playwright-core';
import { fixedClock } from '../../src/clock.ts';
import { parseConfig } from '../../src/config/config.ts';
import { DEMO_OPEN_IDS } from '../../src/demo/demo-people.ts';
import { seedDemo } from '../../src/demo/seed-demo.ts';
import { silentLogger } from '../../src/log/logger.ts';
import { createConsoleMessenger } from '../../src/messenger/console-messenger.ts';
import type { CardDoc } from '../../src/cards/document.ts';
import { buildService } from '../../src/runtime/build-service.ts';
import { createTrackedDefer } from '../../src/runtime/defer.ts';
import { nodeExtraRoutes } from '../../src/runtime/node-extras.ts';
import { createTestDb, type TestDatabase } from '../support/test-db.ts';
import { ensureBrowser } from './browser-availability.ts';
import { aptInstallBrowser, launchChromium, probeBrowser } from './browser.ts';

const OUT = fileURLToPath(new URL('../output/', import.meta.url));
/** A Friday morning in Shanghai: a working day inside the reminders' send window. */
const NOW = '2026-11-20T02:00:00Z';
const STEP_MS = 15_000;

let database: TestDatabase;
let server: ServerType;
let base = '';
let browser: Browser;
let stopDefer: () => Promise<void> = async () => {};
let messenger: ReturnType<typeof createConsoleMessenger>;

/** Decided while the file is collected, so a machine without a browser skips it instead of failing. */
const chromiumPath = ensureBrowser({
  probe: () => probeBrowser(),
  install: aptInstallBrowser,
  log: (line) => console.log(line),
  warn: (line) => console.warn(line),
});
const ready = chromiumPath !== null;

beforeAll(async () => {
  if (!ready) return;
  mkdirSync(OUT, { recursive: true });
  database = await createTestDb();
  const clock = fixedClock(NOW);
  const seeded = await seedDemo(database, { now: clock.now() });
  expect(seeded.seeded).toBe(true);
  const config = parseConfig({ LOG_LEVEL: 'silent' });
  messenger = createConsoleMessenger({ clock });
  const defer = createTrackedDefer(silentLogger);
  stopDefer = () => defer.drain(5000).then(() => undefined);
  const deps = { config, database, messenger, clock, logger: silentLogger, defer };
  const service = buildService({ ...deps, extraRoutes: (parts) => nodeExtraRoutes({ ...deps, ...parts }) });
  server = await new Promise<ServerType>((resolve) => {
    const s = serve({ fetch: service.app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
  });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = (await launchChromium())!;
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  await stopDefer();
  await database?.drop();
});

interface Viewport {
  tag: 'phone' | 'desktop';
  width: number;
  height: number;
  instructor: string;
}

const VIEWPORTS: Viewport[] = [
  { tag: 'desktop', width: 1280, height: 900, instructor: DEMO_OPEN_IDS.instructor(1) },
  { tag: 'phone', width: 375, height: 812, instructor: DEMO_OPEN_IDS.instructor(2) },
];

async function openPage(v: Viewport, openId: string): Promise<{ page: Page; problems: string[] }> {
  const page = await browser.newPage({ viewport: { width: v.width, height: v.height }, deviceScaleFactor: v.tag === 'phone' ? 2 : 1, locale: 'zh-CN' });
  page.setDefaultTimeout(STEP_MS);
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(`page error: ${String(e)}`));
  page.on('console', (m) => m.type() === 'error' && problems.push(`console error: ${m.text()}`));
  page.on('request', (r) => !r.url().startsWith(base) && !r.url().startsWith('data:') && problems.push(`external request: ${r.url()}`));
  page.on('dialog', (d) => void d.accept());
  await page.goto(`${base}/console#${openId}`);
  await page.waitForSelector('.person[aria-current=true]', { state: 'attached' });
  await page.waitForSelector('#conn.conn-ok');
  // The chat history replays; the view must end on its last message (smooth scrolling once lost it).
  await followsToBottom(page);
  return { page, problems };
}

/** The thread is scrolled to its end (waits out the smooth scroll). */
async function followsToBottom(page: Page): Promise<void> {
  await page.waitForFunction(() => {
    const t = document.getElementById('thread')!;
    return t.scrollHeight - t.scrollTop - t.clientHeight < 2;
  });
}

/** Types a message and waits for the bot's next card; returns that message. */
async function say(page: Page, text: string): Promise<Locator> {
  const before = await page.locator('.msg-bot').count();
  await page.fill('#msg', text);
  await page.press('#msg', 'Enter');
  await page.waitForFunction((n) => document.querySelectorAll('.msg-bot .fc-card').length > n, before);
  // The reply is followed: the view ends on it.
  await followsToBottom(page);
  return page.locator('.msg-bot').last();
}

/** The whole page as a person sees it, scrolled to the latest message (card shots resize the window). */
async function pageShot(page: Page, v: Viewport, name: string): Promise<void> {
  await page.evaluate(() => {
    const t = document.getElementById('thread')!;
    t.scrollTop = t.scrollHeight;
  });
  await followsToBottom(page);
  await page.screenshot({ path: `${OUT}console-real-${v.tag}-${name}.png` });
}

/** Shoots the whole card, however tall, by growing the window for the shot. */
async function shootCard(page: Page, v: Viewport, message: Locator, name: string): Promise<void> {
  await page.setViewportSize({ width: v.width, height: 4000 });
  await message.locator('.fc-card').screenshot({ path: `${OUT}console-real-${v.tag}-${name}.png` });
  await page.setViewportSize({ width: v.width, height: v.height });
}

/** No text overflows the viewport sideways (the phone layout must not scroll horizontally). */
async function expectNoSidewaysScroll(page: Page): Promise<void> {
  const over = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(over).toBeLessThanOrEqual(0);
}

describe.skipIf(!ready).each(VIEWPORTS)('the console at $width px', (v) => {
  test('an instructor logs a visit through the form and sees the confirmation', async () => {
    const { page, problems } = await openPage(v, v.instructor);
    try {
      const pick = await say(page, '记录走访');
      await expect.poll(() => pick.innerText()).toContain('选择单位');
      await shootCard(page, v, pick, 'visit-pick');
      const org = (await pick.locator('.fc-card strong, .fc-card b').first().innerText()).trim();
      await pick.locator('button.fc-btn', { hasText: /^记录$/ }).first().click();

      // The pick card is replaced in place by the form.
      await page.locator('.msg-bot [data-fc-field="visited_on"]').last().waitFor();
      // Follow the message by its id: the confirmation replaces the form in the same message.
      const id = await page.locator('.msg-bot').filter({ has: page.locator('[data-fc-field="visited_on"]') }).last().getAttribute('data-msg-id');
      const form = page.locator(`.msg-bot[data-msg-id="${id}"]`);
      expect(await form.innerText()).toContain(org);
      await form.locator('select[name="way"]').selectOption('onsite');
      await form.locator('[data-fc-field="topics"] label.fc-chip').first().click();
      await form.locator('textarea[name="found"]').fill('企业生产正常，支部活动室已布置好');
      await form.locator('textarea[name="problems"]').fill('党员活动记录本需要补填');
      await shootCard(page, v, form, 'visit-form');
      await form.locator('button[data-name="submit"]').click();

      await expect.poll(() => form.innerText(), { timeout: STEP_MS }).toContain('已保存');
      const card = await form.innerText();
      expect(card).toContain(org);
      expect(card).toContain('党员活动记录本需要补填');
      await shootCard(page, v, form, 'visit-saved');
      await pageShot(page, v, 'instructor');
      await expectNoSidewaysScroll(page);
      expect(problems).toEqual([]);
    } finally {
      await page.close();
    }
  }, 60_000);

  test('the district officer asks for 覆盖率 and sees the card with its chart', async () => {
    const { page, problems } = await openPage(v, DEMO_OPEN_IDS.districtOfficer);
    try {
      const card = await say(page, '覆盖率');
      await expect.poll(() => card.innerText()).toContain('覆盖率');
      const chart = card.locator('.fc-card svg');
      await chart.first().waitFor();
      // Bars drawn from the chart spec's data: one per street at least.
      expect(await chart.first().locator('rect').count()).toBeGreaterThan(3);
      expect(await card.innerText()).toMatch(/\d+\.\d%/);
      await shootCard(page, v, card, 'coverage');
      await pageShot(page, v, 'officer');
      await expectNoSidewaysScroll(page);
      expect(problems).toEqual([]);
    } finally {
      await page.close();
    }
  }, 60_000);
});

test.skipIf(!ready)('at 375 px the console opens as the district officer, whose quick bar is one scrolling row of their own commands, and toasts leave the picker free', async () => {
  const v = VIEWPORTS[1]!;
  const page = await browser.newPage({ viewport: { width: v.width, height: v.height }, deviceScaleFactor: 2, locale: 'zh-CN' });
  try {
    await page.goto(`${base}/console`);
    await page.waitForSelector('#conn.conn-ok');
    expect(await page.locator('#people-select').inputValue()).toBe(DEMO_OPEN_IDS.districtOfficer);
    const words = await page.locator('#quick button').allInnerTexts();
    expect(words).toContain('覆盖率');
    expect(words).not.toContain('记录会议');
    const bar = await page.evaluate(() => {
      const q = document.getElementById('quick')!;
      const tops = Array.from(q.querySelectorAll('button')).map((b) => b.getBoundingClientRect().top);
      return { scrolls: q.scrollWidth > q.clientWidth, rows: new Set(tops).size, over: document.documentElement.scrollWidth - document.documentElement.clientWidth };
    });
    expect(bar).toEqual({ scrolls: true, rows: 1, over: 0 });
    await page.click('#clock > summary');
    await page.fill('#clock-date', '');
    await page.click('#clock-run');
    const toast = page.locator('.toast').first();
    await toast.waitFor();
    const [t, p] = [await toast.boundingBox(), await page.locator('#people-select').boundingBox()];
    expect(t!.y).toBeGreaterThanOrEqual(p!.y + p!.height);
  } finally {
    await page.close();
  }
}, 60_000);

test.skipIf(!ready)('the clock control runs the reminders as of a chosen instant and shows who got what', async () => {
  const v = VIEWPORTS[0]!;
  const { page, problems } = await openPage(v, DEMO_OPEN_IDS.districtOfficer);
  try {
    const before = await page.locator('.msg-bot').count();
    // The test's Friday, just after the 09:00 digest hour (Asia/Shanghai).
    await page.fill('#clock-date', '2026-11-20');
    await page.fill('#clock-time', '09:30');
    await page.click('#clock-run');
    const result = page.locator('#clock-result');
    await result.locator('.clock-sum').waitFor();
    const sent = await result.locator('li').allInnerTexts();
    expect(sent.length).toBeGreaterThan(1);
    expect(sent.some((s) => s.startsWith('周建国'))).toBe(true);
    // The officer's own digest arrives live in the open chat; the others' raise unread badges.
    await page.waitForFunction((n) => document.querySelectorAll('.msg-bot .fc-card').length > n, before);
    await followsToBottom(page);
    expect(await page.locator('.msg-bot').last().innerText()).toContain('今日待办');
    await expect.poll(() => page.locator('.person .badge').count()).toBeGreaterThan(0);
    await pageShot(page, v, 'reminders');
    // A Saturday: nothing goes out, and the page says why.
    await page.fill('#clock-date', '2026-11-21');
    await page.click('#clock-run');
    await expect.poll(() => result.innerText()).toContain('不是工作日');
    expect(problems).toEqual([]);
  } finally {
    await page.close();
  }
}, 60_000);

test.skipIf(!ready)('notifications arriving in a burst are followed to the last one', async () => {
  const v = VIEWPORTS[0]!;
  const { page, problems } = await openPage(v, DEMO_OPEN_IDS.member(1));
  try {
    const tall = (n: number): CardDoc => ({
      title: `通知 ${n}`,
      color: 'blue',
      body: Array.from({ length: 12 }, (_, i) => ({ kind: 'text' as const, text: [{ text: `第 ${i + 1} 行：线索有了新的进展。` }] })),
    });
    for (let n = 1; n <= 3; n++) await messenger.sendCard({ openId: DEMO_OPEN_IDS.member(1) }, tall(n));
    await page.waitForFunction(() => document.body.innerText.includes('通知 3'));
    await followsToBottom(page);
    expect(problems).toEqual([]);
  } finally {
    await page.close();
  }
}, 60_000);

test.skipIf(!ready)('user text that looks like markup shows exactly as typed in the page, and none of it becomes an element', async () => {
  const v = VIEWPORTS[1]!;
  const openId = DEMO_OPEN_IDS.member(2);
  const typed = ('<img src=x onerror="window.__pwned=1"> <script>window.__pwned=2</script> &amp; **粗** _斜_ [链](javascript:x) `c` # 标题\n- 项 | \\ $x$ :OK: 😀👍🏽 ')
    .repeat(12).slice(0, 1000);
  const doc: CardDoc = {
    title: typed,
    color: 'blue',
    body: [
      { kind: 'text', text: [{ text: typed }, { text: typed, bold: true }] },
      { kind: 'form', name: 'f', blocks: [{ kind: 'field', type: 'text', name: 'n', label: typed, required: false, value: typed, placeholder: typed, maxLength: 1000 }] },
      { kind: 'table', columns: [{ name: 'k', label: '单位', type: 'text' }], rows: [{ k: typed }], key: 'k', pageSize: 10 },
      { kind: 'chart', bars: [{ label: typed, value: 3 }] },
    ],
  };
  await messenger.sendCard({ openId }, doc);
  const { page, problems } = await openPage(v, openId);
  try {
    const card = page.locator('.msg-bot .fc-card').last();
    await card.waitFor();
    const seen = await card.evaluate((el) => ({
      title: el.querySelector('.fc-title')!.textContent,
      text: el.querySelector('.fc-text')!.textContent,
      bold: el.querySelector('.fc-text strong')!.textContent,
      label: el.querySelector('label.fc-label')!.textContent,
      value: (el.querySelector('input[name="n"]') as HTMLInputElement).value,
      placeholder: (el.querySelector('input[name="n"]') as HTMLInputElement).placeholder,
      cell: el.querySelector('th.fc-key')!.textContent,
      bar: el.querySelector('.fc-bar title')!.textContent,
      elements: el.querySelectorAll('img, script, a, em, code, h1, li').length,
      pwned: (window as unknown as { __pwned?: number }).__pwned ?? null,
    }));
    // A one-line input holds no line breaks: the browser strips them from its value (HTML's value sanitization).
    const oneLine = typed.replace(/\n/g, '');
    expect(seen).toEqual({ title: typed, text: typed + typed, bold: typed, label: typed, value: oneLine, placeholder: typed, cell: typed, bar: `${typed}：3`, elements: 0, pwned: null });
    // Line breaks and runs of spaces are kept as typed, not folded.
    expect(await card.locator('.fc-text').first().evaluate((el) => getComputedStyle(el).whiteSpace)).toBe('pre-wrap');
    expect(problems).toEqual([]);
  } finally {
    await page.close();
  }
}, 60_000);
