import { prompts } from '../bot/all-prompts.ts';
import type { CardDoc } from '../cards/document.ts';
import { deriveForm, renderFormMessage, startForm } from '../cards/render-dingtalk-form.ts';
import { renderDingtalk, type DingtalkMarkdownMessage } from '../cards/render-dingtalk.ts';
import { renderFeishu, type FeishuCard } from '../cards/render-feishu.ts';
import { dingtalkPreview, type DingtalkPreview } from './dingtalk-preview.ts';

/** One card document as each messenger would get it (issue 14 item 5): GET /console/api/message/:id/views. */
export interface CardViews {
  /** The document itself: the console draws it in the page. */
  doc: CardDoc;
  /** The interactive card JSON that would be sent to Feishu. */
  feishu: FeishuCard;
  /** The template-free DingTalk message, and how the DingTalk client shows it. */
  dingtalk: DingtalkMarkdownMessage & DingtalkPreview & { form: boolean };
}

/**
 * Both messengers' renderings of the same document. A form goes to DingTalk one field per message,
 * so the view shows its first message, as a person would get it. Press codes are numbered from 1
 * here; in a real chat the DingTalk deck hands them out per person.
 */
export function cardViews(doc: CardDoc): CardViews {
  let n = 0;
  const code = () => String(++n);
  const form = deriveForm(doc);
  const asked = Boolean(form && form.questions.length);
  const message = asked ? renderFormMessage(startForm(doc, form!, 1), prompts, code) : renderDingtalk(doc, { t: prompts, code });
  return { doc, feishu: renderFeishu(doc), dingtalk: { ...message, ...dingtalkPreview(message.text), form: asked } };
}
