//! Plans over time: tiers of commitment, periods, several measures and readings, built from
//! fixture sites in `tests/fixtures/time/` and read as a visitor would.

use crate::common;

use std::path::Path;

use common::{build_with, read_tree};

/// Builds a fixture as of 2026-11-21 and returns its pages.
fn built(
    name: &str,
) -> (
    tempfile::TempDir,
    std::collections::BTreeMap<String, String>,
) {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    build_with(&Path::new("tests/fixtures/time").join(name), &out, &[]);
    let tree = read_tree(&out)
        .into_iter()
        .filter_map(|(k, v)| String::from_utf8(v).ok().map(|v| (k, v)))
        .collect();
    (tmp, tree)
}

fn check(name: &str) -> stratsite::Checked {
    stratsite::check(
        &Path::new("tests/fixtures/time").join(name),
        jiff::civil::date(2026, 11, 21),
    )
}

/// The text of `html` from `from` to the next `to`, for asserting on one part of a page.
fn between<'a>(html: &'a str, from: &str, to: &str) -> &'a str {
    let start = html
        .find(from)
        .unwrap_or_else(|| panic!("`{from}` not in page"));
    let rest = &html[start..];
    let end = rest[from.len()..]
        .find(to)
        .map_or(rest.len(), |i| i + from.len());
    &rest[..end]
}

#[test]
fn tiers_group_the_work_and_only_the_first_is_held_to_the_horizon() {
    // Later tiers are dated to periods beyond the horizon, yet no lint says so, and the WIP
    // limit counts only the work now.
    let checked = check("tiers");
    assert!(checked.diagnostics.is_empty(), "{:?}", checked.diagnostics);
    let (_tmp, tree) = built("tiers");
    let page = &tree["commitments.html"];
    let order: Vec<usize> = ["This month", "Next 3 months", "This year"]
        .iter()
        .map(|t| {
            page.find(&format!(">{t} <span class=\"count\">"))
                .unwrap_or_else(|| panic!("{t}"))
        })
        .collect();
    assert!(
        order.windows(2).all(|w| w[0] < w[1]),
        "tiers in order: {order:?}"
    );
    let next = between(page, ">Next 3 months <", "</section>");
    assert!(next.contains("Promised for the coming quarter"), "{next}");
    assert!(
        next.contains("Results forgive a typo")
            && next.contains("Suggestions under the search box")
    );
    assert!(
        next.contains("<dd>February 2027</dd>") && next.contains("<dd>Q1 2027</dd>"),
        "{next}"
    );
    assert!(next.contains("card-later"), "{next}");
    assert!(!next.contains("Beyond the horizon"), "{next}");
    let year = between(page, ">This year <", "</section>");
    assert!(year.contains("<dd>H2 2027</dd>"), "{year}");
    let index = &tree["index.html"];
    assert!(
        index.contains("<strong>1</strong> live commitment<"),
        "only the first tier is live work"
    );
    // A later tier's commitment is listed in its chapter under its tier's label, and counted.
    let later = between(index, "Results forgive a typo", "</li>");
    assert!(
        later.contains("<span class=\"badge badge-tier\">Next 3 months</span>"),
        "{later}"
    );
    assert!(index.contains("</strong> Next 3 months</li>"), "{index}");
    assert!(
        index.contains("by 2027"),
        "the objective's year is shown as written"
    );
    let json: serde_json::Value = serde_json::from_str(&tree["strategy.json"]).unwrap();
    let typo = &json["commitments"][1];
    assert_eq!(typo["tier"], "next-3-months");
    assert_eq!(typo["due"], "2027-02");
}

