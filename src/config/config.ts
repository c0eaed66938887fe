import { z } from 'zod';

/**
 * Every environment variable of interfaces.md, parsed once at each runtime entry from a record
 * passed in. No other module reads process.env.
 */
const flag = z.enum(['on', 'off']);
const optionalText = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()));

const schema = z
  .object({
    PORT: z.coerce.number().int().min(1).max(65535).default(3000),
    DATABASE_URL: optionalText.refine((v) => v === undefined || /^postgres(ql)?:\/\//.test(v), {
      message: 'must start with postgres:// or postgresql://',
    }),
    DATA_DIR: z.string().min(1).default('./.data'),
    DATABASE_WAIT_SECONDS: z.coerce.number().int().min(0).max(3600).default(30),
    FEISHU_APP_ID: optionalText,
    FEISHU_APP_SECRET: optionalText,
    FEISHU_VERIFICATION_TOKEN: optionalText,
    FEISHU_ENCRYPT_KEY: optionalText,
    FEISHU_ALLOW_PLAINTEXT: z.enum(['0', '1', 'true', 'false']).optional(),
    FEISHU_DOMAIN: z.url({ message: 'must be a URL such as https://open.feishu.cn' }).default('https://open.feishu.cn'),
    API_TOKEN: optionalText.refine((v) => v === undefined || v.length >= 16, {
      message: 'must be at least 16 characters',
    }),
    DINGTALK_CLIENT_ID: optionalText,
    DINGTALK_CLIENT_SECRET: optionalText,
    DINGTALK_ROBOT_CODE: optionalText,
    DINGTALK_MODE: z.enum(['stream', 'http']).optional(),
    DINGTALK_API: z.url({ message: 'must be a URL such as https://api.dingtalk.com' }).optional(),
    DINGTALK_CARD_TEMPLATE: optionalText,
    DINGTALK_CARD_ROUTE_KEY: optionalText,
    CONSOLE: flag.optional(),
    LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
  })
  .superRefine((v, ctx) => {
    if (!!v.FEISHU_APP_ID !== !!v.FEISHU_APP_SECRET) {
      ctx.addIssue({
        code: 'custom',
        path: [v.FEISHU_APP_ID ? 'FEISHU_APP_SECRET' : 'FEISHU_APP_ID'],
        message: 'FEISHU_APP_ID and FEISHU_APP_SECRET must be set together',
      });
    }
    const plain = v.FEISHU_ALLOW_PLAINTEXT === '1' || v.FEISHU_ALLOW_PLAINTEXT === 'true';
    if (v.FEISHU_APP_ID && !v.FEISHU_ENCRYPT_KEY && !plain) {
      ctx.addIssue({
        code: 'custom',
        path: ['FEISHU_ENCRYPT_KEY'],
        message: 'is required with a Feishu app (or set FEISHU_ALLOW_PLAINTEXT=1 to check the verification token instead)',
      });
    }
    if (!!v.DINGTALK_CLIENT_ID !== !!v.DINGTALK_CLIENT_SECRET) {
      ctx.addIssue({
        code: 'custom',
        path: [v.DINGTALK_CLIENT_ID ? 'DINGTALK_CLIENT_SECRET' : 'DINGTALK_CLIENT_ID'],
        message: 'DINGTALK_CLIENT_ID and DINGTALK_CLIENT_SECRET must be set together',
      });
    }
    if (!v.DINGTALK_CLIENT_ID && (v.DINGTALK_ROBOT_CODE || v.DINGTALK_MODE || v.DINGTALK_CARD_TEMPLATE)) {
      const name = v.DINGTALK_ROBOT_CODE ? 'DINGTALK_ROBOT_CODE' : v.DINGTALK_MODE ? 'DINGTALK_MODE' : 'DINGTALK_CARD_TEMPLATE';
      ctx.addIssue({ code: 'custom', path: ['DINGTALK_CLIENT_ID'], message: `is required when ${name} is set` });
    }
    if (v.FEISHU_APP_ID && !v.FEISHU_VERIFICATION_TOKEN) {
      ctx.addIssue({ code: 'custom', path: ['FEISHU_VERIFICATION_TOKEN'], message: 'is required with a Feishu app' });
    }
  });

