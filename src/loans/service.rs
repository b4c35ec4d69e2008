//! Use cases of the loan fund: products, applications, approvals, disbursement,
//! repayments and write-offs, each posting its entry in the same transaction.

use time::Date;

use super::model::{self, Due, Frequency, Method, Owed, Terms};
use super::store::{self, InstalmentRow, LoanRow, ProductRow};
use crate::db::Tx;
use crate::ledger::{NewEntry, Posting, Till};
use crate::orgs::Org;
use crate::web::{AppError, AppResult, FieldError};

fn invalid(field: &'static str, message: &'static str) -> AppError {
    AppError::Invalid(vec![FieldError::new(field, message)])
}

fn parse_date(s: &str) -> AppResult<Date> {
    crate::db::parse_day(s).ok_or_else(|| invalid("date", "entry-bad-date"))
}

use crate::db::iso_day as iso;

/// A loan product as a person typed it.
#[derive(Debug, Clone, Default)]
pub struct ProductDraft {
    pub name: String,
    pub method: String,
    pub annual_rate_bp: i64,
    pub instalments: i64,
    pub frequency: String,
    pub max_savings_multiple: i64,
    pub two_approvals: bool,
}

pub async fn create_product(tx: &mut Tx, org: &Org, d: &ProductDraft) -> AppResult<i64> {
    let mut errors = vec![];
    if d.name.trim().is_empty() || d.name.chars().count() > 80 {
        errors.push(FieldError::new("name", "loan-product-name-invalid"));
    }
    let method = Method::parse(&d.method);
    if method.is_none() {
        errors.push(FieldError::new("method", "loan-method-invalid"));
    }
    let frequency = Frequency::parse(&d.frequency);
    if frequency.is_none() {
        errors.push(FieldError::new("frequency", "loan-frequency-invalid"));
    }
    if !(0..=10_000).contains(&d.annual_rate_bp) {
        errors.push(FieldError::new("rate", "loan-rate-invalid"));
    }
    if !(1..=260).contains(&d.instalments) {
        errors.push(FieldError::new("instalments", "loan-instalments-invalid"));
    }
    if !(0..=10_000).contains(&d.max_savings_multiple) {
        errors.push(FieldError::new("multiple", "loan-multiple-invalid"));
    }
    let (Some(method), Some(frequency)) = (method, frequency) else {
        return Err(AppError::Invalid(errors));
    };
    if !errors.is_empty() {
        return Err(AppError::Invalid(errors));
    }
    Ok(store::insert_product(
        tx,
        org.id,
        d.name.trim(),
        method.as_str(),
        d.annual_rate_bp,
        d.instalments,
        frequency.as_str(),
        d.max_savings_multiple,
        d.two_approvals,
    )
    .await?)
}

/// A member applies for a loan of a product.
pub async fn apply(
    tx: &mut Tx,
    org: &Org,
    member_id: i64,
    product_id: i64,
    principal: i64,
    purpose: &str,
    today: &str,
) -> AppResult<i64> {
    let member = crate::members::by_id(tx, org.id, member_id)
        .await?
        .ok_or_else(|| invalid("member_number", "cashbook-member-unknown"))?;
    if member.status != "active" {
        return Err(invalid("member_number", "loan-member-not-active"));
    }
    let product = store::product(tx, org.id, product_id)
        .await?
        .ok_or_else(|| invalid("product", "loan-product-unknown"))?;
    if principal <= 0 {
        return Err(invalid("principal", "amount-not-positive"));
    }
    let savings = crate::ledger::member_balance(tx, org, "2100", member_id).await?;
    if model::max_loan(savings, product.max_savings_multiple).is_some_and(|max| principal > max) {
        return Err(invalid("principal", "loan-above-savings-limit"));
    }
    if purpose.trim().is_empty() {
        return Err(invalid("purpose", "loan-purpose-missing"));
    }
    Ok(store::insert_loan(tx, org.id, product_id, member_id, principal, purpose.trim(), today).await?)
}

async fn loan_and_product(tx: &mut Tx, org: &Org, id: i64) -> AppResult<(LoanRow, ProductRow)> {
    let loan = store::loan(tx, org.id, id).await?.ok_or(AppError::NotFound)?;
    let product = store::product(tx, org.id, loan.product_id)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok((loan, product))
}

