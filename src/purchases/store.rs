//! The SQL of buying together.

use crate::db::{DbResult, Tx, now};
use crate::on_conn;

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct SupplierRow {
    pub id: i64,
    pub name: String,
    pub contact: String,
    pub terms: String,
    /// The smallest order the supplier takes, minor units (0 = none).
    pub min_order: i64,
    /// Another organisation on this Tejido that supplies (a federation's supply service).
    pub supplier_org: Option<String>,
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ArticleRow {
    pub id: i64,
    pub supplier_id: i64,
    pub code: String,
    pub name: String,
    pub unit: String,
    pub pack_size: i64,
    pub pack_price: i64,
    pub min_packs: i64,
    pub category: String,
    pub retail_price: i64,
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct RoundRow {
    pub id: i64,
    pub title: String,
    pub status: String,
    pub closes_at: String,
    pub collection_on: String,
    pub collection_place: String,
    pub margin_bp: i64,
    pub rule: String,
    pub keep_partial: bool,
    pub invoice_entry_id: Option<i64>,
    pub payment_entry_id: Option<i64>,
}

/// A request with the member's number and name.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct RequestRow {
    pub member_id: i64,
    pub member_number: String,
    pub name: String,
    pub article_id: i64,
    pub quantity: i64,
    pub tolerance: i64,
    /// Who entered it, when not the member herself (a facilitator, for her).
    #[sqlx(default)]
    pub entered_by_other: Option<String>,
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct LineRow {
    pub article_id: i64,
    pub pack_size: i64,
    pub pack_price: i64,
    pub packs: i64,
    pub units_received: Option<i64>,
    pub pack_price_received: Option<i64>,
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct CollectionRow {
    pub member_id: i64,
    pub entry_id: Option<i64>,
    pub paid: String,
    pub charge: i64,
    pub retail: i64,
    pub collected_on: String,
}

pub async fn insert_supplier(
    tx: &mut Tx,
    org_id: i64,
    name: &str,
    contact: &str,
    terms: &str,
    supplier_org: Option<i64>,
) -> DbResult<i64> {
    Ok(on_conn!(tx, c => sqlx::query_scalar(
        "INSERT INTO suppliers (org_id, name, contact, terms, supplier_org_id, created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    ).bind(org_id).bind(name.to_string()).bind(contact.to_string()).bind(terms.to_string()).bind(supplier_org).bind(now()).fetch_one(c).await?))
}

pub async fn set_min_order(tx: &mut Tx, org_id: i64, id: i64, min_order: i64) -> DbResult<()> {
    on_conn!(tx, c => sqlx::query("UPDATE suppliers SET min_order = $3 WHERE org_id = $1 AND id = $2")
        .bind(org_id).bind(id).bind(min_order).execute(c).await?.rows_affected());
    Ok(())
}

/// Every price an article of the organisation has had: (article, pack price, retail price, from), newest first.
pub async fn price_histories(tx: &mut Tx, org_id: i64) -> DbResult<Vec<(i64, i64, i64, String)>> {
    Ok(on_conn!(tx, c => sqlx::query_as::<_, (i64, i64, i64, String)>(
        "SELECT article_id, pack_price, retail_price, from_date FROM article_prices WHERE org_id = $1 ORDER BY article_id, id DESC",
    ).bind(org_id).fetch_all(c).await?))
}

pub async fn suppliers(tx: &mut Tx, org_id: i64) -> DbResult<Vec<SupplierRow>> {
    Ok(
        on_conn!(tx, c => sqlx::query_as::<_, SupplierRow>("SELECT s.id, s.name, s.contact, s.terms, s.min_order, o.name AS supplier_org FROM suppliers s LEFT JOIN orgs o ON o.id = s.supplier_org_id WHERE s.org_id = $1 ORDER BY s.name, s.id")
        .bind(org_id).fetch_all(c).await?),
    )
}

macro_rules! article_select {
    () => {
        "SELECT id, supplier_id, code, name, unit, pack_size, pack_price, min_packs, category, retail_price FROM articles "
    };
}

pub async fn articles(tx: &mut Tx, org_id: i64) -> DbResult<Vec<ArticleRow>> {
    Ok(
        on_conn!(tx, c => sqlx::query_as::<_, ArticleRow>(concat!(article_select!(), "WHERE org_id = $1 AND active ORDER BY supplier_id, category, name, id"))
        .bind(org_id).fetch_all(c).await?),
    )
}

/// The articles a round offers: those of its suppliers.
pub async fn round_articles(tx: &mut Tx, org_id: i64, round_id: i64) -> DbResult<Vec<ArticleRow>> {
    Ok(
        on_conn!(tx, c => sqlx::query_as::<_, ArticleRow>(concat!(article_select!(),
        "WHERE org_id = $1 AND active AND supplier_id IN (SELECT supplier_id FROM round_suppliers WHERE round_id = $2) ORDER BY supplier_id, category, name, id"))
        .bind(org_id).bind(round_id).fetch_all(c).await?),
    )
}

pub async fn article_by_code(tx: &mut Tx, org_id: i64, supplier_id: i64, code: &str) -> DbResult<Option<ArticleRow>> {
    Ok(
        on_conn!(tx, c => sqlx::query_as::<_, ArticleRow>(concat!(article_select!(), "WHERE org_id = $1 AND supplier_id = $2 AND code = $3"))
        .bind(org_id).bind(supplier_id).bind(code.to_string()).fetch_optional(c).await?),
    )
}

#[allow(clippy::too_many_arguments)]
pub async fn insert_article(
    tx: &mut Tx,
    org_id: i64,
    supplier_id: i64,
    a: &super::service::ArticleDraft,
) -> DbResult<i64> {
    Ok(on_conn!(tx, c => sqlx::query_scalar(
        "INSERT INTO articles (org_id, supplier_id, code, name, unit, pack_size, pack_price, min_packs, category, retail_price, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id",
    ).bind(org_id).bind(supplier_id).bind(a.code.clone()).bind(a.name.clone()).bind(a.unit.clone()).bind(a.pack_size).bind(a.pack_price)
    .bind(a.min_packs).bind(a.category.clone()).bind(a.retail_price).bind(now()).fetch_one(c).await?))
}

pub async fn update_article(tx: &mut Tx, org_id: i64, id: i64, a: &super::service::ArticleDraft) -> DbResult<()> {
    on_conn!(tx, c => sqlx::query(
        "UPDATE articles SET name = $3, unit = $4, pack_size = $5, pack_price = $6, min_packs = $7, category = $8, retail_price = $9 WHERE org_id = $1 AND id = $2",
    ).bind(org_id).bind(id).bind(a.name.clone()).bind(a.unit.clone()).bind(a.pack_size).bind(a.pack_price).bind(a.min_packs)
    .bind(a.category.clone()).bind(a.retail_price).execute(c).await?.rows_affected());
    Ok(())
}

pub async fn insert_price(
    tx: &mut Tx,
    org_id: i64,
    article_id: i64,
    pack_price: i64,
    retail_price: i64,
    from: &str,
) -> DbResult<()> {
    on_conn!(tx, c => sqlx::query(
        "INSERT INTO article_prices (org_id, article_id, pack_price, retail_price, from_date, created_at) VALUES ($1, $2, $3, $4, $5, $6)",
    ).bind(org_id).bind(article_id).bind(pack_price).bind(retail_price).bind(from.to_string()).bind(now()).execute(c).await?.rows_affected());
    Ok(())
}

/// An article's prices, newest first: (pack price, retail price, from).
pub async fn price_history(tx: &mut Tx, org_id: i64, article_id: i64) -> DbResult<Vec<(i64, i64, String)>> {
    Ok(on_conn!(tx, c => sqlx::query_as::<_, (i64, i64, String)>(
        "SELECT pack_price, retail_price, from_date FROM article_prices WHERE org_id = $1 AND article_id = $2 ORDER BY id DESC",
    ).bind(org_id).bind(article_id).fetch_all(c).await?))
}

#[allow(clippy::too_many_arguments)]
pub async fn insert_round(
    tx: &mut Tx,
    org_id: i64,
    title: &str,
    closes_at: &str,
    collection_on: &str,
    place: &str,
    margin_bp: i64,
    rule: &str,
    keep_partial: bool,
    by: i64,
) -> DbResult<i64> {
    Ok(on_conn!(tx, c => sqlx::query_scalar(
        "INSERT INTO purchase_rounds (org_id, title, status, closes_at, collection_on, collection_place, margin_bp, rule, keep_partial, created_by, created_at) \
         VALUES ($1, $2, 'draft', $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
    ).bind(org_id).bind(title.to_string()).bind(closes_at.to_string()).bind(collection_on.to_string()).bind(place.to_string())
    .bind(margin_bp).bind(rule.to_string()).bind(keep_partial).bind(by).bind(now()).fetch_one(c).await?))
}

pub async fn add_round_supplier(tx: &mut Tx, org_id: i64, round_id: i64, supplier_id: i64) -> DbResult<()> {
    on_conn!(tx, c => sqlx::query("INSERT INTO round_suppliers (org_id, round_id, supplier_id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING")
        .bind(org_id).bind(round_id).bind(supplier_id).execute(c).await?.rows_affected());
    Ok(())
}

macro_rules! round_select {
    () => {
        "SELECT id, title, status, closes_at, collection_on, collection_place, margin_bp, rule, keep_partial, invoice_entry_id, payment_entry_id FROM purchase_rounds "
    };
}

pub async fn round(tx: &mut Tx, org_id: i64, id: i64) -> DbResult<Option<RoundRow>> {
    Ok(
        on_conn!(tx, c => sqlx::query_as::<_, RoundRow>(concat!(round_select!(), "WHERE org_id = $1 AND id = $2"))
        .bind(org_id).bind(id).fetch_optional(c).await?),
    )
}

pub async fn rounds(tx: &mut Tx, org_id: i64) -> DbResult<Vec<RoundRow>> {
    Ok(
        on_conn!(tx, c => sqlx::query_as::<_, RoundRow>(concat!(round_select!(), "WHERE org_id = $1 ORDER BY id DESC LIMIT 100"))
        .bind(org_id).fetch_all(c).await?),
    )
}

/// Moves a round on; false when it was not in `from`. Takes the round's row lock, so a
/// request and a closing never cross.
pub async fn set_status(tx: &mut Tx, org_id: i64, id: i64, from: &str, to: &str) -> DbResult<bool> {
    Ok(
        on_conn!(tx, c => sqlx::query("UPDATE purchase_rounds SET status = $4 WHERE org_id = $1 AND id = $2 AND status = $3")
        .bind(org_id).bind(id).bind(from.to_string()).bind(to.to_string()).execute(c).await?.rows_affected())
            == 1,
    )
}

/// Moves the closing time of a round still in draft or open.
pub async fn set_closes_at(tx: &mut Tx, org_id: i64, id: i64, closes_at: &str) -> DbResult<bool> {
    Ok(
        on_conn!(tx, c => sqlx::query("UPDATE purchase_rounds SET closes_at = $3 WHERE org_id = $1 AND id = $2 AND status IN ('draft', 'open')")
        .bind(org_id).bind(id).bind(closes_at.to_string()).execute(c).await?.rows_affected())
            == 1,
    )
}

pub async fn set_entry(tx: &mut Tx, org_id: i64, id: i64, invoice: bool, entry_id: i64) -> DbResult<()> {
    let sql = if invoice {
        "UPDATE purchase_rounds SET invoice_entry_id = $3 WHERE org_id = $1 AND id = $2"
    } else {
        "UPDATE purchase_rounds SET payment_entry_id = $3 WHERE org_id = $1 AND id = $2"
    };
    on_conn!(tx, c => sqlx::query(sql).bind(org_id).bind(id).bind(entry_id).execute(c).await?.rows_affected());
    Ok(())
}

/// Records or changes her request; zero removes it.
#[allow(clippy::too_many_arguments)]
pub async fn put_request(
    tx: &mut Tx,
    org_id: i64,
    round_id: i64,
    member_id: i64,
    article_id: i64,
    quantity: i64,
    tolerance: i64,
    by: i64,
) -> DbResult<()> {
    if quantity == 0 && tolerance == 0 {
        on_conn!(tx, c => sqlx::query("DELETE FROM purchase_requests WHERE org_id = $1 AND round_id = $2 AND member_id = $3 AND article_id = $4")
            .bind(org_id).bind(round_id).bind(member_id).bind(article_id).execute(c).await?.rows_affected());
        return Ok(());
    }
    // The queue's next place, shared by first requests and raises.
    let next: i64 = on_conn!(tx, c => sqlx::query_scalar::<_, i64>(
        "SELECT COALESCE(MAX(CASE WHEN raised_seq > asked_seq THEN raised_seq ELSE asked_seq END), 0) + 1 FROM purchase_requests WHERE org_id = $1 AND round_id = $2",
    ).bind(org_id).bind(round_id).fetch_one(c).await?);
    let old: Option<(i64, i64, Option<i64>)> = on_conn!(tx, c => sqlx::query_as::<_, (i64, i64, Option<i64>)>(
        "SELECT quantity, raised_quantity, raised_seq FROM purchase_requests WHERE org_id = $1 AND round_id = $2 AND member_id = $3 AND article_id = $4",
    ).bind(org_id).bind(round_id).bind(member_id).bind(article_id).fetch_optional(c).await?);
    let Some((was, raised, raised_seq)) = old else {
        on_conn!(tx, c => sqlx::query(
            "INSERT INTO purchase_requests (org_id, round_id, member_id, article_id, quantity, tolerance, asked_seq, entered_by, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        ).bind(org_id).bind(round_id).bind(member_id).bind(article_id).bind(quantity).bind(tolerance).bind(next).bind(by).bind(now()).execute(c).await?.rows_affected());
        return Ok(());
    };
    let (raised, raised_seq) = super::model::raise(was, raised, raised_seq, quantity, next);
    on_conn!(tx, c => sqlx::query(
        "UPDATE purchase_requests SET quantity = $5, tolerance = $6, raised_quantity = $7, raised_seq = $8, entered_by = $9, updated_at = $10 \
         WHERE org_id = $1 AND round_id = $2 AND member_id = $3 AND article_id = $4",
    ).bind(org_id).bind(round_id).bind(member_id).bind(article_id).bind(quantity).bind(tolerance).bind(raised).bind(raised_seq).bind(by).bind(now()).execute(c).await?.rows_affected());
    Ok(())
}

/// What each member asked of each article, in the queue's order, without names: what
/// closing and receiving read. A raise is a second piece, at the place of the raise.
/// (member, article, quantity, tolerance)
pub async fn wanted(tx: &mut Tx, org_id: i64, round_id: i64) -> DbResult<Vec<(i64, i64, i64, i64)>> {
    let rows = on_conn!(tx, c => sqlx::query_as::<_, (i64, i64, i64, i64, i64, i64, Option<i64>)>(
        "SELECT member_id, article_id, quantity, tolerance, asked_seq, raised_quantity, raised_seq FROM purchase_requests WHERE org_id = $1 AND round_id = $2 ORDER BY asked_seq",
    ).bind(org_id).bind(round_id).fetch_all(c).await?);
    let mut pieces = vec![];
    for (member, article, quantity, tolerance, asked, raised, raised_seq) in rows {
        let raised = raised.clamp(0, quantity);
        pieces.push((asked, (member, article, quantity - raised, tolerance)));
        if raised > 0 {
            pieces.push((raised_seq.unwrap_or(asked), (member, article, raised, 0)));
        }
    }
    pieces.sort_by_key(|(seq, _)| *seq);
    Ok(pieces.into_iter().map(|(_, p)| p).collect())
}

pub async fn count_requests(tx: &mut Tx, org_id: i64, round_id: i64) -> DbResult<i64> {
    Ok(on_conn!(tx, c => sqlx::query_scalar::<_, i64>(
        "SELECT COUNT(*) FROM purchase_requests WHERE org_id = $1 AND round_id = $2",
    ).bind(org_id).bind(round_id).fetch_one(c).await?))
}

/// One member's requests in a round.
pub async fn member_requests(tx: &mut Tx, org_id: i64, round_id: i64, member_id: i64) -> DbResult<Vec<RequestRow>> {
    Ok(on_conn!(tx, c => sqlx::query_as::<_, RequestRow>(
        "SELECT r.member_id, m.member_number, m.name, r.article_id, r.quantity, r.tolerance, \
         CASE WHEN r.entered_by IS NOT NULL AND r.entered_by <> m.person_id THEN (SELECT p.name FROM people p WHERE p.id = r.entered_by) END AS entered_by_other \
         FROM purchase_requests r \
         JOIN memberships m ON m.id = r.member_id AND m.org_id = r.org_id \
         WHERE r.org_id = $1 AND r.round_id = $2 AND r.member_id = $3",
    ).bind(org_id).bind(round_id).bind(member_id).fetch_all(c).await?))
}

pub async fn requests(tx: &mut Tx, org_id: i64, round_id: i64) -> DbResult<Vec<RequestRow>> {
    Ok(on_conn!(tx, c => sqlx::query_as::<_, RequestRow>(
        "SELECT r.member_id, m.member_number, m.name, r.article_id, r.quantity, r.tolerance FROM purchase_requests r \
         JOIN memberships m ON m.id = r.member_id AND m.org_id = r.org_id \
         WHERE r.org_id = $1 AND r.round_id = $2 ORDER BY r.asked_seq",
    ).bind(org_id).bind(round_id).fetch_all(c).await?))
}

pub async fn insert_line(
    tx: &mut Tx,
    org_id: i64,
    round_id: i64,
    article_id: i64,
    pack_size: i64,
    pack_price: i64,
    packs: i64,
) -> DbResult<()> {
    on_conn!(tx, c => sqlx::query(
        "INSERT INTO round_lines (org_id, round_id, article_id, pack_size, pack_price, packs) VALUES ($1, $2, $3, $4, $5, $6)",
    ).bind(org_id).bind(round_id).bind(article_id).bind(pack_size).bind(pack_price).bind(packs).execute(c).await?.rows_affected());
    Ok(())
}

pub async fn lines(tx: &mut Tx, org_id: i64, round_id: i64) -> DbResult<Vec<LineRow>> {
    Ok(on_conn!(tx, c => sqlx::query_as::<_, LineRow>(
        "SELECT article_id, pack_size, pack_price, packs, units_received, pack_price_received FROM round_lines WHERE org_id = $1 AND round_id = $2 ORDER BY article_id",
    ).bind(org_id).bind(round_id).fetch_all(c).await?))
}

pub async fn receive_line(
    tx: &mut Tx,
    org_id: i64,
    round_id: i64,
    article_id: i64,
    units: i64,
    pack_price: i64,
) -> DbResult<()> {
    on_conn!(tx, c => sqlx::query("UPDATE round_lines SET units_received = $4, pack_price_received = $5 WHERE org_id = $1 AND round_id = $2 AND article_id = $3")
        .bind(org_id).bind(round_id).bind(article_id).bind(units).bind(pack_price).execute(c).await?.rows_affected());
    Ok(())
}

pub async fn put_allocation(
    tx: &mut Tx,
    org_id: i64,
    round_id: i64,
    member_id: i64,
    article_id: i64,
    units: i64,
    planning: bool,
) -> DbResult<()> {
    if planning {
        on_conn!(tx, c => sqlx::query(
            "INSERT INTO allocations (org_id, round_id, member_id, article_id, planned, units) VALUES ($1, $2, $3, $4, $5, $5)",
        ).bind(org_id).bind(round_id).bind(member_id).bind(article_id).bind(units).execute(c).await?.rows_affected());
    } else {
        on_conn!(tx, c => sqlx::query("UPDATE allocations SET units = $5 WHERE org_id = $1 AND round_id = $2 AND member_id = $3 AND article_id = $4")
            .bind(org_id).bind(round_id).bind(member_id).bind(article_id).bind(units).execute(c).await?.rows_affected());
    }
    Ok(())
}

/// Stores the planned allocations of a closing, many rows a statement.
pub async fn insert_allocations(tx: &mut Tx, org_id: i64, round_id: i64, rows: &[(i64, i64, i64)]) -> DbResult<()> {
    // PostgreSQL takes the whole round as three arrays in one statement.
    if let Tx::Postgres(t) = tx {
        let (mut members, mut articles, mut units) = (vec![], vec![], vec![]);
        for (m, a, u) in rows {
            members.push(*m);
            articles.push(*a);
            units.push(*u);
        }
        sqlx::query(
            "INSERT INTO allocations (org_id, round_id, member_id, article_id, planned, units) \
             SELECT $1, $2, m, a, u, u FROM UNNEST($3::BIGINT[], $4::BIGINT[], $5::BIGINT[]) AS t(m, a, u)",
        )
        .bind(org_id)
        .bind(round_id)
        .bind(members)
        .bind(articles)
        .bind(units)
        .execute(&mut **t)
        .await?;
        return Ok(());
    }
    for chunk in rows.chunks(500) {
        on_conn!(tx, c => {
            let mut q = sqlx::QueryBuilder::new("INSERT INTO allocations (org_id, round_id, member_id, article_id, planned, units) ");
            q.push_values(chunk, |mut b, (member, article, units)| {
                b.push_bind(org_id).push_bind(round_id).push_bind(*member).push_bind(*article).push_bind(*units).push_bind(*units);
            });
            q.build().execute(c).await?.rows_affected()
        });
    }
    Ok(())
}

/// What members get of each article, planned and as received, without names:
/// (member, article, planned, units). One member's only, or everyone's.
pub async fn allocated(
    tx: &mut Tx,
    org_id: i64,
    round_id: i64,
    member_id: Option<i64>,
) -> DbResult<Vec<(i64, i64, i64, i64)>> {
    Ok(on_conn!(tx, c => sqlx::query_as::<_, (i64, i64, i64, i64)>(
        "SELECT member_id, article_id, planned, units FROM allocations \
         WHERE round_id = $2 AND org_id = $1 AND ($3 = 0 OR member_id = $3) ORDER BY round_id, member_id, article_id",
    ).bind(org_id).bind(round_id).bind(member_id.unwrap_or(0)).fetch_all(c).await?))
}

/// How many members have a share in a round.
pub async fn count_sharers(tx: &mut Tx, org_id: i64, round_id: i64) -> DbResult<i64> {
    Ok(on_conn!(tx, c => sqlx::query_scalar::<_, i64>(
        "SELECT COUNT(DISTINCT member_id) FROM allocations WHERE round_id = $2 AND org_id = $1",
    ).bind(org_id).bind(round_id).fetch_one(c).await?))
}

/// Units given to members, by article: (article, units).
pub async fn allocated_by_article(tx: &mut Tx, org_id: i64, round_id: i64) -> DbResult<Vec<(i64, i64)>> {
    Ok(on_conn!(tx, c => sqlx::query_as::<_, (i64, i64)>(
        "SELECT article_id, CAST(SUM(units) AS BIGINT) FROM allocations WHERE round_id = $2 AND org_id = $1 GROUP BY article_id",
    ).bind(org_id).bind(round_id).fetch_all(c).await?))
}

/// Who has a share in a round, by name: (member, number, name). One member, or everyone.
pub async fn sharers(
    tx: &mut Tx,
    org_id: i64,
    round_id: i64,
    member_id: Option<i64>,
) -> DbResult<Vec<(i64, String, String)>> {
    Ok(on_conn!(tx, c => sqlx::query_as::<_, (i64, String, String)>(
        "SELECT m.id, m.member_number, m.name FROM memberships m \
         WHERE m.org_id = $1 AND ($3 = 0 OR m.id = $3) \
         AND m.id IN (SELECT member_id FROM allocations WHERE org_id = $1 AND round_id = $2) ORDER BY m.name, m.id",
    ).bind(org_id).bind(round_id).bind(member_id.unwrap_or(0)).fetch_all(c).await?))
}

/// Collections of one day's hand-out: (member, charge, retail) each, under one entry.
pub async fn insert_collections(
    tx: &mut Tx,
    org_id: i64,
    round_id: i64,
    entry_id: Option<i64>,
    paid: &str,
    on: &str,
    rows: &[(i64, i64, i64)],
) -> DbResult<()> {
    let at = now();
    for chunk in rows.chunks(1_000) {
        on_conn!(tx, c => {
            let mut q = sqlx::QueryBuilder::new("INSERT INTO collections (org_id, round_id, member_id, entry_id, paid, charge, retail, collected_on, created_at) ");
            q.push_values(chunk, |mut b, (member, charge, retail)| {
                b.push_bind(org_id).push_bind(round_id).push_bind(*member).push_bind(entry_id).push_bind(paid.to_string())
                    .push_bind(*charge).push_bind(*retail).push_bind(on.to_string()).push_bind(at);
            });
            q.build().execute(c).await?.rows_affected()
        });
    }
    Ok(())
}

pub async fn collections(tx: &mut Tx, org_id: i64, round_id: i64) -> DbResult<Vec<CollectionRow>> {
    Ok(on_conn!(tx, c => sqlx::query_as::<_, CollectionRow>(
        "SELECT member_id, entry_id, paid, charge, retail, collected_on FROM collections WHERE org_id = $1 AND round_id = $2",
    ).bind(org_id).bind(round_id).fetch_all(c).await?))
}

/// What a member paid and what it would have cost at retail, from `from` on: (paid, retail).
pub async fn member_saving(tx: &mut Tx, org_id: i64, member_id: i64, from: &str) -> DbResult<(i64, i64)> {
    Ok(on_conn!(tx, c => sqlx::query_as::<_, (i64, i64)>(
        "SELECT CAST(COALESCE(SUM(charge), 0) AS BIGINT), CAST(COALESCE(SUM(retail), 0) AS BIGINT) FROM collections WHERE org_id = $1 AND member_id = $2 AND collected_on >= $3",
    ).bind(org_id).bind(member_id).bind(from.to_string()).fetch_one(c).await?))
}

/// Open rounds, for members' home pages: (id, title, closes on).
pub async fn open_rounds(tx: &mut Tx, org_id: i64) -> DbResult<Vec<(i64, String, String)>> {
    Ok(on_conn!(tx, c => sqlx::query_as::<_, (i64, String, String)>(
        "SELECT id, title, closes_at FROM purchase_rounds WHERE org_id = $1 AND status = 'open' ORDER BY closes_at, id",
    ).bind(org_id).fetch_all(c).await?))
}

/// Members with units in a round's shares, by id.
pub async fn members_with_units(tx: &mut Tx, org_id: i64, round_id: i64) -> DbResult<Vec<i64>> {
    Ok(on_conn!(tx, c => sqlx::query_scalar::<_, i64>(
        "SELECT DISTINCT member_id FROM allocations WHERE org_id = $1 AND round_id = $2 AND units > 0 ORDER BY member_id",
    ).bind(org_id).bind(round_id).fetch_all(c).await?))
}

/// Members who asked for something in a round, by id (sorted, for a binary search).
pub async fn members_who_asked(tx: &mut Tx, org_id: i64, round_id: i64) -> DbResult<Vec<i64>> {
    Ok(on_conn!(tx, c => sqlx::query_scalar::<_, i64>(
        "SELECT DISTINCT member_id FROM purchase_requests WHERE org_id = $1 AND round_id = $2 ORDER BY member_id",
    ).bind(org_id).bind(round_id).fetch_all(c).await?))
}

/// Raw material on hand, in thousandths of the article's unit: what rounds received and
/// did not share out, and what came in or went out otherwise (production's lots).
pub async fn stock_on_hand(tx: &mut Tx, org_id: i64, article_id: i64) -> DbResult<i64> {
    let rounds: i64 = on_conn!(tx, c => sqlx::query_scalar(
        "SELECT CAST(COALESCE((SELECT SUM(l.units_received) FROM round_lines l JOIN purchase_rounds r ON r.id = l.round_id AND r.org_id = l.org_id \
           WHERE l.org_id = $1 AND l.article_id = $2 AND r.status IN ('received', 'distributed', 'settled')), 0) \
         - COALESCE((SELECT SUM(a.units) FROM allocations a JOIN purchase_rounds r ON r.id = a.round_id AND r.org_id = a.org_id \
           WHERE a.org_id = $1 AND a.article_id = $2 AND r.status IN ('received', 'distributed', 'settled')), 0) AS BIGINT)",
    ).bind(org_id).bind(article_id).fetch_one(c).await?);
    let moves: i64 = on_conn!(tx, c => sqlx::query_scalar(
        "SELECT CAST(COALESCE(SUM(quantity_milli), 0) AS BIGINT) FROM stock_moves WHERE org_id = $1 AND article_id = $2",
    ).bind(org_id).bind(article_id).fetch_one(c).await?);
    Ok(rounds.saturating_mul(1000).saturating_add(moves))
}

pub async fn insert_stock_move(
    tx: &mut Tx,
    org_id: i64,
    article_id: i64,
    milli: i64,
    value: i64,
    source: &str,
    source_id: Option<i64>,
) -> DbResult<()> {
    on_conn!(tx, c => sqlx::query(
        "INSERT INTO stock_moves (org_id, article_id, quantity_milli, value, source, source_id, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
    ).bind(org_id).bind(article_id).bind(milli).bind(value).bind(source.to_string()).bind(source_id).bind(now()).execute(c).await?.rows_affected());
    Ok(())
}

pub async fn article(tx: &mut Tx, org_id: i64, id: i64) -> DbResult<Option<ArticleRow>> {
    Ok(
        on_conn!(tx, c => sqlx::query_as::<_, ArticleRow>(concat!(article_select!(), "WHERE org_id = $1 AND id = $2"))
        .bind(org_id).bind(id).fetch_optional(c).await?),
    )
}
