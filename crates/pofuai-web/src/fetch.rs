//! The guarded URL fetcher for user-supplied image URLs (SSRF defence).
//!
//! A URL is fetched only if every address its host resolves to is public: loopback, private,
//! link-local (cloud metadata at 169.254.169.254), shared, multicast and unspecified ranges are
//! refused, and the connection is pinned to the address that was checked, so DNS cannot change
//! its answer between the check and the connect. Redirects are followed by hand, each target
//! checked the same way. Bodies are bounded in bytes and time.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::time::Duration;

use bytes::BytesMut;

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum FetchError {
    #[error("must be an https:// URL")]
    Scheme,
    #[error("is not a valid URL")]
    BadUrl,
    #[error("points to a private, loopback or link-local address, which is not allowed")]
    Forbidden,
    #[error("host could not be resolved")]
    Resolve,
    #[error("could not be fetched: {0}")]
    Transport(String),
    #[error("answered HTTP {0}")]
    Status(u16),
    #[error("redirected too many times")]
    TooManyRedirects,
    #[error("is larger than {0} bytes")]
    TooLarge(usize),
    #[error("took too long to answer")]
    Timeout,
    #[error("cannot be reached: outbound connections are off on this server (offline setting)")]
    Offline,
}

/// Where fetches may go. Production allows public addresses over https only; tests add the
/// exact socket address of their own local server (and plain http for it).
#[derive(Debug, Clone)]
pub struct FetchPolicy {
    pub max_bytes: usize,
    pub timeout: Duration,
    pub max_redirects: usize,
    /// Addresses allowed although not public; empty in production.
    pub allowed_exceptions: Vec<SocketAddr>,
    /// Refuse every host but the exceptions, before any DNS lookup: for runs that must not
    /// reach beyond this machine (the API fuzzing in CI, air-gapped demos).
    pub offline: bool,
}

impl Default for FetchPolicy {
    fn default() -> FetchPolicy {
        FetchPolicy {
            max_bytes: 10 * 1024 * 1024,
            timeout: Duration::from_secs(10),
            max_redirects: 3,
            allowed_exceptions: Vec::new(),
            offline: false,
        }
    }
}

/// True for addresses on the public internet: not in any block IANA's special-purpose
/// registries (IPv4 and IPv6) mark as not globally reachable, nor multicast, nor reserved.
/// IPv6 forms that carry an IPv4 address (mapped, NAT64, 6to4) are judged by that address, and
/// the deprecated or tunnelling forms that could reach one in ways we cannot see (IPv4-compatible,
/// Teredo, the local-use NAT64 prefix) are refused outright.
pub fn is_public(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => is_public_v4(v4),
        IpAddr::V6(v6) => is_public_v6(v6),
    }
}

/// `(network, prefix length)` of IPv4 blocks that are not public: IANA's IPv4 special-purpose
/// address registry (every block not marked globally reachable, plus 192.0.0.0/24 whole, whose
/// two global /32s are anycast services no image lives on), multicast, and the deprecated 6to4
/// relay anycast block.
const V4_NOT_PUBLIC: [([u8; 4], u8); 17] = [
    ([0, 0, 0, 0], 8),          // "this network"
    ([10, 0, 0, 0], 8),         // private
    ([100, 64, 0, 0], 10),      // shared address space (CGNAT)
    ([127, 0, 0, 0], 8),        // loopback
    ([169, 254, 0, 0], 16),     // link local, cloud metadata
    ([172, 16, 0, 0], 12),      // private
    ([192, 0, 0, 0], 24),       // IETF protocol assignments, NAT64 discovery (192.0.0.170/31)
    ([192, 0, 2, 0], 24),       // documentation (TEST-NET-1)
    ([192, 88, 99, 0], 24),     // 6to4 relay anycast (deprecated)
    ([192, 168, 0, 0], 16),     // private
    ([198, 18, 0, 0], 15),      // benchmarking
    ([198, 51, 100, 0], 24),    // documentation (TEST-NET-2)
    ([203, 0, 113, 0], 24),     // documentation (TEST-NET-3)
    ([224, 0, 0, 0], 4),        // multicast
    ([240, 0, 0, 0], 4),        // reserved
    ([255, 255, 255, 255], 32), // limited broadcast
    ([233, 252, 0, 0], 24),     // documentation (MCAST-TEST-NET), inside multicast anyway
];

