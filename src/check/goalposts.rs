//! The goalpost guard (lint `moved-goalpost`): an objective's target, baseline, deadline, unit
//! or metric, or a commitment's due date, that changed since a base revision, or a commitment
//! dropped or removed since then, must be named by a `[[change]]` that affects the entry.
//!
//! The base is `--since REV`, or by default the last commit that changed nothing in the
//! strategy (see [`Repo::default_base`]); what is compared with it is the site as it is on
//! disk, uncommitted edits included.

use std::ops::Range;
use std::path::Path;

use crate::diagnostics::Diagnostic;
use crate::history::moves::{Move, What, from_to, moves};
use crate::history::snapshot::compare;
use crate::history::{Commit, NoHistory, Repo, Snapshot};
use crate::model::{Kind, Strategy};
use crate::source::{FileId, SourceMap};

use super::lints::MOVED_GOALPOST;

/// What the guard found: the diagnostics (warnings with the lint's code), and a note when
/// there was no history to compare with.
pub struct Guarded {
    /// Each move not named, with the id of the entry that moved.
    pub diagnostics: Vec<(String, Diagnostic)>,
    pub note: Option<String>,
}

/// Compares the site in `root` (loaded as `strategy`) with its base revision. Without a
/// history this is a note, unless `since` asked for one: then it is an error.
pub fn guard(
    root: &Path,
    strategy: &Strategy,
    files: &SourceMap,
    since: Option<&str>,
) -> Result<Guarded, Diagnostic> {
    let repo = match Repo::open(root) {
        Ok(r) => r,
        Err(nh) => {
            return match since {
                Some(rev) => Err(Diagnostic::error(format!(
                    "`--since {rev}` needs the history of the strategy, but {}",
                    nh.message(root)
                ))
                .help(nh.help())),
                None => Ok(Guarded {
                    diagnostics: Vec::new(),
                    note: Some(format!(
                        "{}, so moved targets and deadlines are not checked (lint `{}`)",
                        nh.message(root),
                        MOVED_GOALPOST.code
                    )),
                }),
            };
        }
    };
    let history_error = |nh: NoHistory| {
        Diagnostic::error(nh.message(root))
            .help(nh.help())
            .note(format!(
                "lint `{}` compares the strategy with an earlier revision",
                MOVED_GOALPOST.code
            ))
    };
    let base = match since {
        Some(rev) => repo.commit(rev).map_err(|nh| match nh {
            NoHistory::Git(_) => Diagnostic::error(format!("`--since {rev}` names no commit"))
                .help("pass a branch, tag or commit id, e.g. `--since main` or `--since HEAD~3`"),
            nh => history_error(nh),
        })?,
        None => repo.default_base().map_err(history_error)?,
    };
    let (_tmp, loaded) = repo.load_at(&base).map_err(history_error)?;
    let old = match &loaded.strategy {
        Some(s) => Snapshot::of(s, &loaded.files),
        None => Snapshot::default(),
    };
    let now = Snapshot::of(strategy, files);
    let found = moves(&old, &now, &compare(&old, &now));
    let how = match since {
        Some(rev) => format!("compared with `{rev}`"),
        None => "compared with the last commit that changed nothing in the strategy".to_owned(),
    };
    let diagnostics = found
        .iter()
        .filter(|m| m.named_by.is_none())
        .map(|m| (m.id.clone(), diagnostic(m, &base, &how, strategy, files)))
        .collect();
    Ok(Guarded {
        diagnostics,
        note: None,
    })
}

