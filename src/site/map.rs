//! The strategy map: objectives, the themes that serve them and the commitments of each theme,
//! in three columns, with the dependencies between commitments, drawn at build time as an inline
//! SVG (no script), and the same content as a nested list for readers who do not see it.
//!
//! Only the order within a column is open: objectives keep their written order; themes are
//! ordered by the mean position of the objectives they serve (the barycentre heuristic, which
//! removes most crossings); commitments follow their theme. Each node then sits level with the
//! middle of what it leads to, pushed down where it would overlap the one above. Text is
//! measured with the font table in `util::font`, so the bytes are the same on every machine.
//!
//! A strategy of more than [`EXPAND_AT_MOST`] commitments is drawn collapsed on the map page
//! (themes with their counts); each theme's page draws its own commitments.

use std::collections::HashMap;
use std::fmt::Write;

use serde::Serialize;
use tera::Value;

use super::links::Index;
use super::metric::metric_view;
use crate::model::{Commitment, Entry, Kind, Status, Strategy};
use crate::util::font::fit;
use crate::util::text::escape;

/// The most commitments the map page draws one by one; beyond, it shows themes with counts.
pub const EXPAND_AT_MOST: usize = 150;

const WIDTH: f32 = 960.0;
const COL_W: f32 = 270.0;
const COL_X: [f32; 3] = [0.0, 330.0, 650.0];
const GAP: f32 = 10.0;
const PAD: f32 = 8.0;
const TITLE: f32 = 13.0;
const SMALL: f32 = 11.0;
const OBJECTIVE_H: f32 = 54.0;
const THEME_H: f32 = 42.0;
const COMMITMENT_H: f32 = 36.0;
const HEAD_H: f32 = 26.0;

/// One node of the nested list: a link, what state it is in, and what it leads to.
struct Item {
    title: String,
    url: String,
    state: String,
    children: Vec<Item>,
    /// For a commitment: the commitments it depends on.
    depends_on: Vec<Dep>,
}

struct Dep {
    title: String,
    url: String,
}

struct Node {
    title: String,
    url: String,
    state: String,
    class: &'static str,
    y: f32,
    h: f32,
    /// 0–100, for an objective whose metric can tell.
    progress: Option<u32>,
}

/// What a map shows: which themes, and whether their commitments are drawn.
pub enum Scope<'s> {
    /// The whole strategy; commitments drawn when there are few enough.
    Whole,
    /// One theme, with its commitments.
    Theme(&'s str),
}

fn counts_label(cs: &[&Entry<Commitment>]) -> String {
    if cs.is_empty() {
        return "No commitments yet".into();
    }
    let mut parts = vec![crate::util::text::plural(cs.len(), "commitment")];
    for s in [Status::InProgress, Status::Done] {
        let n = cs.iter().filter(|c| c.status == s).count();
        if n > 0 {
            parts.push(format!("{n} {}", s.label().to_lowercase()));
        }
    }
    parts.join(", ")
}

/// Each theme's commitments (a commitment of several themes under each), in written order:
/// worked out once for every map of a build.
pub type ByTheme<'a> = HashMap<&'a str, Vec<&'a Entry<Commitment>>>;

pub fn by_theme(strategy: &Strategy) -> ByTheme<'_> {
    let mut of_theme: ByTheme = HashMap::new();
    for c in &strategy.commitments {
        for t in &c.theme {
            of_theme.entry(t.get_ref().as_str()).or_default().push(c);
        }
    }
    of_theme
}

/// The map of `scope` as a template value: `{svg, list_html, expanded, collapsed_at}`, or
/// null.
pub fn value(views: &super::entries::Views<'_, '_>, of_theme: &ByTheme, scope: Scope<'_>) -> Value {
    map(views.strategy, views.index, views.as_of, of_theme, scope).unwrap_or_else(Value::none)
}

