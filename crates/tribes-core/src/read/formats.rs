//! Known exports: the column layouts of the platforms marketers export from (Shopify, HubSpot,
//! Mailchimp, Klaviyo, Salesforce, WooCommerce, Stripe), each column with what it means, and the
//! recognition of a file's layout from its headers.
//!
//! The registry is data: [`FORMATS`] lists each format's documented columns with their
//! [`Meaning`] (and, through [`Meaning::topic`], the coarse kind of information it is: personal,
//! identifier, owner, location, behaviour...), and for the orders formats which columns make an
//! order (customer, date, amount, order id, refunds, status) and which statuses are not orders.
//! Later stages take their hints from it: the orders guess (`rfm`) reads its mapping, and the
//! column roles can read the meanings of a recognised file's columns.
//!
//! A file is recognised as a format when at least half of the format's documented columns (and
//! at least [`MIN_MATCHED`] of them) are among its headers, in any order and with any extra
//! columns. Headers are compared folded: case, spaces, punctuation and accents do not matter
//! (`Created at`, `created_at`, `CREATED-AT` are one header), and a column may also match the
//! localized labels the platform documents. When several formats pass, the one with the larger
//! share of its columns present wins (then the one with more columns matched).

use serde::Serialize;

/// What a known column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Meaning {
    // Who the row is: personal data, never a segment's feature or name.
    Email,
    FirstName,
    LastName,
    FullName,
    Salutation,
    Phone,
    Street,
    IpAddress,
    Birthday,
    // Identifiers of records.
    RecordId,
    CustomerId,
    AccountId,
    // Where.
    City,
    Region,
    Country,
    PostalCode,
    Latitude,
    Longitude,
    Timezone,
    // The company a contact works for.
    Company,
    JobTitle,
    Industry,
    Employees,
    AnnualRevenue,
    AccountType,
    /// The user who owns the record (contact owner, lead owner): not about the customer.
    Owner,
    // When.
    Created,
    LastActivity,
    LastOpen,
    LastClick,
    LastChanged,
    // How the customer buys or engages, as the platform sums it up.
    TotalSpent,
    OrdersCount,
    AverageOrderValue,
    PredictedValue,
    PredictedOrders,
    DaysBetweenOrders,
    NextOrderDate,
    MemberRating,
    // Consent.
    EmailConsent,
    SmsConsent,
    EmailOptOut,
    MarketingStatus,
    // Where the record stands in the funnel.
    LeadSource,
    LifecycleStage,
    LeadStatus,
    Rating,
    /// Outcomes: converted, churn probability.
    Converted,
    ChurnProbability,
    Tags,
    Note,
    // Orders and payments.
    OrderId,
    OrderDate,
    OrderTotal,
    Subtotal,
    Shipping,
    Taxes,
    Discount,
    Refunded,
    FinancialStatus,
    FulfillmentStatus,
    Currency,
    PaymentMethod,
    PaidAt,
    CancelledAt,
    LineQuantity,
    LinePrice,
    LineName,
    LineSku,
    LineItems,
    /// Documented, with no meaning the analysis uses.
    Other,
}

/// The kind of information a column is, coarser than its meaning: what the column roles and
/// lenses of the analysis ask of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Topic {
    /// Names, e-mail, phone, street address, birthday, IP address.
    Personal,
    Identifier,
    Location,
    Firmographic,
    Owner,
    /// Dates of activity: created, last activity, last open...
    Activity,
    /// Spend, orders and the like.
    Behaviour,
    Consent,
    /// Funnel stage, lead status, source, rating.
    Stage,
    /// What happened: converted, churn.
    Outcome,
    Tags,
    Note,
    /// The columns of an order or a payment.
    Order,
    Other,
}

impl Meaning {
    pub fn topic(self) -> Topic {
        use Meaning as M;
        match self {
            M::Email
            | M::FirstName
            | M::LastName
            | M::FullName
            | M::Salutation
            | M::Phone
            | M::Street
            | M::IpAddress
            | M::Birthday => Topic::Personal,
            M::RecordId | M::CustomerId | M::AccountId | M::OrderId => Topic::Identifier,
            M::City
            | M::Region
            | M::Country
            | M::PostalCode
            | M::Latitude
            | M::Longitude
            | M::Timezone => Topic::Location,
            M::Company | M::JobTitle | M::Industry | M::Employees | M::AnnualRevenue => {
                Topic::Firmographic
            }
            M::AccountType => Topic::Firmographic,
            M::Owner => Topic::Owner,
            M::Created | M::LastActivity | M::LastOpen | M::LastClick | M::LastChanged => {
                Topic::Activity
            }
            M::TotalSpent
            | M::OrdersCount
            | M::AverageOrderValue
            | M::PredictedValue
            | M::PredictedOrders
            | M::DaysBetweenOrders
            | M::NextOrderDate
            | M::MemberRating => Topic::Behaviour,
            M::EmailConsent | M::SmsConsent | M::EmailOptOut | M::MarketingStatus => Topic::Consent,
            M::LeadSource | M::LifecycleStage | M::LeadStatus | M::Rating => Topic::Stage,
            M::Converted | M::ChurnProbability => Topic::Outcome,
            M::Tags => Topic::Tags,
            M::Note => Topic::Note,
            M::OrderDate
            | M::OrderTotal
            | M::Subtotal
            | M::Shipping
            | M::Taxes
            | M::Discount
            | M::Refunded
            | M::FinancialStatus
            | M::FulfillmentStatus
            | M::Currency
            | M::PaymentMethod
            | M::PaidAt
            | M::CancelledAt
            | M::LineQuantity
            | M::LinePrice
            | M::LineName
            | M::LineSku
            | M::LineItems => Topic::Order,
            M::Other => Topic::Other,
        }
    }
}

