//! Pages of meetings: the list and a leader's form to call one; a meeting's page with its
//! agenda, live quorum, attendance, proxies, minutes and decisions.

use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use maud::{Markup, html};

use super::model::Kind;
use super::service::{self, Draft};
use crate::auth::{OrgCtx, Permission};
use crate::db::Tx;
use crate::state::AppState;
use crate::web::form::{CsrfForm, Fields, submit};
use crate::web::layout::nav;
use crate::web::layout::{self, errors_box, field, form_keys, icon};
use crate::web::{AppError, AppResult, FieldError, Page};

/// "2026-12-05T10:00" as the reader writes dates, with the time.
pub fn when(page: &Page, starts_at: &str) -> String {
    let (date, time) = starts_at.split_once('T').unwrap_or((starts_at, ""));
    format!("{} {time}", page.tr.fmt().date(date)).trim().to_string()
}

async fn list_view(tx: &mut Tx, page: &Page, ctx: &OrgCtx, form: &Fields, errors: &[FieldError]) -> AppResult<Markup> {
    let tr = &page.tr;
    let meetings = service::list(tx, &ctx.org).await?;
    let base = format!("/o/{}/meetings", ctx.org.slug);
    Ok(html! {
        h1 { (icon("meeting")) (tr.t("meetings-title")) }
        @if meetings.is_empty() { p { (tr.t("meetings-none")) } }
        ul.list {
            @for m in &meetings {
                li {
                    a href=(format!("{base}/{}", m.id)) { (m.title) }
                    div.meta {
                        span.tag { (tr.t(&format!("meeting-status-{}", m.status))) } " "
                        (tr.t(Kind::parse(&m.kind).unwrap_or(Kind::General).label())) " · " (when(page, &m.starts_at)) " · " (m.place)
                    }
                }
            }
        }
        @if ctx.can(Permission::Approve) {
            form.card method="post" action=(base) {
                h2 { (icon("add")) (tr.t("meeting-new")) }
                (errors_box(page, errors))
                (form_keys(page))
                label for="kind" { (tr.t("meeting-kind")) }
                select id="kind" name="kind" {
                    @for k in Kind::ALL { option value=(k.as_str()) selected[form.get("kind") == k.as_str()] { (tr.t(k.label())) } }
                }
                (field(tr, "title", "vote-title", "text", form.get("title"), errors))
                (field(tr, "date", "entry-date", "date", form.or("date", &ctx.org.today()), errors))
                (field(tr, "time", "meeting-time", "time", form.get("time"), errors))
                (field(tr, "place", "meeting-place", "text", form.get("place"), errors))
                label for="agenda" { (tr.t("meeting-agenda")) }
                textarea id="agenda" name="agenda" rows="5" { (form.get("agenda")) }
                p.meta { (tr.t("meeting-agenda-help")) }
                button type="submit" { (tr.t("meeting-call")) }
            }
        }
    })
}

pub async fn list(State(state): State<AppState>, page: Page, ctx: OrgCtx) -> AppResult<Markup> {
    ctx.require(Permission::ViewDashboard)?;
    let mut tx = state.db.begin().await?;
    let body = list_view(&mut tx, &page, &ctx, &Fields::default(), &[]).await?;
    Ok(layout::page(
        &page,
        &page.tr.t("meetings-title"),
        Some(&nav(&ctx)),
        body,
    ))
}

pub async fn create(
    State(state): State<AppState>,
    page: Page,
    ctx: OrgCtx,
    CsrfForm(form): CsrfForm<Fields>,
) -> AppResult<Response> {
    ctx.require(Permission::Approve)?;
    let draft = Draft {
        kind: form.get("kind").into(),
        title: form.get("title").into(),
        date: form.get("date").into(),
        time: form.get("time").into(),
        place: form.get("place").into(),
        agenda: form.get("agenda").lines().map(str::to_string).collect(),
    };
    match submit(&state.db, async |tx| {
        service::create(tx, &ctx.org, &draft, ctx.person.id).await
    })
    .await?
    {
        Ok(id) => Ok(Redirect::to(&format!("/o/{}/meetings/{id}", ctx.org.slug)).into_response()),
        Err(errors) => {
            let mut tx = state.db.begin().await?;
            let body = list_view(&mut tx, &page, &ctx, &form, &errors).await?;
            Ok(layout::refused(
                &page,
                &page.tr.t("meetings-title"),
                Some(&nav(&ctx)),
                body,
            ))
        }
    }
}

