//! The JSON API of selling to buyers: buyers, quotes and orders, delivery notes,
//! invoices and credit notes, buyers' payments, the catalogue card of a product and what
//! the organisation prints on its invoices.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::service::{self, BuyerDraft, CatalogueDraft, OrderDraft};
use super::store;
use crate::auth::{OrgCtx, Permission};
use crate::state::AppState;
use crate::web::json::ApiJson;
use crate::web::{AppResult, IdOut};

fn created(id: i64) -> Response {
    (StatusCode::CREATED, Json(IdOut { id })).into_response()
}

#[derive(Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BuyerIo {
    #[serde(default)]
    pub id: i64,
    pub name: String,
    /// retail, wholesale or institution.
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub phone: Option<String>,
    #[serde(default)]
    pub tax_id: String,
    #[serde(default)]
    pub address: String,
}

impl BuyerIo {
    fn draft(&self) -> BuyerDraft {
        BuyerDraft {
            name: self.name.clone(),
            kind: self.kind.clone(),
            phone: self.phone.clone().unwrap_or_default(),
            tax_id: self.tax_id.clone(),
            address: self.address.clone(),
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct BuyerAccountOut {
    pub buyer: BuyerIo,
    /// Open invoices by age since issue: 0–30, 31–60, 61–90, over 90 days.
    pub ageing: [i64; 4],
    pub owed: i64,
    /// Paid ahead or credited, not yet used.
    pub advance: i64,
}

/// Buyers with what each owes, by age, and has paid ahead.
#[utoipa::path(get, path = "/api/v1/orgs/{slug}/buyers", tag = "sales", params(("slug" = String, Path)),
    responses((status = 200, body = [BuyerAccountOut]), (status = 403)))]
pub async fn buyers(State(state): State<AppState>, ctx: OrgCtx) -> AppResult<Json<Vec<BuyerAccountOut>>> {
    ctx.require(Permission::Sell)?;
    let mut tx = state.db.begin().await?;
    let out = service::accounts(&mut tx, &ctx.org)
        .await?
        .into_iter()
        .map(|a| BuyerAccountOut {
            buyer: BuyerIo {
                id: a.buyer.id,
                name: a.buyer.name,
                kind: a.buyer.kind,
                phone: a.buyer.phone,
                tax_id: a.buyer.tax_id,
                address: a.buyer.address,
            },
            ageing: a.ageing,
            owed: a.owed,
            advance: a.advance,
        })
        .collect();
    Ok(Json(out))
}

/// A buyer; one with the same phone is the same buyer.
#[utoipa::path(post, path = "/api/v1/orgs/{slug}/buyers", tag = "sales", request_body = BuyerIo,
    params(("slug" = String, Path), ("Idempotency-Key" = Option<String>, Header)),
    responses((status = 201, body = IdOut), (status = 403), (status = 422)))]
pub async fn add_buyer(
    State(state): State<AppState>,
    ctx: OrgCtx,
    ApiJson(b): ApiJson<BuyerIo>,
) -> AppResult<Response> {
    ctx.require(Permission::Sell)?;
    let mut tx = state.db.begin_write().await?;
    let id = service::buyer_for(&mut tx, &ctx.org, &b.draft()).await?;
    tx.commit().await?;
    Ok(created(id))
}

#[derive(Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SaleOrderLineIn {
    pub product_id: i64,
    pub pieces: i64,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SaleOrderIn {
    /// An existing buyer; or `buyer` for a new one (one with the same phone is reused).
    #[serde(default)]
    pub buyer_id: Option<i64>,
    #[serde(default)]
    pub buyer: Option<BuyerIo>,
    /// A quote first (for an institution), not yet an order.
    #[serde(default)]
    pub quote: bool,
    /// Minted where the order was made (8–64 letters, digits, `-`, `_`): sent again it is
    /// found, not made twice; with other contents it is refused.
    #[serde(default)]
    pub client_id: Option<String>,
    #[serde(default)]
    pub note: String,
    pub lines: Vec<SaleOrderLineIn>,
}

#[derive(Serialize, ToSchema)]
pub struct SaleOrderLineOut {
    pub id: i64,
    pub product_id: i64,
    pub quantity: i64,
    pub price: i64,
    pub tax_bp: i64,
    pub delivered: i64,
    pub invoiced: i64,
    pub production_order_id: Option<i64>,
}

#[derive(Serialize, ToSchema)]
pub struct SaleOrderOut {
    pub id: i64,
    pub buyer_id: i64,
    pub buyer: String,
    /// shopfront, shop or institution.
    pub channel: String,
    /// quote, placed, confirmed or cancelled.
    pub status: String,
    pub ordered_on: String,
    pub note: String,
    pub lines: Vec<SaleOrderLineOut>,
    pub deliveries: Vec<i64>,
    pub invoices: Vec<i64>,
}

