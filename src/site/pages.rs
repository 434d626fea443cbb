//! Every page of the site, one function per family: the front page and the one-pager, the
//! objective and theme pages, the section pages, the 404 page, the feed and the sitemap. The
//! commitment pages are made as they are rendered (see `deferred`).

use std::collections::HashMap;

use tera::{Context, Value};

use super::deferred::{Commitments, Page};
use super::entries::{Card, Listed, Placed, Views, counts};
use super::links::Index;
use super::urls::{BaseUrl, root_of};
use super::views::{NavItem, PageView, SiteView, StatusGroup, summary_of, value};
use crate::markdown;
use crate::model::{Commitment, Entry, Kind, SiteConfig, Status, Strategy, Theme};

/// The most in-progress and the most planned commitments the front page shows as cards.
pub const FRONT_PAGE_CARDS: usize = 12;
/// The most live commitments the printed page lists.
pub const PRINTED_CARDS: usize = 10;
/// The most recent changes the front page shows.
pub const RECENT_CHANGES: usize = 5;
/// The most commitments each chapter (theme) of the front page lists: the featured first, then
/// the work in progress.
pub const CHAPTER_CARDS: usize = 3;
/// The most non-goals, signals and constraints the printed page lists, each.
pub const PRINTED_ITEMS: usize = 4;

/// What a page is; templates see its key as `page.kind`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PageKind {
    Index,
    Print,
    Objective,
    Theme,
    Commitment,
    Section(Section),
    /// Every entry, A–Z: the search box's page without JavaScript.
    Entries,
    /// Every tag, and a page per tag.
    Tags,
    Tag,
    /// The strategy map.
    Map,
    NotFound,
    Feed,
    Sitemap,
}

impl PageKind {
    pub fn key(self) -> &'static str {
        match self {
            PageKind::Index => "index",
            PageKind::Print => "print",
            PageKind::Objective => "objective",
            PageKind::Theme => "theme",
            PageKind::Commitment => "commitment",
            PageKind::Section(s) => s.key(),
            PageKind::Entries => "entries",
            PageKind::Tags => "tags",
            PageKind::Tag => "tag",
            PageKind::Map => "map",
            PageKind::NotFound => "404",
            PageKind::Feed => "feed",
            PageKind::Sitemap => "sitemap",
        }
    }

    /// The template that renders it.
    pub fn template(self) -> &'static str {
        match self {
            PageKind::Index => "index.html",
            PageKind::Print => "print.html",
            PageKind::Objective => "objective.html",
            PageKind::Theme => "theme.html",
            PageKind::Commitment => "commitment.html",
            PageKind::Section(s) => s.file(),
            PageKind::Entries => "entries.html",
            PageKind::Tags => "tags.html",
            PageKind::Tag => "tag.html",
            PageKind::Map => "map.html",
            PageKind::NotFound => "404.html",
            PageKind::Feed => "atom.xml",
            PageKind::Sitemap => "sitemap.xml",
        }
    }
}

/// A section page: one kind of entry (or two, for assumptions and risks) listed whole.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Section {
    Commitments,
    Ideas,
    NonGoals,
    Assumptions,
    Signals,
    Changes,
}

impl Section {
    /// Every section, in the order of the menu.
    pub const ALL: [Section; 6] = [
        Section::Commitments,
        Section::Ideas,
        Section::NonGoals,
        Section::Assumptions,
        Section::Signals,
        Section::Changes,
    ];

