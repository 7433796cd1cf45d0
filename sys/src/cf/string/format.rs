//! `CFStringCreateWithFormat` and `CFStringAppendFormat`: printf's conversions, and `%@`
//! for an object's description.
//!
//! Rust can neither define a variadic function nor read a `va_list` (both unstable), so the
//! four entry points are C (`format.c`, built by sys/build.rs) and only fetch the arguments:
//! this module tells them each argument's C type ([`plan`]) and then renders the text from
//! the values fetched ([`render`]). A C function of the library is not exported from the
//! shared object (rustc's version script keeps only Rust's exports), so each entry point is
//! exported as a constant pointer to the C function, under Apple's name; C calls it with
//! the same syntax.
//!
//! As CF, `%s` and `%c` take bytes — read as UTF-8 when they are, else as Mac Roman, CF's
//! 8-bit default (CF always reads them as the system's 8-bit encoding) —, `%C` a UTF-16
//! unit, `%S` a NUL-terminated UTF-16 string, `%p` prints `0x…`, and a NULL object prints
//! `(null)`. `%n` stores nothing (it is consumed and ignored), and the format options
//! dictionary is ignored.

use std::ffi::{c_char, c_int, c_void, CStr};

use crate::cf::base;
use crate::cf::runtime;
use crate::cf::string::encoding::{self, kCFStringEncodingMacRoman};
use crate::cf::string::{create, CfString};
use crate::cf::types::{CFAllocatorRef, CFTypeRef};
use crate::guard;

/// The C type of an argument, as format.c's `ST_*` constants number them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u8)]
pub enum Kind {
    /// `int`.
    Int = 0,
    /// `unsigned int`.
    UInt = 1,
    /// `int`, converted to `signed char` (`%hhd`).
    SChar = 2,
    /// `int`, converted to `unsigned char` (`%hhu`).
    UChar = 3,
    /// `int`, converted to `short`.
    Short = 4,
    /// `int`, converted to `unsigned short`.
    UShort = 5,
    /// `long`.
    Long = 6,
    /// `unsigned long`.
    ULong = 7,
    /// `long long`.
    LongLong = 8,
    /// `unsigned long long`.
    ULongLong = 9,
    /// `size_t`.
    Size = 10,
    /// `ptrdiff_t`.
    PtrDiff = 11,
    /// `intmax_t`.
    IntMax = 12,
    /// `uintmax_t`.
    UIntMax = 13,
    /// `double`.
    Double = 14,
    /// `long double`, fetched as a `double`.
    LongDouble = 15,
    /// A pointer.
    Pointer = 16,
    /// `wint_t`.
    WInt = 17,
}

/// An argument's value as format.c stores it: integers widened to `long long` after the
/// conversion their length modifier names.
#[repr(C)]
#[derive(Clone, Copy)]
pub union Value {
    /// Any integer.
    pub integer: i64,
    /// A floating-point number.
    pub real: f64,
    /// A pointer.
    pub pointer: *const c_void,
}

/// The most arguments one format takes.
pub const MAX_ARGUMENTS: usize = 256;

/// Where a width or precision comes from.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Count {
    Fixed(usize),
    /// From an `int` argument (its index).
    Argument(usize),
}

/// One conversion.
#[derive(Debug, PartialEq)]
struct Spec {
    flags: String,
    width: Option<Count>,
    precision: Option<Count>,
    kind: Kind,
    /// `%ls`, `%lc`: wide characters.
    wide: bool,
    conversion: char,
    /// The value's argument index.
    argument: usize,
}

#[derive(Debug, PartialEq)]
enum Piece {
    Literal(String),
    Conversion(Spec),
}

/// The arguments a format reads so far.
#[derive(Default)]
struct Arguments {
    kinds: Vec<Option<Kind>>,
    next: usize,
    positional: Option<bool>,
}

impl Arguments {
    /// Takes the argument at `index` (0-based, for `n$`) or the next one as a `kind`; `None`
    /// when C would refuse it.
    fn claim(&mut self, index: Option<usize>, kind: Kind) -> Option<usize> {
        if *self.positional.get_or_insert(index.is_some()) != index.is_some() {
            return None;
        }
        let index = index.unwrap_or_else(|| {
            self.next += 1;
            self.next - 1
        });
        if index >= MAX_ARGUMENTS {
            return None;
        }
        if self.kinds.len() <= index {
            self.kinds.resize(index + 1, None);
        }
        match self.kinds[index] {
            Some(existing) if existing != kind => None,
            _ => {
                self.kinds[index] = Some(kind);
                Some(index)
            }
        }
    }
}

