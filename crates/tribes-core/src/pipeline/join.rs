//! A customers file and its orders file: the key chosen (given, or measured on both files), the
//! orders summed up per customer, the figures joined onto the customers, and the joined table
//! analysed like any customers file.

use std::borrow::Cow;

use super::dataset::Dataset;
use super::progress::{Progress, Stage};
use crate::error::{Error, ParamError, Result};
use crate::options::Settings;
use crate::report::AnalysisResult;
use crate::rfm::join::{self, key, JoinReport};
use crate::rfm::{self, guess};
use crate::schema::infer;

/// A customers file with its orders' figures, and what the join did.
#[derive(Debug, Clone)]
pub struct Joined {
    /// The customers file with the added columns: what is analysed and exported.
    pub data: Dataset,
    pub report: JoinReport,
}

impl Joined {
    /// The joined table's analysis, with the join's report in `join`; its model says it was
    /// joined, so that applying it to one file is refused.
    pub fn analyze(
        &self,
        settings: &Settings,
        progress: &mut dyn FnMut(Progress) -> bool,
    ) -> Result<AnalysisResult> {
        let mut result = self.data.analyze(settings, progress)?;
        result.join = Some(self.report.clone());
        result.model.join = Some(format!(
            "{}={}",
            self.report.key.customers, self.report.key.orders
        ));
        Ok(result)
    }
}

// Here rather than in `dataset`, so that `dataset` does not import this module, which
// imports it.
impl Dataset {
    /// This customers file with each customer's figures from `orders` (an orders file), joined
    /// on `settings`' `join` or on the key columns whose values match best on both files.
    pub fn join(
        &self,
        orders: &Dataset,
        settings: &Settings,
        progress: &mut dyn FnMut(Progress) -> bool,
    ) -> Result<Joined> {
        join(self, orders, settings, progress)
    }
}

fn join_column(data: &Dataset, file: &'static str, name: &str) -> Result<usize, ParamError> {
    data.table
        .headers
        .iter()
        .position(|h| h == name)
        .ok_or_else(|| ParamError::JoinColumn {
            file,
            name: name.to_owned(),
            available: data.table.headers.join(", "),
        })
}

