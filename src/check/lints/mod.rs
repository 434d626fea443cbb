//! Strategy lints: a strategy that loads and validates can still be a weak one. These checks
//! catch what the product's essays warn about (outputs dressed up as goals, a horizon that grows
//! back into a backlog, work without a why, promises nobody closes, rejected ideas coming back)
//! the way clippy catches code smells.
//!
//! Every lint is a `static` [`Lint`] in the file of its family, listed once in [`LINTS`], and
//! pushed by identity, so a lint that does not exist cannot be reported. Each carries its code,
//! its default level and its rationale, which `docs/lints.md` repeats (a test keeps them
//! equal). A site changes levels in the `[lints]` table of `stratsite.toml`. Lints run only on a
//! site without errors, so that they never echo a problem that is already reported.

pub mod alignment;
mod allow;
mod changes;
mod commitments;
mod dates;
mod goalposts;
mod non_goals;
mod objectives;
mod readings;
mod reviews;
mod site;

pub use site::MISSING_BASE_URL;
mod themes;
mod wip;

pub use allow::{Allowed, allowances, suppresses, unused};
pub use goalposts::MOVED_GOALPOST;
pub use objectives::OBJECTIVE_WITHOUT_THEME;
pub use themes::EMPTY_THEME;

use std::ops::Range;

use jiff::civil::Date;

use crate::diagnostics::{Diagnostic, Severity, closest, did_you_mean};
use crate::model::{Entry, EntryData, LintSetting, Prose, Strategy};
use crate::source::FileId;

/// What a lint does when it finds something.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Level {
    /// Say nothing.
    Allow,
    /// Report a warning; `check` and `build` still succeed.
    Warn,
    /// Report an error; `check` fails and `build` writes nothing.
    Deny,
}

impl Level {
    /// The level as written in `[lints]`.
    pub fn key(self) -> &'static str {
        match self {
            Level::Allow => "allow",
            Level::Warn => "warn",
            Level::Deny => "deny",
        }
    }

    const ALL: [Level; 3] = [Level::Allow, Level::Warn, Level::Deny];
}

/// One lint: what the registry, the `[lints]` table, the schema and the docs know of it.
#[derive(Debug)]
pub struct Lint {
    /// The stable code, used in `[lints]`, in diagnostics and in `docs/lints.md`.
    pub code: &'static str,
    pub default: Level,
    /// Whether it is about one entry, which may allow it for itself (`allow = { code =
    /// "reason" }`); otherwise it is about the whole site, and only `[lints]` sets it.
    pub per_entry: bool,
    /// What it finds, in one line.
    pub summary: &'static str,
    /// Why it matters: the "**Why.**" paragraph of its section in `docs/lints.md`, as one line.
    pub rationale: &'static str,
}

/// Every lint, in the order `docs/lints.md` presents them.
pub static LINTS: &[&Lint] = &[
    &commitments::COMMITMENT_WITHOUT_WHY,
    &commitments::COMMITMENT_WITHOUT_OBJECTIVE,
    &commitments::COMMITMENT_WITHOUT_DUE,
    &commitments::COMMITMENT_BEYOND_HORIZON,
    &commitments::STALE_COMMITMENT,
    &objectives::INCOMPLETE_METRIC,
    &readings::STALE_READING,
    &objectives::OUTPUT_OBJECTIVE,
    &themes::THEME_WITHOUT_OBJECTIVE,
    &themes::EMPTY_THEME,
    &objectives::OBJECTIVE_WITHOUT_THEME,
    &wip::WIP_LIMIT_EXCEEDED,
    &non_goals::CONTRADICTS_NON_GOAL,
    &reviews::REVIEW_OVERDUE,
    &readings::SIGNAL_TRIPPED,
    &changes::CHANGE_WITHOUT_WHY,
    &dates::DATED_IN_THE_FUTURE,
    &goalposts::MOVED_GOALPOST,
    &site::MISSING_BASE_URL,
    &alignment::OBJECTIVE_WITHOUT_TEAM,
    &alignment::UNALIGNED_OBJECTIVE,
    &alignment::UNKNOWN_MEMBER,
];

