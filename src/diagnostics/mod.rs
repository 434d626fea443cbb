//! Problems found in a site, as values: what is wrong, where, and how to fix it.
//!
//! One [`Diagnostic`] type serves every output: the terminal (rustc-style, via
//! codespan-reporting), plain text for snapshots, and anything else that wants file, line and
//! column.

pub mod formats;

use std::ops::Range;

use codespan_reporting::diagnostic as cs;
use codespan_reporting::term::{self, termcolor};

mod window;

use crate::source::{FileId, SourceMap};

/// How bad a problem is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Warning,
    Error,
}

/// A place in a source file.
#[derive(Clone, Debug)]
pub struct Label {
    pub file: FileId,
    pub span: Range<usize>,
    /// What this place has to do with the problem (may be empty).
    pub message: String,
}

/// One problem.
#[derive(Clone, Debug)]
pub struct Diagnostic {
    pub severity: Severity,
    /// A stable code for problems that have one: a lint's code.
    pub code: Option<&'static str>,
    pub message: String,
    /// The place the problem is, when it is in a file.
    pub primary: Option<Label>,
    /// Other places involved (the first definition of a duplicate id, say).
    pub secondary: Vec<Label>,
    /// How to fix it.
    pub help: Option<String>,
    /// Extra facts worth knowing.
    pub notes: Vec<String>,
}

impl Diagnostic {
    /// An error with no place in a file.
    pub fn error(message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            code: None,
            message: message.into(),
            primary: None,
            secondary: Vec::new(),
            help: None,
            notes: Vec::new(),
        }
    }

    /// A warning with no place in a file.
    pub fn warning(message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(message)
        }
    }

    /// The same problem with its places in files shifted by `offset`, for a report that
    /// puts several source maps one after the other ([`SourceMap::append`]).
    pub fn shifted(mut self, offset: FileId) -> Self {
        for l in self.primary.iter_mut().chain(self.secondary.iter_mut()) {
            l.file += offset;
        }
        self
    }

    /// Sets the stable code (a lint's name).
    pub fn code(mut self, code: &'static str) -> Self {
        self.code = Some(code);
        self
    }

    /// Sets the primary place.
    pub fn at(mut self, file: FileId, span: Range<usize>, message: impl Into<String>) -> Self {
        self.primary = Some(Label {
            file,
            span,
            message: message.into(),
        });
        self
    }

    /// Adds another place.
    pub fn also(mut self, file: FileId, span: Range<usize>, message: impl Into<String>) -> Self {
        self.secondary.push(Label {
            file,
            span,
            message: message.into(),
        });
        self
    }

    /// Sets the help line.
    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Sets the help line when there is one.
    pub fn maybe_help(mut self, help: Option<String>) -> Self {
        if help.is_some() {
            self.help = help;
        }
        self
    }

    /// Adds a note.
    pub fn note(mut self, note: impl Into<String>) -> Self {
        self.notes.push(note.into());
        self
    }

    /// `path:line:col` of the primary place, if any.
    pub fn location(&self, files: &SourceMap) -> Option<(String, usize, usize)> {
        let p = self.primary.as_ref()?;
        let (line, col) = files.line_col(p.file, p.span.start);
        Some((files.display(p.file).to_owned(), line, col))
    }

    fn to_codespan(&self) -> cs::Diagnostic<FileId> {
        let severity = match self.severity {
            Severity::Error => cs::Severity::Error,
            Severity::Warning => cs::Severity::Warning,
        };
        let mut labels = Vec::new();
        if let Some(p) = &self.primary {
            labels.push(cs::Label::primary(p.file, p.span.clone()).with_message(&p.message));
        }
        for s in &self.secondary {
            labels.push(cs::Label::secondary(s.file, s.span.clone()).with_message(&s.message));
        }
        let mut notes: Vec<String> = self.notes.clone();
        if let Some(h) = &self.help {
            notes.push(format!("help: {h}"));
        }
        let mut d = cs::Diagnostic::new(severity)
            .with_message(&self.message)
            .with_labels(labels)
            .with_notes(notes);
        if let Some(c) = self.code {
            d = d.with_code(c);
        }
        d
    }
}