/// `customers` with each customer's figures from `orders`, joined on `settings.rfm.join`, or on
/// the pair of columns whose values match best on both files.
pub fn join(
    customers: &Dataset,
    orders: &Dataset,
    settings: &Settings,
    progress: &mut dyn FnMut(Progress) -> bool,
) -> Result<Joined> {
    super::analyze::rows_left(&customers.table)?;
    let (pair, candidates) = match &settings.rfm.join {
        Some((c, o)) => {
            let c = join_column(customers, "customers", c)?;
            let o = join_column(orders, "orders", o)?;
            (
                join::rates(&customers.table, c, &orders.table, o),
                Vec::new(),
            )
        }
        None => {
            let first = match &settings.rfm.customer {
                Some(name) => Some(orders.table.find("customer", name)?),
                None => guess(&orders.table, &orders.schema)
                    .customer
                    .and_then(|name| orders.table.headers.iter().position(|h| *h == name)),
            };
            let candidates = join::measure(
                &customers.table,
                &customers.schema,
                &orders.table,
                &orders.schema,
                first,
            );
            let mut candidates = candidates;
            candidates.truncate(12);
            match candidates.first() {
                Some(best) if best.customers_matched > 0.0 && best.orders_matched > 0.0 => {
                    (best.clone(), candidates)
                }
                _ => {
                    let tried: Vec<String> = candidates
                        .iter()
                        .take(6)
                        .map(|p| format!("{} = {}", p.customers, p.orders))
                        .collect();
                    return Err(Error::NoJoinKey {
                        tried: if tried.is_empty() {
                            "no identifier or e-mail column in either file".into()
                        } else {
                            tried.join(", ")
                        },
                    });
                }
            }
        }
    };
    let key_column = join_column(customers, "customers", &pair.customers)?;
    let orders_column = join_column(orders, "orders", &pair.orders)?;
    // The orders' customer column as keys (trimmed, lower case), so that one customer written
    // two ways is one customer in the figures.
    let normal = orders
        .table
        .with_columns(orders.table.headers.clone(), |r, c| {
            let cell = orders.table.cells.get(r, c);
            if c == orders_column {
                key(cell).map_or(Cow::Borrowed(cell), Cow::Owned)
            } else {
                Cow::Borrowed(cell)
            }
        })?;
    let mut rfm_settings = settings.rfm.clone();
    rfm_settings.customer = Some(pair.orders.clone());
    let result = rfm::aggregate(&normal, &orders.schema, &rfm_settings, &mut |fraction| {
        progress(Progress {
            stage: Stage::Aggregate,
            fraction,
        })
    })?;
    drop(normal);
    let joined = join::join(
        &customers.table,
        key_column,
        &result,
        &orders.table,
        orders_column,
        pair,
        candidates,
        infer,
    )?;
    Ok(Joined {
        data: Dataset {
            table: joined.table,
            schema: joined.schema,
        },
        report: joined.report,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::options::{KChoice, Options};
    use crate::pipeline::progress::no_progress;
    use crate::read::{read, ReadSettings};
    use crate::report::Role;
    use crate::rfm::join::{JOINED, NEVER_ORDERED};
    use crate::schema::{Kind, Lens};

    // Six customers; Flo never ordered. Bo's e-mail is upper case in the customers file, Ann's
    // and Ed's in some of their orders (one with a trailing space).
    const CUSTOMERS: &[u8] = b"id,name,email,plan\n\
        C1,Ann Lee,ann@example.com,gold\n\
        C2,Bo Chen,BO@example.com,silver\n\
        C3,Cy Diaz,cy@example.com,gold\n\
        C4,Di Evans,di@example.com,silver\n\
        C5,Ed Fox,ed@example.com,gold\n\
        C6,Flo Gray,flo@example.com,silver\n";

    // Twelve orders: Di's second row is a return; zed@example.com is no customer of the file.
    const ORDERS: &[u8] = b"order_id,customer_email,order_date,amount\n\
        1,ann@example.com,2024-01-10,100\n\
        2,Ann@Example.com ,2024-03-10,50\n\
        3,bo@example.com,2024-02-01,20\n\
        4,bo@example.com,2024-02-15,30\n\
        5,bo@example.com,2024-06-30,10\n\
        6,cy@example.com,2024-05-01,200\n\
        7,di@example.com,2024-04-01,40\n\
        8,di@example.com,2024-04-20,-15\n\
        9,ed@example.com,2024-06-01,70\n\
        10,ED@EXAMPLE.COM,2024-06-15,30\n\
        11,zed@example.com,2024-06-20,99\n\
        12,zed@example.com,2024-06-25,1\n";

    fn data(bytes: &[u8]) -> Dataset {
        Dataset::new(read(bytes, &ReadSettings::default()).unwrap())
    }

    fn settings(options: Options) -> Settings {
        options.check(7).unwrap()
    }

    fn joined(options: Options) -> Result<Joined> {
        data(CUSTOMERS).join(&data(ORDERS), &settings(options), &mut no_progress)
    }

    #[test]
    fn a_hand_worked_pair_joins_on_the_e_mail_whatever_its_case() {
        let j = joined(Options::default()).unwrap();
        let r = &j.report;
        // email = customer_email: 5 of 6 customers have orders, 10 of 12 orders a customer.
        assert_eq!(
            (r.key.customers.as_str(), r.key.orders.as_str()),
            ("email", "customer_email")
        );
        assert_eq!(r.chosen, "measured");
        assert!((r.key.customers_matched - 5.0 / 6.0).abs() < 1e-12);
        assert!((r.key.orders_matched - 10.0 / 12.0).abs() < 1e-12);
        // Recency and tenure count to the orders' last date, 2024-06-30.
        assert_eq!(r.as_of, "2024-06-30");
        let t = &j.data.table;
        let col = |name: &str| t.headers.iter().position(|h| h == name).unwrap();
        let row =
            |r: usize| -> Vec<&str> { JOINED.iter().map(|c| t.cells.get(r, col(c))).collect() };
        // orders, order_total, average_order, days_since_last_order, days_since_first_order,
        // rfm_segment (whose name depends on the scores of five customers; checked apart).
        // Ann: 2 orders (one written Ann@Example.com), 150; last 2024-03-10 is 112 days before
        // 2024-06-30 (21 + 30 + 31 + 30), first 2024-01-10 is 172 (21 + 29 + 31 + 30 + 31 + 30).
        assert_eq!(&row(0)[..5], ["2", "150", "75", "112", "172"]);
        // Bo (BO@example.com in the customers file): 3 orders, 60; last on the as-of date,
        // first 2024-02-01, 150 days before.
        assert_eq!(&row(1)[..5], ["3", "60", "20", "0", "150"]);
        // Cy: 1 order of 200 on 2024-05-01, 60 days before.
        assert_eq!(&row(2)[..5], ["1", "200", "200", "60", "60"]);
        // Di: the return nets out (40 - 15) and is no order; the last order is 2024-04-01.
        assert_eq!(&row(3)[..5], ["1", "25", "25", "90", "90"]);
        // Ed: 2 orders (one in capitals), 100; 15 and 29 days.
        assert_eq!(&row(4)[..5], ["2", "100", "50", "15", "29"]);
        // Flo never ordered: a group of its own, not missing orders.
        assert_eq!(row(5), ["0", "0", "", "", "", NEVER_ORDERED]);
        assert_eq!(
            (r.customers, r.matched, r.never_ordered, r.without_key),
            (6, 5, 1, 0)
        );
        // Every order row accounted for: 10 joined, zed's 2 listed.
        let o = &r.orders;
        assert_eq!(
            (o.records, o.joined, o.unmatched, o.skipped),
            (12, 10, 2, 0)
        );
        assert_eq!(o.unmatched_customers, 1);
        assert_eq!(
            o.unmatched_rows.iter().map(|s| s.row).collect::<Vec<_>>(),
            [11, 12]
        );
        // The reason names the column, not the customer's e-mail.
        assert!(!o.unmatched_rows[0].reason.contains("zed"));
        // The added columns are behaviour features; the key stays personal.
        let schema = &j.data.schema;
        for c in [
            "orders",
            "order_total",
            "days_since_last_order",
            "days_since_first_order",
        ] {
            let s = &schema[col(c)];
            assert_eq!(
                (s.kind, s.role, s.lens),
                (Kind::Numeric, Role::Feature, Lens::Behaviour),
                "{c}"
            );
        }
        assert_eq!(schema[col("rfm_segment")].role, Role::Profile);
        assert_eq!(schema[col("average_order")].role, Role::Profile);
        assert_eq!(schema[col("email")].role, Role::Personal);
    }

    #[test]
    fn a_given_key_is_used_and_a_bad_one_refused_by_name() {
        let j = joined(Options {
            join: Some("email = customer_email".into()),
            ..Options::default()
        })
        .unwrap();
        assert_eq!(j.report.chosen, "given");
        assert!(j.report.candidates.is_empty());
        assert_eq!(j.report.matched, 5);
        let e = joined(Options {
            join: Some("mail=customer_email".into()),
            ..Options::default()
        })
        .unwrap_err();
        assert!(
            e.to_string()
                .contains("the customers file has no column named \"mail\""),
            "{e}"
        );
        let e = joined(Options {
            join: Some("email=buyer".into()),
            ..Options::default()
        })
        .unwrap_err();
        assert!(
            e.to_string()
                .contains("the orders file has no column named \"buyer\""),
            "{e}"
        );
        let e = Options {
            join: Some("email".into()),
            ..Options::default()
        }
        .check(1)
        .unwrap_err();
        assert_eq!(e, ParamError::Join("email".into()));
    }

    #[test]
    fn files_with_no_common_customer_are_refused_saying_what_was_tried() {
        let other =
            b"id,name,email,plan\nX1,Al,al@example.org,gold\nX2,Bea,bea@example.org,silver\n";
        let e = data(other)
            .join(
                &data(ORDERS),
                &settings(Options::default()),
                &mut no_progress,
            )
            .unwrap_err();
        let text = e.to_string();
        assert!(
            text.starts_with("join: no column of the customers file matches"),
            "{text}"
        );
        assert!(text.contains("email = customer_email"), "{text}");
    }

    #[test]
    fn the_joined_file_segments_exports_and_saves_a_model_apply_refuses() {
        let j = joined(Options::default()).unwrap();
        let s = settings(Options {
            k: KChoice::Fixed(2.0),
            ..Options::default()
        });
        let r = j.analyze(&s, &mut no_progress).unwrap();
        assert_eq!(r.labels.len(), 6);
        assert!(r.join.is_some());
        let used: Vec<&str> = r
            .columns
            .iter()
            .filter(|c| c.role.segments())
            .map(|c| c.name.as_str())
            .collect();
        assert!(
            !used.contains(&"email") && !used.contains(&"name"),
            "{used:?}"
        );
        // The export carries the added columns.
        let names: Vec<String> = r.segments.iter().map(|s| s.name.clone()).collect();
        let csv =
            String::from_utf8(j.data.export_csv(&r.labels, &names, &Default::default())).unwrap();
        let header = csv.lines().next().unwrap();
        assert!(header.starts_with("id,name,email,plan,orders,order_total,average_order,days_since_last_order,days_since_first_order,rfm_segment,segment,segment_name"), "{header}");
        assert!(
            csv.contains("C6,Flo Gray,flo@example.com,silver,0,0,,,,Never ordered,"),
            "{csv}"
        );
        // The model knows it was joined, and applying it to one file is refused.
        assert_eq!(r.model.join.as_deref(), Some("email=customer_email"));
        let e = data(CUSTOMERS).apply(&r.model).unwrap_err();
        assert!(matches!(e, Error::JoinedModel { .. }), "{e}");
    }
}
