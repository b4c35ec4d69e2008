//! Use cases of share capital, each in the caller's transaction. Every movement of money
//! posts one entry and writes one numbered register line; a subscription only writes the
//! line, since no money moves until she pays.

use super::model::{self, Holding, ImportLine, Operation};
use super::store::{self, LineRow, NewLine};
use crate::db::{Tx, parse_day};
use crate::ledger::{NewEntry, Posting, Till};
use crate::members::MemberRow;
use crate::members::model::Status;
use crate::orgs::Org;
use crate::web::{AppError, AppResult, FieldError};

/// The control account of share capital.
pub const SHARES: &str = "3100";

fn invalid(field: &'static str, message: &'static str) -> AppError {
    AppError::Invalid(vec![FieldError::new(field, message)])
}

fn checked_date(date: &str) -> AppResult<()> {
    parse_day(date)
        .map(|_| ())
        .ok_or_else(|| invalid("date", "entry-bad-date"))
}

/// Her shares by the register and what is paid on them by the books.
pub async fn holding(tx: &mut Tx, org: &Org, member_id: i64) -> AppResult<Holding> {
    Ok(Holding {
        shares: store::shares_of(tx, org.id, member_id).await?,
        paid: crate::ledger::member_balance(tx, org, SHARES, member_id).await?,
    })
}

/// A member of this organisation by her number who may hold shares (applicant or
/// active), or a clear refusal naming the field.
pub async fn shareholder(tx: &mut Tx, org: &Org, field: &'static str, number: &str) -> AppResult<MemberRow> {
    match crate::members::by_number(tx, org.id, number).await? {
        Some(m) if m.status == Status::Active.as_str() || m.status == Status::Applicant.as_str() => Ok(m),
        _ => Err(invalid(field, "shares-not-a-member")),
    }
}

async fn lock(tx: &mut Tx, org: &Org) -> AppResult<()> {
    Ok(crate::ledger::store::lock_books(tx, org.id).await?)
}

fn description(org: &Org, op: Operation, m: &MemberRow) -> String {
    format!("{} · {} ({})", org.own_tr().t(op.label()), m.name, m.member_number)
}

/// She takes `n` more shares at par. Returns the register number.
pub async fn subscribe(tx: &mut Tx, org: &Org, m: &MemberRow, n: i64, date: &str, by: i64) -> AppResult<i64> {
    checked_date(date)?;
    lock(tx, org).await?;
    let h = holding(tx, org, m.id).await?;
    model::check_subscription(&org.bylaws, h, n).map_err(|e| invalid("shares", e))?;
    let line = NewLine {
        on_date: date,
        kind: Operation::Subscription.as_str(),
        member_id: m.id,
        counterpart_id: None,
        shares: n,
        amount: n * org.bylaws.share_par_value,
        entry_id: None,
        note: "",
        recorded_by: Some(by),
        approved_by: None,
    };
    Ok(store::insert(tx, org.id, &line).await?)
}

/// An instalment on her subscribed shares, into a till. Returns the entry.
pub async fn pay(
    tx: &mut Tx,
    org: &Org,
    m: &MemberRow,
    amount: i64,
    date: &str,
    till: Till,
    by: i64,
) -> AppResult<i64> {
    checked_date(date)?;
    // Two payments at once must not both fit in what she owes.
    lock(tx, org).await?;
    let h = holding(tx, org, m.id).await?;
    model::check_payment(&org.bylaws, h, amount).map_err(|e| invalid("amount", e))?;
    let till_account = crate::ledger::account(tx, org, till.code()).await?;
    let account = crate::ledger::member_account(tx, org, SHARES, m.id, &m.name).await?;
    let entry = NewEntry {
        date: date.to_string(),
        description: description(org, Operation::Payment, m),
        source: "share-payment",
        source_id: Some(m.id),
        reverses_id: None,
        planned: false,
        postings: vec![
            Posting {
                account_id: till_account.id,
                amount,
            },
            Posting {
                account_id: account.id,
                amount: -amount,
            },
        ],
    };
    let entry_id = crate::ledger::post(tx, org, &entry, Some(by)).await?;
    let line = NewLine {
        on_date: date,
        kind: Operation::Payment.as_str(),
        member_id: m.id,
        counterpart_id: None,
        shares: 0,
        amount,
        entry_id: Some(entry_id),
        note: "",
        recorded_by: Some(by),
        approved_by: None,
    };
    store::insert(tx, org.id, &line).await?;
    Ok(entry_id)
}

