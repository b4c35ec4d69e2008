//! Her messages: how they reach her (or not), and what was sent; for the organisation's
//! admin, what all notices did and the month's budget.

use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use maud::{Markup, html};

use super::model::{Channel, Kind, Status};
use super::service;
use crate::auth::{OrgCtx, Permission};
use crate::i18n::Tr;
use crate::state::AppState;
use crate::web::form::{CsrfForm, Fields, submit};
use crate::web::layout::{self, form_keys, icon, money, nav};
use crate::web::{AppError, AppResult, FieldError, Page};

fn status_label(status: &str) -> String {
    format!(
        "notice-status-{}",
        Status::parse(status).unwrap_or(Status::Queued).as_str()
    )
}

async fn view(state: &AppState, page: &Page, ctx: &OrgCtx, errors: &[FieldError]) -> AppResult<Markup> {
    let tr: &Tr = &page.tr;
    let base = format!("/o/{}/notices", ctx.org.slug);
    let mut tx = state.db.begin().await?;
    let mine = match ctx.membership_id {
        Some(m) => Some(service::mine(&mut tx, &ctx.org, m).await?),
        None => None,
    };
    let overview = if ctx.can(Permission::EditSettings) {
        Some(service::overview(&mut tx, &ctx.org).await?)
    } else {
        None
    };
    drop(tx);
    let body = html! {
        h1 { (icon("sound")) (tr.t("notices-title")) }
        (layout::errors_box(page, errors))
        @if let Some((choices, notices)) = &mine {
            form.card method="post" action=(format!("{base}/choices")) {
                h2 { (tr.t("notices-how")) }
                (form_keys(page))
                @for (channel, out, details) in choices {
                    fieldset {
                        legend { (tr.t(channel.label())) }
                        // WhatsApp is for who said yes to it; SMS and email until she says no.
                        @let on = if *channel == Channel::WhatsApp { *details == Some(true) && !out } else { !out };
                        label { input type="checkbox" name=(format!("on_{}", channel.as_str())) checked[on]; (tr.t("notices-send-me")) }
                        @if *channel != Channel::WhatsApp {
                            label { input type="checkbox" name=(format!("private_{}", channel.as_str())) checked[*details == Some(false)]; (tr.t("notices-private")) }
                        }
                    }
                }
                button type="submit" { (tr.t("save")) }
            }
            section.card {
                h2 { (tr.t("notices-sent-to-you")) }
                @if notices.is_empty() { p.meta { (tr.t("notices-none")) } }
                ul.list {
                    @for n in notices {
                        li {
                            @if let Some(kind) = Kind::parse(&n.kind) { (service::text_of(tr, kind, &n.body)) }
                            div.meta { (tr.t(&format!("notice-channel-{}", n.channel))) " · " span.tag { (tr.t(&status_label(&n.status))) } }
                        }
                    }
                }
            }
        }
        @if let Some((counts, budget, spent)) = &overview {
            section.card {
                h2 { (tr.t("notices-all")) }
                div.grid {
                    @for (status, n) in counts {
                        div.stat { b { (tr.fmt().int(*n)) } span { (tr.t(&status_label(status))) } }
                    }
                }
                form method="post" action=(format!("{base}/budget")) {
                    (form_keys(page))
                    p { (tr.ta("notices-spent", &[("amount", money(page, ctx, *spent).into())])) }
                    (layout::field(tr, "budget", "notices-budget", "number", &crate::money::Money::new(*budget, ctx.org.currency).to_plain(), errors))
                    p.meta { (tr.t("notices-budget-help")) }
                    button.secondary type="submit" { (tr.t("save")) }
                }
                // The template ids a country's rules register (India's DLT, WhatsApp's names).
                form method="post" action=(format!("{base}/templates")) {
                    h3 { (tr.t("notices-template")) }
                    (form_keys(page))
                    label for="kind" { (tr.t("notices-template-kind")) }
                    select #kind name="kind" { @for k in Kind::ALL { option value=(k.as_str()) { (k.as_str()) } } }
                    label for="channel" { (tr.t("notices-template-channel")) }
                    select #channel name="channel" { @for c in [Channel::Sms, Channel::WhatsApp] { option value=(c.as_str()) { (tr.t(c.label())) } } }
                    label for="locale" { (tr.t("language")) }
                    select #locale name="locale" { @for l in &ctx.org.languages { option value=(l.tag()) { (l.native_name()) } } }
                    (layout::field(tr, "template_id", "notices-template-id", "text", "", errors))
                    button.secondary type="submit" { (tr.t("save")) }
                }
            }
        }
    };
    Ok(layout::page(page, &tr.t("notices-title"), Some(&nav(ctx)), body))
}

