//! Lloyd's blocks given to a pool of hosts give what one thread gives, bit for bit: the pool here
//! is in-process, each host a `BlockHost` that sees only the numbers of the messages (copied, as
//! a page's workers see them), the blocks spread over 2 and 3 hosts besides the caller.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use ndarray::Array2;
use tribes_core::parts::kmeans::{self, Fit, Init, Params};
use tribes_core::parts::rng;
use tribes_core::{with_block_pool, BlockHost, BlockPool, PoolError, PoolUse};

type Reply = Result<Vec<f64>, PoolError>;

/// Hosts in this process. Every message and reply is copied, and the pool counts what it
/// carried; `fail_after` makes a host stop answering after that many messages.
struct Hosts {
    hosts: RefCell<Vec<BlockHost>>,
    replies: RefCell<Vec<Option<Reply>>>,
    capacity: usize,
    messages: Cell<usize>,
    fail_after: Option<usize>,
}

impl Hosts {
    fn new(count: usize, capacity: usize, fail_after: Option<usize>) -> Rc<Hosts> {
        Rc::new(Hosts {
            hosts: RefCell::new((0..count).map(|_| BlockHost::new()).collect()),
            replies: RefCell::new(vec![None; count]),
            capacity,
            messages: Cell::new(0),
            fail_after,
        })
    }
}

impl BlockPool for Hosts {
    fn hosts(&self) -> usize {
        self.hosts.borrow().len()
    }

    fn capacity(&self) -> usize {
        self.capacity
    }

    fn send(&self, host: usize, message: &[f64]) -> Result<(), PoolError> {
        assert!(
            message.len() <= self.capacity,
            "a message of {} numbers",
            message.len()
        );
        self.messages.set(self.messages.get() + 1);
        let copy = message.to_vec();
        let reply = if self.fail_after.is_some_and(|n| self.messages.get() > n) {
            Err(PoolError("the host stopped".into()))
        } else {
            self.hosts.borrow_mut()[host].handle(&copy)
        };
        if let Ok(r) = &reply {
            assert!(r.len() <= self.capacity, "a reply of {} numbers", r.len());
        }
        self.replies.borrow_mut()[host] = Some(reply);
        Ok(())
    }

    fn receive(&self, host: usize) -> Result<Vec<f64>, PoolError> {
        let reply = self.replies.borrow_mut()[host].take();
        reply.unwrap_or_else(|| Err(PoolError("nothing was sent".into())))
    }
}

/// `rows` x `d` values in overlapping groups of many magnitudes, so that adding them in another
/// order changes the last bits of the sums.
fn groups(rows: usize, d: usize, seed: u64) -> Array2<f64> {
    let mut r = rng::seeded(seed);
    Array2::from_shape_fn((rows, d), |(i, j)| {
        ((i % 6) * (j + 1)) as f64 * 1.5 + rng::uniform(&mut r) * 3.0 + rng::uniform(&mut r) * 1e-7
    })
}

fn params(k: usize, init: Init) -> Params {
    Params {
        k,
        init,
        n_init: 2,
        tol: 1e-4,
        max_iter: 300,
        seed: 4,
        threads: 1,
    }
}

fn bits(f: &Fit) -> Vec<u64> {
    f.centroids.iter().map(|v| v.to_bits()).collect()
}

fn same(a: &Fit, b: &Fit, what: &str) {
    assert_eq!(bits(a), bits(b), "{what}: centres");
    assert_eq!(a.labels, b.labels, "{what}: labels");
    assert_eq!(a.inertia.to_bits(), b.inertia.to_bits(), "{what}: inertia");
    assert_eq!(a.iterations, b.iterations, "{what}: iterations");
}

#[test]
fn two_and_three_hosts_give_the_bits_of_no_pool() {
    // 200,000 rows: four blocks (the last short). Fixed k from the first rows (the exact fit,
    // every iteration on the pool) and k-means++ (the mini-batch fit, whose finish is).
    let x = groups(200_000, 4, 3);
    for init in [Init::First, Init::KMeansPlusPlus] {
        let p = params(6, init);
        let alone = kmeans::fit(x.view(), &p, &mut |_| true).unwrap();
        for count in [2, 3] {
            let hosts = Hosts::new(count, 1 << 16, None);
            let (fit, used) =
                with_block_pool(hosts.clone(), || kmeans::fit(x.view(), &p, &mut |_| true));
            same(&fit.unwrap(), &alone, &format!("{init:?}, {count} hosts"));
            assert_eq!(
                used,
                PoolUse {
                    used: true,
                    failed: false
                }
            );
            assert!(
                hosts.messages.get() > 10,
                "{} messages",
                hosts.messages.get()
            );
        }
    }
}

