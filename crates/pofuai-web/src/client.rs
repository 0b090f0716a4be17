//! The client's address: the peer of the connection or, behind a reverse proxy whose header
//! the settings name (`client_ip_header`), the last address in that header — the one our proxy
//! appended, which the client cannot forge. Throttles and rate limits key on it; IPv6 clients
//! are keyed by their /64, since anyone holding one address holds the whole /64.

use std::convert::Infallible;
use std::net::{IpAddr, Ipv6Addr, SocketAddr};

use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::HeaderMap;
use axum::http::request::Parts;

use crate::AppState;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClientIp(pub IpAddr);

impl ClientIp {
    /// The network a client is counted under: its IPv4 address, or its IPv6 /64.
    pub fn network(&self) -> IpAddr {
        match self.0 {
            IpAddr::V4(v4) => IpAddr::V4(v4),
            IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
                Some(v4) => IpAddr::V4(v4),
                None => IpAddr::V6(Ipv6Addr::from(u128::from(v6) & (u128::MAX << 64))),
            },
        }
    }

    /// The key a client is counted under, as text.
    pub fn key(&self) -> String {
        match self.network() {
            IpAddr::V4(v4) => v4.to_string(),
            IpAddr::V6(net) => format!("{net}/64"),
        }
    }

    pub(crate) fn of(
        extensions: &axum::http::Extensions,
        headers: &HeaderMap,
        header: Option<&str>,
    ) -> ClientIp {
        let peer = extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map_or(IpAddr::from([0, 0, 0, 0]), |c| c.0.ip());
        let forwarded = header.and_then(|name| {
            headers
                .get_all(name)
                .iter()
                .filter_map(|v| v.to_str().ok())
                .flat_map(|v| v.split(','))
                .filter_map(|part| part.trim().parse::<IpAddr>().ok())
                .next_back()
        });
        ClientIp(forwarded.unwrap_or(peer))
    }
}

impl FromRequestParts<AppState> for ClientIp {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Infallible> {
        Ok(ClientIp::of(
            &parts.extensions,
            &parts.headers,
            state.config.client_ip_header.as_deref(),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_and_proxy_headers() {
        let v6 = ClientIp("2001:db8:1:2:3:4:5:6".parse().unwrap());
        assert_eq!(v6.key(), "2001:db8:1:2::/64");
        let neighbour = ClientIp("2001:db8:1:2:ffff::1".parse().unwrap());
        assert_eq!(v6.network(), neighbour.network(), "one /64, one bucket");
        let other = ClientIp("2001:db8:1:3::1".parse().unwrap());
        assert_ne!(v6.network(), other.network());
        let mapped = ClientIp("::ffff:10.0.0.1".parse().unwrap());
        assert_eq!(mapped.key(), "10.0.0.1");
        let mut ext = axum::http::Extensions::new();
        ext.insert(ConnectInfo(SocketAddr::from(([127, 0, 0, 1], 9))));
        let mut headers = HeaderMap::new();
        headers.insert("x-forwarded-for", "1.2.3.4, 5.6.7.8".parse().unwrap());
        assert_eq!(
            ClientIp::of(&ext, &headers, Some("x-forwarded-for")).key(),
            "5.6.7.8"
        );
        assert_eq!(ClientIp::of(&ext, &headers, None).key(), "127.0.0.1");
    }
}
