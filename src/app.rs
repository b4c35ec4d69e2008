//! The application: state, the route table, middleware, and serving.

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use axum::Router;
use axum::body::{Body, to_bytes};
use axum::extract::{DefaultBodyLimit, FromRequestParts, Request, State};
use axum::handler::Handler;
use axum::http::{HeaderName, HeaderValue, Method, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{MethodFilter, on};
use sha2::{Digest, Sha256};
use tower_http::compression::CompressionLayer;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_sessions::cookie::SameSite;
use tower_sessions::{Expiry, SessionManagerLayer};
use utoipa::OpenApi;

use crate::auth::session_store::DbSessionStore;
use crate::config::{BODY_LIMIT, Config};
use crate::db::{Db, idempotency};
use crate::web::{AppError, assets};
use crate::{
    auth, elections, ledger, loans, meetings, members, orgs, passbook, purchases, reports, savings, shares, surplus,
    votes,
};

/// What every handler can reach.
#[derive(Clone)]
pub struct AppState {
    pub db: Db,
    /// Group commit of entries posted through the API.
    pub ledger: ledger::writer::Writer,
    pub config: Arc<Config>,
    pub metrics: Arc<Metrics>,
}

/// Counters for `/metrics`.
#[derive(Default, Debug)]
pub struct Metrics {
    requests: AtomicU64,
    responses_2xx: AtomicU64,
    responses_3xx: AtomicU64,
    responses_4xx: AtomicU64,
    responses_5xx: AtomicU64,
    duration_micros: AtomicU64,
}

/// Who may call a route; the tenancy test walks the table and checks each.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Guard {
    /// Anyone, logged in or not; shows nothing private.
    Public,
    /// A logged-in person.
    Person,
    /// The operator.
    Operator,
    /// A person with access to the organisation named by `{slug}`.
    Org,
}

/// One entry of the route table.
#[derive(Debug, Clone)]
pub struct RouteInfo {
    pub method: Method,
    pub path: &'static str,
    pub guard: Guard,
}

struct Routes {
    router: Router<AppState>,
    table: Vec<RouteInfo>,
}

