//! Outbound safety for webhook URLs: only `https`, and never an address inside the
//! server's own network (loopback, private, link-local, the cloud metadata address),
//! unless the `EIL_WEBHOOKS_ALLOW_LOCAL` setting allows both (tests and development).
//!
//! The URL is checked when a subscription is saved, and every connection is checked again
//! at delivery: the HTTP client resolves names through [`GuardedResolver`], which drops
//! refused addresses, so a name that later resolves inside the network (DNS rebinding)
//! reaches nothing.

use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;

use reqwest::Url;
use reqwest::dns::{Addrs, Name, Resolve, Resolving};

/// Whether an address is inside the server's own network, or not a unicast address at all.
pub fn is_internal(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => {
            let [a, b, ..] = v4.octets();
            v4.is_loopback()
                || v4.is_private()
                || v4.is_link_local() // 169.254.0.0/16, the metadata address among them
                || v4.is_unspecified()
                || v4.is_broadcast()
                || v4.is_multicast()
                || v4.is_documentation()
                || a == 0
                || (a == 100 && (64..128).contains(&b)) // carrier-grade NAT, 100.64.0.0/10
                || (a == 198 && (b == 18 || b == 19)) // benchmarking, 198.18.0.0/15
                || (a == 192 && b == 0 && v4.octets()[2] == 0) // protocol assignments, 192.0.0.0/24
                || a >= 240 // reserved
        }
        IpAddr::V6(v6) => {
            let s = v6.segments();
            // IPv4-mapped (::ffff:a.b.c.d) and IPv4-compatible (::a.b.c.d) addresses are the
            // IPv4 address they carry.
            if let Some(v4) = v6.to_ipv4_mapped().or_else(|| {
                (s[..6] == [0; 6] && !v6.is_loopback() && !v6.is_unspecified()).then(|| {
                    std::net::Ipv4Addr::new(
                        (s[6] >> 8) as u8,
                        s[6] as u8,
                        (s[7] >> 8) as u8,
                        s[7] as u8,
                    )
                })
            }) {
                return is_internal(IpAddr::V4(v4));
            }
            // 6to4 (2002:a.b.c.d::/48) carries an IPv4 address too.
            if s[0] == 0x2002 {
                let v4 = std::net::Ipv4Addr::new(
                    (s[1] >> 8) as u8,
                    s[1] as u8,
                    (s[2] >> 8) as u8,
                    s[2] as u8,
                );
                return is_internal(IpAddr::V4(v4));
            }
            let first = s[0];
            v6.is_loopback()
                || v6.is_unspecified()
                || v6.is_multicast()
                || (first & 0xfe00) == 0xfc00 // unique local, fc00::/7
                || (first & 0xffc0) == 0xfe80 // link-local, fe80::/10
                || (first & 0xffc0) == 0xfec0 // site-local (deprecated), fec0::/10
                || (first == 0x2001 && s[1] == 0) // Teredo, 2001::/32: tunnels to anywhere
                || (first == 0x2001 && s[1] == 0xdb8) // documentation
                || (first == 0x64 && s[1] == 0xff9b) // NAT64 to anything
        }
    }
}

/// Checks a subscription URL's form: an absolute `https` URL with a host, no user name or
/// password, and (for an address written as such) not internal. The message says why not.
pub fn check_url(raw: &str, allow_local: bool) -> Result<Url, String> {
    let url = Url::parse(raw).map_err(|e| format!("is not a valid URL ({e})"))?;
    match url.scheme() {
        "https" => {}
        "http" if allow_local => {}
        "http" => return Err("must use https".into()),
        _ => return Err("must be an https URL".into()),
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err("must not carry a user name or password".into());
    }
    let Some(host) = url.host_str() else {
        return Err("must name a host".into());
    };
    if url.fragment().is_some() {
        return Err("must not have a fragment (#...)".into());
    }
    let literal = host
        .trim_start_matches('[')
        .trim_end_matches(']')
        .parse::<IpAddr>();
    if let Ok(ip) = literal
        && is_internal(ip)
        && !allow_local
    {
        return Err("points at an address inside the server's network".into());
    }
    if !allow_local && (host == "localhost" || host.ends_with(".localhost")) {
        return Err("points at the server itself".into());
    }
    Ok(url)
}

