//! The JSON API of producing together: products with their materials and route, rates,
//! minimum wages, orders, lots, hand-ins and pay runs, over the same services as the pages.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::model::{Count, PayHow};
use super::service::{self, Back, HandInDraft, LotDraft, OrderDraft, ProductDraft};
use super::store::WageRow;
use crate::auth::{OrgCtx, Permission};
use crate::state::AppState;
use crate::web::IdOut;
use crate::web::json::ApiJson;
use crate::web::{AppError, AppResult, FieldError};

fn created(id: i64) -> Response {
    (StatusCode::CREATED, Json(IdOut { id })).into_response()
}

#[derive(Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MaterialIn {
    pub article_id: i64,
    /// Thousandths of the article's unit a piece takes.
    pub per_piece_milli: i64,
    /// Waste allowed, basis points of what the pieces use.
    #[serde(default)]
    pub waste_bp: i64,
}

#[derive(Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct OperationIn {
    pub name: String,
    /// The minimum wage's skill class it is paid under.
    pub skill: String,
    /// Standard minutes per piece, hundredths of a minute.
    pub sam_centi: i64,
    /// Minor units a piece; none: no rate yet.
    pub rate: Option<i64>,
    /// Why the rate is below the fair rate, when it is.
    #[serde(default)]
    pub reason: String,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ProductIn {
    pub code: String,
    pub name: String,
    /// The minimum-wage region its work is paid under.
    pub region: String,
    /// Expected efficiency of an average worker, percent.
    #[serde(default = "hundred")]
    pub efficiency_pct: i64,
    #[serde(default)]
    pub materials: Vec<MaterialIn>,
    #[serde(default)]
    pub operations: Vec<OperationIn>,
}

fn hundred() -> i64 {
    100
}

#[derive(Serialize, ToSchema)]
pub struct RateOut {
    pub rate: i64,
    pub fair_rate_then: i64,
    pub reason: String,
    pub valid_from: String,
}

#[derive(Serialize, ToSchema)]
pub struct OperationOut {
    pub id: i64,
    pub seq: i64,
    pub name: String,
    pub skill: String,
    pub sam_centi: i64,
    pub rate: Option<i64>,
    /// The fair rate today; none when no minimum wage is known.
    pub fair_rate: Option<i64>,
    pub below_fair: bool,
    pub history: Vec<RateOut>,
}

#[derive(Serialize, ToSchema)]
pub struct ProductOut {
    pub id: i64,
    pub code: String,
    pub name: String,
    pub region: String,
    pub efficiency_pct: i64,
    /// Where its small photo is, when it has one.
    pub photo: Option<String>,
    pub materials: Vec<MaterialIn>,
    pub operations: Vec<OperationOut>,
}

/// Products with their bill of materials and route, each operation's rate card.
#[utoipa::path(get, path = "/api/v1/orgs/{slug}/products", tag = "production", params(("slug" = String, Path)),
    responses((status = 200, body = [ProductOut]), (status = 403)))]
pub async fn products(State(state): State<AppState>, ctx: OrgCtx) -> AppResult<Json<Vec<ProductOut>>> {
    ctx.require(Permission::RunProduction)?;
    let mut tx = state.db.begin().await?;
    let out = service::catalogue(&mut tx, &ctx.org)
        .await?
        .into_iter()
        .map(|p| ProductOut {
            id: p.product.id,
            code: p.product.code,
            name: p.product.name,
            region: p.product.region,
            efficiency_pct: p.product.efficiency_pct,
            photo: p
                .product
                .has_photo
                .then(|| format!("/o/{}/production/products/{}/photo", ctx.org.slug, p.product.id)),
            materials: p
                .materials
                .iter()
                .map(|m| MaterialIn {
                    article_id: m.article_id,
                    per_piece_milli: m.per_piece_milli,
                    waste_bp: m.waste_bp,
                })
                .collect(),
            operations: p
                .route
                .iter()
                .map(|c| OperationOut {
                    id: c.op.id,
                    seq: c.op.seq,
                    name: c.op.name.clone(),
                    skill: c.op.skill.clone(),
                    sam_centi: c.op.sam_centi,
                    rate: c.rate.as_ref().map(|r| r.rate),
                    fair_rate: c.fair,
                    below_fair: c.below_fair(),
                    history: c
                        .history
                        .iter()
                        .map(|r| RateOut {
                            rate: r.rate,
                            fair_rate_then: r.fair_rate,
                            reason: r.reason.clone(),
                            valid_from: r.valid_from.clone(),
                        })
                        .collect(),
                })
                .collect(),
        })
        .collect();
    Ok(Json(out))
}

