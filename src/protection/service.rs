//! Use cases of social protection, each inside the caller's one transaction.

use super::model::{
    self, Applicant, Carrier, ClaimStep, Eligibility, FundMove, FundPer, Line, Method, No, Period, SchemeKind,
    Standing, Step,
};
use super::store::{
    self, ClaimChange, ClaimRow, ContributionRow, DependantRow, EnrolmentRow, FundMoveRow, NewContribution,
    NewFundMove, RateRow, RemittanceRow, SchemeRow,
};
use crate::db::{Tx, iso_day, parse_day};
use crate::ledger::{EntryLine, Till, entry_of};
use crate::members::MemberRow;
use crate::money::MAX_MINOR;
use crate::orgs::Org;
use crate::web::form::day;
use crate::web::form::text;
use crate::web::{AppError, AppResult, FieldError};

/// Contributions collected and not yet sent to the scheme.
pub const TO_REMIT: &str = "2400";
/// The organisation's own share of a matched contribution.
const MATCHING: &str = "5950";
/// Members' savings, from which a standing instruction pays her contribution.
const SAVINGS: &str = "2100";
/// What a contribution is paid from when her savings pay it.
pub const FROM_SAVINGS: &str = "savings";
/// A claim's money the scheme paid the organisation and it owes her.
const CLAIMS_TO_PAY: &str = "2410";
/// Claims the organisation's own fund pays.
const CLAIMS_PAID: &str = "5960";
/// The solidarity fund, and its interest-free loans to members.
const FUND: &str = "3500";
const FUND_LOANS: &str = "1410";

pub(super) fn invalid(field: &'static str, message: &'static str) -> AppError {
    AppError::Invalid(vec![FieldError::new(field, message)])
}

// Schemes.

/// A scheme as a coordinator writes it: what it is, who carries it, and who may join.
#[derive(Debug, Clone, Default)]
pub struct SchemeDraft {
    pub name: String,
    pub kind: String,
    pub carrier: String,
    pub contact: String,
    pub reference: String,
    pub eligibility: Eligibility,
    /// The documents an enrolment needs, one a line.
    pub documents: Vec<String>,
    /// The days the scheme promises to pay a claim in, from her last document.
    pub turnaround_days: Option<i64>,
}

pub async fn create_scheme(tx: &mut Tx, org: &Org, d: &SchemeDraft) -> AppResult<i64> {
    let mut errors = vec![];
    let name = d.name.trim();
    if name.is_empty() || name.chars().count() > 120 {
        errors.push(FieldError::new("name", "scheme-name-invalid"));
    }
    let kind = SchemeKind::parse(&d.kind);
    if kind.is_none() {
        errors.push(FieldError::new("kind", "scheme-kind-invalid"));
    }
    let carrier = Carrier::parse(&d.carrier);
    if carrier.is_none() {
        errors.push(FieldError::new("carrier", "scheme-carrier-invalid"));
    }
    let e = &d.eligibility;
    let ages_ok = [e.min_age, e.max_age].iter().flatten().all(|a| (0..=120).contains(a))
        && e.min_age.zip(e.max_age).is_none_or(|(a, b)| a <= b);
    if !ages_ok {
        errors.push(FieldError::new("min_age", "scheme-ages-invalid"));
    }
    if e.income_ceiling.is_some_and(|c| !(1..=MAX_MINOR).contains(&c)) {
        errors.push(FieldError::new("income_ceiling", "amount-not-positive"));
    }
    if e.min_member_months.is_some_and(|m| !(0..=600).contains(&m)) {
        errors.push(FieldError::new("min_member_months", "scheme-months-invalid"));
    }
    if d.turnaround_days.is_some_and(|t| !(1..=365).contains(&t)) {
        errors.push(FieldError::new("turnaround_days", "scheme-turnaround-invalid"));
    }
    let gender = e.gender.clone().unwrap_or_default();
    if !crate::members::model::GENDERS.contains(&gender.as_str()) {
        errors.push(FieldError::new("gender", "scheme-gender-invalid"));
    }
    let documents: Vec<String> = d
        .documents
        .iter()
        .map(|x| x.trim().to_string())
        .filter(|x| !x.is_empty())
        .collect();
    if documents.len() > 20 || documents.iter().any(|x| x.chars().count() > 80) {
        errors.push(FieldError::new("documents", "scheme-documents-invalid"));
    }
    let mut excludes = vec![];
    for id in &e.excludes {
        if store::scheme(tx, org.id, *id).await?.is_none() {
            errors.push(FieldError::new("excludes", "scheme-unknown"));
        } else {
            excludes.push(id.to_string());
        }
    }
    if !errors.is_empty() {
        return Err(AppError::Invalid(errors));
    }
    let row = SchemeRow {
        id: 0,
        name: name.to_string(),
        kind: kind.map_or("", SchemeKind::as_str).to_string(),
        carrier: carrier.map_or("", Carrier::as_str).to_string(),
        contact: text("contact", &d.contact, 200, false)?,
        reference: text("reference", &d.reference, 80, false)?,
        min_age: e.min_age,
        max_age: e.max_age,
        income_ceiling: e.income_ceiling,
        gender,
        min_member_months: e.min_member_months.filter(|m| *m > 0),
        excludes: excludes.join(","),
        documents: documents.join("\n"),
        turnaround_days: d.turnaround_days,
        published: false,
        adopted_from: None,
    };
    Ok(store::insert_scheme(tx, org.id, &row).await?)
}

pub async fn schemes(tx: &mut Tx, org: &Org) -> AppResult<Vec<SchemeRow>> {
    Ok(store::schemes(tx, org.id).await?)
}

/// A scheme's name among the organisation's schemes; empty when it is not one of them.
pub fn name_of(schemes: &[SchemeRow], id: i64) -> String {
    schemes
        .iter()
        .find(|s| s.id == id)
        .map_or(String::new(), |s| s.name.clone())
}

pub async fn scheme(tx: &mut Tx, org: &Org, id: i64) -> AppResult<SchemeRow> {
    store::scheme(tx, org.id, id).await?.ok_or(AppError::NotFound)
}

/// A scheme's rules as the model reads them.
pub fn eligibility(s: &SchemeRow) -> Eligibility {
    Eligibility {
        min_age: s.min_age,
        max_age: s.max_age,
        income_ceiling: s.income_ceiling,
        gender: (!s.gender.is_empty()).then(|| s.gender.clone()),
        min_member_months: s.min_member_months,
        excludes: s.excludes.split(',').filter_map(|x| x.trim().parse().ok()).collect(),
    }
}

pub fn documents_of(s: &SchemeRow) -> Vec<&str> {
    s.documents.lines().map(str::trim).filter(|x| !x.is_empty()).collect()
}

// Rate tables.

/// Adds a dated rate table; one overlapping another of the scheme is refused.
pub async fn add_rate(tx: &mut Tx, org: &Org, scheme_id: i64, r: &RateRow) -> AppResult<i64> {
    scheme(tx, org, scheme_id).await?;
    let mut errors = vec![];
    let method = method_of(r);
    if method.is_none() {
        errors.push(FieldError::new("method", "rate-method-invalid"));
    }
    if Period::parse(&r.period).is_none() {
        errors.push(FieldError::new("period", "rate-period-invalid"));
    }
    if !(0..=20_000).contains(&r.match_bp)
        || (r.match_bp > 0 && !["state", "organisation"].contains(&r.match_by.as_str()))
    {
        errors.push(FieldError::new("match_bp", "rate-match-invalid"));
    }
    if !(0..=365).contains(&r.grace_days) {
        errors.push(FieldError::new("grace_days", "rate-grace-invalid"));
    }
    let from = day("valid_from", &r.valid_from)?;
    let to = match r.valid_to.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
        Some(t) => Some(day("valid_to", t)?),
        None => None,
    };
    if to.as_deref().is_some_and(|t| t < from.as_str()) {
        errors.push(FieldError::new("valid_to", "report-period-invalid"));
    }
    if !errors.is_empty() {
        return Err(AppError::Invalid(errors));
    }
    for other in store::rates(tx, org.id, scheme_id).await? {
        if model::overlaps((&from, to.as_deref()), (&other.valid_from, other.valid_to.as_deref())) {
            return Err(invalid("valid_from", "rate-overlaps"));
        }
    }
    let row = RateRow {
        scheme_id,
        valid_from: from,
        valid_to: to,
        match_by: if r.match_bp > 0 {
            r.match_by.clone()
        } else {
            String::new()
        },
        ..r.clone()
    };
    Ok(store::insert_rate(tx, org.id, &row).await?)
}

