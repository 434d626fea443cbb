//! Risks, accepted on purpose or mitigated.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use toml::Spanned;

use super::*;

/// How the team handles a risk.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Response {
    /// Taken on purpose: the team will live with it.
    Accepted,
    /// Reduced by the mitigation described.
    Mitigated,
}

/// A risk, accepted on purpose or mitigated.
#[derive(Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Risk {
    /// The stable id: lowercase words joined by hyphens, unique across all entries; the permalink.
    #[schemars(with = "String")]
    pub id: Spanned<String>,
    /// The title, in plain words; inline Markdown (code spans, emphasis, `[](@id)`) is read. Change
    /// it freely; the id stays.
    #[schemars(with = "String")]
    pub title: Spanned<String>,
    /// Where the work is tracked: issues, pull or merge requests, epics, any page.
    #[serde(default)]
    pub links: Vec<TrackerLink>,
    /// More about it.
    #[serde(default, deserialize_with = "spanned_prose_opt")]
    pub detail: Option<Prose>,
    /// `accepted`: the team lives with it, on purpose; `mitigated`: the team reduces it.
    #[schemars(with = "Response")]
    pub response: Spanned<Response>,
    /// What the team does about it; required when `response = "mitigated"`.
    #[serde(default, deserialize_with = "spanned_prose_opt")]
    pub mitigation: Option<Prose>,
    /// How likely it is.
    #[serde(default)]
    pub likelihood: Option<Level>,
    /// How bad it would be.
    #[serde(default)]
    pub impact: Option<Level>,
    /// The ids of the entries this risk threatens (any kind).
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

impl EntryData for Risk {
    fn featured(&self) -> bool {
        self.featured
    }
    identity!(Kind::Risk);
    prose_fields!(self; ; detail, mitigation);
    fn refs(&self) -> Vec<RefField<'_>> {
        refs_of("affects", &self.affects, None).collect()
    }
}
