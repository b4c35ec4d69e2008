//! Use cases of buying together, each in the caller's transaction.

use std::collections::HashMap;

use super::model::{self, Request, Rule};
use super::store::{self, AllocationRow, ArticleRow, CollectionRow, LineRow, RequestRow, RoundRow, SupplierRow};
use crate::db::{Tx, parse_day};
use crate::ledger::{NewEntry, Posting, Till};
use crate::orgs::Org;
use crate::web::{AppError, AppResult, FieldError};

/// Raw-material stock, payable to suppliers, margin on materials, members' receivables.
const STOCK: &str = "1200";
const PAYABLE: &str = "2200";
const MARGIN: &str = "4200";
const RECEIVABLE: &str = "1300";

/// The units articles are counted in.
pub const UNITS: [&str; 5] = ["piece", "metre", "kilogram", "reel", "packet"];

fn invalid(field: &'static str, message: &'static str) -> AppError {
    AppError::Invalid(vec![FieldError::new(field, message)])
}

/// A supplier; `supplier_org` is the short name of one of the organisation's federations
/// or networks when that is who supplies.
pub async fn create_supplier(
    tx: &mut Tx,
    org: &Org,
    name: &str,
    contact: &str,
    terms: &str,
    supplier_org: Option<&str>,
) -> AppResult<i64> {
    let supplier_org = match supplier_org.map(str::trim).filter(|s| !s.is_empty()) {
        Some(slug) => Some(
            crate::orgs::parents(tx, org.id)
                .await?
                .into_iter()
                .find(|p| p.slug == slug)
                .map(|p| p.id)
                .ok_or_else(|| invalid("supplier_org", "supplier-org-unknown"))?,
        ),
        None => None,
    };
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 120 {
        return Err(invalid("name", "supplier-name-invalid"));
    }
    if contact.chars().count() > 200 || terms.chars().count() > 500 {
        return Err(invalid("contact", "member-text-too-long"));
    }
    Ok(store::insert_supplier(tx, org.id, name, contact.trim(), terms.trim(), supplier_org).await?)
}

/// The smallest order value a supplier takes, in minor units (0 = none).
pub async fn set_min_order(tx: &mut Tx, org: &Org, supplier_id: i64, min_order: i64) -> AppResult<()> {
    supplier(tx, org, supplier_id).await?;
    if min_order < 0 {
        return Err(invalid("min_order", "amount-not-positive"));
    }
    Ok(store::set_min_order(tx, org.id, supplier_id, min_order).await?)
}

pub async fn suppliers(tx: &mut Tx, org: &Org) -> AppResult<Vec<SupplierRow>> {
    Ok(store::suppliers(tx, org.id).await?)
}

pub async fn articles(tx: &mut Tx, org: &Org) -> AppResult<Vec<ArticleRow>> {
    Ok(store::articles(tx, org.id).await?)
}

/// An article as typed: prices in minor units.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ArticleDraft {
    pub code: String,
    pub name: String,
    pub unit: String,
    pub pack_size: i64,
    pub pack_price: i64,
    pub min_packs: i64,
    pub category: String,
    pub retail_price: i64,
}

impl ArticleDraft {
    /// What is wrong with it, as message ids.
    pub fn problems(&self) -> Vec<&'static str> {
        let mut p = vec![];
        if self.code.trim().is_empty() || self.code.chars().count() > 40 {
            p.push("article-code-invalid");
        }
        if self.name.trim().is_empty() || self.name.chars().count() > 120 {
            p.push("article-name-invalid");
        }
        if !UNITS.contains(&self.unit.as_str()) {
            p.push("article-unit-invalid");
        }
        if !(1..=100_000).contains(&self.pack_size) {
            p.push("article-pack-size-invalid");
        }
        if self.pack_price <= 0 || self.retail_price < 0 {
            p.push("amount-not-positive");
        }
        if !(0..=100_000).contains(&self.min_packs) {
            p.push("article-min-invalid");
        }
        p
    }
}

