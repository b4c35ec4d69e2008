//! Pages of buying together: the rounds, and a round from members' requests through the
//! order, the delivery and the sharing out. Suppliers and price lists: `supplier_pages`.

use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use maud::{Markup, html};
use serde::Deserialize;

use super::model::Rule;
use super::service::{self, Collectors, Received, RoundDraft, Want};
use super::store;
use crate::auth::{OrgCtx, Permission};
use crate::db::Tx;
use crate::ledger::Till;
use crate::ledger::pages::till_field;
use crate::money::Money;
use crate::state::AppState;
use crate::web::form::{CsrfForm, Fields, submit};
use crate::web::layout::{self, errors_box, field, form_keys, icon};
use crate::web::layout::{money, nav};
use crate::web::{AppError, AppResult, FieldError, Page};

/// The steps of a round, in order.
pub const STEPS: [&str; 7] = [
    "draft",
    "open",
    "closed",
    "ordered",
    "received",
    "distributed",
    "settled",
];

async fn rounds_view(
    tx: &mut Tx,
    page: &Page,
    ctx: &OrgCtx,
    form: &Fields,
    errors: &[FieldError],
) -> AppResult<Markup> {
    let tr = &page.tr;
    let rounds = service::rounds(tx, &ctx.org).await?;
    let suppliers = service::suppliers(tx, &ctx.org).await?;
    let base = format!("/o/{}/purchases", ctx.org.slug);
    Ok(html! {
        h1 { (icon("basket")) (tr.t("purchases-title")) }
        p { a.button.secondary href=(format!("{base}/suppliers")) { (tr.t("suppliers-title")) } " " a href=(format!("{base}?format=csv")) { "CSV" } }
        @if rounds.is_empty() { p { (tr.t("rounds-none")) } }
        ul.list {
            @for r in &rounds {
                li {
                    a href=(format!("{base}/{}", r.id)) { (r.title) }
                    div.meta { span.tag { (tr.t(&format!("round-status-{}", r.status))) } " " (tr.t("round-closes")) " " (tr.fmt().date_time(&r.closes_at)) }
                }
            }
        }
        @if ctx.can(Permission::RunRounds) && !suppliers.is_empty() {
            form.card method="post" action=(base) {
                h2 { (icon("add")) (tr.t("round-new")) }
                (errors_box(page, errors))
                (form_keys(page))
                (field(tr, "title", "vote-title", "text", form.get("title"), errors))
                fieldset {
                    legend { (tr.t("suppliers-title")) }
                    @for s in &suppliers { label { input type="checkbox" name=(format!("supplier_{}", s.id)) checked[!form.get(&format!("supplier_{}", s.id)).is_empty()]; " " (s.name) } }
                }
                (field(tr, "closes_at", "round-closes", "datetime-local", form.get("closes_at"), errors))
                (field(tr, "collection_on", "round-collection-on", "date", form.get("collection_on"), errors))
                (field(tr, "place", "round-collection-place", "text", form.get("place"), errors))
                label for="rule" { (tr.t("round-rule")) }
                select id="rule" name="rule" { @for r in Rule::ALL { option value=(r.as_str()) selected[form.get("rule") == r.as_str()] { (tr.t(r.label())) } } }
                label { input type="checkbox" name="keep_partial" checked[!form.get("keep_partial").is_empty()]; " " (tr.t("round-keep-partial")) }
                p.meta { (tr.ta("round-margin-help", &[("margin", tr.fmt().percent_bp(ctx.org.bylaws.purchase_margin_bp).into())])) }
                button type="submit" { (tr.t("create")) }
            }
        }
    })
}

pub async fn rounds(
    State(state): State<AppState>,
    page: Page,
    ctx: OrgCtx,
    Query(q): Query<FormatQuery>,
) -> AppResult<Response> {
    ctx.require(Permission::ViewDashboard)?;
    let mut tx = state.db.begin().await?;
    if q.format.as_deref() == Some("csv") {
        let mut rows = vec![
            [
                "id",
                "title",
                "status",
                "closes_at",
                "collection_on",
                "collection_place",
                "rule",
                "margin_bp",
            ]
            .map(String::from)
            .to_vec(),
        ];
        for r in service::rounds(&mut tx, &ctx.org).await? {
            rows.push(vec![
                r.id.to_string(),
                r.title,
                r.status,
                r.closes_at,
                r.collection_on,
                r.collection_place,
                r.rule,
                r.margin_bp.to_string(),
            ]);
        }
        return crate::web::csv::download(rows, &format!("{}-rounds", ctx.org.slug));
    }
    let body = rounds_view(&mut tx, &page, &ctx, &Fields::default(), &[]).await?;
    Ok(layout::page(&page, &page.tr.t("purchases-title"), Some(&nav(&ctx)), body).into_response())
}

