/**
 * `cli checks`: the compliance lists of a region as the coverage card's "需要关注" section shows
 * them (each check that applies there, with its count), or one list's rows with --check.
 */
import { getRegion } from '../../db/regions/region-store.ts';
import { ledgerPrompts as t } from '../../ledger/ledger-prompts.ts';
import { checkDetail, isCheckId, CHECK_IDS } from '../../ledger/compliance-checks.ts';
import { complianceListFor, complianceOverview } from '../../ledger/compliance-service.ts';
import type { ComplianceItem } from '../../db/ledger/compliance-query.ts';
import { maskMobile } from '../../domain/mobile.ts';
import { FORMATION_WORDS } from '../../ledger/ledger-template.ts';
import { parseArgs, UsageError, UserError, type CliCommand } from '../cli-types.ts';
import { loadPolicyBook } from '../../db/stores/policy-book-store.ts';

function itemLine(it: ComplianceItem, detail: ReturnType<typeof checkDetail>): string {
  if (it.entity === 'instructor') return [it.name, it.mobile ? maskMobile(it.mobile) : '', t('ledger.list.instructor_note', { with: it.withPartyOrg, without: it.withoutPartyOrg })].join('\t');
  if (it.entity === 'party_org') {
    const note = detail === 'founded' && it.foundedOn
      ? t('ledger.list.party_org_note_founded', { orgs: it.orgCount, members: it.members, founded: it.foundedOn })
      : t('ledger.list.party_org_note', { orgs: it.orgCount, members: it.members });
    return [it.name, it.regionCode, note].join('\t');
  }
  const cells = [it.name, it.creditCode ?? '', it.regionName, t('ledger.list.org_note', { employees: it.employees, members: it.membersFormal, formation: FORMATION_WORDS[it.formation as keyof typeof FORMATION_WORDS] ?? it.formation })];
  if (detail === 'instructor') cells.push(t(it.hasInstructor ? 'ledger.list.instructor_assigned' : 'ledger.list.instructor_missing'));
  return cells.join('\t');
}

export const checksCommand: CliCommand = {
  name: 'checks',
  usage: `checks --region CODE [--check ${CHECK_IDS.join('|')}] [--limit N] [--json]`,
  summary: 'the compliance lists of a region with their counts, or the rows of one list',
  async run(args, io) {
    const { flags, positional } = parseArgs(args, { region: 'string', check: 'string', limit: 'string', json: 'boolean' });
    if (positional.length) throw new UsageError(`unexpected argument ${positional[0]}`);
    if (typeof flags.region !== 'string') throw new UsageError('--region CODE is required');
    const check = flags.check;
    if (check !== undefined && (typeof check !== 'string' || !isCheckId(check))) throw new UsageError(`--check must be one of ${CHECK_IDS.join(', ')}`);
    const limit = flags.limit === undefined ? 200 : Number(flags.limit);
    if (!Number.isInteger(limit) || limit < 1) throw new UsageError('--limit must be a positive whole number');
    const database = await io.openDatabase();
    try {
      const region = await getRegion(database.db, flags.region);
      if (!region) throw new UserError(`unknown region code: ${flags.region}`);
      const at = { clock: io.clock, policy: await loadPolicyBook(database.db) };
      if (check === undefined) {
        const overview = await complianceOverview(database.db, at, region.code);
        if (flags.json) io.out(JSON.stringify(overview, null, 2));
        else for (const c of overview) io.out(`${c.id}\t${c.count}\t${t(`ledger.check.${c.id}.title`)}`);
        return 0;
      }
      const page = await complianceListFor(database.db, at, region.code, check, { limit, offset: 0 });
      if (flags.json) io.out(JSON.stringify(page, null, 2));
      else {
        io.out(t('ledger.list.title', { region: region.name, list: t(`ledger.check.${check}.title`) }) + `: ${page.total}`);
        for (const it of page.items) io.out(itemLine(it, checkDetail(check)));
      }
      return 0;
    } finally {
      await database.close();
    }
  },
};
