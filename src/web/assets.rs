//! The stylesheet and the icon sprite, embedded in the binary and cached for a year.

use std::sync::OnceLock;

use axum::extract::Path;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use sha2::{Digest, Sha256};

use super::AppError;

const STYLE: &str = include_str!("../../static/style.css");
const ICONS: &str = include_str!("../../static/icons.svg");

fn version(content: &str) -> String {
    let digest = Sha256::digest(content.as_bytes());
    digest.iter().take(6).map(|b| format!("{b:02x}")).collect()
}

fn versioned(name: &str, content: &str) -> String {
    format!("/static/{}/{name}", version(content))
}

/// The stylesheet's URL; it changes whenever the stylesheet does.
pub fn style_url() -> &'static str {
    static URL: OnceLock<String> = OnceLock::new();
    URL.get_or_init(|| versioned("style.css", STYLE))
}

pub fn icons_url() -> &'static str {
    static URL: OnceLock<String> = OnceLock::new();
    URL.get_or_init(|| versioned("icons.svg", ICONS))
}

/// Serves `/static/{version}/{name}`.
pub async fn serve(Path((_version, name)): Path<(String, String)>) -> Result<Response, AppError> {
    let (body, mime) = match name.as_str() {
        "style.css" => (STYLE, "text/css; charset=utf-8"),
        "icons.svg" => (ICONS, "image/svg+xml"),
        _ => return Err(AppError::NotFound),
    };
    let mut resp = body.into_response();
    let h = resp.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(mime));
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=31536000, immutable"),
    );
    Ok(resp)
}

/// Sizes of the embedded assets, for the budget test.
pub fn style_len() -> usize {
    STYLE.len()
}
