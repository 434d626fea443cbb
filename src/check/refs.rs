//! References between entries: every id named in a reference field or linked from prose
//! (`[text](@id)`) exists and is of the kind the field takes. A reference to what could not be
//! read is an echo of that problem and is left out.

use std::collections::HashMap;
use std::ops::Range;

use rayon::prelude::*;

use super::ids::Definition;
use crate::diagnostics::{Diagnostic, closest, did_you_mean};
use crate::model::{EntryView, Kind, Prose, ProseOrigin, Strategy};
use crate::source::{FileId, SourceMap};

/// A problem with a reference, and the id it names when that id is missing.
struct Found {
    diagnostic: Diagnostic,
    dangling: Option<String>,
}

impl From<Diagnostic> for Found {
    fn from(diagnostic: Diagnostic) -> Self {
        Found {
            diagnostic,
            dangling: None,
        }
    }
}

/// The problems with the references in `entries` and in every piece of prose.
pub(super) fn check(
    strategy: &Strategy,
    entries: &[EntryView<'_>],
    ids: &HashMap<String, Definition>,
    files: &SourceMap,
) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    for e in entries {
        check_refs(e, ids, &mut found);
        check_title_links(e, files, ids, &mut found);
    }
    // Finding links means parsing every piece of prose: the one costly check, so in parallel.
    let prose: Vec<(FileId, &Prose)> = entries
        .iter()
        .flat_map(|e| e.prose.iter().map(|(_, p)| (e.file, *p)))
        .chain(
            strategy
                .site
                .description
                .as_ref()
                .map(|d| (strategy.site_file, d)),
        )
        .collect();
    let links: Vec<Vec<Found>> = prose
        .par_iter()
        .map(|(file, p)| {
            let mut found = Vec::new();
            check_prose_links(*file, p, files, ids, &mut found);
            found
        })
        .collect();
    found.extend(links.into_iter().flatten());
    // A reference to an entry that exists but could not be read is an echo of that entry's own
    // error, and after a file could not be read at all any reference may be one.
    let u = &strategy.unreadable;
    found
        .into_iter()
        .filter(|f| match &f.dangling {
            Some(id) => !(u.whole_file || u.ids.contains(id)),
            None => true,
        })
        .map(|f| f.diagnostic)
        .collect()
}

fn check_refs(e: &EntryView<'_>, ids: &HashMap<String, Definition>, found: &mut Vec<Found>) {
    for r in &e.refs {
        let target = r.target.get_ref();
        let expected = r.expects.map_or("an entry", Kind::article);
        match ids.get(target) {
            None => {
                let candidates = ids
                    .iter()
                    .filter(|(_, d)| r.expects.is_none_or(|k| k == d.kind))
                    .map(|(id, _)| id.as_str());
                found.push(Found {
                    diagnostic: Diagnostic::error(format!("`{}` names no entry: `{target}`", r.field))
                        .at(
                            e.file,
                            r.target.span(),
                            format!("expected the id of {expected}"),
                        )
                        .help(did_you_mean(&closest(target, candidates)).unwrap_or_else(|| {
                            format!(
                                "no id is close to it: write the id of {expected} that exists, or add that entry"
                            )
                        })),
                    dangling: Some(target.clone()),
                });
            }
            Some(def) if r.expects.is_some_and(|k| k != def.kind) => {
                found.push(
                    Diagnostic::error(format!(
                        "`{}` must name {expected}, but `{target}` is {}",
                        r.field,
                        def.kind.article()
                    ))
                    .at(e.file, r.target.span(), format!("expected {expected}"))
                    .also(def.file, def.span.clone(), "defined here")
                    .help(format!(
                        "`{}` takes the id of {expected}; name one, or move the link into prose, where `[text](@{target})` may point at any entry",
                        r.field
                    ))
                    .into(),
                );
            }
            Some(def) if def.file == e.file && def.span == e.id.span() => {
                found.push(
                    Diagnostic::error(format!("`{target}` refers to itself"))
                        .at(e.file, r.target.span(), "an entry cannot name itself here")
                        .help(format!("remove `{target}` from `{}`", r.field))
                        .into(),
                );
            }
            Some(_) => {}
        }
    }
}

/// Checks `[text](@id)` links in an entry's title (only a title that has one is parsed).
fn check_title_links(
    e: &EntryView<'_>,
    files: &SourceMap,
    ids: &HashMap<String, Definition>,
    found: &mut Vec<Found>,
) {
    let title = e.title.get_ref();
    if !title.contains("](@") {
        return;
    }
    for link in crate::markdown::facts(title).entry_links {
        if ids.contains_key(&link.id) {
            continue;
        }
        // Escapes in a TOML string shift offsets, so find the link in the literal.
        let span = e.title.span();
        let needle = format!("@{}", link.id);
        let at = files
            .text(e.file)
            .get(span.clone())
            .and_then(|t| t.find(&needle))
            .map_or(span.clone(), |i| {
                span.start + i..span.start + i + needle.len()
            });
        found.push(Found {
            diagnostic: Diagnostic::error(format!(
                "the title of `{}` links to an entry that does not exist: `@{}`",
                e.id.get_ref(),
                link.id
            ))
            .at(e.file, at, "no entry has this id")
            .maybe_help(did_you_mean(&closest(
                &link.id,
                ids.keys().map(String::as_str),
            ))),
            dangling: Some(link.id.clone()),
        });
    }
}

/// Checks `[text](@id)` links in a piece of prose.
fn check_prose_links(
    file: FileId,
    prose: &Prose,
    files: &SourceMap,
    ids: &HashMap<String, Definition>,
    found: &mut Vec<Found>,
) {
    for link in prose.entry_links() {
        if ids.contains_key(&link.id) {
            continue;
        }
        let (file, span) = locate_in_prose(file, prose, files, &link.id, link.range.clone());
        found.push(Found {
            diagnostic: Diagnostic::error(format!(
                "link to an entry that does not exist: `@{}`",
                link.id
            ))
            .at(file, span, "no entry has this id")
            .maybe_help(did_you_mean(&closest(
                &link.id,
                ids.keys().map(String::as_str),
            ))),
            dangling: Some(link.id.clone()),
        });
    }
}

/// Maps a range inside prose text to a span in the file it was written in.
pub(super) fn locate_in_prose(
    file: FileId,
    prose: &Prose,
    files: &SourceMap,
    id: &str,
    range: Range<usize>,
) -> (FileId, Range<usize>) {
    let needle = format!("@{id}");
    let find_in = |f: FileId, window: Range<usize>| -> Option<Range<usize>> {
        let text = files.text(f).get(window.clone())?;
        text.find(&needle)
            .map(|i| window.start + i..window.start + i + needle.len())
    };
    match &prose.origin {
        ProseOrigin::File {
            loaded: Some(md), ..
        } => {
            let span = find_in(*md, range.clone()).unwrap_or(range);
            (*md, span)
        }
        ProseOrigin::Inline { span } => {
            // Escapes in a TOML string shift offsets, so find the link text in the literal.
            let at = find_in(file, span.clone()).unwrap_or(span.clone());
            (file, at)
        }
        ProseOrigin::File { path, .. } => (file, path.span()),
        ProseOrigin::Absent => (file, 0..0),
    }
}
