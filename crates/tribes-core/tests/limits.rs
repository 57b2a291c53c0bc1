//! The limits of README's "Limits" table, natively: each past its limit gives its one message
//! before the work it guards, and a sample reads the same rows however the file arrives.

use tribes_core::{analyze, no_progress, reader, Error, Options, ParamError};

/// A CSV of `columns` numeric columns and `rows` rows.
fn numbers(columns: usize, rows: usize) -> Vec<u8> {
    let mut out: Vec<String> = vec![(0..columns)
        .map(|c| format!("c{c}"))
        .collect::<Vec<_>>()
        .join(",")];
    for r in 0..rows {
        out.push(
            (0..columns)
                .map(|c| ((r * 7 + c * 3) % 10).to_string())
                .collect::<Vec<_>>()
                .join(","),
        );
    }
    out.join("\n").into_bytes()
}

#[test]
fn a_size_hint_over_the_file_limit_is_refused_before_the_first_chunk() {
    // The page passes `file.size`: a hint of 2 GiB or more trapped wasm on its first chunk, as
    // the reader reserved that much. Natively the limit is 4 GiB (the cells' 32-bit offsets).
    let size = 5 * 1024 * 1024 * 1024u64;
    let e = reader(&Options::default(), Some(size)).err().unwrap();
    assert!(matches!(e, Error::FileTooLarge { .. }), "{e:?}");
    assert_eq!(
        e.to_string(),
        "the file is 5.4 GB, over the limit of 4.3 GB for a file read whole: segment a sample of \
         its rows (sample, --sample 0.79)"
    );
    // The sample it advises is within the limit, and so is read.
    let sampled = Options {
        sample: Some(0.79),
        ..Options::default()
    };
    let mut r = reader(&sampled, Some(size)).unwrap();
    r.push(b"a,b\n1,2\n").unwrap();
}

#[test]
fn twenty_thousand_numeric_columns_are_refused_at_the_header() {
    // 20,000 numeric columns of 4 rows (600 KB) trapped wasm: the pair table of the columns'
    // links asked 3.2 GB.
    let e = analyze(
        &numbers(20_000, 4),
        &Options::default(),
        1,
        &mut no_progress,
    )
    .unwrap_err();
    assert_eq!(
        e.to_string(),
        "the file has 20,000 columns, over the limit of 2,000: every column is typed and measured \
         against the others, so save only the columns to segment on (the limit guards the memory \
         and time of that step)"
    );
    // At the limit, the file is read.
    let inspection = tribes_core::inspect(&numbers(2_000, 3), &Options::default()).unwrap();
    assert_eq!(inspection.columns.len(), 2_000);
}

#[test]
fn dimensions_over_the_limit_are_refused_before_the_matrix_is_made() {
    let bytes = numbers(1_200, 20);
    let columns: Vec<String> = (0..1_200).map(|c| format!("c{c}")).collect();
    let options = Options {
        columns: Some(columns),
        k: tribes_core::KChoice::Fixed(2.0),
        ..Options::default()
    };
    let e = analyze(&bytes, &options, 1, &mut no_progress).unwrap_err();
    assert_eq!(
        e,
        Error::TooManyDimensions {
            dimensions: 1_200,
            limit: 1_000
        }
    );
    assert!(e.to_string().starts_with(
        "the columns chosen make 1,200 dimensions to segment on (a number is one, each category \
         value kept one, each list item one, a text column five), over the limit of 1,000"
    ));
}

#[test]
fn a_sample_keeps_a_share_of_the_rows_the_same_however_the_file_arrives() {
    let bytes = numbers(3, 4_000);
    let options = Options {
        sample: Some(0.25),
        ..Options::default()
    };
    let whole = tribes_core::inspect(&bytes, &options).unwrap();
    let kept = whole.input.rows;
    assert!((900..1_100).contains(&kept), "{kept}");
    assert_eq!(whole.input.records, 4_000);
    assert_eq!(
        whole.input.warnings.last().unwrap(),
        &format!(
            "a sample: {} of the file's 4,000 rows were read (sample 0.25), spread over the whole \
             file; the other {} have no segment",
            fmt(kept),
            fmt(4_000 - kept)
        )
    );
    // In chunks of 7 bytes, the same rows.
    let mut r = reader(&options, Some(bytes.len() as u64)).unwrap();
    for chunk in bytes.chunks(7) {
        r.push(chunk).unwrap();
    }
    let table = r.finish().unwrap();
    let chunked = tribes_core::Dataset::new(table).inspection(true);
    let whole_rows = tribes_core::inspect(
        &bytes,
        &Options {
            rows: true,
            ..options.clone()
        },
    )
    .unwrap();
    assert_eq!(chunked.rows, whole_rows.rows);
    // The analysis labels the rows of the sample, and -1 the others.
    let result = analyze(&bytes, &options, 1, &mut no_progress).unwrap();
    assert_eq!(result.labels.len(), 4_000);
    assert_eq!(result.labels.iter().filter(|&&l| l >= 0).count(), kept);
}

#[test]
fn a_sample_share_out_of_range_is_refused_by_name() {
    for share in [0.0, -0.5, 1.5, f64::NAN] {
        let options = Options {
            sample: Some(share),
            ..Options::default()
        };
        let e = options.check_read().unwrap_err();
        assert!(matches!(e, ParamError::Sample(_)), "{share}");
        assert!(e.to_string().starts_with("option sample (--sample): "));
    }
}

fn fmt(n: usize) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}
