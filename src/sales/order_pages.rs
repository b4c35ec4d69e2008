//! The pages of selling to buyers: orders and quotes (new, confirmed, delivered,
//! invoiced, made), printable quotes, delivery notes, invoices and credit notes with
//! their totals in words, buyers with what each owes by age, payments, what the
//! organisation prints on its invoices, and a product's catalogue card.

use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use maud::{Markup, html};
use tower_sessions::Session;

use super::model::{self, BuyerKind, OrderStatus};
use super::service::{self, BuyerDraft, CatalogueDraft, OrderDraft};
use super::store;
use crate::auth::{OrgCtx, Permission};
use crate::db::Tx;
use crate::ledger::Till;
use crate::state::AppState;
use crate::web::form::{CsrfForm, Fields, answer, submit};
use crate::web::layout::{self, errors_box, field, form_keys, icon, money, nav};
use crate::web::{AppError, AppResult, FieldError, Page};

use super::pages::pieces_field;
use super::service::invalid as refused;

/// Whoever sells, and whoever reads the books (their reports link to the documents),
/// may read an order, a delivery note or an invoice.
fn may_read(ctx: &OrgCtx) -> AppResult<()> {
    if ctx.can(Permission::ViewBooks) {
        return Ok(());
    }
    ctx.require(Permission::Sell)
}

/// Pieces typed against lines, fields `p{line id}`: (line, pieces), blanks left out.
fn pieces_of(form: &Fields, ids: impl IntoIterator<Item = i64>) -> AppResult<Vec<(i64, i64)>> {
    let mut out = vec![];
    for id in ids {
        let n = form.get(&format!("p{id}")).trim();
        if n.is_empty() {
            continue;
        }
        let n = n.parse::<i64>().map_err(|_| refused("pieces", "quantity-invalid"))?;
        out.push((id, n));
    }
    Ok(out)
}

/// A product's name with its variant.
fn name_of(names: &std::collections::HashMap<i64, String>, p: &crate::production::store::ProductRow) -> String {
    names.get(&p.id).cloned().unwrap_or_else(|| p.name.clone())
}

fn status_label(page: &Page, s: &str) -> String {
    OrderStatus::parse(s).map_or_else(|| s.to_string(), |s| page.tr.t(s.label()))
}

// Orders.

async fn orders_view(
    tx: &mut Tx,
    page: &Page,
    ctx: &OrgCtx,
    form: &Fields,
    errors: &[FieldError],
) -> AppResult<Markup> {
    let tr = &page.tr;
    let orders = service::orders(tx, &ctx.org).await?;
    let buyers = store::buyers(tx, ctx.org.id).await?;
    let offers = service::offers(tx, &ctx.org, BuyerKind::Retail, &ctx.org.today()).await?;
    let slug = &ctx.org.slug;
    Ok(html! {
        h1 { (icon("shop")) (tr.t("sale-orders-title")) }
        (links(page, ctx))
        @if !orders.is_empty() {
            section.card {
                div.scroll { table.tb {
                    thead { tr { th { "#" } th { (tr.t("buyer")) } th { (tr.t("status")) } } }
                    tbody { @for o in &orders {
                        tr {
                            td { a href=(format!("/o/{slug}/sales/orders/{}", o.id)) { (o.id) } }
                            td { (o.buyer_name) br; span.meta { (tr.fmt().date(&o.ordered_on)) } }
                            td { (status_label(page, &o.status)) }
                        }
                    } }
                } }
            }
        }
        form.card method="post" action=(format!("/o/{slug}/sales/orders")) {
            h2 { (tr.t("sale-order-new")) }
            (errors_box(page, errors))
            (form_keys(page))
            label for="buyer" { (tr.t("buyer")) }
            select id="buyer" name="buyer" {
                option value="" { (tr.t("buyer-new")) }
                @for b in &buyers { option value=(b.id) selected[form.get("buyer") == b.id.to_string()] { (b.name) } }
            }
            (field(tr, "name", "buyer-name", "text", form.get("name"), errors))
            (field(tr, "phone", "member-phone", "tel", form.get("phone"), errors))
            label for="kind" { (tr.t("buyer-kind")) }
            select id="kind" name="kind" {
                @for k in BuyerKind::ALL { option value=(k.as_str()) selected[form.get("kind") == k.as_str()] { (tr.t(k.label())) } }
            }
            (field(tr, "tax_id", "tax-id", "text", form.get("tax_id"), errors))
            @for o in &offers {
                @let name = format!("q{}", o.product.id);
                (pieces_field(&name, html! { strong { (o.product.name) } br; span.meta { (tr.ta("sale-on-hand", &[("pieces", o.goods.pieces.into())])) } }, None, form.get(&name)))
            }
            (field(tr, "note", "order-note", "text", form.get("note"), errors))
            label.check { input type="checkbox" name="quote" value="1" checked[!form.get("quote").is_empty()]; " " (tr.t("order-as-quote")) }
            button type="submit" { (tr.t("save")) }
        }
    })
}

