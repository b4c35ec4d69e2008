//! The JSON API of savings: savers and balances, deposits, withdrawals, notices, interest.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::service::{self, Movement};
use crate::auth::{OrgCtx, Permission};
use crate::ledger::Till;
use crate::state::AppState;
use crate::web::json::ApiJson;
use crate::web::{AppError, AppResult, FieldError};

/// A member's savings balance, in minor units.
#[derive(Serialize, ToSchema)]
pub struct SaverOut {
    pub member_id: i64,
    pub member_number: String,
    pub name: String,
    pub balance: i64,
}

#[derive(Serialize, ToSchema)]
pub struct SavingsOut {
    pub currency: String,
    pub total: i64,
    pub min_balance: i64,
    pub notice_days: i64,
    pub interest_bp: i64,
    pub savers: Vec<SaverOut>,
}

/// Every saver with her balance, largest first.
#[utoipa::path(get, path = "/api/v1/orgs/{slug}/savings", tag = "savings", params(("slug" = String, Path)),
    responses((status = 200, body = SavingsOut), (status = 403)))]
pub async fn list(State(state): State<AppState>, ctx: OrgCtx) -> AppResult<Json<SavingsOut>> {
    ctx.require(Permission::ViewBooks)?;
    let mut tx = state.db.begin().await?;
    let (savers, total) = service::savers(&mut tx, &ctx.org).await?;
    let b = &ctx.org.bylaws;
    Ok(Json(SavingsOut {
        currency: ctx.org.currency.code().to_string(),
        total,
        min_balance: b.savings_min_balance,
        notice_days: b.savings_notice_days,
        interest_bp: b.savings_interest_bp,
        savers: savers
            .into_iter()
            .map(|s| SaverOut {
                member_id: s.member_id,
                member_number: s.member_number,
                name: s.name,
                balance: s.balance,
            })
            .collect(),
    }))
}

/// Money into or out of a member's savings; `amount` in minor units.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MovementIn {
    pub member_number: String,
    pub amount: i64,
    /// ISO date; today when absent.
    pub date: Option<String>,
    pub till: Option<Till>,
    pub description: Option<String>,
}

/// What a write posted.
#[derive(Serialize, ToSchema)]
pub struct PostedOut {
    pub entry_id: i64,
    pub total: i64,
}

async fn movement(state: &AppState, ctx: &OrgCtx, input: MovementIn, withdrawal: bool) -> AppResult<Response> {
    ctx.require(Permission::KeepBooks)?;
    let mut tx = state.db.begin_write().await?;
    let member = service::member(&mut tx, &ctx.org, &input.member_number).await?;
    let date = input.date.unwrap_or_else(|| ctx.org.today());
    let m = Movement {
        member: &member,
        amount: input.amount,
        date: &date,
        till: input.till.unwrap_or(Till::Cash),
        description: input
            .description
            .filter(|d| !d.trim().is_empty())
            .unwrap_or_else(|| format!("{} ({})", member.name, member.member_number)),
    };
    let entry_id = if withdrawal {
        service::withdraw(&mut tx, &ctx.org, &m, ctx.person.id).await?
    } else {
        service::deposit(&mut tx, &ctx.org, &m, ctx.person.id).await?
    };
    tx.commit().await?;
    Ok((
        StatusCode::CREATED,
        Json(PostedOut {
            entry_id,
            total: input.amount,
        }),
    )
        .into_response())
}

/// A deposit into a member's savings.
#[utoipa::path(post, path = "/api/v1/orgs/{slug}/savings/deposits", tag = "savings", request_body = MovementIn,
    params(("slug" = String, Path), ("Idempotency-Key" = Option<String>, Header)),
    responses((status = 201, body = PostedOut), (status = 403), (status = 422)))]
pub async fn deposit(
    State(state): State<AppState>,
    ctx: OrgCtx,
    ApiJson(input): ApiJson<MovementIn>,
) -> AppResult<Response> {
    movement(&state, &ctx, input, false).await
}

/// A withdrawal, within her balance, the bylaws' minimum and notice.
#[utoipa::path(post, path = "/api/v1/orgs/{slug}/savings/withdrawals", tag = "savings", request_body = MovementIn,
    params(("slug" = String, Path), ("Idempotency-Key" = Option<String>, Header)),
    responses((status = 201, body = PostedOut), (status = 403), (status = 422, description = "Beyond the balance or the minimum, no notice…")))]
pub async fn withdraw(
    State(state): State<AppState>,
    ctx: OrgCtx,
    ApiJson(input): ApiJson<MovementIn>,
) -> AppResult<Response> {
    movement(&state, &ctx, input, true).await
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NoticeIn {
    pub member_number: String,
    pub amount: i64,
    pub date: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct NoticeOut {
    pub id: i64,
}

/// A member's notice that she will withdraw.
#[utoipa::path(post, path = "/api/v1/orgs/{slug}/savings/notices", tag = "savings", request_body = NoticeIn,
    params(("slug" = String, Path), ("Idempotency-Key" = Option<String>, Header)),
    responses((status = 201, body = NoticeOut), (status = 403), (status = 422)))]
pub async fn notice(
    State(state): State<AppState>,
    ctx: OrgCtx,
    ApiJson(input): ApiJson<NoticeIn>,
) -> AppResult<Response> {
    ctx.require(Permission::KeepBooks)?;
    let mut tx = state.db.begin_write().await?;
    let member = service::member(&mut tx, &ctx.org, &input.member_number).await?;
    let date = input.date.unwrap_or_else(|| ctx.org.today());
    let id = service::give_notice(&mut tx, &ctx.org, &member, input.amount, &date, ctx.person.id).await?;
    tx.commit().await?;
    Ok((StatusCode::CREATED, Json(NoticeOut { id })).into_response())
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct InterestIn {
    pub from: String,
    pub through: String,
}

/// Credits the bylaws' interest for a period to every saver, in one entry.
#[utoipa::path(post, path = "/api/v1/orgs/{slug}/savings/interest", tag = "savings", request_body = InterestIn,
    params(("slug" = String, Path), ("Idempotency-Key" = Option<String>, Header)),
    responses((status = 201, body = PostedOut), (status = 403), (status = 422, description = "No rate, period credited already, nothing to credit")))]
pub async fn interest(
    State(state): State<AppState>,
    ctx: OrgCtx,
    ApiJson(input): ApiJson<InterestIn>,
) -> AppResult<Response> {
    ctx.require(Permission::KeepBooks)?;
    if crate::db::parse_day(&input.from).is_none() || crate::db::parse_day(&input.through).is_none() {
        return Err(AppError::Invalid(vec![FieldError::new("from", "entry-bad-date")]));
    }
    let mut tx = state.db.begin_write().await?;
    let tr = ctx.org.own_tr();
    let description = tr.ta(
        "savings-interest-entry",
        &[
            ("from", input.from.clone().into()),
            ("through", input.through.clone().into()),
        ],
    );
    let entry_id = service::credit_interest(
        &mut tx,
        &ctx.org,
        &input.from,
        &input.through,
        &description,
        ctx.person.id,
    )
    .await?;
    let total = service::interest_runs(&mut tx, &ctx.org)
        .await?
        .into_iter()
        .find(|r| r.entry_id == Some(entry_id))
        .map_or(0, |r| r.total);
    tx.commit().await?;
    Ok((StatusCode::CREATED, Json(PostedOut { entry_id, total })).into_response())
}
