//! Demo social protection: Dura Sundari enrols members in the PM-SYM pension and in a
//! health insurance as the insurer's agent; PATAMABA-WISE collects for SSS the
//! AlkanSSSya way and helps with PhilHealth; Aster Tadelech runs community health
//! insurance; ATEMDO's MEI members pay their monthly contribution. A few members are
//! enrolled, contributions are collected, and a batch is remitted with its
//! acknowledgement; one enrolment still waits for its documents. Health claims are
//! followed to payment; every organisation keeps a solidarity fund with a grant its
//! meeting decided; the SEWA federation offers a maternity benefit that Dura Sundari
//! adopts; ATEMDO reminds an MEI member who has not paid this month.

use super::day_from_today;
use crate::db::Tx;
use crate::members::MemberRow;
use crate::orgs::Org;
use crate::protection::model::Eligibility;
use crate::protection::service::{self as protect, Remit, SchemeDraft};
use crate::protection::store::RateRow;
use crate::web::AppError;

/// (name, kind, carrier, reference, ages, income ceiling in major units, documents, rate).
type Scheme = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    Option<(i64, i64)>,
    Option<i64>,
    &'static [&'static str],
    fn(i64) -> RateRow,
);

fn pm_sym(major: i64) -> RateRow {
    let rupees = [
        55, 58, 61, 64, 68, 72, 76, 80, 85, 90, 95, 100, 105, 110, 120, 130, 140, 150, 160, 170, 180, 190, 200,
    ];
    let table: Vec<(i64, i64)> = (18..=40).zip(rupees.iter().map(|r| r * major)).collect();
    RateRow {
        method: "age_table".into(),
        period: "month".into(),
        age_table: crate::protection::model::age_table_text(&table),
        match_bp: 10_000,
        match_by: "state".into(),
        grace_days: 180,
        valid_from: "2019-02-15".into(),
        ..RateRow::default()
    }
}

fn fixed(amount: i64, period: &'static str, grace: i64) -> RateRow {
    RateRow {
        method: "fixed".into(),
        period: period.into(),
        amount,
        grace_days: grace,
        valid_from: day_from_today(-365),
        ..RateRow::default()
    }
}

fn plan(slug: &str) -> &'static [Scheme] {
    match slug {
        "dura-sundari" => &[
            (
                "PM-SYM pension",
                "pension",
                "state",
                "PM-SYM",
                Some((18, 40)),
                Some(15_000),
                &["Aadhaar card", "Bank passbook"],
                pm_sym,
            ),
            (
                "Family health insurance",
                "health",
                "insurer",
                "Group policy 4471",
                Some((18, 65)),
                None,
                &["Aadhaar card"],
                |major| fixed(450 * major, "year", 30),
            ),
        ],
        "patamaba-wise" => &[
            (
                "SSS (AlkanSSSya group collection)",
                "state_scheme",
                "state",
                "SSS",
                Some((18, 60)),
                None,
                &["SSS number"],
                |major| fixed(570 * major, "month", 30),
            ),
            (
                "PhilHealth",
                "health",
                "state",
                "PhilHealth",
                None,
                None,
                &["PhilHealth ID"],
                |major| RateRow {
                    method: "percent_of_income".into(),
                    period: "month".into(),
                    bp: 500,
                    floor: 10_000 * major,
                    ceiling: 100_000 * major,
                    valid_from: "2024-01-01".into(),
                    ..RateRow::default()
                },
            ),
        ],
        "aster-tadelech" => &[(
            "Community-based health insurance",
            "health",
            "state",
            "Woreda CBHI",
            None,
            None,
            &["Kebele ID"],
            |major| RateRow {
                match_bp: 2_500,
                match_by: "organisation".into(),
                ..fixed(500 * major, "year", 60)
            },
        )],
        "atemdo" => &[(
            "MEI (microempreendedora individual)",
            "state_scheme",
            "state",
            "INSS / DAS-MEI",
            None,
            None,
            &["CNPJ"],
            |major| RateRow {
                method: "percent_of_minimum_wage".into(),
                period: "month".into(),
                bp: 500,
                minimum_wage: 1_518 * major,
                grace_days: 30,
                valid_from: "2025-01-01".into(),
                ..RateRow::default()
            },
        )],
        _ => &[],
    }
}

