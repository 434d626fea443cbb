//! Changes to the strategy say why.

use super::{Cx, Level, Lint, is_blank};
use crate::diagnostics::Diagnostic;

pub static CHANGE_WITHOUT_WHY: Lint = Lint {
    code: "change-without-why",
    default: Level::Warn,
    per_entry: true,
    summary: "a change to the strategy that does not say why",
    rationale: "Changes to goals are named openly, with a reason, never moved silently. A change \
                entry without a why records that something moved but not the reason, which is the \
                part the team needs to trust the new plan.",
};

pub(super) fn check(cx: &mut Cx<'_>) {
    for c in cx.s.changes.iter().filter(|c| is_blank(c.why.as_ref())) {
        cx.push_on(
            &CHANGE_WITHOUT_WHY,
            c.id.get_ref(),
            Diagnostic::warning(format!("change `{}` does not say why", c.id.get_ref()))
                .at(c.file, c.title.span(), "what changed, but not why")
                .help("add `why = \"…\"`: a change named openly comes with its reason"),
        );
    }
}
