//! Use cases of producing together, each in the caller's transaction: products and their
//! rates against the minimum wage, orders split into lots, materials issued and
//! returned, hand-ins with their receipts, pay, and the reconciliation of it all.
//!
//! The books: issuing material moves its cost from the raw-material stock to "materials
//! with members" (still the organisation's); a hand-in's pay is piece-rate work owed to
//! her; the last operation's accepted pieces enter finished goods at their materials and
//! piece pay; closing an order moves what rejects and waste used to materials expense.

use std::collections::{BTreeMap, HashMap};

use super::model::{self, Count, Materials, PayHow, Wage};
use super::store::{
    self, HandInRow, LotMaterialRow, LotRow, MaterialRow, OperationRow, OrderRow, ProductRow, RateRow, WageRow,
};
use crate::db::{Tx, iso_day, parse_day};
use crate::ledger::Till;
use crate::orgs::Org;
use crate::web::{AppError, AppResult, FieldError};

const RAW: &str = "1200";
const FINISHED: &str = "1210";
const WITH_MEMBERS: &str = "1220";
const OWED: &str = "2210";
const TO_STOCK: &str = "4600";
const MATERIALS: &str = "5100";
const PIECE_WORK: &str = "5200";

/// One line of an entry to be: an account code, the member whose sub-account it is (id,
/// name) when it is hers, and the amount.
use crate::ledger::{EntryLine as Line, entry_of as entry};

/// Most lots a member's work page reads.
pub const WORK_PAGE_LOTS: i64 = 50;

fn invalid(field: &'static str, message: &'static str) -> AppError {
    AppError::Invalid(vec![FieldError::new(field, message)])
}

fn day(field: &'static str, s: &str) -> AppResult<time::Date> {
    parse_day(s.trim()).ok_or_else(|| invalid(field, "entry-bad-date"))
}

pub(crate) use crate::web::form::text;

// Minimum wages.

/// A legal minimum wage as typed, checked.
pub async fn add_wage(tx: &mut Tx, org: &Org, w: &WageRow, by: i64) -> AppResult<i64> {
    let region = text("region", &w.region, 80, true)?;
    let skill = text("skill", &w.skill, 80, true)?;
    if w.per_day <= 0 {
        return Err(invalid("per_day", "amount-not-positive"));
    }
    if !(60..=720).contains(&w.minutes_per_day) {
        return Err(invalid("hours_per_day", "wage-hours-invalid"));
    }
    let from = day("valid_from", &w.valid_from)?;
    let row = WageRow {
        region,
        skill,
        valid_from: iso_day(from),
        ..w.clone()
    };
    Ok(store::insert_wage(tx, org.id, &row, by).await?)
}

pub async fn wages(tx: &mut Tx, org: &Org) -> AppResult<Vec<WageRow>> {
    Ok(store::wages(tx, org.id).await?)
}

// Products.

pub struct ProductDraft {
    pub code: String,
    pub name: String,
    pub region: String,
    pub efficiency_pct: i64,
}

pub async fn create_product(tx: &mut Tx, org: &Org, d: &ProductDraft) -> AppResult<i64> {
    let code = text("code", &d.code, 40, true)?;
    let name = text("name", &d.name, 120, true)?;
    let region = text("region", &d.region, 80, true)?;
    if !(10..=300).contains(&d.efficiency_pct) {
        return Err(invalid("efficiency", "product-efficiency-invalid"));
    }
    if store::product_code_taken(tx, org.id, &code).await? {
        return Err(invalid("code", "product-code-taken"));
    }
    Ok(store::insert_product(tx, org.id, &code, &name, &region, d.efficiency_pct).await?)
}

/// The organisation's products, without their materials and route.
pub async fn products(tx: &mut Tx, org: &Org) -> AppResult<Vec<ProductRow>> {
    Ok(store::products(tx, org.id).await?)
}

pub async fn product(tx: &mut Tx, org: &Org, id: i64) -> AppResult<ProductRow> {
    store::product(tx, org.id, id).await?.ok_or(AppError::NotFound)
}

/// An article of the raw-material stock in the product's bill of materials.
pub async fn put_material(
    tx: &mut Tx,
    org: &Org,
    product_id: i64,
    article_id: i64,
    per_piece: i64,
    waste_bp: i64,
) -> AppResult<()> {
    product(tx, org, product_id).await?;
    crate::purchases::article(tx, org, article_id)
        .await
        .map_err(|_| invalid("article", "article-unknown"))?;
    if per_piece <= 0 {
        return Err(invalid("per_piece", "quantity-not-positive"));
    }
    if !(0..=5_000).contains(&waste_bp) {
        return Err(invalid("waste", "bylaws-rate-invalid"));
    }
    Ok(store::put_material(tx, org.id, product_id, article_id, per_piece, waste_bp).await?)
}

/// The next operation of a product's route.
pub async fn add_operation(
    tx: &mut Tx,
    org: &Org,
    product_id: i64,
    name: &str,
    skill: &str,
    sam_centi: i64,
) -> AppResult<i64> {
    product(tx, org, product_id).await?;
    let name = text("op_name", name, 80, true)?;
    let skill = text("skill", skill, 80, true)?;
    if !(1..=100_000).contains(&sam_centi) {
        return Err(invalid("sam", "operation-sam-invalid"));
    }
    Ok(store::insert_operation(tx, org.id, product_id, &name, &skill, sam_centi).await?)
}

