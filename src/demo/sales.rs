//! Demo sales: each organisation's product priced for the public, shops and institutions
//! (a price raised last month, so its history shows), and market-day sales from the
//! finished pieces: PATAMABA-WISE at a Sunday market, Aster Tadelech at a women's fair;
//! and searches on HomeNet International's marketplace that found nothing.

use super::day_from_today;
use crate::db::Tx;
use crate::members::MemberRow;
use crate::orgs::Org;
use crate::sales::service::{self as sell, SaleDraft};
use crate::web::AppError;

/// (retail a month ago, retail now, wholesale, institution) in major units, and the
/// market sales: (days ago, place, till, pieces).
type Plan = ((i64, i64, i64, i64), &'static [(i64, &'static str, &'static str, i64)]);

fn plan(slug: &str) -> Option<Plan> {
    Some(match slug {
        "dura-sundari" => ((420, 450, 360, 380), &[]),
        "patamaba-wise" => (
            (160, 180, 140, 150),
            &[
                (6, "Quiapo Sunday market", "cash", 4),
                (6, "Quiapo Sunday market", "mobile_money", 2),
                (0, "Quiapo Sunday market", "cash", 3),
            ],
        ),
        "aster-tadelech" => (
            (55, 60, 50, 45),
            &[
                (2, "Bole women's fair", "cash", 12),
                (1, "Bole women's fair", "mobile_money", 5),
            ],
        ),
        "atemdo" => ((30, 35, 28, 30), &[(3, "Feira da Vila Madalena", "cash", 6)]),
        _ => return None,
    })
}

pub(super) async fn sales(tx: &mut Tx, org: &Org, members: &[MemberRow]) -> Result<(), AppError> {
    let (Some(((before, now, wholesale, institution), market)), Some(first)) = (plan(&org.slug), members.first())
    else {
        return Ok(());
    };
    let Some(product) = crate::production::service::products(tx, org).await?.into_iter().next() else {
        return Ok(());
    };
    let by = first.person_id;
    let major = 10i64.pow(u32::from(org.currency.exponent()));
    let id = product.id;
    sell::set_price(tx, org, id, "retail", before * major, &day_from_today(-60), by).await?;
    sell::set_price(tx, org, id, "retail", now * major, &day_from_today(-20), by).await?;
    sell::set_price(tx, org, id, "wholesale", wholesale * major, &day_from_today(-20), by).await?;
    sell::set_price(
        tx,
        org,
        id,
        "institution",
        institution * major,
        &day_from_today(-20),
        by,
    )
    .await?;
    for (n, (ago, place, till, pieces)) in market.iter().enumerate() {
        let on_hand = crate::production::service::goods_of(tx, org, id).await?.pieces;
        if on_hand < *pieces {
            break;
        }
        let d = SaleDraft {
            client_id: format!("demo-{}-{n:04}", org.slug),
            sold_on: day_from_today(-ago),
            place: place.to_string(),
            till: till.to_string(),
            lines: vec![(id, *pieces, None)],
        };
        sell::record_sale(tx, org, &d, by).await?;
    }
    catalogue(tx, org, id, by).await?;
    orders(tx, org, id, members).await
}

/// Each product filed under its category, described in the organisation's languages;
/// what Dura Sundari's invoices print (registered for GST, its year from 1 April).
async fn catalogue(tx: &mut Tx, org: &Org, id: i64, by: i64) -> Result<(), AppError> {
    let (category, tax_code, tax_bp, made_to_order, texts): (&str, &str, i64, bool, &[(&str, &str)]) =
        match org.slug.as_str() {
            "dura-sundari" => (
                "garments",
                "6211",
                500,
                false,
                &[
                    ("en", "Cotton kurta, hand-finished by SEWA members in Ahmedabad."),
                    ("gu", "અમદાવાદની સેવા બહેનોએ હાથે તૈયાર કરેલો સુતરાઉ કુર્તો."),
                ],
            ),
            "patamaba-wise" => (
                "textiles",
                "5705",
                0,
                false,
                &[
                    ("en", "Doormat woven from garment offcuts."),
                    ("fil", "Basahang hinabi mula sa retaso ng damit."),
                ],
            ),
            "aster-tadelech" => (
                "hygiene",
                "9619",
                0,
                true,
                &[
                    ("en", "Washable sanitary pads, a pack of four."),
                    ("am", "የሚታጠብ የወር አበባ ሞዴስ፣ አራት በአንድ ጥቅል።"),
                ],
            ),
            "atemdo" => (
                "food",
                "",
                0,
                false,
                &[("pt-BR", "Pão caseiro feito pelas associadas.")],
            ),
            _ => return Ok(()),
        };
    let d = sell::CatalogueDraft {
        variant: if org.slug == "dura-sundari" {
            "M".into()
        } else {
            String::new()
        },
        family_id: None,
        category: category.into(),
        tax_code: tax_code.into(),
        tax_bp,
        made_to_order,
        descriptions: texts.iter().map(|(l, t)| (l.to_string(), t.to_string())).collect(),
    };
    sell::set_catalogue(tx, org, id, &d).await?;
    if org.slug == "dura-sundari" {
        // The kurta in two more sizes, made to order at a little more.
        for (size, extra) in [("L", 20), ("XL", 40)] {
            let p = crate::production::service::ProductDraft {
                code: format!("KUR-01-{size}"),
                name: "Kurta, printed poplin".into(),
                region: "Ahmedabad".into(),
                efficiency_pct: 100,
            };
            let variant = crate::production::service::create_product(tx, org, &p).await?;
            sell::set_price(
                tx,
                org,
                variant,
                "retail",
                (450 + extra) * 100,
                &day_from_today(-20),
                by,
            )
            .await?;
            let v = sell::CatalogueDraft {
                family_id: Some(id),
                variant: size.into(),
                category: category.into(),
                tax_code: tax_code.into(),
                tax_bp,
                made_to_order: true,
                descriptions: vec![],
            };
            sell::set_catalogue(tx, org, variant, &v).await?;
        }
        let s = crate::sales::store::SettingsRow {
            invoice_prefix: "DS".into(),
            tax_id: "24AAATD1234K1Z5".into(),
            tax_registered: true,
            year_starts: "04-01".into(),
            address: "Dura Sundari Mahila Sewa Sahakari Mandali, Ahmedabad, Gujarat".into(),
        };
        sell::save_settings(tx, org, &s).await?;
    }
    Ok(())
}

/// Dura Sundari sells kurtas to a shop (delivered, invoiced, paid in part); Aster
/// Tadelech's pads are ordered by an NGO after a quote, beyond its stock, made by her
/// members, delivered and invoiced.
async fn orders(tx: &mut Tx, org: &Org, id: i64, members: &[MemberRow]) -> Result<(), AppError> {
    let Some(by) = members.first().map(|m| m.person_id) else {
        return Ok(());
    };
    let (buyer, kind, phone, pieces, quote) = match org.slug.as_str() {
        "dura-sundari" => ("Navrangpura Textiles", "wholesale", "+919825011111", 10, false),
        "aster-tadelech" => ("Hiwot Girls' Education NGO", "institution", "+251911222333", 400, true),
        _ => return Ok(()),
    };
    if !quote && crate::production::service::goods_of(tx, org, id).await?.pieces < pieces {
        return Ok(());
    }
    let d = sell::OrderDraft {
        client_id: Some(format!("demo-order-{}", org.slug)),
        buyer: sell::BuyerDraft {
            name: buyer.into(),
            kind: kind.into(),
            phone: phone.into(),
            ..Default::default()
        },
        quote,
        lines: vec![(id, pieces)],
        ..Default::default()
    };
    let order = sell::place_order(tx, org, &d, Some(by)).await?;
    if quote {
        sell::confirm(tx, org, order).await?;
    }
    let line = sell::order(tx, org, order).await?.lines[0].0.id;
    if quote {
        // Made over the last week and a half, then delivered and invoiced; not yet paid.
        let made = sell::make_for(tx, org, order, line, &day_from_today(-3), by).await?;
        super::production::fulfil(tx, org, made, members).await?;
        let today = org.today();
        sell::deliver(tx, org, order, &[(line, pieces)], &today, by).await?;
        sell::invoice(tx, org, order, &[(line, pieces)], &today, by).await?;
        return Ok(());
    }
    // Delivered and invoiced last week, half paid since.
    let (delivered, today) = (day_from_today(-6), org.today());
    sell::deliver(tx, org, order, &[(line, pieces)], &delivered, by).await?;
    let invoice = sell::invoice(tx, org, order, &[(line, pieces)], &delivered, by).await?;
    let total = sell::invoice_of(tx, org, invoice).await?.0.total;
    let buyer = sell::order(tx, org, order).await?.buyer.id;
    sell::receive(tx, org, buyer, total / 2, "bank", false, "NEFT 0042", &today, by).await?;
    Ok(())
}

/// Buyers on HomeNet International's marketplace looked for what nobody sells yet.
pub(super) async fn unmet_searches(tx: &mut Tx) -> Result<(), AppError> {
    let Some(network) = crate::orgs::by_slug(tx, "homenet").await? else {
        return Ok(());
    };
    for (term, times) in [
        ("bamboo basket", 4),
        ("baby diapers", 3),
        ("school uniform", 2),
        ("jute bag", 1),
    ] {
        for _ in 0..times {
            sell::note_unmet_search(tx, &network, term).await?;
        }
    }
    Ok(())
}
