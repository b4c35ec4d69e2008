//! The JSON API of buying together: suppliers and articles, rounds, requests, every step
//! of a round, and allocations with each member's charge and saving.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::service::{self, ArticleDraft, Collectors, Received, RoundDraft, Want};
use crate::auth::{OrgCtx, Permission};
use crate::ledger::Till;
use crate::state::AppState;
use crate::web::IdOut;
use crate::web::json::{ApiJson, path_word};
use crate::web::{AppError, AppResult, FieldError};

#[derive(Serialize, Deserialize, ToSchema)]
pub struct ArticleOut {
    #[serde(default)]
    pub id: i64,
    pub code: String,
    pub name: String,
    /// piece, metre, kilogram, reel, packet
    pub unit: String,
    pub pack_size: i64,
    /// Minor units per pack.
    pub pack_price: i64,
    pub min_packs: i64,
    pub category: String,
    /// Minor units per unit, buying alone.
    pub retail_price: i64,
}

#[derive(Serialize, ToSchema)]
pub struct SupplierOut {
    pub id: i64,
    pub name: String,
    pub contact: String,
    pub terms: String,
    /// The organisation on this Tejido that supplies, if it is one.
    pub supplier_org: Option<String>,
    pub min_order: i64,
    pub articles: Vec<ArticleOut>,
}

/// Suppliers with their articles.
#[utoipa::path(get, path = "/api/v1/orgs/{slug}/suppliers", tag = "purchases", params(("slug" = String, Path)),
    responses((status = 200, body = [SupplierOut]), (status = 403)))]
pub async fn suppliers(State(state): State<AppState>, ctx: OrgCtx) -> AppResult<Json<Vec<SupplierOut>>> {
    ctx.require(Permission::ViewDashboard)?;
    let mut tx = state.db.begin().await?;
    let articles = service::articles(&mut tx, &ctx.org).await?;
    Ok(Json(
        service::suppliers(&mut tx, &ctx.org)
            .await?
            .into_iter()
            .map(|s| SupplierOut {
                articles: articles
                    .iter()
                    .filter(|a| a.supplier_id == s.id)
                    .map(|a| ArticleOut {
                        id: a.id,
                        code: a.code.clone(),
                        name: a.name.clone(),
                        unit: a.unit.clone(),
                        pack_size: a.pack_size,
                        pack_price: a.pack_price,
                        min_packs: a.min_packs,
                        category: a.category.clone(),
                        retail_price: a.retail_price,
                    })
                    .collect(),
                id: s.id,
                name: s.name,
                contact: s.contact,
                terms: s.terms,
                supplier_org: s.supplier_org,
                min_order: s.min_order,
            })
            .collect(),
    ))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SupplierIn {
    pub name: String,
    #[serde(default)]
    pub contact: String,
    #[serde(default)]
    pub terms: String,
    /// The short name of one of the organisation's federations or networks that supplies.
    pub supplier_org: Option<String>,
    /// The smallest order the supplier takes, minor units.
    #[serde(default)]
    pub min_order: i64,
}

/// A supplier.
#[utoipa::path(post, path = "/api/v1/orgs/{slug}/suppliers", tag = "purchases", request_body = SupplierIn,
    params(("slug" = String, Path), ("Idempotency-Key" = Option<String>, Header)),
    responses((status = 201, body = IdOut), (status = 403), (status = 422)))]
pub async fn create_supplier(
    State(state): State<AppState>,
    ctx: OrgCtx,
    ApiJson(input): ApiJson<SupplierIn>,
) -> AppResult<Response> {
    ctx.require(Permission::RunRounds)?;
    let mut tx = state.db.begin_write().await?;
    let id = service::create_supplier(
        &mut tx,
        &ctx.org,
        &input.name,
        &input.contact,
        &input.terms,
        input.supplier_org.as_deref(),
    )
    .await?;
    service::set_min_order(&mut tx, &ctx.org, id, input.min_order).await?;
    tx.commit().await?;
    Ok((StatusCode::CREATED, Json(IdOut { id })).into_response())
}

/// Adds an article of a supplier, or changes it when its code is known (the new price
/// joins its history).
#[utoipa::path(post, path = "/api/v1/orgs/{slug}/suppliers/{id}/articles", tag = "purchases", request_body = ArticleOut,
    params(("slug" = String, Path), ("id" = i64, Path), ("Idempotency-Key" = Option<String>, Header)),
    responses((status = 201, body = IdOut), (status = 403), (status = 422)))]
