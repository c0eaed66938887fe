-- Coverage rollups (issue 16 item 1): per-township counts of the four coverage figures, one set
-- per coverage variant (the rules a coverage question is asked under: basis, 功能型 counting,
-- the F1/F1b and 规模以上 numbers, the frozen base list). A variant is built from the rows the
-- first time it is asked for (src/db/ledger/coverage-rollup-store.ts); from then on the triggers
-- below keep its counts in the same transaction as every write to orgs, whoever makes it.
CREATE TABLE "coverage_variants" (
	"id" serial PRIMARY KEY NOT NULL,
	"key" text NOT NULL,
	"basis" text NOT NULL,
	"functional_counts" boolean NOT NULL,
	"min_formal_members" integer NOT NULL,
	"count_untransferred" boolean NOT NULL,
	"min_employees" integer NOT NULL,
	"min_revenue" numeric NOT NULL,
	"base_id" uuid REFERENCES "coverage_bases"("id") ON DELETE CASCADE,
	"built_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "coverage_variants_key_uq" ON "coverage_variants" ("key");
--> statement-breakpoint
CREATE TABLE "coverage_rollups" (
	"variant_id" integer NOT NULL REFERENCES "coverage_variants"("id") ON DELETE CASCADE,
	"region_code" text NOT NULL,
	"kind" text NOT NULL,
	"in_scope" integer NOT NULL,
	"party_org" integer NOT NULL,
	"standalone" integer NOT NULL,
	"work" integer NOT NULL
) WITH (fillfactor = 70);
--> statement-breakpoint
-- text_pattern_ops: a region's subtree is read as a byte-wise range (~>=~ / ~<~), as on orgs.
-- The counts stay out of the index (and pages keep room, fillfactor) so that a trigger's update
-- is a HOT update, pruned as pages are read: PGlite has no autovacuum to clean up after it.
CREATE UNIQUE INDEX "coverage_rollups_uq" ON "coverage_rollups" ("variant_id", "region_code" text_pattern_ops, "kind");
--> statement-breakpoint
-- The figures of one orgs row under one variant: the SQL twin of coveragePredicates() in
-- src/db/ledger/coverage-predicates.ts (the build and `coverage --verify` use that one, so a
-- drift between the two shows up as a difference). Deltas are summed per township and kind:
-- +1 for rows as they are after the statement, -1 for rows as they were before it.
CREATE FUNCTION "coverage_rollups_apply"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
	src text;
BEGIN
	IF NOT EXISTS (SELECT 1 FROM coverage_variants) THEN
		RETURN NULL;
	END IF;
	src := CASE TG_OP
		WHEN 'INSERT' THEN 'SELECT 1 AS sign, n.* FROM new_rows n'
		WHEN 'DELETE' THEN 'SELECT -1 AS sign, o.* FROM old_rows o'
		ELSE 'SELECT 1 AS sign, n.* FROM new_rows n UNION ALL SELECT -1, o.* FROM old_rows o'
	END;
	EXECUTE format($q$
		INSERT INTO coverage_rollups AS r (variant_id, region_code, kind, in_scope, party_org, standalone, work)
		SELECT variant_id, region_code, kind, sum(sign * s::int), sum(sign * p::int), sum(sign * a::int), sum(sign * w::int)
		FROM (
			SELECT v.id AS variant_id, d.region_code, d.kind, d.sign, f.s, f.s AND f.po AS p, f.s AND f.po AND d.formation = 'standalone' AS a,
			       f.s AND (f.po OR d.has_instructor OR d.mass_orgs <> '{}') AS w
			FROM (%s) d
			CROSS JOIN coverage_variants v
			CROSS JOIN LATERAL (SELECT
				CASE v.basis
					WHEN 'operating' THEN d.status = 'operating'
					WHEN 'qualified' THEN d.status = 'operating'
						AND d.members_formal + CASE WHEN v.count_untransferred THEN d.members_untransferred ELSE 0 END >= v.min_formal_members
					WHEN 'above_scale' THEN d.status = 'operating' AND d.kind = 'enterprise'
						AND (d.employees >= v.min_employees OR coalesce(d.revenue, 0) >= v.min_revenue)
					WHEN 'frozen' THEN EXISTS (SELECT 1 FROM coverage_base_orgs b WHERE b.base_id = v.base_id AND b.org_id = d.id)
					ELSE false
				END AS s,
				d.formation <> 'none' AND d.party_org_type IS NOT NULL AND (v.functional_counts OR d.party_org_type <> 'functional_branch') AS po
			) f
		) x
		GROUP BY variant_id, region_code, kind
		HAVING sum(sign * s::int) <> 0 OR sum(sign * p::int) <> 0 OR sum(sign * a::int) <> 0 OR sum(sign * w::int) <> 0
		-- One order for every writer, so two imports touching the same rows cannot deadlock.
		ORDER BY variant_id, region_code, kind
		ON CONFLICT (variant_id, region_code, kind) DO UPDATE SET
			in_scope = r.in_scope + excluded.in_scope,
			party_org = r.party_org + excluded.party_org,
			standalone = r.standalone + excluded.standalone,
			work = r.work + excluded.work
	$q$, src);
	RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER "coverage_rollups_insert" AFTER INSERT ON "orgs" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "coverage_rollups_apply"();
--> statement-breakpoint
CREATE TRIGGER "coverage_rollups_update" AFTER UPDATE ON "orgs" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "coverage_rollups_apply"();
--> statement-breakpoint
CREATE TRIGGER "coverage_rollups_delete" AFTER DELETE ON "orgs" REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "coverage_rollups_apply"();
--> statement-breakpoint
-- An emptied ledger has no coverage: the variants stay, with nothing counted.
CREATE FUNCTION "coverage_rollups_truncate"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	DELETE FROM coverage_rollups;
	RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER "coverage_rollups_truncate" AFTER TRUNCATE ON "orgs" FOR EACH STATEMENT EXECUTE FUNCTION "coverage_rollups_truncate"();
--> statement-breakpoint
-- The lists behind the figures, a page at a time after a cursor (keyset) in this order.
CREATE INDEX "orgs_list_idx" ON "orgs" USING btree ("region_code" text_pattern_ops, "name", "id");
