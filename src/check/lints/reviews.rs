//! Reviews happen on time: no assumption or signal is past its `review_by` date.

use super::{Cx, Level, Lint};
use crate::diagnostics::Diagnostic;
use crate::model::Kind;

pub static REVIEW_OVERDUE: Lint = Lint {
    code: "review-overdue",
    default: Level::Warn,
    per_entry: true,
    summary: "an assumption or signal whose `review_by` date has passed",
    rationale: "Assumptions and signals are written down so that the team looks at them again \
                before the news arrives. A review date that has passed means nobody looked: the \
                plan may be standing on an assumption that broke, or ignoring the signal it said \
                would change it. Review it, write down what the team learned, and set the next \
                date.",
};

pub(super) fn check(cx: &mut Cx<'_>) {
    let dates =
        cx.s.assumptions
            .iter()
            .map(|a| {
                (
                    Kind::Assumption,
                    a.file,
                    a.id.get_ref(),
                    a.review_by.as_ref(),
                )
            })
            .chain(
                cx.s.signals
                    .iter()
                    .map(|s| (Kind::Signal, s.file, s.id.get_ref(), s.review_by.as_ref())),
            );
    let mut found = Vec::new();
    for (kind, file, id, review_by) in dates {
        let Some(r) = review_by else { continue };
        let date = r.get_ref().last_day();
        if date < cx.today {
            let what = kind.label().to_lowercase();
            found.push((
                id,
                Diagnostic::warning(format!(
                    "the review of {what} `{id}` was due {}",
                    r.get_ref().phrase()
                ))
                    .at(file, r.span(), format!("{date} has passed (today is {})", cx.today))
                    .help(format!(
                        "review the {what}: update what the team now knows and set a new `review_by`, or remove it and record what was learned in a `[[change]]`"
                    )),
            ));
        }
    }
    for (id, d) in found {
        cx.push_on(&REVIEW_OVERDUE, id, d);
    }
}
