-- Issue 16 item 2: reminder planning counts each party org's meetings of one kind in one period
-- window (src/db/reminders/item-sources.ts meetingItems), ~10 windows per party org. With the kind
-- and the two columns the count filters on in the index, each count is an index-only range of the
-- few matching rows instead of every meeting of the window read from the heap.
CREATE INDEX IF NOT EXISTS "meetings_org_kind_held_idx" ON "meetings" USING btree ("party_org_id", "kind", "held_on") INCLUDE ("party_group_id", "also_theme_day") WHERE "deleted_at" IS NULL;
