//! The house is laid in floors that only look down: the kernel, then organisations and
//! members, the ledger core, the capabilities, the views that gather from many of them,
//! and the router on top. This test reads every `crate::…` path in `src/` and refuses one
//! that reaches a higher floor, or a capability that reaches a sibling, unless it is in
//! `KNOWN` below, the list of crossings still to mend. The list may only shrink: a
//! crossing that was mended must leave it too.

use std::collections::BTreeSet;

/// Each top-level module's floor.
fn floor(module: &str) -> Option<u8> {
    Some(match module {
        "config" | "db" | "i18n" | "money" | "web" | "auth" | "state" => 0,
        "orgs" | "members" | "notices" | "audio" => 1,
        "ledger" => 2,
        "shares" | "meetings" | "votes" | "elections" | "savings" | "loans" | "purchases" | "surplus"
        | "protection" => 3,
        // Capabilities that stand on others: production takes purchasing's raw-material
        // stock and pays into savings and loans; sales sells production's finished goods.
        "production" => 4,
        "sales" => 5,
        "passbook" | "reports" | "cashbook" | "home" => 6,
        "demo" | "app" => 7,
        _ => return None,
    })
}

/// Crossings that exist today, each with why it is still there. Mend one, then delete its line.
const KNOWN: &[(&str, &str)] = &[
    // The kernel's extractor builds `OrgCtx` from the organisation and the membership, and
    // the home page lists her organisations.
    ("auth", "orgs"),
    ("auth", "members"),
    // Opening an organisation opens its books.
    ("orgs", "ledger"),
    // Admission subscribes shares and sends meeting notices: a view living in `members`.
    ("members", "shares"),
    ("members", "meetings"),
    // The state holds the ledger's posting task.
    ("state", "ledger"),
    // Elections are voted through proposals, and a proposal's page names its election.
    ("elections", "votes"),
    ("votes", "elections"),
    // Meetings record the proposal decided on an agenda item.
    ("meetings", "votes"),
    // Leaving pays back shares and savings and checks loans.
    ("shares", "savings"),
    ("shares", "loans"),
];

fn sources(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            sources(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

/// The top-level modules a file's code names through `crate::`, comments left out; a
/// `use crate::{a, b::c}` group names each of its members.
fn reaches(text: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let code: String = text
        .lines()
        .filter(|l| !l.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n");
    let mut rest = code.as_str();
    while let Some(i) = rest.find("crate::") {
        rest = &rest[i + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            let end = group.find('}').unwrap_or(group.len());
            for item in group[..end].split(',') {
                let name: String = item
                    .trim()
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                out.insert(name);
            }
        } else {
            let name: String = rest.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
            out.insert(name);
        }
    }
    out
}

#[test]
fn no_floor_reaches_up_beyond_the_known_crossings() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = vec![];
    sources(&root, &mut files);
    let mut found: BTreeSet<(String, String)> = BTreeSet::new();
    for f in &files {
        let rel = f.strip_prefix(&root).unwrap();
        let from = rel
            .iter()
            .next()
            .unwrap()
            .to_string_lossy()
            .trim_end_matches(".rs")
            .to_string();
        let Some(from_floor) = floor(&from) else { continue };
        // The unit tests inside a file may reach anything.
        let text = std::fs::read_to_string(f).unwrap();
        let text = text.split("#[cfg(test)]").next().unwrap_or("");
        for to in reaches(text) {
            let Some(to_floor) = floor(&to) else { continue };
            let upward = to_floor > from_floor;
            let sideways = to != from && to_floor == from_floor && from_floor >= 3;
            if upward || sideways {
                found.insert((from.clone(), to));
            }
        }
    }
    let known: BTreeSet<(String, String)> = KNOWN.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect();
    let new: Vec<_> = found.difference(&known).collect();
    let mended: Vec<_> = known.difference(&found).collect();
    assert!(
        new.is_empty(),
        "these modules reach a floor above or a sibling capability: {new:?}; offer what is needed through a lower floor"
    );
    assert!(mended.is_empty(), "mended, so take them off KNOWN: {mended:?}");
}

/// A new top-level module must say which floor it stands on, or the test above would not see it.
#[test]
fn every_module_has_its_floor() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let unplaced: Vec<String> = std::fs::read_dir(&root)
        .unwrap()
        .map(|e| {
            e.unwrap()
                .file_name()
                .to_string_lossy()
                .trim_end_matches(".rs")
                .to_string()
        })
        .filter(|m| m != "lib" && m != "main" && floor(m).is_none())
        .collect();
    assert!(unplaced.is_empty(), "give these a floor: {unplaced:?}");
}

#[test]
fn the_reader_sees_groups_and_paths() {
    let names = reaches("use crate::{auth, ledger::service};\n// crate::votes\nlet x = crate::shares::pay();");
    assert_eq!(names.into_iter().collect::<Vec<_>>(), ["auth", "ledger", "shares"]);
}
