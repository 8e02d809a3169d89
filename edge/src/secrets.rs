//! Identifiers and secrets: booking ids and codes, manage tokens, owner keys, and their hashes.
//!
//! A manage token is `HMAC-SHA256(TOKEN_SECRET, booking id)`: 256 unpredictable bits, never stored (the
//! database keeps its SHA-256), yet recomputable, so an idempotent replay can return the same token.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};

/// Letters and digits that cannot be misread over the phone (no 0/O, 1/I/L, U/V).
const CODE_ALPHABET: &[u8] = b"23456789ABCDEFGHJKMNPQRSTWXYZ";

/// Random bytes from the platform's cryptographic generator.
pub fn random_bytes<const N: usize>() -> [u8; N] {
    let mut bytes = [0u8; N];
    getrandom::getrandom(&mut bytes).expect("the platform has a secure random source");
    bytes
}

/// A random UUID version 4, as Postgres writes it.
pub fn new_booking_id() -> String {
    let mut b = random_bytes::<16>();
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    let hex = hex(&b);
    format!(
        "{}-{}-{}-{}-{}",
        &hex[0..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..32]
    )
}

/// A short booking code a person can read out: six characters, about 29 bits.
pub fn new_booking_code() -> String {
    random_bytes::<6>()
        .iter()
        .map(|b| CODE_ALPHABET[usize::from(*b) % CODE_ALPHABET.len()] as char)
        .collect()
}

/// The manage token of a booking.
pub fn manage_token(secret: &str, booking_id: &str) -> String {
    let mut mac =
        Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("HMAC takes keys of any length");
    mac.update(booking_id.as_bytes());
    URL_SAFE_NO_PAD.encode(mac.finalize().into_bytes())
}

/// A new owner key: `ck_` and 256 random bits.
pub fn new_owner_key() -> String {
    format!("ck_{}", URL_SAFE_NO_PAD.encode(random_bytes::<32>()))
}

/// A new secret for a sign-in link or a session: 256 random bits, URL-safe.
pub fn new_secret() -> String {
    URL_SAFE_NO_PAD.encode(random_bytes::<32>())
}

/// SHA-256 of a secret, hex-encoded, as stored in the database.
pub fn sha256_hex(value: impl AsRef<[u8]>) -> String {
    hex(&Sha256::digest(value))
}

/// Lower-case hexadecimal.
pub fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        out.push(DIGITS[usize::from(b >> 4)] as char);
        out.push(DIGITS[usize::from(b & 15)] as char);
    }
    out
}

/// Compares two secrets in time independent of where they differ.
pub fn constant_time_eq(a: &str, b: &str) -> bool {
    let (a, b) = (Sha256::digest(a.as_bytes()), Sha256::digest(b.as_bytes()));
    a.iter()
        .zip(b.iter())
        .fold(0u8, |acc, (x, y)| acc | (x ^ y))
        == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn booking_ids_are_version_4_uuids_and_codes_use_the_readable_alphabet() {
        let id = new_booking_id();
        assert_eq!(id.len(), 36);
        assert_eq!(&id[14..15], "4");
        assert!(matches!(&id[19..20], "8" | "9" | "a" | "b"));
        let code = new_booking_code();
        assert_eq!(code.len(), 6);
        assert!(code.bytes().all(|c| CODE_ALPHABET.contains(&c)));
        assert_ne!(new_booking_id(), new_booking_id());
    }

    #[test]
    fn manage_tokens_depend_on_the_secret_and_the_booking() {
        let a = manage_token("s1", "id-1");
        assert_eq!(a, manage_token("s1", "id-1"));
        assert_ne!(a, manage_token("s2", "id-1"));
        assert_ne!(a, manage_token("s1", "id-2"));
        assert_eq!(a.len(), 43);
    }

    #[test]
    fn secrets_compare_equal_only_when_equal() {
        assert!(constant_time_eq("abc", "abc"));
        assert!(!constant_time_eq("abc", "abd"));
        assert!(!constant_time_eq("abc", "abcd"));
        assert_eq!(
            sha256_hex("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
