//! SecItem.h's constants, CFStrings with the text of Apple's SecItemConstants.c: the item
//! classes and the keys of the `SecItem*` dictionaries (`kSecClass`, `kSecMatch…`,
//! `kSecReturn…`, `kSecValue…`, `kSecUseKeychain`), and the key attributes of
//! `SecKeyCreateWithData`'s parameters and `SecKeyCopyAttributes`' dictionary (a key type's
//! value is its CSSM algorithm number, a class's its CSSM key class).

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
    kSecClass = c"class",
    kSecClassCertificate = c"cert",
    kSecClassKey = c"keys",
    kSecClassIdentity = c"idnt",
    kSecAttrLabel = c"labl",
    kSecAttrSerialNumber = c"slnr",
    kSecAttrPublicKeyHash = c"pkhh",
    kSecMatchPolicy = c"m_Policy",
    kSecMatchSearchList = c"m_SearchList",
    kSecMatchLimit = c"m_Limit",
    kSecMatchLimitOne = c"m_LimitOne",
    kSecMatchLimitAll = c"m_LimitAll",
    kSecReturnData = c"r_Data",
    kSecReturnAttributes = c"r_Attributes",
    kSecReturnRef = c"r_Ref",
    kSecReturnPersistentRef = c"r_PersistentRef",
    kSecValueData = c"v_Data",
    kSecValueRef = c"v_Ref",
    kSecValuePersistentRef = c"v_PersistentRef",
    kSecUseKeychain = c"u_Keychain",
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
