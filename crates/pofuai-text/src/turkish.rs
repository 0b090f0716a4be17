//! Turkish casing, slugs and noun suffixes (vowel harmony, consonant assimilation, apostrophes).
//!
//! The suffix functions work on what a word *sounds* like: numbers are read out ("2024" ends in
//! "dört"), acronyms are spelled ("USB" ends in "be"), and a small table gives the pronunciation
//! of common foreign brands ("iPhone" sounds like "ayfon"). Proper names, brands, product names,
//! numbers and abbreviations take an apostrophe ("Kahve Makinesi'ni", "2024'te"); common nouns take
//! the suffix directly, with the usual final-consonant softening ("kitap" → "kitabı").

/// The grammatical case a suffix expresses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Case {
    /// -(y)ı/i/u/ü: "iPhone'u", "kahveyi".
    Accusative,
    /// -(y)a/e: "Ankara'ya", "3'e".
    Dative,
    /// -da/de/ta/te: "İstanbul'da", "2024'te".
    Locative,
    /// -dan/den/tan/ten: "Trendyol'dan", "5'ten".
    Ablative,
    /// -(n)ın/in/un/ün: "Samsung'un", "Kahve Makinesi'nin".
    Genitive,
}

/// How a word should be treated when a suffix is attached.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum WordKind {
    /// A common noun, written without apostrophe; final p/ç/t/k may soften ("kitap" → "kitabı").
    Common,
    /// A proper name, brand, product name, number or abbreviation: apostrophe, no softening.
    Proper,
}

/// Lower-cases Turkish text correctly: `I` → `ı`, `İ` → `i` (also a decomposed `I` + U+0307).
pub fn tr_lowercase(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            'I' => {
                if chars.peek() == Some(&'\u{307}') {
                    chars.next();
                    out.push('i');
                } else {
                    out.push('ı');
                }
            }
            'İ' => out.push('i'),
            'i' if chars.peek() == Some(&'\u{307}') => {
                // "i̇" is what a non-Turkish lowercase makes of "İ": drop the stray dot.
                chars.next();
                out.push('i');
            }
            _ => out.extend(c.to_lowercase()),
        }
    }
    out
}

/// Upper-cases Turkish text correctly: `i` → `İ`, `ı` → `I`.
pub fn tr_uppercase(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            'i' => out.push('İ'),
            'ı' => out.push('I'),
            _ => out.extend(c.to_uppercase()),
        }
    }
    out
}

/// Small words that stay lower-case inside a Turkish title.
const TITLE_LOWER: &[&str] = &[
    "ve", "ile", "veya", "ya", "da", "de", "ki", "için", "mi", "ama",
];

/// Turkish title case: each word capitalised the Turkish way ("istanbul" → "İstanbul").
///
/// Words that already mix cases or carry digits ("iPhone", "USB", "PS5") are kept as written, and
/// conjunctions such as "ve", "ile", "için" stay lower-case unless they start the title. Text after
/// an apostrophe is a suffix and stays lower-case ("makinesi'ni" → "Makinesi'ni").
pub fn title_case(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut first_word = true;
    // In an all-capitals input ("İPEK ŞAL") capitals carry no information; elsewhere an all-caps
    // word is an acronym ("USB") and is kept.
    let all_caps_input = !s.chars().any(char::is_lowercase);
    for (i, word) in s.split(' ').enumerate() {
        if i > 0 {
            out.push(' ');
        }
        if word.is_empty() {
            continue;
        }
        let letters = word.chars().filter(|c| c.is_alphabetic()).count();
        let mixed =
            word.chars().any(char::is_lowercase) && word.chars().skip(1).any(char::is_uppercase);
        let acronym = !all_caps_input && letters >= 2 && !word.chars().any(char::is_lowercase);
        let keep = word.chars().any(|c| c.is_ascii_digit()) || mixed || acronym;
        let lower = tr_lowercase(word);
        if keep {
            out.push_str(word);
        } else if !first_word && TITLE_LOWER.contains(&lower.as_str()) {
            out.push_str(&lower);
        } else {
            let mut chars = lower.chars();
            if let Some(c) = chars.next() {
                out.push_str(&tr_uppercase(&c.to_string()));
                out.push_str(chars.as_str());
            }
        }
        first_word = false;
    }
    out
}

/// Folds one lower-case Latin letter with a diacritic to ASCII; `None` if there is nothing to fold.
pub(crate) fn fold_latin(c: char) -> Option<&'static str> {
    Some(match c {
        'ç' => "c",
        'ğ' => "g",
        'ı' => "i",
        'ö' | 'ò' | 'ó' | 'ô' | 'õ' | 'ø' => "o",
        'ş' => "s",
        'ü' | 'ù' | 'ú' | 'û' => "u",
        'â' | 'à' | 'á' | 'ä' | 'ã' | 'å' => "a",
        'î' | 'ì' | 'í' | 'ï' => "i",
        'é' | 'è' | 'ê' | 'ë' => "e",
        'ñ' => "n",
        'ß' => "ss",
        'æ' => "ae",
        'œ' => "oe",
        _ => return None,
    })
}

/// Folds Latin diacritics to ASCII, keeping case ("Çay Fırsatı" → "Cay Firsati").
pub(crate) fn fold_to_ascii(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        let mut lower_chars = tr_lowercase(&c.to_string()).chars().collect::<Vec<_>>();
        let lower = match (lower_chars.pop(), lower_chars.is_empty()) {
            (Some(l), true) => l,
            _ => {
                out.push(c);
                continue;
            }
        };
        let folded = if lower.is_ascii() {
            lower.to_string()
        } else if let Some(f) = fold_latin(lower) {
            f.to_string()
        } else {
            out.push(c);
            continue;
        };
        if c.is_uppercase() {
            out.push_str(&folded.to_ascii_uppercase());
        } else {
            out.push_str(&folded);
        }
    }
    out
}