fn order_out(o: service::Order) -> SaleOrderOut {
    SaleOrderOut {
        id: o.order.id,
        buyer_id: o.order.buyer_id,
        buyer: o.buyer.name,
        channel: o.order.channel,
        status: o.order.status,
        ordered_on: o.order.ordered_on,
        note: o.order.note,
        lines: o
            .lines
            .into_iter()
            .map(|(l, _)| SaleOrderLineOut {
                id: l.id,
                product_id: l.product_id,
                quantity: l.quantity,
                price: l.price,
                tax_bp: l.tax_bp,
                delivered: l.delivered,
                invoiced: l.invoiced,
                production_order_id: l.production_order_id,
            })
            .collect(),
        deliveries: o.deliveries.iter().map(|d| d.id).collect(),
        invoices: o.invoices.iter().map(|i| i.id).collect(),
    }
}

#[derive(Serialize, ToSchema)]
pub struct SaleOrderRowOut {
    pub id: i64,
    pub buyer: String,
    pub channel: String,
    pub status: String,
    pub ordered_on: String,
}

/// The latest quotes and orders, newest first.
#[utoipa::path(get, path = "/api/v1/orgs/{slug}/sale-orders", tag = "sales", params(("slug" = String, Path)),
    responses((status = 200, body = [SaleOrderRowOut]), (status = 403)))]
pub async fn orders(State(state): State<AppState>, ctx: OrgCtx) -> AppResult<Json<Vec<SaleOrderRowOut>>> {
    ctx.require(Permission::Sell)?;
    let mut tx = state.db.begin().await?;
    let out = service::orders(&mut tx, &ctx.org)
        .await?
        .into_iter()
        .map(|o| SaleOrderRowOut {
            id: o.id,
            buyer: o.buyer_name,
            channel: o.channel,
            status: o.status,
            ordered_on: o.ordered_on,
        })
        .collect();
    Ok(Json(out))
}

/// A quote or an order, priced from the price list of the buyer's kind; an order beyond
/// the stock of a product not made to order is refused.
#[utoipa::path(post, path = "/api/v1/orgs/{slug}/sale-orders", tag = "sales", request_body = SaleOrderIn,
    params(("slug" = String, Path), ("Idempotency-Key" = Option<String>, Header)),
    responses((status = 201, body = IdOut), (status = 403), (status = 422)))]
pub async fn place(
    State(state): State<AppState>,
    ctx: OrgCtx,
    ApiJson(o): ApiJson<SaleOrderIn>,
) -> AppResult<Response> {
    ctx.require(Permission::Sell)?;
    let d = OrderDraft {
        client_id: o.client_id,
        buyer_id: o.buyer_id,
        buyer: o.buyer.as_ref().map(BuyerIo::draft).unwrap_or_default(),
        quote: o.quote,
        from_shopfront: false,
        lines: o.lines.iter().map(|l| (l.product_id, l.pieces)).collect(),
        note: o.note,
    };
    let mut tx = state.db.begin_write().await?;
    let id = service::place_order(&mut tx, &ctx.org, &d, Some(ctx.person.id)).await?;
    tx.commit().await?;
    Ok(created(id))
}

#[utoipa::path(get, path = "/api/v1/orgs/{slug}/sale-orders/{id}", tag = "sales",
    params(("slug" = String, Path), ("id" = i64, Path)),
    responses((status = 200, body = SaleOrderOut), (status = 403), (status = 404)))]
pub async fn order(
    State(state): State<AppState>,
    ctx: OrgCtx,
    Path((_slug, id)): Path<(String, i64)>,
) -> AppResult<Json<SaleOrderOut>> {
    ctx.require(Permission::Sell)?;
    let mut tx = state.db.begin().await?;
    Ok(Json(order_out(service::order(&mut tx, &ctx.org, id).await?)))
}

/// Confirms a placed order, or turns a quote into an order.
#[utoipa::path(post, path = "/api/v1/orgs/{slug}/sale-orders/{id}/confirm", tag = "sales",
    params(("slug" = String, Path), ("id" = i64, Path), ("Idempotency-Key" = Option<String>, Header)),
    responses((status = 204), (status = 403), (status = 404), (status = 422)))]
