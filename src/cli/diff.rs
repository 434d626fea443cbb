//! `stratsite diff A..B`: prints the semantic diff of the strategy, and under GitHub Actions
//! adds its Markdown to the job summary.

use std::io::Write as _;
use std::path::Path;
use std::process::ExitCode;

use super::DiffFormat;
use super::env::Env;
use super::reporter::fail;
use crate::diagnostics::Diagnostic;
use crate::history::diff::diff as site_diff;

pub fn diff(env: &Env, site: &Path, range: &str, format: DiffFormat) -> ExitCode {
    let d = match site_diff(site, range) {
        Ok(d) => d,
        Err(e) => return fail(e, env.color),
    };
    let markdown = d.markdown();
    match format {
        DiffFormat::Markdown => print!("{markdown}"),
        DiffFormat::Json => println!(
            "{}",
            serde_json::to_string_pretty(&d.json()).unwrap_or_default()
        ),
    }
    if let Some(path) = &env.step_summary {
        let appended = std::fs::OpenOptions::new()
            .append(true)
            .create(true)
            .open(path)
            .and_then(|mut f| writeln!(f, "{markdown}"));
        if let Err(e) = appended {
            return fail(
                Diagnostic::error(format!(
                    "cannot add the diff to the job summary `{}`: {e}",
                    path.display()
                )),
                env.color,
            );
        }
    }
    ExitCode::SUCCESS
}
