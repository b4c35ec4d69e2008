//! Builds each report from the books for a period, in the reader's language.

use std::collections::HashMap;

use super::model::{CashFlow, Cell, Kind, Report, Row};
use super::store;
use crate::db::Tx;
use crate::i18n::Tr;
use crate::ledger::model::{AccountKind, Till, normal_balance};
use crate::ledger::pages::account_name;
use crate::ledger::service::{BalanceLine, balances_between, trial_balance};
use crate::ledger::store::AccountRow;
use crate::orgs::Org;
use crate::web::{AppError, AppResult, FieldError};

/// What a report covers: a period (or the day it ends) and, for a ledger, the account.
#[derive(Debug, Clone, Default)]
pub struct Params {
    pub from: String,
    pub through: String,
    pub account: Option<String>,
    /// Journal and ledger on screen: which page of lines, from 1.
    pub page: i64,
}

/// Lines of a journal or ledger on one screen (the page budget); downloads carry all.
pub const SCREEN_LINES: i64 = 100;
/// Most lines any download carries.
pub const EXPORT_LINES: i64 = 2_000_000;

fn bad(field: &'static str, message: &'static str) -> AppError {
    AppError::Invalid(vec![FieldError::new(field, message)])
}

/// Checks the period: both dates real, from on or before through.
pub fn check(p: &Params) -> AppResult<()> {
    let (Some(f), Some(t)) = (crate::db::parse_day(&p.from), crate::db::parse_day(&p.through)) else {
        return Err(bad("from", "entry-bad-date"));
    };
    if f > t {
        return Err(bad("from", "report-period-invalid"));
    }
    Ok(())
}

/// Builds a report; journal and ledger carry at most `limit` lines, from page `p.page`,
/// and say whether more follow.
pub async fn build(tx: &mut Tx, org: &Org, tr: &Tr, kind: Kind, p: &Params, limit: i64) -> AppResult<Report> {
    check(p)?;
    let window = Window {
        limit: limit + 1,
        offset: (p.page.max(1) - 1).saturating_mul(limit),
    };
    let mut more = false;
    let (columns, rows): (Vec<&str>, Vec<Row>) = match kind {
        Kind::Journal => {
            let (c, mut rows) = journal(tx, org, tr, p, window).await?;
            more = rows.len() as i64 > limit;
            rows.truncate(usize::try_from(limit).unwrap_or(usize::MAX));
            (c, rows)
        }
        Kind::Ledger => {
            let (c, rows, m) = ledger(tx, org, tr, p, window).await?;
            more = m;
            (c, rows)
        }
        Kind::TrialBalance => trial(tx, org, tr, p).await?,
        Kind::IncomeStatement => income_statement(tx, org, tr, p).await?,
        Kind::BalanceSheet => balance_sheet(tx, org, tr, p).await?,
        Kind::CashFlow => {
            let flow = cash_flow(tx, org, tr, p).await?;
            (vec!["report-what", "amount"], cash_flow_rows(tr, &flow))
        }
        Kind::Loans => loans(tx, org, tr, p).await?,
        Kind::Production => production(tx, org, tr, p).await?,
        Kind::Sales => sales(tx, org, tr, p).await?,
        Kind::Invoices => invoices(tx, org, tr, p).await?,
        Kind::Buyers => buyers(tx, org, tr).await?,
        Kind::SaleOrders => sale_orders(tx, org, tr, p).await?,
        Kind::BuyerPayments => buyer_payments(tx, org, tr, p).await?,
        Kind::Prices => prices(tx, org, tr, p).await?,
        Kind::MarketDays => market_days(tx, org, tr, p).await?,
        Kind::Covers => covers(tx, org, tr).await?,
        Kind::Contributions => contributions(tx, org, tr, p).await?,
        Kind::Claims => claims(tx, org, tr, p).await?,
        Kind::SolidarityFund => solidarity_fund(tx, org, tr, p).await?,
        Kind::Remittances => remittances(tx, org, tr, p).await?,
        Kind::Schemes => schemes(tx, org, tr, p).await?,
        Kind::ShareRegister => {
            let (c, mut rows) = share_register(tx, org, tr, p, window).await?;
            more = rows.len() as i64 > limit;
            rows.truncate(usize::try_from(limit).unwrap_or(usize::MAX));
            (c, rows)
        }
    };
    Ok(Report {
        kind,
        title: tr.t(kind.title()),
        from: kind.has_period().then(|| p.from.clone()),
        through: p.through.clone(),
        currency: org.currency.code().to_string(),
        columns: columns.into_iter().map(|c| tr.t(c)).collect(),
        rows,
        more,
    })
}

/// Which lines of a long report: `limit` is one more than a page, to see whether more follow.
#[derive(Debug, Clone, Copy)]
struct Window {
    limit: i64,
    offset: i64,
}

