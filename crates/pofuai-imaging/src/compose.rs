//! Composes one template: background, product with shadow, fitted text blocks, watermark, mark.

use fast_image_resize::images::{Image as FirImage, ImageRef};
use fast_image_resize::{FilterType, PixelType, ResizeAlg, ResizeOptions, Resizer};
use image::RgbaImage;
use tiny_skia::{Pixmap, PixmapPaint, Transform};

use crate::RenderError;
use crate::background;
use crate::color::{Color, LuminanceTable, contrast_ratio};
use crate::layout::{Layout, ReadabilityFix, Rect, TextBlock, TextRole};
use crate::raster::{self, AlphaMask};
use crate::spec::{Language, Position, TemplateSpec, Watermark};
use crate::text::{Fitted, HAlign, TextEngine, TextStyle};

const DARK_INK: Color = Color::rgb(0x11, 0x18, 0x27);
const DISCOUNT_RED: Color = Color::rgb(0xD6, 0x28, 0x39);

pub(crate) fn compose(
    engine: &mut TextEngine,
    spec: &TemplateSpec,
) -> Result<(Pixmap, Layout), RenderError> {
    spec.validate()?;
    let (w, h) = spec.template_type.size();
    let mut canvas = Pixmap::new(w, h).ok_or_else(|| RenderError::EncodeFailed {
        detail: "cannot allocate canvas".into(),
    })?;
    background::paint(&mut canvas, &spec.background);
    let mut c = Composer::new(engine, spec, canvas);
    c.run()?;
    let layout = Layout {
        width: w,
        height: h,
        safe_area: c.safe,
        content: c.content,
        product: c.product_rect,
        blocks: c.blocks,
    };
    Ok((c.canvas, layout))
}

/// Share of a post's short side the product spans when the texts leave room for it.
const PRODUCT_TARGET: f32 = 0.52;
/// The least share the product keeps when a long seller text needs the room.
const PRODUCT_FLOOR: f32 = 0.45;

struct Composer<'a> {
    engine: &'a mut TextEngine,
    spec: &'a TemplateSpec,
    canvas: Pixmap,
    lum: LuminanceTable,
    /// Scale unit: 1.0 on a 1080-px short side.
    u: f32,
    w: f32,
    rtl: bool,
    ink: Color,
    safe: Rect,
    content: Rect,
    product_rect: Option<Rect>,
    blocks: Vec<TextBlock>,
    last_row_height: f32,
}

/// A fitted text with the frame it was fitted into (logical coordinates).
struct Piece {
    role: TextRole,
    fitted: Fitted,
    frame: Rect,
}

impl<'a> Composer<'a> {
    fn new(engine: &'a mut TextEngine, spec: &'a TemplateSpec, canvas: Pixmap) -> Self {
        let (w, h) = (canvas.width() as f32, canvas.height() as f32);
        let band = spec.template_type.unsafe_band() as f32;
        let safe = Rect::new(0.0, band, w, h - 2.0 * band);
        let lum = LuminanceTable::new();
        let (lo, hi) = backdrop(&canvas, &lum, Rect::new(0.0, 0.0, w, h));
        let worst = |c: Color| {
            contrast_ratio(c.luminance(), lo.luminance())
                .min(contrast_ratio(c.luminance(), hi.luminance()))
        };
        let ink = if worst(Color::WHITE) >= worst(DARK_INK) {
            Color::WHITE
        } else {
            DARK_INK
        };
        Self {
            engine,
            spec,
            canvas,
            lum,
            u: w.min(h) / 1080.0,
            w,
            rtl: spec.language.is_rtl(),
            ink,
            safe,
            content: safe,
            product_rect: None,
            blocks: Vec::new(),
            last_row_height: 0.0,
        }
    }

    fn style(&self, max: f32, min: f32, bold: bool, align: HAlign, line_height: f32) -> TextStyle {
        self.style_lines(max, min, bold, align, line_height, None)
    }

    /// Like [`Self::style`], with a cap on the number of lines (prices and labels use 1).
    fn style_lines(
        &self,
        max: f32,
        min: f32,
        bold: bool,
        align: HAlign,
        line_height: f32,
        max_lines: Option<usize>,
    ) -> TextStyle {
        // Nothing shrinks below 14 px unless it cannot fit otherwise (then it is truncated first).
        TextStyle {
            max_size: (max * self.u).max(14.0),
            min_size: (min * self.u).max(14.0).min((max * self.u).max(14.0)),
            bold,
            align,
            line_height,
            max_lines,
            rtl: self.rtl,
            no_ligatures: self.spec.language == Language::Tr,
        }
    }

    fn fit(&mut self, role: TextRole, text: &str, style: &TextStyle, frame: Rect) -> Piece {
        let fitted = self.engine.fit(text, style, frame.width, frame.height);
        Piece {
            role,
            fitted,
            frame,
        }
    }

    /// Logical (left-to-right) rectangle to canvas rectangle.
    fn phys(&self, r: Rect) -> Rect {
        if self.rtl { r.mirrored(self.w) } else { r }
    }

