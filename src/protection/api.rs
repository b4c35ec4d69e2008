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
    /// cash, bank or mobile_money.
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
