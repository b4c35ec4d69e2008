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

/// New sales written a few hundred a statement: their ids, in the order given.
pub async fn insert_sales(tx: &mut Tx, org_id: i64, sales: &[SaleRow], by: i64) -> DbResult<Vec<i64>> {
    let at = now();
    let mut out = Vec::with_capacity(sales.len());
    for chunk in sales.chunks(400) {
        on_conn!(tx, c => {
            let mut q = sqlx::QueryBuilder::new(
                "INSERT INTO market_sales (org_id, client_id, digest, sold_on, place, till, total, cost, created_by, created_at) ");
            q.push_values(chunk, |mut b, s| {
                b.push_bind(org_id).push_bind(s.client_id.clone()).push_bind(s.digest.clone()).push_bind(s.sold_on.clone())
                    .push_bind(s.place.clone()).push_bind(s.till.clone()).push_bind(s.total).push_bind(s.cost)
                    .push_bind(by).push_bind(at);
            });
            q.build().execute(c).await?.rows_affected()
        });
        // Read back by their ids of the sheet, which are unique: no reliance on the order
        // a multi-row insert returns its rows in.
        let ids: Vec<&str> = chunk.iter().map(|s| s.client_id.as_str()).collect();
        let written: std::collections::HashMap<String, i64> = sales_by_client_ids(tx, org_id, &ids)
            .await?
            .into_iter()
            .map(|s| (s.client_id, s.id))
            .collect();
        for s in chunk {
            out.push(written.get(&s.client_id).copied().ok_or(sqlx::Error::RowNotFound)?);
        }
    }
    Ok(out)
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

/// The market days of a period, a line per day and place: sales, cash, mobile money,
/// total and the cost of the goods sold; newest first.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct MarketDayRow {
    pub sold_on: String,
    pub place: String,
    pub sales: i64,
    pub cash: i64,
    pub mobile: i64,
    pub total: i64,
    pub cost: i64,
}

