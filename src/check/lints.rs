//! Strategy lints: a strategy that loads and validates can still be a weak one. These checks
//! catch what the product's essays warn about (outputs dressed up as goals, a horizon that grows
//! back into a backlog, work without a why, promises nobody closes, rejected ideas coming back)
//! the way clippy catches code smells.
//!
//! Every lint has a stable code, a default level and a rationale in `docs/lints.md`; a site
//! changes levels in the `[lints]` table of `stratsite.toml`. Lints run only on a site without
//! errors, so that they never echo a problem that is already reported.

use std::collections::{BTreeSet, HashMap};
use std::ops::Range;

use jiff::civil::Date;

use crate::diagnostics::{Diagnostic, Severity, closest, did_you_mean};
use crate::markdown;
use crate::model::{Entry, Strategy};
use crate::model::{EntryData, Kind, Prose, Status};
use crate::source::{FileId, SourceMap};
use crate::util::text::join_or;

/// What a lint does when it finds something.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Level {
    /// Say nothing.
    Allow,
    /// Report a warning; `check` and `build` still succeed.
    Warn,
    /// Report an error; `check` fails and `build` writes nothing.
    Deny,
}

impl Level {
    /// The level as written in `[lints]`.
    pub fn key(self) -> &'static str {
        match self {
            Level::Allow => "allow",
            Level::Warn => "warn",
            Level::Deny => "deny",
        }
    }

    const ALL: [Level; 3] = [Level::Allow, Level::Warn, Level::Deny];
}

/// One lint in the registry.
pub struct Lint {
    /// The stable code, used in `[lints]`, in diagnostics and in `docs/lints.md`.
    pub code: &'static str,
    pub default: Level,
    /// What it finds, in one line.
    pub summary: &'static str,
}

/// Every lint, in the order `docs/lints.md` presents them.
pub const LINTS: &[Lint] = &[
    Lint {
        code: "commitment-without-why",
        default: Level::Warn,
        summary: "a commitment that does not say why the team is doing it",
    },
    Lint {
        code: "commitment-without-objective",
        default: Level::Warn,
        summary: "a commitment whose theme serves no objective, so its why-chain stops short",
    },
    Lint {
        code: "commitment-without-due",
        default: Level::Warn,
        summary: "a planned or in-progress commitment without a due date",
    },
    Lint {
        code: "commitment-beyond-horizon",
        default: Level::Warn,
        summary: "a planned or in-progress commitment due after the site's horizon",
    },
    Lint {
        code: "stale-commitment",
        default: Level::Warn,
        summary: "a commitment past its due date that is neither done nor dropped",
    },
    Lint {
        code: "incomplete-metric",
        default: Level::Warn,
        summary: "an objective's metric without a baseline, a target or a deadline (`by`)",
    },
    Lint {
        code: "output-objective",
        default: Level::Warn,
        summary: "an objective whose title names an output (\"Launch …\") instead of an outcome",
    },
    Lint {
        code: "theme-without-objective",
        default: Level::Warn,
        summary: "a theme that serves no objective",
    },
    Lint {
        code: "empty-theme",
        default: Level::Warn,
        summary: "a theme with neither commitments nor ideas",
    },
    Lint {
        code: "objective-without-theme",
        default: Level::Warn,
        summary: "an objective that no theme serves",
    },
    Lint {
        code: "wip-limit-exceeded",
        default: Level::Warn,
        summary: "more planned and in-progress commitments than `[site] wip_limit`",
    },
    Lint {
        code: "contradicts-non-goal",
        default: Level::Warn,
        summary: "a commitment or idea that links to a non-goal or shares one of its tags",
    },
    Lint {
        code: "review-overdue",
        default: Level::Warn,
        summary: "an assumption or signal whose `review_by` date has passed",
    },
    Lint {
        code: "change-without-why",
        default: Level::Warn,
        summary: "a change to the strategy that does not say why",
    },
    Lint {
        code: "dated-in-the-future",
        default: Level::Warn,
        summary: "a change, or a metric's measurement, dated after today",
    },
    Lint {
        code: "moved-goalpost",
        default: Level::Warn,
        summary: "an objective's target, baseline, deadline, unit or metric, or a commitment's due date, moved since the base revision, or a commitment dropped or removed, without a `[[change]]` that names it",
    },
];

