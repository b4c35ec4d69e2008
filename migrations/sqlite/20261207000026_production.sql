-- Producing together: products with their bill of materials and route of operations,
-- minimum wages and the piece rates set against them, production orders split into
-- work lots for members, the materials issued with each lot, the hand-ins, and the
-- pay of what she handed in. Quantities of material are in thousandths of the
-- article's unit (a metre's millimetres, a kilogram's grams): a kurta takes 2.25 m.

-- The bylaws' promise: days from a hand-in to its pay (0: paid on receipt).
ALTER TABLE orgs ADD COLUMN pay_within_days BIGINT NOT NULL DEFAULT 0;

-- Raw material that came in or went out other than through a purchase round: bought
-- outside a round, issued to a member's lot, returned from it.
CREATE TABLE stock_moves (
    id INTEGER PRIMARY KEY,
    org_id BIGINT NOT NULL REFERENCES orgs(id),
    article_id BIGINT NOT NULL REFERENCES articles(id),
    quantity_milli BIGINT NOT NULL,
    -- Minor units, the same sign as the quantity.
    value BIGINT NOT NULL,
    source TEXT NOT NULL,
    source_id BIGINT,
    created_at BIGINT NOT NULL
);
CREATE INDEX stock_moves_article ON stock_moves(org_id, article_id);

CREATE TABLE minimum_wages (
    id INTEGER PRIMARY KEY,
    org_id BIGINT NOT NULL REFERENCES orgs(id),
    region TEXT NOT NULL,
    skill TEXT NOT NULL,
    -- Minor units for a day's work of `minutes_per_day`.
    per_day BIGINT NOT NULL,
    minutes_per_day BIGINT NOT NULL,
    valid_from TEXT NOT NULL,
    created_by BIGINT REFERENCES people(id),
    created_at BIGINT NOT NULL
);
CREATE INDEX minimum_wages_org ON minimum_wages(org_id, region, skill, valid_from);

CREATE TABLE products (
    id INTEGER PRIMARY KEY,
    org_id BIGINT NOT NULL REFERENCES orgs(id),
    code TEXT NOT NULL,
    name TEXT NOT NULL,
    -- The minimum-wage region its work is paid under.
    region TEXT NOT NULL,
    -- The expected efficiency of an average worker, percent (100 = the standard minutes).
    efficiency_pct BIGINT NOT NULL DEFAULT 100,
    photo BLOB,
    active BOOLEAN NOT NULL DEFAULT TRUE,
    created_at BIGINT NOT NULL,
    UNIQUE (org_id, code)
);

CREATE TABLE product_materials (
    org_id BIGINT NOT NULL REFERENCES orgs(id),
    product_id BIGINT NOT NULL REFERENCES products(id),
    article_id BIGINT NOT NULL REFERENCES articles(id),
    per_piece_milli BIGINT NOT NULL,
    -- The waste allowed, basis points of what the pieces use.
    waste_bp BIGINT NOT NULL,
    PRIMARY KEY (product_id, article_id)
);

CREATE TABLE operations (
    id INTEGER PRIMARY KEY,
    org_id BIGINT NOT NULL REFERENCES orgs(id),
    product_id BIGINT NOT NULL REFERENCES products(id),
    seq BIGINT NOT NULL,
    name TEXT NOT NULL,
    -- The minimum wage's skill class the operation is paid under.
    skill TEXT NOT NULL,
    -- Standard minutes per piece, in hundredths of a minute.
    sam_centi BIGINT NOT NULL,
    created_at BIGINT NOT NULL,
    UNIQUE (product_id, seq)
);

-- Every rate an operation has had; the newest valid on a day is the one in force.
CREATE TABLE operation_rates (
    id INTEGER PRIMARY KEY,
    org_id BIGINT NOT NULL REFERENCES orgs(id),
    operation_id BIGINT NOT NULL REFERENCES operations(id),
    rate BIGINT NOT NULL,
    -- The fair rate when it was set (0: no minimum wage known then).
    fair_rate BIGINT NOT NULL,
    -- Why a rate below the fair one was set.
    reason TEXT NOT NULL,
    valid_from TEXT NOT NULL,
    set_by BIGINT REFERENCES people(id),
    created_at BIGINT NOT NULL
);
CREATE INDEX operation_rates_op ON operation_rates(org_id, operation_id, valid_from);

