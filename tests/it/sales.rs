//! Selling together: prices with their history, market-day sales counted once by their
//! id and posted to the books, and the public shopfront.

use serde_json::json;

use crate::both;
use crate::common::*;

const API: &str = "/api/v1/orgs/patamaba-wise";

/// Every month's sum kept at each sale equals its facts summed afresh, for every
/// organisation: how many sums differ (0 when they all agree).
async fn months_disagreeing(app: &TestApp) -> i64 {
    app.count(
        "SELECT COUNT(*) FROM (SELECT org_id, product_id, substr(sold_on, 1, 7) AS month, channel, buyer_kind, \
         CAST(SUM(pieces) AS BIGINT) AS p, CAST(SUM(revenue) AS BIGINT) AS r, CAST(SUM(cost) AS BIGINT) AS c FROM sale_facts \
         GROUP BY org_id, product_id, substr(sold_on, 1, 7), channel, buyer_kind) f \
         LEFT JOIN sale_months m ON m.org_id = f.org_id AND m.product_id = f.product_id AND m.month = f.month \
         AND m.channel = f.channel AND m.buyer_kind = f.buyer_kind \
         WHERE m.pieces IS NULL OR m.pieces <> f.p OR m.revenue <> f.r OR m.cost <> f.c",
    )
    .await
        + app.count("SELECT COUNT(*) FROM sale_months").await
        - app
            .count("SELECT COUNT(*) FROM (SELECT DISTINCT org_id, product_id, substr(sold_on, 1, 7), channel, buyer_kind FROM sale_facts) d")
            .await
}

/// PATAMABA-WISE's doormat, made in the demo: its id and the finished pieces on hand.
async fn doormat(app: &TestApp, token: &str) -> (i64, i64) {
    let (_, products) = app.api_get(token, &format!("{API}/products")).await;
    let id = products[0]["id"].as_i64().unwrap();
    let on_hand = app
        .count_of(format!(
            "SELECT CAST(COALESCE(SUM(quantity), 0) AS BIGINT) FROM goods_moves WHERE product_id = {id}"
        ))
        .await;
    (id, on_hand)
}

fn org_sum(code: &str) -> String {
    format!(
        "SELECT CAST(COALESCE(SUM(p.amount), 0) AS BIGINT) FROM postings p JOIN accounts a ON a.id = p.account_id \
         WHERE a.code = '{code}' AND a.org_id = (SELECT id FROM orgs WHERE slug = 'patamaba-wise')"
    )
}

async fn a_market_sale_counts_once_and_is_on_the_books(app: TestApp) {
    let token = app.token(PH_LEADER, "patamaba-wise").await;
    let (mat, on_hand) = doormat(&app, &token).await;
    assert!(on_hand > 10, "the demo finished doormats: {on_hand}");
    let sales = format!("{API}/market-sales");
    let sale = |id: &str, pieces: i64| json!({"sales": [{"id": id, "till": "cash", "place": "Quiapo", "lines": [{"product_id": mat, "pieces": pieces}]}]});
    let income = app.count_of(org_sum("4100")).await;
    let goods = app.count_of(org_sum("1210")).await;
    let cost_of_sales = app.count_of(org_sum("5900")).await;
    let (s, out) = app.api_post(&token, &sales, sale("test-sale-0001", 2)).await;
    assert_eq!(s, 201, "{out}");
    assert_eq!(out[0]["total"], 2 * 18_000, "the retail price of today: {out}");
    assert_eq!(out[0]["again"], false);
    // Sent again (a lost answer on 2G, a replayed queue): the same sale, counted once.
    for _ in 0..3 {
        let (s, again) = app.api_post(&token, &sales, sale("test-sale-0001", 2)).await;
        assert_eq!(s, 201);
        assert_eq!(again[0]["id"], out[0]["id"]);
        assert_eq!(again[0]["again"], true);
    }
    assert_eq!(
        app.count("SELECT COUNT(*) FROM market_sales WHERE client_id = 'test-sale-0001'")
            .await,
        1
    );
    assert_eq!(app.count_of(org_sum("4100")).await - income, -2 * 18_000);
    let cost = goods - app.count_of(org_sum("1210")).await;
    assert!(cost > 0, "the pieces left finished goods at their cost");
    assert_eq!(app.count_of(org_sum("5900")).await - cost_of_sales, cost);
    assert_eq!(doormat(&app, &token).await.1, on_hand - 2);
    // The same id with other contents, more than is on hand, nothing, a product of
    // another organisation, a poor id, a bank till: refused, nothing written.
    let entries = app.count("SELECT COUNT(*) FROM journal_entries").await;
    let aster_pad = app.count("SELECT MIN(id) FROM products WHERE code = 'PAD-01'").await;
    for (bad, says) in [
        (sale("test-sale-0001", 3), "already used"),
        (sale("test-sale-0002", on_hand + 1), "More pieces than are on hand"),
        (sale("test-sale-0003", -1), "number of pieces"),
        (
            json!({"sales": [{"id": "test-sale-0004", "till": "cash", "lines": []}]}),
            "at least one product",
        ),
        (
            json!({"sales": [{"id": "test-sale-0005", "till": "cash", "lines": [{"product_id": aster_pad, "pieces": 1}]}]}),
            "not one this organisation sells",
        ),
        (sale("short", 1), "no proper id"),
        (
            json!({"sales": [{"id": "test-sale-0006", "till": "bank", "lines": [{"product_id": mat, "pieces": 1}]}]}),
            "cash or mobile money",
        ),
        (
            json!({"sales": [{"id": "test-sale-0007", "till": "cash", "lines": [{"product_id": mat, "pieces": 1, "price": 0}]}]}),
            "",
        ),
        (json!({"sales": []}), "between 1 and 5,000"),
    ] {
        let (s, out) = app.api_post(&token, &sales, bad.clone()).await;
        assert_eq!(s, 422, "{bad}: {out}");
        assert!(out.to_string().contains(says), "{says}: {out}");
    }
    assert_eq!(app.count("SELECT COUNT(*) FROM journal_entries").await, entries);
    // A batch from a phone's queue: all or nothing, a sale twice in it counts once.
    let batch = json!({"sales": [
        {"id": "queue-0000-a", "till": "mobile_money", "lines": [{"product_id": mat, "pieces": 1}]},
        {"id": "queue-0000-b", "till": "cash", "lines": [{"product_id": mat, "pieces": 1, "price": 15000}]},
        {"id": "queue-0000-a", "till": "mobile_money", "lines": [{"product_id": mat, "pieces": 1}]}
    ]});
    let (s, out) = app.api_post(&token, &sales, batch).await;
    assert_eq!(s, 201, "{out}");
    assert_eq!(out[2]["again"], true);
    assert_eq!(out[1]["total"], 15_000, "a price agreed at the stall");
    assert_eq!(doormat(&app, &token).await.1, on_hand - 4);
    assert_eq!(months_disagreeing(&app).await, 0, "the monthly sums are their facts");
    let (s, day) = app.api_get(&token, &sales).await;
    assert_eq!(s, 200);
    assert!(day["total"].as_i64().unwrap() >= 2 * 18_000 + 18_000 + 15_000, "{day}");
    // The books still balance, and a member may not sell for the group.
    assert_eq!(
        app.count("SELECT CAST(COALESCE(SUM(amount), 0) AS BIGINT) FROM postings")
            .await,
        0
    );
    let member = app.token(PH_MEMBER, "patamaba-wise").await;
    assert_eq!(app.api_post(&member, &sales, sale("member-sale-01", 1)).await.0, 403);
    assert_eq!(app.api_get(&member, &format!("{API}/prices")).await.0, 403);
}
both!(a_market_sale_counts_once_and_is_on_the_books);

