//! Commitments: the work promised inside the horizon, and where each stands.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use toml::Spanned;

use super::*;

/// Where a commitment stands.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    #[default]
    Planned,
    InProgress,
    Done,
    Dropped,
}

impl Status {
    /// Human label.
    pub fn label(self) -> &'static str {
        match self {
            Status::Planned => "Planned",
            Status::InProgress => "In progress",
            Status::Done => "Done",
            Status::Dropped => "Dropped",
        }
    }

    /// The value as written in TOML.
    pub fn key(self) -> &'static str {
        match self {
            Status::Planned => "planned",
            Status::InProgress => "in-progress",
            Status::Done => "done",
            Status::Dropped => "dropped",
        }
    }

    /// Planned or in progress: work the team is carrying now.
    pub fn is_live(self) -> bool {
        matches!(self, Status::Planned | Status::InProgress)
    }
}
/// A piece of committed work inside the horizon.
#[derive(Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Commitment {
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
    /// The theme whose story this work advances, or a list of themes: the first is its main
    /// one, the one its why-chain follows.
    #[serde(alias = "themes")]
    pub theme: Refs,
    /// Why this work, now.
    #[serde(default, deserialize_with = "spanned_prose_opt")]
    pub why: Option<Prose>,
    /// What must be true to call it done.
    #[serde(default, deserialize_with = "spanned_prose_opt")]
    pub done_when: Option<Prose>,
    /// Who answers for it. One name or a list of names.
    #[serde(default)]
    pub owner: Option<Names>,
    /// The date the work is due. Planned or in-progress work should be due inside the horizon.
    #[serde(default)]
    #[schemars(with = "Option<When>")]
    pub due: Option<Spanned<When>>,
    /// How firmly it is promised: a key of `[site] tiers`, by default `now`, `next` or `later`.
    /// Default: the first tier (`now`), the work inside the horizon.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub tier: Option<Spanned<String>>,
    /// Where it stands: planned, in-progress, done or dropped. Default: planned.
    #[serde(default)]
    pub status: Status,
    /// Other commitments that must land first.
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub depends_on: Vec<Ref>,
    /// A number the deliverable moves, when it has one: the same keys as an objective's metric.
    #[serde(default)]
    #[schemars(with = "Option<Metric>")]
    pub metric: Option<Spanned<Metric>>,
    /// A coarse estimate of its value.
    #[serde(default)]
    pub value: Option<Level>,
    /// A coarse estimate of its effort.
    #[serde(default)]
    pub effort: Option<Level>,
    /// A coarse estimate of its risk.
    #[serde(default)]
    pub risk: Option<Level>,
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

impl EntryData for Commitment {
    fn featured(&self) -> bool {
        self.featured
    }
    identity!(Kind::Commitment);
    prose_fields!(self; ; why, done_when);
    fn metrics(&self) -> Vec<&Metric> {
        self.metric.iter().map(|m| m.get_ref()).collect()
    }
    fn metrics_mut(&mut self) -> Vec<&mut Metric> {
        self.metric.iter_mut().map(|m| m.get_mut()).collect()
    }
    fn refs(&self) -> Vec<RefField<'_>> {
        let mut v: Vec<RefField<'_>> =
            refs_of("theme", self.theme.all(), Some(Kind::Theme)).collect();
        v.extend(refs_of(
            "depends_on",
            &self.depends_on,
            Some(Kind::Commitment),
        ));
        v.extend(refs_of("challenges", &self.challenges, Some(Kind::NonGoal)));
        v
    }
}
