//! Use cases of notices: queue one when something happens, send what is due through the
//! gateways, take delivery receipts and STOP replies.

use serde_json::{Map, Value};

use super::gateway::{Gateways, Outgoing, SendError};
use super::model::{self, Channel, Kind, Status};
use super::store::{self, NoticeRow};
use crate::db::{Db, Tx};
use crate::i18n::{Arg, Locale, Tr};
use crate::orgs::Org;
use crate::web::{AppError, AppResult};

/// Queues a notice of `kind` about `subject_id` for a member, on each channel she can be
/// reached on: SMS to her phone, email to her address, WhatsApp when she asked for it.
/// The same event queues nothing twice. `args` fill the message's text, which is made in
/// her language when it is sent.
pub async fn queue(
    tx: &mut Tx,
    org: &Org,
    member_id: i64,
    kind: Kind,
    subject_id: i64,
    args: &[(&str, String)],
) -> AppResult<()> {
    let Some(member) = crate::members::by_id(tx, org.id, member_id).await? else {
        return Ok(());
    };
    let mut body = Map::new();
    body.insert("org".into(), Value::String(org.name.clone()));
    for (k, v) in args {
        body.insert((*k).to_string(), Value::String(v.clone()));
    }
    let body = Value::Object(body).to_string();
    let mut channels = vec![];
    if member.phone.is_some() {
        channels.push(Channel::Sms);
        // WhatsApp only for who said yes to it, as its rules ask.
        if store::choice(tx, org.id, member_id, Channel::WhatsApp.as_str()).await? == (false, Some(true)) {
            channels.push(Channel::WhatsApp);
        }
    }
    if member.email.is_some() {
        channels.push(Channel::Email);
    }
    for c in channels {
        store::queue(tx, org.id, member_id, c.as_str(), kind.as_str(), subject_id, &body, 0).await?;
    }
    Ok(())
}

/// How many notices an event queued (for the page that caused it).
pub async fn queued_for(tx: &mut Tx, org: &Org, kind: Kind, subject_id: i64) -> AppResult<i64> {
    Ok(store::count_for(tx, org.id, kind.as_str(), subject_id).await?)
}

/// What one round of sending did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Report {
    pub sent: usize,
    pub held: usize,
    pub failed: usize,
    pub skipped: usize,
}

/// What became of one notice this round.
enum Outcome {
    Sent {
        gateway: String,
        reference: String,
        cost: i64,
        text: String,
    },
    /// Back in the queue until then; `attempted` counts a failed try.
    Hold { until: i64, attempted: bool, why: String },
    End {
        status: Status,
        attempted: bool,
        why: String,
    },
}

/// Seconds a sender holds a notice it took, longer than any gateway's answer takes.
const CLAIM_SECS: i64 = 120;

/// Sends what is due at `now` (seconds since 1970), up to `limit` notices. Each is first
/// claimed in its own transaction, so several servers on one database send it once; the
/// gateway is called outside any transaction; the result is written in another.
pub async fn send_due(db: &Db, gateways: &Gateways, now: i64, limit: i64) -> AppResult<Report> {
    let mut report = Report::default();
    let has = |c: Channel| gateways.get(c).is_some();
    if !Channel::ALL.into_iter().any(has) {
        return Ok(report);
    }
    let mut tx = db.begin().await?;
    let due = store::due(
        &mut tx,
        now,
        limit,
        [has(Channel::Sms), has(Channel::WhatsApp), has(Channel::Email)],
    )
    .await?;
    drop(tx);
    for id in due {
        let mut tx = db.begin_write().await?;
        let claimed = store::claim(&mut tx, id, now, CLAIM_SECS).await?;
        tx.commit().await?;
        if !claimed {
            continue;
        }
        let mut tx = db.begin().await?;
        let Some(n) = store::get(&mut tx, id).await? else {
            continue;
        };
        drop(tx);
        let outcome = match attempt(db, gateways, &n, now).await {
            Ok(o) => o,
            Err(e) => Outcome::Hold {
                until: now + model::backoff(n.attempts, jitter(n.id, n.attempts)),
                attempted: false,
                why: e.to_string(),
            },
        };
        let mut tx = db.begin_write().await?;
        match outcome {
            Outcome::Sent {
                gateway,
                reference,
                cost,
                text,
            } => {
                store::mark_sent(&mut tx, id, &gateway, &reference, cost, &text, now).await?;
                report.sent += 1;
            }
            Outcome::Hold { until, attempted, why } => {
                store::hold(&mut tx, id, until, attempted, &why).await?;
                report.held += 1;
            }
            Outcome::End { status, attempted, why } => {
                store::end(&mut tx, id, status.as_str(), attempted, &why).await?;
                if status == Status::Failed {
                    report.failed += 1;
                } else {
                    report.skipped += 1;
                }
            }
        }
        tx.commit().await?;
    }
    Ok(report)
}

