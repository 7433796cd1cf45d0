//! CoreFoundation's object model, as much as Secure Transport's C API is expressed in:
//! reference-counted objects that know their type, and the CF types TLS code builds around
//! the API (arrays, data, strings, dictionaries, booleans, errors).
//!
//! Every object starts with a magic word, so a NULL, foreign or already-freed pointer is
//! refused with an error instead of being dereferenced blindly.

use std::ffi::{c_char, c_void, CStr, CString};
use std::sync::atomic::{AtomicIsize, AtomicU64, Ordering};
use std::sync::Mutex;

use secure_transport::certificate::SecCertificate;
use secure_transport::identity::SecIdentity;
use secure_transport::policy::SecPolicy;
use secure_transport::OSStatus;

pub type CFTypeRef = *const c_void;
pub type CFTypeID = libc::c_ulong;
pub type CFIndex = libc::c_long;
pub type Boolean = u8;
pub type CFAllocatorRef = *const c_void;
pub type CFStringEncoding = u32;

const LIVE: u64 = 0x5345_4355_5245_5452;
const DEAD: u64 = 0xDEAD_DEAD_DEAD_DEAD;
/// Constants are never freed: their count stays negative.
const IMMORTAL: isize = -1;

/// A CoreFoundation object: what every `CFTypeRef` of ours points at.
#[repr(C)]
pub struct Object {
    magic: AtomicU64,
    retain_count: AtomicIsize,
    pub value: Value,
}

/// What an object holds. Interior mutability only where C can mutate.
pub enum Value {
    Array {
        items: Mutex<Items>,
        mutable: bool,
    },
    Data(Vec<u8>),
    String(Text),
    Dictionary {
        keys: Items,
        values: Items,
        key_equal: Option<EqualCallBack>,
    },
    Boolean(bool),
    Error(OSStatus),
    Certificate(SecCertificate),
    Identity(SecIdentity),
    Policy(SecPolicy),
    Trust(Mutex<crate::security::TrustObject>),
    Context(crate::exclusive::Exclusive<crate::ssl::ContextObject>),
}

/// Text of a CFString: a literal of ours, or the caller's copy.
pub enum Text {
    Static(&'static CStr),
    Owned(CString),
}

impl Text {
    pub fn as_c_str(&self) -> &CStr {
        match self {
            Text::Static(s) => s,
            Text::Owned(s) => s,
        }
    }
}

type RetainCallBack = unsafe extern "C" fn(CFAllocatorRef, *const c_void) -> *const c_void;
type ReleaseCallBack = unsafe extern "C" fn(CFAllocatorRef, *const c_void);
type DescriptionCallBack = unsafe extern "C" fn(*const c_void) -> CFTypeRef;
type EqualCallBack = unsafe extern "C" fn(*const c_void, *const c_void) -> Boolean;
type HashCallBack = unsafe extern "C" fn(*const c_void) -> libc::c_ulong;

/// Values held by a container, retained and released by the callbacks it was made with.
pub struct Items {
    pub ptrs: Vec<CFTypeRef>,
    retain: Option<RetainCallBack>,
    release: Option<ReleaseCallBack>,
}

// SAFETY: items are CF values; CF's own rules (one mutator at a time) apply to them.
unsafe impl Send for Items {}
unsafe impl Sync for Items {}

impl Items {
    fn new(retain: Option<RetainCallBack>, release: Option<ReleaseCallBack>) -> Items {
        Items {
            ptrs: Vec::new(),
            retain,
            release,
        }
    }

