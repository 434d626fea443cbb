//! A workspace: one site built from several strategy folders, an organisation and its teams,
//! each a complete strategy that still checks and builds alone. This layer reads the root's
//! `[workspace]`, checks every member, and then what only the members together can say: teams
//! and their parents, people, the alignment of objectives across levels (`aligns_to`), and the
//! pinned copies of parents published elsewhere.
//!
//! - [`members`]: the member folders a root names, globs included;
//! - [`teams`]: each member's `[team]`, its parent, people and owners;
//! - [`parents`]: strategies published elsewhere, read from a pinned `strategy.json`;
//! - [`align`]: `aligns_to` resolved and checked, and the alignment lints;
//! - [`memo`]: members' own checks kept from one check to the next, for `serve --watch`.
//!
//! A folder without `[workspace]` is a workspace of one member at its root, so a single
//! strategy goes through here unchanged.

mod align;
mod members;
mod memo;
mod parents;
mod teams;

use std::path::{Path, PathBuf};

use crate::check::{Checked, Dates, Timings, check_at};
use crate::diagnostics::{self, Diagnostic, Severity};
use crate::model::{KeySpans, Strategy, TeamConfig, WorkspaceConfig};
use crate::source::{FileId, SourceMap};
use crate::util::text::plural;

pub use align::{Alignment, Target};
pub use members::team_folder;
pub use memo::Memo;
pub use parents::ParentSite;

/// A checked workspace: its members, each checked on its own, and what ties them together.
pub struct Workspace {
    /// The folder that was checked.
    pub root: PathBuf,
    /// The root's own files: its `stratsite.toml` (for a workspace root) and the pinned parent
    /// copies it names.
    pub files: SourceMap,
    /// The root's `[workspace]` table, for a workspace root (`None` for a single strategy).
    pub config: Option<WorkspaceConfig>,
    /// The file that holds it, and where its keys were written.
    pub config_file: Option<(FileId, KeySpans)>,
    /// Every member, in the order `members` names them (folders a glob matches in name order).
    pub members: Vec<Member>,
    /// Strategies published elsewhere that members align to.
    pub parents: Vec<ParentSite>,
    /// Problems in [`Workspace::files`].
    pub diagnostics: Vec<Diagnostic>,
    /// Every `aligns_to` reference that resolved, in members' order.
    pub alignment: Vec<Alignment>,
    /// How long the workspace's own steps took.
    pub timings: Timings,
}

/// One member: a strategy folder of the workspace.
pub struct Member {
    /// Its folder, relative to the workspace root, with `/` (empty for a single strategy).
    pub dir: String,
    /// The name references to its objectives are qualified with: its `[team] id`, else its
    /// folder's name.
    pub id: String,
    /// The member checked on its own, with the problems found across members added.
    pub checked: Checked,
    /// Whether its own check is the one a [`Memo`] kept: none of its files changed since.
    pub reused: bool,
    /// Where its own check ended, when a [`Memo`] is to keep it.
    mark: Option<memo::Mark>,
}

impl Member {
    /// Its strategy, when it could be read.
    pub fn strategy(&self) -> Option<&Strategy> {
        self.checked.strategy.as_ref()
    }

    /// Its `[team]`, when it declares one.
    pub fn team(&self) -> Option<&TeamConfig> {
        self.strategy()
            .and_then(|s| s.team.as_ref())
            .map(|(t, _)| t)
    }

    /// The team's name, else the member's id.
    pub fn name(&self) -> &str {
        self.team().map_or(self.id.as_str(), |t| t.name.as_str())
    }
}

impl Workspace {
    /// True for a root with `[workspace]` and members, false for a single strategy.
    pub fn is_workspace(&self) -> bool {
        self.config.is_some()
    }

    /// True when nothing stops the site from being built.
    pub fn is_ok(&self) -> bool {
        let no_errors = |d: &[Diagnostic]| !d.iter().any(|d| d.severity == Severity::Error);
        !self.members.is_empty()
            && no_errors(&self.diagnostics)
            && self.members.iter().all(|m| m.checked.is_ok())
    }

    /// Turns every warning into an error (`--deny warnings`).
    pub fn deny_warnings(&mut self) {
        for d in &mut self.diagnostics {
            d.severity = Severity::Error;
        }
        for m in &mut self.members {
            m.checked.deny_warnings();
        }
    }

    /// Adds a problem of the build as a whole: to the strategy's own, for a single one.
    pub fn push(&mut self, d: Diagnostic) {
        match (self.is_workspace(), self.members.first_mut()) {
            (false, Some(m)) => m.checked.diagnostics.push(d),
            _ => self.diagnostics.push(d),
        }
    }

