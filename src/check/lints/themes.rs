//! Lints on themes: each serves an objective and holds some work.

use std::collections::BTreeSet;

use super::{Cx, Level, Lint, field};
use crate::diagnostics::Diagnostic;

pub static THEME_WITHOUT_OBJECTIVE: Lint = Lint {
    code: "theme-without-objective",
    default: Level::Warn,
    per_entry: true,
    summary: "a theme that serves no objective",
    rationale: "A theme is a story told in service of an objective: it groups the work so that \
                each piece reads as part of one argument. A theme that serves no objective is a \
                story about nothing the team has agreed to change, and every commitment under it \
                inherits the problem (see `commitment-without-objective`).",
};

pub static EMPTY_THEME: Lint = Lint {
    code: "empty-theme",
    default: Level::Warn,
    per_entry: true,
    summary: "a theme with neither commitments nor ideas",
    rationale: "A theme with no commitments and no ideas is a chapter with no content: either the \
                story has no work behind it yet (park at least one idea under it, so the team can \
                see what it would take), or it is left over from an earlier plan and should go, \
                with a `[[change]]` saying so.",
};

pub(super) fn check(cx: &mut Cx<'_>) {
    let used: BTreeSet<&str> =
        cx.s.commitments
            .iter()
            .flat_map(|c| c.theme.iter())
            .chain(cx.s.ideas.iter().flat_map(|i| i.theme.iter().flatten()))
            .map(|t| t.get_ref().as_str())
            .collect();
    for t in &cx.s.themes {
        let id = t.id.get_ref();
        if t.serves.is_empty() {
            cx.push_on(
                &THEME_WITHOUT_OBJECTIVE,
                id,
                Diagnostic::warning(format!("theme `{id}` serves no objective"))
                    .at(t.file, field(t, "serves"), "no objective here")
                    .help("add `serves = [\"objective-id\"]` with the objectives this story moves"),
            );
        }
        if !used.contains(id.as_str()) {
            cx.push_on(
                &EMPTY_THEME,
                id,
                Diagnostic::warning(format!("theme `{id}` has neither commitments nor ideas"))
                    .at(t.file, t.title.span(), "a story with no work in it")
                    .help(format!(
                        "give a commitment or an idea `theme = \"{id}\"`, or remove the theme"
                    )),
            );
        }
    }
}
