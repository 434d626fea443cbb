//! The strategy over time, read from git.
//!
//! A site in a git repository has its whole history there. This module shells out to the `git`
//! binary in a few batched processes (`rev-parse`, `log`, `ls-tree` and one long-running
//! `cat-file --batch`), writes the strategy files of a revision into a temporary folder and runs
//! the ordinary loader on it, so that an old revision is read exactly as today's files are.
//! What is compared over time is a [`Snapshot`]; [`moves`] finds the goalposts that moved.
//!
//! The files of a site that make up its strategy: `stratsite.toml`, everything under
//! `strategy/`, and the Markdown files of the site folder (prose files).

pub mod diff;
mod git;
pub mod moves;
pub mod site;
pub mod snapshot;

use std::path::{Component, Path, PathBuf};

use crate::load::{self, Loaded};
pub use git::GitError;
pub use snapshot::{Delta, Snapshot};

/// Why there is no history to read.
#[derive(Debug)]
pub enum NoHistory {
    /// The site folder is not in a git work tree.
    NotARepository,
    /// The clone has only the last commits (`actions/checkout` makes one by default).
    Shallow,
    /// The repository has no commit yet.
    NoCommits,
    /// Git could not be run, failed, or printed too much.
    Git(GitError),
}

impl NoHistory {
    /// What happened, in a sentence about the site folder.
    pub fn message(&self, site: &Path) -> String {
        let site = site.display();
        match self {
            NoHistory::NotARepository => format!("`{site}` is not in a git repository"),
            NoHistory::Shallow => {
                format!("`{site}` is in a shallow clone, which lacks the history of the strategy")
            }
            NoHistory::NoCommits => format!("the git repository of `{site}` has no commit yet"),
            NoHistory::Git(e) => format!("cannot read the history of `{site}`: {e}"),
        }
    }

    /// How to get the history.
    pub fn help(&self) -> &'static str {
        match self {
            NoHistory::NotARepository => "commit the site to a git repository to compare revisions",
            NoHistory::Shallow => {
                "fetch the whole history (`git fetch --unshallow`, or `fetch-depth: 0` for actions/checkout)"
            }
            NoHistory::NoCommits => "commit the strategy once to start its history",
            NoHistory::Git(_) => "install git, or check that the repository is readable",
        }
    }
}

impl From<GitError> for NoHistory {
    fn from(e: GitError) -> Self {
        NoHistory::Git(e)
    }
}

/// One commit.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Commit {
    pub id: String,
    /// The author date, ISO 8601 with its offset.
    pub date: String,
    pub author: String,
    pub subject: String,
}

impl Commit {
    /// The first 10 characters of the id.
    pub fn short(&self) -> &str {
        &self.id[..self.id.len().min(10)]
    }

    /// The author date's day, `2026-11-21`.
    pub fn day(&self) -> &str {
        &self.date[..self.date.len().min(10)]
    }
}

/// The git repository a site folder is in.
pub struct Repo {
    /// The root of the work tree.
    top: PathBuf,
    /// The site folder relative to `top`, with `/` after each folder ("" at the root).
    prefix: String,
}

/// The format of one commit in `git log` output: fields apart by NUL after a marker.
const COMMIT_FORMAT: &str = "--format=%x01%x02%H%x00%aI%x00%an%x00%s%x00";
const MARKER: &[u8] = b"\x01\x02";

impl Repo {
    /// The repository `site` is in, when it has a history to read.
    pub fn open(site: &Path) -> Result<Repo, NoHistory> {
        if !site.is_dir() {
            return Err(NoHistory::NotARepository);
        }
        let out = match git::run(
            site,
            &[
                "rev-parse",
                "--show-toplevel",
                "--show-prefix",
                "--is-shallow-repository",
            ],
        ) {
            Ok(out) => out,
            Err(GitError::Failed(e)) if e.contains("not a git repository") => {
                return Err(NoHistory::NotARepository);
            }
            Err(e) => return Err(NoHistory::Git(e)),
        };
        let text = String::from_utf8_lossy(&out);
        let lines: Vec<&str> = text.lines().collect();
        let [top, rest @ ..] = lines.as_slice() else {
            return Err(NoHistory::NotARepository);
        };
        // --show-prefix prints an empty line at the root of the work tree.
        let (prefix, shallow) = match rest {
            [prefix, shallow] => (*prefix, *shallow),
            [shallow] => ("", *shallow),
            _ => return Err(NoHistory::NotARepository),
        };
        if shallow == "true" {
            return Err(NoHistory::Shallow);
        }
        let repo = Repo {
            top: PathBuf::from(top),
            prefix: prefix.to_owned(),
        };
        if git::run(
            &repo.top,
            &["rev-parse", "--verify", "--quiet", "HEAD^{commit}"],
        )
        .is_err()
        {
            return Err(NoHistory::NoCommits);
        }
        Ok(repo)
    }

