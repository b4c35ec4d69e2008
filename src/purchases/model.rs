//! The rules of buying together: packs from requests, fair allocation, charges and
//! savings. Integers only; every ordered unit goes to a member or to stock.

/// How units are shared when there are fewer than asked for, or extras to hand out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rule {
    /// Earlier requests are served first, in full.
    FirstCome,
    /// Everyone gets the same share of what she asked; leftover units go one by one to
    /// the largest remainders, earlier requests first on a tie.
    Proportional,
}

impl Rule {
    pub const ALL: [Rule; 2] = [Rule::FirstCome, Rule::Proportional];
    pub fn as_str(self) -> &'static str {
        match self {
            Rule::FirstCome => "first_come",
            Rule::Proportional => "proportional",
        }
    }
    pub fn parse(s: &str) -> Option<Rule> {
        Rule::ALL.into_iter().find(|r| r.as_str() == s.trim())
    }
    pub fn label(self) -> &'static str {
        match self {
            Rule::FirstCome => "round-rule-first-come",
            Rule::Proportional => "round-rule-proportional",
        }
    }
}

/// One member's request for one article, in units, in the order requests came in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Request {
    pub member: i64,
    pub quantity: i64,
    /// How many more units she would accept to complete a pack.
    pub tolerance: i64,
}

/// Whole packs to order: the plain quantities first; a pack they fill only in part is
/// completed from the tolerances, or else kept (the extra going to stock) or dropped as
/// the coordinator chose. Tolerances complete a pack; they never start one.
pub fn packs(plain: i64, tolerance: i64, pack_size: i64, keep_partial: bool) -> i64 {
    if pack_size <= 0 || plain <= 0 {
        return 0;
    }
    let full = plain / pack_size;
    let rest = plain % pack_size;
    if rest > 0 && (rest + tolerance >= pack_size || keep_partial) {
        full + 1
    } else {
        full
    }
}

/// Shares `available` units among capacities by the rule; returns each one's units.
fn share(capacity: &[i64], available: i64, rule: Rule) -> Vec<i64> {
    let total: i64 = capacity.iter().sum();
    let available = available.clamp(0, total);
    let mut out = vec![0; capacity.len()];
    match rule {
        Rule::FirstCome => {
            let mut left = available;
            for (o, c) in out.iter_mut().zip(capacity) {
                *o = (*c).min(left);
                left -= *o;
            }
        }
        Rule::Proportional => {
            if total == 0 {
                return out;
            }
            let mut remainders = vec![];
            let mut given = 0;
            for (i, c) in capacity.iter().enumerate() {
                let exact = i128::from(*c) * i128::from(available);
                let whole = i64::try_from(exact / i128::from(total)).unwrap_or(0);
                out[i] = whole;
                given += whole;
                remainders.push((exact % i128::from(total), i));
            }
            // Largest remainder first; on a tie the earlier request.
            remainders.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
            for (_, i) in remainders
                .into_iter()
                .take(usize::try_from(available - given).unwrap_or(0))
            {
                out[i] += 1;
            }
        }
    }
    out
}

/// Shares the units of one article among the requests: plain quantities first by the
/// rule, then any units beyond them to the tolerances by the same rule. Returns each
/// request's units and what goes to stock.
pub fn allocate(requests: &[Request], units: i64, rule: Rule) -> (Vec<i64>, i64) {
    let plain: Vec<i64> = requests.iter().map(|r| r.quantity.max(0)).collect();
    let mut out = share(&plain, units, rule);
    let extra = units - out.iter().sum::<i64>();
    if extra > 0 {
        let tolerance: Vec<i64> = requests.iter().map(|r| r.tolerance.max(0)).collect();
        for (o, t) in out.iter_mut().zip(share(&tolerance, extra, rule)) {
            *o += t;
        }
    }
    let stock = units - out.iter().sum::<i64>();
    (out, stock)
}

/// A request changed from `was` to `now`: what of it is a raise, and the raise's place.
/// More than before adds to the raise, which moves to the back of the queue (`next`);
/// less takes from the raise first, so her first quantity keeps its place longest.
pub fn raise(was: i64, raised: i64, raised_seq: Option<i64>, now: i64, next: i64) -> (i64, Option<i64>) {
    let raised = raised.clamp(0, was.max(0));
    if now > was {
        (raised + (now - was), Some(next))
    } else {
        let left = (raised - (was - now)).max(0);
        (left, if left > 0 { raised_seq } else { None })
    }
}

/// Units allocated to request pieces, summed per member, in the order she first appears.
pub fn per_member(requests: &[Request], units: &[i64]) -> Vec<(i64, i64)> {
    let mut out: Vec<(i64, i64)> = vec![];
    for (r, u) in requests.iter().zip(units) {
        match out.iter_mut().find(|(m, _)| *m == r.member) {
            Some((_, total)) => *total += u,
            None => out.push((r.member, *u)),
        }
    }
    out
}

/// Cost of `units` at a pack price, to the minor unit, rounded half up.
pub fn cost(units: i64, pack_price: i64, pack_size: i64) -> i64 {
    if pack_size <= 0 {
        return 0;
    }
    let n = i128::from(units) * i128::from(pack_price);
    let d = i128::from(pack_size);
    i64::try_from((2 * n + d) / (2 * d)).unwrap_or(i64::MAX)
}

