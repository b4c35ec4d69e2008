//! Social protection: a scheme with its rules as data and a dated age table (PM-SYM), a
//! member refused with her reasons then enrolled step by step, her contributions
//! collected and remitted through the books to the minor unit.

use serde_json::json;

use crate::both;
use crate::common::*;

const API: &str = "/api/v1/orgs/dura-sundari";

/// The balance of an account of Dura Sundari's books, debit positive.
fn ds_sum(code: &str) -> String {
    format!(
        "SELECT CAST(COALESCE(SUM(p.amount), 0) AS BIGINT) FROM postings p JOIN accounts a ON a.id = p.account_id \
         WHERE a.code = '{code}' AND a.org_id = (SELECT id FROM orgs WHERE slug = 'dura-sundari')"
    )
}

async fn a_member_is_enrolled_and_her_contributions_reach_the_scheme(app: TestApp) {
    let token = app.token(DS_LEADER, "dura-sundari").await;
    let (_, members) = app.api_get(&token, &format!("{API}/members?q=")).await;
    let list = members["items"]
        .as_array()
        .or_else(|| members["members"].as_array())
        .unwrap()
        .clone();
    let (her, other, third) = (&list[3], &list[4], list[2].clone());
    let (her_id, her_number) = (
        her["id"].as_i64().unwrap(),
        her["member_number"].as_str().unwrap().to_string(),
    );
    let other_number = other["member_number"].as_str().unwrap().to_string();
    // PM-SYM: 18 to 40 at entry, income up to ₹15,000 a month, matched one for one by the state.
    let scheme = json!({"name": "PM-SYM pension", "kind": "pension", "carrier": "state", "min_age": 18, "max_age": 40,
        "income_ceiling": 1_500_000, "documents": ["Aadhaar card", "Bank passbook"]});
    for bad in [
        json!({"name": "", "kind": "pension", "carrier": "state"}),
        json!({"name": "X", "kind": "lottery", "carrier": "state"}),
        json!({"name": "X", "kind": "pension", "carrier": "state", "min_age": 40, "max_age": 18}),
        json!({"name": "X", "kind": "pension", "carrier": "state", "gender": "girl"}),
    ] {
        let (s, out) = app.api_post(&token, &format!("{API}/schemes"), bad.clone()).await;
        assert_eq!(s, 422, "{bad}: {out}");
    }
    let (s, out) = app.api_post(&token, &format!("{API}/schemes"), scheme).await;
    assert_eq!(s, 201, "{out}");
    let scheme_id = out["id"].as_i64().unwrap();
    let table = (18..=40)
        .zip([
            55, 58, 61, 64, 68, 72, 76, 80, 85, 90, 95, 100, 105, 110, 120, 130, 140, 150, 160, 170, 180, 190, 200,
        ])
        .map(|(a, r)| format!("{a}:{}", r * 100))
        .collect::<Vec<_>>()
        .join(", ");
    let rates = format!("{API}/schemes/{scheme_id}/rates");
    let rate = json!({"method": "age_table", "period": "month", "age_table": table, "match_bp": 10_000, "match_by": "state",
        "grace_days": 30, "valid_from": "2019-02-15"});
    let (s, out) = app.api_post(&token, &rates, rate).await;
    assert_eq!(s, 201, "{out}");
    let (s, out) = app
        .api_post(
            &token,
            &rates,
            json!({"method": "fixed", "period": "month", "amount": 100, "valid_from": "2026-01-01"}),
        )
        .await;
    assert_eq!(
        (s, out["errors"][0]["code"].as_str()),
        (422, Some("rate-overlaps")),
        "{out}"
    );
    let (s, _) = app
        .api_post(
            &token,
            &rates,
            json!({"method": "age_table", "period": "month", "age_table": "19:58, 18:55", "valid_from": "2030-01-01"}),
        )
        .await;
    assert_eq!(s, 422, "an age table whose ages fall");
    // Without her date of birth or income, she is refused with both reasons.
    let (s, out) = app
        .api_post(
            &token,
            &format!("{API}/enrolments"),
            json!({"scheme_id": scheme_id, "member_number": her_number}),
        )
        .await;
    assert_eq!(s, 422);
    let codes: Vec<&str> = out["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, ["eligible-no-birth", "eligible-no-income"], "{out}");
    // Born 15 August 1996: 30 today, so ₹105 a month. Another member is 45: too old.
    let today = time::OffsetDateTime::now_utc().date();
    let born = tejido::db::iso_day(today.replace_year(today.year() - 30).unwrap() - time::Duration::days(1));
    let (s, _) = app
        .api_post(
            &token,
            &format!("{API}/members/{her_id}/protection"),
            json!({"born_on": born, "monthly_income": 900_000}),
        )
        .await;
    assert_eq!(s, 204);
    let other_id = other["id"].as_i64().unwrap();
    let old = tejido::db::iso_day(today.replace_year(today.year() - 45).unwrap());
    app.api_post(
        &token,
        &format!("{API}/members/{other_id}/protection"),
        json!({"born_on": old, "monthly_income": 900_000}),
    )
    .await;
    let (s, out) = app
        .api_post(
            &token,
            &format!("{API}/enrolments"),
            json!({"scheme_id": scheme_id, "member_number": other_number}),
        )
        .await;
    assert_eq!(
        (s, out["errors"][0]["code"].as_str()),
        (422, Some("eligible-too-old")),
        "{out}"
    );
    let (s, out) = app
        .api_post(
            &token,
            &format!("{API}/enrolments"),
            json!({"scheme_id": scheme_id, "member_number": her_number}),
        )
        .await;
    assert_eq!(s, 201, "{out}");
    let e = out["id"].as_i64().unwrap();
    let (s, out) = app
        .api_post(
            &token,
            &format!("{API}/enrolments"),
            json!({"scheme_id": scheme_id, "member_number": her_number}),
        )
        .await;
    assert_eq!(
        (s, out["errors"][0]["code"].as_str()),
        (422, Some("eligible-in-scheme")),
        "not twice"
    );
    // Step by step: no submission with documents missing, no enrolment without the scheme's number.
    let step = |to: &str, number: &str| json!({"step": to, "policy_number": number});
    let steps = format!("{API}/enrolments/{e}/steps");
    let contributions = format!("{API}/contributions");
    let pay = |periods: i64| json!({"enrolment_id": e, "periods": periods, "till": "cash"});
    assert_eq!(
        app.api_post(&token, &contributions, pay(1)).await.0,
        422,
        "not enrolled yet"
    );
    assert_eq!(app.api_post(&token, &steps, step("submitted", "")).await.0, 422);
    assert_eq!(
        app.api_post(&token, &steps, step("enrolled", "")).await.0,
        422,
        "no step skipped"
    );
    for doc in ["Aadhaar card", "Bank passbook"] {
        let (s, _) = app
            .api_post(&token, &format!("{API}/enrolments/{e}/documents"), json!({"name": doc}))
            .await;
        assert_eq!(s, 204);
    }
    assert_eq!(
        app.api_post(
            &token,
            &format!("{API}/enrolments/{e}/documents"),
            json!({"name": "Photo"})
        )
        .await
        .0,
        422
    );
    assert_eq!(app.api_post(&token, &steps, step("submitted", "")).await.0, 204);
    assert_eq!(
        app.api_post(&token, &steps, step("enrolled", "")).await.0,
        422,
        "the scheme's number"
    );
    assert_eq!(
        app.api_post(&token, &steps, step("enrolled", "PMSYM-0042")).await.0,
        204
    );
    // Three months at ₹105, matched by the state outside the books.
    let (cash, to_remit) = (app.count_of(ds_sum("1100")).await, app.count_of(ds_sum("2400")).await);
    assert_eq!(app.api_post(&token, &contributions, pay(0)).await.0, 422);
    let (s, out) = app.api_post(&token, &contributions, pay(3)).await;
    assert_eq!(s, 201, "{out}");
    let (_, list) = app.api_get(&token, &contributions).await;
    let mine = list
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["enrolment_id"] == e)
        .unwrap()
        .clone();
    assert_eq!(
        (mine["amount"].as_i64(), mine["matched"].as_i64()),
        (Some(31_500), Some(31_500)),
        "{mine}"
    );
    assert_eq!(app.count_of(ds_sum("1100")).await - cash, 31_500);
    assert_eq!(app.count_of(ds_sum("2400")).await - to_remit, -31_500);
    let (_, all) = app.api_get(&token, &format!("{API}/enrolments")).await;
    let her_cover = all.as_array().unwrap().iter().find(|x| x["id"] == e).unwrap().clone();
    assert_eq!(her_cover["status"], "active", "{her_cover}");
    assert_eq!(her_cover["standing"], "active", "{her_cover}");
    assert_eq!(her_cover["periods_paid"], 3);
    // Remitting more than was collected is refused; then all of it goes, once.
    let remit = |amount: Option<i64>| json!({"scheme_id": scheme_id, "amount": amount, "till": "cash", "reference": "NPS batch 1"});
    let (s, out) = app
        .api_post(&token, &format!("{API}/remittances"), remit(Some(31_501)))
        .await;
    assert_eq!(
        (s, out["errors"][0]["code"].as_str()),
        (422, Some("remit-more-than-collected"))
    );
    let (s, out) = app.api_post(&token, &format!("{API}/remittances"), remit(None)).await;
    assert_eq!(s, 201, "{out}");
    let r = out["id"].as_i64().unwrap();
    assert_eq!(
        app.count_of(ds_sum("2400")).await,
        to_remit,
        "all that was collected went"
    );
    assert_eq!(app.count_of(ds_sum("1100")).await, cash);
    assert_eq!(
        app.api_post(&token, &format!("{API}/remittances"), remit(None)).await.0,
        422,
        "nothing left"
    );
    assert_eq!(
        app.api_post(
            &token,
            &format!("{API}/remittances/{r}/acknowledgement"),
            json!({"acknowledgement": "ACK 7781"})
        )
        .await
        .0,
        204
    );
    // The remittance file names her with the scheme's number.
    let c = app.login(DS_LEADER).await;
    let file = app
        .text(&c, &format!("/o/dura-sundari/protection/remittances/{r}.csv"))
        .await;
    assert!(file.contains("PMSYM-0042") && file.contains("315.00"), "{file}");
    // On the pages: a scheme of the organisation's own with an age table in rupees; a
    // table overlapping it refused in Gujarati.
    let form = form_of;
    let page = app.text(&c, "/o/dura-sundari/protection").await;
    let excl = format!("excl_{scheme_id}");
    let r = c
        .post(app.url("/o/dura-sundari/protection"))
        .form(&form(
            &page,
            &[
                ("name", "Sakhi mutual fund"),
                ("kind", "mutual"),
                ("carrier", "organisation"),
                (&excl, "on"),
            ],
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    assert_eq!(
        app.count_of(format!(
            "SELECT COUNT(*) FROM schemes WHERE name = 'Sakhi mutual fund' AND excludes = '{scheme_id}'"
        ))
        .await,
        1,
        "not for members already in PM-SYM, set on the page"
    );
    let at = r.headers()["location"].to_str().unwrap().to_string();
    let page = app.text(&c, &at).await;
    let rate = |from: &'static str| {
        [
            ("action", "rate"),
            ("method", "age_table"),
            ("period", "month"),
            ("age_table", "18:55, 19:58.50"),
            ("valid_from", from),
        ]
    };
    let r = c
        .post(app.url(&at))
        .form(&form(&page, &rate("2026-01-01")))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    assert_eq!(
        app.count("SELECT COUNT(*) FROM scheme_rates WHERE age_table = '18:5500, 19:5850'")
            .await,
        1
    );
    c.get(app.url("/lang/gu")).send().await.unwrap();
    let page = app.text(&c, &at).await;
    let r = c
        .post(app.url(&at))
        .form(&form(&page, &rate("2026-06-01")))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 422);
    assert!(
        r.text().await.unwrap().contains("બીજા દર કોષ્ટક"),
        "refused in her language"
    );
    // Enrolled on the page with her income recorded on the way; her birth day kept.
    let page = app.text(&c, &at).await;
    let r = c
        .post(app.url(&at))
        .form(&form(
            &page,
            &[
                ("action", "enrol"),
                ("member", &other_number),
                ("monthly_income", "8000"),
            ],
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    assert_eq!(
        app.count_of(format!(
            "SELECT COUNT(*) FROM protection_profiles WHERE member_id = {other_id} AND monthly_income = 800000 AND born_on = '{old}'"
        ))
        .await,
        1
    );
    // Refused on the page with the reason the rule gives, for the birth day she gave,
    // though the refused form's writes did not stand.
    let pm_sym = format!("/o/dura-sundari/protection/schemes/{scheme_id}");
    let page = app.text(&c, &pm_sym).await;
    let third_number = third["member_number"].as_str().unwrap().to_string();
    let r = c
        .post(app.url(&pm_sym))
        .form(&form(
            &page,
            &[
                ("action", "enrol"),
                ("member", &third_number),
                ("born_on", &old),
                ("monthly_income", "9000"),
            ],
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 422);
    let body = r.text().await.unwrap();
    assert!(
        body.contains("કરતાં મોટી") && body.contains("40"),
        "too old, over 40: {body}"
    );
    assert_eq!(
        app.count_of(format!(
            "SELECT COUNT(*) FROM protection_profiles WHERE member_id = {}",
            third["id"]
        ))
        .await,
        0,
        "nothing half-written"
    );
    // Her passbook shows her cover, what she paid and what reached the scheme.
    let passbook = app
        .text(&c, &format!("/o/dura-sundari/members/{her_id}/passbook"))
        .await;
    assert!(
        passbook.contains("PM-SYM pension")
            && passbook.contains("PMSYM-0042")
            && passbook.matches("315.00").count() >= 2,
        "{passbook}"
    );
    // Collected (hers and the organisation's matching share, in every organisation of the
    // demo) = remitted + still to remit, to the minor unit.
    let collected = app
        .count("SELECT CAST(COALESCE(SUM(amount + CASE WHEN match_by = 'organisation' THEN matched ELSE 0 END), 0) AS BIGINT) FROM contributions")
        .await;
    let remitted = app
        .count("SELECT CAST(COALESCE(SUM(amount), 0) AS BIGINT) FROM remittances")
        .await;
    let open = app
        .count("SELECT CAST(COALESCE(SUM(amount + CASE WHEN match_by = 'organisation' THEN matched ELSE 0 END), 0) AS BIGINT) FROM contributions WHERE remittance_id IS NULL")
        .await;
    assert_eq!((collected, open), (remitted + open, 0));
    // A member may not run the schemes.
    let member = app.token(DS_MEMBER, "dura-sundari").await;
    assert_eq!(app.api_get(&member, &format!("{API}/schemes")).await.0, 403);
    assert_eq!(app.api_post(&member, &contributions, pay(1)).await.0, 403);
}
both!(a_member_is_enrolled_and_her_contributions_reach_the_scheme);

/// The form a page carries, with its keys, and these fields.
fn form_of(page: &str, pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    let mut f = vec![
        ("csrf".to_string(), hidden(page, "csrf")),
        ("idem".to_string(), hidden(page, "idem")),
    ];
    f.extend(pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())));
    f
}

async fn a_claim_is_followed_to_payment_and_the_fund_gives_by_resolution(app: TestApp) {
    let token = app.token(DS_LEADER, "dura-sundari").await;
    let (_, schemes) = app.api_get(&token, &format!("{API}/schemes")).await;
    let health = schemes
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["name"] == "Family health insurance")
        .unwrap()
        .clone();
    assert_eq!(health["turnaround_days"], 30, "{health}");
    let health_id = health["id"].as_i64().unwrap();
    let (_, all) = app.api_get(&token, &format!("{API}/enrolments")).await;
    let cover = all
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["scheme_id"] == health_id && e["status"] == "active")
        .unwrap()
        .clone();
    let (e, number) = (
        cover["id"].as_i64().unwrap(),
        cover["member_number"].as_str().unwrap().to_string(),
    );
    let member_id = cover["member_id"].as_i64().unwrap();
    let today = time::OffsetDateTime::now_utc().date();
    let day = |d: i64| tejido::db::iso_day(today + time::Duration::days(d));
    let claims = format!("{API}/claims");
    // Bad claims are refused, nothing written.
    let before = app.count("SELECT COUNT(*) FROM claims").await;
    for bad in [
        json!({"enrolment_id": e, "what": "Hospital stay", "happened_on": day(3)}),
        json!({"enrolment_id": e, "what": "", "happened_on": day(-3)}),
        json!({"enrolment_id": e, "what": "Hospital stay", "happened_on": "2026-02-30"}),
        json!({"enrolment_id": e, "what": "Hospital stay", "happened_on": day(0), "asked": -5}),
        // Her cover began today, in the demo.
        json!({"enrolment_id": e, "what": "Hospital stay", "happened_on": day(-3)}),
    ] {
        let (s, out) = app.api_post(&token, &claims, bad.clone()).await;
        assert_eq!(s, 422, "{bad}: {out}");
    }
    assert_eq!(app.count("SELECT COUNT(*) FROM claims").await, before);
    let (s, out) = app
        .api_post(
            &token,
            &claims,
            json!({"enrolment_id": e, "what": "Hospital stay, 3 nights", "happened_on": day(0), "asked": 500_000}),
        )
        .await;
    assert_eq!(s, 201, "{out}");
    let k = out["id"].as_i64().unwrap();
    let steps = format!("{API}/claims/{k}/steps");
    let docs = format!("{API}/claims/{k}/documents");
    let step = |to: &str| json!({"step": to, "till": "cash"});
    // Documents asked for all at once; the claim waits for every one before it is submitted.
    let (s, _) = app
        .api_post(
            &token,
            &docs,
            json!({"request": ["Hospital bill", "Discharge summary"]}),
        )
        .await;
    assert_eq!(s, 204);
    assert_eq!(
        app.api_post(&token, &docs, json!({"request": ["Photo"]})).await.0,
        422,
        "asked for once"
    );
    let (s, out) = app.api_post(&token, &steps, step("submitted")).await;
    assert_eq!(
        (s, out["errors"][0]["code"].as_str()),
        (422, Some("claim-documents-missing"))
    );
    assert_eq!(
        app.api_post(&token, &docs, json!({"received": ["Hospital bill"]}))
            .await
            .0,
        204
    );
    assert_eq!(app.api_post(&token, &steps, step("submitted")).await.0, 422);
    assert_eq!(app.api_post(&token, &docs, json!({"received": ["Photo"]})).await.0, 422);
    assert_eq!(
        app.api_post(&token, &docs, json!({"received": ["Discharge summary"]}))
            .await
            .0,
        204
    );
    assert_eq!(
        app.api_post(&token, &steps, step("paid")).await.0,
        422,
        "not paid before approved"
    );
    assert_eq!(app.api_post(&token, &steps, step("submitted")).await.0, 204);
    assert_eq!(
        app.api_post(&token, &steps, json!({"step": "approved"})).await.0,
        422,
        "approved with an amount"
    );
    let (s, out) = app
        .api_post(&token, &steps, json!({"step": "approved", "amount": 500_001}))
        .await;
    assert_eq!((s, out["errors"][0]["code"].as_str()), (422, Some("claim-above-asked")));
    assert_eq!(
        app.api_post(&token, &steps, json!({"step": "approved", "amount": 450_000}))
            .await
            .0,
        204
    );
    // Through the organisation: the scheme's money comes into the till as owed to her,
    // then goes out to her.
    let (cash, owed) = (app.count_of(ds_sum("1100")).await, app.count_of(ds_sum("2410")).await);
    assert_eq!(app.api_post(&token, &steps, step("received")).await.0, 204);
    assert_eq!(app.count_of(ds_sum("1100")).await - cash, 450_000);
    assert_eq!(app.count_of(ds_sum("2410")).await - owed, -450_000);
    assert_eq!(app.api_post(&token, &steps, step("paid")).await.0, 204);
    assert_eq!(
        (app.count_of(ds_sum("1100")).await, app.count_of(ds_sum("2410")).await),
        (cash, owed)
    );
    let (s, out) = app.api_post(&token, &steps, step("paid")).await;
    assert_eq!(
        (s, out["errors"][0]["code"].as_str()),
        (422, Some("claim-already-paid")),
        "paid once"
    );
    assert_eq!(app.count_of(ds_sum("1100")).await, cash);
    let (_, list) = app.api_get(&token, &claims).await;
    let mine = list.as_array().unwrap().iter().find(|c| c["id"] == k).unwrap().clone();
    assert_eq!(
        (
            &mine["status"],
            &mine["route"],
            &mine["days"],
            &mine["late"],
            &mine["paid_on"]
        ),
        (
            &json!("paid"),
            &json!("organisation"),
            &json!(0),
            &json!(false),
            &json!(day(0))
        ),
        "{mine}"
    );
    assert_eq!(
        app.count_of(format!(
            "SELECT COUNT(*) FROM claim_steps WHERE claim_id = {k} AND created_by IS NOT NULL AND on_day <> ''"
        ))
        .await,
        6,
        "every step dated and by whom"
    );
    // Paid to her directly by the scheme: nothing in the books. Rejected with a reason.
    let report = json!({"enrolment_id": e, "what": "Clinic visit", "happened_on": day(0)});
    let (_, out) = app.api_post(&token, &claims, report.clone()).await;
    let direct = out["id"].as_i64().unwrap();
    let at = |id: i64| format!("{API}/claims/{id}/steps");
    assert_eq!(app.api_post(&token, &at(direct), step("submitted")).await.0, 204);
    app.api_post(&token, &at(direct), json!({"step": "approved", "amount": 80_000}))
        .await;
    assert_eq!(app.api_post(&token, &at(direct), json!({"step": "paid"})).await.0, 204);
    assert_eq!(app.count_of(ds_sum("1100")).await, cash, "the scheme paid her");
    let (_, out) = app.api_post(&token, &claims, report).await;
    let refused = out["id"].as_i64().unwrap();
    assert_eq!(
        app.api_post(&token, &at(refused), json!({"step": "rejected"})).await.0,
        422,
        "a reason"
    );
    assert_eq!(
        app.api_post(
            &token,
            &at(refused),
            json!({"step": "rejected", "reason": "Outpatient care is not covered"})
        )
        .await
        .0,
        204
    );
    assert_eq!(app.api_post(&token, &at(refused), step("paid")).await.0, 422);
    // She is told of each step, and her passbook shows her claims and their next step.
    assert!(
        app.count_of(format!(
            "SELECT COUNT(*) FROM notices_outbox WHERE kind = 'claim-step' AND member_id = {member_id}"
        ))
        .await
            >= 6
    );
    let c = app.login(DS_LEADER).await;
    let passbook = app
        .text(&c, &format!("/o/dura-sundari/members/{member_id}/passbook"))
        .await;
    assert!(
        passbook.contains("Hospital stay, 3 nights") && passbook.contains("Outpatient care is not covered"),
        "{passbook}"
    );
    // And the schemes she is not in, with their rules and whether she may join.
    assert!(
        passbook.contains("Schemes you may join") && passbook.contains("Maternity benefit"),
        "{passbook}"
    );
    // The claim's page and the claims report show it; a claim followed on the page.
    let page = app.text(&c, &format!("/o/dura-sundari/protection/claims/{k}")).await;
    assert!(
        page.contains("Discharge summary") && page.contains("4,500.00"),
        "{page}"
    );
    let csv = app.text(&c, "/o/dura-sundari/reports/claims?format=csv").await;
    assert!(csv.contains(&number) && csv.lines().count() >= 4, "{csv}");
    let xlsx = c
        .get(app.url("/o/dura-sundari/reports/claims?format=xlsx"))
        .send()
        .await
        .unwrap();
    assert_eq!(xlsx.status(), 200);
    for r in ["covers", "contributions", "solidarity-fund", "remittances", "schemes"] {
        let s = c
            .get(app.url(&format!("/o/dura-sundari/reports/{r}?format=csv")))
            .send()
            .await
            .unwrap()
            .status();
        assert_eq!(s, 200, "{r}");
    }
    let page = app.text(&c, "/o/dura-sundari/protection/claims").await;
    let r = c
        .post(app.url("/o/dura-sundari/protection/claims"))
        .form(&form_of(
            &page,
            &[
                ("enrolment", &e.to_string()),
                ("what", "Fracture"),
                ("happened_on", &day(0)),
                ("asked", "1200"),
            ],
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    let at_page = r.headers()["location"].to_str().unwrap().to_string();
    let page = app.text(&c, &at_page).await;
    let r = c
        .post(app.url(&at_page))
        .form(&form_of(&page, &[("action", "request"), ("documents", "X-ray\nBill")]))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    let page = app.text(&c, &at_page).await;
    let r = c
        .post(app.url(&at_page))
        .form(&form_of(&page, &[("action", "step"), ("step", "submitted")]))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 422, "documents missing");
    let r = c
        .post(app.url(&at_page))
        .form(&form_of(
            &page,
            &[("action", "receive"), ("doc_0", "X-ray"), ("doc_1", "Bill")],
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    assert_eq!(
        app.count("SELECT COUNT(*) FROM claim_documents WHERE received_on IS NULL AND name IN ('X-ray', 'Bill')")
            .await,
        0
    );

    // The solidarity fund: a rule, contributions, and a grant only by a resolution.
    let fund = format!("{API}/solidarity-fund");
    assert_eq!(
        app.api_post(&token, &format!("{fund}/rule"), json!({"amount": 2_000, "per": "week"}))
            .await
            .0,
        422
    );
    assert_eq!(
        app.api_post(
            &token,
            &format!("{fund}/rule"),
            json!({"amount": 2_000, "per": "month"})
        )
        .await
        .0,
        204
    );
    let moves = format!("{fund}/moves");
    let (fund_before, loans_before) = (app.count_of(ds_sum("3500")).await, app.count_of(ds_sum("1410")).await);
    let (s, out) = app
        .api_post(
            &token,
            &moves,
            json!({"kind": "contribution", "member_number": number, "periods": 3, "till": "cash"}),
        )
        .await;
    assert_eq!(s, 201, "{out}");
    assert_eq!(app.count_of(ds_sum("3500")).await - fund_before, -6_000);
    let (_, f) = app.api_get(&token, &fund).await;
    let available = f["available"].as_i64().unwrap();
    let grant = |amount: i64, item: Option<i64>| {
        json!({"kind": "grant", "member_number": number, "amount": amount, "till": "cash",
            "agenda_item_id": item, "purpose": "Flood damage"})
    };
    let (s, out) = app.api_post(&token, &moves, grant(1_000, None)).await;
    assert_eq!(
        (s, out["errors"][0]["code"].as_str()),
        (422, Some("fund-resolution-needed")),
        "{out}"
    );
    assert_eq!(app.api_post(&token, &moves, grant(1_000, Some(999_999))).await.0, 422);
    // The meeting decides it.
    let (s, m) = app
        .api_post(
            &token,
            &format!("{API}/meetings"),
            json!({"kind": "general", "title": "Monthly meeting", "date": day(0), "time": "10:00", "place": "Office",
                "agenda": ["Emergency grant for flood damage"]}),
        )
        .await;
    assert_eq!(s, 201, "{m}");
    let meeting = m["id"].as_i64().unwrap();
    app.api_post(
        &token,
        &format!("{API}/meetings/{meeting}/status"),
        json!({"status": "open"}),
    )
    .await;
    let page = app.text(&c, &format!("/o/dura-sundari/meetings/{meeting}")).await;
    let item: i64 = hidden(&page, "item_id").parse().unwrap();
    let r = c
        .post(app.url(&format!("/o/dura-sundari/meetings/{meeting}/decide")))
        .form(&form_of(
            &page,
            &[
                ("item_id", &item.to_string()),
                ("decision", "Grant her 1,000 from the fund"),
            ],
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    let (s, out) = app.api_post(&token, &moves, grant(available + 1, Some(item))).await;
    assert_eq!((s, out["errors"][0]["code"].as_str()), (422, Some("fund-short")));
    let (s, out) = app.api_post(&token, &moves, grant(1_000, Some(item))).await;
    assert_eq!(s, 201, "{out}");
    assert_eq!(app.count_of(ds_sum("3500")).await - fund_before, -5_000);
    let loan =
        json!({"kind": "loan", "member_number": number, "amount": 2_000, "till": "cash", "agenda_item_id": item});
    assert_eq!(app.api_post(&token, &moves, loan).await.0, 201);
    assert_eq!(app.count_of(ds_sum("1410")).await - loans_before, 2_000);
    let repay = |amount: i64| json!({"kind": "repayment", "member_number": number, "amount": amount, "till": "cash"});
    let (s, out) = app.api_post(&token, &moves, repay(2_001)).await;
    assert_eq!((s, out["errors"][0]["code"].as_str()), (422, Some("fund-repay-more")));
    assert_eq!(app.api_post(&token, &moves, repay(2_000)).await.0, 201);
    assert_eq!(app.count_of(ds_sum("1410")).await, loans_before);
    // A rule per meeting: the members present give, each once.
    let collect = json!({"meeting_id": meeting, "till": "cash"});
    let at_meeting = format!("{fund}/meeting-collections");
    let (s, out) = app.api_post(&token, &at_meeting, collect.clone()).await;
    assert_eq!(
        (s, out["errors"][0]["code"].as_str()),
        (422, Some("fund-rule-not-meetings"))
    );
    app.api_post(
        &token,
        &format!("{fund}/rule"),
        json!({"amount": 500, "per": "meeting"}),
    )
    .await;
    for n in ["5", "6"] {
        let (s, out) = app
            .api_post(
                &token,
                &format!("{API}/meetings/{meeting}/attendance"),
                json!({"member_number": n}),
            )
            .await;
        assert!(s < 300, "{out}");
    }
    let before = app.count_of(ds_sum("3500")).await;
    let (s, out) = app.api_post(&token, &at_meeting, collect.clone()).await;
    assert_eq!(s, 201, "{out}");
    assert_eq!(out["ids"].as_array().unwrap().len(), 2);
    assert_eq!(app.count_of(ds_sum("3500")).await - before, -1_000);
    let (s, out) = app.api_post(&token, &at_meeting, collect).await;
    assert_eq!(
        (s, out["errors"][0]["code"].as_str()),
        (422, Some("fund-meeting-none")),
        "once"
    );
    // The fund is equity of its own: none of its money ever reaches income or expenses,
    // so surplus sharing never distributes it.
    assert_eq!(
        app.count(
            "SELECT COUNT(*) FROM postings p JOIN accounts a ON a.id = p.account_id \
             JOIN journal_entries j ON j.id = p.entry_id \
             WHERE j.source = 'solidarity' AND a.kind IN ('income', 'expense')"
        )
        .await,
        0
    );

    // Her savings pay by standing instruction, only as far as they go; a group box is
    // recorded whole when it adds up, and not at all when it does not.
    let (_, f) = app.api_get(&token, &format!("{API}/contributions")).await;
    let count = f.as_array().unwrap().len();
    let (s, out) = app
        .api_post(
            &token,
            &format!("{API}/savings/deposits"),
            json!({"member_number": number, "amount": 45_000, "till": "cash"}),
        )
        .await;
    assert!(s == 200 || s == 201, "{out}");
    let savings = app.count_of(format!(
        "SELECT CAST(COALESCE(SUM(p.amount), 0) AS BIGINT) FROM postings p JOIN accounts a ON a.id = p.account_id \
         WHERE a.code = '2100-M{member_id}'"
    ));
    let held = -savings.await;
    assert!(held >= 45_000, "{held}");
    let pay = |periods: i64| json!({"enrolment_id": e, "periods": periods, "till": "savings"});
    let too_many = held / 45_000 + 1;
    let (s, out) = app
        .api_post(&token, &format!("{API}/contributions"), pay(too_many))
        .await;
    assert_eq!(
        (s, out["errors"][0]["code"].as_str()),
        (422, Some("contribution-savings-short")),
        "{out}"
    );
    assert_eq!(
        app.api_post(&token, &format!("{API}/contributions"), pay(1)).await.0,
        201
    );
    let box_at = format!("{API}/schemes/{health_id}/group-collections");
    let lines = json!([{"enrolment_id": e, "periods": 1}]);
    let (s, out) = app
        .api_post(
            &token,
            &box_at,
            json!({"counted": 44_000, "till": "cash", "lines": lines}),
        )
        .await;
    assert_eq!(
        (s, out["errors"][0]["code"].as_str()),
        (422, Some("box-does-not-add-up"))
    );
    let (s, out) = app
        .api_post(
            &token,
            &box_at,
            json!({"counted": 45_000, "till": "cash", "lines": lines}),
        )
        .await;
    assert_eq!(s, 201, "{out}");
    let (_, f) = app.api_get(&token, &format!("{API}/contributions")).await;
    assert_eq!(f.as_array().unwrap().len(), count + 2, "the refused box wrote nothing");

    // Dependants on her cover.
    let deps = format!("{API}/enrolments/{e}/dependants");
    assert_eq!(
        app.api_post(&token, &deps, json!({"name": "Ravi", "relation": "cousin"}))
            .await
            .0,
        422
    );
    assert_eq!(
        app.api_post(
            &token,
            &deps,
            json!({"name": "Ravi", "relation": "child", "born_on": "2015-06-01"})
        )
        .await
        .0,
        201
    );

    // Coverage: the organisation's own figures, and its federation's with small counts hidden.
    let (s, cov) = app.api_get(&token, &format!("{API}/protection-coverage")).await;
    assert_eq!(s, 200);
    assert!(
        cov["covered"].as_i64().unwrap() >= 1 && cov["claims_paid"].as_i64().unwrap() >= 2,
        "{cov}"
    );
    assert_eq!(
        cov["covered"].as_i64(),
        Some(cov["covered_women"].as_i64().unwrap() + cov["covered_others"].as_i64().unwrap())
    );
    let fed = app.token(SEWA_STAFF, "sewa-federation").await;
    let (s, cov) = app
        .api_get(&fed, "/api/v1/orgs/sewa-federation/protection-coverage")
        .await;
    assert_eq!(s, 200, "{cov}");
    let rows = cov["affiliates"].as_array().unwrap();
    assert!(!rows.is_empty());
    for row in rows {
        for n in row["counts"].as_array().unwrap() {
            assert!(n.is_null() || !(1..=10).contains(&n.as_i64().unwrap()), "{row}");
        }
    }
    // The federation publishes a scheme; its member organisation adopts it, rates and all, once.
    let (s, out) = app
        .api_post(
            &fed,
            "/api/v1/orgs/sewa-federation/schemes",
            json!({"name": "Maternity cover", "kind": "maternity", "carrier": "insurer", "turnaround_days": 15}),
        )
        .await;
    assert_eq!(s, 201, "{out}");
    let published = out["id"].as_i64().unwrap();
    app.api_post(
        &fed,
        &format!("/api/v1/orgs/sewa-federation/schemes/{published}/rates"),
        json!({"method": "fixed", "period": "year", "amount": 30_000, "valid_from": "2026-01-01"}),
    )
    .await;
    let adopt = json!({"scheme_id": published});
    assert_eq!(
        app.api_post(&token, &format!("{API}/scheme-adoptions"), adopt.clone())
            .await
            .0,
        422,
        "not offered yet"
    );
    assert_eq!(
        app.api_post(
            &token,
            &format!("{API}/schemes/{health_id}/publication"),
            json!({"published": true})
        )
        .await
        .0,
        422,
        "only a federation publishes"
    );
    assert_eq!(
        app.api_post(
            &fed,
            &format!("/api/v1/orgs/sewa-federation/schemes/{published}/publication"),
            json!({"published": true})
        )
        .await
        .0,
        204
    );
    let (s, out) = app
        .api_post(&token, &format!("{API}/scheme-adoptions"), adopt.clone())
        .await;
    assert_eq!(s, 201, "{out}");
    let adopted = out["id"].as_i64().unwrap();
    assert_eq!(
        app.count_of(format!(
            "SELECT COUNT(*) FROM scheme_rates r JOIN schemes s ON s.id = r.scheme_id \
             WHERE s.id = {adopted} AND s.adopted_from = {published} AND r.amount = 30000 AND r.org_id = s.org_id"
        ))
        .await,
        1
    );
    assert_eq!(
        app.api_post(&token, &format!("{API}/scheme-adoptions"), adopt).await.0,
        422,
        "once"
    );
    // Enrolled in it with a standing instruction, her first year is taken from her savings
    // by the sweeper, once however often it runs.
    let (s, out) = app
        .api_post(
            &token,
            &format!("{API}/enrolments"),
            json!({"scheme_id": adopted, "member_number": number}),
        )
        .await;
    assert_eq!(s, 201, "{out}");
    let m = out["id"].as_i64().unwrap();
    for (to, n) in [("submitted", ""), ("enrolled", "MAT-0001")] {
        let (s, out) = app
            .api_post(
                &token,
                &format!("{API}/enrolments/{m}/steps"),
                json!({"step": to, "policy_number": n}),
            )
            .await;
        assert_eq!(s, 204, "{out}");
    }
    app.api_post(
        &token,
        &format!("{API}/savings/deposits"),
        json!({"member_number": number, "amount": 30_000, "till": "cash"}),
    )
    .await;
    assert_eq!(
        app.api_post(
            &token,
            &format!("{API}/enrolments/{m}/standing-instruction"),
            json!({"from_savings": true})
        )
        .await
        .0,
        204
    );
    for _ in 0..2 {
        tejido::app::reminders::queue_all(&app.db).await.unwrap();
    }
    assert_eq!(
        app.count_of(format!(
            "SELECT COUNT(*) FROM contributions WHERE enrolment_id = {m} AND till = 'savings' AND amount = 30000"
        ))
        .await,
        1
    );
    let (_, all) = app.api_get(&token, &format!("{API}/enrolments")).await;
    let mat = all.as_array().unwrap().iter().find(|x| x["id"] == m).unwrap().clone();
    assert_eq!(
        (&mat["status"], &mat["from_savings"]),
        (&json!("active"), &json!(true)),
        "{mat}"
    );
    // A member reports a claim on her own cover from her passbook; not on another's.
    let (_, all) = app.api_get(&token, &format!("{API}/enrolments")).await;
    let five = all
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["member_number"] == "5" && x["status"] == "active")
        .unwrap()
        .clone();
    let (own_cover, five_id) = (five["id"].as_i64().unwrap(), five["member_id"].as_i64().unwrap());
    let her = app.login(DS_MEMBER).await;
    let passbook = app
        .text(&her, &format!("/o/dura-sundari/members/{five_id}/passbook"))
        .await;
    assert!(
        passbook.contains("/o/dura-sundari/protection/mine"),
        "the form on her passbook"
    );
    let mine = |enrolment: i64, on: String| {
        form_of(
            &passbook,
            &[
                ("enrolment", &enrolment.to_string()),
                ("what", "Broken wrist"),
                ("happened_on", &on),
            ],
        )
    };
    let send = |f: Vec<(String, String)>| her.post(app.url("/o/dura-sundari/protection/mine")).form(&f).send();
    assert_eq!(
        send(mine(e, day(0))).await.unwrap().status(),
        404,
        "not another's cover"
    );
    let refused = send(mine(own_cover, day(2))).await.unwrap();
    assert_eq!(refused.status(), 422);
    assert!(
        refused.text().await.unwrap().contains("after today"),
        "the reason, in words"
    );
    assert_eq!(send(mine(own_cover, day(0))).await.unwrap().status(), 303);
    assert_eq!(
        app.count_of(format!(
            "SELECT COUNT(*) FROM claims WHERE enrolment_id = {own_cover} AND what = 'Broken wrist'"
        ))
        .await,
        1
    );
    // A member may not run claims or the fund; another organisation sees none of these.
    let member = app.token(DS_MEMBER, "dura-sundari").await;
    assert_eq!(app.api_get(&member, &claims).await.0, 403);
    assert_eq!(app.api_post(&member, &moves, repay(1)).await.0, 403);
    let ph = app.token(PH_LEADER, "patamaba-wise").await;
    assert_eq!(
        app.api_post(
            &ph,
            &format!("/api/v1/orgs/patamaba-wise/claims/{k}/steps"),
            step("paid")
        )
        .await
        .0,
        404
    );
}
both!(a_claim_is_followed_to_payment_and_the_fund_gives_by_resolution);
