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
//! messages; a `load` starts it afresh. This module is the numbers that travel (and the pool
//! that carries them); `super::host` is the host's side.
//!
//! The pool is installed for one call by the host program ([`with_block_pool`]) and used by
//! Lloyd's iterations on the calling thread when the rows span two blocks or more; on any error
//! of the pool the fit starts again on the calling thread alone (same result), and the pool is
//! not used again in that call.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

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
pub(crate) const LOAD: f64 = 1.0;
pub(crate) const ROWS: f64 = 2.0;
pub(crate) const COLUMN_SUMS: f64 = 3.0;
pub(crate) const DEVIATIONS: f64 = 4.0;
pub(crate) const ASSIGN: f64 = 5.0;
pub(crate) const FARTHEST: f64 = 6.0;
pub(crate) const RESET: f64 = 7.0;
pub(crate) const FINISH: f64 = 8.0;
pub(crate) const LABELS: f64 = 9.0;

/// Numbers in a message or a reply that are counts or indices are whole numbers at most this.
const EXACT: f64 = 9_007_199_254_740_992.0;

/// A count or index read from a message: a whole number from 0 to 2^53.
pub(crate) fn whole(v: f64, what: &str) -> Result<usize, PoolError> {
    if v.is_finite() && v >= 0.0 && v.fract() == 0.0 && v <= EXACT {
        Ok(v as usize)
    } else {
        Err(PoolError(format!("{what} is not a count: {v}")))
    }
}

/// The `n` numbers of `from` at `at`, moving `at` past them.
pub(crate) fn take<'a>(from: &'a [f64], at: &mut usize, n: usize) -> Result<&'a [f64], PoolError> {
    let end = at.checked_add(n).filter(|&e| e <= from.len());
    let end = end.ok_or_else(|| PoolError(format!("cut short: {} numbers", from.len())))?;
    let out = &from[*at..end];
    *at = end;
    Ok(out)
}

/// One round of Lloyd's iterations as numbers: the centres (k x d, one after the other), each
/// centre's last move, the largest move with its centre (none when no centre moved) and the
/// second largest, and half the distance from each centre to its nearest other.
pub(crate) struct RoundParts<'a> {
    pub centres: &'a [f64],
    pub own: &'a [f64],
    pub far: f64,
    pub far_at: Option<usize>,
    pub second: f64,
    pub half_gap: &'a [f64],
}

/// A round read back by a host: the same numbers, its own.
pub(crate) struct RoundRead {
    pub centres: Vec<f64>,
    pub own: Vec<f64>,
    pub far: f64,
    pub far_at: Option<usize>,
    pub second: f64,
    pub half_gap: Vec<f64>,
}

/// The numbers of one round, after its operation number (the largest move's centre -1 for none).
fn put_round(out: &mut Vec<f64>, round: &RoundParts) {
    out.extend_from_slice(round.centres);
    out.extend_from_slice(round.own);
    out.push(round.far);
    out.push(round.far_at.map_or(-1.0, |a| a as f64));
    out.push(round.second);
    out.extend_from_slice(round.half_gap);
}

/// A round of `k` centres of `d` values read back, the same bits as sent.
pub(crate) fn get_round(
    from: &[f64],
    at: &mut usize,
    k: usize,
    d: usize,
) -> Result<RoundRead, PoolError> {
    let centres = take(from, at, k * d)?.to_vec();
    let own = take(from, at, k)?.to_vec();
    let [far, far_at, second] = take(from, at, 3)? else {
        return Err(PoolError("a round without its largest moves".into()));
    };
    let far_at = if *far_at < 0.0 {
        None
    } else {
        Some(whole(*far_at, "a centre")?).filter(|&a| a < k)
    };
    let half_gap = take(from, at, k)?.to_vec();
    Ok(RoundRead {
        centres,
        own,
        far: *far,
        far_at,
        second: *second,
        half_gap,
    })
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

    pub fn assign(round: &RoundParts) -> Vec<f64> {
        let mut out = vec![ASSIGN];
        put_round(&mut out, round);
        out
    }

    pub fn farthest(centres: &[f64], m: usize) -> Vec<f64> {
        let mut out = vec![FARTHEST, m as f64];
        out.extend_from_slice(centres);
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

    pub fn finish(round: &RoundParts, strict: bool) -> Vec<f64> {
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

/// What one block's rows add up to in one iteration: per centre, the sum of its rows and their
/// count; how many rows changed centre; how many distances were computed.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Partial {
    pub sums: Vec<f64>,
    pub counts: Vec<usize>,
    pub changed: usize,
    pub computed: u64,
}

impl Partial {
    /// The partials of every block, added in block order (the first one as it is, so that one
    /// block's sums are its own to the bit).
    pub fn merged(parts: Vec<Partial>) -> Option<Partial> {
        let mut parts = parts.into_iter();
        let mut total = parts.next()?;
        for p in parts {
            for (s, v) in total.sums.iter_mut().zip(&p.sums) {
                *s += v;
            }
            for (c, v) in total.counts.iter_mut().zip(&p.counts) {
                *c += v;
            }
            total.changed += p.changed;
            total.computed += p.computed;
        }
        Some(total)
    }
}