pub async fn market_days(tx: &mut Tx, org_id: i64, from: &str, through: &str) -> DbResult<Vec<MarketDayRow>> {
    Ok(on_conn!(tx, c => sqlx::query_as(
        "SELECT sold_on, place, CAST(COUNT(*) AS BIGINT) AS sales, \
         CAST(SUM(CASE WHEN till = 'cash' THEN total ELSE 0 END) AS BIGINT) AS cash, \
         CAST(SUM(CASE WHEN till = 'cash' THEN 0 ELSE total END) AS BIGINT) AS mobile, \
         CAST(SUM(total) AS BIGINT) AS total, CAST(SUM(cost) AS BIGINT) AS cost \
         FROM market_sales WHERE org_id = $1 AND sold_on >= $2 AND sold_on <= $3 \
         GROUP BY sold_on, place ORDER BY sold_on DESC, place")
        .bind(org_id).bind(from).bind(through).fetch_all(c).await?))
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

/// The sales already recorded under any of these ids, in one read (a batch of a
/// thousand sales from a phone's queue).
pub async fn sales_by_client_ids(tx: &mut Tx, org_id: i64, ids: &[&str]) -> DbResult<Vec<SaleRow>> {
    let list = serde_json::to_string(ids).unwrap_or_else(|_| "[]".into());
    Ok(if matches!(tx, Tx::Postgres(_)) {
        on_conn!(tx, c => sqlx::query_as(
            "SELECT id, client_id, digest, sold_on, place, till, total, cost FROM market_sales \
             WHERE org_id = $1 AND client_id IN (SELECT value FROM json_array_elements_text(CAST($2 AS json)))")
            .bind(org_id).bind(list).fetch_all(c).await?)
    } else {
        on_conn!(tx, c => sqlx::query_as(
            "SELECT id, client_id, digest, sold_on, place, till, total, cost FROM market_sales \
             WHERE org_id = $1 AND client_id IN (SELECT value FROM json_each($2))")
            .bind(org_id).bind(list).fetch_all(c).await?)
    })
}

/// Products as a sale needs them, in one read: (product, its price for a kind of buyer
/// on a day, its finished pieces on hand and their value, from production's goods
/// moves); products of other organisations are left out.
pub async fn products_for_sale(
    tx: &mut Tx,
    org_id: i64,
    ids: &[i64],
    kind: &str,
    day: &str,
) -> DbResult<Vec<(i64, Option<i64>, i64, i64)>> {
    let list = serde_json::to_string(ids).unwrap_or_else(|_| "[]".into());
    macro_rules! for_sale {
        ($ids:literal) => {
            concat!(
                "SELECT p.id, (SELECT r.price FROM prices r WHERE r.org_id = p.org_id AND r.product_id = p.id AND r.buyer_kind = $3 ",
                "AND r.valid_from <= $4 ORDER BY r.valid_from DESC, r.id DESC LIMIT 1), ",
                "CAST(COALESCE((SELECT SUM(g.quantity) FROM goods_moves g WHERE g.org_id = p.org_id AND g.product_id = p.id), 0) AS BIGINT), ",
                "CAST(COALESCE((SELECT SUM(g.value) FROM goods_moves g WHERE g.org_id = p.org_id AND g.product_id = p.id), 0) AS BIGINT) ",
                "FROM products p WHERE p.org_id = $1 AND p.id IN ", $ids
            )
        };
    }
    Ok(if matches!(tx, Tx::Postgres(_)) {
        on_conn!(tx, c => sqlx::query_as(for_sale!("(SELECT CAST(value AS BIGINT) FROM json_array_elements_text(CAST($2 AS json)))"))
            .bind(org_id).bind(list).bind(kind).bind(day).fetch_all(c).await?)
    } else {
        on_conn!(tx, c => sqlx::query_as(for_sale!("(SELECT value FROM json_each($2))"))
            .bind(org_id).bind(list).bind(kind).bind(day).fetch_all(c).await?)
    })
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
    /// In the reader's language when there is one, else in another.
    pub description: Option<String>,
}

/// The price in force for a kind of buyer on a day ($2, $3), as a subquery on `p`.
macro_rules! price_of_p {
    () => {
        "(SELECT r.price FROM prices r WHERE r.org_id = p.org_id AND r.product_id = p.id AND r.buyer_kind = $2 \
          AND r.valid_from <= $3 ORDER BY r.valid_from DESC, r.id DESC LIMIT 1)"
    };
}

/// Products of the category in a parameter, or of any when it is empty.
/// Products that head their family or stand alone; variants show on their head's card.
macro_rules! heads_only {
    () => {
        "AND NOT EXISTS (SELECT 1 FROM catalogue v WHERE v.org_id = p.org_id AND v.product_id = p.id AND v.family_id IS NOT NULL) "
    };
}

macro_rules! in_category {
    ($n:literal) => {
        concat!(
            "AND (",
            $n,
            " = '' OR EXISTS (SELECT 1 FROM catalogue k WHERE k.org_id = p.org_id ",
            "AND k.product_id = p.id AND k.category = ",
            $n,
            ")) "
        )
    };
}

/// One page of a shopfront, read in the database: the active products with a price of
/// the day whose name or code holds `pattern` (a LIKE pattern, lower case), by name.
#[allow(clippy::too_many_arguments)]
pub async fn shop_page(
    tx: &mut Tx,
    org_id: i64,
    kind: &str,
    day: &str,
    pattern: &str,
    category: &str,
    locale: &str,
    limit: i64,
    offset: i64,
) -> DbResult<Vec<ShopRow>> {
    Ok(on_conn!(tx, c => sqlx::query_as(concat!(
        "SELECT p.id, p.code, p.name, p.region, p.efficiency_pct, p.photo IS NOT NULL AS has_photo, ",
        price_of_p!(), " AS price, ",
        "CAST(COALESCE((SELECT SUM(g.quantity) FROM goods_moves g WHERE g.org_id = p.org_id AND g.product_id = p.id), 0) AS BIGINT) AS pieces, ",
        "(SELECT t.description FROM product_texts t WHERE t.org_id = p.org_id AND t.product_id = p.id ",
        "  ORDER BY CASE WHEN t.locale = $8 THEN 0 ELSE 1 END, t.locale LIMIT 1) AS description ",
        "FROM products p WHERE p.org_id = $1 AND p.active AND ", price_of_p!(), " IS NOT NULL ",
        "AND (LOWER(p.name) LIKE $4 ESCAPE '\\' OR LOWER(p.code) LIKE $4 ESCAPE '\\') ", in_category!("$7"), heads_only!(),
        "ORDER BY p.name, p.id LIMIT $5 OFFSET $6"))
        .bind(org_id).bind(kind).bind(day).bind(pattern).bind(limit).bind(offset).bind(category).bind(locale)
        .fetch_all(c).await?))
}

/// How many products `shop_page` would show in all.
pub async fn shop_count(
    tx: &mut Tx,
    org_id: i64,
    kind: &str,
    day: &str,
    pattern: &str,
    category: &str,
) -> DbResult<i64> {
    Ok(on_conn!(tx, c => sqlx::query_scalar(concat!(
        "SELECT COUNT(*) FROM products p WHERE p.org_id = $1 AND p.active AND ", price_of_p!(), " IS NOT NULL ",
        "AND (LOWER(p.name) LIKE $4 ESCAPE '\\' OR LOWER(p.code) LIKE $4 ESCAPE '\\') ", in_category!("$5"), heads_only!()))
        .bind(org_id).bind(kind).bind(day).bind(pattern).bind(category).fetch_one(c).await?))
}

// The catalogue, the seller's settings and buyers.

#[derive(Debug, Clone, Default, sqlx::FromRow)]
pub struct CatalogueRow {
    pub product_id: i64,
    pub category: String,
    pub tax_code: String,
    pub tax_bp: i64,
    pub made_to_order: bool,
    /// The product that heads its family, when it is a variant of it.
    pub family_id: Option<i64>,
    /// Its size, colour or pack within the family.
    pub variant: String,
}

pub async fn catalogue(tx: &mut Tx, org_id: i64) -> DbResult<Vec<CatalogueRow>> {
    Ok(on_conn!(tx, c => sqlx::query_as(
        "SELECT product_id, category, tax_code, tax_bp, made_to_order, family_id, variant FROM catalogue WHERE org_id = $1 ORDER BY product_id")
        .bind(org_id).fetch_all(c).await?))
}

pub async fn put_catalogue(tx: &mut Tx, org_id: i64, r: &CatalogueRow) -> DbResult<()> {
    on_conn!(tx, c => sqlx::query(
        "INSERT INTO catalogue (org_id, product_id, category, tax_code, tax_bp, made_to_order, family_id, variant) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) \
         ON CONFLICT (org_id, product_id) DO UPDATE SET category = excluded.category, tax_code = excluded.tax_code, \
         tax_bp = excluded.tax_bp, made_to_order = excluded.made_to_order, family_id = excluded.family_id, variant = excluded.variant")
        .bind(org_id).bind(r.product_id).bind(&r.category).bind(&r.tax_code).bind(r.tax_bp).bind(r.made_to_order)
        .bind(r.family_id).bind(&r.variant)
        .execute(c).await?.rows_affected());
    Ok(())
}

/// Every description of the organisation's products: (product, locale, text).
pub async fn texts(tx: &mut Tx, org_id: i64) -> DbResult<Vec<(i64, String, String)>> {
    Ok(on_conn!(tx, c => sqlx::query_as(
        "SELECT product_id, locale, description FROM product_texts WHERE org_id = $1 ORDER BY product_id, locale")
        .bind(org_id).fetch_all(c).await?))
}

/// Sets a product's description in a language; an empty one is taken away.
pub async fn put_text(tx: &mut Tx, org_id: i64, product_id: i64, locale: &str, text: &str) -> DbResult<()> {
    if text.is_empty() {
        on_conn!(tx, c => sqlx::query("DELETE FROM product_texts WHERE org_id = $1 AND product_id = $2 AND locale = $3")
            .bind(org_id).bind(product_id).bind(locale).execute(c).await?.rows_affected());
    } else {
        on_conn!(tx, c => sqlx::query(
            "INSERT INTO product_texts (org_id, product_id, locale, description) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (org_id, product_id, locale) DO UPDATE SET description = excluded.description")
            .bind(org_id).bind(product_id).bind(locale).bind(text).execute(c).await?.rows_affected());
    }
    Ok(())
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct SettingsRow {
    pub invoice_prefix: String,
    pub tax_id: String,
    pub tax_registered: bool,
    pub year_starts: String,
    pub address: String,
}

pub async fn settings(tx: &mut Tx, org_id: i64) -> DbResult<Option<SettingsRow>> {
    Ok(on_conn!(tx, c => sqlx::query_as(
        "SELECT invoice_prefix, tax_id, tax_registered, year_starts, address FROM seller_settings WHERE org_id = $1")
        .bind(org_id).fetch_optional(c).await?))
}

pub async fn put_settings(tx: &mut Tx, org_id: i64, s: &SettingsRow) -> DbResult<()> {
    on_conn!(tx, c => sqlx::query(
        "INSERT INTO seller_settings (org_id, invoice_prefix, tax_id, tax_registered, year_starts, address) VALUES ($1, $2, $3, $4, $5, $6) \
         ON CONFLICT (org_id) DO UPDATE SET invoice_prefix = excluded.invoice_prefix, tax_id = excluded.tax_id, \
         tax_registered = excluded.tax_registered, year_starts = excluded.year_starts, address = excluded.address")
        .bind(org_id).bind(&s.invoice_prefix).bind(&s.tax_id).bind(s.tax_registered).bind(&s.year_starts).bind(&s.address)
        .execute(c).await?.rows_affected());
    Ok(())
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct BuyerRow {
    pub id: i64,
    pub name: String,
    pub kind: String,
    pub phone: Option<String>,
    pub tax_id: String,
    pub address: String,
}

const BUYER: &str = "SELECT id, name, kind, phone, tax_id, address FROM buyers";

/// Gives a buyer a new sign-in (its digest), which ends the one before.
pub async fn set_login(tx: &mut Tx, org_id: i64, id: i64, digest: Option<&str>) -> DbResult<u64> {
    Ok(
        on_conn!(tx, c => sqlx::query("UPDATE buyers SET login_digest = $1 WHERE org_id = $2 AND id = $3")
        .bind(digest).bind(org_id).bind(id).execute(c).await?.rows_affected()),
    )
}

pub async fn buyer_by_login(tx: &mut Tx, org_id: i64, digest: &str) -> DbResult<Option<BuyerRow>> {
    Ok(
        on_conn!(tx, c => sqlx::query_as(sqlx::AssertSqlSafe(format!("{BUYER} WHERE org_id = $1 AND login_digest = $2")))
        .bind(org_id).bind(digest).fetch_optional(c).await?),
    )
}

pub async fn buyers(tx: &mut Tx, org_id: i64) -> DbResult<Vec<BuyerRow>> {
    Ok(
        on_conn!(tx, c => sqlx::query_as(sqlx::AssertSqlSafe(format!("{BUYER} WHERE org_id = $1 ORDER BY name, id")))
        .bind(org_id).fetch_all(c).await?),
    )
}

pub async fn buyer(tx: &mut Tx, org_id: i64, id: i64) -> DbResult<Option<BuyerRow>> {
    Ok(
        on_conn!(tx, c => sqlx::query_as(sqlx::AssertSqlSafe(format!("{BUYER} WHERE org_id = $1 AND id = $2")))
        .bind(org_id).bind(id).fetch_optional(c).await?),
    )
}

pub async fn buyer_by_phone(tx: &mut Tx, org_id: i64, phone: &str) -> DbResult<Option<BuyerRow>> {
    Ok(
        on_conn!(tx, c => sqlx::query_as(sqlx::AssertSqlSafe(format!("{BUYER} WHERE org_id = $1 AND phone = $2")))
        .bind(org_id).bind(phone).fetch_optional(c).await?),
    )
}

pub async fn insert_buyer(tx: &mut Tx, org_id: i64, b: &BuyerRow) -> DbResult<i64> {
    Ok(on_conn!(tx, c => sqlx::query_scalar(
        "INSERT INTO buyers (org_id, name, kind, phone, tax_id, address, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id")
        .bind(org_id).bind(&b.name).bind(&b.kind).bind(&b.phone).bind(&b.tax_id).bind(&b.address).bind(now())
        .fetch_one(c).await?))
}

// Orders, deliveries, invoices and payments.

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct OrderRow {
    pub id: i64,
    pub buyer_id: i64,
    pub buyer_name: String,
    pub channel: String,
    pub status: String,
    pub client_id: Option<String>,
    pub ordered_on: String,
    pub note: String,
}

const ORDER: &str = "SELECT o.id, o.buyer_id, b.name AS buyer_name, o.channel, o.status, o.client_id, o.ordered_on, o.note \
     FROM sale_orders o JOIN buyers b ON b.id = o.buyer_id AND b.org_id = o.org_id";

pub async fn orders(tx: &mut Tx, org_id: i64, buyer: Option<i64>) -> DbResult<Vec<OrderRow>> {
    Ok(on_conn!(tx, c => sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "{ORDER} WHERE o.org_id = $1 AND ($2 IS NULL OR o.buyer_id = $2) ORDER BY o.id DESC LIMIT 200")))
        .bind(org_id).bind(buyer).fetch_all(c).await?))
}

