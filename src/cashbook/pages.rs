//! The cash book: a treasurer says what money came in or went out for, and for which
//! member; the entry is written for her. A view that gathers from many capabilities (a
//! share payment, a saving, a loan repayment), so it lives above them.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use maud::{Markup, html};
use serde::Deserialize;

use crate::auth::{OrgCtx, Permission};
use crate::i18n::Tr;
use crate::ledger::model::{NewEntry, PURPOSES, Purpose, Till, cashbook_postings};
use crate::ledger::pages::till_field;
use crate::ledger::service;
use crate::state::AppState;
use crate::web::form::CsrfForm;
use crate::web::layout::{self, field, form_keys, icon, nav};
use crate::web::{AppError, AppResult, FieldError, Page};

/// The cash book form, as posted.
#[derive(Deserialize, Default, Clone)]
pub struct CashForm {
    #[serde(default)]
    purpose: String,
    #[serde(default)]
    till: String,
    #[serde(default)]
    amount: String,
    #[serde(default)]
    member_number: String,
    #[serde(default)]
    date: String,
    #[serde(default)]
    description: String,
    /// The member number whose name the treasurer has seen and confirmed.
    #[serde(default)]
    confirmed_member: String,
}

fn cashbook_view(page: &Page, ctx: &OrgCtx, form: &CashForm, errors: &[FieldError]) -> Markup {
    let tr = &page.tr;
    let err = |name: &str| errors.iter().find(|e| e.field == name).map(|e| tr.t(e.message));
    let date = if form.date.is_empty() {
        ctx.org.today()
    } else {
        form.date.clone()
    };
    let body = html! {
        h1 { (icon("add")) (tr.t("cashbook-title")) }
        @if !errors.is_empty() { p.errors role="alert" { (tr.t("form-has-errors")) } }
        form method="post" action=(format!("/o/{}/books/cashbook", ctx.org.slug)) {
            (form_keys(page))
            label for="purpose" { (tr.t("cashbook-purpose")) }
            select id="purpose" name="purpose" {
                @for (incoming, group) in [(true, "cashbook-in"), (false, "cashbook-out")] {
                    optgroup label=(tr.t(group)) {
                        @for p in PURPOSES.iter().filter(|p| p.incoming == incoming) {
                            option value=(p.key) selected[form.purpose == p.key] { (tr.t(&p.label())) }
                        }
                    }
                }
            }
            @if let Some(e) = err("purpose") { p.err { (e) } }
            (field(tr, "amount", "cashbook-amount", "number", &form.amount, errors))
            (field(tr, "member_number", "cashbook-member", "number", &form.member_number, errors))
            p.meta { (tr.t("cashbook-member-help")) }
            (till_field(tr, &form.till, errors))
            (field(tr, "date", "entry-date", "date", &date, errors))
            (field(tr, "description", "entry-description", "text", &form.description, errors))
            @if let Some(e) = err("entry") { p.err { (e) } }
            button type="submit" { (tr.t("save")) }
        }
    };
    layout::page(page, &tr.t("cashbook-title"), Some(&nav(ctx)), body)
}

pub async fn cashbook_page(page: Page, ctx: OrgCtx) -> AppResult<Markup> {
    ctx.require(Permission::KeepBooks)?;
    Ok(cashbook_view(&page, &ctx, &CashForm::default(), &[]))
}

/// Turns a cash-book line into an entry: the till against the purpose's account.
/// What a cash-book line becomes: an entry (a withdrawal of savings also names the notice
/// it uses up), or a repayment the loan fund shares between her instalments.
enum CashLine {
    Entry(NewEntry, Option<i64>),
    LoanRepayment {
        loan: i64,
        amount: i64,
        date: String,
        till: Till,
    },
    /// A payment on her shares, written in the share register too.
    SharePayment {
        member: crate::members::MemberRow,
        amount: i64,
        date: String,
        till: Till,
    },
}

