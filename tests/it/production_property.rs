//! Any sequence of lots, hand-ins, rate changes, material back and pay days keeps
//! production honest: pieces never exceed what an operation was given, each hand-in
//! earns its accepted pieces at the rate in force to the minor unit, the books'
//! piece-rate work equals the earnings, what is owed equals what is unpaid, and no
//! hand-in is paid twice.

use proptest::prelude::*;
use tejido::db::{Db, Tx};
use tejido::ledger::{NewEntry, Posting};
use tejido::production::model::{Count, PayHow};
use tejido::production::service::{self as make, Back, HandInDraft, LotDraft, OrderDraft, ProductDraft};
use tejido::production::store;

#[derive(Debug, Clone)]
enum Op {
    Lot {
        op: usize,
        member: usize,
        quantity: i64,
        cloth: i64,
    },
    HandIn {
        lot: usize,
        accepted: i64,
        rejected: i64,
        rework: i64,
        back: i64,
        waste: i64,
    },
    Rate {
        op: usize,
        rate: i64,
    },
    Pay {
        members: Vec<usize>,
    },
    Close {
        lot: usize,
        back: i64,
    },
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        3 => (0usize..2, 0usize..4, 1i64..40, 0i64..60_000).prop_map(|(op, member, quantity, cloth)| Op::Lot { op, member, quantity, cloth }),
        5 => (0usize..8, 0i64..20, 0i64..4, 0i64..3, 0i64..3_000, 0i64..1_000).prop_map(|(lot, accepted, rejected, rework, back, waste)| Op::HandIn { lot, accepted, rejected, rework, back, waste }),
        1 => (0usize..2, 1i64..3_000).prop_map(|(op, rate)| Op::Rate { op, rate }),
        1 => proptest::collection::vec(0usize..4, 1..4).prop_map(|members| Op::Pay { members }),
        1 => (0usize..8, 0i64..5_000).prop_map(|(lot, back)| Op::Close { lot, back }),
    ]
}

fn err(e: impl std::fmt::Display) -> String {
    e.to_string()
}

async fn sum(tx: &mut Tx, org: i64, code_like: &str) -> Result<i64, String> {
    let sql = format!(
        "SELECT CAST(COALESCE(SUM(p.amount), 0) AS BIGINT) FROM postings p JOIN accounts a ON a.id = p.account_id WHERE a.org_id = {org} AND a.code LIKE '{code_like}'"
    );
    match tx {
        Tx::Sqlite(t, _) => sqlx::query_scalar(sqlx::AssertSqlSafe(sql))
            .fetch_one(&mut **t)
            .await
            .map_err(err),
        _ => Err("sqlite only".into()),
    }
}

