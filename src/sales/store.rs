//! The SQL of selling together.

use crate::db::{DbResult, Tx, now};
use crate::on_conn;

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct PriceRow {
    pub id: i64,
    pub product_id: i64,
    pub buyer_kind: String,
    pub price: i64,
    pub valid_from: String,
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct SaleRow {
    pub id: i64,
    pub client_id: String,
    pub digest: String,
    pub sold_on: String,
    pub place: String,
    pub till: String,
    pub total: i64,
    pub cost: i64,
}

/// What a day's sales came to, per product: pieces and money.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct SoldRow {
    pub product_id: i64,
    pub pieces: i64,
    pub amount: i64,
}

pub async fn insert_price(
    tx: &mut Tx,
    org_id: i64,
    product_id: i64,
    kind: &str,
    price: i64,
    valid_from: &str,
    by: i64,
) -> DbResult<i64> {
    Ok(on_conn!(tx, c => sqlx::query_scalar(
        "INSERT INTO prices (org_id, product_id, buyer_kind, price, valid_from, created_by, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id")
        .bind(org_id).bind(product_id).bind(kind).bind(price).bind(valid_from).bind(by).bind(now())
        .fetch_one(c).await?))
}

/// Every price ever set, newest first within each product and kind.
pub async fn prices(tx: &mut Tx, org_id: i64) -> DbResult<Vec<PriceRow>> {
    Ok(on_conn!(tx, c => sqlx::query_as(
        "SELECT id, product_id, buyer_kind, price, valid_from FROM prices WHERE org_id = $1 \
         ORDER BY product_id, buyer_kind, valid_from DESC, id DESC")
        .bind(org_id).fetch_all(c).await?))
}

pub async fn sale_by_client_id(tx: &mut Tx, org_id: i64, client_id: &str) -> DbResult<Option<SaleRow>> {
    Ok(on_conn!(tx, c => sqlx::query_as(
        "SELECT id, client_id, digest, sold_on, place, till, total, cost FROM market_sales \
         WHERE org_id = $1 AND client_id = $2")
        .bind(org_id).bind(client_id).fetch_optional(c).await?))
}

pub async fn insert_sale(tx: &mut Tx, org_id: i64, s: &SaleRow, by: i64) -> DbResult<i64> {
    Ok(on_conn!(tx, c => sqlx::query_scalar(
        "INSERT INTO market_sales (org_id, client_id, digest, sold_on, place, till, total, cost, created_by, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id")
        .bind(org_id).bind(&s.client_id).bind(&s.digest).bind(&s.sold_on).bind(&s.place).bind(&s.till)
        .bind(s.total).bind(s.cost).bind(by).bind(now())
        .fetch_one(c).await?))
}

pub async fn insert_sale_line(
    tx: &mut Tx,
    org_id: i64,
    sale_id: i64,
    product_id: i64,
    pieces: i64,
    price: i64,
    cost: i64,
) -> DbResult<()> {
    on_conn!(tx, c => sqlx::query(
        "INSERT INTO market_sale_lines (org_id, sale_id, product_id, quantity, price, cost) VALUES ($1, $2, $3, $4, $5, $6)")
        .bind(org_id).bind(sale_id).bind(product_id).bind(pieces).bind(price).bind(cost)
        .execute(c).await?.rows_affected());
    Ok(())
}

/// Ties a day's sales entered in this transaction (the only ones without an entry) to
/// the entry that posted them.
pub async fn set_sales_entry(tx: &mut Tx, org_id: i64, day: &str, entry_id: i64) -> DbResult<()> {
    on_conn!(tx, c => sqlx::query("UPDATE market_sales SET entry_id = $3 WHERE org_id = $1 AND sold_on = $2 AND entry_id IS NULL")
        .bind(org_id).bind(day).bind(entry_id).execute(c).await?.rows_affected());
    Ok(())
}

/// A day's sales, newest first.
pub async fn sales_on(tx: &mut Tx, org_id: i64, day: &str) -> DbResult<Vec<SaleRow>> {
    Ok(on_conn!(tx, c => sqlx::query_as(
        "SELECT id, client_id, digest, sold_on, place, till, total, cost FROM market_sales \
         WHERE org_id = $1 AND sold_on = $2 ORDER BY id DESC")
        .bind(org_id).bind(day).fetch_all(c).await?))
}

