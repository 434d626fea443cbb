//! Signals: what would change the plan, written down before the news arrives.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use toml::Spanned;

use super::*;

/// A signal that would change the plan, written down before the news arrives.
#[derive(Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Signal {
    /// The stable id: lowercase words joined by hyphens, unique across all entries; the permalink.
    #[schemars(with = "String")]
    pub id: Spanned<String>,
    /// What we watch for.
    #[schemars(with = "String")]
    pub title: Spanned<String>,
    /// Where the work is tracked: issues, pull or merge requests, epics, any page.
    #[serde(default)]
    pub links: Vec<TrackerLink>,
    /// More about it.
    #[serde(default, deserialize_with = "spanned_prose_opt")]
    pub detail: Option<Prose>,
    /// What we would do if we saw it.
    #[serde(deserialize_with = "spanned_prose")]
    pub then: Prose,
    /// When the team will look at it again.
    #[serde(default)]
    #[schemars(with = "Option<Date>")]
    pub review_by: Option<Spanned<Date>>,
    /// The ids of the entries the signal would change (any kind).
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub affects: Vec<Ref>,
    /// Labels for your own grouping.
    #[serde(default)]
    pub tags: Vec<String>,
    /// Lead with this entry: featured entries come first, in the order written, on the front
    /// page, the lists and the printed page.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub featured: bool,
}

impl EntryData for Signal {
    fn featured(&self) -> bool {
        self.featured
    }
    identity!(Kind::Signal);
    prose_fields!(self; then; detail);
    fn refs(&self) -> Vec<RefField<'_>> {
        refs_of("affects", &self.affects, None).collect()
    }
}
