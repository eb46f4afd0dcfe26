//! What in a scenario could be mistaken for the real world: ids in the real CVE namespace and
//! routable public addresses. Exercise material is copied into tickets, blocklists and
//! threat-intel platforms; a made-up `CVE-2026-31452` will one day collide with a real
//! vulnerability, and a made-up C2 address that is really someone's server gets blocked.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

/// The first id in `text` of the real CVE form (`CVE-YYYY-NNNN…`), if any.
pub fn cve_in(text: &str) -> Option<&str> {
    let bytes = text.as_bytes();
    let mut from = 0;
    while let Some(at) = find_ci(&text[from..], "cve-").map(|i| from + i) {
        let rest = &bytes[at + 4..];
        let year = rest.iter().take_while(|b| b.is_ascii_digit()).count();
        if year == 4 && rest.get(4) == Some(&b'-') {
            let seq = rest[5..].iter().take_while(|b| b.is_ascii_digit()).count();
            let word_start = at == 0 || !bytes[at - 1].is_ascii_alphanumeric();
            if seq >= 4 && word_start {
                return Some(&text[at..at + 4 + 5 + seq]);
            }
        }
        from = at + 4;
    }
    None
}

fn find_ci(hay: &str, needle: &str) -> Option<usize> {
    hay.as_bytes()
        .windows(needle.len())
        .position(|w| w.eq_ignore_ascii_case(needle.as_bytes()))
}

/// The exercise form jointex recommends for a CVE-like id: `EX-2026-31452`.
pub fn exercise_form(cve: &str) -> String {
    format!("EX-{}", &cve[4..])
}

/// Whether an IPv4 or IPv6 indicator value (an address or a CIDR block) is a globally
/// routable address: not a documentation, private, shared, loopback, link-local, multicast
/// or otherwise reserved one.
pub fn is_public(value: &str) -> bool {
    let addr = value.split('/').next().unwrap_or(value);
    match addr.parse::<IpAddr>() {
        Ok(IpAddr::V4(a)) => public_v4(a),
        Ok(IpAddr::V6(a)) => public_v6(a),
        Err(_) => false,
    }
}

fn public_v4(a: Ipv4Addr) -> bool {
    let [o1, o2, o3, _] = a.octets();
    let documentation = matches!((o1, o2, o3), (192, 0, 2) | (198, 51, 100) | (203, 0, 113));
    let shared = o1 == 100 && (64..128).contains(&o2); // 100.64.0.0/10, carrier-grade NAT
    let benchmarking = o1 == 198 && (o2 == 18 || o2 == 19); // 198.18.0.0/15
    let protocol = o1 == 192 && o2 == 0 && o3 == 0; // 192.0.0.0/24
    let reserved = o1 == 0 || o1 >= 240;
    !(documentation
        || shared
        || benchmarking
        || protocol
        || reserved
        || a.is_private()
        || a.is_loopback()
        || a.is_link_local()
        || a.is_multicast()
        || a.is_broadcast())
}

fn public_v6(a: Ipv6Addr) -> bool {
    let s = a.segments();
    let documentation = s[0] == 0x2001 && s[1] == 0x0db8; // 2001:db8::/32
    let unique_local = (s[0] & 0xfe00) == 0xfc00; // fc00::/7
    let link_local = (s[0] & 0xffc0) == 0xfe80; // fe80::/10
    let global_unicast = (s[0] & 0xe000) == 0x2000; // 2000::/3
    global_unicast && !documentation && !unique_local && !link_local
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_real_form_cve_ids_only() {
        assert_eq!(cve_in("patch CVE-2026-31452 now"), Some("CVE-2026-31452"));
        assert_eq!(cve_in("(cve-2021-44228)"), Some("cve-2021-44228"));
        assert_eq!(cve_in("EX-2026-31452"), None);
        assert_eq!(cve_in("XCVE-2026-31452"), None, "not at a word start");
        assert_eq!(cve_in("CVE-26-1"), None);
        assert_eq!(
            cve_in("CVE-2026-12"),
            None,
            "sequence numbers have four digits or more"
        );
        assert_eq!(exercise_form("CVE-2026-31452"), "EX-2026-31452");
    }

    #[test]
    fn documentation_and_private_ranges_are_not_public() {
        for v in [
            "203.0.113.47",
            "198.51.100.0/24",
            "192.0.2.1",
            "10.1.2.3",
            "172.16.0.9",
            "192.168.1.1",
            "100.64.0.1",
            "127.0.0.1",
            "169.254.1.1",
            "2001:db8:4e1d::47",
            "fd00::1",
            "fe80::1",
            "::1",
        ] {
            assert!(!is_public(v), "{v}");
        }
        for v in ["8.8.8.8", "1.1.1.1/32", "45.77.1.2", "2606:4700::1111"] {
            assert!(is_public(v), "{v}");
        }
    }
}