/// The fair rate of an operation on a day; None when no minimum wage is known for it.
pub async fn fair_rate(tx: &mut Tx, org: &Org, p: &ProductRow, op: &OperationRow, on: &str) -> AppResult<Option<i64>> {
    let Some(w) = store::wage_on(tx, org.id, &p.region, &op.skill, on).await? else {
        return Ok(None);
    };
    Ok(model::fair_rate(
        Wage {
            per_day: w.per_day,
            minutes_per_day: w.minutes_per_day,
        },
        op.sam_centi,
        p.efficiency_pct,
    ))
}

/// A new rate for an operation from a day on. A rate below the fair one needs its
/// reason; the rates before it stay in the history, and pieces handed in keep theirs.
pub async fn set_rate(
    tx: &mut Tx,
    org: &Org,
    operation_id: i64,
    rate: i64,
    reason: &str,
    valid_from: &str,
    by: i64,
) -> AppResult<i64> {
    let op = store::operation(tx, org.id, operation_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let p = product(tx, org, op.product_id).await?;
    let from = iso_day(day("valid_from", valid_from)?);
    if rate <= 0 {
        return Err(invalid("rate", "rate-not-positive"));
    }
    let fair = fair_rate(tx, org, &p, &op, &from).await?.unwrap_or(0);
    let reason = text("reason", reason, 300, false)?;
    if rate < fair && reason.is_empty() {
        return Err(invalid("reason", "rate-below-fair-needs-reason"));
    }
    let row = RateRow {
        id: 0,
        operation_id,
        rate,
        fair_rate: fair,
        reason,
        valid_from: from,
    };
    Ok(store::insert_rate(tx, org.id, &row, by).await?)
}

/// An operation with its rate today, its fair rate today and its history.
#[derive(Debug, Clone)]
pub struct RateCard {
    pub op: OperationRow,
    pub rate: Option<RateRow>,
    pub fair: Option<i64>,
    pub history: Vec<RateRow>,
}

impl RateCard {
    /// Below the fair rate: flagged wherever it shows.
    pub fn below_fair(&self) -> bool {
        matches!((&self.rate, self.fair), (Some(r), Some(f)) if r.rate < f)
    }
}

/// A product with its bill of materials and its route, each operation's rate card.
#[derive(Debug, Clone)]
pub struct Product {
    pub product: ProductRow,
    pub materials: Vec<MaterialRow>,
    pub route: Vec<RateCard>,
}

/// The organisation's products, each whole.
pub async fn catalogue(tx: &mut Tx, org: &Org) -> AppResult<Vec<Product>> {
    let today = org.today();
    let products = store::products(tx, org.id).await?;
    let mut materials = store::materials(tx, org.id, None).await?;
    let ops = store::operations(tx, org.id, None).await?;
    let mut rates: HashMap<i64, Vec<RateRow>> = HashMap::new();
    for r in store::rates(tx, org.id).await? {
        rates.entry(r.operation_id).or_default().push(r);
    }
    let mut out = vec![];
    for p in products {
        let mut route = vec![];
        for op in ops.iter().filter(|o| o.product_id == p.id) {
            let history = rates.remove(&op.id).unwrap_or_default();
            let rate = history.iter().find(|r| r.valid_from <= today).cloned();
            let fair = fair_rate(tx, org, &p, op, &today).await?;
            route.push(RateCard {
                op: op.clone(),
                rate,
                fair,
                history,
            });
        }
        let (mine, rest): (Vec<MaterialRow>, Vec<MaterialRow>) =
            materials.into_iter().partition(|m| m.product_id == p.id);
        materials = rest;
        out.push(Product {
            product: p,
            materials: mine,
            route,
        });
    }
    Ok(out)
}

// Orders.

pub struct OrderDraft {
    pub product_id: i64,
    pub quantity: i64,
    pub due_on: String,
    pub buyer: String,
    pub buyer_ref: String,
    /// None: the bylaws' promise.
    pub pay_within_days: Option<i64>,
}

pub async fn create_order(tx: &mut Tx, org: &Org, d: &OrderDraft, by: i64) -> AppResult<i64> {
    let p = store::product(tx, org.id, d.product_id)
        .await?
        .ok_or_else(|| invalid("product", "product-unknown"))?;
    if store::operations(tx, org.id, Some(p.id)).await?.is_empty() {
        return Err(invalid("product", "product-no-route"));
    }
    if !(1..=10_000_000).contains(&d.quantity) {
        return Err(invalid("quantity", "quantity-not-positive"));
    }
    let due = iso_day(day("due_on", &d.due_on)?);
    let buyer = text("buyer", &d.buyer, 120, false)?;
    let buyer_ref = text("buyer_ref", &d.buyer_ref, 80, false)?;
    let days = d.pay_within_days.unwrap_or(org.bylaws.pay_within_days);
    if !(0..=90).contains(&days) {
        return Err(invalid("pay_within_days", "bylaws-pay-days-invalid"));
    }
    Ok(store::insert_order(tx, org.id, p.id, d.quantity, &due, &buyer, &buyer_ref, days, by).await?)
}

pub async fn orders(tx: &mut Tx, org: &Org) -> AppResult<Vec<OrderRow>> {
    Ok(store::orders(tx, org.id).await?)
}

/// One operation's pieces on an order.
#[derive(Debug, Clone, Default)]
pub struct Step {
    pub op_id: i64,
    pub seq: i64,
    pub name: String,
    /// Pieces it may still give out in new lots.
    pub free: i64,
    pub taken: i64,
    pub accepted: i64,
    pub rejected: i64,
}

/// An order with its lots, the pieces of each operation, and its materials reconciled.
#[derive(Debug, Clone)]
pub struct Order {
    pub order: OrderRow,
    pub product: Product,
    pub steps: Vec<Step>,
    pub lots: Vec<LotRow>,
    pub materials: Vec<LotMaterialRow>,
    /// Per article: (name, unit, the order's count).
    pub reconciled: Vec<(String, String, Materials)>,
}

impl Order {
    /// Finished pieces: those the last operation accepted.
    pub fn finished(&self) -> i64 {
        self.steps.last().map_or(0, |s| s.accepted)
    }
}

async fn product_whole(tx: &mut Tx, org: &Org, id: i64) -> AppResult<Product> {
    catalogue(tx, org)
        .await?
        .into_iter()
        .find(|p| p.product.id == id)
        .ok_or(AppError::NotFound)
}

/// The steps of an order: pieces free for new lots in each operation follow from the
/// order's quantity for the first, from the accepted pieces of the one before for the rest.
fn steps(order: &OrderRow, route: &[RateCard], progress: &[(i64, i64, i64, i64)]) -> Vec<Step> {
    let mut out: Vec<Step> = vec![];
    let mut source = order.quantity;
    for card in route {
        let (taken, accepted, rejected) = progress
            .iter()
            .find(|p| p.0 == card.op.id)
            .map_or((0, 0, 0), |p| (p.1, p.2, p.3));
        out.push(Step {
            op_id: card.op.id,
            seq: card.op.seq,
            name: card.op.name.clone(),
            free: model::free_pieces(source, taken),
            taken,
            accepted,
            rejected,
        });
        source = accepted;
    }
    out
}

/// Reconciles each lot's materials against the bill of materials.
fn reconcile(
    lots: &[LotRow],
    materials: &[LotMaterialRow],
    bom: &[MaterialRow],
) -> Vec<(i64, String, String, Materials)> {
    let mut out = vec![];
    for m in materials {
        let Some(lot) = lots.iter().find(|l| l.id == m.lot_id) else {
            continue;
        };
        let (per_piece, waste_bp) = bom
            .iter()
            .find(|b| b.article_id == m.article_id)
            .map_or((0, 0), |b| (b.per_piece_milli, b.waste_bp));
        let count = Materials::of_lot(
            m.issued_milli,
            per_piece,
            lot.accepted + lot.rejected,
            m.returned_milli,
            m.wasted_milli,
            waste_bp,
            lot.open(),
        );
        out.push((m.lot_id, m.article.clone(), m.unit.clone(), count));
    }
    out
}

pub async fn order(tx: &mut Tx, org: &Org, id: i64) -> AppResult<Order> {
    let order = store::order(tx, org.id, id).await?.ok_or(AppError::NotFound)?;
    let product = product_whole(tx, org, order.product_id).await?;
    let progress = store::order_progress(tx, org.id, id).await?;
    let lots = store::lots_of_order(tx, org.id, id).await?;
    let ids: Vec<i64> = lots.iter().map(|l| l.id).collect();
    let materials = store::lot_materials(tx, org.id, &ids).await?;
    let mut by_article: BTreeMap<(String, String), Materials> = BTreeMap::new();
    for (_, article, unit, m) in reconcile(&lots, &materials, &product.materials) {
        by_article.entry((article, unit)).or_default().add(&m);
    }
    Ok(Order {
        steps: steps(&order, &product.route, &progress),
        reconciled: by_article.into_iter().map(|((a, u), m)| (a, u, m)).collect(),
        order,
        product,
        lots,
        materials,
    })
}

// Lots.

pub struct LotDraft {
    pub operation_id: i64,
    pub member_number: String,
    pub quantity: i64,
    pub due_on: String,
    /// The day it is given and its materials issued.
    pub given_on: String,
    /// (article, thousandths of its unit) issued with the lot.
    pub materials: Vec<(i64, i64)>,
}

/// Gives a member a lot of an operation of an order, at the operation's rate today, and
/// issues its materials out of stock.
pub async fn create_lot(tx: &mut Tx, org: &Org, order_id: i64, d: &LotDraft, by: i64) -> AppResult<i64> {
    // Only what the lot needs is read: an order of thousands of lots stays quick.
    let order = store::order(tx, org.id, order_id).await?.ok_or(AppError::NotFound)?;
    if order.status != "open" {
        return Err(invalid("order", "order-closed"));
    }
    let member = crate::members::active_in_field(tx, org.id, "member", &d.member_number).await?;
    let route = store::operations(tx, org.id, Some(order.product_id)).await?;
    let op = route
        .iter()
        .find(|o| o.id == d.operation_id)
        .ok_or_else(|| invalid("operation", "operation-unknown"))?;
    let cards: Vec<RateCard> = route
        .iter()
        .map(|o| RateCard {
            op: o.clone(),
            rate: None,
            fair: None,
            history: vec![],
        })
        .collect();
    let progress = store::order_progress(tx, org.id, order_id).await?;
    let step = steps(&order, &cards, &progress)
        .into_iter()
        .find(|s| s.op_id == op.id)
        .ok_or(AppError::NotFound)?;
    if d.quantity <= 0 {
        return Err(invalid("quantity", "quantity-not-positive"));
    }
    if d.quantity > step.free {
        return Err(invalid("quantity", "lot-more-than-free"));
    }
    let due = iso_day(day("due_on", &d.due_on)?);
    let given = iso_day(day("given_on", &d.given_on)?);
    let rate = store::rate_on(tx, org.id, op.id, &given)
        .await?
        .map(|r| r.rate)
        .ok_or_else(|| invalid("operation", "operation-no-rate"))?;
    let lot = store::insert_lot(tx, org.id, order_id, op.id, member.id, d.quantity, rate, &due, by).await?;
    issue(tx, org, lot, &d.materials, &given, by).await?;
    let args = [
        ("product", order.product.clone()),
        ("operation", op.name.clone()),
        ("pieces", d.quantity.to_string()),
        ("due", due),
    ];
    crate::notices::queue(tx, org, member.id, crate::notices::Kind::LotGiven, lot, &args).await?;
    Ok(lot)
}

/// Issues material to an open lot: out of the raw-material stock (refused beyond what is
/// on hand) into the materials with members, at cost.
pub async fn issue(
    tx: &mut Tx,
    org: &Org,
    lot_id: i64,
    materials: &[(i64, i64)],
    date: &str,
    by: i64,
) -> AppResult<()> {
    if materials.iter().all(|(_, q)| *q == 0) {
        return Ok(());
    }
    let lot = store::lot(tx, org.id, lot_id).await?.ok_or(AppError::NotFound)?;
    if !lot.open() {
        return Err(invalid("lot", "lot-closed-refused"));
    }
    let mut total = 0i64;
    for &(article, milli) in materials.iter().filter(|(_, q)| *q != 0) {
        if milli < 0 {
            return Err(invalid("materials", "quantity-not-positive"));
        }
        let value = crate::purchases::take_from_stock(tx, org, article, milli, "lot", lot_id)
            .await
            .map_err(|e| match e {
                AppError::Invalid(_) => invalid("materials", "stock-not-enough"),
                e => e,
            })?;
        store::issue_material(tx, org.id, lot_id, article, milli, value).await?;
        total = total
            .checked_add(value)
            .ok_or_else(|| invalid("materials", "error-too-large"))?;
    }
    if total > 0 {
        let entry = entry(
            tx,
            org,
            date,
            format!(
                "{} · {} #{lot_id} · {}",
                org.own_tr().t("lot-materials-issued"),
                lot.product,
                lot.member_name
            ),
            "lot-issue",
            lot_id,
            &[(WITH_MEMBERS, None, total), (RAW, None, -total)],
        )
        .await?;
        crate::ledger::post(tx, org, &entry, Some(by)).await?;
    }
    Ok(())
}

/// Material a member brings back, or declares wasted, from a lot: (article, returned,
/// wasted), thousandths of the unit. Returned material goes back to stock at the value it
/// left with; wasted stays counted against the lot until its order closes.
#[derive(Debug, Clone, Copy, Default)]
pub struct Back {
    pub article_id: i64,
    pub returned: i64,
    pub wasted: i64,
}

/// Records material back; answers the (account, amount) lines it posts.
async fn take_back(tx: &mut Tx, org: &Org, lot: &LotRow, back: &[Back]) -> AppResult<i64> {
    let had = store::lot_materials(tx, org.id, &[lot.id]).await?;
    let mut value_back = 0i64;
    for b in back.iter().filter(|b| b.returned != 0 || b.wasted != 0) {
        if b.returned < 0 || b.wasted < 0 {
            return Err(invalid("materials", "quantity-not-positive"));
        }
        let m = had
            .iter()
            .find(|m| m.article_id == b.article_id)
            .ok_or_else(|| invalid("materials", "lot-material-not-issued"))?;
        let left = m.issued_milli - m.returned_milli - m.wasted_milli;
        if b.returned + b.wasted > left {
            return Err(invalid("materials", "lot-more-back-than-issued"));
        }
        let before = model::share_of_value(m.issued_value, m.returned_milli, m.issued_milli);
        let after = model::share_of_value(m.issued_value, m.returned_milli + b.returned, m.issued_milli);
        let value = after - before;
        store::return_material(tx, org.id, lot.id, b.article_id, b.returned, value, b.wasted).await?;
        if b.returned > 0 {
            crate::purchases::put_back_in_stock(tx, org, b.article_id, b.returned, value, "lot-return", lot.id).await?;
        }
        value_back += value;
    }
    Ok(value_back)
}

/// A hand-in as counted.
#[derive(Debug, Clone, Default)]
pub struct HandInDraft {
    pub handed_on: String,
    pub count: Count,
    pub reason: String,
    /// Minutes she worked on these pieces, when she keeps them.
    pub minutes_worked: Option<i64>,
    pub back: Vec<Back>,
}

/// Records a hand-in: its pay at the rate in force, topped up to the time rate for the
/// minutes she worked; material back; the last operation's accepted pieces into finished
/// goods; one entry for all of it.
pub async fn hand_in(tx: &mut Tx, org: &Org, lot_id: i64, d: &HandInDraft, by: i64) -> AppResult<i64> {
    store::lock_lot(tx, org.id, lot_id).await?;
    let lot = store::lot(tx, org.id, lot_id).await?.ok_or(AppError::NotFound)?;
    if !lot.open() {
        return Err(invalid("lot", "lot-closed-refused"));
    }
    let handed = day("handed_on", &d.handed_on)?;
    let handed_on = iso_day(handed);
    model::check_count(d.count, lot.outstanding(), &d.reason).map_err(|m| invalid("handed", m))?;
    let reason = text("reason", &d.reason, 300, false)?;
    if d.minutes_worked.is_some_and(|m| !(1..=100_000).contains(&m)) {
        return Err(invalid("minutes", "hand-in-minutes-invalid"));
    }
    let order = store::order(tx, org.id, lot.order_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let p = product(tx, org, order.product_id).await?;
    let op = store::operation(tx, org.id, lot.operation_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let in_force = store::rate_on(tx, org.id, op.id, &handed_on).await?.map(|r| r.rate);
    let rate = model::rate_at_hand_in(lot.rate, in_force);
    let earned = model::earned(d.count.accepted, rate).ok_or_else(|| invalid("handed", "error-too-large"))?;
    let topup = match d.minutes_worked {
        Some(minutes) => {
            let wage = store::wage_on(tx, org.id, &p.region, &op.skill, &handed_on).await?;
            model::topup(
                earned,
                wage.and_then(|w| {
                    model::time_pay(
                        Wage {
                            per_day: w.per_day,
                            minutes_per_day: w.minutes_per_day,
                        },
                        minutes,
                    )
                }),
            )
        }
        None => 0,
    };
    let due = iso_day(model::due_on(handed, order.pay_within_days));
    let row = HandInRow {
        id: 0,
        lot_id,
        member_id: lot.member_id,
        handed_on: handed_on.clone(),
        accepted: d.count.accepted,
        rejected: d.count.rejected,
        rework: d.count.rework,
        reason,
        rate,
        earned,
        minutes_worked: d.minutes_worked,
        topup,
        due_on: due.clone(),
        pay_run_id: None,
        paid_on: None,
        entered_by: None,
    };
    let id = store::insert_hand_in(tx, org.id, &lot, &row, by).await?;
    let back = take_back(tx, org, &lot, &d.back).await?;
    let pay = earned + topup;
    let member = Some((lot.member_id, lot.member_name.as_str()));
    let mut lines: Vec<Line<'_>> = vec![
        (PIECE_WORK, None, pay),
        (OWED, member, -pay),
        (RAW, None, back),
        (WITH_MEMBERS, None, -back),
    ];
    let last = store::operations(tx, org.id, Some(p.id)).await?.last().map(|o| o.id) == Some(op.id);
    if last && d.count.accepted > 0 {
        let (material, labour) = goods_value(tx, org, &order, &op, d.count.accepted, pay).await?;
        store::add_material_to_goods(tx, org.id, order.id, material).await?;
        store::insert_goods_move(tx, org.id, p.id, d.count.accepted, material + labour, "hand-in", id).await?;
        lines.push((FINISHED, None, material + labour));
        lines.push((WITH_MEMBERS, None, -material));
        lines.push((TO_STOCK, None, -labour));
    }
    let description = format!(
        "{} #{id} · {} · {} · {}",
        org.own_tr().t("hand-in"),
        p.name,
        op.name,
        lot.member_name
    );
    let e = entry(tx, org, &handed_on, description, "hand-in", id, &lines).await?;
    if !e.postings.is_empty() {
        let entry_id = crate::ledger::post(tx, org, &e, Some(by)).await?;
        store::set_hand_in_entry(tx, org.id, id, entry_id).await?;
    }
    if lot.outstanding() == d.count.accepted + d.count.rejected {
        store::close_lot(tx, org.id, lot_id).await?;
    }
    let [amount, currency] = crate::notices::service::money_args(org, pay);
    let args = [
        ("pieces", d.count.accepted.to_string()),
        ("rejected", d.count.rejected.to_string()),
        amount,
        currency,
        ("due", due),
    ];
    crate::notices::queue(tx, org, lot.member_id, crate::notices::Kind::HandInReceipt, id, &args).await?;
    Ok(id)
}

/// What `accepted` finished pieces are worth: their materials at what the order's issues
/// cost on average, and the piece pay of every operation (this hand-in's own for the last,
/// the order's average per accepted piece for the ones before).
async fn goods_value(
    tx: &mut Tx,
    org: &Org,
    order: &OrderRow,
    last: &OperationRow,
    accepted: i64,
    pay: i64,
) -> AppResult<(i64, i64)> {
    let issued = store::order_materials(tx, org.id, order.id).await?;
    let bom = store::materials(tx, org.id, Some(order.product_id)).await?;
    let mut material = 0i128;
    for b in &bom {
        if let Some((_, milli, value)) = issued.iter().find(|(a, _, _)| *a == b.article_id)
            && *milli > 0
        {
            material += i128::from(*value) * i128::from(b.per_piece_milli) * i128::from(accepted) / i128::from(*milli);
        }
    }
    let mut labour = i128::from(pay);
    for (op, done, paid) in store::order_pay_by_operation(tx, org.id, order.id).await? {
        if op != last.id && done > 0 {
            labour += i128::from(paid) * i128::from(accepted) / i128::from(done);
        }
    }
    let fit = |v: i128| i64::try_from(v).map_err(|_| invalid("handed", "error-too-large"));
    Ok((fit(material)?, fit(labour)?))
}

/// Closes a lot before all its pieces came back (the rest are not made), taking back
/// what material she returns or declares wasted.
pub async fn close_lot(tx: &mut Tx, org: &Org, lot_id: i64, back: &[Back], date: &str, by: i64) -> AppResult<()> {
    store::lock_lot(tx, org.id, lot_id).await?;
    let lot = store::lot(tx, org.id, lot_id).await?.ok_or(AppError::NotFound)?;
    if !lot.open() {
        return Err(invalid("lot", "lot-closed-refused"));
    }
    let date = iso_day(day("date", date)?);
    let value = take_back(tx, org, &lot, back).await?;
    if value > 0 {
        let e = entry(
            tx,
            org,
            &date,
            format!(
                "{} · #{lot_id} · {}",
                org.own_tr().t("lot-materials-returned"),
                lot.member_name
            ),
            "lot-return",
            lot_id,
            &[(RAW, None, value), (WITH_MEMBERS, None, -value)],
        )
        .await?;
        crate::ledger::post(tx, org, &e, Some(by)).await?;
    }
    store::close_lot(tx, org.id, lot_id).await?;
    Ok(())
}

/// Closes an order once no lot is open: what its materials cost beyond what went into
/// finished goods and back to stock (rejects, waste, differences) becomes materials
/// expense, in an entry of its own; the reconciliation keeps every difference flagged.
pub async fn close_order(tx: &mut Tx, org: &Org, order_id: i64, date: &str, by: i64) -> AppResult<()> {
    let o = order(tx, org, order_id).await?;
    if o.order.status != "open" {
        return Err(invalid("order", "order-closed"));
    }
    if o.lots.iter().any(LotRow::open) {
        return Err(invalid("order", "order-has-open-lots"));
    }
    let date = iso_day(day("date", date)?);
    let issued: i64 = o.materials.iter().map(|m| m.issued_value - m.returned_value).sum();
    let used = issued - store::material_to_goods(tx, org.id, order_id).await?;
    if used != 0 {
        let e = entry(
            tx,
            org,
            &date,
            format!(
                "{} #{order_id} · {}",
                org.own_tr().t("order-materials-used"),
                o.product.product.name
            ),
            "order-close",
            order_id,
            &[(MATERIALS, None, used), (WITH_MEMBERS, None, -used)],
        )
        .await?;
        crate::ledger::post(tx, org, &e, Some(by)).await?;
    }
    if !store::set_order_status(tx, org.id, order_id, "open", "closed").await? {
        return Err(invalid("order", "order-closed"));
    }
    Ok(())
}

pub async fn lot(tx: &mut Tx, org: &Org, id: i64) -> AppResult<(LotRow, Vec<HandInRow>, Vec<LotMaterialRow>)> {
    let lot = store::lot(tx, org.id, id).await?.ok_or(AppError::NotFound)?;
    let hand_ins = store::hand_ins_of_lots(tx, org.id, &[id]).await?;
    let materials = store::lot_materials(tx, org.id, &[id]).await?;
    Ok((lot, hand_ins, materials))
}

/// A lot's materials, each reconciled.
pub async fn lot_reconciled(
    tx: &mut Tx,
    org: &Org,
    lot: &LotRow,
    materials: &[LotMaterialRow],
) -> AppResult<Vec<(String, String, Materials)>> {
    let order = store::order(tx, org.id, lot.order_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let bom = store::materials(tx, org.id, Some(order.product_id)).await?;
    Ok(reconcile(std::slice::from_ref(lot), materials, &bom)
        .into_iter()
        .map(|(_, a, u, m)| (a, u, m))
        .collect())
}

/// A hand-in with its lot: her receipt.
pub async fn receipt(tx: &mut Tx, org: &Org, id: i64) -> AppResult<(HandInRow, LotRow)> {
    let h = store::hand_in(tx, org.id, id).await?.ok_or(AppError::NotFound)?;
    let lot = store::lot(tx, org.id, h.lot_id).await?.ok_or(AppError::NotFound)?;
    Ok((h, lot))
}

// Pay.

/// What each member is owed for her work, oldest due first, with days late today.
pub async fn owed(tx: &mut Tx, org: &Org, member: Option<i64>) -> AppResult<Vec<(store::OwedRow, i64)>> {
    let today = parse_day(&org.today()).ok_or_else(|| AppError::Internal("today".into()))?;
    Ok(store::owed(tx, org.id, member)
        .await?
        .into_iter()
        .map(|o| {
            let late = parse_day(&o.oldest_due).map_or(0, |d| model::days_late(d, today));
            (o, late)
        })
        .collect())
}

/// The way each member took her last pay.
pub async fn last_how(tx: &mut Tx, org: &Org) -> AppResult<HashMap<i64, PayHow>> {
    Ok(store::last_how(tx, org.id)
        .await?
        .into_iter()
        .filter_map(|(m, h)| Some((m, PayHow::parse(&h)?)))
        .collect())
}

/// Pays members what they are owed, each her way: cash and mobile money out of their
/// tills and savings into her account, all in one entry; a loan's instalment is taken by
/// the loan fund (its own entry, interest first) and the rest paid in cash. Hand-ins paid
/// already are never paid again.
pub async fn pay(tx: &mut Tx, org: &Org, who: &[(i64, PayHow)], date: &str, by: i64) -> AppResult<i64> {
    let date = iso_day(day("date", date)?);
    if who.is_empty() {
        return Err(invalid("members", "pay-nobody"));
    }
    let mut seen = std::collections::HashSet::new();
    let mut plan = vec![];
    for &(member_id, how) in who {
        if !seen.insert(member_id) {
            return Err(invalid("members", "pay-twice"));
        }
        let owed = store::owed(tx, org.id, Some(member_id)).await?;
        let o = owed
            .into_iter()
            .next()
            .ok_or_else(|| invalid("members", "pay-nothing-owed"))?;
        plan.push((o, how));
    }
    let total: i64 = plan.iter().map(|(o, _)| o.amount).sum();
    let run = store::insert_pay_run(tx, org.id, &date, plan.len() as i64, total, by).await?;
    let mut lines: Vec<Line<'_>> = vec![];
    for (o, how) in &plan {
        // Marked first: a hand-in paid meanwhile by another run leaves this one short.
        if store::mark_paid(tx, org.id, o.member_id, run, &date).await? != u64::try_from(o.hand_ins).unwrap_or(0) {
            return Err(invalid("members", "pay-twice"));
        }
        store::insert_pay_line(tx, org.id, run, o.member_id, how.as_str(), o.amount).await?;
        let member = Some((o.member_id, o.name.as_str()));
        let mut cash = o.amount;
        match how {
            PayHow::Loan => {
                let loan = crate::loans::oldest_open(tx, org, o.member_id)
                    .await?
                    .ok_or_else(|| invalid("members", "pay-no-loan"))?;
                let due = crate::loans::instalment_due(tx, org, loan, &date).await?;
                let part = due.min(o.amount);
                if part > 0 {
                    let owed = crate::ledger::member_account(tx, org, OWED, o.member_id, &o.name).await?;
                    crate::loans::repay_from(tx, org, loan, part, &date, owed.id, by).await?;
                }
                cash -= part;
            }
            PayHow::Savings => {
                lines.push((OWED, member, o.amount));
                lines.push(("2100", member, -o.amount));
                cash = 0;
            }
            PayHow::Mobile => {
                lines.push((OWED, member, o.amount));
                lines.push((Till::MobileMoney.code(), None, -o.amount));
                cash = 0;
            }
            PayHow::Cash => {}
        }
        if cash > 0 {
            lines.push((OWED, member, cash));
            lines.push((Till::Cash.code(), None, -cash));
        }
    }
    let e = entry(
        tx,
        org,
        &date,
        format!("{} #{run}", org.own_tr().t("pay-run")),
        "pay-run",
        run,
        &lines,
    )
    .await?;
    if !e.postings.is_empty() {
        let entry_id = crate::ledger::post(tx, org, &e, Some(by)).await?;
        store::set_pay_run_entry(tx, org.id, run, entry_id).await?;
    }
    for (o, how) in &plan {
        let [amount, currency] = crate::notices::service::money_args(org, o.amount);
        let args = [amount, currency, ("how", org.own_tr().t(how.label()))];
        crate::notices::queue(tx, org, o.member_id, crate::notices::Kind::WorkPaid, run, &args).await?;
    }
    Ok(run)
}

// Finished goods.

/// Finished pieces of a product on hand, and what they are worth.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Goods {
    pub pieces: i64,
    pub value: i64,
}

impl Goods {
    /// What `pieces` of them cost, at the average of what is on hand (the last pieces
    /// take all that is left, so nothing is left behind in the books).
    pub fn cost_of(&self, pieces: i64) -> i64 {
        if pieces >= self.pieces || self.pieces <= 0 {
            return self.value.max(0);
        }
        i64::try_from(i128::from(self.value) * i128::from(pieces) / i128::from(self.pieces)).unwrap_or(self.value)
    }
}

/// Every product's finished goods on hand (products that never had any are left out).
pub async fn goods(tx: &mut Tx, org: &Org) -> AppResult<Vec<(i64, Goods)>> {
    Ok(store::goods_on_hand(tx, org.id, None)
        .await?
        .into_iter()
        .map(|(p, pieces, value)| (p, Goods { pieces, value }))
        .collect())
}

/// One product's finished goods on hand.
pub async fn goods_of(tx: &mut Tx, org: &Org, product_id: i64) -> AppResult<Goods> {
    Ok(store::goods_on_hand(tx, org.id, Some(product_id))
        .await?
        .first()
        .map(|&(_, pieces, value)| Goods { pieces, value })
        .unwrap_or_default())
}

/// Finished pieces out of (negative) or into stock, outside production: sold, returned.
pub async fn move_goods(
    tx: &mut Tx,
    org: &Org,
    product_id: i64,
    pieces: i64,
    value: i64,
    source: &str,
    source_id: i64,
) -> AppResult<()> {
    Ok(store::insert_goods_move(tx, org.id, product_id, pieces, value, source, source_id).await?)
}

// A member's work.

/// What a member sees of her work: her lots, her hand-ins, what she is owed and how late,
/// and the rate cards of the products she works on.
#[derive(Debug, Clone)]
pub struct Work {
    pub lots: Vec<LotRow>,
    pub hand_ins: Vec<HandInRow>,
    pub unpaid: Vec<HandInRow>,
    pub earned: i64,
    pub owed: i64,
    pub late_days: i64,
    pub cards: Vec<Product>,
}

impl Work {
    /// Whether she has ever had work from the organisation.
    pub fn any(&self) -> bool {
        !self.lots.is_empty() || !self.hand_ins.is_empty()
    }
    pub fn open_lots(&self) -> impl Iterator<Item = &LotRow> {
        self.lots.iter().filter(|l| l.open())
    }
    pub fn pieces_due(&self) -> i64 {
        self.open_lots().map(LotRow::outstanding).sum()
    }
}

pub async fn work(tx: &mut Tx, org: &Org, member_id: i64, with_cards: bool) -> AppResult<Work> {
    let today = parse_day(&org.today()).ok_or_else(|| AppError::Internal("today".into()))?;
    let lots = store::lots_of_member(tx, org.id, member_id, WORK_PAGE_LOTS).await?;
    let hand_ins = store::hand_ins_of_member(tx, org.id, member_id, WORK_PAGE_LOTS).await?;
    let unpaid = store::unpaid_of_member(tx, org.id, member_id).await?;
    let owed = unpaid.iter().map(HandInRow::pay).sum();
    let late_days = unpaid
        .first()
        .and_then(|h| parse_day(&h.due_on))
        .map_or(0, |d| model::days_late(d, today));
    let earned = hand_ins.iter().map(HandInRow::pay).sum();
    let cards = if with_cards {
        let products: std::collections::HashSet<&str> = lots.iter().map(|l| l.product.as_str()).collect();
        catalogue(tx, org)
            .await?
            .into_iter()
            .filter(|p| products.contains(p.product.name.as_str()))
            .collect()
    } else {
        vec![]
    };
    Ok(Work {
        lots,
        hand_ins,
        unpaid,
        earned,
        owed,
        late_days,
        cards,
    })
}

// Who produced what.

/// One line of who produced what in a period, by product, operation and member.
#[derive(Debug, Clone, Default)]
pub struct Produced {
    pub product: String,
    pub operation: String,
    pub member: String,
    pub accepted: i64,
    pub rejected: i64,
    pub pay: i64,
    /// Standard minutes of the accepted pieces, hundredths.
    pub standard_centi: i64,
    pub late_payments: i64,
    pub late_days: i64,
    /// The minimum wage for an hour of this work today, minor units (0: none known).
    pub minimum_per_hour: i64,
}

impl Produced {
    /// Accepted pieces in basis points of those handed in for good.
    pub fn acceptance_bp(&self) -> i64 {
        let done = self.accepted + self.rejected;
        if done == 0 { 0 } else { self.accepted * 10_000 / done }
    }
    /// What an hour of standard time earned her, minor units.
    pub fn per_hour(&self) -> i64 {
        if self.standard_centi == 0 {
            0
        } else {
            i64::try_from(i128::from(self.pay) * 6_000 / i128::from(self.standard_centi)).unwrap_or(0)
        }
    }
}

pub async fn produced(tx: &mut Tx, org: &Org, from: &str, through: &str) -> AppResult<Vec<Produced>> {
    let today = parse_day(&org.today()).ok_or_else(|| AppError::Internal("today".into()))?;
    let mut out: Vec<Produced> = vec![];
    for w in store::work_lines(tx, org.id, from, through).await? {
        let member = format!("{} {}", w.member_number, w.member_name);
        if !out
            .last()
            .is_some_and(|p| p.product == w.product && p.operation == w.operation && p.member == member)
        {
            let minimum_per_hour = store::wage_on(tx, org.id, &w.region, &w.skill, &org.today())
                .await?
                .filter(|m| m.minutes_per_day > 0)
                .map_or(0, |m| m.per_day * 60 / m.minutes_per_day);
            out.push(Produced {
                product: w.product.clone(),
                operation: w.operation.clone(),
                member,
                minimum_per_hour,
                ..Produced::default()
            });
        }
        let Some(p) = out.last_mut() else { continue };
        p.accepted += w.accepted;
        p.rejected += w.rejected;
        p.pay += w.pay;
        p.standard_centi += w.sam_centi * w.accepted;
        let paid_or_today = w.paid_on.as_deref().and_then(parse_day).unwrap_or(today);
        let late = parse_day(&w.due_on).map_or(0, |d| model::days_late(d, paid_or_today));
        if late > 0 && w.pay > 0 {
            p.late_payments += 1;
            p.late_days += late;
        }
    }
    Ok(out)
}

/// The orders with hand-ins in the period, each reconciled.
pub async fn variances(tx: &mut Tx, org: &Org, from: &str, through: &str) -> AppResult<Vec<Order>> {
    let mut out = vec![];
    for id in store::lots_in_period(tx, org.id, from, through).await? {
        out.push(order(tx, org, id).await?);
    }
    Ok(out)
}

/// The minimum wage in force today for a product's region and an operation's skill.
pub async fn wage_today(tx: &mut Tx, org: &Org, region: &str, skill: &str) -> AppResult<Option<WageRow>> {
    Ok(store::wage_on(tx, org.id, region, skill, &org.today()).await?)
}

/// What the phone took, made small: one picture at a time per server (a large one takes
/// tens of megabytes while it is decoded), on a thread of its own, before any transaction
/// is open, so the database is never held while pixels are counted.
pub async fn small_photo(bytes: Vec<u8>) -> AppResult<Vec<u8>> {
    static ONE_AT_A_TIME: tokio::sync::Semaphore = tokio::sync::Semaphore::const_new(1);
    let _turn = ONE_AT_A_TIME
        .acquire()
        .await
        .map_err(|e| AppError::Internal(e.to_string()))?;
    tokio::task::spawn_blocking(move || model::small_photo(&bytes))
        .await
        .map_err(|e| AppError::Internal(e.to_string()))?
        .map_err(|m| invalid("photo", m))
}

/// A product's photo, already made small by `small_photo`.
pub async fn set_photo(tx: &mut Tx, org: &Org, product_id: i64, small: &[u8]) -> AppResult<()> {
    product(tx, org, product_id).await?;
    Ok(store::set_photo(tx, org.id, product_id, small).await?)
}

pub async fn photo(tx: &mut Tx, org: &Org, product_id: i64) -> AppResult<Vec<u8>> {
    store::photo(tx, org.id, product_id).await?.ok_or(AppError::NotFound)
}
