/**
 * The robot message kinds the bot sends, and their `msgKey` / `msgParam` for
 * /v1.0/robot/oToMessages/batchSend and /v1.0/robot/groupMessages/send (消息模板, README "Sending").
 * msgParam is a JSON *string*, not an object.
 */
export type DingtalkMessage =
  | { kind: 'text'; content: string }
  | { kind: 'markdown'; title: string; text: string }
  /** Buttons open their URL; `dtmd://dingtalkclient/sendMessage?content=…` makes the client send that text as the person, which is how a template-free card can act without a browser. */
  | { kind: 'actionCard'; title: string; text: string; buttons: Array<{ title: string; url: string }> }
  | { kind: 'file'; mediaId: string; fileName: string; fileType: string };

/** sampleActionCard takes one button; sampleActionCard2…5 take 2…5 vertical buttons (actionTitleN / actionURLN). */
export const MAX_ACTION_CARD_BUTTONS = 5;

export function messageTemplate(m: DingtalkMessage): { msgKey: string; msgParam: string } {
  switch (m.kind) {
    case 'text':
      return { msgKey: 'sampleText', msgParam: JSON.stringify({ content: m.content }) };
    case 'markdown':
      return { msgKey: 'sampleMarkdown', msgParam: JSON.stringify({ title: m.title, text: m.text }) };
    case 'file':
      return { msgKey: 'sampleFile', msgParam: JSON.stringify({ mediaId: m.mediaId, fileName: m.fileName, fileType: m.fileType }) };
    case 'actionCard': {
      const n = m.buttons.length;
      if (n < 1 || n > MAX_ACTION_CARD_BUTTONS) throw new RangeError(`an action card takes 1 to ${MAX_ACTION_CARD_BUTTONS} buttons, not ${n}`);
      if (n === 1) {
        return { msgKey: 'sampleActionCard', msgParam: JSON.stringify({ title: m.title, text: m.text, singleTitle: m.buttons[0]!.title, singleURL: m.buttons[0]!.url }) };
      }
      const param: Record<string, string> = { title: m.title, text: m.text };
      m.buttons.forEach((b, i) => {
        param[`actionTitle${i + 1}`] = b.title;
        param[`actionURL${i + 1}`] = b.url;
      });
      return { msgKey: `sampleActionCard${n}`, msgParam: JSON.stringify(param) };
    }
  }
}

/** fileType for sampleFile: DingTalk accepts xlsx, pdf, zip, rar, doc and docx (README). */
export function fileTypeOf(fileName: string): string {
  return /\.([a-z0-9]+)$/i.exec(fileName)?.[1]?.toLowerCase() ?? 'file';
}
