//! `sitrep extract --cameo-*`: codings that fall on an ACLED event add
//! their CAMEO codes to it; the others become `"kind": "cameo"` records
//! with ACLED-style actor names; a bad dictionary line is reported with
//! its file and line and does not stop the run.

use std::path::Path;
use std::process::Command;

use serde_json::Value;

const VERBS: &str = "\
--- ATTACK [190] ---
ATTACK {ATTACKED ATTACKS}

--- PRAISE [051] ---
PRAISE
- * + FOR &BRAVERY [051]

&BRAVERY
+BRAVERY
+COURAGE
";

const ACTORS: &str = "TALIBAN [AFGREB]\nAFGHANISTAN [AFG]\n+AFGHAN\nPAKISTAN [PAK]\nBROKEN [PAK\n";
const AGENTS: &str = "POLICE [~COP]\nPOLICEMEN [~COP]\n";
const DISCARDS: &str = "+FOOTBALL\n";
const PLOVER: &str = "05: COOPERATE\n051: COOPERATE\n19: ASSAULT\n190: ASSAULT\n";

fn write(dir: &Path, name: &str, text: &str) -> String {
    let p = dir.join(name);
    std::fs::write(&p, text).expect("write fixture");
    p.to_str().expect("utf-8 path").to_string()
}

#[test]
fn extract_codes_with_cameo_dictionaries() {
    let dir = tempfile::tempdir().expect("temp dir");
    let d = dir.path();
    let doc = write(
        d,
        "doc.txt",
        "Taliban fighters attacked an Afghan police checkpoint in Kandahar province on Monday, \
         killing four policemen. Pakistan praised Afghanistan for its courage.",
    );
    let out = Command::new(env!("CARGO_BIN_EXE_sitrep"))
        .args(["extract", "--published", "2019-03-04"])
        .args(["--cameo-verbs", &write(d, "v.txt", VERBS)])
        .args(["--cameo-actors", &write(d, "a.txt", ACTORS)])
        .args(["--cameo-agents", &write(d, "g.txt", AGENTS)])
        .args(["--cameo-discards", &write(d, "x.txt", DISCARDS)])
        .args(["--cameo-plover", &write(d, "p.txt", PLOVER)])
        .arg(&doc)
        .output()
        .expect("run sitrep");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    // The unbalanced line of the actor file, with its file and line.
    assert!(stderr.contains("a.txt:5: error"), "{stderr}");
    let records: Vec<Value> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("JSON line"))
        .collect();
    let event = records
        .iter()
        .find(|r| r["kind"] == "event")
        .expect("the attack is an ACLED event");
    assert_eq!(event["actor1"], "Taliban");
    assert_eq!(event["source_code"], "AFGREB");
    assert_eq!(event["target_code"], "AFGCOP");
    assert_eq!(event["cameo"], "190");
    let cameo: Vec<&Value> = records.iter().filter(|r| r["kind"] == "cameo").collect();
    assert_eq!(cameo.len(), 1, "{cameo:?}");
    let c = cameo[0];
    let table = [
        ("source_code", "PAK"),
        ("target_code", "AFG"),
        ("cameo", "051"),
        ("plover", "COOPERATE"),
        ("event_date", "2019-03-04"),
    ];
    for (k, v) in table {
        assert_eq!(c[k], v, "{k}: {c}");
    }
    assert!(
        c["source_actor"]
            .as_str()
            .is_some_and(|s| s.starts_with("Government of Pakistan")),
        "{c}"
    );
    assert!(
        c["pattern"]
            .as_str()
            .is_some_and(|p| p.contains("v.txt:6:")),
        "{c}"
    );
    let evidence: Vec<&str> = c["evidence"]
        .as_array()
        .expect("evidence")
        .iter()
        .filter_map(|e| e["text"].as_str())
        .collect();
    assert_eq!(
        evidence,
        vec![
            "Pakistan praised Afghanistan for its courage.",
            "praised",
            "Pakistan",
            "Afghanistan"
        ]
    );
}

#[test]
fn cameo_flags_need_a_verb_dictionary() {
    let dir = tempfile::tempdir().expect("temp dir");
    let d = dir.path();
    let out = Command::new(env!("CARGO_BIN_EXE_sitrep"))
        .args(["extract", "--published", "2019-03-04"])
        .args(["--cameo-actors", &write(d, "a.txt", ACTORS)])
        .arg(write(d, "doc.txt", "Pakistan praised Afghanistan."))
        .output()
        .expect("run sitrep");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("need --cameo-verbs"));
}
