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
    pub turnaround_days: Option<i64>,
    pub published: bool,
    pub adopted_from: Option<i64>,
}

const SCHEME: &str = "SELECT id, name, kind, carrier, contact, reference, min_age, max_age, income_ceiling, gender, \
     min_member_months, excludes, documents, turnaround_days, published, adopted_from FROM schemes";

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
         min_member_months, excludes, documents, turnaround_days, published, adopted_from, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17) RETURNING id")
        .bind(org_id).bind(&s.name).bind(&s.kind).bind(&s.carrier).bind(&s.contact).bind(&s.reference)
        .bind(s.min_age).bind(s.max_age).bind(s.income_ceiling).bind(&s.gender).bind(s.min_member_months)
        .bind(&s.excludes).bind(&s.documents).bind(s.turnaround_days).bind(s.published).bind(s.adopted_from).bind(now())
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
    /// Who set her standing instruction to pay from her savings, when there is one.
    pub instructed_by: Option<i64>,
}

const ENROLMENT: &str = "SELECT e.id, e.scheme_id, e.member_id, m.name AS member_name, m.member_number, e.status, \
     e.policy_number, e.age_at_entry, e.applied_on, e.started_on, \
     CAST(COALESCE((SELECT SUM(c.periods) FROM contributions c WHERE c.org_id = e.org_id AND c.enrolment_id = e.id), 0) AS BIGINT) AS periods_paid, \
     e.instructed_by FROM enrolments e JOIN memberships m ON m.id = e.member_id AND m.org_id = e.org_id";

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

/// The schemes the organisation's federations and networks publish for it to adopt.
pub async fn published_for(tx: &mut Tx, org_id: i64) -> DbResult<Vec<(String, SchemeRow)>> {
    let parents: Vec<(i64, String)> = on_conn!(tx, c => sqlx::query_as(
        "SELECT o.id, o.name FROM orgs o JOIN affiliations a ON a.parent_id = o.id WHERE a.org_id = $1 ORDER BY o.name")
        .bind(org_id).fetch_all(c).await?);
    let mut out = vec![];
    for (parent, name) in parents {
        let rows: Vec<SchemeRow> = on_conn!(tx, c => sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "{SCHEME} WHERE org_id = $1 AND published ORDER BY name, id")))
            .bind(parent).fetch_all(c).await?);
        out.extend(rows.into_iter().map(|s| (name.clone(), s)));
    }
    Ok(out)
}

pub async fn set_published(tx: &mut Tx, org_id: i64, id: i64, published: bool) -> DbResult<u64> {
    Ok(
        on_conn!(tx, c => sqlx::query("UPDATE schemes SET published = $1 WHERE org_id = $2 AND id = $3")
        .bind(published).bind(org_id).bind(id).execute(c).await?.rows_affected()),
    )
}

// Dependants.

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct DependantRow {
    pub id: i64,
    pub enrolment_id: i64,
    pub name: String,
    pub relation: String,
    pub born_on: Option<String>,
}

pub async fn dependants(tx: &mut Tx, org_id: i64, enrolment: Option<i64>) -> DbResult<Vec<DependantRow>> {
    Ok(on_conn!(tx, c => sqlx::query_as(
        "SELECT id, enrolment_id, name, relation, born_on FROM dependants \
         WHERE org_id = $1 AND ($2 IS NULL OR enrolment_id = $2) ORDER BY id")
        .bind(org_id).bind(enrolment).fetch_all(c).await?))
}

pub async fn insert_dependant(
    tx: &mut Tx,
    org_id: i64,
    enrolment_id: i64,
    name: &str,
    relation: &str,
    born_on: Option<&str>,
) -> DbResult<i64> {
    Ok(on_conn!(tx, c => sqlx::query_scalar(
        "INSERT INTO dependants (org_id, enrolment_id, name, relation, born_on, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id")
        .bind(org_id).bind(enrolment_id).bind(name).bind(relation).bind(born_on).bind(now())
        .fetch_one(c).await?))
}

