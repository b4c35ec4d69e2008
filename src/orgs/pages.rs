//! Pages of an organisation: settings, the federation page, and the operator's form.

use std::collections::HashMap;

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use maud::{Markup, html};
use serde::Deserialize;

use super::model::{Bylaws, Org, OrgDraft, OrgKind};
use super::service;
use crate::auth::{Access, OperatorOnly, OrgCtx, Permission};
use crate::i18n::{Locale, Tr};
use crate::money::{Currency, Money};
use crate::state::AppState;
use crate::web::form::CsrfForm;
use crate::web::layout::{self, field, form_keys, icon, nav};
use crate::web::{AppError, AppResult, FieldError, Page};

pub async fn federation(State(state): State<AppState>, page: Page, ctx: OrgCtx) -> AppResult<Markup> {
    ctx.require(Permission::ViewAffiliates)?;
    if !ctx.org.kind.groups_orgs() {
        return Err(AppError::NotFound);
    }
    let tr = &page.tr;
    let f = tr.fmt();
    let mut tx = state.db.begin().await?;
    let mut rows = vec![];
    for o in super::affiliates(&mut tx, ctx.org.id).await? {
        let n = crate::members::count_active(&mut tx, o.id).await?;
        rows.push((o, n));
    }
    drop(tx);
    let total: i64 = rows.iter().map(|(_, n)| n).sum();
    let body = html! {
        h1 { (icon("network")) (ctx.org.name) }
        p { (tr.ta("federation-summary", &[("orgs", (rows.len() as i64).into()), ("members", f.int(total).into())])) }
        table {
            thead { tr { th { (tr.t("federation-org")) } th { (tr.t("federation-kind")) } th { (tr.t("federation-country")) } th { (tr.t("federation-members")) } } }
            tbody {
                @for (o, n) in &rows {
                    tr {
                        td { a href=(format!("/o/{}", o.slug)) { (o.name) } }
                        td { (tr.t(o.kind.label())) }
                        td { (o.country) }
                        td { (f.int(*n)) }
                    }
                }
            }
        }
    };
    Ok(layout::page(&page, &tr.t("nav-federation"), Some(&nav(&ctx)), body))
}

/// The organisation form as posted: every field text, languages as checkboxes `lang_xx`.
#[derive(Deserialize, Default)]
pub struct OrgForm {
    #[serde(default)]
    slug: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    country: String,
    #[serde(default)]
    currency: String,
    #[serde(default)]
    timezone: String,
    #[serde(default)]
    share_par_value: String,
    #[serde(default)]
    min_shares: String,
    #[serde(default)]
    max_shares: String,
    #[serde(default)]
    max_proxies: String,
    #[serde(default)]
    admission: String,
    #[serde(default)]
    purchase_margin: String,
    #[serde(default)]
    pay_within_days: String,
    #[serde(default)]
    quorum_percent: String,
    #[serde(default)]
    reserve_percent: String,
    #[serde(default)]
    savings_min_balance: String,
    #[serde(default)]
    savings_notice_days: String,
    #[serde(default)]
    savings_interest: String,
    #[serde(default)]
    parents: String,
    #[serde(flatten)]
    rest: HashMap<String, String>,
}

impl OrgForm {
    fn of(org: &Org, tr: &Tr) -> OrgForm {
        let mut rest = HashMap::new();
        for l in &org.languages {
            rest.insert(format!("lang_{}", l.tag()), "on".to_string());
        }
        OrgForm {
            slug: org.slug.clone(),
            name: org.name.clone(),
            kind: org.kind.as_str().into(),
            country: org.country.clone(),
            currency: org.currency.code().into(),
            timezone: org.timezone.clone(),
            share_par_value: plain_in_locale(Money::new(org.bylaws.share_par_value, org.currency), tr),
            min_shares: org.bylaws.min_shares.to_string(),
            max_shares: org.bylaws.max_shares.to_string(),
            max_proxies: org.bylaws.max_proxies.to_string(),
            admission: org.bylaws.admission.clone(),
            purchase_margin: crate::money::percent_plain(org.bylaws.purchase_margin_bp, tr.fmt().decimal_mark()),
            pay_within_days: org.bylaws.pay_within_days.to_string(),
            quorum_percent: org.bylaws.quorum_percent.to_string(),
            reserve_percent: org.bylaws.reserve_percent.to_string(),
            savings_min_balance: plain_in_locale(Money::new(org.bylaws.savings_min_balance, org.currency), tr),
            savings_notice_days: org.bylaws.savings_notice_days.to_string(),
            savings_interest: crate::money::percent_plain(org.bylaws.savings_interest_bp, tr.fmt().decimal_mark()),
            parents: String::new(),
            rest,
        }
    }

