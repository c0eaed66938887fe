-- Issue 19 item 10: a 党员大会 held as the 换届选举. Its quorum is 4/5 of the members with voting
-- rights (《中国共产党基层组织选举工作条例》), and only a quorate one renews the term.
ALTER TABLE "meetings" ADD COLUMN IF NOT EXISTS "election" boolean DEFAULT false NOT NULL;
