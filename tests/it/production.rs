//! Producing together: a product priced against the minimum wage, an order cut, stitched
//! and finished by members in lots, hand-ins with rejects and receipts, materials
//! reconciled, and every piece paid once, on the books.

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

/// Poplin in 50 m bolts at ₹3,000 and 60 m of it in stock; a wage of ₹695 a day of 8
/// hours (Delhi's unskilled rate from October 2024); a kurta of 2.25 m with 5 % waste
/// cut in 6 minutes, stitched in 12.5, finished in 5. Answers (product, article, [ops]).
async fn kurta(app: &TestApp, token: &str) -> (i64, i64, Vec<i64>) {
    let (s, sup) = app
        .api_post(token, &format!("{API}/suppliers"), json!({"name": "Test cloth"}))
        .await;
    assert_eq!(s, 201);
    let sup = sup["id"].as_i64().unwrap();
    let a = json!({"code": "POP-T", "name": "Poplin, test", "unit": "metre", "pack_size": 50, "pack_price": 300000, "min_packs": 1, "category": "fabric", "retail_price": 8000});
    let (s, a) = app.api_post(token, &format!("{API}/suppliers/{sup}/articles"), a).await;
    assert_eq!(s, 201);
    let article = a["id"].as_i64().unwrap();
    let (s, out) = app
        .api_post(
            token,
            &format!("{API}/stock"),
            json!({"article_id": article, "quantity_milli": 60000, "value": 360000, "till": "cash"}),
        )
        .await;
    assert_eq!(s, 201, "{out}");
    let (s, _) = app
        .api_post(token, &format!("{API}/minimum-wages"), json!({"region": "Testpur", "skill": "tailor", "per_day": 69500, "minutes_per_day": 480, "valid_from": "2024-10-01"}))
        .await;
    assert_eq!(s, 201);
    let product = json!({
        "code": "KT-1", "name": "Kurta, test", "region": "Testpur",
        "materials": [{"article_id": article, "per_piece_milli": 2250, "waste_bp": 500}],
        "operations": [
            {"name": "Cutting", "skill": "tailor", "sam_centi": 600, "rate": 869},
            {"name": "Stitching", "skill": "tailor", "sam_centi": 1250, "rate": 1810},
            {"name": "Finishing", "skill": "tailor", "sam_centi": 500, "rate": 300, "reason": "the buyer's price"}
        ]
    });
    let (s, p) = app.api_post(token, &format!("{API}/products"), product).await;
    assert_eq!(s, 201, "{p}");
    let id = p["id"].as_i64().unwrap();
    let (_, all) = app.api_get(token, &format!("{API}/products")).await;
    let p = all.as_array().unwrap().iter().find(|p| p["id"] == id).cloned().unwrap();
    let ops: Vec<i64> = p["operations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["id"].as_i64().unwrap())
        .collect();
    (id, article, ops)
}

fn op(product: &Value, i: usize) -> Value {
    product["operations"][i].clone()
}

async fn an_order_is_cut_stitched_and_paid_once(app: TestApp) {
    let token = app.token(DS_LEADER, "dura-sundari").await;
    let (product, article, ops) = kurta(&app, &token).await;
    // The fair rates shown openly: 695 × 6 ÷ 480 = 8.6875 → ₹8.69; × 12.5 → ₹18.10.
    let (_, all) = app.api_get(&token, &format!("{API}/products")).await;
    let p = all
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["id"] == product)
        .cloned()
        .unwrap();
    assert_eq!(op(&p, 0)["fair_rate"], 869);
    assert_eq!(op(&p, 1)["fair_rate"], 1810);
    assert_eq!(op(&p, 2)["fair_rate"], 724);
    assert_eq!(op(&p, 2)["below_fair"], true, "{p}");
    assert_eq!(op(&p, 1)["below_fair"], false);
    // A rate below the fair one without a reason, or of zero, is refused.
    for bad in [json!({"rate": 700}), json!({"rate": 0, "reason": "x"})] {
        let (s, out) = app
            .api_post(&token, &format!("{API}/operations/{}/rates", ops[1]), bad)
            .await;
        assert_eq!(s, 422, "{out}");
    }
    let (s, o) = app
        .api_post(&token, &format!("{API}/production-orders"), json!({"product_id": product, "quantity": 20, "due_on": day(20), "buyer": "Kapas Traders", "buyer_ref": "T-1", "pay_within_days": 10}))
        .await;
    assert_eq!(s, 201, "{o}");
    let order = o["id"].as_i64().unwrap();
    let lots = format!("{API}/production-orders/{order}/lots");
    let entries = app.count("SELECT COUNT(*) FROM journal_entries").await;
    let lots_before = app.count("SELECT COUNT(*) FROM work_lots").await;
    // More cloth than is in stock, stitching before anything is cut, a member not
    // active: each refused, nothing written.
    for bad in [
        json!({"operation_id": ops[0], "member_number": "10", "quantity": 20, "due_on": day(3), "materials": [{"article_id": article, "quantity_milli": 70000}]}),
        json!({"operation_id": ops[1], "member_number": "10", "quantity": 5, "due_on": day(3)}),
        json!({"operation_id": ops[0], "member_number": "10", "quantity": 21, "due_on": day(3)}),
        json!({"operation_id": ops[0], "member_number": "9999", "quantity": 5, "due_on": day(3)}),
    ] {
        let (s, out) = app.api_post(&token, &lots, bad.clone()).await;
        assert_eq!(s, 422, "{bad}: {out}");
    }
    assert_eq!(app.count("SELECT COUNT(*) FROM work_lots").await, lots_before);
    assert_eq!(app.count("SELECT COUNT(*) FROM journal_entries").await, entries);
    let (s, cut) = app
        .api_post(&token, &lots, json!({"operation_id": ops[0], "member_number": "10", "quantity": 20, "due_on": day(3), "materials": [{"article_id": article, "quantity_milli": 45000}]}))
        .await;
    assert_eq!(s, 201, "{cut}");
    let cut = cut["id"].as_i64().unwrap();
    // She hands in all 20: 18 good, 2 torn, 1 m of cloth back.
    let hand_ins = |lot: i64| format!("{API}/lots/{lot}/hand-ins");
    for bad in [
        json!({"handed": 21, "accepted": 21}),
        json!({"handed": 20, "accepted": 17, "rejected": 2}),
        json!({"handed": 20, "accepted": 18, "rejected": 2}),
        json!({"handed": 20, "accepted": 20, "materials_back": [{"article_id": article, "returned_milli": 50000}]}),
    ] {
        let (s, out) = app.api_post(&token, &hand_ins(cut), bad.clone()).await;
        assert_eq!(s, 422, "{bad}: {out}");
    }
    let demo_hand_ins = app.count("SELECT COUNT(*) FROM hand_ins").await;
    let (s, h) = app
        .api_post(&token, &hand_ins(cut), json!({"handed": 20, "accepted": 18, "rejected": 2, "reason": "torn", "materials_back": [{"article_id": article, "returned_milli": 1000}]}))
        .await;
    assert_eq!(s, 201, "{h}");
    let (_, lot) = app.api_get(&token, &format!("{API}/lots/{cut}")).await;
    assert_eq!(lot["lot"]["status"], "closed", "every piece came back: {lot}");
    assert_eq!(lot["hand_ins"][0]["earned"], 18 * 869);
    // 45 m issued = 20 × 2.25 m used + 1 m back: nothing missing.
    assert_eq!(lot["materials"][0]["used_milli"], 45000);
    assert_eq!(lot["materials"][0]["difference_milli"], -1000);
    assert_eq!(app.count("SELECT COUNT(*) FROM hand_ins").await, demo_hand_ins + 1);
    // Only the 18 good pieces can be stitched.
    let (s, _) = app
        .api_post(
            &token,
            &lots,
            json!({"operation_id": ops[1], "member_number": "11", "quantity": 19, "due_on": day(5)}),
        )
        .await;
    assert_eq!(s, 422);
    let (s, stitch) = app
        .api_post(
            &token,
            &lots,
            json!({"operation_id": ops[1], "member_number": "11", "quantity": 18, "due_on": day(5)}),
        )
        .await;
    assert_eq!(s, 201);
    let stitch = stitch["id"].as_i64().unwrap();
    // A cut after the lot was given does not reach it; a raise does.
    let (s, _) = app
        .api_post(
            &token,
            &format!("{API}/operations/{}/rates", ops[1]),
            json!({"rate": 1500, "reason": "trial"}),
        )
        .await;
    assert_eq!(s, 201);
    let (s, _) = app
        .api_post(
            &token,
            &hand_ins(stitch),
            json!({"handed": 10, "accepted": 9, "rework": 1}),
        )
        .await;
    assert_eq!(s, 201);
    let (s, _) = app
        .api_post(
            &token,
            &format!("{API}/operations/{}/rates", ops[1]),
            json!({"rate": 1900}),
        )
        .await;
    assert_eq!(s, 201);
    let (s, _) = app
        .api_post(&token, &hand_ins(stitch), json!({"handed": 9, "accepted": 9}))
        .await;
    assert_eq!(s, 201);
    let (_, lot) = app.api_get(&token, &format!("{API}/lots/{stitch}")).await;
    assert_eq!(lot["hand_ins"][0]["rate"], 1810, "{lot}");
    assert_eq!(lot["hand_ins"][1]["rate"], 1900);
    assert_eq!(lot["lot"]["outstanding"], 0);
    assert_eq!(lot["hand_ins"][0]["due_on"], day(10));
    // The books: piece-rate work equals the earnings, every entry balances.
    let ours = "SELECT h.id FROM hand_ins h JOIN work_lots l ON l.id = h.lot_id WHERE l.order_id = (SELECT MAX(id) FROM production_orders)";
    let earned = app
        .count_of(format!(
            "SELECT CAST(SUM(earned + topup) AS BIGINT) FROM hand_ins WHERE id IN ({ours})"
        ))
        .await;
    assert_eq!(earned, 18 * 869 + 9 * 1810 + 9 * 1900);
    // Across every organisation, demo included: piece-rate work equals the earnings.
    let expense = app
        .count("SELECT CAST(COALESCE(SUM(p.amount), 0) AS BIGINT) FROM postings p JOIN accounts a ON a.id = p.account_id WHERE a.code = '5200'")
        .await;
    assert_eq!(
        expense,
        app.count("SELECT CAST(SUM(earned + topup) AS BIGINT) FROM hand_ins")
            .await
    );
    assert_eq!(
        app.count("SELECT CAST(COALESCE(SUM(amount), 0) AS BIGINT) FROM postings")
            .await,
        0
    );
    // Closing the order with a lot open is refused.
    let (s, _) = app
        .api_post(
            &token,
            &lots,
            json!({"operation_id": ops[2], "member_number": "12", "quantity": 10, "due_on": day(6)}),
        )
        .await;
    assert_eq!(s, 201);
    let (s, _) = app
        .api_post(&token, &format!("{API}/production-orders/{order}/close"), json!({}))
        .await;
    assert_eq!(s, 422);
    // Pay: the treasurer pays both, each her way; paying again pays nothing.
    let treasurer = app.token(DS_TREASURER, "dura-sundari").await;
    let (_, owed) = app.api_get(&treasurer, &format!("{API}/pay-runs")).await;
    let of = |n: &str| {
        owed.as_array()
            .unwrap()
            .iter()
            .find(|o| o["member_number"] == n)
            .cloned()
            .unwrap()
    };
    assert_eq!(of("10")["amount"], 18 * 869);
    assert_eq!(of("11")["amount"], 9 * 1810 + 9 * 1900);
    let run = json!({"members": [{"member_number": "10", "how": "savings"}, {"member_number": "11", "how": "cash"}]});
    let coordinator = app.token(&login(3), "dura-sundari").await;
    let (s, out) = app
        .api_post(&coordinator, &format!("{API}/pay-runs"), run.clone())
        .await;
    assert_eq!(s, 403, "a coordinator does not pay: {out}");
    let savings_before = app
        .count_of(format!("SELECT CAST(COALESCE(SUM(p.amount), 0) AS BIGINT) FROM postings p JOIN accounts a ON a.id = p.account_id WHERE a.code = '2100-M{}'", app.member_id("dura-sundari", "10").await))
        .await;
    let runs = app.count("SELECT COUNT(*) FROM pay_runs").await;
    let (s, out) = app.api_post(&treasurer, &format!("{API}/pay-runs"), run.clone()).await;
    assert_eq!(s, 201, "{out}");
    let (s, out) = app.api_post(&treasurer, &format!("{API}/pay-runs"), run).await;
    assert_eq!(s, 422, "{out}");
    assert_eq!(app.count("SELECT COUNT(*) FROM pay_runs").await, runs + 1);
    let savings_after = app
        .count_of(format!("SELECT CAST(COALESCE(SUM(p.amount), 0) AS BIGINT) FROM postings p JOIN accounts a ON a.id = p.account_id WHERE a.code = '2100-M{}'", app.member_id("dura-sundari", "10").await))
        .await;
    assert_eq!(savings_after - savings_before, -18 * 869, "her savings grew by her pay");
    let owed_left = app
        .count("SELECT COUNT(*) FROM hand_ins h JOIN work_lots l ON l.id = h.lot_id WHERE h.pay_run_id IS NULL AND l.order_id = (SELECT MAX(id) FROM production_orders)")
        .await;
    assert_eq!(owed_left, 0);
    assert_eq!(
        app.count("SELECT CAST(COALESCE(SUM(amount), 0) AS BIGINT) FROM postings")
            .await,
        0
    );
}
both!(an_order_is_cut_stitched_and_paid_once);

