//! todo
/// Strips HTML to paragraphs of plain text.
pub fn html_to_text(html: &str) -> Vec<String> {
    vec![html.to_string()]
}
