//! Lloyd's blocks on other hosts: a page's workers today, a cluster's nodes later.
//!
//! A host is anything that holds a contiguous run of whole blocks of rows (their values, labels
//! and bounds) and answers the block steps of [`super::lloyd`] on them: the tolerance's column
//! sums, the assignment's partial sums, the farthest rows for an empty cluster, the bounds reset
//! by a relocation, the final labels and inertia. Each answer is per block, and the caller merges
//! the blocks' answers in block order with its own, exactly as it merges its own blocks', so the
//! centres and labels are the same bits whatever the number of hosts.
//!
//! Messages and replies are plain numbers (`f64`s: whole numbers below 2^53 travel exactly), so
//! that any host can carry them: the caller builds them ([`Outgoing`]), a [`BlockPool`] carries
//! them, and a [`BlockHost`] on the other side answers them. A host keeps its state between
//! messages; a `load` starts it afresh.
//!
//! The pool is installed for one call by the host program ([`with_block_pool`]) and used by
//! Lloyd's iterations on the calling thread when the rows span two blocks or more; on any error
//! of the pool the fit starts again on the calling thread alone (same result), and the pool is
//! not used again in that call.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use super::lloyd::{Block, Centres, Moves, Partial, Round, BLOCK_ROWS};

/// Something went wrong between the caller and a host: a host stopped, timed out, or answered
/// something that is not a reply to what it was sent. The fit then runs without the pool.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PoolError(pub String);

impl std::fmt::Display for PoolError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "block pool: {}", self.0)
    }
}

/// Hosts that run blocks of Lloyd's rows, as the host program provides them. Each message to a
/// host gets exactly one reply; a caller sends to several hosts, works on its own blocks, then
/// receives every reply, so the hosts work side by side with it.
pub trait BlockPool {
    /// How many hosts there are (besides the caller, which keeps the first blocks itself).
    fn hosts(&self) -> usize;
    /// The most numbers one message or one reply may hold. Rows are sent in parts that fit; a
    /// step whose message or reply would not fit is not given to the pool.
    fn capacity(&self) -> usize;
    /// Sends `message` to `host` (below `hosts()`), which answers it in the background.
    fn send(&self, host: usize, message: &[f64]) -> Result<(), PoolError>;
    /// Waits for `host`'s reply to the last message sent to it.
    fn receive(&self, host: usize) -> Result<Vec<f64>, PoolError>;
}

struct Current {
    #[cfg_attr(not(feature = "block-pool"), allow(dead_code))]
    pool: Rc<dyn BlockPool>,
    failed: Cell<bool>,
    used: Cell<bool>,
}

thread_local! {
    static POOL: RefCell<Option<Rc<Current>>> = const { RefCell::new(None) };
}

/// What the pool did during a [`with_block_pool`] call.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct PoolUse {
    /// Some fit gave blocks to the pool's hosts, and every one of them answered.
    pub used: bool,
    /// A host failed: from then on the call ran on the calling thread alone.
    pub failed: bool,
}

/// Runs `f` with `pool` installed on this thread: Lloyd's iterations on two blocks of rows or
/// more, on this thread, give the blocks after the first run to the pool's hosts. Returns what
/// `f` returns and what the pool did. Calls nest: the pool before is installed again after.
pub fn with_block_pool<R>(pool: Rc<dyn BlockPool>, f: impl FnOnce() -> R) -> (R, PoolUse) {
    let installed = Rc::new(Current {
        pool,
        failed: Cell::new(false),
        used: Cell::new(false),
    });
    /// Puts the pool before back, also when `f` panics.
    struct Restore(Option<Rc<Current>>);
    impl Drop for Restore {
        fn drop(&mut self) {
            let before = self.0.take();
            POOL.with(|p| *p.borrow_mut() = before);
        }
    }
    let before = POOL.with(|p| p.borrow_mut().replace(installed.clone()));
    let restore = Restore(before);
    let out = f();
    drop(restore);
    let used = PoolUse {
        used: installed.used.get() && !installed.failed.get(),
        failed: installed.failed.get(),
    };
    (out, used)
}

/// A pool as Lloyd's iterations hold it.
#[cfg(feature = "block-pool")]
pub(crate) type Installed = Rc<dyn BlockPool>;

/// No pool: builds without the feature `block-pool` (the embeddable element's) never have one,
/// and no code that talks to one is left in them.
#[cfg(not(feature = "block-pool"))]
pub(crate) enum Installed {}

/// The pool installed on this thread, unless one of its hosts failed.
#[cfg(feature = "block-pool")]
pub(crate) fn installed() -> Option<Installed> {
    POOL.with(|p| {
        let p = p.borrow();
        let i = p.as_ref()?;
        (!i.failed.get() && i.pool.hosts() > 0).then(|| i.pool.clone())
    })
}

#[cfg(not(feature = "block-pool"))]
pub(crate) fn installed() -> Option<Installed> {
    None
}

