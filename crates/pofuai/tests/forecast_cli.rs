//! `pofuai forecast`: the CLI on a seller's exported sales.

#![allow(clippy::unwrap_used)]

use std::process::Command;

fn run(input: &str, args: &[&str]) -> std::process::Output {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("sales.csv");
    std::fs::write(&path, input).unwrap();
    Command::new(env!("CARGO_BIN_EXE_pofuai"))
        .arg("forecast")
        .arg("--input")
        .arg(&path)
        .args(args)
        .env("POFUAI_DATA_DIR", dir.path())
        .output()
        .unwrap()
}

#[test]
fn forecasts_each_series_at_its_own_step() {
    let mut input = String::from("series_id,date,value\n");
    let start = chrono::NaiveDate::from_ymd_opt(2025, 1, 1).unwrap();
    for d in 0..120u64 {
        let date = start + chrono::Days::new(d);
        input.push_str(&format!("kahve,{date},{}\n", 10 + (d % 7) * 2));
    }
    for m in 1..=12 {
        input.push_str(&format!("cezve,2024-{m:02}-01,{}\n", 100 + m * 5));
    }
    let out = run(&input, &["--horizon", "14", "--season", "7"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], "series_id,date,forecast,lower,upper,model");
    assert_eq!(lines.len(), 1 + 14 + 14);
    assert!(lines[1].starts_with("kahve,2025-05-01,"), "{}", lines[1]);
    assert!(lines[15].starts_with("cezve,2025-01-01,"), "{}", lines[15]);
    assert!(lines[28].starts_with("cezve,2026-02-01,"), "{}", lines[28]);
    for line in &lines[1..] {
        let cells: Vec<&str> = line.split(',').collect();
        let (f, lo, hi): (f64, f64, f64) = (
            cells[2].parse().unwrap(),
            cells[3].parse().unwrap(),
            cells[4].parse().unwrap(),
        );
        assert!(lo <= f && f <= hi, "{line}");
        assert!(pofuai_insight_model(cells[5]), "{line}");
    }
}

fn pofuai_insight_model(name: &str) -> bool {
    [
        "seasonal_naive",
        "ets",
        "theta",
        "mstl",
        "croston",
        "tsb",
        "combination",
    ]
    .contains(&name)
}

#[test]
fn malformed_input_names_the_line() {
    let cases = [
        (
            "series_id,date,value\na,2025-01-01,1\na,2025-01-02,abc\n",
            "line 3",
        ),
        (
            "series_id,date,value\na,2025-01-01,1\na,2025/01/02,2\n",
            "line 3",
        ),
        (
            "series_id,date,value\na,2025-01-01,1\na,2025-01-02,1,9\n",
            "line 3",
        ),
        (
            "series_id,date,value\na,2025-01-01,1\na,2025-01-02,1\na,2025-01-05,1\n",
            "line 4",
        ),
        ("when,what\n", "line 1"),
    ];
    for (input, line) in cases {
        let out = run(input, &["--horizon", "3"]);
        assert!(!out.status.success(), "{input:?} was accepted");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(line), "{input:?}: {err}");
        assert!(out.stdout.is_empty(), "no partial output");
    }
    let out = run(
        "series_id,date,value\na,2025-01-01,1\n",
        &["--horizon", "0"],
    );
    assert!(!out.status.success(), "a zero horizon is refused");
}
