//! Which encoding a file is in, and refusing files that are not text.
//!
//! UTF-8 (with or without a byte-order mark) and UTF-16 with a byte-order mark are recognised by
//! their bytes; anything else that is not valid UTF-8 is a legacy single-byte or East Asian
//! encoding, which `chardetng` guesses from the sample. Since Windows-1252 decodes any byte,
//! binary files are refused here, explicitly, before that.
//!
//! Three builds, by cargo feature:
//! - `legacy-encodings`: encoding_rs and chardetng recognise, guess and decode every WHATWG
//!   encoding (the CLI and the site's page).
//! - `encoding-labels` alone: encodings are known by their labels and byte-order marks, a file
//!   that is not UTF-8 is taken as Windows-1252 unless the user names its encoding, and the host
//!   the core runs in decodes, through [`use_host_decoders`]. A browser has every WHATWG decoder
//!   in its `TextDecoder`; chardetng's guess needs encoding_rs's decoders and their tables (about
//!   160 KB of the wasm, gzipped; the README's "Sizes"), which the single-file page cannot carry
//!   within its budget.
//! - neither: UTF-8 only (the embeddable build, whose CSV is already text), and the reader says
//!   so when a file is anything else.

use crate::error::{Error, Result};

#[cfg(feature = "encoding-labels")]
pub use encoding_rs::{Encoding, UTF_8};

#[cfg(not(feature = "encoding-labels"))]
pub use utf8_only::{Encoding, UTF_8};

/// The encoding chosen, and how many bytes of byte-order mark to skip.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Detected {
    pub encoding: &'static Encoding,
    pub bom: usize,
    /// Taken as Windows-1252 because the file is not UTF-8, without a guess (a build with
    /// `encoding-labels` and without `legacy-encodings`): the reader warns.
    pub assumed: bool,
}

impl Detected {
    fn of(encoding: &'static Encoding, bom: usize) -> Detected {
        Detected {
            encoding,
            bom,
            assumed: false,
        }
    }

    /// The warning a read carries when the encoding was assumed, not guessed.
    pub fn warning(&self) -> Option<String> {
        self.assumed.then(|| {
            format!(
                "the file is not UTF-8 and was read as {}, the encoding of most Western exports (this build does not guess others): if its text looks wrong, choose its encoding (option encoding, --encoding)",
                self.encoding.name()
            )
        })
    }

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
#[cfg(feature = "encoding-labels")]
pub fn by_label(label: &str) -> Option<&'static Encoding> {
    Encoding::for_label(label.trim().as_bytes())
}

/// Looks up an encoding by label: this build knows UTF-8's labels only.
#[cfg(not(feature = "encoding-labels"))]
pub fn by_label(label: &str) -> Option<&'static Encoding> {
    let label = label.trim().to_ascii_lowercase();
    matches!(label.as_str(), "utf-8" | "utf8" | "unicode-1-1-utf-8").then_some(UTF_8)
}

/// A decoder the host provides: turns one file's bytes in one encoding into UTF-8, chunk by
/// chunk, keeping what a chunk ends in the middle of for the next one. It decodes as the WHATWG
/// Encoding Standard says, without BOM handling (the reader has skipped the byte-order mark), and
/// writes U+FFFD for bytes the encoding does not map, as encoding_rs does.
pub trait HostDecode {
    /// Decodes `src` to UTF-8 at the end of `dst`; `last` says the file ends with it.
    fn decode_into(&mut self, src: &[u8], last: bool, dst: &mut Vec<u8>);
}

/// Makes the host's decoder for an encoding, by its WHATWG name (`windows-1252`, `Shift_JIS`,
/// `UTF-16LE`); `None` when the host has none for it.
pub type HostDecoders = fn(&str) -> Option<Box<dyn HostDecode>>;

static HOST_DECODERS: std::sync::OnceLock<HostDecoders> = std::sync::OnceLock::new();

/// Gives the core the host's decoders, once, for builds without `legacy-encodings` (a later call
/// changes nothing). A build with `legacy-encodings` decodes with encoding_rs whatever the host
/// gives, so that one build reads a file one way.
pub fn use_host_decoders(decoders: HostDecoders) {
    let _ = HOST_DECODERS.set(decoders);
}

/// Turns the bytes of a file in a legacy or UTF-16 encoding into UTF-8, chunk by chunk.
pub enum Decoder {
    #[cfg(feature = "legacy-encodings")]
    Own(encoding_rs::Decoder),
    #[cfg(all(feature = "encoding-labels", not(feature = "legacy-encodings")))]
    Host(Box<dyn HostDecode>),
}

