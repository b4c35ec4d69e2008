-- The day a loan was approved: it is paid out on or after that day, never before.
ALTER TABLE loans ADD COLUMN approved_on TEXT;
UPDATE loans SET approved_on = COALESCE(disbursed_on, applied_on) WHERE status IN ('approved', 'disbursed', 'closed', 'written_off');

-- What a member added to a request after first asking, and its place in the queue: the
-- raise queues behind requests made before it, her first quantity keeps its place.
ALTER TABLE purchase_requests ADD COLUMN raised_quantity BIGINT NOT NULL DEFAULT 0;
ALTER TABLE purchase_requests ADD COLUMN raised_seq BIGINT;
