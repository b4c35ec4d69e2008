//! Accounting rules: accounts, entries, postings, balance, the hash chain, the cash book's
//! purposes. Plain types, no I/O.

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// The five kinds of account.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum AccountKind {
    Asset,
    Liability,
    Equity,
    Income,
    Expense,
}

impl AccountKind {
    pub const ALL: [AccountKind; 5] = [
        AccountKind::Asset,
        AccountKind::Liability,
        AccountKind::Equity,
        AccountKind::Income,
        AccountKind::Expense,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            AccountKind::Asset => "asset",
            AccountKind::Liability => "liability",
            AccountKind::Equity => "equity",
            AccountKind::Income => "income",
            AccountKind::Expense => "expense",
        }
    }

    pub fn parse(s: &str) -> Option<AccountKind> {
        AccountKind::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// Assets and expenses grow with debits; the others with credits.
    pub fn debit_normal(self) -> bool {
        matches!(self, AccountKind::Asset | AccountKind::Expense)
    }

    pub fn label(self) -> &'static str {
        match self {
            AccountKind::Asset => "acct-kind-asset",
            AccountKind::Liability => "acct-kind-liability",
            AccountKind::Equity => "acct-kind-equity",
            AccountKind::Income => "acct-kind-income",
            AccountKind::Expense => "acct-kind-expense",
        }
    }
}

/// One account of the standard chart: code, kind, message id of its name, parent code,
/// and whether members have sub-accounts under it.
pub struct StandardAccount {
    pub code: &'static str,
    pub kind: AccountKind,
    pub name_key: &'static str,
    pub parent: Option<&'static str>,
    pub per_member: bool,
}

const fn acct(
    code: &'static str,
    kind: AccountKind,
    name_key: &'static str,
    parent: Option<&'static str>,
    per_member: bool,
) -> StandardAccount {
    StandardAccount {
        code,
        kind,
        name_key,
        parent,
        per_member,
    }
}

use AccountKind::{Asset, Equity, Expense, Income, Liability};

/// The chart every organisation starts from, made for cooperatives.
pub const CHART: &[StandardAccount] = &[
    acct("1000", Asset, "acct-assets", None, false),
    acct("1100", Asset, "acct-cash", Some("1000"), false),
    acct("1110", Asset, "acct-bank", Some("1000"), false),
    acct("1120", Asset, "acct-mobile-money", Some("1000"), false),
    acct("1200", Asset, "acct-raw-material-stock", Some("1000"), false),
    acct("1210", Asset, "acct-finished-goods", Some("1000"), false),
    acct("1220", Asset, "acct-materials-with-members", Some("1000"), false),
    acct("1300", Asset, "acct-receivable-members", Some("1000"), true),
    acct("1310", Asset, "acct-receivable-buyers", Some("1000"), false),
    acct("1400", Asset, "acct-loans-to-members", Some("1000"), true),
    acct("1410", Asset, "acct-solidarity-loans", Some("1000"), false),
    acct("2000", Liability, "acct-liabilities", None, false),
    acct("2100", Liability, "acct-member-savings", Some("2000"), true),
    acct("2200", Liability, "acct-payable-suppliers", Some("2000"), false),
    acct("2210", Liability, "acct-payable-members", Some("2000"), true),
    acct("2300", Liability, "acct-tax-payable", Some("2000"), false),
    acct("2310", Liability, "acct-buyer-advances", Some("2000"), false),
    acct("2400", Liability, "acct-contributions-to-remit", Some("2000"), false),
    acct("2410", Liability, "acct-claims-to-pay", Some("2000"), false),
    acct("3000", Equity, "acct-equity", None, false),
    acct("3100", Equity, "acct-share-capital", Some("3000"), true),
    acct("3200", Equity, "acct-statutory-reserve", Some("3000"), false),
    acct("3300", Equity, "acct-education-fund", Some("3000"), false),
    acct("3400", Equity, "acct-undistributed-surplus", Some("3000"), false),
    acct("3500", Equity, "acct-solidarity-fund", Some("3000"), false),
    acct("4000", Income, "acct-income", None, false),
    acct("4100", Income, "acct-sales", Some("4000"), false),
    acct("4200", Income, "acct-margin-materials", Some("4000"), false),
    acct("4300", Income, "acct-loan-interest", Some("4000"), false),
    acct("4400", Income, "acct-fees", Some("4000"), false),
    acct("4500", Income, "acct-grants", Some("4000"), false),
    acct("4600", Income, "acct-production-to-stock", Some("4000"), false),
    acct("5000", Expense, "acct-expenses", None, false),
    acct("5100", Expense, "acct-materials", Some("5000"), false),
    acct("5200", Expense, "acct-piece-rate-work", Some("5000"), false),
    acct("5300", Expense, "acct-rent", Some("5000"), false),
    acct("5400", Expense, "acct-transport", Some("5000"), false),
    acct("5500", Expense, "acct-training", Some("5000"), false),
    acct("5600", Expense, "acct-interest-on-shares", Some("5000"), false),
    acct("5700", Expense, "acct-loan-losses", Some("5000"), false),
    acct("5800", Expense, "acct-interest-on-savings", Some("5000"), false),
    acct("5900", Expense, "acct-cost-of-goods-sold", Some("5000"), false),
    acct("5950", Expense, "acct-protection-matching", Some("5000"), false),
    acct("5960", Expense, "acct-claims-paid", Some("5000"), false),
];

