//! The books as plain-text accounting journals that hledger, ledger and beancount read.

use super::model::AccountKind;
use super::store::{AccountRow, EntryRow};
use crate::i18n::{Locale, Tr};
use crate::money::{Currency, Money};

/// The plain-text formats Tejido writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Ledger,
    Beancount,
}

impl Format {
    pub fn parse(s: &str) -> Option<Format> {
        match s {
            "ledger" | "hledger" => Some(Format::Ledger),
            "beancount" => Some(Format::Beancount),
            _ => None,
        }
    }
}

fn top_name(kind: AccountKind) -> &'static str {
    match kind {
        AccountKind::Asset => "Assets",
        AccountKind::Liability => "Liabilities",
        AccountKind::Equity => "Equity",
        AccountKind::Income => "Income",
        AccountKind::Expense => "Expenses",
    }
}

/// "Members' savings" becomes "MembersSavings": a name every one of the tools accepts.
fn component(name: &str) -> String {
    name.split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut cs = w.chars();
            match cs.next() {
                Some(f) => f.to_ascii_uppercase().to_string() + cs.as_str(),
                None => String::new(),
            }
        })
        .collect()
}

/// The account's full name in the journal, such as `Liabilities:MembersSavings:M12`.
pub fn account_path(a: &AccountRow, all: &[AccountRow]) -> String {
    let en = Tr::new(Locale::En);
    let kind = AccountKind::parse(&a.kind).unwrap_or(AccountKind::Asset);
    let mut parts = vec![];
    let mut cur = Some(a);
    while let Some(x) = cur {
        // The five groups are the journal's own top level.
        if x.parent_id.is_some() {
            parts.push(match x.member_id {
                Some(m) => format!("M{m}"),
                None => component(&en.t(&x.name_key)),
            });
        }
        cur = x.parent_id.and_then(|p| all.iter().find(|y| y.id == p));
    }
    parts.push(top_name(kind).to_string());
    parts.reverse();
    parts.join(":")
}

/// An entry with its postings: (account id, account code, amount).
pub type EntryWithPostings = (EntryRow, Vec<(i64, String, i64)>);

/// Writes the journal: every entry with its postings, oldest first.
pub fn write(format: Format, currency: Currency, accounts: &[AccountRow], entries: &[EntryWithPostings]) -> String {
    let mut out = String::new();
    let path = |id: i64| {
        accounts
            .iter()
            .find(|a| a.id == id)
            .map(|a| account_path(a, accounts))
            .unwrap_or_default()
    };
    if format == Format::Beancount {
        out.push_str(&format!("option \"operating_currency\" \"{}\"\n\n", currency.code()));
        let first = entries.first().map_or("1970-01-01", |(e, _)| e.entry_date.as_str());
        for a in accounts
            .iter()
            .filter(|a| !accounts.iter().any(|c| c.parent_id == Some(a.id)))
        {
            out.push_str(&format!("{first} open {} {}\n", path(a.id), currency.code()));
        }
        out.push('\n');
    }
    for (e, postings) in entries {
        let description = e.description.replace(['\n', '\r'], " ");
        match format {
            Format::Ledger => out.push_str(&format!("{} * (#{}) {description}\n", e.entry_date, e.seq)),
            Format::Beancount => out.push_str(&format!(
                "{} * \"{}\" #tejido-{}\n",
                e.entry_date,
                description.replace('\\', "\\\\").replace('"', "\\\""),
                e.seq
            )),
        }
        for (account_id, _, amount) in postings {
            let m = Money::new(*amount, currency).to_plain();
            out.push_str(&format!("    {:<48}  {m} {}\n", path(*account_id), currency.code()));
        }
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn acct(id: i64, code: &str, kind: &str, parent: Option<i64>, key: &str, member: Option<i64>) -> AccountRow {
        AccountRow {
            id,
            code: code.into(),
            kind: kind.into(),
            parent_id: parent,
            name_key: key.into(),
            name: String::new(),
            member_id: member,
        }
    }

    #[test]
    fn account_paths_are_names_the_tools_accept() {
        let all = vec![
            acct(1, "2000", "liability", None, "acct-liabilities", None),
            acct(2, "2100", "liability", Some(1), "acct-member-savings", None),
            acct(3, "2100-M7", "liability", Some(2), "", Some(7)),
        ];
        assert_eq!(account_path(&all[2], &all), "Liabilities:MembersSavings:M7");
        assert_eq!(account_path(&all[1], &all), "Liabilities:MembersSavings");
    }
}
