//! The web interface's shared parts: page context, forms, layout, errors, static assets.

pub mod assets;
pub mod charts;
pub mod csv;
pub mod error;
pub mod form;
pub mod json;
pub mod layout;

use axum::extract::FromRequestParts;
use axum::http::HeaderMap;
use axum::http::request::Parts;
use tower_sessions::Session;

use crate::auth::{Caller, PersonSummary};
use crate::i18n::{Locale, Tr};
use crate::state::AppState;
pub use error::{AppError, AppResult, FieldError};
pub use json::IdOut;

/// The cookie that remembers the chosen language.
pub const LANG_COOKIE: &str = "lang";

/// The value of a cookie the request carries.
pub fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(axum::http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_string())
}

/// The locale of a request: the chosen language (cookie), else Accept-Language.
pub fn locale_of(headers: &HeaderMap) -> Tr {
    let chosen = cookie(headers, LANG_COOKIE).and_then(|v| Locale::parse(&v));
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
/// Read as a browser reads it: a browser drops tabs and newlines anywhere in a URL and
/// takes a backslash for a slash, so "/\t/evil.example" would leave the site. Anything
/// but plain printable ASCII is refused, and the rest must parse as a path.
pub fn safe_next(next: Option<&str>) -> String {
    let ok = |n: &str| {
        n.starts_with('/')
            && n.bytes().all(|b| (0x21..0x7f).contains(&b) && b != b'\\')
            && !n.starts_with("//")
            && n.parse::<axum::http::uri::PathAndQuery>().is_ok()
    };
    match next {
        Some(n) if ok(n) => n.to_string(),
        _ => "/".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::safe_next;

    #[test]
    fn next_stays_on_this_site_as_a_browser_reads_it() {
        for off in [
            "//evil.example",
            "/\t/evil.example",
            "/\\evil.example",
            "\\/evil",
            "https://evil.example",
            "/\n/evil",
            "/\0",
            " /x",
            "/x y",
        ] {
            assert_eq!(safe_next(Some(off)), "/", "{off:?}");
        }
        assert_eq!(safe_next(Some("/o/dura/members?q=a")), "/o/dura/members?q=a");
        assert_eq!(safe_next(None), "/");
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
    /// What the last save did, said once on the page it led to.
    pub told: Option<String>,
}

tokio::task_local! {
    /// When a form now arriving was kept in a phone's offline outbox (ms since 1970),
    /// for the request's task: the books mark its entry so.
    static OFFLINE_AT: Option<i64>;
}

/// When the request being served was queued offline on a phone, if it was.
pub fn offline_at() -> Option<i64> {
    OFFLINE_AT.try_with(|v| *v).ok().flatten()
}

/// Runs a request knowing whether it came from a phone's offline outbox.
pub async fn with_offline<F: std::future::Future>(at: Option<i64>, f: F) -> F::Output {
    OFFLINE_AT.scope(at, f).await
}

/// The session key of what the last save did.
const TOLD: &str = "told";

/// Says what a save did on the page its redirect leads to, once, in words already
/// translated ("Savitaben's savings are now ₹750.33").
pub async fn tell(session: &Session, text: String) -> AppResult<()> {
    session
        .insert(TOLD, text)
        .await
        .map_err(|e| AppError::Internal(e.to_string()))
}

impl FromRequestParts<AppState> for Page {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let tr = locale_of(&parts.headers);
        let caller = Caller::from_request_parts(parts, state).await?;
        let session = Session::from_request_parts(parts, state).await.ok();
        let csrf = match (&caller.person, &session) {
            (Some(_), Some(s)) => form::csrf_token(s).await?,
            _ => parts
                .extensions
                .get::<form::VisitorToken>()
                .map(|t| form::visitor_csrf(&t.0))
                .unwrap_or_default(),
        };
        let path = match parts.uri.query() {
            Some(q) => format!("{}?{q}", parts.uri.path()),
            None => parts.uri.path().to_string(),
        };
        // Read only when there is a person: a visitor's GET never touches a session.
        let told = match (&caller.person, &session) {
            // Looked at before it is taken: taking marks the session changed, a write.
            (Some(_), Some(s)) => match s.get::<String>(TOLD).await.ok().flatten() {
                Some(t) => s.remove::<String>(TOLD).await.ok().flatten().or(Some(t)),
                None => None,
            },
            _ => None,
        };
        Ok(Page {
            tr,
            person: caller.person.map(|p| p.summary(caller.shared)),
            csrf,
            path,
            told,
        })
    }
}

/// A file to download: its bytes, their type, and the name it is saved under.
pub fn attachment(body: Vec<u8>, content_type: &str, file: &str, ext: &str) -> axum::response::Response {
    use axum::response::IntoResponse;
    (
        [
            (axum::http::header::CONTENT_TYPE, content_type.to_string()),
            (
                axum::http::header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{file}.{ext}\""),
            ),
        ],
        body,
    )
        .into_response()
}

/// A small JPEG (a product's photo) with how long it may be kept: `private, max-age=…`
/// behind a login, `public, …` on a shopfront.
pub fn jpeg(bytes: Vec<u8>, cache: &'static str) -> axum::response::Response {
    use axum::http::{HeaderValue, header};
    use axum::response::IntoResponse;
    let mut resp = bytes.into_response();
    let h = resp.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static("image/jpeg"));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    resp
}