    /// Takes `ptr` in, retaining it as the callbacks say.
    ///
    /// # Safety
    /// `ptr` must be what the callbacks expect (a CF object for CF's callbacks).
    unsafe fn push(&mut self, ptr: CFTypeRef) {
        let ptr = match self.retain {
            Some(retain) => retain(std::ptr::null(), ptr),
            None => ptr,
        };
        self.ptrs.push(ptr);
    }
}

impl Drop for Items {
    fn drop(&mut self) {
        if let Some(release) = self.release {
            for &ptr in &self.ptrs {
                // SAFETY: the callbacks that retained the value release it.
                unsafe { release(std::ptr::null(), ptr) };
            }
        }
    }
}

/// Type IDs of our CF types (their numbers are ours; only equality with `CFxxxGetTypeID`
/// matters to callers).
pub mod type_id {
    use super::CFTypeID;
    pub const ARRAY: CFTypeID = 1;
    pub const DATA: CFTypeID = 2;
    pub const STRING: CFTypeID = 3;
    pub const DICTIONARY: CFTypeID = 4;
    pub const BOOLEAN: CFTypeID = 5;
    pub const ERROR: CFTypeID = 6;
    pub const CERTIFICATE: CFTypeID = 7;
    pub const IDENTITY: CFTypeID = 8;
    pub const POLICY: CFTypeID = 9;
    pub const TRUST: CFTypeID = 10;
    pub const SSL_CONTEXT: CFTypeID = 11;
}

impl Value {
    fn type_id(&self) -> CFTypeID {
        match self {
            Value::Array { .. } => type_id::ARRAY,
            Value::Data(_) => type_id::DATA,
            Value::String(_) => type_id::STRING,
            Value::Dictionary { .. } => type_id::DICTIONARY,
            Value::Boolean(_) => type_id::BOOLEAN,
            Value::Error(_) => type_id::ERROR,
            Value::Certificate(_) => type_id::CERTIFICATE,
            Value::Identity(_) => type_id::IDENTITY,
            Value::Policy(_) => type_id::POLICY,
            Value::Trust(_) => type_id::TRUST,
            Value::Context(_) => type_id::SSL_CONTEXT,
        }
    }
}

impl Object {
    /// An immortal object for a constant.
    pub const fn constant(value: Value) -> Object {
        Object {
            magic: AtomicU64::new(LIVE),
            retain_count: AtomicIsize::new(IMMORTAL),
            value,
        }
    }
}

/// A new object with one reference, owned by the caller (the "Create" rule).
pub fn create(value: Value) -> CFTypeRef {
    let object = Box::new(Object {
        magic: AtomicU64::new(LIVE),
        retain_count: AtomicIsize::new(1),
        value,
    });
    Box::into_raw(object) as CFTypeRef
}

/// The object behind `ptr`, if it is one of ours and alive.
///
/// # Safety
/// `ptr` must be null or point at readable memory of at least a word (anything the caller
/// obtained as a CF reference qualifies, even after it was freed by us: the magic word
/// tells).
pub unsafe fn object<'a>(ptr: CFTypeRef) -> Option<&'a Object> {
    if ptr.is_null() || !(ptr as usize).is_multiple_of(std::mem::align_of::<Object>()) {
        return None;
    }
    let object = &*(ptr as *const Object);
    (object.magic.load(Ordering::Acquire) == LIVE).then_some(object)
}

/// `CFRetain`.
///
/// # Safety
/// As for [`object`].
pub unsafe fn retain(ptr: CFTypeRef) -> CFTypeRef {
    if let Some(object) = object(ptr) {
        if object.retain_count.load(Ordering::Relaxed) != IMMORTAL {
            object.retain_count.fetch_add(1, Ordering::Relaxed);
        }
    }
    ptr
}

/// One reference to a CF object, given up when dropped.
pub struct Retained(CFTypeRef);

// SAFETY: CF objects of ours are reference counted atomically; the holder of a `Retained`
// only reads through it.
unsafe impl Send for Retained {}
unsafe impl Sync for Retained {}

impl Retained {
    /// Takes over a reference the caller owns (a freshly created object).
    pub fn adopt(ptr: CFTypeRef) -> Retained {
        Retained(ptr)
    }

    /// Takes a new reference to `ptr`.
    ///
    /// # Safety
    /// As for [`object`].
    pub unsafe fn new(ptr: CFTypeRef) -> Retained {
        Retained(retain(ptr))
    }