/// A leader approves; where the product asks for two approvals, a second, different
/// leader completes it.
pub async fn approve(tx: &mut Tx, org: &Org, id: i64, leader: i64, on: &str) -> AppResult<()> {
    let (loan, product) = loan_and_product(tx, org, id).await?;
    if loan.status != "applied" {
        return Err(invalid("loan", "loan-wrong-status"));
    }
    parse_date(on)?;
    if on < loan.applied_on.as_str() {
        return Err(invalid("date", "loan-date-before-approval"));
    }
    match loan.first_approver {
        None if product.two_approvals => store::set_approvers(tx, org.id, id, Some(leader), None).await?,
        None => {
            store::set_approvers(tx, org.id, id, Some(leader), None).await?;
            store::set_approved(tx, org.id, id, on).await?;
        }
        Some(first) if first == leader => return Err(invalid("loan", "loan-second-approver-needed")),
        Some(first) => {
            store::set_approvers(tx, org.id, id, Some(first), Some(leader)).await?;
            store::set_approved(tx, org.id, id, on).await?;
        }
    }
    Ok(())
}

pub async fn reject(tx: &mut Tx, org: &Org, id: i64) -> AppResult<()> {
    let (loan, _) = loan_and_product(tx, org, id).await?;
    if loan.status != "applied" {
        return Err(invalid("loan", "loan-wrong-status"));
    }
    store::set_status(tx, org.id, id, "rejected").await?;
    Ok(())
}

fn terms(loan: &LoanRow, p: &ProductRow) -> Terms {
    Terms {
        principal: loan.principal,
        annual_rate_bp: p.annual_rate_bp,
        instalments: p.instalments,
        frequency: Frequency::parse(&p.frequency).unwrap_or(Frequency::Monthly),
        method: Method::parse(&p.method).unwrap_or(Method::Flat),
    }
}

/// The schedule the loan would have if paid out on `date`.
pub fn preview(loan: &LoanRow, p: &ProductRow, date: Date) -> Vec<Due> {
    model::schedule(&terms(loan, p), date)
}

async fn member_name(tx: &mut Tx, org: &Org, member_id: i64) -> AppResult<String> {
    Ok(crate::members::by_id(tx, org.id, member_id)
        .await?
        .map(|m| m.name)
        .unwrap_or_default())
}

/// Pays an approved loan out: its schedule is fixed and the money leaves the till.
pub async fn disburse(tx: &mut Tx, org: &Org, id: i64, date: &str, till: Till, by: i64) -> AppResult<i64> {
    let (loan, product) = loan_and_product(tx, org, id).await?;
    if loan.status != "approved" {
        return Err(invalid("loan", "loan-wrong-status"));
    }
    let start = parse_date(date)?;
    // Paid out on or after the day it was approved (never before she applied).
    if date < loan.approved_on.as_deref().unwrap_or(&loan.applied_on) {
        return Err(invalid("date", "loan-date-before-approval"));
    }
    let name = member_name(tx, org, loan.member_id).await?;
    let receivable = crate::ledger::member_account(tx, org, "1400", loan.member_id, &name).await?;
    let till_account = crate::ledger::account(tx, org, till.code()).await?;
    let entry = NewEntry {
        date: date.to_string(),
        description: format!("{} #{id} · {name}", product.name),
        source: "loan-disbursement",
        source_id: Some(id),
        reverses_id: None,
        planned: false,
        postings: vec![
            Posting {
                account_id: receivable.id,
                amount: loan.principal,
            },
            Posting {
                account_id: till_account.id,
                amount: -loan.principal,
            },
        ],
    };
    // The entry first: a refusal (a closed period) leaves the loan as it was.
    let entry_id = crate::ledger::post(tx, org, &entry, Some(by)).await?;
    for d in preview(&loan, &product, start) {
        store::insert_instalment(tx, org.id, id, d.n, &iso(d.due_on), d.principal, d.interest).await?;
    }
    store::set_disbursed(tx, org.id, id, date).await?;
    let [amount, currency] = crate::notices::service::money_args(org, loan.principal);
    let args = [amount, currency, ("what", product.name.clone())];
    crate::notices::queue(
        tx,
        org,
        loan.member_id,
        crate::notices::Kind::MoneyPaid,
        entry_id,
        &args,
    )
    .await?;
    Ok(entry_id)
}

