-- A running import renews heartbeat_at with every chunk it commits (issue 18 item 4), so one whose
-- process died can be told from one still working and marked failed with its true counts.
ALTER TABLE "ledger_imports" ADD COLUMN "heartbeat_at" timestamp with time zone;
