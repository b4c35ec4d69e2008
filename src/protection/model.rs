//! The rules of social protection, without I/O: what kind of scheme it is and who carries
//! its risk, who may join (eligibility as data, a reason for every "no"), what she pays
//! and when (fixed, by age at entry, a percent of her income or of the minimum wage,
//! matched or not), and where her cover stands after her payments. Integers of minor
//! units only.

use time::{Date, Duration, Month};

/// The ways a contribution is worked out, with their message ids.
pub const RATE_METHODS: [(&str, &str); 4] = [
    ("fixed", "contribution-rate-fixed"),
    ("age_table", "rate-age-table"),
    ("percent_of_income", "rate-of-income"),
    ("percent_of_minimum_wage", "rate-of-minimum-wage"),
];

/// What a scheme covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SchemeKind {
    Health,
    Life,
    Accident,
    Pension,
    Maternity,
    WelfareBoard,
    StateScheme,
    /// The organisation's own mutual fund.
    Mutual,
}

impl SchemeKind {
    pub const ALL: [SchemeKind; 8] = [
        SchemeKind::Health,
        SchemeKind::Life,
        SchemeKind::Accident,
        SchemeKind::Pension,
        SchemeKind::Maternity,
        SchemeKind::WelfareBoard,
        SchemeKind::StateScheme,
        SchemeKind::Mutual,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            SchemeKind::Health => "health",
            SchemeKind::Life => "life",
            SchemeKind::Accident => "accident",
            SchemeKind::Pension => "pension",
            SchemeKind::Maternity => "maternity",
            SchemeKind::WelfareBoard => "welfare_board",
            SchemeKind::StateScheme => "state_scheme",
            SchemeKind::Mutual => "mutual",
        }
    }
    pub fn parse(s: &str) -> Option<SchemeKind> {
        SchemeKind::ALL.into_iter().find(|k| k.as_str() == s.trim())
    }
    /// Its message id.
    pub fn label(self) -> &'static str {
        match self {
            SchemeKind::Health => "scheme-health",
            SchemeKind::Life => "scheme-life",
            SchemeKind::Accident => "scheme-accident",
            SchemeKind::Pension => "scheme-pension",
            SchemeKind::Maternity => "scheme-maternity",
            SchemeKind::WelfareBoard => "scheme-welfare-board",
            SchemeKind::StateScheme => "scheme-state",
            SchemeKind::Mutual => "scheme-mutual",
        }
    }
}

/// Who pays the claims.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Carrier {
    Insurer,
    State,
    Organisation,
}

impl Carrier {
    pub const ALL: [Carrier; 3] = [Carrier::Insurer, Carrier::State, Carrier::Organisation];
    pub fn as_str(self) -> &'static str {
        match self {
            Carrier::Insurer => "insurer",
            Carrier::State => "state",
            Carrier::Organisation => "organisation",
        }
    }
    pub fn parse(s: &str) -> Option<Carrier> {
        Carrier::ALL.into_iter().find(|k| k.as_str() == s.trim())
    }
    pub fn label(self) -> &'static str {
        match self {
            Carrier::Insurer => "carrier-insurer",
            Carrier::State => "carrier-state",
            Carrier::Organisation => "carrier-organisation",
        }
    }
}

/// Who may join a scheme, as a coordinator sets it and a member can read it. Every
/// field left empty lets everyone through.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Eligibility {
    /// Age in whole years on the day she enrols, from her date of birth.
    pub min_age: Option<i64>,
    pub max_age: Option<i64>,
    /// Her declared monthly income may not be above this (minor units).
    pub income_ceiling: Option<i64>,
    /// Only women, or only men, when the scheme says so (maternity, for example).
    pub gender: Option<String>,
    /// Months she must have been a member.
    pub min_member_months: Option<i64>,
    /// Schemes she may not be in at the same time (their ids).
    pub excludes: Vec<i64>,
}

/// What is known of a member when her eligibility is asked.
#[derive(Debug, Clone, Default)]
pub struct Applicant {
    pub born_on: Option<Date>,
    pub monthly_income: Option<i64>,
    pub gender: String,
    pub joined_on: Option<Date>,
    /// The schemes she is in now (applied, enrolled or active).
    pub schemes: Vec<i64>,
}

/// Why a member may not join, each with what the rule says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum No {
    BirthUnknown,
    TooYoung { min: i64 },
    TooOld { max: i64 },
    IncomeUnknown,
    IncomeAbove { ceiling: i64 },
    Gender,
    TooNew { months: i64 },
    InScheme { scheme: i64 },
}

