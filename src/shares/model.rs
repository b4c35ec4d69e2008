//! The rules of share capital. No I/O.

use crate::orgs::model::Bylaws;

/// What a register line does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Operation {
    /// She takes up more shares; no money moves yet.
    Subscription,
    /// She pays (part of) what she subscribed; posts an entry.
    Payment,
    /// Paid-up shares pass to another member; posts an entry.
    Transfer,
    /// The organisation buys back paid-up shares; posts an entry.
    Redemption,
}

impl Operation {
    pub const ALL: [Operation; 4] = [
        Operation::Subscription,
        Operation::Payment,
        Operation::Transfer,
        Operation::Redemption,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            Operation::Subscription => "subscription",
            Operation::Payment => "payment",
            Operation::Transfer => "transfer",
            Operation::Redemption => "redemption",
        }
    }
    pub fn parse(s: &str) -> Option<Operation> {
        Operation::ALL.into_iter().find(|o| o.as_str() == s.trim())
    }
    pub fn label(self) -> &'static str {
        match self {
            Operation::Subscription => "share-op-subscription",
            Operation::Payment => "share-op-payment",
            Operation::Transfer => "share-op-transfer",
            Operation::Redemption => "share-op-redemption",
        }
    }
}

/// A member's shares: how many she holds and how much of them is paid, in minor units.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Holding {
    pub shares: i64,
    pub paid: i64,
}

impl Holding {
    /// What she still owes on the shares she subscribed.
    pub fn unpaid(self, par: i64) -> i64 {
        (self.shares.saturating_mul(par) - self.paid).max(0)
    }
    /// Shares fully paid up: only these can pass to another member or be bought back.
    pub fn paid_shares(self, par: i64) -> i64 {
        if par <= 0 {
            self.shares
        } else {
            (self.paid / par).min(self.shares)
        }
    }
}

/// Taking `more` shares: whole shares, her total within the bylaws' minimum and maximum.
pub fn check_subscription(b: &Bylaws, h: Holding, more: i64) -> Result<(), &'static str> {
    if more <= 0 {
        return Err("shares-count-invalid");
    }
    let total = h.shares.saturating_add(more);
    if total > b.max_shares {
        return Err("shares-over-max");
    }
    if total < b.min_shares {
        return Err("shares-under-min");
    }
    Ok(())
}

/// A payment on her subscribed shares: positive and no more than she owes.
pub fn check_payment(b: &Bylaws, h: Holding, amount: i64) -> Result<(), &'static str> {
    if amount <= 0 {
        return Err("amount-not-positive");
    }
    if h.unpaid(b.share_par_value) == 0 {
        return Err("shares-nothing-due");
    }
    if amount > h.unpaid(b.share_par_value) {
        return Err("shares-overpaid");
    }
    Ok(())
}

/// `n` paid-up shares passing from one member to another; the giver keeps the minimum
/// and the receiver stays within the maximum.
pub fn check_transfer(b: &Bylaws, from: Holding, to: Holding, n: i64) -> Result<(), &'static str> {
    if n <= 0 {
        return Err("shares-count-invalid");
    }
    if n > from.paid_shares(b.share_par_value) {
        return Err("shares-not-paid-up");
    }
    if from.shares - n < b.min_shares {
        return Err("shares-under-min");
    }
    if to.shares.saturating_add(n) > b.max_shares {
        return Err("shares-over-max");
    }
    Ok(())
}

/// The organisation buying back `n` paid-up shares; she keeps the minimum unless she leaves.
pub fn check_redemption(b: &Bylaws, h: Holding, n: i64, leaving: bool) -> Result<(), &'static str> {
    if n <= 0 {
        return Err("shares-count-invalid");
    }
    if !leaving && n > h.paid_shares(b.share_par_value) {
        return Err("shares-not-paid-up");
    }
    if !leaving && h.shares - n < b.min_shares {
        return Err("shares-under-min");
    }
    if n > h.shares {
        return Err("shares-count-invalid");
    }
    Ok(())
}

/// One line of an imported register: a member's holding on a date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportLine {
    /// The file's line number, from 2 (after the header).
    pub line: usize,
    pub member_number: String,
    pub date: String,
    pub shares: i64,
    pub paid: i64,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::orgs::model::default_bylaws;
    use proptest::prelude::*;

    fn bylaws() -> Bylaws {
        Bylaws {
            share_par_value: 10_000,
            min_shares: 2,
            max_shares: 10,
            ..default_bylaws()
        }
    }

    #[test]
    fn subscriptions_stay_within_the_bylaws() {
        let b = bylaws();
        assert_eq!(check_subscription(&b, Holding::default(), 1), Err("shares-under-min"));
        assert_eq!(check_subscription(&b, Holding::default(), 2), Ok(()));
        assert_eq!(
            check_subscription(&b, Holding { shares: 8, paid: 0 }, 3),
            Err("shares-over-max")
        );
        assert_eq!(check_subscription(&b, Holding { shares: 8, paid: 0 }, 2), Ok(()));
        assert_eq!(
            check_subscription(&b, Holding::default(), 0),
            Err("shares-count-invalid")
        );
    }

    #[test]
    fn payments_cover_what_is_owed_and_no_more() {
        let b = bylaws();
        let h = Holding {
            shares: 2,
            paid: 15_000,
        };
        assert_eq!(h.unpaid(b.share_par_value), 5_000);
        assert_eq!(check_payment(&b, h, 5_000), Ok(()));
        assert_eq!(check_payment(&b, h, 5_001), Err("shares-overpaid"));
        assert_eq!(check_payment(&b, h, 0), Err("amount-not-positive"));
        let full = Holding {
            shares: 2,
            paid: 20_000,
        };
        assert_eq!(check_payment(&b, full, 1), Err("shares-nothing-due"));
    }

    #[test]
    fn only_paid_up_shares_move_and_the_minimum_stays() {
        let b = bylaws();
        let from = Holding {
            shares: 4,
            paid: 25_000,
        };
        assert_eq!(from.paid_shares(b.share_par_value), 2);
        assert_eq!(
            check_transfer(&b, from, Holding::default(), 3),
            Err("shares-not-paid-up")
        );
        assert_eq!(check_transfer(&b, from, Holding::default(), 2), Ok(()));
        let rich = Holding {
            shares: 9,
            paid: 90_000,
        };
        assert_eq!(check_transfer(&b, rich, rich, 2), Err("shares-over-max"));
        assert_eq!(check_redemption(&b, rich, 8, false), Err("shares-under-min"));
        assert_eq!(check_redemption(&b, rich, 9, true), Ok(()));
        assert_eq!(check_redemption(&b, rich, 10, true), Err("shares-count-invalid"));
    }

    proptest! {
        /// Whatever is subscribed and paid in whatever order, a holding never owes a
        /// negative amount and never has more paid-up shares than shares.
        #[test]
        fn holdings_stay_consistent(ops in proptest::collection::vec((0u8..2, 1i64..5, 1i64..30_000), 0..40)) {
            let b = bylaws();
            let mut h = Holding::default();
            for (op, n, amount) in ops {
                match op {
                    0 => if check_subscription(&b, h, n).is_ok() { h.shares += n },
                    _ => if check_payment(&b, h, amount).is_ok() { h.paid += amount },
                }
                prop_assert!(h.shares <= b.max_shares);
                prop_assert!(h.paid <= h.shares * b.share_par_value);
                prop_assert!(h.paid_shares(b.share_par_value) <= h.shares);
                prop_assert_eq!(h.unpaid(b.share_par_value), h.shares * b.share_par_value - h.paid);
            }
        }
    }
}
