-- Issue 19 items 7 and 10. A social org's registration level (登记机关的级别: 省级以上社会团体, 000 一;
-- 市级社会团体, 001 一) and its 业务主管单位 (who keeps its ledger, 001 二(三)); both optional ledger
-- columns, null when a file does not say.
ALTER TABLE "orgs" ADD COLUMN IF NOT EXISTS "registration_level" text;
--> statement-breakpoint
ALTER TABLE "orgs" ADD COLUMN IF NOT EXISTS "supervisor_unit" text;
--> statement-breakpoint
-- Party-org facts a secretary reports (004 §9 后备人才, §12 轮训): null = not reported yet.
ALTER TABLE "party_orgs" ADD COLUMN IF NOT EXISTS "reserve_secretaries" integer;
--> statement-breakpoint
ALTER TABLE "party_orgs" ADD COLUMN IF NOT EXISTS "secretary_trained_on" date;
--> statement-breakpoint
ALTER TABLE "party_orgs" ADD COLUMN IF NOT EXISTS "workers_trained_on" date;
--> statement-breakpoint
-- 入党积极分子 an org has this year (004 §11), as its party org's secretary reports them.
CREATE TABLE IF NOT EXISTS "org_activists" (
	"org_id" uuid NOT NULL REFERENCES "orgs"("id") ON DELETE CASCADE,
	"year" integer NOT NULL,
	"count" integer NOT NULL CHECK ("count" >= 0),
	"reported_by" uuid REFERENCES "people"("id") ON DELETE SET NULL,
	"reported_at" timestamp with time zone DEFAULT now() NOT NULL,
	PRIMARY KEY ("org_id", "year")
);
