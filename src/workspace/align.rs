//! Alignment across levels: an objective's `aligns_to = ["org:finish-the-order"]` names the
//! objectives one level up that it contributes to (many to many), each qualified by the team
//! or the parent that holds it. References are checked like ids, with a suggestion for a near
//! miss; the lints say which top objective no team moves, which team objective serves nothing
//! above it, and which reference names a team that is not there. Numbers are never added up
//! across teams: each objective keeps its own metrics.

use crate::check::lints::alignment::{OBJECTIVE_WITHOUT_TEAM, UNALIGNED_OBJECTIVE, UNKNOWN_MEMBER};
use crate::diagnostics::{Diagnostic, Severity, closest, did_you_mean};
use crate::model::Strategy;

use super::{Workspace, lint_severity};

/// One resolved `aligns_to` reference: member `member`'s objective `objective` contributes to
/// `target`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Alignment {
    pub member: usize,
    pub objective: String,
    pub target: Target,
}

/// What an objective aligns to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Target {
    /// An objective of a member of this workspace: the member's index and the objective's id.
    Member(usize, String),
    /// An objective of a parent published elsewhere: its index in `parents`, and the id.
    Parent(usize, String),
}

/// Where a qualifier leads, seen from one member.
enum Holder<'a> {
    Member(usize, Option<&'a Strategy>),
    Parent(usize),
}

