//! The JSON API of social protection: schemes and their dated rates, members' details
//! the rules read, enrolments step by step, contributions collected and remittances.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::model::Eligibility;
use super::service::{self, SchemeDraft};
use super::store::RateRow;
use crate::auth::{OrgCtx, Permission};
use crate::state::AppState;
use crate::web::json::ApiJson;
use crate::web::{AppResult, IdOut};

fn created(id: i64) -> Response {
    (StatusCode::CREATED, Json(IdOut { id })).into_response()
}

#[derive(Serialize, Deserialize, ToSchema, Default)]
#[serde(deny_unknown_fields)]
pub struct SchemeIo {
    #[serde(default)]
    pub id: i64,
    pub name: String,
    /// health, life, accident, pension, maternity, welfare_board, state_scheme or mutual.
    pub kind: String,
    /// insurer, state or organisation.
    pub carrier: String,
    #[serde(default)]
    pub contact: String,
    #[serde(default)]
    pub reference: String,
    /// Age in whole years on the day she enrols.
    #[serde(default)]
    pub min_age: Option<i64>,
    #[serde(default)]
    pub max_age: Option<i64>,
    /// Her declared monthly income may not be above this (minor units).
    #[serde(default)]
    pub income_ceiling: Option<i64>,
    /// woman, man or other when the scheme is for one only.
    #[serde(default)]
    pub gender: Option<String>,
    #[serde(default)]
    pub min_member_months: Option<i64>,
    /// Schemes she may not be in at the same time.
    #[serde(default)]
    pub excludes: Vec<i64>,
    /// The documents an enrolment needs.
    #[serde(default)]
    pub documents: Vec<String>,
    /// The days the scheme promises to pay a claim in, from her last document.
    #[serde(default)]
    pub turnaround_days: Option<i64>,
    /// Offered to the federation's member organisations (read only; set with
    /// `publication`).
    #[serde(default)]
    pub published: bool,
    /// The federation's scheme this one adopts (read only).
    #[serde(default)]
    pub adopted_from: Option<i64>,
}

#[utoipa::path(get, path = "/api/v1/orgs/{slug}/schemes", tag = "protection", params(("slug" = String, Path)),
    responses((status = 200, body = [SchemeIo]), (status = 403)))]
pub async fn schemes(State(state): State<AppState>, ctx: OrgCtx) -> AppResult<Json<Vec<SchemeIo>>> {
    ctx.require(Permission::RunProtection)?;
    let mut tx = state.db.begin().await?;
    let out = service::schemes(&mut tx, &ctx.org)
        .await?
        .into_iter()
        .map(|s| {
            let e = service::eligibility(&s);
            SchemeIo {
                id: s.id,
                documents: service::documents_of(&s).into_iter().map(str::to_string).collect(),
                name: s.name,
                kind: s.kind,
                carrier: s.carrier,
                contact: s.contact,
                reference: s.reference,
                min_age: e.min_age,
                max_age: e.max_age,
                income_ceiling: e.income_ceiling,
                gender: e.gender,
                min_member_months: e.min_member_months,
                excludes: e.excludes,
                turnaround_days: s.turnaround_days,
                published: s.published,
                adopted_from: s.adopted_from,
            }
        })
        .collect();
    Ok(Json(out))
}

#[utoipa::path(post, path = "/api/v1/orgs/{slug}/schemes", tag = "protection", request_body = SchemeIo,
    params(("slug" = String, Path), ("Idempotency-Key" = Option<String>, Header)),
    responses((status = 201, body = IdOut), (status = 403), (status = 422)))]
pub async fn create_scheme(
    State(state): State<AppState>,
    ctx: OrgCtx,
    ApiJson(s): ApiJson<SchemeIo>,
) -> AppResult<Response> {
    ctx.require(Permission::RunProtection)?;
    let d = SchemeDraft {
        name: s.name,
        kind: s.kind,
        carrier: s.carrier,
        contact: s.contact,
        reference: s.reference,
        eligibility: Eligibility {
            min_age: s.min_age,
            max_age: s.max_age,
            income_ceiling: s.income_ceiling,
            gender: s.gender,
            min_member_months: s.min_member_months,
            excludes: s.excludes,
        },
        documents: s.documents,
        turnaround_days: s.turnaround_days,
    };
    let mut tx = state.db.begin_write().await?;
    let id = service::create_scheme(&mut tx, &ctx.org, &d).await?;
    tx.commit().await?;
    Ok(created(id))
}

