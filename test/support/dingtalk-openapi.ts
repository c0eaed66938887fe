/**
 * A local stand-in for DingTalk's OpenAPI (msw handlers on one base URL, as DINGTALK_API points
 * both hosts' paths at a test double), recording every call. Behaviour per endpoint can be
 * scripted with `next(path, response)`: queued answers are used first, then the default.
 */
import { http, HttpResponse } from 'msw';
import type { SetupServer } from 'msw/node';

export const DT_BASE = 'https://dingtalk.test';

export interface DtCall {
  method: string;
  path: string;
  query: Record<string, string>;
  token: string | null;
  body: any;
}

export interface DingtalkStandIn {
  calls: DtCall[];
  /** Calls to one path. */
  to(path: string): DtCall[];
  /** Queue one answer for a path (used before the default); `PUT <path>` for a PUT. */
  next(path: string, answer: () => Response): void;
  /** Mobile → {userid, unionid} the contact API knows. */
  users: Map<string, { userid: string; unionid?: string }>;
  /** Bytes behind a downloadCode. */
  files: Map<string, Uint8Array>;
  tokensIssued: { v1: number; oapi: number };
}

export function installDingtalkStandIn(server: SetupServer, base = DT_BASE): DingtalkStandIn {
  const calls: DtCall[] = [];
  const queued = new Map<string, Array<() => Response>>();
  const users = new Map<string, { userid: string; unionid?: string }>();
  const files = new Map<string, Uint8Array>();
  const tokensIssued = { v1: 0, oapi: 0 };
  const v1Tokens = new Set<string>();
  const oapiTokens = new Set<string>();

  async function record(request: Request): Promise<DtCall> {
    const url = new URL(request.url);
    const type = request.headers.get('content-type') ?? '';
    const body = type.includes('json') ? await request.json() : type.includes('multipart') ? await request.formData() : undefined;
    const call = {
      method: request.method,
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      token: request.headers.get('x-acs-dingtalk-access-token') ?? url.searchParams.get('access_token'),
      body,
    };
    calls.push(call);
    return call;
  }
  const scripted = (path: string) => queued.get(path)?.shift();
  const v1Auth = (c: DtCall) => (c.token && v1Tokens.has(c.token) ? undefined : HttpResponse.json({ code: 'InvalidAuthentication', message: '不合法的access_token' }, { status: 401 }));
  const oapiAuth = (c: DtCall) => (c.token && oapiTokens.has(c.token) ? undefined : HttpResponse.json({ errcode: 40014, errmsg: '不合法的access_token' }));

  const v1 = (path: string, answer: (c: DtCall) => Response, method: 'post' | 'put' = 'post') =>
    http[method](`${base}${path}`, async ({ request }) => {
      const c = await record(request);
      return scripted(`${method === 'put' ? 'PUT ' : ''}${path}`)?.() ?? v1Auth(c) ?? answer(c);
    });
  const oapi = (path: string, answer: (c: DtCall) => Response) =>
    http.post(`${base}${path}`, async ({ request }) => {
      const c = await record(request);
      return scripted(path)?.() ?? oapiAuth(c) ?? answer(c);
    });

  server.use(
    http.post(`${base}/v1.0/oauth2/accessToken`, async ({ request }) => {
      await record(request);
      const s = scripted('/v1.0/oauth2/accessToken');
      if (s) return s();
      const token = `v1-token-${++tokensIssued.v1}`;
      v1Tokens.add(token);
      return HttpResponse.json({ accessToken: token, expireIn: 7200 });
    }),
    http.get(`${base}/gettoken`, async ({ request }) => {
      await record(request);
      const token = `oapi-token-${++tokensIssued.oapi}`;
      oapiTokens.add(token);
      return HttpResponse.json({ errcode: 0, errmsg: 'ok', access_token: token, expires_in: 7200 });
    }),
    v1('/v1.0/robot/oToMessages/batchSend', () => HttpResponse.json({ processQueryKey: `pqk-${calls.length}`, invalidStaffIdList: [], flowControlledStaffIdList: [] })),
    v1('/v1.0/robot/groupMessages/send', () => HttpResponse.json({ processQueryKey: `pqk-${calls.length}` })),
    v1('/v1.0/robot/messageFiles/download', (c) =>
      files.has(c.body.downloadCode)
        ? HttpResponse.json({ downloadUrl: `${base}/files/${encodeURIComponent(c.body.downloadCode)}` })
        : HttpResponse.json({ code: 'invalidParameter.downloadCode', message: 'downloadCode无效' }, { status: 400 }),
    ),
    // Interactive cards: the answer's shape is the official SDK's CreateAndDeliverResponseBody.
    v1('/v1.0/card/instances/createAndDeliver', (c) =>
      HttpResponse.json({ success: true, result: { outTrackId: c.body.outTrackId, deliverResults: [{ success: true, spaceType: c.body.openSpaceId.split('//')[1].split('.')[0], carrierId: `carrier-${calls.length}` }] } }),
    ),
    v1('/v1.0/card/instances', () => HttpResponse.json({ success: true, result: true }), 'put'),
    http.get(`${base}/files/:code`, ({ params }) => {
      const data = files.get(decodeURIComponent(String(params.code)));
      return data ? new HttpResponse(data as Uint8Array<ArrayBuffer>) : new HttpResponse(null, { status: 404 });
    }),
    oapi('/media/upload', () => HttpResponse.json({ errcode: 0, errmsg: 'ok', type: 'file', media_id: `@media-${calls.length}`, created_at: 0 })),
    oapi('/topapi/v2/user/getbymobile', (c) => {
      const u = users.get(c.body.mobile);
      return HttpResponse.json(u ? { errcode: 0, errmsg: 'ok', result: { userid: u.userid } } : { errcode: 60121, errmsg: '找不到该用户' });
    }),
    oapi('/topapi/v2/user/get', (c) => {
      const u = [...users.values()].find((x) => x.userid === c.body.userid);
      return HttpResponse.json(u ? { errcode: 0, errmsg: 'ok', result: { userid: u.userid, unionid: u.unionid ?? '' } } : { errcode: 60121, errmsg: '找不到该用户' });
    }),
  );

  return {
    calls,
    to: (path) => calls.filter((c) => c.path === path),
    next(path, answer) {
      queued.set(path, [...(queued.get(path) ?? []), answer]);
    },
    users,
    files,
    tokensIssued,
  };
}