impl Routes {
    fn add<H, T>(mut self, method: Method, path: &'static str, guard: Guard, handler: H) -> Routes
    where
        H: Handler<T, AppState>,
        T: 'static,
    {
        let filter = match method {
            Method::POST => MethodFilter::POST,
            Method::PATCH => MethodFilter::PATCH,
            _ => MethodFilter::GET,
        };
        self.router = self.router.route(path, on(filter, handler));
        self.table.push(RouteInfo { method, path, guard });
        self
    }
}

fn routes() -> Routes {
    use Guard::*;
    let (get, post, patch) = (Method::GET, Method::POST, Method::PATCH);
    Routes {
        router: Router::new(),
        table: vec![],
    }
    .add(get.clone(), "/", Public, auth::pages::home)
    .add(get.clone(), "/login", Public, auth::pages::login_page)
    .add(post.clone(), "/login", Public, auth::pages::login)
    .add(post.clone(), "/logout", Person, auth::pages::logout)
    .add(get.clone(), "/lang/{tag}", Public, auth::pages::switch_language)
    .add(get.clone(), "/join/{slug}", Public, members::pages::join_page)
    .add(post.clone(), "/join/{slug}", Public, members::pages::join)
    .add(
        post.clone(),
        "/invitations/{id}/{answer}",
        Person,
        members::pages::answer_invitation,
    )
    .add(get.clone(), "/account", Person, auth::pages::account_page)
    .add(
        post.clone(),
        "/account/{kind}/{id}/end",
        Person,
        auth::pages::end_access,
    )
    .add(
        post.clone(),
        "/account/{kind}/{id}/revoke",
        Person,
        auth::pages::end_access,
    )
    .add(get.clone(), "/account/password", Person, auth::pages::password_page)
    .add(post.clone(), "/account/password", Person, auth::pages::change_password)
    .add(get.clone(), "/admin/orgs/new", Operator, orgs::pages::new_org_page)
    .add(post.clone(), "/admin/orgs", Operator, orgs::pages::create_org)
    .add(get.clone(), "/o/{slug}", Org, orgs::pages::dashboard)
    .add(get.clone(), "/o/{slug}/settings", Org, orgs::pages::settings_page)
    .add(post.clone(), "/o/{slug}/settings", Org, orgs::pages::save_settings)
    .add(
        post.clone(),
        "/o/{slug}/settings/sharing",
        Org,
        orgs::pages::save_sharing,
    )
    .add(get.clone(), "/o/{slug}/federation", Org, orgs::pages::federation)
    .add(get.clone(), "/o/{slug}/members", Org, members::pages::list)
    .add(post.clone(), "/o/{slug}/members", Org, members::pages::create)
    .add(get.clone(), "/o/{slug}/members/new", Org, members::pages::new_page)
    .add(get.clone(), "/o/{slug}/members/{id}", Org, members::pages::detail)
    .add(post.clone(), "/o/{slug}/members/{id}", Org, members::pages::update)
    .add(
        get.clone(),
        "/o/{slug}/members/{id}/edit",
        Org,
        members::pages::edit_page,
    )
    .add(get.clone(), "/o/{slug}/books", Org, ledger::pages::overview)
    .add(
        get.clone(),
        "/o/{slug}/books/trial-balance.csv",
        Org,
        ledger::pages::trial_balance_csv,
    )
    .add(
        get.clone(),
        "/o/{slug}/books/cashbook",
        Org,
        ledger::pages::cashbook_page,
    )
    .add(
        post.clone(),
        "/o/{slug}/books/cashbook",
        Org,
        ledger::pages::record_cash,
    )
    .add(get.clone(), "/o/{slug}/books/journal", Org, ledger::pages::journal)
    .add(
        get.clone(),
        "/o/{slug}/books/journal/new",
        Org,
        ledger::pages::journal_page,
    )
    .add(
        post.clone(),
        "/o/{slug}/books/journal",
        Org,
        ledger::pages::record_journal,
    )
    .add(get.clone(), "/o/{slug}/books/entries/{id}", Org, ledger::pages::entry)
    .add(
        post.clone(),
        "/o/{slug}/books/entries/{id}/reverse",
        Org,
        ledger::pages::reverse,
    )
    .add(post.clone(), "/o/{slug}/books/close", Org, ledger::pages::close)
    .add(
        get.clone(),
        "/o/{slug}/books/statements",
        Org,
        ledger::pages::statements,
    )
    .add(
        get.clone(),
        "/o/{slug}/books/accounts/{code}",
        Org,
        ledger::pages::account_ledger,
    )
    .add(
        get.clone(),
        "/o/{slug}/members/{id}/passbook",
        Org,
        passbook::pages::passbook,
    )
    .add(get.clone(), "/o/{slug}/loans", Org, loans::pages::portfolio)
    .add(post.clone(), "/o/{slug}/loans", Org, loans::pages::apply)
    .add(
        post.clone(),
        "/o/{slug}/loans/products",
        Org,
        loans::pages::create_product,
    )
    .add(get.clone(), "/o/{slug}/loans/{id}", Org, loans::pages::loan)
    .add(post.clone(), "/o/{slug}/loans/{id}/{action}", Org, loans::pages::act)
    .add(get.clone(), "/o/{slug}/shares", Org, shares::pages::page)
    .add(get.clone(), "/o/{slug}/shares/import", Org, shares::pages::import_page)
    .add(post.clone(), "/o/{slug}/shares/import", Org, shares::pages::import)
    .add(
        get.clone(),
        "/o/{slug}/shares/certificate/{id}",
        Org,
        shares::pages::certificate,
    )
    .add(post.clone(), "/o/{slug}/shares/{action}", Org, shares::pages::act)
    .add(
        get.clone(),
        "/o/{slug}/members/{id}/exit",
        Org,
        shares::pages::exit_page,
    )
    .add(post.clone(), "/o/{slug}/members/{id}/exit", Org, shares::pages::exit)
    .add(get.clone(), "/o/{slug}/meetings", Org, meetings::pages::list)
    .add(post.clone(), "/o/{slug}/meetings", Org, meetings::pages::create)
    .add(get.clone(), "/o/{slug}/meetings/{id}", Org, meetings::pages::detail)
    .add(
        post.clone(),
        "/o/{slug}/meetings/{id}/{action}",
        Org,
        meetings::pages::act,
    )
    .add(get.clone(), "/o/{slug}/leadership", Org, elections::pages::leadership)
    .add(
        post.clone(),
        "/o/{slug}/leadership/offices",
        Org,
        elections::pages::create_office,
    )
    .add(
        post.clone(),
        "/o/{slug}/elections",
        Org,
        elections::pages::create_election,
    )
    .add(get.clone(), "/o/{slug}/elections/{id}", Org, elections::pages::election)
    .add(
        post.clone(),
        "/o/{slug}/elections/{id}/{action}",
        Org,
        elections::pages::act,
    )
    .add(get.clone(), "/o/{slug}/purchases", Org, purchases::pages::rounds)
    .add(post.clone(), "/o/{slug}/purchases", Org, purchases::pages::create_round)
    .add(
        get.clone(),
        "/o/{slug}/purchases/suppliers",
        Org,
        purchases::pages::suppliers,
    )
    .add(
        post.clone(),
        "/o/{slug}/purchases/suppliers",
        Org,
        purchases::pages::create_supplier,
    )
    .add(
        post.clone(),
        "/o/{slug}/purchases/suppliers/prices",
        Org,
        purchases::pages::prices,
    )
    .add(get.clone(), "/o/{slug}/purchases/{id}", Org, purchases::pages::round)
    .add(
        get.clone(),
        "/o/{slug}/purchases/{id}/supplier-order",
        Org,
        purchases::pages::order,
    )
    .add(
        get.clone(),
        "/o/{slug}/purchases/{id}/collection-list",
        Org,
        purchases::pages::collection,
    )
    .add(
        get.clone(),
        "/o/{slug}/purchases/{id}/requests.csv",
        Org,
        purchases::pages::requests_csv,
    )
    .add(
        post.clone(),
        "/o/{slug}/purchases/{id}/{action}",
        Org,
        purchases::pages::act,
    )
    .add(get.clone(), "/o/{slug}/savings", Org, savings::pages::page)
    .add(post.clone(), "/o/{slug}/savings/move", Org, savings::pages::move_money)
    .add(
        post.clone(),
        "/o/{slug}/savings/notices",
        Org,
        savings::pages::give_notice,
    )
    .add(
        get.clone(),
        "/o/{slug}/savings/interest",
        Org,
        savings::pages::interest_preview,
    )
    .add(
        post.clone(),
        "/o/{slug}/savings/interest",
        Org,
        savings::pages::credit_interest,
    )
    .add(get.clone(), "/o/{slug}/reports", Org, reports::pages::index)
    .add(get.clone(), "/o/{slug}/reports/{name}", Org, reports::pages::show)
    .add(
        post.clone(),
        "/o/{slug}/members/{id}/{action}",
        Org,
        members::pages::decide,
    )
    .add(get.clone(), "/o/{slug}/votes", Org, votes::pages::list)
    .add(post.clone(), "/o/{slug}/votes", Org, votes::pages::create)
    .add(get.clone(), "/o/{slug}/votes/{id}", Org, votes::pages::detail)
    .add(post.clone(), "/o/{slug}/votes/{id}/ballot", Org, votes::pages::cast)
    .add(post.clone(), "/o/{slug}/votes/{id}/room", Org, votes::pages::room)
    .add(post.clone(), "/o/{slug}/votes/{id}/close", Org, votes::pages::close)
    .add(get.clone(), "/o/{slug}/surplus", Org, surplus::pages::page)
    .add(post.clone(), "/o/{slug}/surplus", Org, surplus::pages::propose)
    .add(
        post.clone(),
        "/o/{slug}/surplus/{id}/approve",
        Org,
        surplus::pages::approve,
    )
    .add(get.clone(), "/api/v1/openapi.json", Public, openapi)
    .add(get.clone(), "/api/v1/me", Person, members::api::me)
    .add(get.clone(), "/api/v1/orgs", Person, orgs::api::list)
    .add(post.clone(), "/api/v1/orgs", Operator, orgs::api::create)
    .add(get.clone(), "/api/v1/orgs/{slug}", Org, orgs::api::read)
    .add(patch.clone(), "/api/v1/orgs/{slug}", Org, orgs::api::update)
    .add(
        get.clone(),
        "/api/v1/orgs/{slug}/affiliates",
        Org,
        orgs::api::affiliates,
    )
    .add(get.clone(), "/api/v1/orgs/{slug}/members", Org, members::api::list)
    .add(post.clone(), "/api/v1/orgs/{slug}/members", Org, members::api::create)
    .add(get.clone(), "/api/v1/orgs/{slug}/members/{id}", Org, members::api::read)
    .add(patch, "/api/v1/orgs/{slug}/members/{id}", Org, members::api::update)
    .add(get.clone(), "/api/v1/orgs/{slug}/accounts", Org, ledger::api::accounts)
    .add(get.clone(), "/api/v1/orgs/{slug}/entries", Org, ledger::api::entries)
    .add(
        post.clone(),
        "/api/v1/orgs/{slug}/entries",
        Org,
        ledger::api::post_entry,
    )
    .add(get.clone(), "/api/v1/orgs/{slug}/entries/{id}", Org, ledger::api::entry)
    .add(
        get.clone(),
        "/api/v1/orgs/{slug}/members/{id}/passbook",
        Org,
        passbook::api::read,
    )
    .add(get.clone(), "/api/v1/orgs/{slug}/shares", Org, shares::api::list)
    .add(
        post.clone(),
        "/api/v1/orgs/{slug}/shares/subscriptions",
        Org,
        shares::api::subscribe,
    )
    .add(
        post.clone(),
        "/api/v1/orgs/{slug}/shares/payments",
        Org,
        shares::api::pay,
    )
    .add(
        post.clone(),
        "/api/v1/orgs/{slug}/shares/transfers",
        Org,
        shares::api::transfer,
    )
    .add(
        post.clone(),
        "/api/v1/orgs/{slug}/shares/redemptions",
        Org,
        shares::api::redeem,
    )
    .add(
        post.clone(),
        "/api/v1/orgs/{slug}/members/{id}/exit",
        Org,
        shares::api::exit,
    )
    .add(get.clone(), "/api/v1/orgs/{slug}/meetings", Org, meetings::api::list)
    .add(post.clone(), "/api/v1/orgs/{slug}/meetings", Org, meetings::api::create)
    .add(
        get.clone(),
        "/api/v1/orgs/{slug}/meetings/{id}",
        Org,
        meetings::api::read,
    )
    .add(
        post.clone(),
        "/api/v1/orgs/{slug}/meetings/{id}/attendance",
        Org,
        meetings::api::attend,
    )
    .add(
        post.clone(),
        "/api/v1/orgs/{slug}/meetings/{id}/proxies",
        Org,
        meetings::api::proxy,
    )
    .add(
        post.clone(),
        "/api/v1/orgs/{slug}/meetings/{id}/status",
        Org,
        meetings::api::status,
    )
    .add(
        get.clone(),
        "/api/v1/orgs/{slug}/leadership",
        Org,
        elections::api::leadership,
    )
    .add(
        post.clone(),
        "/api/v1/orgs/{slug}/offices",
        Org,
        elections::api::create_office,
    )
    .add(get.clone(), "/api/v1/orgs/{slug}/elections", Org, elections::api::list)
    .add(
        post.clone(),
        "/api/v1/orgs/{slug}/elections",
        Org,
        elections::api::create,
    )
    .add(
        get.clone(),
        "/api/v1/orgs/{slug}/elections/{id}",
        Org,
        elections::api::read,
    )
    .add(
        post.clone(),
        "/api/v1/orgs/{slug}/elections/{id}/{step}",
        Org,
        elections::api::step,
    )
    .add(
        get.clone(),
        "/api/v1/orgs/{slug}/suppliers",
        Org,
        purchases::api::suppliers,
    )
    .add(
        post.clone(),
        "/api/v1/orgs/{slug}/suppliers",
        Org,
        purchases::api::create_supplier,
    )
    .add(
        post.clone(),
        "/api/v1/orgs/{slug}/suppliers/{id}/articles",
        Org,
        purchases::api::put_article,
    )
    .add(get.clone(), "/api/v1/orgs/{slug}/rounds", Org, purchases::api::rounds)
    .add(
        post.clone(),
        "/api/v1/orgs/{slug}/rounds",
        Org,
        purchases::api::create_round,
    )
    .add(
        get.clone(),
        "/api/v1/orgs/{slug}/rounds/{id}",
        Org,
        purchases::api::round,
    )
    .add(
        post.clone(),
        "/api/v1/orgs/{slug}/rounds/{id}/requests",
        Org,
        purchases::api::request,
    )
    .add(
        post.clone(),
        "/api/v1/orgs/{slug}/rounds/{id}/{step}",
        Org,
        purchases::api::step,
    )
    .add(get.clone(), "/api/v1/orgs/{slug}/savings", Org, savings::api::list)
    .add(
        post.clone(),
        "/api/v1/orgs/{slug}/savings/deposits",
        Org,
        savings::api::deposit,
    )
    .add(
        post.clone(),
        "/api/v1/orgs/{slug}/savings/withdrawals",
        Org,
        savings::api::withdraw,
    )
    .add(
        post.clone(),
        "/api/v1/orgs/{slug}/savings/notices",
        Org,
        savings::api::notice,
    )
    .add(
        post.clone(),
        "/api/v1/orgs/{slug}/savings/interest",
        Org,
        savings::api::interest,
    )
    .add(get.clone(), "/api/v1/orgs/{slug}/loans", Org, loans::api::list)
    .add(post.clone(), "/api/v1/orgs/{slug}/loans", Org, loans::api::apply)
    .add(get.clone(), "/api/v1/orgs/{slug}/loans/{id}", Org, loans::api::read)
    .add(
        post.clone(),
        "/api/v1/orgs/{slug}/loans/{id}/{action}",
        Org,
        loans::api::act,
    )
    .add(
        get.clone(),
        "/api/v1/orgs/{slug}/reports/{name}",
        Org,
        reports::api::read,
    )
    .add(get.clone(), "/api/v1/orgs/{slug}/proposals", Org, votes::api::list)
    .add(post.clone(), "/api/v1/orgs/{slug}/proposals", Org, votes::api::create)
    .add(get.clone(), "/api/v1/orgs/{slug}/proposals/{id}", Org, votes::api::read)
    .add(
        post.clone(),
        "/api/v1/orgs/{slug}/proposals/{id}/votes",
        Org,
        votes::api::vote,
    )
    .add(
        post.clone(),
        "/api/v1/orgs/{slug}/proposals/{id}/close",
        Org,
        votes::api::close,
    )
    .add(get.clone(), "/healthz", Public, healthz)
    .add(get.clone(), "/metrics", Public, metrics)
    .add(get, "/static/{version}/{name}", Public, assets::serve)
}

/// Every route of the application and who may call it.
pub fn route_table() -> Vec<RouteInfo> {
    routes().table
}

#[derive(OpenApi)]
#[openapi(
    info(title = "Tejido API", description = "Organisations, members, shares, meetings, votes, elections, books, savings, loans and reports of solidarity enterprises of home-based workers."),
    paths(
        orgs::api::list, orgs::api::create, orgs::api::read, orgs::api::update, orgs::api::affiliates,
        members::api::list, members::api::create, members::api::read, members::api::update, members::api::me,
        ledger::api::accounts, ledger::api::entries, ledger::api::entry, ledger::api::post_entry,
        passbook::api::read, reports::api::read,
        savings::api::list, savings::api::deposit, savings::api::withdraw, savings::api::notice, savings::api::interest,
        loans::api::list, loans::api::apply, loans::api::read, loans::api::act,
        votes::api::list, votes::api::create, votes::api::read, votes::api::vote, votes::api::close,
        meetings::api::list, meetings::api::create, meetings::api::read, meetings::api::attend, meetings::api::proxy, meetings::api::status,
        elections::api::leadership, elections::api::create_office, elections::api::list, elections::api::create, elections::api::read, elections::api::step,
        purchases::api::suppliers, purchases::api::create_supplier, purchases::api::put_article, purchases::api::rounds, purchases::api::create_round, purchases::api::round, purchases::api::request, purchases::api::step,
        shares::api::list, shares::api::subscribe, shares::api::pay, shares::api::transfer, shares::api::redeem, shares::api::exit,
    ),
    components(schemas(
        crate::web::error::Problem,
        loans::api::LoanAction,
        purchases::api::RoundStep,
        elections::api::ElectionStep,
        reports::model::Kind,
    )),
    modifiers(&BearerAuth),
    security(("bearer" = []))
)]
pub struct ApiDoc;

