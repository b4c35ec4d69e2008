//! Pages of the books: overview and trial balance, journal, entries, statements.

use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use maud::{Markup, html};
use serde::Deserialize;

use super::model::{AccountKind, NewEntry, Posting, Till, normal_balance};
use super::service::{self, BalanceLine};
use super::store::{self, AccountRow};
use crate::auth::{OrgCtx, Permission};
use crate::i18n::Tr;
use crate::money::Money;
use crate::state::AppState;
use crate::web::form::CsrfForm;
use crate::web::layout::{self, field, form_keys, icon};
use crate::web::layout::{money, nav};
use crate::web::{AppError, AppResult, FieldError, Page};

/// An account's name in the reader's language.
pub fn account_name(tr: &Tr, a: &AccountRow, all: &[AccountRow]) -> String {
    if !a.name_key.is_empty() {
        return tr.t(&a.name_key);
    }
    match a.parent_id.and_then(|p| all.iter().find(|x| x.id == p)) {
        Some(parent) => format!("{} · {}", tr.t(&parent.name_key), a.name),
        None => a.name.clone(),
    }
}

#[derive(Deserialize, Default)]
pub struct ThroughQuery {
    through: Option<String>,
}

fn through_date(q: &ThroughQuery, org: &crate::orgs::Org) -> AppResult<String> {
    match q.through.as_deref().filter(|s| !s.is_empty()) {
        Some(d) if super::model::valid_date(d) => Ok(d.to_string()),
        Some(_) => Err(AppError::BadRequest("entry-bad-date")),
        None => Ok(org.today()),
    }
}

pub async fn overview(
    State(state): State<AppState>,
    page: Page,
    ctx: OrgCtx,
    Query(q): Query<ThroughQuery>,
) -> AppResult<Markup> {
    ctx.require(Permission::ViewBooks)?;
    let tr = &page.tr;
    let through = through_date(&q, &ctx.org)?;
    let mut tx = state.db.begin().await?;
    let lines = service::trial_balance(&mut tx, &ctx.org, &through).await?;
    let entries = store::count_entries(&mut tx, ctx.org.id).await?;
    let closed = service::closed_through(&mut tx, &ctx.org).await?;
    let year_ago = format!(
        "{}{}",
        through
            .get(..4)
            .and_then(|y| y.parse::<i32>().ok())
            .map_or(0, |y| y - 1),
        through.get(4..7).unwrap_or("-01")
    );
    let by_kind = store::monthly_by_kind(&mut tx, ctx.org.id, &format!("{year_ago}-01")).await?;
    let cash_moves = store::monthly_cash(&mut tx, ctx.org.id).await?;
    drop(tx);
    let mut months: Vec<String> = by_kind.iter().map(|(m, _, _)| m.clone()).collect();
    months.dedup();
    let of = |m: &str, k: &str| {
        by_kind
            .iter()
            .find(|(x, y, _)| x == m && y == k)
            .map_or(0, |(_, _, v)| *v)
    };
    let income_expenses: Vec<(String, i64, i64)> = months
        .iter()
        .map(|m| (m.clone(), -of(m, "income"), of(m, "expense")))
        .collect();
    let mut running = 0;
    let cash_line: Vec<(String, i64)> = cash_moves
        .into_iter()
        .map(|(m, v)| {
            running += v;
            (m, running / 100)
        })
        .filter(|(m, _)| m.as_str() >= year_ago.as_str())
        .collect();
    let all: Vec<AccountRow> = lines.iter().map(|l| l.account.clone()).collect();
    let total = |kind: AccountKind| {
        lines
            .iter()
            .find(|l| l.depth == 0 && l.kind == kind)
            .map_or(0, |l| l.balance)
    };
    let surplus = -(total(AccountKind::Income) + total(AccountKind::Expense));
    let base = format!("/o/{}/books", ctx.org.slug);
    let body = html! {
        h1 { (icon("book")) (tr.t("books-title")) }
        p.meta { (tr.ta("books-entries", &[("count", entries.into()), ("n", tr.fmt().int(entries).into())])) " · " (tr.ta("books-through", &[("date", tr.fmt().date(&through).into())])) }
        @if ctx.can(Permission::KeepBooks) {
            p {
                a.button href=(format!("{base}/cashbook")) { (icon("add")) (tr.t("cashbook-title")) } " "
                a.button.secondary href=(format!("{base}/journal/new")) { (icon("edit")) (tr.t("journal-new")) }
            }
        }
        div.grid {
            div.stat { b { (money(&page, &ctx, total(AccountKind::Asset))) } span { (tr.t("acct-kind-asset")) } }
            div.stat { b { (money(&page, &ctx, surplus)) } span { (tr.t("books-surplus")) } }
        }
        div.charts {
            (crate::web::charts::paired_bars(&tr.t("chart-income-expenses"), (&tr.t("acct-kind-income"), &tr.t("acct-kind-expense")), &income_expenses))
            (crate::web::charts::line(&tr.t("chart-cash"), &cash_line))
        }
        h2 { (tr.t("report-trial-balance")) }
        (balance_table(&page, &ctx, &lines, &all))
        p {
            a href=(format!("{base}/journal")) { (tr.t("journal-title")) } " · "
            a href=(format!("{base}/statements")) { (tr.t("report-statements")) } " · "
            a href=(format!("/o/{}/surplus", ctx.org.slug)) { (tr.t("surplus-title")) } " · "
            a href=(format!("{base}/trial-balance.csv?through={through}")) { "CSV" }
        }
        @if let Some(c) = &closed { p.meta { (tr.ta("books-closed-through", &[("date", tr.fmt().date(c).into())])) } }
        @if ctx.can(Permission::KeepBooks) {
            form.card method="post" action=(format!("{base}/close")) {
                (form_keys(&page))
                (field(tr, "through", "books-close-through", "date", "", &[]))
                p.meta { (tr.t("books-close-help")) }
                button.secondary type="submit" { (tr.t("books-close")) }
            }
        }
    };
    Ok(layout::page(&page, &tr.t("books-title"), Some(&nav(&ctx)), body))
}

