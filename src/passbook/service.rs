//! Gathers a member's passbook from the books and the loan fund.

use crate::db::Tx;
use crate::ledger::model::AccountKind;
use crate::ledger::store::{self, AccountRow, LedgerLine};
use crate::loans::Position;
use crate::members::MemberRow;
use crate::orgs::Org;
use crate::web::{AppError, AppResult};

/// One of her sub-accounts: the control account it belongs to, its balance in its normal
/// direction, and each line with its change and the balance after it.
pub struct Book {
    pub control: AccountRow,
    pub account: AccountRow,
    pub balance: i64,
    pub lines: Vec<(LedgerLine, i64, i64)>,
}

pub struct Passbook {
    pub member: MemberRow,
    pub books: Vec<Book>,
    pub loans: Vec<Position>,
}

pub async fn passbook(tx: &mut Tx, org: &Org, member_id: i64, today: &str) -> AppResult<Passbook> {
    let member = crate::members::by_id(tx, org.id, member_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let all = store::accounts(tx, org.id).await?;
    let loans = crate::loans::of_member(tx, org, member_id, today).await?;
    let mut books = vec![];
    for account in store::member_accounts(tx, org.id, member_id).await? {
        let kind = AccountKind::parse(&account.kind).unwrap_or(AccountKind::Asset);
        let lines = store::account_lines(tx, org.id, account.id).await?;
        let lines: Vec<(LedgerLine, i64, i64)> = crate::ledger::pages::running_balances(kind, &lines)
            .into_iter()
            .map(|(l, change, running)| (l.clone(), change, running))
            .collect();
        let balance = lines.last().map_or(0, |(_, _, r)| *r);
        let Some(control) = account.parent_id.and_then(|p| all.iter().find(|a| a.id == p)).cloned() else {
            continue;
        };
        books.push(Book {
            control,
            account,
            balance,
            lines,
        });
    }
    Ok(Passbook { member, books, loans })
}
