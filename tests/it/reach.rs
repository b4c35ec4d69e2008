//! Reach: her own numbers first, phones as people type them, every save says what it did.

use crate::both;
use crate::common::*;

async fn phones_log_in_as_people_type_them(app: TestApp) {
    // Savitaben's number is stored as +919825000005; she types it as people in India do.
    for typed in [
        "9825000005",
        "98250 00005",
        "09825000005",
        "+91 98250-00005",
        "0091 98250 00005",
    ] {
        let c = client();
        let csrf = app.csrf(&c, "/login").await;
        let r = app.try_login(&c, &csrf, typed, "tejido-demo").await;
        assert_eq!(r.status(), 303, "{typed}");
    }
    // In Ethiopia, the local form of Aster's members' numbers opens their account too.
    let c = client();
    let csrf = app.csrf(&c, "/login").await;
    assert_eq!(
        app.try_login(&c, &csrf, "0911 000005", "tejido-demo").await.status(),
        303
    );
    // A wrong password stays wrong however the number is written.
    let c = client();
    let csrf = app.csrf(&c, "/login").await;
    assert_eq!(
        app.try_login(&c, &csrf, "9825000005", "not-her-password")
            .await
            .status(),
        422
    );
    // What is not a number anywhere is said to be so.
    let r = app.try_login(&c, &csrf, "98250", "tejido-demo").await;
    assert_eq!(r.status(), 422);
}
both!(phones_log_in_as_people_type_them);

async fn a_member_added_with_a_local_number_can_log_in(app: TestApp) {
    let l = app.login(DS_LEADER).await;
    let csrf = app.csrf(&l, "/o/dura-sundari/members/new").await;
    let r = app
        .post(
            &l,
            "/o/dura-sundari/members",
            &[
                ("csrf", &csrf),
                ("name", "Kokilaben Rathod"),
                ("phone", "98250 12345"),
                ("password", "her-own-secret"),
                ("role_member", "on"),
            ],
        )
        .await;
    assert_eq!(r.status(), 303);
    // Stored in the one form every login is compared in.
    let stored = app
        .one("SELECT phone FROM memberships WHERE name = 'Kokilaben Rathod'".into())
        .await;
    assert_eq!(stored, "+919825012345");
    // The save said who she is now.
    let page = app.text(&l, r.headers()["location"].to_str().unwrap()).await;
    assert!(page.contains("Saved. Kokilaben Rathod is member"), "{page}");
    let c = client();
    let csrf = app.csrf(&c, "/login").await;
    assert_eq!(
        app.try_login(&c, &csrf, "09825012345", "her-own-secret").await.status(),
        303
    );
    // A number that cannot be an Indian phone is refused with a message, nothing stored.
    let before = app.count("SELECT COUNT(*) FROM memberships").await;
    let r = app
        .post(
            &l,
            "/o/dura-sundari/members",
            &[
                ("csrf", &csrf_of(&app, &l).await),
                ("name", "Wrong Number"),
                ("phone", "12345"),
            ],
        )
        .await;
    assert_eq!(r.status(), 422);
    assert!(r.text().await.unwrap().contains("aria-invalid"));
    assert_eq!(app.count("SELECT COUNT(*) FROM memberships").await, before);
}
both!(a_member_added_with_a_local_number_can_log_in);

async fn csrf_of(app: &TestApp, c: &reqwest::Client) -> String {
    app.csrf(c, "/o/dura-sundari/members/new").await
}

