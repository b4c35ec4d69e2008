//! The pages of social protection: the schemes with their rules and their members'
//! covers; on a scheme's page, its rates, each enrolment's next step, the contributions
//! collected and the remittances sent, each with its file for the scheme.

use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use maud::{Markup, html};
use tower_sessions::Session;

use super::model::{Carrier, ClaimStep, FundMove, FundPer, No, Period, RATE_METHODS, SchemeKind, Step};
use super::service::{self, SchemeDraft};
use super::store::{RateRow, SchemeRow};
use crate::auth::{OrgCtx, Permission};
use crate::db::Tx;
use crate::ledger::Till;
use crate::state::AppState;
use crate::web::form::{CsrfForm, Fields, answer, submit};
use crate::web::layout::{self, errors_box, field, form_keys, icon, money, nav};
use crate::web::{AppError, AppResult, FieldError, Page};

/// A whole number from a form, or none when left empty; refused when unreadable.
fn number(form: &Fields, name: &'static str) -> AppResult<Option<i64>> {
    match form.get(name).trim() {
        "" => Ok(None),
        v => v
            .parse()
            .map(Some)
            .map_err(|_| service::invalid(name, "quantity-invalid")),
    }
}

/// An amount of the organisation's money from a form, or none when left empty.
fn amount(page: &Page, ctx: &OrgCtx, form: &Fields, name: &'static str) -> AppResult<Option<i64>> {
    match form.get(name).trim() {
        "" => Ok(None),
        v => crate::money::Money::parse(v, ctx.org.currency, page.tr.fmt().decimal_mark())
            .map(|m| Some(m.minor))
            .map_err(|_| service::invalid(name, "amount-invalid")),
    }
}

/// An age table as a coordinator writes it, in the currency's units ("18:55, 19:58"), as
/// the rules keep it, in minor units; a table that does not read goes on as written, to
/// be refused with its reason.
fn age_table_minor(ctx: &OrgCtx, text: &str) -> String {
    let minor = |part: &str| {
        let (age, amount) = part.split_once(':')?;
        let m = crate::money::Money::parse(amount, ctx.org.currency, '.').ok()?;
        Some(format!("{}:{}", age.trim(), m.minor))
    };
    let parts: Option<Vec<String>> = text
        .split([',', ';', '\n'])
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(minor)
        .collect();
    parts.map_or_else(|| text.to_string(), |p| p.join(", "))
}

/// A percent from a form as basis points ("5" → 500), 0 when left empty.
fn percent(page: &Page, form: &Fields, name: &'static str) -> AppResult<i64> {
    match form.get(name).trim() {
        "" => Ok(0),
        v => crate::money::parse_percent(v, page.tr.fmt().decimal_mark())
            .ok_or_else(|| service::invalid(name, "contribution-percent-invalid")),
    }
}

/// A reason she may not join, in words, with what the rule says.
fn reason(page: &Page, ctx: &OrgCtx, no: &No, schemes: &[SchemeRow]) -> String {
    let tr = &page.tr;
    match *no {
        No::TooYoung { min } => tr.ta("eligible-too-young", &[("age", min.into())]),
        No::TooOld { max } => tr.ta("eligible-too-old", &[("age", max.into())]),
        No::IncomeAbove { ceiling } => tr.ta("eligible-income-above", &[("amount", money(page, ctx, ceiling).into())]),
        No::TooNew { months } => tr.ta("eligible-too-new", &[("months", months.into())]),
        No::InScheme { scheme } => tr.ta(
            "eligible-in-scheme",
            &[("scheme", service::name_of(schemes, scheme).into())],
        ),
        other => tr.t(other.message()),
    }
}

/// The rules of a scheme as a member can read them.
fn rules(page: &Page, ctx: &OrgCtx, s: &SchemeRow) -> Markup {
    let tr = &page.tr;
    let e = service::eligibility(s);
    html! {
        ul {
            @if let (Some(a), Some(b)) = (e.min_age, e.max_age) { li { (tr.ta("rule-ages", &[("min", a.into()), ("max", b.into())])) } }
            @else if let Some(a) = e.min_age { li { (tr.ta("rule-min-age", &[("min", a.into())])) } }
            @else if let Some(b) = e.max_age { li { (tr.ta("rule-max-age", &[("max", b.into())])) } }
            @if let Some(c) = e.income_ceiling { li { (tr.ta("rule-income", &[("amount", money(page, ctx, c).into())])) } }
            @if let Some(g) = &e.gender { li { (tr.t(&format!("gender-{g}"))) } }
            @if let Some(m) = e.min_member_months { li { (tr.ta("rule-months", &[("months", m.into())])) } }
            @for d in service::documents_of(s) { li { (tr.t("rule-document")) " " (d) } }
            @if let Some(t) = s.turnaround_days { li { (tr.ta("claim-promise", &[("days", t.into())])) } }
        }
    }
}

async fn index_view(tx: &mut Tx, page: &Page, ctx: &OrgCtx, form: &Fields, errors: &[FieldError]) -> AppResult<Markup> {
    let tr = &page.tr;
    let schemes = service::schemes(tx, &ctx.org).await?;
    let enrolments = service::enrolments(tx, &ctx.org, None, None).await?;
    let offered = service::offered(tx, &ctx.org).await?;
    let slug = &ctx.org.slug;
    Ok(html! {
        h1 { (icon("pic-heart")) (tr.t("protection-title")) }
        (tabs(page, ctx))
        p.meta { (tr.t("protection-help")) }
        @if !offered.is_empty() {
            section.card {
                h2 { (tr.t("scheme-offered")) }
                (errors_box(page, if form.get("action") == "adopt" { errors } else { &[] }))
                @for (federation, s, adopted) in &offered {
                    form method="post" action=(format!("/o/{slug}/protection")) {
                        (form_keys(page))
                        input type="hidden" name="action" value="adopt";
                        input type="hidden" name="scheme" value=(s.id);
                        p { strong { (s.name) } " · " (federation) br;
                            span.meta { (SchemeKind::parse(&s.kind).map_or(String::new(), |k| tr.t(k.label()))) " · "
                                (Carrier::parse(&s.carrier).map_or(String::new(), |c| tr.t(c.label()))) } }
                        @if *adopted { p.meta { (tr.t("scheme-adopted")) } } @else { button type="submit" { (tr.t("scheme-adopt")) } }
                    }
                }
            }
        }
        @if schemes.is_empty() { p { (tr.t("schemes-none")) } }
        @for s in &schemes {
            @let mine: Vec<_> = enrolments.iter().filter(|e| e.scheme_id == s.id).collect();
            @let active = mine.iter().filter(|e| e.status == "active").count() as i64;
            section.card {
                h2 { a href=(format!("/o/{slug}/protection/schemes/{}", s.id)) { (s.name) } }
                p.meta { (SchemeKind::parse(&s.kind).map_or(String::new(), |k| tr.t(k.label()))) " · "
                    (Carrier::parse(&s.carrier).map_or(String::new(), |c| tr.t(c.label()))) }
                p { (tr.ta("scheme-covers", &[("active", active.into()), ("all", (mine.len() as i64).into())])) }
            }
        }
        details open[!errors.is_empty()] {
            summary { (tr.t("scheme-new")) }
            form.card method="post" action=(format!("/o/{slug}/protection")) {
                (errors_box(page, errors))
                (form_keys(page))
                (field(tr, "name", "scheme-name", "text", form.get("name"), errors))
                label for="kind" { (tr.t("scheme-kind")) }
                select id="kind" name="kind" { @for k in SchemeKind::ALL { option value=(k.as_str()) selected[form.get("kind") == k.as_str()] { (tr.t(k.label())) } } }
                label for="carrier" { (tr.t("scheme-carrier")) }
                select id="carrier" name="carrier" { @for c in Carrier::ALL { option value=(c.as_str()) selected[form.get("carrier") == c.as_str()] { (tr.t(c.label())) } } }
                (field(tr, "reference", "scheme-reference", "text", form.get("reference"), errors))
                (field(tr, "contact", "scheme-contact", "text", form.get("contact"), errors))
                (field(tr, "min_age", "scheme-min-age", "number", form.get("min_age"), errors))
                (field(tr, "max_age", "scheme-max-age", "number", form.get("max_age"), errors))
                (field(tr, "income_ceiling", "scheme-income-ceiling", "decimal", form.get("income_ceiling"), errors))
                label for="gender" { (tr.t("scheme-gender")) }
                select id="gender" name="gender" { @for g in crate::members::model::GENDERS {
                    option value=(g) selected[form.get("gender") == g] { @if g.is_empty() { (tr.t("scheme-anyone")) } @else { (tr.t(&format!("gender-{g}"))) } }
                } }
                (field(tr, "min_member_months", "scheme-months", "number", form.get("min_member_months"), errors))
                @if !schemes.is_empty() {
                    p { (tr.t("scheme-excludes")) }
                    @for s in &schemes {
                        @let name = format!("excl_{}", s.id);
                        label.check { input type="checkbox" name=(name) checked[!form.get(&name).is_empty()]; " " (s.name) }
                    }
                }
                label for="documents" { (tr.t("scheme-documents")) }
                textarea id="documents" name="documents" rows="3" { (form.get("documents")) }
                (field(tr, "turnaround_days", "scheme-turnaround", "number", form.get("turnaround_days"), errors))
                button type="submit" { (tr.t("save")) }
            }
        }
    })
}