async fn prices_keep_their_history(app: TestApp) {
    let token = app.token(PH_LEADER, "patamaba-wise").await;
    let (mat, _) = doormat(&app, &token).await;
    let prices = format!("{API}/prices");
    for bad in [
        json!({"product_id": mat, "buyer_kind": "retail", "price": 0}),
        json!({"product_id": mat, "buyer_kind": "friends", "price": 100}),
        json!({"product_id": mat, "buyer_kind": "retail", "price": 100, "valid_from": "someday"}),
    ] {
        let (s, out) = app.api_post(&token, &prices, bad.clone()).await;
        assert_eq!(s, 422, "{bad}: {out}");
    }
    let (s, _) = app
        .api_post(
            &token,
            &prices,
            json!({"product_id": 999_999, "buyer_kind": "retail", "price": 100}),
        )
        .await;
    assert_eq!(s, 404);
    let (s, _) = app
        .api_post(
            &token,
            &prices,
            json!({"product_id": mat, "buyer_kind": "retail", "price": 19_500}),
        )
        .await;
    assert_eq!(s, 201);
    let (_, all) = app.api_get(&token, &prices).await;
    let retail: Vec<i64> = all
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["product_id"] == mat && p["buyer_kind"] == "retail")
        .map(|p| p["price"].as_i64().unwrap())
        .collect();
    assert_eq!(retail, [19_500, 18_000, 16_000], "newest first, none forgotten");
    // The sale takes the price in force.
    let (_, out) = app
        .api_post(
            &token,
            &format!("{API}/market-sales"),
            json!({"sales": [{"id": "after-raise-01", "till": "cash", "lines": [{"product_id": mat, "pieces": 1}]}]}),
        )
        .await;
    assert_eq!(out[0]["total"], 19_500);
}
both!(prices_keep_their_history);

async fn the_sheet_records_a_sale_once_in_her_language(app: TestApp) {
    let c = app.login(PH_LEADER).await;
    c.get(app.url("/lang/es")).send().await.unwrap();
    let token = app.token(PH_LEADER, "patamaba-wise").await;
    let (mat, on_hand) = doormat(&app, &token).await;
    let page = app.text(&c, "/o/patamaba-wise/sales").await;
    assert!(
        page.contains("inputmode=\"numeric\"") && page.contains("Registrar la venta"),
        "{page}"
    );
    let sale = hidden(&page, "sale");
    let csrf = hidden(&page, "csrf");
    let idem = hidden(&page, "idem");
    let q = format!("q{mat}");
    let form = |idem: &str, pieces: &str| {
        vec![
            ("csrf".to_string(), csrf.clone()),
            ("idem".to_string(), idem.to_string()),
            ("action".to_string(), "sale".to_string()),
            ("sale".to_string(), sale.clone()),
            (q.clone(), pieces.to_string()),
            ("till".to_string(), "cash".to_string()),
        ]
    };
    let post = |f: Vec<(String, String)>| {
        let c = c.clone();
        let url = app.url("/o/patamaba-wise/sales");
        async move { c.post(url).form(&f).send().await.unwrap() }
    };
    let r = post(form(&idem, "2")).await;
    assert_eq!(r.status(), 303);
    // The same form sent twice counts once; the same sale from a fresh form too.
    assert_eq!(post(form(&idem, "2")).await.status(), 303);
    assert_eq!(post(form("fresh-key-000001", "2")).await.status(), 303);
    assert_eq!(doormat(&app, &token).await.1, on_hand - 2);
    // Changed under the same sale id: refused in Spanish, nothing written.
    let r = post(form("fresh-key-000002", "5")).await;
    assert_eq!(r.status(), 422);
    assert!(r.text().await.unwrap().contains("ya se usó"));
    let r = post(form("fresh-key-000003", "dos")).await;
    assert_eq!(r.status(), 422);
    assert_eq!(doormat(&app, &token).await.1, on_hand - 2);
    let page = app.text(&c, "/o/patamaba-wise/sales").await;
    assert!(
        page.contains("Venta registrada") || page.contains("Ventas del"),
        "{page}"
    );
}
both!(the_sheet_records_a_sale_once_in_her_language);

async fn the_shopfront_is_public_light_and_shows_a_picture(app: TestApp) {
    let visitor = client();
    let r = visitor
        .get(app.url("/shop/aster-tadelech"))
        .header("accept-encoding", "br")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let bytes = r.bytes().await.unwrap();
    assert!(bytes.len() < 14 * 1024, "{} bytes compressed", bytes.len());
    let page = app.text(&visitor, "/shop/aster-tadelech").await;
    assert!(
        page.contains("application/ld+json") && page.contains("\"@type\":\"Offer\""),
        "{page}"
    );
    assert!(page.contains("property=\"og:title\"") && page.contains("Washable sanitary pad"));
    assert!(page.contains("\"priceCurrency\":\"ETB\""), "{page}");
    let none = app.text(&visitor, "/shop/aster-tadelech?q=zzzz&page=9").await;
    assert!(none.contains("Nothing found"), "{none}");
    let found = app.text(&visitor, "/shop/aster-tadelech?q=PAD").await;
    assert!(found.contains("Washable sanitary pad"));
    // Federations sell through their members; unknown shops do not exist.
    assert_eq!(
        visitor
            .get(app.url("/shop/sewa-federation"))
            .send()
            .await
            .unwrap()
            .status(),
        404
    );
    assert_eq!(
        visitor
            .get(app.url("/shop/no-such-shop"))
            .send()
            .await
            .unwrap()
            .status(),
        404
    );
    // A photo shows once it has one, to anyone.
    let pad = app.count("SELECT MIN(id) FROM products WHERE code = 'PAD-01'").await;
    let photo = app.url(&format!("/shop/aster-tadelech/photos/{pad}"));
    assert_eq!(visitor.get(&photo).send().await.unwrap().status(), 404);
    let img = image::RgbImage::from_fn(800, 600, |x, y| image::Rgb([(x / 4) as u8, (y / 3) as u8, 90]));
    let mut png = vec![];
    image::DynamicImage::ImageRgb8(img)
        .write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)
        .unwrap();
    let token = app.token("+251911000001", "aster-tadelech").await;
    let r = reqwest::Client::new()
        .post(app.url(&format!("/api/v1/orgs/aster-tadelech/products/{pad}/photo")))
        .bearer_auth(&token)
        .body(png)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 204);
    let r = visitor.get(&photo).send().await.unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(r.headers()["content-type"], "image/jpeg");
    let page = app.text(&visitor, "/shop/aster-tadelech").await;
    assert!(
        page.contains("property=\"og:image\"") && page.contains("loading=\"lazy\""),
        "{page}"
    );
}
both!(the_shopfront_is_public_light_and_shows_a_picture);