async fn a_member_sees_her_receipt_and_work_and_no_one_elses(app: TestApp) {
    let token = app.token(DS_LEADER, "dura-sundari").await;
    let (product, _, ops) = kurta(&app, &token).await;
    let (_, o) = app
        .api_post(
            &token,
            &format!("{API}/production-orders"),
            json!({"product_id": product, "quantity": 6, "due_on": day(9)}),
        )
        .await;
    let order = o["id"].as_i64().unwrap();
    let (_, lot) = app
        .api_post(
            &token,
            &format!("{API}/production-orders/{order}/lots"),
            json!({"operation_id": ops[0], "member_number": "5", "quantity": 6, "due_on": day(2)}),
        )
        .await;
    let lot = lot["id"].as_i64().unwrap();
    // Recorded on the coordinator's page, in a few taps: the receipt follows.
    let coordinator = app.login(DS_LEADER).await;
    let page = app
        .text(&coordinator, &format!("/o/dura-sundari/production/lots/{lot}"))
        .await;
    assert!(page.contains("inputmode=\"numeric\""));
    let csrf = hidden(&page, "csrf");
    let idem = hidden(&page, "idem");
    let form = [
        ("csrf", csrf.as_str()),
        ("idem", idem.as_str()),
        ("action", "hand-in"),
        ("handed", "4"),
        ("accepted", "3"),
        ("rejected", "1"),
        ("reason", ""),
    ];
    let r = app
        .post(&coordinator, &format!("/o/dura-sundari/production/lots/{lot}"), &form)
        .await;
    assert_eq!(r.status(), 422, "a reject needs its reason");
    assert!(r.text().await.unwrap().contains("Say why pieces were rejected"));
    let mut form = form;
    form[6] = ("reason", "stain");
    let r = app
        .post(&coordinator, &format!("/o/dura-sundari/production/lots/{lot}"), &form)
        .await;
    assert_eq!(r.status(), 303);
    let receipt = r.headers()["location"].to_str().unwrap().to_string();
    assert!(receipt.contains("/production/hand-ins/"), "{receipt}");
    // The same form sent again (a flaky connection) counts once.
    let again = app
        .post(&coordinator, &format!("/o/dura-sundari/production/lots/{lot}"), &form)
        .await;
    assert_eq!(again.status(), 303);
    assert_eq!(
        app.count_of(format!("SELECT COUNT(*) FROM hand_ins WHERE lot_id = {lot}"))
            .await,
        1
    );
    let her = app.login(DS_MEMBER).await;
    let page = app.text(&her, &receipt).await;
    assert!(page.contains("Receipt for pieces") && page.contains("stain"), "{page}");
    assert!(page.contains("₹26.07"), "3 × ₹8.69: {page}");
    let home = app.text(&her, "/o/dura-sundari").await;
    assert!(
        home.contains("Your work") && home.contains("2 pieces to hand in"),
        "{home}"
    );
    let mine = app.text(&her, "/o/dura-sundari/production/mine").await;
    assert!(
        mine.contains("Rates of your products") && mine.contains("below the fair rate"),
        "{mine}"
    );
    let passbook = app
        .text(
            &her,
            &format!(
                "/o/dura-sundari/members/{}/passbook",
                app.member_id("dura-sundari", "5").await
            ),
        )
        .await;
    assert!(
        passbook.contains("₹26.07") && passbook.contains("Owed to you for your work"),
        "{passbook}"
    );
    // Another member sees neither her lot nor her receipt.
    let other = app.login(&login(12)).await;
    for path in [receipt.clone(), format!("/o/dura-sundari/production/lots/{lot}")] {
        let r = other.get(app.url(&path)).send().await.unwrap();
        assert_eq!(r.status(), 403, "{path}");
    }
    let t12 = app.token(&login(12), "dura-sundari").await;
    assert_eq!(app.api_get(&t12, &format!("{API}/lots/{lot}")).await.0, 403);
    assert_eq!(app.api_get(&t12, &format!("{API}/products")).await.0, 403);
}
both!(a_member_sees_her_receipt_and_work_and_no_one_elses);

