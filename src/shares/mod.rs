//! Share capital: subscriptions at par within the bylaws' limits, payments by
//! instalments, transfers and redemptions approved by a leader, the numbered register
//! that cannot be edited, certificates, a register imported from CSV, and a member's exit.

pub mod api;
pub mod model;
pub mod pages;
pub mod service;
pub mod store;