/// A rate table's way of working out what she pays, if it reads.
pub fn method_of(r: &RateRow) -> Option<Method> {
    let positive = |a: i64| (1..=MAX_MINOR).contains(&a);
    match r.method.as_str() {
        "fixed" if positive(r.amount) => Some(Method::Fixed(r.amount)),
        "age_table" => model::parse_age_table(&r.age_table)
            .filter(|t| t.iter().all(|(_, a)| positive(*a)))
            .map(Method::AgeTable),
        "percent_of_income"
            if (1..=10_000).contains(&r.bp) && r.floor >= 0 && r.ceiling >= r.floor && positive(r.ceiling) =>
        {
            Some(Method::PercentOfIncome {
                bp: r.bp,
                floor: r.floor,
                ceiling: r.ceiling,
            })
        }
        "percent_of_minimum_wage" if (1..=10_000).contains(&r.bp) && positive(r.minimum_wage) => {
            Some(Method::PercentOfMinimumWage {
                bp: r.bp,
                minimum_wage: r.minimum_wage,
            })
        }
        _ => None,
    }
}

pub async fn rates(tx: &mut Tx, org: &Org, scheme_id: i64) -> AppResult<Vec<RateRow>> {
    Ok(store::rates(tx, org.id, scheme_id).await?)
}

/// The rate table in force on a day, of those given (a scheme's, oldest first).
fn in_force<'a>(rates: &'a [RateRow], on: &str) -> Option<&'a RateRow> {
    rates
        .iter()
        .find(|r| r.valid_from.as_str() <= on && r.valid_to.as_deref().is_none_or(|t| t >= on))
}

/// The rate table in force on a day.
pub async fn rate_on(tx: &mut Tx, org: &Org, scheme_id: i64, on: &str) -> AppResult<Option<RateRow>> {
    Ok(in_force(&store::rates(tx, org.id, scheme_id).await?, on).cloned())
}

// Members.

/// What the organisation records for a member's protection: her date of birth and her
/// declared monthly income.
pub async fn set_profile(tx: &mut Tx, org: &Org, member_id: i64, born_on: &str, income: Option<i64>) -> AppResult<()> {
    member(tx, org, member_id).await?;
    let born = match born_on.trim() {
        "" => None,
        d => {
            let day = day("born_on", d)?;
            if day > org.today() {
                return Err(invalid("born_on", "entry-bad-date"));
            }
            Some(day)
        }
    };
    if income.is_some_and(|i| !(0..=MAX_MINOR).contains(&i)) {
        return Err(invalid("monthly_income", "amount-invalid"));
    }
    store::put_profile(tx, org.id, member_id, born.as_deref(), income).await?;
    Ok(())
}

async fn member(tx: &mut Tx, org: &Org, id: i64) -> AppResult<crate::members::MemberRow> {
    crate::members::by_id(tx, org.id, id).await?.ok_or(AppError::NotFound)
}

pub async fn profile(tx: &mut Tx, org: &Org, member_id: i64) -> AppResult<(Option<String>, Option<i64>)> {
    Ok(store::profile(tx, org.id, member_id).await?)
}

/// What the rules know of her on a day.
async fn applicant(tx: &mut Tx, org: &Org, member_id: i64) -> AppResult<Applicant> {
    let m = member(tx, org, member_id).await?;
    let (born, income) = store::profile(tx, org.id, member_id).await?;
    let schemes = store::enrolments(tx, org.id, None, Some(member_id))
        .await?
        .into_iter()
        .filter(|e| !matches!(Step::parse(&e.status), Some(Step::Exited | Step::Lapsed)))
        .map(|e| e.scheme_id)
        .collect();
    Ok(Applicant {
        born_on: born.as_deref().and_then(parse_day),
        monthly_income: income,
        gender: m.gender,
        joined_on: parse_day(&m.joined_on),
        schemes,
    })
}

/// Every reason she may not join the scheme today; none when she may.
pub async fn reasons(tx: &mut Tx, org: &Org, s: &SchemeRow, member_id: i64) -> AppResult<Vec<No>> {
    reasons_as(tx, org, s, member_id, None, None).await
}

/// The reasons as they would be with her date of birth or income as given (a form sent
/// with them and refused, whose writes did not stand).
pub async fn reasons_as(
    tx: &mut Tx,
    org: &Org,
    s: &SchemeRow,
    member_id: i64,
    born_on: Option<&str>,
    income: Option<i64>,
) -> AppResult<Vec<No>> {
    let mut a = applicant(tx, org, member_id).await?;
    if let Some(b) = born_on.and_then(parse_day) {
        a.born_on = Some(b);
    }
    if income.is_some() {
        a.monthly_income = income;
    }
    let today = parse_day(&org.today()).ok_or_else(|| AppError::Internal("today".into()))?;
    let mut no = model::check(&eligibility(s), &a, today);
    if a.schemes.contains(&s.id) {
        no.push(No::InScheme { scheme: s.id });
    }
    Ok(no)
}

// Enrolments.

/// Enrols a member (her application): refused with every reason when she may not join.
pub async fn enrol(tx: &mut Tx, org: &Org, scheme_id: i64, member_number: &str, by: i64) -> AppResult<i64> {
    let s = scheme(tx, org, scheme_id).await?;
    let m = crate::members::by_number(tx, org.id, member_number.trim())
        .await?
        .ok_or_else(|| invalid("member", "cashbook-member-unknown"))?;
    let no = reasons(tx, org, &s, m.id).await?;
    if !no.is_empty() {
        return Err(AppError::Invalid(
            no.iter().map(|n| FieldError::new("member", n.message())).collect(),
        ));
    }
    let today = org.today();
    let (born, _) = store::profile(tx, org.id, m.id).await?;
    let age = born
        .as_deref()
        .and_then(parse_day)
        .zip(parse_day(&today))
        .map(|(b, t)| model::age_on(b, t));
    let id = store::insert_enrolment(tx, org.id, scheme_id, m.id, age, &today).await?;
    store::insert_step(tx, org.id, id, Step::Applied.as_str(), &today, "", by).await?;
    Ok(id)
}

pub async fn enrolment(tx: &mut Tx, org: &Org, id: i64) -> AppResult<EnrolmentRow> {
    store::enrolment(tx, org.id, id).await?.ok_or(AppError::NotFound)
}

pub async fn enrolments(
    tx: &mut Tx,
    org: &Org,
    scheme: Option<i64>,
    member: Option<i64>,
) -> AppResult<Vec<EnrolmentRow>> {
    Ok(store::enrolments(tx, org.id, scheme, member).await?)
}

/// Marks a document of the checklist received.
pub async fn receive_document(tx: &mut Tx, org: &Org, id: i64, name: &str) -> AppResult<()> {
    let e = enrolment(tx, org, id).await?;
    let s = scheme(tx, org, e.scheme_id).await?;
    if !documents_of(&s).contains(&name.trim()) {
        return Err(invalid("document", "enrol-document-unknown"));
    }
    store::receive_document(tx, org.id, id, name.trim(), &org.today()).await?;
    Ok(())
}

/// The documents still missing.
pub async fn missing(tx: &mut Tx, org: &Org, e: &EnrolmentRow) -> AppResult<Vec<String>> {
    let s = scheme(tx, org, e.scheme_id).await?;
    let have: Vec<String> = store::documents(tx, org.id, e.id)
        .await?
        .into_iter()
        .map(|(n, _)| n)
        .collect();
    Ok(missing_of(&s, &have))
}

/// The documents of a scheme's checklist not among those received.
fn missing_of(s: &SchemeRow, have: &[String]) -> Vec<String> {
    documents_of(s)
        .into_iter()
        .filter(|d| !have.iter().any(|h| h == d))
        .map(str::to_string)
        .collect()
}

/// Moves an enrolment one step on: its documents all received before it is complete or
/// submitted; the scheme's own number when the member is enrolled with an insurer or
/// the state.
pub async fn advance(
    tx: &mut Tx,
    org: &Org,
    id: i64,
    to: &str,
    policy_number: &str,
    note: &str,
    by: i64,
) -> AppResult<()> {
    let e = enrolment(tx, org, id).await?;
    let from = Step::parse(&e.status).ok_or_else(|| AppError::Internal(e.status.clone()))?;
    let to = Step::parse(to).ok_or_else(|| invalid("step", "enrol-step-invalid"))?;
    if !from.may_go(to) {
        return Err(invalid("step", "enrol-step-invalid"));
    }
    if matches!(to, Step::DocumentsComplete | Step::Submitted) && !missing(tx, org, &e).await?.is_empty() {
        return Err(invalid("step", "enrol-documents-missing"));
    }
    let s = scheme(tx, org, e.scheme_id).await?;
    let number = text("policy_number", policy_number, 60, false)?;
    let number = if number.is_empty() {
        e.policy_number.clone()
    } else {
        number
    };
    if to == Step::Enrolled && number.is_empty() && s.carrier != Carrier::Organisation.as_str() {
        return Err(invalid("policy_number", "enrol-number-needed"));
    }
    let today = org.today();
    let started = (to == Step::Enrolled).then_some(today.as_str());
    store::set_status(tx, org.id, id, to.as_str(), &number, started).await?;
    let note = text("note", note, 200, false)?;
    store::insert_step(tx, org.id, id, to.as_str(), &today, &note, by).await?;
    Ok(())
}

