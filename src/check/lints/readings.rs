//! Lints on readings over time: a metric whose latest reading is too old to say where it is.

use super::{Cx, Level, Lint};
use crate::check::metric::metric_of;
use crate::diagnostics::Diagnostic;

pub static STALE_READING: Lint = Lint {
    code: "stale-reading",
    default: Level::Warn,
    per_entry: true,
    summary: "a metric whose latest reading is older than `[site] stale_after` (90 days unless set)",
    rationale: "A number read months ago says where the outcome was, not where it is. Shown as \
                today's value it tells readers the objective is on track, or behind, long after \
                it stopped being true, and a team that stops measuring stops steering. Measure \
                again and add the reading, or say in a `[[change]]` why the metric is no longer \
                read.",
};

pub(super) fn check(cx: &mut Cx<'_>) {
    let Some(before) = cx.s.site.stale_before(cx.today) else {
        return;
    };
    let limit =
        cx.s.site
            .stale_after
            .as_ref()
            .map_or_else(|| "90 days".to_owned(), |s| s.get_ref().words());
    for o in &cx.s.objectives {
        let several = o.metrics.len() > 1;
        for m in &o.metrics {
            let a = m.get_ref().assess(cx.today, Some(before));
            let (Some(days), Some((Some(day), _))) = (a.stale_days, a.latest) else {
                continue;
            };
            let what = metric_of(m.get_ref(), several, "objective", o.id.get_ref());
            cx.push_on(
                &STALE_READING,
                o.id.get_ref(),
                Diagnostic::warning(format!(
                    "{what} was last measured on {day}, {days} days ago"
                ))
                .at(o.file, m.span(), format!("older than {limit}"))
                .help("measure it again and add the reading; if it is no longer read, say why in a `[[change]]`")
                .note(format!("readings older than {limit} are stale (`[site] stale_after`)")),
            );
        }
    }
}

pub static SIGNAL_TRIPPED: Lint = Lint {
    code: "signal-tripped",
    default: Level::Warn,
    per_entry: true,
    summary: "a signal whose metric's readings have crossed its threshold",
    rationale: "A signal is written down before the news arrives, so that the team acts on it \
                instead of explaining it away. When the readings cross its threshold the news has \
                arrived: do what the signal says, or change the plan openly in a `[[change]]`. \
                Deny it in CI to make sure a tripped signal is never merged past unnoticed.",
};

/// Signals whose metric has crossed their threshold.
pub(super) fn signals(cx: &mut Cx<'_>) {
    for s in &cx.s.signals {
        let Some(reference) = &s.metric else { continue };
        let Some(w) = crate::model::watched_metric(cx.s, reference.get_ref()) else {
            continue;
        };
        let Some(t) = s.trips(w.metric) else { continue };
        // A change that names the signal, recorded once its readings crossed the threshold, is
        // the team's answer to it.
        let answered =
            cx.s.changes.iter().any(|c| {
                c.date >= t.since && c.affects.iter().any(|a| a.get_ref() == s.id.get_ref())
            });
        if answered {
            continue;
        }
        let threshold = s.threshold(&w.metric.unit).unwrap_or_default();
        cx.push_on(
            &SIGNAL_TRIPPED,
            s.id.get_ref(),
            Diagnostic::warning(format!(
                "signal `{}` has tripped: `{}` is {threshold} (latest {} on {})",
                s.id.get_ref(),
                w.metric.name,
                crate::model::with_unit(t.value, &w.metric.unit),
                t.latest
            ))
            .at(s.file, reference.span(), "the metric it watches")
            .help("do what the signal says it would (`then`), or change the plan and record why in a `[[change]]`"),
        );
    }
}
