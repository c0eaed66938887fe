/**
 * Checks an .xlsx (a zip) before exceljs inflates any of it: the central directory's sizes against
 * the limits, and then each entry inflated into a counter that stops at its declared size, so a
 * directory that lies is caught too. exceljs reads the zip front to back through its local headers
 * (unzipper's streaming parser), so the entries must also tile the file exactly: an entry hidden
 * between the ones the directory lists would be parsed without being checked.
 * Format: PKWARE APPNOTE.TXT 6.3.10 §4.3 (local headers, data descriptors, zip64).
 */
import { open } from 'node:fs/promises';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createInflateRaw } from 'node:zlib';
import { MiB, TableFormatError, TableLimitError, type TableLimits } from './table-limits.ts';

interface RandomAccess {
  size: number;
  read(offset: number, length: number): Promise<Buffer>;
  close(): Promise<void>;
}

async function randomAccess(src: { path: string } | { bytes: Uint8Array }): Promise<RandomAccess> {
  if ('bytes' in src) {
    const b = Buffer.from(src.bytes.buffer, src.bytes.byteOffset, src.bytes.byteLength);
    return { size: b.length, read: async (o, n) => b.subarray(o, Math.min(o + n, b.length)), close: async () => {} };
  }
  const fh = await open(src.path, 'r');
  const { size } = await fh.stat();
  return {
    size,
    async read(o, n) {
      const buf = Buffer.alloc(Math.max(0, Math.min(n, size - o)));
      const { bytesRead } = await fh.read(buf, 0, buf.length, o);
      return buf.subarray(0, bytesRead);
    },
    close: () => fh.close(),
  };
}

interface Entry {
  name: string;
  method: number;
  flags: number;
  compressed: number;
  size: number;
  offset: number;
}

const broken = (): never => {
  throw new TableFormatError('not a readable .xlsx file: its zip structure is broken');
};
const u64 = (b: Buffer, at: number) => {
  const v = b.readBigUInt64LE(at);
  return v > BigInt(Number.MAX_SAFE_INTEGER) ? broken() : Number(v);
};

async function centralDirectory(z: RandomAccess, maxEntries: number): Promise<{ entries: Entry[]; cdOffset: number }> {
  const tailLen = Math.min(z.size, 22 + 65_535);
  const tail = await z.read(z.size - tailLen, tailLen);
  let eocd = -1;
  for (let i = tail.length - 22; i >= 0; i--) if (tail.readUInt32LE(i) === 0x06054b50) { eocd = i; break; }
  if (eocd < 0) broken();
  let count = tail.readUInt16LE(eocd + 10);
  let cdSize = tail.readUInt32LE(eocd + 12);
  let cdOffset = tail.readUInt32LE(eocd + 16);
  if (count === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) {
    // zip64: the locator sits just before the end record and points at the zip64 end record.
    const locAt = z.size - tailLen + eocd - 20;
    const loc = locAt >= 0 ? await z.read(locAt, 20) : Buffer.alloc(0);
    if (loc.length < 20 || loc.readUInt32LE(0) !== 0x07064b50) broken();
    const rec = await z.read(u64(loc, 8), 56);
    if (rec.length < 56 || rec.readUInt32LE(0) !== 0x06064b50) broken();
    count = u64(rec, 32);
    cdSize = u64(rec, 40);
    cdOffset = u64(rec, 48);
  }
  if (count > maxEntries) throw new TableLimitError('entries', { max: maxEntries });
  if (cdOffset + cdSize > z.size) broken();
  const cd = await z.read(cdOffset, cdSize);
  const entries: Entry[] = [];
  let p = 0;
  for (let i = 0; i < count; i++) {
    if (p + 46 > cd.length || cd.readUInt32LE(p) !== 0x02014b50) broken();
    const nameLen = cd.readUInt16LE(p + 28);
    const extraLen = cd.readUInt16LE(p + 30);
    const commentLen = cd.readUInt16LE(p + 32);
    const e: Entry = {
      name: cd.toString('utf8', p + 46, p + 46 + nameLen),
      flags: cd.readUInt16LE(p + 8),
      method: cd.readUInt16LE(p + 10),
      compressed: cd.readUInt32LE(p + 20),
      size: cd.readUInt32LE(p + 24),
      offset: cd.readUInt32LE(p + 42),
    };
    // zip64 extra field (id 1): the 8-byte values, in this order, of the fields saturated above.
    let x = p + 46 + nameLen;
    const xEnd = x + extraLen;
    while (x + 4 <= xEnd) {
      const id = cd.readUInt16LE(x);
      const len = cd.readUInt16LE(x + 2);
      if (id === 1) {
        let v = x + 4;
        for (const k of ['size', 'compressed', 'offset'] as const) {
          if (e[k] === 0xffffffff) {
            if (v + 8 > x + 4 + len) broken();
            e[k] = u64(cd, v);
            v += 8;
          }
        }
      }
      x += 4 + len;
    }
    entries.push(e);
    p += 46 + nameLen + extraLen + commentLen;
  }
  return { entries, cdOffset };
}

