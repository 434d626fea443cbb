//! Assumptions: what the plan takes to be true without having proven it.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use toml::Spanned;

use super::*;

/// How sure the team is of an assumption.
pub type Confidence = Level;

/// Something the plan takes to be true without having proven it.
#[derive(Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Assumption {
    /// The stable id: lowercase words joined by hyphens, unique across all entries; the permalink.
    #[schemars(with = "String")]
    pub id: Spanned<String>,
    /// The assumption, stated as a fact the plan relies on.
    #[schemars(with = "String")]
    pub title: Spanned<String>,
    /// Where the work is tracked: issues, pull or merge requests, epics, any page.
    #[serde(default)]
    pub links: Vec<TrackerLink>,
    /// More about it.
    #[serde(default, deserialize_with = "spanned_prose_opt")]
    pub detail: Option<Prose>,
    /// How sure the team is.
    #[serde(default)]
    pub confidence: Option<Confidence>,
    /// How the team will find out whether it holds.
    #[serde(default, deserialize_with = "spanned_prose_opt")]
    pub test: Option<Prose>,
    /// When the team will look at it again.
    #[serde(default)]
    #[schemars(with = "Option<When>")]
    pub review_by: Option<Spanned<When>>,
    /// The entries that stand on this assumption.
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

impl EntryData for Assumption {
    fn featured(&self) -> bool {
        self.featured
    }
    identity!(Kind::Assumption);
    prose_fields!(self; ; detail, test);
    fn refs(&self) -> Vec<RefField<'_>> {
        refs_of("affects", &self.affects, None).collect()
    }
}
