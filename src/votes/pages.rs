//! Pages of votes: the list, a proposal with its ballot, the result; leaders open, count
//! hands in the room and close.

use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use maud::{Markup, html};

use super::service::{self, Draft, Kind, Tally};
use crate::auth::{OrgCtx, Permission};
use crate::db::Tx;
use crate::state::AppState;
use crate::web::form::{CsrfForm, Fields};
use crate::web::layout::nav;
use crate::web::layout::{self, field, form_keys, icon};
use crate::web::{AppError, AppResult, FieldError, Page};

fn label(tr: &crate::i18n::Tr, option: &str) -> String {
    if service::YES_NO.contains(&option) {
        tr.t(option)
    } else {
        option.to_string()
    }
}

async fn list_view(tx: &mut Tx, page: &Page, ctx: &OrgCtx, form: &Fields, errors: &[FieldError]) -> AppResult<Markup> {
    let tr = &page.tr;
    let proposals = service::list(tx, &ctx.org).await?;
    let base = format!("/o/{}/votes", ctx.org.slug);
    let closes = if form.get("closes_on").is_empty() {
        ctx.org.today()
    } else {
        form.get("closes_on").to_string()
    };
    Ok(html! {
        h1 { (icon("vote")) (tr.t("votes-title")) }
        @if proposals.is_empty() { p { (tr.t("votes-none")) } }
        ul.list {
            @for p in &proposals {
                li {
                    a href=(format!("{base}/{}", p.id)) { (p.title) }
                    div.meta {
                        span.tag { (tr.t(if p.status == "open" { "vote-open" } else { "vote-closed-tag" })) } " "
                        (tr.t(Kind::parse(&p.kind).unwrap_or(Kind::YesNo).label()))
                        @if p.secret { " · " (tr.t("vote-secret")) }
                        " · " (tr.fmt().date(&p.closes_on))
                        @match p.passed { Some(true) => { " · " strong { (tr.t("vote-carried")) } }, Some(false) => { " · " (tr.t("vote-not-carried")) }, None => {} }
                    }
                }
            }
        }
        @if ctx.can(Permission::Approve) {
            form.card method="post" action=(base) {
                h2 { (tr.t("vote-new")) }
                @if !errors.is_empty() { p.errors role="alert" { @for e in errors { (tr.t(e.message)) " " } } }
                (form_keys(page))
                (field(tr, "title", "vote-title", "text", form.get("title"), errors))
                (field(tr, "body", "vote-body", "text", form.get("body"), errors))
                label for="kind" { (tr.t("vote-kind")) }
                select id="kind" name="kind" {
                    @for k in Kind::ALL { option value=(k.as_str()) selected[form.get("kind") == k.as_str()] { (tr.t(k.label())) } }
                }
                (field(tr, "options", "vote-options", "text", form.get("options"), errors))
                p.meta { (tr.t("vote-options-help")) }
                (field(tr, "max_choices", "vote-max", "number", if form.get("max_choices").is_empty() { "1" } else { form.get("max_choices") }, errors))
                label { input type="checkbox" name="secret" checked[!form.get("secret").is_empty()]; (tr.t("vote-secret")) }
                (field(tr, "quorum", "vote-quorum", "number", if form.get("quorum").is_empty() { "" } else { form.get("quorum") }, errors))
                label for="threshold" { (tr.t("vote-threshold")) }
                select id="threshold" name="threshold" {
                    option value="simple" { (tr.t("vote-threshold-simple")) }
                    option value="two_thirds" selected[form.get("threshold") == "two_thirds"] { (tr.t("vote-threshold-two-thirds")) }
                }
                (field(tr, "closes_on", "vote-closes", "date", &closes, errors))
                button type="submit" { (tr.t("vote-open-now")) }
            }
        }
    })
}

pub async fn list(State(state): State<AppState>, page: Page, ctx: OrgCtx) -> AppResult<Markup> {
    ctx.require(Permission::ViewDashboard)?;
    let mut tx = state.db.begin().await?;
    let body = list_view(&mut tx, &page, &ctx, &Fields::default(), &[]).await?;
    Ok(layout::page(&page, &page.tr.t("votes-title"), Some(&nav(&ctx)), body))
}

pub async fn create(
    State(state): State<AppState>,
    page: Page,
    ctx: OrgCtx,
    CsrfForm(form): CsrfForm<Fields>,
) -> AppResult<Response> {
    ctx.require(Permission::Approve)?;
    let draft = Draft {
        title: form.get("title").to_string(),
        body: form.get("body").to_string(),
        kind: form.get("kind").to_string(),
        options: form.get("options").split(['\n', ';']).map(str::to_string).collect(),
        max_choices: form.get("max_choices").trim().parse().unwrap_or(0),
        secret: !form.get("secret").is_empty(),
        quorum_percent: form.get("quorum").trim().parse().ok(),
        threshold: form.get("threshold").to_string(),
        closes_on: form.get("closes_on").to_string(),
    };
    let mut tx = state.db.begin_write().await?;
    match service::open(&mut tx, &ctx.org, &draft, &ctx.org.today(), ctx.person.id).await {
        Ok(id) => {
            tx.commit().await?;
            Ok(Redirect::to(&format!("/o/{}/votes/{id}", ctx.org.slug)).into_response())
        }
        Err(AppError::Invalid(errors)) => {
            drop(tx);
            let mut tx = state.db.begin().await?;
            let body = list_view(&mut tx, &page, &ctx, &form, &errors).await?;
            Ok(layout::refused(
                &page,
                &page.tr.t("votes-title"),
                Some(&nav(&ctx)),
                body,
            ))
        }
        Err(e) => Err(e),
    }
}

