//! Proposals and votes: a member votes from her home page; open ballots change, secret
//! ballots are cast once and kept apart from the voters; many members vote at once;
//! refusals change nothing; the count follows quorum and threshold.

use serde_json::{Value, json};

use crate::both;
use crate::common::*;

fn login(n: usize) -> String {
    format!("+9198250000{n:02}")
}

async fn open_proposal(app: &TestApp, body: Value) -> i64 {
    let leader = format!("Bearer {}", app.token(DS_LEADER, "dura-sundari").await);
    let r = client()
        .post(app.url("/api/v1/orgs/dura-sundari/proposals"))
        .header("authorization", leader)
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 201);
    r.json::<Value>().await.unwrap()["id"].as_i64().unwrap()
}

async fn vote(app: &TestApp, token: &str, id: i64, choice: Value) -> reqwest::Response {
    client()
        .post(app.url(&format!("/api/v1/orgs/dura-sundari/proposals/{id}/votes")))
        .header("authorization", format!("Bearer {token}"))
        .header("accept-language", "en")
        .json(&json!({ "choice": choice }))
        .send()
        .await
        .unwrap()
}

fn closes_soon() -> String {
    let d = time::OffsetDateTime::now_utc().date() + time::Duration::days(7);
    format!("{:04}-{:02}-{:02}", d.year(), u8::from(d.month()), d.day())
}

async fn a_member_votes_from_her_home_page_and_a_leader_closes(app: TestApp) {
    let her = app.login(DS_MEMBER).await;
    let home = app.text(&her, "/o/dura-sundari").await;
    assert!(home.contains("Open for your vote"));
    let link = home
        .split("/o/dura-sundari/votes/")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .unwrap()
        .to_string();
    let path = format!("/o/dura-sundari/votes/{link}");
    let page = app.text(&her, &path).await;
    assert!(page.contains("Your ballot") && page.contains("Abstain"));
    let csrf = app.csrf(&her, &path).await;
    let r = app
        .post(&her, &format!("{path}/ballot"), &[("csrf", &csrf), ("choice", "0")])
        .await;
    assert_eq!(r.status(), 303);
    let page = app.text(&her, &path).await;
    assert!(page.contains("Your vote is recorded"));
    // An open ballot may change until closing; she still counts once.
    let r = app
        .post(&her, &format!("{path}/ballot"), &[("csrf", &csrf), ("choice", "1")])
        .await;
    assert_eq!(r.status(), 303);
    // Her ballot shows what she chose, and only that.
    let page = app.text(&her, &path).await;
    assert!(page.contains("value=\"1\" checked"), "her choice is chosen");
    assert!(!page.contains("value=\"0\" checked"));
    let bad = app
        .post(&her, &format!("{path}/ballot"), &[("csrf", &csrf), ("choice", "7")])
        .await;
    assert_eq!(bad.status(), 422);
    assert!(bad.text().await.unwrap().contains("Choose one of the choices"));
    let member_closes = app.post(&her, &format!("{path}/close"), &[("csrf", &csrf)]).await;
    assert_eq!(member_closes.status(), 403);
    let leader = app.login(DS_LEADER).await;
    let csrf = app.csrf(&leader, &path).await;
    let r = app.post(&leader, &format!("{path}/close"), &[("csrf", &csrf)]).await;
    assert_eq!(r.status(), 303);
    let result = app.text(&leader, &path).await;
    assert!(result.contains("Result") && result.contains("Voted"));
    let auth = format!("Bearer {}", app.token(DS_LEADER, "dura-sundari").await);
    let p: Value = client()
        .get(app.url(&format!("/api/v1/orgs/dura-sundari/proposals/{link}")))
        .header("authorization", auth)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let votes: i64 = p["votes"].as_array().unwrap().iter().map(|v| v.as_i64().unwrap()).sum();
    assert_eq!(votes, p["turnout"].as_i64().unwrap(), "one vote each");
    let late = app
        .post(&her, &format!("{path}/ballot"), &[("csrf", &csrf), ("choice", "0")])
        .await;
    assert_eq!(
        late.status(),
        403,
        "her session's form key belongs to the leader's page"
    );
    let her_token = app.token(DS_MEMBER, "dura-sundari").await;
    let late = vote(&app, &her_token, link.parse().unwrap(), json!([0])).await;
    assert_eq!(late.status(), 422);
    assert!(late.text().await.unwrap().contains("closed"));
}
both!(a_member_votes_from_her_home_page_and_a_leader_closes);

