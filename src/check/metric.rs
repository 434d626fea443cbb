//! Objectives' metrics: their numbers are numbers, the target lies the way the direction
//! says, measuring starts before the deadline, and the better direction is known.

use crate::diagnostics::Diagnostic;
use crate::model::{Direction, Strategy};

/// The contradictions in each objective's metric.
pub(super) fn check(strategy: &Strategy) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    for o in &strategy.objectives {
        let m = &o.metric;
        let metric_span = o.spans.get("metric").cloned().unwrap_or(o.id.span());
        // The value of one key of the metric, else the whole metric.
        let at = |field: &str| {
            o.spans
                .get(&format!("metric.{field}"))
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
                    Diagnostic::error(format!(
                        "`{field}` in the metric of objective `{}` is not a number (it is {v})",
                        o.id.get_ref()
                    ))
                    .at(o.file, at(field), "not a number")
                    .help(format!("write the measured value, e.g. `{field} = 71.4`, or leave `{field}` out until it is known")),
                );
            }
        }
        if let (Some(d), Some(b), Some(t)) = (m.direction, m.baseline, m.target) {
            let (wrong, way, side) = match d {
                Direction::Increase => (t < b, "increase", "below"),
                Direction::Decrease => (t > b, "decrease", "above"),
            };
            if wrong {
                diags.push(
                    Diagnostic::error(format!(
                        "the metric of objective `{}` should {way}, but its target ({t}) is {side} its baseline ({b})",
                        o.id.get_ref()
                    ))
                    .at(o.file, at("direction"), format!("`direction = \"{way}\"`"))
                    .help("fix the target or the baseline, or the direction: progress and \"target reached\" are judged by it"),
                );
            }
        }
        if let (Some(since), Some(by)) = (&m.since, &m.by)
            && since.get_ref().first_day() >= by.get_ref().last_day()
        {
            diags.push(
                Diagnostic::error(format!(
                    "the metric of objective `{}` starts on {} but is due on {}, which is not later",
                    o.id.get_ref(),
                    since.get_ref(),
                    by.get_ref()
                ))
                .at(o.file, at("since"), "`since`: when measuring toward the target began")
                .help("`since` is the start of the effort and `by` its deadline: `since` must come first"),
            );
        }
        if m.direction.is_none() && m.baseline.is_some() && m.baseline == m.target {
            diags.push(
                Diagnostic::error(format!(
                    "objective `{}` has the same baseline and target, so the better direction is unknown",
                    o.id.get_ref()
                ))
                .at(o.file, o.id.span(), "in this objective")
                .help("set `direction = \"increase\"` or `direction = \"decrease\"` in its metric"),
            );
        }
    }
    diags
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