/// `GET /o/{slug}/protection`
pub async fn index(State(state): State<AppState>, page: Page, ctx: OrgCtx) -> AppResult<Response> {
    ctx.require(Permission::RunProtection)?;
    let mut tx = state.db.begin().await?;
    let body = index_view(&mut tx, &page, &ctx, &Fields::default(), &[]).await?;
    Ok(layout::page(&page, &page.tr.t("protection-title"), Some(&nav(&ctx)), body).into_response())
}

/// `POST /o/{slug}/protection`: a new scheme.
pub async fn create(
    State(state): State<AppState>,
    page: Page,
    ctx: OrgCtx,
    session: Session,
    CsrfForm(form): CsrfForm<Fields>,
) -> AppResult<Response> {
    ctx.require(Permission::RunProtection)?;
    let r = submit(&state.db, async |tx| {
        if form.get("action") == "adopt" {
            let source = form
                .int("scheme")
                .ok_or_else(|| service::invalid("scheme", "scheme-unknown"))?;
            return service::adopt(tx, &ctx.org, source).await;
        }
        let d = SchemeDraft {
            name: form.get("name").into(),
            kind: form.get("kind").into(),
            carrier: form.get("carrier").into(),
            contact: form.get("contact").into(),
            reference: form.get("reference").into(),
            eligibility: super::model::Eligibility {
                min_age: number(&form, "min_age")?,
                max_age: number(&form, "max_age")?,
                income_ceiling: amount(&page, &ctx, &form, "income_ceiling")?,
                gender: Some(form.get("gender").to_string()).filter(|g| !g.is_empty()),
                min_member_months: number(&form, "min_member_months")?,
                excludes: form.ticked("excl_"),
            },
            documents: form.get("documents").lines().map(str::to_string).collect(),
            turnaround_days: number(&form, "turnaround_days")?,
        };
        service::create_scheme(tx, &ctx.org, &d).await
    })
    .await?;
    answer(
        &state,
        &page,
        &ctx,
        "protection-title",
        &session,
        r,
        |id| {
            (
                page.tr.t("told-saved"),
                format!("/o/{}/protection/schemes/{id}", ctx.org.slug),
            )
        },
        async |tx, e| index_view(tx, &page, &ctx, &form, e).await,
    )
    .await
}

fn rate_text(page: &Page, ctx: &OrgCtx, r: &RateRow) -> Markup {
    let tr = &page.tr;
    let period = Period::parse(&r.period).map_or(String::new(), |p| tr.t(p.label()));
    html! {
        @match r.method.as_str() {
            "fixed" => { (money(page, ctx, r.amount)) " / " (period) }
            "age_table" => { (tr.t("rate-age-table")) " / " (period) br; span.meta {
                @for (age, amount) in super::model::parse_age_table(&r.age_table).unwrap_or_default() {
                    (age) ": " (crate::money::Money::new(amount, ctx.org.currency).to_plain()) " "
                }
            } }
            "percent_of_income" => { (tr.fmt().percent_bp(r.bp)) " · " (tr.t("rate-of-income")) " (" (money(page, ctx, r.floor)) "–" (money(page, ctx, r.ceiling)) ") / " (period) }
            _ => { (tr.fmt().percent_bp(r.bp)) " · " (tr.t("rate-of-minimum-wage")) " " (money(page, ctx, r.minimum_wage)) " / " (period) }
        }
        br;
        span.meta { (tr.fmt().date(&r.valid_from)) " – " @if let Some(t) = &r.valid_to { (tr.fmt().date(t)) }
            @if r.match_bp > 0 { " · " (tr.ta("rate-matched", &[("share", tr.fmt().percent_bp(r.match_bp).into())])) " " (tr.t(&format!("carrier-{}", r.match_by))) }
            @if r.grace_days > 0 { " · " (tr.ta("rate-grace", &[("days", r.grace_days.into())])) } }
    }
}

