//! Pages of share capital: the shareholders with their forms, a member's certificate,
//! importing a register, and a member's exit. The numbered register itself is a report
//! (`/o/{slug}/reports/share-register`): printable, CSV and XLSX like the others.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use maud::{Markup, html};

use super::model::{Holding, Operation};
use super::service;
use crate::auth::{OrgCtx, Permission};
use crate::db::Tx;
use crate::ledger::Till;
use crate::ledger::pages::till_field;
use crate::money::Money;
use crate::state::AppState;
use crate::web::form::{CsrfForm, Fields, submit};
use crate::web::layout::nav;
use crate::web::layout::{self, errors_box, field, form_keys, icon};
use crate::web::{AppError, AppResult, FieldError, Page};

async fn shares_view(
    tx: &mut Tx,
    page: &Page,
    ctx: &OrgCtx,
    form: &Fields,
    errors: &[FieldError],
) -> AppResult<Markup> {
    let tr = &page.tr;
    let f = tr.fmt();
    let org = &ctx.org;
    let money = |v: i64| f.money(Money::new(v, org.currency));
    let (holders, total) = service::shareholders(tx, org).await?;
    let par = org.bylaws.share_par_value;
    let base = format!("/o/{}/shares", org.slug);
    let action = form.get("action");
    let date = form.or("date", "");
    let date = if date.is_empty() {
        ctx.org.today()
    } else {
        date.to_string()
    };
    // Errors show under the form that was sent.
    let errs = |a: &str| if action == a { errors } else { &[] };
    let value = |a: &str, k: &str| {
        if action == a {
            form.get(k).to_string()
        } else {
            String::new()
        }
    };
    Ok(html! {
        h1 { (icon("share")) (tr.t("shares-title")) }
        p.meta {
            (tr.t("bylaws-par-value")) " " (money(par)) " · "
            (tr.t("bylaws-min-shares")) " " (f.int(org.bylaws.min_shares)) " · "
            (tr.t("bylaws-max-shares")) " " (f.int(org.bylaws.max_shares))
        }
        section.card {
            dl {
                dt { (tr.t("shares-holders")) } dd.big { (f.int(holders.len() as i64)) }
                dt { (tr.t("shares-count")) } dd { (f.int(total.shares)) }
                dt { (tr.t("shares-paid")) } dd.big { (money(total.paid)) }
                dt { (tr.t("shares-unpaid")) } dd { (money(total.unpaid(par))) }
            }
        }
        p {
            a.button.secondary href=(format!("/o/{}/reports/share-register", org.slug)) { (icon("report")) (tr.t("shares-register-title")) } " "
            @if ctx.can(Permission::Approve) { a.button.secondary href=(format!("{base}/import")) { (tr.t("shares-import")) } }
        }
        div.scroll {
            table.tb {
                thead { tr { th { (tr.t("member-number")) } th { (tr.t("member-name")) } th.num { (tr.t("shares-count")) } th.num { (tr.t("shares-paid")) } th.num { (tr.t("shares-unpaid")) } } }
                tbody {
                    @for (m, h) in &holders {
                        tr {
                            td { (m.member_number) }
                            td { a href=(format!("{base}/certificate/{}", m.id)) { (m.name) } }
                            td.num { (f.int(h.shares)) }
                            td.num { (money(h.paid)) }
                            td.num { (money(h.unpaid(par))) }
                        }
                    }
                    tr.total { td {} td { (tr.t("total")) } td.num { (f.int(total.shares)) } td.num { (money(total.paid)) } td.num { (money(total.unpaid(par))) } }
                }
            }
        }
        @if ctx.can(Permission::KeepBooks) || ctx.can(Permission::ManageMembers) {
            form.card method="post" action=(format!("{base}/subscribe")) {
                h2 { (icon("add")) (tr.t("shares-subscribe")) }
                (errors_box(page, errs("subscribe")))
                (form_keys(page))
                input type="hidden" name="action" value="subscribe";
                (field(tr, "member_number", "cashbook-member", "number", &value("subscribe", "member_number"), errs("subscribe")))
                (field(tr, "shares", "shares-count", "number", &value("subscribe", "shares"), errs("subscribe")))
                (field(tr, "date", "entry-date", "date", &date, errs("subscribe")))
                button type="submit" { (tr.t("save")) }
            }
        }
        @if ctx.can(Permission::KeepBooks) {
            form.card method="post" action=(format!("{base}/pay")) {
                h2 { (icon("savings")) (tr.t("shares-pay")) }
                (errors_box(page, errs("pay")))
                (form_keys(page))
                input type="hidden" name="action" value="pay";
                (field(tr, "member_number", "cashbook-member", "number", &value("pay", "member_number"), errs("pay")))
                (field(tr, "amount", "cashbook-amount", "number", &value("pay", "amount"), errs("pay")))
                (till_field(tr, form.get("till"), errors))
                (field(tr, "date", "entry-date", "date", &date, errs("pay")))
                button type="submit" { (tr.t("save")) }
            }
        }
        @if ctx.can(Permission::Approve) {
            form.card method="post" action=(format!("{base}/transfer")) {
                h2 { (tr.t("shares-transfer")) }
                p.meta { (tr.t("shares-approve-help")) }
                (errors_box(page, errs("transfer")))
                (form_keys(page))
                input type="hidden" name="action" value="transfer";
                (field(tr, "member_number", "shares-from", "number", &value("transfer", "member_number"), errs("transfer")))
                (field(tr, "to_number", "shares-to", "number", &value("transfer", "to_number"), errs("transfer")))
                (field(tr, "shares", "shares-count", "number", &value("transfer", "shares"), errs("transfer")))
                (field(tr, "date", "entry-date", "date", &date, errs("transfer")))
                button type="submit" { (tr.t("shares-approve")) }
            }
            form.card method="post" action=(format!("{base}/redeem")) {
                h2 { (tr.t("shares-redeem")) }
                p.meta { (tr.t("shares-approve-help")) }
                (errors_box(page, errs("redeem")))
                (form_keys(page))
                input type="hidden" name="action" value="redeem";
                (field(tr, "member_number", "cashbook-member", "number", &value("redeem", "member_number"), errs("redeem")))
                (field(tr, "shares", "shares-count", "number", &value("redeem", "shares"), errs("redeem")))
                (till_field(tr, form.get("till"), errors))
                (field(tr, "date", "entry-date", "date", &date, errs("redeem")))
                button type="submit" { (tr.t("shares-approve")) }
            }
        }
    })
}