async fn the_marketplace_gathers_the_network_and_counts_what_it_lacks(app: TestApp) {
    let visitor = client();
    let page = app.text(&visitor, "/market/homenet").await;
    for seller in [
        "Braided doormat",
        "Washable sanitary pad",
        "Sacola de tecido",
        "Kurta, printed poplin",
    ] {
        assert!(page.contains(seller), "{seller}: {page}");
    }
    let ph = app.text(&visitor, "/market/homenet?country=PH").await;
    assert!(ph.contains("Braided doormat") && !ph.contains("Washable sanitary pad"));
    let aster = app.text(&visitor, "/market/homenet?org=aster-tadelech").await;
    assert!(aster.contains("Washable sanitary pad") && aster.contains("/shop/aster-tadelech"));
    // A shop is not a marketplace.
    assert_eq!(
        visitor
            .get(app.url("/market/aster-tadelech"))
            .send()
            .await
            .unwrap()
            .status(),
        404
    );
    // Searches that find nothing are counted for the network's organisations.
    for _ in 0..2 {
        let none = app.text(&visitor, "/market/homenet?q=Embroidered%20Shawl").await;
        assert!(none.contains("Nothing found"));
    }
    assert_eq!(
        app.count(
            "SELECT CAST(COALESCE(SUM(times), 0) AS BIGINT) FROM market_searches WHERE term = 'embroidered shawl'"
        )
        .await,
        2
    );
    let c = app.login(PH_LEADER).await;
    let sheet = app.text(&c, "/o/patamaba-wise/sales").await;
    assert!(
        sheet.contains("embroidered shawl") && sheet.contains("bamboo basket"),
        "{sheet}"
    );
}
both!(the_marketplace_gathers_the_network_and_counts_what_it_lacks);

async fn market_intelligence_reads_her_own_sales(app: TestApp) {
    let token = app.token(PH_LEADER, "patamaba-wise").await;
    let today = tejido::db::iso_day(time::OffsetDateTime::now_utc().date());
    let from = tejido::db::iso_day(time::OffsetDateTime::now_utc().date() - time::Duration::days(30));
    let (s, report) = app
        .api_get(&token, &format!("{API}/reports/sales?from={from}&through={today}"))
        .await;
    assert_eq!(s, 200, "{report}");
    let text = report.to_string();
    // The demo sold 4 + 2 + 3 doormats at ₱180 this month: the best (and only) seller, class A.
    assert!(text.contains("Braided doormat") && text.contains("\"A\""), "{text}");
    assert!(text.contains("162000"), "9 × ₱180.00 in minor units: {text}");
    let c = app.login(PH_LEADER).await;
    let page = app
        .text(
            &c,
            &format!("/o/patamaba-wise/reports/sales?from={from}&through={today}"),
        )
        .await;
    assert!(page.contains("Braided doormat"), "{page}");
    // The price history: a new retail price from today shows at the period's end, the old
    // one at the end of the month before.
    let (mat, _) = doormat(&app, &token).await;
    let (s, _) = app
        .api_post(
            &token,
            &format!("{API}/prices"),
            json!({"product_id": mat, "buyer_kind": "retail", "price": 20_000, "valid_from": today}),
        )
        .await;
    assert_eq!(s, 201);
    let (_, report) = app
        .api_get(&token, &format!("{API}/reports/sales?from={from}&through={today}"))
        .await;
    let own: Vec<i64> = report["rows"]
        .as_array()
        .unwrap()
        .iter()
        .skip_while(|r| {
            r["style"] != "group"
                || !r["cells"][0]["value"]
                    .as_str()
                    .is_some_and(|t| t.starts_with("Your prices by category"))
        })
        .skip(1)
        .map(|r| r["cells"][3]["value"].as_i64().unwrap_or(0))
        .collect();
    assert_eq!(own.len(), 2, "a month's end in the period and its last day: {report}");
    assert_eq!(own[1], 20_000, "{report}");
    assert_ne!(own[0], 20_000, "the price before holds at the month's end: {report}");
    let member = app.token(PH_MEMBER, "patamaba-wise").await;
    assert_eq!(
        app.api_get(&member, &format!("{API}/reports/sales?from={from}&through={today}"))
            .await
            .0,
        403
    );
}
both!(market_intelligence_reads_her_own_sales);

