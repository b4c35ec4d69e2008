//! The revolving loan fund's rules: schedules (flat, declining balance or equal
//! instalments), repayments
//! (interest first, then principal), arrears. Integers of minor units only.

use time::{Date, Duration, Month};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    /// Interest on the whole principal for the whole term, spread evenly.
    Flat,
    /// Equal principal; interest on what is still owed.
    Declining,
    /// Equal instalments (an annuity, the "EMI" microfinance quotes): interest on what is
    /// still owed, the rest of each instalment pays the principal down.
    EqualInstalments,
}

impl Method {
    pub fn parse(s: &str) -> Option<Method> {
        match s {
            "flat" => Some(Method::Flat),
            "declining" => Some(Method::Declining),
            "equal_instalments" => Some(Method::EqualInstalments),
            _ => None,
        }
    }
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Flat => "flat",
            Method::Declining => "declining",
            Method::EqualInstalments => "equal_instalments",
        }
    }
    pub const ALL: [Method; 3] = [Method::Flat, Method::Declining, Method::EqualInstalments];
    pub fn label(self) -> &'static str {
        match self {
            Method::Flat => "loan-method-flat",
            Method::Declining => "loan-method-declining",
            Method::EqualInstalments => "loan-method-equal-instalments",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Frequency {
    Weekly,
    Monthly,
}

impl Frequency {
    pub fn parse(s: &str) -> Option<Frequency> {
        match s {
            "weekly" => Some(Frequency::Weekly),
            "monthly" => Some(Frequency::Monthly),
            _ => None,
        }
    }
    pub fn as_str(self) -> &'static str {
        match self {
            Frequency::Weekly => "weekly",
            Frequency::Monthly => "monthly",
        }
    }
    pub fn per_year(self) -> i128 {
        match self {
            Frequency::Weekly => 52,
            Frequency::Monthly => 12,
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            Frequency::Weekly => "loan-weekly",
            Frequency::Monthly => "loan-monthly",
        }
    }
}

/// What a loan costs and how it is paid back.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Terms {
    pub principal: i64,
    /// Yearly rate in basis points: 1,200 is 12 %.
    pub annual_rate_bp: i64,
    pub instalments: i64,
    pub frequency: Frequency,
    pub method: Method,
}

/// One instalment of a schedule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Due {
    pub n: i64,
    pub due_on: Date,
    pub principal: i64,
    pub interest: i64,
}

/// Rounds a / b half away from zero (a, b > 0 here).
fn div_round(a: i128, b: i128) -> i128 {
    (a + b / 2) / b
}

/// The date of the n-th instalment after `start` (n from 1); a month that lacks the day
/// falls on its last day.
pub fn due_date(start: Date, frequency: Frequency, n: i64) -> Date {
    match frequency {
        Frequency::Weekly => start + Duration::weeks(n),
        Frequency::Monthly => {
            let months = i64::from(start.year()) * 12 + i64::from(u8::from(start.month())) - 1 + n;
            let year = i32::try_from(months.div_euclid(12)).unwrap_or(9999);
            let month = Month::try_from(u8::try_from(months.rem_euclid(12) + 1).unwrap_or(1)).unwrap_or(Month::January);
            let last = month.length(year);
            Date::from_calendar_date(year, month, start.day().min(last)).unwrap_or(start)
        }
    }
}

/// Fixed point for the annuity factor: 10^12 (a rate to twelve decimals).
const SCALE: i128 = 1_000_000_000_000;

/// The equal instalment of an annuity, to the minor unit: P·r / (1 − (1 + r)^−n), with
/// r the rate per instalment. Computed in integers: (1 + r)^n in fixed point, then
/// P · r·f / (f − 1), rounded half up. With no interest it is P / n, rounded up.
pub fn equal_instalment(principal: i64, annual_rate_bp: i64, per_year: i128, n: i64) -> i64 {
    let n = n.max(1);
    let p = i128::from(principal);
    if annual_rate_bp <= 0 {
        return i64::try_from((p + i128::from(n) - 1) / i128::from(n)).unwrap_or(i64::MAX);
    }
    // r in fixed point, and f = (1 + r)^n.
    let r = div_round(i128::from(annual_rate_bp) * SCALE, 10_000 * per_year);
    let mut f = SCALE;
    for _ in 0..n {
        f = div_round(f * (SCALE + r), SCALE);
    }
    let g = div_round(r * f, f - SCALE);
    i64::try_from(div_round(p * g, SCALE)).unwrap_or(i64::MAX)
}

