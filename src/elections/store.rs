//! The SQL of offices, elections, nominations and terms.

use crate::db::{DbResult, Tx, now};
use crate::on_conn;

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct OfficeRow {
    pub id: i64,
    pub name: String,
    pub seats: i64,
    pub term_months: i64,
    pub max_terms: i64,
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ElectionRow {
    pub id: i64,
    pub office_id: i64,
    pub office: String,
    pub seats: i64,
    pub method: String,
    pub status: String,
    pub term_starts: String,
    pub proposal_id: Option<i64>,
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct NomineeRow {
    pub member_id: i64,
    pub member_number: String,
    pub name: String,
}

/// A term of office with its holder.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct TermRow {
    pub office_id: i64,
    pub office: String,
    pub member_id: i64,
    pub name: String,
    pub gender: String,
    pub starts_on: String,
    pub ends_on: String,
}

pub async fn insert_office(
    tx: &mut Tx,
    org_id: i64,
    name: &str,
    seats: i64,
    term_months: i64,
    max_terms: i64,
) -> DbResult<i64> {
    Ok(on_conn!(tx, c => sqlx::query_scalar(
        "INSERT INTO offices (org_id, name, seats, term_months, max_terms, created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    ).bind(org_id).bind(name.to_string()).bind(seats).bind(term_months).bind(max_terms).bind(now()).fetch_one(c).await?))
}

pub async fn office_named(tx: &mut Tx, org_id: i64, name: &str) -> DbResult<bool> {
    Ok(
        on_conn!(tx, c => sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM offices WHERE org_id = $1 AND name = $2")
        .bind(org_id).bind(name.to_string()).fetch_one(c).await?)
            > 0,
    )
}

pub async fn offices(tx: &mut Tx, org_id: i64) -> DbResult<Vec<OfficeRow>> {
    Ok(on_conn!(tx, c => sqlx::query_as::<_, OfficeRow>(
        "SELECT id, name, seats, term_months, max_terms FROM offices WHERE org_id = $1 ORDER BY id",
    ).bind(org_id).fetch_all(c).await?))
}

pub async fn office(tx: &mut Tx, org_id: i64, id: i64) -> DbResult<Option<OfficeRow>> {
    Ok(on_conn!(tx, c => sqlx::query_as::<_, OfficeRow>(
        "SELECT id, name, seats, term_months, max_terms FROM offices WHERE org_id = $1 AND id = $2",
    ).bind(org_id).bind(id).fetch_optional(c).await?))
}

pub async fn insert_election(
    tx: &mut Tx,
    org_id: i64,
    office_id: i64,
    method: &str,
    term_starts: &str,
    by: i64,
) -> DbResult<i64> {
    Ok(on_conn!(tx, c => sqlx::query_scalar(
        "INSERT INTO elections (org_id, office_id, method, status, term_starts, created_by, created_at) VALUES ($1, $2, $3, 'nominating', $4, $5, $6) RETURNING id",
    ).bind(org_id).bind(office_id).bind(method.to_string()).bind(term_starts.to_string()).bind(by).bind(now()).fetch_one(c).await?))
}

macro_rules! election_select {
    () => {
        "SELECT e.id, e.office_id, o.name AS office, o.seats, e.method, e.status, e.term_starts, e.proposal_id \
         FROM elections e JOIN offices o ON o.id = e.office_id AND o.org_id = e.org_id "
    };
}

pub async fn election(tx: &mut Tx, org_id: i64, id: i64) -> DbResult<Option<ElectionRow>> {
    Ok(
        on_conn!(tx, c => sqlx::query_as::<_, ElectionRow>(concat!(election_select!(), "WHERE e.org_id = $1 AND e.id = $2"))
        .bind(org_id).bind(id).fetch_optional(c).await?),
    )
}

pub async fn elections(tx: &mut Tx, org_id: i64) -> DbResult<Vec<ElectionRow>> {
    Ok(
        on_conn!(tx, c => sqlx::query_as::<_, ElectionRow>(concat!(election_select!(), "WHERE e.org_id = $1 ORDER BY e.id DESC LIMIT 100"))
        .bind(org_id).fetch_all(c).await?),
    )
}

pub async fn election_of_proposal(tx: &mut Tx, org_id: i64, proposal_id: i64) -> DbResult<Option<i64>> {
    Ok(
        on_conn!(tx, c => sqlx::query_scalar::<_, i64>("SELECT id FROM elections WHERE org_id = $1 AND proposal_id = $2")
        .bind(org_id).bind(proposal_id).fetch_optional(c).await?),
    )
}

/// Moves an election on; false when it was not in `from`.
pub async fn set_status(
    tx: &mut Tx,
    org_id: i64,
    id: i64,
    from: &str,
    to: &str,
    proposal_id: Option<i64>,
) -> DbResult<bool> {
    Ok(on_conn!(tx, c => sqlx::query(
        "UPDATE elections SET status = $4, proposal_id = COALESCE($5, proposal_id) WHERE org_id = $1 AND id = $2 AND status = $3",
    ).bind(org_id).bind(id).bind(from.to_string()).bind(to.to_string()).bind(proposal_id).execute(c).await?.rows_affected())
        == 1)
}

/// Nominates her; false when she was already.
pub async fn nominate(tx: &mut Tx, org_id: i64, election_id: i64, member_id: i64, by: i64) -> DbResult<bool> {
    Ok(on_conn!(tx, c => sqlx::query(
        "INSERT INTO nominations (org_id, election_id, member_id, position, nominated_by, created_at) VALUES ($1, $2, $3, \
         (SELECT COALESCE(MAX(position), 0) + 1 FROM nominations WHERE election_id = $2), $4, $5) ON CONFLICT (election_id, member_id) DO NOTHING",
    ).bind(org_id).bind(election_id).bind(member_id).bind(by).bind(now()).execute(c).await?.rows_affected())
        == 1)
}

/// Nominees in the order they were nominated.
pub async fn nominees(tx: &mut Tx, org_id: i64, election_id: i64) -> DbResult<Vec<NomineeRow>> {
    Ok(on_conn!(tx, c => sqlx::query_as::<_, NomineeRow>(
        "SELECT n.member_id, m.member_number, m.name FROM nominations n JOIN memberships m ON m.id = n.member_id AND m.org_id = n.org_id \
         WHERE n.org_id = $1 AND n.election_id = $2 ORDER BY n.position",
    ).bind(org_id).bind(election_id).fetch_all(c).await?))
}

pub async fn insert_term(
    tx: &mut Tx,
    org_id: i64,
    office_id: i64,
    member_id: i64,
    election_id: Option<i64>,
    starts: &str,
    ends: &str,
) -> DbResult<()> {
    on_conn!(tx, c => sqlx::query(
        "INSERT INTO office_terms (org_id, office_id, member_id, election_id, starts_on, ends_on, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
    ).bind(org_id).bind(office_id).bind(member_id).bind(election_id).bind(starts.to_string()).bind(ends.to_string()).bind(now()).execute(c).await?.rows_affected());
    Ok(())
}

/// Every term of office, the latest first.
pub async fn terms(tx: &mut Tx, org_id: i64) -> DbResult<Vec<TermRow>> {
    Ok(on_conn!(tx, c => sqlx::query_as::<_, TermRow>(
        "SELECT t.office_id, o.name AS office, t.member_id, m.name, m.gender, t.starts_on, t.ends_on FROM office_terms t \
         JOIN offices o ON o.id = t.office_id AND o.org_id = t.org_id JOIN memberships m ON m.id = t.member_id AND m.org_id = t.org_id \
         WHERE t.org_id = $1 ORDER BY t.starts_on DESC, o.id, m.name",
    ).bind(org_id).fetch_all(c).await?))
}
