use crate::both;
use crate::common::*;

async fn an_admin_changes_the_bylaws(app: TestApp) {
    let c = app.login(DS_LEADER).await;
    let page = c
        .get(app.url("/o/dura-sundari/settings"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let base = |quorum: &str, par: &str| {
        vec![
            ("csrf", hidden(&page, "csrf")),
            ("name", "Dura Sundari Mahila Sahakari".to_string()),
            ("kind", "cooperative".to_string()),
            ("country", "IN".to_string()),
            ("currency", "INR".to_string()),
            ("lang_gu", "on".to_string()),
            ("lang_hi", "on".to_string()),
            ("share_par_value", par.to_string()),
            ("min_shares", "2".to_string()),
            ("quorum_percent", quorum.to_string()),
            ("reserve_percent", "25".to_string()),
        ]
    };
    let bad = c
        .post(app.url("/o/dura-sundari/settings"))
        .form(&base("150", "100.505"))
        .send()
        .await
        .unwrap();
    assert_eq!(bad.status(), 422);
    let text = bad.text().await.unwrap();
    assert!(text.contains("from 0 to 100"));
    assert!(text.contains("value of a share"));
    let ok = c
        .post(app.url("/o/dura-sundari/settings"))
        .form(&base("60", "250.50"))
        .send()
        .await
        .unwrap();
    assert_eq!(ok.status(), 200);
    let dash = c
        .get(app.url("/o/dura-sundari"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(dash.contains("Dura Sundari Mahila Sahakari"));
    assert!(dash.contains("₹250.50"));
    assert!(dash.contains("60 %"));
    // A treasurer cannot change the bylaws.
    let t = app.login(DS_TREASURER).await;
    assert_eq!(
        t.get(app.url("/o/dura-sundari/settings"))
            .send()
            .await
            .unwrap()
            .status(),
        403
    );
}
both!(an_admin_changes_the_bylaws);

async fn the_operator_creates_an_organisation_in_a_federation(app: TestApp) {
    let c = app.login(OPERATOR).await;
    let page = c
        .get(app.url("/admin/orgs/new"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let form = |slug: &str, parents: &str| {
        vec![
            ("csrf", hidden(&page, "csrf")),
            ("slug", slug.to_string()),
            ("name", "Saundarya Safai Utkarsh".to_string()),
            ("kind", "cooperative".to_string()),
            ("country", "in".to_string()),
            ("currency", "INR".to_string()),
            ("lang_gu", "on".to_string()),
            ("share_par_value", "50".to_string()),
            ("min_shares", "1".to_string()),
            ("quorum_percent", "50".to_string()),
            ("reserve_percent", "25".to_string()),
            ("parents", parents.to_string()),
        ]
    };
    let taken = c
        .post(app.url("/admin/orgs"))
        .form(&form("dura-sundari", ""))
        .send()
        .await
        .unwrap();
    assert_eq!(taken.status(), 422);
    assert!(taken.text().await.unwrap().contains("already uses this short name"));
    let bad_parent = c
        .post(app.url("/admin/orgs"))
        .form(&form("saundarya", "dura-sundari"))
        .send()
        .await
        .unwrap();
    assert_eq!(bad_parent.status(), 422);
    let ok = c
        .post(app.url("/admin/orgs"))
        .form(&form("saundarya", "sewa-federation"))
        .send()
        .await
        .unwrap();
    assert_eq!(ok.status(), 303);
    assert_eq!(ok.headers()["location"], "/o/saundarya");
    let staff = app.login(SEWA_STAFF).await;
    let fed = staff
        .get(app.url("/o/sewa-federation/federation"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(fed.contains("Saundarya Safai Utkarsh"));
    // Nobody but the operator may create organisations.
    let leader = app.login(DS_LEADER).await;
    assert_eq!(
        leader.get(app.url("/admin/orgs/new")).send().await.unwrap().status(),
        403
    );
}
both!(the_operator_creates_an_organisation_in_a_federation);

async fn the_home_page_lists_a_persons_organisations(app: TestApp) {
    // A person in one organisation lands on its home, not on a list of one.
    let c = app.login(DS_LEADER).await;
    let r = c.get(app.url("/")).send().await.unwrap();
    assert_eq!(r.status(), 303);
    assert_eq!(r.headers()["location"], "/o/dura-sundari");
    let home = app.text(&c, "/o/dura-sundari").await;
    assert!(home.contains("Dura Sundari"));
    assert!(!home.contains("PATAMABA"));
    let op = app.login(OPERATOR).await;
    let home = app.text(&op, "/").await;
    assert!(home.contains("PATAMABA-WISE") && home.contains("ATEMDO") && home.contains("HomeNet International"));
}
both!(the_home_page_lists_a_persons_organisations);
