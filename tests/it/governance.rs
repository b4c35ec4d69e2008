//! Meetings and elections: a general assembly called, held with attendance, proxies and
//! a live quorum, minuted and decided; an election from nominations to seated winners,
//! with the term limit and the leadership page.

use serde_json::{Value, json};

use crate::both;
use crate::common::*;

const API: &str = "/api/v1/orgs/dura-sundari";

fn day(offset: i64) -> String {
    tejido::db::iso_day(time::OffsetDateTime::now_utc().date() + time::Duration::days(offset))
}

fn login(n: usize) -> String {
    format!("+9198250000{n:02}")
}

async fn a_general_assembly_is_called_held_and_minuted(app: TestApp) {
    let l = app.login(DS_LEADER).await;
    let csrf = app.csrf(&l, "/o/dura-sundari/meetings").await;
    let meetings = app.count("SELECT COUNT(*) FROM meetings").await;
    let form = |time: &'static str| {
        vec![
            ("csrf", csrf.clone()),
            ("kind", "general".to_string()),
            ("title", "Assembly on thread prices".to_string()),
            ("date", day(7)),
            ("time", time.to_string()),
            ("place", "Dariyapur community hall".to_string()),
            ("agenda", "Thread prices\nA loan for the new machine".to_string()),
        ]
    };
    let r = l
        .post(app.url("/o/dura-sundari/meetings"))
        .form(&form("25:00"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 422);
    assert!(r.text().await.unwrap().contains("hours:minutes"));
    assert_eq!(
        app.count("SELECT COUNT(*) FROM meetings").await,
        meetings,
        "nothing half-written"
    );
    let r = l
        .post(app.url("/o/dura-sundari/meetings"))
        .form(&form("10:30"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    let page_path = r.headers()["location"].to_str().unwrap().to_string();
    let id: i64 = page_path.rsplit('/').next().unwrap().parse().unwrap();
    let token = app.token(DS_LEADER, "dura-sundari").await;
    let (_, m) = app.api_get(&token, &format!("{API}/meetings/{id}")).await;
    assert_eq!(m["agenda"].as_array().unwrap().len(), 2);
    assert!(m["eligible"].as_i64().unwrap() > 20);
    assert_eq!(m["notices_queued"], m["eligible"], "a notice for every member called");

    // A member cannot run the meeting; the leader opens it.
    let member = app.login(DS_MEMBER).await;
    let mcsrf = app.csrf(&member, &page_path).await;
    let r = app
        .post(&member, &format!("{page_path}/open"), &[("csrf", &mcsrf)])
        .await;
    assert_eq!(r.status(), 403);
    assert_eq!(
        app.post(&l, &format!("{page_path}/open"), &[("csrf", &csrf)])
            .await
            .status(),
        303
    );
    // She marks herself present; the leader marks another at the door, twice.
    assert_eq!(
        app.post(&member, &format!("{page_path}/attend"), &[("csrf", &mcsrf)])
            .await
            .status(),
        303
    );
    for _ in 0..2 {
        let r = app
            .post(
                &l,
                &format!("{page_path}/mark"),
                &[("csrf", &csrf), ("member_number", "6")],
            )
            .await;
        assert_eq!(r.status(), 303);
    }
    let r = app
        .post(
            &l,
            &format!("{page_path}/mark"),
            &[("csrf", &csrf), ("member_number", "A99")],
        )
        .await;
    assert_eq!(r.status(), 422);
    // Proxies: member 8 trusts member 5; the bylaws allow her one only.
    let t8 = app.token(&login(8), "dura-sundari").await;
    let t9 = app.token(&login(9), "dura-sundari").await;
    let t5 = app.token(DS_MEMBER, "dura-sundari").await;
    let (s, _) = app
        .api_post(
            &t8,
            &format!("{API}/meetings/{id}/proxies"),
            json!({"holder_number": "5"}),
        )
        .await;
    assert_eq!(s, 201);
    let (s, out) = app
        .api_post(
            &t9,
            &format!("{API}/meetings/{id}/proxies"),
            json!({"holder_number": "5"}),
        )
        .await;
    assert_eq!(s, 422);
    assert!(out.to_string().contains("meeting-proxy-limit"));
    let (s, out) = app
        .api_post(
            &t5,
            &format!("{API}/meetings/{id}/proxies"),
            json!({"holder_number": "5"}),
        )
        .await;
    assert_eq!(s, 422);
    assert!(out.to_string().contains("meeting-proxy-self"));
    let (s, out) = app
        .api_post(
            &t8,
            &format!("{API}/meetings/{id}/proxies"),
            json!({"holder_number": "6"}),
        )
        .await;
    assert_eq!(s, 422, "one proxy per member and meeting: {out}");
    let (_, m) = app.api_get(&token, &format!("{API}/meetings/{id}")).await;
    assert_eq!((m["present"].as_i64(), m["proxies"].as_i64()), (Some(2), Some(1)));
    assert_eq!(m["quorum_met"], false);
    let page = app.text(&l, &page_path).await;
    assert!(page.contains("2 present and 1 by proxy"));

    // Decisions against the agenda, minutes, and the meeting closes.
    let item = app
        .count("SELECT MIN(id) FROM agenda_items WHERE meeting_id = (SELECT MAX(id) FROM meetings)")
        .await;
    let r = app
        .post(
            &l,
            &format!("{page_path}/decide"),
            &[
                ("csrf", &csrf),
                ("item_id", &item.to_string()),
                ("decision", "Buy 200 reels at the federation's price"),
            ],
        )
        .await;
    assert_eq!(r.status(), 303);
    let r = app
        .post(
            &l,
            &format!("{page_path}/decide"),
            &[("csrf", &csrf), ("item_id", &item.to_string()), ("decision", " ")],
        )
        .await;
    assert_eq!(r.status(), 422);
    let r = app
        .post(
            &l,
            &format!("{page_path}/minutes"),
            &[
                ("csrf", &csrf),
                (
                    "minutes",
                    "Opened at 10:40.\nQuorum not reached; decisions to be confirmed.",
                ),
            ],
        )
        .await;
    assert_eq!(r.status(), 303);
    assert_eq!(
        app.post(&l, &format!("{page_path}/close"), &[("csrf", &csrf)])
            .await
            .status(),
        303
    );
    let r = app
        .post(&member, &format!("{page_path}/attend"), &[("csrf", &mcsrf)])
        .await;
    assert_eq!(r.status(), 422, "the meeting is over");
    let page = app.text(&member, &page_path).await;
    assert!(page.contains("Buy 200 reels") && page.contains("Quorum not reached; decisions"));
    // Her home page lists the demo's next assembly.
    let home = app.text(&member, "/o/dura-sundari").await;
    assert!(home.contains("Next meetings"));
}
both!(a_general_assembly_is_called_held_and_minuted);

fn names(v: &Value) -> Vec<String> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|n| n.as_str().unwrap().to_string())
        .collect()
}

