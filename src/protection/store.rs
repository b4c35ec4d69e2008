//! The SQL of social protection. Every statement is bound to its organisation.

use crate::db::{DbResult, Tx, now};
use crate::on_conn;

#[derive(Debug, Clone, Default, sqlx::FromRow)]
pub struct SchemeRow {
    pub id: i64,
    pub name: String,
    pub kind: String,
    pub carrier: String,
    pub contact: String,
    pub reference: String,
    pub min_age: Option<i64>,
    pub max_age: Option<i64>,
    pub income_ceiling: Option<i64>,
    pub gender: String,
    pub min_member_months: Option<i64>,
    pub excludes: String,
    pub documents: String,
}

const SCHEME: &str = "SELECT id, name, kind, carrier, contact, reference, min_age, max_age, income_ceiling, gender, \
     min_member_months, excludes, documents FROM schemes";

pub async fn schemes(tx: &mut Tx, org_id: i64) -> DbResult<Vec<SchemeRow>> {
    Ok(
        on_conn!(tx, c => sqlx::query_as(sqlx::AssertSqlSafe(format!("{SCHEME} WHERE org_id = $1 ORDER BY name, id")))
        .bind(org_id).fetch_all(c).await?),
    )
}

pub async fn scheme(tx: &mut Tx, org_id: i64, id: i64) -> DbResult<Option<SchemeRow>> {
    Ok(
        on_conn!(tx, c => sqlx::query_as(sqlx::AssertSqlSafe(format!("{SCHEME} WHERE org_id = $1 AND id = $2")))
        .bind(org_id).bind(id).fetch_optional(c).await?),
    )
}

pub async fn insert_scheme(tx: &mut Tx, org_id: i64, s: &SchemeRow) -> DbResult<i64> {
    Ok(on_conn!(tx, c => sqlx::query_scalar(
        "INSERT INTO schemes (org_id, name, kind, carrier, contact, reference, min_age, max_age, income_ceiling, gender, \
         min_member_months, excludes, documents, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) RETURNING id")
        .bind(org_id).bind(&s.name).bind(&s.kind).bind(&s.carrier).bind(&s.contact).bind(&s.reference)
        .bind(s.min_age).bind(s.max_age).bind(s.income_ceiling).bind(&s.gender).bind(s.min_member_months)
        .bind(&s.excludes).bind(&s.documents).bind(now())
        .fetch_one(c).await?))
}

#[derive(Debug, Clone, Default, sqlx::FromRow)]
pub struct RateRow {
    pub id: i64,
    pub scheme_id: i64,
    pub method: String,
    pub period: String,
    pub amount: i64,
    pub age_table: String,
    pub bp: i64,
    pub floor: i64,
    pub ceiling: i64,
    pub minimum_wage: i64,
    pub match_bp: i64,
    pub match_by: String,
    pub grace_days: i64,
    pub valid_from: String,
    pub valid_to: Option<String>,
}

/// A scheme's rate tables, oldest first.
pub async fn rates(tx: &mut Tx, org_id: i64, scheme_id: i64) -> DbResult<Vec<RateRow>> {
    Ok(on_conn!(tx, c => sqlx::query_as(
        "SELECT id, scheme_id, method, period, amount, age_table, bp, floor, ceiling, minimum_wage, match_bp, match_by, \
         grace_days, valid_from, valid_to FROM scheme_rates WHERE org_id = $1 AND scheme_id = $2 ORDER BY valid_from, id")
        .bind(org_id).bind(scheme_id).fetch_all(c).await?))
}

pub async fn insert_rate(tx: &mut Tx, org_id: i64, r: &RateRow) -> DbResult<i64> {
    Ok(on_conn!(tx, c => sqlx::query_scalar(
        "INSERT INTO scheme_rates (org_id, scheme_id, method, period, amount, age_table, bp, floor, ceiling, minimum_wage, \
         match_bp, match_by, grace_days, valid_from, valid_to, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16) RETURNING id")
        .bind(org_id).bind(r.scheme_id).bind(&r.method).bind(&r.period).bind(r.amount).bind(&r.age_table).bind(r.bp)
        .bind(r.floor).bind(r.ceiling).bind(r.minimum_wage).bind(r.match_bp).bind(&r.match_by).bind(r.grace_days)
        .bind(&r.valid_from).bind(&r.valid_to).bind(now())
        .fetch_one(c).await?))
}