/// What one row of a format is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Shape {
    /// One row per person (a contact, a customer, a subscriber, a lead): never orders.
    People,
    /// One row per order, order line or payment.
    Orders,
}

/// A documented column: its header as the platform writes it, what it means, and the localized
/// headers the platform documents for it.
#[derive(Debug, Clone, Copy)]
pub struct Column {
    pub header: &'static str,
    pub meaning: Meaning,
    pub localized: &'static [&'static str],
}

/// Which columns make an order, each a list of headers in order of preference (the first one
/// present is used), and the statuses that are not orders.
#[derive(Debug, Clone, Copy)]
pub struct OrderLayout {
    pub customer: &'static [&'static str],
    pub date: &'static [&'static str],
    /// The amount and, beside it, the refunded amount in the same currency.
    pub amount: &'static [(&'static str, Option<&'static str>)],
    /// The amount is the order's total, written once per order (on its first line): counted
    /// once per order, never once per line.
    pub per_order: bool,
    pub order: &'static [&'static str],
    pub status: &'static [&'static str],
    /// Status values (folded) of rows that are not orders: failed or voided payments, cancelled
    /// orders, orders refunded in full.
    pub not_orders: &'static [&'static str],
}

/// A known export.
#[derive(Debug, Clone, Copy)]
pub struct KnownFormat {
    /// A short id: `shopify-orders`.
    pub name: &'static str,
    /// In words: `Shopify orders export`.
    pub label: &'static str,
    pub shape: Shape,
    /// Where the layout is documented.
    pub source: &'static str,
    pub columns: &'static [Column],
    pub orders: Option<OrderLayout>,
}

/// A format needs at least this many of its columns present, however few it documents.
pub const MIN_MATCHED: usize = 4;

/// ... and at least this share of them.
pub const MIN_SHARE: f64 = 0.5;

const fn c(header: &'static str, meaning: Meaning) -> Column {
    Column {
        header,
        meaning,
        localized: &[],
    }
}

