//! From a validated strategy to the site plan: dates, progress, rollups and the why-chains that
//! pages show, all computed here so templates only lay them out.

use jiff::Span;

/// Parses a horizon such as `"6 weeks"` or `"2 months"` into a calendar span.
pub fn parse_horizon(text: &str) -> Result<Span, String> {
    let span: Span = text
        .trim()
        .parse()
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

use serde::Serialize;
use tera::{Context, Value};
use toml::Spanned;

use crate::load::{Entry, Strategy};
use crate::markdown::{self, Html, Resolver};
use crate::model::*;
use crate::source::{FileId, SourceMap};

/// One page to render: its output path, the template and the values it receives.
pub struct Page {
    /// Path from the site root, e.g. `commitments/instant-filters.html`.
    pub path: String,
    pub template: &'static str,
    pub context: Context,
    /// The path from this page to the site root (`""`, `"../"`).
    pub root: String,
}

/// Everything `render` needs: the pages and the site-wide facts.
pub struct Plan {
    pub pages: Vec<Page>,
    /// The machine-readable strategy, written as `strategy.json`.
    pub json: serde_json::Value,
    /// True when any prose has code, so the syntax stylesheet is written.
    pub has_code: bool,
    /// The custom domain, written as `CNAME`.
    pub cname: Option<String>,
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
    id: String,
    title: String,
    url: String,
    kind: Kind,
    kind_label: &'static str,
}

impl crate::json::LinkLike for Link {
    fn kind(&self) -> Kind {
        self.kind
    }
    fn path(&self) -> &str {
        &self.url
    }
}

/// Where each entry's page (or anchor) is.
pub fn entry_url(kind: Kind, id: &str) -> String {
    match kind {
        Kind::Objective => format!("objectives/{id}.html"),
        Kind::Theme => format!("themes/{id}.html"),
        Kind::Commitment => format!("commitments/{id}.html"),
        Kind::Idea => format!("ideas.html#{id}"),
        Kind::NonGoal => format!("non-goals.html#{id}"),
        Kind::Assumption | Kind::Risk => format!("assumptions.html#{id}"),
        Kind::Signal => format!("signals.html#{id}"),
        Kind::Change => format!("changes.html#{id}"),
    }
}

struct Index {
    links: HashMap<String, Link>,
}

impl Resolver for Index {
    fn entry(&self, id: &str) -> Option<(String, String)> {
        self.links.get(id).map(|l| (l.url.clone(), l.title.clone()))
    }
}

impl Index {
    fn link(&self, id: &str) -> Option<Link> {
        self.links.get(id).cloned()
    }

    fn links<'a>(&self, refs: impl IntoIterator<Item = &'a Ref>) -> Vec<Link> {
        refs.into_iter()
            .filter_map(|r| self.link(r.get_ref()))
            .collect()
    }
}

/// Formats a metric value for reading: `90`, `4.5`, `12.25`.
fn number(v: f64) -> String {
    let s = format!("{:.2}", v);
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" { "0".into() } else { s.to_owned() }
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
    let date =
        |d: &Option<Spanned<Date>>| d.as_ref().map(|d| d.get_ref().iso()).unwrap_or_default();
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
        measured: m.measured.map(|d| d.iso()).unwrap_or_default(),
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

struct Builder<'a> {
    strategy: &'a Strategy,
    files: &'a SourceMap,
    index: Index,
    as_of: jiff::civil::Date,
    horizon_end: Option<jiff::civil::Date>,
    has_code: bool,
    /// Entries that name each id in `affects`.
    affected_by: HashMap<String, Vec<Link>>,
}

