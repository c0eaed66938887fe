/**
 * The ledger in chat: 覆盖率 (own region or one named inside it) with its 销号 list, 导出台账, 冻结基数, a ledger file sent by
 * an officer, and 申请登记 for people the ledger does not know yet.
 */
import { flowCommand, type Feature } from '../../bot/feature.ts';
import { coverageActions, runCoverage } from './coverage-chat.ts';
import { exportAction, runExport } from './export-chat.ts';
import { freezeActions, runFreeze } from './freeze-chat.ts';
import { decideRegistrationAction } from './register-decide.ts';
import { registerFlow } from './register-flow.ts';
import { ledgerUpload } from './upload-chat.ts';
import { xiaohaoActions } from './xiaohao-chat.ts';

const OFFICERS = ['officer', 'admin'] as const;

/**
 * Only short questions are taken as commands: an instructor's visit note that mentions 工作覆盖
 * in passing must still reach the visits feature's free-text handling.
 */
const MAX_COMMAND_CHARS = 40;
const short = (text: string) => [...text].length <= MAX_COMMAND_CHARS;

export const ledgerFeature: Feature = {
  flows: [registerFlow],
  commands: [
    {
      id: 'coverage',
      words: ['覆盖率', '两个覆盖', '查覆盖率', '覆盖情况'],
      // "历城区覆盖率", "唐王街道的覆盖率是多少", "tangwang覆盖率": the region is found in run().
      match: (text) => (short(text) && /覆盖率|覆盖情况|两个覆盖/.test(text) ? { text } : null),
      roles: [...OFFICERS],
      help: { labelKey: 'ledger.help.coverage', order: 5 },
      run: (ctx, args) => runCoverage(ctx, args),
    },
    {
      id: 'export-ledger',
      words: ['导出台账', '台账导出', '下载台账'],
      match: (text) => (short(text) && /(导出|下载).*台账|台账.*(导出|下载)/.test(text) ? { text } : null),
      roles: [...OFFICERS],
      help: { labelKey: 'ledger.help.export', order: 30 },
      run: (ctx, args) => runExport(ctx, args),
    },
    {
      id: 'freeze-base',
      words: ['冻结基数', '冻结党建基数', '确定基数'],
      match: (text) => (short(text) && /冻结.*基数/.test(text) ? { text } : null),
      roles: [...OFFICERS],
      run: (ctx, args) => runFreeze(ctx, args),
    },
    flowCommand(registerFlow, 'register', ['申请登记', '我要登记', '登记']),
  ],
  actions: { ...coverageActions, ...xiaohaoActions, ...freezeActions, 'ledger.export': exportAction, 'reg.decide': decideRegistrationAction },
  file: ledgerUpload,
};