const fn l(header: &'static str, meaning: Meaning, localized: &'static [&'static str]) -> Column {
    Column {
        header,
        meaning,
        localized,
    }
}

use Meaning as M;

/// Statuses that are not orders when a file's format is not known: the usual words of failed,
/// voided, cancelled and fully refunded payments.
pub const NOT_ORDERS: &[&str] = &[
    "failed",
    "voided",
    "void",
    "cancelled",
    "canceled",
    "declined",
    "refunded",
    "expired",
];

/// Every known export.
pub const FORMATS: &[KnownFormat] = &[
    KnownFormat {
        name: "shopify-customers",
        label: "Shopify customers export",
        shape: Shape::People,
        source: "https://help.shopify.com/en/manual/customers/import-export-customers",
        columns: &[
            c("Customer ID", M::CustomerId),
            c("First Name", M::FirstName),
            c("Last Name", M::LastName),
            c("Email", M::Email),
            c("Accepts Email Marketing", M::EmailConsent),
            c("Default Address Company", M::Company),
            c("Default Address Address1", M::Street),
            c("Default Address Address2", M::Street),
            c("Default Address City", M::City),
            c("Default Address Province Code", M::Region),
            c("Default Address Country Code", M::Country),
            c("Default Address Zip", M::PostalCode),
            c("Default Address Phone", M::Phone),
            c("Phone", M::Phone),
            c("Accepts SMS Marketing", M::SmsConsent),
            c("Total Spent", M::TotalSpent),
            c("Total Orders", M::OrdersCount),
            c("Note", M::Note),
            c("Tax Exempt", M::Other),
            c("Tags", M::Tags),
        ],
        orders: None,
    },
    KnownFormat {
        name: "shopify-orders",
        label: "Shopify orders export",
        shape: Shape::Orders,
        source: "https://help.shopify.com/en/manual/fulfillment/managing-orders/exporting-orders",
        columns: &[
            c("Name", M::OrderId),
            c("Email", M::Email),
            c("Financial Status", M::FinancialStatus),
            c("Paid at", M::PaidAt),
            c("Fulfillment Status", M::FulfillmentStatus),
            c("Fulfilled at", M::Other),
            c("Accepts Marketing", M::EmailConsent),
            c("Currency", M::Currency),
            c("Subtotal", M::Subtotal),
            c("Shipping", M::Shipping),
            c("Taxes", M::Taxes),
            c("Total", M::OrderTotal),
            c("Discount Code", M::Other),
            c("Discount Amount", M::Discount),
            c("Shipping Method", M::Other),
            c("Created at", M::OrderDate),
            c("Lineitem quantity", M::LineQuantity),
            c("Lineitem name", M::LineName),
            c("Lineitem price", M::LinePrice),
            c("Lineitem compare at price", M::Other),
            c("Lineitem sku", M::LineSku),
            c("Lineitem requires shipping", M::Other),
            c("Lineitem taxable", M::Other),
            c("Lineitem fulfillment status", M::Other),
            c("Billing Name", M::FullName),
            c("Billing Street", M::Street),
            c("Billing Address1", M::Street),
            c("Billing Address2", M::Street),
            c("Billing Company", M::Company),
            c("Billing City", M::City),
            c("Billing Zip", M::PostalCode),
            c("Billing Province", M::Region),
            c("Billing Country", M::Country),
            c("Billing Phone", M::Phone),
            c("Shipping Name", M::FullName),
            c("Shipping Street", M::Street),
            c("Shipping Address1", M::Street),
            c("Shipping Address2", M::Street),
            c("Shipping Company", M::Company),
            c("Shipping City", M::City),
            c("Shipping Zip", M::PostalCode),
            c("Shipping Province", M::Region),
            c("Shipping Country", M::Country),
            c("Shipping Phone", M::Phone),
            c("Notes", M::Note),
            c("Note Attributes", M::Other),
            c("Cancelled at", M::CancelledAt),
            c("Payment Method", M::PaymentMethod),
            c("Payment Reference", M::Other),
            c("Refunded Amount", M::Refunded),
            c("Vendor", M::Other),
            c("Outstanding Balance", M::Other),
            c("Employee", M::Other),
            c("Location", M::Other),
            c("Device ID", M::Other),
            c("Id", M::OrderId),
            c("Tags", M::Tags),
            c("Risk Level", M::Other),
            c("Source", M::Other),
            c("Lineitem discount", M::Other),
            c("Tax 1 Name", M::Other),
            c("Tax 1 Value", M::Other),
            c("Phone", M::Phone),
            c("Receipt Number", M::Other),
            c("Duties", M::Other),
            c("Billing Province Name", M::Region),
            c("Shipping Province Name", M::Region),
            c("Payment ID", M::Other),
            c("Payment Terms Name", M::Other),
            c("Next Payment Due At", M::Other),
            c("Payment References", M::Other),
        ],
        orders: Some(OrderLayout {
            customer: &["Email"],
            date: &["Created at"],
            amount: &[("Total", Some("Refunded Amount"))],
            per_order: true,
            order: &["Name", "Id"],
            status: &["Financial Status"],
            // Shopify's financial statuses (pending, authorized, partially_paid, paid,
            // partially_refunded, refunded, voided, expired): a voided or expired payment was
            // never taken, and a refunded order was given back in full.
            not_orders: &["voided", "refunded", "expired"],
        }),
    },
    KnownFormat {
        name: "hubspot-contacts",
        label: "HubSpot contacts export",
        shape: Shape::People,
        source: "https://knowledge.hubspot.com/properties/hubspots-default-contact-properties",
        columns: &[
            l(
                "Record ID",
                M::RecordId,
                &["Datensatz-ID", "ID de registro", "ID d'enregistrement"],
            ),
            l("First Name", M::FirstName, &["Vorname", "Nombre", "Prénom"]),
            l("Last Name", M::LastName, &["Nachname", "Apellidos", "Nom"]),
            l("Email", M::Email, &["E-Mail", "Correo", "E-mail"]),
            l(
                "Phone Number",
                M::Phone,
                &["Telefonnummer", "Número de teléfono", "Numéro de téléphone"],
            ),
            l(
                "Contact owner",
                M::Owner,
                &[
                    "Kontaktinhaber",
                    "Propietario del contacto",
                    "Propriétaire du contact",
                ],
            ),
            l(
                "Lifecycle Stage",
                M::LifecycleStage,
                &[
                    "Lifecycle-Phase",
                    "Etapa del ciclo de vida",
                    "Phase du cycle de vie",
                ],
            ),
            l(
                "Lead Status",
                M::LeadStatus,
                &["Lead-Status", "Estado del lead", "Statut du lead"],
            ),
            l(
                "Create Date",
                M::Created,
                &["Erstellungsdatum", "Fecha de creación", "Date de création"],
            ),
            l(
                "Last Activity Date",
                M::LastActivity,
                &[
                    "Datum der letzten Aktivität",
                    "Fecha de la última actividad",
                    "Date de dernière activité",
                ],
            ),
            l(
                "Company Name",
                M::Company,
                &[
                    "Name des Unternehmens",
                    "Nombre de la empresa",
                    "Nom de l'entreprise",
                ],
            ),
            l(
                "Job Title",
                M::JobTitle,
                &["Jobtitel", "Cargo", "Intitulé du poste"],
            ),
            l(
                "Industry",
                M::Industry,
                &["Branche", "Sector", "Secteur d'activité"],
            ),
            l(
                "Annual Revenue",
                M::AnnualRevenue,
                &[
                    "Jahresumsatz",
                    "Ingresos anuales",
                    "Chiffre d'affaires annuel",
                ],
            ),
            l(
                "Number of Employees",
                M::Employees,
                &[
                    "Anzahl der Mitarbeiter",
                    "Número de empleados",
                    "Nombre d'employés",
                ],
            ),
            l("City", M::City, &["Stadt", "Ciudad", "Ville"]),
            l(
                "State/Region",
                M::Region,
                &["Bundesland/Region", "Estado/Región", "État/Région"],
            ),
            l(
                "Country/Region",
                M::Country,
                &["Land/Region", "País/Región", "Pays/Région"],
            ),
            l(
                "Postal Code",
                M::PostalCode,
                &["Postleitzahl", "Código postal", "Code postal"],
            ),
            l(
                "Marketing contact status",
                M::MarketingStatus,
                &[
                    "Marketingkontaktstatus",
                    "Estado de contacto de marketing",
                    "Statut de contact marketing",
                ],
            ),
            c("Primary Associated Company ID", M::AccountId),
        ],
        orders: None,
    },
    KnownFormat {
        name: "mailchimp-audience",
        label: "Mailchimp audience export",
        shape: Shape::People,
        source: "https://mailchimp.com/help/view-export-contacts/",
        columns: &[
            c("Email Address", M::Email),
            c("First Name", M::FirstName),
            c("Last Name", M::LastName),
            c("Address", M::Street),
            c("Phone Number", M::Phone),
            c("Birthday", M::Birthday),
            c("MEMBER_RATING", M::MemberRating),
            c("OPTIN_TIME", M::Created),
            c("OPTIN_IP", M::IpAddress),
            c("CONFIRM_TIME", M::Created),
            c("CONFIRM_IP", M::IpAddress),
            c("LATITUDE", M::Latitude),
            c("LONGITUDE", M::Longitude),
            c("GMTOFF", M::Timezone),
            c("DSTOFF", M::Timezone),
            c("TIMEZONE", M::Timezone),
            c("CC", M::Country),
            c("REGION", M::Region),
            c("LAST_CHANGED", M::LastChanged),
            c("LEID", M::RecordId),
            c("EUID", M::RecordId),
            c("NOTES", M::Note),
            c("TAGS", M::Tags),
        ],
        orders: None,
    },
    KnownFormat {
        name: "klaviyo-profiles",
        label: "Klaviyo profiles export",
        shape: Shape::People,
        source: "https://help.klaviyo.com/hc/en-us/articles/115005237908",
        columns: &[
            c("Email", M::Email),
            c("Phone Number", M::Phone),
            c("First Name", M::FirstName),
            c("Last Name", M::LastName),
            c("Organization", M::Company),
            c("Title", M::JobTitle),
            c("Address", M::Street),
            c("Address 2", M::Street),
            c("City", M::City),
            c("State / Region", M::Region),
            c("Country", M::Country),
            c("Zip Code", M::PostalCode),
            c("Latitude", M::Latitude),
            c("Longitude", M::Longitude),
            c("Source", M::LeadSource),
            c("IP Address", M::IpAddress),
            c("Email Marketing Consent", M::EmailConsent),
            c("Email Marketing Consent Timestamp", M::Other),
            c("SMS Marketing Consent", M::SmsConsent),
            c("Timezone", M::Timezone),
            c("Date Added", M::Created),
            c("Last Open", M::LastOpen),
            c("Last Click", M::LastClick),
            c("First Active", M::Created),
            c("Last Active", M::LastActivity),
            c("Profile Created On", M::Created),
            c("Historic Customer Lifetime Value", M::TotalSpent),
            c("Predicted Customer Lifetime Value", M::PredictedValue),
            c("Total Customer Lifetime Value", M::PredictedValue),
            c("Historic Number Of Orders", M::OrdersCount),
            c("Predicted Number Of Orders", M::PredictedOrders),
            c("Average Days Between Orders", M::DaysBetweenOrders),
            c("Average Order Value", M::AverageOrderValue),
            c("Churn Probability", M::ChurnProbability),
            c("Expected Date Of Next Order", M::NextOrderDate),
            c("Klaviyo ID", M::RecordId),
        ],
        orders: None,
    },
    KnownFormat {
        name: "salesforce-contacts",
        label: "Salesforce contacts report",
        shape: Shape::People,
        source: "https://help.salesforce.com/s/articleView?id=sf.contacts_fields.htm",
        columns: &[
            l(
                "Contact Owner",
                M::Owner,
                &[
                    "Kontaktinhaber",
                    "Propietario del contacto",
                    "Propriétaire du contact",
                ],
            ),
            l(
                "Salutation",
                M::Salutation,
                &["Anrede", "Saludo", "Civilité"],
            ),
            l("First Name", M::FirstName, &["Vorname", "Nombre", "Prénom"]),
            l("Last Name", M::LastName, &["Nachname", "Apellidos", "Nom"]),
            l("Title", M::JobTitle, &["Titel", "Cargo", "Titre"]),
            l(
                "Account Name",
                M::Company,
                &["Accountname", "Nombre de la cuenta", "Nom du compte"],
            ),
            l(
                "Account Type",
                M::AccountType,
                &["Accounttyp", "Tipo de cuenta", "Type de compte"],
            ),
            l(
                "Industry",
                M::Industry,
                &["Branche", "Sector", "Secteur d'activité"],
            ),
            l(
                "Annual Revenue",
                M::AnnualRevenue,
                &[
                    "Jahresumsatz",
                    "Ingresos anuales",
                    "Chiffre d'affaires annuel",
                ],
            ),
            l(
                "Employees",
                M::Employees,
                &["Mitarbeiter", "Empleados", "Employés"],
            ),
            l(
                "Mailing Street",
                M::Street,
                &[
                    "Straße (Postanschrift)",
                    "Calle de correo",
                    "Rue (adresse postale)",
                ],
            ),
            l(
                "Mailing City",
                M::City,
                &[
                    "Ort (Postanschrift)",
                    "Ciudad de correo",
                    "Ville (adresse postale)",
                ],
            ),
            c("Mailing State/Province", M::Region),
            c("Mailing Zip/Postal Code", M::PostalCode),
            c("Mailing Country", M::Country),
            l("Phone", M::Phone, &["Telefon", "Teléfono", "Téléphone"]),
            l(
                "Mobile",
                M::Phone,
                &["Mobiltelefon", "Móvil", "Téléphone mobile"],
            ),
            l(
                "Email",
                M::Email,
                &["E-Mail", "Correo electrónico", "E-mail"],
            ),
            l(
                "Lead Source",
                M::LeadSource,
                &["Lead-Quelle", "Origen del candidato", "Origine de la piste"],
            ),
            l(
                "Email Opt Out",
                M::EmailOptOut,
                &[
                    "E-Mail-Opt-Out",
                    "Sin correo electrónico",
                    "Désinscription des e-mails",
                ],
            ),
            l(
                "Created Date",
                M::Created,
                &["Erstellungsdatum", "Fecha de creación", "Date de création"],
            ),
            l(
                "Last Activity",
                M::LastActivity,
                &["Letzte Aktivität", "Última actividad", "Dernière activité"],
            ),
            l(
                "Contact ID",
                M::RecordId,
                &["Kontakt-ID", "Id. de contacto", "ID du contact"],
            ),
            l(
                "Account ID",
                M::AccountId,
                &["Account-ID", "Id. de cuenta", "ID du compte"],
            ),
        ],
        orders: None,
    },
    KnownFormat {
        name: "salesforce-leads",
        label: "Salesforce leads report",
        shape: Shape::People,
        source: "https://help.salesforce.com/s/articleView?id=sf.leads_fields.htm",
        columns: &[
            l(
                "Lead Owner",
                M::Owner,
                &[
                    "Lead-Inhaber",
                    "Propietario del candidato",
                    "Propriétaire de la piste",
                ],
            ),
            l(
                "Salutation",
                M::Salutation,
                &["Anrede", "Saludo", "Civilité"],
            ),
            l("First Name", M::FirstName, &["Vorname", "Nombre", "Prénom"]),
            l("Last Name", M::LastName, &["Nachname", "Apellidos", "Nom"]),
            l("Title", M::JobTitle, &["Titel", "Cargo", "Titre"]),
            l(
                "Company / Account",
                M::Company,
                &["Firma/Account", "Compañía/Cuenta", "Société/Compte"],
            ),
            l("Street", M::Street, &["Straße", "Calle", "Rue"]),
            l("City", M::City, &["Ort", "Ciudad", "Ville"]),
            l(
                "State/Province",
                M::Region,
                &["Bundesland/Kanton", "Estado o provincia", "État/Province"],
            ),
            l(
                "Zip/Postal Code",
                M::PostalCode,
                &["PLZ", "Código postal", "Code postal"],
            ),
            l("Country", M::Country, &["Land", "País", "Pays"]),
            l("Phone", M::Phone, &["Telefon", "Teléfono", "Téléphone"]),
            l(
                "Mobile",
                M::Phone,
                &["Mobiltelefon", "Móvil", "Téléphone mobile"],
            ),
            l(
                "Email",
                M::Email,
                &["E-Mail", "Correo electrónico", "E-mail"],
            ),
            l(
                "Lead Source",
                M::LeadSource,
                &["Lead-Quelle", "Origen del candidato", "Origine de la piste"],
            ),
            l(
                "Lead Status",
                M::LeadStatus,
                &["Lead-Status", "Estado del candidato", "Statut de la piste"],
            ),
            l(
                "Rating",
                M::Rating,
                &["Bewertung", "Valoración", "Évaluation"],
            ),
            l(
                "Industry",
                M::Industry,
                &["Branche", "Sector", "Secteur d'activité"],
            ),
            l(
                "Annual Revenue",
                M::AnnualRevenue,
                &[
                    "Jahresumsatz",
                    "Ingresos anuales",
                    "Chiffre d'affaires annuel",
                ],
            ),
            l(
                "No. of Employees",
                M::Employees,
                &[
                    "Anzahl der Mitarbeiter",
                    "N.º de empleados",
                    "Nombre d'employés",
                ],
            ),
            l(
                "Create Date",
                M::Created,
                &["Erstellungsdatum", "Fecha de creación", "Date de création"],
            ),
            l(
                "Last Activity",
                M::LastActivity,
                &["Letzte Aktivität", "Última actividad", "Dernière activité"],
            ),
            l(
                "Converted",
                M::Converted,
                &["Konvertiert", "Convertido", "Converti"],
            ),
            l(
                "Email Opt Out",
                M::EmailOptOut,
                &[
                    "E-Mail-Opt-Out",
                    "Sin correo electrónico",
                    "Désinscription des e-mails",
                ],
            ),
            l(
                "Lead ID",
                M::RecordId,
                &["Lead-ID", "Id. del candidato", "ID de la piste"],
            ),
        ],
        orders: None,
    },
    KnownFormat {
        name: "woocommerce-orders",
        label: "WooCommerce orders export",
        shape: Shape::Orders,
        source: "https://woocommerce.com/document/import-and-export-of-woocommerce-orders/",
        columns: &[
            c("order_id", M::OrderId),
            c("order_number", M::OrderId),
            c("order_date", M::OrderDate),
            c("paid_date", M::PaidAt),
            c("status", M::FinancialStatus),
            c("shipping_total", M::Shipping),
            c("shipping_tax_total", M::Taxes),
            c("fee_total", M::Other),
            c("fee_tax_total", M::Other),
            c("tax_total", M::Taxes),
            c("cart_discount", M::Discount),
            c("order_discount", M::Discount),
            c("discount_total", M::Discount),
            c("order_total", M::OrderTotal),
            c("order_subtotal", M::Subtotal),
            c("order_currency", M::Currency),
            c("payment_method", M::PaymentMethod),
            c("payment_method_title", M::PaymentMethod),
            c("transaction_id", M::Other),
            c("customer_ip_address", M::IpAddress),
            c("customer_user_agent", M::Other),
            c("shipping_method", M::Other),
            c("customer_id", M::CustomerId),
            c("customer_user", M::CustomerId),
            c("customer_email", M::Email),
            c("billing_first_name", M::FirstName),
            c("billing_last_name", M::LastName),
            c("billing_company", M::Company),
            c("billing_email", M::Email),
            c("billing_phone", M::Phone),
            c("billing_address_1", M::Street),
            c("billing_address_2", M::Street),
            c("billing_postcode", M::PostalCode),
            c("billing_city", M::City),
            c("billing_state", M::Region),
            c("billing_country", M::Country),
            c("shipping_first_name", M::FirstName),
            c("shipping_last_name", M::LastName),
            c("shipping_company", M::Company),
            c("shipping_address_1", M::Street),
            c("shipping_address_2", M::Street),
            c("shipping_postcode", M::PostalCode),
            c("shipping_city", M::City),
            c("shipping_state", M::Region),
            c("shipping_country", M::Country),
            c("customer_note", M::Note),
            c("line_item_1", M::LineItems),
        ],
        orders: Some(OrderLayout {
            // Guests have customer_id 0: their e-mail tells them apart.
            customer: &["billing_email", "customer_email"],
            date: &["order_date", "paid_date"],
            amount: &[("order_total", None)],
            per_order: true,
            order: &["order_id", "order_number"],
            status: &["status"],
            // WooCommerce's order statuses: pending (awaiting payment), processing, on-hold,
            // completed, cancelled, refunded, failed, checkout-draft.
            not_orders: &[
                "cancelled",
                "refunded",
                "failed",
                "pending",
                "checkout-draft",
                "trash",
            ],
        }),
    },
    KnownFormat {
        name: "stripe-payments",
        label: "Stripe payments export",
        shape: Shape::Orders,
        source: "https://support.stripe.com/questions/exporting-a-report-of-all-transactions",
        columns: &[
            c("id", M::OrderId),
            c("Created date (UTC)", M::OrderDate),
            c("Amount", M::OrderTotal),
            c("Amount Refunded", M::Refunded),
            c("Currency", M::Currency),
            c("Captured", M::Other),
            c("Converted Amount", M::OrderTotal),
            c("Converted Amount Refunded", M::Refunded),
            c("Converted Currency", M::Currency),
            c("Decline Reason", M::Other),
            c("Description", M::Note),
            c("Fee", M::Other),
            c("Is Link", M::Other),
            c("Mode", M::Other),
            c("Payment Source Type", M::PaymentMethod),
            c("Refunded date (UTC)", M::Other),
            c("Statement Descriptor", M::Other),
            c("Status", M::FinancialStatus),
            c("Seller Message", M::Other),
            c("Taxes On Fee", M::Other),
            c("Card ID", M::Other),
            c("Customer ID", M::CustomerId),
            c("Customer Description", M::FullName),
            c("Customer Email", M::Email),
            c("Card Brand", M::PaymentMethod),
            c("Card Funding", M::Other),
            c("Card Last4", M::Other),
            c("Card Exp Month", M::Other),
            c("Card Exp Year", M::Other),
            c("Card Country", M::Country),
            c("Card Fingerprint", M::Other),
            c("Invoice ID", M::Other),
            c("Transfer", M::Other),
            c("PaymentIntent ID", M::Other),
        ],
        orders: Some(OrderLayout {
            customer: &["Customer ID", "Customer Email"],
            date: &["Created date (UTC)"],
            amount: &[
                ("Amount", Some("Amount Refunded")),
                ("Converted Amount", Some("Converted Amount Refunded")),
            ],
            per_order: true,
            order: &["id"],
            status: &["Status"],
            // Stripe's payment statuses: Paid, Refunded (in full), Failed; a canceled or
            // uncaptured payment took no money either.
            not_orders: &["failed", "refunded", "canceled", "uncaptured"],
        }),
    },
];

/// A header folded for comparison: lower case, accents removed, only letters and digits kept
/// (`Created at`, `created_at` and `CREATED-AT` are all `createdat`).
pub fn fold(header: &str) -> String {
    let mut out = String::with_capacity(header.len());
    for ch in header.chars().flat_map(char::to_lowercase) {
        let base = match ch {
            'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' => 'a',
            'ç' => 'c',
            'è' | 'é' | 'ê' | 'ë' => 'e',
            'ì' | 'í' | 'î' | 'ï' => 'i',
            'ñ' => 'n',
            'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' => 'o',
            'ù' | 'ú' | 'û' | 'ü' => 'u',
            'ý' | 'ÿ' => 'y',
            'ß' => {
                out.push_str("ss");
                continue;
            }
            other => other,
        };
        if base.is_alphanumeric() {
            out.push(base);
        }
    }
    out
}

/// A column of the file that a known format documents.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct KnownColumn {
    /// The file's header.
    pub column: String,
    /// The header as the platform documents it.
    pub documented: String,
    pub meaning: Meaning,
    pub topic: Topic,
}

