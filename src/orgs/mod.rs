//! Organisations and federations: kinds, bylaws, affiliations; dashboards and settings.

pub mod api;
pub mod model;
pub mod pages;
pub mod service;
mod store;

pub use model::{Bylaws, Org, OrgDraft, OrgKind};

use crate::db::{DbResult, Tx};

/// The organisation with this short name.
pub async fn by_slug(tx: &mut Tx, slug: &str) -> DbResult<Option<Org>> {
    store::by_slug(tx, slug).await
}

pub async fn by_id(tx: &mut Tx, id: i64) -> DbResult<Option<Org>> {
    store::by_id(tx, id).await
}

/// Every organisation, for the operator.
pub async fn all(tx: &mut Tx) -> DbResult<Vec<Org>> {
    store::all(tx).await
}

/// The countries Tejido serves here, where a local phone number may be from.
pub async fn countries(tx: &mut Tx) -> DbResult<Vec<String>> {
    store::countries(tx).await
}

/// The federations and networks an organisation belongs to.
pub async fn parents(tx: &mut Tx, org_id: i64) -> DbResult<Vec<Org>> {
    store::parents(tx, org_id).await
}

/// The organisations that belong to a federation or network.
pub async fn affiliates(tx: &mut Tx, parent_id: i64) -> DbResult<Vec<Org>> {
    store::affiliates(tx, parent_id).await
}

/// Whether the organisation lets its federations' staff see its members' names
/// (meetings, elections, leadership); by default they see totals only.
pub async fn shares_names_with_federation(tx: &mut Tx, org_id: i64) -> DbResult<bool> {
    store::shares_names_with_federation(tx, org_id).await
}

pub async fn set_shares_names_with_federation(tx: &mut Tx, org_id: i64, share: bool) -> DbResult<()> {
    store::set_shares_names_with_federation(tx, org_id, share).await
}

/// True when the person holds an office in a federation or network this organisation
/// belongs to: federation staff see its aggregates.
pub async fn is_parent_staff(tx: &mut Tx, org_id: i64, person_id: i64) -> DbResult<bool> {
    for parent in store::parents(tx, org_id).await? {
        if let Some(m) = crate::members::active_membership(tx, parent.id, person_id).await?
            && m.roles.is_officer()
        {
            return Ok(true);
        }
    }
    Ok(false)
}
