//! The rules of selling, without I/O: kinds of buyer, a sale's lines merged and totalled,
//! and the digest that tells a sale sent again from a sale changed under the same id.

use sha2::{Digest, Sha256};

/// Who a price is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BuyerKind {
    /// A neighbour, a passer-by at the stall, a guest on the shopfront.
    Retail,
    /// A shop buying to sell again.
    Wholesale,
    /// An NGO, a school, a hospital, a government office.
    Institution,
}

impl BuyerKind {
    pub const ALL: [BuyerKind; 3] = [BuyerKind::Retail, BuyerKind::Wholesale, BuyerKind::Institution];

    pub fn as_str(self) -> &'static str {
        match self {
            BuyerKind::Retail => "retail",
            BuyerKind::Wholesale => "wholesale",
            BuyerKind::Institution => "institution",
        }
    }

    pub fn parse(s: &str) -> Option<BuyerKind> {
        BuyerKind::ALL.into_iter().find(|k| k.as_str() == s.trim())
    }

    /// Its message id.
    pub fn label(self) -> &'static str {
        match self {
            BuyerKind::Retail => "buyer-retail",
            BuyerKind::Wholesale => "buyer-wholesale",
            BuyerKind::Institution => "buyer-institution",
        }
    }
}

/// A line of a sale: how many pieces of a product, at what price each.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Line {
    pub product_id: i64,
    pub pieces: i64,
    pub price: i64,
}

/// The lines of a sale with one line per product and price (a product tapped twice is
/// one line), in product order, so the same sale always reads the same.
pub fn merged(lines: &[Line]) -> Option<Vec<Line>> {
    let mut out: Vec<Line> = vec![];
    for l in lines {
        match out
            .iter_mut()
            .find(|o| o.product_id == l.product_id && o.price == l.price)
        {
            Some(o) => o.pieces = o.pieces.checked_add(l.pieces)?,
            None => out.push(*l),
        }
    }
    out.sort_by_key(|l| (l.product_id, l.price));
    Some(out)
}

/// What the lines come to; none when the sum would not fit.
pub fn total(lines: &[Line]) -> Option<i64> {
    lines
        .iter()
        .try_fold(0i64, |acc, l| acc.checked_add(l.pieces.checked_mul(l.price)?))
}