/// A URL slug: Turkish-lower-cased, diacritics folded to ASCII, words joined by `-`.
///
/// "İpek Şal Çeşitleri" → "ipek-sal-cesitleri". Letters of other scripts (Arabic) are kept as they
/// are, since browsers percent-encode them; everything else separates words.
pub fn slugify(s: &str) -> String {
    let lower = tr_lowercase(s);
    let mut out = String::with_capacity(lower.len());
    let mut pending_dash = false;
    for c in lower.chars() {
        let piece: Option<String> = if c.is_ascii_alphanumeric() {
            Some(c.to_string())
        } else if let Some(f) = fold_latin(c) {
            Some(f.to_string())
        } else if c.is_alphanumeric() {
            Some(c.to_string())
        } else if c == '\'' || c == '’' || is_combining_mark(c) {
            // "Makinesi'ni" is one word; combining marks belong to the letter before.
            Some(String::new())
        } else {
            None
        };
        match piece {
            Some(p) => {
                if pending_dash && !out.is_empty() && !p.is_empty() {
                    out.push('-');
                }
                if !p.is_empty() {
                    pending_dash = false;
                }
                out.push_str(&p);
            }
            None => pending_dash = true,
        }
    }
    out
}

/// Latin combining diacritics and Arabic vowel marks, which belong to the letter before them.
pub(crate) fn is_combining_mark(c: char) -> bool {
    matches!(c as u32, 0x0300..=0x036F | 0x064B..=0x065F | 0x0670)
}

/// The sound at the end of a word, which is all a suffix depends on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Tail {
    /// The last vowel as pronounced, folded to a Turkish vowel.
    last_vowel: char,
    /// The word ends in a vowel sound.
    ends_in_vowel: bool,
    /// The word ends in a voiceless consonant (f s t k ç ş h p).
    ends_hard: bool,
}

fn is_vowel(c: char) -> bool {
    matches!(c, 'a' | 'e' | 'ı' | 'i' | 'o' | 'ö' | 'u' | 'ü')
}

fn is_hard(c: char) -> bool {
    matches!(c, 'f' | 's' | 't' | 'k' | 'ç' | 'ş' | 'h' | 'p')
}

/// Normalises a lower-case letter to the Turkish alphabet for phonology (é → e, x → s sound …).
fn phon_letter(c: char) -> char {
    match c {
        'â' | 'à' | 'á' | 'ä' | 'ã' | 'å' => 'a',
        'î' | 'ì' | 'í' | 'ï' => 'i',
        'é' | 'è' | 'ê' | 'ë' => 'e',
        'ò' | 'ó' | 'ô' | 'õ' | 'ø' => 'o',
        'ù' | 'ú' | 'û' => 'u',
        'x' => 's',
        'q' => 'k',
        'w' => 'v',
        _ => c,
    }
}

/// The tail of a pronounced (lower-case, Turkish-spelled) word.
fn tail_of_spoken(spoken: &str) -> Option<Tail> {
    let letters: Vec<char> = spoken
        .chars()
        .filter(|c| c.is_alphabetic())
        .map(phon_letter)
        .collect();
    let last = *letters.last()?;
    let last_vowel = letters.iter().rev().copied().find(|c| is_vowel(*c))?;
    Some(Tail {
        last_vowel,
        ends_in_vowel: is_vowel(last),
        ends_hard: is_hard(last),
    })
}

/// How common foreign brand and product words are pronounced in Turkish.
const PRONUNCIATION: &[(&str, &str)] = &[
    ("iphone", "ayfon"),
    ("ipad", "ayped"),
    ("imac", "aymek"),
    ("ipod", "aypod"),
    ("macbook", "mekbuk"),
    ("airpods", "erpods"),
    ("apple", "epıl"),
    ("watch", "voç"),
    ("google", "gugıl"),
    ("youtube", "yutub"),
    ("facebook", "feysbuk"),
    ("whatsapp", "vatsap"),
    ("twitter", "tivitır"),
    ("microsoft", "maykrosoft"),
    ("windows", "vindovs"),
    ("playstation", "pleysteyşın"),
    ("xbox", "eksboks"),
    ("nike", "nayk"),
    ("dyson", "dayson"),
    ("bosch", "boş"),
    ("starbucks", "starbaks"),
    ("airfryer", "erfrayır"),
    ("nescafe", "neskafe"),
    ("plus", "plas"),
    ("mouse", "maus"),
    ("buds", "bads"),
    ("galaxy", "galaksi"),
    ("office", "ofis"),
    ("adobe", "adobi"),
    ("oneplus", "vanplas"),
    ("edition", "edişın"),
    ("sony", "soni"),
    ("intel", "intel"),
    ("nvidia", "envidya"),
    ("led", "led"),
    ("lego", "lego"),
    ("ikea", "ikea"),
    ("nato", "nato"),
];

/// Unit abbreviations read out in full ("500 ml" → "mililitre").
const UNITS: &[(&str, &str)] = &[
    ("ml", "mililitre"),
    ("lt", "litre"),
    ("l", "litre"),
    ("cl", "santilitre"),
    ("kg", "kilogram"),
    ("gr", "gram"),
    ("g", "gram"),
    ("mg", "miligram"),
    ("mm", "milimetre"),
    ("cm", "santimetre"),
    ("m", "metre"),
    ("km", "kilometre"),
    ("w", "vat"),
    ("kw", "kilovat"),
    ("v", "volt"),
    ("mah", "miliamper"),
    ("gb", "cigabayt"),
    ("tb", "terabayt"),
    ("mb", "megabayt"),
    ("hz", "herts"),
    ("ghz", "gigaherts"),
    ("inç", "inç"),
];

/// Turkish names of the letters, for spelled-out acronyms ("TDK" → "te de ke").
fn letter_name(c: char) -> &'static str {
    match c {
        'A' => "a",
        'B' => "be",
        'C' => "ce",
        'Ç' => "çe",
        'D' => "de",
        'E' => "e",
        'F' => "fe",
        'G' => "ge",
        'Ğ' => "yumuşak ge",
        'H' => "he",
        'I' => "ı",
        'İ' => "i",
        'J' => "je",
        'K' => "ke",
        'L' => "le",
        'M' => "me",
        'N' => "ne",
        'O' => "o",
        'Ö' => "ö",
        'P' => "pe",
        'Q' => "kü",
        'R' => "re",
        'S' => "se",
        'Ş' => "şe",
        'T' => "te",
        'U' => "u",
        'Ü' => "ü",
        'V' => "ve",
        'W' => "çift ve",
        'X' => "iks",
        'Y' => "ye",
        'Z' => "ze",
        _ => "e",
    }
}

