/**
 * At most one line per window for a noisy event (refused unauthenticated requests: an attacker
 * could otherwise write a line per request, issue 18 item 11). The next line carries how many
 * were suppressed, so the count is never lost.
 */
import type { Clock } from '../clock.ts';

export function rateLimitedLog(clock: Clock, windowMs = 60_000) {
  let until = 0;
  let suppressed = 0;
  return (emit: (fields: { suppressed: number }) => void): void => {
    const now = clock.now().getTime();
    if (now < until) {
      suppressed++;
      return;
    }
    until = now + windowMs;
    emit({ suppressed });
    suppressed = 0;
  };
}
