//! The books: cash book, journal, reversals, closed periods, passbook, tamper evidence.

use serde_json::{Value, json};

use crate::both;
use crate::common::*;

async fn member_id(app: &TestApp, c: &reqwest::Client, number: &str) -> i64 {
    // Demo phone numbers end with the member number.
    let n: u32 = number.parse().unwrap();
    let list = app
        .text(c, &format!("/o/dura-sundari/members?q=%2B91982500{n:04}"))
        .await;
    let page = app.text(c, &member_link(&list, "dura-sundari")).await;
    assert!(page.contains(&format!(">{number}<")), "found member {number}");
    member_link(&list, "dura-sundari")
        .rsplit('/')
        .next()
        .unwrap()
        .parse()
        .unwrap()
}

async fn cash(app: &TestApp, c: &reqwest::Client, fields: &[(&str, &str)]) -> reqwest::Response {
    let csrf = app.csrf(c, "/o/dura-sundari/books/cashbook").await;
    let mut form = vec![("csrf", csrf.as_str())];
    form.extend_from_slice(fields);
    // The treasurer has seen the member's name (the confirmation step is tested apart).
    if let Some((_, number)) = fields.iter().find(|(k, _)| *k == "member_number") {
        form.push(("confirmed_member", number));
    }
    app.post(c, "/o/dura-sundari/books/cashbook", &form).await
}