fn is_public_v4(ip: Ipv4Addr) -> bool {
    let bits = u32::from(ip);
    !V4_NOT_PUBLIC.iter().any(|(net, len)| {
        let mask = u32::MAX.checked_shl(32 - u32::from(*len)).unwrap_or(0);
        bits & mask == u32::from_be_bytes(*net) & mask
    })
}

/// `(network, prefix length)` of IPv6 blocks inside global unicast (2000::/3) that are not
/// public, from IANA's IPv6 special-purpose registry. Everything outside 2000::/3 is refused
/// anyway (loopback, unspecified, ::/96, ::ffff:0:0/96 aside, which carry IPv4 addresses;
/// 64:ff9b::/96 likewise; 100::/64 discard; fc00::/7, fe80::/10, fec0::/10, ff00::/8).
const V6_NOT_PUBLIC: [(u128, u8); 4] = [
    (0x2001_0000 << 96, 23), // IETF protocol assignments: Teredo (2001::/32), ORCHID, benchmarking…
    (0x2001_0db8 << 96, 32), // documentation
    (0x3fff_0000 << 96, 20), // documentation
    (0x5f00_0000 << 96, 16), // segment routing SIDs (outside 2000::/3 too; listed for clarity)
];

fn is_public_v6(ip: Ipv6Addr) -> bool {
    let bits = u128::from(ip);
    let in_block = |net: u128, len: u8| {
        let mask = u128::MAX.checked_shl(128 - u32::from(len)).unwrap_or(0);
        bits & mask == net & mask
    };
    let embedded_v4 = |shift: u32| Ipv4Addr::from(((bits >> shift) & 0xffff_ffff) as u32);
    if in_block(0xffff << 32, 96) {
        // IPv4-mapped: the host is the IPv4 address.
        return is_public_v4(embedded_v4(0));
    }
    if in_block(0x0064_ff9b << 96, 96) {
        // NAT64's well-known prefix reaches the IPv4 address in its last 32 bits.
        return is_public_v4(embedded_v4(0));
    }
    if in_block(0x2002 << 112, 16) {
        // 6to4 carries the IPv4 address of its gateway in bits 16..48.
        return is_public_v4(embedded_v4(80));
    }
    // Global unicast is 2000::/3; everything else (loopback, unspecified, IPv4-compatible ::/96,
    // local-use NAT64 64:ff9b:1::/48, discard 100::/64, unique and link local, site local,
    // multicast, unassigned space) is not public.
    in_block(0x2000 << 112, 3) && !V6_NOT_PUBLIC.iter().any(|(net, len)| in_block(*net, *len))
}

pub struct Fetcher {
    policy: FetchPolicy,
}

impl Fetcher {
    pub fn new(policy: FetchPolicy) -> Fetcher {
        Fetcher { policy }
    }

    /// Fetches `url`, following at most `max_redirects` checked redirects.
    pub async fn fetch(&self, url: &str) -> Result<Vec<u8>, FetchError> {
        let fetch = async {
            let mut current = reqwest::Url::parse(url).map_err(|_| FetchError::BadUrl)?;
            for _ in 0..=self.policy.max_redirects {
                match self.fetch_once(&current).await? {
                    Step::Body(b) => return Ok(b),
                    Step::Redirect(next) => current = next,
                }
            }
            Err(FetchError::TooManyRedirects)
        };
        tokio::time::timeout(self.policy.timeout, fetch)
            .await
            .map_err(|_| FetchError::Timeout)?
    }