async fn scheme_view(
    tx: &mut Tx,
    page: &Page,
    ctx: &OrgCtx,
    id: i64,
    form: &Fields,
    errors: &[FieldError],
) -> AppResult<Markup> {
    let tr = &page.tr;
    let s = service::scheme(tx, &ctx.org, id).await?;
    let all = service::schemes(tx, &ctx.org).await?;
    let rates = service::rates(tx, &ctx.org, id).await?;
    let remittances = service::remittances(tx, &ctx.org, id).await?;
    let open: i64 = service::contributions(tx, &ctx.org, Some(id), None, None)
        .await?
        .iter()
        .filter(|c| c.remittance_id.is_none())
        .map(service::owed_to_scheme)
        .sum();
    let covers = service::covers(tx, &ctx.org, Some(id), None).await?;
    let slug = &ctx.org.slug;
    let action = format!("/o/{slug}/protection/schemes/{id}");
    let errs = |a: &str| if form.get("action") == a { errors } else { &[] };
    // Why the member asked about may not join, when she may not.
    let mut refusals = vec![];
    if form.get("action") == "enrol"
        && let Some(m) = crate::members::by_number(tx, ctx.org.id, form.get("member").trim()).await?
    {
        let income = amount(page, ctx, form, "monthly_income").ok().flatten();
        refusals = service::reasons_as(tx, &ctx.org, &s, m.id, Some(form.get("born_on")), income).await?;
    }
    Ok(html! {
        h1 { (icon("pic-heart")) (s.name) }
        p.meta { (SchemeKind::parse(&s.kind).map_or(String::new(), |k| tr.t(k.label()))) " · "
            (Carrier::parse(&s.carrier).map_or(String::new(), |c| tr.t(c.label())))
            @if !s.reference.is_empty() { " · " (s.reference) } @if !s.contact.is_empty() { " · " (s.contact) } }
        p { a href=(format!("/o/{slug}/protection")) { "‹ " (tr.t("protection-title")) } }
        @if ctx.org.kind.groups_orgs() {
            form.card method="post" action=(action) {
                (errors_box(page, errs("publish")))
                (form_keys(page))
                input type="hidden" name="action" value="publish";
                input type="hidden" name="published" value=(if s.published { "" } else { "on" });
                p { @if s.published { (tr.t("scheme-published")) } @else { (tr.t("scheme-not-published")) } }
                button type="submit" { @if s.published { (tr.t("scheme-unpublish")) } @else { (tr.t("scheme-publish")) } }
            }
        }
        section.card {
            h2 { (tr.t("scheme-who")) }
            (rules(page, ctx, &s))
            h3 { (tr.t("scheme-rates")) }
            @if rates.is_empty() { p { (tr.t("rates-none")) } }
            ul { @for r in &rates { li { (rate_text(page, ctx, r)) } } }
        }
        details open[!errs("rate").is_empty()] {
            summary { (tr.t("contribution-rate-new")) }
            form.card method="post" action=(action) {
                p.meta { (tr.t("contribution-rate-new-help")) }
                (errors_box(page, errs("rate")))
                (form_keys(page))
                input type="hidden" name="action" value="rate";
                label for="method" { (tr.t("contribution-rate-method")) }
                select id="method" name="method" { @for (m, label) in RATE_METHODS { option value=(m) selected[form.get("method") == m] { (tr.t(label)) } } }
                label for="period" { (tr.t("contribution-rate-period")) }
                select id="period" name="period" { @for p in Period::ALL { option value=(p.as_str()) selected[form.get("period") == p.as_str()] { (tr.t(p.label())) } } }
                (field(tr, "amount", "contribution-rate-amount", "decimal", form.get("amount"), errs("rate")))
                label for="age_table" { (tr.t("contribution-rate-age-table-help")) }
                textarea id="age_table" name="age_table" rows="2" { (form.get("age_table")) }
                (field(tr, "percent", "contribution-rate-percent", "decimal", form.get("percent"), errs("rate")))
                (field(tr, "floor", "contribution-rate-floor", "decimal", form.get("floor"), errs("rate")))
                (field(tr, "ceiling", "contribution-rate-ceiling", "decimal", form.get("ceiling"), errs("rate")))
                (field(tr, "minimum_wage", "contribution-rate-minimum-wage", "decimal", form.get("minimum_wage"), errs("rate")))
                (field(tr, "match_percent", "contribution-rate-match-percent", "decimal", form.get("match_percent"), errs("rate")))
                label for="match_by" { (tr.t("contribution-rate-match-by")) }
                select id="match_by" name="match_by" {
                    option value="" { "—" }
                    @for c in [Carrier::State, Carrier::Organisation] { option value=(c.as_str()) selected[form.get("match_by") == c.as_str()] { (tr.t(c.label())) } }
                }
                (field(tr, "grace_days", "contribution-rate-grace-days", "number", form.or("grace_days", "0"), errs("rate")))
                (field(tr, "valid_from", "rate-from", "date", form.or("valid_from", &ctx.org.today()), errs("rate")))
                (field(tr, "valid_to", "contribution-rate-to", "date", form.get("valid_to"), errs("rate")))
                button type="submit" { (tr.t("save")) }
            }
        }
        section.card {
            h2 { (tr.t("enrolments-title")) }
            @if covers.is_empty() { p { (tr.t("enrolments-none")) } }
            div.scroll { table.tb {
                thead { tr { th { (tr.t("member")) } th { (tr.t("enrol-step")) } th.num { (tr.t("enrol-paid")) } } }
                tbody { @for service::Cover { enrolment: e, standing, missing } in &covers {
                    tr {
                        td { (e.member_name) br; span.meta { (e.member_number) @if !e.policy_number.is_empty() { " · " (e.policy_number) } } }
                        td { (Step::parse(&e.status).map_or(String::new(), |x| tr.t(x.label())))
                            @if let Some((st, next)) = standing { br; span.meta {
                                // Her standing only when her payments say other than her step.
                                @if st.as_str() != e.status { (tr.t(st.label())) " · " }
                                (tr.ta("cover-next-due", &[("date", tr.fmt().date(next).into())])) } }
                            @if !missing.is_empty() { br; span.meta.bad { (tr.t("enrol-missing")) " " (missing.join(", ")) } }
                            @if e.instructed_by.is_some() { br; span.meta { (tr.t("instruction-savings")) } } }
                        td.num { (e.periods_paid) }
                    }
                } }
            } }
        }
        form.card method="post" action=(action) {
            h2 { (tr.t("enrol-new")) }
            // Her reasons, each with what the rule says, stand for the bare refusal.
            @if refusals.is_empty() { (errors_box(page, errs("enrol"))) }
            @else { p.errors role="alert" { @for n in &refusals { (reason(page, ctx, n, &all)) br; } } }
            (form_keys(page))
            input type="hidden" name="action" value="enrol";
            (field(tr, "member", "member-number", "text", if form.get("action") == "enrol" { form.get("member") } else { "" }, if refusals.is_empty() { errs("enrol") } else { &[] }))
            p.meta { (tr.t("enrol-details-help")) }
            (field(tr, "born_on", "enrol-born-on", "date", form.get("born_on"), errs("enrol")))
            (field(tr, "monthly_income", "enrol-income", "decimal", form.get("monthly_income"), errs("enrol")))
            button type="submit" { (tr.t("enrol-save")) }
        }
        @if !covers.is_empty() {
            form.card method="post" action=(action) {
                h2 { (tr.t("enrol-move")) }
                (errors_box(page, errs("step")))
                (form_keys(page))
                input type="hidden" name="action" value="step";
                label for="enrolment" { (tr.t("member")) }
                select id="enrolment" name="enrolment" { @for e in covers.iter().map(|c| &c.enrolment) { option value=(e.id) selected[form.get("enrolment") == e.id.to_string()] { (e.member_name) " · " (e.member_number) } } }
                label for="document" { (tr.t("enrol-document-received")) }
                select id="document" name="document" {
                    option value="" { "—" }
                    @for d in service::documents_of(&s) { option value=(d) { (d) } }
                }
                label for="step" { (tr.t("enrol-step")) }
                select id="step" name="step" {
                    option value="" { "—" }
                    @for x in &Step::ALL[1..] { option value=(x.as_str()) selected[form.get("step") == x.as_str()] { (tr.t(x.label())) } }
                }
                (field(tr, "policy_number", "enrol-number", "text", form.get("policy_number"), errs("step")))
                label for="instruction" { (tr.t("instruction-title")) }
                select id="instruction" name="instruction" {
                    option value="" { "—" }
                    option value="savings" selected[form.get("instruction") == "savings"] { (tr.t("instruction-savings")) }
                    option value="hand" selected[form.get("instruction") == "hand"] { (tr.t("instruction-hand")) }
                }
                (field(tr, "note", "enrol-note", "text", form.get("note"), errs("step")))
                button type="submit" { (tr.t("save")) }
            }
            form.card method="post" action=(action) {
                h2 { (tr.t("contribution-new")) }
                (errors_box(page, errs("collect")))
                (form_keys(page))
                input type="hidden" name="action" value="collect";
                label for="c_enrolment" { (tr.t("member")) }
                select id="c_enrolment" name="enrolment" { @for e in covers.iter().map(|c| &c.enrolment).filter(|e| Step::parse(&e.status).is_some_and(Step::covers)) {
                    option value=(e.id) selected[form.get("enrolment") == e.id.to_string()] { (e.member_name) " · " (e.member_number) } } }
                (field(tr, "periods", "contribution-periods", "number", form.or("periods", "1"), errs("collect")))
                label for="till" { (tr.t("sale-till")) }
                select id="till" name="till" {
                    @for t in [Till::Cash, Till::MobileMoney, Till::Bank] { option value=(t.as_str()) selected[form.get("till") == t.as_str()] { (tr.t(t.label())) } }
                    option value=(service::FROM_SAVINGS) selected[form.get("till") == service::FROM_SAVINGS] { (tr.t("contribution-from-savings")) }
                }
                button type="submit" { (tr.t("contribution-save")) }
            }
            @let paying: Vec<_> = covers.iter().map(|c| &c.enrolment).filter(|e| Step::parse(&e.status).is_some_and(Step::covers)).collect();
            @if !paying.is_empty() {
                details open[!errs("box").is_empty()] {
                    summary { (tr.t("box-title")) }
                    form.card method="post" action=(action) {
                        p.meta { (tr.t("box-help")) }
                        (errors_box(page, errs("box")))
                        (form_keys(page))
                        input type="hidden" name="action" value="box";
                        @for e in &paying {
                            @let name = format!("box_{}", e.id);
                            label for=(name) { (e.member_name) " · " (e.member_number) " · " (tr.t("contribution-periods")) }
                            input type="text" inputmode="numeric" id=(name) name=(name) value=(form.get(&name));
                        }
                        (field(tr, "counted", "box-counted", "decimal", form.get("counted"), errs("box")))
                        (till_select(tr, "b_till", form.get("till")))
                        button type="submit" { (tr.t("contribution-save")) }
                    }
                }
            }
            details open[!errs("dependant").is_empty()] {
                summary { (tr.t("dependant-new")) }
                form.card method="post" action=(action) {
                    (errors_box(page, errs("dependant")))
                    (form_keys(page))
                    input type="hidden" name="action" value="dependant";
                    label for="d_enrolment" { (tr.t("member")) }
                    select id="d_enrolment" name="enrolment" { @for e in covers.iter().map(|c| &c.enrolment) {
                        option value=(e.id) selected[form.get("enrolment") == e.id.to_string()] { (e.member_name) " · " (e.member_number) } } }
                    (field(tr, "dependant_name", "dependant-name", "text", form.get("dependant_name"), errs("dependant")))
                    label for="relation" { (tr.t("dependant-relation")) }
                    select id="relation" name="relation" { @for r in service::RELATIONS { option value=(r) selected[form.get("relation") == r] { (tr.t(&format!("relation-{r}"))) } } }
                    (field(tr, "dependant_born_on", "enrol-born-on", "date", form.get("dependant_born_on"), errs("dependant")))
                    button type="submit" { (tr.t("save")) }
                }
            }
        }
        section.card {
            h2 { (tr.t("remittances-title")) }
            p { (tr.t("remit-open")) " " strong { (money(page, ctx, open)) } }
            @if open > 0 {
                form method="post" action=(action) {
                    (errors_box(page, errs("remit")))
                    (form_keys(page))
                    input type="hidden" name="action" value="remit";
                    (field(tr, "amount", "remit-amount", "decimal", form.get("amount"), errs("remit")))
                    (till_select(tr, "r_till", form.or("till", Till::Bank.as_str())))
                    (field(tr, "reference", "payment-reference", "text", form.get("reference"), errs("remit")))
                    button type="submit" { (tr.t("remit-save")) }
                }
            }
            ul { @for r in &remittances {
                li { (tr.fmt().date(&r.remitted_on)) " · " (money(page, ctx, r.amount)) " · "
                    a href=(format!("/o/{slug}/protection/remittances/{}.csv", r.id)) { (tr.t("remit-file")) }
                    @if !r.acknowledgement.is_empty() { " · " (tr.t("remit-acknowledged")) " " (r.acknowledgement) } }
            } }
        }
    })
}

