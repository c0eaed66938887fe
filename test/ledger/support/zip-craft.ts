/**
 * Zips made by hand for the hostile-file tests (PKWARE APPNOTE §4.3): entries as given, with a
 * directory that may lie about sizes or leave an entry out.
 */
import { crc32, deflateRawSync } from 'node:zlib';

export interface CraftEntry {
  name: string;
  /** The data as stored (already deflated when method is 8). */
  data: Buffer;
  method?: 0 | 8;
  /** What the directory says the inflated size is. */
  size: number;
  crc?: number;
  /** Left out of the central directory (still in the file, where a streaming reader finds it). */
  hidden?: boolean;
}

export function craftZip(entries: CraftEntry[]): Buffer {
  const parts: Buffer[] = [];
  const dir: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name);
    const lh = Buffer.alloc(30);
    lh.writeUInt32LE(0x04034b50, 0);
    lh.writeUInt16LE(20, 4);
    lh.writeUInt16LE(e.method ?? 8, 8);
    lh.writeUInt32LE(e.crc ?? 0, 14);
    lh.writeUInt32LE(e.data.length, 18);
    lh.writeUInt32LE(e.size, 22);
    lh.writeUInt16LE(name.length, 26);
    parts.push(lh, name, e.data);
    if (!e.hidden) {
      const ch = Buffer.alloc(46);
      ch.writeUInt32LE(0x02014b50, 0);
      ch.writeUInt16LE(20, 4);
      ch.writeUInt16LE(20, 6);
      ch.writeUInt16LE(e.method ?? 8, 10);
      ch.writeUInt32LE(e.crc ?? 0, 16);
      ch.writeUInt32LE(e.data.length, 20);
      ch.writeUInt32LE(e.size, 24);
      ch.writeUInt16LE(name.length, 28);
      ch.writeUInt32LE(offset, 42);
      dir.push(ch, name);
    }
    offset += 30 + name.length + e.data.length;
  }
  const cd = Buffer.concat(dir);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  const listed = entries.filter((e) => !e.hidden).length;
  end.writeUInt16LE(listed, 8);
  end.writeUInt16LE(listed, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...parts, cd, end]);
}

/** An entry whose data is `text` deflated, with honest sizes. */
export function deflated(name: string, text: string | Buffer): CraftEntry {
  const raw = Buffer.isBuffer(text) ? text : Buffer.from(text);
  return { name, data: deflateRawSync(raw), size: raw.length, crc: crc32(raw) };
}