    fn run(&mut self) -> Result<(), RenderError> {
        let u = self.u;
        let margin = (32.0 * u).round();
        let pad = 64.0 * u;
        let gap = 28.0 * u;

        // Corner items first: they reserve bands at the top/bottom of the content area.
        let wm = self.prepare_watermark(margin)?;
        let mark = self.spec.pofuai_mark.then(|| {
            let st = self.style_lines(24.0, 16.0, true, HAlign::Center, 1.2, Some(1));
            self.engine.fit("PofuAi", &st, 300.0 * u, 60.0 * u)
        });
        let mark_h = mark
            .as_ref()
            .map_or(0.0, |m| m.ink.height() as f32 + 2.0 * 10.0 * u);
        let (mut top_band, mut bottom_band) = (0.0f32, mark_h);
        if let Some((pos, _, wm_h)) = wm.as_ref().map(|(p, k, wh)| (*p, k, *wh)) {
            if pos.is_top() {
                top_band = wm_h;
            } else if pos.is_bottom() {
                bottom_band = bottom_band.max(wm_h);
            }
        }
        let top = if top_band > 0.0 {
            margin + top_band + gap
        } else {
            pad
        };
        let bottom = if bottom_band > 0.0 {
            margin + bottom_band + gap
        } else {
            pad
        };
        self.content = Rect::new(
            self.safe.x + pad,
            self.safe.y + top,
            self.safe.width - 2.0 * pad,
            (self.safe.height - top - bottom).max(0.0),
        );

        if self.w > self.canvas.height() as f32 * 1.2 {
            self.layout_columns(gap)?;
        } else {
            self.layout_stack(gap)?;
        }
        if let Some((pos, kind, _)) = wm {
            self.draw_watermark(pos, kind, margin)?;
        }
        if let Some(m) = mark {
            self.draw_mark(m, margin);
        }
        Ok(())
    }

    // ---- main layouts -------------------------------------------------------------------

    /// Square and portrait: headline, body, product, price row + button, hashtags, top to bottom.
    fn layout_stack(&mut self, gap: f32) -> Result<(), RenderError> {
        let c = self.content;
        let tall = self.canvas.height() as f32 > self.w * 1.3;
        let (fh, fb, fr, ft) = if tall {
            (0.15, 0.11, 0.08, 0.05)
        } else {
            (0.19, 0.12, 0.12, 0.06)
        };
        let has_product = self.spec.product_image.is_some();
        let row_h = (c.height * fr).max(60.0 * self.u);
        let row = self.measure_row(c.width, row_h);
        // A designer gives the product 45–60 % of a square post's short side: the texts first
        // get what that leaves (their usual shares, scaled down when those would not leave it),
        // and may take room back from the product only down to PRODUCT_FLOOR of the side.
        let side = self.w.min(self.canvas.height() as f32);
        let text_room = |product: f32| (c.height - row.height - product - gap * 5.0).max(0.0);
        let shares = if has_product {
            let wanted = (fh + fb + ft) * c.height;
            let k = (text_room(PRODUCT_TARGET * side) / wanted).min(1.0);
            (fh * k, fb * k, ft * k)
        } else {
            (fh, fb, ft)
        };
        let mut pieces = self.fit_texts(c.width, c.height, shares, HAlign::Center, 1.0);
        let budget = if has_product {
            text_room(PRODUCT_FLOOR * side)
        } else {
            c.height - row.height - gap * 5.0
        };
        self.grow_truncated(&mut pieces, c.width, budget, HAlign::Center, 1.0);

        let mut heights: Vec<f32> = pieces
            .iter()
            .map(|p| p.fitted.ink.height() as f32)
            .collect();
        if row.height > 0.0 {
            heights.push(row.height);
        }
        let used: f32 = heights.iter().sum();
        let n_items = heights.iter().filter(|h| **h > 0.0).count() + usize::from(has_product);
        let gaps = gap * n_items.saturating_sub(1) as f32;
        let product_h = (c.height - used - gaps - gap).max(0.0);
        let mut y = if has_product {
            c.y
        } else {
            c.y + ((c.height - used - gaps) / 2.0).max(0.0)
        };
        let mut iter = pieces.into_iter();
        // Headline and body above the product.
        for _ in 0..2 {
            if let Some(p) = iter.next() {
                y = self.place_piece(p, c.x, y, c.width, HAlign::Center, gap);
            }
        }
        if has_product && product_h > 0.0 {
            let slot = Rect::new(c.x, y, c.width, product_h);
            self.draw_product(slot)?;
            y += product_h + gap;
        }
        if row.height > 0.0 {
            self.draw_row(row, Rect::new(c.x, y, c.width, row_h));
            y += self.last_row_height + gap;
        }
        if let Some(p) = iter.next() {
            self.place_piece(p, c.x, y, c.width, HAlign::Center, gap);
        }
        Ok(())
    }

    /// Landscape: a text column at the start side and the product at the end side.
    fn layout_columns(&mut self, gap: f32) -> Result<(), RenderError> {
        let c = self.content;
        let has_product = self.spec.product_image.is_some();
        let col_gap = 2.0 * gap;
        let text_w = if has_product {
            (c.width - col_gap) * 0.55
        } else {
            c.width
        };
        let align = if has_product {
            HAlign::Start
        } else {
            HAlign::Center
        };
        let mut pieces = self.fit_texts(text_w, c.height, (0.36, 0.24, 0.10), align, 0.85);
        let row_h = (c.height * 0.17).max(44.0 * self.u);
        let row = self.measure_row(text_w, row_h);
        let budget = c.height - row.height - gap * 3.0;
        self.grow_truncated(&mut pieces, text_w, budget, align, 0.85);
        let mut heights: Vec<f32> = pieces
            .iter()
            .map(|p| p.fitted.ink.height() as f32)
            .collect();
        if row.height > 0.0 {
            heights.push(row.height);
        }
        let used: f32 = heights.iter().sum();
        let gaps = gap
            * heights
                .iter()
                .filter(|h| **h > 0.0)
                .count()
                .saturating_sub(1) as f32;
        // The product goes first: the discount badge sits on its corner.
        if has_product {
            let slot = Rect::new(
                c.x + text_w + col_gap,
                c.y,
                c.width - text_w - col_gap,
                c.height,
            );
            self.draw_product(slot)?;
        }
        let mut y = c.y + ((c.height - used - gaps) / 2.0).max(0.0);
        let mut iter = pieces.into_iter();
        for _ in 0..2 {
            if let Some(p) = iter.next() {
                y = self.place_piece(p, c.x, y, text_w, align, gap);
            }
        }
        if row.height > 0.0 {
            let row_w = if has_product { text_w } else { c.width };
            self.draw_row_aligned(row, Rect::new(c.x, y, row_w, row_h), align);
            y += self.last_row_height + gap;
        }
        if let Some(p) = iter.next() {
            self.place_piece(p, c.x, y, text_w, align, gap);
        }
        Ok(())
    }

