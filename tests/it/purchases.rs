//! Buying together: a round from members' requests to settled books, requests racing the
//! closing, price lists, and the pages members use.

use serde_json::{Value, json};

use crate::both;
use crate::common::*;

const API: &str = "/api/v1/orgs/dura-sundari";

fn day(offset: i64) -> String {
    tejido::db::iso_day(time::OffsetDateTime::now_utc().date() + time::Duration::days(offset))
}

fn login(n: usize) -> String {
    format!("+9198250000{n:02}")
}

/// A supplier with one article, reels in boxes of 10 at ₹200, ₹25 a reel at retail:
/// (supplier, article).
async fn reel_supplier(app: &TestApp, token: &str, name: &str) -> (i64, i64) {
    let (s, sup) = app
        .api_post(token, &format!("{API}/suppliers"), json!({"name": name}))
        .await;
    assert_eq!(s, 201);
    let sup = sup["id"].as_i64().unwrap();
    let article = json!({"code": "R10", "name": "Reel, black", "unit": "reel", "pack_size": 10, "pack_price": 20000, "min_packs": 1, "category": "thread", "retail_price": 2500});
    let (s, a) = app
        .api_post(token, &format!("{API}/suppliers/{sup}/articles"), article)
        .await;
    assert_eq!(s, 201);
    (sup, a["id"].as_i64().unwrap())
}

/// Such a supplier and an open round offering its reels: (round, article).
async fn open_round(app: &TestApp, token: &str, rule: &str) -> (i64, i64) {
    let (sup, article) = reel_supplier(app, token, "Kalupur thread house").await;
    let (s, r) = app
        .api_post(token, &format!("{API}/rounds"), json!({"title": "Black reels", "suppliers": [sup], "closes_at": day(5), "collection_on": day(8), "collection_place": "Office", "rule": rule}))
        .await;
    assert_eq!(s, 201, "{r}");
    let id = r["id"].as_i64().unwrap();
    let (s, _) = app.api_post(token, &format!("{API}/rounds/{id}/open"), json!({})).await;
    assert_eq!(s, 200);
    (id, article)
}

fn allocation(round: &Value, number: &str) -> Value {
    round["allocations"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["member_number"] == number)
        .cloned()
        .unwrap_or(Value::Null)
}

