import type { Config } from '../config/config.ts';
import type { Messenger } from '../messenger/messenger.ts';
import { createConsoleMessenger } from '../messenger/console-messenger.ts';
import { createFeishuMessenger } from '../messenger/feishu-messenger.ts';

/** Feishu when an app is configured, else the local console's messenger. */
export function createMessenger(config: Config): Messenger {
  if (config.feishu) {
    return createFeishuMessenger({ appId: config.feishu.appId, appSecret: config.feishu.appSecret, domain: config.feishu.domain });
  }
  return createConsoleMessenger();
}
