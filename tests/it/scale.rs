//! Several servers on one database, as behind a load balancer: the clock-driven jobs do
//! their work once, every entry posted through any of them counts once, the chain holds.

use std::time::Duration;

use serde_json::json;

use crate::both;
use crate::common::*;

const API: &str = "/api/v1/orgs/dura-sundari";

fn day(offset: i64) -> String {
    tejido::db::iso_day(time::OffsetDateTime::now_utc().date() + time::Duration::days(offset))
}

async fn three_servers_share_one_database(app: TestApp) {
    let leader = app.token(DS_LEADER, "dura-sundari").await;
    let member = app.token("+919825000010", "dura-sundari").await;
    let treasurer = app.token(DS_TREASURER, "dura-sundari").await;
    // Rounds that all fall due at once, each with one member's request.
    let (s, sup) = app
        .api_post(
            &leader,
            &format!("{API}/suppliers"),
            json!({"name": "Scale thread house"}),
        )
        .await;
    assert_eq!(s, 201, "{sup}");
    let sup = sup["id"].as_i64().unwrap();
    let article = json!({"code": "S10", "name": "Reel", "unit": "reel", "pack_size": 10, "pack_price": 20000, "min_packs": 1, "category": "thread", "retail_price": 2500});
    let (s, a) = app
        .api_post(&leader, &format!("{API}/suppliers/{sup}/articles"), article)
        .await;
    assert_eq!(s, 201, "{a}");
    let article = a["id"].as_i64().unwrap();
    let mut rounds = vec![];
    for i in 0..6 {
        let (s, r) = app
            .api_post(&leader, &format!("{API}/rounds"), json!({"title": format!("Scale round {i}"), "suppliers": [sup], "closes_at": day(5), "collection_on": day(8), "collection_place": "Office", "rule": "first_come"}))
            .await;
        assert_eq!(s, 201, "{r}");
        let id = r["id"].as_i64().unwrap();
        assert_eq!(
            app.api_post(&leader, &format!("{API}/rounds/{id}/open"), json!({}))
                .await
                .0,
            200
        );
        let ask = json!({"wants": [{"article_id": article, "quantity": 10}]});
        assert_eq!(
            app.api_post(&member, &format!("{API}/rounds/{id}/requests"), ask)
                .await
                .0,
            204
        );
        rounds.push(id);
    }
    // Two more servers, sweeping often, so all three race for the same due rounds.
    let peers = [
        app.peer(Duration::from_millis(20)).await,
        app.peer(Duration::from_millis(20)).await,
    ];
    let bases = [app.base.clone(), peers[0].base.clone(), peers[1].base.clone()];
    let before = app.count("SELECT COUNT(*) FROM journal_entries").await;
    app.exec("UPDATE purchase_rounds SET closes_at = '2000-01-01T00:00' WHERE title LIKE 'Scale round %'")
        .await;
    // Meanwhile, 90 entries posted through the three servers at once, each sent twice
    // with the same key to two different servers (a retry that reached another server).
    let c = client();
    let mut calls = vec![];
    for i in 0..90usize {
        for attempt in 0..2 {
            let url = format!("{}{API}/entries", bases[(i + attempt) % 3]);
            let body = json!({
                "date": day(0),
                "description": format!("Scale sale {i}"),
                "postings": [{"account": "1100", "amount": 100 + i}, {"account": "4100", "amount": -(100 + i as i64)}],
            });
            let req = c
                .post(url)
                .header("authorization", format!("Bearer {treasurer}"))
                .header("idempotency-key", format!("scale-{i}"))
                .json(&body)
                .send();
            calls.push(tokio::spawn(req));
        }
    }
    let mut answered = 0;
    for call in calls {
        let r = call.await.unwrap().unwrap();
        let status = r.status().as_u16();
        // The repeat gets the first answer, or hears that it was done (409) when it came
        // while the first was being written; never a server error.
        assert!(
            (200..300).contains(&status) || status == 409,
            "{status}: {}",
            r.text().await.unwrap_or_default()
        );
        answered += 1;
    }
    assert_eq!(answered, 180);
    let mut waited = 0;
    loop {
        let open = app
            .count("SELECT COUNT(*) FROM purchase_rounds WHERE title LIKE 'Scale round %' AND status = 'open'")
            .await;
        if open == 0 {
            break;
        }
        assert!(waited < 100, "{open} rounds were not closed at their hour");
        tokio::time::sleep(Duration::from_millis(100)).await;
        waited += 1;
    }
    // Each round closed once: one line and one allocation each, not two.
    for id in &rounds {
        let lines = app
            .count_of(format!("SELECT COUNT(*) FROM round_lines WHERE round_id = {id}"))
            .await;
        let allocations = app
            .count_of(format!("SELECT COUNT(*) FROM allocations WHERE round_id = {id}"))
            .await;
        assert_eq!((lines, allocations), (1, 1), "round {id} closed once");
    }
    // Every entry counted once, whichever server took it and however often it was sent.
    let after = app.count("SELECT COUNT(*) FROM journal_entries").await;
    assert_eq!(after - before, 90, "90 entries, none lost, none doubled");
    let sales = app
        .count("SELECT COUNT(DISTINCT description) FROM journal_entries WHERE description LIKE 'Scale sale %'")
        .await;
    assert_eq!(sales, 90);
    // The chain is whole: numbered without a gap, each entry holding its predecessor's hash.
    let mut tx = app.db.begin().await.unwrap();
    let org = tejido::orgs::by_slug(&mut tx, "dura-sundari").await.unwrap().unwrap();
    let verified = tejido::ledger::service::verify(&mut tx, &org).await.unwrap();
    let of_org = app
        .count_of(format!(
            "SELECT COUNT(*) FROM journal_entries WHERE org_id = {}",
            org.id
        ))
        .await;
    assert_eq!(verified, Ok(of_org), "the hash chain holds");
}
both!(three_servers_share_one_database);

