//! The layering of `src/` kept by a test: every module uses only modules of a lower layer, so
//! the import graph has no cycles, and every file says its job in a `//!` doc. The layers are
//! the ones docs/ARCHITECTURE.md draws.

use std::collections::BTreeMap;
use std::path::Path;

/// The top-level modules of `src/`, lowest layer first; modules on one line share a layer and
/// may not use each other.
const LAYERS: &[&[&str]] = &[
    &["util"],
    &["source"],
    &["diagnostics", "markdown"],
    &["model"],
    &["load"],
    &["history"],
    &["check"],
    &["workspace"],
    &["site"],
    &["export"],
    &["output"],
    &["render"],
    &["pipeline"],
    &["init", "serve"],
    &["cli", "fuzzing"],
];

fn layer_of(module: &str) -> Option<usize> {
    LAYERS.iter().position(|l| l.contains(&module))
}

/// Every `.rs` file under `dir`, by path.
fn sources(dir: &Path, out: &mut BTreeMap<String, String>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            sources(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            let text = std::fs::read_to_string(&p).unwrap();
            out.insert(p.to_string_lossy().replace('\\', "/"), text);
        }
    }
}

/// The top-level module a file of `src/` belongs to (`src/site/pages.rs` -> `site`).
fn module_of(path: &str) -> String {
    let rel = path.strip_prefix("src/").unwrap();
    let first = rel.split('/').next().unwrap();
    first.trim_end_matches(".rs").to_owned()
}

/// The top-level modules a file names through `crate::`, including `crate::{a, b::c}` groups.
fn uses(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for (i, _) in text.match_indices("crate::") {
        let rest = &text[i + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            let inner = &group[..group.find('}').unwrap_or(group.len())];
            for part in inner.split(',') {
                let name: String = part
                    .trim()
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                    .collect();
                out.push(name);
            }
        } else {
            out.push(
                rest.chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                    .collect(),
            );
        }
    }
    out.retain(|m| !m.is_empty());
    out
}

#[test]
fn every_module_uses_only_the_layers_below_it() {
    let mut files = BTreeMap::new();
    sources(Path::new("src"), &mut files);
    let mut wrong = Vec::new();
    for (path, text) in &files {
        let module = module_of(path);
        if module == "lib" || module == "main" {
            continue;
        }
        let Some(own) = layer_of(&module) else {
            wrong.push(format!(
                "{path}: `{module}` is in no layer; add it to LAYERS here and to docs/ARCHITECTURE.md"
            ));
            continue;
        };
        for used in uses(text) {
            if used == module {
                continue;
            }
            match layer_of(&used) {
                Some(l) if l < own => {}
                Some(_) => wrong.push(format!(
                    "{path}: `{module}` uses `{used}`, which is not in a layer below it"
                )),
                None => wrong.push(format!("{path}: uses `crate::{used}`, in no layer")),
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn every_source_file_says_its_job() {
    let mut files = BTreeMap::new();
    sources(Path::new("src"), &mut files);
    let silent: Vec<&String> = files
        .iter()
        .filter(|(_, text)| !text.trim_start().starts_with("//!"))
        .map(|(path, _)| path)
        .collect();
    assert!(silent.is_empty(), "no `//!` doc: {silent:?}");
}

#[test]
fn the_architecture_note_names_every_layer() {
    let note = std::fs::read_to_string("docs/ARCHITECTURE.md").unwrap();
    for module in LAYERS.iter().flat_map(|l| l.iter()) {
        assert!(
            note.contains(&format!("`{module}/`")) || note.contains(&format!("`{module}.rs`")),
            "docs/ARCHITECTURE.md does not name `{module}`"
        );
    }
}

#[test]
fn the_layer_check_sees_grouped_and_nested_uses() {
    assert_eq!(
        uses("use crate::{model::Kind, site};\nlet x = crate::util::text::slug(a);"),
        ["model", "site", "util"]
    );
}
