//! The JSON API of meetings: list, call, read with quorum, attendance and proxies.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::service::{self, Draft};
use crate::auth::{OrgCtx, Permission};
use crate::state::AppState;
use crate::web::json::ApiJson;
use crate::web::{AppError, AppResult, FieldError};

#[derive(Serialize, ToSchema)]
pub struct MeetingOut {
    pub id: i64,
    /// general, board
    pub kind: String,
    pub title: String,
    /// Local date and time, "2026-12-05T10:00".
    pub starts_at: String,
    pub place: String,
    /// planned, open, closed
    pub status: String,
}

#[derive(Serialize, ToSchema)]
pub struct ItemOut {
    pub position: i64,
    pub title: String,
    pub document: String,
    pub decision: String,
    pub proposal_id: Option<i64>,
}

#[derive(Serialize, ToSchema)]
pub struct MeetingDetailOut {
    #[serde(flatten)]
    pub meeting: MeetingOut,
    pub agenda: Vec<ItemOut>,
    pub minutes: String,
    pub eligible: i64,
    pub present: i64,
    pub proxies: i64,
    pub quorum_needed: i64,
    pub quorum_met: bool,
    pub notices_queued: i64,
}

fn out(m: super::store::MeetingRow) -> MeetingOut {
    MeetingOut {
        id: m.id,
        kind: m.kind,
        title: m.title,
        starts_at: m.starts_at,
        place: m.place,
        status: m.status,
    }
}

/// Meetings, the latest first.
#[utoipa::path(get, path = "/api/v1/orgs/{slug}/meetings", tag = "meetings", params(("slug" = String, Path)),
    responses((status = 200, body = [MeetingOut]), (status = 403)))]
pub async fn list(State(state): State<AppState>, ctx: OrgCtx) -> AppResult<Json<Vec<MeetingOut>>> {
    ctx.require(Permission::ViewDashboard)?;
    let mut tx = state.db.begin().await?;
    Ok(Json(
        service::list(&mut tx, &ctx.org).await?.into_iter().map(out).collect(),
    ))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MeetingIn {
    /// general, board
    pub kind: String,
    pub title: String,
    pub date: String,
    /// "10:00"
    #[serde(default)]
    pub time: String,
    pub place: String,
    #[serde(default)]
    pub agenda: Vec<String>,
}

/// Calls a meeting; a notice is queued for every member called.
#[utoipa::path(post, path = "/api/v1/orgs/{slug}/meetings", tag = "meetings", request_body = MeetingIn,
    params(("slug" = String, Path), ("Idempotency-Key" = Option<String>, Header)),
    responses((status = 201, body = MeetingDetailOut), (status = 403), (status = 422)))]
pub async fn create(
    State(state): State<AppState>,
    ctx: OrgCtx,
    ApiJson(input): ApiJson<MeetingIn>,
) -> AppResult<Response> {
    ctx.require(Permission::Approve)?;
    let draft = Draft {
        kind: input.kind,
        title: input.title,
        date: input.date,
        time: input.time,
        place: input.place,
        agenda: input.agenda,
    };
    let mut tx = state.db.begin_write().await?;
    let id = service::create(&mut tx, &ctx.org, &draft, ctx.person.id).await?;
    let m = detail_of(service::get(&mut tx, &ctx.org, id).await?);
    tx.commit().await?;
    Ok((StatusCode::CREATED, Json(m)).into_response())
}

fn detail_of(m: service::Meeting) -> MeetingDetailOut {
    MeetingDetailOut {
        agenda: m
            .items
            .into_iter()
            .map(|i| ItemOut {
                position: i.position,
                title: i.title,
                document: i.document,
                decision: i.decision,
                proposal_id: i.proposal_id,
            })
            .collect(),
        minutes: m.meeting.minutes.clone(),
        eligible: m.quorum.eligible,
        present: m.quorum.present,
        proxies: m.quorum.proxies,
        quorum_needed: m.quorum.needed,
        quorum_met: m.quorum.met(),
        notices_queued: m.notices,
        meeting: out(m.meeting),
    }
}

/// A meeting with its agenda, minutes and live quorum.
#[utoipa::path(get, path = "/api/v1/orgs/{slug}/meetings/{id}", tag = "meetings", params(("slug" = String, Path), ("id" = i64, Path)),
    responses((status = 200, body = MeetingDetailOut), (status = 403), (status = 404)))]
