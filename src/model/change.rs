//! Changes: the named log of how the strategy moved.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use toml::Spanned;

use super::*;

/// A named change to the strategy: what changed, when and why.
#[derive(Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Change {
    /// The stable id: lowercase words joined by hyphens, unique across all entries; the permalink.
    #[schemars(with = "String")]
    pub id: Spanned<String>,
    /// What changed.
    #[schemars(with = "String")]
    pub title: Spanned<String>,
    /// Where the work is tracked: issues, pull or merge requests, epics, any page.
    #[serde(default)]
    pub links: Vec<TrackerLink>,
    /// When it changed.
    pub date: Date,
    /// Why it changed.
    #[serde(default, deserialize_with = "spanned_prose_opt")]
    pub why: Option<Prose>,
    /// The entries this change touched.
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub affects: Vec<Ref>,
    /// What it was before, as shown on the page, e.g. "82%" or "2026-12-11".
    #[serde(default)]
    pub from: Option<String>,
    /// What it is now, e.g. "80%".
    #[serde(default)]
    pub to: Option<String>,
}

impl EntryData for Change {
    identity!(Kind::Change);
    prose_fields!(self; ; why);
    fn refs(&self) -> Vec<RefField<'_>> {
        refs_of("affects", &self.affects, None).collect()
    }
}
