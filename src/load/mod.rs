//! Reading a site folder into a typed [`Strategy`], collecting every problem on the way.
//!
//! `stratsite.toml` holds `[site]` and any entries; `strategy/**/*.toml` may hold more entries.
//! Each entry is deserialized on its own, so one bad entry does not hide the problems of the
//! others, and every problem keeps the span where it was written.

mod readings;

use std::fmt::Write as _;
use std::ops::Range;
use std::path::{Component, Path, PathBuf};

use serde::de::DeserializeOwned;
use toml::Spanned;
use toml::de::{DeTable, DeValue, ValueDeserializer};

mod hints;

use crate::diagnostics::{Diagnostic, closest, did_you_mean};
use crate::model::*;
use crate::source::{FileId, SourceMap};
use crate::util::contained::{Bounds, MAX_TEXT_FILE, Refused, read_limited};
use crate::util::paths::rel_path;

/// The name of the file at the root of every site.
pub const SITE_FILE: &str = "stratsite.toml";
/// The folder whose TOML files are merged into the strategy.
pub const STRATEGY_DIR: &str = "strategy";

/// What loading a site produced: the files read, the strategy (when `[site]` could be read) and
/// every problem found.
pub struct Loaded {
    pub root: PathBuf,
    pub files: SourceMap,
    pub strategy: Option<Strategy>,
    /// The `[workspace]` table of a folder that has no `[site]`: a workspace root, whose
    /// members are strategies of their own (`workspace/` reads them).
    pub workspace: Option<(FileId, WorkspaceConfig, KeySpans)>,
    pub diagnostics: Vec<Diagnostic>,
}

/// Loads the site in `root`. Never fails: problems come back as diagnostics.
pub fn load(root: &Path) -> Loaded {
    let mut loader = Loader {
        root: root.to_path_buf(),
        bounds: Bounds::new(root, &[]),
        files: SourceMap::default(),
        diags: Vec::new(),
        entries: Lists::default(),
        site: None,
        lints: Vec::new(),
        unreadable: Unreadable::default(),
        team: None,
        workspace: None,
    };
    loader.run();
    let Loader {
        root,
        bounds: _,
        files,
        diags,
        entries,
        site,
        lints,
        unreadable,
        team,
        mut workspace,
    } = loader;
    let strategy = site.map(|(site_file, site, site_spans)| {
        let mut s = Strategy::new(site, site_file, site_spans, lints, entries, unreadable);
        s.team = team;
        s.workspace = workspace.take().map(|(_, w, spans)| (w, spans));
        s
    });
    Loaded {
        root,
        files,
        strategy,
        workspace,
        diagnostics: diags,
    }
}

struct Loader {
    root: PathBuf,
    /// Where links in the site folder may lead, once `[site]` is read.
    bounds: Bounds,
    files: SourceMap,
    diags: Vec<Diagnostic>,
    entries: Lists,
    site: Option<(FileId, SiteConfig, KeySpans)>,
    lints: Vec<LintSetting>,
    unreadable: Unreadable,
    team: Option<(TeamConfig, KeySpans)>,
    workspace: Option<(FileId, WorkspaceConfig, KeySpans)>,
}

impl Loader {
    fn run(&mut self) {
        if !self.root.is_dir() {
            let what = if self.root.exists() {
                "is not a folder"
            } else {
                "does not exist"
            };
            self.diags.push(
                Diagnostic::error(format!("the site folder `{}` {what}", self.root.display()))
                    .help(format!(
                        "pass the folder that holds `{SITE_FILE}`, e.g. `stratsite check path/to/site`"
                    )),
            );
            return;
        }
        let site_path = self.root.join(SITE_FILE);
        if std::fs::symlink_metadata(&site_path).is_ok()
            && let Err(refused) = self.bounds.file(&site_path)
        {
            self.diags.push(Diagnostic::from(&refused));
            return;
        }
        if !site_path.is_file() {
            self.diags.push(
                Diagnostic::error(format!(
                    "`{}` has no `{SITE_FILE}`, so it is not a stratsite site",
                    self.root.display()
                ))
                .help(format!(
                    "create `{SITE_FILE}` with a `[site]` table, or pass the folder that holds it"
                )),
            );
            return;
        }
        self.load_toml(&site_path, true);
        for path in self.strategy_files() {
            self.load_toml(&path, false);
        }
        self.workspace_fits();
        if self.site.is_none()
            && self.workspace.is_none()
            && !self.diags.iter().any(|d| d.primary.is_some())
        {
            // Only say this when the file parsed: a syntax error already explains the absence.
            let file = self.files.ids().next();
            let mut d = Diagnostic::error(format!("`{SITE_FILE}` has no `[site]` table")).help(
                "add `[site]` with at least `title` and `horizon` (and `base_url` to publish)",
            );
            if let Some(f) = file {
                d = d.at(f, 0..0, "expected `[site]` in this file");
            }
            self.diags.push(d);
        }
    }