#[derive(Serialize, Deserialize, ToSchema, Default)]
#[serde(deny_unknown_fields)]
pub struct RateIo {
    #[serde(default)]
    pub id: i64,
    /// fixed, age_table, percent_of_income or percent_of_minimum_wage.
    pub method: String,
    /// month, quarter or year.
    pub period: String,
    /// fixed: minor units a period.
    #[serde(default)]
    pub amount: i64,
    /// age_table: `18:5500, 19:5800, …` (age, minor units a period).
    #[serde(default)]
    pub age_table: String,
    /// percent_of_income and percent_of_minimum_wage: basis points (500 = 5 %).
    #[serde(default)]
    pub bp: i64,
    /// percent_of_income: the monthly income is held between these (minor units).
    #[serde(default)]
    pub floor: i64,
    #[serde(default)]
    pub ceiling: i64,
    /// percent_of_minimum_wage: the monthly minimum wage (minor units).
    #[serde(default)]
    pub minimum_wage: i64,
    /// A co-contribution: this share of hers (basis points, 10000 = one for one).
    #[serde(default)]
    pub match_bp: i64,
    /// state or organisation.
    #[serde(default)]
    pub match_by: String,
    #[serde(default)]
    pub grace_days: i64,
    pub valid_from: String,
    #[serde(default)]
    pub valid_to: Option<String>,
}

#[utoipa::path(post, path = "/api/v1/orgs/{slug}/schemes/{id}/rates", tag = "protection", request_body = RateIo,
    params(("slug" = String, Path), ("id" = i64, Path), ("Idempotency-Key" = Option<String>, Header)),
    responses((status = 201, body = IdOut), (status = 403), (status = 404), (status = 422)))]
pub async fn add_rate(
    State(state): State<AppState>,
    ctx: OrgCtx,
    Path((_slug, id)): Path<(String, i64)>,
    ApiJson(r): ApiJson<RateIo>,
) -> AppResult<Response> {
    ctx.require(Permission::RunProtection)?;
    let row = RateRow {
        id: 0,
        scheme_id: id,
        method: r.method,
        period: r.period,
        amount: r.amount,
        age_table: r.age_table,
        bp: r.bp,
        floor: r.floor,
        ceiling: r.ceiling,
        minimum_wage: r.minimum_wage,
        match_bp: r.match_bp,
        match_by: r.match_by,
        grace_days: r.grace_days,
        valid_from: r.valid_from,
        valid_to: r.valid_to,
    };
    let mut tx = state.db.begin_write().await?;
    let id = service::add_rate(&mut tx, &ctx.org, id, &row).await?;
    tx.commit().await?;
    Ok(created(id))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ProfileIn {
    /// Her date of birth; empty when not known.
    #[serde(default)]
    pub born_on: String,
    /// Her declared monthly income (minor units).
    #[serde(default)]
    pub monthly_income: Option<i64>,
}

#[utoipa::path(post, path = "/api/v1/orgs/{slug}/members/{id}/protection", tag = "protection", request_body = ProfileIn,
    params(("slug" = String, Path), ("id" = i64, Path), ("Idempotency-Key" = Option<String>, Header)),
    responses((status = 204), (status = 403), (status = 404), (status = 422)))]
pub async fn set_profile(
    State(state): State<AppState>,
    ctx: OrgCtx,
    Path((_slug, id)): Path<(String, i64)>,
    ApiJson(p): ApiJson<ProfileIn>,
) -> AppResult<Response> {
    ctx.require(Permission::RunProtection)?;
    let mut tx = state.db.begin_write().await?;
    service::set_profile(&mut tx, &ctx.org, id, &p.born_on, p.monthly_income).await?;
    tx.commit().await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

#[derive(Serialize, ToSchema)]
pub struct EnrolmentOut {
    pub id: i64,
    pub scheme_id: i64,
    pub member_id: i64,
    pub member_number: String,
    pub name: String,
    /// applied, documents_complete, submitted, enrolled, active, lapsed or exited.
    pub status: String,
    /// active, in_grace or lapsed by her payments, once enrolled.
    pub standing: Option<String>,
    pub next_due: Option<String>,
    pub policy_number: String,
    pub age_at_entry: Option<i64>,
    pub periods_paid: i64,
    pub missing_documents: Vec<String>,
    /// Her standing instruction: contributions taken from her savings when due.
    pub from_savings: bool,
}

#[utoipa::path(get, path = "/api/v1/orgs/{slug}/enrolments", tag = "protection", params(("slug" = String, Path)),
    responses((status = 200, body = [EnrolmentOut]), (status = 403)))]
