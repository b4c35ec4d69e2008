//! The public shopfront of an organisation, `/shop/{slug}`: no login, a few kilobytes a
//! page, searchable and paged; its head carries Open Graph tags and schema.org
//! Product/Offer data, so a link shared on WhatsApp shows a picture and a price.

use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use maud::{Markup, PreEscaped, html};
use serde::Deserialize;
use tower_sessions::Session;

use super::model;
use super::service::{self, Offer};
use crate::orgs::Org;
use crate::state::AppState;
use crate::web::form::{CsrfForm, Fields, submit};
use crate::web::layout::{self, errors_box, field, form_keys, icon};
use crate::web::{AppError, AppResult, FieldError, Page};

/// Products on one page of a shopfront.
pub const PER_PAGE: usize = 24;

#[derive(Deserialize, Default)]
pub struct ShopQuery {
    #[serde(default)]
    pub q: String,
    #[serde(default)]
    pub category: String,
    #[serde(default)]
    pub page: Option<usize>,
    /// What the buyer has chosen so far, carried from page to page: `12x3.15x1`.
    #[serde(default)]
    pub cart: String,
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

/// Where a signed-in buyer's sign-in is kept in her session: (organisation, buyer, the
/// digest of her link), so a new link or an ended one signs her out everywhere.
const BUYER_KEY: &str = "shop_buyer";

/// The buyer signed in to this shopfront, if any and her link still holds.
async fn signed_in(state: &AppState, session: &Session, org: &Org) -> AppResult<Option<super::store::BuyerRow>> {
    let Ok(Some((org_id, id, digest))) = session.get::<(i64, i64, String)>(BUYER_KEY).await else {
        return Ok(None);
    };
    if org_id != org.id {
        return Ok(None);
    }
    let mut tx = state.db.begin().await?;
    let b = super::store::buyer_by_login(&mut tx, org.id, &digest).await?;
    Ok(b.filter(|b| b.id == id))
}

/// Whose prices a shopfront shows: the signed-in buyer's kind, else retail.
fn kind_of(buyer: Option<&super::store::BuyerRow>) -> model::BuyerKind {
    buyer
        .and_then(|b| model::BuyerKind::parse(&b.kind))
        .unwrap_or(model::BuyerKind::Retail)
}

/// The line under a shopfront's title: who is signed in, and her account.
fn buyer_line(page: &Page, org: &Org, buyer: Option<&super::store::BuyerRow>) -> Markup {
    html! {
        @if let Some(b) = buyer {
            p.meta { (page.tr.ta("shop-signed-in", &[("name", b.name.clone().into())])) " · "
                a href=(format!("/shop/{}/account", org.slug)) { (page.tr.t("shop-account")) } }
        }
    }
}

/// Where this server is reached from outside, for the absolute links a shared preview needs.
pub(super) fn base_url(state: &AppState, headers: &HeaderMap) -> String {
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

/// Links to each category of products, the one shown marked.
fn categories(page: &Page, base: &str, current: &str) -> Markup {
    let tr = &page.tr;
    html! {
        nav.cats aria-label=(tr.t("category")) {
            @if current.is_empty() { strong { (tr.t("market-any")) } } @else { a href=(base) { (tr.t("market-any")) } }
            @for c in model::CATEGORIES {
                " · "
                @if current == c { strong { (tr.t(&format!("category-{c}"))) } }
                @else { a href=(format!("{base}?category={c}")) { (tr.t(&format!("category-{c}"))) } }
            }
        }
    }
}

/// `GET /shop/{slug}`: the organisation's products at their retail price today.
pub async fn shop(
    State(state): State<AppState>,
    page: Page,
    session: Session,
    headers: HeaderMap,
    Path(slug): Path<String>,
    Query(q): Query<ShopQuery>,
) -> AppResult<Response> {
    let org = shop_org(&state, &slug).await?;
    let buyer = signed_in(&state, &session, &org).await?;
    let tr = &page.tr;
    let search = q.q.trim();
    // Only the page shown is read: a shop may hold ten thousand products.
    let mut tx = state.db.begin().await?;
    let find = service::Search {
        words: search,
        category: &q.category,
        locale: tr.locale.tag(),
        kind: kind_of(buyer.as_ref()),
    };
    let (count, offers) = service::shop_page(&mut tx, &org, find, q.page.unwrap_or(1), PER_PAGE).await?;
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
    let cart = model::parse_cart(&q.cart).unwrap_or_default();
    let cart_text = model::cart_text(&cart);
    let link = |n: usize| {
        let mut u = format!("/shop/{}?page={n}", org.slug);
        for (k, v) in [
            ("q", search),
            ("category", q.category.as_str()),
            ("cart", cart_text.as_str()),
        ] {
            if !v.is_empty() {
                u.push_str(&format!("&{k}={}", crate::web::url_encode(v)));
            }
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
        (buyer_line(&page, &org, buyer.as_ref()))
        @if !cart.is_empty() {
            p.card { a href=(format!("/shop/{}/order?cart={}", org.slug, cart_text)) { (icon("shop")) (tr.ta("shop-cart", &[("pieces", cart.iter().map(|(_, n)| *n).sum::<i64>().into())])) } }
        }
        form.search method="get" action=(format!("/shop/{}", org.slug)) role="search" {
            label.sr for="q" { (tr.t("shop-search")) }
            input id="q" name="q" type="search" value=(search) placeholder=(tr.t("shop-search"));
            @if !cart.is_empty() { input type="hidden" name="cart" value=(cart_text); }
            button type="submit" { (icon("search")) span.sr { (tr.t("shop-search")) } }
        }
        (categories(&page, &format!("/shop/{}", org.slug), &q.category))
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
                        @if let Some(d) = &o.description { p.meta { (d) } }
                        form.add method="get" action=(format!("/shop/{}/order", org.slug)) {
                            input type="hidden" name="cart" value=(cart_text);
                            @if o.variants.is_empty() {
                                input type="hidden" name="add" value=(o.product.id);
                            } @else {
                                label for=(format!("v{}", o.product.id)) { (tr.t("variant")) }
                                select id=(format!("v{}", o.product.id)) name="add" {
                                    @if !o.variants.iter().any(|v| v.0 == o.product.id) {
                                        option value=(o.product.id) { (money(o.price.unwrap_or(0))) }
                                    }
                                    @for (id, label, price, pieces) in &o.variants {
                                        option value=(id) { (label) " · " (money(price.unwrap_or(0))) @if *pieces <= 0 { " · " (tr.t("shop-to-order")) } }
                                    }
                                }
                            }
                            label.sr for=(format!("n{}", o.product.id)) { (tr.t("order-pieces")) }
                            input id=(format!("n{}", o.product.id)) name="pieces" type="number" inputmode="numeric" min="1" max="9999" value="1";
                            button.secondary type="submit" { (tr.t("shop-add")) }
                        }
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
    pub category: String,
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
        let find = service::Search {
            words: search,
            category: &q.category,
            locale: page.tr.locale.tag(),
            kind: model::BuyerKind::Retail,
        };
        for offer in service::found(&mut tx, o, find).await? {
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
            "/market/{}?page={n}&q={}&country={}&org={}&category={}",
            network.slug,
            crate::web::url_encode(search),
            crate::web::url_encode(&q.country),
            crate::web::url_encode(&q.org),
            crate::web::url_encode(&q.category)
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
            label for="category" { (tr.t("category")) }
            select id="category" name="category" {
                option value="" { (tr.t("market-any")) }
                @for c in model::CATEGORIES { option value=(c) selected[q.category == c] { (tr.t(&format!("category-{c}"))) } }
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

#[derive(Deserialize, Default)]
pub struct OrderQuery {
    #[serde(default)]
    pub cart: String,
    #[serde(default)]
    pub add: Option<i64>,
    #[serde(default)]
    pub pieces: Option<i64>,
}

/// The cart's products at today's retail price: (offer, pieces); products no longer
/// sold are left out.
async fn cart_offers(
    state: &AppState,
    org: &Org,
    kind: model::BuyerKind,
    cart: &[(i64, i64)],
) -> AppResult<Vec<(Offer, i64)>> {
    let mut tx = state.db.begin().await?;
    let offers = service::offers(&mut tx, org, kind, &org.today()).await?;
    Ok(cart
        .iter()
        .filter_map(|(id, n)| {
            let o = offers.iter().find(|o| o.product.id == *id && o.price.is_some())?;
            Some((o.clone(), *n))
        })
        .collect())
}

fn checkout_view(
    page: &Page,
    org: &Org,
    buyer: Option<&super::store::BuyerRow>,
    lines: &[(Offer, i64)],
    cart: &str,
    form: &Fields,
    errors: &[FieldError],
) -> Markup {
    let tr = &page.tr;
    let money = |m: i64| tr.fmt().money(crate::money::Money::new(m, org.currency));
    let total: i64 = lines.iter().map(|(o, n)| o.price.unwrap_or(0).saturating_mul(*n)).sum();
    // The order keeps the id its form was opened with, even when it comes back refused.
    let order_id = match form.get("order") {
        "" => crate::web::new_key(),
        id => id.to_string(),
    };
    html! {
        h1 { (icon("shop")) (tr.t("shop-your-order")) }
        p.meta { (org.name) }
        @if lines.is_empty() { p { (tr.t("shop-cart-empty")) } }
        @else {
            div.scroll { table.tb {
                thead { tr { th { (tr.t("product")) } th.num { (tr.t("order-pieces")) } th.num { (tr.t("amount")) } } }
                tbody { @for (o, n) in lines {
                    tr { td { (o.product.name) br; span.meta { (money(o.price.unwrap_or(0))) } } td.num { (n) } td.num { (money(o.price.unwrap_or(0).saturating_mul(*n))) } }
                } }
            } }
            p { (tr.t("total")) ": " strong { (money(total)) } }
        }
        p { a href=(format!("/shop/{}?cart={cart}", org.slug)) { "‹ " (tr.t("shop-continue")) } }
        @if !lines.is_empty() {
            form.card method="post" action=(format!("/shop/{}/order", org.slug)) {
                h2 { (tr.t("shop-checkout")) }
                (errors_box(page, errors))
                (form_keys(page))
                input type="hidden" name="cart" value=(cart);
                input type="hidden" name="order" value=(order_id);
                @if let Some(b) = buyer {
                    (buyer_line(page, org, Some(b)))
                } @else {
                    (field(tr, "name", "buyer-name", "text", form.get("name"), errors))
                    (field(tr, "phone", "member-phone", "tel", form.get("phone"), errors))
                }
                (field(tr, "address", "shop-address", "text", form.get("address"), errors))
                (field(tr, "note", "order-note", "text", form.get("note"), errors))
                p.meta { (tr.t("shop-checkout-help")) }
                button type="submit" { (tr.t("shop-send-order")) }
            }
        }
    }
}

/// `GET /shop/{slug}/order`: the buyer's chosen products (one more added from the
/// shopfront's form) and the form to send the order, no login needed.
pub async fn cart(
    State(state): State<AppState>,
    page: Page,
    session: Session,
    Path(slug): Path<String>,
    Query(q): Query<OrderQuery>,
) -> AppResult<Response> {
    let org = shop_org(&state, &slug).await?;
    let buyer = signed_in(&state, &session, &org).await?;
    let mut cart = model::parse_cart(&q.cart).ok_or(AppError::BadRequest("error-400"))?;
    if let Some(add) = q.add {
        let n = q.pieces.unwrap_or(1);
        if !(1..=9_999).contains(&n) {
            return Err(AppError::BadRequest("error-400"));
        }
        cart.push((add, n));
        cart = model::parse_cart(&model::cart_text(&cart)).ok_or(AppError::BadRequest("error-400"))?;
    }
    let lines = cart_offers(&state, &org, kind_of(buyer.as_ref()), &cart).await?;
    let text = model::cart_text(&lines.iter().map(|(o, n)| (o.product.id, *n)).collect::<Vec<_>>());
    let body = checkout_view(&page, &org, buyer.as_ref(), &lines, &text, &Fields::default(), &[]);
    Ok(layout::page(&page, &page.tr.t("shop-your-order"), None, body).into_response())
}

/// `POST /shop/{slug}/order`: a guest's order, known by her phone; it waits for the
/// organisation to confirm it. Sent again, it is the same order.
pub async fn send_order(
    State(state): State<AppState>,
    page: Page,
    session: Session,
    Path(slug): Path<String>,
    CsrfForm(form): CsrfForm<Fields>,
) -> AppResult<Response> {
    let org = shop_org(&state, &slug).await?;
    let buyer = signed_in(&state, &session, &org).await?;
    let cart = model::parse_cart(form.get("cart")).ok_or(AppError::BadRequest("error-400"))?;
    let d = service::OrderDraft {
        client_id: Some(form.get("order").to_string()),
        buyer_id: buyer.as_ref().map(|b| b.id),
        buyer: service::BuyerDraft {
            name: form.get("name").into(),
            kind: "retail".into(),
            phone: form.get("phone").into(),
            tax_id: String::new(),
            address: form.get("address").into(),
        },
        quote: false,
        from_shopfront: true,
        lines: cart.clone(),
        note: form.get("note").into(),
    };
    match submit(&state.db, async |tx| service::place_order(tx, &org, &d, None).await).await? {
        Ok(_) => Ok(
            axum::response::Redirect::to(&format!("/shop/{}/orders/{}", org.slug, form.get("order"))).into_response(),
        ),
        Err(errors) => {
            let lines = cart_offers(&state, &org, kind_of(buyer.as_ref()), &cart).await?;
            let body = checkout_view(&page, &org, buyer.as_ref(), &lines, form.get("cart"), &form, &errors);
            Ok(layout::refused(&page, &page.tr.t("shop-your-order"), None, body))
        }
    }
}

/// `GET /shop/{slug}/orders/{id}`: where a guest's order stands, found by the id only
/// her form knew.
pub async fn sent_order(
    State(state): State<AppState>,
    page: Page,
    Path((slug, id)): Path<(String, String)>,
) -> AppResult<Response> {
    let org = shop_org(&state, &slug).await?;
    if !model::valid_sale_id(&id) {
        return Err(AppError::NotFound);
    }
    let mut tx = state.db.begin().await?;
    let o = service::order_by_client_id(&mut tx, &org, &id).await?;
    let names = service::names(&mut tx, &org).await?;
    drop(tx);
    let tr = &page.tr;
    let money = |m: i64| tr.fmt().money(crate::money::Money::new(m, org.currency));
    let (net, tax) = o.totals();
    let status = model::OrderStatus::parse(&o.order.status).map_or(String::new(), |s| tr.t(s.label()));
    let body = html! {
        section.card.receipt {
            h1 { (tr.t("shop-order-sent")) }
            p { (tr.ta("shop-order-number", &[("number", o.order.id.into()), ("org", org.name.clone().into())])) }
            p { strong { (status) } }
            ul { @for (l, p) in &o.lines { li { (l.quantity) " × " (names.get(&p.id).unwrap_or(&p.name)) " · " (money(l.quantity.saturating_mul(l.price))) } } }
            p { (tr.t("total")) ": " strong { (money(net.saturating_add(tax))) } }
            p.meta { (tr.t("shop-order-next")) }
            p.noprint { a href=(format!("/shop/{}", org.slug)) { "‹ " (org.name) } }
        }
    };
    Ok(layout::page(&page, &tr.t("shop-order-sent"), None, body).into_response())
}

/// `GET /shop/{slug}/signin/{secret}`: a buyer's private link signs her in to the
/// shopfront (a fresh session), then shows her account.
pub async fn sign_in(
    State(state): State<AppState>,
    session: Session,
    Path((slug, secret)): Path<(String, String)>,
) -> AppResult<Response> {
    let org = shop_org(&state, &slug).await?;
    let mut tx = state.db.begin().await?;
    let buyer = service::buyer_signing_in(&mut tx, &org, &secret).await?;
    drop(tx);
    let Some(b) = buyer else { return Err(AppError::NotFound) };
    let err = |e: tower_sessions::session::Error| AppError::Internal(e.to_string());
    session.cycle_id().await.map_err(err)?;
    let digest = crate::auth::service::token_hash(&secret);
    session.insert(BUYER_KEY, (org.id, b.id, digest)).await.map_err(err)?;
    Ok(axum::response::Redirect::to(&format!("/shop/{}/account", org.slug)).into_response())
}

/// `GET /shop/{slug}/account`: a signed-in buyer's orders, invoices and what she owes.
pub async fn account(
    State(state): State<AppState>,
    page: Page,
    session: Session,
    Path(slug): Path<String>,
) -> AppResult<Response> {
    let org = shop_org(&state, &slug).await?;
    let tr = &page.tr;
    let Some(b) = signed_in(&state, &session, &org).await? else {
        let body = html! {
            h1 { (icon("shop")) (tr.t("shop-account")) }
            p { (tr.ta("shop-account-ask", &[("org", org.name.clone().into())])) }
            p { a href=(format!("/shop/{}", org.slug)) { "‹ " (org.name) } }
        };
        let mut r = layout::page(&page, &tr.t("shop-account"), None, body).into_response();
        *r.status_mut() = axum::http::StatusCode::UNAUTHORIZED;
        return Ok(r);
    };
    let mut tx = state.db.begin().await?;
    let account = service::accounts(&mut tx, &org)
        .await?
        .into_iter()
        .find(|a| a.buyer.id == b.id);
    let orders = super::store::orders(&mut tx, org.id, Some(b.id)).await?;
    let mut invoices = service::invoices(&mut tx, &org).await?;
    invoices.retain(|i| i.buyer_id == b.id);
    drop(tx);
    let money = |m: i64| tr.fmt().money(crate::money::Money::new(m, org.currency));
    let kind = model::BuyerKind::parse(&b.kind).map_or(String::new(), |k| tr.t(k.label()));
    let body = html! {
        h1 { (icon("shop")) (b.name) }
        p.meta { (org.name) " · " (kind) }
        p { a.button href=(format!("/shop/{}", org.slug)) { (tr.t("shop-order-more")) } }
        @if let Some(a) = &account {
            section.card {
                h2 { (tr.t("buyers-owed")) }
                p.big { (money(a.owed)) }
                @if a.advance > 0 { p.meta { (tr.t("buyers-advance")) " " (money(a.advance)) } }
            }
        }
        section.card {
            h2 { (tr.t("sale-orders-title")) }
            @if orders.is_empty() { p { (tr.t("shop-no-orders")) } }
            ul { @for o in &orders {
                @let status = model::OrderStatus::parse(&o.status).map_or(String::new(), |s| tr.t(s.label()));
                li {
                    @if let Some(c) = &o.client_id { a href=(format!("/shop/{}/orders/{c}", org.slug)) { "#" (o.id) } } @else { "#" (o.id) }
                    " · " (tr.fmt().date(&o.ordered_on)) " · " strong { (status) }
                }
            } }
        }
        @if !invoices.is_empty() {
            section.card {
                h2 { (tr.t("invoices-title")) }
                div.scroll { table.tb {
                    thead { tr { th { (tr.t("invoice")) } th.num { (tr.t("total")) } th.num { (tr.t("invoice-settled")) } } }
                    tbody { @for i in &invoices {
                        tr {
                            td { (i.number) br; span.meta { (tr.fmt().date(&i.issued_on)) } }
                            td.num { @if i.kind == "credit" { "−" } (money(i.total)) }
                            td.num { @if i.kind != "credit" { (money(i.settled)) } }
                        }
                    } }
                } }
            }
        }
        form method="post" action=(format!("/shop/{}/account", org.slug)) {
            (form_keys(&page))
            button.secondary type="submit" { (tr.t("shop-sign-out")) }
        }
    };
    Ok(layout::page(&page, &tr.t("shop-account"), None, body).into_response())
}

/// `POST /shop/{slug}/account`: the buyer signs out of the shopfront on this phone.
pub async fn sign_out(
    State(state): State<AppState>,
    session: Session,
    Path(slug): Path<String>,
    CsrfForm(_form): CsrfForm<Fields>,
) -> AppResult<Response> {
    let org = shop_org(&state, &slug).await?;
    session
        .remove::<(i64, i64, String)>(BUYER_KEY)
        .await
        .map_err(|e| AppError::Internal(e.to_string()))?;
    Ok(axum::response::Redirect::to(&format!("/shop/{}", org.slug)).into_response())
}
