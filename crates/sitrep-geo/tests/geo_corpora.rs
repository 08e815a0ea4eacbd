//! Toponym precision and recall, and resolution accuracy, on the GPL
//! geoparsing corpora LGL (Lieberman et al. 2010) and TR-News (Kamalloo and
//! Rafiei 2018), read from `../shared/eval/geo/` when present. They are
//! evaluation data only and never copied into the repository.
//!
//! `cargo test --release -p sitrep-geo --test geo_corpora -- --ignored --nocapture`
//! (set `SITREP_GEO_CORPUS_DUMP=dir` to write each gold toponym, hit or
//! not, and each false toponym to `dir/<corpus>.tsv`).
//!
//! A found toponym is right when its span overlaps a gold toponym's (ours
//! absorb feature words: "Ghor province" against gold "Ghor"). Precision is
//! given twice: over everything `find_toponyms` returns, and over what
//! `resolve` keeps (sitrep only uses resolved places), and once more
//! counting a resolved toponym right only when it is also in the gold
//! toponym's country (a wrong country is what hurts sitrep). Resolution is right
//! when a resolved town lies within 161 km (100 miles, the usual
//! geoparsing threshold) of the gold point; the country is right when it
//! is the gold country.

use std::path::PathBuf;

use sitrep_geo::{FeatureKind, Gazetteer, GeoContext, PlaceId};
use sitrep_model::GeoPrecision;

/// A gold toponym: byte span, and the gold point and country when the
/// corpus resolved it.
#[derive(Debug)]
struct Gold {
    start: usize,
    end: usize,
    point: Option<(f64, f64)>,
    country: Option<String>,
    fcode: String,
    name: String,
}

fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

/// The text between `<tag...>` and `</tag>` at or after `from`.
fn element<'a>(s: &'a str, tag: &str) -> Option<&'a str> {
    let open = s.find(&format!("<{tag}"))?;
    let body = open + s.get(open..)?.find('>')? + 1;
    let close = body + s.get(body..)?.find(&format!("</{tag}>"))?;
    s.get(body..close)
}

fn elements<'a>(s: &'a str, tag: &str) -> Vec<&'a str> {
    let (open, close) = (format!("<{tag}>"), format!("</{tag}>"));
    let mut out = Vec::new();
    let mut rest = s;
    while let Some(a) = rest.find(&open) {
        let body = &rest[a + open.len()..];
        let Some(b) = body.find(&close) else { break };
        out.push(&body[..b]);
        rest = &body[b + close.len()..];
    }
    out
}

/// Byte offset of the `chars`-th character of `text`.
fn byte_at(text: &str, chars: usize) -> Option<usize> {
    if chars == text.chars().count() {
        return Some(text.len());
    }
    text.char_indices().nth(chars).map(|(b, _)| b)
}

/// Parses one corpus into (text, gold toponyms). The corpora give
/// character offsets, a few of them off by one or two: the phrase is
/// looked for near its offset.
fn parse(xml: &str) -> Vec<(String, Vec<Gold>)> {
    let mut out = Vec::new();
    for article in xml.split("<article ").skip(1) {
        let Some(raw) = element(article, "text") else {
            continue;
        };
        let text = raw
            .trim()
            .strip_prefix("<![CDATA[")
            .and_then(|t| t.strip_suffix("]]>"))
            .map_or_else(|| unescape(raw), str::to_string);
        let mut golds = Vec::new();
        for tp in elements(article, "toponym") {
            let num = |tag: &str| element(tp, tag).and_then(|v| v.trim().parse::<usize>().ok());
            let (Some(s), Some(e)) = (num("start"), num("end")) else {
                continue;
            };
            let phrase = unescape(element(tp, "phrase").unwrap_or("").trim());
            let mut span = None;
            for shift in [0isize, -1, 1, -2, 2, -3, 3] {
                let (Some(cs), Some(ce)) =
                    (s.checked_add_signed(shift), e.checked_add_signed(shift))
                else {
                    continue;
                };
                if let (Some(bs), Some(be)) = (byte_at(&text, cs), byte_at(&text, ce))
                    && text.get(bs..be) == Some(phrase.as_str())
                {
                    span = Some((bs, be));
                    break;
                }
            }
            let Some((start, end)) = span else { continue };
            let coord = |tag: &str| element(tp, tag).and_then(|v| v.trim().parse::<f64>().ok());
            let point = coord("lat").zip(coord("lon"));
            let country = element(tp, "country").map(|c| unescape(c.trim()));
            let fcode = element(tp, "fcode").unwrap_or("").trim().to_string();
            let name = unescape(element(tp, "name").unwrap_or("").trim());
            golds.push(Gold {
                start,
                end,
                point,
                country,
                fcode,
                name,
            });
        }
        out.push((text, golds));
    }
    out
}

