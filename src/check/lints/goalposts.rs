//! The goalpost guard's lint. Its check compares the strategy with a base revision, so it
//! lives with the history in `check/goalposts.rs`; this is its entry in the registry.

use super::{Level, Lint};

pub static MOVED_GOALPOST: Lint = Lint {
    code: "moved-goalpost",
    default: Level::Warn,
    per_entry: true,
    summary: "a target, baseline, deadline, unit or metric moved, or a commitment's due date \
              moved or the commitment dropped, since the base revision, with no `[[change]]` \
              naming it",
    rationale: "The essays' point about trust: leadership must not move the goalposts without naming \
                the change. A strategy in git holds its whole history, yet a page shows only today's \
                numbers: a target lowered from 80% to 75%, a deadline pushed a quarter or a \
                commitment quietly dropped reads as if it had always been so. This lint compares the \
                strategy with a base revision (by default the last commit that changed nothing in \
                the strategy, so a pull request is compared with where its branch started; \
                `stratsite check --since REV` to choose) and asks for a `[[change]]` that names each \
                move: one whose `affects` lists the entry and that is new since the base (or newly \
                lists it). The rules are in the [format reference](format.md#change).",
};
