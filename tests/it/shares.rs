//! Share capital: subscriptions within the bylaws, instalments posted to the books,
//! transfers and redemptions approved by a leader, the register that cannot be edited,
//! certificates, an imported register, and a member's exit.

use serde_json::{Value, json};

use crate::both;
use crate::common::*;

const SHARES: &str = "/api/v1/orgs/dura-sundari/shares";

fn holder(all: &Value, number: &str) -> (i64, i64) {
    all["holders"]
        .as_array()
        .unwrap()
        .iter()
        .find(|h| h["member_number"] == number)
        .map_or((0, 0), |h| (h["shares"].as_i64().unwrap(), h["paid"].as_i64().unwrap()))
}

async fn register_lines(app: &TestApp) -> i64 {
    app.count("SELECT COUNT(*) FROM share_register r JOIN orgs o ON o.id = r.org_id WHERE o.slug = 'dura-sundari'")
        .await
}

async fn entries(app: &TestApp) -> i64 {
    app.count("SELECT COUNT(*) FROM journal_entries").await
}

async fn shares_are_subscribed_paid_moved_and_bought_back(app: TestApp) {
    let token = app.token(DS_LEADER, "dura-sundari").await;
    let (_, before) = app.api_get(&token, SHARES).await;
    let par = before["par_value"].as_i64().unwrap();
    assert_eq!(par, 10_000, "₹100 a share");
    let (s5, p5) = holder(&before, "5");
    let (s6, p6) = holder(&before, "6");
    assert!(s5 > 0 && p5 > 0, "the demo register has member 5's shares");

    // The treasurer takes a subscription and an instalment through the pages.
    let t = app.login(DS_TREASURER).await;
    let csrf = app.csrf(&t, "/o/dura-sundari/shares").await;
    let r = app
        .post(
            &t,
            "/o/dura-sundari/shares/subscribe",
            &[
                ("csrf", &csrf),
                ("action", "subscribe"),
                ("member_number", "5"),
                ("shares", "2"),
            ],
        )
        .await;
    assert_eq!(r.status(), 303);
    let (lines, books) = (register_lines(&app).await, entries(&app).await);
    let r = app
        .post(
            &t,
            "/o/dura-sundari/shares/subscribe",
            &[
                ("csrf", &csrf),
                ("action", "subscribe"),
                ("member_number", "5"),
                ("shares", "60"),
            ],
        )
        .await;
    assert_eq!(r.status(), 422);
    assert!(r.text().await.unwrap().contains("more shares than the bylaws allow"));
    let r = app
        .post(
            &t,
            "/o/dura-sundari/shares/pay",
            &[
                ("csrf", &csrf),
                ("action", "pay"),
                ("member_number", "5"),
                ("amount", "100"),
                ("till", "cash"),
            ],
        )
        .await;
    assert_eq!(r.status(), 303);
    assert_eq!(register_lines(&app).await, lines + 1);
    assert_eq!(entries(&app).await, books + 1, "an instalment posts one entry");
    // More than she owes is refused, nothing posted.
    let owed = (s5 + 2) * par - p5 - 10_000;
    let too_much = format!("{}", owed / 100 + 1);
    let r = app
        .post(
            &t,
            "/o/dura-sundari/shares/pay",
            &[
                ("csrf", &csrf),
                ("action", "pay"),
                ("member_number", "5"),
                ("amount", &too_much),
            ],
        )
        .await;
    assert_eq!(r.status(), 422);
    assert_eq!(entries(&app).await, books + 1);
    // A treasurer cannot approve a transfer.
    let r = app
        .post(
            &t,
            "/o/dura-sundari/shares/transfer",
            &[
                ("csrf", &csrf),
                ("member_number", "5"),
                ("to_number", "6"),
                ("shares", "1"),
            ],
        )
        .await;
    assert_eq!(r.status(), 403);

    // The leader approves a transfer and a redemption.
    let l = app.login(DS_LEADER).await;
    let csrf = app.csrf(&l, "/o/dura-sundari/shares").await;
    let r = app
        .post(
            &l,
            "/o/dura-sundari/shares/transfer",
            &[
                ("csrf", &csrf),
                ("action", "transfer"),
                ("member_number", "5"),
                ("to_number", "6"),
                ("shares", "1"),
            ],
        )
        .await;
    assert_eq!(r.status(), 303);
    let r = app
        .post(
            &l,
            "/o/dura-sundari/shares/transfer",
            &[
                ("csrf", &csrf),
                ("action", "transfer"),
                ("member_number", "5"),
                ("to_number", "999"),
                ("shares", "1"),
            ],
        )
        .await;
    assert_eq!(r.status(), 422, "a transfer to a non-member");
    assert!(r.text().await.unwrap().contains("is not a member"));
    let r = app
        .post(
            &l,
            "/o/dura-sundari/shares/redeem",
            &[
                ("csrf", &csrf),
                ("action", "redeem"),
                ("member_number", "6"),
                ("shares", "1"),
                ("till", "cash"),
            ],
        )
        .await;
    assert_eq!(r.status(), 303);
    let (_, after) = app.api_get(&token, SHARES).await;
    assert_eq!(holder(&after, "5"), (s5 + 2 - 1, p5 + 10_000 - par));
    assert_eq!(holder(&after, "6"), (s6 + 1 - 1, p6 + par - par));
    assert_eq!(
        after["paid"].as_i64().unwrap(),
        before["paid"].as_i64().unwrap() + 10_000 - par
    );

    // The register: numbered lines in order, downloadable, and never edited.
    let register = app.text(&l, "/o/dura-sundari/reports/share-register").await;
    assert!(register.contains("Share register") && register.contains("Subscription"));
    let csv = app.text(&l, "/o/dura-sundari/reports/share-register?format=csv").await;
    assert!(csv.contains("Transfer") && csv.contains("Redemption"));
    let numbers: Vec<i64> = csv
        .lines()
        .skip(1)
        .filter_map(|l| l.split(',').next()?.parse().ok())
        .collect();
    assert!(numbers.len() as i64 == register_lines(&app).await && numbers.windows(2).all(|w| w[1] == w[0] + 1));
    assert!(
        !app.try_exec("UPDATE share_register SET shares = 40 WHERE seq = 1")
            .await,
        "the register cannot be edited"
    );
    assert!(
        !app.try_exec("DELETE FROM share_register WHERE seq = 1").await,
        "nor cut"
    );
    // The books agree with the register: share capital is what members paid.
    let capital = app
        .count("SELECT CAST(-SUM(p.amount) AS BIGINT) FROM postings p JOIN accounts a ON a.id = p.account_id JOIN orgs o ON o.id = a.org_id WHERE o.slug = 'dura-sundari' AND a.code LIKE '3100-M%'")
        .await;
    assert_eq!(capital, after["paid"].as_i64().unwrap());

    // Her certificate, which she can open herself.
    let m = app.login(DS_MEMBER).await;
    let id = holder_id(&after, "5");
    let cert = app.text(&m, &format!("/o/dura-sundari/shares/certificate/{id}")).await;
    assert!(cert.contains("Share certificate") && cert.contains(&format!("holds {} shares", s5 + 1)));
    let other = holder_id(&after, "6");
    let r = m
        .get(app.url(&format!("/o/dura-sundari/shares/certificate/{other}")))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403, "another member's certificate is hers alone");
}
both!(shares_are_subscribed_paid_moved_and_bought_back);