async fn supplier(tx: &mut Tx, org: &Org, id: i64) -> AppResult<SupplierRow> {
    store::suppliers(tx, org.id)
        .await?
        .into_iter()
        .find(|s| s.id == id)
        .ok_or_else(|| invalid("supplier_id", "supplier-unknown"))
}

/// Adds an article or, when its code is known, changes it; a new price is kept in its
/// history from `date`.
pub async fn put_article(tx: &mut Tx, org: &Org, supplier_id: i64, a: &ArticleDraft, date: &str) -> AppResult<i64> {
    supplier(tx, org, supplier_id).await?;
    if let Some(problem) = a.problems().first() {
        return Err(invalid("article", problem));
    }
    let id = match store::article_by_code(tx, org.id, supplier_id, a.code.trim()).await? {
        Some(old) => {
            store::update_article(tx, org.id, old.id, a).await?;
            if old.pack_price == a.pack_price && old.retail_price == a.retail_price {
                return Ok(old.id);
            }
            old.id
        }
        None => store::insert_article(tx, org.id, supplier_id, a).await?,
    };
    store::insert_price(tx, org.id, id, a.pack_price, a.retail_price, date).await?;
    Ok(id)
}

pub async fn price_history(tx: &mut Tx, org: &Org, article_id: i64) -> AppResult<Vec<(i64, i64, String)>> {
    Ok(store::price_history(tx, org.id, article_id).await?)
}

/// Every article's prices, newest first: (article, pack price, retail price, from).
pub async fn price_histories(tx: &mut Tx, org: &Org) -> AppResult<Vec<(i64, i64, i64, String)>> {
    Ok(store::price_histories(tx, org.id).await?)
}

/// A line of a price list as read, what it changes, and what is wrong with it.
#[derive(Debug, Clone)]
pub struct PriceLine {
    pub line: usize,
    pub article: ArticleDraft,
    /// The pack price before, when the article is known.
    pub before: Option<i64>,
    pub problems: Vec<&'static str>,
}

/// Reads a price list: a header, then `code,name,unit,pack_size,pack_price,retail_price,category,min_packs`
/// with prices in the currency's units ("250.00").
pub async fn read_price_list(tx: &mut Tx, org: &Org, supplier_id: i64, text: &str) -> AppResult<Vec<PriceLine>> {
    supplier(tx, org, supplier_id).await?;
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let money = |s: &str| crate::money::Money::parse(s, org.currency, '.').map(|m| m.minor).ok();
    let mut out = vec![];
    for (i, record) in reader.records().enumerate() {
        let Ok(r) = record else {
            out.push(PriceLine {
                line: i + 2,
                article: ArticleDraft::default(),
                before: None,
                problems: vec!["import-row-unreadable"],
            });
            continue;
        };
        let get = |k: usize| r.get(k).unwrap_or("").to_string();
        let mut problems = vec![];
        if r.len() != 8 {
            problems.push("article-row-columns");
        }
        let number = |s: String| s.parse::<i64>().unwrap_or(-1);
        let article = ArticleDraft {
            code: get(0),
            name: get(1),
            unit: get(2),
            pack_size: number(get(3)),
            pack_price: money(&get(4)).unwrap_or(-1),
            retail_price: money(&get(5)).unwrap_or(-1),
            category: get(6),
            min_packs: number(get(7)),
        };
        problems.extend(article.problems());
        let before = store::article_by_code(tx, org.id, supplier_id, article.code.trim())
            .await?
            .map(|a| a.pack_price);
        out.push(PriceLine {
            line: i + 2,
            article,
            before,
            problems,
        });
    }
    if out.is_empty() {
        out.push(PriceLine {
            line: 2,
            article: ArticleDraft::default(),
            before: None,
            problems: vec!["import-empty"],
        });
    }
    Ok(out)
}

