//! The geoparsing corpora LGL (Lieberman et al. 2010, local news) and
//! TR-News (Kamalloo and Rafiei 2018, world news): every toponym the
//! annotators marked, with character offsets into the article text and the
//! coordinates of the GeoNames entry they chose.
//!
//! Both are GPL-3.0: they are read from `../shared/eval/geo/` at eval
//! time and never copied into the repository.
//!
//! A gold toponym counts as *found* when a place record overlaps its span,
//! and as *right* when that place lies within 161 km (100 miles, the
//! field's usual threshold) of the gold point. See [`DEFINITIONS`].

use std::collections::BTreeMap;

use sitrep_io::output::PlaceRecord;
use sitrep_model::{Date, Document};

use crate::report::{Metric, Miss, MissList, Slice, SuiteReport, Table};

/// One article of a corpus with its gold toponyms.
#[derive(Debug, Clone, PartialEq)]
pub struct GeoArticle {
    pub id: String,
    pub text: String,
    /// The download day (`dltime`), as a publication date.
    pub published: Option<Date>,
    pub gold: Vec<GoldToponym>,
}

/// A toponym as the annotators marked it.
#[derive(Debug, Clone, PartialEq)]
pub struct GoldToponym {
    /// Byte range in [`GeoArticle::text`].
    pub start: usize,
    pub end: usize,
    pub phrase: String,
    /// The gold GeoNames entry's name, feature code and point; a toponym
    /// the annotators could not place (a street, a building) has none.
    pub name: String,
    pub fcode: String,
    pub point: Option<(f64, f64)>,
}

impl GeoArticle {
    pub fn document(&self) -> Document {
        let mut doc = Document::new(self.id.clone(), self.text.clone());
        doc.published = self.published;
        doc
    }
}

/// The 100 miles within which a resolution counts as right.
pub const RIGHT_KM: f64 = 161.0;

fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

/// The body of the first `<tag ...>...</tag>` in `s`.
fn element<'a>(s: &'a str, tag: &str) -> Option<&'a str> {
    let open = s.find(&format!("<{tag}"))?;
    let after = s.get(open + tag.len() + 1..)?;
    // `<text>` must not match `<textfoo>`.
    if !after.starts_with(['>', ' ']) {
        return element(s.get(open + tag.len() + 1..)?, tag);
    }
    let body = open + s.get(open..)?.find('>')? + 1;
    let close = body + s.get(body..)?.find(&format!("</{tag}>"))?;
    s.get(body..close)
}

/// The bodies of every `<tag>...</tag>` in `s`, in order.
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

/// How far (in characters) from its stated offset a phrase is looked for:
/// TR-News' offsets drift by up to ten characters in some articles.
const OFFSET_SLACK: usize = 40;

/// The byte span of `phrase` in `text` nearest to the character offset
/// `start`, within [`OFFSET_SLACK`] characters.
fn locate(text: &str, chars: &[usize], start: usize, phrase: &str) -> Option<(usize, usize)> {
    if phrase.is_empty() {
        return None;
    }
    let at = |c: usize| chars.get(c.min(chars.len().saturating_sub(1))).copied();
    let from = at(start.saturating_sub(OFFSET_SLACK))?;
    let to = at(start
        .saturating_add(OFFSET_SLACK)
        .saturating_add(phrase.chars().count()))
    .unwrap_or(text.len());
    let target = at(start).unwrap_or(text.len());
    let window = text.get(from..to)?;
    window
        .match_indices(phrase)
        .map(|(i, _)| from + i)
        .min_by_key(|&b| (b.abs_diff(target), b))
        .map(|b| (b, b + phrase.len()))
}

