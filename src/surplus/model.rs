//! Sharing the year's surplus as cooperative law asks: the statutory reserve, the education
//! fund, limited interest on paid-up shares, and the rest back to members in proportion to
//! their dealings with the cooperative (patronage). Integers only; every minor unit lands
//! somewhere.

/// The general assembly's decision for one year, in basis points.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rule {
    pub reserve_bp: i64,
    pub education_bp: i64,
    /// Yearly interest on paid-up shares (capped by what is left after the funds).
    pub share_interest_bp: i64,
}

/// How a year's surplus is shared.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Allocation {
    pub surplus: i64,
    pub reserve: i64,
    pub education: i64,
    /// (member, interest on her shares)
    pub share_interest: Vec<(i64, i64)>,
    /// (member, patronage refund)
    pub refunds: Vec<(i64, i64)>,
    /// What could not be shared (no dealings at all); it stays undistributed.
    pub undistributed: i64,
}

fn part(amount: i64, bp: i64) -> i64 {
    i64::try_from(i128::from(amount) * i128::from(bp) / 10_000).unwrap_or(0)
}

/// A statutory fund's share, rounded up: the law says "not less than 25 %", so the
/// fund is never a fraction of a minor unit short.
fn at_least(amount: i64, bp: i64) -> i64 {
    let n = i128::from(amount) * i128::from(bp);
    i64::try_from((n + 9_999).div_euclid(10_000)).unwrap_or(0)
}

/// Shares `total` in proportion to `weights` by the largest-remainder method, so the
/// parts add up to `total` exactly. Members with no weight get nothing.
pub fn proportional(total: i64, weights: &[(i64, i64)]) -> Vec<(i64, i64)> {
    let sum: i128 = weights.iter().map(|(_, w)| i128::from((*w).max(0))).sum();
    if total <= 0 || sum == 0 {
        return vec![];
    }
    let mut parts: Vec<(i64, i64, i128)> = weights
        .iter()
        .filter(|(_, w)| *w > 0)
        .map(|(m, w)| {
            let exact = i128::from(total) * i128::from(*w);
            (*m, i64::try_from(exact / sum).unwrap_or(0), exact % sum)
        })
        .collect();
    let mut left = total - parts.iter().map(|(_, p, _)| p).sum::<i64>();
    let mut order: Vec<usize> = (0..parts.len()).collect();
    order.sort_by(|a, b| parts[*b].2.cmp(&parts[*a].2).then(parts[*a].0.cmp(&parts[*b].0)));
    for i in order {
        if left == 0 {
            break;
        }
        parts[i].1 += 1;
        left -= 1;
    }
    parts
        .into_iter()
        .map(|(m, p, _)| (m, p))
        .filter(|(_, p)| *p > 0)
        .collect()
}