pub async fn confirm(
    State(state): State<AppState>,
    ctx: OrgCtx,
    Path((_slug, id)): Path<(String, i64)>,
) -> AppResult<StatusCode> {
    ctx.require(Permission::Sell)?;
    let mut tx = state.db.begin_write().await?;
    service::confirm(&mut tx, &ctx.org, id).await?;
    tx.commit().await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Cancels an order nothing of which was delivered.
#[utoipa::path(post, path = "/api/v1/orgs/{slug}/sale-orders/{id}/cancel", tag = "sales",
    params(("slug" = String, Path), ("id" = i64, Path), ("Idempotency-Key" = Option<String>, Header)),
    responses((status = 204), (status = 403), (status = 404), (status = 422)))]
pub async fn cancel(
    State(state): State<AppState>,
    ctx: OrgCtx,
    Path((_slug, id)): Path<(String, i64)>,
) -> AppResult<StatusCode> {
    ctx.require(Permission::Sell)?;
    let mut tx = state.db.begin_write().await?;
    service::cancel(&mut tx, &ctx.org, id).await?;
    tx.commit().await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PiecesIn {
    /// An order line's id.
    pub line_id: i64,
    pub pieces: i64,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PiecesOfLines {
    pub lines: Vec<PiecesIn>,
    /// Today when absent.
    #[serde(default)]
    pub on: Option<String>,
    /// Why, for a credit note.
    #[serde(default)]
    pub reason: String,
}

impl PiecesOfLines {
    fn pairs(&self) -> Vec<(i64, i64)> {
        self.lines.iter().map(|l| (l.line_id, l.pieces)).collect()
    }
}

/// A delivery note: pieces of the order's lines out of stock.
#[utoipa::path(post, path = "/api/v1/orgs/{slug}/sale-orders/{id}/deliveries", tag = "sales", request_body = PiecesOfLines,
    params(("slug" = String, Path), ("id" = i64, Path), ("Idempotency-Key" = Option<String>, Header)),
    responses((status = 201, body = IdOut), (status = 403), (status = 404), (status = 422)))]
pub async fn deliver(
    State(state): State<AppState>,
    ctx: OrgCtx,
    Path((_slug, id)): Path<(String, i64)>,
    ApiJson(b): ApiJson<PiecesOfLines>,
) -> AppResult<Response> {
    ctx.require(Permission::Sell)?;
    let on = b.on.clone().unwrap_or_else(|| ctx.org.today());
    let mut tx = state.db.begin_write().await?;
    let d = service::deliver(&mut tx, &ctx.org, id, &b.pairs(), &on, ctx.person.id).await?;
    tx.commit().await?;
    Ok(created(d))
}

/// An invoice for delivered pieces not yet invoiced.
#[utoipa::path(post, path = "/api/v1/orgs/{slug}/sale-orders/{id}/invoices", tag = "sales", request_body = PiecesOfLines,
    params(("slug" = String, Path), ("id" = i64, Path), ("Idempotency-Key" = Option<String>, Header)),
    responses((status = 201, body = IdOut), (status = 403), (status = 404), (status = 422)))]
pub async fn invoice(
    State(state): State<AppState>,
    ctx: OrgCtx,
    Path((_slug, id)): Path<(String, i64)>,
    ApiJson(b): ApiJson<PiecesOfLines>,
) -> AppResult<Response> {
    ctx.require(Permission::Sell)?;
    let on = b.on.clone().unwrap_or_else(|| ctx.org.today());
    let mut tx = state.db.begin_write().await?;
    let i = service::invoice(&mut tx, &ctx.org, id, &b.pairs(), &on, ctx.person.id).await?;
    tx.commit().await?;
    Ok(created(i))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MakeIn {
    pub line_id: i64,
    pub due_on: String,
}

/// Turns an order line into a production order for the pieces not yet delivered.
#[utoipa::path(post, path = "/api/v1/orgs/{slug}/sale-orders/{id}/production", tag = "sales", request_body = MakeIn,
    params(("slug" = String, Path), ("id" = i64, Path), ("Idempotency-Key" = Option<String>, Header)),
    responses((status = 201, body = IdOut), (status = 403), (status = 404), (status = 422)))]
pub async fn make(
    State(state): State<AppState>,
    ctx: OrgCtx,
    Path((_slug, id)): Path<(String, i64)>,
    ApiJson(b): ApiJson<MakeIn>,
) -> AppResult<Response> {
    ctx.require(Permission::Sell)?;
    ctx.require(Permission::RunProduction)?;
    let mut tx = state.db.begin_write().await?;
    let p = service::make_for(&mut tx, &ctx.org, id, b.line_id, &b.due_on, ctx.person.id).await?;
    tx.commit().await?;
    Ok(created(p))
}

