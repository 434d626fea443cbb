//! What the pages of a workspace add to each member's: the breadcrumbs from the organisation
//! down to the team, on each objective the chain of objectives up to the top it aligns to, and
//! the team objectives that contribute to it, each with its own progress; and the plan of the
//! organisation's front page. Every address here is relative to the member's root (templates
//! put `root` in front), except those of parents published elsewhere, which are absolute.

use std::collections::HashMap;

use serde::Serialize;

use super::metric::{MetricBrief, metric_view};
use crate::model::{Kind, Objective, Strategy};
use crate::workspace::{Target, Workspace};

/// The workspace as one member's pages see it.
#[derive(Default, PartialEq)]
pub struct MemberContext {
    /// From the organisation's front page down to this team (itself last, its own front page).
    pub breadcrumbs: Vec<Crumb>,
    /// For each objective id, one chain per `aligns_to` entry: the objective it names first,
    /// then what that one aligns to, up to the top.
    pub aligns: HashMap<String, Vec<Vec<Step>>>,
    /// For each objective id, the objectives of other teams that align to it.
    pub contributors: HashMap<String, Vec<Contributor>>,
    /// The workspace's stylesheet, from the member's root.
    pub css: String,
    /// The names owners and sponsors may be written as, by id: declared people and teams.
    pub people: HashMap<String, String>,
}

impl MemberContext {
    /// When this context differs from `before` only in what objectives' own pages show (their
    /// chains up and the objectives that move them), the ids of those objectives; `None` when
    /// it differs in what every page shows (breadcrumbs, names, the stylesheet).
    pub fn objectives_changed(&self, before: &MemberContext) -> Option<Vec<String>> {
        if self.breadcrumbs != before.breadcrumbs
            || self.css != before.css
            || self.people != before.people
        {
            return None;
        }
        let mut ids: Vec<String> = self
            .aligns
            .keys()
            .chain(before.aligns.keys())
            .filter(|k| self.aligns.get(*k) != before.aligns.get(*k))
            .chain(
                self.contributors
                    .keys()
                    .chain(before.contributors.keys())
                    .filter(|k| self.contributors.get(*k) != before.contributors.get(*k)),
            )
            .cloned()
            .collect();
        ids.sort();
        ids.dedup();
        Some(ids)
    }
}

/// The names owners and sponsors may be written as, by id: the people `[workspace.people]`
/// declares, and every team.
fn people(ws: &Workspace) -> HashMap<String, String> {
    let mut people: HashMap<String, String> = ws
        .config
        .iter()
        .flat_map(|c| c.people.iter())
        .map(|(id, p)| (id.clone(), p.name.clone()))
        .collect();
    for m in &ws.members {
        if m.team().is_some() {
            people
                .entry(m.id.clone())
                .or_insert_with(|| m.name().to_owned());
        }
    }
    people
}

/// One step of the breadcrumbs.
#[derive(Clone, PartialEq, Serialize)]
pub struct Crumb {
    pub title: String,
    pub url: String,
}

/// An objective one level up.
#[derive(Clone, PartialEq, Serialize)]
pub struct Step {
    /// The team (or parent) that holds it.
    pub team: String,
    pub title: String,
    /// Its page: relative to the member's root, or absolute when `external`; empty when the
    /// reference could not be followed (a member built alone).
    pub url: String,
    pub external: bool,
}

/// An objective of another team that contributes to this one, with its own progress.
#[derive(Clone, PartialEq, Serialize)]
pub struct Contributor {
    pub team: String,
    pub title: String,
    pub url: String,
    pub metrics: Vec<MetricBrief>,
    /// On the workspace's front page, the objectives of teams further down that align to this
    /// one, and so on (three levels at most); empty on a member's pages.
    pub contributors: Vec<Contributor>,
}

/// Where the workspace's stylesheet is written, from the workspace root.
pub const WORKSPACE_CSS: &str = "assets/workspace.css";

/// "../../" from the folder `dir` to the workspace root.
fn up(dir: &str) -> String {
    if dir.is_empty() {
        String::new()
    } else {
        "../".repeat(dir.split('/').count())
    }
}

/// The path of member `j`'s objective `id`, from member `i`'s root.
fn objective_url(ws: &Workspace, i: usize, j: usize, id: &str) -> String {
    let dir = &ws.members[j].dir;
    let folder = if dir.is_empty() {
        String::new()
    } else {
        format!("{dir}/")
    };
    format!(
        "{}{folder}{}",
        up(&ws.members[i].dir),
        Kind::Objective.url(id)
    )
}

fn objective_of<'s>(s: &'s Strategy, id: &str) -> Option<&'s Objective> {
    s.objectives
        .iter()
        .find(|o| o.id.get_ref() == id)
        .map(|e| &e.data)
}