/// A format's characters, read one conversion at a time.
struct Reader<'a> {
    chars: std::iter::Peekable<std::str::Chars<'a>>,
    /// The conversion's text so far, kept for one CF does not know.
    text: String,
}

impl Reader<'_> {
    fn next_if(&mut self, wanted: impl Fn(char) -> bool) -> Option<char> {
        let c = self.chars.next_if(|&c| wanted(c))?;
        self.text.push(c);
        Some(c)
    }

    fn number(&mut self) -> Option<usize> {
        let mut digits = String::new();
        while let Some(d) = self.next_if(|c| c.is_ascii_digit()) {
            digits.push(d);
        }
        digits.parse().ok()
    }

    /// After a `*`: the `int` argument a width or precision comes from (`*m$` or the next).
    fn star(&mut self, arguments: &mut Arguments) -> Option<Count> {
        let index = match self.number() {
            Some(n) if self.next_if(|c| c == '$').is_some() => Some(n.checked_sub(1)?),
            Some(_) => return None,
            None => None,
        };
        arguments.claim(index, Kind::Int).map(Count::Argument)
    }

    /// A width or precision: `*`, `*m$` or digits.
    fn count(&mut self, arguments: &mut Arguments) -> Option<Option<Count>> {
        if self.next_if(|c| c == '*').is_some() {
            return self.star(arguments).map(Some);
        }
        Some(self.number().map(Count::Fixed))
    }
}

/// Parses a format: its pieces and each argument's kind; `None` for a format C would not
/// accept either (positional and sequential arguments mixed, one argument read as two
/// types, a gap in positions, too many arguments).
fn parse(format: &str) -> Option<(Vec<Piece>, Vec<Kind>)> {
    let mut pieces = Vec::new();
    let mut arguments = Arguments::default();
    let mut literal = String::new();
    let mut reader = Reader {
        chars: format.chars().peekable(),
        text: String::new(),
    };
    while let Some(c) = reader.chars.next() {
        if c != '%' {
            literal.push(c);
            continue;
        }
        reader.text = String::from("%");
        // `n$`, or a width when no `$` follows.
        let mut position = None;
        let mut width = None;
        // A leading 0 is a flag, never a position or width.
        let starts_number = reader.chars.peek().is_some_and(|c| ('1'..='9').contains(c));
        if let Some(n) = starts_number.then(|| reader.number()).flatten() {
            if reader.next_if(|c| c == '$').is_some() {
                position = Some(n.checked_sub(1)?);
            } else {
                width = Some(Count::Fixed(n));
            }
        }
        let mut flags = String::new();
        if width.is_none() {
            while let Some(f) = reader.next_if(|c| "-+ #0'".contains(c)) {
                flags.push(f);
            }
            width = reader.count(&mut arguments)?;
        }
        let precision = match reader.next_if(|c| c == '.') {
            Some(_) => Some(reader.count(&mut arguments)?.unwrap_or(Count::Fixed(0))),
            None => None,
        };
        let mut length = String::new();
        while let Some(l) = reader.next_if(|c| "hlqLztj".contains(c)) {
            length.push(l);
        }
        let Some(conversion) = reader.chars.next() else {
            literal.push_str(&reader.text);
            break;
        };
        if conversion == '%' {
            literal.push('%');
            continue;
        }
        let Some(kind) = kind(&length, conversion) else {
            // Not a conversion CF knows: kept as it is.
            literal.push_str(&reader.text);
            literal.push(conversion);
            continue;
        };
        let argument = arguments.claim(position, kind)?;
        if !literal.is_empty() {
            pieces.push(Piece::Literal(std::mem::take(&mut literal)));
        }
        pieces.push(Piece::Conversion(Spec {
            flags,
            width,
            precision,
            kind,
            wide: length == "l",
            conversion,
            argument,
        }));
    }
    if !literal.is_empty() {
        pieces.push(Piece::Literal(literal));
    }
    // Every argument up to the last one used must have a type.
    let kinds = arguments.kinds.into_iter().collect::<Option<Vec<_>>>()?;
    Some((pieces, kinds))
}

