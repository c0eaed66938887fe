/**
 * Launch Debian's chromium through playwright-core for console checks. Returns null when no
 * chromium is installed (`apt-get install -y chromium fonts-noto-cjk`), so callers can skip.
 * `CHROMIUM_PATH` names the executable and replaces the default paths (set it to a missing file
 * to see how a machine without a browser behaves).
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';
import type { BrowserProbes } from './browser-availability.ts';

export const CHROMIUM_PATHS = ['/usr/bin/chromium', '/usr/bin/chromium-browser'];

export function findChromium(env: NodeJS.ProcessEnv = process.env, exists: (p: string) => boolean = existsSync): string | null {
  const paths = env.CHROMIUM_PATH ? [env.CHROMIUM_PATH] : CHROMIUM_PATHS;
  return paths.find((p) => exists(p)) ?? null;
}

function hasChineseFont(): boolean {
  try {
    return execFileSync('fc-list', [':lang=zh', 'family'], { encoding: 'utf8' }).trim() !== '';
  } catch {
    return false;
  }
}

function onPath(command: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** The real machine's probes for decideBrowser. */
export function probeBrowser(env: NodeJS.ProcessEnv = process.env): BrowserProbes {
  return {
    chromium: findChromium(env),
    chineseFont: hasChineseFont(),
    ci: env.CI === 'true',
    isRoot: process.getuid?.() === 0,
    hasApt: onPath('apt-get'),
    pinned: Boolean(env.CHROMIUM_PATH),
  };
}

/** Debian's chromium and fonts-noto-cjk through apt-get (the caller checked root and apt). */
export function aptInstallBrowser(): void {
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'ignore', env });
  execFileSync('apt-get', ['install', '-y', '-qq', 'chromium', 'fonts-noto-cjk'], { stdio: ['ignore', 'ignore', 'inherit'], env });
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
