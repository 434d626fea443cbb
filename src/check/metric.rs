//! Metrics, of objectives and commitments: their numbers are numbers, the target lies the way the direction
//! says, measuring starts before the deadline, and the better direction is known.

use crate::diagnostics::Diagnostic;
use std::ops::Range;

use toml::Spanned;

use crate::model::{Direction, KeySpans, Metric, Strategy};
use crate::source::FileId;

/// The contradictions in each metric, of objectives and of commitments.
pub(super) fn check(strategy: &Strategy) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    for o in &strategy.objectives {
        let several = o.metrics.len() > 1;
        for (i, m) in o.metrics.iter().enumerate() {
            let place = Place {
                file: o.file,
                spans: &o.spans,
                prefix: format!("metric.{i}"),
                owner: o.id.span(),
                what: metric_of(m.get_ref(), several, "objective", o.id.get_ref()),
            };
            check_metric(m, &place, &mut diags);
        }
    }
    for c in &strategy.commitments {
        if let Some(m) = &c.metric {
            let place = Place {
                file: c.file,
                spans: &c.spans,
                prefix: "metric".to_owned(),
                owner: c.id.span(),
                what: metric_of(m.get_ref(), false, "commitment", c.id.get_ref()),
            };
            check_metric(m, &place, &mut diags);
        }
    }
    diags
}

/// "the metric of objective `x`", or "the metric `name` of objective `x`" among several.
pub fn metric_of(m: &Metric, several: bool, kind: &str, id: &str) -> String {
    if several {
        format!("the metric `{}` of {kind} `{id}`", m.name)
    } else {
        format!("the metric of {kind} `{id}`")
    }
}

/// Where a metric is written, and how messages name it.
struct Place<'a> {
    file: FileId,
    spans: &'a KeySpans,
    /// The path of the metric's keys among its entry's (`metric.0`).
    prefix: String,
    /// The span of the entry's id.
    owner: Range<usize>,
    what: String,
}

fn check_metric(m: &Spanned<Metric>, place: &Place<'_>, diags: &mut Vec<Diagnostic>) {
    let metric_span = m.span();
    let m = m.get_ref();
    let what = &place.what;
    let file = place.file;
    // The value of one key of the metric, else the whole metric.
    let at = |field: &str| {
        place
            .spans
            .get(&format!("{}.{field}", place.prefix))
            .cloned()
            .unwrap_or(metric_span.clone())
    };
    for (field, value) in [
        ("baseline", m.baseline),
        ("current", m.current),
        ("target", m.target),
    ] {
        if let Some(v) = value.filter(|v| !v.is_finite()) {
            diags.push(
                Diagnostic::error(format!("`{field}` in {what} is not a number (it is {v})"))
                    .at(file, at(field), "not a number")
                    .help(format!("write the measured value, e.g. `{field} = 71.4`, or leave `{field}` out until it is known")),
            );
        }
    }
    for (i, r) in m.readings.iter().enumerate() {
        if !r.value.is_finite() {
            let key = format!("{}.reading.{i}.value", place.prefix);
            let at = place
                .spans
                .get(&key)
                .cloned()
                .unwrap_or(metric_span.clone());
            diags.push(
                Diagnostic::error(format!(
                    "a reading of {what} is not a number (it is {})",
                    r.value
                ))
                .at(file, at, "not a number")
                .help("write the value measured on that day, e.g. `value = 71.4`"),
            );
        }
    }
    if m.current.is_some() && !m.readings.is_empty() {
        diags.push(
            Diagnostic::error(format!("{what} has both `current` and readings"))
                .at(file, at("current"), "`current` beside readings")
                .help("the latest reading is the current value: write this one as a reading with its date, and remove `current` and `measured`"),
        );
    }
    if let (Some(d), Some(b), Some(t)) = (m.direction, m.baseline, m.target) {
        let (wrong, way, side) = match d {
            Direction::Increase => (t < b, "increase", "below"),
            Direction::Decrease => (t > b, "decrease", "above"),
        };
        if wrong {
            diags.push(
                Diagnostic::error(format!(
                    "{what} should {way}, but its target ({t}) is {side} its baseline ({b})"
                ))
                .at(file, at("direction"), format!("`direction = \"{way}\"`"))
                .help("fix the target or the baseline, or the direction: progress and \"target reached\" are judged by it"),
            );
        }
    }
    if let (Some(since), Some(by)) = (&m.since, &m.by)
        && since.get_ref().first_day() >= by.get_ref().last_day()
    {
        diags.push(
            Diagnostic::error(format!(
                "{what} starts {} but is due {}, which is not later",
                since.get_ref().phrase(),
                by.get_ref().phrase()
            ))
            .at(
                file,
                at("since"),
                "`since`: when measuring toward the target began",
            )
            .help(
                "`since` is the start of the effort and `by` its deadline: `since` must come first",
            ),
        );
    }
    if m.direction.is_none() && m.baseline.is_some() && m.baseline == m.target {
        let mut c = what.chars();
        let what = c
            .next()
            .map(|f| f.to_uppercase().chain(c).collect::<String>())
            .unwrap_or_default();
        diags.push(
            Diagnostic::error(format!(
                "{what} has the same baseline and target, so the better direction is unknown"
            ))
            .at(file, place.owner.clone(), "in this entry")
            .help("set `direction = \"increase\"` or `direction = \"decrease\"` in its metric"),
        );
    }
}

#[cfg(test)]
mod tests {
    /// The text each metric problem points at, for a site with one objective whose metric is
    /// written as `metric`.
    fn pointed_at(metric: &str) -> Vec<String> {
        let dir = tempfile::tempdir().unwrap();
        let toml = format!(
            "[site]\ntitle = \"T\"\nbase_url = \"https://example.org/\"\nhorizon = \"6 weeks\"\n\n\
             [[objective]]\nid = \"find-faster\"\ntitle = \"Find faster\"\nwhy = \"Because.\"\n{metric}\n"
        );
        std::fs::write(dir.path().join("stratsite.toml"), &toml).unwrap();
        let loaded = crate::load::load(dir.path());
        assert!(loaded.diagnostics.is_empty(), "{:?}", loaded.diagnostics);
        super::check(loaded.strategy.as_ref().unwrap())
            .iter()
            .map(|d| toml[d.primary.as_ref().unwrap().span.clone()].to_owned())
            .collect()
    }

    #[test]
    fn problems_point_at_the_key_in_an_inline_metric() {
        let inline = r#"metric = { name = "target = 1, direction = x", unit = "s", baseline = 10, current = nan, target = 5, direction = "increase", since = 2027-01-01, by = 2026-06-30 }"#;
        assert_eq!(pointed_at(inline), ["nan", "\"increase\"", "2027-01-01"]);
    }

    #[test]
    fn problems_point_at_the_key_under_a_metric_header_not_at_comments_or_strings() {
        let header = "[objective.metric]\n\
                      name = \"direction = \\\"decrease\\\"\"\n\
                      # direction = \"decrease\"\n\
                      unit = \"s\"\n\
                      baseline = 10\n\
                      target = 5\n\
                      direction   =   \"increase\"   # the usual way\n\
                      by = 2027-06-30\n";
        assert_eq!(pointed_at(header), ["\"increase\""]);
    }

    #[test]
    fn an_unknown_direction_points_at_the_objective() {
        let same =
            r#"metric = { name = "n", unit = "s", baseline = 10, target = 10, by = 2027-06-30 }"#;
        assert_eq!(pointed_at(same), ["\"find-faster\""]);
    }
}
