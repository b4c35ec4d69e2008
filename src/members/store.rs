//! The SQL of memberships: each organisation's own record of its members.

use crate::db::{DbResult, Tx, now};
use crate::on_conn;

/// One membership as the organisation records it (name and contact are its own, not
/// her login's).
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct MemberRow {
    pub id: i64,
    pub person_id: i64,
    pub name: String,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub member_number: String,
    pub status: String,
    pub roles: String,
    pub trade: String,
    pub locality: String,
    pub joined_on: String,
    pub gender: String,
}

/// What an organisation records of a member herself: her name and how to reach her.
#[derive(Debug, Clone, Copy)]
pub struct Record<'a> {
    pub name: &'a str,
    pub phone: Option<&'a str>,
    pub email: Option<&'a str>,
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct MembershipRow {
    pub id: i64,
    pub org_id: i64,
    pub status: String,
    pub roles: String,
}

pub async fn membership(tx: &mut Tx, org_id: i64, person_id: i64) -> DbResult<Option<MembershipRow>> {
    Ok(on_conn!(tx, c => sqlx::query_as::<_, MembershipRow>(
        "SELECT id, org_id, status, roles FROM memberships WHERE org_id = $1 AND person_id = $2",
    ).bind(org_id).bind(person_id).fetch_optional(c).await?))
}

pub async fn memberships_of_person(tx: &mut Tx, person_id: i64) -> DbResult<Vec<MembershipRow>> {
    Ok(on_conn!(tx, c => sqlx::query_as::<_, MembershipRow>(
        "SELECT id, org_id, status, roles FROM memberships WHERE person_id = $1 ORDER BY id",
    ).bind(person_id).fetch_all(c).await?))
}

pub async fn get(tx: &mut Tx, org_id: i64, id: i64) -> DbResult<Option<MemberRow>> {
    Ok(on_conn!(tx, c => sqlx::query_as::<_, MemberRow>(
        "SELECT m.id, m.person_id, m.name, m.phone, m.email, m.member_number, m.status, m.roles, m.trade, m.locality, m.joined_on, m.gender FROM memberships m WHERE m.org_id = $1 AND m.id = $2",
    ).bind(org_id).bind(id).fetch_optional(c).await?))
}

/// A page of members whose name, phone or number contains `q` (all when empty).
pub async fn search(tx: &mut Tx, org_id: i64, q: &str, limit: i64, offset: i64) -> DbResult<Vec<MemberRow>> {
    let pattern = format!("%{}%", q.to_lowercase());
    Ok(on_conn!(tx, c => sqlx::query_as::<_, MemberRow>(
        "SELECT m.id, m.person_id, m.name, m.phone, m.email, m.member_number, m.status, m.roles, m.trade, m.locality, m.joined_on, m.gender FROM memberships m WHERE m.org_id = $1 AND ($2 = '' OR lower(m.name) LIKE $3 OR m.phone LIKE $3 OR lower(m.member_number) LIKE $3) ORDER BY m.name, m.id LIMIT $4 OFFSET $5",
    ).bind(org_id).bind(q.to_string()).bind(pattern).bind(limit).bind(offset).fetch_all(c).await?))
}

pub async fn search_count(tx: &mut Tx, org_id: i64, q: &str) -> DbResult<i64> {
    let pattern = format!("%{}%", q.to_lowercase());
    Ok(on_conn!(tx, c => sqlx::query_scalar::<_, i64>(
        "SELECT COUNT(*) FROM memberships m WHERE m.org_id = $1 AND ($2 = '' OR lower(m.name) LIKE $3 OR m.phone LIKE $3 OR lower(m.member_number) LIKE $3)",
    ).bind(org_id).bind(q.to_string()).bind(pattern).fetch_one(c).await?))
}

