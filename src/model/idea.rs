//! Ideas: options in the parking lot, not promises.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use toml::Spanned;

use super::*;

/// An idea in the parking lot: an option, not a promise.
#[derive(Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Idea {
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
    /// The theme the idea would belong to, if taken up, or a list of themes (the first is the
    /// main one).
    #[serde(default, alias = "themes")]
    pub theme: Option<Refs>,
    /// What the idea is and what it might bring.
    #[serde(default, deserialize_with = "spanned_prose_opt")]
    pub pitch: Option<Prose>,
    /// A coarse estimate of its value.
    #[serde(default)]
    pub value: Option<Level>,
    /// A coarse estimate of its effort.
    #[serde(default)]
    pub effort: Option<Level>,
    /// Non-goals this entry goes against, said openly: the team means to reopen them. The
    /// `contradicts-non-goal` lint reports each until the non-goal is retired (or the lint is
    /// allowed for this entry, with a reason).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[schemars(with = "Vec<String>")]
    pub challenges: Vec<Ref>,
    /// Labels for your own grouping.
    #[serde(default)]
    pub tags: Vec<String>,
    /// Lead with this entry: featured entries come first, in the order written, on the front
    /// page, the lists and the printed page.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub featured: bool,
}

impl EntryData for Idea {
    fn featured(&self) -> bool {
        self.featured
    }
    identity!(Kind::Idea);
    prose_fields!(self; ; pitch);
    fn refs(&self) -> Vec<RefField<'_>> {
        self.theme
            .iter()
            .flat_map(|t| refs_of("theme", t.all(), Some(Kind::Theme)))
            .chain(refs_of("challenges", &self.challenges, Some(Kind::NonGoal)))
            .collect()
    }
}
