//! stratsite turns a strategy written in TOML into a narrative website.
//!
//! Data flows one way: files are [`load`]ed into a typed [`load::Strategy`], [`validate`]d into
//! [`diagnostics`], planned into pages and rendered into a sink: a staging folder that `build`
//! swaps into place, or the memory that `serve` answers from.

// Diagnostics are returned only on the cold path of a failed step; boxing them buys nothing.
#![allow(clippy::result_large_err)]

pub mod build;
pub mod check;
pub mod cli;
pub mod diagnostics;
pub mod highlight;
pub mod init;
pub mod json;
pub mod lints;
pub mod load;
pub mod markdown;
pub mod model;
pub mod output;
pub mod plan;
pub mod render;
pub mod report;
pub mod schema;
pub mod serve;
pub mod source;
pub mod theme;
pub mod validate;
