//! The JSON API of organisations.

use axum::Json;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::model::{Bylaws, Org, OrgDraft, OrgKind};
use super::service;
use crate::auth::{Caller, OperatorOnly, OrgCtx, Permission};
use crate::state::AppState;
use crate::web::json::ApiJson;
use crate::web::{AppError, AppResult};

/// An organisation.
#[derive(Serialize, ToSchema)]
pub struct OrgOut {
    /// Short name used in URLs.
    pub slug: String,
    pub name: String,
    pub kind: OrgKind,
    /// ISO 3166 alpha-2.
    pub country: String,
    /// ISO 4217.
    pub currency: String,
    /// Locale tags, first is the main language.
    pub languages: Vec<String>,
    pub bylaws: Bylaws,
    /// Time zone database name: its dates and closing hours are local to it.
    pub timezone: String,
    /// Short names of the federations and networks it belongs to.
    pub parents: Vec<String>,
}

/// A new organisation.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct OrgIn {
    pub slug: String,
    pub name: String,
    pub kind: String,
    pub country: String,
    pub currency: String,
    pub languages: Vec<String>,
    pub bylaws: Option<Bylaws>,
    /// Time zone database name ("Asia/Kolkata"); the country's usual one when absent.
    #[serde(default)]
    pub timezone: String,
    #[serde(default)]
    pub parents: Vec<String>,
}

/// Changes to an organisation; absent fields stay as they are.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct OrgPatch {
    pub name: Option<String>,
    pub kind: Option<String>,
    pub country: Option<String>,
    pub currency: Option<String>,
    pub languages: Option<Vec<String>>,
    pub bylaws: Option<Bylaws>,
    pub timezone: Option<String>,
    /// Further federations or networks to join (operator only).
    pub parents: Option<Vec<String>>,
}

async fn out(state: &AppState, org: Org) -> AppResult<OrgOut> {
    let mut tx = state.db.begin().await?;
    let parents = super::parents(&mut tx, org.id)
        .await?
        .into_iter()
        .map(|p| p.slug)
        .collect();
    Ok(OrgOut {
        slug: org.slug,
        name: org.name,
        kind: org.kind,
        country: org.country,
        currency: org.currency.code().to_string(),
        languages: org.languages.iter().map(|l| l.tag().to_string()).collect(),
        bylaws: org.bylaws,
        timezone: org.timezone,
        parents,
    })
}

/// The organisations the caller belongs to (every one, for the operator).
#[utoipa::path(get, path = "/api/v1/orgs", tag = "orgs",
    responses((status = 200, body = Vec<OrgOut>), (status = 401, description = "Not logged in")))]
pub async fn list(State(state): State<AppState>, caller: Caller) -> AppResult<Json<Vec<OrgOut>>> {
    let person = caller.require()?;
    let mut tx = state.db.begin().await?;
    let orgs = if person.is_operator && caller.token_org.is_none() {
        super::all(&mut tx).await?
    } else {
        let mut v = vec![];
        for m in crate::members::memberships_of(&mut tx, person.id).await? {
            if caller.token_org.is_none_or(|t| t == m.org_id)
                && m.status == crate::members::Status::Active
                && let Some(o) = super::by_id(&mut tx, m.org_id).await?
            {
                v.push(o);
            }
        }
        v
    };
    drop(tx);
    let mut items = vec![];
    for o in orgs {
        items.push(out(&state, o).await?);
    }
    Ok(Json(items))
}

/// Creates an organisation (operator only).
#[utoipa::path(post, path = "/api/v1/orgs", tag = "orgs", request_body = OrgIn,
    params(("Idempotency-Key" = Option<String>, Header, description = "Repeats with the same key return the first result")),
    responses((status = 201, body = OrgOut), (status = 403, description = "Not the operator"), (status = 422, description = "Invalid fields")))]
