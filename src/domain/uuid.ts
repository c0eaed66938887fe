import { z } from 'zod';

/**
 * Ids that come from people (card callback values, form fields, arguments) are checked with this
 * before any query: PostgreSQL answers a malformed uuid with an error, which used to surface as
 * HTTP 500. `z.guid()` is the 8-4-4-4-12 hex form PostgreSQL itself accepts.
 */
const Uuid = z.guid();

export function isUuid(v: unknown): v is string {
  return Uuid.safeParse(v).success;
}
