-- Each posting carries its entry's date, so an account's lines come in date order straight
-- from an index (a passbook's newest lines without sorting all of them).
ALTER TABLE postings ADD COLUMN entry_date TEXT NOT NULL DEFAULT '';
UPDATE postings SET entry_date = e.entry_date FROM journal_entries e WHERE e.id = postings.entry_id;
CREATE INDEX postings_account_date ON postings(org_id, account_id, entry_date, entry_id);