// Claims.

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ClaimRow {
    pub id: i64,
    pub enrolment_id: i64,
    pub scheme_id: i64,
    pub member_id: i64,
    pub member_name: String,
    pub member_number: String,
    pub policy_number: String,
    pub status: String,
    pub what: String,
    pub happened_on: String,
    pub reported_on: String,
    pub asked: i64,
    pub approved: Option<i64>,
    pub reason: String,
    pub route: String,
    pub complete_on: Option<String>,
    pub paid_on: Option<String>,
}

const CLAIM: &str = "SELECT k.id, k.enrolment_id, k.scheme_id, e.member_id, m.name AS member_name, m.member_number, \
     e.policy_number, k.status, k.what, k.happened_on, k.reported_on, k.asked, k.approved, k.reason, k.route, \
     k.complete_on, k.paid_on FROM claims k JOIN enrolments e ON e.id = k.enrolment_id AND e.org_id = k.org_id \
     JOIN memberships m ON m.id = e.member_id AND m.org_id = e.org_id";

/// Claims of a scheme, or of a member, or all of the organisation's, newest first.
pub async fn claims(tx: &mut Tx, org_id: i64, scheme: Option<i64>, member: Option<i64>) -> DbResult<Vec<ClaimRow>> {
    Ok(on_conn!(tx, c => sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "{CLAIM} WHERE k.org_id = $1 AND ($2 IS NULL OR k.scheme_id = $2) AND ($3 IS NULL OR e.member_id = $3) \
         ORDER BY k.id DESC")))
        .bind(org_id).bind(scheme).bind(member).fetch_all(c).await?))
}

pub async fn claim(tx: &mut Tx, org_id: i64, id: i64) -> DbResult<Option<ClaimRow>> {
    Ok(
        on_conn!(tx, c => sqlx::query_as(sqlx::AssertSqlSafe(format!("{CLAIM} WHERE k.org_id = $1 AND k.id = $2")))
        .bind(org_id).bind(id).fetch_optional(c).await?),
    )
}

#[allow(clippy::too_many_arguments)]
pub async fn insert_claim(
    tx: &mut Tx,
    org_id: i64,
    enrolment_id: i64,
    scheme_id: i64,
    what: &str,
    happened_on: &str,
    reported_on: &str,
    asked: i64,
    by: i64,
) -> DbResult<i64> {
    Ok(on_conn!(tx, c => sqlx::query_scalar(
        "INSERT INTO claims (org_id, enrolment_id, scheme_id, status, what, happened_on, reported_on, asked, \
         complete_on, created_by, created_at) VALUES ($1, $2, $3, 'reported', $4, $5, $6, $7, $6, $8, $9) RETURNING id")
        .bind(org_id).bind(enrolment_id).bind(scheme_id).bind(what).bind(happened_on).bind(reported_on).bind(asked)
        .bind(by).bind(now()).fetch_one(c).await?))
}

/// What a step changes on a claim.
#[derive(Debug, Clone, Default)]
pub struct ClaimChange<'a> {
    pub status: &'a str,
    pub approved: Option<i64>,
    pub reason: Option<&'a str>,
    pub route: Option<&'a str>,
    pub complete_on: Option<&'a str>,
    pub paid_on: Option<&'a str>,
    pub till: Option<&'a str>,
    pub entry_id: Option<i64>,
}

/// Moves a claim on from the status it was read in; none when another request moved it
/// first (so a claim is never paid twice).
pub async fn change_claim(tx: &mut Tx, org_id: i64, id: i64, from: &str, ch: &ClaimChange<'_>) -> DbResult<u64> {
    Ok(on_conn!(tx, c => sqlx::query(
        "UPDATE claims SET status = $1, approved = COALESCE($2, approved), reason = COALESCE($3, reason), \
         route = COALESCE($4, route), complete_on = COALESCE($5, complete_on), paid_on = COALESCE($6, paid_on), \
         till = COALESCE($7, till), entry_id = COALESCE($8, entry_id) WHERE org_id = $9 AND id = $10 AND status = $11")
        .bind(ch.status).bind(ch.approved).bind(ch.reason).bind(ch.route).bind(ch.complete_on).bind(ch.paid_on)
        .bind(ch.till).bind(ch.entry_id).bind(org_id).bind(id).bind(from).execute(c).await?.rows_affected()))
}