/// The statuses any operation may answer besides its own, each with a problem body.
const PROBLEM_STATUSES: [(&str, &str); 8] = [
    ("400", "The request could not be read"),
    ("401", "No valid token"),
    ("403", "The token's role may not do this"),
    ("404", "No such thing in this organisation"),
    (
        "409",
        "It conflicts with the thing's state, or a key was reused with another body",
    ),
    ("413", "The body is too large"),
    ("422", "The values were understood and refused"),
    ("429", "Too many attempts"),
];

/// The API's OpenAPI document, as served at `/api/v1/openapi.json`: every operation
/// documents every error status with the problem schema.
pub fn api_document() -> serde_json::Value {
    let mut doc = serde_json::to_value(ApiDoc::openapi()).unwrap_or_default();
    let problem = serde_json::json!({
        "application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}
    });
    if let Some(paths) = doc.get_mut("paths").and_then(|p| p.as_object_mut()) {
        for item in paths.values_mut().filter_map(|i| i.as_object_mut()) {
            for op in item.values_mut().filter_map(|o| o.as_object_mut()) {
                let Some(responses) = op.get_mut("responses").and_then(|r| r.as_object_mut()) else {
                    continue;
                };
                for (status, description) in PROBLEM_STATUSES {
                    let r = responses
                        .entry(status)
                        .or_insert_with(|| serde_json::json!({"description": description}));
                    if let Some(r) = r.as_object_mut() {
                        r.insert("content".into(), problem.clone());
                        if r.get("description").and_then(|d| d.as_str()).is_none_or(str::is_empty) {
                            r.insert("description".into(), description.into());
                        }
                    }
                }
            }
        }
    }
    doc
}