const UNITS_WORDS: [&str; 10] = [
    "sıfır", "bir", "iki", "üç", "dört", "beş", "altı", "yedi", "sekiz", "dokuz",
];
const TENS_WORDS: [&str; 10] = [
    "", "on", "yirmi", "otuz", "kırk", "elli", "altmış", "yetmiş", "seksen", "doksan",
];
const SCALE_WORDS: [&str; 7] = [
    "",
    "bin",
    "milyon",
    "milyar",
    "trilyon",
    "katrilyon",
    "kentilyon",
];

/// The last word you say when reading out a run of decimal digits ("2024" → "dört").
fn last_spoken_number_word(digits: &str) -> &'static str {
    let digits: Vec<u32> = digits.chars().filter_map(|c| c.to_digit(10)).collect();
    // Position (from the right) of the last non-zero digit.
    let Some(pos) = digits.iter().rev().position(|d| *d != 0) else {
        return "sıfır";
    };
    let d = digits[digits.len() - 1 - pos] as usize;
    if pos >= 3 {
        return SCALE_WORDS.get(pos / 3).copied().unwrap_or("milyon");
    }
    match pos {
        0 => UNITS_WORDS[d],
        1 => TENS_WORDS[d],
        _ => "yüz",
    }
}

/// Spoken form of the number at the end of `token` (which ends in a digit), handling Turkish
/// thousands dots and decimal commas: "1.000" → "bin", "1,5" → "beş".
fn spoken_number(token: &str) -> &'static str {
    // Take the trailing part made of digits, '.' and ','.
    let start = token
        .char_indices()
        .rev()
        .take_while(|(_, c)| c.is_ascii_digit() || *c == '.' || *c == ',')
        .last()
        .map(|(i, _)| i)
        .unwrap_or(0);
    let number = token[start..].trim_matches(|c| c == '.' || c == ',');
    let spoken_part = match number.rsplit_once(',') {
        // A decimal fraction is read as a number after "virgül": "1,50" → "elli".
        Some((_, frac)) if frac.chars().any(|c| c != '0') => frac.to_string(),
        Some((int, _)) => int.replace('.', ""),
        None => number.replace('.', ""),
    };
    last_spoken_number_word(&spoken_part)
}

/// Works out how the last word of `text` ends when spoken.
fn tail_of(text: &str) -> Option<Tail> {
    let last = text
        .split_whitespace()
        .last()?
        .trim_end_matches(|c: char| !c.is_alphanumeric());
    let last_char = last.chars().last()?;
    if last_char.is_ascii_digit() {
        return tail_of_spoken(spoken_number(last));
    }
    let lower = tr_lowercase(last);
    if let Some((_, spoken)) = PRONUNCIATION.iter().find(|(w, _)| *w == lower) {
        return tail_of_spoken(spoken);
    }
    // A unit after a number: "500 ml".
    let words: Vec<&str> = text.split_whitespace().collect();
    if words.len() >= 2 && words[words.len() - 2].ends_with(|c: char| c.is_ascii_digit()) {
        if let Some((_, spoken)) = UNITS.iter().find(|(w, _)| *w == lower) {
            return tail_of_spoken(spoken);
        }
    }
    // A unit glued to a number: "1500W", "128GB", "500ml".
    if last.chars().any(|c| c.is_ascii_digit()) {
        let unit: String = last
            .chars()
            .rev()
            .take_while(|c| c.is_alphabetic())
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect();
        let unit = tr_lowercase(&unit);
        if let Some((_, spoken)) = UNITS.iter().find(|(w, _)| *w == unit) {
            return tail_of_spoken(spoken);
        }
    }
    let letters: Vec<char> = last.chars().filter(|c| c.is_alphabetic()).collect();
    let is_acronym = letters.len() >= 2 && letters.iter().all(|c| c.is_uppercase());
    let has_vowel = letters.iter().any(|c| {
        is_vowel(phon_letter(
            tr_lowercase(&c.to_string()).chars().next().unwrap_or('x'),
        ))
    });
    if is_acronym && (letters.len() <= 3 || !has_vowel) {
        let spelled: String = letters.iter().map(|c| letter_name(*c)).collect();
        return tail_of_spoken(&spelled);
    }
    if letters.len() == 1 && letters[0].is_uppercase() {
        return tail_of_spoken(letter_name(letters[0]));
    }
    // English-style final "y" after a consonant sounds like "i": "Sony", "Lucky".
    let mut spoken = tr_lowercase(last);
    let chars: Vec<char> = spoken.chars().collect();
    if chars.len() >= 2
        && chars[chars.len() - 1] == 'y'
        && !is_vowel(phon_letter(chars[chars.len() - 2]))
    {
        spoken.pop();
        spoken.push('i');
    }
    tail_of_spoken(&spoken).or(Some(Tail {
        last_vowel: 'e',
        ends_in_vowel: false,
        ends_hard: false,
    }))
}

/// Common nouns whose suffixes take front vowels although their last vowel is back.
const FRONT_EXCEPTIONS: &[&str] = &[
    "saat",
    "harf",
    "hal",
    "kalp",
    "rol",
    "gol",
    "alkol",
    "petrol",
    "kontrol",
    "protokol",
    "sembol",
    "futbol",
    "voleybol",
    "basketbol",
    "dikkat",
    "seyahat",
    "kabul",
    "meşgul",
    "hayal",
    "ideal",
    "mineral",
    "metal",
    "lokal",
    "total",
    "kemal",
    "emsal",
    "meal",
    "istikbal",
    "sual",
];

/// Polysyllabic common nouns that keep their final consonant ("hukuk" → "hukuku").
const NO_SOFTENING: &[&str] = &[
    "hukuk", "ittifak", "tank", "bank", "park", "sepet", "devlet", "millet", "saat", "cesaret",
    "ticaret", "reklam", "hizmet", "kuvvet", "kalite", "paket", "bilet", "ceket", "market", "hat",
    "sanat", "tablet", "internet", "bisiklet", "kıyafet", "fiyat", "marifet", "adet", "kat", "set",
    "kulüp", "top", "saç", "süt", "ok", "et", "at", "ot", "üç", "kaşık",
];

