//! Spreadsheets as rows of text cells: CSV (RFC 4180, comma- or semicolon-separated, as
//! Turkish Excel saves it) and XLSX, read and written. Knows nothing of products.

use std::io::Cursor;

/// A cell to write: text stays text (a barcode is never turned into a number), numbers are
/// numbers in XLSX and dot-decimal in CSV.
pub enum Cell {
    Text(String),
    Int(i64),
    /// Minor units: `129990` is written `1299.90` in CSV and the number 1299.9 in XLSX.
    Money(i64),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Csv,
    Xlsx,
}

/// Why a file could not be read as a table.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    #[error("is neither an XLSX workbook nor UTF-8 CSV")]
    NotUtf8,
    #[error("is not a readable XLSX workbook: {0}")]
    Xlsx(String),
    #[error("has an unterminated quoted cell starting in row {0}")]
    Unterminated(usize),
    #[error("has more than {0} rows")]
    TooManyRows(usize),
}

/// A table read from a file: each row with its 1-based row number as a spreadsheet shows it.
pub struct Table {
    pub rows: Vec<(usize, Vec<String>)>,
}

/// A cell whose text a spreadsheet would run as a formula gets a leading apostrophe in CSV
/// (XLSX stores text as text); [`read`] takes it off again.
fn defuse(s: &str) -> String {
    if s.starts_with(['=', '+', '-', '@']) {
        format!("'{s}")
    } else {
        s.to_string()
    }
}

fn undefuse(s: String) -> String {
    match s.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@']) => rest.to_string(),
        _ => s,
    }
}

/// CSV with a UTF-8 byte order mark (so Excel reads Turkish letters right), comma separated,
/// CRLF line ends, dot-decimal numbers.
pub fn write_csv(rows: &[Vec<Cell>]) -> Vec<u8> {
    let mut out = String::from("\u{feff}");
    for row in rows {
        let cells: Vec<String> = row
            .iter()
            .map(|c| match c {
                Cell::Int(n) => n.to_string(),
                Cell::Money(m) => format!("{}.{:02}", m / 100, (m % 100).abs()),
                Cell::Text(s) => {
                    let s = defuse(s);
                    if s.contains([',', ';', '"', '\n', '\r']) {
                        format!("\"{}\"", s.replace('"', "\"\""))
                    } else {
                        s
                    }
                }
            })
            .collect();
        out.push_str(&cells.join(","));
        out.push_str("\r\n");
    }
    out.into_bytes()
}

pub fn write_xlsx(sheet_name: &str, rows: &[Vec<Cell>]) -> Result<Vec<u8>, String> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let money = rust_xlsxwriter::Format::new().set_num_format("0.00");
    let sheet = book.add_worksheet();
    sheet.set_name(sheet_name).map_err(|e| e.to_string())?;
    for (r, row) in rows.iter().enumerate() {
        let r = u32::try_from(r).map_err(|e| e.to_string())?;
        for (c, cell) in row.iter().enumerate() {
            let c = u16::try_from(c).map_err(|e| e.to_string())?;
            match cell {
                Cell::Text(s) => sheet.write_string(r, c, s),
                Cell::Int(n) => sheet.write_number(r, c, *n as f64),
                Cell::Money(m) => sheet.write_number_with_format(r, c, *m as f64 / 100.0, &money),
            }
            .map_err(|e| e.to_string())?;
        }
    }
    book.save_to_buffer().map_err(|e| e.to_string())
}

/// Which format the bytes are: an XLSX workbook is a ZIP archive.
pub fn sniff(bytes: &[u8]) -> Format {
    if bytes.starts_with(b"PK\x03\x04") {
        Format::Xlsx
    } else {
        Format::Csv
    }
}

/// Reads the first sheet of a workbook or a CSV file; more than `max_rows` rows (the header
/// included) is an error, found before the rest is kept.
pub fn read(bytes: &[u8], max_rows: usize) -> Result<Table, ReadError> {
    match sniff(bytes) {
        Format::Xlsx => read_xlsx(bytes, max_rows),
        Format::Csv => {
            let text = std::str::from_utf8(bytes).map_err(|_| ReadError::NotUtf8)?;
            read_csv(text.strip_prefix('\u{feff}').unwrap_or(text), max_rows)
        }
    }
}

fn read_xlsx(bytes: &[u8], max_rows: usize) -> Result<Table, ReadError> {
    use calamine::Reader;
    let mut book = calamine::Xlsx::new(Cursor::new(bytes))
        .map_err(|e: calamine::XlsxError| ReadError::Xlsx(e.to_string()))?;
    let range = book
        .worksheet_range_at(0)
        .ok_or_else(|| ReadError::Xlsx("it has no sheet".into()))?
        .map_err(|e| ReadError::Xlsx(e.to_string()))?;
    let first_row = range.start().map_or(0, |(r, _)| r as usize);
    let first_col = range.start().map_or(0, |(_, c)| c as usize);
    let mut rows = Vec::new();
    for (i, row) in range.rows().enumerate() {
        if rows.len() >= max_rows {
            return Err(ReadError::TooManyRows(max_rows));
        }
        // Cells left of the used range are empty; keep columns where the sheet has them.
        let mut cells = vec![String::new(); first_col];
        cells.extend(row.iter().map(|c| c.to_string()));
        rows.push((first_row + i + 1, cells));
    }
    Ok(Table { rows })
}

