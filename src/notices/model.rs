//! The rules of notices: what they are about, how a status moves, when to try again,
//! quiet hours and the monthly budget. No I/O.

/// What happened, that a member is told of. Each is one message id per language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    MeetingCalled,
    VoteOpened,
    VoteClosingSoon,
    RoundOpened,
    RoundClosingSoon,
    RoundReady,
    InstalmentDue,
    InstalmentOverdue,
    MoneyPaid,
    LotGiven,
    HandInReceipt,
    WorkPaid,
    ContributionDue,
    ClaimStep,
}

impl Kind {
    pub const ALL: [Kind; 14] = [
        Kind::MeetingCalled,
        Kind::VoteOpened,
        Kind::VoteClosingSoon,
        Kind::RoundOpened,
        Kind::RoundClosingSoon,
        Kind::RoundReady,
        Kind::InstalmentDue,
        Kind::InstalmentOverdue,
        Kind::MoneyPaid,
        Kind::LotGiven,
        Kind::HandInReceipt,
        Kind::WorkPaid,
        Kind::ContributionDue,
        Kind::ClaimStep,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::MeetingCalled => "meeting-called",
            Kind::VoteOpened => "vote-opened",
            Kind::VoteClosingSoon => "vote-closing-soon",
            Kind::RoundOpened => "round-opened",
            Kind::RoundClosingSoon => "round-closing-soon",
            Kind::RoundReady => "round-ready",
            Kind::InstalmentDue => "instalment-due",
            Kind::InstalmentOverdue => "instalment-overdue",
            Kind::MoneyPaid => "money-paid",
            Kind::LotGiven => "lot-given",
            Kind::HandInReceipt => "hand-in-receipt",
            Kind::WorkPaid => "work-paid",
            Kind::ContributionDue => "contribution-due",
            Kind::ClaimStep => "claim-step",
        }
    }
    pub fn parse(s: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.as_str() == s)
    }
    /// The message id of its text.
    pub fn message(self) -> String {
        format!("notice-{}", self.as_str())
    }
}

/// How a notice reaches her.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Channel {
    Sms,
    WhatsApp,
    Email,
}

impl Channel {
    pub const ALL: [Channel; 3] = [Channel::Sms, Channel::WhatsApp, Channel::Email];
    pub fn as_str(self) -> &'static str {
        match self {
            Channel::Sms => "sms",
            Channel::WhatsApp => "whatsapp",
            Channel::Email => "email",
        }
    }
    pub fn parse(s: &str) -> Option<Channel> {
        Channel::ALL.into_iter().find(|c| c.as_str() == s)
    }
    pub fn label(self) -> &'static str {
        match self {
            Channel::Sms => "notice-channel-sms",
            Channel::WhatsApp => "notice-channel-whatsapp",
            Channel::Email => "notice-channel-email",
        }
    }
}

/// Where a notice stands. A delivery receipt only ever moves it forward: a late "sent"
/// after "delivered" changes nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Queued,
    Sent,
    Delivered,
    Failed,
    /// Not sent, for a reason that stays (she opted out, no address): never retried.
    Skipped,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Queued => "queued",
            Status::Sent => "sent",
            Status::Delivered => "delivered",
            Status::Failed => "failed",
            Status::Skipped => "skipped",
        }
    }
    pub fn parse(s: &str) -> Option<Status> {
        [
            Status::Queued,
            Status::Sent,
            Status::Delivered,
            Status::Failed,
            Status::Skipped,
        ]
        .into_iter()
        .find(|x| x.as_str() == s)
    }
    /// How far along: queued, then sent, then an end (delivered, failed or skipped).
    fn rank(self) -> u8 {
        match self {
            Status::Queued => 0,
            Status::Sent => 1,
            Status::Delivered | Status::Failed | Status::Skipped => 2,
        }
    }
    /// Whether a receipt saying `next` may replace this status.
    pub fn may_become(self, next: Status) -> bool {
        next.rank() > self.rank()
    }
}

/// Attempts before a notice is marked failed.
pub const MAX_ATTEMPTS: i64 = 8;

/// Seconds to wait before attempt `attempts + 1`: a minute, doubling, at most six hours,
/// each spread by up to a quarter either way (`jitter` in 0..1000) so that notices held
/// by one outage do not all come back in the same second.
pub fn backoff(attempts: i64, jitter: u32) -> i64 {
    let base = 60i64.saturating_mul(1i64 << attempts.clamp(0, 20)).min(6 * 3600);
    let spread = base / 4;
    let offset = (i64::from(jitter.min(999)) * 2 * spread) / 999 - spread;
    (base + offset).max(1)
}

/// Quiet hours, local: from 21:00 to 07:00 nobody's phone rings for Tejido.
pub const QUIET_FROM: (i8, i8) = (21, 0);
pub const QUIET_UNTIL: (i8, i8) = (7, 0);