pub async fn enrolments(State(state): State<AppState>, ctx: OrgCtx) -> AppResult<Json<Vec<EnrolmentOut>>> {
    ctx.require(Permission::RunProtection)?;
    let mut tx = state.db.begin().await?;
    let out = service::covers(&mut tx, &ctx.org, None, None)
        .await?
        .into_iter()
        .map(|c| {
            let e = c.enrolment;
            EnrolmentOut {
                id: e.id,
                scheme_id: e.scheme_id,
                member_id: e.member_id,
                member_number: e.member_number,
                name: e.member_name,
                status: e.status,
                standing: c.standing.as_ref().map(|(s, _)| s.as_str().to_string()),
                next_due: c.standing.map(|(_, d)| d),
                policy_number: e.policy_number,
                age_at_entry: e.age_at_entry,
                periods_paid: e.periods_paid,
                missing_documents: c.missing,
                from_savings: e.instructed_by.is_some(),
            }
        })
        .collect();
    Ok(Json(out))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EnrolIn {
    pub scheme_id: i64,
    pub member_number: String,
}

/// A member's application; refused with every reason she may not join.
#[utoipa::path(post, path = "/api/v1/orgs/{slug}/enrolments", tag = "protection", request_body = EnrolIn,
    params(("slug" = String, Path), ("Idempotency-Key" = Option<String>, Header)),
    responses((status = 201, body = IdOut), (status = 403), (status = 404), (status = 422)))]
pub async fn enrol(State(state): State<AppState>, ctx: OrgCtx, ApiJson(e): ApiJson<EnrolIn>) -> AppResult<Response> {
    ctx.require(Permission::RunProtection)?;
    let mut tx = state.db.begin_write().await?;
    let id = service::enrol(&mut tx, &ctx.org, e.scheme_id, &e.member_number, ctx.person.id).await?;
    tx.commit().await?;
    Ok(created(id))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct StepIn {
    /// documents_complete, submitted, enrolled, active (a lapsed cover reinstated),
    /// lapsed or exited.
    pub step: String,
    /// The scheme's own member or policy number, when enrolled.
    #[serde(default)]
    pub policy_number: String,
    #[serde(default)]
    pub note: String,
}

#[utoipa::path(post, path = "/api/v1/orgs/{slug}/enrolments/{id}/steps", tag = "protection", request_body = StepIn,
    params(("slug" = String, Path), ("id" = i64, Path), ("Idempotency-Key" = Option<String>, Header)),
    responses((status = 204), (status = 403), (status = 404), (status = 422)))]
pub async fn step(
    State(state): State<AppState>,
    ctx: OrgCtx,
    Path((_slug, id)): Path<(String, i64)>,
    ApiJson(s): ApiJson<StepIn>,
) -> AppResult<Response> {
    ctx.require(Permission::RunProtection)?;
    let mut tx = state.db.begin_write().await?;
    service::advance(&mut tx, &ctx.org, id, &s.step, &s.policy_number, &s.note, ctx.person.id).await?;
    tx.commit().await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DocumentIn {
    /// A document of the scheme's checklist, as the scheme names it.
    pub name: String,
}

#[utoipa::path(post, path = "/api/v1/orgs/{slug}/enrolments/{id}/documents", tag = "protection", request_body = DocumentIn,
    params(("slug" = String, Path), ("id" = i64, Path), ("Idempotency-Key" = Option<String>, Header)),
    responses((status = 204), (status = 403), (status = 404), (status = 422)))]
pub async fn document(
    State(state): State<AppState>,
    ctx: OrgCtx,
    Path((_slug, id)): Path<(String, i64)>,
    ApiJson(d): ApiJson<DocumentIn>,
) -> AppResult<Response> {
    ctx.require(Permission::RunProtection)?;
    let mut tx = state.db.begin_write().await?;
    service::receive_document(&mut tx, &ctx.org, id, &d.name).await?;
    tx.commit().await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ContributionIn {
    pub enrolment_id: i64,
    /// How many periods she pays for (1–24).
    pub periods: i64,
    /// cash, bank or mobile_money; savings to take it from her savings (her standing
    /// instruction).
    pub till: String,
    /// Today when absent.
    #[serde(default)]
    pub paid_on: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct ContributionOut {
    pub id: i64,
    pub enrolment_id: i64,
    pub scheme_id: i64,
    pub member_number: String,
    pub periods: i64,
    /// Hers, minor units.
    pub amount: i64,
    /// Matched by the state or the organisation.
    pub matched: i64,
    pub match_by: String,
    pub paid_on: String,
    pub remittance_id: Option<i64>,
}

#[utoipa::path(post, path = "/api/v1/orgs/{slug}/contributions", tag = "protection", request_body = ContributionIn,
    params(("slug" = String, Path), ("Idempotency-Key" = Option<String>, Header)),
    responses((status = 201, body = IdOut), (status = 403), (status = 404), (status = 422)))]
