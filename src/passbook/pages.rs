//! The passbook page: big figures first, then every line, printable like a paper passbook.

use axum::extract::{Path, Query, State};
use maud::{Markup, html};
use serde::Deserialize;

use super::service;
use crate::auth::{OrgCtx, Permission};
use crate::state::AppState;
use crate::web::layout::{self, icon};
use crate::web::layout::{money, nav};
use crate::web::{AppError, AppResult, Page};

/// Her passbook: for the member herself, or anyone who may see the books.
pub fn may_read(ctx: &OrgCtx, member_id: i64) -> AppResult<()> {
    if ctx.can(Permission::ViewBooks) || ctx.membership_id == Some(member_id) {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
}

/// Lines of each account shown by default, the newest; the whole passbook is one click away.
const RECENT_LINES: i64 = 30;

#[derive(Deserialize, Default)]
pub struct PassbookQuery {
    /// Every line (to print the whole passbook).
    all: Option<String>,
}

pub async fn passbook(
    State(state): State<AppState>,
    page: Page,
    ctx: OrgCtx,
    Path((_slug, id)): Path<(String, i64)>,
    Query(q): Query<PassbookQuery>,
) -> AppResult<Markup> {
    may_read(&ctx, id)?;
    let tr = &page.tr;
    let mut tx = state.db.begin().await?;
    let recent = if q.all.is_some() { None } else { Some(RECENT_LINES) };
    let pb = service::passbook(&mut tx, &ctx.org, id, &ctx.org.today(), recent).await?;
    let notices = crate::savings::notices_of(&mut tx, &ctx.org, id).await?;
    let work = crate::production::work(&mut tx, &ctx.org, id, false).await?;
    let protection = crate::protection::service::member_protection(&mut tx, &ctx.org, id).await?;
    drop(tx);
    let any_hidden = pb.books.iter().any(|b| b.older > 0);
    let has_savings = pb.books.iter().any(|b| b.control.code == "2100");
    // Read by the member herself, her accounts are named in her words ("You owe"); read
    // by an officer, by the books' names ("Due from members").
    let own = ctx.membership_id == Some(id);
    let heading = |code: &str, name_key: &str| match crate::ledger::member_words(code) {
        Some(words) if own => tr.t(words),
        _ => tr.t(name_key),
    };
    let body = html! {
        h1 { (icon("book")) (tr.t("passbook-title")) }
        p { strong { (pb.member.name) } " · " (tr.t("member-number")) " " (pb.member.member_number) " · " (ctx.org.name) }
        @if !has_savings {
            section.card.passbook {
                h2 { (heading("2100", "acct-member-savings")) }
                p.big { (money(&page, &ctx, 0)) }
                p.meta { (tr.t("passbook-no-savings")) }
            }
        }
        @if work.any() { (crate::production::work_view(&page, &ctx, &work, false)) }
        (crate::protection::pages::passbook_view(&page, &ctx, &protection, own))
        @for l in pb.loans.iter().filter(|l| l.loan.status == "disbursed") {
            section.card.passbook {
                h2 { (tr.t("loan-title")) " #" (l.loan.id) " · " (l.product) }
                p.big { (money(&page, &ctx, l.outstanding_principal)) }
                p { (tr.t("loans-outstanding")) }
                @if let Some((due, amount)) = &l.next_due {
                    p { strong { (tr.t("loan-next-instalment")) ": " (money(&page, &ctx, *amount)) " · " (tr.fmt().date(due)) } }
                }
                @if l.days_overdue > 0 { p.err { (tr.ta("loans-days-late", &[("days", l.days_overdue.into())])) } }
            }
        }
        @for b in &pb.books {
            section.card.passbook {
                h2 { (heading(&b.control.code, &b.control.name_key)) }
                p.big { (money(&page, &ctx, b.balance)) }
                table.tb {
                    thead { tr { th { (tr.t("entry-date")) } th { (tr.t("entry-description")) } th.num { (tr.t("amount")) } th.num { (tr.t("balance")) } } }
                    tbody {
                        @for (l, change, running) in &b.lines {
                            tr { td { (tr.fmt().date(&l.entry_date)) } td {
                                @if ctx.can(Permission::ViewBooks) { a href=(format!("/o/{}/books/entries/{}", ctx.org.slug, l.entry_id)) { (l.description) } } @else { (l.description) }
                                // Who wrote the line in her book, when not she herself.
                                @if let Some(by) = l.entered_by.as_ref().filter(|_| l.entered_by_id != Some(pb.member.person_id)) {
                                    br; span.meta { (tr.ta("entered-by", &[("name", by.clone().into())])) }
                                }
                            } td.num { (money(&page, &ctx, *change)) } td.num { (money(&page, &ctx, *running)) } }
                        }
                    }
                }
                @if b.older > 0 { p.meta { (tr.ta("passbook-older", &[("count", b.older.into())])) } }
            }
        }
        @if !notices.is_empty() || (own && ctx.org.bylaws.savings_notice_days > 0) {
            section.card {
                h2 { (icon("savings")) (tr.t("savings-notice")) }
                ul.list {
                    @for n in &notices {
                        li { (money(&page, &ctx, n.amount)) " · " (tr.fmt().date(&n.given_on))
                            @if let Some(by) = &n.entered_by_other { br; span.meta { (tr.ta("entered-by", &[("name", by.clone().into())])) } } }
                    }
                }
                @if own && ctx.org.bylaws.savings_notice_days > 0 {
                    (notice_form(&page, &ctx, id, &format!("/o/{}/members/{id}/passbook", ctx.org.slug)))
                }
            }
        }
        @if any_hidden { p { a href="?all=1" { (tr.t("passbook-every-line")) } } }
        @if pb.bought_together.1 > 0 {
            section.card.passbook {
                h2 { (icon("basket")) (tr.t("passbook-bought-together")) }
                p.big { (money(&page, &ctx, pb.bought_together.1 - pb.bought_together.0)) }
                p { (tr.ta("passbook-saving-detail", &[("paid", money(&page, &ctx, pb.bought_together.0).into()), ("retail", money(&page, &ctx, pb.bought_together.1).into())])) }
            }
        }
    };
    Ok(layout::page(&page, &tr.t("passbook-title"), Some(&nav(&ctx)), body))
}

/// The form that gives notice to withdraw from her savings: on her passbook for herself,
/// on her record for whoever acts for her.
pub fn notice_form(page: &Page, ctx: &OrgCtx, member_id: i64, back: &str) -> maud::Markup {
    let tr = &page.tr;
    html! {
        form method="post" action=(format!("/o/{}/members/{member_id}/withdrawal-notice", ctx.org.slug)) {
            (crate::web::layout::form_keys(page))
            input type="hidden" name="back" value=(back);
            p.meta { (tr.ta("savings-notice-help", &[("days", ctx.org.bylaws.savings_notice_days.into())])) }
            (crate::web::layout::field(tr, "amount", "cashbook-amount", "number", "", &[]))
            button.secondary type="submit" { (tr.t("savings-notice-give")) }
        }
    }
}
