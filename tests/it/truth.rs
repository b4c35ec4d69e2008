//! The rules a treasurer expects: tills never below zero, nothing dated after today unless
//! planned, loans paid out only after they were approved, rounds run by their
//! coordinator, and a raised request queued behind those made before it.

use serde_json::json;

use crate::both;
use crate::common::*;

const API: &str = "/api/v1/orgs/dura-sundari";
const DS_COORDINATOR: &str = "+919825000003";

fn day(offset: i64) -> String {
    tejido::db::iso_day(time::OffsetDateTime::now_utc().date() + time::Duration::days(offset))
}

async fn entries(app: &TestApp) -> i64 {
    app.count("SELECT COUNT(*) FROM journal_entries").await
}

/// Cash in hand never goes below zero; a payment beyond it is refused in words, whole.
async fn a_till_never_goes_below_zero(app: TestApp) {
    let treasurer = app.token(DS_TREASURER, "dura-sundari").await;
    let cash: i64 = app
        .one("SELECT CAST(balance AS TEXT) FROM account_balances WHERE account_id = (SELECT a.id FROM accounts a JOIN orgs o ON o.id = a.org_id WHERE o.slug = 'dura-sundari' AND a.code = '1100')".into())
        .await
        .parse()
        .unwrap();
    assert!(cash > 0, "the demo's cash is never negative: {cash}");
    let before = entries(&app).await;
    let entry = |amount: i64| {
        json!({"date": day(0), "description": "Rent", "postings": [
            {"account": "5300", "amount": amount}, {"account": "1100", "amount": -amount}]})
    };
    let (status, body) = app
        .api_post(&treasurer, &format!("{API}/entries"), entry(cash + 1))
        .await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(body["errors"][0]["code"], "till-short-cash", "{body}");
    assert_eq!(entries(&app).await, before, "nothing was posted");
    // Exactly what is there may go.
    let (status, body) = app.api_post(&treasurer, &format!("{API}/entries"), entry(cash)).await;
    assert_eq!(status, 201, "{body}");
    // The cash book page says it in her language.
    let c = app.login_in_own_language(DS_TREASURER).await;
    let csrf = app.csrf(&c, "/o/dura-sundari/books/cashbook").await;
    let r = app
        .post(
            &c,
            "/o/dura-sundari/books/cashbook",
            &[
                ("csrf", &csrf),
                ("purpose", "rent-paid"),
                ("amount", "10"),
                ("till", "cash"),
                ("date", &day(0)),
                ("description", "Rent"),
            ],
        )
        .await;
    assert_eq!(r.status(), 422);
    let page = r.text().await.unwrap();
    assert!(page.contains("ગલ્લામાં એટલી રોકડ નથી"), "{page:.3000}");
}
both!(a_till_never_goes_below_zero);

/// An entry dated after today is refused unless the treasurer confirms it as planned;
/// the demo holds nothing dated after today.
async fn nothing_is_dated_after_today_unless_planned(app: TestApp) {
    let future = app
        .count_of(format!(
            "SELECT COUNT(*) FROM journal_entries WHERE entry_date > '{}'",
            day(1)
        ))
        .await;
    assert_eq!(future, 0, "the demo posts nothing in the future");
    let treasurer = app.token(DS_TREASURER, "dura-sundari").await;
    let entry = |planned: bool| {
        json!({"date": day(30), "description": "Rent for next month", "planned": planned, "postings": [
            {"account": "5300", "amount": 100}, {"account": "1110", "amount": -100}]})
    };
    let (status, body) = app.api_post(&treasurer, &format!("{API}/entries"), entry(false)).await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(body["errors"][0]["code"], "entry-future-date");
    let (status, body) = app.api_post(&treasurer, &format!("{API}/entries"), entry(true)).await;
    assert_eq!(status, 201, "{body}");
    // A savings deposit cannot be dated ahead.
    let (status, body) = app
        .api_post(
            &treasurer,
            &format!("{API}/savings/deposits"),
            json!({"member_number": "6", "amount": 500, "date": day(3)}),
        )
        .await;
    assert_eq!(status, 422, "{body}");
}
both!(nothing_is_dated_after_today_unless_planned);

