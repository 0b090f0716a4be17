//! Charts drawn on the server as SVG: no script, no web font, readable without colour (each
//! chart comes with a data table for screen readers and sits `aria-hidden`).

use std::fmt::Write;

const W: f64 = 640.0;
const H: f64 = 220.0;
const PAD_L: f64 = 8.0;
const PAD_B: f64 = 22.0;
const PAD_T: f64 = 8.0;

/// Text for SVG and HTML: `&`, `<`, `>` and quotes escaped.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Stacked bars: one bar per x label, one segment per series (`series[i].1[x]`).
pub fn stacked_bars(x_labels: &[String], series: &[(String, Vec<f64>)]) -> String {
    let n = x_labels.len().max(1);
    let totals: Vec<f64> = (0..n)
        .map(|x| {
            series
                .iter()
                .map(|(_, v)| v.get(x).copied().unwrap_or(0.0).max(0.0))
                .sum()
        })
        .collect();
    let max = totals.iter().copied().fold(0.0_f64, f64::max).max(1.0);
    let plot_h = H - PAD_B - PAD_T;
    let slot = (W - PAD_L) / n as f64;
    let bar = (slot * 0.7).max(1.0);
    let mut svg = format!(
        r#"<svg class="chart" viewBox="0 0 {W} {H}" role="img" aria-hidden="true" focusable="false" xmlns="http://www.w3.org/2000/svg">"#
    );
    let _ = write!(
        svg,
        r#"<line class="axis" x1="{PAD_L}" y1="{y}" x2="{W}" y2="{y}"/>"#,
        y = H - PAD_B
    );
    for x in 0..n {
        let mut y = H - PAD_B;
        let left = PAD_L + slot * x as f64 + (slot - bar) / 2.0;
        for (i, (name, values)) in series.iter().enumerate() {
            let v = values.get(x).copied().unwrap_or(0.0).max(0.0);
            if v <= 0.0 {
                continue;
            }
            let h = v / max * plot_h;
            y -= h;
            let _ = write!(
                svg,
                r#"<rect class="s{}" x="{left:.1}" y="{y:.1}" width="{bar:.1}" height="{h:.1}"><title>{} · {}</title></rect>"#,
                i % 6,
                escape(x_labels.get(x).map_or("", String::as_str)),
                escape(name)
            );
        }
        // A label under every few bars keeps the axis readable at 390 px.
        let every = (n / 6).max(1);
        if x % every == 0 {
            let _ = write!(
                svg,
                r#"<text x="{:.1}" y="{:.1}" class="tick">{}</text>"#,
                left,
                H - 6.0,
                escape(x_labels.get(x).map_or("", String::as_str))
            );
        }
    }
    svg.push_str("</svg>");
    svg
}

/// Bars side by side: one group per x label, one bar per series (`series[i].1[x]`), each
/// with its value written above it (`fmt` turns a value into its text), so the chart reads
/// without hovering. The scale starts at zero and ends at `max`, or at the largest value.
pub fn grouped_bars(
    x_labels: &[String],
    series: &[(String, Vec<f64>)],
    max: Option<f64>,
    fmt: impl Fn(f64) -> String,
) -> String {
    let n = x_labels.len().max(1);
    let k = series.len().max(1);
    let largest = series
        .iter()
        .flat_map(|(_, v)| v.iter().copied())
        .fold(0.0_f64, f64::max);
    let max = max.unwrap_or(largest).max(largest).max(1e-9);
    // Room above the tallest bar for its value.
    let plot_h = H - PAD_B - PAD_T - 14.0;
    let slot = (W - PAD_L) / n as f64;
    let bar = (slot * 0.8 / k as f64).max(1.0);
    let mut svg = format!(
        r#"<svg class="chart" viewBox="0 0 {W} {H}" role="img" aria-hidden="true" focusable="false" xmlns="http://www.w3.org/2000/svg">"#
    );
    let _ = write!(
        svg,
        r#"<line class="axis" x1="{PAD_L}" y1="{y}" x2="{W}" y2="{y}"/>"#,
        y = H - PAD_B
    );
    for x in 0..n {
        let group_left = PAD_L + slot * x as f64 + slot * 0.1;
        let label = x_labels.get(x).map_or("", String::as_str);
        for (i, (name, values)) in series.iter().enumerate() {
            let Some(v) = values.get(x).copied().filter(|v| v.is_finite()) else {
                continue;
            };
            let v = v.max(0.0);
            let h = v / max * plot_h;
            let left = group_left + bar * i as f64;
            let y = H - PAD_B - h;
            let _ = write!(
                svg,
                r#"<rect class="s{}" x="{left:.1}" y="{y:.1}" width="{:.1}" height="{h:.1}"><title>{} · {}: {}</title></rect>"#,
                i % 6,
                (bar - 2.0).max(1.0),
                escape(label),
                escape(name),
                escape(&fmt(v))
            );
            let _ = write!(
                svg,
                r#"<text x="{left:.1}" y="{:.1}" class="tick">{}</text>"#,
                y - 3.0,
                escape(&fmt(v))
            );
        }
        let _ = write!(
            svg,
            r#"<text x="{group_left:.1}" y="{:.1}" class="tick">{}</text>"#,
            H - 6.0,
            escape(label)
        );
    }
    svg.push_str("</svg>");
    svg
}

