//! Producing together: products with their bill of materials and route of operations,
//! piece rates set openly against the legal minimum wage, production orders split into
//! work lots for members, materials issued and reconciled, hand-ins with the receipt she
//! keeps, and every piece paid on the day promised.

pub mod api;
pub mod catalogue_pages;
pub mod model;
pub mod pages;
pub mod service;
pub mod store;

pub use pages::{work_summary, work_view};
pub use service::{Produced, Work, owed, produced, work};