    pub fn as_ptr(&self) -> CFTypeRef {
        self.0
    }
}

impl Drop for Retained {
    fn drop(&mut self) {
        // SAFETY: this reference was taken (or adopted) for this value.
        unsafe { release(self.0) }
    }
}

/// `CFRelease`: frees the object with its last reference.
///
/// # Safety
/// As for [`object`]; the caller gives up one reference.
pub unsafe fn release(ptr: CFTypeRef) {
    let Some(object) = object(ptr) else {
        log::warn!("CFRelease of something that is not a live object: {ptr:?}");
        return;
    };
    let count = object.retain_count.load(Ordering::Relaxed);
    if count == IMMORTAL {
        return;
    }
    if object.retain_count.fetch_sub(1, Ordering::AcqRel) == 1 {
        object.magic.store(DEAD, Ordering::Release);
        drop(Box::from_raw(ptr as *mut Object));
    }
}

/// The value behind `ptr` if it is a live object of type `id`.
///
/// # Safety
/// As for [`object`].
pub unsafe fn value_of<'a>(ptr: CFTypeRef, id: CFTypeID) -> Option<&'a Value> {
    object(ptr).map(|o| &o.value).filter(|v| v.type_id() == id)
}

/// A CFString of `text`.
pub fn string(text: &str) -> CFTypeRef {
    let text = CString::new(text.replace('\0', "")).unwrap_or_default();
    create(Value::String(Text::Owned(text)))
}

/// A CFArray holding (retaining) `items`, which are CF objects the array takes over: each
/// was created for it with one reference.
pub fn array_of_created(items: Vec<CFTypeRef>) -> CFTypeRef {
    let items = Items {
        ptrs: items,
        retain: Some(cf_retain_callback),
        release: Some(cf_release_callback),
    };
    create(Value::Array {
        items: Mutex::new(items),
        mutable: false,
    })
}

/// The elements of a CFArray (not retained), or `None` if `ptr` is not one.
///
/// # Safety
/// As for [`object`].
pub unsafe fn array_items(ptr: CFTypeRef) -> Option<Vec<CFTypeRef>> {
    match value_of(ptr, type_id::ARRAY)? {
        Value::Array { items, .. } => Some(lock(items).ptrs.clone()),
        _ => None,
    }
}

/// The text of a CFString, if `ptr` is one.
///
/// # Safety
/// As for [`object`].
pub unsafe fn text<'a>(ptr: CFTypeRef) -> Option<&'a CStr> {
    match value_of(ptr, type_id::STRING)? {
        Value::String(text) => Some(text.as_c_str()),
        _ => None,
    }
}

/// The bytes of a CFData, if `ptr` is one.
///
/// # Safety
/// As for [`object`].
pub unsafe fn data<'a>(ptr: CFTypeRef) -> Option<&'a [u8]> {
    match value_of(ptr, type_id::DATA)? {
        Value::Data(bytes) => Some(bytes),
        _ => None,
    }
}

/// Locks a mutex of an object, even one a panic poisoned (the data is still consistent:
/// every mutation is a single step).
pub fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|e| e.into_inner())
}

/// A slice from a C pointer and count; `None` for NULL with a non-zero count or a negative
/// count.
///
/// # Safety
/// A non-null `ptr` must point at `len` readable elements.
pub unsafe fn slice<'a, T>(ptr: *const T, len: CFIndex) -> Option<&'a [T]> {
    let len = usize::try_from(len).ok()?;
    match (ptr.is_null(), len) {
        (_, 0) => Some(&[]),
        (true, _) => None,
        (false, _) => Some(std::slice::from_raw_parts(ptr, len)),
    }
}

// --- exported: CFType --------------------------------------------------------------------

#[no_mangle]
pub unsafe extern "C" fn CFRetain(cf: CFTypeRef) -> CFTypeRef {
    crate::guard::value(cf, || retain(cf))
}

#[no_mangle]
pub unsafe extern "C" fn CFRelease(cf: CFTypeRef) {
    crate::guard::value((), || release(cf))
}

#[no_mangle]
pub unsafe extern "C" fn CFGetTypeID(cf: CFTypeRef) -> CFTypeID {
    crate::guard::value(0, || object(cf).map_or(0, |o| o.value.type_id()))
}

