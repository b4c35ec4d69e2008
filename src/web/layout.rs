//! The frame around every page: header, navigation, language switcher.

use maud::{DOCTYPE, Markup, html};

use super::Page;
use crate::auth::{Access, OrgCtx, Permission};
use crate::i18n::{Locale, Tr};
use crate::money::Money;
use crate::web::assets;

/// The organisation a page belongs to, for the navigation.
#[derive(Debug, Clone)]
pub struct OrgNav {
    pub slug: String,
    pub name: String,
    pub members: bool,
    pub books: bool,
    pub settings: bool,
    pub federation: bool,
    /// Meetings, buying, votes and leadership: the organisation's own life, not shown to
    /// a federation's staff, who see its totals.
    pub own: bool,
    /// Records the audio clips of key lines (its leaders).
    pub recorder: bool,
    /// Sells for the organisation: prices and market-day sales.
    pub sell: bool,
    /// Runs its members' social protection.
    pub protect: bool,
}

/// A section of an organisation: (address, icon, label).
pub type NavLink = (String, &'static str, String);

impl OrgNav {
    /// The organisation's sections she may open, home first.
    pub fn links(&self, tr: &Tr) -> Vec<NavLink> {
        let o = |path: &str| format!("/o/{}{path}", self.slug);
        let mut out = vec![(o(""), "home", tr.t("nav-home"))];
        for (path, glyph, label, shown) in self.sections() {
            if shown {
                out.push((o(path), glyph, tr.t(label)));
            }
        }
        out
    }

    fn sections(&self) -> [(&'static str, &'static str, &'static str, bool); 17] {
        [
            ("/members", "members", "nav-members", self.members),
            ("/shares", "share", "nav-shares", self.members),
            ("/meetings", "meeting", "nav-meetings", self.own),
            ("/purchases", "basket", "nav-purchases", self.own),
            ("/production", "needle", "nav-production", self.own),
            ("/sales", "shop", "nav-sales", self.own && self.sell),
            ("/protection", "pic-heart", "nav-protection", self.own && self.protect),
            ("/books", "book", "nav-books", self.books),
            ("/loans", "loan", "nav-loans", self.books),
            ("/votes", "vote", "nav-votes", self.own),
            ("/leadership", "election", "nav-leadership", self.own),
            ("/savings", "savings", "nav-savings", self.books),
            ("/reports", "report", "nav-reports", self.books),
            ("/federation", "network", "nav-federation", self.federation),
            ("/notices", "message", "nav-notices", self.own),
            ("/audio", "sound", "nav-audio", self.recorder),
            ("/settings", "settings", "nav-settings", self.settings),
        ]
    }

    /// What fits a phone's bar without scrolling: home and the three sections her work
    /// needs most (the section she is in among them); the rest waits under "More".
    pub fn split(&self, tr: &Tr, path: &str) -> (Vec<NavLink>, Vec<NavLink>) {
        let favourites: &[&str] = if self.books {
            &["/books", "/savings", "/loans"]
        } else if self.members {
            &["/members", "/meetings", "/votes"]
        } else if self.federation && !self.own {
            &["/federation"]
        } else {
            &["/purchases", "/votes", "/meetings"]
        };
        let home = format!("/o/{}", self.slug);
        let here = |href: &str| {
            if href == home {
                path == href
            } else {
                path.starts_with(href)
            }
        };
        let (mut bar, mut more): (Vec<NavLink>, Vec<NavLink>) = (vec![], vec![]);
        for link in self.links(tr) {
            let favourite = link.0 == home || favourites.iter().any(|f| link.0.ends_with(f));
            if favourite { bar.push(link) } else { more.push(link) }
        }
        if let Some(i) = more.iter().position(|l| here(&l.0)) {
            let current = more.remove(i);
            if bar.len() >= 4
                && let Some(last) = bar.pop()
            {
                more.insert(0, last);
            }
            bar.push(current);
        }
        (bar, more)
    }
}

/// An icon from the sprite, drawn beside a word.
pub fn icon(name: &str) -> Markup {
    html! {
        svg.i aria-hidden="true" { use href=(format!("{}#{name}", assets::icons_url())) {} }
    }
}

fn head(tr: &Tr, title: &str, extra: Markup) -> Markup {
    html! {
        head {
            meta charset="utf-8";
            meta name="viewport" content="width=device-width, initial-scale=1";
            title { @if title == "Tejido" { "Tejido" } @else { (title) " · Tejido" } }
            link rel="stylesheet" href=(assets::style_url());
            script src=(assets::app_url()) defer {}
            link rel="icon" href="data:,";
            @if extra.0.is_empty() { meta name="description" content=(tr.t("tagline")); }
            (extra)
        }
    }
}

/// Hidden fields every form of Tejido carries: the CSRF token and an idempotency key.
pub fn form_keys(page: &Page) -> Markup {
    html! {
        input type="hidden" name="csrf" value=(page.csrf);
        input type="hidden" name="idem" value=(super::new_key());
    }
}

fn switcher(tr: &Tr, back: &str) -> Markup {
    html! {
        nav.langs aria-label=(tr.t("language")) {
            (icon("lang"))
            @for l in Locale::ALL {
                @if l == tr.locale {
                    strong lang=(l.tag()) { (l.native_name()) }
                } @else {
                    a lang=(l.tag()) hreflang=(l.tag()) href=(format!("/lang/{}?next={}", l.tag(), super::url_encode(back))) { (l.native_name()) }
                }
            }
        }
    }
}

/// A full page for a person, with the organisation's navigation when there is one.
pub fn page(p: &Page, title: &str, org: Option<&OrgNav>, body: Markup) -> Markup {
    page_with_head(p, title, org, html! {}, body)
}

/// A page whose head carries more: a public page's description, Open Graph tags and
/// structured data, so a link shared on a phone shows a picture and a price.
pub fn page_with_head(p: &Page, title: &str, org: Option<&OrgNav>, extra: Markup, body: Markup) -> Markup {
    let tr = &p.tr;
    // A shared phone's tab list and history show nothing of whose page it was.
    let title = if p.person.as_ref().is_some_and(|x| x.shared) {
        "Tejido"
    } else {
        title
    };
    html! {
        (DOCTYPE)
        html lang=(tr.locale.tag()) {
            (head(tr, title, extra))
            body {
                header.top {
                    a.brand href="/" { (icon("weave")) "Tejido" }
                    @if let Some(person) = &p.person {
                        a.who href="/account" { (icon("person")) (person.name) }
                        @if person.shared {
                            form.inline method="post" action="/switch" {
                                (form_keys(p))
                                button.link type="submit" { (tr.t("nav-switch")) }
                            }
                        }
                        form.inline method="post" action="/logout" {
                            (form_keys(p))
                            button.link type="submit" { (tr.t("nav-logout")) }
                        }
                    } @else {
                        a href="/login" { (tr.t("nav-login")) }
                    }
                }
                @if let Some(o) = org { (org_nav(p, o)) }
                main {
                    @if let Some(t) = &p.told { p.flash.told role="status" { (icon("check")) (t) } }
                    (body)
                }
                footer { (switcher(tr, &p.path)) }
            }
        }
    }
}

/// The organisation's menu: a bar of icons over short words that fits 360 px, and "More"
/// (a plain `<details>`, no script) holding every other section.
fn org_nav(p: &Page, o: &OrgNav) -> Markup {
    let tr = &p.tr;
    let home = format!("/o/{}", o.slug);
    let here = |href: &str| {
        if href == home {
            p.path == href
        } else {
            p.path.starts_with(href)
        }
    };
    let (bar, more) = o.split(tr, &p.path);
    html! {
        nav.org aria-label=(o.name) {
            @for (href, glyph, label) in &bar {
                a href=(href) aria-current=[here(href).then_some("page")] { (icon(glyph)) span { (label) } }
            }
            @if !more.is_empty() {
                details.more {
                    summary { (icon("menu")) span { (tr.t("nav-more")) } }
                    div.menu {
                        @for (href, glyph, label) in &more {
                            a href=(href) aria-current=[here(href).then_some("page")] { (icon(glyph)) span { (label) } }
                        }
                    }
                }
            }
        }
    }
}

/// A page without a person or organisation (errors).
pub fn bare(tr: &Tr, title: &str, body: Markup) -> Markup {
    html! {
        (DOCTYPE)
        html lang=(tr.locale.tag()) {
            (head(tr, title, html! {}))
            body {
                header.top { a.brand href="/" { (icon("weave")) "Tejido" } }
                main { (body) }
                footer { (switcher(tr, "/")) }
            }
        }
    }
}

/// A form field: label, input and its message, if any.
pub fn field(tr: &Tr, name: &str, label_id: &str, kind: &str, value: &str, errors: &[super::FieldError]) -> Markup {
    let error = errors.iter().find(|e| e.field == name);
    let inputmode = match kind {
        "tel" => Some("tel"),
        "number" => Some("numeric"),
        // Money: the phone's pad with a decimal mark.
        "decimal" => Some("decimal"),
        _ => None,
    };
    let input_type = if inputmode.is_some_and(|m| m != "tel") {
        "text"
    } else {
        kind
    };
    html! {
        label for=(name) { (tr.t(label_id)) }
        input id=(name) name=(name) type=(input_type) value=(value) inputmode=[inputmode]
            aria-invalid=[error.map(|_| "true")];
        @if let Some(e) = error { p.err { (tr.t(e.message)) } }
    }
}

/// A short notice at the top of a page.
pub fn flash(text: &str) -> Markup {
    html! { p.flash role="status" { (text) } }
}

/// What was wrong with a form, said once above it.
pub fn errors_box(page: &Page, errors: &[super::FieldError]) -> Markup {
    html! { @if !errors.is_empty() { p.errors role="alert" { @for e in errors { (page.tr.t(e.message)) " " } } } }
}

/// A line of an imported file as its preview shows it: a tick, or what is wrong with it.
pub fn import_problems(tr: &Tr, problems: &[&'static str]) -> Markup {
    html! { td { @if problems.is_empty() { "✓" } @else { @for p in problems { (tr.t(p)) " " } } } }
}

/// A page shown again because what was sent was refused: the same page, answered 422.
pub fn refused(p: &Page, title: &str, org: Option<&OrgNav>, body: Markup) -> axum::response::Response {
    use axum::response::IntoResponse;
    (axum::http::StatusCode::UNPROCESSABLE_ENTITY, page(p, title, org, body)).into_response()
}

/// The navigation of an organisation's pages, as far as the caller may go.
pub fn nav(ctx: &OrgCtx) -> OrgNav {
    OrgNav {
        slug: ctx.org.slug.clone(),
        name: ctx.org.name.clone(),
        members: ctx.can(Permission::ViewMembers),
        books: ctx.can(Permission::ViewBooks),
        settings: ctx.can(Permission::EditSettings),
        federation: ctx.org.kind.groups_orgs(),
        own: !matches!(ctx.access, Access::FederationStaff),
        recorder: ctx.can(Permission::ManageMembers),
        sell: ctx.can(Permission::Sell),
        protect: ctx.can(Permission::RunProtection),
    }
}

/// An amount of the organisation's currency in the reader's locale.
pub fn money(page: &Page, ctx: &OrgCtx, minor: i64) -> String {
    page.tr.fmt().money(Money::new(minor, ctx.org.currency))
}

/// A save about to post money to a member named only by her number: her name and the
/// amount, to confirm or change. Every field goes back as typed, with the number she
/// confirmed; a fresh idempotency key, since nothing was saved under the first.
pub struct ConfirmMember<'a> {
    pub action: String,
    pub back: String,
    pub title: String,
    pub amount: String,
    pub name: &'a str,
    pub number: &'a str,
    pub fields: Vec<(&'static str, &'a str)>,
}

pub fn confirm_member(p: &Page, c: &ConfirmMember) -> Markup {
    let tr = &p.tr;
    html! {
        form.card.confirm method="post" action=(c.action) {
            h1 { (c.title) }
            p.big { (c.amount) }
            p { (tr.ta("confirm-member", &[("name", c.name.to_string().into()), ("number", c.number.to_string().into())])) }
            (form_keys(p))
            @for (k, v) in &c.fields { input type="hidden" name=(k) value=(v); }
            input type="hidden" name="confirmed_member" value=(c.number);
            button type="submit" { (icon("check")) (tr.t("confirm-save")) }
            " "
            a.button.secondary href=(c.back) { (tr.t("confirm-change")) }
        }
    }
}
