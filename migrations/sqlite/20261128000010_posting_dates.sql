-- Each posting carries its entry's date, so an account's lines come in date order straight
-- from an index (a passbook's newest lines without sorting all of them), and the monthly
-- totals' trigger needs no lookup.
ALTER TABLE postings ADD COLUMN entry_date TEXT NOT NULL DEFAULT '';
UPDATE postings SET entry_date = (SELECT e.entry_date FROM journal_entries e WHERE e.id = postings.entry_id);
CREATE INDEX postings_account_date ON postings(org_id, account_id, entry_date, entry_id);
DROP TRIGGER postings_keep_months;
CREATE TRIGGER postings_keep_months AFTER INSERT ON postings
BEGIN
    INSERT INTO account_months (org_id, account_id, month, closing, amount)
    SELECT NEW.org_id, NEW.account_id, substr(NEW.entry_date, 1, 7), e.source = 'year-end', NEW.amount
    FROM journal_entries e WHERE e.id = NEW.entry_id
    ON CONFLICT (org_id, account_id, month, closing) DO UPDATE SET amount = amount + excluded.amount;
END;