/// Imports a price list when every line is right; any bad line refuses the whole list.
pub async fn import_price_list(tx: &mut Tx, org: &Org, supplier_id: i64, text: &str, date: &str) -> AppResult<usize> {
    let lines = read_price_list(tx, org, supplier_id, text).await?;
    if lines.iter().any(|l| !l.problems.is_empty()) {
        return Err(invalid("csv", "import-has-errors"));
    }
    for l in &lines {
        put_article(tx, org, supplier_id, &l.article, date).await?;
    }
    Ok(lines.len())
}

/// A round as a coordinator sets it up.
#[derive(Debug, Clone, Default)]
pub struct RoundDraft {
    pub title: String,
    pub suppliers: Vec<i64>,
    pub closes_on: String,
    pub collection_on: String,
    pub place: String,
    pub rule: String,
    pub keep_partial: bool,
}

pub async fn create_round(tx: &mut Tx, org: &Org, d: &RoundDraft, by: i64) -> AppResult<i64> {
    let mut errors = vec![];
    let title = d.title.trim();
    if title.is_empty() || title.chars().count() > 200 {
        errors.push(FieldError::new("title", "vote-title-invalid"));
    }
    let (closes, collection) = (parse_day(&d.closes_on), parse_day(&d.collection_on));
    if closes.is_none() {
        errors.push(FieldError::new("closes_on", "entry-bad-date"));
    }
    if collection.is_none() || collection < closes {
        errors.push(FieldError::new("collection_on", "round-collection-invalid"));
    }
    if d.place.trim().is_empty() || d.place.chars().count() > 200 {
        errors.push(FieldError::new("place", "meeting-place-invalid"));
    }
    let rule = Rule::parse(&d.rule);
    if rule.is_none() {
        errors.push(FieldError::new("rule", "round-rule-invalid"));
    }
    let known = store::suppliers(tx, org.id).await?;
    if d.suppliers.is_empty() || d.suppliers.iter().any(|s| !known.iter().any(|k| k.id == *s)) {
        errors.push(FieldError::new("suppliers", "supplier-unknown"));
    }
    if !errors.is_empty() {
        return Err(AppError::Invalid(errors));
    }
    let id = store::insert_round(
        tx,
        org.id,
        title,
        d.closes_on.trim(),
        d.collection_on.trim(),
        d.place.trim(),
        org.bylaws.purchase_margin_bp,
        rule.unwrap_or(Rule::FirstCome).as_str(),
        d.keep_partial,
        by,
    )
    .await?;
    for s in &d.suppliers {
        store::add_round_supplier(tx, org.id, id, *s).await?;
    }
    Ok(id)
}

pub async fn rounds(tx: &mut Tx, org: &Org) -> AppResult<Vec<RoundRow>> {
    Ok(store::rounds(tx, org.id).await?)
}

pub async fn open_rounds(tx: &mut Tx, org: &Org) -> AppResult<Vec<(i64, String, String)>> {
    Ok(store::open_rounds(tx, org.id).await?)
}

async fn step(tx: &mut Tx, org: &Org, id: i64, from: &str, to: &str) -> AppResult<()> {
    if !store::set_status(tx, org.id, id, from, to).await? {
        return Err(invalid("round", "round-wrong-step"));
    }
    Ok(())
}

pub async fn open(tx: &mut Tx, org: &Org, id: i64) -> AppResult<()> {
    step(tx, org, id, "draft", "open").await
}

/// Her request for one article: units and how many more she would take to fill a pack.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Want {
    pub article_id: i64,
    pub quantity: i64,
    pub tolerance: i64,
}

