//! `spawn_app(backend)`: a real server on a random port with a fresh database holding the demo.

use std::net::SocketAddr;

use reqwest::redirect::Policy;
use tejido::app;
use tejido::config::Config;
use tejido::db::Db;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

pub struct TestApp {
    pub base: String,
    pub db: Db,
    pub data_dir: std::path::PathBuf,
    pub database_url: String,
    _dir: tempfile::TempDir,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
}

impl Drop for TestApp {
    fn drop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
    }
}

/// A fresh PostgreSQL database, or None when PostgreSQL is not configured (an error in CI).
async fn postgres_url() -> Option<String> {
    let admin = match std::env::var("TEJIDO_TEST_POSTGRES_URL") {
        Ok(u) if !u.is_empty() => u,
        _ => {
            if std::env::var("CI").as_deref() == Ok("true") {
                panic!(
                    "CI=true but TEJIDO_TEST_POSTGRES_URL is not set: the PostgreSQL half of the suite cannot be skipped in CI"
                );
            }
            eprintln!("skipping: TEJIDO_TEST_POSTGRES_URL is not set");
            return None;
        }
    };
    let name = format!("tejido_test_{}", tejido::auth::random_token(8));
    let pool = sqlx::postgres::PgPoolOptions::new()
        .max_connections(1)
        .connect(&admin)
        .await
        .expect("connect to TEJIDO_TEST_POSTGRES_URL");
    // Earlier runs' databases go, once per run; those in use by another run stay.
    static SWEPT: tokio::sync::OnceCell<()> = tokio::sync::OnceCell::const_new();
    SWEPT
        .get_or_init(|| async {
            let old: Vec<String> =
                sqlx::query_scalar("SELECT datname FROM pg_database WHERE datname LIKE 'tejido\\_test\\_%'")
                    .fetch_all(&pool)
                    .await
                    .unwrap_or_default();
            for db in old {
                let _ = sqlx::query(sqlx::AssertSqlSafe(format!("DROP DATABASE IF EXISTS {db}")))
                    .execute(&pool)
                    .await;
            }
        })
        .await;
    sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
        .execute(&pool)
        .await
        .expect("create test database");
    pool.close().await;
    let (base, _) = admin.rsplit_once('/').expect("a database URL ends with /name");
    Some(format!("{base}/{name}"))
}

/// Serves a state on a random port until the returned sender is used or dropped.
async fn serve(state: app::AppState) -> (String, tokio::sync::oneshot::Sender<()>) {
    let listener = tokio::net::TcpListener::bind(SocketAddr::from(([127, 0, 0, 1], 0)))
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("address");
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    tokio::spawn(async move {
        let _ = app::serve_on(listener, state, async {
            let _ = rx.await;
        })
        .await;
    });
    (format!("http://{addr}"), tx)
}

/// Starts Tejido with the demo loaded; None when the backend is not available here.
pub async fn spawn_app(backend: Backend) -> Option<TestApp> {
    let dir = tempfile::tempdir().expect("temp dir");
    let url = match backend {
        Backend::Sqlite => None,
        Backend::Postgres => Some(postgres_url().await?),
    };
    let bind: SocketAddr = ([127, 0, 0, 1], 0).into();
    let mut config = Config::new(dir.path().to_path_buf(), url, bind, None);
    // Rounds past their closing time close within a fraction of a second here.
    config.sweep_every = std::time::Duration::from_millis(250);
    config.hook_token = Some(HOOK_TOKEN.into());
    let database_url = config.database_url.clone();
    let state = app::state(config).await.expect("database ready");
    tejido::demo::load(&state.db).await.expect("demo loads");
    let db = state.db.clone();
    let (base, tx) = serve(state).await;
    Some(TestApp {
        base,
        db,
        data_dir: dir.path().to_path_buf(),
        database_url,
        _dir: dir,
        shutdown: Some(tx),
    })
}

