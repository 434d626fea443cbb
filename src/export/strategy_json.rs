//! `strategy.json`: the whole strategy for machines, with references resolved to URLs.
//!
//! The shape is versioned by `format_version`; fields are only ever added within a version.

use std::collections::HashMap;

use serde::Serialize;
use serde::ser::{SerializeMap, SerializeSeq};
use serde_json::{Value, json};

use crate::model::{Entry, Kind, Strategy, watched_metric};
use crate::model::{EntryData, EntryKind, ListVisitor};
use crate::site::Link;

/// The version of the `strategy.json` shape.
pub const FORMAT_VERSION: u32 = 1;

/// Writes `strategy.json`. `links` maps every id to its link (kind and path from the root).
/// Entries are converted one at a time as they are written, so a large strategy is never held
/// twice in memory.
pub fn write_strategy_json(
    out: &mut dyn std::io::Write,
    strategy: &Strategy,
    links: &HashMap<String, Link>,
    base_url: &str,
    as_of: jiff::civil::Date,
) -> std::io::Result<()> {
    let site = &strategy.site;
    let resolve = |id: &str| -> Value {
        match links.get(id) {
            Some(l) => {
                json!({ "id": id, "kind": l.kind, "url": format!("{base_url}{}", l.url) })
            }
            None => json!({ "id": id }),
        }
    };
    let resolve: &dyn Fn(&str) -> Value = &resolve;
    let doc = Document {
        format_version: FORMAT_VERSION,
        generator: format!("stratsite {}", env!("CARGO_PKG_VERSION")),
        as_of: as_of.to_string(),
        site: json!({
            "title": site.title,
            "base_url": base_url,
            "language": site.language,
            "horizon": site.horizon.get_ref().written(),
            "wip_limit": site.wip_limit,
            "description": site.description.as_ref().map(|d| d.text()),
        }),
        strategy,
        base_url,
        resolve,
        when: When {
            as_of,
            stale_before: site.stale_before(as_of),
            strategy,
            links,
        },
    };
    serde_json::to_writer_pretty(out, &doc).map_err(std::io::Error::other)
}

/// The document: a few facts about the site, then one list per kind (named by the kind table).
struct Document<'a> {
    format_version: u32,
    generator: String,
    as_of: String,
    site: Value,
    strategy: &'a Strategy,
    base_url: &'a str,
    resolve: &'a dyn Fn(&str) -> Value,
    when: When<'a>,
}

/// The day metrics are judged on, the day before which a reading is stale, and the strategy
/// signals find their metrics in.
#[derive(Clone, Copy)]
struct When<'a> {
    as_of: jiff::civil::Date,
    stale_before: Option<jiff::civil::Date>,
    strategy: &'a Strategy,
    /// Every entry's link, with its title read as plain text and as HTML.
    links: &'a HashMap<String, Link>,
}

impl Serialize for Document<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(None)?;
        map.serialize_entry("format_version", &self.format_version)?;
        map.serialize_entry("generator", &self.generator)?;
        map.serialize_entry("as_of", &self.as_of)?;
        map.serialize_entry("site", &self.site)?;
        if let Some((team, _)) = &self.strategy.team {
            map.serialize_entry("team", team)?;
        }
        struct Lists<'m, 'd, M: SerializeMap> {
            map: &'m mut M,
            doc: &'d Document<'d>,
            result: Result<(), M::Error>,
        }
        impl<'a, M: SerializeMap> ListVisitor<'a> for Lists<'_, '_, M> {
            fn visit<T: EntryKind>(&mut self, list: &'a [Entry<T>]) {
                if self.result.is_ok() {
                    let entries =
                        Entries::new(list, self.doc.base_url, self.doc.resolve, self.doc.when);
                    self.result = self.map.serialize_entry(T::KIND.list_name(), &entries);
                }
            }
        }
        let mut lists = Lists {
            map: &mut map,
            doc: self,
            result: Ok(()),
        };
        self.strategy.visit_lists(&mut lists);
        lists.result?;
        map.end()
    }
}

/// A list of entries, serialized one entry at a time.
struct Entries<'a, T> {
    list: &'a [Entry<T>],
    base_url: &'a str,
    resolve: &'a dyn Fn(&str) -> Value,
    when: When<'a>,
}

