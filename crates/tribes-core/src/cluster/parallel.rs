//! Work on several threads (`std::thread::scope`, no other crate), with results that do not depend
//! on how many.
//!
//! Two shapes of work: blocks of rows split into contiguous runs, one run per thread
//! ([`each`]: Lloyd's blocks, whose partial sums are then merged in block order), and independent
//! jobs taken one after the other by whichever thread is free ([`jobs`]: the sweep's fits per k,
//! the prediction strength's halvings, restarts). Either way a result is placed by its index, so
//! the caller sees the same vector whatever the number of threads.
//!
//! Progress callbacks are `FnMut` and not `Send`: only the calling thread calls them. The other
//! threads write how far their job is into an atomic and read whether the run was cancelled.
//!
//! In wasm there is one thread: the page's workers are separate instances, each given its own
//! blocks.

use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};

use crate::error::{Error, Result};

/// The threads that may run at once for a setting of `threads`: at least 1, and 1 in wasm (which
/// cannot spawn one).
pub fn usable(threads: usize) -> usize {
    if cfg!(target_arch = "wasm32") {
        1
    } else {
        threads.max(1)
    }
}

/// Below this many values (rows times columns) a job's work is too short to be worth a thread:
/// starting one costs tens of microseconds, and on a loaded machine the wait for it to be
/// scheduled costs more. On a 401-row export, 2 threads took 54 ms against 42 ms for 1.
pub const MIN_VALUES: usize = 20_000;

/// `threads` for jobs each on `values` values (rows times columns), or 1 when they are too small
/// to be worth it (see [`MIN_VALUES`]).
pub fn for_values(threads: usize, values: usize) -> usize {
    if values < MIN_VALUES {
        1
    } else {
        threads
    }
}

/// `f` on every item, the items split into at most `threads` contiguous runs of equal length (the
/// calling thread takes the first); the results in the items' order.
pub(crate) fn each<T: Send, R: Send>(
    threads: usize,
    items: &mut [T],
    f: &(dyn Fn(&mut T) -> R + Sync),
) -> Vec<R> {
    let threads = usable(threads).min(items.len());
    if threads <= 1 {
        return items.iter_mut().map(f).collect();
    }
    let per = items.len().div_ceil(threads);
    std::thread::scope(|s| {
        let mut runs = items.chunks_mut(per);
        let first = runs.next().unwrap_or_default();
        let others: Vec<_> = runs
            .map(|run| s.spawn(move || run.iter_mut().map(f).collect::<Vec<R>>()))
            .collect();
        let mut out: Vec<R> = first.iter_mut().map(f).collect();
        for handle in others {
            out.extend(joined(handle.join()));
        }
        out
    })
}

/// A thread's result, or its panic carried on to the caller.
fn joined<R>(result: std::thread::Result<R>) -> R {
    result.unwrap_or_else(|panic| std::panic::resume_unwind(panic))
}

/// A job of [`jobs`]: its number, and where it tells how far it is.
pub(crate) type Job<'a, R> = dyn Fn(usize, &mut dyn FnMut(f64) -> bool) -> Result<R> + Sync + 'a;