pub async fn create_round(
    State(state): State<AppState>,
    page: Page,
    ctx: OrgCtx,
    CsrfForm(form): CsrfForm<Fields>,
) -> AppResult<Response> {
    ctx.require(Permission::RunRounds)?;
    let mut tx = state.db.begin().await?;
    let suppliers: Vec<i64> = service::suppliers(&mut tx, &ctx.org)
        .await?
        .into_iter()
        .map(|s| s.id)
        .filter(|id| !form.get(&format!("supplier_{id}")).is_empty())
        .collect();
    drop(tx);
    let d = RoundDraft {
        title: form.get("title").into(),
        suppliers,
        closes_at: form.get("closes_at").into(),
        collection_on: form.get("collection_on").into(),
        place: form.get("place").into(),
        rule: form.get("rule").into(),
        keep_partial: !form.get("keep_partial").is_empty(),
    };
    match submit(&state.db, async |tx| {
        service::create_round(tx, &ctx.org, &d, ctx.person.id).await
    })
    .await?
    {
        Ok(id) => Ok(Redirect::to(&format!("/o/{}/purchases/{id}", ctx.org.slug)).into_response()),
        Err(errors) => {
            let mut tx = state.db.begin().await?;
            let body = rounds_view(&mut tx, &page, &ctx, &form, &errors).await?;
            Ok(layout::refused(
                &page,
                &page.tr.t("purchases-title"),
                Some(&nav(&ctx)),
                body,
            ))
        }
    }
}

#[derive(Deserialize, Default)]
pub struct FormatQuery {
    pub(super) format: Option<String>,
}

pub(super) fn plain(minor: i64, ctx: &OrgCtx) -> String {
    Money::new(minor, ctx.org.currency).to_plain()
}

