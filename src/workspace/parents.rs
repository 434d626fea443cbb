//! Strategies published elsewhere: `[workspace.parents] org = { strategy = "vendor/org.json",
//! url = "https://…" }` names a pinned local copy of another site's `strategy.json`, so that
//! builds stay offline and reproducible, and the address its pages are published at.
//! References into it are checked like local ones; a copy that is not valid JSON, or not a
//! stratsite `strategy.json`, is an error at its place.

use std::path::{Component, Path};

use serde_json::Value;

use crate::diagnostics::Diagnostic;
use crate::model::{KeySpans, Kind, WorkspaceConfig};
use crate::source::{FileId, SourceMap};
use crate::util::contained::{MAX_TEXT_FILE, read_limited};
use crate::util::paths::rel_path;

use super::Workspace;

/// A parent published elsewhere, as its pinned `strategy.json` describes it.
pub struct ParentSite {
    /// The name references qualify its objectives with (`org`).
    pub name: String,
    /// The member that names it, or `None` for the workspace root (every member sees it).
    pub declared_by: Option<usize>,
    /// Where it is published, ending in `/`.
    pub url: String,
    /// Its site's title.
    pub title: String,
    pub objectives: Vec<ParentObjective>,
}

/// An objective of a parent published elsewhere.
pub struct ParentObjective {
    pub id: String,
    pub title: String,
    /// Its page where the parent is published.
    pub url: String,
}

/// The parents the workspace root names.
pub fn read_root(ws: &mut Workspace) {
    let (Some(config), Some((file, spans))) = (&ws.config, &ws.config_file) else {
        return;
    };
    let (file, spans) = (*file, spans.clone());
    let mut found = Vec::new();
    read(
        &ws.root.clone(),
        config,
        file,
        &spans,
        &mut ws.files,
        &mut ws.diagnostics,
        None,
        &mut found,
    );
    ws.parents.extend(found);
}

/// The parents each member names in its own `[workspace.parents]`.
pub fn read_members(ws: &mut Workspace) {
    let mut found = Vec::new();
    for (i, m) in ws.members.iter_mut().enumerate() {
        let Some(s) = m.checked.strategy.as_ref() else {
            continue;
        };
        let Some((config, spans)) = s.workspace.as_ref() else {
            continue;
        };
        let base = ws.root.join(&m.dir);
        read(
            &base,
            config,
            s.site_file,
            spans,
            &mut m.checked.files,
            &mut m.checked.diagnostics,
            Some(i),
            &mut found,
        );
    }
    let members: Vec<String> = ws.members.iter().map(|m| m.id.clone()).collect();
    for p in found {
        if members.contains(&p.name) && ws.is_workspace() {
            let d = Diagnostic::error(format!(
                "the parent `{}` has the id of a team of this workspace",
                p.name
            ))
            .help("give the parent another name in `[workspace.parents]`: references must say which of the two they mean");
            match p.declared_by.and_then(|i| {
                let s = ws.members[i].strategy()?;
                let span = s
                    .workspace
                    .as_ref()?
                    .1
                    .get(&format!("parents.{}", p.name))?;
                Some((i, s.site_file, span.clone()))
            }) {
                Some((i, file, span)) => {
                    ws.members[i]
                        .checked
                        .diagnostics
                        .push(d.at(file, span, "named like a team"))
                }
                None => ws.diagnostics.push(d),
            }
            continue;
        }
        ws.parents.push(p);
    }
}

