//! A phone a household shares: she types the number (or the phone is already on the
//! household's page), picks her name, then gives her PIN or her three pictures. Switching
//! member ends the session before; nothing of hers stays in the title, the history or
//! the cache.

use std::net::SocketAddr;

use axum::extract::{ConnectInfo, State};
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use maud::{Markup, html};
use serde::Deserialize;
use tower_sessions::Session;

use super::model::{PICTURES, parse_pictures};
use super::service::{self, HouseholdSecret, LoginRefused};
use super::{SESSION_HOUSEHOLD, SESSION_PERSON, SESSION_SEEN};
use crate::state::AppState;
use crate::web::form::CsrfForm;
use crate::web::layout::{self, form_keys, icon};
use crate::web::{AppError, AppResult, Page};

/// Who is on this phone: each name a button.
pub fn chooser(page: &Page, phone: &str, people: &[(i64, String, bool, bool)]) -> Markup {
    let tr = &page.tr;
    let body = html! {
        section.card {
            h1 { (icon("members")) (tr.t("household-who")) }
            ul.list.people {
                @for (id, name, _, _) in people {
                    li {
                        form method="post" action="/login/who" {
                            (form_keys(page))
                            input type="hidden" name="phone" value=(phone);
                            input type="hidden" name="person" value=(id);
                            button.choice type="submit" { (icon("person")) (name) }
                        }
                    }
                }
            }
            p.meta { a href="/login?password=1" { (tr.t("household-password-instead")) } }
        }
    };
    layout::page(page, &tr.t("login-title"), None, body)
}

/// Three rows of the nine pictures: her first, second and third.
fn picture_fields(tr: &crate::i18n::Tr) -> Markup {
    html! {
        @for (n, legend) in [(1, "household-picture-1"), (2, "household-picture-2"), (3, "household-picture-3")] {
            fieldset.pictures {
                legend { (tr.t(legend)) }
                @for pic in PICTURES {
                    label.picture title=(tr.t(&format!("picture-{pic}"))) {
                        input type="radio" name=(format!("p{n}")) value=(pic);
                        (icon(&format!("pic-{pic}")))
                        span.sr { (tr.t(&format!("picture-{pic}"))) }
                    }
                }
            }
        }
    }
}

/// Her PIN, or her three pictures when she chose them.
fn secret_form(page: &Page, phone: &str, person: i64, name: &str, pictures: bool, error: Option<String>) -> Markup {
    let tr = &page.tr;
    let body = html! {
        section.card {
            h1 { (icon("key")) (name) }
            @if let Some(e) = error { p.errors role="alert" { (e) } }
            form method="post" action="/login/pin" autocomplete="off" {
                (form_keys(page))
                input type="hidden" name="phone" value=(phone);
                input type="hidden" name="person" value=(person);
                label for="pin" { (tr.t("household-pin")) }
                input #pin name="pin" type="password" inputmode="numeric" pattern="[0-9]*" maxlength="6" autocomplete="off";
                @if pictures {
                    p { (tr.t("household-or-pictures")) }
                    (picture_fields(tr))
                }
                button type="submit" { (tr.t("login-submit")) }
            }
            p.meta { a href="/login" { (tr.t("household-not-me")) } }
        }
    };
    layout::page(page, &tr.t("login-title"), None, body)
}

/// What she gave: a PIN, else three pictures; None when neither is well formed.
fn secret_of(form: &WhoForm) -> Option<HouseholdSecret> {
    match (
        super::model::parse_pin(&form.pin),
        parse_pictures([&form.p1, &form.p2, &form.p3]),
    ) {
        (Some(p), _) => Some(HouseholdSecret::Pin(p)),
        (None, Some(p)) => Some(HouseholdSecret::Pictures(p)),
        (None, None) => None,
    }
}

#[derive(Deserialize, Default)]
pub struct WhoForm {
    #[serde(default)]
    phone: String,
    #[serde(default)]
    person: String,
    #[serde(default)]
    pin: String,
    #[serde(default)]
    p1: String,
    #[serde(default)]
    p2: String,
    #[serde(default)]
    p3: String,
}

