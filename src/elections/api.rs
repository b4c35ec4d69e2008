//! The JSON API of elections: offices, elections, nominations, voting, closing, and the
//! leadership figures.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::service;
use crate::auth::{OrgCtx, Permission};
use crate::state::AppState;
use crate::web::AppResult;
use crate::web::IdOut;
use crate::web::json::{ApiJson, path_word};

#[derive(Serialize, ToSchema)]
pub struct TermOut {
    pub office: String,
    pub member_id: i64,
    pub name: String,
    pub starts_on: String,
    pub ends_on: String,
}

#[derive(Serialize, ToSchema)]
pub struct OfficeOut {
    pub id: i64,
    pub name: String,
    pub seats: i64,
    pub term_months: i64,
    /// Consecutive terms one member may serve (0 = no limit).
    pub max_terms: i64,
}

#[derive(Serialize, ToSchema)]
pub struct LeadershipOut {
    pub offices: Vec<OfficeOut>,
    pub current: Vec<TermOut>,
    pub history: Vec<TermOut>,
    pub people: i64,
    pub terms: i64,
    pub women_percent: i64,
    pub first_time_percent: i64,
}

fn term(t: super::store::TermRow) -> TermOut {
    TermOut {
        office: t.office,
        member_id: t.member_id,
        name: t.name,
        starts_on: t.starts_on,
        ends_on: t.ends_on,
    }
}

/// Who holds which office now and before, with rotation, women and first-time leaders.
#[utoipa::path(get, path = "/api/v1/orgs/{slug}/leadership", tag = "elections", params(("slug" = String, Path)),
    responses((status = 200, body = LeadershipOut), (status = 403)))]
pub async fn leadership(State(state): State<AppState>, ctx: OrgCtx) -> AppResult<Json<LeadershipOut>> {
    ctx.require(Permission::ViewDashboard)?;
    let mut tx = state.db.begin().await?;
    let l = service::leadership(&mut tx, &ctx.org, &ctx.org.today()).await?;
    let offices = service::offices(&mut tx, &ctx.org).await?;
    Ok(Json(LeadershipOut {
        offices: offices
            .into_iter()
            .map(|o| OfficeOut {
                id: o.id,
                name: o.name,
                seats: o.seats,
                term_months: o.term_months,
                max_terms: o.max_terms,
            })
            .collect(),
        current: l.current.into_iter().map(term).collect(),
        history: l.history.into_iter().map(term).collect(),
        people: l.people,
        terms: l.terms,
        women_percent: l.women_percent,
        first_time_percent: l.first_time_percent,
    }))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct OfficeIn {
    pub name: String,
    pub seats: i64,
    pub term_months: i64,
    pub max_terms: i64,
}

/// An office the organisation elects.
#[utoipa::path(post, path = "/api/v1/orgs/{slug}/offices", tag = "elections", request_body = OfficeIn,
    params(("slug" = String, Path), ("Idempotency-Key" = Option<String>, Header)),
    responses((status = 201, body = IdOut), (status = 403), (status = 422)))]
pub async fn create_office(
    State(state): State<AppState>,
    ctx: OrgCtx,
    ApiJson(input): ApiJson<OfficeIn>,
) -> AppResult<Response> {
    ctx.require(Permission::Approve)?;
    let mut tx = state.db.begin_write().await?;
    let id = service::create_office(
        &mut tx,
        &ctx.org,
        &input.name,
        input.seats,
        input.term_months,
        input.max_terms,
    )
    .await?;
    tx.commit().await?;
    Ok((StatusCode::CREATED, Json(IdOut { id })).into_response())
}

#[derive(Serialize, ToSchema)]
pub struct ElectionOut {
    pub id: i64,
    pub office: String,
    pub seats: i64,
    /// stv, plurality
    pub method: String,
    /// nominating, voting, closed
    pub status: String,
    pub term_starts: String,
    /// The secret proposal members vote on.
    pub proposal_id: Option<i64>,
    /// Nominees in the order nominated: "Name (number)".
    pub nominees: Vec<String>,
    /// Once closed: the nominees seated, in the order elected.
    pub elected: Vec<String>,
}

fn election_out(e: service::Election) -> ElectionOut {
    let label = |n: &super::store::NomineeRow| format!("{} ({})", n.name, n.member_number);
    let elected = if e.election.status == "closed" {
        e.winners.iter().filter_map(|w| e.nominees.get(*w)).map(label).collect()
    } else {
        vec![]
    };
    ElectionOut {
        id: e.election.id,
        office: e.election.office,
        seats: e.election.seats,
        method: e.election.method,
        status: e.election.status,
        term_starts: e.election.term_starts,
        proposal_id: e.election.proposal_id,
        nominees: e.nominees.iter().map(label).collect(),
        elected,
    }
}

