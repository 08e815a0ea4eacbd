//! Compiles the gazetteer in `data/gazetteer/` into the binary image that
//! `Gazetteer::embedded` loads (see `src/compile.rs` for why and how).
//!
//! The compiler is the library's own code, mounted here module by module:
//! the text folding and skeletons, the stoplist parser, the image format.
//! Cargo reruns this script when a data file or one of those modules
//! changes, so the image never goes stale.

use std::path::Path;

#[allow(dead_code)]
#[path = "src/compile.rs"]
mod compile;
#[allow(dead_code)]
#[path = "src/image.rs"]
mod image;
#[allow(dead_code)]
#[path = "src/stoplist.rs"]
mod stoplist;
#[allow(dead_code)]
#[path = "src/text.rs"]
mod text;

fn main() {
    let manifest = std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let data = Path::new(&manifest).join("../../data/gazetteer");
    let read = |name: &str| -> Vec<u8> {
        let path = data.join(name);
        println!("cargo::rerun-if-changed={}", path.display());
        std::fs::read(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
    };
    let countries = read("countries.tsv");
    let admin1 = read("admin1.tsv");
    let admin2_gz = read("admin2.tsv.gz");
    let places_gz = read("places.tsv.gz");
    let stoplist = String::from_utf8(read("stoplist.txt")).expect("stoplist.txt is UTF-8");
    for module in ["compile", "image", "stoplist", "text"] {
        println!("cargo::rerun-if-changed=src/{module}.rs");
    }
    let image = compile::compile(&compile::Sources {
        countries: &countries,
        admin1: &admin1,
        admin2_gz: &admin2_gz,
        places_gz: &places_gz,
        stoplist: &stoplist,
    })
    .unwrap_or_else(|e| panic!("data/gazetteer/{e}"))
    .write();
    let out =
        Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("gazetteer.img");
    std::fs::write(&out, image).unwrap_or_else(|e| panic!("cannot write {}: {e}", out.display()));
}