pub async fn order(tx: &mut Tx, org_id: i64, id: i64) -> DbResult<Option<OrderRow>> {
    Ok(
        on_conn!(tx, c => sqlx::query_as(sqlx::AssertSqlSafe(format!("{ORDER} WHERE o.org_id = $1 AND o.id = $2")))
        .bind(org_id).bind(id).fetch_optional(c).await?),
    )
}

pub async fn order_by_client_id(tx: &mut Tx, org_id: i64, client_id: &str) -> DbResult<Option<OrderRow>> {
    Ok(
        on_conn!(tx, c => sqlx::query_as(sqlx::AssertSqlSafe(format!("{ORDER} WHERE o.org_id = $1 AND o.client_id = $2")))
        .bind(org_id).bind(client_id).fetch_optional(c).await?),
    )
}

pub async fn insert_order(tx: &mut Tx, org_id: i64, o: &OrderRow, by: Option<i64>) -> DbResult<i64> {
    Ok(on_conn!(tx, c => sqlx::query_scalar(
        "INSERT INTO sale_orders (org_id, buyer_id, channel, status, client_id, ordered_on, note, created_by, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id")
        .bind(org_id).bind(o.buyer_id).bind(&o.channel).bind(&o.status).bind(&o.client_id).bind(&o.ordered_on)
        .bind(&o.note).bind(by).bind(now())
        .fetch_one(c).await?))
}