    /// Its page kind and menu key.
    pub fn key(self) -> &'static str {
        match self {
            Section::Commitments => "commitments",
            Section::Ideas => "ideas",
            Section::NonGoals => "non-goals",
            Section::Assumptions => "assumptions",
            Section::Signals => "signals",
            Section::Changes => "changes",
        }
    }

    pub fn title(self) -> &'static str {
        match self {
            Section::Commitments => "Commitments",
            Section::Ideas => "Ideas",
            Section::NonGoals => "Non-goals",
            Section::Assumptions => "Assumptions and risks",
            Section::Signals => "Signals",
            Section::Changes => "Changes",
        }
    }

    /// Whether the site has entries for its page: a section without any gets no page, no
    /// menu item and no link.
    fn has_entries(self, lists: &Lists<'_>) -> bool {
        let any = |l: &Listed| !l.values.is_empty();
        match self {
            Section::Commitments => !lists.cards.is_empty(),
            Section::Ideas => any(&lists.ideas),
            Section::NonGoals => any(&lists.non_goals),
            Section::Assumptions => {
                any(&lists.constraints) || any(&lists.assumptions) || any(&lists.risks)
            }
            Section::Signals => any(&lists.signals),
            Section::Changes => any(&lists.changes),
        }
    }

    /// Its file, which is also its template's name.
    pub fn file(self) -> &'static str {
        match self {
            Section::Commitments => "commitments.html",
            Section::Ideas => "ideas.html",
            Section::NonGoals => "non-goals.html",
            Section::Assumptions => "assumptions.html",
            Section::Signals => "signals.html",
            Section::Changes => "changes.html",
        }
    }
}

/// What makes one page.
pub struct PageSpec {
    pub kind: PageKind,
    /// Path from the site root.
    pub path: String,
    pub title: String,
    /// The page's description for link previews; the site's when empty.
    pub description: String,
    pub has_code: bool,
    /// Values the template receives besides `root`, `site` and `page`.
    pub extra: Vec<(&'static str, Value)>,
}

/// Makes pages: the values every page receives.
pub struct Maker {
    site: Value,
    description: String,
    base: BaseUrl,
}

impl Maker {
    pub fn make<'a>(&self, spec: PageSpec) -> Page<'a> {
        let PageSpec {
            kind,
            path,
            title,
            description,
            has_code,
            extra,
        } = spec;
        // The 404 page is served at any depth, so its links start at the site's own path.
        let root = if kind == PageKind::NotFound {
            self.base.path()
        } else {
            root_of(&path)
        };
        let view = PageView {
            kind: kind.key(),
            canonical: self.base.canonical(&path),
            url: path.clone(),
            title,
            description: if description.is_empty() {
                self.description.clone()
            } else {
                description
            },
            has_code,
            image: String::new(),
            image_alt: String::new(),
        };
        let mut context = Context::new();
        context.insert("root", &root);
        context.insert_value("site", self.site.clone());
        for (k, v) in extra {
            context.insert_value(k, v);
        }
        Page {
            path,
            template: kind.template(),
            root,
            view,
            context,
            deferred: None,
        }
    }
}

/// Every list the site shows, converted once.
struct Lists<'a> {
    cards: Vec<Card<'a>>,
    objectives: Vec<Placed<'a, crate::model::Objective>>,
    themes: Vec<Placed<'a, Theme>>,
    ideas: Listed,
    non_goals: Listed,
    assumptions: Listed,
    risks: Listed,
    constraints: Listed,
    signals: Listed,
    changes: Listed,
}

impl Lists<'_> {
    /// The cards of the commitments `keep` keeps.
    fn cards_where(&self, keep: &dyn Fn(&Entry<Commitment>) -> bool) -> Value {
        Value::from(
            self.cards
                .iter()
                .filter(|c| keep(c.entry))
                .map(|c| c.value.clone())
                .collect::<Vec<_>>(),
        )
    }

    /// The first `cap` of the cards `keep` keeps, and how many it keeps in all.
    fn first_cards(&self, keep: &dyn Fn(&Entry<Commitment>) -> bool, cap: usize) -> (Value, Value) {
        let total = self.cards.iter().filter(|c| keep(c.entry)).count();
        let first: Vec<Value> = self
            .cards
            .iter()
            .filter(|c| keep(c.entry))
            .take(cap)
            .map(|c| c.value.clone())
            .collect();
        (Value::from(first), Value::from(total))
    }
}

