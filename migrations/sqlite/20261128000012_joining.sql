-- Joining: what an applicant said she will take in shares, and every change of a member's
-- status with its date and reason, kept as history.
ALTER TABLE memberships ADD COLUMN applied_shares BIGINT NOT NULL DEFAULT 0;
CREATE TABLE member_status_history (
    id INTEGER PRIMARY KEY,
    org_id BIGINT NOT NULL REFERENCES orgs(id),
    member_id BIGINT NOT NULL REFERENCES memberships(id),
    status TEXT NOT NULL,
    on_date TEXT NOT NULL,
    reason TEXT NOT NULL,
    changed_by BIGINT REFERENCES people(id),
    created_at BIGINT NOT NULL
);
CREATE INDEX member_status_history_member ON member_status_history(org_id, member_id);
