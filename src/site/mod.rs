//! From a validated strategy to the site plan: dates, progress, rollups and the why-chains that
//! pages show, all computed here so templates only lay them out.

use jiff::Span;

/// Parses a horizon such as `"6 weeks"` or `"2 months"` into a calendar span.
pub fn parse_horizon(text: &str) -> Result<Span, String> {
    let written = text.trim();
    let span: Span = written
        .parse()
        .or_else(|_| written.to_lowercase().parse())
        .map_err(|_| format!("`{text}` is not a span of time"))?;
    let has_clock = span.get_hours() != 0
        || span.get_minutes() != 0
        || span.get_seconds() != 0
        || span.get_milliseconds() != 0
        || span.get_microseconds() != 0
        || span.get_nanoseconds() != 0;
    if has_clock {
        return Err(format!(
            "`{text}` is too short for a horizon: use days, weeks or months"
        ));
    }
    if !span.is_positive() {
        return Err(format!("`{text}` is not a positive span of time"));
    }
    Ok(span)
}

use std::collections::HashMap;

use rayon::prelude::*;
use serde::Serialize;
use tera::{Context, Value};
use toml::Spanned;

use crate::markdown::{self, Html, Resolver};
use crate::model::*;
use crate::model::{Entry, Strategy};
use crate::source::{FileId, SourceMap};

/// One page to render: its output path, the template and the values it receives.
pub struct Page<'a> {
    /// Path from the site root, e.g. `commitments/instant-filters.html`.
    pub path: String,
    pub template: &'static str,
    /// The path from this page to the site root (`""`, `"../"`).
    pub root: String,
    /// The page's own facts, given to templates as `page`.
    pub view: PageView,
    /// Everything else templates receive.
    pub context: Context,
    /// Prose rendered only when this page is, so a large site never holds it all at once.
    pub deferred: Option<Deferred<'a>>,
}

/// An entry whose prose is rendered with its page and given to templates as `entry`.
pub struct Deferred<'a> {
    id: &'a str,
    /// The entry's fields that lists show too (shared with them, not copied).
    entry: Value,
    /// The fields only its own page shows.
    extra: Vec<(&'static str, Value)>,
    /// Template field name -> prose.
    prose: Vec<(&'static str, &'a Prose)>,
}

/// Everything `render` needs: the pages and the site-wide facts.
pub struct Plan<'a> {
    pub pages: Vec<Page<'a>>,
    /// The commitments' pages, made as they are rendered.
    pub commitments: Commitments<'a>,
    pub strategy: &'a Strategy,
    /// Every entry's link, by id.
    pub links: HashMap<String, Link>,
    /// The absolute address the site is published at, ending in `/`.
    pub base_url: String,
    pub as_of: jiff::civil::Date,
    /// The custom domain, written as `CNAME`.
    pub cname: Option<String>,
}

impl Page<'_> {
    /// Renders the deferred prose, if any, and returns the context to render the template with
    /// and whether the page has code (and so needs the syntax stylesheet).
    pub fn into_context(self, links: &HashMap<String, Link>, allow_html: bool) -> (Context, bool) {
        let Page {
            mut view,
            mut context,
            deferred,
            ..
        } = self;
        if let Some(d) = deferred {
            let mut map = d.entry.into_map().unwrap_or_default();
            for (k, v) in d.extra {
                map.insert(k.into(), v);
            }
            let resolver = Index { links };
            for (field, prose) in d.prose {
                let html = markdown::render(
                    prose.text(),
                    &resolver,
                    allow_html,
                    &format!("{}-", d.id),
                    3,
                );
                view.has_code |= html.has_code;
                map.insert(field.into(), Value::from(html.html));
            }
            context.insert_value("entry", Value::from(map));
        }
        context.insert("page", &view);
        (context, view.has_code)
    }
}

/// Settings that come from the command line rather than the strategy.
pub struct Options {
    /// The build's "today", for progress and overdue marks.
    pub as_of: jiff::civil::Date,
    /// Replaces `[site] base_url`.
    pub base_url: Option<String>,
}

/// A link to an entry, as templates receive it.
#[derive(Clone, Serialize)]
pub struct Link {
    pub(crate) id: String,
    pub(crate) title: String,
    /// The page (or anchor) from the site root.
    pub(crate) url: String,
    pub(crate) kind: Kind,
    kind_label: &'static str,
}

/// Where each entry's page (or anchor) is.
pub fn entry_url(kind: Kind, id: &str) -> String {
    kind.url(id)
}

struct Index<'l> {
    links: &'l HashMap<String, Link>,
}

impl Resolver for Index<'_> {
    fn entry(&self, id: &str) -> Option<(String, String)> {
        self.links.get(id).map(|l| (l.url.clone(), l.title.clone()))
    }
}

impl Index<'_> {
    fn link(&self, id: &str) -> Option<Link> {
        self.links.get(id).cloned()
    }

    fn links<'a>(&self, refs: impl IntoIterator<Item = &'a Ref>) -> Vec<Link> {
        refs.into_iter()
            .filter_map(|r| self.link(r.get_ref()))
            .collect()
    }
}

