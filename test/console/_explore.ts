// Dev-only exploration: node test/console/_explore.ts BASE OPENID STEPS_JSON  (deleted before hand-off)
import { launchChromium } from './browser.ts';
const [base, who, stepsJson, width = '1280', tag = 'x'] = process.argv.slice(2);
const steps: any[] = JSON.parse(stepsJson!);
const W = Number(width);
const browser = (await launchChromium())!;
const page = await browser.newPage({ viewport: { width: W, height: 900 }, locale: 'zh-CN', deviceScaleFactor: W < 500 ? 2 : 1 });
page.setDefaultTimeout(10000);
page.on('pageerror', (e) => console.log('PAGEERROR', String(e)));
page.on('console', (m) => { if (m.type() === 'error') console.log('CONSOLE', m.text()); });
page.on('dialog', (d) => { console.log('DIALOG', d.message()); void d.accept(); });
await page.goto(`${base}/console#${who}`);
await page.waitForSelector('.person[aria-current=true]', { state: 'attached' });
await page.waitForSelector('#conn.conn-ok');
let i = 0;
const last = () => page.locator('.msg-bot').last();
const shot = async (name: string) => {
  await page.setViewportSize({ width: W, height: 4000 });
  await last().locator('.fc-card, .bubble').first().screenshot({ path: `/tmp/shots/${tag}-${who}-${String(i++).padStart(2, '0')}-${name}.png` }).catch((e) => console.log('shot failed', String(e).slice(0, 200)));
  await page.setViewportSize({ width: W, height: 900 });
};
const dump = async (label: string) => console.log(`--- ${label}:\n` + (await last().innerText()).replace(/\n+/g, ' | ').slice(0, 1500));
for (const s of steps) {
  try {
    if (s.say) {
      const before = await page.locator('.msg-bot').count();
      await page.fill('#msg', s.say);
      await page.press('#msg', 'Enter');
      await page.waitForFunction((n) => document.querySelectorAll('.msg-bot').length > n, before).catch(() => console.log('no reply to', s.say));
      await page.waitForTimeout(500);
      await dump(s.say); await shot(s.name ?? 'say');
    } else if (s.click) {
      const before = await page.locator('.msg-bot').count();
      const btn = page.locator('.msg-bot').last().locator('button.fc-btn', { hasText: s.exact ? new RegExp(`^${s.click}$`) : s.click }).nth(s.nth ?? 0);
      await btn.click();
      await page.waitForTimeout(s.wait ?? 1200);
      const toast = await page.locator('.toast').allInnerTexts();
      if (toast.length) console.log('TOAST', toast.join(' / '));
      const after = await page.locator('.msg-bot').count();
      await dump(`click ${s.click}${after > before ? ' (new message)' : ''}`); await shot(s.name ?? 'click');
    } else if (s.fill) {
      for (const [k, v] of Object.entries(s.fill)) await last().locator(`[name="${k}"]`).first().fill(String(v));
    } else if (s.select) {
      for (const [k, v] of Object.entries(s.select)) await last().locator(`select[name="${k}"]`).selectOption(String(v));
    } else if (s.chip) {
      await last().locator(`[data-fc-field="${s.chip}"] label.fc-chip`).nth(s.nth ?? 0).click();
    } else if (s.check) {
      await last().locator(`label.fc-checker`).nth(s.nth ?? 0).click();
    } else if (s.html) {
      console.log((await last().innerHTML()).slice(0, 3000));
    } else if (s.page) {
      await page.screenshot({ path: `/tmp/shots/${tag}-${who}-${String(i++).padStart(2, '0')}-page.png` });
    }
  } catch (e) { console.log('STEP FAILED', JSON.stringify(s), String(e).slice(0, 300)); }
}
await browser.close();