/// Checks that the URL's host resolves, and only to addresses outside the network.
pub async fn check_resolves(url: &Url, allow_local: bool) -> Result<(), String> {
    let Some(host) = url.host_str() else {
        return Err("must name a host".into());
    };
    let port = url.port_or_known_default().unwrap_or(443);
    // One answer for a name that does not resolve and one that resolves inside the network,
    // so that subscribing cannot map the server's internal names.
    let refused = || format!("names a host that does not resolve to a public address ({host})");
    let lookup = tokio::net::lookup_host((host.trim_matches(['[', ']']), port));
    let addrs: Vec<SocketAddr> = tokio::time::timeout(std::time::Duration::from_secs(5), lookup)
        .await
        .map_err(|_| refused())?
        .map_err(|_| refused())?
        .collect();
    if addrs.is_empty() || (!allow_local && addrs.iter().any(|a| is_internal(a.ip()))) {
        return Err(refused());
    }
    Ok(())
}

/// The delivery client's name resolution: the system's, without internal addresses.
#[derive(Debug, Clone)]
pub struct GuardedResolver {
    pub allow_local: bool,
}

impl Resolve for GuardedResolver {
    fn resolve(&self, name: Name) -> Resolving {
        let allow_local = self.allow_local;
        Box::pin(async move {
            let found: Vec<SocketAddr> = tokio::net::lookup_host((name.as_str(), 0))
                .await?
                .filter(|a| allow_local || !is_internal(a.ip()))
                .collect();
            if found.is_empty() {
                return Err(format!(
                    "{} resolves to no address outside the server's network",
                    name.as_str()
                )
                .into());
            }
            Ok(Box::new(found.into_iter()) as Addrs)
        })
    }
}

impl GuardedResolver {
    pub fn shared(allow_local: bool) -> Arc<GuardedResolver> {
        Arc::new(GuardedResolver { allow_local })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn internal_addresses_are_refused() {
        for ip in [
            "127.0.0.1",
            "10.1.2.3",
            "172.16.0.1",
            "192.168.1.1",
            "169.254.169.254",
            "0.0.0.0",
            "100.64.0.1",
            "::1",
            "fd00::1",
            "fe80::1",
            "::ffff:127.0.0.1",
            "::10.0.0.1",
            "2002:7f00:1::1",
            "2002:a9fe:a9fe::1",
            "2001:0:4136:e378::1",
            "fec0::1",
            "192.0.0.8",
        ] {
            assert!(is_internal(ip.parse().expect("ip")), "{ip}");
        }
        for ip in ["193.40.1.1", "8.8.8.8", "2a00:1450::1", "2002:c128:101::1"] {
            assert!(!is_internal(ip.parse().expect("ip")), "{ip}");
        }
    }

    #[test]
    fn urls_need_https_and_a_public_host() {
        assert!(check_url("https://lms.lu.lv/hooks", false).is_ok());
        assert!(check_url("http://lms.lu.lv/hooks", false).is_err());
        assert!(check_url("http://127.0.0.1:9/hooks", true).is_ok());
        assert!(check_url("https://127.0.0.1/hooks", false).is_err());
        assert!(check_url("https://[::1]/hooks", false).is_err());
        assert!(check_url("https://169.254.169.254/latest", false).is_err());
        assert!(check_url("https://localhost/x", false).is_err());
        assert!(check_url("https://user:pw@lms.lu.lv/", false).is_err());
        assert!(check_url("ftp://lms.lu.lv/", false).is_err());
        assert!(check_url("not a url", false).is_err());
    }
}
