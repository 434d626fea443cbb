//! Loading, validating and linting a site in one step: what `stratsite check` runs, and the
//! first step of every build.
//!
//! Validation finds what makes a strategy wrong (errors); lints, what makes a sound one weak
//! (warnings by default). Each validation has its own module, named for what it checks.

mod cycles;
pub mod goalposts;
mod ids;
pub mod lints;
mod metric;
mod refs;
mod risks;
mod signals;
pub mod site;
mod tiers;

use std::path::Path;

use crate::diagnostics::{self, Diagnostic, Severity};
use crate::load;
use crate::model::{KeySpans, Strategy, WorkspaceConfig};
use crate::source::SourceMap;
use crate::util::text::plural;

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
    /// Facts about the check itself, such as a history it could not read.
    pub notes: Vec<String>,
    /// The lints entries allow for themselves, with their reasons.
    pub allowances: Vec<lints::Allowed>,
    /// The day the content was checked as of (`--as-of`, `[site] as_of`, `SOURCE_DATE_EPOCH` or
    /// the clock, in that order).
    pub as_of: jiff::civil::Date,
    /// The `[workspace]` table of a folder without `[site]`: a workspace root, whose members
    /// `workspace/` checks.
    pub workspace: Option<(crate::source::FileId, WorkspaceConfig, KeySpans)>,
}

/// The days a check or build is dated by, as the command line finds them before the site is
/// read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Dates {
    /// The content's "today": `--as-of` when `given`, else `SOURCE_DATE_EPOCH` or the clock.
    pub as_of: jiff::civil::Date,
    /// Whether `as_of` came from `--as-of`, which wins over `[site] as_of`.
    pub given: bool,
    /// The day of the build itself: `SOURCE_DATE_EPOCH`, else the clock.
    pub built_on: jiff::civil::Date,
}

impl Dates {
    /// A run dated `day` in every respect, as `--as-of` on that day would date it.
    pub fn fixed(day: jiff::civil::Date) -> Dates {
        Dates {
            as_of: day,
            given: true,
            built_on: day,
        }
    }

    /// The content's date for a site that pins `pinned` (`[site] as_of`): `--as-of`, else the
    /// pin, else `SOURCE_DATE_EPOCH` or the clock.
    pub fn for_site(self, pinned: Option<jiff::civil::Date>) -> jiff::civil::Date {
        match pinned {
            Some(day) if !self.given => day,
            _ => self.as_of,
        }
    }
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

    /// "checked `site`: 14 entries in 2 files, no problems" or the error and warning counts.
    pub fn summary(&self) -> String {
        let checked = self;
        let (errors, warnings) = diagnostics::count(&checked.diagnostics);
        let site = checked.root.display();
        let entries = checked.strategy.as_ref().map_or(0, |s| s.len());
        let files = checked.files.ids().len();
        let problems = problems(errors, warnings);
        format!(
            "checked `{site}`: {} in {}, {problems}",
            plural(entries, "entry"),
            plural(files, "file")
        )
    }

    /// Turns every warning into an error (`--deny warnings`).
    pub fn deny_warnings(&mut self) {
        for d in &mut self.diagnostics {
            d.severity = Severity::Error;
        }
    }
}

/// Runs every validation on a loaded strategy and returns the problems found, in no
/// particular order ([`check`] sorts them by place).
pub fn validate(strategy: &Strategy, files: &SourceMap) -> Vec<Diagnostic> {
    let entries = strategy.entries();
    let ids = ids::catalog(strategy);
    let mut diags = site::check(strategy);
    tiers::check_tiers(strategy, &mut diags);
    diags.extend(ids::check(&entries, &ids));
    diags.extend(refs::check(strategy, &entries, &ids, files));
    diags.extend(cycles::check(strategy));
    diags.extend(risks::check(strategy));
    diags.extend(metric::check(strategy));
    diags.extend(signals::check(strategy));
    diags
}