impl TestApp {
    /// Stops serving, as a lost network looks from a phone; the database stays.
    pub fn stop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
    }

    /// Serves again on the same address, as when the network returns.
    pub async fn resume(&mut self) {
        let addr: SocketAddr = self.base.trim_start_matches("http://").parse().expect("address");
        let mut config = Config::new(self.data_dir.clone(), Some(self.database_url.clone()), addr, None);
        config.hook_token = Some(HOOK_TOKEN.into());
        let state = app::state(config).await.expect("database ready");
        let mut tries = 0;
        let listener = loop {
            match tokio::net::TcpListener::bind(addr).await {
                Ok(l) => break l,
                Err(e) if tries < 100 => {
                    tries += 1;
                    let _ = e;
                    tokio::time::sleep(std::time::Duration::from_millis(50)).await;
                }
                Err(e) => panic!("{addr} stays taken: {e}"),
            }
        };
        let (tx, rx) = tokio::sync::oneshot::channel::<()>();
        tokio::spawn(async move {
            let _ = app::serve_on(listener, state, async {
                let _ = rx.await;
            })
            .await;
        });
        self.shutdown = Some(tx);
    }
}

/// Another `tejido serve` on the same database, as a second or third server behind a load
/// balancer would be: its own pool, its own posting task, its own clock-driven sweeper.
pub struct Peer {
    pub base: String,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
}

impl Drop for Peer {
    fn drop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
    }
}

impl TestApp {
    /// Starts another server on this app's database, sweeping every `sweep`.
    pub async fn peer(&self, sweep: std::time::Duration) -> Peer {
        let bind: SocketAddr = ([127, 0, 0, 1], 0).into();
        let mut config = Config::new(self.data_dir.clone(), Some(self.database_url.clone()), bind, None);
        config.sweep_every = sweep;
        let (base, tx) = serve(app::state(config).await.expect("database ready")).await;
        Peer {
            base,
            shutdown: Some(tx),
        }
    }
}

/// A browser-like client: keeps cookies, does not follow redirects.
pub fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .cookie_store(true)
        .redirect(Policy::none())
        .build()
        .expect("client")
}

