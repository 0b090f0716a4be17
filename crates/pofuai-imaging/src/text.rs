//! Text shaping, fitting and rasterising with cosmic-text over the embedded Noto fonts.

use std::sync::Arc;

use cosmic_text::fontdb::{Database, Source};
use cosmic_text::{
    Align, Attrs, Buffer, Family, FeatureTag, FontFeatures, FontSystem, Metrics, Shaping,
    SwashCache, SwashContent, Weight, Wrap,
};

use crate::raster::AlphaMask;

static NOTO_SANS_REGULAR: &[u8] = include_bytes!("../fonts/NotoSans-Regular.ttf");
static NOTO_SANS_BOLD: &[u8] = include_bytes!("../fonts/NotoSans-Bold.ttf");
static NOTO_SANS_ARABIC_REGULAR: &[u8] = include_bytes!("../fonts/NotoSansArabic-Regular.ttf");
static NOTO_SANS_ARABIC_BOLD: &[u8] = include_bytes!("../fonts/NotoSansArabic-Bold.ttf");

const FAMILY: &str = "Noto Sans";
const ELLIPSIS: &str = "…";
/// Below this size text is never drawn; a box that small is treated as "cannot fit".
const ABSOLUTE_MIN_SIZE: f32 = 6.0;
/// Rasterised glyphs kept per engine before the cache is emptied.
const MAX_CACHED_GLYPHS: usize = 8192;

/// Horizontal alignment relative to reading direction.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum HAlign {
    Start,
    Center,
}

#[derive(Debug, Clone, Copy)]
pub(crate) struct TextStyle {
    pub max_size: f32,
    pub min_size: f32,
    pub bold: bool,
    pub align: HAlign,
    /// Line height as a multiple of the font size.
    pub line_height: f32,
    pub max_lines: Option<usize>,
    pub rtl: bool,
    /// Disable standard ligatures (Turkish: keeps the dot of `i` in `fi`).
    pub no_ligatures: bool,
}

/// Ink extents in buffer coordinates (whole pixels), `x1`/`y1` exclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct Ink {
    pub x0: i32,
    pub y0: i32,
    pub x1: i32,
    pub y1: i32,
}

impl Ink {
    pub(crate) fn width(&self) -> i32 {
        self.x1 - self.x0
    }
    pub(crate) fn height(&self) -> i32 {
        self.y1 - self.y0
    }
}

/// Text shaped and wrapped at the largest size that fits its box.
pub(crate) struct Fitted {
    buffer: Buffer,
    pub font_size: f32,
    pub lines: usize,
    pub ink: Ink,
    pub truncated: bool,
    /// Glyphs no bundled font has (drawn as the empty `.notdef` box).
    pub missing_glyphs: usize,
}

impl Fitted {
    pub(crate) fn is_empty(&self) -> bool {
        self.lines == 0 || self.ink.width() <= 0
    }
}

/// One font system plus glyph cache. Not shared between threads; [`crate::Renderer`] pools them.
pub(crate) struct TextEngine {
    fonts: FontSystem,
    glyphs: SwashCache,
}

impl TextEngine {
    pub(crate) fn new() -> Self {
        let mut db = Database::new();
        for data in [
            NOTO_SANS_REGULAR,
            NOTO_SANS_BOLD,
            NOTO_SANS_ARABIC_REGULAR,
            NOTO_SANS_ARABIC_BOLD,
        ] {
            db.load_font_source(Source::Binary(Arc::new(data)));
        }
        db.set_sans_serif_family(FAMILY);
        // A fixed locale keeps fallback choices independent of the host.
        let fonts = FontSystem::new_with_locale_and_db("en-US".to_owned(), db);
        Self {
            fonts,
            glyphs: SwashCache::new(),
        }
    }