async fn round_view(tx: &mut Tx, page: &Page, ctx: &OrgCtx, id: i64, errors: &[FieldError]) -> AppResult<Markup> {
    let tr = &page.tr;
    let f = tr.fmt();
    let r = service::view(tx, &ctx.org, id, ctx.membership_id).await?;
    let rd = &r.round;
    let base = format!("/o/{}/purchases/{id}", ctx.org.slug);
    let lead = ctx.can(Permission::RunRounds);
    let me = ctx.membership_id;
    let step_no = STEPS.iter().position(|s| *s == rd.status).unwrap_or(0);
    let mine_rows = match me {
        Some(m) => store::member_requests(tx, ctx.org.id, id, m).await?,
        None => vec![],
    };
    let mine: Vec<&store::RequestRow> = mine_rows.iter().collect();
    let my_share = r.shares.iter().find(|s| Some(s.member_id) == me);
    let request_inputs = |prefill: &[&store::RequestRow]| {
        html! {
            div.scroll {
                table.tb {
                    thead { tr { th { (tr.t("article")) } th.num { (tr.t("article-pack")) } th.num { (tr.t("round-quantity")) } th.num { (tr.t("round-tolerance")) } } }
                    tbody {
                        @for a in &r.articles {
                            @let q = prefill.iter().find(|q| q.article_id == a.id);
                            tr {
                                td { (a.name) br; span.meta { (money(page, ctx, a.retail_price)) " " (tr.t("article-retail-short")) } }
                                td.num { (a.pack_size) " " (tr.t(&format!("unit-{}", a.unit))) }
                                td.num { input type="text" inputmode="numeric" size="4" name=(format!("q_{}", a.id)) value=(q.map_or(0, |q| q.quantity)) aria-label=(tr.t("round-quantity")); }
                                td.num { input type="text" inputmode="numeric" size="3" name=(format!("t_{}", a.id)) value=(q.map_or(0, |q| q.tolerance)) aria-label=(tr.t("round-tolerance")); }
                            }
                        }
                    }
                }
            }
        }
    };
    Ok(html! {
        h1 { (icon("basket")) (rd.title) }
        p.meta {
            span.tag { (tr.t(&format!("round-status-{}", rd.status))) } " "
            (tr.t("round-closes")) " " (f.date_time(&rd.closes_at)) " · " (tr.t("round-collection-on")) " " (f.date(&rd.collection_on)) " · " (rd.collection_place)
        }
        ol.steps { @for (i, s) in STEPS.iter().enumerate() { li class=[(i == step_no).then_some("now")] { (tr.t(&format!("round-status-{s}"))) } } }
        p.meta { (tr.t(Rule::parse(&rd.rule).unwrap_or(Rule::FirstCome).label())) " · " (tr.ta("round-margin-help", &[("margin", f.percent_bp(rd.margin_bp).into())])) }
        (errors_box(page, errors))
        @if step_no >= 4 && r.sharers > 0 {
            section.card { p.big { (tr.ta("round-saved", &[("amount", money(page, ctx, r.saving).into())])) } }
        }
        @if let Some(s) = my_share {
            section.card {
                h2 { (tr.t("round-your-share")) }
                ul { @for (a, planned, units) in &s.items { @if let Some(art) = r.article(*a) {
                    li { (art.name) ": " strong { (units) } @if planned != units { " (" (tr.ta("round-planned", &[("count", (*planned).into())])) ")" } }
                } } }
                p { (tr.t("round-charge")) ": " strong { (money(page, ctx, s.charge())) } " · " (tr.t("round-retail")) ": " (money(page, ctx, s.retail)) " · " (tr.t("round-saving")) ": " strong { (money(page, ctx, s.saving())) } }
            }
        }
        @if rd.status == "open" {
            @if me.is_some() {
                form.card method="post" action=(format!("{base}/request")) {
                    h2 { (tr.t("round-your-request")) }
                    @if let Some(by) = mine.iter().find_map(|q| q.entered_by_other.clone()) {
                        p.flash { (tr.ta("entered-for-you", &[("name", by.into())])) }
                    }
                    p.meta { (tr.t("round-tolerance-help")) }
                    (form_keys(page))
                    (request_inputs(&mine))
                    button type="submit" { (tr.t("save")) }
                }
            }
            @if ctx.can(Permission::ActForMembers) {
                form.card method="post" action=(format!("{base}/request")) {
                    h2 { (tr.t("round-for-member")) }
                    (form_keys(page))
                    (field(tr, "member_number", "cashbook-member", "number", "", errors))
                    (request_inputs(&[]))
                    button.secondary type="submit" { (tr.t("save")) }
                }
            }
        }
        @if lead || ctx.can(Permission::ViewMembers) {
            @if r.requests > 0 && step_no <= 1 {
                h2 { (tr.ta("round-requests", &[("count", r.requests.into())])) }
                p.meta { a href=(format!("{base}/requests.csv")) { "CSV" } }
            }
            @if !r.lines.is_empty() {
                h2 { (tr.t("round-order")) }
                div.scroll {
                    table.tb {
                        thead { tr { th { (tr.t("article")) } th.num { (tr.t("round-packs")) } th.num { (tr.t("round-units")) } th.num { (tr.t("round-received")) } th.num { (tr.t("round-to-stock")) } } }
                        tbody { @for l in &r.lines { tr {
                            td { (r.article(l.article_id).map(|a| a.name.clone()).unwrap_or_default()) }
                            td.num { (l.packs) } td.num { (l.packs * l.pack_size) }
                            td.num { @if let Some(u) = l.units_received { (u) } }
                            td.num { (r.stock(l)) }
                        } } }
                    }
                }
                p.meta { a href=(format!("{base}/supplier-order")) { (tr.t("round-order-print")) } " · " a href=(format!("{base}/supplier-order?format=csv")) { "CSV" }
                         " · " a href=(format!("{base}/collection-list")) { (tr.t("round-collection-list")) } " · " a href=(format!("{base}/collection-list?format=csv")) { "CSV" } }
            }
        }
        @if lead && ["draft", "open"].contains(&rd.status.as_str()) {
            form.card method="post" action=(format!("{base}/reschedule")) {
                (form_keys(page))
                (field(tr, "closes_at", "round-closes", "datetime-local", &rd.closes_at, errors))
                button.secondary type="submit" { (tr.t("round-reschedule")) }
            }
        }
        @if lead {
            @match rd.status.as_str() {
                "draft" => { (action(page, &base, "open", "round-open")) }
                "open" => { (action(page, &base, "close", "round-close")) }
                "closed" => { (action(page, &base, "order", "round-send-order")) }
                "ordered" => {
                    form.card method="post" action=(format!("{base}/receive")) {
                        h2 { (tr.t("round-receive")) }
                        (form_keys(page))
                        @for l in &r.lines {
                            @let name = r.article(l.article_id).map(|a| a.name.clone()).unwrap_or_default();
                            fieldset {
                                legend { (name) }
                                (field(tr, &format!("u_{}", l.article_id), "round-units-came", "number", &(l.packs * l.pack_size).to_string(), &[]))
                                (field(tr, &format!("p_{}", l.article_id), "article-pack-price", "number", &Money::new(l.pack_price, ctx.org.currency).to_plain(), &[]))
                            }
                        }
                        label { input type="checkbox" name="accept_extra"; " " (tr.t("round-accept-extra")) }
                        (field(tr, "date", "entry-date", "date", &ctx.org.today(), errors))
                        button type="submit" { (tr.t("round-receive")) }
                    }
                }
                "received" => {
                    form.card method="post" action=(format!("{base}/collect")) {
                        h2 { (tr.t("round-collect")) }
                        p id="handed" { (tr.ta("round-handed-out", &[("done", (r.collections.len() as i64).into()), ("all", r.sharers.into())])) }
                        (form_keys(page))
                        (field(tr, "member_number", "cashbook-member", "number", "", errors))
                        (paid_field(tr))
                        button type="submit" { (tr.t("round-collect")) }
                        p.meta { a href=(format!("{base}/collection-list")) { (tr.t("round-collect-many")) } }
                    }
                    (action(page, &base, "finish", "round-finish"))
                }
                "distributed" => { (action(page, &base, "settle", "round-settle")) }
                _ => {}
            }
            @if ["received", "distributed"].contains(&rd.status.as_str()) && rd.payment_entry_id.is_none() && r.invoice > 0 {
                form.card method="post" action=(format!("{base}/pay")) {
                    h2 { (tr.t("round-pay-supplier")) " · " (money(page, ctx, r.invoice)) }
                    (form_keys(page))
                    (till_field(tr, "cash", errors))
                    button.secondary type="submit" { (tr.t("round-pay-supplier")) }
                }
            }
        }
        p { a href=(format!("/o/{}/purchases", ctx.org.slug)) { (tr.t("purchases-title")) } }
    })
}

