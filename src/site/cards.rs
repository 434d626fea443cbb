//! Cards that travel: for the whole site and each objective, a badge (`label | value`, as
//! shields draw them) and a status card, both self-contained SVG that a README can embed; and
//! for the front page, each objective and each theme, the drawing of its 1200×630 link-preview
//! image, which `render` rasterises to PNG.
//!
//! Everything is laid out here, with text measured in DejaVu Sans (`util::font`), so that the
//! bytes are the same on every machine. The SVG uses no script, no style sheet, no external font
//! or image: GitHub shows it through `<img>`, which allows none of them. A title too long for
//! its box wraps and ends in `…`; wide (CJK) characters are measured full width; a line that
//! reads right to left is anchored at the right edge.

use std::fmt::Write;

use tera::Value;

use super::entries::Views;
use super::metric::{MetricView, metric_view};
use super::urls::BaseUrl;
use crate::markdown::plain_summary;
use crate::model::{Kind, Objective, Status, Strategy, Theme};
use crate::util::font::{fit, is_rtl, width, wrap};
use crate::util::text::escape;

/// The width and height of a link-preview image, as Open Graph wants it.
pub const PREVIEW_W: u32 = 1200;
pub const PREVIEW_H: u32 = 630;

/// The fonts a viewer of the SVG may use, DejaVu Sans (what the text was measured in) first.
const FAMILY: &str = "DejaVu Sans,Verdana,Geneva,sans-serif";

const INK: &str = "#1f2328";
const MUTED: &str = "#57606a";
const TRACK: &str = "#eaeef2";
const LABEL_BG: &str = "#555";

/// One file the site gets: a badge or a card as SVG, or a preview's drawing to rasterise.
pub struct Image {
    /// Path from the site root, e.g. `cards/objectives/finish-the-order.png`.
    pub path: String,
    /// The drawing, as SVG.
    pub svg: String,
    /// Whether `render` writes it as a PNG of [`PREVIEW_W`]×[`PREVIEW_H`] rather than as it is.
    pub raster: bool,
}

/// What a page gets from its cards: its preview image and, for the front page and an objective,
/// what to paste to embed its badge and card.
pub struct PageCards {
    /// The page's path.
    pub page: String,
    /// The preview image's path from the site root, and what it shows in words.
    pub preview: (String, String),
    /// The `embed` value its template receives.
    pub embed: Option<Value>,
}

