-- 销号管理 (001 二(四); 002 四 三): the dated register of orgs of a frozen base list (党建基数) crossed
-- off by an officer, with the reason. Crossings the ledger already shows (a party org, joint
-- coverage, closed) are derived when read and need no row; one row per base and org.
CREATE TABLE IF NOT EXISTS "base_crossings" (
	"base_id" uuid NOT NULL REFERENCES "coverage_bases"("id") ON DELETE CASCADE,
	"org_id" uuid NOT NULL REFERENCES "orgs"("id"),
	"reason" text NOT NULL,
	"crossed_on" date NOT NULL,
	"note" text,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "base_crossings_pk" PRIMARY KEY ("base_id", "org_id"),
	CONSTRAINT "base_crossings_reason_ck" CHECK ("reason" IN ('party_org', 'joint', 'closed', 'out_of_scope'))
);
