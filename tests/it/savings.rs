//! Savings: the bylaws' minimum balance and withdrawal notice, interest at period end,
//! through the pages and the API.

use serde_json::{Value, json};

use crate::both;
use crate::common::*;

const AT_TREASURER: &str = "+251911000002";

fn day(offset: i64) -> String {
    let d = time::OffsetDateTime::now_utc().date() + time::Duration::days(offset);
    format!("{:04}-{:02}-{:02}", d.year(), u8::from(d.month()), d.day())
}

async fn savings_of(app: &TestApp, auth: &str, org: &str, number: &str) -> i64 {
    let all: Value = client()
        .get(app.url(&format!("/api/v1/orgs/{org}/savings")))
        .header("authorization", auth)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    all["savers"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["member_number"] == number)
        .map_or(0, |s| s["balance"].as_i64().unwrap())
}

fn rupees(minor: i64) -> String {
    format!("{}.{:02}", minor / 100, minor % 100)
}

async fn entries(app: &TestApp) -> i64 {
    app.count("SELECT COUNT(*) FROM journal_entries").await
}

async fn the_minimum_balance_stays_in_the_account(app: TestApp) {
    let t = app.login(DS_TREASURER).await;
    let page = app.text(&t, "/o/dura-sundari/savings").await;
    assert!(page.contains("Minimum savings balance") && page.contains("₹100.00"));
    let csrf = app.csrf(&t, "/o/dura-sundari/savings").await;
    let auth = format!("Bearer {}", app.token(DS_TREASURER, "dura-sundari").await);
    let name = app
        .one("SELECT name FROM memberships WHERE org_id = (SELECT id FROM orgs WHERE slug = 'dura-sundari') AND member_number = '8'".into())
        .await;
    let deposit = [
        ("csrf", csrf.as_str()),
        ("direction", "deposit"),
        ("member_number", "8"),
        ("amount", "500"),
        ("till", "cash"),
    ];
    // The treasurer sees whose number 8 is before anything is posted.
    let before = entries(&app).await;
    let asked = app.post(&t, "/o/dura-sundari/savings/move", &deposit).await;
    assert_eq!(asked.status(), 200);
    let asked = asked.text().await.unwrap();
    assert!(
        asked.contains(&name) && asked.contains("₹500.00") && asked.contains("name=\"confirmed_member\" value=\"8\"")
    );
    assert_eq!(entries(&app).await, before, "nothing posted before she confirms");
    let mut confirmed = deposit.to_vec();
    confirmed.push(("confirmed_member", "8"));
    let r = app.post(&t, "/o/dura-sundari/savings/move", &confirmed).await;
    assert_eq!(r.status(), 303);
    let balance = savings_of(&app, &auth, "dura-sundari", "8").await;
    assert!(balance >= 50_000);
    // The page it leads to says what the save did, once.
    let told = app.text(&t, "/o/dura-sundari/savings").await;
    assert!(told.contains(&format!("{name}’s savings are now")), "{told}");
    assert!(
        !app.text(&t, "/o/dura-sundari/savings")
            .await
            .contains("savings are now")
    );
    // Everything but ₹99 would leave less than the ₹100 minimum.
    let before = entries(&app).await;
    let r = app
        .post(
            &t,
            "/o/dura-sundari/savings/move",
            &[
                ("csrf", &csrf),
                ("direction", "withdrawal"),
                ("member_number", "8"),
                ("confirmed_member", "8"),
                ("amount", &rupees(balance - 9_900)),
            ],
        )
        .await;
    assert_eq!(r.status(), 422);
    assert!(r.text().await.unwrap().contains("less than the minimum balance"));
    // The cash book keeps the same rule.
    let cash = app
        .post(
            &t,
            "/o/dura-sundari/books/cashbook",
            &[
                ("csrf", &csrf),
                ("purpose", "saving-withdrawal"),
                ("member_number", "8"),
                ("confirmed_member", "8"),
                ("amount", &rupees(balance - 9_900)),
                ("till", "cash"),
            ],
        )
        .await;
    assert_eq!(cash.status(), 422);
    assert_eq!(entries(&app).await, before, "nothing posted");
    let ok = app
        .post(
            &t,
            "/o/dura-sundari/savings/move",
            &[
                ("csrf", &csrf),
                ("direction", "withdrawal"),
                ("member_number", "8"),
                ("confirmed_member", "8"),
                ("amount", &rupees(balance - 10_000)),
            ],
        )
        .await;
    assert_eq!(ok.status(), 303);
    assert_eq!(savings_of(&app, &auth, "dura-sundari", "8").await, 10_000);
    // A member of another organisation is unknown here.
    let other = app
        .post(
            &t,
            "/o/dura-sundari/savings/move",
            &[
                ("csrf", &csrf),
                ("direction", "deposit"),
                ("member_number", "999"),
                ("amount", "5"),
            ],
        )
        .await;
    assert_eq!(other.status(), 422);
    assert!(other.text().await.unwrap().contains("No member has this number"));
}
both!(the_minimum_balance_stays_in_the_account);