    fn has_lang(&self, l: Locale) -> bool {
        self.rest.contains_key(&format!("lang_{}", l.tag()))
    }

    /// Turns the typed text into a draft, or says which numbers could not be read.
    fn draft(&self, tr: &Tr) -> Result<OrgDraft, Vec<FieldError>> {
        let mut errors = vec![];
        let currency = Currency::parse(&self.currency);
        let mut int = |name: &'static str, v: &str, msg: &'static str| -> i64 {
            v.trim().parse::<i64>().unwrap_or_else(|_| {
                errors.push(FieldError::new(name, msg));
                0
            })
        };
        let min_shares = int("min_shares", &self.min_shares, "org-min-shares-invalid");
        let defaults = crate::orgs::model::default_bylaws();
        let max_shares = match self.max_shares.trim() {
            "" => defaults.max_shares,
            v => int("max_shares", v, "bylaws-max-shares-invalid"),
        };
        let max_proxies = match self.max_proxies.trim() {
            "" => defaults.max_proxies,
            v => int("max_proxies", v, "bylaws-max-proxies-invalid"),
        };
        let quorum_percent = int("quorum_percent", &self.quorum_percent, "org-percent-invalid");
        let reserve_percent = int("reserve_percent", &self.reserve_percent, "org-percent-invalid");
        let savings_notice_days = if self.savings_notice_days.trim().is_empty() {
            0
        } else {
            int(
                "savings_notice_days",
                &self.savings_notice_days,
                "bylaws-notice-invalid",
            )
        };
        let savings_interest_bp = if self.savings_interest.trim().is_empty() {
            0
        } else {
            crate::money::parse_percent(&self.savings_interest, tr.fmt().decimal_mark()).unwrap_or_else(|| {
                errors.push(FieldError::new("savings_interest", "bylaws-rate-invalid"));
                0
            })
        };
        let purchase_margin_bp = if self.purchase_margin.trim().is_empty() {
            defaults.purchase_margin_bp
        } else {
            crate::money::parse_percent(&self.purchase_margin, tr.fmt().decimal_mark()).unwrap_or_else(|| {
                errors.push(FieldError::new("purchase_margin", "bylaws-rate-invalid"));
                0
            })
        };
        let pay_within_days = match self.pay_within_days.trim() {
            "" => defaults.pay_within_days,
            v => v.parse().unwrap_or_else(|_| {
                errors.push(FieldError::new("pay_within_days", "bylaws-pay-days-invalid"));
                0
            }),
        };
        let savings_min_balance = match currency {
            Some(c) if !self.savings_min_balance.trim().is_empty() => {
                match Money::parse(&self.savings_min_balance, c, tr.fmt().decimal_mark()) {
                    Ok(m) => m.minor,
                    Err(_) => {
                        errors.push(FieldError::new("savings_min_balance", "amount-invalid"));
                        0
                    }
                }
            }
            _ => 0,
        };
        let share_par_value = match currency {
            Some(c) => match Money::parse(&self.share_par_value, c, tr.fmt().decimal_mark()) {
                Ok(m) => m.minor,
                Err(_) => {
                    errors.push(FieldError::new("share_par_value", "org-par-invalid"));
                    0
                }
            },
            None => 0,
        };
        let draft = OrgDraft {
            slug: self.slug.clone(),
            name: self.name.clone(),
            kind: self.kind.clone(),
            country: self.country.clone(),
            currency: self.currency.clone(),
            timezone: self.timezone.clone(),
            languages: Locale::ALL
                .into_iter()
                .filter(|l| self.has_lang(*l))
                .map(|l| l.tag().to_string())
                .collect(),
            bylaws: Some(Bylaws {
                share_par_value,
                min_shares,
                quorum_percent,
                reserve_percent,
                savings_min_balance,
                savings_notice_days,
                savings_interest_bp,
                max_shares,
                max_proxies,
                purchase_margin_bp,
                pay_within_days,
                admission: if self.admission.trim().is_empty() {
                    defaults.admission.clone()
                } else {
                    self.admission.trim().to_string()
                },
            }),
        };
        // Report the draft's own errors together with the unreadable numbers.
        if let Err(more) = draft.validate() {
            for e in more {
                if !errors.iter().any(|x| x.field == e.field) {
                    errors.push(e);
                }
            }
        }
        if errors.is_empty() { Ok(draft) } else { Err(errors) }
    }

    fn parent_slugs(&self) -> Vec<String> {
        self.parents
            .split(',')
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
            .collect()
    }
}

fn plain_in_locale(m: Money, tr: &Tr) -> String {
    let plain = m.to_plain();
    if tr.fmt().decimal_mark() == ',' {
        plain.replace('.', ",")
    } else {
        plain
    }
}