    /// Fits headline, body and hashtags into fractions of the content height.
    /// Always returns three pieces (empty texts give empty pieces).
    fn fit_texts(
        &mut self,
        width: f32,
        height: f32,
        (fh, fb, ft): (f32, f32, f32),
        align: HAlign,
        scale: f32,
    ) -> Vec<Piece> {
        [
            (TextRole::Headline, fh),
            (TextRole::Body, fb),
            (TextRole::Hashtags, ft),
        ]
        .into_iter()
        .map(|(role, share)| {
            let text = self.text_of(role);
            let st = self.text_style(role, scale, align, false);
            self.fit(role, &text, &st, Rect::new(0.0, 0.0, width, height * share))
        })
        .collect()
    }

    /// Never drops the seller's words while there is room: a piece that had to be truncated in
    /// its share of the height is fitted again into all the height the other pieces leave
    /// (`budget` is what the texts may use together), at a smaller minimum size. Only what
    /// still does not fit is truncated, and the layout reports it.
    fn grow_truncated(
        &mut self,
        pieces: &mut [Piece],
        width: f32,
        budget: f32,
        align: HAlign,
        scale: f32,
    ) {
        for role in [TextRole::Body, TextRole::Headline, TextRole::Hashtags] {
            let Some(i) = pieces.iter().position(|p| p.role == role) else {
                continue;
            };
            if !pieces[i].fitted.truncated {
                continue;
            }
            let others: f32 = pieces
                .iter()
                .enumerate()
                .filter(|(j, _)| *j != i)
                .map(|(_, p)| p.fitted.ink.height() as f32)
                .sum();
            let room = (budget - others).floor();
            if room <= pieces[i].frame.height {
                continue;
            }
            let text = self.text_of(role);
            let st = self.text_style(role, scale, align, true);
            let grown = self.fit(role, &text, &st, Rect::new(0.0, 0.0, width, room));
            // Keep whichever says more: the grown fit unless it is truncated and empty.
            if !grown.fitted.truncated || !grown.fitted.is_empty() {
                pieces[i] = grown;
            }
        }
    }

    fn text_of(&self, role: TextRole) -> String {
        let texts = &self.spec.texts;
        match role {
            TextRole::Headline => texts.headline.clone(),
            TextRole::Body => texts.body.clone().unwrap_or_default(),
            TextRole::Hashtags => texts
                .hashtags
                .iter()
                .map(|t| t.trim())
                .filter(|t| !t.is_empty())
                .map(|t| {
                    if t.starts_with('#') {
                        t.to_owned()
                    } else {
                        format!("#{t}")
                    }
                })
                .collect::<Vec<_>>()
                .join("  "),
            _ => String::new(),
        }
    }

    /// The style of a main text block; `relaxed` lowers the minimum size for a second try.
    fn text_style(&self, role: TextRole, scale: f32, align: HAlign, relaxed: bool) -> TextStyle {
        let (max, min, relaxed_min, bold, line_height) = match role {
            TextRole::Headline => (84.0, 30.0, 24.0, true, 1.18),
            TextRole::Body => (44.0, 22.0, 18.0, false, 1.32),
            _ => (30.0, 18.0, 16.0, false, 1.3),
        };
        let min = if relaxed { relaxed_min } else { min };
        self.style(max * scale, min * scale, bold, align, line_height)
    }

    /// Draws a piece with its ink top at `y` inside the column; returns the next free `y`.
    fn place_piece(
        &mut self,
        p: Piece,
        x: f32,
        y: f32,
        width: f32,
        align: HAlign,
        gap: f32,
    ) -> f32 {
        if p.fitted.is_empty() {
            return y;
        }
        let frame = Rect::new(x, y, width, p.frame.height);
        let ih = p.fitted.ink.height() as f32;
        let ix = aligned_x(frame, p.fitted.ink.width() as f32, align);
        let color = self.ink;
        self.draw_text(p.role, &p.fitted, frame, ix, y, color, TextOpts::default());
        y + ih + gap
    }

    // ---- price row and button -----------------------------------------------------------