#[test]
fn a_commitment_without_a_tier_is_now_and_held_to_the_horizon() {
    let (_tmp, site) = common::site_copy("tests/fixtures/time/tiers");
    let file = site.join("stratsite.toml");
    let text = std::fs::read_to_string(&file).unwrap();
    // Out of its tier, the typo work is due beyond the horizon of the first.
    std::fs::write(&file, text.replacen("tier = \"next-3-months\"\n", "", 1)).unwrap();
    let checked = stratsite::check(&site, jiff::civil::date(2026, 11, 21));
    let codes: Vec<_> = checked.diagnostics.iter().map(|d| d.code).collect();
    assert_eq!(
        codes,
        [Some("commitment-beyond-horizon")],
        "{:?}",
        checked.diagnostics
    );
    let help = checked.diagnostics[0].help.clone().unwrap_or_default();
    assert!(help.contains("tier = \"next-3-months\""), "{help}");
}

#[test]
fn objectives_carry_several_measures_or_evidence_and_commitments_a_number() {
    let checked = check("measures");
    assert!(checked.diagnostics.is_empty(), "{:?}", checked.diagnostics);
    let (_tmp, tree) = built("measures");
    let page = &tree["objectives/services-online.html"];
    assert!(page.contains("services fully online") && page.contains("median days to a decision"));
    assert!(
        page.contains("by 2027") && page.contains("by H2 2027"),
        "periods as written"
    );
    let qualitative = &tree["objectives/trusted-by-staff.html"];
    assert!(qualitative.contains("The evidence we look at"));
    assert!(qualitative.contains("twice-yearly platform survey"));
    assert!(!qualitative.contains("Pace unknown") && !qualitative.contains("Not measured"));
    let index = &tree["index.html"];
    let brief = between(index, "Staff trust the shared platforms", "</article>");
    assert!(
        brief.contains("Known by its evidence") && !brief.contains("class=\"tile-metric"),
        "{brief}"
    );
    let commitment = &tree["commitments/pay-platform.html"];
    assert!(commitment.contains("The number it moves"));
    assert!(commitment.contains("services on the payment platform"));
    let json: serde_json::Value = serde_json::from_str(&tree["strategy.json"]).unwrap();
    let o = &json["objectives"][0];
    assert_eq!(o["metrics"].as_array().unwrap().len(), 2);
    assert_eq!(
        o["metric"]["name"], "services fully online",
        "the first, as before"
    );
    assert_eq!(o["metrics"][1]["by"], "2027-H2");
    assert!(
        json["objectives"][1]["evidence"]
            .as_str()
            .unwrap()
            .contains("survey")
    );
    assert_eq!(json["commitments"][0]["metric"]["target"], 12.0);
}

