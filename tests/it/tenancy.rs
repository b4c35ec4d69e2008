//! Every route of the router, walked as a person of another organisation and as a visitor.
//! A route added later without protection fails here.

use axum::http::Method;
use tejido::app::{Guard, route_table};

use crate::both;
use crate::common::*;

fn concrete(path: &str, member_id: i64) -> String {
    path.replace("{slug}", "dura-sundari")
        .replace("{id}", &member_id.to_string())
        .replace("{tag}", "gu")
        .replace("{version}", "x")
        .replace("{name}", "style.css")
        .replace("{action}", "approve")
        .replace("{step}", "close")
}

async fn send(c: &reqwest::Client, app: &TestApp, method: &Method, path: &str, csrf: &str) -> reqwest::Response {
    let url = app.url(path);
    match *method {
        Method::GET => c.get(url).send().await.unwrap(),
        Method::POST if path.starts_with("/api/") => c
            .post(url)
            .json(&serde_json::json!({"name": "Intruder"}))
            .send()
            .await
            .unwrap(),
        Method::POST => c
            .post(url)
            .form(&[("csrf", csrf), ("name", "Intruder"), ("slug", "intruder")])
            .send()
            .await
            .unwrap(),
        _ => c
            .patch(url)
            .json(&serde_json::json!({"name": "Intruder"}))
            .send()
            .await
            .unwrap(),
    }
}

async fn no_route_leaks_an_organisation_to_outsiders(app: TestApp) {
    let leader = app.login(DS_LEADER).await;
    let list = leader
        .get(app.url("/o/dura-sundari/members"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let member_id: i64 = member_link(&list, "dura-sundari")
        .rsplit('/')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    let outsider = app.login(PH_LEADER).await;
    let outsider_csrf = app.csrf(&outsider, "/account").await;
    let visitor = client();
    let before_people = app.count("SELECT COUNT(*) FROM people").await;
    let before_orgs = app.count("SELECT COUNT(*) FROM orgs").await;
    let table = route_table();
    assert!(table.len() >= 30, "the table lists every route");
    for r in &table {
        let path = concrete(r.path, member_id);
        let api = path.starts_with("/api/");
        // A visitor.
        let resp = send(&visitor, &app, &r.method, &path, "").await;
        let s = resp.status().as_u16();
        let to_login = s == 303
            && resp
                .headers()
                .get("location")
                .is_some_and(|l| l.to_str().unwrap_or("").starts_with("/login"));
        match r.guard {
            Guard::Public => assert!(s < 500, "{} {path}: {s}", r.method),
            // Without the hook token a webhook refuses.
            Guard::Hook => assert_eq!(s, 403, "{} {path} as a visitor", r.method),
            _ if api => assert_eq!(s, 401, "{} {path} as a visitor", r.method),
            _ => assert!(
                to_login || s == 401 || s == 403,
                "{} {path} as a visitor: {s}",
                r.method
            ),
        }
        // A leader of another organisation (logging out would end the walk early).
        if r.path == "/logout" || r.path == "/switch" {
            continue;
        }
        let resp = send(&outsider, &app, &r.method, &path, &outsider_csrf).await;
        let s = resp.status().as_u16();
        match r.guard {
            // The API writes for a token only: her session cookie is not enough (401).
            Guard::Hook => assert_eq!(s, 403, "{} {path} as an outsider", r.method),
            Guard::Org | Guard::Operator => assert!(
                s == 403 || s == 404 || (api && r.method != Method::GET && s == 401),
                "{} {path} as an outsider: {s}",
                r.method
            ),
            Guard::Person | Guard::Public => {
                assert!(s < 500, "{} {path}: {s}", r.method);
                let body = resp.text().await.unwrap_or_default();
                assert!(
                    !body.contains("Hansaben Patel"),
                    "{} {path} shows another organisation's member",
                    r.method
                );
            }
        }
    }
    assert_eq!(app.count("SELECT COUNT(*) FROM orgs").await, before_orgs);
    assert_eq!(app.count("SELECT COUNT(*) FROM people").await, before_people);
    assert_eq!(
        app.count("SELECT COUNT(*) FROM people WHERE name = 'Intruder'").await,
        0
    );
}
both!(no_route_leaks_an_organisation_to_outsiders);

async fn federation_staff_see_totals_not_members(app: TestApp) {
    let staff = app.login(SEWA_STAFF).await;
    let dash = staff.get(app.url("/o/dura-sundari")).send().await.unwrap();
    assert_eq!(dash.status(), 200);
    assert!(dash.text().await.unwrap().contains("staff of its federation"));
    assert_eq!(
        staff
            .get(app.url("/o/dura-sundari/members"))
            .send()
            .await
            .unwrap()
            .status(),
        403
    );
    let fed = staff
        .get(app.url("/o/sewa-federation/federation"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(fed.contains("Dura Sundari"));
    assert!(fed.contains("54"), "active members of Dura Sundari are counted");
    // Staff of a federation do not reach organisations outside it.
    assert_eq!(
        staff.get(app.url("/o/patamaba-wise")).send().await.unwrap().status(),
        403
    );
}
both!(federation_staff_see_totals_not_members);