async fn an_election_seats_its_winners_and_the_leadership_page_counts_them(app: TestApp) {
    let token = app.token(DS_LEADER, "dura-sundari").await;
    let (s, _) = app
        .api_post(
            &token,
            &format!("{API}/offices"),
            json!({"name": "Auditor", "seats": 0, "term_months": 12, "max_terms": 1}),
        )
        .await;
    assert_eq!(s, 422);
    let (s, office) = app
        .api_post(
            &token,
            &format!("{API}/offices"),
            json!({"name": "Auditor", "seats": 2, "term_months": 12, "max_terms": 1}),
        )
        .await;
    assert_eq!(s, 201);
    let office = office["id"].as_i64().unwrap();
    let (s, e) = app
        .api_post(
            &token,
            &format!("{API}/elections"),
            json!({"office_id": office, "method": "stv", "term_starts": day(0)}),
        )
        .await;
    assert_eq!(s, 201);
    let id = e["id"].as_i64().unwrap();
    let step = |what: &str| format!("{API}/elections/{id}/{what}");
    for n in ["10", "11"] {
        let (s, _) = app
            .api_post(&token, &step("nominate"), json!({"member_number": n}))
            .await;
        assert_eq!(s, 200);
    }
    // Too few nominees for a vote yet; then a member nominates herself on the page.
    let (s, _) = app
        .api_post(&token, &step("voting"), json!({"closes_on": day(7)}))
        .await;
    assert_eq!(s, 200, "two nominees are enough to vote");
    let (s, e) = app.api_get(&token, &format!("{API}/elections/{id}")).await;
    assert_eq!((s, e["status"].as_str()), (200, Some("voting")));
    let (s, out) = app
        .api_post(&token, &step("nominate"), json!({"member_number": "12"}))
        .await;
    assert_eq!(s, 422, "nominations are closed: {out}");
    let proposal = e["proposal_id"].as_i64().unwrap();
    // 14 rank member 10 first and member 11 second, 10 the other way, 6 mark member 11
    // alone: two seats, Droop quota 30 / 3 + 1 = 11. Member 11 has 16 first preferences
    // and is elected first; member 10's 14 pass the quota too.
    for n in 2..32 {
        let t = app.token(&login(n), "dura-sundari").await;
        let choice = match n {
            2..16 => json!([0, 1]),
            16..26 => json!([1, 0]),
            _ => json!([1]),
        };
        let (s, out) = app
            .api_post(
                &t,
                &format!("{API}/proposals/{proposal}/votes"),
                json!({ "choice": choice }),
            )
            .await;
        assert!(s == 204 || s == 200, "{n}: {s} {out}");
    }
    let (s, e) = app.api_post(&token, &step("close"), json!({})).await;
    assert_eq!(s, 200);
    assert_eq!(e["status"], "closed");
    let elected = names(&e["elected"]);
    let nominees = names(&e["nominees"]);
    assert_eq!(
        elected,
        vec![nominees[1].clone(), nominees[0].clone()],
        "both seats, in the order elected"
    );
    let (_, l) = app.api_get(&token, &format!("{API}/leadership")).await;
    let auditors: Vec<&Value> = l["current"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|t| t["office"] == "Auditor")
        .collect();
    assert_eq!(auditors.len(), 2);
    assert_eq!(auditors[0]["starts_on"], day(0).as_str());
    assert!(l["women_percent"].as_i64().unwrap() > 0 && l["people"].as_i64().unwrap() >= 8);
    // The vote's page sends her to the election's result, and the leadership page names them.
    let member = app.login(DS_MEMBER).await;
    let vote_page = app.text(&member, &format!("/o/dura-sundari/votes/{proposal}")).await;
    assert!(vote_page.contains(&format!("/o/dura-sundari/elections/{id}")));
    let page = app.text(&member, "/o/dura-sundari/leadership").await;
    assert!(
        page.contains("Auditor") && page.contains("of today&#39;s leaders are women")
            || page.contains("of today's leaders are women")
    );
}
both!(an_election_seats_its_winners_and_the_leadership_page_counts_them);