/// The columns of an orders format's file that make its orders, as the file names them.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct OrderColumns {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub customer: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub amount: Option<String>,
    /// The amount is the order's total (counted once per order).
    pub per_order: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub order: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub refunded: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    /// Statuses of rows that are not orders (folded: lower case, letters and digits only).
    pub not_orders: Vec<String>,
}

/// A file recognised as a known export.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct FormatMatch {
    /// The format's id: `shopify-orders`.
    pub name: String,
    /// In words: `Shopify orders export`.
    pub label: String,
    pub shape: Shape,
    /// Where the platform documents the layout.
    pub source: String,
    /// The format's documented columns found in the file, of `documented`.
    pub matched: usize,
    pub documented: usize,
    /// `matched / documented`.
    pub confidence: f64,
    /// The file's columns the format documents, in the file's order, with their meaning.
    pub columns: Vec<KnownColumn>,
    /// For an orders format: the columns that make its orders.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub orders: Option<OrderColumns>,
    /// The recognition in words: `Shopify orders export: customer = Email, date = Created at,
    /// amount = Total per order, order = Name`.
    pub mapping: String,
}

/// A format whose columns passed, with the file's columns it found.
struct Candidate<'f> {
    share: f64,
    format: &'f KnownFormat,
    found: Vec<(usize, &'f Column)>,
}

