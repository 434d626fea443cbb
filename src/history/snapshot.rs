//! A strategy at one revision, reduced to what is compared over time: each entry's kind, title,
//! file and the value of every key, and the differences between two such snapshots.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use crate::model::{Entry, EntryKind, Kind, ListVisitor, Strategy};
use crate::source::SourceMap;

/// One entry at one revision.
#[derive(Clone, Debug, PartialEq)]
pub struct EntrySnap {
    pub kind: Kind,
    pub id: String,
    pub title: String,
    /// The file it was written in, relative to the site folder.
    pub file: String,
    /// The line of its title in that file.
    pub line: usize,
    /// Every key but `id`, nested tables flattened (`metric.target`; a second metric's
    /// `metric.2.target`), absent keys left out.
    pub fields: BTreeMap<String, Value>,
}

impl EntrySnap {
    /// The value of `key` in words, or `None` when the entry does not set it.
    pub fn text(&self, key: &str) -> Option<String> {
        self.fields.get(key).map(value_text)
    }

    /// The ids a list of references names (`affects`, `serves`).
    pub fn ids(&self, key: &str) -> BTreeSet<String> {
        match self.fields.get(key) {
            Some(Value::Array(items)) => items
                .iter()
                .filter_map(|v| v.as_str().map(str::to_owned))
                .collect(),
            _ => BTreeSet::new(),
        }
    }
}

/// Every entry of a strategy at one revision, by id.
#[derive(Clone, Debug, Default)]
pub struct Snapshot {
    pub entries: BTreeMap<String, EntrySnap>,
}

impl Snapshot {
    pub fn of(strategy: &Strategy, files: &SourceMap) -> Snapshot {
        struct Collect<'f> {
            files: &'f SourceMap,
            out: BTreeMap<String, EntrySnap>,
            /// Where each entry's title starts, to number the lines in one pass per file.
            starts: Vec<(crate::source::FileId, usize, String)>,
        }
        impl<'a> ListVisitor<'a> for Collect<'_> {
            fn visit<T: EntryKind>(&mut self, list: &'a [Entry<T>]) {
                for e in list {
                    let id = e.data.id().get_ref().clone();
                    let mut fields = BTreeMap::new();
                    if let Ok(Value::Object(map)) = serde_json::to_value(&e.data) {
                        flatten("", map, &mut fields);
                    }
                    fields.remove("id");
                    let title = e.data.title();
                    self.starts.push((e.file, title.span().start, id.clone()));
                    let snap = EntrySnap {
                        kind: T::KIND,
                        id: id.clone(),
                        title: title.get_ref().clone(),
                        file: self.files.rel(e.file).to_owned(),
                        line: 0,
                        fields,
                    };
                    self.out.insert(id, snap);
                }
            }
        }
        let mut c = Collect {
            files,
            out: BTreeMap::new(),
            starts: Vec::new(),
        };
        strategy.visit_lists(&mut c);
        // Line numbers in one pass over each file: counting from the start for every entry
        // would read a large file once per entry.
        c.starts.sort();
        let mut current: Option<(crate::source::FileId, usize, usize)> = None;
        for (file, offset, id) in c.starts {
            let text = files.text(file);
            let (from, mut line) = match current {
                Some((f, at, line)) if f == file => (at, line),
                _ => (0, 1),
            };
            let upto = offset.min(text.len()).max(from);
            line += text.as_bytes()[from..upto]
                .iter()
                .filter(|b| **b == b'\n')
                .count();
            current = Some((file, upto, line));
            if let Some(e) = c.out.get_mut(&id) {
                e.line = line;
            }
        }
        Snapshot { entries: c.out }
    }
}

fn flatten(prefix: &str, map: serde_json::Map<String, Value>, out: &mut BTreeMap<String, Value>) {
    for (k, v) in map {
        let key = if prefix.is_empty() {
            k
        } else {
            format!("{prefix}.{k}")
        };
        match v {
            Value::Null => {}
            Value::Array(ref a) if a.is_empty() => {}
            // An objective's metrics: the first is `metric` (its keys compared as
            // `metric.target` and so on), the others `metric.2`, `metric.3`.
            Value::Array(list) if key == "metrics" && list.iter().all(Value::is_object) => {
                for (i, m) in list.into_iter().enumerate() {
                    if let Value::Object(inner) = m {
                        let at = match i {
                            0 => "metric".to_owned(),
                            i => format!("metric.{}", i + 1),
                        };
                        flatten(&at, inner, out);
                    }
                }
            }
            Value::Object(inner) => flatten(&key, inner, out),
            v => {
                out.insert(key, v);
            }
        }
    }
}

/// A value as the site shows it: `45`, `99.5`, `2027-06-30`, `a, b`.
pub fn value_text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Number(n) => match n.as_f64() {
            Some(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", f as i64),
            Some(f) => f.to_string(),
            None => n.to_string(),
        },
        Value::Bool(b) => b.to_string(),
        Value::Array(items) => items.iter().map(value_text).collect::<Vec<_>>().join(", "),
        Value::Null => String::new(),
        Value::Object(_) => v.to_string(),
    }
}

/// How one entry differs between two snapshots.
#[derive(Clone, Debug)]
pub enum Delta {
    Added(EntrySnap),
    Removed(EntrySnap),
    Changed {
        old: EntrySnap,
        new: EntrySnap,
        /// The keys whose value differs, with the old and new value (`None`: not set).
        fields: Vec<FieldChange>,
    },
}

/// One key whose value differs.
#[derive(Clone, Debug, PartialEq)]
pub struct FieldChange {
    pub key: String,
    pub old: Option<Value>,
    pub new: Option<Value>,
}

impl Delta {
    pub fn id(&self) -> &str {
        match self {
            Delta::Added(e) | Delta::Removed(e) => &e.id,
            Delta::Changed { new, .. } => &new.id,
        }
    }
}

/// The differences from `old` to `new`, by id. An entry whose kind, title or file changed
/// counts as changed even when no key did.
pub fn compare(old: &Snapshot, new: &Snapshot) -> Vec<Delta> {
    let mut out = Vec::new();
    for (id, o) in &old.entries {
        match new.entries.get(id) {
            None => out.push(Delta::Removed(o.clone())),
            Some(n) => {
                let keys: BTreeSet<&String> = o.fields.keys().chain(n.fields.keys()).collect();
                let fields: Vec<FieldChange> = keys
                    .into_iter()
                    .filter(|k| o.fields.get(*k) != n.fields.get(*k))
                    .map(|k| FieldChange {
                        key: k.clone(),
                        old: o.fields.get(k).cloned(),
                        new: n.fields.get(k).cloned(),
                    })
                    .collect();
                if !fields.is_empty() || o.kind != n.kind || o.file != n.file {
                    out.push(Delta::Changed {
                        old: o.clone(),
                        new: n.clone(),
                        fields,
                    });
                }
            }
        }
    }
    for (id, n) in &new.entries {
        if !old.entries.contains_key(id) {
            out.push(Delta::Added(n.clone()));
        }
    }
    out
}