pub(super) async fn protection(tx: &mut Tx, org: &Org, members: &[MemberRow]) -> Result<(), AppError> {
    let schemes = plan(&org.slug);
    let Some(first) = members.first() else { return Ok(()) };
    let by = first.person_id;
    let major = 10i64.pow(u32::from(org.currency.exponent()));
    if org.slug == "sewa-federation" {
        federation_scheme(tx, org, major).await?;
        return solidarity(tx, org, members, major, by).await;
    }
    if schemes.is_empty() || members.len() < 12 {
        return Ok(());
    }
    // Her date of birth (aged 24 to 38) and a modest declared income.
    for (k, m) in members.iter().enumerate().skip(4).take(8) {
        let born = day_from_today(-365 * (24 + 2 * k as i64) - 40);
        protect::set_profile(tx, org, m.id, &born, Some((8_000 + 500 * k as i64) * major)).await?;
    }
    for (n, (name, kind, carrier, reference, ages, ceiling, documents, rate)) in schemes.iter().enumerate() {
        let d = SchemeDraft {
            name: (*name).into(),
            kind: (*kind).into(),
            carrier: (*carrier).into(),
            reference: (*reference).into(),
            contact: String::new(),
            eligibility: Eligibility {
                min_age: ages.map(|a| a.0),
                max_age: ages.map(|a| a.1),
                income_ceiling: ceiling.map(|c| c * major),
                ..Eligibility::default()
            },
            documents: documents.iter().map(|x| x.to_string()).collect(),
            turnaround_days: (*kind == "health").then_some(30),
        };
        let id = protect::create_scheme(tx, org, &d).await?;
        protect::add_rate(tx, org, id, &rate(major)).await?;
        // Four members through each scheme's steps; the last still gathers her papers.
        let mut covered = vec![];
        for (k, m) in members.iter().skip(4 + 2 * n).take(4).enumerate() {
            let e = protect::enrol(tx, org, id, &m.member_number, by).await?;
            if k == 3 {
                continue;
            }
            covered.push(e);
            for doc in *documents {
                protect::receive_document(tx, org, e, doc).await?;
            }
            protect::advance(tx, org, e, "submitted", "", "", by).await?;
            let number = format!("{}-{:04}", reference.split_whitespace().next().unwrap_or("NO"), 100 + k);
            protect::advance(tx, org, e, "enrolled", &number, "", by).await?;
            // One MEI member has not paid this month yet: ATEMDO reminds her.
            if org.slug == "atemdo" && k == 2 {
                continue;
            }
            protect::collect(
                tx,
                org,
                e,
                1,
                if k == 0 { "mobile_money" } else { "cash" },
                &org.today(),
                by,
            )
            .await?;
        }
        // What was collected is sent to the scheme, and the scheme acknowledges it.
        let remit = Remit {
            amount: None,
            till: "cash",
            reference: "Batch 1",
            on: &org.today(),
        };
        let r = protect::remit(tx, org, id, &remit, by).await?;
        protect::acknowledge(tx, org, r, &format!("ACK {}", 7000 + r)).await?;
        if *kind == "health" {
            claims(tx, org, &covered, major, by).await?;
        }
    }
    // Dura Sundari takes up the scheme its federation offers.
    for (_, s, adopted) in protect::offered(tx, org).await? {
        if !adopted {
            protect::adopt(tx, org, s.id).await?;
        }
    }
    solidarity(tx, org, members, major, by).await?;
    protect::remind_dues(tx, org, &org.today()).await?;
    Ok(())
}

/// The SEWA federation offers its member cooperatives a maternity benefit.
async fn federation_scheme(tx: &mut Tx, org: &Org, major: i64) -> Result<(), AppError> {
    let d = SchemeDraft {
        name: "Maternity benefit (federation group policy)".into(),
        kind: "maternity".into(),
        carrier: "insurer".into(),
        reference: "Group policy 9120".into(),
        contact: String::new(),
        eligibility: Eligibility {
            min_age: Some(18),
            max_age: Some(45),
            gender: Some("woman".into()),
            ..Eligibility::default()
        },
        documents: vec!["Aadhaar card".into()],
        turnaround_days: Some(21),
    };
    let id = protect::create_scheme(tx, org, &d).await?;
    protect::add_rate(tx, org, id, &fixed(120 * major, "year", 30)).await?;
    protect::publish(tx, org, id, true).await
}