    fn measure_row(&mut self, width: f32, height: f32) -> Row {
        let u = self.u;
        let mut row = Row::default();
        let cta_text = self
            .spec
            .texts
            .call_to_action
            .clone()
            .filter(|t| !t.trim().is_empty());
        let price = self.spec.price.clone();
        let has_cta = cta_text.is_some();
        let has_price = price.is_some();
        let half = if has_cta && has_price {
            (width - 24.0 * u) / 2.0
        } else {
            width
        };
        let pad_x = 28.0 * u;
        let pad_y = 14.0 * u;
        let inner_h = (height - 2.0 * pad_y).max(8.0);
        if let Some(cta) = cta_text {
            let st = self.style_lines(40.0, 20.0, true, HAlign::Center, 1.15, Some(2));
            let f = self
                .engine
                .fit(&cta, &st, (half - 2.0 * pad_x).max(8.0), inner_h);
            row.cta_size = (
                f.ink.width() as f32 + 2.0 * pad_x,
                f.ink.height() as f32 + 2.0 * pad_y,
            );
            row.cta = Some((f, Rect::new(0.0, 0.0, half - 2.0 * pad_x, inner_h)));
        }
        if let Some(price) = price {
            let badge_in_row = self.spec.product_image.is_none();
            let mut avail = half - 2.0 * pad_x;
            if let Some(pct) = price.discount_percent() {
                let text = discount_label(pct, self.spec.language);
                let st = self.style_lines(34.0, 18.0, true, HAlign::Center, 1.1, Some(1));
                let f = self.engine.fit(&text, &st, (avail * 0.3).max(8.0), inner_h);
                let size = (
                    f.ink.width() as f32 + 2.0 * 16.0 * u,
                    f.ink.height() as f32 + 2.0 * 12.0 * u,
                );
                if badge_in_row {
                    avail -= size.0 + 16.0 * u;
                }
                row.badge = Some((f, size, badge_in_row));
            }
            let st_old = self.style_lines(36.0, 16.0, false, HAlign::Center, 1.1, Some(1));
            let old = price
                .old_text
                .as_deref()
                .filter(|t| !t.trim().is_empty())
                .map(|t| {
                    self.engine
                        .fit(t, &st_old, (avail * 0.38).max(8.0), inner_h)
                });
            let old_w = old
                .as_ref()
                .map_or(0.0, |f| f.ink.width() as f32 + 18.0 * u);
            let st_p = self.style_lines(60.0, 22.0, true, HAlign::Center, 1.1, Some(1));
            let pf = self
                .engine
                .fit(&price.text, &st_p, (avail - old_w).max(8.0), inner_h);
            let ih =
                (pf.ink.height() as f32).max(old.as_ref().map_or(0.0, |f| f.ink.height() as f32));
            row.price_size = (
                pf.ink.width() as f32 + old_w + 2.0 * pad_x,
                ih + 2.0 * pad_y,
            );
            row.price_frame = Rect::new(0.0, 0.0, avail, inner_h);
            row.price = Some(pf);
            row.old = old;
        }
        row.height = row.cta_size.1.max(row.price_size.1);
        row.pad_x = pad_x;
        row
    }

    fn draw_row(&mut self, row: Row, area: Rect) {
        self.draw_row_aligned(row, area, HAlign::Center);
    }

    /// Price group at the start, button at the end (both centred when alone or centred layout).
    fn draw_row_aligned(&mut self, row: Row, area: Rect, align: HAlign) {
        let u = self.u;
        let gap = 24.0 * u;
        let badge_w = row
            .badge
            .as_ref()
            .filter(|b| b.2)
            .map_or(0.0, |b| b.1.0 + 16.0 * u);
        let group_w = row.price_size.0 + badge_w;
        let total = group_w
            + if row.cta.is_some() && row.price.is_some() {
                gap
            } else {
                0.0
            }
            + row.cta_size.0;
        let mut x = match align {
            HAlign::Start => area.x,
            _ => area.x + ((area.width - total) / 2.0).max(0.0),
        };
        let cy = area.y + row.height / 2.0;
        self.last_row_height = row.height;
        let Row {
            price,
            old,
            badge,
            cta,
            price_size,
            cta_size,
            price_frame,
            pad_x,
            ..
        } = row;
        if let Some(pf) = price {
            // Pill behind the prices, tinted against the backdrop.
            let pill = Rect::new(x, cy - price_size.1 / 2.0, price_size.0, price_size.1);
            let pp = self.phys(pill);
            let (lo, hi) = backdrop(&self.canvas, &self.lum, pp);
            let busy = (hi.luminance() - lo.luminance()).abs() > 0.3;
            let tint = match (self.ink == Color::WHITE, busy) {
                (true, false) => Color::rgba(0, 0, 0, 70),
                (true, true) => Color::rgba(0, 0, 0, 210),
                (false, false) => Color::rgba(255, 255, 255, 130),
                (false, true) => Color::rgba(255, 255, 255, 225),
            };
            raster::fill_rounded_rect(
                &mut self.canvas,
                pp.x,
                pp.y,
                pp.width,
                pp.height,
                pp.height / 2.0,
                tint,
            );
            let frame = Rect::new(x + pad_x, pill.y, price_frame.width, pill.height);
            let mut tx = x + pad_x;
            if let Some(of) = old {
                let oy = cy - of.ink.height() as f32 / 2.0;
                let opts = TextOpts {
                    strike: true,
                    opacity: 0.8,
                    ..TextOpts::default()
                };
                let color = self.ink;
                self.draw_text(TextRole::OldPrice, &of, frame, tx, oy, color, opts);
                tx += of.ink.width() as f32 + 18.0 * u;
            }
            let py = cy - pf.ink.height() as f32 / 2.0;
            let color = self.ink;
            self.draw_text(
                TextRole::Price,
                &pf,
                frame,
                tx,
                py,
                color,
                TextOpts::default(),
            );
            x += price_size.0;
        }
        if let Some((bf, size, in_row)) = badge {
            let rect = if in_row {
                x += 16.0 * u;
                let r = Rect::new(x, cy - size.1 / 2.0, size.0, size.1);
                x += size.0;
                Some(r)
            } else {
                self.product_rect.map(|p| {
                    // Stored in canvas coordinates; back to logical ones.
                    let p = if self.rtl { p.mirrored(self.w) } else { p };
                    let inset = 18.0 * u;
                    Rect::new(p.right() - size.0 - inset, p.y + inset, size.0, size.1)
                })
            };
            if let Some(r) = rect {
                self.draw_pill_text(TextRole::Discount, &bf, r, DISCOUNT_RED, Color::WHITE);
            }
        }
        if let Some((cf, _)) = cta {
            if price_size.0 > 0.0 {
                x += gap;
            }
            if align == HAlign::Start && price_size.0 <= 0.0 {
                x = area.x;
            }
            let r = Rect::new(x, cy - cta_size.1 / 2.0, cta_size.0, cta_size.1);
            let (bg, fg) = self.button_colors();
            self.draw_pill_text(TextRole::CallToAction, &cf, r, bg, fg);
        }
    }