pub async fn read(
    State(state): State<AppState>,
    ctx: OrgCtx,
    Path((_slug, id)): Path<(String, i64)>,
) -> AppResult<Json<MeetingDetailOut>> {
    ctx.require(Permission::ViewDashboard)?;
    let mut tx = state.db.begin().await?;
    Ok(Json(detail_of(service::get(&mut tx, &ctx.org, id).await?)))
}

/// Who is marked present; a leader names her by number, a member marks herself.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AttendIn {
    pub member_number: Option<String>,
}

async fn number_to_id(tx: &mut crate::db::Tx, ctx: &OrgCtx, field: &'static str, number: &str) -> AppResult<i64> {
    Ok(crate::members::in_field(tx, ctx.org.id, field, number).await?.id)
}

/// Marks a member present at the meeting.
#[utoipa::path(post, path = "/api/v1/orgs/{slug}/meetings/{id}/attendance", tag = "meetings", request_body = AttendIn,
    params(("slug" = String, Path), ("id" = i64, Path), ("Idempotency-Key" = Option<String>, Header)),
    responses((status = 201, body = MeetingDetailOut), (status = 403), (status = 422)))]
pub async fn attend(
    State(state): State<AppState>,
    ctx: OrgCtx,
    Path((_slug, id)): Path<(String, i64)>,
    ApiJson(input): ApiJson<AttendIn>,
) -> AppResult<Response> {
    let mut tx = state.db.begin_write().await?;
    match input.member_number {
        Some(n) => {
            ctx.require(Permission::Approve)?;
            let m = number_to_id(&mut tx, &ctx, "member_number", &n).await?;
            service::attend(&mut tx, &ctx.org, id, m, Some(ctx.person.id)).await?;
        }
        None => {
            let me = ctx.membership_id.ok_or(AppError::Forbidden)?;
            service::attend(&mut tx, &ctx.org, id, me, None).await?;
        }
    }
    let m = detail_of(service::get(&mut tx, &ctx.org, id).await?);
    tx.commit().await?;
    Ok((StatusCode::CREATED, Json(m)).into_response())
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ProxyIn {
    /// The member she authorises.
    pub holder_number: String,
}

/// The calling member authorises another for this meeting, within the bylaws' limit.
#[utoipa::path(post, path = "/api/v1/orgs/{slug}/meetings/{id}/proxies", tag = "meetings", request_body = ProxyIn,
    params(("slug" = String, Path), ("id" = i64, Path), ("Idempotency-Key" = Option<String>, Header)),
    responses((status = 201, body = MeetingDetailOut), (status = 403), (status = 422, description = "Beyond the limit, to herself, or given already")))]
pub async fn proxy(
    State(state): State<AppState>,
    ctx: OrgCtx,
    Path((_slug, id)): Path<(String, i64)>,
    ApiJson(input): ApiJson<ProxyIn>,
) -> AppResult<Response> {
    let me = ctx.membership_id.ok_or(AppError::Forbidden)?;
    let mut tx = state.db.begin_write().await?;
    let holder = number_to_id(&mut tx, &ctx, "holder_number", &input.holder_number).await?;
    service::give_proxy(&mut tx, &ctx.org, id, me, holder).await?;
    let m = detail_of(service::get(&mut tx, &ctx.org, id).await?);
    tx.commit().await?;
    Ok((StatusCode::CREATED, Json(m)).into_response())
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct StatusIn {
    /// open (the meeting starts), closed (it is over)
    pub status: String,
}

/// Opens or closes a meeting.
#[utoipa::path(post, path = "/api/v1/orgs/{slug}/meetings/{id}/status", tag = "meetings", request_body = StatusIn,
    params(("slug" = String, Path), ("id" = i64, Path), ("Idempotency-Key" = Option<String>, Header)),
    responses((status = 200, body = MeetingDetailOut), (status = 403), (status = 422)))]
pub async fn status(
    State(state): State<AppState>,
    ctx: OrgCtx,
    Path((_slug, id)): Path<(String, i64)>,
    ApiJson(input): ApiJson<StatusIn>,
) -> AppResult<Json<MeetingDetailOut>> {
    ctx.require(Permission::Approve)?;
    let mut tx = state.db.begin_write().await?;
    match input.status.as_str() {
        "open" | "closed" => service::advance(&mut tx, &ctx.org, id, &input.status).await?,
        _ => {
            return Err(AppError::Invalid(vec![FieldError::new(
                "status",
                "meeting-status-invalid",
            )]));
        }
    }
    let m = detail_of(service::get(&mut tx, &ctx.org, id).await?);
    tx.commit().await?;
    Ok(Json(m))
}
