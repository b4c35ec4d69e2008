//! Recording the key lines of pages: the organisation's list of clips, an upload form,
//! and the clips themselves, served to its members.

use axum::extract::{Multipart, Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use maud::{Markup, html};
use tower_sessions::Session;

use super::model::{self, KEY_LINES};
use super::store;
use crate::auth::{OrgCtx, Permission};
use crate::i18n::Locale;
use crate::state::AppState;
use crate::web::layout::{self, form_keys, icon, nav};
use crate::web::{AppError, AppResult, FieldError, Page};

/// A player for the clip of `message` in the reader's language, when one was recorded.
pub fn listen(page: &Page, ctx: &OrgCtx, recorded: &[String], message: &str) -> Markup {
    let locale = page.tr.locale.tag();
    html! {
        @if recorded.iter().any(|m| m == message) {
            audio.listen controls preload="none" aria-label=(page.tr.t("audio-listen"))
                src=(format!("/o/{}/audio/{message}/{locale}", ctx.org.slug)) {}
        }
    }
}

fn view(page: &Page, ctx: &OrgCtx, clips: &[(String, String, i64)], errors: &[FieldError]) -> Markup {
    let tr = &page.tr;
    let base = format!("/o/{}/audio", ctx.org.slug);
    let body = html! {
        h1 { (icon("sound")) (tr.t("audio-title")) }
        p.meta { (tr.t("audio-help")) }
        (layout::errors_box(page, errors))
        form.card method="post" action=(base) enctype="multipart/form-data" {
            (form_keys(page))
            label for="message" { (tr.t("audio-line")) }
            select #message name="message" {
                @for m in KEY_LINES { option value=(m) { (tr.t(m)) } }
            }
            label for="locale" { (tr.t("language")) }
            select #locale name="locale" {
                @for l in &ctx.org.languages { option value=(l.tag()) selected[*l == tr.locale] { (l.native_name()) } }
            }
            label for="clip" { (tr.t("audio-file")) }
            input #clip name="clip" type="file" accept="audio/ogg,audio/opus,.opus,.ogg" capture="user";
            button type="submit" { (tr.t("save")) }
        }
        ul.list {
            @for (m, l, bytes) in clips {
                li {
                    b { (tr.t(m)) } " · " (Locale::parse(l).map_or(l.clone(), |x| x.native_name().to_string())) " · " (tr.fmt().int(bytes / 1024)) " KB"
                    br; audio controls preload="none" src=(format!("{base}/{m}/{l}")) {}
                }
            }
        }
    };
    layout::page(page, &tr.t("audio-title"), Some(&nav(ctx)), body)
}

pub async fn page(State(state): State<AppState>, page: Page, ctx: OrgCtx) -> AppResult<Markup> {
    ctx.require(Permission::ManageMembers)?;
    let mut tx = state.db.begin().await?;
    let clips = store::list(&mut tx, ctx.org.id).await?;
    drop(tx);
    Ok(view(&page, &ctx, &clips, &[]))
}

/// `POST /o/{slug}/audio`: a clip for a key line in a language, replacing the one before.
pub async fn upload(
    State(state): State<AppState>,
    page: Page,
    ctx: OrgCtx,
    session: Session,
    headers: HeaderMap,
    mut form: Multipart,
) -> AppResult<Response> {
    ctx.require(Permission::ManageMembers)?;
    let (mut csrf, mut message, mut locale, mut clip) = (None, String::new(), String::new(), Vec::new());
    while let Some(field) = form.next_field().await.map_err(|_| AppError::BadRequest("error-400"))? {
        let name = field.name().unwrap_or("").to_string();
        let bytes = field.bytes().await.map_err(|_| AppError::PayloadTooLarge)?;
        let text = || String::from_utf8(bytes.to_vec()).unwrap_or_default();
        match name.as_str() {
            "csrf" => csrf = Some(text()),
            "message" => message = text(),
            "locale" => locale = text(),
            "clip" => clip = bytes.to_vec(),
            _ => {}
        }
    }
    crate::web::form::check_csrf(&session, &headers, csrf.as_deref()).await?;
    let mut errors = vec![];
    if !KEY_LINES.contains(&message.as_str()) {
        errors.push(FieldError::new("message", "audio-line-unknown"));
    }
    let locale = Locale::parse(&locale).filter(|l| ctx.org.languages.contains(l));
    if locale.is_none() {
        errors.push(FieldError::new("locale", "audio-language-unknown"));
    }
    if let Err(r) = model::check(&clip) {
        errors.push(FieldError::new("clip", r.message()));
    }
    match locale {
        Some(l) if errors.is_empty() => {
            let mut tx = state.db.begin_write().await?;
            store::put(&mut tx, ctx.org.id, &message, l.tag(), &clip, ctx.person.id).await?;
            tx.commit().await?;
            crate::web::tell(&session, page.tr.t("told-saved")).await?;
            Ok(Redirect::to(&format!("/o/{}/audio", ctx.org.slug)).into_response())
        }
        _ => {
            let mut tx = state.db.begin().await?;
            let clips = store::list(&mut tx, ctx.org.id).await?;
            drop(tx);
            Ok((StatusCode::UNPROCESSABLE_ENTITY, view(&page, &ctx, &clips, &errors)).into_response())
        }
    }
}

/// `GET /o/{slug}/audio/{message}/{locale}`: the clip, for the organisation's people.
pub async fn clip(
    State(state): State<AppState>,
    ctx: OrgCtx,
    Path((_slug, message, locale)): Path<(String, String, String)>,
) -> AppResult<Response> {
    ctx.require(Permission::ViewDashboard)?;
    let mut tx = state.db.begin().await?;
    let bytes = store::get(&mut tx, ctx.org.id, &message, &locale)
        .await?
        .ok_or(AppError::NotFound)?;
    drop(tx);
    let mut resp = bytes.into_response();
    resp.headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static("audio/ogg"));
    resp.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("private, max-age=3600"));
    Ok(resp)
}
