//! Use cases of selling together, each inside the caller's one transaction.

use super::model::{self, BuyerKind, Line};
use super::store::{self, PriceRow, SaleRow, SoldRow};
use crate::db::{Tx, iso_day, parse_day};
use crate::ledger::{EntryLine, Till, entry_of};
use crate::money::MAX_MINOR;
use crate::orgs::Org;
use crate::production::service::Goods;
use crate::production::store::ProductRow;
use crate::web::{AppError, AppResult, FieldError};

/// Finished goods sold at their average cost go out of 1210 into this expense.
const COST_OF_SALES: &str = "5900";
const FINISHED: &str = "1210";
const SALES: &str = "4100";

fn invalid(field: &'static str, message: &'static str) -> AppError {
    AppError::Invalid(vec![FieldError::new(field, message)])
}

fn day(field: &'static str, s: &str) -> AppResult<String> {
    parse_day(s.trim())
        .map(iso_day)
        .ok_or_else(|| invalid(field, "entry-bad-date"))
}

// Prices.

/// A new price for a product and a kind of buyer from a day on; the old ones stay in its
/// history.
pub async fn set_price(
    tx: &mut Tx,
    org: &Org,
    product_id: i64,
    kind: &str,
    price: i64,
    valid_from: &str,
    by: i64,
) -> AppResult<i64> {
    crate::production::service::product(tx, org, product_id).await?;
    let kind = BuyerKind::parse(kind).ok_or_else(|| invalid("kind", "buyer-kind-invalid"))?;
    if !(1..=MAX_MINOR).contains(&price) {
        return Err(invalid("price", "amount-not-positive"));
    }
    let from = day("valid_from", valid_from)?;
    Ok(store::insert_price(tx, org.id, product_id, kind.as_str(), price, &from, by).await?)
}

pub async fn prices(tx: &mut Tx, org: &Org) -> AppResult<Vec<PriceRow>> {
    Ok(store::prices(tx, org.id).await?)
}

/// A product as it is offered: its price for a kind of buyer today, and the finished
/// pieces on hand.
#[derive(Debug, Clone)]
pub struct Offer {
    pub product: ProductRow,
    pub price: Option<i64>,
    pub goods: Goods,
}

/// Every active product with its price for `kind` on `on` and its stock.
pub async fn offers(tx: &mut Tx, org: &Org, kind: BuyerKind, on: &str) -> AppResult<Vec<Offer>> {
    let goods = crate::production::service::goods(tx, org).await?;
    let prices: std::collections::HashMap<i64, i64> = store::prices_on(tx, org.id, kind.as_str(), on)
        .await?
        .into_iter()
        .collect();
    let mut out = vec![];
    for product in crate::production::service::products(tx, org).await? {
        let price = prices.get(&product.id).copied();
        let goods = goods
            .iter()
            .find(|(p, _)| *p == product.id)
            .map(|(_, g)| *g)
            .unwrap_or_default();
        out.push(Offer { product, price, goods });
    }
    Ok(out)
}

/// One page of a shopfront at today's retail prices, searched by name or code: how many
/// products answer the search in all, and those on page `at` (the last, past the end).
pub async fn shop_page(
    tx: &mut Tx,
    org: &Org,
    search: &str,
    at: usize,
    per_page: usize,
) -> AppResult<(usize, Vec<Offer>)> {
    let (kind, today, pattern) = (BuyerKind::Retail.as_str(), org.today(), model::like_pattern(search));
    let count = usize::try_from(store::shop_count(tx, org.id, kind, &today, &pattern).await?).unwrap_or(0);
    let at = at.clamp(1, count.div_ceil(per_page).max(1));
    let rows = store::shop_page(
        tx,
        org.id,
        kind,
        &today,
        &pattern,
        per_page as i64,
        ((at - 1) * per_page) as i64,
    )
    .await?;
    Ok((count, rows.into_iter().map(offer_of).collect()))
}

/// Every product of an organisation that a search finds, at today's retail price (for a
/// marketplace, which pages across its organisations).
pub async fn found(tx: &mut Tx, org: &Org, search: &str) -> AppResult<Vec<Offer>> {
    let (kind, today, pattern) = (BuyerKind::Retail.as_str(), org.today(), model::like_pattern(search));
    let rows = store::shop_page(tx, org.id, kind, &today, &pattern, i64::MAX, 0).await?;
    Ok(rows.into_iter().map(offer_of).collect())
}