fn balance_table(page: &Page, ctx: &OrgCtx, lines: &[BalanceLine], all: &[AccountRow]) -> Markup {
    let tr = &page.tr;
    let (mut debits, mut credits) = (0i64, 0i64);
    for l in service::leaves(lines) {
        if l.balance > 0 {
            debits += l.balance
        } else {
            credits -= l.balance
        }
    }
    html! {
        table.tb {
            thead { tr { th { (tr.t("account")) } th.num { (tr.t("debit")) } th.num { (tr.t("credit")) } } }
            tbody {
                @for l in lines.iter().filter(|l| l.account.member_id.is_none() && (l.depth == 0 || l.balance != 0)) {
                    tr class=(if l.depth == 0 { "group" } else { "" }) {
                        td { a href=(format!("/o/{}/books/accounts/{}", ctx.org.slug, l.account.code)) { span.code { (l.account.code) } " " (account_name(tr, &l.account, all)) } }
                        td.num { @if l.balance > 0 { (money(page, ctx, l.balance)) } }
                        td.num { @if l.balance < 0 { (money(page, ctx, -l.balance)) } }
                    }
                }
            }
            tfoot { tr { th { (tr.t("total")) } th.num { (money(page, ctx, debits)) } th.num { (money(page, ctx, credits)) } } }
        }
    }
}

pub async fn trial_balance_csv(
    State(state): State<AppState>,
    ctx: OrgCtx,
    page: Page,
    Query(q): Query<ThroughQuery>,
) -> AppResult<Response> {
    ctx.require(Permission::ViewBooks)?;
    let through = through_date(&q, &ctx.org)?;
    let mut tx = state.db.begin().await?;
    let lines = service::trial_balance(&mut tx, &ctx.org, &through).await?;
    drop(tx);
    let all: Vec<AccountRow> = lines.iter().map(|l| l.account.clone()).collect();
    let mut rows: Vec<Vec<String>> = vec![
        ["code", "account", "kind", "debit", "credit", "currency"]
            .map(String::from)
            .to_vec(),
    ];
    for l in service::leaves(&lines) {
        let m = |v: i64| Money::new(v, ctx.org.currency).to_plain();
        let (d, c) = if l.balance >= 0 {
            (m(l.balance), String::new())
        } else {
            (String::new(), m(-l.balance))
        };
        rows.push(vec![
            l.account.code.clone(),
            account_name(&page.tr, &l.account, &all),
            l.kind.as_str().to_string(),
            d,
            c,
            ctx.org.currency.code().to_string(),
        ]);
    }
    let body = crate::web::csv::to_bytes(rows)?;
    let name = format!("attachment; filename=\"{}-trial-balance-{through}.csv\"", ctx.org.slug);
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
            (header::CONTENT_DISPOSITION, name),
        ],
        body,
    )
        .into_response())
}

