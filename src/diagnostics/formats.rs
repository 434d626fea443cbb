//! Reporting diagnostics in the format the reader wants: rustc-style text for people, a JSON
//! document for scripts, or GitHub Actions workflow commands that become annotations on a pull
//! request.

use serde::Serialize;

use crate::diagnostics::{self, Diagnostic, Label, Severity};
use crate::source::SourceMap;

/// How `check` and `build` report problems.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// Rustc-style text on stderr, in colour on a terminal.
    Human,
    /// One JSON document on stdout (see "Output formats" in the README).
    Json,
    /// GitHub Actions workflow commands on stdout, shown as annotations.
    Github,
}

/// The version of the JSON report's shape. Within a version, fields are only added.
pub const JSON_FORMAT_VERSION: u32 = 1;

/// The counts every report ends with.
#[derive(Clone, Copy, Debug, Default, Serialize)]
pub struct Counts {
    pub errors: usize,
    pub warnings: usize,
}

impl Counts {
    pub fn of(diags: &[Diagnostic]) -> Counts {
        let (errors, warnings) = diagnostics::count(diags);
        Counts { errors, warnings }
    }
}

/// The JSON report of one run of `check` or `build`.
#[derive(Serialize)]
pub struct JsonReport {
    pub format_version: u32,
    /// `check` or `build`.
    pub command: &'static str,
    /// The site folder as given.
    pub site: String,
    pub diagnostics: Vec<JsonDiagnostic>,
    /// The lints entries allow for themselves, each with its reason.
    pub allowances: Vec<JsonAllowance>,
    pub summary: JsonSummary,
}

/// A lint one entry allows for itself (`allow = { code = "reason" }`), at the line of its code.
#[derive(Serialize)]
pub struct JsonAllowance {
    pub file: String,
    pub line: usize,
    pub column: usize,
    /// The id of the entry.
    pub entry: String,
    /// The lint's code.
    pub lint: String,
    pub reason: String,
    /// How many findings it kept from being reported in this run.
    pub suppressed: usize,
}

/// One allowance, as the JSON report holds it.
pub struct Allowance<'a> {
    pub file: crate::source::FileId,
    pub at: usize,
    pub entry: &'a str,
    pub lint: &'a str,
    pub reason: &'a str,
    pub suppressed: usize,
}

/// The closing counts and line of a JSON report.
#[derive(Serialize)]
pub struct JsonSummary {
    pub errors: usize,
    pub warnings: usize,
    /// The summary line the other formats print.
    pub text: String,
}

/// One problem in a JSON report.
#[derive(Serialize)]
pub struct JsonDiagnostic {
    /// `error` or `warning`.
    pub severity: Severity,
    /// The lint code, for lints; `null` otherwise.
    pub code: Option<String>,
    pub message: String,
    /// Where it is; every field is `null` for a problem that is not in a file.
    pub file: Option<String>,
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub end_line: Option<usize>,
    pub end_column: Option<usize>,
    /// What the place has to do with the problem (may be empty).
    pub label: Option<String>,
    pub help: Option<String>,
    pub notes: Vec<String>,
    /// Other places involved.
    pub related: Vec<JsonLocation>,
}

/// A span in a file: one-based lines and columns (columns count characters); the end is the
/// position just past the span.
#[derive(Serialize)]
pub struct JsonLocation {
    pub file: String,
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
    /// What this place has to do with the problem (may be empty).
    pub label: String,
}

fn location(files: &SourceMap, l: &Label) -> JsonLocation {
    let (line, column) = files.line_col(l.file, l.span.start);
    let (end_line, end_column) = files.line_col(l.file, l.span.end);
    JsonLocation {
        file: files.display(l.file).to_owned(),
        line,
        column,
        end_line,
        end_column,
        label: l.message.clone(),
    }
}

/// The JSON report for `diags`.
pub fn json(
    command: &'static str,
    site: &std::path::Path,
    files: &SourceMap,
    diags: &[Diagnostic],
    allowances: &[Allowance<'_>],
    summary: String,
) -> JsonReport {
    let counts = Counts::of(diags);
    JsonReport {
        format_version: JSON_FORMAT_VERSION,
        command,
        site: site.display().to_string(),
        allowances: allowances
            .iter()
            .map(|a| {
                let (line, column) = files.line_col(a.file, a.at);
                JsonAllowance {
                    file: files.display(a.file).to_owned(),
                    line,
                    column,
                    entry: a.entry.to_owned(),
                    lint: a.lint.to_owned(),
                    reason: a.reason.to_owned(),
                    suppressed: a.suppressed,
                }
            })
            .collect(),
        diagnostics: diags
            .iter()
            .map(|d| {
                let at = d.primary.as_ref().map(|p| location(files, p));
                JsonDiagnostic {
                    severity: d.severity,
                    code: d.code.map(str::to_owned),
                    message: d.message.clone(),
                    line: at.as_ref().map(|a| a.line),
                    column: at.as_ref().map(|a| a.column),
                    end_line: at.as_ref().map(|a| a.end_line),
                    end_column: at.as_ref().map(|a| a.end_column),
                    file: at.as_ref().map(|a| a.file.clone()),
                    label: at.map(|a| a.label),
                    help: d.help.clone(),
                    notes: d.notes.clone(),
                    related: d.secondary.iter().map(|s| location(files, s)).collect(),
                }
            })
            .collect(),
        summary: JsonSummary {
            errors: counts.errors,
            warnings: counts.warnings,
            text: summary,
        },
    }
}

/// GitHub Actions workflow commands, one line per diagnostic: `::warning file=…,line=…::…`.
pub fn github(files: &SourceMap, diags: &[Diagnostic]) -> String {
    let mut out = String::new();
    for d in diags {
        let command = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let mut props: Vec<(&str, String)> = Vec::new();
        if let Some(p) = &d.primary {
            let at = location(files, p);
            props.extend([
                ("file", repo_path(&at.file).to_owned()),
                ("line", at.line.to_string()),
                ("col", at.column.to_string()),
                ("endLine", at.end_line.to_string()),
                ("endColumn", at.end_column.to_string()),
            ]);
        }
        props.push(("title", d.code.unwrap_or("stratsite").to_owned()));
        let mut message = d.message.clone();
        if let Some(p) = d.primary.as_ref().filter(|p| !p.message.is_empty()) {
            message.push('\n');
            message.push_str(&p.message);
        }
        for s in &d.secondary {
            let at = location(files, s);
            message.push_str(&format!(
                "\n{}:{}:{}: {}",
                at.file, at.line, at.column, at.label
            ));
        }
        for n in &d.notes {
            message.push_str(&format!("\nnote: {n}"));
        }
        if let Some(h) = &d.help {
            message.push_str(&format!("\nhelp: {h}"));
        }
        let props: Vec<String> = props
            .into_iter()
            .map(|(k, v)| format!("{k}={}", escape_property(&v)))
            .collect();
        out.push_str(&format!(
            "::{command} {}::{}\n",
            props.join(","),
            escape_data(&message)
        ));
    }
    out
}

/// GitHub matches annotations to files by their path from the repository root, which has no
/// leading `./` (as in `stratsite build .`).
fn repo_path(mut path: &str) -> &str {
    while let Some(rest) = path.strip_prefix("./") {
        path = rest;
    }
    path
}

/// Escapes a workflow command's message.
pub fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a workflow command's property value.
pub fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}
