import type { Db } from '../db/database.ts';
import { getRegion, type Region } from '../db/regions/region-store.ts';
import { canonicalRegionCode } from '../ledger/coverage-service.ts';
import { UserError } from './cli-types.ts';

/** `--region CODE` as a canonical division code; checked before any database is opened. */
export function regionArg(raw: string): string {
  try {
    return canonicalRegionCode(raw);
  } catch {
    throw new UserError(`unknown region code: ${raw}`);
  }
}

/** The region behind a checked code, or the same one-line user error when the table lacks it. */
export async function existingRegion(db: Db, code: string, raw: string): Promise<Region> {
  const region = await getRegion(db, code);
  if (!region) throw new UserError(`unknown region code: ${raw}`);
  return region;
}
