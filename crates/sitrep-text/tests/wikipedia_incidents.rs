//! A handful of `details` cells from `shared/eval/wikipedia_incidents_dev.csv`
//! (ids in the comments), with the sentences and quantities expected.

use sitrep_text::{Normalized, find_quantities, sentences};

/// (details, expected sentences, expected quantities as `text=value`)
const CASES: &[(&str, &[&str], &[&str])] = &[
    // wti-00008
    (
        "Japan Airlines Flight 351, carrying 131 passengers and 7 crew from Tokyo to Fukuoka, is hijacked by nine members of the Japanese Red Army group. 23 passengers were freed at Fukuoka Airport, mainly children or old aged. 108 passengers and all crew members with Red Army group left Fukuoka, bound for  Gimpo Airport, near Seoul.",
        &[
            "Japan Airlines Flight 351, carrying 131 passengers and 7 crew from Tokyo to Fukuoka, is hijacked by nine members of the Japanese Red Army group.",
            "23 passengers were freed at Fukuoka Airport, mainly children or old aged.",
            "108 passengers and all crew members with Red Army group left Fukuoka, bound for  Gimpo Airport, near Seoul.",
        ],
        &["131=131", "7=7", "nine=9", "23=23", "108=108"],
    ),
    // wti-00156 (with a no-break space before "p.m.")
    (
        "At 1:29\u{a0}p.m., a bomb explodes at the historic Fraunces Tavern at the corner of Pearl and Broad streets in the Financial District, Manhattan. The Puerto Rican nationalist group Fuerzas Armadas de Liberación Nacional Puertorriqueña (FALN) claimed responsibility in message found in a nearby telephone booth. Four people were killed (three of them immediately and a fourth at a hospital) and 53 others were injured.[5][6]",
        &[
            "At 1:29 p.m., a bomb explodes at the historic Fraunces Tavern at the corner of Pearl and Broad streets in the Financial District, Manhattan.",
            "The Puerto Rican nationalist group Fuerzas Armadas de Liberación Nacional Puertorriqueña (FALN) claimed responsibility in message found in a nearby telephone booth.",
            "Four people were killed (three of them immediately and a fourth at a hospital) and 53 others were injured.[5][6]",
        ],
        &["Four=4", "three=3", "53=53"],
    ),
    // wti-00220
    (
        "Orlando Letelier, a leading opponent of Chilean dictator Gen. Augusto Pinochet. Letelier, who was living in exile in the United States, was killed along with Ronni Karpen Moffitt.",
        &[
            "Orlando Letelier, a leading opponent of Chilean dictator Gen. Augusto Pinochet.",
            "Letelier, who was living in exile in the United States, was killed along with Ronni Karpen Moffitt.",
        ],
        &[],
    ),
    // wti-00267
    (
        "Two German-born missionaries, Father Gregor Richert (48) and Brother Bernhard Lisson (68), were shot by a small group of terrorists near their quarters at St. Rupert's Mission, 60\u{a0}km north-west of Hartley (now Chegutu).",
        &[
            "Two German-born missionaries, Father Gregor Richert (48) and Brother Bernhard Lisson (68), were shot by a small group of terrorists near their quarters at St. Rupert's Mission, 60 km north-west of Hartley (now Chegutu).",
        ],
        &["Two=2", "60=60"],
    ),
    // wti-00665
    (
        "A bomb exploding at the headquarters of the Iraqi National Congress kills at least 33, including the group's chief of security, Lt. Saif Rashid Sindi.[27][28]",
        &[
            "A bomb exploding at the headquarters of the Iraqi National Congress kills at least 33, including the group's chief of security, Lt. Saif Rashid Sindi.[27][28]",
        ],
        &["at least 33=33"],
    ),
    // wti-00711
    (
        "11 soldiers and 11 irregulars die after they are confronted by troops of the Mobile Brigade No. 1 and guerrillas of the 53rd FARC front in the mountains of Restrepo, San Juanito and El Calvario (Meta).[5]",
        &[
            "11 soldiers and 11 irregulars die after they are confronted by troops of the Mobile Brigade No. 1 and guerrillas of the 53rd FARC front in the mountains of Restrepo, San Juanito and El Calvario (Meta).[5]",
        ],
        &["11=11", "11=11"],
    ),
    // wti-00775
    (
        "September 11 attacks: kill 2,977 victims and 19 terrorists[23] in a series of hijacked airliner crashes into two U.S. landmarks: the World Trade Center in New York City, and The Pentagon in Arlington County, Virginia. A fourth plane, suspected by many to have been originally intended to hit the White House or the United States Capitol in Washington, D.C.,[24] crashes in Somerset County, Pennsylvania.",
        &[
            "September 11 attacks: kill 2,977 victims and 19 terrorists[23] in a series of hijacked airliner crashes into two U.S. landmarks: the World Trade Center in New York City, and The Pentagon in Arlington County, Virginia.",
            "A fourth plane, suspected by many to have been originally intended to hit the White House or the United States Capitol in Washington, D.C.,[24] crashes in Somerset County, Pennsylvania.",
        ],
        &["2,977=2977", "19=19", "two=2"],
    ),
    // wti-01355
    (
        "A person fires with an automatic weapon on the Oslo Synagogue at night. On March 25, 2008, the trial against Arfan Qadeer Bhatti (29), of Pakistani origin, and two others (one Norwegian and one of Turkish origin) began, for the responsibility for the attack and for plots to attack the U.S. and Israeli embassies in Oslo.[31][32][33]",
        &[
            "A person fires with an automatic weapon on the Oslo Synagogue at night.",
            "On March 25, 2008, the trial against Arfan Qadeer Bhatti (29), of Pakistani origin, and two others (one Norwegian and one of Turkish origin) began, for the responsibility for the attack and for plots to attack the U.S. and Israeli embassies in Oslo.[31][32][33]",
        ],
        &["two=2", "one=1", "one=1"],
    ),
    // wti-07228
    (
        "30 Syrian pro-regime fighters were killed when at least ten suicide bombers attacked the city of Abu Kamal in the Deir ez-Zor province.[76]",
        &[
            "30 Syrian pro-regime fighters were killed when at least ten suicide bombers attacked the city of Abu Kamal in the Deir ez-Zor province.[76]",
        ],
        &["30=30", "at least ten=10"],
    ),
];

#[test]
fn wikipedia_details() {
    for (details, expected_sentences, expected_quantities) in CASES {
        let n = Normalized::new(details);
        let text = n.text();
        let got: Vec<&str> = sentences(text).into_iter().map(|r| &text[r]).collect();
        assert_eq!(&got, expected_sentences);
        let got: Vec<String> = find_quantities(text)
            .iter()
            .map(|q| format!("{}={}", &text[q.start..q.end], q.value))
            .collect();
        assert_eq!(&got, expected_quantities, "in {details:?}");
    }
}
