//! Pages of the member register: list with search and paging, detail, add, edit.

use std::collections::HashMap;

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use maud::{Markup, html};
use serde::Deserialize;

use super::model::{MemberDraft, PAGE_SIZE, Status, page_number};
use super::service;
use super::store::MemberRow;
use crate::auth::{OrgCtx, Permission, Role, Roles};
use crate::state::AppState;
use crate::web::form::CsrfForm;
use crate::web::layout::nav;
use crate::web::layout::{self, field, form_keys, icon};
use crate::web::{AppError, AppResult, FieldError, Page, url_encode};

#[derive(Deserialize, Default)]
pub struct ListQuery {
    #[serde(default)]
    q: String,
    page: Option<i64>,
}

pub async fn list(
    State(state): State<AppState>,
    page: Page,
    ctx: OrgCtx,
    Query(query): Query<ListQuery>,
) -> AppResult<Markup> {
    ctx.require(Permission::ViewMembers)?;
    let tr = &page.tr;
    let f = tr.fmt();
    let n = page_number(query.page);
    let mut tx = state.db.begin().await?;
    let (rows, total) = service::search(&mut tx, &ctx.org, &query.q, n).await?;
    drop(tx);
    let pages = ((total + PAGE_SIZE - 1) / PAGE_SIZE).max(1);
    let base = format!("/o/{}/members", ctx.org.slug);
    let link = |p: i64| format!("{base}?q={}&page={p}", url_encode(&query.q));
    let body = html! {
        h1 { (icon("members")) (tr.t("nav-members")) }
        p.meta { (tr.ta("members-count", &[("count", total.into()), ("n", f.int(total).into())])) }
        form.search method="get" action=(base) role="search" {
            div {
                label for="q" { (tr.t("members-search")) }
                input id="q" name="q" type="search" value=(query.q);
            }
            button type="submit" { (icon("search")) (tr.t("search")) }
        }
        @if ctx.can(Permission::ManageMembers) {
            p { a.button.secondary href=(format!("{base}/new")) { (icon("add")) (tr.t("member-add")) } }
        }
        @if rows.is_empty() { p { (tr.t("members-none")) } }
        @else {
            table {
                thead { tr { th { (tr.t("member-number")) } th { (tr.t("member-name")) } th.hide-sm { (tr.t("member-trade")) } th { (tr.t("member-status")) } } }
                tbody {
                    @for m in &rows {
                        tr {
                            td { (m.member_number) }
                            td { a href=(format!("{base}/{}", m.id)) { (m.name) } }
                            td.hide-sm { (m.trade) }
                            td { (status_tag(&page, &m.status)) }
                        }
                    }
                }
            }
        }
        nav.pager aria-label=(tr.t("pages")) {
            @if n > 1 { a href=(link(n - 1)) rel="prev" { "← " (tr.t("page-previous")) } } @else { span {} }
            span { (tr.ta("page-of", &[("page", f.int(n).into()), ("pages", f.int(pages).into())])) }
            @if n < pages { a href=(link(n + 1)) rel="next" { (tr.t("page-next")) " →" } } @else { span {} }
        }
    };
    Ok(layout::page(&page, &tr.t("nav-members"), Some(&nav(&ctx)), body))
}

fn status_tag(page: &Page, status: &str) -> Markup {
    let label = Status::parse(status)
        .map(|s| page.tr.t(s.label()))
        .unwrap_or_else(|| status.to_string());
    html! { span class={"tag " (status)} { (label) } }
}

