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

/// The OpenAPI document, as a client fetches it.
async fn document(app: &TestApp) -> Value {
    reqwest::get(app.url("/api/v1/openapi.json"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
}

async fn the_openapi_document_describes_the_api(app: TestApp) {
    let doc = document(&app).await;
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

/// What a client generator reads off the document is what the server does: query
/// parameters in the query, one schema per name, every error status with the problem
/// schema, steps as enums, and integers as JSON Schema counts them.
async fn a_client_generator_can_trust_the_document(app: TestApp) {
    let doc = document(&app).await;
    let mut operations = 0;
    for (template, item) in doc["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            operations += 1;
            for p in op["parameters"].as_array().into_iter().flatten() {
                let name = p["name"].as_str().unwrap();
                match p["in"].as_str().unwrap() {
                    "path" => assert!(
                        template.contains(&format!("{{{name}}}")),
                        "{method} {template}: {name} is not in the path"
                    ),
                    "query" => assert!(
                        !template.contains(&format!("{{{name}}}")),
                        "{method} {template}: {name}"
                    ),
                    _ => {}
                }
                if ["page", "q", "from", "through", "account", "format"].contains(&name) {
                    assert_eq!(p["in"], "query", "{method} {template}: {name}");
                }
            }
            for status in ["400", "401", "403", "404", "409", "422"] {
                assert_eq!(
                    op["responses"][status]["content"]["application/problem+json"]["schema"]["$ref"],
                    "#/components/schemas/Problem",
                    "{method} {template} {status}"
                );
            }
        }
    }
    assert!(operations > 50, "{operations}");
    let param = |path: &str, name: &str| -> Value {
        let op = &doc["paths"][path]["post"];
        let p = op["parameters"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["name"] == name)
            .unwrap()
            .clone();
        match p["schema"]["$ref"].as_str() {
            Some(r) => doc["components"]["schemas"][r.trim_start_matches("#/components/schemas/")].clone(),
            None => p["schema"].clone(),
        }
    };
    assert!(
        param("/api/v1/orgs/{slug}/loans/{id}/{action}", "action")["enum"]
            .as_array()
            .unwrap()
            .contains(&json!("write-off"))
    );
    assert!(
        param("/api/v1/orgs/{slug}/rounds/{id}/{step}", "step")["enum"]
            .as_array()
            .unwrap()
            .contains(&json!("settle"))
    );
    assert!(
        param("/api/v1/orgs/{slug}/elections/{id}/{step}", "step")["enum"]
            .as_array()
            .unwrap()
            .contains(&json!("voting"))
    );
    // The passbook's lines and a purchase round's lines are two schemas.
    let schemas = &doc["components"]["schemas"];
    assert!(schemas["PassbookLineOut"]["properties"]["balance"].is_object());
    assert!(schemas["RoundLineOut"]["properties"]["packs"].is_object());
    // A member reads her passbook, and the answer fits the document (checked in api_get).
    let member = app.token(DS_MEMBER, "dura-sundari").await;
    let (_, me) = app.api_get(&member, "/api/v1/me").await;
    let id = me["memberships"][0]["member_id"]
        .as_i64()
        .unwrap_or_else(|| panic!("{me}"));
    let (status, book) = app
        .api_get(&member, &format!("/api/v1/orgs/dura-sundari/members/{id}/passbook"))
        .await;
    assert_eq!(status, 200, "{book}");
    // A body the document does not describe is caught.
    let wrong = std::panic::catch_unwind(|| {
        conforms(
            "get",
            &format!("/api/v1/orgs/dura-sundari/members/{id}/passbook"),
            200,
            &json!({"lines": "none"}),
        )
    });
    assert!(wrong.is_err(), "the check against the document can fail");
    let undocumented = std::panic::catch_unwind(|| conforms("get", "/api/v1/me", 418, &json!({})));
    assert!(undocumented.is_err());
    // 42620.0 is an integer.
    let treasurer = app.token(DS_TREASURER, "dura-sundari").await;
    let (status, body) = app
        .api_post(
            &treasurer,
            "/api/v1/orgs/dura-sundari/savings/deposits",
            json!({"member_number": "6", "amount": 42620.0}),
        )
        .await;
    assert_eq!(status, 201, "{body}");
    assert_eq!(body["total"], 42620);
    let (status, _) = app
        .api_post(
            &treasurer,
            "/api/v1/orgs/dura-sundari/savings/deposits",
            json!({"member_number": "6", "amount": 426.5}),
        )
        .await;
    assert_eq!(status, 400);
    // An unknown step leads nowhere.
    let (status, body) = app
        .api_post(&treasurer, "/api/v1/orgs/dura-sundari/loans/1/dance", json!({}))
        .await;
    assert_eq!(status, 404, "{body}");
}
both!(a_client_generator_can_trust_the_document);
