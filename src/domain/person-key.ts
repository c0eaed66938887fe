/**
 * The key the bot holds for whoever is talking to it (Inbound.openId, Person.openId, the
 * conversation's person_key). A Feishu person's is their open_id (`ou_…`), as it always was; a
 * DingTalk person's is `dt:` + their userid, which cannot be mistaken for an open_id.
 */
export const DINGTALK_KEY_PREFIX = 'dt:';

export const dingtalkPersonKey = (userId: string) => `${DINGTALK_KEY_PREFIX}${userId}`;

/** The userid behind a DingTalk person key, or undefined for any other key. */
export function dingtalkUserId(personKey: string): string | undefined {
  return personKey.startsWith(DINGTALK_KEY_PREFIX) && personKey.length > DINGTALK_KEY_PREFIX.length ? personKey.slice(DINGTALK_KEY_PREFIX.length) : undefined;
}
