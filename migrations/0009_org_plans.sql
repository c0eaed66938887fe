-- 一企一策 / 一社一策 (000 二1; 武汉 二(三); 临沭 三(二)2): a plan per org without a party org.
-- orgs.plan already held the measures (措施) as text; the plan gains its 完成时限, its 责任人 as
-- written, and who last recorded it and when. Overdue plans are found by due date (partial index).
ALTER TABLE "orgs" ADD COLUMN IF NOT EXISTS "plan_due_on" date;
--> statement-breakpoint
ALTER TABLE "orgs" ADD COLUMN IF NOT EXISTS "plan_owner" text;
--> statement-breakpoint
ALTER TABLE "orgs" ADD COLUMN IF NOT EXISTS "plan_updated_at" timestamp with time zone;
--> statement-breakpoint
ALTER TABLE "orgs" ADD COLUMN IF NOT EXISTS "plan_updated_by" uuid REFERENCES "people"("id") ON DELETE SET NULL;
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "orgs_plan_due_idx" ON "orgs" USING btree ("plan_due_on") WHERE "plan_due_on" IS NOT NULL;
