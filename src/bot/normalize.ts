/**
 * Forgiving command matching (interfaces.md): full-width forms, spaces, punctuation and a leading
 * @mention do not matter. Feishu puts mentions into text as `@_user_1` placeholders.
 */
export function stripMentions(text: string): string {
  return text.replace(/@_user_\d+/g, ' ').replace(/^\s*@\S+\s+/, ' ');
}

export function normalizeCommand(text: string): string {
  return stripMentions(text.normalize('NFKC'))
    .toLowerCase()
    .replace(/[\s\p{P}\p{S}]+/gu, '');
}

/** The text with mentions removed and forms normalised, punctuation kept (for free text). */
export function cleanText(text: string): string {
  return stripMentions(text.normalize('NFKC')).replace(/\s+/g, ' ').trim();
}

/**
 * The text as typed, for echoing back ("没有理解“…”"): mentions removed and spaces collapsed, but
 * not NFKC, which would turn the Chinese "，" into ",".
 */
export function echoText(text: string): string {
  return stripMentions(text).replace(/\s+/g, ' ').trim();
}