async fn a_round_goes_from_requests_to_settled_books(app: TestApp) {
    let token = app.token(DS_LEADER, "dura-sundari").await;
    let (id, article) = open_round(&app, &token, "first_come").await;
    let round = format!("{API}/rounds/{id}");
    let t10 = app.token(&login(10), "dura-sundari").await;
    let t11 = app.token(&login(11), "dura-sundari").await;
    // 13 reels plain, 4 more with 3 tolerated: 17 + 3 make two boxes.
    let ask = |q: i64, t: i64| json!({"wants": [{"article_id": article, "quantity": q, "tolerance": t}]});
    assert_eq!(
        app.api_post(&t10, &format!("{round}/requests"), ask(13, 0)).await.0,
        204
    );
    assert_eq!(app.api_post(&t11, &format!("{round}/requests"), ask(4, 3)).await.0, 204);
    // Bad requests change nothing.
    let requests = app.count("SELECT COUNT(*) FROM purchase_requests").await;
    let demo_article = app.count("SELECT MIN(id) FROM articles").await;
    for bad in [
        ask(-1, 0),
        json!({"wants": [{"article_id": demo_article, "quantity": 2}]}),
        json!({"wants": [{"article_id": article, "quantity": 2.5}]}),
    ] {
        let (s, out) = app.api_post(&t10, &format!("{round}/requests"), bad.clone()).await;
        assert!(s == 422 || s == 400, "{bad}: {out}");
    }
    assert_eq!(app.count("SELECT COUNT(*) FROM purchase_requests").await, requests);
    let (s, r) = app.api_post(&token, &format!("{round}/close"), json!({})).await;
    assert_eq!(s, 200);
    assert_eq!(r["lines"][0]["packs"], 2);
    assert_eq!(allocation(&r, "10")["items"][0][2], 13);
    assert_eq!(allocation(&r, "11")["items"][0][2], 7, "her 4 and 3 of her tolerance");
    assert_eq!(r["lines"][0]["to_stock"], 0);
    let (s, _) = app.api_post(&t10, &format!("{round}/requests"), ask(20, 0)).await;
    assert_eq!(s, 422, "no request after closing");
    // The order goes out; 18 reels come. More than ordered is refused unless accepted.
    assert_eq!(app.api_post(&token, &format!("{round}/order"), json!({})).await.0, 200);
    let books = app.count("SELECT COUNT(*) FROM journal_entries").await;
    let (s, _) = app
        .api_post(
            &token,
            &format!("{round}/receive"),
            json!({"received": [{"article_id": article, "units": 25, "pack_price": 20000}]}),
        )
        .await;
    assert_eq!(s, 422);
    assert_eq!(
        app.count("SELECT COUNT(*) FROM journal_entries").await,
        books,
        "nothing posted"
    );
    let (s, r) = app
        .api_post(
            &token,
            &format!("{round}/receive"),
            json!({"received": [{"article_id": article, "units": 18, "pack_price": 20000}]}),
        )
        .await;
    assert_eq!(s, 200, "{r}");
    assert_eq!(r["invoice"], 36_000);
    let eleven = allocation(&r, "11");
    assert_eq!(
        (eleven["items"][0][1].as_i64(), eleven["items"][0][2].as_i64()),
        (Some(7), Some(5)),
        "the shortfall is hers under first come"
    );
    // Sharing out: on account and in cash; a second collection is refused.
    let ten = allocation(&r, "10");
    assert_eq!(
        (ten["charge"].as_i64(), ten["retail"].as_i64(), ten["saving"].as_i64()),
        (Some(27_300), Some(32_500), Some(5_200))
    );
    assert_eq!(
        app.api_post(&token, &format!("{round}/collect"), json!({"member_number": "10"}))
            .await
            .0,
        200
    );
    assert_eq!(
        app.api_post(
            &token,
            &format!("{round}/collect"),
            json!({"member_number": "11", "paid": "cash"})
        )
        .await
        .0,
        200
    );
    let (s, out) = app
        .api_post(
            &token,
            &format!("{round}/collect"),
            json!({"member_number": "11", "paid": "cash"}),
        )
        .await;
    assert_eq!(s, 422);
    assert!(out.to_string().contains("round-collected-twice"));
    assert_eq!(
        app.api_post(&token, &format!("{round}/settle"), json!({})).await.0,
        422,
        "not shared out yet"
    );
    assert_eq!(app.api_post(&token, &format!("{round}/finish"), json!({})).await.0, 200);
    assert_eq!(
        app.api_post(&token, &format!("{round}/settle"), json!({})).await.0,
        422,
        "the supplier is not paid"
    );
    assert_eq!(
        app.api_post(&token, &format!("{round}/pay"), json!({"till": "bank"}))
            .await
            .0,
        200
    );
    let (s, r) = app.api_post(&token, &format!("{round}/settle"), json!({})).await;
    assert_eq!((s, r["status"].as_str()), (200, Some("settled")));
    assert_eq!(r["saving"], 5_200 + 2_000);
    // The books balance to the minor unit: stock in at cost, out at cost to members.
    let round_postings = app
        .count("SELECT CAST(COALESCE(SUM(p.amount), 0) AS BIGINT) FROM postings p JOIN journal_entries e ON e.id = p.entry_id WHERE e.source LIKE 'purchase-%' AND e.source_id = (SELECT MAX(id) FROM purchase_rounds)")
        .await;
    assert_eq!(round_postings, 0);
    let stock = app
        .count("SELECT CAST(COALESCE(SUM(p.amount), 0) AS BIGINT) FROM postings p JOIN journal_entries e ON e.id = p.entry_id JOIN accounts a ON a.id = p.account_id WHERE a.code = '1200' AND e.source LIKE 'purchase-%' AND e.source_id = (SELECT MAX(id) FROM purchase_rounds)")
        .await;
    assert_eq!(stock, 0, "every reel went to a member");
    let margin = app
        .count("SELECT CAST(-COALESCE(SUM(p.amount), 0) AS BIGINT) FROM postings p JOIN journal_entries e ON e.id = p.entry_id JOIN accounts a ON a.id = p.account_id WHERE a.code = '4200' AND e.source_id = (SELECT MAX(id) FROM purchase_rounds) AND e.source = 'purchase-collection'")
        .await;
    assert_eq!(margin, 1_300 + 500);
    // Her passbook counts the saving.
    let (_, all) = app.api_get(&token, &format!("{API}/members?q=%2B919825000010")).await;
    let her = all["items"][0]["id"].as_i64().unwrap();
    let (s, pb) = app.api_get(&t10, &format!("{API}/members/{her}/passbook")).await;
    assert_eq!(s, 200, "{pb}");
    assert!(pb["bought_together_retail"].as_i64().unwrap() - pb["bought_together_paid"].as_i64().unwrap() >= 5_200);
}
both!(a_round_goes_from_requests_to_settled_books);

