//! HTML forms: CSRF check, UTF-8 check and typed parsing in one extractor.

use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, Request};
use serde::de::DeserializeOwned;
use tower_sessions::Session;

use super::error::{AppError, AppResult};
use crate::state::AppState;

const CSRF_KEY: &str = "csrf";

/// The cookie that ties a visitor's forms (login, joining) to her browser without a
/// session: nothing is written to the database for someone who only reads a page.
pub const VISITOR_COOKIE: &str = "tejido_form";

/// A visitor's form cookie, as sent.
pub fn visitor_cookie(headers: &axum::http::HeaderMap) -> Option<String> {
    super::cookie(headers, VISITOR_COOKIE).filter(|v| v.len() == 32 && v.chars().all(|c| c.is_ascii_hexdigit()))
}

/// The form token of a visitor: derived from her cookie, checked against it (double submit).
pub fn visitor_csrf(cookie: &str) -> String {
    crate::auth::service::token_hash(&format!("csrf:{cookie}"))
}

/// The visitor's form cookie for this request: the one she sent, or a new one that
/// `visitor_cookie_layer` sets on the answer.
#[derive(Debug, Clone)]
pub struct VisitorToken(pub String);

/// Gives every browser a form cookie (set once, not stored anywhere).
pub async fn visitor_cookie_layer(
    axum::extract::State(state): axum::extract::State<AppState>,
    mut req: Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    let path = req.uri().path();
    // Only pages carry forms: the API, the files and the probes get no cookie.
    let wants = !["/api/", "/static/", "/healthz", "/metrics"]
        .iter()
        .any(|p| path.starts_with(p));
    let sent = visitor_cookie(req.headers());
    if !wants {
        return next.run(req).await;
    }
    let token = sent.clone().unwrap_or_else(|| crate::auth::random_token(16));
    req.extensions_mut().insert(VisitorToken(token.clone()));
    let mut resp = next.run(req).await;
    if sent.is_none() {
        let secure = if state.config.cookie_secure { "; Secure" } else { "" };
        // A year: the same cookie tells a browser she logged in from before.
        let cookie = format!("{VISITOR_COOKIE}={token}; Path=/; Max-Age=31536000; HttpOnly; SameSite=Lax{secure}");
        if let Ok(v) = axum::http::HeaderValue::from_str(&cookie) {
            resp.headers_mut().append(axum::http::header::SET_COOKIE, v);
        }
    }
    resp
}

/// The session's CSRF token, created on first use.
pub async fn csrf_token(session: &Session) -> AppResult<String> {
    let existing: Option<String> = session
        .get(CSRF_KEY)
        .await
        .map_err(|e| AppError::Internal(e.to_string()))?;
    if let Some(t) = existing {
        return Ok(t);
    }
    let token = crate::auth::random_token(24);
    session
        .insert(CSRF_KEY, token.clone())
        .await
        .map_err(|e| AppError::Internal(e.to_string()))?;
    Ok(token)
}

/// Decodes an `application/x-www-form-urlencoded` body into pairs, refusing text that
/// is not UTF-8 once percent-decoded.
pub fn decode_pairs(body: &[u8]) -> AppResult<Vec<(String, String)>> {
    if std::str::from_utf8(body).is_err() {
        return Err(AppError::BadRequest("error-utf8"));
    }
    let mut out = vec![];
    for (k, v) in form_urlencoded::parse(body) {
        // form_urlencoded replaces bytes that are not UTF-8 with U+FFFD.
        if k.contains('\u{fffd}') || v.contains('\u{fffd}') {
            return Err(AppError::BadRequest("error-utf8"));
        }
        out.push((k.into_owned(), v.into_owned()));
    }
    Ok(out)
}

/// A form posted from one of Tejido's pages: its CSRF token checked against the session,
/// its text checked to be UTF-8, its fields parsed into `T`.
pub struct CsrfForm<T>(pub T);

impl<T: DeserializeOwned> FromRequest<AppState> for CsrfForm<T> {
    type Rejection = AppError;