pub async fn page(State(state): State<AppState>, page: Page, ctx: OrgCtx) -> AppResult<Markup> {
    ctx.require(Permission::ViewMembers)?;
    let mut tx = state.db.begin().await?;
    let body = shares_view(&mut tx, &page, &ctx, &Fields::default(), &[]).await?;
    Ok(layout::page(&page, &page.tr.t("shares-title"), Some(&nav(&ctx)), body))
}

/// subscribe, pay, transfer or redeem.
pub async fn act(
    State(state): State<AppState>,
    page: Page,
    ctx: OrgCtx,
    Path((_slug, action)): Path<(String, String)>,
    CsrfForm(form): CsrfForm<Fields>,
) -> AppResult<Response> {
    let needs = match action.as_str() {
        "subscribe" if ctx.can(Permission::KeepBooks) => Permission::KeepBooks,
        "subscribe" => Permission::ManageMembers,
        "pay" => Permission::KeepBooks,
        "transfer" | "redeem" => Permission::Approve,
        _ => return Err(AppError::NotFound),
    };
    ctx.require(needs)?;
    let org = &ctx.org;
    let by = ctx.person.id;
    let date = match form.get("date").trim() {
        "" => ctx.org.today(),
        d => d.to_string(),
    };
    let till = Till::parse(form.get("till")).unwrap_or(Till::Cash);
    let count = form.int("shares").unwrap_or(0);
    let result = submit(&state.db, async |tx| {
        let m = service::shareholder(tx, org, "member_number", form.get("member_number")).await?;
        match action.as_str() {
            "subscribe" => service::subscribe(tx, org, &m, count, &date, by).await.map(|_| ()),
            "pay" => {
                let amount =
                    crate::money::positive_amount(form.get("amount"), org.currency, page.tr.fmt().decimal_mark())
                        .map_err(|e| AppError::Invalid(vec![FieldError::new("amount", e)]))?;
                service::pay(tx, org, &m, amount, &date, till, by).await.map(|_| ())
            }
            "transfer" => {
                let to = service::shareholder(tx, org, "to_number", form.get("to_number")).await?;
                service::transfer(tx, org, &m, &to, count, &date, by).await.map(|_| ())
            }
            _ => service::redeem(tx, org, &m, count, &date, till, by).await.map(|_| ()),
        }
    })
    .await?;
    match result {
        Ok(()) => Ok(Redirect::to(&format!("/o/{}/shares", org.slug)).into_response()),
        Err(errors) => {
            let mut shown = form.clone();
            if shown.get("action").is_empty() {
                shown = with_action(&form, &action);
            }
            let mut tx = state.db.begin().await?;
            let body = shares_view(&mut tx, &page, &ctx, &shown, &errors).await?;
            Ok(layout::refused(
                &page,
                &page.tr.t("shares-title"),
                Some(&nav(&ctx)),
                body,
            ))
        }
    }
}

fn with_action(form: &Fields, action: &str) -> Fields {
    let mut pairs: Vec<(String, String)> = vec![("action".into(), action.into())];
    for k in ["member_number", "to_number", "shares", "amount", "till", "date"] {
        pairs.push((k.into(), form.get(k).into()));
    }
    Fields::from_pairs(pairs)
}