#[test]
fn every_state_of_a_metric_is_told_honestly() {
    let checked = check("readings");
    let codes: Vec<_> = checked.diagnostics.iter().map(|d| d.code).collect();
    assert_eq!(
        codes,
        [Some("stale-reading"), Some("signal-tripped")],
        "{:?}",
        checked.diagnostics
    );
    let (_tmp, tree) = built("readings");
    let page = |id: &str| tree[&format!("objectives/{id}.html")].clone();

    // Readings from a CSV file: the latest is current, the trend is drawn and projected.
    let p = page("on-track");
    assert!(
        p.contains("75.6% now on 2026-11-01, from 70% toward 80% by June 2027"),
        "{p}"
    );
    assert!(p.contains("badge-on-track"));
    assert!(p.contains("<svg class=\"trend\""), "a trend line");
    assert!(
        p.contains("The line joins the baseline and 4 readings, from 2026-07-01 to 2026-11-01"),
        "{p}"
    );
    assert!(
        p.contains("At the recent rate, the target is reached around 2027-0"),
        "{p}"
    );
    assert!(
        p.contains("<td dir=\"auto\">promotion week, then back</td>"),
        "notes in the table"
    );
    // The header's search box is the page's only script; the metric needs none.
    assert_eq!(
        p.matches("<script").count(),
        1,
        "no JavaScript but the search box's"
    );
    assert!(p.contains("<script src=\"../assets/search.js\" defer></script>"));

    // A baseline and nothing since: never the baseline as now.
    let p = page("no-reading");
    assert!(
        p.contains("Not measured since the baseline of 40% in Q2 2026"),
        "{p}"
    );
    assert!(!p.contains("40% now"), "{p}");

    // Read long ago: shown as stale.
    let p = page("stale");
    assert!(
        p.contains("Last measured on 2026-03-02, 264 days ago"),
        "{p}"
    );
    assert!(p.contains("badge-stale"));

    // The deadline has passed: missed, and by how much.
    let p = page("missed");
    assert!(
        p.contains("Target missed: 15% of 50% by 2025, short by 35%"),
        "{p}"
    );
    assert!(p.contains("badge-missed"));

    // The deadline has passed and the target is met.
    let p = page("met");
    assert!(
        p.contains("Target met: 87% on 2026-06-30, against 85% by H1 2026"),
        "{p}"
    );

    // Crossed before the deadline.
    let p = page("early");
    assert!(
        p.contains("Target reached early: 1.3 s on 2026-09-01"),
        "{p}"
    );

    // Moving away from the target.
    let p = page("slipping");
    assert!(p.contains("badge-behind"));
    assert!(
        p.contains("the target is not reached: the trend is flat or moving away"),
        "{p}"
    );

    let json: serde_json::Value = serde_json::from_str(&tree["strategy.json"]).unwrap();
    let metric = |i: usize| json["objectives"][i]["metrics"][0].clone();
    assert_eq!(metric(0)["state"], "on-track");
    assert_eq!(metric(0)["readings"].as_array().unwrap().len(), 4);
    assert_eq!(
        metric(0)["readings"][1]["note"],
        "promotion week, then back"
    );
    assert_eq!(metric(0)["projection"]["outcome"], "reaches");
    assert_eq!(metric(1)["state"], "no-reading");
    assert_eq!(metric(2)["stale_days"], 264);
    assert_eq!(metric(3)["state"], "missed");
    assert_eq!(metric(3)["short_by"], 35.0);
    assert_eq!(metric(4)["state"], "met");
    assert_eq!(metric(5)["state"], "reached-early");
    assert_eq!(metric(6)["projection"]["outcome"], "never");
}

#[test]
fn a_signal_watching_a_metric_trips_on_its_readings() {
    let checked = check("readings");
    let tripped: Vec<_> = checked
        .diagnostics
        .iter()
        .filter(|d| d.code == Some("signal-tripped"))
        .map(|d| d.message.clone())
        .collect();
    assert_eq!(
        tripped,
        [
            "signal `fewer-come-back` has tripped: `shoppers back within 30 days` is below 31% for 2 readings in a row (latest 30% on 2026-11-01)"
        ]
    );
    let (_tmp, tree) = built("readings");
    let signals = &tree["signals.html"];
    let fewer = between(signals, "id=\"fewer-come-back\"", "</article>");
    assert!(fewer.contains("badge-tripped"), "{fewer}");
    assert!(fewer.contains("Tripped: shoppers back within 30 days is below 31% for 2 readings in a row, 30% on 2026-11-01."), "{fewer}");
    let falls = between(signals, "id=\"completion-falls\"", "</article>");
    assert!(
        !falls.contains("badge-tripped") && falls.contains("badge-watching"),
        "{falls}"
    );
    assert!(
        falls.contains("the latest reading is 75.6% on 2026-11-01"),
        "{falls}"
    );
    let index = &tree["index.html"];
    assert!(between(index, "id=\"fewer-come-back\"", "</article>").contains("badge-tripped"));
    let metric = &tree["objectives/slipping.html"];
    let watched = between(metric, "class=\"metric-signals\"", "</ul>");
    assert!(
        watched.contains("Tripped") && watched.contains("Fewer shoppers come back"),
        "{watched}"
    );
    let json: serde_json::Value = serde_json::from_str(&tree["strategy.json"]).unwrap();
    assert_eq!(json["signals"][0]["tripped"], false);
    assert_eq!(json["signals"][1]["tripped"], true);
    assert_eq!(json["signals"][1]["tripped_by"]["since"], "2026-10-01");
    assert_eq!(json["signals"][1]["for"], 2);
}
