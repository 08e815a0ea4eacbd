//! Prints the toponyms found in each line of standard input and what they
//! resolve to, one line per toponym, prefixed by the input line number:
//! `echo "Clashes in Ghor province" | cargo run -p sitrep-geo --example geoparse`.

use std::io::BufRead;

use sitrep_geo::{Gazetteer, GeoContext};
use sitrep_model::GeoPrecision;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let g = Gazetteer::embedded()?;
    let ctx = GeoContext::default();
    for (n, line) in std::io::stdin().lock().lines().enumerate() {
        let line = line?;
        let toponyms = g.find_toponyms(&line);
        let resolved = g.resolve(&line, &toponyms, &ctx);
        for (t, r) in toponyms.iter().zip(resolved) {
            let surface = line.get(t.start..t.end).unwrap_or("");
            match r {
                Some(id) => {
                    let p = g.place(id, GeoPrecision::Exact);
                    println!(
                        "{}\t{surface}\t{:?}\t{} candidates\t-> {:?} {} | {} | {} | {}",
                        n + 1,
                        t.kind_hint,
                        t.candidates.len(),
                        g.kind(id),
                        p.location,
                        p.admin2.unwrap_or_default(),
                        p.admin1.unwrap_or_default(),
                        p.country
                    );
                }
                None => println!("{}\t{surface}\t-> none", n + 1),
            }
        }
    }
    Ok(())
}
