-- How many members a meeting called, counted when it was called: its quorum is a share
-- of them, not of whoever is active on the day the page is read (a member admitted
-- later moved "0 / 54" to "0 / 55").
ALTER TABLE meetings ADD COLUMN called BIGINT;