fn org_fields(page: &Page, form: &OrgForm, errors: &[FieldError], creating: bool) -> Markup {
    let tr = &page.tr;
    let err = |name: &str| errors.iter().find(|e| e.field == name).map(|e| tr.t(e.message));
    html! {
        @if !errors.is_empty() { p.errors role="alert" { (tr.t("form-has-errors")) } }
        @if creating { (field(tr, "slug", "org-slug", "text", &form.slug, errors)) }
        (field(tr, "name", "org-name", "text", &form.name, errors))
        label for="kind" { (tr.t("org-kind")) }
        select id="kind" name="kind" {
            @for k in OrgKind::ALL { option value=(k.as_str()) selected[form.kind == k.as_str()] { (tr.t(k.label())) } }
        }
        @if let Some(e) = err("kind") { p.err { (e) } }
        (field(tr, "country", "org-country", "text", &form.country, errors))
        label for="currency" { (tr.t("org-currency")) }
        select id="currency" name="currency" {
            @for c in Currency::all() { option value=(c.code()) selected[form.currency.eq_ignore_ascii_case(c.code())] { (c.code()) " " (c.symbol()) } }
        }
        @if let Some(e) = err("currency") { p.err { (e) } }
        (field(tr, "timezone", "org-timezone", "text", &form.timezone, errors))
        p.meta { (tr.t("org-timezone-help")) }
        fieldset {
            legend { (tr.t("org-languages")) }
            @for l in Locale::ALL {
                label lang=(l.tag()) { input type="checkbox" name=(format!("lang_{}", l.tag())) checked[form.has_lang(l)]; (l.native_name()) }
            }
            @if let Some(e) = err("languages") { p.err { (e) } }
        }
        fieldset {
            legend { (tr.t("bylaws-title")) }
            (field(tr, "share_par_value", "bylaws-par-value", "number", &form.share_par_value, errors))
            (field(tr, "min_shares", "bylaws-min-shares", "number", &form.min_shares, errors))
            (field(tr, "max_shares", "bylaws-max-shares", "number", &form.max_shares, errors))
            (field(tr, "max_proxies", "bylaws-max-proxies", "number", &form.max_proxies, errors))
            (field(tr, "purchase_margin", "bylaws-purchase-margin", "number", &form.purchase_margin, errors))
            (field(tr, "pay_within_days", "bylaws-pay-within-days", "number", &form.pay_within_days, errors))
            label for="admission" { (tr.t("bylaws-admission")) }
            select id="admission" name="admission" {
                @for a in ["leader", "board"] { option value=(a) selected[form.admission == a] { (tr.t(&format!("bylaws-admission-{a}"))) } }
            }
            (field(tr, "quorum_percent", "bylaws-quorum", "number", &form.quorum_percent, errors))
            (field(tr, "reserve_percent", "bylaws-reserve", "number", &form.reserve_percent, errors))
            (field(tr, "savings_min_balance", "bylaws-savings-min", "number", &form.savings_min_balance, errors))
            (field(tr, "savings_notice_days", "bylaws-savings-notice", "number", &form.savings_notice_days, errors))
            (field(tr, "savings_interest", "bylaws-savings-interest", "number", &form.savings_interest, errors))
        }
        @if page.person.as_ref().is_some_and(|p| p.is_operator) {
            (field(tr, "parents", "org-parents", "text", &form.parents, errors))
        }
    }
}

fn settings_view(page: &Page, ctx: &OrgCtx, form: &OrgForm, errors: &[FieldError], saved: bool) -> Markup {
    settings_with_sharing(page, ctx, form, errors, saved, None)
}

fn settings_with_sharing(
    page: &Page,
    ctx: &OrgCtx,
    form: &OrgForm,
    errors: &[FieldError],
    saved: bool,
    sharing: Option<bool>,
) -> Markup {
    let tr = &page.tr;
    let body = html! {
        h1 { (icon("settings")) (tr.t("nav-settings")) }
        @if saved { (layout::flash(&tr.t("saved"))) }
        form method="post" action=(format!("/o/{}/settings", ctx.org.slug)) {
            (form_keys(page))
            (org_fields(page, form, errors, false))
            button type="submit" { (tr.t("save")) }
        }
        @if let Some(shared) = sharing {
            section.card {
                h2 { (icon("network")) (tr.t("sharing-title")) }
                p { (tr.t(if shared { "sharing-on" } else { "sharing-off" })) }
                form method="post" action=(format!("/o/{}/settings/sharing", ctx.org.slug)) {
                    (form_keys(page))
                    input type="hidden" name="share" value=(if shared { "no" } else { "yes" });
                    button.secondary type="submit" { (tr.t(if shared { "sharing-stop" } else { "sharing-start" })) }
                }
            }
        }
    };
    layout::page(page, &tr.t("nav-settings"), Some(&nav(ctx)), body)
}