impl No {
    /// Its message id.
    pub fn message(self) -> &'static str {
        match self {
            No::BirthUnknown => "eligible-no-birth",
            No::TooYoung { .. } => "eligible-too-young",
            No::TooOld { .. } => "eligible-too-old",
            No::IncomeUnknown => "eligible-no-income",
            No::IncomeAbove { .. } => "eligible-income-above",
            No::Gender => "eligible-gender",
            No::TooNew { .. } => "eligible-too-new",
            No::InScheme { .. } => "eligible-in-scheme",
        }
    }
}

/// Her age in whole years on a day.
pub fn age_on(born: Date, on: Date) -> i64 {
    let mut years = i64::from(on.year() - born.year());
    if (on.month() as u8, on.day()) < (born.month() as u8, born.day()) {
        years -= 1;
    }
    years
}

/// Whole months from one day to another (a month counts once its day is reached).
pub fn months_between(from: Date, to: Date) -> i64 {
    let mut m = i64::from(to.year() - from.year()) * 12 + i64::from(to.month() as u8) - i64::from(from.month() as u8);
    if to.day() < from.day() {
        m -= 1;
    }
    m
}

/// Every reason she may not join on `on`; none when she may.
pub fn check(e: &Eligibility, a: &Applicant, on: Date) -> Vec<No> {
    let mut no = vec![];
    if e.min_age.is_some() || e.max_age.is_some() {
        match a.born_on {
            None => no.push(No::BirthUnknown),
            Some(b) => {
                let age = age_on(b, on);
                if let Some(min) = e.min_age.filter(|m| age < *m) {
                    no.push(No::TooYoung { min });
                }
                if let Some(max) = e.max_age.filter(|m| age > *m) {
                    no.push(No::TooOld { max });
                }
            }
        }
    }
    if let Some(ceiling) = e.income_ceiling {
        match a.monthly_income {
            None => no.push(No::IncomeUnknown),
            Some(i) if i > ceiling => no.push(No::IncomeAbove { ceiling }),
            Some(_) => {}
        }
    }
    if let Some(g) = e.gender.as_deref().filter(|g| !g.is_empty())
        && a.gender != g
    {
        no.push(No::Gender);
    }
    if let Some(months) = e.min_member_months.filter(|m| *m > 0)
        && a.joined_on.is_none_or(|j| months_between(j, on) < months)
    {
        no.push(No::TooNew { months });
    }
    for s in &e.excludes {
        if a.schemes.contains(s) {
            no.push(No::InScheme { scheme: *s });
        }
    }
    no
}

/// How often a contribution falls due.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Period {
    Month,
    Quarter,
    Year,
}

impl Period {
    pub const ALL: [Period; 3] = [Period::Month, Period::Quarter, Period::Year];
    pub fn as_str(self) -> &'static str {
        match self {
            Period::Month => "month",
            Period::Quarter => "quarter",
            Period::Year => "year",
        }
    }
    pub fn parse(s: &str) -> Option<Period> {
        Period::ALL.into_iter().find(|k| k.as_str() == s.trim())
    }
    pub fn label(self) -> &'static str {
        match self {
            Period::Month => "period-month",
            Period::Quarter => "period-quarter",
            Period::Year => "period-year",
        }
    }
    pub fn months(self) -> u8 {
        match self {
            Period::Month => 1,
            Period::Quarter => 3,
            Period::Year => 12,
        }
    }
}

/// How her contribution is worked out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Method {
    /// The same amount each period.
    Fixed(i64),
    /// By her age when she joined, from a table of (age, amount): PM-SYM's way.
    AgeTable(Vec<(i64, i64)>),
    /// A share (basis points) of her declared monthly income, the income first held
    /// between a floor and a ceiling: PhilHealth's way.
    PercentOfIncome { bp: i64, floor: i64, ceiling: i64 },
    /// A share (basis points) of the minimum wage: the Brazilian MEI's way.
    PercentOfMinimumWage { bp: i64, minimum_wage: i64 },
}

/// A percent (basis points) of an amount, to the nearest minor unit, halves up.
pub fn share_bp(amount: i64, bp: i64) -> Option<i64> {
    let p = i128::from(amount).checked_mul(i128::from(bp))?;
    i64::try_from((p + 5_000).div_euclid(10_000)).ok()
}

/// Why no contribution can be worked out for her.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unpriced {
    AgeNotInTable,
    IncomeUnknown,
    Overflow,
}

impl Unpriced {
    pub fn message(self) -> &'static str {
        match self {
            Unpriced::AgeNotInTable => "contribution-age-not-in-table",
            Unpriced::IncomeUnknown => "eligible-no-income",
            Unpriced::Overflow => "error-too-large",
        }
    }
}