pub async fn collect(
    State(state): State<AppState>,
    ctx: OrgCtx,
    ApiJson(c): ApiJson<ContributionIn>,
) -> AppResult<Response> {
    ctx.require(Permission::RunProtection)?;
    let on = c.paid_on.unwrap_or_else(|| ctx.org.today());
    let mut tx = state.db.begin_write().await?;
    let id = service::collect(
        &mut tx,
        &ctx.org,
        c.enrolment_id,
        c.periods,
        &c.till,
        &on,
        ctx.person.id,
    )
    .await?;
    tx.commit().await?;
    Ok(created(id))
}

#[utoipa::path(get, path = "/api/v1/orgs/{slug}/contributions", tag = "protection", params(("slug" = String, Path)),
    responses((status = 200, body = [ContributionOut]), (status = 403)))]
pub async fn contributions(State(state): State<AppState>, ctx: OrgCtx) -> AppResult<Json<Vec<ContributionOut>>> {
    ctx.require(Permission::RunProtection)?;
    let mut tx = state.db.begin().await?;
    let out = service::contributions(&mut tx, &ctx.org, None, None, None)
        .await?
        .into_iter()
        .map(|c| ContributionOut {
            id: c.id,
            enrolment_id: c.enrolment_id,
            scheme_id: c.scheme_id,
            member_number: c.member_number,
            periods: c.periods,
            amount: c.amount,
            matched: c.matched,
            match_by: c.match_by,
            paid_on: c.paid_on,
            remittance_id: c.remittance_id,
        })
        .collect();
    Ok(Json(out))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RemittanceIn {
    pub scheme_id: i64,
    /// Whole contributions up to this much, oldest first; all that was collected when absent.
    #[serde(default)]
    pub amount: Option<i64>,
    pub till: String,
    #[serde(default)]
    pub reference: String,
    /// Today when absent.
    #[serde(default)]
    pub remitted_on: Option<String>,
}

#[utoipa::path(post, path = "/api/v1/orgs/{slug}/remittances", tag = "protection", request_body = RemittanceIn,
    params(("slug" = String, Path), ("Idempotency-Key" = Option<String>, Header)),
    responses((status = 201, body = IdOut), (status = 403), (status = 404), (status = 422)))]
pub async fn remit(
    State(state): State<AppState>,
    ctx: OrgCtx,
    ApiJson(r): ApiJson<RemittanceIn>,
) -> AppResult<Response> {
    ctx.require(Permission::RunProtection)?;
    let on = r.remitted_on.unwrap_or_else(|| ctx.org.today());
    let mut tx = state.db.begin_write().await?;
    let ask = service::Remit {
        amount: r.amount,
        till: &r.till,
        reference: &r.reference,
        on: &on,
    };
    let id = service::remit(&mut tx, &ctx.org, r.scheme_id, &ask, ctx.person.id).await?;
    tx.commit().await?;
    Ok(created(id))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AcknowledgementIn {
    /// The scheme's receipt number or words.
    pub acknowledgement: String,
}

#[utoipa::path(post, path = "/api/v1/orgs/{slug}/remittances/{id}/acknowledgement", tag = "protection",
    request_body = AcknowledgementIn,
    params(("slug" = String, Path), ("id" = i64, Path), ("Idempotency-Key" = Option<String>, Header)),
    responses((status = 204), (status = 403), (status = 404), (status = 422)))]
pub async fn acknowledge(
    State(state): State<AppState>,
    ctx: OrgCtx,
    Path((_slug, id)): Path<(String, i64)>,
    ApiJson(a): ApiJson<AcknowledgementIn>,
) -> AppResult<Response> {
    ctx.require(Permission::RunProtection)?;
    let mut tx = state.db.begin_write().await?;
    service::acknowledge(&mut tx, &ctx.org, id, &a.acknowledgement).await?;
    tx.commit().await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BoxLineIn {
    pub enrolment_id: i64,
    pub periods: i64,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct GroupBoxIn {
    /// What the group's box held when counted (minor units): it must be what the lines add up to.
    pub counted: i64,
    /// cash, bank or mobile_money.
    pub till: String,
    pub lines: Vec<BoxLineIn>,
}

#[derive(Serialize, ToSchema)]
pub struct IdsOut {
    pub ids: Vec<i64>,
}

/// A group's box counted: each member's contribution collected, all or none.
#[utoipa::path(post, path = "/api/v1/orgs/{slug}/schemes/{id}/group-collections", tag = "protection",
    request_body = GroupBoxIn,
    params(("slug" = String, Path), ("id" = i64, Path), ("Idempotency-Key" = Option<String>, Header)),
    responses((status = 201, body = IdsOut), (status = 403), (status = 404), (status = 422)))]
