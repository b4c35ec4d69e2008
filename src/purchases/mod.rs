//! Buying together: suppliers and their price lists, purchase rounds in which members ask
//! for raw materials, whole packs ordered and shared out by a stated rule, the supplier's
//! invoice and payment, each member charged at cost plus margin, and what she saved
//! against buying alone at retail. The raw-material stock it keeps is what production
//! issues to members' lots.

pub mod api;
pub mod model;
pub mod pages;
pub mod service;
pub mod store;
pub mod supplier_pages;

pub use service::{article, put_back_in_stock, stock_in, stock_on_hand, stock_value, take_from_stock};
pub use store::ArticleRow;
