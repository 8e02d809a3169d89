//! Phone numbers normalised to E.164.
//!
//! A full numbering-plan database (libphonenumber's metadata) weighs hundreds of kilobytes, more than the
//! whole widget may download. A salon needs less: a number it can call or text. So a number is accepted when
//! it is international (`+` or `00` prefix) with 8 to 15 digits, or national for the salon's country, in
//! which case the trunk prefix is dropped and the country calling code added.

/// Calling code and national trunk prefix of a country, by ISO 3166 alpha-2 code.
struct Plan {
    country: &'static str,
    calling_code: &'static str,
    /// The digit(s) dialled before a national number that are dropped in international form.
    trunk: &'static str,
}

const fn plan(country: &'static str, calling_code: &'static str, trunk: &'static str) -> Plan {
    Plan {
        country,
        calling_code,
        trunk,
    }
}

/// Countries Chairtime salons operate in. Italy and a few others keep their leading zero
/// internationally, so they have no trunk prefix here.
const PLANS: &[Plan] = &[
    plan("AE", "971", "0"),
    plan("AR", "54", "0"),
    plan("AT", "43", "0"),
    plan("AU", "61", "0"),
    plan("BE", "32", "0"),
    plan("BG", "359", "0"),
    plan("BR", "55", "0"),
    plan("CA", "1", "1"),
    plan("CH", "41", "0"),
    plan("CL", "56", ""),
    plan("CN", "86", "0"),
    plan("CO", "57", ""),
    plan("CY", "357", ""),
    plan("CZ", "420", ""),
    plan("DE", "49", "0"),
    plan("DK", "45", ""),
    plan("EE", "372", ""),
    plan("ES", "34", ""),
    plan("FI", "358", "0"),
    plan("FR", "33", "0"),
    plan("GB", "44", "0"),
    plan("GR", "30", ""),
    plan("HK", "852", ""),
    plan("HR", "385", "0"),
    plan("HU", "36", "06"),
    plan("IE", "353", "0"),
    plan("IL", "972", "0"),
    plan("IN", "91", "0"),
    plan("IS", "354", ""),
    plan("IT", "39", ""),
    plan("JP", "81", "0"),
    plan("KR", "82", "0"),
    plan("LT", "370", "8"),
    plan("LU", "352", ""),
    plan("LV", "371", ""),
    plan("MA", "212", "0"),
    plan("MC", "377", ""),
    plan("MT", "356", ""),
    plan("MX", "52", ""),
    plan("NL", "31", "0"),
    plan("NO", "47", ""),
    plan("NP", "977", "0"),
    plan("NZ", "64", "0"),
    plan("PL", "48", ""),
    plan("PT", "351", ""),
    plan("RO", "40", "0"),
    plan("RS", "381", "0"),
    plan("SA", "966", "0"),
    plan("SE", "46", "0"),
    plan("SG", "65", ""),
    plan("SI", "386", "0"),
    plan("SK", "421", "0"),
    plan("TH", "66", "0"),
    plan("TR", "90", "0"),
    plan("UA", "380", "0"),
    plan("US", "1", "1"),
    plan("ZA", "27", "0"),
];

/// Whether Chairtime knows the numbering plan of this ISO 3166 alpha-2 country code.
pub fn is_known_country(country: &str) -> bool {
    PLANS.iter().any(|p| p.country == country)
}

/// Why a phone number was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PhoneError {
    /// Letters or symbols other than separators.
    InvalidCharacters,
    /// Too few or too many digits for any real number.
    InvalidLength,
}

/// Normalises `input` to E.164 (`+` and 8 to 15 digits), reading national numbers as `country`'s.
pub fn normalise(input: &str, country: &str) -> Result<String, PhoneError> {
    let trimmed = input.trim();
    let (international, rest) = if let Some(rest) = trimmed.strip_prefix('+') {
        (true, rest)
    } else {
        (false, trimmed)
    };
    let mut digits = String::with_capacity(rest.len());
    for c in rest.chars() {
        match c {
            '0'..='9' => digits.push(c),
            ' ' | '-' | '.' | '(' | ')' | '/' | '\u{a0}' => {}
            _ => return Err(PhoneError::InvalidCharacters),
        }
    }
    let e164_digits = if international {
        digits
    } else if let Some(rest) = digits.strip_prefix("00") {
        rest.to_owned()
    } else {
        let plan = PLANS
            .iter()
            .find(|p| p.country == country)
            .unwrap_or(&PLANS[0]);
        let national = if plan.trunk.is_empty() {
            digits.as_str()
        } else {
            digits.strip_prefix(plan.trunk).unwrap_or(&digits)
        };
        if national.len() < 4 {
            return Err(PhoneError::InvalidLength);
        }
        format!("{}{national}", plan.calling_code)
    };
    if !(8..=15).contains(&e164_digits.len()) || e164_digits.starts_with('0') {
        return Err(PhoneError::InvalidLength);
    }
    Ok(format!("+{e164_digits}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn national_numbers_take_the_salon_country_and_drop_the_trunk_prefix() {
        assert_eq!(normalise("06 12 34 56 78", "FR").unwrap(), "+33612345678");
        assert_eq!(normalise("(415) 555-0100", "US").unwrap(), "+14155550100");
        assert_eq!(normalise("1 415 555 0100", "US").unwrap(), "+14155550100");
        assert_eq!(normalise("07700 900123", "GB").unwrap(), "+447700900123");
        assert_eq!(normalise("06 1234 5678", "IT").unwrap(), "+390612345678");
        assert_eq!(normalise("612 345 678", "ES").unwrap(), "+34612345678");
    }

    #[test]
    fn international_numbers_keep_their_own_country() {
        assert_eq!(normalise("+49 30 1234567", "FR").unwrap(), "+49301234567");
        assert_eq!(normalise("0049 30 1234567", "FR").unwrap(), "+49301234567");
    }

    #[test]
    fn letters_and_implausible_lengths_are_refused() {
        assert_eq!(
            normalise("call me", "FR"),
            Err(PhoneError::InvalidCharacters)
        );
        assert_eq!(normalise("+33 1", "FR"), Err(PhoneError::InvalidLength));
        assert_eq!(normalise("12", "FR"), Err(PhoneError::InvalidLength));
        assert_eq!(
            normalise("+1234567890123456", "FR"),
            Err(PhoneError::InvalidLength)
        );
    }
}