#[derive(Deserialize, Default)]
pub struct PageQuery {
    page: Option<i64>,
}

pub async fn journal(
    State(state): State<AppState>,
    page: Page,
    ctx: OrgCtx,
    Query(q): Query<PageQuery>,
) -> AppResult<Markup> {
    ctx.require(Permission::ViewBooks)?;
    let tr = &page.tr;
    let n = crate::members::model::page_number(q.page);
    let size = 50;
    let mut tx = state.db.begin().await?;
    let entries = store::entries(&mut tx, ctx.org.id, size, (n - 1) * size).await?;
    let total = store::count_entries(&mut tx, ctx.org.id).await?;
    let mut rows = vec![];
    for e in entries {
        let amount: i64 = store::postings_of(&mut tx, ctx.org.id, e.id)
            .await?
            .iter()
            .map(|(_, _, a)| *a)
            .filter(|a| *a > 0)
            .sum();
        rows.push((e, amount));
    }
    drop(tx);
    let base = format!("/o/{}/books", ctx.org.slug);
    let pages = ((total + size - 1) / size).max(1);
    let body = html! {
        h1 { (icon("book")) (tr.t("journal-title")) }
        @if rows.is_empty() { p { (tr.t("journal-empty")) } }
        ul.list {
            @for (e, amount) in &rows {
                li {
                    a href=(format!("{base}/entries/{}", e.id)) { "#" (e.seq) " " (e.description) }
                    @if e.offline_at.is_some() { " " span.tag.offline { (tr.t("entry-offline-tag")) } }
                    div.meta { (tr.fmt().date(&e.entry_date)) " · " (money(&page, &ctx, *amount)) }
                }
            }
        }
        nav.pager {
            @if n > 1 { a href=(format!("{base}/journal?page={}", n - 1)) { "← " (tr.t("page-previous")) } } @else { span {} }
            span { (tr.ta("page-of", &[("page", tr.fmt().int(n).into()), ("pages", tr.fmt().int(pages).into())])) }
            @if n < pages { a href=(format!("{base}/journal?page={}", n + 1)) { (tr.t("page-next")) " →" } } @else { span {} }
        }
    };
    Ok(layout::page(&page, &tr.t("journal-title"), Some(&nav(&ctx)), body))
}

