//! How votes are counted, without I/O: yes/no with quorum and threshold, single and
//! multiple choice, instant run-off for one winner and the single transferable vote for
//! several seats. Every tie is broken by a rule stated here, never by chance.

/// The share of the votes for (of those for or against) that carries a proposal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Threshold {
    /// More than half.
    Simple,
    /// At least two thirds.
    TwoThirds,
    /// At least this percent.
    Percent(i64),
}

impl Threshold {
    /// Whether `yes` of `yes + no` reaches the threshold (abstentions count for turnout
    /// only). No votes for or against carry nothing.
    pub fn met(self, yes: i64, no: i64) -> bool {
        let cast = yes + no;
        if cast <= 0 {
            return false;
        }
        match self {
            Threshold::Simple => yes * 2 > cast,
            Threshold::TwoThirds => yes * 3 >= cast * 2,
            Threshold::Percent(p) => yes * 100 >= cast * p,
        }
    }
}

/// Whether `voted` of `eligible` members reach a participation quorum in percent.
pub fn quorum_met(voted: i64, eligible: i64, quorum_percent: i64) -> bool {
    eligible > 0 && voted * 100 >= eligible * quorum_percent
}

/// The rounds of an instant run-off: each round's count per option (None once
/// eliminated), and the winner.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RunOff {
    pub rounds: Vec<Vec<Option<i64>>>,
    pub winner: Option<usize>,
}

/// Instant run-off among `options` choices: each ballot counts for its highest-ranked
/// option still standing; the option with fewest votes is eliminated until one has more
/// than half of the ballots still counting. A tie for last is broken by fewer first
/// preferences, then by the later place on the ballot paper (higher index goes first).
pub fn instant_runoff(options: usize, ballots: &[Vec<usize>]) -> RunOff {
    let first: Vec<i64> = tally(options, ballots, &vec![true; options]);
    let mut standing = vec![true; options];
    let mut rounds = vec![];
    loop {
        let counts = tally(options, ballots, &standing);
        rounds.push(
            (0..options)
                .map(|o| standing[o].then_some(counts[o]))
                .collect::<Vec<_>>(),
        );
        let live: i64 = (0..options).filter(|o| standing[*o]).map(|o| counts[o]).sum();
        let left: Vec<usize> = (0..options).filter(|o| standing[*o]).collect();
        if let Some(w) = left.iter().copied().find(|o| counts[*o] * 2 > live) {
            return RunOff {
                rounds,
                winner: Some(w),
            };
        }
        if left.len() <= 1 {
            return RunOff {
                rounds,
                winner: left.first().copied().filter(|o| counts[*o] > 0),
            };
        }
        let loser = left
            .iter()
            .copied()
            .min_by(|a, b| {
                counts[*a]
                    .cmp(&counts[*b])
                    .then(first[*a].cmp(&first[*b]))
                    .then(b.cmp(a))
            })
            .unwrap_or(0);
        standing[loser] = false;
    }
}

/// Each ballot's vote for its highest-ranked option still standing.
fn tally(options: usize, ballots: &[Vec<usize>], standing: &[bool]) -> Vec<i64> {
    let mut counts = vec![0i64; options];
    for b in ballots {
        if let Some(o) = b.iter().copied().find(|o| *o < options && standing[*o]) {
            counts[o] += 1;
        }
    }
    counts
}

/// Votes in an STV count are fractions; they are kept exact as multiples of this.
const UNIT: i128 = 1_000_000_000;

/// The single transferable vote for `seats` seats, with the Droop quota
/// (floor(ballots / (seats + 1)) + 1) and fractional transfer of surpluses (each ballot
/// of an elected option passes on surplus / votes of its value, rounded down). Options
/// are elected when they reach the quota; when none does, the one with fewest votes is
/// eliminated (ties as in `instant_runoff`); when the options left fill the seats left,
/// they are elected. Returns the winners in the order elected.
pub fn single_transferable_vote(options: usize, seats: usize, ballots: &[Vec<usize>]) -> Vec<usize> {
    let quota = i128::try_from(ballots.len() / (seats + 1) + 1).unwrap_or(i128::MAX) * UNIT;
    let first = tally(options, ballots, &vec![true; options]);
    // Each ballot: its preferences and its current value.
    let mut values: Vec<i128> = vec![UNIT; ballots.len()];
    let mut hopeful = vec![true; options];
    let mut elected: Vec<usize> = vec![];
    while elected.len() < seats {
        let still: Vec<usize> = (0..options).filter(|o| hopeful[*o]).collect();
        if still.is_empty() {
            break;
        }
        if still.len() <= seats - elected.len() {
            // The rest fill the seats, the strongest first.
            let counts = weighted(options, ballots, &values, &hopeful);
            let mut rest = still;
            rest.sort_by(|a, b| counts[*b].cmp(&counts[*a]).then(a.cmp(b)));
            elected.extend(rest);
            break;
        }
        let counts = weighted(options, ballots, &values, &hopeful);
        let top = still
            .iter()
            .copied()
            .max_by(|a, b| counts[*a].cmp(&counts[*b]).then(b.cmp(a)))
            .unwrap_or(0);
        if counts[top] >= quota {
            // Elected: her ballots pass on the surplus at a reduced value.
            let surplus = counts[top] - quota;
            for (i, b) in ballots.iter().enumerate() {
                if current(b, &hopeful) == Some(top) {
                    values[i] = values[i] * surplus / counts[top];
                }
            }
            hopeful[top] = false;
            elected.push(top);
        } else {
            let loser = still
                .iter()
                .copied()
                .min_by(|a, b| {
                    counts[*a]
                        .cmp(&counts[*b])
                        .then(first[*a].cmp(&first[*b]))
                        .then(b.cmp(a))
                })
                .unwrap_or(0);
            hopeful[loser] = false;
        }
    }
    elected
}

