-- Selling together, its first part: finished goods counted per product, prices per kind
-- of buyer with their history, and market-day sales, each counted once by the id its
-- sheet was opened with.

-- Finished pieces in and out, per product: in from production's last operation at
-- material cost plus piece pay, out when sold at the average cost of what is in.
CREATE TABLE goods_moves (
    id INTEGER PRIMARY KEY,
    org_id BIGINT NOT NULL REFERENCES orgs(id),
    product_id BIGINT NOT NULL REFERENCES products(id),
    quantity BIGINT NOT NULL,
    -- Minor units, the same sign as the quantity.
    value BIGINT NOT NULL,
    source TEXT NOT NULL,
    source_id BIGINT,
    created_at BIGINT NOT NULL
);
CREATE INDEX goods_moves_product ON goods_moves(org_id, product_id);

-- A product's price for a kind of buyer (retail, wholesale, institution) from a day on;
-- every price ever set is kept.
CREATE TABLE prices (
    id INTEGER PRIMARY KEY,
    org_id BIGINT NOT NULL REFERENCES orgs(id),
    product_id BIGINT NOT NULL REFERENCES products(id),
    buyer_kind TEXT NOT NULL,
    price BIGINT NOT NULL,
    valid_from TEXT NOT NULL,
    created_by BIGINT REFERENCES people(id),
    created_at BIGINT NOT NULL
);
CREATE INDEX prices_product ON prices(org_id, product_id, buyer_kind, valid_from);

-- A sale at a market stall or a fair. `client_id` was minted when the sheet was opened:
-- the same id sent again counts once, and with other contents (`digest`) is refused.
CREATE TABLE market_sales (
    id INTEGER PRIMARY KEY,
    org_id BIGINT NOT NULL REFERENCES orgs(id),
    client_id TEXT NOT NULL,
    digest TEXT NOT NULL,
    sold_on TEXT NOT NULL,
    place TEXT NOT NULL,
    till TEXT NOT NULL,
    total BIGINT NOT NULL,
    cost BIGINT NOT NULL,
    entry_id BIGINT REFERENCES journal_entries(id),
    created_by BIGINT REFERENCES people(id),
    created_at BIGINT NOT NULL,
    UNIQUE (org_id, client_id)
);
CREATE INDEX market_sales_day ON market_sales(org_id, sold_on);

CREATE TABLE market_sale_lines (
    id INTEGER PRIMARY KEY,
    org_id BIGINT NOT NULL REFERENCES orgs(id),
    sale_id BIGINT NOT NULL REFERENCES market_sales(id),
    product_id BIGINT NOT NULL REFERENCES products(id),
    quantity BIGINT NOT NULL,
    price BIGINT NOT NULL,
    cost BIGINT NOT NULL
);
CREATE INDEX market_sale_lines_sale ON market_sale_lines(org_id, sale_id);
CREATE INDEX market_sale_lines_product ON market_sale_lines(org_id, product_id);

-- What buyers searched for on a federation's or network's marketplace and did not find,
-- counted by term and month: niches its organisations could fill.
CREATE TABLE market_searches (
    id INTEGER PRIMARY KEY,
    org_id BIGINT NOT NULL REFERENCES orgs(id),
    term TEXT NOT NULL,
    month TEXT NOT NULL,
    times BIGINT NOT NULL,
    UNIQUE (org_id, term, month)
);