    /// A strategy's own `[workspace]` may name its parents and nothing else: members, people
    /// and the rest belong to a workspace root, which has no `[site]`.
    fn workspace_fits(&mut self) {
        let (Some(_), Some((file, w, spans))) = (&self.site, &self.workspace) else {
            return;
        };
        let mut wrong = Vec::new();
        for (key, set) in [
            ("title", w.title.is_some()),
            ("description", w.description.is_some()),
            ("base_url", w.base_url.is_some()),
            ("language", w.language.is_some()),
            ("members", !w.members.is_empty()),
            ("require_alignment", w.require_alignment),
            ("owners", w.owners != OwnersPolicy::Free),
            ("people", !w.people.is_empty()),
        ] {
            if set && let Some(span) = spans.get(key) {
                wrong.push(
                    Diagnostic::error(format!(
                        "`{key}` of `[workspace]` belongs in a workspace root, not beside `[site]`"
                    ))
                    .at(*file, span.clone(), "in a strategy's own `stratsite.toml`")
                    .help("a workspace root's `stratsite.toml` has `[workspace]` and no `[site]`; move this strategy into a member folder, or keep only `[workspace.parents]` here"),
                );
            }
        }
        self.diags.extend(wrong);
    }

    /// `strategy/**/*.toml`: first the files `[site] files` names, in its order, then the rest
    /// in name order (folder by folder), so that the order entries are read in is the author's.
    fn strategy_files(&mut self) -> Vec<PathBuf> {
        let mut by_name = self.strategy_files_by_name();
        let Some((site_file, site, _)) = &self.site else {
            return by_name;
        };
        let dir = self.root.join(STRATEGY_DIR);
        let inside = |p: &Path| {
            p.strip_prefix(&dir)
                .map(|r| r.to_string_lossy().replace('\\', "/"))
                .unwrap_or_default()
        };
        let mut first = Vec::new();
        let mut problems = Vec::new();
        for named in &site.files {
            let want = named.get_ref().trim_start_matches("./");
            let want = want.strip_prefix("strategy/").unwrap_or(want);
            match by_name.iter().position(|p| inside(p) == want) {
                Some(i) => first.push(by_name.remove(i)),
                None if first.iter().any(|p: &PathBuf| inside(p) == want) => problems.push(
                    Diagnostic::error(format!("`{want}` is named twice in `files`"))
                        .at(*site_file, named.span(), "named again here")
                        .help("name each file once"),
                ),
                None => {
                    let known: Vec<String> = by_name.iter().map(|p| inside(p)).collect();
                    let help = did_you_mean(&closest(want, known.iter().map(String::as_str)))
                        .unwrap_or_else(|| {
                            format!(
                                "`files` names files inside `{STRATEGY_DIR}/`, such as `\"themes.toml\"`"
                            )
                        });
                    problems.push(
                        Diagnostic::error(format!(
                            "`files` names `{want}`, which is not a `.toml` file in `{STRATEGY_DIR}/`"
                        ))
                        .at(*site_file, named.span(), "no such file")
                        .help(help),
                    );
                }
            }
        }
        self.diags.extend(problems);
        first.append(&mut by_name);
        first
    }

    /// `strategy/**/*.toml`, in name order, folder by folder.
    fn strategy_files_by_name(&mut self) -> Vec<PathBuf> {
        let dir = self.root.join(STRATEGY_DIR);
        if !dir.is_dir() {
            return Vec::new();
        }
        // A link to a file is read as the file (a strategy shared between sites, say), if it
        // stays inside the site folder.
        let (files, refused) = self.bounds.walk(&dir, &|name, _| is_hidden(name));
        self.diags.extend(refused.iter().map(Diagnostic::from));
        let out: Vec<PathBuf> = files
            .into_iter()
            .filter(|p| p.extension().is_some_and(|x| x == "toml"))
            .collect();
        out
    }

