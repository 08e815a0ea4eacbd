//! Prints sentences and quantities of a file, for eyeballing the rules.
use sitrep_text::{Normalized, find_quantities, sentences};

fn main() {
    let path = std::env::args().nth(1).expect("usage: dump FILE");
    let raw = std::fs::read_to_string(path).expect("readable UTF-8 file");
    let n = Normalized::new(&raw);
    for r in sentences(n.text()) {
        println!("S: {:?}", &n.text()[r]);
    }
    for q in find_quantities(n.text()) {
        println!(
            "Q: {:?} {} {:?} {:?} {:?} {}",
            &n.text()[q.start..q.end],
            q.value,
            q.low,
            q.high,
            q.qualifier,
            q.vague
        );
    }
}