    fn button_colors(&self) -> (Color, Color) {
        let bg = self.spec.accent.map_or_else(
            || {
                if self.ink == Color::WHITE {
                    Color::WHITE
                } else {
                    DARK_INK
                }
            },
            |a| a.over(Color::WHITE),
        );
        let fg = if contrast_ratio(bg.luminance(), Color::WHITE.luminance())
            >= contrast_ratio(bg.luminance(), DARK_INK.luminance())
        {
            Color::WHITE
        } else {
            DARK_INK
        };
        (bg, fg)
    }

    /// A filled pill (logical rect `r`) with centred text; soft shadow under the pill.
    fn draw_pill_text(&mut self, role: TextRole, f: &Fitted, r: Rect, bg: Color, fg: Color) {
        let p = self.phys(r);
        if let Some(shape) = AlphaMask::rounded_rect(p.x, p.y, p.width, p.height, p.height / 2.0) {
            raster::drop_shadow(
                &mut self.canvas,
                &shape,
                0,
                (6.0 * self.u) as i32,
                (14.0 * self.u) as u32,
                0.22,
            );
            raster::fill_mask(&mut self.canvas, &shape, bg, 1.0);
        }
        let ix = r.x + (r.width - f.ink.width() as f32) / 2.0;
        let iy = r.y + (r.height - f.ink.height() as f32) / 2.0;
        self.draw_text(role, f, r, ix, iy, fg, TextOpts::default());
    }

    // ---- product ------------------------------------------------------------------------

    fn draw_product(&mut self, slot: Rect) -> Result<(), RenderError> {
        let Some(full) = self.spec.product_image.as_ref() else {
            return Ok(());
        };
        let cutout = has_transparency(full);
        // A cut-out is laid out by its visible pixels, so the product (not the transparent
        // margin around it) fills the slot and the discount badge sits against it.
        let trimmed = if cutout { trim_to_visible(full) } else { None };
        let img = trimmed.as_ref().unwrap_or(full);
        let (iw, ih) = (img.width() as f32, img.height() as f32);
        let scale = (slot.width / iw).min(slot.height / ih).min(2.5);
        let (dw, dh) = ((iw * scale).round().max(1.0), (ih * scale).round().max(1.0));
        let logical = Rect::new(
            (slot.x + (slot.width - dw) / 2.0).round(),
            (slot.y + (slot.height - dh) / 2.0).round(),
            dw,
            dh,
        );
        let r = self.phys(logical);
        let resized = resize(img, dw as u32, dh as u32)?;
        let u = self.u;
        let pm = raster::pixmap_from_rgba(resized.width(), resized.height(), resized.as_raw())
            .ok_or_else(|| RenderError::EncodeFailed {
                detail: "cannot allocate product layer".into(),
            })?;
        let blur = (dw.min(dh) * 0.06).clamp(6.0, 40.0 * u) as u32;
        if cutout {
            let shape = raster::alpha_of(&pm, r.x as i32, r.y as i32);
            raster::drop_shadow(&mut self.canvas, &shape, 0, (dh * 0.03) as i32, blur, 0.42);
            raster::draw_premultiplied(&mut self.canvas, &pm, r.x as i32, r.y as i32);
        } else {
            // A photo: white card with rounded corners and a soft shadow.
            let radius = dw.min(dh) * 0.05;
            let border = (10.0 * u).round();
            let card = Rect::new(
                r.x - border,
                r.y - border,
                r.width + 2.0 * border,
                r.height + 2.0 * border,
            );
            if let Some(shape) =
                AlphaMask::rounded_rect(card.x, card.y, card.width, card.height, radius + border)
            {
                raster::drop_shadow(&mut self.canvas, &shape, 0, (dh * 0.03) as i32, blur, 0.38);
                raster::fill_mask(&mut self.canvas, &shape, Color::WHITE, 1.0);
            }
            let mut clip = tiny_skia::Mask::new(self.canvas.width(), self.canvas.height());
            if let (Some(m), Some(path)) = (
                clip.as_mut(),
                raster::rounded_rect_path(r.x, r.y, r.width, r.height, radius),
            ) {
                m.fill_path(
                    &path,
                    tiny_skia::FillRule::Winding,
                    true,
                    Transform::identity(),
                );
            }
            self.canvas.draw_pixmap(
                r.x as i32,
                r.y as i32,
                pm.as_ref(),
                &PixmapPaint::default(),
                Transform::identity(),
                clip.as_ref(),
            );
        }
        self.product_rect = Some(r);
        Ok(())
    }

    // ---- watermark and mark ---------------------------------------------------------------

