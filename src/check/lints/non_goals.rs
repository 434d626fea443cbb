//! Non-goals hold: no commitment or idea shares a non-goal's tags or says it challenges one.
//! A link to a non-goal in prose is not a conflict: it draws a boundary ("this does not
//! certify anything, see …") or says why an idea is parked.

use super::{Cx, Level, Lint, field, note_ids};
use crate::diagnostics::Diagnostic;
use crate::model::{Entry, EntryData, Kind, Ref, Status};

pub static CONTRADICTS_NON_GOAL: Lint = Lint {
    code: "contradicts-non-goal",
    default: Level::Warn,
    per_entry: true,
    summary: "a commitment or idea that shares a tag with a non-goal or says it challenges one",
    rationale: "A non-goal is a decision, with its reason, so that the same rejected idea is not \
                debated again every quarter. A commitment or idea that carries one of a non-goal's \
                tags is that debate starting again, quietly; one that names the non-goal in \
                `challenges` starts it openly, and stays reported until the team decides. If the \
                team has changed its mind, say so: remove the non-goal and record why in a \
                `[[change]]`. Give a non-goal tags that name what the team will not do \
                (`native-apps`, `consumer-credit`), not a topic that related work shares (`apps`, \
                `payments`). A link to a non-goal in prose is not reported: it draws a boundary or \
                says why an idea is parked.",
};

pub(super) fn check(cx: &mut Cx<'_>) {
    let mut found = Vec::new();
    for c in
        cx.s.commitments
            .iter()
            .filter(|c| c.status != Status::Dropped)
    {
        found.extend(conflicts(cx, Kind::Commitment, c, &c.tags, &c.challenges));
    }
    for i in &cx.s.ideas {
        found.extend(conflicts(cx, Kind::Idea, i, &i.tags, &i.challenges));
    }
    for (id, d) in found {
        cx.push_on(&CONTRADICTS_NON_GOAL, id, d);
    }
}

/// The non-goals one commitment or idea contradicts, by what it challenges or by tag.
fn conflicts<'a, T: EntryData>(
    cx: &Cx<'a>,
    kind: Kind,
    e: &'a Entry<T>,
    tags: &[String],
    challenges: &[Ref],
) -> Vec<(&'a str, Diagnostic)> {
    let id = e.data.id().get_ref();
    let what = kind.label().to_lowercase();
    let mut out = Vec::new();
    for n in &cx.s.non_goals {
        let ng = n.id.get_ref();
        if let Some(r) = challenges.iter().find(|r| r.get_ref() == ng) {
            out.push((
                id.as_str(),
                Diagnostic::warning(format!("{what} `{id}` challenges the non-goal `{ng}`"))
                    .at(e.file, r.span(), "the team decided not to do this")
                    .also(n.file, n.title.span(), "the non-goal")
                    .help("decide: drop the entry, or remove the non-goal and record why in a `[[change]]`; until then the debate is open"),
            ));
            continue;
        }
        let shared: Vec<&str> = tags
            .iter()
            .filter(|t| n.tags.contains(t))
            .map(String::as_str)
            .collect();
        if !shared.is_empty() {
            out.push((
                id.as_str(),
                Diagnostic::warning(format!(
                    "{what} `{id}` shares {} with the non-goal `{ng}`",
                    if shared.len() == 1 { "a tag" } else { "tags" }
                ))
                .at(e.file, field(e, "tags"), note_ids("shared", shared.iter().copied()))
                .also(n.file, n.title.span(), "the non-goal")
                .help("drop it, or if the team has changed its mind, remove the non-goal and record why in a `[[change]]`; to reopen the question openly, name the non-goal in `challenges`")
                .note("a non-goal's tags name what the team will not do; use other tags for related work"),
            ));
        }
    }
    out
}
