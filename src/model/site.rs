//! The `[site]` table: the settings of a whole site.

use schemars::JsonSchema;
use serde::Deserialize;
use toml::Spanned;

use super::*;

/// The `[site]` table.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SiteConfig {
    /// The site's title, shown in the header and the browser tab.
    pub title: String,
    /// The absolute URL the site is published at, e.g. `https://acme.github.io/checkout/`.
    /// Optional while drafting; canonical links, the feed, the sitemap and link previews need
    /// it (the `missing-base-url` lint says so).
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub base_url: Option<Spanned<String>>,
    /// One-paragraph Markdown summary for the index page and link previews.
    #[serde(default, deserialize_with = "spanned_prose_opt")]
    pub description: Option<Prose>,
    /// The language of the prose, as a BCP 47 tag (`en`, `de`, `pt-BR`).
    #[serde(default = "default_language")]
    pub language: String,
    /// How far ahead a commitment may reach, e.g. `"6 weeks"`.
    #[schemars(with = "String")]
    pub horizon: Spanned<Horizon>,
    /// The most commitments that may be planned or in progress at once.
    #[serde(default)]
    pub wip_limit: Option<u32>,
    /// The repository holding the strategy source, for "edit this page" links.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub repository: Option<Spanned<String>>,
    /// The branch the "edit this page" links point at.
    #[serde(default = "default_branch")]
    pub branch: String,
    /// The site folder's path inside the repository, when it is not the repository root.
    #[serde(default)]
    pub repository_path: Option<String>,
    /// A custom domain for GitHub Pages; written to `CNAME`.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub cname: Option<Spanned<String>>,
    /// The order in which the files under `strategy/` are read, by their path inside it
    /// (`"north-star.toml"`, `"teams/search.toml"`); files not named follow in name order.
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub files: Vec<Spanned<String>>,
    /// Let raw HTML in prose through instead of escaping it.
    #[serde(default)]
    pub allow_html: bool,
    /// The tiers of commitment, firmest first: `now`, `next` and `later` unless given. The
    /// horizon applies to the first.
    #[serde(default = "default_tiers")]
    pub tiers: Vec<Tier>,
    /// How old a metric's latest reading may be before pages call it stale and `check` warns,
    /// e.g. `"90 days"` (the default) or `"1 month"`.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub stale_after: Option<Spanned<Horizon>>,
    /// Folders outside the site folder (relative to it) that symbolic links in `static/`,
    /// `templates/`, `strategy/` and prose may point into, e.g. `["../shared"]`.
    #[serde(default)]
    pub linked_folders: Vec<String>,
    /// The day the content is as of, for a published snapshot: pages, lints and
    /// `strategy.json` are dated by it instead of the build's day. `--as-of` overrides it.
    #[serde(default)]
    pub as_of: Option<Date>,
    /// Make the badges, status cards and link-preview images (`cards/`): `true` unless turned
    /// off with `images = false`, which writes none and links none.
    #[serde(default = "yes")]
    pub images: bool,
}

/// How old a reading may be when `[site]` does not say.
pub const STALE_AFTER_DAYS: i64 = 90;

impl SiteConfig {
    /// The day before which a metric's latest reading is stale, seen from `today`.
    pub fn stale_before(&self, today: jiff::civil::Date) -> Option<jiff::civil::Date> {
        let span = match &self.stale_after {
            Some(s) => s.get_ref().span()?,
            None => jiff::Span::new().days(STALE_AFTER_DAYS),
        };
        today.checked_sub(span).ok()
    }

    /// The place of a commitment's tier in `tiers` (0, the first, when it names none or one that
    /// does not exist, which `check` reports).
    pub fn tier_of(&self, tier: Option<&Spanned<String>>) -> usize {
        tier.and_then(|t| {
            self.tiers
                .iter()
                .position(|x| x.key.get_ref() == t.get_ref())
        })
        .unwrap_or(0)
    }
}

fn default_language() -> String {
    "en".into()
}

fn yes() -> bool {
    true
}

fn default_branch() -> String {
    "main".into()
}
