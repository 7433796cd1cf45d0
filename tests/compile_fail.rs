//! What must not compile. The safe facade lends its stream to the session for each call and
//! never hands it elsewhere, so the compiler's own rules keep streams where they belong: a
//! session over a stream that is not `Send` stays on its thread, a session over a borrowed
//! stream cannot outlive the borrow, and a context shared between threads is only read.
//!
//! `trybuild` compiles each file of `tests/compile_fail/` and checks that rustc rejects it
//! with the error recorded in the `.stderr` file beside it (`TRYBUILD=overwrite` records
//! them again after a compiler change of wording).

#[test]
fn unsound_uses_of_the_facade_do_not_compile() {
    trybuild::TestCases::new().compile_fail("tests/compile_fail/*.rs");
}
