//! Lints on how the strategies of a workspace link up: an organisation objective no team moves,
//! a team objective that serves nothing above it, a reference to a team that is not there. The
//! workspace layer runs them, since they read several strategies at once; their levels come from
//! the `[lints]` table of the strategy each points into.

use super::{Level, Lint};

pub static OBJECTIVE_WITHOUT_TEAM: Lint = Lint {
    code: "objective-without-team",
    default: Level::Warn,
    per_entry: false,
    summary: "an objective of a team that has teams below it, which none of their objectives aligns to",
    rationale: "Leadership sets the outcomes and teams decide how to reach them. An organisation \
                objective that no team objective aligns to is an outcome everybody agrees with \
                and nobody works on: either a team takes it up, or it is not a priority and \
                should leave the list.",
};

pub static UNALIGNED_OBJECTIVE: Lint = Lint {
    code: "unaligned-objective",
    default: Level::Warn,
    per_entry: false,
    summary: "an objective of a team with a parent team that aligns to nothing above it, where the workspace asks for alignment (`require_alignment`)",
    rationale: "A team objective that serves no objective above it may be good work, but nobody \
                can see why the organisation should want it. Where the workspace asks for \
                alignment, each team objective names the objective one level up that it moves, \
                or the team says out loud that its objectives are local by allowing this lint in its `[lints]`.",
};

pub static UNKNOWN_MEMBER: Lint = Lint {
    code: "unknown-member",
    default: Level::Warn,
    per_entry: false,
    summary: "an `aligns_to` reference qualified by a team or parent the workspace does not have",
    rationale: "A reference to `sales:more-leads` when the workspace has no `sales` team points \
                nowhere: the team may have been renamed or left the workspace, or its strategy is \
                published elsewhere and was never pinned. The page cannot link it and nobody can \
                check it, so the alignment it claims is only words.",
};
