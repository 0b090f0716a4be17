//! Predictive stock: days of cover, the expected stock-out date, and a periodic-review
//! order-up-to policy. Demand over the lead time plus the review period comes from the daily
//! forecast; safety stock covers its uncertainty at the chosen service level.

use serde::Serialize;

use crate::forecast::normal_quantile;

/// How a product (or its supplier) is replenished.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Policy {
    pub lead_time_days: u32,
    pub review_period_days: u32,
    /// Probability of not running out before the next order arrives, e.g. 0.95.
    pub service_level: f64,
    pub min_order: i64,
    pub pack_size: i64,
}

impl Default for Policy {
    fn default() -> Policy {
        Policy {
            lead_time_days: 7,
            review_period_days: 7,
            service_level: 0.95,
            min_order: 1,
            pack_size: 1,
        }
    }
}

/// Where a variant stands and what the forecast says about its next days.
#[derive(Debug, Clone, PartialEq)]
pub struct Position<'a> {
    pub on_hand: i64,
    /// Held by open orders.
    pub reserved: i64,
    /// Ordered from the supplier, not yet received.
    pub on_order: i64,
    /// Expected units per day from today on.
    pub daily_mean: &'a [f64],
    /// Their standard deviations.
    pub daily_sd: &'a [f64],
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Advice {
    pub available: i64,
    /// Days until the available stock is sold (None: more than the forecast can tell, or no
    /// demand).
    pub days_of_cover: Option<f64>,
    /// Expected demand over the lead time.
    pub lead_time_demand: f64,
    pub safety_stock: f64,
    /// Order when the inventory position falls to this.
    pub reorder_point: f64,
    /// Order up to this at a review.
    pub order_up_to: f64,
    /// Available plus on order.
    pub inventory_position: i64,
    /// What to order now (0 when nothing is needed), after minimum order and pack size.
    pub order_quantity: i64,
    /// The stock runs out before an order placed today could arrive.
    pub alert: bool,
}

fn sum_over(values: &[f64], days: usize) -> (f64, f64) {
    // Beyond the forecast, the last day's figure repeats.
    let last = values.last().copied().unwrap_or(0.0);
    let mut total = 0.0;
    for i in 0..days {
        total += values.get(i).copied().unwrap_or(last);
    }
    (total, last)
}

pub fn advise(p: &Position<'_>, policy: &Policy) -> Advice {
    let available = (p.on_hand - p.reserved).max(0);
    let lead = policy.lead_time_days as usize;
    let protect = lead + policy.review_period_days as usize;
    let variance: Vec<f64> = p.daily_sd.iter().map(|s| s * s).collect();
    let (lead_mean, _) = sum_over(p.daily_mean, lead);
    let (lead_var, _) = sum_over(&variance, lead);
    let (prot_mean, _) = sum_over(p.daily_mean, protect);
    let (prot_var, _) = sum_over(&variance, protect);
    let z = normal_quantile(policy.service_level.clamp(0.5, 0.9999));
    let safety_stock = z * prot_var.sqrt();
    let reorder_point = lead_mean + z * lead_var.sqrt();
    let order_up_to = prot_mean + safety_stock;
    let inventory_position = available + p.on_order;
    let mut qty = (order_up_to - inventory_position as f64).ceil().max(0.0) as i64;
    if qty > 0 {
        qty = qty.max(policy.min_order.max(1));
        let pack = policy.pack_size.max(1);
        qty = (qty + pack - 1) / pack * pack;
    }
    let days_of_cover = cover(available as f64, p.daily_mean);
    Advice {
        available,
        days_of_cover,
        lead_time_demand: lead_mean,
        safety_stock,
        reorder_point,
        order_up_to,
        inventory_position,
        order_quantity: qty,
        alert: days_of_cover.is_some_and(|d| d < f64::from(policy.lead_time_days)),
    }
}

/// Days until cumulative expected demand uses up `stock`, interpolated within the day; past
/// the forecast the last day's rate continues.
fn cover(stock: f64, daily: &[f64]) -> Option<f64> {
    let mut left = stock;
    for (i, d) in daily.iter().enumerate() {
        if *d >= left {
            return Some(i as f64 + if *d > 0.0 { left / d } else { 0.0 });
        }
        left -= d;
    }
    let rate = daily.last().copied().unwrap_or(0.0);
    (rate > 1e-9).then(|| daily.len() as f64 + left / rate)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn order_up_to_covers_lead_time_and_review_with_safety() {
        let mean = vec![10.0; 60];
        let sd = vec![3.0; 60];
        let p = Position {
            on_hand: 100,
            reserved: 20,
            on_order: 30,
            daily_mean: &mean,
            daily_sd: &sd,
        };
        let policy = Policy {
            lead_time_days: 5,
            review_period_days: 7,
            service_level: 0.95,
            min_order: 50,
            pack_size: 12,
        };
        let a = advise(&p, &policy);
        assert_eq!(a.available, 80);
        assert_eq!(a.days_of_cover, Some(8.0));
        // 12 days × 10 units + 1.645 × 3 × √12 ≈ 137.1; position 110 → 28 → min 50 → 60.
        assert!((a.order_up_to - 137.09).abs() < 0.05, "{}", a.order_up_to);
        assert_eq!(a.order_quantity, 60);
        assert!(!a.alert);
        let tight = Position { on_hand: 30, ..p };
        assert!(
            advise(&tight, &policy).alert,
            "runs out in 1 day, lead time 5"
        );
    }

    #[test]
    fn no_demand_means_no_order_and_no_stock_out() {
        let zero = vec![0.0; 10];
        let p = Position {
            on_hand: 5,
            reserved: 0,
            on_order: 0,
            daily_mean: &zero,
            daily_sd: &zero,
        };
        let a = advise(&p, &Policy::default());
        assert_eq!(a.order_quantity, 0);
        assert_eq!(a.days_of_cover, None);
    }
}
