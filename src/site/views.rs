//! Every shape templates receive, kept apart from the source model: what a card, a list item,
//! a page and the site look like to a template. docs/themes.md documents each field.

use serde::Serialize;
use tera::Value;
use toml::Spanned;

use super::links::Link;
use super::metric::MetricView;
use crate::model::{Kind, Level, Prose, TrackerLink, When};

/// The fields every entry has on every page that shows it.
#[derive(Serialize)]
pub struct Common {
    pub id: String,
    /// The title as plain text.
    pub title: String,
    /// The title as HTML: code spans and emphasis kept, everything else escaped.
    pub title_html: String,
    pub kind: Kind,
    pub kind_label: &'static str,
    pub url: String,
    pub tags: Vec<String>,
    /// The tags with their pages: `{name, url}`.
    pub tag_links: Vec<super::tags::TagLink>,
    pub edit_url: String,
    /// Where the work is tracked: `{url, label, kind}` each.
    pub links: Vec<TrackerLink>,
}

/// A commitment as lists show it: compact, with a plain-text summary of its why. Its own page
/// adds the prose in full (`why_html`, `done_when_html`), `depends_on` and `context`.
#[derive(Serialize)]
pub struct CommitmentCard {
    #[serde(flatten)]
    pub common: Common,
    pub why_summary: String,
    /// Who answers for it, in words: "Amira and Jo".
    pub owner: String,
    /// The same names, one each.
    pub owners: Vec<String>,
    pub due: String,
    pub status: &'static str,
    pub status_label: &'static str,
    pub overdue: bool,
    pub beyond_horizon: bool,
    /// The key and label of its tier, and its place among the tiers (0: the first, `now`).
    pub tier: String,
    pub tier_label: String,
    pub tier_rank: usize,
    /// Marked `featured`: it leads the lists it is in.
    pub featured: bool,
    /// The number the deliverable moves, when it has one.
    pub metric: Option<MetricView>,
    pub value: &'static str,
    pub effort: &'static str,
    pub risk: &'static str,
}

#[derive(Serialize)]
pub struct ObjectiveView {
    #[serde(flatten)]
    pub common: Common,
    /// The summary as plain text, and as HTML.
    pub summary: String,
    pub summary_html: String,
    pub why_html: String,
    /// Who answers for it, in words: "Amira and Jo".
    pub owner: String,
    /// The same names, one each.
    pub owners: Vec<String>,
    /// Who sponsors it, in words; empty when nobody is named.
    pub sponsor: String,
    /// Its metrics, in written order (none for an objective known by its evidence).
    pub metrics: Vec<MetricView>,
    /// The evidence the team will look at, for an outcome without a number.
    pub evidence_html: String,
    pub themes: Vec<Link>,
    /// What changed, when, and whether a change names it (empty without a git history).
    pub history: Vec<crate::history::site::Item>,
    /// The objectives one level up it aligns to: one chain per `aligns_to` entry, from the
    /// objective it names up to the top.
    pub aligns_to: Vec<Vec<super::workspace::Step>>,
    /// The objectives of other teams that align to it, each with its own progress.
    pub contributors: Vec<super::workspace::Contributor>,
}

#[derive(Serialize)]
pub struct ThemeView {
    #[serde(flatten)]
    pub common: Common,
    /// The summary as plain text, and as HTML.
    pub summary: String,
    pub summary_html: String,
    pub narrative_html: String,
    /// Who answers for it, in words: "Amira and Jo".
    pub owner: String,
    /// The same names, one each.
    pub owners: Vec<String>,
    /// Who sponsors it, in words; empty when nobody is named.
    pub sponsor: String,
    pub serves: Vec<Link>,
    pub ideas: Vec<Link>,
}

#[derive(Serialize)]
pub struct IdeaView {
    #[serde(flatten)]
    pub common: Common,
    pub pitch_html: String,
    /// Its main theme.
    pub theme: Option<Link>,
    /// All its themes, the main one first.
    pub themes: Vec<Link>,
    /// The non-goals it says it challenges.
    pub challenges: Vec<Link>,
    pub value: &'static str,
    pub effort: &'static str,
}

#[derive(Serialize)]
pub struct NonGoalView {
    #[serde(flatten)]
    pub common: Common,
    pub why_html: String,
    /// The why as plain text, for places with room for one sentence.
    pub why_summary: String,
    pub reconsider_when_html: String,
}

#[derive(Serialize)]
pub struct AssumptionView {
    #[serde(flatten)]
    pub common: Common,
    pub detail_html: String,
    pub confidence: &'static str,
    pub test_html: String,
    pub review_by: String,
    pub review_due: bool,
    pub affects: Vec<Link>,
}

#[derive(Serialize)]
pub struct RiskView {
    #[serde(flatten)]
    pub common: Common,
    pub detail_html: String,
    pub response: &'static str,
    pub response_label: &'static str,
    pub mitigation_html: String,
    pub likelihood: &'static str,
    pub impact: &'static str,
    pub affects: Vec<Link>,
}