/// `GET /o/{slug}/protection/schemes/{id}`
pub async fn scheme(
    State(state): State<AppState>,
    page: Page,
    ctx: OrgCtx,
    Path((_slug, id)): Path<(String, i64)>,
) -> AppResult<Response> {
    ctx.require(Permission::RunProtection)?;
    let mut tx = state.db.begin().await?;
    let body = scheme_view(&mut tx, &page, &ctx, id, &Fields::default(), &[]).await?;
    Ok(layout::page(&page, &page.tr.t("protection-title"), Some(&nav(&ctx)), body).into_response())
}

/// `POST /o/{slug}/protection/schemes/{id}`: an enrolment, its next step or a document,
/// a contribution, a remittance.
pub async fn act(
    State(state): State<AppState>,
    page: Page,
    ctx: OrgCtx,
    session: Session,
    Path((_slug, id)): Path<(String, i64)>,
    CsrfForm(form): CsrfForm<Fields>,
) -> AppResult<Response> {
    ctx.require(Permission::RunProtection)?;
    let (org, by) = (&ctx.org, ctx.person.id);
    let r = submit(&state.db, async |tx| {
        service::scheme(tx, org, id).await?;
        let enrolment = async |tx: &mut Tx| -> AppResult<i64> {
            let e = form
                .int("enrolment")
                .ok_or_else(|| service::invalid("enrolment", "enrol-unknown"))?;
            let row = service::enrolment(tx, org, e).await?;
            if row.scheme_id != id {
                return Err(AppError::NotFound);
            }
            Ok(e)
        };
        match form.get("action") {
            "enrol" => {
                // Her date of birth and income, when given, are recorded first; what is
                // left empty keeps what was known.
                let income = amount(&page, &ctx, &form, "monthly_income")?;
                if !form.get("born_on").trim().is_empty() || income.is_some() {
                    let m = crate::members::by_number(tx, org.id, form.get("member").trim())
                        .await?
                        .ok_or_else(|| service::invalid("member", "cashbook-member-unknown"))?;
                    let (born, known) = service::profile(tx, org, m.id).await?;
                    let born = match form.get("born_on").trim() {
                        "" => born.unwrap_or_default(),
                        d => d.to_string(),
                    };
                    service::set_profile(tx, org, m.id, &born, income.or(known)).await?;
                }
                service::enrol(tx, org, id, form.get("member"), by).await.map(|_| ())
            }
            "rate" => {
                let money = |name| amount(&page, &ctx, &form, name).map(Option::unwrap_or_default);
                let r = RateRow {
                    id: 0,
                    scheme_id: id,
                    method: form.get("method").into(),
                    period: form.get("period").into(),
                    amount: money("amount")?,
                    age_table: age_table_minor(&ctx, form.get("age_table")),
                    bp: percent(&page, &form, "percent")?,
                    floor: money("floor")?,
                    ceiling: money("ceiling")?,
                    minimum_wage: money("minimum_wage")?,
                    match_bp: percent(&page, &form, "match_percent")?,
                    match_by: form.get("match_by").into(),
                    grace_days: number(&form, "grace_days")?.unwrap_or(0),
                    valid_from: form.get("valid_from").into(),
                    valid_to: Some(form.get("valid_to").to_string()),
                };
                service::add_rate(tx, org, id, &r).await.map(|_| ())
            }
            "step" => {
                let e = enrolment(tx).await?;
                if !form.get("document").is_empty() {
                    service::receive_document(tx, org, e, form.get("document")).await?;
                }
                match form.get("instruction") {
                    "savings" => service::set_instruction(tx, org, e, true, by).await?,
                    "hand" => service::set_instruction(tx, org, e, false, by).await?,
                    _ => {}
                }
                if !form.get("step").is_empty() {
                    service::advance(
                        tx,
                        org,
                        e,
                        form.get("step"),
                        form.get("policy_number"),
                        form.get("note"),
                        by,
                    )
                    .await?;
                }
                Ok(())
            }
            "collect" => {
                let e = enrolment(tx).await?;
                let periods = number(&form, "periods")?.unwrap_or(0);
                service::collect(tx, org, e, periods, form.get("till"), &org.today(), by)
                    .await
                    .map(|_| ())
            }
            "publish" => service::publish(tx, org, id, !form.get("published").is_empty()).await,
            "dependant" => {
                let e = enrolment(tx).await?;
                service::add_dependant(
                    tx,
                    org,
                    e,
                    form.get("dependant_name"),
                    form.get("relation"),
                    form.get("dependant_born_on"),
                )
                .await
                .map(|_| ())
            }
            "box" => {
                let mut lines = vec![];
                for c in service::covers(tx, org, Some(id), None).await? {
                    match form.get(&format!("box_{}", c.enrolment.id)).trim() {
                        "" => {}
                        v => lines.push(service::BoxLine {
                            enrolment: c.enrolment.id,
                            periods: v.parse().map_err(|_| service::invalid("counted", "quantity-invalid"))?,
                        }),
                    }
                }
                let counted = amount(&page, &ctx, &form, "counted")?.unwrap_or(0);
                service::collect_box(tx, org, id, counted, &lines, form.get("till"), by)
                    .await
                    .map(|_| ())
            }
            "remit" => {
                let a = amount(&page, &ctx, &form, "amount")?;
                let today = org.today();
                let ask = service::Remit {
                    amount: a,
                    till: form.get("till"),
                    reference: form.get("reference"),
                    on: &today,
                };
                service::remit(tx, org, id, &ask, by).await.map(|_| ())
            }
            _ => Err(AppError::NotFound),
        }
    })
    .await?;
    answer(
        &state,
        &page,
        &ctx,
        "protection-title",
        &session,
        r,
        |_| {
            (
                page.tr.t("told-saved"),
                format!("/o/{}/protection/schemes/{id}", org.slug),
            )
        },
        async |tx, e| scheme_view(tx, &page, &ctx, id, &form, e).await,
    )
    .await
}

