//! Pages of the loan fund: portfolio, products, applications, a loan and its actions.

use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use maud::{Markup, html};
use serde::Deserialize;

use super::model::{Frequency, Method};
use super::service::{self, ProductDraft};
use super::store;
use crate::auth::{OrgCtx, Permission};
use crate::ledger::Till;
use crate::money::Money;
use crate::state::AppState;
use crate::web::form::CsrfForm;
use crate::web::layout::{self, field, form_keys, icon};
use crate::web::layout::{money, nav};
use crate::web::{AppError, AppResult, FieldError, Page};

pub fn status_label(s: &str) -> String {
    format!("loan-status-{}", s.replace('_', "-"))
}

fn may_see(ctx: &OrgCtx) -> AppResult<()> {
    if ctx.can(Permission::ViewBooks) {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
}

async fn portfolio_view(state: &AppState, page: &Page, ctx: &OrgCtx, errors: &[FieldError]) -> AppResult<Markup> {
    let tr = &page.tr;
    let mut tx = state.db.begin().await?;
    let (loans, par) = service::portfolio(&mut tx, &ctx.org, &ctx.org.today()).await?;
    let products = store::products(&mut tx, ctx.org.id).await?;
    drop(tx);
    let base = format!("/o/{}/loans", ctx.org.slug);
    let outstanding: i64 = loans.iter().map(|p| p.outstanding_principal).sum();
    let err = |name: &str| errors.iter().find(|e| e.field == name).map(|e| tr.t(e.message));
    Ok(html! {
        h1 { (icon("loan")) (tr.t("loans-title")) }
        @if !errors.is_empty() { p.errors role="alert" { @for e in errors { (tr.t(e.message)) " " } } }
        div.grid {
            div.stat { b { (money(page, ctx, outstanding)) } span { (tr.t("loans-outstanding")) } }
            div.stat { b { (tr.fmt().percent_bp(par)) } span { (tr.t("loans-par30")) } }
        }
        @if loans.is_empty() { p { (tr.t("loans-none")) } }
        ul.list {
            @for p in &loans {
                li {
                    a href=(format!("{base}/{}", p.loan.id)) { "#" (p.loan.id) " " (p.member) }
                    div.meta {
                        (p.product) " · " (money(page, ctx, p.loan.principal)) " · " span.tag { (tr.t(&status_label(&p.loan.status))) }
                        @if p.outstanding_principal > 0 { " · " (tr.t("loans-outstanding")) " " (money(page, ctx, p.outstanding_principal)) }
                        @if p.days_overdue > 0 { " · " strong.err { (tr.ta("loans-days-late", &[("days", p.days_overdue.into())])) } }
                    }
                }
            }
        }
        @if ctx.can(Permission::KeepBooks) || ctx.can(Permission::Approve) {
            @if !products.is_empty() {
                form.card method="post" action=(base) {
                    h2 { (tr.t("loan-apply")) }
                    (form_keys(page))
                    (field(tr, "member_number", "cashbook-member", "number", "", errors))
                    label for="product" { (tr.t("loan-product")) }
                    select id="product" name="product" { @for p in &products { option value=(p.id) { (p.name) } } }
                    @if let Some(e) = err("product") { p.err { (e) } }
                    (field(tr, "principal", "loan-principal", "number", "", errors))
                    (field(tr, "purpose", "loan-purpose", "text", "", errors))
                    button type="submit" { (tr.t("loan-apply")) }
                }
            }
        }
        @if ctx.can(Permission::KeepBooks) {
            form.card method="post" action=(format!("{base}/products")) {
                h2 { (tr.t("loan-product-new")) }
                (form_keys(page))
                (field(tr, "name", "loan-product-name", "text", "", errors))
                label for="method" { (tr.t("loan-method")) }
                select id="method" name="method" { @for m in Method::ALL { option value=(m.as_str()) { (tr.t(m.label())) } } }
                (field(tr, "rate", "loan-rate", "number", "12", errors))
                (field(tr, "instalments", "loan-instalments", "number", "12", errors))
                label for="frequency" { (tr.t("loan-frequency")) }
                select id="frequency" name="frequency" { @for f in [Frequency::Monthly, Frequency::Weekly] { option value=(f.as_str()) { (tr.t(f.label())) } } }
                (field(tr, "multiple", "loan-multiple", "number", "3", errors))
                label { input type="checkbox" name="two_approvals"; (tr.t("loan-two-approvals")) }
                button type="submit" { (tr.t("create")) }
            }
            @if !products.is_empty() {
                h2 { (tr.t("loan-products")) }
                ul.list { @for p in &products {
                    li { (p.name) div.meta {
                        (tr.t(Method::parse(&p.method).unwrap_or(Method::Flat).label())) " · "
                        (tr.fmt().int(p.annual_rate_bp / 100)) " % · " (tr.fmt().int(p.instalments)) " × " (tr.t(Frequency::parse(&p.frequency).unwrap_or(Frequency::Monthly).label()))
                    } }
                } }
            }
        }
    })
}

pub async fn portfolio(State(state): State<AppState>, page: Page, ctx: OrgCtx) -> AppResult<Markup> {
    may_see(&ctx)?;
    let body = portfolio_view(&state, &page, &ctx, &[]).await?;
    Ok(layout::page(&page, &page.tr.t("loans-title"), Some(&nav(&ctx)), body))
}

async fn invalid_portfolio(
    state: &AppState,
    page: &Page,
    ctx: &OrgCtx,
    errors: Vec<FieldError>,
) -> AppResult<Response> {
    let body = portfolio_view(state, page, ctx, &errors).await?;
    Ok(layout::refused(page, &page.tr.t("loans-title"), Some(&nav(ctx)), body))
}

#[derive(Deserialize, Default)]
pub struct ProductForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    method: String,
    #[serde(default)]
    rate: String,
    #[serde(default)]
    instalments: String,
    #[serde(default)]
    frequency: String,
    #[serde(default)]
    multiple: String,
    two_approvals: Option<String>,
}