/// Parses a corpus file (LGL's or TR-News' XML). Articles without a text
/// are skipped; a toponym whose phrase is not near its offset is dropped
/// and counted in the second value.
pub fn parse_geo_corpus(xml: &str) -> Result<(Vec<GeoArticle>, usize), String> {
    let mut articles = Vec::new();
    let mut unplaced = 0;
    for (n, article) in xml.split("<article ").skip(1).enumerate() {
        let id = article
            .split_once("docid=\"")
            .and_then(|(_, rest)| rest.split_once('"'))
            .map_or_else(|| format!("article {}", n + 1), |(id, _)| id.to_string());
        let Some(raw) = element(article, "text") else {
            continue;
        };
        let raw = raw.trim();
        let text = raw
            .strip_prefix("<![CDATA[")
            .and_then(|t| t.strip_suffix("]]>"))
            .map_or_else(|| unescape(raw), str::to_string);
        let published = element(article, "dltime")
            .and_then(|d| d.trim().get(..10))
            .and_then(|d| d.parse::<Date>().ok());
        // Byte offset of every character, and of the end.
        let chars: Vec<usize> = text
            .char_indices()
            .map(|(b, _)| b)
            .chain(std::iter::once(text.len()))
            .collect();
        let mut gold = Vec::new();
        for tp in elements(article, "toponym") {
            let num = |tag: &str| element(tp, tag).and_then(|v| v.trim().parse::<usize>().ok());
            let phrase = unescape(element(tp, "phrase").unwrap_or("").trim());
            let Some(start) = num("start") else {
                return Err(format!("article {id}: a toponym without <start>"));
            };
            let Some((bs, be)) = locate(&text, &chars, start, &phrase) else {
                unplaced += 1;
                continue;
            };
            let gaz = element(tp, "gaztag").unwrap_or("");
            let coord = |tag: &str| element(gaz, tag).and_then(|v| v.trim().parse::<f64>().ok());
            let point = coord("lat")
                .zip(coord("lon"))
                .filter(|(la, lo)| la.abs() <= 90.0 && lo.abs() <= 180.0);
            gold.push(GoldToponym {
                start: bs,
                end: be,
                phrase,
                name: unescape(element(gaz, "name").unwrap_or("").trim()),
                fcode: element(gaz, "fcode").unwrap_or("").trim().to_string(),
                point,
            });
        }
        articles.push(GeoArticle {
            id,
            text,
            published,
            gold,
        });
    }
    if articles.is_empty() {
        return Err("no <article> with a <text> found".into());
    }
    Ok((articles, unplaced))
}

/// Great-circle distance in km.
pub fn km(a: (f64, f64), b: (f64, f64)) -> f64 {
    let (la1, lo1, la2, lo2) = (
        a.0.to_radians(),
        a.1.to_radians(),
        b.0.to_radians(),
        b.1.to_radians(),
    );
    let h = ((la2 - la1) / 2.0).sin().powi(2)
        + la1.cos() * la2.cos() * ((lo2 - lo1) / 2.0).sin().powi(2);
    2.0 * 6371.0 * h.sqrt().min(1.0).asin()
}

/// The gold feature classes the breakdown table groups by.
fn class_of(fcode: &str) -> &'static str {
    match fcode {
        "PCLI" | "PCLS" | "PCLD" | "PCLF" | "PCLIX" | "PCL" | "TERR" => "country",
        "ADM1" | "ADM1H" => "first-level division",
        "ADM2" | "ADM2H" | "ADM3" | "ADMD" => "other division",
        c if c.starts_with("PPL") => "populated place",
        "CONT" | "RGN" | "AREA" | "ZN" => "continent, region",
        _ => "other (rivers, landmarks ...)",
    }
}

const CLASSES: [&str; 6] = [
    "country",
    "first-level division",
    "other division",
    "populated place",
    "continent, region",
    "other (rivers, landmarks ...)",
];

fn overlap(a: (usize, usize), b: (usize, usize)) -> usize {
    a.1.min(b.1).saturating_sub(a.0.max(b.0))
}

/// A short window of `text` around a byte range, on character boundaries.
fn context(text: &str, start: usize, end: usize) -> String {
    let mut a = start.saturating_sub(60);
    while !text.is_char_boundary(a) {
        a -= 1;
    }
    let mut b = (end + 60).min(text.len());
    while !text.is_char_boundary(b) {
        b += 1;
    }
    text.get(a..b).unwrap_or("").replace(['\n', '\r'], " ")
}