/// A member may see her own record; officers see everyone's.
fn may_view(ctx: &OrgCtx, id: i64) -> AppResult<()> {
    if ctx.can(Permission::ViewMembers) || ctx.membership_id == Some(id) {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
}

pub async fn detail(
    State(state): State<AppState>,
    page: Page,
    ctx: OrgCtx,
    Path((_slug, id)): Path<(String, i64)>,
) -> AppResult<Markup> {
    may_view(&ctx, id)?;
    let tr = &page.tr;
    let f = tr.fmt();
    let mut tx = state.db.begin().await?;
    let m = service::get(&mut tx, &ctx.org, id).await?;
    let (history, applied_shares) = service::history(&mut tx, &ctx.org, id).await?;
    // Board meetings in session, where the bylaws leave admission to the board.
    let board_meetings: Vec<crate::meetings::store::MeetingRow> = crate::meetings::service::list(&mut tx, &ctx.org)
        .await?
        .into_iter()
        .filter(|b| b.kind == "board" && b.status == "open")
        .collect();
    drop(tx);
    let roles = Roles::parse(&m.roles);
    let applicant = m.status == crate::members::Status::Applicant.as_str();
    let body = html! {
        h1 { (icon("person")) (m.name) }
        section.card {
            dl {
                dt { (tr.t("member-number")) } dd { (m.member_number) }
                dt { (tr.t("member-status")) } dd { (status_tag(&page, &m.status)) }
                dt { (tr.t("member-roles")) } dd { @for r in roles.iter() { span.tag { (tr.t(r.label())) } } }
                dt { (tr.t("member-phone")) } dd { (m.phone.clone().unwrap_or_default()) }
                dt { (tr.t("member-email")) } dd { (m.email.clone().unwrap_or_default()) }
                dt { (tr.t("member-trade")) } dd { (m.trade) }
                dt { (tr.t("member-locality")) } dd { (m.locality) }
                dt { (tr.t("member-joined")) } dd { (f.date(&m.joined_on)) }
            }
        }
        @if applicant {
            p { (tr.ta("join-applied-shares", &[("count", applied_shares.into())])) }
            @if ctx.can(Permission::ManageMembers) {
                form.card method="post" action=(format!("/o/{}/members/{}/admit", ctx.org.slug, m.id)) {
                    (form_keys(&page))
                    @if ctx.org.bylaws.admission == "board" {
                        p.meta { (tr.t("join-board-help")) }
                        label for="meeting_id" { (tr.t("join-board-meeting")) }
                        select id="meeting_id" name="meeting_id" {
                            @for b in &board_meetings { option value=(b.id) { (b.title) } }
                        }
                    }
                    button type="submit" { (tr.t("join-admit")) }
                }
                form.card method="post" action=(format!("/o/{}/members/{}/decline", ctx.org.slug, m.id)) {
                    (form_keys(&page))
                    (field(tr, "reason", "join-reason", "text", "", &[]))
                    button.secondary type="submit" { (tr.t("join-decline")) }
                }
            }
        }
        @if !history.is_empty() {
            h2 { (tr.t("member-history")) }
            ul.list {
                @for (status, on, reason) in &history {
                    li { (status_tag(&page, status)) " " (f.date(on)) @if !reason.is_empty() { " · " (reason) } }
                }
            }
        }
        p {
            a.button.secondary href=(format!("/o/{}/members/{}/passbook", ctx.org.slug, m.id)) { (icon("book")) (tr.t("passbook-title")) } " "
            a.button.secondary href=(format!("/o/{}/shares/certificate/{}", ctx.org.slug, m.id)) { (icon("share")) (tr.t("shares-certificate")) }
        }
        // A facilitator (or an officer) gives notice to withdraw for her, recorded as theirs.
        @if (ctx.can(Permission::ActForMembers) || ctx.can(Permission::KeepBooks)) && ctx.membership_id != Some(m.id)
            && m.status == crate::members::Status::Active.as_str() && ctx.org.bylaws.savings_notice_days > 0 {
            form.card method="post" action=(format!("/o/{}/members/{}/withdrawal-notice", ctx.org.slug, m.id)) {
                h2 { (tr.t("savings-notice")) }
                (form_keys(&page))
                input type="hidden" name="back" value=(format!("/o/{}/members/{}", ctx.org.slug, m.id));
                p.meta { (tr.ta("savings-notice-help", &[("days", ctx.org.bylaws.savings_notice_days.into())])) }
                (field(tr, "amount", "cashbook-amount", "number", "", &[]))
                button.secondary type="submit" { (tr.t("savings-notice-give")) }
            }
        }
        @if ctx.can(Permission::ManageMembers) {
            p { a.button href=(format!("/o/{}/members/{}/edit", ctx.org.slug, m.id)) { (icon("edit")) (tr.t("edit")) } }
        }
        // Leaving is rare and weighty: kept apart, last, never between everyday buttons.
        @if ctx.can(Permission::Approve) && m.status == crate::members::Status::Active.as_str() {
            p.apart { a.button.secondary href=(format!("/o/{}/members/{}/exit", ctx.org.slug, m.id)) { (tr.t("exit-title")) } }
        }
    };
    Ok(layout::page(&page, &m.name, Some(&nav(&ctx)), body))
}

/// The member form as posted; roles are checkboxes `role_leader` and so on.
#[derive(Deserialize, Default)]
pub struct MemberForm {
    #[serde(flatten)]
    fields: HashMap<String, String>,
}

impl MemberForm {
    fn get(&self, k: &str) -> String {
        self.fields.get(k).cloned().unwrap_or_default()
    }

    fn draft(&self) -> MemberDraft {
        MemberDraft {
            name: self.get("name"),
            phone: self.get("phone"),
            email: self.get("email"),
            member_number: self.get("member_number"),
            status: self.get("status"),
            roles: Role::ALL
                .into_iter()
                .filter(|r| *r != Role::Member && self.fields.contains_key(&format!("role_{}", r.as_str())))
                .map(|r| r.as_str().to_string())
                .collect(),
            trade: self.get("trade"),
            locality: self.get("locality"),
            password: self.get("password"),
            gender: self.get("gender"),
            shared_phone: self.fields.contains_key("shared_phone"),
            pin: self.get("pin"),
        }
    }
}

fn member_form(
    page: &Page,
    ctx: &OrgCtx,
    action: &str,
    d: &MemberDraft,
    errors: &[FieldError],
    creating: bool,
) -> Markup {
    let tr = &page.tr;
    let title = if creating {
        tr.t("member-add")
    } else {
        tr.t("member-edit")
    };
    let status = if d.status.is_empty() {
        "active"
    } else {
        d.status.as_str()
    };
    let body = html! {
        h1 { (icon(if creating { "add" } else { "edit" })) (title) }
        @if !errors.is_empty() { p.errors role="alert" { (tr.t("form-has-errors")) } }
        form method="post" action=(action) {
            (form_keys(page))
            (field(tr, "name", "member-name", "text", &d.name, errors))
            (field(tr, "phone", "member-phone", "tel", &d.phone, errors))
            (field(tr, "email", "member-email", "email", &d.email, errors))
            (field(tr, "member_number", "member-number", "text", &d.member_number, errors))
            @if creating { p.meta { (tr.t("member-number-auto")) } }
            (field(tr, "trade", "member-trade", "text", &d.trade, errors))
            (field(tr, "locality", "member-locality", "text", &d.locality, errors))
            label for="gender" { (tr.t("member-gender")) }
            select id="gender" name="gender" {
                @for g in crate::members::model::GENDERS { option value=(g) selected[d.gender == g] { (tr.t(&format!("gender-{}", if g.is_empty() { "unsaid" } else { g }))) } }
            }
            label for="status" { (tr.t("member-status")) }
            select id="status" name="status" {
                @for s in Status::ALL { option value=(s.as_str()) selected[s.as_str() == status] { (tr.t(s.label())) } }
            }
            fieldset {
                legend { (tr.t("member-roles")) }
                @for r in Role::ALL.into_iter().filter(|r| *r != Role::Member) {
                    label { input type="checkbox" name=(format!("role_{}", r.as_str())) checked[d.roles.iter().any(|x| x == r.as_str())]; (tr.t(r.label())) }
                }
                @if let Some(e) = errors.iter().find(|e| e.field == "roles") { p.err { (tr.t(e.message)) } }
            }
            @if creating {
                (field(tr, "password", "member-password", "password", "", errors))
                p.meta { (tr.t("member-password-help")) }
            }
            // A household's phone: she logs in on it with her name and a PIN.
            fieldset {
                legend { (tr.t("household-title")) }
                label { input type="checkbox" name="shared_phone" checked[d.shared_phone]; (tr.t("household-shared")) }
                label for="pin" { (tr.t("household-pin-set")) }
                input #pin name="pin" type="password" inputmode="numeric" pattern="[0-9]*" maxlength="6" autocomplete="new-password"
                    aria-invalid=[errors.iter().any(|e| e.field == "pin").then_some("true")];
                @if let Some(e) = errors.iter().find(|e| e.field == "pin") { p.err { (tr.t(e.message)) } }
            }
            button type="submit" { (if creating { tr.t("create") } else { tr.t("save") }) }
        }
    };
    layout::page(page, &title, Some(&nav(ctx)), body)
}

pub async fn new_page(page: Page, ctx: OrgCtx) -> AppResult<Markup> {
    ctx.require(Permission::ManageMembers)?;
    let action = format!("/o/{}/members", ctx.org.slug);
    Ok(member_form(&page, &ctx, &action, &MemberDraft::default(), &[], true))
}

pub async fn create(
    State(state): State<AppState>,
    page: Page,
    ctx: OrgCtx,
    session: tower_sessions::Session,
    CsrfForm(form): CsrfForm<MemberForm>,
) -> AppResult<Response> {
    ctx.require(Permission::ManageMembers)?;
    let draft = form.draft();
    let mut tx = state.db.begin_write().await?;
    match service::add(&mut tx, &ctx.org, &draft, service::Editor::of(&ctx)).await {
        Ok(m) => {
            tx.commit().await?;
            let told = page.tr.ta(
                "told-member-added",
                &[
                    ("name", m.name.clone().into()),
                    ("number", m.member_number.clone().into()),
                ],
            );
            crate::web::tell(&session, told).await?;
            Ok(Redirect::to(&format!("/o/{}/members/{}", ctx.org.slug, m.id)).into_response())
        }
        Err(AppError::Invalid(errors)) => {
            let action = format!("/o/{}/members", ctx.org.slug);
            Ok((
                StatusCode::UNPROCESSABLE_ENTITY,
                member_form(&page, &ctx, &action, &draft, &errors, true),
            )
                .into_response())
        }
        Err(e) => Err(e),
    }
}

pub async fn edit_page(
    State(state): State<AppState>,
    page: Page,
    ctx: OrgCtx,
    Path((_slug, id)): Path<(String, i64)>,
) -> AppResult<Markup> {
    ctx.require(Permission::ManageMembers)?;
    let mut tx = state.db.begin().await?;
    let m: MemberRow = service::get(&mut tx, &ctx.org, id).await?;
    drop(tx);
    let action = format!("/o/{}/members/{id}", ctx.org.slug);
    Ok(member_form(&page, &ctx, &action, &service::draft_of(&m), &[], false))
}

pub async fn update(
    State(state): State<AppState>,
    page: Page,
    ctx: OrgCtx,
    Path((_slug, id)): Path<(String, i64)>,
    session: tower_sessions::Session,
    CsrfForm(form): CsrfForm<MemberForm>,
) -> AppResult<Response> {
    ctx.require(Permission::ManageMembers)?;
    let draft = form.draft();
    let mut tx = state.db.begin_write().await?;
    match service::update(&mut tx, &ctx.org, id, &draft, service::Editor::of(&ctx)).await {
        Ok(m) => {
            tx.commit().await?;
            crate::web::tell(&session, page.tr.t("told-saved")).await?;
            Ok(Redirect::to(&format!("/o/{}/members/{}", ctx.org.slug, m.id)).into_response())
        }
        Err(AppError::Invalid(errors)) => {
            let action = format!("/o/{}/members/{id}", ctx.org.slug);
            Ok((
                StatusCode::UNPROCESSABLE_ENTITY,
                member_form(&page, &ctx, &action, &draft, &errors, false),
            )
                .into_response())
        }
        Err(e) => Err(e),
    }
}

/// The public form to apply for membership of an organisation.
fn join_view(page: &Page, org: &crate::orgs::Org, form: &service::Application, errors: &[FieldError]) -> Markup {
    let tr = &page.tr;
    let shares = if form.shares.is_empty() {
        org.bylaws.min_shares.max(1).to_string()
    } else {
        form.shares.clone()
    };
    let body = html! {
        h1 { (icon("add")) (tr.ta("join-title", &[("org", org.name.clone().into())])) }
        p { (tr.t("join-help")) }
        @if !errors.is_empty() { p.errors role="alert" { (tr.t("form-has-errors")) } }
        form method="post" action=(format!("/join/{}", org.slug)) {
            (form_keys(page))
            (field(tr, "name", "member-name", "text", &form.name, errors))
            (field(tr, "phone", "member-phone", "tel", &form.phone, errors))
            (field(tr, "trade", "member-trade", "text", &form.trade, errors))
            (field(tr, "locality", "member-locality", "text", &form.locality, errors))
            (field(tr, "shares", "join-shares", "number", &shares, errors))
            p.meta { (tr.ta("join-shares-help", &[("par", tr.fmt().money(crate::money::Money::new(org.bylaws.share_par_value, org.currency)).into()), ("min", org.bylaws.min_shares.into())])) }
            button type="submit" { (tr.t("join-send")) }
        }
    };
    layout::page(page, &tr.t("join-send"), None, body)
}

async fn org_for_joining(state: &AppState, slug: &str) -> AppResult<crate::orgs::Org> {
    let mut tx = state.db.begin().await?;
    let org = crate::orgs::by_slug(&mut tx, slug).await?.ok_or(AppError::NotFound)?;
    // Federations and networks take organisations, not people, as members.
    if org.kind.groups_orgs() {
        return Err(AppError::NotFound);
    }
    Ok(org)
}

pub async fn join_page(State(state): State<AppState>, page: Page, Path(slug): Path<String>) -> AppResult<Markup> {
    let org = org_for_joining(&state, &slug).await?;
    Ok(join_view(&page, &org, &service::Application::default(), &[]))
}

pub async fn join(
    State(state): State<AppState>,
    page: Page,
    Path(slug): Path<String>,
    CsrfForm(form): CsrfForm<service::Application>,
) -> AppResult<Response> {
    let org = org_for_joining(&state, &slug).await?;
    let mut tx = state.db.begin_write().await?;
    match service::apply(&mut tx, &org, &form).await {
        Ok(_) => {
            tx.commit().await?;
            let tr = &page.tr;
            let body = html! {
                h1 { (icon("add")) (tr.t("join-received")) }
                p { (tr.ta("join-received-help", &[("org", org.name.clone().into())])) }
            };
            Ok(layout::page(&page, &tr.t("join-received"), None, body).into_response())
        }
        Err(AppError::Invalid(errors)) => {
            Ok((StatusCode::UNPROCESSABLE_ENTITY, join_view(&page, &org, &form, &errors)).into_response())
        }
        Err(e) => Err(e),
    }
}

#[derive(Deserialize, Default)]
pub struct ReasonForm {
    #[serde(default)]
    reason: String,
    /// The board meeting that admits her, where the bylaws say so.
    #[serde(default, deserialize_with = "crate::web::form::empty_as_none")]
    meeting_id: Option<i64>,
}

/// admit or decline an applicant.
pub async fn decide(
    State(state): State<AppState>,
    ctx: OrgCtx,
    Path((_slug, id, action)): Path<(String, i64, String)>,
    CsrfForm(form): CsrfForm<ReasonForm>,
) -> AppResult<Response> {
    ctx.require(Permission::ManageMembers)?;
    let mut tx = state.db.begin_write().await?;
    match action.as_str() {
        "admit" => service::admit(&mut tx, &ctx.org, id, ctx.person.id, form.meeting_id)
            .await
            .map(|_| ())?,
        "decline" => service::decline(&mut tx, &ctx.org, id, &form.reason, ctx.person.id).await?,
        _ => return Err(AppError::NotFound),
    }
    tx.commit().await?;
    Ok(Redirect::to(&format!("/o/{}/members/{id}", ctx.org.slug)).into_response())
}

/// The invitations waiting for her, shown on her home page: accept or decline.
pub fn invitations_box(page: &Page, invitations: &[(service::Invitation, String)]) -> Markup {
    let tr = &page.tr;
    html! {
        @if !invitations.is_empty() {
            section.card {
                h2 { (icon("org")) (tr.t("invite-title")) }
                @for (inv, org_name) in invitations {
                    p { (tr.ta("invite-text", &[("org", org_name.clone().into()), ("number", inv.member_number.clone().into()), ("name", inv.name.clone().into())])) }
                    div.actions {
                        form method="post" action=(format!("/invitations/{}/accept", inv.id)) {
                            (form_keys(page))
                            button type="submit" { (tr.t("invite-accept")) }
                        }
                        form method="post" action=(format!("/invitations/{}/decline", inv.id)) {
                            (form_keys(page))
                            button.secondary type="submit" { (tr.t("invite-decline")) }
                        }
                    }
                }
            }
        }
    }
}

/// She answers an invitation addressed to her own login.
pub async fn answer_invitation(
    State(state): State<AppState>,
    crate::auth::SignedIn(caller): crate::auth::SignedIn,
    Path((id, answer)): Path<(i64, String)>,
    CsrfForm(_): CsrfForm<crate::auth::pages::Empty>,
) -> AppResult<Response> {
    let person = caller.require()?;
    let accept = match answer.as_str() {
        "accept" => true,
        "decline" => false,
        _ => return Err(AppError::NotFound),
    };
    match crate::web::form::submit(&state.db, async |tx| {
        service::answer_invitation(tx, person, id, accept).await
    })
    .await?
    {
        Ok(()) => Ok(Redirect::to("/").into_response()),
        Err(errors) => Err(AppError::Invalid(errors)),
    }
}

fn import_view(
    page: &Page,
    ctx: &OrgCtx,
    text: &str,
    lines: Option<&[super::import::Line]>,
    errors: &[FieldError],
) -> Markup {
    let tr = &page.tr;
    let clean = lines.is_some_and(|l| l.iter().all(|x| x.problems.is_empty()));
    let body = html! {
        h1 { (icon("members")) (tr.t("members-import")) }
        p { (tr.t("members-import-help")) }
        pre { "name,phone,member_number,trade,locality\nKokilaben Rathod,98250 12345,61,garments,Saraspur" }
        @if !errors.is_empty() { p.errors role="alert" { @for e in errors { (tr.t(e.message)) " " } } }
        @if let Some(lines) = lines {
            table.tb {
                thead { tr { th { (tr.t("import-line")) } th { (tr.t("member-name")) } th { (tr.t("member-phone")) } th { (tr.t("member-number")) } th { (tr.t("import-problems")) } } }
                tbody {
                    @for l in lines {
                        tr {
                            td { (l.line) } td { (l.draft.name) }
                            td { (l.phone.clone().unwrap_or_else(|| l.draft.phone.clone())) }
                            td { (l.draft.member_number) }
                            (crate::web::layout::import_problems(tr, &l.problems))
                        }
                    }
                }
            }
        }
        form.card method="post" action=(format!("/o/{}/members/import", ctx.org.slug)) {
            (form_keys(page))
            label for="csv" { (tr.t("import-csv")) }
            textarea #csv name="csv" rows="8" { (text) }
            button.secondary type="submit" name="step" value="preview" { (tr.t("import-preview")) }
            @if clean { " " button type="submit" name="step" value="import" { (tr.t("import-confirm")) } }
        }
    };
    layout::page(page, &tr.t("members-import"), Some(&nav(ctx)), body)
}

pub async fn import_page(page: Page, ctx: OrgCtx) -> AppResult<Markup> {
    ctx.require(Permission::ManageMembers)?;
    Ok(import_view(&page, &ctx, "", None, &[]))
}

/// Shows each line as it will be stored, or imports them all when asked and all are right.
pub async fn import(
    State(state): State<AppState>,
    page: Page,
    ctx: OrgCtx,
    session: tower_sessions::Session,
    CsrfForm(form): CsrfForm<MemberForm>,
) -> AppResult<Response> {
    ctx.require(Permission::ManageMembers)?;
    let text = form.get("csv");
    if form.get("step") == "import" {
        let by = service::Editor::of(&ctx);
        let done = crate::web::form::submit(&state.db, async |tx| {
            super::import::import(tx, &ctx.org, &text, by).await
        })
        .await?;
        if let Ok(n) = done {
            crate::web::tell(
                &session,
                page.tr.ta("told-members-imported", &[("count", (n as i64).into())]),
            )
            .await?;
            return Ok(Redirect::to(&format!("/o/{}/members", ctx.org.slug)).into_response());
        }
    }
    let mut tx = state.db.begin().await?;
    let read = super::import::read(&mut tx, &ctx.org, &text).await;
    drop(tx);
    match read {
        Ok(lines) => {
            let bad = lines.iter().any(|l| !l.problems.is_empty());
            let errors = if bad {
                vec![FieldError::new("csv", "import-has-errors")]
            } else {
                vec![]
            };
            let status = if bad {
                StatusCode::UNPROCESSABLE_ENTITY
            } else {
                StatusCode::OK
            };
            Ok((status, import_view(&page, &ctx, &text, Some(&lines), &errors)).into_response())
        }
        Err(AppError::Invalid(errors)) => Ok((
            StatusCode::UNPROCESSABLE_ENTITY,
            import_view(&page, &ctx, &text, None, &errors),
        )
            .into_response()),
        Err(e) => Err(e),
    }
}
