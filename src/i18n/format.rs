//! Numbers, money and dates in a locale, by ICU4X (CLDR data compiled in).

use icu_datetime::fieldsets::{MD, T, YMD};
use icu_datetime::input::{Date, Time};
use icu_datetime::{DateTimeFormatter, NoCalendarFormatter};
use icu_decimal::DecimalFormatter;
use icu_decimal::input::Decimal;
use icu_locale_core::Locale as IcuLocale;

use super::Locale;
use crate::money::Money;

/// The formatters of one locale, built once.
pub struct Formatter {
    locale: Locale,
    decimal: Option<DecimalFormatter>,
    date: Option<DateTimeFormatter<YMD>>,
    time: Option<NoCalendarFormatter<T>>,
    /// Amharic shows the Ethiopian calendar beside the Gregorian one: its month and day,
    /// then the year as a plain number (the era, printed "AM", reads as a clock time).
    second_date: Option<DateTimeFormatter<MD>>,
}

impl std::fmt::Debug for Formatter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Formatter").field("locale", &self.locale).finish()
    }
}

fn icu_locale(tag: &str) -> IcuLocale {
    tag.parse().unwrap_or(IcuLocale::UNKNOWN)
}

thread_local! {
    // ICU4X formatters are not Sync; each worker thread builds its own, once per locale.
    static FORMATTERS: std::cell::RefCell<std::collections::HashMap<Locale, std::rc::Rc<Formatter>>> = Default::default();
}

/// The formatters of a locale, as a small value that can be held across awaits.
#[derive(Debug, Clone, Copy)]
pub struct Fmt {
    pub locale: Locale,
}

impl Fmt {
    fn with<R>(&self, f: impl FnOnce(&Formatter) -> R) -> R {
        let formatter = FORMATTERS.with(|m| {
            m.borrow_mut()
                .entry(self.locale)
                .or_insert_with(|| std::rc::Rc::new(Formatter::new(self.locale)))
                .clone()
        });
        f(&formatter)
    }
    pub fn int(&self, n: i64) -> String {
        self.with(|f| f.int(n))
    }
    pub fn money(&self, m: Money) -> String {
        self.with(|f| f.money(m))
    }
    pub fn date(&self, iso: &str) -> String {
        self.with(|f| f.date(iso))
    }
    pub fn date_time(&self, iso: &str) -> String {
        self.with(|f| f.date_time(iso))
    }
    pub fn decimal_mark(&self) -> char {
        self.with(|f| f.decimal_mark())
    }
    pub fn percent_bp(&self, bp: i64) -> String {
        self.with(|f| f.percent_bp(bp))
    }
    pub fn fixed(&self, n: i64, exp: i16) -> String {
        self.with(|f| f.fixed(n, exp))
    }
}

impl Formatter {
    pub fn new(locale: Locale) -> Formatter {
        let tag = match locale {
            // Indian grouping (12,34,567.50) comes with the Indian region.
            Locale::Hi => "hi-IN",
            Locale::Gu => "gu-IN",
            Locale::Fil => "fil-PH",
            Locale::Am => "am-ET",
            Locale::Es => "es",
            Locale::PtBr => "pt-BR",
            Locale::En => "en",
        };
        let loc = icu_locale(tag);
        let decimal = DecimalFormatter::try_new((&loc).into(), Default::default()).ok();
        let date = DateTimeFormatter::try_new((&loc).into(), YMD::medium()).ok();
        let time = NoCalendarFormatter::try_new((&loc).into(), T::hm()).ok();
        let second_date = if locale == Locale::Am {
            DateTimeFormatter::try_new((&icu_locale("am-ET-u-ca-ethiopic")).into(), MD::medium()).ok()
        } else {
            None
        };
        Formatter {
            locale,
            decimal,
            date,
            time,
            second_date,
        }
    }

    /// The mark this locale writes between whole and fraction ("." or ",").
    pub fn decimal_mark(&self) -> char {
        match self.locale {
            Locale::Es | Locale::PtBr => ',',
            _ => '.',
        }
    }

    fn decimal(&self, d: &Decimal) -> String {
        match &self.decimal {
            Some(f) => f.format(d).to_string(),
            None => d.to_string(),
        }
    }

    /// A whole number with the locale's grouping: 1,234,567 or 12,34,567.
    pub fn int(&self, n: i64) -> String {
        self.decimal(&Decimal::from(n))
    }

    /// A number kept in units of 10^-`exp`, shown with the digits it needs: 2250 with
    /// exp 3 is "2.25".
    pub fn fixed(&self, n: i64, exp: i16) -> String {
        let mut d = Decimal::from(n);
        d.multiply_pow10(-exp);
        d.absolute.trim_end();
        self.decimal(&d)
    }

    /// A rate in basis points as a percentage: 450 is "4.5 %".
    pub fn percent_bp(&self, bp: i64) -> String {
        let mut d = Decimal::from(bp);
        d.multiply_pow10(-2);
        d.absolute.trim_end();
        format!("{}\u{a0}%", self.decimal(&d))
    }