/// How many hosts `pool` has, and the most numbers a message to them may hold.
#[cfg(feature = "block-pool")]
pub(crate) fn size_of(pool: &Installed) -> (usize, usize) {
    (pool.hosts(), pool.capacity())
}

#[cfg(not(feature = "block-pool"))]
pub(crate) fn size_of(pool: &Installed) -> (usize, usize) {
    match *pool {}
}

/// The pool's hosts that hold blocks, in block order after the caller's own: per host, how many
/// blocks, their first row and their rows.
pub(crate) struct Remote {
    pool: Installed,
    hosts: Vec<(usize, usize, usize)>,
}

impl Remote {
    pub fn new(pool: Installed, hosts: Vec<(usize, usize, usize)>) -> Remote {
        Remote { pool, hosts }
    }

    pub fn hosts(&self) -> &[(usize, usize, usize)] {
        &self.hosts
    }

    #[cfg(feature = "block-pool")]
    pub fn capacity(&self) -> usize {
        self.pool.capacity()
    }

    #[cfg(feature = "block-pool")]
    pub fn send(&self, host: usize, message: &[f64]) -> Result<(), PoolError> {
        self.pool.send(host, message)
    }

    #[cfg(feature = "block-pool")]
    pub fn receive(&self, host: usize) -> Result<Vec<f64>, PoolError> {
        self.pool.receive(host)
    }

    #[cfg(not(feature = "block-pool"))]
    pub fn capacity(&self) -> usize {
        match self.pool {}
    }

    #[cfg(not(feature = "block-pool"))]
    pub fn send(&self, _: usize, _: &[f64]) -> Result<(), PoolError> {
        match self.pool {}
    }

    #[cfg(not(feature = "block-pool"))]
    pub fn receive(&self, _: usize) -> Result<Vec<f64>, PoolError> {
        match self.pool {}
    }
}

/// Records that the pool installed on this thread ran a fit (`ok`) or failed.
pub(crate) fn record(ok: bool) {
    POOL.with(|p| {
        if let Some(i) = p.borrow().as_ref() {
            if ok {
                i.used.set(true);
            } else {
                i.failed.set(true);
            }
        }
    });
}

// The messages: an operation number first, then its numbers.
const LOAD: f64 = 1.0;
const ROWS: f64 = 2.0;
const COLUMN_SUMS: f64 = 3.0;
const DEVIATIONS: f64 = 4.0;
const ASSIGN: f64 = 5.0;
const FARTHEST: f64 = 6.0;
const RESET: f64 = 7.0;
const FINISH: f64 = 8.0;
const LABELS: f64 = 9.0;

/// Numbers in a message or a reply that are counts or indices are whole numbers at most this.
const EXACT: f64 = 9_007_199_254_740_992.0;

/// A count or index read from a message: a whole number from 0 to 2^53.
fn whole(v: f64, what: &str) -> Result<usize, PoolError> {
    if v.is_finite() && v >= 0.0 && v.fract() == 0.0 && v <= EXACT {
        Ok(v as usize)
    } else {
        Err(PoolError(format!("{what} is not a count: {v}")))
    }
}

/// The `n` numbers of `from` at `at`, moving `at` past them.
fn take<'a>(from: &'a [f64], at: &mut usize, n: usize) -> Result<&'a [f64], PoolError> {
    let end = at.checked_add(n).filter(|&e| e <= from.len());
    let end = end.ok_or_else(|| PoolError(format!("cut short: {} numbers", from.len())))?;
    let out = &from[*at..end];
    *at = end;
    Ok(out)
}

/// The numbers of one round, after its operation number: the centres (k x d), each centre's move,
/// the largest move with its centre (-1 for none) and the second largest, and the half-gaps.
fn put_round(out: &mut Vec<f64>, round: &Round) {
    out.extend_from_slice(&round.centres.rows);
    out.extend_from_slice(&round.moves.own);
    let (far, far_at, second) = round.moves.largest();
    out.push(far);
    out.push(far_at.map_or(-1.0, |a| a as f64));
    out.push(second);
    out.extend_from_slice(round.half_gap);
}

/// A round read back: its centres, moves and half-gaps, the same bits as sent.
fn get_round(
    from: &[f64],
    at: &mut usize,
    k: usize,
    d: usize,
) -> Result<(Centres, Moves, Vec<f64>), PoolError> {
    let centres = Centres::new(take(from, at, k * d)?.to_vec(), k, d);
    let own = take(from, at, k)?.to_vec();
    let [far, far_at, second] = take(from, at, 3)? else {
        return Err(PoolError("a round without its largest moves".into()));
    };
    let far_at = if *far_at < 0.0 {
        None
    } else {
        Some(whole(*far_at, "a centre")?).filter(|&a| a < k)
    };
    let moves = Moves::from_parts(own, *far, far_at, *second);
    let half_gap = take(from, at, k)?.to_vec();
    Ok((centres, moves, half_gap))
}

/// The messages a caller sends, built from its own values.
pub(crate) struct Outgoing;

