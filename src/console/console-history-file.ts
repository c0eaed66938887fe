import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { ConsoleHistory, ConsoleHistoryStore } from '../messenger/console-messenger.ts';
import type { Logger } from '../log/logger.ts';

/**
 * The console's chat kept in one JSON file under DATA_DIR (issue 20 item 13), beside the embedded
 * database: no table or migration for what is a local demo's chat. Writes are coalesced (a reminder
 * run sends dozens of cards at once) and atomic (a temporary file renamed over the old one), so a
 * crash leaves the previous chat, never half a file. Uploaded and exported files are not kept:
 * their messages stay, their downloads answer 404 after a restart.
 */
export function fileHistory(path: string, logger?: Logger, delayMs = 100): ConsoleHistoryStore & { flush(): void } {
  let pending: ConsoleHistory | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const flush = () => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    if (!pending) return;
    const h = pending;
    pending = undefined;
    try {
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(`${path}.tmp`, JSON.stringify(h));
      renameSync(`${path}.tmp`, path);
    } catch (error) {
      logger?.warn('the console chat could not be saved', { error });
    }
  };
  return {
    load() {
      let text: string;
      try {
        text = readFileSync(path, 'utf8');
      } catch {
        return undefined; // first run
      }
      try {
        const h = JSON.parse(text) as ConsoleHistory;
        if (typeof h.seq === 'number' && Array.isArray(h.messages)) return h;
      } catch {
        // fall through: an unreadable file starts an empty chat
      }
      logger?.warn('the saved console chat is unreadable; starting an empty one', { path });
      return undefined;
    },
    save(h) {
      pending = h;
      timer ??= setTimeout(flush, delayMs);
    },
    flush,
  };
}
