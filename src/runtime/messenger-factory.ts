import type { Config } from '../config/config.ts';
import type { Messenger } from '../messenger/messenger.ts';
import { createConsoleMessenger } from '../messenger/console-messenger.ts';
import { createDingtalkClient, type DingtalkClient } from '../messenger/dingtalk/dingtalk-client.ts';

/**
 * Feishu when an app is configured, else the local console's messenger. The Feishu messenger
 * (and the Lark SDK under it, ~0.5 s of imports on an idle machine, seconds on a busy one) is
 * loaded only when it is the one used, so `npm start` without an app never pays for it.
 */
export async function createMessenger(config: Config): Promise<Messenger> {
  if (config.feishu) {
    const { createFeishuMessenger } = await import('../messenger/feishu-messenger.ts');
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
