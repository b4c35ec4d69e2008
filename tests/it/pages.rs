//! Pages: languages, weight, headers, and what a phone gets.

use crate::both;
use crate::common::*;

async fn pages_follow_the_chosen_language(app: TestApp) {
    let c = app.login_in_own_language(DS_LEADER).await;
    // Her saved language is Gujarati (the demo sets it), so the login set the cookie.
    let dash = c
        .get(app.url("/o/dura-sundari"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(dash.contains("lang=\"gu\""));
    assert!(dash.contains("સભ્યો"));
    let r = c.get(app.url("/lang/pt-BR?next=/o/dura-sundari")).send().await.unwrap();
    assert_eq!(r.status(), 303);
    assert_eq!(r.headers()["location"], "/o/dura-sundari");
    let dash = c
        .get(app.url("/o/dura-sundari"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(dash.contains("Sócias"));
    // A visitor gets her browser's language.
    let v = client();
    let login = v
        .get(app.url("/login"))
        .header("accept-language", "am-ET,am;q=0.9")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(login.contains("የይለፍ ቃል"));
    // An open redirect is refused.
    let r = v.get(app.url("/lang/en?next=//evil.example")).send().await.unwrap();
    assert_eq!(r.headers()["location"], "/");
}
both!(pages_follow_the_chosen_language);

async fn every_page_is_light_and_carries_security_headers(app: TestApp) {
    let c = app.login(DS_LEADER).await;
    let member = member_link(
        &c.get(app.url("/o/dura-sundari/members"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap(),
        "dura-sundari",
    );
    let op = app.login(OPERATOR).await;
    let pages = [
        (&c, "/account".to_string()),
        (&c, "/o/dura-sundari".to_string()),
        (&c, "/o/dura-sundari/members".to_string()),
        (&c, "/o/dura-sundari/members?page=2".to_string()),
        (&c, "/o/dura-sundari/members/new".to_string()),
        (&c, member.clone()),
        (&c, format!("{member}/edit")),
        (&c, "/o/dura-sundari/settings".to_string()),
        (&c, "/account/password".to_string()),
        (&c, "/o/dura-sundari/books".to_string()),
        (&c, "/o/dura-sundari/books/journal".to_string()),
        (&c, "/o/dura-sundari/books/journal/new".to_string()),
        (&c, "/o/dura-sundari/books/cashbook".to_string()),
        (&c, format!("{member}/passbook")),
        (&c, "/o/dura-sundari/savings".to_string()),
        (&c, "/o/dura-sundari/loans".to_string()),
        (&c, "/o/dura-sundari/reports".to_string()),
        (&c, "/o/dura-sundari/reports/journal".to_string()),
        (&c, "/o/dura-sundari/reports/ledger?account=2100".to_string()),
        (&c, "/o/dura-sundari/reports/trial-balance".to_string()),
        (&c, "/o/dura-sundari/reports/balance-sheet".to_string()),
        (&c, "/o/dura-sundari/reports/cash-flow".to_string()),
        (&c, "/o/dura-sundari/reports/loans".to_string()),
        (&op, "/o/homenet/federation".to_string()),
        (&op, "/admin/orgs/new".to_string()),
        (&op, "/".to_string()),
    ];
    for (client, path) in pages {
        let r = client
            .get(app.url(&path))
            .header("accept-encoding", "gzip")
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200, "{path}");
        let h = r.headers().clone();
        assert_eq!(h["content-encoding"], "gzip", "{path} is compressed");
        assert!(
            h["content-security-policy"]
                .to_str()
                .unwrap()
                .contains("frame-ancestors 'none'")
        );
        assert_eq!(h["x-content-type-options"], "nosniff");
        assert_eq!(h["referrer-policy"], "same-origin");
        let body = r.bytes().await.unwrap();
        assert_eq!(&body[..2], &[0x1f, 0x8b], "{path}: gzip");
        let size = body.len();
        assert!(size <= 14 * 1024, "{path} weighs {size} bytes compressed");
        let html = app.text(client, &path).await;
        assert!(html.contains("name=\"viewport\""), "{path} is made for phones");
        // No script of its own: the one script is the service worker's, an enhancement.
        assert_eq!(html.matches("<script").count(), 1, "{path}");
        assert!(
            html.contains("/app.js\" defer></script>"),
            "{path} loads only the enhancement"
        );
    }
    // Brotli too.
    let r = c
        .get(app.url("/o/dura-sundari/members"))
        .header("accept-encoding", "br")
        .send()
        .await
        .unwrap();
    assert_eq!(r.headers()["content-encoding"], "br");
}
both!(every_page_is_light_and_carries_security_headers);

async fn the_stylesheet_is_small_and_cached(app: TestApp) {
    assert!(tejido::web::assets::style_len() <= 10 * 1024);
    let r = reqwest::get(app.url(tejido::web::assets::style_url())).await.unwrap();
    assert_eq!(r.status(), 200);
    assert!(r.headers()["cache-control"].to_str().unwrap().contains("immutable"));
    assert!(r.headers()["content-type"].to_str().unwrap().starts_with("text/css"));
    let icons = reqwest::get(app.url(tejido::web::assets::icons_url())).await.unwrap();
    assert_eq!(icons.status(), 200);
}
both!(the_stylesheet_is_small_and_cached);

async fn health_and_metrics_answer(app: TestApp) {
    let h = reqwest::get(app.url("/healthz")).await.unwrap();
    assert_eq!(h.status(), 200);
    let m = reqwest::get(app.url("/metrics")).await.unwrap().text().await.unwrap();
    assert!(m.contains("tejido_requests_total"));
    assert!(m.contains("tejido_database_up 1"));
}
both!(health_and_metrics_answer);

async fn error_pages_are_translated(app: TestApp) {
    let r = client()
        .get(app.url("/definitely/missing"))
        .header("accept-language", "hi")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 404);
    let text = r.text().await.unwrap();
    assert!(text.contains("यह पन्ना मौजूद नहीं है"));
    assert!(text.contains("lang=\"hi\""));
}
both!(error_pages_are_translated);

async fn a_server_error_shows_a_translated_page_and_nothing_internal(app: TestApp) {
    let c = app.login(DS_LEADER).await;
    app.exec("DROP TABLE affiliations").await;
    let r = c.get(app.url("/o/dura-sundari")).send().await.unwrap();
    assert_eq!(r.status(), 500);
    let text = r.text().await.unwrap();
    assert!(text.contains("Something went wrong on our side"));
    assert!(!text.contains("affiliations"), "the cause stays in the log");
    let api = c
        .get(app.url("/api/v1/orgs/dura-sundari"))
        .header("accept-language", "fil")
        .send()
        .await
        .unwrap();
    assert_eq!(api.status(), 500);
    assert_eq!(api.headers()["content-type"], "application/problem+json");
}
both!(a_server_error_shows_a_translated_page_and_nothing_internal);

async fn the_menu_shows_where_she_is_and_only_where_she_may_go(app: TestApp) {
    let leader = app.login(DS_LEADER).await;
    let page = app.text(&leader, "/o/dura-sundari/purchases/suppliers").await;
    assert!(page.contains(r#"<a href="/o/dura-sundari/purchases" aria-current="page">"#));
    assert_eq!(page.matches("aria-current").count(), 1, "one section at a time");
    assert!(page.contains(r#"href="/o/dura-sundari/books""#));
    let home = app.text(&leader, "/o/dura-sundari").await;
    assert!(home.contains(r#"<a href="/o/dura-sundari" aria-current="page">"#));
    let member = app.login(DS_MEMBER).await;
    let page = app.text(&member, "/o/dura-sundari/votes").await;
    assert!(page.contains(r#"<a href="/o/dura-sundari/votes" aria-current="page">"#));
    assert!(
        !page.contains(r#"href="/o/dura-sundari/books""#),
        "a member has no books in her menu"
    );
}
both!(the_menu_shows_where_she_is_and_only_where_she_may_go);
