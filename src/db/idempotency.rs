//! Idempotency keys: a POST repeated with the same key returns the first result.

use super::{DbResult, Tx, now};
use crate::on_conn;

/// What the first request with a key answered.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct StoredResponse {
    pub status: Option<i64>,
    pub location: Option<String>,
    pub content_type: Option<String>,
    pub body: Option<Vec<u8>>,
}

/// Claims a key. `Ok(None)` when the key is new and now ours; `Ok(Some(stored))` when a
/// request with the same key came first (its status is `None` while it is still running).
pub async fn claim(tx: &mut Tx, scope: &str, key: &str) -> DbResult<Option<StoredResponse>> {
    let inserted = on_conn!(tx, c => sqlx::query(
        "INSERT INTO idempotency_keys (scope, key, created_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
    )
    .bind(scope)
    .bind(key)
    .bind(now())
    .execute(c)
    .await?
    .rows_affected());
    if inserted == 1 {
        return Ok(None);
    }
    let stored = on_conn!(tx, c => sqlx::query_as::<_, StoredResponse>(
        "SELECT status, location, content_type, body FROM idempotency_keys WHERE scope = $1 AND key = $2",
    )
    .bind(scope)
    .bind(key)
    .fetch_optional(c)
    .await?);
    Ok(stored.or(Some(StoredResponse {
        status: None,
        location: None,
        content_type: None,
        body: None,
    })))
}

/// Records the answer given to the request that claimed the key.
pub async fn complete(tx: &mut Tx, scope: &str, key: &str, response: &StoredResponse) -> DbResult<()> {
    on_conn!(tx, c => sqlx::query(
        "UPDATE idempotency_keys SET status = $3, location = $4, content_type = $5, body = $6 WHERE scope = $1 AND key = $2",
    )
    .bind(scope)
    .bind(key)
    .bind(response.status)
    .bind(response.location.clone())
    .bind(response.content_type.clone())
    .bind(response.body.clone())
    .execute(c)
    .await?.rows_affected());
    Ok(())
}

/// Forgets a key whose request failed, so that a retry runs again.
pub async fn release(tx: &mut Tx, scope: &str, key: &str) -> DbResult<()> {
    on_conn!(tx, c => sqlx::query("DELETE FROM idempotency_keys WHERE scope = $1 AND key = $2 AND status IS NULL")
        .bind(scope)
        .bind(key)
        .execute(c)
        .await?.rows_affected());
    Ok(())
}

/// Drops keys older than a day.
pub async fn prune(tx: &mut Tx) -> DbResult<()> {
    on_conn!(tx, c => sqlx::query("DELETE FROM idempotency_keys WHERE created_at < $1")
        .bind(now() - 86_400)
        .execute(c)
        .await?.rows_affected());
    Ok(())
}
