//! The tables that tie strategies together: `[workspace]`, in the root of a site built from
//! several strategy folders (or, in one strategy, naming the parents it aligns to), and `[team]`,
//! who a strategy belongs to.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use toml::Spanned;

/// The `[workspace]` table. In a folder whose `stratsite.toml` has no `[site]`, it makes that
/// folder a workspace: one site built from the member folders it names. In a strategy's own
/// `stratsite.toml` it may only name `parents`.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct WorkspaceConfig {
    /// The organisation's name: the title of the workspace's front page. Required in a
    /// workspace root.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub title: Option<Spanned<String>>,
    /// One plain sentence or two under the title of the front page.
    #[serde(default)]
    pub description: Option<String>,
    /// The absolute URL the whole workspace is published at; each member is published under
    /// it, at its folder (`https://acme.github.io/strategy/teams/payments/`).
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub base_url: Option<Spanned<String>>,
    /// The language of the front page, as a BCP 47 tag (`en` unless given).
    #[serde(default)]
    pub language: Option<String>,
    /// The member folders, relative to this one, each a complete strategy with its own
    /// `stratsite.toml`: `["org", "teams/*"]`. A `*` in a part of a path matches any folder
    /// name there.
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub members: Vec<Spanned<String>>,
    /// When true, every objective of a team that has a parent team must align to an objective
    /// above it (the `unaligned-objective` lint).
    #[serde(default)]
    pub require_alignment: bool,
    /// `"free"` (the default): owners are any text. `"declared"`: every owner names a person of
    /// `[workspace.people]` or a team's id, checked with a suggestion for a near miss.
    #[serde(default)]
    pub owners: OwnersPolicy,
    /// People declared once, by a short id owners may use: `ana = { name = "Ana Ruiz",
    /// contact = "ana@acme.example" }`.
    #[serde(default)]
    pub people: BTreeMap<String, Person>,
    /// Strategies published elsewhere that objectives may align to, by the name references use
    /// (`org:finish-the-order`): a pinned copy of that site's `strategy.json` and the address
    /// it is published at.
    #[serde(default)]
    pub parents: BTreeMap<String, Parent>,
}

/// Whether owners are free text or must name declared people and teams.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum OwnersPolicy {
    #[default]
    Free,
    Declared,
}

/// A person declared once in `[workspace.people]`.
#[derive(Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Person {
    /// The person's name as pages show it.
    pub name: String,
    /// How to reach them: an address, a handle, a page.
    #[serde(default)]
    pub contact: Option<String>,
}

/// A strategy published elsewhere, pinned as a local copy of its `strategy.json`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Parent {
    /// The pinned copy of the parent site's `strategy.json`, relative to the folder of the
    /// `stratsite.toml` that names it (`vendor/org-strategy.json`).
    #[schemars(with = "String")]
    pub strategy: Spanned<String>,
    /// The address the parent site is published at; pages link to its objectives there.
    #[schemars(with = "String")]
    pub url: Spanned<String>,
}

/// The `[team]` table: the team a strategy belongs to.
#[derive(Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TeamConfig {
    /// The team's id: lowercase words joined by hyphens. References to its objectives are
    /// qualified with it (`payments:fewer-failed-payments`). The member folder's name unless
    /// given.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub id: Option<Spanned<String>>,
    /// The team's name as pages show it.
    pub name: String,
    /// The team's mission, in a line.
    #[serde(default)]
    pub mission: Option<String>,
    /// The id of the team this one belongs to, in the same workspace.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub parent: Option<Spanned<String>>,
    /// Who to talk to: ids of `[workspace.people]`, or any text (an address, a channel).
    #[serde(default)]
    pub contacts: Vec<String>,
}
