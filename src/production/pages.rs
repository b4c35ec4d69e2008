//! Pages of producing together: the orders and who waits for pay, an order with its lots
//! and materials, a lot with its hand-ins, the receipt she keeps, the pay day, and her
//! own work.

use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use maud::{Markup, html};
use tower_sessions::Session;

use super::model::{Count, Materials, PayHow};
use super::service::{self, Back, HandInDraft, LotDraft, OrderDraft};
use super::store::{HandInRow, LotRow};
use crate::auth::{OrgCtx, Permission};
use crate::db::Tx;
use crate::state::AppState;
use crate::web::form::{CsrfForm, Fields, answer, submit};
use crate::web::layout::{self, errors_box, field, form_keys, icon, money, nav};
use crate::web::{AppError, AppResult, FieldError, Page};

/// A quantity of material kept in thousandths of its unit, as the reader writes numbers.
pub(super) fn qty(page: &Page, milli: i64) -> String {
    page.tr.fmt().fixed(milli, 3)
}

/// A quantity as typed ("2.25", "2,25"), in thousandths; empty is none.
pub(super) fn parse_qty(page: &Page, field: &'static str, s: &str) -> AppResult<i64> {
    if s.trim().is_empty() {
        return Ok(0);
    }
    crate::money::parse_fixed(s, 3, page.tr.fmt().decimal_mark())
        .ok()
        .filter(|v| *v >= 0)
        .ok_or_else(|| AppError::Invalid(vec![FieldError::new(field, "quantity-invalid")]))
}

/// A whole number of pieces as typed.
pub(super) fn pieces(form: &Fields, field: &'static str) -> AppResult<i64> {
    match form.get(field).trim() {
        "" => Ok(0),
        v => v
            .parse::<i64>()
            .ok()
            .filter(|n| (0..=10_000_000).contains(n))
            .ok_or_else(|| AppError::Invalid(vec![FieldError::new(field, "quantity-invalid")])),
    }
}

pub(super) fn today_or(form: &Fields, field: &str, ctx: &OrgCtx) -> String {
    match form.get(field).trim() {
        "" => ctx.org.today(),
        d => d.to_string(),
    }
}

pub(super) fn late(page: &Page, days: i64) -> Markup {
    html! { @if days > 0 { " " span.tag.bad { (page.tr.ta("pay-late-days", &[("days", days.into())])) } } }
}

fn flagged(page: &Page, m: &Materials) -> Markup {
    html! { @if m.flagged() { " " span.tag.bad { (page.tr.t("materials-flagged")) } } }
}

fn reconciliation(page: &Page, rows: &[(String, String, Materials)]) -> Markup {
    let tr = &page.tr;
    html! {
        @if !rows.is_empty() {
            div.scroll { table.tb {
                thead { tr { th { (tr.t("article")) } th.num { (tr.t("materials-issued")) } th.num { (tr.t("materials-used")) } th.num { (tr.t("materials-returned")) } th.num { (tr.t("materials-wasted")) } th.num { (tr.t("materials-with-her")) } th.num { (tr.t("materials-difference")) } } }
                tbody { @for (article, unit, m) in rows {
                    tr class=[m.flagged().then_some("bad")] {
                        td { (article) " " span.meta { (tr.t(&format!("unit-{unit}"))) } }
                        td.num { (qty(page, m.issued)) } td.num { (qty(page, m.used)) } td.num { (qty(page, m.returned)) }
                        td.num { (qty(page, m.wasted)) } td.num { (qty(page, m.with_her)) }
                        td.num { (qty(page, m.difference())) (flagged(page, m)) }
                    }
                } }
            } }
            p.meta { (tr.t("materials-help")) }
        }
    }
}

// The overview.

