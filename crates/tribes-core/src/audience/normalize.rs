//! Contact details the way Google Customer Match and Meta custom audiences want them before
//! hashing. Each function takes a cell as a person typed it and returns the normalized text, or
//! `None` when the cell holds nothing that platform can match on (a malformed address, a
//! national phone number of an unknown country).
//!
//! The rules are the platforms' published ones:
//!
//! - Google (Data Manager API, "Format user data"; Google Ads API `OfflineUserAddressInfo`; the
//!   Customer Match template): an e-mail lower-cased with every space removed, and for
//!   `gmail.com` and `googlemail.com` the dots and any `+tag` of the local part removed; a phone
//!   in E.164 (`+`, the country code, the number); a first name lower-cased without spaces or a
//!   title (`Mrs.`); a last name lower-cased without spaces, punctuation or a suffix (`Jr.`); the
//!   country (ISO 3166-1 alpha-2) and the postal code in clear (a US ZIP code as five digits, or
//!   five and four).
//! - Meta (Marketing API, "Hashing and normalizing data"; Conversions API, "Customer information
//!   parameters"): an e-mail trimmed and lower-cased; a phone as digits with the country code
//!   and no `+`; names and city lower-cased letters only (`é` and other letters kept, in UTF-8);
//!   a US state or Canadian province as its two-letter code; zip lower-cased without spaces or
//!   dash (US: five digits); country as its lower-case alpha-2 code. Every one of them hashed.

use sha2::{Digest, Sha256};

#[cfg(test)]
use super::countries::country;
use super::countries::{fold, state_code, Country};

/// SHA-256 of the text's UTF-8 bytes, as 64 lower-case hexadecimal digits.
pub fn sha256_hex(text: &str) -> String {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let digest = Sha256::digest(text.as_bytes());
    let mut out = String::with_capacity(64);
    for b in digest {
        out.push(char::from(HEX[usize::from(b >> 4)]));
        out.push(char::from(HEX[usize::from(b & 15)]));
    }
    out
}

/// A value hashed already (64 hexadecimal digits), lower-cased: such a cell passes through, so
/// a file hashed by another tool can be cut into segments too.
pub fn hashed(cell: &str) -> Option<String> {
    let t = cell.trim();
    (t.len() == 64 && t.bytes().all(|b| b.is_ascii_hexdigit())).then(|| t.to_ascii_lowercase())
}

/// A cell without a spreadsheet's text guard (`'+441614966977`) and outer spaces.
fn bare(cell: &str) -> &str {
    let t = cell.trim();
    t.strip_prefix('\'').unwrap_or(t).trim()
}

/// An e-mail address as the platforms accept it, lower-cased: a local part of letters, digits and
/// the symbols RFC 5322 allows (`.` not first, last or doubled), starting with a letter, a digit
/// or `_`, so that no spreadsheet takes it for a formula; one `@`; a domain of at least two
/// labels of letters, digits and inner hyphens, the last one letters only.
fn address(text: &str) -> Option<(&str, &str)> {
    let (local, domain) = text.split_once('@')?;
    let first = local.chars().next()?;
    let local_ok = (first.is_alphanumeric() || first == '_')
        && local.len() <= 64
        && !local.ends_with('.')
        && !local.contains("..")
        && local
            .chars()
            .all(|c| c.is_alphanumeric() || "!#$%&'*+-/=?^_`{|}~.".contains(c));
    let labels: Vec<&str> = domain.split('.').collect();
    let domain_ok = labels.len() >= 2
        && domain.len() <= 253
        && labels.iter().all(|l| {
            !l.is_empty()
                && !l.starts_with('-')
                && !l.ends_with('-')
                && l.chars().all(|c| c.is_alphanumeric() || c == '-')
        })
        && labels
            .last()
            .is_some_and(|tld| tld.chars().count() >= 2 && tld.chars().all(char::is_alphabetic));
    (local_ok && domain_ok).then_some((local, domain))
}

/// Meta's e-mail: trimmed and lower-cased (a space inside is a malformed address).
pub fn email_meta(cell: &str) -> Option<String> {
    let t = bare(cell).to_lowercase();
    address(&t)?;
    Some(t)
}

