//! The browser's decoders for a core that only detects encodings (the cargo feature
//! `host-encodings`, the single-file page's build): `TextDecoder` implements the WHATWG
//! Encoding Standard, as encoding_rs does, so the module need not carry encoding_rs's decoders.

use tribes_core::HostDecode;
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    /// The global `TextDecoder` of the worker (and of Node, for the tests).
    type TextDecoder;

    #[wasm_bindgen(constructor, catch)]
    fn new(label: &str, options: &JsValue) -> Result<TextDecoder, JsValue>;

    #[wasm_bindgen(method)]
    fn decode(this: &TextDecoder, input: &[u8], options: &JsValue) -> String;
}

/// One file's decoder: `stream: true` keeps a sequence cut by the end of a chunk for the next.
struct Browser {
    decoder: TextDecoder,
    streaming: JsValue,
    last: JsValue,
}

impl HostDecode for Browser {
    fn decode_into(&mut self, src: &[u8], last: bool, dst: &mut Vec<u8>) {
        let options = if last { &self.last } else { &self.streaming };
        dst.extend_from_slice(self.decoder.decode(src, options).as_bytes());
    }
}

/// A `{ key: value }` object.
fn object(key: &str, value: bool) -> JsValue {
    let o = js_sys::Object::new();
    // Setting a property on a fresh plain object cannot fail.
    let _ = js_sys::Reflect::set(&o, &key.into(), &value.into());
    o.into()
}

/// The decoder for an encoding by its WHATWG name; `None` if the browser has none for it.
fn decoders(name: &str) -> Option<Box<dyn HostDecode>> {
    // `ignoreBOM`: the core has already skipped the byte-order mark, and a second one is text,
    // as encoding_rs's decoder without BOM handling reads it. Not `fatal`: unmapped bytes become
    // U+FFFD, as with encoding_rs.
    let decoder = TextDecoder::new(name, &object("ignoreBOM", true)).ok()?;
    Some(Box::new(Browser {
        decoder,
        streaming: object("stream", true),
        last: object("stream", false),
    }))
}

/// Runs when the module is instantiated: from then on the core decodes through the browser.
#[wasm_bindgen(start)]
fn start() {
    tribes_core::use_host_decoders(decoders);
}
