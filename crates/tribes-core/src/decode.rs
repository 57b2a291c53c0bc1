//! Which encoding a file is in, and refusing files that are not text.
//!
//! UTF-8 (with or without a byte-order mark) and UTF-16 with a byte-order mark are recognised by
//! their bytes; anything else that is not valid UTF-8 is a legacy single-byte or East Asian
//! encoding, which `chardetng` guesses from the sample and `encoding_rs` decodes. Since
//! Windows-1252 decodes any byte, binary files are refused here, explicitly, before that.

use encoding_rs::{Encoding, UTF_16BE, UTF_16LE, UTF_8};

use crate::error::{Error, Result};

/// The encoding chosen, and how many bytes of byte-order mark to skip.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Detected {
    pub encoding: &'static Encoding,
    pub bom: usize,
}

impl Detected {
    /// The name reported in results: `UTF-8`, `UTF-8 (BOM)`, `UTF-16LE (BOM)`, `windows-1252`.
    pub fn name(&self) -> String {
        if self.bom > 0 {
            format!("{} (BOM)", self.encoding.name())
        } else {
            self.encoding.name().to_owned()
        }
    }
}

/// Looks up an encoding by any of its WHATWG labels (`latin1`, `cp1252`, `utf-16le`, `sjis`...).
pub fn by_label(label: &str) -> Option<&'static Encoding> {
    Encoding::for_label(label.trim().as_bytes())
}

/// What well-known binary formats start with, and what to tell the user.
const MAGIC: [(&[u8], &str); 7] = [
    (
        b"PK\x03\x04",
        "a ZIP archive (an Excel .xlsx workbook is one): save or export it as CSV first",
    ),
    (
        b"\xD0\xCF\x11\xE0",
        "an Excel .xls workbook: save or export it as CSV first",
    ),
    (b"%PDF", "a PDF document, not a CSV file"),
    (b"\x1F\x8B", "gzip-compressed: decompress it first"),
    (b"\x89PNG", "a PNG image, not a CSV file"),
    (b"\xFF\xD8\xFF", "a JPEG image, not a CSV file"),
    (b"SQLite format 3\0", "an SQLite database, not a CSV file"),
];

/// Detects the encoding of a file from its first bytes. `complete` says whether `sample` is the
/// whole file (a sample may end inside a UTF-8 sequence).
pub fn detect(
    sample: &[u8],
    complete: bool,
    forced: Option<&'static Encoding>,
) -> Result<Detected> {
    if let Some((encoding, bom)) = Encoding::for_bom(sample) {
        return Ok(Detected {
            encoding: forced.unwrap_or(encoding),
            bom,
        });
    }
    if let Some(&(_, what)) = MAGIC.iter().find(|(m, _)| sample.starts_with(m)) {
        return Err(Error::NotText(format!("the file is {what}")));
    }
    if let Some(encoding) = forced {
        return Ok(Detected { encoding, bom: 0 });
    }
    if let Some(pos) = memchr::memchr(0, sample) {
        // UTF-16 without a byte-order mark puts a NUL beside every ASCII character.
        let nuls = sample.iter().filter(|&&b| b == 0).count();
        let hint = if nuls * 3 >= sample.len() {
            "; it looks like UTF-16 without a byte-order mark: choose the encoding (utf-16le or utf-16be)"
        } else {
            ""
        };
        return Err(Error::NotText(format!(
            "the file is binary, not text: it has a NUL byte at offset {pos}{hint}"
        )));
    }
    let controls = sample
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0C | 0x1A))
        .count();
    if controls * 100 > sample.len() {
        return Err(Error::NotText(format!(
            "the file is binary, not text: {controls} control bytes in its first {} bytes",
            sample.len()
        )));
    }
    let utf8 = match std::str::from_utf8(sample) {
        Ok(_) => true,
        // An error with no length is a sequence cut by the end of the sample.
        Err(e) => e.error_len().is_none() && !complete,
    };
    if utf8 {
        return Ok(Detected {
            encoding: UTF_8,
            bom: 0,
        });
    }
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(sample, complete);
    let guess = detector.guess(None, chardetng::Utf8Detection::Deny);
    // chardetng never guesses UTF-16; keep that promise explicit.
    let encoding = if guess == UTF_16LE || guess == UTF_16BE {
        encoding_rs::WINDOWS_1252
    } else {
        guess
    };
    Ok(Detected { encoding, bom: 0 })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodings_table() {
        let cases: &[(&[u8], &str)] = &[
            (b"name,city\nAnn,Z\xc3\xbcrich\n", "UTF-8"),
            (b"\xef\xbb\xbfname\nAnn\n", "UTF-8 (BOM)"),
            (b"\xff\xfen\x00a\x00\n\x00", "UTF-16LE (BOM)"),
            (b"\xfe\xff\x00n\x00a\x00\n", "UTF-16BE (BOM)"),
            (b"plain ascii,only\n1,2\n", "UTF-8"),
            // "Zürich; Café; Müller; Straße" in Windows-1252.
            (
                b"stadt;name\nZ\xfcrich;Caf\xe9\nM\xfcller;Stra\xdfe\nK\xf6ln;J\xfcrgen\n",
                "windows-1252",
            ),
        ];
        for (bytes, want) in cases {
            assert_eq!(
                detect(bytes, true, None).unwrap().name(),
                *want,
                "{bytes:?}"
            );
        }
    }

    #[test]
    fn a_sample_cut_inside_a_utf8_sequence_is_still_utf8() {
        assert_eq!(detect(b"caf\xc3", false, None).unwrap().encoding, UTF_8);
        assert_ne!(detect(b"caf\xc3", true, None).unwrap().encoding, UTF_8);
    }

    #[test]
    fn binary_is_refused_with_a_reason() {
        for (bytes, needle) in [
            (&b"PK\x03\x04rest"[..], "xlsx"),
            (b"\xD0\xCF\x11\xE0\xA1\xB1", ".xls"),
            (b"a,b\n1,\x002\n", "NUL byte at offset 6"),
            (b"n\x00a\x00m\x00e\x00", "UTF-16 without a byte-order mark"),
            (b"\x01\x02\x03\x04\x05abc", "control bytes"),
        ] {
            let e = detect(bytes, true, None).unwrap_err().to_string();
            assert!(e.contains(needle), "{e}");
        }
    }

    #[test]
    fn forced_encoding_and_labels() {
        let latin1 = by_label("latin1").unwrap();
        assert_eq!(latin1.name(), "windows-1252");
        assert_eq!(detect(b"abc", true, Some(latin1)).unwrap().encoding, latin1);
        assert!(by_label("klingon").is_none());
    }
}
