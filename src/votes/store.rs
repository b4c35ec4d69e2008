//! The SQL of proposals, their voters and ballots.

use crate::db::{DbResult, Tx, now};
use crate::on_conn;

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ProposalRow {
    pub id: i64,
    pub title: String,
    pub body: String,
    pub kind: String,
    pub max_choices: i64,
    pub secret: bool,
    pub quorum_percent: i64,
    pub threshold: String,
    pub threshold_percent: i64,
    pub status: String,
    pub opened_on: String,
    pub closes_on: String,
    pub eligible: i64,
    pub passed: Option<bool>,
    pub winner: Option<i64>,
}

pub struct NewProposal<'a> {
    pub title: &'a str,
    pub body: &'a str,
    pub kind: &'a str,
    pub max_choices: i64,
    pub secret: bool,
    pub quorum_percent: i64,
    pub threshold: &'a str,
    pub threshold_percent: i64,
    pub opened_on: &'a str,
    pub closes_on: &'a str,
}

/// Stores a proposal open for voting, with its options and the members active now as
/// its voters; returns its id.
pub async fn insert(tx: &mut Tx, org_id: i64, p: &NewProposal<'_>, options: &[String], by: i64) -> DbResult<i64> {
    let id: i64 = on_conn!(tx, c => sqlx::query_scalar(
        "INSERT INTO proposals (org_id, title, body, kind, max_choices, secret, quorum_percent, threshold, threshold_percent, status, opened_on, closes_on, eligible, created_by, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'open', $10, $11, 0, $12, $13) RETURNING id",
    ).bind(org_id).bind(p.title.to_string()).bind(p.body.to_string()).bind(p.kind.to_string()).bind(p.max_choices).bind(p.secret)
     .bind(p.quorum_percent).bind(p.threshold.to_string()).bind(p.threshold_percent).bind(p.opened_on.to_string()).bind(p.closes_on.to_string())
     .bind(by).bind(now()).fetch_one(c).await?);
    for (i, label) in options.iter().enumerate() {
        on_conn!(tx, c => sqlx::query("INSERT INTO proposal_options (org_id, proposal_id, position, label) VALUES ($1, $2, $3, $4)")
            .bind(org_id).bind(id).bind(i as i64).bind(label.clone()).execute(c).await?.rows_affected());
    }
    let eligible = on_conn!(tx, c => sqlx::query(
        "INSERT INTO proposal_voters (org_id, proposal_id, member_id, voted) SELECT org_id, $2, id, FALSE FROM memberships WHERE org_id = $1 AND status = 'active'",
    ).bind(org_id).bind(id).execute(c).await?.rows_affected());
    on_conn!(tx, c => sqlx::query("UPDATE proposals SET eligible = $3 WHERE org_id = $1 AND id = $2")
        .bind(org_id).bind(id).bind(eligible as i64).execute(c).await?.rows_affected());
    Ok(id)
}

pub async fn get(tx: &mut Tx, org_id: i64, id: i64) -> DbResult<Option<ProposalRow>> {
    Ok(on_conn!(tx, c => sqlx::query_as::<_, ProposalRow>(
        "SELECT id, title, body, kind, max_choices, secret, quorum_percent, threshold, threshold_percent, status, opened_on, closes_on, eligible, passed, winner FROM proposals WHERE org_id = $1 AND id = $2",
    ).bind(org_id).bind(id).fetch_optional(c).await?))
}

pub async fn list(tx: &mut Tx, org_id: i64) -> DbResult<Vec<ProposalRow>> {
    Ok(on_conn!(tx, c => sqlx::query_as::<_, ProposalRow>(
        "SELECT id, title, body, kind, max_choices, secret, quorum_percent, threshold, threshold_percent, status, opened_on, closes_on, eligible, passed, winner FROM proposals WHERE org_id = $1 ORDER BY status DESC, id DESC LIMIT 100",
    ).bind(org_id).fetch_all(c).await?))
}

/// Open proposals a member may still vote on (or change her open vote).
pub async fn open_for(tx: &mut Tx, org_id: i64, member_id: i64) -> DbResult<Vec<(i64, String, bool)>> {
    Ok(on_conn!(tx, c => sqlx::query_as::<_, (i64, String, bool)>(
        "SELECT p.id, p.title, v.voted FROM proposals p JOIN proposal_voters v ON v.proposal_id = p.id AND v.member_id = $2 \
         WHERE p.org_id = $1 AND p.status = 'open' ORDER BY p.closes_on, p.id",
    ).bind(org_id).bind(member_id).fetch_all(c).await?))
}

