//! Character classes of Persian text: which code points are letters, marks, joiners, digits.
//!
//! These definitions are shared by every stage and must agree with `scripts/build-model.py`,
//! which spells the model's words with the same classes.

/// Zero-width non-joiner, the Persian half-space.
pub const ZWNJ: char = '\u{200C}';
/// [`ZWNJ`] as a string.
pub const ZWNJ_STR: &str = "\u{200C}";

/// Soft hyphen (U+00AD): what Word's "optional hyphen" (Ctrl+-) types, which Persian writers
/// have long used for a half-space (`سال­ها`, `پنج­شنبه`).
pub const SOFT_HYPHEN: char = '\u{00AD}';

/// True for an Arabic-script letter (not a mark, digit, kashida or punctuation).
#[inline]
pub const fn is_letter(c: char) -> bool {
    matches!(c as u32,
        0x0620..=0x063F | 0x0641..=0x064A | 0x066E..=0x066F | 0x0671..=0x06D3 | 0x06D5
        | 0x06EE..=0x06EF | 0x06FA..=0x06FC)
}

/// True for a combining mark of the Arabic script (harakat, hamza above, superscript alef…).
#[inline]
pub const fn is_mark(c: char) -> bool {
    matches!(c as u32, 0x064B..=0x065F | 0x0670 | 0x06D6..=0x06ED)
}

/// True for a letter that never joins the letter after it (ا د ذ ر ز ژ و …): a ZWNJ after it is
/// invisible, and careful text does not write one.
#[inline]
pub fn is_non_joining(c: char) -> bool {
    matches!(
        c,
        '\u{0621}'
            | '\u{0622}'
            | '\u{0623}'
            | '\u{0624}'
            | '\u{0625}'
            | '\u{0627}'
            | '\u{0629}'
            | '\u{062F}'
            | '\u{0630}'
            | '\u{0631}'
            | '\u{0632}'
            | '\u{0648}'
            | '\u{0698}'
            | '\u{06C0}'
            | '\u{0671}'
    )
}

/// The value 0–9 of an ASCII, Persian (۰–۹) or Arabic-Indic (٠–٩) digit.
#[inline]
pub fn digit_value(c: char) -> Option<u32> {
    match c {
        '0'..='9' => Some(c as u32 - '0' as u32),
        '\u{06F0}'..='\u{06F9}' => Some(c as u32 - 0x06F0),
        '\u{0660}'..='\u{0669}' => Some(c as u32 - 0x0660),
        _ => None,
    }
}

/// True for a space character other than the ASCII space that text should carry as a plain
/// space (no-break, en/em, thin, ideographic…).
#[inline]
pub fn is_odd_space(c: char) -> bool {
    matches!(c, '\u{00A0}' | '\u{2000}'..='\u{200A}' | '\u{202F}' | '\u{205F}' | '\u{3000}')
}

/// True for an invisible directional control (LRM, RLM, embeddings, overrides, isolates) or a
/// zero-width space / byte-order mark: characters that PDF extraction leaves in the text.
#[inline]
pub fn is_invisible_control(c: char) -> bool {
    matches!(c, '\u{200B}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}')
}

/// True for a Latin letter (ASCII or Latin-1/Extended): words in Latin script are never touched.
#[inline]
pub fn is_latin_letter(c: char) -> bool {
    c.is_ascii_alphabetic() || matches!(c as u32, 0x00C0..=0x024F)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn persian_letters_are_letters_and_kashida_is_not() {
        for c in "ابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهیءآأؤإئۀة".chars() {
            assert!(is_letter(c), "{c} U+{:04X}", c as u32);
        }
        assert!(!is_letter('\u{0640}'));
        assert!(!is_letter('،'));
        assert!(!is_letter('۵'));
        assert!(is_mark('\u{064E}') && is_mark('\u{0654}') && !is_mark('ا'));
    }

    #[test]
    fn digits_of_three_scripts_have_values() {
        assert_eq!(digit_value('7'), Some(7));
        assert_eq!(digit_value('۷'), Some(7));
        assert_eq!(digit_value('٧'), Some(7));
        assert_eq!(digit_value('a'), None);
    }
}
