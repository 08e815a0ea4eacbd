//! What a suite measured, and how it is shown: a readable text table, the
//! Markdown of `EVAL.md`, and the `floors` lines the regression guard
//! compares.
//!
//! Reports are plain values built by the scorers; rendering is a pure
//! function from reports to a string, so the binary only prints.

use std::fmt::Write;

/// One figure: a proportion of rows (`hits` of `n`) or a score such as F1
/// over `n` rows.
#[derive(Debug, Clone, PartialEq)]
pub struct Metric {
    /// The key in `floors` lines: `suite.slice.key`.
    pub key: &'static str,
    /// What a reader sees.
    pub label: &'static str,
    pub n: usize,
    /// Rows that met the metric, for proportions.
    pub hits: Option<usize>,
    /// The figure; `None` when no row qualified (`n` = 0).
    pub value: Option<f64>,
    /// The figure the project aims for, if one was set.
    pub target: Option<f64>,
    /// A distance in km, where lower is better: shown rounded, and not a
    /// floor of the regression guard (which guards shares).
    pub kilometres: bool,
}

impl Metric {
    /// `hits` of `n` rows.
    pub fn proportion(key: &'static str, label: &'static str, hits: usize, n: usize) -> Metric {
        Metric {
            key,
            label,
            n,
            hits: Some(hits),
            value: (n > 0).then(|| hits as f64 / n as f64),
            target: None,
            kilometres: false,
        }
    }

    /// A score computed over `n` rows (F1 and the like).
    pub fn score(key: &'static str, label: &'static str, value: f64, n: usize) -> Metric {
        Metric {
            key,
            label,
            n,
            hits: None,
            value: (n > 0).then_some(value),
            target: None,
            kilometres: false,
        }
    }

    /// A distance in km over `n` rows (a median error), lower is better.
    pub fn kilometres(key: &'static str, label: &'static str, km: f64, n: usize) -> Metric {
        Metric {
            kilometres: true,
            ..Metric::score(key, label, km, n)
        }
    }

    pub fn with_target(mut self, target: f64) -> Metric {
        self.target = Some(target);
        self
    }

    /// Whether the figure reaches its target; `None` without a target or a
    /// figure.
    pub fn met(&self) -> Option<bool> {
        // Figures are shown to three decimals, so a figure that prints as
        // the target counts as reaching it.
        Some(round3(self.value?) >= round3(self.target?))
    }
}

fn round3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

/// A row the coder got wrong, for a developer to look at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Miss {
    pub id: String,
    pub expected: String,
    pub coded: String,
    /// The row's text, already truncated.
    pub text: String,
}

/// The worst misses of one metric, worst first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MissList {
    pub metric: &'static str,
    /// How many rows missed in all (the list holds at most the requested
    /// number).
    pub total: usize,
    pub shown: Vec<Miss>,
}

/// A table of its own, such as per-class precision and recall.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    pub title: String,
    pub header: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

/// A part of a suite reported on its own ("Afghanistan", "rest of the
/// world").
#[derive(Debug, Clone, PartialEq)]
pub struct Slice {
    /// The key in `floors` lines.
    pub key: &'static str,
    pub title: String,
    pub rows: usize,
    pub metrics: Vec<Metric>,
    /// Counts a reader needs to interpret the figures.
    pub notes: Vec<String>,
    pub tables: Vec<Table>,
    pub misses: Vec<MissList>,
}

/// Everything one suite measured.
#[derive(Debug, Clone, PartialEq)]
pub struct SuiteReport {
    /// `incidents`, `case2021`, `plover`, `seed`.
    pub suite: &'static str,
    pub title: String,
    /// Where the data came from, as given.
    pub source: String,
    pub slices: Vec<Slice>,
    /// The suite's definitions as Markdown bullet points, for `EVAL.md`.
    pub definitions: &'static str,
}

fn figure(x: Option<f64>) -> String {
    x.map_or_else(|| "-".to_string(), |v| format!("{v:.3}"))
}

