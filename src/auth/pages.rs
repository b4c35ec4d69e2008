//! Home, login, logout, language switch and password change.

use std::net::SocketAddr;

use axum::extract::{ConnectInfo, Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use maud::{Markup, html};
use serde::Deserialize;
use tower_sessions::Session;

use super::service::{self, LoginRefused};
use super::{Caller, SESSION_PERSON, store};
use crate::i18n::Locale;
use crate::state::AppState;
use crate::web::form::CsrfForm;
use crate::web::layout::{self, field, form_keys, icon};
use crate::web::{AppError, AppResult, FieldError, LANG_COOKIE, Page, safe_next};

/// The home page: a visitor is invited to log in; a person sees her organisations, or,
/// when she is in one, goes straight to its home: her figures, not a list of one.
pub async fn home(State(state): State<AppState>, page: Page, caller: Caller) -> AppResult<Response> {
    let tr = &page.tr;
    let Some(person) = caller.person else {
        let body = html! {
            section.card {
                h1 { "Tejido" }
                p { (tr.t("tagline")) }
                p { a.button href="/login" { (icon("key")) (tr.t("nav-login")) } }
            }
        };
        return Ok(layout::page(&page, "Tejido", None, body).into_response());
    };
    let mut tx = state.db.begin().await?;
    let mut orgs = vec![];
    for m in crate::members::memberships_of(&mut tx, person.id).await? {
        if let Some(o) = crate::orgs::by_id(&mut tx, m.org_id).await? {
            orgs.push((o, m));
        }
    }
    let mut invitations = vec![];
    for inv in crate::members::service::invitations(&mut tx, &person).await? {
        if let Some(o) = crate::orgs::by_id(&mut tx, inv.org_id).await? {
            invitations.push((inv, o.name));
        }
    }
    if let [(only, _)] = orgs.as_slice()
        && invitations.is_empty()
        && !person.is_operator
    {
        return Ok(Redirect::to(&format!("/o/{}", only.slug)).into_response());
    }
    let all = if person.is_operator {
        crate::orgs::all(&mut tx).await?
    } else {
        vec![]
    };
    let body = html! {
        h1 { (tr.ta("home-hello", &[("name", person.name.clone().into())])) }
        (crate::members::pages::invitations_box(&page, &invitations))
        h2 { (tr.t("home-your-orgs")) }
        @if orgs.is_empty() { p { (tr.t("home-no-orgs")) } }
        ul.list {
            @for (o, m) in &orgs {
                li {
                    a href=(format!("/o/{}", o.slug)) { (icon("org")) (o.name) }
                    div.meta {
                        span.tag { (tr.t(o.kind.label())) }
                        span class={"tag " (m.status.as_str())} { (tr.t(m.status.label())) }
                        @for r in m.roles.iter() { span.tag { (tr.t(r.label())) } }
                    }
                }
            }
        }
        @if person.is_operator {
            h2 { (tr.t("home-all-orgs")) }
            p { a.button href="/admin/orgs/new" { (icon("add")) (tr.t("org-new")) } }
            ul.list {
                @for o in &all {
                    li { a href=(format!("/o/{}", o.slug)) { (o.name) } " " span.meta { (o.slug) " · " (tr.t(o.kind.label())) " · " (o.country) } }
                }
            }
        }
        p { a href="/account" { (icon("key")) (tr.t("account-title")) } }
    };
    Ok(layout::page(&page, &tr.t("home-title"), None, body).into_response())
}

#[derive(Deserialize, Default)]
pub struct NextQuery {
    next: Option<String>,
    /// Asks for the password form on a household's phone.
    password: Option<String>,
}

fn login_form(page: &Page, identifier: &str, next: &str, errors: &[FieldError], notice: Option<String>) -> Markup {
    let tr = &page.tr;
    let body = html! {
        section.card {
            h1 { (icon("key")) (tr.t("login-title")) }
            @if let Some(n) = notice { p.errors role="alert" { (n) } }
            form method="post" action="/login" {
                (form_keys(page))
                input type="hidden" name="next" value=(next);
                (field(tr, "identifier", "login-identifier", "text", identifier, errors))
                (field(tr, "password", "login-password", "password", "", errors))
                button type="submit" { (tr.t("login-submit")) }
            }
            p.meta { (tr.t("login-help")) }
            p.meta { (tr.t("login-shared-help")) }
        }
    };
    layout::page(page, &tr.t("login-title"), None, body)
}

/// The login form; on a household's shared phone, the household's names.
pub async fn login_page(
    State(state): State<AppState>,
    headers: axum::http::HeaderMap,
    page: Page,
    Query(q): Query<NextQuery>,
) -> AppResult<Markup> {
    if q.password.is_none()
        && let Some(phone) = super::household_pages::remembered(&headers)
        && let Some((phone, people)) = service::household_of(&state.db, &phone).await?
    {
        return Ok(super::household_pages::chooser(&page, &phone, &people));
    }
    let next = safe_next(q.next.as_deref());
    Ok(login_form(&page, "", &next, &[], None))
}

#[derive(Deserialize)]
pub struct LoginForm {
    #[serde(default)]
    identifier: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    next: String,
}

pub async fn login(
    State(state): State<AppState>,
    ConnectInfo(addr): ConnectInfo<SocketAddr>,
    headers: axum::http::HeaderMap,
    session: Session,
    page: Page,
    CsrfForm(form): CsrfForm<LoginForm>,
) -> AppResult<Response> {
    let tr = page.tr;
    let next = safe_next(Some(&form.next));
    let refused = |status: StatusCode, errors: Vec<FieldError>, notice: Option<String>| -> Response {
        (status, login_form(&page, &form.identifier, &next, &errors, notice)).into_response()
    };
    // A household's phone typed without a password: the household's names.
    if form.password.is_empty()
        && let Some((phone, people)) = service::household_of(&state.db, &form.identifier).await?
    {
        return Ok(super::household_pages::chooser(&page, &phone, &people).into_response());
    }
    let origin = service::Origin::of(&state, addr, &headers);
    let person = match service::login(&state.db, &form.identifier, &form.password, &origin).await? {
        Ok(p) => p,
        Err(LoginRefused::BadIdentifier) => {
            return Ok(refused(
                StatusCode::UNPROCESSABLE_ENTITY,
                vec![FieldError::new("identifier", "login-identifier-invalid")],
                None,
            ));
        }
        Err(LoginRefused::BadCredentials) => {
            return Ok(refused(
                StatusCode::UNPROCESSABLE_ENTITY,
                vec![],
                Some(tr.t("login-failed")),
            ));
        }
        Err(LoginRefused::TooManyAttempts) => {
            return Ok(refused(StatusCode::TOO_MANY_REQUESTS, vec![], Some(tr.t("error-429"))));
        }
    };
    session
        .cycle_id()
        .await
        .map_err(|e| AppError::Internal(e.to_string()))?;
    session
        .insert(SESSION_PERSON, person.id)
        .await
        .map_err(|e| AppError::Internal(e.to_string()))?;
    let mut resp = Redirect::to(&next).into_response();
    if let Some(l) = person.locale.as_deref().and_then(Locale::parse) {
        resp.headers_mut().append(
            header::SET_COOKIE,
            lang_cookie(l)
                .parse()
                .map_err(|_| AppError::Internal("cookie".into()))?,
        );
    }
    Ok(resp)
}

#[derive(Deserialize)]
pub struct Empty {}

pub async fn logout(session: Session, CsrfForm(_): CsrfForm<Empty>) -> AppResult<Response> {
    session.flush().await.map_err(|e| AppError::Internal(e.to_string()))?;
    Ok(super::household_pages::forget(Redirect::to("/").into_response()))
}

fn lang_cookie(l: Locale) -> String {
    format!("{LANG_COOKIE}={}; Path=/; Max-Age=31536000; SameSite=Lax", l.tag())
}

/// Switches the language: remembered in a cookie, and on the person when logged in.
pub async fn switch_language(
    State(state): State<AppState>,
    caller: Caller,
    Path(tag): Path<String>,
    Query(q): Query<NextQuery>,
) -> AppResult<Response> {
    let locale = Locale::parse(&tag).ok_or(AppError::BadRequest("error-unknown-language"))?;
    if let Some(p) = &caller.person {
        let mut tx = state.db.begin_write().await?;
        store::set_locale(&mut tx, p.id, locale.tag()).await?;
        tx.commit().await?;
    }
    let mut resp = Redirect::to(&safe_next(q.next.as_deref())).into_response();
    resp.headers_mut().append(
        header::SET_COOKIE,
        lang_cookie(locale)
            .parse()
            .map_err(|_| AppError::Internal("cookie".into()))?,
    );
    Ok(resp)
}

fn password_form(page: &Page, errors: &[FieldError], done: bool) -> Markup {
    let tr = &page.tr;
    let body = html! {
        section.card {
            h1 { (icon("key")) (tr.t("password-change")) }
            @if done { (layout::flash(&tr.t("password-changed"))) }
            form method="post" action="/account/password" {
                (form_keys(page))
                (field(tr, "current", "password-current", "password", "", errors))
                (field(tr, "new", "password-new", "password", "", errors))
                (field(tr, "confirm", "password-confirm", "password", "", errors))
                button type="submit" { (tr.t("save")) }
            }
        }
    };
    layout::page(page, &tr.t("password-change"), None, body)
}

pub async fn password_page(page: Page, caller: Caller) -> AppResult<Markup> {
    caller.require()?;
    Ok(password_form(&page, &[], false))
}

#[derive(Deserialize)]
pub struct PasswordForm {
    #[serde(default)]
    current: String,
    #[serde(default)]
    new: String,
    #[serde(default)]
    confirm: String,
}

pub async fn change_password(
    State(state): State<AppState>,
    page: Page,
    caller: Caller,
    session: Session,
    CsrfForm(form): CsrfForm<PasswordForm>,
) -> AppResult<Response> {
    let person = caller.require()?;
    if form.new != form.confirm {
        let errors = [FieldError::new("confirm", "password-mismatch")];
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, password_form(&page, &errors, false)).into_response());
    }
    let keep = session
        .id()
        .map(|id| super::session_store::id_hash(&id))
        .unwrap_or_default();
    match service::change_password(&state.db, person.id, &form.current, &form.new, &keep).await {
        Ok(()) => Ok(password_form(&page, &[], true).into_response()),
        Err(AppError::Invalid(errors)) => {
            Ok((StatusCode::UNPROCESSABLE_ENTITY, password_form(&page, &errors, false)).into_response())
        }
        Err(e) => Err(e),
    }
}