/// A product whole: its materials, its operations in order, and their rates from today.
#[utoipa::path(post, path = "/api/v1/orgs/{slug}/products", tag = "production", request_body = ProductIn,
    params(("slug" = String, Path), ("Idempotency-Key" = Option<String>, Header)),
    responses((status = 201, body = IdOut), (status = 403), (status = 422)))]
pub async fn create_product(
    State(state): State<AppState>,
    ctx: OrgCtx,
    ApiJson(p): ApiJson<ProductIn>,
) -> AppResult<Response> {
    ctx.require(Permission::RunProduction)?;
    let org = &ctx.org;
    let mut tx = state.db.begin_write().await?;
    let d = ProductDraft {
        code: p.code,
        name: p.name,
        region: p.region,
        efficiency_pct: p.efficiency_pct,
    };
    let id = service::create_product(&mut tx, org, &d).await?;
    for m in &p.materials {
        service::put_material(&mut tx, org, id, m.article_id, m.per_piece_milli, m.waste_bp).await?;
    }
    for o in &p.operations {
        let op = service::add_operation(&mut tx, org, id, &o.name, &o.skill, o.sam_centi).await?;
        if let Some(rate) = o.rate {
            service::set_rate(&mut tx, org, op, rate, &o.reason, &org.today(), ctx.person.id).await?;
        }
    }
    tx.commit().await?;
    Ok(created(id))
}

/// A product's photo: the picture as the phone took it (JPEG, PNG or WebP, up to 8 MB),
/// kept as a small JPEG.
#[utoipa::path(post, path = "/api/v1/orgs/{slug}/products/{id}/photo", tag = "production",
    request_body(content = Vec<u8>, content_type = "image/jpeg"),
    params(("slug" = String, Path), ("id" = i64, Path), ("Idempotency-Key" = Option<String>, Header)),
    responses((status = 204), (status = 403), (status = 404), (status = 413), (status = 422)))]
pub async fn set_photo(
    State(state): State<AppState>,
    ctx: OrgCtx,
    Path((_slug, id)): Path<(String, i64)>,
    body: axum::body::Bytes,
) -> AppResult<StatusCode> {
    ctx.require(Permission::RunProduction)?;
    let small = service::small_photo(body.to_vec()).await?;
    let mut tx = state.db.begin_write().await?;
    service::set_photo(&mut tx, &ctx.org, id, &small).await?;
    tx.commit().await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RateIn {
    pub rate: i64,
    /// From this day on; today when absent.
    pub valid_from: Option<String>,
    #[serde(default)]
    pub reason: String,
}

/// A new rate for an operation; below its fair rate only with a reason.
#[utoipa::path(post, path = "/api/v1/orgs/{slug}/operations/{id}/rates", tag = "production", request_body = RateIn,
    params(("slug" = String, Path), ("id" = i64, Path), ("Idempotency-Key" = Option<String>, Header)),
    responses((status = 201, body = IdOut), (status = 403), (status = 404), (status = 422)))]
pub async fn set_rate(
    State(state): State<AppState>,
    ctx: OrgCtx,
    Path((_slug, id)): Path<(String, i64)>,
    ApiJson(r): ApiJson<RateIn>,
) -> AppResult<Response> {
    ctx.require(Permission::RunProduction)?;
    let mut tx = state.db.begin_write().await?;
    let from = r.valid_from.unwrap_or_else(|| ctx.org.today());
    let rate = service::set_rate(&mut tx, &ctx.org, id, r.rate, &r.reason, &from, ctx.person.id).await?;
    tx.commit().await?;
    Ok(created(rate))
}

#[derive(Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct WageIo {
    #[serde(default)]
    pub id: i64,
    pub region: String,
    pub skill: String,
    /// Minor units for a normal day.
    pub per_day: i64,
    /// Minutes of a normal day (480 for 8 hours).
    pub minutes_per_day: i64,
    pub valid_from: String,
}

/// The legal minimum wages the fair rates come from.
#[utoipa::path(get, path = "/api/v1/orgs/{slug}/minimum-wages", tag = "production", params(("slug" = String, Path)),
    responses((status = 200, body = [WageIo]), (status = 403)))]
