CREATE TABLE "audit_log" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"actor_id" uuid,
	"actor_label" text,
	"action" text NOT NULL,
	"entity" text NOT NULL,
	"entity_id" text,
	"before" jsonb,
	"after" jsonb,
	"reason" text
);
--> statement-breakpoint
CREATE TABLE "conversations" (
	"person_key" text NOT NULL,
	"flow" text NOT NULL,
	"flow_version" integer NOT NULL,
	"step" text NOT NULL,
	"answers" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"revision" integer DEFAULT 1 NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"result" jsonb,
	"message_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"touched_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "conversations_person_key_flow_pk" PRIMARY KEY("person_key","flow")
);
--> statement-breakpoint
CREATE TABLE "people" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"mobile" text,
	"open_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "person_marks" (
	"person_key" text NOT NULL,
	"mark" text NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "person_marks_person_key_mark_pk" PRIMARY KEY("person_key","mark")
);
--> statement-breakpoint
CREATE TABLE "person_roles" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"person_id" uuid NOT NULL,
	"role" text NOT NULL,
	"region_code" text,
	"party_org_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "policy_overrides" (
	"region_code" text PRIMARY KEY NOT NULL,
	"settings" jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"active" boolean DEFAULT true NOT NULL
);
--> statement-breakpoint
CREATE TABLE "processed_events" (
	"key" text PRIMARY KEY NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "regions" (
	"code" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"level" smallint NOT NULL,
	"parent_code" text
);
--> statement-breakpoint
CREATE TABLE "registration_requests" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"open_id" text NOT NULL,
	"name" text NOT NULL,
	"mobile" text,
	"region_code" text,
	"note" text,
	"status" text DEFAULT 'pending' NOT NULL,
	"decided_by" uuid,
	"decided_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "instructor_assignments" (
	"instructor_id" uuid NOT NULL,
	"org_id" uuid NOT NULL,
	"assigned_on" date NOT NULL,
	"exception_reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "instructor_assignments_instructor_id_org_id_pk" PRIMARY KEY("instructor_id","org_id")
);
--> statement-breakpoint
CREATE TABLE "ledger_imports" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"file_name" text NOT NULL,
	"reason" text,
	"actor_id" uuid,
	"actor_label" text,
	"status" text DEFAULT 'running' NOT NULL,
	"imported" integer DEFAULT 0 NOT NULL,
	"updated" integer DEFAULT 0 NOT NULL,
	"unchanged" integer DEFAULT 0 NOT NULL,
	"rejected" integer DEFAULT 0 NOT NULL,
	"warnings" integer DEFAULT 0 NOT NULL,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "orgs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"credit_code" text,
	"kind" text NOT NULL,
	"subtype" text,
	"region_code" text NOT NULL,
	"status" text DEFAULT 'operating' NOT NULL,
	"employees" integer DEFAULT 0 NOT NULL,
	"revenue" numeric(14, 2),
	"members_formal" integer DEFAULT 0 NOT NULL,
	"members_probationary" integer DEFAULT 0 NOT NULL,
	"members_untransferred" integer DEFAULT 0 NOT NULL,
	"formation" text DEFAULT 'none' NOT NULL,
	"party_org_id" uuid,
	"party_org_type" text,
	"mass_orgs" text[] DEFAULT '{}'::text[] NOT NULL,
	"instructor_mobile" text,
	"has_instructor" boolean DEFAULT false NOT NULL,
	"principal_name" text,
	"principal_is_member" boolean,
	"no_party_org_reason" text,
	"plan" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "party_groups" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"party_org_id" uuid NOT NULL,
	"name" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "party_orgs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"type" text NOT NULL,
	"formation" text NOT NULL,
	"region_code" text NOT NULL,
	"founded_on" date,
	"term_started_on" date,
	"members_formal" integer DEFAULT 0 NOT NULL,
	"members_probationary" integer DEFAULT 0 NOT NULL,
	"members_untransferred" integer DEFAULT 0 NOT NULL,
	"committee_size" integer DEFAULT 0 NOT NULL,
	"theme_day" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "meetings" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"party_org_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"party_group_id" uuid,
	"group_name" text,
	"held_at" timestamp with time zone NOT NULL,
	"held_on" date NOT NULL,
	"place" text,
	"online" boolean DEFAULT false NOT NULL,
	"host" text,
	"expected" integer,
	"present" integer,
	"absentees" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"topics" text,
	"content" text,
	"lecturer" text,
	"title" text,
	"grades" jsonb,
	"also_theme_day" boolean DEFAULT false NOT NULL,
	"warnings" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"attachments" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone,
	"idempotency_key" text
);
--> statement-breakpoint
CREATE TABLE "party_org_fact_changes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"party_org_id" uuid NOT NULL,
	"fact" text NOT NULL,
	"before" jsonb,
	"after" jsonb,
	"effective_on" date NOT NULL,
	"changed_by" uuid,
	"changed_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "visit_problems" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"visit_id" uuid NOT NULL,
	"org_id" uuid NOT NULL,
	"text" text NOT NULL,
	"position" smallint DEFAULT 0 NOT NULL,
	"solved_by_visit_id" uuid,
	"solved_on" date,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "visits" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"instructor_id" uuid NOT NULL,
	"visited_on" date NOT NULL,
	"way" text NOT NULL,
	"topics" text[] DEFAULT '{}'::text[] NOT NULL,
	"found" text,
	"problems" text,
	"next_steps" text,
	"next_planned_on" date,
	"attachments" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone,
	"idempotency_key" text
);
--> statement-breakpoint
CREATE TABLE "lead_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"lead_id" uuid NOT NULL,
	"actor_id" uuid,
	"actor_label" text,
	"at" timestamp with time zone NOT NULL,
	"kind" text NOT NULL,
	"from_state" text,
	"to_state" text,
	"note" text
);
--> statement-breakpoint
CREATE TABLE "lead_sources" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"lead_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"registered_by" uuid,
	"registrant_open_id" text,
	"note" text,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "leads" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"person_id" uuid,
	"name" text,
	"mobile" text,
	"contact_note" text,
	"workplace_org_id" uuid,
	"workplace_text" text,
	"workplace_key" text,
	"relationship_at" text,
	"standing" text,
	"joined_year" integer,
	"away_kind" text,
	"away_since" date,
	"take_part_at" text,
	"note" text,
	"state" text DEFAULT 'new' NOT NULL,
	"assignee_person_id" uuid,
	"assignee_party_org_id" uuid,
	"assigned_via" text NOT NULL,
	"region_code" text NOT NULL,
	"contacted_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	"out_of_contact_since" timestamp with time zone,
	"erased_at" timestamp with time zone,
	"revision" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "leads_state_ck" CHECK ("leads"."state" in ('new','contacted','verified','incorporated','transferred','not_member','unreachable'))
);
--> statement-breakpoint
CREATE TABLE "party_org_members" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"party_org_id" uuid NOT NULL,
	"lead_id" uuid,
	"person_id" uuid,
	"member_key" text NOT NULL,
	"membership" text NOT NULL,
	"since" date NOT NULL,
	"ended_on" date,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "party_org_members_membership_ck" CHECK ("party_org_members"."membership" in ('primary','participating'))
);
--> statement-breakpoint
CREATE TABLE "feedback" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"person_id" uuid,
	"open_id" text NOT NULL,
	"category" text NOT NULL,
	"text" text NOT NULL,
	"region_code" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "reminder_dispositions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"person_id" uuid NOT NULL,
	"item_key" text NOT NULL,
	"period_key" text NOT NULL,
	"kind" text NOT NULL,
	"until" date,
	"reason" text,
	"region_code" text,
	"label" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "reminder_outbox" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"dedupe_key" text NOT NULL,
	"person_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"day" date NOT NULL,
	"payload" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"after_id" uuid,
	"status" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone DEFAULT now() NOT NULL,
	"lease_until" timestamp with time zone,
	"claimed_by" text,
	"last_error" text,
	"message_id" text,
	"sent_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "reminders" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"person_id" uuid NOT NULL,
	"item_type" text NOT NULL,
	"item_key" text NOT NULL,
	"period_key" text NOT NULL,
	"kind" text NOT NULL,
	"round" text DEFAULT '' NOT NULL,
	"region_code" text,
	"due_on" date,
	"planned_on" date NOT NULL,
	"payload" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"state" text DEFAULT 'pending' NOT NULL,
	"digest_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "report_snapshots" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"duty_id" text NOT NULL,
	"region_code" text NOT NULL,
	"due_on" date NOT NULL,
	"figures" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "coverage_base_orgs" (
	"base_id" uuid NOT NULL,
	"org_id" uuid NOT NULL,
	CONSTRAINT "coverage_base_orgs_base_id_org_id_pk" PRIMARY KEY("base_id","org_id")
);
--> statement-breakpoint
CREATE TABLE "coverage_bases" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"region_code" text NOT NULL,
	"frozen_on" date NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" text NOT NULL
);
--> statement-breakpoint
ALTER TABLE "person_roles" ADD CONSTRAINT "person_roles_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "person_roles" ADD CONSTRAINT "person_roles_region_code_regions_code_fk" FOREIGN KEY ("region_code") REFERENCES "public"."regions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "policy_overrides" ADD CONSTRAINT "policy_overrides_region_code_regions_code_fk" FOREIGN KEY ("region_code") REFERENCES "public"."regions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "registration_requests" ADD CONSTRAINT "registration_requests_region_code_regions_code_fk" FOREIGN KEY ("region_code") REFERENCES "public"."regions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "instructor_assignments" ADD CONSTRAINT "instructor_assignments_instructor_id_people_id_fk" FOREIGN KEY ("instructor_id") REFERENCES "public"."people"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "instructor_assignments" ADD CONSTRAINT "instructor_assignments_org_id_orgs_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."orgs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "orgs" ADD CONSTRAINT "orgs_region_code_regions_code_fk" FOREIGN KEY ("region_code") REFERENCES "public"."regions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "orgs" ADD CONSTRAINT "orgs_party_org_id_party_orgs_id_fk" FOREIGN KEY ("party_org_id") REFERENCES "public"."party_orgs"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "party_groups" ADD CONSTRAINT "party_groups_party_org_id_party_orgs_id_fk" FOREIGN KEY ("party_org_id") REFERENCES "public"."party_orgs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "party_orgs" ADD CONSTRAINT "party_orgs_region_code_regions_code_fk" FOREIGN KEY ("region_code") REFERENCES "public"."regions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meetings" ADD CONSTRAINT "meetings_party_org_id_party_orgs_id_fk" FOREIGN KEY ("party_org_id") REFERENCES "public"."party_orgs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meetings" ADD CONSTRAINT "meetings_party_group_id_party_groups_id_fk" FOREIGN KEY ("party_group_id") REFERENCES "public"."party_groups"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meetings" ADD CONSTRAINT "meetings_created_by_people_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."people"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "party_org_fact_changes" ADD CONSTRAINT "party_org_fact_changes_party_org_id_party_orgs_id_fk" FOREIGN KEY ("party_org_id") REFERENCES "public"."party_orgs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "party_org_fact_changes" ADD CONSTRAINT "party_org_fact_changes_changed_by_people_id_fk" FOREIGN KEY ("changed_by") REFERENCES "public"."people"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "visit_problems" ADD CONSTRAINT "visit_problems_visit_id_visits_id_fk" FOREIGN KEY ("visit_id") REFERENCES "public"."visits"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "visit_problems" ADD CONSTRAINT "visit_problems_org_id_orgs_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."orgs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "visit_problems" ADD CONSTRAINT "visit_problems_solved_by_visit_id_visits_id_fk" FOREIGN KEY ("solved_by_visit_id") REFERENCES "public"."visits"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "visits" ADD CONSTRAINT "visits_org_id_orgs_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."orgs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "visits" ADD CONSTRAINT "visits_instructor_id_people_id_fk" FOREIGN KEY ("instructor_id") REFERENCES "public"."people"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lead_events" ADD CONSTRAINT "lead_events_lead_id_leads_id_fk" FOREIGN KEY ("lead_id") REFERENCES "public"."leads"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lead_events" ADD CONSTRAINT "lead_events_actor_id_people_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."people"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lead_sources" ADD CONSTRAINT "lead_sources_lead_id_leads_id_fk" FOREIGN KEY ("lead_id") REFERENCES "public"."leads"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lead_sources" ADD CONSTRAINT "lead_sources_registered_by_people_id_fk" FOREIGN KEY ("registered_by") REFERENCES "public"."people"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "leads" ADD CONSTRAINT "leads_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "leads" ADD CONSTRAINT "leads_workplace_org_id_orgs_id_fk" FOREIGN KEY ("workplace_org_id") REFERENCES "public"."orgs"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "leads" ADD CONSTRAINT "leads_assignee_person_id_people_id_fk" FOREIGN KEY ("assignee_person_id") REFERENCES "public"."people"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "leads" ADD CONSTRAINT "leads_assignee_party_org_id_party_orgs_id_fk" FOREIGN KEY ("assignee_party_org_id") REFERENCES "public"."party_orgs"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "leads" ADD CONSTRAINT "leads_region_code_regions_code_fk" FOREIGN KEY ("region_code") REFERENCES "public"."regions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "party_org_members" ADD CONSTRAINT "party_org_members_party_org_id_party_orgs_id_fk" FOREIGN KEY ("party_org_id") REFERENCES "public"."party_orgs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "party_org_members" ADD CONSTRAINT "party_org_members_lead_id_leads_id_fk" FOREIGN KEY ("lead_id") REFERENCES "public"."leads"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "party_org_members" ADD CONSTRAINT "party_org_members_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reminder_dispositions" ADD CONSTRAINT "reminder_dispositions_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reminder_outbox" ADD CONSTRAINT "reminder_outbox_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "coverage_base_orgs" ADD CONSTRAINT "coverage_base_orgs_base_id_coverage_bases_id_fk" FOREIGN KEY ("base_id") REFERENCES "public"."coverage_bases"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "coverage_base_orgs" ADD CONSTRAINT "coverage_base_orgs_org_id_orgs_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "coverage_bases" ADD CONSTRAINT "coverage_bases_region_code_regions_code_fk" FOREIGN KEY ("region_code") REFERENCES "public"."regions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "audit_entity_idx" ON "audit_log" USING btree ("entity","entity_id");--> statement-breakpoint
CREATE INDEX "audit_at_idx" ON "audit_log" USING btree ("at");--> statement-breakpoint
CREATE INDEX "conversations_open_idx" ON "conversations" USING btree ("person_key","status");--> statement-breakpoint
CREATE UNIQUE INDEX "people_mobile_uq" ON "people" USING btree ("mobile");--> statement-breakpoint
CREATE UNIQUE INDEX "people_open_id_uq" ON "people" USING btree ("open_id");--> statement-breakpoint
CREATE INDEX "person_roles_person_idx" ON "person_roles" USING btree ("person_id");--> statement-breakpoint
CREATE UNIQUE INDEX "person_roles_scope_uq" ON "person_roles" USING btree ("person_id","role",coalesce("region_code", ''),coalesce("party_org_id", '00000000-0000-0000-0000-000000000000'::uuid));--> statement-breakpoint
CREATE INDEX "processed_events_received_idx" ON "processed_events" USING btree ("received_at");--> statement-breakpoint
CREATE INDEX "regions_parent_idx" ON "regions" USING btree ("parent_code");--> statement-breakpoint
CREATE INDEX "regions_name_idx" ON "regions" USING btree ("name");--> statement-breakpoint
CREATE INDEX "registration_requests_status_idx" ON "registration_requests" USING btree ("status","region_code");--> statement-breakpoint
CREATE INDEX "instructor_assignments_org_idx" ON "instructor_assignments" USING btree ("org_id");--> statement-breakpoint
CREATE INDEX "ledger_imports_started_idx" ON "ledger_imports" USING btree ("started_at");--> statement-breakpoint
CREATE UNIQUE INDEX "orgs_credit_code_uq" ON "orgs" USING btree ("credit_code");--> statement-breakpoint
CREATE INDEX "orgs_region_idx" ON "orgs" USING btree ("region_code" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "orgs_name_region_idx" ON "orgs" USING btree ("name","region_code");--> statement-breakpoint
CREATE INDEX "orgs_party_org_idx" ON "orgs" USING btree ("party_org_id");--> statement-breakpoint
CREATE INDEX "orgs_coverage_idx" ON "orgs" USING btree ("region_code" text_pattern_ops,"kind","status","formation","party_org_type","has_instructor","members_formal","members_probationary","members_untransferred","employees","revenue","mass_orgs");--> statement-breakpoint
CREATE UNIQUE INDEX "party_groups_uq" ON "party_groups" USING btree ("party_org_id","name");--> statement-breakpoint
CREATE UNIQUE INDEX "party_orgs_name_uq" ON "party_orgs" USING btree ("name");--> statement-breakpoint
CREATE INDEX "party_orgs_region_idx" ON "party_orgs" USING btree ("region_code" text_pattern_ops);--> statement-breakpoint
CREATE UNIQUE INDEX "meetings_idempotency_uq" ON "meetings" USING btree ("idempotency_key");--> statement-breakpoint
CREATE INDEX "meetings_org_held_idx" ON "meetings" USING btree ("party_org_id","held_on") WHERE "meetings"."deleted_at" is null;--> statement-breakpoint
CREATE INDEX "meetings_created_by_idx" ON "meetings" USING btree ("created_by","created_at");--> statement-breakpoint
CREATE INDEX "party_org_fact_changes_org_idx" ON "party_org_fact_changes" USING btree ("party_org_id","fact","effective_on");--> statement-breakpoint
CREATE INDEX "visit_problems_org_idx" ON "visit_problems" USING btree ("org_id") WHERE "visit_problems"."solved_by_visit_id" is null;--> statement-breakpoint
CREATE INDEX "visit_problems_visit_idx" ON "visit_problems" USING btree ("visit_id");--> statement-breakpoint
CREATE UNIQUE INDEX "visits_idempotency_uq" ON "visits" USING btree ("idempotency_key");--> statement-breakpoint
CREATE INDEX "visits_org_date_idx" ON "visits" USING btree ("org_id","visited_on") WHERE "visits"."deleted_at" is null;--> statement-breakpoint
CREATE INDEX "visits_instructor_idx" ON "visits" USING btree ("instructor_id","created_at");--> statement-breakpoint
CREATE INDEX "lead_events_lead_idx" ON "lead_events" USING btree ("lead_id","at");--> statement-breakpoint
CREATE INDEX "lead_events_to_idx" ON "lead_events" USING btree ("to_state","at");--> statement-breakpoint
CREATE INDEX "lead_sources_lead_idx" ON "lead_sources" USING btree ("lead_id");--> statement-breakpoint
CREATE INDEX "lead_sources_by_idx" ON "lead_sources" USING btree ("registered_by");--> statement-breakpoint
CREATE INDEX "lead_sources_open_idx" ON "lead_sources" USING btree ("registrant_open_id");--> statement-breakpoint
CREATE UNIQUE INDEX "leads_mobile_uq" ON "leads" USING btree ("mobile") WHERE "leads"."mobile" is not null;--> statement-breakpoint
CREATE INDEX "leads_name_workplace_idx" ON "leads" USING btree ("name","workplace_key");--> statement-breakpoint
CREATE INDEX "leads_region_state_idx" ON "leads" USING btree ("region_code" text_pattern_ops,"state");--> statement-breakpoint
CREATE INDEX "leads_assignee_idx" ON "leads" USING btree ("assignee_person_id");--> statement-breakpoint
CREATE INDEX "leads_assignee_org_idx" ON "leads" USING btree ("assignee_party_org_id");--> statement-breakpoint
CREATE UNIQUE INDEX "party_org_members_primary_uq" ON "party_org_members" USING btree ("member_key") WHERE "party_org_members"."membership" = 'primary' and "party_org_members"."ended_on" is null;--> statement-breakpoint
CREATE UNIQUE INDEX "party_org_members_org_uq" ON "party_org_members" USING btree ("party_org_id","member_key") WHERE "party_org_members"."ended_on" is null;--> statement-breakpoint
CREATE INDEX "party_org_members_org_idx" ON "party_org_members" USING btree ("party_org_id");--> statement-breakpoint
CREATE INDEX "feedback_region_idx" ON "feedback" USING btree ("region_code","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "reminder_dispositions_uq" ON "reminder_dispositions" USING btree ("person_id","item_key","period_key");--> statement-breakpoint
CREATE INDEX "reminder_dispositions_item_idx" ON "reminder_dispositions" USING btree ("item_key","period_key");--> statement-breakpoint
CREATE INDEX "reminder_dispositions_region_idx" ON "reminder_dispositions" USING btree ("region_code" text_pattern_ops);--> statement-breakpoint
CREATE UNIQUE INDEX "reminder_outbox_dedupe_uq" ON "reminder_outbox" USING btree ("dedupe_key");--> statement-breakpoint
CREATE INDEX "reminder_outbox_due_idx" ON "reminder_outbox" USING btree ("next_attempt_at") WHERE "reminder_outbox"."status" in ('pending', 'sending');--> statement-breakpoint
CREATE INDEX "reminder_outbox_day_idx" ON "reminder_outbox" USING btree ("day","status");--> statement-breakpoint
CREATE INDEX "reminder_outbox_person_idx" ON "reminder_outbox" USING btree ("person_id","day");--> statement-breakpoint
CREATE UNIQUE INDEX "reminders_dedupe_uq" ON "reminders" USING btree ("person_id","item_key","period_key","kind","round");--> statement-breakpoint
CREATE INDEX "reminders_digest_idx" ON "reminders" USING btree ("digest_id");--> statement-breakpoint
CREATE INDEX "reminders_pending_idx" ON "reminders" USING btree ("person_id") WHERE "reminders"."state" = 'pending';--> statement-breakpoint
CREATE UNIQUE INDEX "report_snapshots_uq" ON "report_snapshots" USING btree ("duty_id","region_code","due_on");--> statement-breakpoint
CREATE UNIQUE INDEX "coverage_bases_region_name_uq" ON "coverage_bases" USING btree ("region_code","name");--> statement-breakpoint
CREATE INDEX "coverage_bases_region_idx" ON "coverage_bases" USING btree ("region_code","frozen_on");