pub async fn settings_page(State(state): State<AppState>, page: Page, ctx: OrgCtx) -> AppResult<Markup> {
    ctx.require(Permission::EditSettings)?;
    let form = OrgForm::of(&ctx.org, &page.tr);
    let mut tx = state.db.begin().await?;
    let shared = super::shares_names_with_federation(&mut tx, ctx.org.id).await?;
    drop(tx);
    Ok(settings_with_sharing(&page, &ctx, &form, &[], false, Some(shared)))
}

/// Whether her federations' staff may see the members' names (meetings, elections,
/// leadership), decided by an admin; off until she turns it on.
pub async fn save_sharing(
    State(state): State<AppState>,
    ctx: OrgCtx,
    CsrfForm(form): CsrfForm<crate::web::form::Fields>,
) -> AppResult<Response> {
    ctx.require(Permission::EditSettings)?;
    let share = match form.get("share") {
        "yes" => true,
        "no" => false,
        _ => return Err(AppError::BadRequest("error-400")),
    };
    let mut tx = state.db.begin_write().await?;
    super::set_shares_names_with_federation(&mut tx, ctx.org.id, share).await?;
    tx.commit().await?;
    Ok(Redirect::to(&format!("/o/{}/settings", ctx.org.slug)).into_response())
}

pub async fn save_settings(
    State(state): State<AppState>,
    page: Page,
    mut ctx: OrgCtx,
    CsrfForm(form): CsrfForm<OrgForm>,
) -> AppResult<Response> {
    ctx.require(Permission::EditSettings)?;
    let tr = page.tr;
    let mut form = form;
    form.slug = ctx.org.slug.clone();
    let invalid = |ctx: &OrgCtx, form: &OrgForm, errors: Vec<FieldError>| {
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            settings_view(&page, ctx, form, &errors, false),
        )
            .into_response()
    };
    let draft = match form.draft(&tr) {
        Ok(d) => d,
        Err(errors) => return Ok(invalid(&ctx, &form, errors)),
    };
    let mut tx = state.db.begin_write().await?;
    let updated = match service::update(&mut tx, &ctx.org, &draft).await {
        Ok(o) => o,
        Err(AppError::Invalid(errors)) => return Ok(invalid(&ctx, &form, errors)),
        Err(e) => return Err(e),
    };
    if ctx.access == Access::Operator {
        match service::affiliate(&mut tx, &updated, &form.parent_slugs()).await {
            Ok(()) => {}
            Err(AppError::Invalid(errors)) => return Ok(invalid(&ctx, &form, errors)),
            Err(e) => return Err(e),
        }
    }
    tx.commit().await?;
    ctx.org = updated;
    let form = OrgForm::of(&ctx.org, &tr);
    Ok(settings_view(&page, &ctx, &form, &[], true).into_response())
}

fn new_org_view(page: &Page, form: &OrgForm, errors: &[FieldError]) -> Markup {
    let tr = &page.tr;
    let body = html! {
        h1 { (icon("add")) (tr.t("org-new")) }
        form method="post" action="/admin/orgs" {
            (form_keys(page))
            (org_fields(page, form, errors, true))
            button type="submit" { (tr.t("create")) }
        }
    };
    layout::page(page, &tr.t("org-new"), None, body)
}

pub async fn new_org_page(page: Page, _operator: OperatorOnly) -> AppResult<Markup> {
    let form = OrgForm {
        kind: "cooperative".into(),
        min_shares: "1".into(),
        max_shares: "100".into(),
        max_proxies: "1".into(),
        admission: "leader".into(),
        purchase_margin: String::new(),
        quorum_percent: "50".into(),
        reserve_percent: "25".into(),
        share_par_value: "100".into(),
        ..Default::default()
    };
    Ok(new_org_view(&page, &form, &[]))
}

pub async fn create_org(
    State(state): State<AppState>,
    page: Page,
    _operator: OperatorOnly,
    CsrfForm(form): CsrfForm<OrgForm>,
) -> AppResult<Response> {
    let draft = match form.draft(&page.tr) {
        Ok(d) => d,
        Err(errors) => {
            return Ok((StatusCode::UNPROCESSABLE_ENTITY, new_org_view(&page, &form, &errors)).into_response());
        }
    };
    let mut tx = state.db.begin_write().await?;
    match service::create(&mut tx, &draft, &form.parent_slugs()).await {
        Ok(org) => {
            tx.commit().await?;
            Ok(Redirect::to(&format!("/o/{}", org.slug)).into_response())
        }
        Err(AppError::Invalid(errors)) => {
            Ok((StatusCode::UNPROCESSABLE_ENTITY, new_org_view(&page, &form, &errors)).into_response())
        }
        Err(e) => Err(e),
    }
}
