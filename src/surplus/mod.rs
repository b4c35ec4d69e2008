//! Year-end surplus sharing: close the year, set aside the reserve and the education fund,
//! pay limited interest on shares, and return the rest to members by patronage.

pub mod model;
pub mod pages;
pub mod service;
mod store;
