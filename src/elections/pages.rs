//! Pages of elections: the leadership page (who holds which office, rotation, women and
//! first-time leaders, history), offices, and an election from nominations to seating.

use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use maud::{Markup, html};

use super::model::Method;
use super::service;
use crate::auth::{OrgCtx, Permission};
use crate::db::{Tx, today};
use crate::state::AppState;
use crate::web::form::{CsrfForm, Fields, submit};
use crate::web::layout::nav;
use crate::web::layout::{self, errors_box, field, form_keys, icon};
use crate::web::{AppError, AppResult, FieldError, Page};

async fn leadership_view(
    tx: &mut Tx,
    page: &Page,
    ctx: &OrgCtx,
    form: &Fields,
    errors: &[FieldError],
) -> AppResult<Markup> {
    let tr = &page.tr;
    let f = tr.fmt();
    let org = &ctx.org;
    let l = service::leadership(tx, org, &ctx.org.today()).await?;
    let offices = service::offices(tx, org).await?;
    let elections = service::list(tx, org).await?;
    let errs = |a: &str| if form.get("action") == a { errors } else { &[] };
    Ok(html! {
        h1 { (icon("election")) (tr.t("leadership-title")) }
        div.grid {
            div.stat { b { (f.int(l.women_percent)) "%" } span { (tr.t("leadership-women")) } }
            div.stat { b { (f.int(l.first_time_percent)) "%" } span { (tr.t("leadership-first-time")) } }
            div.stat { b { (f.int(l.people)) } span { (tr.ta("leadership-rotation", &[("terms", l.terms.into())])) } }
        }
        @for o in &offices {
            section.card {
                h2 { (o.name) }
                p.meta { (tr.ta("office-detail", &[("seats", o.seats.into()), ("months", o.term_months.into()), ("max", o.max_terms.into())])) }
                ul {
                    @for t in l.current.iter().filter(|t| t.office_id == o.id) {
                        li { strong { (t.name) } " · " (f.date(&t.starts_on)) " – " (f.date(&t.ends_on)) }
                    }
                }
            }
        }
        @if !elections.is_empty() {
            h2 { (tr.t("elections-title")) }
            ul.list {
                @for e in &elections {
                    li { a href=(format!("/o/{}/elections/{}", org.slug, e.id)) { (e.office) " · " (f.date(&e.term_starts)) }
                         " " span.tag { (tr.t(&format!("election-status-{}", e.status))) } }
                }
            }
        }
        @if !l.history.is_empty() {
            h2 { (tr.t("leadership-history")) }
            div.scroll {
                table.tb {
                    thead { tr { th { (tr.t("office")) } th { (tr.t("member-name")) } th { (tr.t("term-from")) } th { (tr.t("term-until")) } } }
                    tbody { @for t in &l.history { tr { td { (t.office) } td { (t.name) } td { (f.date(&t.starts_on)) } td { (f.date(&t.ends_on)) } } } }
                }
            }
        }
        @if ctx.can(Permission::Approve) {
            @if !offices.is_empty() {
                form.card method="post" action=(format!("/o/{}/elections", org.slug)) {
                    h2 { (icon("add")) (tr.t("election-new")) }
                    (errors_box(page, errs("election")))
                    (form_keys(page))
                    input type="hidden" name="action" value="election";
                    label for="office_id" { (tr.t("office")) }
                    select id="office_id" name="office_id" { @for o in &offices { option value=(o.id) { (o.name) } } }
                    label for="method" { (tr.t("election-method")) }
                    select id="method" name="method" { @for m in Method::ALL { option value=(m.as_str()) { (tr.t(m.label())) } } }
                    (field(tr, "term_starts", "election-term-starts", "date", form.or("term_starts", &ctx.org.today()), errs("election")))
                    button type="submit" { (tr.t("election-open-nominations")) }
                }
            }
            form.card method="post" action=(format!("/o/{}/leadership/offices", org.slug)) {
                h2 { (icon("add")) (tr.t("office-new")) }
                (errors_box(page, errs("office")))
                (form_keys(page))
                input type="hidden" name="action" value="office";
                (field(tr, "name", "office-name", "text", form.get("name"), errs("office")))
                (field(tr, "seats", "office-seats", "number", form.or("seats", "1"), errs("office")))
                (field(tr, "term_months", "office-term", "number", form.or("term_months", "24"), errs("office")))
                (field(tr, "max_terms", "office-max-terms", "number", form.or("max_terms", "2"), errs("office")))
                button.secondary type="submit" { (tr.t("save")) }
            }
        }
    })
}

