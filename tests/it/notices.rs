//! Notices that reach her: a fake gateway stands for the carrier, and the sender is
//! called at chosen moments, as the sweeper calls it every few seconds.

use std::sync::Arc;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};

use serde_json::json;
use tejido::notices::gateway::{Gateway, Gateways, Outgoing, SendError, Sent};
use tejido::notices::{Channel, Kind};

use crate::both;
use crate::common::*;

/// A carrier that can be down, and remembers every message it took.
#[derive(Default)]
struct Fake {
    down: AtomicBool,
    took: Mutex<Vec<Outgoing>>,
}

#[async_trait::async_trait]
impl Gateway for Fake {
    fn name(&self) -> &str {
        "fake"
    }
    fn channel(&self) -> Channel {
        Channel::Sms
    }
    fn cost(&self) -> i64 {
        50
    }
    async fn send(&self, msg: &Outgoing) -> Result<Sent, SendError> {
        if self.down.load(Ordering::SeqCst) {
            return Err(SendError::Temporary("503 Service Unavailable".into()));
        }
        self.took.lock().unwrap().push(msg.clone());
        Ok(Sent {
            reference: format!("fake-{}", msg.id),
            cost_minor: 50,
        })
    }
}

fn gateways(fake: &Arc<Fake>) -> Gateways {
    Gateways::new(vec![fake.clone() as Arc<dyn Gateway>])
}

/// Seconds since 1970 of a UTC moment.
fn at(s: &str) -> i64 {
    s.parse::<jiff::Timestamp>().unwrap().as_second()
}

/// 11:00 in Gujarat, 05:30 UTC: outside quiet hours.
const MORNING: &str = "2026-12-01T05:30:00Z";

async fn org(app: &TestApp, slug: &str) -> tejido::orgs::Org {
    let mut tx = app.db.begin().await.unwrap();
    tejido::orgs::by_slug(&mut tx, slug).await.unwrap().unwrap()
}

/// The ids of the notices a condition names.
async fn ids_of(app: &TestApp, condition: &str) -> std::collections::HashSet<i64> {
    let sql = format!("SELECT id FROM notices_outbox WHERE {condition}");
    match &app.db {
        tejido::db::Db::Sqlite(p, _) => sqlx::query_scalar::<_, i64>(sqlx::AssertSqlSafe(sql))
            .fetch_all(p)
            .await
            .unwrap(),
        tejido::db::Db::Postgres(p) => sqlx::query_scalar::<_, i64>(sqlx::AssertSqlSafe(sql))
            .fetch_all(p)
            .await
            .unwrap(),
    }
    .into_iter()
    .collect()
}

/// Sets aside the notices the demo queued, so a test's sender sees only its own.
async fn clean_slate(app: &TestApp) {
    app.exec("UPDATE notices_outbox SET status = 'skipped' WHERE status = 'queued'")
        .await;
}

/// Queues one notice of `kind` about each of `subjects` for every active member.
async fn queue_for_all(app: &TestApp, kind: Kind, subjects: std::ops::Range<i64>) -> Vec<i64> {
    let ds = org(app, "dura-sundari").await;
    let mut tx = app.db.begin_write().await.unwrap();
    let members = tejido::members::active_ids(&mut tx, ds.id).await.unwrap();
    for s in subjects {
        for m in &members {
            tejido::notices::queue(
                &mut tx,
                &ds,
                *m,
                kind,
                s,
                &[
                    ("title", format!("Meeting {s}")),
                    ("when", "2026-12-20T10:00".into()),
                    ("place", "Saraspur".into()),
                ],
            )
            .await
            .unwrap();
        }
    }
    tx.commit().await.unwrap();
    members
}