/// `n` paid-up shares pass from one member to another, approved by the leader who
/// records it. Returns the register number.
pub async fn transfer(
    tx: &mut Tx,
    org: &Org,
    from: &MemberRow,
    to: &MemberRow,
    n: i64,
    date: &str,
    leader: i64,
) -> AppResult<i64> {
    checked_date(date)?;
    if from.id == to.id {
        return Err(invalid("to_number", "shares-transfer-self"));
    }
    if to.status != Status::Active.as_str() {
        return Err(invalid("to_number", "shares-not-a-member"));
    }
    lock(tx, org).await?;
    let (a, b) = (holding(tx, org, from.id).await?, holding(tx, org, to.id).await?);
    model::check_transfer(&org.bylaws, a, b, n).map_err(|e| invalid("shares", e))?;
    let amount = n * org.bylaws.share_par_value;
    let entry_id = if amount > 0 {
        let giver = crate::ledger::member_account(tx, org, SHARES, from.id, &from.name).await?;
        let receiver = crate::ledger::member_account(tx, org, SHARES, to.id, &to.name).await?;
        let entry = NewEntry {
            date: date.to_string(),
            description: format!(
                "{} → {} ({})",
                description(org, Operation::Transfer, from),
                to.name,
                to.member_number
            ),
            source: "share-transfer",
            source_id: Some(from.id),
            reverses_id: None,
            planned: false,
            postings: vec![
                Posting {
                    account_id: giver.id,
                    amount,
                },
                Posting {
                    account_id: receiver.id,
                    amount: -amount,
                },
            ],
        };
        Some(crate::ledger::post(tx, org, &entry, Some(leader)).await?)
    } else {
        None
    };
    let line = NewLine {
        on_date: date,
        kind: Operation::Transfer.as_str(),
        member_id: from.id,
        counterpart_id: Some(to.id),
        shares: n,
        amount,
        entry_id,
        note: "",
        recorded_by: Some(leader),
        approved_by: Some(leader),
    };
    Ok(store::insert(tx, org.id, &line).await?)
}

/// The organisation buys back `n` paid-up shares at par, paid from a till, approved by
/// the leader who records it. Returns the register number.
pub async fn redeem(
    tx: &mut Tx,
    org: &Org,
    m: &MemberRow,
    n: i64,
    date: &str,
    till: Till,
    leader: i64,
) -> AppResult<i64> {
    checked_date(date)?;
    lock(tx, org).await?;
    let h = holding(tx, org, m.id).await?;
    model::check_redemption(&org.bylaws, h, n, false).map_err(|e| invalid("shares", e))?;
    redeem_unchecked(tx, org, m, n, n * org.bylaws.share_par_value, date, till, leader, "").await
}

#[allow(clippy::too_many_arguments)]
async fn redeem_unchecked(
    tx: &mut Tx,
    org: &Org,
    m: &MemberRow,
    n: i64,
    amount: i64,
    date: &str,
    till: Till,
    leader: i64,
    note: &str,
) -> AppResult<i64> {
    let entry_id = if amount > 0 {
        let till_account = crate::ledger::account(tx, org, till.code()).await?;
        let account = crate::ledger::member_account(tx, org, SHARES, m.id, &m.name).await?;
        let entry = NewEntry {
            date: date.to_string(),
            description: description(org, Operation::Redemption, m),
            source: "share-redemption",
            source_id: Some(m.id),
            reverses_id: None,
            planned: false,
            postings: vec![
                Posting {
                    account_id: account.id,
                    amount,
                },
                Posting {
                    account_id: till_account.id,
                    amount: -amount,
                },
            ],
        };
        Some(crate::ledger::post(tx, org, &entry, Some(leader)).await?)
    } else {
        None
    };
    let line = NewLine {
        on_date: date,
        kind: Operation::Redemption.as_str(),
        member_id: m.id,
        counterpart_id: None,
        shares: n,
        amount,
        entry_id,
        note,
        recorded_by: Some(leader),
        approved_by: Some(leader),
    };
    Ok(store::insert(tx, org.id, &line).await?)
}