/// The badges, cards and previews of a site, and what each page links to.
pub fn cards(views: &Views<'_, '_>, base: &BaseUrl) -> (Vec<Image>, Vec<PageCards>) {
    let strategy = views.strategy;
    let site = &strategy.site;
    let objectives: Vec<Outcome> = strategy
        .objectives
        .iter()
        .map(|o| Outcome::of(o, views))
        .collect();
    // Titles in plain text: their inline Markdown read, their entry links named.
    let plain = |id: &str, written: &'_ str| -> String {
        views
            .index
            .links
            .get(id)
            .map_or_else(|| written.to_owned(), |l| l.title.clone())
    };
    let titles: Vec<String> = strategy
        .objectives
        .iter()
        .map(|o| plain(o.id.get_ref(), o.title.get_ref()))
        .collect();
    let titles: Vec<&str> = titles.iter().map(String::as_str).collect();
    let mut images = Vec::new();
    let mut pages = Vec::new();
    let footer = Footer {
        host: host(&base.url),
        as_of: views.as_of.to_string(),
    };

    // The whole site.
    let value = site_value(&objectives);
    let colour = site_colour(&objectives);
    let badge = Badge {
        label: &site.title,
        value: &value,
        colour,
    };
    images.push(Image {
        path: "cards/strategy-badge.svg".into(),
        svg: badge.svg(),
        raster: false,
    });
    images.push(Image {
        path: "cards/strategy-card.svg".into(),
        svg: site_card(&site.title, &titles, &objectives, &footer),
        raster: false,
    });
    let description = site
        .description
        .as_ref()
        .map(|d| plain_summary(d.text(), 200, &views.index))
        .unwrap_or_default();
    images.push(Image {
        path: "cards/strategy.png".into(),
        svg: site_preview(&site.title, &description, &value, colour, &footer),
        raster: true,
    });
    pages.push(PageCards {
        page: "index.html".into(),
        preview: (
            "cards/strategy.png".into(),
            format!("{}: {value}", site.title),
        ),
        embed: Some(embed(
            base,
            "index.html",
            "cards/strategy-badge.svg",
            "cards/strategy-card.svg",
            &format!("{}: {value}", site.title),
            badge.size(),
            site_card_height(site_card_title(&site.title).len(), objectives.len()),
        )),
    });

    // Each objective.
    for (o, outcome) in strategy.objectives.iter().zip(&objectives) {
        let id = o.id.get_ref();
        let page = Kind::Objective.url(id);
        let title = &plain(id, o.title.get_ref());
        let value = outcome.value();
        let badge = Badge {
            label: title,
            value: &value,
            colour: outcome.colour(),
        };
        let [badge_path, card_path, preview_path] = [
            format!("cards/objectives/{id}-badge.svg"),
            format!("cards/objectives/{id}-card.svg"),
            format!("cards/objectives/{id}.png"),
        ];
        let card = objective_card(title, &site.title, outcome, &footer);
        images.push(Image {
            path: badge_path.clone(),
            svg: badge.svg(),
            raster: false,
        });
        images.push(Image {
            path: card_path.clone(),
            svg: card.0,
            raster: false,
        });
        images.push(Image {
            path: preview_path.clone(),
            svg: objective_preview(title, &site.title, outcome, &footer),
            raster: true,
        });
        pages.push(PageCards {
            preview: (preview_path, format!("{title}: {}", outcome.words())),
            embed: Some(embed(
                base,
                &page,
                &badge_path,
                &card_path,
                &format!("{title}: {value}"),
                badge.size(),
                card.1,
            )),
            page,
        });
    }

    // Each theme.
    for t in &strategy.themes {
        let id = t.id.get_ref();
        let work = Work::of(strategy, t);
        let path = format!("cards/themes/{id}.png");
        let serves: Vec<String> = t
            .serves
            .iter()
            .filter_map(|s| {
                strategy
                    .objectives
                    .iter()
                    .find(|o| o.id.get_ref() == s.get_ref())
                    .map(|o| plain(o.id.get_ref(), o.title.get_ref()))
            })
            .collect();
        let serves: Vec<&str> = serves.iter().map(String::as_str).collect();
        let theme_title = plain(id, t.title.get_ref());
        images.push(Image {
            path: path.clone(),
            svg: theme_preview(&theme_title, &site.title, &serves, &work, &footer),
            raster: true,
        });
        pages.push(PageCards {
            page: Kind::Theme.url(id),
            preview: (path, format!("{theme_title}: {}", work.words())),
            embed: None,
        });
    }
    (images, pages)
}

