//! Loading, validating and linting a site in one step: what `stratsite check` runs, and the
//! first step of every build.

use std::path::Path;

use crate::diagnostics::{Diagnostic, Severity};
use crate::load::{self, Strategy};
use crate::source::SourceMap;

/// A loaded and validated site.
pub struct Checked {
    pub root: std::path::PathBuf,
    pub files: SourceMap,
    /// Present when the strategy could be read, even if it has errors.
    pub strategy: Option<Strategy>,
    /// Every problem, in file order.
    pub diagnostics: Vec<Diagnostic>,
    /// How long each step took, in order (`build --timings` prints them).
    pub timings: Timings,
}

/// Steps of a check or build and how long each took.
pub type Timings = Vec<(&'static str, std::time::Duration)>;

/// Runs one step, noting how long it took.
pub fn timed<T>(timings: &mut Timings, step: &'static str, run: impl FnOnce() -> T) -> T {
    let started = std::time::Instant::now();
    let result = run();
    timings.push((step, started.elapsed()));
    result
}

impl Checked {
    /// True when nothing stops the site from being built.
    pub fn is_ok(&self) -> bool {
        self.strategy.is_some()
            && !self
                .diagnostics
                .iter()
                .any(|d| d.severity == Severity::Error)
    }

    /// Turns every warning into an error (`--deny warnings`).
    pub fn deny_warnings(&mut self) {
        for d in &mut self.diagnostics {
            d.severity = Severity::Error;
        }
    }
}

/// Loads the site in `root` and runs every check on it, with today's date (UTC) for the lints
/// that depend on it.
pub fn check(root: &Path) -> Checked {
    let today = jiff::Timestamp::now()
        .to_zoned(jiff::tz::TimeZone::UTC)
        .date();
    check_as_of(root, today)
}

/// Loads the site in `root` and runs every check on it; `today` dates the lints (stale
/// commitments, the horizon, reviews).
pub fn check_as_of(root: &Path, today: jiff::civil::Date) -> Checked {
    let mut timings = Timings::new();
    let loaded = timed(&mut timings, "load", || load::load(root));
    let mut diagnostics = loaded.diagnostics;
    if let Some(s) = &loaded.strategy {
        let files = &loaded.files;
        diagnostics.extend(timed(&mut timings, "validate", || {
            crate::validate::validate(s, files)
        }));
        timed(&mut timings, "lint", || {
            let (levels, errors) = crate::lints::levels(s);
            diagnostics.extend(errors);
            // Lints judge a strategy that is sound; on a broken one they would only echo
            // errors.
            if !diagnostics.iter().any(|d| d.severity == Severity::Error) {
                diagnostics.extend(crate::lints::lint(s, files, today, &levels));
            }
        });
    }
    diagnostics.sort_by_key(|d| d.primary.as_ref().map(|p| (p.file, p.span.start)));
    Checked {
        root: loaded.root,
        files: loaded.files,
        strategy: loaded.strategy,
        diagnostics,
        timings,
    }
}