/// The known export `headers` are, if any.
pub fn recognise(headers: &[String]) -> Option<FormatMatch> {
    let folded: Vec<String> = headers.iter().map(|h| fold(h)).collect();
    let mut best: Option<Candidate> = None;
    for format in FORMATS {
        let found = find_columns(format, &folded);
        let share = found.len() as f64 / format.columns.len() as f64;
        if found.len() < MIN_MATCHED || share < MIN_SHARE {
            continue;
        }
        let better = best
            .as_ref()
            .is_none_or(|b| (share, found.len()) > (b.share, b.found.len()));
        if better {
            best = Some(Candidate {
                share,
                format,
                found,
            });
        }
    }
    let Candidate {
        share,
        format,
        found,
    } = best?;
    let matched = found.len();
    let mut columns: Vec<KnownColumn> = found
        .iter()
        .map(|&(i, col)| KnownColumn {
            column: headers[i].clone(),
            documented: col.header.to_owned(),
            meaning: col.meaning,
            topic: col.meaning.topic(),
        })
        .collect();
    let position = |k: &KnownColumn| headers.iter().position(|h| *h == k.column);
    crate::util::order::sort_by(&mut columns, |a, b| position(a).cmp(&position(b)));
    let orders = format
        .orders
        .map(|layout| order_columns(&layout, headers, &folded, format));
    let mapping = describe(format, orders.as_ref(), matched);
    Some(FormatMatch {
        name: format.name.to_owned(),
        label: format.label.to_owned(),
        shape: format.shape,
        source: format.source.to_owned(),
        matched,
        documented: format.columns.len(),
        confidence: share,
        columns,
        orders,
        mapping,
    })
}