/// The step `target` is, from member `i`.
fn step(ws: &Workspace, i: usize, target: &Target) -> Step {
    match target {
        Target::Member(j, id) => {
            let m = &ws.members[*j];
            Step {
                team: m.name().to_owned(),
                title: m
                    .strategy()
                    .and_then(|s| objective_of(s, id))
                    .map_or(id.clone(), |o| o.title.get_ref().clone()),
                url: objective_url(ws, i, *j, id),
                external: false,
            }
        }
        Target::Parent(p, id) => {
            let parent = &ws.parents[*p];
            let o = parent.objectives.iter().find(|o| o.id == *id);
            Step {
                team: parent.title.clone(),
                title: o.map_or(id.clone(), |o| o.title.clone()),
                url: o.map(|o| o.url.clone()).unwrap_or_default(),
                external: true,
            }
        }
    }
}

/// The context of member `i`'s pages.
pub fn member_context(ws: &Workspace, i: usize, as_of: jiff::civil::Date) -> MemberContext {
    let mut cx = MemberContext {
        css: format!("{}{WORKSPACE_CSS}", up(&ws.members[i].dir)),
        ..MemberContext::default()
    };
    cx.people = people(ws);
    if ws.is_workspace() {
        let title = ws
            .config
            .as_ref()
            .and_then(|c| c.title.as_ref())
            .map(|t| t.get_ref().clone())
            .unwrap_or_default();
        cx.breadcrumbs.push(Crumb {
            title,
            url: format!("{}index.html", up(&ws.members[i].dir)),
        });
        for j in ws.lineage(i) {
            let url = if j == i {
                "index.html".to_owned()
            } else {
                format!("{}{}/index.html", up(&ws.members[i].dir), ws.members[j].dir)
            };
            cx.breadcrumbs.push(Crumb {
                title: ws.members[j].name().to_owned(),
                url,
            });
        }
    }
    let Some(s) = ws.members[i].strategy() else {
        return cx;
    };
    for o in &s.objectives {
        let id = o.id.get_ref();
        let mut chains = Vec::new();
        for r in &o.aligns_to {
            let (q, target_id) = r.get_ref().split_once(':').unwrap_or(("", r.get_ref()));
            let edge = ws.alignment.iter().find(|e| {
                e.member == i
                    && e.objective == *id
                    && match &e.target {
                        Target::Member(j, t) => ws.members[*j].id == q && t == target_id,
                        Target::Parent(p, t) => ws.parents[*p].name == q && t == target_id,
                    }
            });
            let Some(edge) = edge else {
                chains.push(vec![Step {
                    team: q.to_owned(),
                    title: r.get_ref().clone(),
                    url: String::new(),
                    external: false,
                }]);
                continue;
            };
            let mut chain = vec![step(ws, i, &edge.target)];
            // Up through the first objective each one aligns to, never round a loop.
            let mut at = edge.target.clone();
            let mut seen = vec![at.clone()];
            while let Target::Member(j, t) = &at {
                let Some(next) = ws
                    .alignment
                    .iter()
                    .find(|e| e.member == *j && e.objective == *t)
                else {
                    break;
                };
                if seen.contains(&next.target) {
                    break;
                }
                chain.push(step(ws, i, &next.target));
                seen.push(next.target.clone());
                at = next.target.clone();
            }
            chains.push(chain);
        }
        if !chains.is_empty() {
            cx.aligns.insert(id.clone(), chains);
        }
        let contributors = contributors(ws, i, &Target::Member(i, id.clone()), as_of);
        if !contributors.is_empty() {
            cx.contributors.insert(id.clone(), contributors);
        }
    }
    cx
}

/// The objectives that align to `target`, as seen from member `from`'s root.
pub fn contributors(
    ws: &Workspace,
    from: usize,
    target: &Target,
    as_of: jiff::civil::Date,
) -> Vec<Contributor> {
    let url = |j: usize, id: &str| objective_url(ws, from, j, id);
    contributors_down(ws, target, as_of, &url, 0, &mut Vec::new())
}

/// The objectives that align to `target`, each with its page at `url(member, id)` and, down to
/// `depth` more levels, those that align to it in turn, never round a loop.
fn contributors_down(
    ws: &Workspace,
    target: &Target,
    as_of: jiff::civil::Date,
    url: &dyn Fn(usize, &str) -> String,
    depth: usize,
    seen: &mut Vec<Target>,
) -> Vec<Contributor> {
    seen.push(target.clone());
    ws.alignment
        .iter()
        .filter(|e| e.target == *target)
        .filter_map(|e| {
            let m = &ws.members[e.member];
            let s = m.strategy()?;
            let o = objective_of(s, &e.objective)?;
            let here = Target::Member(e.member, e.objective.clone());
            let contributors = if depth > 0 && !seen.contains(&here) {
                contributors_down(ws, &here, as_of, url, depth - 1, seen)
            } else {
                Vec::new()
            };
            Some(Contributor {
                team: m.name().to_owned(),
                title: o.title.get_ref().clone(),
                url: url(e.member, &e.objective),
                metrics: briefs(s, o, as_of),
                contributors,
            })
        })
        .collect()
}

