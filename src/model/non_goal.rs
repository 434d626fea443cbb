//! Non-goals: what the team has decided not to do, and why.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use toml::Spanned;

use super::*;

/// A non-goal: something the team has decided not to do, and why.
#[derive(Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NonGoal {
    /// The stable id: lowercase words joined by hyphens, unique across all entries; the permalink.
    #[schemars(with = "String")]
    pub id: Spanned<String>,
    /// The thing the team will not do.
    #[schemars(with = "String")]
    pub title: Spanned<String>,
    /// Where the work is tracked: issues, pull or merge requests, epics, any page.
    #[serde(default)]
    pub links: Vec<TrackerLink>,
    /// Why the team will not do it.
    #[serde(deserialize_with = "spanned_prose")]
    pub why: Prose,
    /// What would make the team look at it again.
    #[serde(default, deserialize_with = "spanned_prose_opt")]
    pub reconsider_when: Option<Prose>,
    /// Labels for your own grouping.
    #[serde(default)]
    pub tags: Vec<String>,
    /// Lead with this entry: featured entries come first, in the order written, on the front
    /// page, the lists and the printed page.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub featured: bool,
}
impl EntryData for NonGoal {
    fn featured(&self) -> bool {
        self.featured
    }
    identity!(Kind::NonGoal);
    prose_fields!(self; why; reconsider_when);
    fn refs(&self) -> Vec<RefField<'_>> {
        Vec::new()
    }
}
