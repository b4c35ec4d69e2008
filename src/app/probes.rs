//! The probes: `/healthz` for the load balancer, `/metrics` for Prometheus.

use std::net::SocketAddr;
use std::sync::atomic::Ordering;

use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};

use crate::auth;
use crate::config::Config;
use crate::state::AppState;
use crate::web::AppError;

pub(super) async fn healthz(State(state): State<AppState>) -> Response {
    match state.db.ping().await {
        Ok(()) => (StatusCode::OK, "ok").into_response(),
        Err(e) => {
            tracing::error!(%e, "health check");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                [(header::CONTENT_TYPE, "text/plain")],
                "database unavailable",
            )
                .into_response()
        }
    }
}

/// `/metrics` is not public: with a configured token it asks for it; without one it
/// answers only to a request made on this machine, not through a proxy.
fn may_read_metrics(config: &Config, peer: SocketAddr, headers: &axum::http::HeaderMap) -> bool {
    match &config.metrics_token {
        Some(t) => headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .is_some_and(|sent| auth::service::token_hash(sent.trim()) == auth::service::token_hash(t)),
        None => {
            peer.ip().is_loopback() && !headers.contains_key("x-forwarded-for") && !headers.contains_key("forwarded")
        }
    }
}

pub(super) async fn metrics(
    State(state): State<AppState>,
    axum::extract::ConnectInfo(peer): axum::extract::ConnectInfo<SocketAddr>,
    headers: axum::http::HeaderMap,
) -> Response {
    if !may_read_metrics(&state.config, peer, &headers) {
        return AppError::NotFound.into_response();
    }
    let m = &state.metrics;
    let db_up = i32::from(state.db.ping().await.is_ok());
    let body = format!(
        "# HELP tejido_requests_total HTTP requests served.\n# TYPE tejido_requests_total counter\ntejido_requests_total {}\n\
# HELP tejido_responses_total HTTP responses by status class.\n# TYPE tejido_responses_total counter\n\
tejido_responses_total{{class=\"2xx\"}} {}\ntejido_responses_total{{class=\"3xx\"}} {}\ntejido_responses_total{{class=\"4xx\"}} {}\ntejido_responses_total{{class=\"5xx\"}} {}\n\
# HELP tejido_request_duration_seconds_sum Time spent serving requests.\n# TYPE tejido_request_duration_seconds_sum counter\ntejido_request_duration_seconds_sum {:.6}\n\
# HELP tejido_database_up Whether the database answers.\n# TYPE tejido_database_up gauge\ntejido_database_up {db_up}\n",
        m.requests.load(Ordering::Relaxed),
        m.responses_2xx.load(Ordering::Relaxed),
        m.responses_3xx.load(Ordering::Relaxed),
        m.responses_4xx.load(Ordering::Relaxed),
        m.responses_5xx.load(Ordering::Relaxed),
        m.duration_micros.load(Ordering::Relaxed) as f64 / 1e6,
    );
    ([(header::CONTENT_TYPE, "text/plain; version=0.0.4")], body).into_response()
}
