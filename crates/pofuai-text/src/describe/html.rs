//! A careful HTML-to-text stripper and an HTML escaper.
//!
//! The stripper never has to be perfect at parsing: its output is always escaped again before it
//! becomes HTML, so a mis-parse can only lose or keep text, never inject markup.

/// Elements whose content is not text a shopper should read.
const SKIP_CONTENT: &[&str] = &[
    "script", "style", "noscript", "template", "iframe", "object", "embed", "svg", "math", "head",
    "title", "textarea", "select",
];

/// Elements that end a paragraph.
const BLOCK: &[&str] = &[
    "p",
    "div",
    "br",
    "li",
    "ul",
    "ol",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "tr",
    "table",
    "section",
    "article",
    "blockquote",
    "header",
    "footer",
    "hr",
    "dd",
    "dt",
    "pre",
    "figcaption",
    "td",
    "th",
];

const BREAK: char = '\u{1}';

/// Escapes text for use in HTML element content or a quoted attribute.
pub fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + s.len() / 8);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// Strips HTML (or plain text) to paragraphs of plain text.
///
/// Tags are removed, the content of `script`, `style` and similar elements is dropped, block
/// elements (`p`, `div`, `br`, `li`, headings …) end a paragraph, entities are decoded and white
/// space is collapsed. Input without any tag is treated as plain text whose blank lines separate
/// paragraphs.
pub fn html_to_text(input: &str) -> Vec<String> {
    let input: String = input
        .chars()
        .map(|c| {
            if c.is_control() && c != '\n' && c != '\t' {
                ' '
            } else {
                c
            }
        })
        .collect();
    let mut out = String::with_capacity(input.len());
    let mut saw_tag = false;
    let mut i = 0;
    while i < input.len() {
        let rest = &input[i..];
        if rest.starts_with("<!--") {
            saw_tag = true;
            i += rest.find("-->").map_or(rest.len(), |e| e + 3);
            continue;
        }
        let mut chars = rest.chars();
        let Some(c) = chars.next() else { break };
        if c == '<'
            && chars
                .next()
                .is_some_and(|n| n.is_ascii_alphabetic() || n == '/' || n == '!' || n == '?')
        {
            saw_tag = true;
            let Some(end) = tag_end(rest) else {
                // An unterminated tag swallows the rest, as a browser would.
                break;
            };
            let inner = &rest[1..end];
            let closing = inner.starts_with('/');
            let name: String = inner
                .trim_start_matches('/')
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric())
                .collect::<String>()
                .to_ascii_lowercase();
            i += end + 1;
            if !closing && SKIP_CONTENT.contains(&name.as_str()) && !inner.trim_end().ends_with('/')
            {
                i += skip_until_close(&input[i..], &name);
                out.push(BREAK);
                continue;
            }
            if BLOCK.contains(&name.as_str()) {
                out.push(BREAK);
            } else {
                out.push(' ');
            }
            continue;
        }
        if c == '&' {
            if let Some((decoded, used)) = decode_entity(rest) {
                out.push_str(&decoded);
                i += used;
                continue;
            }
        }
        out.push(c);
        i += c.len_utf8();
    }

    let mut paragraphs = Vec::new();
    for chunk in out.split(BREAK) {
        if saw_tag {
            push_normalised(&mut paragraphs, chunk);
        } else {
            let mut current = String::new();
            for line in chunk.lines() {
                if line.trim().is_empty() {
                    push_normalised(&mut paragraphs, &current);
                    current.clear();
                } else {
                    current.push(' ');
                    current.push_str(line);
                }
            }
            push_normalised(&mut paragraphs, &current);
        }
    }
    paragraphs
}

fn push_normalised(paragraphs: &mut Vec<String>, text: &str) {
    let s = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if !s.is_empty() {
        paragraphs.push(s);
    }
}

/// Index of the `>` closing the tag that starts `s`, skipping quoted attribute values.
fn tag_end(s: &str) -> Option<usize> {
    let mut quote: Option<char> = None;
    for (i, c) in s.char_indices().skip(1) {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if c == '"' || c == '\'' => quote = Some(c),
            None if c == '>' => return Some(i),
            None => {}
        }
    }
    None
}

/// Bytes to skip past `</name ...>` (case-insensitive), or everything if it never closes.
fn skip_until_close(s: &str, name: &str) -> usize {
    let lower = s.to_ascii_lowercase();
    let needle = format!("</{name}");
    let mut from = 0;
    while let Some(pos) = lower[from..].find(&needle) {
        let start = from + pos;
        let after = start + needle.len();
        let boundary = lower[after..]
            .chars()
            .next()
            .is_none_or(|c| !c.is_ascii_alphanumeric());
        if boundary {
            return match lower[after..].find('>') {
                Some(gt) => after + gt + 1,
                None => s.len(),
            };
        }
        from = after;
    }
    s.len()
}

