//! Buying together: suppliers and their price lists, purchase rounds in which members ask
//! for raw materials, whole packs ordered and shared out by a stated rule, the supplier's
//! invoice and payment, each member charged at cost plus margin, and what she saved
//! against buying alone at retail.

pub mod api;
pub mod model;
pub mod pages;
pub mod service;
pub mod store;
pub mod supplier_pages;