/// Members per status.
pub async fn count_by_status(tx: &mut Tx, org_id: i64) -> DbResult<Vec<(String, i64)>> {
    Ok(on_conn!(tx, c => sqlx::query_as::<_, (String, i64)>(
        "SELECT status, COUNT(*) FROM memberships WHERE org_id = $1 GROUP BY status",
    ).bind(org_id).fetch_all(c).await?))
}

pub async fn number_taken(tx: &mut Tx, org_id: i64, number: &str, except_id: i64) -> DbResult<bool> {
    Ok(on_conn!(tx, c => sqlx::query_scalar::<_, i64>(
        "SELECT COUNT(*) FROM memberships WHERE org_id = $1 AND member_number = $2 AND id <> $3",
    ).bind(org_id).bind(number.to_string()).bind(except_id).fetch_one(c).await?)
        > 0)
}

pub async fn count_all(tx: &mut Tx, org_id: i64) -> DbResult<i64> {
    Ok(on_conn!(tx, c => sqlx::query_scalar::<_, i64>(
        "SELECT COUNT(*) FROM memberships WHERE org_id = $1",
    ).bind(org_id).fetch_one(c).await?))
}

#[allow(clippy::too_many_arguments)]
pub async fn insert(
    tx: &mut Tx,
    org_id: i64,
    person_id: i64,
    number: &str,
    status: &str,
    roles: &str,
    trade: &str,
    locality: &str,
    joined_on: &str,
    record: &Record<'_>,
) -> DbResult<i64> {
    Ok(on_conn!(tx, c => sqlx::query_scalar(
        "INSERT INTO memberships (org_id, person_id, member_number, status, roles, trade, locality, joined_on, created_at, updated_at, name, phone, email) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9, $10, $11, $12) RETURNING id",
    )
    .bind(org_id)
    .bind(person_id)
    .bind(number.to_string())
    .bind(status.to_string())
    .bind(roles.to_string())
    .bind(trade.to_string())
    .bind(locality.to_string())
    .bind(joined_on.to_string())
    .bind(now())
    .bind(record.name.to_string())
    .bind(record.phone.map(str::to_string))
    .bind(record.email.map(str::to_string))
    .fetch_one(c)
    .await?))
}

#[allow(clippy::too_many_arguments)]
pub async fn update(
    tx: &mut Tx,
    org_id: i64,
    id: i64,
    number: &str,
    status: &str,
    roles: &str,
    trade: &str,
    locality: &str,
    record: &Record<'_>,
) -> DbResult<()> {
    on_conn!(tx, c => sqlx::query(
        "UPDATE memberships SET member_number = $3, status = $4, roles = $5, trade = $6, locality = $7, updated_at = $8, name = $9, phone = $10, email = $11 WHERE org_id = $1 AND id = $2",
    )
    .bind(org_id)
    .bind(id)
    .bind(number.to_string())
    .bind(status.to_string())
    .bind(roles.to_string())
    .bind(trade.to_string())
    .bind(locality.to_string())
    .bind(now())
    .bind(record.name.to_string())
    .bind(record.phone.map(str::to_string))
    .bind(record.email.map(str::to_string))
    .execute(c)
    .await?.rows_affected());
    Ok(())
}

pub async fn by_number(tx: &mut Tx, org_id: i64, number: &str) -> DbResult<Option<MemberRow>> {
    Ok(on_conn!(tx, c => sqlx::query_as::<_, MemberRow>(
        "SELECT m.id, m.person_id, m.name, m.phone, m.email, m.member_number, m.status, m.roles, m.trade, m.locality, m.joined_on, m.gender FROM memberships m WHERE m.org_id = $1 AND m.member_number = $2",
    ).bind(org_id).bind(number.to_string()).fetch_optional(c).await?))
}

pub async fn active_ids(tx: &mut Tx, org_id: i64) -> DbResult<Vec<i64>> {
    Ok(
        on_conn!(tx, c => sqlx::query_scalar::<_, i64>("SELECT id FROM memberships WHERE org_id = $1 AND status = 'active' ORDER BY id")
        .bind(org_id).fetch_all(c).await?),
    )
}