/// How she pays at collection: to her account, or into a till.
fn paid_field(tr: &crate::i18n::Tr) -> Markup {
    html! {
        label for="paid" { (tr.t("round-paid-how")) }
        select id="paid" name="paid" {
            option value="account" { (tr.t("round-on-account")) }
            @for t in Till::ALL { option value=(t.as_str()) { (tr.t(t.label())) } }
        }
    }
}

fn action(page: &Page, base: &str, what: &str, label: &str) -> Markup {
    html! { form method="post" action=(format!("{base}/{what}")) { (form_keys(page)) button type="submit" { (page.tr.t(label)) } } }
}

pub async fn round(
    State(state): State<AppState>,
    page: Page,
    ctx: OrgCtx,
    Path((_slug, id)): Path<(String, i64)>,
) -> AppResult<Markup> {
    ctx.require(Permission::ViewDashboard)?;
    let mut tx = state.db.begin().await?;
    let body = round_view(&mut tx, &page, &ctx, id, &[]).await?;
    Ok(layout::page(
        &page,
        &page.tr.t("purchases-title"),
        Some(&nav(&ctx)),
        body,
    ))
}

/// The wants typed in a request form: `q_{article}` and `t_{article}`.
fn wants(form: &Fields, articles: &[store::ArticleRow]) -> Result<Vec<Want>, AppError> {
    let mut out = vec![];
    for a in articles {
        let read = |k: String| -> Result<i64, AppError> {
            match form.get(&k).trim() {
                "" => Ok(0),
                v => v
                    .parse::<i64>()
                    .ok()
                    .filter(|n| *n >= 0)
                    .ok_or_else(|| AppError::Invalid(vec![FieldError::new("quantity", "round-quantity-invalid")])),
            }
        };
        out.push(Want {
            article_id: a.id,
            quantity: read(format!("q_{}", a.id))?,
            tolerance: read(format!("t_{}", a.id))?,
        });
    }
    Ok(out)
}

