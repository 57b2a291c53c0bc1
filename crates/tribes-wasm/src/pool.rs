//! The page's helper workers as the core's block pool (`tribes_core::BlockPool`), and the block
//! host each helper runs. The channel itself (a SharedArrayBuffer per helper, `Atomics.wait` and
//! `notify`) is the worker's JavaScript (www/worker-pool.js); this is only the bridge.

use js_sys::Reflect;
use tribes_core::{BlockPool, PoolError};
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    /// A JS object `{hosts, capacity, send(host, message), receive(host)}` (worker-pool.js):
    /// `send` is given a view of the message in this module's memory (it copies it into the
    /// host's channel at once); `receive` waits for the reply and returns a view of it in the
    /// channel, or throws when the host failed.
    pub type JsBlockPool;

    #[wasm_bindgen(method, getter)]
    fn hosts(this: &JsBlockPool) -> f64;

    #[wasm_bindgen(method, getter)]
    fn capacity(this: &JsBlockPool) -> f64;

    #[wasm_bindgen(method, catch)]
    fn send(this: &JsBlockPool, host: u32, message: &[f64]) -> Result<(), JsValue>;

    #[wasm_bindgen(method, catch)]
    fn receive(this: &JsBlockPool, host: u32) -> Result<js_sys::Float64Array, JsValue>;
}

/// The JS pool, with its sizes read once.
pub struct JsPool {
    object: JsBlockPool,
    hosts: usize,
    capacity: usize,
}

impl JsPool {
    pub fn new(object: JsValue) -> Result<JsPool, JsError> {
        let object: JsBlockPool = object.unchecked_into();
        let count = |v: f64, name: &str| {
            (v.is_finite() && v >= 0.0)
                .then_some(v as usize)
                .ok_or_else(|| JsError::new(&format!("pool: {name} is not a count")))
        };
        Ok(JsPool {
            hosts: count(object.hosts(), "hosts")?,
            capacity: count(object.capacity(), "capacity")?,
            object,
        })
    }

    /// Tells the JS object what the pool did: `used` (every host answered) and `failed`.
    pub fn report(&self, done: tribes_core::PoolUse) {
        let _ = Reflect::set(&self.object, &"used".into(), &done.used.into());
        let _ = Reflect::set(&self.object, &"failed".into(), &done.failed.into());
    }
}

fn pool_error(e: JsValue) -> PoolError {
    let message = Reflect::get(&e, &"message".into())
        .ok()
        .and_then(|m| m.as_string())
        .or_else(|| e.as_string())
        .unwrap_or_else(|| "a host failed".into());
    PoolError(message)
}

impl BlockPool for JsPool {
    fn hosts(&self) -> usize {
        self.hosts
    }

    fn capacity(&self) -> usize {
        self.capacity
    }

    fn send(&self, host: usize, message: &[f64]) -> Result<(), PoolError> {
        self.object.send(host as u32, message).map_err(pool_error)
    }

    fn receive(&self, host: usize) -> Result<Vec<f64>, PoolError> {
        let reply = self.object.receive(host as u32).map_err(pool_error)?;
        Ok(reply.to_vec())
    }
}

/// What a helper worker keeps: its blocks of rows, their labels and bounds. `handle` answers one
/// message of the analysis worker's pool.
#[wasm_bindgen]
pub struct BlockHost(tribes_core::BlockHost);

#[wasm_bindgen]
impl BlockHost {
    #[wasm_bindgen(constructor)]
    #[allow(clippy::new_without_default)]
    pub fn new() -> BlockHost {
        BlockHost(tribes_core::BlockHost::new())
    }

    /// The reply to `message`; an error for a message that makes no sense.
    pub fn handle(&mut self, message: &[f64]) -> Result<Vec<f64>, JsError> {
        self.0.handle(message).map_err(js_error)
    }
}

fn js_error(e: PoolError) -> JsError {
    JsError::new(&e.to_string())
}