fn current(ballot: &[usize], hopeful: &[bool]) -> Option<usize> {
    ballot.iter().copied().find(|o| *o < hopeful.len() && hopeful[*o])
}

fn weighted(options: usize, ballots: &[Vec<usize>], values: &[i128], hopeful: &[bool]) -> Vec<i128> {
    let mut counts = vec![0i128; options];
    for (b, v) in ballots.iter().zip(values) {
        if let Some(o) = current(b, hopeful) {
            counts[o] += v;
        }
    }
    counts
}

/// A ranked ballot lists each option once, all of them known.
pub fn valid_ranking(ranking: &[usize], options: usize) -> bool {
    let mut seen = vec![false; options];
    !ranking.is_empty()
        && ranking.iter().all(|o| {
            if *o >= options || seen[*o] {
                false
            } else {
                seen[*o] = true;
                true
            }
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn repeat(n: usize, ranking: &[usize]) -> Vec<Vec<usize>> {
        vec![ranking.to_vec(); n]
    }

    /// The Tennessee capital example of Wikipedia's "Instant-runoff voting" article
    /// (en.wikipedia.org/wiki/Instant-runoff_voting, section "Examples"), per 100 voters:
    /// 42 Memphis > Nashville > Chattanooga > Knoxville, 26 Nashville > Chattanooga >
    /// Knoxville > Memphis, 15 Chattanooga > Knoxville > Nashville > Memphis, 17 Knoxville >
    /// Chattanooga > Nashville > Memphis. Chattanooga goes first, then Nashville; Knoxville
    /// wins with 58.
    #[test]
    fn instant_runoff_elects_knoxville() {
        let (m, n, c, k) = (0, 1, 2, 3);
        let mut ballots = repeat(42, &[m, n, c, k]);
        ballots.extend(repeat(26, &[n, c, k, m]));
        ballots.extend(repeat(15, &[c, k, n, m]));
        ballots.extend(repeat(17, &[k, c, n, m]));
        let r = instant_runoff(4, &ballots);
        assert_eq!(r.winner, Some(k));
        assert_eq!(r.rounds[0], vec![Some(42), Some(26), Some(15), Some(17)]);
        assert_eq!(r.rounds[1], vec![Some(42), Some(26), None, Some(32)]);
        assert_eq!(r.rounds[2], vec![Some(42), None, None, Some(58)]);
    }

    /// The food election of Wikipedia's "Single transferable vote" article
    /// (en.wikipedia.org/wiki/Single_transferable_vote, section "Example"): 20 voters,
    /// 3 seats, Droop quota 6. 4 Oranges; 2 Pears > Oranges; 8 Chocolate > Strawberries;
    /// 4 Chocolate > Hamburgers; 1 Strawberries; 1 Hamburgers. Chocolate is elected and its
    /// surplus of 6 goes 4 to Strawberries and 2 to Hamburgers; Pears is eliminated and
    /// elects Oranges; Hamburgers is eliminated and Strawberries takes the last seat.
    #[test]
    fn stv_elects_chocolate_oranges_and_strawberries() {
        let (o, p, c, s, h) = (0, 1, 2, 3, 4);
        let mut ballots = repeat(4, &[o]);
        ballots.extend(repeat(2, &[p, o]));
        ballots.extend(repeat(8, &[c, s]));
        ballots.extend(repeat(4, &[c, h]));
        ballots.extend(repeat(1, &[s]));
        ballots.extend(repeat(1, &[h]));
        assert_eq!(single_transferable_vote(5, 3, &ballots), vec![c, o, s]);
    }

    #[test]
    fn thresholds_and_quorum_at_their_edges() {
        assert!(!Threshold::Simple.met(5, 5), "a tie does not carry");
        assert!(Threshold::Simple.met(6, 5));
        assert!(Threshold::TwoThirds.met(2, 1));
        assert!(!Threshold::TwoThirds.met(19, 10));
        assert!(Threshold::Percent(75).met(3, 1));
        assert!(!Threshold::Percent(75).met(74, 26));
        assert!(!Threshold::Simple.met(0, 0));
        assert!(quorum_met(25, 50, 50));
        assert!(!quorum_met(24, 50, 50));
        assert!(!quorum_met(0, 0, 50));
    }

    #[test]
    fn ties_follow_the_stated_rule() {
        // Two options, one vote each: no majority; the later option (index 1) is
        // eliminated first, so option 0 wins.
        let r = instant_runoff(2, &[vec![0], vec![1]]);
        assert_eq!(r.winner, Some(0));
        assert!(valid_ranking(&[2, 0, 1], 3));
        assert!(!valid_ranking(&[0, 0], 3));
        assert!(!valid_ranking(&[3], 3));
        assert!(!valid_ranking(&[], 3));
    }

    proptest! {
        #[test]
        fn a_majority_of_first_preferences_always_wins(
            others in proptest::collection::vec(proptest::collection::vec(1usize..4, 1..4), 0..20),
        ) {
            let mut ballots: Vec<Vec<usize>> = others.clone();
            ballots.extend(repeat(others.len() + 1, &[0]));
            prop_assert_eq!(instant_runoff(4, &ballots).winner, Some(0));
        }

        #[test]
        fn stv_fills_every_seat_once(
            ballots in proptest::collection::vec(proptest::collection::vec(0usize..5, 1..5), 1..40),
            seats in 1usize..4,
        ) {
            let winners = single_transferable_vote(5, seats, &ballots);
            prop_assert!(winners.len() <= seats);
            let mut sorted = winners.clone();
            sorted.sort();
            sorted.dedup();
            prop_assert_eq!(sorted.len(), winners.len());
        }
    }
}
