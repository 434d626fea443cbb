//! Signals that watch a metric: the metric they name exists, and they say where it trips.

use crate::diagnostics::{Diagnostic, closest, did_you_mean};
use crate::model::{EntryData, Strategy, metric_references, watched_metric};

/// Reports a signal naming a metric that does not exist, or a threshold without a metric, or a
/// metric without a threshold.
pub(super) fn check(strategy: &Strategy) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    // Every name a signal may give a metric.
    let names: Vec<String> = strategy
        .objectives
        .iter()
        .flat_map(|o| metric_references(o.id.get_ref(), &o.data.metrics()))
        .chain(
            strategy
                .commitments
                .iter()
                .flat_map(|c| metric_references(c.id.get_ref(), &c.data.metrics())),
        )
        .collect();
    for s in &strategy.signals {
        let id = s.id.get_ref();
        let threshold = s
            .below
            .as_ref()
            .map(|b| b.span())
            .or(s.above.as_ref().map(|a| a.span()));
        let Some(metric) = &s.metric else {
            let stray = threshold.or(s.for_readings.as_ref().map(|f| f.span()));
            if let Some(at) = stray {
                diags.push(
                    Diagnostic::error(format!("signal `{id}` has a threshold but watches no metric"))
                        .at(s.file, at, "a threshold of what?")
                        .help("add `metric = \"objective-id\"`: the metric whose readings this threshold is for"),
                );
            }
            continue;
        };
        if s.below.is_some() && s.above.is_some() {
            diags.push(
                Diagnostic::error(format!("signal `{id}` has both `below` and `above`"))
                    .at(s.file, metric.span(), "one threshold per signal")
                    .help("keep one; for a band, write two signals"),
            );
        }
        if threshold.is_none() {
            diags.push(
                Diagnostic::error(format!("signal `{id}` watches a metric but says when it trips"))
                    .at(s.file, metric.span(), "no `below` or `above`")
                    .help("add `below = 72` (or `above = …`), and `for = 2` to wait for two readings in a row"),
            );
        }
        if let Some(n) = &s.for_readings
            && *n.get_ref() == 0
        {
            diags.push(
                Diagnostic::error("`for` must be at least 1 reading")
                    .at(s.file, n.span(), "zero readings")
                    .help(
                        "write how many readings in a row must cross the threshold, e.g. `for = 2`",
                    ),
            );
        }
        let reference = metric.get_ref();
        if watched_metric(strategy, reference).is_none() {
            let (entry, _) = reference.split_once('.').unwrap_or((reference, ""));
            let of_entry: Vec<&str> = names
                .iter()
                .filter(|n| n.split('.').next() == Some(entry))
                .map(String::as_str)
                .collect();
            let help = if of_entry.len() > 1 {
                format!(
                    "`{entry}` has several metrics: name one, as {}",
                    of_entry
                        .iter()
                        .map(|n| format!("`{n}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            } else {
                // Close to a metric's full name, or its entry's id close to what was written
                // before the dot: then every metric of that entry is a candidate.
                let mut near = closest(reference, names.iter().map(String::as_str));
                if near.is_empty() {
                    let ids: Vec<&str> = names.iter().filter_map(|n| n.split('.').next()).collect();
                    let near_ids = closest(entry, ids.iter().copied());
                    near = names
                        .iter()
                        .map(String::as_str)
                        .filter(|n| near_ids.contains(&n.split('.').next().unwrap_or("")))
                        .collect();
                    near.sort_by_key(|n| {
                        std::cmp::Reverse(strsim::jaro_winkler(reference, n).to_bits())
                    });
                    near.truncate(3);
                }
                did_you_mean(&near).unwrap_or_else(|| {
                    "name an objective (or a commitment) that has a metric, by its id".to_owned()
                })
            };
            diags.push(
                Diagnostic::error(format!("`metric` names no metric: `{reference}`"))
                    .at(
                        s.file,
                        metric.span(),
                        "expected `objective-id` or `objective-id.metric-name`",
                    )
                    .help(help),
            );
        }
    }
    diags
}