/// Lays out and draws a map: the SVG and the list with the same content;
/// `None` when there is nothing to draw.
pub fn map(
    strategy: &Strategy,
    index: Index<'_>,
    as_of: jiff::civil::Date,
    of_theme: &ByTheme,
    scope: Scope<'_>,
) -> Option<Value> {
    let themes: Vec<_> = match scope {
        Scope::Whole => strategy.themes.iter().collect(),
        Scope::Theme(id) => strategy
            .themes
            .iter()
            .filter(|t| t.id.get_ref() == id)
            .collect(),
    };
    let objectives: Vec<_> = strategy
        .objectives
        .iter()
        .filter(|o| {
            matches!(scope, Scope::Whole)
                || themes
                    .iter()
                    .any(|t| t.serves.iter().any(|s| s.get_ref() == o.id.get_ref()))
        })
        .collect();
    if objectives.is_empty() && themes.is_empty() {
        return None;
    }
    let expanded = match scope {
        Scope::Whole => strategy.commitments.len() <= EXPAND_AT_MOST,
        Scope::Theme(_) => true,
    };
    // Themes by the mean written position of the objectives they serve; those serving none last.
    let position: HashMap<&str, usize> = objectives
        .iter()
        .enumerate()
        .map(|(i, o)| (o.id.get_ref().as_str(), i))
        .collect();
    let mut ordered: Vec<(f32, usize, &Entry<crate::model::Theme>)> = themes
        .iter()
        .enumerate()
        .map(|(i, t)| {
            let ps: Vec<usize> = t
                .serves
                .iter()
                .filter_map(|s| position.get(s.get_ref().as_str()).copied())
                .collect();
            let bary = if ps.is_empty() {
                f32::MAX
            } else {
                ps.iter().sum::<usize>() as f32 / ps.len() as f32
            };
            (bary, i, *t)
        })
        .collect();
    ordered.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));

    // The commitments column, stacked in theme order; then themes level with their work.
    let mut commitments: Vec<(Node, &Entry<Commitment>)> = Vec::new();
    let mut y = HEAD_H;
    let mut theme_nodes: Vec<Node> = Vec::new();
    let mut prev_end = HEAD_H;
    for (_, _, t) in &ordered {
        let id = t.id.get_ref().as_str();
        let work = of_theme.get(id).map_or(&[][..], Vec::as_slice);
        let first = y;
        // On the whole map, a commitment of several themes is stacked under its main one.
        let stacked: Vec<&&Entry<Commitment>> = work
            .iter()
            .filter(|c| matches!(scope, Scope::Theme(_)) || c.theme.main().get_ref() == id)
            .collect();
        if expanded {
            for c in stacked.iter().copied() {
                let due = c.due.as_ref().map(|d| format!(" · due {}", d.get_ref()));
                commitments.push((
                    Node {
                        title: index.title(c.id.get_ref()),
                        url: Kind::Commitment.url(c.id.get_ref()),
                        state: format!("{}{}", c.status.label(), due.unwrap_or_default()),
                        class: c.status.key(),
                        y,
                        h: COMMITMENT_H,
                        progress: None,
                    },
                    c,
                ));
                y += COMMITMENT_H + GAP;
            }
        }
        let middle = if expanded && !stacked.is_empty() {
            (first + y - GAP) / 2.0
        } else {
            prev_end + THEME_H / 2.0
        };
        let ty = (middle - THEME_H / 2.0).max(prev_end);
        prev_end = ty + THEME_H + GAP;
        if !expanded || stacked.is_empty() {
            y = y.max(prev_end);
        }
        theme_nodes.push(Node {
            title: index.title(id),
            url: Kind::Theme.url(id),
            state: counts_label(work),
            class: "theme",
            y: ty,
            h: THEME_H,
            progress: None,
        });
    }
    let theme_at: HashMap<&str, usize> = ordered
        .iter()
        .enumerate()
        .map(|(i, (_, _, t))| (t.id.get_ref().as_str(), i))
        .collect();
    let mut objective_nodes: Vec<Node> = Vec::new();
    let mut prev_end = HEAD_H;
    for o in &objectives {
        let mid: Vec<f32> = ordered
            .iter()
            .enumerate()
            .filter(|(_, (_, _, t))| t.serves.iter().any(|s| s.get_ref() == o.id.get_ref()))
            .map(|(i, _)| theme_nodes[i].y + THEME_H / 2.0)
            .collect();
        let middle = if mid.is_empty() {
            prev_end + OBJECTIVE_H / 2.0
        } else {
            mid.iter().sum::<f32>() / mid.len() as f32
        };
        let oy = (middle - OBJECTIVE_H / 2.0).max(prev_end);
        prev_end = oy + OBJECTIVE_H + GAP;
        // An objective's first metric is its headline, as on its page.
        let m = o
            .metrics
            .first()
            .map(|m| metric_view(m.get_ref(), as_of, strategy.site.stale_before(as_of)));
        let progress = m.as_ref().and_then(|m| m.progress());
        let state = match (&m, progress) {
            (Some(m), Some(p)) => format!("{p}% of the way · {}", m.status_label()),
            (Some(m), None) => m.status_label().to_owned(),
            (None, _) => "Judged by evidence, not a number".to_owned(),
        };
        objective_nodes.push(Node {
            title: index.title(o.id.get_ref()),
            url: Kind::Objective.url(o.id.get_ref()),
            state,
            class: "objective",
            y: oy,
            h: OBJECTIVE_H,
            progress,
        });
    }
    let height = [
        objective_nodes.last().map(|n| n.y + n.h),
        theme_nodes.last().map(|n| n.y + n.h),
        commitments.last().map(|(n, _)| n.y + n.h),
    ]
    .into_iter()
    .flatten()
    .fold(HEAD_H, f32::max)
        + 4.0;

    let mut svg = String::new();
    let _ = write!(
        svg,
        "<svg class=\"map\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {WIDTH} {height:.0}\" width=\"{WIDTH}\" height=\"{height:.0}\" role=\"group\" aria-label=\"Strategy map\">"
    );
    let heads = [
        "Objectives",
        "Themes",
        if expanded { "Commitments" } else { "" },
    ];
    for (x, h) in COL_X.iter().zip(heads) {
        if !h.is_empty() {
            let _ = write!(
                svg,
                "<text class=\"map-head\" x=\"{x:.0}\" y=\"14\">{h}</text>"
            );
        }
    }
    // Edges first, under the nodes.
    svg.push_str("<g class=\"map-edges\" aria-hidden=\"true\">");
    for (oi, o) in objectives.iter().enumerate() {
        let on = &objective_nodes[oi];
        for (ti, (_, _, t)) in ordered.iter().enumerate() {
            if t.serves.iter().any(|s| s.get_ref() == o.id.get_ref()) {
                let tn = &theme_nodes[ti];
                curve(
                    &mut svg,
                    COL_X[0] + COL_W,
                    on.y + on.h / 2.0,
                    COL_X[1],
                    tn.y + tn.h / 2.0,
                    "",
                );
            }
        }
    }
    let commitment_at: HashMap<&str, usize> = commitments
        .iter()
        .enumerate()
        .map(|(i, (_, c))| (c.id.get_ref().as_str(), i))
        .collect();
    for (n, c) in &commitments {
        // A commitment of several themes is drawn once, under its main theme, with a line
        // from each.
        for ti in c
            .theme
            .iter()
            .filter_map(|t| theme_at.get(t.get_ref().as_str()))
        {
            let tn = &theme_nodes[*ti];
            curve(
                &mut svg,
                COL_X[1] + COL_W,
                tn.y + tn.h / 2.0,
                COL_X[2],
                n.y + n.h / 2.0,
                "",
            );
        }
    }
    // A dependency: a loop to the right of the commitments, from the one that waits to the
    // one it waits for, wider the further apart they are.
    for (n, c) in &commitments {
        for d in &c.depends_on {
            if let Some(&j) = commitment_at.get(d.get_ref().as_str()) {
                let m = &commitments[j].0;
                let (y1, y2) = (n.y + n.h / 2.0, m.y + m.h / 2.0);
                let x = COL_X[2] + COL_W;
                let bulge = (8.0 + (y1 - y2).abs() / 12.0).min(WIDTH - x - 4.0);
                let _ = write!(
                    svg,
                    "<path class=\"map-dep\" d=\"M{x:.1} {y1:.1}C{:.1} {y1:.1} {:.1} {y2:.1} {:.1} {y2:.1}\" marker-end=\"url(#map-arrow)\"/>",
                    x + bulge,
                    x + bulge,
                    x + 2.0
                );
            }
        }
    }
    svg.push_str("</g>");
    svg.push_str("<defs><marker id=\"map-arrow\" viewBox=\"0 0 8 8\" refX=\"7\" refY=\"4\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto\"><path d=\"M0 0L8 4L0 8z\" class=\"map-arrow\"/></marker></defs>");
    for n in &objective_nodes {
        node(&mut svg, COL_X[0], n);
    }
    for n in &theme_nodes {
        node(&mut svg, COL_X[1], n);
    }
    for (n, c) in &commitments {
        let waits = c
            .depends_on
            .iter()
            .filter_map(|d| index.link(d.get_ref()))
            .map(|l| l.title)
            .collect::<Vec<_>>();
        let mut n2 = Node {
            title: n.title.clone(),
            url: n.url.clone(),
            state: n.state.clone(),
            class: n.class,
            y: n.y,
            h: n.h,
            progress: None,
        };
        if !waits.is_empty() {
            n2.state = format!("{} · after {}", n.state, waits.join(", "));
        }
        node(&mut svg, COL_X[2], &n2);
    }
    svg.push_str("</svg>");

    // The nested list: objective → theme → commitment, themes under each objective they serve.
    let commitment_item = |(n, c): &(Node, &Entry<Commitment>)| Item {
        title: n.title.clone(),
        url: n.url.clone(),
        state: n.state.clone(),
        children: vec![],
        depends_on: c
            .depends_on
            .iter()
            .filter_map(|d| index.link(d.get_ref()))
            .map(|l| Dep {
                title: l.title,
                url: l.url,
            })
            .collect(),
    };
    let theme_item = |ti: usize| {
        let tn = &theme_nodes[ti];
        let id = ordered[ti].2.id.get_ref().as_str();
        Item {
            title: tn.title.clone(),
            url: tn.url.clone(),
            state: tn.state.clone(),
            children: commitments
                .iter()
                .filter(|(_, c)| c.theme.iter().any(|t| t.get_ref() == id))
                .map(commitment_item)
                .collect(),
            depends_on: vec![],
        }
    };
    let mut list: Vec<Item> = objectives
        .iter()
        .zip(&objective_nodes)
        .map(|(o, on)| Item {
            title: on.title.clone(),
            url: on.url.clone(),
            state: on.state.clone(),
            children: ordered
                .iter()
                .enumerate()
                .filter(|(_, (_, _, t))| t.serves.iter().any(|s| s.get_ref() == o.id.get_ref()))
                .map(|(i, _)| theme_item(i))
                .collect(),
            depends_on: vec![],
        })
        .collect();
    let unserved: Vec<Item> = ordered
        .iter()
        .enumerate()
        .filter(|(_, (_, _, t))| {
            !t.serves
                .iter()
                .any(|s| position.contains_key(s.get_ref().as_str()))
        })
        .map(|(i, _)| theme_item(i))
        .collect();
    if !unserved.is_empty() {
        if let Scope::Theme(_) = scope {
            list.extend(unserved);
        } else {
            list.push(Item {
                title: "Themes that serve no objective yet".into(),
                url: String::new(),
                state: String::new(),
                children: unserved,
                depends_on: vec![],
            });
        }
    }
    #[derive(Serialize)]
    struct MapView {
        svg: String,
        list_html: String,
        expanded: bool,
        collapsed_at: usize,
    }
    let mut list_html = String::new();
    items_html(&mut list_html, &list);
    Some(Value::from_serializable(&MapView {
        svg,
        list_html,
        expanded,
        collapsed_at: EXPAND_AT_MOST,
    }))
}

