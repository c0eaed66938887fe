/**
 * Launch Debian's chromium through playwright-core for console checks. Returns null when no
 * chromium is installed (`apt-get install -y chromium fonts-noto-cjk`), so callers can skip.
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM_PATHS = ['/usr/bin/chromium', '/usr/bin/chromium-browser'];

export function findChromium(): string | null {
  return CHROMIUM_PATHS.find((p) => existsSync(p)) ?? null;
}

/** Headless chromium with a fresh profile (playwright passes its own temporary --user-data-dir). */
export async function launchChromium(): Promise<Browser | null> {
  const executablePath = findChromium();
  if (!executablePath) return null;
  return chromium.launch({
    executablePath,
    headless: true,
    // Chinese UI locale, so date and time fields read as they do for the console's users.
    env: { ...process.env, LANG: 'zh_CN.UTF-8', LANGUAGE: 'zh_CN:zh' },
    args: ['--lang=zh-CN', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
}