/// Debits equal credits over every account that takes postings.
async fn assert_balanced(app: &TestApp, c: &reqwest::Client) {
    let accounts: Value = c
        .get(app.url("/api/v1/orgs/dura-sundari/accounts"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let top: i64 = accounts
        .as_array()
        .unwrap()
        .iter()
        .filter(|a| a["parent"].is_null())
        .map(|a| a["balance"].as_i64().unwrap())
        .sum();
    assert_eq!(top, 0, "the five groups sum to zero");
}

async fn entries(app: &TestApp) -> i64 {
    app.count("SELECT COUNT(*) FROM journal_entries").await
}

async fn a_treasurer_records_money_in_and_the_member_sees_it(app: TestApp) {
    let t = app.login(DS_TREASURER).await;
    let id = member_id(&app, &t, "5").await;
    let r = cash(
        &app,
        &t,
        &[
            ("purpose", "share-payment"),
            ("amount", "100"),
            ("member_number", "5"),
            ("till", "cash"),
            ("date", "2026-11-02"),
        ],
    )
    .await;
    assert_eq!(r.status(), 303);
    let entry = r.headers()["location"].to_str().unwrap().to_string();
    let receipt = app.text(&t, &entry).await;
    assert!(receipt.contains("₹100.00"));
    assert!(receipt.contains("શેરની ચુકવણી"), "written in the organisation's language");
    assert!(receipt.contains(&format!("3100-M{id}")));
    // Her three shares are now paid: the cash book refuses a payment beyond them.
    let r = cash(
        &app,
        &t,
        &[
            ("purpose", "share-payment"),
            ("amount", "1"),
            ("member_number", "5"),
            ("till", "cash"),
        ],
    )
    .await;
    assert_eq!(r.status(), 422);
    assert!(r.text().await.unwrap().contains("fully paid"));
    let r = cash(
        &app,
        &t,
        &[
            ("purpose", "saving-deposit"),
            ("amount", "250.50"),
            ("member_number", "5"),
            ("till", "mobile_money"),
        ],
    )
    .await;
    assert_eq!(r.status(), 303);
    assert_balanced(&app, &t).await;
    // She reads her passbook in her own language; another member's is closed to her.
    let her = app.login(DS_MEMBER).await;
    let passbook = app.text(&her, &format!("/o/dura-sundari/members/{id}/passbook")).await;
    // Her accounts are named in her words, not the cooperative's.
    assert!(
        passbook.contains("Your shares") && passbook.contains("₹300.00"),
        "{passbook}"
    );
    assert!(passbook.contains("Your savings") && !passbook.contains("Members&#39; savings"));
    assert!(passbook.contains("₹250.50"));
    let other = member_id(&app, &t, "6").await;
    assert_eq!(
        her.get(app.url(&format!("/o/dura-sundari/members/{other}/passbook")))
            .send()
            .await
            .unwrap()
            .status(),
        403
    );
    assert_eq!(
        her.get(app.url("/o/dura-sundari/books")).send().await.unwrap().status(),
        403
    );
    // A leader reads the books but does not keep them.
    let leader = app.login("+919825000004").await;
    assert_eq!(
        leader
            .get(app.url("/o/dura-sundari/books"))
            .send()
            .await
            .unwrap()
            .status(),
        200
    );
    assert_eq!(
        leader
            .get(app.url("/o/dura-sundari/books/cashbook"))
            .send()
            .await
            .unwrap()
            .status(),
        403
    );
}
both!(a_treasurer_records_money_in_and_the_member_sees_it);

async fn bad_cash_book_lines_are_refused_and_nothing_is_posted(app: TestApp) {
    let t = app.login(DS_TREASURER).await;
    let before = entries(&app).await;
    let cases: [(&[(&str, &str)], &str); 6] = [
        (
            &[
                ("purpose", "saving-deposit"),
                ("amount", "100"),
                ("member_number", "9999"),
            ],
            "No member has this number",
        ),
        (
            &[
                ("purpose", "saving-deposit"),
                ("amount", "10.505"),
                ("member_number", "5"),
            ],
            "that many decimals",
        ),
        (&[("purpose", "rent-paid"), ("amount", "0")], "more than zero"),
        (&[("purpose", "rent-paid"), ("amount", "-5")], "more than zero"),
        (&[("purpose", "rent-paid"), ("amount", "lots")], "Write an amount"),
        (
            &[("purpose", "bribe"), ("amount", "10")],
            "Choose what the money was for",
        ),
    ];
    for (fields, message) in cases {
        let r = cash(&app, &t, fields).await;
        assert_eq!(r.status(), 422, "{fields:?}");
        assert!(r.text().await.unwrap().contains(message), "{fields:?} says {message}");
    }
    let r = cash(
        &app,
        &t,
        &[("purpose", "rent-paid"), ("amount", "10"), ("date", "2026-02-30")],
    )
    .await;
    assert_eq!(r.status(), 422);
    assert_eq!(entries(&app).await, before);
}
both!(bad_cash_book_lines_are_refused_and_nothing_is_posted);

async fn journal_entries_balance_and_reverse(app: TestApp) {
    let t = app.login(DS_TREASURER).await;
    let csrf = app.csrf(&t, "/o/dura-sundari/books/journal/new").await;
    let before = entries(&app).await;
    let unbalanced = [
        ("csrf", csrf.as_str()),
        ("date", "2026-10-01"),
        ("description", "Thread"),
        ("account_0", "5100"),
        ("debit_0", "500"),
        ("account_1", "1100"),
        ("credit_1", "400"),
    ];
    let r = app.post(&t, "/o/dura-sundari/books/journal", &unbalanced).await;
    assert_eq!(r.status(), 422);
    assert!(r.text().await.unwrap().contains("must be equal"));
    let group = [
        ("csrf", csrf.as_str()),
        ("date", "2026-10-01"),
        ("description", "Thread"),
        ("account_0", "5000"),
        ("debit_0", "500"),
        ("account_1", "1100"),
        ("credit_1", "500"),
    ];
    assert_eq!(
        app.post(&t, "/o/dura-sundari/books/journal", &group).await.status(),
        422
    );
    assert_eq!(entries(&app).await, before);
    let ok = [
        ("csrf", csrf.as_str()),
        ("date", "2026-10-01"),
        ("description", "Thread bought at Ratanpol"),
        ("account_0", "5100"),
        ("debit_0", "500"),
        ("account_1", "1100"),
        ("credit_1", "500"),
    ];
    let r = app.post(&t, "/o/dura-sundari/books/journal", &ok).await;
    assert_eq!(r.status(), 303);
    let entry = r.headers()["location"].to_str().unwrap().to_string();
    let csrf = app.csrf(&t, &entry).await;
    let rev = app
        .post(&t, &format!("{entry}/reverse"), &[("csrf", csrf.as_str())])
        .await;
    assert_eq!(rev.status(), 303);
    let reversal = app.text(&t, rev.headers()["location"].to_str().unwrap()).await;
    assert!(reversal.contains("↺ Thread bought at Ratanpol"));
    let again = app
        .post(&t, &format!("{entry}/reverse"), &[("csrf", csrf.as_str())])
        .await;
    assert_eq!(again.status(), 422);
    assert_eq!(entries(&app).await, before + 2);
    assert_balanced(&app, &t).await;
}
both!(journal_entries_balance_and_reverse);

async fn a_closed_period_refuses_entries(app: TestApp) {
    let t = app.login(DS_TREASURER).await;
    let csrf = app.csrf(&t, "/o/dura-sundari/books").await;
    assert_eq!(
        app.post(
            &t,
            "/o/dura-sundari/books/close",
            &[("csrf", csrf.as_str()), ("through", "2026-06-30")]
        )
        .await
        .status(),
        303
    );
    let before = entries(&app).await;
    let r = cash(
        &app,
        &t,
        &[("purpose", "rent-paid"), ("amount", "100"), ("date", "2026-06-30")],
    )
    .await;
    assert_eq!(r.status(), 422);
    assert!(r.text().await.unwrap().contains("closed for this date"));
    assert_eq!(
        cash(
            &app,
            &t,
            &[("purpose", "rent-paid"), ("amount", "100"), ("date", "2026-07-01")]
        )
        .await
        .status(),
        303
    );
    // Closing earlier than before is refused.
    assert_eq!(
        app.post(
            &t,
            "/o/dura-sundari/books/close",
            &[("csrf", csrf.as_str()), ("through", "2026-01-31")]
        )
        .await
        .status(),
        422
    );
    assert_eq!(entries(&app).await, before + 1);
}
both!(a_closed_period_refuses_entries);

async fn the_api_posts_entries_and_refuses_unbalanced_ones(app: TestApp) {
    let token = app.token(DS_TREASURER, "dura-sundari").await;
    let mut tx = app.db.begin().await.unwrap();
    let o = tejido::orgs::by_slug(&mut tx, "dura-sundari").await.unwrap().unwrap();
    drop(tx);
    let c = reqwest::Client::new();
    let auth = format!("Bearer {token}");
    let before = entries(&app).await;
    let post = |body: Value| {
        c.post(app.url("/api/v1/orgs/dura-sundari/entries"))
            .header("authorization", auth.clone())
            .json(&body)
            .send()
    };
    let r = post(json!({"date": "2026-11-01", "description": "Sale", "postings": [{"account": "1100", "amount": 1000}, {"account": "4100", "amount": -999}]})).await.unwrap();
    assert_eq!(r.status(), 422);
    let p: Value = r.json().await.unwrap();
    assert_eq!(p["errors"][0]["code"], "entry-unbalanced");
    let r = post(json!({"date": "2026-11-01", "description": "Sale", "postings": [{"account": "1100", "amount": 1000}, {"account": "9999", "amount": -1000}]})).await.unwrap();
    assert_eq!(r.status(), 422);
    let r = post(json!({"date": "2026-11-01", "description": "Sale", "postings": [{"account": "1100", "amount": 10.5}, {"account": "4100", "amount": -10.5}]})).await.unwrap();
    assert_eq!(r.status(), 400, "amounts are integers of minor units");
    assert_eq!(entries(&app).await, before);
    // Many entries at once: each gets its own place in the chain.
    let mut handles = vec![];
    for i in 0..12 {
        let c = c.clone();
        let (url, auth) = (app.url("/api/v1/orgs/dura-sundari/entries"), auth.clone());
        handles.push(tokio::spawn(async move {
            c.post(url).header("authorization", auth).json(&json!({"date": "2026-11-03", "description": format!("Fair stall {i}"), "postings": [{"account": "1100", "amount": 1000 + i}, {"account": "4100", "amount": -(1000 + i)}]})).send().await.unwrap().status()
        }));
    }
    for h in handles {
        assert_eq!(h.await.unwrap(), 201);
    }
    assert_eq!(entries(&app).await, before + 12);
    let mut tx = app.db.begin().await.unwrap();
    assert!(tejido::ledger::verify(&mut tx, &o).await.unwrap().is_ok());
    let list: Value = c
        .get(app.url("/api/v1/orgs/dura-sundari/entries"))
        .header("authorization", auth.clone())
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(list.as_array().unwrap().len(), 50);
}
both!(the_api_posts_entries_and_refuses_unbalanced_ones);

async fn verify_names_the_first_altered_entry(app: TestApp) {
    let run = |args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_tejido"))
            .args(args)
            .env("DATABASE_URL", &app.database_url)
            .env("TEJIDO_DATA_DIR", &app.data_dir)
            .output()
            .unwrap()
    };
    let ok = run(&["verify", "--org", "dura-sundari"]);
    assert!(ok.status.success(), "{}", String::from_utf8_lossy(&ok.stderr));
    assert!(String::from_utf8_lossy(&ok.stdout).contains("intact"));
    // Someone edits a posting behind the program's back.
    app.exec("UPDATE postings SET amount = amount + 100 WHERE id = (SELECT MIN(p.id) FROM postings p JOIN journal_entries e ON e.id = p.entry_id WHERE e.seq = 7 AND e.org_id = (SELECT id FROM orgs WHERE slug = 'dura-sundari'))").await;
    let bad = run(&["verify", "--org", "dura-sundari"]);
    assert!(!bad.status.success());
    let err = String::from_utf8_lossy(&bad.stderr);
    assert!(err.contains("entry #7"), "{err}");
    // Other organisations' books are untouched.
    assert!(run(&["verify", "--org", "atemdo"]).status.success());
}
both!(verify_names_the_first_altered_entry);

/// A program the test needs: Some(path), None when it is absent here (an error in CI).
fn tool(name: &str, env: &str) -> Option<String> {
    let path = std::env::var(env).unwrap_or_else(|_| name.to_string());
    if std::process::Command::new(&path).arg("--version").output().is_ok() {
        return Some(path);
    }
    assert!(
        std::env::var("CI").as_deref() != Ok("true"),
        "CI=true but {name} is not installed (or {env} does not point at it)"
    );
    eprintln!("skipping: {name} is not installed");
    None
}

fn export(app: &TestApp, org: &str, format: &str) -> std::path::PathBuf {
    let file = app.data_dir.join(format!("{org}.{format}"));
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_tejido"))
        .args(["export", "journal", "--org", org, "--format", format, "--to"])
        .arg(&file)
        .env("DATABASE_URL", &app.database_url)
        .env("TEJIDO_DATA_DIR", &app.data_dir)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    file
}

fn run_tool(program: &str, args: &[&str], file: &std::path::Path) -> String {
    let out = std::process::Command::new(program)
        .args(args)
        .arg(file)
        .output()
        .unwrap();
    assert!(
        out.status.success() && out.stderr.is_empty(),
        "{program} {args:?} {}: {}{}",
        file.display(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Every demo organisation's journal passes hledger's, ledger's and beancount's strict
/// checks, also with an entry back-dated before the first; hledger's balances agree with
/// Tejido's to the minor unit; a member's sub-account carries her member number.
async fn the_exported_journal_passes_the_tools_strict_checks(app: TestApp) {
    let (Some(hledger), Some(ledger), Some(bean_check)) = (
        tool("hledger", "TEJIDO_HLEDGER"),
        tool("ledger", "TEJIDO_LEDGER"),
        tool("bean-check", "TEJIDO_BEAN_CHECK"),
    ) else {
        return;
    };
    // A new organisation whose second entry is dated before its first.
    {
        let mut tx = app.db.begin_write().await.unwrap();
        let draft = tejido::orgs::OrgDraft {
            slug: "back-dated".into(),
            name: "Back-dated Cooperative".into(),
            kind: "cooperative".into(),
            country: "IN".into(),
            currency: "INR".into(),
            languages: vec!["en".into()],
            timezone: String::new(),
            bylaws: None,
        };
        let org = tejido::orgs::service::create(&mut tx, &draft, &[]).await.unwrap();
        let cash = tejido::ledger::service::account(&mut tx, &org, "1100").await.unwrap();
        let grants = tejido::ledger::service::account(&mut tx, &org, "4500").await.unwrap();
        for (date, description) in [
            ("2026-03-02", "Opening cash"),
            ("2026-01-02", "Back-dated; a note | with # marks"),
        ] {
            tejido::ledger::service::post(
                &mut tx,
                &org,
                &tejido::ledger::NewEntry {
                    date: date.into(),
                    description: description.into(),
                    source: "journal",
                    source_id: None,
                    reverses_id: None,
                    planned: false,
                    postings: vec![
                        tejido::ledger::Posting {
                            account_id: cash.id,
                            amount: 100,
                        },
                        tejido::ledger::Posting {
                            account_id: grants.id,
                            amount: -100,
                        },
                    ],
                },
                None,
            )
            .await
            .unwrap();
        }
        tx.commit().await.unwrap();
    }
    let orgs: Vec<String> = {
        let mut tx = app.db.begin().await.unwrap();
        tejido::orgs::all(&mut tx)
            .await
            .unwrap()
            .into_iter()
            .map(|o| o.slug)
            .collect()
    };
    assert!(orgs.len() >= 7, "{orgs:?}");
    for slug in &orgs {
        let file = export(&app, slug, "ledger");
        run_tool(&hledger, &["check", "--strict", "-f"], &file);
        run_tool(&ledger, &["--pedantic", "bal", "-f"], &file);
        let bean = export(&app, slug, "beancount");
        run_tool(&bean_check, &[], &bean);
        if slug == "back-dated" {
            let text = std::fs::read_to_string(&bean).unwrap();
            assert!(
                text.contains("2026-01-02 * \"Back-dated, a note , with , marks\""),
                "{text:.400}"
            );
        }
    }
    // hledger's balances are Tejido's, to the minor unit.
    let file = export(&app, "dura-sundari", "ledger");
    let csv = run_tool(&hledger, &["bal", "--flat", "-O", "csv", "-f"], &file);
    let theirs: std::collections::HashMap<String, i64> = csv
        .lines()
        .skip(1)
        .filter_map(|l| {
            let cols: Vec<&str> = l.split("\",\"").map(|c| c.trim_matches('"')).collect();
            let amount = cols.get(1)?.trim_end_matches(" INR").replace([',', '.'], "");
            Some((cols[0].to_string(), amount.parse::<i64>().ok()?))
        })
        .filter(|(a, _)| a != "total")
        .collect();
    let mut tx = app.db.begin().await.unwrap();
    let org = tejido::orgs::by_slug(&mut tx, "dura-sundari").await.unwrap().unwrap();
    let lines = tejido::ledger::service::detailed_trial_balance(&mut tx, &org, "9999-12-31")
        .await
        .unwrap();
    let members = tejido::ledger::service::member_labels(&mut tx, &org).await.unwrap();
    let all: Vec<_> = lines.iter().map(|l| l.account.clone()).collect();
    let mut compared = 0;
    for l in lines
        .iter()
        .filter(|l| !all.iter().any(|c| c.parent_id == Some(l.account.id)) && l.balance != 0)
    {
        let path = tejido::ledger::export::account_path(&l.account, &all, &members);
        assert_eq!(theirs.get(&path), Some(&l.balance), "{path}");
        compared += 1;
    }
    assert!(compared > 20, "the demo's books have many accounts ({compared})");
    assert_eq!(theirs.len(), compared, "hledger sees no account Tejido does not");
    // Every member's sub-account carries her member number, not her internal id.
    let mut named = 0;
    for a in all.iter().filter(|a| a.member_id.is_some()) {
        let number = app
            .one(format!(
                "SELECT member_number FROM memberships WHERE id = {}",
                a.member_id.unwrap()
            ))
            .await;
        let path = tejido::ledger::export::account_path(a, &all, &members);
        assert!(path.ends_with(&format!(":M{number}")), "{path} is member {number}'s");
        named += 1;
    }
    assert!(named > 10, "{named}");
    drop(tx);
    // Her name changes; the journal does not.
    let text = std::fs::read_to_string(&file).unwrap();
    app.exec("UPDATE memberships SET name = 'Someone Else' WHERE member_number = '6' AND org_id = (SELECT id FROM orgs WHERE slug = 'dura-sundari')").await;
    app.exec("UPDATE people SET name = 'Someone Else' WHERE id = (SELECT person_id FROM memberships WHERE member_number = '6' AND org_id = (SELECT id FROM orgs WHERE slug = 'dura-sundari'))").await;
    let again = std::fs::read_to_string(export(&app, "dura-sundari", "ledger")).unwrap();
    // (The server may close a purchase round in between, so later entries may be added.)
    let hers = |t: &str| -> Vec<String> {
        t.lines()
            .filter(|l| l.split_whitespace().any(|w| w.ends_with(":M6")))
            .map(str::to_string)
            .collect()
    };
    assert!(hers(&text).len() > 3, "{:?}", hers(&text));
    assert!(hers(&again).starts_with(&hers(&text)));
}
both!(the_exported_journal_passes_the_tools_strict_checks);

async fn savings_leave_only_what_is_there_and_reports_render(app: TestApp) {
    let t = app.login(DS_TREASURER).await;
    let before = entries(&app).await;
    let r = cash(
        &app,
        &t,
        &[
            ("purpose", "saving-withdrawal"),
            ("amount", "10000"),
            ("member_number", "5"),
        ],
    )
    .await;
    assert_eq!(r.status(), 422);
    assert!(r.text().await.unwrap().contains("less than this amount"));
    assert_eq!(entries(&app).await, before);
    assert_eq!(
        cash(
            &app,
            &t,
            &[("purpose", "saving-deposit"), ("amount", "300"), ("member_number", "5")]
        )
        .await
        .status(),
        303
    );
    assert_eq!(
        cash(
            &app,
            &t,
            &[
                ("purpose", "saving-withdrawal"),
                ("amount", "200"),
                ("member_number", "5")
            ]
        )
        .await
        .status(),
        303
    );
    assert_eq!(
        cash(
            &app,
            &t,
            &[
                ("purpose", "saving-withdrawal"),
                ("amount", "10000"),
                ("member_number", "5")
            ]
        )
        .await
        .status(),
        422
    );
    let statements = app.text(&t, "/o/dura-sundari/books/statements").await;
    assert!(statements.contains("Income statement") && statements.contains("Balance sheet"));
    assert!(statements.contains("Sales") && statements.contains("Rent"));
    let cash_ledger = app.text(&t, "/o/dura-sundari/books/accounts/1100").await;
    assert!(
        cash_ledger.contains("બજારમાં વેચાણ"),
        "demo entries are written in the organisation's language"
    );
    assert_eq!(
        t.get(app.url("/o/dura-sundari/books/accounts/9999"))
            .send()
            .await
            .unwrap()
            .status(),
        404
    );
    let csv = app.text(&t, "/o/dura-sundari/books/trial-balance.csv").await;
    assert!(csv.starts_with("code,account,kind,debit,credit,currency"));
    assert!(csv.contains("1100,Cash,asset,"));
}
both!(savings_leave_only_what_is_there_and_reports_render);

async fn entries_posted_at_once_each_count_once(app: TestApp) {
    let auth = format!("Bearer {}", app.token(DS_TREASURER, "dura-sundari").await);
    let before = app.count("SELECT COUNT(*) FROM journal_entries").await;
    let c = client();
    let mut calls = vec![];
    for i in 0..40i64 {
        // Every eighth entry does not balance and must leave nothing behind.
        let credit = if i % 8 == 7 { -1 } else { -(100 + i) };
        let body = serde_json::json!({
            "date": "2026-11-02",
            "description": format!("Market sale {i}"),
            "postings": [{"account": "1100", "amount": 100 + i}, {"account": "4100", "amount": credit}],
        });
        let req = c
            .post(app.url("/api/v1/orgs/dura-sundari/entries"))
            .header("authorization", &auth)
            .json(&body)
            .send();
        calls.push(tokio::spawn(req));
    }
    let mut created = 0;
    let mut refused = 0;
    for call in calls {
        match call.await.unwrap().unwrap().status().as_u16() {
            201 => created += 1,
            422 => refused += 1,
            s => panic!("unexpected {s}"),
        }
    }
    assert_eq!((created, refused), (35, 5));
    assert_eq!(app.count("SELECT COUNT(*) FROM journal_entries").await, before + 35);
    let mut tx = app.db.begin().await.unwrap();
    let org = tejido::orgs::by_slug(&mut tx, "dura-sundari").await.unwrap().unwrap();
    assert!(
        tejido::ledger::verify(&mut tx, &org).await.unwrap().is_ok(),
        "the chain holds"
    );
}
both!(entries_posted_at_once_each_count_once);
