//! The rules of elections. No I/O.

use time::Date;

/// How the votes elect.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    /// Ranked ballots, single transferable vote (instant run-off for one seat).
    Stv,
    /// Each voter marks up to as many nominees as there are seats; the most votes win.
    Plurality,
}

impl Method {
    pub const ALL: [Method; 2] = [Method::Stv, Method::Plurality];
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Stv => "stv",
            Method::Plurality => "plurality",
        }
    }
    pub fn parse(s: &str) -> Option<Method> {
        Method::ALL.into_iter().find(|m| m.as_str() == s.trim())
    }
    pub fn label(self) -> &'static str {
        match self {
            Method::Stv => "election-method-stv",
            Method::Plurality => "election-method-plurality",
        }
    }
}

/// A term follows another without a break when it starts within this many days of the
/// other's end.
pub const BREAK_DAYS: i64 = 31;

/// How many terms in a row she will have served when a new term starts on `starts`:
/// her terms of this office (start, end), counted back from the latest while each
/// follows the one before without a break.
pub fn consecutive_terms(terms: &[(Date, Date)], starts: Date) -> i64 {
    let mut sorted = terms.to_vec();
    sorted.sort_by_key(|t| std::cmp::Reverse(t.0));
    let mut next_start = starts;
    let mut n = 0;
    for (s, e) in sorted {
        if s >= next_start {
            continue;
        }
        if (next_start - e).whole_days() > BREAK_DAYS {
            break;
        }
        n += 1;
        next_start = s;
    }
    n
}

/// Whether she may stand: another term would not pass the limit (0 = no limit).
pub fn may_stand(consecutive: i64, max_terms: i64) -> bool {
    max_terms <= 0 || consecutive < max_terms
}

/// The plurality winners: the most votes first; a tie goes to the nominee nominated
/// first (the stated rule, since the order of nomination is public and fixed).
pub fn plurality(votes: &[i64], seats: usize) -> Vec<usize> {
    let mut order: Vec<usize> = (0..votes.len()).filter(|i| votes[*i] > 0).collect();
    order.sort_by(|a, b| votes[*b].cmp(&votes[*a]).then(a.cmp(b)));
    order.truncate(seats);
    order
}

/// The last day of a term of `months` months starting on `starts`.
pub fn term_end(starts: Date, months: i64) -> Date {
    let total = i64::from(starts.year()) * 12 + i64::from(u8::from(starts.month())) - 1 + months;
    let year = i32::try_from(total.div_euclid(12)).unwrap_or(starts.year());
    let month =
        time::Month::try_from(u8::try_from(total.rem_euclid(12) + 1).unwrap_or(1)).unwrap_or(time::Month::January);
    let day = starts.day().min(month.length(year));
    Date::from_calendar_date(year, month, day).map_or(starts, |d| d - time::Duration::days(1))
}

/// A share in whole percent, rounded to nearest; 0 of nothing is 0.
pub fn percent(part: i64, whole: i64) -> i64 {
    if whole <= 0 {
        0
    } else {
        (part * 200 + whole) / (whole * 2)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn consecutive_terms_count_back_without_a_break() {
        let terms = [
            (date!(2020 - 01 - 01), date!(2021 - 12 - 31)),
            (date!(2022 - 01 - 01), date!(2023 - 12 - 31)),
            (date!(2024 - 01 - 01), date!(2025 - 12 - 31)),
        ];
        assert_eq!(consecutive_terms(&terms, date!(2026 - 01 - 01)), 3);
        assert!(!may_stand(3, 3));
        assert!(may_stand(3, 0), "no limit");
        // A year away breaks the run.
        assert_eq!(consecutive_terms(&terms, date!(2027 - 01 - 01)), 0);
        let with_gap = [
            (date!(2018 - 01 - 01), date!(2019 - 12 - 31)),
            (date!(2022 - 01 - 01), date!(2023 - 12 - 31)),
        ];
        assert_eq!(consecutive_terms(&with_gap, date!(2024 - 01 - 01)), 1);
        assert_eq!(consecutive_terms(&[], date!(2024 - 01 - 01)), 0);
    }

    #[test]
    fn plurality_seats_the_most_voted_and_breaks_ties_by_nomination() {
        assert_eq!(plurality(&[5, 9, 9, 2], 2), vec![1, 2]);
        assert_eq!(
            plurality(&[5, 9, 5, 2], 2),
            vec![1, 0],
            "tie for the second seat: nominated first"
        );
        assert_eq!(plurality(&[0, 3, 0], 2), vec![1], "nobody without a vote is seated");
    }

    #[test]
    fn terms_end_the_day_before_the_anniversary() {
        assert_eq!(term_end(date!(2026 - 01 - 01), 24), date!(2027 - 12 - 31));
        assert_eq!(term_end(date!(2026 - 03 - 31), 11), date!(2027 - 02 - 27));
        assert_eq!(term_end(date!(2026 - 11 - 15), 12), date!(2027 - 11 - 14));
    }

    #[test]
    fn percents_round_to_nearest() {
        assert_eq!(percent(1, 3), 33);
        assert_eq!(percent(2, 3), 67);
        assert_eq!(percent(0, 0), 0);
    }
}
