//! Use cases of organisations, shared by pages, API and CLI.

use super::model::{Org, OrgDraft, ValidOrg};
use super::store;
use crate::db::Tx;
use crate::web::{AppError, AppResult, FieldError};

/// Creates an organisation, affiliated to the named parents (federations or networks).
pub async fn create(tx: &mut Tx, draft: &OrgDraft, parents: &[String]) -> AppResult<Org> {
    let valid = draft.validate().map_err(AppError::Invalid)?;
    if store::by_slug(tx, valid.slug.as_str()).await?.is_some() {
        return Err(AppError::Invalid(vec![FieldError::new("slug", "org-slug-taken")]));
    }
    let parent_ids = resolve_parents(tx, parents).await?;
    let id = store::insert(tx, &valid).await?;
    for p in parent_ids {
        store::affiliate(tx, id, p).await?;
    }
    crate::ledger::open_books(tx, id).await?;
    store::by_id(tx, id).await?.ok_or(AppError::NotFound)
}

async fn resolve_parents(tx: &mut Tx, parents: &[String]) -> AppResult<Vec<i64>> {
    let mut ids = vec![];
    for slug in parents.iter().map(|s| s.trim()).filter(|s| !s.is_empty()) {
        match store::by_slug(tx, slug).await? {
            Some(p) if p.kind.groups_orgs() => ids.push(p.id),
            _ => {
                return Err(AppError::Invalid(vec![FieldError::new(
                    "parents",
                    "org-parent-invalid",
                )]));
            }
        }
    }
    Ok(ids)
}

/// Changes an organisation's name, kind, country, currency, languages and bylaws.
pub async fn update(tx: &mut Tx, org: &Org, draft: &OrgDraft) -> AppResult<Org> {
    let mut draft = draft.clone();
    draft.slug = org.slug.clone();
    let valid: ValidOrg = draft.validate().map_err(AppError::Invalid)?;
    store::update(tx, org.id, &valid).await?;
    store::by_id(tx, org.id).await?.ok_or(AppError::NotFound)
}

/// Adds affiliations to more parents.
pub async fn affiliate(tx: &mut Tx, org: &Org, parents: &[String]) -> AppResult<()> {
    for p in resolve_parents(tx, parents).await? {
        if p == org.id {
            return Err(AppError::Invalid(vec![FieldError::new(
                "parents",
                "org-parent-invalid",
            )]));
        }
        store::affiliate(tx, org.id, p).await?;
    }
    Ok(())
}

/// The draft that reproduces an organisation as it is, for edit forms.
pub fn draft_of(org: &Org) -> OrgDraft {
    OrgDraft {
        slug: org.slug.clone(),
        name: org.name.clone(),
        kind: org.kind.as_str().to_string(),
        country: org.country.clone(),
        currency: org.currency.code().to_string(),
        languages: org.languages.iter().map(|l| l.tag().to_string()).collect(),
        bylaws: Some(org.bylaws.clone()),
        timezone: org.timezone.clone(),
    }
}
