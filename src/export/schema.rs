//! The JSON Schema of the source format, generated from the model's types, so that editors with
//! a TOML language server (Taplo, Even Better TOML) complete and check keys as they are typed.
//!
//! It is JSON Schema draft 7, the newest draft that the TOML language servers in use support.
//! One schema describes every source file: `stratsite.toml` and the files under `strategy/`.
//! What a schema cannot know from a single file (that `[site]` belongs in `stratsite.toml` only,
//! that references name existing entries) is left to `stratsite check`.

use schemars::SchemaGenerator;
use schemars::generate::SchemaSettings;
use serde_json::{Map, Value, json};

use crate::check::lints::LINTS;
use crate::model::*;

/// The file name `init` gives the schema, next to `stratsite.toml`.
pub const SCHEMA_FILE: &str = "stratsite.schema.json";

/// The schema as pretty-printed JSON, ending in a newline.
pub fn schema_json() -> String {
    let mut text = serde_json::to_string_pretty(&schema()).unwrap_or_default();
    text.push('\n');
    text
}

/// The schema of a stratsite source file.
pub fn schema() -> Value {
    let mut generator = SchemaSettings::draft07().into_generator();
    let mut properties = Map::new();
    let mut site = generator.subschema_for::<SiteConfig>().to_value();
    describe(
        &mut site,
        "Site settings. Required in `stratsite.toml`, and allowed nowhere else.",
    );
    properties.insert("site".into(), site);
    properties.insert("lints".into(), lints_schema());
    let mut team = generator.subschema_for::<TeamConfig>().to_value();
    describe(
        &mut team,
        "The team this strategy belongs to, in a workspace. Only in `stratsite.toml`.",
    );
    properties.insert("team".into(), team);
    let mut workspace = generator.subschema_for::<WorkspaceConfig>().to_value();
    describe(
        &mut workspace,
        "In a workspace root's `stratsite.toml` (which has no `[site]`): the organisation and its member folders. Beside `[site]`: only `parents`, the strategies published elsewhere that objectives align to.",
    );
    properties.insert("workspace".into(), workspace);
    for kind in Kind::ALL {
        let items = entry_schema(kind, &mut generator);
        properties.insert(
            kind.key().into(),
            json!({
                "description": format!(
                    "{} entries, one `[[{}]]` table each.",
                    kind.label(),
                    kind.key()
                ),
                "type": "array",
                "items": items,
            }),
        );
    }
    let mut root = json!({
        "$schema": "http://json-schema.org/draft-07/schema#",
        "title": "stratsite source file",
        "description": "A stratsite strategy file: `stratsite.toml` (which holds `[site]`, or `[workspace]` for a workspace root) or any `*.toml` file under `strategy/`. See docs/format.md.",
        "type": "object",
        "properties": properties,
        "additionalProperties": false,
        "definitions": generator.take_definitions(true),
    });
    add_allow(&mut root);
    tidy(&mut root);
    root
}

/// Every kind of entry takes `allow`, which the loader reads before the entry's own keys.
fn add_allow(root: &mut Value) {
    for kind in Kind::ALL {
        let name = root["properties"][kind.key()]["items"]["$ref"]
            .as_str()
            .and_then(|r| r.strip_prefix("#/definitions/"))
            .map(str::to_owned);
        let target = match name {
            Some(name) => &mut root["definitions"][name.as_str()],
            None => &mut root["properties"][kind.key()]["items"],
        };
        if let Some(properties) = target["properties"].as_object_mut() {
            properties.insert(
                "allow".into(),
                json!({
                    "description": "Lints this entry allows for itself, each with the team's reason.",
                    "$ref": "#/definitions/Allow",
                }),
            );
        }
    }
    if let Some(definitions) = root["definitions"].as_object_mut() {
        definitions.insert("Allow".into(), allow_schema());
    }
}

/// `allow`: the lints an entry allows for itself, each with a reason.
fn allow_schema() -> Value {
    let properties: Map<String, Value> = LINTS
        .iter()
        .filter(|l| l.per_entry)
        .map(|l| {
            (
                l.code.to_owned(),
                json!({
                    "description": format!("Allows `{}` ({}) for this entry: the team's reason.", l.code, l.summary),
                    "type": "string",
                    "minLength": 1,
                }),
            )
        })
        .collect();
    json!({
        "description": "Lints this entry allows for itself, each with the team's reason: `allow = { output-objective = \"why\" }`. `check --format json` lists them. See docs/format.md#allowing-a-lint-for-one-entry.",
        "type": "object",
        "properties": properties,
        "additionalProperties": false,
    })
}

fn entry_schema(kind: Kind, g: &mut SchemaGenerator) -> Value {
    struct Of<'g>(&'g mut SchemaGenerator, Value);
    impl KindVisitor for Of<'_> {
        fn visit<T: EntryKind>(&mut self) {
            self.1 = self.0.subschema_for::<T>().to_value();
        }
    }
    let mut of = Of(g, Value::Null);
    kind.visit(&mut of);
    of.1
}

/// `[lints]`: each known lint code may be set to a level.
fn lints_schema() -> Value {
    let properties: Map<String, Value> = LINTS
        .iter()
        .map(|l| {
            (
                l.code.to_owned(),
                json!({
                    "description": format!("{} (default: {}).", capitalize(l.summary), l.default.key()),
                    "enum": ["allow", "warn", "deny"],
                }),
            )
        })
        .collect();
    json!({
        "description": "Lint levels by code: \"allow\", \"warn\" or \"deny\". Only in `stratsite.toml`. See docs/lints.md.",
        "type": "object",
        "properties": properties,
        "additionalProperties": false,
    })
}

fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

/// Sets the description of a schema that may be a bare `$ref`.
fn describe(schema: &mut Value, text: &str) {
    if let Some(obj) = schema.as_object_mut() {
        obj.insert("description".into(), Value::String(text.into()));
    }
}

/// TOML has no null: drops the `null` that the generator allows for optional keys, and the
/// `"default": null` it records for them.
fn tidy(v: &mut Value) {
    match v {
        Value::Object(obj) => {
            if let Some(Value::Array(types)) = obj.get_mut("type") {
                types.retain(|t| t != "null");
                if types.len() == 1 {
                    let only = types.remove(0);
                    obj.insert("type".into(), only);
                }
            }
            for key in ["anyOf", "oneOf"] {
                if let Some(Value::Array(options)) = obj.get_mut(key) {
                    options.retain(|o| o.get("type").is_none_or(|t| t != "null"));
                }
            }
            if obj.get("default").is_some_and(Value::is_null) {
                obj.remove("default");
            }
            for child in obj.values_mut() {
                tidy(child);
            }
        }
        Value::Array(items) => items.iter_mut().for_each(tidy),
        _ => {}
    }
}