/// Polysyllabic nouns ending in t that do soften ("kanat" → "kanadı").
const T_SOFTENING: &[&str] = &["kanat", "yoğurt", "dört", "armut", "bulut", "umut", "ağaç"];

fn vowel_count(s: &str) -> usize {
    s.chars().filter(|c| is_vowel(phon_letter(*c))).count()
}

/// Softens the final consonant of a common noun before a vowel-initial suffix.
fn soften(word: &str) -> String {
    let last_word = word.rsplit(' ').next().unwrap_or(word);
    let lower = tr_lowercase(last_word);
    if NO_SOFTENING.contains(&lower.as_str()) || vowel_count(&lower) < 2 {
        // Monosyllables mostly keep their consonant; "renk" → "rengi" is the common exception.
        if !(lower.ends_with("nk")
            && vowel_count(&lower) == 1
            && !NO_SOFTENING.contains(&lower.as_str()))
        {
            return word.to_string();
        }
    }
    let mut chars: Vec<char> = word.chars().collect();
    let Some(last) = chars.last().copied() else {
        return word.to_string();
    };
    let before = if chars.len() >= 2 {
        chars[chars.len() - 2]
    } else {
        ' '
    };
    let replacement = match last {
        'p' => 'b',
        'ç' => 'c',
        'k' if before == 'n' => 'g',
        'k' => 'ğ',
        't' if T_SOFTENING.contains(&lower.as_str()) => 'd',
        _ => return word.to_string(),
    };
    if let Some(slot) = chars.last_mut() {
        *slot = replacement;
    }
    chars.into_iter().collect()
}

fn harmony2(v: char) -> char {
    if matches!(v, 'a' | 'ı' | 'o' | 'u') {
        'a'
    } else {
        'e'
    }
}

fn harmony4(v: char) -> char {
    match v {
        'a' | 'ı' => 'ı',
        'o' | 'u' => 'u',
        'ö' | 'ü' => 'ü',
        _ => 'i',
    }
}

/// Words that end in consonant + high vowel without being possessive forms.
const NOT_POSSESSIVE: &[&str] = &[
    "kapı",
    "halı",
    "kutu",
    "kedi",
    "ütü",
    "köprü",
    "ölçü",
    "örtü",
    "koku",
    "boru",
    "ordu",
    "kuzu",
    "ayakkabı",
    "yazı",
    "sürü",
    "kürkü",
    "tahmini",
    "mini",
    "maxi",
    "midi",
    "wifi",
    "hifi",
    "redmi",
    "taxi",
    "sushi",
    "bikini",
    "emoji",
    "jacuzzi",
    "kiwi",
    "tofu",
    "menü",
    "kahvaltı",
];

/// Whether a single word looks like a noun in 3rd-person possessive form ("Makinesi",
/// "Bardağı", "Kılıfı", "Saati", "kullanıcıları"). Brands, model codes, agent nouns in
/// -cı/-ci ("Isıtıcı") and adjectives in -lı/-li ("Desenli") are not.
pub(crate) fn looks_possessive(word: &str) -> bool {
    if word.chars().skip(1).any(char::is_uppercase) || word.chars().any(|c| c.is_ascii_digit()) {
        return false;
    }
    let lower = tr_lowercase(word);
    if NOT_POSSESSIVE.contains(&lower.as_str()) {
        return false;
    }
    let chars: Vec<char> = lower.chars().collect();
    if chars.len() < 3 {
        return false;
    }
    let (c1, c2) = (chars[chars.len() - 2], chars[chars.len() - 1]);
    if !matches!(c2, 'ı' | 'i' | 'u' | 'ü') {
        return false;
    }
    match c1 {
        's' | 'ğ' => true,
        'c' | 'ç' | 'l' => false,
        c => c.is_alphabetic() && !is_vowel(c) && c.is_lowercase(),
    }
}

/// A multi-word name whose last word carries the 3rd-person possessive ("Kahve Makinesi",
/// "Çay Bardağı", "iPhone 15 Kılıfı") takes a buffer "n" before case suffixes: "Kahve Makinesi'ni".
fn is_possessive_compound(text: &str) -> bool {
    let words: Vec<&str> = text.split_whitespace().collect();
    words.len() >= 2 && words.last().is_some_and(|w| looks_possessive(w))
}

/// Guesses the kind of a word: capitalised, mixed-case, upper-case or numeric text is proper.
pub fn guess_kind(text: &str) -> WordKind {
    let trimmed = text.trim();
    let proper = trimmed.chars().next().is_some_and(char::is_uppercase)
        || trimmed
            .chars()
            .any(|c| c.is_ascii_digit() || c.is_uppercase());
    if proper {
        WordKind::Proper
    } else {
        WordKind::Common
    }
}

/// The suffix for `text` in `case`, including the apostrophe for proper words ("'ni", "'te").
///
/// For common nouns the suffix is returned without apostrophe and without any stem change; use
/// [`inflect`] to also soften the stem.
pub fn case_suffix(text: &str, case: Case, kind: WordKind) -> String {
    let body = suffix_body(text, case);
    match kind {
        WordKind::Proper => format!("'{body}"),
        WordKind::Common => body,
    }
}

fn suffix_body(text: &str, case: Case) -> String {
    let tail = tail_of(text).unwrap_or(Tail {
        last_vowel: 'e',
        ends_in_vowel: false,
        ends_hard: false,
    });
    let last_word = tr_lowercase(text.split_whitespace().last().unwrap_or(""));
    let vowel = if FRONT_EXCEPTIONS.contains(&last_word.as_str()) {
        'e'
    } else {
        tail.last_vowel
    };
    let a = harmony2(vowel);
    let i = harmony4(vowel);
    let buffer_n = is_possessive_compound(text);
    let d = if tail.ends_hard && !buffer_n {
        't'
    } else {
        'd'
    };
    match case {
        Case::Accusative if buffer_n => format!("n{i}"),
        Case::Accusative if tail.ends_in_vowel => format!("y{i}"),
        Case::Accusative => i.to_string(),
        Case::Dative if buffer_n => format!("n{a}"),
        Case::Dative if tail.ends_in_vowel => format!("y{a}"),
        Case::Dative => a.to_string(),
        Case::Locative if buffer_n => format!("nd{a}"),
        Case::Locative => format!("{d}{a}"),
        Case::Ablative if buffer_n => format!("nd{a}n"),
        Case::Ablative => format!("{d}{a}n"),
        Case::Genitive if tail.ends_in_vowel => format!("n{i}n"),
        Case::Genitive => format!("{i}n"),
    }
}

