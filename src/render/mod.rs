//! Renders a planned site: every page through its Tera template, in parallel, plus the static
//! assets and the machine-readable files, each handed to a [`Sink`] as soon as it is ready.

pub mod assets;
mod bounded;
mod images;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::diagnostics::Diagnostic;
use crate::markdown::ROOT_MARKER;
use crate::output::{Sink, Stats};
use crate::render::assets as theme;
use crate::site::Plan;
use crate::source::SourceMap;
use crate::util::contained::Bounds;

/// The templates, loaded into Tera, and the text of the site's own ones (for diagnostics).
pub struct Templates {
    pub tera: tera::Tera,
    /// Template name -> (its file, its text), for the site's overrides.
    overrides: HashMap<String, (PathBuf, String)>,
}

/// Loads the templates (built-in, then the site's overrides) into Tera. Every error in them is
/// reported, each at its place in the site's own template when it is there. A site without
/// overrides shares the built-in templates, loaded once per process (for the members of a
/// workspace, and for every rebuild of `serve`).
pub fn templates(
    site_root: &Path,
    bounds: &Bounds,
    files: &mut SourceMap,
) -> Result<std::sync::Arc<Templates>, Vec<Diagnostic>> {
    static BUILT_IN: std::sync::OnceLock<std::sync::Arc<Templates>> = std::sync::OnceLock::new();
    let theme = theme::files(site_root, "templates", bounds)?;
    if theme.iter().all(|f| f.source.is_none()) {
        if let Some(t) = BUILT_IN.get() {
            return Ok(std::sync::Arc::clone(t));
        }
        let t = std::sync::Arc::new(load(theme, files)?);
        return Ok(std::sync::Arc::clone(BUILT_IN.get_or_init(|| t)));
    }
    load(theme, files).map(std::sync::Arc::new)
}

/// The templates of `theme` loaded into Tera.
fn load(theme: Vec<theme::ThemeFile>, files: &mut SourceMap) -> Result<Templates, Vec<Diagnostic>> {
    let mut tera = tera::Tera::new();
    tera.autoescape_on(vec![".html", ".xml"]);
    let mut sources = Vec::new();
    let mut overrides = HashMap::new();
    for f in &theme {
        let text = String::from_utf8(f.bytes.clone()).map_err(|_| {
            vec![Diagnostic::error(format!(
                "the template `{}` is not UTF-8 text",
                f.rel
            ))]
        })?;
        if let Some(path) = &f.source {
            overrides.insert(f.rel.clone(), (path.clone(), text.clone()));
        }
        sources.push((f.rel.clone(), text));
    }
    let mut templates = Templates { tera, overrides };
    let added = templates
        .tera
        .add_raw_templates(sources.iter().map(|(n, t)| (n.as_str(), t.as_str())));
    match added {
        Ok(()) => Ok(templates),
        Err(e) => Err(templates.load_errors(&e, files)),
    }
}

/// The site's templates already added to the source map, by name.
#[derive(Default)]
struct Located {
    ids: HashMap<String, crate::source::FileId>,
    seen: std::collections::HashSet<(String, usize, String)>,
}

impl Templates {
    /// Diagnostics for a failed load. Tera stops at the first template that does not parse, so
    /// each of the site's own templates is also parsed alone, to report every syntax error at
    /// once.
    fn load_errors(&self, e: &tera::Error, files: &mut SourceMap) -> Vec<Diagnostic> {
        let mut at = Located::default();
        let mut errors = self.errors(e, files, &mut at);
        let mut names: Vec<&String> = self.overrides.keys().collect();
        names.sort();
        for name in names {
            let (_, text) = &self.overrides[name];
            // Alone, a template cannot find the ones it extends or includes: only syntax
            // errors, which are its own, count here.
            if let Err(alone) = tera::Tera::new().add_raw_template(name, text)
                && matches!(alone.kind(), tera::ErrorKind::SyntaxError(_))
            {
                errors.extend(self.errors(&alone, files, &mut at));
            }
        }
        if errors.is_empty() {
            errors.push(Diagnostic::error(format!("template error: {e}")));
        }
        errors.sort_by_key(|d| d.primary.as_ref().map(|p| (p.file, p.span.start)));
        errors
    }