fn km(a: (f64, f64), b: (f64, f64)) -> f64 {
    let (la1, lo1, la2, lo2) = (
        a.0.to_radians(),
        a.1.to_radians(),
        b.0.to_radians(),
        b.1.to_radians(),
    );
    let h = ((la2 - la1) / 2.0).sin().powi(2)
        + la1.cos() * la2.cos() * ((lo2 - lo1) / 2.0).sin().powi(2);
    2.0 * 6371.0 * h.sqrt().asin()
}

#[derive(Debug, Default)]
struct Scores {
    gold: usize,
    found: usize,
    found_right: usize,
    resolved: usize,
    resolved_right: usize,
    gold_hit: usize,
    /// Resolved toponyms matched to a gold one: towns with a gold point,
    /// and any with a gold country.
    with_point: usize,
    within_161: usize,
    with_country: usize,
    country_right: usize,
    /// Resolved toponyms that overlap a gold one and are in its country
    /// (or the gold one has none), and gold toponyms so hit.
    strict_right: usize,
    strict_gold_hit: usize,
    issue_gold: usize,
    issue_found: usize,
    issue_right: usize,
    errors: Vec<f64>,
}

fn ratio(n: usize, d: usize) -> f64 {
    n as f64 / d.max(1) as f64
}

fn evaluate(g: &Gazetteer, docs: &[(String, Vec<Gold>)], dump: &mut String) -> Scores {
    let mut s = Scores::default();
    let overlaps = |a: (usize, usize), b: &Gold| a.0 < b.end && b.start < a.1;
    for (text, golds) in docs {
        let found = g.find_toponyms(text);
        let resolved = g.resolve(text, &found, &GeoContext::default());
        let trace = g.trace_dropped(text);
        s.gold += golds.len();
        s.found += found.len();
        for (t, r) in found.iter().zip(&resolved) {
            let gold = golds.iter().find(|gd| overlaps((t.start, t.end), gd));
            s.found_right += usize::from(gold.is_some());
            let Some(id) = *r else { continue };
            s.resolved += 1;
            let Some(gold) = gold else { continue };
            s.resolved_right += 1;
            let place = g.place(id, GeoPrecision::Exact);
            // Countries and divisions are placed at a capital, the corpora
            // at a centroid: distance only means something for towns.
            if let Some(p) = gold
                .point
                .filter(|_| g.kind(id) == FeatureKind::PopulatedPlace)
            {
                s.with_point += 1;
                s.within_161 += usize::from(km(p, (place.latitude, place.longitude)) <= 161.0);
            }
            let gold_country = gold.country.as_deref().and_then(|c| g.country_by_name(c));
            if let Some(c) = gold_country {
                s.with_country += 1;
                s.country_right += usize::from(c == g.country_of(id));
            }
            s.strict_right += usize::from(gold_country.is_none_or(|c| c == g.country_of(id)));
        }
        for gd in golds.iter().filter(|gd| gd.point.is_some()) {
            s.issue_gold += 1;
            let hit = found.iter().zip(&resolved).find_map(|(t, r)| {
                r.filter(|_| overlaps((t.start, t.end), gd))
                    .map(|id| (t, id))
            });
            let surface = text.get(gd.start..gd.end).unwrap_or("");
            let context = text
                .get(gd.start.saturating_sub(60)..)
                .and_then(|c| c.get(..c.len().min(140)))
                .unwrap_or("")
                .replace('\n', " ");
            match hit {
                None => {
                    let why = if found.iter().any(|t| overlaps((t.start, t.end), gd)) {
                        "unresolved"
                    } else if let Some(r) = trace.iter().find(|t| t.0 < gd.end && gd.start < t.1) {
                        r.2
                    } else if g.count_names(surface) > 0 {
                        "dropped"
                    } else {
                        "absent"
                    };
                    dump.push_str(&format!(
                        "miss\t{}\t{surface}\t{}\t{why}\t{context}\n",
                        gd.fcode, gd.name
                    ))
                }
                Some((t, id)) => {
                    s.issue_found += 1;
                    let ids: Vec<PlaceId> = resolved.iter().flatten().copied().collect();
                    let at = ids.iter().position(|&o| o == id).unwrap_or(0);
                    let d = km(gd.point.unwrap(), g.locate_all(&ids)[at]);
                    s.errors.push(d);
                    s.issue_right += usize::from(d <= 161.0);
                    let ours = text.get(t.start..t.end).unwrap_or("");
                    dump.push_str(&format!(
                        "{}\t{}\t{surface}\t{}\t{ours}\t{:?}\t{}\t{}\t{d:.0}\t{context}\n",
                        if d <= 161.0 { "right" } else { "wrong" },
                        gd.fcode,
                        gd.name,
                        g.kind(id),
                        g.name(id),
                        g.country_of(id)
                    ));
                }
            }
        }
        let kept: Vec<(usize, usize, PlaceId)> = found
            .iter()
            .zip(&resolved)
            .filter_map(|(t, r)| r.map(|id| (t.start, t.end, id)))
            .collect();
        for gd in golds {
            let hit = kept.iter().any(|&(a, b, _)| overlaps((a, b), gd));
            s.gold_hit += usize::from(hit);
            let gold_country = gd.country.as_deref().and_then(|c| g.country_by_name(c));
            let strict = kept.iter().any(|&(a, b, id)| {
                overlaps((a, b), gd) && gold_country.is_none_or(|c| c == g.country_of(id))
            });
            s.strict_gold_hit += usize::from(strict);
            let surface = text.get(gd.start..gd.end).unwrap_or("");
            let context = text
                .get(gd.start.saturating_sub(60)..)
                .and_then(|c| c.get(..c.len().min(140)))
                .unwrap_or("")
                .replace('\n', " ");
            dump.push_str(&format!("gold\t{strict}\t{surface}\t{context}\n"));
        }
        for (t, r) in found.iter().zip(&resolved) {
            if r.is_some() && !golds.iter().any(|gd| overlaps((t.start, t.end), gd)) {
                let surface = text.get(t.start..t.end).unwrap_or("");
                let context = text
                    .get(t.start.saturating_sub(40)..)
                    .and_then(|c| c.get(..c.len().min(100)))
                    .unwrap_or("")
                    .replace('\n', " ");
                dump.push_str(&format!("false\t{surface}\t{context}\n"));
            }
        }
    }
    s
}