#[test]
fn the_test_above_can_fail() {
    // Sums merged per host (each host's rows in one loop, then the hosts added) instead of per
    // block give other bits on these rows, for the splits the pool makes: 200,000 rows are 4
    // blocks; with 2 hosts the caller takes 2 and each host 1, with 3 hosts each takes 1.
    let (n, d) = (200_000, 4);
    let x = groups(n, d, 3);
    let alone = kmeans::fit(x.view(), &params(6, Init::First), &mut |_| true).unwrap();
    let data = x.as_slice().unwrap();
    let sums = |cuts: &[usize]| {
        let mut total = vec![0.0f64; 6 * d];
        for w in cuts.windows(2) {
            let mut part = vec![0.0f64; 6 * d];
            for i in w[0]..w[1] {
                for j in 0..d {
                    part[alone.labels[i] * d + j] += data[i * d + j];
                }
            }
            for (t, v) in total.iter_mut().zip(part) {
                *t += v;
            }
        }
        total.iter().map(|v| v.to_bits()).collect::<Vec<_>>()
    };
    let blocks = [0, 65_536, 131_072, 196_608, n];
    assert_ne!(sums(&[0, 131_072, n]), sums(&blocks));
    assert_ne!(sums(&[0, 65_536, 131_072, n]), sums(&blocks));
}

#[test]
fn a_host_that_fails_leaves_the_fit_to_the_caller() {
    // The host stops after its rows came (2 hosts: 2 loads and their rows, then the first
    // steps): the fit starts again without the pool and gives the same result, and the call says
    // the pool failed, and that it was not used for the rest of the call.
    let x = groups(140_000, 3, 5);
    let p = params(4, Init::First);
    let alone = kmeans::fit(x.view(), &p, &mut |_| true).unwrap();
    for fail_after in [0, 3, 12] {
        let hosts = Hosts::new(2, 1 << 16, Some(fail_after));
        let (fit, used) = with_block_pool(hosts.clone(), || {
            let first = kmeans::fit(x.view(), &p, &mut |_| true).unwrap();
            let sent = hosts.messages.get();
            let second = kmeans::fit(x.view(), &p, &mut |_| true).unwrap();
            assert_eq!(hosts.messages.get(), sent, "no message after the failure");
            (first, second)
        });
        same(&fit.0, &alone, &format!("failing after {fail_after}"));
        same(
            &fit.1,
            &alone,
            &format!("failing after {fail_after}, again"),
        );
        assert_eq!(
            used,
            PoolUse {
                used: false,
                failed: true
            }
        );
    }
}

#[test]
fn rows_go_in_parts_that_fit_and_steps_that_do_not_stay_here() {
    let x = groups(140_000, 3, 6);
    let p = params(4, Init::First);
    let alone = kmeans::fit(x.view(), &p, &mut |_| true).unwrap();
    // 1,000 numbers a message: each host's rows in many parts, labels too.
    let small = Hosts::new(2, 1_000, None);
    let (fit, used) = with_block_pool(small.clone(), || kmeans::fit(x.view(), &p, &mut |_| true));
    same(&fit.unwrap(), &alone, "small messages");
    assert!(used.used);
    // The caller keeps the first block; the hosts hold the other 74,464 rows.
    assert!(small.messages.get() > (140_000 - 65_536) * 3 / 1_000);
    // 20 numbers: a round of 4 centres of 3 does not fit, so the pool is not used.
    let tiny = Hosts::new(2, 20, None);
    let (fit, used) = with_block_pool(tiny.clone(), || kmeans::fit(x.view(), &p, &mut |_| true));
    same(&fit.unwrap(), &alone, "tiny messages");
    assert_eq!(used, PoolUse::default());
    assert_eq!(tiny.messages.get(), 0);
}

#[test]
fn one_block_never_asks_the_pool() {
    let x = groups(65_536, 3, 7);
    let hosts = Hosts::new(2, 1 << 16, None);
    let p = params(4, Init::First);
    let (fit, used) = with_block_pool(hosts.clone(), || kmeans::fit(x.view(), &p, &mut |_| true));
    same(
        &fit.unwrap(),
        &kmeans::fit(x.view(), &p, &mut |_| true).unwrap(),
        "one block",
    );
    assert_eq!(used, PoolUse::default());
    assert_eq!(hosts.messages.get(), 0);
}

#[test]
fn a_host_answers_nonsense_with_an_error() {
    let mut host = BlockHost::new();
    for message in [
        vec![],
        vec![42.0],
        vec![1.0, 3.0, 10.0, 2.0, 2.0],
        vec![1.0, 0.0, 10.0, 2.0],
        vec![1.0, 0.0, f64::NAN, 2.0, 2.0],
        vec![1.0, 0.0, 1e300, 1e300, 2.0],
        vec![5.0, 1.0, 2.0],
        vec![9.0, 0.0, 5.0],
    ] {
        assert!(host.handle(&message).is_err(), "{message:?}");
    }
    // Loaded with 2 rows of 2, but only 3 values came: the steps refuse.
    assert_eq!(host.handle(&[1.0, 0.0, 2.0, 2.0, 2.0]), Ok(vec![]));
    assert_eq!(host.handle(&[2.0, 1.0, 2.0, 3.0]), Ok(vec![]));
    assert!(host.handle(&[3.0]).is_err());
    assert!(
        host.handle(&[2.0, 4.0, 5.0]).is_err(),
        "more values than loaded"
    );
    assert_eq!(host.handle(&[2.0, 4.0]), Ok(vec![]));
    // Column sums of rows (1, 2) and (3, 4).
    assert_eq!(host.handle(&[3.0]), Ok(vec![4.0, 6.0]));
    assert!(host.handle(&[5.0, 0.0]).is_err(), "a round cut short");
}
