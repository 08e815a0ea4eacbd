//! Embeds every file under `assets/` into the binary: writes
//! `$OUT_DIR/assets.rs` with a sorted table of (path, bytes) that
//! `include_bytes!` the files, so the server looks paths up in a fixed
//! table and can never read outside it.

use std::path::{Path, PathBuf};

fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            walk(&p, out);
        } else {
            out.push(p);
        }
    }
}

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets");
    println!("cargo:rerun-if-changed={}", root.display());
    let mut files = Vec::new();
    walk(&root, &mut files);
    // Sorted by the path string the server binary-searches.
    let mut rel: Vec<(String, PathBuf)> = files
        .into_iter()
        .map(|f| {
            let r = f
                .strip_prefix(&root)
                .expect("under assets/")
                .to_string_lossy()
                .replace('\\', "/");
            (r, f)
        })
        .collect();
    rel.sort();
    let mut code = String::from("pub static ASSETS: &[(&str, &[u8])] = &[\n");
    for (r, f) in &rel {
        println!("cargo:rerun-if-changed={}", f.display());
        code.push_str(&format!(
            "    ({r:?}, include_bytes!({:?})),\n",
            f.display().to_string()
        ));
    }
    code.push_str("];\n");
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("OUT_DIR")).join("assets.rs");
    std::fs::write(out, code).expect("write assets.rs");
}