/// The organisation's handling margin on a cost, in basis points, rounded half up.
pub fn margin(cost: i64, margin_bp: i64) -> i64 {
    i64::try_from((i128::from(cost) * i128::from(margin_bp) * 2 + 10_000) / 20_000).unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn r(member: i64, quantity: i64, tolerance: i64) -> Request {
        Request {
            member,
            quantity,
            tolerance,
        }
    }

    #[test]
    fn packs_fill_from_plain_quantities_then_tolerances() {
        // Reels come in boxes of 10.
        assert_eq!(packs(20, 0, 10, false), 2);
        assert_eq!(
            packs(23, 6, 10, false),
            2,
            "3 left over and 6 tolerated do not make a box"
        );
        assert_eq!(packs(23, 7, 10, false), 3, "7 tolerated complete the third box");
        assert_eq!(packs(23, 0, 10, true), 3, "kept: 7 reels to stock");
        assert_eq!(packs(0, 30, 10, true), 0, "tolerances never start a pack");
    }

    #[test]
    fn a_raise_queues_behind_requests_made_before_it() {
        // She asks 1 first, then raises to 12 after another member asked 6.
        let (raised, seq) = raise(1, 0, None, 12, 3);
        assert_eq!((raised, seq), (11, Some(3)));
        // Lowering takes from the raise first.
        assert_eq!(raise(12, 11, Some(3), 5, 4), (4, Some(3)));
        assert_eq!(raise(12, 11, Some(3), 1, 4), (0, None));
        assert_eq!(raise(12, 11, Some(3), 0, 4), (0, None));
        // Pieces in queue order: hers (1), the other's (6), her raise (11); 10 units.
        let reqs = [r(1, 1, 0), r(2, 6, 0), r(1, 11, 0)];
        let (units, _) = allocate(&reqs, 10, Rule::FirstCome);
        assert_eq!(per_member(&reqs, &units), vec![(1, 4), (2, 6)]);
    }

    #[test]
    fn first_come_serves_earlier_requests_in_full() {
        let reqs = [r(1, 6, 0), r(2, 6, 0), r(3, 6, 0)];
        assert_eq!(allocate(&reqs, 10, Rule::FirstCome), (vec![6, 4, 0], 0));
    }

    #[test]
    fn proportional_shares_by_largest_remainder() {
        let reqs = [r(1, 6, 0), r(2, 6, 0), r(3, 6, 0)];
        assert_eq!(allocate(&reqs, 10, Rule::Proportional), (vec![4, 3, 3], 0));
        let reqs = [r(1, 5, 0), r(2, 15, 0)];
        assert_eq!(
            allocate(&reqs, 10, Rule::Proportional),
            (vec![3, 7], 0),
            "2.5 and 7.5: the tie goes to the earlier"
        );
    }

    #[test]
    fn extra_units_go_to_tolerances_then_to_stock() {
        let reqs = [r(1, 8, 2), r(2, 5, 5)];
        assert_eq!(allocate(&reqs, 20, Rule::FirstCome), (vec![10, 10], 0));
        assert_eq!(allocate(&reqs, 30, Rule::FirstCome), (vec![10, 10], 10));
        assert_eq!(
            allocate(&reqs, 16, Rule::Proportional),
            (vec![9, 7], 0),
            "3 extra shared 2:5, remainders decide"
        );
    }

    #[test]
    fn charges_round_half_up_to_the_minor_unit() {
        // A box of 12 reels for ₹250.00: 5 reels cost ₹104.17.
        assert_eq!(cost(5, 25_000, 12), 10_417);
        assert_eq!(margin(10_417, 500), 521);
        assert_eq!(cost(0, 25_000, 12), 0);
    }

    proptest! {
        /// No member gets more than she asked plus her tolerance; every unit goes to a
        /// member or to stock; tolerances are touched only once plain requests are full,
        /// and stock only once tolerances are full.
        #[test]
        fn allocation_is_fair_and_exact(
            asks in proptest::collection::vec((0i64..40, 0i64..15), 1..30),
            units in 0i64..800,
            proportional in any::<bool>(),
        ) {
            let reqs: Vec<Request> = asks.iter().enumerate().map(|(i, (q, t))| r(i as i64, *q, *t)).collect();
            let rule = if proportional { Rule::Proportional } else { Rule::FirstCome };
            let (got, stock) = allocate(&reqs, units, rule);
            prop_assert_eq!(got.iter().sum::<i64>() + stock, units);
            prop_assert!(stock >= 0);
            let plain: i64 = reqs.iter().map(|r| r.quantity).sum();
            for (g, r) in got.iter().zip(&reqs) {
                prop_assert!(*g >= 0 && *g <= r.quantity + r.tolerance);
                if units <= plain {
                    prop_assert!(*g <= r.quantity);
                } else {
                    prop_assert!(*g >= r.quantity);
                }
            }
            if stock > 0 {
                prop_assert!(got.iter().zip(&reqs).all(|(g, r)| *g == r.quantity + r.tolerance));
            }
        }

        /// Packs never hold less than the plain quantities minus one pack, and the units
        /// beyond the plain quantities are within the tolerances unless kept for stock.
        #[test]
        fn packs_cover_requests(plain in 0i64..500, tolerance in 0i64..50, size in 1i64..50, keep in any::<bool>()) {
            let p = packs(plain, tolerance, size, keep);
            prop_assert!(p * size > plain - size);
            if !keep && p * size > plain {
                prop_assert!(p * size - plain <= tolerance);
            }
        }
    }
}
