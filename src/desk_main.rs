fn main() {
    anxin::mount_desk();
}
