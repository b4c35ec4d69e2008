//! The books: a double-entry ledger per organisation with a chart made for cooperatives,
//! member sub-accounts, a tamper-evident chain of entries, the cash book, reports and
//! the member's passbook. Every capability posts its money through `post`.

pub mod api;
pub mod export;
pub mod model;
pub mod pages;
pub mod service;
pub mod store;
pub mod writer;

pub use model::{NewEntry, Posting};
pub use model::{Till, member_words};
pub use service::{
    EntryLine, Figure, Tampered, account, entry_of, member_account, member_accounts, member_balance, member_figures,
    member_position, open_books, post, verify,
};
