//! Which columns form segments, and why each other column does not: roles, then the lens, then
//! concepts and links (`structure`).
//!
//! A column forms segments when its role is `feature` or `derived` (a date as days since it),
//! the user did not leave it out (`exclude`, `columns`), the lens takes it (`auto` takes every
//! column that carries structure; a named lens takes its own columns, whatever their
//! structure), and, under `auto`, it is linked to another column or has groups of its own.
//! Columns that say the same thing weigh as one concept whatever the lens.

use serde::Serialize;

use super::days::{days_since, DaysTo};
use super::parsed::{numeric_values, ranks, yes_no, Parsed};
use super::select::column_index;
use super::settings::{FeatureSettings, LensChoice};
use super::structure::{self, Candidate, Values};
use crate::error::ParamError;
use crate::read::values::{days_from_parts, DateOrder};
use crate::read::Table;
use crate::schema::{ColumnSchema, DateFormat, Kind, Lens, Role};
use crate::util::words::words;

/// One column of the table in the analysis: its part, and why.
#[derive(Debug, Clone, PartialEq)]
pub struct Part {
    pub role: Role,
    pub why: String,
    pub lens: Lens,
    /// The weight of a feature (1, or less in a concept of several columns).
    pub weight: f64,
    /// The other columns of its concept (names), when it shares one.
    pub concept: Vec<String>,
}

/// The lens used, and the columns each lens would take.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct LensReport {
    /// `auto`, `behaviour`, `firmographics`, `location` or `demographics`.
    pub name: String,
    /// The columns the segments were formed on.
    pub columns: Vec<String>,
    /// Every lens with at least one column: the columns it would segment on.
    pub available: Vec<LensColumns>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct LensColumns {
    pub name: String,
    pub columns: Vec<String>,
}

/// What the plan decided: each column's part, the features in table order with their weights,
/// and the day derived columns count to.
#[derive(Debug, Clone)]
pub struct Plan {
    pub parts: Vec<Part>,
    /// (table column, weight), in table order.
    pub features: Vec<(usize, f64)>,
    pub days_to: Option<DaysTo>,
    pub lens: LensReport,
    /// Per list feature (table column), the frequent items left out: linked to no other column.
    pub items_left_out: Vec<(usize, Vec<String>)>,
}

