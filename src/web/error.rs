//! Errors turned into responses in one place: a translated page or an RFC 9457 problem.

use axum::body::Body;
use axum::extract::Request;
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use maud::html;

use crate::db::DbError;
use crate::i18n::Tr;
use crate::web::layout;

/// What went wrong, in terms a person can be told.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("not found")]
    NotFound,
    #[error("forbidden")]
    Forbidden,
    #[error("login required")]
    LoginRequired,
    /// The request could not be understood; the message id says why.
    #[error("bad request: {0}")]
    BadRequest(&'static str),
    /// The form or document was understood but its values are not acceptable.
    #[error("invalid fields")]
    Invalid(Vec<FieldError>),
    #[error("conflict: {0}")]
    Conflict(&'static str),
    #[error("payload too large")]
    PayloadTooLarge,
    #[error("too many attempts")]
    TooManyRequests,
    #[error("session expired")]
    SessionExpired,
    #[error("internal error: {0}")]
    Internal(String),
    /// A repeated request: the answer the first one got.
    #[error("replayed")]
    Replay(Box<crate::db::idempotency::StoredResponse>),
}

/// A message about one field of a form or document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    /// A form field's name, or a path into a document such as `lines[3].price`.
    pub field: std::borrow::Cow<'static, str>,
    pub message: &'static str,
}

impl FieldError {
    pub fn new(field: &'static str, message: &'static str) -> FieldError {
        FieldError {
            field: field.into(),
            message,
        }
    }
    /// A refusal of one part of a document: a line of a list, a row of a file.
    pub fn at(path: String, message: &'static str) -> FieldError {
        FieldError {
            field: path.into(),
            message,
        }
    }
}

impl From<DbError> for AppError {
    fn from(e: DbError) -> AppError {
        match e {
            DbError::Replay(stored) => AppError::Replay(stored),
            DbError::KeyReused => AppError::Invalid(vec![FieldError::new("idempotency_key", "error-key-reused")]),
            DbError::Sqlx(sqlx::Error::Database(d))
                if d.message().contains("integer overflow") || d.message().contains("out of range") =>
            {
                AppError::Invalid(vec![FieldError::new("amount", "error-too-large")])
            }
            e => AppError::Internal(e.to_string()),
        }
    }
}

impl From<sqlx::Error> for AppError {
    fn from(e: sqlx::Error) -> AppError {
        AppError::Internal(e.to_string())
    }
}

pub type AppResult<T> = Result<T, AppError>;

/// Carried in the extensions of an error response until `render_errors` gives it a body.
#[derive(Debug, Clone)]
pub struct ErrorInfo {
    pub message: &'static str,
    pub fields: Vec<FieldError>,
}

impl AppError {
    pub fn status(&self) -> StatusCode {
        match self {
            AppError::NotFound => StatusCode::NOT_FOUND,
            AppError::Forbidden => StatusCode::FORBIDDEN,
            AppError::LoginRequired => StatusCode::UNAUTHORIZED,
            AppError::BadRequest(_) => StatusCode::BAD_REQUEST,
            AppError::Invalid(_) => StatusCode::UNPROCESSABLE_ENTITY,
            AppError::Conflict(_) => StatusCode::CONFLICT,
            AppError::PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            AppError::TooManyRequests => StatusCode::TOO_MANY_REQUESTS,
            AppError::SessionExpired => StatusCode::FORBIDDEN,
            AppError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
            AppError::Replay(s) => s
                .status
                .and_then(|s| StatusCode::from_u16(u16::try_from(s).ok()?).ok())
                .unwrap_or(StatusCode::CONFLICT),
        }
    }

    fn message(&self) -> &'static str {
        match self {
            AppError::NotFound => "error-404",
            AppError::Forbidden => "error-403",
            AppError::LoginRequired => "error-401",
            AppError::BadRequest(m) | AppError::Conflict(m) => m,
            AppError::Invalid(_) => "error-invalid",
            AppError::PayloadTooLarge => "error-413",
            AppError::TooManyRequests => "error-429",
            AppError::SessionExpired => "error-session-expired",
            AppError::Internal(_) => "error-500",
            AppError::Replay(_) => "error-already-done",
        }
    }
}

/// Marks an answer replayed from an idempotency key, so it is not stored again.
#[derive(Debug, Clone, Copy)]
pub struct Replayed;