/// Tables that are nobody's organisation's: whose each is.
const NOT_TENANT: &[(&str, &str)] = &[
    ("orgs", "the operator's: the organisations themselves"),
    ("people", "each person's own login, shared by her organisations"),
    ("sessions", "a person's"),
    ("known_devices", "a person's"),
    ("login_attempts", "the server's, counted per account and address"),
    ("idempotency_keys", "the caller's, scoped by person and route"),
    (
        "notice_stops",
        "a phone number's holder's: a STOP reaches every organisation",
    ),
    ("household_logins", "a person's, on a phone her household shares"),
];

/// Every tenant table carries `org_id`, so its rows can be placed by organisation.
async fn every_tenant_table_carries_its_organisation(app: TestApp) {
    let tables: Vec<(String, String)> = match &app.db {
        tejido::db::Db::Sqlite(p, _) => sqlx::query_as(
            "SELECT m.name, i.name FROM sqlite_master m JOIN pragma_table_info(m.name) i \
             WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' AND m.name NOT LIKE '_sqlx%'",
        )
        .fetch_all(p)
        .await
        .unwrap(),
        tejido::db::Db::Postgres(p) => sqlx::query_as(
            "SELECT table_name::text, column_name::text FROM information_schema.columns \
             WHERE table_schema = 'public' AND table_name NOT LIKE '_sqlx%'",
        )
        .fetch_all(p)
        .await
        .unwrap(),
    };
    let names: std::collections::BTreeSet<&str> = tables.iter().map(|(t, _)| t.as_str()).collect();
    assert!(names.len() > 40, "{names:?}");
    let without: Vec<&str> = names
        .iter()
        .copied()
        .filter(|t| !tables.iter().any(|(x, c)| x == t && c == "org_id"))
        .filter(|t| !NOT_TENANT.iter().any(|(n, _)| n == t))
        .collect();
    assert!(without.is_empty(), "tenant tables without org_id: {without:?}");
    for (t, _) in NOT_TENANT {
        assert!(names.contains(t), "{t} is named here but no longer exists");
    }
}
both!(every_tenant_table_carries_its_organisation);
