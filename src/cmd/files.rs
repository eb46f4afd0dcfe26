//! The files people hand jointex: one wording for trouble reading them, a UTF-8 check that
//! says where the bad byte is, and atomic replacement, so that an interrupted write never
//! leaves half a scenario behind.

use std::path::Path;

/// An I/O error in the words of our messages (lower case, no trailing period).
pub fn io_message(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        std::io::ErrorKind::IsADirectory => "it is a directory".into(),
        _ => e.to_string().to_lowercase(),
    }
}

/// The largest input jointex reads: well above a million-asset scenario (about 400 MB of
/// text), well below what would exhaust memory (`--orders /dev/zero` grew to 2 GB).
pub const MAX_INPUT: u64 = 1 << 30;

/// The text of a file, or why it cannot be had.
/// The display name and text of a scenario file, or of the embedded default scenario when
/// no file is given. The error says which file could not be read, and why.
pub fn scenario_text(path: Option<&Path>) -> Result<(String, String), String> {
    match path {
        None => Ok((
            format!(
                "(embedded) scenarios/{}",
                jointex_scenario::DEFAULT_SCENARIO_NAME
            ),
            jointex_scenario::DEFAULT_SCENARIO.to_owned(),
        )),
        Some(p) => {
            let name = p.display().to_string();
            let text = read_text(p).map_err(|why| format!("cannot read {name}: {why}"))?;
            Ok((name, text))
        }
    }
}

pub fn read_text(p: &Path) -> Result<String, String> {
    use std::io::Read;
    let mut bytes = Vec::new();
    std::fs::File::open(p)
        .and_then(|f| f.take(MAX_INPUT + 1).read_to_end(&mut bytes))
        .map_err(|e| io_message(&e))?;
    if bytes.len() as u64 > MAX_INPUT {
        return Err(format!(
            "the file is larger than jointex reads ({} MiB at most)",
            MAX_INPUT >> 20
        ));
    }
    String::from_utf8(bytes).map_err(|e| {
        format!(
            "the file is not UTF-8 text (invalid byte at offset {})",
            e.utf8_error().valid_up_to()
        )
    })
}

/// Writes `bytes` to `path` whole or not at all: a temporary file beside it, synced, then
/// moved into place — over an existing file when `replace`, or only if none exists (the
/// check and the move are one step, a hard link). A full disk or a kill leaves the target as
/// it was and no temporary behind.
pub fn write_whole(path: &Path, bytes: &[u8], replace: bool) -> std::io::Result<()> {
    use std::io::Write;
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let file = path
        .file_name()
        .map(|f| f.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{file}.{}.jointex.tmp", std::process::id()));
    let result = (|| {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        drop(f);
        if replace {
            if let Ok(meta) = std::fs::metadata(path) {
                std::fs::set_permissions(&tmp, meta.permissions())?;
            }
            std::fs::rename(&tmp, path)
        } else {
            std::fs::hard_link(&tmp, path)
        }
    })();
    let _ = std::fs::remove_file(&tmp);
    if result.is_ok() {
        let _ = std::fs::File::open(dir).and_then(|d| d.sync_all());
    }
    result
}

/// Writes `text` over `path` atomically ([`write_whole`], replacing).
pub fn replace_file(path: &Path, text: &str) -> std::io::Result<()> {
    write_whole(path, text.as_bytes(), true)
}

#[cfg(test)]
mod whole_files {
    use super::*;

    fn dir(name: &str) -> std::path::PathBuf {
        let d = std::env::temp_dir().join(format!("jointex-files-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&d);
        std::fs::create_dir_all(&d).expect("a scratch directory");
        d
    }

    fn listing(d: &Path) -> Vec<String> {
        let mut v: Vec<String> = std::fs::read_dir(d)
            .expect("list")
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    }

    #[test]
    fn a_new_file_never_replaces_and_leaves_nothing_behind() {
        let d = dir("new");
        let p = d.join("out.json");
        write_whole(&p, b"first", false).expect("written");
        let again = write_whole(&p, b"second", false);
        assert_eq!(
            again.map_err(|e| e.kind()),
            Err(std::io::ErrorKind::AlreadyExists)
        );
        assert_eq!(std::fs::read(&p).expect("read"), b"first");
        write_whole(&p, b"third", true).expect("replaced");
        assert_eq!(std::fs::read(&p).expect("read"), b"third");
        assert_eq!(listing(&d), ["out.json"], "no temporary left");
        // Into a directory that does not exist: an error, and nothing appears.
        assert!(write_whole(&d.join("no/such/x.json"), b"x", true).is_err());
        assert_eq!(listing(&d), ["out.json"]);
        let _ = std::fs::remove_dir_all(&d);
    }
}