async fn the_term_limit_and_nominations_are_enforced(app: TestApp) {
    let token = app.token(DS_LEADER, "dura-sundari").await;
    let (_, l) = app.api_get(&token, &format!("{API}/leadership")).await;
    // The demo's first office is the president's; member 1 served its two terms in a row.
    let president = l["offices"][0]["id"].as_i64().unwrap();
    let year = time::OffsetDateTime::now_utc().year();
    let (_, e) = app
        .api_post(
            &token,
            &format!("{API}/elections"),
            json!({"office_id": president, "method": "plurality", "term_starts": format!("{year}-01-01")}),
        )
        .await;
    let id = e["id"].as_i64().unwrap();
    let nominate = format!("{API}/elections/{id}/nominate");
    let (s, out) = app.api_post(&token, &nominate, json!({"member_number": "1"})).await;
    assert_eq!(s, 422);
    assert!(out.to_string().contains("election-term-limit"));
    let (s, out) = app.api_post(&token, &nominate, json!({"member_number": "999"})).await;
    assert_eq!((s, out.to_string().contains("election-not-eligible")), (422, true));
    // A member nominates herself on the page, once.
    let member = app.login(DS_MEMBER).await;
    let path = format!("/o/dura-sundari/elections/{id}");
    let csrf = app.csrf(&member, &path).await;
    let r = app
        .post(
            &member,
            &format!("{path}/nominate"),
            &[("csrf", &csrf), ("member_number", "5")],
        )
        .await;
    assert_eq!(r.status(), 303);
    let r = app
        .post(
            &member,
            &format!("{path}/nominate"),
            &[("csrf", &csrf), ("member_number", "5")],
        )
        .await;
    assert_eq!(r.status(), 422);
    assert!(r.text().await.unwrap().contains("nominated already"));
    let r = app.post(&member, &format!("{path}/close"), &[("csrf", &csrf)]).await;
    assert_eq!(r.status(), 403, "a member does not close elections");
    let (s, _) = app
        .api_post(
            &token,
            &format!("{API}/elections/{id}/voting"),
            json!({"closes_on": day(7)}),
        )
        .await;
    assert_eq!(s, 422, "one nominee is not an election");
}
both!(the_term_limit_and_nominations_are_enforced);

