//! A workspace's `strategy.json`, at the root of its site: the organisation, its members (each
//! with its team and the address of its own `strategy.json`), the parents published elsewhere,
//! and every alignment of an objective to one a level up.

use serde_json::{Value, json};

use crate::workspace::{Target, Workspace};

use super::strategy_json::FORMAT_VERSION;

/// The document, its keys in this order: `format_version` and `generator` first, where a later
/// build looks for them to know the output folder is stratsite's.
#[derive(serde::Serialize)]
pub struct Document {
    format_version: u32,
    generator: String,
    as_of: String,
    workspace: Value,
    members: Vec<Value>,
    parents: Vec<Value>,
    alignment: Vec<Value>,
}

/// The document, for a site published at `base_url` (ending in `/`).
pub fn workspace_json(ws: &Workspace, base_url: &str, as_of: jiff::civil::Date) -> Document {
    let config = ws.config.as_ref();
    let member_url = |dir: &str| format!("{base_url}{dir}/");
    let members: Vec<Value> = ws
        .members
        .iter()
        .map(|m| {
            json!({
                "id": m.id,
                "folder": m.dir,
                "url": member_url(&m.dir),
                "strategy": format!("{}strategy.json", member_url(&m.dir)),
                "team": m.team(),
            })
        })
        .collect();
    let parents: Vec<Value> = ws
        .parents
        .iter()
        .map(|p| json!({ "name": p.name, "title": p.title, "url": p.url }))
        .collect();
    let alignment: Vec<Value> = ws
        .alignment
        .iter()
        .map(|e| {
            let (to, url) = match &e.target {
                Target::Member(j, id) => {
                    let m = &ws.members[*j];
                    (
                        format!("{}:{id}", m.id),
                        format!("{}objectives/{id}.html", member_url(&m.dir)),
                    )
                }
                Target::Parent(p, id) => {
                    let parent = &ws.parents[*p];
                    let url = parent
                        .objectives
                        .iter()
                        .find(|o| o.id == *id)
                        .map(|o| o.url.clone())
                        .unwrap_or_default();
                    (format!("{}:{id}", parent.name), url)
                }
            };
            let from = &ws.members[e.member];
            json!({
                "from": format!("{}:{}", from.id, e.objective),
                "from_url": format!("{}objectives/{}.html", member_url(&from.dir), e.objective),
                "to": to,
                "to_url": url,
            })
        })
        .collect();
    Document {
        format_version: FORMAT_VERSION,
        generator: format!("stratsite {}", env!("CARGO_PKG_VERSION")),
        as_of: as_of.to_string(),
        workspace: json!({
            "title": config.and_then(|c| c.title.as_ref()).map(|t| t.get_ref()),
            "description": config.and_then(|c| c.description.as_ref()),
            "base_url": base_url,
            "people": config.map(|c| &c.people),
        }),
        members,
        parents,
        alignment,
    }
}