async fn a_carrier_down_for_an_hour_delivers_each_notice_once_afterwards(app: TestApp) {
    clean_slate(&app).await;
    let members = queue_for_all(&app, Kind::MeetingCalled, 9001..9005).await;
    let queued = app
        .count_of(
            "SELECT COUNT(*) FROM notices_outbox WHERE subject_id BETWEEN 9001 AND 9004 AND channel = 'sms'".into(),
        )
        .await;
    assert!(queued >= 200, "{queued} notices");
    let fake = Arc::new(Fake::default());
    fake.down.store(true, Ordering::SeqCst);
    let g = gateways(&fake);
    // Down for an hour: the sweeper tries every 30 seconds, two servers at once.
    let start = at(MORNING);
    let mut t = start;
    while t < start + 3600 {
        let (a, b) = tokio::join!(
            tejido::notices::send_due(&app.db, &g, t, 500),
            tejido::notices::send_due(&app.db, &g, t, 500)
        );
        assert_eq!(a.unwrap().sent + b.unwrap().sent, 0);
        t += 30;
    }
    let failed = app
        .count("SELECT COUNT(*) FROM notices_outbox WHERE status = 'failed'")
        .await;
    assert_eq!(failed, 0, "an hour's outage fails nothing: it is retried");
    let tried = app
        .count_of("SELECT MAX(attempts) FROM notices_outbox WHERE subject_id BETWEEN 9001 AND 9004".into())
        .await;
    assert!(
        (3..8).contains(&tried),
        "backed off, not hammered: {tried} attempts in an hour"
    );
    // Back up: within the day, each recipient has exactly one of each.
    fake.down.store(false, Ordering::SeqCst);
    while t < start + 30 * 3600 {
        let (a, b) = tokio::join!(
            tejido::notices::send_due(&app.db, &g, t, 500),
            tejido::notices::send_due(&app.db, &g, t, 500)
        );
        a.unwrap();
        b.unwrap();
        t += 300;
    }
    let took = fake.took.lock().unwrap().clone();
    let ids: std::collections::HashSet<i64> =
        ids_of(&app, "subject_id BETWEEN 9001 AND 9004 AND channel = 'sms'").await;
    let ours: Vec<&Outgoing> = took.iter().filter(|m| ids.contains(&m.id)).collect();
    assert_eq!(ours.len() as i64, queued, "every notice sent once");
    let mut seen = std::collections::HashSet::new();
    for m in &ours {
        assert!(seen.insert(m.id), "notice {} sent twice", m.id);
    }
    let left = app
        .count_of(
            "SELECT COUNT(*) FROM notices_outbox WHERE subject_id BETWEEN 9001 AND 9004 AND status <> 'sent'".into(),
        )
        .await;
    assert_eq!(left, 0);
    assert!(members.len() >= 50);
    // The same event queued again queues nothing.
    queue_for_all(&app, Kind::MeetingCalled, 9001..9002).await;
    let again = app
        .count_of(
            "SELECT COUNT(*) FROM notices_outbox WHERE subject_id BETWEEN 9001 AND 9004 AND channel = 'sms'".into(),
        )
        .await;
    assert_eq!(again, queued);
}
both!(a_carrier_down_for_an_hour_delivers_each_notice_once_afterwards);

async fn a_notice_made_at_night_leaves_when_quiet_hours_end(app: TestApp) {
    clean_slate(&app).await;
    queue_for_all(&app, Kind::MeetingCalled, 9100..9101).await;
    let fake = Arc::new(Fake::default());
    let g = gateways(&fake);
    // 23:00 in Gujarat.
    let night = at("2026-12-01T17:30:00Z");
    let r = tejido::notices::send_due(&app.db, &g, night, 500).await.unwrap();
    assert_eq!(r.sent, 0);
    assert!(r.held > 0);
    // 06:59 the next morning: still held, none dropped.
    let r = tejido::notices::send_due(&app.db, &g, at("2026-12-02T01:29:00Z"), 500)
        .await
        .unwrap();
    assert_eq!(r.sent, 0);
    assert_eq!(
        app.count("SELECT COUNT(*) FROM notices_outbox WHERE subject_id = 9100 AND status <> 'queued'")
            .await,
        0
    );
    // 07:00: they leave.
    let r = tejido::notices::send_due(&app.db, &g, at("2026-12-02T01:30:00Z"), 500)
        .await
        .unwrap();
    assert!(r.sent > 0);
    assert_eq!(
        app.count("SELECT COUNT(*) FROM notices_outbox WHERE subject_id = 9100 AND status = 'queued'")
            .await,
        0
    );
    // The text is in her language, with her organisation's name.
    let took = fake.took.lock().unwrap().clone();
    assert!(
        took.iter()
            .any(|m| m.text.starts_with("Dura Sundari") && m.text.contains("Saraspur"))
    );
}
both!(a_notice_made_at_night_leaves_when_quiet_hours_end);