/// Runs `job(0)` to `job(count - 1)` on at most `threads` threads and returns their results in
/// job order, or the first error in job order.
///
/// `job(i, tick)` tells how far it is, from 0 to 1, through `tick`, which answers `false` once the
/// run is cancelled (the job then stops with `Error::Cancelled`, as a fit whose progress answers
/// `false` does). `report` gets the fraction of all the jobs done (the mean of theirs) and is
/// called on the calling thread only: as its own job ticks, and while it waits for the others;
/// answering `false` cancels every job.
///
/// With one thread the jobs run in order on the calling thread, `job(i)`'s ticks reported as
/// `(i + tick) / count`.
pub(crate) fn jobs<R: Send>(
    threads: usize,
    count: usize,
    job: &Job<R>,
    report: &mut dyn FnMut(f64) -> bool,
) -> Result<Vec<R>> {
    let threads = usable(threads).min(count);
    if threads <= 1 {
        return (0..count)
            .map(|i| job(i, &mut |f| report((i as f64 + f) / count as f64)))
            .collect();
    }
    let next = AtomicUsize::new(0);
    let cancelled = AtomicBool::new(false);
    // How far each job is, as the bits of an f64.
    let done: Vec<AtomicU64> = (0..count).map(|_| AtomicU64::new(0)).collect();
    let fraction = || {
        done.iter()
            .map(|f| f64::from_bits(f.load(Ordering::Relaxed)))
            .sum::<f64>()
            / count as f64
    };
    // Takes jobs until none is left or the run is cancelled; `tick(i, f)` is what job i's
    // progress does.
    let work = |tick: &mut dyn FnMut(usize, f64) -> bool| {
        let mut out = Vec::new();
        while !cancelled.load(Ordering::Relaxed) {
            let i = next.fetch_add(1, Ordering::Relaxed);
            if i >= count {
                break;
            }
            let result = job(i, &mut |f| tick(i, f));
            done[i].store(1f64.to_bits(), Ordering::Relaxed);
            out.push((i, result));
        }
        out
    };
    let finished = std::thread::scope(|s| {
        let (tx, rx) = std::sync::mpsc::channel::<()>();
        let others: Vec<_> = (1..threads)
            .map(|_| {
                let tx = tx.clone();
                let (work, done, cancelled) = (&work, &done, &cancelled);
                s.spawn(move || {
                    let out = work(&mut |i, f| {
                        done[i].store(f.to_bits(), Ordering::Relaxed);
                        !cancelled.load(Ordering::Relaxed)
                    });
                    // The receiver may be gone if the calling thread panicked; nothing to tell.
                    let _ = tx.send(());
                    out
                })
            })
            .collect();
        drop(tx);
        let mut all = work(&mut |i, f| {
            done[i].store(f.to_bits(), Ordering::Relaxed);
            if !cancelled.load(Ordering::Relaxed) && !report(fraction()) {
                cancelled.store(true, Ordering::Relaxed);
            }
            !cancelled.load(Ordering::Relaxed)
        });
        // The others' jobs still running: report while waiting, so that a cancel is heard.
        let mut waiting = others.len();
        while waiting > 0 {
            match rx.recv_timeout(std::time::Duration::from_millis(20)) {
                Ok(()) => waiting -= 1,
                Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => break,
                Err(std::sync::mpsc::RecvTimeoutError::Timeout) => {}
            }
            if !cancelled.load(Ordering::Relaxed) && !report(fraction()) {
                cancelled.store(true, Ordering::Relaxed);
            }
        }
        for handle in others {
            all.extend(joined(handle.join()));
        }
        all
    });
    if cancelled.load(Ordering::Relaxed) {
        return Err(Error::Cancelled);
    }
    let mut results: Vec<Option<Result<R>>> = (0..count).map(|_| None).collect();
    for (i, result) in finished {
        results[i] = Some(result);
    }
    results
        .into_iter()
        .map(|r| r.unwrap_or(Err(Error::Cancelled)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_keeps_the_items_order_whatever_the_threads() {
        for threads in 1..=5 {
            let mut items: Vec<usize> = (0..7).collect();
            let out = each(threads, &mut items, &|v| {
                *v += 1;
                *v * 10
            });
            assert_eq!(out, [10, 20, 30, 40, 50, 60, 70], "{threads} threads");
            assert_eq!(items, [1, 2, 3, 4, 5, 6, 7]);
        }
    }

    #[test]
    fn jobs_give_results_in_job_order_and_the_first_error() {
        for threads in 1..=4 {
            let out = jobs(
                threads,
                9,
                &|i, tick| Ok(i * i + usize::from(tick(0.5))),
                &mut |_| true,
            );
            assert_eq!(out.unwrap(), [1, 2, 5, 10, 17, 26, 37, 50, 65], "{threads}");
            let failing = jobs(
                threads,
                9,
                &|i, _| {
                    if i == 3 || i == 6 {
                        Err(Error::TooFewRows { rows: i, k: 1 })
                    } else {
                        Ok(i)
                    }
                },
                &mut |_| true,
            );
            assert_eq!(failing, Err(Error::TooFewRows { rows: 3, k: 1 }));
        }
    }

    #[test]
    fn jobs_stop_when_the_report_says_so() {
        for threads in 1..=3 {
            let ran = AtomicUsize::new(0);
            let out = jobs(
                threads,
                50,
                &|_, tick| {
                    ran.fetch_add(1, Ordering::Relaxed);
                    for step in 0..100 {
                        if !tick(step as f64 / 100.0) {
                            return Err(Error::Cancelled);
                        }
                        std::thread::sleep(std::time::Duration::from_micros(200));
                    }
                    Ok(())
                },
                &mut |f| f < 0.05,
            );
            assert_eq!(out, Err(Error::Cancelled), "{threads} threads");
            assert!(ran.load(Ordering::Relaxed) < 50, "{threads} threads");
        }
    }
}
