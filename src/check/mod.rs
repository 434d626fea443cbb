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
    /// The `[workspace]` table of a folder without `[site]`: a workspace root, whose members
    /// `workspace/` checks.
    pub workspace: Option<(crate::source::FileId, WorkspaceConfig, KeySpans)>,
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
        let problems = match (errors, warnings) {
            (0, 0) => "no problems".to_owned(),
            (e, w) => [plural(e, "error"), plural(w, "warning")]
                .into_iter()
                .filter(|s| !s.starts_with('0'))
                .collect::<Vec<_>>()
                .join(", "),
        };
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
    check_since(root, today, None)
}

/// Like [`check`], comparing the strategy with the revision `since` for the goalpost guard
/// (default: the last commit that changed nothing in the strategy).
pub fn check_since(root: &Path, today: jiff::civil::Date, since: Option<&str>) -> Checked {
    let mut timings = Timings::new();
    let mut notes = Vec::new();
    let loaded = timed(&mut timings, "load", || load::load(root));
    let mut diagnostics = loaded.diagnostics;
    if let Some(s) = &loaded.strategy {
        let files = &loaded.files;
        diagnostics.extend(timed(&mut timings, "validate", || validate(s, files)));
        timed(&mut timings, "lint", || {
            let (levels, errors) = crate::check::lints::levels(&s.lints, s.site_file);
            diagnostics.extend(errors);
            // Lints judge a strategy that is sound; on a broken one they would only echo
            // errors.
            if !diagnostics.iter().any(|d| d.severity == Severity::Error) {
                diagnostics.extend(crate::check::lints::lint(s, files, today, &levels));
            }
        });
        // The guard reads git, so it runs only when its lint is on (or a base was asked for).
        let level = crate::check::lints::levels(&s.lints, s.site_file)
            .0
            .of(&lints::MOVED_GOALPOST);
        if (level != lints::Level::Allow || since.is_some())
            && !diagnostics.iter().any(|d| d.severity == Severity::Error)
        {
            timed(&mut timings, "history", || {
                match goalposts::guard(&loaded.root, s, files, since) {
                    Ok(g) => {
                        notes.extend(g.note);
                        diagnostics.extend(g.diagnostics.into_iter().filter_map(
                            |mut d| match level {
                                lints::Level::Allow => None,
                                lints::Level::Warn => Some(d),
                                lints::Level::Deny => {
                                    d.severity = Severity::Error;
                                    Some(d)
                                }
                            },
                        ));
                    }
                    Err(d) => diagnostics.push(d),
                }
            });
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
        workspace: loaded.workspace,
    }
}