    async fn from_request(req: Request, state: &AppState) -> Result<Self, Self::Rejection> {
        let (mut parts, body) = req.into_parts();
        let session = Session::from_request_parts(&mut parts, state)
            .await
            .map_err(|_| AppError::SessionExpired)?;
        let headers = parts.headers.clone();
        let is_form = parts
            .headers
            .get(axum::http::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"));
        if !is_form {
            return Err(AppError::BadRequest("error-not-a-form"));
        }
        let req = Request::from_parts(parts, body);
        let bytes = Bytes::from_request(req, state).await.map_err(|e| {
            if e.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE {
                AppError::PayloadTooLarge
            } else {
                AppError::BadRequest("error-400")
            }
        })?;
        let pairs = decode_pairs(&bytes)?;
        let sent = pairs.iter().find(|(k, _)| k == CSRF_KEY).map(|(_, v)| v.as_str());
        check_csrf(&session, &headers, sent).await?;
        let value = serde_urlencoded::from_bytes::<T>(&bytes).map_err(|_| AppError::BadRequest("error-400"))?;
        Ok(CsrfForm(value))
    }
}

/// Checks the CSRF token a form sent: a logged-in person's lives in her session; a
/// visitor's comes from her cookie. (Forms with files read it themselves, then ask here.)
pub async fn check_csrf(session: &Session, headers: &axum::http::HeaderMap, sent: Option<&str>) -> AppResult<()> {
    let in_session: Option<String> = session
        .get(CSRF_KEY)
        .await
        .map_err(|e| AppError::Internal(e.to_string()))?;
    let expected = in_session.or_else(|| visitor_cookie(headers).map(|c| visitor_csrf(&c)));
    match (sent, expected) {
        (Some(s), Some(e)) if !s.is_empty() && constant_time_eq(s.as_bytes(), e.as_bytes()) => Ok(()),
        _ => Err(AppError::SessionExpired),
    }
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// A day from a field, as ISO `YYYY-MM-DD`; refused when it does not read as a day.
pub fn day(field: &'static str, s: &str) -> super::AppResult<String> {
    crate::db::parse_day(s.trim())
        .map(crate::db::iso_day)
        .ok_or_else(|| super::AppError::Invalid(vec![super::FieldError::new(field, "entry-bad-date")]))
}

/// A text field trimmed: refused when required and empty, or longer than `max` letters.
pub fn text(field: &'static str, s: &str, max: usize, required: bool) -> super::AppResult<String> {
    let s = s.trim();
    if (required && s.is_empty()) || s.chars().count() > max {
        let message = if s.is_empty() {
            "field-required"
        } else {
            "member-text-too-long"
        };
        return Err(super::AppError::Invalid(vec![super::FieldError::new(field, message)]));
    }
    Ok(s.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_percent_encoded_bytes_that_are_not_utf8() {
        assert!(decode_pairs(b"name=%FF%FE").is_err());
        assert!(decode_pairs(b"name=\xff").is_err());
        let ok = decode_pairs("name=%E0%AA%97%E0%AB%81".as_bytes()).unwrap();
        assert_eq!(ok, vec![("name".to_string(), "ગુ".to_string())]);
    }
}

/// Any form read as named text fields; a field that was not sent reads as empty.
#[derive(serde::Deserialize, Default, Debug, Clone)]
pub struct Fields {
    #[serde(flatten)]
    fields: std::collections::HashMap<String, String>,
}

impl Fields {
    pub fn get(&self, k: &str) -> &str {
        self.fields.get(k).map(String::as_str).unwrap_or("")
    }
    /// A whole number, or None when empty or unreadable.
    pub fn int(&self, k: &str) -> Option<i64> {
        self.get(k)
            .trim()
            .parse()
            .ok()
            .filter(|v: &i64| v.unsigned_abs() <= crate::money::MAX_MINOR as u64)
    }
    /// The numbers of the ticked boxes named `{prefix}{number}`, in order.
    pub fn ticked(&self, prefix: &str) -> Vec<i64> {
        let mut out: Vec<i64> = self
            .fields
            .iter()
            .filter(|(_, v)| !v.is_empty())
            .filter_map(|(k, _)| k.strip_prefix(prefix)?.parse().ok())
            .collect();
        out.sort_unstable();
        out
    }
    /// The field, or `default` when it was left empty.
    pub fn or<'a>(&'a self, k: &str, default: &'a str) -> &'a str {
        match self.get(k).trim() {
            "" => default,
            v => v,
        }
    }
}

/// Runs one write in its own transaction: committed when it succeeds; rolled back when it
/// is refused, answering with what was wrong so the page can show the form again.
pub async fn submit<T>(
    db: &crate::db::Db,
    op: impl AsyncFnOnce(&mut crate::db::Tx) -> AppResult<T>,
) -> AppResult<Result<T, Vec<super::FieldError>>> {
    let mut tx = db.begin_write().await?;
    match op(&mut tx).await {
        Ok(v) => {
            tx.commit().await?;
            Ok(Ok(v))
        }
        Err(AppError::Invalid(errors)) => Ok(Err(errors)),
        Err(e) => Err(e),
    }
}

impl Fields {
    pub fn from_pairs(pairs: impl IntoIterator<Item = (String, String)>) -> Fields {
        Fields {
            fields: pairs.into_iter().collect(),
        }
    }
}

/// Reads an optional number from a form where an empty field means none.
pub fn empty_as_none<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<i64>, D::Error> {
    let s: Option<String> = serde::Deserialize::deserialize(d)?;
    match s.as_deref().map(str::trim) {
        None | Some("") => Ok(None),
        Some(v) => match v.parse::<i64>() {
            Ok(n) if n.unsigned_abs() <= crate::money::MAX_MINOR as u64 => Ok(Some(n)),
            Ok(_) => Err(serde::de::Error::custom("too large")),
            Err(e) => Err(serde::de::Error::custom(e)),
        },
    }
}

/// Answers a page's write: told and sent on when it was saved; when it was refused, the
/// same page again (`again`, read in a fresh transaction) with what was wrong, titled
/// by the message id `title`, answered 422.
#[allow(clippy::too_many_arguments)]
pub async fn answer<T>(
    state: &AppState,
    page: &super::Page,
    ctx: &crate::auth::OrgCtx,
    title: &str,
    session: &Session,
    result: Result<T, Vec<super::FieldError>>,
    told: impl FnOnce(&T) -> (String, String),
    again: impl AsyncFnOnce(&mut crate::db::Tx, &[super::FieldError]) -> AppResult<maud::Markup>,
) -> AppResult<axum::response::Response> {
    use axum::response::IntoResponse;
    match result {
        Ok(v) => {
            let (text, to) = told(&v);
            crate::web::tell(session, text).await?;
            Ok(axum::response::Redirect::to(&to).into_response())
        }
        Err(errors) => {
            let mut tx = state.db.begin().await?;
            let body = again(&mut tx, &errors).await?;
            Ok(super::layout::refused(
                page,
                &page.tr.t(title),
                Some(&super::layout::nav(ctx)),
                body,
            ))
        }
    }
}