pub async fn create_product(
    State(state): State<AppState>,
    page: Page,
    ctx: OrgCtx,
    CsrfForm(f): CsrfForm<ProductForm>,
) -> AppResult<Response> {
    ctx.require(Permission::KeepBooks)?;
    let mark = page.tr.fmt().decimal_mark();
    let draft = ProductDraft {
        name: f.name,
        method: f.method,
        annual_rate_bp: crate::money::parse_percent(&f.rate, mark).unwrap_or(-1),
        instalments: f.instalments.trim().parse().unwrap_or(0),
        frequency: f.frequency,
        max_savings_multiple: crate::money::parse_percent(&f.multiple, mark).unwrap_or(-1),
        two_approvals: f.two_approvals.is_some(),
    };
    let mut tx = state.db.begin_write().await?;
    match service::create_product(&mut tx, &ctx.org, &draft).await {
        Ok(_) => {
            tx.commit().await?;
            Ok(Redirect::to(&format!("/o/{}/loans", ctx.org.slug)).into_response())
        }
        Err(AppError::Invalid(errors)) => {
            drop(tx);
            invalid_portfolio(&state, &page, &ctx, errors).await
        }
        Err(e) => Err(e),
    }
}

#[derive(Deserialize, Default)]
pub struct ApplyForm {
    #[serde(default)]
    member_number: String,
    #[serde(default)]
    product: String,
    #[serde(default)]
    principal: String,
    #[serde(default)]
    purpose: String,
}

pub async fn apply(
    State(state): State<AppState>,
    page: Page,
    ctx: OrgCtx,
    CsrfForm(f): CsrfForm<ApplyForm>,
) -> AppResult<Response> {
    if !(ctx.can(Permission::KeepBooks) || ctx.can(Permission::Approve)) {
        return Err(AppError::Forbidden);
    }
    let mut tx = state.db.begin_write().await?;
    let member = crate::members::by_number(&mut tx, ctx.org.id, &f.member_number).await?;
    let principal = Money::parse(&f.principal, ctx.org.currency, page.tr.fmt().decimal_mark());
    let result = match (member, principal) {
        (None, _) => Err(AppError::Invalid(vec![FieldError::new(
            "member_number",
            "cashbook-member-unknown",
        )])),
        (_, Err(_)) => Err(AppError::Invalid(vec![FieldError::new("principal", "amount-invalid")])),
        (Some(m), Ok(p)) => {
            service::apply(
                &mut tx,
                &ctx.org,
                m.id,
                f.product.trim().parse().unwrap_or(0),
                p.minor,
                &f.purpose,
                &ctx.org.today(),
            )
            .await
        }
    };
    match result {
        Ok(id) => {
            tx.commit().await?;
            Ok(Redirect::to(&format!("/o/{}/loans/{id}", ctx.org.slug)).into_response())
        }
        Err(AppError::Invalid(errors)) => {
            drop(tx);
            invalid_portfolio(&state, &page, &ctx, errors).await
        }
        Err(e) => Err(e),
    }
}

