//! The wasm module as text, for the builds that carry it inside a script (the worker of the site,
//! `tribes.html` and `embed.js`).
//!
//! Base64 is the usual choice, but it regroups the bytes into 6-bit units, which hides the
//! module's repeated byte sequences from gzip: base64 text gzips to about 1.25x the gzipped
//! module. Here each byte stays one unit instead: the 89 most frequent byte values are one
//! printable ASCII character each, the others two (one of two prefix characters, then any). The
//! text gzips to 1.02x to 1.05x the gzipped module (the README's size table). The alphabet leaves
//! out `'`, `"` and `\`, so the text needs no escaping in a JS or JSON string, and `<`, so it can
//! never close an inline `<script>`; being ASCII, it reads the same whatever charset a blog
//! serves `embed.js` with.
//!
//! The decoder is `wasmBytes()` in www/worker.js; the build hands it the alphabet and the byte
//! order with the text, so this file alone defines the format.

/// Printable ASCII without `"`, `'`, `<` and `\`: 91 characters.
pub fn alphabet() -> String {
    (0x20u8..0x7f)
        .map(char::from)
        .filter(|c| !matches!(c, '"' | '\'' | '<' | '\\'))
        .collect()
}

/// A module as text, and what its decoder needs.
pub struct Packed {
    pub alphabet: String,
    /// Byte values from the most to the least frequent: the i-th single character stands for
    /// `order[i]`; prefix p followed by character c for `order[singles + p * alphabet.len() + c]`.
    pub order: Vec<u8>,
    pub text: String,
    pub len: usize,
}

pub fn pack(bytes: &[u8]) -> Packed {
    let alphabet: Vec<char> = alphabet().chars().collect();
    let singles = alphabet.len() - 2;
    let mut counts = [0usize; 256];
    for &b in bytes {
        counts[b as usize] += 1;
    }
    let mut order: Vec<u8> = (0..=255).collect();
    // Most frequent first; ties by value, so the same module always packs the same way.
    order.sort_by(|&a, &b| counts[b as usize].cmp(&counts[a as usize]).then(a.cmp(&b)));
    let mut code: Vec<String> = vec![String::new(); 256];
    for (rank, &byte) in order.iter().enumerate() {
        code[byte as usize] = if rank < singles {
            alphabet[rank].to_string()
        } else {
            let j = rank - singles;
            [
                alphabet[singles + j / alphabet.len()],
                alphabet[j % alphabet.len()],
            ]
            .iter()
            .collect()
        };
    }
    let mut text = String::with_capacity(bytes.len() * 9 / 8);
    for &b in bytes {
        text.push_str(&code[b as usize]);
    }
    Packed {
        alphabet: alphabet.iter().collect(),
        order,
        text,
        len: bytes.len(),
    }
}

impl Packed {
    /// The constants www/worker.js's `wasmBytes()` reads.
    pub fn js_constants(&self) -> String {
        let order: Vec<String> = self.order.iter().map(u8::to_string).collect();
        format!(
            "const TRIBES_WASM = {{ alphabet: '{}', order: [{}], length: {}, text: '{}' }};\n",
            self.alphabet,
            order.join(","),
            self.len,
            self.text
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The decoder of www/worker.js, written again in Rust: packing then unpacking gives the bytes.
    fn unpack(p: &Packed) -> Vec<u8> {
        let alphabet: Vec<char> = p.alphabet.chars().collect();
        let singles = alphabet.len() - 2;
        let index = |c: char| alphabet.iter().position(|&a| a == c).unwrap();
        let mut out = Vec::new();
        let mut chars = p.text.chars();
        while let Some(c) = chars.next() {
            let i = index(c);
            if i < singles {
                out.push(p.order[i]);
            } else {
                let next = index(chars.next().unwrap());
                out.push(p.order[singles + (i - singles) * alphabet.len() + next]);
            }
        }
        out
    }

    #[test]
    fn every_byte_value_round_trips_and_the_text_is_safe_ascii() {
        let mut bytes: Vec<u8> = (0..=255).collect();
        bytes.extend(std::iter::repeat_n(0u8, 500));
        bytes.extend((0..3000u32).map(|i| (i * 7919 % 251) as u8));
        let p = pack(&bytes);
        assert_eq!(p.alphabet.len(), 91);
        assert_eq!(unpack(&p), bytes);
        assert!(p.text.chars().all(|c| c == ' ' || c.is_ascii_graphic()));
        assert!(!p.text.contains(['"', '\'', '<', '\\']));
        // The most frequent byte is one character.
        assert_eq!(p.order[0], 0);
        assert!(p.text.len() < bytes.len() * 2);
    }
}
