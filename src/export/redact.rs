//! Removing personal data from free text before it leaves the app.
//!
//! Contributions are typed live, so people's names, e-mail addresses and phone numbers end
//! up inside them ("voir avec Nadia, 06 12 34 56 78"). An export that must not name people
//! replaces them with a marker the reader understands.
//!
//! Invariants: an e-mail address or a French phone number (national `0X XX XX XX XX` or
//! international `+33 X XX XX XX XX`, with spaces, dots or dashes) never survives
//! [`Redactor::redact`]; a listed name survives neither in full nor as its first or family
//! name alone (at least three letters), whatever its accents and case. Redaction errs towards
//! hiding: a first name that is also a common word ("Pierre") is hidden as well.

use std::collections::HashMap;

use crate::capture::fold;

pub const NAME_MARK: &str = "[nom]";
pub const EMAIL_MARK: &str = "[courriel]";
pub const PHONE_MARK: &str = "[téléphone]";

/// Hides the listed people's names, and every e-mail address and phone number.
#[derive(Debug, Clone, Default)]
pub struct Redactor {
    /// Folded word sequences to hide, by their first word; longest first so a full name
    /// wins over its parts.
    names: HashMap<String, Vec<Vec<String>>>,
}

/// A word of the text: its byte range and its folded form.
struct Word {
    start: usize,
    end: usize,
    folded: String,
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

fn words(text: &str) -> Vec<Word> {
    let mut found = Vec::new();
    let mut start = None;
    for (index, c) in text.char_indices() {
        match (is_word_char(c), start) {
            (true, None) => start = Some(index),
            (false, Some(from)) => {
                found.push(Word { start: from, end: index, folded: fold(&text[from..index]) });
                start = None;
            }
            _ => {}
        }
    }
    if let Some(from) = start {
        found.push(Word { start: from, end: text.len(), folded: fold(&text[from..]) });
    }
    found
}

impl Redactor {
    /// A redactor hiding `names` (as typed in the attendance list).
    pub fn new<'a>(names: impl IntoIterator<Item = &'a str>) -> Self {
        let mut sequences: Vec<Vec<String>> = Vec::new();
        for name in names {
            let parts: Vec<String> = words(name).into_iter().map(|w| w.folded).collect();
            if parts.is_empty() {
                continue;
            }
            for part in &parts {
                if part.chars().count() >= 3 {
                    sequences.push(vec![part.clone()]);
                }
            }
            if parts.len() > 1 {
                sequences.push(parts);
            }
        }
        sequences.sort_by(|a, b| b.len().cmp(&a.len()).then_with(|| a.cmp(b)));
        sequences.dedup();
        let mut names: HashMap<String, Vec<Vec<String>>> = HashMap::new();
        for sequence in sequences {
            names.entry(sequence[0].clone()).or_default().push(sequence);
        }
        Self { names }
    }

    /// `text` with names, e-mail addresses and phone numbers replaced by markers.
    pub fn redact(&self, text: &str) -> String {
        let text = replace_emails(text);
        let text = replace_phones(&text);
        self.redact_names(&text)
    }

    /// `text` with only the names replaced.
    pub fn redact_names(&self, text: &str) -> String {
        if self.names.is_empty() {
            return text.to_owned();
        }
        let words = words(text);
        let mut out = String::with_capacity(text.len());
        let mut copied_to = 0;
        let mut index = 0;
        while index < words.len() {
            let matched = self.names.get(&words[index].folded).and_then(|candidates| {
                candidates.iter().find(|name| {
                    words.len() - index >= name.len()
                        && name.iter().zip(&words[index..]).all(|(part, word)| *part == word.folded)
                })
            });
            match matched {
                Some(name) => {
                    let last = &words[index + name.len() - 1];
                    out.push_str(&text[copied_to..words[index].start]);
                    out.push_str(NAME_MARK);
                    copied_to = last.end;
                    index += name.len();
                }
                None => index += 1,
            }
        }
        out.push_str(&text[copied_to..]);
        out
    }
}

fn is_email_char(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '.' | '_' | '-' | '+' | '%')
}

