//! The SQL of meetings.

use crate::db::{DbResult, Tx, now};
use crate::on_conn;

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct MeetingRow {
    pub id: i64,
    pub kind: String,
    pub title: String,
    pub starts_at: String,
    pub place: String,
    pub status: String,
    pub minutes: String,
    /// Members called when it was called (none for meetings called before this was kept).
    #[sqlx(default)]
    pub called: Option<i64>,
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ItemRow {
    pub id: i64,
    pub position: i64,
    pub title: String,
    pub document: String,
    pub decision: String,
    pub proposal_id: Option<i64>,
}

/// Someone at the meeting: (member id, number, name, who marked her: None when she did).
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Attendee {
    pub member_id: i64,
    pub member_number: String,
    pub name: String,
    pub self_marked: bool,
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ProxyRow {
    pub giver_id: i64,
    pub giver_name: String,
    pub holder_id: i64,
    pub holder_name: String,
}

pub async fn insert(
    tx: &mut Tx,
    org_id: i64,
    kind: &str,
    title: &str,
    starts_at: &str,
    place: &str,
    by: i64,
) -> DbResult<i64> {
    Ok(on_conn!(tx, c => sqlx::query_scalar(
        "INSERT INTO meetings (org_id, kind, title, starts_at, place, status, created_by, created_at) VALUES ($1, $2, $3, $4, $5, 'planned', $6, $7) RETURNING id",
    ).bind(org_id).bind(kind.to_string()).bind(title.to_string()).bind(starts_at.to_string()).bind(place.to_string()).bind(by).bind(now())
    .fetch_one(c).await?))
}

pub async fn get(tx: &mut Tx, org_id: i64, id: i64) -> DbResult<Option<MeetingRow>> {
    Ok(on_conn!(tx, c => sqlx::query_as::<_, MeetingRow>(
        "SELECT id, kind, title, starts_at, place, status, minutes, called FROM meetings WHERE org_id = $1 AND id = $2",
    ).bind(org_id).bind(id).fetch_optional(c).await?))
}

/// Meetings, the latest first.
pub async fn list(tx: &mut Tx, org_id: i64) -> DbResult<Vec<MeetingRow>> {
    Ok(on_conn!(tx, c => sqlx::query_as::<_, MeetingRow>(
        "SELECT id, kind, title, starts_at, place, status, minutes FROM meetings WHERE org_id = $1 ORDER BY starts_at DESC, id DESC LIMIT 200",
    ).bind(org_id).fetch_all(c).await?))
}

/// The next meetings not yet closed, soonest first.
pub async fn upcoming(tx: &mut Tx, org_id: i64, from: &str) -> DbResult<Vec<MeetingRow>> {
    Ok(on_conn!(tx, c => sqlx::query_as::<_, MeetingRow>(
        "SELECT id, kind, title, starts_at, place, status, minutes FROM meetings WHERE org_id = $1 AND status <> 'closed' AND starts_at >= $2 ORDER BY starts_at LIMIT 3",
    ).bind(org_id).bind(from.to_string()).fetch_all(c).await?))
}

/// Moves a meeting from one status to another; false when it was not in `from`.
pub async fn set_status(tx: &mut Tx, org_id: i64, id: i64, from: &str, to: &str) -> DbResult<bool> {
    Ok(
        on_conn!(tx, c => sqlx::query("UPDATE meetings SET status = $4 WHERE org_id = $1 AND id = $2 AND status = $3")
        .bind(org_id).bind(id).bind(from.to_string()).bind(to.to_string()).execute(c).await?.rows_affected())
            == 1,
    )
}

pub async fn set_minutes(tx: &mut Tx, org_id: i64, id: i64, minutes: &str) -> DbResult<()> {
    on_conn!(tx, c => sqlx::query("UPDATE meetings SET minutes = $3 WHERE org_id = $1 AND id = $2")
        .bind(org_id).bind(id).bind(minutes.to_string()).execute(c).await?.rows_affected());
    Ok(())
}

pub async fn add_item(tx: &mut Tx, org_id: i64, meeting_id: i64, title: &str, document: &str) -> DbResult<i64> {
    Ok(on_conn!(tx, c => sqlx::query_scalar(
        "INSERT INTO agenda_items (org_id, meeting_id, position, title, document) VALUES ($1, $2, \
         (SELECT COALESCE(MAX(position), 0) + 1 FROM agenda_items WHERE meeting_id = $2), $3, $4) RETURNING id",
    ).bind(org_id).bind(meeting_id).bind(title.to_string()).bind(document.to_string()).fetch_one(c).await?))
}

pub async fn items(tx: &mut Tx, org_id: i64, meeting_id: i64) -> DbResult<Vec<ItemRow>> {
    Ok(on_conn!(tx, c => sqlx::query_as::<_, ItemRow>(
        "SELECT id, position, title, document, decision, proposal_id FROM agenda_items WHERE org_id = $1 AND meeting_id = $2 ORDER BY position",
    ).bind(org_id).bind(meeting_id).fetch_all(c).await?))
}

pub async fn decide(
    tx: &mut Tx,
    org_id: i64,
    meeting_id: i64,
    item_id: i64,
    decision: &str,
    proposal_id: Option<i64>,
    by: i64,
) -> DbResult<bool> {
    Ok(
        on_conn!(tx, c => sqlx::query("UPDATE agenda_items SET decision = $4, proposal_id = $5, decided_by = $6 WHERE org_id = $1 AND meeting_id = $2 AND id = $3")
        .bind(org_id).bind(meeting_id).bind(item_id).bind(decision.to_string()).bind(proposal_id).bind(by).execute(c).await?.rows_affected())
            == 1,
    )
}

/// Marks her present; false when she was already.
pub async fn attend(
    tx: &mut Tx,
    org_id: i64,
    meeting_id: i64,
    member_id: i64,
    marked_by: Option<i64>,
) -> DbResult<bool> {
    Ok(on_conn!(tx, c => sqlx::query(
        "INSERT INTO attendance (org_id, meeting_id, member_id, marked_by, created_at) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (meeting_id, member_id) DO NOTHING",
    ).bind(org_id).bind(meeting_id).bind(member_id).bind(marked_by).bind(now()).execute(c).await?.rows_affected())
        == 1)
}

pub async fn attendees(tx: &mut Tx, org_id: i64, meeting_id: i64) -> DbResult<Vec<Attendee>> {
    Ok(on_conn!(tx, c => sqlx::query_as::<_, Attendee>(
        "SELECT a.member_id, m.member_number, m.name, (a.marked_by IS NULL) AS self_marked FROM attendance a \
         JOIN memberships m ON m.id = a.member_id AND m.org_id = a.org_id \
         WHERE a.org_id = $1 AND a.meeting_id = $2 ORDER BY a.created_at, a.member_id",
    ).bind(org_id).bind(meeting_id).fetch_all(c).await?))
}

/// Records her proxy; false when she had given one for this meeting already.
pub async fn give_proxy(tx: &mut Tx, org_id: i64, meeting_id: i64, giver: i64, holder: i64) -> DbResult<bool> {
    Ok(on_conn!(tx, c => sqlx::query(
        "INSERT INTO proxies (org_id, meeting_id, giver_id, holder_id, created_at) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (meeting_id, giver_id) DO NOTHING",
    ).bind(org_id).bind(meeting_id).bind(giver).bind(holder).bind(now()).execute(c).await?.rows_affected())
        == 1)
}

pub async fn proxies(tx: &mut Tx, org_id: i64, meeting_id: i64) -> DbResult<Vec<ProxyRow>> {
    Ok(on_conn!(tx, c => sqlx::query_as::<_, ProxyRow>(
        "SELECT x.giver_id, g.name AS giver_name, x.holder_id, h.name AS holder_name FROM proxies x \
         JOIN memberships g ON g.id = x.giver_id AND g.org_id = x.org_id \
         JOIN memberships h ON h.id = x.holder_id AND h.org_id = x.org_id \
         WHERE x.org_id = $1 AND x.meeting_id = $2 ORDER BY x.created_at",
    ).bind(org_id).bind(meeting_id).fetch_all(c).await?))
}

pub async fn proxies_carried(tx: &mut Tx, org_id: i64, meeting_id: i64, holder: i64) -> DbResult<i64> {
    Ok(on_conn!(tx, c => sqlx::query_scalar::<_, i64>(
        "SELECT COUNT(*) FROM proxies WHERE org_id = $1 AND meeting_id = $2 AND holder_id = $3",
    ).bind(org_id).bind(meeting_id).bind(holder).fetch_one(c).await?))
}

pub async fn set_called(tx: &mut Tx, org_id: i64, id: i64, called: i64) -> DbResult<()> {
    on_conn!(tx, c => sqlx::query("UPDATE meetings SET called = $3 WHERE org_id = $1 AND id = $2")
        .bind(org_id).bind(id).bind(called).execute(c).await?.rows_affected());
    Ok(())
}
