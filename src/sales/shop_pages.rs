//! The public shopfront of an organisation, `/shop/{slug}`: no login, a few kilobytes a
//! page, searchable and paged; its head carries Open Graph tags and schema.org
//! Product/Offer data, so a link shared on WhatsApp shows a picture and a price.

use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use maud::{Markup, PreEscaped, html};
use serde::Deserialize;

use super::service::{self, Offer};
use crate::orgs::Org;
use crate::state::AppState;
use crate::web::layout::{self, icon};
use crate::web::{AppError, AppResult, Page};

/// Products on one page of a shopfront.
pub const PER_PAGE: usize = 24;

#[derive(Deserialize, Default)]
pub struct ShopQuery {
    #[serde(default)]
    pub q: String,
    #[serde(default)]
    pub page: Option<usize>,
}

async fn shop_org(state: &AppState, slug: &str) -> AppResult<Org> {
    let mut tx = state.db.begin().await?;
    let org = crate::orgs::by_slug(&mut tx, slug).await?.ok_or(AppError::NotFound)?;
    // Federations and networks sell through their members' shopfronts.
    if org.kind.groups_orgs() {
        return Err(AppError::NotFound);
    }
    Ok(org)
}

/// Where this server is reached from outside, for the absolute links a shared preview needs.
fn base_url(state: &AppState, headers: &HeaderMap) -> String {
    match &state.config.public_url {
        Some(u) => u.trim_end_matches('/').to_string(),
        None => {
            let host = headers
                .get(axum::http::header::HOST)
                .and_then(|h| h.to_str().ok())
                .filter(|h| h.bytes().all(|b| b.is_ascii_alphanumeric() || b".-:[]".contains(&b)))
                .unwrap_or("localhost");
            format!("http://{host}")
        }
    }
}

fn photo_url(org: &Org, id: i64) -> String {
    format!("/shop/{}/photos/{id}", org.slug)
}

/// The schema.org description of the products shown, as JSON-LD.
fn structured(org: &Org, base: &str, shown: &[&Offer]) -> String {
    let items: Vec<serde_json::Value> = shown
        .iter()
        .enumerate()
        .map(|(i, o)| {
            let mut product = serde_json::json!({
                "@type": "Product",
                "name": o.product.name,
                "sku": o.product.code,
                "brand": {"@type": "Organization", "name": org.name},
                "offers": {
                    "@type": "Offer",
                    "price": crate::money::Money::new(o.price.unwrap_or(0), org.currency).to_plain(),
                    "priceCurrency": org.currency.code(),
                    "availability": if o.goods.pieces > 0 { "https://schema.org/InStock" } else { "https://schema.org/PreOrder" },
                    "url": format!("{base}/shop/{}", org.slug),
                }
            });
            if o.product.has_photo {
                product["image"] = format!("{base}{}", photo_url(org, o.product.id)).into();
            }
            serde_json::json!({"@type": "ListItem", "position": i + 1, "item": product})
        })
        .collect();
    let list = serde_json::json!({"@context": "https://schema.org", "@type": "ItemList", "name": org.name, "itemListElement": items});
    // Inside a <script>, "</" would end it early.
    list.to_string().replace("</", "<\\/")
}

/// Links to the page before and after, when there is more than one.
fn pager(page: &Page, at: usize, pages: usize, link: impl Fn(usize) -> String) -> Markup {
    let tr = &page.tr;
    html! {
        @if pages > 1 {
            nav.pages aria-label=(tr.t("shop-pages")) {
                @if at > 1 { a href=(link(at - 1)) rel="prev" { "‹ " (tr.t("shop-previous")) } }
                span { (tr.ta("shop-page-of", &[("page", (at as i64).into()), ("pages", (pages as i64).into())])) }
                @if at < pages { a href=(link(at + 1)) rel="next" { (tr.t("shop-next")) " ›" } }
            }
        }
    }
}

