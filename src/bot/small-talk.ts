/**
 * Greetings and thanks ("你好", "谢谢", "在吗", "辛苦了"): a person being polite deserves a friendly
 * answer with the menu, never "没有理解". The words are data (src/bot/sentences.json `smallTalk`);
 * a message counts only when it is nothing but such words (and 啊/呀/哈… particles), so
 * "你好，我想记录走访" still goes to the commands and features.
 */
import { normalizeCommand } from './normalize.ts';
import { sentenceRules } from './sentence-rules.ts';

export type SmallTalk = 'hello' | 'thanks';

const norm = (list: string[]) => list.map((w) => normalizeCommand(w)).filter(Boolean);
const HELLO = norm(sentenceRules.smallTalk.hello);
const THANKS = norm(sentenceRules.smallTalk.thanks);
const ALL = [...HELLO, ...THANKS, ...norm(sentenceRules.smallTalk.particles)].sort((a, b) => b.length - a.length);

/** 'thanks' when any thanks word is in it, 'hello' for greetings only, null for anything else. */
export function smallTalkOf(text: string): SmallTalk | null {
  let rest = normalizeCommand(text);
  if (!rest) return null;
  let thanked = false;
  while (rest) {
    const w = ALL.find((x) => rest.startsWith(x));
    if (!w) return null;
    if (THANKS.includes(w)) thanked = true;
    rest = rest.slice(w.length);
  }
  return thanked ? 'thanks' : 'hello';
}
