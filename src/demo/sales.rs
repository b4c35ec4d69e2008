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
