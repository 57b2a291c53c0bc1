//! Column names as words: split where people split them (spaces, `_`, `-`, `.`, `/`, a lower-case
//! letter followed by a capital), for matching names against the vocabularies of the roles and
//! lenses, and for writing a name a marketer reads ("annual spend", never `annual_spend`).

/// The words of a column name, lower-cased, with the accents of Western European languages
/// folded (`Straße` -> `strasse`, `Prénom` -> `prenom`, `Teléfono` -> `telefono`) and `N°`, `Nº`
/// and `#` read as `no`. `customerID` -> `customer id`; `MonthlyCharges` -> `monthly charges`;
/// `State/Region` -> `state region`; `No. of Employees` -> `no of employees`.
pub fn words(name: &str) -> Vec<String> {
    split(name)
        .into_iter()
        .map(|w| fold(&w.to_lowercase()))
        .filter(|w| !w.is_empty())
        .collect()
}

/// The words of `name` as written (case kept), split as [`words`] splits them.
fn split(name: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut word = String::new();
    let chars: Vec<char> = name.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        if c == '°' || c == 'º' {
            // "N°" and "Nº": the number sign, read as "no".
            if word.eq_ignore_ascii_case("n") {
                word = "no".into();
            }
            continue;
        }
        if c == '#' {
            push(&mut out, &mut word);
            out.push("no".into());
            continue;
        }
        if !c.is_alphanumeric() {
            push(&mut out, &mut word);
            continue;
        }
        if let Some(&prev) = i.checked_sub(1).and_then(|p| chars.get(p)) {
            let next_lower = chars.get(i + 1).is_some_and(|n| n.is_lowercase());
            // A capital after a lower-case letter starts a word (monthlyCharges), and so does the
            // last capital of a run followed by lower case (IDNumber -> ID Number); digits after
            // letters stay with them (address1).
            let starts = c.is_uppercase()
                && (prev.is_lowercase() || (prev.is_uppercase() && next_lower && word.len() > 1));
            if starts {
                push(&mut out, &mut word);
            }
        }
        word.push(c);
    }
    push(&mut out, &mut word);
    out
}

fn push(out: &mut Vec<String>, word: &mut String) {
    if !word.is_empty() {
        out.push(std::mem::take(word));
    }
}

/// Folds the accents of German, French, Spanish, Portuguese and Italian letters, and `ß` to `ss`.
fn fold(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    for c in word.chars() {
        match c {
            'à' | 'á' | 'â' | 'ã' | 'å' => out.push('a'),
            'ä' | 'æ' => out.push_str("ae"),
            'ç' => out.push('c'),
            'è' | 'é' | 'ê' | 'ë' => out.push('e'),
            'ì' | 'í' | 'î' | 'ï' => out.push('i'),
            'ñ' => out.push('n'),
            'ò' | 'ó' | 'ô' | 'õ' | 'ø' => out.push('o'),
            'ö' | 'œ' => out.push_str("oe"),
            'ù' | 'ú' | 'û' => out.push('u'),
            'ü' => out.push_str("ue"),
            'ß' => out.push_str("ss"),
            _ => out.push(c),
        }
    }
    out
}

/// A column name as plain words for a marketer: split as [`words`] splits it, each word in lower
/// case unless it is an acronym (`SMS`, `VIP`, `ID`), accents kept. `annual_spend` -> `annual
/// spend`; `Total Spent` -> `total spent`; `Accepts SMS Marketing` -> `accepts SMS marketing`;
/// `MonthlyCharges` -> `monthly charges`. The number sign written as `#`, `N°`, `Nº`, `No.` or
/// `Nr.` reads as "number": `No. of Employees` -> `number of employees`, `# of Orders` -> `number
/// of orders`. A name with no letters comes back as it is.
pub fn humanize(name: &str) -> String {
    let parts: Vec<String> = split(&number_signs(name))
        .into_iter()
        .map(|w| {
            let letters = w.chars().filter(|c| c.is_alphabetic()).count();
            let capitals = w.chars().filter(|c| c.is_uppercase()).count();
            if letters >= 2 && capitals == letters {
                w
            } else {
                w.to_lowercase()
            }
        })
        .collect();
    if parts.is_empty() {
        name.trim().to_owned()
    } else {
        parts.join(" ")
    }
}

/// `name` with each number sign (`#`, `N°`, `Nº`, and `No.` or `Nr.` with their full stop, as
/// words of their own) written as the word "number". `No` without its full stop is left alone: it
/// is also the answer of a yes/no column.
fn number_signs(name: &str) -> String {
    let mut out = String::with_capacity(name.len() + 8);
    let chars: Vec<char> = name.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let starts_word = i == 0 || !chars[i - 1].is_alphanumeric();
        let ends_word = |j: usize| chars.get(j).is_none_or(|c| !c.is_alphanumeric());
        let lower: String = chars[i..(i + 2).min(chars.len())]
            .iter()
            .flat_map(|c| c.to_lowercase())
            .collect();
        // How many characters the sign takes.
        let sign = if chars[i] == '#' {
            1
        } else if starts_word && (lower == "n°" || lower == "nº") && ends_word(i + 2) {
            2
        } else if starts_word && (lower == "no" || lower == "nr") && chars.get(i + 2) == Some(&'.')
        {
            3
        } else {
            0
        };
        if sign == 0 {
            out.push(chars[i]);
            i += 1;
        } else {
            out.push_str(" number ");
            i += sign;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_split_into_words() {
        let cases: &[(&str, &[&str])] = &[
            ("customerID", &["customer", "id"]),
            ("MonthlyCharges", &["monthly", "charges"]),
            ("annual_spend", &["annual", "spend"]),
            ("State/Region", &["state", "region"]),
            ("No. of Employees", &["no", "of", "employees"]),
            ("N° client", &["no", "client"]),
            ("Nº de cliente", &["no", "de", "cliente"]),
            ("Straße", &["strasse"]),
            ("Prénom", &["prenom"]),
            ("Teléfono móvil", &["telefono", "movil"]),
            (
                "Default Address Address1",
                &["default", "address", "address1"],
            ),
            ("IDNumber", &["id", "number"]),
            ("E-Mail-Adresse", &["e", "mail", "adresse"]),
            ("Customer #", &["customer", "no"]),
        ];
        for (name, want) in cases {
            assert_eq!(words(name), *want, "{name}");
        }
    }

    #[test]
    fn humanized_names_are_plain_words() {
        let cases = [
            ("annual_spend", "annual spend"),
            ("Total Spent", "total spent"),
            ("Accepts SMS Marketing", "accepts SMS marketing"),
            ("MonthlyCharges", "monthly charges"),
            ("orders_per_year", "orders per year"),
            ("VIP", "VIP"),
            ("No. of Employees", "number of employees"),
            ("# of Orders", "number of orders"),
            ("Nr. of visits", "number of visits"),
            ("Orders #", "orders number"),
            ("N° de commandes", "number de commandes"),
            ("Nobody", "nobody"),
            ("No Show", "no show"),
            ("Note.", "note"),
            ("Größe", "größe"),
            ("", ""),
            ("___", "___"),
        ];
        for (name, want) in cases {
            assert_eq!(humanize(name), want, "{name}");
        }
    }
}
