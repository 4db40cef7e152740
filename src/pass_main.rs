fn main() {
    anxin::mount_pass();
}