/// Each metric of an objective in brief.
fn briefs(s: &Strategy, o: &Objective, as_of: jiff::civil::Date) -> Vec<MetricBrief> {
    let stale = s.site.stale_before(as_of);
    o.metrics
        .iter()
        .map(|m| metric_view(m.get_ref(), as_of, stale).brief())
        .collect()
}

/// The organisation's front page, as `workspace.html` receives it (besides `site`, `page` and
/// `root`).
#[derive(Serialize)]
pub struct Front {
    /// The objectives of the teams at the top (and of parents published elsewhere that teams
    /// align to), each with the team objectives that move it.
    pub north_stars: Vec<NorthStar>,
    /// Every team, top down, each below its parent.
    pub teams: Vec<TeamRow>,
}

#[derive(Serialize)]
pub struct NorthStar {
    pub team: String,
    pub title: String,
    pub url: String,
    pub external: bool,
    /// Who sponsors it, in words, declared people and teams by name (empty when nobody is).
    pub sponsor: String,
    pub metrics: Vec<MetricBrief>,
    pub contributors: Vec<Contributor>,
    /// How the contributors stand, by the status of each one's first metric (in the order
    /// the statuses first appear), for a page that folds a long list away.
    pub by_status: Vec<StatusCount>,
}

/// How many contributors stand at one status.
#[derive(Serialize)]
pub struct StatusCount {
    pub status: &'static str,
    pub label: &'static str,
    pub count: usize,
}

/// The contributors counted by the status of each one's first metric; one with none is
/// "without a number".
fn by_status(contributors: &[Contributor]) -> Vec<StatusCount> {
    let mut out: Vec<StatusCount> = Vec::new();
    for c in contributors {
        let (status, label) = c
            .metrics
            .first()
            .map_or(("evidence", "Without a number"), |m| {
                (m.status, m.status_label)
            });
        match out.iter_mut().find(|s| s.status == status) {
            Some(s) => s.count += 1,
            None => out.push(StatusCount {
                status,
                label,
                count: 1,
            }),
        }
    }
    out
}

#[derive(Serialize)]
pub struct TeamRow {
    pub id: String,
    pub name: String,
    pub mission: String,
    pub url: String,
    /// How many levels below the top (0 for a team without a parent).
    pub depth: usize,
    pub parent: String,
    pub contacts: Vec<String>,
    pub objectives: usize,
    pub commitments: usize,
    /// How many commitments of the first tier are planned or in progress.
    pub live: usize,
    /// The first few of them, featured first, then in progress, then planned, each in the
    /// order written: what the printed page lists.
    pub work: Vec<WorkRow>,
}

/// One live commitment of a team, in a line.
#[derive(Serialize)]
pub struct WorkRow {
    pub title: String,
    /// Its page, from the workspace root.
    pub url: String,
    pub status_label: &'static str,
    /// Who answers for it, in words, declared people and teams by name.
    pub owner: String,
    /// When it is due, as written (empty when it has no date).
    pub due: String,
    pub featured: bool,
}

/// Names as written, one each, the ids of declared people and teams (`names`) by name.
pub(super) fn by_name(
    names: Option<&HashMap<String, String>>,
    written: &Option<crate::model::Names>,
) -> Vec<String> {
    written
        .iter()
        .flat_map(|n| n.iter())
        .map(|n| names.and_then(|m| m.get(n)).unwrap_or(n).clone())
        .collect()
}

/// Names as written in words, the ids of declared people and teams (`names`) by name.
fn in_words(names: &HashMap<String, String>, written: &Option<crate::model::Names>) -> String {
    crate::model::words(&by_name(Some(names), written))
}

/// The most live commitments of each team the printed page of a workspace lists.
pub const PRINTED_WORK_PER_TEAM: usize = 3;