/// `GET /shop/{slug}`: the organisation's products at their retail price today.
pub async fn shop(
    State(state): State<AppState>,
    page: Page,
    headers: HeaderMap,
    Path(slug): Path<String>,
    Query(q): Query<ShopQuery>,
) -> AppResult<Response> {
    let org = shop_org(&state, &slug).await?;
    let tr = &page.tr;
    let search = q.q.trim();
    // Only the page shown is read: a shop may hold ten thousand products.
    let mut tx = state.db.begin().await?;
    let (count, offers) = service::shop_page(&mut tx, &org, search, q.page.unwrap_or(1), PER_PAGE).await?;
    drop(tx);
    let pages = count.div_ceil(PER_PAGE).max(1);
    let at = q.page.unwrap_or(1).clamp(1, pages);
    let shown: Vec<&Offer> = offers.iter().collect();
    let base = base_url(&state, &headers);
    let description = tr.ta(
        "shop-description",
        &[("org", org.name.clone().into()), ("count", (count as i64).into())],
    );
    let image = shown
        .iter()
        .find(|o| o.product.has_photo)
        .map(|o| format!("{base}{}", photo_url(&org, o.product.id)));
    let money = |m: i64| tr.fmt().money(crate::money::Money::new(m, org.currency));
    let link = |n: usize| {
        let mut u = format!("/shop/{}?page={n}", org.slug);
        if !search.is_empty() {
            u.push_str("&q=");
            u.push_str(&crate::web::url_encode(search));
        }
        u
    };
    let head = html! {
        meta name="description" content=(description);
        meta property="og:type" content="website";
        meta property="og:title" content=(org.name);
        meta property="og:description" content=(description);
        meta property="og:url" content=(format!("{base}/shop/{}", org.slug));
        @if let Some(i) = &image { meta property="og:image" content=(i); }
        script type="application/ld+json" { (PreEscaped(structured(&org, &base, &shown))) }
    };
    let body: Markup = html! {
        h1 { (icon("shop")) (org.name) }
        p.meta { (description) }
        form.search method="get" action=(format!("/shop/{}", org.slug)) role="search" {
            label.sr for="q" { (tr.t("shop-search")) }
            input id="q" name="q" type="search" value=(search) placeholder=(tr.t("shop-search"));
            button type="submit" { (icon("search")) span.sr { (tr.t("shop-search")) } }
        }
        @if shown.is_empty() {
            p { (tr.t("shop-nothing")) }
        }
        ul.shop {
            @for o in &shown {
                li {
                    @if o.product.has_photo {
                        img src=(photo_url(&org, o.product.id)) alt="" loading="lazy" width="96" height="96";
                    }
                    div {
                        strong { (o.product.name) }
                        br;
                        span.price { (money(o.price.unwrap_or(0))) }
                        br;
                        span.meta { @if o.goods.pieces > 0 { (tr.ta("shop-in-stock", &[("pieces", o.goods.pieces.into())])) } @else { (tr.t("shop-to-order")) } }
                    }
                }
            }
        }
        (pager(&page, at, pages, link))
    };
    Ok(layout::page_with_head(&page, &org.name, None, head, body).into_response())
}

/// `GET /shop/{slug}/photos/{id}`: a product's small photo, for anyone.
pub async fn photo(State(state): State<AppState>, Path((slug, id)): Path<(String, i64)>) -> AppResult<Response> {
    let org = shop_org(&state, &slug).await?;
    let mut tx = state.db.begin().await?;
    let bytes = crate::production::service::photo(&mut tx, &org, id).await?;
    drop(tx);
    Ok(crate::web::jpeg(bytes, "public, max-age=86400"))
}

#[derive(Deserialize, Default)]
pub struct MarketQuery {
    #[serde(default)]
    pub q: String,
    #[serde(default)]
    pub country: String,
    #[serde(default)]
    pub org: String,
    #[serde(default)]
    pub page: Option<usize>,
}

