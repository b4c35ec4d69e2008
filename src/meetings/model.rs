//! The rules of meetings: who counts towards quorum, and proxies. No I/O.

/// A meeting's kind decides who is called to it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Every active member.
    General,
    /// The active members who hold an office (leaders, treasurers, administrators).
    Board,
}

impl Kind {
    pub const ALL: [Kind; 2] = [Kind::General, Kind::Board];
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::General => "general",
            Kind::Board => "board",
        }
    }
    pub fn parse(s: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.as_str() == s.trim())
    }
    pub fn label(self) -> &'static str {
        match self {
            Kind::General => "meeting-kind-general",
            Kind::Board => "meeting-kind-board",
        }
    }
}

/// Who is represented at a meeting and whether that makes quorum.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Quorum {
    pub eligible: i64,
    pub present: i64,
    /// Proxies that count: their holder is present and their giver is not.
    pub proxies: i64,
    /// Members needed for quorum.
    pub needed: i64,
}

impl Quorum {
    pub fn represented(&self) -> i64 {
        self.present + self.proxies
    }
    pub fn met(&self) -> bool {
        self.eligible > 0 && self.represented() >= self.needed
    }
}

/// The smallest number of members that is at least `percent` of `eligible`.
pub fn needed(eligible: i64, percent: i64) -> i64 {
    (eligible.max(0) * percent.clamp(0, 100) + 99) / 100
}

/// Quorum from who is present and the proxies given: a proxy counts when its holder is
/// present and its giver is not (she cannot be counted twice).
pub fn quorum(eligible: i64, percent: i64, present: &[i64], proxies: &[(i64, i64)]) -> Quorum {
    let here = |m: i64| present.contains(&m);
    let counted = proxies
        .iter()
        .filter(|(giver, holder)| here(*holder) && !here(*giver))
        .count() as i64;
    Quorum {
        eligible,
        present: present.len() as i64,
        proxies: counted,
        needed: needed(eligible, percent),
    }
}

/// A member authorising another for one meeting: not herself, and the holder carries no
/// more proxies than the bylaws allow.
pub fn check_proxy(giver: i64, holder: i64, holder_carries: i64, max: i64) -> Result<(), &'static str> {
    if giver == holder {
        return Err("meeting-proxy-self");
    }
    if holder_carries >= max {
        return Err("meeting-proxy-limit");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn quorum_is_a_share_of_those_called_rounded_up() {
        assert_eq!(needed(54, 50), 27);
        assert_eq!(needed(55, 50), 28);
        assert_eq!(needed(3, 34), 2);
        assert_eq!(needed(10, 100), 10);
        assert_eq!(needed(0, 50), 0);
    }

    #[test]
    fn a_proxy_counts_only_when_its_holder_came_and_its_giver_did_not() {
        let q = quorum(10, 50, &[1, 2, 3, 4], &[(5, 1), (6, 9), (2, 3)]);
        assert_eq!((q.present, q.proxies, q.represented()), (4, 1, 5));
        assert!(q.met());
        let q = quorum(10, 60, &[1, 2, 3, 4], &[(5, 1)]);
        assert!(!q.met(), "5 of 10 is not 60%");
        assert!(!quorum(0, 50, &[], &[]).met(), "nobody called, nothing decided");
    }

    #[test]
    fn proxies_stay_within_the_bylaws() {
        assert_eq!(check_proxy(1, 1, 0, 2), Err("meeting-proxy-self"));
        assert_eq!(check_proxy(1, 2, 1, 1), Err("meeting-proxy-limit"));
        assert_eq!(check_proxy(1, 2, 0, 1), Ok(()));
        assert_eq!(check_proxy(1, 2, 0, 0), Err("meeting-proxy-limit"), "no proxies at all");
    }

    proptest! {
        /// Nobody is counted twice: those represented never exceed those called, when
        /// everyone present or giving a proxy was called.
        #[test]
        fn represented_never_exceeds_the_eligible(
            present in proptest::collection::btree_set(0i64..30, 0..30),
            proxies in proptest::collection::btree_map(0i64..30, 0i64..30, 0..30),
        ) {
            let present: Vec<i64> = present.into_iter().collect();
            let proxies: Vec<(i64, i64)> = proxies.into_iter().filter(|(g, h)| g != h).collect();
            let q = quorum(30, 50, &present, &proxies);
            prop_assert!(q.represented() <= 30);
            prop_assert!(q.proxies <= proxies.len() as i64);
        }
    }
}
