//! The rules of producing together, without I/O: the fair piece rate from a minimum wage
//! and the standard minutes, what a hand-in earns and the top-up to the time rate, how
//! many pieces a lot may take and a hand-in may bring, the reconciliation of materials,
//! and when pay falls due. Integers only; every product and sum is checked.

use time::Date;

/// A legal minimum wage: minor units for a normal day of `minutes_per_day`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Wage {
    pub per_day: i64,
    pub minutes_per_day: i64,
}

fn ceil_div(n: i128, d: i128) -> Option<i64> {
    if d <= 0 || n < 0 {
        return None;
    }
    i64::try_from((n + d - 1) / d).ok()
}

/// The fair rate of an operation: the wage per minute × its standard minutes ÷ the
/// expected efficiency of an average worker, rounded up to the minor unit. Standard
/// minutes come in hundredths of a minute, efficiency in percent (100 = 1.0).
pub fn fair_rate(w: Wage, sam_centi: i64, efficiency_pct: i64) -> Option<i64> {
    if w.per_day < 0 || sam_centi <= 0 || efficiency_pct <= 0 {
        return None;
    }
    // (per_day / minutes) × (sam_centi / 100) ÷ (efficiency / 100)
    ceil_div(
        i128::from(w.per_day) * i128::from(sam_centi),
        i128::from(w.minutes_per_day) * i128::from(efficiency_pct),
    )
}

/// What `minutes` of work earn at the time rate, rounded up to the minor unit.
pub fn time_pay(w: Wage, minutes: i64) -> Option<i64> {
    if minutes < 0 {
        return None;
    }
    ceil_div(
        i128::from(w.per_day) * i128::from(minutes),
        i128::from(w.minutes_per_day),
    )
}

/// Accepted pieces at a rate.
pub fn earned(accepted: i64, rate: i64) -> Option<i64> {
    accepted.checked_mul(rate)
}

/// What tops piece earnings up to the time rate for the minutes worked (Indian
/// minimum-wage law: a piece worker gets at least the time rate).
pub fn topup(earned: i64, time_pay: Option<i64>) -> i64 {
    time_pay.map_or(0, |t| (t - earned).max(0))
}

/// The rate a hand-in is paid at: the one promised with the lot, or a later raise; a cut
/// made after the lot was given never reaches it.
pub fn rate_at_hand_in(promised: i64, in_force: Option<i64>) -> i64 {
    in_force.map_or(promised, |r| r.max(promised))
}

/// How a hand-in was counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Count {
    pub handed: i64,
    pub accepted: i64,
    pub rejected: i64,
    pub rework: i64,
}

/// Checks a hand-in against what the lot still holds (`outstanding`: its quantity less
/// the pieces accepted or rejected before; pieces sent back for rework come back).
/// Answers the message id of what is wrong.
pub fn check_count(c: Count, outstanding: i64, reason: &str) -> Result<(), &'static str> {
    if c.handed <= 0 || c.accepted < 0 || c.rejected < 0 || c.rework < 0 {
        return Err("hand-in-count-invalid");
    }
    let sum = c.accepted.checked_add(c.rejected).and_then(|s| s.checked_add(c.rework));
    if sum != Some(c.handed) {
        return Err("hand-in-count-mismatch");
    }
    if c.handed > outstanding {
        return Err("hand-in-more-than-lot");
    }
    if c.rejected > 0 && reason.trim().is_empty() {
        return Err("hand-in-reason-needed");
    }
    Ok(())
}

/// The pieces a lot takes for good: all of it while open, what was done once closed.
pub fn taken(open: bool, quantity: i64, accepted: i64, rejected: i64) -> i64 {
    if open { quantity } else { accepted + rejected }
}

/// Pieces free for new lots of an operation: the order's quantity for the first one, the
/// accepted pieces of the operation before it for a later one, less what lots of this
/// operation took.
pub fn free_pieces(source: i64, taken: i64) -> i64 {
    (source - taken).max(0)
}

/// One article's materials with one lot or order, in thousandths of its unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Materials {
    pub issued: i64,
    /// The bill of materials × the pieces handed in, accepted and rejected alike.
    pub used: i64,
    pub returned: i64,
    pub wasted: i64,
    /// What she still holds for the pieces to come.
    pub with_her: i64,
    /// The waste the bill of materials allows for what was used.
    pub allowed: i64,
}

