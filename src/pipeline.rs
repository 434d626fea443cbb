//! The whole pipeline in one call: check, plan, render. Used by `build` (which renders into a
//! staging folder) and by `serve` (which keeps the site in memory).
//!
//! The policy of a build lives here and nowhere else: errors stop it before anything is
//! rendered, and so do warnings when they are denied. A workspace is built member by member,
//! each into its folder of the output, and then the organisation's front page at the root.

use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

use crate::check::{Checked, Dates, check_at, timed};
use crate::diagnostics::Diagnostic;
use crate::history::site::SiteHistory;
use crate::output::{Sink, Stats};
use crate::render::{render, render_workspace, templates};
use crate::site::{MemberContext, Options, plan};
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
    render_checked_only(checked, root, opts, sink, None)
}

/// Like [`render_checked`]; with `only`, only the pages at these paths (the rest of the site,
/// its other pages, `strategy.json`, search index, images and assets, is the sink's to keep).
fn render_checked_only(
    checked: &mut Checked,
    root: &Path,
    opts: &Options,
    sink: &dyn Sink,
    only: Option<&std::collections::HashSet<String>>,
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
            let mut plan = timed(timings, "plan", || plan(strategy, files, opts));
            if let Some(only) = only {
                plan.pages.retain(|p| only.contains(&p.path));
                plan.commitments.leave_out();
                plan.images.clear();
                plan.pages_only = true;
            }
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

/// What a workspace's render keeps for the next one, for `serve --watch`: with what each member's
/// pages were drawn, and each member's history. A member whose own check was kept
/// ([`crate::workspace::Member::reused`]) and whose pages would be drawn with the same context
/// keeps the files it wrote last time instead of rendering them again.
#[derive(Default)]
pub struct Renders {
    /// By member folder: what its pages were last drawn with, and what they came to.
    members: HashMap<String, Drawn>,
    /// Each member's history, read once, as a single site's is for a session of `serve`:
    /// commits show after a restart, edits at once.
    histories: HashMap<String, Option<Arc<SiteHistory>>>,
    /// Of the last build that went through: how many members were drawn whole, how many only
    /// in their objectives' pages, of how many.
    drawn: (usize, usize, usize),
}

impl Renders {
    /// How many members the last build that went through drew again whole, how many only in
    /// some objectives' pages, and of how many.
    pub fn drawn(&self) -> (usize, usize, usize) {
        self.drawn
    }
}

/// How much of a member a build drew again.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Drew {
    /// Nothing: every file is the previous build's.
    Nothing,
    /// Only the pages of the objectives whose chains up or contributors changed.
    Objectives,
    /// Every page.
    All,
}

/// What one member's pages were drawn with.
struct Drawn {
    context: Arc<MemberContext>,
    dates: Dates,
    base_url: Option<String>,
    stats: Stats,
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
    build_workspace_with(ws, opts, deny_warnings, sink, None)
}