pub async fn set_order_status(tx: &mut Tx, org_id: i64, id: i64, status: &str) -> DbResult<()> {
    on_conn!(tx, c => sqlx::query("UPDATE sale_orders SET status = $3 WHERE org_id = $1 AND id = $2")
        .bind(org_id).bind(id).bind(status).execute(c).await?.rows_affected());
    Ok(())
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct OrderLineRow {
    pub id: i64,
    pub order_id: i64,
    pub product_id: i64,
    pub quantity: i64,
    pub price: i64,
    pub tax_bp: i64,
    pub delivered: i64,
    pub invoiced: i64,
    pub production_order_id: Option<i64>,
}

pub async fn order_lines(tx: &mut Tx, org_id: i64, order_id: i64) -> DbResult<Vec<OrderLineRow>> {
    Ok(on_conn!(tx, c => sqlx::query_as(
        "SELECT id, order_id, product_id, quantity, price, tax_bp, delivered, invoiced, production_order_id \
         FROM sale_order_lines WHERE org_id = $1 AND order_id = $2 ORDER BY id")
        .bind(org_id).bind(order_id).fetch_all(c).await?))
}

pub async fn insert_order_line(tx: &mut Tx, org_id: i64, l: &OrderLineRow) -> DbResult<i64> {
    Ok(on_conn!(tx, c => sqlx::query_scalar(
        "INSERT INTO sale_order_lines (org_id, order_id, product_id, quantity, price, tax_bp) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id")
        .bind(org_id).bind(l.order_id).bind(l.product_id).bind(l.quantity).bind(l.price).bind(l.tax_bp)
        .fetch_one(c).await?))
}

/// Adds to a line's delivered and invoiced counts.
pub async fn add_to_line(tx: &mut Tx, org_id: i64, id: i64, delivered: i64, invoiced: i64) -> DbResult<()> {
    on_conn!(tx, c => sqlx::query(
        "UPDATE sale_order_lines SET delivered = delivered + $3, invoiced = invoiced + $4 WHERE org_id = $1 AND id = $2")
        .bind(org_id).bind(id).bind(delivered).bind(invoiced).execute(c).await?.rows_affected());
    Ok(())
}

pub async fn link_production(tx: &mut Tx, org_id: i64, line_id: i64, production_order_id: i64) -> DbResult<()> {
    on_conn!(tx, c => sqlx::query("UPDATE sale_order_lines SET production_order_id = $3 WHERE org_id = $1 AND id = $2")
        .bind(org_id).bind(line_id).bind(production_order_id).execute(c).await?.rows_affected());
    Ok(())
}

/// Pieces of a product promised on orders placed or confirmed and not yet delivered.
pub async fn promised(tx: &mut Tx, org_id: i64, product_id: i64) -> DbResult<i64> {
    Ok(on_conn!(tx, c => sqlx::query_scalar(
        "SELECT CAST(COALESCE(SUM(l.quantity - l.delivered), 0) AS BIGINT) FROM sale_order_lines l \
         JOIN sale_orders o ON o.id = l.order_id AND o.org_id = l.org_id \
         WHERE l.org_id = $1 AND l.product_id = $2 AND o.status IN ('placed', 'confirmed')")
        .bind(org_id).bind(product_id).fetch_one(c).await?))
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct DeliveryRow {
    pub id: i64,
    pub order_id: i64,
    pub delivered_on: String,
}

pub async fn insert_delivery(tx: &mut Tx, org_id: i64, order_id: i64, on: &str, by: i64) -> DbResult<i64> {
    Ok(on_conn!(tx, c => sqlx::query_scalar(
        "INSERT INTO deliveries (org_id, order_id, delivered_on, created_by, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id")
        .bind(org_id).bind(order_id).bind(on).bind(by).bind(now()).fetch_one(c).await?))
}

pub async fn insert_delivery_line(
    tx: &mut Tx,
    org_id: i64,
    delivery_id: i64,
    line_id: i64,
    q: i64,
    cost: i64,
) -> DbResult<()> {
    on_conn!(tx, c => sqlx::query(
        "INSERT INTO delivery_lines (org_id, delivery_id, line_id, quantity, cost) VALUES ($1, $2, $3, $4, $5)")
        .bind(org_id).bind(delivery_id).bind(line_id).bind(q).bind(cost).execute(c).await?.rows_affected());
    Ok(())
}

pub async fn set_delivery_entry(tx: &mut Tx, org_id: i64, id: i64, entry_id: i64) -> DbResult<()> {
    on_conn!(tx, c => sqlx::query("UPDATE deliveries SET entry_id = $3 WHERE org_id = $1 AND id = $2")
        .bind(org_id).bind(id).bind(entry_id).execute(c).await?.rows_affected());
    Ok(())
}

pub async fn deliveries(tx: &mut Tx, org_id: i64, order_id: i64) -> DbResult<Vec<DeliveryRow>> {
    Ok(on_conn!(tx, c => sqlx::query_as(
        "SELECT id, order_id, delivered_on FROM deliveries WHERE org_id = $1 AND order_id = $2 ORDER BY id")
        .bind(org_id).bind(order_id).fetch_all(c).await?))
}

pub async fn delivery(tx: &mut Tx, org_id: i64, id: i64) -> DbResult<Option<DeliveryRow>> {
    Ok(on_conn!(tx, c => sqlx::query_as(
        "SELECT id, order_id, delivered_on FROM deliveries WHERE org_id = $1 AND id = $2")
        .bind(org_id).bind(id).fetch_optional(c).await?))
}

/// A delivery note's lines: (order line, pieces, cost).
pub async fn delivery_lines(tx: &mut Tx, org_id: i64, delivery_id: i64) -> DbResult<Vec<(i64, i64, i64)>> {
    Ok(on_conn!(tx, c => sqlx::query_as(
        "SELECT line_id, quantity, cost FROM delivery_lines WHERE org_id = $1 AND delivery_id = $2 ORDER BY id")
        .bind(org_id).bind(delivery_id).fetch_all(c).await?))
}

/// What an order line's deliveries cost in all: (pieces, cost).
pub async fn delivered_cost(tx: &mut Tx, org_id: i64, line_id: i64) -> DbResult<(i64, i64)> {
    Ok(on_conn!(tx, c => sqlx::query_as(
        "SELECT CAST(COALESCE(SUM(quantity), 0) AS BIGINT), CAST(COALESCE(SUM(cost), 0) AS BIGINT) \
         FROM delivery_lines WHERE org_id = $1 AND line_id = $2")
        .bind(org_id).bind(line_id).fetch_one(c).await?))
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct InvoiceRow {
    pub id: i64,
    pub kind: String,
    pub number: String,
    pub order_id: i64,
    pub buyer_id: i64,
    pub buyer_name: String,
    pub corrects_id: Option<i64>,
    pub issued_on: String,
    pub net: i64,
    pub tax: i64,
    pub total: i64,
    pub settled: i64,
    pub settled_on: Option<String>,
}

const INVOICE: &str = "SELECT i.id, i.kind, i.number, i.order_id, i.buyer_id, b.name AS buyer_name, i.corrects_id, \
     i.issued_on, i.net, i.tax, i.total, i.settled, i.settled_on \
     FROM invoices i JOIN buyers b ON b.id = i.buyer_id AND b.org_id = i.org_id";

pub async fn invoices(tx: &mut Tx, org_id: i64, order: Option<i64>) -> DbResult<Vec<InvoiceRow>> {
    Ok(on_conn!(tx, c => sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "{INVOICE} WHERE i.org_id = $1 AND ($2 IS NULL OR i.order_id = $2) ORDER BY i.issued_on DESC, i.id DESC LIMIT 500")))
        .bind(org_id).bind(order).fetch_all(c).await?))
}

