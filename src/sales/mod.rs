//! Selling together: prices per kind of buyer with their history, finished goods sold at a
//! market stall or a fair from a quick sheet (each sale counted once, by the id its sheet
//! was opened with), and a light public shopfront whose links show a picture and a price.

pub mod api;
pub mod model;
pub mod order_api;
pub mod order_pages;
pub mod pages;
pub mod service;
pub mod shop_pages;
pub mod store;
