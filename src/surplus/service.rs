//! Use cases of surplus sharing: preview from the books, propose, approve and post.

use super::model::{self, Allocation, Rule};
use super::store::{self, ProposalRow};
use crate::db::Tx;
use crate::ledger::{Figure, NewEntry, Posting};
use crate::orgs::Org;
use crate::web::{AppError, AppResult, FieldError};

/// How patronage is measured.
pub const MEASURES: [&str; 4] = ["dealings", "purchases", "deliveries", "equal"];
/// Where each member's share of the surplus goes.
pub const DESTINATIONS: [&str; 3] = ["savings", "shares", "payable"];

fn destination_code(d: &str) -> &'static str {
    match d {
        "shares" => "3100",
        "payable" => "2210",
        _ => "2100",
    }
}

/// The education fund's share of surplus that the country's cooperative law asks for at least.
pub fn default_education_bp(country: &str) -> i64 {
    match country {
        "PH" => 1_000,
        "BR" => 500,
        "IN" => 100,
        _ => 0,
    }
}

/// A proposal as typed.
#[derive(Debug, Clone)]
pub struct Proposal {
    pub from: String,
    pub through: String,
    pub rule: Rule,
    pub measure: String,
    pub destination: String,
}

impl Proposal {
    pub fn of(row: &ProposalRow) -> Proposal {
        Proposal {
            from: row.period_from.clone(),
            through: row.period_through.clone(),
            rule: Rule {
                reserve_bp: row.reserve_bp,
                education_bp: row.education_bp,
                share_interest_bp: row.share_interest_bp,
            },
            measure: row.measure.clone(),
            destination: row.destination.clone(),
        }
    }

    pub fn check(&self) -> AppResult<()> {
        let mut errors = vec![];
        if !crate::ledger::model::valid_date(&self.from)
            || !crate::ledger::model::valid_date(&self.through)
            || self.from > self.through
        {
            errors.push(FieldError::new("through", "surplus-period-invalid"));
        }
        let r = self.rule;
        if [r.reserve_bp, r.education_bp, r.share_interest_bp]
            .iter()
            .any(|v| !(0..=10_000).contains(v))
            || r.reserve_bp + r.education_bp > 10_000
        {
            errors.push(FieldError::new("reserve", "surplus-percent-invalid"));
        }
        if !MEASURES.contains(&self.measure.as_str()) {
            errors.push(FieldError::new("measure", "surplus-measure-invalid"));
        }
        if !DESTINATIONS.contains(&self.destination.as_str()) {
            errors.push(FieldError::new("destination", "surplus-destination-invalid"));
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(AppError::Invalid(errors))
        }
    }
}

/// A preview: the allocation and each member's name and number.
#[derive(Debug, Clone)]
pub struct Preview {
    pub allocation: Allocation,
    /// (membership id, name, member number, share interest, refund, dealings)
    pub members: Vec<(i64, String, String, i64, i64, i64)>,
}

async fn dealings(tx: &mut Tx, org: &Org, p: &Proposal) -> AppResult<Vec<(i64, i64)>> {
    let purchases = crate::ledger::member_figures(tx, org, "1300", &p.from, &p.through, Figure::Debits).await?;
    let deliveries = crate::ledger::member_figures(tx, org, "2210", &p.from, &p.through, Figure::Credits).await?;
    Ok(match p.measure.as_str() {
        "purchases" => purchases,
        "deliveries" => deliveries,
        "equal" => crate::members::active_ids(tx, org.id)
            .await?
            .into_iter()
            .map(|id| (id, 1))
            .collect(),
        _ => {
            let mut all = purchases;
            for (m, v) in deliveries {
                match all.iter_mut().find(|(x, _)| *x == m) {
                    Some(e) => e.1 += v,
                    None => all.push((m, v)),
                }
            }
            all
        }
    })
}