/// Google's e-mail: lower-cased, with every space removed; for Gmail addresses the dots of the
/// local part and anything from a `+` on are removed too, as Gmail delivers them all to one box.
pub fn email_google(cell: &str) -> Option<String> {
    let t: String = bare(cell)
        .chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect();
    let (local, domain) = address(&t)?;
    if domain == "gmail.com" || domain == "googlemail.com" {
        let local = local.split('+').next().unwrap_or("");
        let local: String = local.chars().filter(|&c| c != '.').collect();
        if local.is_empty() {
            return None;
        }
        return Some(format!("{local}@{domain}"));
    }
    Some(t)
}

/// The address as a mailing tool imports it: trimmed and lower-cased, when well formed.
pub fn email_plain(cell: &str) -> Option<String> {
    email_meta(cell)
}

/// A phone number in E.164: `+`, the country code and the national number, 7 to 15 digits in all.
///
/// A number written with `+` carries its own country, and so does one dialled with an
/// international prefix: `00` (most of the world), `011` from North America, `0011` from
/// Australia. Any other is a national number of `country` (the row's, or the one the user gave),
/// whose trunk prefix is dropped (`020 7946 0958` in Britain is `+442079460958`; Italy's numbers
/// keep their `0`), or an international one written without its `+` when it starts with the
/// country's calling code and is too long to be national. A national number with no country
/// cannot be completed: `None`. So is a cell with letters (other than an extension, which is
/// dropped) or a length no numbering plan has (North American numbers have exactly ten digits).
pub fn phone_e164(cell: &str, country: Option<&Country>) -> Option<String> {
    let t = strip_extension(bare(cell));
    let mut digits = String::with_capacity(t.len());
    for (i, c) in t.char_indices() {
        match c {
            '0'..='9' => digits.push(c),
            '+' if i == 0 => {}
            ' ' | '-' | '.' | '(' | ')' | '/' | '\u{a0}' | '\u{202f}' => {}
            _ => return None,
        }
    }
    let international = if t.starts_with('+') {
        digits
    } else if let Some(rest) = international_prefix(&digits, country) {
        rest.to_owned()
    } else {
        let country = country.filter(|c| c.calling > 0)?;
        let calling = country.calling.to_string();
        let national = match digits.strip_prefix(country.trunk) {
            Some(rest) if !country.trunk.is_empty() => rest,
            // Already international, only without its `+`: 4915112345678 in Germany.
            _ if digits.len() >= 11 && digits.starts_with(&calling) => &digits[calling.len()..],
            _ => &digits,
        };
        format!("{calling}{national}")
    };
    let nanp_ok = !international.starts_with('1') || international.len() == 11;
    let ok = (7..=15).contains(&international.len()) && !international.starts_with('0') && nanp_ok;
    ok.then(|| format!("+{international}"))
}

/// The digits after an international dialling prefix, when the number starts with one.
fn international_prefix<'a>(digits: &'a str, country: Option<&Country>) -> Option<&'a str> {
    match country {
        Some(c) if c.nanp() => digits.strip_prefix("011"),
        Some(c) if c.code == "AU" => digits.strip_prefix("0011"),
        _ => digits.strip_prefix("00"),
    }
}

/// The number without an extension written after it (`x12`, `ext. 12`, `#12`).
fn strip_extension(t: &str) -> &str {
    let lower = t.to_ascii_lowercase();
    let cut = ["ext", "x", "#"]
        .iter()
        .filter_map(|m| lower.find(m))
        .filter(|&i| i > 0)
        .min();
    match cut {
        Some(i) if t.is_char_boundary(i) => t[..i].trim_end(),
        _ => t,
    }
}

/// Meta's phone: the E.164 digits without the `+`.
pub fn phone_meta(cell: &str, country: Option<&Country>) -> Option<String> {
    phone_e164(cell, country).map(|p| p[1..].to_owned())
}

/// Words before a name that are not part of it.
const PREFIXES: [&str; 12] = [
    "mr", "mrs", "ms", "miss", "mx", "dr", "prof", "sir", "herr", "frau", "mme", "mlle",
];
/// Words after a last name that are not part of it.
const SUFFIXES: [&str; 9] = ["jr", "sr", "ii", "iii", "iv", "phd", "md", "esq", "dds"];

/// A name's words, lower-cased, without a title before them or a suffix after them (each only
/// when other words remain).
fn name_words(cell: &str) -> Vec<String> {
    let lower = bare(cell).to_lowercase();
    let mut words: Vec<&str> = lower.split_whitespace().collect();
    let word = |w: &str| w.trim_end_matches(['.', ',']).to_owned();
    if words.len() > 1 && PREFIXES.contains(&word(words[0]).as_str()) {
        words.remove(0);
    }
    if words.len() > 1 && SUFFIXES.contains(&word(words[words.len() - 1]).as_str()) {
        words.pop();
    }
    words.into_iter().map(str::to_owned).collect()
}