async fn detail_view(tx: &mut Tx, page: &Page, ctx: &OrgCtx, id: i64, errors: &[FieldError]) -> AppResult<Markup> {
    let tr = &page.tr;
    let f = tr.fmt();
    let m = service::get(tx, &ctx.org, id).await?;
    let meeting = &m.meeting;
    let base = format!("/o/{}/meetings/{id}", ctx.org.slug);
    let leader = ctx.can(Permission::Approve);
    let live = meeting.status != "closed";
    let me = ctx.membership_id;
    let here = me.is_some_and(|me| m.attendees.iter().any(|a| a.member_id == me));
    let my_proxy = me.and_then(|me| m.proxies.iter().find(|p| p.giver_id == me));
    let proposals = if leader && live {
        crate::votes::service::list(tx, &ctx.org).await?
    } else {
        vec![]
    };
    let q = &m.quorum;
    Ok(html! {
        h1 { (icon("meeting")) (meeting.title) }
        p.meta {
            span.tag { (tr.t(&format!("meeting-status-{}", meeting.status))) } " "
            (tr.t(m.kind.label())) " · " (when(page, &meeting.starts_at)) " · " (meeting.place)
        }
        (errors_box(page, errors))
        section.card {
            h2 { (tr.t("meeting-quorum")) }
            p.big { (f.int(q.represented())) " / " (f.int(q.eligible)) }
            p { (tr.ta("meeting-quorum-detail", &[("present", q.present.into()), ("proxies", q.proxies.into()), ("needed", q.needed.into())])) }
            p { strong { (tr.t(if q.met() { "vote-quorum-met" } else { "vote-quorum-missed" })) } }
            @if live { p.meta { a href=(base) { (tr.t("meeting-refresh")) } } }
        }
        h2 { (tr.t("meeting-agenda")) }
        ol {
            @for item in &m.items {
                li {
                    (item.title)
                    @if !item.document.is_empty() { " · " a href=(item.document) rel="noopener" { (tr.t("meeting-document")) } }
                    @if !item.decision.is_empty() {
                        p { strong { (tr.t("meeting-decision")) ": " } (item.decision)
                            @if let Some(p) = item.proposal_id { " · " a href=(format!("/o/{}/votes/{p}", ctx.org.slug)) { (tr.t("nav-votes")) } } }
                    }
                    @if leader && meeting.status == "open" {
                        form.card method="post" action=(format!("{base}/decide")) {
                            (form_keys(page))
                            input type="hidden" name="item_id" value=(item.id);
                            (field(tr, "decision", "meeting-decision", "text", &item.decision, &[]))
                            @if !proposals.is_empty() {
                                label for=(format!("proposal_{}", item.id)) { (tr.t("meeting-proposal")) }
                                select id=(format!("proposal_{}", item.id)) name="proposal_id" {
                                    option value="" { "–" }
                                    @for p in &proposals { option value=(p.id) selected[item.proposal_id == Some(p.id)] { (p.title) } }
                                }
                            }
                            button.secondary type="submit" { (tr.t("save")) }
                        }
                    }
                }
            }
        }
        @if leader && live {
            form.card method="post" action=(format!("{base}/item")) {
                (form_keys(page))
                (field(tr, "item", "meeting-item", "text", "", errors))
                (field(tr, "document", "meeting-document-link", "url", "", errors))
                button.secondary type="submit" { (icon("add")) (tr.t("meeting-add-item")) }
            }
        }
        @if live {
            @if let Some(_) = me {
                @if here { p.flash { (tr.t("meeting-you-are-here")) } }
                @else if meeting.status == "open" {
                    form method="post" action=(format!("{base}/attend")) { (form_keys(page)) button type="submit" { (tr.t("meeting-i-am-here")) } }
                }
                @if let Some(p) = my_proxy { p { (tr.ta("meeting-your-proxy", &[("name", p.holder_name.clone().into())])) } }
                @else if !here {
                    form.card method="post" action=(format!("{base}/proxy")) {
                        h2 { (tr.t("meeting-give-proxy")) }
                        p.meta { (tr.ta("meeting-proxy-help", &[("count", ctx.org.bylaws.max_proxies.into())])) }
                        (form_keys(page))
                        (field(tr, "holder_number", "meeting-holder", "number", "", errors))
                        button.secondary type="submit" { (tr.t("save")) }
                    }
                }
            }
            @if leader {
                form.card method="post" action=(format!("{base}/mark")) {
                    h2 { (tr.t("meeting-door")) }
                    (form_keys(page))
                    (field(tr, "member_number", "cashbook-member", "number", "", errors))
                    button type="submit" { (tr.t("meeting-mark")) }
                }
            }
        }
        @if !m.attendees.is_empty() {
            h2 { (tr.ta("meeting-present", &[("count", (m.attendees.len() as i64).into())])) }
            p { @for (i, a) in m.attendees.iter().enumerate() { @if i > 0 { ", " } (a.name) " (" (a.member_number) ")" } }
        }
        @if !m.proxies.is_empty() {
            h2 { (tr.t("meeting-proxies")) }
            ul { @for p in &m.proxies { li { (p.giver_name) " → " (p.holder_name) } } }
        }
        h2 { (tr.t("meeting-minutes")) }
        @if leader && meeting.status != "planned" {
            form.card method="post" action=(format!("{base}/minutes")) {
                (form_keys(page))
                textarea id="minutes" name="minutes" rows="8" aria-label=(tr.t("meeting-minutes")) { (meeting.minutes) }
                button.secondary type="submit" { (tr.t("save")) }
            }
        } @else if meeting.minutes.is_empty() {
            p.meta { (tr.t("meeting-no-minutes")) }
        } @else {
            div.minutes { @for line in meeting.minutes.lines() { p { (line) } } }
        }
        @if leader {
            p.meta { (tr.ta("meeting-notices", &[("count", m.notices.into())])) }
            @match meeting.status.as_str() {
                "planned" => { form method="post" action=(format!("{base}/open")) { (form_keys(page)) button type="submit" { (tr.t("meeting-open")) } } }
                "open" => { form method="post" action=(format!("{base}/close")) { (form_keys(page)) button type="submit" { (tr.t("meeting-close")) } } }
                _ => {}
            }
        }
        p { a href=(format!("/o/{}/meetings", ctx.org.slug)) { (tr.t("meetings-title")) } }
    })
}

