//! Use cases of elections, each in the caller's transaction. Voting happens through a
//! secret proposal (`votes`), so ballots, eligibility and turnout follow the same rules
//! as every vote.

use std::collections::{HashMap, HashSet};

use super::model::{self, Method};
use super::store::{self, ElectionRow, NomineeRow, OfficeRow, TermRow};
use crate::db::{Tx, iso_day, parse_day};
use crate::orgs::Org;
use crate::web::{AppError, AppResult, FieldError};

fn invalid(field: &'static str, message: &'static str) -> AppError {
    AppError::Invalid(vec![FieldError::new(field, message)])
}

pub async fn create_office(
    tx: &mut Tx,
    org: &Org,
    name: &str,
    seats: i64,
    term_months: i64,
    max_terms: i64,
) -> AppResult<i64> {
    let mut errors = vec![];
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 80 {
        errors.push(FieldError::new("name", "office-name-invalid"));
    } else if store::office_named(tx, org.id, name).await? {
        errors.push(FieldError::new("name", "office-name-taken"));
    }
    if !(1..=50).contains(&seats) {
        errors.push(FieldError::new("seats", "office-seats-invalid"));
    }
    if !(1..=120).contains(&term_months) {
        errors.push(FieldError::new("term_months", "office-term-invalid"));
    }
    if !(0..=20).contains(&max_terms) {
        errors.push(FieldError::new("max_terms", "office-max-terms-invalid"));
    }
    if !errors.is_empty() {
        return Err(AppError::Invalid(errors));
    }
    Ok(store::insert_office(tx, org.id, name, seats, term_months, max_terms).await?)
}

pub async fn offices(tx: &mut Tx, org: &Org) -> AppResult<Vec<OfficeRow>> {
    Ok(store::offices(tx, org.id).await?)
}

/// Opens nominations for an office whose new term starts on `term_starts`.
pub async fn start(tx: &mut Tx, org: &Org, office_id: i64, method: &str, term_starts: &str, by: i64) -> AppResult<i64> {
    store::office(tx, org.id, office_id)
        .await?
        .ok_or_else(|| invalid("office_id", "office-unknown"))?;
    let method = Method::parse(method).ok_or_else(|| invalid("method", "election-method-invalid"))?;
    parse_day(term_starts).ok_or_else(|| invalid("term_starts", "entry-bad-date"))?;
    Ok(store::insert_election(tx, org.id, office_id, method.as_str(), term_starts, by).await?)
}

/// Her terms of an office as dates.
fn her_terms(terms: &[TermRow], office_id: i64, member_id: i64) -> Vec<(time::Date, time::Date)> {
    terms
        .iter()
        .filter(|t| t.office_id == office_id && t.member_id == member_id)
        .filter_map(|t| Some((parse_day(&t.starts_on)?, parse_day(&t.ends_on)?)))
        .collect()
}