/// Decides the features of `table` (whose columns are `schema`, roles included). `parsed` holds
/// numeric columns already parsed.
pub fn plan(
    table: &Table,
    schema: &[ColumnSchema],
    settings: &FeatureSettings,
    parsed: &[(usize, Parsed)],
) -> Result<Plan, ParamError> {
    let find = |option: &'static str, name: &str| column_index(schema, option, name);
    let mut excluded = Vec::new();
    for name in &settings.exclude {
        excluded.push(find("exclude", name)?);
    }
    let mut listed = None;
    if let Some(names) = &settings.columns {
        let mut idx = Vec::new();
        for name in names {
            let i = find("columns", name)?;
            let s = &schema[i];
            if !super::usable(s.kind) && s.role != Role::Derived {
                return Err(ParamError::NotUsable {
                    option: "columns",
                    name: name.clone(),
                    kind: s.kind.as_str().to_owned(),
                });
            }
            if !s.role.segments() && s.role != Role::Sparse {
                return Err(ParamError::RoleNotUsable {
                    option: "columns",
                    name: name.clone(),
                    role: s.role.as_str().to_owned(),
                });
            }
            idx.push(i);
        }
        listed = Some(idx);
    }
    let days_to = days_to(schema, settings);

    let mut parts: Vec<Part> = schema
        .iter()
        .map(|s| Part {
            role: s.role,
            why: s.role_evidence.clone(),
            lens: s.lens,
            weight: 1.0,
            concept: Vec::new(),
        })
        .collect();
    // The candidates: columns whose role forms segments, not left out by the user.
    let mut candidates = Vec::new();
    for (c, s) in schema.iter().enumerate() {
        let in_list = listed.as_ref().is_none_or(|l| l.contains(&c));
        let wanted = match &listed {
            Some(l) => l.contains(&c),
            None => s.role.segments(),
        };
        if excluded.contains(&c) || (listed.is_some() && !in_list) {
            if s.role.segments() || s.role == Role::Outcome || s.role == Role::Sparse {
                parts[c].role = Role::Excluded;
                parts[c].why = if excluded.contains(&c) {
                    "left out by you (exclude)".into()
                } else {
                    "left out by you: not among columns".into()
                };
            }
            continue;
        }
        if !wanted {
            continue;
        }
        if s.kind == Kind::Date && days_to.is_none() {
            parts[c].role = Role::Ignored;
            parts[c].why = "no date to count days to".into();
            continue;
        }
        if let LensChoice::Only(lens) = settings.lens {
            if s.lens != lens && listed.is_none() {
                parts[c].role = Role::Profile;
                parts[c].why = format!(
                    "a {} column, outside the {} lens",
                    s.lens.as_str(),
                    lens.as_str()
                );
                continue;
            }
        }
        // A column the user listed forms segments whatever its detected role.
        if listed.is_some() {
            parts[c].role = if s.kind == Kind::Date {
                Role::Derived
            } else {
                Role::Feature
            };
        }
        candidates.push(c);
    }

    let measured: Vec<Candidate> = candidates
        .iter()
        .map(|&c| Candidate {
            column: c,
            name: schema[c].name.clone(),
            values: values(table, &schema[c], c, parsed, days_to.as_ref()),
        })
        .collect();
    let decisions = structure::measure(&measured);
    let chooses = settings.lens == LensChoice::Auto && listed.is_none();
    let mut features = Vec::new();
    let mut items_left_out = Vec::new();
    for (at, d) in decisions.iter().enumerate() {
        let part = &mut parts[d.column];
        part.weight = d.weight;
        part.concept = d.concept.iter().map(|&c| schema[c].name.clone()).collect();
        if chooses && !d.kept {
            part.role = Role::Profile;
            part.why = format!("left out: {}", d.why);
            continue;
        }
        part.why = if chooses {
            format!("segmented on: {}", d.why)
        } else if listed.is_some() {
            "segmented on: among columns".to_owned()
        } else {
            format!("segmented on: in the {} lens", part.lens.as_str())
        };
        // A list's items are variables of their own: under `auto`, an item linked to no other
        // column (a tag given at random) is left out of the features, as such a column would be.
        if cfg!(feature = "full-report") && chooses && schema[d.column].kind == Kind::List {
            let linked = structure::linked_variables(&measured, at);
            if linked.iter().any(|&l| l) && linked.iter().any(|&l| !l) {
                let sep = schema[d.column].separator.unwrap_or(',');
                let items = crate::schema::list::frequent(table.column(d.column), sep).items;
                let out: Vec<String> = items
                    .into_iter()
                    .zip(&linked)
                    .filter(|(_, &l)| !l)
                    .map(|(i, _)| i)
                    .collect();
                part.why.push_str(&format!(
                    "; items linked to no other column left out: {}",
                    out.join(", ")
                ));
                items_left_out.push((d.column, out));
            }
        }
        features.push((d.column, d.weight));
    }
    crate::util::order::sort_by(&mut features, |a, b| a.0.cmp(&b.0));

    let names = |cols: &mut dyn Iterator<Item = usize>| -> Vec<String> {
        cols.map(|c| schema[c].name.clone()).collect()
    };
    let lens = LensReport {
        name: match settings.lens {
            LensChoice::Auto => "auto".into(),
            LensChoice::Only(l) => l.as_str().into(),
        },
        columns: names(&mut features.iter().map(|f| f.0)),
        available: Lens::ALL
            .iter()
            .map(|&l| LensColumns {
                name: l.as_str().into(),
                columns: names(&mut schema.iter().enumerate().filter_map(|(c, s)| {
                    (s.role.segments() && s.lens == l && !excluded.contains(&c)).then_some(c)
                })),
            })
            .filter(|l| !l.columns.is_empty())
            .collect(),
    };
    Ok(Plan {
        parts,
        features,
        days_to,
        lens,
        items_left_out,
    })
}

