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
            ("principal", "1000000"),
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
    // The application was made in October: it may be paid out on the first of November.
    app.exec("UPDATE loans SET applied_on = '2026-10-01', approved_on = '2026-10-01' WHERE status = 'approved'")
        .await;
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
    // She applied and was approved 90 days ago (a loan is never paid out before that).
    app.exec(Box::leak(
        format!("UPDATE loans SET applied_on = '{long_ago}', approved_on = '{long_ago}' WHERE status = 'approved'")
            .into_boxed_str(),
    ))
    .await;
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

async fn a_late_loan_is_rescheduled_by_a_leader(app: TestApp) {
    let auth = format!("Bearer {}", app.token(DS_LEADER, "dura-sundari").await);
    let c = client();
    let portfolio: serde_json::Value = c
        .get(app.url("/api/v1/orgs/dura-sundari/loans"))
        .header("authorization", &auth)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let late = portfolio["loans"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["days_overdue"].as_i64().unwrap() > 30)
        .expect("the demo has a loan in arrears")
        .clone();
    let id = late["id"].as_i64().unwrap();
    let outstanding = late["outstanding_principal"].as_i64().unwrap();
    let path = format!("/o/dura-sundari/loans/{id}");
    let first_due = {
        let d = time::OffsetDateTime::now_utc().date() + time::Duration::days(30);
        format!("{:04}-{:02}-{:02}", d.year(), u8::from(d.month()), d.day())
    };
    let t = app.login(DS_TREASURER).await;
    let r = post(
        &app,
        &t,
        &format!("{path}/reschedule"),
        &[("instalments", "6"), ("first_due", &first_due), ("reason", "Flood")],
    )
    .await;
    assert_eq!(r.status(), 403, "rescheduling is a leader's decision");
    let l = app.login(DS_LEADER).await;
    for (fields, message) in [
        (
            vec![("instalments", "6"), ("first_due", "2020-01-01"), ("reason", "Flood")],
            "must fall after today",
        ),
        (
            vec![("instalments", "6"), ("first_due", first_due.as_str()), ("reason", " ")],
            "Say why",
        ),
        (
            vec![
                ("instalments", "0"),
                ("first_due", first_due.as_str()),
                ("reason", "Flood"),
            ],
            "from 1 to 260",
        ),
    ] {
        let r = post(&app, &l, &format!("{path}/reschedule"), &fields).await;
        assert_eq!(r.status(), 422);
        assert!(r.text().await.unwrap().contains(message), "{message}");
    }
    assert_eq!(app.count("SELECT COUNT(*) FROM loan_reschedules").await, 0);
    let entries = app.count("SELECT COUNT(*) FROM journal_entries").await;
    let r = post(
        &app,
        &l,
        &format!("{path}/reschedule"),
        &[("instalments", "6"), ("first_due", &first_due), ("reason", "Flood")],
    )
    .await;
    assert_eq!(r.status(), 303);
    assert_eq!(
        app.count("SELECT COUNT(*) FROM journal_entries").await,
        entries,
        "no money moves"
    );
    let after: serde_json::Value = c
        .get(app.url(&format!("/api/v1/orgs/dura-sundari/loans/{id}")))
        .header("authorization", &auth)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(after["outstanding_principal"].as_i64().unwrap(), outstanding);
    assert_eq!(after["days_overdue"].as_i64().unwrap(), 0, "nothing is late any more");
    assert_eq!(after["next_due"]["date"], first_due.as_str());
    let schedule = after["schedule"].as_array().unwrap();
    let unpaid: i64 = schedule
        .iter()
        .map(|i| i["principal"].as_i64().unwrap() - i["paid_principal"].as_i64().unwrap())
        .sum();
    assert_eq!(unpaid, outstanding, "the new instalments repay exactly what was left");
    assert_eq!(
        schedule
            .iter()
            .filter(|i| i["paid_principal"] == 0 && i["paid_interest"] == 0)
            .count(),
        6
    );
    let page = app.text(&l, &path).await;
    assert!(page.contains("Rescheduled on") && page.contains("Flood"));
    // A repayment is corrected on its loan, not by reversing its entry in the journal.
    let repayment = app
        .count("SELECT MAX(e.id) FROM journal_entries e JOIN orgs o ON o.id = e.org_id WHERE o.slug = 'dura-sundari' AND e.source = 'loan-repayment'")
        .await;
    let before = app.count("SELECT COUNT(*) FROM journal_entries").await;
    let r = post(
        &app,
        &t,
        &format!("/o/dura-sundari/books/entries/{repayment}/reverse"),
        &[],
    )
    .await;
    assert_eq!(r.status(), 422);
    assert!(r.text().await.unwrap().contains("correct it there"));
    assert_eq!(app.count("SELECT COUNT(*) FROM journal_entries").await, before);
}
both!(a_late_loan_is_rescheduled_by_a_leader);