pub async fn group_box(
    State(state): State<AppState>,
    ctx: OrgCtx,
    Path((_slug, id)): Path<(String, i64)>,
    ApiJson(b): ApiJson<GroupBoxIn>,
) -> AppResult<Response> {
    ctx.require(Permission::RunProtection)?;
    let lines: Vec<service::BoxLine> = b
        .lines
        .iter()
        .map(|l| service::BoxLine {
            enrolment: l.enrolment_id,
            periods: l.periods,
        })
        .collect();
    let mut tx = state.db.begin_write().await?;
    let ids = service::collect_box(&mut tx, &ctx.org, id, b.counted, &lines, &b.till, ctx.person.id).await?;
    tx.commit().await?;
    Ok((StatusCode::CREATED, Json(IdsOut { ids })).into_response())
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DependantIn {
    pub name: String,
    /// spouse, child, parent or other.
    pub relation: String,
    #[serde(default)]
    pub born_on: String,
}

#[utoipa::path(post, path = "/api/v1/orgs/{slug}/enrolments/{id}/dependants", tag = "protection",
    request_body = DependantIn,
    params(("slug" = String, Path), ("id" = i64, Path), ("Idempotency-Key" = Option<String>, Header)),
    responses((status = 201, body = IdOut), (status = 403), (status = 404), (status = 422)))]
pub async fn add_dependant(
    State(state): State<AppState>,
    ctx: OrgCtx,
    Path((_slug, id)): Path<(String, i64)>,
    ApiJson(d): ApiJson<DependantIn>,
) -> AppResult<Response> {
    ctx.require(Permission::RunProtection)?;
    let mut tx = state.db.begin_write().await?;
    let id = service::add_dependant(&mut tx, &ctx.org, id, &d.name, &d.relation, &d.born_on).await?;
    tx.commit().await?;
    Ok(created(id))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PublicationIn {
    pub published: bool,
}

/// A federation offers its scheme to its member organisations, or takes it back.
#[utoipa::path(post, path = "/api/v1/orgs/{slug}/schemes/{id}/publication", tag = "protection",
    request_body = PublicationIn,
    params(("slug" = String, Path), ("id" = i64, Path), ("Idempotency-Key" = Option<String>, Header)),
    responses((status = 204), (status = 403), (status = 404), (status = 422)))]
pub async fn publish(
    State(state): State<AppState>,
    ctx: OrgCtx,
    Path((_slug, id)): Path<(String, i64)>,
    ApiJson(p): ApiJson<PublicationIn>,
) -> AppResult<Response> {
    ctx.require(Permission::RunProtection)?;
    let mut tx = state.db.begin_write().await?;
    service::publish(&mut tx, &ctx.org, id, p.published).await?;
    tx.commit().await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AdoptIn {
    /// A scheme one of the organisation's federations publishes.
    pub scheme_id: i64,
}

/// Adopts a federation's scheme: its rules and rates become the organisation's.
#[utoipa::path(post, path = "/api/v1/orgs/{slug}/scheme-adoptions", tag = "protection", request_body = AdoptIn,
    params(("slug" = String, Path), ("Idempotency-Key" = Option<String>, Header)),
    responses((status = 201, body = IdOut), (status = 403), (status = 422)))]
pub async fn adopt(State(state): State<AppState>, ctx: OrgCtx, ApiJson(a): ApiJson<AdoptIn>) -> AppResult<Response> {
    ctx.require(Permission::RunProtection)?;
    let mut tx = state.db.begin_write().await?;
    let id = service::adopt(&mut tx, &ctx.org, a.scheme_id).await?;
    tx.commit().await?;
    Ok(created(id))
}

#[derive(Serialize, ToSchema)]
pub struct ClaimOut {
    pub id: i64,
    pub enrolment_id: i64,
    pub scheme_id: i64,
    pub member_number: String,
    /// reported, documents_requested, submitted, approved, rejected, received or paid.
    pub status: String,
    pub what: String,
    pub happened_on: String,
    pub reported_on: String,
    pub asked: i64,
    pub approved: Option<i64>,
    pub reason: String,
    /// direct or organisation, once paid or received.
    pub route: String,
    /// The day her last document came in.
    pub complete_on: Option<String>,
    pub paid_on: Option<String>,
    /// From her last document to payment (to today while unpaid).
    pub days: Option<i64>,
    /// Over the scheme's promised turnaround.
    pub late: bool,
    pub missing_documents: Vec<String>,
}

#[utoipa::path(get, path = "/api/v1/orgs/{slug}/claims", tag = "protection", params(("slug" = String, Path)),
    responses((status = 200, body = [ClaimOut]), (status = 403)))]
