//! The SQL of producing together.

use crate::db::{DbResult, Tx, now};
use crate::on_conn;

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct WageRow {
    pub id: i64,
    pub region: String,
    pub skill: String,
    pub per_day: i64,
    pub minutes_per_day: i64,
    pub valid_from: String,
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ProductRow {
    pub id: i64,
    pub code: String,
    pub name: String,
    pub region: String,
    pub efficiency_pct: i64,
    pub has_photo: bool,
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct MaterialRow {
    pub product_id: i64,
    pub article_id: i64,
    pub article: String,
    pub unit: String,
    pub per_piece_milli: i64,
    pub waste_bp: i64,
    pub pack_size: i64,
    pub pack_price: i64,
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct OperationRow {
    pub id: i64,
    pub product_id: i64,
    pub seq: i64,
    pub name: String,
    pub skill: String,
    pub sam_centi: i64,
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct RateRow {
    pub id: i64,
    pub operation_id: i64,
    pub rate: i64,
    pub fair_rate: i64,
    pub reason: String,
    pub valid_from: String,
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct OrderRow {
    pub id: i64,
    pub product_id: i64,
    pub product: String,
    pub quantity: i64,
    pub due_on: String,
    pub buyer: String,
    pub buyer_ref: String,
    pub pay_within_days: i64,
    pub status: String,
}

/// A lot with its operation, its member, and what she handed in so far.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct LotRow {
    pub id: i64,
    pub order_id: i64,
    pub product: String,
    pub operation_id: i64,
    pub op_seq: i64,
    pub op_name: String,
    pub member_id: i64,
    pub member_number: String,
    pub member_name: String,
    pub quantity: i64,
    pub rate: i64,
    pub due_on: String,
    pub status: String,
    pub accepted: i64,
    pub rejected: i64,
}

impl LotRow {
    pub fn open(&self) -> bool {
        self.status == "open"
    }
    /// Pieces still to come back: neither accepted nor rejected yet.
    pub fn outstanding(&self) -> i64 {
        if self.open() {
            (self.quantity - self.accepted - self.rejected).max(0)
        } else {
            0
        }
    }
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct LotMaterialRow {
    pub lot_id: i64,
    pub article_id: i64,
    pub article: String,
    pub unit: String,
    pub issued_milli: i64,
    pub issued_value: i64,
    pub returned_milli: i64,
    pub returned_value: i64,
    pub wasted_milli: i64,
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct HandInRow {
    pub id: i64,
    pub lot_id: i64,
    pub member_id: i64,
    pub handed_on: String,
    pub accepted: i64,
    pub rejected: i64,
    pub rework: i64,
    pub reason: String,
    pub rate: i64,
    pub earned: i64,
    pub minutes_worked: Option<i64>,
    pub topup: i64,
    pub due_on: String,
    pub pay_run_id: Option<i64>,
    pub paid_on: Option<String>,
    /// Who recorded it.
    pub entered_by: Option<String>,
}

impl HandInRow {
    /// What she is owed for it: the pieces' earnings and any top-up to the time rate.
    pub fn pay(&self) -> i64 {
        self.earned + self.topup
    }
}

/// What one member is owed for hand-ins not yet paid.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct OwedRow {
    pub member_id: i64,
    pub member_number: String,
    pub name: String,
    pub amount: i64,
    pub oldest_due: String,
    pub hand_ins: i64,
}

// Wages.

pub async fn wages(tx: &mut Tx, org_id: i64) -> DbResult<Vec<WageRow>> {
    Ok(on_conn!(tx, c => sqlx::query_as::<_, WageRow>(
        "SELECT id, region, skill, per_day, minutes_per_day, valid_from FROM minimum_wages WHERE org_id = $1 ORDER BY region, skill, valid_from DESC, id DESC",
    ).bind(org_id).fetch_all(c).await?))
}

pub async fn insert_wage(tx: &mut Tx, org_id: i64, w: &WageRow, by: i64) -> DbResult<i64> {
    Ok(on_conn!(tx, c => sqlx::query_scalar(
        "INSERT INTO minimum_wages (org_id, region, skill, per_day, minutes_per_day, valid_from, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
    ).bind(org_id).bind(w.region.clone()).bind(w.skill.clone()).bind(w.per_day).bind(w.minutes_per_day).bind(w.valid_from.clone()).bind(by).bind(now()).fetch_one(c).await?))
}

/// The wage in force on a day for a region and skill class.
pub async fn wage_on(tx: &mut Tx, org_id: i64, region: &str, skill: &str, on: &str) -> DbResult<Option<WageRow>> {
    Ok(on_conn!(tx, c => sqlx::query_as::<_, WageRow>(
        "SELECT id, region, skill, per_day, minutes_per_day, valid_from FROM minimum_wages WHERE org_id = $1 AND region = $2 AND skill = $3 AND valid_from <= $4 ORDER BY valid_from DESC, id DESC LIMIT 1",
    ).bind(org_id).bind(region.to_string()).bind(skill.to_string()).bind(on.to_string()).fetch_optional(c).await?))
}

// Products.

macro_rules! product_select {
    () => {
        "SELECT id, code, name, region, efficiency_pct, photo IS NOT NULL AS has_photo FROM products "
    };
}

pub async fn products(tx: &mut Tx, org_id: i64) -> DbResult<Vec<ProductRow>> {
    Ok(
        on_conn!(tx, c => sqlx::query_as::<_, ProductRow>(concat!(product_select!(), "WHERE org_id = $1 AND active ORDER BY name, id"))
        .bind(org_id).fetch_all(c).await?),
    )
}

pub async fn product(tx: &mut Tx, org_id: i64, id: i64) -> DbResult<Option<ProductRow>> {
    Ok(
        on_conn!(tx, c => sqlx::query_as::<_, ProductRow>(concat!(product_select!(), "WHERE org_id = $1 AND id = $2"))
        .bind(org_id).bind(id).fetch_optional(c).await?),
    )
}

pub async fn insert_product(
    tx: &mut Tx,
    org_id: i64,
    code: &str,
    name: &str,
    region: &str,
    efficiency_pct: i64,
) -> DbResult<i64> {
    Ok(on_conn!(tx, c => sqlx::query_scalar(
        "INSERT INTO products (org_id, code, name, region, efficiency_pct, created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    ).bind(org_id).bind(code.to_string()).bind(name.to_string()).bind(region.to_string()).bind(efficiency_pct).bind(now()).fetch_one(c).await?))
}

pub async fn product_code_taken(tx: &mut Tx, org_id: i64, code: &str) -> DbResult<bool> {
    let n: i64 = on_conn!(tx, c => sqlx::query_scalar("SELECT COUNT(*) FROM products WHERE org_id = $1 AND code = $2")
        .bind(org_id).bind(code.to_string()).fetch_one(c).await?);
    Ok(n > 0)
}

pub async fn set_photo(tx: &mut Tx, org_id: i64, id: i64, photo: &[u8]) -> DbResult<()> {
    on_conn!(tx, c => sqlx::query("UPDATE products SET photo = $3 WHERE org_id = $1 AND id = $2")
        .bind(org_id).bind(id).bind(photo.to_vec()).execute(c).await?.rows_affected());
    Ok(())
}

pub async fn photo(tx: &mut Tx, org_id: i64, id: i64) -> DbResult<Option<Vec<u8>>> {
    Ok(on_conn!(tx, c => sqlx::query_scalar::<_, Option<Vec<u8>>>("SELECT photo FROM products WHERE org_id = $1 AND id = $2")
        .bind(org_id).bind(id).fetch_optional(c).await?).flatten())
}

pub async fn materials(tx: &mut Tx, org_id: i64, product_id: Option<i64>) -> DbResult<Vec<MaterialRow>> {
    Ok(on_conn!(tx, c => sqlx::query_as::<_, MaterialRow>(
        "SELECT pm.product_id, pm.article_id, a.name AS article, a.unit, pm.per_piece_milli, pm.waste_bp, a.pack_size, a.pack_price \
         FROM product_materials pm JOIN articles a ON a.id = pm.article_id AND a.org_id = pm.org_id \
         WHERE pm.org_id = $1 AND ($2 IS NULL OR pm.product_id = $2) ORDER BY pm.product_id, a.name",
    ).bind(org_id).bind(product_id).fetch_all(c).await?))
}

pub async fn put_material(
    tx: &mut Tx,
    org_id: i64,
    product_id: i64,
    article_id: i64,
    per_piece: i64,
    waste_bp: i64,
) -> DbResult<()> {
    on_conn!(tx, c => sqlx::query(
        "INSERT INTO product_materials (org_id, product_id, article_id, per_piece_milli, waste_bp) VALUES ($1, $2, $3, $4, $5) \
         ON CONFLICT (product_id, article_id) DO UPDATE SET per_piece_milli = excluded.per_piece_milli, waste_bp = excluded.waste_bp",
    ).bind(org_id).bind(product_id).bind(article_id).bind(per_piece).bind(waste_bp).execute(c).await?.rows_affected());
    Ok(())
}

pub async fn operations(tx: &mut Tx, org_id: i64, product_id: Option<i64>) -> DbResult<Vec<OperationRow>> {
    Ok(on_conn!(tx, c => sqlx::query_as::<_, OperationRow>(
        "SELECT id, product_id, seq, name, skill, sam_centi FROM operations WHERE org_id = $1 AND ($2 IS NULL OR product_id = $2) ORDER BY product_id, seq",
    ).bind(org_id).bind(product_id).fetch_all(c).await?))
}

pub async fn operation(tx: &mut Tx, org_id: i64, id: i64) -> DbResult<Option<OperationRow>> {
    Ok(on_conn!(tx, c => sqlx::query_as::<_, OperationRow>(
        "SELECT id, product_id, seq, name, skill, sam_centi FROM operations WHERE org_id = $1 AND id = $2",
    ).bind(org_id).bind(id).fetch_optional(c).await?))
}

pub async fn insert_operation(
    tx: &mut Tx,
    org_id: i64,
    product_id: i64,
    name: &str,
    skill: &str,
    sam_centi: i64,
) -> DbResult<i64> {
    let seq: i64 = on_conn!(tx, c => sqlx::query_scalar("SELECT COALESCE(MAX(seq), 0) + 1 FROM operations WHERE org_id = $1 AND product_id = $2")
        .bind(org_id).bind(product_id).fetch_one(c).await?);
    Ok(on_conn!(tx, c => sqlx::query_scalar(
        "INSERT INTO operations (org_id, product_id, seq, name, skill, sam_centi, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
    ).bind(org_id).bind(product_id).bind(seq).bind(name.to_string()).bind(skill.to_string()).bind(sam_centi).bind(now()).fetch_one(c).await?))
}

/// Every rate of the organisation's operations, newest first within each.
pub async fn rates(tx: &mut Tx, org_id: i64) -> DbResult<Vec<RateRow>> {
    Ok(on_conn!(tx, c => sqlx::query_as::<_, RateRow>(
        "SELECT id, operation_id, rate, fair_rate, reason, valid_from FROM operation_rates WHERE org_id = $1 ORDER BY operation_id, valid_from DESC, id DESC",
    ).bind(org_id).fetch_all(c).await?))
}

/// The rate in force on a day.
pub async fn rate_on(tx: &mut Tx, org_id: i64, operation_id: i64, on: &str) -> DbResult<Option<RateRow>> {
    Ok(on_conn!(tx, c => sqlx::query_as::<_, RateRow>(
        "SELECT id, operation_id, rate, fair_rate, reason, valid_from FROM operation_rates WHERE org_id = $1 AND operation_id = $2 AND valid_from <= $3 ORDER BY valid_from DESC, id DESC LIMIT 1",
    ).bind(org_id).bind(operation_id).bind(on.to_string()).fetch_optional(c).await?))
}

pub async fn insert_rate(tx: &mut Tx, org_id: i64, r: &RateRow, by: i64) -> DbResult<i64> {
    Ok(on_conn!(tx, c => sqlx::query_scalar(
        "INSERT INTO operation_rates (org_id, operation_id, rate, fair_rate, reason, valid_from, set_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
    ).bind(org_id).bind(r.operation_id).bind(r.rate).bind(r.fair_rate).bind(r.reason.clone()).bind(r.valid_from.clone()).bind(by).bind(now()).fetch_one(c).await?))
}

// Orders.

macro_rules! order_select {
    () => {
        "SELECT o.id, o.product_id, p.name AS product, o.quantity, o.due_on, o.buyer, o.buyer_ref, o.pay_within_days, o.status \
         FROM production_orders o JOIN products p ON p.id = o.product_id AND p.org_id = o.org_id "
    };
}

pub async fn orders(tx: &mut Tx, org_id: i64) -> DbResult<Vec<OrderRow>> {
    Ok(
        on_conn!(tx, c => sqlx::query_as::<_, OrderRow>(concat!(order_select!(), "WHERE o.org_id = $1 ORDER BY o.status DESC, o.due_on, o.id"))
        .bind(org_id).fetch_all(c).await?),
    )
}

pub async fn order(tx: &mut Tx, org_id: i64, id: i64) -> DbResult<Option<OrderRow>> {
    Ok(
        on_conn!(tx, c => sqlx::query_as::<_, OrderRow>(concat!(order_select!(), "WHERE o.org_id = $1 AND o.id = $2"))
        .bind(org_id).bind(id).fetch_optional(c).await?),
    )
}

#[allow(clippy::too_many_arguments)]
pub async fn insert_order(
    tx: &mut Tx,
    org_id: i64,
    product_id: i64,
    quantity: i64,
    due_on: &str,
    buyer: &str,
    buyer_ref: &str,
    pay_within_days: i64,
    by: i64,
) -> DbResult<i64> {
    Ok(on_conn!(tx, c => sqlx::query_scalar(
        "INSERT INTO production_orders (org_id, product_id, quantity, due_on, buyer, buyer_ref, pay_within_days, status, created_by, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, 'open', $8, $9) RETURNING id",
    ).bind(org_id).bind(product_id).bind(quantity).bind(due_on.to_string()).bind(buyer.to_string()).bind(buyer_ref.to_string())
    .bind(pay_within_days).bind(by).bind(now()).fetch_one(c).await?))
}

/// Moves an order from one status to another; false when it was not in `from`.
pub async fn set_order_status(tx: &mut Tx, org_id: i64, id: i64, from: &str, to: &str) -> DbResult<bool> {
    let n = on_conn!(tx, c => sqlx::query("UPDATE production_orders SET status = $4 WHERE org_id = $1 AND id = $2 AND status = $3")
        .bind(org_id).bind(id).bind(from.to_string()).bind(to.to_string()).execute(c).await?.rows_affected());
    Ok(n == 1)
}

// Lots.

macro_rules! lot_select {
    () => {
        "SELECT l.id, l.order_id, p.name AS product, l.operation_id, op.seq AS op_seq, op.name AS op_name, l.member_id, m.member_number, m.name AS member_name, \
         l.quantity, l.rate, l.due_on, l.status, \
         CAST(COALESCE((SELECT SUM(h.accepted) FROM hand_ins h WHERE h.org_id = l.org_id AND h.lot_id = l.id), 0) AS BIGINT) AS accepted, \
         CAST(COALESCE((SELECT SUM(h.rejected) FROM hand_ins h WHERE h.org_id = l.org_id AND h.lot_id = l.id), 0) AS BIGINT) AS rejected \
         FROM work_lots l JOIN operations op ON op.id = l.operation_id AND op.org_id = l.org_id \
         JOIN products p ON p.id = op.product_id AND p.org_id = l.org_id \
         JOIN memberships m ON m.id = l.member_id AND m.org_id = l.org_id "
    };
}

pub async fn lots_of_order(tx: &mut Tx, org_id: i64, order_id: i64) -> DbResult<Vec<LotRow>> {
    Ok(
        on_conn!(tx, c => sqlx::query_as::<_, LotRow>(concat!(lot_select!(), "WHERE l.org_id = $1 AND l.order_id = $2 ORDER BY op.seq, l.id"))
        .bind(org_id).bind(order_id).fetch_all(c).await?),
    )
}

/// A member's lots, newest first, at most `limit`.
pub async fn lots_of_member(tx: &mut Tx, org_id: i64, member_id: i64, limit: i64) -> DbResult<Vec<LotRow>> {
    Ok(
        on_conn!(tx, c => sqlx::query_as::<_, LotRow>(concat!(lot_select!(), "WHERE l.org_id = $1 AND l.member_id = $2 ORDER BY l.id DESC LIMIT $3"))
        .bind(org_id).bind(member_id).bind(limit).fetch_all(c).await?),
    )
}

pub async fn lot(tx: &mut Tx, org_id: i64, id: i64) -> DbResult<Option<LotRow>> {
    Ok(
        on_conn!(tx, c => sqlx::query_as::<_, LotRow>(concat!(lot_select!(), "WHERE l.org_id = $1 AND l.id = $2"))
        .bind(org_id).bind(id).fetch_optional(c).await?),
    )
}

/// Locks the lot's row for the rest of the transaction on PostgreSQL (SQLite's writer is
/// one at a time already), so two hand-ins cannot both fit what the lot holds.
pub async fn lock_lot(tx: &mut Tx, org_id: i64, id: i64) -> DbResult<()> {
    on_conn!(tx, c => sqlx::query("UPDATE work_lots SET status = status WHERE org_id = $1 AND id = $2")
        .bind(org_id).bind(id).execute(c).await?.rows_affected());
    Ok(())
}

#[allow(clippy::too_many_arguments)]
pub async fn insert_lot(
    tx: &mut Tx,
    org_id: i64,
    order_id: i64,
    operation_id: i64,
    member_id: i64,
    quantity: i64,
    rate: i64,
    due_on: &str,
    by: i64,
) -> DbResult<i64> {
    Ok(on_conn!(tx, c => sqlx::query_scalar(
        "INSERT INTO work_lots (org_id, order_id, operation_id, member_id, quantity, rate, due_on, status, created_by, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, 'open', $8, $9) RETURNING id",
    ).bind(org_id).bind(order_id).bind(operation_id).bind(member_id).bind(quantity).bind(rate).bind(due_on.to_string()).bind(by).bind(now())
    .fetch_one(c).await?))
}

pub async fn close_lot(tx: &mut Tx, org_id: i64, id: i64) -> DbResult<bool> {
    let n = on_conn!(tx, c => sqlx::query("UPDATE work_lots SET status = 'closed' WHERE org_id = $1 AND id = $2 AND status = 'open'")
        .bind(org_id).bind(id).execute(c).await?.rows_affected());
    Ok(n == 1)
}

pub async fn lot_materials(tx: &mut Tx, org_id: i64, lot_ids: &[i64]) -> DbResult<Vec<LotMaterialRow>> {
    if lot_ids.is_empty() {
        return Ok(vec![]);
    }
    let ids = lot_ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",");
    // The ids are integers of our own making: nothing typed reaches this text.
    let sql = format!(
        "SELECT lm.lot_id, lm.article_id, a.name AS article, a.unit, lm.issued_milli, lm.issued_value, lm.returned_milli, lm.returned_value, lm.wasted_milli \
         FROM lot_materials lm JOIN articles a ON a.id = lm.article_id AND a.org_id = lm.org_id WHERE lm.org_id = $1 AND lm.lot_id IN ({ids}) ORDER BY lm.lot_id, a.name"
    );
    Ok(
        on_conn!(tx, c => sqlx::query_as::<_, LotMaterialRow>(sqlx::AssertSqlSafe(sql)).bind(org_id).fetch_all(c).await?),
    )
}

/// Adds an issue of material to a lot.
pub async fn issue_material(
    tx: &mut Tx,
    org_id: i64,
    lot_id: i64,
    article_id: i64,
    milli: i64,
    value: i64,
) -> DbResult<()> {
    on_conn!(tx, c => sqlx::query(
        "INSERT INTO lot_materials (org_id, lot_id, article_id, issued_milli, issued_value) VALUES ($1, $2, $3, $4, $5) \
         ON CONFLICT (lot_id, article_id) DO UPDATE SET issued_milli = lot_materials.issued_milli + excluded.issued_milli, issued_value = lot_materials.issued_value + excluded.issued_value",
    ).bind(org_id).bind(lot_id).bind(article_id).bind(milli).bind(value).execute(c).await?.rows_affected());
    Ok(())
}

/// Adds material returned (with what it gives back) and wasted to a lot's counts.
pub async fn return_material(
    tx: &mut Tx,
    org_id: i64,
    lot_id: i64,
    article_id: i64,
    returned: i64,
    value: i64,
    wasted: i64,
) -> DbResult<()> {
    on_conn!(tx, c => sqlx::query(
        "UPDATE lot_materials SET returned_milli = returned_milli + $4, returned_value = returned_value + $5, wasted_milli = wasted_milli + $6 \
         WHERE org_id = $1 AND lot_id = $2 AND article_id = $3",
    ).bind(org_id).bind(lot_id).bind(article_id).bind(returned).bind(value).bind(wasted).execute(c).await?.rows_affected());
    Ok(())
}

/// Pieces of an order per operation: (operation, taken by lots, accepted, rejected).
pub async fn order_progress(tx: &mut Tx, org_id: i64, order_id: i64) -> DbResult<Vec<(i64, i64, i64, i64)>> {
    Ok(on_conn!(tx, c => sqlx::query_as::<_, (i64, i64, i64, i64)>(
        "SELECT l.operation_id, \
         CAST(COALESCE(SUM(CASE WHEN l.status = 'open' THEN l.quantity ELSE COALESCE(h.acc, 0) + COALESCE(h.rej, 0) END), 0) AS BIGINT), \
         CAST(COALESCE(SUM(COALESCE(h.acc, 0)), 0) AS BIGINT), CAST(COALESCE(SUM(COALESCE(h.rej, 0)), 0) AS BIGINT) \
         FROM work_lots l LEFT JOIN (SELECT lot_id, SUM(accepted) AS acc, SUM(rejected) AS rej FROM hand_ins WHERE org_id = $1 GROUP BY lot_id) h ON h.lot_id = l.id \
         WHERE l.org_id = $1 AND l.order_id = $2 GROUP BY l.operation_id",
    ).bind(org_id).bind(order_id).fetch_all(c).await?))
}

// Hand-ins.

macro_rules! hand_in_select {
    () => {
        "SELECT h.id, h.lot_id, h.member_id, h.handed_on, h.accepted, h.rejected, h.rework, h.reason, h.rate, h.earned, h.minutes_worked, h.topup, \
         h.due_on, h.pay_run_id, h.paid_on, pe.name AS entered_by FROM hand_ins h LEFT JOIN people pe ON pe.id = h.entered_by "
    };
}

pub async fn hand_ins_of_lots(tx: &mut Tx, org_id: i64, lot_ids: &[i64]) -> DbResult<Vec<HandInRow>> {
    if lot_ids.is_empty() {
        return Ok(vec![]);
    }
    let ids = lot_ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",");
    // The ids are integers of our own making: nothing typed reaches this text.
    let sql = format!(
        concat!(
            hand_in_select!(),
            "WHERE h.org_id = $1 AND h.lot_id IN ({}) ORDER BY h.id"
        ),
        ids
    );
    Ok(on_conn!(tx, c => sqlx::query_as::<_, HandInRow>(sqlx::AssertSqlSafe(sql)).bind(org_id).fetch_all(c).await?))
}

pub async fn hand_in(tx: &mut Tx, org_id: i64, id: i64) -> DbResult<Option<HandInRow>> {
    Ok(
        on_conn!(tx, c => sqlx::query_as::<_, HandInRow>(concat!(hand_in_select!(), "WHERE h.org_id = $1 AND h.id = $2"))
        .bind(org_id).bind(id).fetch_optional(c).await?),
    )
}

/// A member's hand-ins, newest first, at most `limit`.
pub async fn hand_ins_of_member(tx: &mut Tx, org_id: i64, member_id: i64, limit: i64) -> DbResult<Vec<HandInRow>> {
    Ok(
        on_conn!(tx, c => sqlx::query_as::<_, HandInRow>(concat!(hand_in_select!(), "WHERE h.org_id = $1 AND h.member_id = $2 ORDER BY h.id DESC LIMIT $3"))
        .bind(org_id).bind(member_id).bind(limit).fetch_all(c).await?),
    )
}

pub async fn unpaid_of_member(tx: &mut Tx, org_id: i64, member_id: i64) -> DbResult<Vec<HandInRow>> {
    Ok(
        on_conn!(tx, c => sqlx::query_as::<_, HandInRow>(concat!(hand_in_select!(), "WHERE h.org_id = $1 AND h.member_id = $2 AND h.pay_run_id IS NULL AND h.earned + h.topup > 0 ORDER BY h.due_on, h.id"))
        .bind(org_id).bind(member_id).fetch_all(c).await?),
    )
}

#[allow(clippy::too_many_arguments)]
pub async fn insert_hand_in(tx: &mut Tx, org_id: i64, lot: &LotRow, h: &HandInRow, by: i64) -> DbResult<i64> {
    Ok(on_conn!(tx, c => sqlx::query_scalar(
        "INSERT INTO hand_ins (org_id, lot_id, member_id, handed_on, accepted, rejected, rework, reason, rate, earned, minutes_worked, topup, due_on, entered_by, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) RETURNING id",
    ).bind(org_id).bind(lot.id).bind(lot.member_id).bind(h.handed_on.clone()).bind(h.accepted).bind(h.rejected).bind(h.rework)
    .bind(h.reason.clone()).bind(h.rate).bind(h.earned).bind(h.minutes_worked).bind(h.topup).bind(h.due_on.clone()).bind(by).bind(now())
    .fetch_one(c).await?))
}

pub async fn set_hand_in_entry(tx: &mut Tx, org_id: i64, id: i64, entry_id: i64) -> DbResult<()> {
    on_conn!(tx, c => sqlx::query("UPDATE hand_ins SET entry_id = $3 WHERE org_id = $1 AND id = $2")
        .bind(org_id).bind(id).bind(entry_id).execute(c).await?.rows_affected());
    Ok(())
}

/// What each member is owed, oldest due first; `member` narrows it to one.
pub async fn owed(tx: &mut Tx, org_id: i64, member: Option<i64>) -> DbResult<Vec<OwedRow>> {
    Ok(on_conn!(tx, c => sqlx::query_as::<_, OwedRow>(
        "SELECT h.member_id, m.member_number, m.name, CAST(SUM(h.earned + h.topup) AS BIGINT) AS amount, MIN(h.due_on) AS oldest_due, COUNT(*) AS hand_ins \
         FROM hand_ins h JOIN memberships m ON m.id = h.member_id AND m.org_id = h.org_id \
         WHERE h.org_id = $1 AND h.pay_run_id IS NULL AND h.earned + h.topup > 0 AND ($2 IS NULL OR h.member_id = $2) \
         GROUP BY h.member_id, m.member_number, m.name ORDER BY MIN(h.due_on), m.member_number",
    ).bind(org_id).bind(member).fetch_all(c).await?))
}

/// Pieces accepted and pay earned per operation of an order: (operation, accepted, pay).
pub async fn order_pay_by_operation(tx: &mut Tx, org_id: i64, order_id: i64) -> DbResult<Vec<(i64, i64, i64)>> {
    Ok(on_conn!(tx, c => sqlx::query_as::<_, (i64, i64, i64)>(
        "SELECT l.operation_id, CAST(COALESCE(SUM(h.accepted), 0) AS BIGINT), CAST(COALESCE(SUM(h.earned + h.topup), 0) AS BIGINT) FROM hand_ins h \
         JOIN work_lots l ON l.id = h.lot_id AND l.org_id = h.org_id WHERE h.org_id = $1 AND l.order_id = $2 GROUP BY l.operation_id",
    ).bind(org_id).bind(order_id).fetch_all(c).await?))
}

// Pay.

pub async fn insert_pay_run(
    tx: &mut Tx,
    org_id: i64,
    paid_on: &str,
    members: i64,
    total: i64,
    by: i64,
) -> DbResult<i64> {
    Ok(on_conn!(tx, c => sqlx::query_scalar(
        "INSERT INTO pay_runs (org_id, paid_on, members, total, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    ).bind(org_id).bind(paid_on.to_string()).bind(members).bind(total).bind(by).bind(now()).fetch_one(c).await?))
}

pub async fn set_pay_run_entry(tx: &mut Tx, org_id: i64, id: i64, entry_id: i64) -> DbResult<()> {
    on_conn!(tx, c => sqlx::query("UPDATE pay_runs SET entry_id = $3 WHERE org_id = $1 AND id = $2")
        .bind(org_id).bind(id).bind(entry_id).execute(c).await?.rows_affected());
    Ok(())
}

pub async fn insert_pay_line(
    tx: &mut Tx,
    org_id: i64,
    run: i64,
    member_id: i64,
    how: &str,
    amount: i64,
) -> DbResult<()> {
    on_conn!(tx, c => sqlx::query("INSERT INTO pay_lines (org_id, pay_run_id, member_id, how, amount) VALUES ($1, $2, $3, $4, $5)")
        .bind(org_id).bind(run).bind(member_id).bind(how.to_string()).bind(amount).execute(c).await?.rows_affected());
    Ok(())
}

/// Marks a member's unpaid hand-ins paid by a run; answers how many it marked. Only
/// hand-ins unpaid at this moment are taken, so a second run pays nothing twice.
pub async fn mark_paid(tx: &mut Tx, org_id: i64, member_id: i64, run: i64, paid_on: &str) -> DbResult<u64> {
    Ok(on_conn!(tx, c => sqlx::query(
        "UPDATE hand_ins SET pay_run_id = $3, paid_on = $4 WHERE org_id = $1 AND member_id = $2 AND pay_run_id IS NULL AND earned + topup > 0",
    ).bind(org_id).bind(member_id).bind(run).bind(paid_on.to_string()).execute(c).await?.rows_affected()))
}

/// The way a member took her last pay.
pub async fn last_how(tx: &mut Tx, org_id: i64) -> DbResult<Vec<(i64, String)>> {
    Ok(on_conn!(tx, c => sqlx::query_as::<_, (i64, String)>(
        "SELECT member_id, how FROM pay_lines pl WHERE org_id = $1 AND pay_run_id = (SELECT MAX(pay_run_id) FROM pay_lines x WHERE x.org_id = pl.org_id AND x.member_id = pl.member_id)",
    ).bind(org_id).fetch_all(c).await?))
}

// Who produced what.

/// One line of production in a period: product, operation, member, pieces and pay, and
/// the hand-ins' standard minutes and lateness.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct WorkLine {
    pub product: String,
    pub region: String,
    pub operation: String,
    pub skill: String,
    pub sam_centi: i64,
    pub member_number: String,
    pub member_name: String,
    pub accepted: i64,
    pub rejected: i64,
    pub pay: i64,
    pub handed_on: String,
    pub due_on: String,
    pub paid_on: Option<String>,
}

pub async fn work_lines(tx: &mut Tx, org_id: i64, from: &str, through: &str) -> DbResult<Vec<WorkLine>> {
    Ok(on_conn!(tx, c => sqlx::query_as::<_, WorkLine>(
        "SELECT p.name AS product, p.region, op.name AS operation, op.skill, op.sam_centi, m.member_number, m.name AS member_name, h.accepted, h.rejected, \
         h.earned + h.topup AS pay, h.handed_on, h.due_on, h.paid_on \
         FROM hand_ins h JOIN work_lots l ON l.id = h.lot_id AND l.org_id = h.org_id \
         JOIN operations op ON op.id = l.operation_id AND op.org_id = h.org_id JOIN products p ON p.id = op.product_id AND p.org_id = h.org_id \
         JOIN memberships m ON m.id = h.member_id AND m.org_id = h.org_id \
         WHERE h.org_id = $1 AND h.handed_on >= $2 AND h.handed_on <= $3 ORDER BY p.name, op.seq, m.member_number, h.id",
    ).bind(org_id).bind(from.to_string()).bind(through.to_string()).fetch_all(c).await?))
}

/// Every material count of lots handed in within the period's orders: for the variance.
pub async fn lots_in_period(tx: &mut Tx, org_id: i64, from: &str, through: &str) -> DbResult<Vec<i64>> {
    Ok(on_conn!(tx, c => sqlx::query_scalar(
        "SELECT DISTINCT l.order_id FROM work_lots l JOIN hand_ins h ON h.lot_id = l.id AND h.org_id = l.org_id WHERE l.org_id = $1 AND h.handed_on >= $2 AND h.handed_on <= $3",
    ).bind(org_id).bind(from.to_string()).bind(through.to_string()).fetch_all(c).await?))
}

pub async fn add_material_to_goods(tx: &mut Tx, org_id: i64, order_id: i64, value: i64) -> DbResult<()> {
    on_conn!(tx, c => sqlx::query("UPDATE production_orders SET material_to_goods = material_to_goods + $3 WHERE org_id = $1 AND id = $2")
        .bind(org_id).bind(order_id).bind(value).execute(c).await?.rows_affected());
    Ok(())
}

pub async fn material_to_goods(tx: &mut Tx, org_id: i64, order_id: i64) -> DbResult<i64> {
    Ok(
        on_conn!(tx, c => sqlx::query_scalar("SELECT material_to_goods FROM production_orders WHERE org_id = $1 AND id = $2")
        .bind(org_id).bind(order_id).fetch_one(c).await?),
    )
}

/// An order's materials by article, net of returns: (article, thousandths, value).
pub async fn order_materials(tx: &mut Tx, org_id: i64, order_id: i64) -> DbResult<Vec<(i64, i64, i64)>> {
    Ok(on_conn!(tx, c => sqlx::query_as::<_, (i64, i64, i64)>(
        "SELECT lm.article_id, CAST(SUM(lm.issued_milli - lm.returned_milli) AS BIGINT), CAST(SUM(lm.issued_value - lm.returned_value) AS BIGINT) \
         FROM lot_materials lm JOIN work_lots l ON l.id = lm.lot_id AND l.org_id = lm.org_id WHERE lm.org_id = $1 AND l.order_id = $2 GROUP BY lm.article_id",
    ).bind(org_id).bind(order_id).fetch_all(c).await?))
}

// Finished goods, per product.

pub async fn insert_goods_move(
    tx: &mut Tx,
    org_id: i64,
    product_id: i64,
    quantity: i64,
    value: i64,
    source: &str,
    source_id: i64,
) -> DbResult<()> {
    on_conn!(tx, c => sqlx::query(
        "INSERT INTO goods_moves (org_id, product_id, quantity, value, source, source_id, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)")
        .bind(org_id).bind(product_id).bind(quantity).bind(value).bind(source).bind(source_id).bind(now())
        .execute(c).await?.rows_affected());
    Ok(())
}

/// Finished pieces on hand and what they are worth, per product that ever had any.
pub async fn goods_on_hand(tx: &mut Tx, org_id: i64, product_id: Option<i64>) -> DbResult<Vec<(i64, i64, i64)>> {
    // Two statements, so that one product's stock is read through its index.
    Ok(match product_id {
        Some(id) => on_conn!(tx, c => sqlx::query_as(
            "SELECT product_id, CAST(SUM(quantity) AS BIGINT), CAST(SUM(value) AS BIGINT) FROM goods_moves \
             WHERE org_id = $1 AND product_id = $2 GROUP BY product_id")
            .bind(org_id).bind(id).fetch_all(c).await?),
        None => on_conn!(tx, c => sqlx::query_as(
            "SELECT product_id, CAST(SUM(quantity) AS BIGINT), CAST(SUM(value) AS BIGINT) FROM goods_moves \
             WHERE org_id = $1 GROUP BY product_id ORDER BY product_id")
            .bind(org_id).fetch_all(c).await?),
    })
}
