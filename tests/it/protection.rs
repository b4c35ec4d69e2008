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
    let form = |page: &str, pairs: &[(&str, &str)]| {
        let mut f = vec![
            ("csrf".to_string(), hidden(page, "csrf")),
            ("idem".to_string(), hidden(page, "idem")),
        ];
        f.extend(pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())));
        f
    };
    let page = app.text(&c, "/o/dura-sundari/protection").await;
    let r = c
        .post(app.url("/o/dura-sundari/protection"))
        .form(&form(
            &page,
            &[
                ("name", "Sakhi mutual fund"),
                ("kind", "mutual"),
                ("carrier", "organisation"),
            ],
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
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
