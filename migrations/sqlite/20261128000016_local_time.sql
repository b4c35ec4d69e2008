-- Each organisation keeps its own time: its days and a round's closing hour are local.
ALTER TABLE orgs ADD COLUMN timezone TEXT NOT NULL DEFAULT 'UTC';
UPDATE orgs SET timezone = CASE country
    WHEN 'IN' THEN 'Asia/Kolkata'
    WHEN 'PH' THEN 'Asia/Manila'
    WHEN 'ET' THEN 'Africa/Addis_Ababa'
    WHEN 'BR' THEN 'America/Sao_Paulo'
    ELSE 'UTC' END;

-- A round closes at a minute of the organisation's clock ("2026-12-01T18:00"), not at
-- the end of a day.
ALTER TABLE purchase_rounds ADD COLUMN closes_at TEXT NOT NULL DEFAULT '';
UPDATE purchase_rounds SET closes_at = closes_on || 'T23:59';
ALTER TABLE purchase_rounds DROP COLUMN closes_on;