/// Scores one corpus: `places[i]` holds the place records of
/// `articles[i]`'s document. `key` and `title` name the slice ("lgl",
/// "LGL").
#[allow(clippy::too_many_arguments)]
pub fn score_geo_corpus(
    key: &'static str,
    title: &str,
    articles: &[GeoArticle],
    unplaced: usize,
    places: &[Vec<PlaceRecord>],
    targets: (Option<f64>, Option<f64>),
    misses: usize,
) -> Slice {
    let empty = Vec::new();
    let (mut gold_n, mut found, mut right, mut unlocated) = (0, 0, 0, 0);
    let (mut records, mut true_records) = (0, 0);
    let mut errors: Vec<f64> = Vec::new();
    // By gold class: gold, found, right.
    let mut by_class: BTreeMap<&str, (usize, usize, usize)> = BTreeMap::new();
    let mut not_found: Vec<(String, Miss)> = Vec::new();
    let mut wrong: Vec<(f64, usize, Miss)> = Vec::new();
    let mut false_places: Vec<(String, Miss)> = Vec::new();
    for (ai, art) in articles.iter().enumerate() {
        let recs = places.get(ai).unwrap_or(&empty);
        for r in recs {
            records += 1;
            let hit = art
                .gold
                .iter()
                .any(|g| overlap((r.start, r.end), (g.start, g.end)) > 0);
            if hit {
                true_records += 1;
            } else {
                false_places.push((
                    r.text.to_lowercase(),
                    Miss {
                        id: art.id.clone(),
                        expected: "no toponym".into(),
                        coded: format!("{} ({}, {})", r.name, r.feature, r.country),
                        text: context(&art.text, r.start, r.end),
                    },
                ));
            }
        }
        for g in &art.gold {
            let Some(point) = g.point else {
                unlocated += 1;
                continue;
            };
            gold_n += 1;
            let class = by_class.entry(class_of(&g.fcode)).or_default();
            class.0 += 1;
            // The record that covers most of the gold span.
            let best = recs
                .iter()
                .map(|r| (overlap((r.start, r.end), (g.start, g.end)), r))
                .filter(|(o, _)| *o > 0)
                .max_by_key(|(o, r)| (*o, std::cmp::Reverse(r.start)))
                .map(|(_, r)| r);
            let expected = format!("{} ({}, {:.2}, {:.2})", g.name, g.fcode, point.0, point.1);
            let Some(r) = best else {
                not_found.push((
                    g.phrase.to_lowercase(),
                    Miss {
                        id: art.id.clone(),
                        expected: format!("{:?}: {expected}", g.phrase),
                        coded: "not found".into(),
                        text: context(&art.text, g.start, g.end),
                    },
                ));
                continue;
            };
            found += 1;
            class.1 += 1;
            let d = km(point, (r.latitude, r.longitude));
            errors.push(d);
            if d <= RIGHT_KM {
                right += 1;
                class.2 += 1;
            } else {
                wrong.push((
                    d,
                    wrong.len(),
                    Miss {
                        id: art.id.clone(),
                        expected: format!("{:?}: {expected}", g.phrase),
                        coded: format!(
                            "{} ({}, {}, {:.2}, {:.2}), {d:.0} km",
                            r.name, r.feature, r.country, r.latitude, r.longitude
                        ),
                        text: context(&art.text, g.start, g.end),
                    },
                ));
            }
        }
    }
    errors.sort_by(f64::total_cmp);
    let median = errors.get(errors.len() / 2).copied();
    let mut found_m = Metric::proportion("found", "found (recall)", found, gold_n);
    let mut right_m =
        Metric::proportion("accuracy161", "accuracy@161 km of the found", right, found);
    if let Some(t) = targets.0 {
        found_m = found_m.with_target(t);
    }
    if let Some(t) = targets.1 {
        right_m = right_m.with_target(t);
    }
    let mut metrics = vec![
        found_m,
        right_m,
        Metric::proportion("end_to_end", "end-to-end accuracy@161 km", right, gold_n),
        Metric::proportion(
            "precision",
            "precision (places on a gold toponym)",
            true_records,
            records,
        ),
    ];
    if let Some(m) = median {
        metrics.push(Metric::kilometres(
            "median_km",
            "median error of the found (km)",
            m,
            found,
        ));
    }
    let table = Table {
        title: "By gold feature class (gold toponyms with coordinates)".into(),
        header: ["class", "gold", "found", "share", "right", "accuracy@161"]
            .iter()
            .map(|s| s.to_string())
            .collect(),
        rows: CLASSES
            .iter()
            .filter_map(|c| by_class.get(c).map(|v| (c, v)))
            .map(|(c, &(g, f, r))| {
                let share = |a: usize, b: usize| format!("{:.3}", a as f64 / b.max(1) as f64);
                vec![
                    c.to_string(),
                    g.to_string(),
                    f.to_string(),
                    share(f, g),
                    r.to_string(),
                    share(r, f),
                ]
            })
            .collect(),
    };
    let notes = vec![
        format!(
            "{unlocated} gold toponyms without coordinates (streets, buildings) are not in the recall denominator; a place on one is not a false toponym"
        ),
        format!("{unplaced} gold toponyms whose phrase is not near their offset are left out"),
        format!(
            "{records} place records, {} on no gold toponym",
            records - true_records
        ),
    ];
    Slice {
        key,
        title: title.to_string(),
        rows: articles.len(),
        metrics,
        notes,
        tables: vec![table],
        misses: vec![
            by_frequency("not found", not_found, misses),
            {
                let total = wrong.len();
                wrong.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
                MissList {
                    metric: "farther than 161 km",
                    total,
                    shown: wrong.into_iter().take(misses).map(|w| w.2).collect(),
                }
            },
            by_frequency("false toponyms", false_places, misses),
        ],
    }
}