    /// Reads a file as UTF-8 text into the source map, or records why it could not.
    fn read_file(&mut self, path: &Path) -> Result<FileId, ()> {
        let display = path.display().to_string();
        let rel = rel_path(&self.root, path);
        let bytes = match read_limited(path, MAX_TEXT_FILE) {
            Ok(b) => b,
            Err(refused) => {
                self.diags.push(Diagnostic::from(&refused));
                return Err(());
            }
        };
        match String::from_utf8(bytes) {
            Ok(text) => Ok(self.files.add(rel, display, text)),
            Err(e) => {
                let at = e.utf8_error().valid_up_to();
                let bad_len = e.utf8_error().error_len().unwrap_or(1);
                let bytes = e.into_bytes();
                let hex: String = bytes[at..at + bad_len]
                    .iter()
                    .fold(String::new(), |mut s, b| {
                        let _ = write!(s, "\\x{b:02X}");
                        s
                    });
                // Keep the file (lossily) so the diagnostic can show the line; the replacement
                // character starts exactly where the bad bytes did.
                let lossy = String::from_utf8_lossy(&bytes).into_owned();
                let id = self.files.add(rel, display, lossy);
                let end = at + char::REPLACEMENT_CHARACTER.len_utf8();
                self.diags.push(
                    Diagnostic::error("this file is not valid UTF-8 text")
                        .at(id, at..end, format!("the bytes `{hex}` are not UTF-8"))
                        .help(
                            "save the file as UTF-8 (most editors offer this under \"encoding\")",
                        ),
                );
                Err(())
            }
        }
    }

    fn load_toml(&mut self, path: &Path, is_root: bool) {
        let Ok(file) = self.read_file(path) else {
            self.unreadable.whole_file = true;
            return;
        };
        let text = self.files.shared_text(file);
        let (table, mut errors) = DeTable::parse_recoverable(&text);
        if !errors.is_empty() {
            // Later errors are usually echoes of the first, so report the first one only.
            self.unreadable.whole_file = true;
            errors.sort_by_key(|e| e.span().map_or(0, |s| s.start));
            let e = &errors[0];
            let span = e.span().unwrap_or(0..0);
            self.diags.push(
                Diagnostic::error(format!("TOML syntax error: {}", e.message()))
                    .at(file, span, "")
                    .note("the rest of this file was not checked; fix this first"),
            );
            return;
        }
        let mut controls = Vec::new();
        find_controls(table.get_ref(), &mut controls);
        for (span, c) in controls {
            self.diags
                .push(control_character(file, span, c, "in this text"));
        }
        for (key, value) in table.into_inner() {
            let key_span = key.span();
            let key = key.into_inner();
            if key.as_ref() == "site" {
                self.load_site(file, is_root, key_span, value);
                continue;
            }
            if key.as_ref() == "lints" {
                self.load_lints(file, is_root, key_span, value);
                continue;
            }
            if key.as_ref() == "team" {
                if self.in_root(is_root, file, key_span, "[team]") {
                    let spans = key_spans(value.get_ref());
                    if let Some(team) = self.deserialize::<TeamConfig>(file, "[team]", value) {
                        self.team = Some((team, spans));
                    }
                }
                continue;
            }
            if key.as_ref() == "workspace" {
                if self.in_root(is_root, file, key_span, "[workspace]") {
                    let spans = key_spans(value.get_ref());
                    if let Some(w) = self.deserialize::<WorkspaceConfig>(file, "[workspace]", value)
                    {
                        self.workspace = Some((file, w, spans));
                    }
                }
                continue;
            }
            let Some(kind) = Kind::ALL.iter().copied().find(|k| k.key() == key.as_ref()) else {
                self.unknown_top_level(file, key.as_ref(), key_span, is_root);
                continue;
            };
            let items = match value.into_inner() {
                DeValue::Array(items) => items,
                _ => {
                    self.diags.push(
                        Diagnostic::error(format!("`{key}` must be a list of tables"))
                            .at(file, key_span, "written as a single value here")
                            .help(format!("write each entry under its own `[[{key}]]` header")),
                    );
                    continue;
                }
            };
            for item in items {
                self.load_entry(file, kind, item);
            }
        }
    }