impl Materials {
    /// Reconciles a lot: while it is open, what is not used, returned or wasted is still
    /// with her; once closed, nothing is, and any rest is a difference.
    pub fn of_lot(
        issued: i64,
        per_piece: i64,
        done: i64,
        returned: i64,
        wasted: i64,
        waste_bp: i64,
        open: bool,
    ) -> Materials {
        let used = per_piece.saturating_mul(done);
        let rest = issued - used - returned - wasted;
        Materials {
            issued,
            used,
            returned,
            wasted,
            with_her: if open { rest.max(0) } else { 0 },
            allowed: allowed_waste(used, waste_bp),
        }
    }

    /// What the counts leave unexplained: issued less used, returned, wasted and still
    /// with her. Positive: material missing; negative: more used than issued.
    pub fn difference(&self) -> i64 {
        self.issued - self.used - self.returned - self.wasted - self.with_her
    }

    /// Flagged when declared waste and the difference together pass the allowed waste.
    pub fn flagged(&self) -> bool {
        self.wasted.saturating_add(self.difference().saturating_abs()) > self.allowed
    }

    pub fn add(&mut self, o: &Materials) {
        self.issued += o.issued;
        self.used += o.used;
        self.returned += o.returned;
        self.wasted += o.wasted;
        self.with_her += o.with_her;
        self.allowed += o.allowed;
    }
}

/// The waste allowed on what was used, rounded up.
pub fn allowed_waste(used: i64, waste_bp: i64) -> i64 {
    ceil_div(i128::from(used.max(0)) * i128::from(waste_bp.max(0)), 10_000).unwrap_or(0)
}

/// Part of an issue's value that `part` of its `whole` quantity carries, so that every
/// return taken together never gives back more than the issue cost.
pub fn share_of_value(value: i64, part: i64, whole: i64) -> i64 {
    if whole <= 0 {
        return 0;
    }
    i64::try_from(i128::from(value) * i128::from(part.clamp(0, whole)) / i128::from(whole)).unwrap_or(0)
}

/// When a hand-in's pay falls due: on the day, or within the promised days.
pub fn due_on(handed: Date, pay_within_days: i64) -> Date {
    handed
        .checked_add(time::Duration::days(pay_within_days.max(0)))
        .unwrap_or(handed)
}

/// Days a payment is late: from its due date to the day it was paid, or to today while
/// unpaid; 0 when on time.
pub fn days_late(due: Date, paid_or_today: Date) -> i64 {
    (paid_or_today - due).whole_days().max(0)
}

/// How a member takes her pay.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PayHow {
    Cash,
    Mobile,
    Savings,
    Loan,
}

impl PayHow {
    pub const ALL: [PayHow; 4] = [PayHow::Cash, PayHow::Mobile, PayHow::Savings, PayHow::Loan];
    pub fn as_str(self) -> &'static str {
        match self {
            PayHow::Cash => "cash",
            PayHow::Mobile => "mobile",
            PayHow::Savings => "savings",
            PayHow::Loan => "loan",
        }
    }
    pub fn parse(s: &str) -> Option<PayHow> {
        PayHow::ALL.into_iter().find(|h| h.as_str() == s.trim())
    }
    pub fn label(self) -> &'static str {
        match self {
            PayHow::Cash => "pay-how-cash",
            PayHow::Mobile => "pay-how-mobile",
            PayHow::Savings => "pay-how-savings",
            PayHow::Loan => "pay-how-loan",
        }
    }
}

/// Largest photo a product keeps, bytes (the page budget's image size).
pub const PHOTO_BYTES: usize = 30_000;

