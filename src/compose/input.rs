//! Reading an input file: every file the tool reads (compose, rancher-compose, env, answers,
//! bindings, templates, catalog folders, `-` on standard input) goes through here. Only regular
//! files are read (a device such as `/dev/zero` or a pipe would never end), at most
//! [`MAX_FILE_BYTES`], a leading UTF-8 byte-order mark is skipped (editors on Windows write
//! one), and text that is not UTF-8 is refused with the line and column of its first bad byte.

use std::io::{self, Read};
use std::path::Path;

use crate::limits::{MAX_FILE_BYTES, mib};

/// Why an input could not be read.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    #[error("{0}")]
    Io(#[from] io::Error),
    #[error("it is {0}, not a regular file (only files, or `-` for standard input, are read)")]
    NotAFile(&'static str),
    #[error("it is larger than the {} limit for an input file", mib(MAX_FILE_BYTES))]
    TooLarge,
    #[error("not valid UTF-8 (byte 0x{byte:02x})")]
    NotUtf8 { line: usize, column: usize, byte: u8 },
}

impl ReadError {
    #[must_use]
    pub fn is_not_found(&self) -> bool {
        matches!(self, Self::Io(e) if e.kind() == io::ErrorKind::NotFound)
    }

    /// The 1-based line and column the error is at, when it is about a place in the text.
    #[must_use]
    pub fn position(&self) -> Option<(usize, usize)> {
        match self {
            Self::NotUtf8 { line, column, .. } => Some((*line, *column)),
            _ => None,
        }
    }
}

/// The text of the file at `path`.
///
/// # Errors
/// The file is missing, unreadable, not a regular file, too large, or not UTF-8.
pub(crate) fn read_text(path: &Path) -> Result<String, ReadError> {
    decode(read_bytes(path)?)
}

/// The bytes of the file at `path` (for inputs that are not text, such as certificates).
///
/// # Errors
/// The file is missing, unreadable, not a regular file, or too large.
pub(crate) fn read_bytes(path: &Path) -> Result<Vec<u8>, ReadError> {
    // Checked before opening: opening a pipe blocks until someone writes to it.
    let meta = std::fs::metadata(path)?;
    if !meta.is_file() {
        return Err(ReadError::NotAFile(kind_of(&meta.file_type())));
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(ReadError::TooLarge);
    }
    // The size can change between the check and the read (and /proc files report 0).
    read_bounded(std::fs::File::open(path)?)
}

/// The text on standard input, for `-f -`.
///
/// # Errors
/// Reading failed, the input is too large, or it is not UTF-8.
pub(crate) fn read_stdin() -> Result<String, ReadError> {
    decode(read_bounded(io::stdin().lock())?)
}

fn read_bounded(reader: impl Read) -> Result<Vec<u8>, ReadError> {
    let mut bytes = Vec::new();
    reader.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(ReadError::TooLarge);
    }
    Ok(bytes)
}

/// Bytes as text: a leading byte-order mark is dropped, invalid UTF-8 is located.
///
/// # Errors
/// [`ReadError::NotUtf8`] with the position of the first bad byte.
pub(crate) fn decode(mut bytes: Vec<u8>) -> Result<String, ReadError> {
    const BOM: &[u8] = "\u{feff}".as_bytes();
    if bytes.starts_with(BOM) {
        bytes.drain(..BOM.len());
    }
    String::from_utf8(bytes).map_err(|e| {
        let bytes = e.as_bytes();
        let good = e.utf8_error().valid_up_to();
        // The prefix is valid UTF-8 by definition.
        let prefix = std::str::from_utf8(&bytes[..good]).unwrap_or_default();
        let line_start = prefix.rfind('\n').map_or(0, |i| i + 1);
        ReadError::NotUtf8 {
            line: prefix.matches('\n').count() + 1,
            column: prefix[line_start..].chars().count() + 1,
            byte: bytes.get(good).copied().unwrap_or_default(),
        }
    })
}

fn kind_of(kind: &std::fs::FileType) -> &'static str {
    use std::os::unix::fs::FileTypeExt;
    if kind.is_dir() {
        "a directory"
    } else if kind.is_char_device() || kind.is_block_device() {
        "a device"
    } else if kind.is_fifo() {
        "a pipe"
    } else if kind.is_socket() {
        "a socket"
    } else {
        "not a regular file"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_byte_order_mark_is_skipped() {
        assert_eq!(decode(b"\xef\xbb\xbfweb:\n".to_vec()).unwrap(), "web:\n");
        assert_eq!(decode(b"web:\n".to_vec()).unwrap(), "web:\n");
    }

    #[test]
    fn invalid_utf8_is_located() {
        let err = decode(b"a: 1\nb: \xc3\xa9t\xff\n".to_vec()).unwrap_err();
        assert!(matches!(err, ReadError::NotUtf8 { line: 2, column: 6, byte: 0xff }), "{err:?}");
        assert_eq!(err.position(), Some((2, 6)));
        let err = decode(b"\xfe".to_vec()).unwrap_err();
        assert_eq!(err.position(), Some((1, 1)));
    }

    #[test]
    fn only_regular_files_of_bounded_size_are_read() {
        assert!(matches!(read_bytes(Path::new("/dev/zero")), Err(ReadError::NotAFile("a device"))));
        assert!(matches!(read_bytes(Path::new("/")), Err(ReadError::NotAFile("a directory"))));
        assert!(read_bytes(Path::new("/nonexistent/x")).unwrap_err().is_not_found());
        let dir = tempfile::tempdir().unwrap();
        let big = dir.path().join("big");
        let file = std::fs::File::create(&big).unwrap();
        file.set_len(MAX_FILE_BYTES + 1).unwrap();
        assert!(matches!(read_bytes(&big), Err(ReadError::TooLarge)));
        assert!(read_bounded(io::repeat(b'a')).is_err());
    }
}