/// First words that make a title read as a piece of work rather than a change in the world.
const OUTPUT_VERBS: &[&str] = &[
    "add",
    "adopt",
    "automate",
    "build",
    "create",
    "deliver",
    "deploy",
    "develop",
    "finish",
    "implement",
    "install",
    "integrate",
    "introduce",
    "launch",
    "migrate",
    "rebuild",
    "redesign",
    "refactor",
    "release",
    "replace",
    "rewrite",
    "roll",
    "set",
    "ship",
    "switch",
    "upgrade",
];

/// The level of every lint for one site: the defaults, overridden by `[lints]`.
pub struct Levels(HashMap<&'static str, Level>);

impl Levels {
    /// The level of `code`.
    pub fn of(&self, code: &str) -> Level {
        self.0.get(code).copied().unwrap_or(Level::Allow)
    }
}

/// Reads the `[lints]` table; unknown codes and levels are errors.
pub fn levels(strategy: &Strategy) -> (Levels, Vec<Diagnostic>) {
    let mut map: HashMap<&'static str, Level> = LINTS.iter().map(|l| (l.code, l.default)).collect();
    let mut errors = Vec::new();
    let file = strategy.site_file;
    for setting in &strategy.lints {
        let code = setting.code.get_ref();
        let Some(lint) = LINTS.iter().find(|l| l.code == code) else {
            errors.push(
                Diagnostic::error(format!("unknown lint `{code}` in `[lints]`"))
                    .at(file, setting.code.span(), "no lint has this code")
                    .help(
                        did_you_mean(&closest(code, LINTS.iter().map(|l| l.code))).unwrap_or_else(
                            || "the lints and their codes are listed in docs/lints.md".to_owned(),
                        ),
                    ),
            );
            continue;
        };
        let level = setting.level.get_ref();
        match Level::ALL.iter().find(|l| l.key() == level) {
            Some(l) => {
                map.insert(lint.code, *l);
            }
            None => errors.push(
                Diagnostic::error(format!("`{level}` is not a lint level"))
                    .at(
                        file,
                        setting.level.span(),
                        "expected \"allow\", \"warn\" or \"deny\"",
                    )
                    .help(
                        did_you_mean(&closest(level, Level::ALL.iter().map(|l| l.key())))
                            .unwrap_or_else(|| "use \"allow\", \"warn\" or \"deny\"".to_owned()),
                    ),
            ),
        }
    }
    (Levels(map), errors)
}

/// Runs every lint on a strategy without errors, as of `today`, at the levels given.
pub fn lint(
    strategy: &Strategy,
    files: &SourceMap,
    today: Date,
    levels: &Levels,
) -> Vec<Diagnostic> {
    let mut cx = Cx {
        s: strategy,
        files,
        today,
        found: Vec::new(),
    };
    cx.commitments();
    cx.objectives();
    cx.themes();
    cx.wip_limit();
    cx.non_goals();
    cx.reviews();
    cx.changes();
    cx.future_dates();
    cx.found
        .into_iter()
        .filter_map(|mut d| {
            let code = d.code.as_deref().unwrap_or_default();
            match levels.of(code) {
                Level::Allow => None,
                Level::Warn => Some(d),
                Level::Deny => {
                    d.severity = Severity::Error;
                    Some(d)
                }
            }
        })
        .collect()
}

struct Cx<'a> {
    s: &'a Strategy,
    files: &'a SourceMap,
    today: Date,
    found: Vec<Diagnostic>,
}

/// The span of `key`'s value in an entry, else of its title.
fn field<T: EntryData>(e: &Entry<T>, key: &str) -> Range<usize> {
    e.spans
        .get(key)
        .cloned()
        .unwrap_or_else(|| e.data.title().span())
}

