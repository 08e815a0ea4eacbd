//! The regression guard: every figure `sitrep eval all` measures must stay
//! within 0.01 of the floor committed in `EVAL.md`'s ```` ```floors ````
//! block.
//!
//! It judges figures, not time. A figure that improved passes (regenerate
//! `EVAL.md` with `scripts/update_eval.sh` to raise its floor); one that fell
//! fails, naming the metric. Without `../shared` (a clone without the
//! development data) there is nothing to measure and the test passes.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use sitrep_eval::report::{parse_floor_lines, parse_floors_block, regressions};

fn repository_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

#[test]
fn eval_figures_stay_above_their_floors() {
    let root = repository_root();
    if !root.join("../shared").is_dir() {
        println!("skipped: ../shared not found");
        return;
    }
    let eval_md = std::fs::read_to_string(root.join("EVAL.md"))
        .expect("EVAL.md at the repository root (scripts/update_eval.sh writes it)");
    let floors = parse_floors_block(&eval_md).expect("EVAL.md's floors block");
    assert!(!floors.is_empty(), "EVAL.md's floors block is empty");

    // The default data paths are relative to the repository root.
    let started = Instant::now();
    let out = Command::new(env!("CARGO_BIN_EXE_sitrep"))
        .args(["eval", "all", "--format", "floors", "--misses", "0"])
        .current_dir(&root)
        .output()
        .expect("run sitrep eval");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "sitrep eval all failed:\n{stderr}");
    println!("sitrep eval all took {:.1?}", started.elapsed());
    let current =
        parse_floor_lines(&String::from_utf8_lossy(&out.stdout)).expect("floors output parses");

    // A suite whose data file is missing is skipped by the command (it says
    // so on stderr); its floors are skipped here too, not failed.
    let skipped = |name: &str| {
        let suite = name.split('.').next().unwrap_or("");
        !current
            .iter()
            .any(|(k, _)| k.starts_with(&format!("{suite}.")))
            && stderr.contains(&format!("skipped {suite}:"))
    };
    let (checked, not_run): (Vec<_>, Vec<_>) =
        floors.into_iter().partition(|(name, _)| !skipped(name));
    for (name, _) in &not_run {
        println!("skipped: {name} (its data file is missing)");
    }
    let problems = regressions(&checked, &current);
    assert!(
        problems.is_empty(),
        "evaluation figures fell below their floors in EVAL.md:\n  {}\n\
         (if the drop is intended, regenerate EVAL.md with scripts/update_eval.sh)",
        problems.join("\n  ")
    );
}