pub async fn leadership(State(state): State<AppState>, page: Page, ctx: OrgCtx) -> AppResult<Markup> {
    ctx.require(Permission::ViewDashboard)?;
    let mut tx = state.db.begin().await?;
    let body = leadership_view(&mut tx, &page, &ctx, &Fields::default(), &[]).await?;
    Ok(layout::page(
        &page,
        &page.tr.t("leadership-title"),
        Some(&nav(&ctx)),
        body,
    ))
}

async fn leadership_again(
    state: &AppState,
    page: &Page,
    ctx: &OrgCtx,
    form: &Fields,
    errors: &[FieldError],
) -> AppResult<Response> {
    let mut tx = state.db.begin().await?;
    let body = leadership_view(&mut tx, page, ctx, form, errors).await?;
    Ok(layout::refused(
        page,
        &page.tr.t("leadership-title"),
        Some(&nav(ctx)),
        body,
    ))
}

pub async fn create_office(
    State(state): State<AppState>,
    page: Page,
    ctx: OrgCtx,
    CsrfForm(form): CsrfForm<Fields>,
) -> AppResult<Response> {
    ctx.require(Permission::Approve)?;
    let result = submit(&state.db, async |tx| {
        service::create_office(
            tx,
            &ctx.org,
            form.get("name"),
            form.int("seats").unwrap_or(0),
            form.int("term_months").unwrap_or(0),
            form.int("max_terms").unwrap_or(-1),
        )
        .await
    })
    .await?;
    match result {
        Ok(_) => Ok(Redirect::to(&format!("/o/{}/leadership", ctx.org.slug)).into_response()),
        Err(errors) => leadership_again(&state, &page, &ctx, &form, &errors).await,
    }
}

pub async fn create_election(
    State(state): State<AppState>,
    page: Page,
    ctx: OrgCtx,
    CsrfForm(form): CsrfForm<Fields>,
) -> AppResult<Response> {
    ctx.require(Permission::Approve)?;
    let result = submit(&state.db, async |tx| {
        service::start(
            tx,
            &ctx.org,
            form.int("office_id").unwrap_or(0),
            form.get("method"),
            form.get("term_starts").trim(),
            ctx.person.id,
        )
        .await
    })
    .await?;
    match result {
        Ok(id) => Ok(Redirect::to(&format!("/o/{}/elections/{id}", ctx.org.slug)).into_response()),
        Err(errors) => leadership_again(&state, &page, &ctx, &form, &errors).await,
    }
}

