//! Money: an integer of minor units with its ISO 4217 currency. Never a float.

use serde::{Deserialize, Serialize};

/// Currencies Tejido knows, with the number of digits of their minor unit (ISO 4217).
const CURRENCIES: &[(&str, u8, &str)] = &[
    ("ARS", 2, "$"),
    ("BDT", 2, "৳"),
    ("BOB", 2, "Bs"),
    ("BRL", 2, "R$"),
    ("CAD", 2, "$"),
    ("CHF", 2, "CHF"),
    ("CLP", 0, "$"),
    ("CNY", 2, "¥"),
    ("COP", 2, "$"),
    ("ETB", 2, "Br"),
    ("EUR", 2, "€"),
    ("GBP", 2, "£"),
    ("GHS", 2, "GH₵"),
    ("GTQ", 2, "Q"),
    ("IDR", 2, "Rp"),
    ("INR", 2, "₹"),
    ("JPY", 0, "¥"),
    ("KES", 2, "KSh"),
    ("KGS", 2, "сом"),
    ("KHR", 2, "៛"),
    ("KRW", 0, "₩"),
    ("LKR", 2, "Rs"),
    ("MMK", 2, "K"),
    ("MWK", 2, "MK"),
    ("MXN", 2, "$"),
    ("NGN", 2, "₦"),
    ("NPR", 2, "रु"),
    ("PEN", 2, "S/"),
    ("PHP", 2, "₱"),
    ("PKR", 2, "Rs"),
    ("RWF", 0, "FRw"),
    ("THB", 2, "฿"),
    ("TZS", 2, "TSh"),
    ("UGX", 0, "USh"),
    ("USD", 2, "$"),
    ("VND", 0, "₫"),
    ("XAF", 0, "FCFA"),
    ("XOF", 0, "CFA"),
    ("ZAR", 2, "R"),
    ("ZMW", 2, "ZK"),
];

/// An ISO 4217 currency that Tejido knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Currency(&'static str, u8, &'static str);

impl Currency {
    /// Parses a three-letter code such as `INR` (case-insensitive).
    pub fn parse(code: &str) -> Option<Currency> {
        let code = code.trim().to_ascii_uppercase();
        CURRENCIES
            .iter()
            .find(|(c, _, _)| *c == code)
            .map(|(c, d, s)| Currency(c, *d, s))
    }
    pub fn code(&self) -> &'static str {
        self.0
    }
    /// Digits after the decimal point in this currency's minor unit.
    pub fn exponent(&self) -> u8 {
        self.1
    }
    pub fn symbol(&self) -> &'static str {
        self.2
    }
    pub fn all() -> impl Iterator<Item = Currency> {
        CURRENCIES.iter().map(|(c, d, s)| Currency(c, *d, s))
    }
}

impl TryFrom<String> for Currency {
    type Error = String;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Currency::parse(&s).ok_or_else(|| format!("unknown currency {s}"))
    }
}

impl From<Currency> for String {
    fn from(c: Currency) -> String {
        c.0.to_string()
    }
}

/// An amount in minor units (paise, centavos, santim) of a currency.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Money {
    pub minor: i64,
    pub currency: Currency,
}

/// The largest amount (or quantity) Tejido reads, in minor units: 10^12, ten billion
/// rupees. A million entries of it still sum far inside an i64, so no sum, in the program
/// or in SQL, can overflow.
pub const MAX_MINOR: i64 = 1_000_000_000_000;

/// Why an amount typed by a person was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AmountError {
    NotANumber,
    TooManyDecimals(u8),
    TooLarge,
}

impl Money {
    pub fn new(minor: i64, currency: Currency) -> Money {
        Money { minor, currency }
    }

    /// Parses an amount as typed ("1250", "1250.5", "12,34,567.50") into minor units,
    /// refusing more decimals than the currency has. `decimal_mark` is the locale's ('.' or
    /// ','); the other mark and spaces group digits and are ignored.
    pub fn parse(input: &str, currency: Currency, decimal_mark: char) -> Result<Money, AmountError> {
        let minor = parse_fixed(input, currency.exponent(), decimal_mark)?;
        Ok(Money { minor, currency })
    }

    /// The amount as a plain decimal string, "1250.50", for forms and exports.
    pub fn to_plain(&self) -> String {
        let exp = u32::from(self.currency.exponent());
        if exp == 0 {
            return self.minor.to_string();
        }
        let div = 10i64.pow(exp);
        let sign = if self.minor < 0 { "-" } else { "" };
        let abs = self.minor.unsigned_abs();
        format!(
            "{sign}{}.{:0width$}",
            abs / div as u64,
            abs % div as u64,
            width = exp as usize
        )
    }
}