#[derive(Serialize)]
pub struct ConstraintView {
    #[serde(flatten)]
    pub common: Common,
    pub why_html: String,
    /// Why it holds, as plain text, for places with room for one sentence.
    pub why_summary: String,
    pub rules_out_html: String,
    pub affects: Vec<Link>,
}

#[derive(Serialize)]
pub struct SignalView {
    #[serde(flatten)]
    pub common: Common,
    pub detail_html: String,
    pub then_html: String,
    /// What we will do, as plain text, for places with room for one sentence.
    pub then_summary: String,
    pub review_by: String,
    pub review_due: bool,
    pub affects: Vec<Link>,
    /// The metric it watches and whether it has tripped, when it watches one.
    pub watch: Option<SignalWatch>,
}

/// What a signal watches: the metric, its threshold, and whether the readings crossed it.
#[derive(Serialize)]
pub struct SignalWatch {
    pub metric: String,
    /// The page of the metric's objective (or commitment).
    pub url: String,
    pub threshold: String,
    pub tripped: bool,
    /// One sentence: "Tripped: checkout completion is below 72%, 71.8% on 2026-11-01."
    pub status: String,
}

#[derive(Serialize)]
pub struct ChangeView {
    #[serde(flatten)]
    pub common: Common,
    pub date: String,
    pub why_html: String,
    pub affects: Vec<Link>,
    /// What it was and is now, as written (empty when unset).
    pub from: String,
    pub to: String,
    /// A move of a goalpost found in the history that no change names.
    pub unnamed: bool,
}

/// One group of the commitments page and the front page: a tier's live commitments, or those
/// done or dropped, with their cards (added as `cards`, and `total` where only the first few
/// are shown).
#[derive(Serialize)]
pub struct StatusGroup {
    /// `tier` for a tier's live work, else `done` or `dropped`.
    pub status: &'static str,
    pub label: String,
    /// What the tier promises.
    pub meaning: String,
    /// The tier's key and place (0: the first); empty and 0 for done and dropped.
    pub tier: String,
    pub tier_rank: usize,
}

/// The site, as every page receives it (`site`).
#[derive(Serialize)]
pub struct SiteView {
    pub title: String,
    pub description: String,
    pub description_html: String,
    pub language: String,
    pub base_url: String,
    pub horizon: String,
    pub horizon_end: String,
    /// The day the content is as of: `--as-of`, `[site] as_of`, `SOURCE_DATE_EPOCH` or the clock.
    pub as_of: String,
    /// The day the site was built: `SOURCE_DATE_EPOCH`, else the clock.
    pub built_on: String,
    pub repository: String,
    pub wip_limit: Option<u32>,
    pub version: &'static str,
    pub nav: Vec<NavItem>,
    /// From the organisation down to this team, when the site is a member of a workspace.
    pub breadcrumbs: Vec<super::workspace::Crumb>,
    /// The workspace's stylesheet, from the site root, when the site is a member of one (or
    /// aligns to a parent published elsewhere); empty otherwise.
    pub workspace_css: String,
    /// How many entries of each kind, by list name, and `live` (commitments planned or in
    /// progress).
    pub counts: serde_json::Map<String, serde_json::Value>,
}

#[derive(Serialize)]
pub struct NavItem {
    pub title: &'static str,
    pub url: &'static str,
    pub kind: &'static str,
}

/// The page's own facts, as templates receive them (`page`).
#[derive(Serialize)]
pub struct PageView {
    pub kind: &'static str,
    pub title: String,
    pub url: String,
    pub canonical: String,
    pub description: String,
    pub has_code: bool,
    /// The absolute address of its link-preview image (1200×630 PNG), and what the image
    /// shows in words; empty without one (or without `base_url`).
    pub image: String,
    pub image_alt: String,
}

/// Turns a serializable view into a template value, adding values that are already converted
/// (lists shared by many pages are converted once and shared, not copied).
pub fn value<T: Serialize>(view: &T, extra: Vec<(&'static str, Value)>) -> Value {
    let v = Value::from_serializable(view);
    if extra.is_empty() {
        return v;
    }
    let mut map = v.into_map().unwrap_or_default();
    for (k, x) in extra {
        map.insert(k.into(), x);
    }
    Value::from(map)
}

pub fn level(l: Option<Level>) -> &'static str {
    match l {
        None => "",
        Some(Level::Low) => "low",
        Some(Level::Medium) => "medium",
        Some(Level::High) => "high",
    }
}

pub fn date_str(d: &Option<Spanned<When>>) -> String {
    d.as_ref()
        .map(|d| d.get_ref().to_string())
        .unwrap_or_default()
}

/// The page description of an entry: its summary, else the start of its prose as plain text.
pub fn summary_of(
    summary: Option<&str>,
    prose: &Prose,
    titles: &dyn crate::markdown::Resolver,
) -> String {
    summary.map_or_else(
        || crate::markdown::plain_summary(prose.text(), 200, titles),
        |s| crate::markdown::inline(s, titles, false).text,
    )
}