/// A horizon as readers say it ("6 weeks", "1 month 2 weeks"), however it was written
/// (`"6w"`, `"P6W"`, `"6 Weeks"`).
fn horizon_words(text: &str) -> String {
    use jiff::fmt::friendly::{Designator, Spacing, SpanPrinter};
    match parse_horizon(text) {
        Ok(span) => SpanPrinter::new()
            .designator(Designator::Verbose)
            .spacing(Spacing::BetweenUnitsAndDesignators)
            .span_to_string(&span),
        Err(_) => text.to_owned(),
    }
}

/// Formats a metric value as it was written: `90`, `4.5`, `99.999`, `0.00012`; with an
/// exponent when it is too large or small to read in full (`1e30`).
fn number(v: f64) -> String {
    let magnitude = v.abs();
    if v == 0.0 {
        "0".to_owned()
    } else if !(1e-6..1e15).contains(&magnitude) {
        format!("{v:e}")
    } else {
        v.to_string()
    }
}

fn with_unit(v: f64, unit: &str) -> String {
    match unit {
        "" => number(v),
        "%" => format!("{}%", number(v)),
        u => format!("{} {u}", number(v)),
    }
}

fn level(l: Option<Level>) -> &'static str {
    match l {
        None => "",
        Some(Level::Low) => "low",
        Some(Level::Medium) => "medium",
        Some(Level::High) => "high",
    }
}

#[derive(Serialize)]
struct MetricView {
    name: String,
    unit: String,
    baseline: String,
    current: String,
    target: String,
    by: String,
    since: String,
    measured: String,
    direction: &'static str,
    progress: Option<u32>,
    elapsed: Option<u32>,
    status: &'static str,
    status_label: &'static str,
    summary: String,
}

/// Progress and pace of a metric, computed once for every page that shows it.
fn metric_view(m: &Metric, as_of: jiff::civil::Date) -> MetricView {
    let direction = m.direction.unwrap_or(match (m.baseline, m.target) {
        (Some(b), Some(t)) if t < b => Direction::Decrease,
        _ => Direction::Increase,
    });
    let progress = match (m.baseline, m.current, m.target) {
        (Some(b), Some(c), Some(t)) if t != b => Some(((c - b) / (t - b)).clamp(0.0, 1.0)),
        _ => None,
    };
    let elapsed = match (&m.since, &m.by) {
        (Some(s), Some(b)) => {
            let total = (b.get_ref().0 - s.get_ref().0).get_days() as f64;
            let gone = (as_of - s.get_ref().0).get_days() as f64;
            (total > 0.0).then(|| (gone / total).clamp(0.0, 1.0))
        }
        _ => None,
    };
    let achieved = match (m.current, m.target) {
        (Some(c), Some(t)) => match direction {
            Direction::Increase => c >= t,
            Direction::Decrease => c <= t,
        },
        _ => false,
    };
    let (status, status_label) = match (achieved, progress, elapsed) {
        (true, _, _) => ("achieved", "Target reached"),
        (false, Some(p), Some(e)) if p + 0.05 >= e => ("on-track", "On track"),
        (false, Some(_), Some(_)) => ("behind", "Behind pace"),
        _ => ("no-data", "Pace unknown"),
    };
    let fmt = |v: Option<f64>| v.map(|v| with_unit(v, &m.unit)).unwrap_or_default();
    let date = |d: &Option<Spanned<Date>>| {
        d.as_ref()
            .map(|d| d.get_ref().to_string())
            .unwrap_or_default()
    };
    let mut summary = match m.current.or(m.baseline) {
        Some(now) => format!("{} now", with_unit(now, &m.unit)),
        None => "Not measured yet".to_owned(),
    };
    if let (Some(b), Some(_)) = (m.baseline, m.current) {
        summary.push_str(&format!(", from {}", with_unit(b, &m.unit)));
    }
    if let Some(t) = m.target {
        summary.push_str(&format!(" toward {}", with_unit(t, &m.unit)));
    }
    if let Some(by) = &m.by {
        summary.push_str(&format!(" by {}", by.get_ref()));
    }
    MetricView {
        name: m.name.clone(),
        unit: m.unit.clone(),
        baseline: fmt(m.baseline),
        current: fmt(m.current),
        target: fmt(m.target),
        by: date(&m.by),
        since: date(&m.since),
        measured: m.measured.map(|d| d.to_string()).unwrap_or_default(),
        direction: match direction {
            Direction::Increase => "increase",
            Direction::Decrease => "decrease",
        },
        progress: progress.map(|p| (p * 100.0).round() as u32),
        elapsed: elapsed.map(|e| (e * 100.0).round() as u32),
        status,
        status_label,
        summary,
    }
}

#[derive(Serialize)]
struct Common {
    id: String,
    title: String,
    kind: Kind,
    kind_label: &'static str,
    url: String,
    tags: Vec<String>,
    edit_url: String,
}

