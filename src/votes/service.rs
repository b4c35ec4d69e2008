//! Use cases of votes, each in the caller's transaction.

use super::model::{self, Threshold};
use super::store::{self, NewProposal, ProposalRow};
use crate::db::{Tx, parse_day};
use crate::orgs::Org;
use crate::web::{AppError, AppResult, FieldError};

fn invalid(field: &'static str, message: &'static str) -> AppError {
    AppError::Invalid(vec![FieldError::new(field, message)])
}

/// The kinds of proposal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    YesNo,
    Single,
    Multiple,
    Ranked,
}

impl Kind {
    pub const ALL: [Kind; 4] = [Kind::YesNo, Kind::Single, Kind::Multiple, Kind::Ranked];
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::YesNo => "yes_no",
            Kind::Single => "single",
            Kind::Multiple => "multiple",
            Kind::Ranked => "ranked",
        }
    }
    pub fn parse(s: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.as_str() == s)
    }
    pub fn label(self) -> &'static str {
        match self {
            Kind::YesNo => "vote-kind-yes-no",
            Kind::Single => "vote-kind-single",
            Kind::Multiple => "vote-kind-multiple",
            Kind::Ranked => "vote-kind-ranked",
        }
    }
}

/// The options of a yes/no proposal, as message ids.
pub const YES_NO: [&str; 3] = ["vote-yes", "vote-no", "vote-abstain"];

/// A proposal as a leader wrote it.
#[derive(Debug, Clone, Default)]
pub struct Draft {
    pub title: String,
    pub body: String,
    pub kind: String,
    pub options: Vec<String>,
    pub max_choices: i64,
    pub secret: bool,
    /// Percent of eligible members who must vote; the bylaws' quorum when None.
    pub quorum_percent: Option<i64>,
    /// simple, two_thirds, or a percent ("60").
    pub threshold: String,
    pub closes_on: String,
}

pub fn threshold_of(p: &ProposalRow) -> Threshold {
    match p.threshold.as_str() {
        "two_thirds" => Threshold::TwoThirds,
        "percent" => Threshold::Percent(p.threshold_percent),
        _ => Threshold::Simple,
    }
}

/// Opens a proposal for voting; its voters are the members active now.
pub async fn open(tx: &mut Tx, org: &Org, d: &Draft, today: &str, by: i64) -> AppResult<i64> {
    let mut errors = vec![];
    let title = d.title.trim();
    if title.is_empty() || title.chars().count() > 200 {
        errors.push(FieldError::new("title", "vote-title-invalid"));
    }
    let kind = Kind::parse(&d.kind);
    if kind.is_none() {
        errors.push(FieldError::new("kind", "vote-kind-invalid"));
    }
    let options: Vec<String> = match kind {
        Some(Kind::YesNo) => YES_NO.iter().map(|s| s.to_string()).collect(),
        _ => d
            .options
            .iter()
            .map(|o| o.trim().to_string())
            .filter(|o| !o.is_empty())
            .collect(),
    };
    if kind.is_some_and(|k| k != Kind::YesNo) && !(2..=20).contains(&options.len()) {
        errors.push(FieldError::new("options", "vote-options-invalid"));
    }
    let max_choices = match kind {
        Some(Kind::Multiple) => d.max_choices,
        _ => 1,
    };
    if kind == Some(Kind::Multiple) && !(1..=options.len() as i64).contains(&max_choices) {
        errors.push(FieldError::new("max_choices", "vote-max-invalid"));
    }
    let quorum = d.quorum_percent.unwrap_or(org.bylaws.quorum_percent);
    if !(0..=100).contains(&quorum) {
        errors.push(FieldError::new("quorum", "org-percent-invalid"));
    }
    let (threshold, threshold_percent) = match d.threshold.trim() {
        "" | "simple" => ("simple", 50),
        "two_thirds" => ("two_thirds", 67),
        p => match p.parse::<i64>() {
            Ok(v) if (1..=100).contains(&v) => ("percent", v),
            _ => {
                errors.push(FieldError::new("threshold", "org-percent-invalid"));
                ("simple", 50)
            }
        },
    };
    match (parse_day(&d.closes_on), parse_day(today)) {
        (Some(c), Some(t)) if c >= t => {}
        _ => errors.push(FieldError::new("closes_on", "vote-closes-invalid")),
    }
    let Some(kind) = kind else {
        return Err(AppError::Invalid(errors));
    };
    if !errors.is_empty() {
        return Err(AppError::Invalid(errors));
    }
    let p = NewProposal {
        title,
        body: d.body.trim(),
        kind: kind.as_str(),
        max_choices,
        secret: d.secret,
        quorum_percent: quorum,
        threshold,
        threshold_percent,
        opened_on: today,
        closes_on: d.closes_on.trim(),
    };
    let id = store::insert(tx, org.id, &p, &options, by).await?;
    // Each voter hears that her vote is open.
    let args = [("title", title.to_string()), ("closes", d.closes_on.trim().to_string())];
    for member in store::not_voted(tx, org.id, id).await? {
        crate::notices::queue(tx, org, member, crate::notices::Kind::VoteOpened, id, &args).await?;
    }
    Ok(id)
}