pub async fn claims(State(state): State<AppState>, ctx: OrgCtx) -> AppResult<Json<Vec<ClaimOut>>> {
    ctx.require(Permission::RunProtection)?;
    let mut tx = state.db.begin().await?;
    let out = service::claims(&mut tx, &ctx.org, None, None)
        .await?
        .into_iter()
        .map(|v| {
            let c = v.claim;
            ClaimOut {
                id: c.id,
                enrolment_id: c.enrolment_id,
                scheme_id: c.scheme_id,
                member_number: c.member_number,
                status: c.status,
                what: c.what,
                happened_on: c.happened_on,
                reported_on: c.reported_on,
                asked: c.asked,
                approved: c.approved,
                reason: c.reason,
                route: c.route,
                complete_on: c.complete_on,
                paid_on: c.paid_on,
                days: v.days,
                late: v.late,
                missing_documents: v.missing,
            }
        })
        .collect();
    Ok(Json(out))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ClaimIn {
    pub enrolment_id: i64,
    /// What happened (a stay in hospital, a birth, a death).
    pub what: String,
    pub happened_on: String,
    /// What she asks for, minor units; 0 when the scheme sets it.
    #[serde(default)]
    pub asked: i64,
}

#[utoipa::path(post, path = "/api/v1/orgs/{slug}/claims", tag = "protection", request_body = ClaimIn,
    params(("slug" = String, Path), ("Idempotency-Key" = Option<String>, Header)),
    responses((status = 201, body = IdOut), (status = 403), (status = 404), (status = 422)))]
pub async fn report_claim(
    State(state): State<AppState>,
    ctx: OrgCtx,
    ApiJson(c): ApiJson<ClaimIn>,
) -> AppResult<Response> {
    ctx.require(Permission::RunProtection)?;
    let mut tx = state.db.begin_write().await?;
    let id = service::report_claim(
        &mut tx,
        &ctx.org,
        c.enrolment_id,
        &c.what,
        &c.happened_on,
        c.asked,
        ctx.person.id,
    )
    .await?;
    tx.commit().await?;
    Ok(created(id))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ClaimStepIn {
    /// submitted, approved, rejected, received (the scheme paid the organisation) or paid.
    pub step: String,
    /// approved: what the scheme approved (minor units).
    #[serde(default)]
    pub amount: Option<i64>,
    /// rejected: the scheme's reason.
    #[serde(default)]
    pub reason: String,
    /// received, and paid through the organisation: cash, bank or mobile_money.
    #[serde(default)]
    pub till: String,
    #[serde(default)]
    pub note: String,
}

#[utoipa::path(post, path = "/api/v1/orgs/{slug}/claims/{id}/steps", tag = "protection", request_body = ClaimStepIn,
    params(("slug" = String, Path), ("id" = i64, Path), ("Idempotency-Key" = Option<String>, Header)),
    responses((status = 204), (status = 403), (status = 404), (status = 409), (status = 422)))]
pub async fn claim_step(
    State(state): State<AppState>,
    ctx: OrgCtx,
    Path((_slug, id)): Path<(String, i64)>,
    ApiJson(s): ApiJson<ClaimStepIn>,
) -> AppResult<Response> {
    ctx.require(Permission::RunProtection)?;
    let m = service::ClaimMove {
        step: &s.step,
        amount: s.amount,
        reason: &s.reason,
        till: &s.till,
        note: &s.note,
    };
    let mut tx = state.db.begin_write().await?;
    service::advance_claim(&mut tx, &ctx.org, id, &m, ctx.person.id).await?;
    tx.commit().await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ClaimDocumentsIn {
    /// Every document the claim needs, asked for at once (only while it is reported).
    #[serde(default)]
    pub request: Vec<String>,
    /// Documents that came in.
    #[serde(default)]
    pub received: Vec<String>,
}

#[utoipa::path(post, path = "/api/v1/orgs/{slug}/claims/{id}/documents", tag = "protection",
    request_body = ClaimDocumentsIn,
    params(("slug" = String, Path), ("id" = i64, Path), ("Idempotency-Key" = Option<String>, Header)),
    responses((status = 204), (status = 403), (status = 404), (status = 422)))]
pub async fn claim_documents(
    State(state): State<AppState>,
    ctx: OrgCtx,
    Path((_slug, id)): Path<(String, i64)>,
    ApiJson(d): ApiJson<ClaimDocumentsIn>,
) -> AppResult<Response> {
    ctx.require(Permission::RunProtection)?;
    let mut tx = state.db.begin_write().await?;
    if !d.request.is_empty() {
        service::request_documents(&mut tx, &ctx.org, id, &d.request, ctx.person.id).await?;
    } else {
        service::claim(&mut tx, &ctx.org, id).await?;
    }
    for n in &d.received {
        service::receive_claim_document(&mut tx, &ctx.org, id, n).await?;
    }
    tx.commit().await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

#[derive(Serialize, ToSchema)]
pub struct FundMoveOut {
    pub id: i64,
    /// contribution, grant, loan or repayment.
    pub kind: String,
    pub member_number: String,
    pub amount: i64,
    pub on: String,
    pub agenda_item_id: Option<i64>,
    pub proposal_id: Option<i64>,
    pub purpose: String,
}

#[derive(Serialize, ToSchema)]
pub struct FundOut {
    /// So much from each member (minor units) per `per` (month or meeting).
    pub rule_amount: Option<i64>,
    pub per: Option<String>,
    /// What the fund holds to give: contributions less grants and loans not repaid.
    pub available: i64,
    pub contributed: i64,
    pub granted: i64,
    /// Interest-free loans not yet repaid.
    pub lent: i64,
    pub moves: Vec<FundMoveOut>,
}

#[utoipa::path(get, path = "/api/v1/orgs/{slug}/solidarity-fund", tag = "protection", params(("slug" = String, Path)),
    responses((status = 200, body = FundOut), (status = 403)))]
