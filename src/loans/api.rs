//! The JSON API of the loan fund: the portfolio, one loan with its schedule, applications
//! and each step of a loan's life. Amounts are minor units.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::service::{self, Position, RescheduleDraft};
use super::store;
use crate::auth::{OrgCtx, Permission};
use crate::ledger::Till;
use crate::state::AppState;
use crate::web::json::{ApiJson, path_word};
use crate::web::{AppError, AppResult, FieldError};

#[derive(Serialize, ToSchema)]
pub struct NextDue {
    pub date: String,
    pub amount: i64,
}

/// A loan and where it stands today.
#[derive(Serialize, ToSchema)]
pub struct LoanOut {
    pub id: i64,
    pub member_id: i64,
    pub member: String,
    pub product_id: i64,
    pub product: String,
    /// applied, approved, disbursed, closed, written_off, rejected
    pub status: String,
    pub principal: i64,
    pub purpose: String,
    pub applied_on: String,
    pub disbursed_on: Option<String>,
    pub outstanding_principal: i64,
    pub overdue: i64,
    pub days_overdue: i64,
    pub next_due: Option<NextDue>,
    pub currency: String,
}

fn loan_out(p: Position, currency: &str) -> LoanOut {
    LoanOut {
        id: p.loan.id,
        member_id: p.loan.member_id,
        member: p.member,
        product_id: p.loan.product_id,
        product: p.product,
        status: p.loan.status,
        principal: p.loan.principal,
        purpose: p.loan.purpose,
        applied_on: p.loan.applied_on,
        disbursed_on: p.loan.disbursed_on,
        outstanding_principal: p.outstanding_principal,
        overdue: p.overdue,
        days_overdue: p.days_overdue,
        next_due: p.next_due.map(|(date, amount)| NextDue { date, amount }),
        currency: currency.to_string(),
    }
}

#[derive(Serialize, ToSchema)]
pub struct PortfolioOut {
    pub loans: Vec<LoanOut>,
    /// Portfolio at risk over 30 days, in basis points of the outstanding principal.
    pub par30_bp: i64,
}

/// Every loan with its position, and the portfolio at risk.
#[utoipa::path(get, path = "/api/v1/orgs/{slug}/loans", tag = "loans", params(("slug" = String, Path)),
    responses((status = 200, body = PortfolioOut), (status = 403)))]
pub async fn list(State(state): State<AppState>, ctx: OrgCtx) -> AppResult<Json<PortfolioOut>> {
    ctx.require(Permission::ViewBooks)?;
    let mut tx = state.db.begin().await?;
    let (positions, par30_bp) = service::portfolio(&mut tx, &ctx.org, &ctx.org.today()).await?;
    let currency = ctx.org.currency.code();
    Ok(Json(PortfolioOut {
        loans: positions.into_iter().map(|p| loan_out(p, currency)).collect(),
        par30_bp,
    }))
}

#[derive(Serialize, ToSchema)]
pub struct InstalmentOut {
    pub n: i64,
    pub due_on: String,
    pub principal: i64,
    pub interest: i64,
    pub paid_principal: i64,
    pub paid_interest: i64,
}

#[derive(Serialize, ToSchema)]
pub struct LoanDetail {
    #[serde(flatten)]
    pub loan: LoanOut,
    /// Empty until the loan is paid out.
    pub schedule: Vec<InstalmentOut>,
}

async fn detail(tx: &mut crate::db::Tx, ctx: &OrgCtx, id: i64) -> AppResult<LoanDetail> {
    let position = service::of_loan(tx, &ctx.org, id, &ctx.org.today()).await?;
    let schedule = store::instalments(tx, ctx.org.id, id)
        .await?
        .into_iter()
        .map(|r| InstalmentOut {
            n: r.n,
            due_on: r.due_on,
            principal: r.principal,
            interest: r.interest,
            paid_principal: r.paid_principal,
            paid_interest: r.paid_interest,
        })
        .collect();
    Ok(LoanDetail {
        loan: loan_out(position, ctx.org.currency.code()),
        schedule,
    })
}

/// One loan with its schedule; a member may read her own.
#[utoipa::path(get, path = "/api/v1/orgs/{slug}/loans/{id}", tag = "loans", params(("slug" = String, Path), ("id" = i64, Path)),
    responses((status = 200, body = LoanDetail), (status = 403), (status = 404)))]
pub async fn read(
    State(state): State<AppState>,
    ctx: OrgCtx,
    Path((_slug, id)): Path<(String, i64)>,
) -> AppResult<Json<LoanDetail>> {
    let mut tx = state.db.begin().await?;
    let d = detail(&mut tx, &ctx, id).await?;
    if !(ctx.can(Permission::ViewBooks) || ctx.membership_id == Some(d.loan.member_id)) {
        return Err(AppError::Forbidden);
    }
    Ok(Json(d))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ApplyIn {
    pub member_number: String,
    pub product_id: i64,
    pub principal: i64,
    pub purpose: String,
}

/// An application for a loan, within the product's multiple of her savings.
#[utoipa::path(post, path = "/api/v1/orgs/{slug}/loans", tag = "loans", request_body = ApplyIn,
    params(("slug" = String, Path), ("Idempotency-Key" = Option<String>, Header)),
    responses((status = 201, body = LoanDetail), (status = 403), (status = 422)))]
