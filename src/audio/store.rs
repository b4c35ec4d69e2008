//! The SQL of audio clips, nothing else.

use crate::db::{DbResult, Tx, now};
use crate::on_conn;

pub async fn put(tx: &mut Tx, org_id: i64, message_id: &str, locale: &str, clip: &[u8], by: i64) -> DbResult<()> {
    on_conn!(tx, c => sqlx::query(
        "INSERT INTO audio_clips (org_id, message_id, locale, clip, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6) \
         ON CONFLICT (org_id, message_id, locale) DO UPDATE SET clip = excluded.clip, created_by = excluded.created_by, created_at = excluded.created_at",
    ).bind(org_id).bind(message_id.to_string()).bind(locale.to_string()).bind(clip.to_vec()).bind(by).bind(now()).execute(c).await?.rows_affected());
    Ok(())
}

pub async fn get(tx: &mut Tx, org_id: i64, message_id: &str, locale: &str) -> DbResult<Option<Vec<u8>>> {
    Ok(on_conn!(tx, c => sqlx::query_scalar::<_, Vec<u8>>(
        "SELECT clip FROM audio_clips WHERE org_id = $1 AND message_id = $2 AND locale = $3",
    ).bind(org_id).bind(message_id.to_string()).bind(locale.to_string()).fetch_optional(c).await?))
}

/// Every clip of an organisation: (message, language, bytes).
pub async fn list(tx: &mut Tx, org_id: i64) -> DbResult<Vec<(String, String, i64)>> {
    Ok(on_conn!(tx, c => sqlx::query_as::<_, (String, String, i64)>(
        "SELECT message_id, locale, CAST(LENGTH(clip) AS BIGINT) FROM audio_clips WHERE org_id = $1 ORDER BY message_id, locale",
    ).bind(org_id).fetch_all(c).await?))
}

pub async fn recorded(tx: &mut Tx, org_id: i64, locale: &str) -> DbResult<Vec<String>> {
    Ok(on_conn!(tx, c => sqlx::query_scalar::<_, String>(
        "SELECT message_id FROM audio_clips WHERE org_id = $1 AND locale = $2",
    ).bind(org_id).bind(locale.to_string()).fetch_all(c).await?))
}