fn metric_figure(m: &Metric) -> String {
    match m.value {
        Some(v) if m.kilometres => format!("{v:.0} km"),
        v => figure(v),
    }
}

fn target_text(m: &Metric) -> String {
    m.target.map_or_else(String::new, |t| format!("≥ {t:.2}"))
}

fn met_text(m: &Metric) -> &'static str {
    match m.met() {
        Some(true) => "met",
        Some(false) => "not met",
        None => "",
    }
}

fn count_text(m: &Metric) -> String {
    match m.hits {
        Some(h) => format!("{h}/{}", m.n),
        None => m.n.to_string(),
    }
}

/// The readable table `sitrep eval` prints by default.
pub fn render_text(reports: &[SuiteReport]) -> String {
    let mut out = String::new();
    for r in reports {
        let _ = writeln!(out, "== {}: {} ({})", r.suite, r.title, r.source);
        for s in &r.slices {
            let _ = writeln!(out, "\n-- {} ({} rows)", s.title, s.rows);
            let _ = writeln!(
                out,
                "  {:<34} {:>11} {:>7} {:>7}  met",
                "metric", "n", "figure", "target"
            );
            for m in &s.metrics {
                let _ = writeln!(
                    out,
                    "  {:<34} {:>11} {:>7} {:>7}  {}",
                    m.label,
                    count_text(m),
                    metric_figure(m),
                    target_text(m),
                    met_text(m)
                );
            }
            for n in &s.notes {
                let _ = writeln!(out, "  note: {n}");
            }
            for t in &s.tables {
                let _ = writeln!(out, "\n  {}", t.title);
                let widths = column_widths(t);
                let line = |cells: &[String]| {
                    cells
                        .iter()
                        .zip(&widths)
                        .enumerate()
                        .map(|(i, (c, w))| {
                            if i == 0 {
                                format!("{c:<w$}")
                            } else {
                                format!("{c:>w$}")
                            }
                        })
                        .collect::<Vec<_>>()
                        .join("  ")
                };
                let _ = writeln!(out, "    {}", line(&t.header));
                for row in &t.rows {
                    let _ = writeln!(out, "    {}", line(row));
                }
            }
            for list in s.misses.iter().filter(|l| l.total > 0) {
                let _ = writeln!(
                    out,
                    "\n  worst misses: {} ({} rows missed, {} shown)",
                    list.metric,
                    list.total,
                    list.shown.len()
                );
                for m in &list.shown {
                    let _ = writeln!(
                        out,
                        "    {}  expected: {}  coded: {}\n      {}",
                        m.id, m.expected, m.coded, m.text
                    );
                }
            }
        }
        let _ = writeln!(out);
    }
    out
}

fn column_widths(t: &Table) -> Vec<usize> {
    let mut widths: Vec<usize> = t.header.iter().map(|h| h.chars().count()).collect();
    for row in &t.rows {
        for (i, c) in row.iter().enumerate() {
            if let Some(w) = widths.get_mut(i) {
                *w = (*w).max(c.chars().count());
            }
        }
    }
    widths
}

/// Escapes what would break a Markdown table cell.
fn cell(s: &str) -> String {
    s.replace('|', "\\|").replace('\n', " ")
}