/// How a member's own account is named to her, in her words ("Your savings", "You owe"),
/// not the cooperative's ("Member savings", "Due from members"), by control account code.
pub fn member_words(control: &str) -> Option<&'static str> {
    Some(match control {
        "2100" => "mine-savings",
        "3100" => "mine-shares",
        "1400" => "mine-loan",
        "1300" => "mine-owe",
        "2210" => "mine-owed",
        _ => return None,
    })
}

/// The code of a member's sub-account under a control account.
pub fn member_code(control: &str, membership_id: i64) -> String {
    format!("{control}-M{membership_id}")
}

/// One line of an entry: an account and an amount in minor units, debit positive.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Posting {
    pub account_id: i64,
    pub amount: i64,
}

/// An entry before it is posted.
#[derive(Debug, Clone)]
pub struct NewEntry {
    /// ISO 8601.
    pub date: String,
    pub description: String,
    /// What caused it: "cashbook", "journal", "reversal", "demo"…, and that event's id.
    pub source: &'static str,
    pub source_id: Option<i64>,
    pub reverses_id: Option<i64>,
    /// Dated after today on purpose: the treasurer confirmed it as planned.
    pub planned: bool,
    pub postings: Vec<Posting>,
}

/// Why an entry was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EntryError {
    TooFewPostings,
    ZeroAmount,
    Unbalanced,
    BadDate,
    EmptyDescription,
    ClosedPeriod,
    FutureDate,
    UnknownAccount,
    GroupAccount,
    Overflow,
}

impl EntryError {
    pub fn message(self) -> &'static str {
        match self {
            EntryError::TooFewPostings => "entry-too-few-postings",
            EntryError::ZeroAmount => "entry-zero-amount",
            EntryError::Unbalanced => "entry-unbalanced",
            EntryError::BadDate => "entry-bad-date",
            EntryError::EmptyDescription => "entry-no-description",
            EntryError::ClosedPeriod => "entry-closed-period",
            EntryError::FutureDate => "entry-future-date",
            EntryError::UnknownAccount => "entry-unknown-account",
            EntryError::GroupAccount => "entry-group-account",
            EntryError::Overflow => "entry-overflow",
        }
    }
}

/// True for a real calendar date written YYYY-MM-DD.
pub fn valid_date(s: &str) -> bool {
    s.len() == 10 && crate::db::parse_day(s).is_some()
}

/// Whether the journal may reverse an entry of this source. Entries that a capability keeps
/// its own records for (a loan's schedule, the year-end, interest runs) are corrected
/// there, or its records and the books would disagree.
pub fn reversible_here(source: &str) -> bool {
    !(source.starts_with("loan-") || matches!(source, "surplus" | "year-end" | "savings-interest"))
}

/// Checks the shape of an entry: a description, a date, two or more non-zero postings that
/// sum to zero, and no date on or before `closed_through`.
pub fn check(entry: &NewEntry, closed_through: Option<&str>, today: &str) -> Result<(), EntryError> {
    if entry.description.trim().is_empty() {
        return Err(EntryError::EmptyDescription);
    }
    if !valid_date(&entry.date) {
        return Err(EntryError::BadDate);
    }
    if closed_through.is_some_and(|c| entry.date.as_str() <= c) {
        return Err(EntryError::ClosedPeriod);
    }
    if entry.date.as_str() > today && !entry.planned {
        return Err(EntryError::FutureDate);
    }
    if entry.postings.len() < 2 {
        return Err(EntryError::TooFewPostings);
    }
    if entry.postings.iter().any(|p| p.amount == 0) {
        return Err(EntryError::ZeroAmount);
    }
    // A single posting within the ceiling; a big entry's postings (a collection day with
    // thousands of members) may sum past it, but never past what an i64 holds.
    if entry
        .postings
        .iter()
        .any(|p| p.amount.unsigned_abs() > crate::money::MAX_MINOR as u64)
    {
        return Err(EntryError::Overflow);
    }
    let mut sum: i64 = 0;
    for p in &entry.postings {
        sum = sum.checked_add(p.amount).ok_or(EntryError::Overflow)?;
    }
    if sum != 0 {
        return Err(EntryError::Unbalanced);
    }
    Ok(())
}