#[derive(Serialize, ToSchema)]
pub struct InvoiceOut {
    pub id: i64,
    /// invoice or credit.
    pub kind: String,
    pub number: String,
    pub order_id: i64,
    pub buyer_id: i64,
    pub buyer: String,
    /// The invoice a credit note corrects.
    pub corrects_id: Option<i64>,
    pub issued_on: String,
    pub net: i64,
    pub tax: i64,
    pub total: i64,
    pub settled: i64,
    pub settled_on: Option<String>,
}

fn invoice_out(i: store::InvoiceRow) -> InvoiceOut {
    InvoiceOut {
        id: i.id,
        kind: i.kind,
        number: i.number,
        order_id: i.order_id,
        buyer_id: i.buyer_id,
        buyer: i.buyer_name,
        corrects_id: i.corrects_id,
        issued_on: i.issued_on,
        net: i.net,
        tax: i.tax,
        total: i.total,
        settled: i.settled,
        settled_on: i.settled_on,
    }
}

/// Invoices and credit notes, newest first.
#[utoipa::path(get, path = "/api/v1/orgs/{slug}/invoices", tag = "sales", params(("slug" = String, Path)),
    responses((status = 200, body = [InvoiceOut]), (status = 403)))]
pub async fn invoices(State(state): State<AppState>, ctx: OrgCtx) -> AppResult<Json<Vec<InvoiceOut>>> {
    ctx.require(Permission::Sell)?;
    let mut tx = state.db.begin().await?;
    Ok(Json(
        service::invoices(&mut tx, &ctx.org)
            .await?
            .into_iter()
            .map(invoice_out)
            .collect(),
    ))
}

/// A credit note correcting an invoice (lines name the order lines invoiced); the
/// invoice itself is never changed.
#[utoipa::path(post, path = "/api/v1/orgs/{slug}/invoices/{id}/credit-notes", tag = "sales", request_body = PiecesOfLines,
    params(("slug" = String, Path), ("id" = i64, Path), ("Idempotency-Key" = Option<String>, Header)),
    responses((status = 201, body = IdOut), (status = 403), (status = 404), (status = 422)))]
pub async fn credit(
    State(state): State<AppState>,
    ctx: OrgCtx,
    Path((_slug, id)): Path<(String, i64)>,
    ApiJson(b): ApiJson<PiecesOfLines>,
) -> AppResult<Response> {
    ctx.require(Permission::Sell)?;
    let on = b.on.clone().unwrap_or_else(|| ctx.org.today());
    let mut tx = state.db.begin_write().await?;
    let c = service::credit(&mut tx, &ctx.org, id, &b.pairs(), &b.reason, &on, ctx.person.id).await?;
    tx.commit().await?;
    Ok(created(c))
}

#[derive(Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PaymentIo {
    #[serde(default)]
    pub id: i64,
    pub buyer_id: i64,
    pub amount: i64,
    /// cash, bank or mobile_money.
    pub till: String,
    /// Beyond what she owes, taken only as an advance.
    #[serde(default)]
    pub advance: bool,
    #[serde(default)]
    pub reference: String,
    /// Today when absent.
    #[serde(default)]
    pub paid_on: Option<String>,
}

/// Buyers' payments, newest first (an advance used or a credit kept shows with amount 0).
#[utoipa::path(get, path = "/api/v1/orgs/{slug}/buyer-payments", tag = "sales", params(("slug" = String, Path)),
    responses((status = 200, body = [PaymentIo]), (status = 403)))]
pub async fn payments(State(state): State<AppState>, ctx: OrgCtx) -> AppResult<Json<Vec<PaymentIo>>> {
    ctx.require(Permission::Sell)?;
    let mut tx = state.db.begin().await?;
    let out = service::payments(&mut tx, &ctx.org, None)
        .await?
        .into_iter()
        .map(|p| PaymentIo {
            id: p.id,
            buyer_id: p.buyer_id,
            amount: p.amount,
            till: p.till,
            advance: p.advance != 0,
            reference: p.reference,
            paid_on: Some(p.paid_on),
        })
        .collect();
    Ok(Json(out))
}

/// Money from a buyer, settling her invoices oldest first.
#[utoipa::path(post, path = "/api/v1/orgs/{slug}/buyer-payments", tag = "sales", request_body = PaymentIo,
    params(("slug" = String, Path), ("Idempotency-Key" = Option<String>, Header)),
    responses((status = 201, body = IdOut), (status = 403), (status = 422)))]