pub async fn wages(State(state): State<AppState>, ctx: OrgCtx) -> AppResult<Json<Vec<WageIo>>> {
    ctx.require(Permission::RunProduction)?;
    let mut tx = state.db.begin().await?;
    Ok(Json(
        service::wages(&mut tx, &ctx.org)
            .await?
            .into_iter()
            .map(|w| WageIo {
                id: w.id,
                region: w.region,
                skill: w.skill,
                per_day: w.per_day,
                minutes_per_day: w.minutes_per_day,
                valid_from: w.valid_from,
            })
            .collect(),
    ))
}

/// A legal minimum wage from a day on.
#[utoipa::path(post, path = "/api/v1/orgs/{slug}/minimum-wages", tag = "production", request_body = WageIo,
    params(("slug" = String, Path), ("Idempotency-Key" = Option<String>, Header)),
    responses((status = 201, body = IdOut), (status = 403), (status = 422)))]
pub async fn add_wage(State(state): State<AppState>, ctx: OrgCtx, ApiJson(w): ApiJson<WageIo>) -> AppResult<Response> {
    ctx.require(Permission::RunProduction)?;
    let mut tx = state.db.begin_write().await?;
    let row = WageRow {
        id: 0,
        region: w.region,
        skill: w.skill,
        per_day: w.per_day,
        minutes_per_day: w.minutes_per_day,
        valid_from: w.valid_from,
    };
    let id = service::add_wage(&mut tx, &ctx.org, &row, ctx.person.id).await?;
    tx.commit().await?;
    Ok(created(id))
}

#[derive(Serialize, ToSchema)]
pub struct OrderOut {
    pub id: i64,
    pub product_id: i64,
    pub product: String,
    pub quantity: i64,
    pub finished: i64,
    pub due_on: String,
    pub buyer: String,
    pub buyer_ref: String,
    pub pay_within_days: i64,
    /// open, closed
    pub status: String,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct OrderIn {
    pub product_id: i64,
    pub quantity: i64,
    pub due_on: String,
    /// Empty for stock.
    #[serde(default)]
    pub buyer: String,
    #[serde(default)]
    pub buyer_ref: String,
    /// Days from a hand-in to its pay (0: on receipt); the bylaws' when absent.
    pub pay_within_days: Option<i64>,
}

/// Production orders.
#[utoipa::path(get, path = "/api/v1/orgs/{slug}/production-orders", tag = "production", params(("slug" = String, Path)),
    responses((status = 200, body = [OrderOut]), (status = 403)))]
pub async fn orders(State(state): State<AppState>, ctx: OrgCtx) -> AppResult<Json<Vec<OrderOut>>> {
    ctx.require(Permission::RunProduction)?;
    let mut tx = state.db.begin().await?;
    let mut out = vec![];
    for o in service::orders(&mut tx, &ctx.org).await? {
        let whole = service::order(&mut tx, &ctx.org, o.id).await?;
        out.push(order_out(&whole));
    }
    Ok(Json(out))
}

fn order_out(o: &service::Order) -> OrderOut {
    OrderOut {
        id: o.order.id,
        product_id: o.order.product_id,
        product: o.order.product.clone(),
        quantity: o.order.quantity,
        finished: o.finished(),
        due_on: o.order.due_on.clone(),
        buyer: o.order.buyer.clone(),
        buyer_ref: o.order.buyer_ref.clone(),
        pay_within_days: o.order.pay_within_days,
        status: o.order.status.clone(),
    }
}

/// A production order, from a buyer's order or for stock.
#[utoipa::path(post, path = "/api/v1/orgs/{slug}/production-orders", tag = "production", request_body = OrderIn,
    params(("slug" = String, Path), ("Idempotency-Key" = Option<String>, Header)),
    responses((status = 201, body = IdOut), (status = 403), (status = 422)))]
pub async fn create_order(
    State(state): State<AppState>,
    ctx: OrgCtx,
    ApiJson(o): ApiJson<OrderIn>,
) -> AppResult<Response> {
    ctx.require(Permission::RunProduction)?;
    let mut tx = state.db.begin_write().await?;
    let d = OrderDraft {
        product_id: o.product_id,
        quantity: o.quantity,
        due_on: o.due_on,
        buyer: o.buyer,
        buyer_ref: o.buyer_ref,
        pay_within_days: o.pay_within_days,
    };
    let id = service::create_order(&mut tx, &ctx.org, &d, ctx.person.id).await?;
    tx.commit().await?;
    Ok(created(id))
}

