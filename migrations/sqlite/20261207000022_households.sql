-- A phone a household shares: several people log in on one number, each picking her
-- name and then her PIN (4 to 6 digits) or three pictures she chose. The number's
-- holders' row, as people is, not one organisation's: whoever records her in any
-- organisation finds her here by the same phone.
CREATE TABLE household_logins (
    phone TEXT NOT NULL,
    person_id BIGINT NOT NULL REFERENCES people(id),
    pin_hash TEXT,
    pictures_hash TEXT,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (phone, person_id)
);
CREATE INDEX household_logins_person ON household_logins(person_id);
