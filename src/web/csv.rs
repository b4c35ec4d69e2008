//! CSV downloads, written once: every cell that a spreadsheet would read as a formula is
//! neutralised. A name typed on the public join form reaches the journal and the share
//! register, and "=HYPERLINK(…)" there must stay text.

use super::{AppError, AppResult};

/// A cell as a spreadsheet may safely read it: a text beginning with `=`, `+`, `-`, `@`,
/// a tab or a carriage return gets a leading apostrophe; plain numbers ("-150.00") stay.
pub fn safe_cell(cell: &str) -> std::borrow::Cow<'_, str> {
    let risky = cell.starts_with(['=', '+', '-', '@', '\t', '\r']);
    if risky && !is_plain_number(cell) {
        std::borrow::Cow::Owned(format!("'{cell}"))
    } else {
        std::borrow::Cow::Borrowed(cell)
    }
}

fn is_plain_number(s: &str) -> bool {
    let body = s.strip_prefix('-').unwrap_or(s);
    let (int, frac) = body.split_once('.').unwrap_or((body, ""));
    !int.is_empty() && int.bytes().all(|b| b.is_ascii_digit()) && frac.bytes().all(|b| b.is_ascii_digit())
}

/// Rows written as CSV, each cell made safe.
pub fn to_bytes<R, C>(rows: R) -> AppResult<Vec<u8>>
where
    R: IntoIterator,
    R::Item: IntoIterator<Item = C>,
    C: AsRef<str>,
{
    let err = |e: csv::Error| AppError::Internal(e.to_string());
    let mut w = csv::Writer::from_writer(vec![]);
    for row in rows {
        let cells: Vec<String> = row.into_iter().map(|c| safe_cell(c.as_ref()).into_owned()).collect();
        w.write_record(&cells).map_err(err)?;
    }
    w.into_inner().map_err(|e| AppError::Internal(e.to_string()))
}

/// Rows as a CSV file to download, named `{file}.csv`.
pub fn download(rows: Vec<Vec<String>>, file: &str) -> AppResult<axum::response::Response> {
    Ok(super::attachment(
        to_bytes(rows)?,
        "text/csv; charset=utf-8",
        file,
        "csv",
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_become_text_and_numbers_stay_numbers() {
        for (typed, written) in [
            ("=HYPERLINK(\"http://evil\")", "'=HYPERLINK(\"http://evil\")"),
            ("+1+1", "'+1+1"),
            ("-2+3", "'-2+3"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\tx", "'\tx"),
            ("\rx", "'\rx"),
            ("-150.00", "-150.00"),
            ("1250.50", "1250.50"),
            ("Hansaben Patel", "Hansaben Patel"),
        ] {
            assert_eq!(safe_cell(typed), written, "{typed:?}");
        }
        let bytes = to_bytes([vec!["name", "amount"], vec!["=1+1", "-5.00"]]).unwrap();
        assert_eq!(String::from_utf8(bytes).unwrap(), "name,amount\n'=1+1,-5.00\n");
    }
}