/// Decodes the entity at the start of `s` (which starts with `&`): its text and byte length.
fn decode_entity(s: &str) -> Option<(String, usize)> {
    let semi = s.char_indices().take(12).find(|(_, c)| *c == ';')?.0;
    let body = &s[1..semi];
    let decoded = if let Some(num) = body.strip_prefix('#') {
        let code = match num.strip_prefix('x').or_else(|| num.strip_prefix('X')) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => num.parse::<u32>().ok()?,
        };
        match char::from_u32(code) {
            Some('\0') => String::new(),
            Some(c) if c.is_control() && c != '\n' && c != '\t' => " ".to_string(),
            Some(c) => c.to_string(),
            None => '\u{FFFD}'.to_string(),
        }
    } else {
        named_entity(body)?.to_string()
    };
    Some((decoded, semi + 1))
}

fn named_entity(name: &str) -> Option<&'static str> {
    Some(match name {
        "amp" => "&",
        "lt" => "<",
        "gt" => ">",
        "quot" => "\"",
        "apos" => "'",
        "nbsp" => " ",
        "ccedil" => "ç",
        "Ccedil" => "Ç",
        "uuml" => "ü",
        "Uuml" => "Ü",
        "ouml" => "ö",
        "Ouml" => "Ö",
        "auml" => "ä",
        "Auml" => "Ä",
        "szlig" => "ß",
        "scedil" => "ş",
        "Scedil" => "Ş",
        "gbreve" => "ğ",
        "Gbreve" => "Ğ",
        "imath" | "inodot" => "ı",
        "Idot" => "İ",
        "eacute" => "é",
        "egrave" => "è",
        "acirc" => "â",
        "icirc" => "î",
        "ucirc" => "û",
        "hellip" => "…",
        "ndash" => "–",
        "mdash" => "—",
        "laquo" => "«",
        "raquo" => "»",
        "lsquo" => "‘",
        "rsquo" => "’",
        "ldquo" => "“",
        "rdquo" => "”",
        "bull" => "•",
        "euro" => "€",
        "pound" => "£",
        "copy" => "©",
        "reg" => "®",
        "trade" => "™",
        "deg" => "°",
        "times" => "×",
        "middot" => "·",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_tags_and_splits_paragraphs() {
        let table: &[(&str, &[&str])] = &[
            (
                "<p>Merhaba <b>dünya</b></p><p>İkinci</p>",
                &["Merhaba dünya", "İkinci"],
            ),
            ("Satır bir<br>Satır iki", &["Satır bir", "Satır iki"]),
            ("<ul><li>Bir</li><li>İki</li></ul>", &["Bir", "İki"]),
            (
                "Düz metin\n\nikinci paragraf\ndevamı",
                &["Düz metin", "ikinci paragraf devamı"],
            ),
            ("<div>a\n\nb</div>", &["a b"]),
            (
                "Fiyat &lt; 100 &amp; %50 &#304;ndirim &#x15F;&scedil;",
                &["Fiyat < 100 & %50 İndirim şş"],
            ),
            ("a &unknown; b &amp c", &["a &unknown; b &amp c"]),
            ("3 < 5 ve 5 > 3", &["3 < 5 ve 5 > 3"]),
            ("", &[]),
            ("<p></p><p>  </p>", &[]),
        ];
        for (input, want) in table {
            assert_eq!(html_to_text(input), *want, "{input:?}");
        }
    }

    #[test]
    fn drops_script_style_and_comments() {
        let table: &[(&str, &[&str])] = &[
            ("a<script>alert('x')</script>b", &["a", "b"]),
            ("a<SCRIPT type=\"x\">if (a</b) {}</SCRIPT >b", &["a", "b"]),
            ("<style>p{color:red}</style>Metin", &["Metin"]),
            ("x<!-- gizli <p>yorum</p> -->y", &["xy"]),
            ("x<!-- hiç kapanmayan", &["x"]),
            ("<img src=x onerror=\"alert('>')\">Resim", &["Resim"]),
            ("<a href=\"javascript:alert(1)\">Link</a>", &["Link"]),
            ("ok<script>never closed", &["ok"]),
            ("<p>yarım <b", &["yarım"]),
            (
                "<<script>script>alert(1)<</script>/script>",
                &["<", "/script>"],
            ),
        ];
        for (input, want) in table {
            assert_eq!(html_to_text(input), *want, "{input:?}");
        }
    }

    #[test]
    fn escape_covers_the_five_special_characters() {
        assert_eq!(
            escape_html(r#"<a href="x">'&'</a>"#),
            "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;"
        );
        assert_eq!(escape_html("Çay & Kahve"), "Çay &amp; Kahve");
    }
}
