//! `Color`, hex parsing and WCAG 2.x relative luminance / contrast ratio.

use crate::RenderError;

/// An sRGB colour with straight (not premultiplied) alpha.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Color {
    pub r: u8,
    pub g: u8,
    pub b: u8,
    pub a: u8,
}

impl Color {
    pub const WHITE: Color = Color::rgb(255, 255, 255);
    pub const BLACK: Color = Color::rgb(0, 0, 0);

    pub const fn rgb(r: u8, g: u8, b: u8) -> Self {
        Self { r, g, b, a: 255 }
    }

    pub const fn rgba(r: u8, g: u8, b: u8, a: u8) -> Self {
        Self { r, g, b, a }
    }

    /// The same colour with alpha multiplied by `factor` (clamped to 0..=1).
    pub fn with_opacity(self, factor: f32) -> Self {
        let a = (f32::from(self.a) * factor.clamp(0.0, 1.0)).round() as u8;
        Self { a, ..self }
    }

    /// WCAG 2.x relative luminance of the opaque colour, 0.0 (black) ..= 1.0 (white).
    pub fn luminance(self) -> f32 {
        relative_luminance(self.r, self.g, self.b)
    }

    /// Linear interpolation in sRGB space, `t` in 0..=1.
    pub fn lerp(self, other: Color, t: f32) -> Color {
        let t = t.clamp(0.0, 1.0);
        let mix = |a: u8, b: u8| (f32::from(a) + (f32::from(b) - f32::from(a)) * t).round() as u8;
        Color::rgba(
            mix(self.r, other.r),
            mix(self.g, other.g),
            mix(self.b, other.b),
            mix(self.a, other.a),
        )
    }

    /// `self` drawn with its alpha over an opaque `below`; the result is opaque.
    pub fn over(self, below: Color) -> Color {
        let t = f32::from(self.a) / 255.0;
        Color::rgb(below.r, below.g, below.b).lerp(Color::rgb(self.r, self.g, self.b), t)
    }

    pub(crate) fn to_skia(self) -> tiny_skia::Color {
        tiny_skia::Color::from_rgba8(self.r, self.g, self.b, self.a)
    }
}

/// Parses `#RGB`, `#RRGGBB` or `#RRGGBBAA` (the `#` is optional, case-insensitive).
///
/// Errors carry the field name `color`; use [`parse_hex_color_field`] to name the real field.
pub fn parse_hex_color(s: &str) -> Result<Color, RenderError> {
    parse_hex_color_field(s, "color")
}

/// [`parse_hex_color`] whose error names `field` (e.g. `background.colors[1]`).
pub fn parse_hex_color_field(s: &str, field: &str) -> Result<Color, RenderError> {
    let bad = || RenderError::InvalidColor {
        field: field.to_owned(),
        value: s.chars().take(32).collect(),
    };
    let hex = s.trim().strip_prefix('#').unwrap_or(s.trim());
    if !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(bad());
    }
    let nibble = |i: usize| -> Result<u8, RenderError> {
        let c = *hex.as_bytes().get(i).ok_or_else(bad)? as char;
        c.to_digit(16).map(|d| d as u8).ok_or_else(bad)
    };
    let byte = |i: usize| -> Result<u8, RenderError> { Ok(nibble(i)? * 16 + nibble(i + 1)?) };
    match hex.len() {
        3 => Ok(Color::rgb(
            nibble(0)? * 17,
            nibble(1)? * 17,
            nibble(2)? * 17,
        )),
        6 => Ok(Color::rgb(byte(0)?, byte(2)?, byte(4)?)),
        8 => Ok(Color::rgba(byte(0)?, byte(2)?, byte(4)?, byte(6)?)),
        _ => Err(bad()),
    }
}

fn channel_to_linear(c: u8) -> f32 {
    let c = f32::from(c) / 255.0;
    if c <= 0.039_28 {
        c / 12.92
    } else {
        ((c + 0.055) / 1.055).powf(2.4)
    }
}

/// WCAG 2.x relative luminance of an sRGB triple.
pub fn relative_luminance(r: u8, g: u8, b: u8) -> f32 {
    0.2126 * channel_to_linear(r) + 0.7152 * channel_to_linear(g) + 0.0722 * channel_to_linear(b)
}

/// WCAG contrast ratio between two relative luminances, 1.0 ..= 21.0.
pub fn contrast_ratio(l1: f32, l2: f32) -> f32 {
    let (hi, lo) = if l1 >= l2 { (l1, l2) } else { (l2, l1) };
    (hi + 0.05) / (lo + 0.05)
}

/// Lookup table: luminance of each 8-bit channel value once linearised, for fast pixel scans.
pub(crate) struct LuminanceTable([f32; 256]);

impl LuminanceTable {
    pub(crate) fn new() -> Self {
        let mut t = [0.0; 256];
        for (i, v) in t.iter_mut().enumerate() {
            *v = channel_to_linear(i as u8);
        }
        Self(t)
    }

    pub(crate) fn luminance(&self, r: u8, g: u8, b: u8) -> f32 {
        0.2126 * self.0[r as usize] + 0.7152 * self.0[g as usize] + 0.0722 * self.0[b as usize]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_report_gradient_colours() {
        assert_eq!(parse_hex_color("#FF6B6B"), Ok(Color::rgb(0xFF, 0x6B, 0x6B)));
        assert_eq!(parse_hex_color("4ecdc4"), Ok(Color::rgb(0x4E, 0xCD, 0xC4)));
        assert_eq!(parse_hex_color("#fff"), Ok(Color::WHITE));
        assert_eq!(parse_hex_color("#00000080"), Ok(Color::rgba(0, 0, 0, 128)));
    }

    #[test]
    fn rejects_malformed_hex_with_invalid_color() {
        for bad in [
            "", "#", "#12345", "#GGGGGG", "red", "#1234567", "#+12345", "#ÿÿÿ",
        ] {
            let err = parse_hex_color(bad).expect_err(bad);
            assert_eq!(err.code(), "invalid_color", "{bad}");
            assert_eq!(err.field(), Some("color"));
        }
    }

    #[test]
    fn contrast_of_black_on_white_is_21() {
        let r = contrast_ratio(Color::BLACK.luminance(), Color::WHITE.luminance());
        assert!((r - 21.0).abs() < 0.01);
    }
}
