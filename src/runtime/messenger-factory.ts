import type { Config } from '../config/config.ts';
import type { Messenger } from '../messenger/messenger.ts';
import { createConsoleMessenger } from '../messenger/console-messenger.ts';

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