pub async fn options(tx: &mut Tx, org_id: i64, id: i64) -> DbResult<Vec<String>> {
    Ok(on_conn!(tx, c => sqlx::query_scalar::<_, String>(
        "SELECT label FROM proposal_options WHERE org_id = $1 AND proposal_id = $2 ORDER BY position",
    ).bind(org_id).bind(id).fetch_all(c).await?))
}

/// Whether she may vote on it, and whether she has.
pub async fn voter(tx: &mut Tx, org_id: i64, id: i64, member_id: i64) -> DbResult<Option<bool>> {
    Ok(on_conn!(tx, c => sqlx::query_scalar::<_, bool>(
        "SELECT voted FROM proposal_voters WHERE org_id = $1 AND proposal_id = $2 AND member_id = $3",
    ).bind(org_id).bind(id).bind(member_id).fetch_optional(c).await?))
}

/// Marks her as having voted; false when she had already (the one check of a secret ballot).
pub async fn mark_voted(tx: &mut Tx, org_id: i64, id: i64, member_id: i64) -> DbResult<bool> {
    let n = on_conn!(tx, c => sqlx::query(
        "UPDATE proposal_voters SET voted = TRUE WHERE org_id = $1 AND proposal_id = $2 AND member_id = $3 AND NOT voted",
    ).bind(org_id).bind(id).bind(member_id).execute(c).await?.rows_affected());
    Ok(n == 1)
}

pub async fn put_open_ballot(tx: &mut Tx, org_id: i64, id: i64, member_id: i64, choice: &str) -> DbResult<()> {
    on_conn!(tx, c => sqlx::query(
        "INSERT INTO open_ballots (org_id, proposal_id, member_id, choice) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (proposal_id, member_id) DO UPDATE SET choice = excluded.choice",
    ).bind(org_id).bind(id).bind(member_id).bind(choice.to_string()).execute(c).await?.rows_affected());
    Ok(())
}

/// Adds one to a secret choice's count: nothing says whose it is.
pub async fn add_secret_ballot(tx: &mut Tx, org_id: i64, id: i64, choice: &str) -> DbResult<()> {
    on_conn!(tx, c => sqlx::query(
        "INSERT INTO secret_ballots (org_id, proposal_id, choice, ballots) VALUES ($1, $2, $3, 1) \
         ON CONFLICT (proposal_id, choice) DO UPDATE SET ballots = secret_ballots.ballots + 1",
    ).bind(org_id).bind(id).bind(choice.to_string()).execute(c).await?.rows_affected());
    Ok(())
}

/// Every ballot as (choice, how many cast it).
pub async fn ballots(tx: &mut Tx, org_id: i64, id: i64, secret: bool) -> DbResult<Vec<(String, i64)>> {
    Ok(if secret {
        on_conn!(tx, c => sqlx::query_as::<_, (String, i64)>(
            "SELECT choice, ballots FROM secret_ballots WHERE org_id = $1 AND proposal_id = $2",
        ).bind(org_id).bind(id).fetch_all(c).await?)
    } else {
        on_conn!(tx, c => sqlx::query_as::<_, (String, i64)>(
            "SELECT choice, CAST(COUNT(*) AS BIGINT) FROM open_ballots WHERE org_id = $1 AND proposal_id = $2 GROUP BY choice",
        ).bind(org_id).bind(id).fetch_all(c).await?)
    })
}

pub async fn voted(tx: &mut Tx, org_id: i64, id: i64) -> DbResult<i64> {
    Ok(on_conn!(tx, c => sqlx::query_scalar::<_, i64>(
        "SELECT COUNT(*) FROM proposal_voters WHERE org_id = $1 AND proposal_id = $2 AND voted",
    ).bind(org_id).bind(id).fetch_one(c).await?))
}

