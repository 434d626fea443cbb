//! `stratsite diff A..B`: what changed in the strategy between two revisions, for a person
//! reviewing a pull request (Markdown) or a script (JSON).

use std::fmt::Write as _;
use std::path::Path;

use serde_json::{Value, json};

use super::moves::{Move, What, moves};
use super::snapshot::{Delta, EntrySnap, FieldChange, Snapshot, compare, value_text};
use super::{Commit, NoHistory, Repo};
use crate::diagnostics::Diagnostic;
use crate::model::Kind;

/// The shape of the JSON output; fields are only added within a version.
pub const FORMAT_VERSION: u32 = 1;

/// GitHub refuses comments longer than 65,536 characters; the Markdown stays well under, with
/// room for a marker the comment workflow adds.
pub const MARKDOWN_LIMIT: usize = 60_000;

/// One side of the diff.
pub struct Side {
    /// As written on the command line (`main`), or "the working tree".
    pub name: String,
    /// `None` for the working tree.
    pub commit: Option<Commit>,
}

/// Everything that differs between two revisions.
pub struct SiteDiff {
    pub from: Side,
    pub to: Side,
    pub deltas: Vec<Delta>,
    pub moves: Vec<Move>,
}

/// Reads both sides of `range` (`A..B`, or `A` for A against the files on disk) and compares
/// them.
pub fn diff(site: &Path, range: &str) -> Result<SiteDiff, Diagnostic> {
    let repo = Repo::open(site).map_err(|nh| no_history(site, nh))?;
    let (a, b) = match range.split_once("..") {
        Some((a, b)) if !a.is_empty() && !b.is_empty() && !b.starts_with('.') => (a, Some(b)),
        None if !range.is_empty() => (range, None),
        _ => {
            return Err(Diagnostic::error(format!(
                "`{range}` is not a range of revisions"
            ))
            .help("write `A..B` (e.g. `main..HEAD`), or one revision to compare it with the files on disk"));
        }
    };
    let commit = |rev: &str| {
        repo.commit(rev).map_err(|nh| match nh {
            NoHistory::Git(_) => Diagnostic::error(format!("`{rev}` names no commit"))
                .help("pass a branch, tag or commit id, e.g. `main..HEAD` or `HEAD~3..HEAD`"),
            nh => no_history(site, nh),
        })
    };
    let snapshot_at = |c: &Commit| -> Result<Snapshot, Diagnostic> {
        let (_tmp, loaded) = repo.load_at(c).map_err(|nh| no_history(site, nh))?;
        Ok(snapshot_of(&loaded))
    };
    let from_commit = commit(a)?;
    let old = snapshot_at(&from_commit)?;
    let (to, new) = match b {
        Some(b) => {
            let c = commit(b)?;
            let snap = snapshot_at(&c)?;
            (
                Side {
                    name: b.to_owned(),
                    commit: Some(c),
                },
                snap,
            )
        }
        None => (
            Side {
                name: "the working tree".to_owned(),
                commit: None,
            },
            snapshot_of(&crate::load::load(site)),
        ),
    };
    let deltas = compare(&old, &new);
    let moves = moves(&old, &new, &deltas);
    Ok(SiteDiff {
        from: Side {
            name: a.to_owned(),
            commit: Some(from_commit),
        },
        to,
        deltas,
        moves,
    })
}

fn snapshot_of(loaded: &crate::load::Loaded) -> Snapshot {
    match &loaded.strategy {
        Some(s) => Snapshot::of(s, &loaded.files),
        None => Snapshot::default(),
    }
}

fn no_history(site: &Path, nh: NoHistory) -> Diagnostic {
    Diagnostic::error(format!("cannot diff: {}", nh.message(site))).help(nh.help())
}

/// The counts of the one-line tally, in the order they are shown.
struct Tally {
    counts: Vec<(&'static str, usize)>,
}

/// One row of the table: an entry and what happened to it.
struct Row {
    mark: String,
    entry: String,
    what: String,
}

impl SiteDiff {
    fn unnamed(&self) -> impl Iterator<Item = &Move> {
        self.moves.iter().filter(|m| m.named_by.is_none())
    }