pub async fn insert_claim_step(
    tx: &mut Tx,
    org_id: i64,
    claim_id: i64,
    status: &str,
    on: &str,
    note: &str,
    by: i64,
) -> DbResult<()> {
    on_conn!(tx, c => sqlx::query(
        "INSERT INTO claim_steps (org_id, claim_id, status, on_day, note, created_by, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)")
        .bind(org_id).bind(claim_id).bind(status).bind(on).bind(note).bind(by).bind(now()).execute(c).await?.rows_affected());
    Ok(())
}

/// A claim's steps, oldest first: (status, day, note, by whom, when in seconds).
pub async fn claim_steps(
    tx: &mut Tx,
    org_id: i64,
    claim_id: i64,
) -> DbResult<Vec<(String, String, String, String, i64)>> {
    Ok(on_conn!(tx, c => sqlx::query_as(
        "SELECT s.status, s.on_day, s.note, COALESCE(b.name, ''), s.created_at FROM claim_steps s \
         LEFT JOIN memberships b ON b.person_id = s.created_by AND b.org_id = s.org_id \
         WHERE s.org_id = $1 AND s.claim_id = $2 ORDER BY s.id")
        .bind(org_id).bind(claim_id).fetch_all(c).await?))
}

/// A claim's documents: (name, the day it came in when it has).
pub async fn claim_documents(tx: &mut Tx, org_id: i64, claim_id: i64) -> DbResult<Vec<(String, Option<String>)>> {
    Ok(on_conn!(tx, c => sqlx::query_as(
        "SELECT name, received_on FROM claim_documents WHERE org_id = $1 AND claim_id = $2 ORDER BY id")
        .bind(org_id).bind(claim_id).fetch_all(c).await?))
}

/// Every claim document of the organisation still awaited: (claim, name).
pub async fn awaited_documents(tx: &mut Tx, org_id: i64) -> DbResult<Vec<(i64, String)>> {
    Ok(on_conn!(tx, c => sqlx::query_as(
        "SELECT claim_id, name FROM claim_documents WHERE org_id = $1 AND received_on IS NULL ORDER BY id")
        .bind(org_id).fetch_all(c).await?))
}

pub async fn ask_claim_document(tx: &mut Tx, org_id: i64, claim_id: i64, name: &str) -> DbResult<()> {
    on_conn!(tx, c => sqlx::query(
        "INSERT INTO claim_documents (org_id, claim_id, name) VALUES ($1, $2, $3) ON CONFLICT (claim_id, name) DO NOTHING")
        .bind(org_id).bind(claim_id).bind(name).execute(c).await?.rows_affected());
    Ok(())
}

pub async fn receive_claim_document(tx: &mut Tx, org_id: i64, claim_id: i64, name: &str, on: &str) -> DbResult<u64> {
    Ok(on_conn!(tx, c => sqlx::query(
        "UPDATE claim_documents SET received_on = $1 WHERE org_id = $2 AND claim_id = $3 AND name = $4 \
         AND received_on IS NULL")
        .bind(on).bind(org_id).bind(claim_id).bind(name).execute(c).await?.rows_affected()))
}

pub async fn set_claim_complete(tx: &mut Tx, org_id: i64, id: i64, on: Option<&str>) -> DbResult<()> {
    on_conn!(tx, c => sqlx::query("UPDATE claims SET complete_on = $1 WHERE org_id = $2 AND id = $3")
        .bind(on).bind(org_id).bind(id).execute(c).await?.rows_affected());
    Ok(())
}

// The solidarity fund.

/// The fund's rule: (amount, per).
pub async fn fund_rule(tx: &mut Tx, org_id: i64) -> DbResult<Option<(i64, String)>> {
    Ok(
        on_conn!(tx, c => sqlx::query_as("SELECT amount, per FROM solidarity_rules WHERE org_id = $1")
        .bind(org_id).fetch_optional(c).await?),
    )
}

