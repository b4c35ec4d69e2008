//! Malformed forms, wrong types, oversized bodies, invalid UTF-8, unknown names: a clear,
//! translated 4xx and nothing written.

use crate::both;
use crate::common::*;

async fn bad_forms_get_a_clear_4xx_and_change_nothing(app: TestApp) {
    let c = app.login(DS_LEADER).await;
    let csrf = app.csrf(&c, "/o/dura-sundari/members/new").await;
    let before = app.count("SELECT COUNT(*) FROM people").await;
    let url = app.url("/o/dura-sundari/members");

    // Not a form at all.
    let r = c
        .post(&url)
        .header("content-type", "text/plain")
        .body("hello")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 400);
    assert!(r.text().await.unwrap().contains("from the form"));

    // Malformed percent-encoding that decodes to bytes which are not UTF-8.
    let body = format!("csrf={csrf}&name=%FF%FE");
    let r = c
        .post(&url)
        .header("content-type", "application/x-www-form-urlencoded")
        .body(body)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 400);
    assert!(r.text().await.unwrap().contains("UTF-8"));

    // Raw bytes that are not UTF-8.
    let mut raw = format!("csrf={csrf}&name=").into_bytes();
    raw.extend([0xC3, 0x28]);
    let r = c
        .post(&url)
        .header("content-type", "application/x-www-form-urlencoded")
        .body(raw)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 400);

    // Too large.
    let big = format!("csrf={csrf}&name={}", "a".repeat(100 * 1024));
    // The server may close a connection whose body it refused: do not reuse it.
    let r = c
        .post(&url)
        .header("content-type", "application/x-www-form-urlencoded")
        .header("connection", "close")
        .body(big)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 413);
    assert!(r.text().await.unwrap().contains("too large"));

    // No CSRF token.
    let r = c.post(&url).form(&[("name", "No Token")]).send().await.unwrap();
    assert_eq!(r.status(), 403);

    // A wrong type in a path.
    let r = c
        .get(app.url("/o/dura-sundari/members/not-a-number"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 400);
    assert!(r.text().await.unwrap().contains("could not be understood"));

    // An organisation that does not exist, in the person's language.
    c.get(app.url("/lang/es?next=/")).send().await.unwrap();
    let r = c.get(app.url("/o/no-such-org")).send().await.unwrap();
    assert_eq!(r.status(), 404);
    assert!(r.text().await.unwrap().contains("Esta página no existe"));

    c.get(app.url("/lang/en?next=/")).send().await.unwrap();
    // A route that does not exist, and a method that does not fit.
    assert_eq!(c.get(app.url("/nowhere")).send().await.unwrap().status(), 404);
    let r = c.patch(app.url("/login")).send().await.unwrap();
    assert_eq!(r.status(), 405);
    assert!(r.text().await.unwrap().contains("not possible here"));

    // An unknown language.
    assert_eq!(c.get(app.url("/lang/xx?next=/")).send().await.unwrap().status(), 400);

    // Settings with wrong types in numbers.
    let page = c
        .get(app.url("/o/dura-sundari/settings"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let r = c
        .post(app.url("/o/dura-sundari/settings"))
        .form(&[
            ("csrf", hidden(&page, "csrf").as_str()),
            ("name", "X"),
            ("kind", "cooperative"),
            ("country", "IN"),
            ("currency", "INR"),
            ("lang_gu", "on"),
            ("share_par_value", "ten"),
            ("min_shares", "one"),
            ("quorum_percent", "half"),
            ("reserve_percent", "25"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 422);
    let text = r.text().await.unwrap();
    assert!(text.contains("whole number of shares"));
    assert_eq!(app.count("SELECT COUNT(*) FROM orgs WHERE name = 'X'").await, 0);

    assert_eq!(app.count("SELECT COUNT(*) FROM people").await, before);
}
both!(bad_forms_get_a_clear_4xx_and_change_nothing);