pub async fn fund(State(state): State<AppState>, ctx: OrgCtx) -> AppResult<Json<FundOut>> {
    ctx.require(Permission::RunProtection)?;
    let mut tx = state.db.begin().await?;
    let rule = service::fund_rule(&mut tx, &ctx.org).await?;
    let f = service::fund(&mut tx, &ctx.org, None).await?;
    Ok(Json(FundOut {
        rule_amount: rule.map(|r| r.0),
        per: rule.map(|r| r.1.as_str().to_string()),
        available: f.available,
        contributed: f.contributed,
        granted: f.granted,
        lent: f.lent,
        moves: f
            .moves
            .into_iter()
            .map(|m| FundMoveOut {
                id: m.id,
                kind: m.kind,
                member_number: m.member_number,
                amount: m.amount,
                on: m.on_day,
                agenda_item_id: m.agenda_item_id,
                proposal_id: m.proposal_id,
                purpose: m.purpose,
            })
            .collect(),
    }))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct FundRuleIn {
    /// Minor units from each member.
    pub amount: i64,
    /// month or meeting.
    pub per: String,
}

#[utoipa::path(post, path = "/api/v1/orgs/{slug}/solidarity-fund/rule", tag = "protection", request_body = FundRuleIn,
    params(("slug" = String, Path), ("Idempotency-Key" = Option<String>, Header)),
    responses((status = 204), (status = 403), (status = 422)))]
pub async fn fund_rule(
    State(state): State<AppState>,
    ctx: OrgCtx,
    ApiJson(r): ApiJson<FundRuleIn>,
) -> AppResult<Response> {
    ctx.require(Permission::RunProtection)?;
    let mut tx = state.db.begin_write().await?;
    service::set_fund_rule(&mut tx, &ctx.org, r.amount, &r.per).await?;
    tx.commit().await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct FundMoveIn {
    /// contribution, grant, loan (interest-free) or repayment.
    pub kind: String,
    pub member_number: String,
    /// contribution: the months or meetings it pays for.
    #[serde(default)]
    pub periods: i64,
    /// grant, loan, repayment: minor units.
    #[serde(default)]
    pub amount: Option<i64>,
    /// cash, bank or mobile_money.
    pub till: String,
    /// grant and loan: the agenda item a meeting decided it on ...
    #[serde(default)]
    pub agenda_item_id: Option<i64>,
    /// ... or the proposal the members passed.
    #[serde(default)]
    pub proposal_id: Option<i64>,
    #[serde(default)]
    pub purpose: String,
}

#[utoipa::path(post, path = "/api/v1/orgs/{slug}/solidarity-fund/moves", tag = "protection", request_body = FundMoveIn,
    params(("slug" = String, Path), ("Idempotency-Key" = Option<String>, Header)),
    responses((status = 201, body = IdOut), (status = 403), (status = 422)))]
pub async fn fund_move(
    State(state): State<AppState>,
    ctx: OrgCtx,
    ApiJson(m): ApiJson<FundMoveIn>,
) -> AppResult<Response> {
    ctx.require(Permission::RunProtection)?;
    let ask = service::FundAsk {
        kind: &m.kind,
        member_number: &m.member_number,
        periods: m.periods,
        amount: m.amount,
        till: &m.till,
        agenda_item: m.agenda_item_id,
        proposal: m.proposal_id,
        purpose: &m.purpose,
        meeting: None,
    };
    let mut tx = state.db.begin_write().await?;
    let id = service::fund_move(&mut tx, &ctx.org, &ask, ctx.person.id).await?;
    tx.commit().await?;
    Ok(created(id))
}

#[derive(Serialize, ToSchema)]
pub struct SchemeCoverageOut {
    pub name: String,
    pub covered: i64,
    pub women: i64,
}

