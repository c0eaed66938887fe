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
    FEISHU_APP_ID: optionalText,
    FEISHU_APP_SECRET: optionalText,
    FEISHU_VERIFICATION_TOKEN: optionalText,
    FEISHU_ENCRYPT_KEY: optionalText,
    FEISHU_ALLOW_PLAINTEXT: z.enum(['0', '1', 'true', 'false']).optional(),
    FEISHU_DOMAIN: z.url({ message: 'must be a URL such as https://open.feishu.cn' }).default('https://open.feishu.cn'),
    API_TOKEN: optionalText.refine((v) => v === undefined || v.length >= 16, {
      message: 'must be at least 16 characters',
    }),
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
    if (v.FEISHU_APP_ID && !v.FEISHU_VERIFICATION_TOKEN) {
      ctx.addIssue({ code: 'custom', path: ['FEISHU_VERIFICATION_TOKEN'], message: 'is required with a Feishu app' });
    }
  });

export interface Config {
  port: number;
  databaseUrl?: string;
  dataDir: string;
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
  apiToken?: string;
  console: boolean;
  /** CONSOLE=on was set explicitly: then the console also answers non-loopback clients. */
  consoleOpen: boolean;
  logLevel: 'debug' | 'info' | 'warn' | 'error' | 'silent';
}

export class ConfigError extends Error {}

/** Parse a record of environment variables; throws ConfigError with one line naming the variable. */
export function parseConfig(env: Record<string, string | undefined>): Config {
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
  return {
    port: v.PORT,
    databaseUrl: v.DATABASE_URL,
    dataDir: v.DATA_DIR,
    feishu,
    feishuDomain: v.FEISHU_DOMAIN.replace(/\/+$/, ''),
    apiToken: v.API_TOKEN,
    console: v.CONSOLE ? v.CONSOLE === 'on' : !feishu,
    consoleOpen: v.CONSOLE === 'on',
    logLevel: v.LOG_LEVEL,
  };
}
