//! Savings (thrift): deposits and withdrawals per member, the bylaws' minimum balance and
//! withdrawal notice, and interest credited to every saver at the end of a period.

pub mod api;
pub mod model;
pub mod pages;
pub mod service;
mod store;

pub use service::{check_withdrawal, notices_of, use_notice};