/// `text` with the case suffix attached, guessing proper vs common from the capitalisation.
///
/// ```
/// use pofuai_text::turkish::{inflect, Case};
/// assert_eq!(inflect("Kahve Makinesi", Case::Accusative), "Kahve Makinesi'ni");
/// assert_eq!(inflect("2024", Case::Locative), "2024'te");
/// assert_eq!(inflect("kitap", Case::Accusative), "kitabı");
/// ```
pub fn inflect(text: &str, case: Case) -> String {
    inflect_as(text, case, guess_kind(text))
}

/// Like [`inflect`] with the word kind given explicitly.
pub fn inflect_as(text: &str, case: Case, kind: WordKind) -> String {
    let text = text.trim();
    let body = suffix_body(text, case);
    // After an apostrophe and its suffix, further suffixes attach directly: "12'li" → "12'liyi",
    // never "12'li'yi" (TDK).
    let last_word = text.rsplit(' ').next().unwrap_or(text);
    if last_word.contains(['\'', '’']) {
        return format!("{text}{body}");
    }
    match kind {
        WordKind::Proper => format!("{text}'{body}"),
        WordKind::Common => {
            let vowel_initial = body.chars().next().is_some_and(is_vowel);
            let stem = if vowel_initial && !is_possessive_compound(text) {
                soften(text)
            } else {
                text.to_string()
            };
            format!("{stem}{body}")
        }
    }
}

/// Whether a word is written like a Turkish word: a loanword kept in its foreign spelling
/// ("Edition", "Mouse", "Airfryer") is treated like a proper name when suffixed.
fn looks_foreign(word: &str) -> bool {
    let lower = tr_lowercase(word);
    lower.contains(['q', 'w', 'x'])
        || [
            "tion", "th", "ph", "ee", "oo", "ou", "ai", "ea", "ck", "sh", "ch",
        ]
        .iter()
        .any(|p| lower.contains(p))
}

/// How a product name takes suffixes, by the rules of Turkish spelling (TDK): a product name is
/// a common noun ("Premium Kahve Makinesini", "Bakır Cezveyi", "Kulaklığı"), so it takes
/// suffixes without an apostrophe and with consonant softening; only when it ends in a proper
/// name (its brand), a number, an abbreviation or unit, or a foreign word does it take one
/// ("Anadolu Ev'in", "20000 mAh'i", "28 cm'yi", "Spor Edition'ı").
pub fn name_kind(name: &str, brand: Option<&str>) -> WordKind {
    let name = name.trim();
    let words: Vec<&str> = name.split_whitespace().collect();
    let Some(last) = words.last() else {
        return WordKind::Common;
    };
    if let Some(brand) = brand.map(str::trim).filter(|b| !b.is_empty())
        && tr_lowercase(name).ends_with(&tr_lowercase(brand))
    {
        return WordKind::Proper;
    }
    let letters: Vec<char> = last.chars().filter(|c| c.is_alphabetic()).collect();
    let has_digit = last.chars().any(|c| c.is_ascii_digit());
    let mixed_case = last.chars().skip(1).any(char::is_uppercase);
    let acronym = letters.len() >= 2 && letters.iter().all(|c| c.is_uppercase());
    let unit_after_number = words.len() >= 2
        && words[words.len() - 2].ends_with(|c: char| c.is_ascii_digit())
        && UNITS.iter().any(|(u, _)| *u == tr_lowercase(last));
    if letters.is_empty()
        || has_digit
        || mixed_case
        || acronym
        || unit_after_number
        || looks_foreign(last)
    {
        WordKind::Proper
    } else {
        WordKind::Common
    }
}

/// A product name with a case suffix, per [`name_kind`].
pub fn inflect_name(name: &str, case: Case, brand: Option<&str>) -> String {
    inflect_as(name, case, name_kind(name, brand))
}

/// The plural (-lar/-ler), guessing the word kind: "ürünler", "2020'ler".
pub fn plural(text: &str) -> String {
    let text = text.trim();
    let kind = guess_kind(text);
    let tail = tail_of(text).unwrap_or(Tail {
        last_vowel: 'e',
        ends_in_vowel: false,
        ends_hard: false,
    });
    let last_word = tr_lowercase(text.split_whitespace().last().unwrap_or(""));
    let vowel = if FRONT_EXCEPTIONS.contains(&last_word.as_str()) {
        'e'
    } else {
        tail.last_vowel
    };
    let suffix = format!("l{}r", harmony2(vowel));
    match kind {
        WordKind::Proper => format!("{text}'{suffix}"),
        WordKind::Common => format!("{text}{suffix}"),
    }
}

/// Accusative: "iPhone'u", "kahveyi".
pub fn accusative(text: &str) -> String {
    inflect(text, Case::Accusative)
}

/// Dative: "Ankara'ya", "kahve severlere".
pub fn dative(text: &str) -> String {
    inflect(text, Case::Dative)
}

/// Locative: "2024'te", "evde".
pub fn locative(text: &str) -> String {
    inflect(text, Case::Locative)
}

/// Ablative: "Trendyol'dan", "5'ten".
pub fn ablative(text: &str) -> String {
    inflect(text, Case::Ablative)
}