async fn a_secret_ballot_is_cast_once_and_kept_apart_from_voters(app: TestApp) {
    let id = open_proposal(
        &app,
        json!({"title": "Where to hold the fair", "kind": "ranked", "options": ["Market", "Temple ground", "School"], "secret": true, "closes_on": closes_soon()}),
    )
    .await;
    let tokens: Vec<String> = futures_tokens(&app, 10..13).await;
    assert_eq!(vote(&app, &tokens[0], id, json!([1, 0])).await.status(), 204);
    assert_eq!(vote(&app, &tokens[1], id, json!([1, 2, 0])).await.status(), 204);
    assert_eq!(vote(&app, &tokens[2], id, json!([0])).await.status(), 204);
    let again = vote(&app, &tokens[0], id, json!([2])).await;
    assert_eq!(again.status(), 422);
    assert!(again.text().await.unwrap().contains("cannot be changed"));
    for bad in [json!([1, 1]), json!([5]), json!([])] {
        let r = vote(&app, &tokens[2], id, bad).await;
        assert_eq!(r.status(), 422);
    }
    // What was voted holds no voter and no time: counts per choice only.
    assert_eq!(
        app.count("SELECT CAST(SUM(ballots) AS BIGINT) FROM secret_ballots WHERE proposal_id = (SELECT MAX(id) FROM proposals)")
            .await,
        3
    );
    assert_eq!(
        app.count("SELECT COUNT(*) FROM secret_ballots WHERE proposal_id = (SELECT MAX(id) FROM proposals)")
            .await,
        3
    );
    let columns = app
        .count("SELECT COUNT(*) FROM open_ballots WHERE proposal_id IN (SELECT id FROM proposals WHERE secret)")
        .await;
    assert_eq!(columns, 0, "no open ballot is kept for a secret vote");
    let leader = format!("Bearer {}", app.token(DS_LEADER, "dura-sundari").await);
    let result: Value = client()
        .post(app.url(&format!("/api/v1/orgs/dura-sundari/proposals/{id}/close")))
        .header("authorization", leader)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(result["winner"], 1, "Temple ground has two first preferences of three");
    assert_eq!(result["turnout"], 3);
    assert_eq!(result["quorum_met"], false, "3 of 58 is below the bylaws' quorum");
    assert_eq!(result["passed"], false);
}
both!(a_secret_ballot_is_cast_once_and_kept_apart_from_voters);

async fn futures_tokens(app: &TestApp, members: std::ops::Range<usize>) -> Vec<String> {
    let mut out = vec![];
    for n in members {
        out.push(app.token(&login(n), "dura-sundari").await);
    }
    out
}

async fn many_members_vote_at_once_and_each_counts_once(app: TestApp) {
    let id = open_proposal(
        &app,
        json!({"title": "Buy a second sewing machine", "kind": "yes_no", "secret": true, "quorum_percent": 40, "threshold": "two_thirds", "closes_on": closes_soon()}),
    )
    .await;
    let tokens = futures_tokens(&app, 10..40).await;
    let mut calls = vec![];
    for (i, t) in tokens.iter().enumerate() {
        let choice = if i % 4 == 0 { 1 } else { 0 };
        let req = client()
            .post(app.url(&format!("/api/v1/orgs/dura-sundari/proposals/{id}/votes")))
            .header("authorization", format!("Bearer {t}"))
            .json(&json!({"choice": [choice]}))
            .send();
        calls.push(tokio::spawn(req));
        // Each member also tries a second time at once: only one of hers may count.
        let again = client()
            .post(app.url(&format!("/api/v1/orgs/dura-sundari/proposals/{id}/votes")))
            .header("authorization", format!("Bearer {t}"))
            .json(&json!({"choice": [choice]}))
            .send();
        calls.push(tokio::spawn(again));
    }
    let mut ok = 0;
    for c in calls {
        if c.await.unwrap().unwrap().status() == 204 {
            ok += 1;
        }
    }
    assert_eq!(ok, 30);
    let leader = format!("Bearer {}", app.token(DS_LEADER, "dura-sundari").await);
    let result: Value = client()
        .post(app.url(&format!("/api/v1/orgs/dura-sundari/proposals/{id}/close")))
        .header("authorization", leader)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(result["turnout"], 30);
    assert_eq!(result["votes"], json!([22, 8, 0]));
    assert_eq!(result["quorum_met"], true, "30 of 58 is over 40 %");
    assert_eq!(result["passed"], true, "22 of 30 is over two thirds");
}
both!(many_members_vote_at_once_and_each_counts_once);

async fn only_members_active_at_opening_vote(app: TestApp) {
    let id = open_proposal(
        &app,
        json!({"title": "Change the meeting day", "kind": "single", "options": ["Monday", "Friday"], "closes_on": closes_soon()}),
    )
    .await;
    let leader = format!("Bearer {}", app.token(DS_LEADER, "dura-sundari").await);
    let r = client()
        .post(app.url("/api/v1/orgs/dura-sundari/members"))
        .header("authorization", &leader)
        .json(&json!({"name": "Naya Sabhya", "phone": "+919825099999", "roles": ["member"]}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 201);
    let newcomer = app.token("+919825099999", "dura-sundari").await;
    let r = vote(&app, &newcomer, id, json!([1])).await;
    assert_eq!(r.status(), 422);
    assert!(r.text().await.unwrap().contains("active when voting opened"));
    let bad = client()
        .post(app.url("/api/v1/orgs/dura-sundari/proposals"))
        .header("authorization", &leader)
        .header("accept-language", "en")
        .json(&json!({"title": "", "kind": "single", "options": ["Only one"], "closes_on": "2020-01-01"}))
        .send()
        .await
        .unwrap();
    assert_eq!(bad.status(), 422);
    let text = bad.text().await.unwrap();
    assert!(text.contains("few words") || text.contains("2 to 20"));
    let member = app.token(DS_MEMBER, "dura-sundari").await;
    let r = client()
        .post(app.url("/api/v1/orgs/dura-sundari/proposals"))
        .header("authorization", format!("Bearer {member}"))
        .json(&json!({"title": "Mine", "kind": "yes_no", "closes_on": closes_soon()}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403, "leaders put proposals to the vote");
}
both!(only_members_active_at_opening_vote);