CREATE TABLE production_orders (
    id INTEGER PRIMARY KEY,
    org_id BIGINT NOT NULL REFERENCES orgs(id),
    product_id BIGINT NOT NULL REFERENCES products(id),
    quantity BIGINT NOT NULL,
    due_on TEXT NOT NULL,
    -- Empty for stock.
    buyer TEXT NOT NULL,
    buyer_ref TEXT NOT NULL,
    -- The promise to members: days from a hand-in to its pay (0: on receipt).
    pay_within_days BIGINT NOT NULL,
    -- open, closed
    status TEXT NOT NULL,
    -- What the materials of its finished pieces moved into finished goods, minor units:
    -- at closing, the rest of its materials' value is what rejects and waste used.
    material_to_goods BIGINT NOT NULL DEFAULT 0,
    created_by BIGINT REFERENCES people(id),
    created_at BIGINT NOT NULL
);
CREATE INDEX production_orders_org ON production_orders(org_id, status);

CREATE TABLE work_lots (
    id INTEGER PRIMARY KEY,
    org_id BIGINT NOT NULL REFERENCES orgs(id),
    order_id BIGINT NOT NULL REFERENCES production_orders(id),
    operation_id BIGINT NOT NULL REFERENCES operations(id),
    member_id BIGINT NOT NULL REFERENCES memberships(id),
    quantity BIGINT NOT NULL,
    -- The rate promised when the lot was given; a later raise applies, a cut does not.
    rate BIGINT NOT NULL,
    due_on TEXT NOT NULL,
    -- open, closed
    status TEXT NOT NULL,
    created_by BIGINT REFERENCES people(id),
    created_at BIGINT NOT NULL
);
CREATE INDEX work_lots_order ON work_lots(org_id, order_id);
CREATE INDEX work_lots_member ON work_lots(org_id, member_id, id);

CREATE TABLE lot_materials (
    org_id BIGINT NOT NULL REFERENCES orgs(id),
    lot_id BIGINT NOT NULL REFERENCES work_lots(id),
    article_id BIGINT NOT NULL REFERENCES articles(id),
    issued_milli BIGINT NOT NULL,
    -- What the issue cost, minor units.
    issued_value BIGINT NOT NULL,
    returned_milli BIGINT NOT NULL DEFAULT 0,
    returned_value BIGINT NOT NULL DEFAULT 0,
    wasted_milli BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (lot_id, article_id)
);

CREATE TABLE hand_ins (
    id INTEGER PRIMARY KEY,
    org_id BIGINT NOT NULL REFERENCES orgs(id),
    lot_id BIGINT NOT NULL REFERENCES work_lots(id),
    member_id BIGINT NOT NULL REFERENCES memberships(id),
    handed_on TEXT NOT NULL,
    accepted BIGINT NOT NULL,
    rejected BIGINT NOT NULL,
    rework BIGINT NOT NULL,
    reason TEXT NOT NULL,
    -- The rate in force at the hand-in, and what the accepted pieces earned at it.
    rate BIGINT NOT NULL,
    earned BIGINT NOT NULL,
    -- Minutes she says she worked, when recorded, and the top-up to the time rate.
    minutes_worked BIGINT,
    topup BIGINT NOT NULL DEFAULT 0,
    due_on TEXT NOT NULL,
    entry_id BIGINT REFERENCES journal_entries(id),
    pay_run_id BIGINT,
    paid_on TEXT,
    entered_by BIGINT REFERENCES people(id),
    created_at BIGINT NOT NULL
);
CREATE INDEX hand_ins_lot ON hand_ins(org_id, lot_id);
CREATE INDEX hand_ins_member ON hand_ins(org_id, member_id, id);
CREATE INDEX hand_ins_unpaid ON hand_ins(org_id, due_on) WHERE pay_run_id IS NULL;

-- A pay day: what many members were paid in one entry (or one member's pay).
CREATE TABLE pay_runs (
    id INTEGER PRIMARY KEY,
    org_id BIGINT NOT NULL REFERENCES orgs(id),
    paid_on TEXT NOT NULL,
    entry_id BIGINT REFERENCES journal_entries(id),
    members BIGINT NOT NULL,
    total BIGINT NOT NULL,
    created_by BIGINT REFERENCES people(id),
    created_at BIGINT NOT NULL
);

-- How each member of a pay run was paid: cash, mobile, savings or loan.
CREATE TABLE pay_lines (
    org_id BIGINT NOT NULL REFERENCES orgs(id),
    pay_run_id BIGINT NOT NULL REFERENCES pay_runs(id),
    member_id BIGINT NOT NULL REFERENCES memberships(id),
    how TEXT NOT NULL,
    amount BIGINT NOT NULL,
    PRIMARY KEY (pay_run_id, member_id)
);
CREATE INDEX pay_lines_member ON pay_lines(org_id, member_id);