/// (date of birth, declared monthly income) as the organisation recorded them.
pub async fn profile(tx: &mut Tx, org_id: i64, member_id: i64) -> DbResult<(Option<String>, Option<i64>)> {
    let row: Option<(Option<String>, Option<i64>)> = on_conn!(tx, c => sqlx::query_as(
        "SELECT born_on, monthly_income FROM protection_profiles WHERE org_id = $1 AND member_id = $2")
        .bind(org_id).bind(member_id).fetch_optional(c).await?);
    Ok(row.unwrap_or_default())
}

pub async fn put_profile(
    tx: &mut Tx,
    org_id: i64,
    member_id: i64,
    born_on: Option<&str>,
    income: Option<i64>,
) -> DbResult<()> {
    on_conn!(tx, c => sqlx::query(
        "INSERT INTO protection_profiles (org_id, member_id, born_on, monthly_income) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (org_id, member_id) DO UPDATE SET born_on = excluded.born_on, monthly_income = excluded.monthly_income")
        .bind(org_id).bind(member_id).bind(born_on).bind(income).execute(c).await?.rows_affected());
    Ok(())
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct EnrolmentRow {
    pub id: i64,
    pub scheme_id: i64,
    pub member_id: i64,
    pub member_name: String,
    pub member_number: String,
    pub status: String,
    pub policy_number: String,
    pub age_at_entry: Option<i64>,
    pub applied_on: String,
    pub started_on: Option<String>,
    /// Periods paid for in all.
    pub periods_paid: i64,
}

const ENROLMENT: &str = "SELECT e.id, e.scheme_id, e.member_id, m.name AS member_name, m.member_number, e.status, \
     e.policy_number, e.age_at_entry, e.applied_on, e.started_on, \
     CAST(COALESCE((SELECT SUM(c.periods) FROM contributions c WHERE c.org_id = e.org_id AND c.enrolment_id = e.id), 0) AS BIGINT) AS periods_paid \
     FROM enrolments e JOIN memberships m ON m.id = e.member_id AND m.org_id = e.org_id";

/// Enrolments of a scheme, or of a member, or all of the organisation's.
pub async fn enrolments(
    tx: &mut Tx,
    org_id: i64,
    scheme: Option<i64>,
    member: Option<i64>,
) -> DbResult<Vec<EnrolmentRow>> {
    Ok(on_conn!(tx, c => sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "{ENROLMENT} WHERE e.org_id = $1 AND ($2 IS NULL OR e.scheme_id = $2) AND ($3 IS NULL OR e.member_id = $3) \
         ORDER BY e.id")))
        .bind(org_id).bind(scheme).bind(member).fetch_all(c).await?))
}

pub async fn enrolment(tx: &mut Tx, org_id: i64, id: i64) -> DbResult<Option<EnrolmentRow>> {
    Ok(
        on_conn!(tx, c => sqlx::query_as(sqlx::AssertSqlSafe(format!("{ENROLMENT} WHERE e.org_id = $1 AND e.id = $2")))
        .bind(org_id).bind(id).fetch_optional(c).await?),
    )
}

pub async fn insert_enrolment(
    tx: &mut Tx,
    org_id: i64,
    scheme_id: i64,
    member_id: i64,
    age_at_entry: Option<i64>,
    applied_on: &str,
) -> DbResult<i64> {
    Ok(on_conn!(tx, c => sqlx::query_scalar(
        "INSERT INTO enrolments (org_id, scheme_id, member_id, status, age_at_entry, applied_on, created_at) \
         VALUES ($1, $2, $3, 'applied', $4, $5, $6) RETURNING id")
        .bind(org_id).bind(scheme_id).bind(member_id).bind(age_at_entry).bind(applied_on).bind(now())
        .fetch_one(c).await?))
}

pub async fn set_status(
    tx: &mut Tx,
    org_id: i64,
    id: i64,
    status: &str,
    policy_number: &str,
    started_on: Option<&str>,
) -> DbResult<()> {
    on_conn!(tx, c => sqlx::query(
        "UPDATE enrolments SET status = $1, policy_number = $2, started_on = COALESCE($3, started_on) \
         WHERE org_id = $4 AND id = $5")
        .bind(status).bind(policy_number).bind(started_on).bind(org_id).bind(id).execute(c).await?.rows_affected());
    Ok(())
}

pub async fn insert_step(
    tx: &mut Tx,
    org_id: i64,
    enrolment_id: i64,
    status: &str,
    on: &str,
    note: &str,
    by: i64,
) -> DbResult<()> {
    on_conn!(tx, c => sqlx::query(
        "INSERT INTO enrolment_steps (org_id, enrolment_id, status, on_day, note, created_by, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)")
        .bind(org_id).bind(enrolment_id).bind(status).bind(on).bind(note).bind(by).bind(now()).execute(c).await?.rows_affected());
    Ok(())
}