/// What leaving settles: shares paid back, savings and what she is owed paid out, what
/// she owes the organisation kept back. Positive `net`: paid to her.
#[derive(Debug, Clone, Default)]
pub struct Settlement {
    pub shares: i64,
    pub share_capital: i64,
    pub savings: i64,
    pub payable: i64,
    pub receivable: i64,
    pub net: i64,
    /// She still has a loan running: settle it on its page first.
    pub open_loan: bool,
}

pub async fn settlement(tx: &mut Tx, org: &Org, m: &MemberRow) -> AppResult<Settlement> {
    let h = holding(tx, org, m.id).await?;
    let savings = crate::ledger::member_balance(tx, org, crate::savings::service::SAVINGS, m.id).await?;
    let payable = crate::ledger::member_balance(tx, org, "2210", m.id).await?;
    let receivable = crate::ledger::member_balance(tx, org, "1300", m.id).await?;
    let open_loan = crate::loans::service::oldest_open(tx, org, m.id).await?.is_some();
    Ok(Settlement {
        shares: h.shares,
        share_capital: h.paid,
        savings,
        payable,
        receivable,
        net: h.paid + savings + payable - receivable,
        open_loan,
    })
}

/// She leaves: her shares are redeemed, her accounts settled through one entry, and she
/// is marked exited with the date and reason in her history.
pub async fn exit(
    tx: &mut Tx,
    org: &Org,
    m: &MemberRow,
    date: &str,
    till: Till,
    reason: &str,
    leader: i64,
) -> AppResult<Settlement> {
    checked_date(date)?;
    if m.status == Status::Exited.as_str() {
        return Err(invalid("reason", "exit-already"));
    }
    if reason.trim().is_empty() {
        return Err(invalid("reason", "join-reason-needed"));
    }
    crate::members::service::keeps_an_admin(tx, org.id, m.id).await?;
    lock(tx, org).await?;
    let s = settlement(tx, org, m).await?;
    if s.open_loan {
        return Err(invalid("reason", "exit-loan-open"));
    }
    if s.net < 0 {
        return Err(invalid("reason", "exit-owes"));
    }
    let mut postings = vec![];
    for (control, amount) in [
        (SHARES, s.share_capital),
        (crate::savings::service::SAVINGS, s.savings),
        ("2210", s.payable),
        ("1300", -s.receivable),
    ] {
        if amount != 0 {
            let a = crate::ledger::member_account(tx, org, control, m.id, &m.name).await?;
            postings.push(Posting {
                account_id: a.id,
                amount,
            });
        }
    }
    if s.net > 0 {
        let t = crate::ledger::account(tx, org, till.code()).await?;
        postings.push(Posting {
            account_id: t.id,
            amount: -s.net,
        });
    }
    let entry_id = if postings.len() >= 2 {
        let entry = NewEntry {
            date: date.to_string(),
            description: format!("{} · {} ({})", org.own_tr().t("exit-entry"), m.name, m.member_number),
            source: "member-exit",
            source_id: Some(m.id),
            reverses_id: None,
            planned: false,
            postings,
        };
        Some(crate::ledger::post(tx, org, &entry, Some(leader)).await?)
    } else {
        None
    };
    if s.shares > 0 {
        let line = NewLine {
            on_date: date,
            kind: Operation::Redemption.as_str(),
            member_id: m.id,
            counterpart_id: None,
            shares: s.shares,
            amount: s.share_capital,
            entry_id,
            note: reason.trim(),
            recorded_by: Some(leader),
            approved_by: Some(leader),
        };
        store::insert(tx, org.id, &line).await?;
    }
    crate::members::change_status(tx, org.id, m, Status::Exited, date, reason.trim(), Some(leader)).await?;
    Ok(s)
}

/// The register through a date, `limit` lines from `offset`.
pub async fn register(tx: &mut Tx, org: &Org, through: &str, limit: i64, offset: i64) -> AppResult<Vec<LineRow>> {
    Ok(store::lines(tx, org.id, through, limit, offset).await?)
}

/// How many lines the register has.
pub async fn register_length(tx: &mut Tx, org: &Org) -> AppResult<i64> {
    Ok(store::count(tx, org.id).await?)
}

pub async fn member_lines(tx: &mut Tx, org: &Org, member_id: i64) -> AppResult<Vec<LineRow>> {
    Ok(store::member_lines(tx, org.id, member_id).await?)
}