pub async fn set_applied_shares(tx: &mut Tx, org_id: i64, id: i64, shares: i64) -> DbResult<()> {
    on_conn!(tx, c => sqlx::query("UPDATE memberships SET applied_shares = $3 WHERE org_id = $1 AND id = $2")
        .bind(org_id).bind(id).bind(shares).execute(c).await?.rows_affected());
    Ok(())
}

pub async fn applied_shares(tx: &mut Tx, org_id: i64, id: i64) -> DbResult<i64> {
    Ok(
        on_conn!(tx, c => sqlx::query_scalar::<_, i64>("SELECT applied_shares FROM memberships WHERE org_id = $1 AND id = $2")
        .bind(org_id).bind(id).fetch_one(c).await?),
    )
}

/// Moves a member to a status (and, on admission, her member number).
pub async fn set_status(tx: &mut Tx, org_id: i64, id: i64, status: &str, number: &str) -> DbResult<()> {
    on_conn!(tx, c => sqlx::query("UPDATE memberships SET status = $3, member_number = $4, updated_at = $5 WHERE org_id = $1 AND id = $2")
        .bind(org_id).bind(id).bind(status.to_string()).bind(number.to_string()).bind(now()).execute(c).await?.rows_affected());
    Ok(())
}

pub async fn insert_history(
    tx: &mut Tx,
    org_id: i64,
    member_id: i64,
    status: &str,
    on_date: &str,
    reason: &str,
    by: Option<i64>,
) -> DbResult<()> {
    on_conn!(tx, c => sqlx::query(
        "INSERT INTO member_status_history (org_id, member_id, status, on_date, reason, changed_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
    ).bind(org_id).bind(member_id).bind(status.to_string()).bind(on_date.to_string()).bind(reason.to_string()).bind(by).bind(now()).execute(c).await?.rows_affected());
    Ok(())
}

/// Her status changes, oldest first: (status, date, reason).
pub async fn history(tx: &mut Tx, org_id: i64, member_id: i64) -> DbResult<Vec<(String, String, String)>> {
    Ok(on_conn!(tx, c => sqlx::query_as::<_, (String, String, String)>(
        "SELECT status, on_date, reason FROM member_status_history WHERE org_id = $1 AND member_id = $2 ORDER BY id",
    ).bind(org_id).bind(member_id).fetch_all(c).await?))
}

/// Every member number of the organisation.
pub async fn all_numbers(tx: &mut Tx, org_id: i64) -> DbResult<Vec<String>> {
    Ok(on_conn!(tx, c => sqlx::query_scalar::<_, String>(
        "SELECT member_number FROM memberships WHERE org_id = $1",
    ).bind(org_id).fetch_all(c).await?))
}

/// Active memberships with their roles as stored.
pub async fn active_roles(tx: &mut Tx, org_id: i64) -> DbResult<Vec<(i64, String)>> {
    Ok(on_conn!(tx, c => sqlx::query_as::<_, (i64, String)>(
        "SELECT id, roles FROM memberships WHERE org_id = $1 AND status = 'active' ORDER BY id",
    ).bind(org_id).fetch_all(c).await?))
}

pub async fn set_gender(tx: &mut Tx, org_id: i64, id: i64, gender: &str) -> DbResult<()> {
    on_conn!(tx, c => sqlx::query("UPDATE memberships SET gender = $3 WHERE org_id = $1 AND id = $2")
        .bind(org_id).bind(id).bind(gender.to_string()).execute(c).await?.rows_affected());
    Ok(())
}

// Invitations: an organisation asks the person with a login to take up a membership.

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct InvitationRow {
    pub id: i64,
    pub org_id: i64,
    pub membership_id: i64,
    pub member_number: String,
    pub name: String,
}

pub async fn insert_invitation(tx: &mut Tx, org_id: i64, membership_id: i64, login: &str) -> DbResult<()> {
    on_conn!(tx, c => sqlx::query(
        "INSERT INTO invitations (org_id, membership_id, login, created_at) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING",
    ).bind(org_id).bind(membership_id).bind(login.to_string()).bind(now()).execute(c).await?.rows_affected());
    Ok(())
}

