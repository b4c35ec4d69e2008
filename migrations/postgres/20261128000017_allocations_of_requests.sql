-- An allocation is what a request got at closing, written only by closing and receiving
-- in the same transaction that reads the requests, with the round locked and requests
-- no longer accepted. It keeps no foreign keys: checked row by row, four of them (or one
-- to the request) took 0.7 to 2.2 s of a 5,000-member round's closing on PostgreSQL, for
-- rows that are derived from checked ones. Its primary key still makes it one per request.
ALTER TABLE allocations
    DROP CONSTRAINT allocations_org_id_fkey,
    DROP CONSTRAINT allocations_round_id_fkey,
    DROP CONSTRAINT allocations_member_id_fkey,
    DROP CONSTRAINT allocations_article_id_fkey;
