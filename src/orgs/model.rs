//! Organisations: kinds, short names, bylaw parameters and their rules. No I/O.

use serde::{Deserialize, Serialize};

use crate::i18n::Locale;
use crate::money::Currency;
use crate::web::FieldError;

/// The kinds of organisation home-based workers build.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum OrgKind {
    Cooperative,
    ProducerGroup,
    SelfHelpGroup,
    Union,
    Association,
    Federation,
    Network,
}

impl OrgKind {
    pub const ALL: [OrgKind; 7] = [
        OrgKind::Cooperative,
        OrgKind::ProducerGroup,
        OrgKind::SelfHelpGroup,
        OrgKind::Union,
        OrgKind::Association,
        OrgKind::Federation,
        OrgKind::Network,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            OrgKind::Cooperative => "cooperative",
            OrgKind::ProducerGroup => "producer_group",
            OrgKind::SelfHelpGroup => "self_help_group",
            OrgKind::Union => "union",
            OrgKind::Association => "association",
            OrgKind::Federation => "federation",
            OrgKind::Network => "network",
        }
    }

    pub fn parse(s: &str) -> Option<OrgKind> {
        OrgKind::ALL.into_iter().find(|k| k.as_str() == s.trim())
    }

    /// The message id of the kind's name.
    pub fn label(self) -> &'static str {
        match self {
            OrgKind::Cooperative => "kind-cooperative",
            OrgKind::ProducerGroup => "kind-producer-group",
            OrgKind::SelfHelpGroup => "kind-self-help-group",
            OrgKind::Union => "kind-union",
            OrgKind::Association => "kind-association",
            OrgKind::Federation => "kind-federation",
            OrgKind::Network => "kind-network",
        }
    }

    /// Federations and networks have organisations as members.
    pub fn groups_orgs(self) -> bool {
        matches!(self, OrgKind::Federation | OrgKind::Network)
    }
}

/// The short name used in URLs: 2 to 40 of a-z, 0-9 and '-', starting with a letter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrgSlug(String);

