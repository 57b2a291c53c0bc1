//! Property: any records the `csv` crate writes, tribes reads back identical (the parser, with the
//! delimiter and header given, since sniffing arbitrary text is a guess by nature).

use proptest::prelude::*;
use tribes_core::{read, text_guarded, Options, Reader};

/// Cells with the characters that stress a CSV parser: delimiters, quotes, CR, LF, spaces and
/// non-ASCII text. NUL and U+FEFF are left out: tribes refuses NUL as binary and strips a leading
/// byte-order mark, on purpose.
fn cell() -> impl Strategy<Value = String> {
    proptest::string::string_regex("[a-zA-Z0-9 ,;\"'\r\n\t|äßé中😀.-]{0,12}").expect("valid regex")
}

fn table(width: usize) -> impl Strategy<Value = Vec<Vec<String>>> {
    proptest::collection::vec(proptest::collection::vec(cell(), width), 1..20)
}

fn write(headers: &[String], rows: &[Vec<String>], delimiter: u8) -> Vec<u8> {
    let mut w = csv::WriterBuilder::new()
        .delimiter(delimiter)
        .from_writer(Vec::new());
    w.write_record(headers).expect("write header");
    for r in rows {
        w.write_record(r).expect("write row");
    }
    w.into_inner().expect("flush")
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn what_the_csv_crate_writes_reads_back_identical(
        width in 1usize..6,
        seed_rows in table(6),
        delimiter in prop::sample::select(vec![b',', b';', b'\t', b'|']),
        chunk in 1usize..40,
    ) {
        let headers: Vec<String> = (0..width).map(|i| format!("h{i}")).collect();
        // Records whose every field is blank are skipped by design (and reported); keep the
        // property about the others.
        let rows: Vec<Vec<String>> = seed_rows
            .into_iter()
            .map(|r| r.into_iter().take(width).collect::<Vec<_>>())
            .filter(|r: &Vec<String>| r.iter().any(|c| !c.trim().is_empty()))
            .collect();
        prop_assume!(!rows.is_empty());
        let bytes = write(&headers, &rows, delimiter);
        let options = Options {
            delimiter: Some(char::from(delimiter).to_string()),
            header: "yes".into(),
            ..Options::default()
        }
        .check_read()
        .expect("a delimiter and a header");
        let t = read(&bytes, &options).expect("reads");
        prop_assert_eq!(&t.headers, &headers);
        let got: Vec<Vec<String>> = (0..t.rows())
            .map(|r| t.row(r).map(str::to_owned).collect())
            .collect();
        // A cell written behind a spreadsheet's text guard (`'0` + digits) is read as its value.
        let want: Vec<Vec<String>> = rows
            .iter()
            .map(|r| r.iter().map(|c| text_guarded(c).unwrap_or(c).to_owned()).collect())
            .collect();
        prop_assert_eq!(&got, &want);
        prop_assert!(t.skipped.is_empty());

        // The same bytes pushed in small chunks give the same table.
        let mut reader = Reader::new(options);
        for piece in bytes.chunks(chunk) {
            reader.push(piece).expect("push");
        }
        prop_assert_eq!(reader.finish().expect("finish"), t);
    }

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..600), chunk in 1usize..50) {
        // Whatever comes in, the reader answers with a table or an error, in one piece or many.
        let whole = read(&bytes, &Default::default());
        let mut reader = Reader::new(Default::default());
        let mut pushed = Ok(());
        for piece in bytes.chunks(chunk) {
            pushed = pushed.and_then(|_| reader.push(piece));
        }
        let chunked = pushed.and_then(|_| reader.finish());
        prop_assert_eq!(whole.is_ok(), chunked.is_ok());
    }
}