fn offer_of(r: store::ShopRow) -> Offer {
    Offer {
        product: ProductRow {
            id: r.id,
            code: r.code,
            name: r.name,
            region: r.region,
            efficiency_pct: r.efficiency_pct,
            has_photo: r.has_photo,
        },
        price: Some(r.price),
        goods: Goods {
            pieces: r.pieces,
            value: 0,
        },
    }
}

// Market-day sales.

/// A sale as the sheet (or the API, or a phone's offline queue) sends it. A line's price
/// may be left out: the retail price of the day is taken.
#[derive(Debug, Clone)]
pub struct SaleDraft {
    pub client_id: String,
    pub sold_on: String,
    pub place: String,
    pub till: String,
    pub lines: Vec<(i64, i64, Option<i64>)>,
}

/// What recording a sale did: the sale, and whether it had been recorded before (sent
/// again, it counts once).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Recorded {
    pub id: i64,
    pub total: i64,
    pub again: bool,
}

/// Records a market-day sale: finished goods out at their average cost, the money into
/// the till, in one entry. The same id with the same contents is the same sale (counted
/// once); with other contents it is refused.
pub async fn record_sale(tx: &mut Tx, org: &Org, d: &SaleDraft, by: i64) -> AppResult<Recorded> {
    let mut r = record_sales(tx, org, std::slice::from_ref(d), by).await?;
    r.pop().ok_or_else(|| AppError::Internal("no sale recorded".into()))
}

/// What a new sale adds to its day's entry.
struct ToPost {
    id: i64,
    sold_on: String,
    place: String,
    till: Till,
    total: i64,
    cost: i64,
}

/// Records market-day sales sent together (a day's sheet, a phone's queue): each is
/// checked, counted once and takes its goods out of stock as `record_sale` says; the
/// money and the goods of each day's new sales are posted in one entry for that day.
pub async fn record_sales(tx: &mut Tx, org: &Org, drafts: &[SaleDraft], by: i64) -> AppResult<Vec<Recorded>> {
    let mut out = vec![];
    let mut days: std::collections::BTreeMap<String, Vec<ToPost>> = std::collections::BTreeMap::new();
    for d in drafts {
        let (r, post) = enter_sale(tx, org, d, by).await?;
        if let Some(p) = post {
            days.entry(p.sold_on.clone()).or_default().push(p);
        }
        out.push(r);
    }
    for (day, sales) in days {
        let mut lines: Vec<EntryLine<'_>> = vec![];
        for s in &sales {
            lines.extend([
                (s.till.code(), None, s.total),
                (SALES, None, -s.total),
                (COST_OF_SALES, None, s.cost),
                (FINISHED, None, -s.cost),
            ]);
        }
        let tr = org.own_tr();
        let description = match sales.as_slice() {
            [one] if one.place.is_empty() => format!("{} #{}", tr.t("sale-market"), one.id),
            [one] => format!("{} #{} · {}", tr.t("sale-market"), one.id, one.place),
            many => tr.ta(
                "sale-market-many",
                &[
                    ("count", (many.len() as i64).into()),
                    ("first", many[0].id.into()),
                    ("last", many[many.len() - 1].id.into()),
                ],
            ),
        };
        let e = entry_of(tx, org, &day, description, "market-sale", sales[0].id, &lines).await?;
        let entry_id = crate::ledger::post(tx, org, &e, Some(by)).await?;
        store::set_sales_entry(tx, org.id, &day, entry_id).await?;
    }
    Ok(out)
}