/// The invitations waiting for any of her logins.
pub async fn invitations_for(tx: &mut Tx, logins: &[String]) -> DbResult<Vec<InvitationRow>> {
    let (a, b) = (
        logins.first().cloned().unwrap_or_default(),
        logins.get(1).cloned().unwrap_or_default(),
    );
    Ok(on_conn!(tx, c => sqlx::query_as::<_, InvitationRow>(
        "SELECT i.id, i.org_id, i.membership_id, m.member_number, m.name FROM invitations i JOIN memberships m ON m.id = i.membership_id AND m.org_id = i.org_id \
         WHERE i.login IN ($1, $2) AND i.login <> '' ORDER BY i.membership_id, i.id",
    ).bind(a).bind(b).fetch_all(c).await?))
}

pub async fn invitation(tx: &mut Tx, id: i64) -> DbResult<Option<(i64, i64, String)>> {
    Ok(on_conn!(tx, c => sqlx::query_as::<_, (i64, i64, String)>(
        "SELECT org_id, membership_id, login FROM invitations WHERE id = $1",
    ).bind(id).fetch_optional(c).await?))
}

pub async fn delete_invitations_of(tx: &mut Tx, org_id: i64, membership_id: i64) -> DbResult<()> {
    on_conn!(tx, c => sqlx::query("DELETE FROM invitations WHERE org_id = $1 AND membership_id = $2")
        .bind(org_id).bind(membership_id).execute(c).await?.rows_affected());
    Ok(())
}

/// Hands a membership to the person who accepted it.
pub async fn set_person(tx: &mut Tx, org_id: i64, id: i64, person_id: i64) -> DbResult<()> {
    on_conn!(tx, c => sqlx::query("UPDATE memberships SET person_id = $3, updated_at = $4 WHERE org_id = $1 AND id = $2")
        .bind(org_id).bind(id).bind(person_id).bind(now()).execute(c).await?.rows_affected());
    Ok(())
}

/// Active members of the organisation who hold a role, with their roles.
pub async fn admins(tx: &mut Tx, org_id: i64) -> DbResult<Vec<i64>> {
    Ok(on_conn!(tx, c => sqlx::query_scalar::<_, i64>(
        "SELECT id FROM memberships WHERE org_id = $1 AND status = 'active' AND (roles LIKE '%admin%') ORDER BY id",
    ).bind(org_id).fetch_all(c).await?))
}

/// Whether the organisation already records this phone or email for another member.
pub async fn contact_taken(tx: &mut Tx, org_id: i64, contact: &str, except_id: i64) -> DbResult<bool> {
    Ok(on_conn!(tx, c => sqlx::query_scalar::<_, i64>(
        "SELECT COUNT(*) FROM memberships WHERE org_id = $1 AND (phone = $2 OR email = $2) AND id <> $3 AND status <> 'exited'",
    ).bind(org_id).bind(contact.to_string()).bind(except_id).fetch_one(c).await?)
        > 0)
}

pub async fn person_of(tx: &mut Tx, org_id: i64, id: i64) -> DbResult<Option<i64>> {
    Ok(
        on_conn!(tx, c => sqlx::query_scalar::<_, i64>("SELECT person_id FROM memberships WHERE org_id = $1 AND id = $2")
        .bind(org_id).bind(id).fetch_optional(c).await?),
    )
}

pub async fn sharing_phone(tx: &mut Tx, org_id: i64, phone: &str) -> DbResult<i64> {
    Ok(on_conn!(tx, c => sqlx::query_scalar::<_, i64>(
        "SELECT COUNT(*) FROM memberships WHERE org_id = $1 AND phone = $2 AND status <> 'exited'",
    ).bind(org_id).bind(phone.to_string()).fetch_one(c).await?))
}