    /// Fits the watermark; returns its position, what to draw and its height.
    fn prepare_watermark(
        &mut self,
        margin: f32,
    ) -> Result<Option<(Position, WmKind, f32)>, RenderError> {
        let u = self.u;
        match &self.spec.watermark {
            Watermark::None => Ok(None),
            Watermark::Text {
                text,
                position,
                opacity,
            } => {
                let center = *position == Position::Center;
                let st = self.style_lines(
                    if center { 72.0 } else { 30.0 },
                    14.0,
                    true,
                    HAlign::Center,
                    1.2,
                    Some(1),
                );
                let max_w = if center { self.w * 0.7 } else { self.w * 0.42 };
                let f = self.engine.fit(
                    text,
                    &st,
                    max_w - 2.0 * margin,
                    if center { 200.0 * u } else { 70.0 * u },
                );
                let h = f.ink.height() as f32;
                Ok(Some((*position, WmKind::Text(f, *opacity, max_w), h)))
            }
            Watermark::Logo {
                image,
                position,
                opacity,
            } => {
                let (bw, bh) = (self.w * 0.2, self.safe.height * 0.1);
                let scale = (bw / image.width() as f32)
                    .min(bh / image.height() as f32)
                    .min(1.0);
                let (lw, lh) = (
                    (image.width() as f32 * scale).round().max(1.0),
                    (image.height() as f32 * scale).round().max(1.0),
                );
                let logo = resize(image, lw as u32, lh as u32)?;
                Ok(Some((*position, WmKind::Logo(logo, *opacity), lh)))
            }
        }
    }

    fn corner(&self, pos: Position, w: f32, h: f32, margin: f32) -> (f32, f32) {
        let s = self.safe;
        match pos {
            Position::TopLeft => (s.x + margin, s.y + margin),
            Position::TopRight => (s.right() - margin - w, s.y + margin),
            Position::BottomLeft => (s.x + margin, s.bottom() - margin - h),
            Position::BottomRight => (s.right() - margin - w, s.bottom() - margin - h),
            Position::Center => (s.x + (s.width - w) / 2.0, s.y + (s.height - h) / 2.0),
        }
    }

    fn draw_watermark(
        &mut self,
        pos: Position,
        kind: WmKind,
        margin: f32,
    ) -> Result<(), RenderError> {
        match kind {
            WmKind::Text(f, opacity, max_w) => {
                if f.is_empty() {
                    return Ok(());
                }
                let (iw, ih) = (f.ink.width() as f32, f.ink.height() as f32);
                let (x, y) = self.corner(pos, iw, ih, margin);
                let frame = Rect::new(x, y, iw.max(max_w.min(iw)), ih);
                let opts = TextOpts {
                    opacity,
                    force_halo: true,
                    physical: true,
                    ..TextOpts::default()
                };
                // White on dark backdrops, dark ink on light ones.
                let (lo, hi) = backdrop(&self.canvas, &self.lum, frame);
                let mid = lo.lerp(hi, 0.5).luminance();
                let color = if contrast_ratio(1.0, mid) >= contrast_ratio(DARK_INK.luminance(), mid)
                {
                    Color::WHITE
                } else {
                    DARK_INK
                };
                self.draw_text(TextRole::Watermark, &f, frame, x, y, color, opts);
            }
            WmKind::Logo(logo, opacity) => {
                let (lw, lh) = (logo.width() as f32, logo.height() as f32);
                let (x, y) = self.corner(pos, lw, lh, margin);
                if let Some(pm) =
                    raster::pixmap_from_rgba(logo.width(), logo.height(), logo.as_raw())
                {
                    let paint = PixmapPaint {
                        opacity,
                        ..PixmapPaint::default()
                    };
                    self.canvas.draw_pixmap(
                        x.round() as i32,
                        y.round() as i32,
                        pm.as_ref(),
                        &paint,
                        Transform::identity(),
                        None,
                    );
                }
            }
        }
        Ok(())
    }

    fn draw_mark(&mut self, f: Fitted, margin: f32) {
        if f.is_empty() {
            return;
        }
        let u = self.u;
        let (pw, ph) = (
            f.ink.width() as f32 + 2.0 * 16.0 * u,
            f.ink.height() as f32 + 2.0 * 10.0 * u,
        );
        let wm_bottom_right = matches!(
            self.spec.watermark,
            Watermark::Text {
                position: Position::BottomRight,
                ..
            } | Watermark::Logo {
                position: Position::BottomRight,
                ..
            }
        );
        let pos = if wm_bottom_right {
            Position::BottomLeft
        } else {
            Position::BottomRight
        };
        let (x, y) = self.corner(pos, pw, ph, margin);
        let r = Rect::new(x, y, pw, ph);
        raster::fill_rounded_rect(
            &mut self.canvas,
            r.x,
            r.y,
            r.width,
            r.height,
            ph / 2.0,
            Color::rgba(17, 24, 39, 150),
        );
        let ix = r.x + (r.width - f.ink.width() as f32) / 2.0;
        let iy = r.y + (r.height - f.ink.height() as f32) / 2.0;
        let opts = TextOpts {
            physical: true,
            opacity: 0.95,
            ..TextOpts::default()
        };
        self.draw_text(TextRole::PofuAiMark, &f, r, ix, iy, Color::WHITE, opts);
    }

    // ---- text drawing with readability ---------------------------------------------------