/// The C type a conversion reads.
fn kind(length: &str, conversion: char) -> Option<Kind> {
    Some(match (conversion, length) {
        ('d' | 'i', "hh") => Kind::SChar,
        ('d' | 'i', "h") => Kind::Short,
        ('d' | 'i', "") => Kind::Int,
        ('o' | 'u' | 'x' | 'X', "hh") => Kind::UChar,
        ('o' | 'u' | 'x' | 'X', "h") => Kind::UShort,
        ('o' | 'u' | 'x' | 'X', "") => Kind::UInt,
        ('d' | 'i', "l") => Kind::Long,
        ('o' | 'u' | 'x' | 'X', "l") => Kind::ULong,
        ('d' | 'i', "ll" | "q") => Kind::LongLong,
        ('o' | 'u' | 'x' | 'X', "ll" | "q") => Kind::ULongLong,
        ('d' | 'i' | 'o' | 'u' | 'x' | 'X', "z") => Kind::Size,
        ('d' | 'i' | 'o' | 'u' | 'x' | 'X', "t") => Kind::PtrDiff,
        ('d' | 'i', "j") => Kind::IntMax,
        ('o' | 'u' | 'x' | 'X', "j") => Kind::UIntMax,
        ('c', "") | ('C', _) => Kind::Int,
        ('c', "l") => Kind::WInt,
        ('e' | 'E' | 'f' | 'F' | 'g' | 'G' | 'a' | 'A', "" | "l") => Kind::Double,
        ('e' | 'E' | 'f' | 'F' | 'g' | 'G' | 'a' | 'A', "L") => Kind::LongDouble,
        ('s' | 'S' | 'p' | '@' | 'n', _) => Kind::Pointer,
        _ => return None,
    })
}

/// The argument kinds of `format`, for format.c to fetch; `None` for a bad format.
pub fn plan(format: &str) -> Option<Vec<Kind>> {
    parse(format).map(|(_, kinds)| kinds)
}

/// The text `format` makes of `values` (fetched as [`plan`] said); `None` for a bad format
/// or too few values.
pub fn render(format: &str, values: &[Value]) -> Option<String> {
    let (pieces, kinds) = parse(format)?;
    if values.len() < kinds.len() {
        return None;
    }
    let mut out = String::new();
    for piece in pieces {
        match piece {
            Piece::Literal(text) => out.push_str(&text),
            Piece::Conversion(spec) => out.push_str(&convert(&spec, values)),
        }
    }
    Some(out)
}

/// An integer argument's value.
fn integer(values: &[Value], index: usize) -> i64 {
    // SAFETY: format.c stored an integer for every argument `plan` gave an integer kind.
    unsafe { values[index].integer }
}

/// A floating-point argument's value.
fn real(value: Value) -> f64 {
    // SAFETY: format.c stored a double for every argument `plan` gave a floating kind.
    unsafe { value.real }
}

/// A pointer argument's value.
fn pointer(value: Value) -> *const c_void {
    // SAFETY: format.c stored a pointer for every argument `plan` gave the pointer kind.
    unsafe { value.pointer }
}

