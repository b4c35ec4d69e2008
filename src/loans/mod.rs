//! The revolving loan fund: products, applications approved by leaders, disbursement with
//! a schedule, repayments (interest first), arrears and portfolio at risk, write-offs.

pub mod api;
pub mod model;
pub mod pages;
pub mod service;
mod store;

pub use service::{Position, instalment_due, of_member, oldest_open, repay_from};