/// The value of a hidden input in a page.
pub fn hidden(html: &str, name: &str) -> String {
    let needle = format!("name=\"{name}\" value=\"");
    let start = html
        .find(&needle)
        .map(|i| i + needle.len())
        .unwrap_or_else(|| panic!("no hidden {name} in page"));
    html[start..].split('"').next().unwrap_or_default().to_string()
}

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// Logs in with a demo login and switches to English; returns the logged-in client.
    pub async fn login(&self, login: &str) -> reqwest::Client {
        let c = self.login_in_own_language(login).await;
        let r = c.get(self.url("/lang/en?next=/")).send().await.unwrap();
        assert_eq!(r.status(), 303);
        c
    }

    /// Logs in with a demo login, in the language she chose before.
    pub async fn login_in_own_language(&self, login: &str) -> reqwest::Client {
        let c = client();
        let page = c.get(self.url("/login")).send().await.unwrap().text().await.unwrap();
        let resp = c
            .post(self.url("/login"))
            .form(&[
                ("csrf", hidden(&page, "csrf").as_str()),
                ("identifier", login),
                ("password", "tejido-demo"),
                ("next", "/"),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(resp.status(), 303, "login as {login}");
        c
    }

    /// An API token for a demo person in one organisation.
    pub async fn token(&self, login: &str, org: &str) -> String {
        let mut tx = self.db.begin_write().await.unwrap();
        let id = tejido::auth::model::LoginId::parse(login).unwrap();
        let p = tejido::auth::service::find_by_login(&mut tx, &id)
            .await
            .unwrap()
            .unwrap();
        let o = tejido::orgs::by_slug(&mut tx, org).await.unwrap().unwrap();
        let t = tejido::auth::service::create_token(&mut tx, o.id, p.id, "test")
            .await
            .unwrap();
        tx.commit().await.unwrap();
        t
    }

    /// Posts a form.
    pub async fn post(&self, c: &reqwest::Client, path: &str, form: &[(&str, &str)]) -> reqwest::Response {
        c.post(self.url(path)).form(form).send().await.unwrap()
    }

    /// Opens a page and returns its text.
    pub async fn text(&self, c: &reqwest::Client, path: &str) -> String {
        c.get(self.url(path)).send().await.unwrap().text().await.unwrap()
    }

    /// Tries a login; returns the response.
    pub async fn try_login(&self, c: &reqwest::Client, csrf: &str, login: &str, password: &str) -> reqwest::Response {
        self.post(
            c,
            "/login",
            &[("csrf", csrf), ("identifier", login), ("password", password)],
        )
        .await
    }

    /// A form's CSRF token, read from a page the client can open.
    pub async fn csrf(&self, c: &reqwest::Client, path: &str) -> String {
        let page = c.get(self.url(path)).send().await.unwrap().text().await.unwrap();
        hidden(&page, "csrf")
    }

    /// Runs one SQL statement against the app's database (to simulate time passing).
    pub async fn exec(&self, sql: &'static str) {
        match &self.db {
            Db::Sqlite(p, _) => {
                sqlx::query(sql).execute(p).await.unwrap();
            }
            Db::Postgres(p) => {
                sqlx::query(sql).execute(p).await.unwrap();
            }
        }
    }

    /// Runs one SQL statement and answers whether the database accepted it.
    pub async fn try_exec(&self, sql: &'static str) -> bool {
        match &self.db {
            Db::Sqlite(p, _) => sqlx::query(sql).execute(p).await.is_ok(),
            Db::Postgres(p) => sqlx::query(sql).execute(p).await.is_ok(),
        }
    }

    /// GETs an API path with a bearer token: the status and the JSON answer.
    pub async fn api_get(&self, token: &str, path: &str) -> (u16, serde_json::Value) {
        let r = client()
            .get(self.url(path))
            .header("authorization", format!("Bearer {token}"))
            .send()
            .await
            .unwrap();
        let status = r.status().as_u16();
        let body = r.json().await.unwrap_or(serde_json::Value::Null);
        conforms("get", path, status, &body);
        (status, body)
    }

    /// POSTs JSON to an API path with a bearer token: the status and the JSON answer.
    pub async fn api_post(&self, token: &str, path: &str, body: serde_json::Value) -> (u16, serde_json::Value) {
        let r = client()
            .post(self.url(path))
            .header("authorization", format!("Bearer {token}"))
            .json(&body)
            .send()
            .await
            .unwrap();
        let status = r.status().as_u16();
        let body = r.json().await.unwrap_or(serde_json::Value::Null);
        conforms("post", path, status, &body);
        (status, body)
    }

    /// One text value from the app's database; the SQL is built by the test.
    pub async fn one(&self, sql: String) -> String {
        let sql = sqlx::AssertSqlSafe(sql);
        match &self.db {
            Db::Sqlite(p, _) => sqlx::query_scalar(sql).fetch_one(p).await.unwrap(),
            Db::Postgres(p) => sqlx::query_scalar(sql).fetch_one(p).await.unwrap(),
        }
    }

    /// A count from the app's database; the SQL is built by the test.
    pub async fn count_of(&self, sql: String) -> i64 {
        let sql = sqlx::AssertSqlSafe(sql);
        match &self.db {
            Db::Sqlite(p, _) => sqlx::query_scalar(sql).fetch_one(p).await.unwrap(),
            Db::Postgres(p) => sqlx::query_scalar(sql).fetch_one(p).await.unwrap(),
        }
    }

    /// The membership id of a member number in an organisation.
    pub async fn member_id(&self, slug: &str, number: &str) -> i64 {
        self.count_of(format!(
            "SELECT id FROM memberships WHERE org_id = (SELECT id FROM orgs WHERE slug = '{slug}') AND member_number = '{number}'"
        ))
        .await
    }

    pub async fn count(&self, sql: &'static str) -> i64 {
        match &self.db {
            Db::Sqlite(p, _) => sqlx::query_scalar(sql).fetch_one(p).await.unwrap(),
            Db::Postgres(p) => sqlx::query_scalar(sql).fetch_one(p).await.unwrap(),
        }
    }
}

/// Demo logins.
/// The token carriers' webhooks carry in the tests.
pub const HOOK_TOKEN: &str = "carrier-hook-token";
pub const DS_LEADER: &str = "+919825000001";
pub const DS_TREASURER: &str = "+919825000002";
pub const DS_MEMBER: &str = "+919825000005";
pub const PH_LEADER: &str = "+639171000001";
pub const PH_MEMBER: &str = "+639171000005";
pub const DS_PLAIN_LEADER: &str = "+919825000004";
pub const SEWA_STAFF: &str = "+919825100001";
pub const OPERATOR: &str = "operator@tejido.example";

/// Runs a test on SQLite and on PostgreSQL.
#[macro_export]
macro_rules! both {
    ($name:ident) => {
        mod $name {
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                if let Some(app) = $crate::common::spawn_app($crate::common::Backend::Sqlite).await {
                    super::$name(app).await
                }
            }
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                if let Some(app) = $crate::common::spawn_app($crate::common::Backend::Postgres).await {
                    super::$name(app).await
                }
            }
        }
    };
}

