//! Pages of the products: each with its bill of materials and its route, every
//! operation's rate against its fair rate, the rates' history; the legal minimum wages
//! the fair rates come from; and material bought outside a round into stock.

use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use maud::{Markup, html};
use tower_sessions::Session;

use super::pages::{parse_qty, qty, today_or};
use super::service::{self, ProductDraft};
use super::store::WageRow;
use crate::auth::{OrgCtx, Permission};
use crate::db::Tx;
use crate::ledger::Till;
use crate::money::positive_amount;
use crate::state::AppState;
use crate::web::form::{CsrfForm, Fields, submit};
use crate::web::layout::{self, errors_box, field, form_keys, icon, money, nav};
use crate::web::{AppError, AppResult, FieldError, Page};

fn bad(field: &'static str, message: &'static str) -> AppError {
    AppError::Invalid(vec![FieldError::new(field, message)])
}

async fn products_view(
    tx: &mut Tx,
    page: &Page,
    ctx: &OrgCtx,
    form: &Fields,
    errors: &[FieldError],
) -> AppResult<Markup> {
    let tr = &page.tr;
    let products = service::catalogue(tx, &ctx.org).await?;
    let wages = service::wages(tx, &ctx.org).await?;
    let articles = crate::purchases::service::articles(tx, &ctx.org).await?;
    let mut stock = vec![];
    for a in &articles {
        stock.push(crate::purchases::stock_on_hand(tx, &ctx.org, a.id).await?);
    }
    let action = format!("/o/{}/production/products", ctx.org.slug);
    let errs = |a: &str| if form.get("action") == a { errors } else { &[] };
    let unit = |u: &str| tr.t(&format!("unit-{u}"));
    Ok(html! {
        p.meta { a href=(format!("/o/{}/production", ctx.org.slug)) { (tr.t("production-title")) } }
        h1 { (tr.t("products-title")) }
        @if products.is_empty() { p.meta { (tr.t("products-none")) } }
        @for p in &products {
            section.card id=(format!("p{}", p.product.id)) {
                h2 { (thumb(ctx, &p.product)) (p.product.name) " " span.meta { (p.product.code) } }
                details open[!errs("photo").is_empty() && form.get("product") == p.product.id.to_string()] {
                    summary { (tr.t("photo-new")) }
                    form method="post" action=(format!("{action}/{}/photo", p.product.id)) enctype="multipart/form-data" {
                        (errors_box(page, if form.get("product") == p.product.id.to_string() { errs("photo") } else { &[] }))
                        input type="hidden" name="csrf" value=(page.csrf);
                        label for=(format!("photo{}", p.product.id)) { (tr.t("photo")) }
                        input id=(format!("photo{}", p.product.id)) type="file" name="photo" accept="image/*";
                        p.meta { (tr.t("photo-help")) }
                        button.secondary type="submit" { (tr.t("save")) }
                    }
                }
                p.meta { (tr.t("product-region")) ": " (p.product.region) " · " (tr.t("product-efficiency")) ": " (tr.fmt().percent_bp(p.product.efficiency_pct * 100)) }
                @if !p.materials.is_empty() {
                    h3 { (tr.t("bom-title")) }
                    ul { @for m in &p.materials { li { (m.article) ": " (qty(page, m.per_piece_milli)) " " (unit(&m.unit)) " · " (tr.t("bom-waste")) " " (tr.fmt().percent_bp(m.waste_bp)) } } }
                }
                @if !p.route.is_empty() {
                    h3 { (tr.t("route-title")) }
                    (rate_card(page, ctx, &p.route, true))
                }
            }
        }
        p.meta { (tr.t("rate-fair-help")) }
        details open[!errs("rate").is_empty()] {
            summary { (tr.t("rate-new")) }
            form.card method="post" action=(action) {
                (errors_box(page, errs("rate")))
                (form_keys(page))
                input type="hidden" name="action" value="rate";
                label for="operation" { (tr.t("operation")) }
                select #operation name="operation" { @for p in &products { @for c in &p.route { option value=(c.op.id) selected[form.get("operation") == c.op.id.to_string()] { (p.product.name) " · " (c.op.seq) ". " (c.op.name) } } } }
                (field(tr, "rate", "rate", "number", form.get("rate"), errs("rate")))
                (field(tr, "valid_from", "rate-from", "date", form.or("valid_from", &ctx.org.today()), errs("rate")))
                (field(tr, "reason", "rate-reason", "text", form.get("reason"), errs("rate")))
                p.meta { (tr.t("rate-reason-help")) }
                button type="submit" { (tr.t("save")) }
            }
        }
        details open[!errs("product").is_empty()] {
            summary { (tr.t("product-new")) }
            form.card method="post" action=(action) {
                (errors_box(page, errs("product")))
                (form_keys(page))
                input type="hidden" name="action" value="product";
                (field(tr, "code", "product-code", "text", form.get("code"), errs("product")))
                (field(tr, "name", "product-name", "text", form.get("name"), errs("product")))
                (field(tr, "region", "product-region", "text", form.or("region", wages.first().map_or("", |w| w.region.as_str())), errs("product")))
                (field(tr, "efficiency", "product-efficiency", "number", form.or("efficiency", "100"), errs("product")))
                button type="submit" { (tr.t("save")) }
            }
        }
        details open[!errs("operation").is_empty()] {
            summary { (tr.t("operation-new")) }
            form.card method="post" action=(action) {
                (errors_box(page, errs("operation")))
                (form_keys(page))
                input type="hidden" name="action" value="operation";
                label for="op_product" { (tr.t("product")) }
                select #op_product name="product" { @for p in &products { option value=(p.product.id) { (p.product.name) } } }
                (field(tr, "op_name", "operation-name", "text", form.get("op_name"), errs("operation")))
                (field(tr, "skill", "operation-skill", "text", form.get("skill"), errs("operation")))
                (field(tr, "sam", "operation-sam", "number", form.get("sam"), errs("operation")))
                button type="submit" { (tr.t("save")) }
            }
        }
        details open[!errs("material").is_empty()] {
            summary { (tr.t("bom-new")) }
            form.card method="post" action=(action) {
                (errors_box(page, errs("material")))
                (form_keys(page))
                input type="hidden" name="action" value="material";
                label for="m_product" { (tr.t("product")) }
                select #m_product name="product" { @for p in &products { option value=(p.product.id) { (p.product.name) } } }
                label for="article" { (tr.t("article")) }
                select #article name="article" { @for a in &articles { option value=(a.id) { (a.name) " (" (unit(&a.unit)) ")" } } }
                (field(tr, "per_piece", "bom-per-piece-label", "number", form.get("per_piece"), errs("material")))
                (field(tr, "waste", "bom-waste", "number", form.get("waste"), errs("material")))
                button type="submit" { (tr.t("save")) }
            }
        }
        section.card {
            h2 { (tr.t("wages-title")) }
            @if wages.is_empty() { p.meta { (tr.t("wages-none")) } }
            @else {
                div.scroll { table.tb {
                    thead { tr { th { (tr.t("wage-region")) } th { (tr.t("wage-skill")) } th.num { (tr.t("wage-per-day")) } th.num { (tr.t("wage-hours")) } th { (tr.t("wage-from")) } } }
                    tbody { @for w in &wages { tr { td { (w.region) } td { (w.skill) } td.num { (money(page, ctx, w.per_day)) } td.num { (tr.fmt().fixed(w.minutes_per_day * 100 / 60, 2)) } td { (tr.fmt().date(&w.valid_from)) } } } }
                } }
            }
            details open[!errs("wage").is_empty()] {
                summary { (tr.t("wage-new")) }
                form method="post" action=(action) {
                    (errors_box(page, errs("wage")))
                    (form_keys(page))
                    input type="hidden" name="action" value="wage";
                    (field(tr, "region", "wage-region", "text", form.get("region"), errs("wage")))
                    (field(tr, "skill", "wage-skill", "text", form.get("skill"), errs("wage")))
                    (field(tr, "per_day", "wage-per-day", "number", form.get("per_day"), errs("wage")))
                    (field(tr, "hours_per_day", "wage-hours", "number", form.or("hours_per_day", "8"), errs("wage")))
                    (field(tr, "valid_from", "wage-from", "date", form.get("valid_from"), errs("wage")))
                    button type="submit" { (tr.t("save")) }
                }
            }
        }
        section.card {
            h2 { (tr.t("stock-title")) }
            @if !articles.is_empty() {
                div.scroll { table.tb {
                    thead { tr { th { (tr.t("article")) } th.num { (tr.t("stock-on-hand")) } } }
                    tbody { @for (a, s) in articles.iter().zip(&stock) { tr { td { (a.name) } td.num { (qty(page, *s)) " " (unit(&a.unit)) } } } }
                } }
            }
            details open[!errs("stock").is_empty()] {
                summary { (icon("add")) (tr.t("stock-in")) }
                form method="post" action=(action) {
                    (errors_box(page, errs("stock")))
                    (form_keys(page))
                    input type="hidden" name="action" value="stock";
                    label for="s_article" { (tr.t("article")) }
                    select #s_article name="article" { @for a in &articles { option value=(a.id) { (a.name) " (" (unit(&a.unit)) ")" } } }
                    (field(tr, "quantity", "stock-quantity", "number", form.get("quantity"), errs("stock")))
                    (field(tr, "value", "stock-value", "number", form.get("value"), errs("stock")))
                    label for="till" { (tr.t("till")) }
                    select #till name="till" { @for t in Till::ALL { option value=(t.as_str()) { (tr.t(t.label())) } } }
                    button type="submit" { (tr.t("save")) }
                }
            }
        }
    })
}

