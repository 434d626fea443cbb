//! `strategy.json`: the whole strategy for machines, with references resolved to URLs.
//!
//! The shape is versioned by `format_version`; fields are only ever added within a version.

use std::collections::HashMap;

use serde::Serialize;
use serde_json::{Map, Value, json};

use crate::load::{Entry, Strategy};
use crate::model::{EntryData, Kind};

/// The version of the `strategy.json` shape.
pub const FORMAT_VERSION: u32 = 1;

/// Builds `strategy.json`. `titles` maps every id to its link (title and path from the root).
pub fn strategy_json<L: LinkLike>(
    strategy: &Strategy,
    links: &HashMap<String, L>,
    base_url: &str,
    as_of: jiff::civil::Date,
) -> Value {
    let site = &strategy.site;
    let mut root = Map::new();
    root.insert("format_version".into(), json!(FORMAT_VERSION));
    root.insert(
        "generator".into(),
        json!(format!("stratsite {}", env!("CARGO_PKG_VERSION"))),
    );
    root.insert("as_of".into(), json!(as_of.to_string()));
    root.insert(
        "site".into(),
        json!({
            "title": site.title,
            "base_url": base_url,
            "language": site.language,
            "horizon": site.horizon.get_ref(),
            "wip_limit": site.wip_limit,
            "description": site.description.as_ref().map(|d| d.text.as_str()),
        }),
    );
    let resolve = |id: &str| -> Value {
        match links.get(id) {
            Some(l) => {
                json!({ "id": id, "kind": l.kind(), "url": format!("{base_url}{}", l.path()) })
            }
            None => json!({ "id": id }),
        }
    };
    let mut add = |key: &str, list: Vec<Value>| {
        root.insert(key.into(), Value::Array(list));
    };
    add(
        "objectives",
        entries(&strategy.objectives, base_url, &resolve),
    );
    add("themes", entries(&strategy.themes, base_url, &resolve));
    add(
        "commitments",
        entries(&strategy.commitments, base_url, &resolve),
    );
    add("ideas", entries(&strategy.ideas, base_url, &resolve));
    add(
        "non_goals",
        entries(&strategy.non_goals, base_url, &resolve),
    );
    add(
        "assumptions",
        entries(&strategy.assumptions, base_url, &resolve),
    );
    add("risks", entries(&strategy.risks, base_url, &resolve));
    add("signals", entries(&strategy.signals, base_url, &resolve));
    add("changes", entries(&strategy.changes, base_url, &resolve));
    Value::Object(root)
}

/// What `strategy.json` needs to know of a link.
pub trait LinkLike {
    fn kind(&self) -> Kind;
    fn path(&self) -> &str;
}

fn entries<T: EntryData + Serialize>(
    list: &[Entry<T>],
    base_url: &str,
    resolve: &dyn Fn(&str) -> Value,
) -> Vec<Value> {
    list.iter()
        .map(|e| {
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
        })
        .collect()
}
