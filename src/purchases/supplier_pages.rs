//! Pages of the suppliers: their articles with pack sizes and prices, the price list
//! pasted as CSV and checked line by line, and each article's price history.

use axum::extract::{Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use maud::{Markup, html};

use super::pages::{FormatQuery, plain};
use super::service;
use crate::auth::{OrgCtx, Permission};
use crate::db::Tx;
use crate::money::Money;
use crate::state::AppState;
use crate::web::form::{CsrfForm, Fields, submit};
use crate::web::layout::{self, errors_box, field, form_keys, icon, money, nav};
use crate::web::{AppError, AppResult, FieldError, Page};

async fn suppliers_view(
    tx: &mut Tx,
    page: &Page,
    ctx: &OrgCtx,
    form: &Fields,
    preview: Option<&[service::PriceLine]>,
    errors: &[FieldError],
) -> AppResult<Markup> {
    let tr = &page.tr;
    let suppliers = service::suppliers(tx, &ctx.org).await?;
    let articles = service::articles(tx, &ctx.org).await?;
    let history = service::price_histories(tx, &ctx.org).await?;
    let federations = crate::orgs::parents(tx, ctx.org.id).await?;
    let base = format!("/o/{}/purchases/suppliers", ctx.org.slug);
    let lead = ctx.can(Permission::RunRounds);
    let errs = |a: &str| if form.get("action") == a { errors } else { &[] };
    Ok(html! {
        h1 { (tr.t("suppliers-title")) }
        p.meta { a href=(format!("{base}?format=csv")) { "CSV" } }
        @for s in &suppliers {
            section.card {
                h2 { (s.name) }
                @if let Some(o) = &s.supplier_org { p.meta { span.tag { (icon("network")) (o) } } }
                @if !s.contact.is_empty() { p { (s.contact) } }
                @if !s.terms.is_empty() { p.meta { (s.terms) } }
                @if s.min_order > 0 { p.meta { (tr.t("supplier-min-order")) ": " (money(page, ctx, s.min_order)) } }
                div.scroll {
                    table.tb {
                        thead { tr { th { (tr.t("article")) } th.num { (tr.t("article-pack")) } th.num { (tr.t("article-pack-price")) } th.num { (tr.t("article-retail")) } } }
                        tbody {
                            @for a in articles.iter().filter(|a| a.supplier_id == s.id) {
                                @let prices: Vec<&(i64, i64, i64, String)> = history.iter().filter(|h| h.0 == a.id).collect();
                                tr {
                                    td {
                                        (a.name) " " span.meta { (a.code) " · " (a.category) }
                                        @if prices.len() > 1 {
                                            details { summary { (tr.t("price-history")) }
                                                ul { @for (_, pack, retail, from) in &prices { li { (tr.fmt().date(from)) ": " (money(page, ctx, *pack)) " · " (money(page, ctx, *retail)) } } } }
                                        }
                                    }
                                    td.num { (a.pack_size) " " (tr.t(&format!("unit-{}", a.unit))) }
                                    td.num { (money(page, ctx, a.pack_price)) }
                                    td.num { (money(page, ctx, a.retail_price)) }
                                }
                            }
                        }
                    }
                }
            }
        }
        @if lead {
            form.card method="post" action=(base) {
                h2 { (icon("add")) (tr.t("supplier-new")) }
                (errors_box(page, errs("supplier")))
                (form_keys(page))
                input type="hidden" name="action" value="supplier";
                (field(tr, "name", "supplier-name", "text", form.get("name"), errs("supplier")))
                (field(tr, "contact", "supplier-contact", "text", form.get("contact"), errs("supplier")))
                (field(tr, "terms", "supplier-terms", "text", form.get("terms"), errs("supplier")))
                (field(tr, "min_order", "supplier-min-order", "number", form.get("min_order"), errs("supplier")))
                @if !federations.is_empty() {
                    label for="supplier_org" { (tr.t("supplier-org")) }
                    select id="supplier_org" name="supplier_org" {
                        option value="" { "–" }
                        @for o in &federations { option value=(o.slug) { (o.name) } }
                    }
                }
                button type="submit" { (tr.t("save")) }
            }
            @if !suppliers.is_empty() {
                form.card method="post" action=(format!("{base}/prices")) {
                    h2 { (tr.t("price-list-import")) }
                    p.meta { (tr.t("price-list-help")) }
                    pre { "code,name,unit,pack_size,pack_price,retail_price,category,min_packs\nTHR-RED,Red thread,reel,12,250.00,30.00,thread,1" }
                    (errors_box(page, errs("prices")))
                    @if let Some(lines) = preview {
                        div.scroll {
                            table.tb {
                                thead { tr { th { (tr.t("import-line")) } th { (tr.t("article")) } th.num { (tr.t("article-pack-price")) } th { (tr.t("import-problems")) } } }
                                tbody {
                                    @for l in lines {
                                        tr class=[(!l.problems.is_empty()).then_some("bad")] {
                                            td { (l.line) } td { (l.article.code) " " (l.article.name) }
                                            td.num {
                                                @if let Some(b) = l.before { @if b != l.article.pack_price { (money(page, ctx, b)) " → " } }
                                                @else { span.tag { (tr.t("price-new")) } " " }
                                                (money(page, ctx, l.article.pack_price.max(0)))
                                            }
                                            (crate::web::layout::import_problems(tr, &l.problems))
                                        }
                                    }
                                }
                            }
                        }
                    }
                    (form_keys(page))
                    input type="hidden" name="action" value="prices";
                    label for="supplier_id" { (tr.t("supplier")) }
                    select id="supplier_id" name="supplier_id" { @for s in &suppliers { option value=(s.id) selected[form.get("supplier_id") == s.id.to_string()] { (s.name) } } }
                    label for="csv" { (tr.t("import-csv")) }
                    textarea id="csv" name="csv" rows="6" { (form.get("csv")) }
                    button.secondary type="submit" name="step" value="preview" { (tr.t("import-preview")) }
                    @if preview.is_some_and(|p| p.iter().all(|l| l.problems.is_empty())) {
                        " " button type="submit" name="step" value="import" { (tr.t("import-confirm")) }
                    }
                }
            }
        }
    })
}

pub async fn suppliers(
    State(state): State<AppState>,
    page: Page,
    ctx: OrgCtx,
    Query(q): Query<FormatQuery>,
) -> AppResult<Response> {
    ctx.require(Permission::ViewDashboard)?;
    let mut tx = state.db.begin().await?;
    if q.format.as_deref() == Some("csv") {
        let suppliers = service::suppliers(&mut tx, &ctx.org).await?;
        let mut rows = vec![
            [
                "supplier",
                "code",
                "name",
                "unit",
                "pack_size",
                "pack_price",
                "retail_price",
                "category",
                "min_packs",
            ]
            .map(String::from)
            .to_vec(),
        ];
        for a in service::articles(&mut tx, &ctx.org).await? {
            let s = suppliers
                .iter()
                .find(|s| s.id == a.supplier_id)
                .map(|s| s.name.clone())
                .unwrap_or_default();
            rows.push(vec![
                s,
                a.code,
                a.name,
                a.unit,
                a.pack_size.to_string(),
                plain(a.pack_price, &ctx),
                plain(a.retail_price, &ctx),
                a.category,
                a.min_packs.to_string(),
            ]);
        }
        return crate::web::csv::download(rows, &format!("{}-articles", ctx.org.slug));
    }
    let body = suppliers_view(&mut tx, &page, &ctx, &Fields::default(), None, &[]).await?;
    Ok(layout::page(&page, &page.tr.t("suppliers-title"), Some(&nav(&ctx)), body).into_response())
}

pub async fn create_supplier(
    State(state): State<AppState>,
    page: Page,
    ctx: OrgCtx,
    CsrfForm(form): CsrfForm<Fields>,
) -> AppResult<Response> {
    ctx.require(Permission::RunRounds)?;
    let r = submit(&state.db, async |tx| {
        let id = service::create_supplier(
            tx,
            &ctx.org,
            form.get("name"),
            form.get("contact"),
            form.get("terms"),
            Some(form.get("supplier_org")),
        )
        .await?;
        let min_order = match form.get("min_order").trim() {
            "" => 0,
            v => Money::parse(v, ctx.org.currency, page.tr.fmt().decimal_mark())
                .map(|m| m.minor)
                .map_err(|_| AppError::Invalid(vec![FieldError::new("min_order", "amount-invalid")]))?,
        };
        service::set_min_order(tx, &ctx.org, id, min_order).await
    })
    .await?;
    match r {
        Ok(_) => Ok(Redirect::to(&format!("/o/{}/purchases/suppliers", ctx.org.slug)).into_response()),
        Err(errors) => {
            let mut tx = state.db.begin().await?;
            let body = suppliers_view(&mut tx, &page, &ctx, &form, None, &errors).await?;
            Ok(layout::refused(
                &page,
                &page.tr.t("suppliers-title"),
                Some(&nav(&ctx)),
                body,
            ))
        }
    }
}

/// Previews a price list, or imports it when asked and every line is right.
pub async fn prices(
    State(state): State<AppState>,
    page: Page,
    ctx: OrgCtx,
    CsrfForm(form): CsrfForm<Fields>,
) -> AppResult<Response> {
    ctx.require(Permission::RunRounds)?;
    let supplier = form.int("supplier_id").unwrap_or(0);
    let text = form.get("csv");
    if form.get("step") == "import" {
        let r = submit(&state.db, async |tx| {
            service::import_price_list(tx, &ctx.org, supplier, text, &ctx.org.today()).await
        })
        .await?;
        if r.is_ok() {
            return Ok(Redirect::to(&format!("/o/{}/purchases/suppliers", ctx.org.slug)).into_response());
        }
    }
    let mut tx = state.db.begin().await?;
    let lines = match service::read_price_list(&mut tx, &ctx.org, supplier, text).await {
        Ok(l) => l,
        Err(AppError::Invalid(errors)) => {
            let body = suppliers_view(&mut tx, &page, &ctx, &form, None, &errors).await?;
            return Ok(layout::refused(
                &page,
                &page.tr.t("suppliers-title"),
                Some(&nav(&ctx)),
                body,
            ));
        }
        Err(e) => return Err(e),
    };
    let bad = lines.iter().any(|l| !l.problems.is_empty());
    let errors = if bad {
        vec![FieldError::new("csv", "import-has-errors")]
    } else {
        vec![]
    };
    let body = suppliers_view(&mut tx, &page, &ctx, &form, Some(&lines), &errors).await?;
    if bad {
        Ok(layout::refused(
            &page,
            &page.tr.t("suppliers-title"),
            Some(&nav(&ctx)),
            body,
        ))
    } else {
        Ok(layout::page(&page, &page.tr.t("suppliers-title"), Some(&nav(&ctx)), body).into_response())
    }
}
