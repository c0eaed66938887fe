/**
 * Whether the console's browser test can run here, and what to do when it cannot (issue 12 §1).
 * `npm test` must pass on a bare Debian machine: when chromium (or a Chinese font) is missing the
 * run installs them itself if it is root with apt-get; otherwise it skips the browser file loudly.
 * Under CI a missing browser stays a failure, so CI never goes green without the browser test.
 * The decision is a pure function of injected probes so every branch is unit-tested without
 * uninstalling anything.
 */

export const INSTALL_COMMAND = 'apt-get install chromium fonts-noto-cjk';

export interface BrowserProbes {
  /** The chromium executable, or null when none is found. */
  chromium: string | null;
  /** A Chinese font is installed (otherwise the console shows boxes). */
  chineseFont: boolean;
  ci: boolean;
  isRoot: boolean;
  hasApt: boolean;
  /** CHROMIUM_PATH names the browser: installing Debian's would not put one there. */
  pinned?: boolean;
}

export type BrowserDecision =
  | { kind: 'run'; path: string }
  | { kind: 'install'; message: string }
  | { kind: 'skip'; message: string }
  | { kind: 'fail'; message: string };

export function decideBrowser(p: BrowserProbes): BrowserDecision {
  if (p.chromium && p.chineseFont) return { kind: 'run', path: p.chromium };
  const missing = p.chromium ? 'no Chinese font is installed' : 'chromium is not installed';
  if (p.ci) {
    return { kind: 'fail', message: `${missing}, and CI must run the console's browser test: ${INSTALL_COMMAND} (or run .ci/run)` };
  }
  if (p.isRoot && p.hasApt && !p.pinned) {
    return { kind: 'install', message: `${missing}: installing Debian's chromium and fonts-noto-cjk for the console's browser test (apt-get)` };
  }
  return {
    kind: 'skip',
    message: `SKIPPED test/console/console-browser.test.ts — ${missing}; this test run is INCOMPLETE. Install the browser with \`sudo ${INSTALL_COMMAND}\` (or set CHROMIUM_PATH) and run npm test again.`,
  };
}

export interface EnsureDeps {
  probe: () => BrowserProbes;
  /** Installs chromium and fonts-noto-cjk; throws when it fails. */
  install: () => void;
  log: (line: string) => void;
  warn: (line: string) => void;
}

/**
 * Decide, install when that is the decision, and probe again. Returns the chromium path to use,
 * or null when the file is to be skipped (after one warning); throws when the run must fail.
 */
export function ensureBrowser(deps: EnsureDeps): string | null {
  const first = decideBrowser(deps.probe());
  if (first.kind === 'run') return first.path;
  if (first.kind === 'fail') throw new Error(first.message);
  if (first.kind === 'skip') {
    deps.warn(first.message);
    return null;
  }
  deps.log(first.message);
  try {
    deps.install();
  } catch (err) {
    throw new Error(`installing chromium failed (${(err as Error).message}); install it by hand: ${INSTALL_COMMAND}`);
  }
  const after = deps.probe();
  if (after.chromium && after.chineseFont) return after.chromium;
  throw new Error(`chromium or fonts-noto-cjk is still missing after installing them; install by hand: ${INSTALL_COMMAND}`);
}
