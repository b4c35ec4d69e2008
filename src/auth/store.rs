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

/// Removes a person who never had a login of her own, once her membership went to its
/// owner.
pub async fn delete_placeholder(tx: &mut Tx, id: i64) -> DbResult<()> {
    on_conn!(tx, c => sqlx::query("DELETE FROM known_devices WHERE person_id = $1").bind(id).execute(c).await?.rows_affected());
    on_conn!(tx, c => sqlx::query("DELETE FROM sessions WHERE person_id = $1").bind(id).execute(c).await?.rows_affected());
    on_conn!(tx, c => sqlx::query(
        "DELETE FROM people WHERE id = $1 AND phone IS NULL AND email IS NULL AND NOT is_operator \
         AND NOT EXISTS (SELECT 1 FROM memberships m WHERE m.person_id = $1) AND NOT EXISTS (SELECT 1 FROM api_tokens t WHERE t.person_id = $1)",
    )
        .bind(id)
        .execute(c)
        .await?.rows_affected());
    Ok(())
}

/// The placeholder waiting under an invitation to this login that a password opens: the
/// organisation's record of a member whose phone or email was already someone's login.
pub async fn placeholder_for_login(tx: &mut Tx, login: &str) -> DbResult<Option<PersonRow>> {
    Ok(on_conn!(tx, c => sqlx::query_as::<_, PersonRow>(
        "SELECT p.id, p.name, p.phone, p.email, p.password_hash, p.locale, p.is_operator FROM invitations i \
         JOIN memberships m ON m.id = i.membership_id AND m.org_id = i.org_id JOIN people p ON p.id = m.person_id \
         WHERE i.login = $1 AND p.phone IS NULL AND p.email IS NULL AND p.password_hash IS NOT NULL ORDER BY i.id DESC LIMIT 1",
    ).bind(login.to_string()).fetch_optional(c).await?))
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

// Sessions (server-side records of tower-sessions), kept by the SHA-256 of their id: a
// copy of the database carries no session a server would accept.

pub async fn session_load(tx: &mut Tx, id_hash: &str) -> DbResult<Option<(String, i64)>> {
    Ok(on_conn!(tx, c => sqlx::query_as::<_, (String, i64)>(
        "SELECT data, expires_at FROM sessions WHERE id_hash = $1 AND expires_at > $2",
    ).bind(id_hash.to_string()).bind(now()).fetch_optional(c).await?))
}

pub async fn session_insert(
    tx: &mut Tx,
    id_hash: &str,
    person_id: Option<i64>,
    data: &str,
    expires_at: i64,
) -> DbResult<bool> {
    Ok(on_conn!(tx, c => sqlx::query(
        "INSERT INTO sessions (id_hash, person_id, data, created_at, expires_at) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING",
    ).bind(id_hash.to_string()).bind(person_id).bind(data.to_string()).bind(now()).bind(expires_at).execute(c).await?.rows_affected())
        == 1)
}

pub async fn session_save(
    tx: &mut Tx,
    id_hash: &str,
    person_id: Option<i64>,
    data: &str,
    expires_at: i64,
) -> DbResult<()> {
    on_conn!(tx, c => sqlx::query(
        "INSERT INTO sessions (id_hash, person_id, data, created_at, expires_at) VALUES ($1, $2, $3, $4, $5) \
         ON CONFLICT (id_hash) DO UPDATE SET person_id = excluded.person_id, data = excluded.data, expires_at = excluded.expires_at",
    ).bind(id_hash.to_string()).bind(person_id).bind(data.to_string()).bind(now()).bind(expires_at).execute(c).await?.rows_affected());
    Ok(())
}

pub async fn session_delete(tx: &mut Tx, id_hash: &str) -> DbResult<()> {
    on_conn!(tx, c => sqlx::query("DELETE FROM sessions WHERE id_hash = $1").bind(id_hash.to_string()).execute(c).await?.rows_affected());
    Ok(())
}

pub async fn sessions_prune(tx: &mut Tx) -> DbResult<u64> {
    Ok(
        on_conn!(tx, c => sqlx::query("DELETE FROM sessions WHERE expires_at <= $1").bind(now()).execute(c).await?.rows_affected()),
    )
}

/// Her live sessions: (hash of the id, started, expires).
pub async fn sessions_of(tx: &mut Tx, person_id: i64) -> DbResult<Vec<(String, i64, i64)>> {
    Ok(on_conn!(tx, c => sqlx::query_as::<_, (String, i64, i64)>(
        "SELECT id_hash, created_at, expires_at FROM sessions WHERE person_id = $1 AND expires_at > $2 ORDER BY created_at DESC",
    ).bind(person_id).bind(now()).fetch_all(c).await?))
}

/// Ends her sessions, all but the one kept (by hash); how many ended.
pub async fn end_sessions(tx: &mut Tx, person_id: i64, keep_hash: &str) -> DbResult<u64> {
    Ok(
        on_conn!(tx, c => sqlx::query("DELETE FROM sessions WHERE person_id = $1 AND id_hash <> $2")
        .bind(person_id).bind(keep_hash.to_string()).execute(c).await?.rows_affected()),
    )
}

/// Ends one of her sessions, named by the start of its hash.
pub async fn end_session(tx: &mut Tx, person_id: i64, hash_prefix: &str) -> DbResult<u64> {
    let pattern = format!("{}%", hash_prefix.replace(['%', '_'], ""));
    Ok(
        on_conn!(tx, c => sqlx::query("DELETE FROM sessions WHERE person_id = $1 AND id_hash LIKE $2")
        .bind(person_id).bind(pattern).execute(c).await?.rows_affected()),
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

/// A token as its holder and the operator see it: never the token itself.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct TokenInfo {
    pub id: i64,
    pub org_id: i64,
    pub person_id: i64,
    pub label: String,
    pub created_at: i64,
    pub last_used_at: Option<i64>,
}

/// Tokens of one person, or of everybody when `person_id` is None.
pub async fn tokens(tx: &mut Tx, person_id: Option<i64>) -> DbResult<Vec<TokenInfo>> {
    Ok(on_conn!(tx, c => sqlx::query_as::<_, TokenInfo>(
        "SELECT id, org_id, person_id, label, created_at, last_used_at FROM api_tokens WHERE (CAST($1 AS BIGINT) IS NULL OR person_id = $1) ORDER BY id",
    ).bind(person_id).fetch_all(c).await?))
}

/// Revokes a token (hers, or anyone's when `person_id` is None); whether one went.
pub async fn revoke_token(tx: &mut Tx, id: i64, person_id: Option<i64>) -> DbResult<bool> {
    Ok(
        on_conn!(tx, c => sqlx::query("DELETE FROM api_tokens WHERE id = $1 AND (CAST($2 AS BIGINT) IS NULL OR person_id = $2)")
        .bind(id).bind(person_id).execute(c).await?.rows_affected())
            == 1,
    )
}

pub async fn token_by_hash(tx: &mut Tx, hash: &str) -> DbResult<Option<TokenRow>> {
    Ok(on_conn!(tx, c => sqlx::query_as::<_, TokenRow>(
        "SELECT org_id, person_id FROM api_tokens WHERE token_hash = $1",
    ).bind(hash.to_string()).fetch_optional(c).await?))
}

// Login attempts: one counter per subject ("acct:7", "ip:203.0.113.9", …) and window,
// raised in one statement before the password is checked.

/// Counts one attempt on a subject; how many it has had in the current window.
pub async fn count_attempt(tx: &mut Tx, subject: &str, window_secs: i64) -> DbResult<i64> {
    let t = now();
    Ok(on_conn!(tx, c => sqlx::query_scalar::<_, i64>(
        "INSERT INTO login_attempts (subject, window_start, attempts) VALUES ($1, $2, 1) \
         ON CONFLICT (subject) DO UPDATE SET \
           attempts = CASE WHEN login_attempts.window_start <= $3 THEN 1 ELSE login_attempts.attempts + 1 END, \
           window_start = CASE WHEN login_attempts.window_start <= $3 THEN $2 ELSE login_attempts.window_start END \
         RETURNING attempts",
    ).bind(subject.to_string()).bind(t).bind(t - window_secs).fetch_one(c).await?))
}

pub async fn clear_attempts(tx: &mut Tx, subject: &str) -> DbResult<()> {
    on_conn!(tx, c => sqlx::query("DELETE FROM login_attempts WHERE subject = $1").bind(subject.to_string()).execute(c).await?.rows_affected());
    Ok(())
}

pub async fn prune_attempts(tx: &mut Tx, window_secs: i64) -> DbResult<()> {
    on_conn!(tx, c => sqlx::query("DELETE FROM login_attempts WHERE window_start <= $1").bind(now() - window_secs).execute(c).await?.rows_affected());
    Ok(())
}

pub async fn is_known_device(tx: &mut Tx, person_id: i64, device_hash: &str) -> DbResult<bool> {
    Ok(on_conn!(tx, c => sqlx::query_scalar::<_, i64>(
        "SELECT COUNT(*) FROM known_devices WHERE person_id = $1 AND device_hash = $2",
    ).bind(person_id).bind(device_hash.to_string()).fetch_one(c).await?)
        > 0)
}

pub async fn remember_device(tx: &mut Tx, person_id: i64, device_hash: &str) -> DbResult<()> {
    on_conn!(tx, c => sqlx::query(
        "INSERT INTO known_devices (person_id, device_hash, created_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
    ).bind(person_id).bind(device_hash.to_string()).bind(now()).execute(c).await?.rows_affected());
    Ok(())
}

/// The people who log in on a household's shared phone: (person, has a PIN, has pictures).
pub async fn household(tx: &mut Tx, phone: &str) -> DbResult<Vec<(PersonRow, bool, bool)>> {
    let rows = on_conn!(tx, c => sqlx::query_as::<_, (i64, String, Option<String>, Option<String>, Option<String>, Option<String>, bool, bool, bool)>(
        "SELECT p.id, p.name, p.phone, p.email, p.password_hash, p.locale, p.is_operator, h.pin_hash IS NOT NULL, h.pictures_hash IS NOT NULL \
         FROM household_logins h JOIN people p ON p.id = h.person_id WHERE h.phone = $1 ORDER BY p.name, p.id",
    ).bind(phone.to_string()).fetch_all(c).await?);
    Ok(rows
        .into_iter()
        .map(
            |(id, name, phone, email, password_hash, locale, is_operator, pin, pictures)| {
                (
                    PersonRow {
                        id,
                        name,
                        phone,
                        email,
                        password_hash,
                        locale,
                        is_operator,
                    },
                    pin,
                    pictures,
                )
            },
        )
        .collect())
}

/// Her PIN and pictures hashes on a shared phone.
pub async fn household_secrets(
    tx: &mut Tx,
    phone: &str,
    person_id: i64,
) -> DbResult<Option<(Option<String>, Option<String>)>> {
    Ok(on_conn!(tx, c => sqlx::query_as::<_, (Option<String>, Option<String>)>(
        "SELECT pin_hash, pictures_hash FROM household_logins WHERE phone = $1 AND person_id = $2",
    ).bind(phone.to_string()).bind(person_id).fetch_optional(c).await?))
}

/// The shared phone a person logs in on, if she has one.
pub async fn household_phone(tx: &mut Tx, person_id: i64) -> DbResult<Option<String>> {
    Ok(on_conn!(tx, c => sqlx::query_scalar::<_, String>(
        "SELECT phone FROM household_logins WHERE person_id = $1 ORDER BY created_at LIMIT 1",
    ).bind(person_id).fetch_optional(c).await?))
}

pub async fn join_household(tx: &mut Tx, phone: &str, person_id: i64, pin_hash: Option<&str>) -> DbResult<()> {
    on_conn!(tx, c => sqlx::query(
        "INSERT INTO household_logins (phone, person_id, pin_hash, created_at) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (phone, person_id) DO UPDATE SET pin_hash = COALESCE(excluded.pin_hash, household_logins.pin_hash)",
    ).bind(phone.to_string()).bind(person_id).bind(pin_hash.map(str::to_string)).bind(now()).execute(c).await?.rows_affected());
    Ok(())
}

/// Sets her PIN or her pictures (whichever is given) on every shared phone she uses.
pub async fn set_household_secret(
    tx: &mut Tx,
    person_id: i64,
    pin_hash: Option<&str>,
    pictures_hash: Option<&str>,
) -> DbResult<u64> {
    Ok(on_conn!(tx, c => sqlx::query(
        "UPDATE household_logins SET pin_hash = COALESCE($2, pin_hash), pictures_hash = COALESCE($3, pictures_hash) WHERE person_id = $1",
    ).bind(person_id).bind(pin_hash.map(str::to_string)).bind(pictures_hash.map(str::to_string)).execute(c).await?.rows_affected()))
}