fn convert(spec: &Spec, values: &[Value]) -> String {
    let mut flags = spec.flags.clone();
    let width = match spec.width {
        Some(Count::Fixed(n)) => Some(n),
        Some(Count::Argument(index)) => {
            let n = integer(values, index);
            if n < 0 {
                flags.push('-');
            }
            Some(n.unsigned_abs() as usize)
        }
        None => None,
    };
    let precision = match spec.precision {
        Some(Count::Fixed(n)) => Some(n),
        Some(Count::Argument(index)) => usize::try_from(integer(values, index)).ok(),
        None => None,
    };
    let value = values[spec.argument];
    let text = match spec.conversion {
        'd' | 'i' | 'o' | 'u' | 'x' | 'X' => {
            let number = integer(values, spec.argument) as libc::c_longlong;
            let conversion = format!("ll{}", spec.conversion);
            // SAFETY: a format of one integer conversion, and a long long for it.
            printf(
                &flags,
                width,
                precision,
                &conversion,
                |format, buffer, size| unsafe { libc::snprintf(buffer, size, format, number) },
            )
        }
        'e' | 'E' | 'f' | 'F' | 'g' | 'G' | 'a' | 'A' => {
            let number = real(value);
            let conversion = spec.conversion.to_string();
            // SAFETY: a format of one floating-point conversion, and a double for it.
            printf(
                &flags,
                width,
                precision,
                &conversion,
                |format, buffer, size| unsafe { libc::snprintf(buffer, size, format, number) },
            )
        }
        'c' if !spec.wide => eight_bit_text(&[integer(values, spec.argument) as u8]),
        'c' | 'C' => {
            let unit = integer(values, spec.argument) as u32;
            let unit = if spec.conversion == 'C' {
                unit & 0xFFFF
            } else {
                unit
            };
            char::from_u32(unit).unwrap_or('\u{FFFD}').to_string()
        }
        's' if !spec.wide => {
            let string = pointer(value).cast::<c_char>();
            if string.is_null() {
                "(null)".to_owned()
            } else {
                // SAFETY: the C API's contract: a NUL-terminated string.
                let bytes = unsafe { CStr::from_ptr(string) }.to_bytes();
                eight_bit_text(&bytes[..precision.map_or(bytes.len(), |p| p.min(bytes.len()))])
            }
        }
        's' | 'S' => {
            // SAFETY: the C API's contract: a NUL-terminated UTF-16 (`%S`) or wchar_t string.
            let text = unsafe { wide_text(pointer(value), spec.conversion == 'S') };
            match precision {
                Some(p) => text.chars().take(p).collect(),
                None => text,
            }
        }
        'p' => format!("{:#x}", pointer(value).addr()),
        '@' => base::formatting_description(pointer(value)),
        // %n: consumed, nothing stored or printed.
        _ => return String::new(),
    };
    match spec.conversion {
        // printf padded its own.
        'd' | 'i' | 'o' | 'u' | 'x' | 'X' | 'e' | 'E' | 'f' | 'F' | 'g' | 'G' | 'a' | 'A' => text,
        _ => pad(&text, &flags, width),
    }
}

/// Pads `text` to `width` characters, on the right with a `-` flag.
fn pad(text: &str, flags: &str, width: Option<usize>) -> String {
    let length = text.chars().count();
    let fill = width.unwrap_or(0).saturating_sub(length);
    if flags.contains('-') {
        format!("{text}{}", " ".repeat(fill))
    } else {
        format!("{}{text}", " ".repeat(fill))
    }
}

/// Bytes of `%s` or `%c`: UTF-8 when they are, else Mac Roman.
fn eight_bit_text(bytes: &[u8]) -> String {
    match std::str::from_utf8(bytes) {
        Ok(text) => text.to_owned(),
        Err(_) => encoding::decode(bytes, kCFStringEncodingMacRoman, false).unwrap_or_default(),
    }
}

/// A NUL-terminated string of 16-bit (`utf16`) or `wchar_t` units; `(null)` for NULL.
///
/// # Safety
/// `pointer` must be NULL or point at such a string.
unsafe fn wide_text(pointer: *const c_void, utf16: bool) -> String {
    if pointer.is_null() {
        return "(null)".to_owned();
    }
    if utf16 {
        let start = pointer.cast::<u16>();
        // SAFETY: the caller's promise: units up to and including a 0.
        let length = (0..).take_while(|&i| unsafe { *start.add(i) } != 0).count();
        // SAFETY: as above, `length` units.
        let units = unsafe { std::slice::from_raw_parts(start, length) };
        String::from_utf16_lossy(units)
    } else {
        let start = pointer.cast::<libc::wchar_t>();
        // SAFETY: the caller's promise: characters up to and including a 0.
        let length = (0..).take_while(|&i| unsafe { *start.add(i) } != 0).count();
        // SAFETY: as above, `length` characters.
        let units = unsafe { std::slice::from_raw_parts(start, length) };
        units
            .iter()
            .map(|&c| char::from_u32(c as u32).unwrap_or('\u{FFFD}'))
            .collect()
    }
}

/// One conversion through the C library's `snprintf`, for the numbers it formats.
fn printf(
    flags: &str,
    width: Option<usize>,
    precision: Option<usize>,
    conversion: &str,
    call: impl Fn(*const c_char, *mut c_char, usize) -> c_int,
) -> String {
    let mut format = format!("%{flags}");
    if let Some(width) = width {
        format.push_str(&width.to_string());
    }
    if let Some(precision) = precision {
        format.push_str(&format!(".{precision}"));
    }
    format.push_str(conversion);
    let Ok(format) = std::ffi::CString::new(format) else {
        return String::new();
    };
    let mut buffer = vec![0u8; 64];
    for _ in 0..2 {
        let written = call(format.as_ptr(), buffer.as_mut_ptr().cast(), buffer.len());
        let Ok(written) = usize::try_from(written) else {
            return String::new();
        };
        if written < buffer.len() {
            buffer.truncate(written);
            return String::from_utf8_lossy(&buffer).into_owned();
        }
        buffer.resize(written + 1, 0);
    }
    String::new()
}