pub async fn steps(tx: &mut Tx, org: &Org, id: i64) -> AppResult<Vec<(String, String, String, String)>> {
    Ok(store::steps(tx, org.id, id).await?)
}

/// Where a cover stands today after its payments, with the day the next is due; none
/// before it is enrolled or when its scheme has no rate.
pub async fn standing(tx: &mut Tx, org: &Org, e: &EnrolmentRow) -> AppResult<Option<(Standing, String)>> {
    let rates = store::rates(tx, org.id, e.scheme_id).await?;
    Ok(standing_under(e, &rates, &org.today()))
}

/// Where a cover stands on a day under its scheme's rate tables.
fn standing_under(e: &EnrolmentRow, rates: &[RateRow], today: &str) -> Option<(Standing, String)> {
    let started = e.started_on.as_deref().and_then(parse_day)?;
    if Step::parse(&e.status) == Some(Step::Exited) {
        return None;
    }
    let rate = in_force(rates, today)?;
    let period = Period::parse(&rate.period).unwrap_or(Period::Month);
    let on = parse_day(today).unwrap_or(started);
    let (s, next) = model::standing(started, period, e.periods_paid, rate.grace_days, on);
    Some((s, iso_day(next)))
}

/// An enrolment with where its cover stands (and the day the next payment is due) and
/// the documents it still lacks.
#[derive(Debug, Clone)]
pub struct Cover {
    pub enrolment: EnrolmentRow,
    pub standing: Option<(Standing, String)>,
    pub missing: Vec<String>,
}

/// The covers of a scheme, or of every scheme, read in a few statements however many
/// members are enrolled; or a member's only.
pub async fn covers(tx: &mut Tx, org: &Org, scheme: Option<i64>, member: Option<i64>) -> AppResult<Vec<Cover>> {
    let enrolments = store::enrolments(tx, org.id, scheme, member).await?;
    let schemes = store::schemes(tx, org.id).await?;
    let mut rates: std::collections::HashMap<i64, Vec<RateRow>> = std::collections::HashMap::new();
    for s in schemes.iter().filter(|s| scheme.is_none_or(|id| id == s.id)) {
        rates.insert(s.id, store::rates(tx, org.id, s.id).await?);
    }
    let mut received: std::collections::HashMap<i64, Vec<String>> = std::collections::HashMap::new();
    for (enrolment, name) in store::received(tx, org.id, scheme).await? {
        received.entry(enrolment).or_default().push(name);
    }
    let today = org.today();
    Ok(enrolments
        .into_iter()
        .map(|e| {
            let standing = standing_under(&e, rates.get(&e.scheme_id).map_or(&[], Vec::as_slice), &today);
            let missing = schemes
                .iter()
                .find(|s| s.id == e.scheme_id)
                .map(|s| missing_of(s, received.get(&e.id).map_or(&[], Vec::as_slice)))
                .unwrap_or_default();
            Cover {
                enrolment: e,
                standing,
                missing,
            }
        })
        .collect())
}

// Contributions.

/// What a member pays a period under the rate in force on a day, and the share matched
/// (by whom).
pub async fn due(tx: &mut Tx, org: &Org, e: &EnrolmentRow, on: &str) -> AppResult<(i64, i64, String, Period)> {
    let rate = rate_on(tx, org, e.scheme_id, on)
        .await?
        .ok_or_else(|| invalid("periods", "contribution-no-rate"))?;
    let method = method_of(&rate).ok_or_else(|| invalid("periods", "contribution-no-rate"))?;
    let period = Period::parse(&rate.period).unwrap_or(Period::Month);
    let (_, income) = store::profile(tx, org.id, e.member_id).await?;
    let amount =
        model::contribution(&method, period, e.age_at_entry, income).map_err(|u| invalid("periods", u.message()))?;
    let matched = model::share_bp(amount, rate.match_bp).ok_or_else(|| invalid("periods", "error-too-large"))?;
    Ok((amount, matched, rate.match_by, period))
}

/// Collects a member's contribution for `periods` periods: her money into the till and
/// the organisation's matching share into the books, both owed to the scheme until
/// remitted. A lapsed cover takes nothing until it is reinstated.
pub async fn collect(tx: &mut Tx, org: &Org, id: i64, periods: i64, till: &str, on: &str, by: i64) -> AppResult<i64> {
    let e = enrolment(tx, org, id).await?;
    let step = Step::parse(&e.status).unwrap_or(Step::Exited);
    if step == Step::Lapsed || standing(tx, org, &e).await?.is_some_and(|(s, _)| s == Standing::Lapsed) {
        return Err(invalid("periods", "contribution-lapsed"));
    }
    if !step.covers() {
        return Err(invalid("periods", "contribution-not-enrolled"));
    }
    if !(1..=24).contains(&periods) {
        return Err(invalid("periods", "contribution-periods-invalid"));
    }
    // From her savings (her standing instruction), or into a till.
    let till = match till {
        FROM_SAVINGS => None,
        t => Some(Till::parse(t).ok_or_else(|| invalid("till", "sale-till-invalid"))?),
    };
    let on = day("paid_on", on)?;
    if on > org.today() {
        return Err(invalid("paid_on", "date-after-today"));
    }
    let (each, matched_each, match_by, _) = due(tx, org, &e, &on).await?;
    let amount = each.checked_mul(periods).filter(|a| *a <= MAX_MINOR);
    let matched = matched_each.checked_mul(periods).filter(|a| *a <= MAX_MINOR);
    let (Some(amount), Some(matched)) = (amount, matched) else {
        return Err(invalid("periods", "error-too-large"));
    };
    if till.is_none() && crate::ledger::member_balance(tx, org, SAVINGS, e.member_id).await? < amount {
        return Err(invalid("till", "contribution-savings-short"));
    }
    let cid = store::insert_contribution(
        tx,
        org.id,
        &NewContribution {
            enrolment_id: e.id,
            scheme_id: e.scheme_id,
            periods,
            amount,
            matched,
            match_by: &match_by,
            paid_on: &on,
            till: till.map_or(FROM_SAVINGS, Till::as_str),
        },
        by,
    )
    .await?;
    // The state pays its share to the scheme itself; the organisation's goes through its books.
    let own_match = if match_by == "organisation" { matched } else { 0 };
    let source: EntryLine<'_> = match till {
        Some(t) => (t.code(), None, amount),
        None => (SAVINGS, Some((e.member_id, &e.member_name)), amount),
    };
    let lines: Vec<EntryLine<'_>> = vec![
        source,
        (MATCHING, None, own_match),
        (TO_REMIT, None, -(amount + own_match)),
    ];
    let s = scheme(tx, org, e.scheme_id).await?;
    let description = format!("{} · {} · {}", org.own_tr().t("contribution"), s.name, e.member_name);
    let entry = entry_of(tx, org, &on, description, "contribution", cid, &lines).await?;
    let entry_id = crate::ledger::post(tx, org, &entry, Some(by)).await?;
    store::set_contribution_entry(tx, org.id, cid, entry_id).await?;
    if step == Step::Enrolled {
        store::set_status(tx, org.id, e.id, Step::Active.as_str(), &e.policy_number, None).await?;
        store::insert_step(tx, org.id, e.id, Step::Active.as_str(), &on, "", by).await?;
    }
    Ok(cid)
}

pub async fn contributions(
    tx: &mut Tx,
    org: &Org,
    scheme: Option<i64>,
    enrolment: Option<i64>,
    remittance: Option<i64>,
) -> AppResult<Vec<ContributionRow>> {
    Ok(store::contributions(tx, org.id, scheme, enrolment, remittance).await?)
}

/// What a contribution owes the scheme: hers and the organisation's matching share.
pub fn owed_to_scheme(c: &ContributionRow) -> i64 {
    c.amount + if c.match_by == "organisation" { c.matched } else { 0 }
}