/// Reminds each borrower of an instalment due within three days, and of one overdue;
/// once per instalment, however often it is asked.
pub async fn remind_instalments(tx: &mut Tx, org: &Org, today: &str) -> AppResult<()> {
    let today_d = parse_date(today)?;
    for p in portfolio(tx, org, today).await?.0 {
        if p.loan.status != "disbursed" {
            continue;
        }
        let Some((due, amount)) = &p.next_due else { continue };
        let Some(due_d) = crate::db::parse_day(due) else {
            continue;
        };
        let days = (due_d - today_d).whole_days();
        // One notice per instalment: the loan and the day it falls due name it.
        let subject = p.loan.id * 100_000 + i64::from(due_d.to_julian_day() % 100_000);
        let [a, c] = crate::notices::service::money_args(org, *amount);
        let args = [a, c, ("due", due.clone()), ("what", p.product.clone())];
        let kind = if p.days_overdue > 0 {
            crate::notices::Kind::InstalmentOverdue
        } else if (0..=3).contains(&days) {
            crate::notices::Kind::InstalmentDue
        } else {
            continue;
        };
        crate::notices::queue(tx, org, p.loan.member_id, kind, subject, &args).await?;
    }
    Ok(())
}

fn owed(rows: &[InstalmentRow]) -> Vec<Owed> {
    rows.iter()
        .map(|r| Owed {
            interest: r.interest - r.paid_interest,
            principal: r.principal - r.paid_principal,
        })
        .collect()
}

/// Takes a repayment: interest first, then principal, oldest instalment first.
pub async fn repay(tx: &mut Tx, org: &Org, id: i64, amount: i64, date: &str, till: Till, by: i64) -> AppResult<i64> {
    let till_account = crate::ledger::account(tx, org, till.code()).await?;
    repay_from(tx, org, id, amount, date, till_account.id, by).await
}

/// What a member's instalment asks of her now: what is overdue and the next one due.
pub async fn instalment_due(tx: &mut Tx, org: &Org, id: i64, today: &str) -> AppResult<i64> {
    let p = of_loan(tx, org, id, today).await?;
    Ok(p.overdue + p.next_due.map_or(0, |(_, amount)| amount))
}

/// `repay`, the money coming from any account of the books: a till, or what the
/// organisation owes her for her work.
pub async fn repay_from(
    tx: &mut Tx,
    org: &Org,
    id: i64,
    amount: i64,
    date: &str,
    from_account: i64,
    by: i64,
) -> AppResult<i64> {
    let (loan, product) = loan_and_product(tx, org, id).await?;
    if loan.status != "disbursed" {
        return Err(invalid("amount", "loan-not-open"));
    }
    parse_date(date)?;
    if loan.disbursed_on.as_deref().is_some_and(|d| date < d) {
        return Err(invalid("date", "loan-repaid-before-disbursed"));
    }
    let rows = store::instalments(tx, org.id, id).await?;
    let split = model::allocate(amount, &owed(&rows)).ok_or_else(|| invalid("amount", "loan-overpayment"))?;
    let interest: i64 = split.iter().map(|(i, _)| i).sum();
    let principal: i64 = split.iter().map(|(_, p)| p).sum();
    let name = member_name(tx, org, loan.member_id).await?;
    let mut postings = vec![Posting {
        account_id: from_account,
        amount,
    }];
    if interest > 0 {
        postings.push(Posting {
            account_id: crate::ledger::account(tx, org, "4300").await?.id,
            amount: -interest,
        });
    }
    if principal > 0 {
        postings.push(Posting {
            account_id: crate::ledger::member_account(tx, org, "1400", loan.member_id, &name)
                .await?
                .id,
            amount: -principal,
        });
    }
    let entry = NewEntry {
        date: date.to_string(),
        description: format!("{} #{id} · {name}", product.name),
        source: "loan-repayment",
        source_id: Some(id),
        reverses_id: None,
        planned: false,
        postings,
    };
    // The entry first: a refusal (a closed period) leaves the schedule as it was.
    let entry_id = crate::ledger::post(tx, org, &entry, Some(by)).await?;
    for (row, (i, p)) in rows.iter().zip(split.iter()) {
        if i + p > 0 {
            store::pay_instalment(tx, org.id, row.id, *i, *p).await?;
        }
    }
    let left: i64 = owed(&store::instalments(tx, org.id, id).await?)
        .iter()
        .map(|o| o.interest + o.principal)
        .sum();
    if left == 0 {
        store::set_status(tx, org.id, id, "closed").await?;
    }
    Ok(entry_id)
}

/// Writes off what is left of a loan's principal as a loss.
pub async fn write_off(tx: &mut Tx, org: &Org, id: i64, date: &str, by: i64) -> AppResult<i64> {
    let (loan, product) = loan_and_product(tx, org, id).await?;
    if loan.status != "disbursed" {
        return Err(invalid("loan", "loan-not-open"));
    }
    let rows = store::instalments(tx, org.id, id).await?;
    let principal: i64 = owed(&rows).iter().map(|o| o.principal).sum();
    let name = member_name(tx, org, loan.member_id).await?;
    let entry = NewEntry {
        date: date.to_string(),
        description: format!("{} #{id} · {name}", product.name),
        source: "loan-write-off",
        source_id: Some(id),
        reverses_id: None,
        planned: false,
        postings: vec![
            Posting {
                account_id: crate::ledger::account(tx, org, "5700").await?.id,
                amount: principal,
            },
            Posting {
                account_id: crate::ledger::member_account(tx, org, "1400", loan.member_id, &name)
                    .await?
                    .id,
                amount: -principal,
            },
        ],
    };
    let entry_id = crate::ledger::post(tx, org, &entry, Some(by)).await?;
    store::set_status(tx, org.id, id, "written_off").await?;
    Ok(entry_id)
}

