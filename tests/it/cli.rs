//! The `tejido` command, pointed at the same database as a running server.

use std::io::Write;
use std::process::{Command, Output, Stdio};

use crate::both;
use crate::common::*;

fn tejido(app: &TestApp, args: &[&str], stdin: Option<&str>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_tejido"))
        .args(args)
        .env("DATABASE_URL", &app.database_url)
        .env("TEJIDO_DATA_DIR", &app.data_dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary runs");
    if let Some(input) = stdin {
        child.stdin.take().unwrap().write_all(input.as_bytes()).unwrap();
    } else {
        drop(child.stdin.take());
    }
    child.wait_with_output().unwrap()
}

fn ok(out: &Output) -> String {
    assert!(out.status.success(), "stderr: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).to_string()
}

async fn the_command_line_manages_organisations_people_and_tokens(app: TestApp) {
    ok(&tejido(&app, &["migrate"], None));
    let out = ok(&tejido(
        &app,
        &[
            "org",
            "create",
            "--slug",
            "mahila-kamdar",
            "--name",
            "Mahila Kamdar Union",
            "--kind",
            "union",
            "--country",
            "IN",
            "--currency",
            "INR",
            "--languages",
            "hi,en",
            "--parents",
            "sewa-federation",
        ],
        None,
    ));
    assert!(out.contains("mahila-kamdar"));
    let list = ok(&tejido(&app, &["org", "list"], None));
    assert!(list.contains("mahila-kamdar\tunion\tIN\tINR"));
    let bad = tejido(
        &app,
        &[
            "org",
            "create",
            "--slug",
            "Bad Slug",
            "--name",
            "",
            "--country",
            "India",
            "--currency",
            "XYZ",
        ],
        None,
    );
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stderr).contains("slug"));
    ok(&tejido(
        &app,
        &[
            "user",
            "create",
            "--name",
            "Lakshmi Devi",
            "--phone",
            "+919900011122",
            "--org",
            "mahila-kamdar",
            "--roles",
            "leader",
            "--password-stdin",
        ],
        Some("lakshmi-secret\n"),
    ));
    let token = ok(&tejido(
        &app,
        &["token", "create", "--login", "+919900011122", "--org", "mahila-kamdar"],
        None,
    ))
    .trim()
    .to_string();
    assert!(token.starts_with("tej_"));
    let r = reqwest::Client::new()
        .get(app.url("/api/v1/orgs/mahila-kamdar/members"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert!(r.text().await.unwrap().contains("Lakshmi Devi"));
    // The password read from standard input works on the login page.
    let c = client();
    let csrf = app.csrf(&c, "/login").await;
    let login = c
        .post(app.url("/login"))
        .form(&[
            ("csrf", csrf.as_str()),
            ("identifier", "+919900011122"),
            ("password", "lakshmi-secret"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(login.status(), 303);
    ok(&tejido(
        &app,
        &["user", "set-password", "--login", "+919900011122"],
        Some("another-secret\n"),
    ));
    let short = tejido(
        &app,
        &["user", "set-password", "--login", "+919900011122"],
        Some("short\n"),
    );
    assert!(!short.status.success());
    let op = ok(&tejido(
        &app,
        &[
            "user",
            "create",
            "--name",
            "Second Operator",
            "--email",
            "ops@example.org",
            "--operator",
        ],
        None,
    ));
    assert!(op.contains("password: "));
    let stranger = tejido(
        &app,
        &["token", "create", "--login", "+919900011122", "--org", "dura-sundari"],
        None,
    );
    assert!(!stranger.status.success(), "no token where she is not a member");
    // A consistent online copy of the embedded database.
    let copy = app.data_dir.join("copy.db");
    let backup = tejido(&app, &["backup", "--to", copy.to_str().unwrap()], None);
    if app.database_url.starts_with("sqlite:") {
        ok(&backup);
        let copied = tejido::db::Db::connect(&format!("sqlite://{}", copy.display()))
            .await
            .unwrap();
        let mut tx = copied.begin().await.unwrap();
        assert_eq!(tejido::orgs::all(&mut tx).await.unwrap().len(), 7);
        let again = tejido(&app, &["backup", "--to", copy.to_str().unwrap()], None);
        assert!(!again.status.success(), "a backup never overwrites a file");
    } else {
        assert!(!backup.status.success());
        assert!(String::from_utf8_lossy(&backup.stderr).contains("pg_dump"));
    }
}
both!(the_command_line_manages_organisations_people_and_tokens);

#[test]
fn the_demo_command_creates_a_fresh_database() {
    let dir = tempfile::tempdir().unwrap();
    for _ in 0..2 {
        let out = Command::new(env!("CARGO_BIN_EXE_tejido"))
            .args(["--data-dir", dir.path().to_str().unwrap(), "demo", "--no-serve"])
            .env_remove("DATABASE_URL")
            .output()
            .unwrap();
        let text = ok(&out);
        assert!(text.contains("Dura Sundari") && text.contains("58 members"));
        assert!(text.contains("ATEMDO"));
    }
}

/// One organisation's books altered behind the program's back (an account's postings set
/// to the largest amount an i64 holds): `verify` names it and still reports every other
/// organisation, whatever it met in the first.
async fn verify_reports_every_organisation_whatever_one_holds(app: TestApp) {
    let altered = app
        .try_exec(
            "UPDATE postings SET amount = 9223372036854775807 WHERE account_id = (SELECT p.account_id FROM postings p JOIN accounts a ON a.id = p.account_id WHERE a.org_id = (SELECT id FROM orgs WHERE slug = 'dura-sundari') GROUP BY p.account_id HAVING COUNT(*) > 2 ORDER BY p.account_id LIMIT 1)",
        )
        .await;
    assert!(altered, "the test alters a posting directly");
    let out = tejido(&app, &["verify"], None);
    assert!(!out.status.success(), "an altered book fails verify");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("dura-sundari"), "{stderr}");
    for other in ["atemdo", "aster-tadelech", "patamaba-wise", "sewa-federation"] {
        assert!(stdout.contains(&format!("{other}: ")), "{other} is reported: {stdout}");
    }
}
both!(verify_reports_every_organisation_whatever_one_holds);