fn result_view(page: &Page, t: &Tally) -> Markup {
    let tr = &page.tr;
    let f = tr.fmt();
    html! {
        section.card {
            h2 { (tr.t("vote-result")) }
            p { (tr.t("vote-turnout")) ": " strong { (f.int(t.turnout)) } " / " (f.int(t.proposal.eligible)) " · "
                (tr.t(if t.quorum_met { "vote-quorum-met" } else { "vote-quorum-missed" })) }
            table.tb {
                tbody {
                    @for (i, o) in t.options.iter().enumerate() {
                        tr class=[(t.winner == Some(i)).then_some("total")] { td { (label(tr, o)) } td.num { (f.int(t.votes.get(i).copied().unwrap_or(0))) } }
                    }
                }
            }
            @if t.rounds.len() > 1 {
                p.meta { (tr.ta("vote-rounds", &[("count", (t.rounds.len() as i64).into())])) }
            }
            p.big { (tr.t(if t.passed() { "vote-carried" } else { "vote-not-carried" })) }
        }
    }
}

async fn detail_view(tx: &mut Tx, page: &Page, ctx: &OrgCtx, id: i64, errors: &[FieldError]) -> AppResult<Markup> {
    let tr = &page.tr;
    let t = service::tally(tx, &ctx.org, id).await?;
    let p = &t.proposal;
    let kind = Kind::parse(&p.kind).unwrap_or(Kind::YesNo);
    let mine = match ctx.membership_id {
        Some(m) => service::has_voted(tx, &ctx.org, id, m).await?,
        None => None,
    };
    // Her recorded choice stays chosen on an open ballot, so she sees what she voted.
    let chosen = match (ctx.membership_id, p.secret) {
        (Some(m), false) => service::my_choice(tx, &ctx.org, id, m).await?,
        _ => vec![],
    };
    let base = format!("/o/{}/votes/{id}", ctx.org.slug);
    let open = p.status == "open";
    // An election's ballot: its result (seats, transfers) is on the election's page.
    let election = crate::elections::service::of_proposal(tx, &ctx.org, id).await?;
    let n = t.options.len();
    Ok(html! {
        h1 { (icon("vote")) (p.title) }
        p.meta {
            (tr.t(kind.label())) @if p.secret { " · " (tr.t("vote-secret")) }
            " · " (tr.t("vote-closes")) " " (tr.fmt().date(&p.closes_on))
        }
        @if !p.body.is_empty() { p { (p.body) } }
        @if !errors.is_empty() { p.errors role="alert" { @for e in errors { (tr.t(e.message)) " " } } }
        @if open {
            @match mine {
                Some(true) if p.secret => { p.flash { (tr.t("vote-recorded")) } }
                Some(voted) => {
                    @if voted { p.flash { (tr.t("vote-recorded")) " " (tr.t("vote-change-help")) } }
                    form.card method="post" action=(format!("{base}/ballot")) {
                        h2 { (tr.t("vote-your-ballot")) }
                        (form_keys(page))
                        @match kind {
                            Kind::YesNo | Kind::Single => {
                                @for (i, o) in t.options.iter().enumerate() {
                                    label.choice { input type="radio" name="choice" value=(i) checked[chosen.contains(&i)]; " " (label(tr, o)) }
                                }
                            }
                            Kind::Multiple => {
                                p.meta { (tr.ta("vote-max-help", &[("count", p.max_choices.into())])) }
                                @for (i, o) in t.options.iter().enumerate() {
                                    label.choice { input type="checkbox" name=(format!("choice_{i}")) value="on" checked[chosen.contains(&i)]; " " (o) }
                                }
                            }
                            Kind::Ranked => {
                                p.meta { (tr.t("vote-rank-help")) }
                                @for (i, o) in t.options.iter().enumerate() {
                                    label.choice {
                                        select name=(format!("rank_{i}")) aria-label=(o) {
                                            option value="" { "–" }
                                            @for r in 1..=n { option value=(r) { (r) } }
                                        }
                                        " " (o)
                                    }
                                }
                            }
                        }
                        button type="submit" { (tr.t("vote-cast")) }
                    }
                }
                None => { p.meta { (tr.t("vote-not-eligible")) } }
            }
            p { (tr.t("vote-turnout")) ": " strong { (tr.fmt().int(t.turnout)) } " / " (tr.fmt().int(p.eligible)) }
            @if ctx.can(Permission::Approve) {
                @if kind != Kind::Ranked {
                    form.card method="post" action=(format!("{base}/room")) {
                        h2 { (tr.t("vote-room")) }
                        (form_keys(page))
                        label for="position" { (tr.t("vote-option")) }
                        select id="position" name="position" { @for (i, o) in t.options.iter().enumerate() { option value=(i) { (label(tr, o)) } } }
                        (field(tr, "votes", "vote-room-votes", "number", "", errors))
                        button.secondary type="submit" { (tr.t("save")) }
                    }
                }
                form method="post" action=(format!("{base}/close")) {
                    (form_keys(page))
                    button type="submit" { (tr.t("vote-close")) }
                }
            }
        } @else if let Some(e) = election {
            p { a.button href=(format!("/o/{}/elections/{e}", ctx.org.slug)) { (icon("election")) (tr.t("vote-result")) } }
        } @else {
            (result_view(page, &t))
        }
        p { a href=(format!("/o/{}/votes", ctx.org.slug)) { (tr.t("votes-title")) } }
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
    Ok(layout::page(&page, &page.tr.t("votes-title"), Some(&nav(&ctx)), body))
}

/// The ballot as option positions, from the form's fields.
fn choice_of(kind: Kind, form: &Fields, options: usize) -> Vec<usize> {
    match kind {
        Kind::YesNo | Kind::Single => form.get("choice").trim().parse().ok().into_iter().collect(),
        Kind::Multiple => (0..options)
            .filter(|i| !form.get(&format!("choice_{i}")).is_empty())
            .collect(),
        Kind::Ranked => {
            let mut ranked: Vec<(usize, usize)> = (0..options)
                .filter_map(|i| {
                    form.get(&format!("rank_{i}"))
                        .trim()
                        .parse::<usize>()
                        .ok()
                        .map(|r| (r, i))
                })
                .collect();
            ranked.sort_unstable();
            // Two options given the same rank make the ballot invalid.
            if ranked.windows(2).any(|w| w[0].0 == w[1].0) {
                return vec![usize::MAX];
            }
            ranked.into_iter().map(|(_, i)| i).collect()
        }
    }
}

/// Runs a write; on refusal shows the proposal again with what was wrong.
async fn act(
    state: &AppState,
    page: &Page,
    ctx: &OrgCtx,
    id: i64,
    op: impl AsyncFnOnce(&mut Tx) -> AppResult<()>,
) -> AppResult<Response> {
    let mut tx = state.db.begin_write().await?;
    match op(&mut tx).await {
        Ok(()) => {
            tx.commit().await?;
            state.db.scrub_if_wanted().await;
            Ok(Redirect::to(&format!("/o/{}/votes/{id}", ctx.org.slug)).into_response())
        }
        Err(AppError::Invalid(errors)) => {
            drop(tx);
            let mut tx = state.db.begin().await?;
            let body = detail_view(&mut tx, page, ctx, id, &errors).await?;
            Ok(layout::refused(page, &page.tr.t("votes-title"), Some(&nav(ctx)), body))
        }
        Err(e) => Err(e),
    }
}

pub async fn cast(
    State(state): State<AppState>,
    page: Page,
    ctx: OrgCtx,
    Path((_slug, id)): Path<(String, i64)>,
    CsrfForm(form): CsrfForm<Fields>,
) -> AppResult<Response> {
    let member = ctx.membership_id.ok_or(AppError::Forbidden)?;
    act(&state, &page, &ctx, id, async |tx| {
        let p = service::tally(tx, &ctx.org, id).await?;
        let kind = Kind::parse(&p.proposal.kind).unwrap_or(Kind::YesNo);
        let choice = choice_of(kind, &form, p.options.len());
        service::vote(tx, &ctx.org, id, member, &choice, &ctx.org.today()).await
    })
    .await
}

pub async fn room(
    State(state): State<AppState>,
    page: Page,
    ctx: OrgCtx,
    Path((_slug, id)): Path<(String, i64)>,
    CsrfForm(form): CsrfForm<Fields>,
) -> AppResult<Response> {
    ctx.require(Permission::Approve)?;
    act(&state, &page, &ctx, id, async |tx| {
        let position = form.get("position").trim().parse().unwrap_or(-1);
        let votes = form.get("votes").trim().parse().unwrap_or(0);
        service::add_room_count(tx, &ctx.org, id, position, votes, ctx.person.id).await
    })
    .await
}

pub async fn close(
    State(state): State<AppState>,
    page: Page,
    ctx: OrgCtx,
    Path((_slug, id)): Path<(String, i64)>,
    CsrfForm(_): CsrfForm<Fields>,
) -> AppResult<Response> {
    ctx.require(Permission::Approve)?;
    act(&state, &page, &ctx, id, async |tx| {
        service::close(tx, &ctx.org, id, ctx.person.id).await.map(|_| ())
    })
    .await
}
