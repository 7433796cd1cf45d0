//! Comparing and searching strings as CFString does, unit by UTF-16 unit: `CFStringCompare`,
//! `…CompareWithOptions`, `…Find`, `…FindWithOptions`, `…HasPrefix`, `…HasSuffix`.
//!
//! Of the `kCFCompare…` options, case-insensitivity (simple case folding, one unit for one),
//! backwards and anchored searches, numeric comparison of digit runs and forced ordering
//! take effect; the locale-dependent and Unicode-equivalence ones (non-literal, localized,
//! diacritic- and width-insensitive) are accepted and compare literally.

use std::cmp::Ordering;

use crate::cf::runtime;
use crate::cf::string::{in_range, CfString};
use crate::cf::types::{
    kCFNotFound, Boolean, CFComparisonResult, CFIndex, CFOptionFlags, CFRange, CFTypeRef,
};
use crate::{c_args, guard};

/// Case-insensitive.
pub const kCFCompareCaseInsensitive: CFOptionFlags = 1;
/// Search from the end.
pub const kCFCompareBackwards: CFOptionFlags = 4;
/// Match only at the start (or, backwards, the end) of the range.
pub const kCFCompareAnchored: CFOptionFlags = 8;
/// Runs of digits compare by value (`file9` before `file10`).
pub const kCFCompareNumerically: CFOptionFlags = 64;
/// Strings equal under the other options still get an order (the literal one).
pub const kCFCompareForcedOrdering: CFOptionFlags = 512;

/// `kCFCompareLessThan`, `…EqualTo`, `…GreaterThan`.
fn result(ordering: Ordering) -> CFComparisonResult {
    match ordering {
        Ordering::Less => -1,
        Ordering::Equal => 0,
        Ordering::Greater => 1,
    }
}

/// A unit's simple case fold: lower case when that is one unit too, else the unit.
fn fold(unit: u16) -> u16 {
    let Some(c) = char::from_u32(unit.into()) else {
        return unit;
    };
    let mut lower = c.to_lowercase();
    match (lower.next(), lower.next()) {
        (Some(l), None) if l.len_utf16() == 1 => l as u16,
        _ => unit,
    }
}

fn units_with(units: &[u16], options: CFOptionFlags) -> Vec<u16> {
    if options & kCFCompareCaseInsensitive != 0 {
        units.iter().copied().map(fold).collect()
    } else {
        units.to_vec()
    }
}

fn is_digit(unit: u16) -> bool {
    (u16::from(b'0')..=u16::from(b'9')).contains(&unit)
}

/// Orders `a` before, with or after `b` under `options`.
pub fn compare(a: &[u16], b: &[u16], options: CFOptionFlags) -> Ordering {
    let (x, y) = (units_with(a, options), units_with(b, options));
    let numerically = options & kCFCompareNumerically != 0;
    let (mut i, mut j) = (0, 0);
    while i < x.len() && j < y.len() {
        if numerically && is_digit(x[i]) && is_digit(y[j]) {
            let run = |s: &[u16], from: usize| {
                let end = s[from..]
                    .iter()
                    .position(|&u| !is_digit(u))
                    .map_or(s.len(), |n| from + n);
                let digits = &s[from..end];
                let first = digits
                    .iter()
                    .position(|&u| u != u16::from(b'0'))
                    .unwrap_or(digits.len());
                (end, digits[first..].to_vec())
            };
            let ((end_x, nx), (end_y, ny)) = (run(&x, i), run(&y, j));
            let by_value = nx.len().cmp(&ny.len()).then_with(|| nx.cmp(&ny));
            if by_value != Ordering::Equal {
                return by_value;
            }
            (i, j) = (end_x, end_y);
            continue;
        }
        match x[i].cmp(&y[j]) {
            Ordering::Equal => (i, j) = (i + 1, j + 1),
            unequal => return unequal,
        }
    }
    let ordering = (x.len() - i).cmp(&(y.len() - j));
    if ordering == Ordering::Equal && options & kCFCompareForcedOrdering != 0 {
        return a.cmp(b);
    }
    ordering
}

