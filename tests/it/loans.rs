//! The revolving loan fund: product, application within the savings limit, two approvals,
//! disbursement, repayments interest first, arrears, closing.

use crate::both;
use crate::common::*;

const INTEREST: &str = "SELECT CAST(COALESCE(SUM(p.amount), 0) AS BIGINT) FROM postings p JOIN accounts a ON a.id = p.account_id WHERE a.code = '4300' AND a.org_id = (SELECT id FROM orgs WHERE slug = 'dura-sundari')";

async fn post(app: &TestApp, c: &reqwest::Client, path: &str, fields: &[(&str, &str)]) -> reqwest::Response {
    let csrf = app.csrf(c, "/o/dura-sundari/loans").await;
    let mut form = vec![("csrf", csrf.as_str())];
    form.extend_from_slice(fields);
    app.post(c, path, &form).await
}

async fn a_loan_runs_from_application_to_repayment(app: TestApp) {
    let t = app.login(DS_TREASURER).await;
    let r = post(
        &app,
        &t,
        "/o/dura-sundari/loans/products",
        &[
            ("name", "Thread loan"),
            ("method", "flat"),
            ("rate", "12"),
            ("instalments", "12"),
            ("frequency", "monthly"),
            ("multiple", "3"),
            ("two_approvals", "on"),
        ],
    )
    .await;
    assert_eq!(r.status(), 303);
    let bad = post(
        &app,
        &t,
        "/o/dura-sundari/loans/products",
        &[
            ("name", ""),
            ("method", "usury"),
            ("rate", "400"),
            ("instalments", "0"),
            ("frequency", "daily"),
            ("multiple", "3"),
        ],
    )
    .await;
    assert_eq!(bad.status(), 422);
    let page = app.text(&t, "/o/dura-sundari/loans").await;
    let product = page
        .split("name=\"product\"")
        .nth(1)
        .and_then(|s| s.split("value=\"").nth(1))
        .and_then(|s| s.split('"').next())
        .unwrap()
        .to_string();
    // Member 7 has ₹200 of savings in the demo: at most three times that.
    let too_much = post(
        &app,
        &t,
        "/o/dura-sundari/loans",
        &[
            ("member_number", "7"),
            ("product", &product),
            ("principal", "1000"),
            ("purpose", "Thread for the season"),
        ],
    )
    .await;
    assert_eq!(too_much.status(), 422);
    assert!(too_much.text().await.unwrap().contains("more than her savings allow"));
    let r = post(
        &app,
        &t,
        "/o/dura-sundari/loans",
        &[
            ("member_number", "7"),
            ("product", &product),
            ("principal", "600"),
            ("purpose", "Thread for the season"),
        ],
    )
    .await;
    assert_eq!(r.status(), 303);
    let loan = r.headers()["location"].to_str().unwrap().to_string();
    // Two different leaders approve.
    let l1 = app.login(DS_LEADER).await;
    assert_eq!(post(&app, &l1, &format!("{loan}/approve"), &[]).await.status(), 303);
    let again = post(&app, &l1, &format!("{loan}/approve"), &[]).await;
    assert_eq!(again.status(), 422);
    assert!(again.text().await.unwrap().contains("second, different leader"));
    assert_eq!(
        post(
            &app,
            &t,
            &format!("{loan}/disburse"),
            &[("date", "2026-11-01"), ("till", "cash")]
        )
        .await
        .status(),
        422,
        "not approved yet"
    );
    assert_eq!(
        post(&app, &t, &format!("{loan}/approve"), &[]).await.status(),
        403,
        "a treasurer does not approve"
    );
    let l2 = app.login("+919825000004").await;
    assert_eq!(post(&app, &l2, &format!("{loan}/approve"), &[]).await.status(), 303);
    assert_eq!(
        post(
            &app,
            &t,
            &format!("{loan}/disburse"),
            &[("date", "2026-11-01"), ("till", "cash")]
        )
        .await
        .status(),
        303
    );
    let page = app.text(&t, &loan).await;
    assert!(
        page.contains("₹50.00") && page.contains("₹6.00"),
        "₹600 over 12 months at 12 % flat: ₹50 + ₹6"
    );
    let interest_before = app.count(INTEREST).await;
    // ₹100: the first instalment's interest and principal, then the second's interest.
    assert_eq!(
        post(
            &app,
            &t,
            &format!("{loan}/repay"),
            &[("amount", "100"), ("date", "2026-11-20"), ("till", "cash")]
        )
        .await
        .status(),
        303
    );
    let interest = app.count(INTEREST).await;
    assert_eq!(interest - interest_before, -1_200);
    let over = post(
        &app,
        &t,
        &format!("{loan}/repay"),
        &[("amount", "10000"), ("till", "cash")],
    )
    .await;
    assert_eq!(over.status(), 422);
    assert!(over.text().await.unwrap().contains("more than she still owes"));
    // Her passbook shows the loan and the next instalment.
    let her = app.login("+919825000007").await;
    let id = loan.rsplit('/').next().unwrap();
    let members = app.text(&t, "/o/dura-sundari/members?q=%2B919825000007").await;
    let passbook = app
        .text(&her, &format!("{}/passbook", member_link(&members, "dura-sundari")))
        .await;
    assert!(passbook.contains(&format!("Loan #{id}")) && passbook.contains("Next instalment"));
    // The rest: ₹672 - ₹100 = ₹572.
    assert_eq!(
        post(
            &app,
            &t,
            &format!("{loan}/repay"),
            &[("amount", "572"), ("till", "bank")]
        )
        .await
        .status(),
        303
    );
    let page = app.text(&t, &loan).await;
    assert!(page.contains("Repaid"));
    let closed = post(&app, &t, &format!("{loan}/repay"), &[("amount", "1"), ("till", "cash")]).await;
    assert_eq!(closed.status(), 422);
    assert!(closed.text().await.unwrap().contains("not being repaid"));
    let mut tx = app.db.begin().await.unwrap();
    let org = tejido::orgs::by_slug(&mut tx, "dura-sundari").await.unwrap().unwrap();
    assert!(tejido::ledger::verify(&mut tx, &org).await.unwrap().is_ok());
}
both!(a_loan_runs_from_application_to_repayment);

