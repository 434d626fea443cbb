//! The test suite: one binary, one module per area, each test a user's action on a fixture site
//! run through the real `stratsite` binary (or, for the library's promises, its facade).
//! `tests/README.md` says how to add a test.

mod common;
mod site_test;

mod architecture;
mod browser;
mod build;
mod build_never_panics;
mod cards;
mod check;
mod generated;
mod harden;
mod help_links;
mod history;
mod lints;
mod pages;
mod reading;
mod serve;
mod structure;
mod themes_doc;
mod time;
mod tooling;
mod workflows;
mod workspace;
