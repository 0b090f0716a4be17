//! Measures of generated text across a catalogue: how much of it repeats.

use std::collections::{HashMap, HashSet};

/// How repetitive a set of generated texts is, sentence by sentence.
#[derive(Debug, Clone, PartialEq)]
pub struct Repetition {
    /// Texts measured.
    pub texts: usize,
    /// Sentences in all texts.
    pub sentences: usize,
    /// Share of sentences (0–1) that occur exactly once in the whole set.
    pub distinct_share: f64,
    /// The sentence found in the most texts, and the share of texts (0–1) it is in.
    pub most_shared: Option<(String, f64)>,
}

/// Splits text into sentences at `.`, `!`, `?`, `؟` followed by space or end, and at line
/// breaks; whitespace is collapsed.
pub fn sentences(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\n' {
            push_sentence(&mut out, &mut current);
            continue;
        }
        current.push(c);
        if matches!(c, '.' | '!' | '?' | '؟') && chars.peek().is_none_or(|n| n.is_whitespace()) {
            push_sentence(&mut out, &mut current);
        }
    }
    push_sentence(&mut out, &mut current);
    out
}

fn push_sentence(out: &mut Vec<String>, current: &mut String) {
    let s = current.split_whitespace().collect::<Vec<_>>().join(" ");
    if !s.is_empty() {
        out.push(s);
    }
    current.clear();
}

/// Measures repetition over `texts` (one per product, in one language and tone).
pub fn repetition<S: AsRef<str>>(texts: &[S]) -> Repetition {
    let mut count: HashMap<String, usize> = HashMap::new();
    let mut in_texts: HashMap<String, usize> = HashMap::new();
    let mut total = 0;
    for t in texts {
        let mut seen = HashSet::new();
        for s in sentences(t.as_ref()) {
            total += 1;
            *count.entry(s.clone()).or_default() += 1;
            if seen.insert(s.clone()) {
                *in_texts.entry(s).or_default() += 1;
            }
        }
    }
    let once = count.values().filter(|n| **n == 1).count();
    let most_shared = in_texts
        .into_iter()
        .max_by(|a, b| a.1.cmp(&b.1).then_with(|| b.0.cmp(&a.0)))
        .map(|(s, n)| (s, n as f64 / texts.len().max(1) as f64));
    Repetition {
        texts: texts.len(),
        sentences: total,
        distinct_share: if total == 0 {
            1.0
        } else {
            once as f64 / total as f64
        },
        most_shared,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_repeated_sentences_across_texts() {
        let texts = [
            "Kahve makinesi. Hızlı kargo ile gelir.",
            "Cezve. Hızlı kargo ile gelir.",
            "Kitap! Üç cilt.",
            "Tava?",
        ];
        let r = repetition(&texts);
        assert_eq!(r.sentences, 7);
        assert!((r.distinct_share - 5.0 / 7.0).abs() < 1e-9, "{r:?}");
        let (s, share) = r.most_shared.expect("shared");
        assert_eq!(s, "Hızlı kargo ile gelir.");
        assert!((share - 0.5).abs() < 1e-9);
        assert_eq!(sentences("a 1.5 L\nb. c"), vec!["a 1.5 L", "b.", "c"]);
    }
}
