-- Notices are delivered: one per event, recipient and channel; retried with backoff; a
-- delivery receipt never moves a status backwards; held through quiet hours and a spent
-- budget, never dropped. `body` holds the message's arguments (JSON); the text is made
-- in her language when it is sent.
ALTER TABLE notices_outbox ADD COLUMN kind TEXT NOT NULL DEFAULT 'meeting-called';
ALTER TABLE notices_outbox ADD COLUMN attempts BIGINT NOT NULL DEFAULT 0;
ALTER TABLE notices_outbox ADD COLUMN next_attempt_at BIGINT NOT NULL DEFAULT 0;
ALTER TABLE notices_outbox ADD COLUMN claimed_until BIGINT NOT NULL DEFAULT 0;
ALTER TABLE notices_outbox ADD COLUMN gateway TEXT NOT NULL DEFAULT '';
ALTER TABLE notices_outbox ADD COLUMN gateway_ref TEXT;
ALTER TABLE notices_outbox ADD COLUMN last_error TEXT NOT NULL DEFAULT '';
ALTER TABLE notices_outbox ADD COLUMN cost_minor BIGINT NOT NULL DEFAULT 0;
ALTER TABLE notices_outbox ADD COLUMN delivered_at BIGINT;
ALTER TABLE notices_outbox ADD COLUMN sent_text TEXT NOT NULL DEFAULT '';
CREATE UNIQUE INDEX notices_outbox_once ON notices_outbox(org_id, kind, subject_id, member_id, channel);
CREATE INDEX notices_outbox_due ON notices_outbox(status, next_attempt_at);
CREATE INDEX notices_outbox_ref ON notices_outbox(gateway, gateway_ref);
DROP INDEX notices_outbox_queued;

-- Her choices per channel: to get nothing, or the whole text even on a shared phone.
CREATE TABLE notice_choices (
    org_id BIGINT NOT NULL REFERENCES orgs(id),
    member_id BIGINT NOT NULL REFERENCES memberships(id),
    channel TEXT NOT NULL,
    opted_out BOOLEAN NOT NULL DEFAULT 0,
    -- NULL: the whole text unless the phone is shared; 1 or 0: what she chose.
    details BOOLEAN,
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (org_id, member_id, channel)
);

-- A STOP replied from a number: the number's holder's choice, whichever organisations
-- know it, so not a tenant row.
CREATE TABLE notice_stops (
    address TEXT NOT NULL,
    channel TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (address, channel)
);

-- What an organisation may spend on messages a month (0: no limit is set), and the
-- template ids its country's rules register (India's DLT, WhatsApp's template names).
CREATE TABLE notice_settings (
    org_id BIGINT PRIMARY KEY REFERENCES orgs(id),
    budget_minor BIGINT NOT NULL DEFAULT 0,
    updated_at BIGINT NOT NULL
);
CREATE TABLE notice_templates (
    org_id BIGINT NOT NULL REFERENCES orgs(id),
    kind TEXT NOT NULL,
    channel TEXT NOT NULL,
    locale TEXT NOT NULL,
    template_id TEXT NOT NULL,
    PRIMARY KEY (org_id, kind, channel, locale)
);
