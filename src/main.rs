fn main() {
    let status = rancher_compose::app::run(std::env::args_os());
    std::process::exit(status.code());
}
