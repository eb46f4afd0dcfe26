//! The server's host key: made on first start, kept in the state directory, and shown as a
//! fingerprint players compare with what their `ssh` prints on first connect.

use std::path::{Path, PathBuf};

use russh::keys::{Algorithm, HashAlg, PrivateKey, ssh_key};

/// The key file's name in the state directory.
pub const FILE: &str = "host_ed25519";

/// The host key in `dir`, made (with the directory) when there is none yet. Returns the key
/// and whether it was made now.
pub fn load_or_create(dir: &Path) -> Result<(PrivateKey, bool), String> {
    let path: PathBuf = dir.join(FILE);
    if path.exists() {
        return russh::keys::load_secret_key(&path, None)
            .map(|k| (k, false))
            .map_err(|e| {
                format!(
                    "cannot read the host key {}: {e} (move it away to make a new one; players will then see a new fingerprint)",
                    path.display()
                )
            });
    }
    create_private_dir(dir)?;
    let key = PrivateKey::random(&mut russh::keys::key::safe_rng(), Algorithm::Ed25519)
        .map_err(|e| format!("cannot make a host key: {e}"))?;
    key.write_openssh_file(&path, ssh_key::LineEnding::LF)
        .map_err(|e| format!("cannot write the host key {}: {e}", path.display()))?;
    Ok((key, true))
}

/// The fingerprint as OpenSSH prints it (`SHA256:…`).
pub fn fingerprint(key: &PrivateKey) -> String {
    key.public_key().fingerprint(HashAlg::Sha256).to_string()
}

fn create_private_dir(dir: &Path) -> Result<(), String> {
    std::fs::create_dir_all(dir)
        .map_err(|e| format!("cannot create the state directory {}: {e}", dir.display()))?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let _ = std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn made_once_then_kept() {
        let dir = std::env::temp_dir().join(format!("jointex-hostkey-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let (a, made) = load_or_create(&dir).expect("made");
        assert!(made);
        let (b, made) = load_or_create(&dir).expect("kept");
        assert!(!made);
        assert_eq!(fingerprint(&a), fingerprint(&b));
        assert!(fingerprint(&a).starts_with("SHA256:"));
        let _ = std::fs::remove_dir_all(&dir);
    }
}
