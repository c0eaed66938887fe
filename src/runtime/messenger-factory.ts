import type { Config } from '../config/config.ts';
import type { Messenger } from '../messenger/messenger.ts';
import { createConsoleMessenger } from '../messenger/console-messenger.ts';
import { createFeishuMessenger } from '../messenger/feishu-messenger.ts';
import { createDingtalkClient, type DingtalkClient } from '../messenger/dingtalk/dingtalk-client.ts';

/** Feishu when an app is configured, else the local console's messenger. */
export function createMessenger(config: Config): Messenger {
  if (config.feishu) {
    return createFeishuMessenger({ appId: config.feishu.appId, appSecret: config.feishu.appSecret, domain: config.feishu.domain });
  }
  return createConsoleMessenger();
}

/** The DingTalk OpenAPI client when a DingTalk app is configured (roster matching, and later the messenger). */
export function createDingtalkClientFor(config: Config): DingtalkClient | undefined {
  const d = config.dingtalk;
  if (!d) return undefined;
  return createDingtalkClient({ clientId: d.clientId, clientSecret: d.clientSecret, robotCode: d.robotCode, ...(d.api ? { api: d.api } : {}) });
}
