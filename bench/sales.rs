//! Benchmark of selling together: a shop of PRODUCTS products with prices and finished
//! pieces, its shopfront's offers read; 1,000 market-day sales posted in one batch (one
//! transaction, as the API takes a phone's queue); and market intelligence over LINES
//! sale lines spread over a year. Prints the time of each step.
//! Usage: cargo run --release --example sales -- [PRODUCTS 10000] [LINES 1000000]
//! (TEJIDO_DATA_DIR or DATABASE_URL say where; the database must be fresh).

use std::time::Instant;

use tejido::config::Config;
use tejido::on_conn;
use tejido::production::service::{self as make, ProductDraft};
use tejido::sales::service::{self as sell, SaleDraft};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let products: usize = args.get(1).and_then(|s| s.parse().ok()).unwrap_or(10_000);
    let lines: i64 = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(1_000_000);
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
        slug: "bench-sales".into(),
        name: "Bench Sales Cooperative".into(),
        kind: "cooperative".into(),
        country: "PH".into(),
        currency: "PHP".into(),
        languages: vec!["en".into()],
        timezone: String::new(),
        bylaws: None,
    };
    let org = tejido::orgs::service::create(&mut tx, &draft, &[]).await.map_err(e)?;
    let today = org.today();
    let v = tejido::members::model::ValidMember {
        name: "Bench Seller".into(),
        phone: Some("+639171234567".into()),
        email: None,
        member_number: tejido::members::model::MemberNumber::parse("1"),
        status: tejido::members::model::Status::Active,
        roles: tejido::auth::Roles::parse("member,coordinator"),
        trade: String::new(),
        locality: String::new(),
        password: None,
        gender: "woman".into(),
        shared_phone: false,
        pin: None,
    };
    let by = tejido::members::service::add_valid(&mut tx, &org, &v, None, tejido::members::service::Editor::SYSTEM)
        .await
        .map_err(e)?
        .person_id;
    let t = Instant::now();
    let mut ids = vec![];
    for n in 0..products {
        let d = ProductDraft {
            code: format!("P{n:05}"),
            name: format!("Product {n}"),
            region: "Bench".into(),
            efficiency_pct: 100,
        };
        let id = make::create_product(&mut tx, &org, &d).await.map_err(e)?;
        sell::set_price(&mut tx, &org, id, "retail", 10_000 + n as i64, "2025-01-01", by)
            .await
            .map_err(e)?;
        make::move_goods(&mut tx, &org, id, 1_000, 6_000_000, "bench", 0)
            .await
            .map_err(e)?;
        ids.push(id);
    }
    tx.commit().await?;
    println!(
        "{products} products priced and stocked: {:.1} s",
        t.elapsed().as_secs_f64()
    );
    // A shopfront page: the first, a middle one, and a search.
    for (label, q, at) in [
        ("first page", "", 1),
        ("page 200", "", 200),
        ("search", "product 99", 1),
    ] {
        let mut best = f64::MAX;
        for _ in 0..5 {
            let t = Instant::now();
            let mut tx = db.begin().await?;
            let (count, offers) = sell::shop_page(
                &mut tx,
                &org,
                sell::Search {
                    words: q,
                    category: "",
                    locale: "en",
                    kind: tejido::sales::model::BuyerKind::Retail,
                },
                at,
                24,
            )
            .await
            .map_err(e)?;
            drop(tx);
            assert!(count > 0 && !offers.is_empty());
            best = best.min(t.elapsed().as_secs_f64() * 1000.0);
        }
        println!("a shopfront of {products} products, {label}: {best:.1} ms (best of 5)");
    }
    // 1,000 market-day sales in one batch.
    let t = Instant::now();
    let mut tx = db.begin_write().await?;
    let mut drafts = vec![];
    for n in 0..1_000usize {
        drafts.push(SaleDraft {
            client_id: format!("bench-sale-{n:06}"),
            sold_on: today.clone(),
            place: "Bench market".into(),
            till: "cash".into(),
            lines: vec![(ids[n % ids.len()], 1, None), (ids[(n * 7 + 3) % ids.len()], 2, None)],
        });
    }
    sell::record_sales(&mut tx, &org, &drafts, by).await.map_err(e)?;
    tx.commit().await?;
    println!(
        "1,000 market-day sales posted in one batch: {:.0} ms (target under 1,000)",
        t.elapsed().as_secs_f64() * 1000.0
    );
    // LINES sale lines over a year, written directly: a sale a line, ten lines a sale.
    let t = Instant::now();
    let sales = lines / 10;
    let mut tx = db.begin_write().await?;
    let (org_id, n_products) = (org.id, ids.len() as i64);
    // The batch's sales are already summed in their months; the fill's come after them.
    let last_real: i64 = on_conn!(&mut tx, c => sqlx::query_scalar("SELECT CAST(COALESCE(MAX(id), 0) AS BIGINT) FROM market_sales WHERE org_id = $1")
        .bind(org_id).fetch_one(c).await?);
    let first = ids[0];
    on_conn!(&mut tx, c => sqlx::query(
        "INSERT INTO market_sales (org_id, client_id, digest, sold_on, place, till, total, cost, created_at) \
         WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $2) \
         SELECT $1, 'fill-' || i, '', $3, '', 'cash', 0, 0, 0 FROM n")
        .bind(org_id).bind(sales).bind(&today).execute(c).await?.rows_affected());
    on_conn!(&mut tx, c => sqlx::query(
        "INSERT INTO market_sale_lines (org_id, sale_id, product_id, quantity, price, cost) \
         WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 9) \
         SELECT $1, s.id, $2 + ((s.id * 10 + n.i) % $3), 1 + n.i % 3, 10000, 6000 FROM market_sales s, n \
         WHERE s.org_id = $1 AND s.client_id LIKE 'fill-%'")
        .bind(org_id).bind(first).bind(n_products).execute(c).await?.rows_affected());
    // Spread over the year before today.
    let spread = if matches!(tx, tejido::db::Tx::Postgres(_)) {
        "UPDATE market_sales SET sold_on = to_char(CAST($2 AS DATE) - CAST(id % 365 AS INTEGER), 'YYYY-MM-DD') WHERE org_id = $1 AND client_id LIKE 'fill-%'"
    } else {
        "UPDATE market_sales SET sold_on = date($2, '-' || (id % 365) || ' days') WHERE org_id = $1 AND client_id LIKE 'fill-%'"
    };
    on_conn!(&mut tx, c => sqlx::query(spread).bind(org_id).bind(&today).execute(c).await?.rows_affected());
    // What each sale records for market intelligence: a fact a line, and its month's sum
    // (kept at each sale by the service; here summed at once, to the same rows).
    on_conn!(&mut tx, c => sqlx::query(
        "INSERT INTO sale_facts (org_id, sold_on, product_id, channel, buyer_kind, pieces, revenue, cost, source, source_id) \
         SELECT l.org_id, s.sold_on, l.product_id, 'market', 'retail', l.quantity, l.quantity * l.price, l.cost, 'market-sale', s.id \
         FROM market_sale_lines l JOIN market_sales s ON s.id = l.sale_id AND s.org_id = l.org_id \
         WHERE s.org_id = $1 AND s.client_id LIKE 'fill-%'")
        .bind(org_id).execute(c).await?.rows_affected());
    on_conn!(&mut tx, c => sqlx::query(
        "INSERT INTO sale_months (org_id, product_id, month, channel, buyer_kind, pieces, revenue, cost, last_day) \
         SELECT org_id, product_id, substr(sold_on, 1, 7), channel, buyer_kind, CAST(SUM(pieces) AS BIGINT), \
         CAST(SUM(revenue) AS BIGINT), CAST(SUM(cost) AS BIGINT), MAX(sold_on) FROM sale_facts \
         WHERE org_id = $1 AND source_id > $2 \
         GROUP BY org_id, product_id, substr(sold_on, 1, 7), channel, buyer_kind \
         ON CONFLICT (org_id, month, product_id, channel, buyer_kind) DO UPDATE SET pieces = sale_months.pieces + excluded.pieces, \
         revenue = sale_months.revenue + excluded.revenue, cost = sale_months.cost + excluded.cost, \
         last_day = CASE WHEN excluded.last_day > sale_months.last_day THEN excluded.last_day ELSE sale_months.last_day END")
        .bind(org_id).bind(last_real).execute(c).await?.rows_affected());
    tx.commit().await?;
    println!(
        "{lines} sale lines written over a year: {:.1} s",
        t.elapsed().as_secs_f64()
    );
    let year_ago = tejido::db::iso_day(time::OffsetDateTime::now_utc().date() - time::Duration::days(365));
    let mut best = f64::MAX;
    for _ in 0..3 {
        let t = Instant::now();
        let mut tx = db.begin().await?;
        let i = sell::intelligence(&mut tx, &org, &year_ago, &today).await.map_err(e)?;
        drop(tx);
        assert!(!i.months.is_empty());
        best = best.min(t.elapsed().as_secs_f64() * 1000.0);
    }
    println!("market intelligence over a year of {lines} lines: {best:.0} ms (best of 3; target under 1,000)");
    Ok(())
}
