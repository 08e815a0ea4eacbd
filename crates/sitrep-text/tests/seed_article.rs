//! The seed article (`tests/fixtures/isis-k-ghor-2018.txt`, a copy of
//! `shared/seed/`) run through the whole stage: normalise, split, map back,
//! find quantities.

use sitrep_text::{
    Normalized, Qualifier, TokenKind, find_changes, find_quantities, sentences, tokenize,
};

const ARTICLE: &str = include_str!("fixtures/isis-k-ghor-2018.txt");

const SENTENCES: &[&str] = &[
    "Increasingly Isolated in Afghanistan, ISIS-K Attacks Afghan Security Forces",
    "first published on March 28, 2018 by",
    "The ISIS presence in Afghanistan lingers amidst renewed pressure from the Afghan National Army (ANA) and supporting US/NATO Allies.",
    "However, this fledging emirate of the Islamic State Khorasan Province (ISIS-K) days may be numbered as its enemies which include the Taliban, gain momentum against them.",
    "The ANA supported by US forces have been on a recent offensive against the small, but enduring contingent of ISIS-K in Afghanistan.",
    "According to the Military Times, two senior leaders have been killed recently in a coalition airstrike and a purported 140 additional fighters killed in separate operations by Afghan security forces over the last two months.",
    "This pressure by the government's security forces on ISIS-K is combined with a deep-seated rivalry with the long-entrenched Taliban - ultimately leading to conflict between the two militant groups.",
    "According to reports the Taliban was,",
    "\"Angry that ISIS had taken some of their members in southern Afghanistan, the Taliban hit back and essentially wiped out ISIS-K in Helmand and Farah provinces.\"",
    "Adding that, \"...reports suggest that the Taliban has tripled in size since 2014 to up to 60,000.",
    "This is compared to ISIS-K's 1,000-2,000.\"",
    "ISIS-K emerged in Afghanistan in 2014 and has limited control of a few rural districts in Afghanistan's north and eastern provinces.",
    "Unable to gain widespread local support like their Taliban adversaries, they have instead staged hit and run raids from mountain hideouts and have conducted terrorist bombings in numerous population centers.",
    "The video below is from a recent propaganda release by ISIS-K detailing a purported attack on the ANA in Ghor province.",
    "Located to the north of Helmand and to the east of Herat provinces, an Afghan vehicle mounted patrol enters the arid and treeless landscape near several small villages accompanied by an apparent Hind attack helicopter.",
    "With ANA dismounts in the village, a gunship circling overhead, and Humvee's strung out along several hilltop roads, the ISIS-K members begin a harassment attack.",
    "The small group of militant's open's fire on the ANA from a distant ridge with AK's and an RPG.",
    "The ISIS-K members exchange fire with the Afghan vehicles - who sustain a steady stream of suppressive fire and hit the militant position at least once with larger ordinance.",
    "However, the ANA appears unable to coordinate or direct their air cover and the Hind gunship never attacks the exposed enemy position.",
    "The Afghan security forces eventually begin to withdraw from the area, seemingly pulling out in good order and maintaining vehicle dispersion despite the continued enemy harassment.",
];

#[test]
fn seed_sentences() {
    let n = Normalized::new(ARTICLE);
    let got: Vec<&str> = sentences(n.text())
        .into_iter()
        .map(|r| &n.text()[r])
        .collect();
    assert_eq!(got, SENTENCES);
}

#[test]
fn seed_sentences_map_back_to_the_original() {
    let n = Normalized::new(ARTICLE);
    let spans = sentences(n.text());
    // (sentence index, original text exactly as published)
    let cases: &[(usize, &str)] = &[
        (
            0,
            "Increasingly Isolated in Afghanistan, ISIS-K Attacks Afghan Security Forces",
        ),
        (
            6,
            "This pressure by the government’s security forces on ISIS-K is combined with a deep-seated rivalry with the long-entrenched Taliban – ultimately leading to conflict between the two militant groups.",
        ),
        (
            9,
            "Adding that, “…reports suggest that the Taliban has tripled in size since 2014 to up to 60,000.",
        ),
        (10, "This is compared to ISIS-K’s 1,000-2,000.”"),
    ];
    for &(k, expected) in cases {
        let r = n.to_original(spans[k].clone());
        assert_eq!(&ARTICLE[r], expected, "sentence {k}");
    }
    // Every sentence maps to original text that normalises back to it.
    for span in spans {
        let original = &ARTICLE[n.to_original(span.clone())];
        assert_eq!(Normalized::new(original).text(), &n.text()[span]);
    }
}

#[test]
fn seed_quantities() {
    let n = Normalized::new(ARTICLE);
    let text = n.text();
    // (text, value, low, high, qualifier, vague)
    type Row<'a> = (&'a str, u64, Option<u64>, Option<u64>, Qualifier, bool);
    let got: Vec<Row> = find_quantities(text)
        .iter()
        .map(|q| {
            (
                &text[q.start..q.end],
                q.value,
                q.low,
                q.high,
                q.qualifier,
                q.vague,
            )
        })
        .collect();
    use Qualifier::*;
    assert_eq!(
        got,
        [
            ("two", 2, None, None, Exact, false),
            ("140", 140, None, None, Exact, false),
            ("two", 2, None, None, Exact, false),
            ("two", 2, None, None, Exact, false),
            ("up to 60,000", 60_000, None, Some(60_000), UpTo, false),
            ("1,000-2,000", 1_000, Some(1_000), Some(2_000), About, false),
            ("a few", 3, None, None, Exact, true),
            ("several", 3, None, None, Exact, true),
            ("several", 3, None, None, Exact, true),
        ]
    );
    let changes = find_changes(text);
    assert_eq!(changes.len(), 1);
    assert_eq!(&text[changes[0].start..changes[0].end], "tripled");
    assert_eq!(changes[0].factor, 3.0);
}

#[test]
fn seed_tokens_of_one_sentence() {
    let n = Normalized::new(ARTICLE);
    let text = n.text();
    let span = sentences(text)[10].clone();
    let got: Vec<(&str, TokenKind)> = tokenize(text, span)
        .iter()
        .map(|t| (t.text(text), t.kind))
        .collect();
    use TokenKind::*;
    assert_eq!(
        got,
        [
            ("This", Word),
            ("is", Word),
            ("compared", Word),
            ("to", Word),
            ("ISIS-K", Word),
            ("'s", Word),
            ("1,000", Number),
            ("-", Punct),
            ("2,000", Number),
            (".", Punct),
            ("\"", Punct),
        ]
    );
}