/// The schedule of a loan disbursed on `start`.
pub fn schedule(t: &Terms, start: Date) -> Vec<Due> {
    let n = t.instalments.max(1);
    let base_principal = t.principal / n;
    let per_year = t.frequency.per_year();
    let flat_total = div_round(
        i128::from(t.principal) * i128::from(t.annual_rate_bp) * i128::from(n),
        10_000 * per_year,
    );
    let flat_each = flat_total / i128::from(n);
    let each = equal_instalment(t.principal, t.annual_rate_bp, per_year, n);
    let mut outstanding = t.principal;
    let mut out = vec![];
    for k in 1..=n {
        let declining_interest = div_round(
            i128::from(outstanding) * i128::from(t.annual_rate_bp),
            10_000 * per_year,
        );
        let principal = match t.method {
            _ if k == n => outstanding,
            Method::EqualInstalments => {
                (each - i64::try_from(declining_interest).unwrap_or(i64::MAX)).clamp(0, outstanding)
            }
            _ => base_principal,
        };
        let interest = match t.method {
            Method::Flat if k == n => flat_total - flat_each * i128::from(n - 1),
            Method::Flat => flat_each,
            Method::Declining | Method::EqualInstalments => declining_interest,
        };
        out.push(Due {
            n: k,
            due_on: due_date(start, t.frequency, k),
            principal,
            interest: i64::try_from(interest).unwrap_or(i64::MAX),
        });
        outstanding -= principal;
    }
    out
}

/// What is still owed on one instalment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Owed {
    pub interest: i64,
    pub principal: i64,
}

/// How a repayment is shared out: for each instalment in order, its interest first, then its
/// principal. Returns (interest, principal) paid per instalment, or None when the payment
/// is more than everything owed.
pub fn allocate(payment: i64, owed: &[Owed]) -> Option<Vec<(i64, i64)>> {
    let total: i64 = owed.iter().map(|o| o.interest + o.principal).sum();
    if payment <= 0 || payment > total {
        return None;
    }
    let mut left = payment;
    let mut out = vec![];
    for o in owed {
        let i = left.min(o.interest);
        left -= i;
        let p = left.min(o.principal);
        left -= p;
        out.push((i, p));
    }
    Some(out)
}

/// The largest loan her savings allow: `multiple` is in hundredths (300 = three times);
/// 0 means no limit.
pub fn max_loan(savings: i64, multiple: i64) -> Option<i64> {
    (multiple > 0).then(|| i64::try_from(i128::from(savings) * i128::from(multiple) / 100).unwrap_or(i64::MAX))
}

/// Days since the oldest instalment that is due and not fully paid (0 when none).
pub fn days_overdue(instalments: &[(Date, Owed)], today: Date) -> i64 {
    instalments
        .iter()
        .filter(|(due, o)| *due < today && o.interest + o.principal > 0)
        .map(|(due, _)| (today - *due).whole_days())
        .max()
        .unwrap_or(0)
}

/// A loan's new schedule after rescheduling.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rescheduled {
    /// The unpaid principal the new instalments repay.
    pub outstanding: i64,
    /// Interest that fell due before the day of rescheduling and is unpaid; it is carried
    /// into the first new instalment, not forgiven and not added to the principal.
    pub carried_interest: i64,
    pub dues: Vec<Due>,
}

