-- Issue 19 item 10: 004 §12 党建工作指导员……每两年轮训1次. The instructor's last training, a fact
-- of the person (recorded from chat or `cli instructors trained`); null = not recorded.
ALTER TABLE "people" ADD COLUMN IF NOT EXISTS "instructor_trained_on" date;