    pub(crate) async fn checked_address(
        &self,
        url: &reqwest::Url,
    ) -> Result<SocketAddr, FetchError> {
        let host = url.host_str().ok_or(FetchError::BadUrl)?;
        let port = url.port_or_known_default().ok_or(FetchError::BadUrl)?;
        let host = host.trim_start_matches('[').trim_end_matches(']');
        if self.policy.offline {
            // Not even a DNS query leaves the machine: only a literal excepted address passes.
            let literal = host
                .parse::<IpAddr>()
                .ok()
                .map(|ip| SocketAddr::new(ip, port));
            return match literal {
                Some(addr) if self.policy.allowed_exceptions.contains(&addr) => Ok(addr),
                _ => Err(FetchError::Offline),
            };
        }
        let addrs: Vec<SocketAddr> = tokio::net::lookup_host((host, port))
            .await
            .map_err(|_| FetchError::Resolve)?
            .collect();
        if addrs.is_empty() {
            return Err(FetchError::Resolve);
        }
        let excepted = |a: &SocketAddr| self.policy.allowed_exceptions.contains(a);
        // Every answer must be acceptable: a host that resolves to one public and one private
        // address could otherwise be steered to the private one.
        if addrs.iter().any(|a| !is_public(a.ip()) && !excepted(a)) {
            return Err(FetchError::Forbidden);
        }
        let scheme_ok = url.scheme() == "https" || (url.scheme() == "http" && excepted(&addrs[0]));
        if !scheme_ok {
            return Err(FetchError::Scheme);
        }
        Ok(addrs[0])
    }

    async fn fetch_once(&self, url: &reqwest::Url) -> Result<Step, FetchError> {
        if !matches!(url.scheme(), "https" | "http") {
            return Err(FetchError::Scheme);
        }
        let addr = self.checked_address(url).await?;
        let host = url.host_str().ok_or(FetchError::BadUrl)?.to_string();
        let client = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .resolve(&host, addr)
            .connect_timeout(self.policy.timeout)
            .build()
            .map_err(|e| FetchError::Transport(e.to_string()))?;
        let mut response = client
            .get(url.clone())
            .header("accept", "image/jpeg, image/png, image/webp")
            .send()
            .await
            .map_err(|e| FetchError::Transport(e.without_url().to_string()))?;
        let status = response.status();
        if status.is_redirection() {
            let location = response
                .headers()
                .get(reqwest::header::LOCATION)
                .and_then(|v| v.to_str().ok())
                .ok_or(FetchError::Status(status.as_u16()))?;
            let next = url.join(location).map_err(|_| FetchError::BadUrl)?;
            return Ok(Step::Redirect(next));
        }
        if !status.is_success() {
            return Err(FetchError::Status(status.as_u16()));
        }
        let max = self.policy.max_bytes;
        if response.content_length().is_some_and(|n| n > max as u64) {
            return Err(FetchError::TooLarge(max));
        }
        let mut body = BytesMut::new();
        while let Some(chunk) = response
            .chunk()
            .await
            .map_err(|e| FetchError::Transport(e.without_url().to_string()))?
        {
            if body.len() + chunk.len() > max {
                return Err(FetchError::TooLarge(max));
            }
            body.extend_from_slice(&chunk);
        }
        Ok(Step::Body(body.to_vec()))
    }
}