/// Misses ranked by how often their phrase is missed in the corpus (the
/// most common miss first), then in corpus order; one shown per phrase.
fn by_frequency(metric: &'static str, list: Vec<(String, Miss)>, misses: usize) -> MissList {
    let total = list.len();
    let mut count: BTreeMap<&str, usize> = BTreeMap::new();
    for (k, _) in &list {
        *count.entry(k.as_str()).or_default() += 1;
    }
    let mut ranked: Vec<(usize, usize, &String, &Miss)> = list
        .iter()
        .enumerate()
        .map(|(i, (k, m))| (count.get(k.as_str()).copied().unwrap_or(0), i, k, m))
        .collect();
    ranked.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    let mut seen: Vec<&String> = Vec::new();
    let mut shown = Vec::new();
    for (n, _, k, m) in ranked {
        if shown.len() >= misses {
            break;
        }
        if seen.contains(&k) {
            continue;
        }
        seen.push(k);
        let mut m = m.clone();
        m.expected = format!("{} (×{n})", m.expected);
        shown.push(m);
    }
    MissList {
        metric,
        total,
        shown,
    }
}

/// The suite's report from its corpora's slices.
pub fn geo_report(slices: Vec<Slice>, source: &str) -> SuiteReport {
    SuiteReport {
        suite: "geo",
        title: "Geoparsing corpora LGL and TR-News (toponyms, resolution)".into(),
        source: source.to_string(),
        slices,
        definitions: DEFINITIONS,
    }
}