/// The household member she picked, checked against the phone's household.
async fn picked(state: &AppState, form: &WhoForm) -> AppResult<(String, i64, String, bool)> {
    let (phone, people) = service::household_of(&state.db, &form.phone)
        .await?
        .ok_or(AppError::BadRequest("error-400"))?;
    let id: i64 = form
        .person
        .trim()
        .parse()
        .map_err(|_| AppError::BadRequest("error-400"))?;
    let (_, name, _, pictures) = people
        .into_iter()
        .find(|(p, ..)| *p == id)
        .ok_or(AppError::BadRequest("error-400"))?;
    Ok((phone, id, name, pictures))
}

/// `POST /login/who`: she picked her name; her PIN next.
pub async fn who(State(state): State<AppState>, page: Page, CsrfForm(form): CsrfForm<WhoForm>) -> AppResult<Markup> {
    let (phone, id, name, pictures) = picked(&state, &form).await?;
    Ok(secret_form(&page, &phone, id, &name, pictures, None))
}

/// `POST /login/pin`: her PIN or pictures; a new session for her alone.
pub async fn pin(
    State(state): State<AppState>,
    ConnectInfo(addr): ConnectInfo<SocketAddr>,
    headers: axum::http::HeaderMap,
    session: Session,
    page: Page,
    CsrfForm(form): CsrfForm<WhoForm>,
) -> AppResult<Response> {
    let (phone, id, name, pictures) = picked(&state, &form).await?;
    let tr = &page.tr;
    let Some(secret) = secret_of(&form) else {
        let body = secret_form(&page, &phone, id, &name, pictures, Some(tr.t("household-pin-invalid")));
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, body).into_response());
    };
    let origin = service::Origin::of(&state, addr, &headers);
    match service::login_household(&state.db, &phone, id, &secret, &origin).await? {
        Ok(person) => {
            start(&session, person.id, &phone).await?;
            let mut resp = forget(Redirect::to("/").into_response());
            let cookie = format!("{HOUSEHOLD_COOKIE}={phone}; Path=/login; Max-Age=31536000; HttpOnly; SameSite=Lax");
            resp.headers_mut().append(
                axum::http::header::SET_COOKIE,
                HeaderValue::from_str(&cookie).map_err(|_| AppError::Internal("cookie".into()))?,
            );
            Ok(not_own_phone(resp))
        }
        Err(LoginRefused::TooManyAttempts) => {
            let body = secret_form(&page, &phone, id, &name, pictures, Some(tr.t("error-429")));
            Ok((StatusCode::TOO_MANY_REQUESTS, body).into_response())
        }
        Err(_) => {
            let body = secret_form(&page, &phone, id, &name, pictures, Some(tr.t("household-pin-wrong")));
            Ok((StatusCode::UNPROCESSABLE_ENTITY, body).into_response())
        }
    }
}

/// A fresh session for her: whoever was logged in on this phone before is gone.
async fn start(session: &Session, person: i64, phone: &str) -> AppResult<()> {
    let err = |e: tower_sessions::session::Error| AppError::Internal(e.to_string());
    session.flush().await.map_err(err)?;
    session.cycle_id().await.map_err(err)?;
    session.insert(SESSION_PERSON, person).await.map_err(err)?;
    session.insert(SESSION_SEEN, crate::db::now()).await.map_err(err)?;
    session
        .insert(SESSION_HOUSEHOLD, phone.to_string())
        .await
        .map_err(err)?;
    Ok(())
}

/// Asks the browser to drop what it kept of the pages before (Back shows nothing).
pub fn forget(mut resp: Response) -> Response {
    resp.headers_mut()
        .insert("clear-site-data", HeaderValue::from_static("\"cache\""));
    resp
}

/// The cookie that says a phone is its owner's alone (pages may be kept offline there).
pub const OWN_PHONE_COOKIE: &str = "tejido_own_phone";