/// Gives each page its preview image and `embed` value.
pub fn attach(pages: &mut [super::Page<'_>], cards: Vec<PageCards>, base: &BaseUrl) {
    let mut by_page: std::collections::HashMap<String, PageCards> =
        cards.into_iter().map(|c| (c.page.clone(), c)).collect();
    for page in pages {
        let Some(c) = by_page.remove(&page.path) else {
            continue;
        };
        // Open Graph needs an absolute address; without one, the lint `missing-base-url` says so.
        if base.is_absolute() {
            page.view.image = base.canonical(&c.preview.0);
            page.view.image_alt = c.preview.1;
        }
        if let Some(embed) = c.embed {
            page.context.insert_value("embed", embed);
        }
    }
}

/// The `embed` value: the badge's and the card's paths and the Markdown to paste for each,
/// with absolute addresses.
fn embed(
    base: &BaseUrl,
    page: &str,
    badge: &str,
    card: &str,
    alt: &str,
    badge_size: (u32, u32),
    card_height: u32,
) -> Value {
    let alt_md = alt
        .replace('\\', "\\\\")
        .replace('[', "\\[")
        .replace(']', "\\]");
    let link = base.canonical(page);
    let md = |img: &str| format!("[![{alt_md}]({})]({link})", base.canonical(img));
    let mut map = tera::Map::new();
    for (k, v) in [
        ("badge", Value::from(badge)),
        ("badge_markdown", Value::from(md(badge))),
        ("badge_width", Value::from(badge_size.0)),
        ("badge_height", Value::from(badge_size.1)),
        ("card", Value::from(card)),
        ("card_markdown", Value::from(md(card))),
        ("card_width", Value::from(CARD_W as u32)),
        ("card_height", Value::from(card_height)),
        ("alt", Value::from(alt)),
    ] {
        map.insert(k.into(), v);
    }
    Value::from(map)
}

/// The host a site is published at, for the foot of its previews (empty without one).
fn host(url: &str) -> String {
    url.split_once("://")
        .map(|(_, rest)| rest.trim_end_matches('/').to_owned())
        .unwrap_or_default()
}

/// How an objective stands: by its first metric, or by its evidence.
enum Outcome {
    Metric {
        view: Box<MetricView>,
        /// How many metrics it has in all.
        count: usize,
    },
    Evidence(String),
    Nothing,
}

/// What the foot of a card or preview says.
struct Footer {
    host: String,
    as_of: String,
}

impl Outcome {
    fn of(o: &Objective, views: &Views<'_, '_>) -> Outcome {
        if let Some(m) = o.metrics.first() {
            return Outcome::Metric {
                view: Box::new(metric_view(m.get_ref(), views.as_of, views.stale_before)),
                count: o.metrics.len(),
            };
        }
        match &o.evidence {
            Some(e) => Outcome::Evidence(plain_summary(e.text(), 200, &views.index)),
            None => Outcome::Nothing,
        }
    }

    /// The pace in two or three words, for a badge.
    fn short(&self) -> &'static str {
        match self {
            Outcome::Metric { view, .. } => match view.status {
                "on-track" => "on pace",
                "behind" => "behind pace",
                "met" => "met",
                "missed" => "missed",
                "reached-early" => "reached early",
                "no-reading" => "no reading yet",
                "not-measured" => "not measured yet",
                _ => "pace unknown",
            },
            Outcome::Evidence(_) => "known by evidence",
            Outcome::Nothing => "no measure yet",
        }
    }

    /// The badge's value: "71.4% → 80% · on pace".
    fn value(&self) -> String {
        match self {
            Outcome::Metric { view, .. } => {
                let now = if view.current.is_empty() {
                    String::new()
                } else {
                    format!("{} → ", view.current)
                };
                if view.target.is_empty() && now.is_empty() {
                    self.short().to_owned()
                } else if view.target.is_empty() {
                    format!("{} · {}", view.current, self.short())
                } else {
                    format!("{now}{} · {}", view.target, self.short())
                }
            }
            _ => self.short().to_owned(),
        }
    }

    /// The state in a sentence, for a preview's description.
    fn words(&self) -> String {
        match self {
            Outcome::Metric { view, .. } => format!("{}. {}.", view.summary, view.status_label),
            Outcome::Evidence(e) if e.is_empty() => "Known by its evidence.".into(),
            Outcome::Evidence(e) => format!("Known by its evidence: {e}"),
            Outcome::Nothing => "No measure or evidence is written down yet.".into(),
        }
    }

    fn colour(&self) -> &'static str {
        match self {
            Outcome::Metric { view, .. } => status_colour(view.status),
            Outcome::Evidence(_) => "#0969da",
            Outcome::Nothing => "#6e7781",
        }
    }
}

/// A state's colour: green on pace, amber behind, red missed, grey unknown. Each keeps white
/// text legible (a contrast of at least 4.5:1).
fn status_colour(status: &str) -> &'static str {
    match status {
        "on-track" | "met" | "reached-early" => "#1a7f37",
        "behind" => "#9a6700",
        "missed" => "#cf222e",
        _ => "#6e7781",
    }
}

