-- Issue 15: the ledger export reads a region's orgs in pages by (region_code, name, id). Without an
-- index in that order every page sorted the whole region again: 445 ms a page at 1,000,000 orgs
-- (EXPLAIN ANALYZE: a parallel seq scan and a top-N sort), 7.6 minutes to read them three times.
-- With it, an index range from the last key: 5 ms a page.
CREATE INDEX IF NOT EXISTS "orgs_export_order_idx" ON "orgs" USING btree ("region_code", "name", "id");