/// The first link to a member's page (`/o/{slug}/members/{id}`) in a page.
pub fn member_link(html: &str, slug: &str) -> String {
    let prefix = format!("/o/{slug}/members/");
    let mut rest = html;
    while let Some(i) = rest.find(&prefix) {
        let tail = &rest[i + prefix.len()..];
        let id: String = tail.chars().take_while(|c| c.is_ascii_digit()).collect();
        if !id.is_empty() {
            return format!("{prefix}{id}");
        }
        rest = tail;
    }
    panic!("no member link in page");
}

/// The API's OpenAPI document, as the server serves it.
static DOCUMENT: std::sync::LazyLock<serde_json::Value> = std::sync::LazyLock::new(tejido::app::api_document);

/// The document's operation for a method and a concrete path: the template that matches
/// with the most fixed words (`/members/me` before `/members/{id}`).
pub fn operation(method: &str, path: &str) -> Option<(String, &'static serde_json::Value)> {
    let path = path.split('?').next().unwrap_or(path);
    let words: Vec<&str> = path.split('/').collect();
    DOCUMENT["paths"]
        .as_object()?
        .iter()
        .filter_map(|(template, item)| {
            let t: Vec<&str> = template.split('/').collect();
            let fits = t.len() == words.len() && t.iter().zip(&words).all(|(a, b)| a.starts_with('{') || a == b);
            let fixed = t.iter().filter(|a| !a.starts_with('{')).count();
            (fits && item.get(method).is_some()).then(|| (fixed, template.clone(), &item[method]))
        })
        .max_by_key(|(fixed, _, _)| *fixed)
        .map(|(_, t, op)| (t, op))
}

/// Every API answer of the suite is checked against the document: its status is one the
/// operation documents and its body fits that status's schema. A drift fails the test.
pub fn conforms(method: &str, path: &str, status: u16, body: &serde_json::Value) {
    let Some((template, op)) = operation(method, path) else {
        panic!("{method} {path} is not in the OpenAPI document");
    };
    let Some(response) = op["responses"].get(status.to_string()) else {
        panic!("{method} {template} answered {status}, which the document does not list: {body}");
    };
    let Some(content) = response["content"].as_object().and_then(|c| c.values().next()) else {
        return;
    };
    let Some(schema) = content.get("schema") else {
        return;
    };
    let mut root = schema.clone();
    if let Some(o) = root.as_object_mut() {
        o.insert("$schema".into(), "https://json-schema.org/draft/2020-12/schema".into());
        o.insert("components".into(), DOCUMENT["components"].clone());
    } else {
        return;
    }
    let validator = jsonschema::validator_for(&root)
        .unwrap_or_else(|e| panic!("{method} {template} {status}: the schema does not compile: {e}"));
    let errors: Vec<String> = validator
        .iter_errors(body)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(
        errors.is_empty(),
        "{method} {template} answered {status} with a body the document does not describe:\n{}\n{body:.2000}",
        errors.join("\n")
    );
}
