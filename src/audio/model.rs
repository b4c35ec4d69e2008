//! What a clip must be: a small Ogg Opus file. No I/O.

/// The largest clip taken: about 20 seconds of speech at 24 kbit/s.
pub const MAX_BYTES: usize = 60 * 1024;

/// The key lines a clip is usually recorded for; any message id of the catalogue may be.
pub const KEY_LINES: [&str; 8] = [
    "mine-title",
    "waiting-title",
    "passbook-title",
    "vote-for-you",
    "round-open-for-you",
    "meeting-next",
    "household-who",
    "notices-how",
];

/// Why a clip was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refused {
    Empty,
    TooLarge,
    NotOpus,
}

impl Refused {
    pub fn message(self) -> &'static str {
        match self {
            Refused::Empty => "audio-empty",
            Refused::TooLarge => "audio-too-large",
            Refused::NotOpus => "audio-not-opus",
        }
    }
}

/// An Ogg stream whose first page carries an Opus header.
pub fn check(bytes: &[u8]) -> Result<(), Refused> {
    if bytes.is_empty() {
        return Err(Refused::Empty);
    }
    if bytes.len() > MAX_BYTES {
        return Err(Refused::TooLarge);
    }
    let head = &bytes[..bytes.len().min(128)];
    let opus = head.windows(8).any(|w| w == b"OpusHead");
    if bytes.starts_with(b"OggS") && opus {
        Ok(())
    } else {
        Err(Refused::NotOpus)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_small_ogg_opus_clips_are_taken() {
        let mut clip = b"OggS\0\x02".to_vec();
        clip.extend_from_slice(&[0; 22]);
        clip.extend_from_slice(b"OpusHead\x01\x01");
        assert_eq!(check(&clip), Ok(()));
        assert_eq!(check(b""), Err(Refused::Empty));
        assert_eq!(check(b"ID3\x03 an mp3"), Err(Refused::NotOpus));
        assert_eq!(check(b"OggS then vorbis"), Err(Refused::NotOpus));
        let big = [clip.clone(), vec![0; MAX_BYTES]].concat();
        assert_eq!(check(&big), Err(Refused::TooLarge));
    }
}
