//! The web interface's shared parts: page context, forms, layout, errors, static assets.

pub mod assets;
pub mod charts;
pub mod error;
pub mod form;
pub mod json;
pub mod layout;

use axum::extract::FromRequestParts;
use axum::http::HeaderMap;
use axum::http::request::Parts;
use tower_sessions::Session;

use crate::app::AppState;
use crate::auth::{Caller, PersonSummary};
use crate::i18n::{Locale, Tr};
pub use error::{AppError, AppResult, FieldError};

/// The cookie that remembers the chosen language.
pub const LANG_COOKIE: &str = "lang";

/// The locale of a request: the chosen language (cookie), else Accept-Language.
pub fn locale_of(headers: &HeaderMap) -> Tr {
    let chosen = headers
        .get_all(axum::http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == LANG_COOKIE)
        .and_then(|(_, v)| Locale::parse(v));
    let locale = chosen.unwrap_or_else(|| {
        let accept = headers
            .get(axum::http::header::ACCEPT_LANGUAGE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("");
        Locale::negotiate(accept)
    });
    Tr::new(locale)
}

/// Percent-encodes a value for a URL query.
pub fn url_encode(s: &str) -> String {
    form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

/// A path inside this site, safe to redirect to after login (no other host).
pub fn safe_next(next: Option<&str>) -> String {
    match next {
        Some(n) if n.starts_with('/') && !n.starts_with("//") && !n.contains('\\') => n.to_string(),
        _ => "/".to_string(),
    }
}

/// A fresh random key for a form's hidden idempotency field.
pub fn new_key() -> String {
    crate::auth::random_token(16)
}

/// What every page needs: the language, the person, the form token, where we are.
#[derive(Clone, Debug)]
pub struct Page {
    pub tr: Tr,
    pub person: Option<PersonSummary>,
    pub csrf: String,
    pub path: String,
    session: Option<Session>,
}

impl Page {
    /// Makes sure the page has a CSRF token (a visitor's login form needs one).
    pub async fn ensure_csrf(&mut self) -> AppResult<()> {
        if self.csrf.is_empty()
            && let Some(s) = &self.session
        {
            self.csrf = form::csrf_token(s).await?;
        }
        Ok(())
    }
}

impl FromRequestParts<AppState> for Page {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let tr = locale_of(&parts.headers);
        let caller = Caller::from_request_parts(parts, state).await?;
        let session = Session::from_request_parts(parts, state).await.ok();
        let csrf = match (&caller.person, &session) {
            (Some(_), Some(s)) => form::csrf_token(s).await?,
            _ => String::new(),
        };
        let path = match parts.uri.query() {
            Some(q) => format!("{}?{q}", parts.uri.path()),
            None => parts.uri.path().to_string(),
        };
        Ok(Page {
            tr,
            person: caller.person.map(|p| p.summary()),
            csrf,
            path,
            session,
        })
    }
}
