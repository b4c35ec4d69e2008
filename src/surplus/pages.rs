//! The surplus-sharing page: a preview from the books, proposals, a leader's approval.

use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use maud::{Markup, html};
use serde::Deserialize;

use super::model::Rule;
use super::service::{self, DESTINATIONS, MEASURES, Proposal};
use super::store;
use crate::auth::{OrgCtx, Permission};
use crate::money::{Money, parse_percent};
use crate::state::AppState;
use crate::web::form::CsrfForm;
use crate::web::layout::nav;
use crate::web::layout::{self, field, form_keys, icon};
use crate::web::{AppError, AppResult, FieldError, Page};

#[derive(Deserialize, Default, Clone)]
pub struct ProposalForm {
    #[serde(default)]
    from: String,
    #[serde(default)]
    through: String,
    #[serde(default)]
    reserve: String,
    #[serde(default)]
    education: String,
    #[serde(default)]
    interest: String,
    #[serde(default)]
    measure: String,
    #[serde(default)]
    destination: String,
}

fn pct(bp: i64) -> String {
    if bp % 100 == 0 {
        (bp / 100).to_string()
    } else {
        format!("{}.{:02}", bp / 100, bp % 100)
    }
}

impl ProposalForm {
    fn defaults(ctx: &OrgCtx) -> ProposalForm {
        let year = ctx
            .org
            .today()
            .get(..4)
            .and_then(|y| y.parse::<i32>().ok())
            .unwrap_or(2026)
            - 1;
        ProposalForm {
            from: format!("{year}-01-01"),
            through: format!("{year}-12-31"),
            reserve: ctx.org.bylaws.reserve_percent.to_string(),
            education: pct(service::default_education_bp(&ctx.org.country)),
            interest: "0".into(),
            measure: "dealings".into(),
            destination: "savings".into(),
        }
    }

    fn proposal(&self, mark: char) -> AppResult<Proposal> {
        let bp = |s: &str| {
            parse_percent(s, mark)
                .ok_or_else(|| AppError::Invalid(vec![FieldError::new("reserve", "surplus-percent-invalid")]))
        };
        Ok(Proposal {
            from: self.from.trim().to_string(),
            through: self.through.trim().to_string(),
            rule: Rule {
                reserve_bp: bp(&self.reserve)?,
                education_bp: bp(&self.education)?,
                share_interest_bp: bp(&self.interest)?,
            },
            measure: self.measure.clone(),
            destination: self.destination.clone(),
        })
    }
}

