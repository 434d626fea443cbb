//! Objectives' metrics: their numbers are numbers, the target lies the way the direction
//! says, measuring starts before the deadline, and the better direction is known.

use std::ops::Range;

use crate::diagnostics::Diagnostic;
use crate::model::Direction;
use crate::model::Strategy;
use crate::source::SourceMap;

/// The contradictions in each objective's metric.
pub(super) fn check(strategy: &Strategy, files: &SourceMap) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    for o in &strategy.objectives {
        let m = &o.metric;
        let metric_span = o.spans.get("metric").cloned().unwrap_or(o.id.span());
        for (field, value) in [
            ("baseline", m.baseline),
            ("current", m.current),
            ("target", m.target),
        ] {
            if let Some(v) = value.filter(|v| !v.is_finite()) {
                let at = key_in_table(files.text(o.file), &metric_span, field)
                    .unwrap_or(metric_span.clone());
                diags.push(
                    Diagnostic::error(format!(
                        "`{field}` in the metric of objective `{}` is not a number (it is {v})",
                        o.id.get_ref()
                    ))
                    .at(o.file, at, "not a number")
                    .help(format!("write the measured value, e.g. `{field} = 71.4`, or leave `{field}` out until it is known")),
                );
            }
        }
        let at = |field: &str| {
            key_in_table(files.text(o.file), &metric_span, field).unwrap_or(metric_span.clone())
        };
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
            && since.get_ref().0 >= by.get_ref().0
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

/// Where `key = …` is written in the table at `span`: an inline table, or a `[table]` header
/// and the lines up to the next header.
fn key_in_table(text: &str, span: &Range<usize>, key: &str) -> Option<Range<usize>> {
    let start = span.start;
    let inline = text.get(span.clone())?.trim_start().starts_with('{');
    let end = if inline {
        span.end
    } else {
        text[span.end..]
            .find("\n[")
            .map_or(text.len(), |i| span.end + i)
    };
    let region = text.get(start..end)?;
    let mut from = 0;
    while let Some(i) = region[from..].find(key) {
        let at = from + i;
        // A key starts a line, or follows `{` or `,` in an inline table; not in a comment or a
        // string.
        let line = &region[region[..at].rfind('\n').map_or(0, |i| i + 1)..at];
        let before = line.trim_end();
        let is_key = (before.is_empty() || before.ends_with('{') || before.ends_with(','))
            && !line.contains('#')
            && line.matches('"').count() % 2 == 0;
        let after = region[at + key.len()..].trim_start();
        if is_key && after.starts_with('=') {
            let value_at = region.len() - after.len() + 1;
            let value = region[value_at..].trim_start();
            let value_start = region.len() - value.len();
            let value_len = value.find([',', '}', '\n', '#']).unwrap_or(value.len());
            let len = value[..value_len].trim_end().len();
            return Some(start + value_start..start + value_start + len);
        }
        from = at + key.len();
    }
    None
}
