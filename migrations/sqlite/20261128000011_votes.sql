-- Proposals and votes: one member, one vote. Open ballots keep who chose what (she may
-- change it until closing); secret ballots keep who voted apart from what was voted, and
-- what was voted only as counts per choice, so no row can be joined back to a voter.
CREATE TABLE proposals (
    id INTEGER PRIMARY KEY,
    org_id BIGINT NOT NULL REFERENCES orgs(id),
    title TEXT NOT NULL,
    body TEXT NOT NULL,
    -- yes_no, single, multiple, ranked
    kind TEXT NOT NULL,
    max_choices BIGINT NOT NULL,
    secret BOOLEAN NOT NULL,
    quorum_percent BIGINT NOT NULL,
    -- simple, two_thirds or a percent
    threshold TEXT NOT NULL,
    threshold_percent BIGINT NOT NULL,
    -- open, closed
    status TEXT NOT NULL,
    opened_on TEXT NOT NULL,
    closes_on TEXT NOT NULL,
    eligible BIGINT NOT NULL,
    passed BOOLEAN,
    winner BIGINT,
    created_by BIGINT REFERENCES people(id),
    closed_by BIGINT REFERENCES people(id),
    created_at BIGINT NOT NULL
);
CREATE INDEX proposals_org ON proposals(org_id, status);

CREATE TABLE proposal_options (
    org_id BIGINT NOT NULL REFERENCES orgs(id),
    proposal_id BIGINT NOT NULL REFERENCES proposals(id),
    position BIGINT NOT NULL,
    label TEXT NOT NULL,
    PRIMARY KEY (proposal_id, position)
);

-- The members who may vote: those active when voting opened.
CREATE TABLE proposal_voters (
    org_id BIGINT NOT NULL REFERENCES orgs(id),
    proposal_id BIGINT NOT NULL REFERENCES proposals(id),
    member_id BIGINT NOT NULL REFERENCES memberships(id),
    voted BOOLEAN NOT NULL DEFAULT FALSE,
    PRIMARY KEY (proposal_id, member_id)
);

-- Open ballots: her choice, as option positions in order ("2,0,1").
CREATE TABLE open_ballots (
    org_id BIGINT NOT NULL REFERENCES orgs(id),
    proposal_id BIGINT NOT NULL REFERENCES proposals(id),
    member_id BIGINT NOT NULL REFERENCES memberships(id),
    choice TEXT NOT NULL,
    PRIMARY KEY (proposal_id, member_id)
);

-- Secret ballots: how many chose each choice; no voter, no time.
CREATE TABLE secret_ballots (
    org_id BIGINT NOT NULL REFERENCES orgs(id),
    proposal_id BIGINT NOT NULL REFERENCES proposals(id),
    choice TEXT NOT NULL,
    ballots BIGINT NOT NULL,
    PRIMARY KEY (proposal_id, choice)
);

-- Hands or paper counted in the room, added to the online votes, with who recorded them.
CREATE TABLE room_counts (
    id INTEGER PRIMARY KEY,
    org_id BIGINT NOT NULL REFERENCES orgs(id),
    proposal_id BIGINT NOT NULL REFERENCES proposals(id),
    position BIGINT NOT NULL,
    votes BIGINT NOT NULL,
    recorded_by BIGINT REFERENCES people(id),
    created_at BIGINT NOT NULL
);