/// The postings that undo an entry.
pub fn reversal(postings: &[Posting]) -> Vec<Posting> {
    postings
        .iter()
        .map(|p| Posting {
            account_id: p.account_id,
            amount: -p.amount,
        })
        .collect()
}

/// The content of a stored entry that its hash covers.
#[derive(Debug, Clone)]
pub struct HashedContent<'a> {
    pub org_id: i64,
    pub seq: i64,
    pub date: &'a str,
    pub description: &'a str,
    pub currency: &'a str,
    pub source: &'a str,
    pub source_id: Option<i64>,
    pub reverses_id: Option<i64>,
    /// (account code, amount), in the order stored.
    pub postings: Vec<(String, i64)>,
    pub prev_hash: &'a str,
}

/// The hash of the first entry's predecessor.
pub const GENESIS: &str = "genesis";

/// SHA-256 over the entry's content and its predecessor's hash, hex.
pub fn entry_hash(c: &HashedContent<'_>) -> String {
    let mut h = Sha256::new();
    let opt = |v: Option<i64>| v.map(|x| x.to_string()).unwrap_or_default();
    for part in [
        c.org_id.to_string(),
        c.seq.to_string(),
        c.date.to_string(),
        c.description.to_string(),
        c.currency.to_string(),
        c.source.to_string(),
        opt(c.source_id),
        opt(c.reverses_id),
    ] {
        h.update(part.as_bytes());
        h.update([0x1f]);
    }
    for (code, amount) in &c.postings {
        h.update(code.as_bytes());
        h.update(b"=");
        h.update(amount.to_string().as_bytes());
        h.update([0x1e]);
    }
    h.update(c.prev_hash.as_bytes());
    h.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

/// Where money comes in to or goes out of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Till {
    Cash,
    Bank,
    MobileMoney,
}

impl Till {
    pub const ALL: [Till; 3] = [Till::Cash, Till::Bank, Till::MobileMoney];
    pub fn code(self) -> &'static str {
        match self {
            Till::Cash => "1100",
            Till::Bank => "1110",
            Till::MobileMoney => "1120",
        }
    }
    pub fn as_str(self) -> &'static str {
        match self {
            Till::Cash => "cash",
            Till::Bank => "bank",
            Till::MobileMoney => "mobile_money",
        }
    }
    pub fn parse(s: &str) -> Option<Till> {
        Till::ALL.into_iter().find(|t| t.as_str() == s)
    }
    /// Why a payment beyond what the till holds is refused.
    pub fn short(self) -> &'static str {
        match self {
            Till::MobileMoney => "till-short-mobile-money",
            _ => "till-short-cash",
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            Till::Cash => "acct-cash",
            Till::Bank => "acct-bank",
            Till::MobileMoney => "acct-mobile-money",
        }
    }
}

/// What money in or out of the cash book was for, in a treasurer's words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Purpose {
    pub key: &'static str,
    /// Money coming in (true) or going out.
    pub incoming: bool,
    /// The account on the other side of the till.
    pub counter: &'static str,
    /// The counter account is the member's own sub-account.
    pub member: bool,
}

const fn purpose(key: &'static str, incoming: bool, counter: &'static str, member: bool) -> Purpose {
    Purpose {
        key,
        incoming,
        counter,
        member,
    }
}

pub const PURPOSES: &[Purpose] = &[
    purpose("saving-deposit", true, "2100", true),
    purpose("share-payment", true, "3100", true),
    purpose("loan-repayment", true, "1400", true),
    purpose("member-pays-dues", true, "1300", true),
    purpose("market-sale", true, "4100", false),
    purpose("buyer-pays", true, "1310", false),
    purpose("fee-received", true, "4400", false),
    purpose("grant-received", true, "4500", false),
    purpose("saving-withdrawal", false, "2100", true),
    purpose("pay-member", false, "2210", true),
    purpose("pay-supplier", false, "2200", false),
    purpose("materials-bought", false, "5100", false),
    purpose("rent-paid", false, "5300", false),
    purpose("transport-paid", false, "5400", false),
    purpose("training-paid", false, "5500", false),
];

impl Purpose {
    pub fn find(key: &str) -> Option<Purpose> {
        PURPOSES.iter().copied().find(|p| p.key == key)
    }
    pub fn label(&self) -> String {
        format!("purpose-{}", self.key)
    }
}

/// The two postings of a cash-book line: the till and the counter account.
pub fn cashbook_postings(purpose: Purpose, till_account: i64, counter_account: i64, amount: i64) -> Vec<Posting> {
    let sign = if purpose.incoming { 1 } else { -1 };
    vec![
        Posting {
            account_id: till_account,
            amount: sign * amount,
        },
        Posting {
            account_id: counter_account,
            amount: -sign * amount,
        },
    ]
}

