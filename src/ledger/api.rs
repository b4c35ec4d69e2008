//! The JSON API of the books: accounts, entries, the trial balance.

use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::model::{AccountKind, NewEntry, Posting};
use super::service;
use super::store;
use crate::auth::{OrgCtx, Permission};
use crate::state::AppState;
use crate::web::json::ApiJson;
use crate::web::{AppError, AppResult, FieldError};

/// An account of the chart, with its balance (debits minus credits, in minor units,
/// sub-accounts included).
#[derive(Serialize, ToSchema)]
pub struct AccountOut {
    pub code: String,
    pub kind: AccountKind,
    /// Message id of a standard account's name, or the member's name of a sub-account.
    pub name: String,
    pub parent: Option<String>,
    pub member_id: Option<i64>,
    pub balance: i64,
    pub currency: String,
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct Through {
    /// ISO 8601 date; today when absent.
    through: Option<String>,
}

/// The chart of accounts with balances: the trial balance.
#[utoipa::path(get, path = "/api/v1/orgs/{slug}/accounts", tag = "books", params(("slug" = String, Path), Through),
    responses((status = 200, body = Vec<AccountOut>), (status = 403)))]
pub async fn accounts(
    State(state): State<AppState>,
    ctx: OrgCtx,
    Query(q): Query<Through>,
) -> AppResult<Json<Vec<AccountOut>>> {
    ctx.require(Permission::ViewBooks)?;
    let through = match q.through {
        Some(d) if super::model::valid_date(&d) => d,
        Some(_) => return Err(AppError::BadRequest("entry-bad-date")),
        None => ctx.org.today(),
    };
    let mut tx = state.db.begin().await?;
    let lines = service::detailed_trial_balance(&mut tx, &ctx.org, &through).await?;
    let codes: std::collections::HashMap<i64, &str> =
        lines.iter().map(|l| (l.account.id, l.account.code.as_str())).collect();
    let code_of = |id: i64| codes.get(&id).map(|c| c.to_string());
    Ok(Json(
        lines
            .iter()
            .map(|l| AccountOut {
                code: l.account.code.clone(),
                kind: l.kind,
                name: if l.account.name_key.is_empty() {
                    l.account.name.clone()
                } else {
                    l.account.name_key.clone()
                },
                parent: l.account.parent_id.and_then(code_of),
                member_id: l.account.member_id,
                balance: l.balance,
                currency: ctx.org.currency.code().to_string(),
            })
            .collect(),
    ))
}

/// One line of an entry: an account code and an amount in minor units, debit positive.
#[derive(Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PostingIo {
    pub account: String,
    pub amount: i64,
}

/// A journal entry.
#[derive(Serialize, ToSchema)]
pub struct EntryOut {
    pub id: i64,
    pub seq: i64,
    pub date: String,
    pub description: String,
    pub currency: String,
    pub source: String,
    pub reverses: Option<i64>,
    pub postings: Vec<PostingIo>,
    pub hash: String,
}

/// A new entry; it must balance to the minor unit.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EntryIn {
    pub date: String,
    pub description: String,
    /// A date after today is refused unless the entry is confirmed as planned.
    #[serde(default)]
    pub planned: bool,
    pub postings: Vec<PostingIo>,
}

async fn entry_out(tx: &mut crate::db::Tx, org_id: i64, e: store::EntryRow) -> AppResult<EntryOut> {
    let postings = store::postings_of(tx, org_id, e.id)
        .await?
        .into_iter()
        .map(|(_, account, amount)| PostingIo { account, amount })
        .collect();
    Ok(EntryOut {
        id: e.id,
        seq: e.seq,
        date: e.entry_date,
        description: e.description,
        currency: e.currency,
        source: e.source,
        reverses: e.reverses_id,
        postings,
        hash: e.hash,
    })
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct EntryPage {
    /// From 1; 50 entries a page, newest first.
    page: Option<i64>,
}

/// Journal entries, newest first.
#[utoipa::path(get, path = "/api/v1/orgs/{slug}/entries", tag = "books", params(("slug" = String, Path), EntryPage),
    responses((status = 200, body = Vec<EntryOut>), (status = 403)))]