/// `GET /o/{slug}/protection/remittances/{id}.csv`: the file the scheme is sent.
pub async fn remittance_file(
    State(state): State<AppState>,
    ctx: OrgCtx,
    Path((_slug, file)): Path<(String, String)>,
) -> AppResult<Response> {
    ctx.require(Permission::RunProtection)?;
    let id: i64 = file
        .strip_suffix(".csv")
        .and_then(|n| n.parse().ok())
        .ok_or(AppError::NotFound)?;
    let mut tx = state.db.begin().await?;
    let rows = service::remittance_file(&mut tx, &ctx.org, id).await?;
    crate::web::csv::download(rows, &format!("{}-remittance-{id}", ctx.org.slug))
}

/// Her protection on her passbook: each cover, where she stands and her next due day,
/// what she paid and what of it reached the scheme, who else it covers; her claims with
/// their next step; what she gave to and had from the solidarity fund.
pub fn passbook_view(page: &Page, ctx: &OrgCtx, p: &service::MemberProtection, own: bool) -> Markup {
    let tr = &page.tr;
    let claimable: Vec<&service::MemberCover> = p
        .covers
        .iter()
        .filter(|c| Step::parse(&c.cover.enrolment.status).is_some_and(Step::covers))
        .collect();
    html! {
        @for c in &p.covers {
            @let e = &c.cover.enrolment;
            section.card.passbook {
                h2 { (icon("pic-heart")) (c.scheme) }
                p { strong { (Step::parse(&e.status).map_or(String::new(), |x| tr.t(x.label()))) }
                    @if !e.policy_number.is_empty() { " · " (e.policy_number) } }
                @if let Some((st, next)) = &c.cover.standing {
                    p { @if st.as_str() != e.status { (tr.t(st.label())) " · " }
                        (tr.ta("cover-next-due", &[("date", tr.fmt().date(next).into())])) }
                }
                @if !c.cover.missing.is_empty() { p.meta { (tr.t("enrol-missing")) " " (c.cover.missing.join(", ")) } }
                p { (tr.ta("cover-paid", &[("paid", money(page, ctx, c.paid).into()), ("remitted", money(page, ctx, c.remitted).into())])) }
                @let deps: Vec<_> = p.dependants.iter().filter(|d| d.enrolment_id == e.id).collect();
                @if !deps.is_empty() {
                    p.meta { (tr.t("dependants-title")) ": "
                        @for (k, d) in deps.iter().enumerate() { @if k > 0 { ", " } (d.name) " (" (tr.t(&format!("relation-{}", d.relation))) ")" } }
                }
            }
        }
        @for v in &p.claims {
            @let c = &v.claim;
            @let step = ClaimStep::parse(&c.status);
            section.card.passbook {
                h2 { (icon("pic-heart")) (tr.t("claim-title")) " · " (c.what) }
                p { strong { (step.map_or(String::new(), |x| tr.t(x.label()))) } " · " (tr.fmt().date(&c.reported_on)) }
                @if let Some(a) = c.approved { p { (tr.t("claim-approved-amount")) ": " (money(page, ctx, a)) } }
                @if !c.reason.is_empty() { p { (tr.t("claim-reason")) ": " (c.reason) } }
                @if !v.missing.is_empty() { p.bad { (tr.t("claim-bring")) " " (v.missing.join(", ")) } }
                @if let Some(next) = step.and_then(ClaimStep::next_label) { p.meta { (tr.t(next)) } }
            }
        }
        // She reports a claim herself; the coordinator asks for its documents.
        @if own && !claimable.is_empty() {
            details.card.passbook {
                summary { (tr.t("claim-new-mine")) }
                form method="post" action=(format!("/o/{}/protection/mine", ctx.org.slug)) {
                    (form_keys(page))
                    label for="my_enrolment" { (tr.t("claim-cover")) }
                    select id="my_enrolment" name="enrolment" { @for c in &claimable { option value=(c.cover.enrolment.id) { (c.scheme) } } }
                    (field(tr, "what", "claim-what", "text", "", &[]))
                    (field(tr, "happened_on", "claim-happened-on", "date", &ctx.org.today(), &[]))
                    button type="submit" { (tr.t("claim-save")) }
                }
            }
        }
        @if !p.offers.is_empty() {
            details.card.passbook {
                summary { (tr.t("offers-title")) }
                @for (s, no) in &p.offers {
                    h3 { (s.name) }
                    p.meta { (SchemeKind::parse(&s.kind).map_or(String::new(), |k| tr.t(k.label()))) " · "
                        (Carrier::parse(&s.carrier).map_or(String::new(), |c| tr.t(c.label()))) }
                    (rules(page, ctx, s))
                    @if no.is_empty() { p { strong { (tr.t("offers-may-join")) } } }
                    @else { p { strong { (tr.t("offers-may-not-join")) } } ul { @for n in no { li { (reason(page, ctx, n, &p.schemes)) } } } }
                }
            }
        }
        @if !p.fund.moves.is_empty() {
            section.card.passbook {
                h2 { (icon("pic-heart")) (tr.t("fund-title")) }
                p { (tr.ta("fund-mine", &[("given", money(page, ctx, p.fund.contributed).into()), ("had", money(page, ctx, p.fund.granted).into())])) }
                @if p.fund.lent > 0 { p { strong { (tr.t("fund-owes")) " " (money(page, ctx, p.fund.lent)) } } }
            }
        }
    }
}

/// The links along the top of every protection page.
fn tabs(page: &Page, ctx: &OrgCtx) -> Markup {
    let tr = &page.tr;
    let slug = &ctx.org.slug;
    html! {
        p.tabs {
            a href=(format!("/o/{slug}/protection")) { (tr.t("protection-title")) } " · "
            a href=(format!("/o/{slug}/protection/claims")) { (tr.t("claims-title")) } " · "
            a href=(format!("/o/{slug}/protection/fund")) { (tr.t("fund-title")) } " · "
            a href=(format!("/o/{slug}/protection/coverage")) { (tr.t("coverage-title")) }
        }
    }
}

fn till_select(tr: &crate::i18n::Tr, id: &str, chosen: &str) -> Markup {
    html! {
        label for=(id) { (tr.t("sale-till")) }
        select id=(id) name="till" { @for t in [Till::Cash, Till::MobileMoney, Till::Bank] { option value=(t.as_str()) selected[chosen == t.as_str()] { (tr.t(t.label())) } } }
    }
}

// Claims.

async fn claims_view(
    tx: &mut Tx,
    page: &Page,
    ctx: &OrgCtx,
    form: &Fields,
    errors: &[FieldError],
) -> AppResult<Markup> {
    let tr = &page.tr;
    let slug = &ctx.org.slug;
    let claims = service::claims(tx, &ctx.org, None, None).await?;
    let schemes = service::schemes(tx, &ctx.org).await?;
    let name = |id: i64| service::name_of(&schemes, id);
    let covering: Vec<_> = service::enrolments(tx, &ctx.org, None, None)
        .await?
        .into_iter()
        .filter(|e| Step::parse(&e.status).is_some_and(Step::covers))
        .collect();
    Ok(html! {
        h1 { (icon("pic-heart")) (tr.t("claims-title")) }
        (tabs(page, ctx))
        p.meta { (tr.t("claims-help")) }
        @if claims.is_empty() { p { (tr.t("claims-none")) } }
        @for v in &claims {
            @let c = &v.claim;
            section.card {
                h2 { a href=(format!("/o/{slug}/protection/claims/{}", c.id)) { (c.member_name) " · " (c.what) } }
                p.meta { (name(c.scheme_id)) " · " (tr.fmt().date(&c.reported_on)) }
                p { strong { (ClaimStep::parse(&c.status).map_or(String::new(), |x| tr.t(x.label()))) }
                    @if let Some(d) = v.days { " · " (tr.ta("claim-days-count", &[("days", d.into())])) }
                    @if v.late { " · " span.bad { (tr.t("claim-late")) } } }
                @if !v.missing.is_empty() { p.meta.bad { (tr.t("claim-bring")) " " (v.missing.join(", ")) } }
            }
        }
        form.card method="post" action=(format!("/o/{slug}/protection/claims")) {
            h2 { (tr.t("claim-new")) }
            (errors_box(page, errors))
            (form_keys(page))
            label for="enrolment" { (tr.t("claim-cover")) }
            select id="enrolment" name="enrolment" { @for e in &covering {
                option value=(e.id) selected[form.get("enrolment") == e.id.to_string()] { (e.member_name) " · " (e.member_number) " · " (name(e.scheme_id)) } } }
            (field(tr, "what", "claim-what", "text", form.get("what"), errors))
            (field(tr, "happened_on", "claim-happened-on", "date", form.or("happened_on", &ctx.org.today()), errors))
            (field(tr, "asked", "claim-asked", "decimal", form.get("asked"), errors))
            button type="submit" { (tr.t("claim-save")) }
        }
    })
}

