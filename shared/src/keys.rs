//! Identifiers an owner chooses: salon slugs and service/staff keys.

use std::fmt;

/// Why a key or slug was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyError {
    /// Shorter or longer than allowed.
    Length,
    /// A character outside `a-z`, `0-9` and `-`.
    Characters,
}

/// The staff key no one may be given: on the wire it means "whoever is free"
/// ([`crate::client::StaffChoice::ANY`]), so the configuration refuses it.
pub const ANY_STAFF: &str = "any";

fn check(value: &str, min: usize, max: usize) -> Result<(), KeyError> {
    if value.len() < min || value.len() > max {
        return Err(KeyError::Length);
    }
    if !value
        .bytes()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
    {
        return Err(KeyError::Characters);
    }
    Ok(())
}

macro_rules! key_type {
    ($(#[$doc:meta])* $name:ident, $min:expr, $max:expr) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub struct $name(String);

        impl $name {
            /// Accepts `a-z`, `0-9` and `-`, within the length bounds.
            pub fn parse(value: &str) -> Result<Self, KeyError> {
                check(value, $min, $max)?;
                Ok(Self(value.to_owned()))
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }
    };
}

key_type!(
    /// A salon's public slug, `a-z0-9-`, 3 to 40 characters.
    Slug, 3, 40
);
key_type!(
    /// A service or staff key, `a-z0-9-`, 1 to 40 characters, unique within its salon.
    Key, 1, 40
);

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn slugs_allow_lowercase_digits_and_dashes_within_bounds() {
        assert!(Slug::parse("fifi-hair-2").is_ok());
        assert_eq!(Slug::parse("ab"), Err(KeyError::Length));
        assert_eq!(Slug::parse("Fifi"), Err(KeyError::Characters));
        assert_eq!(Slug::parse(&"a".repeat(41)), Err(KeyError::Length));
        assert!(Key::parse("x").is_ok());
        assert_eq!(Key::parse(""), Err(KeyError::Length));
        assert_eq!(Key::parse("a b"), Err(KeyError::Characters));
    }
}