/// `GET /market/{slug}`: a federation's or network's marketplace, the products of the
/// organisations under it, by country and organisation; each leads to its shopfront. A
/// search that finds nothing is counted, for its organisations to see as a niche.
pub async fn market(
    State(state): State<AppState>,
    page: Page,
    headers: HeaderMap,
    Path(slug): Path<String>,
    Query(q): Query<MarketQuery>,
) -> AppResult<Response> {
    let mut tx = state.db.begin().await?;
    let network = crate::orgs::by_slug(&mut tx, &slug).await?.ok_or(AppError::NotFound)?;
    if !network.kind.groups_orgs() {
        return Err(AppError::NotFound);
    }
    let sellers = service::sellers(&mut tx, &network).await?;
    let search = q.q.trim();
    let mut found: Vec<(&Org, Offer)> = vec![];
    for o in &sellers {
        if (!q.country.is_empty() && o.country != q.country) || (!q.org.is_empty() && o.slug != q.org) {
            continue;
        }
        for offer in service::found(&mut tx, o, search).await? {
            found.push((o, offer));
        }
    }
    drop(tx);
    if found.is_empty() && !search.is_empty() {
        let mut tx = state.db.begin_write().await?;
        service::note_unmet_search(&mut tx, &network, search).await?;
        tx.commit().await?;
    }
    let tr = &page.tr;
    let pages = found.len().div_ceil(PER_PAGE).max(1);
    let at = q.page.unwrap_or(1).clamp(1, pages);
    let shown = found.iter().skip((at - 1) * PER_PAGE).take(PER_PAGE);
    let mut countries: Vec<&str> = sellers.iter().map(|o| o.country.as_str()).collect();
    countries.sort_unstable();
    countries.dedup();
    let base = base_url(&state, &headers);
    let description = tr.ta(
        "market-description",
        &[
            ("org", network.name.clone().into()),
            ("count", (sellers.len() as i64).into()),
        ],
    );
    let link = |n: usize| {
        format!(
            "/market/{}?page={n}&q={}&country={}&org={}",
            network.slug,
            crate::web::url_encode(search),
            crate::web::url_encode(&q.country),
            crate::web::url_encode(&q.org)
        )
    };
    let head = html! {
        meta name="description" content=(description);
        meta property="og:type" content="website";
        meta property="og:title" content=(network.name);
        meta property="og:description" content=(description);
        meta property="og:url" content=(format!("{base}/market/{}", network.slug));
    };
    let body = html! {
        h1 { (icon("shop")) (network.name) }
        p.meta { (description) }
        form.card method="get" action=(format!("/market/{}", network.slug)) role="search" {
            label for="q" { (tr.t("shop-search")) }
            input id="q" name="q" type="search" value=(search);
            label for="country" { (tr.t("market-country")) }
            select id="country" name="country" {
                option value="" { (tr.t("market-any")) }
                @for c in &countries { option value=(c) selected[q.country == *c] { (c) } }
            }
            label for="org" { (tr.t("market-org")) }
            select id="org" name="org" {
                option value="" { (tr.t("market-any")) }
                @for o in &sellers { option value=(o.slug) selected[q.org == o.slug] { (o.name) } }
            }
            button type="submit" { (icon("search")) (tr.t("shop-search")) }
        }
        @if found.is_empty() { p { (tr.t("shop-nothing")) } }
        ul.shop {
            @for (o, offer) in shown {
                li {
                    @if offer.product.has_photo {
                        img src=(photo_url(o, offer.product.id)) alt="" loading="lazy" width="96" height="96";
                    }
                    div {
                        a href=(format!("/shop/{}?q={}", o.slug, crate::web::url_encode(&offer.product.code))) { strong { (offer.product.name) } }
                        br;
                        span.price { (tr.fmt().money(crate::money::Money::new(offer.price.unwrap_or(0), o.currency))) }
                        br;
                        span.meta { (o.name) " · " (o.country) }
                    }
                }
            }
        }
        (pager(&page, at, pages, link))
    };
    Ok(layout::page_with_head(&page, &network.name, None, head, body).into_response())
}