    /// Draws fitted text with its ink's top-left at logical (`x`, `y`), fixing contrast if needed.
    #[allow(clippy::too_many_arguments)]
    fn draw_text(
        &mut self,
        role: TextRole,
        f: &Fitted,
        frame: Rect,
        x: f32,
        y: f32,
        color: Color,
        opts: TextOpts,
    ) {
        if f.is_empty() {
            return;
        }
        let (iw, ih) = (f.ink.width() as f32, f.ink.height() as f32);
        let logical = Rect::new(x.round(), y.round(), iw, ih);
        let (ink, frame) = if opts.physical || !self.rtl {
            (logical, frame)
        } else {
            (logical.mirrored(self.w), frame.mirrored(self.w))
        };
        let mask = self.engine.rasterize(f, ink.x as i32, ink.y as i32);
        // The backdrop that matters is what surrounds the glyphs, not the whole box.
        let near = (f.font_size * 0.12).max(2.0) as u32;
        let around = mask.soft(near * 2, near);
        let (lo, hi) = backdrop_near(&self.canvas, &self.lum, &around);
        let text_l = color.with_opacity(opts.opacity).over(lo).luminance();
        let worst_of = |lo: Color, hi: Color| {
            contrast_ratio(text_l, lo.luminance()).min(contrast_ratio(text_l, hi.luminance()))
        };
        let before = worst_of(lo, hi);
        let large = f.font_size >= 32.0
            || (f.font_size >= 24.0 && role != TextRole::Body && role != TextRole::Hashtags);
        // The struck old price is thin and crossed out: it needs the small-text contrast at any
        // size, or it disappears on dark and busy backgrounds.
        let threshold = if large && role != TextRole::OldPrice {
            3.0
        } else {
            4.5
        };
        let opposite = if color.luminance() > 0.4 {
            Color::rgb(0, 0, 0)
        } else {
            Color::WHITE
        };
        let mut fix = ReadabilityFix::None;
        if before < threshold || opts.force_halo {
            let spread = (hi.luminance() - lo.luminance()).abs();
            let busy = spread > 0.3;
            if (role == TextRole::Headline && large && busy) || opts.force_halo {
                // Busy backdrop behind large text: a soft halo keeps the design open.
                let r = (f.font_size * 0.14).max(2.0) as u32;
                let mut halo = mask.soft(r * 2, r);
                halo.amplify(3.0);
                let a = if opts.force_halo {
                    0.55 * opts.opacity
                } else {
                    0.9
                };
                raster::fill_mask(&mut self.canvas, &halo, opposite, a);
                fix = ReadabilityFix::Halo;
            } else {
                // Flat backdrop or small text: the least opaque panel that reaches the threshold.
                // On a busy backdrop a thin panel would let the pattern show through.
                let mut alpha: f32 = if busy { 0.8 } else { 0.3 };
                loop {
                    let (blo, bhi) = (
                        opposite.with_opacity(alpha).over(lo),
                        opposite.with_opacity(alpha).over(hi),
                    );
                    if worst_of(blo, bhi) >= threshold || alpha >= 0.95 {
                        break;
                    }
                    alpha += 0.05;
                }
                let pad = (f.font_size * 0.35).round();
                let panel = Rect::new(
                    ink.x - pad,
                    ink.y - pad * 0.8,
                    ink.width + 2.0 * pad,
                    ink.height + 1.6 * pad,
                );
                raster::fill_rounded_rect(
                    &mut self.canvas,
                    panel.x,
                    panel.y,
                    panel.width,
                    panel.height,
                    f.font_size * 0.3,
                    opposite.with_opacity(alpha),
                );
                fix = ReadabilityFix::Panel { opacity: alpha };
            }
        }
        // Measured again on the canvas, after the fix.
        let after = if fix == ReadabilityFix::None {
            before
        } else {
            let (lo, hi) = backdrop_near(&self.canvas, &self.lum, &around);
            worst_of(lo, hi)
        };
        raster::fill_mask(&mut self.canvas, &mask, color, opts.opacity);
        if opts.strike {
            let t = (f.font_size * 0.07).max(1.5);
            let sy = ink.y + ink.height * 0.52 - t / 2.0;
            raster::fill_rounded_rect(
                &mut self.canvas,
                ink.x - 2.0,
                sy,
                ink.width + 4.0,
                t,
                t / 2.0,
                color.with_opacity(opts.opacity),
            );
        }
        self.blocks.push(TextBlock {
            role,
            frame,
            ink,
            font_size: f.font_size,
            lines: f.lines,
            truncated: f.truncated,
            missing_glyphs: f.missing_glyphs,
            contrast: after,
            contrast_before: before,
            fix,
        });
    }
}

#[derive(Default)]
struct Row {
    price: Option<Fitted>,
    old: Option<Fitted>,
    /// Text, pill size, drawn in the row (no product) or on the product corner.
    badge: Option<(Fitted, (f32, f32), bool)>,
    cta: Option<(Fitted, Rect)>,
    price_size: (f32, f32),
    cta_size: (f32, f32),
    price_frame: Rect,
    pad_x: f32,
    height: f32,
}

enum WmKind {
    Text(Fitted, f32, f32),
    Logo(RgbaImage, f32),
}

#[derive(Clone, Copy)]
struct TextOpts {
    opacity: f32,
    strike: bool,
    force_halo: bool,
    /// Coordinates are already physical (corner items are not mirrored for RTL).
    physical: bool,
}

impl Default for TextOpts {
    fn default() -> Self {
        Self {
            opacity: 1.0,
            strike: false,
            force_halo: false,
            physical: false,
        }
    }
}

fn aligned_x(frame: Rect, ink_w: f32, align: HAlign) -> f32 {
    match align {
        HAlign::Start => frame.x,
        HAlign::Center => frame.x + (frame.width - ink_w) / 2.0,
    }
}

/// `-25%` style label; Turkish puts the percent sign first (`-%25`).
pub(crate) fn discount_label(pct: u32, lang: Language) -> String {
    match lang {
        Language::Tr => format!("-%{pct}"),
        _ => format!("-{pct}%"),
    }
}