/// Turns a serializable view into a template value, adding values that are already converted
/// (lists shared by many pages are converted once and shared, not copied).
fn value<T: Serialize>(view: &T, extra: Vec<(&'static str, Value)>) -> Value {
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

struct Builder<'a, 'l> {
    strategy: &'a Strategy,
    files: &'l SourceMap,
    index: Index<'l>,
    as_of: jiff::civil::Date,
    horizon_end: Option<jiff::civil::Date>,
    /// Set when prose rendered since the last [`Builder::take_code`] had code.
    code: bool,
    /// Entries that name each id in `affects`.
    affected_by: HashMap<String, Vec<Link>>,
}

impl Builder<'_, '_> {
    fn prose(&mut self, id: &str, p: Option<&Prose>) -> String {
        let Some(p) = p else {
            return String::new();
        };
        let html: Html = markdown::render(
            p.text(),
            &self.index,
            self.strategy.site.allow_html,
            &format!("{id}-"),
            3,
        );
        self.code |= html.has_code;
        html.html
    }

    /// Whether prose rendered since the last call had code; starts over.
    fn take_code(&mut self) -> bool {
        std::mem::take(&mut self.code)
    }

    fn common<T: EntryData>(&self, e: &Entry<T>, tags: &[String]) -> Common {
        let id = e.id().get_ref().clone();
        Common {
            url: entry_url(T::KIND, &id),
            title: e.title().get_ref().clone(),
            id,
            kind: T::KIND,
            kind_label: T::KIND.label(),
            tags: tags.to_vec(),
            edit_url: self.edit_url(e.file),
        }
    }

    fn edit_url(&self, file: FileId) -> String {
        let site = &self.strategy.site;
        let Some(repo) = &site.repository else {
            return String::new();
        };
        let mut path = String::new();
        if let Some(p) = &site.repository_path {
            let p = p.trim_matches('/');
            if !p.is_empty() {
                path.push_str(p);
                path.push('/');
            }
        }
        path.push_str(self.files.rel(file));
        format!(
            "{}/edit/{}/{path}",
            repo.get_ref().trim_end_matches('/'),
            site.branch
        )
    }
}

/// A commitment as lists show it: compact, with a plain-text summary of its why. Its own page
/// adds the prose in full (`why_html`, `done_when_html`), `depends_on` and `context`.
#[derive(Serialize)]
struct CommitmentCard {
    #[serde(flatten)]
    common: Common,
    why_summary: String,
    owner: String,
    due: String,
    status: &'static str,
    status_label: &'static str,
    overdue: bool,
    beyond_horizon: bool,
    value: &'static str,
    effort: &'static str,
    risk: &'static str,
}

#[derive(Serialize)]
struct SiteView {
    title: String,
    description: String,
    description_html: String,
    language: String,
    base_url: String,
    horizon: String,
    horizon_end: String,
    as_of: String,
    repository: String,
    wip_limit: Option<u32>,
    version: &'static str,
    nav: Vec<NavItem>,
    counts: Counts,
}

#[derive(Serialize)]
struct NavItem {
    title: &'static str,
    url: &'static str,
    kind: &'static str,
}

#[derive(Serialize)]
struct Counts {
    objectives: usize,
    themes: usize,
    commitments: usize,
    live: usize,
    ideas: usize,
    non_goals: usize,
    assumptions: usize,
    risks: usize,
    signals: usize,
    changes: usize,
}

/// The page's own facts, as templates receive them (`page`).
#[derive(Serialize)]
pub struct PageView {
    kind: &'static str,
    title: String,
    url: String,
    canonical: String,
    description: String,
    has_code: bool,
}

/// The most in-progress and the most planned commitments the front page shows as cards.
const FRONT_PAGE_CARDS: usize = 12;
/// The most live commitments the printed page lists.
const PRINTED_CARDS: usize = 15;

/// A section page: its kind (also the nav key), title and file (also its template's name).
struct Section {
    kind: &'static str,
    title: &'static str,
    file: &'static str,
}

const SECTIONS: [Section; 6] = [
    Section {
        kind: "commitments",
        title: "Commitments",
        file: "commitments.html",
    },
    Section {
        kind: "ideas",
        title: "Ideas",
        file: "ideas.html",
    },
    Section {
        kind: "non-goals",
        title: "Non-goals",
        file: "non-goals.html",
    },
    Section {
        kind: "assumptions",
        title: "Assumptions and risks",
        file: "assumptions.html",
    },
    Section {
        kind: "signals",
        title: "Signals",
        file: "signals.html",
    },
    Section {
        kind: "changes",
        title: "Changes",
        file: "changes.html",
    },
];

/// Normalises a base URL to end with exactly one `/`.
pub fn normalize_base_url(url: &str) -> String {
    format!("{}/", url.trim_end_matches('/'))
}

/// The path part of a base URL: `https://a.github.io/repo/` -> `/repo/`.
pub fn base_path(base_url: &str) -> String {
    let after_scheme = base_url.split_once("://").map_or(base_url, |(_, r)| r);
    match after_scheme.find('/') {
        Some(i) => after_scheme[i..].to_owned(),
        None => "/".to_owned(),
    }
}

/// Plans every page of a validated strategy.
pub fn plan<'a>(strategy: &'a Strategy, files: &SourceMap, opts: &Options) -> Plan<'a> {
    let site = &strategy.site;
    let base_url = normalize_base_url(opts.base_url.as_deref().unwrap_or(site.base_url.get_ref()));
    let horizon_end = parse_horizon(site.horizon.get_ref())
        .ok()
        .and_then(|span| opts.as_of.checked_add(span).ok());
    let links: HashMap<String, Link> = strategy
        .entries()
        .into_iter()
        .map(|e| {
            let id = e.id.get_ref().clone();
            let link = Link {
                url: entry_url(e.kind, &id),
                title: e.title.get_ref().clone(),
                id: id.clone(),
                kind: e.kind,
                kind_label: e.kind.label(),
            };
            (id, link)
        })
        .collect();
    let (pages, commitments) = {
        let mut b = Builder {
            strategy,
            files,
            index: Index { links: &links },
            as_of: opts.as_of,
            horizon_end,
            code: false,
            affected_by: HashMap::new(),
        };
        for e in strategy.entries() {
            if matches!(e.kind, Kind::Assumption | Kind::Risk | Kind::Signal) {
                for r in e.refs.iter().filter(|r| r.field == "affects") {
                    if let Some(l) = b.index.link(e.id.get_ref()) {
                        b.affected_by
                            .entry(r.target.get_ref().clone())
                            .or_default()
                            .push(l);
                    }
                }
            }
        }
        b.pages(&base_url)
    };
    Plan {
        pages,
        commitments,
        strategy,
        links,
        base_url,
        as_of: opts.as_of,
        cname: site.cname.as_ref().map(|c| c.get_ref().clone()),
    }
}

