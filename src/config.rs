//! Settings: one typed struct, from flags and environment.

use std::net::SocketAddr;
use std::path::PathBuf;

use crate::db;

/// Largest request body accepted (forms and JSON): 64 KiB.
pub const BODY_LIMIT: usize = 64 * 1024;

/// Largest photo upload, before it is made small: a phone camera's picture.
pub const PHOTO_LIMIT: usize = 8 * 1024 * 1024;

#[derive(Debug, Clone)]
pub struct Config {
    pub data_dir: PathBuf,
    pub database_url: String,
    pub bind: SocketAddr,
    /// Marks the session cookie Secure (HTTPS only).
    pub cookie_secure: bool,
    /// How often the server closes purchase rounds whose closing time has come.
    pub sweep_every: std::time::Duration,
    /// The address people reach Tejido at ("https://coop.example"); https makes the
    /// cookies Secure and turns on HSTS.
    pub public_url: Option<String>,
    /// Proxies whose `Forwarded` / `X-Forwarded-For` header names the client (none by
    /// default: the peer address is the client).
    pub trusted_proxies: Vec<std::net::IpAddr>,
    /// The token `/metrics` asks for; without one it answers only on loopback, directly.
    pub metrics_token: Option<String>,
    /// The gateway of each notice channel, as `notices::gateway::parse` reads it ("log",
    /// "africastalking:…", "http:{…}"); empty: that channel's notices wait.
    pub sms_gateway: String,
    pub whatsapp_gateway: String,
    pub email_gateway: String,
    /// The token carriers' webhooks (receipts, STOP replies) must carry; none: no hooks.
    pub hook_token: Option<String>,
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
            public_url: None,
            trusted_proxies: vec![],
            metrics_token: None,
            sms_gateway: String::new(),
            whatsapp_gateway: String::new(),
            email_gateway: String::new(),
            hook_token: None,
        }
    }

    /// Sets the public address; an https one makes cookies Secure.
    pub fn with_public_url(mut self, url: Option<String>) -> Config {
        let url = url
            .map(|u| u.trim().trim_end_matches('/').to_string())
            .filter(|u| !u.is_empty());
        if url.as_deref().is_some_and(|u| u.starts_with("https://")) {
            self.cookie_secure = true;
        }
        self.public_url = url;
        self
    }

    /// Whether answers carry HSTS: only when the public address is https.
    pub fn hsts(&self) -> bool {
        self.public_url.as_deref().is_some_and(|u| u.starts_with("https://"))
    }

    /// The client's address: the peer, or, behind a trusted proxy, the last address its
    /// forwarding header names that is not itself a trusted proxy.
    pub fn client_ip(&self, peer: std::net::IpAddr, headers: &axum::http::HeaderMap) -> std::net::IpAddr {
        if !self.trusted_proxies.contains(&peer) {
            return peer;
        }
        let mut hops: Vec<std::net::IpAddr> = vec![];
        for v in headers
            .get_all("x-forwarded-for")
            .iter()
            .filter_map(|v| v.to_str().ok())
        {
            hops.extend(v.split(',').filter_map(|h| h.trim().parse::<std::net::IpAddr>().ok()));
        }
        if hops.is_empty() {
            for v in headers.get_all("forwarded").iter().filter_map(|v| v.to_str().ok()) {
                for part in v.split([',', ';']) {
                    if let Some(f) = part
                        .trim()
                        .strip_prefix("for=")
                        .or_else(|| part.trim().strip_prefix("For="))
                    {
                        let f = f.trim_matches('"');
                        let f = f.strip_prefix('[').and_then(|x| x.split(']').next()).unwrap_or(f);
                        let f = if f.matches(':').count() == 1 {
                            f.split(':').next().unwrap_or(f)
                        } else {
                            f
                        };
                        if let Ok(ip) = f.parse() {
                            hops.push(ip);
                        }
                    }
                }
            }
        }
        hops.into_iter()
            .rev()
            .find(|ip| !self.trusted_proxies.contains(ip))
            .unwrap_or(peer)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cfg(proxies: &[&str]) -> Config {
        let mut c = Config::new(PathBuf::from("/tmp"), None, ([127, 0, 0, 1], 8080).into(), None);
        c.trusted_proxies = proxies.iter().map(|p| p.parse().unwrap()).collect();
        c
    }

    #[test]
    fn forwarded_headers_count_only_from_a_trusted_proxy() {
        let mut h = axum::http::HeaderMap::new();
        h.insert("x-forwarded-for", "203.0.113.9, 10.0.0.2".parse().unwrap());
        let peer: std::net::IpAddr = "10.0.0.1".parse().unwrap();
        assert_eq!(cfg(&[]).client_ip(peer, &h), peer, "off by default");
        let c = cfg(&["10.0.0.1", "10.0.0.2"]);
        assert_eq!(c.client_ip(peer, &h).to_string(), "203.0.113.9");
        let mut f = axum::http::HeaderMap::new();
        f.insert("forwarded", "for=198.51.100.7;proto=https".parse().unwrap());
        assert_eq!(c.client_ip(peer, &f).to_string(), "198.51.100.7");
        let stranger: std::net::IpAddr = "192.0.2.1".parse().unwrap();
        assert_eq!(c.client_ip(stranger, &h), stranger, "a stranger's header is ignored");
    }

    #[test]
    fn an_https_public_url_makes_cookies_secure() {
        let c = cfg(&[]).with_public_url(Some("https://coop.example/".into()));
        assert!(c.cookie_secure && c.hsts());
        assert_eq!(c.public_url.as_deref(), Some("https://coop.example"));
        let c = cfg(&[]).with_public_url(Some("http://localhost:8080".into()));
        assert!(!c.cookie_secure && !c.hsts());
    }
}
