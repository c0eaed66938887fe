import { launchChromium } from './browser.ts';
const browser = (await launchChromium())!;
const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
await page.goto('http://127.0.0.1:3111/console#ou_demo_officer_district');
await page.waitForSelector('#conn.conn-ok');
await page.waitForTimeout(1000);
await page.evaluate(() => {
  const t = document.getElementById('thread')!;
  const desc = Object.getOwnPropertyDescriptor(Element.prototype, 'scrollTop')!;
  (window as any).__log = [];
  Object.defineProperty(t, 'scrollTop', {
    get() { return desc.get!.call(this); },
    set(v) { desc.set!.call(this, v); (window as any).__log.push(['set', v, desc.get!.call(this), this.scrollHeight, this.clientHeight, document.querySelectorAll('.msg').length]); },
  });
  new MutationObserver(() => (window as any).__log.push(['mut', desc.get!.call(t), t.scrollHeight, t.clientHeight, document.querySelectorAll('.msg').length])).observe(t, { childList: true });
});
await page.click('[data-open-id="ou_demo_officer_district"]');
await page.waitForTimeout(1500);
for (const l of await page.evaluate(() => (window as any).__log)) console.log(JSON.stringify(l));
await browser.close();