/// Her contribution for one period, monthly amounts times the months of the period
/// (a fixed amount and an age table are already per period).
pub fn contribution(
    m: &Method,
    period: Period,
    age_at_entry: Option<i64>,
    monthly_income: Option<i64>,
) -> Result<i64, Unpriced> {
    let months = i64::from(period.months());
    match m {
        Method::Fixed(a) => Ok(*a),
        Method::AgeTable(rows) => {
            let age = age_at_entry.ok_or(Unpriced::AgeNotInTable)?;
            rows.iter()
                .find(|(a, _)| *a == age)
                .map(|(_, amount)| *amount)
                .ok_or(Unpriced::AgeNotInTable)
        }
        Method::PercentOfIncome { bp, floor, ceiling } => {
            let income = monthly_income.ok_or(Unpriced::IncomeUnknown)?;
            let base = income.clamp(*floor, (*ceiling).max(*floor));
            share_bp(base, *bp)
                .and_then(|a| a.checked_mul(months))
                .ok_or(Unpriced::Overflow)
        }
        Method::PercentOfMinimumWage { bp, minimum_wage } => share_bp(*minimum_wage, *bp)
            .and_then(|a| a.checked_mul(months))
            .ok_or(Unpriced::Overflow),
    }
}

/// Reads an age table written `18:55, 19:58, …` (age, then amount in minor units); ages
/// must rise and amounts be positive.
pub fn parse_age_table(s: &str) -> Option<Vec<(i64, i64)>> {
    let mut out: Vec<(i64, i64)> = vec![];
    for part in s.split([',', ';', '\n']).map(str::trim).filter(|p| !p.is_empty()) {
        let (age, amount) = part.split_once(':')?;
        let (age, amount) = (age.trim().parse::<i64>().ok()?, amount.trim().parse::<i64>().ok()?);
        if !(0..=120).contains(&age) || amount <= 0 || out.last().is_some_and(|(a, _)| *a >= age) {
            return None;
        }
        out.push((age, amount));
    }
    (!out.is_empty()).then_some(out)
}

pub fn age_table_text(rows: &[(i64, i64)]) -> String {
    rows.iter()
        .map(|(a, m)| format!("{a}:{m}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Two dated tables overlap when each starts before the other ends (an open end runs
/// for ever).
pub fn overlaps(a: (&str, Option<&str>), b: (&str, Option<&str>)) -> bool {
    let ends_after = |end: Option<&str>, start: &str| end.is_none_or(|e| e >= start);
    ends_after(a.1, b.0) && ends_after(b.1, a.0)
}

/// Where a cover stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Standing {
    /// Paid for today.
    Active,
    /// A period is unpaid but the grace days have not run out.
    InGrace,
    /// Unpaid beyond the grace days: reinstated only as the scheme says.
    Lapsed,
}

impl Standing {
    pub fn as_str(self) -> &'static str {
        match self {
            Standing::Active => "active",
            Standing::InGrace => "in_grace",
            Standing::Lapsed => "lapsed",
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            Standing::Active => "cover-active",
            Standing::InGrace => "cover-in-grace",
            Standing::Lapsed => "cover-lapsed",
        }
    }
}

/// The first day of the month `n` months after the one `d` is in.
pub fn add_months(d: Date, n: i64) -> Date {
    let index = i64::from(d.year()) * 12 + i64::from(d.month() as u8) - 1 + n;
    let (year, month) = (index.div_euclid(12), index.rem_euclid(12) + 1);
    let month = Month::try_from(u8::try_from(month).unwrap_or(1)).unwrap_or(Month::January);
    Date::from_calendar_date(i32::try_from(year).unwrap_or(d.year()), month, 1).unwrap_or(d)
}

/// The periods her cover began with: the first runs from the first of the month she was
/// enrolled in, and falls due the day she is enrolled. `paid` periods paid in all cover
/// her up to the day before the next is due; the cover stands on `on` as its payments say.
pub fn standing(started: Date, period: Period, paid: i64, grace_days: i64, on: Date) -> (Standing, Date) {
    let next_due = if paid > 0 {
        add_months(started, paid.saturating_mul(i64::from(period.months())))
    } else {
        started
    };
    let s = if on < next_due {
        Standing::Active
    } else if on <= next_due + Duration::days(grace_days.max(0)) {
        Standing::InGrace
    } else {
        Standing::Lapsed
    };
    (s, next_due)
}

/// Where an enrolment is on its way: applied → documents complete → submitted →
/// enrolled (with the scheme's own number) → active → lapsed or exited.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Step {
    Applied,
    DocumentsComplete,
    Submitted,
    Enrolled,
    Active,
    Lapsed,
    Exited,
}