/// Records a member's requests while the round is open, before its closing day. The
/// round's row is locked first, so a closing waits for this request or refuses it.
pub async fn request(
    tx: &mut Tx,
    org: &Org,
    id: i64,
    member_id: i64,
    wants: &[Want],
    today: &str,
    by: i64,
) -> AppResult<()> {
    if !store::set_status(tx, org.id, id, "open", "open").await? {
        return Err(invalid("quantity", "round-not-open"));
    }
    let round = store::round(tx, org.id, id).await?.ok_or(AppError::NotFound)?;
    if today > round.closes_on.as_str() {
        return Err(invalid("quantity", "round-not-open"));
    }
    let offered = store::round_articles(tx, org.id, id).await?;
    for w in wants {
        if !offered.iter().any(|a| a.id == w.article_id) {
            return Err(invalid("article", "round-article-unknown"));
        }
        if !(0..=100_000).contains(&w.quantity) || !(0..=100_000).contains(&w.tolerance) {
            return Err(invalid("quantity", "round-quantity-invalid"));
        }
    }
    for w in wants {
        store::put_request(tx, org.id, id, member_id, w.article_id, w.quantity, w.tolerance, by).await?;
    }
    Ok(())
}

/// Requests by article, each in the order they came, as the allocation reads them.
fn requests_by_article(all: &[RequestRow]) -> HashMap<i64, Vec<Request>> {
    let mut out: HashMap<i64, Vec<Request>> = HashMap::new();
    for r in all {
        out.entry(r.article_id).or_default().push(Request {
            member: r.member_id,
            quantity: r.quantity,
            tolerance: r.tolerance,
        });
    }
    out
}

/// Closes the round: each article's requests become whole packs and are shared out by
/// the round's rule. Requests made after this are refused.
pub async fn close(tx: &mut Tx, org: &Org, id: i64) -> AppResult<()> {
    step(tx, org, id, "open", "closed").await?;
    let round = store::round(tx, org.id, id).await?.ok_or(AppError::NotFound)?;
    let rule = Rule::parse(&round.rule).unwrap_or(Rule::FirstCome);
    let requests = requests_by_article(&store::requests(tx, org.id, id).await?);
    let mut planned = vec![];
    for a in store::round_articles(tx, org.id, id).await? {
        let Some(reqs) = requests.get(&a.id) else {
            continue;
        };
        let plain: i64 = reqs.iter().map(|r| r.quantity).sum();
        let tolerance: i64 = reqs.iter().map(|r| r.tolerance).sum();
        let packs = model::packs(plain, tolerance, a.pack_size, round.keep_partial);
        store::insert_line(tx, org.id, id, a.id, a.pack_size, a.pack_price, packs).await?;
        let (units, _stock) = model::allocate(reqs, packs * a.pack_size, rule);
        planned.extend(reqs.iter().zip(units).map(|(r, u)| (r.member, a.id, u)));
    }
    store::insert_allocations(tx, org.id, id, &planned).await?;
    Ok(())
}

/// Sends the order: each article's packs must reach its minimum, and what goes to each
/// supplier the supplier's minimum order value.
pub async fn order(tx: &mut Tx, org: &Org, id: i64) -> AppResult<()> {
    let articles = store::round_articles(tx, org.id, id).await?;
    let mut by_supplier: HashMap<i64, i64> = HashMap::new();
    for l in store::lines(tx, org.id, id).await? {
        if let Some(a) = articles.iter().find(|a| a.id == l.article_id) {
            if l.packs > 0 && l.packs < a.min_packs {
                return Err(invalid("round", "round-below-minimum"));
            }
            *by_supplier.entry(a.supplier_id).or_default() += l.packs * l.pack_price;
        }
    }
    for s in store::suppliers(tx, org.id).await? {
        if let Some(value) = by_supplier.get(&s.id)
            && *value > 0
            && *value < s.min_order
        {
            return Err(invalid("round", "round-below-minimum-value"));
        }
    }
    step(tx, org, id, "closed", "ordered").await
}

/// What came for one article: units and the price per pack on the invoice.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Received {
    pub article_id: i64,
    pub units: i64,
    pub pack_price: i64,
}

