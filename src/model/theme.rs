//! Themes: the stories that group work and serve objectives.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use toml::Spanned;

use super::*;

/// A narrative theme: one story that groups work and serves objectives.
#[derive(Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Theme {
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
    /// One sentence for cards and link previews; inline Markdown (code spans, emphasis,
    /// `[](@id)`) is read.
    #[serde(default)]
    pub summary: Option<String>,
    /// The objectives this theme moves.
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub serves: Vec<Ref>,
    /// The story this theme tells.
    #[serde(deserialize_with = "spanned_prose")]
    pub narrative: Prose,
    /// Who answers for it. One name or a list of names.
    #[serde(default)]
    pub owner: Option<Names>,
    /// Who answers for it above its owners: the senior sponsor of a mission, or the team that
    /// asked for it. One name or a list of names, checked like owners.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sponsor: Option<Names>,
    /// Labels for your own grouping.
    #[serde(default)]
    pub tags: Vec<String>,
    /// Lead with this entry: featured entries come first, in the order written, on the front
    /// page, the lists and the printed page.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub featured: bool,
}

impl EntryData for Theme {
    fn featured(&self) -> bool {
        self.featured
    }
    identity!(Kind::Theme);
    prose_fields!(self; narrative;);
    fn refs(&self) -> Vec<RefField<'_>> {
        refs_of("serves", &self.serves, Some(Kind::Objective)).collect()
    }
}
