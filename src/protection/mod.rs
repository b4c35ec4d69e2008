//! Social protection beside livelihood: the schemes an organisation offers or helps its
//! members reach, who may join them (rules as data), what each member pays and when,
//! her enrolment step by step, and the contributions collected and remitted through the
//! books.

pub mod api;
pub mod model;
pub mod pages;
pub mod service;
pub mod store;
