//! Renders a planned site into an [`Output`]: every page through its Tera template, in
//! parallel, plus the static assets and the machine-readable files.

use std::collections::BTreeMap;
use std::path::Path;

use rayon::prelude::*;

use crate::diagnostics::Diagnostic;
use crate::markdown::ROOT_MARKER;
use crate::plan::Plan;
use crate::theme;

/// The built site: relative path -> bytes. `build` writes it to disk; `serve` keeps it in memory.
#[derive(Default, Debug, Clone, PartialEq, Eq)]
pub struct Output {
    pub files: BTreeMap<String, Vec<u8>>,
}

impl Output {
    /// Number of HTML pages.
    pub fn pages(&self) -> usize {
        self.files.keys().filter(|k| k.ends_with(".html")).count()
    }

    /// Total size in bytes.
    pub fn size(&self) -> usize {
        self.files.values().map(Vec::len).sum()
    }
}

/// Loads the templates (built-in, then the site's overrides) into Tera.
pub fn templates(site_root: &Path) -> Result<tera::Tera, Diagnostic> {
    let files = theme::files(site_root, "templates")
        .map_err(|e| Diagnostic::error(format!("cannot read the site's templates: {e}")))?;
    let mut tera = tera::Tera::new();
    tera.autoescape_on(vec![".html", ".xml"]);
    let mut sources = Vec::new();
    for f in &files {
        let text = String::from_utf8(f.bytes.clone()).map_err(|_| {
            Diagnostic::error(format!("the template `{}` is not UTF-8 text", f.rel))
        })?;
        sources.push((f.rel.clone(), text));
        // Add one by one so an error names the template it is in.
    }
    tera.add_raw_templates(sources.iter().map(|(n, t)| (n.as_str(), t.as_str())))
        .map_err(|e| template_error(&e, &files))?;
    Ok(tera)
}

fn template_error(e: &tera::Error, files: &[theme::ThemeFile]) -> Diagnostic {
    let mut message = e.to_string();
    let mut src = std::error::Error::source(e);
    while let Some(s) = src {
        message.push_str(&format!("\n{s}"));
        src = s.source();
    }
    let mut d = Diagnostic::error(format!("template error: {message}"));
    let overrides: Vec<String> = files
        .iter()
        .filter_map(|f| f.source.as_ref().map(|p| p.display().to_string()))
        .collect();
    if !overrides.is_empty() {
        d = d.note(format!(
            "the site overrides these templates: {}",
            overrides.join(", ")
        ));
        d = d.help(
            "fix the template named above; delete an override to go back to the built-in one",
        );
    }
    d
}

/// Renders every page and gathers every file of the site.
pub fn render(plan: &Plan, tera: &tera::Tera, site_root: &Path) -> Result<Output, Vec<Diagnostic>> {
    let rendered: Vec<Result<(String, Vec<u8>), Diagnostic>> = plan
        .pages
        .par_iter()
        .map(|p| {
            tera.render(p.template, &p.context)
                .map(|html| {
                    let html = if html.contains(ROOT_MARKER) {
                        html.replace(ROOT_MARKER, &p.root)
                    } else {
                        html
                    };
                    (p.path.clone(), html.into_bytes())
                })
                .map_err(|e| template_error(&e, &[]).note(format!("while rendering `{}`", p.path)))
        })
        .collect();
    let mut out = Output::default();
    let mut errors = Vec::new();
    for r in rendered {
        match r {
            Ok((path, bytes)) => {
                out.files.insert(path, bytes);
            }
            // One broken template breaks many pages the same way: report it once.
            Err(d) => {
                if !errors.iter().any(|e: &Diagnostic| e.message == d.message) {
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
    for f in statics {
        out.files.insert(f.rel, f.bytes);
    }
    if plan.has_code {
        out.files.insert(
            "assets/syntax.css".into(),
            crate::highlight::stylesheet().into_bytes(),
        );
    }
    let json = serde_json::to_vec_pretty(&plan.json).unwrap_or_default();
    out.files.insert("strategy.json".into(), json);
    out.files.insert(".nojekyll".into(), Vec::new());
    if let Some(c) = &plan.cname {
        out.files
            .insert("CNAME".into(), format!("{c}\n").into_bytes());
    }
    Ok(out)
}
