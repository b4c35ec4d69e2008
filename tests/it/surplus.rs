//! Year-end surplus sharing: preview, proposal, a leader's approval, the entries it posts.

use crate::both;
use crate::common::*;

async fn balance_of(app: &TestApp, code: &'static str) -> i64 {
    let sql: &'static str = match code {
        "3200" => {
            "SELECT CAST(COALESCE(SUM(p.amount), 0) AS BIGINT) FROM postings p JOIN accounts a ON a.id = p.account_id WHERE a.code = '3200' AND a.org_id = (SELECT id FROM orgs WHERE slug = 'dura-sundari')"
        }
        "3400" => {
            "SELECT CAST(COALESCE(SUM(p.amount), 0) AS BIGINT) FROM postings p JOIN accounts a ON a.id = p.account_id WHERE a.code = '3400' AND a.org_id = (SELECT id FROM orgs WHERE slug = 'dura-sundari')"
        }
        _ => {
            "SELECT CAST(COALESCE(SUM(p.amount), 0) AS BIGINT) FROM postings p JOIN accounts a ON a.id = p.account_id WHERE a.kind IN ('income', 'expense') AND a.org_id = (SELECT id FROM orgs WHERE slug = 'dura-sundari')"
        }
    };
    app.count(sql).await
}

async fn a_years_surplus_is_shared_after_a_leaders_approval(app: TestApp) {
    let t = app.login(DS_TREASURER).await;
    let through = (time::OffsetDateTime::now_utc().date() - time::Duration::days(1)).to_string();
    let query = format!(
        "from=2000-01-01&through={through}&reserve=25&education=1&interest=5&measure=equal&destination=savings"
    );
    let preview = app.text(&t, &format!("/o/dura-sundari/surplus?{query}")).await;
    assert!(preview.contains("Refunds to members") && preview.contains("Hansaben Patel"));
    let surplus = -balance_of(&app, "income-expense").await;
    // The demo closed last year already; its reserve is there before this year's.
    let reserve_before = -balance_of(&app, "3200").await;
    assert!(surplus > 0, "the demo year ends with a surplus");
    let csrf = app.csrf(&t, "/o/dura-sundari/surplus").await;
    let form = [
        ("csrf", csrf.as_str()),
        ("from", "2000-01-01"),
        ("through", through.as_str()),
        ("reserve", "25"),
        ("education", "1"),
        ("interest", "5"),
        ("measure", "equal"),
        ("destination", "savings"),
    ];
    let mut bad = form;
    bad[3] = ("reserve", "120");
    assert_eq!(app.post(&t, "/o/dura-sundari/surplus", &bad).await.status(), 422);
    assert_eq!(app.post(&t, "/o/dura-sundari/surplus", &form).await.status(), 303);
    let leader = app.login(DS_LEADER).await;
    let page = app.text(&leader, "/o/dura-sundari/surplus").await;
    let action = page
        .split("action=\"")
        .find(|s| s.contains("/approve"))
        .and_then(|s| s.split('"').next())
        .unwrap()
        .to_string();
    assert_eq!(
        app.post(&t, &action, &[("csrf", csrf.as_str())]).await.status(),
        403,
        "a treasurer proposes, a leader approves"
    );
    let lcsrf = app.csrf(&leader, "/o/dura-sundari/surplus").await;
    assert_eq!(
        app.post(&leader, &action, &[("csrf", lcsrf.as_str())]).await.status(),
        303
    );
    // Income and expenses are closed; a quarter of the surplus is in the reserve.
    assert_eq!(balance_of(&app, "income-expense").await, 0);
    // Rounded up: the reserve is never a fraction of a paisa below a quarter.
    assert_eq!(-balance_of(&app, "3200").await - reserve_before, (surplus + 3) / 4);
    assert!(
        -balance_of(&app, "3400").await < 54,
        "all but a few paise of rounding is shared"
    );
    // The year is closed: nothing more can be dated in it; approving twice is refused.
    let r = app
        .post(
            &t,
            "/o/dura-sundari/books/cashbook",
            &[
                ("csrf", app.csrf(&t, "/o/dura-sundari/books/cashbook").await.as_str()),
                ("purpose", "rent-paid"),
                ("amount", "10"),
                ("date", through.as_str()),
            ],
        )
        .await;
    assert_eq!(r.status(), 422);
    assert_eq!(
        app.post(&leader, &action, &[("csrf", lcsrf.as_str())]).await.status(),
        422
    );
    // Each member sees her refund in her savings.
    let her = app.login(DS_MEMBER).await;
    let members = app.text(&t, "/o/dura-sundari/members?q=%2B919825000005").await;
    let passbook = app
        .text(&her, &format!("{}/passbook", member_link(&members, "dura-sundari")))
        .await;
    assert!(
        passbook.contains("નફો વહેંચાયો"),
        "the entry is written in the organisation's language"
    );
    let mut tx = app.db.begin().await.unwrap();
    let org = tejido::orgs::by_slug(&mut tx, "dura-sundari").await.unwrap().unwrap();
    assert!(tejido::ledger::verify(&mut tx, &org).await.unwrap().is_ok());
}
both!(a_years_surplus_is_shared_after_a_leaders_approval);