pub fn check(ws: &mut Workspace) {
    let mut edges = Vec::new();
    let mut found: Vec<(usize, Diagnostic)> = Vec::new();
    // A strategy checked alone: how many references name teams it cannot see.
    let mut unseen = 0usize;
    for (i, m) in ws.members.iter().enumerate() {
        let Some(s) = m.strategy() else { continue };
        for o in &s.objectives {
            let own = o.id.get_ref();
            for r in &o.aligns_to {
                let written = r.get_ref();
                let Some((q, id)) = written
                    .split_once(':')
                    .filter(|(q, id)| !q.is_empty() && !id.is_empty())
                else {
                    found.push((
                        i,
                        Diagnostic::error(format!(
                            "`{written}` does not say whose objective it is"
                        ))
                        .at(o.file, r.span(), "expected `team:objective-id`")
                        .help(format!(
                            "qualify it with the team or parent that holds it, e.g. `{}`",
                            example(ws, i, written)
                        )),
                    ));
                    continue;
                };
                if !m.id.is_empty() && q == m.id {
                    found.push((
                        i,
                        Diagnostic::error(format!(
                            "`{own}` aligns to `{written}`, an objective of its own team"
                        ))
                        .at(o.file, r.span(), "the same strategy")
                        .help("`aligns_to` names objectives one level up; within one strategy, let a theme serve both"),
                    ));
                    continue;
                }
                let holder = match ws.member(q) {
                    Some(j) => Some(Holder::Member(j, ws.members[j].strategy())),
                    None => ws
                        .parents
                        .iter()
                        .position(|p| p.name == q && p.declared_by.is_none_or(|d| d == i))
                        .map(Holder::Parent),
                };
                let (ids, target): (Vec<&str>, Target) = match holder {
                    Some(Holder::Member(_, None)) => continue,
                    Some(Holder::Member(j, Some(t))) => {
                        let is_objective = t.objectives.iter().any(|x| x.id.get_ref() == id);
                        // Only for a miss: is it another kind of entry?
                        let other = (!is_objective)
                            .then(|| {
                                t.entries()
                                    .iter()
                                    .find(|e| e.id.get_ref() == id)
                                    .map(|e| e.kind)
                            })
                            .flatten();
                        if let Some(kind) = other {
                            found.push((
                                i,
                                Diagnostic::error(format!(
                                    "`{written}` is {}, not an objective",
                                    kind.article()
                                ))
                                .at(o.file, r.span(), "not an objective")
                                .help("an objective aligns to objectives; name the objective this work serves"),
                            ));
                            continue;
                        }
                        (
                            t.objectives
                                .iter()
                                .map(|x| x.id.get_ref().as_str())
                                .collect(),
                            Target::Member(j, id.to_owned()),
                        )
                    }
                    Some(Holder::Parent(p)) => (
                        ws.parents[p]
                            .objectives
                            .iter()
                            .map(|x| x.id.as_str())
                            .collect(),
                        Target::Parent(p, id.to_owned()),
                    ),
                    None => {
                        if ws.is_workspace() {
                            // A member's folder where its id belongs.
                            if let Some(j) = (0..ws.members.len()).find(|&j| {
                                let dir = &ws.members[j].dir;
                                *dir == q || dir.rsplit('/').next() == Some(q)
                            }) {
                                let their = &ws.members[j].id;
                                found.push((
                                    i,
                                    Diagnostic::error(format!(
                                        "`{written}` names the folder `{q}`; the team there is `{their}`"
                                    ))
                                    .at(o.file, r.span(), "a folder, not a team id")
                                    .help(format!(
                                        "qualify references with the team's id, as its `[team] id` says: `{their}:{id}`"
                                    )),
                                ));
                                continue;
                            }
                            let qualifiers = qualifiers(ws, i);
                            let near: Vec<String> =
                                closest(q, qualifiers.iter().map(String::as_str))
                                    .into_iter()
                                    .map(|n| format!("{n}:{id}"))
                                    .collect();
                            let near: Vec<&str> = near.iter().map(String::as_str).collect();
                            // A near miss is a typo, checked like any id; a name like no team's
                            // may be a team that left or a parent never pinned: a lint.
                            if let Some(help) = did_you_mean(&near) {
                                found.push((
                                    i,
                                    Diagnostic::error(format!(
                                        "`{written}` names `{q}`, which is no team or parent of this workspace"
                                    ))
                                    .at(o.file, r.span(), "no such team")
                                    .help(help),
                                ));
                                continue;
                            }
                            let help = did_you_mean(&near).unwrap_or_else(|| {
                                format!(
                                    "the teams and parents are {}; a parent published elsewhere is pinned under `[workspace.parents]`",
                                    qualifiers
                                        .iter()
                                        .map(|q| format!("`{q}`"))
                                        .collect::<Vec<_>>()
                                        .join(", ")
                                )
                            });
                            found.push((
                                i,
                                Diagnostic::warning(format!(
                                    "`{written}` names `{q}`, which is no team or parent of this workspace"
                                ))
                                .code(UNKNOWN_MEMBER.code)
                                .at(o.file, r.span(), "no such team")
                                .help(help),
                            ));
                        } else {
                            unseen += 1;
                        }
                        continue;
                    }
                };
                if let Target::Member(j, _) = &target
                    && let Some(problem) = direction(ws, i, *j)
                {
                    let their = &ws.members[*j].id;
                    let above: Vec<String> = ws
                        .lineage(i)
                        .into_iter()
                        .filter(|&a| a != i)
                        .map(|a| format!("`{}`", ws.members[a].id))
                        .collect();
                    found.push((
                        i,
                        Diagnostic::error(format!(
                            "`{own}` aligns to `{written}`, but `{their}` is {problem} `{}`",
                            m.id
                        ))
                        .at(o.file, r.span(), "not a level above")
                        .help(if above.is_empty() {
                            format!(
                                "`aligns_to` names objectives one level up; to say that `{their}` moves this one, write `aligns_to = [\"{}:{own}\"]` on `{their}`'s objective",
                                m.id
                            )
                        } else {
                            format!(
                                "`aligns_to` names objectives of the teams above: {}",
                                above.join(", ")
                            )
                        }),
                    ));
                    continue;
                }
                if !ids.contains(&id) {
                    let near: Vec<String> = closest(id, ids.iter().copied())
                        .into_iter()
                        .map(|n| format!("{q}:{n}"))
                        .collect();
                    let help = did_you_mean(&near.iter().map(String::as_str).collect::<Vec<_>>())
                        .unwrap_or_else(|| {
                            format!(
                                "`{q}` has {}",
                                if ids.is_empty() {
                                    "no objectives".to_owned()
                                } else {
                                    format!(
                                        "the objectives {}",
                                        ids.iter()
                                            .map(|i| format!("`{q}:{i}`"))
                                            .collect::<Vec<_>>()
                                            .join(", ")
                                    )
                                }
                            )
                        });
                    found.push((
                        i,
                        Diagnostic::error(format!("`{q}` has no objective `{id}`"))
                            .at(o.file, r.span(), "no such objective")
                            .help(help),
                    ));
                    continue;
                }
                let edge = Alignment {
                    member: i,
                    objective: own.clone(),
                    target,
                };
                if !edges.contains(&edge) {
                    edges.push(edge);
                }
            }
        }
    }
    if let Some(config) = &ws.config {
        let require = config.require_alignment;
        for (i, m) in ws.members.iter().enumerate() {
            let Some(s) = m.strategy() else { continue };
            let has_children = !ws.children(i).is_empty();
            let has_parent = ws.parent_of(i).is_some();
            for o in &s.objectives {
                let id = o.id.get_ref();
                let moved = edges
                    .iter()
                    .any(|e| e.target == Target::Member(i, id.clone()));
                if has_children && !moved {
                    let below: Vec<String> = ws
                        .children(i)
                        .iter()
                        .map(|&c| format!("`{}`", ws.members[c].id))
                        .collect();
                    found.push((
                        i,
                        Diagnostic::warning(format!(
                            "no team aligns an objective to `{}:{id}`",
                            m.id
                        ))
                        .code(OBJECTIVE_WITHOUT_TEAM.code)
                        .at(o.file, o.id.span(), "no team moves this objective")
                        .help(format!(
                            "a team below `{}` ({}) adds `aligns_to = [\"{}:{id}\"]` to the objective that moves it, or this objective leaves the list",
                            m.id,
                            below.join(", "),
                            m.id
                        )),
                    ));
                }
                let aligned = edges.iter().any(|e| e.member == i && e.objective == *id);
                if require && has_parent && !aligned {
                    let parent = ws
                        .parent_of(i)
                        .map(|p| ws.members[p].id.clone())
                        .unwrap_or_default();
                    found.push((
                        i,
                        Diagnostic::warning(format!(
                            "the objective `{id}` aligns to nothing above it"
                        ))
                        .code(UNALIGNED_OBJECTIVE.code)
                        .at(
                            o.file,
                            o.id.span(),
                            if o.aligns_to.is_empty() {
                                "no `aligns_to`"
                            } else {
                                "no `aligns_to` reference leads to an objective of this workspace"
                            },
                        )
                        .help(format!(
                            "add `aligns_to = [\"{parent}:…\"]` naming the objective it moves, or allow `unaligned-objective` in this team's `[lints]`"
                        )),
                    ));
                }
            }
        }
    }
    // Lints go by each member's own levels, and only on a workspace without errors, like every
    // other lint: on a broken one they would only echo the errors.
    let is_error = |d: &Diagnostic| d.severity == Severity::Error;
    let errors = ws.diagnostics.iter().any(is_error)
        || found.iter().any(|(_, d)| is_error(d))
        || ws
            .members
            .iter()
            .any(|m| m.checked.strategy.is_none() || m.checked.diagnostics.iter().any(is_error));
    for (i, d) in found {
        let m = &mut ws.members[i];
        let Some(s) = m.checked.strategy.as_ref() else {
            continue;
        };
        let d = match d.code {
            Some(code) => {
                let lint = [
                    &OBJECTIVE_WITHOUT_TEAM,
                    &UNALIGNED_OBJECTIVE,
                    &UNKNOWN_MEMBER,
                ]
                .into_iter()
                .find(|l| l.code == code);
                match lint.and_then(|l| lint_severity(s, l)) {
                    Some(severity) if !errors => Diagnostic { severity, ..d },
                    _ => continue,
                }
            }
            None => d,
        };
        m.checked.diagnostics.push(d);
    }
    // An objective that teams below move has work behind it, in their strategies: its own
    // strategy need not give it a theme, nor the themes that serve it commitments.
    let without_theme = crate::check::lints::OBJECTIVE_WITHOUT_THEME.code;
    let empty_theme = crate::check::lints::EMPTY_THEME.code;
    for (i, m) in ws.members.iter_mut().enumerate() {
        let Some(s) = m.checked.strategy.as_ref() else {
            continue;
        };
        let moved = |id: &str| {
            edges
                .iter()
                .any(|e| matches!(&e.target, Target::Member(j, t) if *j == i && t == id))
        };
        let at = |file: usize, span: std::ops::Range<usize>| Some((file, span.start));
        let mut quiet: Vec<Option<(usize, usize)>> = Vec::new();
        for o in s.objectives.iter().filter(|o| moved(o.id.get_ref())) {
            quiet.push(at(o.file, o.title.span()));
        }
        for t in &s.themes {
            if !t.serves.is_empty() && t.serves.iter().all(|r| moved(r.get_ref())) {
                quiet.push(at(t.file, t.title.span()));
            }
        }
        m.checked.diagnostics.retain(|d| {
            let place = d.primary.as_ref().map(|p| (p.file, p.span.start));
            !(matches!(d.code, Some(c) if c == without_theme || c == empty_theme)
                && quiet.contains(&place))
        });
    }
    if unseen > 0
        && let Some(m) = ws.members.first_mut()
    {
        m.checked.notes.push(format!(
            "{} to other teams' objectives {} checked when the workspace is (`stratsite check` in the workspace's folder)",
            crate::util::text::plural(unseen, "`aligns_to` reference"),
            if unseen == 1 { "is" } else { "are" }
        ));
    }
    ws.alignment = edges;
}