pub async fn put_fund_rule(tx: &mut Tx, org_id: i64, amount: i64, per: &str) -> DbResult<()> {
    on_conn!(tx, c => sqlx::query(
        "INSERT INTO solidarity_rules (org_id, amount, per) VALUES ($1, $2, $3) \
         ON CONFLICT (org_id) DO UPDATE SET amount = excluded.amount, per = excluded.per")
        .bind(org_id).bind(amount).bind(per).execute(c).await?.rows_affected());
    Ok(())
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct FundMoveRow {
    pub id: i64,
    pub kind: String,
    pub member_id: i64,
    pub member_name: String,
    pub member_number: String,
    pub amount: i64,
    pub periods: i64,
    pub on_day: String,
    pub till: String,
    pub agenda_item_id: Option<i64>,
    pub proposal_id: Option<i64>,
    pub purpose: String,
}

/// The fund's money in and out, newest first; of one member when asked.
pub async fn fund_moves(tx: &mut Tx, org_id: i64, member: Option<i64>) -> DbResult<Vec<FundMoveRow>> {
    Ok(on_conn!(tx, c => sqlx::query_as(
        "SELECT f.id, f.kind, f.member_id, m.name AS member_name, m.member_number, f.amount, f.periods, f.on_day, \
         f.till, f.agenda_item_id, f.proposal_id, f.purpose FROM solidarity_moves f \
         JOIN memberships m ON m.id = f.member_id AND m.org_id = f.org_id \
         WHERE f.org_id = $1 AND ($2 IS NULL OR f.member_id = $2) ORDER BY f.on_day DESC, f.id DESC")
        .bind(org_id).bind(member).fetch_all(c).await?))
}

pub struct NewFundMove<'a> {
    pub kind: &'a str,
    pub member_id: i64,
    pub amount: i64,
    pub periods: i64,
    pub on: &'a str,
    pub till: &'a str,
    pub agenda_item_id: Option<i64>,
    pub proposal_id: Option<i64>,
    pub meeting_id: Option<i64>,
    pub purpose: &'a str,
}

pub async fn insert_fund_move(tx: &mut Tx, org_id: i64, n: &NewFundMove<'_>, by: i64) -> DbResult<i64> {
    Ok(on_conn!(tx, c => sqlx::query_scalar(
        "INSERT INTO solidarity_moves (org_id, kind, member_id, amount, periods, on_day, till, agenda_item_id, \
         proposal_id, meeting_id, purpose, created_by, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id")
        .bind(org_id).bind(n.kind).bind(n.member_id).bind(n.amount).bind(n.periods).bind(n.on).bind(n.till)
        .bind(n.agenda_item_id).bind(n.proposal_id).bind(n.meeting_id).bind(n.purpose).bind(by).bind(now())
        .fetch_one(c).await?))
}

pub async fn set_fund_entry(tx: &mut Tx, org_id: i64, id: i64, entry_id: i64) -> DbResult<()> {
    on_conn!(tx, c => sqlx::query("UPDATE solidarity_moves SET entry_id = $1 WHERE org_id = $2 AND id = $3")
        .bind(entry_id).bind(org_id).bind(id).execute(c).await?.rows_affected());
    Ok(())
}

/// The decisions a grant may rest on: agenda items a meeting decided, (item, meeting day,
/// meeting title, item title, decision).
pub async fn decided_items(tx: &mut Tx, org_id: i64) -> DbResult<Vec<(i64, String, String, String, String)>> {
    Ok(on_conn!(tx, c => sqlx::query_as(
        "SELECT a.id, m.starts_at, m.title, a.title, a.decision FROM agenda_items a \
         JOIN meetings m ON m.id = a.meeting_id AND m.org_id = a.org_id \
         WHERE a.org_id = $1 AND a.decision <> '' ORDER BY m.starts_at DESC, a.position")
        .bind(org_id).fetch_all(c).await?))
}

/// Whether a meeting of the organisation decided this agenda item.
pub async fn is_decided(tx: &mut Tx, org_id: i64, item: i64) -> DbResult<bool> {
    let n: i64 = on_conn!(tx, c => sqlx::query_scalar(
        "SELECT COUNT(*) FROM agenda_items WHERE org_id = $1 AND id = $2 AND decision <> ''")
        .bind(org_id).bind(item).fetch_one(c).await?);
    Ok(n > 0)
}