/// Loads the site in `root` and runs every check on it; `today` dates the lints (stale
/// commitments, the horizon, reviews).
pub fn check(root: &Path, today: jiff::civil::Date) -> Checked {
    check_at(root, Dates::fixed(today), None)
}

/// Like [`check`], dated by `dates` (a site's `[site] as_of` wins over a date not given on the
/// command line), comparing the strategy with the revision `since` for the goalpost guard
/// (default: the last commit that changed nothing in the strategy).
pub fn check_at(root: &Path, dates: Dates, since: Option<&str>) -> Checked {
    let mut timings = Timings::new();
    let mut notes = Vec::new();
    let loaded = timed(&mut timings, "load", || load::load(root));
    let today = dates.for_site(
        loaded
            .strategy
            .as_ref()
            .and_then(|s| s.site.as_of.map(|d| d.0)),
    );
    let mut diagnostics = loaded.diagnostics;
    let mut allowances = Vec::new();
    if let Some(s) = &loaded.strategy {
        let files = &loaded.files;
        diagnostics.extend(timed(&mut timings, "validate", || validate(s, files)));
        let (levels, errors) = lints::levels(&s.lints, s.site_file);
        diagnostics.extend(errors);
        let (allowed, errors) = lints::allowances(s);
        allowances = allowed;
        diagnostics.extend(errors);
        // Lints judge a strategy that is sound; on a broken one they would only echo errors.
        let linted = !diagnostics.iter().any(|d| d.severity == Severity::Error);
        if linted {
            timed(&mut timings, "lint", || {
                diagnostics.extend(lints::lint(s, today, &levels, &mut allowances));
            });
        }
        // The guard reads git, so it runs only when its lint is on (or a base was asked for).
        let level = levels.of(&lints::MOVED_GOALPOST);
        let mut guarded = false;
        if (level != lints::Level::Allow || since.is_some()) && linted {
            timed(&mut timings, "history", || {
                match goalposts::guard(&loaded.root, s, files, since) {
                    Ok(g) => {
                        guarded = g.note.is_none();
                        notes.extend(g.note);
                        diagnostics.extend(g.diagnostics.into_iter().filter_map(|(id, mut d)| {
                            match level {
                                lints::Level::Allow => None,
                                _ if lints::suppresses(
                                    &mut allowances,
                                    &id,
                                    &lints::MOVED_GOALPOST,
                                ) =>
                                {
                                    None
                                }
                                lints::Level::Warn => Some(d),
                                lints::Level::Deny => {
                                    d.severity = Severity::Error;
                                    Some(d)
                                }
                            }
                        }));
                    }
                    Err(d) => diagnostics.push(d),
                }
            });
        }
        if linted {
            let moved = level == lints::Level::Allow || guarded;
            diagnostics.extend(lints::unused(&allowances, &levels, |l| {
                moved || !std::ptr::eq(l, &lints::MOVED_GOALPOST)
            }));
        }
        if !allowances.is_empty() {
            notes.push(format!(
                "{} for one entry, each with its reason (`--format json` lists them)",
                match allowances.len() {
                    1 => "1 lint is allowed".to_owned(),
                    n => format!("{n} lints are allowed"),
                }
            ));
        }
    }
    diagnostics.sort_by_key(|d| d.primary.as_ref().map(|p| (p.file, p.span.start)));
    Checked {
        root: loaded.root,
        files: loaded.files,
        strategy: loaded.strategy,
        diagnostics,
        timings,
        notes,
        allowances,
        as_of: today,
        workspace: loaded.workspace,
    }
}

/// A count of problems in words: "no problems", "2 errors", "1 error, 3 warnings".
pub(crate) fn problems(errors: usize, warnings: usize) -> String {
    match (errors, warnings) {
        (0, 0) => "no problems".to_owned(),
        (e, w) => [plural(e, "error"), plural(w, "warning")]
            .into_iter()
            .filter(|s| !s.starts_with('0'))
            .collect::<Vec<_>>()
            .join(", "),
    }
}