/// Google's first name: lower-cased, without a title, every space removed.
pub fn first_name_google(cell: &str) -> Option<String> {
    let name = name_words(cell).concat();
    let name = name.trim_end_matches(',').to_owned();
    (!name.is_empty()).then_some(name)
}

/// Google's last name: lower-cased, without a suffix, spaces and punctuation removed (letters,
/// accented ones too, and digits kept).
pub fn last_name_google(cell: &str) -> Option<String> {
    let name: String = name_words(cell)
        .concat()
        .chars()
        .filter(|c| c.is_alphanumeric())
        .collect();
    (!name.is_empty()).then_some(name)
}

/// Meta's first and last name, and city: lower-cased letters only (no spaces, punctuation or
/// digits; `é`, `정` and other letters kept, as UTF-8).
pub fn letters_meta(cell: &str) -> Option<String> {
    let t: String = bare(cell)
        .chars()
        .flat_map(char::to_lowercase)
        .filter(|c| c.is_alphabetic())
        .collect();
    (!t.is_empty()).then_some(t)
}

/// Meta's name: as `letters_meta`, without a title or a suffix.
pub fn name_meta(cell: &str) -> Option<String> {
    letters_meta(&name_words(cell).join(" "))
}

/// Meta's state: a US state or Canadian province as its two-letter code (`Massachusetts` and
/// `MA` are `ma`); any other region lower-cased, letters only.
pub fn state_meta(cell: &str, country: Option<&Country>) -> Option<String> {
    let t = letters_meta(cell)?;
    if country.is_none_or(|c| c.code == "US" || c.code == "CA") {
        if let Some(code) = state_code(&fold(&t)) {
            return Some(code.to_owned());
        }
    }
    Some(t)
}

/// Google's postal code, in clear: trimmed, inner spaces made one, upper-case letters; a US ZIP
/// code as five digits or five and four (`1619`, which lost its leading zero in a spreadsheet, is
/// `01619`). Anything but letters, digits, spaces and hyphens is no postal code.
pub fn zip_google(cell: &str, country: Option<&Country>) -> Option<String> {
    let t = bare(cell);
    // Google's zip is written as it is, not hashed: one starting with `-` would be a formula.
    if !t.starts_with(char::is_alphanumeric)
        || !t
            .chars()
            .all(|c| c.is_alphanumeric() || c == ' ' || c == '-')
    {
        return None;
    }
    if country.is_some_and(|c| c.code == "US") {
        return us_zip(t, true);
    }
    Some(
        t.split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_uppercase(),
    )
}

/// Meta's zip: lower-cased, without spaces or dashes; a US ZIP code as its first five digits.
pub fn zip_meta(cell: &str, country: Option<&Country>) -> Option<String> {
    let t = bare(cell);
    if country.is_some_and(|c| c.code == "US") {
        return us_zip(t, false);
    }
    let z: String = t
        .chars()
        .flat_map(char::to_lowercase)
        .filter(|c| c.is_alphanumeric())
        .collect();
    (!z.is_empty()).then_some(z)
}

/// A US ZIP code: five digits (left-padded when a spreadsheet dropped leading zeros), and with
/// `plus4` its four-digit extension when there is one.
fn us_zip(t: &str, plus4: bool) -> Option<String> {
    let (five, four) = match t.split_once('-') {
        Some((a, b)) => (a.trim(), Some(b.trim())),
        None if t.len() == 9 && t.bytes().all(|b| b.is_ascii_digit()) => (&t[..5], Some(&t[5..])),
        None => (t, None),
    };
    if !(3..=5).contains(&five.len()) || !five.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let five = format!("{five:0>5}");
    match four {
        Some(f) if plus4 && f.len() == 4 && f.bytes().all(|b| b.is_ascii_digit()) => {
            Some(format!("{five}-{f}"))
        }
        _ => Some(five),
    }
}

