//! The member's passbook: one page in her language with her shares, savings, loans and
//! what she owes and is owed, every line with its date and running balance.

pub mod api;
pub mod pages;
pub mod service;
