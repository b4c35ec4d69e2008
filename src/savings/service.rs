//! Use cases of savings, each in the caller's transaction: deposits, withdrawals within
//! the bylaws, notices, and interest credited at the end of a period.

use super::model::{self, Notice, Rules};
use super::store::{self, Saver};
use crate::db::{Tx, parse_day};
use crate::ledger::{NewEntry, Posting, Till};
use crate::members::MemberRow;
use crate::orgs::Org;
use crate::web::{AppError, AppResult, FieldError};

/// The control account of members' savings.
pub const SAVINGS: &str = "2100";
/// The expense account that interest on savings is charged to.
pub const INTEREST: &str = "5800";

fn invalid(field: &'static str, message: &'static str) -> AppError {
    AppError::Invalid(vec![FieldError::new(field, message)])
}

pub fn rules(org: &Org) -> Rules {
    Rules {
        min_balance: org.bylaws.savings_min_balance,
        notice_days: org.bylaws.savings_notice_days,
    }
}

/// An active member of this organisation by her number, or a clear refusal.
pub async fn member(tx: &mut Tx, org: &Org, number: &str) -> AppResult<MemberRow> {
    crate::members::by_number(tx, org.id, number)
        .await?
        .ok_or_else(|| invalid("member_number", "cashbook-member-unknown"))
}

/// Checks a withdrawal against her balance and the bylaws; the answer is the notice it
/// uses up, if the bylaws ask for one.
pub async fn check_withdrawal(
    tx: &mut Tx,
    org: &Org,
    member_id: i64,
    amount: i64,
    date: &str,
) -> AppResult<Option<i64>> {
    let day = parse_day(date).ok_or_else(|| invalid("date", "entry-bad-date"))?;
    let balance = crate::ledger::member_balance(tx, org, SAVINGS, member_id).await?;
    let notices: Vec<Notice> = store::open_notices(tx, org.id, Some(member_id))
        .await?
        .into_iter()
        .filter_map(|n| {
            parse_day(&n.given_on).map(|given_on| Notice {
                id: n.id,
                given_on,
                amount: n.amount,
            })
        })
        .collect();
    model::check_withdrawal(rules(org), balance, amount, day, &notices).map_err(|m| invalid("amount", m))
}

/// Marks the notice a withdrawal used; a notice used meanwhile by another withdrawal
/// refuses this one.
pub async fn use_notice(tx: &mut Tx, org: &Org, notice: Option<i64>, entry_id: i64) -> AppResult<()> {
    match notice {
        Some(id) if !store::use_notice(tx, org.id, id, entry_id).await? => {
            Err(invalid("amount", "savings-notice-needed"))
        }
        _ => Ok(()),
    }
}

/// Money in or out of a member's savings, through a till.
pub struct Movement<'a> {
    pub member: &'a MemberRow,
    pub amount: i64,
    pub date: &'a str,
    pub till: Till,
    pub description: String,
}

async fn post_movement(tx: &mut Tx, org: &Org, m: &Movement<'_>, incoming: bool, by: i64) -> AppResult<i64> {
    let till = crate::ledger::account(tx, org, m.till.code()).await?;
    let savings = crate::ledger::member_account(tx, org, SAVINGS, m.member.id, &m.member.name).await?;
    let sign = if incoming { 1 } else { -1 };
    let entry = NewEntry {
        date: m.date.to_string(),
        description: m.description.clone(),
        source: if incoming {
            "saving-deposit"
        } else {
            "saving-withdrawal"
        },
        source_id: Some(m.member.id),
        reverses_id: None,
        planned: false,
        postings: vec![
            Posting {
                account_id: till.id,
                amount: sign * m.amount,
            },
            Posting {
                account_id: savings.id,
                amount: -sign * m.amount,
            },
        ],
    };
    crate::ledger::post(tx, org, &entry, Some(by)).await
}

pub async fn deposit(tx: &mut Tx, org: &Org, m: &Movement<'_>, by: i64) -> AppResult<i64> {
    if m.amount <= 0 {
        return Err(invalid("amount", "amount-not-positive"));
    }
    post_movement(tx, org, m, true, by).await
}

pub async fn withdraw(tx: &mut Tx, org: &Org, m: &Movement<'_>, by: i64) -> AppResult<i64> {
    let notice = check_withdrawal(tx, org, m.member.id, m.amount, m.date).await?;
    let entry_id = post_movement(tx, org, m, false, by).await?;
    use_notice(tx, org, notice, entry_id).await?;
    let [amount, currency] = crate::notices::service::money_args(org, m.amount);
    let args = [amount, currency, ("what", org.own_tr().t("purpose-saving-withdrawal"))];
    crate::notices::queue(tx, org, m.member.id, crate::notices::Kind::MoneyPaid, entry_id, &args).await?;
    Ok(entry_id)
}