pub async fn invoice(tx: &mut Tx, org_id: i64, id: i64) -> DbResult<Option<InvoiceRow>> {
    Ok(
        on_conn!(tx, c => sqlx::query_as(sqlx::AssertSqlSafe(format!("{INVOICE} WHERE i.org_id = $1 AND i.id = $2")))
        .bind(org_id).bind(id).fetch_optional(c).await?),
    )
}

/// A buyer's invoices with something still owed, oldest first.
pub async fn open_invoices(tx: &mut Tx, org_id: i64, buyer_id: i64) -> DbResult<Vec<InvoiceRow>> {
    Ok(on_conn!(tx, c => sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "{INVOICE} WHERE i.org_id = $1 AND i.buyer_id = $2 AND i.kind = 'invoice' AND i.settled < i.total ORDER BY i.issued_on, i.id")))
        .bind(org_id).bind(buyer_id).fetch_all(c).await?))
}

/// The next number of a kind of document in a financial year.
pub async fn next_seq(tx: &mut Tx, org_id: i64, kind: &str, year: &str) -> DbResult<i64> {
    Ok(on_conn!(tx, c => sqlx::query_scalar(
        "SELECT CAST(COALESCE(MAX(seq), 0) + 1 AS BIGINT) FROM invoices WHERE org_id = $1 AND kind = $2 AND year_label = $3")
        .bind(org_id).bind(kind).bind(year).fetch_one(c).await?))
}

#[allow(clippy::too_many_arguments)]
pub async fn insert_invoice(tx: &mut Tx, org_id: i64, i: &InvoiceRow, year: &str, seq: i64, by: i64) -> DbResult<i64> {
    Ok(on_conn!(tx, c => sqlx::query_scalar(
        "INSERT INTO invoices (org_id, kind, number, year_label, seq, order_id, buyer_id, corrects_id, issued_on, net, tax, total, created_by, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) RETURNING id")
        .bind(org_id).bind(&i.kind).bind(&i.number).bind(year).bind(seq).bind(i.order_id).bind(i.buyer_id)
        .bind(i.corrects_id).bind(&i.issued_on).bind(i.net).bind(i.tax).bind(i.total).bind(by).bind(now())
        .fetch_one(c).await?))
}