/// Reschedules what is left of a loan: the unpaid principal over `instalments` new
/// instalments, the first due on `first_due` and the rest one period apart, interest by
/// the product's method and rate. Interest not yet due on the old schedule is dropped
/// (the new schedule charges its own). New instalments are numbered from `next_n`.
pub fn reschedule(
    owed: &[(Date, Owed)],
    today: Date,
    base: Terms,
    instalments: i64,
    first_due: Date,
    next_n: i64,
) -> Rescheduled {
    let outstanding: i64 = owed.iter().map(|(_, o)| o.principal).sum();
    let carried_interest: i64 = owed.iter().filter(|(d, _)| *d < today).map(|(_, o)| o.interest).sum();
    let terms = Terms {
        principal: outstanding,
        instalments,
        ..base
    };
    let mut dues: Vec<Due> = schedule(&terms, first_due)
        .into_iter()
        .map(|d| Due {
            n: next_n + d.n - 1,
            due_on: due_date(first_due, terms.frequency, d.n - 1),
            ..d
        })
        .collect();
    if let Some(first) = dues.first_mut() {
        first.interest += carried_interest;
    }
    Rescheduled {
        outstanding,
        carried_interest,
        dues,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use time::macros::date;

    #[test]
    fn rescheduling_spreads_what_is_left_and_carries_overdue_interest() {
        let owed = [
            (
                date!(2026 - 03 - 01),
                Owed {
                    interest: 1_000,
                    principal: 10_000,
                },
            ),
            (
                date!(2026 - 04 - 01),
                Owed {
                    interest: 1_000,
                    principal: 10_000,
                },
            ),
            (
                date!(2026 - 05 - 01),
                Owed {
                    interest: 1_000,
                    principal: 10_000,
                },
            ),
        ];
        let r = reschedule(
            &owed,
            date!(2026 - 04 - 15),
            terms(Method::Declining),
            6,
            date!(2026 - 05 - 31),
            4,
        );
        assert_eq!(r.outstanding, 30_000);
        assert_eq!(
            r.carried_interest, 2_000,
            "the March and April interest was due and unpaid"
        );
        assert_eq!(r.dues.len(), 6);
        assert_eq!(r.dues.iter().map(|d| d.principal).sum::<i64>(), 30_000);
        assert_eq!(r.dues[0].n, 4);
        assert_eq!(r.dues[0].due_on, date!(2026 - 05 - 31));
        assert_eq!(
            r.dues[1].due_on,
            date!(2026 - 06 - 30),
            "a month without the 31st falls on its last day"
        );
        // 30,000 at 12 % a year for a month is 300, plus the carried 2,000.
        assert_eq!(r.dues[0].interest, 2_300);
    }

    fn terms(method: Method) -> Terms {
        Terms {
            principal: 1_200_000,
            annual_rate_bp: 1_200,
            instalments: 12,
            frequency: Frequency::Monthly,
            method,
        }
    }

    #[test]
    fn a_flat_loan_charges_interest_on_the_whole_principal() {
        // ₹12,000 at 12 % flat for a year: ₹1,440 of interest, ₹120 a month.
        let s = schedule(&terms(Method::Flat), date!(2026 - 01 - 31));
        assert_eq!(s.len(), 12);
        assert!(s.iter().all(|d| d.principal == 100_000 && d.interest == 12_000));
        assert_eq!(s[0].due_on, date!(2026 - 02 - 28), "February has no 31st");
        assert_eq!(s[11].due_on, date!(2027 - 01 - 31));
    }

    #[test]
    fn a_declining_loan_charges_interest_on_what_is_owed() {
        let s = schedule(&terms(Method::Declining), date!(2026 - 01 - 01));
        assert_eq!(s[0].interest, 12_000, "1 % of ₹12,000");
        assert_eq!(s[11].interest, 1_000, "1 % of the last ₹1,000");
        assert_eq!(s.iter().map(|d| d.interest).sum::<i64>(), 78_000);
    }

    #[test]
    fn equal_instalments_match_the_published_emi() {
        // ₹12,000 at 12 % a year over 12 months: ₹1,066.19 a month (1,066.1854…).
        assert_eq!(equal_instalment(1_200_000, 1_200, 12, 12), 106_619);
        // ₹1,00,000 at 10 % over a year: the EMI banks quote, ₹8,791.59.
        assert_eq!(equal_instalment(10_000_000, 1_000, 12, 12), 879_159);
        // ₹50,000 at 24 % a year, weekly over a year: ₹1,083.74.
        assert_eq!(equal_instalment(5_000_000, 2_400, 52, 52), 108_374);
        assert_eq!(equal_instalment(1_000, 0, 12, 3), 334);
        let s = schedule(&terms(Method::EqualInstalments), date!(2026 - 01 - 01));
        assert!(s[..11].iter().all(|d| d.principal + d.interest == 106_619), "{s:?}");
        assert_eq!(s[0].interest, 12_000, "1 % of ₹12,000 in the first month");
        assert_eq!(s.iter().map(|d| d.principal).sum::<i64>(), 1_200_000);
        // The last instalment takes what rounding left: within a paisa or two of the rest.
        let last = s[11].principal + s[11].interest;
        assert!((last - 106_619).abs() <= 12, "{last}");
    }

    #[test]
    fn repayments_pay_interest_before_principal() {
        let owed = [
            Owed {
                interest: 100,
                principal: 1_000,
            },
            Owed {
                interest: 90,
                principal: 1_000,
            },
        ];
        assert_eq!(allocate(150, &owed), Some(vec![(100, 50), (0, 0)]));
        assert_eq!(allocate(1_150, &owed), Some(vec![(100, 1_000), (50, 0)]));
        assert_eq!(allocate(2_191, &owed), None, "more than she owes");
        assert_eq!(allocate(0, &owed), None);
    }

    #[test]
    fn arrears_count_from_the_oldest_unpaid_instalment() {
        let paid = Owed {
            interest: 0,
            principal: 0,
        };
        let unpaid = Owed {
            interest: 10,
            principal: 100,
        };
        let rows = [
            (date!(2026 - 01 - 01), paid),
            (date!(2026 - 02 - 01), unpaid),
            (date!(2026 - 03 - 01), unpaid),
        ];
        assert_eq!(days_overdue(&rows, date!(2026 - 03 - 10)), 37);
        assert_eq!(days_overdue(&rows, date!(2026 - 01 - 15)), 0);
    }

    #[test]
    fn savings_cap_loans_when_the_product_says_so() {
        assert_eq!(max_loan(50_000, 300), Some(150_000));
        assert_eq!(max_loan(50_000, 0), None);
    }

    proptest! {
        #[test]
        fn a_schedule_returns_exactly_the_principal(principal in 1i64..100_000_000, bp in 0i64..5_000, n in 1i64..60, weekly: bool, flat: bool) {
            let t = Terms { principal, annual_rate_bp: bp, instalments: n,
                frequency: if weekly { Frequency::Weekly } else { Frequency::Monthly },
                method: if flat { Method::Flat } else { Method::Declining } };
            let s = schedule(&t, date!(2026 - 01 - 15));
            prop_assert_eq!(s.len() as i64, n);
            prop_assert_eq!(s.iter().map(|d| d.principal).sum::<i64>(), principal);
            prop_assert!(s.iter().all(|d| d.interest >= 0 && d.principal >= 0));
            prop_assert!(s.windows(2).all(|w| w[0].due_on < w[1].due_on));
        }

        #[test]
        fn an_allocation_never_pays_more_than_owed(payment in 1i64..10_000, a in 0i64..3_000, b in 0i64..3_000, c in 0i64..3_000) {
            let owed = [Owed { interest: a, principal: b }, Owed { interest: c, principal: a }];
            if let Some(split) = allocate(payment, &owed) {
                prop_assert_eq!(split.iter().map(|(i, p)| i + p).sum::<i64>(), payment);
                for ((i, p), o) in split.iter().zip(owed.iter()) {
                    prop_assert!(*i <= o.interest && *p <= o.principal);
                }
            }
        }
    }
}
