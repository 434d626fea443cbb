//! Renders a planned site: every page through its Tera template, in parallel, plus the static
//! assets and the machine-readable files, each handed to a [`Sink`] as soon as it is ready.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Mutex;

use rayon::prelude::*;

use crate::diagnostics::Diagnostic;
use crate::markdown::ROOT_MARKER;
use crate::plan::Plan;
use crate::source::SourceMap;
use crate::theme;

/// Where rendered files go: a staging folder (`build`) or memory (`serve`).
pub trait Sink: Sync {
    /// Stores one file at `rel`, a `/`-separated path from the site root.
    fn put(&self, rel: &str, bytes: Vec<u8>) -> Result<(), Diagnostic>;

    /// Stores one file that `write` produces piece by piece (so a large file need not be held
    /// whole in memory); returns its size.
    fn put_with(
        &self,
        rel: &str,
        write: &mut dyn FnMut(&mut dyn std::io::Write) -> std::io::Result<()>,
    ) -> Result<usize, Diagnostic> {
        let mut bytes = Vec::new();
        write(&mut bytes).map_err(|e| Diagnostic::error(format!("cannot write `{rel}`: {e}")))?;
        let len = bytes.len();
        self.put(rel, bytes)?;
        Ok(len)
    }
}

/// A built site held in memory: relative path -> bytes.
#[derive(Default, Debug, Clone, PartialEq, Eq)]
pub struct Output {
    pub files: BTreeMap<String, Vec<u8>>,
}

impl Sink for Mutex<Output> {
    fn put(&self, rel: &str, bytes: Vec<u8>) -> Result<(), Diagnostic> {
        let mut out = self.lock().unwrap_or_else(|e| e.into_inner());
        out.files.insert(rel.to_owned(), bytes);
        Ok(())
    }
}

/// What a render wrote.
#[derive(Default, Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stats {
    /// HTML pages.
    pub pages: usize,
    /// All files.
    pub files: usize,
    /// Total size in bytes.
    pub bytes: usize,
}

impl Stats {
    fn add(&mut self, rel: &str, len: usize) {
        self.pages += usize::from(rel.ends_with(".html"));
        self.files += 1;
        self.bytes += len;
    }
}

/// Loads the templates (built-in, then the site's overrides) into Tera.
pub fn templates(site_root: &Path, files: &mut SourceMap) -> Result<tera::Tera, Diagnostic> {
    let theme = theme::files(site_root, "templates")
        .map_err(|e| Diagnostic::error(format!("cannot read the site's templates: {e}")))?;
    let mut tera = tera::Tera::new();
    tera.autoescape_on(vec![".html", ".xml"]);
    let mut sources = Vec::new();
    for f in &theme {
        let text = String::from_utf8(f.bytes.clone()).map_err(|_| {
            Diagnostic::error(format!("the template `{}` is not UTF-8 text", f.rel))
        })?;
        sources.push((f.rel.clone(), text));
    }
    tera.add_raw_templates(sources.iter().map(|(n, t)| (n.as_str(), t.as_str())))
        .map_err(|e| template_error(&e, site_root, files))?;
    Ok(tera)
}

/// Where Tera says an error is: template name, line and column (1-based), and how many
/// characters its caret marks.
struct TeraLocation {
    name: String,
    line: usize,
    column: usize,
    width: usize,
}

/// Reads the location out of Tera's report (` --> NAME:LINE:COL` and a line of carets).
fn tera_location(report: &str) -> Option<TeraLocation> {
    let arrow = report
        .lines()
        .find_map(|l| l.trim_start().strip_prefix("--> "))?;
    let mut parts = arrow.rsplitn(3, ':');
    let column = parts.next()?.trim().parse().ok()?;
    let line = parts.next()?.trim().parse().ok()?;
    let name = parts.next()?.trim().to_owned();
    let width = report
        .lines()
        .filter(|l| l.contains('^'))
        .map(|l| l.matches('^').count())
        .next_back()
        .unwrap_or(1);
    Some(TeraLocation {
        name,
        line,
        column,
        width,
    })
}