enum Step {
    Body(Vec<u8>),
    Redirect(reqwest::Url),
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every block of IANA's special-purpose registries (IPv4 and IPv6), plus multicast and
    /// the IPv6 forms that embed an IPv4 address: the first and last address of each block,
    /// and whether it may be fetched.
    #[test]
    fn special_purpose_ranges_are_not_public() {
        let table: &[(&str, &str, bool)] = &[
            // IPv4 special-purpose registry
            ("0.0.0.0", "0.255.255.255", false),
            ("10.0.0.0", "10.255.255.255", false),
            ("100.64.0.0", "100.127.255.255", false),
            ("127.0.0.0", "127.255.255.255", false),
            ("169.254.0.0", "169.254.255.255", false),
            ("172.16.0.0", "172.31.255.255", false),
            ("192.0.0.0", "192.0.0.255", false),
            ("192.0.0.170", "192.0.0.171", false),
            ("192.0.2.0", "192.0.2.255", false),
            ("192.88.99.0", "192.88.99.255", false),
            ("192.168.0.0", "192.168.255.255", false),
            ("198.18.0.0", "198.19.255.255", false),
            ("198.51.100.0", "198.51.100.255", false),
            ("203.0.113.0", "203.0.113.255", false),
            ("240.0.0.0", "255.255.255.254", false),
            ("255.255.255.255", "255.255.255.255", false),
            ("224.0.0.0", "239.255.255.255", false),
            // IPv4 neighbours that are public
            ("9.255.255.255", "11.0.0.0", true),
            ("100.63.255.255", "100.128.0.0", true),
            ("172.15.255.255", "172.32.0.0", true),
            ("192.0.1.0", "192.0.3.0", true),
            ("192.31.196.1", "192.52.193.1", true), // AS112 and AMT: globally reachable
            ("198.17.255.255", "198.20.0.0", true),
            ("8.8.8.8", "93.184.216.34", true),
            // IPv6 special-purpose registry
            ("::", "::", false),
            ("::1", "::1", false),
            ("::ffff:0.0.0.0", "::ffff:255.255.255.255", false), // mapped: judged by IPv4
            ("::ffff:127.0.0.1", "::ffff:10.0.0.1", false),
            ("::0.0.0.2", "::255.255.255.255", false), // IPv4-compatible (deprecated)
            ("::8.8.8.8", "::1.1.1.1", false),
            ("64:ff9b::", "64:ff9b::ffff:ffff", false), // NAT64 to 0.0.0.0 … 255.255.255.255
            ("64:ff9b::7f00:1", "64:ff9b::a9fe:a9fe", false), // NAT64 to loopback, metadata
            ("64:ff9b:1::", "64:ff9b:1:ffff:ffff:ffff:ffff:ffff", false), // local-use NAT64
            ("64:ff9b:1::808:808", "64:ff9b:1::808:808", false),
            ("100::", "100::ffff:ffff:ffff:ffff", false), // discard-only
            ("100:0:0:1::", "100:0:0:1:ffff:ffff:ffff:ffff", false), // dummy prefix
            ("2001::", "2001:1ff:ffff:ffff:ffff:ffff:ffff:ffff", false), // IETF assignments
            ("2001::", "2001:0:ffff:ffff:ffff:ffff:ffff:ffff", false), // Teredo
            (
                "2001:0:4136:e378:8000:63bf:3fff:fdd2",
                "2001:0:4136:e378:8000:63bf:3fff:fdd2",
                false,
            ),
            ("2001:2::", "2001:2:0:ffff:ffff:ffff:ffff:ffff", false), // benchmarking
            ("2001:10::", "2001:2f:ffff:ffff:ffff:ffff:ffff:ffff", false), // ORCHID(v2)
            (
                "2001:db8::",
                "2001:db8:ffff:ffff:ffff:ffff:ffff:ffff",
                false,
            ), // documentation
            ("2002::", "2002:ffff:ffff:ffff:ffff:ffff:ffff:ffff", false), // 6to4 to 0.0.0.0 …
            ("2002:7f00:1::", "2002:a00:1::", false), // 6to4 gateway 127.0.0.1, 10.0.0.1
            ("2002:c0a8:101::1", "2002:a9fe:a9fe::", false), // 192.168.1.1, 169.254.169.254
            ("3fff::", "3fff:fff:ffff:ffff:ffff:ffff:ffff:ffff", false), // documentation
            ("5f00::", "5f00:ffff:ffff:ffff:ffff:ffff:ffff:ffff", false), // SRv6 SIDs
            ("fc00::", "fdff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", false), // unique local
            ("fe80::", "febf:ffff:ffff:ffff:ffff:ffff:ffff:ffff", false), // link local
            ("fec0::", "feff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", false), // site local
            ("ff00::", "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", false), // multicast
            ("4000::", "dfff::", false),              // unassigned, outside global unicast
            // IPv6 that is public
            ("2606:4700:4700::1111", "2a00:1450:4001:80b::200e", true),
            ("2001:200::", "2001:4860:4860::8888", true), // past 2001::/23
            ("2620:4f:8000::", "2620:4f:8000::1", true),  // AS112 direct delegation
            ("::ffff:8.8.8.8", "::ffff:1.1.1.1", true),
            ("64:ff9b::808:808", "64:ff9b::101:101", true), // NAT64 to public IPv4
            ("2002:808:808::", "2002:101:101::1", true),    // 6to4 with a public gateway
        ];
        for (first, last, public) in table {
            for ip in [first, last] {
                let addr: IpAddr = ip.parse().unwrap_or_else(|_| panic!("{ip}"));
                assert_eq!(is_public(addr), *public, "{ip} (block {first} … {last})");
            }
        }
    }
}