pub async fn entry(
    State(state): State<AppState>,
    page: Page,
    ctx: OrgCtx,
    Path((_slug, id)): Path<(String, i64)>,
) -> AppResult<Markup> {
    ctx.require(Permission::ViewBooks)?;
    let tr = &page.tr;
    let mut tx = state.db.begin().await?;
    let e = store::entry(&mut tx, ctx.org.id, id).await?.ok_or(AppError::NotFound)?;
    let postings = store::postings_of(&mut tx, ctx.org.id, id).await?;
    let ids: Vec<i64> = postings.iter().map(|(a, _, _)| *a).collect();
    let all = service::accounts_to_name(&mut tx, ctx.org.id, &ids).await?;
    let reversed_by = store::reversal_of(&mut tx, ctx.org.id, id).await?;
    drop(tx);
    let name = |account_id: i64| {
        all.iter()
            .find(|a| a.id == account_id)
            .map(|a| account_name(tr, a, &all))
            .unwrap_or_default()
    };
    let base = format!("/o/{}/books", ctx.org.slug);
    let body = html! {
        section.card.receipt {
            p.meta { (ctx.org.name) }
            h1 { (tr.t("entry-title")) " #" (e.seq) }
            dl {
                dt { (tr.t("entry-date")) } dd { (tr.fmt().date(&e.entry_date)) }
                dt { (tr.t("entry-description")) } dd { (e.description) }
            }
            @if let Some(at) = e.offline_at {
                p.tag.offline { (icon("message")) (tr.ta("entry-offline", &[("when", offline_when(tr, at, &ctx.org.timezone).into())])) }
            }
            table.tb {
                thead { tr { th { (tr.t("account")) } th.num { (tr.t("debit")) } th.num { (tr.t("credit")) } } }
                tbody {
                    @for (account_id, code, amount) in &postings {
                        tr {
                            td { span.code { (code) } " " (name(*account_id)) }
                            td.num { @if *amount > 0 { (money(&page, &ctx, *amount)) } }
                            td.num { @if *amount < 0 { (money(&page, &ctx, -amount)) } }
                        }
                    }
                }
            }
            p.meta.hash { (tr.t("entry-hash")) ": " code { (e.hash.get(..16).unwrap_or(&e.hash)) } }
            @if let Some(r) = e.reverses_id { p { a href=(format!("{base}/entries/{r}")) { (tr.t("entry-reverses")) } } }
            @if let Some(r) = reversed_by { p { a href=(format!("{base}/entries/{r}")) { (tr.t("entry-reversed-by")) } } }
        }
        @if ctx.can(Permission::KeepBooks) && reversed_by.is_none() && e.reverses_id.is_none() && super::model::reversible_here(&e.source) {
            form method="post" action=(format!("{base}/entries/{id}/reverse")) {
                (form_keys(&page))
                p.meta { (tr.t("entry-reverse-help")) }
                button.secondary type="submit" { (tr.t("entry-reverse")) }
            }
        }
        p { a href=(format!("{base}/journal")) { (tr.t("journal-title")) } }
    };
    Ok(layout::page(&page, &tr.t("entry-title"), Some(&nav(&ctx)), body))
}

#[derive(Deserialize)]
pub struct NoFields {}

pub async fn reverse(
    State(state): State<AppState>,
    ctx: OrgCtx,
    Path((_slug, id)): Path<(String, i64)>,
    CsrfForm(_): CsrfForm<NoFields>,
) -> AppResult<Response> {
    ctx.require(Permission::KeepBooks)?;
    let mut tx = state.db.begin_write().await?;
    let new_id = service::reverse(&mut tx, &ctx.org, id, &ctx.org.today(), Some(ctx.person.id)).await?;
    tx.commit().await?;
    Ok(Redirect::to(&format!("/o/{}/books/entries/{new_id}", ctx.org.slug)).into_response())
}

/// The plain journal-entry form for accountants: up to six lines of debit or credit.
#[derive(Deserialize, Default)]
pub struct JournalForm {
    #[serde(flatten)]
    fields: std::collections::HashMap<String, String>,
}

const JOURNAL_LINES: usize = 6;

impl JournalForm {
    fn get(&self, k: &str) -> &str {
        self.fields.get(k).map(String::as_str).unwrap_or("")
    }
}

fn journal_view(
    page: &Page,
    ctx: &OrgCtx,
    accounts: &[AccountRow],
    form: &JournalForm,
    errors: &[FieldError],
) -> Markup {
    let tr = &page.tr;
    let leaves: Vec<&AccountRow> = accounts
        .iter()
        .filter(|a| a.member_id.is_none() && !accounts.iter().any(|c| c.parent_id == Some(a.id)))
        .collect();
    let date = if form.get("date").is_empty() {
        ctx.org.today()
    } else {
        form.get("date").to_string()
    };
    let body = html! {
        h1 { (icon("edit")) (tr.t("journal-new")) }
        @if !errors.is_empty() { p.errors role="alert" { @for e in errors { (tr.t(e.message)) " " } } }
        form method="post" action=(format!("/o/{}/books/journal", ctx.org.slug)) {
            (form_keys(page))
            (field(tr, "date", "entry-date", "date", &date, errors))
            label { input type="checkbox" name="planned" value="1" checked[!form.get("planned").is_empty()]; " " (tr.t("entry-planned")) }
            (field(tr, "description", "entry-description", "text", form.get("description"), errors))
            table.tb.lines {
                thead { tr { th { (tr.t("account")) } th { (tr.t("debit")) } th { (tr.t("credit")) } } }
                tbody {
                    @for i in 0..JOURNAL_LINES {
                        @let acct = format!("account_{i}");
                        tr {
                            td { select name=(acct) aria-label=(tr.t("account")) {
                                option value="" {}
                                @for a in &leaves { option value=(a.code) selected[form.get(&acct) == a.code] { (a.code) " " (account_name(tr, a, accounts)) } }
                            } }
                            td { input name=(format!("debit_{i}")) inputmode="decimal" value=(form.get(&format!("debit_{i}"))) aria-label=(tr.t("debit")); }
                            td { input name=(format!("credit_{i}")) inputmode="decimal" value=(form.get(&format!("credit_{i}"))) aria-label=(tr.t("credit")); }
                        }
                    }
                }
            }
            button type="submit" { (tr.t("save")) }
        }
    };
    layout::page(page, &tr.t("journal-new"), Some(&nav(ctx)), body)
}

