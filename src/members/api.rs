//! The JSON API of members and memberships.

use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::model::{MemberDraft, PAGE_SIZE, Status, page_number};
use super::service;
use super::store::MemberRow;
use crate::auth::{Caller, OrgCtx, Permission, Role, Roles};
use crate::state::AppState;
use crate::web::json::ApiJson;
use crate::web::{AppError, AppResult};

/// A member: her person and her membership in this organisation.
#[derive(Serialize, ToSchema)]
pub struct MemberOut {
    /// The membership's id.
    pub id: i64,
    pub member_number: String,
    pub name: String,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub status: Status,
    pub roles: Vec<Role>,
    pub trade: String,
    pub locality: String,
    /// ISO 8601 date.
    pub joined_on: String,
}

impl From<MemberRow> for MemberOut {
    fn from(m: MemberRow) -> MemberOut {
        MemberOut {
            id: m.id,
            member_number: m.member_number,
            name: m.name,
            phone: m.phone,
            email: m.email,
            status: Status::parse(&m.status).unwrap_or(Status::Applicant),
            roles: Roles::parse(&m.roles).iter().collect(),
            trade: m.trade,
            locality: m.locality,
            joined_on: m.joined_on,
        }
    }
}

/// A page of members.
#[derive(Serialize, ToSchema)]
pub struct MemberPage {
    pub items: Vec<MemberOut>,
    pub total: i64,
    pub page: i64,
    pub page_size: i64,
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListParams {
    /// Part of a name, phone number or member number.
    q: Option<String>,
    /// From 1.
    page: Option<i64>,
}

/// A new member, or changes to one (absent fields stay as they are).
#[derive(Deserialize, ToSchema, Default)]
#[serde(deny_unknown_fields)]
pub struct MemberIn {
    pub name: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    /// Given in order when absent.
    pub member_number: Option<String>,
    pub status: Option<Status>,
    /// `member` is always included.
    pub roles: Option<Vec<Role>>,
    pub trade: Option<String>,
    pub locality: Option<String>,
    /// woman, man, other, or empty.
    pub gender: Option<String>,
    /// An initial password, for a new member only.
    pub password: Option<String>,
}

impl MemberIn {
    fn over(self, mut d: MemberDraft) -> MemberDraft {
        if let Some(v) = self.name {
            d.name = v;
        }
        if let Some(v) = self.phone {
            d.phone = v;
        }
        if let Some(v) = self.email {
            d.email = v;
        }
        if let Some(v) = self.member_number {
            d.member_number = v;
        }
        if let Some(v) = self.status {
            d.status = v.as_str().into();
        }
        if let Some(v) = self.roles {
            d.roles = v.iter().map(|r| r.as_str().to_string()).collect();
        }
        if let Some(v) = self.trade {
            d.trade = v;
        }
        if let Some(v) = self.locality {
            d.locality = v;
        }
        if let Some(v) = self.password {
            d.password = v;
        }
        if let Some(v) = self.gender {
            d.gender = v;
        }
        d
    }
}

/// Members of the organisation, searched and paged (officers only).
#[utoipa::path(get, path = "/api/v1/orgs/{slug}/members", tag = "members", params(("slug" = String, Path), ListParams),
    responses((status = 200, body = MemberPage), (status = 403), (status = 404)))]
pub async fn list(
    State(state): State<AppState>,
    ctx: OrgCtx,
    Query(p): Query<ListParams>,
) -> AppResult<Json<MemberPage>> {
    ctx.require(Permission::ViewMembers)?;
    let page = page_number(p.page);
    let mut tx = state.db.begin().await?;
    let (rows, total) = service::search(&mut tx, &ctx.org, p.q.as_deref().unwrap_or(""), page).await?;
    Ok(Json(MemberPage {
        items: rows.into_iter().map(MemberOut::from).collect(),
        total,
        page,
        page_size: PAGE_SIZE,
    }))
}

/// Adds a member (leaders and admins).
#[utoipa::path(post, path = "/api/v1/orgs/{slug}/members", tag = "members", params(("slug" = String, Path),
    ("Idempotency-Key" = Option<String>, Header, description = "Repeats with the same key return the first result")),
    request_body = MemberIn, responses((status = 201, body = MemberOut), (status = 403), (status = 422)))]