pub async fn apply(
    State(state): State<AppState>,
    ctx: OrgCtx,
    ApiJson(input): ApiJson<ApplyIn>,
) -> AppResult<Response> {
    if !(ctx.can(Permission::KeepBooks) || ctx.can(Permission::Approve)) {
        return Err(AppError::Forbidden);
    }
    let mut tx = state.db.begin_write().await?;
    let member = crate::members::by_number(&mut tx, ctx.org.id, &input.member_number)
        .await?
        .ok_or_else(|| AppError::Invalid(vec![FieldError::new("member_number", "cashbook-member-unknown")]))?;
    let id = service::apply(
        &mut tx,
        &ctx.org,
        member.id,
        input.product_id,
        input.principal,
        &input.purpose,
        &ctx.org.today(),
    )
    .await?;
    let d = detail(&mut tx, &ctx, id).await?;
    tx.commit().await?;
    let location = format!("/api/v1/orgs/{}/loans/{id}", ctx.org.slug);
    Ok((StatusCode::CREATED, [(header::LOCATION, location)], Json(d)).into_response())
}

/// What a step of a loan's life needs; each step reads its own fields.
#[derive(Deserialize, ToSchema, Default)]
#[serde(deny_unknown_fields)]
pub struct ActionIn {
    /// repay: minor units.
    pub amount: Option<i64>,
    /// disburse, repay, write-off: ISO date, today when absent.
    pub date: Option<String>,
    pub till: Option<Till>,
    /// reschedule
    pub instalments: Option<i64>,
    pub first_due: Option<String>,
    pub reason: Option<String>,
}

/// A loan's next step.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, ToSchema)]
#[serde(rename_all = "kebab-case")]
pub enum LoanAction {
    Approve,
    Reject,
    Disburse,
    Repay,
    WriteOff,
    Reschedule,
}

/// approve, reject (leaders); disburse, repay, write-off (treasurers); reschedule (leaders).
#[utoipa::path(post, path = "/api/v1/orgs/{slug}/loans/{id}/{action}", tag = "loans", request_body = ActionIn,
    params(("slug" = String, Path), ("id" = i64, Path), ("action" = LoanAction, Path), ("Idempotency-Key" = Option<String>, Header)),
    responses((status = 200, body = LoanDetail), (status = 403), (status = 404), (status = 422)))]
pub async fn act(
    State(state): State<AppState>,
    ctx: OrgCtx,
    Path((_slug, id, action)): Path<(String, i64, String)>,
    ApiJson(input): ApiJson<ActionIn>,
) -> AppResult<Json<LoanDetail>> {
    let action: LoanAction = path_word(&action)?;
    let date = input.date.clone().unwrap_or_else(|| ctx.org.today());
    let till = input.till.unwrap_or(Till::Cash);
    let by = ctx.person.id;
    let mut tx = state.db.begin_write().await?;
    match action {
        LoanAction::Approve => {
            ctx.require(Permission::Approve)?;
            service::approve(&mut tx, &ctx.org, id, by, &ctx.org.today()).await?;
        }
        LoanAction::Reject => {
            ctx.require(Permission::Approve)?;
            service::reject(&mut tx, &ctx.org, id).await?;
        }
        LoanAction::Disburse => {
            ctx.require(Permission::KeepBooks)?;
            service::disburse(&mut tx, &ctx.org, id, &date, till, by).await?;
        }
        LoanAction::Repay => {
            ctx.require(Permission::KeepBooks)?;
            let amount = input
                .amount
                .filter(|a| *a > 0)
                .ok_or_else(|| AppError::Invalid(vec![FieldError::new("amount", "amount-not-positive")]))?;
            service::repay(&mut tx, &ctx.org, id, amount, &date, till, by).await?;
        }
        LoanAction::WriteOff => {
            ctx.require(Permission::KeepBooks)?;
            service::write_off(&mut tx, &ctx.org, id, &date, by).await?;
        }
        LoanAction::Reschedule => {
            ctx.require(Permission::Approve)?;
            let draft = RescheduleDraft {
                instalments: input.instalments.unwrap_or(0),
                first_due: input.first_due.clone().unwrap_or_default(),
                reason: input.reason.clone().unwrap_or_default(),
            };
            service::reschedule(&mut tx, &ctx.org, id, &draft, &ctx.org.today(), by).await?;
        }
    }
    let d = detail(&mut tx, &ctx, id).await?;
    tx.commit().await?;
    Ok(Json(d))
}