pub async fn journal_page(State(state): State<AppState>, page: Page, ctx: OrgCtx) -> AppResult<Markup> {
    ctx.require(Permission::KeepBooks)?;
    let mut tx = state.db.begin_write().await?;
    service::open_books(&mut tx, ctx.org.id).await?;
    let accounts = store::accounts(&mut tx, ctx.org.id).await?;
    tx.commit().await?;
    Ok(journal_view(&page, &ctx, &accounts, &JournalForm::default(), &[]))
}

/// Reads the journal form's lines into postings.
fn journal_postings(
    form: &JournalForm,
    accounts: &[AccountRow],
    ctx: &OrgCtx,
    tr: &Tr,
) -> Result<Vec<Posting>, Vec<FieldError>> {
    let mark = tr.fmt().decimal_mark();
    let mut postings = vec![];
    let mut errors = vec![];
    for i in 0..JOURNAL_LINES {
        let code = form.get(&format!("account_{i}"));
        let (d, c) = (
            form.get(&format!("debit_{i}")).trim(),
            form.get(&format!("credit_{i}")).trim(),
        );
        if code.is_empty() && d.is_empty() && c.is_empty() {
            continue;
        }
        let Some(a) = accounts.iter().find(|a| a.code == code) else {
            errors.push(FieldError::new("entry", "entry-unknown-account"));
            continue;
        };
        let parse = |s: &str| Money::parse(s, ctx.org.currency, mark).map(|m| m.minor);
        let amount = match (d.is_empty(), c.is_empty()) {
            (false, true) => parse(d),
            (true, false) => parse(c).map(|v| -v),
            _ => {
                errors.push(FieldError::new("entry", "journal-one-side"));
                continue;
            }
        };
        match amount {
            Ok(v) => postings.push(Posting {
                account_id: a.id,
                amount: v,
            }),
            Err(crate::money::AmountError::TooManyDecimals(_)) => {
                errors.push(FieldError::new("entry", "amount-too-many-decimals"))
            }
            Err(_) => errors.push(FieldError::new("entry", "amount-invalid")),
        }
    }
    if errors.is_empty() { Ok(postings) } else { Err(errors) }
}

pub async fn record_journal(
    State(state): State<AppState>,
    page: Page,
    ctx: OrgCtx,
    CsrfForm(form): CsrfForm<JournalForm>,
) -> AppResult<Response> {
    ctx.require(Permission::KeepBooks)?;
    let mut tx = state.db.begin_write().await?;
    service::open_books(&mut tx, ctx.org.id).await?;
    let accounts = store::accounts(&mut tx, ctx.org.id).await?;
    let result = match journal_postings(&form, &accounts, &ctx, &page.tr) {
        Ok(postings) => {
            let entry = NewEntry {
                date: form.get("date").trim().to_string(),
                description: form.get("description").to_string(),
                source: "journal",
                source_id: None,
                reverses_id: None,
                planned: !form.get("planned").is_empty(),
                postings,
            };
            service::post(&mut tx, &ctx.org, &entry, Some(ctx.person.id)).await
        }
        Err(errors) => Err(AppError::Invalid(errors)),
    };
    match result {
        Ok(id) => {
            tx.commit().await?;
            Ok(Redirect::to(&format!("/o/{}/books/entries/{id}", ctx.org.slug)).into_response())
        }
        Err(AppError::Invalid(errors)) => Ok((
            StatusCode::UNPROCESSABLE_ENTITY,
            journal_view(&page, &ctx, &accounts, &form, &errors),
        )
            .into_response()),
        Err(e) => Err(e),
    }
}

