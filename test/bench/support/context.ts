/**
 * What every bench module gets from the runner (test/bench/main.ts). A module exports
 * `default async function run(ctx: BenchContext)` (or a named `run`).
 */
export interface BenchContext {
  /** Short runs for a smoke check (BENCH_QUICK=1): the figures are not comparable to a full run. */
  quick: boolean;
  /** Admin URL of the PostgreSQL server; create databases of your own with `createDatabase`. */
  pgUrl: string;
  /** One figure: printed as one JSON line on stdout, tagged with the module's name. */
  report(figure: Record<string, unknown>): void;
  /** Progress for the person watching: stderr only, stdout stays machine-readable. */
  log(message: string): void;
  /** A fresh migrated database (name prefixed lx_bench_), dropped when the module ends. */
  createDatabase(): Promise<string>;
  /** `--name value` pairs given after the module names (`npm run bench -- faults --seconds 30`). */
  options: Record<string, string>;
  /** A module found what it checks broken (lost or doubled work): the runner exits non-zero. */
  fail(reason: string): void;
}

/** Rounds a figure for the report: milliseconds to 0.01, rates to whole numbers. */
export const ms = (x: number) => Math.round(x * 100) / 100;
export const ratio = (a: number, b: number) => Math.round((a / b) * 1000) / 1000;
