//! Lints on readings over time: a metric whose latest reading is too old to say where it is.

use super::{Cx, Level, Lint};
use crate::check::metric::metric_of;
use crate::diagnostics::Diagnostic;

pub static STALE_READING: Lint = Lint {
    code: "stale-reading",
    default: Level::Warn,
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
            cx.push(
                &STALE_READING,
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