    /// Removes every diagnostic with `code`, everywhere.
    pub fn forget(&mut self, code: &str) {
        self.diagnostics.retain(|d| d.code != Some(code));
        for m in &mut self.members {
            m.checked.diagnostics.retain(|d| d.code != Some(code));
        }
    }

    /// Every file and every problem in one source map, for a report: the root's first, then
    /// each member's. Notes of the checks come along, each once.
    pub fn report(&self) -> (SourceMap, Vec<Diagnostic>, Vec<String>) {
        let mut files = SourceMap::default();
        let mut diags = Vec::new();
        let mut notes: Vec<String> = Vec::new();
        let offset = files.append(&self.files);
        diags.extend(self.diagnostics.iter().cloned().map(|d| d.shifted(offset)));
        for m in &self.members {
            let offset = files.append(&m.checked.files);
            diags.extend(
                m.checked
                    .diagnostics
                    .iter()
                    .cloned()
                    .map(|d| d.shifted(offset)),
            );
            // The same fact of every member (no git history, say) is said once, of the root.
            let own = format!("`{}`", self.root.join(&m.dir).display());
            let root = format!("`{}`", self.root.display());
            for n in &m.checked.notes {
                let n = n.replace(&own, &root);
                if !notes.contains(&n) {
                    notes.push(n);
                }
            }
        }
        (files, diags, notes)
    }

    /// "checked workspace `.`: 3 strategies, 40 entries in 9 files, 2 warnings".
    pub fn summary(&self) -> String {
        let (files, diags, _) = self.report();
        let (errors, warnings) = diagnostics::count(&diags);
        let entries: usize = self
            .members
            .iter()
            .filter_map(Member::strategy)
            .map(Strategy::len)
            .sum();
        let problems = crate::check::problems(errors, warnings);
        format!(
            "checked workspace `{}`: {}, {} in {}, {problems}",
            self.root.display(),
            plural(self.members.len(), "member"),
            plural(entries, "entry"),
            plural(files.ids().len(), "file")
        )
    }

    /// The member whose id is `id`.
    pub fn member(&self, id: &str) -> Option<usize> {
        self.members.iter().position(|m| m.id == id)
    }

    /// The members whose team names `i`'s team as its parent.
    pub fn children(&self, i: usize) -> Vec<usize> {
        let id = &self.members[i].id;
        (0..self.members.len())
            .filter(|&j| {
                self.members[j]
                    .team()
                    .and_then(|t| t.parent.as_ref())
                    .is_some_and(|p| p.get_ref() == id)
            })
            .collect()
    }

    /// The member `i`'s parent team, when it names one that exists.
    pub fn parent_of(&self, i: usize) -> Option<usize> {
        let parent = self.members[i].team()?.parent.as_ref()?;
        self.member(parent.get_ref()).filter(|&p| p != i)
    }

    /// Member `i`'s teams from the top down to it (itself last), stopping at a cycle.
    pub fn lineage(&self, i: usize) -> Vec<usize> {
        let mut chain = vec![i];
        let mut at = i;
        while let Some(p) = self.parent_of(at) {
            if chain.contains(&p) {
                break;
            }
            chain.push(p);
            at = p;
        }
        chain.reverse();
        chain
    }
}

/// Whether `root` is a workspace root: its `stratsite.toml` has `[workspace]` and no `[site]`.
/// (A quick look for the commands that treat the two differently; `check` reads it properly.)
pub fn is_root(root: &Path) -> bool {
    std::fs::read_to_string(root.join(crate::load::SITE_FILE))
        .ok()
        .and_then(|t| t.parse::<toml::Table>().ok())
        .is_some_and(|t| t.contains_key("workspace") && !t.contains_key("site"))
}

/// Checks the folder `root`: a workspace root and every member, or a single strategy (with the
/// parents it names). `dates` date the lints; `since` is the goalpost guard's base revision.
pub fn check(root: &Path, dates: Dates, since: Option<&str>) -> Workspace {
    check_with(root, dates, since, None)
}