pub async fn set_invoice_entry(tx: &mut Tx, org_id: i64, id: i64, entry_id: i64) -> DbResult<()> {
    on_conn!(tx, c => sqlx::query("UPDATE invoices SET entry_id = $3 WHERE org_id = $1 AND id = $2")
        .bind(org_id).bind(id).bind(entry_id).execute(c).await?.rows_affected());
    Ok(())
}

/// Settles more of an invoice; the day it is wholly settled is kept.
pub async fn settle(tx: &mut Tx, org_id: i64, id: i64, amount: i64, on: &str) -> DbResult<()> {
    on_conn!(tx, c => sqlx::query(
        "UPDATE invoices SET settled = settled + $3, \
         settled_on = CASE WHEN settled + $3 >= total THEN $4 ELSE settled_on END WHERE org_id = $1 AND id = $2")
        .bind(org_id).bind(id).bind(amount).bind(on).execute(c).await?.rows_affected());
    Ok(())
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct InvoiceLineRow {
    pub id: i64,
    pub line_id: i64,
    pub product_id: i64,
    pub quantity: i64,
    pub price: i64,
    pub tax_bp: i64,
    pub net: i64,
    pub tax: i64,
    pub cost: i64,
}

pub async fn invoice_lines(tx: &mut Tx, org_id: i64, invoice_id: i64) -> DbResult<Vec<InvoiceLineRow>> {
    Ok(on_conn!(tx, c => sqlx::query_as(
        "SELECT id, line_id, product_id, quantity, price, tax_bp, net, tax, cost FROM invoice_lines \
         WHERE org_id = $1 AND invoice_id = $2 ORDER BY id")
        .bind(org_id).bind(invoice_id).fetch_all(c).await?))
}

pub async fn insert_invoice_line(tx: &mut Tx, org_id: i64, invoice_id: i64, l: &InvoiceLineRow) -> DbResult<()> {
    on_conn!(tx, c => sqlx::query(
        "INSERT INTO invoice_lines (org_id, invoice_id, line_id, product_id, quantity, price, tax_bp, net, tax, cost) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)")
        .bind(org_id).bind(invoice_id).bind(l.line_id).bind(l.product_id).bind(l.quantity).bind(l.price)
        .bind(l.tax_bp).bind(l.net).bind(l.tax).bind(l.cost).execute(c).await?.rows_affected());
    Ok(())
}

/// Pieces of an invoice's lines already credited: (order line, pieces).
pub async fn credited(tx: &mut Tx, org_id: i64, invoice_id: i64) -> DbResult<Vec<(i64, i64)>> {
    Ok(on_conn!(tx, c => sqlx::query_as(
        "SELECT l.line_id, CAST(SUM(l.quantity) AS BIGINT) FROM invoice_lines l JOIN invoices i ON i.id = l.invoice_id AND i.org_id = l.org_id \
         WHERE l.org_id = $1 AND i.corrects_id = $2 GROUP BY l.line_id")
        .bind(org_id).bind(invoice_id).fetch_all(c).await?))
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct PaymentRow {
    pub id: i64,
    pub buyer_id: i64,
    pub buyer_name: String,
    pub paid_on: String,
    pub amount: i64,
    pub advance: i64,
    pub till: String,
    pub reference: String,
}

pub async fn payments(tx: &mut Tx, org_id: i64, buyer: Option<i64>) -> DbResult<Vec<PaymentRow>> {
    Ok(on_conn!(tx, c => sqlx::query_as(
        "SELECT p.id, p.buyer_id, b.name AS buyer_name, p.paid_on, p.amount, p.advance, p.till, p.reference \
         FROM buyer_payments p JOIN buyers b ON b.id = p.buyer_id AND b.org_id = p.org_id \
         WHERE p.org_id = $1 AND ($2 IS NULL OR p.buyer_id = $2) ORDER BY p.paid_on DESC, p.id DESC LIMIT 500")
        .bind(org_id).bind(buyer).fetch_all(c).await?))
}

#[allow(clippy::too_many_arguments)]
pub async fn insert_payment(
    tx: &mut Tx,
    org_id: i64,
    buyer_id: i64,
    on: &str,
    amount: i64,
    advance: i64,
    till: &str,
    reference: &str,
    entry_id: Option<i64>,
    by: i64,
) -> DbResult<i64> {
    Ok(on_conn!(tx, c => sqlx::query_scalar(
        "INSERT INTO buyer_payments (org_id, buyer_id, paid_on, amount, advance, till, reference, entry_id, created_by, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id")
        .bind(org_id).bind(buyer_id).bind(on).bind(amount).bind(advance).bind(till).bind(reference).bind(entry_id)
        .bind(by).bind(now()).fetch_one(c).await?))
}

/// What a buyer has paid ahead (or been credited) and not yet used.
pub async fn advance_left(tx: &mut Tx, org_id: i64, buyer_id: i64) -> DbResult<i64> {
    Ok(on_conn!(tx, c => sqlx::query_scalar(
        "SELECT CAST(COALESCE(SUM(advance), 0) AS BIGINT) FROM buyer_payments WHERE org_id = $1 AND buyer_id = $2")
        .bind(org_id).bind(buyer_id).fetch_one(c).await?))
}

/// Each invoiced order's first delivery: (order, day).
pub async fn first_deliveries(tx: &mut Tx, org_id: i64) -> DbResult<Vec<(i64, String)>> {
    Ok(on_conn!(tx, c => sqlx::query_as(
        "SELECT order_id, MIN(delivered_on) FROM deliveries WHERE org_id = $1 GROUP BY order_id")
        .bind(org_id).fetch_all(c).await?))
}

// Facts for market intelligence.

/// One line sold, as market intelligence reads it.
#[derive(Debug, Clone)]
pub struct Fact<'a> {
    pub sold_on: &'a str,
    pub product_id: i64,
    pub channel: &'a str,
    pub buyer_kind: &'a str,
    pub pieces: i64,
    pub revenue: i64,
    pub cost: i64,
    pub source: &'static str,
    pub source_id: i64,
}

/// Records a line sold and adds it to its month's sum.
pub async fn record_fact(tx: &mut Tx, org_id: i64, f: &Fact<'_>) -> DbResult<()> {
    insert_fact(tx, org_id, f).await?;
    // A correction (fewer pieces) is not a sale: it leaves the last day sold alone.
    let last = if f.pieces > 0 { f.sold_on } else { "" };
    let month = f.sold_on.get(..7).unwrap_or("");
    add_to_month(
        tx,
        org_id,
        (f.product_id, month, f.channel, f.buyer_kind),
        (f.pieces, f.revenue, f.cost),
        last,
    )
    .await
}

/// Records a line sold, leaving its month's sum to the caller.
pub async fn insert_fact(tx: &mut Tx, org_id: i64, f: &Fact<'_>) -> DbResult<()> {
    on_conn!(tx, c => sqlx::query(
        "INSERT INTO sale_facts (org_id, sold_on, product_id, channel, buyer_kind, pieces, revenue, cost, source, source_id) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)")
        .bind(org_id).bind(f.sold_on).bind(f.product_id).bind(f.channel).bind(f.buyer_kind).bind(f.pieces)
        .bind(f.revenue).bind(f.cost).bind(f.source).bind(f.source_id).execute(c).await?.rows_affected());
    Ok(())
}

/// Adds (pieces, revenue, cost) to the sum of a (product, month, channel, kind of buyer).
pub async fn add_to_month(
    tx: &mut Tx,
    org_id: i64,
    key: (i64, &str, &str, &str),
    sums: (i64, i64, i64),
    last: &str,
) -> DbResult<()> {
    let (product_id, month, channel, kind) = key;
    on_conn!(tx, c => sqlx::query(
        "INSERT INTO sale_months (org_id, product_id, month, channel, buyer_kind, pieces, revenue, cost, last_day) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) \
         ON CONFLICT (org_id, month, product_id, channel, buyer_kind) DO UPDATE SET \
         pieces = sale_months.pieces + excluded.pieces, revenue = sale_months.revenue + excluded.revenue, \
         cost = sale_months.cost + excluded.cost, \
         last_day = CASE WHEN excluded.last_day > sale_months.last_day THEN excluded.last_day ELSE sale_months.last_day END")
        .bind(org_id).bind(product_id).bind(month).bind(channel).bind(kind)
        .bind(sums.0).bind(sums.1).bind(sums.2).bind(last).execute(c).await?.rows_affected());
    Ok(())
}

/// How sold lines are summed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum By {
    Product,
    /// Month, channel and kind of buyer together, as `2026-11 market retail`: one read
    /// answers all three.
    Detail,
}