fn placed_list<T>(list: &[Placed<'_, T>]) -> Listed {
    Listed {
        values: list.iter().map(|p| p.value.clone()).collect(),
        code: list.iter().any(|p| p.code),
    }
}

/// Plans every page; the commitment pages come back apart, to be made as they are rendered.
pub fn pages<'a>(views: &Views<'a, '_>, base: &BaseUrl) -> (Vec<Page<'a>>, Commitments<'a>) {
    let strategy: &'a Strategy = views.strategy;
    let lists = lists(views);
    let description = strategy
        .site
        .description
        .as_ref()
        .map(|d| markdown::plain_summary(d.text(), 200, &views.index))
        .unwrap_or_default();
    let sections: Vec<Section> = Section::ALL
        .into_iter()
        .filter(|s| s.has_entries(&lists))
        .collect();
    let maker = Maker {
        site: Value::from_serializable(&site_view(views, base, &description, &sections)),
        description,
        base: base.clone(),
    };
    let mut pages = Vec::new();
    index_and_print(views, &lists, &maker, &mut pages);
    let served = served_objectives(&lists);
    let of_theme = super::map::by_theme(strategy);
    let theme_map = |id: &str| super::map::value(views, &of_theme, super::map::Scope::Theme(id));
    entry_pages(
        strategy,
        views.index,
        &lists,
        &served,
        &theme_map,
        &maker,
        &mut pages,
    );
    // Commitment pages are many: each is made when it is rendered (see `Commitments`).
    let commitments_at = pages.len();
    section_pages(&strategy.site, &lists, &sections, &maker, &mut pages);
    pages.extend(super::finding::pages(views, &of_theme, &maker));
    pages.push(maker.make(PageSpec {
        kind: PageKind::NotFound,
        path: "404.html".into(),
        title: "Page not found".into(),
        description: String::new(),
        has_code: false,
        extra: vec![],
    }));
    pages.push(feed(views, &lists, &maker));
    let placed: HashMap<&str, [Value; 2]> = strategy
        .themes
        .iter()
        .zip(&lists.themes)
        .map(|(t, p)| (t.id.get_ref().as_str(), [p.value.clone(), served(t)]))
        .collect();
    drop(served);
    pages.push(sitemap(
        &pages,
        commitments_at,
        &lists.cards,
        &placed,
        base,
        &maker,
    ));
    let history = views
        .history
        .map(|h| {
            lists
                .cards
                .iter()
                .filter_map(|c| {
                    let id = c.entry.id.get_ref();
                    let items = h.entries.get(id)?;
                    Some((id.clone(), tera::Value::from_serializable(items)))
                })
                .collect()
        })
        .unwrap_or_default();
    let commitments = Commitments {
        cards: lists.cards,
        placed,
        affected_by: views.relations.affected_by.clone(),
        maker,
        history,
    };
    (pages, commitments)
}

fn lists<'a>(views: &Views<'a, '_>) -> Lists<'a> {
    let cards = views.cards();
    // Each theme's cards, and each objective's (those of the themes that serve it), in the
    // order the commitments are written: one pass over the cards.
    let mut cards_of_theme: HashMap<&str, Vec<Value>> = HashMap::new();
    let mut cards_of_objective: HashMap<&str, Vec<Value>> = HashMap::new();
    for c in &cards {
        let mut served: Vec<&str> = Vec::new();
        for theme in &c.entry.theme {
            let theme = theme.get_ref().as_str();
            cards_of_theme
                .entry(theme)
                .or_default()
                .push(c.value.clone());
            served.extend(
                views
                    .relations
                    .objectives_of_theme
                    .get(theme)
                    .into_iter()
                    .flatten()
                    .map(|o| o.id.as_str()),
            );
        }
        served.sort_unstable();
        served.dedup();
        for o in served {
            cards_of_objective
                .entry(o)
                .or_default()
                .push(c.value.clone());
        }
    }
    Lists {
        themes: views.themes(|id| cards_of_theme.remove(id).unwrap_or_default()),
        objectives: views.objectives(|id| cards_of_objective.remove(id).unwrap_or_default()),
        cards,
        ideas: views.ideas(),
        non_goals: views.non_goals(),
        assumptions: views.assumptions(),
        risks: views.risks(),
        constraints: views.constraints(),
        signals: views.signals(),
        changes: views.changes(),
    }
}

