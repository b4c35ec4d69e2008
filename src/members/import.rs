//! A register kept on paper or in a spreadsheet, pasted as CSV: every line checked and
//! shown (phones as they will be stored) before anything is saved; one wrong line refuses
//! the whole file.

use super::model::MemberDraft;
use super::service::{Editor, add_valid};
use super::store;
use crate::db::Tx;
use crate::orgs::Org;
use crate::web::{AppError, AppResult, FieldError};

/// The columns read, by their header; any order, any subset but `name`.
pub const COLUMNS: [&str; 6] = ["name", "phone", "email", "member_number", "trade", "locality"];

/// One line of the file: its number, what it will store, and what is wrong with it.
pub struct Line {
    pub line: usize,
    pub draft: MemberDraft,
    /// The phone as it will be stored (E.164), when it was understood.
    pub phone: Option<String>,
    pub problems: Vec<&'static str>,
}

/// Reads and checks every line against the organisation's register and the file itself.
pub async fn read(tx: &mut Tx, org: &Org, text: &str) -> AppResult<Vec<Line>> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let headers: Vec<String> = reader
        .headers()
        .map(|h| h.iter().map(|x| x.trim().to_lowercase()).collect())
        .unwrap_or_default();
    if !headers.iter().any(|h| h == "name") {
        return Err(AppError::Invalid(vec![FieldError::new("csv", "import-members-header")]));
    }
    let col = |name: &str| headers.iter().position(|h| h == name);
    let mut out = vec![];
    let (mut numbers, mut phones) = (std::collections::HashSet::new(), std::collections::HashSet::new());
    for (i, record) in reader.records().enumerate() {
        let line = i + 2;
        let Ok(r) = record else {
            out.push(Line {
                line,
                draft: MemberDraft::default(),
                phone: None,
                problems: vec!["import-row-unreadable"],
            });
            continue;
        };
        let get = |name: &str| col(name).and_then(|k| r.get(k)).unwrap_or("").to_string();
        let draft = MemberDraft {
            name: get("name"),
            phone: get("phone"),
            email: get("email"),
            member_number: get("member_number"),
            trade: get("trade"),
            locality: get("locality"),
            ..Default::default()
        };
        let mut problems = vec![];
        let mut phone = None;
        match draft.validate(&org.country) {
            Ok(v) => {
                phone = v.phone.clone();
                if let Some(n) = &v.member_number
                    && (!numbers.insert(n.as_str().to_string())
                        || store::number_taken(tx, org.id, n.as_str(), 0).await?)
                {
                    problems.push("member-number-taken");
                }
                if let Some(p) = &v.phone
                    && (!phones.insert(p.clone()) || store::contact_taken(tx, org.id, p, 0).await?)
                {
                    problems.push("member-already-here");
                }
            }
            Err(errors) => problems.extend(errors.iter().map(|e| e.message)),
        }
        out.push(Line {
            line,
            draft,
            phone,
            problems,
        });
    }
    if out.is_empty() {
        return Err(AppError::Invalid(vec![FieldError::new("csv", "import-empty")]));
    }
    Ok(out)
}

/// Adds every member of the file in one transaction, or none: any wrong line refuses it.
pub async fn import(tx: &mut Tx, org: &Org, text: &str, by: Editor) -> AppResult<usize> {
    let lines = read(tx, org, text).await?;
    if lines.iter().any(|l| !l.problems.is_empty()) {
        return Err(AppError::Invalid(vec![FieldError::new("csv", "import-has-errors")]));
    }
    for l in &lines {
        let v = l.draft.validate(&org.country).map_err(AppError::Invalid)?;
        add_valid(tx, org, &v, None, by).await?;
    }
    Ok(lines.len())
}
