-- Variants: a size, a colour or a pack of a product is a product of its own (its own
-- code, stock, prices and work), filed in the catalogue under the product that heads its
-- family, so a shopfront shows one card with a choice.
ALTER TABLE catalogue ADD COLUMN family_id BIGINT REFERENCES products(id);
ALTER TABLE catalogue ADD COLUMN variant TEXT NOT NULL DEFAULT '';
CREATE INDEX catalogue_family ON catalogue(org_id, family_id);
