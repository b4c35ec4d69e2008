//! The JSON API of selling together: prices per kind of buyer, and market-day sales sent
//! one by one or as a batch from a phone's queue (each counted once by its id).

use axum::Json;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::pages::DayQuery;
use super::service::{self, SaleDraft};
use crate::auth::{OrgCtx, Permission};
use crate::state::AppState;
use crate::web::json::ApiJson;
use crate::web::{AppResult, IdOut};

#[derive(Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PriceIo {
    pub product_id: i64,
    /// retail, wholesale or institution.
    pub buyer_kind: String,
    /// Minor units a piece.
    pub price: i64,
    /// From this day on; today when absent.
    #[serde(default)]
    pub valid_from: Option<String>,
}

/// Every price ever set, newest first within each product and kind of buyer.
#[utoipa::path(get, path = "/api/v1/orgs/{slug}/prices", tag = "sales", params(("slug" = String, Path)),
    responses((status = 200, body = [PriceIo]), (status = 403)))]
pub async fn prices(State(state): State<AppState>, ctx: OrgCtx) -> AppResult<Json<Vec<PriceIo>>> {
    ctx.require(Permission::Sell)?;
    let mut tx = state.db.begin().await?;
    let out = service::prices(&mut tx, &ctx.org)
        .await?
        .into_iter()
        .map(|p| PriceIo {
            product_id: p.product_id,
            buyer_kind: p.buyer_kind,
            price: p.price,
            valid_from: Some(p.valid_from),
        })
        .collect();
    Ok(Json(out))
}

/// A new price; the old ones stay in the history.
#[utoipa::path(post, path = "/api/v1/orgs/{slug}/prices", tag = "sales", request_body = PriceIo,
    params(("slug" = String, Path), ("Idempotency-Key" = Option<String>, Header)),
    responses((status = 201, body = IdOut), (status = 403), (status = 404), (status = 422)))]
pub async fn set_price(
    State(state): State<AppState>,
    ctx: OrgCtx,
    ApiJson(p): ApiJson<PriceIo>,
) -> AppResult<Response> {
    ctx.require(Permission::Sell)?;
    let mut tx = state.db.begin_write().await?;
    let from = p.valid_from.unwrap_or_else(|| ctx.org.today());
    let id = service::set_price(
        &mut tx,
        &ctx.org,
        p.product_id,
        &p.buyer_kind,
        p.price,
        &from,
        ctx.person.id,
    )
    .await?;
    tx.commit().await?;
    Ok((StatusCode::CREATED, Json(IdOut { id })).into_response())
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PriceListIn {
    /// A price list as a CSV file: a header, then `code,buyer_kind,price[,valid_from]`,
    /// the price in the currency's units (`420.00`), the day today when left out.
    pub csv: String,
}

#[derive(Serialize, ToSchema)]
pub struct PriceListOut {
    /// The prices set.
    pub count: i64,
}

/// A whole price list at once. One bad line refuses the list; each is named in the
/// problem's errors as `line N` with its reasons.
#[utoipa::path(post, path = "/api/v1/orgs/{slug}/price-lists", tag = "sales", request_body = PriceListIn,
    params(("slug" = String, Path), ("Idempotency-Key" = Option<String>, Header)),
    responses((status = 201, body = PriceListOut), (status = 403), (status = 413), (status = 422)))]
