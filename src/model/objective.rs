//! Objectives, the north stars, and their metrics.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use toml::Spanned;

use super::*;

/// Which way a metric should move.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Direction {
    /// Higher is better.
    Increase,
    /// Lower is better.
    Decrease,
}

impl Metric {
    /// The better way for the metric to move: as written, else toward the target from the
    /// baseline (increase when that is unknown).
    pub fn better_direction(&self) -> Direction {
        self.direction
            .unwrap_or(match (self.baseline, self.target) {
                (Some(b), Some(t)) if t < b => Direction::Decrease,
                _ => Direction::Increase,
            })
    }
}

/// The measurable target of an objective: baseline → current → target, by a date.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Metric {
    /// What is measured, e.g. "median time to find a product".
    pub name: String,
    /// The unit, e.g. `s`, `%`, `€`.
    #[serde(default)]
    pub unit: String,
    /// The value when the objective was set.
    #[serde(default)]
    pub baseline: Option<f64>,
    /// The latest measured value.
    #[serde(default)]
    pub current: Option<f64>,
    /// The value that means the objective is met.
    #[serde(default)]
    pub target: Option<f64>,
    /// The date by which the target should be reached.
    #[serde(default)]
    #[schemars(with = "Option<When>")]
    pub by: Option<Spanned<When>>,
    /// The date the baseline was measured (the start of the objective's clock).
    #[serde(default)]
    #[schemars(with = "Option<When>")]
    pub since: Option<Spanned<When>>,
    /// The date `current` was measured.
    #[serde(default)]
    pub measured: Option<Date>,
    /// Which direction is better; inferred from baseline and target when omitted.
    #[serde(default)]
    pub direction: Option<Direction>,
    /// The readings over time, one `[[objective.metric.reading]]` each (`date`, `value`,
    /// `note`); the latest is the current value. Readings in a CSV file are added here as the
    /// site is loaded.
    #[serde(default, rename(deserialize = "reading", serialize = "readings"))]
    #[schemars(rename = "reading")]
    pub readings: Vec<Reading>,
    /// Readings kept in a CSV file in the site folder: `readings = { file = "data/x.csv" }`,
    /// with `date,value[,note]` rows.
    #[serde(default, rename = "readings", skip_serializing)]
    pub readings_file: Option<ReadingsFile>,
}

/// One metric, or a list of them (the schema's view of `metric`; the loader reads a single
/// table as a list of one).
#[derive(JsonSchema)]
#[serde(untagged)]
#[allow(dead_code)]
enum MetricOrList {
    One(Metric),
    Several(Vec<Metric>),
}

/// A north-star objective: an outcome in customer or business language, with a metric.
#[derive(Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Objective {
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
    /// The story of why this matters now.
    #[serde(deserialize_with = "spanned_prose")]
    pub why: Prose,
    /// How the team will know: none, one or several metrics (key results), each from a
    /// baseline to a target by a date. Written as one `[objective.metric]` table or several
    /// `[[objective.metric]]` tables.
    #[serde(default, rename(deserialize = "metric", serialize = "metrics"))]
    #[schemars(rename = "metric", with = "MetricOrList")]
    pub metrics: Vec<Spanned<Metric>>,
    /// For an outcome without a number: the evidence the team will look at to know it is
    /// getting there (what users say, what is published, what partners do).
    #[serde(default, deserialize_with = "spanned_prose_opt")]
    pub evidence: Option<Prose>,
    /// Who answers for it. One name or a list of names.
    #[serde(default)]
    pub owner: Option<Names>,
    /// Who answers for it above its owners: the senior sponsor of a mission, or the team that
    /// asked for it. One name or a list of names, checked like owners.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sponsor: Option<Names>,
    /// The objectives one level up that this one contributes to, each qualified by the team
    /// (or parent) that holds it: `["org:finish-the-order"]`. Checked when the workspace is.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[schemars(with = "Vec<String>")]
    pub aligns_to: Vec<Spanned<String>>,
    /// Labels for your own grouping.
    #[serde(default)]
    pub tags: Vec<String>,
    /// Lead with this entry: featured entries come first, in the order written, on the front
    /// page, the lists and the printed page.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub featured: bool,
}

impl EntryData for Objective {
    fn featured(&self) -> bool {
        self.featured
    }
    identity!(Kind::Objective);
    prose_fields!(self; why; evidence);
    fn refs(&self) -> Vec<RefField<'_>> {
        Vec::new()
    }
    fn metrics(&self) -> Vec<&Metric> {
        self.metrics.iter().map(|m| m.get_ref()).collect()
    }
    fn metrics_mut(&mut self) -> Vec<&mut Metric> {
        self.metrics.iter_mut().map(|m| m.get_mut()).collect()
    }
}
