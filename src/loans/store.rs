//! The SQL of loan products, loans and instalments.

use crate::db::{DbResult, Tx, now};
use crate::on_conn;

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ProductRow {
    pub id: i64,
    pub name: String,
    pub method: String,
    pub annual_rate_bp: i64,
    pub instalments: i64,
    pub frequency: String,
    pub max_savings_multiple: i64,
    pub two_approvals: bool,
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct LoanRow {
    pub id: i64,
    pub product_id: i64,
    pub member_id: i64,
    pub principal: i64,
    pub purpose: String,
    pub status: String,
    pub applied_on: String,
    pub first_approver: Option<i64>,
    pub second_approver: Option<i64>,
    pub disbursed_on: Option<String>,
    pub approved_on: Option<String>,
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct InstalmentRow {
    pub id: i64,
    pub n: i64,
    pub due_on: String,
    pub principal: i64,
    pub interest: i64,
    pub paid_principal: i64,
    pub paid_interest: i64,
}

pub async fn products(tx: &mut Tx, org_id: i64) -> DbResult<Vec<ProductRow>> {
    Ok(on_conn!(tx, c => sqlx::query_as::<_, ProductRow>(
        "SELECT id, name, method, annual_rate_bp, instalments, frequency, max_savings_multiple, two_approvals FROM loan_products WHERE org_id = $1 ORDER BY name",
    ).bind(org_id).fetch_all(c).await?))
}

pub async fn product(tx: &mut Tx, org_id: i64, id: i64) -> DbResult<Option<ProductRow>> {
    Ok(on_conn!(tx, c => sqlx::query_as::<_, ProductRow>(
        "SELECT id, name, method, annual_rate_bp, instalments, frequency, max_savings_multiple, two_approvals FROM loan_products WHERE org_id = $1 AND id = $2",
    ).bind(org_id).bind(id).fetch_optional(c).await?))
}

#[allow(clippy::too_many_arguments)]
pub async fn insert_product(
    tx: &mut Tx,
    org_id: i64,
    name: &str,
    method: &str,
    bp: i64,
    instalments: i64,
    frequency: &str,
    multiple: i64,
    two: bool,
) -> DbResult<i64> {
    Ok(on_conn!(tx, c => sqlx::query_scalar(
        "INSERT INTO loan_products (org_id, name, method, annual_rate_bp, instalments, frequency, max_savings_multiple, two_approvals, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
    ).bind(org_id).bind(name.to_string()).bind(method.to_string()).bind(bp).bind(instalments).bind(frequency.to_string())
    .bind(multiple).bind(two).bind(now()).fetch_one(c).await?))
}

pub async fn loans(tx: &mut Tx, org_id: i64) -> DbResult<Vec<LoanRow>> {
    Ok(on_conn!(tx, c => sqlx::query_as::<_, LoanRow>(
        "SELECT id, product_id, member_id, principal, purpose, status, applied_on, first_approver, second_approver, disbursed_on, approved_on FROM loans WHERE org_id = $1 ORDER BY id DESC",
    ).bind(org_id).fetch_all(c).await?))
}

pub async fn loans_of_member(tx: &mut Tx, org_id: i64, member_id: i64) -> DbResult<Vec<LoanRow>> {
    Ok(on_conn!(tx, c => sqlx::query_as::<_, LoanRow>(
        "SELECT id, product_id, member_id, principal, purpose, status, applied_on, first_approver, second_approver, disbursed_on, approved_on FROM loans WHERE org_id = $1 AND member_id = $2 ORDER BY id",
    ).bind(org_id).bind(member_id).fetch_all(c).await?))
}

pub async fn loan(tx: &mut Tx, org_id: i64, id: i64) -> DbResult<Option<LoanRow>> {
    Ok(on_conn!(tx, c => sqlx::query_as::<_, LoanRow>(
        "SELECT id, product_id, member_id, principal, purpose, status, applied_on, first_approver, second_approver, disbursed_on, approved_on FROM loans WHERE org_id = $1 AND id = $2",
    ).bind(org_id).bind(id).fetch_optional(c).await?))
}

pub async fn insert_loan(
    tx: &mut Tx,
    org_id: i64,
    product_id: i64,
    member_id: i64,
    principal: i64,
    purpose: &str,
    applied_on: &str,
) -> DbResult<i64> {
    Ok(on_conn!(tx, c => sqlx::query_scalar(
        "INSERT INTO loans (org_id, product_id, member_id, principal, purpose, status, applied_on, created_at) VALUES ($1, $2, $3, $4, $5, 'applied', $6, $7) RETURNING id",
    ).bind(org_id).bind(product_id).bind(member_id).bind(principal).bind(purpose.to_string()).bind(applied_on.to_string()).bind(now()).fetch_one(c).await?))
}

pub async fn set_status(tx: &mut Tx, org_id: i64, id: i64, status: &str) -> DbResult<()> {
    on_conn!(tx, c => sqlx::query("UPDATE loans SET status = $3 WHERE org_id = $1 AND id = $2")
        .bind(org_id).bind(id).bind(status.to_string()).execute(c).await?.rows_affected());
    Ok(())
}

pub async fn set_approvers(tx: &mut Tx, org_id: i64, id: i64, first: Option<i64>, second: Option<i64>) -> DbResult<()> {
    on_conn!(tx, c => sqlx::query("UPDATE loans SET first_approver = $3, second_approver = $4 WHERE org_id = $1 AND id = $2")
        .bind(org_id).bind(id).bind(first).bind(second).execute(c).await?.rows_affected());
    Ok(())
}

pub async fn set_approved(tx: &mut Tx, org_id: i64, id: i64, on: &str) -> DbResult<()> {
    on_conn!(tx, c => sqlx::query("UPDATE loans SET status = 'approved', approved_on = $3 WHERE org_id = $1 AND id = $2")
        .bind(org_id).bind(id).bind(on.to_string()).execute(c).await?.rows_affected());
    Ok(())
}

pub async fn set_disbursed(tx: &mut Tx, org_id: i64, id: i64, date: &str) -> DbResult<()> {
    on_conn!(tx, c => sqlx::query("UPDATE loans SET status = 'disbursed', disbursed_on = $3 WHERE org_id = $1 AND id = $2")
        .bind(org_id).bind(id).bind(date.to_string()).execute(c).await?.rows_affected());
    Ok(())
}

pub async fn insert_instalment(
    tx: &mut Tx,
    org_id: i64,
    loan_id: i64,
    n: i64,
    due_on: &str,
    principal: i64,
    interest: i64,
) -> DbResult<()> {
    on_conn!(tx, c => sqlx::query(
        "INSERT INTO loan_instalments (org_id, loan_id, n, due_on, principal, interest) VALUES ($1, $2, $3, $4, $5, $6)",
    ).bind(org_id).bind(loan_id).bind(n).bind(due_on.to_string()).bind(principal).bind(interest).execute(c).await?.rows_affected());
    Ok(())
}

pub async fn instalments(tx: &mut Tx, org_id: i64, loan_id: i64) -> DbResult<Vec<InstalmentRow>> {
    Ok(on_conn!(tx, c => sqlx::query_as::<_, InstalmentRow>(
        "SELECT id, n, due_on, principal, interest, paid_principal, paid_interest FROM loan_instalments WHERE org_id = $1 AND loan_id = $2 ORDER BY n",
    ).bind(org_id).bind(loan_id).fetch_all(c).await?))
}

pub async fn pay_instalment(tx: &mut Tx, org_id: i64, id: i64, interest: i64, principal: i64) -> DbResult<()> {
    on_conn!(tx, c => sqlx::query(
        "UPDATE loan_instalments SET paid_interest = paid_interest + $3, paid_principal = paid_principal + $4 WHERE org_id = $1 AND id = $2",
    ).bind(org_id).bind(id).bind(interest).bind(principal).execute(c).await?.rows_affected());
    Ok(())
}

/// Cuts an instalment down to what was paid on it (it is then settled).
pub async fn settle_instalment_as_paid(tx: &mut Tx, org_id: i64, id: i64) -> DbResult<()> {
    on_conn!(tx, c => sqlx::query(
        "UPDATE loan_instalments SET principal = paid_principal, interest = paid_interest WHERE org_id = $1 AND id = $2",
    ).bind(org_id).bind(id).execute(c).await?.rows_affected());
    Ok(())
}

/// Removes an instalment nothing was paid on (its amount moves to the new schedule).
pub async fn drop_unpaid_instalment(tx: &mut Tx, org_id: i64, id: i64) -> DbResult<()> {
    on_conn!(tx, c => sqlx::query(
        "DELETE FROM loan_instalments WHERE org_id = $1 AND id = $2 AND paid_principal = 0 AND paid_interest = 0",
    ).bind(org_id).bind(id).execute(c).await?.rows_affected());
    Ok(())
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct RescheduleRow {
    pub on_date: String,
    pub outstanding: i64,
    pub carried_interest: i64,
    pub instalments: i64,
    pub first_due: String,
    pub reason: String,
    pub approved_by: Option<i64>,
}

pub async fn insert_reschedule(tx: &mut Tx, org_id: i64, loan_id: i64, r: &RescheduleRow) -> DbResult<()> {
    on_conn!(tx, c => sqlx::query(
        "INSERT INTO loan_reschedules (org_id, loan_id, on_date, outstanding, carried_interest, instalments, first_due, reason, approved_by, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
    ).bind(org_id).bind(loan_id).bind(r.on_date.clone()).bind(r.outstanding).bind(r.carried_interest).bind(r.instalments)
     .bind(r.first_due.clone()).bind(r.reason.clone()).bind(r.approved_by).bind(now()).execute(c).await?.rows_affected());
    Ok(())
}

pub async fn reschedules(tx: &mut Tx, org_id: i64, loan_id: i64) -> DbResult<Vec<RescheduleRow>> {
    Ok(on_conn!(tx, c => sqlx::query_as::<_, RescheduleRow>(
        "SELECT on_date, outstanding, carried_interest, instalments, first_due, reason, approved_by FROM loan_reschedules WHERE org_id = $1 AND loan_id = $2 ORDER BY id",
    ).bind(org_id).bind(loan_id).fetch_all(c).await?))
}

/// What was repaid on a loan, from its repayment entries in the books (the till's side of
/// each): (dated on or before `through`, in all).
pub async fn repaid(tx: &mut Tx, org_id: i64, loan_id: i64, through: &str) -> DbResult<(i64, i64)> {
    Ok(on_conn!(tx, c => sqlx::query_as::<_, (i64, i64)>(
        "SELECT CAST(COALESCE(SUM(CASE WHEN e.entry_date <= $3 THEN p.amount ELSE 0 END), 0) AS BIGINT), CAST(COALESCE(SUM(p.amount), 0) AS BIGINT) \
         FROM journal_entries e JOIN postings p ON p.entry_id = e.id \
         WHERE e.org_id = $1 AND p.org_id = $1 AND e.source = 'loan-repayment' AND e.source_id = $2 AND p.amount > 0",
    ).bind(org_id).bind(loan_id).bind(through.to_string()).fetch_one(c).await?))
}