fn links(page: &Page, ctx: &OrgCtx) -> Markup {
    let tr = &page.tr;
    let slug = &ctx.org.slug;
    html! {
        p.meta.noprint {
            @if ctx.can(Permission::Sell) {
                a href=(format!("/o/{slug}/sales")) { (tr.t("sales-title")) } " · "
                a href=(format!("/o/{slug}/sales/orders")) { (tr.t("sale-orders-title")) } " · "
                a href=(format!("/o/{slug}/sales/buyers")) { (tr.t("buyers-title")) }
            }
            @if ctx.can(Permission::ViewBooks) {
                @if ctx.can(Permission::Sell) { " · " }
                a href=(format!("/o/{slug}/reports/invoices")) { (tr.t("invoices-title")) " (CSV, XLSX)" }
                " · " a href=(format!("/o/{slug}/reports/buyers")) { (tr.t("buyers-owe")) " (CSV, XLSX)" }
                " · " a href=(format!("/o/{slug}/reports/sale-orders")) { (tr.t("sale-orders-title")) " (CSV, XLSX)" }
                " · " a href=(format!("/o/{slug}/reports/buyer-payments")) { (tr.t("payments-title")) " (CSV, XLSX)" }
            }
        }
    }
}

/// `GET /o/{slug}/sales/orders`
pub async fn orders(State(state): State<AppState>, page: Page, ctx: OrgCtx) -> AppResult<Response> {
    ctx.require(Permission::Sell)?;
    let mut tx = state.db.begin().await?;
    let body = orders_view(&mut tx, &page, &ctx, &Fields::default(), &[]).await?;
    Ok(layout::page(&page, &page.tr.t("sale-orders-title"), Some(&nav(&ctx)), body).into_response())
}

/// `POST /o/{slug}/sales/orders`: a new order or quote, for a buyer chosen or new.
pub async fn place(
    State(state): State<AppState>,
    page: Page,
    ctx: OrgCtx,
    session: Session,
    CsrfForm(form): CsrfForm<Fields>,
) -> AppResult<Response> {
    ctx.require(Permission::Sell)?;
    let org = &ctx.org;
    let r = submit(&state.db, async |tx| {
        let mut lines = vec![];
        for p in crate::production::service::products(tx, org).await? {
            let n = form.get(&format!("q{}", p.id)).trim();
            if !n.is_empty() {
                lines.push((
                    p.id,
                    n.parse::<i64>().map_err(|_| refused("pieces", "quantity-invalid"))?,
                ));
            }
        }
        let d = OrderDraft {
            client_id: None,
            buyer_id: form.int("buyer"),
            buyer: BuyerDraft {
                name: form.get("name").into(),
                kind: form.get("kind").into(),
                phone: form.get("phone").into(),
                tax_id: form.get("tax_id").into(),
                address: String::new(),
            },
            quote: !form.get("quote").is_empty(),
            from_shopfront: false,
            lines,
            note: form.get("note").into(),
        };
        service::place_order(tx, org, &d, Some(ctx.person.id)).await
    })
    .await?;
    answer(
        &state,
        &page,
        &ctx,
        "sale-orders-title",
        &session,
        r,
        |id| (page.tr.t("told-saved"), format!("/o/{}/sales/orders/{id}", org.slug)),
        async |tx, e| orders_view(tx, &page, &ctx, &form, e).await,
    )
    .await
}

