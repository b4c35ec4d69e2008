//! The SQL of reports: reads of the books' tables for a period. Reports never write.

use crate::db::{DbResult, Tx};
use crate::on_conn;

/// One posting of the journal with its entry.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct JournalLine {
    pub entry_id: i64,
    pub seq: i64,
    pub entry_date: String,
    pub description: String,
    pub account_id: i64,
    pub amount: i64,
}

/// Postings dated from `from` through `through`, in order; at most `limit`, after `offset`.
pub async fn journal(
    tx: &mut Tx,
    org_id: i64,
    from: &str,
    through: &str,
    limit: i64,
    offset: i64,
) -> DbResult<Vec<JournalLine>> {
    Ok(on_conn!(tx, c => sqlx::query_as::<_, JournalLine>(
        "SELECT e.id AS entry_id, e.seq, e.entry_date, e.description, p.account_id, p.amount \
         FROM journal_entries e JOIN postings p ON p.entry_id = e.id \
         WHERE e.org_id = $1 AND e.entry_date >= $2 AND e.entry_date <= $3 ORDER BY e.entry_date, e.seq, p.id LIMIT $4 OFFSET $5",
    ).bind(org_id).bind(from.to_string()).bind(through.to_string()).bind(limit).bind(offset).fetch_all(c).await?))
}

/// Postings to an account or its sub-accounts dated from `from` through `through`; at most
/// `limit`, after `offset`.
#[allow(clippy::too_many_arguments)]
pub async fn ledger(
    tx: &mut Tx,
    org_id: i64,
    account_id: i64,
    from: &str,
    through: &str,
    limit: i64,
    offset: i64,
) -> DbResult<Vec<JournalLine>> {
    Ok(on_conn!(tx, c => sqlx::query_as::<_, JournalLine>(
        "SELECT e.id AS entry_id, e.seq, e.entry_date, e.description, p.account_id, p.amount \
         FROM postings p JOIN journal_entries e ON e.id = p.entry_id JOIN accounts a ON a.id = p.account_id \
         WHERE p.org_id = $1 AND (a.id = $2 OR a.parent_id = $2) AND e.entry_date >= $3 AND e.entry_date <= $4 \
         ORDER BY e.entry_date, e.seq, p.id LIMIT $5 OFFSET $6",
    ).bind(org_id).bind(account_id).bind(from.to_string()).bind(through.to_string()).bind(limit).bind(offset).fetch_all(c).await?))
}

/// The sum of the first `n` of those postings (what a later page's opening balance adds).
pub async fn ledger_head_sum(
    tx: &mut Tx,
    org_id: i64,
    account_id: i64,
    from: &str,
    through: &str,
    n: i64,
) -> DbResult<i64> {
    Ok(on_conn!(tx, c => sqlx::query_scalar::<_, i64>(
        "SELECT CAST(COALESCE(SUM(amount), 0) AS BIGINT) FROM (SELECT p.amount FROM postings p JOIN journal_entries e ON e.id = p.entry_id \
         JOIN accounts a ON a.id = p.account_id \
         WHERE p.org_id = $1 AND (a.id = $2 OR a.parent_id = $2) AND e.entry_date >= $3 AND e.entry_date <= $4 \
         ORDER BY e.entry_date, e.seq, p.id LIMIT $5) head",
    ).bind(org_id).bind(account_id).bind(from.to_string()).bind(through.to_string()).bind(n).fetch_one(c).await?))
}

/// Debits minus credits on an account and its sub-accounts before `before`.
pub async fn balance_before(tx: &mut Tx, org_id: i64, account_id: i64, before: &str) -> DbResult<i64> {
    Ok(on_conn!(tx, c => sqlx::query_scalar::<_, i64>(
        "SELECT CAST(COALESCE(SUM(p.amount), 0) AS BIGINT) FROM postings p JOIN journal_entries e ON e.id = p.entry_id \
         JOIN accounts a ON a.id = p.account_id WHERE p.org_id = $1 AND (a.id = $2 OR a.parent_id = $2) AND e.entry_date < $3",
    ).bind(org_id).bind(account_id).bind(before.to_string()).fetch_one(c).await?))
}

/// For entries in the period that touch one of the tills: per other account, its credits
/// (money in) and its debits (money out).
pub async fn cash_counterparts(
    tx: &mut Tx,
    org_id: i64,
    tills: [i64; 3],
    from: &str,
    through: &str,
) -> DbResult<Vec<(i64, i64, i64)>> {
    Ok(on_conn!(tx, c => sqlx::query_as::<_, (i64, i64, i64)>(
        "SELECT p.account_id, \
                CAST(SUM(CASE WHEN p.amount < 0 THEN -p.amount ELSE 0 END) AS BIGINT), \
                CAST(SUM(CASE WHEN p.amount > 0 THEN p.amount ELSE 0 END) AS BIGINT) \
         FROM postings p JOIN journal_entries e ON e.id = p.entry_id \
         WHERE e.org_id = $1 AND e.entry_date >= $2 AND e.entry_date <= $3 \
           AND p.account_id NOT IN ($4, $5, $6) \
           AND EXISTS (SELECT 1 FROM postings q WHERE q.entry_id = e.id AND q.account_id IN ($4, $5, $6)) \
         GROUP BY p.account_id",
    ).bind(org_id).bind(from.to_string()).bind(through.to_string()).bind(tills[0]).bind(tills[1]).bind(tills[2]).fetch_all(c).await?))
}