/// Records the delivery as it came: a shortfall is shared again by the rule, more than
/// ordered only when the coordinator says so (the extra goes to tolerances, then stock);
/// the supplier's invoice posts stock against what is owed to the supplier.
pub async fn receive(
    tx: &mut Tx,
    org: &Org,
    id: i64,
    came: &[Received],
    accept_extra: bool,
    date: &str,
    by: i64,
) -> AppResult<i64> {
    parse_day(date).ok_or_else(|| invalid("date", "entry-bad-date"))?;
    step(tx, org, id, "ordered", "received").await?;
    let round = store::round(tx, org.id, id).await?.ok_or(AppError::NotFound)?;
    let rule = Rule::parse(&round.rule).unwrap_or(Rule::FirstCome);
    let requests = requests_by_article(&store::requests(tx, org.id, id).await?);
    let mut invoice = 0i64;
    for l in store::lines(tx, org.id, id).await? {
        let got = came
            .iter()
            .find(|c| c.article_id == l.article_id)
            .copied()
            .unwrap_or(Received {
                article_id: l.article_id,
                units: l.packs * l.pack_size,
                pack_price: l.pack_price,
            });
        if got.units < 0 || got.pack_price < 0 {
            return Err(invalid("units", "round-quantity-invalid"));
        }
        if got.units > l.packs * l.pack_size && !accept_extra {
            return Err(invalid("units", "round-more-than-ordered"));
        }
        store::receive_line(tx, org.id, id, l.article_id, got.units, got.pack_price).await?;
        invoice += model::cost(got.units, got.pack_price, l.pack_size);
        let planned = l.packs * l.pack_size;
        let reqs = requests.get(&l.article_id).map(Vec::as_slice).unwrap_or(&[]);
        if got.units != planned {
            // Only what changed is written again.
            let (before, _) = model::allocate(reqs, planned, rule);
            let (after, _) = model::allocate(reqs, got.units, rule);
            for ((r, u), b) in reqs.iter().zip(after).zip(before) {
                if u != b {
                    store::put_allocation(tx, org.id, id, r.member, l.article_id, u, false).await?;
                }
            }
        }
    }
    if invoice > 0 {
        let stock = crate::ledger::account(tx, org, STOCK).await?;
        let payable = crate::ledger::account(tx, org, PAYABLE).await?;
        let entry = NewEntry {
            date: date.to_string(),
            description: format!("{} · {}", org.own_tr().t("round-invoice"), round.title),
            source: "purchase-invoice",
            source_id: Some(id),
            reverses_id: None,
            postings: vec![
                Posting {
                    account_id: stock.id,
                    amount: invoice,
                },
                Posting {
                    account_id: payable.id,
                    amount: -invoice,
                },
            ],
        };
        let entry_id = crate::ledger::post(tx, org, &entry, Some(by)).await?;
        store::set_entry(tx, org.id, id, true, entry_id).await?;
    }
    Ok(invoice)
}

/// A member's share of a round: units by article, cost, margin, retail.
#[derive(Debug, Clone, Default)]
pub struct Share {
    pub member_id: i64,
    pub member_number: String,
    pub name: String,
    /// (article, planned units, units)
    pub items: Vec<(i64, i64, i64)>,
    pub cost: i64,
    pub margin: i64,
    pub retail: i64,
}

impl Share {
    pub fn charge(&self) -> i64 {
        self.cost + self.margin
    }
    pub fn saving(&self) -> i64 {
        self.retail - self.charge()
    }
}

/// Everything a round's page shows.
#[derive(Debug, Clone)]
pub struct Round {
    pub round: RoundRow,
    pub articles: Vec<ArticleRow>,
    pub requests: Vec<RequestRow>,
    pub lines: Vec<LineRow>,
    pub shares: Vec<Share>,
    pub collections: Vec<CollectionRow>,
    pub invoice: i64,
}