fn site_view(
    views: &Views<'_, '_>,
    base: &BaseUrl,
    description: &str,
    sections: &[Section],
) -> SiteView {
    let site = &views.strategy.site;
    SiteView {
        title: site.title.clone(),
        description: description.to_owned(),
        description_html: views.prose("site", site.description.as_ref()),
        language: site.language.clone(),
        base_url: base.url.clone(),
        horizon: site.horizon.get_ref().words(),
        horizon_end: views.horizon_end.map(|d| d.to_string()).unwrap_or_default(),
        as_of: views.as_of.to_string(),
        built_on: views.built_on.to_string(),
        repository: site
            .repository
            .as_ref()
            .map(|r| r.get_ref().clone())
            .unwrap_or_default(),
        wip_limit: site.wip_limit,
        version: env!("CARGO_PKG_VERSION"),
        nav: std::iter::once(NavItem {
            title: "Strategy",
            url: "index.html",
            kind: "index",
        })
        .chain(sections.iter().map(|s| NavItem {
            title: s.title(),
            url: s.file(),
            kind: s.key(),
        }))
        .collect(),
        breadcrumbs: views
            .workspace
            .map(|w| w.breadcrumbs.clone())
            .unwrap_or_default(),
        workspace_css: views.workspace.map(|w| w.css.clone()).unwrap_or_default(),
        counts: {
            let mut c = counts(views.strategy);
            c.insert("tags".into(), views.tags.tagged.len().into());
            c
        },
    }
}

