//! The top floor: assembles the route table, the middleware and the clock-driven jobs
//! into one server. Nothing below imports it.

mod middleware;
mod openapi;
mod probes;
pub mod reminders;
mod routes;

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::{HeaderName, HeaderValue};
use tower_http::compression::{CompressionLayer, CompressionLevel};
use tower_http::set_header::SetResponseHeaderLayer;
use tower_sessions::cookie::SameSite;
use tower_sessions::{Expiry, SessionManagerLayer};

use crate::auth::session_store::DbSessionStore;
use crate::config::{Config, PHOTO_LIMIT};
use crate::db::{Db, idempotency};
pub use crate::state::{AppState, Metrics};
use crate::web::assets;
use crate::{auth, ledger};
pub use openapi::{ApiDoc, api_document};
pub use routes::{Guard, RouteInfo, route_table};

/// The whole application, ready to serve.
pub fn router(state: AppState) -> Router {
    let sessions = SessionManagerLayer::new(DbSessionStore::new(state.db.clone()))
        .with_name("tejido_session")
        .with_secure(state.config.cookie_secure)
        .with_http_only(true)
        .with_same_site(SameSite::Lax)
        .with_expiry(Expiry::OnInactivity(auth::SESSION_IDLE));
    let security = |name: &'static str, value: &'static str| {
        SetResponseHeaderLayer::if_not_present(HeaderName::from_static(name), HeaderValue::from_static(value))
    };
    let hsts = state.config.hsts();
    let router = routes::routes()
        .router
        .layer(axum::middleware::from_fn_with_state(state.clone(), middleware::idempotent))
        .layer(sessions)
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            crate::web::form::visitor_cookie_layer,
        ))
        .layer(axum::middleware::from_fn(middleware::no_store))
        .layer(axum::middleware::from_fn(middleware::offline))
        // Extractors read up to the largest limit; each request is held to its own below.
        .layer(DefaultBodyLimit::max(PHOTO_LIMIT))
        .layer(axum::middleware::from_fn(middleware::body_limit))
        .layer(axum::middleware::from_fn(crate::web::error::render_errors))
        .layer(axum::middleware::from_fn_with_state(state.clone(), middleware::count))
        .layer(security(
            "content-security-policy",
            "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
        ))
        .layer(security("x-content-type-options", "nosniff"))
        .layer(security("referrer-policy", "same-origin"))
        .layer(security("x-frame-options", "DENY"));
    let router = if hsts {
        router.layer(security("strict-transport-security", "max-age=31536000"))
    } else {
        router
    };
    // Pages are compressed as they go at a level chosen by measurement (bench/run):
    // brotli's default, 11, took longer than rendering the page; static files carry
    // their own stored encoding and pass through.
    router
        .layer(CompressionLayer::new().quality(CompressionLevel::Precise(PAGE_COMPRESSION)))
        .with_state(state)
}

/// The compression level of pages (brotli and gzip alike).
const PAGE_COMPRESSION: i32 = 4;

/// Connects, migrates, and builds the state.
pub async fn state(config: Config) -> Result<AppState, crate::db::DbError> {
    if config.database_url.starts_with("sqlite:") {
        std::fs::create_dir_all(&config.data_dir)
            .map_err(|e| crate::db::DbError::Config(format!("{}: {e}", config.data_dir.display())))?;
    }
    let db = Db::connect(&config.database_url).await?;
    db.migrate().await?;
    assets::prepare();
    Ok(AppState {
        ledger: ledger::writer::Writer::start(db.clone()),
        db,
        config: Arc::new(config),
        metrics: Arc::new(Metrics::default()),
    })
}

/// Serves on a bound listener until the future `shutdown` completes.
pub async fn serve_on(
    listener: tokio::net::TcpListener,
    state: AppState,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let db = state.db.clone();
    let (sweep_db, sweep_every) = (state.db.clone(), state.config.sweep_every);
    let gateways = notice_gateways(&state.config);
    let sweeper = tokio::spawn(async move {
        let mut tick = tokio::time::interval(sweep_every);
        loop {
            tick.tick().await;
            sweep_db.scrub_if_wanted().await;
            match crate::purchases::service::close_due(&sweep_db).await {
                Ok(0) => {}
                Ok(n) => tracing::info!(rounds = n, "closed purchase rounds at their closing time"),
                Err(e) => tracing::warn!(%e, "closing purchase rounds"),
            }
            if let Err(e) = reminders::queue_due(&sweep_db).await {
                tracing::warn!(%e, "queueing reminders");
            }
            match crate::notices::send_due(&sweep_db, &gateways, crate::db::now(), 200).await {
                Ok(r) if r == crate::notices::Report::default() => {}
                Ok(r) => tracing::info!(?r, "notices"),
                Err(e) => tracing::warn!(%e, "sending notices"),
            }
        }
    });
    let pruner = tokio::spawn(async move {
        let mut tick = tokio::time::interval(Duration::from_secs(3600));
        loop {
            tick.tick().await;
            if let Err(e) = prune(&db).await {
                tracing::warn!(%e, "pruning expired sessions and keys");
            }
        }
    });
    let app = router(state);
    let result = axum::serve(listener, app.into_make_service_with_connect_info::<SocketAddr>())
        .with_graceful_shutdown(shutdown)
        .await;
    pruner.abort();
    sweeper.abort();
    result
}

/// The notice gateways the settings name; a setting that cannot be read is logged and
/// its channel waits (the server still serves).
pub fn notice_gateways(config: &Config) -> crate::notices::Gateways {
    use crate::notices::Channel;
    let mut list = vec![];
    for (channel, spec) in [
        (Channel::Sms, &config.sms_gateway),
        (Channel::WhatsApp, &config.whatsapp_gateway),
        (Channel::Email, &config.email_gateway),
    ] {
        if spec.trim().is_empty() {
            continue;
        }
        match crate::notices::gateway::parse(channel, spec.trim()) {
            Ok(g) => list.push(g),
            Err(e) => tracing::error!(%e, "notice gateway"),
        }
    }
    crate::notices::Gateways::new(list)
}

async fn prune(db: &Db) -> Result<(), crate::db::DbError> {
    let mut tx = db.begin_write().await?;
    auth::store::sessions_prune(&mut tx).await?;
    auth::store::prune_attempts(&mut tx, auth::model::FAILURE_WINDOW_SECS).await?;
    idempotency::prune(&mut tx).await?;
    tx.commit().await
}
