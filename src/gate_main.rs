fn main() {
    anxin::mount_gate();
}
