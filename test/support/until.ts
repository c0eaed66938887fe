/** Polls until `ok` holds (other processes run on their own time); throws after `limitMs`, saying what it waited for. */
export async function until<T>(read: () => Promise<T>, ok: (v: T) => boolean, what: string, limitMs = 20_000, everyMs = 20): Promise<T> {
  const end = Date.now() + limitMs;
  for (;;) {
    const v = await read();
    if (ok(v)) return v;
    if (Date.now() > end) throw new Error(`gave up waiting for ${what}: ${JSON.stringify(v)}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
