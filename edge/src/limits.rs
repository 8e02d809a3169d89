//! Who a caller is, for rate limiting.
//!
//! In staging and production Cloudflare sets `CF-Connecting-IP` on every request to the address that
//! connected to it, replacing whatever the caller sent, so that header is the key and cannot be forged.
//! Only a request that did not pass through Cloudflare lacks it: `wrangler dev` on a laptop, or a
//! proxy put in front of the Worker by mistake. Such callers are never lumped together silently:
//! where forwarding headers can be trusted (locally) the first address of `X-Real-IP` or
//! `X-Forwarded-For` is the key; otherwise, or when there is none, they share one `unidentified` bucket
//! (they are limited together, never left unlimited) and every such request logs a warning.

/// The key a caller is limited under.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CallerKey {
    /// The address Cloudflare saw.
    Connecting(String),
    /// No `CF-Connecting-IP`: the address a local proxy forwarded, or one shared bucket.
    Unidentified(String),
}

impl CallerKey {
    /// The key as the rate-limiting binding takes it.
    pub fn into_string(self) -> String {
        match self {
            CallerKey::Connecting(ip) => format!("ip:{ip}"),
            CallerKey::Unidentified(key) => key,
        }
    }
}

/// The longest header value taken as an address; anything longer is not one.
const MAX_ADDRESS: usize = 64;

fn address(value: Option<&str>) -> Option<&str> {
    let first = value?.split(',').next()?.trim();
    let plausible = !first.is_empty()
        && first.len() <= MAX_ADDRESS
        && first
            .bytes()
            .all(|b| b.is_ascii_hexdigit() || matches!(b, b'.' | b':' | b'[' | b']'));
    plausible.then_some(first)
}

/// The key for a caller, from the headers that may identify it. `trust_forwarding` is true only where
/// no untrusted client can reach the Worker without Cloudflare in between (local development).
pub fn caller_key(
    connecting_ip: Option<&str>,
    real_ip: Option<&str>,
    forwarded_for: Option<&str>,
    trust_forwarding: bool,
) -> CallerKey {
    if let Some(ip) = address(connecting_ip) {
        return CallerKey::Connecting(ip.to_owned());
    }
    let forwarded = address(real_ip).or_else(|| address(forwarded_for));
    match forwarded {
        Some(ip) if trust_forwarding => CallerKey::Unidentified(format!("fwd:{ip}")),
        _ => CallerKey::Unidentified("unidentified".to_owned()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cloudflares_address_is_the_key_whatever_else_is_sent() {
        let key = caller_key(Some("203.0.113.7"), Some("10.0.0.1"), Some("1.2.3.4"), true);
        assert_eq!(key, CallerKey::Connecting("203.0.113.7".into()));
        assert_eq!(key.into_string(), "ip:203.0.113.7");
        let v6 = caller_key(Some("2001:db8::1"), None, None, false);
        assert_eq!(v6.into_string(), "ip:2001:db8::1");
    }

    #[test]
    fn callers_without_it_are_told_apart_locally_and_limited_together_elsewhere() {
        let a = caller_key(None, None, Some("198.51.100.1, 10.0.0.2"), true);
        let b = caller_key(None, Some("198.51.100.2"), None, true);
        assert_eq!(a, CallerKey::Unidentified("fwd:198.51.100.1".into()));
        assert_ne!(a, b);
        let deployed = caller_key(None, None, Some("198.51.100.1"), false);
        assert_eq!(deployed, CallerKey::Unidentified("unidentified".into()));
        let nothing = caller_key(None, None, None, true);
        assert_eq!(nothing, CallerKey::Unidentified("unidentified".into()));
    }

    #[test]
    fn a_header_that_is_not_an_address_is_not_a_key() {
        for junk in ["", "x", "1.2.3.4; drop", &"1".repeat(65), "ip:1.2.3.4"] {
            assert_eq!(
                caller_key(Some(junk), None, None, true),
                CallerKey::Unidentified("unidentified".into()),
                "{junk:?}"
            );
        }
    }
}
