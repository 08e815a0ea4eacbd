//! Small helpers for walking UTF-8 text by byte offset without ever slicing
//! through a character.

/// The character starting at byte `i`, or `None` at the end of the text or
/// when `i` is not a character boundary.
#[inline]
pub(crate) fn char_at(text: &str, i: usize) -> Option<char> {
    text.get(i..)?.chars().next()
}

/// The character ending at byte `i`, or `None` at the start of the text or
/// when `i` is not a character boundary.
#[inline]
pub(crate) fn char_before(text: &str, i: usize) -> Option<char> {
    text.get(..i)?.chars().next_back()
}

/// The largest character boundary `<= i` (clamped to the text). Written out
/// because `str::floor_char_boundary` is newer than the workspace's MSRV.
pub(crate) fn floor_boundary(text: &str, i: usize) -> usize {
    let mut i = i.min(text.len());
    while i > 0 && !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// The smallest character boundary `>= i` (clamped to the text).
pub(crate) fn ceil_boundary(text: &str, i: usize) -> usize {
    let mut i = i.min(text.len());
    while i < text.len() && !text.is_char_boundary(i) {
        i += 1;
    }
    i
}

/// `word` lower-cased into `buf`, or `None` when it is longer than the buffer
/// or not ASCII. Every table lookup in this crate goes through this so that a
/// lookup never allocates: the tables only hold short ASCII words anyway.
#[inline]
pub(crate) fn ascii_lower<'b>(word: &str, buf: &'b mut [u8]) -> Option<&'b [u8]> {
    let bytes = word.as_bytes();
    if bytes.len() > buf.len() || !word.is_ascii() {
        return None;
    }
    let out = buf.get_mut(..bytes.len())?;
    for (o, b) in out.iter_mut().zip(bytes) {
        *o = b.to_ascii_lowercase();
    }
    Some(out)
}

/// Whether `c` is a Unicode space the segmenter should treat like `' '`.
#[inline]
pub(crate) fn is_space(c: char) -> bool {
    c.is_whitespace() || c == '\u{200B}' || c == '\u{FEFF}'
}

/// The end of `text[range]` with surrounding whitespace removed, pushed only
/// when something is left: sentence and paragraph ranges are never empty.
pub(crate) fn push_trimmed(
    text: &str,
    range: std::ops::Range<usize>,
    out: &mut Vec<std::ops::Range<usize>>,
) {
    let Some(slice) = text.get(range.clone()) else {
        return;
    };
    let start = range.start + (slice.len() - slice.trim_start_matches(is_space).len());
    let end = range.start + slice.trim_end_matches(is_space).len();
    if start < end {
        out.push(start..end);
    }
}