impl Round {
    pub fn article(&self, id: i64) -> Option<&ArticleRow> {
        self.articles.iter().find(|a| a.id == id)
    }
    pub fn saving(&self) -> i64 {
        self.shares.iter().map(Share::saving).sum()
    }
    /// Units of an article ordered, received (or expected), allocated, and left to stock.
    pub fn stock(&self, l: &LineRow) -> i64 {
        let units = l.units_received.unwrap_or(l.packs * l.pack_size);
        let given: i64 = self
            .shares
            .iter()
            .flat_map(|s| &s.items)
            .filter(|(a, _, _)| *a == l.article_id)
            .map(|(_, _, u)| u)
            .sum();
        units - given
    }
}

fn shares_of(
    round: &RoundRow,
    articles: &[ArticleRow],
    lines: &[LineRow],
    allocations: &[AllocationRow],
) -> Vec<Share> {
    let mut by_member: Vec<Share> = vec![];
    let mut index: HashMap<i64, usize> = HashMap::new();
    for a in allocations {
        let i = *index.entry(a.member_id).or_insert_with(|| {
            by_member.push(Share {
                member_id: a.member_id,
                member_number: a.member_number.clone(),
                name: a.name.clone(),
                ..Default::default()
            });
            by_member.len() - 1
        });
        by_member[i].items.push((a.article_id, a.planned, a.units));
    }
    for s in &mut by_member {
        for (article_id, _, units) in &s.items {
            let line = lines.iter().find(|l| l.article_id == *article_id);
            let article = articles.iter().find(|a| a.id == *article_id);
            if let (Some(l), Some(a)) = (line, article) {
                let price = l.pack_price_received.unwrap_or(l.pack_price);
                s.cost += model::cost(*units, price, l.pack_size);
                s.retail += units * a.retail_price;
            }
        }
        s.margin = model::margin(s.cost, round.margin_bp);
    }
    by_member
}

pub async fn get(tx: &mut Tx, org: &Org, id: i64) -> AppResult<Round> {
    let round = store::round(tx, org.id, id).await?.ok_or(AppError::NotFound)?;
    let articles = store::round_articles(tx, org.id, id).await?;
    let lines = store::lines(tx, org.id, id).await?;
    let allocations = store::allocations(tx, org.id, id).await?;
    let shares = shares_of(&round, &articles, &lines, &allocations);
    let invoice = lines
        .iter()
        .map(|l| {
            model::cost(
                l.units_received.unwrap_or(0),
                l.pack_price_received.unwrap_or(l.pack_price),
                l.pack_size,
            )
        })
        .sum();
    Ok(Round {
        requests: store::requests(tx, org.id, id).await?,
        collections: store::collections(tx, org.id, id).await?,
        round,
        articles,
        lines,
        shares,
        invoice,
    })
}

/// A member collects her share and is charged at cost plus margin: to her account, or
/// paid at once into a till. One entry; collecting twice is refused.
pub async fn collect(
    tx: &mut Tx,
    org: &Org,
    id: i64,
    member_id: i64,
    paid: Option<Till>,
    date: &str,
    by: i64,
) -> AppResult<i64> {
    parse_day(date).ok_or_else(|| invalid("date", "entry-bad-date"))?;
    let round = store::round(tx, org.id, id).await?.ok_or(AppError::NotFound)?;
    if round.status != "received" {
        return Err(invalid("member_number", "round-wrong-step"));
    }
    // Her allocations only: a round of thousands shares out one member at a time.
    let articles = store::round_articles(tx, org.id, id).await?;
    let lines = store::lines(tx, org.id, id).await?;
    let mine = store::member_allocations(tx, org.id, id, member_id).await?;
    let share = shares_of(&round, &articles, &lines, &mine)
        .into_iter()
        .next()
        .ok_or_else(|| invalid("member_number", "round-nothing-for-her"))?;
    let charge = share.charge();
    let entry_id = if charge > 0 {
        let m = crate::members::by_id(tx, org.id, member_id)
            .await?
            .ok_or(AppError::NotFound)?;
        let receivable = crate::ledger::member_account(tx, org, RECEIVABLE, m.id, &m.name).await?;
        let stock = crate::ledger::account(tx, org, STOCK).await?;
        let mut postings = vec![
            Posting {
                account_id: receivable.id,
                amount: charge,
            },
            Posting {
                account_id: stock.id,
                amount: -share.cost,
            },
        ];
        if share.margin > 0 {
            let margin = crate::ledger::account(tx, org, MARGIN).await?;
            postings.push(Posting {
                account_id: margin.id,
                amount: -share.margin,
            });
        }
        if let Some(till) = paid {
            let t = crate::ledger::account(tx, org, till.code()).await?;
            postings.push(Posting {
                account_id: t.id,
                amount: charge,
            });
            postings.push(Posting {
                account_id: receivable.id,
                amount: -charge,
            });
        }
        let entry = NewEntry {
            date: date.to_string(),
            description: format!(
                "{} · {} · {} ({})",
                org.own_tr().t("round-collected"),
                round.title,
                m.name,
                m.member_number
            ),
            source: "purchase-collection",
            source_id: Some(id),
            reverses_id: None,
            postings,
        };
        Some(crate::ledger::post(tx, org, &entry, Some(by)).await?)
    } else {
        None
    };
    let how = paid.map_or("account", Till::as_str);
    if !store::insert_collection(tx, org.id, id, member_id, entry_id, how, charge, share.retail, date).await? {
        return Err(invalid("member_number", "round-collected-twice"));
    }
    Ok(charge)
}

