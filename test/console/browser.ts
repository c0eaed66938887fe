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
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
}
