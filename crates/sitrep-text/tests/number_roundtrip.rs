//! Numbers round-trip: a count written in digits, in digits with thousands
//! separators, or in English words parses back to itself, alone
//! ([`parse_number`]) and inside a sentence ([`find_quantities`], whose
//! span must then cover exactly the written number).

use proptest::prelude::*;
use sitrep_text::{find_quantities, parse_number};

const ONES: [&str; 20] = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
];

const TENS: [&str; 10] = [
    "", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
];

/// How a number is written in words: British "and" before the last part or
/// not, and hyphenated tens ("twenty-seven") or not ("twenty seven").
#[derive(Debug, Clone, Copy)]
struct Style {
    and: bool,
    hyphen: bool,
}

/// 1..=999 in words.
fn below_thousand(n: u64, style: Style, out: &mut Vec<String>) {
    let (hundreds, rest) = (n / 100, n % 100);
    if hundreds > 0 {
        out.push(ONES[hundreds as usize].to_string());
        out.push("hundred".to_string());
        if rest > 0 && style.and {
            out.push("and".to_string());
        }
    }
    if rest == 0 {
        return;
    }
    if rest < 20 {
        out.push(ONES[rest as usize].to_string());
    } else {
        let (tens, ones) = (TENS[(rest / 10) as usize], rest % 10);
        match (ones, style.hyphen) {
            (0, _) => out.push(tens.to_string()),
            (_, true) => out.push(format!("{tens}-{}", ONES[ones as usize])),
            (_, false) => {
                out.push(tens.to_string());
                out.push(ONES[ones as usize].to_string());
            }
        }
    }
}

/// `n` (1 or more, under a trillion) in English words.
fn words(n: u64, style: Style) -> String {
    let mut out = Vec::new();
    let scales = [
        (1_000_000_000, "billion"),
        (1_000_000, "million"),
        (1_000, "thousand"),
    ];
    let mut rest = n;
    for (scale, name) in scales {
        if rest >= scale {
            below_thousand(rest / scale, style, &mut out);
            out.push(name.to_string());
            rest %= scale;
        }
    }
    if rest > 0 {
        // "one thousand and five": the British "and" also joins a last
        // part under a hundred to a larger scale.
        if style.and && n >= 1000 && rest < 100 {
            out.push("and".to_string());
        }
        below_thousand(rest, style, &mut out);
    }
    out.join(" ")
}

/// `n` with a comma every three digits: 1234567 -> "1,234,567".
fn with_commas(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[test]
fn the_writers_write_what_a_reporter_would() {
    let plain = Style {
        and: false,
        hyphen: true,
    };
    let british = Style {
        and: true,
        hyphen: true,
    };
    let table: &[(u64, Style, &str)] = &[
        (7, plain, "seven"),
        (27, plain, "twenty-seven"),
        (250, british, "two hundred and fifty"),
        (1_005, british, "one thousand and five"),
        (60_000, plain, "sixty thousand"),
        (
            1_234_567,
            plain,
            "one million two hundred thirty-four thousand five hundred sixty-seven",
        ),
    ];
    for &(n, style, want) in table {
        assert_eq!(words(n, style), want);
    }
    assert_eq!(with_commas(1_234_567), "1,234,567");
    assert_eq!(with_commas(999), "999");
}

fn style() -> impl Strategy<Value = Style> {
    (any::<bool>(), any::<bool>()).prop_map(|(and, hyphen)| Style { and, hyphen })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn digits_parse_back(n in 1u64..1_000_000_000_000) {
        prop_assert_eq!(parse_number(&n.to_string()), Some(n));
    }

    #[test]
    fn digits_with_commas_parse_back(n in 1_000u64..1_000_000_000_000) {
        prop_assert_eq!(parse_number(&with_commas(n)), Some(n));
    }

    #[test]
    fn words_parse_back(n in 1u64..1_000_000_000_000, style in style()) {
        let written = words(n, style);
        prop_assert_eq!(parse_number(&written), Some(n), "{}", written);
    }

    /// In a sentence the quantity is found with its value and a span that
    /// is exactly the written number.
    #[test]
    fn numbers_in_a_sentence_are_found_whole(
        n in 2u64..1_000_000,
        form in 0usize..3,
        style in style(),
    ) {
        let written = match form {
            0 => n.to_string(),
            1 => with_commas(n),
            _ => words(n, style),
        };
        let sentence = format!("Officials said {written} people were killed in the attack.");
        let found = find_quantities(&sentence);
        prop_assert_eq!(found.len(), 1, "{:?} in {:?}", found, sentence);
        let q = found[0];
        prop_assert_eq!(q.value, n, "{}", sentence);
        prop_assert_eq!(&sentence[q.start..q.end], written.as_str());
    }
}