/// Reminds those who have not voted on a proposal that closes tomorrow; once, however
/// often it is asked.
pub async fn remind_closing(tx: &mut Tx, org: &Org, today: &str) -> AppResult<()> {
    let Some(tomorrow) = parse_day(today).and_then(|d| d.next_day()) else {
        return Ok(());
    };
    let tomorrow = crate::db::iso_day(tomorrow);
    for (id, title) in store::closing_on(tx, org.id, &tomorrow).await? {
        let args = [("title", title.clone()), ("closes", tomorrow.clone())];
        for member in store::not_voted(tx, org.id, id).await? {
            crate::notices::queue(tx, org, member, crate::notices::Kind::VoteClosingSoon, id, &args).await?;
        }
    }
    Ok(())
}

/// Checks a ballot against the proposal and writes it as its stored choice ("2,0,1").
pub fn ballot(p: &ProposalRow, options: usize, choice: &[usize]) -> Result<String, &'static str> {
    let kind = Kind::parse(&p.kind).unwrap_or(Kind::YesNo);
    let ok = match kind {
        Kind::YesNo | Kind::Single => choice.len() == 1 && choice[0] < options,
        Kind::Multiple => {
            !choice.is_empty() && choice.len() as i64 <= p.max_choices && model::valid_ranking(choice, options)
        }
        Kind::Ranked => model::valid_ranking(choice, options),
    };
    if !ok {
        return Err(match kind {
            Kind::Multiple if choice.len() as i64 > p.max_choices => "vote-too-many",
            Kind::Ranked => "vote-ranking-invalid",
            _ => "vote-choice-invalid",
        });
    }
    let mut sorted = choice.to_vec();
    if kind == Kind::Multiple {
        sorted.sort_unstable();
    }
    Ok(sorted.iter().map(|c| c.to_string()).collect::<Vec<_>>().join(","))
}

/// What she chose in an open ballot, to show it chosen on her ballot (a secret one keeps
/// no such record).
pub async fn my_choice(tx: &mut Tx, org: &Org, id: i64, member_id: i64) -> AppResult<Vec<usize>> {
    Ok(store::open_choice(tx, org.id, id, member_id)
        .await?
        .map(|c| c.split(',').filter_map(|x| x.trim().parse().ok()).collect())
        .unwrap_or_default())
}

/// Records her vote. In an open ballot she may change it until closing; a secret ballot
/// is cast once and cannot be changed.
pub async fn vote(tx: &mut Tx, org: &Org, id: i64, member_id: i64, choice: &[usize], today: &str) -> AppResult<()> {
    let p = store::get(tx, org.id, id).await?.ok_or(AppError::NotFound)?;
    if p.status != "open" || today > p.closes_on.as_str() {
        return Err(invalid("choice", "vote-closed"));
    }
    let Some(_) = store::voter(tx, org.id, id, member_id).await? else {
        return Err(invalid("choice", "vote-not-eligible"));
    };
    let options = store::options(tx, org.id, id).await?;
    let stored = ballot(&p, options.len(), choice).map_err(|m| invalid("choice", m))?;
    if p.secret {
        // No idempotency key is kept for a secret vote: her own record refuses a second one.
        crate::db::idempotency::forget();
    }
    let first = store::mark_voted(tx, org.id, id, member_id).await?;
    if p.secret {
        if !first {
            return Err(invalid("choice", "vote-secret-once"));
        }
        store::add_secret_ballot(tx, org.id, id, &stored).await?;
    } else {
        store::put_open_ballot(tx, org.id, id, member_id, &stored).await?;
    }
    Ok(())
}

/// Votes counted in the room (show of hands, paper), added to the online votes.
pub async fn add_room_count(tx: &mut Tx, org: &Org, id: i64, position: i64, votes: i64, by: i64) -> AppResult<()> {
    let p = store::get(tx, org.id, id).await?.ok_or(AppError::NotFound)?;
    if p.status != "open" {
        return Err(invalid("votes", "vote-closed"));
    }
    let kind = Kind::parse(&p.kind).unwrap_or(Kind::YesNo);
    let options = store::options(tx, org.id, id).await?.len() as i64;
    if kind == Kind::Ranked || !(0..options).contains(&position) {
        return Err(invalid("position", "vote-choice-invalid"));
    }
    if votes <= 0 || votes > p.eligible {
        return Err(invalid("votes", "vote-room-invalid"));
    }
    Ok(store::add_room_count(tx, org.id, id, position, votes, by).await?)
}

/// A proposal's count.
#[derive(Debug, Clone)]
pub struct Tally {
    pub proposal: ProposalRow,
    pub options: Vec<String>,
    /// Votes per option (first preferences for a ranked ballot), online and in the room.
    pub votes: Vec<i64>,
    /// Members who voted online, plus votes counted in the room.
    pub turnout: i64,
    pub quorum_met: bool,
    pub threshold_met: bool,
    pub winner: Option<usize>,
    /// Instant run-off rounds of a ranked ballot.
    pub rounds: Vec<Vec<Option<i64>>>,
}

