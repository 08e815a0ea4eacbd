#![no_main]

use std::sync::OnceLock;

use sitrep_coding::Knowledge;

/// Built once per fuzzing process: compiling the dictionaries for every
/// input would leave no time for the input.
static KNOWLEDGE: OnceLock<Knowledge> = OnceLock::new();

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let knowledge = KNOWLEDGE.get_or_init(|| Knowledge::embedded().expect("embedded knowledge"));
    sitrep_fuzz::text_pipeline(knowledge, data);
});
