//! The whole pipeline in one call: check, plan, render. Used by `build` (which renders into a
//! staging folder) and by `serve` (which keeps the site in memory).
//!
//! The policy of a build lives here and nowhere else: errors stop it before anything is
//! rendered, and so do warnings when they are denied.

use std::path::Path;

use crate::check::{Checked, check_at, timed};
use crate::output::{Sink, Stats};
use crate::render::{render, templates};
use crate::site::{Options, plan};

/// The outcome of building a site in memory.
pub struct Built {
    /// The loaded site and every problem found (errors stop the build; warnings do not).
    pub checked: Checked,
    /// What was written, when the site could be built.
    pub stats: Option<Stats>,
}

/// Checks, plans and renders the site in `root` into `sink`. Nothing reaches the sink when
/// the check finds errors, or warnings when `deny_warnings` is set (they become errors).
pub fn build_site(root: &Path, opts: &Options, deny_warnings: bool, sink: &dyn Sink) -> Built {
    let mut checked = check_at(root, opts.dates, None);
    if opts.base_url.is_some() {
        // An address given on the command line is the one the site is published at.
        let code = crate::check::lints::MISSING_BASE_URL.code;
        checked.diagnostics.retain(|d| d.code != Some(code));
    }
    if deny_warnings {
        checked.deny_warnings();
    }
    if !checked.is_ok() {
        return Built {
            checked,
            stats: None,
        };
    }
    let Checked {
        strategy,
        files,
        diagnostics,
        timings,
        ..
    } = &mut checked;
    let bounds = crate::util::contained::Bounds::new(
        root,
        strategy
            .as_ref()
            .map_or(&[][..], |s| s.site.linked_folders.as_slice()),
    );
    let templates = timed(timings, "templates", || templates(root, &bounds, files));
    let stats = match (strategy.as_ref(), templates) {
        (Some(strategy), Ok(templates)) => {
            let plan = timed(timings, "plan", || plan(strategy, files, opts));
            let rendered = timed(timings, "render", || {
                render(plan, &templates, root, sink, files)
            });
            match rendered {
                Ok(stats) => Some(stats),
                Err(errors) => {
                    diagnostics.extend(errors);
                    None
                }
            }
        }
        (_, Err(e)) => {
            diagnostics.extend(e);
            None
        }
        (None, _) => None,
    };
    Built { checked, stats }
}
