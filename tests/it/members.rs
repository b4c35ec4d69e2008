use crate::both;
use crate::common::*;

async fn add_member_form(app: &TestApp, c: &reqwest::Client, fields: &[(&str, &str)]) -> reqwest::Response {
    let page = c
        .get(app.url("/o/dura-sundari/members/new"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let mut form: Vec<(&str, String)> = vec![("csrf", hidden(&page, "csrf")), ("idem", hidden(&page, "idem"))];
    form.extend(fields.iter().map(|(k, v)| (*k, v.to_string())));
    c.post(app.url("/o/dura-sundari/members"))
        .form(&form)
        .send()
        .await
        .unwrap()
}

async fn a_leader_adds_a_member_and_finds_her_in_the_list(app: TestApp) {
    let c = app.login(DS_LEADER).await;
    let r = add_member_form(
        &app,
        &c,
        &[
            ("name", "Meenaben Vankar"),
            ("phone", "+91 98250 99999"),
            ("trade", "ભરતકામ"),
            ("locality", "Vasna"),
            ("role_treasurer", "on"),
        ],
    )
    .await;
    assert_eq!(r.status(), 303);
    let detail = r.headers()["location"].to_str().unwrap().to_string();
    let page = app.text(&c, &detail).await;
    assert!(page.contains("Meenaben Vankar"));
    assert!(page.contains("+919825099999"));
    assert!(page.contains("Treasurer"));
    assert!(page.contains(">59<"), "the next member number is given in order");
    let list = c
        .get(app.url("/o/dura-sundari/members?q=meenaben"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(list.contains("Meenaben Vankar"));
    assert!(list.contains("1 member"));
    // She can log in once a leader sets her password... which the form allows at creation.
    let r = add_member_form(
        &app,
        &c,
        &[
            ("name", "Sushilaben Rathod"),
            ("phone", "+919825088888"),
            ("password", "her-own-secret"),
        ],
    )
    .await;
    assert_eq!(r.status(), 303);
    let her = client();
    let csrf = app.csrf(&her, "/login").await;
    let login = her
        .post(app.url("/login"))
        .form(&[
            ("csrf", csrf.as_str()),
            ("identifier", "+919825088888"),
            ("password", "her-own-secret"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(login.status(), 303);
}
both!(a_leader_adds_a_member_and_finds_her_in_the_list);

async fn a_duplicate_member_number_is_refused_and_nothing_is_written(app: TestApp) {
    let c = app.login(DS_LEADER).await;
    let before = app.count("SELECT COUNT(*) FROM people").await;
    let r = add_member_form(&app, &c, &[("name", "Twice Numbered"), ("member_number", "7")]).await;
    assert_eq!(r.status(), 422);
    assert!(
        r.text()
            .await
            .unwrap()
            .contains("Another member already has this number")
    );
    assert_eq!(app.count("SELECT COUNT(*) FROM people").await, before);
    let empty = add_member_form(&app, &c, &[("name", ""), ("phone", "12ab")]).await;
    assert_eq!(empty.status(), 422);
    let text = empty.text().await.unwrap();
    assert!(text.contains("Write her name"));
    assert!(text.contains("7 to 15 digits"));
    assert_eq!(app.count("SELECT COUNT(*) FROM people").await, before);
}
both!(a_duplicate_member_number_is_refused_and_nothing_is_written);

async fn a_leader_edits_a_member(app: TestApp) {
    let c = app.login(DS_LEADER).await;
    let list = c
        .get(app.url("/o/dura-sundari/members?q=%2B919825000010"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let href = member_link(&list, "dura-sundari");
    let edit = c
        .get(app.url(&format!("{href}/edit")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let r = c
        .post(app.url(&href))
        .form(&[
            ("csrf", hidden(&edit, "csrf").as_str()),
            ("idem", hidden(&edit, "idem").as_str()),
            ("name", "Renamed Member"),
            ("phone", "+919825000010"),
            ("member_number", "10"),
            ("status", "suspended"),
            ("role_coordinator", "on"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    let page = app.text(&c, &href).await;
    assert!(page.contains("Renamed Member") && page.contains("Suspended") && page.contains("Coordinator"));
    // Taking another member's number is refused.
    let r = c
        .post(app.url(&href))
        .form(&[
            ("csrf", hidden(&edit, "csrf").as_str()),
            ("name", "Renamed Member"),
            ("member_number", "11"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 422);
}
both!(a_leader_edits_a_member);

async fn a_member_sees_her_own_profile_only(app: TestApp) {
    let c = app.login(DS_MEMBER).await;
    let dash = c
        .get(app.url("/o/dura-sundari"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let href = member_link(&dash, "dura-sundari");
    let own = c.get(app.url(&href)).send().await.unwrap();
    assert_eq!(own.status(), 200);
    assert!(own.text().await.unwrap().contains("+919825000005"));
    assert_eq!(
        c.get(app.url("/o/dura-sundari/members")).send().await.unwrap().status(),
        403
    );
    let other_id: i64 = href.rsplit('/').next().unwrap().parse::<i64>().unwrap() + 1;
    assert_eq!(
        c.get(app.url(&format!("/o/dura-sundari/members/{other_id}")))
            .send()
            .await
            .unwrap()
            .status(),
        403
    );
    assert_eq!(
        c.get(app.url("/o/dura-sundari/members/new"))
            .send()
            .await
            .unwrap()
            .status(),
        403
    );
}
both!(a_member_sees_her_own_profile_only);

async fn the_member_list_pages_and_searches(app: TestApp) {
    let c = app.login(DS_TREASURER).await;
    let p1 = c
        .get(app.url("/o/dura-sundari/members"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(p1.contains("58 members"));
    assert!(p1.contains("Page 1 of 3"));
    let p3 = c
        .get(app.url("/o/dura-sundari/members?page=3"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(p3.contains("Page 3 of 3"));
    let none = c
        .get(app.url("/o/dura-sundari/members?q=zzzz"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(none.contains("No member matches"));
    // A treasurer sees the register but cannot add to it.
    assert_eq!(
        c.get(app.url("/o/dura-sundari/members/new"))
            .send()
            .await
            .unwrap()
            .status(),
        403
    );
}
both!(the_member_list_pages_and_searches);

async fn a_repeated_form_submission_counts_once(app: TestApp) {
    let c = app.login(DS_LEADER).await;
    let page = c
        .get(app.url("/o/dura-sundari/members/new"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let form = [
        ("csrf", hidden(&page, "csrf")),
        ("idem", hidden(&page, "idem")),
        ("name", "Flaky Connection".to_string()),
    ];
    let first = c
        .post(app.url("/o/dura-sundari/members"))
        .form(&form)
        .send()
        .await
        .unwrap();
    let second = c
        .post(app.url("/o/dura-sundari/members"))
        .form(&form)
        .send()
        .await
        .unwrap();
    assert_eq!(first.status(), 303);
    assert_eq!(second.status(), 303);
    assert_eq!(first.headers()["location"], second.headers()["location"]);
    assert_eq!(
        app.count("SELECT COUNT(*) FROM people WHERE name = 'Flaky Connection'")
            .await,
        1
    );
}
both!(a_repeated_form_submission_counts_once);

async fn a_woman_applies_and_a_leader_admits_her(app: TestApp) {
    let visitor = client();
    let page = app.text(&visitor, "/join/dura-sundari").await;
    assert!(page.contains("Join") || page.contains("જોડાઓ"));
    let csrf = hidden(&page, "csrf");
    let form = |phone: &'static str, shares: &'static str| {
        vec![
            ("csrf", csrf.clone()),
            ("name", "Kamla Vaghela".to_string()),
            ("phone", phone.to_string()),
            ("trade", "embroidery".to_string()),
            ("locality", "Dariapur".to_string()),
            ("shares", shares.to_string()),
        ]
    };
    let members = app.count("SELECT COUNT(*) FROM memberships").await;
    let r = visitor
        .post(app.url("/join/dura-sundari"))
        .header("accept-language", "en")
        .form(&form("+919825077777", "0"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 422);
    assert_eq!(app.count("SELECT COUNT(*) FROM memberships").await, members);
    let r = visitor
        .post(app.url("/join/dura-sundari"))
        .form(&form("+919825077777", "2"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let again = visitor
        .post(app.url("/join/dura-sundari"))
        .header("accept-language", "en")
        .form(&form("+919825077777", "2"))
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), 422);
    assert!(again.text().await.unwrap().contains("already belongs"));
    assert_eq!(
        visitor
            .get(app.url("/join/sewa-federation"))
            .send()
            .await
            .unwrap()
            .status(),
        404
    );
    // A leader finds her among the applicants and admits her with the next number.
    let leader = app.login(DS_LEADER).await;
    let list = app.text(&leader, "/o/dura-sundari/members?q=%2B919825077777").await;
    let her = member_link(&list, "dura-sundari");
    let detail = app.text(&leader, &her).await;
    assert!(detail.contains("Applied for 2 shares") && detail.contains("Admit as a member"));
    let highest = app
        .count("SELECT MAX(CAST(member_number AS BIGINT)) FROM memberships m JOIN orgs o ON o.id = m.org_id WHERE o.slug = 'dura-sundari' AND m.member_number NOT LIKE 'A%'")
        .await;
    let member = app.login(DS_MEMBER).await;
    let csrf_m = app.csrf(&member, "/o/dura-sundari").await;
    assert_eq!(
        app.post(&member, &format!("{her}/admit"), &[("csrf", &csrf_m)])
            .await
            .status(),
        403
    );
    let csrf = app.csrf(&leader, &her).await;
    assert_eq!(
        app.post(&leader, &format!("{her}/admit"), &[("csrf", &csrf)])
            .await
            .status(),
        303
    );
    let detail = app.text(&leader, &her).await;
    assert!(
        detail.contains(&format!(">{}<", highest + 1)),
        "the next number in order"
    );
    assert!(detail.contains("Membership history") && detail.contains("Active"));
    // The shares she applied for are her subscription, in the register, nothing paid yet.
    let id: i64 = her.rsplit('/').next().unwrap().parse().unwrap();
    let cert = app
        .text(&leader, &format!("/o/dura-sundari/shares/certificate/{id}"))
        .await;
    assert!(cert.contains("holds 2 shares") && cert.contains("of which ₹0.00 is paid"));
    assert_eq!(
        app.post(&leader, &format!("{her}/admit"), &[("csrf", &csrf)])
            .await
            .status(),
        422
    );
    // Another application is declined, with its reason kept.
    let r = visitor
        .post(app.url("/join/dura-sundari"))
        .form(&form("+919825077778", "1"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let list = app.text(&leader, "/o/dura-sundari/members?q=%2B919825077778").await;
    let other = member_link(&list, "dura-sundari");
    assert_eq!(
        app.post(&leader, &format!("{other}/decline"), &[("csrf", &csrf), ("reason", "")])
            .await
            .status(),
        422
    );
    assert_eq!(
        app.post(
            &leader,
            &format!("{other}/decline"),
            &[("csrf", &csrf), ("reason", "Lives outside the district")]
        )
        .await
        .status(),
        303
    );
    assert!(app.text(&leader, &other).await.contains("Lives outside the district"));
}
both!(a_woman_applies_and_a_leader_admits_her);