/// `GET /o/{slug}/protection/claims`
pub async fn claims(State(state): State<AppState>, page: Page, ctx: OrgCtx) -> AppResult<Response> {
    ctx.require(Permission::RunProtection)?;
    let mut tx = state.db.begin().await?;
    let body = claims_view(&mut tx, &page, &ctx, &Fields::default(), &[]).await?;
    Ok(layout::page(&page, &page.tr.t("claims-title"), Some(&nav(&ctx)), body).into_response())
}

/// `POST /o/{slug}/protection/claims`: a claim reported by or for a member.
pub async fn report_claim(
    State(state): State<AppState>,
    page: Page,
    ctx: OrgCtx,
    session: Session,
    CsrfForm(form): CsrfForm<Fields>,
) -> AppResult<Response> {
    ctx.require(Permission::RunProtection)?;
    let r = submit(&state.db, async |tx| {
        let e = form
            .int("enrolment")
            .ok_or_else(|| service::invalid("enrolment", "enrol-unknown"))?;
        let asked = amount(&page, &ctx, &form, "asked")?.unwrap_or(0);
        service::report_claim(
            tx,
            &ctx.org,
            e,
            form.get("what"),
            form.get("happened_on"),
            asked,
            ctx.person.id,
        )
        .await
    })
    .await?;
    answer(
        &state,
        &page,
        &ctx,
        "claims-title",
        &session,
        r,
        |id| {
            (
                page.tr.t("told-saved"),
                format!("/o/{}/protection/claims/{id}", ctx.org.slug),
            )
        },
        async |tx, e| claims_view(tx, &page, &ctx, &form, e).await,
    )
    .await
}

async fn claim_view(
    tx: &mut Tx,
    page: &Page,
    ctx: &OrgCtx,
    id: i64,
    form: &Fields,
    errors: &[FieldError],
) -> AppResult<Markup> {
    let tr = &page.tr;
    let slug = &ctx.org.slug;
    let c = service::claim(tx, &ctx.org, id).await?;
    let s = service::scheme(tx, &ctx.org, c.scheme_id).await?;
    let steps = service::claim_steps(tx, &ctx.org, id).await?;
    let documents = service::claim_documents(tx, &ctx.org, id).await?;
    let (days, late) = service::timing(&c, s.turnaround_days, &ctx.org.today());
    let step = ClaimStep::parse(&c.status).unwrap_or(ClaimStep::Paid);
    let action = format!("/o/{slug}/protection/claims/{id}");
    let errs = |a: &str| if form.get("action") == a { errors } else { &[] };
    let own = s.carrier == Carrier::Organisation.as_str();
    Ok(html! {
        h1 { (icon("pic-heart")) (tr.t("claim-title")) " · " (c.member_name) }
        (tabs(page, ctx))
        section.card {
            p { strong { (c.what) } }
            p.meta { (s.name) " · " (c.member_number) @if !c.policy_number.is_empty() { " · " (c.policy_number) } }
            p { (tr.t("claim-happened-on")) ": " (tr.fmt().date(&c.happened_on)) }
            @if c.asked > 0 { p { (tr.t("claim-asked")) ": " (money(page, ctx, c.asked)) } }
            @if let Some(a) = c.approved { p { (tr.t("claim-approved-amount")) ": " strong { (money(page, ctx, a)) } } }
            @if !c.reason.is_empty() { p { (tr.t("claim-reason")) ": " (c.reason) } }
            p { strong { (tr.t(step.label())) }
                @if let Some(d) = days { " · " (tr.ta("claim-days-count", &[("days", d.into())])) }
                @if let Some(t) = s.turnaround_days { " · " (tr.ta("claim-promise", &[("days", t.into())])) }
                @if late { " · " span.bad { (tr.t("claim-late")) } } }
        }
        @if !documents.is_empty() {
            section.card {
                h2 { (tr.t("claim-documents")) }
                ul { @for (n, got) in &documents {
                    li { (n) " · " @if let Some(d) = got { (tr.t("claim-document-in")) " " (tr.fmt().date(d)) } @else { span.bad { (tr.t("claim-document-awaited")) } } }
                } }
            }
        }
        section.card {
            h2 { (tr.t("claim-steps")) }
            ol { @for (st, d, note, by, _) in &steps {
                li { (ClaimStep::parse(st).map_or(st.clone(), |x| tr.t(x.label()))) " · " (tr.fmt().date(d))
                    @if !by.is_empty() { " · " (by) } @if !note.is_empty() { br; span.meta { (note) } } }
            } }
        }
        @if step.may_go(ClaimStep::DocumentsRequested) {
            form.card method="post" action=(action) {
                h2 { (tr.t("claim-request")) }
                p.meta { (tr.t("claim-request-help")) }
                (errors_box(page, errs("request")))
                (form_keys(page))
                input type="hidden" name="action" value="request";
                label for="documents" { (tr.t("claim-documents")) }
                textarea id="documents" name="documents" rows="3" { (form.get("documents")) }
                button type="submit" { (tr.t("claim-request")) }
            }
        }
        @if step == ClaimStep::DocumentsRequested && documents.iter().any(|(_, got)| got.is_none()) {
            form.card method="post" action=(action) {
                h2 { (tr.t("claim-receive")) }
                (errors_box(page, errs("receive")))
                (form_keys(page))
                input type="hidden" name="action" value="receive";
                @for (k, (n, _)) in documents.iter().filter(|(_, got)| got.is_none()).enumerate() {
                    label.check { input type="checkbox" name=(format!("doc_{k}")) value=(n); " " (n) }
                }
                button type="submit" { (tr.t("save")) }
            }
        }
        @if !step.ended() {
            form.card method="post" action=(action) {
                h2 { (tr.t("claim-move")) }
                (errors_box(page, errs("step")))
                (form_keys(page))
                input type="hidden" name="action" value="step";
                label for="step" { (tr.t("enrol-step")) }
                select id="step" name="step" {
                    @for x in ClaimStep::ALL.into_iter().filter(|x| *x != ClaimStep::DocumentsRequested && step.may_go(*x)) {
                        option value=(x.as_str()) selected[form.get("step") == x.as_str()] { (tr.t(x.label())) }
                    }
                }
                @if step == ClaimStep::Submitted {
                    (field(tr, "amount", "claim-approved-amount", "decimal", form.get("amount"), errs("step")))
                }
                @if !matches!(step, ClaimStep::Approved | ClaimStep::Received) {
                    (field(tr, "reason", "claim-reason", "text", form.get("reason"), errs("step")))
                }
                @if step == ClaimStep::Received || (step == ClaimStep::Approved) {
                    p.meta { @if own { (tr.t("claim-paid-own")) } @else { (tr.t("claim-paid-how")) } }
                    (till_select(tr, "till", form.get("till")))
                }
                (field(tr, "note", "enrol-note", "text", form.get("note"), errs("step")))
                button type="submit" { (tr.t("save")) }
            }
        }
    })
}

/// `GET /o/{slug}/protection/claims/{id}`
pub async fn claim(
    State(state): State<AppState>,
    page: Page,
    ctx: OrgCtx,
    Path((_slug, id)): Path<(String, i64)>,
) -> AppResult<Response> {
    ctx.require(Permission::RunProtection)?;
    let mut tx = state.db.begin().await?;
    let body = claim_view(&mut tx, &page, &ctx, id, &Fields::default(), &[]).await?;
    Ok(layout::page(&page, &page.tr.t("claim-title"), Some(&nav(&ctx)), body).into_response())
}

