//! The pages of selling together: the market-day sheet (tap the pieces sold, cash or
//! mobile money; the day's total and the stock left below it) and the prices per kind of
//! buyer, with their history.

use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use maud::{Markup, html};
use serde::Deserialize;
use tower_sessions::Session;

use super::model::{BuyerKind, PriceListLine};
use super::service::{self, SaleDraft};
use crate::auth::{OrgCtx, Permission};
use crate::db::Tx;
use crate::ledger::Till;
use crate::state::AppState;
use crate::web::form::{CsrfForm, Fields, answer, submit};
use crate::web::layout::{self, errors_box, field, form_keys, icon, money, nav};
use crate::web::{AppError, AppResult, FieldError, Page};

/// A line's number of pieces: its label and a number field with the number pad.
pub(super) fn pieces_field(name: &str, label: Markup, max: Option<i64>, value: &str) -> Markup {
    html! {
        div.sale-line {
            label for=(name) { (label) }
            input id=(name) name=(name) type="number" inputmode="numeric" min="0" max=[max] value=(value) placeholder="0";
        }
    }
}

#[derive(Deserialize, Default)]
pub struct DayQuery {
    #[serde(default)]
    pub date: String,
}

async fn sheet_view(
    tx: &mut Tx,
    page: &Page,
    ctx: &OrgCtx,
    on: &str,
    form: &Fields,
    errors: &[FieldError],
    preview: Option<&[PriceListLine]>,
) -> AppResult<Markup> {
    let tr = &page.tr;
    let offers = service::offers(tx, &ctx.org, BuyerKind::Retail, on).await?;
    let day = service::day_at_market(tx, &ctx.org, on).await?;
    let prices = service::prices(tx, &ctx.org).await?;
    let unmet = service::unmet_searches(tx, &ctx.org).await?;
    let action = format!("/o/{}/sales", ctx.org.slug);
    let on_sale: Vec<_> = offers
        .iter()
        .filter(|o| o.price.is_some() && o.goods.pieces > 0)
        .collect();
    let errs = |a: &str| if form.get("action") == a { errors } else { &[] };
    // A sale keeps the id its sheet was opened with, even when it comes back refused.
    let sale_id = match form.get("sale") {
        "" => crate::web::new_key(),
        id => id.to_string(),
    };
    Ok(html! {
        h1 { (icon("shop")) (tr.t("sales-title")) }
        p.meta {
            @if ctx.org.kind.groups_orgs() {
                a href=(format!("/market/{}", ctx.org.slug)) { (tr.t("market-open")) }
            } @else {
                a href=(format!("/shop/{}", ctx.org.slug)) { (tr.t("shop-open")) }
            }
            " · " a href=(format!("/o/{}/sales/orders", ctx.org.slug)) { (tr.t("sale-orders-title")) }
            " · " a href=(format!("/o/{}/sales/buyers", ctx.org.slug)) { (tr.t("buyers-title")) }
            @if ctx.can(Permission::ViewBooks) { " · " a href=(format!("/o/{}/reports/sales", ctx.org.slug)) { (tr.t("report-sales")) } }
        }
        form.card method="post" action=(action) {
            h2 { (tr.t("sale-new")) }
            (errors_box(page, errs("sale")))
            (form_keys(page))
            input type="hidden" name="action" value="sale";
            input type="hidden" name="sale" value=(sale_id);
            @if on_sale.is_empty() {
                p { (tr.t("sale-nothing-on-hand")) }
            }
            @for o in &on_sale {
                @let name = format!("q{}", o.product.id);
                (pieces_field(&name, html! {
                    strong { (o.product.name) }
                    br;
                    span.meta { (money(page, ctx, o.price.unwrap_or(0))) " · " (tr.ta("sale-on-hand", &[("pieces", o.goods.pieces.into())])) }
                }, Some(o.goods.pieces), form.get(&name)))
            }
            label for="till" { (tr.t("sale-till")) }
            select id="till" name="till" {
                @for t in [Till::Cash, Till::MobileMoney] {
                    option value=(t.as_str()) selected[form.get("till") == t.as_str()] { (tr.t(t.label())) }
                }
            }
            (field(tr, "place", "sale-place", "text", form.get("place"), errs("sale")))
            input type="hidden" name="sold_on" value=(on);
            @if !on_sale.is_empty() { button type="submit" { (tr.t("sale-save")) } }
        }
        section.card {
            h2 { (tr.ta("sale-day", &[("date", tr.fmt().date(on).into())])) }
            p.big { (money(page, ctx, day.total)) }
            p.meta { (tr.ta("sale-count", &[("count", (day.sales.len() as i64).into())])) }
            @if !offers.is_empty() {
                div.scroll { table.tb {
                    thead { tr { th { (tr.t("product")) } th.num { (tr.t("sale-sold")) } th.num { (tr.t("sale-left")) } } }
                    tbody { @for o in &offers {
                        @let sold = day.sold.iter().find(|s| s.product_id == o.product.id);
                        tr {
                            td { a href=(format!("/o/{}/sales/products/{}", ctx.org.slug, o.product.id)) { (o.product.name) } }
                            td.num { (sold.map_or(0, |s| s.pieces)) @if let Some(s) = sold { br; span.meta { (money(page, ctx, s.amount)) } } }
                            td.num { (o.goods.pieces) }
                        }
                    } }
                } }
            }
            form method="get" action=(format!("/o/{}/sales", ctx.org.slug)) {
                label for="date" { (tr.t("sale-other-day")) }
                input id="date" name="date" type="date" value=(on);
                button.secondary type="submit" { (tr.t("show")) }
            }
        }
        @if !unmet.is_empty() {
            section.card {
                h2 { (tr.t("market-unmet")) }
                p.meta { (tr.t("market-unmet-help")) }
                ul { @for (term, month, times) in &unmet { li { strong { (term) } " · " (month) " · " (tr.ta("market-times", &[("times", (*times).into())])) } } }
            }
        }
        @if ctx.can(Permission::Sell) {
            details open[!errs("price").is_empty()] {
                summary { (tr.t("price-set")) }
                form.card method="post" action=(action) {
                    (errors_box(page, errs("price")))
                    (form_keys(page))
                    input type="hidden" name="action" value="price";
                    label for="product" { (tr.t("product")) }
                    select id="product" name="product" {
                        @for o in &offers { option value=(o.product.id) selected[form.get("product") == o.product.id.to_string()] { (o.product.name) } }
                    }
                    label for="kind" { (tr.t("buyer-kind")) }
                    select id="kind" name="kind" {
                        @for k in BuyerKind::ALL { option value=(k.as_str()) selected[form.get("kind") == k.as_str()] { (tr.t(k.label())) } }
                    }
                    (field(tr, "price", "price", "decimal", form.get("price"), errs("price")))
                    (field(tr, "valid_from", "rate-from", "date", form.or("valid_from", &ctx.org.today()), errs("price")))
                    button type="submit" { (tr.t("save")) }
                }
            }
            details open[preview.is_some() || !errs("prices").is_empty()] {
                summary { (tr.t("price-list-import")) }
                form.card method="post" action=(format!("{action}/prices")) {
                    p.meta { (tr.t("price-list-import-help")) }
                    pre { "code,buyer_kind,price,valid_from\nKURTA-M,wholesale,420.00,2026-12-01" }
                    p.meta { a href=(format!("{action}/prices.csv")) { (tr.t("price-list-download")) } }
                    (errors_box(page, errs("prices")))
                    @if let Some(lines) = preview {
                        div.scroll { table.tb {
                            thead { tr { th { (tr.t("import-line")) } th { (tr.t("product")) } th.num { (tr.t("price")) } th { (tr.t("import-problems")) } } }
                            tbody { @for l in lines {
                                @let name = l.product_id.and_then(|id| offers.iter().find(|o| o.product.id == id)).map_or(l.code.as_str(), |o| o.product.name.as_str());
                                tr class=[(!l.problems.is_empty()).then_some("bad")] {
                                    td { (l.line) }
                                    td { (name) br; span.meta { (l.kind.map_or(String::new(), |k| tr.t(k.label()))) " · " (tr.fmt().date(&l.valid_from)) } }
                                    td.num { @if l.price > 0 { (money(page, ctx, l.price)) } }
                                    (crate::web::layout::import_problems(tr, &l.problems))
                                }
                            } }
                        } }
                    }
                    (form_keys(page))
                    input type="hidden" name="action" value="prices";
                    label for="csv" { (tr.t("import-csv")) }
                    textarea id="csv" name="csv" rows="6" { (form.get("csv")) }
                    button.secondary type="submit" name="step" value="preview" { (tr.t("import-preview")) }
                    @if preview.is_some_and(|p| p.iter().all(|l| l.problems.is_empty())) {
                        " " button type="submit" name="step" value="import" { (tr.t("import-confirm")) }
                    }
                }
            }
            @if !prices.is_empty() {
                section.card {
                    h2 { (tr.t("prices-title")) }
                    p.meta { a href=(format!("/o/{}/reports/prices", ctx.org.slug)) { (tr.t("prices-history")) } }
                    div.scroll { table.tb {
                        thead { tr { th { (tr.t("product")) } th.num { (tr.t("price")) } } }
                        tbody { @for p in &prices {
                            @let name = offers.iter().find(|o| o.product.id == p.product_id).map_or("", |o| o.product.name.as_str());
                            tr {
                                td {
                                    (name) br;
                                    span.meta { (BuyerKind::parse(&p.buyer_kind).map_or(String::new(), |k| tr.t(k.label()))) " · " (tr.fmt().date(&p.valid_from)) }
                                }
                                td.num { (money(page, ctx, p.price)) }
                            }
                        } }
                    } }
                }
            }
        }
    })
}

