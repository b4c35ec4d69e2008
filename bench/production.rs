//! Benchmark of producing together: an order of PIECES pieces in three operations split
//! among MEMBERS members (one lot each per operation), every lot handed in (3 × MEMBERS
//! hand-ins), then one pay day for all of them; and a member with 1,000 past lots whose
//! work page is read. Prints the time of each step.
//! Usage: cargo run --release --example production -- [MEMBERS 1000] [PIECES 10000]
//! (TEJIDO_DATA_DIR or DATABASE_URL say where; the database must be fresh).

use std::time::Instant;

use tejido::config::Config;
use tejido::ledger::{NewEntry, Posting, Till};
use tejido::members::model::{MemberNumber, Status, ValidMember};
use tejido::production::model::{Count, PayHow};
use tejido::production::service::{self as make, HandInDraft, LotDraft, OrderDraft, ProductDraft};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let members: usize = args.get(1).and_then(|s| s.parse().ok()).unwrap_or(1_000);
    let pieces: i64 = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(10_000);
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
        slug: "bench-production".into(),
        name: "Bench Production Cooperative".into(),
        kind: "cooperative".into(),
        country: "IN".into(),
        currency: "INR".into(),
        languages: vec!["en".into()],
        timezone: String::new(),
        bylaws: None,
    };
    let org = tejido::orgs::service::create(&mut tx, &draft, &[]).await.map_err(e)?;
    let today = org.today();
    let mut numbers = vec![];
    let mut by = 0;
    for n in 1..=members + 1 {
        let v = ValidMember {
            name: format!("Member {n}"),
            phone: Some(format!("+9191100{n:05}")),
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
        if n == 1 {
            by = m.person_id;
        }
        numbers.push((m.id, m.member_number));
    }
    let cash = tejido::ledger::account(&mut tx, &org, Till::Cash.code())
        .await
        .map_err(e)?;
    let grants = tejido::ledger::account(&mut tx, &org, "4500").await.map_err(e)?;
    let grant = NewEntry {
        date: today.clone(),
        description: "Working capital".into(),
        source: "bench",
        source_id: None,
        reverses_id: None,
        planned: false,
        postings: vec![
            Posting {
                account_id: cash.id,
                amount: 1_000_000_000,
            },
            Posting {
                account_id: grants.id,
                amount: -1_000_000_000,
            },
        ],
    };
    tejido::ledger::post(&mut tx, &org, &grant, Some(by)).await.map_err(e)?;
    let w = tejido::production::store::WageRow {
        id: 0,
        region: "Bench".into(),
        skill: "tailor".into(),
        per_day: 69_500,
        minutes_per_day: 480,
        valid_from: "2024-01-01".into(),
    };
    make::add_wage(&mut tx, &org, &w, by).await.map_err(e)?;
    let product = make::create_product(
        &mut tx,
        &org,
        &ProductDraft {
            code: "K".into(),
            name: "Kurta".into(),
            region: "Bench".into(),
            efficiency_pct: 100,
        },
    )
    .await
    .map_err(e)?;
    let mut ops = vec![];
    for (name, sam) in [("Cutting", 600), ("Stitching", 1_250), ("Finishing", 500)] {
        let op = make::add_operation(&mut tx, &org, product, name, "tailor", sam)
            .await
            .map_err(e)?;
        make::set_rate(&mut tx, &org, op, 2_000, "", &today, by)
            .await
            .map_err(e)?;
        ops.push(op);
    }
    tx.commit().await?;
    let order_of = async |quantity: i64| -> Result<i64, String> {
        let mut tx = db.begin_write().await.map_err(|e| e.to_string())?;
        let d = OrderDraft {
            product_id: product,
            quantity,
            due_on: today.clone(),
            buyer: "Bench buyer".into(),
            buyer_ref: String::new(),
            pay_within_days: Some(0),
        };
        let id = make::create_order(&mut tx, &org, &d, by).await.map_err(e)?;
        tx.commit().await.map_err(|e| e.to_string())?;
        Ok(id)
    };
    let order = order_of(pieces).await?;
    // Each lot and each hand-in in its own transaction, as each request is.
    let per = pieces / members as i64;
    let (mut lot_time, mut hand_in_time) = (0f64, 0f64);
    let mut hand_ins = 0;
    for op in &ops {
        for (i, (_, number)) in numbers.iter().skip(1).enumerate() {
            let quantity = per + if i == 0 { pieces % members as i64 } else { 0 };
            let t = Instant::now();
            let mut tx = db.begin_write().await?;
            let d = LotDraft {
                operation_id: *op,
                member_number: number.clone(),
                quantity,
                due_on: today.clone(),
                given_on: today.clone(),
                materials: vec![],
            };
            let lot = make::create_lot(&mut tx, &org, order, &d, by).await.map_err(e)?;
            tx.commit().await?;
            lot_time += t.elapsed().as_secs_f64();
            let t = Instant::now();
            let mut tx = db.begin_write().await?;
            let h = HandInDraft {
                handed_on: today.clone(),
                count: Count {
                    handed: quantity,
                    accepted: quantity,
                    rejected: 0,
                    rework: 0,
                },
                reason: String::new(),
                minutes_worked: None,
                back: vec![],
            };
            make::hand_in(&mut tx, &org, lot, &h, by).await.map_err(e)?;
            tx.commit().await?;
            hand_in_time += t.elapsed().as_secs_f64();
            hand_ins += 1;
        }
    }
    println!(
        "{} lots given: {:.2} ms each",
        hand_ins,
        lot_time * 1000.0 / f64::from(hand_ins)
    );
    println!(
        "{hand_ins} hand-ins recorded: {:.2} ms each, {:.1} s in all",
        hand_in_time * 1000.0 / f64::from(hand_ins),
        hand_in_time
    );
    let t = Instant::now();
    let mut tx = db.begin_write().await?;
    let who: Vec<(i64, PayHow)> = numbers.iter().skip(1).map(|(id, _)| (*id, PayHow::Cash)).collect();
    make::pay(&mut tx, &org, &who, &today, by).await.map_err(e)?;
    tx.commit().await?;
    println!(
        "one pay day for {} members: {:.0} ms (target under 2,000)",
        who.len(),
        t.elapsed().as_secs_f64() * 1000.0
    );
    // One member with 1,000 past lots of one piece each.
    let big = order_of(1_000).await?;
    let (her, number) = numbers[1].clone();
    for _ in 0..1_000 {
        let mut tx = db.begin_write().await?;
        let d = LotDraft {
            operation_id: ops[0],
            member_number: number.clone(),
            quantity: 1,
            due_on: today.clone(),
            given_on: today.clone(),
            materials: vec![],
        };
        let lot = make::create_lot(&mut tx, &org, big, &d, by).await.map_err(e)?;
        let h = HandInDraft {
            handed_on: today.clone(),
            count: Count {
                handed: 1,
                accepted: 1,
                rejected: 0,
                rework: 0,
            },
            reason: String::new(),
            minutes_worked: None,
            back: vec![],
        };
        make::hand_in(&mut tx, &org, lot, &h, by).await.map_err(e)?;
        tx.commit().await?;
    }
    let runs = 50;
    let t = Instant::now();
    for _ in 0..runs {
        let mut tx = db.begin().await?;
        let w = make::work(&mut tx, &org, her, true).await.map_err(e)?;
        assert!(w.lots.len() as i64 == make::WORK_PAGE_LOTS);
    }
    println!(
        "her work page with 1,000 past lots (1,000 unpaid): {:.2} ms (target under 20)",
        t.elapsed().as_secs_f64() * 1000.0 / f64::from(runs)
    );
    Ok(())
}
