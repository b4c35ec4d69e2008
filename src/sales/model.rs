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

/// The categories every organisation files its products under, shared so that a
/// network's marketplace can filter across its organisations.
pub const CATEGORIES: [&str; 7] = [
    "garments",
    "food",
    "textiles",
    "hygiene",
    "crafts",
    "household",
    "other",
];

/// A category as it is kept: one of `CATEGORIES`, or none.
pub fn category(s: &str) -> Option<&'static str> {
    CATEGORIES.into_iter().find(|c| *c == s.trim())
}

/// Where a sale was made, for market intelligence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Channel {
    /// At a stall or a fair, from the market-day sheet.
    Market,
    /// Ordered by a buyer on the public shopfront.
    Shopfront,
    /// Entered by the organisation for a shop or a neighbour.
    Shop,
    /// Quoted for and ordered by an NGO, a school, an office.
    Institution,
}

impl Channel {
    pub const ALL: [Channel; 4] = [Channel::Market, Channel::Shopfront, Channel::Shop, Channel::Institution];

    pub fn as_str(self) -> &'static str {
        match self {
            Channel::Market => "market",
            Channel::Shopfront => "shopfront",
            Channel::Shop => "shop",
            Channel::Institution => "institution",
        }
    }

    pub fn parse(s: &str) -> Option<Channel> {
        Channel::ALL.into_iter().find(|c| c.as_str() == s.trim())
    }

    /// Its message id.
    pub fn label(self) -> &'static str {
        match self {
            Channel::Market => "channel-market",
            Channel::Shopfront => "channel-shopfront",
            Channel::Shop => "channel-shop",
            Channel::Institution => "channel-institution",
        }
    }
}

/// Where an order stands. Deliveries, invoices and payments follow a confirmed order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OrderStatus {
    /// Prices offered to an institution, not yet ordered.
    Quote,
    /// Ordered by the buyer, not yet accepted by the organisation.
    Placed,
    Confirmed,
    Cancelled,
}

impl OrderStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            OrderStatus::Quote => "quote",
            OrderStatus::Placed => "placed",
            OrderStatus::Confirmed => "confirmed",
            OrderStatus::Cancelled => "cancelled",
        }
    }

    pub fn parse(s: &str) -> Option<OrderStatus> {
        [
            OrderStatus::Quote,
            OrderStatus::Placed,
            OrderStatus::Confirmed,
            OrderStatus::Cancelled,
        ]
        .into_iter()
        .find(|k| k.as_str() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            OrderStatus::Quote => "order-quote",
            OrderStatus::Placed => "order-placed",
            OrderStatus::Confirmed => "order-confirmed",
            OrderStatus::Cancelled => "order-cancelled",
        }
    }
}

/// The tax on a line's net amount at a rate in basis points, rounded half up to the
/// minor unit; none when it would not fit.
pub fn line_tax(net: i64, bp: i64) -> Option<i64> {
    let t = (i128::from(net) * i128::from(bp) * 2 + 10_000) / 20_000;
    i64::try_from(t).ok()
}

/// The financial year a day falls in, as printed in invoice numbers: `2026` when the
/// year starts on 1 January, `2026-27` when it starts on another day (1 April in India,
/// 8 July — 1 Hamle — in Ethiopia). `starts` is MM-DD.
pub fn year_label(day: &str, starts: &str) -> Option<String> {
    let year: i32 = day.get(..4)?.parse().ok()?;
    let md = day.get(5..10)?;
    if starts == "01-01" {
        return Some(year.to_string());
    }
    let first = if md >= starts { year } else { year - 1 };
    Some(format!("{first}-{:02}", (first + 1).rem_euclid(100)))
}

/// A financial year's first day by country, as MM-DD.
pub fn default_year_start(country: &str) -> &'static str {
    match country {
        "IN" => "04-01",
        "ET" => "07-08",
        _ => "01-01",
    }
}

