//! Builds C (and C++) programs against sys/include and libsecuretransport exactly as a porter
//! would — only `-I` and `-l` flags — and runs them, under valgrind when it is installed.

// Each test crate uses a different part of this module.
#![allow(dead_code)]

use std::ffi::OsStr;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{self, Receiver};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

pub fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("repo root")
        .to_path_buf()
}

/// Where `cargo test` put this build's libsecuretransport.so: the deps directory beside the
/// test executable (it is not copied up to target/debug, where an older one may lie).
pub fn library_dir() -> PathBuf {
    let exe = std::env::current_exe().expect("test executable");
    exe.parent().expect("deps dir").to_path_buf()
}

/// A scratch directory for generated sources and executables.
pub fn out_dir() -> PathBuf {
    let dir = library_dir().join("c-tests");
    std::fs::create_dir_all(&dir).expect("c-tests dir");
    dir
}

/// The compilers a porter may use; each with every warning an error.
#[derive(Clone, Copy, Debug)]
pub enum Compiler {
    /// `cc -std=c99` (gcc on Debian), the default.
    C99,
    /// `clang -std=c11`, which also checks the nullability annotations.
    Clang,
    /// `c++ -std=c++11`: the headers work from C++ too.
    Cxx,
}

impl Compiler {
    fn command(self) -> Command {
        let (program, flags): (String, &[&str]) = match self {
            Compiler::C99 => (
                std::env::var("CC").unwrap_or_else(|_| "cc".into()),
                &["-std=c99", "-D_DEFAULT_SOURCE"],
            ),
            Compiler::Clang => ("clang".into(), &["-std=c11", "-D_DEFAULT_SOURCE"]),
            Compiler::Cxx => ("c++".into(), &["-std=c++11", "-x", "c++"]),
        };
        let mut command = Command::new(program);
        command
            .args(flags)
            .args(["-Wall", "-Wextra", "-Werror", "-g"]);
        command
    }

    /// Whether the compiler is installed (clang is optional).
    pub fn available(self) -> bool {
        let mut command = self.command();
        command
            .arg("--version")
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        command.status().is_ok_and(|s| s.success())
    }
}

/// Compiles `source` into `name` with warnings as errors and links it against our library;
/// panics with the compiler's messages if that fails.
pub fn build_with(compiler: Compiler, source: &Path, name: &str) -> PathBuf {
    // Tests build in parallel, some the same program: each build gets its own file.
    static BUILDS: AtomicUsize = AtomicUsize::new(0);
    let build = BUILDS.fetch_add(1, Ordering::Relaxed);
    let exe = out_dir().join(format!("{name}-{}-{build}", std::process::id()));
    let lib = library_dir();
    let output = compiler
        .command()
        .arg("-I")
        .arg(repo().join("sys/include"))
        .arg(source)
        .arg("-o")
        .arg(&exe)
        .arg(format!("-L{}", lib.display()))
        .arg(format!("-Wl,-rpath,{}", lib.display()))
        // DT_RPATH, not RUNPATH: cargo test's LD_LIBRARY_PATH lists target/debug, where an
        // older copy of the library may lie, and RUNPATH would yield to it.
        .arg("-Wl,--disable-new-dtags")
        .arg("-lsecuretransport")
        .output()
        .expect("run the compiler");
    assert!(
        output.status.success(),
        "{compiler:?} compiling {}:\n{}",
        source.display(),
        String::from_utf8_lossy(&output.stderr)
    );
    exe
}

/// Builds tests/c/<name>.c with the default compiler.
pub fn build(name: &str) -> PathBuf {
    let source = repo().join("tests/c").join(format!("{name}.c"));
    build_with(Compiler::C99, &source, name)
}

/// Whether runs go through valgrind: when it is installed, unless SECURE_TRANSPORT_VALGRIND=0.
pub fn valgrind() -> bool {
    std::env::var("SECURE_TRANSPORT_VALGRIND").map_or(true, |v| v != "0")
        && Command::new("valgrind")
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success())
}

/// What a finished program reported.
pub struct Outcome {
    pub success: bool,
    pub stdout: String,
    pub stderr: String,
}

/// A started program whose stdout is read line by line as it comes. Dropping it kills it.
pub struct Running {
    child: Child,
    name: String,
    lines: Receiver<String>,
    stderr: Option<JoinHandle<String>>,
}

/// Starts a built program; under valgrind, any invalid access or leak makes it fail.
pub fn start(exe: &Path, args: &[&str]) -> Running {
    start_with_env(exe, args, &[])
}

/// [`start`], with these environment variables set for the program.
pub fn start_with_env(exe: &Path, args: &[&str], env: &[(&str, &OsStr)]) -> Running {
    let mut command = if valgrind() {
        let mut c = Command::new("valgrind");
        c.args([
            "-q",
            "--error-exitcode=97",
            "--leak-check=full",
            "--errors-for-leak-kinds=definite,indirect",
            "--show-leak-kinds=definite,indirect",
        ])
        .arg(exe);
        c
    } else {
        Command::new(exe)
    };
    let mut child = command
        .args(args)
        .envs(env.iter().copied())
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start the program");
    let (sender, lines) = mpsc::channel();
    let stdout = BufReader::new(child.stdout.take().expect("stdout"));
    std::thread::spawn(move || {
        for line in stdout.lines().map_while(Result::ok) {
            if sender.send(line).is_err() {
                break;
            }
        }
    });
    let mut stderr = child.stderr.take().expect("stderr");
    let stderr = std::thread::spawn(move || {
        let mut text = String::new();
        let _ = stderr.read_to_string(&mut text);
        text
    });
    Running {
        child,
        name: exe.display().to_string(),
        lines,
        stderr: Some(stderr),
    }
}

impl Running {
    /// The next line of stdout, waiting at most `timeout`; `None` if the program ended first.
    pub fn next_line(&self, timeout: Duration) -> Option<String> {
        self.lines.recv_timeout(timeout).ok()
    }

    /// Waits for the exit, bounded by `timeout` (then kills and panics); returns the rest of
    /// stdout and all of stderr.
    pub fn finish(mut self, timeout: Duration) -> Outcome {
        let deadline = Instant::now() + timeout;
        let status = loop {
            if let Some(status) = self.child.try_wait().expect("wait") {
                break status;
            }
            if Instant::now() > deadline {
                self.child.kill().ok();
                self.child.wait().ok();
                let stderr = self.stderr_text();
                panic!("{} timed out:\n{stderr}", self.name);
            }
            std::thread::sleep(Duration::from_millis(20));
        };
        let stderr = self.stderr_text();
        let stdout = self.lines.iter().map(|l| l + "\n").collect();
        Outcome {
            success: status.success(),
            stdout,
            stderr,
        }
    }

    fn stderr_text(&mut self) -> String {
        self.stderr
            .take()
            .and_then(|reader| reader.join().ok())
            .unwrap_or_default()
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Runs a built program to its end, bounded by `timeout`.
pub fn run(exe: &Path, args: &[&str], timeout: Duration) -> Outcome {
    start(exe, args).finish(timeout)
}

/// The environment of a program that uses keychains: its keychain directory (and so its
/// default keychain) in `dir`, never the user's.
pub fn keychain_env(dir: &Path) -> [(&'static str, &OsStr); 2] {
    [
        ("XDG_DATA_HOME", dir.as_os_str()),
        ("SECURE_TRANSPORT_KEYCHAIN", OsStr::new("")),
    ]
}
