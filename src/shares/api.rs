//! The JSON API of share capital: shareholders, subscriptions, payments, transfers,
//! redemptions and a member's exit. The register is the `share-register` report.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::service;
use crate::auth::{OrgCtx, Permission};
use crate::ledger::Till;
use crate::state::AppState;
use crate::web::json::ApiJson;
use crate::web::{AppError, AppResult};

#[derive(Serialize, ToSchema)]
pub struct HolderOut {
    pub member_id: i64,
    pub member_number: String,
    pub name: String,
    pub shares: i64,
    /// Minor units paid on her shares.
    pub paid: i64,
    pub unpaid: i64,
}

#[derive(Serialize, ToSchema)]
pub struct SharesOut {
    pub currency: String,
    pub par_value: i64,
    pub min_shares: i64,
    pub max_shares: i64,
    pub shares: i64,
    pub paid: i64,
    pub holders: Vec<HolderOut>,
}

/// Every shareholder with her shares and what is paid on them.
#[utoipa::path(get, path = "/api/v1/orgs/{slug}/shares", tag = "shares", params(("slug" = String, Path)),
    responses((status = 200, body = SharesOut), (status = 403)))]
pub async fn list(State(state): State<AppState>, ctx: OrgCtx) -> AppResult<Json<SharesOut>> {
    ctx.require(Permission::ViewMembers)?;
    let mut tx = state.db.begin().await?;
    let (holders, total) = service::shareholders(&mut tx, &ctx.org).await?;
    let b = &ctx.org.bylaws;
    Ok(Json(SharesOut {
        currency: ctx.org.currency.code().to_string(),
        par_value: b.share_par_value,
        min_shares: b.min_shares,
        max_shares: b.max_shares,
        shares: total.shares,
        paid: total.paid,
        holders: holders
            .into_iter()
            .map(|(m, h)| HolderOut {
                member_id: m.id,
                member_number: m.member_number,
                name: m.name,
                shares: h.shares,
                paid: h.paid,
                unpaid: h.unpaid(b.share_par_value),
            })
            .collect(),
    }))
}

/// An operation on shares. `shares` for subscriptions, transfers and redemptions;
/// `amount` (minor units) for payments; `to_number` for transfers.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ShareOpIn {
    pub member_number: String,
    #[serde(default)]
    pub shares: i64,
    #[serde(default)]
    pub amount: i64,
    pub to_number: Option<String>,
    /// ISO date; today when absent.
    pub date: Option<String>,
    pub till: Option<Till>,
}

#[derive(Serialize, ToSchema)]
pub struct ShareOpOut {
    /// The register line's number, or the entry a payment posted.
    pub id: i64,
}

async fn op(state: &AppState, ctx: &OrgCtx, input: ShareOpIn, what: &str) -> AppResult<Response> {
    ctx.require(match what {
        "payment" => Permission::KeepBooks,
        "subscription" if ctx.can(Permission::KeepBooks) => Permission::KeepBooks,
        "subscription" => Permission::ManageMembers,
        _ => Permission::Approve,
    })?;
    let org = &ctx.org;
    let by = ctx.person.id;
    let date = input.date.clone().unwrap_or_else(|| ctx.org.today());
    let till = input.till.unwrap_or(Till::Cash);
    let mut tx = state.db.begin_write().await?;
    let m = service::shareholder(&mut tx, org, "member_number", &input.member_number).await?;
    let id = match what {
        "subscription" => service::subscribe(&mut tx, org, &m, input.shares, &date, by).await?,
        "payment" => service::pay(&mut tx, org, &m, input.amount, &date, till, by).await?,
        "transfer" => {
            let to = service::shareholder(&mut tx, org, "to_number", input.to_number.as_deref().unwrap_or("")).await?;
            service::transfer(&mut tx, org, &m, &to, input.shares, &date, by).await?
        }
        _ => service::redeem(&mut tx, org, &m, input.shares, &date, till, by).await?,
    };
    tx.commit().await?;
    Ok((StatusCode::CREATED, Json(ShareOpOut { id })).into_response())
}