#[no_mangle]
pub unsafe extern "C" fn CFGetRetainCount(cf: CFTypeRef) -> CFIndex {
    crate::guard::value(0, || {
        object(cf).map_or(0, |o| match o.retain_count.load(Ordering::Relaxed) {
            IMMORTAL => CFIndex::MAX,
            count => count as CFIndex,
        })
    })
}

/// Same object, or equal value for strings, data, booleans, errors and certificates.
#[no_mangle]
pub unsafe extern "C" fn CFEqual(cf1: CFTypeRef, cf2: CFTypeRef) -> Boolean {
    crate::guard::value(0, || {
        if cf1 == cf2 {
            return Boolean::from(!cf1.is_null());
        }
        let (Some(a), Some(b)) = (object(cf1), object(cf2)) else {
            return 0;
        };
        Boolean::from(match (&a.value, &b.value) {
            (Value::String(x), Value::String(y)) => x.as_c_str() == y.as_c_str(),
            (Value::Data(x), Value::Data(y)) => x == y,
            (Value::Boolean(x), Value::Boolean(y)) => x == y,
            (Value::Error(x), Value::Error(y)) => x == y,
            (Value::Certificate(x), Value::Certificate(y)) => x == y,
            _ => false,
        })
    })
}

// --- exported: CFArray -------------------------------------------------------------------

#[repr(C)]
pub struct CFArrayCallBacks {
    version: CFIndex,
    retain: Option<RetainCallBack>,
    release: Option<ReleaseCallBack>,
    copy_description: Option<DescriptionCallBack>,
    equal: Option<EqualCallBack>,
}

unsafe extern "C" fn cf_retain_callback(_: CFAllocatorRef, value: *const c_void) -> *const c_void {
    retain(value)
}

unsafe extern "C" fn cf_release_callback(_: CFAllocatorRef, value: *const c_void) {
    release(value)
}

unsafe extern "C" fn cf_equal_callback(a: *const c_void, b: *const c_void) -> Boolean {
    CFEqual(a, b)
}

#[no_mangle]
pub static kCFTypeArrayCallBacks: CFArrayCallBacks = CFArrayCallBacks {
    version: 0,
    retain: Some(cf_retain_callback),
    release: Some(cf_release_callback),
    copy_description: None,
    equal: Some(cf_equal_callback),
};

unsafe fn array_callbacks(
    callbacks: *const CFArrayCallBacks,
) -> (Option<RetainCallBack>, Option<ReleaseCallBack>) {
    callbacks
        .as_ref()
        .map_or((None, None), |c| (c.retain, c.release))
}

#[no_mangle]
pub extern "C" fn CFArrayGetTypeID() -> CFTypeID {
    type_id::ARRAY
}

#[no_mangle]
pub unsafe extern "C" fn CFArrayCreate(
    _allocator: CFAllocatorRef,
    values: *const *const c_void,
    num_values: CFIndex,
    callbacks: *const CFArrayCallBacks,
) -> CFTypeRef {
    crate::guard::value(std::ptr::null(), || {
        let Some(values) = slice(values, num_values) else {
            return std::ptr::null();
        };
        let (retain, release) = array_callbacks(callbacks);
        let mut items = Items::new(retain, release);
        for &value in values {
            items.push(value);
        }
        create(Value::Array {
            items: Mutex::new(items),
            mutable: false,
        })
    })
}

#[no_mangle]
pub unsafe extern "C" fn CFArrayCreateMutable(
    _allocator: CFAllocatorRef,
    _capacity: CFIndex,
    callbacks: *const CFArrayCallBacks,
) -> CFTypeRef {
    crate::guard::value(std::ptr::null(), || {
        let (retain, release) = array_callbacks(callbacks);
        create(Value::Array {
            items: Mutex::new(Items::new(retain, release)),
            mutable: true,
        })
    })
}

#[no_mangle]
pub unsafe extern "C" fn CFArrayAppendValue(array: CFTypeRef, value: *const c_void) {
    crate::guard::value((), || {
        if let Some(Value::Array {
            items,
            mutable: true,
        }) = value_of(array, type_id::ARRAY)
        {
            lock(items).push(value);
        } else {
            log::warn!("CFArrayAppendValue on something that is not a mutable array");
        }
    })
}