/// A sum of sold lines: its key (a product id, a month, a channel or a kind of buyer),
/// pieces, revenue, cost and the last day sold.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Sum {
    pub key: String,
    pub pieces: i64,
    pub revenue: i64,
    pub cost: i64,
    pub last_day: Option<String>,
}

/// Sums of the lines sold in whole months (`from_month` to `through_month`) from the
/// monthly sums.
pub async fn month_sums(tx: &mut Tx, org_id: i64, by: By, from_month: &str, through_month: &str) -> DbResult<Vec<Sum>> {
    let key = match by {
        By::Product => "CAST(product_id AS TEXT)",
        By::Detail => "month || ' ' || channel || ' ' || buyer_kind",
    };
    let sql = format!(
        "SELECT {key} AS key, CAST(SUM(pieces) AS BIGINT) AS pieces, CAST(SUM(revenue) AS BIGINT) AS revenue, \
         CAST(SUM(cost) AS BIGINT) AS cost, MAX(last_day) AS last_day FROM sale_months \
         WHERE org_id = $1 AND month >= $2 AND month <= $3 GROUP BY {key}"
    );
    Ok(
        on_conn!(tx, c => sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(org_id).bind(from_month).bind(through_month).fetch_all(c).await?),
    )
}

/// Sums of the lines sold from a day through a day, from the lines themselves.
pub async fn day_sums(tx: &mut Tx, org_id: i64, by: By, from: &str, through: &str) -> DbResult<Vec<Sum>> {
    let key = match by {
        By::Product => "CAST(product_id AS TEXT)",
        By::Detail => "substr(sold_on, 1, 7) || ' ' || channel || ' ' || buyer_kind",
    };
    let sql = format!(
        "SELECT {key} AS key, CAST(SUM(pieces) AS BIGINT) AS pieces, CAST(SUM(revenue) AS BIGINT) AS revenue, \
         CAST(SUM(cost) AS BIGINT) AS cost, MAX(CASE WHEN pieces > 0 THEN sold_on END) AS last_day FROM sale_facts \
         WHERE org_id = $1 AND sold_on >= $2 AND sold_on <= $3 GROUP BY {key}"
    );
    Ok(
        on_conn!(tx, c => sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(org_id).bind(from).bind(through).fetch_all(c).await?),
    )
}

/// Each product's last day sold in the months before `month`: (product, day).
pub async fn last_sold_before(tx: &mut Tx, org_id: i64, month: &str) -> DbResult<Vec<(i64, String)>> {
    Ok(on_conn!(tx, c => sqlx::query_as(
        "SELECT product_id, MAX(last_day) FROM sale_months WHERE org_id = $1 AND month < $2 AND last_day <> '' GROUP BY product_id")
        .bind(org_id).bind(month).fetch_all(c).await?))
}