/// New terms for what is left of a loan, as a leader decides them.
#[derive(Debug, Clone)]
pub struct RescheduleDraft {
    pub instalments: i64,
    pub first_due: String,
    pub reason: String,
}

/// Reschedules an open loan: instalments paid in part are settled at what was paid, and
/// the unpaid principal gets a new schedule (see `model::reschedule`). No money moves, so
/// nothing is posted; the old and new terms are kept with the approving leader.
pub async fn reschedule(
    tx: &mut Tx,
    org: &Org,
    id: i64,
    d: &RescheduleDraft,
    today: &str,
    leader: i64,
) -> AppResult<()> {
    let (loan, product) = loan_and_product(tx, org, id).await?;
    if loan.status != "disbursed" {
        return Err(invalid("loan", "loan-not-open"));
    }
    if !(1..=260).contains(&d.instalments) {
        return Err(invalid("instalments", "loan-instalments-invalid"));
    }
    let today_d = parse_date(today)?;
    let first_due = parse_date(&d.first_due).map_err(|_| invalid("first_due", "entry-bad-date"))?;
    if first_due <= today_d {
        return Err(invalid("first_due", "loan-first-due-past"));
    }
    if d.reason.trim().is_empty() {
        return Err(invalid("reason", "loan-reschedule-reason"));
    }
    let rows = store::instalments(tx, org.id, id).await?;
    let open: Vec<(&InstalmentRow, Owed)> = rows
        .iter()
        .zip(owed(&rows))
        .filter(|(_, o)| o.interest + o.principal > 0)
        .collect();
    let dated: Vec<(Date, Owed)> = open
        .iter()
        .filter_map(|(r, o)| parse_date(&r.due_on).ok().map(|d| (d, *o)))
        .collect();
    let next_n = rows.iter().map(|r| r.n).max().unwrap_or(0) + 1;
    let plan = model::reschedule(
        &dated,
        today_d,
        terms(&loan, &product),
        d.instalments,
        first_due,
        next_n,
    );
    if plan.outstanding <= 0 {
        return Err(invalid("loan", "loan-nothing-outstanding"));
    }
    for (r, _) in &open {
        if r.paid_principal + r.paid_interest > 0 {
            store::settle_instalment_as_paid(tx, org.id, r.id).await?;
        } else {
            store::drop_unpaid_instalment(tx, org.id, r.id).await?;
        }
    }
    for due in &plan.dues {
        store::insert_instalment(tx, org.id, id, due.n, &iso(due.due_on), due.principal, due.interest).await?;
    }
    let record = store::RescheduleRow {
        on_date: today.to_string(),
        outstanding: plan.outstanding,
        carried_interest: plan.carried_interest,
        instalments: d.instalments,
        first_due: d.first_due.trim().to_string(),
        reason: d.reason.trim().to_string(),
        approved_by: Some(leader),
    };
    store::insert_reschedule(tx, org.id, id, &record).await?;
    Ok(())
}

pub use store::RescheduleRow;

pub async fn reschedules(tx: &mut Tx, org: &Org, id: i64) -> AppResult<Vec<RescheduleRow>> {
    Ok(store::reschedules(tx, org.id, id).await?)
}

/// One loan of the portfolio with what is owed and how late it is.
#[derive(Debug, Clone)]
pub struct Position {
    pub loan: LoanRow,
    pub product: String,
    pub member: String,
    pub outstanding_principal: i64,
    pub overdue: i64,
    pub days_overdue: i64,
    pub next_due: Option<(String, i64)>,
}