async fn an_order_below_the_suppliers_minimum_is_not_sent(app: TestApp) {
    let token = app.token(DS_LEADER, "dura-sundari").await;
    let (s, sup) = app
        .api_post(
            &token,
            &format!("{API}/suppliers"),
            json!({"name": "Wholesale only", "min_order": 1_000_000}),
        )
        .await;
    assert_eq!(s, 201);
    let sup = sup["id"].as_i64().unwrap();
    let article = json!({"code": "B1", "name": "Bale of cloth", "unit": "metre", "pack_size": 10, "pack_price": 50000, "min_packs": 1, "category": "fabric", "retail_price": 8000});
    let (_, a) = app
        .api_post(&token, &format!("{API}/suppliers/{sup}/articles"), article)
        .await;
    let (_, r) = app
        .api_post(&token, &format!("{API}/rounds"), json!({"title": "Too small", "suppliers": [sup], "closes_at": day(5), "collection_on": day(8), "collection_place": "Office", "rule": "first_come"}))
        .await;
    let round = format!("{API}/rounds/{}", r["id"].as_i64().unwrap());
    app.api_post(&token, &format!("{round}/open"), json!({})).await;
    let t = app.token(&login(10), "dura-sundari").await;
    let (s, _) = app
        .api_post(
            &t,
            &format!("{round}/requests"),
            json!({"wants": [{"article_id": a["id"], "quantity": 10}]}),
        )
        .await;
    assert_eq!(s, 204);
    app.api_post(&token, &format!("{round}/close"), json!({})).await;
    let (s, out) = app.api_post(&token, &format!("{round}/order"), json!({})).await;
    assert_eq!(s, 422, "₹500 is below the ₹10,000 minimum");
    assert!(out.to_string().contains("round-below-minimum-value"));
    let (_, r) = app.api_get(&token, &round).await;
    assert_eq!(r["status"], "closed", "not sent");
}
both!(an_order_below_the_suppliers_minimum_is_not_sent);

