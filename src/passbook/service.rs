//! Gathers a member's passbook from the books and the loan fund.

use crate::db::Tx;
use crate::ledger::model::{AccountKind, normal_balance};
use crate::ledger::store::{self, AccountRow, LedgerLine};
use crate::loans::Position;
use crate::members::MemberRow;
use crate::orgs::Org;
use crate::web::{AppError, AppResult};

/// One of her sub-accounts: the control account it belongs to, its balance in its normal
/// direction, and its lines (the newest, or all) with their change and the balance after.
pub struct Book {
    pub control: AccountRow,
    pub account: AccountRow,
    pub balance: i64,
    pub lines: Vec<(LedgerLine, i64, i64)>,
    /// Older lines not carried.
    pub older: i64,
}

pub struct Passbook {
    pub member: MemberRow,
    pub books: Vec<Book>,
    pub loans: Vec<Position>,
    /// Goods bought together this year: what she paid and what they cost at retail.
    pub bought_together: (i64, i64),
}

/// Her passbook with the newest `recent` lines of each account, or every line (`None`).
pub async fn passbook(tx: &mut Tx, org: &Org, member_id: i64, today: &str, recent: Option<i64>) -> AppResult<Passbook> {
    let member = crate::members::by_id(tx, org.id, member_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let loans = crate::loans::of_member(tx, org, member_id, today).await?;
    let mut books = vec![];
    for account in store::member_accounts(tx, org.id, member_id).await? {
        let kind = AccountKind::parse(&account.kind).unwrap_or(AccountKind::Asset);
        let (lines, total) = match recent {
            Some(n) => store::account_recent_lines(tx, org.id, account.id, n).await?,
            None => {
                let all = store::account_lines(tx, org.id, account.id).await?;
                let n = all.len() as i64;
                (all, n)
            }
        };
        // The balance before the first line carried: the running balance less those lines.
        let balance = normal_balance(kind, store::running_balance(tx, org.id, account.id).await?);
        let carried: i64 = lines.iter().map(|l| normal_balance(kind, l.amount)).sum();
        let mut running = balance - carried;
        let lines: Vec<(LedgerLine, i64, i64)> = lines
            .into_iter()
            .map(|l| {
                let change = normal_balance(kind, l.amount);
                running += change;
                (l, change, running)
            })
            .collect();
        let older = total - lines.len() as i64;
        // Her sub-accounts' parents, not the chart's every account (thousands of members').
        let Some(control) = (match account.parent_id {
            Some(p) => store::account_by_id(tx, org.id, p).await?,
            None => None,
        }) else {
            continue;
        };
        books.push(Book {
            control,
            account,
            balance,
            lines,
            older,
        });
    }
    let year_start = format!("{}-01-01", today.get(..4).unwrap_or("0000"));
    let bought_together = crate::purchases::service::member_saving(tx, org, member_id, &year_start).await?;
    Ok(Passbook {
        member,
        books,
        loans,
        bought_together,
    })
}