/// Template values of one kind of entry, and whether any of their prose has code.
#[derive(Clone, Default)]
struct Listed {
    values: Vec<Value>,
    code: bool,
}

impl Listed {
    fn value(&self) -> Value {
        Value::from(self.values.clone())
    }
}

/// A commitment card with what pages need to sort and place it.
struct Card<'a> {
    entry: &'a Entry<Commitment>,
    /// The plain-text summary of its why, also its page's description.
    summary: String,
    value: Value,
}

impl<'a> Builder<'a, '_> {
    fn cards(&self, theme_objectives: &HashMap<&str, Vec<Link>>) -> Vec<Card<'a>> {
        let strategy: &'a Strategy = self.strategy;
        // Each theme's link and objectives, converted once and shared by its cards.
        let placed: HashMap<&str, [(&'static str, Value); 2]> = theme_objectives
            .iter()
            .map(|(id, objectives)| {
                let theme = Value::from_serializable(&self.index.link(id));
                (
                    *id,
                    [
                        ("theme", theme),
                        ("objectives", Value::from_serializable(objectives)),
                    ],
                )
            })
            .collect();
        strategy
            .commitments
            .par_iter()
            .map(|c| {
                let due = c.due.as_ref().map(|d| d.get_ref().0);
                let live = c.status.is_live();
                let summary = c
                    .why
                    .as_ref()
                    .map(|w| markdown::plain_summary(w.text(), 200))
                    .unwrap_or_default();
                let card = CommitmentCard {
                    common: self.common(c, &c.tags),
                    why_summary: summary.clone(),
                    owner: c.owner.clone().unwrap_or_default(),
                    due: due.map(|d| d.to_string()).unwrap_or_default(),
                    status: c.status.key(),
                    status_label: c.status.label(),
                    overdue: live && due.is_some_and(|d| d < self.as_of),
                    beyond_horizon: live
                        && matches!((due, self.horizon_end), (Some(d), Some(h)) if d > h),
                    value: level(c.value),
                    effort: level(c.effort),
                    risk: level(c.risk),
                };
                let place = placed
                    .get(c.theme.get_ref().as_str())
                    .map_or_else(Vec::new, |p| p.to_vec());
                Card {
                    entry: c,
                    summary,
                    value: value(&card, place),
                }
            })
            .collect()
    }

    fn ideas(&mut self) -> Listed {
        #[derive(Serialize)]
        struct V {
            #[serde(flatten)]
            common: Common,
            pitch_html: String,
            theme: Option<Link>,
            value: &'static str,
            effort: &'static str,
        }
        let values = self
            .strategy
            .ideas
            .iter()
            .map(|i| {
                let v = V {
                    common: self.common(i, &i.tags),
                    pitch_html: self.prose(i.id.get_ref(), i.pitch.as_ref()),
                    theme: i.theme.as_ref().and_then(|t| self.index.link(t.get_ref())),
                    value: level(i.value),
                    effort: level(i.effort),
                };
                value(&v, vec![])
            })
            .collect();
        Listed {
            values,
            code: self.take_code(),
        }
    }

    fn non_goals(&mut self) -> Listed {
        #[derive(Serialize)]
        struct V {
            #[serde(flatten)]
            common: Common,
            why_html: String,
            /// The why as plain text, for places with room for one sentence.
            why_summary: String,
            reconsider_when_html: String,
        }
        let values = self
            .strategy
            .non_goals
            .iter()
            .map(|n| {
                let id = n.id.get_ref();
                let v = V {
                    common: self.common(n, &n.tags),
                    why_html: self.prose(id, Some(&n.why)),
                    why_summary: markdown::plain_summary(n.why.text(), 120),
                    reconsider_when_html: self.prose(id, n.reconsider_when.as_ref()),
                };
                value(&v, vec![])
            })
            .collect();
        Listed {
            values,
            code: self.take_code(),
        }
    }

    fn review_due(&self, d: &Option<Spanned<Date>>) -> bool {
        d.as_ref().is_some_and(|d| d.get_ref().0 < self.as_of)
    }

    fn assumptions(&mut self) -> Listed {
        #[derive(Serialize)]
        struct V {
            #[serde(flatten)]
            common: Common,
            detail_html: String,
            confidence: &'static str,
            test_html: String,
            review_by: String,
            review_due: bool,
            affects: Vec<Link>,
        }
        let values = self
            .strategy
            .assumptions
            .iter()
            .map(|a| {
                let id = a.id.get_ref();
                let v = V {
                    common: self.common(a, &a.tags),
                    detail_html: self.prose(id, a.detail.as_ref()),
                    confidence: level(a.confidence),
                    test_html: self.prose(id, a.test.as_ref()),
                    review_by: date_str(&a.review_by),
                    review_due: self.review_due(&a.review_by),
                    affects: self.index.links(&a.affects),
                };
                value(&v, vec![])
            })
            .collect();
        Listed {
            values,
            code: self.take_code(),
        }
    }

    fn risks(&mut self) -> Listed {
        #[derive(Serialize)]
        struct V {
            #[serde(flatten)]
            common: Common,
            detail_html: String,
            response: &'static str,
            response_label: &'static str,
            mitigation_html: String,
            likelihood: &'static str,
            impact: &'static str,
            affects: Vec<Link>,
        }
        let values = self
            .strategy
            .risks
            .iter()
            .map(|r| {
                let id = r.id.get_ref();
                let (response, response_label) = match r.response.get_ref() {
                    Response::Accepted => ("accepted", "Accepted on purpose"),
                    Response::Mitigated => ("mitigated", "Mitigated"),
                };
                let v = V {
                    common: self.common(r, &r.tags),
                    detail_html: self.prose(id, r.detail.as_ref()),
                    response,
                    response_label,
                    mitigation_html: self.prose(id, r.mitigation.as_ref()),
                    likelihood: level(r.likelihood),
                    impact: level(r.impact),
                    affects: self.index.links(&r.affects),
                };
                value(&v, vec![])
            })
            .collect();
        Listed {
            values,
            code: self.take_code(),
        }
    }

    fn signals(&mut self) -> Listed {
        #[derive(Serialize)]
        struct V {
            #[serde(flatten)]
            common: Common,
            detail_html: String,
            then_html: String,
            /// What we will do, as plain text, for places with room for one sentence.
            then_summary: String,
            review_by: String,
            review_due: bool,
            affects: Vec<Link>,
        }
        let values = self
            .strategy
            .signals
            .iter()
            .map(|s| {
                let id = s.id.get_ref();
                let v = V {
                    common: self.common(s, &s.tags),
                    detail_html: self.prose(id, s.detail.as_ref()),
                    then_html: self.prose(id, Some(&s.then)),
                    then_summary: markdown::plain_summary(s.then.text(), 120),
                    review_by: date_str(&s.review_by),
                    review_due: self.review_due(&s.review_by),
                    affects: self.index.links(&s.affects),
                };
                value(&v, vec![])
            })
            .collect();
        Listed {
            values,
            code: self.take_code(),
        }
    }

    /// The change log, newest first; entries of the same day keep their written order.
    fn changes(&mut self) -> Listed {
        #[derive(Serialize)]
        struct V {
            #[serde(flatten)]
            common: Common,
            date: String,
            why_html: String,
            affects: Vec<Link>,
        }
        let mut dated: Vec<(Date, Value)> = self
            .strategy
            .changes
            .iter()
            .map(|c| {
                let v = V {
                    common: self.common(c, &[]),
                    date: c.date.to_string(),
                    why_html: self.prose(c.id.get_ref(), c.why.as_ref()),
                    affects: self.index.links(&c.affects),
                };
                (c.date, value(&v, vec![]))
            })
            .collect();
        dated.sort_by_key(|c| std::cmp::Reverse(c.0));
        Listed {
            values: dated.into_iter().map(|(_, v)| v).collect(),
            code: self.take_code(),
        }
    }

    fn site_view(&mut self, base_url: &str, description: &str) -> SiteView {
        let strategy = self.strategy;
        let site = &strategy.site;
        let live = strategy
            .commitments
            .iter()
            .filter(|c| c.status.is_live())
            .count();
        SiteView {
            title: site.title.clone(),
            description: description.to_owned(),
            description_html: self.prose("site", site.description.as_ref()),
            language: site.language.clone(),
            base_url: base_url.to_owned(),
            horizon: horizon_words(site.horizon.get_ref()),
            horizon_end: self.horizon_end.map(|d| d.to_string()).unwrap_or_default(),
            as_of: self.as_of.to_string(),
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
            .chain(SECTIONS.iter().map(|s| NavItem {
                title: s.title,
                url: s.file,
                kind: s.kind,
            }))
            .collect(),
            counts: Counts {
                objectives: strategy.objectives.len(),
                themes: strategy.themes.len(),
                commitments: strategy.commitments.len(),
                live,
                ideas: strategy.ideas.len(),
                non_goals: strategy.non_goals.len(),
                assumptions: strategy.assumptions.len(),
                risks: strategy.risks.len(),
                signals: strategy.signals.len(),
                changes: strategy.changes.len(),
            },
        }
    }

    fn pages(&mut self, base_url: &str) -> (Vec<Page<'a>>, Commitments<'a>) {
        let strategy: &'a Strategy = self.strategy;
        let site = &strategy.site;

        // Objectives served by each theme, and themes serving each objective.
        let theme_objectives: HashMap<&str, Vec<Link>> = strategy
            .themes
            .iter()
            .map(|t| (t.id.get_ref().as_str(), self.index.links(&t.serves)))
            .collect();
        let mut themes_of_objective: HashMap<&str, Vec<Link>> = HashMap::new();
        for t in &strategy.themes {
            for o in &t.serves {
                if let Some(l) = self.index.link(t.id.get_ref()) {
                    themes_of_objective
                        .entry(o.get_ref().as_str())
                        .or_default()
                        .push(l);
                }
            }
        }

        // Commitment cards, converted once and shared by every page that lists them.
        let cards = self.cards(&theme_objectives);
        // Each theme's cards, and each objective's (those of the themes that serve it), in the
        // order the commitments are written: one pass over the cards.
        let mut cards_of_theme: HashMap<&str, Vec<Value>> = HashMap::new();
        let mut cards_of_objective: HashMap<&str, Vec<Value>> = HashMap::new();
        for c in &cards {
            let theme = c.entry.theme.get_ref().as_str();
            cards_of_theme
                .entry(theme)
                .or_default()
                .push(c.value.clone());
            let mut served: Vec<&str> = theme_objectives
                .get(theme)
                .map(|os| os.iter().map(|o| o.id.as_str()).collect())
                .unwrap_or_default();
            served.sort_unstable();
            served.dedup();
            for o in served {
                cards_of_objective
                    .entry(o)
                    .or_default()
                    .push(c.value.clone());
            }
        }
        let cards_where = |keep: &dyn Fn(&Entry<Commitment>) -> bool| -> Value {
            Value::from(
                cards
                    .iter()
                    .filter(|c| keep(c.entry))
                    .map(|c| c.value.clone())
                    .collect::<Vec<_>>(),
            )
        };
        // The front page and the printed page show the first few; the full lists are elsewhere.
        let first_cards = |keep: &dyn Fn(&Entry<Commitment>) -> bool, cap: usize| {
            let total = cards.iter().filter(|c| keep(c.entry)).count();
            let first: Vec<Value> = cards
                .iter()
                .filter(|c| keep(c.entry))
                .take(cap)
                .map(|c| c.value.clone())
                .collect();
            (Value::from(first), Value::from(total))
        };

        let ideas = self.ideas();
        let mut ideas_of_theme: HashMap<&str, Vec<Link>> = HashMap::new();
        for i in &strategy.ideas {
            if let (Some(t), Some(l)) = (&i.theme, self.index.link(i.id.get_ref())) {
                ideas_of_theme
                    .entry(t.get_ref().as_str())
                    .or_default()
                    .push(l);
            }
        }

        // Themes and objectives: (id, value, whether its prose has code).
        let mut themes: Vec<(&str, Value, bool)> = Vec::new();
        for t in &strategy.themes {
            #[derive(Serialize)]
            struct V {
                #[serde(flatten)]
                common: Common,
                summary: String,
                narrative_html: String,
                owner: String,
                serves: Vec<Link>,
                ideas: Vec<Link>,
            }
            let id = t.id.get_ref().as_str();
            let v = V {
                common: self.common(t, &t.tags),
                summary: t.summary.clone().unwrap_or_default(),
                narrative_html: self.prose(id, Some(&t.narrative)),
                owner: t.owner.clone().unwrap_or_default(),
                serves: self.index.links(&t.serves),
                ideas: ideas_of_theme.get(id).cloned().unwrap_or_default(),
            };
            let theme_cards = Value::from(cards_of_theme.remove(id).unwrap_or_default());
            let code = self.take_code();
            themes.push((id, value(&v, vec![("commitments", theme_cards)]), code));
        }
        let mut objectives: Vec<(&str, Value, bool)> = Vec::new();
        for o in &strategy.objectives {
            #[derive(Serialize)]
            struct V {
                #[serde(flatten)]
                common: Common,
                summary: String,
                why_html: String,
                owner: String,
                metric: MetricView,
                themes: Vec<Link>,
            }
            let id = o.id.get_ref().as_str();
            let v = V {
                common: self.common(o, &o.tags),
                summary: o.summary.clone().unwrap_or_default(),
                why_html: self.prose(id, Some(&o.why)),
                owner: o.owner.clone().unwrap_or_default(),
                metric: metric_view(&o.metric, self.as_of),
                themes: themes_of_objective.get(id).cloned().unwrap_or_default(),
            };
            let objective_cards = Value::from(cards_of_objective.remove(id).unwrap_or_default());
            let code = self.take_code();
            objectives.push((id, value(&v, vec![("commitments", objective_cards)]), code));
        }

        let non_goals = self.non_goals();
        let assumptions = self.assumptions();
        let risks = self.risks();
        let signals = self.signals();
        let changes = self.changes();
        let description = site
            .description
            .as_ref()
            .map(|d| markdown::plain_summary(d.text(), 200))
            .unwrap_or_default();
        let site_view = self.site_view(base_url, &description);
        let description_code = self.take_code();
        let site_value = Value::from_serializable(&site_view);

        let maker = Maker {
            site: site_value,
            description: description.clone(),
            base_url: base_url.to_owned(),
        };
        let make = |kind: &'static str,
                    path: String,
                    title: String,
                    summary: String,
                    template: &'static str,
                    has_code: bool,
                    extra: Vec<(&'static str, Value)>|
         -> Page<'a> {
            maker.make(kind, path, title, summary, template, has_code, extra)
        };

        let mut pages = Vec::new();
        let values = |list: &[(&str, Value, bool)]| -> Listed {
            Listed {
                values: list.iter().map(|(_, v, _)| v.clone()).collect(),
                code: list.iter().any(|(_, _, c)| *c),
            }
        };
        let (objective_list, theme_list) = (values(&objectives), values(&themes));
        let recent = Listed {
            values: changes.values.iter().take(5).cloned().collect(),
            code: changes.code,
        };
        let narrative = [
            ("objectives", &objective_list),
            ("themes", &theme_list),
            ("non_goals", &non_goals),
            ("signals", &signals),
            ("assumptions", &assumptions),
            ("risks", &risks),
            ("changes", &recent),
            ("ideas", &ideas),
        ];
        let narrative_code = description_code || narrative.iter().any(|(_, l)| l.code);
        let (now, now_total) = first_cards(&|c| c.status == Status::InProgress, FRONT_PAGE_CARDS);
        let (next, next_total) = first_cards(&|c| c.status == Status::Planned, FRONT_PAGE_CARDS);
        let narrative_values = |extra: Vec<(&'static str, Value)>| {
            narrative
                .iter()
                .map(|(k, l)| (*k, l.value()))
                .chain([
                    ("now", now.clone()),
                    ("now_total", now_total.clone()),
                    ("next", next.clone()),
                    ("next_total", next_total.clone()),
                ])
                .chain(extra)
                .collect::<Vec<_>>()
        };
        pages.push(make(
            "index",
            "index.html".into(),
            site.title.clone(),
            String::new(),
            "index.html",
            narrative_code,
            narrative_values(vec![]),
        ));
        pages.push(make(
            "print",
            "print.html".into(),
            format!("{} — one page", site.title),
            String::new(),
            "print.html",
            narrative_code,
            {
                let (live, live_total) = first_cards(&|c| c.status.is_live(), PRINTED_CARDS);
                narrative_values(vec![
                    ("commitments", live),
                    ("commitments_total", live_total),
                ])
            },
        ));

        let objective_by_id: HashMap<&str, &Value> =
            objectives.iter().map(|(id, v, _)| (*id, v)).collect();
        let served = |t: &Theme| -> Value {
            Value::from(
                t.serves
                    .iter()
                    .filter_map(|o| {
                        objective_by_id
                            .get(o.get_ref().as_str())
                            .map(|v| (*v).clone())
                    })
                    .collect::<Vec<_>>(),
            )
        };
        for (o, (id, v, code)) in strategy.objectives.iter().zip(&objectives) {
            pages.push(make(
                "objective",
                entry_url(Kind::Objective, id),
                o.title.get_ref().clone(),
                summary_of(o.summary.as_deref(), &o.why),
                "objective.html",
                *code,
                vec![("entry", v.clone())],
            ));
        }
        for (t, (id, v, code)) in strategy.themes.iter().zip(&themes) {
            pages.push(make(
                "theme",
                entry_url(Kind::Theme, id),
                t.title.get_ref().clone(),
                summary_of(t.summary.as_deref(), &t.narrative),
                "theme.html",
                *code,
                vec![("entry", v.clone()), ("objectives", served(t))],
            ));
        }
        // Commitment pages are many: each is made when it is rendered (see `Commitments`).
        let commitments_at = pages.len();
        let placed: HashMap<&str, [Value; 2]> = strategy
            .themes
            .iter()
            .zip(&themes)
            .map(|(t, (id, v, _))| (*id, [v.clone(), served(t)]))
            .collect();

        let groups: Vec<Value> = [
            Status::InProgress,
            Status::Planned,
            Status::Done,
            Status::Dropped,
        ]
        .into_iter()
        .map(|s| {
            #[derive(Serialize)]
            struct G {
                status: &'static str,
                label: &'static str,
            }
            let g = G {
                status: s.key(),
                label: s.label(),
            };
            value(&g, vec![("cards", cards_where(&|c| c.status == s))])
        })
        .collect();
        let groups = Listed {
            values: groups,
            code: false,
        };
        for section in &SECTIONS {
            let lists: Vec<(&'static str, &Listed)> = match section.kind {
                "commitments" => vec![("groups", &groups)],
                "ideas" => vec![("ideas", &ideas)],
                "non-goals" => vec![("non_goals", &non_goals)],
                "assumptions" => vec![("assumptions", &assumptions), ("risks", &risks)],
                "signals" => vec![("signals", &signals)],
                _ => vec![("changes", &changes)],
            };
            pages.push(make(
                section.kind,
                section.file.into(),
                section.title.into(),
                String::new(),
                section.file,
                lists.iter().any(|(_, l)| l.code),
                lists.iter().map(|(k, l)| (*k, l.value())).collect(),
            ));
        }
        pages.push(make(
            "404",
            "404.html".into(),
            "Page not found".into(),
            String::new(),
            "404.html",
            false,
            vec![],
        ));
        let updated = strategy
            .changes
            .iter()
            .map(|c| c.date)
            .max()
            .map_or_else(|| self.as_of.to_string(), |d| d.to_string());
        pages.push(make(
            "feed",
            "feed.xml".into(),
            site.title.clone(),
            String::new(),
            "atom.xml",
            false,
            vec![
                ("changes", changes.value()),
                ("updated", Value::from(updated)),
            ],
        ));

        // Every HTML page but the 404 page, in the order of the pages.
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
                    .filter(|c| placed.contains_key(c.entry.theme.get_ref().as_str()))
                    .map(|c| {
                        Value::from(format!(
                            "{base_url}{}",
                            entry_url(Kind::Commitment, c.entry.id.get_ref())
                        ))
                    }),
            )
            .chain(listed(&pages[commitments_at..]))
            .collect();
        pages.push(make(
            "sitemap",
            "sitemap.xml".into(),
            String::new(),
            String::new(),
            "sitemap.xml",
            false,
            vec![("urls", Value::from(urls))],
        ));
        let commitments = Commitments {
            cards,
            placed,
            affected_by: std::mem::take(&mut self.affected_by),
            maker,
        };
        (pages, commitments)
    }
}

