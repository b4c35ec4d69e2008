//! The SQL of the share register.

use crate::db::{DbResult, Tx, now};
use crate::on_conn;

/// A register line with the names it mentions.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct LineRow {
    pub id: i64,
    pub seq: i64,
    pub on_date: String,
    pub kind: String,
    pub member_id: i64,
    pub member_name: String,
    pub member_number: String,
    pub counterpart_name: Option<String>,
    pub counterpart_number: Option<String>,
    pub shares: i64,
    pub amount: i64,
    pub entry_id: Option<i64>,
    pub note: String,
    pub approved_by: Option<String>,
}

pub struct NewLine<'a> {
    pub on_date: &'a str,
    pub kind: &'a str,
    pub member_id: i64,
    pub counterpart_id: Option<i64>,
    pub shares: i64,
    pub amount: i64,
    pub entry_id: Option<i64>,
    pub note: &'a str,
    pub recorded_by: Option<i64>,
    pub approved_by: Option<i64>,
}

/// Appends a line with the next number. The caller holds the books' lock, so numbers
/// follow one another without gaps.
pub async fn insert(tx: &mut Tx, org_id: i64, l: &NewLine<'_>) -> DbResult<i64> {
    Ok(on_conn!(tx, c => sqlx::query_scalar(
        "INSERT INTO share_register (org_id, seq, on_date, kind, member_id, counterpart_id, shares, amount, entry_id, note, recorded_by, approved_by, created_at) \
         VALUES ($1, (SELECT COALESCE(MAX(seq), 0) + 1 FROM share_register WHERE org_id = $1), $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING seq",
    )
    .bind(org_id).bind(l.on_date.to_string()).bind(l.kind.to_string()).bind(l.member_id).bind(l.counterpart_id)
    .bind(l.shares).bind(l.amount).bind(l.entry_id).bind(l.note.to_string()).bind(l.recorded_by).bind(l.approved_by).bind(now())
    .fetch_one(c).await?))
}

/// Shares each member holds by the register: (member, shares), members with none left out.
const HOLDINGS: &str = "SELECT member_id, CAST(SUM(n) AS BIGINT) FROM ( \
     SELECT member_id, CASE kind WHEN 'subscription' THEN shares WHEN 'payment' THEN 0 ELSE -shares END AS n \
       FROM share_register WHERE org_id = $1 \
     UNION ALL \
     SELECT counterpart_id, shares FROM share_register WHERE org_id = $1 AND kind = 'transfer' \
   ) h GROUP BY member_id HAVING SUM(n) <> 0";

pub async fn holdings(tx: &mut Tx, org_id: i64) -> DbResult<Vec<(i64, i64)>> {
    Ok(on_conn!(tx, c => sqlx::query_as::<_, (i64, i64)>(HOLDINGS).bind(org_id).fetch_all(c).await?))
}

pub async fn shares_of(tx: &mut Tx, org_id: i64, member_id: i64) -> DbResult<i64> {
    Ok(on_conn!(tx, c => sqlx::query_scalar::<_, i64>(
        "SELECT CAST(COALESCE(SUM(CASE WHEN kind = 'subscription' THEN shares WHEN kind = 'payment' THEN 0 \
              WHEN member_id = $2 THEN -shares ELSE shares END), 0) AS BIGINT) \
         FROM share_register WHERE org_id = $1 AND (member_id = $2 OR counterpart_id = $2)",
    ).bind(org_id).bind(member_id).fetch_one(c).await?))
}

macro_rules! line_select {
    () => {
        "SELECT r.id, r.seq, r.on_date, r.kind, r.member_id, m.name AS member_name, m.member_number, \
       cm.name AS counterpart_name, cm.member_number AS counterpart_number, r.shares, r.amount, r.entry_id, r.note, \
       ap.name AS approved_by \
     FROM share_register r JOIN memberships m ON m.id = r.member_id AND m.org_id = r.org_id \
     LEFT JOIN memberships cm ON cm.id = r.counterpart_id AND cm.org_id = r.org_id \
     LEFT JOIN people ap ON ap.id = r.approved_by "
    };
}

/// The register in order through a date, `limit` lines from `offset`.
pub async fn lines(tx: &mut Tx, org_id: i64, through: &str, limit: i64, offset: i64) -> DbResult<Vec<LineRow>> {
    Ok(
        on_conn!(tx, c => sqlx::query_as::<_, LineRow>(concat!(line_select!(), "WHERE r.org_id = $1 AND r.on_date <= $4 ORDER BY r.seq LIMIT $2 OFFSET $3"))
        .bind(org_id).bind(limit).bind(offset).bind(through.to_string()).fetch_all(c).await?),
    )
}

pub async fn count(tx: &mut Tx, org_id: i64) -> DbResult<i64> {
    Ok(
        on_conn!(tx, c => sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM share_register WHERE org_id = $1")
        .bind(org_id).fetch_one(c).await?),
    )
}

/// The lines that concern one member, in order.
pub async fn member_lines(tx: &mut Tx, org_id: i64, member_id: i64) -> DbResult<Vec<LineRow>> {
    Ok(
        on_conn!(tx, c => sqlx::query_as::<_, LineRow>(concat!(line_select!(), "WHERE r.org_id = $1 AND (r.member_id = $2 OR r.counterpart_id = $2) ORDER BY r.seq")).bind(org_id).bind(member_id).fetch_all(c).await?),
    )
}
