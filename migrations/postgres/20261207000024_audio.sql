-- Short clips an organisation records for a message in a language (small Ogg Opus
-- files), so that a member who reads little can listen to the key line of a page.
CREATE TABLE audio_clips (
    org_id BIGINT NOT NULL REFERENCES orgs(id),
    message_id TEXT NOT NULL,
    locale TEXT NOT NULL,
    clip BYTEA NOT NULL,
    created_by BIGINT REFERENCES people(id),
    created_at BIGINT NOT NULL,
    PRIMARY KEY (org_id, message_id, locale)
);
