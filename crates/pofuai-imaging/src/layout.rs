//! Layout results exposed to callers and tests: rectangles, text blocks, readability fixes.

/// An axis-aligned rectangle in canvas pixels.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Rect {
    pub x: f32,
    pub y: f32,
    pub width: f32,
    pub height: f32,
}

impl Rect {
    pub const fn new(x: f32, y: f32, width: f32, height: f32) -> Self {
        Self {
            x,
            y,
            width,
            height,
        }
    }

    pub fn right(&self) -> f32 {
        self.x + self.width
    }

    pub fn bottom(&self) -> f32 {
        self.y + self.height
    }

    /// Whether `other` lies entirely inside `self` (half-pixel tolerance for rounding).
    pub fn contains(&self, other: &Rect) -> bool {
        const EPS: f32 = 0.5;
        other.x >= self.x - EPS
            && other.y >= self.y - EPS
            && other.right() <= self.right() + EPS
            && other.bottom() <= self.bottom() + EPS
    }

    /// Whether the two rectangles share any area.
    pub fn intersects(&self, other: &Rect) -> bool {
        self.x < other.right()
            && other.x < self.right()
            && self.y < other.bottom()
            && other.y < self.bottom()
    }

    /// Reflects the rectangle across the vertical centre line of a canvas `canvas_w` wide.
    pub(crate) fn mirrored(&self, canvas_w: f32) -> Rect {
        Rect::new(canvas_w - self.right(), self.y, self.width, self.height)
    }
}

/// What a text block says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TextRole {
    Headline,
    Body,
    Price,
    OldPrice,
    Discount,
    CallToAction,
    Hashtags,
    Watermark,
    PofuAiMark,
}

/// What was done so a text block stays readable on what lies beneath it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum ReadabilityFix {
    /// Contrast was sufficient as is.
    None,
    /// A soft halo in a contrasting colour was drawn around the glyphs (busy backdrops).
    Halo,
    /// A rounded semi-transparent panel was drawn behind the block (flat backdrops).
    Panel { opacity: f32 },
}

/// One laid-out text block.
#[derive(Debug, Clone, PartialEq)]
pub struct TextBlock {
    pub role: TextRole,
    /// The box the text had to fit.
    pub frame: Rect,
    /// Pixel bounds of every drawn glyph (always inside `frame`).
    pub ink: Rect,
    pub font_size: f32,
    pub lines: usize,
    /// Whether words were dropped (ellipsis) because even the minimum size did not fit.
    pub truncated: bool,
    /// Characters no bundled font covers (emoji, CJK, …); they are drawn as empty boxes.
    pub missing_glyphs: usize,
    /// WCAG contrast ratio between the text colour and the worst (5th/95th percentile) backdrop,
    /// after any fix.
    pub contrast: f32,
    /// Contrast before any fix.
    pub contrast_before: f32,
    pub fix: ReadabilityFix,
}

/// Where everything went on the canvas.
#[derive(Debug, Clone, PartialEq)]
pub struct Layout {
    pub width: u32,
    pub height: u32,
    /// The area platform UI leaves uncovered (stories lose 250 px top and bottom).
    pub safe_area: Rect,
    /// Where headline, body, product, price, button and hashtags were laid out.
    pub content: Rect,
    /// The drawn product image (without shadow).
    pub product: Option<Rect>,
    pub blocks: Vec<TextBlock>,
}

impl Layout {
    pub fn block(&self, role: TextRole) -> Option<&TextBlock> {
        self.blocks.iter().find(|b| b.role == role)
    }
}
