//! The sub-event type of the first event coded from invented sentences, one
//! row per classification rule: ACLED's codebook distinctions, the triggers
//! that only count with the right object, and the backgrounds that make no
//! event at all. `NONE` means the coder must code nothing.

use sitrep_coding::{Knowledge, code_document};
use sitrep_model::Document;

fn first_type(k: &Knowledge, text: &str) -> &'static str {
    let mut doc = Document::new("t", text);
    doc.published = "2021-03-10".parse().ok();
    let coded = code_document(k, &doc);
    coded
        .events
        .first()
        .map_or("NONE", |e| e.sub_event_type.case2021_label())
}

#[test]
fn first_event_sub_event_types() {
    let k = Knowledge::embedded().expect("embedded knowledge");
    let table: &[(&str, &str)] = &[
        // Industrial accidents and natural disasters are no events, unless
        // someone did it on purpose.
        (
            "Four workers were injured when a storage tank exploded at a fertiliser plant in Toledo on Tuesday.",
            "NONE",
        ),
        (
            "A bomb planted by militants exploded at a gas plant in Peshawar on Tuesday, killing four workers.",
            "REM_EXPLOS",
        ),
        (
            "Six people were killed in an explosion in Kabul on Monday. Officials said a gas cylinder had leaked.",
            "NONE",
        ),
        (
            "An explosion killed five people at a market in Kabul on Monday.",
            "REM_EXPLOS",
        ),
        (
            "Flash floods hit three provinces in northern Vietnam on Sunday, killing twelve people.",
            "NONE",
        ),
        // Crime without a political aim: an arrest in a drug case.
        (
            "Police in Lagos arrested six men on Friday and recovered 40 kilograms of cocaine.",
            "NONE",
        ),
        // A diplomatic row, a weapons test and a reaction to an attack.
        (
            "Moscow strikes back at Berlin and expels four diplomats.",
            "NONE",
        ),
        (
            "North Korea test-fired two ballistic missiles into the sea on Saturday.",
            "NONE",
        ),
        (
            "The United Nations on Monday condemned the attack on the aid convoy.",
            "NONE",
        ),
        // A protest still to come.
        (
            "A protest against the new tax is scheduled for Friday in Nairobi.",
            "NONE",
        ),
        // The background a protest cites is not the protest.
        (
            "Hundreds of students marched in Atlanta on Wednesday over the police shooting of a teenager.",
            "PEACE_PROTEST",
        ),
        (
            "Demonstrators gathered in Leeds on Thursday to oppose the war.",
            "PEACE_PROTEST",
        ),
        // An opening phrase sets the scene for the event after the comma.
        (
            "The day after the bombing, students rallied in Quetta to denounce the killings.",
            "PEACE_PROTEST",
        ),
        // A computer hack is not a machete attack.
        (
            "The ministry said a hacking campaign had targeted its servers.",
            "NONE",
        ),
        // Crowd events told apart by who used force on whom.
        (
            "Protesters threw stones at police in Santiago on Friday during a march against fare rises.",
            "VIOL_DEMONSTR",
        ),
        (
            "Thousands marched in Lyon on Saturday. There were scuffles near the town hall.",
            "VIOL_DEMONSTR",
        ),
        (
            "Police brutally beat peaceful demonstrators in Minsk on Sunday.",
            "FORCE_AGAINST_PROTEST",
        ),
        (
            "Police fired tear gas and rubber bullets to disperse a rally in Beirut on Saturday, injuring dozens of people.",
            "FORCE_AGAINST_PROTEST",
        ),
        (
            "Police fired tear gas to disperse a rally in Beirut on Saturday.",
            "PROTEST_WITH_INTER",
        ),
        (
            "Riot police detained twenty demonstrators at a sit-in in Moscow on Saturday.",
            "PROTEST_WITH_INTER",
        ),
        (
            "Police detained ten activists in Minsk on Saturday as they tried to hold a protest.",
            "PROTEST_WITH_INTER",
        ),
        ("Students rioted in Dhaka on Monday.", "VIOL_DEMONSTR"),
        (
            "Soldiers raped women as they dispersed a sit-in in Khartoum on Monday.",
            "SEX_VIOL",
        ),
        // Weapons seized, found or defused, by their object.
        (
            "Police found a cache of weapons and ammunition in a house in Mosul on Monday.",
            "DISR_WEAP",
        ),
        (
            "Two grenades were discovered near a school in Srinagar on Monday.",
            "DISR_WEAP",
        ),
        (
            "Army engineers defused a roadside bomb in Helmand on Tuesday.",
            "DISR_WEAP",
        ),
        (
            "Coast guards intercepted 40 migrants off Lampedusa on Sunday.",
            "NONE",
        ),
        (
            "A roadside bomb destroyed a bus in Kabul on Sunday, killing three passengers.",
            "REM_EXPLOS",
        ),
        // Grenades thrown in a firefight are still grenades; charging a
        // camp is an assault on it.
        (
            "Militants hurled grenades at soldiers during clashes in Pulwama on Friday.",
            "GRENADE",
        ),
        (
            "Al-Shabaab fighters charged an army camp near Afgoye on Sunday night.",
            "ARMED_CLASH",
        ),
        // Aircraft destroying things strike from the air.
        (
            "Syrian warplanes destroyed an arms depot near Idlib on Monday.",
            "AIR_STRIKE",
        ),
        // Bases set up, in the active and the passive.
        (
            "Turkish forces set up a new observation post in Idlib province on Monday.",
            "HQ_ESTABLISHED",
        ),
        // Agreements, with the fighting they end as background.
        (
            "The Taliban and the Afghan government agreed a three-day ceasefire on Friday after weeks of fighting.",
            "AGREEMENT",
        ),
        // Territory: who takes it, from whom, and whether anyone fought.
        (
            "Iraqi forces recaptured the town of Rawa from Islamic State on Saturday.",
            "GOV_REGAINS_TERIT",
        ),
        (
            "Nigerian troops freed three villages from Boko Haram on Tuesday.",
            "GOV_REGAINS_TERIT",
        ),
        (
            "Islamic State fighters captured the town of Hit on Sunday.",
            "NON_STATE_ACTOR_OVERTAKES_TER",
        ),
        (
            "The Taliban took control of Nerkh district on Sunday after government forces withdrew from it.",
            "NON_VIOL_TERRIT_TRANSFER",
        ),
        (
            "Syrian troops captured the village of Kafr Nabudah and marched on Khan Shaykhun on Sunday.",
            "GOV_REGAINS_TERIT",
        ),
        // Capturing a person is an arrest, not ground taken.
        (
            "The Somali army captured an al-Shabaab commander in Baidoa on Monday.",
            "ARREST",
        ),
    ];
    let mut failures = Vec::new();
    for (text, want) in table {
        let got = first_type(&k, text);
        if got != *want {
            failures.push(format!("{text}\n    want {want}, got {got}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
