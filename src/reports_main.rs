fn main() {
    anxin::mount_reports();
}