/// The site's badge value: how many objectives stand how, "2 on pace · 1 behind".
fn site_value(objectives: &[Outcome]) -> String {
    if objectives.is_empty() {
        return "no objectives yet".into();
    }
    let mut groups: Vec<(&'static str, usize)> = Vec::new();
    for o in objectives {
        let key = match o.short() {
            "met" | "reached early" => "met",
            "behind pace" => "behind",
            "known by evidence" => "by evidence",
            "no measure yet" | "no reading yet" | "not measured yet" | "pace unknown" => {
                "unmeasured"
            }
            other => other,
        };
        match groups.iter_mut().find(|(k, _)| *k == key) {
            Some(g) => g.1 += 1,
            None => groups.push((key, 1)),
        }
    }
    groups
        .iter()
        .map(|(k, n)| format!("{n} {k}"))
        .collect::<Vec<_>>()
        .join(" · ")
}

fn site_colour(objectives: &[Outcome]) -> &'static str {
    let has = |s: &str| {
        objectives
            .iter()
            .any(|o| matches!(o, Outcome::Metric { view, .. } if view.status == s))
    };
    if has("missed") {
        status_colour("missed")
    } else if has("behind") {
        status_colour("behind")
    } else if has("on-track") || has("met") || has("reached-early") {
        status_colour("on-track")
    } else {
        "#6e7781"
    }
}

/// A theme's commitments, counted by status.
struct Work {
    total: usize,
    in_progress: usize,
    done: usize,
    dropped: usize,
}

impl Work {
    fn of(strategy: &Strategy, t: &Theme) -> Work {
        let id = t.id.get_ref();
        let mut w = Work {
            total: 0,
            in_progress: 0,
            done: 0,
            dropped: 0,
        };
        for c in &strategy.commitments {
            if !c.theme.iter().any(|x| x.get_ref() == id) {
                continue;
            }
            w.total += 1;
            match c.status {
                Status::InProgress => w.in_progress += 1,
                Status::Done => w.done += 1,
                Status::Dropped => w.dropped += 1,
                Status::Planned => {}
            }
        }
        w
    }

    fn words(&self) -> String {
        if self.total == 0 {
            return "No commitments yet".into();
        }
        let mut parts = vec![crate::util::text::plural(self.total, "commitment")];
        for (n, what) in [
            (self.in_progress, "in progress"),
            (self.done, "done"),
            (self.dropped, "dropped"),
        ] {
            if n > 0 {
                parts.push(format!("{n} {what}"));
            }
        }
        parts.join(" · ")
    }
}

// ---------------------------------------------------------------------------------------------
// Drawing
// ---------------------------------------------------------------------------------------------

/// A line of text between `left` and `right`: anchored at the left, or at the right when it
/// reads right to left. The caller has already fitted it.
fn text(out: &mut String, left: f32, right: f32, y: f32, size: f32, fill: &str, line: &str) {
    let rtl = is_rtl(line);
    let (x, anchor) = if rtl {
        (right, " text-anchor=\"end\"")
    } else {
        (left, "")
    };
    let _ = write!(
        out,
        "<text x=\"{x:.1}\" y=\"{y:.1}\" font-size=\"{size}\" fill=\"{fill}\"{anchor}>{}</text>",
        escape(&bidi(line, rtl))
    );
}

/// Right-to-left text whose cut ends in `…`, with a right-to-left mark after it, so that the
/// `…` stands at the end of the text (its left) and not at the right edge.
fn bidi(line: &str, rtl: bool) -> std::borrow::Cow<'_, str> {
    if rtl && line.ends_with('…') {
        format!("{line}\u{200F}").into()
    } else {
        line.into()
    }
}

/// The opening of a self-contained SVG document.
fn open(out: &mut String, w: f32, h: f32, label: &str) {
    let _ = write!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\" role=\"img\" aria-label=\"{label}\" font-family=\"{FAMILY}\"><title>{label}</title>",
        label = escape(label)
    );
}