#[derive(Serialize, ToSchema)]
pub struct StepOut {
    pub operation_id: i64,
    pub name: String,
    pub free: i64,
    pub in_lots: i64,
    pub accepted: i64,
    pub rejected: i64,
}

#[derive(Serialize, ToSchema)]
pub struct LotOut {
    pub id: i64,
    pub order_id: i64,
    pub operation_id: i64,
    pub member_number: String,
    pub quantity: i64,
    pub rate: i64,
    pub due_on: String,
    pub status: String,
    pub accepted: i64,
    pub rejected: i64,
    pub outstanding: i64,
}

#[derive(Serialize, ToSchema)]
pub struct MaterialCountOut {
    pub article: String,
    pub unit: String,
    pub issued_milli: i64,
    pub used_milli: i64,
    pub returned_milli: i64,
    pub wasted_milli: i64,
    pub with_her_milli: i64,
    pub difference_milli: i64,
    pub allowed_waste_milli: i64,
    pub flagged: bool,
}

#[derive(Serialize, ToSchema)]
pub struct OrderDetail {
    pub order: OrderOut,
    pub steps: Vec<StepOut>,
    pub lots: Vec<LotOut>,
    pub materials: Vec<MaterialCountOut>,
}

fn lot_out(l: &super::store::LotRow) -> LotOut {
    LotOut {
        id: l.id,
        order_id: l.order_id,
        operation_id: l.operation_id,
        member_number: l.member_number.clone(),
        quantity: l.quantity,
        rate: l.rate,
        due_on: l.due_on.clone(),
        status: l.status.clone(),
        accepted: l.accepted,
        rejected: l.rejected,
        outstanding: l.outstanding(),
    }
}

fn counts_out(rows: &[(String, String, super::model::Materials)]) -> Vec<MaterialCountOut> {
    rows.iter()
        .map(|(a, u, m)| MaterialCountOut {
            article: a.clone(),
            unit: u.clone(),
            issued_milli: m.issued,
            used_milli: m.used,
            returned_milli: m.returned,
            wasted_milli: m.wasted,
            with_her_milli: m.with_her,
            difference_milli: m.difference(),
            allowed_waste_milli: m.allowed,
            flagged: m.flagged(),
        })
        .collect()
}

/// An order with its steps, lots and materials reconciled.
#[utoipa::path(get, path = "/api/v1/orgs/{slug}/production-orders/{id}", tag = "production",
    params(("slug" = String, Path), ("id" = i64, Path)),
    responses((status = 200, body = OrderDetail), (status = 403), (status = 404)))]
pub async fn order(
    State(state): State<AppState>,
    ctx: OrgCtx,
    Path((_slug, id)): Path<(String, i64)>,
) -> AppResult<Json<OrderDetail>> {
    ctx.require(Permission::RunProduction)?;
    let mut tx = state.db.begin().await?;
    let o = service::order(&mut tx, &ctx.org, id).await?;
    Ok(Json(OrderDetail {
        order: order_out(&o),
        steps: o
            .steps
            .iter()
            .map(|s| StepOut {
                operation_id: s.op_id,
                name: s.name.clone(),
                free: s.free,
                in_lots: s.taken,
                accepted: s.accepted,
                rejected: s.rejected,
            })
            .collect(),
        lots: o.lots.iter().map(lot_out).collect(),
        materials: counts_out(&o.reconciled),
    }))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct IssueIn {
    pub article_id: i64,
    pub quantity_milli: i64,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LotIn {
    pub operation_id: i64,
    pub member_number: String,
    pub quantity: i64,
    pub due_on: String,
    #[serde(default)]
    pub materials: Vec<IssueIn>,
}

/// A lot of an order for a member, with the materials issued to her.
#[utoipa::path(post, path = "/api/v1/orgs/{slug}/production-orders/{id}/lots", tag = "production", request_body = LotIn,
    params(("slug" = String, Path), ("id" = i64, Path), ("Idempotency-Key" = Option<String>, Header)),
    responses((status = 201, body = IdOut), (status = 403), (status = 404), (status = 422)))]
pub async fn create_lot(
    State(state): State<AppState>,
    ctx: OrgCtx,
    Path((_slug, id)): Path<(String, i64)>,
    ApiJson(l): ApiJson<LotIn>,
) -> AppResult<Response> {
    ctx.require(Permission::RunProduction)?;
    let mut tx = state.db.begin_write().await?;
    let d = LotDraft {
        operation_id: l.operation_id,
        member_number: l.member_number,
        quantity: l.quantity,
        due_on: l.due_on,
        given_on: ctx.org.today(),
        materials: l.materials.iter().map(|m| (m.article_id, m.quantity_milli)).collect(),
    };
    let lot = service::create_lot(&mut tx, &ctx.org, id, &d, ctx.person.id).await?;
    tx.commit().await?;
    Ok(created(lot))
}