/// The day derived columns count to: the user's `asOf`, or the latest date of the date columns
/// that look back (a date named "next order" or "expected" looks forward, and a birthday is not
/// an event).
fn days_to(schema: &[ColumnSchema], settings: &FeatureSettings) -> Option<DaysTo> {
    let dated: Vec<&ColumnSchema> = schema
        .iter()
        .filter(|s| s.kind == Kind::Date && s.date_format.is_some())
        .collect();
    if let Some(as_of) = &settings.as_of {
        let order = if as_of.parts.year_first {
            DateOrder::YearMonthDay
        } else {
            dated
                .iter()
                .find(|s| s.role == Role::Derived)
                .and_then(|s| s.date_format)
                .map_or(DateOrder::MonthDayYear, DateFormat::order)
        };
        let day = days_from_parts(as_of.parts, order)
            .or_else(|| days_from_parts(as_of.parts, DateOrder::DayMonthYear))?;
        return Some(DaysTo::Day {
            day,
            written: as_of.written.clone(),
        });
    }
    let backward: Vec<(String, DateFormat)> = dated
        .iter()
        .filter(|s| looks_back(&s.name))
        .filter_map(|s| Some((s.name.clone(), s.date_format?)))
        .collect();
    let columns = if backward.is_empty() {
        dated
            .iter()
            .filter_map(|s| Some((s.name.clone(), s.date_format?)))
            .collect()
    } else {
        backward
    };
    (!columns.is_empty()).then_some(DaysTo::Latest { columns })
}

fn looks_back(name: &str) -> bool {
    use crate::schema::lexicon::{phrase_in, BIRTH_WORDS, FUTURE_WORDS};
    let w = words(name);
    phrase_in(&w, FUTURE_WORDS).is_none() && phrase_in(&w, BIRTH_WORDS).is_none()
}

/// A candidate column's values, for the measures.
fn values(
    table: &Table,
    s: &ColumnSchema,
    c: usize,
    parsed: &[(usize, Parsed)],
    days_to: Option<&DaysTo>,
) -> Vec<Values> {
    let number = |p: Parsed| {
        // Skewed amounts are measured as the fit will use them: logged.
        let mut v = p.values;
        let mut present: Vec<f64> = v.iter().copied().filter(|x| x.is_finite()).collect();
        crate::util::order::sort_numbers(&mut present);
        if super::settings::log_helps(&present) {
            for x in v.iter_mut() {
                *x = libm::log1p(*x);
            }
        }
        Values::Number(v)
    };
    match s.kind {
        Kind::Numeric => {
            let p = parsed
                .iter()
                .find(|(pc, _)| *pc == c)
                .map(|(_, p)| p.clone())
                .unwrap_or_else(|| numeric_values(table, c));
            vec![number(p)]
        }
        Kind::Ordinal => vec![Values::Number(
            ranks(table, c, s.levels.as_deref().unwrap_or(&[])).values,
        )],
        Kind::Boolean => vec![Values::Codes(
            yes_no(table, c)
                .values
                .iter()
                .map(|v| v.is_finite().then_some(*v as u32))
                .collect(),
        )],
        Kind::Date => {
            let (Some(format), Some(to)) = (s.date_format, days_to.and_then(|d| d.day(table)))
            else {
                return Vec::new();
            };
            vec![number(days_since(table, c, format.order(), to))]
        }
        #[cfg(feature = "full-report")]
        Kind::List => {
            // One 0/1 variable per frequent item, as the fit encodes it.
            let sep = s.separator.unwrap_or(',');
            let found = crate::schema::list::frequent(table.column(c), sep);
            let index = crate::schema::list::ItemIndex::new(&found.items, sep);
            let mut held = Vec::new();
            let mut out = vec![Vec::with_capacity(table.rows()); found.items.len()];
            for cell in table.column(c).iter() {
                index.of(cell, &mut held);
                for (i, v) in out.iter_mut().enumerate() {
                    v.push(Some(u32::from(held.contains(&i))));
                }
            }
            out.into_iter().map(Values::Codes).collect()
        }
        _ => {
            // Every value its own code here (not the 30 the encoding keeps): a city's
            // determination of its country needs them all.
            let mut all: std::collections::HashMap<&str, u32> = std::collections::HashMap::new();
            let codes = table
                .column(c)
                .iter()
                .map(|cell| {
                    let t = cell.trim();
                    if crate::schema::is_missing(t) {
                        return None;
                    }
                    let next = all.len() as u32;
                    Some(*all.entry(t).or_insert(next))
                })
                .collect();
            vec![Values::Codes(codes)]
        }
    }
}