/// Makes pages: the values every page receives.
struct Maker {
    site: Value,
    description: String,
    base_url: String,
}

impl Maker {
    #[allow(clippy::too_many_arguments)]
    fn make<'a>(
        &self,
        kind: &'static str,
        path: String,
        title: String,
        summary: String,
        template: &'static str,
        has_code: bool,
        extra: Vec<(&'static str, Value)>,
    ) -> Page<'a> {
        let base_url = &self.base_url;
        let root = if kind == "404" {
            base_path(base_url)
        } else {
            "../".repeat(path.matches('/').count())
        };
        let view = PageView {
            kind,
            canonical: format!(
                "{base_url}{}",
                if path == "index.html" { "" } else { &path }
            ),
            url: path.clone(),
            title,
            description: if summary.is_empty() {
                self.description.clone()
            } else {
                summary
            },
            has_code,
        };
        let mut context = Context::new();
        context.insert("root", &root);
        context.insert_value("site", self.site.clone());
        for (k, v) in extra {
            context.insert_value(k, v);
        }
        Page {
            path,
            template,
            root,
            view,
            context,
            deferred: None,
        }
    }
}

/// The commitment pages, made one by one as they are rendered, so that a strategy of thousands
/// of commitments never holds all their pages at once.
pub struct Commitments<'a> {
    cards: Vec<Card<'a>>,
    /// For each theme id: the theme and the objectives it serves, as its commitments' pages
    /// show them.
    placed: HashMap<&'a str, [Value; 2]>,
    affected_by: HashMap<String, Vec<Link>>,
    maker: Maker,
}