/// An order from a shop: priced from the wholesale list, delivered, invoiced with its
/// number of the financial year, paid in part, the rest as an advance only when said so,
/// credited; the books' sales income is the invoices less the credit notes.
async fn an_order_is_delivered_invoiced_paid_and_credited(app: TestApp) {
    let token = app.token(PH_LEADER, "patamaba-wise").await;
    let (mat, on_hand) = doormat(&app, &token).await;
    let (s, _) = app
        .api_post(
            &token,
            &format!("{API}/prices"),
            json!({"product_id": mat, "buyer_kind": "wholesale", "price": 15_000}),
        )
        .await;
    assert_eq!(s, 201);
    let (s, out) = app
        .api_post(&token, &format!("{API}/seller-settings"), json!({"invoice_prefix": "PW", "year_starts": "01-01", "tax_registered": true, "tax_id": "123-456-789-000"}))
        .await;
    assert_eq!(s, 204, "{out}");
    let (s, out) = app
        .api_post(&token, &format!("{API}/products/{mat}/catalogue"), json!({"category": "textiles", "tax_code": "5705", "tax_bp": 1200, "descriptions": {"fil": "Basahan na gawa sa retaso", "en": "Doormat from offcuts"}}))
        .await;
    assert_eq!(s, 204, "{out}");
    let orders = format!("{API}/sale-orders");
    let shop = json!({"name": "Aling Nena's Sari-sari", "kind": "wholesale", "phone": "09171234599"});
    // More than is on hand of a product not made to order: refused.
    let (s, out) = app
        .api_post(
            &token,
            &orders,
            json!({"buyer": shop, "lines": [{"product_id": mat, "pieces": on_hand + 1}]}),
        )
        .await;
    assert_eq!(s, 422, "{out}");
    assert!(out.to_string().contains("More pieces"), "{out}");
    let (s, out) = app
        .api_post(
            &token,
            &orders,
            json!({"buyer": shop, "client_id": "shop-order-0001", "lines": [{"product_id": mat, "pieces": 4}]}),
        )
        .await;
    assert_eq!(s, 201, "{out}");
    let id = out["id"].as_i64().unwrap();
    // Sent again, the same order; other pieces under its id, refused.
    let (_, again) = app
        .api_post(
            &token,
            &orders,
            json!({"buyer": shop, "client_id": "shop-order-0001", "lines": [{"product_id": mat, "pieces": 4}]}),
        )
        .await;
    assert_eq!(again["id"], id);
    let (s, _) = app
        .api_post(
            &token,
            &orders,
            json!({"buyer": shop, "client_id": "shop-order-0001", "lines": [{"product_id": mat, "pieces": 5}]}),
        )
        .await;
    assert_eq!(s, 422);
    let (_, order) = app.api_get(&token, &format!("{orders}/{id}")).await;
    assert_eq!(order["status"], "confirmed");
    assert_eq!(order["channel"], "shop");
    let line = order["lines"][0]["id"].as_i64().unwrap();
    assert_eq!(order["lines"][0]["price"], 15_000, "the wholesale price: {order}");
    assert_eq!(order["lines"][0]["tax_bp"], 1200);
    let pieces = |n: i64| json!({"lines": [{"line_id": line, "pieces": n}]});
    // Nothing delivered yet: nothing to invoice.
    let (s, out) = app
        .api_post(&token, &format!("{orders}/{id}/invoices"), pieces(1))
        .await;
    assert_eq!(s, 422);
    assert!(out.to_string().contains("delivered"), "{out}");
    let (s, out) = app
        .api_post(&token, &format!("{orders}/{id}/deliveries"), pieces(3))
        .await;
    assert_eq!(s, 201, "{out}");
    assert_eq!(doormat(&app, &token).await.1, on_hand - 3);
    let (s, _) = app
        .api_post(&token, &format!("{orders}/{id}/invoices"), pieces(4))
        .await;
    assert_eq!(s, 422, "more than delivered");
    let income = app.count_of(org_sum("4100")).await;
    let (s, out) = app
        .api_post(&token, &format!("{orders}/{id}/invoices"), pieces(3))
        .await;
    assert_eq!(s, 201, "{out}");
    let invoice = out["id"].as_i64().unwrap();
    let (_, list) = app.api_get(&token, &format!("{API}/invoices")).await;
    let inv = list
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["id"] == invoice)
        .unwrap()
        .clone();
    let year = inv["issued_on"].as_str().unwrap()[..4].to_string();
    assert_eq!(inv["number"], format!("PW/{year}/0001"));
    // 3 × ₱150 = ₱450, VAT 12 % = ₱54.
    assert_eq!(
        (inv["net"].as_i64(), inv["tax"].as_i64(), inv["total"].as_i64()),
        (Some(45_000), Some(5_400), Some(50_400))
    );
    assert_eq!(app.count_of(org_sum("4100")).await - income, -45_000);
    assert_eq!(app.count_of(org_sum("2300")).await, -5_400);
    // A payment above what is owed is refused unless it is an advance.
    let buyer = inv["buyer_id"].as_i64().unwrap();
    let pay =
        |amount: i64, advance: bool| json!({"buyer_id": buyer, "amount": amount, "till": "cash", "advance": advance});
    let payments = format!("{API}/buyer-payments");
    let (s, out) = app.api_post(&token, &payments, pay(60_000, false)).await;
    assert_eq!(s, 422);
    assert!(out.to_string().contains("advance"), "{out}");
    assert_eq!(app.api_post(&token, &payments, pay(20_000, false)).await.0, 201);
    let (_, accounts) = app.api_get(&token, &format!("{API}/buyers")).await;
    let acct = accounts
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["buyer"]["id"] == buyer)
        .unwrap()
        .clone();
    assert_eq!(acct["owed"], 30_400);
    assert_eq!(acct["ageing"][0], 30_400);
    assert_eq!(app.api_post(&token, &payments, pay(40_000, true)).await.0, 201);
    let (_, accounts) = app.api_get(&token, &format!("{API}/buyers")).await;
    let acct = accounts
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["buyer"]["id"] == buyer)
        .unwrap()
        .clone();
    assert_eq!(
        (acct["owed"].as_i64(), acct["advance"].as_i64()),
        (Some(0), Some(9_600))
    );
    // A credit note for one doormat: ₱150 + ₱18 back, kept as paid ahead; twice the
    // invoice, refused. The invoice is never changed.
    let credit = format!("{API}/invoices/{invoice}/credit-notes");
    let (s, out) = app
        .api_post(
            &token,
            &credit,
            json!({"lines": [{"line_id": line, "pieces": 1}], "reason": "frayed edge"}),
        )
        .await;
    assert_eq!(s, 201, "{out}");
    let (s, _) = app
        .api_post(
            &token,
            &credit,
            json!({"lines": [{"line_id": line, "pieces": 3}], "reason": "again"}),
        )
        .await;
    assert_eq!(s, 422);
    let (_, list) = app.api_get(&token, &format!("{API}/invoices")).await;
    let cn = list
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["kind"] == "credit")
        .unwrap()
        .clone();
    assert_eq!(cn["number"], format!("PW/CN/{year}/0001"));
    assert_eq!(cn["total"], 16_800);
    assert_eq!(app.count_of(org_sum("4100")).await - income, -45_000 + 15_000);
    // The last piece delivered and invoiced: the advance settles the new invoice.
    assert_eq!(
        app.api_post(&token, &format!("{orders}/{id}/deliveries"), pieces(1))
            .await
            .0,
        201
    );
    let (s, out) = app
        .api_post(&token, &format!("{orders}/{id}/invoices"), pieces(1))
        .await;
    assert_eq!(s, 201, "{out}");
    let (_, list) = app.api_get(&token, &format!("{API}/invoices")).await;
    let second = list
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["id"] == out["id"])
        .unwrap()
        .clone();
    assert_eq!(second["number"], format!("PW/{year}/0002"));
    assert_eq!(second["settled"], 16_800, "₱168 owed, all of it paid ahead");
    // Sales income on the books = invoices less credit notes (and market days, none here).
    let invoiced: i64 = list
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            let net = i["net"].as_i64().unwrap();
            if i["kind"] == "credit" { -net } else { net }
        })
        .sum();
    assert_eq!(app.count_of(org_sum("4100")).await - income, -invoiced);
    assert_eq!(
        app.count("SELECT CAST(COALESCE(SUM(amount), 0) AS BIGINT) FROM postings")
            .await,
        0
    );
    // Cancelling a delivered order, an order of a product another organisation sells,
    // a zero quantity: refused.
    assert_eq!(
        app.api_post(&token, &format!("{orders}/{id}/cancel"), json!({}))
            .await
            .0,
        422
    );
    let aster_pad = app.count("SELECT MIN(id) FROM products WHERE code = 'PAD-01'").await;
    for bad in [
        json!({"buyer": shop, "lines": [{"product_id": aster_pad, "pieces": 1}]}),
        json!({"buyer": shop, "lines": [{"product_id": mat, "pieces": -2}]}),
        json!({"buyer": {"name": ""}, "lines": [{"product_id": mat, "pieces": 1}]}),
    ] {
        let (s, out) = app.api_post(&token, &orders, bad.clone()).await;
        assert_eq!(s, 422, "{bad}: {out}");
    }
    assert_eq!(months_disagreeing(&app).await, 0, "the monthly sums are their facts");
    // A member may not see buyers or invoices.
    let member = app.token(PH_MEMBER, "patamaba-wise").await;
    assert_eq!(app.api_get(&member, &format!("{API}/invoices")).await.0, 403);
    assert_eq!(app.api_get(&member, &format!("{API}/buyers")).await.0, 403);
}
both!(an_order_is_delivered_invoiced_paid_and_credited);