/// She takes more shares, within the bylaws' minimum and maximum; answers the register number.
#[utoipa::path(post, path = "/api/v1/orgs/{slug}/shares/subscriptions", tag = "shares", request_body = ShareOpIn,
    params(("slug" = String, Path), ("Idempotency-Key" = Option<String>, Header)),
    responses((status = 201, body = ShareOpOut), (status = 403), (status = 422)))]
pub async fn subscribe(
    State(state): State<AppState>,
    ctx: OrgCtx,
    ApiJson(input): ApiJson<ShareOpIn>,
) -> AppResult<Response> {
    op(&state, &ctx, input, "subscription").await
}

/// An instalment on her shares, no more than she owes; answers the entry posted.
#[utoipa::path(post, path = "/api/v1/orgs/{slug}/shares/payments", tag = "shares", request_body = ShareOpIn,
    params(("slug" = String, Path), ("Idempotency-Key" = Option<String>, Header)),
    responses((status = 201, body = ShareOpOut), (status = 403), (status = 422)))]
pub async fn pay(
    State(state): State<AppState>,
    ctx: OrgCtx,
    ApiJson(input): ApiJson<ShareOpIn>,
) -> AppResult<Response> {
    op(&state, &ctx, input, "payment").await
}

/// Paid-up shares passing to another active member, approved by the calling leader.
#[utoipa::path(post, path = "/api/v1/orgs/{slug}/shares/transfers", tag = "shares", request_body = ShareOpIn,
    params(("slug" = String, Path), ("Idempotency-Key" = Option<String>, Header)),
    responses((status = 201, body = ShareOpOut), (status = 403), (status = 422)))]
pub async fn transfer(
    State(state): State<AppState>,
    ctx: OrgCtx,
    ApiJson(input): ApiJson<ShareOpIn>,
) -> AppResult<Response> {
    op(&state, &ctx, input, "transfer").await
}

/// Paid-up shares bought back at par, approved by the calling leader.
#[utoipa::path(post, path = "/api/v1/orgs/{slug}/shares/redemptions", tag = "shares", request_body = ShareOpIn,
    params(("slug" = String, Path), ("Idempotency-Key" = Option<String>, Header)),
    responses((status = 201, body = ShareOpOut), (status = 403), (status = 422)))]
pub async fn redeem(
    State(state): State<AppState>,
    ctx: OrgCtx,
    ApiJson(input): ApiJson<ShareOpIn>,
) -> AppResult<Response> {
    op(&state, &ctx, input, "redemption").await
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ExitIn {
    pub reason: String,
    pub date: Option<String>,
    pub till: Option<Till>,
}

#[derive(Serialize, ToSchema)]
pub struct ExitOut {
    pub shares_redeemed: i64,
    pub share_capital: i64,
    pub savings: i64,
    pub payable: i64,
    pub receivable: i64,
    /// Paid to her (minor units).
    pub net: i64,
}

/// She leaves: shares redeemed, accounts settled in one entry, status exited.
#[utoipa::path(post, path = "/api/v1/orgs/{slug}/members/{id}/exit", tag = "members", request_body = ExitIn,
    params(("slug" = String, Path), ("id" = i64, Path), ("Idempotency-Key" = Option<String>, Header)),
    responses((status = 201, body = ExitOut), (status = 403), (status = 404), (status = 422, description = "An open loan, or she owes more than she has")))]
pub async fn exit(
    State(state): State<AppState>,
    ctx: OrgCtx,
    Path((_slug, id)): Path<(String, i64)>,
    ApiJson(input): ApiJson<ExitIn>,
) -> AppResult<Response> {
    ctx.require(Permission::Approve)?;
    let mut tx = state.db.begin_write().await?;
    let m = crate::members::by_id(&mut tx, ctx.org.id, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let date = input.date.unwrap_or_else(|| ctx.org.today());
    let s = service::exit(
        &mut tx,
        &ctx.org,
        &m,
        &date,
        input.till.unwrap_or(Till::Cash),
        &input.reason,
        ctx.person.id,
    )
    .await?;
    tx.commit().await?;
    Ok((
        StatusCode::CREATED,
        Json(ExitOut {
            shares_redeemed: s.shares,
            share_capital: s.share_capital,
            savings: s.savings,
            payable: s.payable,
            receivable: s.receivable,
            net: s.net,
        }),
    )
        .into_response())
}
