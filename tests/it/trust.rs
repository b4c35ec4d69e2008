//! Trust, tried as a hostile user would: another organisation's people, secret ballots,
//! sessions, logins, roles, federations, idempotency, numbers and the small holes.

use serde_json::{Value, json};

use crate::both;
use crate::common::*;

async fn person_name(app: &TestApp, login: &str) -> String {
    app.one(format!(
        "SELECT name FROM people WHERE phone = '{login}' OR email = '{login}'"
    ))
    .await
}

async fn add_member_form(app: &TestApp, c: &reqwest::Client, name: &str, phone: &str) -> reqwest::Response {
    let csrf = app.csrf(c, "/o/dura-sundari/members/new").await;
    app.post(
        c,
        "/o/dura-sundari/members",
        &[
            ("csrf", &csrf),
            ("name", name),
            ("phone", phone),
            ("password", "chosen-by-the-leader"),
        ],
    )
    .await
}

/// A leader adds "a member" with the phone of a woman of another organisation, then edits
/// her: the woman's own name, login and register stay hers, and nothing answered says
/// she has an account. She sees an invitation and decides.
async fn a_person_belongs_to_herself(app: TestApp) {
    let her_name = person_name(&app, PH_MEMBER).await;
    let ph_register = app
        .one(format!(
            "SELECT name FROM memberships WHERE person_id = (SELECT id FROM people WHERE phone = '{PH_MEMBER}')"
        ))
        .await;
    let leader = app.login(DS_LEADER).await;
    let known = add_member_form(&app, &leader, "Imposter Ben", PH_MEMBER).await;
    let fresh = add_member_form(&app, &leader, "New Ben", "+919825066666").await;
    assert_eq!(known.status(), 303);
    assert_eq!(fresh.status(), fresh.status(), "both answers alike");
    let known_page = known.headers()["location"].to_str().unwrap().to_string();
    let fresh_page = fresh.headers()["location"].to_str().unwrap().to_string();
    let shown = app.text(&leader, &known_page).await;
    assert!(
        !shown.contains(&her_name),
        "her real name is not shown to another organisation"
    );
    let shown_fresh = app.text(&leader, &fresh_page).await;
    assert_eq!(
        shown.contains("Imposter Ben"),
        shown_fresh.contains("New Ben"),
        "the two pages say the same kind of thing"
    );
    // The leader edits "her": name and phone are the organisation's record only.
    let csrf = app.csrf(&leader, &format!("{known_page}/edit")).await;
    let edited = app
        .post(
            &leader,
            &known_page,
            &[
                ("csrf", &csrf),
                ("name", "Renamed Ben"),
                ("phone", "+919825066667"),
                ("status", "active"),
            ],
        )
        .await;
    assert_eq!(edited.status(), 303);
    assert_eq!(person_name(&app, PH_MEMBER).await, her_name);
    let ph_register_after = app
        .one(format!(
            "SELECT name FROM memberships WHERE person_id = (SELECT id FROM people WHERE phone = '{PH_MEMBER}')"
        ))
        .await;
    assert_eq!(ph_register_after, ph_register, "PATAMABA-WISE's register is unchanged");
    // The leader's password opens Dura Sundari's record alone, for the known phone as for
    // the new one, so trying it tells her nothing; her own password opens her account.
    for (phone, name) in [(PH_MEMBER, "Imposter Ben"), ("+919825066666", "New Ben")] {
        let v = client();
        let vcsrf = app.csrf(&v, "/login").await;
        let r = app.try_login(&v, &vcsrf, phone, "chosen-by-the-leader").await;
        assert_eq!(r.status(), 303, "{phone}");
        let home = app.text(&v, "/o/dura-sundari").await;
        assert!(home.contains(name) && home.contains("Dura Sundari"), "{phone}");
        assert!(!home.contains("PATAMABA") && !home.contains(&her_name), "{phone}");
    }
    let her = app.login(PH_MEMBER).await;
    // She is invited, and the membership becomes hers only when she accepts.
    let home = app.text(&her, "/").await;
    assert!(home.contains("Dura Sundari") && home.contains("/invitations/"));
    assert_eq!(her.get(app.url("/o/dura-sundari")).send().await.unwrap().status(), 403);
    let action = home
        .split("action=\"")
        .find(|s| s.starts_with("/invitations/") && s.contains("/accept"))
        .and_then(|s| s.split('"').next())
        .unwrap()
        .to_string();
    let hcsrf = app.csrf(&her, "/").await;
    assert_eq!(app.post(&her, &action, &[("csrf", &hcsrf)]).await.status(), 303);
    assert_eq!(her.get(app.url("/o/dura-sundari")).send().await.unwrap().status(), 200);
    assert_eq!(person_name(&app, PH_MEMBER).await, her_name);
    // Through the API, on the operator's own email: the same.
    let token = app.token(DS_LEADER, "dura-sundari").await;
    let (status, body) = app
        .api_post(
            &token,
            "/api/v1/orgs/dura-sundari/members",
            json!({"name": "Op Erator", "email": OPERATOR, "password": "leaders-password"}),
        )
        .await;
    assert_eq!(status, 201);
    assert_eq!(body["name"], "Op Erator");
    assert_eq!(person_name(&app, OPERATOR).await, "Operator");
    app.login(OPERATOR).await;
    // A new phone beside a known email: the typed password opens the record with the
    // phone, as it would if neither were known.
    let (status, _) = app
        .api_post(
            &token,
            "/api/v1/orgs/dura-sundari/members",
            json!({"name": "Half Known", "phone": "+919825066668", "email": "member02@homenet.example", "password": "leaders-password"}),
        )
        .await;
    assert_eq!(status, 201);
    let v = client();
    let vcsrf = app.csrf(&v, "/login").await;
    assert_eq!(
        app.try_login(&v, &vcsrf, "+919825066668", "leaders-password")
            .await
            .status(),
        303
    );
    assert!(!person_name(&app, "member02@homenet.example").await.is_empty());
    // The public form links nobody: the applicant is a record of her own.
    let visitor = client();
    let page = app.text(&visitor, "/join/dura-sundari").await;
    let r = visitor
        .post(app.url("/join/dura-sundari"))
        .form(&[
            ("csrf", hidden(&page, "csrf").as_str()),
            ("name", "Someone Else"),
            ("phone", "+639171000006"),
            ("trade", "sewing"),
            ("locality", "Naroda"),
            ("shares", "2"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let body = r.text().await.unwrap();
    assert!(!body.contains(&person_name(&app, "+639171000006").await));
    assert_eq!(
        app.count_of(
            "SELECT COUNT(*) FROM memberships WHERE person_id = (SELECT id FROM people WHERE phone = '+639171000006')"
                .to_string()
        )
        .await,
        1,
        "her own membership only, until she accepts"
    );
}
both!(a_person_belongs_to_herself);

async fn open_secret_vote(app: &TestApp, token: &str) -> i64 {
    let (status, p) = app
        .api_post(
            token,
            "/api/v1/orgs/dura-sundari/proposals",
            json!({"title": "Buy a second sewing machine", "kind": "single", "options": ["Yes, this year", "Next year", "No"], "secret": true, "closes_on": "2099-01-01"}),
        )
        .await;
    assert_eq!(status, 201, "{p}");
    p["id"].as_i64().unwrap()
}

/// Members vote in a known order; once the vote has closed, nothing in the data folder
/// (the file, its write-ahead log, the idempotency keys) links a voter to her choice.
async fn secret_ballot_cannot_be_linked_to_voter(app: TestApp) {
    let leader = app.token(DS_LEADER, "dura-sundari").await;
    let id = open_secret_vote(&app, &leader).await;
    let c = reqwest::Client::new();
    let vote = |token: &str, key: &str, choice: usize| {
        c.post(app.url(&format!("/api/v1/orgs/dura-sundari/proposals/{id}/votes")))
            .header("authorization", format!("Bearer {token}"))
            .header("idempotency-key", key)
            .json(&json!({ "choice": [choice] }))
            .send()
    };
    let mut keys = vec![];
    for n in 5..17 {
        let token = app.token(&format!("+9198250000{n:02}"), "dura-sundari").await;
        let key = format!("secret-vote-key-{n}-{}", tejido::auth::random_token(6));
        let r = vote(&token, &key, n % 3).await.unwrap();
        assert!(r.status().is_success(), "vote {n}: {}", r.status());
        // A retry does not count twice.
        let again = vote(&token, &key, n % 3).await.unwrap();
        assert!(
            again.status().is_client_error(),
            "a second secret vote: {}",
            again.status()
        );
        keys.push(key);
    }
    let (status, closed) = app
        .api_post(
            &leader,
            &format!("/api/v1/orgs/dura-sundari/proposals/{id}/close"),
            json!({}),
        )
        .await;
    assert_eq!(status, 200);
    assert_eq!(closed["turnout"], 12);
    assert_eq!(closed["votes"], json!([4, 4, 4]));
    assert_eq!(
        app.count_of(format!(
            "SELECT COUNT(*) FROM idempotency_keys WHERE route LIKE '%/proposals/{id}/%'"
        ))
        .await,
        0,
        "no key says who voted when"
    );
    // The counts sit in the order of the choices, not of the votes.
    let agg = if app.database_url.starts_with("sqlite:") {
        "group_concat(choice, ',')"
    } else {
        "string_agg(choice, ',')"
    };
    let order = app
        .one(format!(
            "SELECT {agg} FROM (SELECT choice FROM secret_ballots WHERE proposal_id = {id}) x"
        ))
        .await;
    assert_eq!(order, "0,1,2", "as stored, in order of choice");
    if app.database_url.starts_with("sqlite:") {
        let db_file = app.data_dir.join("tejido.db");
        let wal = app.data_dir.join("tejido.db-wal");
        let wal_len = std::fs::metadata(&wal).map(|m| m.len()).unwrap_or(0);
        assert_eq!(wal_len, 0, "the write-ahead log holding each vote was truncated");
        let bytes = std::fs::read(&db_file).unwrap();
        let text = String::from_utf8_lossy(&bytes);
        for key in &keys {
            assert!(!text.contains(key.as_str()), "no trace of {key} in the file");
        }
        let sql = app
            .one("SELECT sql FROM sqlite_master WHERE name = 'secret_ballots'".to_string())
            .await;
        assert!(sql.contains("WITHOUT ROWID"), "no insertion order to read: {sql}");
    }
}
both!(secret_ballot_cannot_be_linked_to_voter);

fn cookie_of(resp: &reqwest::Response, name: &str) -> Option<String> {
    resp.headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(|v| v.strip_prefix(&format!("{name}=")))
        .map(|v| v.split(';').next().unwrap_or_default().to_string())
}

/// A session id is stored only as its hash; changing a password ends her other sessions;
/// she sees her sessions and tokens and ends them.
async fn sessions_are_hashed_listed_and_ended(app: TestApp) {
    let plain = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let login_page = plain.get(app.url("/login")).send().await.unwrap();
    let form_cookie = cookie_of(&login_page, "tejido_form").unwrap();
    let csrf = hidden(&login_page.text().await.unwrap(), "csrf");
    let r = plain
        .post(app.url("/login"))
        .header("cookie", format!("tejido_form={form_cookie}"))
        .form(&[
            ("csrf", csrf.as_str()),
            ("identifier", DS_MEMBER),
            ("password", "tejido-demo"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    let session = cookie_of(&r, "tejido_session").unwrap();
    assert_eq!(
        app.count_of(format!("SELECT COUNT(*) FROM sessions WHERE id_hash = '{session}'"))
            .await,
        0
    );
    let hash = tejido::auth::service::token_hash(&session);
    assert_eq!(
        app.count_of(format!("SELECT COUNT(*) FROM sessions WHERE id_hash = '{hash}'"))
            .await,
        1
    );
    // Two phones, then a new password on the first: the second is logged out.
    let first = app.login(DS_MEMBER).await;
    let second = app.login(DS_MEMBER).await;
    let account = app.text(&first, "/account").await;
    assert!(account.contains("/account/sessions/"), "her sessions are listed");
    let pcsrf = app.csrf(&first, "/account/password").await;
    let changed = app
        .post(
            &first,
            "/account/password",
            &[
                ("csrf", &pcsrf),
                ("current", "tejido-demo"),
                ("new", "a-new-long-password"),
                ("confirm", "a-new-long-password"),
            ],
        )
        .await;
    assert_eq!(changed.status(), 200);
    let r = second.get(app.url("/o/dura-sundari")).send().await.unwrap();
    assert_eq!(r.status(), 303, "the other phone is logged out");
    assert_eq!(
        first.get(app.url("/o/dura-sundari")).send().await.unwrap().status(),
        200
    );
    // A token she sees and revokes.
    let token = app.token(DS_MEMBER, "dura-sundari").await;
    let (ok, _) = app.api_get(&token, "/api/v1/me").await;
    assert_eq!(ok, 200);
    let account = app.text(&first, "/account").await;
    let revoke = account
        .split("action=\"")
        .find(|s| s.starts_with("/account/tokens/"))
        .and_then(|s| s.split('"').next())
        .unwrap()
        .to_string();
    let acsrf = hidden(&account, "csrf");
    assert_eq!(app.post(&first, &revoke, &[("csrf", &acsrf)]).await.status(), 303);
    let (gone, _) = app.api_get(&token, "/api/v1/me").await;
    assert_eq!(gone, 401);
    // Someone else's session cannot be ended from her page.
    let other = app.login(DS_LEADER).await;
    let ocsrf = app.csrf(&other, "/account").await;
    let foreign_hash = app
        .one(format!(
            "SELECT id_hash FROM sessions WHERE person_id = (SELECT id FROM people WHERE phone = '{DS_MEMBER}') LIMIT 1"
        ))
        .await;
    let r = app
        .post(
            &other,
            &format!("/account/sessions/{}/end", &foreign_hash[..16]),
            &[("csrf", &ocsrf)],
        )
        .await;
    assert_eq!(r.status(), 404);
}
both!(sessions_are_hashed_listed_and_ended);

/// A hundred wrong passwords at once are counted before any is checked; an attacker's
/// failures do not lock her out of the phone she logs in from.
async fn logins_cannot_be_outrun_or_turned_against_her(app: TestApp) {
    // Her phone knows her: she logged in there before.
    let hers = client();
    let hcsrf = app.csrf(&hers, "/login").await;
    assert_eq!(
        app.try_login(&hers, &hcsrf, DS_MEMBER, "tejido-demo").await.status(),
        303
    );
    let attacker = client();
    let csrf = app.csrf(&attacker, "/login").await;
    let mut handles = vec![];
    for _ in 0..100 {
        let (c, url, csrf) = (attacker.clone(), app.url("/login"), csrf.clone());
        handles.push(tokio::spawn(async move {
            c.post(url)
                .form(&[
                    ("csrf", csrf.as_str()),
                    ("identifier", DS_MEMBER),
                    ("password", "wrong-guess-1"),
                ])
                .send()
                .await
                .unwrap()
                .status()
                .as_u16()
        }));
    }
    let mut checked = 0;
    for h in handles {
        let s = h.await.unwrap();
        assert!(s == 422 || s == 429, "{s}");
        checked += i32::from(s == 422);
    }
    assert!(checked <= 5, "{checked} passwords were checked against a limit of 5");
    assert_eq!(
        app.try_login(&attacker, &csrf, DS_MEMBER, "tejido-demo").await.status(),
        429,
        "the attacker's browser stays locked, even with the right password"
    );
    let hcsrf = app.csrf(&hers, "/login").await;
    assert_eq!(
        app.try_login(&hers, &hcsrf, DS_MEMBER, "tejido-demo").await.status(),
        303,
        "her own phone still lets her in"
    );
}
both!(logins_cannot_be_outrun_or_turned_against_her);

/// Nobody changes her own roles; admin and treasurer are granted by an admin; the last
/// admin can be neither demoted nor exited.
async fn roles_keep_the_separation_of_duties(app: TestApp) {
    let plain = app.token(DS_PLAIN_LEADER, "dura-sundari").await;
    let admin = app.token(DS_LEADER, "dura-sundari").await;
    let c = reqwest::Client::new();
    let patch = |token: &str, id: i64, body: Value| {
        c.patch(app.url(&format!("/api/v1/orgs/dura-sundari/members/{id}")))
            .header("authorization", format!("Bearer {token}"))
            .json(&body)
            .send()
    };
    let me = app.member_id("dura-sundari", "4").await;
    let six = app.member_id("dura-sundari", "6").await;
    let first = app.member_id("dura-sundari", "1").await;
    let r = patch(&plain, me, json!({"roles": ["leader", "admin", "treasurer"]}))
        .await
        .unwrap();
    assert_eq!(r.status(), 422, "a leader gives herself admin");
    let r = patch(&plain, six, json!({"roles": ["treasurer"]})).await.unwrap();
    assert_eq!(r.status(), 422, "only an admin grants treasurer");
    let r = patch(&admin, first, json!({"roles": ["leader"]})).await.unwrap();
    assert_eq!(r.status(), 422, "the admin demotes herself");
    let r = patch(&plain, first, json!({"status": "suspended"})).await.unwrap();
    assert_eq!(r.status(), 422, "the last admin is suspended");
    let (status, _) = app
        .api_post(
            &plain,
            &format!("/api/v1/orgs/dura-sundari/members/{first}/exit"),
            json!({"reason": "pushed out"}),
        )
        .await;
    assert_eq!(status, 422, "the last admin exits");
    let r = patch(&admin, six, json!({"roles": ["treasurer"]})).await.unwrap();
    assert_eq!(r.status(), 200, "an admin grants treasurer");
    assert_eq!(
        app.count_of(format!(
            "SELECT COUNT(*) FROM memberships WHERE id = {first} AND roles LIKE '%admin%' AND status = 'active'"
        ))
        .await,
        1
    );
}
both!(roles_keep_the_separation_of_duties);

/// The federation's staff see Dura Sundari's totals, not its people, until it shares.
async fn federations_see_totals_not_names(app: TestApp) {
    let staff = app.login(SEWA_STAFF).await;
    let home = staff.get(app.url("/o/dura-sundari")).send().await.unwrap();
    assert_eq!(home.status(), 200);
    let home = home.text().await.unwrap();
    let staff_name = person_name(&app, SEWA_STAFF).await;
    for n in 6..12 {
        let name = app
            .one(format!(
                "SELECT name FROM memberships WHERE org_id = (SELECT id FROM orgs WHERE slug = 'dura-sundari') AND member_number = '{n}'"
            ))
            .await;
        assert!(name == staff_name || !home.contains(&name), "{name} on the dashboard");
    }
    assert!(!home.contains("/o/dura-sundari/leadership"), "no menu into names");
    for path in [
        "/o/dura-sundari/meetings",
        "/o/dura-sundari/leadership",
        "/o/dura-sundari/members",
        "/o/dura-sundari/votes",
    ] {
        let r = staff.get(app.url(path)).send().await.unwrap();
        assert_eq!(r.status(), 403, "{path}");
    }
    let meeting = app
        .count_of(
            "SELECT MIN(id) FROM meetings WHERE org_id = (SELECT id FROM orgs WHERE slug = 'dura-sundari')".into(),
        )
        .await;
    let r = staff
        .get(app.url(&format!("/o/dura-sundari/meetings/{meeting}")))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403);
    // Dura Sundari's admin lets them see names; then the leadership page opens.
    let admin = app.login(DS_LEADER).await;
    let csrf = app.csrf(&admin, "/o/dura-sundari/settings").await;
    let r = app
        .post(
            &admin,
            "/o/dura-sundari/settings/sharing",
            &[("csrf", &csrf), ("share", "yes")],
        )
        .await;
    assert_eq!(r.status(), 303);
    let r = staff.get(app.url("/o/dura-sundari/leadership")).send().await.unwrap();
    assert_eq!(r.status(), 200);
    let r = staff.get(app.url("/o/dura-sundari/members")).send().await.unwrap();
    assert_eq!(r.status(), 403, "the register stays the organisation's");
}
both!(federations_see_totals_not_names);

/// A key is the person's and the route's, checked after her rights, and bound to what
/// was sent; it is stored with the write.
async fn idempotency_keys_are_checked_after_her_rights(app: TestApp) {
    let plain = app.token(DS_PLAIN_LEADER, "dura-sundari").await;
    let admin = app.token(DS_LEADER, "dura-sundari").await;
    let c = reqwest::Client::new();
    let add = |token: &str, key: &str| {
        c.post(app.url("/api/v1/orgs/dura-sundari/members"))
            .header("authorization", format!("Bearer {token}"))
            .header("idempotency-key", key)
            .json(&json!({"name": "Kokilaben Vora", "phone": "+919825055555"}))
            .send()
    };
    assert_eq!(add(&plain, "k-1").await.unwrap().status(), 201);
    assert_eq!(
        app.count("SELECT COUNT(*) FROM idempotency_keys WHERE status IS NULL")
            .await,
        0,
        "no key is left waiting"
    );
    // Another person with the same key is another request: refused on its own terms
    // (the phone is taken now), not answered with the first person's answer.
    let other = add(&admin, "k-1").await.unwrap();
    assert_eq!(other.status(), 422);
    assert!(other.headers().get("idempotent-replayed").is_none());
    // Her leader role is taken away; her replay is refused, not answered 201.
    let me = app.member_id("dura-sundari", "4").await;
    let r = c
        .patch(app.url(&format!("/api/v1/orgs/dura-sundari/members/{me}")))
        .header("authorization", format!("Bearer {admin}"))
        .json(&json!({"roles": []}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(add(&plain, "k-1").await.unwrap().status(), 403);
    assert_eq!(
        app.count("SELECT COUNT(*) FROM memberships WHERE name = 'Kokilaben Vora'")
            .await,
        1
    );
    // Kept as long as a phone may stay offline: 89 days on, a key is still there.
    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    for (key, age_days) in [("old-89", 89), ("old-91", 91)] {
        let at = now - age_days * 86_400;
        let sql = format!(
            "INSERT INTO idempotency_keys (scope, route, key, fingerprint, status, created_at) VALUES ('person:1', 'POST /x', '{key}', 'f', 201, {at})"
        );
        let mut tx = app.db.begin_write().await.unwrap();
        tejido::on_conn!(&mut tx, c => sqlx::query(sqlx::AssertSqlSafe(sql.clone())).execute(c).await.unwrap().rows_affected());
        tx.commit().await.unwrap();
    }
    let mut tx = app.db.begin_write().await.unwrap();
    tejido::db::idempotency::prune(&mut tx).await.unwrap();
    tx.commit().await.unwrap();
    assert_eq!(
        app.count("SELECT COUNT(*) FROM idempotency_keys WHERE key = 'old-89'")
            .await,
        1
    );
    assert_eq!(
        app.count("SELECT COUNT(*) FROM idempotency_keys WHERE key = 'old-91'")
            .await,
        0
    );
}
both!(idempotency_keys_are_checked_after_her_rights);

/// Amounts have a ceiling where they are read, so no sum overflows and no page fails.
async fn numbers_stay_sane(app: TestApp) {
    let t = app.token(DS_TREASURER, "dura-sundari").await;
    let (s, _) = app
        .api_post(
            &t,
            "/api/v1/orgs/dura-sundari/savings/deposits",
            json!({"member_number": "5", "amount": 2_566_074_468_947_920_384u64}),
        )
        .await;
    assert_eq!(s, 422);
    let (s, _) = app
        .api_post(
            &t,
            "/api/v1/orgs/dura-sundari/entries",
            json!({"date": "2026-11-01", "description": "Huge", "postings": [{"account": "1100", "amount": i64::MAX}, {"account": "4100", "amount": -i64::MAX}]}),
        )
        .await;
    assert_eq!(s, 422);
    let (s, _) = app
        .api_post(
            &t,
            "/api/v1/orgs/dura-sundari/entries",
            json!({"date": "2026-11-01", "description": "Just inside", "postings": [{"account": "1100", "amount": 1_000_000_000_000i64}, {"account": "4100", "amount": -1_000_000_000_000i64}]}),
        )
        .await;
    assert_eq!(s, 201);
    let leader = app.token(DS_LEADER, "dura-sundari").await;
    let (s, _) = app
        .api_post(
            &leader,
            "/api/v1/orgs/dura-sundari/loans",
            json!({"member_number": "5", "product_id": 1, "principal": 51_651_725_374_530i64, "purpose": "x"}),
        )
        .await;
    assert!(s == 422 || s == 400, "{s}");
    let treasurer = app.login(DS_TREASURER).await;
    let csrf = app.csrf(&treasurer, "/o/dura-sundari/books/cashbook").await;
    let r = app
        .post(
            &treasurer,
            "/o/dura-sundari/books/cashbook",
            &[
                ("csrf", &csrf),
                ("purpose", "rent-paid"),
                ("amount", "92233720368547758.07"),
            ],
        )
        .await;
    assert_eq!(r.status(), 422);
    for page in [
        "/o/dura-sundari/books",
        "/o/dura-sundari/reports/trial-balance",
        "/o/dura-sundari/reports/balance-sheet",
        "/o/dura-sundari/reports/income-statement",
        "/o/dura-sundari/reports/cash-flow",
    ] {
        let s = treasurer.get(app.url(page)).send().await.unwrap().status();
        assert!(s.as_u16() < 500, "{page}: {s}");
    }
}
both!(numbers_stay_sane);

/// next= stays on the site; CSV cells are not formulas; personal pages are not cached;
/// /metrics is not public; member numbers are positive; reading a page writes nothing.
async fn the_small_holes_are_closed(app: TestApp) {
    let v = client();
    for next in ["/%09/evil.example", "/%00", "//evil.example", "/%5Cevil.example"] {
        let r = v.get(app.url(&format!("/lang/en?next={next}"))).send().await.unwrap();
        assert_eq!(r.status(), 303, "{next}");
        assert_eq!(r.headers()["location"], "/", "{next}");
    }
    // A formula typed as a description is text in the journal's CSV.
    let t = app.token(DS_TREASURER, "dura-sundari").await;
    let (s, _) = app
        .api_post(
            &t,
            "/api/v1/orgs/dura-sundari/entries",
            json!({"date": "2026-11-02", "description": "=HYPERLINK(\"http://evil.example\",\"x\")", "postings": [{"account": "1100", "amount": 100}, {"account": "4100", "amount": -100}]}),
        )
        .await;
    assert_eq!(s, 201);
    let treasurer = app.login(DS_TREASURER).await;
    let csv = app
        .text(&treasurer, "/o/dura-sundari/reports/journal?format=csv&from=2026-11-01")
        .await;
    assert!(csv.contains("'=HYPERLINK"), "neutralised");
    assert!(!csv.contains(",=HYPERLINK") && !csv.contains("\"=HYPERLINK"));
    // Personal and financial pages are never kept by a shared phone.
    let member = app.login(DS_MEMBER).await;
    let me = app.member_id("dura-sundari", "5").await;
    let r = member
        .get(app.url(&format!("/o/dura-sundari/members/{me}/passbook")))
        .send()
        .await
        .unwrap();
    assert_eq!(r.headers()["cache-control"], "no-store");
    let r = client()
        .get(app.url("/api/v1/me"))
        .header("authorization", format!("Bearer {t}"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.headers()["cache-control"], "no-store");
    // /metrics answers here, on this machine, but not through a proxy.
    assert_eq!(v.get(app.url("/metrics")).send().await.unwrap().status(), 200);
    let r = v
        .get(app.url("/metrics"))
        .header("x-forwarded-for", "203.0.113.9")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 404);
    // Member numbers are positive, and nobody is created already exited.
    let leader = app.token(DS_LEADER, "dura-sundari").await;
    for body in [
        json!({"name": "Zero", "member_number": "0"}),
        json!({"name": "Minus", "member_number": "-5"}),
        json!({"name": "Gone", "status": "exited"}),
    ] {
        let (s, _) = app
            .api_post(&leader, "/api/v1/orgs/dura-sundari/members", body.clone())
            .await;
        assert_eq!(s, 422, "{body}");
    }
    // A visitor reading pages writes nothing.
    let before = app.count("SELECT COUNT(*) FROM sessions").await;
    for _ in 0..20 {
        let anon = reqwest::Client::new();
        assert_eq!(anon.get(app.url("/login")).send().await.unwrap().status(), 200);
        anon.get(app.url("/join/dura-sundari")).send().await.unwrap();
    }
    assert_eq!(app.count("SELECT COUNT(*) FROM sessions").await, before);
}
both!(the_small_holes_are_closed);

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn start_server(app: &TestApp, port: u16) -> std::process::Child {
    std::process::Command::new(env!("CARGO_BIN_EXE_tejido"))
        .args(["serve", "--bind", &format!("127.0.0.1:{port}")])
        .env("DATABASE_URL", &app.database_url)
        .env("TEJIDO_DATA_DIR", &app.data_dir)
        .env("RUST_LOG", "warn")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("the server starts")
}

async fn wait_healthy(c: &reqwest::Client, base: &str) {
    for _ in 0..200 {
        if let Ok(r) = c.get(format!("{base}/healthz")).send().await
            && r.status() == 200
        {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    panic!("the server did not come up");
}

/// Entries posted over HTTP while the server is killed (kill -9) and started again: every
/// acknowledged entry is there once, a retry of any key never counts twice nor stays
/// "in progress", and the books verify.
async fn acknowledged_entries_survive_kill_9(app: TestApp) {
    let token = app.token(DS_TREASURER, "dura-sundari").await;
    let c = reqwest::Client::new();
    let body = |key: &str| json!({"date": "2026-11-05", "description": key, "postings": [{"account": "1100", "amount": 100}, {"account": "4100", "amount": -100}]});
    let mut acknowledged = vec![];
    let mut sent = vec![];
    for cycle in 0..4 {
        let port = free_port();
        let base = format!("http://127.0.0.1:{port}");
        let mut server = start_server(&app, port);
        wait_healthy(&c, &base).await;
        let mut handles = vec![];
        for i in 0..40 {
            let key = format!("kill-{cycle}-{i}");
            sent.push(key.clone());
            let (c, url, auth, json) = (
                c.clone(),
                format!("{base}/api/v1/orgs/dura-sundari/entries"),
                format!("Bearer {token}"),
                body(&key),
            );
            handles.push(tokio::spawn(async move {
                let r = c
                    .post(url)
                    .header("authorization", auth)
                    .header("idempotency-key", &key)
                    .json(&json)
                    .send()
                    .await;
                (key, r.map(|r| r.status().as_u16()).unwrap_or(0))
            }));
        }
        tokio::time::sleep(std::time::Duration::from_millis(20 + 15 * cycle)).await;
        server.kill().expect("kill -9");
        server.wait().unwrap();
        for h in handles {
            let (key, status) = h.await.unwrap();
            if status == 201 {
                acknowledged.push(key);
            }
        }
    }
    // Started again: every key sent is retried.
    let port = free_port();
    let base = format!("http://127.0.0.1:{port}");
    let mut server = start_server(&app, port);
    wait_healthy(&c, &base).await;
    for key in &sent {
        let r = c
            .post(format!("{base}/api/v1/orgs/dura-sundari/entries"))
            .header("authorization", format!("Bearer {token}"))
            .header("idempotency-key", key)
            .json(&body(key))
            .send()
            .await
            .unwrap();
        let s = r.status().as_u16();
        assert!(s == 201 || s == 409, "retry of {key}: {s}");
    }
    for key in &sent {
        let n = app
            .count_of(format!(
                "SELECT COUNT(*) FROM journal_entries WHERE description = '{key}'"
            ))
            .await;
        assert_eq!(n, 1, "{key} is in the books once");
    }
    assert!(!acknowledged.is_empty() || !sent.is_empty());
    server.kill().unwrap();
    server.wait().unwrap();
    let verify = std::process::Command::new(env!("CARGO_BIN_EXE_tejido"))
        .args(["verify", "--org", "dura-sundari"])
        .env("DATABASE_URL", &app.database_url)
        .env("TEJIDO_DATA_DIR", &app.data_dir)
        .output()
        .unwrap();
    assert!(verify.status.success(), "{}", String::from_utf8_lossy(&verify.stderr));
}
both!(acknowledged_entries_survive_kill_9);