pub async fn products(State(state): State<AppState>, page: Page, ctx: OrgCtx) -> AppResult<Response> {
    ctx.require(Permission::RunProduction)?;
    let mut tx = state.db.begin().await?;
    let body = products_view(&mut tx, &page, &ctx, &Fields::default(), &[]).await?;
    Ok(layout::page(&page, &page.tr.t("products-title"), Some(&nav(&ctx)), body).into_response())
}

pub async fn products_act(
    State(state): State<AppState>,
    page: Page,
    ctx: OrgCtx,
    session: Session,
    CsrfForm(form): CsrfForm<Fields>,
) -> AppResult<Response> {
    ctx.require(Permission::RunProduction)?;
    let org = &ctx.org;
    let by = ctx.person.id;
    let mark = page.tr.fmt().decimal_mark();
    let amount = |field: &'static str| positive_amount(form.get(field), org.currency, mark).map_err(|m| bad(field, m));
    let r = submit(&state.db, async |tx| match form.get("action") {
        "product" => {
            let d = ProductDraft {
                code: form.get("code").to_string(),
                name: form.get("name").to_string(),
                region: form.get("region").to_string(),
                efficiency_pct: form
                    .get("efficiency")
                    .trim()
                    .parse()
                    .map_err(|_| bad("efficiency", "product-efficiency-invalid"))?,
            };
            service::create_product(tx, org, &d).await.map(|_| ())
        }
        "operation" => {
            let sam =
                crate::money::parse_fixed(form.get("sam"), 2, mark).map_err(|_| bad("sam", "operation-sam-invalid"))?;
            service::add_operation(
                tx,
                org,
                form.int("product").unwrap_or(0),
                form.get("op_name"),
                form.get("skill"),
                sam,
            )
            .await
            .map(|_| ())
        }
        "material" => {
            let per_piece = parse_qty(&page, "per_piece", form.get("per_piece"))?;
            let waste = crate::money::parse_percent(form.get("waste").trim(), mark)
                .or_else(|| form.get("waste").trim().is_empty().then_some(0))
                .ok_or_else(|| bad("waste", "bylaws-rate-invalid"))?;
            service::put_material(
                tx,
                org,
                form.int("product").unwrap_or(0),
                form.int("article").unwrap_or(0),
                per_piece,
                waste,
            )
            .await
        }
        "rate" => {
            let rate = amount("rate")?;
            service::set_rate(
                tx,
                org,
                form.int("operation").unwrap_or(0),
                rate,
                form.get("reason"),
                form.get("valid_from"),
                by,
            )
            .await
            .map(|_| ())
        }
        "wage" => {
            let hours = crate::money::parse_fixed(form.get("hours_per_day"), 2, mark)
                .map_err(|_| bad("hours_per_day", "wage-hours-invalid"))?;
            let w = WageRow {
                id: 0,
                region: form.get("region").to_string(),
                skill: form.get("skill").to_string(),
                per_day: amount("per_day")?,
                minutes_per_day: hours * 60 / 100,
                valid_from: form.get("valid_from").to_string(),
            };
            service::add_wage(tx, org, &w, by).await.map(|_| ())
        }
        "stock" => {
            let q = parse_qty(&page, "quantity", form.get("quantity"))?;
            let value = amount("value")?;
            let till = Till::parse(form.get("till")).unwrap_or(Till::Cash);
            crate::purchases::stock_in(
                tx,
                org,
                form.int("article").unwrap_or(0),
                q,
                value,
                till,
                &today_or(&form, "date", &ctx),
                by,
            )
            .await
            .map(|_| ())
        }
        _ => Err(AppError::NotFound),
    })
    .await?;
    crate::web::form::answer(
        &state,
        &page,
        &ctx,
        "products-title",
        &session,
        r,
        |_| (page.tr.t("told-saved"), format!("/o/{}/production/products", org.slug)),
        async |tx, e| products_view(tx, &page, &ctx, &form, e).await,
    )
    .await
}

