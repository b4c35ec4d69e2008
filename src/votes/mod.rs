//! Proposals and votes, one member one vote: yes/no/abstain, single choice, multiple choice
//! (at most k) and ranked choice (instant run-off), open or secret ballots, a voting window,
//! participation quorum and majority threshold, counts from the room added to the online
//! votes, and results that say whether the proposal carried.

pub mod api;
pub mod model;
pub mod pages;
pub mod service;
mod store;

pub use service::{open_for, remind_closing};
