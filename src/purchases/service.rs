//! Use cases of buying together, each in the caller's transaction.

use std::collections::HashMap;

use super::model::{self, Request, Rule};
use super::store::{self, ArticleRow, CollectionRow, LineRow, RoundRow, SupplierRow};
use crate::db::{Tx, parse_day, parse_minute};
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
    /// The organisation's local minute: "2026-12-01T18:00"; a date alone means 23:59.
    pub closes_at: String,
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
    let closes_at = parse_minute(&d.closes_at);
    let closes = closes_at.as_deref().and_then(|m| parse_day(m.get(..10)?));
    let collection = parse_day(&d.collection_on);
    if closes.is_none() {
        errors.push(FieldError::new("closes_at", "round-closes-invalid"));
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
        closes_at.as_deref().unwrap_or_default(),
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

/// Opens the round for requests, if its closing time is still to come (`now` is the
/// organisation's clock).
pub async fn open(tx: &mut Tx, org: &Org, id: i64, now: &str) -> AppResult<()> {
    let round = store::round(tx, org.id, id).await?.ok_or(AppError::NotFound)?;
    if round.status == "draft" && round.closes_at.as_str() <= now {
        return Err(invalid("closes_at", "round-closes-past"));
    }
    step(tx, org, id, "draft", "open").await?;
    announce(tx, org, &round, crate::notices::Kind::RoundOpened).await
}

/// Moves the closing time of a round not yet closed, to a minute still to come and not
/// after the collection date: a deadline extended for members who have not asked yet.
pub async fn reschedule(tx: &mut Tx, org: &Org, id: i64, closes_at: &str, now: &str) -> AppResult<()> {
    let round = store::round(tx, org.id, id).await?.ok_or(AppError::NotFound)?;
    let closes_at = parse_minute(closes_at).ok_or_else(|| invalid("closes_at", "round-closes-invalid"))?;
    if closes_at.as_str() <= now {
        return Err(invalid("closes_at", "round-closes-past"));
    }
    if closes_at.get(..10).unwrap_or_default() > round.collection_on.as_str() {
        return Err(invalid("closes_at", "round-collection-invalid"));
    }
    if !store::set_closes_at(tx, org.id, id, &closes_at).await? {
        return Err(invalid("closes_at", "round-wrong-step"));
    }
    Ok(())
}

/// Closes every open round whose closing time has come on its organisation's clock; the
/// server does this every `Config::sweep_every`. Answers how many it closed.
pub async fn close_due(db: &crate::db::Db) -> AppResult<usize> {
    let mut tx = db.begin().await?;
    let orgs = crate::orgs::all(&mut tx).await?;
    let mut due = vec![];
    for org in orgs {
        let now = org.clock();
        for (id, _, closes_at) in store::open_rounds(&mut tx, org.id).await? {
            if closes_at.as_str() <= now.as_str() {
                due.push((org.clone(), id));
            }
        }
    }
    drop(tx);
    let mut closed = 0;
    for (org, id) in due {
        let mut tx = db.begin_write().await?;
        match close(&mut tx, &org, id).await {
            Ok(()) => {
                tx.commit().await?;
                closed += 1;
            }
            // Closed by hand meanwhile.
            Err(AppError::Invalid(_)) => {}
            Err(e) => return Err(e),
        }
    }
    Ok(closed)
}

/// Her request for one article: units and how many more she would take to fill a pack.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Want {
    pub article_id: i64,
    pub quantity: i64,
    pub tolerance: i64,
}