pub const DEFINITIONS: &str = "\
- **Documents.** Each `<article>` is one document (its `<text>`, published on its `dltime` day), run through `sitrep places`: the toponyms the coder resolves plus the demonyms of countries (\"Turkish\"), which both corpora mark.
- **Gold toponyms**: the corpus' toponyms whose GeoNames entry has coordinates (LGL leaves streets and buildings without). The corpora give character offsets, TR-News' off by up to ten characters in places: a toponym is placed at the occurrence of its phrase nearest its offset (within 40 characters); the notes count the few that are not found there.
- **found (recall)**: a place record's byte span overlaps the gold toponym's (\"Ghor province\" against gold \"Ghor\").
- **accuracy@161 km of the found**: the found gold toponyms whose place lies within 161 km (100 miles) of the gold point, over the found. A place's point is its coordinates in the record: a town's point, a country's or a division's centroid (Afghan provinces from their outlines, other divisions from the convex hull of their places, countries from their divisions weighted by area).
- **end-to-end accuracy**: right over all gold toponyms.
- **precision**: place records that overlap a gold toponym (with or without coordinates), over all place records: how many of the places a user would map are toponyms at all.
- **median error**: the median distance over the found gold toponyms (not guarded).
- **Worst misses**: not found and false toponyms ranked by how often the same phrase is missed, one row per phrase; the others by distance.";

#[cfg(test)]
mod tests {
    use super::*;

    const XML: &str = r#"<?xml version="1.0"?>
<articles>
  <article docid="7">
    <dltime>2009-03-20 12:24:52</dltime>
    <text><![CDATA[Fire in Alexandria, Va. Then Kabul.]]></text>
    <toponyms>
      <toponym><start>8</start><end>18</end><phrase>Alexandria</phrase>
        <gaztag geonameid="1"><name>Alexandria</name><fcode>PPL</fcode><lat>38.80</lat><lon>-77.05</lon></gaztag></toponym>
      <toponym><start>22</start><end>25</end><phrase>Va.</phrase>
        <gaztag geonameid="2"><name>Virginia</name><fcode>ADM1</fcode><lat>37.5</lat><lon>-78.5</lon></gaztag></toponym>
      <toponym><start>27</start><end>33</end><phrase>Kabul</phrase>
        <gaztag geonameid="3"><name>Kabul</name><fcode>PPLC</fcode><lat>34.5</lat><lon>69.2</lon></gaztag></toponym>
      <toponym><start>0</start><end>4</end><phrase>Fire</phrase></toponym>
    </toponyms>
  </article>
</articles>"#;

    fn record(start: usize, end: usize, text: &str, point: (f64, f64)) -> PlaceRecord {
        PlaceRecord {
            kind: "place",
            doc_id: "7".into(),
            start,
            end,
            text: text.into(),
            name: text.into(),
            feature: "populated place",
            demonym: false,
            country: "X".into(),
            country_code: "XX".into(),
            iso: 0,
            admin1: None,
            admin2: None,
            latitude: point.0,
            longitude: point.1,
            geonameid: None,
            place_id: 0,
        }
    }

    #[test]
    fn parses_offsets_even_when_they_drift() {
        let (arts, unplaced) = parse_geo_corpus(XML).unwrap();
        assert_eq!(unplaced, 0);
        let a = &arts[0];
        assert_eq!(a.id, "7");
        assert_eq!(a.published, "2009-03-20".parse().ok());
        let phrases: Vec<&str> = a.gold.iter().map(|g| &a.text[g.start..g.end]).collect();
        // "Va." and "Kabul" are stated two characters off: found at their
        // nearest occurrence.
        assert_eq!(phrases, ["Alexandria", "Va.", "Kabul", "Fire"]);
        assert_eq!(a.gold[3].point, None);
    }

    #[test]
    fn scores_found_right_and_precision() {
        let (arts, unplaced) = parse_geo_corpus(XML).unwrap();
        let places = vec![vec![
            // Right: Alexandria, Virginia.
            record(8, 18, "Alexandria", (38.8, -77.0)),
            // Found but wrong: Alexandria, Egypt.
            record(27, 32, "Kabul", (31.2, 29.9)),
            // On a gold toponym without coordinates: not false.
            record(0, 4, "Fire", (0.0, 0.0)),
            // False.
            record(5, 7, "in", (0.0, 0.0)),
        ]];
        let s = score_geo_corpus("t", "T", &arts, unplaced, &places, (None, None), 5);
        let value = |k: &str| s.metrics.iter().find(|m| m.key == k).unwrap().value;
        assert_eq!(value("found"), Some(2.0 / 3.0));
        assert_eq!(value("accuracy161"), Some(0.5));
        assert_eq!(value("end_to_end"), Some(1.0 / 3.0));
        assert_eq!(value("precision"), Some(0.75));
        assert_eq!(s.misses[0].total, 1, "Va. not found");
        assert_eq!(s.misses[1].total, 1, "Kabul too far");
        assert_eq!(s.misses[2].total, 1, "one false toponym");
    }

    #[test]
    fn distances() {
        assert!((km((0.0, 0.0), (0.0, 1.0)) - 111.2).abs() < 0.5);
        assert_eq!(km((10.0, 10.0), (10.0, 10.0)), 0.0);
    }
}