#[test]
#[ignore = "reads the GPL corpora from ../shared/eval/geo; run with --ignored"]
fn geoparsing_corpora() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/eval/geo");
    let g = Gazetteer::embedded().expect("embedded gazetteer");
    for name in ["TR-News.xml", "lgl.xml"] {
        let Ok(xml) = std::fs::read_to_string(dir.join(name)) else {
            eprintln!("skipped: {name} not found in {}", dir.display());
            continue;
        };
        let docs = parse(&xml);
        let mut dump = String::new();
        let s = evaluate(&g, &docs, &mut dump);
        if let Ok(dir) = std::env::var("SITREP_GEO_CORPUS_DUMP") {
            std::fs::write(PathBuf::from(dir).join(format!("{name}.tsv")), dump)
                .expect("write the dump");
        }
        let mut errs = s.errors.clone();
        errs.sort_by(f64::total_cmp);
        println!(
            "{name}: ISSUE found {:.3} ({}/{}) acc161 {:.3} ({}) e2e {:.3} median {:.0} km precision {:.3}",
            ratio(s.issue_found, s.issue_gold),
            s.issue_found,
            s.issue_gold,
            ratio(s.issue_right, s.issue_found),
            s.issue_right,
            ratio(s.issue_right, s.issue_gold),
            errs.get(errs.len() / 2).copied().unwrap_or(0.0),
            ratio(s.resolved_right, s.resolved),
        );
        let (sp, sr) = (
            ratio(s.strict_right, s.resolved),
            ratio(s.strict_gold_hit, s.gold),
        );
        println!(
            "{name}: in the right country: P {sp:.3} R {sr:.3} F1 {:.3}",
            2.0 * sp * sr / (sp + sr).max(1e-9)
        );
        println!(
            "{name}: {} articles, {} gold toponyms\n  found: P {:.3} ({}/{})\n  resolved: P {:.3} R {:.3} F1 {:.3} ({} kept)\n  resolution: towns within 161 km {:.3} ({}/{}), right country {:.3} ({}/{})",
            docs.len(),
            s.gold,
            ratio(s.found_right, s.found),
            s.found_right,
            s.found,
            ratio(s.resolved_right, s.resolved),
            ratio(s.gold_hit, s.gold),
            2.0 * ratio(s.resolved_right, s.resolved) * ratio(s.gold_hit, s.gold)
                / (ratio(s.resolved_right, s.resolved) + ratio(s.gold_hit, s.gold)).max(1e-9),
            s.resolved,
            ratio(s.within_161, s.with_point),
            s.within_161,
            s.with_point,
            ratio(s.country_right, s.with_country),
            s.country_right,
            s.with_country,
        );
    }
}