    /// Finds the largest size in `min_size..=max_size` at which `text` wraps into `max_w` ×
    /// `max_h` (ink, not just line boxes). Failing that, truncates at word boundaries with an
    /// ellipsis, and as a last resort shrinks below `min_size`. The result always fits; it is
    /// empty when nothing can.
    pub(crate) fn fit(&mut self, text: &str, style: &TextStyle, max_w: f32, max_h: f32) -> Fitted {
        // Bound the glyph cache: a long-running server sees endless text/size combinations.
        if self.glyphs.image_cache.len() > MAX_CACHED_GLYPHS {
            self.glyphs.image_cache.clear();
        }
        let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
        // The sizes tried, largest first, each 7 % below the last. Smaller text fits at least
        // as well, so the largest fitting size is found by binary search: shaping (and
        // rasterising glyphs at a new size) is the expensive part of a render.
        let mut ladder = vec![style.max_size.max(ABSOLUTE_MIN_SIZE)];
        while let Some(&last) = ladder.last() {
            if last <= style.min_size {
                break;
            }
            ladder.push((last * 0.93).max(style.min_size));
        }
        let first = self.shape(&text, style, ladder[0], max_w);
        if self.fits(&first, style, max_w, max_h) {
            return first;
        }
        // Invariant: ladder[lo] does not fit; ladder[hi] fits when `found` holds it.
        let (mut lo, mut hi) = (0usize, ladder.len() - 1);
        let mut found = None;
        let last = self.shape(&text, style, ladder[hi], max_w);
        if self.fits(&last, style, max_w, max_h) {
            found = Some(last);
            while hi - lo > 1 {
                let mid = (lo + hi) / 2;
                let f = self.shape(&text, style, ladder[mid], max_w);
                if self.fits(&f, style, max_w, max_h) {
                    hi = mid;
                    found = Some(f);
                } else {
                    lo = mid;
                }
            }
        }
        if let Some(f) = found {
            return f;
        }
        let size = ladder[ladder.len() - 1];
        // Truncate: the longest word prefix that fits with an ellipsis at min size.
        let words: Vec<&str> = text.split(' ').collect();
        let (mut lo, mut hi) = (0usize, words.len().saturating_sub(1));
        let mut best: Option<Fitted> = None;
        while lo < hi {
            let mid = (lo + hi).div_ceil(2);
            let candidate = format!("{}{ELLIPSIS}", words[..mid].join(" "));
            let f = self.shape(&candidate, style, size, max_w);
            if self.fits(&f, style, max_w, max_h) {
                lo = mid;
                best = Some(f);
            } else {
                hi = mid - 1;
            }
        }
        if let Some(mut f) = best.filter(|_| lo > 0) {
            if f.ink.width() > 0 {
                f.truncated = true;
                return f;
            }
        }
        // Not even one word fits at min size: keep shrinking the first word.
        let first = format!(
            "{}{}",
            words.first().copied().unwrap_or(""),
            if words.len() > 1 { ELLIPSIS } else { "" }
        );
        let mut size = style.min_size;
        while size > ABSOLUTE_MIN_SIZE {
            size = (size * 0.9).max(ABSOLUTE_MIN_SIZE);
            let mut f = self.shape(&first, style, size, max_w);
            if self.fits(&f, style, max_w, max_h) {
                f.truncated = words.len() > 1;
                return f;
            }
        }
        let mut empty = self.shape("", style, ABSOLUTE_MIN_SIZE, max_w);
        empty.lines = 0;
        empty.truncated = true;
        empty
    }

    fn fits(&self, f: &Fitted, style: &TextStyle, max_w: f32, max_h: f32) -> bool {
        f.ink.width() as f32 <= max_w.floor()
            && f.ink.height() as f32 <= max_h.floor()
            && style.max_lines.is_none_or(|m| f.lines <= m)
    }