async fn election_view(tx: &mut Tx, page: &Page, ctx: &OrgCtx, id: i64, errors: &[FieldError]) -> AppResult<Markup> {
    let tr = &page.tr;
    let f = tr.fmt();
    let e = service::get(tx, &ctx.org, id).await?;
    let el = &e.election;
    let base = format!("/o/{}/elections/{id}", ctx.org.slug);
    let leader = ctx.can(Permission::Approve);
    let method = Method::parse(&el.method).unwrap_or(Method::Stv);
    let in_two_weeks = crate::db::parse_day(&ctx.org.today())
        .map(|d| crate::db::iso_day(d + time::Duration::days(14)))
        .unwrap_or_else(today);
    Ok(html! {
        h1 { (icon("election")) (tr.t("election-title")) ": " (el.office) }
        p.meta {
            span.tag { (tr.t(&format!("election-status-{}", el.status))) } " "
            (tr.t(method.label())) " · " (tr.ta("office-seats-count", &[("count", el.seats.into())]))
            " · " (tr.t("election-term-starts")) " " (f.date(&el.term_starts))
        }
        (errors_box(page, errors))
        h2 { (tr.t("election-nominees")) }
        @if e.nominees.is_empty() { p.meta { (tr.t("election-no-nominees")) } }
        ol {
            @for (i, n) in e.nominees.iter().enumerate() {
                li {
                    (n.name) " (" (n.member_number) ")"
                    @if e.winners.contains(&i) && el.status == "closed" { " " span.tag { (tr.t("election-elected")) } }
                }
            }
        }
        @match el.status.as_str() {
            "nominating" => {
                @if ctx.membership_id.is_some() || leader {
                    form.card method="post" action=(format!("{base}/nominate")) {
                        h2 { (tr.t("election-nominate")) }
                        p.meta { (tr.t("election-nominate-help")) }
                        (form_keys(page))
                        (field(tr, "member_number", "cashbook-member", "number", "", errors))
                        button type="submit" { (tr.t("election-nominate")) }
                    }
                }
                @if leader {
                    form.card method="post" action=(format!("{base}/open")) {
                        (form_keys(page))
                        (field(tr, "closes_on", "vote-closes", "date", &in_two_weeks, errors))
                        button type="submit" { (tr.t("election-open-voting")) }
                    }
                }
            }
            "voting" => {
                @if let Some(p) = el.proposal_id {
                    p { a.button href=(format!("/o/{}/votes/{p}", ctx.org.slug)) { (icon("vote")) (tr.t("election-go-vote")) } }
                }
                @if leader {
                    form method="post" action=(format!("{base}/close")) { (form_keys(page)) button type="submit" { (tr.t("election-close")) } }
                }
            }
            _ => {
                @if let Some(t) = &e.tally {
                    section.card {
                        h2 { (tr.t("vote-result")) }
                        p { (tr.t("vote-turnout")) ": " strong { (f.int(t.turnout)) } " / " (f.int(t.proposal.eligible)) " · "
                            (tr.t(if t.quorum_met { "vote-quorum-met" } else { "vote-quorum-missed" })) }
                        @if method == Method::Plurality || t.rounds.len() <= 1 {
                            table.tb { tbody { @for (i, n) in e.nominees.iter().enumerate() { tr { td { (n.name) } td.num { (f.int(t.votes.get(i).copied().unwrap_or(0))) } } } } }
                        }
                        @if e.winners.is_empty() { p.big { (tr.t("election-nobody-seated")) } }
                        @else { p.big { (tr.t("election-seated")) ": " @for (k, w) in e.winners.iter().enumerate() { @if k > 0 { ", " } (e.nominees.get(*w).map(|n| n.name.as_str()).unwrap_or("")) } } }
                    }
                }
            }
        }
        p { a href=(format!("/o/{}/leadership", ctx.org.slug)) { (tr.t("leadership-title")) } }
    })
}

pub async fn election(
    State(state): State<AppState>,
    page: Page,
    ctx: OrgCtx,
    Path((_slug, id)): Path<(String, i64)>,
) -> AppResult<Markup> {
    ctx.require(Permission::ViewDashboard)?;
    let mut tx = state.db.begin().await?;
    let body = election_view(&mut tx, &page, &ctx, id, &[]).await?;
    Ok(layout::page(
        &page,
        &page.tr.t("election-title"),
        Some(&nav(&ctx)),
        body,
    ))
}

/// nominate (any member), open and close (leaders).
pub async fn act(
    State(state): State<AppState>,
    page: Page,
    ctx: OrgCtx,
    Path((_slug, id, action)): Path<(String, i64, String)>,
    CsrfForm(form): CsrfForm<Fields>,
) -> AppResult<Response> {
    match action.as_str() {
        "nominate" if ctx.membership_id.is_some() => {}
        "nominate" | "open" | "close" => ctx.require(Permission::Approve)?,
        _ => return Err(AppError::NotFound),
    }
    let org = &ctx.org;
    let by = ctx.person.id;
    let result = submit(&state.db, async |tx| match action.as_str() {
        "nominate" => service::nominate(tx, org, id, form.get("member_number"), by).await,
        "open" => service::open_voting(tx, org, id, form.get("closes_on").trim(), &ctx.org.today(), by)
            .await
            .map(|_| ()),
        _ => service::close(tx, org, id, by).await.map(|_| ()),
    })
    .await?;
    state.db.scrub_if_wanted().await;
    match result {
        Ok(()) => Ok(Redirect::to(&format!("/o/{}/elections/{id}", org.slug)).into_response()),
        Err(errors) => {
            let mut tx = state.db.begin().await?;
            let body = election_view(&mut tx, &page, &ctx, id, &errors).await?;
            Ok(layout::refused(
                &page,
                &page.tr.t("election-title"),
                Some(&nav(&ctx)),
                body,
            ))
        }
    }
}