/// An account's balance in its normal direction (a credit balance of a liability is positive).
pub fn normal_balance(kind: AccountKind, debit_minus_credit: i64) -> i64 {
    if kind.debit_normal() {
        debit_minus_credit
    } else {
        -debit_minus_credit
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn entry(amounts: &[i64]) -> NewEntry {
        NewEntry {
            date: "2026-03-31".into(),
            description: "Thread for March".into(),
            source: "journal",
            source_id: None,
            reverses_id: None,
            planned: false,
            postings: amounts
                .iter()
                .enumerate()
                .map(|(i, a)| Posting {
                    account_id: i as i64 + 1,
                    amount: *a,
                })
                .collect(),
        }
    }

    #[test]
    fn a_balanced_entry_is_accepted() {
        assert_eq!(check(&entry(&[500, -300, -200]), None, "2026-12-31"), Ok(()));
    }

    #[test]
    fn unbalanced_zero_and_lonely_entries_are_refused() {
        assert_eq!(
            check(&entry(&[500, -499]), None, "2026-12-31"),
            Err(EntryError::Unbalanced)
        );
        assert_eq!(
            check(&entry(&[500, 0, -500]), None, "2026-12-31"),
            Err(EntryError::ZeroAmount)
        );
        assert_eq!(
            check(&entry(&[500]), None, "2026-12-31"),
            Err(EntryError::TooFewPostings)
        );
        assert_eq!(
            check(&entry(&[i64::MAX, 1, -1]), None, "2026-12-31"),
            Err(EntryError::Overflow)
        );
    }

    #[test]
    fn closed_periods_refuse_entries_on_or_before_their_end() {
        let e = entry(&[100, -100]);
        assert_eq!(
            check(&e, Some("2026-03-31"), "2026-12-31"),
            Err(EntryError::ClosedPeriod)
        );
        assert_eq!(check(&e, Some("2026-03-30"), "2026-12-31"), Ok(()));
        let mut bad = e.clone();
        bad.date = "2026-02-30".into();
        assert_eq!(check(&bad, None, "2026-12-31"), Err(EntryError::BadDate));
    }

    #[test]
    fn an_entry_after_today_is_refused_unless_planned() {
        let mut e = entry(&[100, -100]);
        e.date = "2027-01-01".into();
        assert_eq!(check(&e, None, "2026-12-31"), Err(EntryError::FutureDate));
        e.planned = true;
        assert_eq!(check(&e, None, "2026-12-31"), Ok(()));
        e.date = "2026-12-31".into();
        e.planned = false;
        assert_eq!(check(&e, None, "2026-12-31"), Ok(()));
    }

    #[test]
    fn the_chart_is_a_tree_of_consistent_kinds() {
        for a in CHART {
            if let Some(p) = a.parent {
                let parent = CHART.iter().find(|x| x.code == p).expect("parent exists");
                assert_eq!(parent.kind, a.kind, "{} sits under an account of its kind", a.code);
            }
        }
    }

    #[test]
    fn the_hash_changes_with_any_content() {
        let base = HashedContent {
            org_id: 1,
            seq: 1,
            date: "2026-01-01",
            description: "Share payment",
            currency: "INR",
            source: "cashbook",
            source_id: None,
            reverses_id: None,
            postings: vec![("1100".into(), 10_000), ("3100-M1".into(), -10_000)],
            prev_hash: GENESIS,
        };
        let h = entry_hash(&base);
        let mut changed = base.clone();
        changed.postings[0].1 = 10_001;
        assert_ne!(entry_hash(&changed), h);
        let mut changed = base.clone();
        changed.prev_hash = "x";
        assert_ne!(entry_hash(&changed), h);
        assert_eq!(entry_hash(&base.clone()), h);
    }

    proptest! {
        #[test]
        fn a_reversal_always_balances_what_it_reverses(amounts in proptest::collection::vec(-1_000_000i64..1_000_000, 1..8)) {
            let mut postings: Vec<Posting> = amounts.iter().filter(|a| **a != 0).enumerate()
                .map(|(i, a)| Posting { account_id: i as i64, amount: *a }).collect();
            let sum: i64 = postings.iter().map(|p| p.amount).sum();
            if sum != 0 { postings.push(Posting { account_id: 99, amount: -sum }); }
            let both: i64 = postings.iter().chain(reversal(&postings).iter()).map(|p| p.amount).sum();
            prop_assert_eq!(both, 0);
        }

        #[test]
        fn cashbook_lines_always_balance(amount in 1i64..1_000_000_000, i in 0usize..16) {
            let p = PURPOSES[i % PURPOSES.len()];
            let ps = cashbook_postings(p, 1, 2, amount);
            prop_assert_eq!(ps.iter().map(|x| x.amount).sum::<i64>(), 0);
            prop_assert_eq!(ps[0].amount > 0, p.incoming);
        }
    }
}