async fn overview_view(
    tx: &mut Tx,
    page: &Page,
    ctx: &OrgCtx,
    form: &Fields,
    errors: &[FieldError],
) -> AppResult<Markup> {
    let tr = &page.tr;
    let base = format!("/o/{}/production", ctx.org.slug);
    let lead = ctx.can(Permission::RunProduction);
    let orders = if lead {
        service::orders(tx, &ctx.org).await?
    } else {
        vec![]
    };
    let owed = if lead || ctx.can(Permission::KeepBooks) {
        service::owed(tx, &ctx.org, None).await?
    } else {
        vec![]
    };
    let products = if lead {
        service::catalogue(tx, &ctx.org).await?
    } else {
        vec![]
    };
    let waiting: Vec<_> = owed.iter().filter(|(_, late)| *late > 0).collect();
    Ok(html! {
        h1 { (icon("needle")) (tr.t("production-title")) }
        nav.actions {
            @if ctx.membership_id.is_some() { a.button href=(format!("{base}/mine")) { (tr.t("work-mine")) } " " }
            @if lead { a.button.secondary href=(format!("{base}/products")) { (tr.t("products-title")) } " " }
            @if lead || ctx.can(Permission::KeepBooks) { a.button.secondary href=(format!("{base}/pay")) { (tr.t("pay-title")) } " " }
            @if ctx.can(Permission::ViewBooks) { a.button.secondary href=(format!("/o/{}/reports/production", ctx.org.slug)) { (tr.t("report-production")) } }
        }
        @if !waiting.is_empty() {
            section.card.warn {
                h2 { (tr.t("pay-late-title")) }
                p { (tr.ta("pay-late-summary", &[("members", (waiting.len() as i64).into()), ("days", waiting.iter().map(|w| w.1).max().unwrap_or(0).into())])) }
                a href=(format!("{base}/pay")) { (tr.t("pay-title")) }
            }
        }
        @if lead { section.card {
            h2 { (tr.t("orders-title")) }
            @if orders.is_empty() { p.meta { (tr.t("orders-none")) } }
            @else {
                div.scroll { table.tb {
                    thead { tr { th { (tr.t("order")) } th.num { (tr.t("order-quantity")) } th { (tr.t("order-due")) } th { (tr.t("order-buyer")) } th { (tr.t("status")) } } }
                    tbody { @for o in &orders {
                        tr {
                            td { a href=(format!("{base}/orders/{}", o.id)) { "#" (o.id) " " (o.product) } }
                            td.num { (tr.fmt().int(o.quantity)) }
                            td { (tr.fmt().date(&o.due_on)) }
                            td { @if o.buyer.is_empty() { span.meta { (tr.t("order-for-stock")) } } @else { (o.buyer) " " span.meta { (o.buyer_ref) } } }
                            td { (tr.t(&format!("order-status-{}", o.status))) }
                        }
                    } }
                } }
            }
        } }
        @if lead {
            form.card method="post" action=(base) {
                h2 { (icon("add")) (tr.t("order-new")) }
                (errors_box(page, errors))
                (form_keys(page))
                @if products.is_empty() { p.meta { (tr.t("products-none")) } }
                label for="product" { (tr.t("product")) }
                select #product name="product" { @for p in &products { option value=(p.product.id) selected[form.get("product") == p.product.id.to_string()] { (p.product.name) } } }
                (field(tr, "quantity", "order-quantity", "number", form.get("quantity"), errors))
                (field(tr, "due_on", "order-due", "date", form.get("due_on"), errors))
                (field(tr, "buyer", "order-buyer", "text", form.get("buyer"), errors))
                (field(tr, "buyer_ref", "order-buyer-ref", "text", form.get("buyer_ref"), errors))
                (field(tr, "pay_within_days", "order-pay-within", "number", form.or("pay_within_days", &ctx.org.bylaws.pay_within_days.to_string()), errors))
                p.meta { (tr.t("order-pay-within-help")) }
                button type="submit" { (tr.t("save")) }
            }
        }
    })
}

pub async fn overview(State(state): State<AppState>, page: Page, ctx: OrgCtx) -> AppResult<Response> {
    ctx.require(Permission::ViewDashboard)?;
    let mut tx = state.db.begin().await?;
    let body = overview_view(&mut tx, &page, &ctx, &Fields::default(), &[]).await?;
    Ok(layout::page(&page, &page.tr.t("production-title"), Some(&nav(&ctx)), body).into_response())
}

pub async fn create_order(
    State(state): State<AppState>,
    page: Page,
    ctx: OrgCtx,
    session: Session,
    CsrfForm(form): CsrfForm<Fields>,
) -> AppResult<Response> {
    ctx.require(Permission::RunProduction)?;
    let r = submit(&state.db, async |tx| {
        let d = OrderDraft {
            product_id: form.int("product").unwrap_or(0),
            quantity: pieces(&form, "quantity")?,
            due_on: form.get("due_on").to_string(),
            buyer: form.get("buyer").to_string(),
            buyer_ref: form.get("buyer_ref").to_string(),
            pay_within_days: match form.get("pay_within_days").trim() {
                "" => None,
                v => Some(v.parse().map_err(|_| {
                    AppError::Invalid(vec![FieldError::new("pay_within_days", "bylaws-pay-days-invalid")])
                })?),
            },
        };
        service::create_order(tx, &ctx.org, &d, ctx.person.id).await
    })
    .await?;
    let base = format!("/o/{}/production", ctx.org.slug);
    answer(
        &state,
        &page,
        &ctx,
        "production-title",
        &session,
        r,
        |id| (page.tr.t("told-saved"), format!("{base}/orders/{id}")),
        async |tx, e| overview_view(tx, &page, &ctx, &form, e).await,
    )
    .await
}