pub async fn create(
    State(state): State<AppState>,
    _operator: OperatorOnly,
    ApiJson(input): ApiJson<OrgIn>,
) -> AppResult<Response> {
    let draft = OrgDraft {
        slug: input.slug,
        name: input.name,
        kind: input.kind,
        country: input.country,
        currency: input.currency,
        languages: input.languages,
        bylaws: input.bylaws,
        timezone: input.timezone,
    };
    let mut tx = state.db.begin_write().await?;
    let org = service::create(&mut tx, &draft, &input.parents).await?;
    tx.commit().await?;
    let location = format!("/api/v1/orgs/{}", org.slug);
    Ok((
        StatusCode::CREATED,
        [(header::LOCATION, location)],
        Json(out(&state, org).await?),
    )
        .into_response())
}

/// One organisation.
#[utoipa::path(get, path = "/api/v1/orgs/{slug}", tag = "orgs", params(("slug" = String, Path)),
    responses((status = 200, body = OrgOut), (status = 403), (status = 404)))]
pub async fn read(State(state): State<AppState>, ctx: OrgCtx) -> AppResult<Json<OrgOut>> {
    ctx.require(Permission::ViewDashboard)?;
    Ok(Json(out(&state, ctx.org).await?))
}

/// Changes an organisation (its admins and the operator).
#[utoipa::path(patch, path = "/api/v1/orgs/{slug}", tag = "orgs", params(("slug" = String, Path)), request_body = OrgPatch,
    responses((status = 200, body = OrgOut), (status = 403), (status = 404), (status = 422)))]
pub async fn update(
    State(state): State<AppState>,
    ctx: OrgCtx,
    ApiJson(p): ApiJson<OrgPatch>,
) -> AppResult<Json<OrgOut>> {
    ctx.require(Permission::EditSettings)?;
    let mut draft = service::draft_of(&ctx.org);
    if let Some(v) = p.name {
        draft.name = v;
    }
    if let Some(v) = p.kind {
        draft.kind = v;
    }
    if let Some(v) = p.country {
        draft.country = v;
    }
    if let Some(v) = p.currency {
        draft.currency = v;
    }
    if let Some(v) = p.languages {
        draft.languages = v;
    }
    if let Some(v) = p.bylaws {
        draft.bylaws = Some(v);
    }
    if let Some(v) = p.timezone {
        draft.timezone = v;
    }
    let mut tx = state.db.begin_write().await?;
    let org = service::update(&mut tx, &ctx.org, &draft).await?;
    if let Some(parents) = p.parents {
        if ctx.access != crate::auth::Access::Operator {
            return Err(AppError::Forbidden);
        }
        service::affiliate(&mut tx, &org, &parents).await?;
    }
    tx.commit().await?;
    Ok(Json(out(&state, org).await?))
}

/// An organisation that belongs to a federation or network, with its active members.
#[derive(Serialize, ToSchema)]
pub struct AffiliateOut {
    pub slug: String,
    pub name: String,
    pub kind: OrgKind,
    pub country: String,
    pub active_members: i64,
}

/// The organisations of a federation or network, with aggregate figures only.
#[utoipa::path(get, path = "/api/v1/orgs/{slug}/affiliates", tag = "orgs", params(("slug" = String, Path)),
    responses((status = 200, body = Vec<AffiliateOut>), (status = 403), (status = 404)))]
pub async fn affiliates(State(state): State<AppState>, ctx: OrgCtx) -> AppResult<Json<Vec<AffiliateOut>>> {
    ctx.require(Permission::ViewAffiliates)?;
    let mut tx = state.db.begin().await?;
    let mut items = vec![];
    for o in super::affiliates(&mut tx, ctx.org.id).await? {
        let active_members = crate::members::count_active(&mut tx, o.id).await?;
        items.push(AffiliateOut {
            slug: o.slug,
            name: o.name,
            kind: o.kind,
            country: o.country,
            active_members,
        });
    }
    Ok(Json(items))
}
