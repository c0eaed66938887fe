/**
 * Every branch of the browser decision (issue 12 §1) with injected probes: found / installable /
 * not installable / CI, and the CHROMIUM_PATH lookup. Nothing is installed or uninstalled.
 */
import { describe, expect, test } from 'vitest';
import { decideBrowser, ensureBrowser, INSTALL_COMMAND, type BrowserProbes } from './browser-availability.ts';
import { CHROMIUM_PATHS, findChromium } from './browser.ts';

const present: BrowserProbes = { chromium: '/usr/bin/chromium', chineseFont: true, ci: false, isRoot: false, hasApt: false };
const absent: BrowserProbes = { ...present, chromium: null };

describe('decideBrowser', () => {
  test('a found browser with a Chinese font runs, whoever and wherever', () => {
    expect(decideBrowser(present)).toEqual({ kind: 'run', path: '/usr/bin/chromium' });
    expect(decideBrowser({ ...present, ci: true, isRoot: true, hasApt: true })).toEqual({ kind: 'run', path: '/usr/bin/chromium' });
  });

  test('missing, as root with apt-get: install', () => {
    const d = decideBrowser({ ...absent, isRoot: true, hasApt: true });
    expect(d.kind).toBe('install');
    expect(d.kind === 'install' && d.message).toMatch(/installing Debian's chromium and fonts-noto-cjk/);
  });

  test('a missing Chinese font alone is missing too', () => {
    expect(decideBrowser({ ...present, chineseFont: false, isRoot: true, hasApt: true }).kind).toBe('install');
    const d = decideBrowser({ ...present, chineseFont: false });
    expect(d.kind === 'skip' && d.message).toMatch(/no Chinese font/);
  });

  test.each([
    ['not root', { isRoot: false, hasApt: true }],
    ['no apt-get', { isRoot: true, hasApt: false }],
    ['neither', { isRoot: false, hasApt: false }],
    ['CHROMIUM_PATH names a missing file', { isRoot: true, hasApt: true, pinned: true }],
  ])('missing and not installable (%s): skip, saying how to install and that the run is incomplete', (_, more) => {
    const d = decideBrowser({ ...absent, ...more });
    expect(d.kind).toBe('skip');
    if (d.kind !== 'skip') return;
    expect(d.message).toContain(INSTALL_COMMAND);
    expect(d.message).toMatch(/INCOMPLETE/);
    expect(d.message).toContain('console-browser.test.ts');
  });

  test('missing under CI: a failure, even where it could install', () => {
    for (const more of [{}, { isRoot: true, hasApt: true }]) {
      const d = decideBrowser({ ...absent, ci: true, ...more });
      expect(d.kind).toBe('fail');
      expect(d.kind === 'fail' && d.message).toContain(INSTALL_COMMAND);
    }
  });
});

function recorder(probes: BrowserProbes[], install: () => void = () => {}) {
  const calls = { probes: 0, installs: 0, logs: [] as string[], warns: [] as string[] };
  const deps = {
    probe: () => probes[Math.min(calls.probes++, probes.length - 1)]!,
    install: () => {
      calls.installs++;
      install();
    },
    log: (l: string) => calls.logs.push(l),
    warn: (l: string) => calls.warns.push(l),
  };
  return { calls, deps };
}

describe('ensureBrowser', () => {
  test('found: the path, silently, nothing installed', () => {
    const { calls, deps } = recorder([present]);
    expect(ensureBrowser(deps)).toBe('/usr/bin/chromium');
    expect(calls).toMatchObject({ installs: 0, logs: [], warns: [] });
  });

  test('installable: one line, one install, then the installed path', () => {
    const { calls, deps } = recorder([{ ...absent, isRoot: true, hasApt: true }, present]);
    expect(ensureBrowser(deps)).toBe('/usr/bin/chromium');
    expect(calls.installs).toBe(1);
    expect(calls.logs).toHaveLength(1);
    expect(calls.warns).toEqual([]);
  });

  test('installable but the install fails or leaves no browser: a failure naming the command', () => {
    const failing = recorder([{ ...absent, isRoot: true, hasApt: true }], () => {
      throw new Error('apt-get exited 100');
    });
    expect(() => ensureBrowser(failing.deps)).toThrow(/apt-get exited 100.*apt-get install chromium fonts-noto-cjk/);
    const empty = recorder([{ ...absent, isRoot: true, hasApt: true }]);
    expect(() => ensureBrowser(empty.deps)).toThrow(/still missing/);
  });

  test('not installable: null after exactly one warning, nothing installed', () => {
    const { calls, deps } = recorder([absent]);
    expect(ensureBrowser(deps)).toBeNull();
    expect(calls.installs).toBe(0);
    expect(calls.warns).toHaveLength(1);
    expect(calls.logs).toEqual([]);
  });

  test('CI: throws, nothing installed', () => {
    const { calls, deps } = recorder([{ ...absent, ci: true, isRoot: true, hasApt: true }]);
    expect(() => ensureBrowser(deps)).toThrow(/CI/);
    expect(calls.installs).toBe(0);
  });
});

describe('findChromium', () => {
  test('the default paths, first that exists', () => {
    expect(findChromium({}, (p) => p === CHROMIUM_PATHS[1])).toBe(CHROMIUM_PATHS[1]);
    expect(findChromium({}, () => false)).toBeNull();
  });

  test('CHROMIUM_PATH replaces the default paths', () => {
    expect(findChromium({ CHROMIUM_PATH: '/opt/c/chrome' }, () => true)).toBe('/opt/c/chrome');
    expect(findChromium({ CHROMIUM_PATH: '/nope' }, (p) => p !== '/nope')).toBeNull();
  });
});