impl Outgoing {
    /// Starts a host afresh with `rows` rows of `d` values from row `start` (a block's first),
    /// for `k` centres; the values follow in [`Outgoing::rows`] messages.
    pub fn load(start: usize, rows: usize, d: usize, k: usize) -> Vec<f64> {
        vec![LOAD, start as f64, rows as f64, d as f64, k as f64]
    }

    /// The next values of the host's rows (any number of them, in row order).
    pub fn rows(values: &[f64]) -> Vec<f64> {
        let mut out = Vec::with_capacity(values.len() + 1);
        out.push(ROWS);
        out.extend_from_slice(values);
        out
    }

    pub fn column_sums() -> Vec<f64> {
        vec![COLUMN_SUMS]
    }

    pub fn deviations(mean: &[f64]) -> Vec<f64> {
        let mut out = vec![DEVIATIONS];
        out.extend_from_slice(mean);
        out
    }

    pub fn assign(round: &Round) -> Vec<f64> {
        let mut out = vec![ASSIGN];
        put_round(&mut out, round);
        out
    }

    pub fn farthest(centres: &Centres, m: usize) -> Vec<f64> {
        let mut out = vec![FARTHEST, m as f64];
        out.extend_from_slice(&centres.rows);
        out
    }

    /// Rows given another cluster by a relocation, `(row, cluster)`: each host resets those it
    /// holds.
    pub fn reset(moved: &[(usize, usize)]) -> Vec<f64> {
        let mut out = vec![RESET];
        for &(i, c) in moved {
            out.push(i as f64);
            out.push(c as f64);
        }
        out
    }

    pub fn finish(round: &Round, strict: bool) -> Vec<f64> {
        let mut out = vec![FINISH, f64::from(u8::from(strict))];
        put_round(&mut out, round);
        out
    }

    /// `count` labels of the host's rows from its row `from` (counted from its first row).
    pub fn labels(from: usize, count: usize) -> Vec<f64> {
        vec![LABELS, from as f64, count as f64]
    }

    /// The longest round message for `k` centres of `d` values.
    pub fn round_len(k: usize, d: usize) -> usize {
        2 + k * d + 2 * k + 3
    }
}

/// A block's farthest rows: `(squared distance, row, label)`, farthest first.
pub(crate) type Farthest = Vec<(f64, usize, usize)>;

/// Replies read back by the caller, one value per block.
pub(crate) struct Incoming;

impl Incoming {
    /// Per block, `d` numbers.
    pub fn sums(reply: &[f64], d: usize) -> Result<Vec<Vec<f64>>, PoolError> {
        if d == 0 || reply.len() % d != 0 {
            return Err(PoolError(format!(
                "{} numbers are not sums of {d}",
                reply.len()
            )));
        }
        Ok(reply.chunks_exact(d).map(<[f64]>::to_vec).collect())
    }

    pub fn partials(reply: &[f64], k: usize, d: usize) -> Result<Vec<Partial>, PoolError> {
        let each = Incoming::partial_len(k, d);
        if reply.len() % each != 0 {
            return Err(PoolError(format!(
                "{} numbers are not partials",
                reply.len()
            )));
        }
        reply
            .chunks_exact(each)
            .map(|p| {
                let counts = p[k * d..k * d + k]
                    .iter()
                    .map(|&c| whole(c, "a count"))
                    .collect::<Result<_, _>>()?;
                Ok(Partial {
                    sums: p[..k * d].to_vec(),
                    counts,
                    changed: whole(p[k * d + k], "a count")?,
                    computed: whole(p[k * d + k + 1], "a count")? as u64,
                })
            })
            .collect()
    }

    pub fn partial_len(k: usize, d: usize) -> usize {
        k * d + k + 2
    }

    /// Per block, its count then its `(distance, row, label)` triples.
    pub fn farthest(reply: &[f64], k: usize) -> Result<Vec<Farthest>, PoolError> {
        let mut out = Vec::new();
        let mut at = 0;
        while at < reply.len() {
            let count = whole(reply[at], "a count")?;
            at += 1;
            let triples = take(reply, &mut at, count.saturating_mul(3))?;
            let list = triples
                .chunks_exact(3)
                .map(|t| {
                    let label = whole(t[2], "a label")?;
                    if label >= k {
                        return Err(PoolError(format!("label {label} of {k} centres")));
                    }
                    Ok((t[0], whole(t[1], "a row")?, label))
                })
                .collect::<Result<_, _>>()?;
            out.push(list);
        }
        Ok(out)
    }

    pub fn labels(reply: &[f64], k: usize) -> Result<Vec<usize>, PoolError> {
        reply
            .iter()
            .map(|&l| match whole(l, "a label") {
                Ok(l) if l < k => Ok(l),
                Ok(l) => Err(PoolError(format!("label {l} of {k} centres"))),
                Err(e) => Err(e),
            })
            .collect()
    }
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
                out.extend(super::lloyd::column_sums(rows, d, mean));
            }
        } else if op == ASSIGN {
            let (centres, moves, half_gap) = get_round(rest, &mut at, k, d)?;
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
            let (centres, moves, half_gap) = get_round(rest, &mut at, k, d)?;
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
