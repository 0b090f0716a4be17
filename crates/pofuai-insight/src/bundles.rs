//! Seller insights from their own orders: cross-sell bundles (products bought together in one
//! order) and the channel comparison (which products sell better where, and where a product
//! that sells well elsewhere is not listed).
//!
//! Bundles are association rules over order baskets. For a set S of products, `orders(S)` is
//! how many orders hold all of S and `support(S) = orders(S) / orders`. A pair {A, B} or a
//! triple {A, B, C} is reported with the rule that has the highest confidence:
//! `confidence(X → y) = support(X ∪ {y}) / support(X)` and
//! `lift(X → y) = support(X ∪ {y}) / (support(X) · support({y}))` — above 1 when the products
//! go together more often than chance would have them.

use std::collections::{BTreeMap, HashMap, HashSet};

use serde::Serialize;

/// Products in one basket counted for pairs and for triples, at most (larger baskets are
/// bulk orders that say little about what goes together; they are cut to their first ids).
const MAX_PAIR_BASKET: usize = 40;
const MAX_TRIPLE_BASKET: usize = 12;

/// A set of products bought together, with the rule that best predicts its last product.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Bundle {
    /// The products, ascending by id.
    pub products: Vec<i64>,
    /// The rule's left side ("who bought these") and right side ("also bought this").
    pub antecedent: Vec<i64>,
    pub consequent: i64,
    /// Orders holding every product of the bundle.
    pub orders: u64,
    pub support: f64,
    pub confidence: f64,
    pub lift: f64,
}

/// The bundles of `baskets` (each an order's distinct products) bought together in at least
/// `min_orders` orders, strongest first (by lift, then orders), at most `limit` pairs and
/// `limit` triples.
pub fn bundles(baskets: &[Vec<i64>], min_orders: u64, limit: usize) -> (Vec<Bundle>, Vec<Bundle>) {
    let min_orders = min_orders.max(1);
    let n = baskets.len();
    if n == 0 {
        return (Vec::new(), Vec::new());
    }
    let mut single: HashMap<i64, u64> = HashMap::new();
    let mut pairs: HashMap<(i64, i64), u64> = HashMap::new();
    let mut triples: HashMap<(i64, i64, i64), u64> = HashMap::new();
    let clean: Vec<Vec<i64>> = baskets
        .iter()
        .map(|b| {
            let mut b: Vec<i64> = b
                .iter()
                .copied()
                .collect::<HashSet<_>>()
                .into_iter()
                .collect();
            b.sort_unstable();
            b
        })
        .collect();
    for b in &clean {
        for p in b {
            *single.entry(*p).or_default() += 1;
        }
    }
    for b in &clean {
        let b: Vec<i64> = b
            .iter()
            .copied()
            .filter(|p| single.get(p).copied().unwrap_or(0) >= min_orders)
            .take(MAX_PAIR_BASKET)
            .collect();
        for i in 0..b.len() {
            for j in i + 1..b.len() {
                *pairs.entry((b[i], b[j])).or_default() += 1;
            }
        }
    }
    for b in &clean {
        let b: Vec<i64> = b
            .iter()
            .copied()
            .filter(|p| single.get(p).copied().unwrap_or(0) >= min_orders)
            .take(MAX_TRIPLE_BASKET)
            .collect();
        for i in 0..b.len() {
            for j in i + 1..b.len() {
                if pairs.get(&(b[i], b[j])).copied().unwrap_or(0) < min_orders {
                    continue;
                }
                for k in j + 1..b.len() {
                    *triples.entry((b[i], b[j], b[k])).or_default() += 1;
                }
            }
        }
    }
    let total = n as f64;
    let s = |count: u64| count as f64 / total;
    let pair_count = |a: i64, b: i64| {
        let key = if a < b { (a, b) } else { (b, a) };
        pairs.get(&key).copied().unwrap_or(0)
    };
    let mut pair_out: Vec<Bundle> = pairs
        .iter()
        .filter(|(_, c)| **c >= min_orders)
        .map(|(&(a, b), &c)| {
            let (ca, cb) = (single[&a], single[&b]);
            // The rule with the higher confidence: from the rarer product to the other.
            let (x, y, cx) = if cb < ca || (cb == ca && b < a) {
                (b, a, cb)
            } else {
                (a, b, ca)
            };
            let confidence = c as f64 / cx as f64;
            Bundle {
                products: vec![a, b],
                antecedent: vec![x],
                consequent: y,
                orders: c,
                support: s(c),
                confidence,
                lift: confidence / s(single[&y]),
            }
        })
        .collect();
    let mut triple_out: Vec<Bundle> = triples
        .iter()
        .filter(|(_, c)| **c >= min_orders)
        .map(|(&(a, b, c3), &c)| {
            let rules = [((a, b), c3), ((a, c3), b), ((b, c3), a)];
            // The rule with the highest confidence, then the highest lift, then the lowest
            // consequent id.
            let scored = rules.map(|((x1, x2), y)| {
                let confidence = c as f64 / pair_count(x1, x2).max(1) as f64;
                let lift = confidence / s(single[&y]);
                ((x1, x2), y, confidence, lift)
            });
            let best = scored
                .into_iter()
                .reduce(|l, r| {
                    let better =
                        r.2.total_cmp(&l.2)
                            .then(r.3.total_cmp(&l.3))
                            .then(l.1.cmp(&r.1));
                    if better == std::cmp::Ordering::Greater {
                        r
                    } else {
                        l
                    }
                })
                .unwrap_or(((a, b), c3, 0.0, 0.0));
            let ((x1, x2), y, confidence, lift) = best;
            Bundle {
                products: vec![a, b, c3],
                antecedent: vec![x1, x2],
                consequent: y,
                orders: c,
                support: s(c),
                confidence,
                lift,
            }
        })
        .collect();
    let order = |l: &Bundle, r: &Bundle| {
        r.lift
            .total_cmp(&l.lift)
            .then(r.orders.cmp(&l.orders))
            .then(l.products.cmp(&r.products))
    };
    pair_out.sort_by(order);
    triple_out.sort_by(order);
    pair_out.truncate(limit);
    triple_out.truncate(limit);
    (pair_out, triple_out)
}

