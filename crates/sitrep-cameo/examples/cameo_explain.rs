//! Prints how the CAMEO coder reads a sentence with PETRARCH's validation
//! dictionaries (or the directory given as the first argument):
//! `cargo run -p sitrep-cameo --example cameo_explain -- DIR YYYY-MM-DD "Text."`

use sitrep_cameo::{CameoDictionaries, CoderOptions, DictionarySource, explain};

fn src(v: &[(String, String)]) -> Vec<DictionarySource<'_>> {
    v.iter()
        .map(|(n, t)| DictionarySource { name: n, text: t })
        .collect()
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let dir = args
        .get(1)
        .cloned()
        .unwrap_or_else(|| "../shared/data/petrarch/dictionaries".into());
    let date = args.get(2).and_then(|d| d.parse().ok());
    let text = args.get(3).cloned().unwrap_or_default();
    let prefix = args
        .get(4)
        .cloned()
        .unwrap_or_else(|| "PETR.Validate".into());
    let read = |name: &str| std::fs::read_to_string(format!("{dir}/{name}")).unwrap_or_default();
    let (v, a, g, x) = if prefix == "Phoenix" {
        (
            vec![("CAMEO.2.0.txt".to_string(), read("CAMEO.2.0.txt"))],
            [
                "Phoenix.Countries.actors.txt",
                "Phoenix.International.actors.txt",
                "Phoenix.MilNonState.actors.txt",
            ]
            .iter()
            .map(|n| (n.to_string(), read(n)))
            .collect::<Vec<_>>(),
            vec![("Phoenix.agents.txt".to_string(), read("Phoenix.agents.txt"))],
            vec![(
                "Phoenix.discards.txt".to_string(),
                read("Phoenix.discards.txt"),
            )],
        )
    } else {
        let f = |k: &str| {
            vec![(
                format!("{prefix}.{k}.txt"),
                read(&format!("{prefix}.{k}.txt")),
            )]
        };
        (f("verbs"), f("actors"), f("agents"), f("discards"))
    };
    let loaded = CameoDictionaries::load(&src(&v), &src(&a), &src(&g), &src(&x));
    let mut opts = CoderOptions::default();
    for kv in args.iter().skip(5) {
        if let Some((k, val)) = kv.split_once('=') {
            let _ = opts.set(k, val);
        }
    }
    print!("{}", explain(&loaded.dictionaries, &text, date, &opts));
}