async fn late_loans_count_in_the_portfolio_at_risk(app: TestApp) {
    let t = app.login(DS_TREASURER).await;
    post(
        &app,
        &t,
        "/o/dura-sundari/loans/products",
        &[
            ("name", "Weekly loan"),
            ("method", "declining"),
            ("rate", "10"),
            ("instalments", "10"),
            ("frequency", "weekly"),
            ("multiple", "0"),
        ],
    )
    .await;
    let page = app.text(&t, "/o/dura-sundari/loans").await;
    let product = page
        .split("name=\"product\"")
        .nth(1)
        .and_then(|s| s.split("value=\"").nth(1))
        .and_then(|s| s.split('"').next())
        .unwrap()
        .to_string();
    let r = post(
        &app,
        &t,
        "/o/dura-sundari/loans",
        &[
            ("member_number", "9"),
            ("product", &product),
            ("principal", "5000"),
            ("purpose", "Sewing machine"),
        ],
    )
    .await;
    let loan = r.headers()["location"].to_str().unwrap().to_string();
    let leader = app.login(DS_LEADER).await;
    assert_eq!(post(&app, &leader, &format!("{loan}/approve"), &[]).await.status(), 303);
    let long_ago = (time::OffsetDateTime::now_utc().date() - time::Duration::days(90)).to_string();
    assert_eq!(
        post(
            &app,
            &t,
            &format!("{loan}/disburse"),
            &[("date", &long_ago), ("till", "cash")]
        )
        .await
        .status(),
        303
    );
    let page = app.text(&t, "/o/dura-sundari/loans").await;
    assert!(page.contains("days late"));
    assert!(
        !page.contains(">0.00 %"),
        "late loans put part of the portfolio at risk"
    );
    // Writing it off closes it and books the loss.
    assert_eq!(post(&app, &t, &format!("{loan}/write-off"), &[]).await.status(), 303);
    assert!(app.text(&t, &loan).await.contains("Written off"));
    let member = app.login(DS_MEMBER).await;
    assert_eq!(
        member
            .get(app.url("/o/dura-sundari/loans"))
            .send()
            .await
            .unwrap()
            .status(),
        403
    );
}
both!(late_loans_count_in_the_portfolio_at_risk);