/// The front page and the printed one-pager: the whole narrative, with the first few cards.
fn index_and_print<'a>(
    views: &Views<'a, '_>,
    lists: &Lists<'a>,
    maker: &Maker,
    pages: &mut Vec<Page<'a>>,
) {
    let site = &views.strategy.site;
    let objective_list = placed_list(&lists.objectives);
    // A chapter lists the first few of the commitments whose main theme it is, and says how
    // many it has; a commitment of several themes is listed once, in its main theme's chapter.
    let mut chapters = chapter_cards(site, &lists.cards);
    let theme_list = Listed {
        values: lists
            .themes
            .iter()
            .map(|p| {
                let cards = chapters
                    .remove(p.entry.id.get_ref().as_str())
                    .unwrap_or_default();
                with_commitments(&p.value, cards, CHAPTER_CARDS)
            })
            .collect(),
        code: lists.themes.iter().any(|p| p.code),
    };
    let recent = lists.changes.first(RECENT_CHANGES);
    let narrative = [
        ("objectives", &objective_list),
        ("themes", &theme_list),
        ("non_goals", &lists.non_goals),
        ("signals", &lists.signals),
        ("assumptions", &lists.assumptions),
        ("risks", &lists.risks),
        ("constraints", &lists.constraints),
        ("changes", &recent),
        ("ideas", &lists.ideas),
    ];
    let description_code = site.description.as_ref().is_some_and(|d| d.has_code());
    let narrative_code = description_code || narrative.iter().any(|(_, l)| l.code);
    let tier_of = |c: &Entry<Commitment>| site.tier_of(c.tier.as_ref());
    let (now, now_total) = lists.first_cards(
        &|c| tier_of(c) == 0 && c.status == Status::InProgress,
        FRONT_PAGE_CARDS,
    );
    let (next, next_total) = lists.first_cards(
        &|c| tier_of(c) == 0 && c.status == Status::Planned,
        FRONT_PAGE_CARDS,
    );
    // The tiers after the first, each with its first few live commitments.
    let later_tiers = Value::from(
        site.tiers
            .iter()
            .enumerate()
            .skip(1)
            .map(|(rank, _)| {
                let (cards, total) = lists.first_cards(
                    &|c| tier_of(c) == rank && c.status.is_live(),
                    FRONT_PAGE_CARDS,
                );
                tier_group(site, rank, vec![("cards", cards), ("total", total)])
            })
            .collect::<Vec<_>>(),
    );
    let narrative_values = |extra: Vec<(&'static str, Value)>| {
        // A page's own cut of a list (the printed page's) replaces the narrative's.
        let own: Vec<&str> = extra.iter().map(|(k, _)| *k).collect();
        narrative
            .iter()
            .filter(|(k, _)| !own.contains(k))
            .map(|(k, l)| (*k, l.value()))
            .chain([
                ("now", now.clone()),
                ("now_total", now_total.clone()),
                ("next", next.clone()),
                ("next_total", next_total.clone()),
                ("tiers", later_tiers.clone()),
            ])
            .chain(extra)
            .collect::<Vec<_>>()
    };
    pages.push(maker.make(PageSpec {
        kind: PageKind::Index,
        path: "index.html".into(),
        title: site.title.clone(),
        description: String::new(),
        has_code: narrative_code,
        extra: narrative_values(vec![]),
    }));
    // The one-pager's table: the featured live work first, then each tier's (in progress
    // before planned), as far as a sheet has room.
    let mut live: Vec<&Card<'_>> = lists
        .cards
        .iter()
        .filter(|c| c.entry.status.is_live())
        .collect();
    live.sort_by_key(|c| (!c.entry.featured, chapter_rank(site, c)));
    let live_total = Value::from(live.len());
    let live = Value::from(
        live.into_iter()
            .take(PRINTED_CARDS)
            .map(|c| c.value.clone())
            .collect::<Vec<_>>(),
    );
    let printed = |l: &Listed| (l.first(PRINTED_ITEMS).value(), Value::from(l.values.len()));
    let (non_goals, non_goals_total) = printed(&lists.non_goals);
    let (signals, signals_total) = printed(&lists.signals);
    let (constraints, constraints_total) = printed(&lists.constraints);
    pages.push(maker.make(PageSpec {
        kind: PageKind::Print,
        path: "print.html".into(),
        title: format!("{} — one page", site.title),
        description: String::new(),
        has_code: narrative_code,
        extra: narrative_values(vec![
            ("commitments", live),
            ("commitments_total", live_total),
            ("non_goals", non_goals),
            ("non_goals_total", non_goals_total),
            ("signals", signals),
            ("signals_total", signals_total),
            ("constraints", constraints),
            ("constraints_total", constraints_total),
        ]),
    }));
}

/// The cards of each theme's chapter on the front page, by the theme's id: the commitments
/// whose main theme it is, the featured first, then each tier's live work (in progress before
/// planned), then the done and the dropped, each group in written order.
fn chapter_cards<'c, 'a>(
    site: &SiteConfig,
    cards: &'c [Card<'a>],
) -> HashMap<&'a str, Vec<&'c Card<'a>>> {
    let mut chapters: HashMap<&'a str, Vec<&'c Card<'a>>> = HashMap::new();
    for c in cards {
        chapters
            .entry(c.entry.theme.main().get_ref().as_str())
            .or_default()
            .push(c);
    }
    for list in chapters.values_mut() {
        // A stable sort keeps the written order within each group.
        list.sort_by_key(|c| (!c.entry.featured, chapter_rank(site, c)));
    }
    chapters
}

