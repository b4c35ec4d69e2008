//! The books as plain-text accounting journals that hledger, ledger and beancount read.

use std::collections::{HashMap, HashSet};

use super::model::AccountKind;
use super::store::AccountRow;
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
    let by_id: HashMap<i64, &AccountRow> = all.iter().map(|x| (x.id, x)).collect();
    path_in(a, &by_id, members, &Tr::new(Locale::En))
}

fn path_in(a: &AccountRow, by_id: &HashMap<i64, &AccountRow>, members: &MemberLabels, en: &Tr) -> String {
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
        cur = x.parent_id.and_then(|p| by_id.get(&p).copied());
    }
    parts.push(top_name(kind).to_string());
    parts.reverse();
    parts.join(":")
}

/// Writes a journal entry by entry, so a million entries never sit in memory at once.
pub struct Journal {
    format: Format,
    currency: Currency,
    paths: HashMap<i64, String>,
}

/// One entry as the journal reads it.
pub struct JournalEntry<'a> {
    pub seq: i64,
    pub date: &'a str,
    pub description: &'a str,
}

impl Journal {
    pub fn new(format: Format, currency: Currency, accounts: &[AccountRow], members: &MemberLabels) -> Journal {
        let by_id: HashMap<i64, &AccountRow> = accounts.iter().map(|x| (x.id, x)).collect();
        let en = Tr::new(Locale::En);
        let paths = accounts
            .iter()
            .map(|a| (a.id, path_in(a, &by_id, members, &en)))
            .collect();
        Journal {
            format,
            currency,
            paths,
        }
    }

    /// The declarations the tools' strict modes ask for; `first` is the earliest date in
    /// the books.
    pub fn header(&self, first: Option<&str>) -> String {
        let mut out = String::new();
        let mut declared: Vec<&String> = self.paths.values().collect();
        declared.sort();
        let code = self.currency.code();
        match self.format {
            Format::Ledger => {
                // `hledger check --strict` and `ledger --pedantic` want every commodity and
                // account declared before it is used.
                let sample = Money::new(100_000, self.currency).to_plain();
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
                let first = first.unwrap_or("1970-01-01");
                // Beancount names no account by its group alone (`Assets`).
                for p in declared.iter().filter(|p| p.contains(':')) {
                    out.push_str(&format!("{first} open {p} {code}\n"));
                }
            }
        }
        out.push('\n');
        out
    }

    /// One entry and its postings (account id, amount), appended to `out`.
    pub fn entry(&self, out: &mut String, e: &JournalEntry<'_>, postings: &[(i64, i64)]) {
        use std::fmt::Write;
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
        // Writing to a String cannot fail.
        let _ = match self.format {
            Format::Ledger => writeln!(out, "{} * (#{}) {}", e.date, e.seq, description.trim()),
            Format::Beancount => writeln!(
                out,
                "{} * \"{}\" #tejido-{}",
                e.date,
                description.replace('\\', "\\\\").replace('"', "\\\""),
                e.seq
            ),
        };
        let code = self.currency.code();
        for (account_id, amount) in postings {
            let m = Money::new(*amount, self.currency).to_plain();
            let path = self.paths.get(account_id).map_or("", String::as_str);
            let _ = writeln!(out, "    {path:<48}  {m} {code}");
        }
        out.push('\n');
    }
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