/// `POST /o/{slug}/protection/claims/{id}`: documents asked for or received, the next step.
pub async fn claim_act(
    State(state): State<AppState>,
    page: Page,
    ctx: OrgCtx,
    session: Session,
    Path((_slug, id)): Path<(String, i64)>,
    CsrfForm(form): CsrfForm<Fields>,
) -> AppResult<Response> {
    ctx.require(Permission::RunProtection)?;
    let (org, by) = (&ctx.org, ctx.person.id);
    let r = submit(&state.db, async |tx| match form.get("action") {
        "request" => {
            let names: Vec<String> = form.get("documents").lines().map(str::to_string).collect();
            service::request_documents(tx, org, id, &names, by).await
        }
        "receive" => {
            let docs = service::claim_missing(tx, org, id).await?;
            let ticked: Vec<&String> = (0..docs.len())
                .filter_map(|k| docs.iter().find(|d| *d == form.get(&format!("doc_{k}"))))
                .collect();
            if ticked.is_empty() {
                return Err(service::invalid("document", "claim-document-none"));
            }
            for d in ticked {
                service::receive_claim_document(tx, org, id, d).await?;
            }
            Ok(())
        }
        "step" => {
            let m = service::ClaimMove {
                step: form.get("step"),
                amount: amount(&page, &ctx, &form, "amount")?,
                reason: form.get("reason"),
                till: form.get("till"),
                note: form.get("note"),
            };
            service::advance_claim(tx, org, id, &m, by).await
        }
        _ => Err(AppError::NotFound),
    })
    .await?;
    answer(
        &state,
        &page,
        &ctx,
        "claim-title",
        &session,
        r,
        |_| {
            (
                page.tr.t("told-saved"),
                format!("/o/{}/protection/claims/{id}", org.slug),
            )
        },
        async |tx, e| claim_view(tx, &page, &ctx, id, &form, e).await,
    )
    .await
}

// The solidarity fund.

async fn fund_view(tx: &mut Tx, page: &Page, ctx: &OrgCtx, form: &Fields, errors: &[FieldError]) -> AppResult<Markup> {
    let tr = &page.tr;
    let slug = &ctx.org.slug;
    let rule = service::fund_rule(tx, &ctx.org).await?;
    let f = service::fund(tx, &ctx.org, None).await?;
    let (items, proposals) = service::resolutions(tx, &ctx.org).await?;
    let held = service::meetings_held(tx, &ctx.org).await?;
    let action = format!("/o/{slug}/protection/fund");
    let errs = |a: &str| if form.get("action") == a { errors } else { &[] };
    let short = |t: &str| -> String {
        let mut s: String = t.chars().take(60).collect();
        if t.chars().count() > 60 {
            s.push('…');
        }
        s
    };
    Ok(html! {
        h1 { (icon("pic-heart")) (tr.t("fund-title")) }
        (tabs(page, ctx))
        p.meta { (tr.t("fund-help")) }
        section.card {
            p.big { (money(page, ctx, f.available)) }
            p { (tr.t("fund-available")) }
            p.meta { (tr.ta("fund-sums", &[("given", money(page, ctx, f.contributed).into()), ("granted", money(page, ctx, f.granted).into()), ("lent", money(page, ctx, f.lent).into())])) }
            @if let Some((a, per)) = rule { p { (tr.t("fund-rule")) ": " strong { (money(page, ctx, a)) " · " (tr.t(per.label())) } } }
            @else { p.bad { (tr.t("fund-no-rule")) } }
        }
        details open[!errs("rule").is_empty()] {
            summary { (tr.t("fund-rule-set")) }
            form.card method="post" action=(action) {
                (errors_box(page, errs("rule")))
                (form_keys(page))
                input type="hidden" name="action" value="rule";
                (field(tr, "rule_amount", "fund-rule-amount", "decimal", form.get("rule_amount"), errs("rule")))
                label for="per" { (tr.t("fund-per")) }
                select id="per" name="per" { @for p in FundPer::ALL { option value=(p.as_str()) selected[form.get("per") == p.as_str()] { (tr.t(p.label())) } } }
                button type="submit" { (tr.t("save")) }
            }
        }
        @if rule.is_some_and(|(_, per)| per == FundPer::Meeting) && !held.is_empty() {
            form.card method="post" action=(action) {
                h2 { (tr.t("fund-at-meeting")) }
                p.meta { (tr.t("fund-at-meeting-help")) }
                (errors_box(page, errs("meeting")))
                (form_keys(page))
                input type="hidden" name="action" value="meeting";
                label for="meeting" { (tr.t("fund-meeting")) }
                select id="meeting" name="meeting" { @for (id, at, title) in &held {
                    option value=(id) selected[form.get("meeting") == id.to_string()] { (tr.fmt().date(at.get(..10).unwrap_or(at))) " · " (title) } } }
                (till_select(tr, "m_till", form.get("till")))
                button type="submit" { (tr.t("contribution-save")) }
            }
        }
        @if rule.is_some() {
            form.card method="post" action=(action) {
                h2 { (tr.t("fund-contribution")) }
                (errors_box(page, errs("contribution")))
                (form_keys(page))
                input type="hidden" name="action" value="contribution";
                (field(tr, "member", "member-number", "text", if form.get("action") == "contribution" { form.get("member") } else { "" }, errs("contribution")))
                (field(tr, "periods", "fund-periods", "number", form.or("periods", "1"), errs("contribution")))
                (till_select(tr, "c_till", form.get("till")))
                button type="submit" { (tr.t("contribution-save")) }
            }
        }
        form.card method="post" action=(action) {
            h2 { (tr.t("fund-give")) }
            p.meta { (tr.t("fund-give-help")) }
            (errors_box(page, errs("give")))
            (form_keys(page))
            input type="hidden" name="action" value="give";
            label for="kind" { (tr.t("fund-kind")) }
            select id="kind" name="kind" { @for k in [FundMove::Grant, FundMove::Loan] { option value=(k.as_str()) selected[form.get("kind") == k.as_str()] { (tr.t(k.label())) } } }
            (field(tr, "member", "member-number", "text", if form.get("action") == "give" { form.get("member") } else { "" }, errs("give")))
            (field(tr, "amount", "amount", "decimal", form.get("amount"), errs("give")))
            label for="resolution" { (tr.t("fund-resolution")) }
            select id="resolution" name="resolution" {
                option value="" { "—" }
                @for (id, when, meeting, item, decision) in &items {
                    @let v = format!("item:{id}");
                    option value=(v) selected[form.get("resolution") == v] { (tr.fmt().date(when.get(..10).unwrap_or(when))) " · " (meeting) " · " (item) ": " (short(decision)) }
                }
                @for (id, closes, title) in &proposals {
                    @let v = format!("vote:{id}");
                    option value=(v) selected[form.get("resolution") == v] { (tr.fmt().date(closes)) " · " (tr.t("fund-vote")) " · " (title) }
                }
            }
            @if items.is_empty() && proposals.is_empty() { p.meta.bad { (tr.t("fund-no-resolutions")) } }
            (field(tr, "purpose", "fund-purpose", "text", form.get("purpose"), errs("give")))
            (till_select(tr, "g_till", form.get("till")))
            button type="submit" { (tr.t("save")) }
        }
        @if f.lent > 0 {
            form.card method="post" action=(action) {
                h2 { (tr.t("fund-repayment")) }
                (errors_box(page, errs("repayment")))
                (form_keys(page))
                input type="hidden" name="action" value="repayment";
                (field(tr, "member", "member-number", "text", if form.get("action") == "repayment" { form.get("member") } else { "" }, errs("repayment")))
                (field(tr, "amount", "amount", "decimal", form.get("amount"), errs("repayment")))
                (till_select(tr, "r_till", form.get("till")))
                button type="submit" { (tr.t("save")) }
            }
        }
        section.card {
            h2 { (tr.t("fund-moves")) }
            p { a href=(format!("/o/{slug}/reports/solidarity-fund")) { (tr.t("report-open")) } }
            ul { @for m in f.moves.iter().take(50) {
                li { (tr.fmt().date(&m.on_day)) " · " (FundMove::parse(&m.kind).map_or(m.kind.clone(), |k| tr.t(k.label()))) " · "
                    (m.member_name) " · " strong { (money(page, ctx, m.amount)) }
                    @if !m.purpose.is_empty() { br; span.meta { (m.purpose) } } }
            } }
        }
    })
}