/// A member's share certificate: what she holds, what is paid, each operation.
pub async fn certificate(
    State(state): State<AppState>,
    page: Page,
    ctx: OrgCtx,
    Path((_slug, id)): Path<(String, i64)>,
) -> AppResult<Markup> {
    if !(ctx.can(Permission::ViewMembers) || ctx.membership_id == Some(id)) {
        return Err(AppError::Forbidden);
    }
    let tr = &page.tr;
    let f = tr.fmt();
    let org = &ctx.org;
    let money = |v: i64| f.money(Money::new(v, org.currency));
    let mut tx = state.db.begin().await?;
    let m = crate::members::by_id(&mut tx, org.id, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let h: Holding = service::holding(&mut tx, org, id).await?;
    let lines = service::member_lines(&mut tx, org, id).await?;
    drop(tx);
    let number = lines.first().map(|l| l.seq).unwrap_or(0);
    let body = html! {
        section.card.certificate {
            p.meta { (org.name) }
            h1 { (icon("share")) (tr.t("shares-certificate")) " " (tr.t("shares-register-number")) " " (number) }
            p.big { (m.name) }
            p { (tr.t("member-number")) " " (m.member_number) }
            p { (tr.ta("shares-certificate-text", &[
                ("count", h.shares.into()),
                ("par", money(org.bylaws.share_par_value).into()),
                ("paid", money(h.paid).into()),
            ])) }
            p.meta { (f.date(&ctx.org.today())) }
            table.tb {
                thead { tr { th { (tr.t("shares-register-number")) } th { (tr.t("entry-date")) } th { (tr.t("shares-operation")) } th.num { (tr.t("shares-count")) } th.num { (tr.t("amount")) } } }
                tbody {
                    @for l in &lines {
                        tr {
                            td { (l.seq) }
                            td { (f.date(&l.on_date)) }
                            td { (Operation::parse(&l.kind).map(|o| tr.t(o.label())).unwrap_or_default())
                                 @if let Some(n) = &l.counterpart_name { " · " (l.member_name) " → " (n) } }
                            td.num { @if l.shares != 0 { (f.int(l.shares)) } }
                            td.num { (money(l.amount)) }
                        }
                    }
                }
            }
            p.signatures { span { (tr.t("shares-signed-president")) } span { (tr.t("shares-signed-secretary")) } }
        }
        p.noprint { a href=(format!("/o/{}/members/{id}", org.slug)) { (m.name) } }
    };
    Ok(layout::page(&page, &tr.t("shares-certificate"), Some(&nav(&ctx)), body))
}

fn import_view(
    page: &Page,
    ctx: &OrgCtx,
    text: &str,
    preview: Option<&[(super::model::ImportLine, Vec<&'static str>)]>,
    errors: &[FieldError],
) -> Markup {
    let tr = &page.tr;
    let f = tr.fmt();
    let money = |v: i64| f.money(Money::new(v, ctx.org.currency));
    let base = format!("/o/{}/shares/import", ctx.org.slug);
    let clean = preview.is_some_and(|p| p.iter().all(|(_, e)| e.is_empty()));
    html! {
        h1 { (icon("share")) (tr.t("shares-import")) }
        p { (tr.t("shares-import-help")) }
        pre { "member_number,date,shares,paid\n5,2024-04-01,3,1500.00" }
        (errors_box(page, errors))
        @if let Some(lines) = preview {
            div.scroll {
                table.tb {
                    thead { tr { th { (tr.t("import-line")) } th { (tr.t("member-number")) } th { (tr.t("entry-date")) } th.num { (tr.t("shares-count")) } th.num { (tr.t("shares-paid")) } th { (tr.t("import-problems")) } } }
                    tbody {
                        @for (l, e) in lines {
                            tr class=[(!e.is_empty()).then_some("bad")] {
                                td { (l.line) } td { (l.member_number) } td { (l.date) } td.num { (l.shares) } td.num { (money(l.paid)) }
                                (crate::web::layout::import_problems(tr, e))
                            }
                        }
                    }
                }
            }
        }
        form.card method="post" action=(base) {
            (form_keys(page))
            label for="csv" { (tr.t("import-csv")) }
            textarea id="csv" name="csv" rows="8" { (text) }
            (till_field(tr, "cash", errors))
            p.meta { (tr.t("shares-import-till-help")) }
            button.secondary type="submit" name="step" value="preview" { (tr.t("import-preview")) }
            @if clean { " " button type="submit" name="step" value="import" { (tr.t("import-confirm")) } }
        }
    }
}

pub async fn import_page(page: Page, ctx: OrgCtx) -> AppResult<Markup> {
    ctx.require(Permission::Approve)?;
    let body = import_view(&page, &ctx, "", None, &[]);
    Ok(layout::page(&page, &page.tr.t("shares-import"), Some(&nav(&ctx)), body))
}

/// Shows the preview, or imports when asked and every line is right.
pub async fn import(
    State(state): State<AppState>,
    page: Page,
    ctx: OrgCtx,
    CsrfForm(form): CsrfForm<Fields>,
) -> AppResult<Response> {
    ctx.require(Permission::Approve)?;
    let text = form.get("csv");
    let till = Till::parse(form.get("till")).unwrap_or(Till::Cash);
    if form.get("step") == "import" {
        let result = submit(&state.db, async |tx| {
            service::import(tx, &ctx.org, text, till, ctx.person.id).await
        })
        .await?;
        if result.is_ok() {
            return Ok(Redirect::to(&format!("/o/{}/reports/share-register", ctx.org.slug)).into_response());
        }
    }
    let mut tx = state.db.begin().await?;
    let lines = service::read_import(&mut tx, &ctx.org, text).await?;
    drop(tx);
    let bad = lines.iter().any(|(_, e)| !e.is_empty());
    let errors = if bad {
        vec![FieldError::new("csv", "import-has-errors")]
    } else {
        vec![]
    };
    let body = import_view(&page, &ctx, text, Some(&lines), &errors);
    let status = if bad {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    Ok((
        status,
        layout::page(&page, &page.tr.t("shares-import"), Some(&nav(&ctx)), body),
    )
        .into_response())
}

async fn exit_view(tx: &mut Tx, page: &Page, ctx: &OrgCtx, id: i64, errors: &[FieldError]) -> AppResult<Markup> {
    let tr = &page.tr;
    let f = tr.fmt();
    let money = |v: i64| f.money(Money::new(v, ctx.org.currency));
    let m = crate::members::by_id(tx, ctx.org.id, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let s = service::settlement(tx, &ctx.org, &m).await?;
    Ok(html! {
        h1 { (icon("person")) (tr.t("exit-title")) " · " (m.name) }
        (errors_box(page, errors))
        section.card {
            h2 { (tr.t("exit-settlement")) }
            dl {
                dt { (tr.t("shares-count")) } dd { (f.int(s.shares)) }
                dt { (tr.t("exit-shares-back")) } dd { (money(s.share_capital)) }
                dt { (tr.t("exit-savings-back")) } dd { (money(s.savings)) }
                dt { (tr.t("exit-owed-to-her")) } dd { (money(s.payable)) }
                dt { (tr.t("exit-she-owes")) } dd { (money(s.receivable)) }
                dt { (tr.t("exit-net")) } dd.big { (money(s.net)) }
            }
            @if s.open_loan { p.errors { (tr.t("exit-loan-open")) } }
        }
        form.card method="post" action=(format!("/o/{}/members/{id}/exit", ctx.org.slug)) {
            (form_keys(page))
            (field(tr, "reason", "join-reason", "text", "", errors))
            (field(tr, "date", "entry-date", "date", &ctx.org.today(), errors))
            (till_field(tr, "cash", errors))
            button type="submit" { (tr.t("exit-confirm")) }
        }
    })
}

pub async fn exit_page(
    State(state): State<AppState>,
    page: Page,
    ctx: OrgCtx,
    Path((_slug, id)): Path<(String, i64)>,
) -> AppResult<Markup> {
    ctx.require(Permission::Approve)?;
    let mut tx = state.db.begin().await?;
    let body = exit_view(&mut tx, &page, &ctx, id, &[]).await?;
    Ok(layout::page(&page, &page.tr.t("exit-title"), Some(&nav(&ctx)), body))
}

pub async fn exit(
    State(state): State<AppState>,
    page: Page,
    ctx: OrgCtx,
    Path((_slug, id)): Path<(String, i64)>,
    CsrfForm(form): CsrfForm<Fields>,
) -> AppResult<Response> {
    ctx.require(Permission::Approve)?;
    let till = Till::parse(form.get("till")).unwrap_or(Till::Cash);
    let date = match form.get("date").trim() {
        "" => ctx.org.today(),
        d => d.to_string(),
    };
    let result = submit(&state.db, async |tx| {
        let m = crate::members::by_id(tx, ctx.org.id, id)
            .await?
            .ok_or(AppError::NotFound)?;
        service::exit(tx, &ctx.org, &m, &date, till, form.get("reason"), ctx.person.id).await
    })
    .await?;
    match result {
        Ok(_) => Ok(Redirect::to(&format!("/o/{}/members/{id}", ctx.org.slug)).into_response()),
        Err(errors) => {
            let mut tx = state.db.begin().await?;
            let body = exit_view(&mut tx, &page, &ctx, id, &errors).await?;
            Ok(layout::refused(&page, &page.tr.t("exit-title"), Some(&nav(&ctx)), body))
        }
    }
}
