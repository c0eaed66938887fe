CREATE TABLE "person_identities" (
	"person_id" uuid NOT NULL,
	"channel" text NOT NULL,
	"external_id" text NOT NULL,
	"union_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "person_identities_channel_external_id_pk" PRIMARY KEY("channel","external_id"),
	CONSTRAINT "person_identities_channel_ck" CHECK ("channel" IN ('feishu', 'dingtalk'))
);
--> statement-breakpoint
ALTER TABLE "person_identities" ADD CONSTRAINT "person_identities_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE cascade ON UPDATE no action;
--> statement-breakpoint
CREATE UNIQUE INDEX "person_identities_person_channel_uq" ON "person_identities" USING btree ("person_id","channel");
--> statement-breakpoint
CREATE INDEX "person_identities_union_idx" ON "person_identities" USING btree ("channel","union_id");
--> statement-breakpoint
INSERT INTO "person_identities" ("person_id", "channel", "external_id", "created_at", "updated_at")
SELECT "id", 'feishu', "open_id", "created_at", "updated_at" FROM "people" WHERE "open_id" IS NOT NULL;
