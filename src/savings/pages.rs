//! Pages of savings: the savers and their balances, money in or out of a member's
//! savings, withdrawal notices, and interest at period end with a preview.

use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use maud::{Markup, html};
use serde::Deserialize;
use tower_sessions::Session;

use super::service::{self, Movement};
use crate::auth::{OrgCtx, Permission};
use crate::db::Tx;
use crate::ledger::Till;
use crate::state::AppState;
use crate::web::form::CsrfForm;
use crate::web::layout::{self, field, form_keys, icon};
use crate::web::layout::{money, nav};
use crate::web::{AppError, AppResult, FieldError, Page};

/// How many savers the page lists (the biggest first); the rest are in the reports.
const LISTED: usize = 100;

/// Every form of the page, as posted; each form's fields have their own names.
#[derive(Deserialize, Default, Clone)]
pub struct SavingsForm {
    #[serde(default)]
    direction: String,
    #[serde(default)]
    member_number: String,
    #[serde(default)]
    amount: String,
    #[serde(default)]
    date: String,
    #[serde(default)]
    till: String,
    #[serde(default)]
    notice_member: String,
    #[serde(default)]
    notice_amount: String,
    #[serde(default)]
    from: String,
    #[serde(default)]
    through: String,
    /// The member number whose name the treasurer has seen and confirmed.
    #[serde(default)]
    confirmed_member: String,
}

#[derive(Deserialize, Default)]
pub struct PreviewQuery {
    from: Option<String>,
    through: Option<String>,
}

fn year_start(through: &str) -> String {
    format!("{}-01-01", through.get(..4).unwrap_or("2000"))
}