/// Whether this browser's owner marked the phone as hers alone.
pub fn is_own_phone(headers: &axum::http::HeaderMap) -> bool {
    crate::web::cookie(headers, OWN_PHONE_COOKIE).as_deref() == Some("1")
}

/// A household's shared phone is nobody's alone: no page of hers is kept on it.
pub fn not_own_phone(mut resp: Response) -> Response {
    let clear = format!("{OWN_PHONE_COOKIE}=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax");
    if let Ok(v) = HeaderValue::from_str(&clear) {
        resp.headers_mut().append(axum::http::header::SET_COOKIE, v);
    }
    resp
}

#[derive(Deserialize, Default)]
pub struct OwnPhoneForm {
    #[serde(default)]
    own: String,
}

/// `POST /account/own-phone`: this phone is hers alone (her pages may be kept on it for
/// reading offline), or no longer.
pub async fn own_phone(caller: super::Caller, CsrfForm(form): CsrfForm<OwnPhoneForm>) -> AppResult<Response> {
    caller.require()?;
    let resp = Redirect::to("/account").into_response();
    if form.own.is_empty() || caller.shared {
        return Ok(not_own_phone(resp));
    }
    let mut resp = resp;
    let cookie = format!("{OWN_PHONE_COOKIE}=1; Path=/; Max-Age=31536000; HttpOnly; SameSite=Lax");
    resp.headers_mut().append(
        axum::http::header::SET_COOKIE,
        HeaderValue::from_str(&cookie).map_err(|_| AppError::Internal("cookie".into()))?,
    );
    Ok(resp)
}

/// The cookie that keeps the household's phone on the phone itself, so that the login
/// page opens on the household's names.
pub const HOUSEHOLD_COOKIE: &str = "tejido_household";

/// The household phone this browser remembers, if any.
pub fn remembered(headers: &axum::http::HeaderMap) -> Option<String> {
    crate::web::cookie(headers, HOUSEHOLD_COOKIE).and_then(|v| super::model::parse_phone(v.trim(), ""))
}

/// `POST /switch`: ends her session; the login page shows the household's names again.
pub async fn switch(session: Session, CsrfForm(_): CsrfForm<super::pages::Empty>) -> AppResult<Response> {
    session.flush().await.map_err(|e| AppError::Internal(e.to_string()))?;
    Ok(not_own_phone(forget(Redirect::to("/login").into_response())))
}

/// On her account page: her PIN, or three pictures, for the shared phone.
pub fn secret_setter(page: &Page) -> Markup {
    let tr = &page.tr;
    html! {
        form.card method="post" action="/account/household" autocomplete="off" {
            h2 { (icon("key")) (tr.t("household-your-pin")) }
            (form_keys(page))
            label for="pin" { (tr.t("household-pin-set")) }
            input #pin name="pin" type="password" inputmode="numeric" pattern="[0-9]*" maxlength="6" autocomplete="new-password";
            p { (tr.t("household-or-pictures")) }
            (picture_fields(tr))
            button type="submit" { (tr.t("save")) }
        }
    }
}

/// `POST /account/household`: sets her PIN or her pictures.
pub async fn set_secret(
    State(state): State<AppState>,
    caller: super::Caller,
    session: Session,
    page: Page,
    CsrfForm(form): CsrfForm<WhoForm>,
) -> AppResult<Response> {
    let person = caller.require()?;
    let Some(secret) = secret_of(&form) else {
        let body = html! {
            p.errors role="alert" { (page.tr.t("household-pin-invalid")) }
            (secret_setter(&page))
        };
        return Ok(layout::refused(&page, &page.tr.t("account-title"), None, body));
    };
    if !service::set_household_secret(&state.db, person.id, &secret).await? {
        return Err(AppError::NotFound);
    }
    crate::web::tell(&session, page.tr.t("told-saved")).await?;
    Ok(Redirect::to("/account").into_response())
}