/// Meta's gender: `m` or `f`.
pub fn gender_meta(cell: &str) -> Option<String> {
    let g = match fold(bare(cell)).as_str() {
        "m" | "male" | "man" | "mann" | "mannlich" | "homme" | "masculin" | "hombre"
        | "masculino" => "m",
        "f" | "female" | "woman" | "w" | "frau" | "weiblich" | "femme" | "feminin" | "mujer"
        | "femenino" => "f",
        _ => return None,
    };
    Some(g.to_owned())
}

/// Meta's year of birth: four digits from 1900 to 2099, alone or as the one four-digit group of
/// a full date of birth (`1997-02-16`, `2/16/1997`). A birthday without a year (`10/20`) has none.
pub fn birth_year(cell: &str) -> Option<String> {
    let t = bare(cell);
    let groups: Vec<&str> = t
        .split(|c: char| !c.is_ascii_digit())
        .filter(|g| g.len() == 4)
        .collect();
    match groups.as_slice() {
        [year] if year.starts_with("19") || year.starts_with("20") => Some((*year).to_owned()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The country of a cell as the writer gives it: its alpha-2 code, lower-case.
    fn country_code(cell: &str) -> Option<String> {
        country(cell).map(|c| c.code.to_ascii_lowercase())
    }

    /// The Marketing API's and Conversions API's worked examples: input, normalized text, and the
    /// SHA-256 Meta publishes for it.
    #[test]
    fn meta_worked_examples() {
        let us = country("US");
        let em = email_meta("John_Smith@gmail.com").unwrap();
        assert_eq!(em, "john_smith@gmail.com");
        assert_eq!(
            sha256_hex(&em),
            "62a14e44f765419d10fea99367361a727c12365e2520f32218d505ed9aa0f62f"
        );
        let ph = phone_meta("(650)555-1212", us.as_ref()).unwrap();
        assert_eq!(ph, "16505551212");
        assert_eq!(
            sha256_hex(&ph),
            "e323ec626319ca94ee8bff2e4c87cf613be6ea19919ed1364124e16807ab3176"
        );
        // The Marketing API's hash("sha256", "15559876543"), from a number written with its +.
        assert_eq!(
            sha256_hex(&phone_meta("+1 555 987 6543", None).unwrap()),
            "1ef970831d7963307784fa8688e8fce101a15685d62aa765fed23f3a2c576a4e"
        );
        assert_eq!(
            sha256_hex(&name_meta("Mary").unwrap()),
            "6915771be1c5aa0c886870b6951b03d7eafc121fea0e80a5ea83beb7c449f4ec"
        );
        // Accented letters stay, in UTF-8.
        assert_eq!(name_meta("Valéry").unwrap(), "valéry");
        assert_eq!(
            sha256_hex(&name_meta("Valéry").unwrap()),
            "08e1996b5dd49e62a4b4c010d44e4345592a863bb9f8e3976219bac29417149c"
        );
        assert_eq!(
            sha256_hex(&name_meta("정").unwrap()),
            "8fa8cd9c440be61d0151429310034083132b35975c4bea67fdd74158eb51db14"
        );
        let country = country_code("United States").unwrap();
        assert_eq!(country, "us");
        assert_eq!(
            sha256_hex(&country),
            "79adb2a2fce5c6ba215fe5f27f532d4e7edbac4b6a5e09e1ef3a08084a904621"
        );
        assert_eq!(
            zip_meta("M1 1AE", super::country("GB").as_ref()).unwrap(),
            "m11ae"
        );
        assert_eq!(zip_meta("94035-1234", us.as_ref()).unwrap(), "94035");
        assert_eq!(letters_meta("New York").unwrap(), "newyork");
        assert_eq!(letters_meta("Paris").unwrap(), "paris");
        assert_eq!(state_meta("Arizona", us.as_ref()).unwrap(), "az");
        assert_eq!(state_meta("AZ", us.as_ref()).unwrap(), "az");
        assert_eq!(birth_year("2/16/1997").as_deref(), Some("1997"));
        assert_eq!(gender_meta("Female").as_deref(), Some("f"));
    }

    /// Google's examples of normalized values (Data Manager API, "Format user data"), and
    /// SHA-256's own test vector (FIPS 180-2, "abc").
    #[test]
    fn google_worked_examples() {
        let gmail = email_google("cloudy.sanfrancisco+shopping@gmail.com").unwrap();
        assert_eq!(gmail, "cloudysanfrancisco@gmail.com");
        assert_eq!(
            sha256_hex(&gmail),
            "223ebda6f6889b1494551ba902d9d381daf2f642bae055888e96343d53e9f9c4"
        );
        let other = email_google("user.name+NYC@Example.com").unwrap();
        assert_eq!(other, "user.name+nyc@example.com");
        assert_eq!(
            sha256_hex(&other),
            "f109a2a632fbcea5fc82049f50beed3d8621bf9034399f437fb622222acccdac"
        );
        let phone = phone_e164("(800)555-0100", country("US").as_ref()).unwrap();
        assert_eq!(phone, "+18005550100");
        assert_eq!(
            sha256_hex(&phone),
            "fb4f73a6ec5fdb7077d564cdd22c3554b43ce49168550c3b12c547b78c517b30"
        );
        assert_eq!(
            sha256_hex("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        // The Customer Match template's rows: names and spaces, and plain country and zip.
        assert_eq!(email_google(" Test@Gmail.com ").unwrap(), "test@gmail.com");
        assert_eq!(first_name_google("  Zoë ").unwrap(), "zoë");
        assert_eq!(last_name_google("Pérez").unwrap(), "pérez");
        assert_eq!(
            phone_e164("1-800-888-8888", country("US").as_ref()).unwrap(),
            "+18008888888"
        );
        assert_eq!(
            zip_google("wc2h  8lg", country("GB").as_ref()).unwrap(),
            "WC2H 8LG"
        );
        assert_eq!(
            zip_google("94016", country("US").as_ref()).unwrap(),
            "94016"
        );
    }

    #[test]
    fn phones_to_e164() {
        let gb = country("GB");
        let it = country("Italy");
        let de = country("Deutschland");
        let us = country("US");
        for (cell, c, want) in [
            ("020 7946 0958", gb, Some("+442079460958")),
            ("'+441614966977", None, Some("+441614966977")),
            ("0044 20 7946 0958", None, Some("+442079460958")),
            ("06 1234 5678", it, Some("+390612345678")),
            ("4915112345678", de, Some("+4915112345678")),
            ("015112345678", de, Some("+4915112345678")),
            ("011 44 20 7946 0958", us, Some("+442079460958")),
            ("0011 61 2 9374 4000", country("AU"), Some("+61293744000")),
            ("(800) 555-0100 x12", us, Some("+18005550100")),
            ("555-0100", us, None),
            ("5550100", None, None),
            ("call me", us, None),
            ("+1 (800) FLOWERS", None, None),
            ("", us, None),
        ] {
            assert_eq!(phone_e164(cell, c.as_ref()).as_deref(), want, "{cell}");
        }
    }

    #[test]
    fn malformed_addresses_are_none() {
        for cell in [
            "not an email",
            "a@b",
            "@example.com",
            "a@@example.com",
            "a..b@example.com",
            "a.@example.com",
            "a@example.c0m",
            "a@-example.com",
            "=cmd@example.com",
            "john smith@example.com",
            "",
        ] {
            assert_eq!(email_meta(cell), None, "{cell}");
        }
        assert_eq!(email_meta(" A@B.co ").as_deref(), Some("a@b.co"));
        // Google removes inner spaces; Meta calls such an address malformed.
        assert_eq!(
            email_google("john smith@example.com").as_deref(),
            Some("johnsmith@example.com")
        );
        assert_eq!(email_google("@gmail.com"), None);
        assert_eq!(email_google("+tag@gmail.com"), None);
    }

    #[test]
    fn names_zips_and_hashed_values() {
        assert_eq!(first_name_google("  Mrs. Mary  Ann ").unwrap(), "maryann");
        assert_eq!(last_name_google("O'Brien Jr.").unwrap(), "obrien");
        assert_eq!(first_name_google("Dr").unwrap(), "dr");
        assert_eq!(name_meta("Mr. Jean-Luc").unwrap(), "jeanluc");
        assert_eq!(zip_google("1619", country("US").as_ref()).unwrap(), "01619");
        assert_eq!(
            zip_google("94016-1234", country("US").as_ref()).unwrap(),
            "94016-1234"
        );
        assert_eq!(zip_google("=1+1", None), None);
        assert_eq!(zip_meta("02134", country("US").as_ref()).unwrap(), "02134");
        assert_eq!(birth_year("10/20"), None);
        assert_eq!(gender_meta("unknown"), None);
        let h = sha256_hex("x");
        assert_eq!(hashed(&h.to_uppercase()), Some(h));
        assert_eq!(hashed("abc"), None);
    }
}