pub async fn put_article(
    State(state): State<AppState>,
    ctx: OrgCtx,
    Path((_slug, supplier)): Path<(String, i64)>,
    ApiJson(a): ApiJson<ArticleOut>,
) -> AppResult<Response> {
    ctx.require(Permission::RunRounds)?;
    let draft = ArticleDraft {
        code: a.code,
        name: a.name,
        unit: a.unit,
        pack_size: a.pack_size,
        pack_price: a.pack_price,
        min_packs: a.min_packs,
        category: a.category,
        retail_price: a.retail_price,
    };
    let mut tx = state.db.begin_write().await?;
    let id = service::put_article(&mut tx, &ctx.org, supplier, &draft, &ctx.org.today()).await?;
    tx.commit().await?;
    Ok((StatusCode::CREATED, Json(IdOut { id })).into_response())
}

#[derive(Serialize, ToSchema)]
pub struct RoundOut {
    pub id: i64,
    pub title: String,
    /// draft, open, closed, ordered, received, distributed, settled
    pub status: String,
    /// The organisation's local time, "2026-12-01T18:00".
    pub closes_at: String,
    pub collection_on: String,
    pub collection_place: String,
    pub margin_bp: i64,
    /// first_come, proportional
    pub rule: String,
    pub keep_partial: bool,
}

fn round_out(r: super::store::RoundRow) -> RoundOut {
    RoundOut {
        id: r.id,
        title: r.title,
        status: r.status,
        closes_at: r.closes_at,
        collection_on: r.collection_on,
        collection_place: r.collection_place,
        margin_bp: r.margin_bp,
        rule: r.rule,
        keep_partial: r.keep_partial,
    }
}

/// Rounds, the latest first.
#[utoipa::path(get, path = "/api/v1/orgs/{slug}/rounds", tag = "purchases", params(("slug" = String, Path)),
    responses((status = 200, body = [RoundOut]), (status = 403)))]
pub async fn rounds(State(state): State<AppState>, ctx: OrgCtx) -> AppResult<Json<Vec<RoundOut>>> {
    ctx.require(Permission::ViewDashboard)?;
    let mut tx = state.db.begin().await?;
    Ok(Json(
        service::rounds(&mut tx, &ctx.org)
            .await?
            .into_iter()
            .map(round_out)
            .collect(),
    ))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RoundIn {
    pub title: String,
    pub suppliers: Vec<i64>,
    /// The organisation's local time, "2026-12-01T18:00"; a date alone closes at 23:59.
    pub closes_at: String,
    pub collection_on: String,
    pub collection_place: String,
    /// first_come, proportional
    pub rule: String,
    #[serde(default)]
    pub keep_partial: bool,
}

/// A round in draft.
#[utoipa::path(post, path = "/api/v1/orgs/{slug}/rounds", tag = "purchases", request_body = RoundIn,
    params(("slug" = String, Path), ("Idempotency-Key" = Option<String>, Header)),
    responses((status = 201, body = IdOut), (status = 403), (status = 422)))]
pub async fn create_round(
    State(state): State<AppState>,
    ctx: OrgCtx,
    ApiJson(input): ApiJson<RoundIn>,
) -> AppResult<Response> {
    ctx.require(Permission::RunRounds)?;
    let d = RoundDraft {
        title: input.title,
        suppliers: input.suppliers,
        closes_at: input.closes_at,
        collection_on: input.collection_on,
        place: input.collection_place,
        rule: input.rule,
        keep_partial: input.keep_partial,
    };
    let mut tx = state.db.begin_write().await?;
    let id = service::create_round(&mut tx, &ctx.org, &d, ctx.person.id).await?;
    tx.commit().await?;
    Ok((StatusCode::CREATED, Json(IdOut { id })).into_response())
}

#[derive(Serialize, ToSchema)]
pub struct RoundLineOut {
    pub article_id: i64,
    pub packs: i64,
    pub units_ordered: i64,
    pub units_received: Option<i64>,
    pub to_stock: i64,
}

#[derive(Serialize, ToSchema)]
pub struct AllocationOut {
    pub member_id: i64,
    pub member_number: String,
    /// (article, planned units, units after the delivery)
    pub items: Vec<(i64, i64, i64)>,
    pub charge: i64,
    pub retail: i64,
    pub saving: i64,
    pub collected: bool,
}

#[derive(Serialize, ToSchema)]
pub struct RoundDetailOut {
    #[serde(flatten)]
    pub round: RoundOut,
    pub requests: i64,
    pub lines: Vec<RoundLineOut>,
    pub allocations: Vec<AllocationOut>,
    /// The supplier's invoice, minor units.
    pub invoice: i64,
    /// What the members saved against retail.
    pub saving: i64,
}