/// `POST /o/{slug}/production/products/{id}/photo`: the product's photo, made small.
pub async fn upload_photo(
    State(state): State<AppState>,
    page: Page,
    ctx: OrgCtx,
    session: Session,
    headers: axum::http::HeaderMap,
    Path((_slug, id)): Path<(String, i64)>,
    mut form: axum::extract::Multipart,
) -> AppResult<Response> {
    ctx.require(Permission::RunProduction)?;
    let (mut csrf, mut photo) = (None, Vec::new());
    while let Some(field) = form.next_field().await.map_err(|_| AppError::BadRequest("error-400"))? {
        let name = field.name().unwrap_or("").to_string();
        let bytes = field.bytes().await.map_err(|_| AppError::PayloadTooLarge)?;
        match name.as_str() {
            "csrf" => csrf = Some(String::from_utf8(bytes.to_vec()).unwrap_or_default()),
            "photo" => photo = bytes.to_vec(),
            _ => {}
        }
    }
    crate::web::form::check_csrf(&session, &headers, csrf.as_deref()).await?;
    // Made small before the write begins; what could not be read is answered like any refusal.
    let small = match service::small_photo(photo).await {
        Ok(v) => Ok(v),
        Err(AppError::Invalid(e)) => Err(e),
        Err(e) => return Err(e),
    };
    let r = submit(&state.db, async |tx| {
        let small = small.clone().map_err(AppError::Invalid)?;
        service::set_photo(tx, &ctx.org, id, &small).await
    })
    .await?;
    let fields = Fields::from_pairs([
        ("action".to_string(), "photo".to_string()),
        ("product".to_string(), id.to_string()),
    ]);
    crate::web::form::answer(
        &state,
        &page,
        &ctx,
        "products-title",
        &session,
        r,
        |_| {
            (
                page.tr.t("told-saved"),
                format!("/o/{}/production/products#p{id}", ctx.org.slug),
            )
        },
        async |tx, e| products_view(tx, &page, &ctx, &fields, e).await,
    )
    .await
}