impl Decoder {
    /// The decoder for `encoding`, `None` for UTF-8, which is parsed as it is, or why this build
    /// cannot read the file.
    pub fn new(encoding: &'static Encoding) -> Result<Option<Decoder>> {
        if encoding == UTF_8 {
            return Ok(None);
        }
        #[cfg(feature = "legacy-encodings")]
        return Ok(Some(Decoder::Own(
            encoding.new_decoder_without_bom_handling(),
        )));
        #[cfg(all(feature = "encoding-labels", not(feature = "legacy-encodings")))]
        return match HOST_DECODERS.get().and_then(|make| make(encoding.name())) {
            Some(host) => Ok(Some(Decoder::Host(host))),
            None => Err(Error::NotText(format!(
                "the file is in {}, and this build of Tribes decodes UTF-8 only: save it as UTF-8, or open it in the full Tribes page",
                encoding.name()
            ))),
        };
        // A build without encoding-labels knows UTF-8 only, which was answered above.
        #[cfg(not(feature = "encoding-labels"))]
        Ok(None)
    }

    /// Decodes `src` to UTF-8 at the end of `dst`; `last` says the file ends with it.
    #[cfg_attr(
        not(feature = "encoding-labels"),
        allow(unused_variables, clippy::ptr_arg)
    )]
    pub fn decode_into(&mut self, src: &[u8], last: bool, dst: &mut Vec<u8>) {
        match *self {
            #[cfg(feature = "legacy-encodings")]
            Decoder::Own(ref mut decoder) => {
                let mut src = src;
                loop {
                    let need = decoder
                        .max_utf8_buffer_length(src.len())
                        .unwrap_or(src.len() * 3 + 16);
                    let start = dst.len();
                    dst.resize(start + need.max(16), 0);
                    let (result, read, written, _) =
                        decoder.decode_to_utf8(src, &mut dst[start..], last);
                    dst.truncate(start + written);
                    src = &src[read..];
                    if result == encoding_rs::CoderResult::InputEmpty {
                        break;
                    }
                }
            }
            #[cfg(all(feature = "encoding-labels", not(feature = "legacy-encodings")))]
            Decoder::Host(ref mut host) => host.decode_into(src, last, dst),
        }
    }
}

#[cfg(not(feature = "encoding-labels"))]
mod utf8_only {
    /// The one encoding of a build without legacy encodings. A struct rather than a unit so that
    /// it is used like encoding_rs's `&'static Encoding`.
    #[derive(Debug, PartialEq, Eq)]
    pub struct Encoding {
        name: &'static str,
    }

    pub static UTF_8: &Encoding = &Encoding { name: "UTF-8" };

    impl Encoding {
        pub fn name(&self) -> &'static str {
            self.name
        }
    }
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
    if let Some(detected) = by_bom(sample, forced)? {
        return Ok(detected);
    }
    if let Some(&(_, what)) = MAGIC.iter().find(|(m, _)| sample.starts_with(m)) {
        return Err(Error::NotText(format!("the file is {what}")));
    }
    if let Some(encoding) = forced {
        fits(sample, encoding)?;
        return Ok(Detected::of(encoding, 0));
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
        return Ok(Detected::of(UTF_8, 0));
    }
    legacy(sample, complete)
}

/// The message of a chosen encoding the file's bytes contradict: decoding on would give a wrong
/// table, or an error about the text that names the wrong cause.
fn unlike(encoding: &'static Encoding, why: &str) -> Error {
    Error::NotText(format!(
        "option encoding (--encoding): the file does not look like {}: {why}; leave the encoding to be detected, or choose the file's own",
        encoding.name()
    ))
}

/// Whether a file without a byte-order mark can be in the encoding the user chose. UTF-16 puts
/// a NUL beside every ASCII character, and a CSV has some (its delimiters and line ends); every
/// other encoding a CSV can be in has no NUL byte in text.
fn fits(sample: &[u8], encoding: &'static Encoding) -> Result<()> {
    #[cfg(feature = "encoding-labels")]
    if encoding == encoding_rs::UTF_16LE || encoding == encoding_rs::UTF_16BE {
        let (ascii, zero) = if encoding == encoding_rs::UTF_16LE {
            (0, 1)
        } else {
            (1, 0)
        };
        let has_ascii = sample
            .chunks_exact(2)
            .any(|unit| unit[zero] == 0 && (1..0x80).contains(&unit[ascii]));
        if has_ascii || sample.len() < 2 {
            return Ok(());
        }
        return Err(unlike(
            encoding,
            &format!(
                "none of its first {} bytes reads as an ASCII character (as its delimiters and line ends would)",
                sample.len()
            ),
        ));
    }
    if let Some(pos) = memchr::memchr(0, sample) {
        let nuls = sample.iter().filter(|&&b| b == 0).count();
        let why = if nuls * 3 >= sample.len() {
            format!("it has a NUL byte at offset {pos} and NULs between its characters, as UTF-16 has (utf-16le or utf-16be)")
        } else {
            format!("it has a NUL byte at offset {pos}, which text in it never has")
        };
        return Err(unlike(encoding, &why));
    }
    Ok(())
}