impl Step {
    pub const ALL: [Step; 7] = [
        Step::Applied,
        Step::DocumentsComplete,
        Step::Submitted,
        Step::Enrolled,
        Step::Active,
        Step::Lapsed,
        Step::Exited,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            Step::Applied => "applied",
            Step::DocumentsComplete => "documents_complete",
            Step::Submitted => "submitted",
            Step::Enrolled => "enrolled",
            Step::Active => "active",
            Step::Lapsed => "lapsed",
            Step::Exited => "exited",
        }
    }
    pub fn parse(s: &str) -> Option<Step> {
        Step::ALL.into_iter().find(|k| k.as_str() == s.trim())
    }
    pub fn label(self) -> &'static str {
        match self {
            Step::Applied => "enrol-applied",
            Step::DocumentsComplete => "enrol-documents-complete",
            Step::Submitted => "enrol-submitted",
            Step::Enrolled => "enrol-enrolled",
            Step::Active => "cover-active",
            Step::Lapsed => "cover-lapsed",
            Step::Exited => "enrol-exited",
        }
    }
    /// Whether a cover may take contributions at this step.
    pub fn covers(self) -> bool {
        matches!(self, Step::Enrolled | Step::Active)
    }
    /// The steps that may follow this one: forward one at a time (documents complete may
    /// be skipped when the checklist is empty), a lapsed cover reinstated to active, and an
    /// exit from anywhere but an exit.
    pub fn may_go(self, to: Step) -> bool {
        use Step::*;
        matches!(
            (self, to),
            (Applied, DocumentsComplete)
                | (Applied | DocumentsComplete, Submitted)
                | (Submitted, Enrolled)
                | (Enrolled, Active)
                | (Enrolled | Active, Lapsed)
                | (Lapsed, Active)
        ) || (to == Exited && self != Exited)
    }
}

/// Where a claim stands: reported by or for her, documents asked for all at once,
/// submitted to the scheme, approved or rejected with the reason, received by the
/// organisation when it pays her through its till, and paid.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClaimStep {
    Reported,
    DocumentsRequested,
    Submitted,
    Approved,
    Rejected,
    Received,
    Paid,
}

impl ClaimStep {
    pub const ALL: [ClaimStep; 7] = [
        ClaimStep::Reported,
        ClaimStep::DocumentsRequested,
        ClaimStep::Submitted,
        ClaimStep::Approved,
        ClaimStep::Rejected,
        ClaimStep::Received,
        ClaimStep::Paid,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            ClaimStep::Reported => "reported",
            ClaimStep::DocumentsRequested => "documents_requested",
            ClaimStep::Submitted => "submitted",
            ClaimStep::Approved => "approved",
            ClaimStep::Rejected => "rejected",
            ClaimStep::Received => "received",
            ClaimStep::Paid => "paid",
        }
    }
    pub fn parse(s: &str) -> Option<ClaimStep> {
        ClaimStep::ALL.into_iter().find(|k| k.as_str() == s.trim())
    }
    pub fn label(self) -> &'static str {
        match self {
            ClaimStep::Reported => "claim-reported",
            ClaimStep::DocumentsRequested => "claim-documents-requested",
            ClaimStep::Submitted => "claim-submitted",
            ClaimStep::Approved => "claim-approved",
            ClaimStep::Rejected => "claim-rejected",
            ClaimStep::Received => "claim-received",
            ClaimStep::Paid => "claim-paid",
        }
    }
    /// Whether the claim is over (paid or rejected).
    pub fn ended(self) -> bool {
        matches!(self, ClaimStep::Paid | ClaimStep::Rejected)
    }
    /// The steps that may follow this one. Documents are asked for once; a claim may be
    /// submitted without documents when none were asked; received only on its way to her
    /// through the organisation; nothing follows a paid or rejected claim.
    pub fn may_go(self, to: ClaimStep) -> bool {
        use ClaimStep::*;
        matches!(
            (self, to),
            (Reported, DocumentsRequested)
                | (Reported | DocumentsRequested, Submitted)
                | (Submitted, Approved)
                | (Reported | DocumentsRequested | Submitted, Rejected)
                | (Approved, Received)
                | (Approved | Received, Paid)
        )
    }
    /// What comes next for the member to know: her documents, the scheme's answer, the
    /// money.
    pub fn next_label(self) -> Option<&'static str> {
        match self {
            ClaimStep::Reported => Some("claim-next-documents"),
            ClaimStep::DocumentsRequested => Some("claim-next-bring"),
            ClaimStep::Submitted => Some("claim-next-decision"),
            ClaimStep::Approved | ClaimStep::Received => Some("claim-next-payment"),
            ClaimStep::Rejected | ClaimStep::Paid => None,
        }
    }
}

