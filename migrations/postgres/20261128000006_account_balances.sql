-- Each account's running balance, kept in the same transaction as its postings, so the
-- trial balance of today reads one row per account instead of every posting.
CREATE TABLE account_balances (
    org_id BIGINT NOT NULL REFERENCES orgs(id),
    account_id BIGINT NOT NULL REFERENCES accounts(id),
    balance BIGINT NOT NULL,
    PRIMARY KEY (org_id, account_id)
);
INSERT INTO account_balances (org_id, account_id, balance)
    SELECT org_id, account_id, SUM(amount) FROM postings GROUP BY org_id, account_id;
