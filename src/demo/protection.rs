//! Demo social protection: Dura Sundari enrols members in the PM-SYM pension and in a
//! health insurance as the insurer's agent; PATAMABA-WISE collects for SSS the
//! AlkanSSSya way and helps with PhilHealth; Aster Tadelech runs community health
//! insurance; ATEMDO's MEI members pay their monthly contribution. A few members are
//! enrolled, contributions are collected, and a batch is remitted with its
//! acknowledgement; one enrolment still waits for its documents.

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
    if schemes.is_empty() || members.len() < 12 {
        return Ok(());
    }
    let by = first.person_id;
    let major = 10i64.pow(u32::from(org.currency.exponent()));
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
        for (k, m) in members.iter().skip(4 + 2 * n).take(4).enumerate() {
            let e = protect::enrol(tx, org, id, &m.member_number, by).await?;
            if k == 3 {
                continue;
            }
            for doc in *documents {
                protect::receive_document(tx, org, e, doc).await?;
            }
            protect::advance(tx, org, e, "submitted", "", "", by).await?;
            let number = format!("{}-{:04}", reference.split_whitespace().next().unwrap_or("NO"), 100 + k);
            protect::advance(tx, org, e, "enrolled", &number, "", by).await?;
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
    }
    Ok(())
}
