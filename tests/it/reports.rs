//! Reports: every report on screen, as CSV, XLSX and JSON; the figures agree with each
//! other and with the books; bad periods are refused.

use serde_json::Value;

use crate::both;
use crate::common::*;

const REPORTS: [&str; 7] = [
    "journal",
    "ledger",
    "trial-balance",
    "income-statement",
    "balance-sheet",
    "cash-flow",
    "loans",
];

async fn report(app: &TestApp, auth: &str, name: &str, query: &str) -> Value {
    let r = client()
        .get(app.url(&format!("/api/v1/orgs/dura-sundari/reports/{name}?{query}")))
        .header("authorization", auth)
        .header("accept-language", "en")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200, "{name}");
    r.json().await.unwrap()
}

/// The money cells of the last row whose first text cell is `label`.
fn row_money(r: &Value, label: &str) -> Vec<i64> {
    let rows = r["rows"].as_array().unwrap();
    let row = rows
        .iter()
        .rev()
        .find(|row| {
            row["cells"]
                .as_array()
                .unwrap()
                .iter()
                .any(|c| c["type"] == "text" && c["value"] == label)
        })
        .unwrap_or_else(|| panic!("no row {label}"));
    row["cells"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["type"] == "money")
        .map(|c| c["value"].as_i64().unwrap())
        .collect()
}

async fn every_report_shows_downloads_and_serves_json(app: TestApp) {
    let gujarati = app.login_in_own_language(DS_TREASURER).await;
    let page = app.text(&gujarati, "/o/dura-sundari/reports/cash-flow").await;
    assert!(page.contains("રોકડ પ્રવાહ સારાંશ"), "the report speaks her language");
    let t = app.login(DS_TREASURER).await;
    let index = app.text(&t, "/o/dura-sundari/reports").await;
    assert!(index.contains("Cash-flow summary") && index.contains("Loans portfolio"));
    for name in REPORTS {
        let page = t
            .get(app.url(&format!("/o/dura-sundari/reports/{name}")))
            .send()
            .await
            .unwrap();
        assert_eq!(page.status(), 200, "{name}");
        let html = page.text().await.unwrap();
        assert!(html.contains("<table") && html.contains("XLSX"), "{name}");
        let csv = t
            .get(app.url(&format!("/o/dura-sundari/reports/{name}?format=csv")))
            .send()
            .await
            .unwrap();
        assert_eq!(csv.status(), 200);
        assert!(csv.headers()["content-type"].to_str().unwrap().starts_with("text/csv"));
        let text = csv.text().await.unwrap();
        assert!(text.lines().count() >= 2, "{name}: a header and rows");
        let xlsx = t
            .get(app.url(&format!("/o/dura-sundari/reports/{name}?format=xlsx")))
            .send()
            .await
            .unwrap();
        assert_eq!(xlsx.status(), 200);
        assert!(
            xlsx.headers()["content-disposition"]
                .to_str()
                .unwrap()
                .ends_with(".xlsx\"")
        );
        let bytes = xlsx.bytes().await.unwrap();
        assert!(bytes.starts_with(b"PK"), "{name}: an XLSX file is a zip");
    }
    let journal_csv = app.text(&t, "/o/dura-sundari/reports/journal?format=csv").await;
    assert!(journal_csv.starts_with("Date,Entry,Description,Account,Debit,Credit"));
}
both!(every_report_shows_downloads_and_serves_json);