pub async fn receive(
    State(state): State<AppState>,
    ctx: OrgCtx,
    ApiJson(p): ApiJson<PaymentIo>,
) -> AppResult<Response> {
    ctx.require(Permission::Sell)?;
    let on = p.paid_on.clone().unwrap_or_else(|| ctx.org.today());
    let mut tx = state.db.begin_write().await?;
    let id = service::receive(
        &mut tx,
        &ctx.org,
        p.buyer_id,
        p.amount,
        &p.till,
        p.advance,
        &p.reference,
        &on,
        ctx.person.id,
    )
    .await?;
    tx.commit().await?;
    Ok(created(id))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CatalogueIn {
    /// The product heading its family, when this is one of its variants (a size, a
    /// colour, a pack).
    #[serde(default)]
    pub family_id: Option<i64>,
    /// Its size, colour or pack, as the shopfront's choice shows it.
    #[serde(default)]
    pub variant: String,
    /// garments, food, textiles, hygiene, crafts, household or other.
    #[serde(default)]
    pub category: String,
    /// The tax office's product code (HSN in India).
    #[serde(default)]
    pub tax_code: String,
    /// Basis points (500 = 5 %).
    #[serde(default)]
    pub tax_bp: i64,
    #[serde(default)]
    pub made_to_order: bool,
    /// Descriptions by language tag (en, hi, gu, fil, am, es, pt-BR); an empty one is
    /// taken away.
    #[serde(default)]
    pub descriptions: std::collections::BTreeMap<String, String>,
}

/// A product's catalogue card: category, tax code and rate, made to order, descriptions.
#[utoipa::path(post, path = "/api/v1/orgs/{slug}/products/{id}/catalogue", tag = "sales", request_body = CatalogueIn,
    params(("slug" = String, Path), ("id" = i64, Path), ("Idempotency-Key" = Option<String>, Header)),
    responses((status = 204), (status = 403), (status = 404), (status = 422)))]
pub async fn set_catalogue(
    State(state): State<AppState>,
    ctx: OrgCtx,
    Path((_slug, id)): Path<(String, i64)>,
    ApiJson(c): ApiJson<CatalogueIn>,
) -> AppResult<StatusCode> {
    ctx.require(Permission::Sell)?;
    let d = CatalogueDraft {
        family_id: c.family_id,
        variant: c.variant,
        category: c.category,
        tax_code: c.tax_code,
        tax_bp: c.tax_bp,
        made_to_order: c.made_to_order,
        descriptions: c.descriptions.into_iter().collect(),
    };
    let mut tx = state.db.begin_write().await?;
    service::set_catalogue(&mut tx, &ctx.org, id, &d).await?;
    tx.commit().await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SettingsIo {
    /// 1–12 capital letters, digits or `-`.
    pub invoice_prefix: String,
    #[serde(default)]
    pub tax_id: String,
    #[serde(default)]
    pub tax_registered: bool,
    /// The financial year's first day, MM-DD.
    pub year_starts: String,
    #[serde(default)]
    pub address: String,
}

/// What the organisation prints on its invoices.
#[utoipa::path(get, path = "/api/v1/orgs/{slug}/seller-settings", tag = "sales", params(("slug" = String, Path)),
    responses((status = 200, body = SettingsIo), (status = 403)))]
pub async fn settings(State(state): State<AppState>, ctx: OrgCtx) -> AppResult<Json<SettingsIo>> {
    ctx.require(Permission::Sell)?;
    let mut tx = state.db.begin().await?;
    let s = service::settings(&mut tx, &ctx.org).await?;
    Ok(Json(SettingsIo {
        invoice_prefix: s.invoice_prefix,
        tax_id: s.tax_id,
        tax_registered: s.tax_registered,
        year_starts: s.year_starts,
        address: s.address,
    }))
}

#[utoipa::path(post, path = "/api/v1/orgs/{slug}/seller-settings", tag = "sales", request_body = SettingsIo,
    params(("slug" = String, Path), ("Idempotency-Key" = Option<String>, Header)),
    responses((status = 204), (status = 403), (status = 422)))]
pub async fn save_settings(
    State(state): State<AppState>,
    ctx: OrgCtx,
    ApiJson(s): ApiJson<SettingsIo>,
) -> AppResult<StatusCode> {
    ctx.require(Permission::Approve)?;
    let row = store::SettingsRow {
        invoice_prefix: s.invoice_prefix,
        tax_id: s.tax_id,
        tax_registered: s.tax_registered,
        year_starts: s.year_starts,
        address: s.address,
    };
    let mut tx = state.db.begin_write().await?;
    service::save_settings(&mut tx, &ctx.org, &row).await?;
    tx.commit().await?;
    Ok(StatusCode::NO_CONTENT)
}