/// A progress bar `w` wide at (`x`, `y`): the share done in the state's colour, and a tick at the
/// share of the time gone.
#[allow(clippy::too_many_arguments)]
fn bar(
    out: &mut String,
    x: f32,
    y: f32,
    w: f32,
    h: f32,
    done: Option<u32>,
    elapsed: Option<u32>,
    colour: &str,
) {
    let r = h / 2.0;
    let _ = write!(
        out,
        "<rect x=\"{x}\" y=\"{y}\" width=\"{w}\" height=\"{h}\" rx=\"{r}\" fill=\"{TRACK}\"/>"
    );
    if let Some(p) = done.filter(|p| *p > 0) {
        let fw = w * p.min(100) as f32 / 100.0;
        let _ = write!(
            out,
            "<rect x=\"{x}\" y=\"{y}\" width=\"{fw:.1}\" height=\"{h}\" rx=\"{r}\" fill=\"{colour}\"/>"
        );
    }
    if let Some(e) = elapsed {
        let tx = x + w * e.min(100) as f32 / 100.0;
        let _ = write!(
            out,
            "<rect x=\"{:.1}\" y=\"{:.1}\" width=\"2\" height=\"{:.1}\" fill=\"{INK}\"/>",
            (tx - 1.0).clamp(x, x + w - 2.0),
            y - h * 0.4,
            h * 1.8
        );
    }
}

/// A badge: a grey label and a coloured value, each text measured to fit its box.
struct Badge<'s> {
    label: &'s str,
    value: &'s str,
    colour: &'static str,
}

const BADGE_SIZE: f32 = 11.0;
const BADGE_H: f32 = 20.0;
const BADGE_PAD: f32 = 6.0;
/// The widest a badge's label and value may be, each.
const BADGE_LABEL_MAX: f32 = 240.0;
const BADGE_VALUE_MAX: f32 = 220.0;

impl Badge<'_> {
    fn parts(&self) -> (String, f32, String, f32) {
        let label = fit(self.label, BADGE_LABEL_MAX, BADGE_SIZE);
        let value = fit(self.value, BADGE_VALUE_MAX, BADGE_SIZE);
        let lw = (width(&label, BADGE_SIZE) + 2.0 * BADGE_PAD).ceil();
        let vw = (width(&value, BADGE_SIZE) + 2.0 * BADGE_PAD).ceil();
        (label, lw, value, vw)
    }

    fn size(&self) -> (u32, u32) {
        let (_, lw, _, vw) = self.parts();
        ((lw + vw) as u32, BADGE_H as u32)
    }

    fn svg(&self) -> String {
        let (label, lw, value, vw) = self.parts();
        let w = lw + vw;
        let mut out = String::new();
        open(
            &mut out,
            w,
            BADGE_H,
            &format!("{}: {}", self.label, self.value),
        );
        let _ = write!(
            out,
            "<rect width=\"{lw}\" height=\"{BADGE_H}\" rx=\"3\" fill=\"{LABEL_BG}\"/><rect x=\"{lw}\" width=\"{vw}\" height=\"{BADGE_H}\" rx=\"3\" fill=\"{c}\"/><rect x=\"{lw}\" width=\"4\" height=\"{BADGE_H}\" fill=\"{c}\"/>",
            c = self.colour
        );
        // Centred, with the measured length, so the text fills its box in any font.
        for (t, x, box_w) in [(&label, lw / 2.0, lw), (&value, lw + vw / 2.0, vw)] {
            let len = box_w - 2.0 * BADGE_PAD;
            let _ = write!(
                out,
                "<text x=\"{x:.1}\" y=\"14\" font-size=\"{BADGE_SIZE}\" fill=\"#fff\" text-anchor=\"middle\" textLength=\"{len:.1}\">{}</text>",
                escape(&bidi(t, is_rtl(t)))
            );
        }
        out.push_str("</svg>");
        out
    }
}

const CARD_W: f32 = 480.0;
const CARD_PAD: f32 = 20.0;
/// The most metrics a card shows; it says how many more there are.
const CARD_METRICS: usize = 1;
/// The most objectives the site's card lists.
const SITE_CARD_ROWS: usize = 6;

fn card_frame(out: &mut String, h: f32) {
    let _ = write!(
        out,
        "<rect x=\"0.5\" y=\"0.5\" width=\"{}\" height=\"{}\" rx=\"6\" fill=\"#fff\" stroke=\"#d0d7de\"/>",
        CARD_W - 1.0,
        h - 1.0
    );
}

