//! The school's privacy notice: a TOML file given with `--privacy-notice`
//! (docs/privacy-notice.toml is the template, built in when none is
//! given). Its version and hash go into the directory, so every phone shows
//! it before the first declaration and again after a change; the server
//! records each version it publishes, and refuses another text under a
//! version published before.

use std::path::{Path, PathBuf};

use anxin_domain::pass::verify::to_hex;
use anxin_domain::privacy::{NoticeError, PrivacyNotice};
use anxin_domain::Directory;
use sha2::{Digest, Sha256};

/// The template in the repository, used when no file is given.
const TEMPLATE: &str = include_str!("../../../docs/privacy-notice.toml");

#[derive(Debug, thiserror::Error)]
pub enum NoticeFileError {
    #[error("cannot read the privacy notice file {path}: {source}")]
    Read { path: PathBuf, source: std::io::Error },
    #[error("the privacy notice file {path} is not valid TOML for a notice: {source}")]
    Parse { path: PathBuf, source: Box<toml::de::Error> },
    #[error("the privacy notice file {path} is not acceptable: {source}")]
    Invalid { path: PathBuf, source: NoticeError },
}

/// A notice as published: the text and its hash (SHA-256, lowercase hex).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Published {
    pub notice: PrivacyNotice,
    pub hash: String,
}

impl Published {
    /// Puts the notice into the directory the phones fetch.
    pub fn fill(&self, directory: &mut Directory) {
        directory.notice_version = self.notice.version.trim().to_owned();
        directory.notice_hash = self.hash.clone();
        directory.notice_zh = self.notice.zh.trim().to_owned();
        directory.notice_en = self.notice.en.trim().to_owned();
    }
}

/// Reads the notice file, or the built-in template.
pub fn load_notice(path: Option<&Path>) -> Result<Published, NoticeFileError> {
    let shown = path.map_or_else(|| PathBuf::from("docs/privacy-notice.toml"), Path::to_path_buf);
    let text = match path {
        None => TEMPLATE.to_owned(),
        Some(path) => std::fs::read_to_string(path)
            .map_err(|source| NoticeFileError::Read { path: path.into(), source })?,
    };
    let mut notice: PrivacyNotice = toml::from_str(&text)
        .map_err(|e| NoticeFileError::Parse { path: shown.clone(), source: Box::new(e) })?;
    notice.validate().map_err(|source| NoticeFileError::Invalid { path: shown, source })?;
    notice.version = notice.version.trim().to_owned();
    notice.zh = notice.zh.trim().to_owned();
    notice.en = notice.en.trim().to_owned();
    let digest: [u8; 32] = Sha256::digest(notice.hashed_bytes()).into();
    let hash = to_hex(&digest);
    Ok(Published { notice, hash })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn test_the_template_loads_with_a_stable_hash() {
        let published = load_notice(None).unwrap();
        assert_eq!(published.notice.version, "2026-12-01");
        assert_eq!(published.hash.len(), 64);
        assert_eq!(load_notice(None).unwrap().hash, published.hash);
        let mut directory = Directory::default();
        published.fill(&mut directory);
        assert!(directory.notice_zh.starts_with("## 谁在处理你的信息"));
        assert!(directory.notice_en.contains("PIPL art. 13"));
    }

    #[test]
    fn test_another_text_has_another_hash_and_a_bad_file_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("notice.toml");
        std::fs::write(&path, "version = \"2026-12-01\"\nzh = \"改过\"\nen = \"Changed\"\n")
            .unwrap();
        assert_ne!(load_notice(Some(&path)).unwrap().hash, load_notice(None).unwrap().hash);
        std::fs::write(&path, "version = \"\"\nzh = \"a\"\nen = \"b\"\n").unwrap();
        let err = load_notice(Some(&path)).unwrap_err();
        assert!(matches!(err, NoticeFileError::Invalid { source: NoticeError::NoVersion, .. }));
        std::fs::write(&path, "version = \"v\"\nzh = \"a\"\n").unwrap();
        assert!(matches!(load_notice(Some(&path)).unwrap_err(), NoticeFileError::Parse { .. }));
    }
}
