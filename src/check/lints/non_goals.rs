//! Non-goals hold: no commitment or idea links to one or shares its tags.

use super::{Cx, Level, Lint, field, links_of, note_ids};
use crate::diagnostics::Diagnostic;
use crate::markdown;
use crate::model::{Entry, EntryData, Kind, Prose, Status};

pub static CONTRADICTS_NON_GOAL: Lint = Lint {
    code: "contradicts-non-goal",
    default: Level::Warn,
    summary: "a commitment or idea that links to a non-goal or shares one of its tags",
    rationale: "A non-goal is a decision, with its reason, so that the same rejected idea is not \
                debated again every quarter. A commitment or idea that links to a non-goal in its \
                prose (`[…](@no-native-search)`), or carries one of its tags, is that debate \
                starting again, quietly. If the team has changed its mind, say so: remove the \
                non-goal and record why in a `[[change]]`. Give a non-goal tags that name what the \
                team will not do (`native-apps`, `consumer-credit`), not a topic that related work \
                shares (`apps`, `payments`).",
};

pub(super) fn check(cx: &mut Cx<'_>) {
    let mut found = Vec::new();
    for c in
        cx.s.commitments
            .iter()
            .filter(|c| c.status != Status::Dropped)
    {
        found.extend(conflicts(
            cx,
            Kind::Commitment,
            c,
            &c.tags,
            links_of(c.data.prose()),
        ));
    }
    for i in &cx.s.ideas {
        found.extend(conflicts(
            cx,
            Kind::Idea,
            i,
            &i.tags,
            links_of(i.data.prose()),
        ));
    }
    for d in found {
        cx.push(&CONTRADICTS_NON_GOAL, d);
    }
}

/// The non-goals one commitment or idea contradicts, by link or by tag.
fn conflicts<T: EntryData>(
    cx: &Cx<'_>,
    kind: Kind,
    e: &Entry<T>,
    tags: &[String],
    links: Vec<(&Prose, &markdown::EntryLink)>,
) -> Vec<Diagnostic> {
    let id = e.data.id().get_ref();
    let mut out = Vec::new();
    for n in &cx.s.non_goals {
        let ng = n.id.get_ref();
        let help = "drop it, or if the team has changed its mind, remove the non-goal and record why in a `[[change]]`";
        if let Some((prose, link)) = links.iter().find(|(_, l)| &l.id == ng) {
            let (file, span) = crate::check::refs::locate_in_prose(
                e.file,
                prose,
                cx.files,
                &link.id,
                link.range.clone(),
            );
            out.push(
                Diagnostic::warning(format!(
                    "{} `{id}` refers to the non-goal `{ng}`",
                    kind.label().to_lowercase()
                ))
                .at(file, span, "the team decided not to do this")
                .also(n.file, n.title.span(), "the non-goal")
                .help(help),
            );
            continue;
        }
        let shared: Vec<&str> = tags
            .iter()
            .filter(|t| n.tags.contains(t))
            .map(String::as_str)
            .collect();
        if !shared.is_empty() {
            out.push(
                Diagnostic::warning(format!(
                    "{} `{id}` shares {} with the non-goal `{ng}`",
                    kind.label().to_lowercase(),
                    if shared.len() == 1 { "a tag" } else { "tags" }
                ))
                .at(e.file, field(e, "tags"), note_ids("shared", shared.iter().copied()))
                .also(n.file, n.title.span(), "the non-goal")
                .help(help)
                .note("a non-goal's tags name what the team will not do; use other tags for related work"),
            );
        }
    }
    out
}