// An order.

fn rate_cell(page: &Page, ctx: &OrgCtx, rate: i64, fair: Option<i64>) -> Markup {
    html! {
        (money(page, ctx, rate))
        @if fair.is_some_and(|f| rate < f) { " " span.tag.bad { (page.tr.t("rate-below-fair")) } }
    }
}

async fn order_view(
    tx: &mut Tx,
    page: &Page,
    ctx: &OrgCtx,
    id: i64,
    form: &Fields,
    errors: &[FieldError],
) -> AppResult<Markup> {
    let tr = &page.tr;
    let o = service::order(tx, &ctx.org, id).await?;
    let base = format!("/o/{}/production", ctx.org.slug);
    let lead = ctx.can(Permission::RunProduction) && o.order.status == "open";
    let fair = |op: i64| o.product.route.iter().find(|c| c.op.id == op).and_then(|c| c.fair);
    let want = pieces(form, "quantity").unwrap_or(0);
    Ok(html! {
        p.meta { a href=(base) { (tr.t("production-title")) } }
        h1 { "#" (o.order.id) " " (o.product.product.name) }
        p {
            (tr.ta("order-summary", &[("quantity", o.order.quantity.into()), ("finished", o.finished().into())]))
            " · " (tr.t("order-due")) ": " (tr.fmt().date(&o.order.due_on))
        }
        p.meta {
            @if o.order.buyer.is_empty() { (tr.t("order-for-stock")) } @else { (o.order.buyer) " " (o.order.buyer_ref) }
            " · " @if o.order.pay_within_days == 0 { (tr.t("pay-on-receipt")) } @else { (tr.ta("pay-within", &[("days", o.order.pay_within_days.into())])) }
            " · " (tr.t(&format!("order-status-{}", o.order.status)))
        }
        section.card {
            h2 { (tr.t("order-steps")) }
            div.scroll { table.tb {
                thead { tr { th { (tr.t("operation")) } th.num { (tr.t("step-free")) } th.num { (tr.t("step-in-lots")) } th.num { (tr.t("hand-in-accepted")) } th.num { (tr.t("hand-in-rejected")) } } }
                tbody { @for s in &o.steps { tr { td { (s.seq) ". " (s.name) } td.num { (s.free) } td.num { (s.taken) } td.num { (s.accepted) } td.num { (s.rejected) } } } }
            } }
        }
        section.card {
            h2 { (tr.t("lots-title")) }
            @if o.lots.is_empty() { p.meta { (tr.t("lots-none")) } }
            @else { (lots_table(page, ctx, &o.lots, &fair)) }
        }
        section.card {
            h2 { (tr.t("materials-title")) }
            @if o.reconciled.is_empty() { p.meta { (tr.t("materials-none")) } }
            (reconciliation(page, &o.reconciled))
        }
        @if lead {
            form.card method="post" action=(format!("{base}/orders/{id}")) {
                h2 { (icon("add")) (tr.t("lot-new")) }
                (errors_box(page, errors))
                (form_keys(page))
                input type="hidden" name="action" value="lot";
                (field(tr, "member", "member-number", "number", form.get("member"), errors))
                label for="operation" { (tr.t("operation")) }
                select #operation name="operation" {
                    @for s in &o.steps { option value=(s.op_id) selected[form.get("operation") == s.op_id.to_string()] { (s.seq) ". " (s.name) " (" (tr.ta("step-free-n", &[("n", s.free.into())])) ")" } }
                }
                (field(tr, "quantity", "lot-pieces", "number", form.get("quantity"), errors))
                (field(tr, "due_on", "lot-due", "date", form.get("due_on"), errors))
                @if !o.product.materials.is_empty() {
                    fieldset {
                        legend { (tr.t("lot-materials")) }
                        @for m in &o.product.materials {
                            @let name = format!("m_{}", m.article_id);
                            label for=(name) { (m.article) " (" (tr.t(&format!("unit-{}", m.unit))) ") · " (tr.ta("bom-per-piece", &[("qty", qty(page, m.per_piece_milli).into())])) }
                            input id=(name) name=(name) type="text" inputmode="decimal" value=(form.get(&name))
                                placeholder=(qty(page, m.per_piece_milli.saturating_mul(want)));
                        }
                        p.meta { (tr.t("lot-materials-help")) }
                    }
                }
                button type="submit" { (tr.t("lot-give")) }
            }
            form.card method="post" action=(format!("{base}/orders/{id}")) {
                (form_keys(page))
                input type="hidden" name="action" value="close";
                p.meta { (tr.t("order-close-help")) }
                button.secondary type="submit" { (tr.t("order-close")) }
            }
        }
    })
}

