//! Words from other planning methods and tools, and what they are called here.
//!
//! A newcomer writes what their last tool called things: `[[goal]]`, `key_result`, `epic`,
//! `assignee`. Spelling distance finds typos, not synonyms (and suggested `non_goal` for `goal`,
//! the opposite), so these get a direct answer instead.

/// What a word from elsewhere is called in a stratsite file: the name to write and, when the
/// shape differs too, how.
pub struct Hint {
    pub write: &'static str,
    pub note: &'static str,
}

/// Top-level tables: `[[goal]]` and the like.
const TABLES: &[(&[&str], &str, &str)] = &[
    (
        &[
            "goal",
            "goals",
            "okr",
            "okrs",
            "outcome",
            "outcomes",
            "north_star",
        ],
        "objective",
        "an outcome with a metric is an `[[objective]]`",
    ),
    (
        &[
            "key_result",
            "key_results",
            "kr",
            "krs",
            "kpi",
            "kpis",
            "metric",
            "metrics",
        ],
        "objective",
        "a key result is the `metric` of an `[[objective]]`: `metric = { name = \"…\", baseline = …, target = … }`",
    ),
    (
        &[
            "epic",
            "epics",
            "initiative",
            "initiatives",
            "project",
            "projects",
            "task",
            "tasks",
            "story",
            "stories",
            "feature",
            "features",
            "deliverable",
            "deliverables",
            "milestone",
            "milestones",
        ],
        "commitment",
        "work the team has promised inside the horizon is a `[[commitment]]`",
    ),
    (
        &["backlog", "parking_lot", "parking-lot", "option", "options"],
        "idea",
        "an option nobody has promised yet is an `[[idea]]`",
    ),
    (
        &[
            "pillar",
            "pillars",
            "bet",
            "bets",
            "strategy",
            "strategies",
            "workstream",
            "workstreams",
        ],
        "theme",
        "a story that groups work and serves objectives is a `[[theme]]`",
    ),
    (
        &[
            "nongoal",
            "non-goal",
            "non-goals",
            "not_doing",
            "out_of_scope",
            "anti_goal",
            "anti_goals",
        ],
        "non_goal",
        "something the team has decided not to do is a `[[non_goal]]`",
    ),
    (
        &["hypothesis", "hypotheses", "belief", "beliefs"],
        "assumption",
        "something the plan takes to be true without proof is an `[[assumption]]`",
    ),
    (
        &[
            "trigger",
            "triggers",
            "tripwire",
            "tripwires",
            "leading_indicator",
        ],
        "signal",
        "news that would change the plan is a `[[signal]]`",
    ),
    (
        &["decision", "decisions", "changelog", "history"],
        "change",
        "a named change to the strategy is a `[[change]]`",
    ),
    (
        &["settings", "config", "meta", "project_settings"],
        "site",
        "the site's settings are the `[site]` table",
    ),
];

/// Keys inside an entry: `team = …` and the like. Only offered when the entry has the key.
const KEYS: &[(&[&str], &str, &str)] = &[
    (
        &[
            "team",
            "teams",
            "assignee",
            "assignees",
            "assigned_to",
            "lead",
            "leads",
            "dri",
            "responsible",
            "accountable",
            "owners",
            "contact",
            "contacts",
        ],
        "owner",
        "who answers for it is its `owner`: one name or a list",
    ),
    (
        &[
            "deadline",
            "due_date",
            "due_by",
            "eta",
            "target_date",
            "end_date",
            "date",
        ],
        "due",
        "the date the work is due is `due = 2027-02-14`",
    ),
    (
        &[
            "epic",
            "parent",
            "pillar",
            "initiative",
            "goal",
            "objective",
        ],
        "theme",
        "work names the theme whose story it advances: `theme = \"theme-id\"`; the theme names its objectives in `serves`",
    ),
    (
        &[
            "description",
            "rationale",
            "reason",
            "context",
            "problem",
            "body",
            "details",
        ],
        "why",
        "the reason for it is its `why`",
    ),
    (
        &[
            "acceptance_criteria",
            "definition_of_done",
            "dod",
            "success_criteria",
            "done",
        ],
        "done_when",
        "what must be true to call it done is its `done_when`",
    ),
    (
        &["state", "progress"],
        "status",
        "where it stands is its `status`: `\"planned\"`, `\"in-progress\"`, `\"done\"` or `\"dropped\"`",
    ),
    (
        &["dependencies", "depends", "blocked_by", "after", "requires"],
        "depends_on",
        "other commitments that must land first are its `depends_on`",
    ),
    (
        &["key_result", "key_results", "kr", "krs", "kpi", "measure"],
        "metric",
        "a key result is the objective's `metric`",
    ),
    (
        &["objectives", "goals", "goal", "supports", "serve"],
        "serves",
        "a theme names the objectives it moves in `serves`",
    ),
    (
        &[
            "url", "issue", "issues", "ticket", "tickets", "tracker", "link", "jira", "github",
        ],
        "links",
        "where the work is tracked goes in `links = [\"https://…\"]`",
    ),
    (
        &["labels", "label", "tag", "categories", "category"],
        "tags",
        "labels for your own grouping are `tags = [\"…\"]`",
    ),
    (
        &["name", "summary_title", "heading"],
        "title",
        "every entry's name is its `title`",
    ),
    (
        &["impacts", "affected", "relates_to", "related", "links_to"],
        "affects",
        "the entries it bears on are its `affects`",
    ),
];

fn find(
    table: &[(&[&str], &'static str, &'static str)],
    word: &str,
    known: &[&str],
) -> Option<Hint> {
    let word = word.to_ascii_lowercase();
    table
        .iter()
        .find(|(words, write, _)| words.contains(&word.as_str()) && known.contains(write))
        .map(|(_, write, note)| Hint { write, note })
}

/// The hint for an unknown top-level table, among the `known` ones.
pub fn table(word: &str, known: &[&str]) -> Option<Hint> {
    find(TABLES, word, known)
}

/// The hint for an unknown key, among the `known` keys of its table.
pub fn key(word: &str, known: &[&str]) -> Option<Hint> {
    find(KEYS, word, known)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_from_other_methods_get_the_name_used_here() {
        let tables = [
            "objective",
            "theme",
            "commitment",
            "idea",
            "non_goal",
            "assumption",
            "risk",
            "signal",
            "change",
            "site",
            "lints",
        ];
        for (word, want) in [
            ("goal", "objective"),
            ("okr", "objective"),
            ("key_result", "objective"),
            ("kr", "objective"),
            ("epic", "commitment"),
            ("initiative", "commitment"),
            ("project", "commitment"),
            ("backlog", "idea"),
            ("Goals", "objective"),
        ] {
            assert_eq!(table(word, &tables).map(|h| h.write), Some(want), "{word}");
        }
        let commitment = [
            "id",
            "title",
            "theme",
            "why",
            "done_when",
            "owner",
            "due",
            "status",
            "depends_on",
            "tags",
            "links",
        ];
        for (word, want) in [
            ("team", "owner"),
            ("assignee", "owner"),
            ("deadline", "due"),
            ("epic", "theme"),
        ] {
            assert_eq!(
                key(word, &commitment).map(|h| h.write),
                Some(want),
                "{word}"
            );
        }
        // A hint is only given when the key exists in that table.
        assert!(key("deadline", &["id", "title", "theme"]).is_none());
    }
}