/// Every loan with its position on `today`; and the portfolio at risk over 30 days, in
/// basis points of the outstanding principal.
pub async fn portfolio(tx: &mut Tx, org: &Org, today: &str) -> AppResult<(Vec<Position>, i64)> {
    let today_d = parse_date(today)?;
    let products = store::products(tx, org.id).await?;
    let mut out = vec![];
    for loan in store::loans(tx, org.id).await? {
        out.push(position(tx, org, loan, &products, today_d).await?);
    }
    let open: Vec<&Position> = out.iter().filter(|p| p.loan.status == "disbursed").collect();
    let total: i64 = open.iter().map(|p| p.outstanding_principal).sum();
    let at_risk: i64 = open
        .iter()
        .filter(|p| p.days_overdue > 30)
        .map(|p| p.outstanding_principal)
        .sum();
    let par = if total > 0 {
        i64::try_from(i128::from(at_risk) * 10_000 / i128::from(total)).unwrap_or(0)
    } else {
        0
    };
    Ok((out, par))
}

/// Where a loan stood at the end of `today`: a repayment dated after it is not counted,
/// and a loan paid out after it was not yet out.
async fn position(
    tx: &mut Tx,
    org: &Org,
    mut loan: LoanRow,
    products: &[ProductRow],
    today: Date,
) -> AppResult<Position> {
    let rows = store::instalments(tx, org.id, loan.id).await?;
    let mut owed_rows = owed(&rows);
    if matches!(loan.status.as_str(), "disbursed" | "closed") {
        let out_after = loan
            .disbursed_on
            .as_deref()
            .and_then(|d| parse_date(d).ok())
            .is_some_and(|d| d > today);
        let (through, all) = store::repaid(tx, org.id, loan.id, &iso(today)).await?;
        if out_after {
            loan.status = "approved".into();
        } else if through < all {
            // As it was then: what was paid by that day, shared over the schedule again.
            let scheduled: Vec<Owed> = rows
                .iter()
                .map(|r| Owed {
                    interest: r.interest,
                    principal: r.principal,
                })
                .collect();
            let paid = if through > 0 {
                model::allocate(through, &scheduled).unwrap_or_default()
            } else {
                vec![]
            };
            owed_rows = scheduled
                .iter()
                .enumerate()
                .map(|(k, o)| {
                    let (i, p) = paid.get(k).copied().unwrap_or((0, 0));
                    Owed {
                        interest: o.interest - i,
                        principal: o.principal - p,
                    }
                })
                .collect();
            loan.status = "disbursed".into();
        }
    }
    let dated: Vec<(Date, Owed)> = rows
        .iter()
        .zip(owed_rows.iter())
        .filter_map(|(r, o)| parse_date(&r.due_on).ok().map(|d| (d, *o)))
        .collect();
    let overdue = dated
        .iter()
        .filter(|(d, _)| *d < today)
        .map(|(_, o)| o.interest + o.principal)
        .sum();
    let next_due = rows
        .iter()
        .zip(owed_rows.iter())
        .find(|(_, o)| o.interest + o.principal > 0)
        .map(|(r, o)| (r.due_on.clone(), o.interest + o.principal));
    let member = member_name(tx, org, loan.member_id).await?;
    Ok(Position {
        product: products
            .iter()
            .find(|p| p.id == loan.product_id)
            .map(|p| p.name.clone())
            .unwrap_or_default(),
        member,
        outstanding_principal: if loan.status == "disbursed" {
            owed_rows.iter().map(|o| o.principal).sum()
        } else {
            0
        },
        overdue: if loan.status == "disbursed" { overdue } else { 0 },
        days_overdue: if loan.status == "disbursed" {
            model::days_overdue(&dated, today)
        } else {
            0
        },
        next_due: if loan.status == "disbursed" { next_due } else { None },
        loan,
    })
}

/// The id of a member's oldest loan that is being repaid.
pub async fn oldest_open(tx: &mut Tx, org: &Org, member_id: i64) -> AppResult<Option<i64>> {
    Ok(store::loans_of_member(tx, org.id, member_id)
        .await?
        .into_iter()
        .filter(|l| l.status == "disbursed")
        .map(|l| l.id)
        .min())
}

/// One loan with its position on `today`.
pub async fn of_loan(tx: &mut Tx, org: &Org, id: i64, today: &str) -> AppResult<Position> {
    let today_d = parse_date(today)?;
    let loan = store::loan(tx, org.id, id).await?.ok_or(AppError::NotFound)?;
    let products = store::products(tx, org.id).await?;
    position(tx, org, loan, &products, today_d).await
}

/// A member's loans with their positions, for her passbook.
pub async fn of_member(tx: &mut Tx, org: &Org, member_id: i64, today: &str) -> AppResult<Vec<Position>> {
    let today_d = parse_date(today)?;
    let products = store::products(tx, org.id).await?;
    let mut out = vec![];
    for loan in store::loans_of_member(tx, org.id, member_id).await? {
        out.push(position(tx, org, loan, &products, today_d).await?);
    }
    Ok(out)
}