#[no_mangle]
pub unsafe extern "C" fn CFArrayGetCount(array: CFTypeRef) -> CFIndex {
    crate::guard::value(0, || {
        array_items(array).map_or(0, |items| items.len() as CFIndex)
    })
}

#[no_mangle]
pub unsafe extern "C" fn CFArrayGetValueAtIndex(array: CFTypeRef, index: CFIndex) -> *const c_void {
    crate::guard::value(std::ptr::null(), || {
        let items = array_items(array).unwrap_or_default();
        usize::try_from(index)
            .ok()
            .and_then(|i| items.get(i).copied())
            .unwrap_or(std::ptr::null())
    })
}

// --- exported: CFData --------------------------------------------------------------------

#[no_mangle]
pub extern "C" fn CFDataGetTypeID() -> CFTypeID {
    type_id::DATA
}

#[no_mangle]
pub unsafe extern "C" fn CFDataCreate(
    _allocator: CFAllocatorRef,
    bytes: *const u8,
    length: CFIndex,
) -> CFTypeRef {
    crate::guard::value(std::ptr::null(), || match slice(bytes, length) {
        Some(bytes) => create(Value::Data(bytes.to_vec())),
        None => std::ptr::null(),
    })
}

#[no_mangle]
pub unsafe extern "C" fn CFDataGetBytePtr(data_ref: CFTypeRef) -> *const u8 {
    crate::guard::value(std::ptr::null(), || {
        data(data_ref).map_or(std::ptr::null(), <[u8]>::as_ptr)
    })
}

#[no_mangle]
pub unsafe extern "C" fn CFDataGetLength(data_ref: CFTypeRef) -> CFIndex {
    crate::guard::value(0, || data(data_ref).map_or(0, |d| d.len() as CFIndex))
}

// --- exported: CFString ------------------------------------------------------------------

pub const kCFStringEncodingUTF8: CFStringEncoding = 0x0800_0100;
pub const kCFStringEncodingASCII: CFStringEncoding = 0x0600;

#[no_mangle]
pub extern "C" fn CFStringGetTypeID() -> CFTypeID {
    type_id::STRING
}

/// Only UTF-8 and ASCII (a subset of it) are supported.
fn supported_encoding(encoding: CFStringEncoding) -> bool {
    encoding == kCFStringEncodingUTF8 || encoding == kCFStringEncodingASCII
}

#[no_mangle]
pub unsafe extern "C" fn CFStringCreateWithCString(
    _allocator: CFAllocatorRef,
    c_str: *const c_char,
    encoding: CFStringEncoding,
) -> CFTypeRef {
    crate::guard::value(std::ptr::null(), || {
        if c_str.is_null() || !supported_encoding(encoding) {
            return std::ptr::null();
        }
        let text = CStr::from_ptr(c_str);
        // As CoreFoundation: bytes that are not text in the encoding give no string.
        let valid = if encoding == kCFStringEncodingASCII {
            text.to_bytes().is_ascii()
        } else {
            text.to_str().is_ok()
        };
        if !valid {
            return std::ptr::null();
        }
        create(Value::String(Text::Owned(text.to_owned())))
    })
}

#[no_mangle]
pub unsafe extern "C" fn CFStringGetCString(
    string: CFTypeRef,
    buffer: *mut c_char,
    buffer_size: CFIndex,
    encoding: CFStringEncoding,
) -> Boolean {
    crate::guard::value(0, || {
        let (Some(text), false) = (text(string), buffer.is_null()) else {
            return 0;
        };
        let bytes = text.to_bytes_with_nul();
        let ascii_ok = encoding != kCFStringEncodingASCII || text.to_bytes().is_ascii();
        if !supported_encoding(encoding) || !ascii_ok || (bytes.len() as CFIndex) > buffer_size {
            return 0;
        }
        std::ptr::copy_nonoverlapping(bytes.as_ptr().cast(), buffer, bytes.len());
        1
    })
}

#[no_mangle]
pub unsafe extern "C" fn CFStringGetCStringPtr(
    string: CFTypeRef,
    encoding: CFStringEncoding,
) -> *const c_char {
    crate::guard::value(std::ptr::null(), || match text(string) {
        Some(text) if supported_encoding(encoding) => text.as_ptr(),
        _ => std::ptr::null(),
    })
}

