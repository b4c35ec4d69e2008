-- What moved on each account per month (year-end closings apart), kept by a trigger like
-- the running balances, so the monthly charts read months, not every posting.
CREATE TABLE account_months (
    org_id BIGINT NOT NULL REFERENCES orgs(id),
    account_id BIGINT NOT NULL REFERENCES accounts(id),
    month TEXT NOT NULL,
    closing BOOLEAN NOT NULL,
    amount BIGINT NOT NULL,
    PRIMARY KEY (org_id, account_id, month, closing)
);
INSERT INTO account_months (org_id, account_id, month, closing, amount)
    SELECT p.org_id, p.account_id, substr(e.entry_date, 1, 7), e.source = 'year-end', SUM(p.amount)
    FROM postings p JOIN journal_entries e ON e.id = p.entry_id
    GROUP BY p.org_id, p.account_id, substr(e.entry_date, 1, 7), e.source = 'year-end';
CREATE FUNCTION postings_keep_months() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO account_months (org_id, account_id, month, closing, amount)
    SELECT NEW.org_id, NEW.account_id, substr(e.entry_date, 1, 7), e.source = 'year-end', NEW.amount
    FROM journal_entries e WHERE e.id = NEW.entry_id
    ON CONFLICT (org_id, account_id, month, closing) DO UPDATE SET amount = account_months.amount + excluded.amount;
    RETURN NULL;
END;
$$;
CREATE TRIGGER postings_keep_months AFTER INSERT ON postings
    FOR EACH ROW EXECUTE FUNCTION postings_keep_months();