/// Each line with its change and the balance after it, in the account's normal direction.
pub fn running_balances(kind: AccountKind, lines: &[store::LedgerLine]) -> Vec<(&store::LedgerLine, i64, i64)> {
    let mut running = 0i64;
    lines
        .iter()
        .map(|l| {
            let change = normal_balance(kind, l.amount);
            running += change;
            (l, change, running)
        })
        .collect()
}

#[derive(Deserialize)]
pub struct CloseForm {
    #[serde(default)]
    through: String,
}

pub async fn close(
    State(state): State<AppState>,
    ctx: OrgCtx,
    CsrfForm(form): CsrfForm<CloseForm>,
) -> AppResult<Response> {
    ctx.require(Permission::KeepBooks)?;
    let mut tx = state.db.begin_write().await?;
    service::close_period(&mut tx, &ctx.org, form.through.trim()).await?;
    tx.commit().await?;
    Ok(Redirect::to(&format!("/o/{}/books", ctx.org.slug)).into_response())
}

#[derive(Deserialize, Default)]
pub struct PeriodQuery {
    from: Option<String>,
    through: Option<String>,
}

/// The income statement of a period and the balance sheet at its end.
pub async fn statements(
    State(state): State<AppState>,
    page: Page,
    ctx: OrgCtx,
    Query(q): Query<PeriodQuery>,
) -> AppResult<Markup> {
    ctx.require(Permission::ViewBooks)?;
    let tr = &page.tr;
    let through = through_date(
        &ThroughQuery {
            through: q.through.clone(),
        },
        &ctx.org,
    )?;
    let from = match q.from.as_deref().filter(|s| !s.is_empty()) {
        Some(d) if super::model::valid_date(d) => d.to_string(),
        Some(_) => return Err(AppError::BadRequest("entry-bad-date")),
        None => format!("{}-01-01", through.get(..4).unwrap_or("2000")),
    };
    let mut tx = state.db.begin().await?;
    let period = service::balances_between(&mut tx, &ctx.org, &from, &through).await?;
    let position = service::trial_balance(&mut tx, &ctx.org, &through).await?;
    drop(tx);
    let all: Vec<AccountRow> = position.iter().map(|l| l.account.clone()).collect();
    let group = |lines: &[BalanceLine], kind: AccountKind| -> Vec<(String, i64)> {
        lines
            .iter()
            .filter(|l| l.kind == kind && l.depth == 1 && l.balance != 0)
            .map(|l| (account_name(tr, &l.account, &all), normal_balance(kind, l.balance)))
            .collect()
    };
    let top = |lines: &[BalanceLine], kind: AccountKind| {
        lines
            .iter()
            .find(|l| l.depth == 0 && l.kind == kind)
            .map_or(0, |l| normal_balance(kind, l.balance))
    };
    let income = top(&period, AccountKind::Income);
    let expenses = top(&period, AccountKind::Expense);
    let open_surplus = top(&position, AccountKind::Income) - top(&position, AccountKind::Expense);
    let mut equity = group(&position, AccountKind::Equity);
    equity.push((tr.t("report-open-surplus"), open_surplus));
    let section = |title: String, rows: Vec<(String, i64)>, total: i64| {
        html! {
            h3 { (title) }
            table.tb {
                tbody { @for (name, v) in &rows { tr { td { (name) } td.num { (money(&page, &ctx, *v)) } } } }
                tfoot { tr { th { (tr.t("total")) } th.num { (money(&page, &ctx, total)) } } }
            }
        }
    };
    let body = html! {
        h1 { (icon("book")) (tr.t("report-statements")) }
        form.search method="get" {
            div { label for="from" { (tr.t("report-from")) } input id="from" name="from" type="date" value=(from); }
            div { label for="through" { (tr.t("report-through")) } input id="through" name="through" type="date" value=(through); }
            button type="submit" { (tr.t("report-show")) }
        }
        section.card {
            h2 { (tr.t("report-income-statement")) }
            p.meta { (tr.fmt().date(&from)) " – " (tr.fmt().date(&through)) }
            (section(tr.t("acct-kind-income"), group(&period, AccountKind::Income), income))
            (section(tr.t("acct-kind-expense"), group(&period, AccountKind::Expense), expenses))
            p.big { (tr.t("report-surplus")) ": " (money(&page, &ctx, income - expenses)) }
        }
        section.card {
            h2 { (tr.t("report-balance-sheet")) }
            p.meta { (tr.fmt().date(&through)) }
            (section(tr.t("acct-kind-asset"), group(&position, AccountKind::Asset), top(&position, AccountKind::Asset)))
            (section(tr.t("acct-kind-liability"), group(&position, AccountKind::Liability), top(&position, AccountKind::Liability)))
            (section(tr.t("acct-kind-equity"), equity, top(&position, AccountKind::Equity) + open_surplus))
        }
    };
    Ok(layout::page(&page, &tr.t("report-statements"), Some(&nav(&ctx)), body))
}

