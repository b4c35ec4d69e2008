//! The SQL of savings: savers and their balances, notices, interest runs.

use crate::db::{DbResult, Tx, now};
use crate::on_conn;

/// A member with a savings account and what it holds (credit balance, positive).
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Saver {
    pub member_id: i64,
    pub name: String,
    pub member_number: String,
    pub balance: i64,
}

/// Every member's savings account under the control account `control_id`.
pub async fn savers(tx: &mut Tx, org_id: i64, control_id: i64) -> DbResult<Vec<Saver>> {
    Ok(on_conn!(tx, c => sqlx::query_as::<_, Saver>(
        "SELECT m.id AS member_id, m.name, m.member_number, CAST(-COALESCE(b.balance, 0) AS BIGINT) AS balance \
         FROM accounts a JOIN memberships m ON m.id = a.member_id AND m.org_id = a.org_id \
         LEFT JOIN account_balances b ON b.org_id = a.org_id AND b.account_id = a.id \
         WHERE a.org_id = $1 AND a.parent_id = $2 ORDER BY m.id",
    ).bind(org_id).bind(control_id).fetch_all(c).await?))
}

/// Every movement of every savings account through `through`: member, date, amount
/// (debit positive), by member then date.
pub async fn movements(tx: &mut Tx, org_id: i64, control_id: i64, through: &str) -> DbResult<Vec<(i64, String, i64)>> {
    Ok(on_conn!(tx, c => sqlx::query_as::<_, (i64, String, i64)>(
        "SELECT a.member_id, e.entry_date, p.amount FROM postings p JOIN journal_entries e ON e.id = p.entry_id \
         JOIN accounts a ON a.id = p.account_id \
         WHERE p.org_id = $1 AND a.parent_id = $2 AND a.member_id IS NOT NULL AND e.entry_date <= $3 \
         ORDER BY a.member_id, e.entry_date, e.seq",
    ).bind(org_id).bind(control_id).bind(through.to_string()).fetch_all(c).await?))
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct NoticeRow {
    pub id: i64,
    pub member_id: i64,
    pub amount: i64,
    pub given_on: String,
    pub status: String,
    /// Who gave it for her, when not she herself (where the query reads it).
    #[sqlx(default)]
    pub entered_by_other: Option<String>,
}

pub async fn insert_notice(
    tx: &mut Tx,
    org_id: i64,
    member_id: i64,
    amount: i64,
    given_on: &str,
    by: i64,
) -> DbResult<i64> {
    Ok(on_conn!(tx, c => sqlx::query_scalar::<_, i64>(
        "INSERT INTO savings_notices (org_id, member_id, amount, given_on, status, created_by, created_at) VALUES ($1, $2, $3, $4, 'open', $5, $6) RETURNING id",
    ).bind(org_id).bind(member_id).bind(amount).bind(given_on.to_string()).bind(by).bind(now()).fetch_one(c).await?))
}

/// Open notices, of one member or (with `None`) of everyone, oldest first.
pub async fn open_notices(tx: &mut Tx, org_id: i64, member_id: Option<i64>) -> DbResult<Vec<NoticeRow>> {
    Ok(on_conn!(tx, c => sqlx::query_as::<_, NoticeRow>(
        "SELECT id, member_id, amount, given_on, status FROM savings_notices \
         WHERE org_id = $1 AND status = 'open' AND (CAST($2 AS BIGINT) IS NULL OR member_id = $2) ORDER BY given_on, id",
    ).bind(org_id).bind(member_id).fetch_all(c).await?))
}

/// Marks a notice used by a withdrawal; false when it was used already.
pub async fn use_notice(tx: &mut Tx, org_id: i64, id: i64, entry_id: i64) -> DbResult<bool> {
    let n = on_conn!(tx, c => sqlx::query(
        "UPDATE savings_notices SET status = 'used', entry_id = $3 WHERE org_id = $1 AND id = $2 AND status = 'open'",
    ).bind(org_id).bind(id).bind(entry_id).execute(c).await?.rows_affected());
    Ok(n == 1)
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct InterestRun {
    pub id: i64,
    pub period_from: String,
    pub period_through: String,
    pub rate_bp: i64,
    pub total: i64,
    pub entry_id: Option<i64>,
}

pub async fn interest_runs(tx: &mut Tx, org_id: i64) -> DbResult<Vec<InterestRun>> {
    Ok(on_conn!(tx, c => sqlx::query_as::<_, InterestRun>(
        "SELECT id, period_from, period_through, rate_bp, total, entry_id FROM savings_interest_runs WHERE org_id = $1 ORDER BY period_through DESC",
    ).bind(org_id).fetch_all(c).await?))
}

/// Whether interest was credited already for any day of the period.
pub async fn overlapping_run(tx: &mut Tx, org_id: i64, from: &str, through: &str) -> DbResult<bool> {
    let n = on_conn!(tx, c => sqlx::query_scalar::<_, i64>(
        "SELECT COUNT(*) FROM savings_interest_runs WHERE org_id = $1 AND period_from <= $3 AND period_through >= $2",
    ).bind(org_id).bind(from.to_string()).bind(through.to_string()).fetch_one(c).await?);
    Ok(n > 0)
}

#[allow(clippy::too_many_arguments)]
pub async fn insert_run(
    tx: &mut Tx,
    org_id: i64,
    from: &str,
    through: &str,
    rate_bp: i64,
    total: i64,
    entry_id: i64,
    by: i64,
) -> DbResult<i64> {
    Ok(on_conn!(tx, c => sqlx::query_scalar::<_, i64>(
        "INSERT INTO savings_interest_runs (org_id, period_from, period_through, rate_bp, total, entry_id, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
    ).bind(org_id).bind(from.to_string()).bind(through.to_string()).bind(rate_bp).bind(total).bind(entry_id).bind(by).bind(now()).fetch_one(c).await?))
}

/// Her open notices, with who gave each when it was not she.
pub async fn notices_of(tx: &mut Tx, org_id: i64, member_id: i64) -> DbResult<Vec<NoticeRow>> {
    Ok(on_conn!(tx, c => sqlx::query_as::<_, NoticeRow>(
        "SELECT n.id, n.member_id, n.amount, n.given_on, n.status, \
         CASE WHEN n.created_by IS NOT NULL AND n.created_by <> m.person_id THEN (SELECT p.name FROM people p WHERE p.id = n.created_by) END AS entered_by_other \
         FROM savings_notices n JOIN memberships m ON m.id = n.member_id AND m.org_id = n.org_id \
         WHERE n.org_id = $1 AND n.member_id = $2 AND n.status = 'open' ORDER BY n.given_on, n.id",
    ).bind(org_id).bind(member_id).fetch_all(c).await?))
}