/// Genitive: "Samsung'un", "Kahve Makinesi'nin".
pub fn genitive(text: &str) -> String {
    inflect(text, Case::Genitive)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lowercase_and_uppercase_respect_dotted_and_dotless_i() {
        let table = [
            ("İSTANBUL", "istanbul"),
            ("ISPARTA", "ısparta"),
            ("IŞIK", "ışık"),
            ("İĞNE", "iğne"),
            ("KIRMIZI İPEK", "kırmızı ipek"),
            ("ÇÖĞÜŞ", "çöğüş"),
            ("I\u{307}ZMIR", "izmır"),
        ];
        for (upper, lower) in table {
            assert_eq!(tr_lowercase(upper), lower, "lower of {upper}");
        }
        let table = [
            ("istanbul", "İSTANBUL"),
            ("ısparta", "ISPARTA"),
            ("indirim", "İNDİRİM"),
            ("kırmızı ipek", "KIRMIZI İPEK"),
            ("şık güçlü", "ŞIK GÜÇLÜ"),
        ];
        for (lower, upper) in table {
            assert_eq!(tr_uppercase(lower), upper, "upper of {lower}");
        }
    }

    #[test]
    fn title_case_keeps_brands_and_lowercases_conjunctions() {
        let table = [
            ("premium kahve makinesi", "Premium Kahve Makinesi"),
            ("İPEK ŞAL VE EŞARP", "İpek Şal ve Eşarp"),
            ("ıslak mendil", "Islak Mendil"),
            ("iPhone 15 kılıfı", "iPhone 15 Kılıfı"),
            ("USB şarj kablosu ile", "USB Şarj Kablosu ile"),
            ("ve sonra", "Ve Sonra"),
            ("kahve makinesi'ni", "Kahve Makinesi'ni"),
        ];
        for (input, want) in table {
            assert_eq!(title_case(input), want, "title case of {input}");
        }
    }

    #[test]
    fn slugify_folds_turkish_letters() {
        let table = [
            ("İpek Şal Çeşitleri", "ipek-sal-cesitleri"),
            ("IŞIKLI Ayna", "isikli-ayna"),
            ("Kahve Makinesi'ni", "kahve-makinesini"),
            ("Ğ ğ Ü ü Ö ö Ç ç Ş ş I ı İ i", "g-g-u-u-o-o-c-c-s-s-i-i-i-i"),
            ("  %50 İndirim!! Şimdi  ", "50-indirim-simdi"),
            ("Größe & Übergröße", "grosse-ubergrosse"),
            ("Café Crème", "cafe-creme"),
            ("", ""),
            ("---", ""),
        ];
        for (input, want) in table {
            assert_eq!(slugify(input), want, "slug of {input:?}");
        }
        assert_eq!(slugify("قهوة عربية"), "قهوة-عربية");
    }

    #[test]
    fn fold_to_ascii_keeps_case() {
        assert_eq!(
            fold_to_ascii("Çay Fırsatı İZMİR ığ"),
            "Cay Firsati IZMIR ig"
        );
        assert_eq!(fold_to_ascii("Straße قهوة"), "Strasse قهوة");
    }

    #[test]
    fn numbers_are_read_out() {
        let table = [
            ("0", "sıfır"),
            ("1", "bir"),
            ("3", "üç"),
            ("10", "on"),
            ("40", "kırk"),
            ("100", "yüz"),
            ("1000", "bin"),
            ("2024", "dört"),
            ("2000", "bin"),
            ("1.000", "bin"),
            ("1.500", "yüz"),
            ("250000", "bin"),
            ("3000000", "milyon"),
            ("1,5", "beş"),
            ("1.299,90", "doksan"),
            ("7,00", "yedi"),
            ("PS5", "beş"),
        ];
        for (input, want) in table {
            assert_eq!(spoken_number(input), want, "spoken {input}");
        }
    }

    #[test]
    fn number_suffixes_follow_the_spoken_form() {
        use Case::*;
        let table = [
            ("2024", Locative, "2024'te"),
            ("2024", Accusative, "2024'ü"),
            ("3", Accusative, "3'ü"),
            ("5", Accusative, "5'i"),
            ("6", Accusative, "6'yı"),
            ("10", Accusative, "10'u"),
            ("100", Accusative, "100'ü"),
            ("1000", Accusative, "1000'i"),
            ("1", Dative, "1'e"),
            ("2", Dative, "2'ye"),
            ("6", Dative, "6'ya"),
            ("9", Dative, "9'a"),
            ("40", Locative, "40'ta"),
            ("60", Locative, "60'ta"),
            ("9", Locative, "9'da"),
            ("5", Ablative, "5'ten"),
            ("30", Ablative, "30'dan"),
            ("3", Genitive, "3'ün"),
            ("2", Genitive, "2'nin"),
            ("50", Genitive, "50'nin"),
            ("1.000", Dative, "1.000'e"),
            ("%20", Dative, "%20'ye"),
            ("1990", Locative, "1990'da"),
        ];
        for (word, case, want) in table {
            assert_eq!(inflect(word, case), want, "{word} {case:?}");
        }
        assert_eq!(plural("1990"), "1990'lar");
    }

    #[test]
    fn proper_names_take_an_apostrophe_and_no_softening() {
        use Case::*;
        let table = [
            ("Kahve Makinesi", Accusative, "Kahve Makinesi'ni"),
            (
                "Premium Kahve Makinesi",
                Dative,
                "Premium Kahve Makinesi'ne",
            ),
            ("Kahve Makinesi", Locative, "Kahve Makinesi'nde"),
            ("Kahve Makinesi", Ablative, "Kahve Makinesi'nden"),
            ("Kahve Makinesi", Genitive, "Kahve Makinesi'nin"),
            ("Çay Bardağı", Accusative, "Çay Bardağı'nı"),
            ("Diş Fırçası", Dative, "Diş Fırçası'na"),
            ("İstanbul", Locative, "İstanbul'da"),
            ("Ankara", Dative, "Ankara'ya"),
            ("Ankara", Accusative, "Ankara'yı"),
            ("Ahmet", Dative, "Ahmet'e"),
            ("Mehmet", Accusative, "Mehmet'i"),
            ("Zonguldak", Dative, "Zonguldak'a"),
            ("Trendyol", Ablative, "Trendyol'dan"),
            ("Hepsiburada", Locative, "Hepsiburada'da"),
            ("Türkiye", Genitive, "Türkiye'nin"),
            ("Samsung", Genitive, "Samsung'un"),
            ("Arçelik", Ablative, "Arçelik'ten"),
            ("Bluetooth Kulaklık", Accusative, "Bluetooth Kulaklık'ı"),
            ("Paris", Locative, "Paris'te"),
            ("Aras Kargo", Dative, "Aras Kargo'ya"),
            ("iPhone 15 Kılıfı", Accusative, "iPhone 15 Kılıfı'nı"),
            ("Çay Bardağı Seti", Dative, "Çay Bardağı Seti'ne"),
            ("Kol Saati", Locative, "Kol Saati'nde"),
            (
                "Xiaomi Redmi Note 13 Cep Telefonu",
                Ablative,
                "Xiaomi Redmi Note 13 Cep Telefonu'ndan",
            ),
            ("Spor Ayakkabı", Accusative, "Spor Ayakkabı'yı"),
            ("Ahşap Kutu", Accusative, "Ahşap Kutu'yu"),
            ("Su Isıtıcı", Accusative, "Su Isıtıcı'yı"),
            (
                "Desenli Nevresim Takımı",
                Genitive,
                "Desenli Nevresim Takımı'nın",
            ),
            ("Pamuklu", Dative, "Pamuklu'ya"),
            (
                "Fujifilm Instax Mini",
                Accusative,
                "Fujifilm Instax Mini'yi",
            ),
            ("Samsung Galaxy Buds", Accusative, "Samsung Galaxy Buds'ı"),
            ("Yurtiçi Kargo", Ablative, "Yurtiçi Kargo'dan"),
        ];
        for (word, case, want) in table {
            assert_eq!(inflect(word, case), want, "{word} {case:?}");
        }
    }

    #[test]
    fn brands_acronyms_and_units_follow_pronunciation() {
        use Case::*;
        let table = [
            ("iPhone", Accusative, "iPhone'u"),
            ("iPhone", Dative, "iPhone'a"),
            ("iPhone 15", Accusative, "iPhone 15'i"),
            ("iPad", Locative, "iPad'de"),
            ("Apple Watch", Accusative, "Apple Watch'u"),
            ("Apple", Accusative, "Apple'ı"),
            ("Google", Dative, "Google'a"),
            ("YouTube", Locative, "YouTube'da"),
            ("Bosch", Ablative, "Bosch'tan"),
            ("Sony", Accusative, "Sony'yi"),
            ("Galaxy", Dative, "Galaxy'ye"),
            ("Samsung Galaxy S24", Accusative, "Samsung Galaxy S24'ü"),
            ("PS5", Accusative, "PS5'i"),
            ("USB", Dative, "USB'ye"),
            ("TDK", Genitive, "TDK'nin"),
            ("LG", Locative, "LG'de"),
            ("HP", Ablative, "HP'den"),
            ("TV", Accusative, "TV'yi"),
            ("NATO", Dative, "NATO'ya"),
            ("LED", Accusative, "LED'i"),
            ("500 ml", Ablative, "500 ml'den"),
            ("5 kg", Dative, "5 kg'a"),
            ("Max", Accusative, "Max'ı"),
            ("1500W", Dative, "1500W'a"),
            ("128 GB", Accusative, "128 GB'ı"),
            ("500ml", Ablative, "500ml'den"),
        ];
        for (word, case, want) in table {
            assert_eq!(inflect(word, case), want, "{word} {case:?}");
        }
    }

    #[test]
    fn common_nouns_attach_directly_with_softening_and_harmony() {
        use Case::*;
        let table = [
            ("kahve", Accusative, "kahveyi"),
            ("kitap", Accusative, "kitabı"),
            ("çocuk", Dative, "çocuğa"),
            ("ağaç", Accusative, "ağacı"),
            ("renk", Accusative, "rengi"),
            ("top", Accusative, "topu"),
            ("süt", Genitive, "sütün"),
            ("sepet", Dative, "sepete"),
            ("ev", Locative, "evde"),
            ("kitap", Locative, "kitapta"),
            ("mutfak", Ablative, "mutfaktan"),
            ("saat", Accusative, "saati"),
            ("alkol", Dative, "alkole"),
            ("kahve severler", Dative, "kahve severlere"),
            ("anneler", Genitive, "annelerin"),
            ("kahve makinesi", Accusative, "kahve makinesini"),
            ("müzik tutkunları", Dative, "müzik tutkunlarına"),
            ("ev hanımları", Genitive, "ev hanımlarının"),
            ("yoğurt", Accusative, "yoğurdu"),
            ("köpek", Genitive, "köpeğin"),
            ("okul", Locative, "okulda"),
            ("göz", Ablative, "gözden"),
            ("kulaklık", Accusative, "kulaklığı"),
        ];
        for (word, case, want) in table {
            assert_eq!(inflect(word, case), want, "{word} {case:?}");
        }
    }

    #[test]
    fn ecommerce_vocabulary() {
        use Case::*;
        let proper = [
            ("Akıllı Saat", Accusative, "Akıllı Saat'i"),
            ("Akıllı Saat", Locative, "Akıllı Saat'te"),
            ("Oyuncu Mouse", Accusative, "Oyuncu Mouse'u"),
            ("Laptop Çantası", Accusative, "Laptop Çantası'nı"),
            ("Kablosuz Şarj Cihazı", Dative, "Kablosuz Şarj Cihazı'na"),
            ("Bebek Arabası", Locative, "Bebek Arabası'nda"),
            ("Yoga Matı", Ablative, "Yoga Matı'ndan"),
            ("Ahşap Masa", Genitive, "Ahşap Masa'nın"),
            ("Deri Ceket", Dative, "Deri Ceket'e"),
            ("Kışlık Bot", Locative, "Kışlık Bot'ta"),
            ("Güneş Gözlüğü", Accusative, "Güneş Gözlüğü'nü"),
            ("Philips Airfryer", Accusative, "Philips Airfryer'ı"),
            ("Robot Süpürge", Ablative, "Robot Süpürge'den"),
            ("Xbox", Dative, "Xbox'a"),
            ("Nike", Genitive, "Nike'ın"),
            ("Adidas", Locative, "Adidas'ta"),
            ("Karaca", Accusative, "Karaca'yı"),
            ("Trendyol", Genitive, "Trendyol'un"),
            ("N11", Locative, "N11'de"),
            ("GittiGidiyor", Accusative, "GittiGidiyor'u"),
            ("Amazon", Locative, "Amazon'da"),
            ("Paraşüt", Ablative, "Paraşüt'ten"),
        ];
        for (word, case, want) in proper {
            assert_eq!(inflect(word, case), want, "{word} {case:?}");
        }
        assert_eq!(inflect_as("iyzico", Dative, WordKind::Proper), "iyzico'ya");

        let numbers = [
            ("%50", Dative, "%50'ye"),
            ("7/24", Locative, "7/24'te"),
            ("1,5", Dative, "1,5'e"),
            ("99,90", Ablative, "99,90'dan"),
            ("12", Accusative, "12'yi"),
            ("20", Genitive, "20'nin"),
            ("30", Accusative, "30'u"),
            ("80", Dative, "80'e"),
            ("90", Locative, "90'da"),
            ("70", Ablative, "70'ten"),
            ("8", Locative, "8'de"),
            ("4", Accusative, "4'ü"),
            ("1000000", Accusative, "1000000'u"),
            ("1000000000", Dative, "1000000000'a"),
        ];
        for (word, case, want) in numbers {
            assert_eq!(inflect(word, case), want, "{word} {case:?}");
        }

        let common = [
            ("telefon", Accusative, "telefonu"),
            ("bardak", Accusative, "bardağı"),
            ("tabak", Dative, "tabağa"),
            ("kazak", Genitive, "kazağın"),
            ("çanta", Locative, "çantada"),
            ("ayakkabı", Accusative, "ayakkabıyı"),
            ("gömlek", Accusative, "gömleği"),
            ("dolap", Dative, "dolaba"),
            ("kitaplık", Accusative, "kitaplığı"),
            ("masa", Ablative, "masadan"),
            ("tişört", Accusative, "tişörtü"),
            ("pantolon", Genitive, "pantolonun"),
            ("etek", Locative, "etekte"),
            ("çorap", Accusative, "çorabı"),
            ("kalem", Ablative, "kalemden"),
            ("sepet", Accusative, "sepeti"),
            ("paket", Accusative, "paketi"),
            ("fiyat", Genitive, "fiyatın"),
            ("kargo", Dative, "kargoya"),
            ("müşteri", Genitive, "müşterinin"),
            ("ürün", Ablative, "üründen"),
            ("sipariş", Locative, "siparişte"),
            ("kampanya", Accusative, "kampanyayı"),
            ("indirim", Dative, "indirime"),
        ];
        for (word, case, want) in common {
            assert_eq!(inflect(word, case), want, "{word} {case:?}");
        }
    }

    #[test]
    fn plurals_follow_two_way_harmony() {
        let table = [
            ("ürün", "ürünler"),
            ("kitap", "kitaplar"),
            ("saat", "saatler"),
            ("kahve sever", "kahve severler"),
            ("Ahmet", "Ahmet'ler"),
            ("iPhone", "iPhone'lar"),
            ("2020", "2020'ler"),
            ("90", "90'lar"),
        ];
        for (word, want) in table {
            assert_eq!(plural(word), want, "plural of {word}");
        }
    }

    #[test]
    fn product_names_follow_tdk_spelling() {
        use Case::*;
        // Common nouns: no apostrophe, softening, buffer n after the possessive.
        let table = [
            (
                "Premium Kahve Makinesi",
                None,
                Accusative,
                "Premium Kahve Makinesini",
            ),
            ("Bakır Cezve", None, Accusative, "Bakır Cezveyi"),
            (
                "Osmanlı Tarihi Seti 5 Kitap",
                None,
                Accusative,
                "Osmanlı Tarihi Seti 5 Kitabı",
            ),
            (
                "Kablosuz Bluetooth Kulaklık",
                None,
                Accusative,
                "Kablosuz Bluetooth Kulaklığı",
            ),
            (
                "Türk Mutfağı Yemek Kitabı",
                None,
                Genitive,
                "Türk Mutfağı Yemek Kitabının",
            ),
            (
                "Organik Pamuk Tişört",
                None,
                Accusative,
                "Organik Pamuk Tişörtü",
            ),
            ("Erkek Deri Cüzdan", None, Dative, "Erkek Deri Cüzdana"),
            (
                "Kamp Çadırı 4 Kişilik",
                None,
                Accusative,
                "Kamp Çadırı 4 Kişiliği",
            ),
            (
                "Bakır Cezve El Yapımı",
                None,
                Accusative,
                "Bakır Cezve El Yapımını",
            ),
            (
                "Robot Süpürge Akıllı Haritalama",
                None,
                Locative,
                "Robot Süpürge Akıllı Haritalamada",
            ),
            // Numbers, units, abbreviations, brands and foreign words: apostrophe.
            (
                "Taşınabilir Şarj Cihazı 20000 mAh",
                None,
                Accusative,
                "Taşınabilir Şarj Cihazı 20000 mAh'i",
            ),
            ("Döküm Tava 28 cm", None, Accusative, "Döküm Tava 28 cm'yi"),
            (
                "Ayarlanabilir Dambıl Seti 20 kg",
                None,
                Accusative,
                "Ayarlanabilir Dambıl Seti 20 kg'ı",
            ),
            (
                "Gül Suyu Tonik 250 ml",
                None,
                Genitive,
                "Gül Suyu Tonik 250 ml'nin",
            ),
            (
                "Akıllı Saat Spor Edition",
                None,
                Accusative,
                "Akıllı Saat Spor Edition'ı",
            ),
            (
                "Kahve Makinesi Anadolu Ev",
                Some("Anadolu Ev"),
                Genitive,
                "Kahve Makinesi Anadolu Ev'in",
            ),
            ("iPhone 15", None, Accusative, "iPhone 15'i"),
            // After an apostrophe the suffix attaches directly: never two apostrophes.
            (
                "İnce Belli Çay Bardağı 12'li",
                None,
                Accusative,
                "İnce Belli Çay Bardağı 12'liyi",
            ),
            ("Çay Bardağı 6'lı", None, Dative, "Çay Bardağı 6'lıya"),
        ];
        for (name, brand, case, want) in table {
            assert_eq!(inflect_name(name, case, brand), want, "{name} {case:?}");
        }
        assert_eq!(
            inflect_as("Anadolu Ev", Genitive, WordKind::Proper),
            "Anadolu Ev'in"
        );
    }

    #[test]
    fn case_suffix_returns_only_the_ending() {
        assert_eq!(
            case_suffix("Kahve Makinesi", Case::Accusative, WordKind::Proper),
            "'ni"
        );
        assert_eq!(case_suffix("ev", Case::Locative, WordKind::Common), "de");
        assert_eq!(case_suffix("", Case::Dative, WordKind::Proper), "'e");
    }
}
