//! A metric as pages show it: its values in the unit they were written in, progress from the
//! baseline toward the target, and the pace against the time gone since the start.

use serde::Serialize;
use toml::Spanned;

use crate::model::{Date, Direction, Metric, Projection, State, When, with_unit};
use crate::util::text::escape;

#[derive(Serialize)]
pub struct MetricView {
    pub(super) name: String,
    pub(super) unit: String,
    baseline: String,
    /// The latest reading (or `current`), formatted; empty when there is none.
    pub(super) current: String,
    pub(super) target: String,
    pub(super) by: String,
    since: String,
    /// The day of the latest reading.
    measured: String,
    direction: &'static str,
    pub(super) progress: Option<u32>,
    pub(super) elapsed: Option<u32>,
    /// The state's key (`on-track`, `behind`, `met`, `missed`, `reached-early`, `no-reading`,
    /// `not-measured`, `measured`) and label.
    pub(super) status: &'static str,
    pub(super) status_label: &'static str,
    pub(super) summary: String,
    /// "Last measured on 2026-03-02, 264 days ago." when the latest reading is stale.
    stale: String,
    /// Where the recent trend leads, in a sentence; empty without a trend.
    projection: String,
    /// The readings, oldest first, for the table under the chart.
    readings: Vec<ReadingView>,
    /// The trend line as inline SVG (empty without two dated points), and what it shows in words.
    chart: String,
    chart_text: String,
    /// The signals that watch this metric.
    signals: Vec<Watch>,
}

/// A signal as the metric it watches shows it.
#[derive(Clone, Serialize)]
pub struct Watch {
    pub title: String,
    pub url: String,
    /// "below 72% for 2 readings in a row".
    pub threshold: String,
    pub tripped: bool,
}

impl MetricView {
    /// The view with the signals that watch the metric.
    pub fn watched_by(mut self, signals: Vec<Watch>) -> MetricView {
        self.signals = signals;
        self
    }
}

#[derive(Serialize)]
pub struct ReadingView {
    date: String,
    value: String,
    note: String,
}

impl MetricView {
    /// How far the metric has come, 0–100, when it can be told.
    pub fn progress(&self) -> Option<u32> {
        self.progress
    }

    pub fn status_label(&self) -> &'static str {
        self.status_label
    }
}

