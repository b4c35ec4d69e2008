//! The SQL of notices, nothing else.

use crate::db::{DbResult, Tx, now};
use crate::on_conn;

/// Queues a notice unless this event already queued one for her on this channel.
/// Answers whether it was new.
#[allow(clippy::too_many_arguments)]
pub async fn queue(
    tx: &mut Tx,
    org_id: i64,
    member_id: i64,
    channel: &str,
    kind: &str,
    subject_id: i64,
    args: &str,
    not_before: i64,
) -> DbResult<bool> {
    Ok(on_conn!(tx, c => sqlx::query(
        "INSERT INTO notices_outbox (org_id, member_id, channel, subject, subject_id, body, status, created_at, kind, next_attempt_at) \
         VALUES ($1, $2, $3, $4, $5, $6, 'queued', $7, $4, $8) ON CONFLICT (org_id, kind, subject_id, member_id, channel) DO NOTHING",
    )
    .bind(org_id).bind(member_id).bind(channel.to_string()).bind(kind.to_string()).bind(subject_id)
    .bind(args.to_string()).bind(now()).bind(not_before)
    .execute(c).await?.rows_affected())
        == 1)
}

/// How many notices one event queued.
pub async fn count_for(tx: &mut Tx, org_id: i64, kind: &str, subject_id: i64) -> DbResult<i64> {
    Ok(on_conn!(tx, c => sqlx::query_scalar::<_, i64>(
        "SELECT COUNT(*) FROM notices_outbox WHERE org_id = $1 AND kind = $2 AND subject_id = $3",
    ).bind(org_id).bind(kind.to_string()).bind(subject_id).fetch_one(c).await?))
}

/// Notices due now on the channels this sender has a gateway for (sms, whatsapp,
/// email), oldest first, not held by another sender.
pub async fn due(tx: &mut Tx, now: i64, limit: i64, channels: [bool; 3]) -> DbResult<Vec<i64>> {
    Ok(on_conn!(tx, c => sqlx::query_scalar::<_, i64>(
        "SELECT id FROM notices_outbox WHERE status = 'queued' AND next_attempt_at <= $1 AND claimed_until < $1 \
         AND ($3 OR channel <> 'sms') AND ($4 OR channel <> 'whatsapp') AND ($5 OR channel <> 'email') \
         ORDER BY next_attempt_at, id LIMIT $2",
    ).bind(now).bind(limit).bind(channels[0]).bind(channels[1]).bind(channels[2]).fetch_all(c).await?))
}

