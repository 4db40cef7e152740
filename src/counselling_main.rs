fn main() {
    anxin::mount_counselling();
}
