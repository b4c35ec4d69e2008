-- Buying together: suppliers, articles with their price history, purchase rounds, the
-- members' requests, the order by article, allocations to members and collections.
ALTER TABLE orgs ADD COLUMN purchase_margin_bp BIGINT NOT NULL DEFAULT 500;

CREATE TABLE suppliers (
    id INTEGER PRIMARY KEY,
    org_id BIGINT NOT NULL REFERENCES orgs(id),
    name TEXT NOT NULL,
    contact TEXT NOT NULL,
    terms TEXT NOT NULL,
    -- The smallest order the supplier takes, minor units (0 = none).
    min_order BIGINT NOT NULL DEFAULT 0,
    -- Another organisation on this Tejido (a federation's supply service).
    supplier_org_id BIGINT REFERENCES orgs(id),
    created_at BIGINT NOT NULL
);
CREATE INDEX suppliers_org ON suppliers(org_id);

CREATE TABLE articles (
    id INTEGER PRIMARY KEY,
    org_id BIGINT NOT NULL REFERENCES orgs(id),
    supplier_id BIGINT NOT NULL REFERENCES suppliers(id),
    code TEXT NOT NULL,
    name TEXT NOT NULL,
    -- piece, metre, kilogram, reel, packet
    unit TEXT NOT NULL,
    pack_size BIGINT NOT NULL,
    -- Minor units for one pack.
    pack_price BIGINT NOT NULL,
    -- The fewest packs the supplier sells.
    min_packs BIGINT NOT NULL,
    category TEXT NOT NULL,
    -- What one unit costs a member buying alone, minor units.
    retail_price BIGINT NOT NULL,
    active BOOLEAN NOT NULL DEFAULT TRUE,
    created_at BIGINT NOT NULL,
    UNIQUE (org_id, supplier_id, code)
);

CREATE TABLE article_prices (
    id INTEGER PRIMARY KEY,
    org_id BIGINT NOT NULL REFERENCES orgs(id),
    article_id BIGINT NOT NULL REFERENCES articles(id),
    pack_price BIGINT NOT NULL,
    retail_price BIGINT NOT NULL,
    from_date TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX article_prices_article ON article_prices(org_id, article_id);

CREATE TABLE purchase_rounds (
    id INTEGER PRIMARY KEY,
    org_id BIGINT NOT NULL REFERENCES orgs(id),
    title TEXT NOT NULL,
    -- draft, open, closed, ordered, received, distributed, settled
    status TEXT NOT NULL,
    closes_on TEXT NOT NULL,
    collection_on TEXT NOT NULL,
    collection_place TEXT NOT NULL,
    margin_bp BIGINT NOT NULL,
    -- first_come, proportional
    rule TEXT NOT NULL,
    keep_partial BOOLEAN NOT NULL,
    invoice_entry_id BIGINT REFERENCES journal_entries(id),
    payment_entry_id BIGINT REFERENCES journal_entries(id),
    created_by BIGINT REFERENCES people(id),
    created_at BIGINT NOT NULL
);
CREATE INDEX purchase_rounds_org ON purchase_rounds(org_id, status);

CREATE TABLE round_suppliers (
    org_id BIGINT NOT NULL REFERENCES orgs(id),
    round_id BIGINT NOT NULL REFERENCES purchase_rounds(id),
    supplier_id BIGINT NOT NULL REFERENCES suppliers(id),
    PRIMARY KEY (round_id, supplier_id)
);

CREATE TABLE purchase_requests (
    org_id BIGINT NOT NULL REFERENCES orgs(id),
    round_id BIGINT NOT NULL REFERENCES purchase_rounds(id),
    member_id BIGINT NOT NULL REFERENCES memberships(id),
    article_id BIGINT NOT NULL REFERENCES articles(id),
    quantity BIGINT NOT NULL,
    tolerance BIGINT NOT NULL,
    -- When she first asked: earlier requests are served first under that rule.
    asked_seq BIGINT NOT NULL,
    entered_by BIGINT REFERENCES people(id),
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (round_id, member_id, article_id)
);
CREATE INDEX purchase_requests_order ON purchase_requests(round_id, asked_seq);

-- The order, one line per article, with what came.
CREATE TABLE round_lines (
    org_id BIGINT NOT NULL REFERENCES orgs(id),
    round_id BIGINT NOT NULL REFERENCES purchase_rounds(id),
    article_id BIGINT NOT NULL REFERENCES articles(id),
    pack_size BIGINT NOT NULL,
    pack_price BIGINT NOT NULL,
    packs BIGINT NOT NULL,
    units_received BIGINT,
    pack_price_received BIGINT,
    PRIMARY KEY (round_id, article_id)
);

-- What each member gets of each article: planned at closing, then as received.
CREATE TABLE allocations (
    org_id BIGINT NOT NULL REFERENCES orgs(id),
    round_id BIGINT NOT NULL REFERENCES purchase_rounds(id),
    member_id BIGINT NOT NULL REFERENCES memberships(id),
    article_id BIGINT NOT NULL REFERENCES articles(id),
    planned BIGINT NOT NULL,
    units BIGINT NOT NULL,
    PRIMARY KEY (round_id, member_id, article_id)
);

-- A member's share collected and charged: one entry, her charge, and the retail price.
CREATE TABLE collections (
    org_id BIGINT NOT NULL REFERENCES orgs(id),
    round_id BIGINT NOT NULL REFERENCES purchase_rounds(id),
    member_id BIGINT NOT NULL REFERENCES memberships(id),
    entry_id BIGINT REFERENCES journal_entries(id),
    -- account (her receivable) or a till
    paid TEXT NOT NULL,
    charge BIGINT NOT NULL,
    retail BIGINT NOT NULL,
    collected_on TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (round_id, member_id)
);
CREATE INDEX collections_member ON collections(org_id, member_id);
