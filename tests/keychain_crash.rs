//! A keychain loses nothing when its writers die: processes adding items in a loop are
//! killed with SIGKILL at random moments while another process adds items beside them. The
//! file then opens with its password and holds every item any of them was told was added,
//! and the next change removes what a killed one left behind.
//!
//! This file is its own test harness: run with `--writer <keychain> <label prefix> <count>`,
//! it is one of the writer processes.

use std::fs;
use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::mpsc::{channel, Receiver};
use std::thread::sleep;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use openssl::pkey::PKey;
use secure_transport::keychain::{ItemClass, ItemSearchOptions, ItemValue, Limit, SecKeychain};
use secure_transport_test_kit::pki::{KeyKind, Pki};
use secure_transport_test_kit::rng::Rng;

const WRITER: &str = "--writer";
const PASSWORD: &[u8] = b"crash test";
/// Writers killed, at most.
const ROUNDS: usize = 30;
/// Items the writer that is left alone adds.
const STEADY_ITEMS: usize = 150;
/// The test stops killing after this long; a writer that adds nothing for this long fails
/// it, and so does one still running three times as long after the start.
const DEADLINE: Duration = Duration::from_secs(20);

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if let [_, flag, file, prefix, count] = &args[..] {
        if flag == WRITER {
            add_items(Path::new(file), prefix, count.parse().expect("a count"));
            return;
        }
    }
    killed_writers_lose_nothing();
    println!("test killed_writers_lose_nothing ... ok");
}

/// A writer process: adds `count` keys labelled `<prefix> <n>`, printing each label once its
/// addition has returned.
fn add_items(file: &Path, prefix: &str, count: usize) {
    let keychain = SecKeychain::open(file).expect("open");
    keychain.unlock_bytes(Some(PASSWORD)).expect("unlock");
    let mut out = std::io::stdout().lock();
    for n in 0..count {
        let label = format!("{prefix} {n}");
        let key = PKey::generate_ed25519().expect("a key");
        keychain
            .add(&ItemValue::Key(key), Some(&label))
            .expect("add");
        writeln!(out, "{label}")
            .and_then(|()| out.flush())
            .expect("stdout");
    }
}

/// A writer process, and a thread passing on the labels it prints, whole lines only: the
/// additions it saw return.
struct Writer {
    child: Child,
    labels: Receiver<String>,
    reader: JoinHandle<()>,
}

impl Writer {
    fn start(file: &Path, prefix: &str, count: usize) -> Writer {
        let mut child = Command::new(std::env::current_exe().expect("this test's executable"))
            .args([WRITER, file.to_str().expect("UTF-8 path"), prefix])
            .arg(count.to_string())
            .stdout(Stdio::piped())
            .spawn()
            .expect("start a writer");
        let mut out = BufReader::new(child.stdout.take().expect("piped"));
        let (send, labels) = channel();
        let reader = std::thread::spawn(move || {
            let mut line = String::new();
            while matches!(out.read_line(&mut line), Ok(n) if n > 0) {
                // A line cut short by the kill was not acknowledged.
                if let Some(label) = line.strip_suffix('\n') {
                    let _ = send.send(label.to_owned());
                }
                line.clear();
            }
        });
        Writer {
            child,
            labels,
            reader,
        }
    }

    /// Waits for the writer's first acknowledged addition: it is in its loop.
    fn first_label(&self) -> String {
        self.labels
            .recv_timeout(DEADLINE)
            .expect("a writer added nothing")
    }

    /// Its exit status and the labels it printed (the whole ones), once it has exited or was
    /// killed; waits until `deadline`, then kills it and fails.
    fn finish(mut self, deadline: Instant) -> (ExitStatus, Vec<String>) {
        let status = loop {
            if let Some(status) = self.child.try_wait().expect("a writer's status") {
                break status;
            }
            if Instant::now() > deadline {
                let _ = self.child.kill();
                panic!("a writer did not finish in time");
            }
            sleep(Duration::from_millis(10));
        };
        self.reader.join().expect("the reader thread");
        (status, self.labels.try_iter().collect())
    }
}

/// The keychain directory's files other than the keychain: the killed writers' temporary files.
fn leftovers(directory: &Path) -> usize {
    fs::read_dir(directory)
        .expect("the keychain directory")
        .filter(|e| {
            e.as_ref()
                .map_or(true, |e| e.file_name() != "crash.keychain")
        })
        .count()
}

fn killed_writers_lose_nothing() {
    let pki = Pki::new(KeyKind::EcdsaP256);
    let directory = pki.dir().join("keychains");
    let file = directory.join("crash.keychain");
    let keychain = SecKeychain::create(&file, PASSWORD).expect("create");
    let start = Instant::now();
    let steady = Writer::start(&file, "steady", STEADY_ITEMS);
    let mut rng = Rng::new(15);
    let mut told = Vec::new();
    let mut rounds = 0;
    let mut interrupted = 0;
    while rounds < ROUNDS && start.elapsed() < DEADLINE {
        let mut killed = Writer::start(&file, &format!("killed {rounds}"), 10_000);
        told.push(killed.first_label());
        sleep(Duration::from_millis(rng.below(40) as u64));
        killed.child.kill().expect("SIGKILL");
        told.extend(killed.finish(start + 3 * DEADLINE).1);
        // Evidence that kills land mid-write (the next change removes what they leave).
        interrupted += usize::from(leftovers(&directory) > 0);
        rounds += 1;
    }
    let (status, steady_told) = steady.finish(start + 3 * DEADLINE);
    assert!(status.success(), "the steady writer failed");
    assert_eq!(steady_told.len(), STEADY_ITEMS);
    told.extend(steady_told);

    let mut search = ItemSearchOptions::new(ItemClass::Key);
    search
        .keychains(std::slice::from_ref(&keychain))
        .limit(Limit::All);
    let found: Vec<String> = search
        .search()
        .expect("the keychain opens")
        .iter()
        .map(|item| item.label().to_owned())
        .collect();
    let lost: Vec<&String> = told.iter().filter(|label| !found.contains(label)).collect();
    assert!(lost.is_empty(), "lost {} items: {lost:?}", lost.len());

    // What a writer killed between creating its temporary file and renaming it leaves:
    // passed over, then removed by the next change.
    let torn = fs::read(&file).expect("the keychain");
    let temporary = directory.join(".crash.keychain.4194304-7.tmp");
    fs::write(&temporary, &torn[..torn.len() / 2]).expect("a torn temporary file");
    let key = PKey::generate_ed25519().expect("a key");
    keychain
        .add(&ItemValue::Key(key), Some("last"))
        .expect("add");
    assert_eq!(leftovers(&directory), 0, "temporary files stay");
    assert_eq!(
        search.search().expect("the keychain opens").len(),
        found.len() + 1
    );
    println!(
        "{rounds} writers killed in {:?}, {interrupted} seen to leave a temporary file; {} \
         items added, {} of them acknowledged",
        start.elapsed(),
        found.len(),
        told.len()
    );
}