/// The body of `EVAL.md`: a summary table, each suite's slices with notes
/// and tables, the definitions, the worst misses and the `floors` block.
pub fn render_markdown(reports: &[SuiteReport]) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "## Summary\n");
    let _ = writeln!(
        out,
        "| suite | slice | metric | n | figure | target | met |"
    );
    let _ = writeln!(out, "|---|---|---|---:|---:|---:|---|");
    for r in reports {
        for s in &r.slices {
            for m in &s.metrics {
                let _ = writeln!(
                    out,
                    "| {} | {} | {} | {} | {} | {} | {} |",
                    r.suite,
                    cell(&s.title),
                    cell(m.label),
                    count_text(m),
                    metric_figure(m),
                    target_text(m),
                    met_text(m)
                );
            }
        }
    }
    for r in reports {
        let _ = writeln!(out, "\n## {}: {}\n", r.suite, cell(&r.title));
        let _ = writeln!(out, "Data: `{}`.", r.source);
        for s in &r.slices {
            let _ = writeln!(out, "\n### {} ({} rows)\n", cell(&s.title), s.rows);
            for n in &s.notes {
                let _ = writeln!(out, "- {}", cell(n));
            }
            for t in &s.tables {
                let _ = writeln!(out, "\n{}\n", cell(&t.title));
                let _ = writeln!(
                    out,
                    "| {} |",
                    t.header
                        .iter()
                        .map(|h| cell(h))
                        .collect::<Vec<_>>()
                        .join(" | ")
                );
                let _ = writeln!(
                    out,
                    "|{}",
                    t.header
                        .iter()
                        .enumerate()
                        .map(|(i, _)| if i == 0 { "---|" } else { "---:|" })
                        .collect::<String>()
                );
                for row in &t.rows {
                    let _ = writeln!(
                        out,
                        "| {} |",
                        row.iter().map(|c| cell(c)).collect::<Vec<_>>().join(" | ")
                    );
                }
            }
        }
    }
    let _ = writeln!(out, "\n## Definitions");
    for r in reports {
        let _ = writeln!(out, "\n### {}\n\n{}", r.suite, r.definitions.trim_end());
    }
    let _ = writeln!(out, "\n## Worst misses");
    for r in reports {
        for s in &r.slices {
            for list in s.misses.iter().filter(|l| l.total > 0) {
                let _ = writeln!(
                    out,
                    "\n### {} / {} / {} ({} missed, {} shown)\n",
                    r.suite,
                    cell(&s.title),
                    list.metric,
                    list.total,
                    list.shown.len()
                );
                let _ = writeln!(out, "| id | expected | coded | text |");
                let _ = writeln!(out, "|---|---|---|---|");
                for m in &list.shown {
                    let _ = writeln!(
                        out,
                        "| {} | {} | {} | {} |",
                        cell(&m.id),
                        cell(&m.expected),
                        cell(&m.coded),
                        cell(&m.text)
                    );
                }
            }
        }
    }
    let _ = writeln!(
        out,
        "\n## Floors\n\nThe regression guard (`crates/sitrep/tests/eval_guard.rs`) fails when a \
         figure falls more than {FLOOR_TOLERANCE} below its floor here.\n\n```floors\n{}```",
        render_floors(reports)
    );
    out
}

/// How far a figure may fall below its floor before the guard fails.
pub const FLOOR_TOLERANCE: f64 = 0.01;

/// One `suite.slice.metric = 0.xxx` line per figure.
pub fn render_floors(reports: &[SuiteReport]) -> String {
    let mut out = String::new();
    for r in reports {
        for s in &r.slices {
            for m in s.metrics.iter().filter(|m| !m.kilometres) {
                if let Some(v) = m.value {
                    let _ = writeln!(out, "{}.{}.{} = {v:.3}", r.suite, s.key, m.key);
                }
            }
        }
    }
    out
}

/// Reads `name = value` lines (blank lines and `#` comments skipped).
pub fn parse_floor_lines(text: &str) -> Result<Vec<(String, f64)>, String> {
    let mut floors = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let parsed = line.split_once('=').and_then(|(k, v)| {
            let v: f64 = v.trim().parse().ok()?;
            Some((k.trim().to_string(), v))
        });
        match parsed {
            Some((k, v)) if !k.is_empty() => floors.push((k, v)),
            _ => return Err(format!("line {}: not `name = number`: {line:?}", i + 1)),
        }
    }
    Ok(floors)
}

/// The floors in a Markdown document's ```` ```floors ```` block.
pub fn parse_floors_block(markdown: &str) -> Result<Vec<(String, f64)>, String> {
    let start = markdown
        .find("```floors")
        .ok_or("no ```floors block found")?;
    let body_start = markdown
        .get(start..)
        .and_then(|rest| rest.find('\n'))
        .map(|nl| start + nl + 1)
        .ok_or("the ```floors block is not closed")?;
    let body = markdown.get(body_start..).unwrap_or("");
    let end = body
        .find("```")
        .ok_or("the ```floors block is not closed")?;
    parse_floor_lines(body.get(..end).unwrap_or(""))
}