/// The file column (index) each of `format`'s columns is, for those present: a file column
/// matches one documented column at most.
fn find_columns<'f>(format: &'f KnownFormat, folded: &[String]) -> Vec<(usize, &'f Column)> {
    let mut taken = vec![false; folded.len()];
    let mut found = Vec::new();
    for col in format.columns {
        let names = std::iter::once(col.header).chain(col.localized.iter().copied());
        let wanted: Vec<String> = names.map(fold).collect();
        let hit = (0..folded.len()).find(|&i| !taken[i] && wanted.contains(&folded[i]));
        if let Some(i) = hit {
            taken[i] = true;
            found.push((i, col));
        }
    }
    found
}

/// The file's header for the first of `documented` present (by the format's column, so that a
/// localized header counts too).
fn present(
    documented: &[&str],
    format: &KnownFormat,
    headers: &[String],
    folded: &[String],
) -> Option<String> {
    documented.iter().find_map(|name| {
        let col = format.columns.iter().find(|c| c.header == *name);
        let mut wanted = vec![fold(name)];
        if let Some(col) = col {
            wanted.extend(col.localized.iter().map(|h| fold(h)));
        }
        folded
            .iter()
            .position(|f| wanted.contains(f))
            .map(|i| headers[i].clone())
    })
}

