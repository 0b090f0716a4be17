//! Recommendations from what people did: item-to-item similarity over users' recency-weighted
//! histories (cosine with shrinkage, top neighbours kept per item), blended with the user's
//! own history and a recency-weighted popularity that also serves new users.
//!
//! Fitting is a batch job (the server refreshes models in the background); asking a fitted
//! model is a few hash lookups per history item, cheap enough for the request path.
//!
//! Items and users are opaque `u64` ids: products or variants for the panel, product ids of
//! the Complete Journey data for the evaluation (`examples/reco_eval.rs`).

use std::collections::{HashMap, HashSet};

/// One thing a user did with an item, on a day (days since any fixed origin).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Interaction {
    pub user: u64,
    pub item: u64,
    pub day: i64,
    /// How much this kind of event says about interest: a purchase more than a view.
    pub weight: f64,
}

/// How a model is fitted and how its three signals are blended.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RecoConfig {
    /// A user's own event counts half after this many days.
    pub half_life_days: f64,
    /// Popularity counts an event half after this many days.
    pub popularity_half_life_days: f64,
    /// Neighbours kept per item.
    pub neighbours: usize,
    /// Added to the cosine's denominator so that pairs seen by few users count less.
    pub shrink: f64,
    /// A user's strongest items at most, when counting co-occurrences (bounds the cost of
    /// heavy users, whose long tails say little about similarity).
    pub max_items_per_user: usize,
    /// Blend weights: the user's own history, items similar to it, popularity.
    pub personal: f64,
    pub similar: f64,
    pub popular: f64,
}

impl Default for RecoConfig {
    fn default() -> RecoConfig {
        RecoConfig {
            half_life_days: 60.0,
            popularity_half_life_days: 30.0,
            neighbours: 50,
            shrink: 10.0,
            max_items_per_user: 300,
            personal: 1.0,
            similar: 0.3,
            popular: 0.1,
        }
    }
}

/// An item and how strongly it is suggested (larger is better; comparable within one answer).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Scored {
    pub item: u64,
    pub score: f64,
}

/// A fitted model.
#[derive(Debug, Clone)]
pub struct Model {
    config: RecoConfig,
    as_of_day: i64,
    items: Vec<u64>,
    index: HashMap<u64, u32>,
    /// Recency-weighted number of distinct users per item, scaled so the top item is 1.
    popularity: Vec<f64>,
    /// Item indices by popularity, most popular first.
    by_popularity: Vec<u32>,
    /// Per item: its most similar items (index, cosine), most similar first.
    neighbours: Vec<Vec<(u32, f32)>>,
}

fn decay(age_days: f64, half_life: f64) -> f64 {
    if half_life <= 0.0 {
        return 1.0;
    }
    0.5f64.powf(age_days.max(0.0) / half_life)
}

impl Model {
    /// Fits on every interaction up to `as_of_day` (later ones are ignored).
    pub fn fit(interactions: &[Interaction], as_of_day: i64, config: RecoConfig) -> Model {
        let mut index: HashMap<u64, u32> = HashMap::new();
        let mut items: Vec<u64> = Vec::new();
        // Per user: item index -> recency-weighted strength.
        let mut users: HashMap<u64, HashMap<u32, f64>> = HashMap::new();
        let mut pop_by_user: HashMap<(u64, u32), f64> = HashMap::new();
        for e in interactions.iter().filter(|e| e.day <= as_of_day) {
            let ix = *index.entry(e.item).or_insert_with(|| {
                items.push(e.item);
                (items.len() - 1) as u32
            });
            let age = (as_of_day - e.day) as f64;
            *users.entry(e.user).or_default().entry(ix).or_default() +=
                e.weight * decay(age, config.half_life_days);
            // Popularity counts each user once per item, at their latest event.
            let p = pop_by_user.entry((e.user, ix)).or_default();
            *p = p.max(decay(age, config.popularity_half_life_days));
        }
        let n = items.len();
        let mut popularity = vec![0.0; n];
        for ((_, ix), p) in &pop_by_user {
            popularity[*ix as usize] += p;
        }
        let top = popularity.iter().copied().fold(0.0f64, f64::max);
        if top > 0.0 {
            popularity.iter_mut().for_each(|p| *p /= top);
        }
        let mut by_popularity: Vec<u32> = (0..n as u32).collect();
        by_popularity.sort_by(|a, b| {
            popularity[*b as usize]
                .total_cmp(&popularity[*a as usize])
                .then(items[*a as usize].cmp(&items[*b as usize]))
        });

        // Each user's strongest items, dampened, as sparse vectors; and who has each item.
        let mut vectors: Vec<Vec<(u32, f32)>> = Vec::with_capacity(users.len());
        let mut user_ids: Vec<u64> = users.keys().copied().collect();
        user_ids.sort_unstable();
        for u in &user_ids {
            let Some(strength) = users.get(u) else {
                continue;
            };
            let mut v: Vec<(u32, f32)> = strength
                .iter()
                .map(|(ix, w)| (*ix, w.ln_1p() as f32))
                .collect();
            v.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
            v.truncate(config.max_items_per_user);
            vectors.push(v);
        }
        let mut holders: Vec<Vec<(u32, f32)>> = vec![Vec::new(); n];
        let mut norm = vec![0.0f64; n];
        for (u, v) in vectors.iter().enumerate() {
            for (ix, w) in v {
                holders[*ix as usize].push((u as u32, *w));
                norm[*ix as usize] += f64::from(*w) * f64::from(*w);
            }
        }
        norm.iter_mut().for_each(|x| *x = x.sqrt());

        // Row by row with a dense scratch row: the cost is the sum over users of their list
        // length squared, with no pair table in memory.
        let mut scratch = vec![0.0f64; n];
        let mut touched: Vec<u32> = Vec::new();
        let mut neighbours = vec![Vec::new(); n];
        for i in 0..n {
            if holders[i].len() < 2 {
                continue;
            }
            for (u, wi) in &holders[i] {
                for (j, wj) in &vectors[*u as usize] {
                    let j = *j as usize;
                    if j == i {
                        continue;
                    }
                    if scratch[j] == 0.0 {
                        touched.push(j as u32);
                    }
                    scratch[j] += f64::from(*wi) * f64::from(*wj);
                }
            }
            let mut row: Vec<(u32, f32)> = touched
                .iter()
                .map(|j| {
                    let j = *j as usize;
                    let cos = scratch[j] / (norm[i] * norm[j] + config.shrink);
                    (j as u32, cos as f32)
                })
                .filter(|(_, s)| *s > 0.0)
                .collect();
            for j in touched.drain(..) {
                scratch[j as usize] = 0.0;
            }
            row.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
            row.truncate(config.neighbours);
            neighbours[i] = row;
        }
        Model {
            config,
            as_of_day,
            items,
            index,
            popularity,
            by_popularity,
            neighbours,
        }
    }

