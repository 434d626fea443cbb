//! Nothing that records the past is dated in the future.

use super::{Cx, Level, Lint, field};
use crate::diagnostics::Diagnostic;

pub static DATED_IN_THE_FUTURE: Lint = Lint {
    code: "dated-in-the-future",
    default: Level::Warn,
    per_entry: true,
    summary: "a change, or a metric's measurement, dated after today",
    rationale: "The change log is what the team reads to trust a plan that moved: each entry \
                records something that has happened. A change dated next year is almost always a \
                typo in the year, and it sorts to the top of the log and the feed as the \
                \"latest\" change. The same goes for a metric `measured` after today: the number \
                on the page would claim a reading nobody has taken.",
};

/// A change records what already happened, and a measurement what was already measured: a
/// date after today is most often a typo in the year.
pub(super) fn check(cx: &mut Cx<'_>) {
    let today = cx.today;
    let mut found = Vec::new();
    for c in &cx.s.changes {
        if c.date.0 > today {
            found.push((
                c.id.get_ref(),
                Diagnostic::warning(format!(
                    "change `{}` is dated {}, after today ({today})",
                    c.id.get_ref(),
                    c.date
                ))
                .at(c.file, field(c, "date"), "not yet")
                .help("a change records what has happened: fix the date, or add the change once it happens"),
            ));
        }
    }
    for o in &cx.s.objectives {
        let several = o.metrics.len() > 1;
        for m in &o.metrics {
            let Some(measured) = m.get_ref().measured.filter(|d| d.0 > today) else {
                continue;
            };
            let what =
                crate::check::metric::metric_of(m.get_ref(), several, "objective", o.id.get_ref());
            found.push((
                o.id.get_ref(),
                Diagnostic::warning(format!(
                    "{what} says it was measured on {measured}, after today ({today})"
                ))
                .at(o.file, m.span(), "`measured` is in the future")
                .help("set `measured` to the day `current` was measured"),
            ));
        }
    }
    for (id, d) in found {
        cx.push_on(&DATED_IN_THE_FUTURE, id, d);
    }
}
