//! Folding text for search: Turkish-aware lower case with diacritics removed, so that
//! "KAHVE", "kahve" and "Kahvé" match, and "IŞIK" finds "ışık".

/// Lower-case the Turkish way (I→ı, İ→i), then fold Turkish and common Latin diacritics to
/// ASCII. Both the stored search column and the user's query pass through this.
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            'I' | 'ı' | 'İ' | 'i' | 'î' | 'Î' | 'í' | 'ì' => out.push('i'),
            'Ç' | 'ç' => out.push('c'),
            'Ğ' | 'ğ' => out.push('g'),
            'Ö' | 'ö' | 'ó' | 'ò' | 'ô' => out.push('o'),
            'Ş' | 'ş' => out.push('s'),
            'Ü' | 'ü' | 'û' | 'ú' | 'ù' => out.push('u'),
            'â' | 'Â' | 'á' | 'à' | 'ä' | 'Ä' => out.push('a'),
            'é' | 'è' | 'ê' | 'ë' | 'É' => out.push('e'),
            'ß' => out.push_str("ss"),
            c => out.extend(c.to_lowercase()),
        }
    }
    out
}

/// Letters in Turkish dictionary order (ç after c, ğ after g, ı before i, ö after o, ş after
/// s, ü after u); anything else sorts after them, by code point.
const TURKISH_ORDER: &str = "0123456789aâbcçdefgğhıiîjklmnoöprsştuüûvwxyzq";

/// A key that sorts Turkish words as a Turkish dictionary does, ignoring case.
pub fn turkish_sort_key(s: &str) -> Vec<u32> {
    s.chars()
        .flat_map(|c| match c {
            'I' => vec!['ı'],
            'İ' => vec!['i'],
            c => c.to_lowercase().collect(),
        })
        .map(|c| {
            TURKISH_ORDER
                .chars()
                .position(|o| o == c)
                .map_or(1000 + c as u32, |p| p as u32)
        })
        .collect()
}

/// [`turkish_sort_key`] as ASCII text whose byte order is the key's order, so a database can
/// sort and page by it with a plain binary comparison (`COLLATE "C"` on PostgreSQL). A letter
/// of the Turkish order is one character from `0` up; anything else is `~` and six hex digits
/// of its code point, after every letter, as in the key.
pub fn turkish_sort_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for k in turkish_sort_key(s) {
        match char::from_u32(0x30 + k).filter(|_| k < 1000) {
            Some(c) => out.push(c),
            None => out.push_str(&format!("~{:06x}", k - 1000)),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{fold, turkish_sort_key, turkish_sort_text};

    #[test]
    fn sort_text_orders_as_the_key_does() {
        let mut words = vec![
            "Zeytin", "çanta", "Ceket", "ılık", "İğne", "Şal", "Saat", "Ödül", "Orkide", "Saat 2",
            "Saatçi", "ÇANTA", "€uro", "Ölçü",
        ];
        words.sort_by_key(|w| turkish_sort_key(w));
        let mut by_text = words.clone();
        by_text.sort_by_key(|w| turkish_sort_text(w));
        assert_eq!(words, by_text);
        assert!(turkish_sort_text("Şal").is_ascii());
        assert!(turkish_sort_text("Ceket") < turkish_sort_text("çanta"));
        assert!(turkish_sort_text("ılık") < turkish_sort_text("İğne"));
    }

    #[test]
    fn folds_turkish_letters_both_cases() {
        let cases = [
            ("IŞIK", "isik"),
            ("ışık", "isik"),
            ("İSTANBUL", "istanbul"),
            ("Çağdaş Öğretmen Üçgen", "cagdas ogretmen ucgen"),
            ("Kahve Makinesi", "kahve makinesi"),
            ("Straße", "strasse"),
        ];
        for (input, want) in cases {
            assert_eq!(fold(input), want, "{input}");
        }
    }
}