/// When a notice may leave, given the moment `now` (seconds since 1970) and her time
/// zone: `now` itself outside quiet hours, else the end of them (held, never dropped).
pub fn after_quiet_hours(now: i64, timezone: &str) -> i64 {
    let zone = jiff::tz::TimeZone::get(timezone).unwrap_or(jiff::tz::TimeZone::UTC);
    let Ok(at) = jiff::Timestamp::from_second(now) else {
        return now;
    };
    let local = zone.to_datetime(at);
    let minutes = i32::from(local.hour()) * 60 + i32::from(local.minute());
    let from = i32::from(QUIET_FROM.0) * 60 + i32::from(QUIET_FROM.1);
    let until = i32::from(QUIET_UNTIL.0) * 60 + i32::from(QUIET_UNTIL.1);
    if minutes < from && minutes >= until {
        return now;
    }
    let day = if minutes >= from {
        local.date().tomorrow().unwrap_or(local.date())
    } else {
        local.date()
    };
    let release = day.at(QUIET_UNTIL.0, QUIET_UNTIL.1, 0, 0);
    zone.to_ambiguous_zoned_datetime(release)
        .later()
        .map(|z| z.timestamp().as_second())
        .unwrap_or(now)
}

/// Whether one more message at `cost` stays within the month's budget (0: no limit).
pub fn within_budget(spent: i64, cost: i64, budget: i64) -> bool {
    budget <= 0 || cost <= 0 || spent.saturating_add(cost) <= budget
}

/// A reply that asks for no more messages (STOP, as carriers and WhatsApp expect, in the
/// languages of the members), or for them again (START).
pub fn reply_stops(text: &str) -> Option<bool> {
    let t = text.trim().to_uppercase();
    let word = t.split_whitespace().next().unwrap_or("");
    match word {
        "STOP" | "STOPALL" | "UNSUBSCRIBE" | "CANCEL" | "END" | "QUIT" | "PARAR" | "PARE" | "BAND" | "बंद" | "બંધ"
        | "አቁም" | "TIGIL" => Some(true),
        "START" | "UNSTOP" | "YES" => Some(false),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn receipts_only_move_a_notice_forward() {
        assert!(Status::Queued.may_become(Status::Sent));
        assert!(Status::Sent.may_become(Status::Delivered));
        assert!(Status::Sent.may_become(Status::Failed));
        assert!(!Status::Delivered.may_become(Status::Sent));
        assert!(!Status::Delivered.may_become(Status::Failed));
        assert!(!Status::Failed.may_become(Status::Delivered));
        assert!(!Status::Sent.may_become(Status::Sent));
    }

    #[test]
    fn quiet_hours_hold_a_late_notice_until_morning() {
        // 23:00 in Kolkata (UTC+5:30) on 1 December 2026 is 17:30 UTC.
        let at = |s: &str| s.parse::<jiff::Timestamp>().unwrap().as_second();
        let late = at("2026-12-01T17:30:00Z");
        let morning = at("2026-12-02T01:30:00Z");
        assert_eq!(
            after_quiet_hours(late, "Asia/Kolkata"),
            morning,
            "07:00 the next day, local"
        );
        // 05:00 local waits until 07:00 the same day; noon leaves at once.
        let early = morning - 2 * 3600;
        assert_eq!(after_quiet_hours(early, "Asia/Kolkata"), morning);
        let noon = morning + 5 * 3600;
        assert_eq!(after_quiet_hours(noon, "Asia/Kolkata"), noon);
        // The same moment is afternoon in Addis Ababa: it leaves.
        assert_eq!(after_quiet_hours(late, "Africa/Addis_Ababa"), late);
    }

    #[test]
    fn the_budget_is_kept_and_zero_means_no_limit() {
        assert!(within_budget(990, 10, 1000));
        assert!(!within_budget(995, 10, 1000));
        assert!(within_budget(1_000_000, 10, 0));
        assert!(within_budget(1000, 0, 1000), "a free message is always within budget");
    }

    #[test]
    fn stop_replies_are_understood() {
        assert_eq!(reply_stops(" stop "), Some(true));
        assert_eq!(reply_stops("STOP please"), Some(true));
        assert_eq!(reply_stops("બંધ"), Some(true));
        assert_eq!(reply_stops("start"), Some(false));
        assert_eq!(reply_stops("thank you"), None);
    }

    proptest! {
        #[test]
        fn backoff_grows_and_stays_within_its_spread(attempts in 0i64..30, jitter in 0u32..1000) {
            let wait = backoff(attempts, jitter);
            let base = (60i64 << attempts.min(20)).min(6 * 3600);
            prop_assert!(wait >= base - base / 4 && wait <= base + base / 4, "{wait} for {base}");
            prop_assert!(backoff(attempts + 1, 500) >= backoff(attempts, 500));
        }
    }
}