fn replay(stored: crate::db::idempotency::StoredResponse) -> Response {
    let Some(status) = stored
        .status
        .and_then(|s| StatusCode::from_u16(u16::try_from(s).ok()?).ok())
    else {
        // The write committed but its answer was lost (a crash between the two).
        let mut resp = AppError::Conflict("error-already-done").into_response();
        resp.extensions_mut().insert(Replayed);
        return resp;
    };
    let mut resp = Response::new(Body::from(stored.body.unwrap_or_default()));
    *resp.status_mut() = status;
    let h = resp.headers_mut();
    if let Some(l) = stored.location.and_then(|v| HeaderValue::from_str(&v).ok()) {
        h.insert(header::LOCATION, l);
    }
    if let Some(c) = stored.content_type.and_then(|v| HeaderValue::from_str(&v).ok()) {
        h.insert(header::CONTENT_TYPE, c);
    }
    h.insert("idempotent-replayed", HeaderValue::from_static("true"));
    resp.extensions_mut().insert(Replayed);
    resp
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        if let AppError::Replay(stored) = self {
            return replay(*stored);
        }
        if let AppError::Internal(cause) = &self {
            tracing::error!(%cause, "internal error");
        }
        let mut resp = self.status().into_response();
        let message = self.message();
        let fields = match self {
            AppError::Invalid(f) => f,
            _ => vec![],
        };
        resp.extensions_mut().insert(ErrorInfo { message, fields });
        resp
    }
}

fn generic_message(status: StatusCode) -> &'static str {
    match status.as_u16() {
        400 => "error-400",
        401 => "error-401",
        403 => "error-403",
        404 => "error-404",
        405 => "error-405",
        413 => "error-413",
        415 => "error-415",
        422 => "error-invalid",
        429 => "error-429",
        _ if status.is_server_error() => "error-500",
        _ => "error-400",
    }
}

/// Gives every error response its body: problem+json under /api, a translated page elsewhere.
pub async fn render_errors(req: Request, next: Next) -> Response {
    let tr = crate::web::locale_of(req.headers());
    let path = req.uri().path().to_string();
    let is_read = req.method() == axum::http::Method::GET || req.method() == axum::http::Method::HEAD;
    let query = req.uri().query().map(str::to_string);
    let resp = next.run(req).await;
    let status = resp.status();
    if !(status.is_client_error() || status.is_server_error()) {
        return resp;
    }
    let info = resp.extensions().get::<ErrorInfo>().cloned();
    let mut info = match info {
        Some(i) => i,
        None => {
            // Errors produced by the framework (no route, wrong method, body too large)
            // arrive as plain text; those made by Tejido's own handlers carry a type.
            let plain = resp
                .headers()
                .get(header::CONTENT_TYPE)
                .is_none_or(|v| v.as_bytes().starts_with(b"text/plain"));
            if !plain {
                return resp;
            }
            ErrorInfo {
                message: generic_message(status),
                fields: vec![],
            }
        }
    };
    let is_api = path.starts_with("/api/");
    if status == StatusCode::UNAUTHORIZED && !is_api && !is_read {
        // A form sent after the session ended: say so, do not lose the person in a redirect.
        info.message = "error-session-expired";
    } else if status == StatusCode::UNAUTHORIZED && !is_api {
        let next = match query {
            Some(q) => format!("{path}?{q}"),
            None => path,
        };
        let target = format!("/login?next={}", crate::web::url_encode(&next));
        return (StatusCode::SEE_OTHER, [(header::LOCATION, target)]).into_response();
    }
    let mut out = if is_api {
        problem(status, &tr, &info)
    } else {
        error_page(status, &tr, &info)
    };
    *out.status_mut() = status;
    if status == StatusCode::UNAUTHORIZED {
        out.headers_mut()
            .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
    }
    out
}

/// An RFC 9457 problem, as every API error answers.
#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct Problem {
    #[serde(rename = "type")]
    pub kind: String,
    pub title: String,
    pub status: u16,
    /// The reason, in the caller's language (`Accept-Language`).
    pub detail: String,
    /// The reason as a stable code, such as `error-insufficient-funds`.
    pub code: String,
    /// The fields that were refused, when there were any.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub errors: Vec<ProblemField>,
}

/// One refused field of a problem.
#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct ProblemField {
    pub field: String,
    pub code: String,
    pub message: String,
}

fn problem(status: StatusCode, tr: &Tr, info: &ErrorInfo) -> Response {
    let body = Problem {
        kind: "about:blank".into(),
        title: status.canonical_reason().unwrap_or("Error").into(),
        status: status.as_u16(),
        detail: tr.t(info.message),
        code: info.message.into(),
        errors: info
            .fields
            .iter()
            .map(|f| ProblemField {
                field: f.field.to_string(),
                code: f.message.to_string(),
                message: tr.t(f.message),
            })
            .collect(),
    };
    let json = serde_json::to_string(&body).unwrap_or_default();
    let mut resp = Response::new(Body::from(json));
    resp.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/problem+json"),
    );
    resp
}

fn error_page(status: StatusCode, tr: &Tr, info: &ErrorInfo) -> Response {
    let title = tr.t(generic_message(status));
    let body = html! {
        section.card.error {
            h1 { (title) }
            @if info.message != generic_message(status) { p { (tr.t(info.message)) } }
            @if !info.fields.is_empty() {
                ul { @for f in &info.fields { li { (tr.t(f.message)) } } }
            }
            p { a.button href="/" { (tr.t("error-go-home")) } }
        }
    };
    layout::bare(tr, &title, body).into_response()
}