fn holder_id(all: &Value, number: &str) -> i64 {
    all["holders"]
        .as_array()
        .unwrap()
        .iter()
        .find(|h| h["member_number"] == number)
        .unwrap()["member_id"]
        .as_i64()
        .unwrap()
}

async fn the_api_refuses_what_the_bylaws_do_not_allow(app: TestApp) {
    let token = app.token(DS_LEADER, "dura-sundari").await;
    let treasurer = app.token(DS_TREASURER, "dura-sundari").await;
    let (lines, books) = (register_lines(&app).await, entries(&app).await);
    for (path, who, body, message) in [
        (
            "subscriptions",
            &treasurer,
            json!({"member_number": "5", "shares": 51}),
            "shares-over-max",
        ),
        (
            "subscriptions",
            &treasurer,
            json!({"member_number": "5", "shares": 0}),
            "shares-count-invalid",
        ),
        (
            "subscriptions",
            &treasurer,
            json!({"member_number": "404", "shares": 1}),
            "shares-not-a-member",
        ),
        (
            "payments",
            &treasurer,
            json!({"member_number": "5", "amount": -5}),
            "amount-not-positive",
        ),
        (
            "transfers",
            &token,
            json!({"member_number": "5", "to_number": "5", "shares": 1}),
            "shares-transfer-self",
        ),
        (
            "transfers",
            &token,
            json!({"member_number": "5", "to_number": "nobody", "shares": 1}),
            "shares-not-a-member",
        ),
        (
            "transfers",
            &token,
            json!({"member_number": "5", "to_number": "6", "shares": 40}),
            "shares-not-paid-up",
        ),
        (
            "redemptions",
            &token,
            json!({"member_number": "2", "shares": 3}),
            "shares-not-paid-up",
        ),
    ] {
        let (status, answer) = app.api_post(who, &format!("{SHARES}/{path}"), body.clone()).await;
        assert_eq!(status, 422, "{path} {body}");
        assert!(answer.to_string().contains(message), "{path} {body}: {answer}");
    }
    assert_eq!(
        (register_lines(&app).await, entries(&app).await),
        (lines, books),
        "nothing changed"
    );
    let member = app.token(DS_MEMBER, "dura-sundari").await;
    let (status, _) = app
        .api_post(
            &member,
            &format!("{SHARES}/subscriptions"),
            json!({"member_number": "5", "shares": 1}),
        )
        .await;
    assert_eq!(status, 403, "a member does not keep the register");
}
both!(the_api_refuses_what_the_bylaws_do_not_allow);

