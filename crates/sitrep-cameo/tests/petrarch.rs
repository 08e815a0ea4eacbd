//! PETRARCH's own unit-test records, coded with the validation
//! dictionaries the file names, must reach the targets: at least
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
