//! From a checked strategy to the site plan: every page with the values its template receives,
//! computed here so that templates only lay them out.
//!
//! - [`urls`]: the base URL, each page's path to the root, "edit this page" links;
//! - [`links`]: every entry's link, and how entries relate (themes of an objective, …);
//! - [`metric`]: a metric's progress and pace;
//! - [`views`]: every shape templates receive;
//! - [`entries`]: each kind's entries turned into views, once;
//! - [`pages`]: one function per page family, over [`pages::PageKind`];
//! - [`deferred`]: the commitment pages, made as they are rendered;
//! - [`cards`]: the badges, status cards and link-preview images.

mod cards;
mod deferred;
mod entries;
mod finding;
mod links;
mod map;
mod metric;
mod pages;
mod tags;
mod urls;
mod views;
mod workspace;

pub use cards::{Image, PREVIEW_H, PREVIEW_W};
pub use deferred::{Commitments, Page};
pub use links::{Index, Link, Links};
pub use tags::entry_tags;
pub use urls::BaseUrl;
pub use workspace::{Front, MemberContext, WORKSPACE_CSS, front, member_context};

use crate::model::Strategy;
use crate::source::SourceMap;

/// Settings that come from the command line rather than the strategy.
pub struct Options {
    /// The days the build is dated by, as the command line found them: the content's "today"
    /// (for progress and overdue marks) comes from them and `[site] as_of`.
    pub dates: crate::check::Dates,
    /// Replaces `[site] base_url`.
    pub base_url: Option<String>,
    /// The strategy's history from git, when the site has one: each objective's and
    /// commitment's page shows its own, and the change log the moves no change names.
    pub history: Option<std::sync::Arc<crate::history::site::SiteHistory>>,
    /// The workspace as this strategy's pages see it, when it is a member of one.
    pub workspace: Option<std::sync::Arc<MemberContext>>,
}

/// Everything `render` needs: the pages and the site-wide facts.
pub struct Plan<'a> {
    pub pages: Vec<Page<'a>>,
    /// The commitments' pages, made as they are rendered.
    pub commitments: Commitments<'a>,
    pub strategy: &'a Strategy,
    /// Every entry's link, by id.
    pub links: Links,
    /// The address the site is published at.
    pub base: BaseUrl,
    pub as_of: jiff::civil::Date,
    /// The custom domain, written as `CNAME`.
    pub cname: Option<String>,
    /// The badges, status cards and link-preview images (none when `[site] images = false`).
    pub images: Vec<Image>,
    /// When true, only `pages` are written: the rest of the site is the previous build's
    /// (a member of a workspace drawing a few pages again).
    pub pages_only: bool,
}

/// The address a strategy is published at: `--base-url` when given, else `[site] base_url`.
/// A draft with neither is served and built at the root (`/`), its canonical links, feed and
/// sitemap relative to it; the `missing-base-url` lint says so.
pub fn base_url(strategy: &Strategy, opts: &Options) -> BaseUrl {
    BaseUrl::new(
        opts.base_url
            .as_deref()
            .or(strategy
                .site
                .base_url
                .as_ref()
                .map(|u| u.get_ref().as_str()))
            .unwrap_or("/"),
    )
}

/// Plans every page of a checked strategy.
pub fn plan<'a>(strategy: &'a Strategy, files: &SourceMap, opts: &Options) -> Plan<'a> {
    let base = base_url(strategy, opts);
    let as_of = opts.dates.for_site(strategy.site.as_of.map(|d| d.0));
    let links = links::links(strategy);
    let tags = tags::Tags::of(strategy, &links);
    let (pages, commitments, images) = {
        let index = links::Index { links: &links };
        let relations = links::Relations::of(strategy, index);
        let views = entries::Views {
            strategy,
            files,
            index,
            relations: &relations,
            as_of,
            built_on: opts.dates.built_on,
            horizon_end: strategy.site.horizon.get_ref().end(as_of),
            history: opts.history.as_deref(),
            stale_before: strategy.site.stale_before(as_of),
            watches: entries::watches(strategy),
            tags: &tags,
            workspace: opts.workspace.as_deref(),
        };
        let (mut pages, commitments) = pages::pages(&views, &base);
        let images = if strategy.site.images {
            let (images, of_pages) = cards::cards(&views, &base);
            cards::attach(&mut pages, of_pages, &base);
            images
        } else {
            Vec::new()
        };
        (pages, commitments, images)
    };
    Plan {
        pages,
        commitments,
        strategy,
        links,
        base,
        as_of,
        cname: strategy.site.cname.as_ref().map(|c| c.get_ref().clone()),
        images,
        pages_only: false,
    }
}
