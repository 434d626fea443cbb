//! stratsite turns a strategy written in TOML into a narrative website.
//!
//! Data flows one way, and the folders read as the pipeline (`docs/ARCHITECTURE.md` draws it):
//!
//! ```text
//! files ──load──▶ model::Strategy ──check──▶ diagnostics
//!                        │
//!                        └──site──▶ site::Plan ──render──▶ output (a staging folder or memory)
//! ```
//!
//! `util`, `source`, `diagnostics` and `markdown` are the ground floor: they know nothing of
//! strategies. `pipeline` runs check, plan and render in one call; `serve`, `init` and the
//! command line (`cli`) sit on top. Every module uses only the ones below it.

// Diagnostics are returned only on the cold path of a failed step; boxing them buys nothing.
#![allow(clippy::result_large_err)]

mod util;

mod diagnostics;
mod markdown;
mod source;

mod model;

mod load;

mod check;
mod history;

mod workspace;

mod site;

mod export;
mod output;
mod render;

mod pipeline;

mod init;
mod serve;

mod cli;

#[doc(hidden)]
pub mod fuzzing;

pub use check::lints::{LINTS, Level as LintLevel, Lint};
pub use check::{Checked, Dates, check};
pub use cli::{command, main};
pub use diagnostics::{Diagnostic, Severity, render_plain};
pub use export::schema::{schema, schema_json};
pub use history::{Commit, Event, History, NoHistory, Repo, history};
pub use init::files as scaffold_files;
pub use model::Kind;
pub use output::MemorySite;
pub use pipeline::{Built, build_site};
pub use site::Options;
pub use util::text::is_slug;