async fn detail(tx: &mut crate::db::Tx, ctx: &OrgCtx, id: i64) -> AppResult<RoundDetailOut> {
    // A member reads her own share; those who see members read everyone's.
    let mine_only = !ctx.can(Permission::ViewMembers);
    let reader = if mine_only {
        Some(ctx.membership_id.unwrap_or(0))
    } else {
        None
    };
    let r = service::view(tx, &ctx.org, id, reader).await?;
    Ok(RoundDetailOut {
        requests: r.requests,
        lines: r
            .lines
            .iter()
            .map(|l| RoundLineOut {
                article_id: l.article_id,
                packs: l.packs,
                units_ordered: l.packs * l.pack_size,
                units_received: l.units_received,
                to_stock: r.stock(l),
            })
            .collect(),
        allocations: r
            .shares
            .iter()
            .filter(|s| !mine_only || Some(s.member_id) == ctx.membership_id)
            .map(|s| AllocationOut {
                member_id: s.member_id,
                member_number: s.member_number.clone(),
                items: s.items.clone(),
                charge: s.charge(),
                retail: s.retail,
                saving: s.saving(),
                collected: r.collected(s.member_id),
            })
            .collect(),
        invoice: r.invoice,
        saving: r.saving,
        round: round_out(r.round),
    })
}

/// A round with its order, allocations and savings (a member sees her own allocation).
#[utoipa::path(get, path = "/api/v1/orgs/{slug}/rounds/{id}", tag = "purchases", params(("slug" = String, Path), ("id" = i64, Path)),
    responses((status = 200, body = RoundDetailOut), (status = 403), (status = 404)))]
pub async fn round(
    State(state): State<AppState>,
    ctx: OrgCtx,
    Path((_slug, id)): Path<(String, i64)>,
) -> AppResult<Json<RoundDetailOut>> {
    ctx.require(Permission::ViewDashboard)?;
    let mut tx = state.db.begin().await?;
    Ok(Json(detail(&mut tx, &ctx, id).await?))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct WantIn {
    pub article_id: i64,
    pub quantity: i64,
    #[serde(default)]
    pub tolerance: i64,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RequestIn {
    /// A facilitator, coordinator or leader entering a request for a member; the caller's own when absent.
    pub member_number: Option<String>,
    pub wants: Vec<WantIn>,
}

/// Her requests while the round is open; a zero quantity and tolerance removes one.
#[utoipa::path(post, path = "/api/v1/orgs/{slug}/rounds/{id}/requests", tag = "purchases", request_body = RequestIn,
    params(("slug" = String, Path), ("id" = i64, Path), ("Idempotency-Key" = Option<String>, Header)),
    responses((status = 204), (status = 403), (status = 422, description = "Closed, unknown article, bad quantity")))]
pub async fn request(
    State(state): State<AppState>,
    ctx: OrgCtx,
    Path((_slug, id)): Path<(String, i64)>,
    ApiJson(input): ApiJson<RequestIn>,
) -> AppResult<StatusCode> {
    let mut tx = state.db.begin_write().await?;
    let who = match &input.member_number {
        Some(n) => {
            ctx.require(Permission::ActForMembers)?;
            crate::members::active_in_field(&mut tx, ctx.org.id, "member_number", n)
                .await?
                .id
        }
        None => ctx.membership_id.ok_or(AppError::Forbidden)?,
    };
    let wants: Vec<Want> = input
        .wants
        .iter()
        .map(|w| Want {
            article_id: w.article_id,
            quantity: w.quantity,
            tolerance: w.tolerance,
        })
        .collect();
    service::request(&mut tx, &ctx.org, id, who, &wants, &ctx.org.clock(), ctx.person.id).await?;
    tx.commit().await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReceivedIn {
    pub article_id: i64,
    pub units: i64,
    pub pack_price: i64,
}

/// What a step needs: the delivery (receive), a member and how she paid (collect), a till
/// (pay), a date.
#[derive(Deserialize, ToSchema, Default)]
#[serde(deny_unknown_fields)]
pub struct RoundStepIn {
    #[serde(default)]
    pub received: Vec<ReceivedIn>,
    #[serde(default)]
    pub accept_extra: bool,
    pub member_number: Option<String>,
    /// collect: several members at once, charged in one entry
    #[serde(default)]
    pub member_numbers: Vec<String>,
    /// collect: everyone whose share is still waiting
    #[serde(default)]
    pub all_waiting: bool,
    /// account (her receivable) or a till
    pub paid: Option<String>,
    pub till: Option<Till>,
    pub date: Option<String>,
    /// reschedule: the new closing time, "2026-12-01T18:00"
    pub closes_at: Option<String>,
}

/// A purchase round's next step.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, ToSchema)]
#[serde(rename_all = "kebab-case")]
pub enum RoundStep {
    Open,
    Reschedule,
    Close,
    Order,
    Receive,
    Collect,
    Pay,
    Finish,
    Settle,
}

/// A round's next step: open, reschedule (its closing time), close, order, receive, collect,
/// pay, finish, settle.
#[utoipa::path(post, path = "/api/v1/orgs/{slug}/rounds/{id}/{step}", tag = "purchases", request_body = RoundStepIn,
    params(("slug" = String, Path), ("id" = i64, Path), ("step" = RoundStep, Path), ("Idempotency-Key" = Option<String>, Header)),
    responses((status = 200, body = RoundDetailOut), (status = 403), (status = 404), (status = 422)))]
