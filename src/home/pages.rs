//! The organisation's home page, first for the member who opens it.

use axum::extract::State;
use maud::{Markup, html};

use crate::auth::{Access, OrgCtx, Permission};
use crate::db::Tx;
use crate::ledger::member_words;
use crate::money::Money;
use crate::orgs::Org;
use crate::state::AppState;
use crate::web::layout::{self, icon, money, nav};
use crate::web::{AppResult, Page};

/// Her own figures, each in its normal direction; zero where she has nothing yet.
struct Mine {
    member_id: i64,
    savings: i64,
    shares: i64,
    owe: i64,
    owed: i64,
    loan: i64,
    /// The nearest instalment of her loans: (date, amount).
    next_instalment: Option<(String, i64)>,
    days_late: i64,
}

impl Mine {
    async fn gather(tx: &mut Tx, org: &Org, member_id: i64, today: &str) -> AppResult<Mine> {
        let position = crate::ledger::member_position(tx, org, member_id).await?;
        let at = |code: &str| position.get(code).copied().unwrap_or(0);
        // The loan fund is read only for a member whose loan account holds something.
        let loans = if at("1400") != 0 {
            crate::loans::of_member(tx, org, member_id, today).await?
        } else {
            vec![]
        };
        let out: Vec<_> = loans.iter().filter(|l| l.loan.status == "disbursed").collect();
        Ok(Mine {
            member_id,
            savings: at("2100"),
            shares: at("3100"),
            owe: at("1300"),
            owed: at("2210"),
            loan: out.iter().map(|l| l.outstanding_principal).sum(),
            next_instalment: out.iter().filter_map(|l| l.next_due.clone()).min(),
            days_late: out.iter().map(|l| l.days_overdue).max().unwrap_or(0),
        })
    }
}

/// Her figures in her words: savings and shares always (a zero is an answer too), a loan,
/// a debt or a credit when she has one.
fn mine_card(page: &Page, ctx: &OrgCtx, mine: &Mine, recorded: &[String]) -> Markup {
    let tr = &page.tr;
    let m = |minor: i64| money(page, ctx, minor);
    let word = |code: &str| tr.t(member_words(code).unwrap_or("passbook-title"));
    let passbook = format!("/o/{}/members/{}/passbook", ctx.org.slug, mine.member_id);
    html! {
        section.card.mine aria-labelledby="mine-h" {
            h2 #mine-h { (icon("savings")) (tr.t("mine-title")) }
            (crate::audio::listen(page, ctx, recorded, "mine-title"))
            div.grid {
                a.stat href=(passbook) { b { (m(mine.savings)) } span { (word("2100")) } }
                a.stat href=(passbook) { b { (m(mine.shares)) } span { (word("3100")) } }
                @if mine.loan != 0 {
                    a.stat href=(passbook) {
                        b { (m(mine.loan)) } span { (word("1400")) }
                        @if let Some((due, amount)) = &mine.next_instalment {
                            small { (tr.ta("mine-next-instalment", &[("amount", m(*amount).into()), ("date", tr.fmt().date(due).into())])) }
                        }
                        @if mine.days_late > 0 { small.err { (tr.ta("loans-days-late", &[("days", mine.days_late.into())])) } }
                    }
                }
                @if mine.owe != 0 { a.stat.owe href=(passbook) { b { (m(mine.owe)) } span { (word("1300")) } } }
                @if mine.owed != 0 { a.stat href=(passbook) { b { (m(mine.owed)) } span { (word("2210")) } } }
            }
            p { a.button href=(passbook) { (icon("book")) (tr.t("mine-passbook")) } }
        }
    }
}