    fn unknown_top_level(&mut self, file: FileId, key: &str, span: Range<usize>, is_root: bool) {
        let mut known: Vec<&str> = Kind::ALL.iter().map(|k| k.key()).collect();
        if is_root {
            known.extend(["site", "lints", "team", "workspace"]);
        }
        if let Some(hint) = hints::table(key, &known) {
            let written = if hint.write == "site" || hint.write == "lints" {
                format!("[{}]", hint.write)
            } else {
                format!("[[{}]]", hint.write)
            };
            self.diags.push(
                Diagnostic::error(format!("unknown table `{key}`"))
                    .at(file, span, format!("write `{written}` here"))
                    .help(format!(
                        "{}; see {}",
                        hint.note,
                        format_section(&written, None)
                    )),
            );
            return;
        }
        let help = did_you_mean(&closest(key, known.iter().copied())).unwrap_or_else(|| {
            format!(
                "the known tables are {}",
                known
                    .iter()
                    .map(|k| format!("`{k}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        });
        self.diags.push(
            Diagnostic::error(format!("unknown table `{key}`"))
                .at(file, span, "not part of the strategy format")
                .help(help),
        );
    }

    /// Tables that belong in `stratsite.toml` only: reports one found elsewhere.
    fn in_root(
        &mut self,
        is_root: bool,
        file: FileId,
        key_span: Range<usize>,
        table: &str,
    ) -> bool {
        if !is_root {
            self.diags.push(
                Diagnostic::error(format!("`{table}` may only appear in `stratsite.toml`"))
                    .at(file, key_span, "found here")
                    .help(format!("move `{table}` into the site's `stratsite.toml`")),
            );
        }
        is_root
    }

    fn load_site(
        &mut self,
        file: FileId,
        is_root: bool,
        key_span: Range<usize>,
        value: Spanned<DeValue<'_>>,
    ) {
        if !self.in_root(is_root, file, key_span, "[site]") {
            return;
        }
        let spans = key_spans(value.get_ref());
        if let Some(mut site) = self.deserialize::<SiteConfig>(file, "[site]", value) {
            self.bounds = Bounds::new(&self.root, &site.linked_folders);
            self.load_prose_files(file, site.description.iter_mut().collect());
            self.site = Some((file, site, spans));
        }
    }

    /// Reads `[lints]`: a table of `code = "level"` lines. Which codes and levels exist is
    /// checked by the lints themselves.
    fn load_lints(
        &mut self,
        file: FileId,
        is_root: bool,
        key_span: Range<usize>,
        value: Spanned<DeValue<'_>>,
    ) {
        if !self.in_root(is_root, file, key_span, "[lints]") {
            return;
        }
        let whole = value.span();
        let DeValue::Table(table) = value.into_inner() else {
            self.diags.push(
                Diagnostic::error("`lints` must be a table")
                    .at(file, whole, "expected `[lints]` with `lint-code = \"level\"` lines")
                    .help("write it as `[lints]` followed by lines such as `stale-commitment = \"deny\"`"),
            );
            return;
        };
        for (code, level) in table {
            let code = Spanned::new(code.span(), code.into_inner().into_owned());
            let level_span = level.span();
            match level.into_inner() {
                DeValue::String(text) => self.lints.push(LintSetting {
                    code,
                    level: Spanned::new(level_span, text.into_owned()),
                }),
                _ => self.diags.push(
                    Diagnostic::error(format!(
                        "the level of `{}` must be a string",
                        code.get_ref()
                    ))
                    .at(file, level_span, "expected \"allow\", \"warn\" or \"deny\"")
                    .help(format!("write `{} = \"warn\"`", code.get_ref())),
                ),
            }
        }
    }

    fn load_entry(&mut self, file: FileId, kind: Kind, mut item: Spanned<DeValue<'_>>) {
        let what = format!("[[{}]]", kind.key());
        // An objective's `metric` is one table or a list of them: read one as a list of one.
        if kind == Kind::Objective
            && let DeValue::Table(t) = item.get_mut()
            && let Some(metric) = t.get_mut("metric")
            && matches!(metric.get_ref(), DeValue::Table(_))
        {
            let span = metric.span();
            let one =
                std::mem::replace(metric, Spanned::new(span.clone(), DeValue::Boolean(false)));
            let mut list = toml::de::DeArray::new();
            list.push(one);
            *metric = Spanned::new(span, DeValue::Array(list));
        }
        let written_id = item
            .get_ref()
            .get("id")
            .and_then(|v| v.get_ref().as_str())
            .map(str::to_owned);
        let spans = key_spans(item.get_ref());
        let allow = self.take_allowances(file, &mut item);
        /// Reads the entry as the type of its kind.
        struct Take<'l, 'v> {
            loader: &'l mut Loader,
            file: FileId,
            what: String,
            item: Option<Spanned<DeValue<'v>>>,
            written_id: Option<String>,
            spans: KeySpans,
            allow: Vec<Allowance>,
        }
        impl KindVisitor for Take<'_, '_> {
            fn visit<T: EntryKind>(&mut self) {
                let Some(item) = self.item.take() else {
                    return;
                };
                let file = self.file;
                if let Some(mut data) = self.loader.deserialize::<T>(file, &self.what, item) {
                    self.loader.load_prose_files(file, data.prose_mut());
                    self.loader.load_readings(file, data.metrics_mut());
                    let spans = std::mem::take(&mut self.spans);
                    let allow = std::mem::take(&mut self.allow);
                    T::list_mut(&mut self.loader.entries).push(Entry {
                        file,
                        data,
                        spans,
                        allow,
                    });
                } else if let Some(id) = self.written_id.take() {
                    self.loader.unreadable.ids.insert(id);
                }
            }
        }
        kind.visit(&mut Take {
            loader: self,
            file,
            what,
            item: Some(item),
            written_id,
            spans,
            allow,
        });
    }

    /// Takes an entry's `allow` table out before the entry is read as its kind: the lints it
    /// allows for itself, each with a reason. Whether each code names a lint is checked with
    /// the lints.
    fn take_allowances(&mut self, file: FileId, item: &mut Spanned<DeValue<'_>>) -> Vec<Allowance> {
        let DeValue::Table(t) = item.get_mut() else {
            return Vec::new();
        };
        let Some(value) = t.remove("allow") else {
            return Vec::new();
        };
        let whole = value.span();
        let DeValue::Table(table) = value.into_inner() else {
            self.diags.push(
                Diagnostic::error("`allow` must be a table of lint codes and reasons")
                    .at(file, whole, "expected `{ lint-code = \"reason\" }`")
                    .help(format!(
                        "write `allow = {{ output-objective = \"why the team keeps this title\" }}`; see {ALLOW_SECTION}"
                    )),
            );
            return Vec::new();
        };
        let mut out = Vec::new();
        for (code, reason) in table {
            let code = Spanned::new(code.span(), code.into_inner().into_owned());
            let span = reason.span();
            match reason.into_inner() {
                DeValue::String(text) if text.trim().is_empty() => self.diags.push(
                    Diagnostic::error(format!(
                        "the allowance of `{}` gives no reason",
                        code.get_ref()
                    ))
                    .at(file, span, "an empty reason")
                    .help(
                        "say in a few words why this entry keeps what the lint reports: reviewers read the reason in `check --format json`",
                    ),
                ),
                DeValue::String(text) => out.push(Allowance {
                    code,
                    reason: Spanned::new(span, text.into_owned()),
                }),
                _ => self.diags.push(
                    Diagnostic::error(format!(
                        "the reason for allowing `{}` must be a string",
                        code.get_ref()
                    ))
                    .at(file, span, "expected a reason in quotes")
                    .help(format!(
                        "write `{} = \"why the team keeps this\"`; see {ALLOW_SECTION}",
                        code.get_ref()
                    )),
                ),
            }
        }
        out
    }

    /// Reads a table as `T`, reporting every problem with its keys at once: after each
    /// problem the key at fault is set aside and the rest read again, so that an entry with
    /// three broken keys gives three diagnostics in one run, not one per run.
    fn deserialize<T: DeserializeOwned>(
        &mut self,
        file: FileId,
        what: &str,
        value: Spanned<DeValue<'_>>,
    ) -> Option<T> {
        let whole = value.span();
        let mut value = value;
        let mut set_aside: Vec<String> = Vec::new();
        // Each round sets one key aside, so there are at most as many rounds as keys.
        loop {
            let e = match T::deserialize(ValueDeserializer::from(value.clone())) {
                Ok(v) if set_aside.is_empty() => return Some(v),
                Ok(_) => return None,
                Err(e) => e,
            };
            let span = e.span().unwrap_or(whole.clone());
            let message = e.message();
            // A required key set aside, or misspelt as one set aside (`titel` for `title`), is
            // missing now: that is an echo of the problem already reported.
            if let Some(rest) = message.strip_prefix("missing field `") {
                let missing = rest.split('`').next().unwrap_or_default();
                let echo = set_aside.iter().any(|k| {
                    k == missing
                        || !closest(k, [missing]).is_empty()
                        || hints::key(k, &[missing]).is_some()
                });
                if echo {
                    return None;
                }
            }
            let DeValue::Table(table) = value.get_mut() else {
                self.diags
                    .push(explain_serde_error(file, what, None, message, span.clone()));
                return None;
            };
            let at_fault = table
                .iter()
                .find(|(k, v)| {
                    let within = |r: Range<usize>| {
                        r.start <= span.start && span.start < r.end.max(r.start + 1)
                    };
                    within(k.span()) || within(v.span())
                })
                .map(|(k, _)| k.get_ref().to_string());
            self.diags.push(explain_serde_error(
                file,
                what,
                at_fault.as_deref(),
                message,
                span.clone(),
            ));
            let key = at_fault?;
            let rest = std::mem::take(table)
                .into_iter()
                .filter(|(k, _)| k.get_ref().as_ref() != key.as_str())
                .collect();
            *table = rest;
            set_aside.push(key);
        }
    }

    /// Reads the Markdown files that prose fields point at; inline prose shares the text of
    /// the file it is written in where it can.
    fn load_prose_files(&mut self, defining: FileId, prose: Vec<&mut Prose>) {
        let source = self.files.shared_text(defining);
        for p in prose {
            p.share_inline(&source);
            let ProseOrigin::File { path, loaded } = &mut p.origin else {
                continue;
            };
            let rel = Path::new(path.get_ref());
            let escapes = rel.is_absolute()
                || rel
                    .components()
                    .any(|c| matches!(c, Component::ParentDir | Component::Prefix(_)));
            if escapes {
                self.diags.push(
                    Diagnostic::error("a prose file must be inside the site folder")
                        .at(defining, path.span(), "this path leaves the site folder")
                        .help("give a path relative to the site folder, such as `prose/why.md`"),
                );
                continue;
            }
            let full = self.root.join(rel);
            if full.is_dir() {
                self.diags.push(
                    Diagnostic::error(format!(
                        "the prose file `{}` is a folder, not a file",
                        path.get_ref()
                    ))
                    .at(defining, path.span(), "a folder")
                    .help("name the Markdown file inside it, such as `prose/why.md`"),
                );
                continue;
            }
            if std::fs::symlink_metadata(&full).is_err() || !full.exists() {
                self.diags.push(
                    Diagnostic::error(format!(
                        "the prose file `{}` does not exist",
                        path.get_ref()
                    ))
                    .at(defining, path.span(), "no such file")
                    .help(format!(
                        "paths are relative to the site folder `{}`",
                        self.root.display()
                    )),
                );
                continue;
            }
            // Through a symbolic link, a path inside the site can still lead out of it.
            match self.bounds.file(&full) {
                Ok(_) => {}
                Err(Refused::Outside { target, .. }) => {
                    self.diags.push(
                        Diagnostic::error("a prose file must be inside the site folder")
                            .at(
                                defining,
                                path.span(),
                                format!("a link to `{}`, outside the site folder", target.display()),
                            )
                            .help("copy the file into the site folder, or point at one inside it; for files shared between sites, name their folder under `[site] linked_folders`"),
                    );
                    continue;
                }
                Err(Refused::Special { kind, .. }) => {
                    self.diags.push(
                        Diagnostic::error(format!(
                            "the prose file `{}` is {kind}, not a file",
                            path.get_ref()
                        ))
                        .at(defining, path.span(), kind)
                        .help("point at a Markdown file"),
                    );
                    continue;
                }
                Err(other) => {
                    self.diags.push(Diagnostic::from(&other).at(
                        defining,
                        path.span(),
                        "named here",
                    ));
                    continue;
                }
            }
            if let Ok(id) = self.read_file(&full) {
                if let Some((at, c)) = first_control(self.files.text(id)) {
                    let end = at + c.len_utf8();
                    self.diags
                        .push(control_character(id, at..end, c, "this character"));
                }
                *loaded = Some(id);
                p.set_file_text(self.files.shared_text(id));
            }
        }
    }
}

/// A character pages and the feed cannot carry (XML allows none of the C0 and C1 controls but
/// tab and line breaks, nor U+FFFE and U+FFFF), with its byte offset in `text`.
fn first_control(text: &str) -> Option<(usize, char)> {
    let suspect = |b: &u8| (*b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r')) || *b >= 0x7f;
    if !text.as_bytes().iter().any(suspect) {
        return None;
    }
    text.char_indices().find(|(_, c)| {
        (c.is_control() && !matches!(c, '\t' | '\n' | '\r')) || matches!(c, '\u{FFFE}' | '\u{FFFF}')
    })
}

/// The strings in a TOML table that hold such a character: the span of each, and the character.
fn find_controls(table: &toml::de::DeTable<'_>, out: &mut Vec<(Range<usize>, char)>) {
    fn walk(value: &Spanned<DeValue<'_>>, out: &mut Vec<(Range<usize>, char)>) {
        match value.get_ref() {
            DeValue::String(s) => {
                if let Some((_, c)) = first_control(s) {
                    out.push((value.span(), c));
                }
            }
            DeValue::Array(items) => items.iter().for_each(|v| walk(v, out)),
            DeValue::Table(t) => t.values().for_each(|v| walk(v, out)),
            _ => {}
        }
    }
    table.values().for_each(|v| walk(v, out));
}

fn control_character(file: FileId, span: Range<usize>, c: char, label: &str) -> Diagnostic {
    Diagnostic::error(format!(
        "the invisible character U+{:04X}, which pages and the feed cannot show",
        u32::from(c)
    ))
    .at(file, span, label.to_owned())
    .help("delete it (text pasted from a word processor often brings one along, such as U+000B for a line break)")
}

/// The span of each key's value in a table, nested tables' keys by dotted path (nothing for a
/// value that is not a table).
fn key_spans(value: &DeValue<'_>) -> KeySpans {
    fn walk(table: &DeTable<'_>, prefix: &str, out: &mut KeySpans) {
        for (key, value) in table {
            let path = if prefix.is_empty() {
                key.get_ref().to_string()
            } else {
                format!("{prefix}.{}", key.get_ref())
            };
            match value.get_ref() {
                DeValue::Table(nested) => walk(nested, &path, out),
                // A list of tables (an objective's metrics) by place: `metric.0.target`.
                DeValue::Array(items) => {
                    for (i, item) in items.iter().enumerate() {
                        if let DeValue::Table(nested) = item.get_ref() {
                            let at = format!("{path}.{i}");
                            out.insert(at.clone(), item.span());
                            walk(nested, &at, out);
                        }
                    }
                }
                _ => {}
            }
            out.insert(path, value.span());
        }
    }
    let mut out = KeySpans::new();
    if let Some(table) = value.as_table() {
        walk(table, "", &mut out);
    }
    out
}

fn is_hidden(name: &std::ffi::OsStr) -> bool {
    name.to_str().is_some_and(|s| s.starts_with('.'))
}

/// Turns serde's wording into a diagnostic with the likely fix; `key` is the key of `what` at
/// fault, when it is known.
fn explain_serde_error(
    file: FileId,
    what: &str,
    key: Option<&str>,
    message: &str,
    span: Range<usize>,
) -> Diagnostic {
    let section = format_section(what, key);
    if let Some(rest) = message.strip_prefix("unknown field `") {
        let (field, expected) = split_backticked(rest);
        let known: Vec<&str> = expected.iter().map(String::as_str).collect();
        if let Some(hint) = hints::key(field, &known) {
            return Diagnostic::error(format!("unknown key `{field}` in {what}"))
                .at(file, span, format!("write `{}` here", hint.write))
                .help(format!("{}; see {}", hint.note, format_section(what, None)));
        }
        let help = did_you_mean(&closest(field, expected.iter().map(String::as_str)))
            .unwrap_or_else(|| format!("the keys of {what} are {}", list(&expected)));
        return Diagnostic::error(format!("unknown key `{field}` in {what}"))
            .at(file, span, "unknown key")
            .help(help);
    }
    if let Some(rest) = message.strip_prefix("unknown variant `") {
        let (value, expected) = split_backticked(rest);
        let help = did_you_mean(&closest(value, expected.iter().map(String::as_str)))
            .unwrap_or_else(|| format!("use one of {}", list(&expected)));
        return Diagnostic::error(format!("`{value}` is not an allowed value here"))
            .at(file, span, format!("expected one of {}", list(&expected)))
            .help(help);
    }
    if let Some(rest) = message.strip_prefix("missing field `") {
        let field = rest.split('`').next().unwrap_or(rest);
        return Diagnostic::error(format!("missing the required key `{field}` in {what}"))
            .at(file, span, format!("this table has no `{field}`"))
            .help(format!("add `{field} = …` here"));
    }
    if let Some(rest) = message.strip_prefix("invalid type: ") {
        return Diagnostic::error(format!("wrong type: found {}", plain_types(rest)))
            .at(file, span, "wrong type")
            .help(format!("see {section} for the type each key takes"));
    }
    if let Some(rest) = message.strip_prefix("invalid value: ") {
        return Diagnostic::error(format!("wrong value: found {}", plain_types(rest)))
            .at(file, span, "out of range")
            .help(format!("see {section} for the values each key takes"));
    }
    if message.starts_with(EMPTY_LIST) {
        return Diagnostic::error(format!("an empty list in {what}"))
            .at(file, span, "names nothing")
            .help("name at least one, or leave the key out");
    }
    // The model's own messages may carry their fix after a `help:` line.
    match message.trim().split_once("\nhelp: ") {
        Some((message, help)) => Diagnostic::error(message.to_owned())
            .at(file, span, "")
            .help(format!("{help}; see {section}")),
        None => Diagnostic::error(message.trim().to_owned()).at(file, span, ""),
    }
}

/// The section of docs/format.md on allowing a lint for one entry.
const ALLOW_SECTION: &str = "docs/format.md#allowing-a-lint-for-one-entry";

/// The sections of docs/format.md that help lines send readers to: each kind of entry and each
/// table by its TOML name, and the keys whose values have a section of their own.
const SECTIONS: &[(&str, &str)] = &[
    ("site", "docs/format.md#site-site-settings"),
    ("lints", "docs/format.md#lints-lint-levels"),
    ("team", "docs/format.md#team-the-team-a-strategy-belongs-to"),
    (
        "workspace",
        "docs/format.md#workspace-several-strategies-in-one-site",
    ),
    ("objective", "docs/format.md#objective"),
    ("theme", "docs/format.md#theme"),
    ("commitment", "docs/format.md#commitment"),
    ("idea", "docs/format.md#idea"),
    ("non_goal", "docs/format.md#non-goal"),
    ("assumption", "docs/format.md#assumption"),
    ("risk", "docs/format.md#risk"),
    ("constraint", "docs/format.md#constraint"),
    ("signal", "docs/format.md#signal"),
    ("change", "docs/format.md#change"),
    ("tiers", "docs/format.md#tiers"),
    ("metric", "docs/format.md#metric"),
    ("reading", "docs/format.md#readings"),
    ("readings", "docs/format.md#readings"),
    ("links", "docs/format.md#links"),
    ("allow", ALLOW_SECTION),
    ("id", "docs/format.md#ids"),
    ("theme=", "docs/format.md#one-or-a-list"),
    ("themes", "docs/format.md#one-or-a-list"),
    ("owner", "docs/format.md#one-or-a-list"),
    ("due", "docs/format.md#dates"),
    ("by", "docs/format.md#dates"),
    ("since", "docs/format.md#dates"),
    ("review_by", "docs/format.md#dates"),
    ("measured", "docs/format.md#dates"),
    ("date", "docs/format.md#dates"),
    ("as_of", "docs/format.md#dates"),
    ("value", "docs/format.md#levels"),
    ("effort", "docs/format.md#levels"),
    ("risk=", "docs/format.md#levels"),
    ("confidence", "docs/format.md#levels"),
    ("likelihood", "docs/format.md#levels"),
    ("impact", "docs/format.md#levels"),
    ("featured", "docs/format.md#featured-entries-lead"),
];

/// The section of docs/format.md that describes `key` of `what` (`[[non_goal]]`, `[site]`)
/// when the key has one of its own (a date, a level, a metric), else the section of `what`,
/// else the page itself.
pub(crate) fn format_section(what: &str, key: Option<&str>) -> &'static str {
    let table = what.trim_matches(|c| c == '[' || c == ']');
    let table = table.rsplit('.').next().unwrap_or(table);
    let section = |name: &str| SECTIONS.iter().find(|(n, _)| *n == name).map(|(_, s)| *s);
    // `theme` and `risk` are kinds and keys: as keys, they have the sections of their values.
    let key = key.map(|k| match k {
        "theme" | "risk" => format!("{k}="),
        k => k.to_owned(),
    });
    key.and_then(|k| section(&k))
        .or_else(|| section(table))
        .unwrap_or("docs/format.md")
}

/// From "x`, expected one of `a`, `b`" returns ("x", ["a", "b"]).
fn split_backticked(rest: &str) -> (&str, Vec<String>) {
    let mut parts = rest.split('`');
    let first = parts.next().unwrap_or_default();
    let expected = parts
        .skip(1)
        .step_by(2)
        .map(str::to_owned)
        .collect::<Vec<_>>();
    (first, expected)
}

fn list(items: &[String]) -> String {
    items
        .iter()
        .map(|i| format!("`{i}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Serde names Rust types ("expected f64"); authors think in TOML's.
fn plain_types(text: &str) -> String {
    [
        ("expected f64", "expected a number"),
        ("expected u32", "expected a whole number of at least 0"),
        ("expected a sequence", "expected a list `[…]`"),
        ("sequence", "list"),
        ("expected a map", "expected a table `{ … }`"),
        ("map", "table"),
        ("a TOML datetime", "a date"),
    ]
    .iter()
    .fold(text.to_owned(), |t, (from, to)| t.replace(from, to))
    .split(", expected struct ")
    .next()
    .map(|head| {
        if text.contains(", expected struct ") {
            format!("{head}, expected a table")
        } else {
            head.to_owned()
        }
    })
    .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_and_table_has_its_own_section_of_the_format_reference() {
        for kind in Kind::ALL {
            let what = format!("[[{}]]", kind.key());
            assert_ne!(format_section(&what, None), "docs/format.md", "{what}");
        }
        for what in ["[site]", "[lints]", "[[site.tiers]]"] {
            assert_ne!(format_section(what, None), "docs/format.md", "{what}");
        }
        assert_eq!(
            format_section("[[commitment]]", Some("owner")),
            "docs/format.md#one-or-a-list"
        );
        assert_eq!(
            format_section("[[commitment]]", Some("risk")),
            "docs/format.md#levels"
        );
        assert_eq!(
            format_section("[[risk]]", Some("tags")),
            "docs/format.md#risk"
        );
    }
}
