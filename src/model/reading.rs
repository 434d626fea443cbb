//! A metric over time: its dated readings, and what they say as of a day: the state the metric
//! is in (measured or not, met, missed, crossed early, stale) and where the recent trend leads.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use toml::Spanned;

use super::{Date, Direction, Metric};

/// One measurement of a metric: `[[objective.metric.reading]]`, or a row of its CSV file.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Reading {
    /// The day it was measured.
    pub date: Date,
    /// The value measured, in the metric's unit.
    pub value: f64,
    /// What moved it, in a few words.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// `readings = { file = "data/completion.csv" }`: readings kept in a CSV file in the site
/// folder, one `date,value[,note]` row each.
#[derive(Clone, Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ReadingsFile {
    /// The CSV file's path, relative to the site folder.
    #[schemars(with = "String")]
    pub file: Spanned<String>,
}

/// The readings a projection is drawn from: the most recent few, so that an old slope does not
/// hide a recent change.
pub const TREND_READINGS: usize = 4;

/// Where a metric stands as of a day, in the words the pages use.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum State {
    /// Neither a baseline nor a reading.
    NotMeasured,
    /// A baseline, and no reading since.
    #[serde(rename = "no-reading")]
    NoReadingSinceBaseline,
    /// The deadline has passed and the latest reading meets the target.
    Met,
    /// The deadline has passed and the latest reading falls short.
    Missed,
    /// A reading met the target before the deadline.
    ReachedEarly,
    /// Progress keeps up with the time gone.
    OnTrack,
    /// Progress lags the time gone.
    Behind,
    /// Measured, but without what pace needs (a target, or the dates).
    Measured,
}

impl State {
    pub fn key(self) -> &'static str {
        match self {
            State::NotMeasured => "not-measured",
            State::NoReadingSinceBaseline => "no-reading",
            State::Met => "met",
            State::Missed => "missed",
            State::ReachedEarly => "reached-early",
            State::OnTrack => "on-track",
            State::Behind => "behind",
            State::Measured => "measured",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            State::NotMeasured => "Not measured yet",
            State::NoReadingSinceBaseline => "Not measured since the baseline",
            State::Met => "Target met",
            State::Missed => "Target missed",
            State::ReachedEarly => "Target reached early",
            State::OnTrack => "On track",
            State::Behind => "Behind pace",
            State::Measured => "Pace unknown",
        }
    }
}

/// Where the recent trend leads.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
#[serde(tag = "outcome", rename_all = "kebab-case")]
pub enum Projection {
    /// At this rate the target is reached on `date`, by the deadline (or with none).
    Reaches { date: Date },
    /// At this rate the target is reached on `date`, after the deadline.
    Late { date: Date },
    /// The trend is flat or moves away from the target.
    Never,
}

/// What a metric's readings say as of a day.
#[derive(Clone, Debug, Serialize)]
pub struct Assessment {
    pub state: State,
    /// The latest reading: its day (unknown for a `current` without `measured`) and value.
    pub latest: Option<(Option<Date>, f64)>,
    /// The day of the first reading that met the target, when one did.
    pub reached_on: Option<Date>,
    /// For a missed target: how far the latest reading is from it, in the metric's unit.
    pub short_by: Option<f64>,
    /// Days since the latest reading, when that is more than the site allows and the deadline
    /// has not passed.
    pub stale_days: Option<i64>,
    pub projection: Option<Projection>,
}

impl Metric {
    /// The readings in date order, `current` (dated `measured`) counting as one when there are
    /// no others.
    pub fn series(&self) -> Vec<(Option<Date>, f64)> {
        if self.readings.is_empty() {
            return self
                .current
                .map(|c| (self.measured, c))
                .into_iter()
                .collect();
        }
        let mut v: Vec<(Option<Date>, f64)> = self
            .readings
            .iter()
            .map(|r| (Some(r.date), r.value))
            .collect();
        v.sort_by_key(|(d, _)| *d);
        v
    }

    /// Whether `value` meets the target, judged in the better direction.
    pub fn meets(&self, value: f64) -> Option<bool> {
        let t = self.target?;
        Some(match self.better_direction() {
            Direction::Increase => value >= t,
            Direction::Decrease => value <= t,
        })
    }

