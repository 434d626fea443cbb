//! The whole pipeline in one call: check, plan, render. Used by `build` (which renders into a
//! staging folder) and by `serve` (which keeps the site in memory).

use std::path::Path;

use crate::check::{Checked, check_as_of, timed};
use crate::diagnostics::Diagnostic;
use crate::plan::{Options, plan};
use crate::render::{Sink, Stats, render, templates};

/// The outcome of building a site in memory.
pub struct Built {
    /// The loaded site and every problem found (errors stop the build; warnings do not).
    pub checked: Checked,
    /// What was written, when the site could be built.
    pub stats: Option<Stats>,
}

/// Checks, plans and renders the site in `root` into `sink`. Nothing reaches the sink when
/// the check finds errors.
pub fn build_site(root: &Path, opts: &Options, sink: &dyn Sink) -> Built {
    let mut checked = check_as_of(root, opts.as_of);
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
    let templates = timed(timings, "templates", || templates(root, files));
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

/// The build's "today": `--as-of`, else `SOURCE_DATE_EPOCH`, else the clock (UTC).
pub fn today(as_of: Option<&str>) -> Result<jiff::civil::Date, Diagnostic> {
    if let Some(a) = as_of {
        return crate::model::parse_date(a)
            .map(|d| d.0)
            .map_err(|m| Diagnostic::error(format!("--as-of: {m}")));
    }
    if let Some(epoch) = std::env::var_os("SOURCE_DATE_EPOCH") {
        let text = epoch.to_string_lossy();
        let secs: i64 = text.trim().parse().map_err(|_| {
            Diagnostic::error(format!(
                "SOURCE_DATE_EPOCH is `{text}`, not a number of seconds"
            ))
            .help("set it to a Unix timestamp, e.g. `$(git log -1 --format=%ct)`, or unset it")
        })?;
        return jiff::Timestamp::from_second(secs)
            .map(|t| t.to_zoned(jiff::tz::TimeZone::UTC).date())
            .map_err(|e| Diagnostic::error(format!("SOURCE_DATE_EPOCH is out of range: {e}")));
    }
    Ok(jiff::Timestamp::now()
        .to_zoned(jiff::tz::TimeZone::UTC)
        .date())
}
