import { ledgerPrompts as prompts } from '../../ledger/ledger-prompts.ts';
import { formatRate, type CoverageReport, type Figures } from '../../ledger/coverage-report.ts';
import { computeCoverage, NoFrozenBaseError, UnknownRegionError } from '../../ledger/coverage-service.ts';
import { basisLabel } from '../../ledger/basis-label.ts';
import { isSupportedBasis } from '../../ledger/ledger-rules.ts';
import { verifyCoverage } from '../../ledger/coverage-verify.ts';
import { parseArgs, UsageError, UserError, type CliCommand } from '../cli-types.ts';
import { loadPolicyBook } from '../../db/stores/policy-book-store.ts';

/** Terminal columns of a string: CJK and full-width characters take two. */
const width = (s: string) => [...s].reduce((w, c) => w + (/[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(c) ? 2 : 1), 0);
const pad = (s: string, n: number, right = false) => (right ? ' '.repeat(Math.max(0, n - width(s))) + s : s + ' '.repeat(Math.max(0, n - width(s))));

export function coverageTable(r: CoverageReport): string[] {
  const t = prompts;
  const head = [t('ledger.col.in_scope'), t('ledger.col.party_org'), t('ledger.col.standalone'), t('ledger.col.work'), t('ledger.rate.party_org'), t('ledger.rate.standalone'), t('ledger.rate.work')];
  const line = (label: string, f: Figures) => [label, String(f.inScope), String(f.partyOrg), String(f.standalone), String(f.work), formatRate(f.partyOrg, f.inScope), formatRate(f.standalone, f.inScope), formatRate(f.work, f.inScope)];
  const rows = [
    ['', ...head],
    line(t('ledger.kind.total'), r.total),
    line(t('ledger.kind.enterprise'), r.enterprise),
    line(t('ledger.kind.social_org'), r.socialOrg),
  ];
  const childRows = r.children.map((c) => line(`${c.region.name} ${c.region.code}`, c.total));
  const all = [...rows, ...childRows];
  const widths = all[0]!.map((_, i) => Math.max(...all.map((row) => width(row[i]!))));
  const fmt = (row: string[]) => row.map((c, i) => pad(c, widths[i]!, i > 0)).join('  ').trimEnd();
  const out = [
    t('ledger.cli.title', { name: r.region.name, code: r.region.code, basis: basisLabel(t, r, 'iso'), asOf: r.asOf }),
    ...rows.map(fmt),
  ];
  if (childRows.length) out.push('', ...[rows[0]!, ...childRows].map(fmt));
  return out;
}

export const coverageCommand: CliCommand = {
  name: 'coverage',
  usage: 'coverage --region CODE [--json] [--basis operating|qualified|above_scale|frozen] [--base NAME] | coverage --verify --region CODE [--json]',
  summary: 'the coverage figures of a region and its direct children; --verify recomputes them from the rows',
  async run(args, io) {
    const { flags, positional } = parseArgs(args, { region: 'string', json: 'boolean', basis: 'string', base: 'string', verify: 'boolean' });
    if (positional.length) throw new UsageError(`unexpected argument ${positional[0]}`);
    if (typeof flags.region !== 'string') throw new UsageError('--region CODE is required');
    if (flags.verify) {
      if (flags.basis !== undefined || flags.base !== undefined) throw new UsageError('--verify checks every basis: leave out --basis and --base');
      return verify(flags.region, flags.json === true, io);
    }
    const basis = flags.basis;
    if (basis !== undefined && (typeof basis !== 'string' || !isSupportedBasis(basis))) throw new UsageError('--basis must be operating, qualified, above_scale or frozen');
    const base = typeof flags.base === 'string' ? flags.base.trim() : undefined;
    if (base !== undefined && (base === '' || (basis !== undefined && basis !== 'frozen'))) throw new UsageError('--base NAME names a frozen base list: use it with --basis frozen or alone');
    const database = await io.openDatabase();
    try {
      const report = await computeCoverage(database.db, { clock: io.clock, policy: await loadPolicyBook(database.db) }, flags.region, basis as Parameters<typeof computeCoverage>[3], { base });
      if (flags.json) io.out(JSON.stringify(report, null, 2));
      else for (const l of coverageTable(report)) io.out(l);
      return 0;
    } catch (e) {
      if (e instanceof UnknownRegionError) throw new UserError(`unknown region code: ${flags.region}`);
      if (e instanceof NoFrozenBaseError) throw new UserError(e.baseName === undefined ? `no frozen base list covers region ${flags.region} (freeze one with freeze-base)` : `no frozen base list named ${e.baseName} covers region ${flags.region}`);
      throw e;
    } finally {
      await database.close();
    }
  },
};

/** Exit 0 when the rollups equal the rows, 1 (with each difference on stdout) when they do not. */
async function verify(region: string, json: boolean, io: Parameters<CliCommand['run']>[1]): Promise<number> {
  const database = await io.openDatabase();
  try {
    const r = await verifyCoverage(database.db, { clock: io.clock, policy: await loadPolicyBook(database.db) }, region);
    if (json) io.out(JSON.stringify(r, null, 2));
    else {
      for (const d of r.differences) io.out(`difference ${d.regionCode} ${d.kind} ${d.figure}: rollup ${d.rollup}, rows ${d.rows} (variant ${d.variant})`);
      io.out(`verified ${r.variants} coverage variants of ${r.regionCode}${r.built ? ' (its own built now)' : ''}: ${r.differences.length} differences`);
    }
    if (r.differences.length) {
      io.err(`coverage rollups of ${r.regionCode} differ from the rows in ${r.differences.length} counts`);
      return 1;
    }
    return 0;
  } catch (e) {
    if (e instanceof UnknownRegionError) throw new UserError(`unknown region code: ${region}`);
    throw e;
  } finally {
    await database.close();
  }
}
