//! A verdict on the whole result, in plain words: clear, some or weak structure, from the
//! segments' stability (`stability`) and the silhouette.
//!
//! The thresholds were measured on planted sets (the README's "How sure are the segments" has the
//! table): well-separated groups give a size-weighted stability above 0.9 and every segment above
//! 0.8; uniform noise in several dimensions gives below 0.6; planted groups under noise columns or
//! overlapping fall between. Hennig's reading of the Jaccard mean (0.85 and above holds, below 0.6
//! dissolves) is where the two outer thresholds sit.

use serde::Serialize;

use super::segment::Segment;

/// At or above this size-weighted stability, with every segment at or above [`CLEAR_LEAST`]: clear.
pub const CLEAR: f64 = 0.85;
pub const CLEAR_LEAST: f64 = 0.75;
/// Below this size-weighted stability: weak.
pub const WEAK: f64 = 0.6;
/// A segment whose stability is at or above this holds (Hennig's 0.85). The verdict counts these
/// and the page words each card with the same line, so the two never disagree.
pub const HOLDS: f64 = 0.85;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    Clear,
    Some,
    Weak,
}

/// The verdict and the figures behind it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Quality {
    pub verdict: Verdict,
    /// The verdict in a sentence or two.
    pub text: String,
    /// The segments' stability, each weighted by its size (0 to 1).
    pub stability: f64,
    /// The least stable segment's stability.
    pub least_stable: f64,
    /// Segments that hold (stability 0.85 or more, `HOLDS`, as each card words it), and all
    /// segments.
    pub holding: usize,
    pub segments: usize,
    /// The silhouette of the whole result (-1 to 1), as in `metrics`.
    pub silhouette: Option<f64>,
    /// Rows in the resampled sample, and resamples refitted.
    pub sample_rows: usize,
    pub resamples: usize,
    /// With weak structure: what to try instead.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub suggestion: Option<String>,
}

/// The verdict on `segments` (whose stability has been measured, on `sample_rows` rows with
/// `resamples` resamples); `None` when no segment's stability is known.
pub fn quality(
    segments: &[Segment],
    silhouette: Option<f64>,
    sample_rows: usize,
    resamples: usize,
) -> Option<Quality> {
    let measured: Vec<(f64, usize)> = segments
        .iter()
        .filter_map(|s| s.stability.map(|v| (v, s.size)))
        .collect();
    let weight: usize = measured.iter().map(|m| m.1).sum();
    if measured.is_empty() || weight == 0 {
        return None;
    }
    let stability = measured.iter().map(|(v, n)| v * *n as f64).sum::<f64>() / weight as f64;
    let least_stable = measured.iter().map(|m| m.0).fold(1.0, f64::min);
    // "Holds" as the card words it, from the same figure: the segment's stability. A count of
    // resamples that recovered it (the card's evidence) would disagree with the card's words for
    // a segment back in 14 of 20 resamples with a mean overlap of 0.87.
    let holding = holding(segments.iter().map(|s| s.stability));
    let verdict = if stability < WEAK {
        Verdict::Weak
    } else if stability >= CLEAR && least_stable >= CLEAR_LEAST {
        Verdict::Clear
    } else {
        Verdict::Some
    };
    let k = segments.len();
    let text = match verdict {
        Verdict::Clear if holding == k => format!(
            "Clear structure: {} hold when the customers are resampled, so they are groups in \
             the data, not just a way of cutting it.",
            all_segments(k)
        ),
        Verdict::Clear => format!(
            "Clear structure: {holding} of {k} segments hold when the customers are resampled \
             and the others keep most of their customers, so they are groups in the data, not \
             just a way of cutting it."
        ),
        Verdict::Some => format!(
            "Some structure: {holding} of {k} segments hold when the customers are resampled; \
             read the others as tendencies rather than fixed groups."
        ),
        Verdict::Weak => format!(
            "Weak structure: the segments change when the customers are resampled ({holding} of \
             {k} hold), so they are one way of cutting the customers rather than groups in the \
             data."
        ),
    };
    let suggestion = (verdict == Verdict::Weak).then(|| {
        "Try a lens: segment on the few columns that matter for one question (for example \
         behaviour, value or engagement) with the lens option, or choose the columns yourself."
            .to_owned()
    });
    Some(Quality {
        verdict,
        text,
        stability,
        least_stable,
        holding,
        segments: k,
        silhouette,
        sample_rows,
        resamples,
        suggestion,
    })
}

/// How many of the segments hold: stability [`HOLDS`] or more (an unmeasured one does not).
fn holding(stabilities: impl IntoIterator<Item = Option<f64>>) -> usize {
    stabilities
        .into_iter()
        .filter(|s| s.is_some_and(|v| v >= HOLDS))
        .count()
}

/// Every one of `k` segments, as a sentence says it: "both segments" for two.
fn all_segments(k: usize) -> String {
    if k == 2 {
        "both segments".to_owned()
    } else {
        format!("all {k} segments")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The verdict on two segments that both hold read "all 2 segments hold" (seen on the
    /// Salesforce leads export).
    #[test]
    fn two_segments_that_hold_are_both_not_all_2() {
        assert_eq!(all_segments(2), "both segments");
        assert_eq!(all_segments(5), "all 5 segments");
    }

    /// The verdict said "2 of 4 segments come back in most resamples" (counting resamples that
    /// recovered each segment) while three cards said "it holds" (from the mean overlap). Both
    /// now count from the segment's stability.
    #[test]
    fn the_verdict_counts_the_segments_the_cards_call_holding() {
        // 0.87 is a card's "holds" even for a segment back in only 14 of 20 resamples.
        assert_eq!(holding([Some(0.87), Some(0.95), Some(0.7), None]), 2);
        assert_eq!(holding([Some(HOLDS), Some(0.849_999)]), 1);
        assert_eq!(holding([]), 0);
    }
}