/// A remittance as it is asked for: whole contributions up to `amount` (all when none),
/// paid from a till on a day.
#[derive(Debug, Clone, Copy)]
pub struct Remit<'a> {
    pub amount: Option<i64>,
    pub till: &'a str,
    pub reference: &'a str,
    pub on: &'a str,
}

/// Sends the scheme what was collected for it and not yet sent, oldest first: all of it,
/// or whole contributions up to `amount` when one is given. More than was collected is
/// refused.
pub async fn remit(tx: &mut Tx, org: &Org, scheme_id: i64, r: &Remit<'_>, by: i64) -> AppResult<i64> {
    let Remit {
        amount,
        till,
        reference,
        on,
    } = *r;
    let s = scheme(tx, org, scheme_id).await?;
    let till = Till::parse(till).ok_or_else(|| invalid("till", "sale-till-invalid"))?;
    let on = day("remitted_on", on)?;
    if on > org.today() {
        return Err(invalid("remitted_on", "date-after-today"));
    }
    let open: Vec<ContributionRow> = store::contributions(tx, org.id, Some(scheme_id), None, None)
        .await?
        .into_iter()
        .filter(|c| c.remittance_id.is_none() && c.paid_on <= on)
        .collect();
    let outstanding: i64 = open.iter().map(owed_to_scheme).sum();
    if outstanding == 0 {
        return Err(invalid("amount", "remit-nothing"));
    }
    if amount.is_some_and(|a| a > outstanding) {
        return Err(invalid("amount", "remit-more-than-collected"));
    }
    if amount.is_some_and(|a| a <= 0) {
        return Err(invalid("amount", "amount-not-positive"));
    }
    let owed: Vec<i64> = open.iter().map(owed_to_scheme).collect();
    let (picked, total) = model::pick_whole(&owed, amount.unwrap_or(outstanding));
    let ids: Vec<i64> = picked.into_iter().map(|i| open[i].id).collect();
    if ids.is_empty() {
        return Err(invalid("amount", "remit-less-than-one"));
    }
    let reference = text("reference", reference, 80, false)?;
    let id = store::insert_remittance(tx, org.id, scheme_id, total, &on, till.as_str(), &reference, by).await?;
    let marked = store::remit_contributions(tx, org.id, id, &ids).await?;
    if marked != ids.len() as u64 {
        return Err(AppError::Conflict("error-already-done"));
    }
    let lines: Vec<EntryLine<'_>> = vec![(TO_REMIT, None, total), (till.code(), None, -total)];
    let description = format!("{} · {}", org.own_tr().t("remittance"), s.name);
    let entry = entry_of(tx, org, &on, description, "remittance", id, &lines).await?;
    let entry_id = crate::ledger::post(tx, org, &entry, Some(by)).await?;
    store::set_remittance_entry(tx, org.id, id, entry_id).await?;
    Ok(id)
}

pub async fn remittances(tx: &mut Tx, org: &Org, scheme_id: i64) -> AppResult<Vec<RemittanceRow>> {
    Ok(store::remittances(tx, org.id, scheme_id).await?)
}

pub async fn remittance(tx: &mut Tx, org: &Org, id: i64) -> AppResult<RemittanceRow> {
    store::remittance(tx, org.id, id).await?.ok_or(AppError::NotFound)
}

/// Records the scheme's acknowledgement of a remittance (its receipt number).
pub async fn acknowledge(tx: &mut Tx, org: &Org, id: i64, text_: &str) -> AppResult<()> {
    remittance(tx, org, id).await?;
    let t = text("acknowledgement", text_, 120, true)?;
    store::acknowledge(tx, org.id, id, &t).await?;
    Ok(())
}

/// A remittance as the scheme's file: a line per contribution sent.
pub async fn remittance_file(tx: &mut Tx, org: &Org, id: i64) -> AppResult<Vec<Vec<String>>> {
    let r = remittance(tx, org, id).await?;
    let mut rows = vec![
        [
            "member_number",
            "name",
            "policy_number",
            "periods",
            "paid_on",
            "member_amount",
            "matched",
            "matched_by",
        ]
        .map(String::from)
        .to_vec(),
    ];
    let plain = |m: i64| crate::money::Money::new(m, org.currency).to_plain();
    for c in store::contributions(tx, org.id, Some(r.scheme_id), None, Some(id)).await? {
        rows.push(vec![
            c.member_number,
            c.member_name,
            c.policy_number,
            c.periods.to_string(),
            c.paid_on,
            plain(c.amount),
            plain(c.matched),
            c.match_by,
        ]);
    }
    Ok(rows)
}

/// A member's cover as her passbook shows it: the scheme, where she stands, and what she
/// paid and what of it reached the scheme.
pub struct MemberCover {
    pub scheme: String,
    pub cover: Cover,
    pub paid: i64,
    pub remitted: i64,
}

/// All her passbook shows of her protection: her covers, her claims with their next
/// step, and what she put into and had from the solidarity fund.
pub struct MemberProtection {
    pub covers: Vec<MemberCover>,
    pub dependants: Vec<DependantRow>,
    pub claims: Vec<ClaimView>,
    pub fund: Fund,
    /// The schemes she is not in, each with its rules and every reason she may not join
    /// (none when she may).
    pub offers: Vec<(SchemeRow, Vec<No>)>,
    pub schemes: Vec<SchemeRow>,
}

pub async fn member_protection(tx: &mut Tx, org: &Org, member_id: i64) -> AppResult<MemberProtection> {
    let covers = member_covers(tx, org, member_id).await?;
    let mut dependants = vec![];
    for c in &covers {
        dependants.extend(store::dependants(tx, org.id, Some(c.cover.enrolment.id)).await?);
    }
    let schemes = store::schemes(tx, org.id).await?;
    let mut offers = vec![];
    for s in &schemes {
        if covers.iter().any(|c| c.cover.enrolment.scheme_id == s.id) {
            continue;
        }
        offers.push((s.clone(), reasons(tx, org, s, member_id).await?));
    }
    Ok(MemberProtection {
        covers,
        dependants,
        claims: claims(tx, org, None, Some(member_id)).await?,
        fund: fund(tx, org, Some(member_id)).await?,
        offers,
        schemes,
    })
}

pub async fn member_covers(tx: &mut Tx, org: &Org, member_id: i64) -> AppResult<Vec<MemberCover>> {
    let schemes = store::schemes(tx, org.id).await?;
    let mut out = vec![];
    for cover in covers(tx, org, None, Some(member_id)).await? {
        let paid = store::contributions(tx, org.id, None, Some(cover.enrolment.id), None).await?;
        out.push(MemberCover {
            scheme: name_of(&schemes, cover.enrolment.scheme_id),
            paid: paid.iter().map(|c| c.amount).sum(),
            remitted: paid
                .iter()
                .filter(|c| c.remittance_id.is_some())
                .map(|c| c.amount)
                .sum(),
            cover,
        });
    }
    Ok(out)
}

/// One member's line of a group box: her cover and the periods her money in the box pays.
#[derive(Debug, Clone, Copy)]
pub struct BoxLine {
    pub enrolment: i64,
    pub periods: i64,
}

/// A group's box counted, as AlkanSSSya groups do each month: each member's periods
/// collected, all together or not at all, when what the box held is what they add up
/// to.
pub async fn collect_box(
    tx: &mut Tx,
    org: &Org,
    scheme_id: i64,
    counted: i64,
    lines: &[BoxLine],
    till: &str,
    by: i64,
) -> AppResult<Vec<i64>> {
    scheme(tx, org, scheme_id).await?;
    let lines: Vec<&BoxLine> = lines.iter().filter(|l| l.periods != 0).collect();
    if lines.is_empty() {
        return Err(invalid("counted", "box-empty"));
    }
    if till == FROM_SAVINGS {
        return Err(invalid("till", "sale-till-invalid"));
    }
    let (today, mut ids) = (org.today(), vec![]);
    for l in lines {
        if enrolment(tx, org, l.enrolment).await?.scheme_id != scheme_id {
            return Err(AppError::NotFound);
        }
        ids.push(collect(tx, org, l.enrolment, l.periods, till, &today, by).await?);
    }
    let total = store::contributions(tx, org.id, Some(scheme_id), None, None)
        .await?
        .iter()
        .filter(|c| ids.contains(&c.id))
        .fold(0i64, |t, c| t.saturating_add(c.amount));
    if total != counted {
        return Err(invalid("counted", "box-does-not-add-up"));
    }
    Ok(ids)
}

// Dependants.

/// Who a dependant may be to her.
pub const RELATIONS: [&str; 4] = ["spouse", "child", "parent", "other"];