async fn a_register_is_imported_after_a_preview(app: TestApp) {
    let l = app.login(DS_LEADER).await;
    let csrf = app.csrf(&l, "/o/dura-sundari/shares/import").await;
    let lines = register_lines(&app).await;
    let broken = "member_number,date,shares,paid\n5,2026-02-30,2,100.00\n404,2026-01-10,1,0\n7,2026-01-10,two,0\n8,2026-01-10,1,500.00";
    let r = app
        .post(
            &l,
            "/o/dura-sundari/shares/import",
            &[("csrf", &csrf), ("csv", broken), ("step", "import")],
        )
        .await;
    assert_eq!(r.status(), 422);
    let page = r.text().await.unwrap();
    assert!(
        page.contains("Write a real date")
            && page.contains("is not a member")
            && page.contains("more than the shares are worth")
    );
    assert_eq!(
        register_lines(&app).await,
        lines,
        "a file with broken rows changes nothing"
    );
    let good = "member_number,date,shares,paid\n7,2026-01-10,2,150.00\n8,2026-01-11,1,0";
    let r = app
        .post(
            &l,
            "/o/dura-sundari/shares/import",
            &[("csrf", &csrf), ("csv", good), ("step", "preview")],
        )
        .await;
    assert_eq!(r.status(), 200);
    assert!(r.text().await.unwrap().contains("Import these lines"));
    assert_eq!(register_lines(&app).await, lines, "a preview changes nothing");
    let r = app
        .post(
            &l,
            "/o/dura-sundari/shares/import",
            &[("csrf", &csrf), ("csv", good), ("step", "import")],
        )
        .await;
    assert_eq!(r.status(), 303);
    assert_eq!(
        register_lines(&app).await,
        lines + 3,
        "two subscriptions and one payment"
    );
}
both!(a_register_is_imported_after_a_preview);