async fn view(
    tx: &mut Tx,
    page: &Page,
    ctx: &OrgCtx,
    form: &SavingsForm,
    preview: bool,
    errors: &[FieldError],
) -> AppResult<Markup> {
    let tr = &page.tr;
    let (savers, total) = service::savers(tx, &ctx.org).await?;
    let notices = service::open_notices(tx, &ctx.org).await?;
    let runs = service::interest_runs(tx, &ctx.org).await?;
    let through = if form.through.is_empty() {
        ctx.org.today()
    } else {
        form.through.clone()
    };
    let from = if form.from.is_empty() {
        year_start(&through)
    } else {
        form.from.clone()
    };
    let lines = if preview {
        service::interest_preview(tx, &ctx.org, &from, &through).await?
    } else {
        vec![]
    };
    let name_of = |id: i64| {
        savers
            .iter()
            .find(|s| s.member_id == id)
            .map(|s| format!("{} ({})", s.name, s.member_number))
            .unwrap_or_default()
    };
    let b = &ctx.org.bylaws;
    let base = format!("/o/{}/savings", ctx.org.slug);
    let keeps = ctx.can(Permission::KeepBooks);
    let date = if form.date.is_empty() {
        ctx.org.today()
    } else {
        form.date.clone()
    };
    Ok(html! {
        h1 { (icon("savings")) (tr.t("savings-title")) }
        @if !errors.is_empty() { p.errors role="alert" { @for e in errors { (tr.t(e.message)) " " } } }
        div.grid {
            div.stat { b { (money(page, ctx, total)) } span { (tr.t("savings-total")) } }
            div.stat { b { (tr.fmt().int(savers.iter().filter(|s| s.balance > 0).count() as i64)) } span { (tr.t("savings-savers")) } }
        }
        p.meta {
            (tr.t("bylaws-savings-min")) ": " (money(page, ctx, b.savings_min_balance)) " · "
            (tr.t("bylaws-savings-notice")) ": " (tr.fmt().int(b.savings_notice_days)) " · "
            (tr.t("bylaws-savings-interest")) ": " (tr.fmt().percent_bp(b.savings_interest_bp))
        }
        @if keeps {
            form.card method="post" action=(format!("{base}/move")) {
                h2 { (tr.t("savings-move")) }
                (form_keys(page))
                fieldset {
                    legend { (tr.t("savings-direction")) }
                    label { input type="radio" name="direction" value="deposit" checked[form.direction != "withdrawal"]; (tr.t("purpose-saving-deposit")) }
                    label { input type="radio" name="direction" value="withdrawal" checked[form.direction == "withdrawal"]; (tr.t("purpose-saving-withdrawal")) }
                }
                (field(tr, "member_number", "cashbook-member", "number", &form.member_number, errors))
                (field(tr, "amount", "cashbook-amount", "number", &form.amount, errors))
                (field(tr, "date", "entry-date", "date", &date, errors))
                (crate::ledger::pages::till_field(tr, &form.till, errors))
                button type="submit" { (tr.t("save")) }
            }
            @if b.savings_notice_days > 0 {
                form.card method="post" action=(format!("{base}/notices")) {
                    h2 { (tr.t("savings-notice")) }
                    (form_keys(page))
                    p.meta { (tr.ta("savings-notice-help", &[("days", b.savings_notice_days.into())])) }
                    (field(tr, "notice_member", "cashbook-member", "number", &form.notice_member, errors))
                    (field(tr, "notice_amount", "cashbook-amount", "number", &form.notice_amount, errors))
                    button.secondary type="submit" { (tr.t("savings-notice-give")) }
                }
            }
        }
        @if !notices.is_empty() {
            h2 { (tr.t("savings-notices-open")) }
            ul.list {
                @for n in &notices {
                    li { (name_of(n.member_id)) div.meta { (money(page, ctx, n.amount)) " · " (tr.fmt().date(&n.given_on)) } }
                }
            }
        }
        @if b.savings_interest_bp > 0 {
            section.card {
                h2 { (tr.t("savings-interest")) }
                form.search method="get" action=(format!("{base}/interest")) {
                    div { label for="from" { (tr.t("report-from")) } input id="from" name="from" type="date" value=(from); }
                    div { label for="through" { (tr.t("report-through")) } input id="through" name="through" type="date" value=(through); }
                    button.secondary type="submit" { (tr.t("savings-interest-preview")) }
                }
                @if preview {
                    table.tb {
                        thead { tr { th { (tr.t("member-name")) } th.num { (tr.t("savings-interest")) } } }
                        tbody { @for (s, i) in &lines { tr { td { (s.name) " (" (s.member_number) ")" } td.num { (money(page, ctx, *i)) } } } }
                        tfoot { tr { th { (tr.t("total")) } th.num { (money(page, ctx, lines.iter().map(|(_, i)| i).sum())) } } }
                    }
                    @if keeps && !lines.is_empty() {
                        form method="post" action=(format!("{base}/interest")) {
                            (form_keys(page))
                            input type="hidden" name="from" value=(from);
                            input type="hidden" name="through" value=(through);
                            button type="submit" { (tr.t("savings-interest-credit")) }
                        }
                    }
                }
                @for r in &runs {
                    p.meta {
                        (tr.fmt().date(&r.period_from)) " – " (tr.fmt().date(&r.period_through)) " · "
                        (tr.fmt().percent_bp(r.rate_bp)) " · " (money(page, ctx, r.total))
                        @if let Some(e) = r.entry_id { " · " a href=(format!("/o/{}/books/entries/{e}", ctx.org.slug)) { (tr.t("entry-title")) } }
                    }
                }
            }
        }
        h2 { (tr.t("savings-savers")) }
        table.tb {
            thead { tr { th { (tr.t("member-name")) } th.num { (tr.t("balance")) } } }
            tbody {
                @for s in savers.iter().take(LISTED) {
                    tr {
                        td { a href=(format!("/o/{}/members/{}/passbook", ctx.org.slug, s.member_id)) { (s.name) } " (" (s.member_number) ")" }
                        td.num { (money(page, ctx, s.balance)) }
                    }
                }
            }
        }
    })
}

async fn respond(
    state: &AppState,
    page: &Page,
    ctx: &OrgCtx,
    form: &SavingsForm,
    preview: bool,
    errors: &[FieldError],
) -> AppResult<Response> {
    let mut tx = state.db.begin().await?;
    let body = view(&mut tx, page, ctx, form, preview, errors).await?;
    drop(tx);
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    Ok((
        status,
        layout::page(page, &page.tr.t("savings-title"), Some(&nav(ctx)), body),
    )
        .into_response())
}

pub async fn page(State(state): State<AppState>, page: Page, ctx: OrgCtx) -> AppResult<Response> {
    ctx.require(Permission::ViewBooks)?;
    respond(&state, &page, &ctx, &SavingsForm::default(), false, &[]).await
}

