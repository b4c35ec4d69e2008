//! Idempotency keys: a write repeated with the same key counts once.
//!
//! Why it is built this way:
//! - A key belongs to one caller (the person, or a visitor's form cookie) and one route
//!   with its organisation, so nobody can replay another's key.
//! - It is looked up when the handler opens its first write transaction, which comes
//!   after the caller was authenticated and authorised: a repeat from someone whose
//!   rights were taken away is refused like any request of hers.
//! - It is stored inside that same transaction, just before the commit, so a write and
//!   its key are committed together or not at all: a crash never leaves a key "in
//!   progress", and a key without a stored answer means "done, answer lost".
//! - It carries a fingerprint of the request: the same key with another body is refused
//!   (422) rather than silently taken for the first.
//! - Keys are kept 90 days, as long as a phone may stay offline with a queued form.
//!
//! The request's claim travels in a task-local set by the middleware (`app::idempotent`),
//! so `Db::begin_write` and `Tx::commit` find it without every handler passing it on.

use std::cell::RefCell;

use super::{Db, DbError, DbResult, Tx, now};
use crate::on_conn;

/// How long a key is kept: a phone may replay a queued form this late.
pub const KEEP_SECS: i64 = 90 * 86_400;

/// What the first request with a key answered.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct StoredResponse {
    pub fingerprint: String,
    pub status: Option<i64>,
    pub location: Option<String>,
    pub content_type: Option<String>,
    pub body: Option<Vec<u8>>,
}

/// One request's key, who sent it, where, and what it carried.
#[derive(Debug, Clone)]
pub struct Claim {
    pub scope: String,
    pub route: String,
    pub key: String,
    pub fingerprint: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum State {
    /// Not yet looked up.
    Fresh,
    /// Looked up and new: it is stored at the next commit.
    Checked,
    /// Stored with a committed write (or handed to the posting task with its entry).
    Stored,
    /// This request keeps no key (a secret ballot: its own record refuses a second vote).
    Forgotten,
}

#[derive(Debug)]
pub struct Current {
    pub claim: Claim,
    pub state: State,
}

tokio::task_local! {
    pub static CURRENT: RefCell<Current>;
}

fn state() -> Option<State> {
    CURRENT.try_with(|c| c.borrow().state).ok()
}

fn set_state(s: State) {
    let _ = CURRENT.try_with(|c| c.borrow_mut().state = s);
}

fn claim() -> Option<Claim> {
    CURRENT.try_with(|c| c.borrow().claim.clone()).ok()
}

/// This request keeps no key: what it writes must not be linked to who sent it.
pub fn forget() {
    set_state(State::Forgotten);
}

/// The state the request ended in (for the middleware).
pub fn final_state() -> Option<State> {
    state()
}

async fn lookup(tx: &mut Tx, c: &Claim) -> DbResult<Option<StoredResponse>> {
    Ok(on_conn!(tx, conn => sqlx::query_as::<_, StoredResponse>(
        "SELECT fingerprint, status, location, content_type, body FROM idempotency_keys WHERE scope = $1 AND route = $2 AND key = $3",
    )
    .bind(c.scope.clone())
    .bind(c.route.clone())
    .bind(c.key.clone())
    .fetch_optional(conn)
    .await?))
}

fn refusal(c: &Claim, stored: StoredResponse) -> DbError {
    if stored.fingerprint != c.fingerprint {
        DbError::KeyReused
    } else {
        DbError::Replay(Box::new(stored))
    }
}

/// Called as a write transaction opens: a key seen before answers with its first answer.
pub(super) async fn on_begin(tx: &mut Tx) -> DbResult<()> {
    if state() != Some(State::Fresh) {
        return Ok(());
    }
    let Some(c) = claim() else { return Ok(()) };
    if let Some(stored) = lookup(tx, &c).await? {
        return Err(refusal(&c, stored));
    }
    set_state(State::Checked);
    Ok(())
}

/// Called just before a write transaction commits: the key is stored with the write.
pub(super) async fn on_commit(tx: &mut Tx) -> DbResult<()> {
    if state() != Some(State::Checked) {
        return Ok(());
    }
    let Some(c) = claim() else { return Ok(()) };
    if !insert(tx, &c).await? {
        // The same key committed by a request that ran alongside this one.
        let stored = lookup(tx, &c).await?;
        return Err(match stored {
            Some(s) => refusal(&c, s),
            None => DbError::KeyReused,
        });
    }
    set_state(State::Stored);
    Ok(())
}

async fn insert(tx: &mut Tx, c: &Claim) -> DbResult<bool> {
    let n = on_conn!(tx, conn => sqlx::query(
        "INSERT INTO idempotency_keys (scope, route, key, fingerprint, created_at) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING",
    )
    .bind(c.scope.clone())
    .bind(c.route.clone())
    .bind(c.key.clone())
    .bind(c.fingerprint.clone())
    .bind(now())
    .execute(conn)
    .await?
    .rows_affected());
    Ok(n == 1)
}

/// For a write made by another task (the group-commit posting task): the key is looked
/// up now and handed over, to be stored in that task's transaction.
pub async fn hand_over(db: &Db) -> DbResult<Option<Claim>> {
    if state() != Some(State::Fresh) {
        return Ok(None);
    }
    let Some(c) = claim() else { return Ok(None) };
    let mut tx = db.begin().await?;
    if let Some(stored) = lookup(&mut tx, &c).await? {
        return Err(refusal(&c, stored));
    }
    set_state(State::Stored);
    Ok(Some(c))
}

/// Stores a handed-over key in the posting task's transaction; false when the same key
/// was stored first by another request.
pub async fn store_handed_over(tx: &mut Tx, c: &Claim) -> DbResult<bool> {
    insert(tx, c).await
}

/// Records the answer given to the request whose write committed with the key.
pub async fn complete(
    db: &Db,
    c: &Claim,
    status: i64,
    location: Option<String>,
    content_type: Option<String>,
    body: Vec<u8>,
) -> DbResult<()> {
    let mut tx = db.begin_write().await?;
    on_conn!(&mut tx, conn => sqlx::query(
        "UPDATE idempotency_keys SET status = $4, location = $5, content_type = $6, body = $7 WHERE scope = $1 AND route = $2 AND key = $3",
    )
    .bind(c.scope.clone())
    .bind(c.route.clone())
    .bind(c.key.clone())
    .bind(status)
    .bind(location)
    .bind(content_type)
    .bind(body)
    .execute(conn)
    .await?
    .rows_affected());
    tx.commit().await
}

/// Forgets every key kept for the routes that start with `prefix` (a closed secret vote).
pub async fn forget_route(tx: &mut Tx, route_prefix: &str) -> DbResult<()> {
    on_conn!(tx, c => sqlx::query("DELETE FROM idempotency_keys WHERE substr(route, 1, length($1)) = $1")
        .bind(route_prefix.to_string())
        .execute(c)
        .await?.rows_affected());
    Ok(())
}

/// Drops keys older than they need to be kept.
pub async fn prune(tx: &mut Tx) -> DbResult<()> {
    on_conn!(tx, c => sqlx::query("DELETE FROM idempotency_keys WHERE created_at < $1")
        .bind(now() - KEEP_SECS)
        .execute(c)
        .await?.rows_affected());
    Ok(())
}
