/**
 * C0 control characters (and DEL) in text from people or files. PostgreSQL refuses U+0000 in text
 * outright (a whole import once died on one NUL), and the others are invisible in every client, so
 * files reject the cell and chat input drops them. Tab, line feed and carriage return are whitespace
 * that the trimming and collapsing of each field already deal with.
 */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;
// eslint-disable-next-line no-control-regex
const CONTROL_ALL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g;

export function hasControlChars(s: string): boolean {
  return CONTROL.test(s);
}

export function stripControlChars(s: string): string {
  return s.replace(CONTROL_ALL, '');
}

/** Strings anywhere inside a JSON-like value, cleaned (card callback values and form values). */
export function stripControlDeep<T>(v: T): T {
  if (typeof v === 'string') return stripControlChars(v) as T;
  if (Array.isArray(v)) return v.map(stripControlDeep) as T;
  if (v && typeof v === 'object') {
    return Object.fromEntries(Object.entries(v as Record<string, unknown>).map(([k, x]) => [k, stripControlDeep(x)])) as T;
  }
  return v;
}
