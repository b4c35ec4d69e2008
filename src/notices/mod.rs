//! Notices that reach her: queued in the same transaction as the event they tell of,
//! sent by a background sender through pluggable gateways (SMS, WhatsApp, email, a log),
//! once each even with several servers, retried with backoff, held through quiet hours
//! and a spent budget, stopped by her choice or a STOP reply, and on a shared phone
//! saying only that there is news for her.

pub mod api;
pub mod gateway;
pub mod model;
pub mod pages;
pub mod service;
pub mod store;

pub use gateway::{Gateway, Gateways};
pub use model::{Channel, Kind};
pub use service::{Report, queue, queued_for, send_due};