    fn tally(&self) -> Tally {
        let mut added = 0;
        let mut removed = 0;
        let mut retitled = 0;
        let mut moved = 0;
        let mut status = 0;
        let mut readings = 0;
        let mut other = 0;
        for d in &self.deltas {
            match d {
                Delta::Added(_) => added += 1,
                Delta::Removed(_) => removed += 1,
                Delta::Changed { old, new, fields } => {
                    let keys: Vec<&str> = fields.iter().map(|f| f.key.as_str()).collect();
                    let mut counted = false;
                    if keys.contains(&"title") {
                        retitled += 1;
                        counted = true;
                    }
                    if old.kind != new.kind || keys.iter().any(|k| matches!(*k, "theme" | "serves"))
                    {
                        moved += 1;
                        counted = true;
                    }
                    if keys.contains(&"status") {
                        status += 1;
                        counted = true;
                    }
                    if keys.iter().any(|k| is_reading(k)) {
                        readings += 1;
                        counted = true;
                    }
                    let guarded = fields.iter().all(|f| is_guarded(old, f));
                    if !counted && !guarded {
                        other += 1;
                    }
                }
            }
        }
        let unnamed = self.unnamed().count();
        Tally {
            counts: vec![
                ("added", added),
                ("removed", removed),
                ("retitled", retitled),
                ("moved", moved),
                ("status_changes", status),
                ("goalposts_moved", self.moves.len()),
                ("without_a_named_change", unnamed),
                ("readings", readings),
                ("other_edits", other),
            ],
        }
    }

    /// The table's rows: moved goalposts (those no change names first), then what was added,
    /// removed, retitled, moved between themes or kinds, and status changes and readings.
    fn rows(&self) -> Vec<Row> {
        let mut rows = Vec::new();
        let mut moves: Vec<&Move> = self.moves.iter().collect();
        moves.sort_by_key(|m| m.named_by.is_some());
        for m in moves {
            rows.push(Row {
                mark: match &m.named_by {
                    None => "⚠️ unnamed".to_owned(),
                    Some(c) => format!("✅ named by `{c}`"),
                },
                entry: entry_cell(m.kind, &m.id, &m.title),
                what: match m.what {
                    What::Removed => format!("removed (was in {})", text(&m.before.file)),
                    What::Dropped => format!(
                        "dropped (was {})",
                        text(m.old.as_deref().unwrap_or("planned"))
                    ),
                    w => format!(
                        "{} {} → {}",
                        w.slug(),
                        text(m.old.as_deref().unwrap_or("unset")),
                        text(m.new.as_deref().unwrap_or("unset"))
                    ),
                },
            });
        }
        let moved = |id: &str, what: What| self.moves.iter().any(|m| m.id == id && m.what == what);
        let mut deltas: Vec<&Delta> = self.deltas.iter().collect();
        deltas.sort_by_key(|d| match d {
            Delta::Added(_) => 0,
            Delta::Removed(_) => 1,
            Delta::Changed { .. } => 2,
        });
        for d in deltas {
            match d {
                // Shown above, as a moved goalpost.
                Delta::Removed(e) if moved(&e.id, What::Removed) => {}
                Delta::Added(e) => rows.push(Row {
                    mark: "➕ added".to_owned(),
                    entry: entry_cell(e.kind, &e.id, &e.title),
                    what: format!("in {}", text(&e.file)),
                }),
                Delta::Removed(e) => rows.push(Row {
                    mark: "➖ removed".to_owned(),
                    entry: entry_cell(e.kind, &e.id, &e.title),
                    what: format!("was in {}", text(&e.file)),
                }),
                Delta::Changed { old, new, fields } => {
                    let mut what = Vec::new();
                    if old.kind != new.kind {
                        what.push(format!(
                            "{} → {}",
                            old.kind.label().to_lowercase(),
                            new.kind.label().to_lowercase()
                        ));
                    }
                    for f in fields {
                        match f.key.as_str() {
                            "title" => what.push(format!("retitled from “{}”", value(&f.old))),
                            "theme" => what.push(format!(
                                "theme `{}` → `{}`",
                                code(&value_or_unset(&f.old)),
                                code(&value_or_unset(&f.new))
                            )),
                            // Shown above, as a moved goalpost.
                            "status" if moved(&new.id, What::Dropped) => {}
                            "status" => {
                                what.push(format!("status {} → {}", value(&f.old), value(&f.new)))
                            }
                            k if is_reading(k) => what.push(format!(
                                "{} {} → {}",
                                k.trim_start_matches("metric."),
                                value(&f.old),
                                value(&f.new)
                            )),
                            _ => {}
                        }
                    }
                    if !what.is_empty() {
                        rows.push(Row {
                            mark: "✏️ changed".to_owned(),
                            entry: entry_cell(new.kind, &new.id, &new.title),
                            what: what.join("; "),
                        });
                    }
                }
            }
        }
        rows
    }