async fn receipts_never_move_a_notice_backwards(app: TestApp) {
    clean_slate(&app).await;
    queue_for_all(&app, Kind::MeetingCalled, 9200..9201).await;
    let fake = Arc::new(Fake::default());
    let r = tejido::notices::send_due(&app.db, &gateways(&fake), at(MORNING), 500)
        .await
        .unwrap();
    assert!(r.sent > 0);
    let id = app
        .count("SELECT MIN(id) FROM notices_outbox WHERE subject_id = 9200")
        .await;
    let hook = |path: &str| app.url(&format!("/hooks/notices/{path}?token={HOOK_TOKEN}"));
    let c = client();
    let status_sql = format!("SELECT status FROM notices_outbox WHERE id = {id}");
    // Delivered, then a late "sent" and a "failed": it stays delivered.
    let reference = format!("fake-{id}");
    for (s, changed) in [
        ("delivered", true),
        ("sent", false),
        ("failed", false),
        ("delivered", false),
    ] {
        let r = c
            .post(hook("fake/receipt"))
            .form(&[("reference", reference.as_str()), ("status", s)])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200, "{s}");
        let v: serde_json::Value = r.json().await.unwrap();
        assert_eq!(v["changed"], changed, "{s}");
        assert_eq!(app.one(status_sql.clone()).await, "delivered");
    }
    // JSON receipts too; an unknown reference is 404; a wrong token is refused.
    let r = c
        .post(hook("fake/receipt"))
        .json(&json!({"id": "nobody", "status": "delivered"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 404);
    let r = c
        .post(app.url("/hooks/notices/fake/receipt?token=guess"))
        .form(&[("reference", reference.as_str()), ("status", "failed")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403);
    let r = c
        .post(hook("fake/receipt"))
        .form(&[("reference", reference.as_str()), ("status", "lost in space")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 422);
}
both!(receipts_never_move_a_notice_backwards);

async fn an_opted_out_number_gets_nothing(app: TestApp) {
    clean_slate(&app).await;
    // She replies STOP from her phone, written as her carrier writes it (no plus).
    let c = client();
    let r = c
        .post(app.url(&format!("/hooks/notices/sms/inbound?token={HOOK_TOKEN}")))
        .form(&[("from", "919825000005"), ("text", "STOP")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    // Another member opts out of SMS on her messages page.
    let other = app.login("+919825000008").await;
    let csrf = app.csrf(&other, "/o/dura-sundari/notices").await;
    let r = app
        .post(&other, "/o/dura-sundari/notices/choices", &[("csrf", csrf.as_str())])
        .await;
    assert_eq!(r.status(), 303);
    queue_for_all(&app, Kind::MeetingCalled, 9300..9301).await;
    let fake = Arc::new(Fake::default());
    tejido::notices::send_due(&app.db, &gateways(&fake), at(MORNING), 500)
        .await
        .unwrap();
    let took = fake.took.lock().unwrap().clone();
    assert!(!took.is_empty());
    for gone in ["+919825000005", "+919825000008"] {
        assert!(!took.iter().any(|m| m.to == gone), "{gone} opted out");
    }
    let skipped = app
        .count("SELECT COUNT(*) FROM notices_outbox WHERE subject_id = 9300 AND status = 'skipped'")
        .await;
    assert_eq!(skipped, 2);
    // START brings her messages back.
    let r = c
        .post(app.url(&format!("/hooks/notices/sms/inbound?token={HOOK_TOKEN}")))
        .form(&[("from", "+919825000005"), ("text", "start")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    queue_for_all(&app, Kind::MeetingCalled, 9301..9302).await;
    tejido::notices::send_due(&app.db, &gateways(&fake), at(MORNING), 500)
        .await
        .unwrap();
    assert!(fake.took.lock().unwrap().iter().any(|m| m.to == "+919825000005"));
}
both!(an_opted_out_number_gets_nothing);

async fn a_shared_phone_hears_only_that_there_is_news(app: TestApp) {
    clean_slate(&app).await;
    // Two members of one household give the same phone.
    app.exec("UPDATE memberships SET phone = '+919825000005' WHERE member_number = '9' AND org_id = (SELECT id FROM orgs WHERE slug = 'dura-sundari')").await;
    queue_for_all(&app, Kind::MeetingCalled, 9400..9401).await;
    let fake = Arc::new(Fake::default());
    tejido::notices::send_due(&app.db, &gateways(&fake), at(MORNING), 500)
        .await
        .unwrap();
    let took = fake.took.lock().unwrap().clone();
    let to_shared: Vec<&Outgoing> = took.iter().filter(|m| m.to == "+919825000005").collect();
    assert_eq!(to_shared.len(), 2);
    for m in to_shared {
        // In her language (Gujarati here): news, and nothing of what it is about.
        assert!(
            m.text.contains("Tejido") && !m.text.contains("Saraspur") && !m.text.contains("Meeting"),
            "{}",
            m.text
        );
    }
    assert!(
        took.iter()
            .any(|m| m.to != "+919825000005" && m.text.contains("Saraspur"))
    );
}
both!(a_shared_phone_hears_only_that_there_is_news);

async fn the_monthly_budget_holds_what_it_cannot_pay(app: TestApp) {
    clean_slate(&app).await;
    let ds = org(&app, "dura-sundari").await;
    let mut tx = app.db.begin_write().await.unwrap();
    // Room for three messages at 50 paise.
    tejido::notices::service::set_budget(&mut tx, &ds, 150).await.unwrap();
    tx.commit().await.unwrap();
    queue_for_all(&app, Kind::MeetingCalled, 9500..9501).await;
    let fake = Arc::new(Fake::default());
    let r = tejido::notices::send_due(&app.db, &gateways(&fake), at(MORNING), 500)
        .await
        .unwrap();
    assert_eq!(r.sent, 3);
    assert!(r.held > 0);
    assert_eq!(
        app.count("SELECT COUNT(*) FROM notices_outbox WHERE subject_id = 9500 AND status = 'failed'")
            .await,
        0,
        "held, not dropped"
    );
    // Next month they leave.
    let r = tejido::notices::send_due(&app.db, &gateways(&fake), at("2027-01-01T05:30:00Z"), 500)
        .await
        .unwrap();
    assert!(r.sent >= 3, "{r:?}");
}
both!(the_monthly_budget_holds_what_it_cannot_pay);

async fn events_queue_notices_in_the_same_transaction(app: TestApp) {
    clean_slate(&app).await;
    // A meeting called queues one notice per member called; a vote opened, one per voter.
    let l = app.login(DS_LEADER).await;
    let before = app
        .count("SELECT COUNT(*) FROM notices_outbox WHERE kind = 'vote-opened'")
        .await;
    let csrf = app.csrf(&l, "/o/dura-sundari/votes").await;
    let r = app
        .post(
            &l,
            "/o/dura-sundari/votes",
            &[
                ("csrf", csrf.as_str()),
                ("title", "Buy a second sewing machine"),
                ("kind", "yes_no"),
                ("closes_on", "2099-01-01"),
            ],
        )
        .await;
    assert_eq!(r.status(), 303, "{}", r.text().await.unwrap());
    let after = app
        .count("SELECT COUNT(*) FROM notices_outbox WHERE kind = 'vote-opened'")
        .await;
    let voters = app.count("SELECT COUNT(*) FROM memberships WHERE status = 'active' AND phone IS NOT NULL AND org_id = (SELECT id FROM orgs WHERE slug = 'dura-sundari')").await;
    assert_eq!(after - before, voters);
    // Her messages page lists what was sent to her, in her words.
    let fake = Arc::new(Fake::default());
    tejido::notices::send_due(&app.db, &gateways(&fake), at(MORNING), 1000)
        .await
        .unwrap();
    let her = app.login(DS_MEMBER).await;
    let page = app.text(&her, "/o/dura-sundari/notices").await;
    assert!(
        page.contains("Buy a second sewing machine") && page.contains("Sent"),
        "{page}"
    );
}
both!(events_queue_notices_in_the_same_transaction);

/// A carrier reached over HTTP, with the generic gateway set by its address and fields.
async fn the_generic_http_gateway_speaks_to_a_carrier(app: TestApp) {
    clean_slate(&app).await;
    use axum::routing::post;
    type Forms = Arc<Mutex<Vec<Vec<(String, String)>>>>;
    let got: Forms = Arc::default();
    let seen = got.clone();
    let carrier = axum::Router::new().route(
        "/send",
        post(move |axum::Form(f): axum::Form<Vec<(String, String)>>| {
            let seen = seen.clone();
            async move {
                seen.lock().unwrap().push(f);
                axum::Json(json!({"message_id": "carrier-77"}))
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, carrier).await });
    let spec = format!(
        r#"http:{{"url": "http://{addr}/send", "form": {{"dest": "{{to_digits}}", "msg": "{{text}}"}}, "reference": "/message_id", "name": "carrier"}}"#
    );
    let g = Gateways::new(vec![tejido::notices::gateway::parse(Channel::Sms, &spec).unwrap()]);
    queue_for_all(&app, Kind::MeetingCalled, 9600..9601).await;
    let r = tejido::notices::send_due(&app.db, &g, at(MORNING), 3).await.unwrap();
    assert_eq!(r.sent, 3);
    let forms = got.lock().unwrap().clone();
    assert_eq!(forms.len(), 3);
    assert!(forms[0].iter().any(|(k, v)| k == "dest" && v.starts_with("91")));
    assert_eq!(
        app.count("SELECT COUNT(*) FROM notices_outbox WHERE gateway = 'carrier' AND gateway_ref = 'carrier-77'")
            .await,
        3
    );
}
both!(the_generic_http_gateway_speaks_to_a_carrier);

/// A mail server that takes every message and remembers it.
async fn fake_smtp() -> (String, Arc<Mutex<Vec<String>>>) {
    use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let got: Arc<Mutex<Vec<String>>> = Arc::default();
    let seen = got.clone();
    tokio::spawn(async move {
        while let Ok((conn, _)) = listener.accept().await {
            let seen = seen.clone();
            tokio::spawn(async move {
                let (r, mut w) = conn.into_split();
                let mut lines = BufReader::new(r).lines();
                let _ = w.write_all(b"220 fake ESMTP\r\n").await;
                while let Ok(Some(line)) = lines.next_line().await {
                    let cmd = line.to_ascii_uppercase();
                    let answer: &[u8] = if cmd.starts_with("EHLO") || cmd.starts_with("HELO") {
                        b"250-fake\r\n250 8BITMIME\r\n"
                    } else if cmd.starts_with("DATA") {
                        let _ = w.write_all(b"354 go on\r\n").await;
                        let mut data = String::new();
                        while let Ok(Some(l)) = lines.next_line().await {
                            if l == "." {
                                break;
                            }
                            data.push_str(&l);
                            data.push('\n');
                        }
                        seen.lock().unwrap().push(data);
                        b"250 2.0.0 queued as FAKE1\r\n"
                    } else if cmd.starts_with("QUIT") {
                        let _ = w.write_all(b"221 bye\r\n").await;
                        break;
                    } else {
                        b"250 OK\r\n"
                    };
                    let _ = w.write_all(answer).await;
                }
            });
        }
    });
    (format!("smtp://{addr}?from=notices@tejido.example"), got)
}

async fn email_leaves_through_an_smtp_server(app: TestApp) {
    clean_slate(&app).await;
    let (url, got) = fake_smtp().await;
    let g = Gateways::new(vec![tejido::notices::gateway::parse(Channel::Email, &url).unwrap()]);
    let homenet = org(&app, "homenet").await;
    let member = app
        .count_of("SELECT id FROM memberships WHERE email = 'member05@homenet.example'".into())
        .await;
    let mut tx = app.db.begin_write().await.unwrap();
    tejido::notices::queue(
        &mut tx,
        &homenet,
        member,
        Kind::MeetingCalled,
        9700,
        &[
            ("title", "Network assembly".into()),
            ("when", "2026-12-20T10:00".into()),
            ("place", "Durban".into()),
        ],
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    let r = tejido::notices::send_due(&app.db, &g, at(MORNING), 10).await.unwrap();
    assert_eq!(r.sent, 1, "{r:?}");
    let mails = got.lock().unwrap().clone();
    assert_eq!(mails.len(), 1);
    assert!(
        mails[0].contains("member05@homenet.example")
            && mails[0].contains("Network assembly")
            && mails[0].contains("Durban"),
        "{}",
        mails[0]
    );
    assert_eq!(
        app.count(
            "SELECT COUNT(*) FROM notices_outbox WHERE subject_id = 9700 AND status = 'sent' AND gateway = 'smtp'"
        )
        .await,
        1
    );
}
both!(email_leaves_through_an_smtp_server);
