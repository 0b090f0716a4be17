//! Word-level differences between a stored text and a proposed one, for showing a proposal
//! before it is saved. Presentation only: what is saved is the proposal itself.

/// A run of words that both texts share, that only the old one has, or only the new one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Piece {
    Same(String),
    Removed(String),
    Added(String),
}

impl Piece {
    pub fn text(&self) -> &str {
        match self {
            Piece::Same(t) | Piece::Removed(t) | Piece::Added(t) => t,
        }
    }

    pub fn is_removed(&self) -> bool {
        matches!(self, Piece::Removed(_))
    }

    pub fn is_added(&self) -> bool {
        matches!(self, Piece::Added(_))
    }
}

/// Above this many cells the middle is shown as one removal and one addition: a longest
/// common subsequence table of two 30,000-character descriptions would not be worth its
/// memory for a page.
const MAX_CELLS: usize = 2_000_000;

/// The differences between `old` and `new` word by word (whitespace separates words), as
/// runs in reading order: the longest common subsequence of words is kept as `Same`.
pub fn words(old: &str, new: &str) -> Vec<Piece> {
    let a: Vec<&str> = old.split_whitespace().collect();
    let b: Vec<&str> = new.split_whitespace().collect();
    let prefix = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let suffix = a[prefix..]
        .iter()
        .rev()
        .zip(b[prefix..].iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    let (am, bm) = (&a[prefix..a.len() - suffix], &b[prefix..b.len() - suffix]);
    let mut ops: Vec<(u8, &str)> = a[..prefix].iter().map(|w| (0, *w)).collect();
    if am.len().saturating_mul(bm.len()) > MAX_CELLS {
        ops.extend(am.iter().map(|w| (1, *w)));
        ops.extend(bm.iter().map(|w| (2, *w)));
    } else {
        ops.extend(middle(am, bm));
    }
    ops.extend(a[a.len() - suffix..].iter().map(|w| (0, *w)));
    let mut out: Vec<Piece> = Vec::new();
    for (kind, w) in ops {
        let same_kind = matches!(
            (out.last(), kind),
            (Some(Piece::Same(_)), 0) | (Some(Piece::Removed(_)), 1) | (Some(Piece::Added(_)), 2)
        );
        if same_kind {
            if let Some(Piece::Same(t) | Piece::Removed(t) | Piece::Added(t)) = out.last_mut() {
                t.push(' ');
                t.push_str(w);
            }
        } else {
            out.push(match kind {
                0 => Piece::Same(w.to_string()),
                1 => Piece::Removed(w.to_string()),
                _ => Piece::Added(w.to_string()),
            });
        }
    }
    out
}

/// Edit operations (0 same, 1 removed, 2 added) from a longest-common-subsequence table;
/// removals before additions where both fit, so a replaced word reads "old new".
fn middle<'a>(a: &[&'a str], b: &[&'a str]) -> Vec<(u8, &'a str)> {
    let (n, m) = (a.len(), b.len());
    // lcs[i][j]: the longest common subsequence of a[i..] and b[j..].
    let mut lcs = vec![0u32; (n + 1) * (m + 1)];
    let at = |i: usize, j: usize| i * (m + 1) + j;
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            lcs[at(i, j)] = if a[i] == b[j] {
                lcs[at(i + 1, j + 1)] + 1
            } else {
                lcs[at(i + 1, j)].max(lcs[at(i, j + 1)])
            };
        }
    }
    let (mut i, mut j) = (0, 0);
    let mut out = Vec::with_capacity(n + m);
    while i < n && j < m {
        if a[i] == b[j] {
            out.push((0, a[i]));
            i += 1;
            j += 1;
        } else if lcs[at(i + 1, j)] >= lcs[at(i, j + 1)] {
            out.push((1, a[i]));
            i += 1;
        } else {
            out.push((2, b[j]));
            j += 1;
        }
    }
    out.extend(a[i..].iter().map(|w| (1, *w)));
    out.extend(b[j..].iter().map(|w| (2, *w)));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(t: &str) -> Piece {
        Piece::Same(t.into())
    }
    fn r(t: &str) -> Piece {
        Piece::Removed(t.into())
    }
    fn a(t: &str) -> Piece {
        Piece::Added(t.into())
    }

    #[test]
    fn keeps_shared_words_and_marks_the_rest() {
        assert_eq!(
            words(
                "Pamuklu mavi tişört",
                "Yumuşak pamuklu mavi tişört, 3 beden"
            ),
            vec![
                r("Pamuklu"),
                a("Yumuşak pamuklu"),
                s("mavi"),
                r("tişört"),
                a("tişört, 3 beden")
            ]
        );
        assert_eq!(
            words("a b c d", "a x c d e"),
            vec![s("a"), r("b"), a("x"), s("c d"), a("e")]
        );
        assert_eq!(words("aynı metin", "aynı  metin"), vec![s("aynı metin")]);
        assert_eq!(words("", "yeni"), vec![a("yeni")]);
        assert_eq!(words("eski", ""), vec![r("eski")]);
        assert!(words("", "").is_empty());
    }

    #[test]
    fn a_huge_middle_is_one_removal_and_one_addition() {
        let old: String = (0..2000).map(|i| format!("e{i} ")).collect();
        let new: String = (0..2000).map(|i| format!("y{i} ")).collect();
        let d = words(&format!("baş {old} son"), &format!("baş {new} son"));
        assert_eq!(d.len(), 4);
        assert_eq!(d[0], s("baş"));
        assert!(d[1].is_removed() && d[2].is_added());
        assert_eq!(d[3], s("son"));
    }
}