/// Checks and enters one sale, without posting it: what it recorded, and what its day's
/// entry must post (none when it had been recorded before).
async fn enter_sale(tx: &mut Tx, org: &Org, d: &SaleDraft, by: i64) -> AppResult<(Recorded, Option<ToPost>)> {
    let client_id = d.client_id.trim();
    if !model::valid_sale_id(client_id) {
        return Err(invalid("sale", "sale-id-invalid"));
    }
    let sold_on = day("sold_on", &d.sold_on)?;
    if sold_on > org.today() {
        return Err(invalid("sold_on", "sale-in-future"));
    }
    let place = d.place.trim();
    if place.chars().count() > 80 {
        return Err(invalid("place", "member-text-too-long"));
    }
    let till = Till::parse(&d.till)
        .filter(|t| *t != Till::Bank)
        .ok_or_else(|| invalid("till", "sale-till-invalid"))?;
    let mut lines = vec![];
    let mut stock: std::collections::HashMap<i64, Goods> = std::collections::HashMap::new();
    for &(product_id, pieces, price) in &d.lines {
        if pieces == 0 {
            continue;
        }
        if !(1..=1_000_000).contains(&pieces) {
            return Err(invalid("pieces", "quantity-invalid"));
        }
        // One read for the product, its price of the day and its stock: a market day's
        // batch is a thousand sales.
        let found = store::product_for_sale(tx, org.id, product_id, BuyerKind::Retail.as_str(), &sold_on)
            .await?
            .ok_or_else(|| invalid("pieces", "sale-unknown-product"))?;
        stock.insert(
            product_id,
            Goods {
                pieces: found.pieces,
                value: found.value,
            },
        );
        let price = match price {
            Some(p) if (1..=MAX_MINOR).contains(&p) => p,
            Some(_) => return Err(invalid("price", "amount-not-positive")),
            None => found.price.ok_or_else(|| invalid("pieces", "sale-no-price"))?,
        };
        lines.push(Line {
            product_id,
            pieces,
            price,
        });
    }
    let lines = model::merged(&lines).ok_or_else(|| invalid("pieces", "error-too-large"))?;
    if lines.is_empty() {
        return Err(invalid("pieces", "sale-empty"));
    }
    let total = model::total(&lines)
        .filter(|t| *t <= MAX_MINOR)
        .ok_or_else(|| invalid("pieces", "error-too-large"))?;
    let digest = model::digest(&sold_on, place, till.as_str(), &lines);
    // One sale at a time per organisation: a second copy waits and then finds the first.
    crate::ledger::store::lock_books(tx, org.id).await?;
    if let Some(before) = store::sale_by_client_id(tx, org.id, client_id).await? {
        return if before.digest == digest {
            Ok((
                Recorded {
                    id: before.id,
                    total: before.total,
                    again: true,
                },
                None,
            ))
        } else {
            Err(invalid("sale", "sale-id-used"))
        };
    }
    // Each product sold must be on hand.
    let mut costs = vec![];
    for l in &lines {
        let on_hand = stock.get(&l.product_id).copied().unwrap_or_default();
        let taken: i64 = lines
            .iter()
            .filter(|o| o.product_id == l.product_id)
            .map(|o| o.pieces)
            .sum();
        if taken > on_hand.pieces {
            return Err(AppError::Invalid(vec![FieldError::new("pieces", "sale-beyond-stock")]));
        }
        costs.push(on_hand.cost_of(l.pieces));
    }
    let cost: i64 = costs.iter().sum();
    let row = SaleRow {
        id: 0,
        client_id: client_id.to_string(),
        digest,
        sold_on: sold_on.clone(),
        place: place.to_string(),
        till: till.as_str().to_string(),
        total,
        cost,
    };
    let id = store::insert_sale(tx, org.id, &row, by).await?;
    for (l, c) in lines.iter().zip(&costs) {
        store::insert_sale_line(tx, org.id, id, l.product_id, l.pieces, l.price, *c).await?;
        crate::production::service::move_goods(tx, org, l.product_id, -l.pieces, -c, "market-sale", id).await?;
    }
    Ok((
        Recorded {
            id,
            total,
            again: false,
        },
        Some(ToPost {
            id,
            sold_on,
            place: place.to_string(),
            till,
            total,
            cost,
        }),
    ))
}

/// A day at the stall: its sales, what each product sold, and what is left.
#[derive(Debug, Clone)]
pub struct Day {
    pub sales: Vec<SaleRow>,
    pub sold: Vec<SoldRow>,
    pub total: i64,
}

pub async fn day_at_market(tx: &mut Tx, org: &Org, on: &str) -> AppResult<Day> {
    let on = day("date", on)?;
    let sales = store::sales_on(tx, org.id, &on).await?;
    let sold = store::sold_on(tx, org.id, &on).await?;
    let total = sales.iter().map(|s| s.total).sum();
    Ok(Day { sales, sold, total })
}

// Marketplaces.

/// The organisations that sell under a federation or network, down its tree (a network's
/// federations' members too), each once.
pub async fn sellers(tx: &mut Tx, network: &Org) -> AppResult<Vec<Org>> {
    let mut out: Vec<Org> = vec![];
    let mut seen = vec![network.id];
    let mut level = vec![network.id];
    for _ in 0..3 {
        let mut next = vec![];
        for parent in level {
            for o in crate::orgs::affiliates(tx, parent).await? {
                if seen.contains(&o.id) {
                    continue;
                }
                seen.push(o.id);
                if o.kind.groups_orgs() {
                    next.push(o.id);
                } else {
                    out.push(o);
                }
            }
        }
        level = next;
    }
    out.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(out)
}