/// Every line of one account, with its running balance.
pub async fn account_ledger(
    State(state): State<AppState>,
    page: Page,
    ctx: OrgCtx,
    Path((_slug, code)): Path<(String, String)>,
) -> AppResult<Markup> {
    ctx.require(Permission::ViewBooks)?;
    let tr = &page.tr;
    let mut tx = state.db.begin().await?;
    let account = store::account_by_code(&mut tx, ctx.org.id, &code)
        .await?
        .ok_or(AppError::NotFound)?;
    let all = service::accounts_to_name(&mut tx, ctx.org.id, &[account.id]).await?;
    let lines = store::account_lines(&mut tx, ctx.org.id, account.id).await?;
    drop(tx);
    let kind = AccountKind::parse(&account.kind).unwrap_or(AccountKind::Asset);
    let base = format!("/o/{}/books", ctx.org.slug);
    let body = html! {
        h1 { span.code { (account.code) } " " (account_name(tr, &account, &all)) }
        table.tb {
            thead { tr { th { (tr.t("entry-date")) } th { (tr.t("entry-description")) } th.num { (tr.t("amount")) } th.num { (tr.t("balance")) } } }
            tbody {
                @for (l, change, running) in running_balances(kind, &lines) {
                    tr {
                        td { (tr.fmt().date(&l.entry_date)) }
                        td { a href=(format!("{base}/entries/{}", l.entry_id)) { (l.description) } }
                        td.num { (money(&page, &ctx, change)) }
                        td.num { (money(&page, &ctx, running)) }
                    }
                }
            }
        }
        @if lines.is_empty() { p { (tr.t("journal-empty")) } }
    };
    Ok(layout::page(
        &page,
        &account_name(tr, &account, &all),
        Some(&nav(&ctx)),
        body,
    ))
}

/// The till money goes into or comes out of: cash, bank or mobile money.
/// Which till the money goes in or out of, with the reason a payment was refused (there
/// is not that much in it).
pub fn till_field(tr: &Tr, selected: &str, errors: &[FieldError]) -> Markup {
    html! {
        label for="till" { (tr.t("cashbook-till")) }
        select id="till" name="till" {
            @for t in Till::ALL { option value=(t.as_str()) selected[selected == t.as_str()] { (tr.t(t.label())) } }
        }
        @for e in errors.iter().filter(|e| e.field == "till") { p.err role="alert" { (tr.t(e.message)) } }
    }
}

/// When a form was saved on a phone without a network, on the organisation's clock, as
/// the reader writes it.
pub fn offline_when(tr: &crate::i18n::Tr, at_ms: i64, timezone: &str) -> String {
    match jiff::Timestamp::from_millisecond(at_ms) {
        Ok(t) => tr.fmt().date_time(&crate::orgs::model::local_time(t, timezone).1),
        Err(_) => String::new(),
    }
}