/// A day's sales per product.
pub async fn sold_on(tx: &mut Tx, org_id: i64, day: &str) -> DbResult<Vec<SoldRow>> {
    Ok(on_conn!(tx, c => sqlx::query_as(
        "SELECT l.product_id, CAST(SUM(l.quantity) AS BIGINT) AS pieces, CAST(SUM(l.quantity * l.price) AS BIGINT) AS amount \
         FROM market_sale_lines l JOIN market_sales s ON s.id = l.sale_id AND s.org_id = l.org_id \
         WHERE l.org_id = $1 AND s.sold_on = $2 GROUP BY l.product_id ORDER BY l.product_id")
        .bind(org_id).bind(day).fetch_all(c).await?))
}

/// Every product's price in force on a day for a kind of buyer, in one read.
pub async fn prices_on(tx: &mut Tx, org_id: i64, kind: &str, day: &str) -> DbResult<Vec<(i64, i64)>> {
    Ok(on_conn!(tx, c => sqlx::query_as(
        "SELECT p.product_id, p.price FROM prices p WHERE p.org_id = $1 AND p.buyer_kind = $2 AND p.valid_from <= $3 \
         AND NOT EXISTS (SELECT 1 FROM prices q WHERE q.org_id = p.org_id AND q.product_id = p.product_id \
           AND q.buyer_kind = p.buyer_kind AND q.valid_from <= $3 \
           AND (q.valid_from > p.valid_from OR (q.valid_from = p.valid_from AND q.id > p.id)))")
        .bind(org_id).bind(kind).bind(day).fetch_all(c).await?))
}

/// Counts a search that found nothing on a marketplace, once more this month.
pub async fn count_unmet_search(tx: &mut Tx, org_id: i64, term: &str, month: &str) -> DbResult<()> {
    on_conn!(tx, c => sqlx::query(
        "INSERT INTO market_searches (org_id, term, month, times) VALUES ($1, $2, $3, 1) \
         ON CONFLICT (org_id, term, month) DO UPDATE SET times = market_searches.times + 1")
        .bind(org_id).bind(term).bind(month).execute(c).await?.rows_affected());
    Ok(())
}

/// The searches that found nothing on these marketplaces since a month: (term, month, times),
/// most asked first.
pub async fn unmet_searches(tx: &mut Tx, org_ids: &[i64], since: &str) -> DbResult<Vec<(String, String, i64)>> {
    let mut out: Vec<(String, String, i64)> = vec![];
    for id in org_ids {
        let rows: Vec<(String, String, i64)> = on_conn!(tx, c => sqlx::query_as(
            "SELECT term, month, times FROM market_searches WHERE org_id = $1 AND month >= $2 ORDER BY times DESC, term LIMIT 20")
            .bind(id).bind(since).fetch_all(c).await?);
        out.extend(rows);
    }
    out.sort_by(|a, b| b.2.cmp(&a.2).then_with(|| a.0.cmp(&b.0)));
    out.truncate(20);
    Ok(out)
}

/// Sales per product in a period: pieces, revenue, cost, the last day sold.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ProductSales {
    pub product_id: i64,
    pub pieces: i64,
    pub revenue: i64,
    pub cost: i64,
    pub last_sold: String,
}

pub async fn product_sales(tx: &mut Tx, org_id: i64, from: &str, through: &str) -> DbResult<Vec<ProductSales>> {
    Ok(on_conn!(tx, c => sqlx::query_as(
        "SELECT l.product_id, CAST(SUM(l.quantity) AS BIGINT) AS pieces, CAST(SUM(l.quantity * l.price) AS BIGINT) AS revenue, \
         CAST(SUM(l.cost) AS BIGINT) AS cost, MAX(s.sold_on) AS last_sold \
         FROM market_sale_lines l JOIN market_sales s ON s.id = l.sale_id AND s.org_id = l.org_id \
         WHERE l.org_id = $1 AND s.sold_on >= $2 AND s.sold_on <= $3 GROUP BY l.product_id")
        .bind(org_id).bind(from).bind(through).fetch_all(c).await?))
}

/// Each product's last day sold, ever (through a day).
pub async fn last_sold(tx: &mut Tx, org_id: i64, through: &str) -> DbResult<Vec<(i64, String)>> {
    Ok(on_conn!(tx, c => sqlx::query_as(
        "SELECT l.product_id, MAX(s.sold_on) FROM market_sale_lines l JOIN market_sales s ON s.id = l.sale_id AND s.org_id = l.org_id \
         WHERE l.org_id = $1 AND s.sold_on <= $2 GROUP BY l.product_id")
        .bind(org_id).bind(through).fetch_all(c).await?))
}