/// Days from her last document to the day she was paid, and whether that broke the
/// scheme's promise. An unpaid claim is measured to `today`, so a late one shows before
/// it is paid.
pub fn turnaround(complete: Date, paid_or_today: Date, promise: Option<i64>) -> (i64, bool) {
    let days = (paid_or_today - complete).whole_days().max(0);
    (days, promise.is_some_and(|p| days > p))
}

/// The median of whole days, the lower middle one of an even count; none of nothing.
pub fn median(mut days: Vec<i64>) -> Option<i64> {
    days.sort_unstable();
    match days.len() {
        0 => None,
        n => Some(days[(n - 1) / 2]),
    }
}

/// How a solidarity fund's rule counts: each member so much a month, or a meeting.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FundPer {
    Month,
    Meeting,
}

impl FundPer {
    pub const ALL: [FundPer; 2] = [FundPer::Month, FundPer::Meeting];
    pub fn as_str(self) -> &'static str {
        match self {
            FundPer::Month => "month",
            FundPer::Meeting => "meeting",
        }
    }
    pub fn parse(s: &str) -> Option<FundPer> {
        FundPer::ALL.into_iter().find(|k| k.as_str() == s.trim())
    }
    pub fn label(self) -> &'static str {
        match self {
            FundPer::Month => "fund-per-month",
            FundPer::Meeting => "fund-per-meeting",
        }
    }
}

/// Money into or out of the solidarity fund.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FundMove {
    Contribution,
    Grant,
    Loan,
    Repayment,
}

impl FundMove {
    pub const ALL: [FundMove; 4] = [
        FundMove::Contribution,
        FundMove::Grant,
        FundMove::Loan,
        FundMove::Repayment,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            FundMove::Contribution => "contribution",
            FundMove::Grant => "grant",
            FundMove::Loan => "loan",
            FundMove::Repayment => "repayment",
        }
    }
    pub fn parse(s: &str) -> Option<FundMove> {
        FundMove::ALL.into_iter().find(|k| k.as_str() == s.trim())
    }
    pub fn label(self) -> &'static str {
        match self {
            FundMove::Contribution => "fund-contribution",
            FundMove::Grant => "fund-grant",
            FundMove::Loan => "fund-loan",
            FundMove::Repayment => "fund-repayment",
        }
    }
    /// Whether it takes money out of the fund, and so needs a resolution.
    pub fn decided(self) -> bool {
        matches!(self, FundMove::Grant | FundMove::Loan)
    }
}

/// The contributions a remittance sends: whole ones, oldest first, while they fit in
/// `limit`. What is picked and what is left add up to all that was owed.
pub fn pick_whole(owed: &[i64], limit: i64) -> (Vec<usize>, i64) {
    let (mut total, mut picked) = (0i64, vec![]);
    for (i, &o) in owed.iter().enumerate() {
        match total.checked_add(o) {
            Some(t) if t <= limit => {
                total = t;
                picked.push(i);
            }
            _ => break,
        }
    }
    (picked, total)
}

/// The smallest count a federation may see: 1 to 10 could single a member out.
pub const SMALL: i64 = 10;

/// A sum the figures publish: these parts add up to that whole (organisations to the
/// federation's total, women and men to everyone).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    pub parts: Vec<usize>,
    pub whole: usize,
}