/// The length in UTF-16 code units, as CoreFoundation counts.
#[no_mangle]
pub unsafe extern "C" fn CFStringGetLength(string: CFTypeRef) -> CFIndex {
    crate::guard::value(0, || {
        text(string).map_or(0, |t| t.to_string_lossy().encode_utf16().count() as CFIndex)
    })
}

/// What `CFSTR("literal")` expands to: one immortal string per distinct literal.
#[no_mangle]
pub unsafe extern "C" fn __CFStringMakeConstantString(c_str: *const c_char) -> CFTypeRef {
    use std::collections::HashMap;
    use std::sync::OnceLock;
    static INTERNED: OnceLock<Mutex<HashMap<CString, usize>>> = OnceLock::new();
    crate::guard::value(std::ptr::null(), || {
        if c_str.is_null() {
            return std::ptr::null();
        }
        let text = CStr::from_ptr(c_str).to_owned();
        let mut interned = lock(INTERNED.get_or_init(Default::default));
        let ptr = *interned.entry(text.clone()).or_insert_with(|| {
            let object: &'static Object =
                Box::leak(Box::new(Object::constant(Value::String(Text::Owned(text)))));
            object as *const Object as usize
        });
        ptr as CFTypeRef
    })
}

// --- exported: CFDictionary --------------------------------------------------------------

#[repr(C)]
pub struct CFDictionaryKeyCallBacks {
    version: CFIndex,
    retain: Option<RetainCallBack>,
    release: Option<ReleaseCallBack>,
    copy_description: Option<DescriptionCallBack>,
    equal: Option<EqualCallBack>,
    hash: Option<HashCallBack>,
}

#[repr(C)]
pub struct CFDictionaryValueCallBacks {
    version: CFIndex,
    retain: Option<RetainCallBack>,
    release: Option<ReleaseCallBack>,
    copy_description: Option<DescriptionCallBack>,
    equal: Option<EqualCallBack>,
}

#[no_mangle]
pub static kCFTypeDictionaryKeyCallBacks: CFDictionaryKeyCallBacks = CFDictionaryKeyCallBacks {
    version: 0,
    retain: Some(cf_retain_callback),
    release: Some(cf_release_callback),
    copy_description: None,
    equal: Some(cf_equal_callback),
    hash: None,
};

#[no_mangle]
pub static kCFTypeDictionaryValueCallBacks: CFDictionaryValueCallBacks =
    CFDictionaryValueCallBacks {
        version: 0,
        retain: Some(cf_retain_callback),
        release: Some(cf_release_callback),
        copy_description: None,
        equal: Some(cf_equal_callback),
    };

#[no_mangle]
pub extern "C" fn CFDictionaryGetTypeID() -> CFTypeID {
    type_id::DICTIONARY
}

#[no_mangle]
pub unsafe extern "C" fn CFDictionaryCreate(
    _allocator: CFAllocatorRef,
    keys: *const *const c_void,
    values: *const *const c_void,
    num_values: CFIndex,
    key_callbacks: *const CFDictionaryKeyCallBacks,
    value_callbacks: *const CFDictionaryValueCallBacks,
) -> CFTypeRef {
    crate::guard::value(std::ptr::null(), || {
        let (Some(keys), Some(values)) = (slice(keys, num_values), slice(values, num_values))
        else {
            return std::ptr::null();
        };
        let key_callbacks = key_callbacks.as_ref();
        let value_callbacks = value_callbacks.as_ref();
        let mut key_items = Items::new(
            key_callbacks.and_then(|c| c.retain),
            key_callbacks.and_then(|c| c.release),
        );
        let mut value_items = Items::new(
            value_callbacks.and_then(|c| c.retain),
            value_callbacks.and_then(|c| c.release),
        );
        for (&key, &value) in keys.iter().zip(values) {
            key_items.push(key);
            value_items.push(value);
        }
        create(Value::Dictionary {
            keys: key_items,
            values: value_items,
            key_equal: key_callbacks.and_then(|c| c.equal),
        })
    })
}

