/**
 * What can go wrong in a DingTalk OpenAPI call, as one typed error. DingTalk has two API
 * generations with two error shapes (README "Errors"):
 * - api.dingtalk.com (v1.0): a non-2xx status with `{code: "Forbidden.AccessDenied.QpsLimitForApi", message, requestid}`;
 * - oapi.dingtalk.com (topapi, media, gettoken): HTTP 200 with `{errcode: 90018, errmsg}`, errcode 0 on success.
 */
import { MessengerError } from '../messenger-error.ts';

/** oapi throttling: 90018 per app per API per second, 90006/90005 per minute, 90002 and 90019 global or per org, 88 "forbidden temporarily". */
const OAPI_THROTTLE: ReadonlySet<number> = new Set([88, 90002, 90005, 90006, 90018, 90019]);
/** oapi: the access_token is invalid (40014) or expired (42001). */
const OAPI_TOKEN: ReadonlySet<number> = new Set([40014, 42001]);

export const NO_CODE = 'none';

export interface DingtalkApiErrorDetails {
  /** DingTalk's code: the v1.0 string code, or the oapi errcode as a string; NO_CODE when none came. */
  code: string;
  httpStatus: number;
  operation: string;
  /** DingTalk's own message (no user data). */
  dingtalkMsg?: string;
  requestId?: string;
  /** True when DingTalk says nothing was done because of throttling: safe to repeat. */
  rateLimited?: boolean;
  /** The access token was refused: fetch a new one and repeat once. */
  tokenRejected?: boolean;
}

export class DingtalkApiError extends MessengerError {
  override name = 'DingtalkApiError';
  declare readonly code: string;
  readonly requestId?: string;
  readonly tokenRejected: boolean;

  /**
   * Transient (retryable): the same call may succeed later. Only throttling is retried by the
   * client itself: robot send APIs take no idempotency key, so a 5xx or a dropped connection after
   * sending may have delivered, and repeating it could show a message twice. Callers with their own
   * dedupe (the reminders outbox) may retry those.
   */
  constructor(d: DingtalkApiErrorDetails) {
    const rateLimited = d.rateLimited ?? false;
    super(`dingtalk ${d.operation} failed: code ${d.code}, HTTP ${d.httpStatus}${d.dingtalkMsg ? `: ${d.dingtalkMsg}` : ''}`, {
      messenger: 'dingtalk',
      code: d.code,
      httpStatus: d.httpStatus,
      operation: d.operation,
      retryable: rateLimited || d.httpStatus === 0 || d.httpStatus >= 500,
      rateLimited,
    });
    if (d.requestId !== undefined) this.requestId = d.requestId;
    this.tokenRejected = d.tokenRejected ?? false;
  }
}

/** v1.0 codes that mean "throttled", whatever the status they come with. */
function v1Throttled(code: string): boolean {
  return /QpsLimit|Throttling|FlowControl|TooManyRequests/i.test(code);
}

/** An error from a v1.0 (api.dingtalk.com) response that was not 2xx. */
export function v1Error(operation: string, httpStatus: number, body: unknown, requestIdHeader?: string | null): DingtalkApiError {
  const b = (body && typeof body === 'object' ? body : {}) as { code?: unknown; message?: unknown; requestid?: unknown };
  const code = typeof b.code === 'string' && b.code !== '' ? b.code : NO_CODE;
  const requestId = typeof b.requestid === 'string' ? b.requestid : (requestIdHeader ?? undefined);
  return new DingtalkApiError({
    code,
    httpStatus,
    operation,
    ...(typeof b.message === 'string' ? { dingtalkMsg: b.message } : {}),
    ...(requestId ? { requestId } : {}),
    rateLimited: httpStatus === 429 || v1Throttled(code),
    tokenRejected: httpStatus === 401 || /InvalidAuthentication|AccessTokenExpired|InvalidAccessToken/i.test(code),
  });
}

/** An error from an oapi (oapi.dingtalk.com) body whose errcode is not 0. */
export function oapiError(operation: string, httpStatus: number, body: unknown): DingtalkApiError {
  const b = (body && typeof body === 'object' ? body : {}) as { errcode?: unknown; errmsg?: unknown; request_id?: unknown };
  const errcode = typeof b.errcode === 'number' ? b.errcode : undefined;
  return new DingtalkApiError({
    code: errcode === undefined ? NO_CODE : String(errcode),
    httpStatus,
    operation,
    ...(typeof b.errmsg === 'string' ? { dingtalkMsg: b.errmsg } : {}),
    ...(typeof b.request_id === 'string' ? { requestId: b.request_id } : {}),
    rateLimited: httpStatus === 429 || (errcode !== undefined && OAPI_THROTTLE.has(errcode)),
    tokenRejected: errcode !== undefined && OAPI_TOKEN.has(errcode),
  });
}

/** A failure with no answer from DingTalk (DNS, refused, reset, timeout). */
export function networkError(operation: string, cause: unknown): DingtalkApiError {
  const err = new DingtalkApiError({ code: NO_CODE, httpStatus: 0, operation, dingtalkMsg: 'network error' });
  (err as { cause?: unknown }).cause = cause;
  return err;
}