async fn the_api_runs_a_loan_and_members_read_their_passbook(app: TestApp) {
    let treasurer = format!("Bearer {}", app.token(DS_TREASURER, "dura-sundari").await);
    let leader = format!("Bearer {}", app.token(DS_LEADER, "dura-sundari").await);
    let c = client();
    let call = |auth: &str, path: String, body: serde_json::Value, key: &str| {
        c.post(app.url(&path))
            .header("authorization", auth)
            .header("accept-language", "en")
            .header("idempotency-key", key)
            .json(&body)
            .send()
    };
    let product = app
        .count("SELECT MIN(p.id) FROM loan_products p JOIN orgs o ON o.id = p.org_id WHERE o.slug = 'dura-sundari'")
        .await;
    let r = call(
        &treasurer,
        "/api/v1/orgs/dura-sundari/loans".into(),
        serde_json::json!({"member_number": "10", "product_id": product, "principal": 100_000, "purpose": "A sewing machine"}),
        "apply-1",
    )
    .await
    .unwrap();
    assert_eq!(r.status(), 201);
    let loan: serde_json::Value = r.json().await.unwrap();
    let id = loan["id"].as_i64().unwrap();
    assert_eq!(loan["status"], "applied");
    let act = |who: &str, action: &str, body: serde_json::Value, key: &str| {
        call(who, format!("/api/v1/orgs/dura-sundari/loans/{id}/{action}"), body, key)
    };
    assert_eq!(
        act(&treasurer, "approve", serde_json::json!({}), "a0")
            .await
            .unwrap()
            .status(),
        403
    );
    assert_eq!(
        act(&leader, "approve", serde_json::json!({}), "a1")
            .await
            .unwrap()
            .status(),
        200
    );
    let d = act(&treasurer, "disburse", serde_json::json!({"till": "bank"}), "d1")
        .await
        .unwrap();
    assert_eq!(d.status(), 200);
    let d: serde_json::Value = d.json().await.unwrap();
    assert_eq!(d["status"], "disbursed");
    assert_eq!(d["schedule"].as_array().unwrap().len(), 10);
    let entries = app.count("SELECT COUNT(*) FROM journal_entries").await;
    for _ in 0..2 {
        let r = act(&treasurer, "repay", serde_json::json!({"amount": 5_000}), "r1")
            .await
            .unwrap();
        assert_eq!(r.status(), 200);
    }
    assert_eq!(
        app.count("SELECT COUNT(*) FROM journal_entries").await,
        entries + 1,
        "a retried repayment counts once"
    );
    let r = act(&treasurer, "repay", serde_json::json!({"amount": 0}), "r2")
        .await
        .unwrap();
    assert_eq!(r.status(), 422);
    let r = act(&treasurer, "fly", serde_json::json!({}), "x").await.unwrap();
    assert_eq!(r.status(), 404);
    // Member 10 reads her passbook; member 5 may not.
    let her_id = app
        .count("SELECT m.id FROM memberships m JOIN orgs o ON o.id = m.org_id WHERE o.slug = 'dura-sundari' AND m.member_number = '10'")
        .await;
    let her = format!("Bearer {}", app.token("+919825000010", "dura-sundari").await);
    let pb = c
        .get(app.url(&format!("/api/v1/orgs/dura-sundari/members/{her_id}/passbook")))
        .header("authorization", &her)
        .send()
        .await
        .unwrap();
    assert_eq!(pb.status(), 200);
    let pb: serde_json::Value = pb.json().await.unwrap();
    let loans = pb["loans"].as_array().unwrap();
    assert!(
        loans
            .iter()
            .any(|l| l["id"] == id && l["next_due_amount"].as_i64().unwrap() > 0)
    );
    let book = pb["books"]
        .as_array()
        .unwrap()
        .iter()
        .find(|b| b["control"] == "1400")
        .unwrap();
    assert_eq!(
        book["balance"],
        100_000 - 5_000 + 1_000,
        "₹1,000 lent, ₹50 paid of which ₹10 interest"
    );
    let other = format!("Bearer {}", app.token(DS_MEMBER, "dura-sundari").await);
    let r = c
        .get(app.url(&format!("/api/v1/orgs/dura-sundari/members/{her_id}/passbook")))
        .header("authorization", &other)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403);
}
both!(the_api_runs_a_loan_and_members_read_their_passbook);
