//! Small charts drawn on the server as SVG: no script, a few hundred bytes each.

use maud::{Markup, html};

const W: i64 = 320;
const H: i64 = 140;
const PAD: i64 = 18;

/// Pairs of bars per period (say income and expenses by month), scaled to the largest.
pub fn paired_bars(title: &str, labels: (&str, &str), series: &[(String, i64, i64)]) -> Markup {
    let max = series.iter().flat_map(|(_, a, b)| [*a, *b]).max().unwrap_or(0).max(1);
    let n = series.len().max(1) as i64;
    let slot = (W - PAD) / n;
    let bar = (slot / 2 - 1).max(1);
    let y = |v: i64| H - PAD - v.max(0) * (H - 2 * PAD) / max;
    html! {
        figure.chart {
            svg viewBox=(format!("0 0 {W} {H}")) role="img" aria-label=(title) {
                title { (title) }
                line x1=(PAD) y1=(H - PAD) x2=(W) y2=(H - PAD) stroke="#999" {}
                @for (i, (label, a, b)) in series.iter().enumerate() {
                    @let x = PAD + i as i64 * slot;
                    rect x=(x) y=(y(*a)) width=(bar) height=(H - PAD - y(*a)) fill="#1f6f43" { title { (label) ": " (a) } }
                    rect x=(x + bar + 1) y=(y(*b)) width=(bar) height=(H - PAD - y(*b)) fill="#a3231a" { title { (label) ": " (b) } }
                    @if i % 2 == 0 { text x=(x) y=(H - 4) font-size="9" fill="#555" { (label.get(5..7).unwrap_or(label)) } }
                }
            }
            figcaption { span.key.good {} (labels.0) " " span.key.bad {} (labels.1) }
        }
    }
}

/// One line over time (say cash at the end of each month).
pub fn line(title: &str, series: &[(String, i64)]) -> Markup {
    let max = series.iter().map(|(_, v)| *v).max().unwrap_or(0).max(1);
    let min = series.iter().map(|(_, v)| *v).min().unwrap_or(0).min(0);
    let span = (max - min).max(1);
    let n = (series.len() as i64 - 1).max(1);
    let pts: Vec<String> = series
        .iter()
        .enumerate()
        .map(|(i, (_, v))| {
            format!(
                "{},{}",
                PAD + i as i64 * (W - 2 * PAD) / n,
                H - PAD - (v - min) * (H - 2 * PAD) / span
            )
        })
        .collect();
    html! {
        figure.chart {
            svg viewBox=(format!("0 0 {W} {H}")) role="img" aria-label=(title) {
                title { (title) }
                line x1=(PAD) y1=(H - PAD) x2=(W) y2=(H - PAD) stroke="#999" {}
                polyline points=(pts.join(" ")) fill="none" stroke="#8a2d5c" stroke-width="2" {}
                @for (i, (label, _)) in series.iter().enumerate() {
                    @if i % 2 == 0 { text x=(PAD + i as i64 * (W - 2 * PAD) / n) y=(H - 4) font-size="9" fill="#555" { (label.get(5..7).unwrap_or(label)) } }
                }
            }
            figcaption { (title) }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn charts_are_small_svg_without_script_or_style() {
        let series: Vec<(String, i64, i64)> = (1..=12).map(|m| (format!("2026-{m:02}"), m * 1_000, 500)).collect();
        let svg = paired_bars("Income and expenses", ("Income", "Expenses"), &series).into_string();
        assert!(svg.contains("<svg") && svg.len() < 6_000);
        assert!(!svg.contains("<script") && !svg.contains("style="));
        let l = line("Cash", &[("2026-01".into(), -5), ("2026-02".into(), 10)]).into_string();
        assert!(l.contains("polyline"));
        assert_eq!(line("Cash", &[]).into_string().matches("<text").count(), 0);
    }
}