impl Builder<'_> {
    fn prose(&mut self, id: &str, p: Option<&Prose>) -> String {
        let Some(p) = p else {
            return String::new();
        };
        let html: Html = markdown::render(
            &p.text,
            &self.index,
            self.strategy.site.allow_html,
            &format!("{id}-"),
            3,
        );
        self.has_code |= html.has_code;
        html.html
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

#[derive(Serialize)]
struct CommitmentView {
    #[serde(flatten)]
    common: Common,
    why_html: String,
    done_when_html: String,
    owner: String,
    due: String,
    status: &'static str,
    status_label: &'static str,
    overdue: bool,
    beyond_horizon: bool,
    theme: Option<Link>,
    objectives: Vec<Link>,
    depends_on: Vec<Link>,
    value: &'static str,
    effort: &'static str,
    risk: &'static str,
    context: Vec<Link>,
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

#[derive(Serialize)]
struct PageView {
    kind: &'static str,
    title: String,
    url: String,
    canonical: String,
    description: String,
    has_code: bool,
}

/// The section pages: (kind, title, file, template).
const SECTIONS: [(&str, &str, &str); 6] = [
    ("commitments", "Commitments", "commitments.html"),
    ("ideas", "Ideas", "ideas.html"),
    ("non-goals", "Non-goals", "non-goals.html"),
    ("assumptions", "Assumptions and risks", "assumptions.html"),
    ("signals", "Signals", "signals.html"),
    ("changes", "Changes", "changes.html"),
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
pub fn plan(strategy: &Strategy, files: &SourceMap, opts: &Options) -> Plan {
    let site = &strategy.site;
    let base_url = normalize_base_url(opts.base_url.as_deref().unwrap_or(site.base_url.get_ref()));
    let horizon_end = parse_horizon(site.horizon.get_ref())
        .ok()
        .and_then(|span| opts.as_of.checked_add(span).ok());
    let links = strategy
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
    let mut b = Builder {
        strategy,
        files,
        index: Index { links },
        as_of: opts.as_of,
        horizon_end,
        has_code: false,
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

    // Objectives served by each theme, and themes serving each objective.
    let theme_objectives: HashMap<&str, Vec<Link>> = strategy
        .themes
        .iter()
        .map(|t| (t.id.get_ref().as_str(), b.index.links(&t.serves)))
        .collect();

    // Commitment cards, converted once and shared by every page that lists them.
    let mut cards: Vec<(String, Status, String, Value)> = Vec::new();
    for c in &strategy.commitments {
        let id = c.id.get_ref().clone();
        let due = c.due.as_ref().map(|d| d.get_ref().0);
        let live = c.status.is_live();
        let view = CommitmentView {
            common: b.common(c, &c.tags),
            why_html: b.prose(&id, c.why.as_ref()),
            done_when_html: b.prose(&id, c.done_when.as_ref()),
            owner: c.owner.clone().unwrap_or_default(),
            due: due.map(|d| d.to_string()).unwrap_or_default(),
            status: c.status.key(),
            status_label: c.status.label(),
            overdue: live && due.is_some_and(|d| d < b.as_of),
            beyond_horizon: live && matches!((due, b.horizon_end), (Some(d), Some(h)) if d > h),
            theme: b.index.link(c.theme.get_ref()),
            objectives: theme_objectives
                .get(c.theme.get_ref().as_str())
                .cloned()
                .unwrap_or_default(),
            depends_on: b.index.links(&c.depends_on),
            value: level(c.value),
            effort: level(c.effort),
            risk: level(c.risk),
            context: b.affected_by.get(&id).cloned().unwrap_or_default(),
        };
        cards.push((
            id,
            c.status,
            c.theme.get_ref().clone(),
            value(&view, vec![]),
        ));
    }
    let cards_of_theme = |theme: &str| -> Vec<Value> {
        cards
            .iter()
            .filter(|(_, _, t, _)| t == theme)
            .map(|(_, _, _, v)| v.clone())
            .collect()
    };
    let cards_with = |status: Status| -> Vec<Value> {
        cards
            .iter()
            .filter(|(_, s, _, _)| *s == status)
            .map(|(_, _, _, v)| v.clone())
            .collect()
    };

    let mut ideas_of_theme: HashMap<&str, Vec<Link>> = HashMap::new();
    let mut ideas = Vec::new();
    for i in &strategy.ideas {
        let id = i.id.get_ref().clone();
        if let (Some(t), Some(l)) = (&i.theme, b.index.link(&id)) {
            ideas_of_theme
                .entry(t.get_ref().as_str())
                .or_default()
                .push(l);
        }
        #[derive(Serialize)]
        struct V {
            #[serde(flatten)]
            common: Common,
            pitch_html: String,
            theme: Option<Link>,
            value: &'static str,
            effort: &'static str,
        }
        let v = V {
            common: b.common(i, &i.tags),
            pitch_html: b.prose(&id, i.pitch.as_ref()),
            theme: i.theme.as_ref().and_then(|t| b.index.link(t.get_ref())),
            value: level(i.value),
            effort: level(i.effort),
        };
        ideas.push(value(&v, vec![]));
    }

    let mut themes = Vec::new();
    let mut themes_of_objective: HashMap<&str, Vec<Link>> = HashMap::new();
    let mut objective_cards: HashMap<&str, Vec<Value>> = HashMap::new();
    for t in &strategy.themes {
        let id = t.id.get_ref().clone();
        let theme_cards = cards_of_theme(&id);
        for o in &t.serves {
            if let Some(l) = b.index.link(&id) {
                themes_of_objective
                    .entry(o.get_ref().as_str())
                    .or_default()
                    .push(l);
            }
            objective_cards
                .entry(o.get_ref().as_str())
                .or_default()
                .extend(theme_cards.iter().cloned());
        }
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
        let v = V {
            common: b.common(t, &t.tags),
            summary: t.summary.clone().unwrap_or_default(),
            narrative_html: b.prose(&id, Some(&t.narrative)),
            owner: t.owner.clone().unwrap_or_default(),
            serves: b.index.links(&t.serves),
            ideas: ideas_of_theme.get(id.as_str()).cloned().unwrap_or_default(),
        };
        themes.push((
            id,
            value(&v, vec![("commitments", Value::from(theme_cards))]),
        ));
    }

    let mut objectives = Vec::new();
    for o in &strategy.objectives {
        let id = o.id.get_ref().clone();
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
        let v = V {
            common: b.common(o, &o.tags),
            summary: o.summary.clone().unwrap_or_default(),
            why_html: b.prose(&id, Some(&o.why)),
            owner: o.owner.clone().unwrap_or_default(),
            metric: metric_view(&o.metric, b.as_of),
            themes: themes_of_objective
                .get(id.as_str())
                .cloned()
                .unwrap_or_default(),
        };
        let cards = objective_cards.remove(id.as_str()).unwrap_or_default();
        objectives.push((id, value(&v, vec![("commitments", Value::from(cards))])));
    }

    let mut non_goals = Vec::new();
    for n in &strategy.non_goals {
        let id = n.id.get_ref().clone();
        #[derive(Serialize)]
        struct V {
            #[serde(flatten)]
            common: Common,
            why_html: String,
            reconsider_when_html: String,
        }
        let v = V {
            common: b.common(n, &n.tags),
            why_html: b.prose(&id, Some(&n.why)),
            reconsider_when_html: b.prose(&id, n.reconsider_when.as_ref()),
        };
        non_goals.push(value(&v, vec![]));
    }

    let review_due =
        |d: &Option<Spanned<Date>>| d.as_ref().is_some_and(|d| d.get_ref().0 < opts.as_of);
    let date_str =
        |d: &Option<Spanned<Date>>| d.as_ref().map(|d| d.get_ref().iso()).unwrap_or_default();

    let mut assumptions = Vec::new();
    for a in &strategy.assumptions {
        let id = a.id.get_ref().clone();
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
        let v = V {
            common: b.common(a, &a.tags),
            detail_html: b.prose(&id, a.detail.as_ref()),
            confidence: level(a.confidence),
            test_html: b.prose(&id, a.test.as_ref()),
            review_by: date_str(&a.review_by),
            review_due: review_due(&a.review_by),
            affects: b.index.links(&a.affects),
        };
        assumptions.push(value(&v, vec![]));
    }

    let mut risks = Vec::new();
    for r in &strategy.risks {
        let id = r.id.get_ref().clone();
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
        let (response, response_label) = match r.response.get_ref() {
            Response::Accepted => ("accepted", "Accepted on purpose"),
            Response::Mitigated => ("mitigated", "Mitigated"),
        };
        let v = V {
            common: b.common(r, &r.tags),
            detail_html: b.prose(&id, r.detail.as_ref()),
            response,
            response_label,
            mitigation_html: b.prose(&id, r.mitigation.as_ref()),
            likelihood: level(r.likelihood),
            impact: level(r.impact),
            affects: b.index.links(&r.affects),
        };
        risks.push(value(&v, vec![]));
    }

    let mut signals = Vec::new();
    for s in &strategy.signals {
        let id = s.id.get_ref().clone();
        #[derive(Serialize)]
        struct V {
            #[serde(flatten)]
            common: Common,
            detail_html: String,
            then_html: String,
            review_by: String,
            review_due: bool,
            affects: Vec<Link>,
        }
        let v = V {
            common: b.common(s, &s.tags),
            detail_html: b.prose(&id, s.detail.as_ref()),
            then_html: b.prose(&id, Some(&s.then)),
            review_by: date_str(&s.review_by),
            review_due: review_due(&s.review_by),
            affects: b.index.links(&s.affects),
        };
        signals.push(value(&v, vec![]));
    }

    let mut changes: Vec<(Date, Value)> = Vec::new();
    for c in &strategy.changes {
        let id = c.id.get_ref().clone();
        #[derive(Serialize)]
        struct V {
            #[serde(flatten)]
            common: Common,
            date: String,
            why_html: String,
            affects: Vec<Link>,
        }
        let v = V {
            common: b.common(c, &[]),
            date: c.date.iso(),
            why_html: b.prose(&id, c.why.as_ref()),
            affects: b.index.links(&c.affects),
        };
        changes.push((c.date, value(&v, vec![])));
    }
    // Newest first; entries of the same day keep their written order.
    changes.sort_by_key(|c| std::cmp::Reverse(c.0));
    let updated = changes
        .first()
        .map(|(d, _)| d.iso())
        .unwrap_or_else(|| opts.as_of.to_string());
    let changes: Vec<Value> = changes.into_iter().map(|(_, v)| v).collect();

    let description_html = b.prose("site", site.description.as_ref());
    let description = site
        .description
        .as_ref()
        .map(|d| markdown::plain_summary(&d.text, 200))
        .unwrap_or_default();
    let live = strategy
        .commitments
        .iter()
        .filter(|c| c.status.is_live())
        .count();
    let site_view = SiteView {
        title: site.title.clone(),
        description: description.clone(),
        description_html,
        language: site.language.clone(),
        base_url: base_url.clone(),
        horizon: site.horizon.get_ref().clone(),
        horizon_end: horizon_end.map(|d| d.to_string()).unwrap_or_default(),
        as_of: opts.as_of.to_string(),
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
        .chain(
            SECTIONS
                .iter()
                .map(|(kind, title, url)| NavItem { title, url, kind }),
        )
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
    };
    let site_value = Value::from_serializable(&site_view);
    let has_code = b.has_code;

    let mut pages = Vec::new();
    let make = |kind: &'static str,
                path: String,
                title: String,
                summary: String,
                template: &'static str,
                extra: Vec<(&'static str, Value)>|
     -> Page {
        let root = if kind == "404" {
            base_path(&base_url)
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
                description.clone()
            } else {
                summary
            },
            has_code,
        };
        let mut context = Context::new();
        context.insert("root", &root);
        let root = root.clone();
        context.insert_value("site", site_value.clone());
        context.insert("page", &view);
        for (k, v) in extra {
            context.insert_value(k, v);
        }
        Page {
            path,
            template,
            context,
            root,
        }
    };

    let objective_values: Vec<Value> = objectives.iter().map(|(_, v)| v.clone()).collect();
    let theme_values: Vec<Value> = themes.iter().map(|(_, v)| v.clone()).collect();
    let recent: Vec<Value> = changes.iter().take(5).cloned().collect();
    let narrative = |include_all_live: bool| {
        let mut v = vec![
            ("objectives", Value::from(objective_values.clone())),
            ("themes", Value::from(theme_values.clone())),
            ("now", Value::from(cards_with(Status::InProgress))),
            ("next", Value::from(cards_with(Status::Planned))),
            ("non_goals", Value::from(non_goals.clone())),
            ("signals", Value::from(signals.clone())),
            ("assumptions", Value::from(assumptions.clone())),
            ("risks", Value::from(risks.clone())),
            ("changes", Value::from(recent.clone())),
            ("ideas", Value::from(ideas.clone())),
        ];
        if include_all_live {
            let live: Vec<Value> = cards
                .iter()
                .filter(|(_, s, _, _)| s.is_live())
                .map(|(_, _, _, v)| v.clone())
                .collect();
            v.push(("commitments", Value::from(live)));
        }
        v
    };
    pages.push(make(
        "index",
        "index.html".into(),
        site.title.clone(),
        String::new(),
        "index.html",
        narrative(false),
    ));
    pages.push(make(
        "print",
        "print.html".into(),
        format!("{} — one page", site.title),
        String::new(),
        "print.html",
        narrative(true),
    ));

    let objective_by_id: HashMap<&str, &Value> =
        objectives.iter().map(|(id, v)| (id.as_str(), v)).collect();
    let theme_by_id: HashMap<&str, &Value> =
        themes.iter().map(|(id, v)| (id.as_str(), v)).collect();
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
    for (o, (id, v)) in strategy.objectives.iter().zip(&objectives) {
        pages.push(make(
            "objective",
            entry_url(Kind::Objective, id),
            o.title.get_ref().clone(),
            summary_of(o.summary.as_deref(), &o.why),
            "objective.html",
            vec![("entry", v.clone())],
        ));
    }
    for (t, (id, v)) in strategy.themes.iter().zip(&themes) {
        pages.push(make(
            "theme",
            entry_url(Kind::Theme, id),
            t.title.get_ref().clone(),
            summary_of(t.summary.as_deref(), &t.narrative),
            "theme.html",
            vec![("entry", v.clone()), ("objectives", served(t))],
        ));
    }
    let theme_of: HashMap<&str, &Theme> = strategy
        .themes
        .iter()
        .map(|t| (t.id.get_ref().as_str(), &t.data))
        .collect();
    for (c, (id, _, theme_id, v)) in strategy.commitments.iter().zip(&cards) {
        let (Some(theme), Some(theme_value)) = (
            theme_of.get(theme_id.as_str()),
            theme_by_id.get(theme_id.as_str()),
        ) else {
            continue;
        };
        let theme_value = (*theme_value).clone();
        let summary = c
            .why
            .as_ref()
            .map(|w| markdown::plain_summary(&w.text, 200))
            .unwrap_or_default();
        pages.push(make(
            "commitment",
            entry_url(Kind::Commitment, id),
            c.title.get_ref().clone(),
            summary,
            "commitment.html",
            vec![
                ("entry", v.clone()),
                ("theme_entry", theme_value),
                ("objectives", served(theme)),
            ],
        ));
    }

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
        value(
            &G {
                status: s.key(),
                label: s.label(),
            },
            vec![("cards", Value::from(cards_with(s)))],
        )
    })
    .collect();
    let sections: [(usize, Vec<(&'static str, Value)>); 6] = [
        (0, vec![("groups", Value::from(groups))]),
        (1, vec![("ideas", Value::from(ideas.clone()))]),
        (2, vec![("non_goals", Value::from(non_goals.clone()))]),
        (
            3,
            vec![
                ("assumptions", Value::from(assumptions.clone())),
                ("risks", Value::from(risks.clone())),
            ],
        ),
        (4, vec![("signals", Value::from(signals.clone()))]),
        (5, vec![("changes", Value::from(changes.clone()))]),
    ];
    for (i, extra) in sections {
        let (kind, title, file) = SECTIONS[i];
        pages.push(make(
            kind,
            file.into(),
            title.into(),
            String::new(),
            section_template(kind),
            extra,
        ));
    }
    pages.push(make(
        "404",
        "404.html".into(),
        "Page not found".into(),
        String::new(),
        "404.html",
        vec![],
    ));
    pages.push(make(
        "feed",
        "feed.xml".into(),
        site.title.clone(),
        String::new(),
        "atom.xml",
        vec![
            ("changes", Value::from(changes.clone())),
            ("updated", Value::from(updated)),
        ],
    ));

    let urls: Vec<Value> = pages
        .iter()
        .filter(|p| p.path.ends_with(".html") && p.path != "404.html")
        .map(|p| {
            let path = if p.path == "index.html" {
                ""
            } else {
                p.path.as_str()
            };
            Value::from(format!("{base_url}{path}"))
        })
        .collect();
    pages.push(make(
        "sitemap",
        "sitemap.xml".into(),
        String::new(),
        String::new(),
        "sitemap.xml",
        vec![("urls", Value::from(urls))],
    ));

    Plan {
        pages,
        json: crate::json::strategy_json(strategy, &b.index.links, &base_url, opts.as_of),
        has_code,
        cname: site.cname.as_ref().map(|c| c.get_ref().clone()),
    }
}

fn section_template(kind: &str) -> &'static str {
    match kind {
        "commitments" => "commitments.html",
        "ideas" => "ideas.html",
        "non-goals" => "non-goals.html",
        "assumptions" => "assumptions.html",
        "signals" => "signals.html",
        _ => "changes.html",
    }
}

fn summary_of(summary: Option<&str>, prose: &Prose) -> String {
    summary.map_or_else(|| markdown::plain_summary(&prose.text, 200), str::to_owned)
}