pub async fn create(
    State(state): State<AppState>,
    ctx: OrgCtx,
    ApiJson(input): ApiJson<MemberIn>,
) -> AppResult<Response> {
    ctx.require(Permission::ManageMembers)?;
    let draft = input.over(MemberDraft::default());
    let mut tx = state.db.begin_write().await?;
    let m = service::add(&mut tx, &ctx.org, &draft, service::Editor::of(&ctx)).await?;
    tx.commit().await?;
    let location = format!("/api/v1/orgs/{}/members/{}", ctx.org.slug, m.id);
    Ok((
        StatusCode::CREATED,
        [(header::LOCATION, location)],
        Json(MemberOut::from(m)),
    )
        .into_response())
}

/// One member: officers see anyone, a member herself.
#[utoipa::path(get, path = "/api/v1/orgs/{slug}/members/{id}", tag = "members", params(("slug" = String, Path), ("id" = i64, Path)),
    responses((status = 200, body = MemberOut), (status = 403), (status = 404)))]
pub async fn read(
    State(state): State<AppState>,
    ctx: OrgCtx,
    Path((_slug, id)): Path<(String, i64)>,
) -> AppResult<Json<MemberOut>> {
    if !(ctx.can(Permission::ViewMembers) || ctx.membership_id == Some(id)) {
        return Err(AppError::Forbidden);
    }
    let mut tx = state.db.begin().await?;
    Ok(Json(service::get(&mut tx, &ctx.org, id).await?.into()))
}

/// Changes a member's record, status or roles (leaders and admins).
#[utoipa::path(patch, path = "/api/v1/orgs/{slug}/members/{id}", tag = "members", params(("slug" = String, Path), ("id" = i64, Path)),
    request_body = MemberIn, responses((status = 200, body = MemberOut), (status = 403), (status = 404), (status = 422)))]
pub async fn update(
    State(state): State<AppState>,
    ctx: OrgCtx,
    Path((_slug, id)): Path<(String, i64)>,
    ApiJson(input): ApiJson<MemberIn>,
) -> AppResult<Json<MemberOut>> {
    ctx.require(Permission::ManageMembers)?;
    if input.password.is_some() {
        return Err(AppError::BadRequest("error-password-not-here"));
    }
    let mut tx = state.db.begin_write().await?;
    let current = service::get(&mut tx, &ctx.org, id).await?;
    let draft = input.over(service::draft_of(&current));
    let m = service::update(&mut tx, &ctx.org, id, &draft, service::Editor::of(&ctx)).await?;
    tx.commit().await?;
    Ok(Json(m.into()))
}

/// One of the caller's memberships.
#[derive(Serialize, ToSchema)]
pub struct MyMembership {
    pub org: String,
    pub org_name: String,
    pub member_id: i64,
    pub status: Status,
    pub roles: Vec<Role>,
}

/// The caller.
#[derive(Serialize, ToSchema)]
pub struct Me {
    pub id: i64,
    pub name: String,
    pub is_operator: bool,
    pub locale: Option<String>,
    pub memberships: Vec<MyMembership>,
}

/// Who the caller is, and her memberships.
#[utoipa::path(get, path = "/api/v1/me", tag = "members", responses((status = 200, body = Me), (status = 401)))]
pub async fn me(State(state): State<AppState>, caller: Caller) -> AppResult<Json<Me>> {
    let p = caller.require()?;
    let mut tx = state.db.begin().await?;
    let mut memberships = vec![];
    for m in super::memberships_of(&mut tx, p.id).await? {
        if caller.token_org.is_some_and(|t| t != m.org_id) {
            continue;
        }
        if let Some(o) = crate::orgs::by_id(&mut tx, m.org_id).await? {
            memberships.push(MyMembership {
                org: o.slug,
                org_name: o.name,
                member_id: m.id,
                status: m.status,
                roles: m.roles.iter().collect(),
            });
        }
    }
    Ok(Json(Me {
        id: p.id,
        name: p.name.clone(),
        is_operator: p.is_operator,
        locale: p.locale.clone(),
        memberships,
    }))
}