/// An enrolment's steps, oldest first: (status, day, note, by whom).
pub async fn steps(tx: &mut Tx, org_id: i64, enrolment_id: i64) -> DbResult<Vec<(String, String, String, String)>> {
    Ok(on_conn!(tx, c => sqlx::query_as(
        "SELECT s.status, s.on_day, s.note, COALESCE(b.name, '') FROM enrolment_steps s \
         LEFT JOIN memberships b ON b.person_id = s.created_by AND b.org_id = s.org_id \
         WHERE s.org_id = $1 AND s.enrolment_id = $2 ORDER BY s.id")
        .bind(org_id).bind(enrolment_id).fetch_all(c).await?))
}

/// The documents an enrolment has received: (name, day).
pub async fn documents(tx: &mut Tx, org_id: i64, enrolment_id: i64) -> DbResult<Vec<(String, String)>> {
    Ok(on_conn!(tx, c => sqlx::query_as(
        "SELECT name, received_on FROM enrolment_documents WHERE org_id = $1 AND enrolment_id = $2 ORDER BY id")
        .bind(org_id).bind(enrolment_id).fetch_all(c).await?))
}

/// Every document received for the enrolments of a scheme (or of all): (enrolment, name).
pub async fn received(tx: &mut Tx, org_id: i64, scheme: Option<i64>) -> DbResult<Vec<(i64, String)>> {
    Ok(on_conn!(tx, c => sqlx::query_as(
        "SELECT d.enrolment_id, d.name FROM enrolment_documents d \
         JOIN enrolments e ON e.id = d.enrolment_id AND e.org_id = d.org_id \
         WHERE d.org_id = $1 AND ($2 IS NULL OR e.scheme_id = $2) ORDER BY d.id")
        .bind(org_id).bind(scheme).fetch_all(c).await?))
}

pub async fn receive_document(tx: &mut Tx, org_id: i64, enrolment_id: i64, name: &str, on: &str) -> DbResult<()> {
    on_conn!(tx, c => sqlx::query(
        "INSERT INTO enrolment_documents (org_id, enrolment_id, name, received_on) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (enrolment_id, name) DO NOTHING")
        .bind(org_id).bind(enrolment_id).bind(name).bind(on).execute(c).await?.rows_affected());
    Ok(())
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ContributionRow {
    pub id: i64,
    pub enrolment_id: i64,
    pub scheme_id: i64,
    pub member_name: String,
    pub member_number: String,
    pub policy_number: String,
    pub periods: i64,
    pub amount: i64,
    pub matched: i64,
    pub match_by: String,
    pub paid_on: String,
    pub till: String,
    pub remittance_id: Option<i64>,
}

const CONTRIBUTION: &str = "SELECT c.id, c.enrolment_id, c.scheme_id, m.name AS member_name, m.member_number, \
     e.policy_number, c.periods, c.amount, c.matched, c.match_by, c.paid_on, c.till, c.remittance_id \
     FROM contributions c JOIN enrolments e ON e.id = c.enrolment_id AND e.org_id = c.org_id \
     JOIN memberships m ON m.id = e.member_id AND m.org_id = e.org_id";

/// Contributions of a scheme (or of an enrolment, or of a remittance), oldest first.
pub async fn contributions(
    tx: &mut Tx,
    org_id: i64,
    scheme: Option<i64>,
    enrolment: Option<i64>,
    remittance: Option<i64>,
) -> DbResult<Vec<ContributionRow>> {
    Ok(on_conn!(tx, c => sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "{CONTRIBUTION} WHERE c.org_id = $1 AND ($2 IS NULL OR c.scheme_id = $2) AND ($3 IS NULL OR c.enrolment_id = $3) \
         AND ($4 IS NULL OR c.remittance_id = $4) ORDER BY c.paid_on, c.id")))
        .bind(org_id).bind(scheme).bind(enrolment).bind(remittance).fetch_all(c).await?))
}

pub struct NewContribution<'a> {
    pub enrolment_id: i64,
    pub scheme_id: i64,
    pub periods: i64,
    pub amount: i64,
    pub matched: i64,
    pub match_by: &'a str,
    pub paid_on: &'a str,
    pub till: &'a str,
}