async fn hours_worked_top_slow_pieces_up_to_the_time_rate(app: TestApp) {
    let token = app.token(DS_LEADER, "dura-sundari").await;
    let (product, _, ops) = kurta(&app, &token).await;
    let (_, o) = app
        .api_post(
            &token,
            &format!("{API}/production-orders"),
            json!({"product_id": product, "quantity": 4, "due_on": day(9), "pay_within_days": 0}),
        )
        .await;
    let order = o["id"].as_i64().unwrap();
    let (_, lot) = app
        .api_post(
            &token,
            &format!("{API}/production-orders/{order}/lots"),
            json!({"operation_id": ops[0], "member_number": "14", "quantity": 4, "due_on": day(2)}),
        )
        .await;
    let lot = lot["id"].as_i64().unwrap();
    // 4 pieces at ₹8.69 in 3 hours: ₹34.76 against ₹260.63 at the time rate.
    let (s, _) = app
        .api_post(
            &token,
            &format!("{API}/lots/{lot}/hand-ins"),
            json!({"handed": 4, "accepted": 4, "minutes_worked": 180}),
        )
        .await;
    assert_eq!(s, 201);
    let (_, detail) = app.api_get(&token, &format!("{API}/lots/{lot}")).await;
    let h = &detail["hand_ins"][0];
    assert_eq!(h["earned"], 3476);
    assert_eq!(h["topup"], 26063 - 3476, "{detail}");
    assert_eq!(h["due_on"], day(0), "paid on receipt");
    // Finished goods took the pieces at their materials and pay.
    let (_, order_detail) = app.api_get(&token, &format!("{API}/production-orders/{order}")).await;
    assert_eq!(order_detail["order"]["finished"], 0, "only cut: {order_detail}");
}
both!(hours_worked_top_slow_pieces_up_to_the_time_rate);