async fn where_the_bylaws_say_so_the_board_admits_in_its_meeting(app: TestApp) {
    // ATEMDO's bylaws leave admission to the board.
    let visitor = client();
    let page = visitor
        .get(app.url("/join/atemdo"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let r = visitor
        .post(app.url("/join/atemdo"))
        .form(&[
            ("csrf", hidden(&page, "csrf").as_str()),
            ("name", "Rosângela Alves"),
            ("phone", "+55 11 98000 7777"),
            ("trade", "costura"),
            ("locality", "Jardim Ângela"),
            ("shares", "1"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let leader = app.login("+5511980000001").await;
    let list = app.text(&leader, "/o/atemdo/members?q=Ros").await;
    let her = member_link(&list, "atemdo");
    let detail = app.text(&leader, &her).await;
    assert!(detail.contains("choose the board meeting in session"));
    let csrf = app.csrf(&leader, &her).await;
    let r = app.post(&leader, &format!("{her}/admit"), &[("csrf", &csrf)]).await;
    assert_eq!(r.status(), 422, "no board meeting, no admission");
    let token = app.token("+5511980000001", "atemdo").await;
    let (s, m) = app
        .api_post(
            &token,
            "/api/v1/orgs/atemdo/meetings",
            json!({"kind": "board", "title": "Reunião da diretoria", "date": day(0), "place": "Sede"}),
        )
        .await;
    assert_eq!(s, 201);
    let mid = m["id"].as_i64().unwrap();
    let r = app
        .post(
            &leader,
            &format!("{her}/admit"),
            &[("csrf", &csrf), ("meeting_id", &mid.to_string())],
        )
        .await;
    assert_eq!(r.status(), 422, "the meeting has not started");
    let (s, _) = app
        .api_post(
            &token,
            &format!("/api/v1/orgs/atemdo/meetings/{mid}/status"),
            json!({"status": "open"}),
        )
        .await;
    assert_eq!(s, 200);
    let r = app
        .post(
            &leader,
            &format!("{her}/admit"),
            &[("csrf", &csrf), ("meeting_id", &mid.to_string())],
        )
        .await;
    assert_eq!(r.status(), 303);
    let (_, m) = app
        .api_get(&token, &format!("/api/v1/orgs/atemdo/meetings/{mid}"))
        .await;
    let item = &m["agenda"][0];
    assert!(item["title"].as_str().unwrap().contains("Rosângela Alves"));
    assert!(
        item["decision"]
            .as_str()
            .unwrap()
            .contains("Admitida como associada número")
    );
}
both!(where_the_bylaws_say_so_the_board_admits_in_its_meeting);