impl<'a, T> Entries<'a, T> {
    fn new(
        list: &'a [Entry<T>],
        base_url: &'a str,
        resolve: &'a dyn Fn(&str) -> Value,
        when: When<'a>,
    ) -> Self {
        Entries {
            list,
            base_url,
            resolve,
            when,
        }
    }
}

impl<T: EntryData + Serialize> Serialize for Entries<'_, T> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(Some(self.list.len()))?;
        for e in self.list {
            seq.serialize_element(&entry(e, self.base_url, self.resolve, self.when))?;
        }
        seq.end()
    }
}

/// One entry as JSON: its fields, its URL, and its references resolved.
fn entry<T: EntryData + Serialize>(
    e: &Entry<T>,
    base_url: &str,
    resolve: &dyn Fn(&str) -> Value,
    when: When<'_>,
) -> Value {
    let mut v = serde_json::to_value(&e.data).unwrap_or(Value::Null);
    if let Value::Object(map) = &mut v {
        // Each metric with what its readings say as of the build: its state, the latest
        // reading, how stale it is and where the recent trend leads.
        // A signal watching a metric says whether it has tripped, and on which readings.
        if let Some(s) = e.data.as_signal()
            && let Some(w) = s
                .metric
                .as_ref()
                .and_then(|r| watched_metric(when.strategy, r.get_ref()))
        {
            let tripped = s.trips(w.metric);
            map.insert("tripped".into(), json!(tripped.is_some()));
            if let Some(t) = tripped {
                map.insert("tripped_by".into(), json!(t));
            }
        }
        let metrics = e.data.metrics();
        if !metrics.is_empty() {
            let slots: Vec<&mut Value> = match map.get_mut("metrics") {
                Some(Value::Array(items)) => items.iter_mut().collect(),
                _ => map.get_mut("metric").into_iter().collect(),
            };
            for (slot, m) in slots.into_iter().zip(metrics) {
                if let (Value::Object(slot), Ok(Value::Object(a))) = (
                    slot,
                    serde_json::to_value(m.assess(when.as_of, when.stale_before)),
                ) {
                    slot.extend(a);
                }
            }
        }
        let id = e.id().get_ref();
        // The title as written stays in `title`; beside it, as plain text and as HTML.
        if let Some(l) = when.links.get(id) {
            map.insert("title_text".into(), json!(l.title));
            map.insert("title_html".into(), json!(l.title_html));
        }
        if let Some(Value::String(summary)) = map.get("summary") {
            let index = crate::site::Index { links: when.links };
            let s = crate::markdown::inline(summary, &index, when.strategy.site.allow_html);
            map.insert("summary_text".into(), json!(s.text));
            map.insert("summary_html".into(), json!(s.html));
        }
        map.insert(
            "url".into(),
            json!(format!("{base_url}{}", T::KIND.url(id))),
        );
        // `metric` was one table before objectives had several: it stays, as the first.
        if T::KIND == Kind::Objective
            && let Some(first) = map
                .get("metrics")
                .and_then(|m| m.as_array())
                .and_then(|m| m.first())
                .cloned()
        {
            map.insert("metric".into(), first);
        }
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
        one_and_all(map, "theme", "themes", |all| all[0].clone());
        for (key, plural) in [("owner", "owners"), ("sponsor", "sponsors")] {
            one_and_all(map, key, plural, |all| {
                let names: Vec<&str> = all.iter().filter_map(Value::as_str).collect();
                json!(match names.as_slice() {
                    [init @ .., last] if !init.is_empty() => {
                        format!("{} and {last}", init.join(", "))
                    }
                    _ => names.concat(),
                })
            });
        }
    }
    v
}

/// Keys that take one value or several (`theme`, `owner`) keep the shape they had before they
/// took several: `key` holds the main one (or, for names, all of them in words) and `plural`
/// the whole list, so scripts written for one keep working.
fn one_and_all(
    map: &mut serde_json::Map<String, Value>,
    key: &str,
    plural: &str,
    one: impl Fn(&[Value]) -> Value,
) {
    if let Some(Value::Array(all)) = map.get(key)
        && !all.is_empty()
    {
        let main = one(all);
        let all = Value::Array(all.clone());
        map.insert(key.into(), main);
        map.insert(plural.into(), all);
    }
}