/// The format's text and the values' rendering, for the C entry points.
///
/// # Safety
/// `values` must be NULL or hold `count` values.
unsafe fn rendered(format: CFTypeRef, values: *const Value, count: usize) -> Option<String> {
    let format = runtime::hold::<CfString>(format)?.contents().into_owned();
    // SAFETY: the caller's promise.
    let values = unsafe { crate::c_args::slice(values, count) }?;
    let text = render(&format, values);
    if text.is_none() {
        log::warn!("CFStringCreateWithFormat: a format C would refuse: {format:?}");
    }
    text
}

/// For format.c: the kinds of `format`'s arguments into `kinds` (room for `capacity`), and
/// their count; -1 for no string or a bad format.
#[no_mangle]
pub unsafe extern "C" fn __securetransport_format_plan(
    format: CFTypeRef,
    kinds: *mut u8,
    capacity: usize,
) -> isize {
    guard::value(-1, || {
        let Some(string) = runtime::hold::<CfString>(format) else {
            log::warn!("CFStringCreateWithFormat: the format is not a string");
            return -1;
        };
        match plan(&string.contents()) {
            Some(plan) if plan.len() <= capacity && !kinds.is_null() => {
                for (i, kind) in plan.iter().enumerate() {
                    // SAFETY: the caller's promise: room for `capacity` kinds.
                    unsafe { *kinds.add(i) = *kind as u8 };
                }
                plan.len() as isize
            }
            _ => -1,
        }
    })
}

/// For format.c: a new string of `format` rendered with `values`; NULL for a bad format.
#[no_mangle]
pub unsafe extern "C" fn __securetransport_format_string(
    _allocator: CFAllocatorRef,
    _options: CFTypeRef,
    format: CFTypeRef,
    values: *const Value,
    count: usize,
) -> CFTypeRef {
    guard::value(std::ptr::null(), || {
        // SAFETY: format.c passes `count` values.
        match unsafe { rendered(format, values, count) } {
            Some(text) => create(&text),
            None => std::ptr::null(),
        }
    })
}

/// For format.c: appends `format` rendered with `values` to a mutable string.
#[no_mangle]
pub unsafe extern "C" fn __securetransport_format_append(
    string: CFTypeRef,
    _options: CFTypeRef,
    format: CFTypeRef,
    values: *const Value,
    count: usize,
) {
    guard::value((), || {
        let Some(target) = runtime::hold::<CfString>(string) else {
            log::warn!("CFStringAppendFormat on something that is not a string");
            return;
        };
        // SAFETY: format.c passes `count` values.
        if let Some(text) = unsafe { rendered(format, values, count) } {
            target.edit(|s| s.push_str(&text), "CFStringAppendFormat");
        }
    })
}

/// The C entry points (format.c), under names of their own.
mod c {
    use crate::cf::types::{CFAllocatorRef, CFTypeRef};

    extern "C" {
        pub fn __securetransport_CFStringCreateWithFormat(
            alloc: CFAllocatorRef,
            options: CFTypeRef,
            format: CFTypeRef,
            ...
        ) -> CFTypeRef;
        pub fn __securetransport_CFStringCreateWithFormatAndArguments(
            alloc: CFAllocatorRef,
            options: CFTypeRef,
            format: CFTypeRef,
            arguments: *mut std::ffi::c_void,
        ) -> CFTypeRef;
        pub fn __securetransport_CFStringAppendFormat(
            string: CFTypeRef,
            options: CFTypeRef,
            format: CFTypeRef,
            ...
        );
        pub fn __securetransport_CFStringAppendFormatAndArguments(
            string: CFTypeRef,
            options: CFTypeRef,
            format: CFTypeRef,
            arguments: *mut std::ffi::c_void,
        );
    }
}

/// `CFStringCreateWithFormat` (a constant pointer to format.c's function, see the module).
#[no_mangle]
pub static CFStringCreateWithFormat: unsafe extern "C" fn(
    CFAllocatorRef,
    CFTypeRef,
    CFTypeRef,
    ...
) -> CFTypeRef = c::__securetransport_CFStringCreateWithFormat;