/// A loan is paid out on or after the day it was applied for and approved, and repaid on
/// or after it was paid out.
async fn a_loan_is_paid_out_only_after_it_was_approved(app: TestApp) {
    let leader = app.token(DS_LEADER, "dura-sundari").await;
    let treasurer = app.token(DS_TREASURER, "dura-sundari").await;
    let product: i64 = app
        .one("SELECT CAST(MIN(p.id) AS TEXT) FROM loan_products p JOIN orgs o ON o.id = p.org_id WHERE o.slug = 'dura-sundari'".into())
        .await
        .parse()
        .unwrap();
    let (status, loan) = app
        .api_post(
            &leader,
            &format!("{API}/loans"),
            json!({"member_number": "12", "product_id": product, "principal": 100, "purpose": "Thread"}),
        )
        .await;
    assert_eq!(status, 201, "{loan}");
    let id = loan["id"].as_i64().unwrap();
    let (status, body) = app
        .api_post(&leader, &format!("{API}/loans/{id}/approve"), json!({}))
        .await;
    assert_eq!(status, 200, "{body}");
    let before = entries(&app).await;
    let (status, body) = app
        .api_post(
            &treasurer,
            &format!("{API}/loans/{id}/disburse"),
            json!({"date": day(-60), "till": "cash"}),
        )
        .await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(body["errors"][0]["code"], "loan-date-before-approval");
    assert_eq!(entries(&app).await, before);
    let (status, body) = app
        .api_post(
            &treasurer,
            &format!("{API}/loans/{id}/disburse"),
            json!({"till": "cash"}),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    let (status, body) = app
        .api_post(
            &treasurer,
            &format!("{API}/loans/{id}/repay"),
            json!({"date": day(-1), "amount": 10, "till": "cash"}),
        )
        .await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(body["errors"][0]["code"], "loan-repaid-before-disbursed");
    // The demo's loans were all applied for before they were paid out.
    let bad = app
        .count("SELECT COUNT(*) FROM loans WHERE disbursed_on < applied_on OR disbursed_on < approved_on")
        .await;
    assert_eq!(bad, 0);
}
both!(a_loan_is_paid_out_only_after_it_was_approved);

/// A coordinator runs a round, and a member who raises her request late queues the raise
/// behind the requests made before it.
async fn a_coordinator_runs_a_round_and_a_raise_queues(app: TestApp) {
    let coordinator = app.token(DS_COORDINATOR, "dura-sundari").await;
    let (s, sup) = app
        .api_post(&coordinator, &format!("{API}/suppliers"), json!({"name": "Reel house"}))
        .await;
    assert_eq!(s, 201, "{sup}");
    let sup = sup["id"].as_i64().unwrap();
    let article = json!({"code": "R10", "name": "Reel", "unit": "reel", "pack_size": 10, "pack_price": 20000, "min_packs": 1, "category": "thread", "retail_price": 2500});
    let (s, a) = app
        .api_post(&coordinator, &format!("{API}/suppliers/{sup}/articles"), article)
        .await;
    assert_eq!(s, 201, "{a}");
    let article = a["id"].as_i64().unwrap();
    let (s, r) = app
        .api_post(&coordinator, &format!("{API}/rounds"), json!({"title": "Reels", "suppliers": [sup], "closes_at": day(5), "collection_on": day(8), "collection_place": "Office", "rule": "first_come"}))
        .await;
    assert_eq!(s, 201, "{r}");
    let round = format!("{API}/rounds/{}", r["id"].as_i64().unwrap());
    let (s, body) = app.api_post(&coordinator, &format!("{round}/open"), json!({})).await;
    assert_eq!(s, 200, "{body}");
    // She asks 1 first; another asks 9; she raises to 12 (2 packs: 1 + 9 + 10 of her 11).
    let ask = async |number: &str, q: i64| {
        let body = json!({"member_number": number, "wants": [{"article_id": article, "quantity": q}]});
        let (s, answer) = app.api_post(&coordinator, &format!("{round}/requests"), body).await;
        assert_eq!(s, 204, "{answer}");
    };
    ask("10", 1).await;
    ask("11", 9).await;
    ask("10", 12).await;
    // A third asks 8 after the raise: 21 + 8 = 29 reels make 2 packs, 20 reels.
    ask("13", 8).await;
    let (s, closed) = app.api_post(&coordinator, &format!("{round}/close"), json!({})).await;
    assert_eq!(s, 200, "{closed}");
    let units = |n: &str| {
        closed["allocations"]
            .as_array()
            .unwrap()
            .iter()
            .find(|a| a["member_number"] == n)
            .map_or(0, |a| a["items"][0][1].as_i64().unwrap())
    };
    // Her first reel, then the other's 9, then her raise: 10 of 11; the last one waits.
    assert_eq!((units("10"), units("11"), units("13")), (11, 9, 0), "{closed}");
}
both!(a_coordinator_runs_a_round_and_a_raise_queues);

/// A loan's position and the portfolio at risk as of a date count no repayment dated
/// after it, and no loan paid out after it.
async fn loan_positions_are_as_of_a_date(app: TestApp) {
    let mut tx = app.db.begin().await.unwrap();
    let org = tejido::orgs::by_slug(&mut tx, "dura-sundari").await.unwrap().unwrap();
    let outstanding = |p: &[tejido::loans::service::Position]| -> i64 {
        p.iter()
            .filter(|p| p.loan.status == "disbursed")
            .map(|p| p.outstanding_principal)
            .sum()
    };
    let (now, _) = tejido::loans::service::portfolio(&mut tx, &org, &org.today())
        .await
        .unwrap();
    let last_repaid = app
        .one("SELECT MAX(e.entry_date) FROM journal_entries e JOIN orgs o ON o.id = e.org_id WHERE o.slug = 'dura-sundari' AND e.source = 'loan-repayment'".into())
        .await;
    let before = tejido::db::iso_day(tejido::db::parse_day(&last_repaid).unwrap() - time::Duration::days(1));
    let (then, _) = tejido::loans::service::portfolio(&mut tx, &org, &before).await.unwrap();
    assert!(
        outstanding(&then) > outstanding(&now),
        "the day before the last repayment more was owed: {} then, {} now",
        outstanding(&then),
        outstanding(&now)
    );
    let (long_ago, par) = tejido::loans::service::portfolio(&mut tx, &org, "2020-01-01")
        .await
        .unwrap();
    assert_eq!(outstanding(&long_ago), 0, "no loan was out in 2020");
    assert_eq!(par, 0);
}
both!(loan_positions_are_as_of_a_date);
