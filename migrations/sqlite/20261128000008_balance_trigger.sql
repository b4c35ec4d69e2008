-- Running balances follow every posting inside the database, in the same statement's
-- transaction, so no write path can forget them and posting costs one round trip less.
CREATE TRIGGER postings_keep_balances AFTER INSERT ON postings
BEGIN
    INSERT INTO account_balances (org_id, account_id, balance) VALUES (NEW.org_id, NEW.account_id, NEW.amount)
    ON CONFLICT (org_id, account_id) DO UPDATE SET balance = balance + excluded.balance;
END;
