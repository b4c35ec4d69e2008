use serde_json::{Value, json};

use crate::both;
use crate::common::*;

async fn the_api_lists_creates_and_updates_members(app: TestApp) {
    let token = app.token(DS_LEADER, "dura-sundari").await;
    let c = reqwest::Client::new();
    let auth = format!("Bearer {token}");
    let list: Value = c
        .get(app.url("/api/v1/orgs/dura-sundari/members?q=patel"))
        .header("authorization", &auth)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(list["total"].as_i64().unwrap() > 0);
    assert_eq!(list["page_size"], 25);
    let created = c
        .post(app.url("/api/v1/orgs/dura-sundari/members"))
        .header("authorization", &auth)
        .header("idempotency-key", "add-jyoti-1")
        .json(&json!({"name": "Jyotiben Solanki", "phone": "+919825077777", "roles": ["coordinator"], "trade": "કટિંગ"}))
        .send()
        .await
        .unwrap();
    assert_eq!(created.status(), 201);
    let location = created.headers()["location"].to_str().unwrap().to_string();
    let body: Value = created.json().await.unwrap();
    assert_eq!(body["status"], "active");
    assert_eq!(body["roles"], json!(["member", "coordinator"]));
    // The same key again: the first answer, and no second member.
    let again = c
        .post(app.url("/api/v1/orgs/dura-sundari/members"))
        .header("authorization", &auth)
        .header("idempotency-key", "add-jyoti-1")
        .json(&json!({"name": "Jyotiben Solanki", "phone": "+919825077777", "roles": ["coordinator"], "trade": "કટિંગ"}))
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), 201);
    assert_eq!(again.headers()["idempotent-replayed"], "true");
    assert_eq!(again.headers()["location"].to_str().unwrap(), location);
    // The same key with another body is another request: refused, not taken for the first.
    let other = c
        .post(app.url("/api/v1/orgs/dura-sundari/members"))
        .header("authorization", &auth)
        .header("idempotency-key", "add-jyoti-1")
        .json(&json!({"name": "Jyotiben Solanki", "phone": "+919825077778"}))
        .send()
        .await
        .unwrap();
    assert_eq!(other.status(), 422);
    assert_eq!(
        app.count("SELECT COUNT(*) FROM people WHERE name = 'Jyotiben Solanki'")
            .await,
        1
    );
    let patched: Value = c
        .patch(app.url(&location))
        .header("authorization", &auth)
        .json(&json!({"status": "suspended", "locality": "Gomtipur"}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(patched["status"], "suspended");
    assert_eq!(patched["locality"], "Gomtipur");
    assert_eq!(patched["name"], "Jyotiben Solanki");
    let read: Value = c
        .get(app.url(&location))
        .header("authorization", &auth)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(read["member_number"], "59");
}
both!(the_api_lists_creates_and_updates_members);

async fn api_errors_are_problems_and_change_nothing(app: TestApp) {
    let token = app.token(DS_LEADER, "dura-sundari").await;
    let c = reqwest::Client::new();
    let auth = format!("Bearer {token}");
    let before = app.count("SELECT COUNT(*) FROM memberships").await;
    let invalid = c
        .post(app.url("/api/v1/orgs/dura-sundari/members"))
        .header("authorization", &auth)
        .json(&json!({"name": "", "member_number": "7"}))
        .send()
        .await
        .unwrap();
    assert_eq!(invalid.status(), 422);
    assert_eq!(invalid.headers()["content-type"], "application/problem+json");
    let p: Value = invalid.json().await.unwrap();
    assert_eq!(p["status"], 422);
    assert_eq!(p["errors"][0]["field"], "name");
    let dup = c
        .post(app.url("/api/v1/orgs/dura-sundari/members"))
        .header("authorization", &auth)
        .json(&json!({"name": "Number Seven", "member_number": "7"}))
        .send()
        .await
        .unwrap();
    assert_eq!(dup.status(), 422);
    let p: Value = dup.json().await.unwrap();
    assert_eq!(p["errors"][0]["code"], "member-number-taken");
    let wrong_type = c
        .post(app.url("/api/v1/orgs/dura-sundari/members"))
        .header("authorization", &auth)
        .json(&json!({"name": 42}))
        .send()
        .await
        .unwrap();
    assert_eq!(wrong_type.status(), 400);
    assert_eq!(wrong_type.headers()["content-type"], "application/problem+json");
    let unknown_field = c
        .post(app.url("/api/v1/orgs/dura-sundari/members"))
        .header("authorization", &auth)
        .json(&json!({"name": "X", "salary": 1}))
        .send()
        .await
        .unwrap();
    assert_eq!(unknown_field.status(), 400);
    let broken = c
        .post(app.url("/api/v1/orgs/dura-sundari/members"))
        .header("authorization", &auth)
        .header("content-type", "application/json")
        .body("{\"name\": ")
        .send()
        .await
        .unwrap();
    assert_eq!(broken.status(), 400);
    let not_json = c
        .post(app.url("/api/v1/orgs/dura-sundari/members"))
        .header("authorization", &auth)
        .body("name=x")
        .send()
        .await
        .unwrap();
    assert_eq!(not_json.status(), 400);
    let unknown_org = c
        .get(app.url("/api/v1/orgs/no-such-org"))
        .header("authorization", &auth)
        .send()
        .await
        .unwrap();
    assert_eq!(unknown_org.status(), 404);
    let p: Value = unknown_org.json().await.unwrap();
    assert_eq!(p["detail"], "This page does not exist.");
    let bad_token = c
        .get(app.url("/api/v1/me"))
        .header("authorization", "Bearer tej_nothing")
        .send()
        .await
        .unwrap();
    assert_eq!(bad_token.status(), 401);
    // The token belongs to Dura Sundari: another organisation is out of its reach.
    let other = c
        .get(app.url("/api/v1/orgs/patamaba-wise/members"))
        .header("authorization", &auth)
        .send()
        .await
        .unwrap();
    assert_eq!(other.status(), 403);
    // In Gujarati, the problem's detail is in Gujarati.
    let gu = c
        .get(app.url("/api/v1/orgs/no-such-org"))
        .header("authorization", &auth)
        .header("accept-language", "gu")
        .send()
        .await
        .unwrap();
    let p: Value = gu.json().await.unwrap();
    assert_eq!(p["detail"], "આ પાનું અસ્તિત્વમાં નથી.");
    assert_eq!(app.count("SELECT COUNT(*) FROM memberships").await, before);
}
both!(api_errors_are_problems_and_change_nothing);

async fn the_api_serves_organisations_and_the_caller(app: TestApp) {
    let token = app.token(SEWA_STAFF, "sewa-federation").await;
    let c = reqwest::Client::new();
    let auth = format!("Bearer {token}");
    let me: Value = c
        .get(app.url("/api/v1/me"))
        .header("authorization", &auth)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(me["memberships"][0]["org"], "sewa-federation");
    let orgs: Value = c
        .get(app.url("/api/v1/orgs"))
        .header("authorization", &auth)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(orgs.as_array().unwrap().len(), 1);
    let fed: Value = c
        .get(app.url("/api/v1/orgs/sewa-federation"))
        .header("authorization", &auth)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(fed["kind"], "federation");
    assert_eq!(fed["parents"], json!(["homenet"]));
    let aff: Value = c
        .get(app.url("/api/v1/orgs/sewa-federation/affiliates"))
        .header("authorization", &auth)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(aff[0]["slug"], "dura-sundari");
    assert_eq!(aff[0]["active_members"], 54);
    // The API writes only for a token: a session cookie (which a browser sends by itself,
    // from any site's form) writes nothing, not even the operator's.
    let op = app.login(OPERATOR).await;
    let refused = op
        .post(app.url("/api/v1/orgs"))
        .header("origin", "https://evil.example")
        .json(&json!({"slug": "kudumbashree-unit", "name": "Kudumbashree Unit 12", "kind": "self_help_group", "country": "IN", "currency": "INR", "languages": ["hi", "en"], "parents": ["sewa-federation"]}))
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), 401);
    assert_eq!(
        app.count("SELECT COUNT(*) FROM orgs WHERE slug = 'kudumbashree-unit'")
            .await,
        0
    );
    // An admin patches her organisation; a plain member may not.
    let admin = format!("Bearer {}", app.token(DS_LEADER, "dura-sundari").await);
    let patched: Value = c
        .patch(app.url("/api/v1/orgs/dura-sundari"))
        .header("authorization", &admin)
        .json(&json!({"bylaws": {"share_par_value": 20000, "min_shares": 1, "quorum_percent": 40, "reserve_percent": 25}}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(patched["bylaws"]["quorum_percent"], 40);
    let member = format!("Bearer {}", app.token(DS_MEMBER, "dura-sundari").await);
    let refused = c
        .patch(app.url("/api/v1/orgs/dura-sundari"))
        .header("authorization", &member)
        .json(&json!({"name": "Mine"}))
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), 403);
}
both!(the_api_serves_organisations_and_the_caller);

async fn the_openapi_document_describes_the_api(app: TestApp) {
    let doc: Value = reqwest::get(app.url("/api/v1/openapi.json"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(doc["openapi"], "3.1.0");
    for path in [
        "/api/v1/orgs",
        "/api/v1/orgs/{slug}",
        "/api/v1/orgs/{slug}/members",
        "/api/v1/orgs/{slug}/members/{id}",
        "/api/v1/me",
    ] {
        assert!(doc["paths"][path].is_object(), "{path} is documented");
    }
    assert!(doc["components"]["schemas"]["MemberOut"].is_object());
    // Every API route of the router is in the document.
    for r in tejido::app::route_table()
        .iter()
        .filter(|r| r.path.starts_with("/api/v1/orgs") || r.path == "/api/v1/me")
    {
        let method = r.method.as_str().to_lowercase();
        assert!(
            doc["paths"][r.path][&method].is_object(),
            "{} {} is documented",
            r.method,
            r.path
        );
    }
}
both!(the_openapi_document_describes_the_api);