    /// The other edits (prose, owners, tags, files), one line each, for the collapsed part.
    fn other_edits(&self) -> Vec<String> {
        let mut lines = Vec::new();
        for d in &self.deltas {
            let Delta::Changed { old, new, fields } = d else {
                continue;
            };
            if old.file != new.file {
                lines.push(format!(
                    "- `{}`: moved from {} to {}",
                    new.id,
                    text(&old.file),
                    text(&new.file)
                ));
            }
            for f in fields {
                if matches!(f.key.as_str(), "title" | "theme" | "status") || is_reading(&f.key) {
                    continue;
                }
                if is_guarded(old, f) {
                    continue;
                }
                lines.push(format!("- `{}`: {}", new.id, field_line(f)));
            }
        }
        lines
    }

    /// The diff as Markdown for a pull-request comment or a job summary: a status line, a
    /// one-line tally, a table, and the rest collapsed; never longer than [`MARKDOWN_LIMIT`].
    pub fn markdown(&self) -> String {
        let mut out = String::new();
        let range = format!("{} → {}", side_name(&self.from), side_name(&self.to));
        let unnamed = self.unnamed().count();
        let _ = writeln!(out, "### Strategy diff: {range}\n");
        if self.deltas.is_empty() {
            let _ = writeln!(out, "No change to the strategy.");
            return out;
        }
        match unnamed {
            0 => {
                let _ = writeln!(out, "✅ **Every moved goalpost is named by a change.**");
            }
            n => {
                let _ = writeln!(
                    out,
                    "⚠️ **{n} goalpost{} moved without a named change.** Add a `[[change]]` whose `affects` names {}.",
                    if n == 1 { "" } else { "s" },
                    if n == 1 { "it" } else { "each" }
                );
            }
        }
        let tally: Vec<String> = self
            .tally()
            .counts
            .iter()
            .filter(|(_, n)| *n > 0)
            .map(|(key, n)| tally_words(key, *n))
            .collect();
        let _ = writeln!(out, "\n{}\n", tally.join(" · "));
        let rows = self.rows();
        let others = self.other_edits();
        // Room for the closing lines of whatever is cut.
        let budget = MARKDOWN_LIMIT - 400;
        let mut shown = 0;
        if !rows.is_empty() {
            out.push_str("| | entry | what changed |\n|---|---|---|\n");
            for r in &rows {
                let line = format!("| {} | {} | {} |\n", r.mark, r.entry, r.what);
                if out.len() + line.len() > budget {
                    break;
                }
                out.push_str(&line);
                shown += 1;
            }
        }
        let mut cut = rows.len() - shown;
        if cut == 0 && !others.is_empty() {
            out.push_str(&format!(
                "\n<details><summary>{} other edit{}</summary>\n\n",
                others.len(),
                if others.len() == 1 { "" } else { "s" }
            ));
            for (i, line) in others.iter().enumerate() {
                if out.len() + line.len() + 40 > budget {
                    cut = others.len() - i;
                    break;
                }
                out.push_str(line);
                out.push('\n');
            }
            out.push_str("\n</details>\n");
        } else {
            cut += others.len();
        }
        if cut > 0 {
            let _ = writeln!(
                out,
                "\n… and {cut} more, left out to fit a comment: run `stratsite diff {}..{} --format json` for all of them.",
                self.from.name,
                self.to
                    .commit
                    .as_ref()
                    .map_or("", |_| self.to.name.as_str())
            );
        }
        out
    }