impl<'a> Commitments<'a> {
    /// How many pages there are.
    pub fn len(&self) -> usize {
        self.cards.len()
    }

    /// The page of the `i`-th commitment.
    pub fn page(&self, i: usize, links: &HashMap<String, Link>) -> Option<Page<'a>> {
        let card = self.cards.get(i)?;
        let c: &'a Entry<Commitment> = card.entry;
        let id: &'a str = c.id.get_ref();
        let [theme, objectives] = self.placed.get(c.theme.get_ref().as_str())?;
        let mut page = self.maker.make(
            "commitment",
            entry_url(Kind::Commitment, id),
            c.title.get_ref().clone(),
            card.summary.clone(),
            "commitment.html",
            false,
            vec![
                ("theme_entry", theme.clone()),
                ("objectives", objectives.clone()),
            ],
        );
        let index = Index { links };
        let list = |l: &[Link]| {
            if l.is_empty() {
                Value::from(Vec::<Value>::new())
            } else {
                Value::from_serializable(&l)
            }
        };
        page.deferred = Some(Deferred {
            id,
            entry: card.value.clone(),
            extra: vec![
                ("depends_on", list(&index.links(&c.depends_on))),
                (
                    "context",
                    list(self.affected_by.get(id).map_or(&[], Vec::as_slice)),
                ),
            ],
            prose: [("why_html", &c.why), ("done_when_html", &c.done_when)]
                .into_iter()
                .filter_map(|(field, p)| p.as_ref().map(|p| (field, p)))
                .collect(),
        });
        Some(page)
    }
}

