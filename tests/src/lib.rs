//! The test harness: fake servers the tests start on `127.0.0.1:0`, a config that points every
//! endpoint of the app at them, and a way to run the real `site-doctor` binary.

pub mod app;
pub mod bench;
#[cfg(target_os = "linux")]
pub mod desktop;
pub mod dns;
pub mod e2e;
pub mod http;
pub mod lab;
pub mod measure;
#[cfg(target_os = "linux")]
pub mod resolve1;
pub mod soak;
pub mod tls;
pub mod vantage;
pub mod webdriver;

/// A shared multi-thread runtime for fakes used from synchronous tests.
pub fn runtime() -> &'static tokio::runtime::Runtime {
    static RT: std::sync::OnceLock<tokio::runtime::Runtime> = std::sync::OnceLock::new();
    RT.get_or_init(|| {
        tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .unwrap_or_else(|e| panic!("test runtime: {e}"))
    })
}