async fn cash_entry(tx: &mut crate::db::Tx, ctx: &OrgCtx, tr: &Tr, form: &CashForm) -> AppResult<CashLine> {
    let mut errors = vec![];
    let purpose = Purpose::find(&form.purpose);
    if purpose.is_none() {
        errors.push(FieldError::new("purpose", "cashbook-purpose-invalid"));
    }
    let till = Till::parse(&form.till).unwrap_or(Till::Cash);
    let amount =
        crate::money::positive_amount(&form.amount, ctx.org.currency, tr.fmt().decimal_mark()).unwrap_or_else(|m| {
            errors.push(FieldError::new("amount", m));
            0
        });
    let date = if form.date.trim().is_empty() {
        ctx.org.today()
    } else {
        form.date.trim().to_string()
    };
    if !crate::ledger::model::valid_date(&date) {
        errors.push(FieldError::new("date", "entry-bad-date"));
    }
    let member = match purpose {
        Some(p) if p.member => {
            let m = crate::members::by_number(tx, ctx.org.id, &form.member_number).await?;
            if m.is_none() {
                errors.push(FieldError::new("member_number", "cashbook-member-unknown"));
            }
            m
        }
        _ => None,
    };
    let Some(purpose) = purpose else {
        return Err(AppError::Invalid(errors));
    };
    if !errors.is_empty() {
        return Err(AppError::Invalid(errors));
    }
    // A loan repayment goes to her oldest open loan, interest first, like on the loan's page.
    if let (Some(m), "loan-repayment") = (&member, purpose.key) {
        return match crate::loans::service::oldest_open(tx, &ctx.org, m.id).await? {
            Some(loan) => Ok(CashLine::LoanRepayment {
                loan,
                amount,
                date,
                till,
            }),
            None => Err(AppError::Invalid(vec![FieldError::new(
                "member_number",
                "loan-none-open",
            )])),
        };
    }
    // A payment for shares goes through the share register, within what she subscribed.
    if let (Some(m), "share-payment") = (&member, purpose.key) {
        return Ok(CashLine::SharePayment {
            member: m.clone(),
            amount,
            date,
            till,
        });
    }
    // Savings leave within the bylaws (balance, minimum, notice); the notice is used up
    // once the entry is posted.
    let notice = match (&member, purpose.key) {
        (Some(m), "saving-withdrawal") => crate::savings::check_withdrawal(tx, &ctx.org, m.id, amount, &date).await?,
        _ => None,
    };
    let till_account = service::account(tx, &ctx.org, till.code()).await?;
    let counter = match &member {
        Some(m) => service::member_account(tx, &ctx.org, purpose.counter, m.id, &m.name).await?,
        None => service::account(tx, &ctx.org, purpose.counter).await?,
    };
    let mut description = form.description.trim().to_string();
    if description.is_empty() {
        description = tr.t(&purpose.label());
        if let Some(m) = &member {
            description = format!("{description} · {} ({})", m.name, m.member_number);
        }
    }
    Ok(CashLine::Entry(
        NewEntry {
            date,
            description,
            source: "cashbook",
            source_id: None,
            reverses_id: None,
            planned: false,
            postings: cashbook_postings(purpose, till_account.id, counter.id, amount),
        },
        notice,
    ))
}

pub async fn record_cash(
    State(state): State<AppState>,
    page: Page,
    ctx: OrgCtx,
    CsrfForm(form): CsrfForm<CashForm>,
) -> AppResult<Response> {
    ctx.require(Permission::KeepBooks)?;
    // Money for "member 7" is posted once the treasurer has seen who member 7 is.
    let number = form.member_number.trim();
    if Purpose::find(&form.purpose).is_some_and(|p| p.member)
        && !number.is_empty()
        && form.confirmed_member.trim() != number
    {
        let mut tx = state.db.begin().await?;
        let member = crate::members::by_number(&mut tx, ctx.org.id, number).await?;
        drop(tx);
        if let Some(member) = member {
            let tr = &page.tr;
            let amount = crate::money::positive_amount(&form.amount, ctx.org.currency, tr.fmt().decimal_mark())
                .map(|a| layout::money(&page, &ctx, a))
                .unwrap_or_else(|_| form.amount.clone());
            let base = format!("/o/{}/books/cashbook", ctx.org.slug);
            let body = layout::confirm_member(
                &page,
                &layout::ConfirmMember {
                    action: base.clone(),
                    back: base,
                    title: tr.t(&format!("purpose-{}", form.purpose)),
                    amount,
                    name: &member.name,
                    number,
                    fields: vec![
                        ("purpose", &form.purpose),
                        ("till", &form.till),
                        ("amount", &form.amount),
                        ("member_number", &form.member_number),
                        ("date", &form.date),
                        ("description", &form.description),
                    ],
                },
            );
            return Ok(layout::page(&page, &tr.t("cashbook-title"), Some(&layout::nav(&ctx)), body).into_response());
        }
    }
    let mut tx = state.db.begin_write().await?;
    let by = ctx.person.id;
    let posted = match cash_entry(&mut tx, &ctx, &page.tr, &form).await {
        Ok(CashLine::Entry(entry, notice)) => match service::post(&mut tx, &ctx.org, &entry, Some(by)).await {
            Ok(id) => crate::savings::use_notice(&mut tx, &ctx.org, notice, id)
                .await
                .map(|_| id),
            Err(e) => Err(e),
        },
        Ok(CashLine::LoanRepayment {
            loan,
            amount,
            date,
            till,
        }) => crate::loans::service::repay(&mut tx, &ctx.org, loan, amount, &date, till, by).await,
        Ok(CashLine::SharePayment {
            member,
            amount,
            date,
            till,
        }) => crate::shares::service::pay(&mut tx, &ctx.org, &member, amount, &date, till, by).await,
        Err(e) => Err(e),
    };
    match posted {
        Ok(id) => {
            tx.commit().await?;
            Ok(Redirect::to(&format!("/o/{}/books/entries/{id}", ctx.org.slug)).into_response())
        }
        Err(AppError::Invalid(errors)) => Ok((
            StatusCode::UNPROCESSABLE_ENTITY,
            cashbook_view(&page, &ctx, &form, &errors),
        )
            .into_response()),
        Err(e) => Err(e),
    }
}
