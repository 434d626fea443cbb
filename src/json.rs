//! `strategy.json`: the whole strategy for machines, with references resolved to URLs.
//!
//! The shape is versioned by `format_version`; fields are only ever added within a version.

use std::collections::HashMap;

use serde::Serialize;
use serde::ser::SerializeSeq;
use serde_json::{Value, json};

use crate::load::{Entry, Strategy};
use crate::model::{
    Assumption, Change, Commitment, EntryData, Idea, Kind, NonGoal, Objective, Risk, Signal, Theme,
};

/// The version of the `strategy.json` shape.
pub const FORMAT_VERSION: u32 = 1;

/// Writes `strategy.json`. `links` maps every id to its link (kind and path from the root).
/// Entries are converted one at a time as they are written, so a large strategy is never held
/// twice in memory.
pub fn write_strategy_json<L: LinkLike>(
    out: &mut dyn std::io::Write,
    strategy: &Strategy,
    links: &HashMap<String, L>,
    base_url: &str,
    as_of: jiff::civil::Date,
) -> std::io::Result<()> {
    let site = &strategy.site;
    let resolve = |id: &str| -> Value {
        match links.get(id) {
            Some(l) => {
                json!({ "id": id, "kind": l.kind(), "url": format!("{base_url}{}", l.path()) })
            }
            None => json!({ "id": id }),
        }
    };
    let list = |entries| Entries {
        base_url,
        resolve: &resolve,
        entries,
    };
    let doc = Document {
        format_version: FORMAT_VERSION,
        generator: format!("stratsite {}", env!("CARGO_PKG_VERSION")),
        as_of: as_of.to_string(),
        site: json!({
            "title": site.title,
            "base_url": base_url,
            "language": site.language,
            "horizon": site.horizon.get_ref(),
            "wip_limit": site.wip_limit,
            "description": site.description.as_ref().map(|d| d.text.as_str()),
        }),
        objectives: list(Kinds::Objectives(&strategy.objectives)),
        themes: list(Kinds::Themes(&strategy.themes)),
        commitments: list(Kinds::Commitments(&strategy.commitments)),
        ideas: list(Kinds::Ideas(&strategy.ideas)),
        non_goals: list(Kinds::NonGoals(&strategy.non_goals)),
        assumptions: list(Kinds::Assumptions(&strategy.assumptions)),
        risks: list(Kinds::Risks(&strategy.risks)),
        signals: list(Kinds::Signals(&strategy.signals)),
        changes: list(Kinds::Changes(&strategy.changes)),
    };
    serde_json::to_writer_pretty(out, &doc).map_err(std::io::Error::other)
}

#[derive(Serialize)]
struct Document<'a> {
    format_version: u32,
    generator: String,
    as_of: String,
    site: Value,
    objectives: Entries<'a>,
    themes: Entries<'a>,
    commitments: Entries<'a>,
    ideas: Entries<'a>,
    non_goals: Entries<'a>,
    assumptions: Entries<'a>,
    risks: Entries<'a>,
    signals: Entries<'a>,
    changes: Entries<'a>,
}

enum Kinds<'a> {
    Objectives(&'a [Entry<Objective>]),
    Themes(&'a [Entry<Theme>]),
    Commitments(&'a [Entry<Commitment>]),
    Ideas(&'a [Entry<Idea>]),
    NonGoals(&'a [Entry<NonGoal>]),
    Assumptions(&'a [Entry<Assumption>]),
    Risks(&'a [Entry<Risk>]),
    Signals(&'a [Entry<Signal>]),
    Changes(&'a [Entry<Change>]),
}

/// A list of entries, serialized one entry at a time.
struct Entries<'a> {
    base_url: &'a str,
    resolve: &'a dyn Fn(&str) -> Value,
    entries: Kinds<'a>,
}

impl Serialize for Entries<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        fn each<S: serde::Serializer, T: EntryData + Serialize>(
            s: S,
            list: &[Entry<T>],
            base_url: &str,
            resolve: &dyn Fn(&str) -> Value,
        ) -> Result<S::Ok, S::Error> {
            let mut seq = s.serialize_seq(Some(list.len()))?;
            for e in list {
                seq.serialize_element(&entry(e, base_url, resolve))?;
            }
            seq.end()
        }
        let (b, r) = (self.base_url, self.resolve);
        match self.entries {
            Kinds::Objectives(l) => each(s, l, b, r),
            Kinds::Themes(l) => each(s, l, b, r),
            Kinds::Commitments(l) => each(s, l, b, r),
            Kinds::Ideas(l) => each(s, l, b, r),
            Kinds::NonGoals(l) => each(s, l, b, r),
            Kinds::Assumptions(l) => each(s, l, b, r),
            Kinds::Risks(l) => each(s, l, b, r),
            Kinds::Signals(l) => each(s, l, b, r),
            Kinds::Changes(l) => each(s, l, b, r),
        }
    }
}

/// What `strategy.json` needs to know of a link.
pub trait LinkLike {
    fn kind(&self) -> Kind;
    fn path(&self) -> &str;
}

/// One entry as JSON: its fields, its URL, and its references resolved.
fn entry<T: EntryData + Serialize>(
    e: &Entry<T>,
    base_url: &str,
    resolve: &dyn Fn(&str) -> Value,
) -> Value {
    let mut v = serde_json::to_value(&e.data).unwrap_or(Value::Null);
    if let Value::Object(map) = &mut v {
        let id = e.id().get_ref();
        map.insert(
            "url".into(),
            json!(format!("{base_url}{}", crate::plan::entry_url(T::KIND, id))),
        );
        for r in e.refs() {
            let resolved = resolve(r.target.get_ref());
            match map.get_mut(r.field) {
                Some(Value::Array(items)) => {
                    for item in items.iter_mut() {
                        if item.as_str() == Some(r.target.get_ref()) {
                            *item = resolved.clone();
                        }
                    }
                }
                Some(slot) => *slot = resolved,
                None => {}
            }
        }
    }
    v
}
