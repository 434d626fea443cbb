//! The site settings a published site needs.

use super::{Cx, Level, Lint};
use crate::diagnostics::Diagnostic;

pub static MISSING_BASE_URL: Lint = Lint {
    code: "missing-base-url",
    default: Level::Warn,
    per_entry: false,
    summary: "a site without `[site] base_url`, whose canonical links, feed, sitemap and link previews cannot be absolute",
    rationale: "A draft needs no address: `serve` and `build` work without one. A published site \
                does: search engines, feed readers and link previews need absolute addresses, and \
                without `base_url` the canonical links, the feed, the sitemap and the Open Graph \
                tags can only point at paths from the site root. Deny this lint in the workflow \
                that publishes, and keep drafting without it.",
};

pub(super) fn check(cx: &mut Cx<'_>) {
    if cx.s.site.base_url.is_some() {
        return;
    }
    cx.push(
        &MISSING_BASE_URL,
        Diagnostic::warning("the site has no `base_url`")
            .at(
                cx.s.site_file,
                cx.s.site_spans.get("title").cloned().unwrap_or(0..0),
                "this site names no address",
            )
            .help("add `base_url = \"https://…/\"` to `[site]` before publishing, or build with `--base-url`")
            .note("canonical links, the feed, the sitemap and link previews need an absolute address; until then they are paths from the site root"),
    );
}