export interface Config {
  port: number;
  databaseUrl?: string;
  dataDir: string;
  /** How long a Node boot waits for PostgreSQL to answer before it exits (a supervisor restarts it). */
  databaseWaitSeconds: number;
  feishu?: {
    appId: string;
    appSecret: string;
    verificationToken: string;
    encryptKey?: string;
    allowPlaintext: boolean;
    domain: string;
  };
  /** Base URL of the Open API even without an app (the console never calls it). */
  feishuDomain: string;
  dingtalk?: {
    clientId: string;
    clientSecret: string;
    /** The robot's code; DingTalk gives an internal app's robot its AppKey unless told otherwise. */
    robotCode: string;
    mode: 'stream' | 'http';
    /** Base URL for both api.dingtalk.com and oapi.dingtalk.com paths (a local test double); unset = DingTalk's own hosts. */
    api?: string;
    /** Interactive-card template (卡片平台); without one, cards go as markdown and action cards. */
    cardTemplateId?: string;
    /** HTTP mode: the callbackRouteKey registered for card callbacks. */
    cardRouteKey?: string;
  };
  apiToken?: string;
  console: boolean;
  /** CONSOLE=on was set explicitly: then the console also answers non-loopback clients. */
  consoleOpen: boolean;
  logLevel: 'debug' | 'info' | 'warn' | 'error' | 'silent';
}

export class ConfigError extends Error {}

/** Parse a record of environment variables; throws ConfigError with one line naming the variable. */
export function parseConfig(env: Record<string, string | undefined>, runtime: 'node' | 'workers' = 'node'): Config {
  const r = schema.safeParse(env);
  if (!r.success) {
    const issue = r.error.issues[0]!;
    const name = String(issue.path[0] ?? 'environment');
    throw new ConfigError(`invalid configuration: ${name} ${issue.message}`);
  }
  const v = r.data;
  const feishu = v.FEISHU_APP_ID
    ? {
        appId: v.FEISHU_APP_ID,
        appSecret: v.FEISHU_APP_SECRET!,
        verificationToken: v.FEISHU_VERIFICATION_TOKEN!,
        encryptKey: v.FEISHU_ENCRYPT_KEY,
        allowPlaintext: v.FEISHU_ALLOW_PLAINTEXT === '1' || v.FEISHU_ALLOW_PLAINTEXT === 'true',
        domain: v.FEISHU_DOMAIN.replace(/\/+$/, ''),
      }
    : undefined;
  // Stream needs a long-lived outbound WebSocket, which a Worker does not keep.
  if (runtime === 'workers' && v.DINGTALK_CLIENT_ID && v.DINGTALK_MODE === 'stream') {
    throw new ConfigError('invalid configuration: DINGTALK_MODE stream needs a long-lived connection; use http on Workers');
  }
  const dingtalkMode = v.DINGTALK_MODE ?? (runtime === 'workers' ? ('http' as const) : ('stream' as const));
  // HTTP card callbacks go to the URL registered under a route key (README "the card template").
  if (v.DINGTALK_CLIENT_ID && v.DINGTALK_CARD_TEMPLATE && dingtalkMode === 'http' && !v.DINGTALK_CARD_ROUTE_KEY) {
    throw new ConfigError('invalid configuration: DINGTALK_CARD_ROUTE_KEY is required when DINGTALK_CARD_TEMPLATE is set in http mode');
  }
  const dingtalk = v.DINGTALK_CLIENT_ID
    ? {
        clientId: v.DINGTALK_CLIENT_ID,
        clientSecret: v.DINGTALK_CLIENT_SECRET!,
        robotCode: v.DINGTALK_ROBOT_CODE ?? v.DINGTALK_CLIENT_ID,
        mode: dingtalkMode,
        ...(v.DINGTALK_API ? { api: v.DINGTALK_API.replace(/\/+$/, '') } : {}),
        ...(v.DINGTALK_CARD_TEMPLATE ? { cardTemplateId: v.DINGTALK_CARD_TEMPLATE } : {}),
        ...(v.DINGTALK_CARD_ROUTE_KEY ? { cardRouteKey: v.DINGTALK_CARD_ROUTE_KEY } : {}),
      }
    : undefined;
  return {
    port: v.PORT,
    databaseUrl: v.DATABASE_URL,
    dataDir: v.DATA_DIR,
    databaseWaitSeconds: v.DATABASE_WAIT_SECONDS,
    feishu,
    feishuDomain: v.FEISHU_DOMAIN.replace(/\/+$/, ''),
    ...(dingtalk ? { dingtalk } : {}),
    apiToken: v.API_TOKEN,
    console: v.CONSOLE ? v.CONSOLE === 'on' : !feishu && !dingtalk,
    consoleOpen: v.CONSOLE === 'on',
    logLevel: v.LOG_LEVEL,
  };
}