/// Whether the organisation's members passed this proposal.
pub async fn is_passed(tx: &mut Tx, org_id: i64, proposal: i64) -> DbResult<bool> {
    let n: i64 = on_conn!(tx, c => sqlx::query_scalar(
        "SELECT COUNT(*) FROM proposals WHERE org_id = $1 AND id = $2 AND status = 'closed' AND passed")
        .bind(org_id).bind(proposal).fetch_one(c).await?);
    Ok(n > 0)
}

/// Proposals the members passed: (id, closing day, title).
pub async fn passed_proposals(tx: &mut Tx, org_id: i64) -> DbResult<Vec<(i64, String, String)>> {
    Ok(on_conn!(tx, c => sqlx::query_as(
        "SELECT id, closes_on, title FROM proposals WHERE org_id = $1 AND status = 'closed' AND passed \
         ORDER BY closes_on DESC, id DESC")
        .bind(org_id).fetch_all(c).await?))
}

/// The organisation a scheme belongs to (a federation's, for one it publishes).
pub async fn scheme_org(tx: &mut Tx, id: i64) -> DbResult<i64> {
    Ok(
        on_conn!(tx, c => sqlx::query_scalar("SELECT org_id FROM schemes WHERE id = $1 AND published")
        .bind(id).fetch_one(c).await?),
    )
}

/// The organisation's active members with their gender: (member, gender).
pub async fn active_genders(tx: &mut Tx, org_id: i64) -> DbResult<Vec<(i64, String)>> {
    Ok(on_conn!(tx, c => sqlx::query_as(
        "SELECT id, gender FROM memberships WHERE org_id = $1 AND status = 'active' ORDER BY id")
        .bind(org_id).fetch_all(c).await?))
}

pub async fn set_instruction(tx: &mut Tx, org_id: i64, id: i64, by: Option<i64>) -> DbResult<()> {
    on_conn!(tx, c => sqlx::query("UPDATE enrolments SET instructed_by = $1 WHERE org_id = $2 AND id = $3")
        .bind(by).bind(org_id).bind(id).execute(c).await?.rows_affected());
    Ok(())
}

/// Meetings held or being held, newest first: (id, starts at, title).
pub async fn meetings_held(tx: &mut Tx, org_id: i64) -> DbResult<Vec<(i64, String, String)>> {
    Ok(on_conn!(tx, c => sqlx::query_as(
        "SELECT id, starts_at, title FROM meetings WHERE org_id = $1 AND status IN ('open', 'closed') \
         ORDER BY starts_at DESC, id DESC LIMIT 20")
        .bind(org_id).fetch_all(c).await?))
}

/// Whether the organisation's meeting is open or over (so its attendance stands).
pub async fn meeting_held(tx: &mut Tx, org_id: i64, id: i64) -> DbResult<bool> {
    let n: i64 = on_conn!(tx, c => sqlx::query_scalar(
        "SELECT COUNT(*) FROM meetings WHERE org_id = $1 AND id = $2 AND status IN ('open', 'closed')")
        .bind(org_id).bind(id).fetch_one(c).await?);
    Ok(n > 0)
}

/// The members present at a meeting who have not yet given to the fund at it.
pub async fn present_not_given(tx: &mut Tx, org_id: i64, meeting_id: i64) -> DbResult<Vec<String>> {
    Ok(on_conn!(tx, c => sqlx::query_scalar(
        "SELECT m.member_number FROM attendance a JOIN memberships m ON m.id = a.member_id AND m.org_id = a.org_id \
         WHERE a.org_id = $1 AND a.meeting_id = $2 AND NOT EXISTS (SELECT 1 FROM solidarity_moves f \
         WHERE f.org_id = a.org_id AND f.meeting_id = a.meeting_id AND f.member_id = a.member_id) ORDER BY m.id")
        .bind(org_id).bind(meeting_id).fetch_all(c).await?))
}
