-- Finding an account's children quickly (posting refuses group accounts).
CREATE INDEX accounts_parent ON accounts(parent_id);
