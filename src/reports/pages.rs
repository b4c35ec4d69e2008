//! Reports on screen (printable), and as CSV and XLSX downloads.

use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use maud::{Markup, html};
use serde::Deserialize;

use super::model::{Cell, Kind, Report, Style};
use super::service::{self, EXPORT_LINES, Params, SCREEN_LINES};
use crate::auth::{OrgCtx, Permission};
use crate::money::{Currency, Money, percent_plain};
use crate::state::AppState;
use crate::web::layout::nav;
use crate::web::layout::{self, icon};
use crate::web::{AppError, AppResult, Page};

#[derive(Deserialize, Default, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ReportQuery {
    /// ISO date; the first of January of `through`'s year when absent.
    pub from: Option<String>,
    /// ISO date; today when absent.
    pub through: Option<String>,
    /// For the ledger: the account's code (cash when absent).
    pub account: Option<String>,
    /// csv or xlsx (pages only); on screen when absent.
    pub format: Option<String>,
    /// Journal and ledger on screen: which page of 100 lines.
    pub page: Option<i64>,
}

impl ReportQuery {
    /// The period asked for; by default the year to date on the organisation's clock.
    pub fn params(&self, today: &str) -> Params {
        let through = self
            .through
            .clone()
            .filter(|s| !s.is_empty())
            .unwrap_or_else(|| today.to_string());
        let from = self
            .from
            .clone()
            .filter(|s| !s.is_empty())
            .unwrap_or_else(|| format!("{}-01-01", through.get(..4).unwrap_or("2000")));
        Params {
            from,
            through,
            account: self.account.clone().filter(|s| !s.is_empty()),
            page: self.page.unwrap_or(1).max(1),
        }
    }
}

/// The list of reports, each for the year to date.
pub async fn index(page: Page, ctx: OrgCtx) -> AppResult<Markup> {
    ctx.require(Permission::ViewBooks)?;
    let tr = &page.tr;
    let base = format!("/o/{}/reports", ctx.org.slug);
    let body = html! {
        h1 { (icon("report")) (tr.t("reports-title")) }
        ul.list {
            @for k in Kind::ALL {
                li {
                    a href=(format!("{base}/{}", k.key())) { (tr.t(k.title())) }
                    div.meta { a href=(format!("{base}/{}?format=csv", k.key())) { "CSV" } " · " a href=(format!("{base}/{}?format=xlsx", k.key())) { "XLSX" } }
                }
            }
        }
    };
    Ok(layout::page(&page, &tr.t("reports-title"), Some(&nav(&ctx)), body))
}

pub async fn show(
    State(state): State<AppState>,
    page: Page,
    ctx: OrgCtx,
    Path((_slug, name)): Path<(String, String)>,
    Query(q): Query<ReportQuery>,
) -> AppResult<Response> {
    ctx.require(Permission::ViewBooks)?;
    let kind = Kind::parse(&name).ok_or(AppError::NotFound)?;
    let params = q.params(&ctx.org.today());
    let format = q.format.as_deref().unwrap_or("");
    let limit = if format.is_empty() { SCREEN_LINES } else { EXPORT_LINES };
    let mut tx = state.db.begin().await?;
    let report = match service::build(&mut tx, &ctx.org, &page.tr, kind, &params, limit).await {
        Ok(r) => r,
        Err(AppError::Invalid(errors)) => {
            return Err(AppError::BadRequest(
                errors.first().map_or("entry-bad-date", |e| e.message),
            ));
        }
        Err(e) => return Err(e),
    };
    drop(tx);
    let file = format!("{}-{}-{}", ctx.org.slug, kind.key(), params.through);
    match format {
        "csv" => Ok(crate::web::attachment(
            to_csv(&report, ctx.org.currency)?,
            "text/csv; charset=utf-8",
            &file,
            "csv",
        )),
        "xlsx" => Ok(crate::web::attachment(
            to_xlsx(&report, ctx.org.currency)?,
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            &file,
            "xlsx",
        )),
        "" => Ok(screen(&page, &ctx, &report, &params).into_response()),
        _ => Err(AppError::BadRequest("report-format-unknown")),
    }
}