/// Like [`check`], reading again only the members `memo` does not hold (for `serve --watch`,
/// which forgets the members a save touched); give the result back with [`Memo::keep`].
pub fn check_with(
    root: &Path,
    dates: Dates,
    since: Option<&str>,
    mut memo: Option<&mut Memo>,
) -> Workspace {
    let mut checked = check_at(root, dates, since);
    let Some((file, config, spans)) = checked.workspace.take() else {
        // A single strategy: a workspace of one, at the root.
        let mut ws = Workspace {
            root: root.to_path_buf(),
            files: SourceMap::default(),
            config: None,
            config_file: None,
            members: Vec::new(),
            parents: Vec::new(),
            diagnostics: Vec::new(),
            alignment: Vec::new(),
            timings: Timings::new(),
        };
        let id = checked
            .strategy
            .as_ref()
            .and_then(|s| s.team.as_ref())
            .and_then(|(t, _)| t.id.as_ref().map(|i| i.get_ref().clone()))
            .unwrap_or_default();
        ws.members.push(Member {
            dir: String::new(),
            id,
            checked,
            reused: false,
            mark: None,
        });
        // Only a strategy that aligns to something (or names parents) has work to do here, and
        // only then is the step timed: a plain strategy's timings stay as they were.
        let aligned = ws.members[0].strategy().is_some_and(|s| {
            s.workspace.is_some() || s.objectives.iter().any(|o| !o.aligns_to.is_empty())
        });
        if aligned {
            let mut timings = Timings::new();
            crate::check::timed(&mut timings, "workspace", || {
                parents::read_members(&mut ws);
                align::check(&mut ws);
            });
            ws.members[0].checked.timings.extend(timings);
        }
        return ws;
    };
    let mut ws = Workspace {
        root: root.to_path_buf(),
        files: checked.files,
        config: None,
        config_file: Some((file, spans)),
        members: Vec::new(),
        parents: Vec::new(),
        diagnostics: checked.diagnostics,
        alignment: Vec::new(),
        timings: checked.timings,
    };
    if let Some(span) = ws
        .config_file
        .as_ref()
        .and_then(|(_, s)| s.get("title"))
        .cloned()
        && config
            .title
            .as_ref()
            .is_some_and(|t| t.get_ref().trim().is_empty())
    {
        ws.diagnostics.push(
            Diagnostic::error("the workspace's `title` is empty")
                .at(file, span, "empty")
                .help("name the organisation, e.g. `title = \"Acme: strategy 2027\"`"),
        );
    }
    if config.title.is_none() {
        ws.diagnostics.push(
            Diagnostic::error("a workspace needs a `title`")
                .at(file, 0..0, "`[workspace]` has no `title`")
                .help("add `title = \"…\"` under `[workspace]`: the organisation's name, shown on the front page"),
        );
    }
    let before = ws.diagnostics.len();
    let found = crate::check::timed(&mut ws.timings, "members", || {
        members::expand(root, file, &config, &mut ws.diagnostics)
    });
    // With a member missing, what the others say about it (a parent, an owner, an objective
    // they align to) would only echo this error: those checks wait until every member is there.
    let complete = !ws.diagnostics[before..]
        .iter()
        .any(|d| d.severity == Severity::Error);
    for d in &mut ws.diagnostics[before..] {
        if d.severity == Severity::Error {
            d.notes.push(
                "the checks across members (parents, owners, alignment) run once every member is found"
                    .to_owned(),
            );
        }
    }
    ws.config = Some(config);
    for dir in found {
        let member_root = root.join(&dir);
        let kept = memo.as_deref_mut().and_then(|m| m.take(&dir, dates));
        let reused = kept.is_some();
        let mut checked = kept.unwrap_or_else(|| check_at(&member_root, dates, since));
        if checked.workspace.take().is_some() {
            checked.diagnostics.push(
                Diagnostic::error(format!(
                    "the member `{dir}` is a workspace itself; workspaces do not nest"
                ))
                .at(0, 0..0, "`[workspace]` without `[site]` here")
                .help("name its members in this workspace's `members` instead, and give the folder a `[site]` of its own or leave it out"),
            );
        }
        let id = dir.rsplit('/').next().unwrap_or(&dir).to_owned();
        let mark = memo.is_some().then(|| memo::Mark::of(&checked));
        ws.members.push(Member {
            dir,
            id,
            checked,
            reused,
            mark,
        });
    }
    let mut timings = Timings::new();
    crate::check::timed(&mut timings, "workspace", || {
        teams::check(&mut ws, complete);
        parents::read_root(&mut ws);
        parents::read_members(&mut ws);
        if complete {
            align::check(&mut ws);
        }
    });
    ws.timings.extend(timings);
    if ws.config.as_ref().is_some_and(|c| c.base_url.is_some()) {
        // Each member is published under the workspace's address, whatever its own says.
        ws.forget(crate::check::lints::MISSING_BASE_URL.code);
    }
    for m in &mut ws.members {
        m.checked
            .diagnostics
            .sort_by_key(|d| d.primary.as_ref().map(|p| (p.file, p.span.start)));
    }
    ws.diagnostics
        .sort_by_key(|d| d.primary.as_ref().map(|p| (p.file, p.span.start)));
    ws
}

/// Whether `lint` is reported in `strategy`, and at which severity.
pub(crate) fn lint_severity(
    strategy: &Strategy,
    lint: &'static crate::check::lints::Lint,
) -> Option<Severity> {
    use crate::check::lints::{Level, levels};
    match levels(&strategy.lints, strategy.site_file).0.of(lint) {
        Level::Allow => None,
        Level::Warn => Some(Severity::Warning),
        Level::Deny => Some(Severity::Error),
    }
}