pub async fn entries(
    State(state): State<AppState>,
    ctx: OrgCtx,
    Query(q): Query<EntryPage>,
) -> AppResult<Json<Vec<EntryOut>>> {
    ctx.require(Permission::ViewBooks)?;
    let n = crate::members::model::page_number(q.page);
    let mut tx = state.db.begin().await?;
    let mut out = vec![];
    for e in store::entries(&mut tx, ctx.org.id, 50, (n - 1) * 50).await? {
        out.push(entry_out(&mut tx, ctx.org.id, e).await?);
    }
    Ok(Json(out))
}

/// One entry.
#[utoipa::path(get, path = "/api/v1/orgs/{slug}/entries/{id}", tag = "books", params(("slug" = String, Path), ("id" = i64, Path)),
    responses((status = 200, body = EntryOut), (status = 403), (status = 404)))]
pub async fn entry(
    State(state): State<AppState>,
    ctx: OrgCtx,
    Path((_slug, id)): Path<(String, i64)>,
) -> AppResult<Json<EntryOut>> {
    ctx.require(Permission::ViewBooks)?;
    let mut tx = state.db.begin().await?;
    let e = store::entry(&mut tx, ctx.org.id, id).await?.ok_or(AppError::NotFound)?;
    Ok(Json(entry_out(&mut tx, ctx.org.id, e).await?))
}

/// Posts a journal entry (treasurers and admins).
#[utoipa::path(post, path = "/api/v1/orgs/{slug}/entries", tag = "books", request_body = EntryIn,
    params(("slug" = String, Path), ("Idempotency-Key" = Option<String>, Header, description = "Repeats with the same key return the first result")),
    responses((status = 201, body = EntryOut), (status = 403), (status = 422, description = "Unbalanced, unknown account, closed period…")))]
pub async fn post_entry(
    State(state): State<AppState>,
    ctx: OrgCtx,
    ApiJson(input): ApiJson<EntryIn>,
) -> AppResult<Response> {
    ctx.require(Permission::KeepBooks)?;
    // Accounts are never deleted: what a code names now, it names when the entry posts.
    let codes: Vec<&str> = input.postings.iter().map(|p| p.account.as_str()).collect();
    let mut tx = state.db.begin().await?;
    let mut accounts = store::accounts_by_codes(&mut tx, ctx.org.id, &codes).await?;
    drop(tx);
    if accounts.len() < codes.len() {
        // Books never opened, or an unknown code: open them and look again.
        let mut tx = state.db.begin_write().await?;
        service::open_books(&mut tx, ctx.org.id).await?;
        accounts = store::accounts_by_codes(&mut tx, ctx.org.id, &codes).await?;
        tx.commit().await?;
    }
    let mut postings = vec![];
    for p in &input.postings {
        let a = accounts
            .iter()
            .find(|a| a.code == p.account)
            .ok_or_else(|| AppError::Invalid(vec![FieldError::new("postings", "entry-unknown-account")]))?;
        postings.push(Posting {
            account_id: a.id,
            amount: p.amount,
        });
    }
    let entry = NewEntry {
        date: input.date,
        description: input.description,
        source: "api",
        source_id: None,
        reverses_id: None,
        planned: input.planned,
        postings,
    };
    let description = entry.description.trim().to_string();
    let date = entry.date.clone();
    // The posting task commits the entry; its idempotency key goes with it, into the
    // same transaction.
    let key = crate::db::idempotency::hand_over(&state.db).await?;
    let service::Posted { id, seq, hash } = state.ledger.post(&ctx.org, entry, Some(ctx.person.id), key).await?;
    // The answer is built from what was posted, without reading it back.
    let out = EntryOut {
        id,
        seq,
        date,
        description,
        currency: ctx.org.currency.code().to_string(),
        source: "api".to_string(),
        reverses: None,
        postings: input.postings,
        hash,
    };
    let location = format!("/api/v1/orgs/{}/entries/{id}", ctx.org.slug);
    Ok((StatusCode::CREATED, [(header::LOCATION, location)], Json(out)).into_response())
}
