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
    #[error("has more than {0} columns")]
    TooManyColumns(usize),
    #[error("unpacks to more than {} MiB; save it again without hidden sheets or images", .0 >> 20)]
    TooLargeUnpacked(u64),
}

/// How much an XLSX workbook (a ZIP archive) may hold once unpacked: a few kilobytes can
/// inflate to gigabytes, and the reader holds the shared strings in memory.
pub const MAX_XLSX_UNPACKED: u64 = 64 << 20;

/// The widest sheet read: far more than any import has columns, and it keeps a cell at
/// XFD1 from costing a row of 16,384 cells.
pub const MAX_COLUMNS: usize = 256;

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
    use calamine::{Data, Reader};
    check_unpacked_size(bytes)?;
    let xlsx_error = |e: calamine::XlsxError| ReadError::Xlsx(e.to_string());
    let mut book = calamine::Xlsx::new(Cursor::new(bytes)).map_err(xlsx_error)?;
    let first = book
        .sheet_names()
        .into_iter()
        .next()
        .ok_or_else(|| ReadError::Xlsx("it has no sheet".into()))?;
    // Cell by cell, keeping only cells with a value: a sheet's declared range (a stray cell
    // at A1048576) must not turn into a million empty rows in memory.
    let mut rows: std::collections::BTreeMap<u32, Vec<String>> = Default::default();
    let mut cells = book.worksheet_cells_reader(&first).map_err(xlsx_error)?;
    while let Some(cell) = cells.next_cell().map_err(xlsx_error)? {
        let (row, col) = cell.get_position();
        let text = Data::from(cell.get_value().clone()).to_string();
        if text.is_empty() {
            continue;
        }
        let col = col as usize;
        if col >= MAX_COLUMNS {
            return Err(ReadError::TooManyColumns(MAX_COLUMNS));
        }
        if !rows.contains_key(&row) && rows.len() >= max_rows {
            return Err(ReadError::TooManyRows(max_rows));
        }
        let line = rows.entry(row).or_default();
        if line.len() <= col {
            line.resize(col + 1, String::new());
        }
        line[col] = text;
    }
    Ok(Table {
        rows: rows
            .into_iter()
            .map(|(row, cells)| (row as usize + 1, cells))
            .collect(),
    })
}

/// Refuses a workbook whose parts inflate to more than [`MAX_XLSX_UNPACKED`] in all,
/// counting what inflating yields rather than trusting the sizes the archive declares.
fn check_unpacked_size(bytes: &[u8]) -> Result<(), ReadError> {
    use std::io::Read;
    let bad = |e: &dyn std::fmt::Display| ReadError::Xlsx(e.to_string());
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| bad(&e))?;
    let mut total = 0u64;
    for i in 0..archive.len() {
        let entry = archive.by_index(i).map_err(|e| bad(&e))?;
        let left = MAX_XLSX_UNPACKED - total;
        total +=
            std::io::copy(&mut entry.take(left + 1), &mut std::io::sink()).map_err(|e| bad(&e))?;
        if total > MAX_XLSX_UNPACKED {
            return Err(ReadError::TooLargeUnpacked(MAX_XLSX_UNPACKED));
        }
    }
    Ok(())
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

    /// A ZIP holding `parts` (name, content), deflated.
    fn zip_of(parts: &[(&str, Vec<u8>)]) -> Vec<u8> {
        use std::io::Write;
        let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let opts = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        for (name, body) in parts {
            out.start_file(*name, opts).unwrap();
            out.write_all(body).unwrap();
        }
        out.finish().unwrap().into_inner()
    }

    #[test]
    fn a_workbook_that_inflates_past_the_cap_is_refused_before_it_is_parsed() {
        // 65 MiB of zeros deflate to about 65 KB.
        let bomb = zip_of(&[(
            "xl/sharedStrings.xml",
            vec![b'0'; (MAX_XLSX_UNPACKED + (1 << 20)) as usize],
        )]);
        assert!(bomb.len() < 1 << 20);
        assert!(matches!(
            read(&bomb, 10),
            Err(ReadError::TooLargeUnpacked(_))
        ));
    }

    #[test]
    fn a_stray_far_cell_is_one_row_not_a_sheet_of_empty_rows() {
        let mut book = rust_xlsxwriter::Workbook::new();
        let sheet = book.add_worksheet();
        sheet.write_string(0, 0, "barcode").unwrap();
        sheet.write_string(1, 0, "B-1").unwrap();
        sheet.write_string(1_048_000, 3, "far").unwrap();
        let bytes = book.save_to_buffer().unwrap();
        let t = read(&bytes, 10).unwrap();
        assert_eq!(
            texts(&t),
            vec![vec!["barcode"], vec!["B-1"], vec!["", "", "", "far"]]
        );
        assert_eq!(t.rows[2].0, 1_048_001);
        assert!(matches!(read(&bytes, 2), Err(ReadError::TooManyRows(2))));

        let mut wide = rust_xlsxwriter::Workbook::new();
        wide.add_worksheet().write_string(0, 16_000, "x").unwrap();
        assert!(matches!(
            read(&wide.save_to_buffer().unwrap(), 10),
            Err(ReadError::TooManyColumns(_))
        ));
    }
}
