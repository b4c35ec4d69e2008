//! Meetings: general assemblies and board meetings with their agenda and documents,
//! notices queued to members, attendance at the door or by the member herself, proxies
//! within the bylaws, quorum shown live, minutes, and decisions against agenda items.

pub mod api;
pub mod model;
pub mod pages;
pub mod service;
pub mod store;
