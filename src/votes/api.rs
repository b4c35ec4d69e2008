//! Proposals and votes as JSON.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::service::{self, Draft, Tally};
use crate::auth::{OrgCtx, Permission};
use crate::state::AppState;
use crate::web::json::ApiJson;
use crate::web::{AppError, AppResult};

#[derive(Serialize, ToSchema)]
pub struct ProposalOut {
    pub id: i64,
    pub title: String,
    pub body: String,
    /// yes_no, single, multiple, ranked
    pub kind: String,
    pub secret: bool,
    /// open, closed
    pub status: String,
    pub closes_on: String,
    /// Options in ballot order; a yes/no proposal's are message ids.
    pub options: Vec<String>,
    pub eligible: i64,
    pub turnout: i64,
    /// Counts, once voting is closed.
    pub votes: Option<Vec<i64>>,
    pub quorum_met: Option<bool>,
    pub passed: Option<bool>,
    pub winner: Option<usize>,
}

fn out(t: Tally) -> ProposalOut {
    let closed = t.proposal.status == "closed";
    let passed = t.passed();
    ProposalOut {
        id: t.proposal.id,
        title: t.proposal.title,
        body: t.proposal.body,
        kind: t.proposal.kind,
        secret: t.proposal.secret,
        status: t.proposal.status,
        closes_on: t.proposal.closes_on,
        options: t.options,
        eligible: t.proposal.eligible,
        turnout: t.turnout,
        votes: closed.then_some(t.votes),
        quorum_met: closed.then_some(t.quorum_met),
        passed: closed.then_some(passed),
        winner: if closed { t.winner } else { None },
    }
}

/// Every proposal, open ones first.
#[utoipa::path(get, path = "/api/v1/orgs/{slug}/proposals", tag = "votes", params(("slug" = String, Path)),
    responses((status = 200, body = Vec<ProposalOut>), (status = 403)))]
pub async fn list(State(state): State<AppState>, ctx: OrgCtx) -> AppResult<Json<Vec<ProposalOut>>> {
    ctx.require(Permission::ViewDashboard)?;
    let mut tx = state.db.begin().await?;
    let mut all = vec![];
    for p in service::list(&mut tx, &ctx.org).await? {
        all.push(out(service::tally(&mut tx, &ctx.org, p.id).await?));
    }
    Ok(Json(all))
}

/// One proposal; its counts once closed.
#[utoipa::path(get, path = "/api/v1/orgs/{slug}/proposals/{id}", tag = "votes", params(("slug" = String, Path), ("id" = i64, Path)),
    responses((status = 200, body = ProposalOut), (status = 403), (status = 404)))]
pub async fn read(
    State(state): State<AppState>,
    ctx: OrgCtx,
    Path((_slug, id)): Path<(String, i64)>,
) -> AppResult<Json<ProposalOut>> {
    ctx.require(Permission::ViewDashboard)?;
    let mut tx = state.db.begin().await?;
    Ok(Json(out(service::tally(&mut tx, &ctx.org, id).await?)))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ProposalIn {
    pub title: String,
    #[serde(default)]
    pub body: String,
    pub kind: String,
    #[serde(default)]
    pub options: Vec<String>,
    #[serde(default)]
    pub max_choices: Option<i64>,
    #[serde(default)]
    pub secret: bool,
    pub quorum_percent: Option<i64>,
    /// simple, two_thirds, or a percent
    #[serde(default)]
    pub threshold: String,
    pub closes_on: String,
}

/// Opens a proposal for voting (leaders); its voters are the members active now.
#[utoipa::path(post, path = "/api/v1/orgs/{slug}/proposals", tag = "votes", request_body = ProposalIn,
    params(("slug" = String, Path), ("Idempotency-Key" = Option<String>, Header)),
    responses((status = 201, body = ProposalOut), (status = 403), (status = 422)))]
pub async fn create(
    State(state): State<AppState>,
    ctx: OrgCtx,
    ApiJson(input): ApiJson<ProposalIn>,
) -> AppResult<Response> {
    ctx.require(Permission::Approve)?;
    let draft = Draft {
        title: input.title,
        body: input.body,
        kind: input.kind,
        options: input.options,
        max_choices: input.max_choices.unwrap_or(1),
        secret: input.secret,
        quorum_percent: input.quorum_percent,
        threshold: input.threshold,
        closes_on: input.closes_on,
    };
    let mut tx = state.db.begin_write().await?;
    let id = service::open(&mut tx, &ctx.org, &draft, &ctx.org.today(), ctx.person.id).await?;
    let t = service::tally(&mut tx, &ctx.org, id).await?;
    tx.commit().await?;
    Ok((StatusCode::CREATED, Json(out(t))).into_response())
}

/// A ballot: option positions; one for yes/no (0 yes, 1 no, 2 abstain) and single choice,
/// up to the maximum for multiple choice, in order of preference for ranked choice.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BallotIn {
    pub choice: Vec<usize>,
}

/// The caller votes (members only; an open ballot may be changed until closing).
#[utoipa::path(post, path = "/api/v1/orgs/{slug}/proposals/{id}/votes", tag = "votes", request_body = BallotIn,
    params(("slug" = String, Path), ("id" = i64, Path), ("Idempotency-Key" = Option<String>, Header)),
    responses((status = 204), (status = 403), (status = 404), (status = 422)))]
pub async fn vote(
    State(state): State<AppState>,
    ctx: OrgCtx,
    Path((_slug, id)): Path<(String, i64)>,
    ApiJson(input): ApiJson<BallotIn>,
) -> AppResult<Response> {
    let member = ctx.membership_id.ok_or(AppError::Forbidden)?;
    let mut tx = state.db.begin_write().await?;
    service::vote(&mut tx, &ctx.org, id, member, &input.choice, &ctx.org.today()).await?;
    tx.commit().await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

/// Closes voting and records the result (leaders).
#[utoipa::path(post, path = "/api/v1/orgs/{slug}/proposals/{id}/close", tag = "votes",
    params(("slug" = String, Path), ("id" = i64, Path), ("Idempotency-Key" = Option<String>, Header)),
    responses((status = 200, body = ProposalOut), (status = 403), (status = 404), (status = 422)))]
pub async fn close(
    State(state): State<AppState>,
    ctx: OrgCtx,
    Path((_slug, id)): Path<(String, i64)>,
) -> AppResult<Json<ProposalOut>> {
    ctx.require(Permission::Approve)?;
    let mut tx = state.db.begin_write().await?;
    let t = service::close(&mut tx, &ctx.org, id, ctx.person.id).await?;
    tx.commit().await?;
    state.db.scrub_if_wanted().await;
    Ok(Json(out(t)))
}