fn card_footer(out: &mut String, y: f32, footer: &Footer) {
    let (l, r) = (CARD_PAD, CARD_W - CARD_PAD);
    let as_of = format!("As of {}", footer.as_of);
    text(out, l, r, y, 11.0, MUTED, &as_of);
    if !footer.host.is_empty() {
        let room = r - l - width(&as_of, 11.0) - 16.0;
        let host = fit(&footer.host, room, 11.0);
        let _ = write!(
            out,
            "<text x=\"{r}\" y=\"{y}\" font-size=\"11\" fill=\"{MUTED}\" text-anchor=\"end\">{}</text>",
            escape(&host)
        );
    }
}

/// An objective's status card, and its height.
fn objective_card(title: &str, site: &str, o: &Outcome, footer: &Footer) -> (String, u32) {
    let (l, r) = (CARD_PAD, CARD_W - CARD_PAD);
    let room = r - l;
    let mut body = String::new();
    let mut y = 30.0;
    text(
        &mut body,
        l,
        r,
        y,
        12.0,
        MUTED,
        &fit(&format!("North-star objective · {site}"), room, 12.0),
    );
    y += 8.0;
    for line in wrap(title, room, 18.0, 2) {
        y += 24.0;
        text(&mut body, l, r, y, 18.0, INK, &line);
    }
    y += 14.0;
    match o {
        Outcome::Metric { view, count } => {
            y += 16.0;
            text(
                &mut body,
                l,
                r,
                y,
                13.0,
                MUTED,
                &fit(&view.name, room, 13.0),
            );
            y += 22.0;
            text(
                &mut body,
                l,
                r,
                y,
                15.0,
                INK,
                &fit(&metric_line(view), room, 15.0),
            );
            y += 12.0;
            let colour = status_colour(view.status);
            bar(
                &mut body,
                l,
                y,
                room,
                8.0,
                view.progress,
                view.elapsed,
                colour,
            );
            y += 30.0;
            text(
                &mut body,
                l,
                r,
                y,
                13.0,
                colour,
                &fit(&pace_line(view), room, 13.0),
            );
            if *count > CARD_METRICS {
                y += 20.0;
                let more = count - CARD_METRICS;
                let words = format!(
                    "and {} more on its page",
                    crate::util::text::plural(more, "metric")
                );
                text(&mut body, l, r, y, 12.0, MUTED, &words);
            }
        }
        Outcome::Evidence(e) => {
            y += 16.0;
            text(&mut body, l, r, y, 13.0, "#0969da", "Known by its evidence");
            for line in wrap(e, room, 13.0, 3) {
                y += 19.0;
                text(&mut body, l, r, y, 13.0, INK, &line);
            }
        }
        Outcome::Nothing => {
            y += 16.0;
            text(
                &mut body,
                l,
                r,
                y,
                13.0,
                MUTED,
                "No measure or evidence is written down yet",
            );
        }
    }
    y += 28.0;
    card_footer(&mut body, y, footer);
    let h = (y + 16.0).ceil();
    let mut out = String::new();
    open(&mut out, CARD_W, h, &format!("{title}: {}", o.words()));
    card_frame(&mut out, h);
    out.push_str(&body);
    out.push_str("</svg>");
    (out, h as u32)
}

/// "74.1% now → 80% by 2027-06".
fn metric_line(view: &MetricView) -> String {
    let now = if view.current.is_empty() {
        "No reading yet".to_owned()
    } else {
        format!("{} now", view.current)
    };
    match (view.target.is_empty(), view.by.is_empty()) {
        (false, false) => format!("{now} → {} by {}", view.target, view.by),
        (false, true) => format!("{now} → {}", view.target),
        (true, false) => format!("{now}, by {}", view.by),
        (true, true) => now,
    }
}

/// "On track · 45% of the way, 40% of the time gone".
fn pace_line(view: &MetricView) -> String {
    let mut line = view.status_label.to_owned();
    if let Some(p) = view.progress {
        let _ = write!(line, " · {p}% of the way");
        if let Some(e) = view.elapsed {
            let _ = write!(line, ", {e}% of the time gone");
        }
    }
    line
}

