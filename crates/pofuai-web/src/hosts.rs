//! The sync engine pins channel hosts with the same public-address rules as the guarded
//! fetcher: a seller's base URL reaches the engine only through this check.

use std::net::SocketAddr;

use pofuai_sync::{BoxFuture, HostCheck, HostRefused};

use crate::fetch::{FetchError, Fetcher};

impl HostCheck for Fetcher {
    fn checked_address<'a>(
        &'a self,
        url: &'a reqwest::Url,
    ) -> BoxFuture<'a, Result<SocketAddr, HostRefused>> {
        Box::pin(async move {
            Fetcher::checked_address(self, url)
                .await
                .map_err(|e| match e {
                    FetchError::Resolve => HostRefused::Unresolved,
                    other => HostRefused::Refused(other.to_string()),
                })
        })
    }
}
