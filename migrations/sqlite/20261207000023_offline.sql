-- A form kept in a phone's offline outbox and sent when the network returned: its entry
-- says when it was saved there (ms since 1970), so the treasurer sees it came late. Not
-- part of the entry's hash: where it waited is not what it says.
ALTER TABLE journal_entries ADD COLUMN offline_at BIGINT;