    /// What the readings say as of `today`; a reading older than `stale_before` is stale.
    pub fn assess(
        &self,
        today: jiff::civil::Date,
        stale_before: Option<jiff::civil::Date>,
    ) -> Assessment {
        let series = self.series();
        let latest = series.last().copied();
        let reached_on = series
            .iter()
            .find(|(_, v)| self.meets(*v) == Some(true))
            .and_then(|(d, _)| *d);
        let deadline = self.by.as_ref().map(|b| b.get_ref().last_day());
        let passed = deadline.is_some_and(|d| d < today);
        // Once the deadline has passed the question is settled: no reading is stale.
        let stale_days = match (latest, stale_before) {
            (Some((Some(d), _)), Some(before)) if d.0 < before && !passed => {
                Some((today - d.0).get_days() as i64)
            }
            _ => None,
        };
        let mut short_by = None;
        let state = match latest {
            None if self.baseline.is_some() => State::NoReadingSinceBaseline,
            None => State::NotMeasured,
            Some((_, v)) => match self.meets(v) {
                Some(true) if passed => State::Met,
                Some(true) => State::ReachedEarly,
                Some(false) if passed => {
                    short_by = self.target.map(|t| (t - v).abs());
                    State::Missed
                }
                _ => match (self.progress(v), self.elapsed(today)) {
                    (Some(p), Some(e)) if p + 0.05 >= e => State::OnTrack,
                    (Some(_), Some(_)) => State::Behind,
                    _ => State::Measured,
                },
            },
        };
        let projection = match state {
            State::OnTrack | State::Behind | State::Measured => self.project(&series, deadline),
            _ => None,
        };
        Assessment {
            state,
            latest,
            reached_on,
            short_by,
            stale_days,
            projection,
        }
    }

    /// How far `value` has come from the baseline toward the target, 0 to 1.
    pub fn progress(&self, value: f64) -> Option<f64> {
        match (self.baseline, self.target) {
            (Some(b), Some(t)) if t != b => Some(((value - b) / (t - b)).clamp(0.0, 1.0)),
            _ => None,
        }
    }

    /// How much of the time from `since` to `by` has gone, 0 to 1.
    pub fn elapsed(&self, today: jiff::civil::Date) -> Option<f64> {
        let start = self.since.as_ref()?.get_ref().first_day();
        let end = self.by.as_ref()?.get_ref().last_day();
        let total = (end - start).get_days() as f64;
        let gone = (today - start).get_days() as f64;
        (total > 0.0).then(|| (gone / total).clamp(0.0, 1.0))
    }

    /// The points a trend is drawn through: the baseline on `since`, then the dated readings.
    pub fn points(&self, series: &[(Option<Date>, f64)]) -> Vec<(jiff::civil::Date, f64)> {
        let start = match (&self.since, self.baseline) {
            (Some(s), Some(b)) => Some((s.get_ref().first_day(), b)),
            _ => None,
        };
        start
            .into_iter()
            .chain(series.iter().filter_map(|(d, v)| d.map(|d| (d.0, *v))))
            .collect()
    }

    /// Where the trend of the last few points leads: a least-squares line through them, and
    /// the day it crosses the target.
    fn project(
        &self,
        series: &[(Option<Date>, f64)],
        deadline: Option<jiff::civil::Date>,
    ) -> Option<Projection> {
        let target = self.target?;
        let points = self.points(series);
        let recent = &points[points.len().saturating_sub(TREND_READINGS)..];
        if recent.len() < 2 {
            return None;
        }
        let origin = recent[0].0;
        let xs: Vec<f64> = recent
            .iter()
            .map(|(d, _)| (*d - origin).get_days() as f64)
            .collect();
        let n = xs.len() as f64;
        let mean_x = xs.iter().sum::<f64>() / n;
        let mean_y = recent.iter().map(|(_, v)| v).sum::<f64>() / n;
        let sxx: f64 = xs.iter().map(|x| (x - mean_x).powi(2)).sum();
        if sxx == 0.0 {
            return None;
        }
        let sxy: f64 = xs
            .iter()
            .zip(recent)
            .map(|(x, (_, y))| (x - mean_x) * (y - mean_y))
            .sum();
        let slope = sxy / sxx;
        let (last_day, _) = *recent.last()?;
        let toward = match self.better_direction() {
            Direction::Increase => slope > 0.0,
            Direction::Decrease => slope < 0.0,
        };
        if !toward || !slope.is_finite() {
            return Some(Projection::Never);
        }
        // From the line's value on the last day, days until it meets the target.
        let at_last = mean_y + slope * ((last_day - origin).get_days() as f64 - mean_x);
        let days = ((target - at_last) / slope).max(0.0).ceil();
        // Past a century the date means nothing: the trend does not get there.
        if !(0.0..36_500.0).contains(&days) {
            return Some(Projection::Never);
        }
        let date = last_day
            .checked_add(jiff::Span::new().days(days as i64))
            .ok()
            .map(Date)?;
        Some(match deadline {
            Some(d) if date.0 > d => Projection::Late { date },
            _ => Projection::Reaches { date },
        })
    }
}

/// Formats a metric value as it was written: `90`, `4.5`, `99.999`, `0.00012`; with an
/// exponent when it is too large or small to read in full (`1e30`).
pub fn number(v: f64) -> String {
    let magnitude = v.abs();
    if v == 0.0 {
        "0".to_owned()
    } else if !(1e-6..1e15).contains(&magnitude) {
        format!("{v:e}")
    } else {
        v.to_string()
    }
}

pub fn with_unit(v: f64, unit: &str) -> String {
    match unit {
        "" => number(v),
        "%" => format!("{}%", number(v)),
        u => format!("{} {u}", number(v)),
    }
}