#[allow(clippy::too_many_arguments)]
fn read(
    base: &Path,
    config: &WorkspaceConfig,
    file: FileId,
    spans: &KeySpans,
    files: &mut SourceMap,
    diags: &mut Vec<Diagnostic>,
    declared_by: Option<usize>,
    out: &mut Vec<ParentSite>,
) {
    for (name, parent) in &config.parents {
        let key = |k: &str| spans.get(&format!("parents.{name}.{k}")).cloned();
        let url = parent.url.get_ref().trim();
        if !(url.starts_with("https://") || url.starts_with("http://")) {
            diags.push(
                Diagnostic::error(format!("the address of the parent `{name}` is not absolute"))
                    .at(file, key("url").unwrap_or(parent.url.span()), "expected `https://…`")
                    .help("give the address the parent site is published at, e.g. `https://acme.example/strategy/`"),
            );
            continue;
        }
        let url = if url.ends_with('/') {
            url.to_owned()
        } else {
            format!("{url}/")
        };
        let written = parent.strategy.get_ref();
        let rel = Path::new(written);
        let at = key("strategy").unwrap_or(parent.strategy.span());
        if rel.is_absolute()
            || rel
                .components()
                .any(|c| !matches!(c, Component::Normal(_) | Component::CurDir))
        {
            diags.push(
                Diagnostic::error("a parent's pinned `strategy.json` must be inside the site folder")
                    .at(file, at, "this path leaves the folder")
                    .help("copy the parent's `strategy.json` into the folder, e.g. `vendor/org-strategy.json`, and name it relative to it"),
            );
            continue;
        }
        let path = base.join(rel);
        let bytes = match read_limited(&path, MAX_TEXT_FILE) {
            Ok(b) => b,
            Err(refused) => {
                diags.push(
                    Diagnostic::error(format!("cannot read the pinned copy `{written}` of the parent `{name}`"))
                        .at(file, at, Diagnostic::from(&refused).message)
                        .help("download the parent site's `strategy.json` to this path (and commit it), so builds stay offline and reproducible"),
                );
                continue;
            }
        };
        let text = String::from_utf8_lossy(&bytes).into_owned();
        let id = files.add(rel_path(base, &path), path.display().to_string(), text);
        let text = files.text(id);
        let doc: Value = match serde_json::from_str(text) {
            Ok(v) => v,
            Err(e) => {
                let offset = offset_of(text, e.line(), e.column());
                let end = (offset + 1).min(text.len()).max(offset);
                diags.push(
                    Diagnostic::error(format!("the pinned copy of the parent `{name}` is not valid JSON"))
                        .at(id, offset..end, e.to_string().split(" at line ").next().unwrap_or_default().to_owned())
                        .also(file, at, "pinned here")
                        .help("download the parent site's `strategy.json` again (it is written by `stratsite build`), or fix the file by hand"),
                );
                continue;
            }
        };
        let Some(list) = doc.get("objectives").and_then(Value::as_array) else {
            // A workspace's own `strategy.json` names its members; the objectives are each
            // member's, in its folder.
            if let Some(members) = doc.get("members").and_then(Value::as_array) {
                let folders: Vec<String> = members
                    .iter()
                    .filter_map(|m| {
                        let url = m.get("url").and_then(Value::as_str)?;
                        Some(format!("`{url}strategy.json`"))
                    })
                    .collect();
                diags.push(
                    Diagnostic::error(format!(
                        "the pinned copy of the parent `{name}` is a workspace's `strategy.json`, which holds no objectives of its own"
                    ))
                    .at(id, 0..text.len().min(1), "the workspace's members are listed here, not their objectives")
                    .also(file, at, "pinned here")
                    .help(if folders.is_empty() {
                        "pin the `strategy.json` of the member whose objectives this team moves, from that member's folder of the published site".to_owned()
                    } else {
                        format!(
                            "pin the `strategy.json` of the member whose objectives this team moves, one of {}",
                            folders.join(", ")
                        )
                    }),
                );
                continue;
            }
            diags.push(
                Diagnostic::error(format!(
                    "the pinned copy of the parent `{name}` is not a stratsite `strategy.json`"
                ))
                .at(id, 0..text.len().min(1), "no `objectives` list in this file")
                .also(file, at, "pinned here")
                .help("pin the `strategy.json` that `stratsite build` writes at the root of the parent site"),
            );
            continue;
        };
        let objectives = list
            .iter()
            .filter_map(|o| {
                let id = o.get("id")?.as_str()?.to_owned();
                let title = o
                    .get("title")
                    .and_then(Value::as_str)
                    .unwrap_or(&id)
                    .to_owned();
                let url = format!("{url}{}", Kind::Objective.url(&id));
                Some(ParentObjective { id, title, url })
            })
            .collect();
        let title = doc
            .pointer("/site/title")
            .and_then(Value::as_str)
            .unwrap_or(name)
            .to_owned();
        out.push(ParentSite {
            name: name.clone(),
            declared_by,
            url,
            title,
            objectives,
        });
    }
}

/// The byte offset of serde_json's one-based line and column.
fn offset_of(text: &str, line: usize, column: usize) -> usize {
    let start: usize = text
        .split_inclusive('\n')
        .take(line.saturating_sub(1))
        .map(str::len)
        .sum();
    let mut at = (start + column.saturating_sub(1)).min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}
