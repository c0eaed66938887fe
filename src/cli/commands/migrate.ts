import { migrate } from '../../db/migrate.ts';
import type { CliCommand } from '../cli-types.ts';

export const migrateCommand: CliCommand = {
  name: 'migrate',
  usage: 'migrate',
  summary: 'apply the database migrations and load the region codes',
  async run(_args, io) {
    const database = await io.openDatabase();
    try {
      const { regionsLoaded } = await migrate(database.db);
      io.out(`migrations applied (${database.kind})${regionsLoaded ? `, ${regionsLoaded} regions loaded` : ''}`);
      return 0;
    } finally {
      await database.close();
    }
  },
};
