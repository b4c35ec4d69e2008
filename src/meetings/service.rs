//! Use cases of meetings, each in the caller's transaction.

use super::model::{self, Kind, Quorum};
use super::store::{self, Attendee, ItemRow, MeetingRow, ProxyRow};
use crate::db::{Tx, parse_day};
use crate::orgs::Org;
use crate::web::{AppError, AppResult, FieldError};

fn invalid(field: &'static str, message: &'static str) -> AppError {
    AppError::Invalid(vec![FieldError::new(field, message)])
}

/// A meeting as a leader writes it.
#[derive(Debug, Clone, Default)]
pub struct Draft {
    pub kind: String,
    pub title: String,
    /// "2026-12-05"
    pub date: String,
    /// "10:00"; empty for none.
    pub time: String,
    pub place: String,
    /// One agenda item per line.
    pub agenda: Vec<String>,
}

fn valid_time(t: &str) -> bool {
    let b = t.as_bytes();
    b.len() == 5
        && b[2] == b':'
        && t[..2].parse::<u8>().is_ok_and(|h| h < 24)
        && t[3..].parse::<u8>().is_ok_and(|m| m < 60)
}

/// Whom a meeting calls: every active member, or the board.
pub async fn called(tx: &mut Tx, org: &Org, kind: Kind) -> AppResult<Vec<i64>> {
    Ok(match kind {
        Kind::General => crate::members::active_ids(tx, org.id).await?,
        Kind::Board => crate::members::officer_ids(tx, org.id).await?,
    })
}

/// Calls a meeting: stored with its agenda, and a notice queued for each member called.
pub async fn create(tx: &mut Tx, org: &Org, d: &Draft, by: i64) -> AppResult<i64> {
    let mut errors = vec![];
    let kind = Kind::parse(&d.kind);
    if kind.is_none() {
        errors.push(FieldError::new("kind", "meeting-kind-invalid"));
    }
    let title = d.title.trim();
    if title.is_empty() || title.chars().count() > 200 {
        errors.push(FieldError::new("title", "vote-title-invalid"));
    }
    if parse_day(&d.date).is_none() {
        errors.push(FieldError::new("date", "entry-bad-date"));
    }
    let time = d.time.trim();
    if !time.is_empty() && !valid_time(time) {
        errors.push(FieldError::new("time", "meeting-time-invalid"));
    }
    let place = d.place.trim();
    if place.is_empty() || place.chars().count() > 200 {
        errors.push(FieldError::new("place", "meeting-place-invalid"));
    }
    let agenda: Vec<&str> = d.agenda.iter().map(|a| a.trim()).filter(|a| !a.is_empty()).collect();
    if agenda.len() > 40 || agenda.iter().any(|a| a.chars().count() > 300) {
        errors.push(FieldError::new("agenda", "meeting-agenda-invalid"));
    }
    let Some(kind) = kind else {
        return Err(AppError::Invalid(errors));
    };
    if !errors.is_empty() {
        return Err(AppError::Invalid(errors));
    }
    let starts_at = if time.is_empty() {
        d.date.trim().to_string()
    } else {
        format!("{}T{time}", d.date.trim())
    };
    let id = store::insert(tx, org.id, kind.as_str(), title, &starts_at, place, by).await?;
    for item in agenda {
        store::add_item(tx, org.id, id, item, "").await?;
    }
    // A notice to each member called, made in her language when it is sent.
    let args = [
        ("title", title.to_string()),
        ("when", format!("{} {time}", d.date.trim()).trim().to_string()),
        ("place", place.to_string()),
    ];
    let members = called(tx, org, kind).await?;
    store::set_called(tx, org.id, id, members.len() as i64).await?;
    for member in members {
        crate::notices::queue(tx, org, member, crate::notices::Kind::MeetingCalled, id, &args).await?;
    }
    Ok(id)
}

/// A meeting with everything its page shows.
#[derive(Debug, Clone)]
pub struct Meeting {
    pub meeting: MeetingRow,
    pub kind: Kind,
    pub items: Vec<ItemRow>,
    pub attendees: Vec<Attendee>,
    pub proxies: Vec<ProxyRow>,
    pub quorum: Quorum,
    pub notices: i64,
}

pub async fn get(tx: &mut Tx, org: &Org, id: i64) -> AppResult<Meeting> {
    let meeting = store::get(tx, org.id, id).await?.ok_or(AppError::NotFound)?;
    let kind = Kind::parse(&meeting.kind).unwrap_or(Kind::General);
    let eligible = called(tx, org, kind).await?;
    let attendees = store::attendees(tx, org.id, id).await?;
    let proxies = store::proxies(tx, org.id, id).await?;
    let present: Vec<i64> = attendees.iter().map(|a| a.member_id).collect();
    let pairs: Vec<(i64, i64)> = proxies.iter().map(|p| (p.giver_id, p.holder_id)).collect();
    // A share of those called when it was called (older meetings: those called today).
    let called_then = meeting.called.unwrap_or(eligible.len() as i64);
    let quorum = model::quorum(called_then, org.bylaws.quorum_percent, &present, &pairs);
    Ok(Meeting {
        items: store::items(tx, org.id, id).await?,
        notices: crate::notices::queued_for(tx, org, crate::notices::Kind::MeetingCalled, id).await?,
        meeting,
        kind,
        attendees,
        proxies,
        quorum,
    })
}

