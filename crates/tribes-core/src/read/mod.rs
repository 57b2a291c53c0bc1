//! Reading: bytes in, a `Table` out. The encoding (`decode`), the dialect (`dialect`), the
//! streaming reader (`reader`), the table it fills (`table`), the cell parsers the later layers
//! type cells with (`values`, and `dates` for dates), what was read, for the results
//! (`summary`), and the known exports a file's headers may be (`formats`).

pub mod aligned;
#[cfg(feature = "workbooks")]
pub mod container;
pub mod dates;
pub mod decode;
pub mod dialect;
pub mod formats;
#[cfg(feature = "workbooks")]
mod grid;
pub mod reader;
pub mod settings;
pub mod summary;
pub mod table;
pub mod values;
#[cfg(feature = "workbooks")]
mod xls;

pub use reader::{read, Reader};
pub use settings::ReadSettings;
pub use table::{ColumnRef, Skipped, Table};