/// `GET /o/{slug}/sales`: the market-day sheet for today (or `?date=`).
pub async fn sheet(
    State(state): State<AppState>,
    page: Page,
    ctx: OrgCtx,
    Query(q): Query<DayQuery>,
) -> AppResult<Response> {
    ctx.require(Permission::Sell)?;
    let on = match q.date.trim() {
        "" => ctx.org.today(),
        d => crate::db::parse_day(d)
            .map(crate::db::iso_day)
            .ok_or(AppError::BadRequest("error-400"))?,
    };
    let mut tx = state.db.begin().await?;
    let body = sheet_view(&mut tx, &page, &ctx, &on, &Fields::default(), &[], None).await?;
    Ok(layout::page(&page, &page.tr.t("sales-title"), Some(&nav(&ctx)), body).into_response())
}

/// `POST /o/{slug}/sales`: a sale from the sheet, or a new price.
pub async fn act(
    State(state): State<AppState>,
    page: Page,
    ctx: OrgCtx,
    session: Session,
    CsrfForm(form): CsrfForm<Fields>,
) -> AppResult<Response> {
    ctx.require(Permission::Sell)?;
    let org = &ctx.org;
    let by = ctx.person.id;
    let mark = page.tr.fmt().decimal_mark();
    let on = match form.get("sold_on") {
        "" => org.today(),
        d => d.to_string(),
    };
    let r = submit(&state.db, async |tx| match form.get("action") {
        "sale" => {
            let mut lines = vec![];
            for o in crate::production::service::products(tx, org).await? {
                let n = form.get(&format!("q{}", o.id)).trim();
                if n.is_empty() {
                    continue;
                }
                let pieces = n
                    .parse::<i64>()
                    .ok()
                    .filter(|n| *n >= 0)
                    .ok_or_else(|| AppError::Invalid(vec![FieldError::new("pieces", "quantity-invalid")]))?;
                lines.push((o.id, pieces, None));
            }
            let d = SaleDraft {
                client_id: form.get("sale").to_string(),
                sold_on: on.clone(),
                place: form.get("place").to_string(),
                till: form.get("till").to_string(),
                lines,
            };
            service::record_sale(tx, org, &d, by).await.map(|r| Some(r.total))
        }
        "price" => {
            let price = crate::money::positive_amount(form.get("price"), org.currency, mark)
                .map_err(|m| AppError::Invalid(vec![FieldError::new("price", m)]))?;
            service::set_price(
                tx,
                org,
                form.int("product").unwrap_or(0),
                form.get("kind"),
                price,
                form.get("valid_from"),
                by,
            )
            .await
            .map(|_| None)
        }
        _ => Err(AppError::NotFound),
    })
    .await?;
    let back = format!("/o/{}/sales?date={on}", org.slug);
    answer(
        &state,
        &page,
        &ctx,
        "sales-title",
        &session,
        r,
        |total| match total {
            Some(t) => (
                page.tr.ta("told-sale", &[("amount", money(&page, &ctx, *t).into())]),
                back.clone(),
            ),
            None => (page.tr.t("told-saved"), back.clone()),
        },
        async |tx, e| sheet_view(tx, &page, &ctx, &on, &form, e, None).await,
    )
    .await
}