    /// Diagnostics for a Tera error: one per problem it reports.
    fn errors(&self, e: &tera::Error, files: &mut SourceMap, at: &mut Located) -> Vec<Diagnostic> {
        match e.kind() {
            tera::ErrorKind::SyntaxError(r) | tera::ErrorKind::RenderingError(r) => self
                .located(r.filename(), r.span().range.clone(), r.message(), files, at)
                .into_iter()
                .collect(),
            tera::ErrorKind::MissingParent { current, .. } => {
                vec![self.named(current, &e.to_string())]
            }
            tera::ErrorKind::CircularExtend { tpl, .. }
            | tera::ErrorKind::CircularInclude { tpl, .. } => vec![self.named(tpl, &e.to_string())],
            // Loading reports every template's errors in one message, block by block.
            tera::ErrorKind::Msg(text) if text.contains("\n --> ") => text
                .split("\n\n")
                .filter_map(|block| self.report_block(block, files, at))
                .collect(),
            _ => {
                let mut message = e.to_string();
                let mut src = std::error::Error::source(e);
                while let Some(s) = src {
                    message.push_str(&format!(": {s}"));
                    src = s.source();
                }
                vec![Diagnostic::error(format!("template error: {message}"))]
            }
        }
    }

    /// A problem at a byte range of a template: in the site's file when it is an override.
    fn located(
        &self,
        name: &str,
        range: std::ops::Range<usize>,
        message: &str,
        files: &mut SourceMap,
        at: &mut Located,
    ) -> Option<Diagnostic> {
        if !at
            .seen
            .insert((name.to_owned(), range.start, message.to_owned()))
        {
            return None;
        }
        let Some((path, text)) = self.overrides.get(name) else {
            return Some(builtin(name, message));
        };
        let id = *at.ids.entry(name.to_owned()).or_insert_with(|| {
            let display = path.display().to_string();
            files.add(format!("templates/{name}"), display, text.clone())
        });
        let end = range.end.min(text.len());
        let start = range.start.min(end);
        Some(
            Diagnostic::error(format!("in the template `templates/{name}`: {message}"))
                .at(id, start..end, "here")
                .help(format!(
                    "fix the template, or delete `templates/{name}` from the site to go back to the built-in one"
                )),
        )
    }

    /// A problem with a whole template, named.
    fn named(&self, name: &str, message: &str) -> Diagnostic {
        match self.overrides.get(name) {
            Some(_) => Diagnostic::error(format!("in the template `templates/{name}`: {message}"))
                .help(format!(
                    "fix the template, or delete `templates/{name}` from the site to go back to the built-in one"
                )),
            None => builtin(name, message),
        }
    }

    /// One block of Tera's load report: `error: MESSAGE`, ` --> NAME:LINE:COL`, the source line
    /// and a line of carets.
    fn report_block(
        &self,
        block: &str,
        files: &mut SourceMap,
        at: &mut Located,
    ) -> Option<Diagnostic> {
        let mut lines = block.lines();
        let first = lines.next()?;
        let message = first.strip_prefix("error: ").unwrap_or(first).trim();
        let arrow = block
            .lines()
            .find_map(|l| l.trim_start().strip_prefix("--> "))?;
        let mut parts = arrow.rsplitn(3, ':');
        let column: usize = parts.next()?.trim().parse().ok()?;
        let line: usize = parts.next()?.trim().parse().ok()?;
        let name = parts.next()?.trim();
        let width = block
            .lines()
            .skip_while(|l| !l.trim_start().starts_with("--> "))
            .find(|l| l.contains('^'))
            .map_or(1, |l| l.matches('^').count());
        let Some((_, text)) = self.overrides.get(name) else {
            return Some(builtin(
                name,
                &format!("line {line}, column {column}: {message}"),
            ));
        };
        let start = offset_of(text, line, column);
        let end = text[start..]
            .char_indices()
            .nth(width)
            .map_or(text.len(), |(i, _)| start + i);
        self.located(name, start..end, message, files, at)
    }
}