/// One product's sales on one channel over the period.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChannelSales {
    pub product_id: i64,
    pub channel: String,
    pub units: i64,
    pub revenue_minor: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ChannelFigures {
    pub channel: String,
    pub units: i64,
    pub revenue_minor: i64,
    /// Of the product's units over all channels.
    pub unit_share: f64,
    pub listed: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ProductChannels {
    pub product_id: i64,
    pub units: i64,
    pub revenue_minor: i64,
    /// Every channel of the seller, best-selling first.
    pub channels: Vec<ChannelFigures>,
    /// The channel that sold most units (None without sales).
    pub best_channel: Option<String>,
}

/// A product that sells well on one channel and is not listed on another.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ListWhereMissing {
    pub product_id: i64,
    pub missing_channel: String,
    /// Where it sells, and how much.
    pub sold_on: String,
    pub units: i64,
    pub revenue_minor: i64,
}

/// The channel comparison: per product its units and revenue on each of `channels` (the
/// seller's channels) with whether it is listed there (`listed`: (product, channel) pairs),
/// the best products first, at most `limit`; and "list where missing": products with at least
/// `min_units` units on some channel and no listing on another of the seller's channels, most
/// units first, at most `limit`.
pub fn compare_channels(
    sales: &[ChannelSales],
    channels: &[String],
    listed: &HashSet<(i64, String)>,
    min_units: i64,
    limit: usize,
) -> (Vec<ProductChannels>, Vec<ListWhereMissing>) {
    let mut by_product: BTreeMap<i64, BTreeMap<String, (i64, i64)>> = BTreeMap::new();
    for s in sales {
        let e = by_product
            .entry(s.product_id)
            .or_default()
            .entry(s.channel.clone())
            .or_default();
        e.0 += s.units;
        e.1 += s.revenue_minor;
    }
    let mut products: Vec<ProductChannels> = Vec::new();
    let mut missing: Vec<ListWhereMissing> = Vec::new();
    for (product_id, per) in &by_product {
        let units: i64 = per.values().map(|v| v.0).sum();
        let revenue: i64 = per.values().map(|v| v.1).sum();
        let mut all: Vec<String> = channels.to_vec();
        for c in per.keys() {
            if !all.contains(c) {
                all.push(c.clone());
            }
        }
        let mut figures: Vec<ChannelFigures> = all
            .iter()
            .map(|c| {
                let (u, r) = per.get(c).copied().unwrap_or((0, 0));
                ChannelFigures {
                    channel: c.clone(),
                    units: u,
                    revenue_minor: r,
                    unit_share: if units > 0 {
                        u as f64 / units as f64
                    } else {
                        0.0
                    },
                    listed: listed.contains(&(*product_id, c.clone())),
                }
            })
            .collect();
        figures.sort_by(|a, b| {
            b.units
                .cmp(&a.units)
                .then(b.revenue_minor.cmp(&a.revenue_minor))
                .then(a.channel.cmp(&b.channel))
        });
        let best = figures
            .first()
            .filter(|f| f.units > 0)
            .map(|f| (f.channel.clone(), f.units, f.revenue_minor));
        if let Some((best_channel, best_units, best_revenue)) = &best
            && *best_units >= min_units
        {
            for c in channels {
                if c != best_channel && !listed.contains(&(*product_id, c.clone())) {
                    missing.push(ListWhereMissing {
                        product_id: *product_id,
                        missing_channel: c.clone(),
                        sold_on: best_channel.clone(),
                        units: *best_units,
                        revenue_minor: *best_revenue,
                    });
                }
            }
        }
        products.push(ProductChannels {
            product_id: *product_id,
            units,
            revenue_minor: revenue,
            best_channel: best.map(|b| b.0),
            channels: figures,
        });
    }
    products.sort_by(|a, b| {
        b.revenue_minor
            .cmp(&a.revenue_minor)
            .then(b.units.cmp(&a.units))
            .then(a.product_id.cmp(&b.product_id))
    });
    products.truncate(limit);
    missing.sort_by(|a, b| {
        b.units
            .cmp(&a.units)
            .then(b.revenue_minor.cmp(&a.revenue_minor))
            .then(a.product_id.cmp(&b.product_id))
            .then(a.missing_channel.cmp(&b.missing_channel))
    });
    missing.truncate(limit);
    (products, missing)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pairs_and_triples_with_their_numbers() {
        // 10 orders: {1,2} ×4, {1,2,3} ×2, {3} ×2, {4} ×1, {1} ×1.
        let mut baskets = vec![vec![1, 2]; 4];
        baskets.extend(vec![vec![1, 2, 3]; 2]);
        baskets.extend(vec![vec![3]; 2]);
        baskets.push(vec![4]);
        baskets.push(vec![1, 1]);
        let (pairs, triples) = bundles(&baskets, 2, 10);
        // {1,2}: 6 orders; 1 in 7, 2 in 6 → rule 2 → 1, confidence 6/6, lift 1 / 0.7.
        let p12 = pairs.iter().find(|b| b.products == vec![1, 2]).unwrap();
        assert_eq!(p12.orders, 6);
        assert_eq!(p12.antecedent, vec![2]);
        assert_eq!(p12.consequent, 1);
        assert!((p12.support - 0.6).abs() < 1e-12);
        assert!((p12.confidence - 1.0).abs() < 1e-12);
        assert!((p12.lift - 1.0 / 0.7).abs() < 1e-12);
        // {1,3}: 2 orders; 3 in 4 → rule 3 → 1: 2/4, lift 0.5 / 0.7.
        let p13 = pairs.iter().find(|b| b.products == vec![1, 3]).unwrap();
        assert_eq!((p13.orders, p13.consequent), (2, 1));
        assert!((p13.lift - 0.5 / 0.7).abs() < 1e-12);
        // 4 was bought once: in no bundle with min_orders 2.
        assert!(pairs.iter().all(|b| !b.products.contains(&4)));
        // Strongest (highest lift) first: {1,2} 1.43, {2,3} 0.83, {1,3} 0.71.
        let order: Vec<Vec<i64>> = pairs.iter().map(|b| b.products.clone()).collect();
        assert_eq!(order, vec![vec![1, 2], vec![2, 3], vec![1, 3]]);
        // {1,2,3}: 2 orders; best rule {1,3} → 2 ({1,3} in 2 orders): confidence 1,
        // lift 1 / 0.6.
        assert_eq!(triples.len(), 1);
        let t = &triples[0];
        assert_eq!((t.orders, t.consequent), (2, 2));
        assert_eq!(t.antecedent, vec![1, 3]);
        assert!((t.confidence - 1.0).abs() < 1e-12);
        assert!((t.lift - 1.0 / 0.6).abs() < 1e-12);
        // Bounded.
        let (pairs, _) = bundles(&baskets, 1, 1);
        assert_eq!(pairs.len(), 1);
        assert_eq!(bundles(&[], 1, 10), (vec![], vec![]));
    }

    #[test]
    fn channels_compared_and_missing_listings_found() {
        let sales = vec![
            ChannelSales {
                product_id: 1,
                channel: "trendyol".into(),
                units: 30,
                revenue_minor: 30_000,
            },
            ChannelSales {
                product_id: 1,
                channel: "hepsiburada".into(),
                units: 10,
                revenue_minor: 11_000,
            },
            ChannelSales {
                product_id: 2,
                channel: "hepsiburada".into(),
                units: 8,
                revenue_minor: 4_000,
            },
            ChannelSales {
                product_id: 3,
                channel: "trendyol".into(),
                units: 1,
                revenue_minor: 500,
            },
        ];
        let channels = vec!["hepsiburada".to_string(), "trendyol".to_string()];
        let listed: HashSet<(i64, String)> = [
            (1, "trendyol".to_string()),
            (1, "hepsiburada".to_string()),
            (2, "hepsiburada".to_string()),
            (3, "trendyol".to_string()),
        ]
        .into_iter()
        .collect();
        let (products, missing) = compare_channels(&sales, &channels, &listed, 5, 10);
        assert_eq!(products[0].product_id, 1);
        assert_eq!(products[0].best_channel.as_deref(), Some("trendyol"));
        assert_eq!(products[0].channels[0].units, 30);
        assert!((products[0].channels[0].unit_share - 0.75).abs() < 1e-12);
        // Product 2 sells 8 on Hepsiburada and is not on Trendyol; product 3 sold too little.
        assert_eq!(
            missing,
            vec![ListWhereMissing {
                product_id: 2,
                missing_channel: "trendyol".into(),
                sold_on: "hepsiburada".into(),
                units: 8,
                revenue_minor: 4_000,
            }]
        );
        let p2 = products.iter().find(|p| p.product_id == 2).unwrap();
        assert_eq!(p2.channels.len(), 2);
        assert!(
            !p2.channels
                .iter()
                .find(|c| c.channel == "trendyol")
                .unwrap()
                .listed
        );
    }
}
