use crate::both;
use crate::common::*;

async fn a_person_logs_in_and_out(app: TestApp) {
    let c = client();
    let page = c
        .get(app.url("/login"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let csrf = hidden(&page, "csrf");
    let wrong = c
        .post(app.url("/login"))
        .form(&[
            ("csrf", csrf.as_str()),
            ("identifier", DS_LEADER),
            ("password", "wrong-password"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(wrong.status(), 422);
    assert!(wrong.text().await.unwrap().contains("do not match"));
    let ok = c
        .post(app.url("/login"))
        .form(&[
            ("csrf", csrf.as_str()),
            ("identifier", DS_LEADER),
            ("password", "tejido-demo"),
            ("next", "/o/dura-sundari"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(ok.status(), 303);
    assert_eq!(ok.headers()["location"], "/o/dura-sundari");
    let dash = c.get(app.url("/o/dura-sundari")).send().await.unwrap();
    assert_eq!(dash.status(), 200);
    let csrf = app.csrf(&c, "/o/dura-sundari").await;
    let out = c
        .post(app.url("/logout"))
        .form(&[("csrf", csrf.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(out.status(), 303);
    let after = c.get(app.url("/o/dura-sundari")).send().await.unwrap();
    assert_eq!(after.status(), 303);
    assert!(
        after.headers()["location"]
            .to_str()
            .unwrap()
            .starts_with("/login?next=")
    );
}
both!(a_person_logs_in_and_out);

async fn failed_logins_are_limited_per_account(app: TestApp) {
    let c = client();
    let csrf = app.csrf(&c, "/login").await;
    for _ in 0..5 {
        let r = c
            .post(app.url("/login"))
            .form(&[
                ("csrf", csrf.as_str()),
                ("identifier", DS_MEMBER),
                ("password", "not-her-password"),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 422);
    }
    // Even the right password is refused once the limit is reached.
    let r = c
        .post(app.url("/login"))
        .form(&[
            ("csrf", csrf.as_str()),
            ("identifier", DS_MEMBER),
            ("password", "tejido-demo"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 429);
    assert!(r.text().await.unwrap().contains("15 minutes"));
    // Another account from the same address is not locked out.
    let r = c
        .post(app.url("/login"))
        .form(&[
            ("csrf", csrf.as_str()),
            ("identifier", DS_LEADER),
            ("password", "tejido-demo"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
}
both!(failed_logins_are_limited_per_account);

async fn failed_logins_are_limited_per_address(app: TestApp) {
    let c = client();
    let csrf = app.csrf(&c, "/login").await;
    for i in 0..20 {
        let who = format!("+9198250000{:02}", 10 + i);
        let r = c
            .post(app.url("/login"))
            .form(&[
                ("csrf", csrf.as_str()),
                ("identifier", who.as_str()),
                ("password", "nope-nope-nope"),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 422);
    }
    let r = c
        .post(app.url("/login"))
        .form(&[
            ("csrf", csrf.as_str()),
            ("identifier", DS_LEADER),
            ("password", "tejido-demo"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 429);
}
both!(failed_logins_are_limited_per_address);

async fn a_person_changes_her_password(app: TestApp) {
    let c = app.login(DS_MEMBER).await;
    let csrf = app.csrf(&c, "/account/password").await;
    let bad = c
        .post(app.url("/account/password"))
        .form(&[
            ("csrf", csrf.as_str()),
            ("current", "wrong-one-here"),
            ("new", "a-new-secret"),
            ("confirm", "a-new-secret"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(bad.status(), 422);
    let mismatch = c
        .post(app.url("/account/password"))
        .form(&[
            ("csrf", csrf.as_str()),
            ("current", "tejido-demo"),
            ("new", "a-new-secret"),
            ("confirm", "another-one"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(mismatch.status(), 422);
    let ok = c
        .post(app.url("/account/password"))
        .form(&[
            ("csrf", csrf.as_str()),
            ("current", "tejido-demo"),
            ("new", "a-new-secret"),
            ("confirm", "a-new-secret"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(ok.status(), 200);
    assert!(ok.text().await.unwrap().contains("has been changed"));
    let c2 = client();
    let csrf = app.csrf(&c2, "/login").await;
    let r = c2
        .post(app.url("/login"))
        .form(&[
            ("csrf", csrf.as_str()),
            ("identifier", DS_MEMBER),
            ("password", "a-new-secret"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
}
both!(a_person_changes_her_password);

async fn an_expired_session_is_a_visitor_again(app: TestApp) {
    let c = app.login(DS_LEADER).await;
    let csrf = app.csrf(&c, "/o/dura-sundari/members/new").await;
    let before = app.count("SELECT COUNT(*) FROM memberships").await;
    app.exec("UPDATE sessions SET expires_at = 0").await;
    let page = c
        .get(app.url("/o/dura-sundari/members"))
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), 303, "an expired session must log in again");
    let post = c
        .post(app.url("/o/dura-sundari/members"))
        .form(&[("csrf", csrf.as_str()), ("name", "Late Submission")])
        .send()
        .await
        .unwrap();
    assert_eq!(post.status(), 401);
    assert!(post.text().await.unwrap().contains("session has expired"));
    assert_eq!(app.count("SELECT COUNT(*) FROM memberships").await, before);
}
both!(an_expired_session_is_a_visitor_again);