fn order_columns(
    layout: &OrderLayout,
    headers: &[String],
    folded: &[String],
    format: &KnownFormat,
) -> OrderColumns {
    let find = |names: &[&str]| present(names, format, headers, folded);
    let (amount, refunded) = layout
        .amount
        .iter()
        .find_map(|&(amount, refund)| {
            find(&[amount]).map(|a| (Some(a), refund.and_then(|r| find(&[r]))))
        })
        .unwrap_or((None, None));
    OrderColumns {
        customer: find(layout.customer),
        date: find(layout.date),
        amount,
        per_order: layout.per_order,
        order: find(layout.order),
        refunded,
        status: find(layout.status),
        not_orders: layout.not_orders.iter().map(|s| fold(s)).collect(),
    }
}

/// `Shopify orders export: customer = Email, date = Created at, amount = Total per order,
/// order = Name, refunds = Refunded Amount, status = Financial Status (voided, refunded and
/// expired are not orders)`; for a contacts export, how much of its layout is there.
fn describe(format: &KnownFormat, orders: Option<&OrderColumns>, matched: usize) -> String {
    let Some(o) = orders else {
        return format!(
            "{}: {matched} of its {} documented columns",
            format.label,
            format.columns.len()
        );
    };
    let mut parts = Vec::new();
    let mut put = |what: &str, column: &Option<String>, after: &str| match column {
        Some(c) => parts.push(format!("{what} = {c}{after}")),
        None => parts.push(format!("{what} = (not in the file)")),
    };
    put("customer", &o.customer, "");
    put("date", &o.date, "");
    put(
        "amount",
        &o.amount,
        if o.per_order { " per order" } else { "" },
    );
    if o.order.is_some() {
        put("order", &o.order, "");
    }
    if o.refunded.is_some() {
        put("refunds", &o.refunded, "");
    }
    if let (Some(status), Some(layout)) = (&o.status, format.orders) {
        parts.push(format!(
            "status = {status} ({} are not orders)",
            words(layout.not_orders)
        ));
    }
    format!("{}: {}", format.label, parts.join(", "))
}

