/**
 * What a messenger call that failed tells its callers, whichever messenger made it: the one typed
 * error the outbox, the job runner and the logs read, so none of them checks each messenger's own
 * error class. Each messenger subclasses it with its own details (FeishuApiError, DingtalkApiError)
 * and decides there what its codes mean.
 */

export type MessengerName = 'feishu' | 'dingtalk';

export interface MessengerErrorDetails {
  messenger: MessengerName;
  /** The messenger's own code (Feishu's number, DingTalk's string); what its docs and support use. */
  code: number | string;
  /** 0 when no answer came (network failure). */
  httpStatus: number;
  /** The API operation, e.g. `im.message.create`. */
  operation: string;
  /** Transient: the same call may succeed later (throttling, network, 5xx). */
  retryable: boolean;
  /** Throttled by the messenger: nothing was done, worth waiting and trying again. */
  rateLimited: boolean;
  /** How long the messenger asked to wait before trying again, when it said. */
  retryAfterSeconds?: number;
}

export class MessengerError extends Error {
  override name = 'MessengerError';
  readonly messenger: MessengerName;
  readonly code: number | string;
  readonly httpStatus: number;
  readonly operation: string;
  readonly retryable: boolean;
  readonly rateLimited: boolean;
  readonly retryAfterSeconds?: number;

  constructor(message: string, d: MessengerErrorDetails) {
    super(message);
    this.messenger = d.messenger;
    this.code = d.code;
    this.httpStatus = d.httpStatus;
    this.operation = d.operation;
    this.retryable = d.retryable;
    this.rateLimited = d.rateLimited;
    if (d.retryAfterSeconds !== undefined) this.retryAfterSeconds = d.retryAfterSeconds;
  }
}
