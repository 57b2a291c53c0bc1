//! Mailchimp's audience export: a ZIP of `subscribed_members_export_<id>.csv`,
//! `unsubscribed_members_export_<id>.csv` and `cleaned_members_export_<id>.csv`.
//!
//! Layout: "View or export an audience", <https://mailchimp.com/help/view-export-contacts/>
//! (the ZIP and its three files: subscribed, unsubscribed, cleaned); the columns are the
//! audience's fields (Email Address, First Name, Last Name, Address, Phone Number, Birthday and
//! the merge fields the account added), then Mailchimp's own: MEMBER_RATING, OPTIN_TIME,
//! OPTIN_IP, CONFIRM_TIME, CONFIRM_IP, LATITUDE, LONGITUDE, GMTOFF, DSTOFF, TIMEZONE, CC, REGION,
//! LAST_CHANGED, LEID, EUID, NOTES, TAGS; the unsubscribed file adds UNSUB_TIME,
//! UNSUB_CAMPAIGN_TITLE, UNSUB_CAMPAIGN_ID, UNSUB_REASON, UNSUB_REASON_OTHER and the cleaned
//! file CLEAN_TIME, CLEAN_CAMPAIGN_TITLE, CLEAN_CAMPAIGN_ID (the order public readers of these
//! exports test against). Fields holding a space are quoted, dates are `2021-06-03 14:22:11`,
//! the address is one field of parts separated by two spaces, and TAGS lists quoted tags.
//!
//! Four engagement groups are planted: engaged (4-5 stars, subscribed for years, changed
//! lately), new (2-3 stars, confirmed in the last 45 days), dormant (1-2 stars, nothing changed
//! for a year or more), and lost (unsubscribed or cleaned). The truth sidecar numbers the
//! records entry after entry: subscribed, then unsubscribed, then cleaned.

use super::common::{daytime, hms, iso, person, Dataset, Layout, Quote, Rng, Style, Table};

const FIELDS: &[&str] = &[
    "Email Address",
    "First Name",
    "Last Name",
    "Address",
    "Phone Number",
    "Birthday",
    "Signup Source",
    "Favourite Category",
    "MEMBER_RATING",
    "OPTIN_TIME",
    "OPTIN_IP",
    "CONFIRM_TIME",
    "CONFIRM_IP",
    "LATITUDE",
    "LONGITUDE",
    "GMTOFF",
    "DSTOFF",
    "TIMEZONE",
    "CC",
    "REGION",
    "LAST_CHANGED",
    "LEID",
    "EUID",
    "NOTES",
    "TAGS",
];

const UNSUB: &[&str] = &[
    "UNSUB_TIME",
    "UNSUB_CAMPAIGN_TITLE",
    "UNSUB_CAMPAIGN_ID",
    "UNSUB_REASON",
    "UNSUB_REASON_OTHER",
];

const CLEAN: &[&str] = &["CLEAN_TIME", "CLEAN_CAMPAIGN_TITLE", "CLEAN_CAMPAIGN_ID"];

