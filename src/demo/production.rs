//! Demo production: Dura Sundari cuts, stitches and finishes kurtas for a buyer across
//! twenty members; PATAMABA-WISE braids doormats; Aster Tadelech sews pads for an NGO's
//! order; ATEMDO splits cloth bags between members of several trades. Some pieces are
//! rejected, one rate sits below its fair rate with its reason, and one pay day is late.

use super::day_from_today;
use crate::db::Tx;
use crate::ledger::{NewEntry, Posting, Till};
use crate::members::MemberRow;
use crate::orgs::Org;
use crate::production::model::{Count, PayHow};
use crate::production::service::{self as make, HandInDraft, LotDraft, OrderDraft, ProductDraft};
use crate::production::store::WageRow;
use crate::web::AppError;

/// (code, name, unit, pack size, pack price in major units): articles to buy when the
/// organisation has none of that code.
type Article = (&'static str, &'static str, &'static str, i64, i64);
/// (name, skill, standard minutes in hundredths, rate in minor units, reason if below fair).
type Op = (&'static str, &'static str, i64, i64, &'static str);

struct Plan {
    /// Region, skill, a day's wage in major units, hours.
    wages: &'static [(&'static str, &'static str, i64, i64)],
    articles: &'static [Article],
    product: (&'static str, &'static str, &'static str),
    /// (article code, thousandths a piece, waste basis points, the operation it is issued with).
    bom: &'static [(&'static str, i64, i64, usize)],
    ops: &'static [Op],
    quantity: i64,
    buyer: (&'static str, &'static str),
    /// Members working each operation.
    hands: &'static [usize],
}

fn plan(slug: &str) -> Option<Plan> {
    Some(match slug {
        "dura-sundari" => Plan {
            wages: &[
                ("Ahmedabad", "unskilled", 480, 8),
                ("Ahmedabad", "semi-skilled", 500, 8),
                ("Ahmedabad", "skilled", 530, 8),
            ],
            articles: &[],
            product: ("KUR-01", "Kurta, printed poplin", "Ahmedabad"),
            bom: &[("FAB-POP", 2_250, 500, 0), ("THR-WHT", 100, 1_000, 1)],
            ops: &[
                ("Cutting", "semi-skilled", 600, 700, ""),
                ("Stitching", "skilled", 2_450, 2_800, ""),
                (
                    "Finishing and packing",
                    "unskilled",
                    500,
                    400,
                    "The buyer's price for this order; to be raised at the next one",
                ),
            ],
            quantity: 500,
            buyer: ("Kapas Traders", "PO 2291"),
            hands: &[2, 10, 8],
        },
        "patamaba-wise" => Plan {
            wages: &[("NCR", "non-agriculture", 645, 8)],
            articles: &[
                ("RAG-KG", "Cotton rags", "kilogram", 25, 750),
                ("TWN-JT", "Jute twine", "reel", 10, 350),
            ],
            product: ("MAT-01", "Braided doormat", "NCR"),
            bom: &[("RAG-KG", 600, 800, 0), ("TWN-JT", 50, 1_000, 1)],
            ops: &[
                ("Braiding", "non-agriculture", 4_500, 6_100, ""),
                ("Sewing and trimming", "non-agriculture", 2_000, 2_700, ""),
            ],
            quantity: 120,
            buyer: ("", ""),
            hands: &[4, 3],
        },
        "aster-tadelech" => Plan {
            wages: &[("Addis Ababa", "sewing", 300, 8)],
            articles: &[],
            product: ("PAD-01", "Washable sanitary pad", "Addis Ababa"),
            bom: &[
                ("FLN-COT", 300, 500, 0),
                ("PUL-WP", 100, 500, 0),
                ("SNP-100", 2_000, 0, 1),
            ],
            ops: &[
                ("Cutting", "sewing", 300, 200, ""),
                ("Sewing", "sewing", 1_200, 800, ""),
                ("Packing", "sewing", 100, 100, ""),
            ],
            quantity: 600,
            buyer: ("Addis women's health NGO", "Order 14/2026"),
            hands: &[2, 4, 1],
        },
        "atemdo" => Plan {
            wages: &[("São Paulo", "costureira", 69, 8), ("São Paulo", "cortadora", 69, 8)],
            articles: &[],
            product: ("BOL-01", "Sacola de tecido", "São Paulo"),
            bom: &[("TEC-TRI", 800, 500, 0), ("LIN-AL", 100, 1_000, 1)],
            ops: &[
                ("Corte", "cortadora", 400, 70, ""),
                ("Costura", "costureira", 1_500, 250, ""),
                ("Acabamento", "costureira", 300, 50, ""),
            ],
            quantity: 200,
            buyer: ("Loja Solidária", "Pedido 88"),
            hands: &[2, 4, 2],
        },
        _ => return None,
    })
}

/// The working capital the production is bought with: a grant into the bank.
async fn grant(tx: &mut Tx, org: &Org, amount: i64, date: &str, by: i64) -> Result<(), AppError> {
    let bank = crate::ledger::account(tx, org, Till::Bank.code()).await?;
    let grants = crate::ledger::account(tx, org, "4500").await?;
    let entry = NewEntry {
        date: date.to_string(),
        description: org.own_tr().t("demo-production-grant"),
        source: "demo",
        source_id: None,
        reverses_id: None,
        planned: false,
        postings: vec![
            Posting {
                account_id: bank.id,
                amount,
            },
            Posting {
                account_id: grants.id,
                amount: -amount,
            },
        ],
    };
    crate::ledger::post(tx, org, &entry, Some(by)).await?;
    Ok(())
}

pub(super) async fn production(tx: &mut Tx, org: &Org, members: &[MemberRow]) -> Result<(), AppError> {
    let Some(p) = plan(&org.slug) else { return Ok(()) };
    let workers: usize = p.hands.iter().sum();
    if members.len() < workers + 4 {
        return Ok(());
    }
    let by = members[0].person_id;
    let major = 10i64.pow(u32::from(org.currency.exponent()));
    let start = day_from_today(-31);
    for (region, skill, per_day, hours) in p.wages {
        let w = WageRow {
            id: 0,
            region: region.to_string(),
            skill: skill.to_string(),
            per_day: per_day * major,
            minutes_per_day: hours * 60,
            valid_from: day_from_today(-400),
        };
        make::add_wage(tx, org, &w, by).await?;
    }
    // Articles: those bought together already, and any the plan adds.
    if !p.articles.is_empty() {
        let supplier = crate::purchases::service::create_supplier(tx, org, "Divisoria market", "", "", None).await?;
        for (code, name, unit, pack, price) in p.articles {
            let a = crate::purchases::service::ArticleDraft {
                code: code.to_string(),
                name: name.to_string(),
                unit: unit.to_string(),
                pack_size: *pack,
                pack_price: price * major,
                min_packs: 1,
                category: "materials".into(),
                retail_price: price * major / pack * 12 / 10,
            };
            crate::purchases::service::put_article(tx, org, supplier, &a, &start).await?;
        }
    }
    let articles = crate::purchases::service::articles(tx, org).await?;
    let article = |code: &str| articles.iter().find(|a| a.code == code).cloned();
    grant(tx, org, 500_000 * major / 100, &start, by).await?;
    // What the order needs and a tenth more, bought outside a round.
    buy_materials(tx, org, &p, p.quantity * 11 / 10, &start, by).await?;
    let product = make::create_product(
        tx,
        org,
        &ProductDraft {
            code: p.product.0.into(),
            name: p.product.1.into(),
            region: p.product.2.into(),
            efficiency_pct: 100,
        },
    )
    .await?;
    for (code, per_piece, waste, _) in p.bom {
        if let Some(a) = article(code) {
            make::put_material(tx, org, product, a.id, *per_piece, *waste).await?;
        }
    }
    let mut ops = vec![];
    for (name, skill, sam, rate, reason) in p.ops {
        let op = make::add_operation(tx, org, product, name, skill, *sam).await?;
        make::set_rate(tx, org, op, rate * major / 100, reason, &day_from_today(-60), by).await?;
        ops.push(op);
    }
    let order = make::create_order(
        tx,
        org,
        &OrderDraft {
            product_id: product,
            quantity: p.quantity,
            due_on: day_from_today(10),
            buyer: p.buyer.0.into(),
            buyer_ref: p.buyer.1.into(),
            pay_within_days: None,
        },
        by,
    )
    .await?;
    // Each operation eight days after the one before: lots given, handed in three days later.
    let mut next_member = 4;
    let mut lot_no = 0usize;
    for (k, (op, hands)) in ops.iter().zip(p.hands).enumerate() {
        let given = day_from_today(-30 + 8 * k as i64);
        let handed = day_from_today(-27 + 8 * k as i64);
        let free = make::order(tx, org, order).await?.steps.get(k).map_or(0, |s| s.free);
        for h in 0..*hands {
            let pieces = free / *hands as i64 + if h == 0 { free % *hands as i64 } else { 0 };
            if pieces == 0 {
                continue;
            }
            let m = &members[next_member];
            next_member += 1;
            let mut materials = vec![];
            for (code, per_piece, _, with_op) in p.bom {
                if *with_op == k
                    && let Some(a) = article(code)
                {
                    materials.push((a.id, per_piece * pieces));
                }
            }
            lot_no += 1;
            // Every third lot has a piece or two rejected; the last operation's last
            // lot is still being worked on.
            let rejected = if lot_no.is_multiple_of(3) {
                1 + (lot_no as i64 % 2)
            } else {
                0
            };
            let last_lot = k + 1 == ops.len() && h + 1 == *hands;
            let handed_now = if last_lot { pieces / 2 } else { pieces };
            let lot = Lot {
                order,
                operation_id: *op,
                member: m,
                pieces,
                materials,
                given_on: given.clone(),
                handed_on: handed.clone(),
                handed: handed_now,
                rejected,
            };
            work_lot(tx, org, lot, by).await?;
        }
        // The first operation is paid on its day; the second a few days late; the last
        // not yet.
        if k + 1 < ops.len() {
            let due = crate::db::parse_day(&handed)
                .map(|d| crate::production::model::due_on(d, org.bylaws.pay_within_days))
                .map(crate::db::iso_day)
                .unwrap_or_else(|| handed.clone());
            let paid_on = if k == 0 {
                due
            } else {
                day_from_today(-27 + 8 * k as i64 + org.bylaws.pay_within_days + 3)
            };
            let owed = make::owed(tx, org, None).await?;
            let who: Vec<(i64, PayHow)> = owed.iter().map(|(o, _)| (o.member_id, PayHow::Savings)).collect();
            if !who.is_empty() && paid_on <= org.today() {
                make::pay(tx, org, &who, &paid_on, by).await?;
            }
        }
    }
    Ok(())
}

/// A production order made whole: the materials its plan names bought for it, each
/// operation given in one lot to a member and handed in whole, so its pieces reach the
/// finished goods.
pub(super) async fn fulfil(tx: &mut Tx, org: &Org, order: i64, members: &[MemberRow]) -> Result<(), AppError> {
    let (Some(p), Some(first)) = (plan(&org.slug), members.first()) else {
        return Ok(());
    };
    let by = first.person_id;
    let quantity = make::order(tx, org, order).await?.order.quantity;
    buy_materials(tx, org, &p, quantity, &day_from_today(-12), by).await?;
    let articles = crate::purchases::service::articles(tx, org).await?;
    let steps = make::order(tx, org, order).await?.steps;
    for (k, step) in steps.iter().enumerate() {
        let Some(m) = members.get(4 + k) else { return Ok(()) };
        let materials = p
            .bom
            .iter()
            .filter(|(_, _, _, with_op)| *with_op == k)
            .filter_map(|(code, per_piece, _, _)| {
                Some((articles.iter().find(|a| a.code == *code)?.id, per_piece * quantity))
            })
            .collect();
        let lot = Lot {
            order,
            operation_id: step.op_id,
            member: m,
            pieces: quantity,
            materials,
            given_on: day_from_today(-11 + 3 * k as i64),
            handed_on: day_from_today(-9 + 3 * k as i64),
            handed: quantity,
            rejected: 0,
        };
        work_lot(tx, org, lot, by).await?;
    }
    Ok(())
}

/// Buys, outside a round, the materials of a plan's bill for so many pieces.
async fn buy_materials(tx: &mut Tx, org: &Org, p: &Plan, pieces: i64, on: &str, by: i64) -> Result<(), AppError> {
    let articles = crate::purchases::service::articles(tx, org).await?;
    for (code, per_piece, _, _) in p.bom {
        let Some(a) = articles.iter().find(|a| a.code == *code) else {
            continue;
        };
        let milli = per_piece * pieces;
        let value = crate::purchases::stock_value(a, milli)?;
        crate::purchases::stock_in(tx, org, a.id, milli, value.max(1), Till::Bank, on, by).await?;
    }
    Ok(())
}

/// A lot given to a member one day and handed in another: `handed` of its pieces, of
/// which `rejected` were turned back.
struct Lot<'a> {
    order: i64,
    operation_id: i64,
    member: &'a MemberRow,
    pieces: i64,
    materials: Vec<(i64, i64)>,
    given_on: String,
    handed_on: String,
    handed: i64,
    rejected: i64,
}

async fn work_lot(tx: &mut Tx, org: &Org, l: Lot<'_>, by: i64) -> Result<(), AppError> {
    let lot = make::create_lot(
        tx,
        org,
        l.order,
        &LotDraft {
            operation_id: l.operation_id,
            member_number: l.member.member_number.clone(),
            quantity: l.pieces,
            due_on: l.handed_on.clone(),
            given_on: l.given_on,
            materials: l.materials,
        },
        by,
    )
    .await?;
    let d = HandInDraft {
        handed_on: l.handed_on,
        count: Count {
            handed: l.handed,
            accepted: l.handed - l.rejected,
            rejected: l.rejected,
            rework: 0,
        },
        reason: if l.rejected > 0 {
            org.own_tr().t("demo-reject-reason")
        } else {
            String::new()
        },
        minutes_worked: None,
        back: vec![],
    };
    make::hand_in(tx, org, lot, &d, by).await?;
    Ok(())
}
