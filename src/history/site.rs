//! The history the site shows: for each entry, what changed in which commit, in words, and the
//! moved goalposts that no `[[change]]` names, for the change log and its feed.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use super::moves::{Move, What, from_to, moves};
use super::snapshot::{Delta, Snapshot, compare, value_text};
use super::{Commit, NoHistory, Repo};
use crate::model::Kind;

/// One line of an entry's history.
#[derive(Clone, Debug, serde::Serialize)]
pub struct Item {
    /// The author date's day, `2026-11-21`.
    pub date: String,
    /// The commit, short, and its author.
    pub commit: String,
    pub author: String,
    /// What happened, in words: "target 80 → 75", "added", "retitled from “…”".
    pub what: String,
    /// A moved goalpost: the change that names it, or none.
    pub goalpost: bool,
    pub named_by: Option<String>,
}

/// A moved goalpost that no change names, for the change log.
#[derive(Clone, Debug)]
pub struct Unnamed {
    pub commit: Commit,
    pub kind: Kind,
    pub id: String,
    pub title: String,
    /// "the target of objective `x` moved from 80 to 75".
    pub sentence: String,
    pub old: Option<String>,
    pub new: Option<String>,
}

/// What the site shows of the strategy's past.
#[derive(Clone, Debug, Default)]
pub struct SiteHistory {
    /// Each entry's history, oldest first.
    pub entries: BTreeMap<String, Vec<Item>>,
    /// Unnamed moves, newest first.
    pub unnamed: Vec<Unnamed>,
}

/// The history of the site in `root`, when it is in a repository with a history.
pub fn site_history(root: &Path) -> Result<SiteHistory, NoHistory> {
    let repo = Repo::open(root)?;
    let mut entries: BTreeMap<String, Vec<Item>> = BTreeMap::new();
    // Each move, with the changes that already named its entry before it.
    let mut pending: Vec<(Commit, Move, BTreeSet<String>, usize)> = Vec::new();
    let mut previous = Snapshot::default();
    let mut first = true;
    repo.snapshots(|commit, snap, seed| {
        if seed {
            previous = snap;
            first = false;
            return;
        }
        let deltas = compare(&previous, &snap);
        let found = if first {
            Vec::new()
        } else {
            moves(&previous, &snap, &deltas)
        };
        for d in &deltas {
            let list = entries.entry(d.id().to_owned()).or_default();
            for what in describe(d, &found) {
                list.push(Item {
                    date: commit.day().to_owned(),
                    commit: commit.short().to_owned(),
                    author: commit.author.clone(),
                    what,
                    goalpost: false,
                    named_by: None,
                });
            }
        }
        for m in found {
            let naming = naming_ids(&previous, &m.id);
            let list = entries.entry(m.id.clone()).or_default();
            list.push(Item {
                date: commit.day().to_owned(),
                commit: commit.short().to_owned(),
                author: commit.author.clone(),
                what: move_words(&m),
                goalpost: true,
                named_by: None,
            });
            let index = list.len() - 1;
            pending.push((commit.clone(), m, naming, index));
        }
        first = false;
        previous = snap;
    })?;
    // Named when a change that names the entry now did not already name it before the move.
    let mut unnamed = Vec::new();
    for (commit, m, before, index) in pending {
        let named_by = naming_ids(&previous, &m.id)
            .into_iter()
            .find(|c| !before.contains(c));
        if let Some(item) = entries.get_mut(&m.id).and_then(|l| l.get_mut(index)) {
            item.named_by = named_by.clone();
        }
        if named_by.is_none() {
            unnamed.push(Unnamed {
                sentence: sentence(&m),
                commit,
                kind: m.kind,
                id: m.id.clone(),
                title: m.title.clone(),
                old: m.old.clone(),
                new: m.new.clone(),
            });
        }
    }
    unnamed.reverse();
    Ok(SiteHistory { entries, unnamed })
}

/// The ids of the changes in `snap` whose `affects` names `id`.
fn naming_ids(snap: &Snapshot, id: &str) -> BTreeSet<String> {
    snap.entries
        .values()
        .filter(|e| e.kind == Kind::Change && e.ids("affects").contains(id))
        .map(|e| e.id.clone())
        .collect()
}

fn move_words(m: &Move) -> String {
    let or_unset = |v: &Option<String>| v.clone().unwrap_or_else(|| "unset".to_owned());
    match m.what {
        What::Removed => "removed".to_owned(),
        What::Dropped => format!("dropped (was {})", or_unset(&m.old)),
        w => format!("{} {} → {}", w.slug(), or_unset(&m.old), or_unset(&m.new)),
    }
}

fn sentence(m: &Move) -> String {
    let kind = m.kind.label().to_lowercase();
    match m.what {
        What::Removed => format!("{kind} `{}` was removed", m.id),
        What::Dropped => format!("{kind} `{}` was dropped ({})", m.id, from_to(m)),
        w => format!("{} of {kind} `{}` moved {}", w.words(), m.id, from_to(m)),
    }
}

/// The other events of one delta, in words; the moved goalposts are told apart.
fn describe(d: &Delta, moves: &[Move]) -> Vec<String> {
    let is_move = |id: &str, key: &str| {
        moves.iter().any(|m| {
            m.id == id && (m.what.key() == key || (key == "status" && m.what == What::Dropped))
        })
    };
    match d {
        Delta::Added(_) => vec!["added".to_owned()],
        Delta::Removed(e) if moves.iter().any(|m| m.id == e.id) => Vec::new(),
        Delta::Removed(_) => vec!["removed".to_owned()],
        Delta::Changed { old, new, fields } => {
            let mut out = Vec::new();
            if old.kind != new.kind {
                out.push(format!(
                    "became {} (was {})",
                    new.kind.article(),
                    old.kind.article()
                ));
            }
            for f in fields {
                if is_move(&new.id, &f.key) {
                    continue;
                }
                let short = |v: &Option<serde_json::Value>| {
                    v.as_ref()
                        .map(value_text)
                        .filter(|t| t.chars().count() <= 80 && !t.contains('\n'))
                };
                out.push(match (f.key.as_str(), short(&f.old), short(&f.new)) {
                    ("title", Some(old), _) => format!("retitled from “{old}”"),
                    (key, Some(a), Some(b)) => format!("{key} {a} → {b}"),
                    (key, None, Some(b)) if f.old.is_none() => format!("{key} set to {b}"),
                    (key, _, _) if f.new.is_none() => format!("{key} removed"),
                    (key, _, _) => format!("{key} rewritten"),
                });
            }
            out
        }
    }
}
