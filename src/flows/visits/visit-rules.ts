/**
 * The visit form's own rules (issue 5). These are product rules of the form, not policy: the
 * policy (cadence, caps) is read through src/db/visits/policy-store.ts.
 */

/** A visit may be logged up to this many days after it happened (never in the future). */
export const BACKDATE_DAYS = 60;
/** The instructor may edit a record this long after writing it. */
export const EDIT_WINDOW_MS = 7 * 24 * 60 * 60 * 1000;
/** … and delete it this long after writing it. */
export const DELETE_WINDOW_MS = 24 * 60 * 60 * 1000;
/** A photo or file sent this soon after a visit was written is offered for that visit. */
export const ATTACH_WINDOW_MS = 30 * 60 * 1000;
/** Text fields: Feishu's input allows at most 1000 characters, and so do we. */
export const TEXT_MAX = 1000;
/** The reason an officer gives for an exception to the caps. */
export const REASON_MAX = 500;
/** Problems are one a line; more lines than this go into one last problem. */
export const PROBLEM_LINES_MAX = 10;
/** Rows on step 1 and in search results; the search box finds the rest. */
export const PICK_ROWS_MAX = 20;
export const SEARCH_ROWS_MAX = 8;
/** Earlier open problems offered as checkers on the form (the oldest first). */
export const PROBLEMS_OFFERED_MAX = 15;
/** Attachments kept per visit. */
export const ATTACHMENTS_MAX = 20;
