//! Constraints: fixed conditions the team works within (a budget, a platform, a regulation, a
//! date), each with why it holds and what it rules out.
//!
//! A constraint is not an assumption (it is known to hold, not hoped to) and not a non-goal (the
//! team did not choose it): it is the ground the plan stands on, so it sits beside assumptions
//! and risks and in the one-pager.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use toml::Spanned;

use super::*;

/// A fixed condition the team works within.
#[derive(Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Constraint {
    /// The stable id: lowercase words joined by hyphens, unique across all entries; the permalink.
    #[schemars(with = "String")]
    pub id: Spanned<String>,
    /// The condition, in plain words: "Card data never leaves the payment provider".
    #[schemars(with = "String")]
    pub title: Spanned<String>,
    /// Where the work is tracked: issues, pull or merge requests, epics, any page.
    #[serde(default)]
    pub links: Vec<TrackerLink>,
    /// Why it holds: the law, the contract, the budget, the decision above the team.
    #[serde(deserialize_with = "spanned_prose")]
    pub why: Prose,
    /// What it rules out.
    #[serde(default, deserialize_with = "spanned_prose_opt")]
    pub rules_out: Option<Prose>,
    /// The entries it bears on.
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

impl EntryData for Constraint {
    fn featured(&self) -> bool {
        self.featured
    }
    identity!(Kind::Constraint);
    prose_fields!(self; why; rules_out);
    fn refs(&self) -> Vec<RefField<'_>> {
        refs_of("affects", &self.affects, None).collect()
    }
}