#[cfg(feature = "encoding-labels")]
fn by_bom(sample: &[u8], forced: Option<&'static Encoding>) -> Result<Option<Detected>> {
    match (Encoding::for_bom(sample), forced) {
        (Some((encoding, _)), Some(chosen)) if chosen != encoding => Err(unlike(
            chosen,
            &format!("it starts with the byte-order mark of {}", encoding.name()),
        )),
        (found, _) => Ok(found.map(|(encoding, bom)| Detected::of(encoding, bom))),
    }
}

#[cfg(not(feature = "encoding-labels"))]
fn by_bom(sample: &[u8], _forced: Option<&'static Encoding>) -> Result<Option<Detected>> {
    if sample.starts_with(b"\xEF\xBB\xBF") {
        return Ok(Some(Detected::of(UTF_8, 3)));
    }
    if sample.starts_with(b"\xFF\xFE") || sample.starts_with(b"\xFE\xFF") {
        return Err(Error::NotText(
            "the file is UTF-16 (it starts with a byte-order mark), and this build of Tribes reads UTF-8 only: save it as UTF-8, or open it in the full Tribes page".into(),
        ));
    }
    Ok(None)
}

/// A sample that is not UTF-8: chardetng's guess among the legacy encodings.
#[cfg(feature = "legacy-encodings")]
fn legacy(sample: &[u8], complete: bool) -> Result<Detected> {
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(sample, complete);
    let guess = detector.guess(None, chardetng::Utf8Detection::Deny);
    // chardetng never guesses UTF-16; keep that promise explicit.
    let encoding = if guess == encoding_rs::UTF_16LE || guess == encoding_rs::UTF_16BE {
        encoding_rs::WINDOWS_1252
    } else {
        guess
    };
    Ok(Detected::of(encoding, 0))
}

/// A sample that is not UTF-8, in a build that knows encodings but does not guess them:
/// Windows-1252, which decodes any byte, with a warning.
#[cfg(all(feature = "encoding-labels", not(feature = "legacy-encodings")))]
fn legacy(_sample: &[u8], _complete: bool) -> Result<Detected> {
    Ok(Detected {
        encoding: encoding_rs::WINDOWS_1252,
        bom: 0,
        assumed: true,
    })
}