/// Where `pattern` occurs in `within` under `options` (an offset into `within`); never for
/// an empty pattern, as CF.
pub fn find(within: &[u16], pattern: &[u16], options: CFOptionFlags) -> Option<usize> {
    if pattern.is_empty() || pattern.len() > within.len() {
        return None;
    }
    let (haystack, needle) = (units_with(within, options), units_with(pattern, options));
    let last = haystack.len() - needle.len();
    let matches = |at: usize| haystack[at..at + needle.len()] == needle[..];
    let backwards = options & kCFCompareBackwards != 0;
    if options & kCFCompareAnchored != 0 {
        let at = if backwards { last } else { 0 };
        return matches(at).then_some(at);
    }
    if backwards {
        (0..=last).rev().find(|&at| matches(at))
    } else {
        (0..=last).find(|&at| matches(at))
    }
}

/// The UTF-16 units of two strings, if both are strings.
fn both(a: CFTypeRef, b: CFTypeRef) -> Option<(Vec<u16>, Vec<u16>)> {
    let a = runtime::hold::<CfString>(a)?.utf16();
    let b = runtime::hold::<CfString>(b)?.utf16();
    Some((a, b))
}

/// `CFStringCompare`. Something that is no string orders before everything (a Mac halts):
/// never "equal", which callers test for.
#[no_mangle]
pub extern "C" fn CFStringCompare(
    string1: CFTypeRef,
    string2: CFTypeRef,
    options: CFOptionFlags,
) -> CFComparisonResult {
    guard::value(-1, || match both(string1, string2) {
        Some((a, b)) => result(compare(&a, &b, options)),
        None => {
            log::warn!("CFStringCompare: not two strings");
            -1
        }
    })
}

/// `CFStringCompareWithOptions`: the units of `range` in `string1` against all of `string2`.
#[no_mangle]
pub extern "C" fn CFStringCompareWithOptions(
    string1: CFTypeRef,
    string2: CFTypeRef,
    range: CFRange,
    options: CFOptionFlags,
) -> CFComparisonResult {
    guard::value(-1, || {
        let Some((a, b)) = both(string1, string2) else {
            log::warn!("CFStringCompareWithOptions: not two strings");
            return -1;
        };
        match in_range(&a, range, "CFStringCompareWithOptions") {
            Some(span) => result(compare(&a[span], &b, options)),
            None => -1,
        }
    })
}

/// Finds `pattern` in the units of `range`; the range it occupies in the whole string.
fn find_in(
    string: CFTypeRef,
    pattern: CFTypeRef,
    range: Option<CFRange>,
    options: CFOptionFlags,
    caller: &str,
) -> Option<CFRange> {
    let (units, pattern) = both(string, pattern)?;
    let whole = CFRange {
        location: 0,
        length: units.len() as CFIndex,
    };
    let span = in_range(&units, range.unwrap_or(whole), caller)?;
    let at = find(&units[span.clone()], &pattern, options)?;
    Some(CFRange {
        location: (span.start + at) as CFIndex,
        length: pattern.len() as CFIndex,
    })
}

/// `CFStringFind`: `{kCFNotFound, 0}` when absent.
#[no_mangle]
pub extern "C" fn CFStringFind(
    string: CFTypeRef,
    string_to_find: CFTypeRef,
    options: CFOptionFlags,
) -> CFRange {
    let not_found = CFRange {
        location: kCFNotFound,
        length: 0,
    };
    guard::value(not_found, || {
        find_in(string, string_to_find, None, options, "CFStringFind").unwrap_or(not_found)
    })
}

