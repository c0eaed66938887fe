import { expect, test } from 'vitest';
import { createImportQueue } from '../../src/ledger/import-queue.ts';

/** Issue 18 item 7: two uploads at once are read one after the other, not in parallel. */
function gate() {
  let open!: () => void;
  const p = new Promise<void>((r) => (open = r));
  return { p, open };
}

test('imports run one at a time, in arrival order; the later ones are told how many are ahead', async () => {
  const q = createImportQueue();
  const events: string[] = [];
  let running = 0;
  let most = 0;
  const job = (name: string, until: Promise<void>) => async () => {
    running++;
    most = Math.max(most, running);
    events.push(`start ${name}`);
    await until;
    events.push(`end ${name}`);
    running--;
    return name;
  };
  const [a, b, c] = [gate(), gate(), gate()];
  const queued: number[] = [];
  const ra = q.run(job('a', a.p));
  const rb = q.run(job('b', b.p), { onQueued: (n) => void queued.push(n) });
  const rc = q.run(job('c', c.p), { onQueued: (n) => void queued.push(n) });
  expect(q.size).toBe(3);
  expect(queued).toEqual([1, 2]);
  c.open();
  b.open();
  await new Promise((r) => setImmediate(r));
  expect(events).toEqual(['start a']);
  a.open();
  expect(await Promise.all([ra, rb, rc])).toEqual(['a', 'b', 'c']);
  expect(events).toEqual(['start a', 'end a', 'start b', 'end b', 'start c', 'end c']);
  expect(most).toBe(1);
  expect(q.size).toBe(0);
});

test('a failed import hands over to the next; a waiting one keeps its transaction alive', async () => {
  const q = createImportQueue();
  const a = gate();
  let pings = 0;
  const ra = q.run(async () => {
    await a.p;
    throw new Error('bad file');
  });
  const rb = q.run(async () => 'b', { keepAlive: async () => void pings++, keepAliveMs: 5 });
  await new Promise((r) => setTimeout(r, 40));
  a.open();
  await expect(ra).rejects.toThrow('bad file');
  expect(await rb).toBe('b');
  expect(pings).toBeGreaterThan(0);
});

test('one that gives up while waiting does not let the next one overtake the running import', async () => {
  const q = createImportQueue();
  const a = gate();
  const order: string[] = [];
  const ra = q.run(async () => {
    await a.p;
    order.push('a');
  });
  const rb = q.run(async () => void order.push('b'), {
    onQueued: () => {
      throw new Error('the card could not be updated');
    },
  });
  const rc = q.run(async () => void order.push('c'));
  await expect(rb).rejects.toThrow('card');
  await new Promise((r) => setImmediate(r));
  expect(order).toEqual([]);
  a.open();
  await Promise.all([ra, rc]);
  expect(order).toEqual(['a', 'c']);
});