/// A guest on the shopfront chooses doormats, sends her order once (sent again, the same
/// order), sees it waiting; the coordinator confirms, delivers, invoices and records the
/// payment on the pages, and the sale shows in market intelligence by channel.
async fn a_guest_orders_from_the_shopfront_and_the_group_invoices(app: TestApp) {
    let token = app.token(PH_LEADER, "patamaba-wise").await;
    let (mat, on_hand) = doormat(&app, &token).await;
    let guest = client();
    // A phone with the shopfront in Filipino.
    guest.get(app.url("/lang/fil")).send().await.unwrap();
    let shop = app.text(&guest, "/shop/patamaba-wise").await;
    assert!(shop.contains(&format!("name=\"add\" value=\"{mat}\"")), "{shop}");
    let cart = app
        .text(&guest, &format!("/shop/patamaba-wise/order?cart=&add={mat}&pieces=2"))
        .await;
    let cart = app
        .text(
            &guest,
            &format!(
                "/shop/patamaba-wise/order?cart={}&add={mat}&pieces=1",
                hidden(&cart, "cart")
            ),
        )
        .await;
    assert_eq!(hidden(&cart, "cart"), format!("{mat}x3"));
    let form = |phone: &str| {
        vec![
            ("csrf".to_string(), hidden(&cart, "csrf")),
            ("idem".to_string(), hidden(&cart, "idem")),
            ("cart".to_string(), hidden(&cart, "cart")),
            ("order".to_string(), hidden(&cart, "order")),
            ("name".to_string(), "Ka Lorna".to_string()),
            ("phone".to_string(), phone.to_string()),
            ("address".to_string(), "Pickup".to_string()),
        ]
    };
    // No phone: refused in her language, nothing written.
    let r = guest
        .post(app.url("/shop/patamaba-wise/order"))
        .form(&form(""))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 422);
    assert!(r.text().await.unwrap().contains("numero"), "Filipino");
    let r = guest
        .post(app.url("/shop/patamaba-wise/order"))
        .form(&form("0917 555 0101"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    let at = r.headers()["location"].to_str().unwrap().to_string();
    // Sent again from a flaky connection (a fresh idempotency key, the same order id).
    let mut again = form("0917 555 0101");
    again[1].1 = "fresh-key-guest-01".into();
    let r = guest
        .post(app.url("/shop/patamaba-wise/order"))
        .form(&again)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    assert_eq!(
        app.count("SELECT COUNT(*) FROM sale_orders WHERE channel = 'shopfront'")
            .await,
        1
    );
    let sent = app.text(&guest, &at).await;
    assert!(sent.contains("Naghihintay"), "waiting, in Filipino: {sent}");
    let id = app
        .count("SELECT MAX(id) FROM sale_orders WHERE channel = 'shopfront'")
        .await;
    // The coordinator confirms, delivers, invoices and records the payment.
    let c = app.login(PH_LEADER).await;
    let page = format!("/o/patamaba-wise/sales/orders/{id}");
    let step = |action: &str, extra: Vec<(String, String)>| {
        let (c, url, action) = (c.clone(), app.url(&page), action.to_string());
        let app = &app;
        let page = page.clone();
        async move {
            let html = app.text(&c, &page).await;
            let mut f = vec![
                ("csrf".to_string(), hidden(&html, "csrf")),
                ("idem".to_string(), hidden(&html, "idem")),
                ("action".to_string(), action),
            ];
            f.extend(extra);
            c.post(url).form(&f).send().await.unwrap()
        }
    };
    assert_eq!(step("confirm", vec![]).await.status(), 303);
    let line = app
        .count_of(format!("SELECT MIN(id) FROM sale_order_lines WHERE order_id = {id}"))
        .await;
    let r = step("deliver", vec![(format!("p{line}"), "3".into())]).await;
    assert_eq!(r.status(), 303);
    assert_eq!(doormat(&app, &token).await.1, on_hand - 3);
    let r = step("invoice", vec![(format!("p{line}"), "4".into())]).await;
    assert_eq!(r.status(), 422, "more than delivered");
    assert_eq!(
        step("invoice", vec![(format!("p{line}"), "3".into())]).await.status(),
        303
    );
    let total = app
        .count_of(format!("SELECT total FROM invoices WHERE order_id = {id}"))
        .await;
    assert_eq!(total, 3 * 18_000);
    let buyers = app.text(&c, "/o/patamaba-wise/sales/buyers").await;
    assert!(buyers.contains("Ka Lorna"), "{buyers}");
    let buyer = app
        .count_of(format!("SELECT buyer_id FROM sale_orders WHERE id = {id}"))
        .await;
    let r = c
        .post(app.url("/o/patamaba-wise/sales/buyers"))
        .form(&[
            ("csrf", hidden(&buyers, "csrf").as_str()),
            ("idem", hidden(&buyers, "idem").as_str()),
            ("action", "pay"),
            ("buyer", buyer.to_string().as_str()),
            ("amount", "540"),
            ("till", "mobile_money"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    assert_eq!(
        app.count_of(format!("SELECT settled FROM invoices WHERE order_id = {id}"))
            .await,
        total
    );
    let invoice = app
        .text(
            &c,
            &format!(
                "/o/patamaba-wise/sales/invoices/{}",
                app.count_of(format!("SELECT id FROM invoices WHERE order_id = {id}"))
                    .await
            ),
        )
        .await;
    assert!(
        invoice.contains("PHP five hundred forty and 00/100 only"),
        "totals in words: {invoice}"
    );
    let sent = app.text(&guest, &at).await;
    assert!(sent.contains("Kumpirmado"), "confirmed, in Filipino: {sent}");
    let report = app.text(&c, "/o/patamaba-wise/reports/sales").await;
    assert!(report.contains("Online shop"), "the shopfront's channel: {report}");
    // The lists as files: orders, payments, invoices, buyers.
    let csv = app.text(&c, "/o/patamaba-wise/reports/sale-orders?format=csv").await;
    assert!(
        csv.contains("Ka Lorna") && csv.contains("Online shop") && csv.contains("Confirmed"),
        "{csv}"
    );
    let csv = app.text(&c, "/o/patamaba-wise/reports/buyer-payments?format=csv").await;
    assert!(csv.contains("Ka Lorna") && csv.contains("540"), "{csv}");
    let csv = app.text(&c, "/o/patamaba-wise/reports/invoices?format=csv").await;
    assert!(csv.contains("PATAMA/"), "{csv}");
    let r = c
        .get(app.url("/o/patamaba-wise/reports/buyers?format=xlsx"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
}
both!(a_guest_orders_from_the_shopfront_and_the_group_invoices);

/// Random orders, deliveries, invoices, credit notes, payments and market-day sales (some
/// sent again), refused or not: after every step, no stock is negative, no line is
/// invoiced beyond what was delivered nor delivered beyond what was ordered, no invoice
/// is credited beyond itself, the books' sales income is the invoices less the credit
/// notes plus the market days, and each monthly sum is its facts.
async fn selling_keeps_its_invariants_whatever_comes(app: TestApp) {
    let token = app.token(PH_LEADER, "patamaba-wise").await;
    let (mat, _) = doormat(&app, &token).await;
    let org = "(SELECT id FROM orgs WHERE slug = 'patamaba-wise')";
    let income_before = app.count_of(org_sum("4100")).await;
    let market_before = app
        .count_of(format!(
            "SELECT CAST(COALESCE(SUM(total), 0) AS BIGINT) FROM market_sales WHERE org_id = {org}"
        ))
        .await;
    let mut seed: u64 = 0x5eed_0001;
    let mut next = |n: i64| {
        seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        ((seed >> 33) % n.max(1) as u64) as i64
    };
    let mut orders: Vec<i64> = vec![];
    for step in 0..60 {
        match next(6) {
            0 => {
                let (s, out) = app
                    .api_post(&token, &format!("{API}/sale-orders"), json!({"buyer": {"name": format!("Buyer {}", next(3)), "kind": "retail", "phone": format!("0917555010{}", next(3))}, "lines": [{"product_id": mat, "pieces": 1 + next(4)}]}))
                    .await;
                if s == 201 {
                    orders.push(out["id"].as_i64().unwrap());
                }
            }
            1 | 2 if !orders.is_empty() => {
                let id = orders[next(orders.len() as i64) as usize];
                let (_, o) = app.api_get(&token, &format!("{API}/sale-orders/{id}")).await;
                let line = o["lines"][0]["id"].as_i64().unwrap();
                let what = if next(2) == 0 { "deliveries" } else { "invoices" };
                app.api_post(
                    &token,
                    &format!("{API}/sale-orders/{id}/{what}"),
                    json!({"lines": [{"line_id": line, "pieces": next(5)}]}),
                )
                .await;
            }
            3 => {
                let (_, list) = app.api_get(&token, &format!("{API}/invoices")).await;
                let invoices: Vec<_> = list
                    .as_array()
                    .unwrap()
                    .iter()
                    .filter(|i| i["kind"] == "invoice")
                    .cloned()
                    .collect();
                if !invoices.is_empty() {
                    let i = &invoices[next(invoices.len() as i64) as usize];
                    let (_, o) = app
                        .api_get(&token, &format!("{API}/sale-orders/{}", i["order_id"]))
                        .await;
                    let line = o["lines"][0]["id"].as_i64().unwrap();
                    app.api_post(
                        &token,
                        &format!("{API}/invoices/{}/credit-notes", i["id"]),
                        json!({"lines": [{"line_id": line, "pieces": next(3)}], "reason": "returned"}),
                    )
                    .await;
                }
            }
            4 => {
                let (_, accounts) = app.api_get(&token, &format!("{API}/buyers")).await;
                if let Some(a) = accounts.as_array().unwrap().first() {
                    app.api_post(&token, &format!("{API}/buyer-payments"), json!({"buyer_id": a["buyer"]["id"], "amount": 1 + next(60_000), "till": "cash", "advance": next(2) == 0}))
                        .await;
                }
            }
            _ => {
                // A sale from a pool of five ids: often one sent again.
                let id = format!("random-sale-{}", next(5));
                app.api_post(
                    &token,
                    &format!("{API}/market-sales"),
                    json!({"sales": [{"id": id, "till": "cash", "lines": [{"product_id": mat, "pieces": 1}]}]}),
                )
                .await;
            }
        }
        let negative = app.count_of(format!("SELECT COUNT(*) FROM (SELECT product_id FROM goods_moves WHERE org_id = {org} GROUP BY product_id HAVING SUM(quantity) < 0) n")).await;
        assert_eq!(negative, 0, "step {step}: stock below zero");
        let beyond = app.count_of(format!("SELECT COUNT(*) FROM sale_order_lines WHERE org_id = {org} AND (invoiced > delivered OR delivered > quantity)")).await;
        assert_eq!(
            beyond, 0,
            "step {step}: a line invoiced beyond delivered or delivered beyond ordered"
        );
        let over = app.count_of(format!(
            "SELECT COUNT(*) FROM invoice_lines l JOIN invoices i ON i.id = l.invoice_id WHERE i.org_id = {org} AND i.kind = 'invoice' \
             AND l.quantity < (SELECT COALESCE(SUM(c.quantity), 0) FROM invoice_lines c JOIN invoices n ON n.id = c.invoice_id \
             WHERE n.corrects_id = i.id AND c.line_id = l.line_id)")).await;
        assert_eq!(over, 0, "step {step}: credited beyond the invoice");
        let invoiced = app.count_of(format!("SELECT CAST(COALESCE(SUM(CASE WHEN kind = 'credit' THEN -net ELSE net END), 0) AS BIGINT) FROM invoices WHERE org_id = {org}")).await;
        let market = app
            .count_of(format!(
                "SELECT CAST(COALESCE(SUM(total), 0) AS BIGINT) FROM market_sales WHERE org_id = {org}"
            ))
            .await
            - market_before;
        assert_eq!(
            app.count_of(org_sum("4100")).await - income_before,
            -(invoiced + market),
            "step {step}: sales income"
        );
        assert_eq!(
            app.count("SELECT COUNT(*) FROM market_sales WHERE client_id LIKE 'random-sale-%'")
                .await
                .min(5),
            app.count("SELECT COUNT(DISTINCT client_id) FROM market_sales WHERE client_id LIKE 'random-sale-%'")
                .await,
            "step {step}: a sale sent again counted twice"
        );
        assert_eq!(months_disagreeing(&app).await, 0, "step {step}: monthly sums");
    }
    assert!(orders.len() >= 3, "the walk placed orders: {}", orders.len());
    assert!(
        app.count("SELECT COUNT(*) FROM invoices WHERE kind = 'credit'").await > 0,
        "the walk credited an invoice"
    );
}
both!(selling_keeps_its_invariants_whatever_comes);

/// A size of a product is a product of its own filed under it: the shopfront shows one
/// card with a choice; a family is of one organisation, one level deep.
async fn variants_show_on_their_heads_card(app: TestApp) {
    let token = app.token(PH_LEADER, "patamaba-wise").await;
    let (mat, _) = doormat(&app, &token).await;
    let big = json!({"code": "MAT-01-XL", "name": "Braided doormat", "region": "NCR", "operations": [{"name": "Braiding", "skill": "skilled", "sam_centi": 1000, "rate": 1000}]});
    let (s, out) = app.api_post(&token, &format!("{API}/products"), big).await;
    assert_eq!(s, 201, "{out}");
    let xl = out["id"].as_i64().unwrap();
    let (s, _) = app
        .api_post(
            &token,
            &format!("{API}/prices"),
            json!({"product_id": xl, "buyer_kind": "retail", "price": 25_000}),
        )
        .await;
    assert_eq!(s, 201);
    let card = |family: i64, variant: &str| json!({"family_id": family, "variant": variant, "category": "textiles"});
    let aster_pad = app.count("SELECT MIN(id) FROM products WHERE code = 'PAD-01'").await;
    for (product, bad) in [(xl, card(xl, "XL")), (xl, card(aster_pad, "XL")), (xl, card(mat, ""))] {
        let (s, out) = app
            .api_post(&token, &format!("{API}/products/{product}/catalogue"), bad.clone())
            .await;
        assert_eq!(s, 422, "{bad}: {out}");
    }
    assert_eq!(
        app.api_post(&token, &format!("{API}/products/{xl}/catalogue"), card(mat, "XL"))
            .await
            .0,
        204
    );
    // The head may not become a variant of its own variant.
    assert_eq!(
        app.api_post(&token, &format!("{API}/products/{mat}/catalogue"), card(xl, "M"))
            .await
            .0,
        422
    );
    let shop = app.text(&client(), "/shop/patamaba-wise").await;
    assert!(shop.contains(&format!("<option value=\"{xl}\">XL · ₱250.00")), "{shop}");
    assert_eq!(shop.matches("<li>").count(), 1, "one card for the family: {shop}");
}
both!(variants_show_on_their_heads_card);

async fn a_price_list_is_set_whole_or_not_at_all(app: TestApp) {
    let token = app.token(PH_LEADER, "patamaba-wise").await;
    let (_, products) = app.api_get(&token, &format!("{API}/products")).await;
    let code = products[0]["code"].as_str().unwrap().to_string();
    let lists = format!("{API}/price-lists");
    let prices = app.count("SELECT COUNT(*) FROM prices").await;
    // Bad rows: an unknown code, an unknown kind, a zero price, a poor day, one line twice.
    let bad = format!(
        "code,buyer_kind,price,valid_from\n{code},wholesale,150.00,2027-01-01\nNOPE,retail,10.00\n{code},friends,10.00\n\
         {code},retail,0\n{code},retail,12.00,someday\n{code},wholesale,151.00,2027-01-01\n"
    );
    let (s, out) = app.api_post(&token, &lists, json!({ "csv": bad })).await;
    assert_eq!(s, 422, "{out}");
    let said: Vec<(String, String)> = out["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["field"].as_str().unwrap().to_string(),
                e["code"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    for want in [
        ("line 2", "price-row-twice"),
        ("line 3", "price-row-product"),
        ("line 4", "buyer-kind-invalid"),
        ("line 5", "amount-not-positive"),
        ("line 6", "entry-bad-date"),
        ("line 7", "price-row-twice"),
    ] {
        assert!(
            said.contains(&(want.0.to_string(), want.1.to_string())),
            "{want:?} in {said:?}"
        );
    }
    assert_eq!(said.len(), 6, "the right lines are not blamed: {said:?}");
    let (s, _) = app.api_post(&token, &lists, json!({ "csv": "" })).await;
    assert_eq!(s, 422, "an empty list");
    assert_eq!(app.count("SELECT COUNT(*) FROM prices").await, prices, "nothing set");
    // A good list sets every line; its price holds from its day.
    let good =
        format!("code,buyer_kind,price,valid_from\n{code},wholesale,150.00,2020-01-01\n{code},institution,140.50\n");
    let (s, out) = app.api_post(&token, &lists, json!({ "csv": good })).await;
    assert_eq!(s, 201, "{out}");
    assert_eq!(out["count"], 2);
    assert_eq!(app.count("SELECT COUNT(*) FROM prices").await, prices + 2);
    assert_eq!(
        app.count_of(format!(
            "SELECT COUNT(*) FROM prices WHERE buyer_kind = 'institution' AND price = 14050 AND product_id = {}",
            products[0]["id"]
        ))
        .await,
        1
    );
    // The page: today's list as a file, read back in Spanish; a bad line refused there too.
    let c = app.login(PH_LEADER).await;
    c.get(app.url("/lang/es")).send().await.unwrap();
    let file = app.text(&c, "/o/patamaba-wise/sales/prices.csv").await;
    assert!(file.starts_with("code,buyer_kind,price,valid_from"), "{file}");
    assert!(file.contains(&format!("{code},institution,140.50,")), "{file}");
    let page = app.text(&c, "/o/patamaba-wise/sales").await;
    let form = |csv: &str, step: &str| {
        vec![
            ("csrf".to_string(), hidden(&page, "csrf")),
            ("idem".to_string(), hidden(&page, "idem")),
            ("csv".to_string(), csv.to_string()),
            ("step".to_string(), step.to_string()),
        ]
    };
    let r = c
        .post(app.url("/o/patamaba-wise/sales/prices"))
        .form(&form(&format!("code,buyer_kind,price\n{code},amigos,1.00\n"), "import"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 422);
    let body = r.text().await.unwrap();
    assert!(body.contains("class=\"bad\""), "the bad line is shown: {body}");
    let r = c
        .post(app.url("/o/patamaba-wise/sales/prices"))
        .form(&form(&file, "preview"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200, "today's list reads back whole");
    let r = c
        .post(app.url("/o/patamaba-wise/sales/prices"))
        .form(&form(
            &format!("code,buyer_kind,price\n{code},retail,21.00\n"),
            "import",
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    assert_eq!(app.count("SELECT COUNT(*) FROM prices").await, prices + 3);
    // The history and the market days as reports, in every format.
    for kind in ["prices", "market-days"] {
        let csv = app
            .text(&c, &format!("/o/patamaba-wise/reports/{kind}?format=csv"))
            .await;
        assert!(csv.lines().count() > 1, "{kind}: {csv}");
    }
    let history = app.text(&c, "/o/patamaba-wise/reports/prices?format=csv").await;
    assert!(history.contains("140.50") || history.contains("140,50"), "{history}");
}
both!(a_price_list_is_set_whole_or_not_at_all);

/// A shop signs in with the private link the coordinator made: it orders at its own
/// (wholesale) prices, sees its orders and invoices; a new link or an ended one signs it
/// out, and the link opens no other organisation's shopfront.
async fn a_buyer_signs_in_with_her_link_and_orders_at_her_prices(app: TestApp) {
    let coordinator = app.login("+919825000003").await;
    let page = app.text(&coordinator, "/o/dura-sundari/sales/buyers").await;
    let shop_id = app
        .count("SELECT id FROM buyers WHERE name = 'Navrangpura Textiles'")
        .await;
    let make_link = |step: &'static str| {
        let form = vec![
            ("csrf".to_string(), hidden(&page, "csrf")),
            ("idem".to_string(), tejido::web::new_key()),
            ("action".to_string(), "login".to_string()),
            ("buyer".to_string(), shop_id.to_string()),
            ("step".to_string(), step.to_string()),
        ];
        let c = coordinator.clone();
        let url = app.url("/o/dura-sundari/sales/buyers");
        async move {
            let r = c.post(url).form(&form).send().await.unwrap();
            assert_eq!(r.status(), 303);
        }
    };
    make_link("new").await;
    let told = app.text(&coordinator, "/o/dura-sundari/sales/buyers").await;
    let at = told.find("/shop/dura-sundari/signin/").expect("the link is shown once");
    let link: String = told[at..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || "/-_".contains(*c))
        .collect();
    assert!(link.len() > 40, "{link}");
    let shop = client();
    assert_eq!(
        shop.get(app.url("/shop/dura-sundari/account"))
            .send()
            .await
            .unwrap()
            .status(),
        401
    );
    assert_eq!(
        shop.get(app.url("/shop/dura-sundari/signin/not-a-link"))
            .send()
            .await
            .unwrap()
            .status(),
        404
    );
    let r = shop.get(app.url(&link)).send().await.unwrap();
    assert_eq!(r.status(), 303);
    let account = app.text(&shop, "/shop/dura-sundari/account").await;
    assert!(
        account.contains("Navrangpura Textiles") && account.contains("DS/"),
        "{account}"
    );
    // Her prices are the wholesale list's; her order is hers, without a phone asked.
    let kurta = app.count("SELECT MIN(id) FROM products WHERE code = 'KUR-01'").await;
    let wholesale = app
        .count_of(format!(
            "SELECT price FROM prices WHERE product_id = {kurta} AND buyer_kind = 'wholesale' ORDER BY valid_from DESC, id DESC LIMIT 1"
        ))
        .await;
    let cart = app
        .text(&shop, &format!("/shop/dura-sundari/order?cart=&add={kurta}&pieces=2"))
        .await;
    assert!(
        cart.contains("Navrangpura Textiles") && !cart.contains("name=\"phone\""),
        "{cart}"
    );
    let orders = app
        .count_of(format!("SELECT COUNT(*) FROM sale_orders WHERE buyer_id = {shop_id}"))
        .await;
    let form = vec![
        ("csrf".to_string(), hidden(&cart, "csrf")),
        ("idem".to_string(), hidden(&cart, "idem")),
        ("cart".to_string(), hidden(&cart, "cart")),
        ("order".to_string(), hidden(&cart, "order")),
    ];
    let r = shop
        .post(app.url("/shop/dura-sundari/order"))
        .form(&form)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    assert_eq!(
        app.count_of(format!("SELECT COUNT(*) FROM sale_orders WHERE buyer_id = {shop_id}"))
            .await,
        orders + 1
    );
    assert_eq!(
        app.count_of(format!(
            "SELECT price FROM sale_order_lines WHERE order_id = (SELECT MAX(id) FROM sale_orders WHERE buyer_id = {shop_id})"
        ))
        .await,
        wholesale
    );
    // Her sign-in is this shopfront's only.
    assert!(!app.text(&shop, "/shop/patamaba-wise").await.contains("Navrangpura"));
    // A new link signs the old one out; an ended one signs in nobody.
    make_link("new").await;
    assert_eq!(
        shop.get(app.url("/shop/dura-sundari/account"))
            .send()
            .await
            .unwrap()
            .status(),
        401
    );
    assert_eq!(shop.get(app.url(&link)).send().await.unwrap().status(), 404);
    make_link("end").await;
    assert_eq!(
        app.count_of(format!(
            "SELECT COUNT(*) FROM buyers WHERE id = {shop_id} AND login_digest IS NOT NULL"
        ))
        .await,
        0
    );
}
both!(a_buyer_signs_in_with_her_link_and_orders_at_her_prices);
