//! The reference to an object of the slab: a number that says which slot holds the object
//! and which of the slot's successive objects it is (the slot's generation then), in bits
//! no pointer can have. Telling whether a reference is live is then a look at the slot, never
//! a read of the memory the reference would point at, and a reference to a released object
//! stays refused after its slot holds another one.
//!
//! The 64 bits: `0xCF` in the top byte (a user-space address on 64-bit Linux is below 2^56,
//! a kernel one has the top byte all ones), the generation (32 bits), the slot (21 bits),
//! and three zero bits, as a pointer to an aligned object has: a reference plus a few bytes
//! is no reference. A stale reference could name a live object again only once its slot has
//! held 2^32 objects since.

use std::ptr;

use crate::cf::types::CFTypeRef;

#[cfg(not(target_pointer_width = "64"))]
compile_error!(
    "a CF reference encodes its slot and generation in address bits only 64-bit targets leave \
     unused; a 32-bit target has none to spare"
);

const TAG: usize = 0xCF << 56;
const TAG_MASK: usize = 0xFF << 56;
const ALIGNMENT_BITS: u32 = 3;
const ALIGNMENT_MASK: usize = (1 << ALIGNMENT_BITS) - 1;
const SLOT_BITS: u32 = 21;
const SLOT_MASK: usize = (1 << SLOT_BITS) - 1;
const GENERATION_SHIFT: u32 = ALIGNMENT_BITS + SLOT_BITS;

/// How many slots references can name: the most objects alive at once.
pub const SLOTS: usize = 1 << SLOT_BITS;

/// A slot and the generation of the object a reference was made for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Handle {
    /// The slot's index, below [`SLOTS`].
    pub slot: usize,
    /// The slot's generation when the object was made.
    pub generation: u32,
}

impl Handle {
    /// The reference C holds.
    pub fn to_ref(self) -> CFTypeRef {
        debug_assert!(self.slot < SLOTS);
        let bits =
            TAG | (self.generation as usize) << GENERATION_SHIFT | self.slot << ALIGNMENT_BITS;
        ptr::without_provenance(bits)
    }

    /// The handle a reference encodes, if it encodes one (it may still be stale).
    #[inline]
    pub fn from_ref(reference: CFTypeRef) -> Option<Handle> {
        let bits = reference.addr();
        if bits & (TAG_MASK | ALIGNMENT_MASK) != TAG {
            return None;
        }
        Some(Handle {
            slot: (bits >> ALIGNMENT_BITS) & SLOT_MASK,
            // The tag above the generation falls off.
            generation: (bits >> GENERATION_SHIFT) as u32,
        })
    }
}

#[cfg(test)]
mod tests {
    use std::ptr;

    use crate::cf::runtime::handle::{Handle, SLOTS};

    #[test]
    fn a_handle_survives_its_reference() {
        for handle in [
            Handle {
                slot: 0,
                generation: 0,
            },
            Handle {
                slot: SLOTS - 1,
                generation: u32::MAX,
            },
            Handle {
                slot: 12345,
                generation: 0xDEAD_BEEF,
            },
        ] {
            assert_eq!(Handle::from_ref(handle.to_ref()), Some(handle));
        }
    }

    #[test]
    fn pointers_and_near_misses_are_no_handles() {
        let local = 0u64;
        let reference = Handle {
            slot: 7,
            generation: 1,
        }
        .to_ref();
        for foreign in [
            ptr::null(),
            (&raw const local).cast(),
            reference.wrapping_byte_add(1),
            reference.wrapping_byte_add(4),
            ptr::without_provenance(usize::MAX),
            ptr::without_provenance(0x7FFF_FFFF_F000),
        ] {
            assert_eq!(Handle::from_ref(foreign), None, "{foreign:?}");
        }
    }
}