/// Records a member's requests while the round is open, before its closing minute on the
/// organisation's clock (`now`). The round's row is locked first, so a closing waits for
/// this request or refuses it.
pub async fn request(
    tx: &mut Tx,
    org: &Org,
    id: i64,
    member_id: i64,
    wants: &[Want],
    now: &str,
    by: i64,
) -> AppResult<i64> {
    if !store::set_status(tx, org.id, id, "open", "open").await? {
        return Err(invalid("quantity", "round-not-open"));
    }
    let round = store::round(tx, org.id, id).await?.ok_or(AppError::NotFound)?;
    if now >= round.closes_at.as_str() {
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
    let mut cost = 0i64;
    for w in wants {
        store::put_request(tx, org.id, id, member_id, w.article_id, w.quantity, w.tolerance, by).await?;
        if let Some(a) = offered.iter().find(|a| a.id == w.article_id) {
            cost = cost.saturating_add(model::cost(w.quantity, a.pack_price, a.pack_size));
        }
    }
    // What she will pay about, at collection: her units at the pack prices, with the
    // round's margin (packs and sharing out may change it a little).
    Ok(cost.saturating_add(model::margin(cost, round.margin_bp)))
}

/// Requests by article, each in the order they came, as the allocation reads them.
async fn requests_by_article(tx: &mut Tx, org: &Org, id: i64) -> AppResult<HashMap<i64, Vec<Request>>> {
    let mut out: HashMap<i64, Vec<Request>> = HashMap::new();
    for (member, article, quantity, tolerance) in store::wanted(tx, org.id, id).await? {
        out.entry(article).or_default().push(Request {
            member,
            quantity,
            tolerance,
        });
    }
    Ok(out)
}

/// Closes the round: each article's requests become whole packs and are shared out by
/// the round's rule. Requests made after this are refused.
pub async fn close(tx: &mut Tx, org: &Org, id: i64) -> AppResult<()> {
    step(tx, org, id, "open", "closed").await?;
    let round = store::round(tx, org.id, id).await?.ok_or(AppError::NotFound)?;
    let rule = Rule::parse(&round.rule).unwrap_or(Rule::FirstCome);
    let requests = requests_by_article(tx, org, id).await?;
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
        planned.extend(model::per_member(reqs, &units).into_iter().map(|(m, u)| (m, a.id, u)));
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
    // Requests are read only when something came short or over.
    let mut requests: Option<HashMap<i64, Vec<Request>>> = None;
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
        if got.units != planned {
            if requests.is_none() {
                requests = Some(requests_by_article(tx, org, id).await?);
            }
            let reqs = requests
                .as_ref()
                .and_then(|r| r.get(&l.article_id))
                .map(Vec::as_slice)
                .unwrap_or(&[]);
            // Only what changed is written again.
            let (before, _) = model::allocate(reqs, planned, rule);
            let (after, _) = model::allocate(reqs, got.units, rule);
            let before = model::per_member(reqs, &before);
            for ((member, u), (_, b)) in model::per_member(reqs, &after).into_iter().zip(before) {
                if u != b {
                    store::put_allocation(tx, org.id, id, member, l.article_id, u, false).await?;
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
            planned: false,
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
    // Each member with a share hears it is ready, where and when to collect.
    let args = [
        ("title", round.title.clone()),
        ("when", round.collection_on.clone()),
        ("place", round.collection_place.clone()),
    ];
    for member in store::members_with_units(tx, org.id, id).await? {
        crate::notices::queue(tx, org, member, crate::notices::Kind::RoundReady, id, &args).await?;
    }
    Ok(invoice)
}

/// Tells the active members a round is open for their requests.
async fn announce(tx: &mut Tx, org: &Org, round: &store::RoundRow, kind: crate::notices::Kind) -> AppResult<()> {
    let args = [
        ("title", round.title.clone()),
        ("closes", round.closes_at.replace('T', " ")),
    ];
    let asked = store::members_who_asked(tx, org.id, round.id).await?;
    for member in crate::members::active_ids(tx, org.id).await? {
        // A reminder goes to those who have not asked yet.
        if kind == crate::notices::Kind::RoundClosingSoon && asked.binary_search(&member).is_ok() {
            continue;
        }
        crate::notices::queue(tx, org, member, kind, round.id, &args).await?;
    }
    Ok(())
}

/// Reminds members of rounds closing within a day, on the organisation's clock `now`.
pub async fn remind_closing(tx: &mut Tx, org: &Org, now: &str) -> AppResult<()> {
    let Some(tomorrow) = parse_day(now.get(..10).unwrap_or_default()).and_then(|d| d.next_day()) else {
        return Ok(());
    };
    let within = format!("{}{}", crate::db::iso_day(tomorrow), now.get(10..).unwrap_or(""));
    for (id, _, closes_at) in store::open_rounds(tx, org.id).await? {
        if closes_at.as_str() > now && closes_at <= within {
            let round = store::round(tx, org.id, id).await?.ok_or(AppError::NotFound)?;
            announce(tx, org, &round, crate::notices::Kind::RoundClosingSoon).await?;
        }
    }
    Ok(())
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
    /// How many requests (member × article) it has.
    pub requests: i64,
    pub lines: Vec<LineRow>,
    /// Every member's share, or only the reader's (see `view`).
    pub shares: Vec<Share>,
    /// How many members have a share.
    pub sharers: i64,
    /// Units given to members, by article.
    pub allocated: HashMap<i64, i64>,
    /// What the members saved against retail, all of them.
    pub saving: i64,
    pub collections: Vec<CollectionRow>,
    /// The members among `collections`.
    collected_by: std::collections::HashSet<i64>,
    pub invoice: i64,
}

impl Round {
    pub fn article(&self, id: i64) -> Option<&ArticleRow> {
        self.articles.iter().find(|a| a.id == id)
    }
    /// Units of an article ordered, received (or expected), allocated, and left to stock.
    pub fn stock(&self, l: &LineRow) -> i64 {
        let units = l.units_received.unwrap_or(l.packs * l.pack_size);
        units - self.allocated.get(&l.article_id).copied().unwrap_or(0)
    }
    /// Whether she has collected her share.
    pub fn collected(&self, member_id: i64) -> bool {
        self.collected_by.contains(&member_id)
    }
}

/// Each member's share, from who has one (in the order given) and what she gets.
fn shares_of(
    round: &RoundRow,
    articles: &[ArticleRow],
    lines: &[LineRow],
    sharers: Vec<(i64, String, String)>,
    allocated: &[(i64, i64, i64, i64)],
) -> Vec<Share> {
    let mut index: HashMap<i64, usize> = HashMap::new();
    let mut shares: Vec<Share> = sharers
        .into_iter()
        .enumerate()
        .map(|(i, (member_id, member_number, name))| {
            index.insert(member_id, i);
            Share {
                member_id,
                member_number,
                name,
                ..Default::default()
            }
        })
        .collect();
    // Price per pack as invoiced (or ordered), pack size and retail price, by article.
    let prices: HashMap<i64, (i64, i64, i64)> = lines
        .iter()
        .filter_map(|l| {
            let a = articles.iter().find(|a| a.id == l.article_id)?;
            Some((
                l.article_id,
                (
                    l.pack_price_received.unwrap_or(l.pack_price),
                    l.pack_size,
                    a.retail_price,
                ),
            ))
        })
        .collect();
    for (member, article, planned, units) in allocated {
        let Some(s) = index.get(member).and_then(|i| shares.get_mut(*i)) else {
            continue;
        };
        s.items.push((*article, *planned, *units));
        if let Some((price, size, retail)) = prices.get(article) {
            s.cost += model::cost(*units, *price, *size);
            s.retail += units * retail;
        }
    }
    for s in &mut shares {
        s.margin = model::margin(s.cost, round.margin_bp);
    }
    shares
}

/// A round with every member's share: the collection list, the API, the steps.
pub async fn get(tx: &mut Tx, org: &Org, id: i64) -> AppResult<Round> {
    view(tx, org, id, None).await
}

/// A round as one member's page shows it: her share only, and the figures of all. Every
/// share is read only while the round is being handed out, when the saving still moves;
/// once all have collected, it is the sum of what they paid against retail.
pub async fn view(tx: &mut Tx, org: &Org, id: i64, reader: Option<i64>) -> AppResult<Round> {
    let round = store::round(tx, org.id, id).await?.ok_or(AppError::NotFound)?;
    let articles = store::round_articles(tx, org.id, id).await?;
    let lines = store::lines(tx, org.id, id).await?;
    let everyone = reader.is_none() || round.status == "received";
    let only = if everyone { None } else { reader };
    let sharers = store::sharers(tx, org.id, id, only).await?;
    let allocated = store::allocated(tx, org.id, id, only).await?;
    let shares = shares_of(&round, &articles, &lines, sharers, &allocated);
    let collections = store::collections(tx, org.id, id).await?;
    let saving = if everyone {
        shares.iter().map(Share::saving).sum()
    } else {
        collections.iter().map(|c| c.retail - c.charge).sum()
    };
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
        requests: store::count_requests(tx, org.id, id).await?,
        sharers: store::count_sharers(tx, org.id, id).await?,
        allocated: store::allocated_by_article(tx, org.id, id).await?.into_iter().collect(),
        saving,
        collected_by: collections.iter().map(|c| c.member_id).collect(),
        collections,
        round,
        articles,
        lines,
        shares,
        invoice,
    })
}

/// Who collects: one member, the members ticked on the collection list, or everyone
/// whose share is still waiting.
#[derive(Debug, Clone, Copy)]
pub enum Collectors<'a> {
    These(&'a [i64]),
    AllWaiting,
}

/// Members collect their shares and are charged at cost plus margin: to their accounts,
/// or paid at once into a till. One entry for all of them, one debit per member, so a
/// collection day of thousands posts at once; collecting twice is refused.
pub async fn collect(
    tx: &mut Tx,
    org: &Org,
    id: i64,
    who: Collectors<'_>,
    paid: Option<Till>,
    date: &str,
    by: i64,
) -> AppResult<i64> {
    parse_day(date).ok_or_else(|| invalid("date", "entry-bad-date"))?;
    // Locks the round: two collection desks cannot hand out the same share.
    if !store::set_status(tx, org.id, id, "received", "received").await? {
        return Err(invalid("member_number", "round-wrong-step"));
    }
    let round = store::round(tx, org.id, id).await?.ok_or(AppError::NotFound)?;
    let articles = store::round_articles(tx, org.id, id).await?;
    let lines = store::lines(tx, org.id, id).await?;
    // One member's allocations only when one collects: a desk serves them one by one.
    let only = match who {
        Collectors::These([one]) => Some(*one),
        _ => None,
    };
    let sharers = store::sharers(tx, org.id, id, only).await?;
    let allocated = store::allocated(tx, org.id, id, only).await?;
    let shares = shares_of(&round, &articles, &lines, sharers, &allocated);
    let mut done: std::collections::HashSet<i64> = store::collections(tx, org.id, id)
        .await?
        .iter()
        .map(|c| c.member_id)
        .collect();
    let taking: Vec<&Share> = match who {
        Collectors::These(ids) => {
            let mut out = vec![];
            for m in ids {
                let share = shares
                    .iter()
                    .find(|s| s.member_id == *m)
                    .ok_or_else(|| invalid("member_number", "round-nothing-for-her"))?;
                if !done.insert(*m) {
                    return Err(invalid("member_number", "round-collected-twice"));
                }
                out.push(share);
            }
            out
        }
        Collectors::AllWaiting => shares.iter().filter(|s| !done.contains(&s.member_id)).collect(),
    };
    if taking.is_empty() {
        return Err(invalid("member_number", "round-nothing-waiting"));
    }
    let charged: Vec<&&Share> = taking.iter().filter(|s| s.charge() > 0).collect();
    let total: i64 = charged.iter().map(|s| s.charge()).sum();
    let entry_id = if total > 0 {
        let names: Vec<(i64, &str)> = charged.iter().map(|s| (s.member_id, s.name.as_str())).collect();
        let receivables = crate::ledger::member_accounts(tx, org, RECEIVABLE, &names).await?;
        let mut postings = vec![];
        let (mut cost, mut margin) = (0, 0);
        for s in &charged {
            let account_id = *receivables.get(&s.member_id).ok_or(AppError::NotFound)?;
            postings.push(Posting {
                account_id,
                amount: s.charge(),
            });
            if paid.is_some() {
                postings.push(Posting {
                    account_id,
                    amount: -s.charge(),
                });
            }
            cost += s.cost;
            margin += s.margin;
        }
        postings.push(Posting {
            account_id: crate::ledger::account(tx, org, STOCK).await?.id,
            amount: -cost,
        });
        if margin > 0 {
            postings.push(Posting {
                account_id: crate::ledger::account(tx, org, MARGIN).await?.id,
                amount: -margin,
            });
        }
        if let Some(till) = paid {
            postings.push(Posting {
                account_id: crate::ledger::account(tx, org, till.code()).await?.id,
                amount: total,
            });
        }
        let tr = org.own_tr();
        let whom = match charged.as_slice() {
            [s] => format!("{} ({})", s.name, s.member_number),
            many => tr.ta("round-members-count", &[("count", (many.len() as i64).into())]),
        };
        let entry = NewEntry {
            date: date.to_string(),
            description: format!("{} · {} · {whom}", tr.t("round-collected"), round.title),
            source: "purchase-collection",
            source_id: Some(id),
            reverses_id: None,
            planned: false,
            postings,
        };
        Some(crate::ledger::post(tx, org, &entry, Some(by)).await?)
    } else {
        None
    };
    let how = paid.map_or("account", Till::as_str);
    let rows: Vec<(i64, i64, i64)> = taking.iter().map(|s| (s.member_id, s.charge(), s.retail)).collect();
    store::insert_collections(tx, org.id, id, entry_id, how, date, &rows).await?;
    Ok(total)
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
        planned: false,
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
        .any(|s| !r.collected(s.member_id));
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

/// An article of the organisation's raw-material stock.
pub async fn article(tx: &mut Tx, org: &Org, id: i64) -> AppResult<ArticleRow> {
    store::article(tx, org.id, id).await?.ok_or(AppError::NotFound)
}

/// Raw material on hand, in thousandths of the article's unit.
pub async fn stock_on_hand(tx: &mut Tx, org: &Org, article_id: i64) -> AppResult<i64> {
    Ok(store::stock_on_hand(tx, org.id, article_id).await?)
}

/// What a quantity (thousandths of the unit) costs at the article's pack price, rounded
/// half up to the minor unit.
pub fn stock_value(a: &ArticleRow, milli: i64) -> AppResult<i64> {
    if milli < 0 || a.pack_size <= 0 {
        return Err(invalid("quantity", "round-quantity-invalid"));
    }
    let d = i128::from(a.pack_size) * 1000;
    i64::try_from((i128::from(milli) * i128::from(a.pack_price) * 2 + d) / (2 * d))
        .map_err(|_| invalid("quantity", "error-too-large"))
}

/// Material bought outside a round comes into stock, paid from a till.
#[allow(clippy::too_many_arguments)]
pub async fn stock_in(
    tx: &mut Tx,
    org: &Org,
    article_id: i64,
    milli: i64,
    value: i64,
    till: Till,
    date: &str,
    by: i64,
) -> AppResult<i64> {
    parse_day(date).ok_or_else(|| invalid("date", "entry-bad-date"))?;
    let a = article(tx, org, article_id).await?;
    if milli <= 0 {
        return Err(invalid("quantity", "round-quantity-invalid"));
    }
    if value <= 0 {
        return Err(invalid("value", "amount-not-positive"));
    }
    let stock = crate::ledger::account(tx, org, STOCK).await?;
    let t = crate::ledger::account(tx, org, till.code()).await?;
    let entry = NewEntry {
        date: date.to_string(),
        description: format!("{} · {}", org.own_tr().t("stock-in"), a.name),
        source: "stock-in",
        source_id: Some(article_id),
        reverses_id: None,
        planned: false,
        postings: vec![
            Posting {
                account_id: stock.id,
                amount: value,
            },
            Posting {
                account_id: t.id,
                amount: -value,
            },
        ],
    };
    let entry_id = crate::ledger::post(tx, org, &entry, Some(by)).await?;
    store::insert_stock_move(tx, org.id, article_id, milli, value, "stock-in", Some(entry_id)).await?;
    Ok(entry_id)
}

/// Takes material out of stock for `source` (a production lot), refusing more than is
/// on hand; answers what it cost. The caller posts it, out of the stock account.
pub async fn take_from_stock(
    tx: &mut Tx,
    org: &Org,
    article_id: i64,
    milli: i64,
    source: &str,
    source_id: i64,
) -> AppResult<i64> {
    let a = article(tx, org, article_id).await?;
    if milli <= 0 {
        return Err(invalid("quantity", "round-quantity-invalid"));
    }
    if store::stock_on_hand(tx, org.id, article_id).await? < milli {
        return Err(invalid("quantity", "stock-not-enough"));
    }
    let value = stock_value(&a, milli)?;
    store::insert_stock_move(tx, org.id, article_id, -milli, -value, source, Some(source_id)).await?;
    Ok(value)
}

/// Material comes back into stock at the value it left with.
pub async fn put_back_in_stock(
    tx: &mut Tx,
    org: &Org,
    article_id: i64,
    milli: i64,
    value: i64,
    source: &str,
    source_id: i64,
) -> AppResult<()> {
    Ok(store::insert_stock_move(tx, org.id, article_id, milli, value, source, Some(source_id)).await?)
}
