//! Progress reports: the stage a run is in and how far through it, to a sink whose answer can stop
//! the run.

/// A stage of a run, for progress reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    Read,
    ChooseK,
    Fit,
    Profile,
    /// The segments refitted on resamples, to measure how well each holds.
    Stability,
    /// Orders summed up per customer.
    Aggregate,
}

impl Stage {
    /// Every stage, in the order a run can pass through them (`aggregate` only for orders).
    pub const ALL: [Stage; 6] = [
        Stage::Read,
        Stage::Aggregate,
        Stage::ChooseK,
        Stage::Fit,
        Stage::Profile,
        Stage::Stability,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Stage::Read => "read",
            Stage::ChooseK => "choose-k",
            Stage::Fit => "fit",
            Stage::Profile => "profile",
            Stage::Stability => "stability",
            Stage::Aggregate => "aggregate",
        }
    }
}

/// Progress: the stage, and how far through it (0 to 1).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Progress {
    pub stage: Stage,
    pub fraction: f64,
}

/// A progress sink that never stops the work.
pub fn no_progress(_: Progress) -> bool {
    true
}
