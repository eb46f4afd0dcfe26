//! Well-formedness of indicator values, per kind, and their normal form.
//!
//! The checks are what a STIX pattern and a real blocklist would accept: an IPv4 or IPv6
//! address (optionally a CIDR block), a host name, an absolute http(s)/ftp URL, a hex hash of
//! the right length, an e-mail address. Hashes and domains are lower-cased, so two spellings of
//! one indicator compare equal.

use std::net::{Ipv4Addr, Ipv6Addr};

use crate::vocab::IndicatorKind;

/// Checks `value` as an indicator of `kind`; returns its normal form or why it is malformed.
pub fn check(kind: IndicatorKind, value: &str) -> Result<String, &'static str> {
    let v = value.trim();
    if v.is_empty() {
        return Err("the value is empty");
    }
    if v != value {
        return Err("spaces around the value");
    }
    match kind {
        IndicatorKind::Ipv4 => cidr(v, 32, |a| a.parse::<Ipv4Addr>().is_ok())
            .map(|_| v.to_owned())
            .ok_or("not an IPv4 address such as 203.0.113.7"),
        IndicatorKind::Ipv6 => cidr(v, 128, |a| a.parse::<Ipv6Addr>().is_ok())
            .map(|_| v.to_lowercase())
            .ok_or("not an IPv6 address such as 2001:db8::7"),
        IndicatorKind::Domain => domain(v)
            .then(|| v.to_lowercase())
            .ok_or("not a domain name such as update.vendor.example"),
        IndicatorKind::Url => url(v)
            .then(|| v.to_owned())
            .ok_or("not an absolute URL such as https://portal.example/login"),
        IndicatorKind::Md5 => hash(v, 32),
        IndicatorKind::Sha1 => hash(v, 40),
        IndicatorKind::Sha256 => hash(v, 64),
        IndicatorKind::Email => email(v)
            .then(|| v.to_owned())
            .ok_or("not an e-mail address such as billing@invoice.example"),
    }
}

/// An example of a well-formed value, for hints.
pub fn example(kind: IndicatorKind) -> &'static str {
    match kind {
        IndicatorKind::Ipv4 => {
            "write an IPv4 address such as \"203.0.113.7\" (documentation ranges: 192.0.2.0/24, 198.51.100.0/24, 203.0.113.0/24)"
        }
        IndicatorKind::Ipv6 => {
            "write an IPv6 address such as \"2001:db8::7\" (documentation range 2001:db8::/32)"
        }
        IndicatorKind::Domain => "write a host name such as \"update.vendor.example\"",
        IndicatorKind::Url => {
            "write an absolute URL such as \"https://portal.vendor.example/login\""
        }
        IndicatorKind::Md5 => "an MD5 hash is 32 hexadecimal digits",
        IndicatorKind::Sha1 => "a SHA-1 hash is 40 hexadecimal digits",
        IndicatorKind::Sha256 => "a SHA-256 hash is 64 hexadecimal digits",
        IndicatorKind::Email => "write an address such as \"billing@invoice.example\"",
    }
}

fn cidr(v: &str, max: u8, addr: impl Fn(&str) -> bool) -> Option<()> {
    let (a, bits) = match v.split_once('/') {
        Some((a, b)) => (a, Some(b.parse::<u8>().ok().filter(|b| *b <= max)?)),
        None => (v, None),
    };
    let _ = bits;
    addr(a).then_some(())
}

fn hash(v: &str, len: usize) -> Result<String, &'static str> {
    if !v.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err("a hash has only the digits 0-9 and a-f");
    }
    if v.len() != len {
        return Err(match len {
            32 => "an MD5 hash has 32 hex digits",
            40 => "a SHA-1 hash has 40 hex digits",
            _ => "a SHA-256 hash has 64 hex digits",
        });
    }
    Ok(v.to_ascii_lowercase())
}

fn domain(v: &str) -> bool {
    let v = v.strip_suffix('.').unwrap_or(v);
    if v.len() > 253 || !v.contains('.') {
        return false;
    }
    let labels: Vec<&str> = v.split('.').collect();
    labels.iter().all(|l| {
        !l.is_empty()
            && l.len() <= 63
            && !l.starts_with('-')
            && !l.ends_with('-')
            && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
    }) && labels
        .last()
        .is_some_and(|tld| tld.bytes().all(|b| b.is_ascii_alphabetic()) || tld.starts_with("xn--"))
}

fn url(v: &str) -> bool {
    let Some((scheme, rest)) = v.split_once("://") else {
        return false;
    };
    if !matches!(
        scheme.to_ascii_lowercase().as_str(),
        "http" | "https" | "ftp"
    ) {
        return false;
    }
    if v.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return false;
    }
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    let host_port = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    if let Some(inner) = host_port.strip_prefix('[') {
        // [IPv6]:port
        return inner
            .split_once(']')
            .is_some_and(|(ip, _)| ip.parse::<Ipv6Addr>().is_ok());
    }
    let host = match host_port.rsplit_once(':') {
        Some((h, port)) if port.bytes().all(|b| b.is_ascii_digit()) && !port.is_empty() => h,
        Some(_) => return false,
        None => host_port,
    };
    host.parse::<Ipv4Addr>().is_ok() || domain(host) || host == "localhost"
}

fn email(v: &str) -> bool {
    let Some((local, host)) = v.rsplit_once('@') else {
        return false;
    };
    !local.is_empty()
        && local.len() <= 64
        && local
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+/=?^_`{|}~.-".contains(&b))
        && !local.starts_with('.')
        && !local.ends_with('.')
        && domain(host)
}

#[cfg(test)]
mod tests {
    use super::*;
    use IndicatorKind::*;

    #[test]
    fn accepts_well_formed_values() {
        for (k, v) in [
            (Ipv4, "203.0.113.7"),
            (Ipv4, "198.51.100.0/24"),
            (Ipv6, "2001:db8::7"),
            (Domain, "update.vendor.example"),
            (Url, "https://portal.vendor.example:8443/login?x=1"),
            (Url, "http://203.0.113.9/payload.bin"),
            (Md5, "d41d8cd98f00b204e9800998ecf8427e"),
            (Sha1, "da39a3ee5e6b4b0d3255bfef95601890afd80709"),
            (
                Sha256,
                "E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855",
            ),
            (Email, "billing@invoice.example"),
        ] {
            assert!(check(k, v).is_ok(), "{k:?} {v}");
        }
        assert_eq!(
            check(
                Sha256,
                "E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855"
            )
            .ok()
            .as_deref(),
            Some("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        );
    }

    #[test]
    fn refuses_malformed_values() {
        for (k, v) in [
            (Ipv4, "203.0.113.300"),
            (Ipv4, "203.0.113.0/33"),
            (Ipv6, "2001:db8:::7"),
            (Domain, "localhost"),
            (Domain, "-bad.example"),
            (Url, "portal.example/login"),
            (Url, "javascript://x"),
            (Md5, "d41d8cd98f00b204e9800998ecf8427"),
            (Sha1, "zz39a3ee5e6b4b0d3255bfef95601890afd80709"),
            (Email, "billing.invoice.example"),
            (Email, "a@b"),
            (Domain, " spaced.example"),
        ] {
            assert!(check(k, v).is_err(), "{k:?} {v}");
        }
    }
}