/// Like [`build_workspace`], keeping from the previous build (the sink's
/// [`Sink::keep`]) every member that `renders` says would be drawn the same again, and
/// recording in it what this build drew.
pub fn build_workspace_with(
    ws: &mut Workspace,
    opts: &Options,
    deny_warnings: bool,
    sink: &dyn Sink,
    mut renders: Option<&mut Renders>,
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
    let dirs: Vec<String> = ws.members.iter().map(|m| m.dir.clone()).collect();
    let memo = renders.as_deref();
    // Per member: what it wrote, the history read for it, and how much of it was drawn again.
    type History = Option<Arc<SiteHistory>>;
    let rendered: Vec<(Option<Stats>, Option<History>, Drew)> = {
        use rayon::prelude::*;
        ws.members
            .par_iter_mut()
            .zip(contexts.clone())
            .enumerate()
            .map(|(i, (member, context))| {
                let prefix = if member.dir.is_empty() {
                    String::new()
                } else {
                    format!("{}/", member.dir)
                };
                let base_url = member_base_url(ws_base.as_deref(), &member.dir, opts);
                let member_root = ws_root.join(&member.dir);
                // Each member's pages show its own history.
                let mut read = None;
                let history = if is_workspace {
                    match memo.and_then(|m| m.histories.get(&member.dir)) {
                        Some(h) => h.clone(),
                        None => read
                            .insert(
                                crate::history::site::site_history(&member_root)
                                    .ok()
                                    .map(Arc::new),
                            )
                            .clone(),
                    }
                } else {
                    opts.history.clone()
                };
                // What the previous build drew of this member, when its own check is the same
                // and so are the dates and its address.
                let before = memo.and_then(|m| m.members.get(&member.dir)).filter(|d| {
                    member.reused && is_workspace && d.dates == opts.dates && d.base_url == base_url
                });
                let redraw = before.and_then(|d| context.objectives_changed(&d.context));
                let member_opts = Options {
                    dates: opts.dates,
                    base_url,
                    history,
                    workspace: Some(Arc::clone(&context)),
                };
                let under = Under {
                    prefix: prefix.clone(),
                    inner: sink,
                    not_found_at_root: i == 0,
                };
                if let (Some(drawn), Some(ids)) = (before, &redraw)
                    && keep(sink, &prefix, &dirs, i == 0).is_some()
                {
                    if ids.is_empty() {
                        return (Some(drawn.stats), read, Drew::Nothing);
                    }
                    // Only what objectives' own pages show changed: those pages are drawn
                    // again over the ones kept (the site's sizes are counted as they were).
                    let only: std::collections::HashSet<String> = ids
                        .iter()
                        .map(|id| crate::model::Kind::Objective.url(id))
                        .collect();
                    let drawn_again = render_checked_only(
                        &mut member.checked,
                        &member_root,
                        &member_opts,
                        &under,
                        Some(&only),
                    );
                    return (drawn_again.map(|_| drawn.stats), read, Drew::Objectives);
                }
                let Some(mut stats) =
                    render_checked(&mut member.checked, &member_root, &member_opts, &under)
                else {
                    return (None, read, Drew::All);
                };
                if !is_workspace {
                    // A single strategy aligned to a parent published elsewhere: its pages'
                    // stylesheet.
                    let css = crate::render::assets::workspace_css();
                    let len = css.len();
                    if let Err(d) = sink.put(crate::site::WORKSPACE_CSS, css) {
                        member.checked.diagnostics.push(d);
                        return (None, read, Drew::All);
                    }
                    stats.files += 1;
                    stats.bytes += len;
                }
                (Some(stats), read, Drew::All)
            })
            .collect()
    };
    let mut total = Stats::default();
    let mut each = Vec::with_capacity(rendered.len());
    let drawn = (
        rendered.iter().filter(|r| r.2 == Drew::All).count(),
        rendered.iter().filter(|r| r.2 == Drew::Objectives).count(),
    );
    for (i, (stats, history, _)) in rendered.into_iter().enumerate() {
        if let (Some(memo), Some(history)) = (renders.as_deref_mut(), history) {
            memo.histories.insert(dirs[i].clone(), history);
        }
        each.push(stats);
    }
    // Every member was rendered, so each one's problems are reported, not only the first's.
    let each: Vec<Stats> = each.into_iter().collect::<Option<_>>()?;
    for stats in &each {
        total.pages += stats.pages;
        total.files += stats.files;
        total.bytes += stats.bytes;
    }
    if ws.is_workspace() {
        let started = std::time::Instant::now();
        let front = crate::site::front(ws, opts.dates.as_of);
        ws.timings.push(("front", started.elapsed()));
        let base = ws_base.clone().unwrap_or_else(|| "/".to_owned());
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
    if let Some(memo) = renders {
        // Only a build that went through is the next one's `earlier`, so only now is it kept.
        memo.members.clear();
        memo.drawn = (drawn.0, drawn.1, dirs.len());
        for ((dir, context), stats) in dirs.into_iter().zip(contexts).zip(each) {
            let base_url = member_base_url(ws_base.as_deref(), &dir, opts);
            memo.members.insert(
                dir,
                Drawn {
                    context,
                    dates: opts.dates,
                    base_url,
                    stats,
                },
            );
        }
    }
    Some(total)
}

/// The address a member is published at: its folder under the workspace's, else the one the
/// command line gave.
fn member_base_url(ws_base: Option<&str>, dir: &str, opts: &Options) -> Option<String> {
    let prefix = if dir.is_empty() {
        String::new()
    } else {
        format!("{dir}/")
    };
    ws_base
        .map(|b| format!("{}/{prefix}", b.trim_end_matches('/')))
        .or_else(|| opts.base_url.clone())
}

/// Keeps the files the member at `prefix` wrote last time (without those of members in
/// folders under it, and with the workspace's `404.html` for the first member); `None` when
/// the previous build is not at hand.
fn keep(sink: &dyn Sink, prefix: &str, dirs: &[String], first: bool) -> Option<Stats> {
    let nested: Vec<String> = dirs
        .iter()
        .filter(|d| !d.is_empty())
        .map(|d| format!("{d}/"))
        .filter(|d| d.len() > prefix.len() && d.starts_with(prefix))
        .collect();
    let mut stats = sink.keep(prefix, &nested)?;
    if first {
        let not_found = sink.keep(NOT_FOUND, &[])?;
        stats.pages += not_found.pages;
        stats.files += not_found.files;
        stats.bytes += not_found.bytes;
    }
    Some(stats)
}