/// Which counts may be shown. A count from 1 to 10 is hidden; then, in every line whose
/// whole is shown, what the hidden parts add up to (the whole less the parts shown) must
/// not be from 1 to 10 either, so no small count comes back by subtraction: the smallest
/// shown part that is not zero is hidden too, or the whole when none is left. Repeated
/// until every line holds, as hiding in one line may open another.
pub fn suppress(counts: &[i64], lines: &[Line]) -> Vec<bool> {
    let small = |n: i64| (1..=SMALL).contains(&n);
    let mut shown: Vec<bool> = counts.iter().map(|&n| !small(n)).collect();
    loop {
        let mut changed = false;
        for l in lines {
            if !shown[l.whole] {
                continue;
            }
            let visible: i64 = l.parts.iter().filter(|&&p| shown[p]).map(|&p| counts[p]).sum();
            let hidden = l.parts.iter().filter(|&&p| !shown[p]).count();
            if hidden == 0 || !small(counts[l.whole] - visible) {
                continue;
            }
            let next = l
                .parts
                .iter()
                .copied()
                .filter(|&p| shown[p] && counts[p] != 0)
                .min_by_key(|&p| counts[p]);
            shown[next.unwrap_or(l.whole)] = false;
            changed = true;
        }
        if !changed {
            return shown;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    /// PM-SYM's published monthly contributions by age at entry (18 to 40), in rupees;
    /// the Government of India puts in the same amount.
    const PM_SYM: [i64; 23] = [
        55, 58, 61, 64, 68, 72, 76, 80, 85, 90, 95, 100, 105, 110, 120, 130, 140, 150, 160, 170, 180, 190, 200,
    ];

    fn pm_sym() -> Method {
        Method::AgeTable((18..=40).zip(PM_SYM.iter().map(|r| r * 100)).collect())
    }

    #[test]
    fn pm_sym_by_age_at_entry_matched_by_the_state() {
        let m = pm_sym();
        for (age, rupees) in [(18, 55), (29, 100), (35, 150), (40, 200)] {
            let her = contribution(&m, Period::Month, Some(age), None).unwrap();
            assert_eq!(her, rupees * 100, "age {age}");
            assert_eq!(share_bp(her, 10_000), Some(her), "matched one for one");
        }
        assert_eq!(
            contribution(&m, Period::Month, Some(41), None),
            Err(Unpriced::AgeNotInTable)
        );
        assert_eq!(
            contribution(&m, Period::Month, Some(17), None),
            Err(Unpriced::AgeNotInTable)
        );
        let born = date!(1996 - 08 - 15);
        assert_eq!(age_on(born, date!(2026 - 08 - 14)), 29);
        assert_eq!(age_on(born, date!(2026 - 08 - 15)), 30);
    }

    #[test]
    fn philhealth_five_percent_between_a_floor_and_a_ceiling() {
        // 2024 onwards: 5 % of monthly income, the income held between ₱10,000 and ₱100,000.
        let m = Method::PercentOfIncome {
            bp: 500,
            floor: 1_000_000,
            ceiling: 10_000_000,
        };
        for (income, due) in [
            (800_000, 50_000),
            (1_000_000, 50_000),
            (2_500_000, 125_000),
            (15_000_000, 500_000),
        ] {
            assert_eq!(
                contribution(&m, Period::Month, None, Some(income)),
                Ok(due),
                "₱{income}"
            );
        }
        assert_eq!(
            contribution(&m, Period::Quarter, None, Some(2_500_000)),
            Ok(375_000),
            "three months"
        );
        assert_eq!(
            contribution(&m, Period::Month, None, None),
            Err(Unpriced::IncomeUnknown)
        );
    }

    #[test]
    fn mei_five_percent_of_the_minimum_wage_by_its_year() {
        let mei = |wage| Method::PercentOfMinimumWage {
            bp: 500,
            minimum_wage: wage,
        };
        // R$1,412.00 in 2024 → R$70.60; R$1,518.00 in 2025 → R$75.90.
        assert_eq!(contribution(&mei(141_200), Period::Month, None, None), Ok(7_060));
        assert_eq!(contribution(&mei(151_800), Period::Month, None, None), Ok(7_590));
    }

    #[test]
    fn a_reason_for_every_no() {
        let e = Eligibility {
            min_age: Some(18),
            max_age: Some(40),
            income_ceiling: Some(1_500_000),
            gender: Some("woman".into()),
            min_member_months: Some(6),
            excludes: vec![9],
        };
        let on = date!(2026 - 12 - 07);
        let ok = Applicant {
            born_on: Some(date!(1990 - 01 - 01)),
            monthly_income: Some(900_000),
            gender: "woman".into(),
            joined_on: Some(date!(2026 - 06 - 07)),
            schemes: vec![3],
        };
        assert_eq!(check(&e, &ok, on), []);
        let no = Applicant {
            born_on: Some(date!(1980 - 01 - 01)),
            monthly_income: Some(1_600_000),
            gender: "man".into(),
            joined_on: Some(date!(2026 - 06 - 08)),
            schemes: vec![9],
        };
        assert_eq!(
            check(&e, &no, on),
            [
                No::TooOld { max: 40 },
                No::IncomeAbove { ceiling: 1_500_000 },
                No::Gender,
                No::TooNew { months: 6 },
                No::InScheme { scheme: 9 }
            ]
        );
        let unknown = Applicant::default();
        assert_eq!(
            check(&e, &unknown, on),
            [
                No::BirthUnknown,
                No::IncomeUnknown,
                No::Gender,
                No::TooNew { months: 6 }
            ]
        );
        assert_eq!(check(&Eligibility::default(), &unknown, on), [], "no rule, no refusal");
    }

    #[test]
    fn a_cover_follows_its_payments() {
        let started = date!(2026 - 03 - 20);
        // Paid March and April: active through April, in grace the first 30 days of May.
        assert_eq!(
            standing(started, Period::Month, 2, 30, date!(2026 - 04 - 30)),
            (Standing::Active, date!(2026 - 05 - 01))
        );
        assert_eq!(
            standing(started, Period::Month, 2, 30, date!(2026 - 05 - 31)).0,
            Standing::InGrace
        );
        assert_eq!(
            standing(started, Period::Month, 2, 30, date!(2026 - 06 - 01)).0,
            Standing::Lapsed
        );
        assert_eq!(
            standing(started, Period::Quarter, 1, 0, date!(2026 - 06 - 02)).0,
            Standing::Lapsed
        );
        assert_eq!(
            standing(started, Period::Year, 1, 0, date!(2027 - 02 - 28)).0,
            Standing::Active
        );
        assert_eq!(add_months(date!(2026 - 11 - 15), 2), date!(2027 - 01 - 01));
        // Nothing paid yet: the first period is due the day she was enrolled, not before.
        assert_eq!(
            standing(started, Period::Month, 0, 0, started),
            (Standing::InGrace, started)
        );
        assert_eq!(
            standing(started, Period::Month, 0, 10, date!(2026 - 03 - 31)).0,
            Standing::Lapsed
        );
    }

    #[test]
    fn dated_tables_may_not_overlap() {
        assert!(overlaps(("2025-01-01", Some("2025-12-31")), ("2025-12-31", None)));
        assert!(!overlaps(("2025-01-01", Some("2025-12-31")), ("2026-01-01", None)));
        assert!(overlaps(("2026-01-01", None), ("2024-01-01", None)));
        assert_eq!(parse_age_table("18:5500, 19:5800"), Some(vec![(18, 5500), (19, 5800)]));
        assert_eq!(parse_age_table("19:5800, 18:5500"), None, "ages must rise");
        assert_eq!(parse_age_table("18:0"), None);
    }

    #[test]
    fn an_enrolment_goes_step_by_step() {
        use Step::*;
        assert!(Applied.may_go(DocumentsComplete) && Applied.may_go(Submitted));
        assert!(
            !Applied.may_go(Enrolled) && !Applied.may_go(Active),
            "no step skipped to the cover"
        );
        assert!(Lapsed.may_go(Active) && !Exited.may_go(Active) && !Exited.may_go(Exited));
        assert!(Active.may_go(Exited) && !Active.may_go(Applied));
        assert!(Enrolled.covers() && Active.covers() && !Lapsed.covers() && !Submitted.covers());
    }

    #[test]
    fn a_claim_goes_to_payment_step_by_step() {
        use ClaimStep::*;
        assert!(Reported.may_go(DocumentsRequested) && Reported.may_go(Submitted));
        assert!(DocumentsRequested.may_go(Submitted) && Submitted.may_go(Approved));
        assert!(
            !Reported.may_go(Approved) && !Submitted.may_go(Paid),
            "no answer or money skipped"
        );
        assert!(Approved.may_go(Paid) && Approved.may_go(Received) && Received.may_go(Paid));
        assert!(!Paid.may_go(Paid), "a claim is paid once");
        assert!(!Rejected.may_go(Approved) && !Approved.may_go(Rejected));
        assert!(Paid.ended() && Rejected.ended() && !Approved.ended());
        assert_eq!(Paid.next_label(), None);
    }

    #[test]
    fn turnaround_counts_from_the_last_document() {
        // Last document on 1 March, paid on 5 April: 35 days, over a 30-day promise.
        assert_eq!(
            turnaround(date!(2026 - 03 - 01), date!(2026 - 04 - 05), Some(30)),
            (35, true)
        );
        assert_eq!(
            turnaround(date!(2026 - 03 - 01), date!(2026 - 03 - 31), Some(30)),
            (30, false)
        );
        assert_eq!(
            turnaround(date!(2026 - 03 - 01), date!(2026 - 12 - 31), None),
            (305, false)
        );
        assert_eq!(median(vec![30, 5, 12]), Some(12));
        assert_eq!(median(vec![30, 5, 12, 40]), Some(12));
        assert_eq!(median(vec![]), None);
    }

    #[test]
    fn small_counts_are_hidden_and_do_not_come_back_by_subtraction() {
        // Three organisations and their federation's total: 4 is hidden, and so is the
        // next smallest, 25, or 29 - 25 would give the 4 back.
        let counts = [4, 25, 120, 149];
        let lines = [Line {
            parts: vec![0, 1, 2],
            whole: 3,
        }];
        assert_eq!(suppress(&counts, &lines), vec![false, false, true, true]);
        // Nothing left to hide but the total.
        let counts = [3, 0, 3];
        let lines = [Line {
            parts: vec![0, 1],
            whole: 2,
        }];
        assert_eq!(suppress(&counts, &lines), vec![false, true, false]);
        // Two small parts adding up to more than 10 may go with the total shown.
        let counts = [6, 7, 40, 53];
        let lines = [Line {
            parts: vec![0, 1, 2],
            whole: 3,
        }];
        assert_eq!(suppress(&counts, &lines), vec![false, false, true, true]);
        assert_eq!(
            suppress(
                &[0, 11, 11],
                &[Line {
                    parts: vec![0, 1],
                    whole: 2
                }]
            ),
            vec![true; 3]
        );
    }

    #[test]
    fn a_remittance_sends_whole_contributions_oldest_first() {
        assert_eq!(pick_whole(&[100, 200, 50], 320), (vec![0, 1], 300));
        assert_eq!(pick_whole(&[100, 200, 50], 99), (vec![], 0));
        assert_eq!(pick_whole(&[100, 200, 50], 350), (vec![0, 1, 2], 350));
    }

    proptest::proptest! {
        #[test]
        fn percent_of_income_stays_between_its_floor_and_ceiling(income in 0i64..1_000_000_000, bp in 1i64..2_000) {
            let m = Method::PercentOfIncome { bp, floor: 1_000_000, ceiling: 10_000_000 };
            let due = contribution(&m, Period::Month, None, Some(income)).unwrap();
            proptest::prop_assert!(due >= share_bp(1_000_000, bp).unwrap());
            proptest::prop_assert!(due <= share_bp(10_000_000, bp).unwrap());
        }
        #[test]
        fn what_is_remitted_and_what_is_left_make_what_was_collected(
            owed in proptest::collection::vec(1i64..10_000_000, 0..40), limit in 0i64..200_000_000
        ) {
            let (picked, total) = pick_whole(&owed, limit);
            proptest::prop_assert!(total <= limit);
            let left: i64 = owed.iter().enumerate().filter(|(i, _)| !picked.contains(i)).map(|(_, o)| o).sum();
            proptest::prop_assert_eq!(total + left, owed.iter().sum::<i64>());
            proptest::prop_assert_eq!(picked.iter().map(|&i| owed[i]).sum::<i64>(), total);
        }

        #[test]
        fn a_cover_never_stands_worse_for_paying_more(paid in 0i64..30, more in 1i64..10, days in 0i64..900, grace in 0i64..60) {
            let started = time::macros::date!(2025 - 01 - 15);
            let on = started + Duration::days(days);
            let rank = |s: Standing| match s { Standing::Active => 2, Standing::InGrace => 1, Standing::Lapsed => 0 };
            let (a, due_a) = standing(started, Period::Month, paid, grace, on);
            let (b, due_b) = standing(started, Period::Month, paid + more, grace, on);
            proptest::prop_assert!(rank(b) >= rank(a));
            proptest::prop_assert!(due_b > due_a);
        }

        #[test]
        fn no_small_count_is_shown_or_left_to_subtract(
            cells in proptest::collection::vec(proptest::collection::vec(
                proptest::prop_oneof![3 => 0i64..=12, 1 => 0i64..500], 3), 1..8)
        ) {
            // Organisations by rows, women, men and others by columns, with each row's
            // total, each column's total and the grand total.
            let (rows, cols) = (cells.len(), 3);
            let mut counts: Vec<i64> = cells.iter().flatten().copied().collect();
            let row_total = |r: usize| rows * cols + r;
            counts.extend(cells.iter().map(|r| r.iter().sum::<i64>()));
            let col_total = |c: usize| rows * cols + rows + c;
            counts.extend((0..cols).map(|c| cells.iter().map(|r| r[c]).sum::<i64>()));
            let grand = counts.len();
            counts.push(cells.iter().flatten().sum());
            let mut lines = vec![];
            for r in 0..rows {
                lines.push(Line { parts: (0..cols).map(|c| r * cols + c).collect(), whole: row_total(r) });
            }
            for c in 0..cols {
                lines.push(Line { parts: (0..rows).map(|r| r * cols + c).collect(), whole: col_total(c) });
            }
            lines.push(Line { parts: (0..rows).map(row_total).collect(), whole: grand });
            lines.push(Line { parts: (0..cols).map(col_total).collect(), whole: grand });
            let shown = suppress(&counts, &lines);
            for (i, &n) in counts.iter().enumerate() {
                proptest::prop_assert!(!shown[i] || !(1..=SMALL).contains(&n), "{} shown", n);
            }
            for l in &lines {
                if shown[l.whole] {
                    let rest = counts[l.whole] - l.parts.iter().filter(|&&p| shown[p]).map(|&p| counts[p]).sum::<i64>();
                    proptest::prop_assert!(!(1..=SMALL).contains(&rest), "{} by subtraction", rest);
                }
            }
        }
    }
}
