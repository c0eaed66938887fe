/**
 * `freeze-base --region CODE --name NAME`: the orgs in statistical scope (operating) of a region
 * subtree today become a named base list (党建基数, 001), in one transaction with its audit entry.
 * Coverage on the `frozen` basis then counts these orgs as the denominator.
 */
import { DuplicateBaseError } from '../../db/ledger/coverage-base-store.ts';
import type { Tx } from '../../db/database.ts';
import { freezeBaseAudited } from '../../ledger/freeze-base-service.ts';
import { existingRegion, regionArg } from '../region-arg.ts';
import { parseArgs, UsageError, UserError, type CliCommand } from '../cli-types.ts';

export const freezeBaseCommand: CliCommand = {
  name: 'freeze-base',
  usage: 'freeze-base --region CODE --name NAME',
  summary: 'freeze the operating orgs of a region subtree as a named base list (党建基数)',
  async run(args, io) {
    const { flags, positional } = parseArgs(args, { region: 'string', name: 'string' });
    if (positional.length) throw new UsageError(`unexpected argument ${positional[0]}`);
    if (typeof flags.region !== 'string') throw new UsageError('--region CODE is required');
    const name = typeof flags.name === 'string' ? flags.name.trim() : '';
    if (!name) throw new UsageError('--name NAME is required');
    const code = regionArg(flags.region);
    const database = await io.openDatabase();
    try {
      await existingRegion(database.db, code, flags.region);
      const at = io.clock.now();
      const frozen = await database.db.transaction((tx: Tx) => freezeBaseAudited(tx, { regionCode: code, name, createdBy: 'cli', actorLabel: 'cli', at }));
      io.out(`frozen base ${name} for ${code} on ${frozen.frozenOn}: ${frozen.orgs} orgs`);
      return 0;
    } catch (e) {
      if (e instanceof DuplicateBaseError) throw new UserError(`a base named ${name} already exists for region ${code}`);
      throw e;
    } finally {
      await database.close();
    }
  },
};