    /// The pathspecs of the site's strategy files, from the root of the work tree.
    fn pathspecs(&self) -> Vec<String> {
        let glob_escaped: String = self
            .prefix
            .chars()
            .flat_map(|c| match c {
                '*' | '?' | '[' | ']' | '\\' => vec!['\\', c],
                c => vec![c],
            })
            .collect();
        vec![
            format!(":(top,literal){}{}", self.prefix, load::SITE_FILE),
            format!(":(top,literal){}{}", self.prefix, load::STRATEGY_DIR),
            format!(":(top,glob){glob_escaped}**/*.md"),
        ]
    }

    fn log_args<'a>(&'a self, specs: &'a [String], head: &'a [&'a str]) -> Vec<&'a str> {
        let mut args: Vec<&str> = head.to_vec();
        args.push("--");
        args.extend(specs.iter().map(String::as_str));
        args
    }

    /// The commit `rev` names (`main`, `HEAD~3`, a tag, an id).
    pub fn commit(&self, rev: &str) -> Result<Commit, NoHistory> {
        let out = git::run(
            &self.top,
            &[
                "log",
                "-1",
                "--no-walk",
                COMMIT_FORMAT,
                "--end-of-options",
                rev,
                "--",
            ],
        )?;
        parse_log(&out)
            .into_iter()
            .next()
            .map(|(c, _)| c)
            .ok_or_else(|| NoHistory::Git(GitError::Failed(format!("no commit `{rev}`"))))
    }

    /// The default base of the goalpost guard: walking back from `HEAD` along first parents,
    /// the first commit that changed nothing in the strategy files (compared with its first
    /// parent); when every commit changed them, the first commit of the strategy. The chain is
    /// read in chunks from `HEAD`, so that the usual case, a base a few commits back, reads
    /// only those.
    pub fn default_base(&self) -> Result<Commit, NoHistory> {
        let specs = self.pathspecs();
        let mut diff_args = vec!["diff-tree", "--stdin", "-r", "--name-only", "--root", "--"];
        diff_args.extend(specs.iter().map(String::as_str));
        let mut skip = 0usize;
        let mut oldest: Option<String> = None;
        let mut chunk = 64usize;
        loop {
            let max = format!("--max-count={chunk}");
            let from = format!("--skip={skip}");
            let out = git::run(
                &self.top,
                &[
                    "rev-list",
                    "--first-parent",
                    "--parents",
                    &max,
                    &from,
                    "HEAD",
                ],
            )?;
            let text = String::from_utf8_lossy(&out);
            // Each line: a commit, then its parents; the first parent is the one compared.
            let pairs: Vec<Vec<&str>> = text
                .lines()
                .map(|l| l.split(' ').take(2).collect())
                .filter(|p: &Vec<&str>| !p.is_empty() && !p[0].is_empty())
                .collect();
            if pairs.is_empty() {
                break;
            }
            let input: String = pairs.iter().map(|p| p.join(" ") + "\n").collect();
            let touched = git::run_with_input(&self.top, &diff_args, Some(input.into_bytes()))?;
            let touched = String::from_utf8_lossy(&touched);
            // diff-tree prints a commit's id, then its files, only for commits that touched
            // them; a file of the strategy is never a bare commit id.
            let ids: std::collections::HashSet<&str> = pairs.iter().map(|p| p[0]).collect();
            let touched: std::collections::HashSet<&str> =
                touched.lines().filter(|l| ids.contains(l)).collect();
            if let Some(quiet) = pairs.iter().find(|p| !touched.contains(p[0])) {
                return self.commit(quiet[0]);
            }
            oldest = pairs.last().map(|p| p[0].to_owned());
            skip += pairs.len();
            chunk = (chunk * 4).min(4096);
        }
        // Every commit changed the strategy: the oldest one that did is its first revision.
        let id = oldest.ok_or(NoHistory::NoCommits)?;
        self.commit(&id)
    }

    /// The site as it was at `commit`, loaded from a temporary folder (kept alive by the
    /// returned guard). Symbolic links are left out.
    pub fn load_at(&self, commit: &Commit) -> Result<(tempfile::TempDir, Loaded), NoHistory> {
        let tmp = tempfile::Builder::new()
            .prefix(".stratsite-history-")
            .tempdir()
            .map_err(io)?;
        let site = tmp.path().join("site");
        std::fs::create_dir_all(&site).map_err(io)?;
        let mut blobs = git::Blobs::start(&self.top)?;
        self.write_revision(&commit.id, &site, &mut blobs)?;
        let loaded = load::load(&site);
        Ok((tmp, loaded))
    }

    /// Writes the strategy files of commit `id` into the empty folder `site`.
    fn write_revision(
        &self,
        id: &str,
        site: &Path,
        blobs: &mut git::Blobs,
    ) -> Result<(), NoHistory> {
        // `ls-tree` takes no glob pathspecs: it lists the site folder, filtered below.
        let mut args = vec!["ls-tree", "-r", "-z", "--full-tree", id];
        let folder = self.prefix.trim_end_matches('/');
        if !folder.is_empty() {
            args.extend(["--", folder]);
        }
        let out = git::run(&self.top, &args)?;
        for record in out.split(|b| *b == 0).filter(|r| !r.is_empty()) {
            let Some(tab) = record.iter().position(|b| *b == b'\t') else {
                continue;
            };
            let meta = String::from_utf8_lossy(&record[..tab]);
            let path = String::from_utf8_lossy(&record[tab + 1..]);
            let fields: Vec<&str> = meta.split(' ').collect();
            let [mode, "blob", oid] = fields.as_slice() else {
                continue;
            };
            if *mode == "120000" {
                continue;
            }
            let Some(target) = self.site_path(site, &path) else {
                continue;
            };
            if !is_strategy_file(&path[self.prefix.len()..]) {
                continue;
            }
            let content = blobs.get(oid)?;
            if let Some(parent) = target.parent() {
                std::fs::create_dir_all(parent).map_err(io)?;
            }
            std::fs::write(&target, content).map_err(io)?;
        }
        Ok(())
    }

    /// Where a file of the repository goes in a copy of the site at `site`; `None` outside
    /// the site folder or for a path that is not plain.
    fn site_path(&self, site: &Path, path: &str) -> Option<PathBuf> {
        let rel = path.strip_prefix(&self.prefix)?;
        let rel = Path::new(rel);
        rel.components()
            .all(|c| matches!(c, Component::Normal(_)))
            .then(|| site.join(rel))
    }

    /// The snapshot of the strategy at every commit that changed it and loads without errors,
    /// oldest first, along the
    /// first parents of `HEAD` (a merge counts as one change: what it brought in). One `git
    /// log` lists the changed files of every commit and one `cat-file` reads them; each
    /// revision is loaded from a folder that is updated file by file.
    ///
    /// At most the last [`HISTORY_LIMIT`] such commits are read; with more, the strategy just
    /// before the oldest of them comes first, with `seed` set: it is where the history read
    /// starts, not a change.
    pub fn snapshots(
        &self,
        mut each: impl FnMut(&Commit, Snapshot, bool),
    ) -> Result<(), NoHistory> {
        let specs = self.pathspecs();
        let limit = format!("--max-count={HISTORY_LIMIT}");
        let out = git::run(
            &self.top,
            &self.log_args(
                &specs,
                &[
                    "log",
                    "--first-parent",
                    "-m",
                    "--raw",
                    "-z",
                    "--no-renames",
                    "--no-abbrev",
                    "--reverse",
                    &limit,
                    COMMIT_FORMAT,
                    "HEAD",
                ],
            ),
        )?;
        let tmp = tempfile::Builder::new()
            .prefix(".stratsite-history-")
            .tempdir()
            .map_err(io)?;
        let site = tmp.path().join("site");
        std::fs::create_dir_all(&site).map_err(io)?;
        let mut blobs = git::Blobs::start(&self.top)?;
        let commits = parse_log(&out);
        if commits.len() >= HISTORY_LIMIT
            && let Some((oldest, _)) = commits.first()
            && let Ok(parent) = self.commit(&format!("{}^", oldest.id))
        {
            self.write_revision(&parent.id, &site, &mut blobs)?;
            if let Some(snap) = clean_snapshot(&load::load(&site)) {
                each(&parent, snap, true);
            }
        }
        for (commit, changes) in commits {
            for ch in changes {
                let Some(target) = self.site_path(&site, &ch.path) else {
                    continue;
                };
                if ch.status == 'D' || ch.mode == "120000" || ch.mode == "000000" {
                    let _ = std::fs::remove_file(&target);
                    continue;
                }
                let content = blobs.get(&ch.oid)?;
                if let Some(parent) = target.parent() {
                    std::fs::create_dir_all(parent).map_err(io)?;
                }
                std::fs::write(&target, content).map_err(io)?;
            }
            if let Some(snap) = clean_snapshot(&load::load(&site)) {
                each(&commit, snap, false);
            }
        }
        Ok(())
    }
}

/// The most commits that change the strategy [`Repo::snapshots`] reads, newest first: a bound
/// on the work of a build whatever the length of the history.
pub const HISTORY_LIMIT: usize = 2000;

/// The snapshot of a revision that loaded without errors. One that does not (a typo fixed in
/// the next commit, or a format an older stratsite read) would read as entries removed and
/// added again: it is skipped, and the next one is compared with the last that loaded.
fn clean_snapshot(loaded: &Loaded) -> Option<Snapshot> {
    let clean = !loaded
        .diagnostics
        .iter()
        .any(|d| d.severity == crate::diagnostics::Severity::Error);
    match (&loaded.strategy, clean) {
        (Some(s), true) => Some(Snapshot::of(s, &loaded.files)),
        _ => None,
    }
}

/// Whether a file of the site folder (path relative to it) is one of the strategy's files, as
/// [`Repo::pathspecs`] lists them.
fn is_strategy_file(rel: &str) -> bool {
    rel == load::SITE_FILE
        || rel.starts_with(&format!("{}/", load::STRATEGY_DIR))
        || rel.ends_with(".md")
}

fn io(e: std::io::Error) -> NoHistory {
    NoHistory::Git(GitError::Failed(format!("writing a revision: {e}")))
}

/// One changed file in `git log --raw -z`.
struct RawChange {
    mode: String,
    oid: String,
    status: char,
    path: String,
}

/// Commits and, with `--raw -z`, their changed files.
fn parse_log(out: &[u8]) -> Vec<(Commit, Vec<RawChange>)> {
    let mut commits = Vec::new();
    let mut rest = out;
    let mut chunks = Vec::new();
    while let Some(start) = find(rest, MARKER) {
        rest = &rest[start + MARKER.len()..];
        let end = find(rest, MARKER).unwrap_or(rest.len());
        chunks.push(&rest[..end]);
        rest = &rest[end..];
    }
    for chunk in chunks {
        let mut fields = chunk.splitn(5, |b| *b == 0);
        let mut next = || String::from_utf8_lossy(fields.next().unwrap_or_default()).into_owned();
        let commit = Commit {
            id: next(),
            date: next(),
            author: next(),
            subject: next(),
        };
        let raw = fields.next().unwrap_or_default();
        let mut changes = Vec::new();
        let mut parts = raw
            .split(|b| *b == 0)
            .map(|p| String::from_utf8_lossy(p).into_owned());
        // `:old-mode new-mode old-oid new-oid STATUS` then the path.
        while let Some(meta) = parts.next() {
            let meta = meta.trim_start_matches('\n');
            let Some(meta) = meta.strip_prefix(':') else {
                continue;
            };
            let Some(path) = parts.next() else { break };
            let f: Vec<&str> = meta.split(' ').collect();
            if let [_, mode, _, oid, status] = f.as_slice() {
                changes.push(RawChange {
                    mode: (*mode).to_owned(),
                    oid: (*oid).to_owned(),
                    status: status.chars().next().unwrap_or('M'),
                    path,
                });
            }
        }
        if !commit.id.is_empty() {
            commits.push((commit, changes));
        }
    }
    commits
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// One event in the life of an entry.
#[derive(Clone, Debug, serde::Serialize)]
#[serde(tag = "event", rename_all = "snake_case")]
pub enum Event {
    Appeared {
        commit: Commit,
    },
    Changed {
        commit: Commit,
        key: String,
        old: Option<String>,
        new: Option<String>,
    },
    Removed {
        commit: Commit,
    },
}

/// Every entry's life, by id, oldest event first.
pub type History = std::collections::BTreeMap<String, Vec<Event>>;

/// Reads the history of every entry of the site in `repo`.
pub fn history(repo: &Repo) -> Result<History, NoHistory> {
    let mut history = History::new();
    let mut previous = Snapshot::default();
    repo.snapshots(|commit, snap, seed| {
        if seed {
            previous = snap;
            return;
        }
        for d in snapshot::compare(&previous, &snap) {
            let events = history.entry(d.id().to_owned()).or_default();
            match d {
                Delta::Added(_) => events.push(Event::Appeared {
                    commit: commit.clone(),
                }),
                Delta::Removed(_) => events.push(Event::Removed {
                    commit: commit.clone(),
                }),
                Delta::Changed { old, new, fields } => {
                    if old.kind != new.kind {
                        events.push(Event::Changed {
                            commit: commit.clone(),
                            key: "kind".to_owned(),
                            old: Some(old.kind.key().to_owned()),
                            new: Some(new.kind.key().to_owned()),
                        });
                    }
                    if old.file != new.file {
                        events.push(Event::Changed {
                            commit: commit.clone(),
                            key: "file".to_owned(),
                            old: Some(old.file.clone()),
                            new: Some(new.file.clone()),
                        });
                    }
                    for f in fields {
                        events.push(Event::Changed {
                            commit: commit.clone(),
                            key: f.key,
                            old: f.old.as_ref().map(snapshot::value_text),
                            new: f.new.as_ref().map(snapshot::value_text),
                        });
                    }
                }
            }
        }
        previous = snap;
    })?;
    Ok(history)
}
