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
    #[schemars(with = "Option<When>")]
    pub review_by: Option<Spanned<When>>,
    /// The metric the signal watches: `"objective-id"` when the objective has one metric, or
    /// `"objective-id.metric-name"` (the name in lowercase words joined by hyphens) among
    /// several; a commitment's id names its metric.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub metric: Option<Spanned<String>>,
    /// The signal trips when the metric's readings fall below this value...
    #[serde(default)]
    #[schemars(with = "Option<f64>")]
    pub below: Option<Spanned<f64>>,
    /// ...or rise above it.
    #[serde(default)]
    #[schemars(with = "Option<f64>")]
    pub above: Option<Spanned<f64>>,
    /// For how many readings in a row (default 1).
    #[serde(default, rename = "for")]
    #[schemars(rename = "for", with = "Option<u32>")]
    pub for_readings: Option<Spanned<u32>>,
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
    fn as_signal(&self) -> Option<&Signal> {
        Some(self)
    }
    fn refs(&self) -> Vec<RefField<'_>> {
        refs_of("affects", &self.affects, None).collect()
    }
}

/// A signal that tripped: the readings that crossed its threshold.
#[derive(Clone, Debug, Serialize)]
pub struct Tripped {
    /// The first and the last day of the run of readings past the threshold.
    pub since: Date,
    pub latest: Date,
    /// The latest reading's value.
    pub value: f64,
}

impl Signal {
    /// The threshold as a sentence: "below 72 for 2 readings in a row".
    pub fn threshold(&self, unit: &str) -> Option<String> {
        let (side, v) = match (&self.below, &self.above) {
            (Some(b), _) => ("below", *b.get_ref()),
            (None, Some(a)) => ("above", *a.get_ref()),
            (None, None) => return None,
        };
        let value = with_unit(v, unit);
        Some(match self.readings_in_a_row() {
            1 => format!("{side} {value}"),
            n => format!("{side} {value} for {n} readings in a row"),
        })
    }

    fn readings_in_a_row(&self) -> usize {
        self.for_readings
            .as_ref()
            .map_or(1, |n| (*n.get_ref()).max(1) as usize)
    }

    /// Whether the metric's latest readings have crossed the threshold, as many in a row as the
    /// signal asks.
    pub fn trips(&self, m: &Metric) -> Option<Tripped> {
        let crossed = |v: f64| match (&self.below, &self.above) {
            (Some(b), _) => v < *b.get_ref(),
            (None, Some(a)) => v > *a.get_ref(),
            (None, None) => false,
        };
        let n = self.readings_in_a_row();
        let series = m.series();
        if series.len() < n {
            return None;
        }
        let run = &series[series.len() - n..];
        if !run.iter().all(|(_, v)| crossed(*v)) {
            return None;
        }
        let (first, last) = (run.first()?, run.last()?);
        Some(Tripped {
            since: first.0?,
            latest: last.0?,
            value: last.1,
        })
    }
}

/// The metric a signal's `metric = "…"` names, if it names one that exists: the entry that
/// carries it, and the metric.
pub fn watched_metric<'a>(strategy: &'a Strategy, reference: &str) -> Option<WatchedMetric<'a>> {
    let (id, name) = match reference.split_once('.') {
        Some((id, name)) => (id, Some(name)),
        None => (reference, None),
    };
    let pick = |metrics: Vec<&'a Metric>| -> Option<(usize, &'a Metric)> {
        match name {
            None if metrics.len() == 1 => Some((0, metrics[0])),
            None => None,
            Some(n) => metrics
                .into_iter()
                .enumerate()
                .find(|(_, m)| crate::util::text::slugify(&m.name) == n),
        }
    };
    if let Some(o) = strategy.objectives.iter().find(|o| o.id.get_ref() == id) {
        let (index, metric) = pick(o.metrics.iter().map(|m| m.get_ref()).collect())?;
        return Some(WatchedMetric {
            kind: Kind::Objective,
            id: o.id.get_ref(),
            index,
            metric,
        });
    }
    let c = strategy.commitments.iter().find(|c| c.id.get_ref() == id)?;
    let (index, metric) = pick(c.metric.iter().map(|m| m.get_ref()).collect())?;
    Some(WatchedMetric {
        kind: Kind::Commitment,
        id: c.id.get_ref(),
        index,
        metric,
    })
}

/// A metric a signal watches.
pub struct WatchedMetric<'a> {
    /// The entry that carries it, and its place among the entry's metrics.
    pub kind: Kind,
    pub id: &'a str,
    pub index: usize,
    pub metric: &'a Metric,
}

/// How a signal names each metric of an entry: `id`, or `id.metric-name` among several.
pub fn metric_references(id: &str, metrics: &[&Metric]) -> Vec<String> {
    if metrics.len() == 1 {
        return vec![id.to_owned()];
    }
    metrics
        .iter()
        .map(|m| format!("{id}.{}", crate::util::text::slugify(&m.name)))
        .collect()
}