/// request (a member, or a leader for a member), open, reschedule, close, order, receive, collect,
/// pay, finish, settle.
pub async fn act(
    State(state): State<AppState>,
    page: Page,
    ctx: OrgCtx,
    Path((_slug, id, what)): Path<(String, i64, String)>,
    session: tower_sessions::Session,
    CsrfForm(form): CsrfForm<Fields>,
) -> AppResult<Response> {
    let org = &ctx.org;
    let by = ctx.person.id;
    let for_member = !form.get("member_number").trim().is_empty();
    match what.as_str() {
        "request" if !for_member => {
            ctx.membership_id.ok_or(AppError::Forbidden)?;
        }
        // Entered for her by a facilitator, a coordinator or a leader, and recorded so.
        "request" => ctx.require(Permission::ActForMembers)?,
        "open" | "reschedule" | "close" | "order" | "receive" | "collect" | "pay" | "finish" | "settle" => {
            ctx.require(Permission::RunRounds)?
        }
        _ => return Err(AppError::NotFound),
    }
    let date = form.or("date", "").to_string();
    let date = if date.is_empty() { org.today() } else { date };
    let result = submit(&state.db, async |tx| {
        let member = async |tx: &mut Tx| -> AppResult<i64> {
            Ok(
                crate::members::active_in_field(tx, org.id, "member_number", form.get("member_number"))
                    .await?
                    .id,
            )
        };
        match what.as_str() {
            "request" => {
                let who = if for_member {
                    member(tx).await?
                } else {
                    ctx.membership_id.unwrap_or(0)
                };
                let articles = store::round_articles(tx, org.id, id).await?;
                let estimate = service::request(tx, org, id, who, &wants(&form, &articles)?, &org.clock(), by).await?;
                Ok(Some(page.tr.ta(
                    "told-request",
                    &[("amount", layout::money(&page, &ctx, estimate).into())],
                )))
            }
            "open" => service::open(tx, org, id, &org.clock()).await.map(|_| None),
            "reschedule" => service::reschedule(tx, org, id, form.get("closes_at"), &org.clock())
                .await
                .map(|_| None),
            "close" => service::close(tx, org, id).await.map(|_| None),
            "order" => service::order(tx, org, id).await.map(|_| None),
            "receive" => {
                let lines = store::lines(tx, org.id, id).await?;
                let mut came = vec![];
                for l in lines {
                    let units = form.int(&format!("u_{}", l.article_id)).unwrap_or(-1);
                    let price = Money::parse(
                        form.get(&format!("p_{}", l.article_id)),
                        org.currency,
                        page.tr.fmt().decimal_mark(),
                    )
                    .map(|m| m.minor)
                    .unwrap_or(-1);
                    came.push(Received {
                        article_id: l.article_id,
                        units,
                        pack_price: price,
                    });
                }
                service::receive(tx, org, id, &came, !form.get("accept_extra").is_empty(), &date, by)
                    .await
                    .map(|_| None)
            }
            "collect" => {
                let paid = Till::parse(form.get("paid"));
                let one;
                let ticked = form.ticked("m_");
                let who = if !form.get("all").is_empty() {
                    Collectors::AllWaiting
                } else if for_member {
                    one = [member(tx).await?];
                    Collectors::These(&one)
                } else if !ticked.is_empty() {
                    Collectors::These(&ticked)
                } else {
                    return Err(AppError::Invalid(vec![FieldError::new(
                        "member_number",
                        "round-collect-whom",
                    )]));
                };
                service::collect(tx, org, id, who, paid, &date, by).await.map(|_| None)
            }
            "pay" => service::pay_supplier(
                tx,
                org,
                id,
                Till::parse(form.get("till")).unwrap_or(Till::Cash),
                &date,
                by,
            )
            .await
            .map(|_| None),
            "finish" => service::finish(tx, org, id).await.map(|_| None),
            _ => service::settle(tx, org, id).await.map(|_| None),
        }
    })
    .await?;
    match result {
        Ok(told) => {
            crate::web::tell(&session, told.unwrap_or_else(|| page.tr.t("told-saved"))).await?;
            // Ticks on the collection list go back to the list, for the next ones who come.
            let back = if what == "collect" && !for_member {
                "/collection-list"
            } else {
                ""
            };
            Ok(Redirect::to(&format!("/o/{}/purchases/{id}{back}", org.slug)).into_response())
        }
        Err(errors) => {
            let mut tx = state.db.begin().await?;
            let body = round_view(&mut tx, &page, &ctx, id, &errors).await?;
            Ok(layout::refused(
                &page,
                &page.tr.t("purchases-title"),
                Some(&nav(&ctx)),
                body,
            ))
        }
    }
}