/// `CFStringFindWithOptions`: whether `string_to_find` is in the units of `range`; where, in
/// `result` (which may be NULL).
#[no_mangle]
pub unsafe extern "C" fn CFStringFindWithOptions(
    string: CFTypeRef,
    string_to_find: CFTypeRef,
    range: CFRange,
    options: CFOptionFlags,
    result: *mut CFRange,
) -> Boolean {
    guard::value(0, || {
        match find_in(
            string,
            string_to_find,
            Some(range),
            options,
            "CFStringFindWithOptions",
        ) {
            Some(found) => {
                // SAFETY: the C API's contract: NULL or a CFRange to write.
                unsafe { c_args::put(result, found) };
                1
            }
            None => 0,
        }
    })
}

/// `CFStringHasPrefix`: false for an empty prefix, as CF.
#[no_mangle]
pub extern "C" fn CFStringHasPrefix(string: CFTypeRef, prefix: CFTypeRef) -> Boolean {
    guard::value(0, || {
        Boolean::from(
            find_in(
                string,
                prefix,
                None,
                kCFCompareAnchored,
                "CFStringHasPrefix",
            )
            .is_some(),
        )
    })
}

/// `CFStringHasSuffix`: false for an empty suffix, as CF.
#[no_mangle]
pub extern "C" fn CFStringHasSuffix(string: CFTypeRef, suffix: CFTypeRef) -> Boolean {
    guard::value(0, || {
        let options = kCFCompareAnchored | kCFCompareBackwards;
        Boolean::from(find_in(string, suffix, None, options, "CFStringHasSuffix").is_some())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn u(text: &str) -> Vec<u16> {
        text.encode_utf16().collect()
    }

    #[test]
    fn comparison_is_by_unit_with_the_options_cf_documents() {
        assert_eq!(compare(&u("h2"), &u("h2"), 0), Ordering::Equal);
        assert_eq!(compare(&u("http/1.1"), &u("h2"), 0), Ordering::Greater);
        assert_eq!(compare(&u("H2"), &u("h2"), 0), Ordering::Less);
        assert_eq!(
            compare(&u("H2"), &u("h2"), kCFCompareCaseInsensitive),
            Ordering::Equal
        );
        assert_eq!(
            compare(&u("ÉTÉ"), &u("été"), kCFCompareCaseInsensitive),
            Ordering::Equal
        );
        assert_eq!(compare(&u("h"), &u("h2"), 0), Ordering::Less);
        // Numerically: Foo2.txt < Foo7.txt < Foo25.txt (CFString.h's example).
        assert_eq!(
            compare(&u("Foo7.txt"), &u("Foo25.txt"), 0),
            Ordering::Greater
        );
        assert_eq!(
            compare(&u("Foo7.txt"), &u("Foo25.txt"), kCFCompareNumerically),
            Ordering::Less
        );
        assert_eq!(
            compare(&u("Foo2.txt"), &u("Foo7.txt"), kCFCompareNumerically),
            Ordering::Less
        );
        assert_eq!(
            compare(&u("v010"), &u("v10"), kCFCompareNumerically),
            Ordering::Equal
        );
        let forced = kCFCompareCaseInsensitive | kCFCompareForcedOrdering;
        assert_eq!(compare(&u("A"), &u("a"), forced), Ordering::Less);
    }

    #[test]
    fn searches_go_forwards_backwards_and_anchored() {
        let text = u("abcabc");
        assert_eq!(find(&text, &u("bc"), 0), Some(1));
        assert_eq!(find(&text, &u("bc"), kCFCompareBackwards), Some(4));
        assert_eq!(find(&text, &u("bc"), kCFCompareAnchored), None);
        assert_eq!(find(&text, &u("ab"), kCFCompareAnchored), Some(0));
        assert_eq!(
            find(&text, &u("bc"), kCFCompareAnchored | kCFCompareBackwards),
            Some(4)
        );
        assert_eq!(
            find(
                &text,
                &u("ABC"),
                kCFCompareCaseInsensitive | kCFCompareBackwards
            ),
            Some(3)
        );
        assert_eq!(find(&text, &u(""), 0), None);
        assert_eq!(find(&text, &u("abcabcabc"), 0), None);
    }
}
