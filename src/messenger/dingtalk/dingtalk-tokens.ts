import type { Clock } from '../../clock.ts';

/**
 * An access token cached until shortly before it expires, fetched once for all concurrent callers
 * (single flight), and dropped on demand when DingTalk refuses it. DingTalk has two tokens that
 * are not interchangeable (README "Access tokens"): the v1.0 one (`x-acs-dingtalk-access-token`)
 * and the oapi one (`?access_token=`); each gets its own cache.
 */
export interface TokenCache {
  get(): Promise<string>;
  /** Forget `token` (when it is still the cached one), so the next get() fetches a fresh one. */
  drop(token: string): void;
}

/** Refresh this long before DingTalk's expiry (7200 s), so no call goes out with a dying token. */
export const TOKEN_MARGIN_MS = 5 * 60 * 1000;

export function createTokenCache(clock: Clock, fetchToken: () => Promise<{ token: string; expiresInS: number }>): TokenCache {
  let cached: { token: string; until: number } | undefined;
  let inFlight: Promise<string> | undefined;
  return {
    async get() {
      if (cached && clock.now().getTime() < cached.until) return cached.token;
      inFlight ??= (async () => {
        try {
          const { token, expiresInS } = await fetchToken();
          cached = { token, until: clock.now().getTime() + Math.max(0, expiresInS * 1000 - TOKEN_MARGIN_MS) };
          return token;
        } finally {
          inFlight = undefined;
        }
      })();
      return inFlight;
    },
    drop(token) {
      if (cached?.token === token) cached = undefined;
    },
  };
}
