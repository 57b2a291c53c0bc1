//! Countries as contact details need them: the ISO 3166-1 alpha-2 code a cell names (by its code
//! or its name), the calling code that makes a national phone number international, and the trunk
//! prefix a national number is dialled with (and E.164 drops). Plus the US states and Canadian
//! provinces by name, for Meta's two-letter state.
//!
//! The table was written from ISO 3166-1 (codes and English names, with the names people write in
//! exports: `USA`, `UK`, `Deutschland`) and the ITU's calling codes and national prefixes, and its
//! calling codes and trunk prefixes were checked once against libphonenumber's metadata (the
//! `phonenumbers` package): equal for all 249 countries.

/// A country: its alpha-2 code, its calling code (0 for the few places with none) and the trunk
/// prefix of its national numbers (`0` in most of Europe, `1` in North America, none in Italy,
/// whose numbers keep their `0`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Country {
    pub code: &'static str,
    pub calling: u16,
    pub trunk: &'static str,
}

impl Country {
    fn of(row: &(&'static str, u16, &'static str, &'static str)) -> Country {
        Country {
            code: row.0,
            calling: row.1,
            trunk: row.2,
        }
    }

    /// Whether it is in the North American Numbering Plan (calling code 1: ten-digit national
    /// numbers, `011` to call abroad).
    pub fn nanp(&self) -> bool {
        self.calling == 1
    }
}

/// The country a cell names: its alpha-2 code in any case (`us`, `GB`), or its name (`United
/// States`, `Österreich`, `U.S.A.`), case, accents, spaces and punctuation aside.
pub fn country(cell: &str) -> Option<Country> {
    let t = cell.trim();
    if t.len() == 2 && t.bytes().all(|b| b.is_ascii_alphabetic()) {
        let code = t.to_ascii_uppercase();
        return COUNTRIES.iter().find(|c| c.0 == code).map(Country::of);
    }
    let key = fold(t);
    if key.len() < 2 {
        return None;
    }
    COUNTRIES
        .iter()
        .find(|c| c.3.split('|').any(|n| n == key))
        .map(Country::of)
}

/// Lower-case ASCII letters only, the accents of the names in the table folded (`Österreich` is
/// `osterreich`, `Curaçao` is `curacao`).
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars().flat_map(char::to_lowercase) {
        let c = match c {
            'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' => 'a',
            'ç' | 'č' => 'c',
            'è' | 'é' | 'ê' | 'ë' | 'ě' => 'e',
            'ì' | 'í' | 'î' | 'ï' => 'i',
            'ñ' | 'ň' => 'n',
            'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' => 'o',
            'ù' | 'ú' | 'û' | 'ü' | 'ů' => 'u',
            'ý' | 'ÿ' => 'y',
            'š' => 's',
            'ž' => 'z',
            'ř' => 'r',
            c => c,
        };
        if c.is_ascii_lowercase() {
            out.push(c);
        }
    }
    out
}

/// A US state (or DC, or a territory) or a Canadian province by its name as `fold` gives it, or
/// by its code: the code, lower-case.
pub fn state_code(folded: &str) -> Option<&'static str> {
    STATES
        .iter()
        .find(|(code, name)| *name == folded || *code == folded)
        .map(|(code, _)| *code)
}

