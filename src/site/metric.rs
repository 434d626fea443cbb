//! A metric as pages show it: its values in the unit they were written in, progress from the
//! baseline toward the target, and the pace against the time gone since the start.

use serde::Serialize;
use toml::Spanned;

use crate::model::{Direction, Metric, When};

#[derive(Serialize)]
pub struct MetricView {
    name: String,
    unit: String,
    baseline: String,
    current: String,
    target: String,
    by: String,
    since: String,
    measured: String,
    direction: &'static str,
    progress: Option<u32>,
    elapsed: Option<u32>,
    status: &'static str,
    status_label: &'static str,
    summary: String,
}

/// Progress and pace of a metric, computed once for every page that shows it.
pub fn metric_view(m: &Metric, as_of: jiff::civil::Date) -> MetricView {
    let direction = m.better_direction();
    let progress = match (m.baseline, m.current, m.target) {
        (Some(b), Some(c), Some(t)) if t != b => Some(((c - b) / (t - b)).clamp(0.0, 1.0)),
        _ => None,
    };
    let elapsed = match (&m.since, &m.by) {
        (Some(s), Some(b)) => {
            let total = (b.get_ref().last_day() - s.get_ref().first_day()).get_days() as f64;
            let gone = (as_of - s.get_ref().first_day()).get_days() as f64;
            (total > 0.0).then(|| (gone / total).clamp(0.0, 1.0))
        }
        _ => None,
    };
    let achieved = match (m.current, m.target) {
        (Some(c), Some(t)) => match direction {
            Direction::Increase => c >= t,
            Direction::Decrease => c <= t,
        },
        _ => false,
    };
    let (status, status_label) = match (achieved, progress, elapsed) {
        (true, _, _) => ("achieved", "Target reached"),
        (false, Some(p), Some(e)) if p + 0.05 >= e => ("on-track", "On track"),
        (false, Some(_), Some(_)) => ("behind", "Behind pace"),
        _ => ("no-data", "Pace unknown"),
    };
    let fmt = |v: Option<f64>| v.map(|v| with_unit(v, &m.unit)).unwrap_or_default();
    let date = |d: &Option<Spanned<When>>| {
        d.as_ref()
            .map(|d| d.get_ref().to_string())
            .unwrap_or_default()
    };
    let mut summary = match m.current.or(m.baseline) {
        Some(now) => format!("{} now", with_unit(now, &m.unit)),
        None => "Not measured yet".to_owned(),
    };
    if let (Some(b), Some(_)) = (m.baseline, m.current) {
        summary.push_str(&format!(", from {}", with_unit(b, &m.unit)));
    }
    if let Some(t) = m.target {
        summary.push_str(&format!(" toward {}", with_unit(t, &m.unit)));
    }
    if let Some(by) = &m.by {
        summary.push_str(&format!(" by {}", by.get_ref()));
    }
    MetricView {
        name: m.name.clone(),
        unit: m.unit.clone(),
        baseline: fmt(m.baseline),
        current: fmt(m.current),
        target: fmt(m.target),
        by: date(&m.by),
        since: date(&m.since),
        measured: m.measured.map(|d| d.to_string()).unwrap_or_default(),
        direction: match direction {
            Direction::Increase => "increase",
            Direction::Decrease => "decrease",
        },
        progress: progress.map(|p| (p * 100.0).round() as u32),
        elapsed: elapsed.map(|e| (e * 100.0).round() as u32),
        status,
        status_label,
        summary,
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

#[cfg(test)]
mod tests {
    use super::*;

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
