//! Scores by quintile of rank, and the named segments of the R x F grid.

/// A named segment: recency and frequency score ranges (inclusive), and what to do about it.
pub struct Rule {
    pub name: &'static str,
    pub r: (u8, u8),
    pub f: (u8, u8),
    pub action: &'static str,
}

/// The R x F grid: every pair of scores falls in exactly one rule (a test checks all 25).
pub const RULES: [Rule; 11] = [
    Rule {
        name: "Champions",
        r: (5, 5),
        f: (4, 5),
        action: "Reward them; ask for reviews and referrals; early access to new products",
    },
    Rule {
        name: "Loyal",
        r: (3, 4),
        f: (4, 5),
        action: "Upsell higher-value products; a loyalty programme",
    },
    Rule {
        name: "Potential loyalist",
        r: (4, 5),
        f: (2, 3),
        action: "Membership or loyalty offers; recommend related products",
    },
    Rule {
        name: "New",
        r: (5, 5),
        f: (1, 1),
        action: "Onboarding: a welcome series, help with a second purchase",
    },
    Rule {
        name: "Promising",
        r: (4, 4),
        f: (1, 1),
        action: "Build the habit: a time-limited offer, brand awareness",
    },
    Rule {
        name: "Need attention",
        r: (3, 3),
        f: (3, 3),
        action: "Limited-time offers based on past purchases; reactivate before they slip",
    },
    Rule {
        name: "About to sleep",
        r: (3, 3),
        f: (1, 2),
        action: "Share popular products; a discount to reconnect",
    },
    Rule {
        name: "At risk",
        r: (1, 2),
        f: (3, 4),
        action: "Personal emails and offers to win them back",
    },
    Rule {
        name: "Can't lose them",
        r: (1, 2),
        f: (5, 5),
        action: "Win them back with your best offers; ask what went wrong",
    },
    Rule {
        name: "Hibernating",
        r: (1, 2),
        f: (1, 2),
        action: "Offer other relevant products and special discounts",
    },
    Rule {
        name: "Lost",
        r: (1, 1),
        f: (1, 1),
        action: "Revive interest with a reach-out campaign, or leave them be",
    },
];

/// The named segment of a pair of scores. "Lost" (R 1, F 1) comes before "Hibernating", which
/// covers the rest of R 1-2, F 1-2.
pub fn segment_of(r: u8, f: u8) -> &'static str {
    let inside = |(lo, hi): (u8, u8), v: u8| lo <= v && v <= hi;
    RULES
        .iter()
        .rev()
        .find(|rule| inside(rule.r, r) && inside(rule.f, f))
        .map_or("Unscored", |rule| rule.name)
}

pub fn rule_text(rule: &Rule) -> String {
    let range = |(lo, hi): (u8, u8)| {
        if lo == hi {
            lo.to_string()
        } else {
            format!("{lo}-{hi}")
        }
    };
    let mut text = format!("R {}, F {}", range(rule.r), range(rule.f));
    if rule.name == "Hibernating" {
        text.push_str(" (but not R 1, F 1)");
    }
    text
}

/// Scores from 1 to 5 by quintile of rank, ties sharing a score: `1 + floor(5 b / n)` with `b`
/// the number of values strictly below.
pub fn scores(values: &[f64]) -> Vec<u8> {
    let n = values.len();
    let mut order: Vec<usize> = (0..n).collect();
    crate::util::order::sort_indices(&mut order, &mut |a, b| values[a].total_cmp(&values[b]));
    let mut out = vec![1u8; n];
    let mut below = 0;
    for (rank, &i) in order.iter().enumerate() {
        if rank > 0 && values[order[rank - 1]] != values[i] {
            below = rank;
        }
        out[i] = (1 + 5 * below / n.max(1)).min(5) as u8;
    }
    out
}

/// The scores of a segmentation as thresholds, so that customers of another file are scored as
/// the segmentation's customers were, not by their own quintiles. For each score from 2 to 5,
/// the threshold that reaches it (`None`: no customer reached that score).
///
/// Scores by quintile of rank rise with the value (ties share one), so the customers that reached
/// a score are exactly those at or beyond its threshold: scoring the same customers with their
/// own cut-offs gives back their scores.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Cutoffs {
    /// The most days since the last order that still score 2, 3, 4 and 5 (fewer days is better).
    pub recency_days: [Option<f64>; 4],
    /// The fewest orders that score 2, 3, 4 and 5.
    pub frequency: [Option<f64>; 4],
    /// The smallest net total that scores 2, 3, 4 and 5.
    pub monetary_total: [Option<f64>; 4],
}

/// For each score from 2 to 5, the smallest of `values` whose score reached it.
pub fn thresholds(values: &[f64], scores: &[u8]) -> [Option<f64>; 4] {
    let mut out = [None; 4];
    for (&v, &s) in values.iter().zip(scores) {
        for (slot, score) in out.iter_mut().zip(2u8..=5) {
            if s >= score && slot.is_none_or(|t: f64| v < t) {
                *slot = Some(v);
            }
        }
    }
    out
}

/// A value's score from thresholds: 1, plus one for each threshold it reaches.
pub fn score_by(v: f64, cuts: &[Option<f64>; 4]) -> u8 {
    1 + cuts.iter().filter(|t| t.is_some_and(|t| v >= t)).count() as u8
}

impl Cutoffs {
    /// The cut-offs of customers scored by [`scores`]: recency in days, frequency in orders,
    /// monetary value as the net total.
    pub fn of(
        recency_days: &[f64],
        frequency: &[f64],
        monetary: &[f64],
        r: &[u8],
        f: &[u8],
        m: &[u8],
    ) -> Cutoffs {
        // Recency is scored on the negated days (fewer is better): its thresholds are kept in days.
        let negated: Vec<f64> = recency_days.iter().map(|d| -d).collect();
        Cutoffs {
            recency_days: thresholds(&negated, r).map(|t| t.map(|t| -t)),
            frequency: thresholds(frequency, f),
            monetary_total: thresholds(monetary, m),
        }
    }

    /// The R, F and M scores of one customer.
    pub fn score(&self, recency_days: f64, frequency: f64, monetary: f64) -> [u8; 3] {
        [
            score_by(-recency_days, &self.recency_days.map(|t| t.map(|t| -t))),
            score_by(frequency, &self.frequency),
            score_by(monetary, &self.monetary_total),
        ]
    }

    /// What is wrong with cut-offs read from a file, if anything: each must be a finite number,
    /// and they must not go down from one score to the next (up for recency's days).
    pub fn check(&self) -> Result<(), String> {
        let lists = [
            ("recency_days", self.recency_days.map(|t| t.map(|t| -t))),
            ("frequency", self.frequency),
            ("monetary_total", self.monetary_total),
        ];
        for (name, cuts) in lists {
            let present: Vec<f64> = cuts.iter().flatten().copied().collect();
            if present.iter().any(|t| !t.is_finite()) {
                return Err(format!(
                    "rfm cut-offs, {name}: a value is not a finite number"
                ));
            }
            if present.windows(2).any(|w| w[1] < w[0]) {
                return Err(format!(
                    "rfm cut-offs, {name}: the cut-offs are out of order"
                ));
            }
        }
        Ok(())
    }
}
