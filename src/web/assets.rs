//! The stylesheet and the icon sprite, embedded in the binary and cached for a year.

use std::sync::OnceLock;

use axum::extract::Path;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use sha2::{Digest, Sha256};

use super::AppError;

const STYLE: &str = include_str!("../../static/style.css");
const ICONS: &str = include_str!("../../static/icons.svg");
const APP: &str = include_str!("../../static/app.js");
const WORKER: &str = include_str!("../../static/sw.js");

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

/// The small script that registers the service worker (an enhancement only).
pub fn app_url() -> &'static str {
    static URL: OnceLock<String> = OnceLock::new();
    URL.get_or_init(|| versioned("app.js", APP))
}

/// One asset as stored: the plain bytes and their brotli and gzip encodings, each made
/// once, at the codecs' best, on first use; a request never compresses a file again.
struct Encoded {
    plain: &'static [u8],
    br: Vec<u8>,
    gzip: Vec<u8>,
}

fn encode(plain: &'static str) -> Encoded {
    use std::io::Write;
    let mut br = vec![];
    {
        let mut w = brotli::CompressorWriter::new(&mut br, 4096, 11, 22);
        let _ = w.write_all(plain.as_bytes());
    }
    let mut gz = flate2::write::GzEncoder::new(vec![], flate2::Compression::best());
    let _ = gz.write_all(plain.as_bytes());
    Encoded {
        plain: plain.as_bytes(),
        br,
        gzip: gz.finish().unwrap_or_default(),
    }
}

fn stored(name: &str) -> Option<(&'static Encoded, &'static str)> {
    static STYLE_ENC: OnceLock<Encoded> = OnceLock::new();
    static ICONS_ENC: OnceLock<Encoded> = OnceLock::new();
    static APP_ENC: OnceLock<Encoded> = OnceLock::new();
    match name {
        "app.js" => Some((APP_ENC.get_or_init(|| encode(APP)), "text/javascript; charset=utf-8")),
        "style.css" => Some((STYLE_ENC.get_or_init(|| encode(STYLE)), "text/css; charset=utf-8")),
        "icons.svg" => Some((ICONS_ENC.get_or_init(|| encode(ICONS)), "image/svg+xml")),
        _ => None,
    }
}

/// Makes the stored encodings now, so the first visitor does not wait for them.
pub fn prepare() {
    let _ = stored("style.css");
    let _ = stored("icons.svg");
    let _ = stored("app.js");
}

/// `GET /sw.js`: the service worker, at the root so that it may look after every page;
/// always checked anew, so a new version reaches phones at once.
pub async fn service_worker() -> Response {
    let mut resp = WORKER.into_response();
    let h = resp.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/javascript; charset=utf-8"),
    );
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    h.insert("service-worker-allowed", HeaderValue::from_static("/"));
    resp
}

/// Which stored encoding an `Accept-Encoding` header takes: brotli before gzip, neither
/// when refused with `q=0`; a coding named outright counts before `*`.
pub fn pick(accept: &str) -> Option<&'static str> {
    let items: Vec<(&str, f32)> = accept
        .split(',')
        .filter_map(|item| {
            let mut parts = item.split(';');
            let name = parts.next()?.trim();
            let q = parts
                .filter_map(|p| p.trim().strip_prefix("q="))
                .find_map(|q| q.trim().parse::<f32>().ok())
                .unwrap_or(1.0);
            (!name.is_empty()).then_some((name, q))
        })
        .collect();
    let weight = |coding: &str| {
        let named = items.iter().find(|(n, _)| n.eq_ignore_ascii_case(coding));
        named.or_else(|| items.iter().find(|(n, _)| *n == "*")).map(|(_, q)| *q)
    };
    ["br", "gzip"].into_iter().find(|c| weight(c).is_some_and(|q| q > 0.0))
}

/// Serves `/static/{version}/{name}` in the stored encoding the browser takes.
pub async fn serve(
    Path((_version, name)): Path<(String, String)>,
    headers: axum::http::HeaderMap,
) -> Result<Response, AppError> {
    let (asset, mime) = stored(&name).ok_or(AppError::NotFound)?;
    let accept = headers
        .get(header::ACCEPT_ENCODING)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let (body, coding): (&'static [u8], Option<&'static str>) = match pick(accept) {
        Some("br") => (&asset.br, Some("br")),
        Some(_) => (&asset.gzip, Some("gzip")),
        None => (asset.plain, None),
    };
    let mut resp = body.into_response();
    let h = resp.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(mime));
    h.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
    if let Some(c) = coding {
        h.insert(header::CONTENT_ENCODING, HeaderValue::from_static(c));
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_browser_gets_the_best_encoding_it_takes() {
        assert_eq!(pick("gzip, deflate, br, zstd"), Some("br"));
        assert_eq!(pick("gzip"), Some("gzip"));
        assert_eq!(pick("br;q=0, gzip;q=0.5"), Some("gzip"));
        assert_eq!(pick("br;q=0, *"), Some("gzip"));
        assert_eq!(pick("identity"), None);
        assert_eq!(pick(""), None);
        assert_eq!(pick("*;q=0"), None);
    }

    #[test]
    fn stored_encodings_are_smaller_and_read_back_whole() {
        use std::io::Read;
        let (a, _) = stored("style.css").unwrap();
        assert!(a.br.len() < a.plain.len() / 2 && a.gzip.len() < a.plain.len() / 2);
        let mut back = vec![];
        brotli::Decompressor::new(&a.br[..], 4096)
            .read_to_end(&mut back)
            .unwrap();
        assert_eq!(back, a.plain);
        let mut back = vec![];
        flate2::read::GzDecoder::new(&a.gzip[..])
            .read_to_end(&mut back)
            .unwrap();
        assert_eq!(back, a.plain);
    }
}