/// Shares a surplus. `shares` are members' paid-up shares, `dealings` their patronage.
/// A deficit (surplus ≤ 0) is not shared.
pub fn allocate(surplus: i64, rule: Rule, shares: &[(i64, i64)], dealings: &[(i64, i64)]) -> Allocation {
    if surplus <= 0 {
        return Allocation {
            surplus,
            ..Default::default()
        };
    }
    let reserve = at_least(surplus, rule.reserve_bp).min(surplus);
    let education = at_least(surplus, rule.education_bp).min(surplus - reserve);
    let after_funds = surplus - reserve - education;
    let wanted: i64 = shares
        .iter()
        .map(|(_, s)| part((*s).max(0), rule.share_interest_bp))
        .sum();
    // When the interest asked for is more than what is left, it is scaled down.
    let interest_total = wanted.min(after_funds.max(0));
    let share_interest = if wanted == interest_total {
        shares
            .iter()
            .map(|(m, s)| (*m, part((*s).max(0), rule.share_interest_bp)))
            .filter(|(_, v)| *v > 0)
            .collect()
    } else {
        proportional(interest_total, shares)
    };
    let for_refunds = after_funds - interest_total;
    let refunds = proportional(for_refunds, dealings);
    let refunded: i64 = refunds.iter().map(|(_, v)| v).sum();
    Allocation {
        surplus,
        reserve,
        education,
        share_interest,
        refunds,
        undistributed: for_refunds - refunded,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn an_indian_cooperative_keeps_a_quarter_and_returns_the_rest() {
        // ₹10,000 surplus: 25 % reserve, 1 % education, 5 % on shares of ₹1,000 and ₹3,000,
        // the rest by purchases of ₹600 and ₹200.
        let rule = Rule {
            reserve_bp: 2_500,
            education_bp: 100,
            share_interest_bp: 500,
        };
        let a = allocate(
            1_000_000,
            rule,
            &[(1, 100_000), (2, 300_000)],
            &[(1, 60_000), (2, 20_000)],
        );
        assert_eq!(a.reserve, 250_000);
        assert_eq!(a.education, 10_000);
        assert_eq!(a.share_interest, vec![(1, 5_000), (2, 15_000)]);
        assert_eq!(a.refunds, vec![(1, 540_000), (2, 180_000)]);
        assert_eq!(a.undistributed, 0);
    }

    #[test]
    fn interest_on_shares_is_capped_by_what_is_left() {
        let rule = Rule {
            reserve_bp: 9_000,
            education_bp: 0,
            share_interest_bp: 10_000,
        };
        let a = allocate(1_000, rule, &[(1, 1_000), (2, 3_000)], &[(1, 1)]);
        assert_eq!(a.share_interest.iter().map(|(_, v)| v).sum::<i64>(), 100);
        assert!(a.refunds.is_empty());
    }

    #[test]
    fn a_deficit_is_not_shared() {
        let a = allocate(
            -500,
            Rule {
                reserve_bp: 2_500,
                education_bp: 100,
                share_interest_bp: 0,
            },
            &[],
            &[],
        );
        assert_eq!((a.reserve, a.education), (0, 0));
        assert!(a.refunds.is_empty());
    }

    #[test]
    fn the_reserve_is_never_half_a_paisa_under_the_minimum() {
        // 25 % of ₹1,234.58 is ₹308.645: the reserve takes ₹308.65.
        let a = allocate(
            123_458,
            Rule {
                reserve_bp: 2_500,
                education_bp: 100,
                share_interest_bp: 0,
            },
            &[],
            &[],
        );
        assert_eq!(a.reserve, 30_865);
        assert_eq!(a.education, 1_235);
    }

    proptest! {
        #[test]
        fn every_minor_unit_lands_somewhere(
            surplus in -1_000i64..100_000_000,
            reserve in 0i64..5_000, education in 0i64..2_000, interest in 0i64..2_000,
            shares in proptest::collection::vec(0i64..1_000_000, 0..20),
            dealings in proptest::collection::vec(0i64..1_000_000, 0..20),
        ) {
            let shares: Vec<(i64, i64)> = shares.into_iter().enumerate().map(|(i, s)| (i as i64, s)).collect();
            let dealings: Vec<(i64, i64)> = dealings.into_iter().enumerate().map(|(i, d)| (i as i64, d)).collect();
            let a = allocate(surplus, Rule { reserve_bp: reserve, education_bp: education, share_interest_bp: interest }, &shares, &dealings);
            if surplus > 0 {
                let total = a.reserve + a.education + a.undistributed
                    + a.share_interest.iter().map(|(_, v)| v).sum::<i64>()
                    + a.refunds.iter().map(|(_, v)| v).sum::<i64>();
                prop_assert_eq!(total, surplus);
                prop_assert!(a.refunds.iter().all(|(_, v)| *v > 0));
                // The statutory funds are never below their legal minimum.
                prop_assert!(i128::from(a.reserve) * 10_000 >= i128::from(surplus) * i128::from(reserve));
                prop_assert!(i128::from(a.education) * 10_000 >= i128::from(surplus) * i128::from(education));
            }
        }

        #[test]
        fn more_dealings_never_mean_a_smaller_refund(total in 1i64..10_000_000, a in 1i64..1_000_000, b in 1i64..1_000_000) {
            let parts = proportional(total, &[(1, a), (2, b)]);
            let get = |m: i64| parts.iter().find(|(x, _)| *x == m).map_or(0, |(_, v)| *v);
            if a > b { prop_assert!(get(1) >= get(2)); }
            prop_assert_eq!(parts.iter().map(|(_, v)| v).sum::<i64>(), total);
        }
    }
}
