//! Tiers of commitment: how firmly the team has promised a piece of work. The first tier is
//! the work inside the horizon; later tiers are promises with less precision, dated to a
//! period rather than a day.

use schemars::JsonSchema;
use serde::Deserialize;
use toml::Spanned;

/// One tier, as `[[site.tiers]]` names it.
#[derive(Clone, Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Tier {
    /// What a commitment writes in `tier = "…"`: lowercase words joined by hyphens.
    #[schemars(with = "String")]
    pub key: Spanned<String>,
    /// How pages name it, e.g. "This month".
    pub label: String,
    /// What the tier promises, in a sentence, e.g. "Dated to the quarter; the team starts it
    /// once the work now is done."
    #[serde(default)]
    pub meaning: Option<String>,
}

/// The tiers a site has when `[site]` names none: now, next and later.
pub fn default_tiers() -> Vec<Tier> {
    let tier = |key: &str, label: &str, meaning: &str| Tier {
        key: Spanned::new(0..0, key.to_owned()),
        label: label.to_owned(),
        meaning: Some(meaning.to_owned()),
    };
    vec![
        tier(
            "now",
            "Now",
            "Committed work inside the horizon, each due on a day.",
        ),
        tier(
            "next",
            "Next",
            "What the team takes up once the work now is done: promised, dated to a period rather than a day.",
        ),
        tier(
            "later",
            "Later",
            "Further out: the direction the team has promised, with the least precision.",
        ),
    ]
}