/// Counts a marketplace search that found nothing.
pub async fn note_unmet_search(tx: &mut Tx, network: &Org, q: &str) -> AppResult<()> {
    if let Some(term) = model::search_term(q) {
        let month = network.today().chars().take(7).collect::<String>();
        store::count_unmet_search(tx, network.id, &term, &month).await?;
    }
    Ok(())
}

/// What buyers looked for and did not find, these three months, on the marketplaces of
/// the federations and networks an organisation belongs to (and theirs).
pub async fn unmet_searches(tx: &mut Tx, org: &Org) -> AppResult<Vec<(String, String, i64)>> {
    let mut ids = vec![];
    let mut level = vec![org.id];
    for _ in 0..3 {
        let mut next = vec![];
        for id in level {
            for p in crate::orgs::parents(tx, id).await? {
                if !ids.contains(&p.id) {
                    ids.push(p.id);
                    next.push(p.id);
                }
            }
        }
        level = next;
    }
    let since = parse_day(&org.today())
        .map(|d| iso_day(d - time::Duration::days(62)))
        .unwrap_or_default()
        .chars()
        .take(7)
        .collect::<String>();
    Ok(store::unmet_searches(tx, &ids, &since).await?)
}

// Market intelligence.

/// A product's sales in a period, against the period before of the same length.
#[derive(Debug, Clone)]
pub struct ProductIntelligence {
    pub product: ProductRow,
    pub pieces: i64,
    pub revenue: i64,
    pub cost: i64,
    pub margin_bp: Option<i64>,
    pub abc: char,
    pub change_bp: Option<i64>,
    /// The last day it sold, ever, and how many days before the period's end.
    pub last_sold: Option<String>,
    pub days_since: Option<i64>,
}

/// What the organisation's own sales say for a period: per product (best sellers first)
/// and per month, each month against the one before.
#[derive(Debug, Clone)]
pub struct Intelligence {
    pub products: Vec<ProductIntelligence>,
    pub months: Vec<(String, i64, i64, Option<i64>)>,
}

pub async fn intelligence(tx: &mut Tx, org: &Org, from: &str, through: &str) -> AppResult<Intelligence> {
    let (f, t) = (
        parse_day(from).ok_or_else(|| invalid("from", "entry-bad-date"))?,
        parse_day(through).ok_or_else(|| invalid("through", "entry-bad-date"))?,
    );
    let length = (t - f).whole_days().max(0) + 1;
    let (before_from, before_through) = (
        iso_day(f - time::Duration::days(length)),
        iso_day(f - time::Duration::days(1)),
    );
    let now = store::product_sales(tx, org.id, from, through).await?;
    let before = store::product_sales(tx, org.id, &before_from, &before_through).await?;
    let last = store::last_sold(tx, org.id, through).await?;
    let products = crate::production::service::products(tx, org).await?;
    let revenue_of =
        |rows: &[store::ProductSales], id: i64| rows.iter().find(|r| r.product_id == id).map_or(0, |r| r.revenue);
    let revenues: Vec<i64> = products.iter().map(|p| revenue_of(&now, p.id)).collect();
    let classes = model::abc(&revenues);
    let mut out: Vec<ProductIntelligence> = products
        .into_iter()
        .zip(classes)
        .map(|(product, abc)| {
            let row = now.iter().find(|r| r.product_id == product.id);
            let (pieces, revenue, cost) = row.map_or((0, 0, 0), |r| (r.pieces, r.revenue, r.cost));
            let last_sold = last.iter().find(|(p, _)| *p == product.id).map(|(_, d)| d.clone());
            let days_since = last_sold.as_deref().and_then(parse_day).map(|d| (t - d).whole_days());
            ProductIntelligence {
                change_bp: model::change_bp(revenue, revenue_of(&before, product.id)),
                margin_bp: model::margin_bp(revenue, cost),
                product,
                pieces,
                revenue,
                cost,
                abc,
                last_sold,
                days_since,
            }
        })
        .collect();
    out.sort_by(|a, b| {
        b.revenue
            .cmp(&a.revenue)
            .then_with(|| a.product.name.cmp(&b.product.name))
    });
    let mut months = vec![];
    let mut previous: Option<i64> = None;
    for (month, pieces, revenue) in store::monthly_sales(tx, org.id, from, through).await? {
        months.push((
            month,
            pieces,
            revenue,
            previous.and_then(|p| model::change_bp(revenue, p)),
        ));
        previous = Some(revenue);
    }
    Ok(Intelligence { products: out, months })
}
