/**
 * Greetings and thanks ("你好", "谢谢", "在吗", "辛苦了"): a person being polite deserves a friendly
 * answer with the menu, never "没有理解". The words are data (prompts/bot.json `smalltalk.*_words`,
 * separated by "、"); a message counts only when it is nothing but such words (and 啊/呀/哈… particles),
 * so "你好，我想记录走访" still goes to the commands and features.
 */
import { normalizeCommand } from './normalize.ts';
import type { Prompts } from './prompts.ts';

export type SmallTalk = 'hello' | 'thanks';

const PARTICLES = /^[啊呀哈呢吧啦嘛哦噢喔~～]+/;

const wordsOf = (t: Prompts, key: string) =>
  t(key)
    .split('、')
    .map((w) => normalizeCommand(w))
    .filter(Boolean);

/** 'thanks' when any thanks word is in it, 'hello' for greetings only, null for anything else. */
export function smallTalkOf(t: Prompts, text: string): SmallTalk | null {
  const hello = wordsOf(t, 'smalltalk.hello_words');
  const thanks = wordsOf(t, 'smalltalk.thanks_words');
  const all = [...hello, ...thanks].sort((a, b) => b.length - a.length);
  let rest = normalizeCommand(text);
  if (!rest) return null;
  let thanked = false;
  while (rest) {
    const p = PARTICLES.exec(rest);
    if (p) {
      rest = rest.slice(p[0].length);
      continue;
    }
    const w = all.find((x) => rest.startsWith(x));
    if (!w) return null;
    if (thanks.includes(w)) thanked = true;
    rest = rest.slice(w.length);
  }
  return thanked ? 'thanks' : 'hello';
}
