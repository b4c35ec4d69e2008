-- Who admits an applicant, as the bylaws say: a leader, or the board in a meeting.
ALTER TABLE orgs ADD COLUMN admission TEXT NOT NULL DEFAULT 'leader';