    /// The same fitted model with other blend weights (the fit does not depend on them).
    pub fn with_blend(mut self, config: RecoConfig) -> Model {
        self.config.personal = config.personal;
        self.config.similar = config.similar;
        self.config.popular = config.popular;
        self
    }

    pub fn config(&self) -> RecoConfig {
        self.config
    }

    /// How many items the model knows.
    pub fn len(&self) -> usize {
        self.items.len()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// The `k` most popular items not in `exclude`.
    pub fn popular(&self, k: usize, exclude: &HashSet<u64>) -> Vec<Scored> {
        self.by_popularity
            .iter()
            .map(|ix| Scored {
                item: self.items[*ix as usize],
                score: self.popularity[*ix as usize],
            })
            .filter(|s| !exclude.contains(&s.item))
            .take(k)
            .collect()
    }

    /// Items most similar to `item` (bought or viewed by the same people), best first.
    pub fn related(&self, item: u64, k: usize) -> Vec<Scored> {
        let Some(ix) = self.index.get(&item) else {
            return Vec::new();
        };
        self.neighbours[*ix as usize]
            .iter()
            .take(k)
            .map(|(j, s)| Scored {
                item: self.items[*j as usize],
                score: f64::from(*s),
            })
            .collect()
    }

    /// The `k` best items for a user with this history (their own interactions; other users'
    /// rows are ignored), leaving out `exclude`. A user with no history gets the popular items.
    pub fn recommend(
        &self,
        history: &[Interaction],
        k: usize,
        exclude: &HashSet<u64>,
    ) -> Vec<Scored> {
        let c = &self.config;
        let mut own: HashMap<u32, f64> = HashMap::new();
        for e in history.iter().filter(|e| e.day <= self.as_of_day) {
            if let Some(ix) = self.index.get(&e.item) {
                *own.entry(*ix).or_default() +=
                    e.weight * decay((self.as_of_day - e.day) as f64, c.half_life_days);
            }
        }
        let own_top = own.values().copied().fold(0.0f64, f64::max);
        let mut similar: HashMap<u32, f64> = HashMap::new();
        for (ix, w) in &own {
            for (j, s) in &self.neighbours[*ix as usize] {
                *similar.entry(*j).or_default() += w * f64::from(*s);
            }
        }
        let similar_top = similar.values().copied().fold(0.0f64, f64::max);
        let mut candidates: HashSet<u32> = own.keys().copied().collect();
        candidates.extend(similar.keys().copied());
        candidates.extend(self.by_popularity.iter().take(k.max(1) * 20).copied());
        let mut scored: Vec<(u32, f64)> = candidates
            .into_iter()
            .filter(|ix| !exclude.contains(&self.items[*ix as usize]))
            .map(|ix| {
                let p = own.get(&ix).map_or(0.0, |w| w / own_top);
                let s = similar.get(&ix).map_or(0.0, |w| w / similar_top);
                let score =
                    c.personal * p + c.similar * s + c.popular * self.popularity[ix as usize];
                (ix, score)
            })
            .collect();
        scored.sort_by(|a, b| {
            b.1.total_cmp(&a.1)
                .then(self.popularity[b.0 as usize].total_cmp(&self.popularity[a.0 as usize]))
                .then(self.items[a.0 as usize].cmp(&self.items[b.0 as usize]))
        });
        scored
            .into_iter()
            .take(k)
            .map(|(ix, score)| Scored {
                item: self.items[ix as usize],
                score,
            })
            .collect()
    }
}

/// Hit rate and NDCG at `k` of one ranked list against the items the user went on to take.
pub fn hit_and_ndcg(ranked: &[u64], relevant: &HashSet<u64>, k: usize) -> (f64, f64) {
    if relevant.is_empty() {
        return (0.0, 0.0);
    }
    let mut dcg = 0.0;
    let mut hit = false;
    for (rank, item) in ranked.iter().take(k).enumerate() {
        if relevant.contains(item) {
            hit = true;
            dcg += 1.0 / ((rank + 2) as f64).log2();
        }
    }
    let ideal: f64 = (0..relevant.len().min(k))
        .map(|rank| 1.0 / ((rank + 2) as f64).log2())
        .sum();
    (if hit { 1.0 } else { 0.0 }, dcg / ideal)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn buy(user: u64, item: u64, day: i64) -> Interaction {
        Interaction {
            user,
            item,
            day,
            weight: 1.0,
        }
    }

    /// Two tastes: users who take 1 also take 2; users who take 10 also take 11; item 99 is
    /// what everyone takes.
    fn two_tastes() -> Vec<Interaction> {
        let mut out = Vec::new();
        for u in 0..20u64 {
            out.push(buy(u, 99, 0));
            if u % 2 == 0 {
                out.extend([buy(u, 1, 1), buy(u, 2, 2)]);
            } else {
                out.extend([buy(u, 10, 1), buy(u, 11, 2)]);
            }
        }
        out
    }

    #[test]
    fn related_items_are_the_ones_taken_together() {
        let m = Model::fit(&two_tastes(), 10, RecoConfig::default());
        let related: Vec<u64> = m.related(1, 2).iter().map(|s| s.item).collect();
        assert_eq!(related[0], 2, "{related:?}");
        assert!(!related.contains(&10) && !related.contains(&11));
        assert!(m.related(12345, 5).is_empty());
    }

    #[test]
    fn a_user_gets_what_people_like_them_took_and_a_new_user_gets_the_popular() {
        // Little shrinkage: with ten users per taste the default's would favour the item
        // everyone takes.
        let config = RecoConfig {
            shrink: 0.5,
            ..RecoConfig::default()
        };
        let m = Model::fit(&two_tastes(), 10, config);
        let seen: HashSet<u64> = [1].into();
        let recs = m.recommend(&[buy(500, 1, 9)], 1, &seen);
        assert_eq!(recs[0].item, 2, "{recs:?}");
        let fresh = m.recommend(&[], 1, &HashSet::new());
        assert_eq!(fresh[0].item, 99);
        assert_eq!(m.popular(1, &HashSet::new())[0].item, 99);
    }

    #[test]
    fn recent_interest_outweighs_old_interest() {
        let mut data = two_tastes();
        data.extend([buy(500, 1, 0), buy(500, 1, 1), buy(500, 10, 99)]);
        let config = RecoConfig {
            half_life_days: 7.0,
            ..RecoConfig::default()
        };
        let m = Model::fit(&data, 100, config);
        let history: Vec<Interaction> = data.iter().copied().filter(|e| e.user == 500).collect();
        let exclude: HashSet<u64> = [1, 10, 99].into();
        let recs = m.recommend(&history, 1, &exclude);
        assert_eq!(recs[0].item, 11, "{recs:?}");
    }

    #[test]
    fn events_after_the_fit_day_are_ignored() {
        let mut data = two_tastes();
        data.extend((0..50).map(|u| buy(u, 7, 50)));
        let m = Model::fit(&data, 10, RecoConfig::default());
        assert_eq!(m.popular(1, &HashSet::new())[0].item, 99);
    }

    #[test]
    fn hit_rate_and_ndcg_follow_their_definitions() {
        let relevant: HashSet<u64> = [3, 4].into();
        assert_eq!(hit_and_ndcg(&[1, 2], &relevant, 10), (0.0, 0.0));
        let (hit, ndcg) = hit_and_ndcg(&[3, 4, 5], &relevant, 10);
        assert_eq!(hit, 1.0);
        assert!((ndcg - 1.0).abs() < 1e-12);
        let (_, second) = hit_and_ndcg(&[9, 3], &relevant, 10);
        let ideal = 1.0 + 1.0 / 3f64.log2();
        assert!((second - (1.0 / 3f64.log2()) / ideal).abs() < 1e-12);
    }
}