/// The separator of a CSV file: the one of `,` and `;` its first line has more of.
fn separator(text: &str) -> char {
    let first = text.lines().next().unwrap_or("");
    if first.matches(';').count() > first.matches(',').count() {
        ';'
    } else {
        ','
    }
}

fn read_csv(text: &str, max_rows: usize) -> Result<Table, ReadError> {
    let sep = separator(text);
    let mut rows = Vec::new();
    let mut row: Vec<String> = Vec::new();
    let mut cell = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    let mut record = 1;
    let finish_cell = |cell: &mut String, row: &mut Vec<String>| {
        row.push(undefuse(std::mem::take(cell)));
    };
    while let Some(ch) = chars.next() {
        if quoted {
            match ch {
                '"' if chars.peek() == Some(&'"') => {
                    chars.next();
                    cell.push('"');
                }
                '"' => quoted = false,
                c => cell.push(c),
            }
            continue;
        }
        match ch {
            '"' if cell.is_empty() => quoted = true,
            c if c == sep => finish_cell(&mut cell, &mut row),
            '\r' | '\n' => {
                if ch == '\r' && chars.peek() == Some(&'\n') {
                    chars.next();
                }
                finish_cell(&mut cell, &mut row);
                if rows.len() >= max_rows {
                    return Err(ReadError::TooManyRows(max_rows));
                }
                rows.push((record, std::mem::take(&mut row)));
                record += 1;
            }
            c => cell.push(c),
        }
    }
    if quoted {
        return Err(ReadError::Unterminated(record));
    }
    if !cell.is_empty() || !row.is_empty() {
        finish_cell(&mut cell, &mut row);
        if rows.len() >= max_rows {
            return Err(ReadError::TooManyRows(max_rows));
        }
        rows.push((record, row));
    }
    Ok(Table { rows })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(t: &Table) -> Vec<Vec<&str>> {
        t.rows
            .iter()
            .map(|(_, r)| r.iter().map(String::as_str).collect())
            .collect()
    }

    #[test]
    fn csv_round_trips_quotes_separators_line_breaks_and_formulas() {
        let rows = vec![
            vec![Cell::Text("a".into()), Cell::Text("b".into())],
            vec![
                Cell::Text("Çay, \"demli\"\nsatır".into()),
                Cell::Text("=1+1".into()),
            ],
            vec![Cell::Text("x".into()), Cell::Money(129990)],
        ];
        let bytes = write_csv(&rows);
        let t = read(&bytes, 10).expect("readable");
        assert_eq!(
            texts(&t),
            vec![
                vec!["a", "b"],
                vec!["Çay, \"demli\"\nsatır", "=1+1"],
                vec!["x", "1299.90"]
            ]
        );
        assert_eq!(t.rows[2].0, 3);
    }

    #[test]
    fn semicolon_csv_as_turkish_excel_saves_it() {
        let t = read("barkod;fiyat\r\n869;1.299,90\r\n".as_bytes(), 10).expect("readable");
        assert_eq!(
            texts(&t),
            vec![vec!["barkod", "fiyat"], vec!["869", "1.299,90"]]
        );
    }

    #[test]
    fn xlsx_round_trips_text_and_numbers() {
        let rows = vec![
            vec![Cell::Text("barcode".into()), Cell::Text("price".into())],
            vec![Cell::Text("0869000000012".into()), Cell::Money(129990)],
        ];
        let bytes = write_xlsx("products", &rows).expect("written");
        assert_eq!(sniff(&bytes), Format::Xlsx);
        let t = read(&bytes, 10).expect("readable");
        assert_eq!(
            texts(&t),
            vec![vec!["barcode", "price"], vec!["0869000000012", "1299.9"]]
        );
    }

    #[test]
    fn too_many_rows_and_bad_files_are_refused() {
        assert!(matches!(
            read(b"a\nb\nc\n", 2),
            Err(ReadError::TooManyRows(2))
        ));
        assert!(matches!(
            read(b"\"open", 5),
            Err(ReadError::Unterminated(1))
        ));
        assert!(matches!(
            read(&[0xff, 0xfe, 0x00], 5),
            Err(ReadError::NotUtf8)
        ));
        assert!(matches!(
            read(b"PK\x03\x04junk", 5),
            Err(ReadError::Xlsx(_))
        ));
    }
}