    /// Shapes and wraps `text` at `size` into width `max_w`, measuring its ink.
    fn shape(&mut self, text: &str, style: &TextStyle, size: f32, max_w: f32) -> Fitted {
        let metrics = Metrics::new(size, (size * style.line_height).ceil());
        let mut buffer = Buffer::new(&mut self.fonts, metrics);
        buffer.set_wrap(Wrap::WordOrGlyph);
        buffer.set_size(Some(max_w.max(1.0)), None);
        let mut features = FontFeatures::new();
        if style.no_ligatures {
            features.disable(FeatureTag::STANDARD_LIGATURES);
        }
        let attrs = Attrs::new()
            .family(Family::Name(FAMILY))
            .weight(if style.bold {
                Weight::BOLD
            } else {
                Weight::NORMAL
            })
            .font_features(features);
        let align = match (style.align, style.rtl) {
            (HAlign::Center, _) => Align::Center,
            (HAlign::Start, false) => Align::Left,
            (HAlign::Start, true) => Align::Right,
        };
        let text = directional(text, style.rtl);
        buffer.set_text(&text, &attrs, Shaping::Advanced, Some(align));
        buffer.shape_until_scroll(&mut self.fonts, false);
        let (lines, ink) = self.measure(&buffer);
        let missing_glyphs = buffer
            .layout_runs()
            .flat_map(|run| run.glyphs.iter())
            .filter(|g| g.glyph_id == 0)
            .count();
        Fitted {
            buffer,
            font_size: size,
            lines,
            ink,
            truncated: false,
            missing_glyphs,
        }
    }

    fn measure(&mut self, buffer: &Buffer) -> (usize, Ink) {
        let mut lines = 0;
        let mut ink: Option<Ink> = None;
        for run in buffer.layout_runs() {
            lines += 1;
            for glyph in run.glyphs {
                let pg = glyph.physical((0.0, run.line_y), 1.0);
                let Some(img) = self.glyphs.get_image(&mut self.fonts, pg.cache_key) else {
                    continue;
                };
                let p = img.placement;
                if p.width == 0 || p.height == 0 {
                    continue;
                }
                let g = Ink {
                    x0: pg.x + p.left,
                    y0: pg.y - p.top,
                    x1: pg.x + p.left + p.width as i32,
                    y1: pg.y - p.top + p.height as i32,
                };
                ink = Some(match ink {
                    None => g,
                    Some(i) => Ink {
                        x0: i.x0.min(g.x0),
                        y0: i.y0.min(g.y0),
                        x1: i.x1.max(g.x1),
                        y1: i.y1.max(g.y1),
                    },
                });
            }
        }
        (lines, ink.unwrap_or_default())
    }

    /// Rasterises `f` with its ink's top-left corner at canvas pixel (`x`, `y`).
    pub(crate) fn rasterize(&mut self, f: &Fitted, x: i32, y: i32) -> AlphaMask {
        let (w, h) = (f.ink.width().max(0) as u32, f.ink.height().max(0) as u32);
        let mut mask = AlphaMask::new(x, y, w, h);
        if w == 0 || h == 0 {
            return mask;
        }
        for run in f.buffer.layout_runs() {
            for glyph in run.glyphs {
                let pg = glyph.physical((0.0, run.line_y), 1.0);
                let Some(img) = self.glyphs.get_image(&mut self.fonts, pg.cache_key) else {
                    continue;
                };
                let p = img.placement;
                let gx = pg.x + p.left - f.ink.x0;
                let gy = pg.y - p.top - f.ink.y0;
                let stride = match img.content {
                    SwashContent::Mask => 1,
                    SwashContent::Color | SwashContent::SubpixelMask => 4,
                };
                for row in 0..p.height as i32 {
                    let my = gy + row;
                    if my < 0 || my >= h as i32 {
                        continue;
                    }
                    for col in 0..p.width as i32 {
                        let mx = gx + col;
                        if mx < 0 || mx >= w as i32 {
                            continue;
                        }
                        let si = ((row * p.width as i32 + col) as usize) * stride;
                        let cov = match img.content {
                            SwashContent::Mask => img.data[si],
                            SwashContent::Color => img.data[si + 3],
                            SwashContent::SubpixelMask => {
                                ((u16::from(img.data[si])
                                    + u16::from(img.data[si + 1])
                                    + u16::from(img.data[si + 2]))
                                    / 3) as u8
                            }
                        };
                        let d = &mut mask.data[(my as u32 * w + mx as u32) as usize];
                        *d = d.saturating_add(cov);
                    }
                }
            }
        }
        mask
    }
}