/// Progress and pace of a metric, computed once for every page that shows it.
pub fn metric_view(
    m: &Metric,
    as_of: jiff::civil::Date,
    stale_before: Option<jiff::civil::Date>,
) -> MetricView {
    let a = m.assess(as_of, stale_before);
    let direction = m.better_direction();
    let latest = a.latest;
    let fmt = |v: Option<f64>| v.map(|v| with_unit(v, &m.unit)).unwrap_or_default();
    let date = |d: &Option<Spanned<When>>| {
        d.as_ref()
            .map(|d| d.get_ref().to_string())
            .unwrap_or_default()
    };
    let value = |v: f64| with_unit(v, &m.unit);
    let toward = match (m.target, &m.by) {
        (Some(t), Some(by)) => format!(" toward {} by {}", value(t), by.get_ref()),
        (Some(t), None) => format!(" toward {}", value(t)),
        (None, Some(by)) => format!(" by {}", by.get_ref()),
        (None, None) => String::new(),
    };
    let on = |d: Option<Date>| d.map(|d| format!(" on {d}")).unwrap_or_default();
    let by = date(&m.by);
    let summary = match (a.state, latest) {
        (State::NotMeasured, _) | (_, None) if m.baseline.is_none() => {
            format!("Not measured yet{toward}")
        }
        (_, None) => format!(
            "Not measured since the baseline of {}{}{toward}",
            fmt(m.baseline),
            m.since
                .as_ref()
                .map(|s| format!(" in {}", s.get_ref()))
                .unwrap_or_default()
        ),
        (State::Met, Some((d, v))) => format!(
            "Target met: {}{}, against {} by {by}",
            value(v),
            on(d),
            fmt(m.target)
        ),
        (State::Missed, Some((d, v))) => format!(
            "Target missed: {} of {} by {by}, short by {}{}",
            value(v),
            fmt(m.target),
            fmt(a.short_by),
            d.map(|d| format!(" (last measured on {d})"))
                .unwrap_or_default()
        ),
        (State::ReachedEarly, Some((d, v))) => format!(
            "Target reached early: {}{}, against {}{}",
            value(v),
            on(a.reached_on.or(d)),
            fmt(m.target),
            if by.is_empty() {
                String::new()
            } else {
                format!(" by {by}")
            }
        ),
        (_, Some((d, v))) => {
            let from = m
                .baseline
                .map(|b| format!(", from {}", value(b)))
                .unwrap_or_default();
            format!("{} now{}{from}{toward}", value(v), on(d))
        }
    };
    let stale = match (a.stale_days, latest) {
        (Some(days), Some((Some(d), _))) => {
            format!("Last measured on {d}, {days} days ago: this may no longer be true.")
        }
        _ => String::new(),
    };
    let projection = match a.projection {
        Some(Projection::Reaches { date }) => {
            format!("At the recent rate, the target is reached around {date}.")
        }
        Some(Projection::Late { date }) => format!(
            "At the recent rate, the target is reached around {date}: not by the deadline ({by})."
        ),
        Some(Projection::Never) => {
            "At the recent rate, the target is not reached: the trend is flat or moving away from it."
                .to_owned()
        }
        None => String::new(),
    };
    let series = m.series();
    let mut readings: Vec<ReadingView> = m
        .readings
        .iter()
        .map(|r| ReadingView {
            date: r.date.to_string(),
            value: value(r.value),
            note: r.note.clone().unwrap_or_default(),
        })
        .collect();
    readings.sort_by(|a, b| a.date.cmp(&b.date));
    let (chart, chart_text) = chart(m, &series, &summary);
    MetricView {
        name: m.name.clone(),
        unit: m.unit.clone(),
        baseline: fmt(m.baseline),
        current: fmt(latest.map(|(_, v)| v)),
        target: fmt(m.target),
        by,
        since: date(&m.since),
        measured: latest
            .and_then(|(d, _)| d)
            .map(|d| d.to_string())
            .unwrap_or_default(),
        direction: match direction {
            Direction::Increase => "increase",
            Direction::Decrease => "decrease",
        },
        progress: latest
            .and_then(|(_, v)| m.progress(v))
            .map(|p| (p * 100.0).round() as u32),
        elapsed: m.elapsed(as_of).map(|e| (e * 100.0).round() as u32),
        status: a.state.key(),
        status_label: a.state.label(),
        summary,
        stale,
        projection,
        readings,
        chart,
        chart_text,
        signals: Vec::new(),
    }
}

