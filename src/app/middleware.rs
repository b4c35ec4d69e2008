//! The layers every request passes: counting, idempotency keys, no caching of pages.

use std::sync::atomic::Ordering;
use std::time::Instant;

use axum::body::{Body, to_bytes};
use axum::extract::{FromRequestParts, Request, State};
use axum::http::{HeaderName, HeaderValue, Method, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use sha2::{Digest, Sha256};

use crate::auth;
use crate::config::{BODY_LIMIT, PHOTO_LIMIT};
use crate::db::idempotency;
use crate::state::AppState;
use crate::web::AppError;

pub(super) async fn count(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let start = Instant::now();
    let resp = next.run(req).await;
    let m = &state.metrics;
    m.requests.fetch_add(1, Ordering::Relaxed);
    let class = match resp.status().as_u16() {
        200..=299 => &m.responses_2xx,
        300..=399 => &m.responses_3xx,
        400..=499 => &m.responses_4xx,
        _ => &m.responses_5xx,
    };
    class.fetch_add(1, Ordering::Relaxed);
    m.duration_micros
        .fetch_add(start.elapsed().as_micros() as u64, Ordering::Relaxed);
    resp
}

/// Holds every request body to 64 KiB, a product photo's upload to a camera picture's
/// size: a declared length beyond it is refused at once, a body that grows beyond it
/// fails where it is read (413 either way).
pub(super) async fn body_limit(req: Request, next: Next) -> Response {
    let photo = req.method() == Method::POST && req.uri().path().ends_with("/photo");
    let limit = if photo { PHOTO_LIMIT } else { BODY_LIMIT };
    let declared = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok());
    if declared.is_some_and(|n| n > limit) {
        return AppError::PayloadTooLarge.into_response();
    }
    let (parts, body) = req.into_parts();
    next.run(Request::from_parts(
        parts,
        Body::new(http_body_util::Limited::new(body, limit)),
    ))
    .await
}

/// A POST or PATCH carrying an `Idempotency-Key` header (or a form's hidden `idem` field)
/// counts once. This layer names the claim (who, where, which key, what was sent); the
/// lookup and the storing happen in the handler's own write transaction (`db::idempotency`).
pub(super) async fn idempotent(State(state): State<AppState>, req: Request, next: Next) -> Response {
    // Logging in and out are not repeated from a stored answer: each attempt counts.
    let exempt = matches!(
        req.uri().path(),
        "/login" | "/logout" | "/login/who" | "/login/pin" | "/switch"
    );
    if (req.method() != Method::POST && req.method() != Method::PATCH) || exempt {
        return next.run(req).await;
    }
    let (mut parts, body) = req.into_parts();
    // `body_limit` has held the body to its route's limit already.
    let bytes = match to_bytes(body, PHOTO_LIMIT).await {
        Ok(b) => b,
        Err(_) => return AppError::PayloadTooLarge.into_response(),
    };
    let header_key = parts
        .headers
        .get("idempotency-key")
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    let is_form = parts
        .headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"));
    let form_key = || {
        form_urlencoded::parse(&bytes)
            .find(|(k, _)| k == "idem")
            .map(|(_, v)| v.into_owned())
    };
    let key = header_key.or_else(|| if is_form { form_key() } else { None });
    let Some(key) = key.filter(|k| !k.is_empty() && k.len() <= 200) else {
        return next.run(Request::from_parts(parts, Body::from(bytes))).await;
    };
    // Whose key: the authenticated person, else a visitor's form cookie; none, no key.
    let caller = auth::Caller::from_request_parts(&mut parts, &state).await;
    let scope = match caller.ok().and_then(|c| c.person.map(|p| p.id)) {
        Some(id) => format!("person:{id}"),
        None => match crate::web::form::visitor_cookie(&parts.headers) {
            Some(v) => format!("visitor:{}", auth::service::token_hash(&v)),
            None => return next.run(Request::from_parts(parts, Body::from(bytes))).await,
        },
    };
    let route = format!("{} {}", parts.method, parts.uri.path());
    let fingerprint = fingerprint(&parts, &bytes, is_form);
    let claim = idempotency::Claim {
        scope,
        route,
        key,
        fingerprint,
    };
    let current = std::cell::RefCell::new(idempotency::Current {
        claim: claim.clone(),
        state: idempotency::State::Fresh,
    });
    let req = Request::from_parts(parts, Body::from(bytes));
    let (resp, stored) = idempotency::CURRENT
        .scope(current, async move {
            let resp = next.run(req).await;
            (resp, idempotency::final_state() == Some(idempotency::State::Stored))
        })
        .await;
    if !stored || resp.extensions().get::<crate::web::error::Replayed>().is_some() {
        return resp;
    }
    // The write committed with its key: keep the answer for a repeat.
    let (parts, body) = resp.into_parts();
    let Ok(bytes) = to_bytes(body, 4 * 1024 * 1024).await else {
        return AppError::Internal("answer too large to keep".into()).into_response();
    };
    let header = |n: HeaderName| parts.headers.get(n).and_then(|v| v.to_str().ok()).map(str::to_string);
    if let Err(e) = idempotency::complete(
        &state.db,
        &claim,
        i64::from(parts.status.as_u16()),
        header(header::LOCATION),
        header(header::CONTENT_TYPE),
        bytes.to_vec(),
    )
    .await
    {
        // The write stands; a repeat will hear that it was done.
        tracing::warn!(%e, "keeping the answer of an idempotent request");
    }
    Response::from_parts(parts, Body::from(bytes))
}

/// What a request carried, without the form's one-time fields: the same key with another
/// body is a different request.
fn fingerprint(parts: &axum::http::request::Parts, body: &[u8], is_form: bool) -> String {
    let mut h = Sha256::new();
    h.update(parts.method.as_str());
    h.update(b"\n");
    h.update(parts.uri.path());
    h.update(b"\n");
    if is_form {
        let mut pairs: Vec<(String, String)> = form_urlencoded::parse(body)
            .filter(|(k, _)| k != "csrf" && k != "idem")
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect();
        pairs.sort();
        for (k, v) in pairs {
            h.update(k.as_bytes());
            h.update(b"=");
            h.update(v.as_bytes());
            h.update(b"&");
        }
    } else {
        h.update(body);
    }
    h.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

/// Pages and API answers show personal and financial data on phones that are shared:
/// nothing is kept in a cache or the history, except the static files.
pub(super) async fn no_store(req: Request, next: Next) -> Response {
    let is_static = req.uri().path().starts_with("/static/");
    let mut resp = next.run(req).await;
    if !is_static && !resp.headers().contains_key(header::CACHE_CONTROL) {
        resp.headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    resp
}

/// Marks a form that waited in a phone's offline outbox (`x-tejido-offline`, when it was
/// saved there), for the books to show; and tells the service worker which pages it may
/// keep (`x-tejido-keep`): only on a phone its owner marked as hers alone.
pub(super) async fn offline(req: Request, next: Next) -> Response {
    let at = req
        .headers()
        .get("x-tejido-offline")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<i64>().ok())
        .filter(|v| *v > 0);
    let keep = crate::auth::household_pages::is_own_phone(req.headers());
    let mut resp = crate::web::with_offline(at, next.run(req)).await;
    let html = resp
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    if keep && html && resp.status().is_success() {
        resp.headers_mut()
            .insert("x-tejido-keep", HeaderValue::from_static("1"));
    }
    resp
}
