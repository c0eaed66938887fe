/**
 * The console page ↔ server contract, as types. The page (page.ts) is the client; the routes are
 * served elsewhere. Extensions beyond the original brief are marked "optional".
 */

/** GET /console/api/people */
export interface ConsolePerson { id: string; name: string; roles: string[]; openId: string }

/** One chat message as the stream carries it. */
export interface ConsoleMessage {
  id: string;
  /** The person's openId (or person id) the message belongs to. */
  to: string;
  kind: 'card' | 'text' | 'file';
  card?: Record<string, unknown>;
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
  /** The button's behaviors[type=callback].value (or the component's). */
  value: unknown;
  /** Form submit only, shaped like Feishu's action.form_value. */
  formValue?: Record<string, string | string[] | boolean>;
  name: string;
  /** Optional, standalone (non-form) components only: the component tag and its value. */
  tag?: string;
  option?: string;
  options?: string[];
  checked?: boolean;
  inputValue?: string;
}
export interface ConsoleActionResponse {
  toast?: { type: 'success' | 'error' | 'info' | 'warning'; content: string };
  /** Replaces the message's card in place. */
  card?: Record<string, unknown>;
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