async fn her_home_opens_on_her_own_figures(app: TestApp) {
    let her = app.login(DS_MEMBER).await;
    // In one organisation, she lands on its home, not on a list of one.
    let r = her.get(app.url("/")).send().await.unwrap();
    assert_eq!(r.headers()["location"], "/o/dura-sundari");
    let home = app.text(&her, "/o/dura-sundari").await;
    let mine = home.find("class=\"card mine\"").expect("her figures");
    let waiting = home.find("Waiting for you").unwrap_or(usize::MAX);
    let about = home.find("About the organisation").expect("the organisation's card");
    assert!(mine < waiting && mine < about, "her figures come first");
    for words in ["Your savings", "Your shares", "Your passbook"] {
        assert!(home.contains(words), "{words}");
    }
    assert!(!home.contains("Due from members"), "her words, not the cooperative's");
    // The figures are hers: her savings as the books hold them.
    let auth = app.token(DS_TREASURER, "dura-sundari").await;
    let (status, savings) = app.api_get(&auth, "/api/v1/orgs/dura-sundari/savings").await;
    assert_eq!(status, 200, "{savings}");
    let minor = savings["savers"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["member_number"] == "5")
        .map_or(0, |s| s["balance"].as_i64().unwrap());
    let whole = minor / 100;
    assert!(
        home.contains(&format!("{}.{:02}", whole % 1000, minor % 100)),
        "₹…{whole}: {home}"
    );
    // A member with no savings still has a savings card: zero is an answer too.
    let new = app
        .count_of(
            "SELECT MIN(m.id) FROM memberships m WHERE m.org_id = (SELECT id FROM orgs WHERE slug = 'dura-sundari') AND NOT EXISTS (SELECT 1 FROM accounts a WHERE a.member_id = m.id AND a.code LIKE '2100-%')".into(),
        )
        .await;
    let t = app.login(DS_TREASURER).await;
    let book = app.text(&t, &format!("/o/dura-sundari/members/{new}/passbook")).await;
    assert!(
        book.contains("Members&#39; savings") || book.contains("Members' savings"),
        "the officer reads the books' names"
    );
    assert!(book.contains("₹0.00"));
}
both!(her_home_opens_on_her_own_figures);

async fn the_menu_fits_a_phone(app: TestApp) {
    // Home and three sections in the bar; every other section under "More".
    for login in [DS_MEMBER, DS_TREASURER, DS_LEADER] {
        let c = app.login(login).await;
        let page = app.text(&c, "/o/dura-sundari").await;
        let nav = &page[page.find("<nav class=\"org\"").unwrap()..];
        let nav = &nav[..nav.find("</nav>").unwrap()];
        let bar = nav.split("<details").next().unwrap();
        assert!(bar.matches("<a ").count() <= 4, "{login}: {bar}");
        assert!(nav.contains("<summary>") || nav.matches("<a ").count() <= 4, "{login}");
        // No attribute is written twice (a second class is lost by the browser).
        assert!(!page.contains("\" class=\""), "{login}");
    }
    // The section she is in is always in the bar, even one that usually waits under More.
    let l = app.login(DS_LEADER).await;
    let page = app.text(&l, "/o/dura-sundari/leadership").await;
    let nav = &page[page.find("<nav class=\"org\"").unwrap()..];
    let bar = nav.split("<details").next().unwrap();
    assert!(bar.contains("aria-current=\"page\""), "{bar}");
}
both!(the_menu_fits_a_phone);