/// `POST /o/{slug}/sales/prices`: a price list previewed line by line, or set when asked
/// and every line is right.
pub async fn price_list(
    State(state): State<AppState>,
    page: Page,
    ctx: OrgCtx,
    session: Session,
    CsrfForm(form): CsrfForm<Fields>,
) -> AppResult<Response> {
    ctx.require(Permission::Sell)?;
    let on = ctx.org.today();
    let text = form.get("csv");
    if form.get("step") == "import" {
        let r = submit(&state.db, async |tx| {
            service::import_price_list(tx, &ctx.org, text, ctx.person.id).await
        })
        .await?;
        if r.is_ok() {
            return answer(
                &state,
                &page,
                &ctx,
                "sales-title",
                &session,
                r,
                |n| {
                    (
                        page.tr.ta("told-prices", &[("count", (*n as i64).into())]),
                        format!("/o/{}/sales", ctx.org.slug),
                    )
                },
                async |tx, e| sheet_view(tx, &page, &ctx, &on, &form, e, None).await,
            )
            .await;
        }
    }
    let mut tx = state.db.begin().await?;
    let lines = service::read_price_list(&mut tx, &ctx.org, text).await?;
    let bad = lines.iter().any(|l| !l.problems.is_empty());
    let errors = if bad {
        vec![FieldError::new("csv", "import-has-errors")]
    } else {
        vec![]
    };
    let body = sheet_view(&mut tx, &page, &ctx, &on, &form, &errors, Some(&lines)).await?;
    let title = page.tr.t("sales-title");
    if bad {
        Ok(layout::refused(&page, &title, Some(&nav(&ctx)), body))
    } else {
        Ok(layout::page(&page, &title, Some(&nav(&ctx)), body).into_response())
    }
}

