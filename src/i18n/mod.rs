//! Languages: Fluent message files, locale negotiation, and the locale's formatters.

mod format;

use std::collections::HashMap;
use std::sync::OnceLock;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use unic_langid::LanguageIdentifier;

pub use format::{Fmt, Formatter};

/// The languages Tejido ships. English fills any message a locale lacks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum Locale {
    #[serde(rename = "en")]
    En,
    #[serde(rename = "hi")]
    Hi,
    #[serde(rename = "gu")]
    Gu,
    #[serde(rename = "fil")]
    Fil,
    #[serde(rename = "am")]
    Am,
    #[serde(rename = "es")]
    Es,
    #[serde(rename = "pt-BR")]
    PtBr,
}

impl Locale {
    pub const ALL: [Locale; 7] = [
        Locale::En,
        Locale::Hi,
        Locale::Gu,
        Locale::Fil,
        Locale::Am,
        Locale::Es,
        Locale::PtBr,
    ];

    pub fn tag(self) -> &'static str {
        match self {
            Locale::En => "en",
            Locale::Hi => "hi",
            Locale::Gu => "gu",
            Locale::Fil => "fil",
            Locale::Am => "am",
            Locale::Es => "es",
            Locale::PtBr => "pt-BR",
        }
    }

    /// The language's own name, for the switcher.
    pub fn native_name(self) -> &'static str {
        match self {
            Locale::En => "English",
            Locale::Hi => "हिन्दी",
            Locale::Gu => "ગુજરાતી",
            Locale::Fil => "Filipino",
            Locale::Am => "አማርኛ",
            Locale::Es => "Español",
            Locale::PtBr => "Português",
        }
    }

    /// Parses a tag exactly as shipped ("gu", "pt-BR"), or its language alone ("pt").
    pub fn parse(tag: &str) -> Option<Locale> {
        let tag = tag.trim();
        Locale::ALL
            .into_iter()
            .find(|l| l.tag().eq_ignore_ascii_case(tag))
            .or_else(|| {
                let lang = tag.split(['-', '_']).next().unwrap_or("");
                Locale::ALL
                    .into_iter()
                    .find(|l| l.tag().split('-').next().is_some_and(|p| p.eq_ignore_ascii_case(lang)))
            })
    }

    /// Picks the best shipped locale for an Accept-Language header.
    pub fn negotiate(accept_language: &str) -> Locale {
        let requested = fluent_langneg::accepted_languages::parse(accept_language);
        let available: Vec<LanguageIdentifier> = Locale::ALL.iter().filter_map(|l| l.tag().parse().ok()).collect();
        let default: Option<&LanguageIdentifier> = available.first();
        let chosen = fluent_langneg::negotiate_languages(
            &requested,
            &available,
            default,
            fluent_langneg::NegotiationStrategy::Lookup,
        );
        chosen
            .first()
            .and_then(|l| Locale::parse(&l.to_string()))
            .unwrap_or(Locale::En)
    }

    fn source(self) -> &'static str {
        match self {
            Locale::En => include_str!("../../locales/en/main.ftl"),
            Locale::Hi => include_str!("../../locales/hi/main.ftl"),
            Locale::Gu => include_str!("../../locales/gu/main.ftl"),
            Locale::Fil => include_str!("../../locales/fil/main.ftl"),
            Locale::Am => include_str!("../../locales/am/main.ftl"),
            Locale::Es => include_str!("../../locales/es/main.ftl"),
            Locale::PtBr => include_str!("../../locales/pt-BR/main.ftl"),
        }
    }
}

struct Catalog {
    bundles: HashMap<Locale, FluentBundle<FluentResource>>,
}

fn catalog() -> &'static Catalog {
    static CATALOG: OnceLock<Catalog> = OnceLock::new();
    CATALOG.get_or_init(|| {
        let mut bundles = HashMap::new();
        for locale in Locale::ALL {
            let langid: LanguageIdentifier = locale.tag().parse().unwrap_or_default();
            let mut bundle = FluentBundle::new_concurrent(vec![langid]);
            bundle.set_use_isolating(false);
            let resource = match FluentResource::try_new(locale.source().to_string()) {
                Ok(r) => r,
                Err((r, errors)) => {
                    tracing::error!(locale = locale.tag(), ?errors, "errors in message file");
                    r
                }
            };
            if let Err(errors) = bundle.add_resource(resource) {
                tracing::error!(locale = locale.tag(), ?errors, "duplicate messages");
            }
            bundles.insert(locale, bundle);
        }
        Catalog { bundles }
    })
}

/// The message ids of one locale's file, for the completeness test.
pub fn message_ids(locale: Locale) -> Vec<String> {
    match FluentResource::try_new(locale.source().to_string()) {
        Ok(r) | Err((r, _)) => r
            .entries()
            .filter_map(|e| match e {
                fluent_syntax::ast::Entry::Message(m) => Some(m.id.name.to_string()),
                _ => None,
            })
            .collect(),
    }
}