    /// The diff as a JSON document.
    pub fn json(&self) -> Value {
        let side = |s: &Side| {
            json!({
                "name": s.name,
                "commit": s.commit,
            })
        };
        let entries: Vec<Value> = self
            .deltas
            .iter()
            .map(|d| match d {
                Delta::Added(e) => json!({ "id": e.id, "kind": e.kind, "change": "added", "title": e.title, "file": e.file }),
                Delta::Removed(e) => json!({ "id": e.id, "kind": e.kind, "change": "removed", "title": e.title, "file": e.file }),
                Delta::Changed { old, new, fields } => json!({
                    "id": new.id,
                    "kind": new.kind,
                    "change": "changed",
                    "title": new.title,
                    "file": new.file,
                    "old_kind": (old.kind != new.kind).then_some(old.kind),
                    "old_file": (old.file != new.file).then_some(&old.file),
                    "fields": fields.iter().map(|f| json!({
                        "key": f.key,
                        "old": f.old,
                        "new": f.new,
                    })).collect::<Vec<_>>(),
                }),
            })
            .collect();
        let moves: Vec<Value> = self
            .moves
            .iter()
            .map(|m| {
                json!({
                    "id": m.id,
                    "kind": m.kind,
                    "what": m.what.slug(),
                    "old": m.old,
                    "new": m.new,
                    "named_by": m.named_by,
                })
            })
            .collect();
        let tally: serde_json::Map<String, Value> = self
            .tally()
            .counts
            .iter()
            .map(|(k, n)| ((*k).to_owned(), json!(n)))
            .collect();
        json!({
            "format_version": FORMAT_VERSION,
            "from": side(&self.from),
            "to": side(&self.to),
            "tally": tally,
            "moves": moves,
            "entries": entries,
        })
    }
}

fn side_name(s: &Side) -> String {
    match &s.commit {
        // A full commit id (as workflows pass them) reads better short.
        Some(c) if s.name.len() >= 40 && c.id.starts_with(&s.name) => format!("`{}`", c.short()),
        Some(_) => format!("`{}`", code(&s.name)),
        None => s.name.clone(),
    }
}

/// One item of the tally in words: "1 status change", "3 goalposts moved".
fn tally_words(key: &str, n: usize) -> String {
    let one = n == 1;
    let words = match key {
        "status_changes" if one => "status change",
        "status_changes" => "status changes",
        "goalposts_moved" if one => "goalpost moved",
        "goalposts_moved" => "goalposts moved",
        "without_a_named_change" => "without a named change",
        "readings" if one => "reading",
        "other_edits" if one => "other edit",
        "other_edits" => "other edits",
        k => k,
    };
    format!("{n} {words}")
}

/// Text for a Markdown code span: no backticks or line breaks to end it early.
fn code(s: &str) -> String {
    s.chars()
        .map(|c| if c == '`' || c.is_control() { '\'' } else { c })
        .take(200)
        .collect()
}

/// Metric readings: what was measured, not what was promised.
fn is_reading(key: &str) -> bool {
    matches!(key, "metric.current" | "metric.measured")
}

/// A key the goalpost table already shows for this entry.
fn is_guarded(old: &EntrySnap, f: &FieldChange) -> bool {
    let keys: &[&str] = match old.kind {
        Kind::Objective => &[
            "metric.target",
            "metric.baseline",
            "metric.by",
            "metric.unit",
            "metric.name",
        ],
        Kind::Commitment => &["due"],
        _ => &[],
    };
    keys.contains(&f.key.as_str()) && f.old.is_some()
}

fn field_line(f: &FieldChange) -> String {
    let short = |v: &Option<Value>| match v {
        None => "unset".to_owned(),
        Some(v) => {
            let t = value_text(v);
            if t.chars().count() > 60 || t.contains('\n') {
                "…".to_owned()
            } else {
                format!("“{}”", text(&t))
            }
        }
    };
    match (&f.old, &f.new) {
        (None, Some(_)) => format!("`{}` set to {}", f.key, short(&f.new)),
        (Some(_), None) => format!("`{}` removed (was {})", f.key, short(&f.old)),
        _ => match (short(&f.old).as_str(), short(&f.new).as_str()) {
            ("…", _) | (_, "…") => format!("`{}` rewritten", f.key),
            (a, b) => format!("`{}` {a} → {b}", f.key),
        },
    }
}

fn value_or_unset(v: &Option<Value>) -> String {
    v.as_ref().map_or_else(|| "unset".to_owned(), value_text)
}

fn value(v: &Option<Value>) -> String {
    v.as_ref()
        .map_or_else(|| "unset".to_owned(), |v| text(&value_text(v)))
}

fn entry_cell(kind: Kind, id: &str, title: &str) -> String {
    format!("{} `{id}`: {}", kind.label().to_lowercase(), text(title))
}

/// Text from the strategy made inert in Markdown and HTML: no markup, links, mentions or table
/// breaks; on one line.
pub fn text(s: &str) -> String {
    // Long titles and values are cut, on a character boundary.
    let cut: String;
    let s = if s.chars().count() > 200 {
        cut = s.chars().take(199).chain(['…']).collect();
        cut.as_str()
    } else {
        s
    };
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\n' | '\r' | '\t' => out.push(' '),
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '|' => out.push_str("&#124;"),
            '@' => out.push_str("&#64;"),
            '\\' | '`' | '*' | '_' | '[' | ']' | '#' | '!' | '~' => {
                out.push('\\');
                out.push(c);
            }
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}