async fn view(
    state: &AppState,
    page: &Page,
    ctx: &OrgCtx,
    form: &ProposalForm,
    errors: &[FieldError],
) -> AppResult<Markup> {
    let tr = &page.tr;
    let money = |v: i64| tr.fmt().money(Money::new(v, ctx.org.currency));
    let mut tx = state.db.begin().await?;
    let proposals = store::all(&mut tx, ctx.org.id).await?;
    let preview = match form.proposal(tr.fmt().decimal_mark()) {
        Ok(p) if errors.is_empty() => match service::preview(&mut tx, &ctx.org, &p).await {
            Ok(v) => Some(v),
            Err(AppError::Invalid(_)) => None,
            Err(e) => return Err(e),
        },
        _ => None,
    };
    drop(tx);
    let base = format!("/o/{}/surplus", ctx.org.slug);
    Ok(html! {
        h1 { (icon("book")) (tr.t("surplus-title")) }
        @if !errors.is_empty() { p.errors role="alert" { @for e in errors { (tr.t(e.message)) " " } } }
        form.card method="get" action=(base) {
            (field(tr, "from", "report-from", "date", &form.from, errors))
            (field(tr, "through", "report-through", "date", &form.through, errors))
            (field(tr, "reserve", "surplus-reserve", "number", &form.reserve, errors))
            (field(tr, "education", "surplus-education", "number", &form.education, errors))
            (field(tr, "interest", "surplus-share-interest", "number", &form.interest, errors))
            label for="measure" { (tr.t("surplus-measure")) }
            select id="measure" name="measure" { @for m in MEASURES { option value=(m) selected[form.measure == m] { (tr.t(&format!("surplus-measure-{m}"))) } } }
            label for="destination" { (tr.t("surplus-destination")) }
            select id="destination" name="destination" { @for d in DESTINATIONS { option value=(d) selected[form.destination == d] { (tr.t(&format!("surplus-to-{d}"))) } } }
            button type="submit" { (tr.t("surplus-preview")) }
        }
        @if let Some(p) = &preview {
            @let a = &p.allocation;
            section.card {
                h2 { (tr.t("surplus-preview")) }
                dl {
                    dt { (tr.t("report-surplus")) } dd { (money(a.surplus)) }
                    dt { (tr.t("acct-statutory-reserve")) } dd { (money(a.reserve)) }
                    dt { (tr.t("acct-education-fund")) } dd { (money(a.education)) }
                    dt { (tr.t("surplus-share-interest-total")) } dd { (money(a.share_interest.iter().map(|(_, v)| v).sum())) }
                    dt { (tr.t("surplus-refunds-total")) } dd { (money(a.refunds.iter().map(|(_, v)| v).sum())) }
                    dt { (tr.t("surplus-undistributed")) } dd { (money(a.undistributed)) }
                }
                table.tb {
                    thead { tr { th { (tr.t("member-number")) } th { (tr.t("member-name")) } th.num { (tr.t("surplus-dealings")) } th.num { (tr.t("surplus-share-interest-total")) } th.num { (tr.t("surplus-refund")) } } }
                    tbody { @for (_, name, number, interest, refund, dealt) in &p.members {
                        tr { td { (number) } td { (name) } td.num { (money(*dealt)) } td.num { (money(*interest)) } td.num { (money(*refund)) } }
                    } }
                }
                @if ctx.can(Permission::KeepBooks) && a.surplus > 0 {
                    form method="post" action=(base) {
                        (form_keys(page))
                        @for (k, v) in [("from", &form.from), ("through", &form.through), ("reserve", &form.reserve), ("education", &form.education), ("interest", &form.interest), ("measure", &form.measure), ("destination", &form.destination)] {
                            input type="hidden" name=(k) value=(v);
                        }
                        button type="submit" { (tr.t("surplus-propose")) }
                    }
                }
            }
        }
        @if !proposals.is_empty() {
            h2 { (tr.t("surplus-proposals")) }
            ul.list { @for p in &proposals {
                li {
                    (tr.fmt().date(&p.period_from)) " – " (tr.fmt().date(&p.period_through))
                    " " span.tag { (tr.t(&format!("surplus-status-{}", p.status))) }
                    @if p.status == "proposed" && ctx.can(Permission::Approve) {
                        form.inline method="post" action=(format!("{base}/{}/approve", p.id)) {
                            (form_keys(page))
                            " " button type="submit" { (tr.t("surplus-approve")) }
                        }
                    }
                }
            } }
        }
    })
}

fn may_see(ctx: &OrgCtx) -> AppResult<()> {
    if ctx.can(Permission::ViewBooks) {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
}

pub async fn page(
    State(state): State<AppState>,
    page: Page,
    ctx: OrgCtx,
    Query(q): Query<ProposalForm>,
) -> AppResult<Markup> {
    may_see(&ctx)?;
    let form = if q.from.is_empty() {
        ProposalForm::defaults(&ctx)
    } else {
        q
    };
    let body = view(&state, &page, &ctx, &form, &[]).await?;
    Ok(layout::page(&page, &page.tr.t("surplus-title"), Some(&nav(&ctx)), body))
}

pub async fn propose(
    State(state): State<AppState>,
    page: Page,
    ctx: OrgCtx,
    CsrfForm(form): CsrfForm<ProposalForm>,
) -> AppResult<Response> {
    ctx.require(Permission::KeepBooks)?;
    let mut tx = state.db.begin_write().await?;
    let result = match form.proposal(page.tr.fmt().decimal_mark()) {
        Ok(p) => service::propose(&mut tx, &ctx.org, &p, ctx.person.id).await,
        Err(e) => Err(e),
    };
    match result {
        Ok(_) => {
            tx.commit().await?;
            Ok(Redirect::to(&format!("/o/{}/surplus", ctx.org.slug)).into_response())
        }
        Err(AppError::Invalid(errors)) => {
            drop(tx);
            let body = view(&state, &page, &ctx, &form, &errors).await?;
            Ok(layout::refused(
                &page,
                &page.tr.t("surplus-title"),
                Some(&nav(&ctx)),
                body,
            ))
        }
        Err(e) => Err(e),
    }
}

#[derive(Deserialize)]
pub struct NoFields {}

pub async fn approve(
    State(state): State<AppState>,
    ctx: OrgCtx,
    Path((_slug, id)): Path<(String, i64)>,
    CsrfForm(_): CsrfForm<NoFields>,
) -> AppResult<Response> {
    ctx.require(Permission::Approve)?;
    let mut tx = state.db.begin_write().await?;
    service::approve(&mut tx, &ctx.org, id, ctx.person.id).await?;
    tx.commit().await?;
    Ok(Redirect::to(&format!("/o/{}/surplus", ctx.org.slug)).into_response())
}