/// The links to entries in an entry's prose, with the prose each is in.
fn links_of<'a>(
    prose: Vec<(&'static str, &'a Prose)>,
) -> Vec<(&'a Prose, &'a markdown::EntryLink)> {
    prose
        .into_iter()
        .flat_map(|(_, p)| p.entry_links().iter().map(move |l| (p, l)))
        .collect()
}

fn is_blank(p: Option<&Prose>) -> bool {
    p.is_none_or(Prose::is_blank)
}

fn note_ids<'a>(what: &str, ids: impl IntoIterator<Item = &'a str>) -> String {
    let ids: Vec<String> = ids.into_iter().map(|i| format!("`{i}`")).collect();
    format!("{what}: {}", ids.join(", "))
}

impl Cx<'_> {
    fn push(&mut self, code: &'static str, d: Diagnostic) {
        self.found.push(d.code(code));
    }

    fn horizon_end(&self) -> Option<Date> {
        self.s.site.horizon.get_ref().end(self.today)
    }

    fn commitments(&mut self) {
        let horizon_end = self.horizon_end();
        let serving: HashMap<&str, bool> = self
            .s
            .themes
            .iter()
            .map(|t| (t.id.get_ref().as_str(), !t.serves.is_empty()))
            .collect();
        for c in &self.s.commitments {
            let id = c.id.get_ref();
            if is_blank(c.why.as_ref()) {
                self.push(
                    "commitment-without-why",
                    Diagnostic::warning(format!("commitment `{id}` does not say why"))
                        .at(c.file, c.title.span(), "what the team will do, but not why")
                        .help("add `why = \"…\"`: the problem it solves, for whom, and why now"),
                );
            }
            if serving.get(c.theme.get_ref().as_str()) == Some(&false) {
                let mut d =
                    Diagnostic::warning(format!("commitment `{id}` does not lead to an objective"))
                        .at(c.file, c.theme.span(), "this theme serves no objective")
                        .help(format!(
                            "add the objective this work moves to `serves` of theme `{}`",
                            c.theme.get_ref()
                        ));
                if let Some(t) = self.s.themes.iter().find(|t| t.id == c.theme) {
                    d = d.also(t.file, field(t, "serves"), "the chain stops here");
                }
                self.push("commitment-without-objective", d);
            }
            if !c.status.is_live() {
                continue;
            }
            let Some(due) = &c.due else {
                self.push(
                    "commitment-without-due",
                    Diagnostic::warning(format!("commitment `{id}` has no due date"))
                        .at(c.file, c.title.span(), format!("{} with no date", c.status.key()))
                        .help(match horizon_end {
                            Some(end) => format!("add `due = …` on or before {end}, the end of the horizon, or make it an `[[idea]]` until the team can promise a date"),
                            None => "add `due = …` inside the horizon, or make it an `[[idea]]` until the team can promise a date".to_owned(),
                        }),
                );
                continue;
            };
            let date = due.get_ref().0;
            if date < self.today {
                self.push(
                    "stale-commitment",
                    Diagnostic::warning(format!(
                        "commitment `{id}` was due on {date} and is still {}",
                        c.status.key()
                    ))
                    .at(c.file, due.span(), format!("{date} has passed (today is {})", self.today))
                    .help("set `status = \"done\"` or `status = \"dropped\"`, or move `due` and record why in a `[[change]]`"),
                );
            } else if let Some(end) = horizon_end
                && date > end
            {
                self.push(
                    "commitment-beyond-horizon",
                    Diagnostic::warning(format!(
                        "commitment `{id}` is due after the horizon, on {date}"
                    ))
                    .at(c.file, due.span(), format!("after {end}"))
                    .help("make it an `[[idea]]` in the parking lot until it fits the horizon, or bring `due` forward")
                    .note(format!(
                        "the horizon is `{}` from {}, so it ends on {end}",
                        self.s.site.horizon.get_ref(),
                        self.today
                    )),
                );
            }
        }
    }

    fn objectives(&mut self) {
        let served: BTreeSet<&str> = self
            .s
            .themes
            .iter()
            .flat_map(|t| t.serves.iter().map(|r| r.get_ref().as_str()))
            .collect();
        for o in &self.s.objectives {
            let id = o.id.get_ref();
            let m = &o.metric;
            let missing: Vec<&str> = [
                (m.baseline.is_none(), "`baseline`"),
                (m.target.is_none(), "`target`"),
                (m.by.is_none(), "deadline (`by`)"),
            ]
            .into_iter()
            .filter_map(|(absent, name)| absent.then_some(name))
            .collect();
            if !missing.is_empty() {
                self.push(
                    "incomplete-metric",
                    Diagnostic::warning(format!(
                        "the metric of objective `{id}` has no {}",
                        join_or(&missing)
                    ))
                    .at(o.file, field(o, "metric"), "this metric")
                    .help("an outcome moves from a baseline to a target by a date: add the missing keys"),
                );
            }
            let title = o.title.get_ref();
            let first = title
                .split_whitespace()
                .next()
                .unwrap_or_default()
                .trim_matches(|c: char| !c.is_alphanumeric());
            if OUTPUT_VERBS.contains(&first.to_lowercase().as_str()) {
                self.push(
                    "output-objective",
                    Diagnostic::warning(format!(
                        "the title of objective `{id}` names an output, not an outcome"
                    ))
                    .at(o.file, o.title.span(), format!("\"{first} …\" is work the team does"))
                    .help("say what changes for customers or the business, e.g. \"Shoppers find what they want in half the time\"; the work belongs in a commitment"),
                );
            }
            if !served.contains(id.as_str()) {
                self.push(
                    "objective-without-theme",
                    Diagnostic::warning(format!("no theme serves objective `{id}`"))
                        .at(o.file, o.title.span(), "nothing moves this objective")
                        .help(format!(
                            "add `\"{id}\"` to the `serves` of the theme that moves it, or remove the objective"
                        )),
                );
            }
        }
    }

    fn themes(&mut self) {
        let used: BTreeSet<&str> = self
            .s
            .commitments
            .iter()
            .map(|c| c.theme.get_ref().as_str())
            .chain(
                self.s
                    .ideas
                    .iter()
                    .filter_map(|i| i.theme.as_ref().map(|t| t.get_ref().as_str())),
            )
            .collect();
        for t in &self.s.themes {
            let id = t.id.get_ref();
            if t.serves.is_empty() {
                self.push(
                    "theme-without-objective",
                    Diagnostic::warning(format!("theme `{id}` serves no objective"))
                        .at(t.file, field(t, "serves"), "no objective here")
                        .help("add `serves = [\"objective-id\"]` with the objectives this story moves"),
                );
            }
            if !used.contains(id.as_str()) {
                self.push(
                    "empty-theme",
                    Diagnostic::warning(format!("theme `{id}` has neither commitments nor ideas"))
                        .at(t.file, t.title.span(), "a story with no work in it")
                        .help(format!(
                            "give a commitment or an idea `theme = \"{id}\"`, or remove the theme"
                        )),
                );
            }
        }
    }

    fn wip_limit(&mut self) {
        let Some(limit) = self.s.site.wip_limit else {
            return;
        };
        let live: Vec<&str> = self
            .s
            .commitments
            .iter()
            .filter(|c| c.status.is_live())
            .map(|c| c.id.get_ref().as_str())
            .collect();
        if live.len() <= limit as usize {
            return;
        }
        let span = self.s.site_spans.get("wip_limit").cloned().unwrap_or(0..0);
        self.push(
            "wip-limit-exceeded",
            Diagnostic::warning(format!(
                "{} commitments are planned or in progress, more than the limit of {limit}",
                live.len()
            ))
            .at(self.s.site_file, span, format!("the limit is {limit}"))
            .help("finish or drop commitments, or move the ones that can wait to the parking lot as ideas")
            .note(note_ids("planned or in progress", live)),
        );
    }

    fn non_goals(&mut self) {
        let mut found = Vec::new();
        for c in self
            .s
            .commitments
            .iter()
            .filter(|c| c.status != Status::Dropped)
        {
            found.extend(self.conflicts(Kind::Commitment, c, &c.tags, links_of(c.data.prose())));
        }
        for i in &self.s.ideas {
            found.extend(self.conflicts(Kind::Idea, i, &i.tags, links_of(i.data.prose())));
        }
        for d in found {
            self.push("contradicts-non-goal", d);
        }
    }

    /// The non-goals one commitment or idea contradicts, by link or by tag.
    fn conflicts<T: EntryData>(
        &self,
        kind: Kind,
        e: &Entry<T>,
        tags: &[String],
        links: Vec<(&Prose, &markdown::EntryLink)>,
    ) -> Vec<Diagnostic> {
        let id = e.data.id().get_ref();
        let mut out = Vec::new();
        for n in &self.s.non_goals {
            let ng = n.id.get_ref();
            let help = "drop it, or if the team has changed its mind, remove the non-goal and record why in a `[[change]]`";
            if let Some((prose, link)) = links.iter().find(|(_, l)| &l.id == ng) {
                let (file, span) = crate::check::validate::locate_in_prose(
                    e.file,
                    prose,
                    self.files,
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

    fn reviews(&mut self) {
        let dates = self
            .s
            .assumptions
            .iter()
            .map(|a| {
                (
                    Kind::Assumption,
                    a.file,
                    a.id.get_ref(),
                    a.review_by.as_ref(),
                )
            })
            .chain(
                self.s
                    .signals
                    .iter()
                    .map(|s| (Kind::Signal, s.file, s.id.get_ref(), s.review_by.as_ref())),
            );
        let mut found = Vec::new();
        for (kind, file, id, review_by) in dates {
            let Some(r) = review_by else { continue };
            let date = r.get_ref().0;
            if date < self.today {
                let what = kind.label().to_lowercase();
                found.push(
                    Diagnostic::warning(format!("the review of {what} `{id}` was due on {date}"))
                        .at(file, r.span(), format!("{date} has passed (today is {})", self.today))
                        .help(format!(
                            "review the {what}: update what the team now knows and set a new `review_by`, or remove it and record what was learned in a `[[change]]`"
                        )),
                );
            }
        }
        for d in found {
            self.push("review-overdue", d);
        }
    }

    /// A change records what already happened, and a measurement what was already measured:
    /// a date after today is most often a typo in the year.
    fn future_dates(&mut self) {
        let today = self.today;
        let mut found = Vec::new();
        for c in &self.s.changes {
            if c.date.0 > today {
                found.push(
                    Diagnostic::warning(format!(
                        "change `{}` is dated {}, after today ({today})",
                        c.id.get_ref(),
                        c.date
                    ))
                    .at(c.file, field(c, "date"), "not yet")
                    .help("a change records what has happened: fix the date, or add the change once it happens"),
                );
            }
        }
        for o in &self.s.objectives {
            if let Some(measured) = o.metric.measured
                && measured.0 > today
            {
                found.push(
                    Diagnostic::warning(format!(
                        "the metric of objective `{}` says it was measured on {measured}, after today ({today})",
                        o.id.get_ref()
                    ))
                    .at(o.file, field(o, "metric"), "`measured` is in the future")
                    .help("set `measured` to the day `current` was measured"),
                );
            }
        }
        for d in found {
            self.push("dated-in-the-future", d);
        }
    }

    fn changes(&mut self) {
        let found: Vec<(FileId, Range<usize>, String)> = self
            .s
            .changes
            .iter()
            .filter(|c| is_blank(c.why.as_ref()))
            .map(|c| (c.file, c.title.span(), c.id.get_ref().clone()))
            .collect();
        for (file, span, id) in found {
            self.push(
                "change-without-why",
                Diagnostic::warning(format!("change `{id}` does not say why"))
                    .at(file, span, "what changed, but not why")
                    .help("add `why = \"…\"`: a change named openly comes with its reason"),
            );
        }
    }
}