async fn the_reports_agree_with_the_books(app: TestApp) {
    let auth = format!("Bearer {}", app.token(DS_TREASURER, "dura-sundari").await);
    let year = time::OffsetDateTime::now_utc().year();
    let period = format!("from={year}-01-01&through={year}-12-31");
    // Trial balance: debits equal credits.
    let tb = report(&app, &auth, "trial-balance", &period).await;
    let totals = row_money(&tb, "Total");
    assert_eq!(totals.len(), 2);
    assert_eq!(totals[0], totals[1]);
    assert!(totals[0] > 0);
    // Balance sheet: assets equal liabilities and equity.
    let bs = report(&app, &auth, "balance-sheet", &period).await;
    let assets = row_money(&bs, "Total")[0];
    let rows = bs["rows"].as_array().unwrap();
    let last = rows.last().unwrap()["cells"][1]["value"].as_i64().unwrap();
    let first_total = rows
        .iter()
        .find(|r| r["style"] == "total")
        .map(|r| r["cells"][1]["value"].as_i64().unwrap())
        .unwrap();
    assert_eq!(first_total, last, "assets = liabilities + equity");
    assert!(assets > 0);
    // Cash flow: opening plus in minus out is closing, and closing is the tills' balance.
    let cf = report(&app, &auth, "cash-flow", &period).await;
    let opening = row_money(&cf, "Cash at the start")[0];
    let closing = row_money(&cf, "Cash at the end")[0];
    let totals: Vec<i64> = cf["rows"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["style"] == "total" && r["cells"][0]["value"] == "Total")
        .map(|r| r["cells"][1]["value"].as_i64().unwrap())
        .collect();
    assert_eq!(totals.len(), 2, "money in, money out");
    assert_eq!(opening + totals[0] - totals[1], closing);
    let tills = app
        .count("SELECT CAST(COALESCE(SUM(b.balance), 0) AS BIGINT) FROM account_balances b JOIN accounts a ON a.id = b.account_id JOIN orgs o ON o.id = a.org_id WHERE o.slug = 'dura-sundari' AND a.code IN ('1100', '1110', '1120')")
        .await;
    assert_eq!(closing, tills);
    assert!(opening > 0, "last year left cash");
    // Income statement: the surplus is income minus expenses.
    let is = report(&app, &auth, "income-statement", &period).await;
    let sums: Vec<i64> = is["rows"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["style"] == "total")
        .map(|r| r["cells"][1]["value"].as_i64().unwrap())
        .collect();
    assert_eq!(sums.len(), 3);
    assert_eq!(sums[0] - sums[1], sums[2]);
    // The cash ledger closes on the cash balance.
    let ledger = report(&app, &auth, "ledger", &format!("{period}&account=1100")).await;
    let cash = app
        .count("SELECT b.balance FROM account_balances b JOIN accounts a ON a.id = b.account_id JOIN orgs o ON o.id = a.org_id WHERE o.slug = 'dura-sundari' AND a.code = '1100'")
        .await;
    assert_eq!(row_money(&ledger, "Closing balance"), vec![cash]);
    // The loans portfolio names the late loan and the portfolio at risk.
    let loans = report(&app, &auth, "loans", "").await;
    assert!(
        loans["rows"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["cells"][7]["value"].as_i64().unwrap_or(0) > 30)
    );
}
both!(the_reports_agree_with_the_books);

async fn bad_report_requests_are_refused(app: TestApp) {
    let t = app.login(DS_TREASURER).await;
    let get = |path: &'static str| t.get(app.url(path)).send();
    let r = get("/o/dura-sundari/reports/income-statement?from=2026-12-31&through=2026-01-01")
        .await
        .unwrap();
    assert_eq!(r.status(), 400);
    assert!(r.text().await.unwrap().contains("must come before its end"));
    assert_eq!(
        get("/o/dura-sundari/reports/journal?through=31/12/2026")
            .await
            .unwrap()
            .status(),
        400
    );
    assert_eq!(get("/o/dura-sundari/reports/horoscope").await.unwrap().status(), 404);
    assert_eq!(
        get("/o/dura-sundari/reports/journal?format=pdf")
            .await
            .unwrap()
            .status(),
        400
    );
    assert_eq!(
        get("/o/dura-sundari/reports/ledger?account=9999")
            .await
            .unwrap()
            .status(),
        400
    );
    let member = app.login(DS_MEMBER).await;
    assert_eq!(
        member
            .get(app.url("/o/dura-sundari/reports/trial-balance"))
            .send()
            .await
            .unwrap()
            .status(),
        403
    );
    let auth = format!("Bearer {}", app.token(DS_MEMBER, "dura-sundari").await);
    let r = client()
        .get(app.url("/api/v1/orgs/dura-sundari/reports/journal"))
        .header("authorization", auth)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403);
}
both!(bad_report_requests_are_refused);

async fn long_ledgers_page_and_carry_their_balance(app: TestApp) {
    let t = app.login(DS_TREASURER).await;
    let year = time::OffsetDateTime::now_utc().year();
    let base = format!(
        "/o/dura-sundari/reports/ledger?account=1100&from={}-01-01&through={year}-12-31",
        year - 1
    );
    let first = app.text(&t, &base).await;
    assert!(first.contains("page=2"), "more than a page of cash lines");
    let carried = first
        .split("Carried to the next page")
        .nth(1)
        .and_then(|s| s.split("</tr>").next())
        .and_then(|s| s.split("<td class=\"num\">").last())
        .and_then(|s| s.split('<').next())
        .unwrap()
        .to_string();
    let second = app.text(&t, &format!("{base}&page=2")).await;
    let opening = second
        .split("Opening balance")
        .nth(1)
        .and_then(|s| s.split("</tr>").next())
        .and_then(|s| s.split("<td class=\"num\">").last())
        .and_then(|s| s.split('<').next())
        .unwrap()
        .to_string();
    assert!(carried.starts_with('₹'));
    assert_eq!(carried, opening, "page 2 opens where page 1 stopped");
    // The download carries every line on one sheet.
    let csv = app.text(&t, &format!("{base}&format=csv")).await;
    assert!(csv.lines().count() > 101);
    assert!(csv.contains("Closing balance"));
}
both!(long_ledgers_page_and_carry_their_balance);
