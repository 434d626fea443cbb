//! Each member's `[team]`: the id its objectives are qualified by, unique in the workspace; the
//! parent team it names, which must exist and may not lead back to it; and, where the workspace
//! asks for it, owners that name declared people or teams.

use crate::diagnostics::{Diagnostic, closest, did_you_mean};
use crate::model::{Entry, Names, OwnersPolicy};
use crate::util::text::is_slug;

use super::Workspace;

/// With `complete` false (a member could not be found), only what each team says of itself:
/// its id, and whether the parents form a cycle.
pub fn check(ws: &mut Workspace, complete: bool) {
    ids(ws);
    if complete {
        parents(ws);
    }
    cycles(ws);
    if complete {
        owners(ws);
    }
}

/// Gives each member its id and reports a member without `[team]`, a bad id and a duplicate.
fn ids(ws: &mut Workspace) {
    for i in 0..ws.members.len() {
        let m = &mut ws.members[i];
        let Some(s) = m.checked.strategy.as_ref() else {
            continue;
        };
        let file = s.site_file;
        let Some((team, spans)) = s.team.as_ref() else {
            m.checked.diagnostics.push(
                Diagnostic::error(format!("the member `{}` declares no `[team]`", m.dir))
                    .at(file, 0..0, "no `[team]` in this file")
                    .help("add `[team]` with at least `name = \"…\"` (and `parent = \"…\"` for a team below another)"),
            );
            continue;
        };
        match &team.id {
            Some(id) => {
                if !is_slug(id.get_ref()) {
                    m.checked.diagnostics.push(
                        Diagnostic::error(format!("the team id `{}` is not a slug", id.get_ref()))
                            .at(file, id.span(), "not lowercase words joined by hyphens")
                            .help("write the id as lowercase words joined by hyphens, e.g. `payments`"),
                    );
                }
                m.id = id.get_ref().clone();
            }
            None if !is_slug(&m.id) => {
                let at = spans.get("name").cloned().unwrap_or(0..0);
                m.checked.diagnostics.push(
                    Diagnostic::error(format!(
                        "the folder name `{}` cannot be the team's id",
                        m.id
                    ))
                    .at(file, at, "this team has no `id`")
                    .help("add `id = \"…\"` to `[team]`: lowercase words joined by hyphens"),
                );
            }
            None => {}
        }
    }
    for i in 0..ws.members.len() {
        let Some(first) = (0..i).find(|&j| ws.members[j].id == ws.members[i].id) else {
            continue;
        };
        let (id, dir, other) = (
            ws.members[i].id.clone(),
            ws.members[i].dir.clone(),
            ws.members[first].dir.clone(),
        );
        let m = &mut ws.members[i];
        let Some(s) = m.checked.strategy.as_ref() else {
            continue;
        };
        let span = s
            .team
            .as_ref()
            .and_then(|(t, _)| t.id.as_ref().map(|i| i.span()))
            .unwrap_or(0..0);
        m.checked.diagnostics.push(
            Diagnostic::error(format!(
                "the team id `{id}` of `{dir}` is already the id of `{other}`"
            ))
            .at(s.site_file, span, "used twice")
            .help("give each team its own `id` in `[team]`"),
        );
    }
}