pub async fn add_room_count(tx: &mut Tx, org_id: i64, id: i64, position: i64, votes: i64, by: i64) -> DbResult<()> {
    on_conn!(tx, c => sqlx::query(
        "INSERT INTO room_counts (org_id, proposal_id, position, votes, recorded_by, created_at) VALUES ($1, $2, $3, $4, $5, $6)",
    ).bind(org_id).bind(id).bind(position).bind(votes).bind(by).bind(now()).execute(c).await?.rows_affected());
    Ok(())
}

/// Votes counted in the room, per option.
pub async fn room_counts(tx: &mut Tx, org_id: i64, id: i64) -> DbResult<Vec<(i64, i64)>> {
    Ok(on_conn!(tx, c => sqlx::query_as::<_, (i64, i64)>(
        "SELECT position, CAST(SUM(votes) AS BIGINT) FROM room_counts WHERE org_id = $1 AND proposal_id = $2 GROUP BY position",
    ).bind(org_id).bind(id).fetch_all(c).await?))
}

pub async fn close(tx: &mut Tx, org_id: i64, id: i64, passed: bool, winner: Option<i64>, by: i64) -> DbResult<bool> {
    let n = on_conn!(tx, c => sqlx::query(
        "UPDATE proposals SET status = 'closed', passed = $3, winner = $4, closed_by = $5 WHERE org_id = $1 AND id = $2 AND status = 'open'",
    ).bind(org_id).bind(id).bind(passed).bind(winner).bind(by).execute(c).await?.rows_affected());
    Ok(n == 1)
}

/// Writes a closed secret ballot's counts afresh, in the order of the choices: what the
/// file keeps of them then says nothing of the order in which they were cast.
pub async fn rewrite_secret_ballots(tx: &mut Tx, org_id: i64, id: i64) -> DbResult<()> {
    let mut rows = on_conn!(tx, c => sqlx::query_as::<_, (String, i64)>(
        "SELECT choice, ballots FROM secret_ballots WHERE org_id = $1 AND proposal_id = $2",
    ).bind(org_id).bind(id).fetch_all(c).await?);
    rows.sort();
    on_conn!(tx, c => sqlx::query("DELETE FROM secret_ballots WHERE org_id = $1 AND proposal_id = $2")
        .bind(org_id).bind(id).execute(c).await?.rows_affected());
    for (choice, ballots) in rows {
        on_conn!(tx, c => sqlx::query("INSERT INTO secret_ballots (org_id, proposal_id, choice, ballots) VALUES ($1, $2, $3, $4)")
            .bind(org_id).bind(id).bind(choice).bind(ballots).execute(c).await?.rows_affected());
    }
    // Who voted is rewritten too, so no row keeps the transaction that marked her.
    on_conn!(tx, c => sqlx::query("UPDATE proposal_voters SET voted = voted WHERE org_id = $1 AND proposal_id = $2")
        .bind(org_id).bind(id).execute(c).await?.rows_affected());
    Ok(())
}

/// Who may vote on a proposal and has not yet: (member).
pub async fn not_voted(tx: &mut Tx, org_id: i64, proposal_id: i64) -> DbResult<Vec<i64>> {
    Ok(on_conn!(tx, c => sqlx::query_scalar::<_, i64>(
        "SELECT member_id FROM proposal_voters WHERE org_id = $1 AND proposal_id = $2 AND NOT voted ORDER BY member_id",
    ).bind(org_id).bind(proposal_id).fetch_all(c).await?))
}

/// Open proposals that close on `day`: (id, title).
pub async fn closing_on(tx: &mut Tx, org_id: i64, day: &str) -> DbResult<Vec<(i64, String)>> {
    Ok(on_conn!(tx, c => sqlx::query_as::<_, (i64, String)>(
        "SELECT id, title FROM proposals WHERE org_id = $1 AND status = 'open' AND closes_on = $2",
    ).bind(org_id).bind(day.to_string()).fetch_all(c).await?))
}

/// Her choice in an open ballot, as stored ("0" or "0,2"); never asked of a secret one.
pub async fn open_choice(tx: &mut Tx, org_id: i64, id: i64, member_id: i64) -> DbResult<Option<String>> {
    Ok(on_conn!(tx, c => sqlx::query_scalar::<_, String>(
        "SELECT choice FROM open_ballots WHERE org_id = $1 AND proposal_id = $2 AND member_id = $3",
    ).bind(org_id).bind(id).bind(member_id).fetch_optional(c).await?))
}