async fn a_withdrawal_waits_for_its_notice(app: TestApp) {
    let auth = format!("Bearer {}", app.token(AT_TREASURER, "aster-tadelech").await);
    let c = client();
    let post = |path: &'static str, body: Value, key: &'static str| {
        c.post(app.url(&format!("/api/v1/orgs/aster-tadelech/savings/{path}")))
            .header("authorization", &auth)
            .header("accept-language", "en")
            .header("idempotency-key", key)
            .json(&body)
            .send()
    };
    let r = post("deposits", json!({"member_number": "9", "amount": 200_000}), "d1")
        .await
        .unwrap();
    assert_eq!(r.status(), 201);
    let before = entries(&app).await;
    let r = post("withdrawals", json!({"member_number": "9", "amount": 50_000}), "w1")
        .await
        .unwrap();
    assert_eq!(r.status(), 422);
    assert!(r.text().await.unwrap().contains("record her notice first"));
    // Notice given three days ago: seven days are not over yet.
    let r = post(
        "notices",
        json!({"member_number": "9", "amount": 50_000, "date": day(-8)}),
        "n1",
    )
    .await
    .unwrap();
    assert_eq!(r.status(), 201);
    // Two days after the notice it has not run its seven days.
    let r = post(
        "withdrawals",
        json!({"member_number": "9", "amount": 50_000, "date": day(-6)}),
        "w2",
    )
    .await
    .unwrap();
    assert_eq!(r.status(), 422);
    assert!(r.text().await.unwrap().contains("not yet run its days"));
    assert_eq!(entries(&app).await, before);
    // On the seventh day after the notice it is paid, once (nothing is dated ahead).
    let r = post(
        "withdrawals",
        json!({"member_number": "9", "amount": 50_000, "date": day(-1)}),
        "w3",
    )
    .await
    .unwrap();
    assert_eq!(r.status(), 201);
    let again = post(
        "withdrawals",
        json!({"member_number": "9", "amount": 50_000, "date": day(-1)}),
        "w3",
    )
    .await
    .unwrap();
    assert_eq!(again.status(), 201, "a retried request answers the same");
    assert_eq!(entries(&app).await, before + 1, "and counts once");
    let second = post(
        "withdrawals",
        json!({"member_number": "9", "amount": 50_000, "date": day(-1)}),
        "w4",
    )
    .await
    .unwrap();
    assert_eq!(second.status(), 422, "the notice was used up");
    let r = post("notices", json!({"member_number": "9", "amount": -5}), "n2")
        .await
        .unwrap();
    assert_eq!(r.status(), 422);
    let r = post(
        "withdrawals",
        json!({"member_number": "9", "amount": 10, "surprise": 1}),
        "w5",
    )
    .await
    .unwrap();
    assert_eq!(r.status(), 400, "unknown fields are refused");
    assert_eq!(entries(&app).await, before + 1);
}
both!(a_withdrawal_waits_for_its_notice);

async fn interest_is_credited_once_per_period(app: TestApp) {
    let t = app.login(DS_TREASURER).await;
    let from = format!("{}-01-01", &day(0)[..4]);
    let through = day(-1);
    let preview = app
        .text(
            &t,
            &format!("/o/dura-sundari/savings/interest?from={from}&through={through}"),
        )
        .await;
    assert!(preview.contains("Credit this interest to every saver"));
    let auth = format!("Bearer {}", app.token(DS_TREASURER, "dura-sundari").await);
    let before = savings_of(&app, &auth, "dura-sundari", "1").await;
    let csrf = app.csrf(&t, "/o/dura-sundari/savings").await;
    let r = app
        .post(
            &t,
            "/o/dura-sundari/savings/interest",
            &[("csrf", &csrf), ("from", &from), ("through", &through)],
        )
        .await;
    assert_eq!(r.status(), 303);
    let after = savings_of(&app, &auth, "dura-sundari", "1").await;
    assert!(after > before, "member 1 saves, so she earns interest");
    // The entry charges the interest account exactly what the savers got.
    let charged = app
        .count("SELECT CAST(SUM(p.amount) AS BIGINT) FROM postings p JOIN accounts a ON a.id = p.account_id JOIN orgs o ON o.id = a.org_id WHERE o.slug = 'dura-sundari' AND a.code = '5800' AND p.entry_id = (SELECT MAX(entry_id) FROM savings_interest_runs)")
        .await;
    let credited = app
        .count("SELECT CAST(-SUM(p.amount) AS BIGINT) FROM postings p JOIN accounts a ON a.id = p.account_id WHERE a.code LIKE '2100-M%' AND p.entry_id = (SELECT MAX(entry_id) FROM savings_interest_runs)")
        .await;
    assert_eq!(charged, credited);
    let runs = app.count("SELECT COUNT(*) FROM savings_interest_runs").await;
    let again = app
        .post(
            &t,
            "/o/dura-sundari/savings/interest",
            &[("csrf", &csrf), ("from", &from), ("through", &through)],
        )
        .await;
    assert_eq!(again.status(), 422);
    assert!(again.text().await.unwrap().contains("already credited"));
    assert_eq!(app.count("SELECT COUNT(*) FROM savings_interest_runs").await, runs);
    let backwards = app
        .text(
            &t,
            &format!("/o/dura-sundari/savings/interest?from={through}&through={from}"),
        )
        .await;
    assert!(backwards.contains("must come before its end"));
    // ATEMDO pays no interest on savings.
    let a = format!("Bearer {}", app.token("+5511980000002", "atemdo").await);
    let r = client()
        .post(app.url("/api/v1/orgs/atemdo/savings/interest"))
        .header("authorization", &a)
        .header("accept-language", "en")
        .json(&json!({"from": from, "through": through}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 422);
    assert!(r.text().await.unwrap().contains("no interest"));
    let mut tx = app.db.begin().await.unwrap();
    let org = tejido::orgs::by_slug(&mut tx, "dura-sundari").await.unwrap().unwrap();
    assert!(tejido::ledger::verify(&mut tx, &org).await.unwrap().is_ok());
}
both!(interest_is_credited_once_per_period);