/// `GET /o/{slug}/protection/fund`
pub async fn fund(State(state): State<AppState>, page: Page, ctx: OrgCtx) -> AppResult<Response> {
    ctx.require(Permission::RunProtection)?;
    let mut tx = state.db.begin().await?;
    let body = fund_view(&mut tx, &page, &ctx, &Fields::default(), &[]).await?;
    Ok(layout::page(&page, &page.tr.t("fund-title"), Some(&nav(&ctx)), body).into_response())
}

/// `POST /o/{slug}/protection/fund`: the rule, a contribution, a grant or loan, a repayment.
pub async fn fund_act(
    State(state): State<AppState>,
    page: Page,
    ctx: OrgCtx,
    session: Session,
    CsrfForm(form): CsrfForm<Fields>,
) -> AppResult<Response> {
    ctx.require(Permission::RunProtection)?;
    let (org, by) = (&ctx.org, ctx.person.id);
    let r = submit(&state.db, async |tx| {
        let action = form.get("action");
        if action == "rule" {
            let a = amount(&page, &ctx, &form, "rule_amount")?.unwrap_or(0);
            return service::set_fund_rule(tx, org, a, form.get("per")).await;
        }
        if action == "meeting" {
            let meeting = form.int("meeting").unwrap_or(0);
            return service::collect_at_meeting(tx, org, meeting, form.get("till"), by)
                .await
                .map(|_| ());
        }
        let resolution = form.get("resolution");
        let kind = match action {
            "contribution" | "repayment" => action,
            "give" => form.get("kind"),
            _ => return Err(AppError::NotFound),
        };
        let ask = service::FundAsk {
            kind,
            member_number: form.get("member"),
            periods: number(&form, "periods")?.unwrap_or(0),
            amount: amount(&page, &ctx, &form, "amount")?,
            till: form.get("till"),
            agenda_item: resolution.strip_prefix("item:").and_then(|v| v.parse().ok()),
            proposal: resolution.strip_prefix("vote:").and_then(|v| v.parse().ok()),
            purpose: form.get("purpose"),
            meeting: None,
        };
        service::fund_move(tx, org, &ask, by).await.map(|_| ())
    })
    .await?;
    answer(
        &state,
        &page,
        &ctx,
        "fund-title",
        &session,
        r,
        |_| (page.tr.t("told-saved"), format!("/o/{}/protection/fund", org.slug)),
        async |tx, e| fund_view(tx, &page, &ctx, &form, e).await,
    )
    .await
}

// Coverage figures.

/// `GET /o/{slug}/protection/coverage`: how many of the members are covered, lapsed,
/// what was due, collected and remitted, and how claims were paid; for a federation,
/// its member organisations' figures with small counts hidden.
pub async fn coverage(State(state): State<AppState>, page: Page, ctx: OrgCtx) -> AppResult<Response> {
    ctx.require(Permission::RunProtection)?;
    let tr = &page.tr;
    let f = tr.fmt();
    let mut tx = state.db.begin().await?;
    let c = service::coverage(&mut tx, &ctx.org).await?;
    let affiliates = if ctx.org.kind.groups_orgs() {
        service::affiliates_coverage(&mut tx, &ctx.org).await?
    } else {
        vec![]
    };
    drop(tx);
    let share = |n: i64, of: i64| {
        if of > 0 {
            f.percent_bp(n * 10_000 / of)
        } else {
            "–".into()
        }
    };
    let slug = &ctx.org.slug;
    let body = html! {
        h1 { (icon("pic-heart")) (tr.t("coverage-title")) }
        (tabs(&page, &ctx))
        section.card {
            p.big { (share(c.covered, c.active_members)) }
            p { (tr.ta("coverage-share", &[("covered", c.covered.into()), ("active", c.active_members.into())])) }
            p.meta { (tr.t("coverage-women")) " " (c.covered_women) " · " (tr.t("coverage-others")) " " (c.covered_others) " · " (tr.t("coverage-lapsed")) " " (c.lapsed) }
        }
        section.card {
            h2 { (tr.t("coverage-by-scheme")) }
            div.scroll { table.tb {
                thead { tr { th { (tr.t("scheme-name")) } th.num { (tr.t("coverage-covered")) } th.num { (tr.t("coverage-women")) } } }
                tbody { @for (name, n, w) in &c.schemes { tr { td { (name) } td.num { (n) } td.num { (w) } } } }
            } }
        }
        section.card {
            h2 { (tr.t("coverage-money")) }
            p { (tr.t("coverage-due")) ": " strong { (money(&page, &ctx, c.due)) } }
            p { (tr.t("coverage-collected")) ": " strong { (money(&page, &ctx, c.collected)) } }
            p { (tr.t("coverage-remitted")) ": " strong { (money(&page, &ctx, c.remitted)) } }
            p { a href=(format!("/o/{slug}/reports/contributions")) { (tr.t("report-contributions")) } " · "
                a href=(format!("/o/{slug}/reports/covers")) { (tr.t("enrolments-title")) } }
        }
        section.card {
            h2 { (tr.t("claims-title")) }
            p { (tr.ta("coverage-claims-paid", &[("paid", c.claims_paid.into()), ("all", c.claims.into())])) }
            p { (tr.t("coverage-claim-ratio")) ": " strong { (share(c.paid_amount, c.collected)) } }
            @if let Some(m) = c.median_days { p { (tr.ta("coverage-median", &[("days", m.into())])) } }
            p { (tr.t("coverage-on-time")) ": " strong { (share(c.paid_on_time, c.claims_paid)) } }
            p { a href=(format!("/o/{slug}/reports/claims")) { (tr.t("report-open")) } }
        }
        @if !affiliates.is_empty() {
            section.card {
                h2 { (tr.t("coverage-affiliates")) }
                p.meta { (tr.t("coverage-hidden-help")) }
            }
            @for (k, a) in affiliates.iter().enumerate() {
                section.card {
                    h3 { @if k + 1 == affiliates.len() { (tr.t("total")) } @else { (a.name) } }
                    dl.figures {
                        @for (label, n) in service::COUNTS.iter().zip(&a.counts) {
                            dt { (tr.t(label)) }
                            dd { @match n { Some(n) => (f.int(*n)), None => span.meta title=(tr.t("coverage-hidden")) { "•" } } }
                        }
                        dt { (tr.t("coverage-collected")) }
                        dd { @match a.collected { Some(m) => (f.money(crate::money::Money::new(m, a.currency))), None => span.meta { "•" } } }
                    }
                }
            }
        }
    };
    Ok(layout::page(&page, &tr.t("coverage-title"), Some(&nav(&ctx)), body).into_response())
}

/// `POST /o/{slug}/protection/mine`: a member reports a claim on her own cover; a
/// refusal answers with its reasons and the way back to her passbook, nothing written.
pub async fn report_own_claim(
    State(state): State<AppState>,
    page: Page,
    ctx: OrgCtx,
    session: Session,
    CsrfForm(form): CsrfForm<Fields>,
) -> AppResult<Response> {
    let member = ctx.membership_id.ok_or(AppError::Forbidden)?;
    let r = submit(&state.db, async |tx| {
        let e = form
            .int("enrolment")
            .ok_or_else(|| service::invalid("enrolment", "enrol-unknown"))?;
        if service::enrolment(tx, &ctx.org, e).await?.member_id != member {
            return Err(AppError::NotFound);
        }
        service::report_claim(
            tx,
            &ctx.org,
            e,
            form.get("what"),
            form.get("happened_on"),
            0,
            ctx.person.id,
        )
        .await
    })
    .await?;
    let to = format!("/o/{}/members/{member}/passbook", ctx.org.slug);
    answer(
        &state,
        &page,
        &ctx,
        "claim-new-mine",
        &session,
        r,
        |_| (page.tr.t("claim-reported-mine"), to.clone()),
        async |_tx, e| {
            Ok(html! {
                h1 { (icon("pic-heart")) (page.tr.t("claim-new-mine")) }
                (errors_box(&page, e))
                p { a.button href=(to) { "‹ " (page.tr.t("passbook-title")) } }
            })
        },
    )
    .await
}