pub(super) fn lots_table(page: &Page, ctx: &OrgCtx, lots: &[LotRow], fair: &dyn Fn(i64) -> Option<i64>) -> Markup {
    let tr = &page.tr;
    html! {
        div.scroll { table.tb {
            thead { tr { th { (tr.t("lot")) } th { (tr.t("operation")) } th.num { (tr.t("lot-pieces")) } th.num { (tr.t("hand-in-accepted")) } th.num { (tr.t("hand-in-rejected")) } th.num { (tr.t("lot-outstanding")) } th.num { (tr.t("rate")) } th { (tr.t("lot-due")) } } }
            tbody { @for l in lots {
                tr {
                    td { a href=(format!("/o/{}/production/lots/{}", ctx.org.slug, l.id)) { "#" (l.id) " " (l.member_name) } " " span.meta { (l.member_number) } }
                    td { (l.op_name) }
                    td.num { (l.quantity) } td.num { (l.accepted) } td.num { (l.rejected) }
                    td.num { @if l.open() { (l.outstanding()) } @else { span.meta { (tr.t("lot-closed")) } } }
                    td.num { (rate_cell(page, ctx, l.rate, fair(l.operation_id))) }
                    td { (tr.fmt().date(&l.due_on)) }
                }
            } }
        } }
    }
}

pub async fn order(
    State(state): State<AppState>,
    page: Page,
    ctx: OrgCtx,
    Path((_slug, id)): Path<(String, i64)>,
) -> AppResult<Response> {
    ctx.require(Permission::RunProduction)?;
    let mut tx = state.db.begin().await?;
    let body = order_view(&mut tx, &page, &ctx, id, &Fields::default(), &[]).await?;
    Ok(layout::page(&page, &page.tr.t("production-title"), Some(&nav(&ctx)), body).into_response())
}

pub async fn order_act(
    State(state): State<AppState>,
    page: Page,
    ctx: OrgCtx,
    session: Session,
    Path((_slug, id)): Path<(String, i64)>,
    CsrfForm(form): CsrfForm<Fields>,
) -> AppResult<Response> {
    ctx.require(Permission::RunProduction)?;
    let by = ctx.person.id;
    let r = submit(&state.db, async |tx| match form.get("action") {
        "lot" => {
            let bom = service::order(tx, &ctx.org, id).await?.product.materials;
            let mut materials = vec![];
            for m in &bom {
                let q = parse_qty(&page, "materials", form.get(&format!("m_{}", m.article_id)))?;
                materials.push((m.article_id, q));
            }
            let d = LotDraft {
                operation_id: form.int("operation").unwrap_or(0),
                member_number: form.get("member").to_string(),
                quantity: pieces(&form, "quantity")?,
                due_on: form.get("due_on").to_string(),
                given_on: ctx.org.today(),
                materials,
            };
            service::create_lot(tx, &ctx.org, id, &d, by).await.map(Some)
        }
        "close" => service::close_order(tx, &ctx.org, id, &ctx.org.today(), by)
            .await
            .map(|_| None),
        _ => Err(AppError::NotFound),
    })
    .await?;
    let base = format!("/o/{}/production", ctx.org.slug);
    answer(
        &state,
        &page,
        &ctx,
        "production-title",
        &session,
        r,
        |lot| match lot {
            Some(l) => (
                page.tr.ta("told-lot", &[("lot", (*l).into())]),
                format!("{base}/orders/{id}"),
            ),
            None => (page.tr.t("told-saved"), format!("{base}/orders/{id}")),
        },
        async |tx, e| order_view(tx, &page, &ctx, id, &form, e).await,
    )
    .await
}

// A lot.

