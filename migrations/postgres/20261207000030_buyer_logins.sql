-- A buyer's sign-in: the organisation gives a shop or an NGO a private link; its digest
-- is kept here (never the link), and a new link replaces the old one.
ALTER TABLE buyers ADD COLUMN login_digest TEXT;
CREATE UNIQUE INDEX buyers_login ON buyers(login_digest);