async fn run(ops: Vec<Op>) -> Result<(), String> {
    let dir = tempfile::tempdir().map_err(err)?;
    let db = Db::connect(&format!("sqlite://{}", dir.path().join("p.db").display()))
        .await
        .map_err(err)?;
    db.migrate().await.map_err(err)?;
    let mut tx = db.begin_write().await.map_err(err)?;
    let draft = tejido::orgs::OrgDraft {
        slug: "prop".into(),
        name: "Property Cooperative".into(),
        kind: "cooperative".into(),
        country: "IN".into(),
        currency: "INR".into(),
        languages: vec!["en".into()],
        timezone: String::new(),
        bylaws: Some(tejido::orgs::model::Bylaws {
            pay_within_days: 7,
            ..tejido::orgs::model::default_bylaws()
        }),
    };
    let org = tejido::orgs::service::create(&mut tx, &draft, &[]).await.map_err(err)?;
    let today = org.today();
    let mut members = vec![];
    for i in 0..4 {
        let d = tejido::members::MemberDraft {
            name: format!("Member {i}"),
            roles: vec!["leader".into()],
            ..Default::default()
        };
        members.push(
            tejido::members::service::add(&mut tx, &org, &d, tejido::members::service::Editor::SYSTEM)
                .await
                .map_err(err)?,
        );
    }
    let by = members[0].person_id;
    // Cash to buy cloth with, and 100 m of it in stock.
    let cash = tejido::ledger::account(&mut tx, &org, "1100").await.map_err(err)?;
    let grants = tejido::ledger::account(&mut tx, &org, "4500").await.map_err(err)?;
    let grant = NewEntry {
        date: today.clone(),
        description: "grant".into(),
        source: "test",
        source_id: None,
        reverses_id: None,
        planned: false,
        postings: vec![
            Posting {
                account_id: cash.id,
                amount: 100_000_000,
            },
            Posting {
                account_id: grants.id,
                amount: -100_000_000,
            },
        ],
    };
    tejido::ledger::post(&mut tx, &org, &grant, Some(by))
        .await
        .map_err(err)?;
    let supplier = tejido::purchases::service::create_supplier(&mut tx, &org, "Cloth", "", "", None)
        .await
        .map_err(err)?;
    let a = tejido::purchases::service::ArticleDraft {
        code: "C".into(),
        name: "Cloth".into(),
        unit: "metre".into(),
        pack_size: 50,
        pack_price: 300_000,
        min_packs: 1,
        category: "fabric".into(),
        retail_price: 8_000,
    };
    let article = tejido::purchases::service::put_article(&mut tx, &org, supplier, &a, &today)
        .await
        .map_err(err)?;
    tejido::purchases::stock_in(
        &mut tx,
        &org,
        article,
        100_000,
        600_000,
        tejido::ledger::Till::Cash,
        &today,
        by,
    )
    .await
    .map_err(err)?;
    let w = store::WageRow {
        id: 0,
        region: "R".into(),
        skill: "S".into(),
        per_day: 69_500,
        minutes_per_day: 480,
        valid_from: "2024-01-01".into(),
    };
    make::add_wage(&mut tx, &org, &w, by).await.map_err(err)?;
    let product = make::create_product(
        &mut tx,
        &org,
        &ProductDraft {
            code: "P".into(),
            name: "Kurta".into(),
            region: "R".into(),
            efficiency_pct: 100,
        },
    )
    .await
    .map_err(err)?;
    make::put_material(&mut tx, &org, product, article, 1_500, 500)
        .await
        .map_err(err)?;
    let mut ops_ids = vec![];
    for (name, sam, rate) in [("Cut", 600, 869), ("Stitch", 1_250, 1_810)] {
        let id = make::add_operation(&mut tx, &org, product, name, "S", sam)
            .await
            .map_err(err)?;
        make::set_rate(&mut tx, &org, id, rate, "", &today, by)
            .await
            .map_err(err)?;
        ops_ids.push(id);
    }
    let order = make::create_order(
        &mut tx,
        &org,
        &OrderDraft {
            product_id: product,
            quantity: 60,
            due_on: today.clone(),
            buyer: String::new(),
            buyer_ref: String::new(),
            pay_within_days: None,
        },
        by,
    )
    .await
    .map_err(err)?;
    tx.commit().await.map_err(err)?;
    let mut lots: Vec<i64> = vec![];
    for op in ops {
        let mut tx = db.begin_write().await.map_err(err)?;
        let result: Result<(), tejido::web::AppError> = match op.clone() {
            Op::Lot {
                op,
                member,
                quantity,
                cloth,
            } => {
                let d = LotDraft {
                    operation_id: ops_ids[op],
                    member_number: members[member].member_number.clone(),
                    quantity,
                    due_on: today.clone(),
                    given_on: today.clone(),
                    materials: vec![(article, cloth)],
                };
                make::create_lot(&mut tx, &org, order, &d, by)
                    .await
                    .map(|id| lots.push(id))
            }
            Op::HandIn {
                lot,
                accepted,
                rejected,
                rework,
                back,
                waste,
            } => match lots.get(lot) {
                Some(&id) => {
                    let before = store::lot(&mut tx, org.id, id).await.map_err(err)?;
                    let d = HandInDraft {
                        handed_on: today.clone(),
                        count: Count {
                            handed: accepted + rejected + rework,
                            accepted,
                            rejected,
                            rework,
                        },
                        reason: "r".into(),
                        minutes_worked: None,
                        back: vec![Back {
                            article_id: article,
                            returned: back,
                            wasted: waste,
                        }],
                    };
                    let r = make::hand_in(&mut tx, &org, id, &d, by).await;
                    if let (Ok(h), Some(lot)) = (&r, before) {
                        // Paid at the rate promised, or a later raise.
                        let row = store::hand_in(&mut tx, org.id, *h)
                            .await
                            .map_err(err)?
                            .ok_or("hand-in")?;
                        let in_force = store::rate_on(&mut tx, org.id, lot.operation_id, &today)
                            .await
                            .map_err(err)?
                            .map(|r| r.rate)
                            .unwrap_or(0);
                        if row.rate != lot.rate.max(in_force) || row.earned != accepted * row.rate {
                            return Err(format!(
                                "hand-in {h} paid {} at {} for {accepted}",
                                row.earned, row.rate
                            ));
                        }
                    }
                    r.map(|_| ())
                }
                None => Ok(()),
            },
            Op::Rate { op, rate } => make::set_rate(&mut tx, &org, ops_ids[op], rate, "test", &today, by)
                .await
                .map(|_| ()),
            Op::Pay { members: who } => {
                let who: Vec<(i64, PayHow)> = who.iter().map(|m| (members[*m].id, PayHow::Savings)).collect();
                make::pay(&mut tx, &org, &who, &today, by).await.map(|_| ())
            }
            Op::Close { lot, back } => match lots.get(lot) {
                Some(&id) => {
                    make::close_lot(
                        &mut tx,
                        &org,
                        id,
                        &[Back {
                            article_id: article,
                            returned: back,
                            wasted: 0,
                        }],
                        &today,
                        by,
                    )
                    .await
                }
                None => Ok(()),
            },
        };
        match result {
            Ok(()) => tx.commit().await.map_err(err)?,
            Err(tejido::web::AppError::Invalid(_)) => drop(tx),
            Err(e) => return Err(format!("{op:?}: {e}")),
        }
        // The invariants, after every step.
        let mut tx = db.begin_write().await.map_err(err)?;
        let o = make::order(&mut tx, &org, order).await.map_err(err)?;
        let mut source = o.order.quantity;
        for step in &o.steps {
            if step.taken > source {
                return Err(format!("{} took {} of {source}", step.name, step.taken));
            }
            source = step.accepted;
        }
        for l in &o.lots {
            if l.accepted + l.rejected > l.quantity {
                return Err(format!(
                    "lot {} handed {} of {}",
                    l.id,
                    l.accepted + l.rejected,
                    l.quantity
                ));
            }
        }
        for m in &o.materials {
            if m.returned_milli + m.wasted_milli > m.issued_milli || m.returned_value > m.issued_value {
                return Err(format!("lot {} gave back more than it had", m.lot_id));
            }
        }
        if tejido::purchases::stock_on_hand(&mut tx, &org, article)
            .await
            .map_err(err)?
            < 0
        {
            return Err("stock below zero".into());
        }
        let ids: Vec<i64> = o.lots.iter().map(|l| l.id).collect();
        let hand_ins = store::hand_ins_of_lots(&mut tx, org.id, &ids).await.map_err(err)?;
        let earned: i64 = hand_ins.iter().map(|h| h.pay()).sum();
        let unpaid: i64 = hand_ins
            .iter()
            .filter(|h| h.pay_run_id.is_none())
            .map(|h| h.pay())
            .sum();
        if sum(&mut tx, org.id, "5200").await? != earned {
            return Err(format!(
                "piece-rate work {} against earnings {earned}",
                sum(&mut tx, org.id, "5200").await?
            ));
        }
        if -sum(&mut tx, org.id, "2210-%").await? != unpaid {
            return Err(format!(
                "owed {} against unpaid {unpaid}",
                -sum(&mut tx, org.id, "2210-%").await?
            ));
        }
        if sum(&mut tx, org.id, "%").await? != 0 {
            return Err("the books do not balance".into());
        }
        drop(tx);
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 12, ..ProptestConfig::default() })]
    #[test]
    fn any_sequence_of_production_keeps_pieces_pay_and_books_true(ops in proptest::collection::vec(op(), 1..40)) {
        let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        let outcome = rt.block_on(run(ops));
        prop_assert!(outcome.is_ok(), "{}", outcome.unwrap_err());
    }
}