async fn requests_racing_the_closing_are_counted_or_refused(app: TestApp) {
    let token = app.token(DS_LEADER, "dura-sundari").await;
    let (id, article) = open_round(&app, &token, "proportional").await;
    let round = format!("{API}/rounds/{id}");
    let mut tokens = vec![];
    for n in 2..26 {
        tokens.push(app.token(&login(n), "dura-sundari").await);
    }
    let mut tasks = vec![];
    for (i, t) in tokens.into_iter().enumerate() {
        let url = app.url(&format!("{round}/requests"));
        tasks.push(tokio::spawn(async move {
            let r = client()
                .post(url)
                .header("authorization", format!("Bearer {t}"))
                .json(&json!({"wants": [{"article_id": article, "quantity": 3 + i as i64 % 4, "tolerance": 1}]}))
                .send()
                .await
                .unwrap();
            r.status().as_u16()
        }));
        if i == 12 {
            let (s, _) = app.api_post(&token, &format!("{round}/close"), json!({})).await;
            assert_eq!(s, 200);
        }
    }
    let mut accepted = 0;
    for t in tasks {
        match t.await.unwrap() {
            204 => accepted += 1,
            422 => {}
            s => panic!("a request answered {s}"),
        }
    }
    let (_, r) = app.api_get(&token, &round).await;
    assert_eq!(
        r["requests"], accepted,
        "every accepted request is in the round, none after closing"
    );
    assert_eq!(
        r["allocations"].as_array().unwrap().len() as i64,
        accepted,
        "and each was counted at closing"
    );
    let units: i64 = r["allocations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["items"][0][2].as_i64().unwrap())
        .sum();
    // Too few may have come before the closing to fill a box: then nothing is ordered.
    let (ordered, stock) = match r["lines"].get(0) {
        Some(line) => (
            line["units_ordered"].as_i64().unwrap(),
            line["to_stock"].as_i64().unwrap(),
        ),
        None => (0, 0),
    };
    assert_eq!(
        units + stock,
        ordered,
        "every ordered unit goes to a member or to stock"
    );
}
both!(requests_racing_the_closing_are_counted_or_refused);

async fn price_lists_are_checked_before_they_change_prices(app: TestApp) {
    let l = app.login(DS_LEADER).await;
    let page = app.text(&l, "/o/dura-sundari/purchases/suppliers").await;
    assert!(page.contains("Cotton thread, white"));
    let csrf = hidden(&page, "csrf");
    let supplier = app
        .count("SELECT MIN(id) FROM suppliers WHERE org_id = (SELECT id FROM orgs WHERE slug = 'dura-sundari')")
        .await
        .to_string();
    let prices = app.count("SELECT COUNT(*) FROM article_prices").await;
    let bad = "code,name,unit,pack_size,pack_price,retail_price,category,min_packs\nTHR-WHT,Cotton thread white,reel,12,260.00,28.00,thread,1\nX1,Scissors,pair,1,90.00,120.00,tools,1\nX2,Needles,packet,0,10.00,1.00,trims,1\nX3,Lace,metre,10,abc,5.00,trims";
    let r = app
        .post(
            &l,
            "/o/dura-sundari/purchases/suppliers/prices",
            &[
                ("csrf", &csrf),
                ("supplier_id", &supplier),
                ("csv", bad),
                ("step", "import"),
            ],
        )
        .await;
    assert_eq!(r.status(), 422);
    let body = r.text().await.unwrap();
    assert!(
        body.contains("The unit is one of") && body.contains("A pack holds") && body.contains("exactly eight columns")
    );
    assert_eq!(
        app.count("SELECT COUNT(*) FROM article_prices").await,
        prices,
        "nothing changed"
    );
    let good = "code,name,unit,pack_size,pack_price,retail_price,category,min_packs\nTHR-WHT,Cotton thread white,reel,12,260.00,28.00,thread,1\nX1,Scissors,piece,1,90.00,120.00,tools,1";
    let r = app
        .post(
            &l,
            "/o/dura-sundari/purchases/suppliers/prices",
            &[
                ("csrf", &csrf),
                ("supplier_id", &supplier),
                ("csv", good),
                ("step", "preview"),
            ],
        )
        .await;
    assert_eq!(r.status(), 200);
    let body = r.text().await.unwrap();
    assert!(body.contains("₹240.00 → ₹260.00") && body.contains("Import these lines"));
    let r = app
        .post(
            &l,
            "/o/dura-sundari/purchases/suppliers/prices",
            &[
                ("csrf", &csrf),
                ("supplier_id", &supplier),
                ("csv", good),
                ("step", "import"),
            ],
        )
        .await;
    assert_eq!(r.status(), 303);
    assert_eq!(
        app.count("SELECT COUNT(*) FROM article_prices").await,
        prices + 2,
        "a new price and a new article"
    );
    let csv = app.text(&l, "/o/dura-sundari/purchases/suppliers?format=csv").await;
    assert!(csv.contains("X1,Scissors,piece,1,90.00,120.00,tools,1"));
    let page = app.text(&l, "/o/dura-sundari/purchases/suppliers").await;
    assert!(
        page.contains("Price history") && page.contains("₹240.00"),
        "the old price is kept"
    );
    assert!(page.contains("icons.svg#network"), "the federation supplies the thread");
    let rounds = app.text(&l, "/o/dura-sundari/purchases?format=csv").await;
    assert!(rounds.starts_with("id,title,status") && rounds.contains(",settled,"));
}
both!(price_lists_are_checked_before_they_change_prices);

async fn a_member_asks_from_her_phone_and_sees_what_rounds_saved(app: TestApp) {
    let member = app.login(DS_MEMBER).await;
    let home = app.text(&member, "/o/dura-sundari").await;
    assert!(home.contains("Buying together: ask for what you need"));
    let open = app.count("SELECT MAX(id) FROM purchase_rounds WHERE status = 'open' AND org_id = (SELECT id FROM orgs WHERE slug = 'dura-sundari')").await;
    let path = format!("/o/dura-sundari/purchases/{open}");
    let page = app.text(&member, &path).await;
    assert!(page.contains("Your request") && page.contains("More if needed"));
    let article = app.count("SELECT MIN(a.id) FROM articles a JOIN round_suppliers s ON s.supplier_id = a.supplier_id WHERE s.round_id = (SELECT MAX(id) FROM purchase_rounds WHERE status = 'open' AND org_id = (SELECT id FROM orgs WHERE slug = 'dura-sundari'))").await;
    let csrf = hidden(&page, "csrf");
    let q = format!("q_{article}");
    let t = format!("t_{article}");
    let r = app
        .post(
            &member,
            &format!("{path}/request"),
            &[("csrf", &csrf), (&q, "two"), (&t, "0")],
        )
        .await;
    assert_eq!(r.status(), 422);
    let r = app
        .post(
            &member,
            &format!("{path}/request"),
            &[("csrf", &csrf), (&q, "7"), (&t, "2")],
        )
        .await;
    assert_eq!(r.status(), 303);
    // The save says what it means: what she will pay about, at collection.
    let (pack_price, pack_size, margin) = {
        let row = app
            .one(format!(
                "SELECT a.pack_price || ',' || a.pack_size || ',' || r.margin_bp FROM articles a, purchase_rounds r WHERE a.id = {article} AND r.id = {open}"
            ))
            .await;
        let v: Vec<i64> = row.split(',').map(|x| x.parse().unwrap()).collect();
        (v[0], v[1], v[2])
    };
    let cost = (2 * 7 * pack_price + pack_size) / (2 * pack_size);
    let expected = cost + (cost * margin * 2 + 10_000) / 20_000;
    let page = app.text(&member, &path).await;
    let whole = (expected / 100).to_string();
    let mut grouped = String::new();
    for (i, c) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    let rupees = format!("₹{grouped}.{:02}", expected % 100);
    assert!(
        page.contains(&format!("You will pay about {rupees} at collection")),
        "{rupees}: {page}"
    );
    assert!(page.contains("value=\"7\""), "her request is kept and shown");
    // A settled round of the demo tells what it saved.
    let settled = app.count("SELECT MIN(id) FROM purchase_rounds WHERE status = 'settled' AND org_id = (SELECT id FROM orgs WHERE slug = 'dura-sundari')").await;
    let page = app.text(&member, &format!("/o/dura-sundari/purchases/{settled}")).await;
    assert!(page.contains("This round saved the members ₹"));
    // She reads only her share, and the total from what all paid; those who see every
    // share add them up: the same figure.
    let (_, hers) = app
        .api_get(
            &app.token(DS_MEMBER, "dura-sundari").await,
            &format!("{API}/rounds/{settled}"),
        )
        .await;
    let (_, all) = app
        .api_get(
            &app.token(DS_LEADER, "dura-sundari").await,
            &format!("{API}/rounds/{settled}"),
        )
        .await;
    assert!(hers["allocations"].as_array().is_some_and(|a| a.len() <= 1));
    assert!(all["allocations"].as_array().is_some_and(|a| a.len() > 1));
    assert!(hers["saving"].as_i64().is_some_and(|s| s > 0));
    assert_eq!(hers["saving"], all["saving"]);
    let r = app
        .post(
            &member,
            &format!("/o/dura-sundari/purchases/{settled}/close"),
            &[("csrf", &csrf)],
        )
        .await;
    assert_eq!(r.status(), 403);
}
both!(a_member_asks_from_her_phone_and_sees_what_rounds_saved);

/// The round's status, through the API.
async fn status(app: &TestApp, token: &str, id: i64) -> String {
    let (_, r) = app.api_get(token, &format!("{API}/rounds/{id}")).await;
    r["status"].as_str().unwrap_or_default().to_string()
}

async fn a_round_closes_at_its_hour_on_the_organisations_clock(app: TestApp) {
    let token = app.token(DS_LEADER, "dura-sundari").await;
    let (sup, article) = reel_supplier(&app, &token, "Evening thread").await;
    let rounds = app.count("SELECT COUNT(*) FROM purchase_rounds").await;
    let round = |closes: &str| json!({"title": "Evening round", "suppliers": [sup], "closes_at": closes, "collection_on": day(8), "collection_place": "Office", "rule": "first_come"});
    for bad in ["tomorrow at six", "2026-12-01T25:00", ""] {
        let (s, out) = app.api_post(&token, &format!("{API}/rounds"), round(bad)).await;
        assert_eq!(s, 422, "{bad}");
        assert!(out.to_string().contains("closes_at"), "{out}");
    }
    assert_eq!(
        app.count("SELECT COUNT(*) FROM purchase_rounds").await,
        rounds,
        "nothing made"
    );
    // A draft whose hour has passed cannot open until it is moved.
    let (s, r) = app
        .api_post(&token, &format!("{API}/rounds"), round(&format!("{}T10:00", day(-1))))
        .await;
    assert_eq!(s, 201);
    let id = r["id"].as_i64().unwrap();
    let path = format!("{API}/rounds/{id}");
    let (s, out) = app.api_post(&token, &format!("{path}/open"), json!({})).await;
    assert_eq!(s, 422);
    assert!(out.to_string().contains("round-closes-past"), "{out}");
    let (s, _) = app
        .api_post(
            &token,
            &format!("{path}/reschedule"),
            json!({"closes_at": format!("{}T18:00", day(10))}),
        )
        .await;
    assert_eq!(s, 422, "not after the collection date");
    let evening = format!("{}T18:30", day(2));
    let (s, r) = app
        .api_post(&token, &format!("{path}/reschedule"), json!({"closes_at": evening}))
        .await;
    assert_eq!((s, r["closes_at"].as_str()), (200, Some(evening.as_str())), "{r}");
    // The page's form refuses an hour it cannot read, in words, and keeps the old one.
    let l = app.login(DS_LEADER).await;
    let page_path = format!("/o/dura-sundari/purchases/{id}");
    let page = app.text(&l, &page_path).await;
    assert!(page.contains("Change the closing time") && page.contains(&evening));
    let r = app
        .post(
            &l,
            &format!("{page_path}/reschedule"),
            &[("csrf", &hidden(&page, "csrf")), ("closes_at", "at six")],
        )
        .await;
    assert_eq!(r.status(), 422);
    assert!(r.text().await.unwrap().contains("Give the closing date and time"));
    assert!(app.text(&l, &page_path).await.contains(&evening), "unchanged");
    assert_eq!(app.api_post(&token, &format!("{path}/open"), json!({})).await.0, 200);
    let t10 = app.token(&login(10), "dura-sundari").await;
    let ask = json!({"wants": [{"article_id": article, "quantity": 10}]});
    assert_eq!(
        app.api_post(&t10, &format!("{path}/requests"), ask.clone()).await.0,
        204
    );
    // The page shows the hour, in the member's language.
    let member = app.login(&login(10)).await;
    let page = app.text(&member, &format!("/o/dura-sundari/purchases/{id}")).await;
    assert!(page.contains("6:30"), "the closing hour is shown");
    // The hour comes: a request in the same minute is refused, and the server closes the
    // round by itself.
    assert!(
        app.try_exec(
            "UPDATE purchase_rounds SET closes_at = '2000-01-01T00:00' WHERE id = (SELECT MAX(id) FROM purchase_rounds)"
        )
        .await
    );
    let (s, out) = app.api_post(&t10, &format!("{path}/requests"), ask).await;
    assert_eq!(s, 422);
    assert!(out.to_string().contains("round-not-open"), "{out}");
    let mut waited = 0;
    while status(&app, &token, id).await != "closed" {
        assert!(waited < 100, "the round was not closed at its hour");
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        waited += 1;
    }
    let (_, r) = app.api_get(&token, &path).await;
    assert_eq!(r["lines"][0]["packs"], 1, "closed as by hand: packs and allocations");
    assert_eq!(allocation(&r, "10")["items"][0][2], 10);
    let (s, _) = app
        .api_post(
            &token,
            &format!("{path}/reschedule"),
            json!({"closes_at": format!("{}T18:00", day(3))}),
        )
        .await;
    assert_eq!(s, 422, "a closed round keeps its hour");
}
both!(a_round_closes_at_its_hour_on_the_organisations_clock);

async fn an_organisation_keeps_its_own_time_zone(app: TestApp) {
    let token = app.token(DS_LEADER, "dura-sundari").await;
    let (s, org) = app.api_get(&token, API).await;
    assert_eq!((s, org["timezone"].as_str()), (200, Some("Asia/Kolkata")), "{org}");
    let patch = |tz: &str| {
        client()
            .patch(app.url(API))
            .header("authorization", format!("Bearer {token}"))
            .json(&json!({"timezone": tz}))
            .send()
    };
    let r = patch("Mars/Olympus").await.unwrap();
    assert_eq!(r.status(), 422);
    assert!(r.text().await.unwrap().contains("timezone"));
    let (_, org) = app.api_get(&token, API).await;
    assert_eq!(org["timezone"], "Asia/Kolkata", "nothing changed");
    // Kept as the time zone database spells it.
    let r = patch("asia/dubai").await.unwrap();
    assert_eq!(r.status(), 200);
    let org: Value = r.json().await.unwrap();
    assert_eq!(org["timezone"], "Asia/Dubai");
    let l = app.login(DS_LEADER).await;
    let page = app.text(&l, "/o/dura-sundari/settings").await;
    assert!(page.contains("Time zone") && page.contains("Asia/Dubai"));
}
both!(an_organisation_keeps_its_own_time_zone);

async fn a_collection_day_is_marked_at_once_in_one_entry(app: TestApp) {
    let token = app.token(DS_LEADER, "dura-sundari").await;
    let (id, article) = open_round(&app, &token, "proportional").await;
    let round = format!("{API}/rounds/{id}");
    for n in 10..=15 {
        let t = app.token(&login(n), "dura-sundari").await;
        let ask = json!({"wants": [{"article_id": article, "quantity": 5}]});
        assert_eq!(app.api_post(&t, &format!("{round}/requests"), ask).await.0, 204);
    }
    for step in ["close", "order", "receive"] {
        let (s, out) = app.api_post(&token, &format!("{round}/{step}"), json!({})).await;
        assert_eq!(s, 200, "{step}: {out}");
    }
    let entries = app
        .count("SELECT COUNT(*) FROM journal_entries WHERE source = 'purchase-collection'")
        .await;
    let (s, out) = app.api_post(&token, &format!("{round}/collect"), json!({})).await;
    assert_eq!(s, 422);
    assert!(out.to_string().contains("round-collect-whom"), "{out}");
    // Two members named together: one entry, a debit to each of them.
    let (s, out) = app
        .api_post(
            &token,
            &format!("{round}/collect"),
            json!({"member_numbers": ["10", "11"]}),
        )
        .await;
    assert_eq!(s, 200, "{out}");
    assert_eq!(
        app.count("SELECT COUNT(*) FROM journal_entries WHERE source = 'purchase-collection'")
            .await,
        entries + 1
    );
    let (s, out) = app
        .api_post(
            &token,
            &format!("{round}/collect"),
            json!({"member_numbers": ["12", "11"]}),
        )
        .await;
    assert_eq!(s, 422, "one of them has collected: none is marked");
    assert!(out.to_string().contains("round-collected-twice"), "{out}");
    // The leader ticks two on the collection list.
    let l = app.login(DS_LEADER).await;
    let list = format!("/o/dura-sundari/purchases/{id}/collection-list");
    let page = app.text(&l, &list).await;
    assert!(page.contains("2 of 6 shares handed out") && page.contains("Mark the ticked ones as collected"));
    let twelve = app.count("SELECT id FROM memberships WHERE member_number = '12' AND org_id = (SELECT id FROM orgs WHERE slug = 'dura-sundari')").await;
    let thirteen = app.count("SELECT id FROM memberships WHERE member_number = '13' AND org_id = (SELECT id FROM orgs WHERE slug = 'dura-sundari')").await;
    let csrf = hidden(&page, "csrf");
    let (m12, m13) = (format!("m_{twelve}"), format!("m_{thirteen}"));
    let r = app
        .post(
            &l,
            &format!("/o/dura-sundari/purchases/{id}/collect"),
            &[("csrf", &csrf), (&m12, "on"), (&m13, "on"), ("paid", "cash")],
        )
        .await;
    assert_eq!(r.status(), 303);
    assert!(r.headers()["location"].to_str().unwrap().ends_with("/collection-list"));
    assert!(app.text(&l, &list).await.contains("4 of 6 shares handed out"));
    // Everyone still waiting, on account; then nobody is left.
    let page = app.text(&l, &list).await;
    let r = app
        .post(
            &l,
            &format!("/o/dura-sundari/purchases/{id}/collect"),
            &[("csrf", &hidden(&page, "csrf")), ("all", "1")],
        )
        .await;
    assert_eq!(r.status(), 303);
    let (s, out) = app
        .api_post(&token, &format!("{round}/collect"), json!({"all_waiting": true}))
        .await;
    assert_eq!(s, 422);
    assert!(out.to_string().contains("round-nothing-waiting"), "{out}");
    assert_eq!(
        app.count("SELECT COUNT(*) FROM journal_entries WHERE source = 'purchase-collection'")
            .await,
        entries + 3
    );
    assert_eq!(
        app.count("SELECT COUNT(*) FROM collections WHERE round_id = (SELECT MAX(id) FROM purchase_rounds)")
            .await,
        6
    );
    // Each member's account carries her own charge, and the books balance.
    let debits = app
        .count("SELECT COUNT(DISTINCT p.account_id) FROM postings p JOIN journal_entries e ON e.id = p.entry_id JOIN accounts a ON a.id = p.account_id WHERE e.source = 'purchase-collection' AND e.source_id = (SELECT MAX(id) FROM purchase_rounds) AND a.member_id IS NOT NULL")
        .await;
    assert_eq!(debits, 6);
    let sum = app
        .count("SELECT CAST(COALESCE(SUM(p.amount), 0) AS BIGINT) FROM postings p JOIN journal_entries e ON e.id = p.entry_id WHERE e.source = 'purchase-collection' AND e.source_id = (SELECT MAX(id) FROM purchase_rounds)")
        .await;
    assert_eq!(sum, 0);
    assert_eq!(app.api_post(&token, &format!("{round}/finish"), json!({})).await.0, 200);
}
both!(a_collection_day_is_marked_at_once_in_one_entry);