pub async fn list(tx: &mut Tx, org: &Org) -> AppResult<Vec<MeetingRow>> {
    Ok(store::list(tx, org.id).await?)
}

/// The meetings still to come, soonest first.
pub async fn upcoming(tx: &mut Tx, org: &Org, today: &str) -> AppResult<Vec<MeetingRow>> {
    Ok(store::upcoming(tx, org.id, today).await?)
}

async fn open_meeting(tx: &mut Tx, org: &Org, id: i64) -> AppResult<(MeetingRow, Vec<i64>)> {
    let m = store::get(tx, org.id, id).await?.ok_or(AppError::NotFound)?;
    if m.status == "closed" {
        return Err(invalid("member_number", "meeting-closed"));
    }
    let kind = Kind::parse(&m.kind).unwrap_or(Kind::General);
    let eligible = called(tx, org, kind).await?;
    Ok((m, eligible))
}

/// Marks a member present, by herself (`by` None) or at the door by a leader.
/// Marking her twice changes nothing.
pub async fn attend(tx: &mut Tx, org: &Org, id: i64, member_id: i64, by: Option<i64>) -> AppResult<bool> {
    let (_, eligible) = open_meeting(tx, org, id).await?;
    if !eligible.contains(&member_id) {
        return Err(invalid("member_number", "meeting-not-called"));
    }
    Ok(store::attend(tx, org.id, id, member_id, by).await?)
}

/// She authorises another member for this meeting.
pub async fn give_proxy(tx: &mut Tx, org: &Org, id: i64, giver: i64, holder: i64) -> AppResult<()> {
    let (_, eligible) = open_meeting(tx, org, id).await?;
    if !eligible.contains(&giver) || !eligible.contains(&holder) {
        return Err(invalid("holder_number", "meeting-not-called"));
    }
    // The meeting's row first, so two proxies to one holder cannot both pass the limit.
    let (m, _) = open_meeting(tx, org, id).await?;
    store::set_status(tx, org.id, id, &m.status, &m.status).await?;
    let carries = store::proxies_carried(tx, org.id, id, holder).await?;
    model::check_proxy(giver, holder, carries, org.bylaws.max_proxies).map_err(|m| invalid("holder_number", m))?;
    if !store::give_proxy(tx, org.id, id, giver, holder).await? {
        return Err(invalid("holder_number", "meeting-proxy-given"));
    }
    Ok(())
}

/// planned → open → closed.
pub async fn advance(tx: &mut Tx, org: &Org, id: i64, to: &str) -> AppResult<()> {
    let from = match to {
        "open" => "planned",
        "closed" => "open",
        _ => return Err(AppError::NotFound),
    };
    if !store::set_status(tx, org.id, id, from, to).await? {
        return Err(invalid("status", "meeting-status-invalid"));
    }
    Ok(())
}

pub async fn add_item(tx: &mut Tx, org: &Org, id: i64, title: &str, document: &str) -> AppResult<i64> {
    open_meeting(tx, org, id).await?;
    let title = title.trim();
    if title.is_empty() || title.chars().count() > 300 {
        return Err(invalid("item", "meeting-agenda-invalid"));
    }
    let document = document.trim();
    if !(document.is_empty() || document.starts_with("https://") || document.starts_with("http://")) {
        return Err(invalid("document", "meeting-document-invalid"));
    }
    Ok(store::add_item(tx, org.id, id, title, document).await?)
}

pub async fn save_minutes(tx: &mut Tx, org: &Org, id: i64, minutes: &str) -> AppResult<()> {
    let m = store::get(tx, org.id, id).await?.ok_or(AppError::NotFound)?;
    if m.status == "planned" {
        return Err(invalid("minutes", "meeting-not-open"));
    }
    if minutes.chars().count() > 50_000 {
        return Err(invalid("minutes", "meeting-minutes-long"));
    }
    store::set_minutes(tx, org.id, id, minutes.trim()).await?;
    Ok(())
}

/// Records what the meeting decided on an agenda item, optionally the proposal voted on it.
pub async fn decide(
    tx: &mut Tx,
    org: &Org,
    id: i64,
    item_id: i64,
    decision: &str,
    proposal_id: Option<i64>,
    by: i64,
) -> AppResult<()> {
    let m = store::get(tx, org.id, id).await?.ok_or(AppError::NotFound)?;
    if m.status == "planned" {
        return Err(invalid("decision", "meeting-not-open"));
    }
    let decision = decision.trim();
    if decision.is_empty() || decision.chars().count() > 2_000 {
        return Err(invalid("decision", "meeting-decision-invalid"));
    }
    if let Some(p) = proposal_id {
        crate::votes::service::tally(tx, org, p).await?;
    }
    if !store::decide(tx, org.id, id, item_id, decision, proposal_id, by).await? {
        return Err(AppError::NotFound);
    }
    Ok(())
}
