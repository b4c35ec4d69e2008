//! The books as plain-text accounting journals that hledger, ledger and beancount read.

use std::collections::{HashMap, HashSet};

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

/// How the journal names each member's sub-accounts: `M` and her member number, which
/// her name can change without touching. Two numbers the tools would read alike (`A/1`
/// and `A-1`) keep apart by the later one's internal id.
pub struct MemberLabels(HashMap<i64, String>);

impl MemberLabels {
    pub fn new(numbers: &[(i64, String)]) -> MemberLabels {
        let mut taken = HashSet::new();
        let mut labels = HashMap::new();
        let mut sorted: Vec<&(i64, String)> = numbers.iter().collect();
        sorted.sort();
        for (id, number) in sorted {
            let mut label = format!("M{}", number.replace(|c: char| !c.is_ascii_alphanumeric(), "-"));
            if !taken.insert(label.clone()) {
                label = format!("{label}-{id}");
                taken.insert(label.clone());
            }
            labels.insert(*id, label);
        }
        MemberLabels(labels)
    }

    fn of(&self, member_id: i64) -> String {
        self.0
            .get(&member_id)
            .cloned()
            .unwrap_or_else(|| format!("M-{member_id}"))
    }
}

/// The account's full name in the journal, such as `Liabilities:MembersSavings:M12`.
pub fn account_path(a: &AccountRow, all: &[AccountRow], members: &MemberLabels) -> String {
    let en = Tr::new(Locale::En);
    let kind = AccountKind::parse(&a.kind).unwrap_or(AccountKind::Asset);
    let mut parts = vec![];
    let mut cur = Some(a);
    while let Some(x) = cur {
        // The five groups are the journal's own top level.
        if x.parent_id.is_some() {
            parts.push(match x.member_id {
                Some(m) => members.of(m),
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

/// Writes the journal: the declarations the tools' strict modes ask for, then every
/// entry with its postings in the order they were posted.
pub fn write(
    format: Format,
    currency: Currency,
    accounts: &[AccountRow],
    members: &MemberLabels,
    entries: &[EntryWithPostings],
) -> String {
    let mut out = String::new();
    let paths: HashMap<i64, String> = accounts
        .iter()
        .map(|a| (a.id, account_path(a, accounts, members)))
        .collect();
    let path = |id: i64| paths.get(&id).cloned().unwrap_or_default();
    let mut declared: Vec<&String> = paths.values().collect();
    declared.sort();
    let code = currency.code();
    match format {
        Format::Ledger => {
            // `hledger check --strict` and `ledger --pedantic` want every commodity and
            // account declared before it is used.
            let sample = Money::new(100_000, currency).to_plain();
            out.push_str(&format!("commodity {code}\n    format {sample} {code}\n\n"));
            for p in &declared {
                out.push_str(&format!("account {p}\n"));
            }
        }
        Format::Beancount => {
            out.push_str(&format!("option \"operating_currency\" \"{code}\"\n\n"));
            out.push_str(&format!("1970-01-01 commodity {code}\n"));
            // Every account opens on the earliest date in the books, so an entry
            // back-dated before the first one still finds its accounts open.
            let first = entries
                .iter()
                .map(|(e, _)| e.entry_date.as_str())
                .min()
                .unwrap_or("1970-01-01");
            // Beancount names no account by its group alone (`Assets`).
            for p in declared.iter().filter(|p| p.contains(':')) {
                out.push_str(&format!("{first} open {p} {code}\n"));
            }
        }
    }
    out.push('\n');
    for (e, postings) in entries {
        // A description is the treasurer's words: on one line, and never read as a
        // comment, a tag or a payee/note split by the tools.
        let description: String = e
            .description
            .chars()
            .map(|c| match c {
                '\n' | '\r' | '\t' => ' ',
                ';' | '|' | '#' => ',',
                c => c,
            })
            .collect();
        match format {
            Format::Ledger => out.push_str(&format!("{} * (#{}) {}\n", e.entry_date, e.seq, description.trim())),
            Format::Beancount => out.push_str(&format!(
                "{} * \"{}\" #tejido-{}\n",
                e.entry_date,
                description.replace('\\', "\\\\").replace('"', "\\\""),
                e.seq
            )),
        }
        for (account_id, _, amount) in postings {
            let m = Money::new(*amount, currency).to_plain();
            out.push_str(&format!("    {:<48}  {m} {code}\n", path(*account_id)));
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
        // Member 7's sub-account is named by her number, 56, not by her internal id.
        let members = MemberLabels::new(&[(7, "56".into())]);
        assert_eq!(account_path(&all[2], &all, &members), "Liabilities:MembersSavings:M56");
        assert_eq!(account_path(&all[1], &all, &members), "Liabilities:MembersSavings");
    }

    #[test]
    fn numbers_the_tools_would_read_alike_stay_apart() {
        let members = MemberLabels::new(&[(3, "A/1".into()), (9, "A-1".into()), (4, "B1".into())]);
        assert_eq!(members.of(3), "MA-1");
        assert_eq!(members.of(9), "MA-1-9");
        assert_eq!(members.of(4), "MB1");
    }
}