fn diagnostic(m: &Move, base: &Commit, how: &str, s: &Strategy, files: &SourceMap) -> Diagnostic {
    let id = &m.id;
    let kind = m.kind.label().to_lowercase();
    let message = match m.what {
        What::Removed => format!("commitment `{id}` was removed without a named change"),
        What::Dropped => format!(
            "commitment `{id}` was dropped without a named change ({})",
            from_to(m)
        ),
        w => format!(
            "{} of {kind} `{id}` moved {} without a named change",
            w.words(),
            from_to(m)
        ),
    };
    let from = m.old.clone().unwrap_or_default();
    let to = m.new.clone().unwrap_or_default();
    let values = match m.what {
        What::Removed | What::Dropped => String::new(),
        _ => format!(", `from = \"{from}\"`, `to = \"{to}\"`"),
    };
    let help = match m.what {
        What::Removed => format!(
            "keep it with `status = \"dropped\"` and add a `[[change]]` with `affects = [\"{id}\"]` that says why, so the site shows the promise was let go"
        ),
        _ => format!(
            "add a `[[change]]` with `affects = [\"{id}\"]`{values} and a `why`: the site then says openly what moved and why"
        ),
    };
    let was = format!(
        "was {} in {} ({}, {})",
        if m.old.is_some() {
            from.as_str()
        } else {
            "unset"
        },
        base.short(),
        base.day(),
        m.before.file
    );
    let mut d = Diagnostic::warning(message)
        .code(MOVED_GOALPOST.code)
        .help(help)
        .note(format!(
            "{how}: {} ({}, \"{}\")",
            base.short(),
            base.day(),
            base.subject
        ));
    match place(m, s, files) {
        Some((file, span)) => d = d.at(file, span, was),
        None => {
            d = d.note(format!(
                "it was in {} at line {} of {}",
                m.before.file,
                m.before.line,
                base.short()
            ))
        }
    }
    d
}

/// Where the move shows in today's files: the value that changed, else the entry's title.
fn place(m: &Move, s: &Strategy, files: &SourceMap) -> Option<(FileId, Range<usize>)> {
    match m.what {
        What::Removed => None,
        What::Due | What::Dropped => {
            if let Some(c) = s.commitments.iter().find(|c| c.id.get_ref() == &m.id) {
                let span = match m.what {
                    What::Due => c.due.as_ref().map(|d| d.span()),
                    _ => c.spans.get("status").cloned(),
                };
                return Some((c.file, span.unwrap_or_else(|| c.title.span())));
            }
            // Now another kind of entry (an idea): its title.
            s.entries()
                .into_iter()
                .find(|e| e.id.get_ref() == &m.id && e.kind != Kind::Commitment)
                .map(|e| (e.file, e.title.span()))
        }
        _ => {
            let o = s.objectives.iter().find(|o| o.id.get_ref() == &m.id)?;
            let key = m.what.key().trim_start_matches("metric.");
            let by = o
                .metrics
                .first()
                .and_then(|metric| metric.get_ref().by.as_ref());
            let span = match (m.what, by) {
                (What::Deadline, Some(by)) => Some(by.span()),
                _ => o.spans.get("metric").and_then(|metric| {
                    let text = files.text(o.file);
                    value_of(text, metric.clone(), key)
                        .or_else(|| value_of(text, table_body(text, metric.end), key))
                        .or_else(|| Some(metric.clone()))
                }),
            };
            Some((o.file, span.unwrap_or_else(|| o.title.span())))
        }
    }
}

/// The lines after a `[objective.metric]` header that ends at `from`, up to the next table.
fn table_body(text: &str, from: usize) -> Range<usize> {
    let rest = text.get(from..).unwrap_or_default();
    let mut end = rest.len();
    let mut offset = 0;
    for line in rest.split_inclusive('\n') {
        if offset > 0 && line.trim_start().starts_with('[') {
            end = offset;
            break;
        }
        offset += line.len();
    }
    from..from + end
}

/// The span of `key`'s value inside the table written at `span` (an inline table, or the
/// lines of a `[objective.metric]` table): after `key =`, up to a comma, brace or line end.
fn value_of(text: &str, span: Range<usize>, key: &str) -> Option<Range<usize>> {
    let table = text.get(span.clone())?;
    let bytes = table.as_bytes();
    let mut from = 0;
    while let Some(pos) = table[from..].find(key) {
        let at = from + pos;
        from = at + key.len();
        let before_ok = at == 0 || matches!(bytes[at - 1], b'{' | b',' | b' ' | b'\t' | b'\n');
        let rest = &table[at + key.len()..];
        let trimmed = rest.trim_start_matches([' ', '\t']);
        if !before_ok || !trimmed.starts_with('=') {
            continue;
        }
        let value_start = at + key.len() + (rest.len() - trimmed.len()) + 1;
        let value = &table[value_start..];
        let lead = value.len() - value.trim_start_matches([' ', '\t']).len();
        let start = value_start + lead;
        let len = table[start..]
            .find([',', '}', '\n', '#'])
            .unwrap_or(table.len() - start);
        let end = start + table[start..start + len].trim_end().len();
        return (end > start).then(|| span.start + start..span.start + end);
    }
    None
}