/// Adds someone her cover also covers.
pub async fn add_dependant(
    tx: &mut Tx,
    org: &Org,
    enrolment_id: i64,
    name: &str,
    relation: &str,
    born_on: &str,
) -> AppResult<i64> {
    let e = enrolment(tx, org, enrolment_id).await?;
    if Step::parse(&e.status) == Some(Step::Exited) {
        return Err(invalid("enrolment", "dependant-exited"));
    }
    let mut errors = vec![];
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 120 {
        errors.push(FieldError::new("dependant_name", "dependant-name-invalid"));
    }
    if !RELATIONS.contains(&relation) {
        errors.push(FieldError::new("relation", "dependant-relation-invalid"));
    }
    let born = match born_on.trim() {
        "" => None,
        d => match day("dependant_born_on", d) {
            Ok(d) if d <= org.today() => Some(d),
            Ok(_) => {
                errors.push(FieldError::new("dependant_born_on", "date-after-today"));
                None
            }
            Err(AppError::Invalid(mut es)) => {
                errors.append(&mut es);
                None
            }
            Err(other) => return Err(other),
        },
    };
    if !errors.is_empty() {
        return Err(AppError::Invalid(errors));
    }
    Ok(store::insert_dependant(tx, org.id, enrolment_id, name, relation, born.as_deref()).await?)
}

pub async fn dependants(tx: &mut Tx, org: &Org, enrolment: Option<i64>) -> AppResult<Vec<DependantRow>> {
    Ok(store::dependants(tx, org.id, enrolment).await?)
}

// Claims.

/// Reports a claim by or for a member, on her cover: what happened, when, and what she
/// asks for (none when the scheme sets it).
pub async fn report_claim(
    tx: &mut Tx,
    org: &Org,
    enrolment_id: i64,
    what: &str,
    happened_on: &str,
    asked: i64,
    by: i64,
) -> AppResult<i64> {
    let e = enrolment(tx, org, enrolment_id).await?;
    if !Step::parse(&e.status).is_some_and(Step::covers) {
        return Err(invalid("enrolment", "claim-not-covered"));
    }
    let what = text("what", what, 200, true)?;
    let happened = day("happened_on", happened_on)?;
    let today = org.today();
    if happened > today {
        return Err(invalid("happened_on", "date-after-today"));
    }
    if e.started_on.as_deref().is_some_and(|s| happened.as_str() < s) {
        return Err(invalid("happened_on", "claim-before-cover"));
    }
    if !(0..=MAX_MINOR).contains(&asked) {
        return Err(invalid("asked", "amount-invalid"));
    }
    let id = store::insert_claim(tx, org.id, e.id, e.scheme_id, &what, &happened, &today, asked, by).await?;
    store::insert_claim_step(tx, org.id, id, ClaimStep::Reported.as_str(), &today, "", by).await?;
    queue_claim_notice(tx, org, e.member_id, id, &what, ClaimStep::Reported).await?;
    Ok(id)
}

pub async fn claim(tx: &mut Tx, org: &Org, id: i64) -> AppResult<ClaimRow> {
    store::claim(tx, org.id, id).await?.ok_or(AppError::NotFound)
}

/// Asks for every document the claim needs, at once, so she is not sent back twice.
pub async fn request_documents(tx: &mut Tx, org: &Org, id: i64, names: &[String], by: i64) -> AppResult<()> {
    let c = claim(tx, org, id).await?;
    let from = ClaimStep::parse(&c.status).unwrap_or(ClaimStep::Paid);
    if !from.may_go(ClaimStep::DocumentsRequested) {
        return Err(invalid("documents", "claim-step-invalid"));
    }
    let mut list: Vec<&str> = names.iter().map(|n| n.trim()).filter(|n| !n.is_empty()).collect();
    list.dedup();
    if list.is_empty() || list.len() > 20 || list.iter().any(|n| n.chars().count() > 80) {
        return Err(invalid("documents", "claim-documents-invalid"));
    }
    for n in &list {
        store::ask_claim_document(tx, org.id, id, n).await?;
    }
    let ch = ClaimChange {
        status: ClaimStep::DocumentsRequested.as_str(),
        ..ClaimChange::default()
    };
    if store::change_claim(tx, org.id, id, &c.status, &ch).await? != 1 {
        return Err(AppError::Conflict("error-already-done"));
    }
    store::set_claim_complete(tx, org.id, id, None).await?;
    let today = org.today();
    let note = list.join(", ");
    store::insert_claim_step(tx, org.id, id, ch.status, &today, &note, by).await?;
    queue_claim_notice(tx, org, c.member_id, id, &c.what, ClaimStep::DocumentsRequested).await?;
    Ok(())
}

/// Marks a document the claim asked for received; the day the last one comes in starts
/// the scheme's clock.
pub async fn receive_claim_document(tx: &mut Tx, org: &Org, id: i64, name: &str) -> AppResult<()> {
    let c = claim(tx, org, id).await?;
    if ClaimStep::parse(&c.status) != Some(ClaimStep::DocumentsRequested) {
        return Err(invalid("document", "claim-step-invalid"));
    }
    let today = org.today();
    if store::receive_claim_document(tx, org.id, id, name.trim(), &today).await? != 1 {
        return Err(invalid("document", "enrol-document-unknown"));
    }
    if claim_missing(tx, org, id).await?.is_empty() {
        store::set_claim_complete(tx, org.id, id, Some(&today)).await?;
    }
    Ok(())
}

/// The documents a claim still waits for.
pub async fn claim_missing(tx: &mut Tx, org: &Org, id: i64) -> AppResult<Vec<String>> {
    Ok(store::claim_documents(tx, org.id, id)
        .await?
        .into_iter()
        .filter(|(_, got)| got.is_none())
        .map(|(n, _)| n)
        .collect())
}

/// A claim's next step as asked for.
#[derive(Debug, Clone, Copy, Default)]
pub struct ClaimMove<'a> {
    pub step: &'a str,
    /// What the scheme approved.
    pub amount: Option<i64>,
    /// Why the scheme rejected it.
    pub reason: &'a str,
    /// The till the money came into or went out of, when it passed through the books.
    pub till: &'a str,
    pub note: &'a str,
}

/// Moves a claim on: submitted only with every document in; approved with an amount;
/// rejected with the reason; the scheme's money received by the organisation (posted
/// as owed to her) and paid to her (posted), or paid to her directly; paid once.
pub async fn advance_claim(tx: &mut Tx, org: &Org, id: i64, m: &ClaimMove<'_>, by: i64) -> AppResult<()> {
    let c = claim(tx, org, id).await?;
    let from = ClaimStep::parse(&c.status).ok_or_else(|| AppError::Internal(c.status.clone()))?;
    let to = ClaimStep::parse(m.step).ok_or_else(|| invalid("step", "claim-step-invalid"))?;
    if from == ClaimStep::Paid && to == ClaimStep::Paid {
        return Err(invalid("step", "claim-already-paid"));
    }
    if !from.may_go(to) {
        return Err(invalid("step", "claim-step-invalid"));
    }
    let s = scheme(tx, org, c.scheme_id).await?;
    let today = org.today();
    let note = text("note", m.note, 200, false)?;
    let mut ch = ClaimChange {
        status: to.as_str(),
        ..ClaimChange::default()
    };
    let reason;
    match to {
        ClaimStep::Submitted => {
            let missing = claim_missing(tx, org, id).await?;
            if !missing.is_empty() {
                return Err(invalid("step", "claim-documents-missing"));
            }
        }
        ClaimStep::Approved => {
            let a = m.amount.ok_or_else(|| invalid("amount", "amount-not-positive"))?;
            if !(1..=MAX_MINOR).contains(&a) {
                return Err(invalid("amount", "amount-not-positive"));
            }
            if c.asked > 0 && a > c.asked {
                return Err(invalid("amount", "claim-above-asked"));
            }
            ch.approved = Some(a);
        }
        ClaimStep::Rejected => {
            reason = text("reason", m.reason, 200, true)?;
            ch.reason = Some(&reason);
        }
        _ => {}
    }
    let approved = c.approved.unwrap_or(0);
    // The money: received into a till as owed to her; paid out of it (from what was
    // received, or from the organisation's own fund when it carries the risk); or paid
    // by the scheme to her directly, with nothing in the books.
    let lines: Option<(Till, Vec<EntryLine<'_>>)> = match to {
        ClaimStep::Received | ClaimStep::Paid => {
            let own = s.carrier == Carrier::Organisation.as_str();
            let through = from == ClaimStep::Received;
            if to == ClaimStep::Received || through || own {
                let till = Till::parse(m.till).ok_or_else(|| invalid("till", "sale-till-invalid"))?;
                let lines = match (to, through) {
                    (ClaimStep::Received, _) => vec![(till.code(), None, approved), (CLAIMS_TO_PAY, None, -approved)],
                    (_, true) => vec![(CLAIMS_TO_PAY, None, approved), (till.code(), None, -approved)],
                    _ => vec![(CLAIMS_PAID, None, approved), (till.code(), None, -approved)],
                };
                ch.till = Some(till.as_str());
                ch.route = Some("organisation");
                Some((till, lines))
            } else {
                ch.route = Some("direct");
                None
            }
        }
        _ => None,
    };
    if to == ClaimStep::Paid {
        ch.paid_on = Some(&today);
    }
    if let Some((_, lines)) = &lines {
        let description = format!("{} · {} · {}", org.own_tr().t(to.label()), s.name, c.member_name);
        let entry = entry_of(tx, org, &today, description, "claim", id, lines).await?;
        ch.entry_id = Some(crate::ledger::post(tx, org, &entry, Some(by)).await?);
    }
    if store::change_claim(tx, org.id, id, &c.status, &ch).await? != 1 {
        return Err(if to == ClaimStep::Paid {
            invalid("step", "claim-already-paid")
        } else {
            AppError::Conflict("error-already-done")
        });
    }
    let note = if note.is_empty() && to == ClaimStep::Rejected {
        ch.reason.unwrap_or_default().to_string()
    } else {
        note
    };
    store::insert_claim_step(tx, org.id, id, to.as_str(), &today, &note, by).await?;
    queue_claim_notice(tx, org, c.member_id, id, &c.what, to).await?;
    Ok(())
}