/// Nominates an active member who is within the office's limit of consecutive terms.
pub async fn nominate(tx: &mut Tx, org: &Org, id: i64, number: &str, by: i64) -> AppResult<()> {
    let e = store::election(tx, org.id, id).await?.ok_or(AppError::NotFound)?;
    if e.status != "nominating" {
        return Err(invalid("member_number", "election-not-nominating"));
    }
    let m = crate::members::by_number(tx, org.id, number)
        .await?
        .filter(|m| m.status == crate::members::Status::Active.as_str())
        .ok_or_else(|| invalid("member_number", "election-not-eligible"))?;
    let office = store::office(tx, org.id, e.office_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let terms = store::terms(tx, org.id).await?;
    let starts = parse_day(&e.term_starts).ok_or(AppError::NotFound)?;
    let served = model::consecutive_terms(&her_terms(&terms, office.id, m.id), starts);
    if !model::may_stand(served, office.max_terms) {
        return Err(invalid("member_number", "election-term-limit"));
    }
    if !store::nominate(tx, org.id, id, m.id, by).await? {
        return Err(invalid("member_number", "election-nominated-already"));
    }
    Ok(())
}

/// The ballot line of a nominee.
fn option(n: &NomineeRow) -> String {
    format!("{} ({})", n.name, n.member_number)
}

/// Closes nominations and opens a secret vote until `closes_on`.
pub async fn open_voting(tx: &mut Tx, org: &Org, id: i64, closes_on: &str, today: &str, by: i64) -> AppResult<i64> {
    let e = store::election(tx, org.id, id).await?.ok_or(AppError::NotFound)?;
    let method = Method::parse(&e.method).unwrap_or(Method::Stv);
    let nominees = store::nominees(tx, org.id, id).await?;
    if nominees.len() < 2 {
        return Err(invalid("closes_on", "election-too-few"));
    }
    let tr = org.own_tr();
    let draft = crate::votes::service::Draft {
        title: format!("{}: {}", tr.t("election-title"), e.office),
        body: String::new(),
        kind: match method {
            Method::Stv => "ranked",
            Method::Plurality => "multiple",
        }
        .into(),
        options: nominees.iter().map(option).collect(),
        max_choices: e.seats.min(nominees.len() as i64),
        secret: true,
        quorum_percent: None,
        threshold: String::new(),
        closes_on: closes_on.into(),
    };
    let proposal = crate::votes::service::open(tx, org, &draft, today, by).await?;
    if !store::set_status(tx, org.id, id, "nominating", "voting", Some(proposal)).await? {
        return Err(invalid("closes_on", "election-not-nominating"));
    }
    Ok(proposal)
}

/// An election with its nominees and, once closed, who won.
#[derive(Debug, Clone)]
pub struct Election {
    pub election: ElectionRow,
    pub nominees: Vec<NomineeRow>,
    pub tally: Option<crate::votes::service::Tally>,
    /// Positions among the nominees, in the order elected.
    pub winners: Vec<usize>,
}

pub async fn get(tx: &mut Tx, org: &Org, id: i64) -> AppResult<Election> {
    let election = store::election(tx, org.id, id).await?.ok_or(AppError::NotFound)?;
    let nominees = store::nominees(tx, org.id, id).await?;
    let (tally, winners) = match election.proposal_id {
        Some(p) => {
            let t = crate::votes::service::tally(tx, org, p).await?;
            let w = winners(tx, org, &election, &t).await?;
            (Some(t), w)
        }
        None => (None, vec![]),
    };
    Ok(Election {
        election,
        nominees,
        tally,
        winners,
    })
}

async fn winners(tx: &mut Tx, org: &Org, e: &ElectionRow, t: &crate::votes::service::Tally) -> AppResult<Vec<usize>> {
    if !t.quorum_met {
        return Ok(vec![]);
    }
    let seats = usize::try_from(e.seats).unwrap_or(1);
    Ok(match Method::parse(&e.method).unwrap_or(Method::Stv) {
        Method::Plurality => model::plurality(&t.votes, seats),
        Method::Stv => {
            let (ballots, _) = crate::votes::service::ballots(tx, org, &t.proposal).await?;
            crate::votes::model::single_transferable_vote(t.options.len(), seats, &ballots)
        }
    })
}

/// Closes the vote and seats the winners for the term; without quorum nobody is seated
/// and the election must be held again.
pub async fn close(tx: &mut Tx, org: &Org, id: i64, by: i64) -> AppResult<Vec<NomineeRow>> {
    let e = store::election(tx, org.id, id).await?.ok_or(AppError::NotFound)?;
    let Some(proposal) = e.proposal_id.filter(|_| e.status == "voting") else {
        return Err(invalid("election", "election-not-voting"));
    };
    let t = crate::votes::service::close(tx, org, proposal, by).await?;
    if !store::set_status(tx, org.id, id, "voting", "closed", None).await? {
        return Err(invalid("election", "election-not-voting"));
    }
    let nominees = store::nominees(tx, org.id, id).await?;
    let office = store::office(tx, org.id, e.office_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let starts = parse_day(&e.term_starts).ok_or(AppError::NotFound)?;
    let ends = iso_day(model::term_end(starts, office.term_months));
    let mut seated = vec![];
    for w in winners(tx, org, &e, &t).await? {
        if let Some(n) = nominees.get(w) {
            store::insert_term(tx, org.id, office.id, n.member_id, Some(id), &e.term_starts, &ends).await?;
            seated.push(n.clone());
        }
    }
    Ok(seated)
}

pub async fn list(tx: &mut Tx, org: &Org) -> AppResult<Vec<ElectionRow>> {
    Ok(store::elections(tx, org.id).await?)
}

/// The election a proposal is the ballot of, if any.
pub async fn of_proposal(tx: &mut Tx, org: &Org, proposal_id: i64) -> AppResult<Option<i64>> {
    Ok(store::election_of_proposal(tx, org.id, proposal_id).await?)
}

/// Records a term held before Tejido, or seated without an election (demo, import).
pub async fn record_term(
    tx: &mut Tx,
    org: &Org,
    office_id: i64,
    member_id: i64,
    starts: &str,
    ends: &str,
) -> AppResult<()> {
    Ok(store::insert_term(tx, org.id, office_id, member_id, None, starts, ends).await?)
}

/// The leadership page's figures.
#[derive(Debug, Clone, Default)]
pub struct Leadership {
    /// Terms covering today, by office.
    pub current: Vec<TermRow>,
    pub history: Vec<TermRow>,
    /// Different people who have held an office, and terms served in all.
    pub people: i64,
    pub terms: i64,
    /// Of the current leaders: women, and those in their first term of any office.
    pub women_percent: i64,
    pub first_time_percent: i64,
}

pub async fn leadership(tx: &mut Tx, org: &Org, today: &str) -> AppResult<Leadership> {
    let history = store::terms(tx, org.id).await?;
    let current: Vec<TermRow> = history
        .iter()
        .filter(|t| t.starts_on.as_str() <= today && t.ends_on.as_str() >= today)
        .cloned()
        .collect();
    let people: HashSet<i64> = history.iter().map(|t| t.member_id).collect();
    let mut first_term: HashMap<i64, &str> = HashMap::new();
    for t in &history {
        let e = first_term.entry(t.member_id).or_insert(t.starts_on.as_str());
        if t.starts_on.as_str() < *e {
            *e = t.starts_on.as_str();
        }
    }
    let leaders: HashSet<i64> = current.iter().map(|t| t.member_id).collect();
    let women = current
        .iter()
        .filter(|t| t.gender == "woman")
        .map(|t| t.member_id)
        .collect::<HashSet<_>>()
        .len() as i64;
    let first_time = current
        .iter()
        .filter(|t| first_term.get(&t.member_id) == Some(&t.starts_on.as_str()))
        .map(|t| t.member_id)
        .collect::<HashSet<_>>()
        .len() as i64;
    let n = leaders.len() as i64;
    Ok(Leadership {
        people: people.len() as i64,
        terms: history.len() as i64,
        women_percent: model::percent(women, n),
        first_time_percent: model::percent(first_time, n),
        current,
        history,
    })
}
