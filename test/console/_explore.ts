import { launchChromium } from './browser.ts';
const base = process.argv[2] ?? 'http://127.0.0.1:3111';
const who = process.argv[3] ?? 'ou_demo_instructor_01';
const says = process.argv.slice(4);
const browser = (await launchChromium())!;
const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
page.on('pageerror', (e) => console.log('PAGEERROR', String(e)));
page.on('console', (m) => { if (m.type() === 'error') console.log('CONSOLE', m.text()); });
await page.goto(`${base}/console#${who}`);
await page.waitForSelector('.person[aria-current=true]', { state: 'attached' });
let i = 0;
for (const s of says) {
  const before = await page.locator('.msg-bot').count();
  await page.fill('#msg', s);
  await page.press('#msg', 'Enter');
  await page.waitForFunction((n) => document.querySelectorAll('.msg-bot').length > n, before, { timeout: 10000 }).catch(() => console.log('no reply to', s));
  await page.waitForTimeout(300);
  await page.setViewportSize({ width: 1280, height: 3000 });
  await page.locator('.msg-bot').last().screenshot({ path: `/tmp/shots/${who}-${i++}.png` });
  await page.setViewportSize({ width: 1280, height: 900 });
  console.log(s, '→', (await page.locator('.msg-bot').last().innerText()).slice(0, 600).replace(/\n+/g, ' | '));
}
await page.screenshot({ path: `/tmp/shots/${who}-page.png` });
await browser.close();