/// What the proposal would give, computed from the books as they are.
pub async fn preview(tx: &mut Tx, org: &Org, p: &Proposal) -> AppResult<Preview> {
    p.check()?;
    let surplus = crate::ledger::service::surplus(tx, org, &p.from, &p.through).await?;
    let shares = crate::ledger::member_figures(tx, org, "3100", &p.from, &p.through, Figure::Balance).await?;
    let dealings = dealings(tx, org, p).await?;
    let allocation = model::allocate(surplus, p.rule, &shares, &dealings);
    let mut ids: Vec<i64> = allocation
        .share_interest
        .iter()
        .chain(allocation.refunds.iter())
        .map(|(m, _)| *m)
        .collect();
    ids.sort_unstable();
    ids.dedup();
    let mut members = vec![];
    for id in ids {
        let m = crate::members::by_id(tx, org.id, id).await?.ok_or(AppError::NotFound)?;
        let get = |v: &[(i64, i64)]| v.iter().find(|(x, _)| *x == id).map_or(0, |(_, a)| *a);
        members.push((
            id,
            m.name,
            m.member_number,
            get(&allocation.share_interest),
            get(&allocation.refunds),
            get(&dealings),
        ));
    }
    Ok(Preview { allocation, members })
}

pub async fn propose(tx: &mut Tx, org: &Org, p: &Proposal, by: i64) -> AppResult<i64> {
    p.check()?;
    let r = p.rule;
    Ok(store::insert(
        tx,
        org.id,
        &p.from,
        &p.through,
        r.reserve_bp,
        r.education_bp,
        r.share_interest_bp,
        &p.measure,
        &p.destination,
        by,
    )
    .await?)
}

/// A leader approves: the year is closed into the surplus, the surplus is shared as
/// previewed, and the books are closed through the period's end.
pub async fn approve(tx: &mut Tx, org: &Org, id: i64, leader: i64) -> AppResult<()> {
    let row = store::get(tx, org.id, id).await?.ok_or(AppError::NotFound)?;
    if row.status != "proposed" {
        return Err(AppError::Invalid(vec![FieldError::new(
            "proposal",
            "surplus-already-posted",
        )]));
    }
    let p = Proposal::of(&row);
    let preview = preview(tx, org, &p).await?;
    let a = &preview.allocation;
    let tr = org.own_tr();
    crate::ledger::service::close_income_and_expenses(
        tx,
        org,
        &p.from,
        &p.through,
        Some(leader),
        &tr.t("surplus-closing-entry"),
    )
    .await?;
    let mut postings = vec![];
    let mut shared = 0;
    let mut credit = |account_id: i64, amount: i64| {
        if amount > 0 {
            postings.push(Posting {
                account_id,
                amount: -amount,
            });
            shared += amount;
        }
    };
    credit(crate::ledger::account(tx, org, "3200").await?.id, a.reserve);
    credit(crate::ledger::account(tx, org, "3300").await?.id, a.education);
    let names: Vec<(i64, &str)> = preview.members.iter().map(|m| (m.0, m.1.as_str())).collect();
    let accounts = crate::ledger::member_accounts(tx, org, destination_code(&p.destination), &names).await?;
    for (member, _, _, interest, refund, _) in &preview.members {
        credit(*accounts.get(member).ok_or(AppError::NotFound)?, interest + refund);
    }
    if shared > 0 {
        postings.push(Posting {
            account_id: crate::ledger::account(tx, org, "3400").await?.id,
            amount: shared,
        });
        let entry = NewEntry {
            date: p.through.clone(),
            description: tr.t("surplus-sharing-entry"),
            source: "surplus",
            source_id: Some(id),
            reverses_id: None,
            planned: false,
            postings,
        };
        crate::ledger::post(tx, org, &entry, Some(leader)).await?;
    }
    crate::ledger::service::close_period(tx, org, &p.through).await?;
    store::mark_posted(tx, org.id, id, leader).await?;
    Ok(())
}
