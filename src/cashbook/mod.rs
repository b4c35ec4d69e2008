//! The cash book: money in or out by what it was for, for the organisation or a member.

pub mod pages;