/// Sales per month in a period: (month, pieces, revenue), in order.
pub async fn monthly_sales(tx: &mut Tx, org_id: i64, from: &str, through: &str) -> DbResult<Vec<(String, i64, i64)>> {
    Ok(on_conn!(tx, c => sqlx::query_as(
        "SELECT substr(s.sold_on, 1, 7) AS month, CAST(SUM(l.quantity) AS BIGINT), CAST(SUM(l.quantity * l.price) AS BIGINT) \
         FROM market_sale_lines l JOIN market_sales s ON s.id = l.sale_id AND s.org_id = l.org_id \
         WHERE l.org_id = $1 AND s.sold_on >= $2 AND s.sold_on <= $3 GROUP BY substr(s.sold_on, 1, 7) ORDER BY month")
        .bind(org_id).bind(from).bind(through).fetch_all(c).await?))
}

/// A product as a sale needs it: its price for a kind of buyer on a day, and its finished
/// pieces on hand with their value (production's goods moves, read from above).
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ForSale {
    pub price: Option<i64>,
    pub pieces: i64,
    pub value: i64,
}

pub async fn product_for_sale(
    tx: &mut Tx,
    org_id: i64,
    product_id: i64,
    kind: &str,
    day: &str,
) -> DbResult<Option<ForSale>> {
    Ok(on_conn!(tx, c => sqlx::query_as(
        "SELECT (SELECT r.price FROM prices r WHERE r.org_id = p.org_id AND r.product_id = p.id AND r.buyer_kind = $3 \
           AND r.valid_from <= $4 ORDER BY r.valid_from DESC, r.id DESC LIMIT 1) AS price, \
         CAST(COALESCE((SELECT SUM(g.quantity) FROM goods_moves g WHERE g.org_id = p.org_id AND g.product_id = p.id), 0) AS BIGINT) AS pieces, \
         CAST(COALESCE((SELECT SUM(g.value) FROM goods_moves g WHERE g.org_id = p.org_id AND g.product_id = p.id), 0) AS BIGINT) AS value \
         FROM products p WHERE p.org_id = $1 AND p.id = $2")
        .bind(org_id).bind(product_id).bind(kind).bind(day).fetch_optional(c).await?))
}

/// A product on a shopfront's page: what it is, its price and its finished pieces.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ShopRow {
    pub id: i64,
    pub code: String,
    pub name: String,
    pub region: String,
    pub efficiency_pct: i64,
    pub has_photo: bool,
    pub price: i64,
    pub pieces: i64,
}

/// The price in force for a kind of buyer on a day ($2, $3), as a subquery on `p`.
macro_rules! price_of_p {
    () => {
        "(SELECT r.price FROM prices r WHERE r.org_id = p.org_id AND r.product_id = p.id AND r.buyer_kind = $2 \
          AND r.valid_from <= $3 ORDER BY r.valid_from DESC, r.id DESC LIMIT 1)"
    };
}

/// One page of a shopfront, read in the database: the active products with a price of
/// the day whose name or code holds `pattern` (a LIKE pattern, lower case), by name.
pub async fn shop_page(
    tx: &mut Tx,
    org_id: i64,
    kind: &str,
    day: &str,
    pattern: &str,
    limit: i64,
    offset: i64,
) -> DbResult<Vec<ShopRow>> {
    Ok(on_conn!(tx, c => sqlx::query_as(concat!(
        "SELECT p.id, p.code, p.name, p.region, p.efficiency_pct, p.photo IS NOT NULL AS has_photo, ",
        price_of_p!(), " AS price, ",
        "CAST(COALESCE((SELECT SUM(g.quantity) FROM goods_moves g WHERE g.org_id = p.org_id AND g.product_id = p.id), 0) AS BIGINT) AS pieces ",
        "FROM products p WHERE p.org_id = $1 AND p.active AND ", price_of_p!(), " IS NOT NULL ",
        "AND (LOWER(p.name) LIKE $4 ESCAPE '\\' OR LOWER(p.code) LIKE $4 ESCAPE '\\') ",
        "ORDER BY p.name, p.id LIMIT $5 OFFSET $6"))
        .bind(org_id).bind(kind).bind(day).bind(pattern).bind(limit).bind(offset).fetch_all(c).await?))
}

/// How many products `shop_page` would show in all.
pub async fn shop_count(tx: &mut Tx, org_id: i64, kind: &str, day: &str, pattern: &str) -> DbResult<i64> {
    Ok(on_conn!(tx, c => sqlx::query_scalar(concat!(
        "SELECT COUNT(*) FROM products p WHERE p.org_id = $1 AND p.active AND ", price_of_p!(), " IS NOT NULL ",
        "AND (LOWER(p.name) LIKE $4 ESCAPE '\\' OR LOWER(p.code) LIKE $4 ESCAPE '\\')"))
        .bind(org_id).bind(kind).bind(day).bind(pattern).fetch_one(c).await?))
}