/// The readings drawn as a line against the straight path from the baseline to the target, as
/// inline SVG; and what it shows, in words, for those who cannot see it.
fn chart(m: &Metric, series: &[(Option<Date>, f64)], summary: &str) -> (String, String) {
    let points = m.points(series);
    if points.len() < 2 {
        return (String::new(), String::new());
    }
    let plan = match (&m.since, m.baseline, &m.by, m.target) {
        (Some(s), Some(b), Some(by), Some(t)) => {
            Some(((s.get_ref().first_day(), b), (by.get_ref().last_day(), t)))
        }
        _ => None,
    };
    let days: Vec<jiff::civil::Date> = points
        .iter()
        .map(|p| p.0)
        .chain(plan.iter().flat_map(|(a, b)| [a.0, b.0]))
        .collect();
    let values: Vec<f64> = points
        .iter()
        .map(|p| p.1)
        .chain(m.target)
        .chain(m.baseline)
        .collect();
    let (Some(first), Some(last)) = (days.iter().min(), days.iter().max()) else {
        return (String::new(), String::new());
    };
    let lo = values.iter().copied().fold(f64::INFINITY, f64::min);
    let hi = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let pad = if hi > lo { (hi - lo) * 0.1 } else { 1.0 };
    let (lo, hi) = (lo - pad, hi + pad);
    let span_days = ((*last - *first).get_days() as f64).max(1.0);
    const W: f64 = 600.0;
    const H: f64 = 180.0;
    const LEFT: f64 = 8.0;
    const RIGHT: f64 = 8.0;
    const TOP: f64 = 10.0;
    const BOTTOM: f64 = 10.0;
    let x = |d: jiff::civil::Date| {
        LEFT + (d - *first).get_days() as f64 / span_days * (W - LEFT - RIGHT)
    };
    let y = |v: f64| TOP + (hi - v) / (hi - lo) * (H - TOP - BOTTOM);
    let mut svg = format!(
        "<svg class=\"trend\" viewBox=\"0 0 {W} {H}\" role=\"img\" aria-label=\"{}\">",
        escape(&format!("Trend of {}: {summary}", m.name))
    );
    if let Some(t) = m.target {
        svg.push_str(&format!(
            "<line class=\"trend-target\" x1=\"{LEFT}\" x2=\"{:.1}\" y1=\"{:.1}\" y2=\"{:.1}\"/>",
            W - RIGHT,
            y(t),
            y(t)
        ));
    }
    if let Some(((d0, v0), (d1, v1))) = plan {
        svg.push_str(&format!(
            "<line class=\"trend-plan\" x1=\"{:.1}\" y1=\"{:.1}\" x2=\"{:.1}\" y2=\"{:.1}\"/>",
            x(d0),
            y(v0),
            x(d1),
            y(v1)
        ));
    }
    let line: Vec<String> = points
        .iter()
        .map(|(d, v)| format!("{:.1},{:.1}", x(*d), y(*v)))
        .collect();
    svg.push_str(&format!(
        "<polyline class=\"trend-line\" points=\"{}\"/>",
        line.join(" ")
    ));
    for (d, v) in &points {
        svg.push_str(&format!(
            "<circle class=\"trend-point\" cx=\"{:.1}\" cy=\"{:.1}\" r=\"3.5\"/>",
            x(*d),
            y(*v)
        ));
    }
    svg.push_str("</svg>");
    let from_baseline = points.len() > series.iter().filter(|(d, _)| d.is_some()).count();
    let joined = crate::util::text::plural(points.len() - usize::from(from_baseline), "reading");
    let text = format!(
        "The line joins {}{joined}, from {} to {}{}{}.",
        if from_baseline {
            "the baseline and "
        } else {
            ""
        },
        points[0].0,
        points[points.len() - 1].0,
        plan.map(|_| "; the dashed line is the straight path from the baseline to the target")
            .unwrap_or_default(),
        m.target
            .map(|t| format!(
                ", and the level line the target of {}",
                with_unit(t, &m.unit)
            ))
            .unwrap_or_default()
    );
    (svg, text)
}

#[cfg(test)]
mod tests {
    use crate::model::{number, with_unit};

    #[test]
    fn metric_values_read_as_written() {
        for (v, shown) in [
            (90.0, "90"),
            (4.5, "4.5"),
            (99.999, "99.999"),
            (0.000123, "0.000123"),
            (-0.0, "0"),
            (-12.25, "-12.25"),
            (1e300, "1e300"),
            (1.5e-9, "1.5e-9"),
        ] {
            assert_eq!(number(v), shown, "{v}");
        }
        assert_eq!(with_unit(99.999, "%"), "99.999%");
    }
}

/// A metric in brief, as the workspace's pages show another team's: its name, state and
/// progress, never added to any other metric.
#[derive(Clone, PartialEq, Serialize)]
pub struct MetricBrief {
    pub name: String,
    pub status: &'static str,
    pub status_label: &'static str,
    pub summary: String,
    pub progress: Option<u32>,
}

impl MetricView {
    /// The view in brief.
    pub fn brief(&self) -> MetricBrief {
        MetricBrief {
            name: self.name.clone(),
            status: self.status,
            status_label: self.status_label,
            summary: self.summary.clone(),
            progress: self.progress,
        }
    }
}
