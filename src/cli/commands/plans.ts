/**
 * `cli plans`: the 一企一策 list of a region (000 二1; 武汉 二(三); 临沭 三(二)2) — orgs owed a
 * plan, with or without one, or overdue — and `plans set` to record one for an org of that
 * region (audited, actor 'cli'), as an officer of the region would from chat.
 */
import { writeAudit } from '../../db/stores/audit-store.ts';
import { listPlans, orgPlanByKey, planCounts, planIsOwed, savePlan, type PlanFilter } from '../../db/ledger/org-plan-store.ts';
import { epochDay, isCalendarDate, shanghaiDate } from '../../domain/shanghai-date.ts';
import { regionInScope } from '../../ledger/officer-scope.ts';
import { parseArgs, UsageError, UserError, type CliCommand } from '../cli-types.ts';
import { existingRegion, regionArg } from '../region-arg.ts';

const SPEC = {
  region: 'string',
  overdue: 'boolean',
  without: 'boolean',
  with: 'boolean',
  limit: 'string',
  json: 'boolean',
  org: 'string',
  measures: 'string',
  due: 'string',
  owner: 'string',
} as const;

function filterOf(flags: Record<string, string | boolean>): PlanFilter {
  const picked = (['overdue', 'without', 'with'] as const).filter((f) => flags[f]);
  if (picked.length > 1) throw new UsageError('use one of --overdue, --without, --with');
  return picked[0] ?? 'all';
}

export const plansCommand: CliCommand = {
  name: 'plans',
  usage: 'plans list --region CODE [--overdue|--without|--with] [--limit N] [--json] | plans set --region CODE --org ID|CREDIT_CODE --measures TEXT --due YYYY-MM-DD --owner NAME',
  summary: "a region's 一企一策 list (orgs without a party org, their plans, overdue ones), or record one plan",
  async run(args, io) {
    const { flags, positional } = parseArgs(args, SPEC);
    const [verb, ...rest] = positional;
    if (rest.length) throw new UsageError(`unexpected argument ${rest[0]}`);
    if (verb !== 'list' && verb !== 'set') throw new UsageError('plans needs list or set');
    if (typeof flags.region !== 'string') throw new UsageError('--region CODE is required');
    const code = regionArg(flags.region);
    const filter = filterOf(flags);
    const limit = flags.limit === undefined ? 200 : Number(flags.limit);
    if (!Number.isInteger(limit) || limit < 1) throw new UsageError('--limit must be a positive whole number');
    const today = shanghaiDate(io.clock.now());
    if (verb === 'set') {
      for (const f of ['org', 'measures', 'due', 'owner'] as const) if (typeof flags[f] !== 'string' || !String(flags[f]).trim()) throw new UsageError(`--${f} is required`);
      if (!isCalendarDate(String(flags.due))) throw new UsageError('--due must be a date YYYY-MM-DD');
      if (epochDay(String(flags.due)) < epochDay(today)) throw new UserError('--due must not be before today');
    }
    const database = await io.openDatabase();
    try {
      const db = database.db;
      const region = await existingRegion(db, code, flags.region);
      if (verb === 'list') {
        const scope = { regionPrefixes: [region.code] };
        const counts = await planCounts(db, scope, today);
        const page = await listPlans(db, scope, filter, today, { limit, offset: 0 });
        if (flags.json) {
          io.out(JSON.stringify({ region: region.code, filter, counts, total: page.total, items: page.items }, null, 2));
          return 0;
        }
        io.out(`${region.name}｜一企一策 ${filter}: ${page.total} (owed ${counts.owed}, with a plan ${counts.withPlan}, overdue ${counts.overdue})`);
        for (const p of page.items) {
          const late = p.dueOn && epochDay(p.dueOn) < epochDay(today) ? `overdue ${epochDay(today) - epochDay(p.dueOn)} d` : '';
          io.out([p.orgName, p.regionCode, p.dueOn ?? 'no plan', p.owner ?? '', late, p.measures ?? ''].join('\t'));
        }
        return 0;
      }
      const fields = { measures: String(flags.measures).trim(), dueOn: String(flags.due), owner: String(flags.owner).trim() };
      const saved = await db.transaction(async (tx) => {
        const before = await orgPlanByKey(tx, String(flags.org), { lock: true });
        // Scoped like an officer of --region: an org elsewhere is refused, not found.
        if (!before || !regionInScope([region.code], before.regionCode)) throw new UserError(`no org ${flags.org} in region ${region.code}`);
        if (!planIsOwed(before)) throw new UserError(`${before.orgName} has a party org or is not operating: no plan is owed`);
        const at = io.clock.now();
        await savePlan(tx, before.orgId, fields, { personId: null, at });
        await writeAudit(tx, {
          actorLabel: 'cli',
          action: before.dueOn ? 'update' : 'create',
          entity: 'org',
          entityId: before.orgId,
          before: before.dueOn ? { measures: before.measures, dueOn: before.dueOn, owner: before.owner } : null,
          after: fields,
          reason: 'plan',
          at,
        });
        return before.orgName;
      });
      io.out(`saved the plan of ${saved} (due ${fields.dueOn})`);
      return 0;
    } finally {
      await database.close();
    }
  },
};
