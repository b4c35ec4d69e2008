//! A member's passbook as JSON.

use axum::Json;
use axum::extract::{Path, State};
use serde::Serialize;
use utoipa::ToSchema;

use super::pages::may_read;
use super::service;
use crate::auth::OrgCtx;
use crate::state::AppState;

#[derive(Serialize, ToSchema)]
pub struct PassbookLineOut {
    pub date: String,
    pub description: String,
    /// The change, in the account's normal direction (a deposit adds to savings).
    pub amount: i64,
    pub balance: i64,
    pub entry_id: i64,
}

#[derive(Serialize, ToSchema)]
pub struct BookOut {
    /// The control account's code: 2100 savings, 3100 shares, 1400 loans, 1300 she owes,
    /// 2210 she is owed.
    pub control: String,
    /// Message id of its name.
    pub name: String,
    pub balance: i64,
    pub lines: Vec<PassbookLineOut>,
}

#[derive(Serialize, ToSchema)]
pub struct LoanLine {
    pub id: i64,
    pub product: String,
    pub status: String,
    pub outstanding_principal: i64,
    pub next_due_date: Option<String>,
    pub next_due_amount: Option<i64>,
    pub days_overdue: i64,
}

#[derive(Serialize, ToSchema)]
pub struct PassbookOut {
    pub member_id: i64,
    pub member_number: String,
    pub name: String,
    pub currency: String,
    pub books: Vec<BookOut>,
    pub loans: Vec<LoanLine>,
    /// This year's goods bought together: what she paid, and the same at retail.
    pub bought_together_paid: i64,
    pub bought_together_retail: i64,
}

/// A member's passbook; she may read her own.
#[utoipa::path(get, path = "/api/v1/orgs/{slug}/members/{id}/passbook", tag = "books",
    params(("slug" = String, Path), ("id" = i64, Path)),
    responses((status = 200, body = PassbookOut), (status = 403), (status = 404)))]
pub async fn read(
    State(state): State<AppState>,
    ctx: OrgCtx,
    Path((_slug, id)): Path<(String, i64)>,
) -> crate::web::AppResult<Json<PassbookOut>> {
    may_read(&ctx, id)?;
    let mut tx = state.db.begin().await?;
    let pb = service::passbook(&mut tx, &ctx.org, id, &ctx.org.today(), None).await?;
    Ok(Json(PassbookOut {
        member_id: pb.member.id,
        member_number: pb.member.member_number,
        name: pb.member.name,
        currency: ctx.org.currency.code().to_string(),
        books: pb
            .books
            .into_iter()
            .map(|b| BookOut {
                control: b.control.code,
                name: b.control.name_key,
                balance: b.balance,
                lines: b
                    .lines
                    .into_iter()
                    .map(|(l, amount, balance)| PassbookLineOut {
                        date: l.entry_date,
                        description: l.description,
                        amount,
                        balance,
                        entry_id: l.entry_id,
                    })
                    .collect(),
            })
            .collect(),
        bought_together_paid: pb.bought_together.0,
        bought_together_retail: pb.bought_together.1,
        loans: pb
            .loans
            .into_iter()
            .map(|l| LoanLine {
                id: l.loan.id,
                product: l.product,
                status: l.loan.status,
                outstanding_principal: l.outstanding_principal,
                next_due_date: l.next_due.as_ref().map(|(d, _)| d.clone()),
                next_due_amount: l.next_due.map(|(_, a)| a),
                days_overdue: l.days_overdue,
            })
            .collect(),
    }))
}