pub async fn insert_contribution(tx: &mut Tx, org_id: i64, n: &NewContribution<'_>, by: i64) -> DbResult<i64> {
    Ok(on_conn!(tx, c => sqlx::query_scalar(
        "INSERT INTO contributions (org_id, enrolment_id, scheme_id, periods, amount, matched, match_by, paid_on, till, \
         created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id")
        .bind(org_id).bind(n.enrolment_id).bind(n.scheme_id).bind(n.periods).bind(n.amount).bind(n.matched)
        .bind(n.match_by).bind(n.paid_on).bind(n.till).bind(by).bind(now())
        .fetch_one(c).await?))
}

pub async fn set_contribution_entry(tx: &mut Tx, org_id: i64, id: i64, entry_id: i64) -> DbResult<()> {
    on_conn!(tx, c => sqlx::query("UPDATE contributions SET entry_id = $1 WHERE org_id = $2 AND id = $3")
        .bind(entry_id).bind(org_id).bind(id).execute(c).await?.rows_affected());
    Ok(())
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct RemittanceRow {
    pub id: i64,
    pub scheme_id: i64,
    pub amount: i64,
    pub remitted_on: String,
    pub till: String,
    pub reference: String,
    pub acknowledgement: String,
}

pub async fn remittances(tx: &mut Tx, org_id: i64, scheme_id: i64) -> DbResult<Vec<RemittanceRow>> {
    Ok(on_conn!(tx, c => sqlx::query_as(
        "SELECT id, scheme_id, amount, remitted_on, till, reference, acknowledgement FROM remittances \
         WHERE org_id = $1 AND scheme_id = $2 ORDER BY id DESC")
        .bind(org_id).bind(scheme_id).fetch_all(c).await?))
}

pub async fn remittance(tx: &mut Tx, org_id: i64, id: i64) -> DbResult<Option<RemittanceRow>> {
    Ok(on_conn!(tx, c => sqlx::query_as(
        "SELECT id, scheme_id, amount, remitted_on, till, reference, acknowledgement FROM remittances \
         WHERE org_id = $1 AND id = $2")
        .bind(org_id).bind(id).fetch_optional(c).await?))
}

#[allow(clippy::too_many_arguments)]
pub async fn insert_remittance(
    tx: &mut Tx,
    org_id: i64,
    scheme_id: i64,
    amount: i64,
    on: &str,
    till: &str,
    reference: &str,
    by: i64,
) -> DbResult<i64> {
    Ok(on_conn!(tx, c => sqlx::query_scalar(
        "INSERT INTO remittances (org_id, scheme_id, amount, remitted_on, till, reference, created_by, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id")
        .bind(org_id).bind(scheme_id).bind(amount).bind(on).bind(till).bind(reference).bind(by).bind(now())
        .fetch_one(c).await?))
}

pub async fn remit_contributions(tx: &mut Tx, org_id: i64, remittance_id: i64, ids: &[i64]) -> DbResult<u64> {
    let list = serde_json::to_string(ids).unwrap_or_else(|_| "[]".into());
    Ok(if matches!(tx, Tx::Postgres(_)) {
        on_conn!(tx, c => sqlx::query(
            "UPDATE contributions SET remittance_id = $1 WHERE org_id = $2 AND remittance_id IS NULL \
             AND id IN (SELECT CAST(value AS BIGINT) FROM json_array_elements_text(CAST($3 AS json)))")
            .bind(remittance_id).bind(org_id).bind(list).execute(c).await?.rows_affected())
    } else {
        on_conn!(tx, c => sqlx::query(
            "UPDATE contributions SET remittance_id = $1 WHERE org_id = $2 AND remittance_id IS NULL \
             AND id IN (SELECT value FROM json_each($3))")
            .bind(remittance_id).bind(org_id).bind(list).execute(c).await?.rows_affected())
    })
}

pub async fn set_remittance_entry(tx: &mut Tx, org_id: i64, id: i64, entry_id: i64) -> DbResult<()> {
    on_conn!(tx, c => sqlx::query("UPDATE remittances SET entry_id = $1 WHERE org_id = $2 AND id = $3")
        .bind(entry_id).bind(org_id).bind(id).execute(c).await?.rows_affected());
    Ok(())
}

pub async fn acknowledge(tx: &mut Tx, org_id: i64, id: i64, text: &str) -> DbResult<u64> {
    Ok(
        on_conn!(tx, c => sqlx::query("UPDATE remittances SET acknowledgement = $1 WHERE org_id = $2 AND id = $3")
        .bind(text).bind(org_id).bind(id).execute(c).await?.rows_affected()),
    )
}