/// Sets the paragraph direction from the language, not from the first strong character, and in
/// right-to-left text isolates each left-to-right run (Latin words, numbers, prices) so it stays
/// whole and in place (Unicode bidi, UAX #9: a leading mark and LRI…PDI isolates).
///
/// Without this, an Arabic line that starts with a brand name is laid out left to right, "6+"
/// turns into "+6", "%25" into "25%" and "5%!" into "!%5".
fn directional(text: &str, rtl: bool) -> String {
    const RLM: char = '\u{200F}';
    const LRM: char = '\u{200E}';
    const LRI: char = '\u{2066}';
    const PDI: char = '\u{2069}';
    if !rtl {
        return format!("{LRM}{text}");
    }
    let chars: Vec<char> = text.chars().collect();
    let is_rtl_letter =
        |c: char| matches!(c as u32, 0x0590..=0x08FF | 0xFB1D..=0xFDFF | 0xFE70..=0xFEFF);
    // Strong left-to-right letters and European digits anchor a run.
    let anchors = |c: char| (c.is_alphabetic() && !is_rtl_letter(c)) || c.is_ascii_digit();
    // Signs that belong to the number or word they touch: "%25", "#Kahve", "+90", "6+", "5%!".
    let leading = |c: char| matches!(c, '%' | '#' | '@' | '$' | '€' | '£' | '₺' | '+' | '-');
    let trailing = |c: char| {
        matches!(
            c,
            '%' | '+' | '!' | '‰' | '°' | '™' | '®' | '€' | '$' | '£' | '₺'
        )
    };
    // Separators inside a run: "Anadolu Ev", "1,299.90 TL", "USB-C", "7/24".
    let inner = |c: char| {
        matches!(
            c,
            ' ' | '.' | ',' | ':' | '/' | '-' | '\'' | '’' | '&' | '_' | '×'
        )
    };
    let mut out = String::with_capacity(text.len() + 16);
    out.push(RLM);
    let mut i = 0;
    while i < chars.len() {
        // A run starts at an anchor, or at leading signs directly before one.
        let mut start = i;
        while start < chars.len() && leading(chars[start]) {
            start += 1;
        }
        if start >= chars.len() || !anchors(chars[start]) {
            out.push(chars[i]);
            i += 1;
            continue;
        }
        let mut end = start + 1; // exclusive, just past the last anchor
        let mut j = end;
        while j < chars.len() && (anchors(chars[j]) || inner(chars[j])) {
            j += 1;
            if anchors(chars[j - 1]) {
                end = j;
            }
        }
        while end < chars.len() && trailing(chars[end]) {
            end += 1;
        }
        out.push(LRI);
        out.extend(&chars[i..end]);
        out.push(PDI);
        i = end;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The clusters of the first line, left to right as drawn, by the text each covers.
    fn visual_order(e: &mut TextEngine, text: &str, rtl: bool) -> Vec<String> {
        let mut st = style(40.0, 40.0);
        st.rtl = rtl;
        st.align = HAlign::Start;
        let f = e.shape(text, &st, 40.0, 4000.0);
        let mut clusters: Vec<(f32, String)> = Vec::new();
        if let Some(run) = f.buffer.layout_runs().next() {
            for g in run.glyphs {
                let s: String = run.text[g.start..g.end]
                    .chars()
                    .filter(|c| !matches!(*c, '\u{200E}' | '\u{200F}' | '\u{2066}'..='\u{2069}'))
                    .collect();
                if !s.is_empty() && !clusters.iter().any(|(x, t)| *x == g.x && *t == s) {
                    clusters.push((g.x, s));
                }
            }
        }
        clusters.sort_by(|a, b| a.0.total_cmp(&b.0));
        clusters.into_iter().map(|(_, s)| s).collect()
    }

    /// Position of `needle` (a sequence of adjacent clusters joined) in the visual order.
    fn at(order: &[String], needle: &str) -> usize {
        let joined: Vec<(usize, &String)> = order.iter().enumerate().collect();
        for (i, _) in &joined {
            let mut acc = String::new();
            for s in &order[*i..] {
                acc.push_str(s);
                if acc.len() >= needle.len() {
                    break;
                }
            }
            if acc.starts_with(needle) {
                return *i;
            }
        }
        panic!("{needle:?} not drawn whole in {order:?}");
    }

    #[test]
    fn arabic_lines_read_right_to_left_with_latin_and_numbers_whole() {
        let mut e = TextEngine::new();
        // Starts with a brand name: the paragraph is still right to left.
        let order = visual_order(&mut e, "Anadolu Ev قهوة 6+ خصم %25", true);
        let (brand, coffee, six, discount, pct) = (
            at(&order, "Anadolu Ev"),
            at(&order, "ة"),
            at(&order, "6+"),
            at(&order, "م"),
            at(&order, "%25"),
        );
        // Reading right to left: brand, قهوة, 6+, خصم, %25 — so left to right the reverse.
        assert!(
            pct < discount && discount < six && six < coffee && coffee < brand,
            "{order:?}"
        );
        let order = visual_order(&mut e, "خصم 5%!", true);
        assert!(at(&order, "5%!") < at(&order, "م"), "{order:?}");
        let order = visual_order(&mut e, "السعر 1,299.90 TL فقط", true);
        assert!(at(&order, "1,299.90 TL") < at(&order, "ر"), "{order:?}");
        // Left-to-right text is untouched, even when it starts with an Arabic word.
        let order = visual_order(&mut e, "قهوة Premium Kahve", false);
        assert!(at(&order, "ة") < at(&order, "Premium Kahve"), "{order:?}");
    }

    #[test]
    fn isolation_marks_only_left_to_right_runs() {
        assert_eq!(
            directional("Anadolu Ev قهوة 6+ خصم %25 و5%!", true),
            "\u{200F}\u{2066}Anadolu Ev\u{2069} قهوة \u{2066}6+\u{2069} خصم \u{2066}%25\u{2069} و\u{2066}5%!\u{2069}"
        );
        assert_eq!(directional("Kahve", false), "\u{200E}Kahve");
    }

    fn style(max: f32, min: f32) -> TextStyle {
        TextStyle {
            max_size: max,
            min_size: min,
            bold: true,
            align: HAlign::Center,
            line_height: 1.2,
            max_lines: None,
            rtl: false,
            no_ligatures: true,
        }
    }

    #[test]
    fn shrinks_before_wrapping_past_the_box() {
        let mut e = TextEngine::new();
        let f = e.fit("Premium Kahve Makinesi", &style(80.0, 20.0), 400.0, 100.0);
        assert!(f.font_size < 80.0 && f.font_size >= 20.0, "{}", f.font_size);
        assert!(f.ink.width() <= 400 && f.ink.height() <= 100);
        assert!(!f.truncated);
    }

    #[test]
    fn truncates_with_an_ellipsis_when_min_size_cannot_fit() {
        let mut e = TextEngine::new();
        let text = "Işıklı ekranlı otomatik kahve makinesi ".repeat(10);
        let f = e.fit(&text, &style(40.0, 30.0), 300.0, 80.0);
        assert!(f.truncated);
        assert!(f.ink.width() <= 300 && f.ink.height() <= 80, "{:?}", f.ink);
        assert!(f.lines >= 1);
    }

    #[test]
    fn a_box_too_small_for_anything_yields_empty_text() {
        let mut e = TextEngine::new();
        let f = e.fit("Kahve", &style(40.0, 30.0), 3.0, 3.0);
        assert!(f.is_empty());
    }

    #[test]
    fn max_lines_forces_a_single_line() {
        let mut e = TextEngine::new();
        let mut st = style(60.0, 10.0);
        st.max_lines = Some(1);
        let f = e.fit("₺1.749,00", &st, 120.0, 200.0);
        assert_eq!(f.lines, 1);
        assert!(f.ink.width() <= 120);
    }
}