/// US states, DC and the territories, then Canada's provinces and territories: code and name.
const STATES: [(&str, &str); 69] = [
    ("al", "alabama"),
    ("ak", "alaska"),
    ("az", "arizona"),
    ("ar", "arkansas"),
    ("ca", "california"),
    ("co", "colorado"),
    ("ct", "connecticut"),
    ("de", "delaware"),
    ("fl", "florida"),
    ("ga", "georgia"),
    ("hi", "hawaii"),
    ("id", "idaho"),
    ("il", "illinois"),
    ("in", "indiana"),
    ("ia", "iowa"),
    ("ks", "kansas"),
    ("ky", "kentucky"),
    ("la", "louisiana"),
    ("me", "maine"),
    ("md", "maryland"),
    ("ma", "massachusetts"),
    ("mi", "michigan"),
    ("mn", "minnesota"),
    ("ms", "mississippi"),
    ("mo", "missouri"),
    ("mt", "montana"),
    ("ne", "nebraska"),
    ("nv", "nevada"),
    ("nh", "newhampshire"),
    ("nj", "newjersey"),
    ("nm", "newmexico"),
    ("ny", "newyork"),
    ("nc", "northcarolina"),
    ("nd", "northdakota"),
    ("oh", "ohio"),
    ("ok", "oklahoma"),
    ("or", "oregon"),
    ("pa", "pennsylvania"),
    ("ri", "rhodeisland"),
    ("sc", "southcarolina"),
    ("sd", "southdakota"),
    ("tn", "tennessee"),
    ("tx", "texas"),
    ("ut", "utah"),
    ("vt", "vermont"),
    ("va", "virginia"),
    ("wa", "washington"),
    ("wv", "westvirginia"),
    ("wi", "wisconsin"),
    ("wy", "wyoming"),
    ("dc", "districtofcolumbia"),
    ("pr", "puertorico"),
    ("gu", "guam"),
    ("vi", "usvirginislands"),
    ("as", "americansamoa"),
    ("mp", "northernmarianaislands"),
    ("ab", "alberta"),
    ("bc", "britishcolumbia"),
    ("mb", "manitoba"),
    ("nb", "newbrunswick"),
    ("nl", "newfoundlandandlabrador"),
    ("ns", "novascotia"),
    ("on", "ontario"),
    ("pe", "princeedwardisland"),
    ("qc", "quebec"),
    ("sk", "saskatchewan"),
    ("nt", "northwestterritories"),
    ("nu", "nunavut"),
    ("yt", "yukon"),
];