async fn a_household_shares_one_phone(app: TestApp) {
    let name = |n: &str| {
        format!(
            "SELECT name FROM memberships WHERE member_number = '{n}' AND org_id = (SELECT id FROM orgs WHERE slug = 'dura-sundari')"
        )
    };
    let (first, second) = (app.one(name("45")).await, app.one(name("46")).await);
    let c = client();
    let csrf = app.csrf(&c, "/login").await;
    // The number without a password: who are you? First names only.
    let r = app
        .post(
            &c,
            "/login",
            &[("csrf", csrf.as_str()), ("identifier", "09825000045"), ("password", "")],
        )
        .await;
    assert_eq!(r.status(), 200);
    let chooser = r.text().await.unwrap();
    let first_name = first.split_whitespace().next().unwrap();
    assert!(chooser.contains(first_name) && chooser.contains(second.split_whitespace().next().unwrap()));
    assert!(!chooser.contains(&first), "no full names on the chooser");
    let person = |n: &str| {
        format!(
            "SELECT person_id FROM memberships WHERE member_number = '{n}' AND org_id = (SELECT id FROM orgs WHERE slug = 'dura-sundari')"
        )
    };
    let p45 = app.count_of(person("45")).await.to_string();
    let p46 = app.count_of(person("46")).await.to_string();
    let csrf = hidden(&chooser, "csrf");
    let form = |p: &str, pin: &str| {
        vec![
            ("csrf", csrf.clone()),
            ("phone", "+919825000045".to_string()),
            ("person", p.to_string()),
            ("pin", pin.to_string()),
        ]
    };
    // A wrong PIN is refused; a person outside the household is not offered.
    let r = c
        .post(app.url("/login/pin"))
        .form(&form(&p45, "9999"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 422);
    let r = c.post(app.url("/login/who")).form(&form("1", "")).send().await.unwrap();
    assert_eq!(r.status(), 400);
    let r = c
        .post(app.url("/login/pin"))
        .form(&form(&p45, "4545"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    assert!(
        r.headers()
            .get_all("set-cookie")
            .iter()
            .any(|v| v.to_str().unwrap().starts_with("tejido_household=+919825000045"))
    );
    let home = c.get(app.url("/o/dura-sundari")).send().await.unwrap();
    assert_eq!(home.headers()["cache-control"], "no-store", "nothing of hers is cached");
    let home = home.text().await.unwrap();
    assert!(home.contains(&first) && home.contains("action=\"/switch\""));
    assert!(home.contains("<title>Tejido</title>"), "the title names nobody");
    let her_passbook = format!(
        "/o/dura-sundari/members/{}/passbook",
        app.count_of(format!("SELECT id FROM memberships WHERE person_id = {p45}"))
            .await
    );
    assert_eq!(c.get(app.url(&her_passbook)).send().await.unwrap().status(), 200);
    // Switch member: her session ends, the login page opens on the household's names.
    let csrf = hidden(&home, "csrf");
    let r = c
        .post(app.url("/switch"))
        .form(&[("csrf", csrf.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    assert_eq!(r.headers()["clear-site-data"], "\"cache\"");
    let login = app.text(&c, "/login").await;
    assert!(login.contains("class=\"list people\""), "the household's names");
    let csrf = hidden(&login, "csrf");
    let form = |p: &str, pin: &str| {
        vec![
            ("csrf", csrf.clone()),
            ("phone", "+919825000045".to_string()),
            ("person", p.to_string()),
            ("pin", pin.to_string()),
        ]
    };
    let r = c
        .post(app.url("/login/pin"))
        .form(&form(&p46, "4646"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    // The first member's passbook is closed to the second.
    assert_eq!(c.get(app.url(&her_passbook)).send().await.unwrap().status(), 403);
    // Each may set her own PIN on her account page.
    let account = app.text(&c, "/account").await;
    let csrf = hidden(&account, "csrf");
    let r = c
        .post(app.url("/account/household"))
        .form(&[("csrf", csrf.as_str()), ("p1", "sun"), ("p2", "fish"), ("p3", "tree")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    let c2 = client();
    let csrf = app.csrf(&c2, "/login").await;
    let pictures = [
        ("csrf", csrf.as_str()),
        ("phone", "+919825000045"),
        ("person", p46.as_str()),
        ("p1", "sun"),
        ("p2", "fish"),
        ("p3", "tree"),
    ];
    assert_eq!(
        c2.post(app.url("/login/pin"))
            .form(&pictures)
            .send()
            .await
            .unwrap()
            .status(),
        303,
        "her pictures open it"
    );
}
both!(a_household_shares_one_phone);

async fn a_facilitator_enters_a_request_for_her_and_it_says_so(app: TestApp) {
    let ds = "(SELECT id FROM orgs WHERE slug = 'dura-sundari')";
    app.exec("UPDATE memberships SET roles = 'member,facilitator' WHERE member_number = '12' AND org_id = (SELECT id FROM orgs WHERE slug = 'dura-sundari')").await;
    let facilitator_name = app.one(format!("SELECT p.name FROM people p JOIN memberships m ON m.person_id = p.id WHERE m.member_number = '12' AND m.org_id = {ds}")).await;
    let f = app.login("+919825000012").await;
    // She helps members; the books are not hers to read.
    assert_eq!(
        f.get(app.url("/o/dura-sundari/books")).send().await.unwrap().status(),
        403
    );
    let open = app
        .count_of(format!(
            "SELECT MAX(id) FROM purchase_rounds WHERE status = 'open' AND org_id = {ds}"
        ))
        .await;
    let path = format!("/o/dura-sundari/purchases/{open}");
    let page = app.text(&f, &path).await;
    assert!(page.contains("name=\"member_number\""), "the form for a member");
    let article = app
        .count_of(format!("SELECT MIN(a.id) FROM articles a JOIN round_suppliers s ON s.supplier_id = a.supplier_id WHERE s.round_id = {open}"))
        .await;
    let q = format!("q_{article}");
    let csrf = hidden(&page, "csrf");
    let r = app
        .post(
            &f,
            &format!("{path}/request"),
            &[
                ("csrf", csrf.as_str()),
                ("member_number", "5"),
                (q.as_str(), "3"),
                (&format!("t_{article}"), "0"),
            ],
        )
        .await;
    assert_eq!(r.status(), 303);
    // Savitaben reads, on her own request, who entered it for her.
    let her = app.login(DS_MEMBER).await;
    let page = app.text(&her, &path).await;
    assert!(
        page.contains(&format!("Entered for you by {facilitator_name}")),
        "{page}"
    );
    // A plain member cannot enter for another.
    let csrf = hidden(&page, "csrf");
    let r = app
        .post(
            &her,
            &format!("{path}/request"),
            &[("csrf", csrf.as_str()), ("member_number", "6"), (q.as_str(), "3")],
        )
        .await;
    assert_eq!(r.status(), 403);
    // Her passbook names who wrote each line that she did not.
    let t = app.login(DS_TREASURER).await;
    let csrf = app.csrf(&t, "/o/dura-sundari/savings").await;
    let r = app
        .post(
            &t,
            "/o/dura-sundari/savings/move",
            &[
                ("csrf", csrf.as_str()),
                ("direction", "deposit"),
                ("member_number", "5"),
                ("confirmed_member", "5"),
                ("amount", "10"),
                ("till", "cash"),
            ],
        )
        .await;
    assert_eq!(r.status(), 303);
    let treasurer = app
        .one(format!("SELECT p.name FROM people p WHERE p.phone = '{DS_TREASURER}'"))
        .await;
    let id = app.member_id("dura-sundari", "5").await;
    let book = app.text(&her, &format!("/o/dura-sundari/members/{id}/passbook")).await;
    assert!(book.contains(&format!("entered by {treasurer}")), "{book}");
    // The facilitator gives notice to withdraw for her, from her record (where the
    // bylaws ask for notice).
    app.exec("UPDATE orgs SET savings_notice_days = 7 WHERE slug = 'dura-sundari'")
        .await;
    let record = app.text(&f, &format!("/o/dura-sundari/members/{id}")).await;
    assert!(record.contains("/withdrawal-notice"), "the form for her");
    let csrf = hidden(&record, "csrf");
    let r = app
        .post(
            &f,
            &format!("/o/dura-sundari/members/{id}/withdrawal-notice"),
            &[("csrf", csrf.as_str()), ("amount", "5"), ("back", "/")],
        )
        .await;
    assert_eq!(r.status(), 303);
    let book = app.text(&her, &format!("/o/dura-sundari/members/{id}/passbook")).await;
    assert!(
        book.contains(&format!("entered by {facilitator_name}")) && book.contains("₹5.00"),
        "{book}"
    );
    // She may give notice herself; another member may not for her.
    let csrf = hidden(&book, "csrf");
    let r = app
        .post(
            &her,
            &format!("/o/dura-sundari/members/{id}/withdrawal-notice"),
            &[("csrf", csrf.as_str()), ("amount", "3")],
        )
        .await;
    assert_eq!(r.status(), 303);
    let other = app.login("+919825000008").await;
    let csrf = app.csrf(&other, "/o/dura-sundari").await;
    let r = app
        .post(
            &other,
            &format!("/o/dura-sundari/members/{id}/withdrawal-notice"),
            &[("csrf", csrf.as_str()), ("amount", "3")],
        )
        .await;
    assert_eq!(r.status(), 403);
}
both!(a_facilitator_enters_a_request_for_her_and_it_says_so);

/// A multipart form as a browser sends it, with a file.
fn multipart(fields: &[(&str, &str)], file: &[u8]) -> (String, Vec<u8>) {
    let boundary = "tejido-test-boundary";
    let mut body = vec![];
    for (k, v) in fields {
        body.extend_from_slice(
            format!("--{boundary}\r\ncontent-disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n").as_bytes(),
        );
    }
    body.extend_from_slice(
        format!("--{boundary}\r\ncontent-disposition: form-data; name=\"clip\"; filename=\"line.opus\"\r\ncontent-type: audio/ogg\r\n\r\n").as_bytes(),
    );
    body.extend_from_slice(file);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

async fn a_leader_records_a_line_and_members_hear_it(app: TestApp) {
    let mut clip = b"OggS\0\x02".to_vec();
    clip.extend_from_slice(&[0; 22]);
    clip.extend_from_slice(b"OpusHead\x01\x01 some speech");
    let l = app.login(DS_LEADER).await;
    let page = app.text(&l, "/o/dura-sundari/audio").await;
    let csrf = hidden(&page, "csrf");
    let upload = |fields: Vec<(&'static str, String)>, file: Vec<u8>| {
        let csrf = csrf.clone();
        let l = l.clone();
        let url = app.url("/o/dura-sundari/audio");
        async move {
            let mut all: Vec<(&str, &str)> = vec![("csrf", csrf.as_str())];
            all.extend(fields.iter().map(|(k, v)| (*k, v.as_str())));
            let (kind, body) = multipart(&all, &file);
            l.post(url)
                .header("content-type", kind)
                .body(body)
                .send()
                .await
                .unwrap()
        }
    };
    // Not Opus: refused, with the reason.
    let r = upload(
        vec![("message", "mine-title".into()), ("locale", "gu".into())],
        b"ID3 an mp3".to_vec(),
    )
    .await;
    assert_eq!(r.status(), 422);
    assert!(r.text().await.unwrap().contains("not an Opus recording"));
    let r = upload(
        vec![("message", "mine-title".into()), ("locale", "gu".into())],
        clip.clone(),
    )
    .await;
    assert_eq!(r.status(), 303);
    // Savitaben reads in Gujarati: her home offers the line to listen to.
    let her = app.login_in_own_language(DS_MEMBER).await;
    let home = app.text(&her, "/o/dura-sundari").await;
    assert!(
        home.contains("<audio class=\"listen\"") && home.contains("/o/dura-sundari/audio/mine-title/gu"),
        "{home}"
    );
    let r = her
        .get(app.url("/o/dura-sundari/audio/mine-title/gu"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.headers()["content-type"], "audio/ogg");
    assert_eq!(r.bytes().await.unwrap().to_vec(), clip);
    // In English, where nothing was recorded, no player.
    let en = app.login(DS_MEMBER).await;
    assert!(!app.text(&en, "/o/dura-sundari").await.contains("<audio"));
    // A member records nothing; another organisation hears nothing.
    assert_eq!(
        her.get(app.url("/o/dura-sundari/audio")).send().await.unwrap().status(),
        403
    );
    let outsider = app.login(PH_LEADER).await;
    assert_eq!(
        outsider
            .get(app.url("/o/dura-sundari/audio/mine-title/gu"))
            .send()
            .await
            .unwrap()
            .status(),
        403
    );
}
both!(a_leader_records_a_line_and_members_hear_it);

async fn a_meetings_quorum_counts_those_it_called(app: TestApp) {
    let mut tx = app.db.begin_write().await.unwrap();
    let org = tejido::orgs::by_slug(&mut tx, "dura-sundari").await.unwrap().unwrap();
    let draft = tejido::meetings::service::Draft {
        kind: "general".into(),
        title: "Quorum check".into(),
        date: "2099-01-10".into(),
        time: "10:00".into(),
        place: "Saraspur".into(),
        agenda: vec!["Accounts".into()],
    };
    let id = tejido::meetings::service::create(&mut tx, &org, &draft, 1)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    let mut tx = app.db.begin().await.unwrap();
    let before = tejido::meetings::service::get(&mut tx, &org, id)
        .await
        .unwrap()
        .quorum
        .eligible;
    drop(tx);
    let active = app.count("SELECT COUNT(*) FROM memberships WHERE status = 'active' AND org_id = (SELECT id FROM orgs WHERE slug = 'dura-sundari')").await;
    assert_eq!(before, active);
    // A member admitted after the call does not move the count of those called.
    let l = app.login(DS_LEADER).await;
    let csrf = app.csrf(&l, "/o/dura-sundari/members/new").await;
    let r = app
        .post(
            &l,
            "/o/dura-sundari/members",
            &[
                ("csrf", csrf.as_str()),
                ("name", "Late Joiner"),
                ("phone", "9825077770"),
            ],
        )
        .await;
    assert_eq!(r.status(), 303);
    let mut tx = app.db.begin().await.unwrap();
    let after = tejido::meetings::service::get(&mut tx, &org, id)
        .await
        .unwrap()
        .quorum
        .eligible;
    assert_eq!(after, before, "those called when it was called");
}
both!(a_meetings_quorum_counts_those_it_called);

async fn an_idle_session_on_a_shared_phone_ends(app: TestApp) {
    let c = client();
    let csrf = app.csrf(&c, "/login").await;
    let person = app
        .count_of("SELECT person_id FROM memberships WHERE member_number = '45' AND org_id = (SELECT id FROM orgs WHERE slug = 'dura-sundari')".into())
        .await
        .to_string();
    let r = c
        .post(app.url("/login/pin"))
        .form(&[
            ("csrf", csrf.as_str()),
            ("phone", "+919825000045"),
            ("person", person.as_str()),
            ("pin", "4545"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    assert_eq!(c.get(app.url("/o/dura-sundari")).send().await.unwrap().status(), 200);
    // Six minutes later, as the session remembers it, the phone is nobody's.
    let sqlite = app
        .try_exec("UPDATE sessions SET data = json_set(data, '$.seen', json('1')) WHERE data LIKE '%\"seen\"%'")
        .await;
    if !sqlite {
        app.exec("UPDATE sessions SET data = jsonb_set(data::jsonb, '{seen}', '1')::text WHERE data LIKE '%\"seen\"%'")
            .await;
    }
    let r = c.get(app.url("/o/dura-sundari")).send().await.unwrap();
    assert_eq!(r.status(), 303, "logged out");
    assert!(r.headers()["location"].to_str().unwrap().starts_with("/login"));
    // A session with a password on her own phone keeps its longer life.
    let own = app.login(DS_MEMBER).await;
    assert_eq!(own.get(app.url("/o/dura-sundari")).send().await.unwrap().status(), 200);
}
both!(an_idle_session_on_a_shared_phone_ends);

async fn a_register_is_imported_with_phones_as_written(app: TestApp) {
    let l = app.login(DS_LEADER).await;
    let csrf = app.csrf(&l, "/o/dura-sundari/members/import").await;
    let before = app.count("SELECT COUNT(*) FROM memberships").await;
    let bad =
        "name,phone,member_number,trade\nKokilaben Rathod,98250 12345,161,garments\nNo Number,12345,162,garments\n";
    let r = app
        .post(
            &l,
            "/o/dura-sundari/members/import",
            &[("csrf", csrf.as_str()), ("csv", bad), ("step", "import")],
        )
        .await;
    assert_eq!(r.status(), 422);
    let page = r.text().await.unwrap();
    assert!(page.contains("+919825012345"), "shown as it will be stored");
    assert!(page.contains("Nothing was saved"));
    assert_eq!(
        app.count("SELECT COUNT(*) FROM memberships").await,
        before,
        "one wrong line refuses all"
    );
    let good = "name,phone,member_number,trade\nKokilaben Rathod,98250 12345,161,garments\nMeenaben Vora,09825012346,162,baking\n";
    let r = app
        .post(
            &l,
            "/o/dura-sundari/members/import",
            &[("csrf", csrf.as_str()), ("csv", good), ("step", "preview")],
        )
        .await;
    assert_eq!(r.status(), 200);
    let r = app
        .post(
            &l,
            "/o/dura-sundari/members/import",
            &[("csrf", csrf.as_str()), ("csv", good), ("step", "import")],
        )
        .await;
    assert_eq!(r.status(), 303);
    assert_eq!(app.count("SELECT COUNT(*) FROM memberships").await, before + 2);
    let stored = app
        .one("SELECT phone FROM memberships WHERE name = 'Meenaben Vora'".into())
        .await;
    assert_eq!(stored, "+919825012346");
    assert!(
        app.text(&l, "/o/dura-sundari/members")
            .await
            .contains("Saved. 2 members were added.")
    );
    // Imported twice, the numbers are taken: refused.
    let r = app
        .post(
            &l,
            "/o/dura-sundari/members/import",
            &[("csrf", csrf.as_str()), ("csv", good), ("step", "import")],
        )
        .await;
    assert_eq!(r.status(), 422);
    // A member cannot import.
    let her = app.login(DS_MEMBER).await;
    assert_eq!(
        her.get(app.url("/o/dura-sundari/members/import"))
            .send()
            .await
            .unwrap()
            .status(),
        403
    );
}
both!(a_register_is_imported_with_phones_as_written);