#[derive(Serialize, ToSchema)]
pub struct AffiliateCoverageOut {
    pub name: String,
    /// Counts in the order active_members, covered, covered_women, covered_others,
    /// lapsed, claims; null where a count from 1 to 10 could single a member out.
    pub counts: Vec<Option<i64>>,
    /// The currency of its money figures.
    pub currency: String,
    pub collected: Option<i64>,
    pub remitted: Option<i64>,
}

#[derive(Serialize, ToSchema)]
pub struct CoverageOut {
    pub active_members: i64,
    pub covered: i64,
    pub covered_women: i64,
    pub covered_others: i64,
    pub lapsed: i64,
    pub schemes: Vec<SchemeCoverageOut>,
    /// Minor units owed today for periods begun and not paid.
    pub due: i64,
    pub collected: i64,
    pub remitted: i64,
    pub claims: i64,
    pub claims_paid: i64,
    pub paid_on_time: i64,
    pub paid_amount: i64,
    pub median_days: Option<i64>,
    /// For a federation or network: its member organisations, the total last.
    pub affiliates: Vec<AffiliateCoverageOut>,
}

#[utoipa::path(get, path = "/api/v1/orgs/{slug}/protection-coverage", tag = "protection", params(("slug" = String, Path)),
    responses((status = 200, body = CoverageOut), (status = 403)))]
pub async fn coverage(State(state): State<AppState>, ctx: OrgCtx) -> AppResult<Json<CoverageOut>> {
    ctx.require(Permission::RunProtection)?;
    let mut tx = state.db.begin().await?;
    let c = service::coverage(&mut tx, &ctx.org).await?;
    let affiliates = if ctx.org.kind.groups_orgs() {
        service::affiliates_coverage(&mut tx, &ctx.org).await?
    } else {
        vec![]
    };
    Ok(Json(CoverageOut {
        active_members: c.active_members,
        covered: c.covered,
        covered_women: c.covered_women,
        covered_others: c.covered_others,
        lapsed: c.lapsed,
        schemes: c
            .schemes
            .into_iter()
            .map(|(name, covered, women)| SchemeCoverageOut { name, covered, women })
            .collect(),
        due: c.due,
        collected: c.collected,
        remitted: c.remitted,
        claims: c.claims,
        claims_paid: c.claims_paid,
        paid_on_time: c.paid_on_time,
        paid_amount: c.paid_amount,
        median_days: c.median_days,
        affiliates: affiliates
            .into_iter()
            .map(|a| AffiliateCoverageOut {
                name: a.name,
                counts: a.counts,
                currency: a.currency.code().to_string(),
                collected: a.collected,
                remitted: a.remitted,
            })
            .collect(),
    }))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct InstructionIn {
    /// Each contribution taken from her savings on the day it falls due, as far as they go.
    pub from_savings: bool,
}

/// Sets or ends her standing instruction to pay from her savings.
#[utoipa::path(post, path = "/api/v1/orgs/{slug}/enrolments/{id}/standing-instruction", tag = "protection",
    request_body = InstructionIn,
    params(("slug" = String, Path), ("id" = i64, Path), ("Idempotency-Key" = Option<String>, Header)),
    responses((status = 204), (status = 403), (status = 404), (status = 422)))]
pub async fn instruction(
    State(state): State<AppState>,
    ctx: OrgCtx,
    Path((_slug, id)): Path<(String, i64)>,
    ApiJson(i): ApiJson<InstructionIn>,
) -> AppResult<Response> {
    ctx.require(Permission::RunProtection)?;
    let mut tx = state.db.begin_write().await?;
    service::set_instruction(&mut tx, &ctx.org, id, i.from_savings, ctx.person.id).await?;
    tx.commit().await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MeetingCollectionIn {
    pub meeting_id: i64,
    /// cash, bank or mobile_money.
    pub till: String,
}

/// The rule's amount from every member present at a meeting who has not yet given at it
/// (when the rule counts meetings).
#[utoipa::path(post, path = "/api/v1/orgs/{slug}/solidarity-fund/meeting-collections", tag = "protection",
    request_body = MeetingCollectionIn,
    params(("slug" = String, Path), ("Idempotency-Key" = Option<String>, Header)),
    responses((status = 201, body = IdsOut), (status = 403), (status = 422)))]
pub async fn collect_at_meeting(
    State(state): State<AppState>,
    ctx: OrgCtx,
    ApiJson(m): ApiJson<MeetingCollectionIn>,
) -> AppResult<Response> {
    ctx.require(Permission::RunProtection)?;
    let mut tx = state.db.begin_write().await?;
    let ids = service::collect_at_meeting(&mut tx, &ctx.org, m.meeting_id, &m.till, ctx.person.id).await?;
    tx.commit().await?;
    Ok((StatusCode::CREATED, Json(IdsOut { ids })).into_response())
}