struct BearerAuth;

impl utoipa::Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
    }
}

async fn openapi() -> Response {
    ([(header::CONTENT_TYPE, "application/json")], api_document().to_string()).into_response()
}

async fn healthz(State(state): State<AppState>) -> Response {
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

async fn metrics(
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

async fn count(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let start = Instant::now();
    let resp = next.run(req).await;
    let m = &state.metrics;
    m.requests.fetch_add(1, Ordering::Relaxed);
    let class = match resp.status().as_u16() {
        200..=299 => &m.responses_2xx,
        300..=399 => &m.responses_3xx,
        400..=499 => &m.responses_4xx,
        _ => &m.responses_5xx,
    };
    class.fetch_add(1, Ordering::Relaxed);
    m.duration_micros
        .fetch_add(start.elapsed().as_micros() as u64, Ordering::Relaxed);
    resp
}

/// A POST or PATCH carrying an `Idempotency-Key` header (or a form's hidden `idem` field)
/// counts once. This layer names the claim (who, where, which key, what was sent); the
/// lookup and the storing happen in the handler's own write transaction (`db::idempotency`).
async fn idempotent(State(state): State<AppState>, req: Request, next: Next) -> Response {
    // Logging in and out are not repeated from a stored answer: each attempt counts.
    let exempt = matches!(req.uri().path(), "/login" | "/logout");
    if (req.method() != Method::POST && req.method() != Method::PATCH) || exempt {
        return next.run(req).await;
    }
    let (mut parts, body) = req.into_parts();
    let bytes = match to_bytes(body, BODY_LIMIT).await {
        Ok(b) => b,
        Err(_) => return AppError::PayloadTooLarge.into_response(),
    };
    let header_key = parts
        .headers
        .get("idempotency-key")
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    let is_form = parts
        .headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"));
    let form_key = || {
        form_urlencoded::parse(&bytes)
            .find(|(k, _)| k == "idem")
            .map(|(_, v)| v.into_owned())
    };
    let key = header_key.or_else(|| if is_form { form_key() } else { None });
    let Some(key) = key.filter(|k| !k.is_empty() && k.len() <= 200) else {
        return next.run(Request::from_parts(parts, Body::from(bytes))).await;
    };
    // Whose key: the authenticated person, else a visitor's form cookie; none, no key.
    let caller = auth::Caller::from_request_parts(&mut parts, &state).await;
    let scope = match caller.ok().and_then(|c| c.person.map(|p| p.id)) {
        Some(id) => format!("person:{id}"),
        None => match crate::web::form::visitor_cookie(&parts.headers) {
            Some(v) => format!("visitor:{}", auth::service::token_hash(&v)),
            None => return next.run(Request::from_parts(parts, Body::from(bytes))).await,
        },
    };
    let route = format!("{} {}", parts.method, parts.uri.path());
    let fingerprint = fingerprint(&parts, &bytes, is_form);
    let claim = idempotency::Claim {
        scope,
        route,
        key,
        fingerprint,
    };
    let current = std::cell::RefCell::new(idempotency::Current {
        claim: claim.clone(),
        state: idempotency::State::Fresh,
    });
    let req = Request::from_parts(parts, Body::from(bytes));
    let (resp, stored) = idempotency::CURRENT
        .scope(current, async move {
            let resp = next.run(req).await;
            (resp, idempotency::final_state() == Some(idempotency::State::Stored))
        })
        .await;
    if !stored || resp.extensions().get::<crate::web::error::Replayed>().is_some() {
        return resp;
    }
    // The write committed with its key: keep the answer for a repeat.
    let (parts, body) = resp.into_parts();
    let Ok(bytes) = to_bytes(body, 4 * 1024 * 1024).await else {
        return AppError::Internal("answer too large to keep".into()).into_response();
    };
    let header = |n: HeaderName| parts.headers.get(n).and_then(|v| v.to_str().ok()).map(str::to_string);
    if let Err(e) = idempotency::complete(
        &state.db,
        &claim,
        i64::from(parts.status.as_u16()),
        header(header::LOCATION),
        header(header::CONTENT_TYPE),
        bytes.to_vec(),
    )
    .await
    {
        // The write stands; a repeat will hear that it was done.
        tracing::warn!(%e, "keeping the answer of an idempotent request");
    }
    Response::from_parts(parts, Body::from(bytes))
}

/// What a request carried, without the form's one-time fields: the same key with another
/// body is a different request.
fn fingerprint(parts: &axum::http::request::Parts, body: &[u8], is_form: bool) -> String {
    let mut h = Sha256::new();
    h.update(parts.method.as_str());
    h.update(b"\n");
    h.update(parts.uri.path());
    h.update(b"\n");
    if is_form {
        let mut pairs: Vec<(String, String)> = form_urlencoded::parse(body)
            .filter(|(k, _)| k != "csrf" && k != "idem")
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect();
        pairs.sort();
        for (k, v) in pairs {
            h.update(k.as_bytes());
            h.update(b"=");
            h.update(v.as_bytes());
            h.update(b"&");
        }
    } else {
        h.update(body);
    }
    h.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

/// Pages and API answers show personal and financial data on phones that are shared:
/// nothing is kept in a cache or the history, except the static files.
async fn no_store(req: Request, next: Next) -> Response {
    let is_static = req.uri().path().starts_with("/static/");
    let mut resp = next.run(req).await;
    if !is_static && !resp.headers().contains_key(header::CACHE_CONTROL) {
        resp.headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    resp
}

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
    let router = routes()
        .router
        .layer(middleware::from_fn_with_state(state.clone(), idempotent))
        .layer(sessions)
        .layer(middleware::from_fn_with_state(
            state.clone(),
            crate::web::form::visitor_cookie_layer,
        ))
        .layer(middleware::from_fn(no_store))
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        .layer(RequestBodyLimitLayer::new(BODY_LIMIT))
        .layer(middleware::from_fn(crate::web::error::render_errors))
        .layer(middleware::from_fn_with_state(state.clone(), count))
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
    router.layer(CompressionLayer::new()).with_state(state)
}

/// Connects, migrates, and builds the state.
pub async fn state(config: Config) -> Result<AppState, crate::db::DbError> {
    if config.database_url.starts_with("sqlite:") {
        std::fs::create_dir_all(&config.data_dir)
            .map_err(|e| crate::db::DbError::Config(format!("{}: {e}", config.data_dir.display())))?;
    }
    let db = Db::connect(&config.database_url).await?;
    db.migrate().await?;
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

async fn prune(db: &Db) -> Result<(), crate::db::DbError> {
    let mut tx = db.begin_write().await?;
    auth::store::sessions_prune(&mut tx).await?;
    auth::store::prune_attempts(&mut tx, auth::model::FAILURE_WINDOW_SECS).await?;
    idempotency::prune(&mut tx).await?;
    tx.commit().await
}