fn has_transparency(img: &RgbaImage) -> bool {
    let total = u64::from(img.width()) * u64::from(img.height());
    let clear = img.pixels().filter(|p| p.0[3] < 250).count() as u64;
    clear * 100 > total
}

/// The image cropped to the bounding box of its clearly visible pixels (alpha ≥ 16), or `None`
/// when that is the whole image or nothing is visible. Faint remnants (a shadow the cut-out
/// kept at low alpha) do not count, so they cannot stretch the box.
fn trim_to_visible(img: &RgbaImage) -> Option<RgbaImage> {
    let (w, h) = img.dimensions();
    let (mut x0, mut y0, mut x1, mut y1) = (w, h, 0, 0);
    for (x, y, p) in img.enumerate_pixels() {
        if p.0[3] >= 16 {
            x0 = x0.min(x);
            y0 = y0.min(y);
            x1 = x1.max(x + 1);
            y1 = y1.max(y + 1);
        }
    }
    if x1 <= x0 || y1 <= y0 || (x0, y0, x1, y1) == (0, 0, w, h) {
        return None;
    }
    Some(image::imageops::crop_imm(img, x0, y0, x1 - x0, y1 - y0).to_image())
}

/// High-quality SIMD resize (Lanczos3, alpha-aware) with fast_image_resize.
fn resize(img: &RgbaImage, w: u32, h: u32) -> Result<RgbaImage, RenderError> {
    let fail = |e: String| RenderError::EncodeFailed {
        detail: format!("resize: {e}"),
    };
    if img.width() == w && img.height() == h {
        return Ok(img.clone());
    }
    let src = ImageRef::new(img.width(), img.height(), img.as_raw(), PixelType::U8x4)
        .map_err(|e| fail(e.to_string()))?;
    let mut dst = FirImage::new(w, h, PixelType::U8x4);
    let opts = ResizeOptions::new().resize_alg(ResizeAlg::Convolution(FilterType::Lanczos3));
    Resizer::new()
        .resize(&src, &mut dst, &opts)
        .map_err(|e| fail(e.to_string()))?;
    RgbaImage::from_raw(w, h, dst.into_vec()).ok_or_else(|| fail("buffer size".into()))
}

/// The backdrop colours at the 5th and 95th luminance percentile where `near` covers (> 25 %).
fn backdrop_near(canvas: &Pixmap, lum: &LuminanceTable, near: &AlphaMask) -> (Color, Color) {
    let (cw, ch) = (canvas.width() as i32, canvas.height() as i32);
    let data = canvas.data();
    let mut samples: Vec<(f32, Color)> = Vec::new();
    let step = ((near.data.len() as f32 / 20_000.0).sqrt().floor() as usize).max(1);
    for my in (0..near.height as usize).step_by(step) {
        let y = near.y + my as i32;
        if y < 0 || y >= ch {
            continue;
        }
        for mx in (0..near.width as usize).step_by(step) {
            let x = near.x + mx as i32;
            if x < 0 || x >= cw || near.data[my * near.width as usize + mx] < 64 {
                continue;
            }
            let i = ((y * cw + x) * 4) as usize;
            let c = Color::rgb(data[i], data[i + 1], data[i + 2]);
            samples.push((lum.luminance(c.r, c.g, c.b), c));
        }
    }
    percentiles(samples)
}

fn percentiles(samples: Vec<(f32, Color)>) -> (Color, Color) {
    let n = samples.len();
    if n == 0 {
        return (Color::WHITE, Color::WHITE);
    }
    // The elements a stable sort by luminance would put at both ranks: ties are broken by
    // sample order, which makes the order total, so selection finds them without sorting.
    let mut keyed: Vec<(f32, usize, Color)> = samples
        .into_iter()
        .enumerate()
        .map(|(i, (l, c))| (l, i, c))
        .collect();
    let cmp =
        |a: &(f32, usize, Color), b: &(f32, usize, Color)| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1));
    let (lo_rank, hi_rank) = ((n - 1) * 5 / 100, (n - 1) * 95 / 100);
    let hi = keyed.select_nth_unstable_by(hi_rank, cmp).1.2;
    let lo = if lo_rank < hi_rank {
        keyed[..hi_rank].select_nth_unstable_by(lo_rank, cmp).1.2
    } else {
        hi
    };
    (lo, hi)
}

/// The backdrop colours at the 5th and 95th luminance percentile inside `r` (sampled).
fn backdrop(canvas: &Pixmap, lum: &LuminanceTable, r: Rect) -> (Color, Color) {
    let (cw, ch) = (canvas.width() as i32, canvas.height() as i32);
    let x0 = (r.x.floor() as i32).clamp(0, cw - 1);
    let y0 = (r.y.floor() as i32).clamp(0, ch - 1);
    let x1 = (r.right().ceil() as i32).clamp(x0 + 1, cw);
    let y1 = (r.bottom().ceil() as i32).clamp(y0 + 1, ch);
    let area = ((x1 - x0) * (y1 - y0)) as f32;
    let step = ((area / 6000.0).sqrt().floor() as i32).max(1);
    let data = canvas.data();
    let mut samples: Vec<(f32, Color)> = Vec::new();
    let mut y = y0;
    while y < y1 {
        let mut x = x0;
        while x < x1 {
            let i = ((y * cw + x) * 4) as usize;
            let c = Color::rgb(data[i], data[i + 1], data[i + 2]);
            samples.push((lum.luminance(c.r, c.g, c.b), c));
            x += step;
        }
        y += step;
    }
    percentiles(samples)
}
