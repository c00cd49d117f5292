//! `fg_events::encoding::Base64Text`: the three decoders agree, failures leave buffers clean,
//! and decoding then encoding gives the text back (up to padding).
#![no_main]

use fg_events::encoding::Base64Text;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // Any bytes survive an encode/decode round trip.
    assert_eq!(Base64Text::encode(data).decode().as_deref(), Ok(data));

    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let encoded = Base64Text::new(text);
    let decoded = encoded.decode();
    let mut buf = b"left over".to_vec();
    let into = encoded.decode_into(&mut buf).map(<[u8]>::to_vec);
    assert_eq!(decoded, into);
    if decoded.is_err() {
        assert!(
            buf.is_empty(),
            "decode_into leaves an empty buffer on error"
        );
    }
    let mut appended = b"kept".to_vec();
    match encoded.decode_append(&mut appended) {
        Ok(n) => assert_eq!(&appended[4..], decoded.as_deref().unwrap()[..n].as_ref()),
        Err(_) => assert_eq!(appended, b"kept"),
    }
    if let Ok(bytes) = decoded {
        let again = Base64Text::encode(&bytes);
        assert_eq!(
            again.as_str().trim_end_matches('='),
            text.trim_end_matches('='),
            "only canonical base64 is accepted"
        );
    }
});
