//! Use cases of selling together, each inside the caller's one transaction.

use super::model::{self, BuyerKind, Line};
use super::store::{self, PriceRow, SaleRow, SoldRow};
use crate::db::{Tx, iso_day, parse_day};
use crate::ledger::{EntryLine, Till, entry_of};
use crate::money::MAX_MINOR;
use crate::orgs::Org;
use crate::production::service::Goods;
use crate::production::store::ProductRow;
use crate::web::form::day;
use crate::web::{AppError, AppResult, FieldError};

/// Finished goods sold at their average cost go out of 1210 into this expense.
const COST_OF_SALES: &str = "5900";
const FINISHED: &str = "1210";
const SALES: &str = "4100";
const RECEIVABLE: &str = "1310";
const TAX: &str = "2300";
const ADVANCES: &str = "2310";

pub(super) fn invalid(field: &'static str, message: &'static str) -> AppError {
    AppError::Invalid(vec![FieldError::new(field, message)])
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

/// A price list as read against the organisation's products, line by line.
pub async fn read_price_list(tx: &mut Tx, org: &Org, text: &str) -> AppResult<Vec<model::PriceListLine>> {
    if text.len() > 1_000_000 {
        return Err(AppError::PayloadTooLarge);
    }
    let codes = crate::production::service::products(tx, org)
        .await?
        .into_iter()
        .map(|p| (p.code, p.id))
        .collect();
    Ok(model::read_price_list(text, &codes, org.currency, &org.today()))
}

/// Sets every price of a list when every line is right; one bad line refuses the whole
/// list, each bad line named (`line 4`) with its reasons.
pub async fn import_price_list(tx: &mut Tx, org: &Org, text: &str, by: i64) -> AppResult<usize> {
    let lines = read_price_list(tx, org, text).await?;
    let bad: Vec<FieldError> = lines
        .iter()
        .flat_map(|l| l.problems.iter().map(|p| FieldError::at(format!("line {}", l.line), p)))
        .collect();
    if !bad.is_empty() {
        return Err(AppError::Invalid(bad));
    }
    for l in &lines {
        if let (Some(id), Some(kind)) = (l.product_id, l.kind) {
            store::insert_price(tx, org.id, id, kind.as_str(), l.price, &l.valid_from, by).await?;
        }
    }
    Ok(lines.len())
}

pub async fn market_days(tx: &mut Tx, org: &Org, from: &str, through: &str) -> AppResult<Vec<store::MarketDayRow>> {
    Ok(store::market_days(tx, org.id, from, through).await?)
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
    pub description: Option<String>,
    /// The variants on its card: (product, its variant, price, pieces), its own first.
    pub variants: Vec<(i64, String, Option<i64>, i64)>,
}

/// Every active product (named with its variant) with its price for `kind` on `on` and
/// its stock.
pub async fn offers(tx: &mut Tx, org: &Org, kind: BuyerKind, on: &str) -> AppResult<Vec<Offer>> {
    let goods = crate::production::service::goods(tx, org).await?;
    let prices: std::collections::HashMap<i64, i64> = store::prices_on(tx, org.id, kind.as_str(), on)
        .await?
        .into_iter()
        .collect();
    // A variant is named with it, so a sheet or a form tells the sizes apart.
    let names = names(tx, org).await?;
    let mut out = vec![];
    for mut product in crate::production::service::products(tx, org).await? {
        if let Some(n) = names.get(&product.id) {
            product.name = n.clone();
        }
        let price = prices.get(&product.id).copied();
        let goods = goods
            .iter()
            .find(|(p, _)| *p == product.id)
            .map(|(_, g)| *g)
            .unwrap_or_default();
        out.push(Offer {
            product,
            price,
            goods,
            description: None,
            variants: vec![],
        });
    }
    Ok(out)
}

/// What a shopfront or a marketplace is asked for: words in the name or code, a
/// category, and the reader's language for the descriptions.
#[derive(Debug, Clone, Copy)]
pub struct Search<'a> {
    pub words: &'a str,
    pub category: &'a str,
    pub locale: &'a str,
    /// Whose prices: retail for a guest, her own for a buyer signed in.
    pub kind: BuyerKind,
}

/// One page of a shopfront at today's retail prices: how many products answer the
/// search in all, and those on page `at` (the last, past the end).
pub async fn shop_page(
    tx: &mut Tx,
    org: &Org,
    search: Search<'_>,
    at: usize,
    per_page: usize,
) -> AppResult<(usize, Vec<Offer>)> {
    let (kind, today, pattern) = (search.kind.as_str(), org.today(), model::like_pattern(search.words));
    let category = model::category(search.category).unwrap_or("");
    let count = usize::try_from(store::shop_count(tx, org.id, kind, &today, &pattern, category).await?).unwrap_or(0);
    let at = at.clamp(1, count.div_ceil(per_page).max(1));
    let rows = store::shop_page(
        tx,
        org.id,
        kind,
        &today,
        &pattern,
        category,
        search.locale,
        per_page as i64,
        ((at - 1) * per_page) as i64,
    )
    .await?;
    let mut offers: Vec<Offer> = rows.into_iter().map(offer_of).collect();
    with_variants(tx, org, search.kind, &mut offers).await?;
    Ok((count, offers))
}

/// Puts each family's variants on its head's card.
async fn with_variants(tx: &mut Tx, org: &Org, kind: BuyerKind, offers: &mut [Offer]) -> AppResult<()> {
    let all = store::variants(tx, org.id, kind.as_str(), &org.today()).await?;
    for o in offers.iter_mut() {
        o.variants = all
            .iter()
            .filter(|(head, _, _, price, _)| *head == o.product.id && price.is_some())
            .map(|(_, id, v, price, pieces)| (*id, v.clone(), *price, *pieces))
            .collect();
    }
    Ok(())
}

