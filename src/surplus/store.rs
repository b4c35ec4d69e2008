//! The SQL of surplus-sharing proposals.

use crate::db::{DbResult, Tx, now};
use crate::on_conn;

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ProposalRow {
    pub id: i64,
    pub period_from: String,
    pub period_through: String,
    pub reserve_bp: i64,
    pub education_bp: i64,
    pub share_interest_bp: i64,
    pub measure: String,
    pub destination: String,
    pub status: String,
    pub proposed_by: Option<i64>,
}

pub async fn all(tx: &mut Tx, org_id: i64) -> DbResult<Vec<ProposalRow>> {
    Ok(on_conn!(tx, c => sqlx::query_as::<_, ProposalRow>(
        "SELECT id, period_from, period_through, reserve_bp, education_bp, share_interest_bp, measure, destination, status, proposed_by FROM surplus_distributions WHERE org_id = $1 ORDER BY id DESC",
    ).bind(org_id).fetch_all(c).await?))
}

pub async fn get(tx: &mut Tx, org_id: i64, id: i64) -> DbResult<Option<ProposalRow>> {
    Ok(on_conn!(tx, c => sqlx::query_as::<_, ProposalRow>(
        "SELECT id, period_from, period_through, reserve_bp, education_bp, share_interest_bp, measure, destination, status, proposed_by FROM surplus_distributions WHERE org_id = $1 AND id = $2",
    ).bind(org_id).bind(id).fetch_optional(c).await?))
}

#[allow(clippy::too_many_arguments)]
pub async fn insert(
    tx: &mut Tx,
    org_id: i64,
    from: &str,
    through: &str,
    reserve: i64,
    education: i64,
    interest: i64,
    measure: &str,
    destination: &str,
    by: i64,
) -> DbResult<i64> {
    Ok(on_conn!(tx, c => sqlx::query_scalar(
        "INSERT INTO surplus_distributions (org_id, period_from, period_through, reserve_bp, education_bp, share_interest_bp, measure, destination, status, proposed_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'proposed', $9, $10) RETURNING id",
    ).bind(org_id).bind(from.to_string()).bind(through.to_string()).bind(reserve).bind(education).bind(interest)
    .bind(measure.to_string()).bind(destination.to_string()).bind(by).bind(now()).fetch_one(c).await?))
}

pub async fn mark_posted(tx: &mut Tx, org_id: i64, id: i64, by: i64) -> DbResult<()> {
    on_conn!(tx, c => sqlx::query("UPDATE surplus_distributions SET status = 'posted', approved_by = $3 WHERE org_id = $1 AND id = $2")
        .bind(org_id).bind(id).bind(by).execute(c).await?.rows_affected());
    Ok(())
}
