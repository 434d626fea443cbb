//! The whole pipeline in one call: check, plan, render. Used by `build` (which renders into a
//! staging folder) and by `serve` (which keeps the site in memory).
//!
//! The policy of a build lives here and nowhere else: errors stop it before anything is
//! rendered, and so do warnings when they are denied. A workspace is built member by member,
//! each into its folder of the output, and then the organisation's front page at the root.

use std::path::Path;
use std::sync::Arc;

use crate::check::{Checked, check_at, timed};
use crate::diagnostics::Diagnostic;
use crate::output::{Sink, Stats};
use crate::render::{render, render_workspace, templates};
use crate::site::{Options, plan};
use crate::workspace::Workspace;

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
    let stats = render_checked(&mut checked, root, opts, sink);
    Built { checked, stats }
}

/// Plans and renders a checked strategy into `sink`, unless it has errors; problems of the
/// templates and the render join its diagnostics.
fn render_checked(
    checked: &mut Checked,
    root: &Path,
    opts: &Options,
    sink: &dyn Sink,
) -> Option<Stats> {
    if !checked.is_ok() {
        return None;
    }
    let Checked {
        strategy,
        files,
        diagnostics,
        timings,
        ..
    } = checked;
    let bounds = crate::util::contained::Bounds::new(
        root,
        strategy
            .as_ref()
            .map_or(&[][..], |s| s.site.linked_folders.as_slice()),
    );
    let templates = timed(timings, "templates", || templates(root, &bounds, files));
    match (strategy.as_ref(), templates) {
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
    }
}

/// A sink that puts every file under a folder of another. GitHub Pages serves only the
/// `404.html` at the root of a site, so the first member's is put there and the others' are
/// left out.
struct Under<'a> {
    prefix: String,
    inner: &'a dyn Sink,
    /// Whether this member's `404.html` becomes the workspace's.
    not_found_at_root: bool,
}

impl Under<'_> {
    /// Where `rel` goes, or `None` for a file left out.
    fn place(&self, rel: &str) -> Option<String> {
        match rel {
            NOT_FOUND if self.prefix.is_empty() || self.not_found_at_root => {
                Some(NOT_FOUND.to_owned())
            }
            NOT_FOUND => None,
            _ => Some(format!("{}{rel}", self.prefix)),
        }
    }
}

const NOT_FOUND: &str = "404.html";

impl Sink for Under<'_> {
    fn put(&self, rel: &str, bytes: Vec<u8>) -> Result<(), Diagnostic> {
        match self.place(rel) {
            Some(at) => self.inner.put(&at, bytes),
            None => Ok(()),
        }
    }

    fn put_with(
        &self,
        rel: &str,
        write: &mut dyn FnMut(&mut dyn std::io::Write) -> std::io::Result<()>,
    ) -> Result<usize, Diagnostic> {
        match self.place(rel) {
            Some(at) => self.inner.put_with(&at, write),
            None => Ok(0),
        }
    }

    fn earlier(&self, rel: &str) -> Option<Vec<u8>> {
        self.inner.earlier(&self.place(rel)?)
    }
}

/// Builds a checked workspace (or single strategy) into `sink`: each member into its folder,
/// then, for a workspace, the organisation's front page, its assets and its `strategy.json` at
/// the root. `opts.base_url` (or `[workspace] base_url`) is the workspace's address; each
/// member is published at its folder under it. Nothing is built when any member has errors.
pub fn build_workspace(
    ws: &mut Workspace,
    opts: &Options,
    deny_warnings: bool,
    sink: &dyn Sink,
) -> Option<Stats> {
    let ws_base = opts.base_url.clone().or_else(|| {
        ws.config
            .as_ref()
            .and_then(|c| c.base_url.as_ref())
            .map(|u| u.get_ref().clone())
    });
    if ws_base.is_some() {
        ws.forget(crate::check::lints::MISSING_BASE_URL.code);
    }
    if deny_warnings {
        ws.deny_warnings();
    }
    if !ws.is_ok() {
        return None;
    }
    if !ws.is_workspace() && ws.alignment.is_empty() {
        // A single strategy aligned to nothing published elsewhere: exactly today's build.
        let root = ws.root.clone();
        return render_checked(&mut ws.members[0].checked, &root, opts, sink);
    }
    // Each member's context is read from the whole workspace before the members are rendered,
    // each on its own thread (a member's pages are rendered in parallel too; rayon shares the
    // cores between them).
    let contexts: Vec<Arc<crate::site::MemberContext>> = (0..ws.members.len())
        .map(|i| {
            Arc::new(crate::site::member_context(
                ws,
                i,
                ws.members[i].checked.as_of,
            ))
        })
        .collect();
    let is_workspace = ws.is_workspace();
    let ws_root = ws.root.clone();
    let rendered: Vec<Option<Stats>> = {
        use rayon::prelude::*;
        ws.members
            .par_iter_mut()
            .zip(contexts)
            .enumerate()
            .map(|(i, (member, context))| {
                let prefix = if member.dir.is_empty() {
                    String::new()
                } else {
                    format!("{}/", member.dir)
                };
                let base_url = ws_base
                    .as_ref()
                    .map(|b| format!("{}/{prefix}", b.trim_end_matches('/')))
                    .or_else(|| opts.base_url.clone());
                let member_root = ws_root.join(&member.dir);
                // Each member's pages show its own history.
                let history = if is_workspace {
                    crate::history::site::site_history(&member_root)
                        .ok()
                        .map(Arc::new)
                } else {
                    opts.history.clone()
                };
                let member_opts = Options {
                    dates: opts.dates,
                    base_url,
                    history,
                    workspace: Some(context),
                };
                let under = Under {
                    prefix,
                    inner: sink,
                    not_found_at_root: i == 0,
                };
                let mut stats =
                    render_checked(&mut member.checked, &member_root, &member_opts, &under)?;
                if !is_workspace {
                    // A single strategy aligned to a parent published elsewhere: its pages'
                    // stylesheet.
                    let css = crate::render::assets::workspace_css();
                    let len = css.len();
                    if let Err(d) = sink.put(crate::site::WORKSPACE_CSS, css) {
                        member.checked.diagnostics.push(d);
                        return None;
                    }
                    stats.files += 1;
                    stats.bytes += len;
                }
                Some(stats)
            })
            .collect()
    };
    let mut total = Stats::default();
    for stats in rendered {
        // Every member was rendered, so each one's problems are reported, not only the first's.
        let stats = stats?;
        total.pages += stats.pages;
        total.files += stats.files;
        total.bytes += stats.bytes;
    }
    if ws.is_workspace() {
        let started = std::time::Instant::now();
        let front = crate::site::front(ws, opts.dates.as_of);
        ws.timings.push(("front", started.elapsed()));
        let base = ws_base.unwrap_or_else(|| "/".to_owned());
        match render_workspace(ws, &front, &base, opts.dates.as_of, sink) {
            Ok(stats) => {
                total.pages += stats.pages;
                total.files += stats.files;
                total.bytes += stats.bytes;
            }
            Err(errors) => {
                ws.diagnostics.extend(errors);
                return None;
            }
        }
    }
    Some(total)
}