/// The page with each saver's interest for a period, before anything is posted.
pub async fn interest_preview(
    State(state): State<AppState>,
    page: Page,
    ctx: OrgCtx,
    Query(q): Query<PreviewQuery>,
) -> AppResult<Response> {
    ctx.require(Permission::ViewBooks)?;
    let form = SavingsForm {
        from: q.from.unwrap_or_default(),
        through: q.through.unwrap_or_default(),
        ..Default::default()
    };
    let mut tx = state.db.begin().await?;
    let checked = service::interest_preview(&mut tx, &ctx.org, &form.from, &form.through).await;
    drop(tx);
    match checked {
        Ok(_) => respond(&state, &page, &ctx, &form, true, &[]).await,
        Err(AppError::Invalid(errors)) => respond(&state, &page, &ctx, &SavingsForm::default(), false, &errors).await,
        Err(e) => Err(e),
    }
}

/// Runs one write in a transaction: on success to the page again (or where `to` says),
/// on refusal the page with the form as typed and what was wrong.
async fn write<F>(
    state: &AppState,
    page: &Page,
    ctx: &OrgCtx,
    session: &Session,
    form: &SavingsForm,
    to: String,
    op: F,
) -> AppResult<Response>
where
    F: AsyncFnOnce(&mut Tx) -> AppResult<String>,
{
    ctx.require(Permission::KeepBooks)?;
    let mut tx = state.db.begin_write().await?;
    match op(&mut tx).await {
        Ok(told) => {
            tx.commit().await?;
            crate::web::tell(session, told).await?;
            Ok(Redirect::to(&to).into_response())
        }
        Err(AppError::Invalid(errors)) => {
            drop(tx);
            respond(state, page, ctx, form, false, &errors).await
        }
        Err(e) => Err(e),
    }
}

fn amount_of(page: &Page, ctx: &OrgCtx, field: &'static str, text: &str) -> AppResult<i64> {
    crate::money::positive_amount(text, ctx.org.currency, page.tr.fmt().decimal_mark())
        .map_err(|m| AppError::Invalid(vec![FieldError::new(field, m)]))
}

/// Before money is posted to "member 7", the treasurer sees who member 7 is: the form
/// answers with her name and the amount to confirm, unless that number was confirmed.
async fn confirm_member(
    state: &AppState,
    page: &Page,
    ctx: &OrgCtx,
    form: &SavingsForm,
) -> AppResult<Option<Response>> {
    let number = form.member_number.trim();
    if number.is_empty() || form.confirmed_member.trim() == number {
        return Ok(None);
    }
    let mut tx = state.db.begin().await?;
    let Ok(member) = service::member(&mut tx, &ctx.org, number).await else {
        // An unknown number is refused by the write itself, with the form again.
        return Ok(None);
    };
    drop(tx);
    let tr = &page.tr;
    let withdrawal = form.direction == "withdrawal";
    let amount = crate::money::positive_amount(&form.amount, ctx.org.currency, tr.fmt().decimal_mark())
        .map(|a| money(page, ctx, a))
        .unwrap_or_else(|_| form.amount.clone());
    let base = format!("/o/{}/savings", ctx.org.slug);
    let body = layout::confirm_member(
        page,
        &layout::ConfirmMember {
            action: format!("{base}/move"),
            back: base.clone(),
            title: tr.t(if withdrawal {
                "purpose-saving-withdrawal"
            } else {
                "purpose-saving-deposit"
            }),
            amount,
            name: &member.name,
            number,
            fields: vec![
                ("direction", &form.direction),
                ("member_number", &form.member_number),
                ("amount", &form.amount),
                ("date", &form.date),
                ("till", &form.till),
            ],
        },
    );
    Ok(Some(
        layout::page(page, &tr.t("nav-savings"), Some(&nav(ctx)), body).into_response(),
    ))
}

pub async fn move_money(
    State(state): State<AppState>,
    page: Page,
    ctx: OrgCtx,
    session: Session,
    CsrfForm(form): CsrfForm<SavingsForm>,
) -> AppResult<Response> {
    ctx.require(Permission::KeepBooks)?;
    if let Some(confirm) = confirm_member(&state, &page, &ctx, &form).await? {
        return Ok(confirm);
    }
    let base = format!("/o/{}/savings", ctx.org.slug);
    write(&state, &page, &ctx, &session, &form, base, async |tx| {
        let member = service::member(tx, &ctx.org, &form.member_number).await?;
        let amount = amount_of(&page, &ctx, "amount", &form.amount)?;
        let date = if form.date.trim().is_empty() {
            ctx.org.today()
        } else {
            form.date.trim().to_string()
        };
        let withdrawal = form.direction == "withdrawal";
        let label = if withdrawal {
            "purpose-saving-withdrawal"
        } else {
            "purpose-saving-deposit"
        };
        let m = Movement {
            member: &member,
            amount,
            date: &date,
            till: Till::parse(&form.till).unwrap_or(Till::Cash),
            description: format!("{} · {} ({})", page.tr.t(label), member.name, member.member_number),
        };
        if withdrawal {
            service::withdraw(tx, &ctx.org, &m, ctx.person.id).await?;
        } else {
            service::deposit(tx, &ctx.org, &m, ctx.person.id).await?;
        }
        let now = crate::ledger::member_balance(tx, &ctx.org, "2100", member.id).await?;
        Ok(page.tr.ta(
            "told-savings-now",
            &[
                ("name", member.name.clone().into()),
                ("amount", money(&page, &ctx, now).into()),
            ],
        ))
    })
    .await
}