/// Her account: her sessions and API tokens, each of which she can end, and her password.
pub async fn account_page(
    State(state): State<AppState>,
    headers: axum::http::HeaderMap,
    page: Page,
    caller: Caller,
    session: Session,
) -> AppResult<Markup> {
    let own_phone = super::household_pages::is_own_phone(&headers);
    let person = caller.require()?;
    let mut tx = state.db.begin().await?;
    let sessions = store::sessions_of(&mut tx, person.id).await?;
    let tokens = store::tokens(&mut tx, Some(person.id)).await?;
    let mut org_names = std::collections::HashMap::new();
    for t in &tokens {
        if let Some(o) = crate::orgs::by_id(&mut tx, t.org_id).await? {
            org_names.insert(t.org_id, o.name);
        }
    }
    let household = store::household_phone(&mut tx, person.id).await?;
    drop(tx);
    let this = session
        .id()
        .map(|id| super::session_store::id_hash(&id))
        .unwrap_or_default();
    let tr = &page.tr;
    let f = tr.fmt();
    let when = |at: i64| {
        time::OffsetDateTime::from_unix_timestamp(at)
            .map(|t| f.date(&crate::db::iso_day(t.date())))
            .unwrap_or_default()
    };
    let body = html! {
        h1 { (icon("key")) (tr.t("account-title")) }
        p { a.button href="/account/password" { (tr.t("password-change")) } }
        @if household.is_some() { (super::household_pages::secret_setter(&page)) }
        @if !caller.shared {
            form.card method="post" action="/account/own-phone" {
                h2 { (icon("message")) (tr.t("own-phone-title")) }
                (form_keys(&page))
                label { input type="checkbox" name="own" checked[own_phone]; (tr.t("own-phone-keep")) }
                p.meta { (tr.t("own-phone-help")) }
                button.secondary type="submit" { (tr.t("save")) }
            }
        }
        section.card {
            h2 { (tr.t("account-sessions")) }
            ul.list {
                @for (hash, started, _) in &sessions {
                    li {
                        (tr.ta("account-session-started", &[("date", when(*started).into())]))
                        @if *hash == this { " " span.tag { (tr.t("account-this-session")) } }
                        @else {
                            form method="post" action=(format!("/account/sessions/{}/end", &hash[..16])) {
                                (form_keys(&page))
                                button.secondary type="submit" { (tr.t("account-end")) }
                            }
                        }
                    }
                }
            }
        }
        section.card {
            h2 { (tr.t("account-tokens")) }
            @if tokens.is_empty() { p { (tr.t("account-no-tokens")) } }
            ul.list {
                @for t in &tokens {
                    li {
                        b { (t.label) } " · " (org_names.get(&t.org_id).cloned().unwrap_or_default()) " · " (when(t.created_at))
                        form method="post" action=(format!("/account/tokens/{}/revoke", t.id)) {
                            (form_keys(&page))
                            button.secondary type="submit" { (tr.t("account-end")) }
                        }
                    }
                }
            }
        }
    };
    Ok(layout::page(&page, &tr.t("account-title"), None, body))
}

/// Ends one of her sessions, or revokes one of her tokens.
pub async fn end_access(
    State(state): State<AppState>,
    caller: Caller,
    Path((kind, id)): Path<(String, String)>,
    CsrfForm(_): CsrfForm<Empty>,
) -> AppResult<Response> {
    let person = caller.require()?;
    let mut tx = state.db.begin_write().await?;
    let ended = match kind.as_str() {
        "sessions" if id.len() == 16 && id.chars().all(|c| c.is_ascii_hexdigit()) => {
            store::end_session(&mut tx, person.id, &id).await? > 0
        }
        "tokens" => match id.parse::<i64>() {
            Ok(n) => store::revoke_token(&mut tx, n, Some(person.id)).await?,
            Err(_) => false,
        },
        _ => false,
    };
    if !ended {
        return Err(AppError::NotFound);
    }
    tx.commit().await?;
    Ok(Redirect::to("/account").into_response())
}
