//! What every handler can reach: the database, the ledger's posting task, the settings
//! and the counters. The kernel's; the router (`app`) only assembles.

use std::sync::Arc;
use std::sync::atomic::AtomicU64;

use crate::config::Config;
use crate::db::Db;
use crate::ledger;

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
    pub(crate) requests: AtomicU64,
    pub(crate) responses_2xx: AtomicU64,
    pub(crate) responses_3xx: AtomicU64,
    pub(crate) responses_4xx: AtomicU64,
    pub(crate) responses_5xx: AtomicU64,
    pub(crate) duration_micros: AtomicU64,
}