/// Pays the supplier's invoice from a till.
pub async fn pay_supplier(tx: &mut Tx, org: &Org, id: i64, till: Till, date: &str, by: i64) -> AppResult<i64> {
    parse_day(date).ok_or_else(|| invalid("date", "entry-bad-date"))?;
    let r = get(tx, org, id).await?;
    if !["received", "distributed"].contains(&r.round.status.as_str())
        || r.round.payment_entry_id.is_some()
        || r.invoice <= 0
    {
        return Err(invalid("round", "round-wrong-step"));
    }
    let payable = crate::ledger::account(tx, org, PAYABLE).await?;
    let t = crate::ledger::account(tx, org, till.code()).await?;
    let entry = NewEntry {
        date: date.to_string(),
        description: format!("{} · {}", org.own_tr().t("round-supplier-paid"), r.round.title),
        source: "purchase-payment",
        source_id: Some(id),
        reverses_id: None,
        postings: vec![
            Posting {
                account_id: payable.id,
                amount: r.invoice,
            },
            Posting {
                account_id: t.id,
                amount: -r.invoice,
            },
        ],
    };
    let entry_id = crate::ledger::post(tx, org, &entry, Some(by)).await?;
    store::set_entry(tx, org.id, id, false, entry_id).await?;
    Ok(entry_id)
}

/// Sharing out is over once every member with a share has collected it; what is left
/// stays in the raw-material stock.
pub async fn finish(tx: &mut Tx, org: &Org, id: i64) -> AppResult<()> {
    let r = get(tx, org, id).await?;
    let waiting = r
        .shares
        .iter()
        .filter(|s| s.charge() > 0)
        .any(|s| !r.collections.iter().any(|c| c.member_id == s.member_id));
    if waiting {
        return Err(invalid("round", "round-not-all-collected"));
    }
    step(tx, org, id, "received", "distributed").await
}

/// Settled once the supplier is paid.
pub async fn settle(tx: &mut Tx, org: &Org, id: i64) -> AppResult<()> {
    let r = store::round(tx, org.id, id).await?.ok_or(AppError::NotFound)?;
    if r.payment_entry_id.is_none() && r.invoice_entry_id.is_some() {
        return Err(invalid("round", "round-supplier-unpaid"));
    }
    step(tx, org, id, "distributed", "settled").await
}

/// What she paid for goods bought together since `from`, and what they cost at retail.
pub async fn member_saving(tx: &mut Tx, org: &Org, member_id: i64, from: &str) -> AppResult<(i64, i64)> {
    Ok(store::member_saving(tx, org.id, member_id, from).await?)
}
