-- A party org's secretary is looked up by party_org_id (M1 matches each 党课's lecturer against the
-- secretary's name, per party org); without an index every lookup scanned person_roles.
CREATE INDEX "person_roles_party_org_idx" ON "person_roles" USING btree ("party_org_id");
