/** What the ledger's services are computed under in a test: the clock and the policy book read now. */
import type { Clock } from '../../src/clock.ts';
import type { Db, Tx } from '../../src/db/database.ts';
import { loadPolicyBook } from '../../src/db/stores/policy-book-store.ts';
import type { InForce } from '../../src/ledger/ledger-rules.ts';

export async function inForce(db: Db | Tx, clock: Clock): Promise<InForce> {
  return { clock, policy: await loadPolicyBook(db) };
}
