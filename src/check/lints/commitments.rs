//! Lints on commitments: each says why, leads to an objective, has a date inside the horizon,
//! and is closed once that date has passed.

use std::collections::HashMap;

use jiff::civil::Date;

use super::{Cx, Level, Lint, field, is_blank};
use crate::diagnostics::Diagnostic;
use crate::model::When;

pub static COMMITMENT_WITHOUT_WHY: Lint = Lint {
    code: "commitment-without-why",
    default: Level::Warn,
    per_entry: true,
    summary: "a commitment that does not say why the team is doing it",
    rationale: "A backlog tells a team what to build; a strategy tells it why it matters. A \
                commitment without a why is a ticket with a date: the team can do it, but cannot \
                tell whether it is still worth doing when things change, and the people who read \
                the site learn nothing from it.",
};

pub static COMMITMENT_WITHOUT_OBJECTIVE: Lint = Lint {
    code: "commitment-without-objective",
    default: Level::Warn,
    per_entry: true,
    summary: "a commitment whose theme serves no objective, so its why-chain stops short",
    rationale: "Every piece of work should read as a chain: this commitment advances that theme, \
                which moves that objective. When the theme serves no objective, the chain stops \
                short and the work serves no goal anyone has agreed on. That is how a team ends up \
                busy and not moving.",
};

pub static COMMITMENT_WITHOUT_DUE: Lint = Lint {
    code: "commitment-without-due",
    default: Level::Warn,
    per_entry: true,
    summary: "a planned or in-progress commitment without a due date",
    rationale: "A commitment is a promise inside the horizon, and a promise without a date cannot \
                be held to the horizon, cannot go stale and never has to be closed. Open-ended \
                commitments are how a short list of promises grows back into a backlog. If the \
                team cannot name a date yet, it is an idea.",
};

pub static COMMITMENT_BEYOND_HORIZON: Lint = Lint {
    code: "commitment-beyond-horizon",
    default: Level::Warn,
    per_entry: true,
    summary: "a planned or in-progress commitment due after the site's horizon",
    rationale: "The horizon (`[site] horizon`) is how far ahead the team knows enough to promise. \
                A commitment due after it is a promise made without that knowledge, and a horizon \
                full of them is a backlog again. Work further out belongs in the parking lot as an \
                idea: an option, not a promise, that becomes a commitment when it comes within \
                reach.",
};

pub static STALE_COMMITMENT: Lint = Lint {
    code: "stale-commitment",
    default: Level::Warn,
    per_entry: true,
    summary: "a commitment past its due date that is neither done nor dropped",
    rationale: "A commitment past its date that is still \"planned\" or \"in progress\" is a \
                promise nobody closed. Readers cannot tell whether it is late, done, or quietly \
                abandoned, and every stale entry teaches them to trust the page a little less. \
                Close it: mark it done, drop it, or move the date openly with a `[[change]]` that \
                says why.",
};

/// The last day of the horizon, counted from today.
fn horizon_end(cx: &Cx<'_>) -> Option<Date> {
    cx.s.site.horizon.get_ref().end(cx.today)
}

pub(super) fn check(cx: &mut Cx<'_>) {
    let horizon_end = horizon_end(cx);
    let serving: HashMap<&str, bool> =
        cx.s.themes
            .iter()
            .map(|t| (t.id.get_ref().as_str(), !t.serves.is_empty()))
            .collect();
    for c in &cx.s.commitments {
        let id = c.id.get_ref();
        if is_blank(c.why.as_ref()) {
            cx.push_on(
                &COMMITMENT_WITHOUT_WHY,
                id,
                Diagnostic::warning(format!("commitment `{id}` does not say why"))
                    .at(c.file, c.title.span(), "what the team will do, but not why")
                    .help("add `why = \"…\"`: the problem it solves, for whom, and why now"),
            );
        }
        if serving.get(c.theme.main().get_ref().as_str()) == Some(&false) {
            let mut d =
                Diagnostic::warning(format!("commitment `{id}` does not lead to an objective"))
                    .at(
                        c.file,
                        c.theme.main().span(),
                        "this theme serves no objective",
                    )
                    .help(format!(
                        "add the objective this work moves to `serves` of theme `{}`",
                        c.theme.main().get_ref()
                    ));
            if let Some(t) = cx.s.themes.iter().find(|t| &t.id == c.theme.main()) {
                d = d.also(t.file, field(t, "serves"), "the chain stops here");
            }
            cx.push_on(&COMMITMENT_WITHOUT_OBJECTIVE, id, d);
        }
        if !c.status.is_live() {
            continue;
        }
        // The horizon holds the first tier only; later tiers are dated to a period.
        let tier = cx.s.site.tier_of(c.tier.as_ref());
        let later = (tier > 0).then(|| &cx.s.site.tiers[tier]);
        let Some(due) = &c.due else {
            cx.push_on(
                &COMMITMENT_WITHOUT_DUE,
                id,
                Diagnostic::warning(format!("commitment `{id}` has no due date"))
                    .at(c.file, c.title.span(), format!("{} with no date", c.status.key()))
                    .help(match (later, horizon_end) {
                        (Some(t), _) => format!("add when the team expects it, e.g. `due = \"{}-Q3\"`: a period is enough for the tier `{}`", cx.today.year() + 1, t.key.get_ref()),
                        (None, Some(end)) => format!("add `due = …` on or before {end}, the end of the horizon, or make it an `[[idea]]` until the team can promise a date"),
                        (None, None) => "add `due = …` inside the horizon, or make it an `[[idea]]` until the team can promise a date".to_owned(),
                    }),
            );
            continue;
        };
        let date = due.get_ref().last_day();
        let when = due.get_ref().phrase();
        if date < cx.today {
            let passed = match due.get_ref() {
                When::Day(_) => format!("{date} has passed (today is {})", cx.today),
                w => format!("{w} ended on {date} (today is {})", cx.today),
            };
            cx.push_on(
                &STALE_COMMITMENT,
                id,
                Diagnostic::warning(format!(
                    "commitment `{id}` was due {when} and is still {}",
                    c.status.key()
                ))
                .at(c.file, due.span(), passed)
                .help("set `status = \"done\"` or `status = \"dropped\"`, or move `due` and record why in a `[[change]]`"),
            );
        } else if let Some(end) = horizon_end
            && later.is_none()
            && date > end
        {
            cx.push_on(
                &COMMITMENT_BEYOND_HORIZON,
                id,
                Diagnostic::warning(format!(
                    "commitment `{id}` is due after the horizon, {when}"
                ))
                .at(c.file, due.span(), match due.get_ref() {
                    When::Day(_) => format!("after {end}"),
                    w => format!("{w} ends on {date}, after {end}"),
                })
                .help(match cx.s.site.tiers.get(1) {
                    Some(next) => format!("move it to a later tier with `tier = \"{}\"`, make it an `[[idea]]` until the team can promise it, or bring `due` forward", next.key.get_ref()),
                    None => "make it an `[[idea]]` in the parking lot until it fits the horizon, or bring `due` forward".to_owned(),
                })
                .note(format!(
                    "the horizon is `{}` from {}, so it ends on {end}",
                    cx.s.site.horizon.get_ref(),
                    cx.today
                )),
            );
        }
    }
}