/// The level of every lint for one site: each lint's default, unless `[lints]` sets another.
#[derive(Debug, Default)]
pub struct Levels(Vec<(&'static Lint, Level)>);

impl Levels {
    /// The level of `lint`.
    pub fn of(&self, lint: &'static Lint) -> Level {
        self.0
            .iter()
            .rev()
            .find(|(l, _)| std::ptr::eq(*l, lint))
            .map_or(lint.default, |(_, level)| *level)
    }

    /// Sets the level of `lint`; the last setting wins.
    fn set(&mut self, lint: &'static Lint, level: Level) {
        self.0.push((lint, level));
    }
}

/// Reads the `[lints]` table of the site file `file`; unknown codes and levels are errors.
pub fn levels(settings: &[LintSetting], file: FileId) -> (Levels, Vec<Diagnostic>) {
    let mut levels = Levels::default();
    let mut errors = Vec::new();
    for setting in settings {
        let code = setting.code.get_ref();
        let Some(lint) = LINTS.iter().copied().find(|l| l.code == code) else {
            errors.push(
                Diagnostic::error(format!("unknown lint `{code}` in `[lints]`"))
                    .at(file, setting.code.span(), "no lint has this code")
                    .help(
                        did_you_mean(&closest(code, LINTS.iter().map(|l| l.code))).unwrap_or_else(
                            || "the lints and their codes are listed in docs/lints.md".to_owned(),
                        ),
                    ),
            );
            continue;
        };
        let level = setting.level.get_ref();
        match Level::ALL.iter().find(|l| l.key() == level) {
            Some(l) => levels.set(lint, *l),
            None => errors.push(
                Diagnostic::error(format!("`{level}` is not a lint level"))
                    .at(
                        file,
                        setting.level.span(),
                        "expected \"allow\", \"warn\" or \"deny\"",
                    )
                    .help(
                        did_you_mean(&closest(level, Level::ALL.iter().map(|l| l.key())))
                            .unwrap_or_else(|| "use \"allow\", \"warn\" or \"deny\"".to_owned()),
                    ),
            ),
        }
    }
    (levels, errors)
}

/// Runs every lint on a strategy without errors, as of `today`, at the levels given; what an
/// entry allows for itself is left out, and counted in `allowed`.
pub fn lint(
    strategy: &Strategy,
    today: Date,
    levels: &Levels,
    allowed: &mut [Allowed],
) -> Vec<Diagnostic> {
    let mut cx = Cx {
        s: strategy,
        today,
        found: Vec::new(),
    };
    // The order matters where two lints point at the same place: it is the order they print.
    commitments::check(&mut cx);
    objectives::check(&mut cx);
    readings::check(&mut cx);
    readings::signals(&mut cx);
    themes::check(&mut cx);
    wip::check(&mut cx);
    non_goals::check(&mut cx);
    reviews::check(&mut cx);
    changes::check(&mut cx);
    dates::check(&mut cx);
    site::check(&mut cx);
    cx.found
        .into_iter()
        .filter_map(|(lint, on, d)| match levels.of(lint) {
            Level::Allow => None,
            _ if on.is_some_and(|id| allow::suppresses(allowed, &id, lint)) => None,
            Level::Warn => Some(d),
            Level::Deny => Some(Diagnostic {
                severity: Severity::Error,
                ..d
            }),
        })
        .collect()
}

/// What every lint reads, and what they found so far.
struct Cx<'a> {
    s: &'a Strategy,
    today: Date,
    /// Each lint found, with the id of the entry it is about (`None`: the whole site).
    found: Vec<(&'static Lint, Option<String>, Diagnostic)>,
}

impl Cx<'_> {
    /// Reports a lint about the whole site.
    fn push(&mut self, lint: &'static Lint, d: Diagnostic) {
        debug_assert!(!lint.per_entry, "`{}` is about one entry", lint.code);
        self.record(lint, None, d);
    }

    /// Reports a lint about the entry `id`, which may allow it for itself.
    fn push_on(&mut self, lint: &'static Lint, id: &str, d: Diagnostic) {
        debug_assert!(lint.per_entry, "`{}` is about the whole site", lint.code);
        self.record(lint, Some(id.to_owned()), d);
    }

    fn record(&mut self, lint: &'static Lint, on: Option<String>, d: Diagnostic) {
        debug_assert!(
            LINTS.iter().any(|l| std::ptr::eq(*l, lint)),
            "`{}` is missing from LINTS",
            lint.code
        );
        self.found.push((lint, on, d.code(lint.code)));
    }
}

/// The span of `key`'s value in an entry, else of its title.
fn field<T: EntryData>(e: &Entry<T>, key: &str) -> Range<usize> {
    e.spans
        .get(key)
        .cloned()
        .unwrap_or_else(|| e.data.title().span())
}

fn is_blank(p: Option<&Prose>) -> bool {
    p.is_none_or(Prose::is_blank)
}

fn note_ids<'a>(what: &str, ids: impl IntoIterator<Item = &'a str>) -> String {
    let ids: Vec<String> = ids.into_iter().map(|i| format!("`{i}`")).collect();
    format!("{what}: {}", ids.join(", "))
}

#[cfg(test)]
mod tests;