/// The seller and buyer as a document prints them.
fn parties(page: &Page, ctx: &OrgCtx, s: &store::SettingsRow, b: &store::BuyerRow) -> Markup {
    let tr = &page.tr;
    html! {
        dl {
            dt { (tr.t("seller")) }
            dd { strong { (ctx.org.name) } @if !s.address.is_empty() { br; (s.address) } @if !s.tax_id.is_empty() { br; (tr.t("tax-id")) ": " (s.tax_id) } }
            dt { (tr.t("buyer")) }
            dd { strong { (b.name) } @if !b.address.is_empty() { br; (b.address) } @if let Some(p) = &b.phone { br; (p) } @if !b.tax_id.is_empty() { br; (tr.t("tax-id")) ": " (b.tax_id) } }
        }
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
    let s = service::settings(tx, &ctx.org).await?;
    let slug = &ctx.org.slug;
    let (net, tax) = o.totals();
    let status = o.status();
    let action = format!("/o/{slug}/sales/orders/{id}");
    let errs = |a: &str| if form.get("action") == a { errors } else { &[] };
    let today = ctx.org.today();
    let goods = crate::production::service::goods(tx, &ctx.org).await?;
    let names = service::names(tx, &ctx.org).await?;
    let on_hand = |p: i64| {
        goods
            .iter()
            .find(|(id, _)| *id == p)
            .map_or(0, |(_, g)| g.pieces)
            .max(0)
    };
    Ok(html! {
        section.card.receipt {
            h1 { (tr.t(if status == OrderStatus::Quote { "order-quote" } else { "order-sale" })) " #" (o.order.id) }
            p.meta { (tr.fmt().date(&o.order.ordered_on)) " · " (status_label(page, &o.order.status)) " · "
                (model::Channel::parse(&o.order.channel).map_or(String::new(), |c| tr.t(c.label()))) }
            (parties(page, ctx, &s, &o.buyer))
            div.scroll { table.tb {
                thead { tr { th { (tr.t("product")) } th.num { (tr.t("order-pieces")) } th.num { (tr.t("price")) } } }
                tbody { @for (l, p) in &o.lines {
                    tr {
                        td { (name_of(&names, p)) br; span.meta { (p.code)
                            " · " (tr.ta("order-delivered-invoiced", &[("delivered", l.delivered.into()), ("invoiced", l.invoiced.into())]))
                            @if let Some(m) = l.production_order_id.filter(|_| ctx.can(Permission::RunProduction)) { " · " a href=(format!("/o/{slug}/production/orders/{m}")) { (tr.t("order-in-production")) " #" (m) } } } }
                        td.num { (l.quantity) }
                        td.num { (money(page, ctx, l.price)) @if l.tax_bp > 0 { br; span.meta { "+" (tr.fmt().percent_bp(l.tax_bp)) } } }
                    }
                } }
            } }
            p { (tr.t("total")) ": " strong { (money(page, ctx, net.saturating_add(tax))) } @if tax > 0 { " (" (tr.t("tax")) " " (money(page, ctx, tax)) ")" } }
            @if !o.order.note.is_empty() { p.meta { (o.order.note) } }
        }
        div.noprint {
            @if !o.deliveries.is_empty() || !o.invoices.is_empty() {
                section.card {
                    ul {
                        @for d in &o.deliveries { li { a href=(format!("/o/{slug}/sales/deliveries/{}", d.id)) { (tr.t("delivery-note")) " #" (d.id) } " · " (tr.fmt().date(&d.delivered_on)) } }
                        @for i in &o.invoices { li { a href=(format!("/o/{slug}/sales/invoices/{}", i.id)) { (tr.t(if i.kind == "credit" { "credit-note" } else { "invoice" })) " " (i.number) } " · " (money(page, ctx, i.total)) } }
                    }
                }
            }
            @if matches!(status, OrderStatus::Quote | OrderStatus::Placed) && ctx.can(Permission::Sell) {
                form.card method="post" action=(action) {
                    (errors_box(page, errs("confirm")))
                    (form_keys(page))
                    input type="hidden" name="action" value="confirm";
                    button type="submit" { (tr.t(if status == OrderStatus::Quote { "order-quote-accept" } else { "order-confirm" })) }
                }
            }
            @if status == OrderStatus::Confirmed && ctx.can(Permission::Sell) {
                @let open: Vec<_> = o.lines.iter().filter(|(l, _)| l.delivered < l.quantity).collect();
                @if !open.is_empty() {
                    form.card method="post" action=(action) {
                        h2 { (tr.t("deliver")) }
                        (errors_box(page, errs("deliver")))
                        (form_keys(page))
                        input type="hidden" name="action" value="deliver";
                        @for (l, p) in &open {
                            @let name = format!("p{}", l.id);
                            (pieces_field(&name, html! { (name_of(&names, p)) br; span.meta { (tr.ta("sale-on-hand", &[("pieces", on_hand(p.id).into())])) } },
                                Some(l.quantity - l.delivered), form.or(&name, &(l.quantity - l.delivered).min(on_hand(p.id)).to_string())))
                        }
                        (field(tr, "on", "date", "date", form.or("on", &today), errs("deliver")))
                        button type="submit" { (tr.t("deliver")) }
                    }
                    @if ctx.can(Permission::RunProduction) {
                        @for (l, p) in open.iter().filter(|(l, _)| l.production_order_id.is_none()) {
                            form.card method="post" action=(action) {
                                (errors_box(page, errs(&format!("make{}", l.id))))
                                (form_keys(page))
                                input type="hidden" name="action" value=(format!("make{}", l.id));
                                (field(tr, "due_on", "order-due", "date", form.or("due_on", &today), &[]))
                                button.secondary type="submit" { (tr.ta("order-make", &[("pieces", (l.quantity - l.delivered).into()), ("product", name_of(&names, p).into())])) }
                            }
                        }
                    }
                }
                @let billable: Vec<_> = o.lines.iter().filter(|(l, _)| l.invoiced < l.delivered).collect();
                @if !billable.is_empty() {
                    form.card method="post" action=(action) {
                        h2 { (tr.t("invoice-make")) }
                        (errors_box(page, errs("invoice")))
                        (form_keys(page))
                        input type="hidden" name="action" value="invoice";
                        @for (l, p) in &billable {
                            @let name = format!("p{}", l.id);
                            (pieces_field(&name, html! { (name_of(&names, p)) }, Some(l.delivered - l.invoiced), form.or(&name, &(l.delivered - l.invoiced).to_string())))
                        }
                        (field(tr, "on", "date", "date", form.or("on", &today), errs("invoice")))
                        button type="submit" { (tr.t("invoice-make")) }
                    }
                }
            }
            @if status != OrderStatus::Cancelled && o.lines.iter().all(|(l, _)| l.delivered == 0) && ctx.can(Permission::Sell) {
                form method="post" action=(action) {
                    (errors_box(page, errs("cancel")))
                    (form_keys(page))
                    input type="hidden" name="action" value="cancel";
                    button.secondary type="submit" { (tr.t("order-cancel")) }
                }
            }
            (links(page, ctx))
        }
    })
}

/// `GET /o/{slug}/sales/orders/{id}`: the quote or order, printable, with its next steps.
pub async fn order(
    State(state): State<AppState>,
    page: Page,
    ctx: OrgCtx,
    Path((_slug, id)): Path<(String, i64)>,
) -> AppResult<Response> {
    may_read(&ctx)?;
    let mut tx = state.db.begin().await?;
    let body = order_view(&mut tx, &page, &ctx, id, &Fields::default(), &[]).await?;
    Ok(layout::page(&page, &page.tr.t("order-sale"), Some(&nav(&ctx)), body).into_response())
}

/// `POST /o/{slug}/sales/orders/{id}`: confirm, cancel, deliver, invoice, or make a line.
pub async fn act(
    State(state): State<AppState>,
    page: Page,
    ctx: OrgCtx,
    session: Session,
    Path((_slug, id)): Path<(String, i64)>,
    CsrfForm(form): CsrfForm<Fields>,
) -> AppResult<Response> {
    ctx.require(Permission::Sell)?;
    let (org, by) = (&ctx.org, ctx.person.id);
    let on = form.or("on", &org.today()).to_string();
    let r = submit(&state.db, async |tx| {
        let ids: Vec<i64> = store::order_lines(tx, org.id, id).await?.iter().map(|l| l.id).collect();
        match form.get("action") {
            "confirm" => service::confirm(tx, org, id).await.map(|_| "told-saved"),
            "cancel" => service::cancel(tx, org, id).await.map(|_| "told-saved"),
            "deliver" => service::deliver(tx, org, id, &pieces_of(&form, ids)?, &on, by)
                .await
                .map(|_| "told-delivered"),
            "invoice" => service::invoice(tx, org, id, &pieces_of(&form, ids)?, &on, by)
                .await
                .map(|_| "told-invoiced"),
            a => match a.strip_prefix("make").and_then(|l| l.parse::<i64>().ok()) {
                Some(line) => {
                    ctx.require(Permission::RunProduction)?;
                    service::make_for(tx, org, id, line, form.get("due_on"), by)
                        .await
                        .map(|_| "told-saved")
                }
                None => Err(AppError::NotFound),
            },
        }
    })
    .await?;
    answer(
        &state,
        &page,
        &ctx,
        "order-sale",
        &session,
        r,
        |told| (page.tr.t(told), format!("/o/{}/sales/orders/{id}", org.slug)),
        async |tx, e| order_view(tx, &page, &ctx, id, &form, e).await,
    )
    .await
}

/// `GET /o/{slug}/sales/deliveries/{id}`: a delivery note to print.
pub async fn delivery(
    State(state): State<AppState>,
    page: Page,
    ctx: OrgCtx,
    Path((_slug, id)): Path<(String, i64)>,
) -> AppResult<Response> {
    may_read(&ctx)?;
    let mut tx = state.db.begin().await?;
    let (d, o, lines) = service::delivery(&mut tx, &ctx.org, id).await?;
    let s = service::settings(&mut tx, &ctx.org).await?;
    let names = service::names(&mut tx, &ctx.org).await?;
    let tr = &page.tr;
    let body = html! {
        section.card.receipt {
            h1 { (tr.t("delivery-note")) " #" (d.id) }
            p.meta { (tr.fmt().date(&d.delivered_on)) " · " (tr.t("order-sale")) " #" (o.order.id) }
            (parties(&page, &ctx, &s, &o.buyer))
            div.scroll { table.tb {
                thead { tr { th { (tr.t("product")) } th.num { (tr.t("order-pieces")) } } }
                tbody { @for (line, n, _) in &lines {
                    @let p = o.lines.iter().find(|(l, _)| l.id == *line).map(|(_, p)| p);
                    tr { td { (p.map_or(String::new(), |p| name_of(&names, p))) br; span.meta { (p.map_or("", |p| p.code.as_str())) } } td.num { (n) } }
                } }
            } }
            p { (tr.t("delivery-received")) ": ____________________" }
            p.meta.noprint { a href=(format!("/o/{}/sales/orders/{}", ctx.org.slug, o.order.id)) { (tr.t("order-sale")) " #" (o.order.id) } }
        }
    };
    Ok(layout::page(&page, &tr.t("delivery-note"), Some(&nav(&ctx)), body).into_response())
}

// Invoices.

async fn invoice_view(
    tx: &mut Tx,
    page: &Page,
    ctx: &OrgCtx,
    id: i64,
    form: &Fields,
    errors: &[FieldError],
) -> AppResult<Markup> {
    let tr = &page.tr;
    let (i, lines, o) = service::invoice_of(tx, &ctx.org, id).await?;
    let s = service::settings(tx, &ctx.org).await?;
    let cards = store::catalogue(tx, ctx.org.id).await?;
    let names = service::names(tx, &ctx.org).await?;
    let credit = i.kind == "credit";
    let words = model::amount_in_words(i.total, ctx.org.currency.exponent());
    let slug = &ctx.org.slug;
    Ok(html! {
        section.card.receipt {
            h1 { (tr.t(if credit { "credit-note" } else { "invoice" })) " " (i.number) }
            p.meta { (tr.fmt().date(&i.issued_on)) " · " (tr.t("order-sale")) " #" (o.order.id)
                @if let Some(c) = i.corrects_id { " · " a href=(format!("/o/{slug}/sales/invoices/{c}")) { (tr.t("credit-corrects")) } } }
            (parties(page, ctx, &s, &o.buyer))
            div.scroll { table.tb {
                thead { tr { th { (tr.t("product")) } th.num { (tr.t("order-pieces")) } th.num { (tr.t("amount")) } } }
                tbody { @for (l, p) in &lines {
                    tr {
                        td { (name_of(&names, p)) br; span.meta { (p.code)
                            @if let Some(c) = cards.iter().find(|c| c.product_id == l.product_id && !c.tax_code.is_empty()) { " · " (tr.t("tax-code")) " " (c.tax_code) }
                            " · " (money(page, ctx, l.price)) } }
                        td.num { (l.quantity) }
                        td.num { (money(page, ctx, l.net)) @if s.tax_registered { br; span.meta { (tr.t("tax")) " " (tr.fmt().percent_bp(l.tax_bp)) " " (money(page, ctx, l.tax)) } } }
                    }
                } }
            } }
            dl {
                @if s.tax_registered { dt { (tr.t("invoice-net")) } dd { (money(page, ctx, i.net)) } dt { (tr.t("tax")) } dd { (money(page, ctx, i.tax)) } }
                dt { (tr.t("total")) } dd.big { (money(page, ctx, i.total)) }
                @if let Some((w, f)) = &words { dt { (tr.t("invoice-in-words")) } dd { (tr.ta("amount-in-words", &[("currency", ctx.org.currency.code().into()), ("words", w.clone().into()), ("fraction", f.clone().into())])) } }
                @if !credit { dt { (tr.t("invoice-settled")) } dd { (money(page, ctx, i.settled)) @if let Some(d) = &i.settled_on { " · " (tr.fmt().date(d)) } } }
            }
        }
        @if !credit && ctx.can(Permission::Sell) {
            form.card.noprint method="post" action=(format!("/o/{slug}/sales/invoices/{id}")) {
                h2 { (tr.t("credit-make")) }
                (errors_box(page, errors))
                (form_keys(page))
                @for (l, p) in &lines {
                    @let name = format!("p{}", l.line_id);
                    (pieces_field(&name, html! { (name_of(&names, p)) }, Some(l.quantity), form.get(&name)))
                }
                (field(&page.tr, "reason", "credit-reason", "text", form.get("reason"), errors))
                button.secondary type="submit" { (tr.t("credit-make")) }
            }
        }
        (links(page, ctx))
    })
}

/// `GET /o/{slug}/sales/invoices/{id}`: an invoice or credit note to print.
pub async fn invoice(
    State(state): State<AppState>,
    page: Page,
    ctx: OrgCtx,
    Path((_slug, id)): Path<(String, i64)>,
) -> AppResult<Response> {
    may_read(&ctx)?;
    let mut tx = state.db.begin().await?;
    let body = invoice_view(&mut tx, &page, &ctx, id, &Fields::default(), &[]).await?;
    Ok(layout::page(&page, &page.tr.t("invoice"), Some(&nav(&ctx)), body).into_response())
}

/// `POST /o/{slug}/sales/invoices/{id}`: a credit note for it.
pub async fn credit(
    State(state): State<AppState>,
    page: Page,
    ctx: OrgCtx,
    session: Session,
    Path((_slug, id)): Path<(String, i64)>,
    CsrfForm(form): CsrfForm<Fields>,
) -> AppResult<Response> {
    ctx.require(Permission::Sell)?;
    let org = &ctx.org;
    let r = submit(&state.db, async |tx| {
        let ids: Vec<i64> = store::invoice_lines(tx, org.id, id)
            .await?
            .iter()
            .map(|l| l.line_id)
            .collect();
        let pieces = pieces_of(&form, ids)?;
        service::credit(tx, org, id, &pieces, form.get("reason"), &org.today(), ctx.person.id).await
    })
    .await?;
    answer(
        &state,
        &page,
        &ctx,
        "invoice",
        &session,
        r,
        |c| (page.tr.t("told-saved"), format!("/o/{}/sales/invoices/{c}", org.slug)),
        async |tx, e| invoice_view(tx, &page, &ctx, id, &form, e).await,
    )
    .await
}

// Buyers, payments and settings.

async fn buyers_view(
    tx: &mut Tx,
    page: &Page,
    ctx: &OrgCtx,
    form: &Fields,
    errors: &[FieldError],
) -> AppResult<Markup> {
    let tr = &page.tr;
    let accounts = service::accounts(tx, &ctx.org).await?;
    let invoices = service::invoices(tx, &ctx.org).await?;
    let s = service::settings(tx, &ctx.org).await?;
    let slug = &ctx.org.slug;
    let action = format!("/o/{slug}/sales/buyers");
    let errs = |a: &str| if form.get("action") == a { errors } else { &[] };
    Ok(html! {
        h1 { (icon("shop")) (tr.t("buyers-title")) }
        (links(page, ctx))
        @if !accounts.is_empty() {
            section.card {
                h2 { (tr.t("buyers-owe")) }
                div.scroll { table.tb {
                    thead { tr { th { (tr.t("buyer")) } th.num { (tr.t("buyers-owed")) } th.num { (tr.t("buyers-over-30")) } } }
                    tbody { @for a in &accounts {
                        tr {
                            td { (a.buyer.name) br; span.meta { (BuyerKind::parse(&a.buyer.kind).map_or(String::new(), |k| tr.t(k.label())))
                                @if a.advance > 0 { " · " (tr.t("buyers-advance")) " " (money(page, ctx, a.advance)) } } }
                            td.num { (money(page, ctx, a.owed)) }
                            td.num { (money(page, ctx, a.ageing[1] + a.ageing[2] + a.ageing[3])) @if a.ageing[3] > 0 { br; span.meta.bad { "> 90: " (money(page, ctx, a.ageing[3])) } } }
                        }
                    } }
                } }
            }
            form.card method="post" action=(action) {
                h2 { (tr.t("payment-new")) }
                (errors_box(page, errs("pay")))
                (form_keys(page))
                input type="hidden" name="action" value="pay";
                label for="buyer" { (tr.t("buyer")) }
                select id="buyer" name="buyer" {
                    @for a in &accounts { option value=(a.buyer.id) selected[form.get("buyer") == a.buyer.id.to_string()] { (a.buyer.name) " · " (money(page, ctx, a.owed)) } }
                }
                (field(tr, "amount", "amount", "decimal", form.get("amount"), errs("pay")))
                label for="till" { (tr.t("sale-till")) }
                select id="till" name="till" {
                    @for t in [Till::Cash, Till::MobileMoney, Till::Bank] { option value=(t.as_str()) selected[form.get("till") == t.as_str()] { (tr.t(t.label())) } }
                }
                (field(tr, "reference", "payment-reference", "text", form.get("reference"), errs("pay")))
                label.check { input type="checkbox" name="advance" value="1" checked[!form.get("advance").is_empty()]; " " (tr.t("payment-advance")) }
                button type="submit" { (tr.t("save")) }
            }
        }
        @if !accounts.is_empty() {
            details open[!errs("login").is_empty()] {
                summary { (tr.t("buyer-login")) }
                form.card method="post" action=(action) {
                    p.meta { (tr.t("buyer-login-help")) }
                    (errors_box(page, errs("login")))
                    (form_keys(page))
                    input type="hidden" name="action" value="login";
                    label for="login_buyer" { (tr.t("buyer")) }
                    select id="login_buyer" name="buyer" {
                        @for a in &accounts { option value=(a.buyer.id) selected[form.get("buyer") == a.buyer.id.to_string()] { (a.buyer.name) } }
                    }
                    button type="submit" name="step" value="new" { (tr.t("buyer-login-new")) }
                    " " button.secondary type="submit" name="step" value="end" { (tr.t("buyer-login-end")) }
                }
            }
        }
        @if !invoices.is_empty() {
            section.card {
                h2 { (tr.t("invoices-title")) }
                div.scroll { table.tb {
                    thead { tr { th { (tr.t("invoice")) } th.num { (tr.t("total")) } } }
                    tbody { @for i in invoices.iter().take(50) {
                        tr {
                            td { a href=(format!("/o/{slug}/sales/invoices/{}", i.id)) { (i.number) } br; span.meta { (i.buyer_name) " · " (tr.fmt().date(&i.issued_on)) } }
                            td.num { @if i.kind == "credit" { "−" } (money(page, ctx, i.total)) }
                        }
                    } }
                } }
            }
        }
        @if ctx.can(Permission::Approve) {
            details open[!errs("settings").is_empty()] {
                summary { (tr.t("invoice-settings")) }
                form.card method="post" action=(action) {
                    (errors_box(page, errs("settings")))
                    (form_keys(page))
                    input type="hidden" name="action" value="settings";
                    (field(tr, "invoice_prefix", "invoice-prefix", "text", form.or("invoice_prefix", &s.invoice_prefix), errs("settings")))
                    (field(tr, "year_starts", "year-starts", "text", form.or("year_starts", &s.year_starts), errs("settings")))
                    (field(tr, "tax_id", "tax-id", "text", form.or("tax_id", &s.tax_id), errs("settings")))
                    label.check { input type="checkbox" name="tax_registered" value="1" checked[s.tax_registered || !form.get("tax_registered").is_empty()]; " " (tr.t("tax-registered")) }
                    (field(tr, "address", "address", "text", form.or("address", &s.address), errs("settings")))
                    button type="submit" { (tr.t("save")) }
                }
            }
        }
    })
}

/// `GET /o/{slug}/sales/buyers`
pub async fn buyers(State(state): State<AppState>, page: Page, ctx: OrgCtx) -> AppResult<Response> {
    ctx.require(Permission::Sell)?;
    let mut tx = state.db.begin().await?;
    let body = buyers_view(&mut tx, &page, &ctx, &Fields::default(), &[]).await?;
    Ok(layout::page(&page, &page.tr.t("buyers-title"), Some(&nav(&ctx)), body).into_response())
}

/// `POST /o/{slug}/sales/buyers`: a payment, or the invoice settings.
pub async fn buyers_act(
    State(state): State<AppState>,
    page: Page,
    ctx: OrgCtx,
    session: Session,
    headers: axum::http::HeaderMap,
    CsrfForm(form): CsrfForm<Fields>,
) -> AppResult<Response> {
    ctx.require(Permission::Sell)?;
    let org = &ctx.org;
    let mark = page.tr.fmt().decimal_mark();
    let r = submit(&state.db, async |tx| match form.get("action") {
        "login" => {
            let buyer = form.int("buyer").ok_or_else(|| refused("buyer", "buyer-unknown"))?;
            let name = service::buyer(tx, org, buyer).await?.name;
            if form.get("step") == "end" {
                service::end_buyer_login(tx, org, buyer).await?;
                return Ok(page.tr.ta("told-buyer-login-ended", &[("name", name.into())]));
            }
            let secret = service::new_buyer_login(tx, org, buyer).await?;
            let link = format!(
                "{}/shop/{}/signin/{secret}",
                super::shop_pages::base_url(&state, &headers),
                org.slug
            );
            Ok(page
                .tr
                .ta("told-buyer-login", &[("name", name.into()), ("link", link.into())]))
        }
        "pay" => {
            let amount = crate::money::positive_amount(form.get("amount"), org.currency, mark)
                .map_err(|m| refused("amount", m))?;
            let buyer = form.int("buyer").ok_or_else(|| refused("buyer", "buyer-unknown"))?;
            let advance = !form.get("advance").is_empty();
            service::receive(
                tx,
                org,
                buyer,
                amount,
                form.get("till"),
                advance,
                form.get("reference"),
                &org.today(),
                ctx.person.id,
            )
            .await
            .map(|_| page.tr.t("told-saved"))
        }
        "settings" => {
            ctx.require(Permission::Approve)?;
            let s = store::SettingsRow {
                invoice_prefix: form.get("invoice_prefix").into(),
                tax_id: form.get("tax_id").into(),
                tax_registered: !form.get("tax_registered").is_empty(),
                year_starts: form.get("year_starts").into(),
                address: form.get("address").into(),
            };
            service::save_settings(tx, org, &s)
                .await
                .map(|_| page.tr.t("told-saved"))
        }
        _ => Err(AppError::NotFound),
    })
    .await?;
    answer(
        &state,
        &page,
        &ctx,
        "buyers-title",
        &session,
        r,
        |told| (told.clone(), format!("/o/{}/sales/buyers", org.slug)),
        async |tx, e| buyers_view(tx, &page, &ctx, &form, e).await,
    )
    .await
}

// A product's catalogue card.

async fn card_view(
    tx: &mut Tx,
    page: &Page,
    ctx: &OrgCtx,
    id: i64,
    form: &Fields,
    errors: &[FieldError],
) -> AppResult<Markup> {
    let tr = &page.tr;
    let p = crate::production::service::product(tx, &ctx.org, id).await?;
    let (card, texts) = service::catalogue(tx, &ctx.org)
        .await?
        .into_iter()
        .find(|(c, _)| c.product_id == id)
        .unwrap_or_default();
    let others = crate::production::service::products(tx, &ctx.org).await?;
    let sent = !form.get("category").is_empty() || !errors.is_empty();
    let pick = |k: &str, v: &str| if sent { form.get(k).to_string() } else { v.to_string() };
    Ok(html! {
        h1 { (p.name) }
        (links(page, ctx))
        form.card method="post" action=(format!("/o/{}/sales/products/{id}", ctx.org.slug)) {
            (errors_box(page, errors))
            (form_keys(page))
            label for="category" { (tr.t("category")) }
            select id="category" name="category" {
                option value="" { "—" }
                @for c in model::CATEGORIES { option value=(c) selected[pick("category", &card.category) == c] { (tr.t(&format!("category-{c}"))) } }
            }
            label for="family" { (tr.t("variant-of")) }
            select id="family" name="family" {
                option value="" { "—" }
                @for o in others.iter().filter(|o| o.id != id) {
                    option value=(o.id) selected[pick("family", &card.family_id.map(|f| f.to_string()).unwrap_or_default()) == o.id.to_string()] { (o.name) " · " (o.code) }
                }
            }
            (field(tr, "variant", "variant", "text", &pick("variant", &card.variant), errors))
            (field(tr, "tax_code", "tax-code", "text", &pick("tax_code", &card.tax_code), errors))
            (field(tr, "tax_rate", "tax-rate", "decimal", &pick("tax_rate", &crate::money::percent_plain(card.tax_bp, tr.fmt().decimal_mark())), errors))
            label.check { input type="checkbox" name="made_to_order" value="1" checked[if sent { !form.get("made_to_order").is_empty() } else { card.made_to_order }]; " " (tr.t("made-to-order")) }
            @for l in &ctx.org.languages {
                @let name = format!("d_{}", l.tag());
                @let have = texts.iter().find(|(t, _)| t == l.tag()).map_or("", |(_, d)| d.as_str());
                label for=(name) { (tr.t("description")) " · " (l.tag()) }
                textarea id=(name) name=(name) rows="3" maxlength="600" { (pick(&name, have)) }
            }
            button type="submit" { (tr.t("save")) }
        }
    })
}

/// `GET /o/{slug}/sales/products/{id}`: a product's catalogue card.
pub async fn card(
    State(state): State<AppState>,
    page: Page,
    ctx: OrgCtx,
    Path((_slug, id)): Path<(String, i64)>,
) -> AppResult<Response> {
    ctx.require(Permission::Sell)?;
    let mut tx = state.db.begin().await?;
    let body = card_view(&mut tx, &page, &ctx, id, &Fields::default(), &[]).await?;
    Ok(layout::page(&page, &page.tr.t("catalogue-card"), Some(&nav(&ctx)), body).into_response())
}

pub async fn save_card(
    State(state): State<AppState>,
    page: Page,
    ctx: OrgCtx,
    session: Session,
    Path((_slug, id)): Path<(String, i64)>,
    CsrfForm(form): CsrfForm<Fields>,
) -> AppResult<Response> {
    ctx.require(Permission::Sell)?;
    let org = &ctx.org;
    let mark = page.tr.fmt().decimal_mark();
    let r = submit(&state.db, async |tx| {
        let tax_bp = match form.get("tax_rate").trim() {
            "" => 0,
            t => crate::money::parse_percent(t, mark).ok_or_else(|| refused("tax_rate", "tax-rate-invalid"))?,
        };
        let d = CatalogueDraft {
            family_id: form.int("family"),
            variant: form.get("variant").into(),
            category: form.get("category").into(),
            tax_code: form.get("tax_code").into(),
            tax_bp,
            made_to_order: !form.get("made_to_order").is_empty(),
            descriptions: org
                .languages
                .iter()
                .map(|l| (l.tag().to_string(), form.get(&format!("d_{}", l.tag())).to_string()))
                .collect(),
        };
        service::set_catalogue(tx, org, id, &d).await
    })
    .await?;
    answer(
        &state,
        &page,
        &ctx,
        "catalogue-card",
        &session,
        r,
        |_| (page.tr.t("told-saved"), format!("/o/{}/sales/products/{id}", org.slug)),
        async |tx, e| card_view(tx, &page, &ctx, id, &form, e).await,
    )
    .await
}