/// `GET /o/{slug}/production/products/{id}/photo`: the small JPEG.
pub async fn photo(
    State(state): State<AppState>,
    ctx: OrgCtx,
    Path((_slug, id)): Path<(String, i64)>,
) -> AppResult<Response> {
    ctx.require(Permission::ViewDashboard)?;
    let mut tx = state.db.begin().await?;
    let bytes = service::photo(&mut tx, &ctx.org, id).await?;
    drop(tx);
    Ok(crate::web::jpeg(bytes, "private, max-age=3600"))
}

/// A product's route as a rate card: each operation with its standard minutes, its rate
/// (flagged when below the fair rate) and its fair rate; with `history`, the skill and the
/// rate's history with its reasons, for the coordinator. Three columns fit a 360-px phone.
pub fn rate_card(page: &Page, ctx: &OrgCtx, route: &[service::RateCard], history: bool) -> Markup {
    let tr = &page.tr;
    html! {
        div.scroll { table.tb.rates {
            thead { tr { th { (tr.t("operation")) } th.num { (tr.t("rate")) } th.num { (tr.t("rate-fair")) } } }
            tbody { @for c in route {
                tr class=[c.below_fair().then_some("bad")] {
                    td {
                        (c.op.seq) ". " (c.op.name)
                        br;
                        span.meta {
                            @if history { (c.op.skill) " · " }
                            (tr.ta("operation-minutes", &[("minutes", tr.fmt().fixed(c.op.sam_centi, 2).into())]))
                        }
                    }
                    td.num {
                        @match &c.rate { Some(r) => { (money(page, ctx, r.rate)) }, None => { "–" } }
                        @if c.below_fair() { br; span.tag.bad { (tr.t("rate-below-fair")) } }
                        @if history && (c.history.len() > 1 || c.history.iter().any(|r| !r.reason.is_empty())) {
                            details { summary { (tr.t("rate-history")) }
                                ul { @for r in &c.history { li { (tr.fmt().date(&r.valid_from)) ": " (money(page, ctx, r.rate)) @if !r.reason.is_empty() { " · " (r.reason) } } } } }
                        }
                    }
                    td.num { @match c.fair { Some(f) => { (money(page, ctx, f)) }, None => { span.meta { (tr.t("rate-no-wage")) } } } }
                }
            } }
        } }
    }
}

/// A product's photo beside its name, loaded only when scrolled to.
pub fn thumb(ctx: &OrgCtx, p: &super::store::ProductRow) -> Markup {
    html! {
        @if p.has_photo {
            img.thumb src=(format!("/o/{}/production/products/{}/photo", ctx.org.slug, p.id)) alt="" loading="lazy" width="96" height="96";
        }
    }
}
