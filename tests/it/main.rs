//! Integration tests: a real server on a random port, on SQLite and on PostgreSQL.

mod common;

mod api;
mod auth;
mod bad_input;
mod books_property;
mod browser;
mod cli;
mod floors;
mod governance;
mod ledger;
mod loans;
mod members;
mod notices;
mod orgs;
mod pages;
mod production;
mod production_property;
mod protection;
mod purchases;
mod reach;
mod reports;
mod sales;
mod savings;
mod scale;
mod shares;
mod surplus;
mod tenancy;
mod trust;
mod truth;
mod votes;