/// Takes a notice for this sender for `hold` seconds; false when another took it first.
/// Several `tejido serve` on one database each send a notice once.
pub async fn claim(tx: &mut Tx, id: i64, now: i64, hold: i64) -> DbResult<bool> {
    Ok(on_conn!(tx, c => sqlx::query(
        "UPDATE notices_outbox SET claimed_until = $3 WHERE id = $1 AND status = 'queued' AND claimed_until < $2 AND next_attempt_at <= $2",
    ).bind(id).bind(now).bind(now + hold).execute(c).await?.rows_affected())
        == 1)
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct NoticeRow {
    pub id: i64,
    pub org_id: i64,
    pub member_id: i64,
    pub channel: String,
    pub kind: String,
    pub subject_id: i64,
    pub body: String,
    pub status: String,
    pub attempts: i64,
    pub created_at: i64,
    pub sent_at: Option<i64>,
    pub gateway_ref: Option<String>,
    pub last_error: String,
}

pub async fn get(tx: &mut Tx, id: i64) -> DbResult<Option<NoticeRow>> {
    const SQL: &str = "SELECT id, org_id, member_id, channel, kind, subject_id, body, status, attempts, created_at, sent_at, gateway_ref, last_error FROM notices_outbox WHERE id = $1";
    Ok(on_conn!(tx, c => sqlx::query_as::<_, NoticeRow>(SQL).bind(id).fetch_optional(c).await?))
}

/// Her notices, newest first.
pub async fn of_member(tx: &mut Tx, org_id: i64, member_id: i64, limit: i64) -> DbResult<Vec<NoticeRow>> {
    Ok(on_conn!(tx, c => sqlx::query_as::<_, NoticeRow>(
        "SELECT id, org_id, member_id, channel, kind, subject_id, body, status, attempts, created_at, sent_at, gateway_ref, last_error FROM notices_outbox WHERE org_id = $1 AND member_id = $2 ORDER BY id DESC LIMIT $3",
    ).bind(org_id).bind(member_id).bind(limit).fetch_all(c).await?))
}

/// Notices of an organisation by status: (status, count).
pub async fn counts(tx: &mut Tx, org_id: i64) -> DbResult<Vec<(String, i64)>> {
    Ok(on_conn!(tx, c => sqlx::query_as::<_, (String, i64)>(
        "SELECT status, COUNT(*) FROM notices_outbox WHERE org_id = $1 GROUP BY status ORDER BY status",
    ).bind(org_id).fetch_all(c).await?))
}

pub async fn mark_sent(
    tx: &mut Tx,
    id: i64,
    gateway: &str,
    reference: &str,
    cost: i64,
    text: &str,
    at: i64,
) -> DbResult<()> {
    on_conn!(tx, c => sqlx::query(
        "UPDATE notices_outbox SET status = 'sent', gateway = $2, gateway_ref = $3, cost_minor = $4, sent_text = $5, sent_at = $6, attempts = attempts + 1, claimed_until = 0, last_error = '' WHERE id = $1 AND status = 'queued'",
    ).bind(id).bind(gateway.to_string()).bind(reference.to_string()).bind(cost).bind(text.to_string()).bind(at).execute(c).await?.rows_affected());
    Ok(())
}

/// Back to the queue until `next` (a failed attempt, quiet hours, a spent budget).
pub async fn hold(tx: &mut Tx, id: i64, next: i64, attempted: bool, error: &str) -> DbResult<()> {
    on_conn!(tx, c => sqlx::query(
        "UPDATE notices_outbox SET next_attempt_at = $2, attempts = attempts + $3, last_error = $4, claimed_until = 0 WHERE id = $1 AND status = 'queued'",
    ).bind(id).bind(next).bind(i64::from(attempted)).bind(error.to_string()).execute(c).await?.rows_affected());
    Ok(())
}

/// Ends a notice that will not be sent: failed after its last attempt, or skipped.
pub async fn end(tx: &mut Tx, id: i64, status: &str, attempted: bool, error: &str) -> DbResult<()> {
    on_conn!(tx, c => sqlx::query(
        "UPDATE notices_outbox SET status = $2, attempts = attempts + $3, last_error = $4, claimed_until = 0 WHERE id = $1 AND status = 'queued'",
    ).bind(id).bind(status.to_string()).bind(i64::from(attempted)).bind(error.to_string()).execute(c).await?.rows_affected());
    Ok(())
}

/// The notice a gateway's reference names: (id, status).
pub async fn by_reference(tx: &mut Tx, gateway: &str, reference: &str) -> DbResult<Option<(i64, String)>> {
    Ok(on_conn!(tx, c => sqlx::query_as::<_, (i64, String)>(
        "SELECT id, status FROM notices_outbox WHERE gateway = $1 AND gateway_ref = $2",
    ).bind(gateway.to_string()).bind(reference.to_string()).fetch_optional(c).await?))
}

/// Moves a notice to what a receipt says, only from the status it was read in.
pub async fn set_status(tx: &mut Tx, id: i64, from: &str, to: &str, at: i64) -> DbResult<bool> {
    Ok(on_conn!(tx, c => sqlx::query(
        "UPDATE notices_outbox SET status = $3, delivered_at = CASE WHEN $3 = 'delivered' THEN $4 ELSE delivered_at END WHERE id = $1 AND status = $2",
    ).bind(id).bind(from.to_string()).bind(to.to_string()).bind(at).execute(c).await?.rows_affected())
        == 1)
}

/// What the organisation's messages cost since `since`.
pub async fn spent_since(tx: &mut Tx, org_id: i64, since: i64) -> DbResult<i64> {
    Ok(on_conn!(tx, c => sqlx::query_scalar::<_, i64>(
        "SELECT CAST(COALESCE(SUM(cost_minor), 0) AS BIGINT) FROM notices_outbox WHERE org_id = $1 AND sent_at >= $2",
    ).bind(org_id).bind(since).fetch_one(c).await?))
}

pub async fn budget(tx: &mut Tx, org_id: i64) -> DbResult<i64> {
    Ok(on_conn!(tx, c => sqlx::query_scalar::<_, i64>(
        "SELECT COALESCE((SELECT budget_minor FROM notice_settings WHERE org_id = $1), 0)",
    ).bind(org_id).fetch_one(c).await?))
}

pub async fn set_budget(tx: &mut Tx, org_id: i64, budget: i64) -> DbResult<()> {
    on_conn!(tx, c => sqlx::query(
        "INSERT INTO notice_settings (org_id, budget_minor, updated_at) VALUES ($1, $2, $3) \
         ON CONFLICT (org_id) DO UPDATE SET budget_minor = excluded.budget_minor, updated_at = excluded.updated_at",
    ).bind(org_id).bind(budget).bind(now()).execute(c).await?.rows_affected());
    Ok(())
}

/// Her choice on a channel: (opted out, details: None for the default).
pub async fn choice(tx: &mut Tx, org_id: i64, member_id: i64, channel: &str) -> DbResult<(bool, Option<bool>)> {
    Ok(on_conn!(tx, c => sqlx::query_as::<_, (bool, Option<bool>)>(
        "SELECT opted_out, details FROM notice_choices WHERE org_id = $1 AND member_id = $2 AND channel = $3",
    ).bind(org_id).bind(member_id).bind(channel.to_string()).fetch_optional(c).await?)
    .unwrap_or((false, None)))
}

pub async fn set_choice(
    tx: &mut Tx,
    org_id: i64,
    member_id: i64,
    channel: &str,
    opted_out: bool,
    details: Option<bool>,
) -> DbResult<()> {
    on_conn!(tx, c => sqlx::query(
        "INSERT INTO notice_choices (org_id, member_id, channel, opted_out, details, updated_at) VALUES ($1, $2, $3, $4, $5, $6) \
         ON CONFLICT (org_id, member_id, channel) DO UPDATE SET opted_out = excluded.opted_out, details = excluded.details, updated_at = excluded.updated_at",
    ).bind(org_id).bind(member_id).bind(channel.to_string()).bind(opted_out).bind(details).bind(now()).execute(c).await?.rows_affected());
    Ok(())
}

pub async fn stopped(tx: &mut Tx, address: &str, channel: &str) -> DbResult<bool> {
    Ok(on_conn!(tx, c => sqlx::query_scalar::<_, i64>(
        "SELECT COUNT(*) FROM notice_stops WHERE address = $1 AND channel = $2",
    ).bind(address.to_string()).bind(channel.to_string()).fetch_one(c).await?)
        > 0)
}

pub async fn stop(tx: &mut Tx, address: &str, channel: &str) -> DbResult<()> {
    on_conn!(tx, c => sqlx::query(
        "INSERT INTO notice_stops (address, channel, created_at) VALUES ($1, $2, $3) ON CONFLICT (address, channel) DO NOTHING",
    ).bind(address.to_string()).bind(channel.to_string()).bind(now()).execute(c).await?.rows_affected());
    Ok(())
}

pub async fn unstop(tx: &mut Tx, address: &str, channel: &str) -> DbResult<()> {
    on_conn!(tx, c => sqlx::query("DELETE FROM notice_stops WHERE address = $1 AND channel = $2")
        .bind(address.to_string()).bind(channel.to_string()).execute(c).await?.rows_affected());
    Ok(())
}

pub async fn template_id(
    tx: &mut Tx,
    org_id: i64,
    kind: &str,
    channel: &str,
    locale: &str,
) -> DbResult<Option<String>> {
    Ok(on_conn!(tx, c => sqlx::query_scalar::<_, String>(
        "SELECT template_id FROM notice_templates WHERE org_id = $1 AND kind = $2 AND channel = $3 AND locale IN ($4, '*') ORDER BY locale DESC LIMIT 1",
    ).bind(org_id).bind(kind.to_string()).bind(channel.to_string()).bind(locale.to_string()).fetch_optional(c).await?))
}

pub async fn set_template(
    tx: &mut Tx,
    org_id: i64,
    kind: &str,
    channel: &str,
    locale: &str,
    template_id: &str,
) -> DbResult<()> {
    on_conn!(tx, c => sqlx::query(
        "INSERT INTO notice_templates (org_id, kind, channel, locale, template_id) VALUES ($1, $2, $3, $4, $5) \
         ON CONFLICT (org_id, kind, channel, locale) DO UPDATE SET template_id = excluded.template_id",
    ).bind(org_id).bind(kind.to_string()).bind(channel.to_string()).bind(locale.to_string()).bind(template_id.to_string()).execute(c).await?.rows_affected());
    Ok(())
}