/// Tells her where her claim stands, in her language when it is sent.
async fn queue_claim_notice(
    tx: &mut Tx,
    org: &Org,
    member_id: i64,
    claim_id: i64,
    what: &str,
    step: ClaimStep,
) -> AppResult<()> {
    // One notice per claim and step: the claim and the step's place name it.
    let position = ClaimStep::ALL.iter().position(|s| *s == step).unwrap_or(0) as i64;
    let args = [("step", step.as_str().to_string()), ("what", what.to_string())];
    crate::notices::queue(
        tx,
        org,
        member_id,
        crate::notices::Kind::ClaimStep,
        claim_id * 10 + position,
        &args,
    )
    .await
}

/// A claim with its clock: the days from her last document to payment (to today while
/// unpaid) and whether that broke the scheme's promise.
#[derive(Debug, Clone)]
pub struct ClaimView {
    pub claim: ClaimRow,
    pub days: Option<i64>,
    pub late: bool,
    pub missing: Vec<String>,
}

pub fn timing(c: &ClaimRow, promise: Option<i64>, today: &str) -> (Option<i64>, bool) {
    if ClaimStep::parse(&c.status) == Some(ClaimStep::Rejected) {
        return (None, false);
    }
    let Some(from) = c.complete_on.as_deref().and_then(parse_day) else {
        return (None, false);
    };
    let to = c.paid_on.as_deref().unwrap_or(today);
    let Some(to) = parse_day(to) else {
        return (None, false);
    };
    let (days, late) = model::turnaround(from, to, promise);
    (Some(days), late)
}

/// Claims of a scheme or a member (or all), each with its clock and missing documents.
pub async fn claims(tx: &mut Tx, org: &Org, scheme: Option<i64>, member: Option<i64>) -> AppResult<Vec<ClaimView>> {
    let schemes = store::schemes(tx, org.id).await?;
    let mut awaited: std::collections::HashMap<i64, Vec<String>> = std::collections::HashMap::new();
    for (claim, name) in store::awaited_documents(tx, org.id).await? {
        awaited.entry(claim).or_default().push(name);
    }
    let today = org.today();
    Ok(store::claims(tx, org.id, scheme, member)
        .await?
        .into_iter()
        .map(|c| {
            let promise = schemes
                .iter()
                .find(|s| s.id == c.scheme_id)
                .and_then(|s| s.turnaround_days);
            let (days, late) = timing(&c, promise, &today);
            ClaimView {
                missing: awaited.remove(&c.id).unwrap_or_default(),
                claim: c,
                days,
                late,
            }
        })
        .collect())
}

pub async fn claim_steps(tx: &mut Tx, org: &Org, id: i64) -> AppResult<Vec<(String, String, String, String, i64)>> {
    Ok(store::claim_steps(tx, org.id, id).await?)
}

pub async fn claim_documents(tx: &mut Tx, org: &Org, id: i64) -> AppResult<Vec<(String, Option<String>)>> {
    Ok(store::claim_documents(tx, org.id, id).await?)
}

// Schemes a federation publishes and its member organisations adopt.

/// Publishes a federation's scheme to its member organisations, or takes it back.
pub async fn publish(tx: &mut Tx, org: &Org, id: i64, published: bool) -> AppResult<()> {
    scheme(tx, org, id).await?;
    if !org.kind.groups_orgs() {
        return Err(invalid("published", "scheme-publish-federation"));
    }
    store::set_published(tx, org.id, id, published).await?;
    Ok(())
}

/// The schemes the organisation's federations publish: (federation, scheme, adopted).
pub async fn offered(tx: &mut Tx, org: &Org) -> AppResult<Vec<(String, SchemeRow, bool)>> {
    let own = store::schemes(tx, org.id).await?;
    Ok(store::published_for(tx, org.id)
        .await?
        .into_iter()
        .map(|(f, s)| {
            let adopted = own.iter().any(|o| o.adopted_from == Some(s.id));
            (f, s, adopted)
        })
        .collect())
}

/// Adopts a scheme a federation publishes: its rules and rate tables become the
/// organisation's own, to enrol its members in.
pub async fn adopt(tx: &mut Tx, org: &Org, source: i64) -> AppResult<i64> {
    let (_, s, adopted) = offered(tx, org)
        .await?
        .into_iter()
        .find(|(_, s, _)| s.id == source)
        .ok_or_else(|| invalid("scheme", "scheme-unknown"))?;
    if adopted {
        return Err(invalid("scheme", "scheme-already-adopted"));
    }
    let parent_org = store::scheme_org(tx, source).await?;
    let row = SchemeRow {
        excludes: String::new(),
        published: false,
        adopted_from: Some(source),
        ..s
    };
    let id = store::insert_scheme(tx, org.id, &row).await?;
    for r in store::rates(tx, parent_org, source).await? {
        store::insert_rate(tx, org.id, &RateRow { scheme_id: id, ..r }).await?;
    }
    Ok(id)
}

// The solidarity fund.

/// Sets the fund's rule: so much from each member a month or a meeting.
pub async fn set_fund_rule(tx: &mut Tx, org: &Org, amount: i64, per: &str) -> AppResult<()> {
    let per = FundPer::parse(per).ok_or_else(|| invalid("per", "fund-per-invalid"))?;
    if !(1..=MAX_MINOR).contains(&amount) {
        return Err(invalid("rule_amount", "amount-not-positive"));
    }
    store::put_fund_rule(tx, org.id, amount, per.as_str()).await?;
    Ok(())
}

pub async fn fund_rule(tx: &mut Tx, org: &Org) -> AppResult<Option<(i64, FundPer)>> {
    Ok(store::fund_rule(tx, org.id)
        .await?
        .and_then(|(a, p)| FundPer::parse(&p).map(|p| (a, p))))
}

/// Money in or out of the fund as asked for.
#[derive(Debug, Clone, Copy, Default)]
pub struct FundAsk<'a> {
    pub kind: &'a str,
    pub member_number: &'a str,
    /// For a contribution: the months or meetings it pays for.
    pub periods: i64,
    /// For a grant, a loan or a repayment.
    pub amount: Option<i64>,
    pub till: &'a str,
    /// The meeting's decision, or the members' vote, that granted it.
    pub agenda_item: Option<i64>,
    pub proposal: Option<i64>,
    pub purpose: &'a str,
    /// A contribution given at this meeting (by one present), once.
    pub meeting: Option<i64>,
}

/// The fund: what is in it to give (contributions less grants and loans not repaid),
/// and what each member owes it.
#[derive(Debug, Clone, Default)]
pub struct Fund {
    pub available: i64,
    pub contributed: i64,
    pub granted: i64,
    pub lent: i64,
    pub moves: Vec<FundMoveRow>,
}

