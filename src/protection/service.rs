//! Use cases of social protection, each inside the caller's one transaction.

use super::model::{self, Applicant, Carrier, Eligibility, Method, No, Period, SchemeKind, Standing, Step};
use super::store::{self, ContributionRow, EnrolmentRow, NewContribution, RateRow, RemittanceRow, SchemeRow};
use crate::db::{Tx, iso_day, parse_day};
use crate::ledger::{EntryLine, Till, entry_of};
use crate::money::MAX_MINOR;
use crate::orgs::Org;
use crate::web::form::day;
use crate::web::form::text;
use crate::web::{AppError, AppResult, FieldError};

/// Contributions collected and not yet sent to the scheme.
pub const TO_REMIT: &str = "2400";
/// The organisation's own share of a matched contribution.
const MATCHING: &str = "5950";

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
    };
    Ok(store::insert_scheme(tx, org.id, &row).await?)
}

pub async fn schemes(tx: &mut Tx, org: &Org) -> AppResult<Vec<SchemeRow>> {
    Ok(store::schemes(tx, org.id).await?)
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
async fn rate_on(tx: &mut Tx, org: &Org, scheme_id: i64, on: &str) -> AppResult<Option<RateRow>> {
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
    let till = Till::parse(till).ok_or_else(|| invalid("till", "sale-till-invalid"))?;
    let on = day("paid_on", on)?;
    if on > org.today() {
        return Err(invalid("paid_on", "sale-in-future"));
    }
    let (each, matched_each, match_by, _) = due(tx, org, &e, &on).await?;
    let amount = each.checked_mul(periods).filter(|a| *a <= MAX_MINOR);
    let matched = matched_each.checked_mul(periods).filter(|a| *a <= MAX_MINOR);
    let (Some(amount), Some(matched)) = (amount, matched) else {
        return Err(invalid("periods", "error-too-large"));
    };
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
            till: till.as_str(),
        },
        by,
    )
    .await?;
    // The state pays its share to the scheme itself; the organisation's goes through its books.
    let own_match = if match_by == "organisation" { matched } else { 0 };
    let lines: Vec<EntryLine<'_>> = vec![
        (till.code(), None, amount),
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
        return Err(invalid("remitted_on", "sale-in-future"));
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
    let limit = amount.unwrap_or(outstanding);
    let (mut total, mut ids) = (0i64, vec![]);
    for c in &open {
        let owed = owed_to_scheme(c);
        if total + owed > limit {
            break;
        }
        total += owed;
        ids.push(c.id);
    }
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

pub async fn member_covers(tx: &mut Tx, org: &Org, member_id: i64) -> AppResult<Vec<MemberCover>> {
    let schemes = store::schemes(tx, org.id).await?;
    let mut out = vec![];
    for cover in covers(tx, org, None, Some(member_id)).await? {
        let paid = store::contributions(tx, org.id, None, Some(cover.enrolment.id), None).await?;
        out.push(MemberCover {
            scheme: schemes
                .iter()
                .find(|s| s.id == cover.enrolment.scheme_id)
                .map_or(String::new(), |s| s.name.clone()),
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
