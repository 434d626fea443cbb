//! The strategy as users write it: the typed shape of `stratsite.toml` and `strategy/*.toml`.
//!
//! These types are the source format's contract. Every struct denies unknown keys so a typo is an
//! error rather than a silently ignored field, and every id or reference keeps its source span so
//! that later checks can point at the exact place in the file.

#[macro_use]
mod entry;

mod allow;
mod assumption;
mod change;
mod commitment;
mod constraint;
mod date;
mod horizon;
mod idea;
mod link;
mod many;
mod non_goal;
mod objective;
mod prose;
mod reading;
mod risk;
mod signal;
mod site;
mod strategy;
mod theme;
mod tier;
mod workspace;

pub use allow::*;
pub use assumption::*;
pub use change::*;
pub use commitment::*;
pub use constraint::*;
pub use date::*;
pub use entry::*;
pub use horizon::Horizon;
pub use idea::*;
pub use link::*;
pub use many::*;
pub use non_goal::*;
pub use objective::*;
pub use prose::*;
pub use reading::*;
pub use risk::*;
pub use signal::*;
pub use site::*;
pub use strategy::*;
pub use theme::*;
pub use tier::*;
pub use workspace::*;