impl Tally {
    pub fn passed(&self) -> bool {
        self.quorum_met && self.threshold_met
    }
}

/// Every ballot of a proposal as option positions in order, online and in the room.
pub async fn ballots(tx: &mut Tx, org: &Org, p: &ProposalRow) -> AppResult<(Vec<Vec<usize>>, i64)> {
    let mut ballots: Vec<Vec<usize>> = vec![];
    for (choice, count) in store::ballots(tx, org.id, p.id, p.secret).await? {
        let ranking: Vec<usize> = choice.split(',').filter_map(|c| c.parse().ok()).collect();
        for _ in 0..count {
            ballots.push(ranking.clone());
        }
    }
    let room = store::room_counts(tx, org.id, p.id).await?;
    for (position, votes) in &room {
        for _ in 0..*votes {
            ballots.push(vec![usize::try_from(*position).unwrap_or(0)]);
        }
    }
    Ok((ballots, room.iter().map(|(_, v)| v).sum()))
}

pub async fn tally(tx: &mut Tx, org: &Org, id: i64) -> AppResult<Tally> {
    let p = store::get(tx, org.id, id).await?.ok_or(AppError::NotFound)?;
    let options = store::options(tx, org.id, id).await?;
    let n = options.len();
    let (ballots, room_total) = ballots(tx, org, &p).await?;
    let turnout = store::voted(tx, org.id, id).await? + room_total;
    let mut votes = vec![0i64; n];
    let kind = Kind::parse(&p.kind).unwrap_or(Kind::YesNo);
    for b in &ballots {
        match kind {
            Kind::Multiple => b.iter().filter(|o| **o < n).for_each(|o| votes[*o] += 1),
            _ => {
                if let Some(o) = b.first().filter(|o| **o < n) {
                    votes[*o] += 1;
                }
            }
        }
    }
    let quorum_met = model::quorum_met(turnout, p.eligible.max(turnout), p.quorum_percent);
    let threshold = threshold_of(&p);
    let mut rounds = vec![];
    let (winner, threshold_met) = match kind {
        Kind::YesNo => {
            let (yes, no) = (votes.first().copied().unwrap_or(0), votes.get(1).copied().unwrap_or(0));
            let met = threshold.met(yes, no);
            (met.then_some(0), met)
        }
        Kind::Single | Kind::Multiple => {
            // The most votes wins; a tie for first decides nothing (stated rule).
            let top = votes.iter().copied().max().unwrap_or(0);
            let leaders: Vec<usize> = (0..n).filter(|o| votes[*o] == top && top > 0).collect();
            let total: i64 = if kind == Kind::Single {
                votes.iter().sum()
            } else {
                ballots.len() as i64
            };
            match leaders.as_slice() {
                [w] => (Some(*w), threshold.met(votes[*w], total - votes[*w])),
                _ => (None, false),
            }
        }
        Kind::Ranked => {
            let r = model::instant_runoff(n, &ballots);
            rounds = r.rounds;
            (r.winner, r.winner.is_some())
        }
    };
    Ok(Tally {
        proposal: p,
        options,
        votes,
        turnout,
        quorum_met,
        threshold_met,
        winner,
        rounds,
    })
}

/// Closes voting and records the result; a proposal that carried is a decision. A
/// secret ballot's counts are rewritten in order of choice; once the transaction has
/// committed, `Db::scrub` clears the write-ahead log that still holds each vote.
pub async fn close(tx: &mut Tx, org: &Org, id: i64, by: i64) -> AppResult<Tally> {
    let t = tally(tx, org, id).await?;
    if !store::close(tx, org.id, id, t.passed(), t.winner.map(|w| w as i64), by).await? {
        return Err(invalid("choice", "vote-closed"));
    }
    if t.proposal.secret {
        store::rewrite_secret_ballots(tx, org.id, id).await?;
        for route in [
            format!("POST /o/{}/votes/{id}/", org.slug),
            format!("POST /api/v1/orgs/{}/proposals/{id}/", org.slug),
        ] {
            crate::db::idempotency::forget_route(tx, &route).await?;
        }
        crate::db::want_scrub();
    }
    let mut t = t;
    t.proposal.status = "closed".into();
    t.proposal.passed = Some(t.passed());
    Ok(t)
}

pub use store::ProposalRow as Proposal;

pub async fn list(tx: &mut Tx, org: &Org) -> AppResult<Vec<ProposalRow>> {
    Ok(store::list(tx, org.id).await?)
}

/// Open proposals for her vote: (id, title, whether she has voted).
pub async fn open_for(tx: &mut Tx, org: &Org, member_id: i64) -> AppResult<Vec<(i64, String, bool)>> {
    Ok(store::open_for(tx, org.id, member_id).await?)
}

pub async fn has_voted(tx: &mut Tx, org: &Org, id: i64, member_id: i64) -> AppResult<Option<bool>> {
    Ok(store::voter(tx, org.id, id, member_id).await?)
}