/// Replaces every `local@domain.tld` with [`EMAIL_MARK`].
fn replace_emails(text: &str) -> String {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut out = String::with_capacity(text.len());
    let mut copied_to = 0;
    let mut i = 0;
    while i < chars.len() {
        if chars[i].1 != '@' {
            i += 1;
            continue;
        }
        let mut from = i;
        while from > 0 && is_email_char(chars[from - 1].1) {
            from -= 1;
        }
        let mut to = i + 1;
        while to < chars.len() && is_email_char(chars[to].1) {
            to += 1;
        }
        // A trailing dot ends the sentence, not the address.
        while to > i + 1 && chars[to - 1].1 == '.' {
            to -= 1;
        }
        let domain: String = chars[i + 1..to].iter().map(|(_, c)| c).collect();
        let is_address = from < i && domain.contains('.') && !domain.starts_with('.');
        if is_address && chars[from].0 >= copied_to {
            out.push_str(&text[copied_to..chars[from].0]);
            out.push_str(EMAIL_MARK);
            copied_to = chars.get(to).map_or(text.len(), |(at, _)| *at);
            i = to;
        } else {
            i += 1;
        }
    }
    out.push_str(&text[copied_to..]);
    out
}

/// Replaces French phone numbers with [`PHONE_MARK`]: ten digits starting with 0, or +33
/// (or 0033) and nine digits, in groups separated by nothing, spaces, dots or dashes.
fn replace_phones(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut copied_to = 0;
    let mut i = 0;
    while i < bytes.len() {
        let starts_number = (bytes[i] == b'+' || bytes[i].is_ascii_digit())
            && (i == 0 || !bytes[i - 1].is_ascii_alphanumeric());
        if starts_number {
            if let Some(end) = phone_end(bytes, i) {
                out.push_str(&text[copied_to..i]);
                out.push_str(PHONE_MARK);
                copied_to = end;
                i = end;
                continue;
            }
        }
        i += 1;
    }
    out.push_str(&text[copied_to..]);
    out
}

/// Where the phone number starting at `start` ends, if one does.
fn phone_end(bytes: &[u8], start: usize) -> Option<usize> {
    let (mut i, wanted) = if bytes[start..].starts_with(b"+33") {
        (start + 3, 9)
    } else if bytes[start..].starts_with(b"0033") {
        (start + 4, 9)
    } else if bytes[start] == b'0' {
        (start, 10)
    } else {
        return None;
    };
    let mut digits = 0;
    let mut last_digit_end = i;
    while i < bytes.len() && digits < wanted {
        match bytes[i] {
            b'0'..=b'9' => {
                digits += 1;
                i += 1;
                last_digit_end = i;
            }
            // "+33 (0)6 …" is written too.
            b'(' if bytes[i..].starts_with(b"(0)") => i += 3,
            b' ' | b'.' | b'-' if i > start && bytes[i - 1].is_ascii_digit() => i += 1,
            _ => break,
        }
    }
    let followed_by_digit = bytes.get(last_digit_end).is_some_and(u8::is_ascii_digit);
    (digits == wanted && !followed_by_digit).then_some(last_digit_end)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_hidden_whole_or_in_part_whatever_their_accents_and_case() {
        let redactor = Redactor::new(["Hélène Ferrand", "Jean-Pierre Castan"]);
        assert_eq!(
            redactor.redact("Voir avec Hélène Ferrand et HELENE pour la salle"),
            "Voir avec [nom] et [nom] pour la salle",
            "the full name and the first name alone, in capitals and without accent"
        );
        assert_eq!(
            redactor.redact("Castan propose ; Jean-Pierre Castan confirme."),
            "[nom] propose ; [nom] confirme.",
            "a family name alone and a hyphenated first name"
        );
        assert_eq!(redactor.redact("Un atelier ferrandais"), "Un atelier ferrandais", "only whole words");
    }

    #[test]
    fn e_mail_addresses_are_hidden_and_the_sentence_kept() {
        assert_eq!(
            Redactor::default().redact("Écrire à nadia.f+ess@regie-nord.fr. Merci"),
            "Écrire à [courriel]. Merci"
        );
        assert_eq!(Redactor::default().redact("Rendez-vous @ la mairie"), "Rendez-vous @ la mairie");
    }

    #[test]
    fn french_phone_numbers_are_hidden_in_their_usual_spellings() {
        let redactor = Redactor::default();
        for (typed, expected) in [
            ("Appeler le 06 12 34 56 78 demain", "Appeler le [téléphone] demain"),
            ("tél. 05.61.22.33.44", "tél. [téléphone]"),
            ("+33 6 12 34 56 78", "[téléphone]"),
            ("+33 (0)5 61 22 33 44 !", "[téléphone] !"),
            ("0561223344", "[téléphone]"),
            ("06-12-34-56-78", "[téléphone]"),
        ] {
            assert_eq!(redactor.redact(typed), expected, "{typed:?}");
        }
        for kept in ["En 2011, 120 emplois", "Code 31000", "0,5 ETP", "12 34 56 78 90 12"] {
            assert_eq!(redactor.redact(kept), kept, "{kept:?} is not a phone number");
        }
    }
}
