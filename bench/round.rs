//! Benchmark of buying together: a round of MEMBERS members each asking for ARTICLES
//! articles closes (packs, allocation, stored), receives its delivery (the invoice posts),
//! and shares out to everyone on account (one entry, a debit per member). Prints the time of each step.
//! Usage: cargo run --release --example round -- [MEMBERS 5000] [ARTICLES 40]
//! (TEJIDO_DATA_DIR or DATABASE_URL say where; the database must be fresh).

use std::time::Instant;

use tejido::config::Config;
use tejido::members::model::{MemberNumber, Status, ValidMember};
use tejido::purchases::service::{self as buy, ArticleDraft, Collectors, RoundDraft, Want};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let members: usize = args.get(1).and_then(|s| s.parse().ok()).unwrap_or(5_000);
    let articles: i64 = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(40);
    let data_dir = std::env::var("TEJIDO_DATA_DIR").unwrap_or_else(|_| "./data".into());
    let config = Config::new(
        data_dir.into(),
        std::env::var("DATABASE_URL").ok(),
        ([127, 0, 0, 1], 0).into(),
        None,
    );
    let db = tejido::app::state(config).await?.db;
    let e = |e: tejido::web::AppError| e.to_string();
    let mut tx = db.begin_write().await?;
    let draft = tejido::orgs::OrgDraft {
        slug: "bench-round".into(),
        name: "Bench Round Cooperative".into(),
        kind: "cooperative".into(),
        country: "IN".into(),
        currency: "INR".into(),
        languages: vec!["en".into()],
        timezone: String::new(),
        bylaws: None,
    };
    let org = tejido::orgs::service::create(&mut tx, &draft, &[]).await.map_err(e)?;
    let mut ids = vec![];
    for n in 1..=members {
        let v = ValidMember {
            name: format!("Member {n}"),
            phone: Some(format!("+9191000{n:05}")),
            email: None,
            member_number: MemberNumber::parse(&n.to_string()),
            status: Status::Active,
            roles: tejido::auth::Roles::parse(if n == 1 { "member,leader,treasurer" } else { "member" }),
            trade: String::new(),
            locality: String::new(),
            password: None,
            gender: "woman".into(),
            shared_phone: false,
            pin: None,
        };
        let m = tejido::members::service::add_valid(&mut tx, &org, &v, None, tejido::members::service::Editor::SYSTEM)
            .await
            .map_err(e)?;
        ids.push((m.id, m.person_id));
    }
    let supplier = buy::create_supplier(&mut tx, &org, "Bench supplier", "", "", None)
        .await
        .map_err(e)?;
    for k in 0..articles {
        let a = ArticleDraft {
            code: format!("A{k}"),
            name: format!("Article {k}"),
            unit: "reel".into(),
            pack_size: 12,
            pack_price: 24_000 + k * 100,
            min_packs: 1,
            category: "thread".into(),
            retail_price: 2_800,
        };
        buy::put_article(&mut tx, &org, supplier, &a, "2026-01-01")
            .await
            .map_err(e)?;
    }
    let today = tejido::db::today();
    let round = RoundDraft {
        title: "Bench round".into(),
        suppliers: vec![supplier],
        closes_at: format!("{today}T23:59"),
        collection_on: today.clone(),
        place: "Office".into(),
        rule: "proportional".into(),
        keep_partial: false,
    };
    let leader = ids[0].1;
    let id = buy::create_round(&mut tx, &org, &round, leader).await.map_err(e)?;
    buy::open(&mut tx, &org, id, &format!("{today}T00:00"))
        .await
        .map_err(e)?;
    let offered = tejido::purchases::store::round_articles(&mut tx, org.id, id).await?;
    tx.commit().await?;
    let start = Instant::now();
    for (i, (member, person)) in ids.iter().enumerate() {
        let wants: Vec<Want> = offered
            .iter()
            .enumerate()
            .map(|(k, a)| Want {
                article_id: a.id,
                quantity: 1 + ((i + k) % 7) as i64,
                tolerance: ((i * 3 + k) % 4) as i64,
            })
            .collect();
        let mut tx = db.begin_write().await?;
        buy::request(&mut tx, &org, id, *member, &wants, &format!("{today}T12:00"), *person)
            .await
            .map_err(e)?;
        tx.commit().await?;
    }
    let requesting = start.elapsed();
    let t = Instant::now();
    let mut tx = db.begin_write().await?;
    buy::close(&mut tx, &org, id).await.map_err(e)?;
    tx.commit().await?;
    let closing = t.elapsed();
    let t = Instant::now();
    let mut tx = db.begin_write().await?;
    buy::order(&mut tx, &org, id).await.map_err(e)?;
    buy::receive(&mut tx, &org, id, &[], false, &today, leader)
        .await
        .map_err(e)?;
    tx.commit().await?;
    let receiving = t.elapsed();
    let t = Instant::now();
    let mut tx = db.begin_write().await?;
    buy::collect(&mut tx, &org, id, Collectors::AllWaiting, None, &today, leader)
        .await
        .map_err(e)?;
    tx.commit().await?;
    let sharing = t.elapsed();
    // What the round's page and the API read: every member's share.
    let t = Instant::now();
    let mut tx = db.begin().await?;
    let shares = buy::get(&mut tx, &org, id).await.map_err(e)?.shares.len();
    drop(tx);
    let reading = t.elapsed();
    // Once all have collected, a member's page reads only her share.
    let mut tx = db.begin_write().await?;
    buy::finish(&mut tx, &org, id).await.map_err(e)?;
    tx.commit().await?;
    let t = Instant::now();
    let mut tx = db.begin().await?;
    buy::view(&mut tx, &org, id, Some(ids[members / 2].0))
        .await
        .map_err(e)?;
    drop(tx);
    let her_page = t.elapsed();
    let requests = members as i64 * articles;
    println!("round of {members} members x {articles} articles ({requests} requests)");
    println!(
        "requests, one transaction per member: {:.2} s",
        requesting.as_secs_f64()
    );
    println!("close (packs, allocation, stored):    {:.3} s", closing.as_secs_f64());
    println!("order and receive (invoice posted):   {:.3} s", receiving.as_secs_f64());
    println!(
        "share out (one entry, {members} debits):  {:.3} s",
        sharing.as_secs_f64()
    );
    println!(
        "the round read whole ({shares} shares):    {:.3} s",
        reading.as_secs_f64()
    );
    println!(
        "a member's view once handed out:         {:.3} s",
        her_page.as_secs_f64()
    );
    println!(
        "close, receive and share out together:  {:.3} s (the issue's target: under 2 s)",
        (closing + receiving + sharing).as_secs_f64()
    );
    Ok(())
}