pub async fn price_list(
    State(state): State<AppState>,
    ctx: OrgCtx,
    ApiJson(p): ApiJson<PriceListIn>,
) -> AppResult<Response> {
    ctx.require(Permission::Sell)?;
    let mut tx = state.db.begin_write().await?;
    let n = service::import_price_list(&mut tx, &ctx.org, &p.csv, ctx.person.id).await?;
    tx.commit().await?;
    let count = i64::try_from(n).unwrap_or(i64::MAX);
    Ok((StatusCode::CREATED, Json(PriceListOut { count })).into_response())
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SaleLineIn {
    pub product_id: i64,
    pub pieces: i64,
    /// Minor units a piece; the day's retail price when absent.
    #[serde(default)]
    pub price: Option<i64>,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SaleIn {
    /// Minted where the sale was made (8–64 letters, digits, `-`, `_`): the same id sent
    /// again counts once; with other contents it is refused.
    pub id: String,
    /// Today when absent.
    #[serde(default)]
    pub sold_on: Option<String>,
    #[serde(default)]
    pub place: String,
    /// cash or mobile_money.
    pub till: String,
    pub lines: Vec<SaleLineIn>,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SalesIn {
    pub sales: Vec<SaleIn>,
}

#[derive(Serialize, ToSchema)]
pub struct SaleOut {
    pub id: i64,
    pub total: i64,
    /// Already recorded before: counted once.
    pub again: bool,
}

/// Market-day sales, one or many (a phone's queue), all or none in one transaction.
#[utoipa::path(post, path = "/api/v1/orgs/{slug}/market-sales", tag = "sales", request_body = SalesIn,
    params(("slug" = String, Path), ("Idempotency-Key" = Option<String>, Header)),
    responses((status = 201, body = [SaleOut]), (status = 403), (status = 422)))]
pub async fn record(State(state): State<AppState>, ctx: OrgCtx, ApiJson(b): ApiJson<SalesIn>) -> AppResult<Response> {
    ctx.require(Permission::Sell)?;
    if b.sales.is_empty() || b.sales.len() > 5_000 {
        return Err(crate::web::AppError::Invalid(vec![crate::web::FieldError::new(
            "sales",
            "sale-batch-size",
        )]));
    }
    let drafts: Vec<SaleDraft> = b
        .sales
        .into_iter()
        .map(|s| SaleDraft {
            client_id: s.id,
            sold_on: s.sold_on.unwrap_or_else(|| ctx.org.today()),
            place: s.place,
            till: s.till,
            lines: s.lines.iter().map(|l| (l.product_id, l.pieces, l.price)).collect(),
        })
        .collect();
    let mut tx = state.db.begin_write().await?;
    let out: Vec<SaleOut> = service::record_sales(&mut tx, &ctx.org, &drafts, ctx.person.id)
        .await?
        .into_iter()
        .map(|r| SaleOut {
            id: r.id,
            total: r.total,
            again: r.again,
        })
        .collect();
    tx.commit().await?;
    Ok((StatusCode::CREATED, Json(out)).into_response())
}

#[derive(Serialize, ToSchema)]
pub struct SoldOut {
    pub product_id: i64,
    pub pieces: i64,
    pub amount: i64,
}

#[derive(Serialize, ToSchema)]
pub struct DayOut {
    pub date: String,
    pub sales: i64,
    pub total: i64,
    pub sold: Vec<SoldOut>,
}

/// A day at the market: how many sales, their total, and what each product sold.
#[utoipa::path(get, path = "/api/v1/orgs/{slug}/market-sales", tag = "sales",
    params(("slug" = String, Path), ("date" = Option<String>, Query)),
    responses((status = 200, body = DayOut), (status = 403), (status = 422)))]
pub async fn day(State(state): State<AppState>, ctx: OrgCtx, Query(q): Query<DayQuery>) -> AppResult<Json<DayOut>> {
    ctx.require(Permission::Sell)?;
    let date = if q.date.trim().is_empty() {
        ctx.org.today()
    } else {
        q.date.trim().to_string()
    };
    let mut tx = state.db.begin().await?;
    let d = service::day_at_market(&mut tx, &ctx.org, &date).await?;
    Ok(Json(DayOut {
        date,
        sales: d.sales.len() as i64,
        total: d.total,
        sold: d
            .sold
            .into_iter()
            .map(|s| SoldOut {
                product_id: s.product_id,
                pieces: s.pieces,
                amount: s.amount,
            })
            .collect(),
    }))
}