pub async fn detail(
    State(state): State<AppState>,
    page: Page,
    ctx: OrgCtx,
    Path((_slug, id)): Path<(String, i64)>,
) -> AppResult<Markup> {
    ctx.require(Permission::ViewDashboard)?;
    let mut tx = state.db.begin().await?;
    let body = detail_view(&mut tx, &page, &ctx, id, &[]).await?;
    Ok(layout::page(
        &page,
        &page.tr.t("meetings-title"),
        Some(&nav(&ctx)),
        body,
    ))
}

/// attend, proxy (a member for herself); mark, item, decide, minutes, open, close (leaders).
pub async fn act(
    State(state): State<AppState>,
    page: Page,
    ctx: OrgCtx,
    Path((_slug, id, action)): Path<(String, i64, String)>,
    CsrfForm(form): CsrfForm<Fields>,
) -> AppResult<Response> {
    let org = &ctx.org;
    let by = ctx.person.id;
    match action.as_str() {
        "attend" | "proxy" => {
            ctx.membership_id.ok_or(AppError::Forbidden)?;
        }
        "mark" | "item" | "decide" | "minutes" | "open" | "close" => ctx.require(Permission::Approve)?,
        _ => return Err(AppError::NotFound),
    }
    let me = ctx.membership_id.unwrap_or(0);
    let result = submit(&state.db, async |tx| {
        let member = async |tx: &mut Tx, field: &'static str| -> AppResult<i64> {
            Ok(crate::members::in_field(tx, org.id, field, form.get(field)).await?.id)
        };
        match action.as_str() {
            "attend" => service::attend(tx, org, id, me, None).await.map(|_| ()),
            "mark" => {
                let m = member(tx, "member_number").await?;
                service::attend(tx, org, id, m, Some(by)).await.map(|_| ())
            }
            "proxy" => {
                let holder = member(tx, "holder_number").await?;
                service::give_proxy(tx, org, id, me, holder).await
            }
            "item" => service::add_item(tx, org, id, form.get("item"), form.get("document"))
                .await
                .map(|_| ()),
            "decide" => {
                let item = form.int("item_id").unwrap_or(0);
                service::decide(tx, org, id, item, form.get("decision"), form.int("proposal_id"), by).await
            }
            "minutes" => service::save_minutes(tx, org, id, form.get("minutes")).await,
            "open" => service::advance(tx, org, id, "open").await,
            _ => service::advance(tx, org, id, "closed").await,
        }
    })
    .await?;
    match result {
        Ok(()) => Ok(Redirect::to(&format!("/o/{}/meetings/{id}", org.slug)).into_response()),
        Err(errors) => {
            let mut tx = state.db.begin().await?;
            let body = detail_view(&mut tx, &page, &ctx, id, &errors).await?;
            Ok(layout::refused(
                &page,
                &page.tr.t("meetings-title"),
                Some(&nav(&ctx)),
                body,
            ))
        }
    }
}
