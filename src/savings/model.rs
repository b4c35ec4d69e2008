//! The rules of savings, without I/O: when a withdrawal may be paid, and interest on
//! daily balances.

use time::{Date, Duration};

/// The bylaws' savings rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rules {
    /// What must stay in the account, in minor units.
    pub min_balance: i64,
    /// Days between giving notice and withdrawing (0 = no notice needed).
    pub notice_days: i64,
}

/// A notice a member gave and has not used yet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Notice {
    pub id: i64,
    pub given_on: Date,
    pub amount: i64,
}

/// Why a withdrawal cannot be paid, as a message id.
pub type Refusal = &'static str;

/// May `amount` leave an account holding `balance` on `date`? When the bylaws ask for
/// notice, the answer names the notice the withdrawal uses up: the oldest one that has
/// run its days and covers the amount.
pub fn check_withdrawal(
    rules: Rules,
    balance: i64,
    amount: i64,
    date: Date,
    notices: &[Notice],
) -> Result<Option<i64>, Refusal> {
    if amount <= 0 {
        return Err("amount-not-positive");
    }
    if amount > balance {
        return Err("savings-insufficient");
    }
    if balance - amount < rules.min_balance {
        return Err("savings-below-minimum");
    }
    if rules.notice_days <= 0 {
        return Ok(None);
    }
    let covering = notices.iter().filter(|n| n.amount >= amount);
    let due = covering
        .clone()
        .filter(|n| n.given_on + Duration::days(rules.notice_days) <= date)
        .min_by_key(|n| (n.given_on, n.id));
    match due {
        Some(n) => Ok(Some(n.id)),
        None if covering.clone().next().is_some() => Err("savings-notice-not-due"),
        None => Err("savings-notice-needed"),
    }
}

/// Interest on each day's closing balance from `from` through `through`, at a yearly rate
/// in basis points over a 365-day year, summed and rounded down to the minor unit (the
/// saver never gets a fraction the organisation did not earn). `changes` are the
/// account's movements in its normal direction, in date order; those dated before `from`
/// make up the opening balance. A negative balance earns nothing.
pub fn interest(changes: &[(Date, i64)], from: Date, through: Date, rate_bp: i64) -> i64 {
    if through < from || rate_bp <= 0 {
        return 0;
    }
    let mut balance: i64 = changes.iter().filter(|(d, _)| *d < from).map(|(_, a)| a).sum();
    let mut since = from;
    let mut balance_days: i128 = 0;
    for (d, amount) in changes.iter().filter(|(d, _)| *d >= from && *d <= through) {
        balance_days += i128::from(balance.max(0)) * i128::from((*d - since).whole_days());
        balance += amount;
        since = *d;
    }
    balance_days += i128::from(balance.max(0)) * i128::from((through - since).whole_days() + 1);
    i64::try_from(balance_days * i128::from(rate_bp) / (10_000 * 365)).unwrap_or(i64::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use time::macros::date;

    const RULES: Rules = Rules {
        min_balance: 10_000,
        notice_days: 7,
    };

    #[test]
    fn withdrawals_respect_balance_minimum_and_notice() {
        let d = date!(2026 - 06 - 15);
        let plain = Rules {
            min_balance: 0,
            notice_days: 0,
        };
        assert_eq!(check_withdrawal(plain, 5_000, 5_000, d, &[]), Ok(None));
        assert_eq!(
            check_withdrawal(plain, 5_000, 5_001, d, &[]),
            Err("savings-insufficient")
        );
        assert_eq!(check_withdrawal(plain, 5_000, 0, d, &[]), Err("amount-not-positive"));
        assert_eq!(
            check_withdrawal(RULES, 50_000, 45_000, d, &[]),
            Err("savings-below-minimum")
        );
        assert_eq!(
            check_withdrawal(RULES, 50_000, 40_000, d, &[]),
            Err("savings-notice-needed")
        );
        let early = Notice {
            id: 1,
            given_on: date!(2026 - 06 - 01),
            amount: 40_000,
        };
        let late = Notice {
            id: 2,
            given_on: date!(2026 - 06 - 10),
            amount: 40_000,
        };
        assert_eq!(
            check_withdrawal(RULES, 50_000, 40_000, d, &[late]),
            Err("savings-notice-not-due")
        );
        assert_eq!(check_withdrawal(RULES, 50_000, 40_000, d, &[late, early]), Ok(Some(1)));
        // Exactly seven days after the notice is soon enough.
        assert_eq!(
            check_withdrawal(RULES, 50_000, 40_000, date!(2026 - 06 - 17), &[late]),
            Ok(Some(2))
        );
        // A notice for less does not cover more.
        assert_eq!(
            check_withdrawal(RULES, 50_000, 40_000, d, &[Notice { amount: 1_000, ..early }]),
            Err("savings-notice-needed")
        );
    }

    #[test]
    fn interest_counts_each_days_closing_balance() {
        // ₹1,000 all year at 4 %: ₹40.
        let year = [(date!(2025 - 12 - 01), 100_000)];
        assert_eq!(
            interest(&year, date!(2026 - 01 - 01), date!(2026 - 12 - 31), 400),
            4_000
        );
        // Deposited on the last day: one day of interest, rounded down.
        let late = [(date!(2026 - 12 - 31), 100_000)];
        assert_eq!(interest(&late, date!(2026 - 01 - 01), date!(2026 - 12 - 31), 400), 10);
        // Half the year with ₹1,000, then withdrawn: 181 days of 365.
        let half = [(date!(2025 - 12 - 01), 100_000), (date!(2026 - 07 - 01), -100_000)];
        assert_eq!(
            interest(&half, date!(2026 - 01 - 01), date!(2026 - 12 - 31), 400),
            100_000 * 181 * 400 / (10_000 * 365)
        );
        assert_eq!(interest(&year, date!(2026 - 01 - 01), date!(2026 - 12 - 31), 0), 0);
        assert_eq!(interest(&year, date!(2026 - 12 - 31), date!(2026 - 01 - 01), 400), 0);
    }

    proptest! {
        #[test]
        fn interest_is_never_more_than_the_highest_balance_earns(
            moves in proptest::collection::vec((0i64..400, -50_000i64..100_000), 0..30),
            rate in 0i64..2_000,
        ) {
            let start = date!(2025 - 12 - 01);
            let mut changes: Vec<(Date, i64)> = moves.iter().map(|(d, a)| (start + Duration::days(*d), *a)).collect();
            changes.sort_by_key(|(d, _)| *d);
            let (from, through) = (date!(2026 - 01 - 01), date!(2026 - 12 - 31));
            let mut running = 0i64;
            let mut highest = 0i64;
            for (_, a) in &changes { running += a; highest = highest.max(running); }
            let got = interest(&changes, from, through, rate);
            prop_assert!(got >= 0);
            prop_assert!(got <= highest * rate / 10_000);
            // More money never earns less.
            let mut more = changes.clone();
            more.insert(0, (start, 10_000));
            prop_assert!(interest(&more, from, through, rate) >= got);
        }
    }
}