    /// An amount with its currency symbol and the currency's digits: ₹12,34,567.50.
    pub fn money(&self, m: Money) -> String {
        let exp = i16::from(m.currency.exponent());
        let mut d = Decimal::from(m.minor.unsigned_abs());
        d.multiply_pow10(-exp);
        d.pad_end(-exp);
        let number = self.decimal(&d);
        let symbol = m.currency.symbol();
        // Symbol placement follows CLDR's currency patterns for the shipped locales.
        let sign = if m.minor < 0 { "-" } else { "" };
        match self.locale {
            Locale::Es => format!("{sign}{number}\u{a0}{symbol}"),
            Locale::PtBr => format!("{sign}{symbol}\u{a0}{number}"),
            _ => format!("{sign}{symbol}{number}"),
        }
    }

    /// An ISO date ("2026-11-28") in the locale's medium form; unparseable text is
    /// shown as it is.
    pub fn date(&self, iso: &str) -> String {
        let Some(date) = parse_iso_date(iso) else {
            return iso.to_string();
        };
        let main = match &self.date {
            Some(f) => f.format(&date).to_string(),
            None => iso.to_string(),
        };
        match &self.second_date {
            Some(f) => {
                let year = date
                    .to_calendar(icu_calendar::cal::Ethiopian::default())
                    .era_year()
                    .year;
                format!("{main} ({} {year})", f.format(&date))
            }
            None => main,
        }
    }
}

impl Formatter {
    /// A local minute ("2026-12-01T18:00") as the locale writes a date and a time of day.
    pub fn date_time(&self, iso: &str) -> String {
        let time = iso
            .get(11..16)
            .and_then(|hm| hm.split_once(':'))
            .and_then(|(h, m)| Time::try_new(h.parse().ok()?, m.parse().ok()?, 0, 0).ok());
        match (time, &self.time) {
            (Some(t), Some(f)) => format!("{} {}", self.date(iso), f.format(&t)),
            _ => self.date(iso),
        }
    }
}

fn parse_iso_date(iso: &str) -> Option<Date<icu_calendar::Iso>> {
    let mut parts = iso.get(..10)?.split('-');
    let y: i32 = parts.next()?.parse().ok()?;
    let m: u8 = parts.next()?.parse().ok()?;
    let d: u8 = parts.next()?.parse().ok()?;
    Date::try_new_iso(y, m, d).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::money::Currency;

    fn money(minor: i64, code: &str) -> Money {
        Money::new(minor, Currency::parse(code).unwrap())
    }

    #[test]
    fn hindi_and_gujarati_use_indian_grouping() {
        assert_eq!(
            Formatter::new(Locale::Hi).money(money(123_456_750, "INR")),
            "₹12,34,567.50"
        );
        assert_eq!(Formatter::new(Locale::Gu).int(1_234_567), "12,34,567");
        assert_eq!(Formatter::new(Locale::En).int(1_234_567), "1,234,567");
    }

    #[test]
    fn money_keeps_the_currency_digits() {
        assert_eq!(Formatter::new(Locale::En).money(money(125_000, "PHP")), "₱1,250.00");
        assert_eq!(
            Formatter::new(Locale::PtBr).money(money(125_050, "BRL")),
            "R$\u{a0}1.250,50"
        );
        assert_eq!(Formatter::new(Locale::En).money(money(-5, "INR")), "-₹0.05");
    }

    #[test]
    fn times_of_day_follow_the_locale() {
        let en = Formatter::new(Locale::En).date_time("2026-12-01T18:05");
        assert!(en.starts_with("Dec 1, 2026 6:05") && en.ends_with("PM"), "{en}");
        assert!(
            Formatter::new(Locale::PtBr)
                .date_time("2026-12-01T18:05")
                .ends_with("18:05")
        );
        assert_eq!(Formatter::new(Locale::En).date_time("2026-12-01"), "Dec 1, 2026");
    }

    #[test]
    fn dates_follow_the_locale() {
        assert_eq!(Formatter::new(Locale::En).date("2026-11-28"), "Nov 28, 2026");
        assert!(Formatter::new(Locale::PtBr).date("2026-11-28").contains("nov"));
        let am = Formatter::new(Locale::Am).date("2026-11-28");
        assert!(am.contains('('), "Amharic shows the Ethiopian date too: {am}");
        // 28 November 2026 is 19 Hidar 2019 in the Ethiopian calendar; no era that reads
        // as a clock time.
        assert!(
            am.ends_with(" 2019)") && am.contains("19") && !am.contains("AM"),
            "{am}"
        );
        assert_eq!(Formatter::new(Locale::En).date("not a date"), "not a date");
    }
}

#[cfg(test)]
mod percent_tests {
    use super::*;

    #[test]
    fn rates_show_as_percentages() {
        let f = Formatter::new(Locale::En);
        assert_eq!(f.percent_bp(450), "4.5\u{a0}%");
        assert_eq!(f.percent_bp(0), "0\u{a0}%");
        assert_eq!(Formatter::new(Locale::PtBr).percent_bp(1_250), "12,5\u{a0}%");
    }
}