/// Whether MM-DD names a day of the year (29 February is refused: not every year has it).
pub fn valid_year_start(s: &str) -> bool {
    let (Some(m), Some(d)) = (
        s.get(..2).and_then(|m| m.parse::<u8>().ok()),
        s.get(3..5).and_then(|d| d.parse::<u8>().ok()),
    ) else {
        return false;
    };
    let days = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
    s.len() == 5 && s.as_bytes()[2] == b'-' && (1..=12).contains(&m) && (1..=days[usize::from(m - 1)]).contains(&d)
}

/// An invoice prefix: 1 to 12 capital letters, digits or `-`.
pub fn valid_prefix(p: &str) -> bool {
    (1..=12).contains(&p.len())
        && p.bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'-')
}

/// A document's number: `DS/2026-27/0007` for an invoice, `DS/CN/2026-27/0002` for a
/// credit note.
pub fn document_number(prefix: &str, credit: bool, year: &str, seq: i64) -> String {
    if credit {
        format!("{prefix}/CN/{year}/{seq:04}")
    } else {
        format!("{prefix}/{year}/{seq:04}")
    }
}

/// A payment shared over what is owed, oldest first: (what each gets, what is left over).
pub fn allocate(amount: i64, owed: &[(i64, i64)]) -> (Vec<(i64, i64)>, i64) {
    let mut left = amount;
    let mut out = vec![];
    for &(id, due) in owed {
        if left <= 0 {
            break;
        }
        let take = due.min(left);
        if take > 0 {
            out.push((id, take));
            left -= take;
        }
    }
    (out, left)
}

/// The ageing column of a debt so many days old: 0–30, 31–60, 61–90, over 90.
pub fn ageing_bucket(days: i64) -> usize {
    match days {
        ..=30 => 0,
        31..=60 => 1,
        61..=90 => 2,
        _ => 3,
    }
}

/// An amount in words, as invoices print it: the whole units in words (English, the one
/// language the words crate speaks of ours) and the minor units as a fraction.
pub fn amount_in_words(minor: i64, exponent: u8) -> Option<(String, String)> {
    let scale = 10i64.checked_pow(u32::from(exponent))?;
    let (whole, part) = (minor.checked_div(scale)?, minor.checked_rem(scale)?);
    let words = num2words::Num2Words::new(whole)
        .lang(num2words::Lang::English)
        .to_words()
        .ok()?;
    let fraction = if exponent == 0 {
        String::new()
    } else {
        format!("{part:0width$}/{scale}", width = usize::from(exponent))
    };
    Some((words, fraction))
}

/// A buyer's chosen products as the shopfront carries them from page to page,
/// `12x3.15x1`: (product, pieces), one entry per product, at most 50; none when it does
/// not read.
pub fn parse_cart(s: &str) -> Option<Vec<(i64, i64)>> {
    let mut out: Vec<(i64, i64)> = vec![];
    for part in s.split('.').filter(|p| !p.is_empty()) {
        let (id, n) = part.split_once('x')?;
        let (id, n) = (id.parse::<i64>().ok()?, n.parse::<i64>().ok()?);
        if id <= 0 || !(1..=9_999).contains(&n) {
            return None;
        }
        match out.iter_mut().find(|(p, _)| *p == id) {
            Some(e) => e.1 = (e.1 + n).min(9_999),
            None => out.push((id, n)),
        }
    }
    (out.len() <= 50).then_some(out)
}

pub fn cart_text(cart: &[(i64, i64)]) -> String {
    cart.iter()
        .map(|(p, n)| format!("{p}x{n}"))
        .collect::<Vec<_>>()
        .join(".")
}

/// A line of a price list as read: the product it names, for whom, the price and the
/// day it starts, and what is wrong with it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PriceListLine {
    /// Its line in the file, counting the header as line 1.
    pub line: usize,
    pub code: String,
    pub product_id: Option<i64>,
    pub kind: Option<BuyerKind>,
    /// Minor units a piece; 0 when it could not be read.
    pub price: i64,
    pub valid_from: String,
    pub problems: Vec<&'static str>,
}