/// The supplier order, printable or as CSV; its minimums are checked before sending.
pub async fn order(
    State(state): State<AppState>,
    page: Page,
    ctx: OrgCtx,
    Path((_slug, id)): Path<(String, i64)>,
    Query(q): Query<FormatQuery>,
) -> AppResult<Response> {
    ctx.require(Permission::ViewMembers)?;
    let mut tx = state.db.begin().await?;
    let r = service::get(&mut tx, &ctx.org, id).await?;
    let suppliers = service::suppliers(&mut tx, &ctx.org).await?;
    let supplier_of = |a: &store::ArticleRow| {
        suppliers
            .iter()
            .find(|s| s.id == a.supplier_id)
            .map(|s| s.name.clone())
            .unwrap_or_default()
    };
    if q.format.as_deref() == Some("csv") {
        let mut rows = vec![
            [
                "supplier",
                "code",
                "article",
                "packs",
                "pack_size",
                "units",
                "pack_price",
                "total",
            ]
            .map(String::from)
            .to_vec(),
        ];
        for l in &r.lines {
            if let Some(a) = r.article(l.article_id) {
                rows.push(vec![
                    supplier_of(a),
                    a.code.clone(),
                    a.name.clone(),
                    l.packs.to_string(),
                    l.pack_size.to_string(),
                    (l.packs * l.pack_size).to_string(),
                    plain(l.pack_price, &ctx),
                    plain(l.packs * l.pack_price, &ctx),
                ]);
            }
        }
        return crate::web::csv::download(rows, &format!("{}-order-{id}", ctx.org.slug));
    }
    let tr = &page.tr;
    let total: i64 = r.lines.iter().map(|l| l.packs * l.pack_price).sum();
    let body = html! {
        section.card.report {
            p.meta { (ctx.org.name) }
            h1 { (tr.t("round-order")) ": " (r.round.title) }
            p { (tr.t("round-collection-on")) " " (tr.fmt().date(&r.round.collection_on)) " · " (r.round.collection_place) }
            table.tb {
                thead { tr { th { (tr.t("supplier")) } th { (tr.t("article")) } th.num { (tr.t("round-packs")) } th.num { (tr.t("article-pack-price")) } th.num { (tr.t("total")) } } }
                tbody {
                    @for l in &r.lines { @if let Some(a) = r.article(l.article_id) {
                        tr { td { (supplier_of(a)) } td { (a.code) " " (a.name) } td.num { (l.packs) " × " (l.pack_size) } td.num { (money(&page, &ctx, l.pack_price)) } td.num { (money(&page, &ctx, l.packs * l.pack_price)) }
                             @if l.packs > 0 && l.packs < a.min_packs { td { strong { (tr.t("round-below-minimum")) } } } }
                    } }
                    tr.total { td {} td { (tr.t("total")) } td {} td {} td.num { (money(&page, &ctx, total)) } }
                }
            }
        }
    };
    Ok(layout::page(&page, &tr.t("round-order"), Some(&nav(&ctx)), body).into_response())
}