/// A sale's contents as one short text: its day, place, till and merged lines. The same
/// id sent with the same digest is the same sale; with another, a different one.
pub fn digest(day: &str, place: &str, till: &str, lines: &[Line]) -> String {
    let mut h = Sha256::new();
    h.update(format!("{day}\n{place}\n{till}\n"));
    for l in lines {
        h.update(format!("{} {} {}\n", l.product_id, l.pieces, l.price));
    }
    h.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

/// A sale's id as minted by the sheet (or a phone's offline queue): 8 to 64 letters,
/// digits, `-` or `_`.
pub fn valid_sale_id(id: &str) -> bool {
    (8..=64).contains(&id.len()) && id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// A marketplace search as it is counted: lower case, spaces collapsed, at most 60
/// characters; none when nothing is left.
pub fn search_term(q: &str) -> Option<String> {
    let t: String = q
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
        .chars()
        .take(60)
        .collect();
    (!t.is_empty()).then_some(t)
}

/// ABC classes by revenue: sorted from the best seller down, the products that make
/// the first 80 % of the revenue are A, the next 15 % B, the rest C (a product that
/// crosses a line belongs to the class it starts in). Answers a class per input, in order.
pub fn abc(revenues: &[i64]) -> Vec<char> {
    let total: i128 = revenues.iter().map(|r| i128::from((*r).max(0))).sum();
    let mut order: Vec<usize> = (0..revenues.len()).collect();
    order.sort_by(|a, b| revenues[*b].cmp(&revenues[*a]).then(a.cmp(b)));
    let mut out = vec!['C'; revenues.len()];
    let mut before: i128 = 0;
    for i in order {
        // Where this product starts, in hundredths of a percent of the total.
        let start = if total > 0 { before * 10_000 / total } else { 10_000 };
        out[i] = if revenues[i] <= 0 {
            'C'
        } else if start < 8_000 {
            'A'
        } else if start < 9_500 {
            'B'
        } else {
            'C'
        };
        before += i128::from(revenues[i].max(0));
    }
    out
}

/// The change from `before` to `now`, basis points (+2500 is 25 % more); none when
/// there was nothing before.
pub fn change_bp(now: i64, before: i64) -> Option<i64> {
    (before > 0).then(|| {
        i64::try_from((i128::from(now) - i128::from(before)) * 10_000 / i128::from(before)).unwrap_or(i64::MAX)
    })
}

/// What is left of the revenue after the cost, basis points of the revenue.
pub fn margin_bp(revenue: i64, cost: i64) -> Option<i64> {
    (revenue > 0)
        .then(|| i64::try_from((i128::from(revenue) - i128::from(cost)) * 10_000 / i128::from(revenue)).unwrap_or(0))
}

/// A shopfront search as a LIKE pattern: lower case, its words in order with anything
/// between, `%`, `_` and `\` taken literally.
pub fn like_pattern(q: &str) -> String {
    let mut out = String::from("%");
    for w in q.split_whitespace() {
        for ch in w.to_lowercase().chars() {
            if matches!(ch, '%' | '_' | '\\') {
                out.push('\\');
            }
            out.push(ch);
        }
        out.push('%');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn l(product_id: i64, pieces: i64, price: i64) -> Line {
        Line {
            product_id,
            pieces,
            price,
        }
    }

    #[test]
    fn a_product_tapped_twice_is_one_line() {
        let m = merged(&[l(2, 1, 500), l(1, 2, 300), l(2, 3, 500), l(2, 1, 450)]).unwrap();
        assert_eq!(m, vec![l(1, 2, 300), l(2, 1, 450), l(2, 4, 500)]);
        // 2 × 3.00 + 1 × 4.50 + 4 × 5.00 = 30.50
        assert_eq!(total(&m), Some(3050));
        assert_eq!(total(&[l(1, i64::MAX, 2)]), None);
    }

    #[test]
    fn the_digest_tells_a_changed_sale() {
        let a = digest("2026-12-07", "Quiapo", "cash", &[l(1, 2, 300)]);
        assert_eq!(a, digest("2026-12-07", "Quiapo", "cash", &[l(1, 2, 300)]));
        assert_ne!(a, digest("2026-12-07", "Quiapo", "cash", &[l(1, 3, 300)]));
        assert_ne!(a, digest("2026-12-07", "Quiapo", "mobile_money", &[l(1, 2, 300)]));
        assert_eq!(a.len(), 64);
    }

    #[test]
    fn sale_ids_are_short_and_plain() {
        assert!(valid_sale_id("k3J9-aa_01"));
        assert!(!valid_sale_id("short"));
        assert!(!valid_sale_id("has space in it"));
        assert!(!valid_sale_id(&"x".repeat(65)));
    }

    /// Five products whose revenues, by hand: total 1,000. Sorted: 500 (starts at 0 %),
    /// 300 (50 %), 120 (80 %), 50 (92 %), 30 (97 %): A, A, B, B, C.
    #[test]
    fn abc_classes_by_hand() {
        assert_eq!(abc(&[120, 500, 30, 300, 50]), vec!['B', 'A', 'C', 'A', 'B']);
        assert_eq!(abc(&[0, 0]), vec!['C', 'C']);
        assert_eq!(abc(&[100]), vec!['A']);
    }

    /// October ₱1,200, November ₱1,500: +25 %; December ₱900 against November: −40 %.
    /// A doormat sold at ₱180 that cost ₱117.40: 34.77 % margin.
    #[test]
    fn month_on_month_and_margin_by_hand() {
        assert_eq!(change_bp(150_000, 120_000), Some(2_500));
        assert_eq!(change_bp(90_000, 150_000), Some(-4_000));
        assert_eq!(change_bp(5, 0), None);
        assert_eq!(margin_bp(18_000, 11_740), Some(3_477));
        assert_eq!(margin_bp(0, 10), None);
    }

    #[test]
    fn a_search_becomes_a_like_pattern() {
        assert_eq!(like_pattern("  Sanitary  PAD "), "%sanitary%pad%");
        assert_eq!(like_pattern(""), "%");
        assert_eq!(like_pattern("50%_off"), "%50\\%\\_off%");
    }

    #[test]
    fn searches_are_counted_as_one_term() {
        assert_eq!(search_term("  Bamboo   BASKET "), Some("bamboo basket".into()));
        assert_eq!(search_term("   "), None);
        assert_eq!(search_term(&"ሀ".repeat(100)).map(|t| t.chars().count()), Some(60));
    }

    proptest! {
        /// However the taps come, merging keeps every piece and the total.
        #[test]
        fn merging_keeps_pieces_and_money(taps in prop::collection::vec((1i64..5, 1i64..20, 1i64..5_000), 1..30)) {
            let lines: Vec<Line> = taps.iter().map(|&(p, n, c)| l(p, n, c)).collect();
            let m = merged(&lines).unwrap();
            prop_assert_eq!(m.iter().map(|l| l.pieces).sum::<i64>(), lines.iter().map(|l| l.pieces).sum::<i64>());
            prop_assert_eq!(total(&m), total(&lines));
            let mut shuffled = lines.clone();
            shuffled.reverse();
            prop_assert_eq!(merged(&shuffled).unwrap(), m);
        }
    }
}