#[no_mangle]
pub unsafe extern "C" fn CFDictionaryGetValue(
    dictionary: CFTypeRef,
    key: *const c_void,
) -> *const c_void {
    crate::guard::value(std::ptr::null(), || {
        let Some(Value::Dictionary {
            keys,
            values,
            key_equal,
        }) = value_of(dictionary, type_id::DICTIONARY)
        else {
            return std::ptr::null();
        };
        let same = |candidate: CFTypeRef| match key_equal {
            Some(equal) => candidate == key || equal(candidate, key) != 0,
            None => candidate == key,
        };
        keys.ptrs
            .iter()
            .position(|&k| same(k))
            .map_or(std::ptr::null(), |i| values.ptrs[i])
    })
}

#[no_mangle]
pub unsafe extern "C" fn CFDictionaryGetCount(dictionary: CFTypeRef) -> CFIndex {
    crate::guard::value(0, || match value_of(dictionary, type_id::DICTIONARY) {
        Some(Value::Dictionary { keys, .. }) => keys.ptrs.len() as CFIndex,
        _ => 0,
    })
}

// --- exported: CFBoolean, CFError, kCFAllocatorDefault -----------------------------------

/// A constant CF reference exported as data (`extern const CFStringRef kFoo;` in C).
#[repr(transparent)]
pub struct ConstRef(pub *const Object);
// SAFETY: points at an immortal, immutable object.
unsafe impl Sync for ConstRef {}

static TRUE: Object = Object::constant(Value::Boolean(true));
static FALSE: Object = Object::constant(Value::Boolean(false));
static OSSTATUS_DOMAIN: Object =
    Object::constant(Value::String(Text::Static(c"NSOSStatusErrorDomain")));

#[no_mangle]
pub static kCFBooleanTrue: ConstRef = ConstRef(&TRUE);
#[no_mangle]
pub static kCFBooleanFalse: ConstRef = ConstRef(&FALSE);
#[no_mangle]
pub static kCFErrorDomainOSStatus: ConstRef = ConstRef(&OSSTATUS_DOMAIN);
/// The default allocator is NULL in CoreFoundation too; allocators are ignored here.
#[no_mangle]
pub static kCFAllocatorDefault: ConstRef = ConstRef(std::ptr::null());

#[no_mangle]
pub extern "C" fn CFBooleanGetTypeID() -> CFTypeID {
    type_id::BOOLEAN
}

#[no_mangle]
pub unsafe extern "C" fn CFBooleanGetValue(boolean: CFTypeRef) -> Boolean {
    crate::guard::value(0, || match value_of(boolean, type_id::BOOLEAN) {
        Some(Value::Boolean(b)) => Boolean::from(*b),
        _ => 0,
    })
}

#[no_mangle]
pub extern "C" fn CFErrorGetTypeID() -> CFTypeID {
    type_id::ERROR
}

/// A CFError in the OSStatus domain, owned by the caller.
pub fn error(status: OSStatus) -> CFTypeRef {
    create(Value::Error(status))
}

#[no_mangle]
pub unsafe extern "C" fn CFErrorGetCode(error: CFTypeRef) -> CFIndex {
    crate::guard::value(0, || match value_of(error, type_id::ERROR) {
        Some(Value::Error(code)) => *code as CFIndex,
        _ => 0,
    })
}

#[no_mangle]
pub unsafe extern "C" fn CFErrorGetDomain(error: CFTypeRef) -> CFTypeRef {
    crate::guard::value(std::ptr::null(), || match value_of(error, type_id::ERROR) {
        Some(_) => &OSSTATUS_DOMAIN as *const Object as CFTypeRef,
        None => std::ptr::null(),
    })
}

#[no_mangle]
pub unsafe extern "C" fn CFErrorCopyDescription(error: CFTypeRef) -> CFTypeRef {
    crate::guard::value(std::ptr::null(), || match value_of(error, type_id::ERROR) {
        Some(Value::Error(code)) => string(&secure_transport::Error::from_code(*code).to_string()),
        _ => std::ptr::null(),
    })
}
