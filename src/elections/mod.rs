//! Elections of officers: offices with seats, term length and a limit of consecutive
//! terms; nominations of eligible members; voting by single transferable vote or
//! plurality through a secret proposal; winners seated with term dates; the history of
//! who held which office and the leadership page (rotation, women, first-time leaders).

pub mod api;
pub mod model;
pub mod pages;
pub mod service;
pub mod store;