/// Elections, the latest first.
#[utoipa::path(get, path = "/api/v1/orgs/{slug}/elections", tag = "elections", params(("slug" = String, Path)),
    responses((status = 200, body = [ElectionOut]), (status = 403)))]
pub async fn list(State(state): State<AppState>, ctx: OrgCtx) -> AppResult<Json<Vec<ElectionOut>>> {
    ctx.require(Permission::ViewDashboard)?;
    let mut tx = state.db.begin().await?;
    let mut out = vec![];
    for e in service::list(&mut tx, &ctx.org).await? {
        out.push(election_out(service::get(&mut tx, &ctx.org, e.id).await?));
    }
    Ok(Json(out))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ElectionIn {
    pub office_id: i64,
    /// stv, plurality
    pub method: String,
    pub term_starts: String,
}

/// Opens nominations for an office.
#[utoipa::path(post, path = "/api/v1/orgs/{slug}/elections", tag = "elections", request_body = ElectionIn,
    params(("slug" = String, Path), ("Idempotency-Key" = Option<String>, Header)),
    responses((status = 201, body = ElectionOut), (status = 403), (status = 422)))]
pub async fn create(
    State(state): State<AppState>,
    ctx: OrgCtx,
    ApiJson(input): ApiJson<ElectionIn>,
) -> AppResult<Response> {
    ctx.require(Permission::Approve)?;
    let mut tx = state.db.begin_write().await?;
    let id = service::start(
        &mut tx,
        &ctx.org,
        input.office_id,
        &input.method,
        &input.term_starts,
        ctx.person.id,
    )
    .await?;
    let out = election_out(service::get(&mut tx, &ctx.org, id).await?);
    tx.commit().await?;
    Ok((StatusCode::CREATED, Json(out)).into_response())
}

/// An election with its nominees and, once closed, who was seated.
#[utoipa::path(get, path = "/api/v1/orgs/{slug}/elections/{id}", tag = "elections", params(("slug" = String, Path), ("id" = i64, Path)),
    responses((status = 200, body = ElectionOut), (status = 403), (status = 404)))]
pub async fn read(
    State(state): State<AppState>,
    ctx: OrgCtx,
    Path((_slug, id)): Path<(String, i64)>,
) -> AppResult<Json<ElectionOut>> {
    ctx.require(Permission::ViewDashboard)?;
    let mut tx = state.db.begin().await?;
    Ok(Json(election_out(service::get(&mut tx, &ctx.org, id).await?)))
}

/// What an election step needs: a member to nominate, or when voting closes.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ElectionStepIn {
    pub member_number: Option<String>,
    pub closes_on: Option<String>,
}

/// An election's next step.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, ToSchema)]
#[serde(rename_all = "kebab-case")]
pub enum ElectionStep {
    Nominate,
    Voting,
    Close,
}

/// nominate (any member), voting (open the secret vote until `closes_on`), close (seat
/// the winners).
#[utoipa::path(post, path = "/api/v1/orgs/{slug}/elections/{id}/{step}", tag = "elections", request_body = ElectionStepIn,
    params(("slug" = String, Path), ("id" = i64, Path), ("step" = ElectionStep, Path), ("Idempotency-Key" = Option<String>, Header)),
    responses((status = 200, body = ElectionOut), (status = 403), (status = 404), (status = 422)))]
pub async fn step(
    State(state): State<AppState>,
    ctx: OrgCtx,
    Path((_slug, id, step)): Path<(String, i64, String)>,
    ApiJson(input): ApiJson<ElectionStepIn>,
) -> AppResult<Json<ElectionOut>> {
    let step: ElectionStep = path_word(&step)?;
    match step {
        ElectionStep::Nominate if ctx.membership_id.is_some() => {}
        ElectionStep::Nominate | ElectionStep::Voting | ElectionStep::Close => ctx.require(Permission::Approve)?,
    }
    let mut tx = state.db.begin_write().await?;
    match step {
        ElectionStep::Nominate => {
            service::nominate(
                &mut tx,
                &ctx.org,
                id,
                input.member_number.as_deref().unwrap_or(""),
                ctx.person.id,
            )
            .await?
        }
        ElectionStep::Voting => service::open_voting(
            &mut tx,
            &ctx.org,
            id,
            input.closes_on.as_deref().unwrap_or(""),
            &ctx.org.today(),
            ctx.person.id,
        )
        .await
        .map(|_| ())?,
        _ => service::close(&mut tx, &ctx.org, id, ctx.person.id).await.map(|_| ())?,
    }
    let out = election_out(service::get(&mut tx, &ctx.org, id).await?);
    tx.commit().await?;
    state.db.scrub_if_wanted().await;
    Ok(Json(out))
}
