//! The forecast CSV formats: `series_id,date,value` in, `series_id,date,forecast,lower,upper,
//! model` out. Parsing names the line of every problem; the step of each series is inferred
//! from its dates.

use std::collections::BTreeMap;

use chrono::NaiveDate;

use crate::series::{Series, Step};
use crate::{Forecast, ForecastOptions};

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CsvError {
    #[error("line {line}: {message}")]
    Line { line: usize, message: String },
    #[error("series {series}: {message}")]
    Series { series: String, message: String },
    #[error("the input has no data rows")]
    Empty,
}

fn at(line: usize, message: impl Into<String>) -> CsvError {
    CsvError::Line {
        line,
        message: message.into(),
    }
}

/// Reads `series_id,date,value` rows (a header line is expected first) into series, in the
/// order of first appearance. Dates must be ISO (`2025-01-31`) and, within a series, follow
/// one another at one regular step, in order and without gaps.
pub fn parse_series(text: &str) -> Result<Vec<(String, Series)>, CsvError> {
    let mut order: Vec<String> = Vec::new();
    let mut rows: BTreeMap<String, Vec<(usize, NaiveDate, f64)>> = BTreeMap::new();
    let mut saw_header = false;
    for (i, raw) in text.lines().enumerate() {
        let line = i + 1;
        let raw = raw.trim_end_matches('\r');
        if raw.trim().is_empty() {
            continue;
        }
        let cells: Vec<&str> = raw.split(',').map(str::trim).collect();
        if !saw_header {
            saw_header = true;
            if cells != ["series_id", "date", "value"] {
                return Err(at(line, "the header must be series_id,date,value"));
            }
            continue;
        }
        if cells.len() != 3 {
            return Err(at(
                line,
                format!(
                    "expected 3 fields (series_id,date,value), found {}",
                    cells.len()
                ),
            ));
        }
        let id = cells[0];
        if id.is_empty() {
            return Err(at(line, "series_id is empty"));
        }
        let date = NaiveDate::parse_from_str(cells[1], "%Y-%m-%d").map_err(|_| {
            at(
                line,
                format!("date '{}' is not an ISO date (YYYY-MM-DD)", cells[1]),
            )
        })?;
        let value: f64 = cells[2]
            .parse()
            .ok()
            .filter(|v: &f64| v.is_finite())
            .ok_or_else(|| at(line, format!("value '{}' is not a number", cells[2])))?;
        if !rows.contains_key(id) {
            order.push(id.to_string());
        }
        rows.entry(id.to_string())
            .or_default()
            .push((line, date, value));
    }
    if order.is_empty() {
        return Err(CsvError::Empty);
    }
    order
        .into_iter()
        .map(|id| {
            let points = rows.remove(&id).unwrap_or_default();
            let series = to_series(&id, &points)?;
            Ok((id, series))
        })
        .collect()
}

fn to_series(id: &str, points: &[(usize, NaiveDate, f64)]) -> Result<Series, CsvError> {
    let (_, start, _) = points[0];
    if points.len() < 2 {
        return Err(CsvError::Series {
            series: id.to_string(),
            message: "has one row; the step cannot be inferred".into(),
        });
    }
    let step = Step::between(points[0].1, points[1].1).ok_or_else(|| {
        at(
            points[1].0,
            format!(
                "{} follows {} in series {id}: not a daily, weekly, monthly or quarterly step",
                points[1].1, points[0].1
            ),
        )
    })?;
    let mut values = Vec::with_capacity(points.len());
    for (i, (line, date, value)) in points.iter().enumerate() {
        let expected = step.add(start, u32::try_from(i).unwrap_or(u32::MAX));
        if expected != Some(*date) {
            return Err(at(
                *line,
                format!(
                    "series {id} expected {} (one {} after the previous row), found {date}",
                    expected.map_or_else(|| "a date".into(), |d| d.to_string()),
                    step.as_str()
                ),
            ));
        }
        values.push(*value);
    }
    Ok(Series::new(start, step, values))
}

pub const OUTPUT_HEADER: &str = "series_id,date,forecast,lower,upper,model";

/// Rows of the output for one series' forecast (without the header).
pub fn write_forecast(out: &mut String, id: &str, f: &Forecast) {
    use std::fmt::Write;
    for i in 0..f.point.len() {
        let _ = writeln!(
            out,
            "{id},{},{:.4},{:.4},{:.4},{}",
            f.dates[i],
            f.point[i],
            f.lower[i],
            f.upper[i],
            f.model.as_str()
        );
    }
}

/// The whole CLI run: parse, forecast each series, format.
pub fn forecast_csv(text: &str, opts: &ForecastOptions) -> Result<String, CsvError> {
    let series = parse_series(text)?;
    let mut out = String::from(OUTPUT_HEADER);
    out.push('\n');
    for (id, s) in series {
        let f = crate::forecast(&s, opts).map_err(|e| CsvError::Series {
            series: id.clone(),
            message: e.to_string(),
        })?;
        write_forecast(&mut out, &id, &f);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn steps_are_inferred_and_dates_continue() {
        let mut text = String::from("series_id,date,value\n");
        for m in 1..=12 {
            text.push_str(&format!("a,2024-{m:02}-01,{}\n", 10 + m));
        }
        for d in 0..30 {
            text.push_str(&format!("b,2025-01-{:02},{}\n", d + 1, d % 7));
        }
        let opts = ForecastOptions {
            horizon: 3,
            ..Default::default()
        };
        let out = forecast_csv(&text, &opts).unwrap_or_else(|e| panic!("{e}"));
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines[0], OUTPUT_HEADER);
        assert!(lines[1].starts_with("a,2025-01-01,"), "{}", lines[1]);
        assert!(lines[3].starts_with("a,2025-03-01,"));
        assert!(lines[4].starts_with("b,2025-01-31,"), "{}", lines[4]);
        assert_eq!(lines.len(), 7);
    }

    #[test]
    fn malformed_rows_name_their_line() {
        let cases = [
            ("id,day,value\n", "line 1: the header"),
            (
                "series_id,date,value\na,2025-01-01\n",
                "line 2: expected 3 fields",
            ),
            (
                "series_id,date,value\na,2025-01-01,1\na,01/02/2025,2\n",
                "line 3: date '01/02/2025'",
            ),
            (
                "series_id,date,value\na,2025-01-01,1\na,2025-01-02,x\n",
                "line 3: value 'x'",
            ),
            (
                "series_id,date,value\na,2025-01-01,1\na,2025-01-02,2\na,2025-01-04,3\n",
                "line 4: series a expected 2025-01-03",
            ),
            (
                "series_id,date,value\na,2025-01-01,1\na,2025-01-03,2\n",
                "line 3: 2025-01-03 follows",
            ),
            (
                "series_id,date,value\n,2025-01-01,1\n",
                "line 2: series_id is empty",
            ),
        ];
        for (text, want) in cases {
            let err = parse_series(text).map(|_| ()).unwrap_err().to_string();
            assert!(err.starts_with(want), "{err:?} should start with {want:?}");
        }
        assert_eq!(parse_series("series_id,date,value\n"), Err(CsvError::Empty));
    }
}