/// A decimal number as typed ("1250", "2.25", "12,34,567.50") in units of 10^-`exp`,
/// refusing more decimals than that. `decimal_mark` is the locale's ('.' or ','); the
/// other mark and spaces group digits and are ignored.
pub fn parse_fixed(input: &str, exp: u8, decimal_mark: char) -> Result<i64, AmountError> {
    let group_mark = if decimal_mark == ',' { '.' } else { ',' };
    let s: String = input
        .trim()
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{a0}' && *c != group_mark)
        .collect();
    let (negative, s) = match s.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, s.as_str()),
    };
    let (int_part, frac_part) = s.split_once(decimal_mark).unwrap_or((s, ""));
    let all_digits = |p: &str| p.chars().all(|c| c.is_ascii_digit());
    if (int_part.is_empty() && frac_part.is_empty()) || !all_digits(int_part) || !all_digits(frac_part) {
        return Err(AmountError::NotANumber);
    }
    if frac_part.len() > exp as usize {
        return Err(AmountError::TooManyDecimals(exp));
    }
    let mut n: i64 = 0;
    for c in int_part.chars().chain(frac_part.chars()) {
        let d = i64::from(c as u8 - b'0');
        n = n
            .checked_mul(10)
            .and_then(|m| m.checked_add(d))
            .ok_or(AmountError::TooLarge)?;
    }
    for _ in frac_part.len()..exp as usize {
        n = n.checked_mul(10).ok_or(AmountError::TooLarge)?;
    }
    if n > MAX_MINOR {
        return Err(AmountError::TooLarge);
    }
    Ok(if negative { -n } else { n })
}

/// A percentage as typed ("12", "12.5", "12,5") in basis points (1,250); None when it is
/// not a number or is negative.
pub fn parse_percent(s: &str, decimal_mark: char) -> Option<i64> {
    parse_fixed(s, 2, decimal_mark).ok().filter(|v| *v >= 0)
}

/// A typed amount that must be more than zero, in minor units; or the message id that
/// says what is wrong with it.
pub fn positive_amount(s: &str, currency: Currency, decimal_mark: char) -> Result<i64, &'static str> {
    match Money::parse(s, currency, decimal_mark) {
        Ok(m) if m.minor > 0 => Ok(m.minor),
        Ok(_) => Err("amount-not-positive"),
        Err(AmountError::TooManyDecimals(_)) => Err("amount-too-many-decimals"),
        Err(AmountError::TooLarge) => Err("error-too-large"),
        Err(_) => Err("amount-invalid"),
    }
}

/// Basis points written back as a plain percentage ("4.5" for 450), the inverse of
/// `parse_percent`.
pub fn percent_plain(bp: i64, decimal_mark: char) -> String {
    let whole = format!("{}{}", if bp < 0 { "-" } else { "" }, (bp / 100).unsigned_abs());
    let fraction = format!("{:02}", (bp % 100).unsigned_abs());
    let fraction = fraction.trim_end_matches('0');
    if fraction.is_empty() {
        whole
    } else {
        format!("{whole}{decimal_mark}{fraction}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn inr() -> Currency {
        Currency::parse("inr").unwrap()
    }

    #[test]
    fn parses_amounts_as_typed() {
        assert_eq!(Money::parse("1250", inr(), '.').unwrap().minor, 125_000);
        assert_eq!(Money::parse("1250.5", inr(), '.').unwrap().minor, 125_050);
        assert_eq!(Money::parse("12,34,567.50", inr(), '.').unwrap().minor, 123_456_750);
        let brl = Currency::parse("BRL").unwrap();
        assert_eq!(Money::parse("1.250,50", brl, ',').unwrap().minor, 125_050);
        assert_eq!(
            Money::parse("10", Currency::parse("UGX").unwrap(), '.').unwrap().minor,
            10
        );
    }

    #[test]
    fn refuses_what_is_not_an_amount() {
        assert_eq!(Money::parse("1.505", inr(), '.'), Err(AmountError::TooManyDecimals(2)));
        assert_eq!(
            Money::parse("5.5", Currency::parse("UGX").unwrap(), '.'),
            Err(AmountError::TooManyDecimals(0))
        );
        assert_eq!(Money::parse("abc", inr(), '.'), Err(AmountError::NotANumber));
        assert_eq!(Money::parse("1.2.3", inr(), '.'), Err(AmountError::NotANumber));
        assert_eq!(Money::parse("", inr(), '.'), Err(AmountError::NotANumber));
        assert_eq!(
            Money::parse("99999999999999999999", inr(), '.'),
            Err(AmountError::TooLarge)
        );
    }

    #[test]
    fn percentages_become_basis_points() {
        assert_eq!(parse_percent("12", '.'), Some(1_200));
        for bp in [0, 5, 50, 450, 1_200, 1_234] {
            assert_eq!(parse_percent(&percent_plain(bp, ','), ','), Some(bp));
        }
        assert_eq!(percent_plain(450, '.'), "4.5");
        assert_eq!(parse_percent("2,5", ','), Some(250));
        assert_eq!(parse_percent("-1", '.'), None);
        assert_eq!(parse_percent("x", '.'), None);
    }

    #[test]
    fn unknown_currency_is_refused() {
        assert!(Currency::parse("XYZ").is_none());
        assert_eq!(Currency::parse("etb").map(|c| c.code()), Some("ETB"));
    }

    proptest! {
        #[test]
        fn plain_text_parses_back_to_the_same_amount(minor in -1_000_000_000_000i64..1_000_000_000_000) {
            let m = Money::new(minor, inr());
            prop_assert_eq!(Money::parse(&m.to_plain(), inr(), '.'), Ok(m));
        }
    }
}