/** Inflates one entry into a counter: its real size must be the one declared. */
async function checkInflated(z: RandomAccess, e: Entry, dataAt: number): Promise<void> {
  if (e.method === 0) {
    if (e.compressed !== e.size) broken();
    return;
  }
  if (e.method !== 8) broken();
  let out = 0;
  const counter = new Writable({
    write(chunk: Buffer, _enc, done) {
      out += chunk.length;
      done(out > e.size ? new TableFormatError('not a readable .xlsx file: an entry is larger than its zip directory says') : null);
    },
  });
  async function* compressed() {
    for (let pos = 0; pos < e.compressed; pos += MiB) yield await z.read(dataAt + pos, Math.min(MiB, e.compressed - pos));
  }
  try {
    await pipeline(Readable.from(compressed()), createInflateRaw(), counter);
  } catch (err) {
    if (err instanceof TableFormatError) throw err;
    broken();
  }
  if (out !== e.size) broken();
}

/** Throws a TableLimitError when the .xlsx is not a plain zip within the limits; reads it once. */
export async function inspectXlsx(src: { path: string } | { bytes: Uint8Array }, limits: TableLimits): Promise<void> {
  const z = await randomAccess(src);
  try {
    const { entries, cdOffset } = await centralDirectory(z, limits.maxEntries);
    const total = entries.reduce((n, e) => n + e.size, 0);
    if (total > limits.maxUnpackedBytes) throw new TableLimitError('unpacked', { mb: Math.round(limits.maxUnpackedBytes / MiB) });
    for (const e of entries) {
      if (/(^|\/)sharedStrings\.xml$/i.test(e.name) && e.size > limits.maxSharedStringsBytes) {
        throw new TableLimitError('shared_strings', { mb: Math.round(limits.maxSharedStringsBytes / MiB) });
      }
      if (e.size > MiB && e.size > e.compressed * limits.maxRatio) throw new TableLimitError('ratio', { max: limits.maxRatio });
    }
    // The entries, in file order, must leave no gap a streaming reader would find another entry in.
    const ordered = [...entries].sort((a, b) => a.offset - b.offset);
    let expected = 0;
    let descriptor = false;
    // A data descriptor (flag bit 3) follows an entry's data: 12 or 16 bytes, 20 or 24 in zip64.
    const fits = (gap: number) => gap === 0 || (descriptor && [12, 16, 20, 24].includes(gap));
    for (const e of ordered) {
      if (!fits(e.offset - expected)) broken();
      const lh = await z.read(e.offset, 30);
      if (lh.length < 30 || lh.readUInt32LE(0) !== 0x04034b50) broken();
      const nameLen = lh.readUInt16LE(26);
      const name = (await z.read(e.offset + 30, nameLen)).toString('utf8');
      if (name !== e.name) broken();
      const dataAt = e.offset + 30 + nameLen + lh.readUInt16LE(28);
      await checkInflated(z, e, dataAt);
      expected = dataAt + e.compressed;
      descriptor = (e.flags & 8) !== 0;
    }
    if (!fits(cdOffset - expected)) broken();
  } finally {
    await z.close();
  }
}