/// Every shareholder with her holding, by member number, and the totals.
pub async fn shareholders(tx: &mut Tx, org: &Org) -> AppResult<(Vec<(MemberRow, Holding)>, Holding)> {
    let mut out = vec![];
    let mut total = Holding::default();
    for (member_id, shares) in store::holdings(tx, org.id).await? {
        let Some(m) = crate::members::by_id(tx, org.id, member_id).await? else {
            continue;
        };
        let paid = crate::ledger::member_balance(tx, org, SHARES, member_id).await?;
        total.shares += shares;
        total.paid += paid;
        out.push((m, Holding { shares, paid }));
    }
    out.sort_by_key(|(m, _)| {
        (
            m.member_number.parse::<i64>().unwrap_or(i64::MAX),
            m.member_number.clone(),
        )
    });
    Ok((out, total))
}

/// Reads a register to import: a header, then `member_number,date,shares,paid` with
/// `paid` in the currency's units ("1500.00"). Each line comes back with what is wrong
/// with it (message ids), checked against the members and the bylaws.
pub async fn read_import(tx: &mut Tx, org: &Org, text: &str) -> AppResult<Vec<(ImportLine, Vec<&'static str>)>> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let mut out = vec![];
    let mut seen: std::collections::HashMap<String, i64> = Default::default();
    for (i, record) in reader.records().enumerate() {
        let line = i + 2;
        let Ok(r) = record else {
            out.push((empty_line(line), vec!["import-row-unreadable"]));
            continue;
        };
        let mut errors = vec![];
        let get = |k: usize| r.get(k).unwrap_or("").to_string();
        if r.len() != 4 {
            errors.push("import-row-columns");
        }
        let member_number = get(0);
        let date = get(1);
        if parse_day(&date).is_none() {
            errors.push("entry-bad-date");
        }
        let shares = get(2).parse::<i64>().unwrap_or(-1);
        let paid = match crate::money::Money::parse(&get(3), org.currency, '.') {
            Ok(m) if m.minor >= 0 => m.minor,
            Ok(_) => {
                errors.push("amount-not-positive");
                0
            }
            Err(_) => {
                errors.push("amount-invalid");
                0
            }
        };
        match crate::members::by_number(tx, org.id, &member_number).await? {
            Some(m) if m.status == Status::Active.as_str() => {
                let before = holding(tx, org, m.id).await?;
                let earlier = seen.get(&member_number).copied().unwrap_or(0);
                let h = Holding {
                    shares: before.shares + earlier,
                    paid: before.paid,
                };
                if let Err(e) = model::check_subscription(&org.bylaws, h, shares) {
                    errors.push(e);
                }
                if shares > 0 && paid > shares.saturating_mul(org.bylaws.share_par_value) {
                    errors.push("shares-overpaid");
                }
                *seen.entry(member_number.clone()).or_default() += shares.max(0);
            }
            _ => errors.push("shares-not-a-member"),
        }
        out.push((
            ImportLine {
                line,
                member_number,
                date,
                shares,
                paid,
            },
            errors,
        ));
    }
    if out.is_empty() {
        out.push((empty_line(2), vec!["import-empty"]));
    }
    Ok(out)
}

fn empty_line(line: usize) -> ImportLine {
    ImportLine {
        line,
        member_number: String::new(),
        date: String::new(),
        shares: 0,
        paid: 0,
    }
}

/// Imports a register when every line is right: each line becomes a subscription and,
/// when something was paid, a payment into the till the money went to. Returns the
/// number of lines imported; any wrong line refuses the whole file.
pub async fn import(tx: &mut Tx, org: &Org, text: &str, till: Till, by: i64) -> AppResult<usize> {
    let lines = read_import(tx, org, text).await?;
    if lines.iter().any(|(_, e)| !e.is_empty()) {
        return Err(invalid("csv", "import-has-errors"));
    }
    let mut sorted: Vec<ImportLine> = lines.into_iter().map(|(l, _)| l).collect();
    sorted.sort_by(|a, b| a.date.cmp(&b.date).then(a.line.cmp(&b.line)));
    for l in &sorted {
        let m = shareholder(tx, org, "csv", &l.member_number).await?;
        subscribe(tx, org, &m, l.shares, &l.date, by).await?;
        if l.paid > 0 {
            pay(tx, org, &m, l.paid, &l.date, till, by).await?;
        }
    }
    Ok(sorted.len())
}
