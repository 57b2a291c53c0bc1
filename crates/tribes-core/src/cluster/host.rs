//! A pool's host: what one worker keeps of Lloyd's rows (its run of whole blocks, their labels
//! and bounds) and its answer to each of the caller's messages (`super::pool` has their numbers).

use super::lloyd::{column_sums, Block, Centres, Moves, Round, BLOCK_ROWS};
use super::pool::{
    get_round, take, whole, PoolError, RoundRead, ASSIGN, COLUMN_SUMS, DEVIATIONS, FARTHEST,
    FINISH, LABELS, LOAD, RESET, ROWS,
};

/// The centres, moves and half-gaps of a round read back.
fn round(r: RoundRead, k: usize, d: usize) -> (Centres, Moves, Vec<f64>) {
    let centres = Centres::new(r.centres, k, d);
    let moves = Moves::from_parts(r.own, r.far, r.far_at, r.second);
    (centres, moves, r.half_gap)
}

/// What one host keeps: its rows (from a block's first row), their blocks' labels and bounds.
/// [`BlockHost::handle`] answers a caller's message; a message that makes no sense is an error,
/// never a panic.
#[derive(Default)]
pub struct BlockHost {
    start: usize,
    rows: usize,
    d: usize,
    k: usize,
    data: Vec<f64>,
    blocks: Vec<Block>,
}

impl BlockHost {
    pub fn new() -> BlockHost {
        BlockHost::default()
    }

    /// This host's rows of `block`.
    fn rows_of<'a>(data: &'a [f64], start: usize, d: usize, block: &Block) -> &'a [f64] {
        let from = (block.start - start) * d;
        &data[from..from + block.labels.len() * d]
    }

    /// The blocks, once every row has come.
    fn ready(&mut self) -> Result<(), PoolError> {
        if self.d == 0 || self.data.len() != self.rows * self.d {
            return Err(PoolError(format!(
                "{} of {} rows' values came before the work",
                self.data.len(),
                self.rows * self.d
            )));
        }
        if self.blocks.is_empty() && self.rows > 0 {
            self.blocks = Block::split(self.rows);
            for b in &mut self.blocks {
                b.start += self.start;
            }
        }
        Ok(())
    }

    /// The answer to one message.
    pub fn handle(&mut self, message: &[f64]) -> Result<Vec<f64>, PoolError> {
        let Some((&op, rest)) = message.split_first() else {
            return Err(PoolError("an empty message".into()));
        };
        if op == LOAD {
            let [start, rows, d, k] = rest else {
                return Err(PoolError("a load of the wrong length".into()));
            };
            let (start, rows) = (whole(*start, "a row")?, whole(*rows, "a row count")?);
            let (d, k) = (whole(*d, "a width")?, whole(*k, "a count")?);
            let values = rows.checked_mul(d).filter(|&v| v <= u32::MAX as usize);
            let values = values.ok_or_else(|| PoolError(format!("{rows} rows of {d}")))?;
            if start % BLOCK_ROWS != 0 || d == 0 || k == 0 {
                return Err(PoolError(format!(
                    "a load from row {start}, {d} wide, k {k}"
                )));
            }
            *self = BlockHost {
                start,
                rows,
                d,
                k,
                data: Vec::new(),
                blocks: Vec::new(),
            };
            self.data
                .try_reserve_exact(values)
                .map_err(|_| PoolError(format!("no memory for {rows} rows of {d}")))?;
            return Ok(Vec::new());
        }
        if op == ROWS {
            if self.data.len() + rest.len() > self.rows * self.d {
                return Err(PoolError("more values than the load said".into()));
            }
            self.data.extend_from_slice(rest);
            return Ok(Vec::new());
        }
        self.ready()?;
        let (d, k, start) = (self.d, self.k, self.start);
        let data = &self.data;
        let mut at = 0;
        let mut out = Vec::new();
        if op == COLUMN_SUMS || op == DEVIATIONS {
            let mean = if op == DEVIATIONS {
                Some(take(rest, &mut at, d)?)
            } else {
                None
            };
            for b in &self.blocks {
                let rows = BlockHost::rows_of(data, start, d, b);
                out.extend(column_sums(rows, d, mean));
            }
        } else if op == ASSIGN {
            let (centres, moves, half_gap) = round(get_round(rest, &mut at, k, d)?, k, d);
            let round = Round {
                centres: &centres,
                moves: &moves,
                half_gap: &half_gap,
            };
            for b in &mut self.blocks {
                let p = b.assign(BlockHost::rows_of(data, start, d, b), &round);
                out.extend_from_slice(&p.sums);
                out.extend(p.counts.iter().map(|&c| c as f64));
                out.push(p.changed as f64);
                out.push(p.computed as f64);
            }
        } else if op == FARTHEST {
            let m = whole(*take(rest, &mut at, 1)?.first().unwrap_or(&0.0), "a count")?;
            let centres = Centres::new(take(rest, &mut at, k * d)?.to_vec(), k, d);
            for b in &self.blocks {
                let far = b.farthest(BlockHost::rows_of(data, start, d, b), &centres, m);
                out.push(far.len() as f64);
                for (dist, row, label) in far {
                    out.extend([dist, row as f64, label as f64]);
                }
            }
        } else if op == RESET {
            for pair in rest.chunks(2) {
                let [row, to] = pair else {
                    return Err(PoolError("a reset of odd length".into()));
                };
                let (row, to) = (whole(*row, "a row")?, whole(*to, "a label")?);
                if to >= k {
                    return Err(PoolError(format!("label {to} of {k} centres")));
                }
                if let Some(b) = row
                    .checked_sub(start)
                    .filter(|&r| r < self.rows)
                    .and_then(|r| self.blocks.get_mut(r / BLOCK_ROWS))
                {
                    b.reset(row - b.start, to);
                }
            }
        } else if op == FINISH {
            let strict = take(rest, &mut at, 1)?.first() == Some(&1.0);
            let (centres, moves, half_gap) = round(get_round(rest, &mut at, k, d)?, k, d);
            let round = Round {
                centres: &centres,
                moves: &moves,
                half_gap: &half_gap,
            };
            for b in &mut self.blocks {
                out.push(b.finish(BlockHost::rows_of(data, start, d, b), &round, strict));
            }
        } else if op == LABELS {
            let [from, count] = rest else {
                return Err(PoolError("a labels request of the wrong length".into()));
            };
            let (from, count) = (whole(*from, "a row")?, whole(*count, "a count")?);
            let end = from.checked_add(count).filter(|&e| e <= self.rows);
            let end = end.ok_or_else(|| PoolError(format!("labels past row {}", self.rows)))?;
            for row in from..end {
                let b = &self.blocks[row / BLOCK_ROWS];
                out.push(b.label(row % BLOCK_ROWS) as f64);
            }
        } else {
            return Err(PoolError(format!("unknown operation {op}")));
        }
        Ok(out)
    }
}
