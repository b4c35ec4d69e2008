-- Selling together, its second part: what a product is in the catalogue (category, tax
-- code and rate, descriptions in several languages), buyers, orders from a shopfront or
-- a quote for an institution, delivery notes, invoices and credit notes numbered per
-- financial year, buyers' payments, and every sold line as a fact with its monthly sum
-- so market intelligence reads a year of a million lines quickly.

-- What the shopfront and the invoice say of a product beyond production's card.
CREATE TABLE catalogue (
    org_id BIGINT NOT NULL REFERENCES orgs(id),
    product_id BIGINT NOT NULL REFERENCES products(id),
    -- One of a list shared by every organisation, so a network's marketplace can filter.
    category TEXT NOT NULL DEFAULT '',
    -- The tax office's product code (HSN in India), printed on invoices.
    tax_code TEXT NOT NULL DEFAULT '',
    -- The tax rate, basis points (500 = 5 %), when the organisation is registered for tax.
    tax_bp BIGINT NOT NULL DEFAULT 0,
    -- Made when ordered: an order beyond stock goes to production instead of being refused.
    made_to_order BOOLEAN NOT NULL DEFAULT FALSE,
    PRIMARY KEY (org_id, product_id)
);
CREATE INDEX catalogue_category ON catalogue(org_id, category);

-- A product's description in one language.
CREATE TABLE product_texts (
    org_id BIGINT NOT NULL REFERENCES orgs(id),
    product_id BIGINT NOT NULL REFERENCES products(id),
    locale TEXT NOT NULL,
    description TEXT NOT NULL,
    PRIMARY KEY (org_id, product_id, locale)
);

-- What an organisation prints on its invoices.
CREATE TABLE seller_settings (
    org_id BIGINT PRIMARY KEY REFERENCES orgs(id),
    invoice_prefix TEXT NOT NULL,
    tax_id TEXT NOT NULL DEFAULT '',
    tax_registered BOOLEAN NOT NULL DEFAULT FALSE,
    -- The first day of its financial year, MM-DD.
    year_starts TEXT NOT NULL,
    address TEXT NOT NULL DEFAULT ''
);

-- Who buys: a shop, an NGO, a neighbour. A guest is known by her phone.
CREATE TABLE buyers (
    id INTEGER PRIMARY KEY,
    org_id BIGINT NOT NULL REFERENCES orgs(id),
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    phone TEXT,
    tax_id TEXT NOT NULL DEFAULT '',
    address TEXT NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL,
    UNIQUE (org_id, phone)
);

-- A quote or an order. `client_id` was minted when the buyer's form was opened: the
-- same order sent again is found, not made twice.
CREATE TABLE sale_orders (
    id INTEGER PRIMARY KEY,
    org_id BIGINT NOT NULL REFERENCES orgs(id),
    buyer_id BIGINT NOT NULL REFERENCES buyers(id),
    -- shopfront, shop or institution.
    channel TEXT NOT NULL,
    -- quote, placed, confirmed, cancelled.
    status TEXT NOT NULL,
    client_id TEXT,
    ordered_on TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    created_by BIGINT REFERENCES people(id),
    created_at BIGINT NOT NULL,
    UNIQUE (org_id, client_id)
);
CREATE INDEX sale_orders_buyer ON sale_orders(org_id, buyer_id);

CREATE TABLE sale_order_lines (
    id INTEGER PRIMARY KEY,
    org_id BIGINT NOT NULL REFERENCES orgs(id),
    order_id BIGINT NOT NULL REFERENCES sale_orders(id),
    product_id BIGINT NOT NULL REFERENCES products(id),
    quantity BIGINT NOT NULL,
    price BIGINT NOT NULL,
    tax_bp BIGINT NOT NULL,
    delivered BIGINT NOT NULL DEFAULT 0,
    invoiced BIGINT NOT NULL DEFAULT 0,
    -- The production order that makes it, when it was not in stock.
    production_order_id BIGINT REFERENCES production_orders(id)
);
CREATE INDEX sale_order_lines_order ON sale_order_lines(org_id, order_id);

-- A delivery note: goods out of stock at their average cost.
CREATE TABLE deliveries (
    id INTEGER PRIMARY KEY,
    org_id BIGINT NOT NULL REFERENCES orgs(id),
    order_id BIGINT NOT NULL REFERENCES sale_orders(id),
    delivered_on TEXT NOT NULL,
    entry_id BIGINT REFERENCES journal_entries(id),
    created_by BIGINT REFERENCES people(id),
    created_at BIGINT NOT NULL
);
CREATE INDEX deliveries_order ON deliveries(org_id, order_id);

CREATE TABLE delivery_lines (
    id INTEGER PRIMARY KEY,
    org_id BIGINT NOT NULL REFERENCES orgs(id),
    delivery_id BIGINT NOT NULL REFERENCES deliveries(id),
    line_id BIGINT NOT NULL REFERENCES sale_order_lines(id),
    quantity BIGINT NOT NULL,
    cost BIGINT NOT NULL
);
CREATE INDEX delivery_lines_delivery ON delivery_lines(org_id, delivery_id);

