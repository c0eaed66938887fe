import { expect, test } from 'vitest';
import { parseConfig } from '../../src/config/config.ts';

test('an empty environment gives the documented defaults: PGlite, console on, no Feishu app', () => {
  const c = parseConfig({});
  expect(c).toMatchObject({ port: 3000, dataDir: './.data', console: true, logLevel: 'info', feishuDomain: 'https://open.feishu.cn' });
  expect(c.databaseUrl).toBeUndefined();
  expect(c.feishu).toBeUndefined();
  expect(c.apiToken).toBeUndefined();
});

test('a Feishu app turns the console off unless CONSOLE=on', () => {
  const env = { FEISHU_APP_ID: 'cli_x', FEISHU_APP_SECRET: 's', FEISHU_VERIFICATION_TOKEN: 't', FEISHU_ENCRYPT_KEY: 'k' };
  expect(parseConfig(env).console).toBe(false);
  expect(parseConfig({ ...env, CONSOLE: 'on' }).console).toBe(true);
  expect(parseConfig({ ...env, FEISHU_DOMAIN: 'http://127.0.0.1:9999/' }).feishu!.domain).toBe('http://127.0.0.1:9999');
});

test.each([
  [{ PORT: 'abc' }, /^invalid configuration: PORT /],
  [{ PORT: '70000' }, /^invalid configuration: PORT /],
  [{ DATABASE_URL: 'mysql://x' }, /^invalid configuration: DATABASE_URL must start with postgres/],
  [{ FEISHU_APP_ID: 'cli_x' }, /^invalid configuration: FEISHU_APP_SECRET /],
  [{ FEISHU_APP_ID: 'cli_x', FEISHU_APP_SECRET: 's', FEISHU_VERIFICATION_TOKEN: 't' }, /FEISHU_ENCRYPT_KEY is required/],
  [{ FEISHU_APP_ID: 'cli_x', FEISHU_APP_SECRET: 's', FEISHU_ENCRYPT_KEY: 'k' }, /FEISHU_VERIFICATION_TOKEN is required/],
  [{ FEISHU_DOMAIN: 'not a url' }, /^invalid configuration: FEISHU_DOMAIN /],
  [{ API_TOKEN: 'short' }, /^invalid configuration: API_TOKEN must be at least 16/],
  [{ CONSOLE: 'maybe' }, /^invalid configuration: CONSOLE /],
  [{ LOG_LEVEL: 'loud' }, /^invalid configuration: LOG_LEVEL /],
])('a bad value stops the start with one line naming the variable: %o', (env, message) => {
  expect(() => parseConfig(env)).toThrow(message);
  try {
    parseConfig(env);
  } catch (e) {
    expect((e as Error).message).not.toContain('\n');
  }
});

test('with no encrypt key the app may run on the verification token only when allowed explicitly', () => {
  const c = parseConfig({ FEISHU_APP_ID: 'cli_x', FEISHU_APP_SECRET: 's', FEISHU_VERIFICATION_TOKEN: 't', FEISHU_ALLOW_PLAINTEXT: '1' });
  expect(c.feishu).toMatchObject({ allowPlaintext: true, encryptKey: undefined });
});

test('DATABASE_WAIT_SECONDS: 30 by default, 0 allowed, nonsense refused with its name', () => {
  expect(parseConfig({}).databaseWaitSeconds).toBe(30);
  expect(parseConfig({ DATABASE_WAIT_SECONDS: '0' }).databaseWaitSeconds).toBe(0);
  expect(() => parseConfig({ DATABASE_WAIT_SECONDS: 'soon' })).toThrow(/DATABASE_WAIT_SECONDS/);
});
