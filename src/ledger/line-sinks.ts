/**
 * Where report lines (rejected rows, warnings) go: a CSV file beside the input for the CLI, or
 * memory for the chat (sent back as a file). Both start with a BOM so Excel reads UTF-8.
 */
import { createWriteStream, rmSync, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import type { LineSink } from './ledger-import.ts';

const BOM = '\uFEFF';

/** Opens the file only when the first line arrives; removes an old report of the same name first. */
export function fileSink(path: string): LineSink & { close(): Promise<boolean> } {
  rmSync(path, { force: true });
  let stream: WriteStream | undefined;
  return {
    async write(line) {
      if (!stream) {
        stream = createWriteStream(path, { encoding: 'utf8' });
        stream.write(BOM);
      }
      if (!stream.write(`${line}\r\n`)) await once(stream, 'drain');
    },
    async close() {
      if (!stream) return false;
      const s = stream;
      await new Promise<void>((resolve, reject) => s.end((e?: Error | null) => (e ? reject(e) : resolve())));
      return true;
    },
  };
}

/** Keeps lines in memory up to a limit (a chat upload is capped in size anyway). */
export function memorySink(maxLines = 100_000): LineSink & { lines: string[]; bytes(): Uint8Array | null; truncated: boolean } {
  const lines: string[] = [];
  const sink = {
    lines,
    truncated: false,
    write(line: string) {
      if (lines.length < maxLines) lines.push(line);
      else sink.truncated = true;
    },
    bytes() {
      return lines.length ? new TextEncoder().encode(BOM + lines.join('\r\n') + '\r\n') : null;
    },
  };
  return sink;
}