async fn finished_pieces_enter_stock_and_closing_reconciles_materials(app: TestApp) {
    let token = app.token(DS_LEADER, "dura-sundari").await;
    let (product, article, ops) = kurta(&app, &token).await;
    let (_, o) = app
        .api_post(
            &token,
            &format!("{API}/production-orders"),
            json!({"product_id": product, "quantity": 2, "due_on": day(9)}),
        )
        .await;
    let order = o["id"].as_i64().unwrap();
    let lots = format!("{API}/production-orders/{order}/lots");
    let goods_sql = "SELECT CAST(COALESCE(SUM(p.amount), 0) AS BIGINT) FROM postings p JOIN accounts a ON a.id = p.account_id JOIN orgs o ON o.id = a.org_id WHERE o.slug = 'dura-sundari' AND a.code = '1210'";
    let goods_before = app.count(goods_sql).await;
    let mut lot_ids = vec![];
    for (i, op) in ops.iter().enumerate() {
        let materials = if i == 0 {
            json!([{"article_id": article, "quantity_milli": 6000}])
        } else {
            json!([])
        };
        let (s, lot) = app
            .api_post(&token, &lots, json!({"operation_id": op, "member_number": (20 + i).to_string(), "quantity": 2, "due_on": day(2), "materials": materials}))
            .await;
        assert_eq!(s, 201, "{lot}");
        let lot = lot["id"].as_i64().unwrap();
        lot_ids.push(lot);
        let (s, _) = app
            .api_post(
                &token,
                &format!("{API}/lots/{lot}/hand-ins"),
                json!({"handed": 2, "accepted": 2}),
            )
            .await;
        assert_eq!(s, 201);
    }
    // 6 m issued, 4.5 m used: 1.5 m unexplained beyond the 0.225 m allowed, flagged.
    let (_, detail) = app.api_get(&token, &format!("{API}/production-orders/{order}")).await;
    assert_eq!(detail["order"]["finished"], 2);
    assert_eq!(detail["materials"][0]["difference_milli"], 1500, "{detail}");
    assert_eq!(detail["materials"][0]["flagged"], true);
    // Finished goods: 2 × (2.25 m at ₹60 + ₹8.69 + ₹18.10 + ₹3.00).
    assert_eq!(
        app.count(goods_sql).await - goods_before,
        2 * (13500 + 869 + 1810 + 300)
    );
    let (s, out) = app
        .api_post(&token, &format!("{API}/production-orders/{order}/close"), json!({}))
        .await;
    assert_eq!(s, 204, "{out}");
    // What the 1.5 m cost went to the materials expense.
    let used = app
        .count("SELECT CAST(COALESCE(SUM(p.amount), 0) AS BIGINT) FROM postings p JOIN accounts a ON a.id = p.account_id JOIN journal_entries e ON e.id = p.entry_id WHERE e.source = 'order-close' AND a.code = '5100'")
        .await;
    assert_eq!(used, 9000, "1.5 m at ₹60");
    let (s, _) = app
        .api_post(&token, &format!("{API}/production-orders/{order}/close"), json!({}))
        .await;
    assert_eq!(s, 422, "closed once");
    // Who produced what, as a report.
    let (s, report) = app
        .api_get(
            &token,
            &format!("{API}/reports/production?from={}&through={}", day(-1), day(0)),
        )
        .await;
    assert_eq!(s, 200, "{report}");
    assert!(report.to_string().contains("Kurta, test"), "{report}");
}
both!(finished_pieces_enter_stock_and_closing_reconciles_materials);

