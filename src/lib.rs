//! Tejido: software for the cooperatives, unions and federations that home-based workers build.
//!
//! The table of contents: the shared layers first, then one module per capability.
#![cfg_attr(
    not(test),
    deny(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::todo)
)]

pub mod app;
pub mod config;
pub mod db;
pub mod i18n;
pub mod money;
pub mod state;
pub mod web;

pub mod audio;
pub mod auth;
pub mod cashbook;
pub mod demo;
pub mod elections;
pub mod home;
pub mod ledger;
pub mod loans;
pub mod meetings;
pub mod members;
pub mod notices;
pub mod orgs;
pub mod passbook;
pub mod production;
pub mod protection;
pub mod purchases;
pub mod reports;
pub mod sales;
pub mod savings;
pub mod shares;
pub mod surplus;
pub mod votes;