/// A parent team that is not in the workspace, or is the team itself.
fn parents(ws: &mut Workspace) {
    let ids: Vec<String> = ws.members.iter().map(|m| m.id.clone()).collect();
    for m in &mut ws.members {
        let Some(s) = m.checked.strategy.as_ref() else {
            continue;
        };
        let Some(parent) = s.team.as_ref().and_then(|(t, _)| t.parent.as_ref()) else {
            continue;
        };
        let p = parent.get_ref();
        let problem = if *p == m.id {
            Some((
                format!("the team `{p}` names itself as its parent"),
                "name the team above this one, or leave `parent` out".to_owned(),
            ))
        } else if !ids.contains(p) {
            let others = ids.iter().filter(|i| **i != m.id).map(String::as_str);
            Some((
                format!("the parent team `{p}` is not in the workspace"),
                did_you_mean(&closest(p, others)).unwrap_or_else(|| {
                    format!(
                        "the teams are {}",
                        ids.iter()
                            .map(|i| format!("`{i}`"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    )
                }),
            ))
        } else {
            None
        };
        if let Some((message, help)) = problem {
            m.checked.diagnostics.push(
                Diagnostic::error(message)
                    .at(s.site_file, parent.span(), "no such team")
                    .help(help),
            );
        }
    }
}

/// Teams whose parents lead back to them: reported once per cycle, at the first member in it.
fn cycles(ws: &mut Workspace) {
    let mut reported: Vec<usize> = Vec::new();
    for start in 0..ws.members.len() {
        let mut path = vec![start];
        let mut at = start;
        let cycle = loop {
            let Some(p) = ws.parent_of(at) else {
                break None;
            };
            if let Some(k) = path.iter().position(|&x| x == p) {
                break Some(path[k..].to_vec());
            }
            path.push(p);
            at = p;
        };
        let Some(cycle) = cycle else { continue };
        if cycle.iter().any(|c| reported.contains(c)) {
            continue;
        }
        reported.extend(&cycle);
        let first = *cycle.iter().min().unwrap_or(&start);
        let k = cycle.iter().position(|&c| c == first).unwrap_or(0);
        let ordered: Vec<usize> = cycle[k..].iter().chain(&cycle[..k]).copied().collect();
        let words: Vec<String> = ordered
            .iter()
            .chain(ordered.first())
            .map(|&c| format!("`{}`", ws.members[c].id))
            .collect();
        let m = &mut ws.members[first];
        let Some(s) = m.checked.strategy.as_ref() else {
            continue;
        };
        let span = s
            .team
            .as_ref()
            .and_then(|(t, _)| t.parent.as_ref().map(|p| p.span()))
            .unwrap_or(0..0);
        m.checked.diagnostics.push(
            Diagnostic::error(format!(
                "the teams' parents form a cycle: {}",
                words.join(" → ")
            ))
            .at(s.site_file, span, "this parent leads back to this team")
            .help("a team's parent is the team above it: remove `parent` from the team at the top"),
        );
    }
}

/// With `owners = "declared"`, every owner and sponsor names a person of `[workspace.people]`
/// or a team.
fn owners(ws: &mut Workspace) {
    let Some(config) = &ws.config else { return };
    if config.owners != OwnersPolicy::Declared {
        return;
    }
    let mut known: Vec<String> = config.people.keys().cloned().collect();
    known.extend(ws.members.iter().map(|m| m.id.clone()));
    for m in &mut ws.members {
        let Some(s) = m.checked.strategy.as_ref() else {
            continue;
        };
        let mut found = Vec::new();
        let files = &m.checked.files;
        fn each<T>(
            list: &[Entry<T>],
            key: &str,
            names: impl Fn(&T) -> Option<&Names>,
            known: &[String],
            files: &crate::source::SourceMap,
            found: &mut Vec<Diagnostic>,
        ) {
            for e in list {
                let Some(names) = names(&e.data) else {
                    continue;
                };
                for name in names.iter() {
                    if known.contains(name) {
                        continue;
                    }
                    let span = e.spans.get(key).cloned().unwrap_or(0..0);
                    found.push(undeclared(
                        key,
                        name,
                        e.file,
                        span,
                        files,
                        known,
                        "declare the person under `[workspace.people]` in the workspace's `stratsite.toml`, or name a team's id",
                    ));
                }
            }
        }
        each(
            &s.objectives,
            "owner",
            |o| o.owner.as_ref(),
            &known,
            files,
            &mut found,
        );
        each(
            &s.objectives,
            "sponsor",
            |o| o.sponsor.as_ref(),
            &known,
            files,
            &mut found,
        );
        each(
            &s.themes,
            "owner",
            |t| t.owner.as_ref(),
            &known,
            files,
            &mut found,
        );
        each(
            &s.themes,
            "sponsor",
            |t| t.sponsor.as_ref(),
            &known,
            files,
            &mut found,
        );
        each(
            &s.commitments,
            "owner",
            |c| c.owner.as_ref(),
            &known,
            files,
            &mut found,
        );
        // A contact written like an id names a person or a team; any other text (an address,
        // a channel) stays as written.
        if let Some((team, spans)) = s.team.as_ref() {
            let span = spans.get("contacts").cloned().unwrap_or(0..0);
            for c in &team.contacts {
                if !is_slug(c) || known.contains(c) {
                    continue;
                }
                found.push(undeclared(
                    "contact",
                    c,
                    s.site_file,
                    span.clone(),
                    files,
                    &known,
                    "declare the person under `[workspace.people]`, name a team's id, or write how to reach them (an address, a channel)",
                ));
            }
        }
        m.checked.diagnostics.extend(found);
    }
}

/// The error for `name`, the `key` (owner, sponsor, contact) of an entry, that names neither a
/// declared person nor a team: at the name itself when `span` (the key's value) is a list, with
/// the nearest of `known` suggested, else `help`.
fn undeclared(
    key: &str,
    name: &str,
    file: crate::source::FileId,
    span: std::ops::Range<usize>,
    files: &crate::source::SourceMap,
    known: &[String],
    help: &str,
) -> Diagnostic {
    let at = files
        .text(file)
        .get(span.clone())
        .and_then(|written| written.find(&format!("\"{name}\"")))
        .map_or(span.clone(), |at| {
            span.start + at..span.start + at + name.len() + 2
        });
    let help = did_you_mean(&closest(name, known.iter().map(String::as_str)))
        .unwrap_or_else(|| help.to_owned());
    Diagnostic::error(format!(
        "the {key} `{name}` is neither a declared person nor a team"
    ))
    .at(file, at, "the workspace asks for declared owners")
    .help(help)
}