/// A history line, then a forecast line with its interval as a band.
/// `forecast` rows are (value, lower, upper).
pub fn forecast(history: &[f64], forecast: &[(f64, f64, f64)], labels: &[String]) -> String {
    let n = (history.len() + forecast.len()).max(2);
    let max = history
        .iter()
        .copied()
        .chain(forecast.iter().map(|f| f.2))
        .fold(0.0_f64, f64::max)
        .max(1.0);
    let plot_h = H - PAD_B - PAD_T;
    let x_of = |i: usize| PAD_L + (W - PAD_L) * i as f64 / (n - 1) as f64;
    let y_of = |v: f64| H - PAD_B - v.max(0.0) / max * plot_h;
    let mut svg = format!(
        r#"<svg class="chart" viewBox="0 0 {W} {H}" role="img" aria-hidden="true" focusable="false" xmlns="http://www.w3.org/2000/svg">"#
    );
    let _ = write!(
        svg,
        r#"<line class="axis" x1="{PAD_L}" y1="{y}" x2="{W}" y2="{y}"/>"#,
        y = H - PAD_B
    );
    if !forecast.is_empty() {
        let start = history.len();
        let mut band = String::new();
        for (i, f) in forecast.iter().enumerate() {
            let _ = write!(band, "{:.1},{:.1} ", x_of(start + i), y_of(f.2));
        }
        for (i, f) in forecast.iter().enumerate().rev() {
            let _ = write!(band, "{:.1},{:.1} ", x_of(start + i), y_of(f.1));
        }
        let _ = write!(svg, r#"<polygon class="band" points="{}"/>"#, band.trim());
        let mut line = String::new();
        if let Some(last) = history.last() {
            let _ = write!(line, "{:.1},{:.1} ", x_of(start - 1), y_of(*last));
        }
        for (i, f) in forecast.iter().enumerate() {
            let _ = write!(line, "{:.1},{:.1} ", x_of(start + i), y_of(f.0));
        }
        let _ = write!(
            svg,
            r#"<polyline class="line forecast" points="{}"/>"#,
            line.trim()
        );
    }
    let mut line = String::new();
    for (i, v) in history.iter().enumerate() {
        let _ = write!(line, "{:.1},{:.1} ", x_of(i), y_of(*v));
    }
    let _ = write!(
        svg,
        r#"<polyline class="line history" points="{}"/>"#,
        line.trim()
    );
    let every = (n / 6).max(1);
    for (i, label) in labels.iter().enumerate().filter(|(i, _)| i % every == 0) {
        let _ = write!(
            svg,
            r#"<text x="{:.1}" y="{:.1}" class="tick">{}</text>"#,
            x_of(i).min(W - 60.0),
            H - 6.0,
            escape(label)
        );
    }
    svg.push_str("</svg>");
    svg
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_scale_to_the_largest_total_and_escape_labels() {
        let svg = stacked_bars(
            &["1 Kas".into(), "2 Kas".into()],
            &[
                ("A&B".into(), vec![10.0, 30.0]),
                ("C".into(), vec![10.0, 0.0]),
            ],
        );
        // Day 2's single segment is the tallest bar: the whole plot height (220-22-8).
        assert!(svg.contains(r#"height="190.0""#), "{svg}");
        // Day 1: two segments of a third of the height each.
        assert_eq!(svg.matches(r#"height="63.3""#).count(), 2, "{svg}");
        assert!(svg.contains("A&amp;B") && !svg.contains("A&B"));
    }

    #[test]
    fn grouped_bars_sit_side_by_side_on_a_fixed_scale() {
        let svg = grouped_bars(
            &["Trendyol <1>".into(), "HB".into()],
            &[
                ("p50".into(), vec![50.0, 100.0]),
                ("p95".into(), vec![100.0, f64::NAN]),
            ],
            Some(200.0),
            |v| format!("{v:.0} ms"),
        );
        // 100 of 200 is half the plot height (220-22-8-14 = 176).
        assert_eq!(svg.matches(r#"height="88.0""#).count(), 2, "{svg}");
        assert_eq!(svg.matches(r#"height="44.0""#).count(), 1, "{svg}");
        // A missing value draws no bar.
        assert_eq!(svg.matches("<rect").count(), 3);
        assert!(svg.contains("Trendyol &lt;1&gt;") && svg.contains("100 ms"));
    }

    #[test]
    fn forecast_band_has_upper_then_lower_points() {
        let svg = forecast(&[1.0, 2.0], &[(2.0, 1.0, 4.0)], &[]);
        let band = svg.split(r#"points=""#).nth(1).unwrap_or_default();
        assert_eq!(
            band.split('"').next().map(|p| p.split(' ').count()),
            Some(2)
        );
    }
}