async fn a_member_leaves_with_her_shares_and_savings(app: TestApp) {
    let token = app.token(DS_LEADER, "dura-sundari").await;
    let (_, all) = app.api_get(&token, SHARES).await;
    let seven = holder_id(&all, "7");
    let (_, paid) = holder(&all, "7");
    let l = app.login(DS_LEADER).await;
    let page = app.text(&l, &format!("/o/dura-sundari/members/{seven}/exit")).await;
    assert!(page.contains("Paid to her"));
    // She still owes for thread bought together on her account: that comes first.
    let owes = app
        .count("SELECT CAST(COALESCE(SUM(p.amount), 0) AS BIGINT) FROM postings p JOIN accounts a ON a.id = p.account_id JOIN memberships m ON m.id = a.member_id WHERE a.code LIKE '1300-M%' AND m.member_number = '7' AND m.org_id = (SELECT id FROM orgs WHERE slug = 'dura-sundari')")
        .await;
    if owes > 0 {
        let books = entries(&app).await;
        let (status, out) = app
            .api_post(
                &token,
                &format!("/api/v1/orgs/dura-sundari/members/{seven}/exit"),
                json!({"reason": "Moved to Surat"}),
            )
            .await;
        if status == 422 {
            assert!(out.to_string().contains("exit-owes"));
            assert_eq!(entries(&app).await, books, "nothing posted");
        }
        let t = app.login(DS_TREASURER).await;
        let csrf = app.csrf(&t, "/o/dura-sundari/books/cashbook").await;
        let amount = format!("{}.{:02}", owes / 100, owes % 100);
        let r = app
            .post(
                &t,
                "/o/dura-sundari/books/cashbook",
                &[
                    ("csrf", &csrf),
                    ("purpose", "member-pays-dues"),
                    ("amount", &amount),
                    ("member_number", "7"),
                    ("confirmed_member", "7"),
                    ("till", "cash"),
                ],
            )
            .await;
        assert_eq!(r.status(), 303);
    }
    let (status, out) = app
        .api_post(
            &token,
            &format!("/api/v1/orgs/dura-sundari/members/{seven}/exit"),
            json!({"reason": "Moved to Surat"}),
        )
        .await;
    assert_eq!(status, 201, "{out}");
    assert_eq!(out["share_capital"].as_i64().unwrap(), paid);
    assert!(
        out["savings"].as_i64().unwrap() > 0 && out["net"].as_i64().unwrap() == paid + out["savings"].as_i64().unwrap()
    );
    let left = app
        .count("SELECT CAST(COALESCE(SUM(p.amount), 0) AS BIGINT) FROM postings p JOIN accounts a ON a.id = p.account_id JOIN memberships m ON m.id = a.member_id WHERE m.member_number = '7' AND m.org_id = (SELECT id FROM orgs WHERE slug = 'dura-sundari')")
        .await;
    assert_eq!(left, 0, "her accounts are settled");
    let page = app.text(&l, &format!("/o/dura-sundari/members/{seven}")).await;
    assert!(page.contains("Exited") && page.contains("Moved to Surat"));
    let (status, _) = app
        .api_post(
            &token,
            &format!("/api/v1/orgs/dura-sundari/members/{seven}/exit"),
            json!({"reason": "again"}),
        )
        .await;
    assert_eq!(status, 422, "she has left already");
    // A member with a loan running settles it first.
    let six = holder_id(&all, "6");
    let books = entries(&app).await;
    let (status, out) = app
        .api_post(
            &token,
            &format!("/api/v1/orgs/dura-sundari/members/{six}/exit"),
            json!({"reason": "Leaving"}),
        )
        .await;
    assert_eq!(status, 422);
    assert!(out.to_string().contains("exit-loan-open"));
    assert_eq!(entries(&app).await, books);
}
both!(a_member_leaves_with_her_shares_and_savings);