/// The nested list as HTML: the same links and states as the drawing.
fn items_html(out: &mut String, items: &[Item]) {
    out.push_str("<ul>");
    for i in items {
        out.push_str("<li>");
        if i.url.is_empty() {
            out.push_str(&escape(&i.title));
        } else {
            let _ = write!(
                out,
                "<a href=\"{}{}\">{}</a>",
                crate::markdown::ROOT_MARKER,
                escape(&i.url),
                escape(&i.title)
            );
        }
        if !i.state.is_empty() {
            let _ = write!(out, " <span class=\"note\">({}", escape(&i.state));
            for (n, d) in i.depends_on.iter().enumerate() {
                out.push_str(if n == 0 { "; after " } else { ", " });
                let _ = write!(
                    out,
                    "<a href=\"{}{}\">{}</a>",
                    crate::markdown::ROOT_MARKER,
                    escape(&d.url),
                    escape(&d.title)
                );
            }
            out.push_str(")</span>");
        }
        if !i.children.is_empty() {
            items_html(out, &i.children);
        }
        out.push_str("</li>");
    }
    out.push_str("</ul>");
}

fn curve(svg: &mut String, x1: f32, y1: f32, x2: f32, y2: f32, class: &str) {
    let mx = (x1 + x2) / 2.0;
    let _ = write!(
        svg,
        "<path class=\"map-edge{class}\" d=\"M{x1:.1} {y1:.1}C{mx:.1} {y1:.1} {mx:.1} {y2:.1} {x2:.1} {y2:.1}\"/>"
    );
}