/// Syntax errors in one locale's file, for tests.
pub fn syntax_errors(locale: Locale) -> usize {
    match FluentResource::try_new(locale.source().to_string()) {
        Ok(_) => 0,
        Err((_, errors)) => errors.len(),
    }
}

/// Translates for one locale; cheap to copy into every page.
#[derive(Clone, Copy, Debug)]
pub struct Tr {
    pub locale: Locale,
}

impl Tr {
    pub fn new(locale: Locale) -> Tr {
        Tr { locale }
    }

    /// The message `id`, falling back to English, then to the id itself.
    pub fn t(&self, id: &str) -> String {
        self.format(id, None)
    }

    /// The message `id` with arguments.
    pub fn ta(&self, id: &str, args: &[(&str, Arg)]) -> String {
        let mut fa = FluentArgs::new();
        for (k, v) in args {
            match v {
                Arg::Str(s) => fa.set(*k, FluentValue::from(s.clone())),
                Arg::Num(n) => fa.set(*k, FluentValue::from(*n)),
            }
        }
        self.format(id, Some(&fa))
    }

    fn format(&self, id: &str, args: Option<&FluentArgs>) -> String {
        let cat = catalog();
        for locale in [self.locale, Locale::En] {
            let Some(bundle) = cat.bundles.get(&locale) else {
                continue;
            };
            if let Some(pattern) = bundle.get_message(id).and_then(|m| m.value()) {
                let mut errors = vec![];
                let text = bundle.format_pattern(pattern, args, &mut errors);
                if !errors.is_empty() {
                    tracing::warn!(id, locale = locale.tag(), ?errors, "message formatting");
                }
                return text.into_owned();
            }
        }
        tracing::warn!(id, "missing message");
        id.to_string()
    }

    /// Numbers, money and dates in this locale.
    pub fn fmt(&self) -> Fmt {
        Fmt { locale: self.locale }
    }
}

/// An argument to a message.
#[derive(Debug, Clone)]
pub enum Arg {
    Str(String),
    Num(i64),
}

impl From<&str> for Arg {
    fn from(s: &str) -> Arg {
        Arg::Str(s.to_string())
    }
}
impl From<String> for Arg {
    fn from(s: String) -> Arg {
        Arg::Str(s)
    }
}
impl From<i64> for Arg {
    fn from(n: i64) -> Arg {
        Arg::Num(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accept_language_picks_the_best_shipped_locale() {
        assert_eq!(Locale::negotiate("gu-IN,gu;q=0.9,en;q=0.8"), Locale::Gu);
        assert_eq!(Locale::negotiate("pt-PT,pt;q=0.9"), Locale::PtBr);
        assert_eq!(Locale::negotiate("fr-FR"), Locale::En);
        assert_eq!(Locale::negotiate(""), Locale::En);
        assert_eq!(Locale::negotiate("am"), Locale::Am);
    }

    #[test]
    fn missing_messages_fall_back_to_english() {
        let tr = Tr::new(Locale::Am);
        assert_eq!(tr.t("no-such-message-anywhere"), "no-such-message-anywhere");
        assert!(!Tr::new(Locale::Gu).t("nav-members").is_empty());
    }

    #[test]
    fn every_locale_has_every_english_message() {
        let english = message_ids(Locale::En);
        let mut missing = vec![];
        for locale in Locale::ALL {
            assert_eq!(syntax_errors(locale), 0, "syntax errors in {}", locale.tag());
            let ids = message_ids(locale);
            for id in &english {
                if !ids.contains(id) {
                    missing.push(format!("{}: {id}", locale.tag()));
                }
            }
        }
        assert!(missing.is_empty(), "messages missing:\n{}", missing.join("\n"));
    }

    #[test]
    fn translations_are_not_english_copies() {
        let english = message_ids(Locale::En);
        for locale in Locale::ALL.into_iter().filter(|l| *l != Locale::En) {
            let same = english
                .iter()
                .filter(|id| Tr::new(locale).t(id) == Tr::new(Locale::En).t(id))
                .count();
            // Brand names and codes may stay the same; most messages must not.
            assert!(
                same * 5 < english.len(),
                "{} copies {same} English messages",
                locale.tag()
            );
        }
    }

    #[test]
    fn plurals_follow_the_locale() {
        let en = Tr::new(Locale::En);
        assert_eq!(
            en.ta("members-count", &[("count", 1.into()), ("n", "1".into())]),
            "1 member"
        );
        assert_eq!(
            en.ta("members-count", &[("count", 3.into()), ("n", "3".into())]),
            "3 members"
        );
    }
}
