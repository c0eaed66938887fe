/**
 * `coverage --verify`: every coverage variant's rollups in a region's subtree, recomputed from
 * the rows and compared per org region code and kind. Both sides are read in one REPEATABLE READ
 * snapshot, so a write landing meanwhile cannot show up as a difference.
 */
import type { Db } from '../db/database.ts';
import { sql } from 'drizzle-orm';
import { FIGURES, type Figure } from '../db/ledger/coverage-predicates.ts';
import { rowCounts } from '../db/ledger/coverage-query.ts';
import type { InForce } from './ledger-rules.ts';
import { ensureVariant, listVariants, rollupCounts, rulesOfVariant, type CoverageCounts } from '../db/ledger/coverage-rollup-store.ts';
import { getRegion } from '../db/regions/region-store.ts';
import { canonicalRegionCode, coverageRulesFor, NoFrozenBaseError, UnknownRegionError } from './coverage-service.ts';

export interface CoverageDifference {
  /** The variant's key: the rules the counts are kept under. */
  variant: string;
  regionCode: string;
  kind: string;
  figure: Figure;
  rollup: number;
  rows: number;
}

export interface VerifyResult {
  regionCode: string;
  variants: number;
  /** The region's own rules had no rollups yet and were built by this check. */
  built: boolean;
  differences: CoverageDifference[];
}

/** Org region codes are at most 9 characters: cut there, the counts stay per org region code. */
const FULL = 9;

const COLUMN: Record<Figure, keyof CoverageCounts> = { inScope: 'in_scope', partyOrg: 'party_org', standalone: 'standalone', work: 'work' };

function byKey(rows: CoverageCounts[]): Map<string, CoverageCounts> {
  return new Map(rows.map((r) => [`${r.k}|${r.kind}`, r]));
}

export async function verifyCoverage(db: Db, at: InForce, code: string): Promise<VerifyResult> {
  const regionCode = canonicalRegionCode(code);
  if (!(await getRegion(db, regionCode))) throw new UnknownRegionError(code);
  // The region's own rules are checked even if nobody has asked for its coverage yet.
  let built = false;
  try {
    built = await ensureVariant(db, await coverageRulesFor(db, at, regionCode));
  } catch (e) {
    if (!(e instanceof NoFrozenBaseError)) throw e;
  }
  return db.transaction(async (tx) => {
    await tx.execute(sql`set transaction isolation level repeatable read`);
    const variants = await listVariants(tx);
    const differences: CoverageDifference[] = [];
    for (const v of variants) {
      const rules = rulesOfVariant(v);
      const rollup = byKey(await rollupCounts(tx, regionCode, rules, FULL));
      const rows = byKey(await rowCounts(tx, regionCode, rules, FULL));
      for (const key of new Set([...rollup.keys(), ...rows.keys()])) {
        const [k, kind] = key.split('|') as [string, string];
        for (const f of FIGURES) {
          const a = Number(rollup.get(key)?.[COLUMN[f]] ?? 0);
          const b = Number(rows.get(key)?.[COLUMN[f]] ?? 0);
          if (a !== b) differences.push({ variant: v.key, regionCode: k, kind, figure: f, rollup: a, rows: b });
        }
      }
    }
    return { regionCode, variants: variants.length, built, differences };
  });
}