/// `CFStringCreateWithFormatAndArguments`: the `va_list` is passed as the ABI passes one (a
/// pointer, on x86-64 and AArch64).
#[no_mangle]
pub static CFStringCreateWithFormatAndArguments: unsafe extern "C" fn(
    CFAllocatorRef,
    CFTypeRef,
    CFTypeRef,
    *mut c_void,
) -> CFTypeRef = c::__securetransport_CFStringCreateWithFormatAndArguments;

/// `CFStringAppendFormat`.
#[no_mangle]
pub static CFStringAppendFormat: unsafe extern "C" fn(CFTypeRef, CFTypeRef, CFTypeRef, ...) =
    c::__securetransport_CFStringAppendFormat;

/// `CFStringAppendFormatAndArguments`.
#[no_mangle]
pub static CFStringAppendFormatAndArguments: unsafe extern "C" fn(
    CFTypeRef,
    CFTypeRef,
    CFTypeRef,
    *mut c_void,
) = c::__securetransport_CFStringAppendFormatAndArguments;

#[cfg(test)]
mod tests {
    use super::*;

    fn int(i: i64) -> Value {
        Value { integer: i }
    }

    fn real(r: f64) -> Value {
        Value { real: r }
    }

    fn pointer<T>(p: *const T) -> Value {
        Value { pointer: p.cast() }
    }

    #[test]
    fn printf_conversions_render_as_printf_does() {
        assert_eq!(
            plan("%d %s %5.2f%%").unwrap(),
            [Kind::Int, Kind::Pointer, Kind::Double]
        );
        let text = render(
            "%d %s %5.2f%%",
            &[int(-7), pointer(c"ok".as_ptr()), real(1.23456)],
        );
        assert_eq!(text.as_deref(), Some("-7 ok  1.23%"));
        assert_eq!(
            render(
                "%08lx|%8.5x|%-4u|%+hhd",
                &[int(0xBEEF), int(0xBEEF), int(7), int(-1)]
            )
            .as_deref(),
            Some("0000beef|   0beef|7   |-1")
        );
        assert_eq!(
            render(
                "%*d|%-*d|%.*s",
                &[
                    int(4),
                    int(1),
                    int(3),
                    int(2),
                    int(2),
                    pointer(c"abc".as_ptr())
                ]
            )
            .as_deref(),
            Some("   1|2  |ab")
        );
        assert_eq!(
            render(
                "%2$s %1$s",
                &[pointer(c"world".as_ptr()), pointer(c"hello".as_ptr())]
            )
            .as_deref(),
            Some("hello world")
        );
        assert_eq!(
            render(
                "%s|%p|%c%C",
                &[
                    pointer::<u8>(std::ptr::null()),
                    pointer::<u8>(std::ptr::null()),
                    int(i64::from(b'x')),
                    int(0xE9)
                ]
            )
            .as_deref(),
            Some("(null)|0x0|xé")
        );
        assert_eq!(
            render("%zu %lld %llu", &[int(5), int(i64::MIN), int(-1)]).as_deref(),
            Some(&*format!("5 {} {}", i64::MIN, u64::MAX))
        );
        assert_eq!(render("100%% %q", &[]).as_deref(), Some("100% %q"));
    }

    #[test]
    fn bad_formats_are_refused() {
        assert_eq!(plan("%1$d %d"), None, "positional and sequential mixed");
        assert_eq!(plan("%1$d %1$s"), None, "one argument, two types");
        assert_eq!(plan("%2$d"), None, "a gap");
        assert_eq!(plan(&"%d".repeat(MAX_ARGUMENTS + 1)), None);
        assert_eq!(render("%d %d", &[int(1)]), None, "too few values");
    }

    #[test]
    fn eight_bit_arguments_read_as_utf8_or_mac_roman() {
        let utf8 = c"caf\xC3\xA9";
        let mac_roman = c"caf\x8E";
        assert_eq!(
            render(
                "%s %s",
                &[pointer(utf8.as_ptr()), pointer(mac_roman.as_ptr())]
            )
            .as_deref(),
            Some("café café")
        );
        let wide: [u16; 3] = [0x68, 0xE9, 0];
        assert_eq!(
            render("%S|%.1S", &[pointer(wide.as_ptr()), pointer(wide.as_ptr())]).as_deref(),
            Some("hé|h")
        );
    }
}
