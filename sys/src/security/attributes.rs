//! SecItem.h's key attributes: the keys and values of `SecKeyCreateWithData`'s parameters
//! and `SecKeyCopyAttributes`' dictionary, CFStrings with the text of Apple's
//! SecItemConstants.c (a key type's value is its CSSM algorithm number, a class's its
//! CSSM key class).

use crate::cf::runtime::immortal;
use crate::cf::string::CfString;

macro_rules! attributes {
    ($($name:ident = $text:literal,)*) => {
        $(
            immortal! {
                #[doc = concat!("`", stringify!($name), "`: ", stringify!($text), ".")]
                $name: CfString = CfString::Static($text);
            }
        )*
    };
}

attributes! {
    kSecAttrKeyType = c"type",
    kSecAttrKeyClass = c"kcls",
    kSecAttrKeySizeInBits = c"bsiz",
    kSecAttrEffectiveKeySize = c"esiz",
    kSecAttrApplicationLabel = c"klbl",
    kSecAttrCanEncrypt = c"encr",
    kSecAttrCanDecrypt = c"decr",
    kSecAttrCanDerive = c"drve",
    kSecAttrCanSign = c"sign",
    kSecAttrCanVerify = c"vrfy",
    kSecAttrCanWrap = c"wrap",
    kSecAttrCanUnwrap = c"unwp",
    kSecAttrKeyTypeRSA = c"42",
    kSecAttrKeyTypeECDSA = c"73",
    kSecAttrKeyTypeEC = c"73",
    kSecAttrKeyTypeECSECPrimeRandom = c"73",
    kSecAttrKeyClassPublic = c"0",
    kSecAttrKeyClassPrivate = c"1",
    kSecAttrKeyClassSymmetric = c"2",
}
