/**
 * `policy show|set|unset|presets --region CODE` (issue 19 item 1): a region's own policy override
 * as JSON, replaced from a named preset (one per source document) or from JSON, or removed.
 * `set` and `unset` print the settings in force that would change and store nothing without
 * `--yes`: the preview is the confirmation step. Every write is audited (actor 'cli').
 */
import { readFileSync } from 'node:fs';
import { InvalidOverrideError, previewOverride, readOverride, setOverride, unsetOverride } from '../../db/stores/policy-override-write-store.ts';
import { NAMED_PRESETS, namedPreset, type DeepPartial, type Policy, type PolicyChange } from '../../domain/policy/index.ts';
import { existingRegion, regionArg } from '../region-arg.ts';
import { parseArgs, UsageError, UserError, type CliCommand, type CliIO } from '../cli-types.ts';

const SPEC = { region: 'string', preset: 'string', settings: 'string', file: 'string', yes: 'boolean', reason: 'string' } as const;

function parseSettings(flags: Record<string, string | boolean>): DeepPartial<Policy> {
  const given = (['preset', 'settings', 'file'] as const).filter((k) => typeof flags[k] === 'string');
  if (given.length !== 1) throw new UsageError('set needs exactly one of --preset NAME, --settings JSON, --file PATH');
  if (typeof flags.preset === 'string') {
    const p = namedPreset(flags.preset);
    if (!p) throw new UserError(`unknown preset: ${flags.preset} (known: ${NAMED_PRESETS.map((x) => x.name).join(', ')})`);
    return p.settings;
  }
  let text: string;
  if (typeof flags.file === 'string') {
    try {
      text = readFileSync(flags.file, 'utf8');
    } catch (e) {
      throw new UserError(`cannot read ${flags.file}: ${(e as Error).message}`);
    }
  } else text = flags.settings as string;
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    throw new UserError('the settings are not valid JSON');
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new UserError('the settings must be a JSON object');
  return v as DeepPartial<Policy>;
}

function printChanges(io: CliIO, changes: PolicyChange[]): void {
  if (!changes.length) io.out('no setting in force changes');
  for (const c of changes) io.out(`${c.path}: ${JSON.stringify(c.before)} → ${JSON.stringify(c.after)}`);
}

export const policyCommand: CliCommand = {
  name: 'policy',
  usage: 'policy show|set|unset|presets --region CODE [--preset NAME|--settings JSON|--file PATH] [--yes]',
  summary: "show or change a region's own policy override (set/unset preview without --yes)",
  async run(args, io) {
    const { flags, positional } = parseArgs(args, SPEC);
    const [verb, ...rest] = positional;
    if (rest.length) throw new UsageError(`unexpected argument ${rest[0]}`);
    if (verb === 'presets') {
      for (const p of NAMED_PRESETS) io.out(`${p.name}\t${p.source}`);
      return 0;
    }
    if (verb !== 'show' && verb !== 'set' && verb !== 'unset') throw new UsageError('policy needs show, set, unset or presets');
    if (typeof flags.region !== 'string') throw new UsageError('--region CODE is required');
    const code = regionArg(flags.region);
    const settings = verb === 'set' ? parseSettings(flags) : null;
    const database = await io.openDatabase();
    try {
      const db = database.db;
      await existingRegion(db, code, flags.region);
      if (verb === 'show') {
        io.out(JSON.stringify((await readOverride(db, code)) ?? {}, null, 2));
        return 0;
      }
      let changes: PolicyChange[];
      try {
        changes = (await previewOverride(db, code, settings)).changes;
      } catch (e) {
        if ((e as Error).name === 'PolicyError') throw new UserError((e as Error).message);
        throw e;
      }
      printChanges(io, changes);
      if (!flags.yes) {
        io.out('not saved: run again with --yes to apply');
        return 0;
      }
      const who = { actorLabel: 'cli', at: io.clock.now(), reason: typeof flags.reason === 'string' ? flags.reason : null };
      if (verb === 'set') {
        await setOverride(db, code, settings!, who);
        io.out(`saved the policy override for ${code}`);
      } else {
        const had = await unsetOverride(db, code, who);
        io.out(had ? `removed the policy override for ${code}` : `region ${code} has no policy override`);
      }
      return 0;
    } catch (e) {
      if (e instanceof InvalidOverrideError) throw new UserError(e.message);
      throw e;
    } finally {
      await database.close();
    }
  },
};