-- An invoice or a credit note, numbered consecutively per financial year with the
-- organisation's prefix. Nothing in it is ever edited: a credit note corrects it.
CREATE TABLE invoices (
    id INTEGER PRIMARY KEY,
    org_id BIGINT NOT NULL REFERENCES orgs(id),
    -- invoice or credit.
    kind TEXT NOT NULL,
    number TEXT NOT NULL,
    year_label TEXT NOT NULL,
    seq BIGINT NOT NULL,
    order_id BIGINT NOT NULL REFERENCES sale_orders(id),
    buyer_id BIGINT NOT NULL REFERENCES buyers(id),
    corrects_id BIGINT REFERENCES invoices(id),
    issued_on TEXT NOT NULL,
    net BIGINT NOT NULL,
    tax BIGINT NOT NULL,
    total BIGINT NOT NULL,
    -- What has been paid or credited against it.
    settled BIGINT NOT NULL DEFAULT 0,
    settled_on TEXT,
    entry_id BIGINT REFERENCES journal_entries(id),
    created_by BIGINT REFERENCES people(id),
    created_at BIGINT NOT NULL,
    UNIQUE (org_id, kind, year_label, seq)
);
CREATE INDEX invoices_buyer ON invoices(org_id, buyer_id);

CREATE TABLE invoice_lines (
    id INTEGER PRIMARY KEY,
    org_id BIGINT NOT NULL REFERENCES orgs(id),
    invoice_id BIGINT NOT NULL REFERENCES invoices(id),
    line_id BIGINT NOT NULL REFERENCES sale_order_lines(id),
    product_id BIGINT NOT NULL REFERENCES products(id),
    quantity BIGINT NOT NULL,
    price BIGINT NOT NULL,
    tax_bp BIGINT NOT NULL,
    net BIGINT NOT NULL,
    tax BIGINT NOT NULL,
    cost BIGINT NOT NULL
);
CREATE INDEX invoice_lines_invoice ON invoice_lines(org_id, invoice_id);

-- Money from a buyer: against her invoices, oldest first; beyond them only as an advance.
CREATE TABLE buyer_payments (
    id INTEGER PRIMARY KEY,
    org_id BIGINT NOT NULL REFERENCES orgs(id),
    buyer_id BIGINT NOT NULL REFERENCES buyers(id),
    paid_on TEXT NOT NULL,
    amount BIGINT NOT NULL,
    advance BIGINT NOT NULL,
    till TEXT NOT NULL,
    reference TEXT NOT NULL DEFAULT '',
    entry_id BIGINT REFERENCES journal_entries(id),
    created_by BIGINT REFERENCES people(id),
    created_at BIGINT NOT NULL
);
CREATE INDEX buyer_payments_buyer ON buyer_payments(org_id, buyer_id);

-- Every line sold, whatever the channel: what market intelligence reads.
CREATE TABLE sale_facts (
    id INTEGER PRIMARY KEY,
    org_id BIGINT NOT NULL REFERENCES orgs(id),
    sold_on TEXT NOT NULL,
    product_id BIGINT NOT NULL REFERENCES products(id),
    -- market, shopfront, shop or institution.
    channel TEXT NOT NULL,
    buyer_kind TEXT NOT NULL,
    pieces BIGINT NOT NULL,
    revenue BIGINT NOT NULL,
    cost BIGINT NOT NULL,
    source TEXT NOT NULL,
    source_id BIGINT NOT NULL
);
CREATE INDEX sale_facts_day ON sale_facts(org_id, sold_on);

-- The facts summed per product, month, channel and kind of buyer, kept at each sale.
CREATE TABLE sale_months (
    org_id BIGINT NOT NULL REFERENCES orgs(id),
    product_id BIGINT NOT NULL REFERENCES products(id),
    month TEXT NOT NULL,
    channel TEXT NOT NULL,
    buyer_kind TEXT NOT NULL,
    pieces BIGINT NOT NULL,
    revenue BIGINT NOT NULL,
    cost BIGINT NOT NULL,
    last_day TEXT NOT NULL,
    PRIMARY KEY (org_id, month, product_id, channel, buyer_kind)
);

-- The market-day sales made before this migration, as facts.
INSERT INTO sale_facts (org_id, sold_on, product_id, channel, buyer_kind, pieces, revenue, cost, source, source_id)
SELECT l.org_id, s.sold_on, l.product_id, 'market', 'retail', l.quantity, l.quantity * l.price, l.cost, 'market-sale', s.id
FROM market_sale_lines l JOIN market_sales s ON s.id = l.sale_id AND s.org_id = l.org_id;

INSERT INTO sale_months (org_id, product_id, month, channel, buyer_kind, pieces, revenue, cost, last_day)
SELECT org_id, product_id, substr(sold_on, 1, 7), channel, buyer_kind, SUM(pieces), SUM(revenue), SUM(cost), MAX(sold_on)
FROM sale_facts GROUP BY org_id, product_id, substr(sold_on, 1, 7), channel, buyer_kind;
