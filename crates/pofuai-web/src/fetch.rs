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
}

impl Default for FetchPolicy {
    fn default() -> FetchPolicy {
        FetchPolicy {
            max_bytes: 10 * 1024 * 1024,
            timeout: Duration::from_secs(10),
            max_redirects: 3,
            allowed_exceptions: Vec::new(),
        }
    }
}

/// True for addresses on the public internet.
pub fn is_public(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => is_public_v4(v4),
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => is_public_v4(v4),
            None => is_public_v6(v6),
        },
    }
}

fn is_public_v4(ip: Ipv4Addr) -> bool {
    let [a, b, ..] = ip.octets();
    !(ip.is_private()
        || ip.is_loopback()
        || ip.is_link_local()
        || ip.is_unspecified()
        || ip.is_broadcast()
        || ip.is_multicast()
        || ip.is_documentation()
        || a == 0
        || (a == 100 && (64..128).contains(&b)) // shared address space (CGNAT)
        || (a == 192 && b == 0) // IETF protocol assignments
        || (a == 198 && (b == 18 || b == 19)) // benchmarking
        || a >= 240)
}

fn is_public_v6(ip: Ipv6Addr) -> bool {
    let first = ip.segments()[0];
    !(ip.is_loopback()
        || ip.is_unspecified()
        || ip.is_multicast()
        || (first & 0xfe00) == 0xfc00 // unique local
        || (first & 0xffc0) == 0xfe80 // link local
        || (first == 0x2001 && ip.segments()[1] == 0x0db8)) // documentation
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

    #[test]
    fn private_ranges_are_not_public() {
        for ip in [
            "127.0.0.1",
            "10.1.2.3",
            "172.16.0.1",
            "192.168.1.1",
            "169.254.169.254",
            "0.0.0.0",
            "100.64.0.1",
            "224.0.0.1",
            "255.255.255.255",
            "::1",
            "fe80::1",
            "fd00::1",
            "::ffff:127.0.0.1",
            "::ffff:10.0.0.1",
            "::",
        ] {
            assert!(!is_public(ip.parse().unwrap()), "{ip}");
        }
        for ip in [
            "8.8.8.8",
            "1.1.1.1",
            "2606:4700:4700::1111",
            "93.184.216.34",
        ] {
            assert!(is_public(ip.parse().unwrap()), "{ip}");
        }
    }
}
