import type { CardDoc } from '../cards/document.ts';

/**
 * The console page ↔ server contract, as types. The page (page.ts) is the client; the routes are
 * served elsewhere. Extensions beyond the original brief are marked "optional".
 */

/** GET /console/api/people */
export interface ConsolePerson {
  id: string;
  name: string;
  roles: string[];
  openId: string;
  /** Optional: the quick bar's words, only what this person's roles can do (console-quick.ts). */
  quick?: string[];
  /** Optional: the person the console opens as when the page names nobody (README's district officer). */
  default?: true;
}

/** One chat message as the stream carries it. */
export interface ConsoleMessage {
  id: string;
  /** The person's openId (or person id) the message belongs to. */
  to: string;
  kind: 'card' | 'text' | 'file';
  /** The card document itself; the page draws it (src/cards/render-console.ts). */
  card?: CardDoc;
  text?: string;
  /** For kind "file": shown with a link to GET /console/api/file/:id. */
  fileName?: string;
  /** ISO 8601 instant. */
  at: string;
  /** Optional: "user" marks the person's own message (drawn right-aligned, matched to the local echo). */
  from?: 'user';
}

/** GET /console/api/stream?openId=… : each SSE `data:` line; history for that person first. */
export type ConsoleStreamEvent = { type: 'message' | 'update'; message: ConsoleMessage };

/** POST /console/api/message → 202 */
export interface ConsoleSendRequest { openId: string; text: string }

/** POST /console/api/action */
export interface ConsoleActionRequest {
  openId: string;
  messageId: string;
  /** The button's action value. */
  value: unknown;
  /** Form submit only, shaped like Feishu's action.form_value (the bot core reads that shape). */
  formValue?: Record<string, string | string[] | boolean>;
  name: string;
}
export interface ConsoleActionResponse {
  toast?: { type: 'success' | 'error' | 'info' | 'warning'; content: string };
  /** Replaces the message's card in place. */
  card?: CardDoc;
}

/** POST /console/api/reminders */
export interface ConsoleRemindersRequest { now: string }
export interface ConsoleRemindersResponse {
  sent: { to: string; title: string }[];
  planned: number;
  /** Optional: the Shanghai date of the run, whether it is a working day, and whether delivery ran (the send window was open). */
  today?: string;
  workingDay?: boolean;
  delivered?: boolean;
}

/** POST /console/api/upload: multipart with fields `file` and `openId` → 202. */
export const CONSOLE_UPLOAD_FIELDS = { file: 'file', openId: 'openId' } as const;