fn cell_html(page: &Page, currency: Currency, c: &Cell) -> String {
    let f = page.tr.fmt();
    match c {
        Cell::Text(s) => s.clone(),
        Cell::Money(v) => f.money(Money::new(*v, currency)),
        Cell::Date(d) => f.date(d),
        Cell::Int(n) => f.int(*n),
        Cell::Percent(bp) => f.percent_bp(*bp),
        Cell::Blank => String::new(),
    }
}

/// Market intelligence's months as a chart draws them: (month, revenue, cost), read
/// from the rows under its "by month" heading.
fn month_series(r: &Report, heading: &str) -> Vec<(String, i64, i64)> {
    let mut out = vec![];
    let mut inside = false;
    for row in &r.rows {
        match (row.style, row.cells.as_slice()) {
            (Style::Group, [Cell::Text(t), ..]) => inside = t == heading,
            (Style::Line, [Cell::Text(m), _, _, Cell::Money(revenue), Cell::Money(cost), ..]) if inside => {
                out.push((m.clone(), *revenue, *cost));
            }
            _ => {}
        }
    }
    out
}

fn screen(page: &Page, ctx: &OrgCtx, r: &Report, p: &Params) -> Markup {
    let tr = &page.tr;
    let base = format!("/o/{}/reports/{}", ctx.org.slug, r.kind.key());
    let mut query = format!("from={}&through={}", p.from, p.through);
    if let Some(a) = &p.account {
        query.push_str(&format!("&account={}", crate::web::url_encode(a)));
    }
    let numeric: Vec<bool> = (0..r.columns.len())
        .map(|i| r.rows.iter().any(|row| row.cells.get(i).is_some_and(Cell::numeric)))
        .collect();
    let body = html! {
        section.card.report {
            p.meta { (ctx.org.name) }
            h1 { (r.title) }
            p.meta {
                @if let Some(from) = &r.from { (tr.fmt().date(from)) " – " }
                (tr.fmt().date(&r.through)) " · " (r.currency)
            }
            form.search method="get" {
                @if r.kind.has_period() {
                    div { label for="from" { (tr.t("report-from")) } input id="from" name="from" type="date" value=(p.from); }
                }
                div { label for="through" { (tr.t("report-through")) } input id="through" name="through" type="date" value=(p.through); }
                @if r.kind == Kind::Ledger {
                    div { label for="account" { (tr.t("account")) } input id="account" name="account" value=(p.account.as_deref().unwrap_or("1100")); }
                }
                button type="submit" { (tr.t("report-show")) }
            }
            @if r.kind == Kind::Sales {
                @let series = month_series(r, &tr.t("report-by-month"));
                @if series.len() > 1 {
                    (crate::web::charts::paired_bars(&tr.t("report-by-month"), (&tr.t("report-revenue"), &tr.t("report-cost")), &series))
                }
            }
            table.tb {
                thead { tr { @for (i, c) in r.columns.iter().enumerate() { th class=[numeric[i].then_some("num")] { (c) } } } }
                tbody {
                    @for row in &r.rows {
                        tr class=[match row.style { Style::Group => Some("group"), Style::Total => Some("total"), Style::Line => None }] {
                            @for (i, c) in row.cells.iter().enumerate() {
                                td class=[numeric.get(i).copied().unwrap_or(false).then_some("num")] {
                                    @match (&row.link, i) {
                                        (Some(to), 0) => a href=(to) { (cell_html(page, ctx.org.currency, c)) },
                                        _ => (cell_html(page, ctx.org.currency, c)),
                                    }
                                }
                            }
                        }
                    }
                }
            }
            @if p.page > 1 || r.more {
                nav.pager {
                    @if p.page > 1 { a href=(format!("{base}?{query}&page={}", p.page - 1)) { "← " (tr.t("page-previous")) } } @else { span {} }
                    span { (tr.fmt().int(p.page)) }
                    @if r.more { a href=(format!("{base}?{query}&page={}", p.page + 1)) { (tr.t("page-next")) " →" } } @else { span {} }
                }
                p.meta { (tr.t("report-all-lines")) }
            }
        }
        p {
            a.button.secondary href=(format!("{base}?{query}&format=csv")) { "CSV" } " "
            a.button.secondary href=(format!("{base}?{query}&format=xlsx")) { "XLSX" } " "
            a href=(format!("/o/{}/reports", ctx.org.slug)) { (tr.t("reports-title")) }
        }
    };
    layout::page(page, &r.title, Some(&nav(ctx)), body)
}