/// The site card's height, for a title of `lines` lines and `rows` objectives.
fn site_card_height(lines: usize, rows: usize) -> u32 {
    let shown = rows.min(SITE_CARD_ROWS);
    let more = usize::from(rows > SITE_CARD_ROWS);
    // The eyebrow, the title, the rows, the foot.
    (30.0 + 8.0 + 24.0 * lines as f32 + 14.0 + 26.0 * (shown + more) as f32 + 28.0 + 16.0).ceil()
        as u32
}

/// The site card's title, in lines.
fn site_card_title(title: &str) -> Vec<String> {
    wrap(title, CARD_W - 2.0 * CARD_PAD, 18.0, 2)
}

/// The site's status card: each objective with its state.
fn site_card(title: &str, titles: &[&str], objectives: &[Outcome], footer: &Footer) -> String {
    let (l, r) = (CARD_PAD, CARD_W - CARD_PAD);
    let room = r - l;
    let lines = site_card_title(title);
    let h = site_card_height(lines.len(), objectives.len()) as f32;
    let mut out = String::new();
    open(
        &mut out,
        CARD_W,
        h,
        &format!("{title}: {}", site_value(objectives)),
    );
    card_frame(&mut out, h);
    let mut y = 30.0;
    text(&mut out, l, r, y, 12.0, MUTED, "Strategy");
    y += 8.0;
    for line in &lines {
        y += 24.0;
        text(&mut out, l, r, y, 18.0, INK, line);
    }
    y += 14.0;
    for (i, (name, o)) in titles.iter().zip(objectives).enumerate() {
        if i == SITE_CARD_ROWS {
            y += 26.0;
            let more = objectives.len() - SITE_CARD_ROWS;
            let words = format!(
                "and {} more on the site",
                crate::util::text::plural(more, "objective")
            );
            text(&mut out, l, r, y, 12.0, MUTED, &words);
            break;
        }
        y += 26.0;
        let colour = o.colour();
        let state = o.short();
        let state_w = width(state, 13.0);
        let _ = write!(
            out,
            "<circle cx=\"{:.1}\" cy=\"{:.1}\" r=\"5\" fill=\"{colour}\"/>",
            l + 5.0,
            y - 4.5
        );
        let name = fit(name, room - 18.0 - state_w - 12.0, 13.0);
        text(&mut out, l + 18.0, r - state_w - 12.0, y, 13.0, INK, &name);
        let _ = write!(
            out,
            "<text x=\"{r}\" y=\"{y}\" font-size=\"13\" fill=\"{colour}\" text-anchor=\"end\">{}</text>",
            escape(state)
        );
    }
    y += 28.0;
    card_footer(&mut out, y, footer);
    out.push_str("</svg>");
    out
}

/// A preview image: the frame, the eyebrow and the title; the caller draws the rest below
/// the height it returns.
fn preview_head(out: &mut String, eyebrow: &str, title: &str, colour: &str, alt: &str) -> f32 {
    open(out, PREVIEW_W as f32, PREVIEW_H as f32, alt);
    let _ = write!(
        out,
        "<rect width=\"24\" height=\"{PREVIEW_H}\" fill=\"{colour}\" shape-rendering=\"crispEdges\"/>"
    );
    let (l, r) = (PREVIEW_L, PREVIEW_R);
    let mut y = 110.0;
    text(out, l, r, y, 30.0, MUTED, &fit(eyebrow, r - l, 30.0));
    y += 14.0;
    for line in wrap(title, r - l, 60.0, 3) {
        y += 74.0;
        text(out, l, r, y, 60.0, INK, &line);
    }
    y
}

const PREVIEW_L: f32 = 96.0;
const PREVIEW_R: f32 = 1120.0;

