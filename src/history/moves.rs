//! Moved goalposts: the differences between two revisions that change what the team promised
//! (an objective's target, baseline, deadline, unit or metric, a commitment's due date, a
//! commitment dropped or removed), and the `[[change]]` that names each, if any.

use super::snapshot::{Delta, EntrySnap, Snapshot};
use crate::model::Kind;

/// What moved.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum What {
    Target,
    Baseline,
    Deadline,
    Unit,
    Metric,
    Due,
    Dropped,
    Removed,
}

impl What {
    /// The thing that moved, in a sentence: "the target".
    pub fn words(self) -> &'static str {
        match self {
            What::Target => "the target",
            What::Baseline => "the baseline",
            What::Deadline => "the deadline (`by`)",
            What::Unit => "the unit",
            What::Metric => "the metric's name",
            What::Due => "the due date",
            What::Dropped => "the commitment",
            What::Removed => "the commitment",
        }
    }

    /// The key that holds it, as written in the entry.
    pub fn key(self) -> &'static str {
        match self {
            What::Target => "metric.target",
            What::Baseline => "metric.baseline",
            What::Deadline => "metric.by",
            What::Unit => "metric.unit",
            What::Metric => "metric.name",
            What::Due => "due",
            What::Dropped => "status",
            What::Removed => "",
        }
    }

    /// A short name for tables and JSON: "target", "due", "dropped".
    pub fn slug(self) -> &'static str {
        match self {
            What::Target => "target",
            What::Baseline => "baseline",
            What::Deadline => "deadline",
            What::Unit => "unit",
            What::Metric => "metric",
            What::Due => "due",
            What::Dropped => "dropped",
            What::Removed => "removed",
        }
    }
}

const OBJECTIVE_KEYS: [What; 5] = [
    What::Target,
    What::Baseline,
    What::Deadline,
    What::Unit,
    What::Metric,
];

/// One moved goalpost.
#[derive(Clone, Debug)]
pub struct Move {
    pub id: String,
    pub kind: Kind,
    pub title: String,
    pub what: What,
    /// The value before and after, in words (`None`: not set, or the entry is gone).
    pub old: Option<String>,
    pub new: Option<String>,
    /// The entry before the move (where it was written then).
    pub before: EntrySnap,
    /// The `[[change]]` that names it: new since the old revision, or newly naming the entry.
    pub named_by: Option<String>,
}

/// The goalposts that moved from `old` to `new`, in the order of `deltas`.
pub fn moves(old: &Snapshot, new: &Snapshot, deltas: &[Delta]) -> Vec<Move> {
    let mut out = Vec::new();
    for d in deltas {
        match d {
            Delta::Added(_) => {}
            Delta::Removed(o)
                if o.kind == Kind::Commitment && o.text("status").as_deref() != Some("dropped") =>
            {
                out.push(mv(o, None, What::Removed, o.text("status"), None));
            }
            Delta::Removed(_) => {}
            Delta::Changed { old: o, new: n, .. } => match (o.kind, n.kind) {
                (Kind::Objective, Kind::Objective) => {
                    for what in OBJECTIVE_KEYS {
                        let (a, b) = (o.text(what.key()), n.text(what.key()));
                        let same_day = what == What::Deadline && same_deadline(&a, &b);
                        if a.is_some() && a != b && !same_day {
                            out.push(mv(o, Some(n), what, a, b));
                        }
                    }
                }
                (Kind::Commitment, Kind::Commitment) => {
                    let (a, b) = (o.text("due"), n.text("due"));
                    if a.is_some() && a != b && !same_deadline(&a, &b) {
                        out.push(mv(o, Some(n), What::Due, a, b));
                    }
                    let (a, b) = (o.text("status"), n.text("status"));
                    if b.as_deref() == Some("dropped") && a.as_deref() != Some("dropped") {
                        out.push(mv(o, Some(n), What::Dropped, a, b));
                    }
                }
                (Kind::Commitment, other) if o.text("status").as_deref() != Some("dropped") => {
                    // Back to the parking lot (or anything else): the promise is off.
                    out.push(mv(
                        o,
                        Some(n),
                        What::Dropped,
                        o.text("status"),
                        Some(other.article().to_owned()),
                    ));
                }
                _ => {}
            },
        }
    }
    for m in &mut out {
        m.named_by = naming_change(old, new, &m.id);
    }
    out
}

/// Whether two deadlines as written name the same last day (`2027-06-30`, `2027-06` and
/// `2027-Q2` do): rewriting a date as a period moves no goalpost.
fn same_deadline(a: &Option<String>, b: &Option<String>) -> bool {
    let day = |t: &Option<String>| {
        t.as_deref()
            .and_then(|t| crate::model::parse_when(t).ok())
            .map(|w| w.last_day())
    };
    matches!((day(a), day(b)), (Some(x), Some(y)) if x == y)
}

fn mv(
    o: &EntrySnap,
    n: Option<&EntrySnap>,
    what: What,
    old: Option<String>,
    new: Option<String>,
) -> Move {
    Move {
        id: o.id.clone(),
        kind: o.kind,
        title: n.map_or(&o.title, |n| &n.title).clone(),
        what,
        old,
        new,
        before: o.clone(),
        named_by: None,
    }
}

/// The first change of `new` (by id) whose `affects` names `id` and that does not already do
/// so in `old`.
fn naming_change(old: &Snapshot, new: &Snapshot, id: &str) -> Option<String> {
    new.entries
        .values()
        .filter(|e| e.kind == Kind::Change && e.ids("affects").contains(id))
        .find(|c| {
            old.entries.get(&c.id).is_none_or(|before| {
                before.kind != Kind::Change || !before.ids("affects").contains(id)
            })
        })
        .map(|c| c.id.clone())
}

/// The values a move went between, for a sentence: "from 45 to 60", "from 2027-06-30 (now
/// unset)".
pub fn from_to(m: &Move) -> String {
    match (&m.old, &m.new) {
        (Some(a), Some(b)) => format!("from {a} to {b}"),
        (Some(a), None) => format!("from {a} to nothing"),
        (None, Some(b)) => format!("to {b}"),
        (None, None) => String::new(),
    }
}

#[cfg(test)]
mod deadline_tests {
    use super::same_deadline;

    #[test]
    fn a_date_rewritten_as_its_period_is_the_same_deadline() {
        let s = |t: &str| Some(t.to_owned());
        assert!(same_deadline(&s("2027-06-30"), &s("2027-06")));
        assert!(same_deadline(&s("2027-06-30"), &s("2027-Q2")));
        assert!(same_deadline(&s("2027-12-31"), &s("2027")));
        assert!(!same_deadline(&s("2027-06-30"), &s("2027-Q3")));
        assert!(!same_deadline(&s("2027-06-15"), &s("2027-06")));
        assert!(!same_deadline(&None, &s("2027-06")));
    }
}
