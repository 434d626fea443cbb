//! How `check` and `build` report what they found: every diagnostic in the chosen format, then
//! one summary line.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use codespan_reporting::term::termcolor::ColorChoice;

use super::ReportArgs;
use super::env::Env;
use crate::check::Checked;
use crate::diagnostics::formats::{self, Format};
use crate::diagnostics::{self, Diagnostic};
use crate::source::SourceMap;

/// Reports the problems of one `check` or `build` in the chosen format, always ending with the
/// counts of errors and warnings.
pub struct Reporter {
    command: &'static str,
    site: PathBuf,
    format: Format,
    color: ColorChoice,
}

impl Reporter {
    pub fn new(command: &'static str, site: &Path, args: &ReportArgs, env: &Env) -> Self {
        Reporter {
            command,
            site: site.to_path_buf(),
            format: env.format(args.format),
            color: env.color,
        }
    }

    pub fn checked(&self, checked: &Checked) {
        let allowances = allowances(checked, 0);
        self.report(
            &checked.files,
            &checked.diagnostics,
            &allowances,
            checked.summary(),
        );
        self.notes(&checked.notes);
    }

    /// Prints facts about the check itself: for people as `note:` lines, for GitHub Actions as
    /// notices; JSON reports have no place for them.
    fn notes(&self, notes: &[String]) {
        for note in notes {
            match self.format {
                Format::Human => eprintln!("note: {note}"),
                Format::Json => {}
                Format::Github => println!(
                    "::notice title=stratsite::{}",
                    note.replace('%', "%25")
                        .replace('\r', "%0D")
                        .replace('\n', "%0A")
                ),
            }
        }
    }

    /// Reports a workspace: a single strategy exactly as [`Reporter::checked`] does, a
    /// workspace with every member's problems in one list and the workspace's summary.
    pub fn workspace(&self, ws: &crate::workspace::Workspace) {
        if !ws.is_workspace() {
            return self.checked(&ws.members[0].checked);
        }
        let (files, diags, notes) = ws.report();
        // Every member's allowances, named by their files as the report numbers them: the
        // root's files first, then each member's.
        let mut offset = ws.files.ids().len();
        let mut allowed = Vec::new();
        for m in &ws.members {
            allowed.extend(allowances(&m.checked, offset));
            offset += m.checked.files.ids().len();
        }
        self.report(&files, &diags, &allowed, ws.summary());
        self.notes(&notes);
    }

    fn report(
        &self,
        files: &SourceMap,
        diags: &[Diagnostic],
        allowances: &[formats::Allowance<'_>],
        summary: String,
    ) {
        match self.format {
            Format::Human => {
                diagnostics::emit(files, diags, self.color);
                eprintln!("{summary}");
            }
            Format::Json => {
                let doc =
                    formats::json(self.command, &self.site, files, diags, allowances, summary);
                println!("{}", serde_json::to_string_pretty(&doc).unwrap_or_default());
            }
            Format::Github => {
                print!("{}", formats::github(files, diags));
                println!("{summary}");
            }
        }
    }

    /// Reports a problem that stops the command before the site is checked, and returns the
    /// failing exit code.
    pub fn fail(&self, d: Diagnostic) -> ExitCode {
        let diags = [d];
        let summary = format!("{} `{}`: 1 error", self.command, self.site.display());
        self.report(&SourceMap::default(), &diags, &[], summary);
        ExitCode::from(1)
    }
}

/// The lints `checked`'s entries allow for themselves, for a report whose files start at
/// `offset`.
fn allowances(checked: &Checked, offset: usize) -> Vec<formats::Allowance<'_>> {
    checked
        .allowances
        .iter()
        .map(|a| formats::Allowance {
            file: a.file + offset,
            at: a.span.start,
            entry: &a.entry,
            lint: a.lint.code,
            reason: &a.reason,
            suppressed: a.suppressed,
        })
        .collect()
}

/// Lets other commands report a problem that has no place in a file.
pub fn fail(message: Diagnostic, color: ColorChoice) -> ExitCode {
    diagnostics::emit(&Default::default(), &[message], color);
    ExitCode::from(1)
}
