//! Reports as JSON: the same tables as on screen, cells typed.

use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;

use super::model::{Kind, Report};
use super::pages::ReportQuery;
use super::service::{self, EXPORT_LINES};
use crate::auth::{OrgCtx, Permission};
use crate::state::AppState;
use crate::web::{AppError, AppResult};

/// One report: journal, ledger, trial-balance, income-statement, balance-sheet,
/// cash-flow or loans. Amounts are minor units of `currency`.
#[utoipa::path(get, path = "/api/v1/orgs/{slug}/reports/{name}", tag = "reports",
    params(("slug" = String, Path), ("name" = Kind, Path), ReportQuery),
    responses((status = 200, body = Report), (status = 400), (status = 403), (status = 404)))]
pub async fn read(
    State(state): State<AppState>,
    ctx: OrgCtx,
    headers: HeaderMap,
    Path((_slug, name)): Path<(String, String)>,
    Query(q): Query<ReportQuery>,
) -> AppResult<Json<Report>> {
    ctx.require(Permission::ViewBooks)?;
    let kind = Kind::parse(&name).ok_or(AppError::NotFound)?;
    let params = q.params(&ctx.org.today());
    let mut tx = state.db.begin().await?;
    let report = service::build(
        &mut tx,
        &ctx.org,
        &crate::web::locale_of(&headers),
        kind,
        &params,
        EXPORT_LINES,
    )
    .await?;
    Ok(Json(report))
}