fn date_str(d: &Option<Spanned<Date>>) -> String {
    d.as_ref()
        .map(|d| d.get_ref().to_string())
        .unwrap_or_default()
}

fn summary_of(summary: Option<&str>, prose: &Prose) -> String {
    summary.map_or_else(|| markdown::plain_summary(prose.text(), 200), str::to_owned)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn metric_values_read_as_written() {
        for (v, shown) in [
            (90.0, "90"),
            (4.5, "4.5"),
            (99.999, "99.999"),
            (0.000123, "0.000123"),
            (-0.0, "0"),
            (-12.25, "-12.25"),
            (1e300, "1e300"),
            (1.5e-9, "1.5e-9"),
        ] {
            assert_eq!(number(v), shown, "{v}");
        }
        assert_eq!(with_unit(99.999, "%"), "99.999%");
    }

    #[test]
    fn horizons_read_as_words_however_written() {
        for (written, shown) in [
            ("6 weeks", "6 weeks"),
            ("6weeks", "6 weeks"),
            ("6 Weeks", "6 weeks"),
            ("P6W", "6 weeks"),
            ("1 month", "1 month"),
            ("2 months 1 week", "2 months 1 week"),
            ("30d", "30 days"),
        ] {
            assert_eq!(horizon_words(written), shown, "{written}");
        }
        assert!(parse_horizon("soon").is_err());
    }
}
