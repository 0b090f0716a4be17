//! Minimum s–t cut by maximum flow (Dinic's algorithm), for the graph-cut refinement of the
//! cut-out. Capacities are `f32`; the graphs are image grids of a few tens of thousands of
//! nodes, where Dinic's blocking flows finish in milliseconds.

use std::collections::VecDeque;

/// Residual capacity under which an edge counts as saturated.
const EPS: f32 = 1e-6;

pub(crate) struct Graph {
    head: Vec<u32>,
    next: Vec<u32>,
    to: Vec<u32>,
    cap: Vec<f32>,
}

const NONE: u32 = u32::MAX;

impl Graph {
    pub fn new(nodes: usize) -> Self {
        Self {
            head: vec![NONE; nodes],
            next: Vec::new(),
            to: Vec::new(),
            cap: Vec::new(),
        }
    }

    /// An edge `u → v` with capacity `c_uv` and its reverse with `c_vu` (one residual pair).
    pub fn add_edge(&mut self, u: usize, v: usize, c_uv: f32, c_vu: f32) {
        for (a, b, c) in [(u, v, c_uv), (v, u, c_vu)] {
            self.to.push(b as u32);
            self.cap.push(c.max(0.0));
            self.next.push(self.head[a]);
            self.head[a] = (self.to.len() - 1) as u32;
        }
    }

    /// Pushes the maximum flow from `s` to `t` and returns the nodes on the source side of a
    /// minimum cut (reachable from `s` in the residual graph).
    pub fn min_cut(&mut self, s: usize, t: usize) -> Vec<bool> {
        let n = self.head.len();
        let mut level = vec![-1i32; n];
        let mut it = vec![NONE; n];
        let mut path: Vec<u32> = Vec::new();
        loop {
            // Levels by BFS over edges with residual capacity.
            level.iter_mut().for_each(|l| *l = -1);
            level[s] = 0;
            let mut queue = VecDeque::from([s]);
            while let Some(u) = queue.pop_front() {
                let mut e = self.head[u];
                while e != NONE {
                    let v = self.to[e as usize] as usize;
                    if level[v] < 0 && self.cap[e as usize] > EPS {
                        level[v] = level[u] + 1;
                        queue.push_back(v);
                    }
                    e = self.next[e as usize];
                }
            }
            if level[t] < 0 {
                break;
            }
            it.copy_from_slice(&self.head);
            // Blocking flow: walk forward along the level graph with per-node edge pointers,
            // retreating from dead ends, augmenting at the sink (no recursion: paths can be
            // as long as the image is wide).
            let mut u = s;
            path.clear();
            loop {
                if u == t {
                    let bottleneck = path
                        .iter()
                        .map(|&e| self.cap[e as usize])
                        .fold(f32::INFINITY, f32::min);
                    let mut retreat_to = path.len();
                    for (k, &e) in path.iter().enumerate() {
                        self.cap[e as usize] -= bottleneck;
                        self.cap[(e ^ 1) as usize] += bottleneck;
                        if self.cap[e as usize] <= EPS && k < retreat_to {
                            retreat_to = k;
                        }
                    }
                    path.truncate(retreat_to);
                    u = match path.last() {
                        Some(&e) => self.to[e as usize] as usize,
                        None => s,
                    };
                    continue;
                }
                let mut advanced = false;
                while it[u] != NONE {
                    let e = it[u] as usize;
                    let v = self.to[e] as usize;
                    if self.cap[e] > EPS && level[v] == level[u] + 1 {
                        path.push(e as u32);
                        u = v;
                        advanced = true;
                        break;
                    }
                    it[u] = self.next[e];
                }
                if advanced {
                    continue;
                }
                // Dead end: no augmenting path goes through `u` in this phase.
                level[u] = -1;
                match path.pop() {
                    Some(e) => {
                        u = self.to[(e ^ 1) as usize] as usize;
                        it[u] = self.next[it[u] as usize];
                    }
                    None => break,
                }
            }
        }
        let mut side = vec![false; n];
        side[s] = true;
        let mut queue = VecDeque::from([s]);
        while let Some(u) = queue.pop_front() {
            let mut e = self.head[u];
            while e != NONE {
                let v = self.to[e as usize] as usize;
                if !side[v] && self.cap[e as usize] > EPS {
                    side[v] = true;
                    queue.push_back(v);
                }
                e = self.next[e as usize];
            }
        }
        side
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cut_follows_the_cheapest_edges() {
        // s → a → b → t and s → c → t; a–b is the bottleneck of the first path.
        let (s, a, b, c, t) = (0, 1, 2, 3, 4);
        let mut g = Graph::new(5);
        g.add_edge(s, a, 10.0, 0.0);
        g.add_edge(a, b, 1.0, 0.0);
        g.add_edge(b, t, 10.0, 0.0);
        g.add_edge(s, c, 2.0, 0.0);
        g.add_edge(c, t, 5.0, 0.0);
        let side = g.min_cut(s, t);
        assert_eq!(side, vec![true, true, false, false, false]);
    }

    #[test]
    fn a_grid_splits_along_a_weak_seam() {
        // 6×4 grid, left column tied to the source, right column to the sink; the links
        // between columns 2 and 3 are weak, so the cut falls there.
        let (w, h) = (6usize, 4usize);
        let (s, t) = (w * h, w * h + 1);
        let mut g = Graph::new(w * h + 2);
        for y in 0..h {
            g.add_edge(s, y * w, 100.0, 0.0);
            g.add_edge(y * w + w - 1, t, 100.0, 0.0);
            for x in 0..w - 1 {
                let c = if x == 2 { 0.5 } else { 5.0 };
                g.add_edge(y * w + x, y * w + x + 1, c, c);
            }
        }
        let side = g.min_cut(s, t);
        for y in 0..h {
            for x in 0..w {
                assert_eq!(side[y * w + x], x <= 2, "({x},{y})");
            }
        }
    }
}