/// One node: a link to its page, named by its `<title>`, with its title cut to fit and its
/// state under it; an objective also has a bar of its progress.
fn node(svg: &mut String, x: f32, n: &Node) {
    let inner = COL_W - 2.0 * PAD;
    // Titles are drawn bold, about a tenth wider than the regular face the table measures.
    let title = fit(&n.title, inner, TITLE * 1.12);
    let state = fit(&n.state, inner, SMALL);
    let _ = write!(
        svg,
        "<a href=\"{}{}\" class=\"map-node map-{}\"><title>{} — {}</title><rect x=\"{x:.1}\" y=\"{:.1}\" width=\"{COL_W}\" height=\"{:.1}\" rx=\"5\"/><text x=\"{:.1}\" y=\"{:.1}\" class=\"map-title\">{}</text><text x=\"{:.1}\" y=\"{:.1}\" class=\"map-state\">{}</text>",
        crate::markdown::ROOT_MARKER,
        escape(&n.url),
        n.class,
        escape(&n.title),
        escape(&n.state),
        n.y,
        n.h,
        x + PAD,
        n.y + PAD + TITLE - 1.0,
        escape(&title),
        x + PAD,
        n.y + PAD + TITLE + 4.0 + SMALL,
        escape(&state),
    );
    if let Some(p) = n.progress {
        let bar = inner * p as f32 / 100.0;
        let by = n.y + n.h - PAD - 5.0;
        let _ = write!(
            svg,
            "<rect class=\"map-track\" x=\"{:.1}\" y=\"{by:.1}\" width=\"{inner:.1}\" height=\"5\" rx=\"2.5\"/><rect class=\"map-fill\" x=\"{:.1}\" y=\"{by:.1}\" width=\"{bar:.1}\" height=\"5\" rx=\"2.5\"/>",
            x + PAD,
            x + PAD,
        );
    }
    svg.push_str("</a>");
}