pub async fn set_payment_entry(tx: &mut Tx, org_id: i64, id: i64, entry_id: i64) -> DbResult<()> {
    on_conn!(tx, c => sqlx::query("UPDATE buyer_payments SET entry_id = $3 WHERE org_id = $1 AND id = $2")
        .bind(org_id).bind(id).bind(entry_id).execute(c).await?.rows_affected());
    Ok(())
}

/// A market-day sale's line as a batch writes it, with the sale it belongs to.
#[derive(Debug, Clone)]
pub struct SoldLine {
    pub sale_id: i64,
    pub sold_on: String,
    pub product_id: i64,
    pub pieces: i64,
    pub price: i64,
    pub cost: i64,
}

/// Writes a batch's sale lines, their goods moves out of stock and their facts, a few
/// hundred rows a statement (a thousand sales would otherwise be ten thousand).
pub async fn insert_sold_lines(tx: &mut Tx, org_id: i64, lines: &[SoldLine]) -> DbResult<()> {
    let at = now();
    for chunk in lines.chunks(400) {
        on_conn!(tx, c => {
            let mut q = sqlx::QueryBuilder::new("INSERT INTO market_sale_lines (org_id, sale_id, product_id, quantity, price, cost) ");
            q.push_values(chunk, |mut b, l| {
                b.push_bind(org_id).push_bind(l.sale_id).push_bind(l.product_id).push_bind(l.pieces).push_bind(l.price).push_bind(l.cost);
            });
            q.build().execute(c).await?.rows_affected()
        });
        on_conn!(tx, c => {
            let mut q = sqlx::QueryBuilder::new("INSERT INTO goods_moves (org_id, product_id, quantity, value, source, source_id, created_at) ");
            q.push_values(chunk, |mut b, l| {
                b.push_bind(org_id).push_bind(l.product_id).push_bind(-l.pieces).push_bind(-l.cost)
                    .push_bind("market-sale").push_bind(l.sale_id).push_bind(at);
            });
            q.build().execute(c).await?.rows_affected()
        });
        on_conn!(tx, c => {
            let mut q = sqlx::QueryBuilder::new(
                "INSERT INTO sale_facts (org_id, sold_on, product_id, channel, buyer_kind, pieces, revenue, cost, source, source_id) ");
            q.push_values(chunk, |mut b, l| {
                b.push_bind(org_id).push_bind(l.sold_on.clone()).push_bind(l.product_id).push_bind("market").push_bind("retail")
                    .push_bind(l.pieces).push_bind(l.pieces.saturating_mul(l.price)).push_bind(l.cost)
                    .push_bind("market-sale").push_bind(l.sale_id);
            });
            q.build().execute(c).await?.rows_affected()
        });
    }
    Ok(())
}

/// A batch's sum for one product's month: ((product, month), (pieces, revenue, cost,
/// last day)).
pub type MonthSum = ((i64, String), (i64, i64, i64, String));

/// Adds a batch's sums to their months, a few hundred a statement: ((product, month),
/// (pieces, revenue, cost, last day)), each key once, all market-day retail sales.
pub async fn add_to_months(tx: &mut Tx, org_id: i64, sums: &[MonthSum]) -> DbResult<()> {
    for chunk in sums.chunks(400) {
        on_conn!(tx, c => {
            let mut q = sqlx::QueryBuilder::new(
                "INSERT INTO sale_months (org_id, product_id, month, channel, buyer_kind, pieces, revenue, cost, last_day) ");
            q.push_values(chunk, |mut b, ((product, month), (pieces, revenue, cost, last))| {
                b.push_bind(org_id).push_bind(*product).push_bind(month.clone()).push_bind("market").push_bind("retail")
                    .push_bind(*pieces).push_bind(*revenue).push_bind(*cost).push_bind(last.clone());
            });
            q.push(
                " ON CONFLICT (org_id, month, product_id, channel, buyer_kind) DO UPDATE SET \
                 pieces = sale_months.pieces + excluded.pieces, revenue = sale_months.revenue + excluded.revenue, \
                 cost = sale_months.cost + excluded.cost, \
                 last_day = CASE WHEN excluded.last_day > sale_months.last_day THEN excluded.last_day ELSE sale_months.last_day END",
            );
            q.build().execute(c).await?.rows_affected()
        });
    }
    Ok(())
}

/// A family's variants as a shopfront card offers them: (head, product, its variant,
/// price of the day for a kind of buyer, pieces on hand), the head's own first.
pub async fn variants(
    tx: &mut Tx,
    org_id: i64,
    kind: &str,
    day: &str,
) -> DbResult<Vec<(i64, i64, String, Option<i64>, i64)>> {
    Ok(on_conn!(tx, c => sqlx::query_as(concat!(
        "SELECT COALESCE(k.family_id, k.product_id) AS head, p.id, k.variant, ", price_of_p!(), " AS price, ",
        "CAST(COALESCE((SELECT SUM(g.quantity) FROM goods_moves g WHERE g.org_id = p.org_id AND g.product_id = p.id), 0) AS BIGINT) ",
        "FROM catalogue k JOIN products p ON p.id = k.product_id AND p.org_id = k.org_id ",
        "WHERE k.org_id = $1 AND p.active AND (k.family_id IS NOT NULL OR EXISTS ",
        "(SELECT 1 FROM catalogue f WHERE f.org_id = k.org_id AND f.family_id = k.product_id)) ",
        "ORDER BY head, k.family_id IS NOT NULL, p.code"))
        .bind(org_id).bind(kind).bind(day).fetch_all(c).await?))
}