/// (group, share, stars, days since confirming, days since the last change).
type Engagement = (&'static str, f64, (i64, i64), (i64, i64), (i64, i64));

const ENGAGEMENT: &[Engagement] = &[
    ("engaged", 0.30, (4, 5), (365, 1_500), (0, 60)),
    ("new", 0.20, (2, 3), (1, 45), (0, 45)),
    ("dormant", 0.30, (1, 2), (500, 2_000), (365, 1_100)),
    ("lost", 0.20, (1, 2), (200, 2_000), (10, 500)),
];

const TODAY: i64 = 20_088;

const CAMPAIGNS: &[&str] = &[
    "Spring Sale 2024",
    "Weekly Digest #41",
    "Black Friday Early Access",
    "We miss you",
];

fn stamp(rng: &mut Rng, day: i64) -> String {
    format!("{} {}", iso(day), hms(daytime(rng)))
}

fn ip(rng: &mut Rng) -> String {
    format!(
        "{}.{}.{}.{}",
        rng.pick(&[23, 51, 66, 77, 89, 104, 142, 185]),
        rng.between(0, 255),
        rng.between(0, 255),
        rng.between(1, 254)
    )
}

pub fn audience(rng: &mut Rng, rows: usize) -> Dataset {
    let id = rng.hex(10);
    let mut subscribed = Table::new(FIELDS);
    let mut unsub_cols = FIELDS.to_vec();
    unsub_cols.extend_from_slice(UNSUB);
    let mut unsubscribed = Table::new(&unsub_cols);
    let mut clean_cols = FIELDS.to_vec();
    clean_cols.extend_from_slice(CLEAN);
    let mut cleaned = Table::new(&clean_cols);
    subscribed.entry = format!("subscribed_members_export_{id}.csv");
    unsubscribed.entry = format!("unsubscribed_members_export_{id}.csv");
    cleaned.entry = format!("cleaned_members_export_{id}.csv");
    let mut truths: [Vec<&'static str>; 3] = Default::default();
    let shares: Vec<f64> = ENGAGEMENT.iter().map(|e| e.1).collect();
    for i in 0..rows {
        let (group, _, stars, confirmed, changed) = ENGAGEMENT[rng.weighted(&shares)];
        let p = person(rng, i);
        let confirm_day = TODAY - rng.between(confirmed.0, confirmed.1);
        let change_day = (TODAY - rng.between(changed.0, changed.1)).max(confirm_day);
        let optin_day = confirm_day - rng.between(0, 1);
        let address = if rng.chance(0.4) {
            format!(
                "{}  {}  {}  {}  {}",
                p.street,
                p.place.city,
                p.place.region_code,
                p.place.postal_code(rng),
                p.place.country_code
            )
        } else {
            String::new()
        };
        // Every place here observes daylight saving time except Queensland.
        let dst = p.place.gmtoff + i32::from(p.place.region_code != "QLD");
        let located = rng.chance(0.7);
        let mut tags: Vec<&str> = Vec::new();
        if rng.chance(0.3) {
            tags.push("\"Blog\"");
        }
        if rng.chance(0.15) {
            tags.push("\"Customer\"");
        }
        if rng.chance(0.1) {
            tags.push("\"Webinar 2023\"");
        }
        let cells = vec![
            ("Email Address", p.email.clone()),
            (
                "First Name",
                if rng.chance(0.9) {
                    p.first.to_string()
                } else {
                    String::new()
                },
            ),
            (
                "Last Name",
                if rng.chance(0.85) {
                    p.last.to_string()
                } else {
                    String::new()
                },
            ),
            ("Address", address),
            (
                "Phone Number",
                if rng.chance(0.3) {
                    p.phone.clone()
                } else {
                    String::new()
                },
            ),
            (
                "Birthday",
                if rng.chance(0.25) {
                    format!("{:02}/{:02}", rng.between(1, 12), rng.between(1, 28))
                } else {
                    String::new()
                },
            ),
            (
                "Signup Source",
                rng.pick(&["Website", "Checkout", "Pop-up form", "Import"])
                    .to_string(),
            ),
            (
                "Favourite Category",
                if rng.chance(0.5) {
                    rng.pick(&["Outdoor", "Kitchen", "Apparel", "Gifts"])
                        .to_string()
                } else {
                    String::new()
                },
            ),
            ("MEMBER_RATING", rng.between(stars.0, stars.1).to_string()),
            (
                "OPTIN_TIME",
                if rng.chance(0.7) {
                    stamp(rng, optin_day)
                } else {
                    String::new()
                },
            ),
            (
                "OPTIN_IP",
                if rng.chance(0.6) {
                    ip(rng)
                } else {
                    String::new()
                },
            ),
            ("CONFIRM_TIME", stamp(rng, confirm_day)),
            ("CONFIRM_IP", ip(rng)),
            (
                "LATITUDE",
                if located {
                    format!("{:.7}", p.place.lat + rng.normal(0.0, 0.05))
                } else {
                    String::new()
                },
            ),
            (
                "LONGITUDE",
                if located {
                    format!("{:.7}", p.place.lon + rng.normal(0.0, 0.05))
                } else {
                    String::new()
                },
            ),
            (
                "GMTOFF",
                if located {
                    p.place.gmtoff.to_string()
                } else {
                    String::new()
                },
            ),
            (
                "DSTOFF",
                if located {
                    dst.to_string()
                } else {
                    String::new()
                },
            ),
            (
                "TIMEZONE",
                if located {
                    p.place.tz.to_string()
                } else {
                    String::new()
                },
            ),
            (
                "CC",
                if located {
                    p.place.country_code.to_string()
                } else {
                    String::new()
                },
            ),
            (
                "REGION",
                if located {
                    p.place.region_code.to_string()
                } else {
                    String::new()
                },
            ),
            ("LAST_CHANGED", stamp(rng, change_day)),
            (
                "LEID",
                (40_000_000 + i as i64 * 37 + rng.between(0, 36)).to_string(),
            ),
            ("EUID", rng.hex(10)),
            ("NOTES", String::new()),
            ("TAGS", tags.join(",")),
        ];
        let lost = group == "lost";
        if lost && rng.chance(0.6) {
            let mut cells = cells;
            cells.extend([
                ("UNSUB_TIME", stamp(rng, change_day)),
                ("UNSUB_CAMPAIGN_TITLE", rng.pick(CAMPAIGNS).to_string()),
                ("UNSUB_CAMPAIGN_ID", rng.hex(10)),
                (
                    "UNSUB_REASON",
                    rng.pick(&[
                        "I no longer want to receive these emails",
                        "The emails are too frequent",
                        "I never signed up for this mailing list",
                        "Other (fill in reason below)",
                    ])
                    .to_string(),
                ),
                ("UNSUB_REASON_OTHER", String::new()),
            ]);
            unsubscribed.push(&cells);
            truths[1].push(group);
        } else if lost {
            let mut cells = cells;
            cells.extend([
                ("CLEAN_TIME", stamp(rng, change_day)),
                ("CLEAN_CAMPAIGN_TITLE", rng.pick(CAMPAIGNS).to_string()),
                ("CLEAN_CAMPAIGN_ID", rng.hex(10)),
            ]);
            cleaned.push(&cells);
            truths[2].push(group);
        } else {
            subscribed.push(&cells);
            truths[0].push(group);
        }
    }
    let [a, b, c] = truths;
    Dataset {
        tables: vec![subscribed, unsubscribed, cleaned],
        truth: a.into_iter().chain(b).chain(c).collect(),
        rfm: None,
        layout: Layout::Zip(Style {
            bom: false,
            crlf: false,
            quote: Quote::Spaces,
        }),
        footer: Vec::new(),
        translations: &[],
    }
}
