//! A row's segment: the nearest centre, by one rule everywhere (the analysis' last step, `tribes
//! apply`, the page, and the SQL a model prints must all give the same answer).
//!
//! The rule: the squared Euclidean distance from the encoded row to each centre, the columns added
//! in the order of the model's dimensions; the row's segment is the lowest segment id whose
//! distance is at most `d_min * (1 + TIE)`, where `d_min` is the smallest distance. So centres
//! equally near, within a relative `TIE`, go to the lower id, and a last-bit difference in the
//! arithmetic of another engine cannot move a row between them. Rows settled this way are counted.

use ndarray::{Array2, ArrayView2};

use crate::cluster::lloyd::Centres;

/// Distances within this share of the smallest count as equal.
pub const TIE: f64 = 1e-9;

/// The centres, ready to label rows.
pub struct Nearest {
    centres: Centres,
    scratch: Vec<f64>,
}

impl Nearest {
    /// `centres` is k x d.
    pub fn new(centres: &Array2<f64>) -> Nearest {
        let (k, d) = centres.dim();
        Nearest::from_rows(centres.iter().copied().collect(), k, d)
    }

    /// `rows`: k centres of d numbers, one after the other.
    pub fn from_rows(rows: Vec<f64>, k: usize, d: usize) -> Nearest {
        let centres = Centres::new(rows, k, d);
        let scratch = centres.scratch();
        Nearest { centres, scratch }
    }

    /// The segment of `row` (d numbers), and whether another centre was as near (within `TIE`).
    /// The distances are those of adding the columns in order, bit for bit (`Centres::distances`).
    #[inline]
    pub fn label(&mut self, row: &[f64]) -> (usize, bool) {
        let k = self.centres.k;
        self.centres.distances(row, &mut self.scratch);
        let distances = &self.scratch[..k];
        let mut smallest = f64::INFINITY;
        for &d in distances {
            if d < smallest {
                smallest = d;
            }
        }
        let limit = smallest + smallest * TIE;
        let mut label = None;
        let mut near = 0;
        for (j, &d) in distances.iter().enumerate() {
            if d <= limit {
                label.get_or_insert(j);
                near += 1;
            }
        }
        // No distance is a number (a row with an infinite value): the first segment, as a tie.
        match label {
            Some(j) => (j, near > 1),
            None => (0, true),
        }
    }
}

/// The analysis' labels settled by the rule above, so that applying the model to the rows it was
/// made from gives them back exactly. k-means leaves each row at its nearest centre, taking the
/// first of exact equals in its own numbering; this only moves rows whose nearest centres are
/// within `TIE` of each other. Returns how many rows were ties.
pub fn settle(x: ArrayView2<f64>, centres: &Array2<f64>, labels: &mut [usize]) -> usize {
    let mut nearest = Nearest::new(centres);
    let xs = x.as_standard_layout();
    let mut ties = 0;
    for (row, label) in xs.rows().into_iter().zip(labels.iter_mut()) {
        let (j, tied) = match row.as_slice() {
            Some(r) => nearest.label(r),
            None => nearest.label(&row.to_vec()),
        };
        *label = j;
        ties += usize::from(tied);
    }
    ties
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::array;

    #[test]
    fn the_nearest_centre_and_ties_to_the_lower_id() {
        // Centres at 0, 2 and 4 on a line. 1 is as near 0 as 2: a tie, the lower id. 3.5 is
        // nearer 4. 1 + 1e-12 is still a tie (relative difference about 4e-12 < 1e-9), 1.01 not.
        let centres = array![[0.0], [2.0], [4.0]];
        let mut n = Nearest::new(&centres);
        assert_eq!(n.label(&[1.0]), (0, true));
        assert_eq!(n.label(&[3.5]), (2, false));
        assert_eq!(n.label(&[3.0]), (1, true));
        assert_eq!(n.label(&[1.0 + 1e-12]), (0, true));
        assert_eq!(n.label(&[1.01]), (1, false));
        // On a centre: distance 0, no tie.
        assert_eq!(n.label(&[4.0]), (2, false));
        // Centres listed high to low: the tie still goes to the lower id, whichever is first.
        let mut n = Nearest::new(&array![[2.0], [0.0]]);
        assert_eq!(n.label(&[1.0]), (0, true));
    }

    #[test]
    fn settle_moves_only_ties() {
        let x = array![[1.0], [3.5], [1.0], [-1.0]];
        let centres = array![[2.0], [0.0]];
        // k-means' own labels for the tie rows could be either; the rule gives segment 0.
        let mut labels = vec![1, 0, 1, 1];
        assert_eq!(settle(x.view(), &centres, &mut labels), 2);
        assert_eq!(labels, [0, 0, 0, 1]);
    }
}