/// Writes diagnostics rustc-style to a terminal stream, in colour when `color` says so.
pub fn emit(files: &SourceMap, diags: &[Diagnostic], color: termcolor::ColorChoice) {
    // Written to a buffer and then to stderr at once: the renderer writes a few bytes at a
    // time, which unbuffered stderr would pass to the system one call each.
    let writer = termcolor::BufferWriter::stderr(color);
    let mut buffer = writer.buffer();
    let config = term::Config::default();
    for d in diags {
        let _ = emit_one(&mut buffer, &config, files, d);
    }
    // A failure to write to stderr leaves nothing better to do than carry on.
    let _ = writer.print(&buffer);
}

/// A file of the site that is not read: what is wrong, naming it, and how to fix it.
impl From<&crate::util::contained::Refused> for Diagnostic {
    fn from(r: &crate::util::contained::Refused) -> Self {
        Diagnostic::error(r.message()).help(r.help())
    }
}

/// Writes one diagnostic, with long lines quoted as a window around what it points at.
fn emit_one(
    w: &mut dyn termcolor::WriteColor,
    config: &term::Config,
    files: &SourceMap,
    d: &Diagnostic,
) -> Result<(), codespan_reporting::files::Error> {
    let d = d.to_codespan();
    match window::window(files, &d) {
        Some((windowed, d)) => term::emit_to_write_style(w, config, &windowed, &d),
        None => term::emit_to_write_style(w, config, files, &d),
    }
}

/// Renders diagnostics as plain text, exactly as the terminal shows them without colour.
pub fn render_plain(files: &SourceMap, diags: &[Diagnostic]) -> String {
    let mut buf = termcolor::NoColor::new(Vec::new());
    let config = term::Config::default();
    for d in diags {
        let _ = emit_one(&mut buf, &config, files, d);
    }
    String::from_utf8_lossy(&buf.into_inner()).into_owned()
}

/// Counts errors and warnings.
pub fn count(diags: &[Diagnostic]) -> (usize, usize) {
    let errors = diags
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    (errors, diags.len() - errors)
}

/// The candidates closest to a misspelled word, best first, for "did you mean" help.
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Vec<&'a str> {
    let mut scored: Vec<(f64, &str)> = candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(word, c), c))
        .filter(|(score, c)| {
            let limit = (word.len() / 2).max(2);
            // A close start counts too, for names that go on (`objective.metric`).
            let start: String = c.chars().take(word.chars().count() + 1).collect();
            let near = *score >= 0.8
                && (strsim::osa_distance(word, c) <= limit
                    || (word.len() >= 6 && strsim::osa_distance(word, &start) <= 2));
            let contained = c.contains(word) || word.contains(c);
            (near || contained) && !negates(word, c)
        })
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(b.1)));
    scored.dedup_by(|a, b| a.1 == b.1);
    scored.into_iter().take(3).map(|(_, c)| c).collect()
}

/// Whether one word is the other with a negation in front (`goal` and `non_goal`): close in
/// spelling, opposite in meaning, so never a suggestion.
fn negates(a: &str, b: &str) -> bool {
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    long.strip_suffix(short).is_some_and(|prefix| {
        let prefix = prefix.trim_end_matches(['_', '-']);
        matches!(prefix, "non" | "no" | "not" | "un" | "anti" | "in" | "dis")
    })
}

/// "did you mean `a`?" / "did you mean `a` or `b`?" for a list of suggestions.
pub fn did_you_mean(suggestions: &[&str]) -> Option<String> {
    match suggestions {
        [] => None,
        [one] => Some(format!("did you mean `{one}`?")),
        [init @ .., last] => Some(format!(
            "did you mean {} or `{last}`?",
            init.iter()
                .map(|s| format!("`{s}`"))
                .collect::<Vec<_>>()
                .join(", ")
        )),
    }
}
