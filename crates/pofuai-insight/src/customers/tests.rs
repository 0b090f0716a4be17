use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use rand_distr::{Beta, Distribution, Exp, Gamma};

use super::*;

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
}

/// Customers drawn from the BG/NBD story itself: each buys at a gamma-distributed rate and
/// may drop out after each purchase with a beta-distributed probability.
fn simulate(n: usize, days: i64, seed: u64) -> Vec<Purchase> {
    let mut rng = StdRng::seed_from_u64(seed);
    let rate = Gamma::new(0.6, 1.0 / 12.0).unwrap_or_else(|_| unreachable!());
    let drop = Beta::new(0.8, 4.0).unwrap_or_else(|_| unreachable!());
    let start = day(2024, 1, 1);
    let mut out = Vec::new();
    for c in 0..n {
        let lambda: f64 = rate.sample(&mut rng);
        let p: f64 = drop.sample(&mut rng);
        let mut t = rng.gen_range(0..90) as f64;
        let gap = Exp::new(lambda.max(1e-6)).unwrap_or_else(|_| unreachable!());
        let spend = 50.0 + 100.0 * rng.r#gen::<f64>();
        loop {
            if t >= days as f64 {
                break;
            }
            out.push(Purchase {
                customer: format!("c{c}"),
                date: start + chrono::Days::new(t as u64),
                amount: spend * (0.8 + 0.4 * rng.r#gen::<f64>()),
            });
            if rng.gen_bool(p) {
                break;
            }
            t += gap.sample(&mut rng).max(1.0);
        }
    }
    out
}

#[test]
fn bg_nbd_predicts_held_back_purchases() {
    let purchases = simulate(3000, 366, 5);
    let e = evaluate(&purchases, 8).unwrap_or_else(|e| panic!("{e}"));
    let ratio = e.purchases_predicted / e.purchases_actual;
    assert!((0.85..1.15).contains(&ratio), "predicted/actual {ratio:.3}");
    assert!(e.purchases_mae < e.purchases_mae_naive, "{e}");
    assert!(e.spend_correlation > 0.5, "{e}");
    assert!(e.rfm_auc > 0.7, "{e}");
}

#[test]
fn segments_follow_recency_and_frequency() {
    assert_eq!(Segment::of(5, 5), Segment::Champions);
    assert_eq!(Segment::of(5, 1), Segment::New);
    assert_eq!(Segment::of(1, 5), Segment::CannotLose);
    assert_eq!(Segment::of(1, 1), Segment::Lost);
    assert_eq!(Segment::Champions.name_tr(), "Şampiyonlar");
    let p = |c: &str, d: NaiveDate| Purchase {
        customer: c.into(),
        date: d,
        amount: 10.0,
    };
    let mut purchases = Vec::new();
    // "often" buys weekly to the end; "gone" bought once long ago.
    for w in 0..40 {
        purchases.push(p("often", day(2025, 1, 1) + chrono::Days::new(7 * w)));
    }
    purchases.push(p("gone", day(2025, 1, 2)));
    for i in 0..8 {
        purchases.push(p(&format!("mid{i}"), day(2025, 5, 1 + i)));
    }
    let rows = rfm(&purchases, day(2025, 10, 10));
    let seg = |c: &str| rows.iter().find(|r| r.customer == c).map(|r| r.segment);
    assert_eq!(seg("often"), Some(Segment::Champions));
    assert_eq!(seg("gone"), Some(Segment::Lost));
}

#[test]
fn cohorts_count_returning_customers() {
    let p = |c: &str, d: NaiveDate| Purchase {
        customer: c.into(),
        date: d,
        amount: 10.0,
    };
    let purchases = vec![
        p("a", day(2025, 1, 5)),
        p("a", day(2025, 2, 5)),
        p("b", day(2025, 1, 9)),
        p("b", day(2025, 3, 1)),
        p("c", day(2025, 2, 1)),
    ];
    let table = cohorts(&purchases, day(2025, 4, 1));
    assert_eq!(table[0].month, day(2025, 1, 1));
    assert_eq!(table[0].customers, 2);
    assert_eq!(table[0].retention, vec![1.0, 0.5, 0.5]);
    assert_eq!(table[1].retention, vec![1.0, 0.0]);
    assert!((repeat_rate(&purchases, day(2025, 4, 1)) - 2.0 / 3.0).abs() < 1e-12);
}
