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
    per_entry: true,
    summary: "an objective's metric without a baseline, a target or a deadline (`by`), or an objective with neither a metric nor evidence",
    rationale: "An outcome is a change in the world you can observe: from a baseline, to a target, \
                by a date. Without a baseline nobody knows whether the number moved; without a \
                target nobody knows when the objective is met; without a deadline it is a wish. \
                The progress bar on the site needs all three, and so does the team.",
};

pub static OUTPUT_OBJECTIVE: Lint = Lint {
    code: "output-objective",
    default: Level::Warn,
    per_entry: true,
    summary: "an objective whose title names an output (\"Launch …\") instead of an outcome",
    rationale: "\"Ship search\" is an output; \"shoppers find what they want in half the time\" is \
                an outcome. Outputs are easy to manage and declare done when the version number \
                changes, whether or not anything got better. An objective's title should say what \
                changes for customers or the business; the work to get there belongs in \
                commitments. The lint reads the title's first words and fires on the verbs of \
                delivery, in British and American spellings: build, deliver, establish, launch, \
                migrate, modernise, onboard, publish, set up, ship, stabilise and the others \
                listed below.",
};

pub static OBJECTIVE_WITHOUT_THEME: Lint = Lint {
    code: "objective-without-theme",
    default: Level::Warn,
    per_entry: true,
    summary: "an objective that no theme serves",
    rationale: "An objective that no theme serves has no story and no work behind it: the team \
                says it matters and does nothing about it. Either a theme moves it (add it to that \
                theme's `serves`), or it is not an objective of this plan.",
};

/// First words that make a title read as a piece of work rather than a change in the world,
/// in British and American spellings. Each is a verb of delivery: the team does it, and it is
/// done whether or not anything got better. Verbs that name a change in the world (improve,
/// reduce, grow) are outcomes and are not listed.
const OUTPUT_VERBS: &[&str] = &[
    "add",
    "adopt",
    "automate",
    "build",
    "centralise",
    "centralize",
    "complete",
    "consolidate",
    "containerise",
    "containerize",
    "create",
    "decommission",
    "deliver",
    "deploy",
    "design",
    "develop",
    "digitise",
    "digitize",
    "document",
    "establish",
    "finalise",
    "finalize",
    "finish",
    "hire",
    "implement",
    "install",
    "integrate",
    "introduce",
    "launch",
    "migrate",
    "modernise",
    "modernize",
    "onboard",
    "overhaul",
    "pilot",
    "port",
    "publish",
    "rebuild",
    "redesign",
    "refactor",
    "release",
    "relaunch",
    "replace",
    "retire",
    "revamp",
    "rewrite",
    "ship",
    "stabilise",
    "stabilize",
    "standardise",
    "standardize",
    "switch",
    "upgrade",
    "write",
];

/// Verbs of delivery only with the word after them: "set up", "roll out", "stand up", "spin
/// up", "put in (place)", "open-source" is one word.
const OUTPUT_PHRASES: &[(&str, &str)] = &[
    ("put", "in"),
    ("roll", "out"),
    ("set", "up"),
    ("spin", "up"),
    ("stand", "up"),
];

/// The words that make `title` name an output ("Stabilise", "Set up"), or `None` for an
/// outcome.
pub fn output_words(title: &str) -> Option<String> {
    let mut words = title
        .split(|c: char| c.is_whitespace() || c == '/')
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric() && c != '-'))
        .filter(|w| !w.is_empty());
    let first = words.next()?;
    let lower = first.to_lowercase();
    if OUTPUT_VERBS.contains(&lower.as_str()) || lower == "open-source" {
        return Some(first.to_owned());
    }
    let second = words.next()?;
    OUTPUT_PHRASES
        .iter()
        .any(|(verb, particle)| lower == *verb && second.eq_ignore_ascii_case(particle))
        .then(|| format!("{first} {second}"))
}

pub(super) fn check(cx: &mut Cx<'_>) {
    let served: BTreeSet<&str> =
        cx.s.themes
            .iter()
            .flat_map(|t| t.serves.iter().map(|r| r.get_ref().as_str()))
            .collect();
    for o in &cx.s.objectives {
        let id = o.id.get_ref();
        if o.metrics.is_empty() && is_blank(o.evidence.as_ref()) {
            cx.push_on(
                &INCOMPLETE_METRIC,
                id,
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
                cx.push_on(
                    &INCOMPLETE_METRIC,
                    id,
                    Diagnostic::warning(format!("{what} has no {}", join_or(&missing)))
                        .at(o.file, m.span(), "this metric")
                        .help(
                            "an outcome moves from a baseline to a target by a date: add the missing keys",
                        ),
                );
            }
        }
        if let Some(first) = output_words(o.title.get_ref()) {
            cx.push_on(
                &OUTPUT_OBJECTIVE,
                id,
                Diagnostic::warning(format!(
                    "the title of objective `{id}` names an output, not an outcome"
                ))
                .at(o.file, o.title.span(), format!("\"{first} …\" is work the team does"))
                .help("say what changes for customers or the business, e.g. \"Shoppers find what they want in half the time\"; the work belongs in a commitment"),
            );
        }
        if !served.contains(id.as_str()) {
            cx.push_on(
                &OBJECTIVE_WITHOUT_THEME,
                id,
                Diagnostic::warning(format!("no theme serves objective `{id}`"))
                    .at(o.file, o.title.span(), "nothing moves this objective")
                    .help(format!(
                        "add `\"{id}\"` to the `serves` of the theme that moves it, or remove the objective"
                    )),
            );
        }
    }
}