/// A member says she will withdraw `amount`; the bylaws' days run from `date`.
pub async fn give_notice(
    tx: &mut Tx,
    org: &Org,
    member: &MemberRow,
    amount: i64,
    date: &str,
    by: i64,
) -> AppResult<i64> {
    if parse_day(date).is_none() {
        return Err(invalid("date", "entry-bad-date"));
    }
    if amount <= 0 {
        return Err(invalid("amount", "amount-not-positive"));
    }
    if amount > crate::ledger::member_balance(tx, org, SAVINGS, member.id).await? {
        return Err(invalid("amount", "savings-insufficient"));
    }
    Ok(store::insert_notice(tx, org.id, member.id, amount, date, by).await?)
}

/// Savers with their balances, largest first, and the total.
pub async fn savers(tx: &mut Tx, org: &Org) -> AppResult<(Vec<Saver>, i64)> {
    let control = crate::ledger::account(tx, org, SAVINGS).await?;
    let mut all = store::savers(tx, org.id, control.id).await?;
    all.sort_by(|a, b| b.balance.cmp(&a.balance).then(a.member_id.cmp(&b.member_id)));
    let total = all.iter().map(|s| s.balance).sum();
    Ok((all, total))
}

pub use store::{InterestRun, NoticeRow};

/// Her open notices to withdraw, for her passbook.
pub async fn notices_of(tx: &mut Tx, org: &Org, member_id: i64) -> AppResult<Vec<NoticeRow>> {
    Ok(store::notices_of(tx, org.id, member_id).await?)
}

pub async fn open_notices(tx: &mut Tx, org: &Org) -> AppResult<Vec<NoticeRow>> {
    Ok(store::open_notices(tx, org.id, None).await?)
}

pub async fn interest_runs(tx: &mut Tx, org: &Org) -> AppResult<Vec<InterestRun>> {
    Ok(store::interest_runs(tx, org.id).await?)
}

/// What each saver would be credited for the period at the bylaws' rate: (saver, interest).
pub async fn interest_preview(tx: &mut Tx, org: &Org, from: &str, through: &str) -> AppResult<Vec<(Saver, i64)>> {
    let (Some(f), Some(t)) = (parse_day(from), parse_day(through)) else {
        return Err(invalid("from", "entry-bad-date"));
    };
    if t < f {
        return Err(invalid("from", "report-period-invalid"));
    }
    let control = crate::ledger::account(tx, org, SAVINGS).await?;
    let moves = store::movements(tx, org.id, control.id, through).await?;
    let (savers, _) = savers(tx, org).await?;
    let mut out = vec![];
    for s in savers {
        // Savings are a liability: a credit (negative) adds to what she has.
        let changes: Vec<(time::Date, i64)> = moves
            .iter()
            .filter(|(m, _, _)| *m == s.member_id)
            .filter_map(|(_, d, a)| parse_day(d).map(|d| (d, -a)))
            .collect();
        let i = model::interest(&changes, f, t, org.bylaws.savings_interest_bp);
        if i > 0 {
            out.push((s, i));
        }
    }
    Ok(out)
}

/// Credits interest for the period to every saver in one entry dated the period's last
/// day; a period that overlaps one already credited is refused.
pub async fn credit_interest(
    tx: &mut Tx,
    org: &Org,
    from: &str,
    through: &str,
    description: &str,
    by: i64,
) -> AppResult<i64> {
    if org.bylaws.savings_interest_bp <= 0 {
        return Err(invalid("from", "savings-no-interest-rate"));
    }
    if store::overlapping_run(tx, org.id, from, through).await? {
        return Err(invalid("from", "savings-interest-overlap"));
    }
    let lines = interest_preview(tx, org, from, through).await?;
    let total: i64 = lines.iter().map(|(_, i)| i).sum();
    if total == 0 {
        return Err(invalid("from", "savings-interest-nothing"));
    }
    let mut postings = vec![Posting {
        account_id: crate::ledger::account(tx, org, INTEREST).await?.id,
        amount: total,
    }];
    let names: Vec<(i64, &str)> = lines.iter().map(|(s, _)| (s.member_id, s.name.as_str())).collect();
    let accounts = crate::ledger::member_accounts(tx, org, SAVINGS, &names).await?;
    for (s, i) in &lines {
        postings.push(Posting {
            account_id: *accounts.get(&s.member_id).ok_or(AppError::NotFound)?,
            amount: -i,
        });
    }
    let entry = NewEntry {
        date: through.to_string(),
        description: description.to_string(),
        source: "savings-interest",
        source_id: None,
        reverses_id: None,
        planned: false,
        postings,
    };
    let entry_id = crate::ledger::post(tx, org, &entry, Some(by)).await?;
    store::insert_run(
        tx,
        org.id,
        from,
        through,
        org.bylaws.savings_interest_bp,
        total,
        entry_id,
        by,
    )
    .await?;
    Ok(entry_id)
}