pub async fn home(State(state): State<AppState>, page: Page, ctx: OrgCtx) -> AppResult<Markup> {
    ctx.require(Permission::ViewDashboard)?;
    let tr = &page.tr;
    let f = tr.fmt();
    let org = &ctx.org;
    let today = org.today();
    let mut tx = state.db.begin().await?;
    let mine = match ctx.membership_id {
        Some(m) => Some(Mine::gather(&mut tx, org, m, &today).await?),
        None => None,
    };
    let for_her_vote = match ctx.membership_id {
        Some(m) => crate::votes::open_for(&mut tx, org, m).await?,
        None => vec![],
    };
    // A federation's staff see totals, not the organisation's own meetings and rounds.
    let own = !matches!(ctx.access, Access::FederationStaff);
    let meetings = if own {
        crate::meetings::service::upcoming(&mut tx, org, &today).await?
    } else {
        vec![]
    };
    let rounds = if own {
        crate::purchases::service::open_rounds(&mut tx, org).await?
    } else {
        vec![]
    };
    let work = match ctx.membership_id {
        Some(m) if own => Some(crate::production::work(&mut tx, org, m, false).await?).filter(|w| w.any()),
        _ => None,
    };
    // Leaders and treasurers see who waits for pay past its day.
    let late_pay = if own && (ctx.can(Permission::RunProduction) || ctx.can(Permission::KeepBooks)) {
        let owed = crate::production::owed(&mut tx, org, None).await?;
        let late: Vec<i64> = owed.iter().map(|(_, d)| *d).filter(|d| *d > 0).collect();
        Some((late.len() as i64, late.iter().copied().max().unwrap_or(0))).filter(|(n, _)| *n > 0)
    } else {
        None
    };
    let counts = crate::members::service::counts(&mut tx, org.id).await?;
    let parents = crate::orgs::parents(&mut tx, org.id).await?;
    let recorded = crate::audio::recorded(&mut tx, org, tr.locale).await?;
    drop(tx);
    let active = counts
        .iter()
        .find(|(s, _)| *s == crate::members::Status::Active)
        .map_or(0, |(_, n)| *n);
    let waiting = !for_her_vote.is_empty() || !rounds.is_empty() || !meetings.is_empty();
    let par = Money::new(org.bylaws.share_par_value, org.currency);
    let body = html! {
        h1.org-name { (org.name) }
        @if let Some(mine) = &mine { (mine_card(&page, &ctx, mine, &recorded)) }
        @if let Some(w) = &work { (crate::production::work_summary(&page, &ctx, w)) }
        @if let Some((members, days)) = late_pay {
            section.card.warn {
                h2 { (icon("needle")) (tr.t("pay-late-title")) }
                p { (tr.ta("pay-late-summary", &[("members", members.into()), ("days", days.into())])) }
                a href=(format!("/o/{}/production/pay", org.slug)) { (tr.t("pay-title")) }
            }
        }
        @if waiting { h2 { (tr.t("waiting-title")) } (crate::audio::listen(&page, &ctx, &recorded, "waiting-title")) }
        @if !for_her_vote.is_empty() {
            section.card {
                h3 { (icon("vote")) (tr.t("vote-for-you")) }
                ul.list {
                    @for (id, title, voted) in &for_her_vote {
                        li { a href=(format!("/o/{}/votes/{id}", org.slug)) { (title) } @if *voted { " " span.tag { (tr.t("vote-recorded")) } } }
                    }
                }
            }
        }
        @if !rounds.is_empty() {
            section.card {
                h3 { (icon("basket")) (tr.t("round-open-for-you")) }
                ul.list {
                    @for (id, title, closes) in &rounds {
                        li { a href=(format!("/o/{}/purchases/{id}", org.slug)) { (title) } div.meta { (tr.t("round-closes")) " " (f.date_time(closes)) } }
                    }
                }
            }
        }
        @if !meetings.is_empty() {
            section.card {
                h3 { (icon("meeting")) (tr.t("meeting-next")) }
                ul.list {
                    @for m in &meetings {
                        li { a href=(format!("/o/{}/meetings/{}", org.slug, m.id)) { (m.title) }
                             div.meta { (crate::meetings::pages::when(&page, &m.starts_at)) " · " (m.place) } }
                    }
                }
            }
        }
        @if mine.is_some() && !waiting { p.meta { (tr.t("waiting-nothing")) } }
        @if ctx.can(Permission::ManageMembers) {
            p { a.button.secondary href=(format!("/o/{}/members/new", org.slug)) { (icon("add")) (tr.t("member-add")) } " "
                a.button.secondary href=(format!("/o/{}/members/import", org.slug)) { (icon("members")) (tr.t("members-import")) } }
            @if !org.kind.groups_orgs() {
                p.meta { (tr.t("join-link")) ": " a href=(format!("/join/{}", org.slug)) { "/join/" (org.slug) } }
            }
        }
        section.card {
            h2 { (icon("org")) (tr.t("home-about-org")) }
            p.meta {
                span.tag { (tr.t(org.kind.label())) } " " (org.country) " · " (org.currency.code())
                " · " @for l in &org.languages { span.tag lang=(l.tag()) { (l.native_name()) } }
            }
            @match &ctx.access {
                Access::Member(roles) => p { (tr.t("dashboard-your-roles")) ": " @for r in roles.iter() { span.tag { (tr.t(r.label())) } } },
                Access::FederationStaff => p.meta { (tr.t("dashboard-federation-view")) },
                Access::Operator => p.meta { (tr.t("dashboard-operator-view")) },
            }
            div.grid {
                div.stat { b { (f.int(active)) } span { (tr.t(crate::members::Status::Active.label())) } }
                @if ctx.can(Permission::ViewMembers) {
                    @for (s, n) in counts.iter().filter(|(s, _)| *s != crate::members::Status::Active) {
                        div.stat { b { (f.int(*n)) } span { (tr.t(s.label())) } }
                    }
                }
            }
            @if !parents.is_empty() {
                h3 { (icon("network")) (tr.t("org-member-of")) }
                ul { @for p in &parents { li { (p.name) " " span.meta { (tr.t(p.kind.label())) } } } }
            }
            details {
                summary { (tr.t("bylaws-title")) }
                dl {
                    dt { (tr.t("bylaws-par-value")) } dd { (f.money(par)) }
                    dt { (tr.t("bylaws-min-shares")) } dd { (f.int(org.bylaws.min_shares)) }
                    dt { (tr.t("bylaws-max-shares")) } dd { (f.int(org.bylaws.max_shares)) }
                    dt { (tr.t("bylaws-max-proxies")) } dd { (f.int(org.bylaws.max_proxies)) }
                    dt { (tr.t("bylaws-purchase-margin")) } dd { (f.percent_bp(org.bylaws.purchase_margin_bp)) }
                    dt { (tr.t("bylaws-admission")) } dd { (tr.t(&format!("bylaws-admission-{}", org.bylaws.admission))) }
                    dt { (tr.t("bylaws-quorum")) } dd { (f.int(org.bylaws.quorum_percent)) " %" }
                    dt { (tr.t("bylaws-reserve")) } dd { (f.int(org.bylaws.reserve_percent)) " %" }
                    dt { (tr.t("bylaws-savings-min")) } dd { (f.money(Money::new(org.bylaws.savings_min_balance, org.currency))) }
                    dt { (tr.t("bylaws-savings-notice")) } dd { (f.int(org.bylaws.savings_notice_days)) }
                    dt { (tr.t("bylaws-savings-interest")) } dd { (f.percent_bp(org.bylaws.savings_interest_bp)) }
                }
            }
        }
    };
    Ok(layout::page(&page, &org.name, Some(&nav(&ctx)), body))
}

/// `GET /offline`: what the service worker shows when the network is gone, kept on the
/// phone in her language when it was installed.
pub async fn offline(page: Page) -> Markup {
    let tr = &page.tr;
    let body = html! {
        section.card.offline {
            h1 { (icon("message")) (tr.t("offline-title")) }
            p { (tr.t("offline-kept")) }
            p { a.button href="/" { (icon("home")) (tr.t("nav-home")) } }
        }
    };
    layout::bare(tr, &tr.t("offline-title"), body)
}
