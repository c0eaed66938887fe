import { expect, test } from 'vitest';
import { fixedClock } from '../../src/clock.ts';
import { createLogger } from '../../src/log/logger.ts';
import { rateLimitedLog } from '../../src/log/rate-limited-log.ts';

test('1,000 refusals in a second write one line; the next window reports how many were suppressed', () => {
  const lines: string[] = [];
  const logger = createLogger('info', (l) => lines.push(l));
  const clock = fixedClock('2026-11-22T02:00:00Z');
  const once = rateLimitedLog(clock, 60_000);
  for (let i = 0; i < 1000; i++) once((f) => logger.warn('feishu request refused', { status: 401, ...f }));
  expect(lines).toHaveLength(1);
  clock.advance(60_000);
  once((f) => logger.warn('feishu request refused', { status: 401, ...f }));
  expect(lines).toHaveLength(2);
  expect(JSON.parse(lines[1]!)).toMatchObject({ suppressed: 999 });
});
