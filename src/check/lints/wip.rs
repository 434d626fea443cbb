//! The work-in-progress limit: no more planned and in-progress commitments than
//! `[site] wip_limit`.

use super::{Cx, Level, Lint, note_ids};
use crate::diagnostics::Diagnostic;

pub static WIP_LIMIT_EXCEEDED: Lint = Lint {
    code: "wip-limit-exceeded",
    default: Level::Warn,
    per_entry: false,
    summary: "more planned and in-progress commitments than `[site] wip_limit`",
    rationale: "Work in progress inflates because saying \"not now\" is harder than adding another \
                card. A team carrying more commitments than its limit finishes fewer of them, and \
                the page stops being a short list of promises. Finish or drop something, or move \
                what can wait to the parking lot.",
};

pub(super) fn check(cx: &mut Cx<'_>) {
    let Some(limit) = cx.s.site.wip_limit else {
        return;
    };
    let live: Vec<&str> =
        cx.s.commitments
            .iter()
            .filter(|c| c.status.is_live() && cx.s.site.tier_of(c.tier.as_ref()) == 0)
            .map(|c| c.id.get_ref().as_str())
            .collect();
    if live.len() <= limit as usize {
        return;
    }
    let span = cx.s.site_spans.get("wip_limit").cloned().unwrap_or(0..0);
    let d = Diagnostic::warning(format!(
        "{} commitments are planned or in progress, more than the limit of {limit}",
        live.len()
    ))
    .at(cx.s.site_file, span, format!("the limit is {limit}"))
    .help("finish or drop commitments, or move the ones that can wait to the parking lot as ideas")
    .note(note_ids("planned or in progress", live));
    cx.push(&WIP_LIMIT_EXCEEDED, d);
}
