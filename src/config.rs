//! Settings: one typed struct, from flags and environment.

use std::net::SocketAddr;
use std::path::PathBuf;

use crate::db;

/// Largest request body accepted (forms and JSON): 64 KiB.
pub const BODY_LIMIT: usize = 64 * 1024;

#[derive(Debug, Clone)]
pub struct Config {
    pub data_dir: PathBuf,
    pub database_url: String,
    pub bind: SocketAddr,
    /// Marks the session cookie Secure (HTTPS only).
    pub cookie_secure: bool,
    /// How often the server closes purchase rounds whose closing time has come.
    pub sweep_every: std::time::Duration,
}

impl Config {
    /// `database_url` defaults to the SQLite file in the data folder. Cookies are Secure
    /// unless the server listens on loopback only (local use and tests over plain HTTP),
    /// or `cookie_secure` says otherwise.
    pub fn new(
        data_dir: PathBuf,
        database_url: Option<String>,
        bind: SocketAddr,
        cookie_secure: Option<bool>,
    ) -> Config {
        let database_url = database_url
            .filter(|u| !u.trim().is_empty())
            .unwrap_or_else(|| db::default_url(&data_dir));
        let cookie_secure = cookie_secure.unwrap_or(!bind.ip().is_loopback());
        Config {
            data_dir,
            database_url,
            bind,
            cookie_secure,
            sweep_every: std::time::Duration::from_secs(30),
        }
    }
}