/// A spread for the backoff that differs from notice to notice.
fn jitter(id: i64, attempts: i64) -> u32 {
    let x = (id
        .wrapping_mul(2_654_435_761)
        .wrapping_add(attempts.wrapping_mul(40_503)))
    .rem_euclid(1000);
    u32::try_from(x).unwrap_or(500)
}

/// The first second of the month `now` is in, where the organisation is.
fn month_start(now: i64, timezone: &str) -> i64 {
    let zone = jiff::tz::TimeZone::get(timezone).unwrap_or(jiff::tz::TimeZone::UTC);
    let Ok(at) = jiff::Timestamp::from_second(now) else {
        return now;
    };
    let local = zone.to_datetime(at);
    let first = local.date().first_of_month().at(0, 0, 0, 0);
    zone.to_ambiguous_zoned_datetime(first)
        .earlier()
        .map(|z| z.timestamp().as_second())
        .unwrap_or(now)
}

fn next_month_start(now: i64, timezone: &str) -> i64 {
    let zone = jiff::tz::TimeZone::get(timezone).unwrap_or(jiff::tz::TimeZone::UTC);
    let Ok(at) = jiff::Timestamp::from_second(now) else {
        return now + 86_400;
    };
    let local = zone.to_datetime(at);
    let next = local
        .date()
        .last_of_month()
        .tomorrow()
        .unwrap_or(local.date())
        .at(model::QUIET_UNTIL.0, 0, 0, 0);
    zone.to_ambiguous_zoned_datetime(next)
        .later()
        .map(|z| z.timestamp().as_second())
        .unwrap_or(now + 86_400)
}

/// The text of a notice in her language from its stored arguments; a notice queued
/// before arguments were stored is its own text.
///
/// Dates (`when`, `closes`, `due`: ISO 8601) and an `amount` in minor units of its
/// `currency` are written as her locale writes them.
pub fn text_of(tr: &Tr, kind: Kind, body: &str) -> String {
    let Ok(map) = serde_json::from_str::<Map<String, Value>>(body) else {
        return body.to_string();
    };
    let currency = map
        .get("currency")
        .and_then(Value::as_str)
        .and_then(crate::money::Currency::parse);
    let args: Vec<(&str, Arg)> = map
        .iter()
        .map(|(k, v)| {
            let text = v.as_str().map(str::to_string).unwrap_or_else(|| v.to_string());
            let shown = match (k.as_str(), currency, text.parse::<i64>()) {
                ("amount", Some(c), Ok(minor)) => tr.fmt().money(crate::money::Money::new(minor, c)),
                ("when" | "closes" | "due", _, _) if crate::db::parse_day(text.get(..10).unwrap_or("")).is_some() => {
                    tr.fmt().date_time(&text.replace(' ', "T"))
                }
                _ => text,
            };
            (k.as_str(), Arg::from(shown))
        })
        .collect();
    tr.ta(&kind.message(), &args)
}