type Table = (Vec<&'static str>, Vec<Row>);

fn names(tr: &Tr, all: &[AccountRow]) -> HashMap<i64, String> {
    all.iter()
        .map(|a| (a.id, format!("{} {}", a.code, account_name(tr, a, all))))
        .collect()
}

async fn journal(tx: &mut Tx, org: &Org, tr: &Tr, p: &Params, w: Window) -> AppResult<Table> {
    let all = crate::ledger::store::accounts(tx, org.id).await?;
    let names = names(tr, &all);
    let lines = store::journal(tx, org.id, &p.from, &p.through, w.limit, w.offset).await?;
    let rows = lines
        .into_iter()
        .map(|l| {
            Row::line(vec![
                Cell::Date(l.entry_date),
                Cell::Int(l.seq),
                Cell::Text(l.description),
                Cell::Text(names.get(&l.account_id).cloned().unwrap_or_default()),
                Cell::side(l.amount, true),
                Cell::side(l.amount, false),
            ])
            .linked(format!("/o/{}/books/entries/{}", org.slug, l.entry_id))
        })
        .collect();
    Ok((
        vec![
            "entry-date",
            "report-entry-number",
            "entry-description",
            "account",
            "debit",
            "credit",
        ],
        rows,
    ))
}

async fn ledger(
    tx: &mut Tx,
    org: &Org,
    tr: &Tr,
    p: &Params,
    w: Window,
) -> AppResult<(Vec<&'static str>, Vec<Row>, bool)> {
    let code = p.account.as_deref().unwrap_or(Till::Cash.code());
    let account = crate::ledger::store::account_by_code(tx, org.id, code)
        .await?
        .ok_or_else(|| bad("account", "entry-unknown-account"))?;
    let kind = AccountKind::parse(&account.kind).unwrap_or(AccountKind::Asset);
    let before = store::balance_before(tx, org.id, account.id, &p.from).await?
        + store::ledger_head_sum(tx, org.id, account.id, &p.from, &p.through, w.offset).await?;
    let mut running = normal_balance(kind, before);
    let mut lines = store::ledger(tx, org.id, account.id, &p.from, &p.through, w.limit, w.offset).await?;
    let more = lines.len() as i64 >= w.limit;
    lines.truncate(usize::try_from(w.limit - 1).unwrap_or(usize::MAX));
    let all = crate::ledger::store::accounts(tx, org.id).await?;
    let mut rows = vec![Row::group(
        format!("{} {}", account.code, account_name(tr, &account, &all)),
        5,
    )];
    let first_day = lines.first().map_or(p.from.clone(), |l| l.entry_date.clone());
    rows.push(Row::total(vec![
        Cell::Date(if w.offset > 0 { first_day } else { p.from.clone() }),
        Cell::Text(tr.t("report-opening")),
        Cell::Blank,
        Cell::Blank,
        Cell::Money(running),
    ]));
    for l in lines {
        running += normal_balance(kind, l.amount);
        rows.push(
            Row::line(vec![
                Cell::Date(l.entry_date),
                Cell::Text(l.description),
                Cell::side(l.amount, true),
                Cell::side(l.amount, false),
                Cell::Money(running),
            ])
            .linked(format!("/o/{}/books/entries/{}", org.slug, l.entry_id)),
        );
    }
    let last_day = rows_last_date(&rows).unwrap_or_else(|| p.through.clone());
    rows.push(Row::total(vec![
        Cell::Date(if more { last_day } else { p.through.clone() }),
        Cell::Text(tr.t(if more { "report-carried" } else { "report-closing" })),
        Cell::Blank,
        Cell::Blank,
        Cell::Money(running),
    ]));
    Ok((
        vec!["entry-date", "entry-description", "debit", "credit", "balance"],
        rows,
        more,
    ))
}

fn rows_last_date(rows: &[Row]) -> Option<String> {
    rows.iter().rev().find_map(|r| match r.cells.first() {
        Some(Cell::Date(d)) => Some(d.clone()),
        _ => None,
    })
}

/// The accounts below the five groups (member sub-accounts summed into their control).
fn main_accounts(lines: &[BalanceLine]) -> impl Iterator<Item = &BalanceLine> {
    lines.iter().filter(|l| l.depth == 1 && l.account.member_id.is_none())
}

async fn trial(tx: &mut Tx, org: &Org, tr: &Tr, p: &Params) -> AppResult<Table> {
    let lines = trial_balance(tx, org, &p.through).await?;
    let all: Vec<AccountRow> = lines.iter().map(|l| l.account.clone()).collect();
    let mut rows = vec![];
    for group in lines.iter().filter(|l| l.depth == 0) {
        rows.push(Row::group(account_name(tr, &group.account, &all), 4));
        for l in main_accounts(&lines).filter(|l| l.account.parent_id == Some(group.account.id) && l.balance != 0) {
            rows.push(
                Row::line(vec![
                    Cell::Text(l.account.code.clone()),
                    Cell::Text(account_name(tr, &l.account, &all)),
                    Cell::side(l.balance, true),
                    Cell::side(l.balance, false),
                ])
                .linked(format!("/o/{}/books/accounts/{}", org.slug, l.account.code)),
            );
        }
    }
    let debits = main_accounts(&lines).map(|l| l.balance.max(0)).sum();
    let credits = main_accounts(&lines).map(|l| (-l.balance).max(0)).sum();
    rows.push(Row::total(vec![
        Cell::Blank,
        Cell::Text(tr.t("total")),
        Cell::Money(debits),
        Cell::Money(credits),
    ]));
    Ok((vec!["report-code", "account", "debit", "credit"], rows))
}

fn top(lines: &[BalanceLine], kind: AccountKind) -> i64 {
    lines
        .iter()
        .find(|l| l.depth == 0 && l.kind == kind)
        .map_or(0, |l| normal_balance(kind, l.balance))
}

/// A group heading, its accounts in their normal direction, and its total.
fn section(
    tr: &Tr,
    org: &Org,
    lines: &[BalanceLine],
    all: &[AccountRow],
    kind: AccountKind,
    extra: Option<(String, i64)>,
) -> Vec<Row> {
    let mut rows = vec![Row::group(tr.t(kind.label()), 2)];
    for l in main_accounts(lines).filter(|l| l.kind == kind && l.balance != 0) {
        rows.push(
            Row::line(vec![
                Cell::Text(account_name(tr, &l.account, all)),
                Cell::Money(normal_balance(kind, l.balance)),
            ])
            .linked(format!("/o/{}/books/accounts/{}", org.slug, l.account.code)),
        );
    }
    let mut total = top(lines, kind);
    if let Some((label, v)) = extra {
        rows.push(Row::line(vec![Cell::Text(label), Cell::Money(v)]));
        total += v;
    }
    rows.push(Row::total(vec![Cell::Text(tr.t("total")), Cell::Money(total)]));
    rows
}

async fn income_statement(tx: &mut Tx, org: &Org, tr: &Tr, p: &Params) -> AppResult<Table> {
    let lines = balances_between(tx, org, &p.from, &p.through).await?;
    let all: Vec<AccountRow> = lines.iter().map(|l| l.account.clone()).collect();
    let mut rows = section(tr, org, &lines, &all, AccountKind::Income, None);
    rows.extend(section(tr, org, &lines, &all, AccountKind::Expense, None));
    let surplus = top(&lines, AccountKind::Income) - top(&lines, AccountKind::Expense);
    rows.push(Row::total(vec![
        Cell::Text(tr.t("report-surplus")),
        Cell::Money(surplus),
    ]));
    Ok((vec!["account", "amount"], rows))
}

async fn balance_sheet(tx: &mut Tx, org: &Org, tr: &Tr, p: &Params) -> AppResult<Table> {
    let lines = trial_balance(tx, org, &p.through).await?;
    let all: Vec<AccountRow> = lines.iter().map(|l| l.account.clone()).collect();
    let open_surplus = top(&lines, AccountKind::Income) - top(&lines, AccountKind::Expense);
    let mut rows = section(tr, org, &lines, &all, AccountKind::Asset, None);
    rows.extend(section(tr, org, &lines, &all, AccountKind::Liability, None));
    rows.extend(section(
        tr,
        org,
        &lines,
        &all,
        AccountKind::Equity,
        Some((tr.t("report-open-surplus"), open_surplus)),
    ));
    rows.push(Row::total(vec![
        Cell::Text(tr.t("report-liabilities-equity")),
        Cell::Money(top(&lines, AccountKind::Liability) + top(&lines, AccountKind::Equity) + open_surplus),
    ]));
    Ok((vec!["account", "amount"], rows))
}

/// Money through the tills in the period, by the account on the other side (members'
/// sub-accounts counted under their control account).
pub async fn cash_flow(tx: &mut Tx, org: &Org, tr: &Tr, p: &Params) -> AppResult<CashFlow> {
    crate::ledger::open_books(tx, org.id).await?;
    let all = crate::ledger::store::accounts(tx, org.id).await?;
    let id_of = |code: &str| all.iter().find(|a| a.code == code).map_or(0, |a| a.id);
    let tills = Till::ALL.map(|t| id_of(t.code()));
    let mut opening = 0;
    for t in tills {
        opening += store::balance_before(tx, org.id, t, &p.from).await?;
    }
    let mut by_account: Vec<(i64, i64, i64)> = vec![];
    for (account_id, money_in, money_out) in store::cash_counterparts(tx, org.id, tills, &p.from, &p.through).await? {
        let shown = all
            .iter()
            .find(|a| a.id == account_id)
            .and_then(|a| if a.member_id.is_some() { a.parent_id } else { Some(a.id) })
            .unwrap_or(account_id);
        match by_account.iter_mut().find(|(id, _, _)| *id == shown) {
            Some(line) => {
                line.1 += money_in;
                line.2 += money_out;
            }
            None => by_account.push((shown, money_in, money_out)),
        }
    }
    let code_of = |id: i64| {
        all.iter()
            .find(|a| a.id == id)
            .map(|a| a.code.clone())
            .unwrap_or_default()
    };
    by_account.sort_by_key(|(id, _, _)| code_of(*id));
    let lines: Vec<(String, i64, i64)> = by_account
        .into_iter()
        .map(|(id, i, o)| {
            let name = all
                .iter()
                .find(|a| a.id == id)
                .map(|a| account_name(tr, a, &all))
                .unwrap_or_default();
            (name, i, o)
        })
        .collect();
    let moved: i64 = lines.iter().map(|(_, i, o)| i - o).sum();
    Ok(CashFlow {
        opening,
        lines,
        closing: opening + moved,
    })
}

fn cash_flow_rows(tr: &Tr, flow: &CashFlow) -> Vec<Row> {
    let mut rows = vec![Row::total(vec![
        Cell::Text(tr.t("report-cash-opening")),
        Cell::Money(flow.opening),
    ])];
    rows.push(Row::group(tr.t("cashbook-in"), 2));
    for (name, i, _) in flow.lines.iter().filter(|(_, i, _)| *i > 0) {
        rows.push(Row::line(vec![Cell::Text(name.clone()), Cell::Money(*i)]));
    }
    rows.push(Row::total(vec![
        Cell::Text(tr.t("total")),
        Cell::Money(flow.money_in()),
    ]));
    rows.push(Row::group(tr.t("cashbook-out"), 2));
    for (name, _, o) in flow.lines.iter().filter(|(_, _, o)| *o > 0) {
        rows.push(Row::line(vec![Cell::Text(name.clone()), Cell::Money(*o)]));
    }
    rows.push(Row::total(vec![
        Cell::Text(tr.t("total")),
        Cell::Money(flow.money_out()),
    ]));
    rows.push(Row::total(vec![
        Cell::Text(tr.t("report-cash-closing")),
        Cell::Money(flow.closing),
    ]));
    rows
}

async fn loans(tx: &mut Tx, org: &Org, tr: &Tr, p: &Params) -> AppResult<Table> {
    let (positions, par) = crate::loans::service::portfolio(tx, org, &p.through).await?;
    let mut rows = vec![];
    let (mut principal, mut outstanding, mut overdue) = (0, 0, 0);
    for pos in positions.iter().filter(|p| p.loan.status != "rejected") {
        principal += pos.loan.principal;
        outstanding += pos.outstanding_principal;
        overdue += pos.overdue;
        rows.push(
            Row::line(vec![
                Cell::Int(pos.loan.id),
                Cell::Text(pos.member.clone()),
                Cell::Text(pos.product.clone()),
                Cell::Text(tr.t(&crate::loans::pages::status_label(&pos.loan.status))),
                Cell::Money(pos.loan.principal),
                Cell::Money(pos.outstanding_principal),
                Cell::Money(pos.overdue),
                Cell::Int(pos.days_overdue),
            ])
            .linked(format!("/o/{}/loans/{}", org.slug, pos.loan.id)),
        );
    }
    rows.push(Row::total(vec![
        Cell::Blank,
        Cell::Text(tr.t("total")),
        Cell::Blank,
        Cell::Blank,
        Cell::Money(principal),
        Cell::Money(outstanding),
        Cell::Money(overdue),
        Cell::Blank,
    ]));
    let mut par_row = vec![
        Cell::Blank,
        Cell::Text(tr.t("loans-par30")),
        Cell::Blank,
        Cell::Blank,
        Cell::Blank,
        Cell::Percent(par),
    ];
    par_row.resize(8, Cell::Blank);
    rows.push(Row::total(par_row));
    Ok((
        vec![
            "report-loan-number",
            "member-name",
            "loan-product",
            "member-status",
            "loan-principal",
            "loans-outstanding",
            "report-overdue",
            "report-days-late",
        ],
        rows,
    ))
}

/// Who produced what in the period: per product, operation and member, the pieces, the
/// acceptance rate, the pay, what an hour of standard time earned against the minimum
/// wage's hour, and late payments; then each order's materials that did not reconcile.
async fn production(tx: &mut Tx, org: &Org, tr: &Tr, p: &Params) -> AppResult<Table> {
    let lines = crate::production::produced(tx, org, &p.from, &p.through).await?;
    let mut rows = vec![];
    let mut last_product = String::new();
    let (mut accepted, mut rejected, mut pay) = (0, 0, 0);
    for l in &lines {
        if l.product != last_product {
            rows.push(Row::group(l.product.clone(), 10));
            last_product = l.product.clone();
        }
        accepted += l.accepted;
        rejected += l.rejected;
        pay += l.pay;
        rows.push(Row::line(vec![
            Cell::Text(l.operation.clone()),
            Cell::Text(l.member.clone()),
            Cell::Int(l.accepted),
            Cell::Int(l.rejected),
            Cell::Percent(l.acceptance_bp()),
            Cell::Money(l.pay),
            Cell::Money(l.per_hour()),
            if l.minimum_per_hour > 0 {
                Cell::Money(l.minimum_per_hour)
            } else {
                Cell::Blank
            },
            Cell::Int(l.late_payments),
            Cell::Int(l.late_days),
        ]));
    }
    rows.push(Row::total(vec![
        Cell::Text(tr.t("total")),
        Cell::Blank,
        Cell::Int(accepted),
        Cell::Int(rejected),
        Cell::Blank,
        Cell::Money(pay),
        Cell::Blank,
        Cell::Blank,
        Cell::Blank,
        Cell::Blank,
    ]));
    for o in crate::production::service::variances(tx, org, &p.from, &p.through).await? {
        for (article, _, m) in o.reconciled.iter().filter(|(_, _, m)| m.flagged()) {
            rows.push(
                Row::line(vec![
                    Cell::Text(format!("#{} {}", o.order.id, o.product.product.name)),
                    Cell::Text(format!("{} · {}", tr.t("materials-flagged"), article)),
                    Cell::Blank,
                    Cell::Blank,
                    Cell::Blank,
                    Cell::Blank,
                    Cell::Blank,
                    Cell::Blank,
                    Cell::Blank,
                    Cell::Text(tr.fmt().fixed(m.difference(), 3)),
                ])
                .linked(format!("/o/{}/production/orders/{}", org.slug, o.order.id)),
            );
        }
    }
    Ok((
        vec![
            "operation",
            "member",
            "hand-in-accepted",
            "hand-in-rejected",
            "report-acceptance",
            "hand-in-earned",
            "report-per-standard-hour",
            "report-minimum-per-hour",
            "report-late-payments",
            "report-late-days",
        ],
        rows,
    ))
}

/// Market intelligence from the organisation's own sales in the period: per product, best
/// sellers first, its pieces, revenue, cost and margin, its ABC class, the change against
/// the period before and the days since it last sold; then each month against the one
/// before.
async fn sales(tx: &mut Tx, org: &Org, tr: &Tr, p: &Params) -> AppResult<Table> {
    let i = crate::sales::service::intelligence(tx, org, &p.from, &p.through).await?;
    let change = |c: Option<i64>| c.map_or(Cell::Blank, Cell::Percent);
    let mut rows = vec![];
    let (mut pieces, mut revenue, mut cost) = (0i64, 0i64, 0i64);
    for l in &i.products {
        pieces = pieces.saturating_add(l.pieces);
        revenue = revenue.saturating_add(l.revenue);
        cost = cost.saturating_add(l.cost);
        rows.push(Row::line(vec![
            Cell::Text(l.product.name.clone()),
            Cell::Text(l.abc.to_string()),
            Cell::Int(l.pieces),
            Cell::Money(l.revenue),
            Cell::Money(l.cost),
            change(l.margin_bp),
            change(l.change_bp),
            l.last_sold.clone().map_or(Cell::Blank, Cell::Date),
            l.days_since.map_or(Cell::Blank, Cell::Int),
        ]));
    }
    rows.push(Row::total(vec![
        Cell::Text(tr.t("total")),
        Cell::Blank,
        Cell::Int(pieces),
        Cell::Money(revenue),
        Cell::Money(cost),
        change(crate::sales::model::margin_bp(revenue, cost)),
        Cell::Blank,
        Cell::Blank,
        Cell::Blank,
    ]));
    if !i.months.is_empty() {
        rows.push(Row::group(tr.t("report-by-month"), 9));
        for (month, n, r, cost, c) in &i.months {
            rows.push(Row::line(vec![
                Cell::Text(month.clone()),
                Cell::Blank,
                Cell::Int(*n),
                Cell::Money(*r),
                Cell::Money(*cost),
                change(crate::sales::model::margin_bp(*r, *cost)),
                change(*c),
                Cell::Blank,
                Cell::Blank,
            ]));
        }
    }
    let blank = |n: usize| vec![Cell::Blank; n];
    for (title, shares) in [
        ("report-by-channel", &i.channels),
        ("report-by-buyer-kind", &i.buyer_kinds),
    ] {
        if shares.is_empty() {
            continue;
        }
        rows.push(Row::group(tr.t(title), 9));
        for (label, n, r) in shares {
            let mut cells = vec![Cell::Text(tr.t(label)), Cell::Blank, Cell::Int(*n), Cell::Money(*r)];
            cells.extend(blank(5));
            rows.push(Row::line(cells));
        }
    }
    if !i.paying.is_empty() {
        rows.push(Row::group(tr.t("report-days-to-pay"), 9));
        for (buyer, n, days) in &i.paying {
            let mut cells = vec![Cell::Text(buyer.clone()), Cell::Blank, Cell::Int(*n)];
            cells.extend(blank(5));
            cells.push(Cell::Int(*days));
            rows.push(Row::line(cells));
        }
    }
    if !i.prices.is_empty() {
        rows.push(Row::group(tr.t("report-network-prices"), 9));
        let mut by_category = i.prices.clone();
        by_category.sort_by(|a, b| (a.category, &a.day).cmp(&(b.category, &b.day)));
        for x in &by_category {
            let label = format!(
                "{} · {}",
                tr.t(&format!("category-{}", x.category)),
                tr.fmt().date(&x.day)
            );
            let mut cells = vec![
                Cell::Text(label),
                Cell::Blank,
                Cell::Int(x.orgs),
                Cell::Money(x.own),
                if x.orgs > 0 {
                    Cell::Money(x.network)
                } else {
                    Cell::Blank
                },
                if x.orgs > 0 && x.network > 0 {
                    change(crate::sales::model::change_bp(x.own, x.network))
                } else {
                    Cell::Blank
                },
            ];
            cells.extend(blank(3));
            rows.push(Row::line(cells));
        }
    }
    Ok((
        vec![
            "product",
            "report-abc",
            "sale-sold",
            "report-revenue",
            "report-cost",
            "report-margin",
            "report-change",
            "report-last-sold",
            "report-days-since",
        ],
        rows,
    ))
}

/// Invoices and credit notes issued in the period, oldest first, each with what has been
/// paid of it; credit notes count against the totals.
async fn invoices(tx: &mut Tx, org: &Org, tr: &Tr, p: &Params) -> AppResult<Table> {
    let mut list = crate::sales::service::invoices(tx, org).await?;
    list.retain(|i| i.issued_on >= p.from && i.issued_on <= p.through);
    list.reverse();
    let (mut net, mut tax, mut total, mut settled) = (0i64, 0i64, 0i64, 0i64);
    let mut rows = vec![];
    for i in list {
        let sign = if i.kind == "credit" { -1 } else { 1 };
        net = net.saturating_add(sign * i.net);
        tax = tax.saturating_add(sign * i.tax);
        total = total.saturating_add(sign * i.total);
        if sign > 0 {
            settled = settled.saturating_add(i.settled);
        }
        rows.push(
            Row::line(vec![
                Cell::Text(i.number),
                Cell::Date(i.issued_on),
                Cell::Text(tr.t(if sign < 0 { "credit-note" } else { "invoice" })),
                Cell::Text(i.buyer_name),
                Cell::Money(sign * i.net),
                Cell::Money(sign * i.tax),
                Cell::Money(sign * i.total),
                if sign > 0 { Cell::Money(i.settled) } else { Cell::Blank },
                i.settled_on.filter(|_| sign > 0).map_or(Cell::Blank, Cell::Date),
            ])
            .linked(format!("/o/{}/sales/invoices/{}", org.slug, i.id)),
        );
    }
    rows.push(Row::total(vec![
        Cell::Text(tr.t("total")),
        Cell::Blank,
        Cell::Blank,
        Cell::Blank,
        Cell::Money(net),
        Cell::Money(tax),
        Cell::Money(total),
        Cell::Money(settled),
        Cell::Blank,
    ]));
    Ok((
        vec![
            "invoice",
            "entry-date",
            "report-what",
            "buyer",
            "invoice-net",
            "tax",
            "total",
            "invoice-settled",
            "report-settled-on",
        ],
        rows,
    ))
}

/// Quotes and orders placed in the period, oldest first: buyer, channel, where each
/// stands, pieces ordered, delivered and invoiced, and what the lines come to with tax.
async fn sale_orders(tx: &mut Tx, org: &Org, tr: &Tr, p: &Params) -> AppResult<Table> {
    let mut list = crate::sales::service::orders(tx, org).await?;
    list.retain(|o| o.ordered_on >= p.from && o.ordered_on <= p.through);
    list.reverse();
    let mut rows = vec![];
    for row in list {
        let o = crate::sales::service::order(tx, org, row.id).await?;
        let (net, tax) = o.totals();
        let sum = |f: fn(&crate::sales::store::OrderLineRow) -> i64| o.lines.iter().map(|(l, _)| f(l)).sum::<i64>();
        rows.push(
            Row::line(vec![
                Cell::Int(o.order.id),
                Cell::Date(o.order.ordered_on.clone()),
                Cell::Text(o.buyer.name.clone()),
                Cell::Text(
                    crate::sales::model::Channel::parse(&o.order.channel).map_or(String::new(), |c| tr.t(c.label())),
                ),
                Cell::Text(
                    crate::sales::model::OrderStatus::parse(&o.order.status).map_or(String::new(), |s| tr.t(s.label())),
                ),
                Cell::Int(sum(|l| l.quantity)),
                Cell::Int(sum(|l| l.delivered)),
                Cell::Int(sum(|l| l.invoiced)),
                Cell::Money(net.saturating_add(tax)),
            ])
            .linked(format!("/o/{}/sales/orders/{}", org.slug, o.order.id)),
        );
    }
    Ok((
        vec![
            "order-sale",
            "entry-date",
            "buyer",
            "report-channel",
            "status",
            "order-pieces",
            "report-delivered",
            "report-invoiced",
            "total",
        ],
        rows,
    ))
}

/// Money from buyers in the period, oldest first; an advance used or a credit kept shows
/// as what it moved ahead.
async fn buyer_payments(tx: &mut Tx, org: &Org, tr: &Tr, p: &Params) -> AppResult<Table> {
    let mut list = crate::sales::service::payments(tx, org, None).await?;
    list.retain(|x| x.paid_on >= p.from && x.paid_on <= p.through);
    list.reverse();
    let mut total = 0i64;
    let mut rows = vec![];
    for x in list {
        total = total.saturating_add(x.amount);
        let till = crate::ledger::Till::parse(&x.till).map_or(x.till.clone(), |t| tr.t(t.label()));
        rows.push(Row::line(vec![
            Cell::Date(x.paid_on),
            Cell::Text(x.buyer_name),
            Cell::Text(till),
            Cell::Text(x.reference),
            Cell::Money(x.amount),
            Cell::Money(x.advance),
        ]));
    }
    rows.push(Row::total(vec![
        Cell::Text(tr.t("total")),
        Cell::Blank,
        Cell::Blank,
        Cell::Blank,
        Cell::Money(total),
        Cell::Blank,
    ]));
    Ok((
        vec![
            "entry-date",
            "buyer",
            "sale-till",
            "payment-reference",
            "amount",
            "buyers-advance",
        ],
        rows,
    ))
}

/// Every price each product has had for each kind of buyer up to the report's day,
/// newest first, with the day it held from and the day it ended.
async fn prices(tx: &mut Tx, org: &Org, tr: &Tr, p: &Params) -> AppResult<Table> {
    let names = crate::sales::service::names(tx, org).await?;
    let mut rows = vec![];
    let history = crate::sales::service::prices(tx, org).await?;
    // Newest first within a product and kind: each price ends the day before the next began.
    for group in history.chunk_by(|a, b| (a.product_id, &a.buyer_kind) == (b.product_id, &b.buyer_kind)) {
        let mut next: Option<&str> = None;
        for x in group.iter().filter(|x| x.valid_from <= p.through) {
            let until = next
                .filter(|n| *n != x.valid_from)
                .and_then(crate::db::parse_day)
                .map_or(Cell::Blank, |n| {
                    Cell::Date(crate::db::iso_day(n - time::Duration::days(1)))
                });
            next = Some(&x.valid_from);
            let kind =
                crate::sales::model::BuyerKind::parse(&x.buyer_kind).map_or(x.buyer_kind.clone(), |k| tr.t(k.label()));
            rows.push(Row::line(vec![
                Cell::Text(names.get(&x.product_id).cloned().unwrap_or_default()),
                Cell::Text(kind),
                Cell::Money(x.price),
                Cell::Date(x.valid_from.clone()),
                until,
            ]));
        }
    }
    Ok((vec!["product", "buyer-kind", "price", "rate-from", "price-until"], rows))
}

/// The market days of the period: a line per day and place.
async fn market_days(tx: &mut Tx, org: &Org, tr: &Tr, p: &Params) -> AppResult<Table> {
    let mut rows = vec![];
    let mut sums = [0i64; 6];
    for d in crate::sales::service::market_days(tx, org, &p.from, &p.through).await? {
        let v = [
            d.sales,
            d.cash,
            d.mobile,
            d.total,
            d.cost,
            d.total.saturating_sub(d.cost),
        ];
        for (s, x) in sums.iter_mut().zip(v) {
            *s = s.saturating_add(x);
        }
        rows.push(Row::line(vec![
            Cell::Date(d.sold_on),
            Cell::Text(d.place),
            Cell::Int(v[0]),
            Cell::Money(v[1]),
            Cell::Money(v[2]),
            Cell::Money(v[3]),
            Cell::Money(v[4]),
            Cell::Money(v[5]),
        ]));
    }
    let mut total = vec![Cell::Text(tr.t("total")), Cell::Blank, Cell::Int(sums[0])];
    total.extend(sums[1..].iter().map(|v| Cell::Money(*v)));
    rows.push(Row::total(total));
    Ok((
        vec![
            "entry-date",
            "sale-place",
            "sales-count",
            "acct-cash",
            "acct-mobile-money",
            "total",
            "report-cost",
            "report-margin",
        ],
        rows,
    ))
}

/// What each buyer owes today, by age since the invoice (0–30, 31–60, 61–90, over 90
/// days), and what each has paid ahead.
async fn buyers(tx: &mut Tx, org: &Org, tr: &Tr) -> AppResult<Table> {
    let mut rows = vec![];
    let mut sums = [0i64; 6];
    for a in crate::sales::service::accounts(tx, org).await? {
        let kind = crate::sales::model::BuyerKind::parse(&a.buyer.kind).map_or(String::new(), |k| tr.t(k.label()));
        for (s, v) in sums.iter_mut().zip(a.ageing.iter().chain([&a.owed, &a.advance])) {
            *s = s.saturating_add(*v);
        }
        let mut cells = vec![
            Cell::Text(a.buyer.name),
            Cell::Text(kind),
            Cell::Text(a.buyer.phone.unwrap_or_default()),
        ];
        cells.extend(a.ageing.iter().map(|v| Cell::Money(*v)));
        cells.extend([Cell::Money(a.owed), Cell::Money(a.advance)]);
        rows.push(Row::line(cells));
    }
    let mut total = vec![Cell::Text(tr.t("total")), Cell::Blank, Cell::Blank];
    total.extend(sums.iter().map(|v| Cell::Money(*v)));
    rows.push(Row::total(total));
    Ok((
        vec![
            "buyer",
            "buyer-kind",
            "member-phone",
            "report-age-30",
            "report-age-60",
            "report-age-90",
            "report-age-over-90",
            "buyers-owed",
            "buyers-advance",
        ],
        rows,
    ))
}

/// The legal share register: every operation through the date, numbered, in order.
async fn share_register(tx: &mut Tx, org: &Org, tr: &Tr, p: &Params, w: Window) -> AppResult<Table> {
    let lines = crate::shares::service::register(tx, org, &p.through, w.limit, w.offset).await?;
    let rows = lines
        .into_iter()
        .map(|l| {
            let op = crate::shares::model::Operation::parse(&l.kind);
            let row = Row::line(vec![
                Cell::Int(l.seq),
                Cell::Date(l.on_date),
                Cell::Text(op.map(|o| tr.t(o.label())).unwrap_or(l.kind)),
                Cell::Text(l.member_number),
                Cell::Text(l.member_name),
                Cell::Text(match (l.counterpart_number, l.counterpart_name) {
                    (Some(n), Some(name)) => format!("{n} {name}"),
                    _ => String::new(),
                }),
                if l.shares == 0 {
                    Cell::Blank
                } else {
                    Cell::Int(l.shares)
                },
                Cell::Money(l.amount),
                Cell::Text(l.approved_by.unwrap_or_default()),
            ]);
            match l.entry_id {
                Some(e) => row.linked(format!("/o/{}/books/entries/{e}", org.slug)),
                None => row,
            }
        })
        .collect();
    Ok((
        vec![
            "shares-register-number",
            "entry-date",
            "shares-operation",
            "member-number",
            "member-name",
            "shares-to",
            "shares-count",
            "amount",
            "shares-approved-by",
        ],
        rows,
    ))
}

/// Every member's cover: the scheme, her step, where her payments leave her and the
/// periods she paid. Its lines lead nowhere: the protection pages are for whoever runs
/// the schemes, not for every reader of the books.
async fn covers(tx: &mut Tx, org: &Org, tr: &Tr) -> AppResult<Table> {
    use crate::protection::model::Step;
    let schemes = crate::protection::service::schemes(tx, org).await?;
    let name = |id: i64| crate::protection::service::name_of(&schemes, id);
    let mut rows = vec![];
    for c in crate::protection::service::covers(tx, org, None, None).await? {
        let e = c.enrolment;
        rows.push(Row::line(vec![
            Cell::Text(name(e.scheme_id)),
            Cell::Text(e.member_number),
            Cell::Text(e.member_name),
            Cell::Text(e.policy_number),
            Cell::Text(Step::parse(&e.status).map_or(e.status.clone(), |s| tr.t(s.label()))),
            Cell::Text(c.standing.as_ref().map_or(String::new(), |(s, _)| tr.t(s.label()))),
            c.standing.map_or(Cell::Blank, |(_, d)| Cell::Date(d)),
            Cell::Int(e.periods_paid),
        ]));
    }
    Ok((
        vec![
            "scheme-name",
            "member-number",
            "member",
            "enrol-number",
            "enrol-step",
            "cover-standing",
            "cover-next-due-head",
            "enrol-paid",
        ],
        rows,
    ))
}

/// Contributions collected in the period: hers, the matching share, and whether it has
/// reached the scheme.
async fn contributions(tx: &mut Tx, org: &Org, tr: &Tr, p: &Params) -> AppResult<Table> {
    let schemes = crate::protection::service::schemes(tx, org).await?;
    let name = |id: i64| crate::protection::service::name_of(&schemes, id);
    let (mut rows, mut sums) = (vec![], [0i64; 2]);
    for c in crate::protection::service::contributions(tx, org, None, None, None).await? {
        if c.paid_on < p.from || c.paid_on > p.through {
            continue;
        }
        sums[0] = sums[0].saturating_add(c.amount);
        sums[1] = sums[1].saturating_add(c.matched);
        rows.push(Row::line(vec![
            Cell::Date(c.paid_on.clone()),
            Cell::Text(name(c.scheme_id)),
            Cell::Text(c.member_number.clone()),
            Cell::Text(c.member_name.clone()),
            Cell::Int(c.periods),
            Cell::Money(c.amount),
            Cell::Money(c.matched),
            Cell::Text(tr.t(if c.remittance_id.is_some() {
                "contribution-sent"
            } else {
                "contribution-not-sent"
            })),
        ]));
    }
    rows.push(Row::total(vec![
        Cell::Text(tr.t("total")),
        Cell::Blank,
        Cell::Blank,
        Cell::Blank,
        Cell::Blank,
        Cell::Money(sums[0]),
        Cell::Money(sums[1]),
        Cell::Blank,
    ]));
    Ok((
        vec![
            "entry-date",
            "scheme-name",
            "member-number",
            "member",
            "contribution-periods",
            "amount",
            "contribution-matched",
            "contribution-remitted",
        ],
        rows,
    ))
}

/// Claims reported in the period, each with its step, what was approved, the days from
/// her last document and whether the scheme kept its promise.
async fn claims(tx: &mut Tx, org: &Org, tr: &Tr, p: &Params) -> AppResult<Table> {
    use crate::protection::model::ClaimStep;
    let schemes = crate::protection::service::schemes(tx, org).await?;
    let name = |id: i64| crate::protection::service::name_of(&schemes, id);
    let mut rows = vec![];
    for v in crate::protection::service::claims(tx, org, None, None).await? {
        let c = v.claim;
        if c.reported_on < p.from || c.reported_on > p.through {
            continue;
        }
        rows.push(Row::line(vec![
            Cell::Date(c.reported_on),
            Cell::Text(name(c.scheme_id)),
            Cell::Text(c.member_number),
            Cell::Text(c.member_name),
            Cell::Text(ClaimStep::parse(&c.status).map_or(c.status.clone(), |s| tr.t(s.label()))),
            c.approved.map_or(Cell::Blank, Cell::Money),
            c.paid_on.map_or(Cell::Blank, Cell::Date),
            v.days.map_or(Cell::Blank, Cell::Int),
            Cell::Text(if v.late { tr.t("claim-late") } else { String::new() }),
        ]));
    }
    Ok((
        vec![
            "claim-reported-on",
            "scheme-name",
            "member-number",
            "member",
            "enrol-step",
            "claim-approved-amount",
            "claim-paid-on",
            "claim-days",
            "claim-late",
        ],
        rows,
    ))
}

/// The solidarity fund's money in and out in the period, with the decision behind each
/// grant and loan.
async fn solidarity_fund(tx: &mut Tx, org: &Org, tr: &Tr, p: &Params) -> AppResult<Table> {
    use crate::protection::model::FundMove;
    let f = crate::protection::service::fund(tx, org, None).await?;
    let mut rows = vec![];
    let (mut inflow, mut outflow) = (0i64, 0i64);
    for m in f.moves.iter().rev() {
        if m.on_day < p.from || m.on_day > p.through {
            continue;
        }
        let kind = FundMove::parse(&m.kind);
        let incoming = matches!(kind, Some(FundMove::Contribution | FundMove::Repayment));
        if incoming {
            inflow = inflow.saturating_add(m.amount);
        } else {
            outflow = outflow.saturating_add(m.amount);
        }
        let decision = match (m.agenda_item_id, m.proposal_id) {
            (Some(i), _) => tr.ta("fund-by-meeting", &[("item", i.into())]),
            (_, Some(p)) => tr.ta("fund-by-vote", &[("proposal", p.into())]),
            _ => String::new(),
        };
        rows.push(Row::line(vec![
            Cell::Date(m.on_day.clone()),
            Cell::Text(kind.map_or(m.kind.clone(), |k| tr.t(k.label()))),
            Cell::Text(m.member_number.clone()),
            Cell::Text(m.member_name.clone()),
            if incoming { Cell::Money(m.amount) } else { Cell::Blank },
            if incoming { Cell::Blank } else { Cell::Money(m.amount) },
            Cell::Text(decision),
        ]));
    }
    rows.push(Row::total(vec![
        Cell::Text(tr.t("total")),
        Cell::Blank,
        Cell::Blank,
        Cell::Blank,
        Cell::Money(inflow),
        Cell::Money(outflow),
        Cell::Blank,
    ]));
    Ok((
        vec![
            "entry-date",
            "fund-kind",
            "member-number",
            "member",
            "fund-in",
            "fund-out",
            "fund-resolution",
        ],
        rows,
    ))
}

/// What was sent to each scheme in the period, with its reference and the scheme's
/// acknowledgement.
async fn remittances(tx: &mut Tx, org: &Org, tr: &Tr, p: &Params) -> AppResult<Table> {
    let mut sent = vec![];
    for s in crate::protection::service::schemes(tx, org).await? {
        for r in crate::protection::service::remittances(tx, org, s.id).await? {
            if r.remitted_on >= p.from && r.remitted_on <= p.through {
                sent.push((s.name.clone(), r));
            }
        }
    }
    sent.sort_by(|a, b| (&a.1.remitted_on, a.1.id).cmp(&(&b.1.remitted_on, b.1.id)));
    let total = sent.iter().fold(0i64, |t, (_, r)| t.saturating_add(r.amount));
    let mut rows: Vec<Row> = sent
        .into_iter()
        .map(|(name, r)| {
            Row::line(vec![
                Cell::Date(r.remitted_on),
                Cell::Text(name),
                Cell::Money(r.amount),
                Cell::Text(r.reference),
                Cell::Text(r.acknowledgement),
            ])
        })
        .collect();
    rows.push(Row::total(vec![
        Cell::Text(tr.t("total")),
        Cell::Blank,
        Cell::Money(total),
        Cell::Blank,
        Cell::Blank,
    ]));
    Ok((
        vec![
            "entry-date",
            "scheme-name",
            "amount",
            "payment-reference",
            "remit-acknowledged",
        ],
        rows,
    ))
}

/// The organisation's schemes on the report's day: what each is, who carries it, how its
/// contribution is worked out then, and how many members it covers.
async fn schemes(tx: &mut Tx, org: &Org, tr: &Tr, p: &Params) -> AppResult<Table> {
    use crate::protection::model::{Carrier, Period, RATE_METHODS, SchemeKind, Step};
    let covers = crate::protection::service::covers(tx, org, None, None).await?;
    let mut rows = vec![];
    for s in crate::protection::service::schemes(tx, org).await? {
        let rate = crate::protection::service::rate_on(tx, org, s.id, &p.through).await?;
        let method = rate
            .as_ref()
            .and_then(|r| RATE_METHODS.iter().find(|(m, _)| *m == r.method));
        let period = rate.as_ref().and_then(|r| Period::parse(&r.period));
        let covered = covers
            .iter()
            .filter(|c| c.enrolment.scheme_id == s.id && Step::parse(&c.enrolment.status).is_some_and(Step::covers))
            .count();
        rows.push(Row::line(vec![
            Cell::Text(s.name),
            Cell::Text(SchemeKind::parse(&s.kind).map_or(s.kind.clone(), |k| tr.t(k.label()))),
            Cell::Text(Carrier::parse(&s.carrier).map_or(s.carrier.clone(), |c| tr.t(c.label()))),
            Cell::Text(s.reference),
            Cell::Text(method.map_or(String::new(), |(_, label)| tr.t(label))),
            Cell::Text(period.map_or(String::new(), |x| tr.t(x.label()))),
            Cell::Int(i64::try_from(covered).unwrap_or(i64::MAX)),
        ]));
    }
    Ok((
        vec![
            "scheme-name",
            "scheme-kind",
            "scheme-carrier",
            "scheme-reference",
            "contribution-rate-method",
            "contribution-rate-period",
            "coverage-covered",
        ],
        rows,
    ))
}
