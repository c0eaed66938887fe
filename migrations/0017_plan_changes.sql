-- Issue 16 item 2: a rerun of the day's reminder planning plans only what changed since the last
-- one. Every statement that changes a table planning reads notes it here (statement triggers, so
-- a 1,000-row import chunk writes one row per party org, not one per row); planning deletes the
-- notes it has seen before it reads (so a change committed after that delete stays for the next
-- run) and then re-plans only the party orgs named, or everything when a table without a party
-- org key changed. An append-only log rather than a per-table counter: writers never contend on
-- one row.
CREATE TABLE IF NOT EXISTS "plan_changes" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"source" text NOT NULL,
	"party_org_id" uuid
);
--> statement-breakpoint
-- TG_ARGV[0]: the column naming the party org the row belongs to (meetings.party_org_id,
-- party_orgs.id); absent: the table is noted as a whole, and only when rows did change.
CREATE FUNCTION "plan_changes_note"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
	src text;
BEGIN
	IF TG_OP = 'TRUNCATE' THEN
		INSERT INTO plan_changes (source) VALUES (TG_TABLE_NAME);
		RETURN NULL;
	END IF;
	src := CASE TG_OP
		WHEN 'INSERT' THEN 'SELECT * FROM new_rows'
		WHEN 'DELETE' THEN 'SELECT * FROM old_rows'
		ELSE 'SELECT * FROM new_rows UNION ALL SELECT * FROM old_rows'
	END;
	IF TG_NARGS > 0 THEN
		EXECUTE format('INSERT INTO plan_changes (source, party_org_id) SELECT DISTINCT %L, c.%I FROM (%s) c WHERE c.%I IS NOT NULL',
			TG_TABLE_NAME, TG_ARGV[0], src, TG_ARGV[0]);
	ELSE
		EXECUTE format('INSERT INTO plan_changes (source) SELECT %L WHERE EXISTS (%s)', TG_TABLE_NAME, src);
	END IF;
	RETURN NULL;
END
$$;
--> statement-breakpoint
-- Transition tables allow one event per trigger: three per table.
DO $$
DECLARE
	t record;
	args text;
BEGIN
	FOR t IN SELECT * FROM (VALUES
		('meetings', 'party_org_id'), ('party_groups', 'party_org_id'), ('party_orgs', 'id'),
		('orgs', NULL), ('leads', NULL), ('instructor_assignments', NULL), ('visits', NULL),
		('person_roles', NULL), ('people', NULL), ('person_identities', NULL),
		('reminder_dispositions', NULL), ('policy_overrides', NULL), ('regions', NULL)
	) AS v(tbl, col) LOOP
		args := coalesce(quote_literal(t.col), '');
		EXECUTE format('CREATE TRIGGER plan_changes_ins AFTER INSERT ON %I REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION plan_changes_note(%s)', t.tbl, args);
		EXECUTE format('CREATE TRIGGER plan_changes_upd AFTER UPDATE ON %I REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION plan_changes_note(%s)', t.tbl, args);
		EXECUTE format('CREATE TRIGGER plan_changes_del AFTER DELETE ON %I REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION plan_changes_note(%s)', t.tbl, args);
		EXECUTE format('CREATE TRIGGER plan_changes_trunc AFTER TRUNCATE ON %I FOR EACH STATEMENT EXECUTE FUNCTION plan_changes_note()', t.tbl);
	END LOOP;
END
$$;