pub async fn loan(
    State(state): State<AppState>,
    page: Page,
    ctx: OrgCtx,
    Path((_slug, id)): Path<(String, i64)>,
) -> AppResult<Markup> {
    may_see(&ctx)?;
    let body = loan_view(&state, &page, &ctx, id, &[]).await?;
    Ok(layout::page(&page, &page.tr.t("loans-title"), Some(&nav(&ctx)), body))
}

async fn loan_view(state: &AppState, page: &Page, ctx: &OrgCtx, id: i64, errors: &[FieldError]) -> AppResult<Markup> {
    let tr = &page.tr;
    let mut tx = state.db.begin().await?;
    let loan = store::loan(&mut tx, ctx.org.id, id).await?.ok_or(AppError::NotFound)?;
    let product = store::product(&mut tx, ctx.org.id, loan.product_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let rows = store::instalments(&mut tx, ctx.org.id, id).await?;
    let member = crate::members::by_id(&mut tx, ctx.org.id, loan.member_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let reschedules = service::reschedules(&mut tx, &ctx.org, id).await?;
    drop(tx);
    let schedule: Vec<(i64, String, i64, i64, i64)> = if rows.is_empty() {
        let start = time::OffsetDateTime::now_utc().date();
        service::preview(&loan, &product, start)
            .into_iter()
            .map(|d| {
                (
                    d.n,
                    format!(
                        "{:04}-{:02}-{:02}",
                        d.due_on.year(),
                        u8::from(d.due_on.month()),
                        d.due_on.day()
                    ),
                    d.principal,
                    d.interest,
                    0,
                )
            })
            .collect()
    } else {
        rows.iter()
            .map(|r| {
                (
                    r.n,
                    r.due_on.clone(),
                    r.principal,
                    r.interest,
                    r.paid_principal + r.paid_interest,
                )
            })
            .collect()
    };
    let action = |what: &str| format!("/o/{}/loans/{id}/{what}", ctx.org.slug);
    let till_select = crate::ledger::pages::till_field(tr, "", errors);
    Ok(html! {
        h1 { (icon("loan")) (tr.t("loan-title")) " #" (loan.id) }
        @if !errors.is_empty() { p.errors role="alert" { @for e in errors { (tr.t(e.message)) " " } } }
        section.card {
            dl {
                dt { (tr.t("member-name")) } dd { a href=(format!("/o/{}/members/{}/passbook", ctx.org.slug, member.id)) { (member.name) } " (" (member.member_number) ")" }
                dt { (tr.t("loan-product")) } dd { (product.name) }
                dt { (tr.t("loan-principal")) } dd { (money(page, ctx, loan.principal)) }
                dt { (tr.t("loan-purpose")) } dd { (loan.purpose) }
                dt { (tr.t("member-status")) } dd { span.tag { (tr.t(&status_label(&loan.status))) } }
            }
        }
        h2 { @if rows.is_empty() { (tr.t("loan-schedule-preview")) } @else { (tr.t("loan-schedule")) } }
        table.tb {
            thead { tr { th { "#" } th { (tr.t("loan-due")) } th.num { (tr.t("loan-principal")) } th.num { (tr.t("loan-interest")) } th.num { (tr.t("loan-paid")) } } }
            tbody {
                @for (n, due, principal, interest, paid) in &schedule {
                    tr { td { (n) } td { (tr.fmt().date(due)) } td.num { (money(page, ctx, *principal)) } td.num { (money(page, ctx, *interest)) } td.num { (money(page, ctx, *paid)) } }
                }
            }
        }
        @if loan.status == "applied" && ctx.can(Permission::Approve) {
            form.inline method="post" action=(action("approve")) { (form_keys(page)) button type="submit" { (tr.t("loan-approve")) } }
            " "
            form.inline method="post" action=(action("reject")) { (form_keys(page)) button.secondary type="submit" { (tr.t("loan-reject")) } }
            @if product.two_approvals { p.meta { (tr.t("loan-two-approvals")) } }
        }
        @if loan.status == "approved" && ctx.can(Permission::KeepBooks) {
            form.card method="post" action=(action("disburse")) {
                (form_keys(page))
                (field(tr, "date", "entry-date", "date", &ctx.org.today(), errors))
                (till_select)
                button type="submit" { (tr.t("loan-disburse")) }
            }
        }
        @if loan.status == "disbursed" && ctx.can(Permission::KeepBooks) {
            form.card method="post" action=(action("repay")) {
                h2 { (tr.t("loan-repay")) }
                (form_keys(page))
                (field(tr, "amount", "cashbook-amount", "number", "", errors))
                (field(tr, "date", "entry-date", "date", &ctx.org.today(), errors))
                (till_select)
                button type="submit" { (tr.t("loan-repay")) }
            }
        }
        @for r in &reschedules {
            p.meta { (tr.ta("loan-rescheduled", &[("date", tr.fmt().date(&r.on_date).into()), ("count", r.instalments.into()), ("amount", money(page, ctx, r.outstanding).into())])) " · " (r.reason) }
        }
        @if loan.status == "disbursed" && ctx.can(Permission::Approve) {
            form.card method="post" action=(action("reschedule")) {
                h2 { (tr.t("loan-reschedule")) }
                (form_keys(page))
                p.meta { (tr.t("loan-reschedule-help")) }
                (field(tr, "instalments", "loan-instalments", "number", "", errors))
                (field(tr, "first_due", "loan-first-due", "date", "", errors))
                (field(tr, "reason", "loan-reschedule-why", "text", "", errors))
                button.secondary type="submit" { (tr.t("loan-reschedule")) }
            }
        }
        @if loan.status == "disbursed" && ctx.can(Permission::KeepBooks) {
            form method="post" action=(action("write-off")) {
                (form_keys(page))
                p.meta { (tr.t("loan-write-off-help")) }
                button.secondary type="submit" { (tr.t("loan-write-off")) }
            }
        }
    })
}

#[derive(Deserialize, Default)]
pub struct ActionForm {
    #[serde(default)]
    amount: String,
    #[serde(default)]
    date: String,
    #[serde(default)]
    till: String,
    #[serde(default)]
    instalments: String,
    #[serde(default)]
    first_due: String,
    #[serde(default)]
    reason: String,
}

/// approve, reject, disburse, repay, reschedule, write-off.
pub async fn act(
    State(state): State<AppState>,
    page: Page,
    ctx: OrgCtx,
    Path((_slug, id, what)): Path<(String, i64, String)>,
    CsrfForm(f): CsrfForm<ActionForm>,
) -> AppResult<Response> {
    let date = if f.date.trim().is_empty() {
        ctx.org.today()
    } else {
        f.date.trim().to_string()
    };
    let till = Till::parse(&f.till).unwrap_or(Till::Cash);
    let mut tx = state.db.begin_write().await?;
    let result = match what.as_str() {
        "approve" => {
            ctx.require(Permission::Approve)?;
            service::approve(&mut tx, &ctx.org, id, ctx.person.id, &ctx.org.today()).await
        }
        "reject" => {
            ctx.require(Permission::Approve)?;
            service::reject(&mut tx, &ctx.org, id).await
        }
        "disburse" => {
            ctx.require(Permission::KeepBooks)?;
            service::disburse(&mut tx, &ctx.org, id, &date, till, ctx.person.id)
                .await
                .map(|_| ())
        }
        "repay" => {
            ctx.require(Permission::KeepBooks)?;
            match crate::money::positive_amount(&f.amount, ctx.org.currency, page.tr.fmt().decimal_mark()) {
                Ok(amount) => service::repay(&mut tx, &ctx.org, id, amount, &date, till, ctx.person.id)
                    .await
                    .map(|_| ()),
                Err(m) => Err(AppError::Invalid(vec![FieldError::new("amount", m)])),
            }
        }
        "reschedule" => {
            ctx.require(Permission::Approve)?;
            let draft = service::RescheduleDraft {
                instalments: f.instalments.trim().parse().unwrap_or(0),
                first_due: f.first_due.clone(),
                reason: f.reason.clone(),
            };
            service::reschedule(&mut tx, &ctx.org, id, &draft, &ctx.org.today(), ctx.person.id).await
        }
        "write-off" => {
            ctx.require(Permission::KeepBooks)?;
            service::write_off(&mut tx, &ctx.org, id, &date, ctx.person.id)
                .await
                .map(|_| ())
        }
        _ => Err(AppError::NotFound),
    };
    match result {
        Ok(()) => {
            tx.commit().await?;
            Ok(Redirect::to(&format!("/o/{}/loans/{id}", ctx.org.slug)).into_response())
        }
        Err(AppError::Invalid(errors)) => {
            drop(tx);
            let body = loan_view(&state, &page, &ctx, id, &errors).await?;
            Ok(layout::refused(
                &page,
                &page.tr.t("loans-title"),
                Some(&nav(&ctx)),
                body,
            ))
        }
        Err(e) => Err(e),
    }
}