/// Where a commitment comes in its chapter: by tier, in progress before planned, then done
/// and dropped.
fn chapter_rank(site: &SiteConfig, card: &Card<'_>) -> (usize, u8) {
    let tier = site.tier_of(card.entry.tier.as_ref());
    match card.entry.status {
        Status::InProgress => (tier, 0),
        Status::Planned => (tier, 1),
        Status::Done => (usize::MAX, 0),
        Status::Dropped => (usize::MAX, 1),
    }
}

/// A theme's view with its `commitments` the first `cap` of `cards`, and `commitments_total`
/// saying how many there are.
fn with_commitments(theme: &Value, cards: Vec<&Card<'_>>, cap: usize) -> Value {
    let Some(mut map) = theme.clone().into_map() else {
        return theme.clone();
    };
    let total = cards.len();
    let first: Vec<Value> = cards
        .into_iter()
        .take(cap)
        .map(|c| c.value.clone())
        .collect();
    map.insert("commitments".into(), Value::from(first));
    map.insert("commitments_total".into(), Value::from(total));
    Value::from(map)
}

/// For a theme: the views of the objectives it serves.
fn served_objectives<'l>(lists: &'l Lists<'_>) -> impl Fn(&Theme) -> Value + 'l {
    let by_id: HashMap<&str, &Value> = lists
        .objectives
        .iter()
        .map(|p| (p.entry.id.get_ref().as_str(), &p.value))
        .collect();
    move |t: &Theme| {
        Value::from(
            t.serves
                .iter()
                .filter_map(|o| by_id.get(o.get_ref().as_str()).map(|v| (*v).clone()))
                .collect::<Vec<_>>(),
        )
    }
}

/// A page per objective and per theme.
fn entry_pages<'a>(
    strategy: &'a Strategy,
    index: Index<'_>,
    lists: &Lists<'a>,
    served: &dyn Fn(&Theme) -> Value,
    theme_map: &dyn Fn(&str) -> Value,
    maker: &Maker,
    pages: &mut Vec<Page<'a>>,
) {
    for p in &lists.objectives {
        let o = p.entry;
        let mut entry = p.value.clone().into_map().unwrap_or_default();
        for (k, v) in &p.own {
            entry.insert((*k).into(), v.clone());
        }
        pages.push(maker.make(PageSpec {
            kind: PageKind::Objective,
            path: Kind::Objective.url(o.id.get_ref()),
            title: index.title(o.id.get_ref()),
            description: summary_of(o.summary.as_deref(), &o.why, &index),
            has_code: p.code,
            extra: vec![("entry", Value::from(entry))],
        }));
    }
    for (t, p) in strategy.themes.iter().zip(&lists.themes) {
        pages.push(maker.make(PageSpec {
            kind: PageKind::Theme,
            path: Kind::Theme.url(t.id.get_ref()),
            title: index.title(t.id.get_ref()),
            description: summary_of(t.summary.as_deref(), &t.narrative, &index),
            has_code: p.code,
            extra: vec![
                ("entry", p.value.clone()),
                ("objectives", served(t)),
                ("map", theme_map(t.id.get_ref())),
            ],
        }));
    }
}