pub async fn give_notice(
    State(state): State<AppState>,
    page: Page,
    ctx: OrgCtx,
    session: Session,
    CsrfForm(form): CsrfForm<SavingsForm>,
) -> AppResult<Response> {
    let base = format!("/o/{}/savings", ctx.org.slug);
    write(&state, &page, &ctx, &session, &form, base, async |tx| {
        let member = service::member(tx, &ctx.org, &form.notice_member)
            .await
            .map_err(|_| AppError::Invalid(vec![FieldError::new("notice_member", "cashbook-member-unknown")]))?;
        let amount = amount_of(&page, &ctx, "notice_amount", &form.notice_amount)?;
        service::give_notice(tx, &ctx.org, &member, amount, &ctx.org.today(), ctx.person.id)
            .await
            .map_err(|e| match e {
                AppError::Invalid(v) => AppError::Invalid(
                    v.into_iter()
                        .map(|e| FieldError::new("notice_amount", e.message))
                        .collect(),
                ),
                e => e,
            })?;
        Ok(page.tr.ta(
            "told-notice-given",
            &[
                ("name", member.name.clone().into()),
                ("amount", money(&page, &ctx, amount).into()),
            ],
        ))
    })
    .await
}

pub async fn credit_interest(
    State(state): State<AppState>,
    page: Page,
    ctx: OrgCtx,
    session: Session,
    CsrfForm(form): CsrfForm<SavingsForm>,
) -> AppResult<Response> {
    let base = format!("/o/{}/savings", ctx.org.slug);
    // Stored in the organisation's own language, whoever records it.
    let description = ctx.org.own_tr().ta(
        "savings-interest-entry",
        &[
            ("from", form.from.clone().into()),
            ("through", form.through.clone().into()),
        ],
    );
    write(&state, &page, &ctx, &session, &form, base, async |tx| {
        service::credit_interest(tx, &ctx.org, &form.from, &form.through, &description, ctx.person.id).await?;
        Ok(page.tr.t("told-saved"))
    })
    .await
}

#[derive(Deserialize, Default)]
pub struct NoticeForHer {
    #[serde(default)]
    amount: String,
    #[serde(default)]
    back: String,
}

/// `POST /o/{slug}/members/{id}/withdrawal-notice`: she gives notice to withdraw, or a
/// facilitator, coordinator or leader gives it for her (recorded as entered by them); a
/// treasurer may too.
pub async fn notice_for(
    State(state): State<AppState>,
    page: Page,
    ctx: OrgCtx,
    session: Session,
    axum::extract::Path((_slug, id)): axum::extract::Path<(String, i64)>,
    CsrfForm(form): CsrfForm<NoticeForHer>,
) -> AppResult<Response> {
    let herself = ctx.membership_id == Some(id);
    if !(herself || ctx.can(Permission::ActForMembers) || ctx.can(Permission::KeepBooks)) {
        return Err(AppError::Forbidden);
    }
    let back = crate::web::safe_next(Some(&form.back));
    let mut tx = state.db.begin_write().await?;
    let member = crate::members::by_id(&mut tx, ctx.org.id, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let amount = amount_of(&page, &ctx, "amount", &form.amount)?;
    service::give_notice(&mut tx, &ctx.org, &member, amount, &ctx.org.today(), ctx.person.id).await?;
    tx.commit().await?;
    let told = page.tr.ta(
        "told-notice-given",
        &[
            ("name", member.name.clone().into()),
            ("amount", money(&page, &ctx, amount).into()),
        ],
    );
    crate::web::tell(&session, told).await?;
    Ok(Redirect::to(&back).into_response())
}
