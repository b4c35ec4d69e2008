//! Webhooks that carriers call: delivery receipts and replies (STOP). They answer only
//! to the address that carries the hook token set for this server
//! (`TEJIDO_HOOK_TOKEN`), and not at all when none is set.

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use serde::Deserialize;
use serde_json::{Value, json};

use super::model::Channel;
use super::service;
use crate::state::AppState;
use crate::web::{AppError, AppResult, FieldError};

#[derive(Deserialize, Default)]
pub struct HookQuery {
    token: Option<String>,
}

/// The hook token checked in time that does not depend on how much of it matched.
fn check(state: &AppState, q: &HookQuery) -> AppResult<()> {
    let Some(expected) = state.config.hook_token.as_deref() else {
        return Err(AppError::NotFound);
    };
    let given = q.token.as_deref().unwrap_or("");
    let same = given.len() == expected.len()
        && given
            .bytes()
            .zip(expected.bytes())
            .fold(0u8, |acc, (a, b)| acc | (a ^ b))
            == 0;
    if same { Ok(()) } else { Err(AppError::Forbidden) }
}

/// The fields of a carrier's call, whether it posts a form or JSON; the first of `names`
/// that is there (carriers name the same thing differently).
fn field(headers: &HeaderMap, body: &Bytes, names: &[&str]) -> Option<String> {
    let json = headers
        .get(axum::http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"));
    if json {
        let v: Value = serde_json::from_slice(body).ok()?;
        names.iter().find_map(|n| {
            v.get(*n)
                .map(|x| x.as_str().map(str::to_string).unwrap_or_else(|| x.to_string()))
        })
    } else {
        let pairs: Vec<(String, String)> = form_urlencoded::parse(body).into_owned().collect();
        names
            .iter()
            .find_map(|n| pairs.iter().find(|(k, _)| k == n).map(|(_, v)| v.clone()))
    }
}

fn required(v: Option<String>, name: &'static str) -> AppResult<String> {
    v.filter(|s| !s.trim().is_empty())
        .ok_or_else(|| AppError::Invalid(vec![FieldError::new(name, "notice-hook-field-missing")]))
}

/// `POST /hooks/notices/{gateway}/receipt`: a message's new status. A status that would
/// move it backwards is taken and ignored.
pub async fn receipt(
    State(state): State<AppState>,
    Path(gateway): Path<String>,
    Query(q): Query<HookQuery>,
    headers: HeaderMap,
    body: Bytes,
) -> AppResult<Json<Value>> {
    check(&state, &q)?;
    let reference = required(
        field(
            &headers,
            &body,
            &["reference", "id", "messageId", "message_id", "MessageSid"],
        ),
        "reference",
    )?;
    let status = required(field(&headers, &body, &["status", "Status", "MessageStatus"]), "status")?;
    let changed = service::receipt(&state.db, &gateway, &reference, &status).await?;
    Ok(Json(json!({ "changed": changed })))
}

/// `POST /hooks/notices/{channel}/inbound`: a reply from a phone; STOP and START are
/// honoured, anything else is taken and left.
pub async fn inbound(
    State(state): State<AppState>,
    Path(channel): Path<String>,
    Query(q): Query<HookQuery>,
    headers: HeaderMap,
    body: Bytes,
) -> AppResult<Json<Value>> {
    check(&state, &q)?;
    let channel = Channel::parse(&channel).ok_or(AppError::NotFound)?;
    let from = required(
        field(&headers, &body, &["from", "From", "phoneNumber", "sender"]),
        "from",
    )?;
    let text = field(&headers, &body, &["text", "Text", "Body", "message"]).unwrap_or_default();
    let stopped = service::inbound(&state.db, channel, &from, &text).await?;
    Ok(Json(json!({ "stopped": stopped })))
}
