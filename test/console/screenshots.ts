/**
 * Dev check of the console page against the fake API: drives the main flows in chromium at phone
 * and desktop widths and writes screenshots to test/output/ (git-ignored) for a human to look at.
 * Run: npx tsx test/console/screenshots.ts
 */
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { launchChromium } from './browser.ts';
import { startFakeConsoleServer } from './fake-console-server.ts';

const out = fileURLToPath(new URL('../output/', import.meta.url));
mkdirSync(out, { recursive: true });

async function say(page: Page, text: string): Promise<void> {
  const before = await page.locator('.msg-bot').count();
  await page.fill('#msg', text);
  await page.press('#msg', 'Enter');
  await page.waitForFunction((n) => document.querySelectorAll('.msg-bot').length > n, before);
  await page.waitForTimeout(150);
}

async function run(width: number, height: number, tag: string): Promise<string[]> {
  const server = await startFakeConsoleServer();
  const browser = await launchChromium();
  if (!browser) throw new Error('no chromium: apt-get install -y chromium fonts-noto-cjk');
  const shots: string[] = [];
  const shot = async (name: string, target?: { screenshot(o: { path: string }): Promise<unknown> }) => {
    const path = `${out}console-${tag}-${name}.png`;
    await (target ?? (page as Page)).screenshot({ path });
    shots.push(path);
  };
  const page = await browser.newPage({ viewport: { width, height }, deviceScaleFactor: tag === 'phone' ? 2 : 1, locale: 'zh-CN' });
  // A card taller than the viewport is shot in a temporarily taller window.
  const cardShot = async (name: string) => {
    await page.setViewportSize({ width, height: 3000 });
    await shot(name, page.locator('.msg-bot').last().locator('.fc-card'));
    await page.setViewportSize({ width, height });
  };
  const errors: string[] = [];
  const external: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('request', (r) => { if (!r.url().startsWith(server.url)) external.push(r.url()); });
  const dialogs: string[] = [];
  page.on('dialog', (d) => { dialogs.push(d.message()); void d.accept(); });
  try {
    await page.goto(`${server.url}/console#ou_zhangsan`);
    await page.waitForSelector('.person[aria-current=true]', { state: 'attached' });
    await shot('empty');
    await say(page, '帮助');
    await shot('help');
    await say(page, '覆盖率');
    await cardShot('coverage-card');
    await say(page, '待办');
    await page.locator('.msg-bot').last().locator('[data-fc-page="1"]').click();
    await cardShot('table-card-page2');
    await say(page, '记录走访');
    const form = page.locator('.msg-bot').last();
    await cardShot('form-card');
    await form.locator('input[name="org_name"]').fill('');
    await form.locator('button[data-name="btn_next"]').click();
    await page.waitForSelector('.toast');
    await page.waitForTimeout(250);
    await shot('form-required');
    await form.locator('input[name="org_name"]').fill('泉城律师事务所');
    await form.locator('textarea[name="notes"]').fill('企业生产正常');
    await form.locator('input[name="end_time"]').fill('10:30');
    await form.locator('button[data-name="btn_next"]').click();
    await page.waitForFunction(() => document.body.textContent!.includes('已提交'));
    await page.waitForTimeout(200);
    await shot('form-submitted', form.locator('.fc-card'));
    await page.setInputFiles('#file', { name: '台账.csv', mimeType: 'text/csv', buffer: Buffer.from('组织名称\n鲁信科技\n') });
    await page.waitForSelector('.bubble-file a');
    await page.waitForTimeout(200);
    await shot('upload');
    const sent = server.fake.received.actions.at(-1);
    const want = { org_name: '泉城律师事务所', notes: '企业生产正常', visit_type: 'onsite', topics: ['org', 'members'], visit_date: '2026-11-20 +0800',
      visit_time: '09:30 +0800', end_time: '10:30 +0800', has_party_org: true };
    if (JSON.stringify(sent?.formValue) !== JSON.stringify(want) || sent?.name !== 'btn_next' || sent?.value?.step !== 1) {
      throw new Error('unexpected action body: ' + JSON.stringify(sent));
    }
    // Cancel asks first (window.confirm), then the card is replaced in place.
    await say(page, '走访');
    await page.locator('.msg-bot').last().locator('button[data-name="btn_cancel"]').click();
    await page.waitForFunction(() => document.body.textContent!.includes('已取消'));
    if (!dialogs.some((d) => d.includes('放弃本次记录？'))) throw new Error('no confirm dialog: ' + dialogs.join('|'));
    if (tag === 'phone') await page.locator('#clock > summary').click();
    await page.click('#clock-run');
    await page.waitForSelector('#clock-result li');
    await page.waitForTimeout(200);
    await shot('reminders');
    if (tag === 'phone') {
      await page.selectOption('#people-select', 'ou_zhaoliu');
    } else {
      await page.click('[data-open-id="ou_zhaoliu"]');
    }
    await page.waitForSelector('.msg-bot .fc-card');
    await shot('other-person');
    // Back to the first person: the history replays once, own messages included, nothing doubled.
    const sentByMe = server.fake.log.filter((m) => m.to === 'ou_zhangsan' && m.from === 'user').length;
    if (tag === 'phone') await page.selectOption('#people-select', 'ou_zhangsan');
    else await page.click('[data-open-id="ou_zhangsan"]');
    await page.waitForFunction((n) => document.querySelectorAll('.msg-me').length === n, sentByMe);
    const first = server.fake.log.find((m) => m.to === 'ou_zhangsan' && m.kind === 'card')!;
    server.fake.update({ ...first, card: { title: '这张卡片已更新', color: 'indigo', body: [] } });
    await page.waitForFunction(() => document.body.textContent!.includes('这张卡片已更新'));
    if ((await page.locator('.msg-me').count()) !== sentByMe) throw new Error('own messages doubled');
    await page.waitForFunction(() => !document.querySelector('.toast'), null, { timeout: 6000 }); // toasts are transient
  } finally {
    await browser.close();
    await server.close();
  }
  if (errors.length) console.log(`[${tag}] page errors:\n  ${errors.join('\n  ')}`);
  if (external.length) console.log(`[${tag}] external requests:\n  ${external.join('\n  ')}`);
  return shots;
}

const shots = [...(await run(1280, 900, 'desktop')), ...(await run(375, 812, 'phone'))];
console.log(shots.join('\n'));