/// Member `j`'s live work, for [`TeamRow::work`]: the count, and the first few.
fn live_work(ws: &Workspace, j: usize, names: &HashMap<String, String>) -> (usize, Vec<WorkRow>) {
    let m = &ws.members[j];
    let Some(s) = m.strategy() else {
        return (0, Vec::new());
    };
    let mut live: Vec<_> = s
        .commitments
        .iter()
        .filter(|c| c.status.is_live() && s.site.tier_of(c.tier.as_ref()) == 0)
        .collect();
    live.sort_by_key(|c| (!c.featured, c.status != crate::model::Status::InProgress));
    let work = live
        .iter()
        .take(PRINTED_WORK_PER_TEAM)
        .map(|c| WorkRow {
            title: c.title.get_ref().clone(),
            url: format!("{}/{}", m.dir, Kind::Commitment.url(c.id.get_ref())),
            status_label: c.status.label(),
            owner: in_words(names, &c.owner),
            due: c
                .due
                .as_ref()
                .map(|d| d.get_ref().to_string())
                .unwrap_or_default(),
            featured: c.featured,
        })
        .collect();
    (live.len(), work)
}

/// Plans the organisation's front page.
pub fn front(ws: &Workspace, as_of: jiff::civil::Date) -> Front {
    let n = ws.members.len();
    // The front page is at the workspace root, which no member's root is: a member index of
    // `n` is not needed, the root's own addresses are the members' paths.
    let at_root = |j: usize, id: &str| format!("{}/{}", ws.members[j].dir, Kind::Objective.url(id));
    let mut north_stars = Vec::new();
    let names = people(ws);
    for j in (0..n).filter(|&j| ws.parent_of(j).is_none()) {
        let m = &ws.members[j];
        let Some(s) = m.strategy() else { continue };
        for o in &s.objectives {
            let id = o.id.get_ref();
            let contributors = root_contributors(ws, &Target::Member(j, id.clone()), as_of);
            north_stars.push(NorthStar {
                team: m.name().to_owned(),
                title: o.title.get_ref().clone(),
                url: at_root(j, id),
                external: false,
                sponsor: in_words(&names, &o.sponsor),
                metrics: briefs(s, o, as_of),
                by_status: by_status(&contributors),
                contributors,
            });
        }
    }
    for (p, parent) in ws.parents.iter().enumerate() {
        for o in &parent.objectives {
            let contributors = root_contributors(ws, &Target::Parent(p, o.id.clone()), as_of);
            if contributors.is_empty() {
                continue;
            }
            north_stars.push(NorthStar {
                team: parent.title.clone(),
                title: o.title.clone(),
                url: o.url.clone(),
                external: true,
                sponsor: String::new(),
                metrics: Vec::new(),
                by_status: by_status(&contributors),
                contributors,
            });
        }
    }
    let mut teams = Vec::new();
    let mut placed = vec![false; n];
    fn walk(
        ws: &Workspace,
        j: usize,
        depth: usize,
        placed: &mut [bool],
        names: &HashMap<String, String>,
        out: &mut Vec<TeamRow>,
    ) {
        if placed[j] {
            return;
        }
        placed[j] = true;
        let m = &ws.members[j];
        let team = m.team();
        let (live, work) = live_work(ws, j, names);
        out.push(TeamRow {
            id: m.id.clone(),
            name: m.name().to_owned(),
            mission: team.and_then(|t| t.mission.clone()).unwrap_or_default(),
            url: format!("{}/index.html", m.dir),
            depth,
            parent: ws
                .parent_of(j)
                .map(|p| ws.members[p].name().to_owned())
                .unwrap_or_default(),
            contacts: team.map(|t| contacts(ws, &t.contacts)).unwrap_or_default(),
            objectives: m.strategy().map_or(0, |s| s.objectives.len()),
            commitments: m.strategy().map_or(0, |s| s.commitments.len()),
            live,
            work,
        });
        for c in ws.children(j) {
            walk(ws, c, depth + 1, placed, names, out);
        }
    }
    for j in (0..n).filter(|&j| ws.parent_of(j).is_none()) {
        walk(ws, j, 0, &mut placed, &names, &mut teams);
    }
    for j in 0..n {
        walk(ws, j, 0, &mut placed, &names, &mut teams);
    }
    Front { north_stars, teams }
}

/// Contacts in words: a declared person by name (and contact), anything else as written.
fn contacts(ws: &Workspace, written: &[String]) -> Vec<String> {
    written
        .iter()
        .map(|c| match ws.config.as_ref().and_then(|w| w.people.get(c)) {
            Some(p) => match &p.contact {
                Some(contact) => format!("{} ({contact})", p.name),
                None => p.name.clone(),
            },
            None => c.clone(),
        })
        .collect()
}

/// The contributors to `target` with addresses from the workspace root, each with its own
/// contributors two levels further down.
fn root_contributors(
    ws: &Workspace,
    target: &Target,
    as_of: jiff::civil::Date,
) -> Vec<Contributor> {
    let url = |j: usize, id: &str| format!("{}/{}", ws.members[j].dir, Kind::Objective.url(id));
    contributors_down(ws, target, as_of, &url, 2, &mut Vec::new())
}