pub async fn step(
    State(state): State<AppState>,
    ctx: OrgCtx,
    Path((_slug, id, step)): Path<(String, i64, String)>,
    ApiJson(input): ApiJson<RoundStepIn>,
) -> AppResult<Json<RoundDetailOut>> {
    let step: RoundStep = path_word(&step)?;
    ctx.require(Permission::RunRounds)?;
    let org = &ctx.org;
    let by = ctx.person.id;
    let date = input.date.clone().unwrap_or_else(|| org.today());
    let mut tx = state.db.begin_write().await?;
    match step {
        RoundStep::Open => service::open(&mut tx, org, id, &org.clock()).await?,
        RoundStep::Reschedule => {
            let at = input.closes_at.as_deref().unwrap_or("");
            service::reschedule(&mut tx, org, id, at, &org.clock()).await?
        }
        RoundStep::Close => service::close(&mut tx, org, id).await?,
        RoundStep::Order => service::order(&mut tx, org, id).await?,
        RoundStep::Receive => {
            let came: Vec<Received> = input
                .received
                .iter()
                .map(|r| Received {
                    article_id: r.article_id,
                    units: r.units,
                    pack_price: r.pack_price,
                })
                .collect();
            service::receive(&mut tx, org, id, &came, input.accept_extra, &date, by)
                .await
                .map(|_| ())?
        }
        RoundStep::Collect => {
            let mut ids = vec![];
            for n in input.member_number.iter().chain(&input.member_numbers) {
                ids.push(crate::members::in_field(&mut tx, org.id, "member_number", n).await?.id);
            }
            let who = match (input.all_waiting, ids.is_empty()) {
                (true, true) => Collectors::AllWaiting,
                (false, false) => Collectors::These(&ids),
                _ => {
                    return Err(AppError::Invalid(vec![FieldError::new(
                        "member_number",
                        "round-collect-whom",
                    )]));
                }
            };
            let paid = input.paid.as_deref().and_then(Till::parse);
            service::collect(&mut tx, org, id, who, paid, &date, by)
                .await
                .map(|_| ())?
        }
        RoundStep::Pay => service::pay_supplier(&mut tx, org, id, input.till.unwrap_or(Till::Cash), &date, by)
            .await
            .map(|_| ())?,
        RoundStep::Finish => service::finish(&mut tx, org, id).await?,
        RoundStep::Settle => service::settle(&mut tx, org, id).await?,
    }
    let out = detail(&mut tx, &ctx, id).await?;
    tx.commit().await?;
    Ok(Json(out))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct StockIn {
    pub article_id: i64,
    /// Thousandths of the article's unit.
    pub quantity_milli: i64,
    /// What it cost, minor units.
    pub value: i64,
    pub till: Till,
    /// Today when absent.
    pub date: Option<String>,
}

/// Raw material bought outside a round comes into stock, paid from a till.
#[utoipa::path(post, path = "/api/v1/orgs/{slug}/stock", tag = "purchases", request_body = StockIn,
    params(("slug" = String, Path), ("Idempotency-Key" = Option<String>, Header)),
    responses((status = 201, body = IdOut), (status = 403), (status = 422)))]
pub async fn stock_in(State(state): State<AppState>, ctx: OrgCtx, ApiJson(s): ApiJson<StockIn>) -> AppResult<Response> {
    ctx.require(Permission::RunRounds)?;
    let mut tx = state.db.begin_write().await?;
    let date = s.date.unwrap_or_else(|| ctx.org.today());
    let id = crate::purchases::stock_in(
        &mut tx,
        &ctx.org,
        s.article_id,
        s.quantity_milli,
        s.value,
        s.till,
        &date,
        ctx.person.id,
    )
    .await?;
    tx.commit().await?;
    Ok((StatusCode::CREATED, Json(IdOut { id })).into_response())
}