impl OrgSlug {
    pub fn parse(s: &str) -> Option<OrgSlug> {
        let s = s.trim().to_ascii_lowercase();
        let ok = (2..=40).contains(&s.len())
            && s.starts_with(|c: char| c.is_ascii_lowercase())
            && !s.ends_with('-')
            && s.chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
        ok.then_some(OrgSlug(s))
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The bylaw parameters later capabilities read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Bylaws {
    /// Par value of one share, in minor units of the organisation's currency.
    pub share_par_value: i64,
    /// Shares a member must hold at least.
    pub min_shares: i64,
    /// Percent of members that must attend for a general assembly to decide.
    pub quorum_percent: i64,
    /// Percent of the year's surplus set aside to the statutory reserve.
    pub reserve_percent: i64,
    /// Savings a member must leave in her account, in minor units (0 = none).
    #[serde(default)]
    pub savings_min_balance: i64,
    /// Days of notice a member gives before withdrawing savings (0 = none).
    #[serde(default)]
    pub savings_notice_days: i64,
    /// Yearly interest on savings in basis points (400 = 4 %), credited at period end.
    #[serde(default)]
    pub savings_interest_bp: i64,
    /// Shares a member may hold at most.
    #[serde(default = "default_max_shares")]
    pub max_shares: i64,
    /// Proxies one member may carry to a meeting (0 = none).
    #[serde(default = "default_max_proxies")]
    pub max_proxies: i64,
    /// Who admits applicants: "leader", or "board" (a decision in a board meeting).
    #[serde(default = "default_admission")]
    pub admission: String,
    /// The handling margin on goods bought together, in basis points (500 = 5 %).
    #[serde(default = "default_purchase_margin")]
    pub purchase_margin_bp: i64,
    /// Days from a member's hand-in of pieces to their pay (0 = paid on receipt).
    #[serde(default)]
    pub pay_within_days: i64,
}

fn default_purchase_margin() -> i64 {
    500
}

fn default_admission() -> String {
    "leader".into()
}

fn default_max_shares() -> i64 {
    100
}

fn default_max_proxies() -> i64 {
    1
}

/// An organisation as stored.
#[derive(Debug, Clone)]
pub struct Org {
    pub id: i64,
    pub slug: String,
    pub name: String,
    pub kind: OrgKind,
    pub country: String,
    pub currency: Currency,
    pub languages: Vec<Locale>,
    pub bylaws: Bylaws,
    /// Where its members live, as the time zone database names it: its days and
    /// closing hours are theirs, not the server's.
    pub timezone: String,
}

impl Org {
    /// Today's date where the organisation is, ISO 8601.
    pub fn today(&self) -> String {
        local_time(jiff::Timestamp::now(), &self.timezone).0
    }
    /// The organisation's wall clock to the minute: "2026-11-28T18:05".
    pub fn clock(&self) -> String {
        local_time(jiff::Timestamp::now(), &self.timezone).1
    }

    /// Messages in the organisation's first language: entries and records it writes
    /// (descriptions, demo texts) read as its treasurer would write them.
    pub fn own_tr(&self) -> crate::i18n::Tr {
        crate::i18n::Tr::new(self.languages.first().copied().unwrap_or(crate::i18n::Locale::En))
    }
}

/// What a person or a program proposes for a new or changed organisation, before checks.
#[derive(Debug, Clone, Default)]
pub struct OrgDraft {
    pub slug: String,
    pub name: String,
    pub kind: String,
    pub country: String,
    pub currency: String,
    pub languages: Vec<String>,
    pub bylaws: Option<Bylaws>,
    /// Empty: the usual time zone of its country.
    pub timezone: String,
}

/// A checked organisation, ready to store.
#[derive(Debug, Clone, PartialEq)]
pub struct ValidOrg {
    pub slug: OrgSlug,
    pub name: String,
    pub kind: OrgKind,
    pub country: String,
    pub currency: Currency,
    pub languages: Vec<Locale>,
    pub bylaws: Bylaws,
    pub timezone: String,
}

/// An instant as a date ("2026-11-28") and a minute ("2026-11-28T18:05") in a time zone;
/// a name the time zone database does not know reads as UTC.
pub fn local_time(at: jiff::Timestamp, timezone: &str) -> (String, String) {
    let zone = jiff::tz::TimeZone::get(timezone).unwrap_or(jiff::tz::TimeZone::UTC);
    let local = zone.to_datetime(at);
    let day = local.date().to_string();
    let minute = format!("{day}T{:02}:{:02}", local.hour(), local.minute());
    (day, minute)
}

/// The time zone most of a country's members live in, for countries of the networks of
/// home-based workers; UTC elsewhere, until a leader says otherwise.
pub fn default_timezone(country: &str) -> &'static str {
    const ZONES: [(&str, &str); 32] = [
        ("AR", "America/Argentina/Buenos_Aires"),
        ("BD", "Asia/Dhaka"),
        ("BO", "America/La_Paz"),
        ("BR", "America/Sao_Paulo"),
        ("CL", "America/Santiago"),
        ("CO", "America/Bogota"),
        ("ES", "Europe/Madrid"),
        ("ET", "Africa/Addis_Ababa"),
        ("GB", "Europe/London"),
        ("GH", "Africa/Accra"),
        ("GT", "America/Guatemala"),
        ("ID", "Asia/Jakarta"),
        ("IN", "Asia/Kolkata"),
        ("KE", "Africa/Nairobi"),
        ("KH", "Asia/Phnom_Penh"),
        ("LA", "Asia/Vientiane"),
        ("LK", "Asia/Colombo"),
        ("MW", "Africa/Blantyre"),
        ("MX", "America/Mexico_City"),
        ("NG", "Africa/Lagos"),
        ("NP", "Asia/Kathmandu"),
        ("PE", "America/Lima"),
        ("PH", "Asia/Manila"),
        ("PK", "Asia/Karachi"),
        ("PT", "Europe/Lisbon"),
        ("SN", "Africa/Dakar"),
        ("TH", "Asia/Bangkok"),
        ("TZ", "Africa/Dar_es_Salaam"),
        ("UG", "Africa/Kampala"),
        ("VN", "Asia/Ho_Chi_Minh"),
        ("ZA", "Africa/Johannesburg"),
        ("ZW", "Africa/Harare"),
    ];
    ZONES
        .iter()
        .find(|(c, _)| c.eq_ignore_ascii_case(country.trim()))
        .map_or("UTC", |(_, z)| z)
}

/// An ISO 3166 alpha-2 country code, upper case.
pub fn parse_country(s: &str) -> Option<String> {
    let s = s.trim().to_ascii_uppercase();
    (s.len() == 2 && s.chars().all(|c| c.is_ascii_uppercase())).then_some(s)
}

/// Parses "gu, hi" into shipped locales; unknown tags are an error.
pub fn parse_languages(tags: &[String]) -> Option<Vec<Locale>> {
    let mut out = vec![];
    for t in tags.iter().map(|t| t.trim()).filter(|t| !t.is_empty()) {
        let l = Locale::parse(t)?;
        if !out.contains(&l) {
            out.push(l);
        }
    }
    (!out.is_empty()).then_some(out)
}

pub fn default_bylaws() -> Bylaws {
    Bylaws {
        share_par_value: 10_000,
        min_shares: 1,
        quorum_percent: 50,
        reserve_percent: 25,
        savings_min_balance: 0,
        savings_notice_days: 0,
        savings_interest_bp: 0,
        max_shares: default_max_shares(),
        max_proxies: default_max_proxies(),
        admission: default_admission(),
        purchase_margin_bp: default_purchase_margin(),
        pay_within_days: 0,
    }
}

impl OrgDraft {
    /// Checks every field and says what is wrong with each.
    pub fn validate(&self) -> Result<ValidOrg, Vec<FieldError>> {
        let mut errors = vec![];
        let slug = OrgSlug::parse(&self.slug);
        if slug.is_none() {
            errors.push(FieldError::new("slug", "org-slug-invalid"));
        }
        let name = self.name.trim().to_string();
        if name.is_empty() || name.chars().count() > 120 {
            errors.push(FieldError::new("name", "org-name-invalid"));
        }
        let kind = OrgKind::parse(&self.kind);
        if kind.is_none() {
            errors.push(FieldError::new("kind", "org-kind-invalid"));
        }
        let country = parse_country(&self.country);
        if country.is_none() {
            errors.push(FieldError::new("country", "org-country-invalid"));
        }
        let currency = Currency::parse(&self.currency);
        if currency.is_none() {
            errors.push(FieldError::new("currency", "org-currency-invalid"));
        }
        let languages = parse_languages(&self.languages);
        if languages.is_none() {
            errors.push(FieldError::new("languages", "org-languages-invalid"));
        }
        let bylaws = self.bylaws.clone().unwrap_or_else(default_bylaws);
        if bylaws.share_par_value < 0 {
            errors.push(FieldError::new("share_par_value", "org-par-invalid"));
        }
        if !(0..=1_000_000).contains(&bylaws.min_shares) {
            errors.push(FieldError::new("min_shares", "org-min-shares-invalid"));
        }
        if !(1..=100).contains(&bylaws.quorum_percent) {
            errors.push(FieldError::new("quorum_percent", "org-percent-invalid"));
        }
        if !(0..=100).contains(&bylaws.reserve_percent) {
            errors.push(FieldError::new("reserve_percent", "org-percent-invalid"));
        }
        if bylaws.savings_min_balance < 0 {
            errors.push(FieldError::new("savings_min_balance", "amount-invalid"));
        }
        if !(0..=365).contains(&bylaws.savings_notice_days) {
            errors.push(FieldError::new("savings_notice_days", "bylaws-notice-invalid"));
        }
        if bylaws.max_shares < bylaws.min_shares.max(1) || bylaws.max_shares > 1_000_000 {
            errors.push(FieldError::new("max_shares", "bylaws-max-shares-invalid"));
        }
        if !(0..=5_000).contains(&bylaws.purchase_margin_bp) {
            errors.push(FieldError::new("purchase_margin", "bylaws-rate-invalid"));
        }
        if !(0..=90).contains(&bylaws.pay_within_days) {
            errors.push(FieldError::new("pay_within_days", "bylaws-pay-days-invalid"));
        }
        if !["leader", "board"].contains(&bylaws.admission.as_str()) {
            errors.push(FieldError::new("admission", "bylaws-admission-invalid"));
        }
        if !(0..=10).contains(&bylaws.max_proxies) {
            errors.push(FieldError::new("max_proxies", "bylaws-max-proxies-invalid"));
        }
        if !(0..=5_000).contains(&bylaws.savings_interest_bp) {
            errors.push(FieldError::new("savings_interest", "bylaws-rate-invalid"));
        }
        let timezone = match self.timezone.trim() {
            "" => default_timezone(country.as_deref().unwrap_or("")).to_string(),
            tz => match jiff::tz::TimeZone::get(tz) {
                Ok(zone) => zone.iana_name().unwrap_or(tz).to_string(),
                Err(_) => {
                    errors.push(FieldError::new("timezone", "org-timezone-invalid"));
                    String::new()
                }
            },
        };
        match (slug, kind, country, currency, languages) {
            (Some(slug), Some(kind), Some(country), Some(currency), Some(languages)) if errors.is_empty() => {
                Ok(ValidOrg {
                    slug,
                    name,
                    kind,
                    country,
                    currency,
                    languages,
                    bylaws,
                    timezone,
                })
            }
            _ => Err(errors),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn draft() -> OrgDraft {
        OrgDraft {
            slug: "dura-sundari".into(),
            name: "Dura Sundari".into(),
            kind: "cooperative".into(),
            country: "in".into(),
            currency: "inr".into(),
            languages: vec!["gu".into(), "hi".into()],
            bylaws: None,
            timezone: String::new(),
        }
    }

    #[test]
    fn the_time_zone_defaults_to_the_country_and_must_be_known() {
        assert_eq!(draft().validate().unwrap().timezone, "Asia/Kolkata");
        let mut d = draft();
        d.timezone = "asia/manila".into();
        assert_eq!(d.validate().unwrap().timezone, "Asia/Manila");
        d.timezone = "Mars/Olympus".into();
        let errs = d.validate().unwrap_err();
        let fields: Vec<&str> = errs.iter().map(|e| e.field.as_ref()).collect();
        assert_eq!(fields, vec!["timezone"]);
        assert_eq!(default_timezone("zz"), "UTC");
    }

    #[test]
    fn days_and_closing_hours_are_the_organisations_own() {
        // 20:00 UTC on 28 November is already the 29th in Manila, still the 28th in São Paulo.
        let at: jiff::Timestamp = "2026-11-28T20:00:00Z".parse().unwrap();
        assert_eq!(
            local_time(at, "Asia/Manila"),
            ("2026-11-29".into(), "2026-11-29T04:00".into())
        );
        assert_eq!(local_time(at, "Asia/Kolkata").1, "2026-11-29T01:30");
        assert_eq!(local_time(at, "America/Sao_Paulo").1, "2026-11-28T17:00");
        assert_eq!(local_time(at, "Nowhere/Atlantis").1, "2026-11-28T20:00");
    }

    #[test]
    fn a_good_draft_is_accepted_and_normalised() {
        let v = draft().validate().unwrap();
        assert_eq!(v.slug.as_str(), "dura-sundari");
        assert_eq!(v.country, "IN");
        assert_eq!(v.currency.code(), "INR");
        assert_eq!(v.languages, vec![Locale::Gu, Locale::Hi]);
    }

    #[test]
    fn each_bad_field_is_named() {
        let mut d = draft();
        d.slug = "Not a slug!".into();
        d.currency = "XXX".into();
        d.languages = vec!["klingon".into()];
        d.bylaws = Some(Bylaws {
            share_par_value: -1,
            min_shares: 1,
            max_shares: 10,
            max_proxies: 1,
            admission: "leader".into(),
            purchase_margin_bp: 500,
            pay_within_days: 0,
            quorum_percent: 0,
            reserve_percent: 101,
            ..default_bylaws()
        });
        let errs = d.validate().unwrap_err();
        let fields: Vec<&str> = errs.iter().map(|e| e.field.as_ref()).collect();
        assert_eq!(
            fields,
            vec![
                "slug",
                "currency",
                "languages",
                "share_par_value",
                "quorum_percent",
                "reserve_percent"
            ]
        );
    }

    proptest! {
        #[test]
        fn slugs_never_contain_what_a_url_would_escape(s in "\\PC{0,50}") {
            if let Some(slug) = OrgSlug::parse(&s) {
                prop_assert!(slug.as_str().chars().all(|c| c.is_ascii_alphanumeric() || c == '-'));
                prop_assert!(!slug.as_str().starts_with('-'));
            }
        }
    }
}