pub async fn page(State(state): State<AppState>, page: Page, ctx: OrgCtx) -> AppResult<Markup> {
    ctx.require(Permission::ViewDashboard)?;
    view(&state, &page, &ctx, &[]).await
}

/// Back to the messages page saying it was saved, or the page again with what was wrong.
async fn answer(
    state: &AppState,
    page: &Page,
    ctx: &OrgCtx,
    session: &tower_sessions::Session,
    saved: Result<(), Vec<FieldError>>,
) -> AppResult<Response> {
    match saved {
        Ok(()) => {
            crate::web::tell(session, page.tr.t("told-saved")).await?;
            Ok(Redirect::to(&format!("/o/{}/notices", ctx.org.slug)).into_response())
        }
        Err(errors) => Ok(layout::refused(
            page,
            &page.tr.t("notices-title"),
            Some(&nav(ctx)),
            view(state, page, ctx, &errors).await?,
        )),
    }
}

/// Her choices: each channel on or off, and the whole text or only "there is news".
pub async fn save_choices(
    State(state): State<AppState>,
    page: Page,
    ctx: OrgCtx,
    session: tower_sessions::Session,
    CsrfForm(form): CsrfForm<Fields>,
) -> AppResult<Response> {
    let member = ctx.membership_id.ok_or(AppError::Forbidden)?;
    let org = &ctx.org;
    let saved = submit(&state.db, async |tx| {
        for c in Channel::ALL {
            let on = !form.get(&format!("on_{}", c.as_str())).is_empty();
            let (out, details) = if c == Channel::WhatsApp {
                (false, Some(on))
            } else {
                let private = !form.get(&format!("private_{}", c.as_str())).is_empty();
                (!on, if private { Some(false) } else { None })
            };
            service::choose(tx, org, member, c, out, details).await?;
        }
        Ok(())
    })
    .await?;
    answer(&state, &page, &ctx, &session, saved).await
}

/// The month's budget for messages, set by the organisation's admin.
pub async fn save_budget(
    State(state): State<AppState>,
    page: Page,
    ctx: OrgCtx,
    session: tower_sessions::Session,
    CsrfForm(form): CsrfForm<Fields>,
) -> AppResult<Response> {
    ctx.require(Permission::EditSettings)?;
    let org = &ctx.org;
    let text = form.get("budget").trim();
    let budget = if text.is_empty() {
        Ok(0)
    } else {
        crate::money::Money::parse(text, org.currency, page.tr.fmt().decimal_mark())
            .map(|m| m.minor)
            .map_err(|_| ())
            .and_then(|m| if m >= 0 { Ok(m) } else { Err(()) })
    };
    let saved = match budget {
        Ok(b) => submit(&state.db, async |tx| service::set_budget(tx, org, b).await).await?,
        Err(()) => Err(vec![FieldError::new("budget", "amount-invalid")]),
    };
    answer(&state, &page, &ctx, &session, saved).await
}

/// A registered template id for one kind of notice, channel and language.
pub async fn save_template(
    State(state): State<AppState>,
    page: Page,
    ctx: OrgCtx,
    session: tower_sessions::Session,
    CsrfForm(form): CsrfForm<Fields>,
) -> AppResult<Response> {
    ctx.require(Permission::EditSettings)?;
    let org = &ctx.org;
    let kind = Kind::parse(form.get("kind"));
    let channel = Channel::parse(form.get("channel"));
    let locale = crate::i18n::Locale::parse(form.get("locale"));
    let id = form.get("template_id").trim().to_string();
    let saved = match (kind, channel, locale) {
        (Some(k), Some(c), Some(l)) if !id.is_empty() && id.len() <= 100 && !id.contains(char::is_whitespace) => {
            submit(&state.db, async |tx| {
                service::set_template(tx, org, k, c, l.tag(), &id).await
            })
            .await?
        }
        _ => Err(vec![FieldError::new("template_id", "notices-template-invalid")]),
    };
    answer(&state, &page, &ctx, &session, saved).await
}