/// Every product of an organisation that a search finds, at today's retail price (for a
/// marketplace, which pages across its organisations).
pub async fn found(tx: &mut Tx, org: &Org, search: Search<'_>) -> AppResult<Vec<Offer>> {
    let (kind, today, pattern) = (search.kind.as_str(), org.today(), model::like_pattern(search.words));
    let category = model::category(search.category).unwrap_or("");
    let rows = store::shop_page(tx, org.id, kind, &today, &pattern, category, search.locale, i64::MAX, 0).await?;
    let mut offers: Vec<Offer> = rows.into_iter().map(offer_of).collect();
    with_variants(tx, org, search.kind, &mut offers).await?;
    Ok(offers)
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
        description: r.description,
        variants: vec![],
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
    // One batch at a time per organisation, taken before the sales already recorded are
    // read: a second copy of a sale waits, then finds the first.
    crate::ledger::store::lock_books(tx, org.id).await?;
    let mut batch = Batch::read(tx, org, drafts).await?;
    let mut out = vec![];
    let mut days: std::collections::BTreeMap<String, Vec<ToPost>> = std::collections::BTreeMap::new();
    for d in drafts {
        let (r, post) = enter_sale(tx, org, d, &mut batch).await?;
        if let Some(p) = post {
            days.entry(p.sold_on.clone()).or_default().push(p);
        }
        out.push(r);
    }
    // The new sales are written together; until then each went by its place in the
    // batch, counted from -1 down.
    let ids = store::insert_sales(tx, org.id, &batch.new, by).await?;
    let real = |id: i64| match usize::try_from(-id - 1).ok().and_then(|k| ids.get(k)) {
        Some(real) if id < 0 => *real,
        _ => id,
    };
    for r in &mut out {
        r.id = real(r.id);
    }
    for l in &mut batch.lines {
        l.sale_id = real(l.sale_id);
    }
    for p in days.values_mut().flatten() {
        p.id = real(p.id);
    }
    store::insert_sold_lines(tx, org.id, &batch.lines).await?;
    let months: Vec<_> = std::mem::take(&mut batch.months).into_iter().collect();
    store::add_to_months(tx, org.id, &months).await?;
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

/// What a batch of sales reads once, before its first sale, and keeps up to date as
/// each is entered: the sales already recorded under its ids, each product's price of the
/// day and stock, and what each product's month adds up to.
#[derive(Default)]
struct Batch {
    known: std::collections::HashMap<String, SaleRow>,
    prices: std::collections::HashMap<(String, i64), Option<i64>>,
    stock: std::collections::HashMap<i64, Goods>,
    /// (product, month) → (pieces, revenue, cost, last day).
    months: std::collections::BTreeMap<(i64, String), (i64, i64, i64, String)>,
    /// The new sales and their lines, written together at the end.
    new: Vec<SaleRow>,
    lines: Vec<store::SoldLine>,
}

impl Batch {
    async fn read(tx: &mut Tx, org: &Org, drafts: &[SaleDraft]) -> AppResult<Batch> {
        let mut b = Batch::default();
        let ids: Vec<&str> = drafts
            .iter()
            .map(|d| d.client_id.trim())
            .filter(|i| model::valid_sale_id(i))
            .collect();
        for s in store::sales_by_client_ids(tx, org.id, &ids).await? {
            b.known.insert(s.client_id.clone(), s);
        }
        let mut per_day: std::collections::BTreeMap<String, Vec<i64>> = std::collections::BTreeMap::new();
        for d in drafts {
            if let Some(on) = parse_day(d.sold_on.trim()).map(iso_day) {
                per_day.entry(on).or_default().extend(d.lines.iter().map(|l| l.0));
            }
        }
        for (on, mut ids) in per_day {
            ids.sort_unstable();
            ids.dedup();
            for (id, price, pieces, value) in
                store::products_for_sale(tx, org.id, &ids, BuyerKind::Retail.as_str(), &on).await?
            {
                b.prices.insert((on.clone(), id), price);
                b.stock.entry(id).or_insert(Goods { pieces, value });
            }
        }
        Ok(b)
    }
}

/// Checks and enters one sale, without posting it: what it recorded, and what its day's
/// entry must post (none when it had been recorded before).
async fn enter_sale(tx: &mut Tx, org: &Org, d: &SaleDraft, batch: &mut Batch) -> AppResult<(Recorded, Option<ToPost>)> {
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
    for &(product_id, pieces, price) in &d.lines {
        if pieces == 0 {
            continue;
        }
        if !(1..=1_000_000).contains(&pieces) {
            return Err(invalid("pieces", "quantity-invalid"));
        }
        // Read once for the batch: a market day's queue is a thousand sales.
        let day_price = match batch.prices.get(&(sold_on.clone(), product_id)) {
            Some(p) => *p,
            None => {
                let (_, price, pieces, value) =
                    store::products_for_sale(tx, org.id, &[product_id], BuyerKind::Retail.as_str(), &sold_on)
                        .await?
                        .pop()
                        .ok_or_else(|| invalid("pieces", "sale-unknown-product"))?;
                batch.prices.insert((sold_on.clone(), product_id), price);
                batch.stock.entry(product_id).or_insert(Goods { pieces, value });
                price
            }
        };
        let price = match price {
            Some(p) if (1..=MAX_MINOR).contains(&p) => p,
            Some(_) => return Err(invalid("price", "amount-not-positive")),
            None => day_price.ok_or_else(|| invalid("pieces", "sale-no-price"))?,
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
    if let Some(before) = batch.known.get(client_id) {
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
        let on_hand = batch.stock.get(&l.product_id).copied().unwrap_or_default();
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
    // What is left for the batch's next sales.
    for (l, c) in lines.iter().zip(&costs) {
        if let Some(g) = batch.stock.get_mut(&l.product_id) {
            g.pieces -= l.pieces;
            g.value -= c;
        }
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
    batch.new.push(row.clone());
    let id = -i64::try_from(batch.new.len()).unwrap_or(i64::MAX);
    batch.known.insert(client_id.to_string(), SaleRow { id, ..row });
    for (l, c) in lines.iter().zip(&costs) {
        batch.lines.push(store::SoldLine {
            sale_id: id,
            sold_on: sold_on.clone(),
            product_id: l.product_id,
            pieces: l.pieces,
            price: l.price,
            cost: *c,
        });
        let m = batch
            .months
            .entry((l.product_id, sold_on.chars().take(7).collect()))
            .or_insert((0, 0, 0, String::new()));
        *m = (
            m.0 + l.pieces,
            m.1 + l.pieces * l.price,
            m.2 + c,
            m.3.clone().max(sold_on.clone()),
        );
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

/// The first and last day of the month a day falls in.
fn month_of(d: time::Date) -> (time::Date, time::Date) {
    let first = d.replace_day(1).unwrap_or(d);
    let next = first
        .replace_month(first.month().next())
        .ok()
        .map(|n| {
            if first.month() == time::Month::December {
                n.replace_year(first.year() + 1).unwrap_or(n)
            } else {
                n
            }
        })
        .unwrap_or(first);
    (first, next - time::Duration::days(1))
}

/// The sold lines of a period summed by `by`: whole months from their monthly sums, the
/// days at either edge from the lines themselves.
async fn sums(
    tx: &mut Tx,
    org: &Org,
    by: store::By,
    from: time::Date,
    through: time::Date,
) -> AppResult<std::collections::HashMap<String, store::Sum>> {
    let month = |d: time::Date| iso_day(d).chars().take(7).collect::<String>();
    let (from_first, _) = month_of(from);
    let first_whole = if from == from_first {
        from
    } else {
        month_of(from).1 + time::Duration::days(1)
    };
    let (through_first, through_last) = month_of(through);
    let last_whole = if through == through_last {
        through
    } else {
        through_first - time::Duration::days(1)
    };
    let mut parts = vec![];
    if first_whole > last_whole {
        parts.extend(store::day_sums(tx, org.id, by, &iso_day(from), &iso_day(through)).await?);
    } else {
        parts.extend(store::month_sums(tx, org.id, by, &month(first_whole), &month(last_whole)).await?);
        if from < first_whole {
            let to = iso_day(first_whole - time::Duration::days(1));
            parts.extend(store::day_sums(tx, org.id, by, &iso_day(from), &to).await?);
        }
        if through > last_whole {
            let at = iso_day(last_whole + time::Duration::days(1));
            parts.extend(store::day_sums(tx, org.id, by, &at, &iso_day(through)).await?);
        }
    }
    let mut out: std::collections::HashMap<String, store::Sum> = std::collections::HashMap::new();
    for p in parts {
        match out.get_mut(&p.key) {
            Some(o) => {
                o.pieces = o.pieces.saturating_add(p.pieces);
                o.revenue = o.revenue.saturating_add(p.revenue);
                o.cost = o.cost.saturating_add(p.cost);
                if p.last_day > o.last_day {
                    o.last_day = p.last_day;
                }
            }
            None => {
                out.insert(p.key.clone(), p);
            }
        }
    }
    Ok(out)
}

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

/// A sum by channel or by kind of buyer: (its message id, pieces, revenue).
pub type Share = (&'static str, i64, i64);

/// What the organisation's own sales say for a period: per product (best sellers first),
/// per month (each against the one before), per channel and kind of buyer; how long each
/// buyer took from delivery to payment; and its prices by category against the other
/// organisations of its networks.
#[derive(Debug, Clone)]
pub struct Intelligence {
    pub products: Vec<ProductIntelligence>,
    /// (month, pieces, revenue, cost, change of revenue on the month before).
    pub months: Vec<(String, i64, i64, i64, Option<i64>)>,
    pub channels: Vec<Share>,
    pub buyer_kinds: Vec<Share>,
    /// (buyer, invoices paid, average days from delivery to payment).
    pub paying: Vec<(String, i64, i64)>,
    /// Each category's average retail price at each month's end, against the network's.
    pub prices: Vec<NetworkPrice>,
}

pub async fn intelligence(tx: &mut Tx, org: &Org, from: &str, through: &str) -> AppResult<Intelligence> {
    let (f, t) = (
        parse_day(from).ok_or_else(|| invalid("from", "entry-bad-date"))?,
        parse_day(through).ok_or_else(|| invalid("through", "entry-bad-date"))?,
    );
    if t < f {
        return Err(invalid("through", "report-period-invalid"));
    }
    let length = (t - f).whole_days() + 1;
    let today = parse_day(&org.today()).unwrap_or(t);
    let (before_from, before_through) = (f - time::Duration::days(length), f - time::Duration::days(1));
    let now = sums(tx, org, store::By::Product, f, t).await?;
    let before = sums(tx, org, store::By::Product, before_from, before_through).await?;
    // The last day each product sold through the period's end: in the period when it
    // sold there, else before it (the days of its first month from the lines, the months
    // before from their sums).
    let mut last: std::collections::HashMap<String, String> = std::collections::HashMap::new();
    let (f_first, _) = month_of(f);
    let month = |d: time::Date| iso_day(d).chars().take(7).collect::<String>();
    for (p, d) in store::last_sold_before(tx, org.id, &month(f)).await? {
        last.insert(p.to_string(), d);
    }
    if f_first < f {
        let edge = store::day_sums(
            tx,
            org.id,
            store::By::Product,
            &iso_day(f_first),
            &iso_day(f - time::Duration::days(1)),
        )
        .await?;
        for s in edge {
            if let Some(d) = s.last_day.filter(|d| !d.is_empty()) {
                last.insert(s.key, d);
            }
        }
    }
    for s in now.values() {
        if let Some(d) = s.last_day.as_ref().filter(|d| !d.is_empty()) {
            last.insert(s.key.clone(), d.clone());
        }
    }
    let products = crate::production::service::products(tx, org).await?;
    let find = |rows: &std::collections::HashMap<String, store::Sum>, id: i64| {
        rows.get(&id.to_string())
            .map_or((0, 0, 0), |r| (r.pieces, r.revenue, r.cost))
    };
    let revenues: Vec<i64> = products.iter().map(|p| find(&now, p.id).1).collect();
    let classes = model::abc(&revenues);
    let mut out: Vec<ProductIntelligence> = products
        .into_iter()
        .zip(classes)
        .map(|(product, abc)| {
            let (pieces, revenue, cost) = find(&now, product.id);
            let last_sold = last.get(&product.id.to_string()).cloned();
            let days_since = last_sold.as_deref().and_then(parse_day).map(|d| (t - d).whole_days());
            ProductIntelligence {
                change_bp: model::change_bp(revenue, find(&before, product.id).1),
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
    // Per month, channel and kind of buyer in one read, then summed each way.
    let detail = sums(tx, org, store::By::Detail, f, t).await?;
    let mut by_month: std::collections::BTreeMap<String, (i64, i64, i64)> = std::collections::BTreeMap::new();
    let mut by_channel: std::collections::HashMap<String, (i64, i64)> = std::collections::HashMap::new();
    let mut by_kind: std::collections::HashMap<String, (i64, i64)> = std::collections::HashMap::new();
    for d in detail.values() {
        let mut parts = d.key.split(' ');
        let (Some(m), Some(c), Some(k)) = (parts.next(), parts.next(), parts.next()) else {
            continue;
        };
        for (map, key) in [(&mut by_channel, c), (&mut by_kind, k)] {
            let e = map.entry(key.to_string()).or_default();
            *e = (e.0.saturating_add(d.pieces), e.1.saturating_add(d.revenue));
        }
        let e = by_month.entry(m.to_string()).or_default();
        *e = (
            e.0.saturating_add(d.pieces),
            e.1.saturating_add(d.revenue),
            e.2.saturating_add(d.cost),
        );
    }
    let mut months = vec![];
    let mut previous: Option<i64> = None;
    for (m, (pieces, revenue, cost)) in by_month {
        months.push((
            m,
            pieces,
            revenue,
            cost,
            previous.and_then(|p| model::change_bp(revenue, p)),
        ));
        previous = Some(revenue);
    }
    let channels = model::Channel::ALL
        .into_iter()
        .filter_map(|c| by_channel.get(c.as_str()).map(|(n, r)| (c.label(), *n, *r)))
        .collect();
    let buyer_kinds = BuyerKind::ALL
        .into_iter()
        .filter_map(|k| by_kind.get(k.as_str()).map(|(n, r)| (k.label(), *n, *r)))
        .collect();
    Ok(Intelligence {
        products: out,
        months,
        channels,
        buyer_kinds,
        paying: paying(tx, org, from, through).await?,
        prices: network_prices(tx, org, &month_ends(f, t.min(today))).await?,
    })
}

/// Per buyer, the invoices wholly paid in the period and the average days from the
/// order's first delivery to the payment.
async fn paying(tx: &mut Tx, org: &Org, from: &str, through: &str) -> AppResult<Vec<(String, i64, i64)>> {
    let first: std::collections::HashMap<i64, String> =
        store::first_deliveries(tx, org.id).await?.into_iter().collect();
    let mut per: std::collections::BTreeMap<String, (i64, i64)> = std::collections::BTreeMap::new();
    for i in store::invoices(tx, org.id, None).await? {
        let Some(paid) = i
            .settled_on
            .as_deref()
            .filter(|d| *d >= from && *d <= through && i.kind == "invoice")
        else {
            continue;
        };
        let (Some(p), Some(d)) = (parse_day(paid), first.get(&i.order_id).and_then(|d| parse_day(d))) else {
            continue;
        };
        let e = per.entry(i.buyer_name).or_default();
        e.0 += 1;
        e.1 += (p - d).whole_days().max(0);
    }
    Ok(per.into_iter().map(|(b, (n, days))| (b, n, days / n.max(1))).collect())
}

/// Each category's average retail price on each of `days` (a map per day), reading the
/// organisation's catalogue and price history once.
async fn category_prices(
    tx: &mut Tx,
    o: &Org,
    days: &[String],
) -> AppResult<Vec<std::collections::BTreeMap<&'static str, (i64, i64)>>> {
    let categories: std::collections::HashMap<i64, &'static str> = store::catalogue(tx, o.id)
        .await?
        .into_iter()
        .filter_map(|c| Some((c.product_id, model::category(&c.category)?)))
        .collect();
    let mut out = vec![std::collections::BTreeMap::new(); days.len()];
    // Newest first within each product and kind: the first not after a day holds on it.
    let history = store::prices(tx, o.id).await?;
    for rows in history
        .chunk_by(|a, b| a.product_id == b.product_id && a.buyer_kind == b.buyer_kind)
        .filter(|r| r[0].buyer_kind == BuyerKind::Retail.as_str())
    {
        let Some(cat) = categories.get(&rows[0].product_id) else {
            continue;
        };
        for (day, per) in days.iter().zip(out.iter_mut()) {
            if let Some(p) = rows.iter().find(|r| r.valid_from <= *day) {
                let e: &mut (i64, i64) = per.entry(*cat).or_default();
                e.0 += 1;
                e.1 = e.1.saturating_add(p.price);
            }
        }
    }
    Ok(out)
}

/// The organisation's average retail price per category on each of `days` against that
/// of the other organisations selling under the same federations and networks: (day,
/// category, its own, the others' average of their averages, how many others).
async fn network_prices(tx: &mut Tx, org: &Org, days: &[String]) -> AppResult<Vec<NetworkPrice>> {
    let own = category_prices(tx, org, days).await?;
    if own.iter().all(|m| m.is_empty()) {
        return Ok(vec![]);
    }
    let mut others: Vec<Org> = vec![];
    for parent in crate::orgs::parents(tx, org.id).await? {
        for o in sellers(tx, &parent).await? {
            if o.id != org.id && o.currency == org.currency && !others.iter().any(|x| x.id == o.id) {
                others.push(o);
            }
        }
    }
    let mut theirs = vec![std::collections::BTreeMap::<&'static str, (i64, i64)>::new(); days.len()];
    for o in &others {
        for (per, sum) in category_prices(tx, o, days).await?.into_iter().zip(theirs.iter_mut()) {
            for (c, (n, total)) in per {
                let e = sum.entry(c).or_default();
                e.0 += 1;
                e.1 = e.1.saturating_add(total / n.max(1));
            }
        }
    }
    let mut out = vec![];
    for ((day, mine), theirs) in days.iter().zip(own).zip(theirs) {
        for (c, (n, total)) in mine {
            let (others, sum) = theirs.get(c).copied().unwrap_or_default();
            out.push(NetworkPrice {
                day: day.clone(),
                category: c,
                own: total / n.max(1),
                network: if others > 0 { sum / others } else { 0 },
                orgs: others,
            });
        }
    }
    Ok(out)
}

/// A category's average retail price on a day, the organisation's against its network's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NetworkPrice {
    pub day: String,
    pub category: &'static str,
    pub own: i64,
    /// The average of the other organisations' averages; 0 when none sells it.
    pub network: i64,
    pub orgs: i64,
}

/// The last day of each month of a period (the period's last day for its last month),
/// at most the last 12.
fn month_ends(f: time::Date, t: time::Date) -> Vec<String> {
    let mut out = vec![];
    let mut d = t;
    while d >= f && out.len() < 12 {
        out.push(iso_day(d));
        let (first, _) = month_of(d);
        d = first - time::Duration::days(1);
    }
    out.reverse();
    out
}

// The catalogue and the seller's settings.

/// A product's place in the catalogue, with its descriptions by language.
#[derive(Debug, Clone, Default)]
pub struct CatalogueDraft {
    /// The product heading its family, when this is one of its variants.
    pub family_id: Option<i64>,
    pub variant: String,
    pub category: String,
    pub tax_code: String,
    pub tax_bp: i64,
    pub made_to_order: bool,
    pub descriptions: Vec<(String, String)>,
}

pub async fn set_catalogue(tx: &mut Tx, org: &Org, product_id: i64, d: &CatalogueDraft) -> AppResult<()> {
    crate::production::service::product(tx, org, product_id).await?;
    let category = match d.category.trim() {
        "" => "",
        c => model::category(c).ok_or_else(|| invalid("category", "category-invalid"))?,
    };
    let tax_code = crate::web::form::text("tax_code", &d.tax_code, 20, false)?;
    if !(0..=5_000).contains(&d.tax_bp) {
        return Err(invalid("tax_rate", "tax-rate-invalid"));
    }
    let variant = crate::web::form::text("variant", &d.variant, 40, d.family_id.is_some())?;
    if let Some(head) = d.family_id {
        // A family has one head, itself no variant, and is of one organisation.
        let cards = store::catalogue(tx, org.id).await?;
        crate::production::store::product(tx, org.id, head)
            .await?
            .filter(|_| head != product_id)
            .filter(|_| !cards.iter().any(|c| c.product_id == head && c.family_id.is_some()))
            .filter(|_| !cards.iter().any(|c| c.family_id == Some(product_id)))
            .ok_or_else(|| invalid("family", "variant-family-invalid"))?;
    }
    let row = store::CatalogueRow {
        product_id,
        category: category.to_string(),
        tax_code,
        tax_bp: d.tax_bp,
        made_to_order: d.made_to_order,
        family_id: d.family_id,
        variant,
    };
    store::put_catalogue(tx, org.id, &row).await?;
    for (locale, text) in &d.descriptions {
        let locale = crate::i18n::Locale::parse(locale).ok_or_else(|| invalid("description", "language-invalid"))?;
        let text = crate::web::form::text("description", text, 600, false)?;
        store::put_text(tx, org.id, product_id, locale.tag(), &text).await?;
    }
    Ok(())
}

/// Every product's catalogue card (products never filed have the default) and its
/// descriptions: (card, [(locale, text)]).
pub async fn catalogue(tx: &mut Tx, org: &Org) -> AppResult<Vec<(store::CatalogueRow, Vec<(String, String)>)>> {
    let cards = store::catalogue(tx, org.id).await?;
    let texts = store::texts(tx, org.id).await?;
    Ok(crate::production::service::products(tx, org)
        .await?
        .into_iter()
        .map(|p| {
            let card = cards
                .iter()
                .find(|c| c.product_id == p.id)
                .cloned()
                .unwrap_or(store::CatalogueRow {
                    product_id: p.id,
                    ..Default::default()
                });
            let own = texts
                .iter()
                .filter(|(id, _, _)| *id == p.id)
                .map(|(_, l, t)| (l.clone(), t.clone()))
                .collect();
            (card, own)
        })
        .collect())
}

/// Each product's name as a buyer reads it on an order or an invoice, its variant after
/// it (`Kurta, printed poplin · XL`), by product.
pub async fn names(tx: &mut Tx, org: &Org) -> AppResult<std::collections::HashMap<i64, String>> {
    let cards = store::catalogue(tx, org.id).await?;
    Ok(crate::production::service::products(tx, org)
        .await?
        .into_iter()
        .map(|p| {
            let name = match cards.iter().find(|c| c.product_id == p.id && !c.variant.is_empty()) {
                Some(c) => format!("{} · {}", p.name, c.variant),
                None => p.name,
            };
            (p.id, name)
        })
        .collect())
}

/// What the organisation prints on its invoices; until it says, its slug's first letters,
/// no tax registration, and its country's financial year.
pub async fn settings(tx: &mut Tx, org: &Org) -> AppResult<store::SettingsRow> {
    Ok(match store::settings(tx, org.id).await? {
        Some(s) => s,
        None => store::SettingsRow {
            invoice_prefix: org
                .slug
                .chars()
                .filter(|c| c.is_ascii_alphanumeric())
                .take(6)
                .collect::<String>()
                .to_ascii_uppercase(),
            tax_id: String::new(),
            tax_registered: false,
            year_starts: model::default_year_start(&org.country).to_string(),
            address: String::new(),
        },
    })
}

pub async fn save_settings(tx: &mut Tx, org: &Org, s: &store::SettingsRow) -> AppResult<()> {
    let prefix = s.invoice_prefix.trim().to_ascii_uppercase();
    if !model::valid_prefix(&prefix) {
        return Err(invalid("invoice_prefix", "invoice-prefix-invalid"));
    }
    if !model::valid_year_start(s.year_starts.trim()) {
        return Err(invalid("year_starts", "year-start-invalid"));
    }
    let row = store::SettingsRow {
        invoice_prefix: prefix,
        tax_id: crate::web::form::text("tax_id", &s.tax_id, 30, s.tax_registered)?,
        tax_registered: s.tax_registered,
        year_starts: s.year_starts.trim().to_string(),
        address: crate::web::form::text("address", &s.address, 200, false)?,
    };
    Ok(store::put_settings(tx, org.id, &row).await?)
}

// Buyers.

#[derive(Debug, Clone, Default)]
pub struct BuyerDraft {
    pub name: String,
    pub kind: String,
    pub phone: String,
    pub tax_id: String,
    pub address: String,
}

/// A buyer: the one with this phone when there is one (a guest ordering again is the
/// same buyer), else a new one.
pub async fn buyer_for(tx: &mut Tx, org: &Org, d: &BuyerDraft) -> AppResult<i64> {
    let name = crate::web::form::text("name", &d.name, 120, true)?;
    let kind = BuyerKind::parse(if d.kind.trim().is_empty() { "retail" } else { &d.kind })
        .ok_or_else(|| invalid("kind", "buyer-kind-invalid"))?;
    let phone = match d.phone.trim() {
        "" => None,
        p => Some(
            crate::auth::model::parse_phone(p, &org.country).ok_or_else(|| invalid("phone", "member-phone-invalid"))?,
        ),
    };
    let tax_id = crate::web::form::text("tax_id", &d.tax_id, 30, false)?;
    let address = crate::web::form::text("address", &d.address, 200, false)?;
    if let Some(p) = &phone
        && let Some(b) = store::buyer_by_phone(tx, org.id, p).await?
    {
        return Ok(b.id);
    }
    let row = store::BuyerRow {
        id: 0,
        name,
        kind: kind.as_str().to_string(),
        phone,
        tax_id,
        address,
    };
    Ok(store::insert_buyer(tx, org.id, &row).await?)
}

/// A new private sign-in link's secret for a buyer: she opens `/shop/{slug}/signin/{it}`
/// and orders at her own prices, sees her orders, invoices and what she owes. Only its
/// digest is kept; a new one ends the old.
pub async fn new_buyer_login(tx: &mut Tx, org: &Org, id: i64) -> AppResult<String> {
    buyer(tx, org, id).await?;
    let secret = crate::auth::random_token(24);
    store::set_login(tx, org.id, id, Some(&crate::auth::service::token_hash(&secret))).await?;
    Ok(secret)
}

/// Ends a buyer's sign-in link.
pub async fn end_buyer_login(tx: &mut Tx, org: &Org, id: i64) -> AppResult<()> {
    buyer(tx, org, id).await?;
    store::set_login(tx, org.id, id, None).await?;
    Ok(())
}

/// The buyer a sign-in link's secret belongs to, if it still holds.
pub async fn buyer_signing_in(tx: &mut Tx, org: &Org, secret: &str) -> AppResult<Option<store::BuyerRow>> {
    if secret.len() > 100 {
        return Ok(None);
    }
    Ok(store::buyer_by_login(tx, org.id, &crate::auth::service::token_hash(secret)).await?)
}

pub async fn buyer(tx: &mut Tx, org: &Org, id: i64) -> AppResult<store::BuyerRow> {
    store::buyer(tx, org.id, id).await?.ok_or(AppError::NotFound)
}

/// A buyer with what she owes: invoices open by age (0–30, 31–60, 61–90, over 90 days
/// since issue), what she has paid ahead, and the average days from delivery to payment.
#[derive(Debug, Clone)]
pub struct Account {
    pub buyer: store::BuyerRow,
    pub ageing: [i64; 4],
    pub owed: i64,
    pub advance: i64,
}

pub async fn accounts(tx: &mut Tx, org: &Org) -> AppResult<Vec<Account>> {
    let today = parse_day(&org.today());
    let mut out = vec![];
    for buyer in store::buyers(tx, org.id).await? {
        let mut ageing = [0i64; 4];
        for i in store::open_invoices(tx, org.id, buyer.id).await? {
            let days = match (today, parse_day(&i.issued_on)) {
                (Some(t), Some(d)) => (t - d).whole_days(),
                _ => 0,
            };
            let b = model::ageing_bucket(days);
            ageing[b] = ageing[b].saturating_add(i.total - i.settled);
        }
        let advance = store::advance_left(tx, org.id, buyer.id).await?;
        out.push(Account {
            owed: ageing.iter().sum(),
            buyer,
            ageing,
            advance,
        });
    }
    Ok(out)
}

// Orders.

/// An order as a buyer, the shopfront or a coordinator sends it.
#[derive(Debug, Clone, Default)]
pub struct OrderDraft {
    /// Minted when the buyer's form was opened (a guest on the shopfront); sent again,
    /// the order is found, not made twice.
    pub client_id: Option<String>,
    pub buyer_id: Option<i64>,
    pub buyer: BuyerDraft,
    /// A quote for an institution, or an order.
    pub quote: bool,
    /// Ordered on the public shopfront.
    pub from_shopfront: bool,
    pub lines: Vec<(i64, i64)>,
    pub note: String,
}

/// An order with its lines, its delivery notes and its invoices.
#[derive(Debug, Clone)]
pub struct Order {
    pub order: store::OrderRow,
    pub buyer: store::BuyerRow,
    pub lines: Vec<(store::OrderLineRow, ProductRow)>,
    pub deliveries: Vec<store::DeliveryRow>,
    pub invoices: Vec<store::InvoiceRow>,
}

impl Order {
    pub fn status(&self) -> model::OrderStatus {
        model::OrderStatus::parse(&self.order.status).unwrap_or(model::OrderStatus::Placed)
    }

    /// What the lines come to before tax, and the tax.
    pub fn totals(&self) -> (i64, i64) {
        self.lines.iter().fold((0i64, 0i64), |(n, t), (l, _)| {
            let net = l.quantity.saturating_mul(l.price);
            (
                n.saturating_add(net),
                t.saturating_add(model::line_tax(net, l.tax_bp).unwrap_or(0)),
            )
        })
    }
}

/// Checks that `pieces` more of a product can be promised: what is on hand, less what is
/// promised on orders not yet delivered, unless it is made to order.
async fn check_stock(tx: &mut Tx, org: &Org, product_id: i64, pieces: i64, made_to_order: bool) -> AppResult<()> {
    if made_to_order {
        return Ok(());
    }
    let on_hand = crate::production::service::goods_of(tx, org, product_id).await?.pieces;
    let promised = store::promised(tx, org.id, product_id).await?;
    if pieces > on_hand - promised {
        return Err(invalid("pieces", "order-beyond-stock"));
    }
    Ok(())
}

/// Places an order (or a quote): each line priced from the price list of the buyer's
/// kind, taxed at the product's rate when the organisation is registered for tax. An
/// order from the shopfront waits for the organisation to confirm it.
pub async fn place_order(tx: &mut Tx, org: &Org, d: &OrderDraft, by: Option<i64>) -> AppResult<i64> {
    if let Some(id) = &d.client_id
        && !model::valid_sale_id(id)
    {
        return Err(invalid("order", "sale-id-invalid"));
    }
    // The group calls a guest back to confirm: a guest's shopfront order needs her phone.
    if d.from_shopfront && d.buyer_id.is_none() && d.buyer.phone.trim().is_empty() {
        return Err(invalid("phone", "shop-phone-needed"));
    }
    let buyer_id = match d.buyer_id {
        Some(id) => {
            store::buyer(tx, org.id, id)
                .await?
                .ok_or_else(|| invalid("buyer", "buyer-unknown"))?
                .id
        }
        None => buyer_for(tx, org, &d.buyer).await?,
    };
    let buyer = buyer(tx, org, buyer_id).await?;
    let kind = BuyerKind::parse(&buyer.kind).unwrap_or(BuyerKind::Retail);
    let note = crate::web::form::text("note", &d.note, 300, false)?;
    crate::ledger::store::lock_books(tx, org.id).await?;
    if let Some(id) = &d.client_id
        && let Some(before) = store::order_by_client_id(tx, org.id, id).await?
    {
        // The same form sent again is the same order; other contents under its id are refused.
        let same = before.note == note && before.buyer_id == buyer_id && {
            let lines = store::order_lines(tx, org.id, before.id).await?;
            let sent = model::merged(
                &d.lines
                    .iter()
                    .map(|&(p, n)| Line {
                        product_id: p,
                        pieces: n,
                        price: 0,
                    })
                    .collect::<Vec<_>>(),
            )
            .unwrap_or_default();
            sent.len() == lines.len()
                && sent
                    .iter()
                    .zip(&lines)
                    .all(|(s, l)| s.product_id == l.product_id && s.pieces == l.quantity)
        };
        return if same {
            Ok(before.id)
        } else {
            Err(invalid("order", "sale-id-used"))
        };
    }
    let settings = settings(tx, org).await?;
    let cards = store::catalogue(tx, org.id).await?;
    let today = org.today();
    let prices: std::collections::HashMap<i64, i64> = store::prices_on(tx, org.id, kind.as_str(), &today)
        .await?
        .into_iter()
        .collect();
    let mut lines = vec![];
    for &(product_id, pieces) in &d.lines {
        if pieces == 0 {
            continue;
        }
        if !(1..=1_000_000).contains(&pieces) {
            return Err(invalid("pieces", "quantity-invalid"));
        }
        let product = crate::production::store::product(tx, org.id, product_id)
            .await?
            .ok_or_else(|| invalid("pieces", "order-not-sold"))?;
        let price = *prices
            .get(&product.id)
            .ok_or_else(|| invalid("pieces", "order-not-sold"))?;
        lines.push(Line {
            product_id: product.id,
            pieces,
            price,
        });
    }
    let lines = model::merged(&lines).ok_or_else(|| invalid("pieces", "error-too-large"))?;
    if lines.is_empty() {
        return Err(invalid("pieces", "sale-empty"));
    }
    model::total(&lines)
        .filter(|t| *t <= MAX_MINOR)
        .ok_or_else(|| invalid("pieces", "error-too-large"))?;
    if !d.quote {
        for l in &lines {
            let card = cards.iter().find(|c| c.product_id == l.product_id);
            check_stock(tx, org, l.product_id, l.pieces, card.is_some_and(|c| c.made_to_order)).await?;
        }
    }
    let channel = if d.from_shopfront {
        model::Channel::Shopfront
    } else if kind == BuyerKind::Institution {
        model::Channel::Institution
    } else {
        model::Channel::Shop
    };
    let status = match (d.quote, d.from_shopfront) {
        (true, _) => model::OrderStatus::Quote,
        (false, true) => model::OrderStatus::Placed,
        (false, false) => model::OrderStatus::Confirmed,
    };
    let row = store::OrderRow {
        id: 0,
        buyer_id,
        buyer_name: String::new(),
        channel: channel.as_str().to_string(),
        status: status.as_str().to_string(),
        client_id: d.client_id.clone(),
        ordered_on: today,
        note,
    };
    let id = store::insert_order(tx, org.id, &row, by).await?;
    for l in &lines {
        let tax_bp = if settings.tax_registered {
            cards
                .iter()
                .find(|c| c.product_id == l.product_id)
                .map_or(0, |c| c.tax_bp)
        } else {
            0
        };
        let line = store::OrderLineRow {
            id: 0,
            order_id: id,
            product_id: l.product_id,
            quantity: l.pieces,
            price: l.price,
            tax_bp,
            delivered: 0,
            invoiced: 0,
            production_order_id: None,
        };
        store::insert_order_line(tx, org.id, &line).await?;
    }
    Ok(id)
}

pub async fn orders(tx: &mut Tx, org: &Org) -> AppResult<Vec<store::OrderRow>> {
    Ok(store::orders(tx, org.id, None).await?)
}

pub async fn order(tx: &mut Tx, org: &Org, id: i64) -> AppResult<Order> {
    let order = store::order(tx, org.id, id).await?.ok_or(AppError::NotFound)?;
    let buyer = buyer(tx, org, order.buyer_id).await?;
    let mut lines = vec![];
    for l in store::order_lines(tx, org.id, id).await? {
        let p = crate::production::service::product(tx, org, l.product_id).await?;
        lines.push((l, p));
    }
    Ok(Order {
        deliveries: store::deliveries(tx, org.id, id).await?,
        invoices: store::invoices(tx, org.id, Some(id)).await?,
        order,
        buyer,
        lines,
    })
}

/// A guest's order found by the id her form was opened with.
pub async fn order_by_client_id(tx: &mut Tx, org: &Org, client_id: &str) -> AppResult<Order> {
    let o = store::order_by_client_id(tx, org.id, client_id)
        .await?
        .ok_or(AppError::NotFound)?;
    order(tx, org, o.id).await
}

/// Confirms a placed order or turns a quote into an order: the stock is checked again.
pub async fn confirm(tx: &mut Tx, org: &Org, id: i64) -> AppResult<()> {
    crate::ledger::store::lock_books(tx, org.id).await?;
    let o = order(tx, org, id).await?;
    if !matches!(o.status(), model::OrderStatus::Placed | model::OrderStatus::Quote) {
        return Err(invalid("order", "order-not-open"));
    }
    let cards = store::catalogue(tx, org.id).await?;
    // Placed orders already count in what is promised; a quote does not yet.
    if o.status() == model::OrderStatus::Quote {
        for (l, _) in &o.lines {
            let made = cards.iter().any(|c| c.product_id == l.product_id && c.made_to_order);
            check_stock(tx, org, l.product_id, l.quantity, made).await?;
        }
    }
    Ok(store::set_order_status(tx, org.id, id, model::OrderStatus::Confirmed.as_str()).await?)
}

/// Cancels an order nothing of which has been delivered.
pub async fn cancel(tx: &mut Tx, org: &Org, id: i64) -> AppResult<()> {
    let o = order(tx, org, id).await?;
    if o.status() == model::OrderStatus::Cancelled || o.lines.iter().any(|(l, _)| l.delivered > 0) {
        return Err(invalid("order", "order-not-cancellable"));
    }
    Ok(store::set_order_status(tx, org.id, id, model::OrderStatus::Cancelled.as_str()).await?)
}

/// Turns an order's line into a production order for the pieces not yet delivered; the
/// production order names the sale, and the line keeps it.
pub async fn make_for(tx: &mut Tx, org: &Org, id: i64, line_id: i64, due_on: &str, by: i64) -> AppResult<i64> {
    let o = order(tx, org, id).await?;
    if o.status() != model::OrderStatus::Confirmed {
        return Err(invalid("order", "order-not-confirmed"));
    }
    let (l, _) = o
        .lines
        .iter()
        .find(|(l, _)| l.id == line_id)
        .ok_or_else(|| invalid("line", "order-line-unknown"))?;
    if l.production_order_id.is_some() {
        return Err(invalid("line", "order-line-made"));
    }
    let d = crate::production::service::OrderDraft {
        product_id: l.product_id,
        quantity: l.quantity - l.delivered,
        due_on: due_on.to_string(),
        buyer: o.buyer.name.clone(),
        buyer_ref: format!("{} #{}", org.own_tr().t("order-sale"), o.order.id),
        pay_within_days: None,
    };
    let made = crate::production::service::create_order(tx, org, &d, by).await?;
    store::link_production(tx, org.id, l.id, made).await?;
    Ok(made)
}

/// Delivers pieces of a confirmed order's lines (order line, pieces): out of finished
/// goods at their average cost into the cost of goods sold, in one entry.
pub async fn deliver(tx: &mut Tx, org: &Org, id: i64, pieces: &[(i64, i64)], on: &str, by: i64) -> AppResult<i64> {
    let on = day("delivered_on", on)?;
    if on > org.today() {
        return Err(invalid("delivered_on", "sale-in-future"));
    }
    crate::ledger::store::lock_books(tx, org.id).await?;
    let o = order(tx, org, id).await?;
    if o.status() != model::OrderStatus::Confirmed {
        return Err(invalid("order", "order-not-confirmed"));
    }
    let mut out = vec![];
    for &(line_id, n) in pieces.iter().filter(|(_, n)| *n != 0) {
        let (l, _) = o
            .lines
            .iter()
            .find(|(l, _)| l.id == line_id)
            .ok_or_else(|| invalid("pieces", "order-line-unknown"))?;
        if n < 0 || n > l.quantity - l.delivered {
            return Err(invalid("pieces", "deliver-beyond-order"));
        }
        let goods = crate::production::service::goods_of(tx, org, l.product_id).await?;
        if n > goods.pieces {
            return Err(invalid("pieces", "sale-beyond-stock"));
        }
        out.push((l.clone(), n, goods.cost_of(n)));
    }
    if out.is_empty() {
        return Err(invalid("pieces", "sale-empty"));
    }
    let delivery = store::insert_delivery(tx, org.id, id, &on, by).await?;
    let mut cost = 0i64;
    for (l, n, c) in &out {
        store::insert_delivery_line(tx, org.id, delivery, l.id, *n, *c).await?;
        store::add_to_line(tx, org.id, l.id, *n, 0).await?;
        crate::production::service::move_goods(tx, org, l.product_id, -n, -c, "delivery", delivery).await?;
        cost = cost
            .checked_add(*c)
            .ok_or_else(|| invalid("pieces", "error-too-large"))?;
    }
    let tr = org.own_tr();
    let description = format!("{} #{} · {}", tr.t("delivery-note"), delivery, o.buyer.name);
    let lines: Vec<EntryLine<'_>> = vec![(COST_OF_SALES, None, cost), (FINISHED, None, -cost)];
    let e = entry_of(tx, org, &on, description, "delivery", delivery, &lines).await?;
    let entry = crate::ledger::post(tx, org, &e, Some(by)).await?;
    store::set_delivery_entry(tx, org.id, delivery, entry).await?;
    Ok(delivery)
}

pub async fn delivery(tx: &mut Tx, org: &Org, id: i64) -> AppResult<(store::DeliveryRow, Order, Vec<(i64, i64, i64)>)> {
    let d = store::delivery(tx, org.id, id).await?.ok_or(AppError::NotFound)?;
    let o = order(tx, org, d.order_id).await?;
    let lines = store::delivery_lines(tx, org.id, id).await?;
    Ok((d, o, lines))
}

/// Numbers a new document in the financial year of its day.
async fn number(tx: &mut Tx, org: &Org, credit: bool, on: &str) -> AppResult<(String, String, i64)> {
    let s = settings(tx, org).await?;
    let year = model::year_label(on, &s.year_starts).ok_or_else(|| invalid("issued_on", "entry-bad-date"))?;
    let kind = if credit { "credit" } else { "invoice" };
    let seq = store::next_seq(tx, org.id, kind, &year).await?;
    Ok((model::document_number(&s.invoice_prefix, credit, &year, seq), year, seq))
}

/// Invoices delivered pieces not yet invoiced (order line, pieces): the buyer owes the
/// total, the sales income and any tax are posted in one entry, and whatever she paid
/// ahead settles it at once.
pub async fn invoice(tx: &mut Tx, org: &Org, id: i64, pieces: &[(i64, i64)], on: &str, by: i64) -> AppResult<i64> {
    let on = day("issued_on", on)?;
    if on > org.today() {
        return Err(invalid("issued_on", "sale-in-future"));
    }
    crate::ledger::store::lock_books(tx, org.id).await?;
    let o = order(tx, org, id).await?;
    let mut lines = vec![];
    for &(line_id, n) in pieces.iter().filter(|(_, n)| *n != 0) {
        let (l, _) = o
            .lines
            .iter()
            .find(|(l, _)| l.id == line_id)
            .ok_or_else(|| invalid("pieces", "order-line-unknown"))?;
        if n < 0 || n > l.delivered - l.invoiced {
            return Err(invalid("pieces", "invoice-beyond-delivered"));
        }
        let net = n
            .checked_mul(l.price)
            .filter(|v| *v <= MAX_MINOR)
            .ok_or_else(|| invalid("pieces", "error-too-large"))?;
        let tax = model::line_tax(net, l.tax_bp).ok_or_else(|| invalid("pieces", "error-too-large"))?;
        // The cost of these pieces at what their deliveries cost.
        let (delivered, cost) = store::delivered_cost(tx, org.id, l.id).await?;
        let cost = crate::production::service::Goods {
            pieces: delivered,
            value: cost,
        }
        .cost_of(n);
        lines.push(store::InvoiceLineRow {
            id: 0,
            line_id: l.id,
            product_id: l.product_id,
            quantity: n,
            price: l.price,
            tax_bp: l.tax_bp,
            net,
            tax,
            cost,
        });
    }
    if lines.is_empty() {
        return Err(invalid("pieces", "sale-empty"));
    }
    let net: i64 = lines.iter().map(|l| l.net).sum();
    let tax: i64 = lines.iter().map(|l| l.tax).sum();
    let total = net
        .checked_add(tax)
        .filter(|t| *t <= MAX_MINOR)
        .ok_or_else(|| invalid("pieces", "error-too-large"))?;
    let (number, year, seq) = number(tx, org, false, &on).await?;
    let row = store::InvoiceRow {
        id: 0,
        kind: "invoice".into(),
        number: number.clone(),
        order_id: id,
        buyer_id: o.buyer.id,
        buyer_name: String::new(),
        corrects_id: None,
        issued_on: on.clone(),
        net,
        tax,
        total,
        settled: 0,
        settled_on: None,
    };
    let invoice = store::insert_invoice(tx, org.id, &row, &year, seq, by).await?;
    let kind = BuyerKind::parse(&o.buyer.kind).unwrap_or(BuyerKind::Retail);
    for l in &lines {
        store::insert_invoice_line(tx, org.id, invoice, l).await?;
        store::add_to_line(tx, org.id, l.line_id, 0, l.quantity).await?;
        let f = store::Fact {
            sold_on: &on,
            product_id: l.product_id,
            channel: &o.order.channel,
            buyer_kind: kind.as_str(),
            pieces: l.quantity,
            revenue: l.net,
            cost: l.cost,
            source: "invoice",
            source_id: invoice,
        };
        store::record_fact(tx, org.id, &f).await?;
    }
    // What she paid ahead settles the invoice now.
    let ahead = store::advance_left(tx, org.id, o.buyer.id).await?.min(total).max(0);
    let mut entry: Vec<EntryLine<'_>> = vec![(RECEIVABLE, None, total), (SALES, None, -net), (TAX, None, -tax)];
    if ahead > 0 {
        entry.extend([(ADVANCES, None, ahead), (RECEIVABLE, None, -ahead)]);
        store::settle(tx, org.id, invoice, ahead, &on).await?;
        store::insert_payment(tx, org.id, o.buyer.id, &on, 0, -ahead, "advance", &number, None, by).await?;
    }
    let description = format!("{} {} · {}", org.own_tr().t("invoice"), number, o.buyer.name);
    let e = entry_of(tx, org, &on, description, "invoice", invoice, &entry).await?;
    let entry_id = crate::ledger::post(tx, org, &e, Some(by)).await?;
    store::set_invoice_entry(tx, org.id, invoice, entry_id).await?;
    Ok(invoice)
}

pub async fn invoices(tx: &mut Tx, org: &Org) -> AppResult<Vec<store::InvoiceRow>> {
    Ok(store::invoices(tx, org.id, None).await?)
}

/// An invoice or credit note with its lines (and the products they name) and its order.
pub async fn invoice_of(
    tx: &mut Tx,
    org: &Org,
    id: i64,
) -> AppResult<(store::InvoiceRow, Vec<(store::InvoiceLineRow, ProductRow)>, Order)> {
    let i = store::invoice(tx, org.id, id).await?.ok_or(AppError::NotFound)?;
    let mut lines = vec![];
    for l in store::invoice_lines(tx, org.id, id).await? {
        let p = crate::production::service::product(tx, org, l.product_id).await?;
        lines.push((l, p));
    }
    let o = order(tx, org, i.order_id).await?;
    Ok((i, lines, o))
}

/// A credit note correcting an invoice for pieces of its lines (invoice line's order
/// line, pieces) returned or not accepted: the income and tax are taken back; what the
/// buyer still owed on the invoice is reduced, and beyond it she is owed (kept as paid
/// ahead). The invoice itself is never changed.
pub async fn credit(
    tx: &mut Tx,
    org: &Org,
    invoice_id: i64,
    pieces: &[(i64, i64)],
    reason: &str,
    on: &str,
    by: i64,
) -> AppResult<i64> {
    let on = day("issued_on", on)?;
    if on > org.today() {
        return Err(invalid("issued_on", "sale-in-future"));
    }
    let reason = crate::web::form::text("reason", reason, 200, true)?;
    crate::ledger::store::lock_books(tx, org.id).await?;
    let (inv, inv_lines, o) = invoice_of(tx, org, invoice_id).await?;
    if inv.kind != "invoice" {
        return Err(invalid("invoice", "credit-of-credit"));
    }
    let before = store::credited(tx, org.id, invoice_id).await?;
    let mut lines = vec![];
    for &(line_id, n) in pieces.iter().filter(|(_, n)| *n != 0) {
        let (l, _) = inv_lines
            .iter()
            .find(|(l, _)| l.line_id == line_id)
            .ok_or_else(|| invalid("pieces", "order-line-unknown"))?;
        let done = before.iter().find(|(id, _)| *id == line_id).map_or(0, |(_, n)| *n);
        if n < 0 || n > l.quantity - done {
            return Err(invalid("pieces", "credit-beyond-invoice"));
        }
        let net = n * l.price;
        lines.push(store::InvoiceLineRow {
            id: 0,
            line_id,
            product_id: l.product_id,
            quantity: n,
            price: l.price,
            tax_bp: l.tax_bp,
            net,
            tax: model::line_tax(net, l.tax_bp).unwrap_or(0),
            cost: 0,
        });
    }
    if lines.is_empty() {
        return Err(invalid("pieces", "sale-empty"));
    }
    let net: i64 = lines.iter().map(|l| l.net).sum();
    let tax: i64 = lines.iter().map(|l| l.tax).sum();
    let total = net + tax;
    let (number, year, seq) = number(tx, org, true, &on).await?;
    let row = store::InvoiceRow {
        id: 0,
        kind: "credit".into(),
        number: number.clone(),
        order_id: inv.order_id,
        buyer_id: inv.buyer_id,
        buyer_name: String::new(),
        corrects_id: Some(invoice_id),
        issued_on: on.clone(),
        net,
        tax,
        total,
        settled: total,
        settled_on: Some(on.clone()),
    };
    let id = store::insert_invoice(tx, org.id, &row, &year, seq, by).await?;
    store::settle(tx, org.id, id, 0, &on).await?;
    let kind = BuyerKind::parse(&o.buyer.kind).unwrap_or(BuyerKind::Retail);
    for l in &lines {
        store::insert_invoice_line(tx, org.id, id, l).await?;
        let f = store::Fact {
            sold_on: &on,
            product_id: l.product_id,
            channel: &o.order.channel,
            buyer_kind: kind.as_str(),
            pieces: -l.quantity,
            revenue: -l.net,
            cost: 0,
            source: "credit",
            source_id: id,
        };
        store::record_fact(tx, org.id, &f).await?;
    }
    let open = (inv.total - inv.settled).max(0).min(total);
    let beyond = total - open;
    if open > 0 {
        store::settle(tx, org.id, invoice_id, open, &on).await?;
    }
    if beyond > 0 {
        store::insert_payment(tx, org.id, inv.buyer_id, &on, 0, beyond, "credit", &number, None, by).await?;
    }
    let entry: Vec<EntryLine<'_>> = vec![
        (SALES, None, net),
        (TAX, None, tax),
        (RECEIVABLE, None, -open),
        (ADVANCES, None, -beyond),
    ];
    let description = format!(
        "{} {} · {} · {}",
        org.own_tr().t("credit-note"),
        number,
        inv.number,
        reason
    );
    let e = entry_of(tx, org, &on, description, "credit-note", id, &entry).await?;
    let entry_id = crate::ledger::post(tx, org, &e, Some(by)).await?;
    store::set_invoice_entry(tx, org.id, id, entry_id).await?;
    Ok(id)
}

/// Money from a buyer: it settles her open invoices oldest first; what is left over is
/// taken only when it is said to be an advance, and kept as paid ahead.
#[allow(clippy::too_many_arguments)]
pub async fn receive(
    tx: &mut Tx,
    org: &Org,
    buyer_id: i64,
    amount: i64,
    till: &str,
    advance: bool,
    reference: &str,
    on: &str,
    by: i64,
) -> AppResult<i64> {
    let on = day("paid_on", on)?;
    if on > org.today() {
        return Err(invalid("paid_on", "sale-in-future"));
    }
    if !(1..=MAX_MINOR).contains(&amount) {
        return Err(invalid("amount", "amount-not-positive"));
    }
    let till = Till::parse(till).ok_or_else(|| invalid("till", "sale-till-invalid"))?;
    let reference = crate::web::form::text("reference", reference, 80, false)?;
    crate::ledger::store::lock_books(tx, org.id).await?;
    let b = store::buyer(tx, org.id, buyer_id)
        .await?
        .ok_or_else(|| invalid("buyer", "buyer-unknown"))?;
    let open = store::open_invoices(tx, org.id, b.id).await?;
    let owed: Vec<(i64, i64)> = open.iter().map(|i| (i.id, i.total - i.settled)).collect();
    let (given, left) = model::allocate(amount, &owed);
    if left > 0 && !advance {
        return Err(invalid("amount", "payment-above-owed"));
    }
    for (id, part) in &given {
        store::settle(tx, org.id, *id, *part, &on).await?;
    }
    let applied = amount - left;
    let id = store::insert_payment(tx, org.id, b.id, &on, amount, left, till.as_str(), &reference, None, by).await?;
    let entry: Vec<EntryLine<'_>> = vec![
        (till.code(), None, amount),
        (RECEIVABLE, None, -applied),
        (ADVANCES, None, -left),
    ];
    let description = format!("{} · {}", org.own_tr().t("payment-from-buyer"), b.name);
    let e = entry_of(tx, org, &on, description, "buyer-payment", id, &entry).await?;
    let entry_id = crate::ledger::post(tx, org, &e, Some(by)).await?;
    store::set_payment_entry(tx, org.id, id, entry_id).await?;
    Ok(id)
}

pub async fn payments(tx: &mut Tx, org: &Org, buyer: Option<i64>) -> AppResult<Vec<store::PaymentRow>> {
    Ok(store::payments(tx, org.id, buyer).await?)
}