/// A health scheme's claims: one paid through the organisation after its documents came
/// in, one waiting for a document, and (where there is a third cover) one submitted.
async fn claims(tx: &mut Tx, org: &Org, covered: &[i64], major: i64, by: i64) -> Result<(), AppError> {
    use crate::protection::service::ClaimMove;
    let today = org.today();
    let step = |step: &'static str, amount: Option<i64>| ClaimMove {
        step,
        amount,
        till: "cash",
        ..ClaimMove::default()
    };
    if let Some(&e) = covered.first() {
        let k = protect::report_claim(tx, org, e, "Hospital stay, 2 nights", &today, 3_000 * major, by).await?;
        let docs = ["Hospital bill".to_string(), "Discharge summary".to_string()];
        protect::request_documents(tx, org, k, &docs, by).await?;
        for d in &docs {
            protect::receive_claim_document(tx, org, k, d).await?;
        }
        protect::advance_claim(tx, org, k, &step("submitted", None), by).await?;
        protect::advance_claim(tx, org, k, &step("approved", Some(2_500 * major)), by).await?;
        protect::advance_claim(tx, org, k, &step("received", None), by).await?;
        protect::advance_claim(tx, org, k, &step("paid", None), by).await?;
        let child = match org.slug.as_str() {
            "patamaba-wise" => "Paolo",
            "aster-tadelech" => "Dawit",
            _ => "Kiran",
        };
        protect::add_dependant(tx, org, e, child, "child", "2016-04-12").await?;
    }
    if let Some(&e) = covered.get(1) {
        let k = protect::report_claim(tx, org, e, "Fever, clinic and medicines", &today, 800 * major, by).await?;
        let docs = ["Prescription".to_string(), "Pharmacy bill".to_string()];
        protect::request_documents(tx, org, k, &docs, by).await?;
        protect::receive_claim_document(tx, org, k, &docs[0]).await?;
    }
    if let Some(&e) = covered.get(2) {
        let k = protect::report_claim(tx, org, e, "Maternity care", &today, 0, by).await?;
        protect::advance_claim(tx, org, k, &step("submitted", None), by).await?;
    }
    Ok(())
}

/// Every organisation's solidarity fund: each member gives a little a month, and a
/// meeting decides an emergency grant from it.
async fn solidarity(tx: &mut Tx, org: &Org, members: &[MemberRow], major: i64, by: i64) -> Result<(), AppError> {
    use crate::protection::service::FundAsk;
    // Aster Tadelech's members give at each meeting, as an iddir does; the others monthly.
    let per_meeting = org.slug == "aster-tadelech";
    let (amount, per) = if per_meeting { (30, "meeting") } else { (20, "month") };
    protect::set_fund_rule(tx, org, amount * major, per).await?;
    for m in members.iter().take(if per_meeting { 0 } else { 10 }) {
        let ask = FundAsk {
            kind: "contribution",
            member_number: &m.member_number,
            periods: 3,
            till: "cash",
            ..FundAsk::default()
        };
        protect::fund_move(tx, org, &ask, by).await?;
    }
    let Some(helped) = members.get(6) else { return Ok(()) };
    let draft = crate::meetings::service::Draft {
        kind: "general".into(),
        title: org.own_tr().t("fund-title"),
        date: org.today(),
        time: "16:00".into(),
        place: "Office".into(),
        agenda: vec![format!("{} · {}", org.own_tr().t("fund-grant"), helped.name)],
    };
    let meeting = crate::meetings::service::create(tx, org, &draft, by).await?;
    crate::meetings::service::advance(tx, org, meeting, "open").await?;
    if per_meeting {
        for m in members.iter().take(12) {
            crate::meetings::service::attend(tx, org, meeting, m.id, Some(by)).await?;
        }
        protect::collect_at_meeting(tx, org, meeting, "cash", by).await?;
    }
    let item = crate::meetings::service::get(tx, org, meeting)
        .await?
        .items
        .first()
        .map(|i| i.id)
        .ok_or(AppError::NotFound)?;
    let decision = format!("{} · {} {}", helped.name, 300, org.currency.code());
    crate::meetings::service::decide(tx, org, meeting, item, &decision, None, by).await?;
    let ask = FundAsk {
        kind: "grant",
        member_number: &helped.member_number,
        amount: Some(300 * major),
        till: "cash",
        agenda_item: Some(item),
        purpose: "Flood damage to her home and sewing machine",
        ..FundAsk::default()
    };
    protect::fund_move(tx, org, &ask, by).await?;
    Ok(())
}
