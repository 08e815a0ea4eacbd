use super::*;

/// Tokens the way the coder makes them.
fn tokens(text: &str) -> Vec<Range<usize>> {
    sitrep_text::tokenize(text, 0..text.len())
        .into_iter()
        .map(|t| t.start..t.end)
        .collect()
}

fn found(lex: &Lexicon, text: &str) -> Vec<(String, String)> {
    lex.find(text, &tokens(text))
        .into_iter()
        .map(|m| {
            let cue = match m.cue {
                Cue::Trigger(c) => format!("trigger:{c}"),
                Cue::Weapon(w) => format!("weapon:{w}"),
                Cue::Victim(v) => format!("victim:{v}"),
                Cue::Target(v) => format!("target:{v}"),
                Cue::Relation(r) => format!("relation:{}", r.as_str()),
                other => format!("{other:?}").to_lowercase(),
            };
            (text[m.start..m.end].to_string(), cue)
        })
        .collect()
}

#[test]
fn embedded_lexicon_loads() {
    let lex = Lexicon::embedded().expect("embedded lexicon");
    assert!(lex.entries().len() > 40);
    assert!(lex.pattern_count() > 1000);
}

#[test]
fn finds_cues_in_sentences() {
    let lex = Lexicon::embedded().expect("embedded lexicon");
    let table: &[(&str, &[(&str, &str)])] = &[
        (
            "two senior leaders have been killed recently in a coalition airstrike",
            &[
                ("senior leaders", "victim:combatant"),
                ("killed", "trigger:kill"),
                ("airstrike", "trigger:air"),
            ],
        ),
        (
            "a suicide bomber blew himself up near a checkpoint",
            &[
                ("suicide bomber", "trigger:suicide"),
                ("blew himself up", "trigger:suicide"),
                ("checkpoint", "target:security"),
            ],
        ),
        (
            "an apparent Hind attack helicopter",
            &[("apparent", "hedge"), ("attack helicopter", "exclusion")],
        ),
        (
            "The small group of militant's open's fire on the ANA",
            &[
                ("militant", "victim:combatant"),
                ("open's fire on", "trigger:shooting"),
            ],
        ),
        (
            "gunmen took 20 people hostage",
            &[
                ("gunmen", "weapon:firearm"),
                ("took 20 people hostage", "trigger:abduct"),
                ("people", "victim:person"),
                // Words after a gap stay open to other entries.
                ("hostage", "victim:civilian"),
            ],
        ),
        (
            "police fired tear gas to disperse the protesters",
            &[
                ("police", "victim:security"),
                ("fired tear gas", "trigger:intervention"),
                ("disperse", "trigger:intervention"),
                ("protesters", "victim:civilian"),
            ],
        ),
        (
            "a car-bomb exploded",
            &[
                ("car-bomb", "trigger:explosion"),
                ("exploded", "trigger:blast"),
            ],
        ),
        (
            "In March, thousands march on the capital",
            &[("march", "trigger:protest")],
        ),
        (
            "the meeting took place on Monday",
            &[("took place", "exclusion")],
        ),
        (
            "a deep-seated rivalry with the long-entrenched Taliban",
            &[("rivalry", "relation:hostile")],
        ),
        (
            "The ANA supported by US forces",
            &[("supported by", "relation:supports")],
        ),
        (
            "they have conducted terrorist bombings in numerous population centers",
            &[
                ("terrorist", "victim:combatant"),
                ("bombings", "trigger:explosion"),
                ("numerous", "generic"),
            ],
        ),
        (
            "a rocket-propelled grenade hit the vehicle",
            &[
                ("rocket-propelled grenade", "weapon:infantry"),
                ("hit", "trigger:attack"),
            ],
        ),
        // A verb with objects: active, with words between.
        (
            "police seized a large cache of weapons",
            &[
                ("police", "victim:security"),
                ("seized a large cache of weapons", "trigger:disrupt"),
                // Words inside a gap stay open to other entries.
                ("cache of weapons", "trigger:disrupt"),
            ],
        ),
        // The same in the passive; the verb alone says nothing.
        (
            "ammunition and rifles were found near the dam",
            &[("ammunition and rifles were found", "trigger:disrupt")],
        ),
        ("they found the bodies", &[("bodies", "death")]),
        // A multi-word verb in the passive.
        (
            "three observation points were set up",
            &[
                ("observation points were set up", "trigger:base"),
                ("set up", "exclusion"),
            ],
        ),
        // Context cues overlap triggers and never hide them.
        (
            "a gas cylinder exploded at the factory",
            &[
                ("gas cylinder", "context(accident)"),
                ("exploded", "trigger:blast"),
                ("factory", "context(accident)"),
            ],
        ),
        (
            "police fired tear gas at the peaceful crowd",
            &[
                ("police", "victim:security"),
                ("fired tear gas", "trigger:intervention"),
                ("peaceful", "context(peaceful)"),
                ("crowd", "target:civilian"),
            ],
        ),
        // "March" the month is no protest; "Protests" opening a sentence is.
        (
            "Protests erupted in March",
            &[("Protests", "trigger:protest")],
        ),
    ];
    for (text, want) in table {
        let got = found(&lex, text);
        let want: Vec<(String, String)> = want
            .iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect();
        assert_eq!(got, want, "{text}");
    }
}

#[test]
fn verb_forms_are_reported() {
    let lex = Lexicon::embedded().expect("embedded lexicon");
    let table = [
        ("were killed", Forms::VERB_PARTICIPLE),
        ("the attack", Forms::NOUN_SINGULAR),
        ("they attacked", Forms::VERB_PAST),
        ("attacks", Forms::NOUN_PLURAL),
        ("killing", Forms::VERB_GERUND),
    ];
    for (text, want) in table {
        let m = lex.find(text, &tokens(text));
        let last = m.last().expect(text);
        assert!(last.forms.contains(want), "{text}: {:?}", last.forms);
    }
}

#[test]
fn bad_lexicon_files_name_the_problem() {
    let table = [
        (
            "[[cue]]\nkind = \"trigger\"\nclass = \"zap\"\nverbs = [\"zap\"]\n",
            "unknown TriggerClass \"zap\"",
        ),
        (
            "[[cue]]\nkind = \"trigger\"\nverbs = [\"zap\"]\n",
            "needs a `class`",
        ),
        ("[[cue]]\nkind = \"death\"\n", "no verbs, nouns or phrases"),
        (
            "[[cue]]\nkind = \"trigger\"\nclass = \"disrupt\"\nnouns = [\"x\"]\nobjects = [\"y\"]\n",
            "`objects` need `verbs`",
        ),
        (
            "[[cue]]\nkind = \"context\"\ncontext = \"weather\"\nnouns = [\"x\"]\n",
            "unknown Context \"weather\"",
        ),
        (
            "[[cue]]\nkind = \"death\"\nphrases = [\"x\"]\ncolour = 1\n",
            "unknown field `colour`",
        ),
        ("[[cue]\n", "test.toml"),
    ];
    for (text, want) in table {
        let err = Lexicon::from_toml("test.toml", text)
            .expect_err(text)
            .to_string();
        assert!(err.contains(want), "{text:?} gave {err:?}, wanted {want:?}");
        assert!(err.starts_with("test.toml"), "{err}");
    }
}
