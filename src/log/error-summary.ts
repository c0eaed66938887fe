/**
 * What of an error may go to a log line or the terminal: its class, the PostgreSQL SQLSTATE and the
 * constraint name — never a database error's message. drizzle's DrizzleQueryError message is
 * `Failed query: <sql> params: <values>` (names, mobiles…), and PostgreSQL's own messages quote
 * values too (`invalid input syntax for type uuid: "…"`), so a database error is reduced to codes.
 * Other errors keep their message: ours are written without personal data.
 */
export interface ErrorSummary {
  name: string;
  /** PostgreSQL SQLSTATE (e.g. 23505), from the error or its cause chain. */
  code?: string;
  constraint?: string;
  /** Only for errors that are not database errors. */
  message?: string;
}

const SQLSTATE = /^[0-9A-Z]{5}$/;

interface Probe {
  name?: unknown;
  message?: unknown;
  code?: unknown;
  constraint?: unknown;
  constraint_name?: unknown;
  query?: unknown;
  params?: unknown;
  cause?: unknown;
}

function chain(e: unknown): Probe[] {
  const out: Probe[] = [];
  let cur: unknown = e;
  while (cur && typeof cur === 'object' && out.length < 8 && !out.includes(cur as Probe)) {
    out.push(cur as Probe);
    cur = (cur as Probe).cause;
  }
  return out;
}

function className(p: Probe): string {
  const ctor = (p as { constructor?: { name?: unknown } }).constructor?.name;
  const n = typeof p.name === 'string' && p.name !== 'Error' ? p.name : typeof ctor === 'string' && ctor ? ctor : 'Error';
  return n.slice(0, 60);
}

/** A database error anywhere in the chain: a drizzle query error, or a driver error with a SQLSTATE. */
function isDatabaseError(p: Probe): boolean {
  return 'query' in p || 'params' in p || (typeof p.code === 'string' && SQLSTATE.test(p.code)) || /^(PostgresError|DatabaseError)$/.test(className(p));
}

export function errorSummary(e: unknown): ErrorSummary {
  const links = chain(e);
  if (links.length === 0) return { name: typeof e === 'string' ? 'string' : typeof e };
  const s: ErrorSummary = { name: className(links[0]!) };
  const pg = links.find((p) => typeof p.code === 'string' && SQLSTATE.test(p.code));
  if (pg) {
    s.code = pg.code as string;
    const c = pg.constraint ?? pg.constraint_name;
    if (typeof c === 'string' && /^[\w.]{1,63}$/.test(c)) s.constraint = c;
  }
  const db = links.some(isDatabaseError);
  if (!db && typeof links[0]!.message === 'string' && links[0]!.message) s.message = links[0]!.message.slice(0, 300);
  if (db && links.length > 1) {
    const cause = links.slice(1).find((p) => className(p) !== s.name);
    if (cause) s.name = `${s.name}<${className(cause)}>`;
  }
  return s;
}

/** One line for the terminal or a stored failure text: `Name (SQLSTATE 23505, constraint x): message`. */
export function errorText(e: unknown): string {
  const s = errorSummary(e);
  const codes = [s.code ? `SQLSTATE ${s.code}` : '', s.constraint ? `constraint ${s.constraint}` : ''].filter(Boolean).join(', ');
  return `${s.name}${codes ? ` (${codes})` : ''}${s.message ? `: ${s.message}` : ''}`;
}
