//! The SQL of people, sessions, API tokens and failed logins.

use crate::db::{DbResult, Tx, now};
use crate::on_conn;

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct PersonRow {
    pub id: i64,
    pub name: String,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub password_hash: Option<String>,
    pub locale: Option<String>,
    pub is_operator: bool,
}

pub async fn person(tx: &mut Tx, id: i64) -> DbResult<Option<PersonRow>> {
    const SQL: &str = "SELECT id, name, phone, email, password_hash, locale, is_operator FROM people WHERE id = $1";
    Ok(on_conn!(tx, c => sqlx::query_as::<_, PersonRow>(SQL).bind(id).fetch_optional(c).await?))
}

pub async fn person_by_phone(tx: &mut Tx, phone: &str) -> DbResult<Option<PersonRow>> {
    Ok(on_conn!(tx, c => sqlx::query_as::<_, PersonRow>(
        "SELECT id, name, phone, email, password_hash, locale, is_operator FROM people WHERE phone = $1",
    ).bind(phone.to_string()).fetch_optional(c).await?))
}

pub async fn person_by_email(tx: &mut Tx, email: &str) -> DbResult<Option<PersonRow>> {
    Ok(on_conn!(tx, c => sqlx::query_as::<_, PersonRow>(
        "SELECT id, name, phone, email, password_hash, locale, is_operator FROM people WHERE email = $1",
    ).bind(email.to_string()).fetch_optional(c).await?))
}

pub async fn insert_person(
    tx: &mut Tx,
    name: &str,
    phone: Option<&str>,
    email: Option<&str>,
    password_hash: Option<&str>,
    locale: Option<&str>,
    is_operator: bool,
) -> DbResult<i64> {
    let id: i64 = on_conn!(tx, c => sqlx::query_scalar(
        "INSERT INTO people (name, phone, email, password_hash, locale, is_operator, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
    )
    .bind(name.to_string())
    .bind(phone.map(str::to_string))
    .bind(email.map(str::to_string))
    .bind(password_hash.map(str::to_string))
    .bind(locale.map(str::to_string))
    .bind(is_operator)
    .bind(now())
    .fetch_one(c)
    .await?);
    Ok(id)
}

pub async fn update_person(tx: &mut Tx, id: i64, name: &str, phone: Option<&str>, email: Option<&str>) -> DbResult<()> {
    on_conn!(tx, c => sqlx::query("UPDATE people SET name = $2, phone = $3, email = $4 WHERE id = $1")
        .bind(id)
        .bind(name.to_string())
        .bind(phone.map(str::to_string))
        .bind(email.map(str::to_string))
        .execute(c)
        .await?.rows_affected());
    Ok(())
}

pub async fn set_password_hash(tx: &mut Tx, id: i64, hash: &str) -> DbResult<u64> {
    Ok(
        on_conn!(tx, c => sqlx::query("UPDATE people SET password_hash = $2 WHERE id = $1")
        .bind(id)
        .bind(hash.to_string())
        .execute(c)
        .await?
        .rows_affected()),
    )
}

pub async fn set_locale(tx: &mut Tx, id: i64, locale: &str) -> DbResult<()> {
    on_conn!(tx, c => sqlx::query("UPDATE people SET locale = $2 WHERE id = $1")
        .bind(id)
        .bind(locale.to_string())
        .execute(c)
        .await?.rows_affected());
    Ok(())
}

pub async fn set_operator(tx: &mut Tx, id: i64, is_operator: bool) -> DbResult<()> {
    on_conn!(tx, c => sqlx::query("UPDATE people SET is_operator = $2 WHERE id = $1")
        .bind(id)
        .bind(is_operator)
        .execute(c)
        .await?.rows_affected());
    Ok(())
}

// Sessions (server-side records of tower-sessions).

pub async fn session_load(tx: &mut Tx, id: &str) -> DbResult<Option<(String, i64)>> {
    Ok(on_conn!(tx, c => sqlx::query_as::<_, (String, i64)>(
        "SELECT data, expires_at FROM sessions WHERE id = $1 AND expires_at > $2",
    ).bind(id.to_string()).bind(now()).fetch_optional(c).await?))
}

pub async fn session_insert(tx: &mut Tx, id: &str, data: &str, expires_at: i64) -> DbResult<bool> {
    Ok(on_conn!(tx, c => sqlx::query(
        "INSERT INTO sessions (id, data, expires_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
    ).bind(id.to_string()).bind(data.to_string()).bind(expires_at).execute(c).await?.rows_affected())
        == 1)
}

pub async fn session_save(tx: &mut Tx, id: &str, data: &str, expires_at: i64) -> DbResult<()> {
    on_conn!(tx, c => sqlx::query(
        "INSERT INTO sessions (id, data, expires_at) VALUES ($1, $2, $3) ON CONFLICT (id) DO UPDATE SET data = excluded.data, expires_at = excluded.expires_at",
    ).bind(id.to_string()).bind(data.to_string()).bind(expires_at).execute(c).await?.rows_affected());
    Ok(())
}

pub async fn session_delete(tx: &mut Tx, id: &str) -> DbResult<()> {
    on_conn!(tx, c => sqlx::query("DELETE FROM sessions WHERE id = $1").bind(id.to_string()).execute(c).await?.rows_affected());
    Ok(())
}

pub async fn sessions_prune(tx: &mut Tx) -> DbResult<u64> {
    Ok(
        on_conn!(tx, c => sqlx::query("DELETE FROM sessions WHERE expires_at <= $1").bind(now()).execute(c).await?.rows_affected()),
    )
}

// API tokens.

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct TokenRow {
    pub org_id: i64,
    pub person_id: i64,
}

pub async fn insert_token(tx: &mut Tx, org_id: i64, person_id: i64, hash: &str, label: &str) -> DbResult<i64> {
    Ok(on_conn!(tx, c => sqlx::query_scalar(
        "INSERT INTO api_tokens (org_id, person_id, token_hash, label, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id",
    ).bind(org_id).bind(person_id).bind(hash.to_string()).bind(label.to_string()).bind(now()).fetch_one(c).await?))
}

pub async fn token_by_hash(tx: &mut Tx, hash: &str) -> DbResult<Option<TokenRow>> {
    Ok(on_conn!(tx, c => sqlx::query_as::<_, TokenRow>(
        "SELECT org_id, person_id FROM api_tokens WHERE token_hash = $1",
    ).bind(hash.to_string()).fetch_optional(c).await?))
}

// Failed logins, counted per account ("account:<id>") and per address ("addr:<ip>").

pub async fn record_failure(tx: &mut Tx, subject: &str) -> DbResult<()> {
    on_conn!(tx, c => sqlx::query("INSERT INTO login_failures (subject, at) VALUES ($1, $2)")
        .bind(subject.to_string()).bind(now()).execute(c).await?.rows_affected());
    Ok(())
}

pub async fn failures_since(tx: &mut Tx, subject: &str, since: i64) -> DbResult<i64> {
    Ok(on_conn!(tx, c => sqlx::query_scalar::<_, i64>(
        "SELECT COUNT(*) FROM login_failures WHERE subject = $1 AND at > $2",
    ).bind(subject.to_string()).bind(since).fetch_one(c).await?))
}

pub async fn clear_failures(tx: &mut Tx, subject: &str) -> DbResult<()> {
    on_conn!(tx, c => sqlx::query("DELETE FROM login_failures WHERE subject = $1").bind(subject.to_string()).execute(c).await?.rows_affected());
    Ok(())
}