/// The group of one tier's live commitments, with `extra` (its cards).
fn tier_group(site: &SiteConfig, rank: usize, extra: Vec<(&'static str, Value)>) -> Value {
    let t = &site.tiers[rank];
    let g = StatusGroup {
        status: "tier",
        label: t.label.clone(),
        meaning: t.meaning.clone().unwrap_or_default(),
        tier: t.key.get_ref().clone(),
        tier_rank: rank,
    };
    value(&g, extra)
}

/// A page per section, each listing its kind whole.
fn section_pages<'a>(
    site: &SiteConfig,
    lists: &Lists<'a>,
    sections: &[Section],
    maker: &Maker,
    pages: &mut Vec<Page<'a>>,
) {
    // Each tier's live work, the work in progress first; then what was done and dropped.
    let tier_of = |c: &Entry<Commitment>| site.tier_of(c.tier.as_ref());
    let tiers = (0..site.tiers.len()).map(|rank| {
        let cards: Vec<Value> = [Status::InProgress, Status::Planned]
            .into_iter()
            .flat_map(|s| {
                lists
                    .cards
                    .iter()
                    .filter(move |c| c.entry.status == s && tier_of(c.entry) == rank)
                    .map(|c| c.value.clone())
            })
            .collect();
        tier_group(site, rank, vec![("cards", Value::from(cards))])
    });
    let closed = [Status::Done, Status::Dropped].into_iter().map(|s| {
        let g = StatusGroup {
            status: s.key(),
            label: s.label().to_owned(),
            meaning: String::new(),
            tier: String::new(),
            tier_rank: 0,
        };
        value(&g, vec![("cards", lists.cards_where(&|c| c.status == s))])
    });
    let groups = Listed {
        values: tiers.chain(closed).collect(),
        code: false,
    };
    for &section in sections {
        let shown: Vec<(&'static str, &Listed)> = match section {
            Section::Commitments => vec![("groups", &groups)],
            Section::Ideas => vec![("ideas", &lists.ideas)],
            Section::NonGoals => vec![("non_goals", &lists.non_goals)],
            Section::Assumptions => {
                vec![
                    ("constraints", &lists.constraints),
                    ("assumptions", &lists.assumptions),
                    ("risks", &lists.risks),
                ]
            }
            Section::Signals => vec![("signals", &lists.signals)],
            Section::Changes => vec![("changes", &lists.changes)],
        };
        pages.push(maker.make(PageSpec {
            kind: PageKind::Section(section),
            path: section.file().into(),
            title: section.title().into(),
            description: String::new(),
            has_code: shown.iter().any(|(_, l)| l.code),
            extra: shown.iter().map(|(k, l)| (*k, l.value())).collect(),
        }));
    }
}

/// The Atom feed of the change log.
fn feed<'a>(views: &Views<'a, '_>, lists: &Lists<'a>, maker: &Maker) -> Page<'a> {
    let updated = views
        .strategy
        .changes
        .iter()
        .map(|c| c.date)
        .max()
        .map_or_else(|| views.as_of.to_string(), |d| d.to_string());
    maker.make(PageSpec {
        kind: PageKind::Feed,
        path: "feed.xml".into(),
        title: views.strategy.site.title.clone(),
        description: String::new(),
        has_code: false,
        extra: vec![
            ("changes", lists.changes.value()),
            ("updated", Value::from(updated)),
        ],
    })
}

/// The sitemap: every HTML page but the 404 page, the commitment pages where they fall.
fn sitemap<'a>(
    pages: &[Page<'a>],
    commitments_at: usize,
    cards: &[Card<'a>],
    placed: &HashMap<&str, [Value; 2]>,
    base: &BaseUrl,
    maker: &Maker,
) -> Page<'a> {
    let listed = |pages: &[Page<'a>]| -> Vec<Value> {
        pages
            .iter()
            .filter(|p| p.path.ends_with(".html") && p.path != "404.html")
            .map(|p| Value::from(p.view.canonical.clone()))
            .collect()
    };
    let urls: Vec<Value> = listed(&pages[..commitments_at])
        .into_iter()
        .chain(
            cards
                .iter()
                .filter(|c| placed.contains_key(c.entry.theme.main().get_ref().as_str()))
                .map(|c| Value::from(base.canonical(&Kind::Commitment.url(c.entry.id.get_ref())))),
        )
        .chain(listed(&pages[commitments_at..]))
        .collect();
    maker.make(PageSpec {
        kind: PageKind::Sitemap,
        path: "sitemap.xml".into(),
        title: String::new(),
        description: String::new(),
        has_code: false,
        extra: vec![("urls", Value::from(urls))],
    })
}