/// Plain values: amounts as decimals with a point, dates as ISO, so any spreadsheet reads them.
fn plain(c: &Cell, currency: Currency) -> String {
    match c {
        Cell::Text(s) => s.clone(),
        Cell::Money(v) => Money::new(*v, currency).to_plain(),
        Cell::Date(d) => d.clone(),
        Cell::Int(n) => n.to_string(),
        Cell::Percent(bp) => percent_plain(*bp, '.'),
        Cell::Blank => String::new(),
    }
}

pub fn to_csv(r: &Report, currency: Currency) -> AppResult<Vec<u8>> {
    let rows = std::iter::once(r.columns.clone()).chain(
        r.rows
            .iter()
            .map(|row| row.cells.iter().map(|c| plain(c, currency)).collect()),
    );
    crate::web::csv::to_bytes(rows)
}

pub fn to_xlsx(r: &Report, currency: Currency) -> AppResult<Vec<u8>> {
    use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
    let err = |e: rust_xlsxwriter::XlsxError| AppError::Internal(e.to_string());
    let digits = currency.exponent();
    let money_format = if digits == 0 {
        "#,##0".to_string()
    } else {
        format!("#,##0.{}", "0".repeat(usize::from(digits)))
    };
    let bold = Format::new().set_bold();
    let money = Format::new().set_num_format(&money_format);
    let money_bold = Format::new().set_num_format(&money_format).set_bold();
    let date = Format::new().set_num_format("yyyy-mm-dd");
    let percent = Format::new().set_num_format("0.00%");
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    let name: String = r.title.chars().filter(|c| !"[]:*?/\\".contains(*c)).take(31).collect();
    sheet
        .set_name(if name.is_empty() { "report" } else { &name })
        .map_err(err)?;
    sheet.write_string_with_format(0, 0, &r.title, &bold).map_err(err)?;
    let period = match &r.from {
        Some(f) => format!("{f} – {} · {}", r.through, r.currency),
        None => format!("{} · {}", r.through, r.currency),
    };
    sheet.write_string(1, 0, &period).map_err(err)?;
    for (i, c) in r.columns.iter().enumerate() {
        let col = u16::try_from(i).unwrap_or(u16::MAX);
        sheet.write_string_with_format(3, col, c, &bold).map_err(err)?;
        sheet.set_column_width(col, if i == 0 { 14 } else { 18 }).map_err(err)?;
    }
    for (n, row) in r.rows.iter().enumerate() {
        let at = u32::try_from(n + 4).unwrap_or(u32::MAX);
        let strong = row.style != Style::Line;
        for (i, c) in row.cells.iter().enumerate() {
            let col = u16::try_from(i).unwrap_or(u16::MAX);
            match c {
                Cell::Text(s) if strong => sheet.write_string_with_format(at, col, s, &bold).map(|_| ()),
                Cell::Text(s) => sheet.write_string(at, col, s).map(|_| ()),
                // A spreadsheet's numbers are floating point; the minor units divide exactly
                // for any amount a cooperative keeps (below 2^53 minor units).
                Cell::Money(v) => {
                    let value = *v as f64 / 10f64.powi(i32::from(digits));
                    sheet
                        .write_number_with_format(at, col, value, if strong { &money_bold } else { &money })
                        .map(|_| ())
                }
                Cell::Date(d) => match crate::db::parse_day(d).and_then(|day| {
                    ExcelDateTime::from_ymd(u16::try_from(day.year()).ok()?, u8::from(day.month()), day.day()).ok()
                }) {
                    Some(dt) => sheet.write_datetime_with_format(at, col, &dt, &date).map(|_| ()),
                    None => sheet.write_string(at, col, d).map(|_| ()),
                },
                Cell::Int(v) => sheet.write_number(at, col, *v as f64).map(|_| ()),
                Cell::Percent(bp) => sheet
                    .write_number_with_format(at, col, *bp as f64 / 10_000.0, &percent)
                    .map(|_| ()),
                Cell::Blank => Ok(()),
            }
            .map_err(err)?;
        }
    }
    book.save_to_buffer().map_err(err)
}