/// Why member `j` is not a level above member `i`, for an objective of `i` that aligns to one of
/// `j`'s: `j` is below `i` (alignment would run down, or round in a circle), or `i` has teams
/// above it and `j` is not one of them (alignment would run sideways). `None` when `j` may be
/// above: one of `i`'s teams above, or, for a team that names no parent, any team not below it.
fn direction(ws: &Workspace, i: usize, j: usize) -> Option<&'static str> {
    // Teams whose parents lead round in a circle have no up or down: that is its own error.
    let circles = |start: usize| {
        let mut seen = vec![start];
        let mut at = start;
        while let Some(p) = ws.parent_of(at) {
            if seen.contains(&p) {
                return true;
            }
            seen.push(p);
            at = p;
        }
        false
    };
    if circles(i) || circles(j) {
        return None;
    }
    if ws.lineage(j).contains(&i) {
        return Some("a team below");
    }
    let above = ws.lineage(i);
    (above.len() > 1 && !above.contains(&j)).then_some("not a team above")
}

/// The names references may qualify with, seen from member `i`.
fn qualifiers(ws: &Workspace, i: usize) -> Vec<String> {
    let mut out: Vec<String> = ws
        .members
        .iter()
        .enumerate()
        .filter(|(j, _)| *j != i)
        .map(|(_, m)| m.id.clone())
        .collect();
    out.extend(
        ws.parents
            .iter()
            .filter(|p| p.declared_by.is_none_or(|d| d == i))
            .map(|p| p.name.clone()),
    );
    out
}

/// `written` qualified with the first team or parent member `i` could mean.
fn example(ws: &Workspace, i: usize, written: &str) -> String {
    let id = written.trim_matches(':');
    let q = ws
        .parent_of(i)
        .map(|p| ws.members[p].id.clone())
        .or_else(|| qualifiers(ws, i).into_iter().next())
        .unwrap_or_else(|| "org".to_owned());
    format!("{q}:{id}")
}
