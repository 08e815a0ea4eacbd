//! The article sitrep was started from must always come out right: the real
//! binary codes the vendored seed article and its output meets the gold file
//! completely (required events and claims, nothing forbidden, at most the
//! allowed number of events).

use std::path::Path;
use std::process::Command;

use serde_json::Value;
use sitrep_eval::seed::Gold;

fn fixture(name: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

fn extract(args: &[&str]) -> (Vec<Value>, String, i32) {
    let out = Command::new(env!("CARGO_BIN_EXE_sitrep"))
        .arg("extract")
        .args(args)
        .output()
        .expect("run sitrep");
    let stdout = String::from_utf8(out.stdout).expect("utf-8 output");
    let records = stdout
        .lines()
        .map(|l| serde_json::from_str(l).expect("each line is JSON"))
        .collect();
    (
        records,
        String::from_utf8_lossy(&out.stderr).into_owned(),
        out.status.code().unwrap_or(-1),
    )
}

#[test]
fn seed_article_meets_its_gold_file() {
    let gold = Gold::from_json(
        &std::fs::read_to_string(fixture("isis-k-ghor-2018.gold.json")).expect("gold"),
    )
    .expect("gold parses");
    let article = fixture("isis-k-ghor-2018.txt");
    let (records, stderr, code) = extract(&[article.to_str().expect("path"), "--format", "jsonl"]);
    assert_eq!(code, 0, "{stderr}");
    let report = gold.check(&records).expect("check");
    assert!(report.passed(), "{}", report.summary());
    assert_eq!(report.required.len(), 5);
    assert_eq!(report.claims.len(), 4);
}

#[test]
fn seed_evidence_spans_index_the_original_bytes() {
    let article = fixture("isis-k-ghor-2018.txt");
    let text = std::fs::read_to_string(&article).expect("article");
    let (records, _, _) = extract(&[article.to_str().expect("path")]);
    let mut spans = 0;
    for r in &records {
        for e in r["evidence"].as_array().expect("evidence list") {
            let (start, end) = (
                e["start"].as_u64().expect("start") as usize,
                e["end"].as_u64().expect("end") as usize,
            );
            assert_eq!(&text[start..end], e["text"].as_str().expect("text"), "{r}");
            spans += 1;
        }
    }
    assert!(spans >= 9, "only {spans} evidence spans");
}

#[test]
fn seed_events_carry_the_contract_fields() {
    let article = fixture("isis-k-ghor-2018.txt");
    let (records, _, _) = extract(&[article.to_str().expect("path")]);
    let contract = [
        "kind",
        "doc_id",
        "event_id_cnty",
        "event_date",
        "year",
        "time_precision",
        "disorder_type",
        "event_type",
        "sub_event_type",
        "actor1",
        "assoc_actor_1",
        "inter1",
        "actor2",
        "assoc_actor_2",
        "inter2",
        "interaction",
        "civilian_targeting",
        "iso",
        "region",
        "country",
        "admin1",
        "admin2",
        "admin3",
        "location",
        "latitude",
        "longitude",
        "geo_precision",
        "source",
        "source_scale",
        "notes",
        "fatalities",
        "tags",
        "timestamp",
        "date_earliest",
        "date_latest",
        "cameo",
        "plover",
        "hedged",
        "evidence",
    ];
    let events: Vec<&Value> = records.iter().filter(|r| r["kind"] == "event").collect();
    assert!(!events.is_empty());
    for e in events {
        for f in contract {
            assert!(e.get(f).is_some(), "event lacks {f}: {e}");
        }
        assert_eq!(e["iso"], 4);
        assert_eq!(e["region"], "South Asia");
        assert!(e["event_id_cnty"].as_str().expect("id").starts_with("AFG"));
    }
}
