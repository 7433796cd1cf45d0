//! CFDate: a point in time, as an absolute time (seconds from 1 January 2001 00:00:00 GMT).

use std::time::{SystemTime, UNIX_EPOCH};

use crate::cf::runtime::{self, Class, Instance};
use crate::cf::types::{CFAllocatorRef, CFTypeID, CFTypeRef};
use crate::guard;

/// `CFTimeInterval`, `CFAbsoluteTime`: seconds.
pub type CFAbsoluteTime = f64;

/// `kCFAbsoluteTimeIntervalSince1970`: the Unix time of the reference date.
#[no_mangle]
pub static kCFAbsoluteTimeIntervalSince1970: f64 = 978_307_200.0;

/// `kCFAbsoluteTimeIntervalSince1904`: seconds from 1 January 1904 to the reference date.
#[no_mangle]
pub static kCFAbsoluteTimeIntervalSince1904: f64 = 3_061_152_000.0;

/// A CFDate's value.
#[derive(PartialEq, Debug)]
pub struct CfDate(CFAbsoluteTime);

static CLASS: Class = Class::with_equal_values::<CfDate>("CFDate");

impl Instance for CfDate {
    fn class() -> &'static Class {
        &CLASS
    }
}

/// The absolute time of a point in time.
pub fn absolute_time(time: SystemTime) -> CFAbsoluteTime {
    let unix = match time.duration_since(UNIX_EPOCH) {
        Ok(after) => after.as_secs_f64(),
        Err(before) => -before.duration().as_secs_f64(),
    };
    unix - kCFAbsoluteTimeIntervalSince1970
}

/// A new CFDate of `time`, owned by the caller.
pub fn create(time: SystemTime) -> CFTypeRef {
    runtime::create(CfDate(absolute_time(time)))
}

/// `CFAbsoluteTimeGetCurrent`.
#[no_mangle]
pub extern "C" fn CFAbsoluteTimeGetCurrent() -> CFAbsoluteTime {
    guard::value(0.0, || absolute_time(SystemTime::now()))
}

/// `CFDateGetTypeID`.
#[no_mangle]
pub extern "C" fn CFDateGetTypeID() -> CFTypeID {
    CLASS.id()
}

/// `CFDateCreate`.
#[no_mangle]
pub extern "C" fn CFDateCreate(_allocator: CFAllocatorRef, at: CFAbsoluteTime) -> CFTypeRef {
    guard::value(std::ptr::null(), || runtime::create(CfDate(at)))
}

/// `CFDateGetAbsoluteTime`: 0 for no CFDate.
#[no_mangle]
pub extern "C" fn CFDateGetAbsoluteTime(date: CFTypeRef) -> CFAbsoluteTime {
    guard::value(0.0, || runtime::hold::<CfDate>(date).map_or(0.0, |d| d.0))
}

#[cfg(test)]
mod tests {
    use std::time::{Duration, UNIX_EPOCH};

    use crate::cf::date::*;

    #[test]
    fn absolute_times_count_from_2001() {
        // 2001-01-01T00:00:00Z is Unix time 978307200 (`date -u -d 2001-01-01 +%s`).
        assert_eq!(
            absolute_time(UNIX_EPOCH + Duration::from_secs(978_307_200)),
            0.0
        );
        assert_eq!(absolute_time(UNIX_EPOCH), -978_307_200.0);
        let now = CFAbsoluteTimeGetCurrent();
        assert!(now > 7.0e8 && now < 3.0e9, "{now}");
    }
}