/// Closes an order once none of its lots is open.
#[utoipa::path(post, path = "/api/v1/orgs/{slug}/production-orders/{id}/close", tag = "production",
    params(("slug" = String, Path), ("id" = i64, Path), ("Idempotency-Key" = Option<String>, Header)),
    responses((status = 204), (status = 403), (status = 404), (status = 422)))]
pub async fn close_order(
    State(state): State<AppState>,
    ctx: OrgCtx,
    Path((_slug, id)): Path<(String, i64)>,
) -> AppResult<StatusCode> {
    ctx.require(Permission::RunProduction)?;
    let mut tx = state.db.begin_write().await?;
    service::close_order(&mut tx, &ctx.org, id, &ctx.org.today(), ctx.person.id).await?;
    tx.commit().await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Serialize, ToSchema)]
pub struct HandInOut {
    pub id: i64,
    pub handed_on: String,
    pub accepted: i64,
    pub rejected: i64,
    pub rework: i64,
    pub reason: String,
    pub rate: i64,
    pub earned: i64,
    pub topup: i64,
    pub due_on: String,
    pub paid_on: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct LotDetail {
    pub lot: LotOut,
    pub hand_ins: Vec<HandInOut>,
    pub materials: Vec<MaterialCountOut>,
}

/// A lot with its hand-ins and materials: the coordinators', and the member's own.
#[utoipa::path(get, path = "/api/v1/orgs/{slug}/lots/{id}", tag = "production",
    params(("slug" = String, Path), ("id" = i64, Path)),
    responses((status = 200, body = LotDetail), (status = 403), (status = 404)))]
pub async fn lot(
    State(state): State<AppState>,
    ctx: OrgCtx,
    Path((_slug, id)): Path<(String, i64)>,
) -> AppResult<Json<LotDetail>> {
    let mut tx = state.db.begin().await?;
    let (lot, hand_ins, materials) = service::lot(&mut tx, &ctx.org, id).await?;
    if !ctx.can(Permission::RunProduction) && ctx.membership_id != Some(lot.member_id) {
        return Err(AppError::Forbidden);
    }
    let reconciled = service::lot_reconciled(&mut tx, &ctx.org, &lot, &materials).await?;
    Ok(Json(LotDetail {
        lot: lot_out(&lot),
        hand_ins: hand_ins
            .into_iter()
            .map(|h| HandInOut {
                id: h.id,
                handed_on: h.handed_on,
                accepted: h.accepted,
                rejected: h.rejected,
                rework: h.rework,
                reason: h.reason,
                rate: h.rate,
                earned: h.earned,
                topup: h.topup,
                due_on: h.due_on,
                paid_on: h.paid_on,
            })
            .collect(),
        materials: counts_out(&reconciled),
    }))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BackIn {
    pub article_id: i64,
    #[serde(default)]
    pub returned_milli: i64,
    #[serde(default)]
    pub wasted_milli: i64,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct HandInIn {
    /// Today when absent.
    pub handed_on: Option<String>,
    pub handed: i64,
    pub accepted: i64,
    #[serde(default)]
    pub rejected: i64,
    #[serde(default)]
    pub rework: i64,
    /// Why pieces were rejected; needed when some were.
    #[serde(default)]
    pub reason: String,
    /// Minutes she worked on them, when she keeps them: pay is topped up to the time rate.
    pub minutes_worked: Option<i64>,
    #[serde(default)]
    pub materials_back: Vec<BackIn>,
}

fn backs(b: &[BackIn]) -> Vec<Back> {
    b.iter()
        .map(|b| Back {
            article_id: b.article_id,
            returned: b.returned_milli,
            wasted: b.wasted_milli,
        })
        .collect()
}

/// A hand-in of pieces counted accepted, rejected or for rework.
#[utoipa::path(post, path = "/api/v1/orgs/{slug}/lots/{id}/hand-ins", tag = "production", request_body = HandInIn,
    params(("slug" = String, Path), ("id" = i64, Path), ("Idempotency-Key" = Option<String>, Header)),
    responses((status = 201, body = IdOut), (status = 403), (status = 404), (status = 422)))]
