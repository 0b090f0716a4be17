//! Secrets at rest: AES-256-GCM under the master key, a fresh random nonce per value stored
//! in front of the ciphertext. Values are sealed before they reach the store and opened only
//! where they are used; they are never logged or returned.

use aes_gcm::aead::{Aead, AeadCore, KeyInit, OsRng};
use aes_gcm::{Aes256Gcm, Key, Nonce};

const NONCE_LEN: usize = 12;

/// The master key; its `Debug` never shows it.
#[derive(Clone)]
pub struct MasterKey(pub [u8; 32]);

impl std::fmt::Debug for MasterKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("MasterKey(***)")
    }
}

#[derive(Clone)]
pub struct SecretBox {
    cipher: Aes256Gcm,
}

impl std::fmt::Debug for SecretBox {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SecretBox(***)")
    }
}

#[derive(Debug, thiserror::Error)]
#[error("a stored secret could not be opened (wrong master key or corrupt data)")]
pub struct OpenError;

impl SecretBox {
    pub fn new(master_key: &[u8; 32]) -> SecretBox {
        SecretBox {
            cipher: Aes256Gcm::new(Key::<Aes256Gcm>::from_slice(master_key)),
        }
    }

    pub fn seal(&self, plaintext: &str) -> Vec<u8> {
        let nonce = Aes256Gcm::generate_nonce(&mut OsRng);
        // Encryption with a valid key and a fresh nonce cannot fail for in-memory data.
        let ciphertext = self
            .cipher
            .encrypt(&nonce, plaintext.as_bytes())
            .unwrap_or_default();
        let mut out = nonce.to_vec();
        out.extend(ciphertext);
        out
    }

    pub fn open(&self, sealed: &[u8]) -> Result<String, OpenError> {
        if sealed.len() <= NONCE_LEN {
            return Err(OpenError);
        }
        let (nonce, ciphertext) = sealed.split_at(NONCE_LEN);
        let plain = self
            .cipher
            .decrypt(Nonce::from_slice(nonce), ciphertext)
            .map_err(|_| OpenError)?;
        String::from_utf8(plain).map_err(|_| OpenError)
    }
}

/// `••••` and the last four characters, for recognising a key without showing it.
pub fn hint(secret: &str) -> String {
    let tail: String = secret
        .chars()
        .rev()
        .take(4)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    if secret.chars().count() <= 8 {
        "••••".to_string()
    } else {
        format!("••••{tail}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seals_and_opens_with_fresh_nonces() {
        let b = SecretBox::new(&[7u8; 32]);
        let a1 = b.seal("sk-live-123456");
        let a2 = b.seal("sk-live-123456");
        assert_ne!(a1, a2, "a fresh nonce each time");
        assert!(!String::from_utf8_lossy(&a1).contains("sk-live"));
        assert_eq!(b.open(&a1).unwrap(), "sk-live-123456");
        assert!(
            SecretBox::new(&[8u8; 32]).open(&a1).is_err(),
            "another key cannot open it"
        );
        let mut tampered = a1.clone();
        *tampered.last_mut().unwrap() ^= 1;
        assert!(b.open(&tampered).is_err());
        assert_eq!(hint("sk-live-123456"), "••••3456");
        assert_eq!(hint("short"), "••••");
    }
}