/// A multipart body with the form's CSRF token and a file.
fn multipart(csrf: &str, file: &[u8]) -> Vec<u8> {
    let mut body = format!(
        "--XBOUND\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n{csrf}\r\n--XBOUND\r\nContent-Disposition: form-data; name=\"photo\"; filename=\"p.png\"\r\nContent-Type: image/png\r\n\r\n"
    )
    .into_bytes();
    body.extend_from_slice(file);
    body.extend_from_slice(b"\r\n--XBOUND--\r\n");
    body
}

async fn a_product_photo_from_a_phone_is_kept_small(app: TestApp) {
    let token = app.token(DS_LEADER, "dura-sundari").await;
    let (product, _, _) = kurta(&app, &token).await;
    // A 1,600 × 1,200 picture, as a phone sends it (a PNG of some hundreds of KB).
    let img = image::RgbImage::from_fn(1_600, 1_200, |x, y| {
        image::Rgb([(x / 7) as u8, (y / 5) as u8, ((x ^ y) & 0xff) as u8])
    });
    let mut png = vec![];
    image::DynamicImage::ImageRgb8(img)
        .write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)
        .unwrap();
    assert!(png.len() > 64 * 1024, "bigger than a form may be: {}", png.len());
    let leader = app.login(DS_LEADER).await;
    let csrf = app.csrf(&leader, "/o/dura-sundari/production/products").await;
    let upload = |c: reqwest::Client, body: Vec<u8>| {
        let url = app.url(&format!("/o/dura-sundari/production/products/{product}/photo"));
        async move {
            c.post(url)
                .header("content-type", "multipart/form-data; boundary=XBOUND")
                .body(body)
                .send()
                .await
                .unwrap()
        }
    };
    let r = upload(leader.clone(), multipart(&csrf, b"not a picture")).await;
    assert_eq!(r.status(), 422);
    assert!(r.text().await.unwrap().contains("not a photo Tejido can read"));
    let r = upload(leader.clone(), multipart(&csrf, &png)).await;
    assert_eq!(r.status(), 303);
    let photo = leader
        .get(app.url(&format!("/o/dura-sundari/production/products/{product}/photo")))
        .send()
        .await
        .unwrap();
    assert_eq!(photo.headers()["content-type"], "image/jpeg");
    let bytes = photo.bytes().await.unwrap();
    assert!(bytes.len() <= 30_000, "{} bytes", bytes.len());
    let small = image::load_from_memory(&bytes).unwrap();
    assert_eq!((small.width(), small.height()), (480, 360));
    let page = app.text(&leader, "/o/dura-sundari/production/products").await;
    assert!(page.contains("class=\"thumb\"") && page.contains("loading=\"lazy\""));
    // Through the API too: the raw picture in, the product names where its photo is.
    let api = |body: Vec<u8>| {
        let url = app.url(&format!("/api/v1/orgs/dura-sundari/products/{product}/photo"));
        let token = token.clone();
        async move {
            reqwest::Client::new()
                .post(url)
                .bearer_auth(token)
                .body(body)
                .send()
                .await
                .unwrap()
                .status()
        }
    };
    assert_eq!(api(b"GIF89a not really".to_vec()).await, 422);
    assert_eq!(api(png.clone()).await, 204);
    let (_, products) = app.api_get(&token, "/api/v1/orgs/dura-sundari/products").await;
    let shown = products
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["id"] == product)
        .unwrap();
    assert_eq!(
        shown["photo"],
        format!("/o/dura-sundari/production/products/{product}/photo")
    );
    // A member may not change it; nothing past 8 MB is read.
    let member = app.login(DS_MEMBER).await;
    let csrf_m = app.csrf(&member, "/o/dura-sundari").await;
    assert_eq!(upload(member, multipart(&csrf_m, b"small")).await.status(), 403);
    // Refused on its declared length: the server answers 413 and may close the connection
    // before the client has finished writing, which the client sees as a broken pipe.
    let huge = multipart(&csrf, &vec![0u8; 9 * 1024 * 1024]);
    let url = app.url(&format!("/o/dura-sundari/production/products/{product}/photo"));
    match leader
        .post(url)
        .header("content-type", "multipart/form-data; boundary=XBOUND")
        .body(huge)
        .send()
        .await
    {
        Ok(r) => assert_eq!(r.status(), 413),
        Err(e) => assert!(e.is_request() && format!("{e:?}").contains("BodyWrite"), "{e:?}"),
    }
    // Any other form stays within 64 KiB.
    let big_form = "x".repeat(70 * 1024);
    let r = app
        .post(
            &leader,
            "/o/dura-sundari/production",
            &[("csrf", csrf.as_str()), ("buyer", big_form.as_str())],
        )
        .await;
    assert_eq!(r.status(), 413);
}
both!(a_product_photo_from_a_phone_is_kept_small);