pub async fn hand_in(
    State(state): State<AppState>,
    ctx: OrgCtx,
    Path((_slug, id)): Path<(String, i64)>,
    ApiJson(h): ApiJson<HandInIn>,
) -> AppResult<Response> {
    ctx.require(Permission::RunProduction)?;
    let mut tx = state.db.begin_write().await?;
    let d = HandInDraft {
        handed_on: h.handed_on.unwrap_or_else(|| ctx.org.today()),
        count: Count {
            handed: h.handed,
            accepted: h.accepted,
            rejected: h.rejected,
            rework: h.rework,
        },
        reason: h.reason,
        minutes_worked: h.minutes_worked,
        back: backs(&h.materials_back),
    };
    let hid = service::hand_in(&mut tx, &ctx.org, id, &d, ctx.person.id).await?;
    tx.commit().await?;
    Ok(created(hid))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CloseLotIn {
    #[serde(default)]
    pub materials_back: Vec<BackIn>,
}

/// Closes a lot before all its pieces came back, with the material she returns.
#[utoipa::path(post, path = "/api/v1/orgs/{slug}/lots/{id}/close", tag = "production", request_body = CloseLotIn,
    params(("slug" = String, Path), ("id" = i64, Path), ("Idempotency-Key" = Option<String>, Header)),
    responses((status = 204), (status = 403), (status = 404), (status = 422)))]
pub async fn close_lot(
    State(state): State<AppState>,
    ctx: OrgCtx,
    Path((_slug, id)): Path<(String, i64)>,
    ApiJson(c): ApiJson<CloseLotIn>,
) -> AppResult<StatusCode> {
    ctx.require(Permission::RunProduction)?;
    let mut tx = state.db.begin_write().await?;
    service::close_lot(
        &mut tx,
        &ctx.org,
        id,
        &backs(&c.materials_back),
        &ctx.org.today(),
        ctx.person.id,
    )
    .await?;
    tx.commit().await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Serialize, ToSchema)]
pub struct OwedOut {
    pub member_number: String,
    pub name: String,
    pub amount: i64,
    pub oldest_due: String,
    pub days_late: i64,
}

/// What each member is owed for her work, oldest due first.
#[utoipa::path(get, path = "/api/v1/orgs/{slug}/pay-runs", tag = "production", params(("slug" = String, Path)),
    responses((status = 200, body = [OwedOut]), (status = 403)))]
pub async fn owed(State(state): State<AppState>, ctx: OrgCtx) -> AppResult<Json<Vec<OwedOut>>> {
    if !ctx.can(Permission::KeepBooks) {
        ctx.require(Permission::RunProduction)?;
    }
    let mut tx = state.db.begin().await?;
    Ok(Json(
        service::owed(&mut tx, &ctx.org, None)
            .await?
            .into_iter()
            .map(|(o, late)| OwedOut {
                member_number: o.member_number,
                name: o.name,
                amount: o.amount,
                oldest_due: o.oldest_due,
                days_late: late,
            })
            .collect(),
    ))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PayLineIn {
    pub member_number: String,
    /// cash, mobile, savings, loan
    pub how: String,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PayRunIn {
    /// Today when absent.
    pub date: Option<String>,
    pub members: Vec<PayLineIn>,
}

/// Pays members all they are owed for their work, each her way, in one pay run.
#[utoipa::path(post, path = "/api/v1/orgs/{slug}/pay-runs", tag = "production", request_body = PayRunIn,
    params(("slug" = String, Path), ("Idempotency-Key" = Option<String>, Header)),
    responses((status = 201, body = IdOut), (status = 403), (status = 422)))]
pub async fn pay(State(state): State<AppState>, ctx: OrgCtx, ApiJson(p): ApiJson<PayRunIn>) -> AppResult<Response> {
    ctx.require(Permission::KeepBooks)?;
    let mut tx = state.db.begin_write().await?;
    let mut who = vec![];
    for l in &p.members {
        let m = crate::members::in_field(&mut tx, ctx.org.id, "members", &l.member_number).await?;
        let how =
            PayHow::parse(&l.how).ok_or_else(|| AppError::Invalid(vec![FieldError::new("how", "pay-how-invalid")]))?;
        who.push((m.id, how));
    }
    let date = p.date.unwrap_or_else(|| ctx.org.today());
    let run = service::pay(&mut tx, &ctx.org, &who, &date, ctx.person.id).await?;
    tx.commit().await?;
    Ok(created(run))
}
