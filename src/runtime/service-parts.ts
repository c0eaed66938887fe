import type { Clock } from '../clock.ts';
import type { Config } from '../config/config.ts';
import type { Database } from '../db/database.ts';
import type { Logger } from '../log/logger.ts';
import type { Messenger } from '../messenger/messenger.ts';
import type { Defer } from './defer.ts';

/** What every runtime hands the service; the app, the service and the Node extras are built from the same list. */
export interface ServiceParts {
  config: Config;
  database: Database;
  messenger: Messenger;
  clock: Clock;
  logger: Logger;
  defer: Defer;
}
