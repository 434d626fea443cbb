//! Tiers of commitment: the `[[site.tiers]]` a site names, and the tier each commitment is in.

use std::collections::HashSet;

use crate::diagnostics::{Diagnostic, closest, did_you_mean};
use crate::model::Strategy;
use crate::util::text::is_slug;

/// Reports tiers without a usable key, and commitments in a tier the site does not have.
pub fn check_tiers(strategy: &Strategy, diags: &mut Vec<Diagnostic>) {
    let site = &strategy.site;
    let file = strategy.site_file;
    if site.tiers.is_empty() {
        let at = strategy.site_spans.get("tiers").cloned().unwrap_or(0..0);
        diags.push(
            Diagnostic::error("`[site] tiers` names no tier")
                .at(file, at, "an empty list")
                .help("name at least one tier, such as `{ key = \"now\", label = \"Now\" }`, or leave `tiers` out for now, next and later"),
        );
    }
    let mut seen = HashSet::new();
    for t in &site.tiers {
        let key = t.key.get_ref();
        if !is_slug(key) {
            diags.push(
                Diagnostic::error(format!("`{key}` is not a valid tier key"))
                    .at(file, t.key.span(), "keys are lowercase words joined by hyphens")
                    .help("write it like `now`, `next-quarter` or `this-year`; `label` is what pages show"),
            );
        }
        if !seen.insert(key.as_str()) {
            diags.push(
                Diagnostic::error(format!("the tier `{key}` is named twice"))
                    .at(file, t.key.span(), "named again here")
                    .help("each tier needs its own key"),
            );
        }
    }
    let keys: Vec<&str> = site
        .tiers
        .iter()
        .map(|t| t.key.get_ref().as_str())
        .collect();
    for c in &strategy.commitments {
        let Some(tier) = &c.tier else { continue };
        if keys.contains(&tier.get_ref().as_str()) {
            continue;
        }
        let list = keys
            .iter()
            .map(|k| format!("`\"{k}\"`"))
            .collect::<Vec<_>>()
            .join(", ");
        diags.push(
            Diagnostic::error(format!("`{}` is not a tier of this site", tier.get_ref()))
                .at(c.file, tier.span(), format!("expected one of {list}"))
                .help(
                    did_you_mean(&closest(tier.get_ref(), keys.iter().copied())).unwrap_or_else(
                        || format!("use one of {list}, or name the tier in `[[site.tiers]]`"),
                    ),
                ),
        );
    }
}
