//! Members: the register of an organisation's people, their numbers, statuses and roles.

pub mod api;
pub mod import;
pub mod model;
pub mod pages;
pub mod service;
mod store;

pub use model::{MemberDraft, Status};
pub use store::MemberRow;

use crate::auth::Roles;
use crate::db::{DbResult, Tx};

/// A person's membership in one organisation.
#[derive(Debug, Clone)]
pub struct Membership {
    pub id: i64,
    pub org_id: i64,
    pub status: Status,
    pub roles: Roles,
}

fn parse(row: store::MembershipRow) -> Option<Membership> {
    Some(Membership {
        id: row.id,
        org_id: row.org_id,
        status: Status::parse(&row.status)?,
        roles: Roles::parse(&row.roles),
    })
}

/// The person's membership in the organisation, if it is active.
pub async fn active_membership(tx: &mut Tx, org_id: i64, person_id: i64) -> DbResult<Option<Membership>> {
    Ok(store::membership(tx, org_id, person_id)
        .await?
        .and_then(parse)
        .filter(|m| m.status == Status::Active))
}

/// Every membership of a person, whatever its status.
pub async fn memberships_of(tx: &mut Tx, person_id: i64) -> DbResult<Vec<Membership>> {
    Ok(store::memberships_of_person(tx, person_id)
        .await?
        .into_iter()
        .filter_map(parse)
        .collect())
}

/// Active members of an organisation, for aggregates.
pub async fn count_active(tx: &mut Tx, org_id: i64) -> DbResult<i64> {
    Ok(store::count_by_status(tx, org_id)
        .await?
        .into_iter()
        .find(|(s, _)| s == Status::Active.as_str())
        .map_or(0, |(_, n)| n))
}

/// A member of the organisation by her member number.
pub async fn by_number(tx: &mut Tx, org_id: i64, number: &str) -> DbResult<Option<MemberRow>> {
    store::by_number(tx, org_id, number.trim()).await
}

/// A member of the organisation by her membership id.
pub async fn by_id(tx: &mut Tx, org_id: i64, id: i64) -> DbResult<Option<MemberRow>> {
    store::get(tx, org_id, id).await
}

/// The ids of the organisation's active memberships.
/// How many of the organisation's members (not exited) give this phone: more than one is
/// a household's shared phone, where a notice says only that there is news.
pub async fn sharing_phone(tx: &mut Tx, org_id: i64, phone: &str) -> DbResult<i64> {
    store::sharing_phone(tx, org_id, phone).await
}

pub async fn active_ids(tx: &mut Tx, org_id: i64) -> DbResult<Vec<i64>> {
    store::active_ids(tx, org_id).await
}

/// Moves a member to a status, keeping the change, its date and reason in her history.
pub async fn change_status(
    tx: &mut Tx,
    org_id: i64,
    m: &MemberRow,
    status: Status,
    on_date: &str,
    reason: &str,
    by: Option<i64>,
) -> DbResult<()> {
    store::set_status(tx, org_id, m.id, status.as_str(), &m.member_number).await?;
    store::insert_history(tx, org_id, m.id, status.as_str(), on_date, reason, by).await
}

/// The active members who hold an office (any role beyond member): a board.
pub async fn officer_ids(tx: &mut Tx, org_id: i64) -> DbResult<Vec<i64>> {
    Ok(store::active_roles(tx, org_id)
        .await?
        .into_iter()
        .filter(|(_, roles)| Roles::parse(roles).is_officer())
        .map(|(id, _)| id)
        .collect())
}

/// The member whose number was typed in `field`, or a refusal that names the field.
pub async fn in_field(tx: &mut Tx, org_id: i64, field: &'static str, number: &str) -> crate::web::AppResult<MemberRow> {
    by_number(tx, org_id, number).await?.ok_or_else(|| {
        crate::web::AppError::Invalid(vec![crate::web::FieldError::new(field, "cashbook-member-unknown")])
    })
}

/// `in_field`, refusing a member who is not active.
pub async fn active_in_field(
    tx: &mut Tx,
    org_id: i64,
    field: &'static str,
    number: &str,
) -> crate::web::AppResult<MemberRow> {
    let m = in_field(tx, org_id, field, number).await?;
    if m.status == Status::Active.as_str() {
        Ok(m)
    } else {
        Err(crate::web::AppError::Invalid(vec![crate::web::FieldError::new(
            field,
            "cashbook-member-unknown",
        )]))
    }
}