pub async fn fund(tx: &mut Tx, org: &Org, member: Option<i64>) -> AppResult<Fund> {
    let moves = store::fund_moves(tx, org.id, member).await?;
    let sum = |k: FundMove| {
        moves
            .iter()
            .filter(|m| m.kind == k.as_str())
            .map(|m| m.amount)
            .sum::<i64>()
    };
    let (contributed, granted) = (sum(FundMove::Contribution), sum(FundMove::Grant));
    let lent = sum(FundMove::Loan) - sum(FundMove::Repayment);
    Ok(Fund {
        available: contributed - granted - lent,
        contributed,
        granted,
        lent,
        moves,
    })
}

/// Money into or out of the solidarity fund: a member's contribution by the rule; a
/// grant or an interest-free loan only on a recorded resolution (a meeting's decision or
/// a vote the members passed) and never more than the fund holds; a loan repaid, never
/// more than she owes. The fund is equity of its own, so surplus sharing never
/// distributes it.
pub async fn fund_move(tx: &mut Tx, org: &Org, a: &FundAsk<'_>, by: i64) -> AppResult<i64> {
    let kind = FundMove::parse(a.kind).ok_or_else(|| invalid("kind", "fund-kind-invalid"))?;
    let m: MemberRow = crate::members::in_field(tx, org.id, "member", a.member_number).await?;
    let till = Till::parse(a.till).ok_or_else(|| invalid("till", "sale-till-invalid"))?;
    let purpose = text("purpose", a.purpose, 200, false)?;
    let (amount, periods) = match kind {
        FundMove::Contribution => {
            let (each, _) = fund_rule(tx, org)
                .await?
                .ok_or_else(|| invalid("kind", "fund-no-rule"))?;
            if !(1..=24).contains(&a.periods) {
                return Err(invalid("periods", "contribution-periods-invalid"));
            }
            let amount = each
                .checked_mul(a.periods)
                .filter(|x| *x <= MAX_MINOR)
                .ok_or_else(|| invalid("periods", "error-too-large"))?;
            (amount, a.periods)
        }
        _ => {
            let amount = a
                .amount
                .filter(|x| (1..=MAX_MINOR).contains(x))
                .ok_or_else(|| invalid("amount", "amount-not-positive"))?;
            (amount, 1)
        }
    };
    let (mut item, mut proposal) = (None, None);
    if kind.decided() {
        item = a.agenda_item.filter(|i| *i > 0);
        proposal = a.proposal.filter(|p| *p > 0);
        let decided = match (item, proposal) {
            (Some(i), None) => store::is_decided(tx, org.id, i).await?,
            (None, Some(p)) => store::is_passed(tx, org.id, p).await?,
            _ => false,
        };
        if !decided {
            return Err(invalid("resolution", "fund-resolution-needed"));
        }
        if amount > fund(tx, org, None).await?.available {
            return Err(invalid("amount", "fund-short"));
        }
    }
    if kind == FundMove::Repayment && amount > fund(tx, org, Some(m.id)).await?.lent {
        return Err(invalid("amount", "fund-repay-more"));
    }
    let today = org.today();
    let id = store::insert_fund_move(
        tx,
        org.id,
        &NewFundMove {
            kind: kind.as_str(),
            member_id: m.id,
            amount,
            periods,
            on: &today,
            till: till.as_str(),
            agenda_item_id: item,
            proposal_id: proposal,
            meeting_id: a.meeting.filter(|_| kind == FundMove::Contribution),
            purpose: &purpose,
        },
        by,
    )
    .await?;
    let (account, sign) = match kind {
        FundMove::Contribution => (FUND, 1),
        FundMove::Grant => (FUND, -1),
        FundMove::Loan => (FUND_LOANS, -1),
        FundMove::Repayment => (FUND_LOANS, 1),
    };
    let lines: Vec<EntryLine<'_>> = vec![(till.code(), None, sign * amount), (account, None, -sign * amount)];
    let description = format!("{} · {}", org.own_tr().t(kind.label()), m.name);
    let entry = entry_of(tx, org, &today, description, "solidarity", id, &lines).await?;
    let entry_id = crate::ledger::post(tx, org, &entry, Some(by)).await?;
    store::set_fund_entry(tx, org.id, id, entry_id).await?;
    Ok(id)
}

/// Collects the rule's amount from every member present at a meeting who has not yet
/// given at it, when the rule counts meetings; each once, however often it is sent.
pub async fn collect_at_meeting(tx: &mut Tx, org: &Org, meeting_id: i64, till: &str, by: i64) -> AppResult<Vec<i64>> {
    match fund_rule(tx, org).await? {
        None => return Err(invalid("meeting", "fund-no-rule")),
        Some((_, FundPer::Month)) => return Err(invalid("meeting", "fund-rule-not-meetings")),
        Some(_) => {}
    }
    if !store::meeting_held(tx, org.id, meeting_id).await? {
        return Err(invalid("meeting", "fund-meeting-unknown"));
    }
    let present = store::present_not_given(tx, org.id, meeting_id).await?;
    if present.is_empty() {
        return Err(invalid("meeting", "fund-meeting-none"));
    }
    let mut ids = vec![];
    for number in &present {
        let ask = FundAsk {
            kind: FundMove::Contribution.as_str(),
            member_number: number,
            periods: 1,
            till,
            meeting: Some(meeting_id),
            ..FundAsk::default()
        };
        ids.push(fund_move(tx, org, &ask, by).await?);
    }
    Ok(ids)
}

/// Meetings held or being held, for collecting at one: (id, starts at, title).
pub async fn meetings_held(tx: &mut Tx, org: &Org) -> AppResult<Vec<(i64, String, String)>> {
    Ok(store::meetings_held(tx, org.id).await?)
}

/// The decisions a grant may rest on: (agenda item, meeting day, meeting, item, decision)
/// and (proposal, closing day, title).
#[allow(clippy::type_complexity)]
pub async fn resolutions(
    tx: &mut Tx,
    org: &Org,
) -> AppResult<(Vec<(i64, String, String, String, String)>, Vec<(i64, String, String)>)> {
    Ok((
        store::decided_items(tx, org.id).await?,
        store::passed_proposals(tx, org.id).await?,
    ))
}

// Coverage figures.

/// What the organisation's members have of social protection.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Coverage {
    pub active_members: i64,
    /// Active members in at least one scheme (enrolled or active), women and the others.
    pub covered: i64,
    pub covered_women: i64,
    pub covered_others: i64,
    /// Covers lapsed (by their step or their payments).
    pub lapsed: i64,
    /// Per scheme: (name, covered, women).
    pub schemes: Vec<(String, i64, i64)>,
    /// Contributions owed for periods already begun and not paid, today.
    pub due: i64,
    pub collected: i64,
    pub remitted: i64,
    pub claims: i64,
    pub claims_paid: i64,
    pub paid_on_time: i64,
    /// Paid claims' money.
    pub paid_amount: i64,
    pub median_days: Option<i64>,
}

impl Coverage {
    /// The counts a federation may see, in the order of `COUNTS`.
    pub fn counts(&self) -> [i64; 6] {
        [
            self.active_members,
            self.covered,
            self.covered_women,
            self.covered_others,
            self.lapsed,
            self.claims,
        ]
    }
}

/// The message ids of `Coverage::counts`.
pub const COUNTS: [&str; 6] = [
    "coverage-active",
    "coverage-covered",
    "coverage-women",
    "coverage-others",
    "coverage-lapsed",
    "coverage-claims",
];

