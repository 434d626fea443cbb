//! Lints on objectives: each is an outcome, measured from a baseline to a target by a date,
//! and some theme moves it.

use std::collections::BTreeSet;

use super::{Cx, Level, Lint, is_blank};
use crate::check::metric::metric_of;
use crate::diagnostics::Diagnostic;
use crate::util::text::join_or;

pub static INCOMPLETE_METRIC: Lint = Lint {
    code: "incomplete-metric",
    default: Level::Warn,
    summary: "an objective's metric without a baseline, a target or a deadline (`by`), or an objective with neither a metric nor evidence",
    rationale: "An outcome is a change in the world you can observe: from a baseline, to a target, \
                by a date. Without a baseline nobody knows whether the number moved; without a \
                target nobody knows when the objective is met; without a deadline it is a wish. \
                The progress bar on the site needs all three, and so does the team.",
};

pub static OUTPUT_OBJECTIVE: Lint = Lint {
    code: "output-objective",
    default: Level::Warn,
    summary: "an objective whose title names an output (\"Launch …\") instead of an outcome",
    rationale: "\"Ship search\" is an output; \"shoppers find what they want in half the time\" is \
                an outcome. Outputs are easy to manage and declare done when the version number \
                changes, whether or not anything got better. An objective's title should say what \
                changes for customers or the business; the work to get there belongs in \
                commitments. The lint looks at the title's first word and fires on the verbs of \
                delivery: add, adopt, automate, build, create, deliver, deploy, develop, finish, \
                implement, install, integrate, introduce, launch, migrate, rebuild, redesign, \
                refactor, release, replace, rewrite, roll (out), set (up), ship, switch and \
                upgrade.",
};

pub static OBJECTIVE_WITHOUT_THEME: Lint = Lint {
    code: "objective-without-theme",
    default: Level::Warn,
    summary: "an objective that no theme serves",
    rationale: "An objective that no theme serves has no story and no work behind it: the team \
                says it matters and does nothing about it. Either a theme moves it (add it to that \
                theme's `serves`), or it is not an objective of this plan.",
};

/// First words that make a title read as a piece of work rather than a change in the world.
const OUTPUT_VERBS: &[&str] = &[
    "add",
    "adopt",
    "automate",
    "build",
    "create",
    "deliver",
    "deploy",
    "develop",
    "finish",
    "implement",
    "install",
    "integrate",
    "introduce",
    "launch",
    "migrate",
    "rebuild",
    "redesign",
    "refactor",
    "release",
    "replace",
    "rewrite",
    "roll",
    "set",
    "ship",
    "switch",
    "upgrade",
];

pub(super) fn check(cx: &mut Cx<'_>) {
    let served: BTreeSet<&str> =
        cx.s.themes
            .iter()
            .flat_map(|t| t.serves.iter().map(|r| r.get_ref().as_str()))
            .collect();
    for o in &cx.s.objectives {
        let id = o.id.get_ref();
        if o.metrics.is_empty() && is_blank(o.evidence.as_ref()) {
            cx.push(
                &INCOMPLETE_METRIC,
                Diagnostic::warning(format!(
                    "objective `{id}` says neither how it is measured nor what evidence the team will look at"
                ))
                .at(o.file, o.title.span(), "no `metric` and no `evidence`")
                .help("add a `[[objective.metric]]` with a baseline, a target and a `by`, or, for an outcome without a number, `evidence = \"…\"`: what the team will look at to know"),
            );
        }
        let several = o.metrics.len() > 1;
        for m in &o.metrics {
            let what = metric_of(m.get_ref(), several, "objective", id);
            let v = m.get_ref();
            let missing: Vec<&str> = [
                (v.baseline.is_none(), "`baseline`"),
                (v.target.is_none(), "`target`"),
                (v.by.is_none(), "deadline (`by`)"),
            ]
            .into_iter()
            .filter_map(|(absent, name)| absent.then_some(name))
            .collect();
            if !missing.is_empty() {
                cx.push(
                    &INCOMPLETE_METRIC,
                    Diagnostic::warning(format!("{what} has no {}", join_or(&missing)))
                        .at(o.file, m.span(), "this metric")
                        .help(
                            "an outcome moves from a baseline to a target by a date: add the missing keys",
                        ),
                );
            }
        }
        let title = o.title.get_ref();
        let first = title
            .split_whitespace()
            .next()
            .unwrap_or_default()
            .trim_matches(|c: char| !c.is_alphanumeric());
        if OUTPUT_VERBS.contains(&first.to_lowercase().as_str()) {
            cx.push(
                &OUTPUT_OBJECTIVE,
                Diagnostic::warning(format!(
                    "the title of objective `{id}` names an output, not an outcome"
                ))
                .at(o.file, o.title.span(), format!("\"{first} …\" is work the team does"))
                .help("say what changes for customers or the business, e.g. \"Shoppers find what they want in half the time\"; the work belongs in a commitment"),
            );
        }
        if !served.contains(id.as_str()) {
            cx.push(
                &OBJECTIVE_WITHOUT_THEME,
                Diagnostic::warning(format!("no theme serves objective `{id}`"))
                    .at(o.file, o.title.span(), "nothing moves this objective")
                    .help(format!(
                        "add `\"{id}\"` to the `serves` of the theme that moves it, or remove the objective"
                    )),
            );
        }
    }
}
