import { seedDemo } from '../../demo/seed-demo.ts';
import { parseArgs, UserError, type CliCommand } from '../cli-types.ts';

export const seedDemoCommand: CliCommand = {
  name: 'seed-demo',
  usage: 'seed-demo',
  summary: 'fill an empty database with the 历城区 (370112) demo data; nothing to do when it is already there; refuses (exit 1, touching nothing) a database holding other people, orgs or party orgs',
  async run(args, io) {
    parseArgs(args, {});
    const database = await io.openDatabase();
    try {
      io.progress('seeding the demo data…');
      const r = await seedDemo(database, { now: io.clock.now() });
      if (!r.seeded && r.reason === 'already_seeded') {
        io.out('the demo data is already there; nothing to do');
        return 0;
      }
      if (!r.seeded) {
        throw new UserError('the database already holds data; seed-demo only fills an empty database (use a new DATA_DIR or an empty DATABASE_URL database)');
      }
      const c = r.counts;
      io.out(
        `demo data seeded in ${(r.ms / 1000).toFixed(1)} s: ${c.orgs} orgs on ${c.streets} streets, ${c.partyOrgs} party orgs, ${c.people} people, ` +
          `${c.meetings} meetings, ${c.visits} visits, ${c.leads} leads`,
      );
      return 0;
    } finally {
      await database.close();
    }
  },
};