/// A lot's page: the coordinators', and the member's own.
async fn may_see_lot(ctx: &OrgCtx, lot: &LotRow) -> AppResult<()> {
    if ctx.can(Permission::RunProduction) || ctx.membership_id == Some(lot.member_id) {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
}

fn hand_ins_table(page: &Page, ctx: &OrgCtx, hand_ins: &[HandInRow]) -> Markup {
    let tr = &page.tr;
    let today = ctx.org.today();
    html! {
        div.scroll { table.tb {
            thead { tr { th { (tr.t("date")) } th.num { (tr.t("hand-in-accepted")) } th.num { (tr.t("hand-in-rejected")) } th.num { (tr.t("hand-in-rework")) } th.num { (tr.t("hand-in-earned")) } th { (tr.t("pay-due")) } } }
            tbody { @for h in hand_ins {
                @let late_days = crate::db::parse_day(&h.due_on).zip(crate::db::parse_day(h.paid_on.as_deref().unwrap_or(&today))).map_or(0, |(d, p)| super::model::days_late(d, p));
                tr {
                    td { a href=(format!("/o/{}/production/hand-ins/{}", ctx.org.slug, h.id)) { (tr.fmt().date(&h.handed_on)) } }
                    td.num { (h.accepted) } td.num { (h.rejected) } td.num { (h.rework) }
                    td.num { (money(page, ctx, h.pay())) }
                    td {
                        @match &h.paid_on { Some(p) => { (icon("check")) (tr.fmt().date(p)) }, None => { (tr.fmt().date(&h.due_on)) } }
                        (late(page, late_days))
                    }
                }
            } }
        } }
    }
}

fn back_fields(page: &Page, form: &Fields, materials: &[super::store::LotMaterialRow]) -> Markup {
    let tr = &page.tr;
    html! {
        @if !materials.is_empty() {
            fieldset {
                legend { (tr.t("lot-material-back")) }
                @for m in materials {
                    @let (r, w) = (format!("r_{}", m.article_id), format!("w_{}", m.article_id));
                    p { strong { (m.article) } " " span.meta { (tr.t(&format!("unit-{}", m.unit))) } }
                    label for=(r) { (tr.t("materials-returned")) }
                    input id=(r) name=(r) type="text" inputmode="decimal" value=(form.get(&r));
                    label for=(w) { (tr.t("materials-wasted")) }
                    input id=(w) name=(w) type="text" inputmode="decimal" value=(form.get(&w));
                }
            }
        }
    }
}

fn read_back(page: &Page, form: &Fields, materials: &[super::store::LotMaterialRow]) -> AppResult<Vec<Back>> {
    let mut out = vec![];
    for m in materials {
        out.push(Back {
            article_id: m.article_id,
            returned: parse_qty(page, "materials", form.get(&format!("r_{}", m.article_id)))?,
            wasted: parse_qty(page, "materials", form.get(&format!("w_{}", m.article_id)))?,
        });
    }
    Ok(out)
}

async fn lot_view(
    tx: &mut Tx,
    page: &Page,
    ctx: &OrgCtx,
    id: i64,
    form: &Fields,
    errors: &[FieldError],
) -> AppResult<Markup> {
    let tr = &page.tr;
    let (lot, hand_ins, materials) = service::lot(tx, &ctx.org, id).await?;
    may_see_lot(ctx, &lot).await?;
    let reconciled = service::lot_reconciled(tx, &ctx.org, &lot, &materials).await?;
    let lead = ctx.can(Permission::RunProduction) && lot.open();
    let action = format!("/o/{}/production/lots/{id}", ctx.org.slug);
    Ok(html! {
        @if ctx.can(Permission::RunProduction) { p.meta { a href=(format!("/o/{}/production/orders/{}", ctx.org.slug, lot.order_id)) { (tr.t("order")) " #" (lot.order_id) } } }
        h1 { (tr.t("lot")) " #" (lot.id) " · " (lot.member_name) }
        p { strong { (lot.product) " · " (lot.op_name) } }
        p.big {
            (tr.ta("lot-summary", &[("pieces", lot.quantity.into()), ("accepted", lot.accepted.into()), ("outstanding", lot.outstanding().into())]))
        }
        p.meta { (tr.t("rate")) ": " (money(page, ctx, lot.rate)) " · " (tr.t("lot-due")) ": " (tr.fmt().date(&lot.due_on)) " · " (tr.t(&format!("lot-status-{}", lot.status))) }
        @if !hand_ins.is_empty() { section.card { h2 { (tr.t("hand-ins-title")) } (hand_ins_table(page, ctx, &hand_ins)) } }
        @if !reconciled.is_empty() { section.card { h2 { (tr.t("materials-title")) } (reconciliation(page, &reconciled)) } }
        @if lead {
            form.card method="post" action=(action) {
                h2 { (icon("check")) (tr.t("hand-in-new")) }
                (errors_box(page, errors))
                (form_keys(page))
                input type="hidden" name="action" value="hand-in";
                (field(tr, "handed", "hand-in-handed", "number", form.or("handed", &lot.outstanding().to_string()), errors))
                (field(tr, "accepted", "hand-in-accepted", "number", form.or("accepted", &lot.outstanding().to_string()), errors))
                (field(tr, "rejected", "hand-in-rejected", "number", form.get("rejected"), errors))
                (field(tr, "reason", "hand-in-reason", "text", form.get("reason"), errors))
                (field(tr, "rework", "hand-in-rework", "number", form.get("rework"), errors))
                details {
                    summary { (tr.t("hand-in-more")) }
                    (field(tr, "handed_on", "date", "date", form.or("handed_on", &ctx.org.today()), errors))
                    (field(tr, "hours", "hand-in-hours", "number", form.get("hours"), errors))
                    p.meta { (tr.t("hand-in-hours-help")) }
                    (back_fields(page, form, &materials))
                }
                button type="submit" { (tr.t("hand-in-save")) }
            }
            form.card method="post" action=(action) {
                (form_keys(page))
                input type="hidden" name="action" value="close";
                h2 { (tr.t("lot-close")) }
                p.meta { (tr.t("lot-close-help")) }
                (back_fields(page, form, &materials))
                button.secondary type="submit" { (tr.t("lot-close")) }
            }
        }
    })
}

pub async fn lot(
    State(state): State<AppState>,
    page: Page,
    ctx: OrgCtx,
    Path((_slug, id)): Path<(String, i64)>,
) -> AppResult<Response> {
    ctx.require(Permission::ViewDashboard)?;
    let mut tx = state.db.begin().await?;
    let body = lot_view(&mut tx, &page, &ctx, id, &Fields::default(), &[]).await?;
    Ok(layout::page(&page, &page.tr.t("production-title"), Some(&nav(&ctx)), body).into_response())
}

/// Minutes worked as typed in hours ("3", "2.5"); empty is none.
fn minutes(page: &Page, form: &Fields) -> AppResult<Option<i64>> {
    match form.get("hours").trim() {
        "" => Ok(None),
        v => crate::money::parse_fixed(v, 2, page.tr.fmt().decimal_mark())
            .ok()
            .filter(|h| *h > 0)
            .map(|h| Some(h * 60 / 100))
            .ok_or_else(|| AppError::Invalid(vec![FieldError::new("hours", "hand-in-minutes-invalid")])),
    }
}

pub async fn lot_act(
    State(state): State<AppState>,
    page: Page,
    ctx: OrgCtx,
    session: Session,
    Path((_slug, id)): Path<(String, i64)>,
    CsrfForm(form): CsrfForm<Fields>,
) -> AppResult<Response> {
    ctx.require(Permission::RunProduction)?;
    let by = ctx.person.id;
    let r = submit(&state.db, async |tx| {
        let (_, _, materials) = service::lot(tx, &ctx.org, id).await?;
        let back = read_back(&page, &form, &materials)?;
        match form.get("action") {
            "hand-in" => {
                let d = HandInDraft {
                    handed_on: today_or(&form, "handed_on", &ctx),
                    count: Count {
                        handed: pieces(&form, "handed")?,
                        accepted: pieces(&form, "accepted")?,
                        rejected: pieces(&form, "rejected")?,
                        rework: pieces(&form, "rework")?,
                    },
                    reason: form.get("reason").to_string(),
                    minutes_worked: minutes(&page, &form)?,
                    back,
                };
                service::hand_in(tx, &ctx.org, id, &d, by).await.map(Some)
            }
            "close" => service::close_lot(tx, &ctx.org, id, &back, &ctx.org.today(), by)
                .await
                .map(|_| None),
            _ => Err(AppError::NotFound),
        }
    })
    .await?;
    let slug = ctx.org.slug.clone();
    answer(
        &state,
        &page,
        &ctx,
        "production-title",
        &session,
        r,
        |h| match h {
            Some(h) => (page.tr.t("told-hand-in"), format!("/o/{slug}/production/hand-ins/{h}")),
            None => (page.tr.t("told-saved"), format!("/o/{slug}/production/lots/{id}")),
        },
        async |tx, e| lot_view(tx, &page, &ctx, id, &form, e).await,
    )
    .await
}

// Her receipt.

pub async fn receipt(
    State(state): State<AppState>,
    page: Page,
    ctx: OrgCtx,
    Path((_slug, id)): Path<(String, i64)>,
) -> AppResult<Response> {
    ctx.require(Permission::ViewDashboard)?;
    let mut tx = state.db.begin().await?;
    let (h, lot) = service::receipt(&mut tx, &ctx.org, id).await?;
    may_see_lot(&ctx, &lot).await?;
    let tr = &page.tr;
    let body = html! {
        section.card.receipt {
            h1 { (tr.t("receipt-title")) " #" (h.id) }
            p { strong { (ctx.org.name) } }
            dl {
                dt { (tr.t("member")) } dd { (lot.member_name) " · " (lot.member_number) }
                dt { (tr.t("date")) } dd { (tr.fmt().date(&h.handed_on)) }
                dt { (tr.t("product")) } dd { (lot.product) " · " (lot.op_name) " · " (tr.t("lot")) " #" (lot.id) }
                dt { (tr.t("hand-in-handed")) } dd { (h.accepted + h.rejected + h.rework) }
                dt { (tr.t("hand-in-accepted")) } dd.big { (h.accepted) }
                dt { (tr.t("hand-in-rejected")) } dd { (h.rejected) @if !h.reason.is_empty() { " · " (h.reason) } }
                @if h.rework > 0 { dt { (tr.t("hand-in-rework")) } dd { (h.rework) } }
                dt { (tr.t("rate")) } dd { (money(&page, &ctx, h.rate)) }
                dt { (tr.t("hand-in-earned")) } dd.big { (money(&page, &ctx, h.earned)) }
                @if h.topup > 0 { dt { (tr.t("hand-in-topup")) } dd { (money(&page, &ctx, h.topup)) } }
                dt { (tr.t("pay-due")) } dd {
                    @match &h.paid_on {
                        Some(p) => { (icon("check")) (tr.ta("receipt-paid-on", &[("date", tr.fmt().date(p).into())])) },
                        None => { (tr.ta("receipt-paid-by", &[("date", tr.fmt().date(&h.due_on).into())])) },
                    }
                }
                dt { (tr.t("lot-outstanding")) } dd { (lot.outstanding()) }
            }
            @if let Some(by) = &h.entered_by { p.meta { (tr.ta("entered-by", &[("name", by.clone().into())])) } }
            p.meta.noprint { a href=(format!("/o/{}/production/lots/{}", ctx.org.slug, lot.id)) { (tr.t("lot")) " #" (lot.id) } }
        }
    };
    Ok(layout::page(&page, &tr.t("receipt-title"), Some(&nav(&ctx)), body).into_response())
}

// Pay day.

async fn pay_view(tx: &mut Tx, page: &Page, ctx: &OrgCtx, form: &Fields, errors: &[FieldError]) -> AppResult<Markup> {
    let tr = &page.tr;
    let owed = service::owed(tx, &ctx.org, None).await?;
    let hows = service::last_how(tx, &ctx.org).await?;
    let total: i64 = owed.iter().map(|(o, _)| o.amount).sum();
    let payer = ctx.can(Permission::KeepBooks);
    Ok(html! {
        p.meta { a href=(format!("/o/{}/production", ctx.org.slug)) { (tr.t("production-title")) } }
        h1 { (tr.t("pay-title")) }
        p.big { (tr.t("pay-owed-total")) ": " (money(page, ctx, total)) }
        @if owed.is_empty() { p.meta { (tr.t("pay-nothing")) } }
        @else {
            form method="post" action=(format!("/o/{}/production/pay", ctx.org.slug)) {
                (errors_box(page, errors))
                (form_keys(page))
                div.scroll { table.tb {
                    thead { tr { @if payer { th { (tr.t("pay-tick")) } } th { (tr.t("member")) } th.num { (tr.t("pay-owed")) } th { (tr.t("pay-due")) } @if payer { th { (tr.t("pay-how")) } } } }
                    tbody { @for (o, late_days) in &owed {
                        @let (tick, how) = (format!("m_{}", o.member_id), format!("how_{}", o.member_id));
                        @let chosen = hows.get(&o.member_id).copied().unwrap_or(PayHow::Cash);
                        tr {
                            @if payer { td { input type="checkbox" id=(tick) name=(tick) value="1" checked[form.get(&tick) == "1"] aria-label=(o.name); } }
                            td { label for=(tick) { (o.name) " " span.meta { (o.member_number) } } }
                            td.num { (money(page, ctx, o.amount)) }
                            td { (tr.fmt().date(&o.oldest_due)) (late(page, *late_days)) }
                            @if payer { td { select name=(how) aria-label=(tr.t("pay-how")) { @for h in PayHow::ALL { option value=(h.as_str()) selected[form.or(&how, chosen.as_str()) == h.as_str()] { (tr.t(h.label())) } } } } }
                        }
                    } }
                } }
                @if payer {
                    label { input type="checkbox" name="all" value="1"; " " (tr.t("pay-all")) }
                    (field(tr, "date", "date", "date", form.or("date", &ctx.org.today()), errors))
                    button type="submit" { (tr.t("pay-save")) }
                }
            }
        }
    })
}

pub async fn pay_page(State(state): State<AppState>, page: Page, ctx: OrgCtx) -> AppResult<Response> {
    if !ctx.can(Permission::KeepBooks) {
        ctx.require(Permission::RunProduction)?;
    }
    let mut tx = state.db.begin().await?;
    let body = pay_view(&mut tx, &page, &ctx, &Fields::default(), &[]).await?;
    Ok(layout::page(&page, &page.tr.t("pay-title"), Some(&nav(&ctx)), body).into_response())
}

pub async fn pay(
    State(state): State<AppState>,
    page: Page,
    ctx: OrgCtx,
    session: Session,
    CsrfForm(form): CsrfForm<Fields>,
) -> AppResult<Response> {
    ctx.require(Permission::KeepBooks)?;
    let r = submit(&state.db, async |tx| {
        let owed = service::owed(tx, &ctx.org, None).await?;
        let all = !form.get("all").is_empty();
        let who: Vec<(i64, PayHow)> = owed
            .iter()
            .filter(|(o, _)| all || form.get(&format!("m_{}", o.member_id)) == "1")
            .map(|(o, _)| {
                let how = PayHow::parse(form.get(&format!("how_{}", o.member_id))).unwrap_or(PayHow::Cash);
                (o.member_id, how)
            })
            .collect();
        let total: i64 = owed
            .iter()
            .filter(|(o, _)| who.iter().any(|w| w.0 == o.member_id))
            .map(|(o, _)| o.amount)
            .sum();
        service::pay(tx, &ctx.org, &who, &today_or(&form, "date", &ctx), ctx.person.id).await?;
        Ok((who.len() as i64, total))
    })
    .await?;
    let to = format!("/o/{}/production/pay", ctx.org.slug);
    answer(
        &state,
        &page,
        &ctx,
        "pay-title",
        &session,
        r,
        |(n, total)| {
            (
                page.tr.ta(
                    "told-paid",
                    &[("members", (*n).into()), ("amount", money(&page, &ctx, *total).into())],
                ),
                to.clone(),
            )
        },
        async |tx, e| pay_view(tx, &page, &ctx, &form, e).await,
    )
    .await
}

// Her work.

/// Her work in brief, for her home page and her passbook: pieces to hand in, what she is
/// owed and how late, her open lots.
pub fn work_summary(page: &Page, ctx: &OrgCtx, w: &service::Work) -> Markup {
    let tr = &page.tr;
    html! {
        section.card {
            h2 { (icon("needle")) (tr.t("work-title")) }
            p.big { (tr.ta("work-pieces-due", &[("pieces", w.pieces_due().into())])) }
            p { (tr.t("work-owed")) ": " strong { (money(page, ctx, w.owed)) } (late(page, w.late_days)) }
            @let open: Vec<&LotRow> = w.open_lots().collect();
            @if !open.is_empty() {
                ul { @for l in open {
                    li { a href=(format!("/o/{}/production/lots/{}", ctx.org.slug, l.id)) { (l.product) " · " (l.op_name) } ": "
                        (tr.ta("work-lot-line", &[("outstanding", l.outstanding().into()), ("due", tr.fmt().date(&l.due_on).into())])) " · " (money(page, ctx, l.rate)) }
                } }
            }
            p { a href=(format!("/o/{}/production/mine", ctx.org.slug)) { (tr.t("work-mine")) } }
        }
    }
}

/// What a member sees of her work; `cards` adds the rate cards of her products.
pub fn work_view(page: &Page, ctx: &OrgCtx, w: &service::Work, cards: bool) -> Markup {
    let tr = &page.tr;
    html! {
        (work_summary(page, ctx, w))
        @if !w.hand_ins.is_empty() {
            section.card { h2 { (tr.t("hand-ins-title")) } p { (tr.t("work-earned")) ": " strong { (money(page, ctx, w.earned)) } } (hand_ins_table(page, ctx, &w.hand_ins)) }
        }
        @if cards && !w.cards.is_empty() {
            section.card {
                h2 { (tr.t("rate-cards-title")) }
                @for p in &w.cards {
                    h3 { (super::catalogue_pages::thumb(ctx, &p.product)) (p.product.name) }
                    (super::catalogue_pages::rate_card(page, ctx, &p.route, false))
                }
                p.meta { (tr.t("rate-fair-help")) }
            }
        }
    }
}

pub async fn mine(State(state): State<AppState>, page: Page, ctx: OrgCtx) -> AppResult<Response> {
    let member = ctx.membership_id.ok_or(AppError::Forbidden)?;
    let mut tx = state.db.begin().await?;
    let w = service::work(&mut tx, &ctx.org, member, true).await?;
    let body = html! {
        h1 { (page.tr.t("work-mine")) }
        (work_view(&page, &ctx, &w, true))
    };
    Ok(layout::page(&page, &page.tr.t("work-mine"), Some(&nav(&ctx)), body).into_response())
}