/// Every ISO 3166-1 country: alpha-2 code, calling code (0: none), trunk prefix, and the names
/// it goes by as `fold` gives them, separated by `|`.
#[rustfmt::skip]
const COUNTRIES: [(&str, u16, &str, &str); 249] = [
    ("AD", 376, "", "andorra"),
    ("AE", 971, "0", "unitedarabemirates|uae"),
    ("AF", 93, "0", "afghanistan"),
    ("AG", 1, "1", "antiguaandbarbuda"),
    ("AI", 1, "1", "anguilla"),
    ("AL", 355, "0", "albania"),
    ("AM", 374, "0", "armenia"),
    ("AO", 244, "", "angola"),
    ("AQ", 0, "", "antarctica"),
    ("AR", 54, "0", "argentina"),
    ("AS", 1, "1", "americansamoa"),
    ("AT", 43, "0", "austria|osterreich"),
    ("AU", 61, "0", "australia"),
    ("AW", 297, "", "aruba"),
    ("AX", 358, "0", "alandislands"),
    ("AZ", 994, "0", "azerbaijan"),
    ("BA", 387, "0", "bosniaandherzegovina"),
    ("BB", 1, "1", "barbados"),
    ("BD", 880, "0", "bangladesh"),
    ("BE", 32, "0", "belgium|belgie|belgique"),
    ("BF", 226, "", "burkinafaso"),
    ("BG", 359, "0", "bulgaria"),
    ("BH", 973, "", "bahrain"),
    ("BI", 257, "", "burundi"),
    ("BJ", 229, "", "benin"),
    ("BL", 590, "0", "saintbarthelemy"),
    ("BM", 1, "1", "bermuda"),
    ("BN", 673, "", "bruneidarussalam|brunei"),
    ("BO", 591, "0", "boliviaplurinationalstateof|bolivia"),
    ("BQ", 599, "", "bonairesinteustatiusandsaba"),
    ("BR", 55, "0", "brazil|brasil"),
    ("BS", 1, "1", "bahamas"),
    ("BT", 975, "", "bhutan"),
    ("BV", 0, "", "bouvetisland"),
    ("BW", 267, "", "botswana"),
    ("BY", 375, "8", "belarus"),
    ("BZ", 501, "", "belize"),
    ("CA", 1, "1", "canada"),
    ("CC", 61, "0", "cocoskeelingislands"),
    ("CD", 243, "0", "congothedemocraticrepublicofthe|drcongo|democraticrepublicofthecongo"),
    ("CF", 236, "", "centralafricanrepublic"),
    ("CG", 242, "", "congo"),
    ("CH", 41, "0", "switzerland|schweiz|suisse|svizzera"),
    ("CI", 225, "", "cotedivoire|ivorycoast"),
    ("CK", 682, "", "cookislands"),
    ("CL", 56, "", "chile"),
    ("CM", 237, "", "cameroon"),
    ("CN", 86, "0", "china"),
    ("CO", 57, "0", "colombia"),
    ("CR", 506, "", "costarica"),
    ("CU", 53, "0", "cuba"),
    ("CV", 238, "", "caboverde|capeverde"),
    ("CW", 599, "", "curacao"),
    ("CX", 61, "0", "christmasisland"),
    ("CY", 357, "", "cyprus"),
    ("CZ", 420, "", "czechia|czechrepublic|cesko"),
    ("DE", 49, "0", "germany|deutschland"),
    ("DJ", 253, "", "djibouti"),
    ("DK", 45, "", "denmark|danmark"),
    ("DM", 1, "1", "dominica"),
    ("DO", 1, "1", "dominicanrepublic"),
    ("DZ", 213, "0", "algeria"),
    ("EC", 593, "0", "ecuador"),
    ("EE", 372, "", "estonia"),
    ("EG", 20, "0", "egypt"),
    ("EH", 212, "0", "westernsahara"),
    ("ER", 291, "0", "eritrea"),
    ("ES", 34, "", "spain|espana"),
    ("ET", 251, "0", "ethiopia"),
    ("FI", 358, "0", "finland|suomi"),
    ("FJ", 679, "", "fiji"),
    ("FK", 500, "", "falklandislandsmalvinas"),
    ("FM", 691, "", "micronesiafederatedstatesof|micronesia"),
    ("FO", 298, "", "faroeislands"),
    ("FR", 33, "0", "france"),
    ("GA", 241, "", "gabon"),
    ("GB", 44, "0", "unitedkingdom|uk|greatbritain|britain|england|scotland|wales|northernireland"),
    ("GD", 1, "1", "grenada"),
    ("GE", 995, "0", "georgia"),
    ("GF", 594, "0", "frenchguiana"),
    ("GG", 44, "0", "guernsey"),
    ("GH", 233, "0", "ghana"),
    ("GI", 350, "", "gibraltar"),
    ("GL", 299, "", "greenland"),
    ("GM", 220, "", "gambia"),
    ("GN", 224, "", "guinea"),
    ("GP", 590, "0", "guadeloupe"),
    ("GQ", 240, "", "equatorialguinea"),
    ("GR", 30, "", "greece|hellas"),
    ("GS", 0, "", "southgeorgiaandthesouthsandwichislands"),
    ("GT", 502, "", "guatemala"),
    ("GU", 1, "1", "guam"),
    ("GW", 245, "", "guineabissau"),
    ("GY", 592, "", "guyana"),
    ("HK", 852, "", "hongkong"),
    ("HM", 0, "", "heardislandandmcdonaldislands"),
    ("HN", 504, "", "honduras"),
    ("HR", 385, "0", "croatia"),
    ("HT", 509, "", "haiti"),
    ("HU", 36, "06", "hungary"),
    ("ID", 62, "0", "indonesia"),
    ("IE", 353, "0", "ireland|eire"),
    ("IL", 972, "0", "israel"),
    ("IM", 44, "0", "isleofman"),
    ("IN", 91, "0", "india"),
    ("IO", 246, "", "britishindianoceanterritory"),
    ("IQ", 964, "0", "iraq"),
    ("IR", 98, "0", "iranislamicrepublicof|iran"),
    ("IS", 354, "", "iceland"),
    ("IT", 39, "", "italy|italia"),
    ("JE", 44, "0", "jersey"),
    ("JM", 1, "1", "jamaica"),
    ("JO", 962, "0", "jordan"),
    ("JP", 81, "0", "japan"),
    ("KE", 254, "0", "kenya"),
    ("KG", 996, "0", "kyrgyzstan"),
    ("KH", 855, "0", "cambodia"),
    ("KI", 686, "0", "kiribati"),
    ("KM", 269, "", "comoros"),
    ("KN", 1, "1", "saintkittsandnevis"),
    ("KP", 850, "0", "koreademocraticpeoplesrepublicof|northkorea"),
    ("KR", 82, "0", "korearepublicof|southkorea|korea"),
    ("KW", 965, "", "kuwait"),
    ("KY", 1, "1", "caymanislands"),
    ("KZ", 7, "8", "kazakhstan"),
    ("LA", 856, "0", "laopeoplesdemocraticrepublic|laos"),
    ("LB", 961, "0", "lebanon"),
    ("LC", 1, "1", "saintlucia"),
    ("LI", 423, "0", "liechtenstein"),
    ("LK", 94, "0", "srilanka"),
    ("LR", 231, "0", "liberia"),
    ("LS", 266, "", "lesotho"),
    ("LT", 370, "0", "lithuania"),
    ("LU", 352, "", "luxembourg"),
    ("LV", 371, "", "latvia"),
    ("LY", 218, "0", "libya"),
    ("MA", 212, "0", "morocco"),
    ("MC", 377, "0", "monaco"),
    ("MD", 373, "0", "moldovarepublicof|moldova"),
    ("ME", 382, "0", "montenegro"),
    ("MF", 590, "0", "saintmartinfrenchpart"),
    ("MG", 261, "0", "madagascar"),
    ("MH", 692, "1", "marshallislands"),
    ("MK", 389, "0", "northmacedonia|macedonia"),
    ("ML", 223, "", "mali"),
    ("MM", 95, "0", "myanmar|burma"),
    ("MN", 976, "0", "mongolia"),
    ("MO", 853, "", "macao"),
    ("MP", 1, "1", "northernmarianaislands"),
    ("MQ", 596, "0", "martinique"),
    ("MR", 222, "", "mauritania"),
    ("MS", 1, "1", "montserrat"),
    ("MT", 356, "", "malta"),
    ("MU", 230, "", "mauritius"),
    ("MV", 960, "", "maldives"),
    ("MW", 265, "0", "malawi"),
    ("MX", 52, "", "mexico"),
    ("MY", 60, "0", "malaysia"),
    ("MZ", 258, "", "mozambique"),
    ("NA", 264, "0", "namibia"),
    ("NC", 687, "", "newcaledonia"),
    ("NE", 227, "", "niger"),
    ("NF", 672, "", "norfolkisland"),
    ("NG", 234, "0", "nigeria"),
    ("NI", 505, "", "nicaragua"),
    ("NL", 31, "0", "netherlands|nederland|holland|thenetherlands"),
    ("NO", 47, "", "norway|norge"),
    ("NP", 977, "0", "nepal"),
    ("NR", 674, "", "nauru"),
    ("NU", 683, "", "niue"),
    ("NZ", 64, "0", "newzealand"),
    ("OM", 968, "", "oman"),
    ("PA", 507, "", "panama"),
    ("PE", 51, "0", "peru"),
    ("PF", 689, "", "frenchpolynesia"),
    ("PG", 675, "", "papuanewguinea"),
    ("PH", 63, "0", "philippines"),
    ("PK", 92, "0", "pakistan"),
    ("PL", 48, "", "poland|polska"),
    ("PM", 508, "0", "saintpierreandmiquelon"),
    ("PN", 0, "", "pitcairn"),
    ("PR", 1, "1", "puertorico"),
    ("PS", 970, "0", "palestinestateof|palestine"),
    ("PT", 351, "", "portugal"),
    ("PW", 680, "", "palau"),
    ("PY", 595, "0", "paraguay"),
    ("QA", 974, "", "qatar"),
    ("RE", 262, "0", "reunion"),
    ("RO", 40, "0", "romania"),
    ("RS", 381, "0", "serbia"),
    ("RU", 7, "8", "russianfederation|russia"),
    ("RW", 250, "0", "rwanda"),
    ("SA", 966, "0", "saudiarabia"),
    ("SB", 677, "", "solomonislands"),
    ("SC", 248, "", "seychelles"),
    ("SD", 249, "0", "sudan"),
    ("SE", 46, "0", "sweden|sverige"),
    ("SG", 65, "", "singapore"),
    ("SH", 290, "", "sainthelenaascensionandtristandacunha"),
    ("SI", 386, "0", "slovenia"),
    ("SJ", 47, "", "svalbardandjanmayen"),
    ("SK", 421, "0", "slovakia"),
    ("SL", 232, "0", "sierraleone"),
    ("SM", 378, "", "sanmarino"),
    ("SN", 221, "", "senegal"),
    ("SO", 252, "0", "somalia"),
    ("SR", 597, "", "suriname"),
    ("SS", 211, "0", "southsudan"),
    ("ST", 239, "", "saotomeandprincipe"),
    ("SV", 503, "", "elsalvador"),
    ("SX", 1, "1", "sintmaartendutchpart"),
    ("SY", 963, "0", "syrianarabrepublic|syria"),
    ("SZ", 268, "", "eswatini|swaziland"),
    ("TC", 1, "1", "turksandcaicosislands"),
    ("TD", 235, "", "chad"),
    ("TF", 0, "", "frenchsouthernterritories"),
    ("TG", 228, "", "togo"),
    ("TH", 66, "0", "thailand"),
    ("TJ", 992, "", "tajikistan"),
    ("TK", 690, "", "tokelau"),
    ("TL", 670, "", "timorleste|easttimor"),
    ("TM", 993, "8", "turkmenistan"),
    ("TN", 216, "", "tunisia"),
    ("TO", 676, "", "tonga"),
    ("TR", 90, "0", "turkiye|turkey"),
    ("TT", 1, "1", "trinidadandtobago"),
    ("TV", 688, "", "tuvalu"),
    ("TW", 886, "0", "taiwanprovinceofchina|taiwan"),
    ("TZ", 255, "0", "tanzaniaunitedrepublicof|tanzania"),
    ("UA", 380, "0", "ukraine"),
    ("UG", 256, "0", "uganda"),
    ("UM", 0, "", "unitedstatesminoroutlyingislands"),
    ("US", 1, "1", "unitedstates|usa|unitedstatesofamerica|america"),
    ("UY", 598, "0", "uruguay"),
    ("UZ", 998, "", "uzbekistan"),
    ("VA", 39, "", "holyseevaticancitystate|vatican|vaticancity"),
    ("VC", 1, "1", "saintvincentandthegrenadines"),
    ("VE", 58, "0", "venezuelabolivarianrepublicof|venezuela"),
    ("VG", 1, "1", "virginislandsbritish"),
    ("VI", 1, "1", "virginislandsus"),
    ("VN", 84, "0", "vietnam"),
    ("VU", 678, "", "vanuatu"),
    ("WF", 681, "", "wallisandfutuna"),
    ("WS", 685, "", "samoa"),
    ("YE", 967, "0", "yemen"),
    ("YT", 262, "0", "mayotte"),
    ("ZA", 27, "0", "southafrica"),
    ("ZM", 260, "0", "zambia"),
    ("ZW", 263, "0", "zimbabwe"),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn countries_by_code_and_by_name() {
        assert_eq!(country("gb").map(|c| c.code), Some("GB"));
        assert_eq!(country(" US ").map(|c| c.calling), Some(1));
        assert_eq!(country("United Kingdom").map(|c| c.calling), Some(44));
        assert_eq!(country("Österreich").map(|c| c.code), Some("AT"));
        assert_eq!(country("U.S.A.").map(|c| c.code), Some("US"));
        assert_eq!(country("Turkey").map(|c| c.code), Some("TR"));
        assert_eq!(country("Canada").map(|c| c.trunk), Some("1"));
        assert_eq!(country("Italy").map(|c| c.trunk), Some(""));
        assert_eq!(country("Atlantis"), None);
        assert_eq!(country("XX"), None);
        assert_eq!(country(""), None);
    }

    #[test]
    fn the_table_is_sorted_and_its_names_are_unique() {
        // A name shared by two countries would make `country` depend on the table's order.
        let mut names: Vec<&str> = COUNTRIES.iter().flat_map(|c| c.3.split('|')).collect();
        let all = names.len();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), all);
        assert!(COUNTRIES.windows(2).all(|w| w[0].0 < w[1].0));
    }

    #[test]
    fn states_by_name_or_code() {
        assert_eq!(state_code(&fold("New York")), Some("ny"));
        assert_eq!(state_code("ma"), Some("ma"));
        assert_eq!(state_code(&fold("Québec")), Some("qc"));
        assert_eq!(state_code("saxony"), None);
    }
}