/// The arguments of a notice about money: minor units and the currency, written in her
/// locale when the notice is sent.
pub fn money_args(org: &Org, minor: i64) -> [(&'static str, String); 2] {
    [
        ("amount", minor.to_string()),
        ("currency", org.currency.code().to_string()),
    ]
}

async fn attempt(db: &Db, gateways: &Gateways, n: &NoticeRow, now: i64) -> AppResult<Outcome> {
    let end = |status: Status, why: &str| Outcome::End {
        status,
        attempted: false,
        why: why.to_string(),
    };
    let (Some(channel), Some(kind)) = (Channel::parse(&n.channel), Kind::parse(&n.kind)) else {
        return Ok(end(Status::Skipped, "unknown channel or kind"));
    };
    let Some(gateway) = gateways.get(channel) else {
        // No gateway for this channel yet: kept, looked at again in an hour.
        return Ok(Outcome::Hold {
            until: now + 3600,
            attempted: false,
            why: "no gateway".into(),
        });
    };
    let mut tx = db.begin().await?;
    let org = crate::orgs::by_id(&mut tx, n.org_id).await?.ok_or(AppError::NotFound)?;
    let Some(member) = crate::members::by_id(&mut tx, org.id, n.member_id).await? else {
        return Ok(end(Status::Skipped, "no such member"));
    };
    if member.status == crate::members::Status::Exited.as_str() {
        return Ok(end(Status::Skipped, "left the organisation"));
    }
    let address = match channel {
        Channel::Sms | Channel::WhatsApp => member.phone.clone(),
        Channel::Email => member.email.clone(),
    };
    let Some(address) = address else {
        return Ok(end(Status::Skipped, "no address"));
    };
    let (opted_out, details) = store::choice(&mut tx, org.id, member.id, channel.as_str()).await?;
    if opted_out || store::stopped(&mut tx, &address, channel.as_str()).await? {
        return Ok(end(Status::Skipped, "opted out"));
    }
    let release = model::after_quiet_hours(now, &org.timezone);
    if release > now {
        return Ok(Outcome::Hold {
            until: release,
            attempted: false,
            why: "quiet hours".into(),
        });
    }
    let cost = gateway.cost();
    let spent = store::spent_since(&mut tx, org.id, month_start(now, &org.timezone)).await?;
    if !model::within_budget(spent, cost, store::budget(&mut tx, org.id).await?) {
        return Ok(Outcome::Hold {
            until: next_month_start(now, &org.timezone),
            attempted: false,
            why: "monthly budget spent".into(),
        });
    }
    let locale = match crate::auth::store::person(&mut tx, member.person_id).await? {
        Some(p) => p.locale.as_deref().and_then(Locale::parse),
        None => None,
    }
    .or(org.languages.first().copied())
    .unwrap_or(Locale::En);
    let tr = Tr::new(locale);
    // On a phone a household shares, the notice says only that there is news for her,
    // unless she chose to have the whole text.
    let shared = channel != Channel::Email && crate::members::sharing_phone(&mut tx, org.id, &address).await? > 1;
    let text = if details.unwrap_or(!shared) {
        text_of(&tr, kind, &n.body)
    } else {
        tr.ta("notice-private", &[("org", org.name.clone().into())])
    };
    let template_id = store::template_id(&mut tx, org.id, kind.as_str(), channel.as_str(), locale.tag()).await?;
    drop(tx);
    let msg = Outgoing {
        id: n.id,
        channel,
        to: address,
        text: text.clone(),
        locale: locale.tag().to_string(),
        template_id,
    };
    Ok(match gateway.send(&msg).await {
        Ok(sent) => Outcome::Sent {
            gateway: gateway.name().to_string(),
            reference: sent.reference,
            cost: sent.cost_minor,
            text,
        },
        Err(SendError::Temporary(why)) if n.attempts + 1 < model::MAX_ATTEMPTS => Outcome::Hold {
            until: now + model::backoff(n.attempts, jitter(n.id, n.attempts)),
            attempted: true,
            why,
        },
        Err(SendError::Temporary(why) | SendError::Permanent(why)) => Outcome::End {
            status: Status::Failed,
            attempted: true,
            why,
        },
    })
}

/// A delivery receipt from a gateway: moves the notice forward only (a late "sent" after
/// "delivered" is ignored). Answers whether it changed anything.
pub async fn receipt(db: &Db, gateway: &str, reference: &str, status: &str) -> AppResult<bool> {
    let Some(next) =
        Status::parse(&status.trim().to_ascii_lowercase()).or(match status.trim().to_ascii_lowercase().as_str() {
            "success" | "read" | "delivrd" => Some(Status::Delivered),
            "rejected" | "undelivered" | "undeliv" | "expired" => Some(Status::Failed),
            _ => None,
        })
    else {
        return Err(AppError::Invalid(vec![crate::web::FieldError::new(
            "status",
            "notice-status-unknown",
        )]));
    };
    let mut tx = db.begin_write().await?;
    let Some((id, current)) = store::by_reference(&mut tx, gateway, reference).await? else {
        return Err(AppError::NotFound);
    };
    let current_status = Status::parse(&current).unwrap_or(Status::Queued);
    let changed = current_status.may_become(next)
        && store::set_status(&mut tx, id, &current, next.as_str(), crate::db::now()).await?;
    tx.commit().await?;
    Ok(changed)
}

/// A reply from a phone: STOP ends that channel's messages to the number, for every
/// organisation; START brings them back. Answers what it did, if anything.
pub async fn inbound(db: &Db, channel: Channel, from: &str, text: &str) -> AppResult<Option<bool>> {
    let Some(stop) = model::reply_stops(text) else {
        return Ok(None);
    };
    let mut tx = db.begin_write().await?;
    let countries = crate::orgs::countries(&mut tx).await?;
    let addresses: Vec<String> = if channel == Channel::Email {
        crate::auth::model::parse_email(from).into_iter().collect()
    } else {
        let digits = if from.starts_with('+') || from.starts_with("00") {
            from.to_string()
        } else {
            format!("+{}", from.trim())
        };
        let mut a: Vec<String> = crate::auth::model::parse_phone(&digits, "").into_iter().collect();
        for c in &countries {
            if let Some(p) = crate::auth::model::parse_phone(from, c)
                && !a.contains(&p)
            {
                a.push(p);
            }
        }
        a
    };
    for a in &addresses {
        if stop {
            store::stop(&mut tx, a, channel.as_str()).await?;
        } else {
            store::unstop(&mut tx, a, channel.as_str()).await?;
        }
    }
    tx.commit().await?;
    Ok(Some(stop))
}

/// Her choices and her latest notices, for her page.
pub async fn mine(
    tx: &mut Tx,
    org: &Org,
    member_id: i64,
) -> AppResult<(Vec<(Channel, bool, Option<bool>)>, Vec<NoticeRow>)> {
    let mut choices = vec![];
    for c in Channel::ALL {
        let (out, details) = store::choice(tx, org.id, member_id, c.as_str()).await?;
        choices.push((c, out, details));
    }
    Ok((choices, store::of_member(tx, org.id, member_id, 20).await?))
}

pub async fn choose(
    tx: &mut Tx,
    org: &Org,
    member_id: i64,
    channel: Channel,
    opted_out: bool,
    details: Option<bool>,
) -> AppResult<()> {
    Ok(store::set_choice(tx, org.id, member_id, channel.as_str(), opted_out, details).await?)
}

/// The organisation's notices by status, and its monthly budget.
pub async fn overview(tx: &mut Tx, org: &Org) -> AppResult<(Vec<(String, i64)>, i64, i64)> {
    let counts = store::counts(tx, org.id).await?;
    let budget = store::budget(tx, org.id).await?;
    let spent = store::spent_since(tx, org.id, month_start(crate::db::now(), &org.timezone)).await?;
    Ok((counts, budget, spent))
}

pub async fn set_budget(tx: &mut Tx, org: &Org, budget: i64) -> AppResult<()> {
    Ok(store::set_budget(tx, org.id, budget).await?)
}

pub async fn set_template(
    tx: &mut Tx,
    org: &Org,
    kind: Kind,
    channel: Channel,
    locale: &str,
    template_id: &str,
) -> AppResult<()> {
    Ok(store::set_template(tx, org.id, kind.as_str(), channel.as_str(), locale, template_id).await?)
}