/// `GET /o/{slug}/sales/prices.csv`: the prices that hold today and those set for later,
/// in the form a price list is read back in.
pub async fn price_list_csv(State(state): State<AppState>, ctx: OrgCtx) -> AppResult<Response> {
    ctx.require(Permission::Sell)?;
    let today = ctx.org.today();
    let mut tx = state.db.begin().await?;
    let codes: std::collections::HashMap<i64, String> = crate::production::service::products(&mut tx, &ctx.org)
        .await?
        .into_iter()
        .map(|p| (p.id, p.code))
        .collect();
    let mut rows = vec![["code", "buyer_kind", "price", "valid_from"].map(String::from).to_vec()];
    let history = service::prices(&mut tx, &ctx.org).await?;
    // Newest first within each product and kind: those set for later, then the one that holds.
    for group in history.chunk_by(|a, b| (a.product_id, &a.buyer_kind) == (b.product_id, &b.buyer_kind)) {
        let Some(code) = codes.get(&group[0].product_id) else {
            continue;
        };
        let held = group
            .iter()
            .position(|p| p.valid_from <= today)
            .map_or(group.len(), |k| k + 1);
        for p in &group[..held] {
            rows.push(vec![
                code.clone(),
                p.buyer_kind.clone(),
                crate::money::Money::new(p.price, ctx.org.currency).to_plain(),
                p.valid_from.clone(),
            ]);
        }
    }
    crate::web::csv::download(rows, &format!("{}-prices", ctx.org.slug))
}
