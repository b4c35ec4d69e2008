-- The revolving loan fund: products, loans and their schedules.
CREATE TABLE loan_products (
    id INTEGER PRIMARY KEY,
    org_id BIGINT NOT NULL REFERENCES orgs(id),
    name TEXT NOT NULL,
    -- flat or declining
    method TEXT NOT NULL,
    -- Yearly rate in basis points (1,200 = 12 %).
    annual_rate_bp BIGINT NOT NULL,
    instalments BIGINT NOT NULL,
    -- weekly or monthly
    frequency TEXT NOT NULL,
    -- A loan may be at most this many times the member's savings, in hundredths (300 = 3×); 0 = no limit.
    max_savings_multiple BIGINT NOT NULL,
    two_approvals BOOLEAN NOT NULL,
    created_at BIGINT NOT NULL
);

CREATE TABLE loans (
    id INTEGER PRIMARY KEY,
    org_id BIGINT NOT NULL REFERENCES orgs(id),
    product_id BIGINT NOT NULL REFERENCES loan_products(id),
    member_id BIGINT NOT NULL REFERENCES memberships(id),
    principal BIGINT NOT NULL,
    purpose TEXT NOT NULL,
    -- applied, approved, disbursed, closed, written_off, rejected
    status TEXT NOT NULL,
    applied_on TEXT NOT NULL,
    first_approver BIGINT REFERENCES people(id),
    second_approver BIGINT REFERENCES people(id),
    disbursed_on TEXT,
    created_at BIGINT NOT NULL
);
CREATE INDEX loans_member ON loans(org_id, member_id);

CREATE TABLE loan_instalments (
    id INTEGER PRIMARY KEY,
    org_id BIGINT NOT NULL REFERENCES orgs(id),
    loan_id BIGINT NOT NULL REFERENCES loans(id),
    n BIGINT NOT NULL,
    due_on TEXT NOT NULL,
    principal BIGINT NOT NULL,
    interest BIGINT NOT NULL,
    paid_principal BIGINT NOT NULL DEFAULT 0,
    paid_interest BIGINT NOT NULL DEFAULT 0,
    UNIQUE (loan_id, n)
);