#[cfg(not(feature = "encoding-labels"))]
fn legacy(sample: &[u8], _complete: bool) -> Result<Detected> {
    let at = std::str::from_utf8(sample).map_or_else(|e| e.valid_up_to(), |_| sample.len());
    Err(Error::NotText(format!(
        "the file is not UTF-8 (byte {:#04X} at offset {at} is not valid UTF-8), and this build of Tribes reads UTF-8 only: save it as UTF-8, or open it in the full Tribes page",
        sample.get(at).copied().unwrap_or(0)
    )))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    #[cfg(feature = "legacy-encodings")]
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
        let whole = detect(b"caf\xc3", true, None);
        assert!(whole.map_or(true, |d| d.encoding != UTF_8));
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
    #[cfg(feature = "encoding-labels")]
    fn forced_encoding_and_labels() {
        let latin1 = by_label("latin1").unwrap();
        assert_eq!(latin1.name(), "windows-1252");
        assert_eq!(detect(b"abc", true, Some(latin1)).unwrap().encoding, latin1);
        assert!(by_label("klingon").is_none());
    }

    /// A UTF-8 file read as UTF-16LE said "the file has a header row but no data rows", and a
    /// UTF-16LE file read as UTF-8 said "invalid UTF-8 (BOM) text", naming a BOM it does not
    /// have (or, without its BOM, read NULs into every cell). Both say the file does not look
    /// like the encoding chosen.
    #[test]
    #[cfg(feature = "encoding-labels")]
    fn a_chosen_encoding_the_file_does_not_fit_is_said_instead_of_no_data_rows() {
        let utf16le = by_label("utf-16le").unwrap();
        let utf16be = by_label("utf-16be").unwrap();
        let text = "name,spend\nAnn,1\n";
        let le: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
        let be: Vec<u8> = text.encode_utf16().flat_map(u16::to_be_bytes).collect();
        let with_bom = [&b"\xff\xfe"[..], &le].concat();
        for (bytes, chosen, needle) in [
            (text.as_bytes(), utf16le, "does not look like UTF-16LE: none of its first 17 bytes"),
            (text.as_bytes(), utf16be, "does not look like UTF-16BE"),
            (&with_bom[..], UTF_8, "does not look like UTF-8: it starts with the byte-order mark of UTF-16LE"),
            (&le[..], UTF_8, "does not look like UTF-8: it has a NUL byte at offset 1 and NULs between its characters"),
            (&be[..], utf16le, "does not look like UTF-16LE"),
        ] {
            let e = detect(bytes, true, Some(chosen)).unwrap_err().to_string();
            assert!(e.starts_with("option encoding (--encoding): "), "{e}");
            assert!(e.contains(needle), "{e}");
        }
        // What fits is read as chosen: the BOM of the encoding chosen, UTF-16 without one, and
        // UTF-16 text without ASCII beside its line ends.
        assert_eq!(detect(&with_bom, true, Some(utf16le)).unwrap().bom, 2);
        assert_eq!(detect(&le, true, Some(utf16le)).unwrap().encoding, utf16le);
        assert_eq!(detect(&be, true, Some(utf16be)).unwrap().encoding, utf16be);
        let japanese: Vec<u8> = "名前\n".encode_utf16().flat_map(u16::to_le_bytes).collect();
        assert!(detect(&japanese, true, Some(utf16le)).is_ok());
    }

    #[test]
    #[cfg(not(feature = "encoding-labels"))]
    fn utf8_only_build_reads_utf8_and_names_what_it_cannot_read() {
        assert_eq!(detect(b"a,b\n1,2\n", true, None).unwrap().name(), "UTF-8");
        assert_eq!(
            detect(b"\xef\xbb\xbfa\n1\n", true, None).unwrap().name(),
            "UTF-8 (BOM)"
        );
        // "Zürich" in Windows-1252: the offending byte and where it is.
        let e = detect(b"stadt\nZ\xfcrich\n", true, None)
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("byte 0xFC at offset 7") && e.contains("UTF-8 only"),
            "{e}"
        );
        let e = detect(b"\xff\xfen\x00", true, None)
            .unwrap_err()
            .to_string();
        assert!(e.contains("UTF-16") && e.contains("UTF-8 only"), "{e}");
        assert_eq!(by_label(" UTF8 "), Some(UTF_8));
        assert_eq!(by_label("latin1"), None);
        // Binary files are still refused as binary, not as a wrong encoding.
        let e = detect(b"PK\x03\x04rest", true, None)
            .unwrap_err()
            .to_string();
        assert!(e.contains("xlsx"), "{e}");
    }

    /// A build that detects encodings and leaves decoding to its host: without the host's
    /// decoder a legacy file is refused by name, with it the file decodes through it.
    #[test]
    #[cfg(all(feature = "encoding-labels", not(feature = "legacy-encodings")))]
    fn a_host_decodes_what_this_build_only_detects() {
        let latin1 = by_label("latin1").unwrap();
        // Before the host gives its decoders (the test binary's other tests never do).
        if HOST_DECODERS.get().is_none() {
            let e = Decoder::new(latin1)
                .err()
                .expect("no decoder without the host's");
            assert!(e.to_string().contains("the file is in windows-1252"), "{e}");
        }
        /// Windows-1252's bytes below 0x80 and from 0xA0 are the code points of the same
        /// value; enough for this test's text.
        struct Latin1;
        impl HostDecode for Latin1 {
            fn decode_into(&mut self, src: &[u8], _last: bool, dst: &mut Vec<u8>) {
                let text: String = src.iter().map(|&b| char::from(b)).collect();
                dst.extend_from_slice(text.as_bytes());
            }
        }
        fn host(name: &str) -> Option<Box<dyn HostDecode>> {
            (name == "windows-1252").then(|| Box::new(Latin1) as Box<dyn HostDecode>)
        }
        use_host_decoders(host);
        let mut decoder = Decoder::new(latin1).unwrap().expect("the host's decoder");
        let mut out = Vec::new();
        decoder.decode_into(b"Z\xfcrich", true, &mut out);
        assert_eq!(String::from_utf8(out).unwrap(), "Zürich");
        assert!(
            Decoder::new(UTF_8).unwrap().is_none(),
            "UTF-8 is read as it is"
        );
        let sjis = by_label("shift_jis").unwrap();
        let e = Decoder::new(sjis)
            .err()
            .expect("the host has no Shift_JIS here");
        assert!(e.to_string().contains("Shift_JIS"), "{e}");
        // Not UTF-8, not guessed: Windows-1252, and the read warns.
        let d = detect(b"stadt\nZ\xfcrich\n", true, None).unwrap();
        assert_eq!((d.encoding.name(), d.assumed), ("windows-1252", true));
        assert!(d.warning().unwrap().contains("choose its encoding"));
        // Named by the user: no warning.
        let d = detect(b"stadt\nZ\xfcrich\n", true, Some(latin1)).unwrap();
        assert_eq!(d.warning(), None);
    }
}