/// Reads a price list: a header, then `code,buyer_kind,price[,valid_from]` with the price
/// in the currency's units ("250.00") and the day `today` when it is left out. `codes`
/// names the organisation's products. A line naming a product, a kind and a day twice is
/// wrong both times: which price would hold is not for the reader to guess.
pub fn read_price_list(
    text: &str,
    codes: &std::collections::HashMap<String, i64>,
    currency: crate::money::Currency,
    today: &str,
) -> Vec<PriceListLine> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let mut out: Vec<PriceListLine> = vec![];
    for (i, record) in reader.records().enumerate() {
        let mut l = PriceListLine {
            line: i + 2,
            code: String::new(),
            product_id: None,
            kind: None,
            price: 0,
            valid_from: today.to_string(),
            problems: vec![],
        };
        let Ok(r) = record else {
            l.problems.push("import-row-unreadable");
            out.push(l);
            continue;
        };
        if !(3..=4).contains(&r.len()) {
            l.problems.push("price-row-columns");
        }
        let get = |k: usize| r.get(k).unwrap_or("");
        l.code = get(0).chars().take(64).collect();
        l.product_id = codes.get(get(0)).copied();
        if l.product_id.is_none() {
            l.problems.push("price-row-product");
        }
        l.kind = BuyerKind::parse(get(1));
        if l.kind.is_none() {
            l.problems.push("buyer-kind-invalid");
        }
        match crate::money::Money::parse(get(2), currency, '.') {
            Ok(m) if (1..=crate::money::MAX_MINOR).contains(&m.minor) => l.price = m.minor,
            _ => l.problems.push("amount-not-positive"),
        }
        if !get(3).is_empty() {
            match crate::db::parse_day(get(3)) {
                Some(d) => l.valid_from = crate::db::iso_day(d),
                None => l.problems.push("entry-bad-date"),
            }
        }
        // Only lines whose product, kind and day were read can name the same price.
        let keyed =
            |o: &PriceListLine| o.product_id.is_some() && o.kind.is_some() && !o.problems.contains(&"entry-bad-date");
        let same = |o: &PriceListLine| {
            keyed(o) && o.product_id == l.product_id && o.kind == l.kind && o.valid_from == l.valid_from
        };
        if keyed(&l)
            && let Some(o) = out.iter_mut().find(|o| same(o))
        {
            if !o.problems.contains(&"price-row-twice") {
                o.problems.push("price-row-twice");
            }
            l.problems.push("price-row-twice");
        }
        out.push(l);
    }
    if out.is_empty() {
        out.push(PriceListLine {
            line: 2,
            code: String::new(),
            product_id: None,
            kind: None,
            price: 0,
            valid_from: today.to_string(),
            problems: vec!["import-empty"],
        });
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

    /// GST at 5 % on ₹1,049.00 is ₹52.45; at 12 % on ₹333.33, 39.9996 → ₹40.00;
    /// half a paisa rounds up.
    #[test]
    fn tax_per_line_by_hand() {
        assert_eq!(line_tax(104_900, 500), Some(5_245));
        assert_eq!(line_tax(33_333, 1_200), Some(4_000));
        assert_eq!(line_tax(10, 500), Some(1));
        assert_eq!(line_tax(9, 500), Some(0));
        assert_eq!(line_tax(0, 1_800), Some(0));
    }

    #[test]
    fn financial_years_by_country() {
        assert_eq!(year_label("2026-12-07", "04-01").as_deref(), Some("2026-27"));
        assert_eq!(year_label("2027-03-31", "04-01").as_deref(), Some("2026-27"));
        assert_eq!(year_label("2027-04-01", "04-01").as_deref(), Some("2027-28"));
        assert_eq!(year_label("2026-07-07", "07-08").as_deref(), Some("2025-26"));
        assert_eq!(year_label("2099-12-31", "04-01").as_deref(), Some("2099-00"));
        assert_eq!(year_label("2026-12-07", "01-01").as_deref(), Some("2026"));
        assert_eq!(document_number("DS", false, "2026-27", 7), "DS/2026-27/0007");
        assert_eq!(document_number("AT", true, "2026", 12), "AT/CN/2026/0012");
        assert!(valid_year_start("07-08") && !valid_year_start("02-29") && !valid_year_start("13-01"));
        assert!(valid_prefix("DS-1") && !valid_prefix("ds") && !valid_prefix(""));
    }

    #[test]
    fn a_payment_settles_the_oldest_first() {
        assert_eq!(allocate(700, &[(1, 500), (2, 400)]), (vec![(1, 500), (2, 200)], 0));
        assert_eq!(allocate(1_000, &[(1, 500), (2, 400)]), (vec![(1, 500), (2, 400)], 100));
        assert_eq!(allocate(100, &[]), (vec![], 100));
        assert_eq!(ageing_bucket(0), 0);
        assert_eq!(ageing_bucket(45), 1);
        assert_eq!(ageing_bucket(91), 3);
    }

    #[test]
    fn totals_in_words() {
        assert_eq!(
            amount_in_words(123_450, 2),
            Some(("one thousand two hundred and thirty-four".into(), "50/100".into()))
        );
        assert_eq!(amount_in_words(5_000, 0), Some(("five thousand".into(), String::new())));
    }

    proptest! {
        /// A payment shared out is never more than owed on any invoice, and nothing is lost.
        #[test]
        fn allocation_keeps_every_unit(amount in 0i64..1_000_000, owed in prop::collection::vec(0i64..100_000, 0..10)) {
            let owed: Vec<(i64, i64)> = owed.into_iter().enumerate().map(|(i, o)| (i as i64, o)).collect();
            let (given, left) = allocate(amount, &owed);
            prop_assert_eq!(given.iter().map(|g| g.1).sum::<i64>() + left, amount);
            for (id, g) in given {
                prop_assert!(g > 0 && g <= owed[id as usize].1);
            }
        }
    }

    #[test]
    fn a_cart_reads_and_writes_back() {
        assert_eq!(parse_cart("12x3.15x1.12x2"), Some(vec![(12, 5), (15, 1)]));
        assert_eq!(parse_cart(""), Some(vec![]));
        assert_eq!(parse_cart("12x0"), None);
        assert_eq!(parse_cart("x3"), None);
        assert_eq!(cart_text(&[(12, 5), (15, 1)]), "12x5.15x1");
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

    #[test]
    fn a_price_list_blames_only_its_bad_lines() {
        let codes = std::collections::HashMap::from([("MAT".to_string(), 7), ("RUG".to_string(), 8)]);
        let text = "code,buyer_kind,price,valid_from\nMAT,retail,180.00\nRUG,wholesale,1.5,2027-01-31\nMAT,retail,181,2026-12-07\nRUG,ngo,1\n\"RUG\",retail\n";
        let lines = read_price_list(
            text,
            &codes,
            crate::money::Currency::parse("PHP").unwrap(),
            "2026-12-07",
        );
        let got: Vec<(usize, Vec<&str>)> = lines.iter().map(|l| (l.line, l.problems.clone())).collect();
        assert_eq!(
            got,
            [
                (2, vec!["price-row-twice"]),
                (3, vec![]),
                (4, vec!["price-row-twice"]),
                (5, vec!["buyer-kind-invalid"]),
                (6, vec!["price-row-columns", "amount-not-positive"]),
            ]
        );
        assert_eq!(
            (lines[1].product_id, lines[1].price, lines[1].valid_from.as_str()),
            (Some(8), 150, "2027-01-31")
        );
        assert_eq!(lines[0].valid_from, "2026-12-07", "today when the day is left out");
        let empty = read_price_list(
            "code,buyer_kind,price\n",
            &codes,
            crate::money::Currency::parse("PHP").unwrap(),
            "2026-12-07",
        );
        assert_eq!(empty[0].problems, ["import-empty"]);
    }
}
