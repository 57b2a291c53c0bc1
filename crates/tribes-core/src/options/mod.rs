//! The options: the wire form that arrives from the CLI or from JS (`wire`), checked once
//! (`check`) into the typed settings each stage runs on (`settings`). Nothing below this layer
//! sees an option as text.

pub mod check;
pub mod settings;
pub mod wire;

pub use check::known_option;
pub use settings::{ReadGiven, Settings};
pub use wire::{KChoice, Options, OPTION_NAMES};
