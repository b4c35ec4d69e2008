//! Fills one organisation ("bench") with members and journal entries, for `bench/ledger`.
//! Usage: cargo run --release --example fill -- MEMBERS ENTRIES (DATABASE_URL or TEJIDO_DATA_DIR
//! say where; the database must be fresh). Every entry goes through `ledger::post`, chained
//! and hashed like any other; member 1 gets every hundredth entry, for a long passbook.

use std::time::Instant;

use tejido::config::Config;
use tejido::ledger::{NewEntry, Posting};
use tejido::members::model::{MemberNumber, Status, ValidMember};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let members: usize = args.get(1).and_then(|s| s.parse().ok()).unwrap_or(20_000);
    let entries: usize = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(1_000_000);
    let data_dir = std::env::var("TEJIDO_DATA_DIR").unwrap_or_else(|_| "./data".into());
    let config = Config::new(
        data_dir.into(),
        std::env::var("DATABASE_URL").ok(),
        ([127, 0, 0, 1], 0).into(),
        None,
    );
    let state = tejido::app::state(config).await?;
    let db = state.db;
    let start = Instant::now();
    let mut tx = db.begin_write().await?;
    let draft = tejido::orgs::OrgDraft {
        slug: "bench".into(),
        name: "Bench Cooperative".into(),
        kind: "cooperative".into(),
        country: "IN".into(),
        currency: "INR".into(),
        languages: vec!["en".into()],
        timezone: String::new(),
        bylaws: None,
    };
    let org = tejido::orgs::service::create(&mut tx, &draft, &[])
        .await
        .map_err(|e| e.to_string())?;
    let hash = tejido::auth::service::hash_password("tejido-bench").map_err(|e| e.to_string())?;
    let mut ids = vec![];
    for n in 1..=members {
        let v = ValidMember {
            name: format!("Member {n}"),
            phone: Some(format!("+9190000{n:05}")),
            email: None,
            member_number: MemberNumber::parse(&n.to_string()),
            status: Status::Active,
            roles: tejido::auth::Roles::parse(if n <= 2 { "member,treasurer,leader" } else { "member" }),
            trade: String::new(),
            locality: String::new(),
            password: None,
            gender: "woman".into(),
            shared_phone: false,
            pin: None,
        };
        let m = tejido::members::service::add_valid(
            &mut tx,
            &org,
            &v,
            Some(&hash),
            tejido::members::service::Editor::SYSTEM,
        )
        .await
        .map_err(|e| e.to_string())?;
        ids.push((m.id, m.name));
    }
    tx.commit().await?;
    eprintln!("{members} members in {:.1} s", start.elapsed().as_secs_f64());
    let start = Instant::now();
    let cash = {
        let mut tx = db.begin_write().await?;
        let a = tejido::ledger::account(&mut tx, &org, "1100")
            .await
            .map_err(|e| e.to_string())?
            .id;
        tx.commit().await?;
        a
    };
    let mut done = 0;
    while done < entries {
        let mut tx = db.begin_write().await?;
        for _ in 0..10_000.min(entries - done) {
            let i = done;
            let (member, name) = if i % 100 == 0 { &ids[0] } else { &ids[i % ids.len()] };
            let savings = tejido::ledger::member_account(&mut tx, &org, "2100", *member, name)
                .await
                .map_err(|e| e.to_string())?
                .id;
            let amount = 100 + (i as i64 * 37) % 10_000;
            let date = format!("2026-{:02}-{:02}", 1 + (i * 12 / entries), 1 + i % 28);
            let e = NewEntry {
                date,
                description: "Saving".into(),
                source: "bench",
                source_id: None,
                reverses_id: None,
                // Synthetic history spread over the whole year, December's end included.
                planned: true,
                postings: vec![
                    Posting {
                        account_id: cash,
                        amount,
                    },
                    Posting {
                        account_id: savings,
                        amount: -amount,
                    },
                ],
            };
            tejido::ledger::post(&mut tx, &org, &e, None)
                .await
                .map_err(|e| e.to_string())?;
            done += 1;
        }
        tx.commit().await?;
    }
    eprintln!("{entries} entries in {:.1} s", start.elapsed().as_secs_f64());
    Ok(())
}
