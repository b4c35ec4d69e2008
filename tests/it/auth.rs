use crate::both;
use crate::common::*;

async fn a_person_logs_in_and_out(app: TestApp) {
    let c = client();
    let csrf = app.csrf(&c, "/login").await;
    let wrong = app.try_login(&c, &csrf, DS_LEADER, "wrong-password").await;
    assert_eq!(wrong.status(), 422);
    assert!(wrong.text().await.unwrap().contains("do not match"));
    let form = [
        ("csrf", csrf.as_str()),
        ("identifier", DS_LEADER),
        ("password", "tejido-demo"),
        ("next", "/o/dura-sundari"),
    ];
    let ok = app.post(&c, "/login", &form).await;
    assert_eq!(ok.status(), 303);
    assert_eq!(ok.headers()["location"], "/o/dura-sundari");
    assert_eq!(c.get(app.url("/o/dura-sundari")).send().await.unwrap().status(), 200);
    let csrf = app.csrf(&c, "/o/dura-sundari").await;
    assert_eq!(app.post(&c, "/logout", &[("csrf", csrf.as_str())]).await.status(), 303);
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
        assert_eq!(
            app.try_login(&c, &csrf, DS_MEMBER, "not-her-password").await.status(),
            422
        );
    }
    // Even the right password is refused once the limit is reached.
    let r = app.try_login(&c, &csrf, DS_MEMBER, "tejido-demo").await;
    assert_eq!(r.status(), 429);
    assert!(r.text().await.unwrap().contains("15 minutes"));
    // Another account from the same address is not locked out.
    assert_eq!(app.try_login(&c, &csrf, DS_LEADER, "tejido-demo").await.status(), 303);
}
both!(failed_logins_are_limited_per_account);

/// One carrier address serves a whole town: failures there for other accounts do not
/// lock out the next woman behind it.
async fn failed_logins_from_one_address_do_not_lock_out_the_town(app: TestApp) {
    let c = client();
    let csrf = app.csrf(&c, "/login").await;
    for i in 0..25 {
        let who = format!("+9198250000{:02}", 10 + i);
        assert_eq!(app.try_login(&c, &csrf, &who, "nope-nope-nope").await.status(), 422);
    }
    let neighbour = client();
    let ncsrf = app.csrf(&neighbour, "/login").await;
    assert_eq!(
        app.try_login(&neighbour, &ncsrf, DS_LEADER, "tejido-demo")
            .await
            .status(),
        303
    );
}
both!(failed_logins_from_one_address_do_not_lock_out_the_town);

async fn a_person_changes_her_password(app: TestApp) {
    let c = app.login(DS_MEMBER).await;
    let csrf = app.csrf(&c, "/account/password").await;
    let change = |current: &'static str, new: &'static str, confirm: &'static str| {
        let (app, c, csrf) = (&app, &c, csrf.clone());
        async move {
            let form = [
                ("csrf", csrf.as_str()),
                ("current", current),
                ("new", new),
                ("confirm", confirm),
            ];
            app.post(c, "/account/password", &form).await
        }
    };
    assert_eq!(
        change("wrong-one-here", "a-new-secret", "a-new-secret").await.status(),
        422
    );
    assert_eq!(change("tejido-demo", "a-new-secret", "another-one").await.status(), 422);
    assert_eq!(change("tejido-demo", "short", "short").await.status(), 422);
    let ok = change("tejido-demo", "a-new-secret", "a-new-secret").await;
    assert_eq!(ok.status(), 200);
    assert!(ok.text().await.unwrap().contains("has been changed"));
    let c2 = client();
    let csrf = app.csrf(&c2, "/login").await;
    assert_eq!(app.try_login(&c2, &csrf, DS_MEMBER, "tejido-demo").await.status(), 422);
    assert_eq!(app.try_login(&c2, &csrf, DS_MEMBER, "a-new-secret").await.status(), 303);
}
both!(a_person_changes_her_password);

async fn an_expired_session_is_a_visitor_again(app: TestApp) {
    let c = app.login(DS_LEADER).await;
    let csrf = app.csrf(&c, "/o/dura-sundari/members/new").await;
    let before = app.count("SELECT COUNT(*) FROM memberships").await;
    app.exec("UPDATE sessions SET expires_at = 0").await;
    let page = c.get(app.url("/o/dura-sundari/members")).send().await.unwrap();
    assert_eq!(page.status(), 303, "an expired session must log in again");
    let post = app
        .post(
            &c,
            "/o/dura-sundari/members",
            &[("csrf", csrf.as_str()), ("name", "Late Submission")],
        )
        .await;
    assert_eq!(post.status(), 401);
    assert!(post.text().await.unwrap().contains("session has expired"));
    assert_eq!(app.count("SELECT COUNT(*) FROM memberships").await, before);
}
both!(an_expired_session_is_a_visitor_again);
