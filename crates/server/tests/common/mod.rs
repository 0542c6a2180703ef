//! A real server for the tests: started on a thread of its own, on the loopback port the
//! configuration names (`127.0.0.1:0`: a free one), and stopped gracefully when dropped.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::mpsc;

use bayegan_server::{serve, ServerConfig};

/// A server started by [`RunningServer::start`].
pub struct RunningServer {
    addr: SocketAddr,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl RunningServer {
    /// Starts `serve` and returns once it listens.
    pub fn start(config: ServerConfig) -> RunningServer {
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let (ready_tx, ready_rx) = mpsc::channel();
        let thread = std::thread::spawn(move || {
            let runtime = tokio::runtime::Runtime::new().unwrap();
            runtime
                .block_on(serve(config, move |addr| ready_tx.send(addr).unwrap(), async {
                    let _ = stopped.await;
                }))
                .unwrap();
        });
        let addr = ready_rx.recv().expect("the server starts");
        RunningServer { addr, stop: Some(stop), thread: Some(thread) }
    }

    /// The address of `path` on this server.
    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }
}

impl Drop for RunningServer {
    fn drop(&mut self) {
        let _ = self.stop.take().unwrap().send(());
        let joined = self.thread.take().unwrap().join();
        if !std::thread::panicking() {
            joined.expect("the server stops cleanly");
        }
    }
}

/// A folder removed when dropped (declare it after whatever uses it, so it goes last).
pub struct TempDir(pub PathBuf);

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}