/// The collection list per member, printable or as CSV.
pub async fn collection(
    State(state): State<AppState>,
    page: Page,
    ctx: OrgCtx,
    Path((_slug, id)): Path<(String, i64)>,
    Query(q): Query<FormatQuery>,
) -> AppResult<Response> {
    ctx.require(Permission::ViewMembers)?;
    let mut tx = state.db.begin().await?;
    let r = service::get(&mut tx, &ctx.org, id).await?;
    let collected = |m: i64| r.collected(m);
    if q.format.as_deref() == Some("csv") {
        let mut rows = vec![
            [
                "member_number",
                "name",
                "article",
                "planned",
                "units",
                "charge",
                "retail",
                "saving",
                "collected",
            ]
            .map(String::from)
            .to_vec(),
        ];
        for s in &r.shares {
            for (a, planned, units) in &s.items {
                let name = r.article(*a).map(|a| a.name.clone()).unwrap_or_default();
                rows.push(vec![
                    s.member_number.clone(),
                    s.name.clone(),
                    name,
                    planned.to_string(),
                    units.to_string(),
                    plain(s.charge(), &ctx),
                    plain(s.retail, &ctx),
                    plain(s.saving(), &ctx),
                    collected(s.member_id).to_string(),
                ]);
            }
        }
        return crate::web::csv::download(rows, &format!("{}-collection-{id}", ctx.org.slug));
    }
    let tr = &page.tr;
    // While the round is being handed out, a leader ticks who came and marks them at once.
    let marking = r.round.status == "received" && ctx.can(Permission::RunRounds);
    let base = format!("/o/{}/purchases/{id}", ctx.org.slug);
    let list = html! {
        table.tb {
            thead { tr { th { (tr.t("member-number")) } th { (tr.t("member-name")) } th { (tr.t("article")) } th.num { (tr.t("round-charge")) } th { (tr.t("round-collected")) } } }
            tbody {
                @for s in &r.shares { tr {
                    td { (s.member_number) } td { (s.name) }
                    td { @for (a, _, u) in &s.items { @if *u > 0 { (r.article(*a).map(|a| a.name.clone()).unwrap_or_default()) " × " (u) br; } } }
                    td.num { (money(&page, &ctx, s.charge())) }
                    td {
                        @if collected(s.member_id) { "✓" }
                        @else if marking { input type="checkbox" name=(format!("m_{}", s.member_id)) aria-label=(format!("{} {}", tr.t("round-collected"), s.name)); }
                        @else { "☐" }
                    }
                } }
            }
        }
    };
    let body = html! {
        section.card.report {
            p.meta { (ctx.org.name) }
            h1 { (tr.t("round-collection-list")) ": " (r.round.title) }
            p { (tr.fmt().date(&r.round.collection_on)) " · " (r.round.collection_place) }
            p id="handed" { (tr.ta("round-handed-out", &[("done", (r.collections.len() as i64).into()), ("all", r.sharers.into())])) }
            @if marking {
                form method="post" action=(format!("{base}/collect")) {
                    (form_keys(&page))
                    (list)
                    (paid_field(tr))
                    (field(tr, "date", "entry-date", "date", &ctx.org.today(), &[]))
                    button type="submit" { (tr.t("round-collect-ticked")) }
                }
                form.card method="post" action=(format!("{base}/collect")) {
                    p.meta { (tr.t("round-collect-all-help")) }
                    (form_keys(&page))
                    input type="hidden" name="all" value="1";
                    (field(tr, "date", "entry-date", "date", &ctx.org.today(), &[]))
                    button.secondary type="submit" { (tr.t("round-collect-all")) }
                }
            } @else {
                (list)
            }
        }
    };
    Ok(layout::page(&page, &tr.t("round-collection-list"), Some(&nav(&ctx)), body).into_response())
}

/// Every request of a round as CSV.
pub async fn requests_csv(
    State(state): State<AppState>,
    ctx: OrgCtx,
    Path((_slug, id)): Path<(String, i64)>,
) -> AppResult<Response> {
    ctx.require(Permission::ViewMembers)?;
    let mut tx = state.db.begin().await?;
    let r = service::get(&mut tx, &ctx.org, id).await?;
    let mut rows = vec![
        ["member_number", "name", "code", "article", "quantity", "tolerance"]
            .map(String::from)
            .to_vec(),
    ];
    for q in &store::requests(&mut tx, ctx.org.id, id).await? {
        let (code, name) = r
            .article(q.article_id)
            .map(|a| (a.code.clone(), a.name.clone()))
            .unwrap_or_default();
        rows.push(vec![
            q.member_number.clone(),
            q.name.clone(),
            code,
            name,
            q.quantity.to_string(),
            q.tolerance.to_string(),
        ]);
    }
    crate::web::csv::download(rows, &format!("{}-requests-{id}", ctx.org.slug))
}