fn builtin(name: &str, message: &str) -> Diagnostic {
    Diagnostic::error(format!("in the built-in template `{name}`: {message}"))
        .help("the built-in templates rely on the values documented in docs/themes.md: if the site overrides a template that this one includes or extends, the override may be the cause")
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
    /// A limit passed, by the template, while rendering the page.
    Limit(bounded::Limit, &'static str, String),
}

/// Renders every page and every other file of the site into `sink`.
pub fn render(
    plan: Plan<'_>,
    templates: &Templates,
    site_root: &Path,
    sink: &dyn Sink,
    files: &mut SourceMap,
) -> Result<Stats, Vec<Diagnostic>> {
    let Plan {
        pages,
        commitments,
        strategy,
        links,
        base,
        as_of,
        cname,
        images,
        pages_only,
    } = plan;
    let base_url = base.url;
    let allow_html = strategy.site.allow_html;
    // strategy.json and the search index are written while the pages render.
    let json = || {
        if pages_only {
            return (Ok(0), Ok(0));
        }
        let json = sink.put_with("strategy.json", &mut |w| {
            crate::export::strategy_json::write_strategy_json(w, strategy, &links, &base_url, as_of)
        });
        let index = sink.put_with("search-index.js", &mut |w| {
            crate::export::search_index::write_search_index(w, strategy, &links)
        });
        (json, index)
    };
    let watchdog = bounded::Watchdog::start(templates.overrides.keys().cloned().collect());
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
                let watched = watchdog.watch(template, &path);
                let mut out = bounded::PageWriter::new();
                let rendered = templates.tera.render_to(template, &context, &mut out);
                drop(watched);
                if let Some(limit) = out.passed {
                    return Err(PageError::Limit(limit, template, path));
                }
                rendered.map_err(|e| PageError::Template(e, path.clone()))?;
                let html = String::from_utf8(out.bytes)
                    .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
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
    // The badges and cards as they are, the previews rasterised: each on its own thread.
    let drawn = || -> Vec<Result<(String, usize), Diagnostic>> {
        images
            .par_iter()
            .map(|i| {
                let (w, h) = (crate::site::PREVIEW_W, crate::site::PREVIEW_H);
                let bytes = if i.raster {
                    // The previous build's image, when it was drawn from the same drawing.
                    match sink
                        .earlier(&i.path)
                        .filter(|png| images::drawn_from(png, &i.svg, w, h))
                    {
                        Some(png) => png,
                        None => images::png(&i.svg, w, h).map_err(|e| {
                            Diagnostic::error(format!("could not draw `{}`: {e}", i.path))
                        })?,
                    }
                } else {
                    i.svg.clone().into_bytes()
                };
                let len = bytes.len();
                sink.put(&i.path, bytes)?;
                Ok((i.path.clone(), len))
            })
            .collect()
    };
    let (rendered, (json, drawn)) = rayon::join(pages, || rayon::join(json, drawn));
    drop(watchdog);
    let mut stats = Stats::default();
    let mut errors: Vec<Diagnostic> = Vec::new();
    let mut located = Located::default();
    // Templates that passed a limit: one error each, not one per page.
    let mut limited = std::collections::HashSet::new();
    let mut has_code = false;
    // What stratsite makes, by its path in lowercase (on macOS and Windows `Index.html` is
    // `index.html`).
    let mut made: HashMap<String, String> = HashMap::new();
    let mut makes = |path: &str| made.insert(path.to_lowercase(), path.to_owned());
    makes("strategy.json");
    makes("search-index.js");
    for d in drawn {
        match d {
            Ok((path, len)) => {
                stats.add(&path, len);
                makes(&path);
            }
            Err(d) => {
                if !errors.iter().any(|e| e.message == d.message) {
                    errors.push(d);
                }
            }
        }
    }
    for r in rendered {
        match r {
            Ok((path, len, code)) => {
                stats.add(&path, len);
                has_code |= code;
                makes(&path);
            }
            // One broken template breaks many pages the same way: report it once.
            Err(PageError::Template(e, path)) => {
                for d in templates.errors(&e, files, &mut located) {
                    errors.push(d.note(format!("while rendering `{path}`")));
                }
            }
            Err(PageError::Limit(limit, template, path)) => {
                let d = templates
                    .named(template, &bounded::message(limit, &path))
                    .note("a loop in the template may never end, or write far too much");
                if limited.insert(template) {
                    errors.push(d);
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
    if pages_only {
        return Ok(stats);
    }
    let bounds = Bounds::new(site_root, &strategy.site.linked_folders);
    let statics = theme::files(site_root, "static", &bounds)?;
    if has_code {
        makes("assets/syntax.css");
    }
    if cname.is_some() {
        makes("CNAME");
    }
    // A file of the site's own `static/` may replace a theme's asset, never a file stratsite
    // makes: that page would silently lose its content.
    let clashes: Vec<Diagnostic> = statics
        .iter()
        .filter(|f| f.source.is_some())
        .filter_map(|f| made.get(&f.rel.to_lowercase()).map(|m| (f, m)))
        .map(|(f, made)| {
            Diagnostic::error(format!(
                "`static/{}` would replace the `{made}` that stratsite makes",
                f.rel
            ))
            .help(if f.rel.ends_with(".html") || f.rel.ends_with(".xml") {
                "rename the file; to change the page, override its template in `templates/` (see docs/themes.md)"
            } else {
                "rename the file, or put it in a folder of its own inside `static/`"
            })
        })
        .collect();
    if !clashes.is_empty() {
        return Err(clashes);
    }
    let (json, index) = json;
    stats.add("strategy.json", json.map_err(|d| vec![d])?);
    stats.add("search-index.js", index.map_err(|d| vec![d])?);
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
            crate::markdown::highlight::stylesheet().into_bytes(),
        )?;
    }
    put(".nojekyll", Vec::new())?;
    if let Some(c) = &cname {
        put("CNAME", format!("{c}\n").into_bytes())?;
    }
    Ok(stats)
}

/// Renders the organisation's front page of a workspace (`workspace.html`) into `index.html`
/// and its one-pager (`workspace-print.html`) into `print.html`, with the theme's assets and
/// the workspace's `strategy.json`, at the root of `sink`. The members are rendered into their
/// folders before.
pub fn render_workspace(
    ws: &mut crate::workspace::Workspace,
    front: &crate::site::Front,
    base_url: &str,
    as_of: jiff::civil::Date,
    sink: &dyn Sink,
) -> Result<Stats, Vec<Diagnostic>> {
    let root = ws.root.clone();
    let bounds = Bounds::new(&root, &[]);
    let templates = templates(&root, &bounds, &mut ws.files)?;
    let base = crate::site::BaseUrl::new(base_url);
    let config = ws.config.as_ref();
    let title = config
        .and_then(|c| c.title.as_ref())
        .map(|t| t.get_ref().clone())
        .unwrap_or_default();
    let description = config
        .and_then(|c| c.description.clone())
        .unwrap_or_default();
    let mut context = tera::Context::new();
    context.insert("root", "");
    context.insert(
        "site",
        &serde_json::json!({
            "title": title,
            "description": description,
            "language": config.and_then(|c| c.language.clone()).unwrap_or_else(|| "en".into()),
            "base_url": base.url,
            "as_of": as_of.to_string(),
            "version": env!("CARGO_PKG_VERSION"),
        }),
    );
    context.insert("north_stars", &front.north_stars);
    context.insert("teams", &front.teams);
    let parents: Vec<serde_json::Value> = ws
        .parents
        .iter()
        .map(|p| serde_json::json!({ "name": p.name, "title": p.title, "url": p.url }))
        .collect();
    context.insert("parents", &parents);
    // The front page and the organisation on one printed sheet: the same values, each its own
    // page.
    let mut pages = Vec::new();
    for (template, rel, kind) in [
        ("workspace.html", "index.html", "workspace"),
        ("workspace-print.html", "print.html", "workspace-print"),
    ] {
        context.insert(
            "page",
            &serde_json::json!({
                "kind": kind,
                "title": title,
                "url": rel,
                "canonical": base.canonical(rel),
                "description": description,
                "has_code": false,
            }),
        );
        let html = templates.tera.render(template, &context).map_err(|e| {
            let mut at = Located::default();
            templates.errors(&e, &mut ws.files, &mut at)
        })?;
        pages.push((rel, html));
    }
    let mut stats = Stats::default();
    let mut put = |rel: &str, bytes: Vec<u8>| -> Result<(), Vec<Diagnostic>> {
        stats.add(rel, bytes.len());
        sink.put(rel, bytes).map_err(|d| vec![d])
    };
    for (rel, html) in pages {
        put(rel, html.into_bytes())?;
    }
    let json = crate::export::workspace_json::workspace_json(ws, &base.url, as_of);
    let mut text = serde_json::to_string_pretty(&json).unwrap_or_default();
    text.push('\n');
    put("strategy.json", text.into_bytes())?;
    for f in theme::files(&root, "static", &bounds)? {
        put(&f.rel, f.bytes)?;
    }
    put(crate::site::WORKSPACE_CSS, theme::workspace_css())?;
    put(".nojekyll", Vec::new())?;
    Ok(stats)
}
