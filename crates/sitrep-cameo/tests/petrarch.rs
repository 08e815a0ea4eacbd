//! PETRARCH's own unit-test records, coded with the validation
//! dictionaries the file names, must reach the issue's targets: at least
//! 90% of the expected codings found and at most 10% extra codings.
//! Skipped (with a message) when `../shared` is not there.

use std::path::{Path, PathBuf};

use sitrep_cameo::{CameoDictionaries, CoderOptions, DictionarySource, code_text};
use sitrep_eval::petrarch::{Triple, parse_records, score_petrarch};

fn shared() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/petrarch")
}

fn sources(v: &[(String, String)]) -> Vec<DictionarySource<'_>> {
    v.iter()
        .map(|(n, t)| DictionarySource { name: n, text: t })
        .collect()
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn petrarch_unit_test_records_reach_the_targets() {
    let root = shared();
    let records_path = root.join("text/PETR.UnitTest.records.xml");
    if !records_path.is_file() {
        println!("skipped: {} not found", records_path.display());
        return;
    }
    let file = parse_records(&read(&records_path)).expect("records parse");
    let dir = root.join("dictionaries");
    let load = |names: &[String]| -> Vec<(String, String)> {
        names
            .iter()
            .map(|n| (n.clone(), read(&dir.join(n))))
            .collect()
    };
    let (verbs, actors, agents, discards) = (
        load(&file.environment.verbs),
        load(&file.environment.actors),
        load(&file.environment.agents),
        load(&file.environment.discards),
    );
    let loaded = CameoDictionaries::load(
        &sources(&verbs),
        &sources(&actors),
        &sources(&agents),
        &sources(&discards),
    );
    let dicts = loaded.dictionaries;
    let mut coded = Vec::new();
    for r in &file.records {
        let mut opts = CoderOptions::default();
        for (k, v) in &r.options {
            opts.set(k, v).expect("known option");
        }
        let out = code_text(&dicts, &r.text, r.date, &opts);
        coded.push(
            out.codings
                .iter()
                .map(|c| Triple {
                    source: c.source.to_string(),
                    target: c.target.to_string(),
                    event: c.event.to_string(),
                })
                .collect::<Vec<_>>(),
        );
    }
    let report = score_petrarch(&file.records, &coded, usize::MAX, "records", Vec::new());
    println!(
        "{}",
        sitrep_eval::report::render_text(std::slice::from_ref(&report))
    );
    let metrics = &report.slices[0].metrics;
    let found = metrics[0].value.unwrap_or(0.0);
    let precision = metrics[1].value.unwrap_or(0.0);
    assert!(found >= 0.90, "found {found:.3} < 0.90");
    assert!(
        precision >= 0.90,
        "extra codings {:.3} > 0.10",
        1.0 - precision
    );
}

/// The Phoenix dictionaries load without failing: every line is read or
/// reported with its file and line, and the compiled sizes are those of the
/// full files (a loader that silently stopped early would show here).
#[test]
fn phoenix_dictionaries_load_with_every_problem_located() {
    let dir = shared().join("dictionaries");
    if !dir.join("CAMEO.2.0.txt").is_file() {
        println!("skipped: {} not found", dir.display());
        return;
    }
    let files = |names: &[&str]| -> Vec<(String, String)> {
        names
            .iter()
            .map(|n| (n.to_string(), read(&dir.join(n))))
            .collect()
    };
    let (verbs, actors, agents, discards) = (
        files(&["CAMEO.2.0.txt"]),
        files(&[
            "Phoenix.Countries.actors.txt",
            "Phoenix.International.actors.txt",
            "Phoenix.MilNonState.actors.txt",
        ]),
        files(&["Phoenix.agents.txt"]),
        files(&["Phoenix.discards.txt"]),
    );
    let started = std::time::Instant::now();
    let loaded = CameoDictionaries::load(
        &sources(&verbs),
        &sources(&actors),
        &sources(&agents),
        &sources(&discards),
    );
    println!("Phoenix dictionaries compiled in {:.0?}", started.elapsed());
    let all: Vec<&(String, String)> = verbs
        .iter()
        .chain(&actors)
        .chain(&agents)
        .chain(&discards)
        .collect();
    for issue in &loaded.issues {
        let file = all
            .iter()
            .find(|(n, _)| *n == issue.file)
            .unwrap_or_else(|| panic!("issue names an unknown file: {issue}"));
        assert!(
            issue.line >= 1 && issue.line <= file.1.lines().count(),
            "{issue}"
        );
    }
    // Problems are the exception: a few dozen lines of some 60,000.
    assert!(loaded.issues.len() < 200, "{} issues", loaded.issues.len());
    let s = loaded.dictionaries.stats();
    println!("{s:?}");
    assert!(s.patterns > 10_000, "{s:?}");
    assert!(s.actor_names > 30_000, "{s:?}");
    assert!(s.agent_names > 1_000, "{s:?}");
    assert!(
        s.verb_blocks > 350 && s.synsets > 30 && s.discards > 400,
        "{s:?}"
    );
}