/// `a, b and c`.
fn words(list: &[&str]) -> String {
    match list {
        [] => String::new(),
        [one] => (*one).to_owned(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn headers_fold_to_letters_and_digits() {
        assert_eq!(fold("Created at"), "createdat");
        assert_eq!(fold("created_at"), "createdat");
        assert_eq!(fold(" CREATED-AT "), "createdat");
        assert_eq!(fold("Zip/Postal Code"), "zippostalcode");
        assert_eq!(
            fold("Datum der letzten Aktivität"),
            "datumderletztenaktivitat"
        );
        assert_eq!(fold("Straße"), "strasse");
        assert_eq!(fold("\u{feff}Record ID"), "recordid");
    }

    #[test]
    fn every_format_is_recognised_from_its_own_columns_alone() {
        for format in FORMATS {
            let h: Vec<String> = format.columns.iter().map(|c| c.header.to_owned()).collect();
            let m = recognise(&h).unwrap_or_else(|| panic!("{}", format.name));
            assert_eq!(m.name, format.name);
            assert_eq!((m.matched, m.documented), (h.len(), h.len()));
            // No two formats document the same list: each wins on its own.
            assert_eq!(m.confidence, 1.0);
        }
    }

    #[test]
    fn every_orders_format_names_columns_it_documents() {
        for format in FORMATS {
            let Some(o) = format.orders else {
                assert_eq!(format.shape, Shape::People, "{}", format.name);
                continue;
            };
            assert_eq!(format.shape, Shape::Orders);
            let documented = |h: &str| format.columns.iter().any(|c| c.header == h);
            let named = o
                .customer
                .iter()
                .chain(o.date)
                .chain(o.order)
                .chain(o.status);
            let amounts = o
                .amount
                .iter()
                .flat_map(|(a, r)| std::iter::once(*a).chain(*r));
            for h in named.copied().chain(amounts) {
                assert!(documented(h), "{}: {h}", format.name);
            }
        }
    }

    #[test]
    fn the_mapping_is_said_in_words() {
        let h = headers(&[
            "Name",
            "Email",
            "Financial Status",
            "Total",
            "Created at",
            "Refunded Amount",
            "Lineitem quantity",
            "Lineitem name",
            "Lineitem price",
            "Subtotal",
            "Taxes",
            "Shipping",
            "Currency",
            "Paid at",
            "Fulfillment Status",
            "Billing Name",
            "Billing City",
            "Billing Zip",
            "Billing Country",
            "Shipping Name",
            "Shipping City",
            "Shipping Zip",
            "Shipping Country",
            "Payment Method",
            "Vendor",
            "Id",
            "Tags",
            "Source",
            "Phone",
            "Notes",
            "Cancelled at",
            "Discount Code",
            "Discount Amount",
            "Shipping Method",
            "Lineitem sku",
            "Accepts Marketing",
        ]);
        let m = recognise(&h).unwrap();
        assert_eq!(m.name, "shopify-orders");
        assert_eq!(
            m.mapping,
            "Shopify orders export: customer = Email, date = Created at, amount = Total per \
             order, order = Name, refunds = Refunded Amount, status = Financial Status (voided, \
             refunded and expired are not orders)"
        );
        assert_eq!(m.columns[0].column, "Name");
        assert_eq!(m.columns[0].meaning, Meaning::OrderId);
        assert_eq!(m.columns[1].topic, Topic::Personal);
    }

    #[test]
    fn variants_and_translations_of_the_headers_are_recognised() {
        // HubSpot labels its columns in the user's language, and code that writes CSV often
        // snake-cases them.
        let german = headers(&[
            "Datensatz-ID",
            "Vorname",
            "Nachname",
            "E-Mail",
            "Telefonnummer",
            "Kontaktinhaber",
            "Lifecycle-Phase",
            "Lead-Status",
            "Erstellungsdatum",
            "Datum der letzten Aktivität",
            "Branche",
            "Jahresumsatz",
            "Anzahl der Mitarbeiter",
            "Stadt",
            "Postleitzahl",
        ]);
        let m = recognise(&german).unwrap();
        assert_eq!(m.name, "hubspot-contacts");
        assert!(m
            .columns
            .iter()
            .any(|k| k.column == "Kontaktinhaber" && k.meaning == Meaning::Owner));
        let snake = headers(&[
            "record_id",
            "first_name",
            "last_name",
            "email",
            "phone_number",
            "contact_owner",
            "lifecycle_stage",
            "lead_status",
            "create_date",
            "last_activity_date",
            "company_name",
            "industry",
            "annual_revenue",
        ]);
        assert_eq!(recognise(&snake).unwrap().name, "hubspot-contacts");
    }

    #[test]
    fn a_few_common_columns_are_no_format() {
        // A plain customer table shares a handful of names with every CRM's.
        for h in [
            headers(&[
                "Customer ID",
                "City",
                "Industry",
                "Employees",
                "Annual Spend",
                "Age",
                "Notes",
            ]),
            headers(&[
                "email",
                "first name",
                "last name",
                "phone",
                "city",
                "country",
            ]),
            headers(&["Email", "Total", "Name"]),
            headers(&[]),
        ] {
            assert_eq!(recognise(&h), None, "{h:?}");
        }
    }
}