fn preview_footer(out: &mut String, footer: &Footer) {
    let (l, r) = (PREVIEW_L, PREVIEW_R);
    let y = PREVIEW_H as f32 - 48.0;
    let as_of = format!("As of {}", footer.as_of);
    let _ = write!(
        out,
        "<text x=\"{r}\" y=\"{y}\" font-size=\"26\" fill=\"{MUTED}\" text-anchor=\"end\">{}</text>",
        escape(&as_of)
    );
    let room = r - l - width(&as_of, 26.0) - 40.0;
    if !footer.host.is_empty() {
        let host = fit(&footer.host, room, 26.0);
        let _ = write!(
            out,
            "<text x=\"{l}\" y=\"{y}\" font-size=\"26\" fill=\"{MUTED}\">{}</text>",
            escape(&host)
        );
    }
    out.push_str("</svg>");
}

fn objective_preview(title: &str, site: &str, o: &Outcome, footer: &Footer) -> String {
    let (l, r) = (PREVIEW_L, PREVIEW_R);
    let room = r - l;
    let mut out = String::new();
    let mut y = preview_head(
        &mut out,
        &format!("North-star objective · {site}"),
        title,
        o.colour(),
        &format!("{title}: {}", o.words()),
    );
    match o {
        Outcome::Metric { view, .. } => {
            y += 58.0;
            text(&mut out, l, r, y, 28.0, MUTED, &fit(&view.name, room, 28.0));
            y += 54.0;
            text(
                &mut out,
                l,
                r,
                y,
                40.0,
                INK,
                &fit(&metric_line(view), room, 40.0),
            );
            y += 28.0;
            let colour = status_colour(view.status);
            bar(
                &mut out,
                l,
                y,
                room,
                20.0,
                view.progress,
                view.elapsed,
                colour,
            );
            y += 62.0;
            text(
                &mut out,
                l,
                r,
                y,
                32.0,
                colour,
                &fit(&pace_line(view), room, 32.0),
            );
        }
        Outcome::Evidence(e) => {
            y += 64.0;
            text(&mut out, l, r, y, 32.0, "#0969da", "Known by its evidence");
            for line in wrap(e, room, 30.0, 2) {
                y += 42.0;
                text(&mut out, l, r, y, 30.0, INK, &line);
            }
        }
        Outcome::Nothing => {
            y += 64.0;
            text(
                &mut out,
                l,
                r,
                y,
                32.0,
                MUTED,
                "No measure or evidence is written down yet",
            );
        }
    }
    preview_footer(&mut out, footer);
    out
}

fn theme_preview(title: &str, site: &str, serves: &[&str], work: &Work, footer: &Footer) -> String {
    let (l, r) = (PREVIEW_L, PREVIEW_R);
    let room = r - l;
    let words = work.words();
    let mut out = String::new();
    let mut y = preview_head(
        &mut out,
        &format!("Theme · {site}"),
        title,
        "#0969da",
        &format!("{title}: {words}"),
    );
    if !serves.is_empty() {
        y += 62.0;
        let line = format!("Serves: {}", serves.join(" · "));
        text(&mut out, l, r, y, 30.0, MUTED, &fit(&line, room, 30.0));
    }
    y += 60.0;
    text(&mut out, l, r, y, 34.0, INK, &fit(&words, room, 34.0));
    if let Some(done) = (work.done * 100).checked_div(work.total) {
        y += 26.0;
        bar(
            &mut out,
            l,
            y,
            room,
            20.0,
            Some(done as u32),
            None,
            "#1a7f37",
        );
    }
    preview_footer(&mut out, footer);
    out
}

fn site_preview(
    title: &str,
    description: &str,
    value: &str,
    colour: &str,
    footer: &Footer,
) -> String {
    let (l, r) = (PREVIEW_L, PREVIEW_R);
    let room = r - l;
    let mut out = String::new();
    let mut y = preview_head(
        &mut out,
        "Strategy",
        title,
        colour,
        &format!("{title}: {value}"),
    );
    let lines = if y > 300.0 { 1 } else { 2 };
    y += 16.0;
    for line in wrap(description, room, 30.0, lines) {
        y += 44.0;
        text(&mut out, l, r, y, 30.0, MUTED, &line);
    }
    y += 60.0;
    let objectives = format!("Objectives: {value}");
    text(
        &mut out,
        l,
        r,
        y,
        34.0,
        colour,
        &fit(&objectives, room, 34.0),
    );
    preview_footer(&mut out, footer);
    out
}