/// A product's photo as a phone takes it (JPEG, PNG or WebP, turned upright by its EXIF
/// orientation), made small: a JPEG of at most 480 px a side and 30 KB. Answers the
/// message id of what is wrong.
pub fn small_photo(bytes: &[u8]) -> Result<Vec<u8>, &'static str> {
    use image::{DynamicImage, ImageDecoder, ImageReader, Limits, codecs::jpeg::JpegEncoder};
    let mut reader = ImageReader::new(std::io::Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|_| "photo-unreadable")?;
    let mut limits = Limits::default();
    limits.max_image_width = Some(8_000);
    limits.max_image_height = Some(8_000);
    // A 12-megapixel photo decodes in 36 MB; anything larger is refused, not decoded.
    limits.max_alloc = Some(48 * 1024 * 1024);
    reader.limits(limits);
    let mut decoder = reader.into_decoder().map_err(|_| "photo-unreadable")?;
    let orientation = decoder.orientation().map_err(|_| "photo-unreadable")?;
    let mut img = DynamicImage::from_decoder(decoder).map_err(|_| "photo-unreadable")?;
    img.apply_orientation(orientation);
    for (side, quality) in [(480, 70), (400, 60), (320, 55), (240, 50)] {
        let small = img.thumbnail(side, side).to_rgb8();
        let mut out = vec![];
        JpegEncoder::new_with_quality(&mut out, quality)
            .encode_image(&small)
            .map_err(|_| "photo-unreadable")?;
        if out.len() <= PHOTO_BYTES {
            return Ok(out);
        }
    }
    Err("photo-too-detailed")
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use time::macros::date;

    /// Delhi's minimum wage for unskilled workers from 1 October 2024: ₹695 a day of
    /// 8 hours. An operation of 12.5 standard minutes at an efficiency of 1.0:
    /// 69,500 paise × 12.5 ÷ 480 = 1,809.90 paise, rounded up to ₹18.10.
    #[test]
    fn fair_rate_from_delhi_unskilled_wage() {
        let w = Wage {
            per_day: 69_500,
            minutes_per_day: 480,
        };
        assert_eq!(fair_rate(w, 1_250, 100), Some(1_810));
        // A day of 480 minutes holds 38.4 such pieces: 38.4 × ₹18.10 = ₹695.04.
        assert!(fair_rate(w, 1_250, 100).unwrap_or(0) * 384 >= 69_500 * 10);
    }

    /// The National Capital Region's minimum wage from 17 July 2024: ₱645 a day of
    /// 8 hours. A doormat's finishing of 6 standard minutes: 64,500 × 6 ÷ 480 = 806.25
    /// centavos, up to ₱8.07; at an expected efficiency of 0.8, ÷ 0.8 = 1,007.81, up to
    /// ₱10.08.
    #[test]
    fn fair_rate_from_ncr_wage_and_efficiency() {
        let w = Wage {
            per_day: 64_500,
            minutes_per_day: 480,
        };
        assert_eq!(fair_rate(w, 600, 100), Some(807));
        assert_eq!(fair_rate(w, 600, 80), Some(1_008));
        assert_eq!(fair_rate(w, 0, 100), None, "no standard minutes, no rate");
        assert_eq!(fair_rate(w, 600, 0), None);
    }

    #[test]
    fn time_rate_tops_up_slow_piece_work() {
        let w = Wage {
            per_day: 69_500,
            minutes_per_day: 480,
        };
        // 3 hours at ₹695 a day: ₹260.63 (260.625 up).
        assert_eq!(time_pay(w, 180), Some(26_063));
        assert_eq!(topup(20_000, time_pay(w, 180)), 6_063);
        assert_eq!(topup(30_000, time_pay(w, 180)), 0);
        assert_eq!(topup(30_000, None), 0);
    }

    #[test]
    fn a_cut_never_reaches_a_lot_given_before_it() {
        assert_eq!(rate_at_hand_in(1_810, Some(1_500)), 1_810);
        assert_eq!(rate_at_hand_in(1_810, Some(2_000)), 2_000);
        assert_eq!(rate_at_hand_in(1_810, None), 1_810);
    }

    #[test]
    fn counts_must_add_up_and_fit_the_lot() {
        let c = |handed, accepted, rejected, rework| Count {
            handed,
            accepted,
            rejected,
            rework,
        };
        assert_eq!(check_count(c(10, 8, 1, 1), 10, "stain"), Ok(()));
        assert_eq!(check_count(c(10, 8, 1, 0), 10, "stain"), Err("hand-in-count-mismatch"));
        assert_eq!(check_count(c(11, 11, 0, 0), 10, ""), Err("hand-in-more-than-lot"));
        assert_eq!(check_count(c(5, 4, 1, 0), 10, " "), Err("hand-in-reason-needed"));
        assert_eq!(check_count(c(0, 0, 0, 0), 10, ""), Err("hand-in-count-invalid"));
        assert_eq!(check_count(c(2, 3, -1, 0), 10, ""), Err("hand-in-count-invalid"));
    }

    #[test]
    fn a_closed_lot_with_material_missing_is_flagged() {
        // 2.25 m a kurta, 5 % waste allowed; 50 m issued, 20 kurtas done, 3 m returned.
        let m = Materials::of_lot(50_000, 2_250, 20, 3_000, 1_000, 500, false);
        assert_eq!(m.used, 45_000);
        assert_eq!(m.allowed, 2_250);
        assert_eq!(m.difference(), 1_000);
        assert!(!m.flagged(), "1 m declared and 1 m missing fit 2.25 m allowed");
        let m = Materials::of_lot(50_000, 2_250, 20, 0, 1_000, 500, false);
        assert_eq!(m.difference(), 4_000);
        assert!(m.flagged());
        // Open: the rest is still with her.
        let m = Materials::of_lot(50_000, 2_250, 10, 0, 0, 500, true);
        assert_eq!((m.with_her, m.difference()), (27_500, 0));
        assert!(!m.flagged());
    }

    #[test]
    fn returns_carry_their_share_of_the_issue() {
        assert_eq!(share_of_value(1_000, 1, 3), 333);
        assert_eq!(share_of_value(1_000, 5, 3), 1_000);
    }

    #[test]
    fn pay_due_and_late() {
        assert_eq!(due_on(date!(2026 - 11 - 25), 10), date!(2026 - 12 - 05));
        assert_eq!(due_on(date!(2026 - 11 - 25), 0), date!(2026 - 11 - 25));
        assert_eq!(days_late(date!(2026 - 12 - 05), date!(2026 - 12 - 07)), 2);
        assert_eq!(days_late(date!(2026 - 12 - 05), date!(2026 - 12 - 01)), 0);
    }

    /// A noisy 2,000 × 1,500 PNG, as big as a phone's photo and harder to squeeze than
    /// one, comes out a JPEG within 480 px and 30 KB; what is not an image is refused.
    #[test]
    fn a_photo_is_made_small() {
        let img = image::RgbImage::from_fn(2_000, 1_500, |x, y| {
            let v = (x.wrapping_mul(7) ^ y.wrapping_mul(13)) as u8;
            image::Rgb([v, v.wrapping_add(80), (x / 8) as u8])
        });
        let mut png = vec![];
        image::DynamicImage::ImageRgb8(img)
            .write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)
            .unwrap_or_default();
        assert!(png.len() > 100_000);
        let small = small_photo(&png).unwrap_or_default();
        assert!(!small.is_empty() && small.len() <= PHOTO_BYTES, "{} bytes", small.len());
        let back = image::load_from_memory(&small)
            .map(|i| (i.width(), i.height()))
            .unwrap_or((0, 0));
        assert!(back.0 <= 480 && back.1 <= 480 && back.0 > 0, "{back:?}");
        assert_eq!(&small[..2], &[0xff, 0xd8], "a JPEG");
        assert_eq!(small_photo(b"not a picture"), Err("photo-unreadable"));
    }

    proptest! {
        /// A fair rate times the pieces of a day's standard work never pays under the
        /// day's minimum wage.
        #[test]
        fn a_day_at_the_fair_rate_pays_at_least_the_minimum(
            per_day in 0i64..10_000_000, minutes in 60i64..720, sam in 1i64..100_000, eff in 30i64..200,
        ) {
            let w = Wage { per_day, minutes_per_day: minutes };
            let rate = fair_rate(w, sam, eff).unwrap_or(0);
            // Pieces in a day: minutes × efficiency ÷ standard minutes, kept exact by
            // scaling both sides by sam × 100.
            let pay_scaled = i128::from(rate) * i128::from(minutes) * i128::from(eff);
            prop_assert!(pay_scaled >= i128::from(per_day) * i128::from(sam));
            // and by less than one minor unit a piece.
            prop_assert!(i128::from(rate - 1) * i128::from(minutes) * i128::from(eff) < i128::from(per_day) * i128::from(sam));
        }

        /// Materials always balance: issued = used + returned + wasted + with her +
        /// the difference, whatever the counts.
        #[test]
        fn materials_always_balance(
            issued in 0i64..1_000_000, per_piece in 0i64..5_000, done in 0i64..500,
            returned in 0i64..100_000, wasted in 0i64..100_000, bp in 0i64..2_000, open: bool,
        ) {
            let m = Materials::of_lot(issued, per_piece, done, returned, wasted, bp, open);
            prop_assert_eq!(m.issued, m.used + m.returned + m.wasted + m.with_her + m.difference());
            prop_assert!(m.with_her >= 0);
        }

        /// Returns, however split, give back at most what the issue cost, and all of it
        /// when everything comes back.
        #[test]
        fn returns_never_give_back_more_than_the_issue(value in 0i64..10_000_000, whole in 1i64..100_000, parts in proptest::collection::vec(0i64..1_000, 0..20)) {
            let mut back = 0i64;
            let mut given = 0i64;
            for p in parts {
                let now = (back + p).min(whole);
                given += share_of_value(value, now, whole) - share_of_value(value, back, whole);
                back = now;
            }
            prop_assert!(given <= value);
            prop_assert_eq!(given, share_of_value(value, back, whole));
        }
    }
}
