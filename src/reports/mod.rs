//! Reports of the books for any period, each one table that shows on screen, prints, and
//! downloads as CSV or XLSX: journal, account ledger, trial balance, income statement,
//! balance sheet, cash-flow summary and the loans portfolio.

pub mod api;
pub mod model;
pub mod pages;
pub mod service;
mod store;

pub use model::{Cell, Kind, Report, Row};
