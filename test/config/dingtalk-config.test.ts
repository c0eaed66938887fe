import { expect, test } from 'vitest';
import { parseConfig } from '../../src/config/config.ts';

const FEISHU = { FEISHU_APP_ID: 'cli_x', FEISHU_APP_SECRET: 's', FEISHU_VERIFICATION_TOKEN: 't', FEISHU_ENCRYPT_KEY: 'k' };
const DT = { DINGTALK_CLIENT_ID: 'dingabc', DINGTALK_CLIENT_SECRET: 'sec' };

test('DingTalk alone: robot code defaults to the client id, Stream on Node, HTTP on Workers, console off', () => {
  const c = parseConfig(DT);
  expect(c.dingtalk).toEqual({ clientId: 'dingabc', clientSecret: 'sec', robotCode: 'dingabc', mode: 'stream' });
  expect(c.feishu).toBeUndefined();
  expect(c.console).toBe(false);
  expect(parseConfig(DT, 'workers').dingtalk!.mode).toBe('http');
});

test('every DingTalk variable is read', () => {
  const c = parseConfig({ ...DT, DINGTALK_ROBOT_CODE: 'robot1', DINGTALK_MODE: 'http', DINGTALK_API: 'http://127.0.0.1:9/', DINGTALK_CARD_TEMPLATE: 'tpl.schema', DINGTALK_CARD_ROUTE_KEY: 'rk' });
  expect(c.dingtalk).toEqual({ clientId: 'dingabc', clientSecret: 'sec', robotCode: 'robot1', mode: 'http', api: 'http://127.0.0.1:9', cardTemplateId: 'tpl.schema', cardRouteKey: 'rk' });
});

test('Feishu and DingTalk together, or neither, start', () => {
  const both = parseConfig({ ...FEISHU, ...DT });
  expect(both.feishu?.appId).toBe('cli_x');
  expect(both.dingtalk?.clientId).toBe('dingabc');
  const none = parseConfig({});
  expect(none.dingtalk).toBeUndefined();
  expect(none.console).toBe(true);
});

test.each([
  [{ DINGTALK_CLIENT_ID: 'x' }, /^invalid configuration: DINGTALK_CLIENT_SECRET /],
  [{ DINGTALK_CLIENT_SECRET: 'x' }, /^invalid configuration: DINGTALK_CLIENT_ID /],
  [{ DINGTALK_ROBOT_CODE: 'r' }, /^invalid configuration: DINGTALK_CLIENT_ID is required when DINGTALK_ROBOT_CODE is set/],
  [{ ...DT, DINGTALK_MODE: 'webhook' }, /^invalid configuration: DINGTALK_MODE /],
  [{ ...DT, DINGTALK_API: 'nope' }, /^invalid configuration: DINGTALK_API /],
  [{ ...FEISHU, DINGTALK_CLIENT_ID: 'x' }, /^invalid configuration: DINGTALK_CLIENT_SECRET /],
])('a half-configured DingTalk app stops the start with one line: %o', (env, message) => {
  expect(() => parseConfig(env)).toThrow(message);
  try {
    parseConfig(env);
  } catch (e) {
    expect((e as Error).message).not.toContain('\n');
  }
});

test('Stream mode is refused on Workers with one line', () => {
  expect(() => parseConfig({ ...DT, DINGTALK_MODE: 'stream' }, 'workers')).toThrow(/^invalid configuration: DINGTALK_MODE stream/);
});

test('a card template in HTTP mode needs the callback route key; in Stream mode it does not', () => {
  expect(() => parseConfig({ ...DT, DINGTALK_MODE: 'http', DINGTALK_CARD_TEMPLATE: 'tpl.schema' })).toThrow('invalid configuration: DINGTALK_CARD_ROUTE_KEY is required when DINGTALK_CARD_TEMPLATE is set in http mode');
  expect(() => parseConfig({ ...DT, DINGTALK_CARD_TEMPLATE: 'tpl.schema' }, 'workers')).toThrow(/DINGTALK_CARD_ROUTE_KEY/);
  expect(parseConfig({ ...DT, DINGTALK_CARD_TEMPLATE: 'tpl.schema' }).dingtalk).toMatchObject({ mode: 'stream', cardTemplateId: 'tpl.schema' });
});