/// The bad input, on the pages in the coordinator's language and on the API: each
/// refused with a clear message and nothing written.
async fn bad_production_input_is_refused_in_words(app: TestApp) {
    let token = app.token(DS_LEADER, "dura-sundari").await;
    let (product, _, ops) = kurta(&app, &token).await;
    let wages = app.count("SELECT COUNT(*) FROM minimum_wages").await;
    // A minimum wage with no date, or of nothing.
    // (A field left out is malformed JSON for its schema: 400, like every API call.)
    for (bad, status) in [
        (
            json!({"region": "X", "skill": "tailor", "per_day": 50000, "minutes_per_day": 480, "valid_from": ""}),
            422,
        ),
        (
            json!({"region": "X", "skill": "tailor", "per_day": 0, "minutes_per_day": 480, "valid_from": "2025-01-01"}),
            422,
        ),
        (
            json!({"region": "X", "skill": "tailor", "per_day": 50000, "minutes_per_day": 480}),
            400,
        ),
    ] {
        let (s, out) = app.api_post(&token, &format!("{API}/minimum-wages"), bad.clone()).await;
        assert_eq!(s, status, "{bad}: {out}");
        assert!(out["detail"].as_str().is_some_and(|d| !d.is_empty()), "{out}");
    }
    let c = app.login(DS_LEADER).await;
    c.get(app.url("/lang/es")).send().await.unwrap();
    let page = app.text(&c, "/o/dura-sundari/production/products").await;
    let r = app
        .post(
            &c,
            "/o/dura-sundari/production/products",
            &[
                ("csrf", hidden(&page, "csrf").as_str()),
                ("idem", hidden(&page, "idem").as_str()),
                ("action", "wage"),
                ("region", "X"),
                ("skill", "tailor"),
                ("per_day", "500"),
                ("hours_per_day", "8"),
                ("valid_from", ""),
            ],
        )
        .await;
    assert_eq!(r.status(), 422);
    assert!(r.text().await.unwrap().contains("Escriba una fecha real"));
    assert_eq!(app.count("SELECT COUNT(*) FROM minimum_wages").await, wages);
    // A lot for a member who is suspended.
    let (_, o) = app
        .api_post(
            &token,
            &format!("{API}/production-orders"),
            json!({"product_id": product, "quantity": 4, "due_on": day(9)}),
        )
        .await;
    let order = o["id"].as_i64().unwrap();
    app.exec("UPDATE memberships SET status = 'suspended' WHERE member_number = '14' AND org_id = (SELECT id FROM orgs WHERE slug = 'dura-sundari')")
        .await;
    let lots = format!("{API}/production-orders/{order}/lots");
    let (s, out) = app
        .api_post(
            &token,
            &lots,
            json!({"operation_id": ops[0], "member_number": "14", "quantity": 4, "due_on": day(2)}),
        )
        .await;
    assert_eq!(s, 422, "{out}");
    let (_, lot) = app
        .api_post(
            &token,
            &lots,
            json!({"operation_id": ops[0], "member_number": "15", "quantity": 4, "due_on": day(2)}),
        )
        .await;
    let lot = lot["id"].as_i64().unwrap();
    // Hand-ins on the page: not a number, negative, more than the lot, counts that do
    // not add up. Each answered in Spanish, nothing written.
    let entries = app.count("SELECT COUNT(*) FROM journal_entries").await;
    let path = format!("/o/dura-sundari/production/lots/{lot}");
    for (handed, accepted, rejected, says) in [
        ("cuatro", "4", "", "número"),
        ("-1", "0", "", "número"),
        ("5", "5", "", "Más piezas"),
        ("4", "2", "1", "deben sumar"),
    ] {
        let page = app.text(&c, &path).await;
        let r = app
            .post(
                &c,
                &path,
                &[
                    ("csrf", hidden(&page, "csrf").as_str()),
                    ("idem", hidden(&page, "idem").as_str()),
                    ("action", "hand-in"),
                    ("handed", handed),
                    ("accepted", accepted),
                    ("rejected", rejected),
                    ("reason", "mancha"),
                ],
            )
            .await;
        assert_eq!(r.status(), 422, "{handed}/{accepted}/{rejected}");
        let text = r.text().await.unwrap();
        assert!(text.contains("role=\"alert\"") && text.contains(says), "{says}: {text}");
    }
    assert_eq!(
        app.count_of(format!("SELECT COUNT(*) FROM hand_ins WHERE lot_id = {lot}"))
            .await,
        0
    );
    assert_eq!(app.count("SELECT COUNT(*) FROM journal_entries").await, entries);
}
both!(bad_production_input_is_refused_in_words);