/// Figures that fell more than [`FLOOR_TOLERANCE`] below their floor, or
/// that are missing: one sentence each naming the metric. Improvements are
/// not reported.
pub fn regressions(floors: &[(String, f64)], current: &[(String, f64)]) -> Vec<String> {
    let mut problems = Vec::new();
    for (name, floor) in floors {
        match current.iter().find(|(k, _)| k == name) {
            None => problems.push(format!(
                "{name}: no longer measured (floor {floor:.3}); regenerate EVAL.md with scripts/update_eval.sh if it was renamed"
            )),
            // A small epsilon keeps a figure exactly one point below from
            // failing on rounding.
            Some((_, now)) if *now < floor - FLOOR_TOLERANCE - 1e-9 => problems.push(format!(
                "{name}: {now:.3} is below its floor {floor:.3} by more than {FLOOR_TOLERANCE}"
            )),
            Some(_) => {}
        }
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;

    fn report(value: usize) -> SuiteReport {
        SuiteReport {
            suite: "s",
            title: "T".into(),
            source: "x".into(),
            slices: vec![Slice {
                key: "all",
                title: "All".into(),
                rows: 10,
                metrics: vec![
                    Metric::proportion("hit", "hit rate", value, 10).with_target(0.9),
                    Metric::proportion("empty", "nothing", 0, 0),
                ],
                notes: vec![],
                tables: vec![],
                misses: vec![],
            }],
            definitions: "- d",
        }
    }

    #[test]
    fn floors_round_trip_through_markdown() {
        let md = render_markdown(&[report(9)]);
        let floors = parse_floors_block(&md).expect("floors block");
        assert_eq!(floors, vec![("s.all.hit".to_string(), 0.9)]);
    }

    #[test]
    fn regression_table() {
        let floors = vec![("a".to_string(), 0.900), ("b".to_string(), 0.500)];
        // (current figures, metrics reported as regressions)
        type Case<'a> = (&'a [(&'a str, f64)], &'a [&'a str]);
        let table: &[Case] = &[
            (&[("a", 0.900), ("b", 0.500)], &[]),
            (&[("a", 0.890), ("b", 0.600)], &[]),
            (&[("a", 0.889), ("b", 0.500)], &["a"]),
            (&[("a", 0.950)], &["b"]),
        ];
        for (current, want) in table {
            let current: Vec<(String, f64)> =
                current.iter().map(|(k, v)| (k.to_string(), *v)).collect();
            let got = regressions(&floors, &current);
            let names: Vec<&str> = got
                .iter()
                .filter_map(|p| p.split(':').next())
                .collect::<Vec<_>>();
            assert_eq!(names, *want, "{current:?}: {got:?}");
        }
    }

    #[test]
    fn floor_lines_table() {
        let table: &[(&str, Result<usize, ()>)] = &[
            ("a.b.c = 0.5\n\n# note\nx = 1", Ok(2)),
            ("a.b.c 0.5", Err(())),
            ("= 0.5", Err(())),
            ("a = x", Err(())),
        ];
        for (input, want) in table {
            let got = parse_floor_lines(input).map(|v| v.len()).map_err(|_| ());
            assert_eq!(got, *want, "{input:?}");
        }
    }

    #[test]
    fn met_table() {
        let table = [
            (9, Some(true)),  // 0.9 against 0.9
            (8, Some(false)), // 0.8 against 0.9
        ];
        for (hits, want) in table {
            let r = report(hits);
            assert_eq!(r.slices[0].metrics[0].met(), want, "{hits}");
            assert_eq!(r.slices[0].metrics[1].met(), None);
        }
    }

    #[test]
    fn text_shows_targets_and_status() {
        let text = render_text(&[report(8)]);
        assert!(text.contains("8/10"), "{text}");
        assert!(text.contains("≥ 0.90"), "{text}");
        assert!(text.contains("not met"), "{text}");
    }
}