pub async fn coverage(tx: &mut Tx, org: &Org) -> AppResult<Coverage> {
    let members = store::active_genders(tx, org.id).await?;
    let covers = covers(tx, org, None, None).await?;
    let schemes = store::schemes(tx, org.id).await?;
    let woman = |id: i64| members.iter().any(|(m, g)| *m == id && g == "woman");
    let covering = |c: &&Cover| {
        Step::parse(&c.enrolment.status).is_some_and(Step::covers)
            && members.iter().any(|(m, _)| *m == c.enrolment.member_id)
            && c.standing.as_ref().is_none_or(|(s, _)| *s != Standing::Lapsed)
    };
    let mut covered: Vec<i64> = covers.iter().filter(covering).map(|c| c.enrolment.member_id).collect();
    covered.sort_unstable();
    covered.dedup();
    let covered_women = covered.iter().filter(|m| woman(**m)).count() as i64;
    let lapsed = covers
        .iter()
        .filter(|c| {
            c.enrolment.status == Step::Lapsed.as_str()
                || (Step::parse(&c.enrolment.status).is_some_and(Step::covers)
                    && c.standing.as_ref().is_some_and(|(s, _)| *s == Standing::Lapsed))
        })
        .count() as i64;
    let per_scheme = schemes
        .iter()
        .map(|s| {
            let mine: Vec<&Cover> = covers
                .iter()
                .filter(covering)
                .filter(|c| c.enrolment.scheme_id == s.id)
                .collect();
            let women = mine.iter().filter(|c| woman(c.enrolment.member_id)).count() as i64;
            (s.name.clone(), mine.len() as i64, women)
        })
        .collect();
    let today = org.today();
    let mut due = 0i64;
    for c in covers
        .iter()
        .filter(|c| Step::parse(&c.enrolment.status).is_some_and(Step::covers))
    {
        due = due.saturating_add(owed_today(tx, org, c, &today).await?);
    }
    let contributions = store::contributions(tx, org.id, None, None, None).await?;
    let collected: i64 = contributions.iter().map(owed_to_scheme).sum();
    let remitted: i64 = contributions
        .iter()
        .filter(|c| c.remittance_id.is_some())
        .map(owed_to_scheme)
        .sum();
    let claims = claims(tx, org, None, None).await?;
    let paid: Vec<&ClaimView> = claims.iter().filter(|c| c.claim.status == "paid").collect();
    Ok(Coverage {
        active_members: members.len() as i64,
        covered: covered.len() as i64,
        covered_women,
        covered_others: covered.len() as i64 - covered_women,
        lapsed,
        schemes: per_scheme,
        due,
        collected,
        remitted,
        claims: claims.len() as i64,
        claims_paid: paid.len() as i64,
        paid_on_time: paid.iter().filter(|c| !c.late).count() as i64,
        paid_amount: paid.iter().map(|c| c.claim.approved.unwrap_or(0)).sum(),
        median_days: model::median(paid.iter().filter_map(|c| c.days).collect()),
    })
}

/// What a cover owes today: the periods begun and not paid, at the rate in force.
async fn owed_today(tx: &mut Tx, org: &Org, c: &Cover, today: &str) -> AppResult<i64> {
    let Some((_, next)) = &c.standing else {
        return Ok(0);
    };
    if next.as_str() > today {
        return Ok(0);
    }
    let Ok((each, _, _, period)) = due(tx, org, &c.enrolment, today).await else {
        return Ok(0);
    };
    let (Some(mut d), Some(t)) = (parse_day(next), parse_day(today)) else {
        return Ok(0);
    };
    let mut periods = 0i64;
    while d <= t && periods < 120 {
        periods += 1;
        d = model::add_months(d, i64::from(period.months()));
    }
    Ok(each.saturating_mul(periods))
}

/// A federation's member organisations with their figures, each count shown only when
/// no member could be singled out by it (none from 1 to 10, directly or by subtraction
/// from the totals); the federation's total last.
pub struct AffiliateCoverage {
    pub name: String,
    pub counts: Vec<Option<i64>>,
    /// Money figures in the organisation's currency, shown only when its covered count
    /// is (and, for the total, when every organisation keeps the same currency).
    pub currency: crate::money::Currency,
    pub collected: Option<i64>,
    pub remitted: Option<i64>,
}

pub async fn affiliates_coverage(tx: &mut Tx, org: &Org) -> AppResult<Vec<AffiliateCoverage>> {
    let mut rows = vec![];
    for o in crate::orgs::affiliates(tx, org.id).await? {
        let c = coverage(tx, &o).await?;
        rows.push((o.name.clone(), o.currency, c));
    }
    let width = COUNTS.len();
    let mut counts: Vec<i64> = rows.iter().flat_map(|(_, _, c)| c.counts()).collect();
    let total: Vec<i64> = (0..width)
        .map(|k| rows.iter().map(|(_, _, c)| c.counts()[k]).sum())
        .collect();
    let base = counts.len();
    counts.extend(&total);
    let mut lines = vec![];
    for k in 0..width {
        lines.push(Line {
            parts: (0..rows.len()).map(|r| r * width + k).collect(),
            whole: base + k,
        });
    }
    // Women and the others add up to all covered, in each organisation and in all.
    for r in 0..=rows.len() {
        lines.push(Line {
            parts: vec![r * width + 2, r * width + 3],
            whole: r * width + 1,
        });
    }
    let shown = model::suppress(&counts, &lines);
    let cell = |r: usize, k: usize| shown[r * width + k].then_some(counts[r * width + k]);
    let mut out: Vec<AffiliateCoverage> = rows
        .iter()
        .enumerate()
        .map(|(r, (name, currency, c))| AffiliateCoverage {
            name: name.clone(),
            counts: (0..width).map(|k| cell(r, k)).collect(),
            currency: *currency,
            collected: cell(r, 1).map(|_| c.collected),
            remitted: cell(r, 1).map(|_| c.remitted),
        })
        .collect();
    let r = rows.len();
    let one_currency = rows.iter().all(|(_, cur, _)| *cur == org.currency);
    let money = |get: fn(&Coverage) -> i64| {
        cell(r, 1)
            .filter(|_| one_currency)
            .map(|_| rows.iter().map(|(_, _, c)| get(c)).sum())
    };
    out.push(AffiliateCoverage {
        name: org.name.clone(),
        counts: (0..width).map(|k| cell(r, k)).collect(),
        currency: org.currency,
        collected: money(|c| c.collected),
        remitted: money(|c| c.remitted),
    });
    Ok(out)
}

// Standing instructions and reminders.

/// Sets or ends her standing instruction: each contribution taken from her savings on
/// the day it falls due.
pub async fn set_instruction(tx: &mut Tx, org: &Org, id: i64, from_savings: bool, by: i64) -> AppResult<()> {
    let e = enrolment(tx, org, id).await?;
    if from_savings && !Step::parse(&e.status).is_some_and(Step::covers) {
        return Err(invalid("enrolment", "contribution-not-enrolled"));
    }
    store::set_instruction(tx, org.id, id, from_savings.then_some(by)).await?;
    Ok(())
}

/// Takes from her savings each period begun and unpaid of a cover under a standing
/// instruction, as far as her savings go; what they cannot pay is left to a reminder.
async fn pay_by_instruction(tx: &mut Tx, org: &Org, c: &Cover, today: &str) -> AppResult<()> {
    let Some(by) = c.enrolment.instructed_by else {
        return Ok(());
    };
    let owed = owed_today(tx, org, c, today).await?;
    let Ok((each, _, _, _)) = due(tx, org, &c.enrolment, today).await else {
        return Ok(());
    };
    if owed <= 0 || each <= 0 {
        return Ok(());
    }
    let held = crate::ledger::member_balance(tx, org, SAVINGS, c.enrolment.member_id).await?;
    let periods = (owed / each).min(held / each).min(24);
    if periods > 0 {
        collect(tx, org, c.enrolment.id, periods, FROM_SAVINGS, today, by).await?;
    }
    Ok(())
}

/// Pays what standing instructions cover, then reminds each member whose contribution
/// falls due within three days, or is overdue and not yet lapsed, once for each period.
pub async fn remind_dues(tx: &mut Tx, org: &Org, today: &str) -> AppResult<()> {
    let Some(today_d) = parse_day(today) else { return Ok(()) };
    let schemes = store::schemes(tx, org.id).await?;
    for c in covers(tx, org, None, None).await? {
        let Some((standing, _)) = &c.standing else { continue };
        if *standing == Standing::Lapsed || !Step::parse(&c.enrolment.status).is_some_and(Step::covers) {
            continue;
        }
        if c.enrolment.instructed_by.is_some() {
            pay_by_instruction(tx, org, &c, today).await?;
        }
    }
    for c in covers(tx, org, None, None).await? {
        let Some((standing, next)) = &c.standing else { continue };
        if *standing == Standing::Lapsed || !Step::parse(&c.enrolment.status).is_some_and(Step::covers) {
            continue;
        }
        let Some(due_d) = parse_day(next) else { continue };
        if (due_d - today_d).whole_days() > 3 {
            continue;
        }
        let Ok((amount, _, _, _)) = due(tx, org, &c.enrolment, today).await else {
            continue;
        };
        let what = name_of(&schemes, c.enrolment.scheme_id);
        // One notice per cover and period: the enrolment and the day it falls due name it.
        let subject = c.enrolment.id * 100_000 + i64::from(due_d.to_julian_day() % 100_000);
        let [a, cur] = crate::notices::service::money_args(org, amount);
        let args = [a, cur, ("due", next.clone()), ("what", what)];
        crate::notices::queue(
            tx,
            org,
            c.enrolment.member_id,
            crate::notices::Kind::ContributionDue,
            subject,
            &args,
        )
        .await?;
    }
    Ok(())
}