/// Turns a Tera error into a diagnostic. An error in one of the site's own templates points at
/// its line and column there, like any other problem in the site's files.
fn template_error(e: &tera::Error, site_root: &Path, files: &mut SourceMap) -> Diagnostic {
    let mut report = e.to_string();
    let mut src = std::error::Error::source(e);
    while let Some(s) = src {
        report.push_str(&format!("\n{s}"));
        src = s.source();
    }
    let first = report.lines().next().unwrap_or_default();
    let message = first
        .strip_prefix("error: ")
        .unwrap_or(first)
        .trim()
        .to_owned();
    let Some(at) = tera_location(&report) else {
        return Diagnostic::error(format!("template error: {message}"))
            .note(report.lines().skip(1).collect::<Vec<_>>().join("\n"));
    };
    let rel = format!("templates/{}", at.name);
    let path = site_root.join(&rel);
    let own = path
        .is_file()
        .then(|| std::fs::read_to_string(&path).ok())
        .flatten();
    match own {
        Some(text) => {
            let start = offset_of(&text, at.line, at.column);
            let end = text[start..]
                .char_indices()
                .nth(at.width)
                .map_or(text.len(), |(i, _)| start + i);
            let display = path.display().to_string();
            let file = files.add(path, rel.clone(), display, text);
            Diagnostic::error(format!("in the template `{rel}`: {message}"))
                .at(file, start..end, "here")
                .help(format!(
                    "fix the template, or delete `{rel}` from the site to go back to the built-in one"
                ))
        }
        None => Diagnostic::error(format!(
            "in the built-in template `{}`, line {}, column {}: {message}",
            at.name, at.line, at.column
        ))
        .help("the built-in templates rely on the values documented in docs/themes.md: if the site overrides a template that this one includes, the override may be missing one"),
    }
}

/// The byte offset of a 1-based line and character column, kept inside the text.
fn offset_of(text: &str, line: usize, column: usize) -> usize {
    let line_start = text
        .split_inclusive('\n')
        .take(line.saturating_sub(1))
        .map(str::len)
        .sum::<usize>()
        .min(text.len());
    text[line_start..]
        .char_indices()
        .nth(column.saturating_sub(1))
        .map_or(text.len(), |(i, _)| line_start + i)
}

/// Why a page could not be made.
enum PageError {
    Template(tera::Error, String),
    Write(Diagnostic),
}

/// Renders every page and every other file of the site into `sink`.
pub fn render(
    plan: Plan<'_>,
    tera: &tera::Tera,
    site_root: &Path,
    sink: &dyn Sink,
    files: &mut SourceMap,
) -> Result<Stats, Vec<Diagnostic>> {
    let Plan {
        pages,
        commitments,
        strategy,
        links,
        base_url,
        as_of,
        cname,
    } = plan;
    let allow_html = strategy.site.allow_html;
    // strategy.json is written while the pages render.
    let json = || {
        sink.put_with("strategy.json", &mut |w| {
            crate::json::write_strategy_json(w, strategy, &links, &base_url, as_of)
        })
    };
    // Per page: its path, size and whether it has code, or what went wrong.
    let pages = || -> Vec<Result<(String, usize, bool), PageError>> {
        let made = (0..commitments.len())
            .into_par_iter()
            .filter_map(|i| commitments.page(i, &links));
        pages
            .into_par_iter()
            .chain(made)
            .map(|p| {
                let path = p.path.clone();
                let (template, root) = (p.template, p.root.clone());
                let (context, has_code) = p.into_context(&links, allow_html);
                let html = tera
                    .render(template, &context)
                    .map_err(|e| PageError::Template(e, path.clone()))?;
                let html = if html.contains(ROOT_MARKER) {
                    html.replace(ROOT_MARKER, &root)
                } else {
                    html
                };
                let len = html.len();
                sink.put(&path, html.into_bytes())
                    .map_err(PageError::Write)?;
                Ok((path, len, has_code))
            })
            .collect()
    };
    let (rendered, json) = rayon::join(pages, json);
    let mut stats = Stats::default();
    let mut errors: Vec<Diagnostic> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    let mut has_code = false;
    for r in rendered {
        match r {
            Ok((path, len, code)) => {
                stats.add(&path, len);
                has_code |= code;
            }
            // One broken template breaks many pages the same way: report it once.
            Err(PageError::Template(e, path)) => {
                if seen.insert(e.to_string()) {
                    errors.push(
                        template_error(&e, site_root, files)
                            .note(format!("while rendering `{path}`")),
                    );
                }
            }
            Err(PageError::Write(d)) => {
                if !errors.iter().any(|e| e.message == d.message) {
                    errors.push(d);
                }
            }
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let statics = theme::files(site_root, "static").map_err(|e| {
        vec![Diagnostic::error(format!(
            "cannot read the site's static files: {e}"
        ))]
    })?;
    stats.add("strategy.json", json.map_err(|d| vec![d])?);
    let mut put = |rel: &str, bytes: Vec<u8>| -> Result<(), Vec<Diagnostic>> {
        stats.add(rel, bytes.len());
        sink.put(rel, bytes).map_err(|d| vec![d])
    };
    for f in statics {
        put(&f.rel, f.bytes)?;
    }
    if has_code {
        put(
            "assets/syntax.css",
            crate::highlight::stylesheet().into_bytes(),
        )?;
    }
    put(".nojekyll", Vec::new())?;
    if let Some(c) = &cname {
        put("CNAME", format!("{c}\n").into_bytes())?;
    }
    Ok(stats)
}
