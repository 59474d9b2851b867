//! `lab-server`: the scenario lab's multipurpose server (DNS, HTTP/TLS, CDN-like gateway, vantage
//! service stand-ins), started by the lab inside network namespaces. See `site_doctor_tests::lab::server`.

fn main() {
    std::process::exit(site_doctor_tests::lab::server::main());
}
